"""End to end with the real Agent on the embedded default: `huabao batch` from the command line
and `POST /v1/posters` over HTTP, on the installed sample gallery and its index (skipped when
they are not built: `make index`)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tools.config import Settings
from ui.server import create_app

from support.batch_support import ThreadServer

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
TOKEN = "e2e-token"


@pytest.fixture
def real_data(tmp_path: Path) -> Path:
    """A data dir of our own (for the job store) that sees the real gallery and index."""
    if not (DATA / "index" / "manifest.json").is_file() or not (DATA / "gallery" / "metadata.jsonl").is_file():
        pytest.skip("sample gallery index not built (run `make index`)")
    data = tmp_path / "data"
    data.mkdir()
    (data / "gallery").symlink_to(DATA / "gallery", target_is_directory=True)
    (data / "index").symlink_to(DATA / "index", target_is_directory=True)
    return data


def test_huabao_batch_turns_a_file_into_posters_and_a_report(real_data: Path, tmp_path: Path) -> None:
    briefs = (REPO / "examples" / "briefs.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    briefs.append(json.dumps({"brief": "礼物弹窗，标题：惊喜好礼，按钮：打开", "gallery_id": "images/1f381.webp"}))
    briefs.append(json.dumps({"brief": "x", "template": "no-such-template"}))
    file = tmp_path / "briefs.jsonl"
    file.write_text("\n".join(briefs) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "HUABAO_DATA_DIR": str(real_data), "HUABAO_OUTPUT_DIR": str(out)}
    run = subprocess.run([sys.executable, "-m", "ui.cli", "batch", str(file), "-o", str(out), "--workers", "1"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    statuses = [b["status"] for b in report["briefs"]]
    assert statuses == ["done", "done", "done", "failed"], report
    assert "unknown template 'no-such-template'" in report["briefs"][3]["error"]
    for brief in report["briefs"][:3]:
        assert brief["outputs"] and brief["backends"]["llm"] == "offline-planner"
        png = out / brief["outputs"][0]["png"]
        assert png.parent.parent == out and png.parent.name.startswith(f"{brief['index']:03d}-")
        with Image.open(png) as image:
            assert image.width >= 600
        assert (out / brief["outputs"][0]["spec"]).is_file()
        assert not (out / brief["outputs"][0]["psd"]).exists()  # made on demand: tests/test_batch_storage.py
    assert report["briefs"][2]["outputs"][0]["png"].startswith("003-")
    assert (out / "report.csv").read_text(encoding="utf-8-sig").count("\n") == 5


def test_the_api_makes_a_real_poster(real_data: Path, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=real_data, output_dir=tmp_path / "out", api_tokens=[TOKEN])
    with ThreadServer(create_app(settings, workers=1, surfaces=False)) as server:
        response = httpx.post(f"http://127.0.0.1:{server.port}/v1/posters",
                              json={"brief": "签到领金币弹窗，绿色和黄色，标题：每日签到，按钮：签到", "format": "square"},
                              headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["brief"]["format"] == "square" and body["backends"]["img2img"]
        png = httpx.get(f"http://127.0.0.1:{server.port}{body['outputs'][0]['png_url']}",
                        headers={"Authorization": f"Bearer {TOKEN}"})
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_a_damaged_gallery_index_answers_503_not_422(real_data: Path, tmp_path: Path) -> None:
    """The offline planner calls the tools as Python functions, so the GalleryError a damaged
    index raises keeps its type through the worker: the API says the server is at fault (503),
    not the request (422)."""
    import shutil

    index = tmp_path / "damaged-index"
    shutil.copytree(DATA / "index", index)
    for vectors in index.glob("*.text.faiss"):
        vectors.write_bytes(vectors.read_bytes()[:100])
    (real_data / "index").unlink()
    (real_data / "index").symlink_to(index, target_is_directory=True)
    settings = Settings(_env_file=None, data_dir=real_data, output_dir=tmp_path / "out", api_tokens=[TOKEN])
    with ThreadServer(create_app(settings, workers=1, surfaces=False)) as server:
        response = httpx.post(f"http://127.0.0.1:{server.port}/v1/posters",
                              json={"brief": "礼物盒海报，标题：惊喜时刻"},
                              headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
    assert response.status_code == 503, response.text
    assert "damaged" in response.json()["detail"] and "Traceback" not in response.text
