"""Shared fixtures. Tests never need the network: they build small fixtures in a temp folder,
or use the installed sample gallery when present and skip with a reason when not."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent.brief import BriefLexicon
from tools.config import Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLE_GALLERY = REPO / "data" / "gallery"


# Modules that each start a local Ray instance: never two at once on one machine.
RAY_MODULES = {"tests/test_ray_batch.py", "tests/test_ray_ingest.py"}


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: absent when xdist is not installed
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`make test` runs the suite on pytest-xdist workers with `--dist loadscope`: a whole module
    goes to one worker, so its module-scoped fixtures (a server, an index, a browser) are built
    once. Here the two Ray modules are one unit as well, so their Ray instances never overlap."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class RayModulesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "ray" if nodeid.split("::")[0] in RAY_MODULES else super()._split_scope(nodeid)

    return RayModulesTogether(config, log)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings isolated from the developer's environment and `.env`, writing under tmp_path."""
    return Settings(_env_file=None, data_dir=tmp_path / "data", output_dir=tmp_path / "out")


@pytest.fixture
def photo_cutter(settings):
    """A cutter with the real u2netp (MIT) that `make gallery` puts in data/, linked into the
    test's own data folder; skipped when it is not installed."""
    from tools.cutout import Cutter
    from tools.cutout.models import model_path

    installed = model_path(REPO / "data", "u2netp")
    if not installed.is_file():
        pytest.skip("u2netp not installed (run `make gallery`)")
    target = model_path(settings.data_dir, "u2netp")
    target.parent.mkdir(parents=True)
    target.symlink_to(installed)
    return Cutter(settings.model_copy(update={"cutout_photo_model": "u2netp"}))


@pytest.fixture(scope="session")
def lexicon() -> BriefLexicon:
    """The brief lexicon the rules read (prompts/lexicon/brief.yaml), loaded once for the brief tests."""
    return BriefLexicon()


@pytest.fixture(scope="session")
def sample_gallery() -> Path:
    """The real sample gallery (installed by `make gallery`); skipped when it is not there."""
    if not (SAMPLE_GALLERY / "metadata.jsonl").is_file():
        pytest.skip("sample gallery not installed (run `make gallery`)")
    return SAMPLE_GALLERY


# Icons the agent tests draw on: subjects, decorations, theme symbols.
MINI_GALLERY = ["1f381", "1f9e7", "1fa99", "2b50", "2728", "1f6e1-fe0f", "1f4f7", "1f4c1", "1f3a7", "1f30d",
                "2601-fe0f", "1f340", "1f392", "270f-fe0f", "26a1", "23f1-fe0f", "2615", "1f96e", "1f6d2", "1f680"]


@pytest.fixture(scope="session")
def mini_gallery(tmp_path_factory: pytest.TempPathFactory, sample_gallery: Path) -> Settings:
    """Settings whose data dir holds a 20-icon slice of the sample gallery, indexed for real."""
    import json
    import shutil

    from tools.retrieval import index_folder

    root = tmp_path_factory.mktemp("mini")
    data = root / "data"
    gallery = data / "gallery"
    (gallery / "images").mkdir(parents=True)
    wanted = set(MINI_GALLERY)
    with (sample_gallery / "metadata.jsonl").open(encoding="utf-8") as source, \
            (gallery / "metadata.jsonl").open("w", encoding="utf-8") as target:
        for line in source:
            record = json.loads(line)
            if record["hexcode"] in wanted:
                shutil.copy(sample_gallery / record["path"], gallery / record["path"])
                target.write(line)
    settings = Settings(_env_file=None, data_dir=data, output_dir=root / "out")
    index_folder(settings, gallery, metadata=gallery / "metadata.jsonl", progress=False, num_workers=0)
    return settings


@pytest.fixture(scope="module")
def rules(icons):
    """Fusion's own order over the requesting module's `icons`, without the learned re-ranker's choice of the
    first image: for tests that pin the fusion rules, which the re-ranker may overrule for the first place."""
    from support.retrieval_fixtures import fused_only

    return fused_only(icons)
