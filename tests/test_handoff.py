"""Designer hand-off (issue 21): live type layers and groups in the PSD, read back by psd-tools and by
ag-psd (an independent reader from npm); an SVG with live text; a poster folder that re-renders
byte for byte after being moved or zipped."""
from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.compose_fixtures import EN_COPY, assets_fixture, request_for  # noqa: F401

from tools.compose import compose_poster
from tools.export import export_poster, psd_layers
from tools.fonts import font_names
from tools.render import RenderContext, render_poster
from tools.spec import PosterSpec

ROOT = Path(__file__).resolve().parents[1]
AG_PSD_VERSION = "31.0.2"
AG_PSD_PREFIX = ROOT / ".stamps" / "npm"  # `make test` installs it here; offline after the first fetch
SVG = "{http://www.w3.org/2000/svg}"


def _pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.int16)


def _export(settings, assets, folder: Path, name: str, fmt: str, **overrides) -> tuple[PosterSpec, Image.Image, object]:
    spec = compose_poster(settings, request_for(fmt, assets, **overrides))
    image = render_poster(spec)
    return spec, image, export_poster(spec, folder, name, image=image)


@pytest.fixture
def zh_poster(settings, assets, tmp_path):
    return _export(settings, assets, tmp_path / "zh", "福袋", "popup", pedestal=False)


@pytest.fixture
def en_poster(settings, assets, tmp_path):
    # a long title, so it is set on two lines
    copy = {**EN_COPY, "title": "Cool Summer Deals for Every Single Day"}
    return _export(settings, assets, tmp_path / "en", "summer", "popup", copy=copy, pedestal=False)


def _leaves(document) -> list:
    return [layer for layer in document.descendants() if not layer.is_group()]


def _text_layers(spec: PosterSpec) -> list:
    return [layer for layer in spec.ordered() if layer.kind == "text" and layer.visible and layer.lines]


# ------------------------------------------------------------------------------------------ PSD


@pytest.mark.parametrize("poster", ["zh_poster", "en_poster"])
def test_copy_is_live_type_in_the_psd(poster, request) -> None:
    from psd_tools import PSDImage

    _, _, result = request.getfixturevalue(poster)
    saved = PosterSpec.load(result.spec)
    by_name = {layer.name: layer for layer in _leaves(PSDImage.open(result.psd))}
    texts = _text_layers(saved)
    assert {layer.role for layer in texts} >= {"title", "subtitle", "cta"}
    for layer in texts:
        typed = by_name[layer.name]
        assert typed.kind == "type", layer.id
        assert typed.text == "\r".join(layer.lines)  # Photoshop separates paragraphs with \r
        face = font_names(layer.font, layer.font_index)
        assert face.postscript.startswith("NotoSansCJK")
        paragraphs = list(typed.typesetting)
        assert len(paragraphs) == len(layer.lines)
        style = paragraphs[0].runs[0].style
        assert style.font_name == face.postscript
        assert style.font_size == layer.size and style.leading == round(layer.line_height * layer.size)
        assert style.tracking == 0
        assert paragraphs[0].style.justification.name.lower().startswith(layer.align[:4])
        # anchored at the first baseline, on the alignment line the renderer used
        xx, _, _, yy, tx, ty = typed._data.transform
        assert (xx, yy) == (1.0, 1.0) and tx == (layer.box[0] + layer.box[2] // 2 if layer.align == "center" else tx)
        assert layer.box[1] < ty < layer.box[1] + layer.box[3]
    if poster == "en_poster":
        title = saved.text_layer("title")
        assert len(title.lines) == 2 and by_name[title.name].text.count("\r") == 1


def test_type_layer_pixels_are_the_pngs_text(zh_poster) -> None:
    """An unstroked text layer's pixels are exactly the renderer's; a stroked one keeps its fill
    and gets the stroke as an effect, which psd-tools draws back to the PNG's look."""
    from psd_tools import PSDImage

    _, _, result = zh_poster
    saved = PosterSpec.load(result.spec)
    ctx = RenderContext(saved, result.spec.parent)
    by_name = {layer.name: layer for layer in _leaves(PSDImage.open(result.psd))}
    stroked = 0
    for layer in _text_layers(saved):
        typed, drawn = by_name[layer.name], ctx.rendered(layer)
        canvas = Image.new("RGBA", saved.size, (0, 0, 0, 0))
        canvas.alpha_composite(drawn.image, dest=(drawn.left, drawn.top))
        if not layer.stroke_width:
            ours = Image.new("RGBA", saved.size, (0, 0, 0, 0))
            ours.alpha_composite(typed.topil(), dest=(typed.left, typed.top))
            assert (np.asarray(ours) == np.asarray(canvas)).all(), layer.id
            continue
        stroked += 1
        effects = [effect.name for effect in typed.effects]
        assert "Stroke" in "".join(effects)
        back = typed.composite(viewport=(0, 0, *saved.size))  # fill + psd-tools' own outside stroke
        theirs = np.asarray(back.convert("RGBA"), dtype=np.int16)[..., 3]
        assert np.abs(theirs - np.asarray(canvas, dtype=np.int16)[..., 3]).mean() < 2.0
    assert stroked  # the popup's title is stroked


def test_psd_groups_and_shadow_effects(zh_poster, en_poster) -> None:
    from psd_tools import PSDImage

    for (spec, image, result), names in ((zh_poster, {"文案", "主体", "装饰", "背景"}),
                                         (en_poster, {"Copy", "Subject", "Decorations", "Background"})):
        document = PSDImage.open(result.psd)
        groups = [layer for layer in document if layer.is_group()]
        assert len(groups) == len(list(document)) and {group.name for group in groups} <= names
        assert {"文案" if "文案" in names else "Copy", "背景" if "背景" in names else "Background"} <= \
            {group.name for group in groups}
        assert (_pixels(document.topil()) == _pixels(image)).all()  # the stored composite is the PNG
        ctx = RenderContext(spec, None)
        kept = psd_layers(spec, [(layer, ctx.rendered(layer)) for layer in spec.ordered()
                                 if layer.visible and ctx.rendered(layer)])
        casters = {item.layer.name: item.shadow for item in kept if item.shadow is not None}
        assert casters
        by_name = {layer.name: layer for layer in _leaves(document)}
        for name, shadow in casters.items():
            drop = [effect for effect in by_name[name].effects if "DropShadow" in type(effect).__name__]
            assert len(drop) == 1 and drop[0].enabled
            assert drop[0].distance == pytest.approx(np.hypot(*shadow.offset))
            assert drop[0].opacity == pytest.approx(shadow.opacity * 100)
            assert shadow.name not in by_name  # no second, baked copy of the shadow


def test_the_backdrop_can_be_hidden(zh_poster) -> None:
    from psd_tools import PSDImage

    spec, _, result = zh_poster
    document = PSDImage.open(result.psd)
    backdrop_layer = spec.of_kind("backdrop")[0]
    backdrop = next(layer for layer in _leaves(document) if layer.name == backdrop_layer.name)
    assert backdrop.parent.name == "背景"
    backdrop.visible = False
    hidden = np.asarray(document.composite(force=True, ignore_preview=True).convert("RGBA"))
    card = spec.of_kind("card")[0].box
    assert hidden[5, 5, 3] == 0  # outside the card only the backdrop was drawn
    assert hidden[card[1] + card[3] // 2, card[0] + card[2] // 2, 3] == 255


def ag_psd_modules() -> Path | None:
    """node_modules holding ag-psd, fetched from npm once (no install scripts run), or None."""
    modules = AG_PSD_PREFIX / "node_modules"
    if (modules / "ag-psd" / "package.json").is_file():
        return modules
    if shutil.which("npm") is None or shutil.which("node") is None:
        return None
    AG_PSD_PREFIX.mkdir(parents=True, exist_ok=True)
    answer = subprocess.run(["npm", "install", "--prefix", str(AG_PSD_PREFIX), f"ag-psd@{AG_PSD_VERSION}",
                             "--ignore-scripts", "--no-audit", "--no-fund", "--no-save", "--silent"],
                            capture_output=True, text=True, timeout=300, check=False)
    return modules if answer.returncode == 0 and (modules / "ag-psd").is_dir() else None


def read_with_ag_psd(psd: Path) -> dict:
    modules = ag_psd_modules()
    if modules is None:
        if os.environ.get("REQUIRE_AG_PSD"):
            pytest.fail("ag-psd is required here but could not be installed (npm install ag-psd)")
        pytest.skip("node/npm or the ag-psd package is not available (`make test` installs it)")
    answer = subprocess.run(["node", str(ROOT / "tests" / "node" / "psd_layers.js"), str(psd)],
                            capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ, "NODE_PATH": str(modules)})
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


@pytest.mark.parametrize("poster", ["zh_poster", "en_poster"])
def test_ag_psd_reads_the_type_layers(poster, request) -> None:
    _, _, result = request.getfixturevalue(poster)
    saved = PosterSpec.load(result.spec)
    tree = read_with_ag_psd(result.psd)
    assert (tree["width"], tree["height"]) == saved.size
    found = {}
    for group in tree["children"]:
        assert "children" in group  # every top-level entry is a group
        for layer in group["children"]:
            found[layer["name"]] = (group["name"], layer)
    for layer in _text_layers(saved):
        group, entry = found[layer.name]
        assert group == ("文案" if saved.language == "zh" else "Copy")
        assert entry["text"] == "\n".join(layer.lines)
        assert entry["font"] == font_names(layer.font, layer.font_index).postscript
        assert entry["fontSize"] == layer.size and entry["tracking"] == 0
        assert entry["justification"] == layer.align
        if layer.stroke_width:
            assert entry["effects"]["stroke"][0]["size"]["value"] == layer.stroke_width
    assert any("dropShadow" in entry.get("effects", {}) for _, entry in found.values())


# ------------------------------------------------------------------------------------------ SVG


@pytest.mark.parametrize("poster", ["zh_poster", "en_poster"])
def test_svg_has_live_text_and_the_pngs_geometry(poster, request) -> None:
    _, _, result = request.getfixturevalue(poster)
    saved = PosterSpec.load(result.spec)
    assert result.svg.name == result.png.name.replace(".png", ".svg")
    root = ET.parse(result.svg).getroot()
    assert root.tag == f"{SVG}svg"
    assert (int(root.get("width")), int(root.get("height"))) == saved.size
    assert root.get("viewBox") == f"0 0 {saved.width} {saved.height}"
    texts = {element.get("id"): element for element in root.iter(f"{SVG}text")}
    for layer in _text_layers(saved):
        element = texts[layer.id]
        spans = element.findall(f"{SVG}tspan")
        assert [span.text for span in spans] == layer.lines  # the exact copy, as laid out
        assert font_names(layer.font, layer.font_index).family in element.get("font-family")
        assert int(element.get("font-size")) == layer.size and element.get("fill") == layer.color
        baselines = [int(span.get("y")) for span in spans]
        assert all(b - a == round(layer.line_height * layer.size) for a, b in pairwise(baselines))
        assert layer.box[1] < baselines[0] < layer.box[1] + layer.box[3]
    images = list(root.iter(f"{SVG}image"))
    assert images
    for element in images:
        href = element.get("{http://www.w3.org/1999/xlink}href")
        assert href.startswith("data:image/png;base64,")
        embedded = Image.open(io.BytesIO(base64.b64decode(href.split(",", 1)[1])))
        assert embedded.size == (int(element.get("width")), int(element.get("height")))
    groups = [element.get("data-name") for element in root.findall(f"{SVG}g")]
    assert ("文案" if saved.language == "zh" else "Copy") in groups


# ------------------------------------------------------------------------------------------ relocatable


def _render(spec: Path, out: Path, *extra: str) -> dict:
    from typer.testing import CliRunner

    from ui.cli import app

    run = CliRunner().invoke(app, ["render", str(spec), "-o", str(out), *extra])
    assert run.exit_code == 0, run.output
    return json.loads(run.stdout[run.stdout.index("{"):])


def test_a_moved_poster_folder_rerenders_byte_for_byte(zh_poster, tmp_path) -> None:
    _, _, result = zh_poster
    spec = json.loads(result.spec.read_text(encoding="utf-8"))
    assert all(not Path(layer["source"]).is_absolute() for layer in spec["layers"] if layer.get("source"))
    moved = tmp_path / "somewhere" / "else"
    shutil.copytree(result.spec.parent, moved)
    shutil.rmtree(result.spec.parent)  # the original is gone: nothing may still point at it
    report = _render(moved / result.spec.name, tmp_path / "again")
    assert report["problems"] == []
    assert Path(report["png"]).read_bytes() == (moved / result.png.name).read_bytes()
    assert Path(report["svg"]).is_file() and Path(report["psd"]).is_file()


def test_bundle_zip_rerenders_anywhere(zh_poster, tmp_path) -> None:
    _, _, result = zh_poster
    report = _render(result.spec, tmp_path / "out", "--bundle", str(tmp_path / "poster.zip"))
    with zipfile.ZipFile(report["bundle"]) as bundle:
        names = bundle.namelist()
        assert result.spec.name in names and any(name.startswith("福袋_layers/") for name in names)
        bundle.extractall(tmp_path / "unzipped")
    again = _render(tmp_path / "unzipped" / result.spec.name, tmp_path / "again")
    assert Path(again["png"]).read_bytes() == Path(report["png"]).read_bytes()


def test_an_old_spec_with_absolute_sources_still_renders_and_bundles(zh_poster, tmp_path) -> None:
    _, _, result = zh_poster
    data = json.loads(result.spec.read_text(encoding="utf-8"))
    for layer in data["layers"]:
        if layer.get("source"):
            layer["source"] = str((result.spec.parent / layer["source"]).resolve())
    old = tmp_path / "old" / "old.spec.json"
    old.parent.mkdir()
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = _render(old, tmp_path / "old-out", "--bundle", str(tmp_path / "old.zip"))
    assert Path(report["png"]).read_bytes() == result.png.read_bytes()
    with zipfile.ZipFile(report["bundle"]) as bundle:
        spec = json.loads(bundle.read("old.spec.json"))
    assert all(layer["source"].startswith("old_layers/") for layer in spec["layers"] if layer.get("source"))


def test_bundle_refuses_a_name_that_is_not_a_zip(zh_poster, tmp_path) -> None:
    from typer.testing import CliRunner

    from ui.cli import app

    _, _, result = zh_poster
    run = CliRunner().invoke(app, ["render", str(result.spec), "-o", str(tmp_path / "o"),
                                   "--bundle", str(tmp_path / "poster.tar")])
    assert run.exit_code != 0
    assert "must be a .zip file" in (run.output + str(run.exception))


def test_the_api_lists_the_svg_beside_the_psd(settings) -> None:
    from ui.api import output_files

    folder = settings.output_dir / "posters" / "p1"
    made = {key: str(folder / f"poster.{key}") for key in ("png", "psd", "svg")}
    made["spec"] = str(folder / "poster.spec.json")
    entry = output_files(settings, [made])[0]
    assert entry.svg == "posters/p1/poster.svg" and entry.svg_url == "/v1/assets/posters/p1/poster.svg"
    assert entry.psd_url == "/v1/assets/posters/p1/poster.psd"  # the existing fields are unchanged
    outside = output_files(settings, [{**made, "svg": "/etc/poster.svg"}])[0]
    assert outside.svg is None and outside.svg_url is None  # never a server path outside the output folder
