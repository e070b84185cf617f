"""Shared fixtures. Tests never need the network: they build small fixtures in a temp folder,
or use the installed sample gallery when present and skip with a reason when not."""
from __future__ import annotations

from pathlib import Path

import pytest

from tools.config import Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLE_GALLERY = REPO / "data" / "gallery"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings isolated from the developer's environment and `.env`, writing under tmp_path."""
    return Settings(_env_file=None, data_dir=tmp_path / "data", output_dir=tmp_path / "out")


@pytest.fixture(scope="session")
def sample_gallery() -> Path:
    """The real sample gallery (installed by `make gallery`); skipped when it is not there."""
    if not (SAMPLE_GALLERY / "metadata.jsonl").is_file():
        pytest.skip("sample gallery not installed (run `make gallery`)")
    return SAMPLE_GALLERY
