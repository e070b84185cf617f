"""Lean batch storage (issue 21, item 5): a batch keeps PNG + spec + layer sources, each source once
per batch, and makes a poster's PSD and SVG on demand (the API's asset route, results.zip,
`huabao render SPEC --psd`); `huabao batch --psd` still writes them all as it runs. Real Agent
workers on a 20-icon slice of the sample gallery, a real server on 127.0.0.1."""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from support.batch_support import ThreadServer

from agent.batch.storage import SOURCES_FOLDER
from tools.config import Settings
from tools.editable import is_current
from tools.spec import PosterSpec
from ui.server import create_app

REPO = Path(__file__).resolve().parents[1]
TOKEN, OTHER = "lean-owner-token", "lean-other-token"
OWNER, STRANGER = {"Authorization": f"Bearer {TOKEN}"}, {"Authorization": f"Bearer {OTHER}"}
# two briefs on the same gallery picture: its cut-out and decorations must be stored once
BRIEFS = [{"brief": "礼物弹窗，标题：惊喜好礼，按钮：打开", "gallery_id": "images/1f381.webp"},
          {"brief": "礼物弹窗，标题：好礼相送，按钮：领取", "gallery_id": "images/1f381.webp"},
          {"brief": "Coffee break banner, headline: Second Cup Half Price, button: Order now"}]
SVG = "{http://www.w3.org/2000/svg}"


def _own_data(root: Path, mini: Settings) -> Path:
    """A data dir of our own (its job store) that sees the mini gallery and its index."""
    data = root / "data"
    data.mkdir(parents=True)
    (data / "gallery").symlink_to(mini.gallery_dir, target_is_directory=True)
    (data / "index").symlink_to(mini.index_dir, target_is_directory=True)
    return data


class LeanBatch:
    def __init__(self, settings: Settings, client: httpx.Client, body: dict):
        self.settings = settings
        self.client = client
        self.body = body
        self.folder = settings.output_dir / "batches" / body["id"]

    def outputs(self) -> list[dict]:
        return [brief["outputs"][0] for brief in self.body["briefs"]]

    def specs(self) -> list[Path]:
        return [self.settings.output_dir / out["spec"] for out in self.outputs()]


@pytest.fixture(scope="module")
def lean_batch(mini_gallery: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeanBatch]:
    root = tmp_path_factory.mktemp("lean")
    settings = Settings(_env_file=None, data_dir=_own_data(root, mini_gallery), output_dir=root / "out",
                        api_tokens=[TOKEN, OTHER])
    with ThreadServer(create_app(settings, workers=1, surfaces=False)) as server, \
            httpx.Client(base_url=f"http://127.0.0.1:{server.port}", headers=OWNER, timeout=120) as client:
        accepted = client.post("/v1/batches", json={"briefs": BRIEFS})
        assert accepted.status_code == 202, accepted.text
        deadline = time.monotonic() + 300
        while (body := client.get(accepted.json()["status_url"]).json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, body
            time.sleep(0.2)
        assert body["counts"]["done"] == len(BRIEFS), body
        yield LeanBatch(settings, client, body)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _type_layers(psd_bytes: bytes) -> dict[str, str]:
    from psd_tools import PSDImage

    document = PSDImage.open(io.BytesIO(psd_bytes))
    return {layer.name: layer.text for layer in document.descendants() if layer.kind == "type"}


def test_a_batch_keeps_png_spec_and_each_gallery_source_once(lean_batch: LeanBatch) -> None:
    folder = lean_batch.folder
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in (".psd", ".svg")], "no PSD or SVG until asked for"
    assert not [p for p in folder.rglob("*") if p.name.endswith("_layers") or p.name == ".work"]
    named: dict[Path, set[int]] = {}
    for index, spec in enumerate(lean_batch.specs()):
        assert spec.with_name(spec.name.replace(".spec.json", ".png")).is_file()
        for layer in PosterSpec.load(spec).layers:
            if layer.source:
                assert layer.source.startswith(f"../{SOURCES_FOLDER}/"), layer.source  # relative to the spec
                named.setdefault((spec.parent / layer.source).resolve(), set()).add(index)
    stored = sorted((folder / SOURCES_FOLDER).iterdir())
    assert set(stored) == set(named), "every shared source is named by a spec, and only those are stored"
    assert len({_sha(p) for p in stored}) == len(stored), "no picture is stored twice"
    assert any(briefs >= {0, 1} for briefs in named.values()), "the two gift posters share their gallery sources"
    # the report and the API list the PSD and SVG where they are made on demand
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    for row, out in zip(report["briefs"], lean_batch.outputs(), strict=True):
        listed = row["outputs"][0]
        assert listed["psd"] == listed["png"].replace(".png", ".psd")
        assert listed["svg"] == listed["png"].replace(".png", ".svg")
        assert out["psd_url"].endswith(".psd") and out["svg_url"].endswith(".svg")


def test_the_asset_route_makes_the_psd_on_first_request_then_serves_the_kept_file(lean_batch: LeanBatch) -> None:
    out = lean_batch.outputs()[0]
    psd = lean_batch.settings.output_dir / out["psd"]
    other = lean_batch.client.get(out["psd_url"], headers=STRANGER)
    assert other.status_code == 404 and not psd.exists(), "nothing is drawn for someone who may not see it"
    first = lean_batch.client.get(out["psd_url"])
    assert first.status_code == 200, first.text
    spec = PosterSpec.load(lean_batch.settings.output_dir / out["spec"])
    typed = _type_layers(first.content)
    for layer in spec.layers:
        if layer.kind == "text" and layer.visible and layer.lines:
            assert typed[layer.name] == "\r".join(layer.lines)  # live, editable type
    assert "惊喜好礼" in typed.values()
    assert psd.read_bytes() == first.content, "kept beside the spec"
    made = psd.stat().st_mtime_ns
    second = lean_batch.client.get(out["psd_url"])
    assert second.status_code == 200 and second.content == first.content
    assert psd.stat().st_mtime_ns == made, "the second request serves the kept file, not a new one"
    svg = lean_batch.client.get(out["svg_url"])
    assert svg.status_code == 200 and svg.headers["content-security-policy"].startswith("default-src 'none'")
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg.content).iter(f"{SVG}text")]
    assert "惊喜好礼" in texts
    missing = lean_batch.client.get(out["psd_url"].replace(".psd", "-nope.psd"))
    assert missing.status_code == 404  # no spec beside it: nothing to make
    # a spec whose source is gone: a sentence, not a 5xx
    broken = lean_batch.folder / "zz-broken"
    broken.mkdir()
    data = json.loads((lean_batch.settings.output_dir / out["spec"]).read_text(encoding="utf-8"))
    for layer in data["layers"]:
        if layer.get("source"):
            layer["source"] = f"../{SOURCES_FOLDER}/gone.webp"
    (broken / "poster.spec.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    try:
        answer = lean_batch.client.get(f"/v1/assets/batches/{lean_batch.body['id']}/zz-broken/poster.psd")
        assert answer.status_code == 422 and "does not exist" in answer.json()["detail"], answer.text
    finally:
        shutil.rmtree(broken)


def test_results_zip_holds_every_psd_and_svg_and_the_shared_sources(lean_batch: LeanBatch, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    response = lean_batch.client.get(f"/v1/batches/{lean_batch.body['id']}/results.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    batch_dir = f"batches/{lean_batch.body['id']}/"
    for out in lean_batch.outputs():
        for key in ("png", "psd", "svg", "spec"):
            assert out[key].removeprefix(batch_dir) in names, (key, out[key])
        spec = PosterSpec.load(lean_batch.settings.output_dir / out["spec"])
        texts = {layer.name: "\r".join(layer.lines) for layer in spec.layers if layer.kind == "text" and layer.lines}
        typed = _type_layers(archive.read(out["psd"].removeprefix(batch_dir)))
        assert {name: typed[name] for name in texts if name in typed} == texts
    assert any(name.startswith(f"{SOURCES_FOLDER}/") for name in names)
    # made for the zip, not kept: the batch folder stays lean (the first poster's PSD was asked for above)
    for out in lean_batch.outputs()[1:]:
        assert not (lean_batch.settings.output_dir / out["psd"]).exists()
    # unzipped anywhere, a spec re-renders the batch's PNG byte for byte
    archive.extractall(tmp_path / "unzipped")
    from tools.render_spec import render_spec_file

    out = lean_batch.outputs()[2]
    again = render_spec_file(tmp_path / "unzipped" / out["spec"].removeprefix(batch_dir), tmp_path / "again",
                             settings=lean_batch.settings)
    assert Path(again["png"]).read_bytes() == (lean_batch.settings.output_dir / out["png"]).read_bytes()
    # a rebuild takes the PSDs and SVGs the last zip made instead of drawing them again
    import tools.editable
    from agent.batch import JobStore, build_results_zip

    def no_drawing(*args, **kwargs):
        raise AssertionError("a rebuild drew a PSD or SVG the previous results.zip holds")

    monkeypatch.setattr(tools.editable, "write_editable", no_drawing)
    state = JobStore(lean_batch.settings.jobs_db).batch(lean_batch.body["id"])
    rebuilt = zipfile.ZipFile(build_results_zip(state, lean_batch.settings))
    assert set(rebuilt.namelist()) == names
    psd_name = lean_batch.outputs()[1]["psd"].removeprefix(batch_dir)
    assert rebuilt.read(psd_name) == archive.read(psd_name)


def test_a_moved_batch_folder_rerenders_a_spec_byte_identically(lean_batch: LeanBatch, tmp_path: Path) -> None:
    from tools.render_spec import render_spec_file

    original = lean_batch.folder
    moved = tmp_path / "elsewhere" / original.name
    shutil.copytree(original, moved)
    away = original.with_name(original.name + "-away")
    os.rename(original, away)  # nothing may still point at the batch's own folder
    try:
        for spec in lean_batch.specs():
            relative = spec.relative_to(original)
            report = render_spec_file(moved / relative, tmp_path / "render" / relative.parent,
                                          settings=lean_batch.settings)
            assert report["problems"] == []
            assert Path(report["png"]).read_bytes() == (moved / relative).with_name(
                relative.name.replace(".spec.json", ".png")).read_bytes()
    finally:
        os.rename(away, original)


def test_huabao_render_psd_and_svg_make_only_the_editable_files(lean_batch: LeanBatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ui.cli import app

    copy = tmp_path / "batch"
    shutil.copytree(lean_batch.folder, copy)  # the poster's own folder is not touched by this test
    spec = copy / lean_batch.specs()[1].relative_to(lean_batch.folder)
    run = CliRunner().invoke(app, ["render", str(spec), "--psd"])
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout[run.stdout.index("{"):])
    psd = spec.with_name(spec.name.replace(".spec.json", ".psd"))
    assert result["psd"] == str(psd) and "svg" not in result
    assert "好礼相送" in _type_layers(psd.read_bytes()).values()
    assert is_current(psd, spec)
    run = CliRunner().invoke(app, ["render", str(spec), "--svg", "-o", str(tmp_path / "editable")])
    assert run.exit_code == 0, run.output
    made = sorted(p.name for p in (tmp_path / "editable").iterdir())
    assert made == [psd.with_suffix(".svg").name]
    ET.parse(tmp_path / "editable" / made[0])  # a real XML parser reads it
    broken = CliRunner().invoke(app, ["render", str(tmp_path / "none.spec.json"), "--psd"])
    assert broken.exit_code != 0 and "no such spec file" in (broken.output + str(broken.exception))


def test_huabao_batch_psd_writes_every_psd_and_svg_as_it_runs(mini_gallery: Settings, tmp_path: Path) -> None:
    data = _own_data(tmp_path, mini_gallery)
    file = tmp_path / "briefs.jsonl"
    file.write_text(json.dumps(BRIEFS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "HUABAO_DATA_DIR": str(data), "HUABAO_OUTPUT_DIR": str(out)}
    run = subprocess.run([sys.executable, "-m", "ui.cli", "batch", str(file), "-o", str(out), "--workers", "1",
                          "--psd"], cwd=REPO, env=env, capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stderr[-3000:]
    listed = json.loads((out / "report.json").read_text(encoding="utf-8"))["briefs"][0]["outputs"][0]
    psd, svg, spec = out / listed["psd"], out / listed["svg"], out / listed["spec"]
    assert psd.is_file() and svg.is_file() and is_current(psd, spec)
    assert "惊喜好礼" in _type_layers(psd.read_bytes()).values()
    with Image.open(out / listed["png"]) as png:
        assert png.size == PosterSpec.load(spec).size
    assert all(layer.source.startswith(f"../{SOURCES_FOLDER}/") for layer in PosterSpec.load(spec).layers
               if layer.source)


def test_a_spec_naming_the_batchs_shared_sources_passes_the_remote_path_rules(settings: Settings) -> None:
    from tools.paths import OUTSIDE, PathRefused, allowed_roots, confine_spec_paths
    from tools.spec import Layer

    brief_folder = settings.output_dir / "batches" / "b1" / "001-x"
    (brief_folder.parent / SOURCES_FOLDER).mkdir(parents=True)
    brief_folder.mkdir()
    (brief_folder.parent / SOURCES_FOLDER / "abc.webp").write_bytes(b"webp")

    def spec(source: str) -> PosterSpec:
        return PosterSpec(width=100, height=100, format="square", layout="x", safe_area=(0, 0, 100, 100),
                          layers=[Layer(id="l", kind="subject", name="l", box=(0, 0, 10, 10), source=source)])

    roots = allowed_roots(settings)
    confine_spec_paths(spec(f"../{SOURCES_FOLDER}/abc.webp"), brief_folder, settings, roots)
    with pytest.raises(PathRefused, match=OUTSIDE) as refused:
        confine_spec_paths(spec("../../../../secret.png"), brief_folder, settings, roots)
    assert str(settings.output_dir) not in str(refused.value)  # the spec's text, not this machine's folders
