"""Export: PNG, a layered PSD a designer can open, and a spec that re-renders the same poster."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from support.compose_fixtures import EN_COPY, assets_fixture, request_for  # noqa: F401
from tools.compose import compose_poster
from tools.export import export_poster
from tools.render import RenderContext, render_poster
from tools.spec import PosterSpec


def _pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.int16)


@pytest.fixture
def exported(settings, assets, tmp_path):
    spec = compose_poster(settings, request_for("popup", assets, pedestal=False))
    image = render_poster(spec)
    result = export_poster(spec, tmp_path / "out", "福袋", image=image)
    return spec, image, result


def test_writes_png_psd_and_spec(exported) -> None:
    spec, image, result = exported
    assert result.png.name == "福袋.png" and result.psd.name == "福袋.psd" and result.spec.name == "福袋.spec.json"
    assert (_pixels(Image.open(result.png)) == _pixels(image)).all()


def _leaves(document) -> list:
    """The PSD's layers bottom to top, inside their groups."""
    return [layer for layer in document.descendants() if not layer.is_group()]


def _drawn(spec: PosterSpec) -> list:
    ctx = RenderContext(spec, None)
    return [(layer, ctx.rendered(layer)) for layer in spec.ordered() if layer.visible and ctx.rendered(layer)]


def test_psd_has_one_named_layer_per_element_at_its_place(exported) -> None:
    from psd_tools import PSDImage

    from tools.export import psd_layers

    spec, _, result = exported
    document = PSDImage.open(result.psd)
    layers = _leaves(document)
    kept = psd_layers(spec, _drawn(spec))  # plain shadows became their casters' drop-shadow effects
    assert [layer.name for layer in layers] == [item.layer.name for item in kept]
    drawn = [item.layer for item in kept]
    names = {layer.name for layer in layers}
    assert {"背景（应用界面）", "卡片", "主体", "按钮", "关闭按钮"} <= names
    assert {"好运福袋", "限时领取 每日一次", "立即领取"} <= names  # text layers are named with their text
    by_name = {layer.name: layer for layer in layers}
    for layer in drawn:
        if layer.kind in ("shadow",):
            continue
        left, top, right, bottom = by_name[layer.name].bbox
        x, y, w, h = layer.box
        assert x - 1 <= left and y - 1 <= top and right <= x + w + 1 and bottom <= y + h + 1, layer.id
    assert document.size == spec.size


def test_psd_keeps_transparency_and_its_composite_is_the_png(exported) -> None:
    from psd_tools import PSDImage

    from tools.export import psd_layers
    from tools.render import render_layers

    spec, image, result = exported
    document = PSDImage.open(result.psd)
    subject = next(layer for layer in _leaves(document) if layer.name == "主体").topil()
    assert subject.mode == "RGBA"
    alpha = np.asarray(subject.getchannel("A"))
    assert alpha.min() == 0 and alpha.max() == 255
    assert (_pixels(document.topil()) == _pixels(image)).all()  # the stored composite
    # psd-tools blending the layers itself: it draws stroke effects but not drop shadows, so the
    # poster it should give is ours without the shadows that became effects
    effects = {item.shadow.id for item in psd_layers(spec, _drawn(spec)) if item.shadow is not None}
    assert effects
    expected = _pixels(render_layers(spec, include=lambda layer: layer.id not in effects).convert("RGB"))
    recomposed = _pixels(document.composite(force=True))
    assert np.abs(recomposed - expected).mean() < 0.5


def _is_imagemagick(command: list[str]) -> bool:
    try:
        answer = subprocess.run([*command, "-version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return False
    return answer.returncode == 0 and answer.stdout.startswith("Version: ImageMagick")


def imagemagick() -> tuple[list[str], list[str]] | None:
    """(convert, identify) commands of a real ImageMagick, or None. Not any `convert` on PATH:
    some machines have a stand-in by that name that only prints PNGs. IM7's `magick` first, then
    Debian's IM6, then each `convert` on PATH with an `identify` beside it."""
    magick = shutil.which("magick")
    if magick and _is_imagemagick([magick]):
        return [magick], [magick, "identify"]
    folders = ["/usr/bin", *os.get_exec_path()]
    for folder in dict.fromkeys(folders):
        convert, identify = Path(folder) / "convert", Path(folder) / "identify"
        if convert.is_file() and identify.is_file() and _is_imagemagick([str(convert)]) \
                and _is_imagemagick([str(identify)]):
            return [str(convert)], [str(identify)]
    return None


def test_imagemagick_reads_the_psd_composite_and_layers(exported, tmp_path) -> None:
    commands = imagemagick()
    if commands is None:
        # `make test` installs ImageMagick and sets REQUIRE_IMAGEMAGICK: there a skip would hide a broken setup
        if os.environ.get("REQUIRE_IMAGEMAGICK"):
            pytest.fail("ImageMagick is required here but not installed: apt-get install imagemagick")
        pytest.skip("ImageMagick is not installed (apt-get install imagemagick; `make test` does it)")
    convert, identify = commands
    spec, image, result = exported
    flat = tmp_path / "flat.png"
    made = subprocess.run([*convert, f"{result.psd}[0]", str(flat)], capture_output=True, text=True)
    assert made.returncode == 0, f"ImageMagick cannot read the PSD (is PSD blocked in its policy.xml?): {made.stderr}"
    assert (_pixels(Image.open(flat)) == _pixels(image)).all()
    listing = subprocess.run([*identify, str(result.psd)], check=True, capture_output=True, text=True).stdout
    # the composite, then every layer that has pixels (group markers have none)
    assert len(listing.strip().splitlines()) == 1 + len(_leaves(__import__("psd_tools").PSDImage.open(result.psd)))


def test_spec_sources_travel_with_it(exported, tmp_path) -> None:
    spec, image, result = exported
    data = json.loads(result.spec.read_text(encoding="utf-8"))
    sources = [layer["source"] for layer in data["layers"] if layer.get("source")]
    assert sources and all(source.startswith("福袋_layers/") for source in sources)
    moved = tmp_path / "elsewhere"
    shutil.copytree(result.spec.parent, moved)
    again = render_poster(PosterSpec.load(moved / result.spec.name), base_dir=moved)
    assert (_pixels(again) == _pixels(image)).all()


def test_render_is_a_pure_function_of_the_spec(settings, assets) -> None:
    spec = compose_poster(settings, request_for("poster", assets, copy=EN_COPY, pedestal=True))
    first, second = render_poster(spec), render_poster(PosterSpec.from_json(spec.to_json()))
    assert first.mode == "RGB" and (_pixels(first) == _pixels(second)).all()


def test_export_renders_when_no_image_is_given(settings, assets, tmp_path) -> None:
    spec = compose_poster(settings, request_for("banner", assets, copy=EN_COPY))
    result = export_poster(spec, tmp_path, "banner", psd=False)
    assert result.psd is None
    assert (_pixels(Image.open(result.png)) == _pixels(render_poster(spec))).all()


def test_cli_render_rerenders_an_edited_spec(exported, tmp_path) -> None:
    from typer.testing import CliRunner

    from ui.cli import app

    spec, image, result = exported
    data = json.loads(result.spec.read_text(encoding="utf-8"))
    for layer in data["layers"]:
        if layer["id"] == "title":
            layer["text"] = "好运来"
    edited = result.spec.parent / "edited.spec.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "rerender"
    run = CliRunner().invoke(app, ["render", str(edited), "-o", str(out)])
    assert run.exit_code == 0, run.output
    report = json.loads(run.stdout[run.stdout.index("{"):])
    assert report["problems"] == []
    rerendered = PosterSpec.load(report["spec"])
    assert rerendered.text_layer("title").lines == ["好运来"] and rerendered.text_layer("title").name == "好运来"
    assert Path(report["png"]).is_file() and Path(report["psd"]).is_file()
    assert not (_pixels(Image.open(report["png"])) == _pixels(image)).all()


def test_cli_render_reports_a_broken_spec(tmp_path) -> None:
    from typer.testing import CliRunner

    from tools.errors import SpecError
    from ui.cli import app

    bad = tmp_path / "bad.spec.json"
    bad.write_text("{}", encoding="utf-8")
    run = CliRunner().invoke(app, ["render", str(bad), "-o", str(tmp_path / "o")])
    assert run.exit_code != 0
    assert isinstance(run.exception, SpecError) or "error" in run.output


def test_a_hand_written_spec_renders_and_checks(tmp_path) -> None:
    """A designer's spec with no laid-out lines: the text is fitted into its box on render."""
    from tools.check import check_poster
    from tools.config import Settings
    from tools.fonts import find_fonts

    bold = find_fonts(Settings(_env_file=None)).bold
    spec = PosterSpec.model_validate({
        "width": 600, "height": 400, "format": "600x400", "layout": "banner", "safe_area": [30, 30, 540, 340],
        "layers": [
            {"id": "background", "kind": "background", "name": "背景", "box": [0, 0, 600, 400],
             "fill": ["#1a237e", "#3949ab"]},
            {"id": "title", "kind": "text", "name": "开学好物", "box": [60, 120, 480, 160], "role": "title",
             "text": "开学好物 满100减20", "font": str(bold.path), "font_index": bold.index, "weight": "bold",
             "max_size": 90, "min_size": 30, "max_lines": 2, "color": "#ffffff"},
        ]})
    image = render_poster(spec)
    assert np.asarray(image)[120:280, 60:540].max() == 255  # white text was drawn
    assert check_poster(spec, image) == []
    result = export_poster(spec, tmp_path, "handmade")
    saved = PosterSpec.load(result.spec).text_layer("title")
    assert "".join(saved.lines).replace(" ", "") == "开学好物满100减20"


# ------------------------------------------------------------------ render once
def test_a_poster_is_drawn_once_through_compose_check_and_export(settings, assets, tmp_path) -> None:
    """compose returns its render context; the image, check and export (PNG, PSD, SVG) draw through
    it, so no layer is drawn twice, and what comes out is what a poster drawn from scratch shows."""
    from psd_tools import PSDImage

    from tools.check import check_poster
    from tools.compose import compose

    composed = compose(settings, request_for("poster", assets, copy=EN_COPY, pedestal=True))
    spec, context = composed.spec, composed.context
    image = composed.image
    drawn = context.drawn
    visible = [layer for layer in spec.layers if layer.visible]
    assert drawn <= len(visible) + 4, "compose's trial plates aside, each layer once"
    assert check_poster(spec, image, context=context) == check_poster(spec, render_poster(spec))
    result = export_poster(spec, tmp_path / "once", "poster", image=image, context=context)
    assert context.drawn == drawn, "check and export drew nothing again"
    assert (_pixels(image) == _pixels(render_poster(spec))).all()
    fresh = export_poster(spec, tmp_path / "fresh", "poster")  # no context: its own drawing
    assert (_pixels(Image.open(result.png)) == _pixels(Image.open(fresh.png))).all()
    ours, theirs = PSDImage.open(result.psd), PSDImage.open(fresh.psd)
    assert [(l.name, l.bbox) for l in _leaves(ours)] == [(l.name, l.bbox) for l in _leaves(theirs)]
    assert all((_pixels(a.topil()) == _pixels(b.topil())).all()
               for a, b in zip(_leaves(ours), _leaves(theirs)) if a.kind == "pixel")
    assert result.svg.read_text(encoding="utf-8") == fresh.svg.read_text(encoding="utf-8").replace(
        "fresh/", "once/")


def test_a_revision_starts_from_the_layers_that_did_not_change(settings, assets) -> None:
    """A revised composition carried over from the last one draws only what changed (the ground is
    kept), holds only its own layers, and renders exactly as one composed from scratch."""
    from tools.compose import compose

    first = compose(settings, request_for("popup", assets, subject_share=0.3))
    first.image
    revised = request_for("popup", assets, subject_share=0.24)
    carried = compose(settings, revised, carry=first.context)
    scratch = compose(settings, revised)
    assert (_pixels(carried.image) == _pixels(scratch.image)).all()
    assert carried.spec.to_json() == scratch.spec.to_json()
    assert carried.context.drawn < scratch.context.drawn, "the ground and the decorations were not drawn again"
    assert carried.context.layers_held <= len(carried.spec.layers), "the first poster's own layers were let go"


def test_layer_runs_already_composited_are_not_composited_again(settings, assets, monkeypatch) -> None:
    """The finished poster, check's poster without its text and a second look at the poster start
    from the runs of layers the context already composited; the pixels are those of a fresh render."""
    from tools import render
    from tools.compose import compose

    composed = compose(settings, request_for("poster", assets, copy=EN_COPY, pedestal=True))
    spec, context = composed.spec, composed.context
    full = render.render_layers(spec, context=context)
    pasted: list[object] = []
    original = render.paste
    monkeypatch.setattr(render, "paste", lambda canvas, layer: (pasted.append(layer), original(canvas, layer)))
    again = render.render_layers(spec, context=context)
    assert pasted == [], "the whole poster was kept"
    untexted = render.render_layers(spec, include=lambda l: l.kind != "text", context=context)
    assert pasted == [], "the poster without its text was kept on the way"
    assert (_pixels(again) == _pixels(full)).all()
    plain = render.render_layers(spec, include=lambda l: l.kind != "text", base_dir=None)
    assert (_pixels(untexted) == _pixels(plain)).all()
    untexted.paste((255, 0, 0, 255), (0, 0, 50, 50))  # a caller may draw on what it got
    assert (_pixels(render.render_layers(spec, context=context)) == _pixels(full)).all()
