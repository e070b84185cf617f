"""Brand kits (tools/brand.py): loading by name and path, clear errors, and compose applying a
brand's colours, fonts, button and logo in every format, into the PNG, PSD and SVG."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from support.compose_fixtures import EN_COPY, PRESETS, ZH_COPY, assets_fixture  # noqa: F401

from tools.brand import Brand, known_brands, list_brands, load_brand
from tools.check import check_poster
from tools.colors import contrast_ratio, parse_hex
from tools.compose import ComposeRequest, compose, frame_for
from tools.config import Settings
from tools.errors import BrandError, HuabaoError
from tools.export import export_poster
from tools.fonts import find_fonts
from tools.formats import get_format
from tools.layouts import (
    copy_clear_of,
    default_logo_zone,
    layout_names,
    layouts_for_format,
)
from tools.render import render_layers
from tools.spec import PosterSpec

SHIPPED = ("jinxi", "lanxin", "xianguo")


def _logo(path: Path, size=(240, 80), color=(20, 40, 90)) -> Path:
    """A small wordmark-like logo on a transparent ground."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size[1] - 1, size[1] - 1), radius=size[1] // 4, fill=color + (255,))
    draw.rectangle((size[1] + 10, size[1] // 3, size[0] - 1, size[1] * 2 // 3), fill=color + (255,))
    image.save(path)
    return path


def _brand_file(folder: Path, key: str = "acme", **fields) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if "logo" not in fields:
        _logo(folder / "acme-logo.png")
        fields["logo"] = "acme-logo.png"
    data = {"name": "Acme 极客", "colors": {"primary": "#0b2a6f", "secondary": "#7fd3ff"}, **fields}
    path = folder / f"{key}.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return path


def _request(fmt: str, assets: dict[str, str], brand, layout: str = "auto", copy=None, **extra) -> ComposeRequest:
    return ComposeRequest.model_validate({
        "format": fmt, "layout": layout, "palette": ["red", "yellow"], "subject": assets["subject"],
        "decorations": [assets["star"], assets["coin"]], "copy": dict(copy or ZH_COPY), "seed": 3, "brand": brand,
        **extra})


def _inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] and inner[1] >= outer[1] and inner[0] + inner[2] <= outer[0] + outer[2]
            and inner[1] + inner[3] <= outer[1] + outer[3])


def _meets(a, b) -> bool:
    return not (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1])


# ------------------------------------------------------------------------------------------
# Loading


def test_shipped_brands_load_by_name_with_their_logo_and_fonts(settings: Settings) -> None:
    assert set(SHIPPED) <= set(known_brands(settings))
    for brand in list_brands(settings):
        assert brand.key in SHIPPED and brand.name
        assert Path(brand.logo_path).is_file() and brand.logo_size and min(brand.logo_size) >= 100
        with Image.open(brand.logo_path) as logo:  # drawn on a transparent ground
            assert logo.mode == "RGBA" and logo.getchannel("A").getextrema()[0] == 0
        for font in (brand.title_font, brand.body_font):
            assert font is not None and Path(font.path).is_file() and font.cjk
        assert brand.title_font.style.lower() == "bold"  # a title family without a style is bold
        assert len(brand.palette()) >= 2
    # names are case-insensitive; a key and its .yaml path give the same brand
    by_name = load_brand("JINXI", settings)
    by_path = load_brand(by_name.path, settings)
    assert by_name == by_path and by_name.title_font.family == "Noto Serif CJK SC"


def test_a_brand_file_by_path_with_a_relative_logo_and_font_file(settings: Settings, tmp_path: Path) -> None:
    bold = find_fonts(Settings(_env_file=None)).bold
    folder = tmp_path / "kit"
    font = os.path.relpath(bold.path, folder)  # a font file relative to the brand file
    path = _brand_file(folder, fonts={"title": f"{font}#{bold.index}"},
                       cta={"shape": "square", "fill": "#ffd166", "text_color": "#0b2a6f"})
    brand = load_brand(str(path), settings)
    assert brand.key == "acme" and brand.logo_path == str((folder / "acme-logo.png").resolve())
    assert brand.title_font.path == str(bold.path.resolve()) and brand.title_font.index == bold.index
    assert brand.body_font is None and brand.cta.shape == "square"
    assert brand.colors.primary == "#0b2a6f" and brand.colors.accent is None


def test_brands_are_found_in_the_prompts_dir_and_the_data_dir(tmp_path: Path) -> None:
    prompts, data = tmp_path / "prompts", tmp_path / "data"
    _brand_file(prompts / "brands", "acme")
    _brand_file(data / "brands", "jinxi", name="Our Jinxi")  # a later folder replaces a shipped key
    settings = Settings(_env_file=None, data_dir=data, prompts_dir=prompts)
    assert load_brand("acme", settings).name == "Acme 极客"
    assert load_brand("jinxi", settings).name == "Our Jinxi"
    assert known_brands(settings)["jinxi"].parent == data / "brands"


@pytest.mark.parametrize("fields, expected", [
    ({"colors": {"primary": "#c8102", "secondary": "#ffffff"}}, "colors.primary: “#c8102” is not a #rrggbb colour"),
    ({"colors": {"primary": "#c8102e", "secondary": "red"}}, "colors.secondary: “red” is not a #rrggbb colour"),
    ({"cta": {"shape": "star"}}, "cta.shape"),
    ({"cta": {"fill": "#12"}}, "cta.fill: “#12” is not a #rrggbb colour"),
    ({"logo": "missing.png"}, "the logo file"),
    ({"logo": "logo.svg"}, "is an SVG"),
    ({"fonts": {"title": "Comic Sans Nowhere"}}, "the font “Comic Sans Nowhere” is not installed"),
    ({"fonts": {"body": "fonts/none.ttf"}}, "fonts.body: the font file"),
    ({"colour": {"primary": "#ffffff"}}, "colour: is not a brand field"),
])
def test_a_bad_brand_file_is_a_clear_error(fields: dict, expected: str, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    path = _brand_file(tmp_path / "kit", **fields)
    with pytest.raises(BrandError) as caught:
        load_brand(str(path), settings)
    message = str(caught.value)
    assert expected in message and "acme.yaml" in message, message
    if "logo" in fields and fields["logo"] == "missing.png":
        assert str(tmp_path / "kit" / "missing.png") in message  # the missing file is named


def test_unknown_brands_and_broken_files_are_clear_errors(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(BrandError, match="unknown brand “acme”: use one of jinxi, lanxin, xianguo"):
        load_brand("acme", settings)
    with pytest.raises(BrandError, match="does not exist"):
        load_brand(str(tmp_path / "nowhere.yaml"), settings)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(BrandError, match="not valid YAML"):
        load_brand(str(broken), settings)
    (tmp_path / "bad.png").write_bytes(b"not a png at all")
    with pytest.raises(BrandError, match="the logo cannot be used"):
        load_brand(str(_brand_file(tmp_path, "bad", logo="bad.png")), settings)
    assert issubclass(BrandError, HuabaoError)  # every surface answers it as a sentence (HTTP 422, exit 1)


# ------------------------------------------------------------------------------------------
# Compose


def test_the_brand_leads_the_palette_and_sets_the_fonts(settings: Settings, assets) -> None:
    brand = load_brand("jinxi", settings)
    composed = compose(settings, _request("poster", assets, "jinxi"))
    spec = composed.spec
    assert spec.brand == brand.name
    assert spec.palette[:3] == [brand.colors.primary, brand.colors.secondary, brand.colors.accent]
    background = spec.layer("background")
    assert brand.colors.primary in background.fill or any(
        contrast_ratio(parse_hex(c), parse_hex(brand.colors.primary)) < 1.3 for c in background.fill)
    title, subtitle, cta = spec.text_layer("title"), spec.text_layer("subtitle"), spec.text_layer("cta")
    assert (title.font, title.font_index) == (brand.title_font.path, brand.title_font.index)
    assert (cta.font, cta.font_index) == (brand.title_font.path, brand.title_font.index)
    assert (subtitle.font, subtitle.font_index) == (brand.body_font.path, brand.body_font.index)
    assert spec.backends["fonts"].startswith(f"brand {brand.name}: title Noto Serif CJK SC Bold")
    # without a brand the request's own palette and the default fonts
    plain = compose(settings, _request("poster", assets, None)).spec
    assert plain.brand is None and plain.palette[0] != brand.colors.primary and plain.layer("logo") is None
    assert plain.text_layer("title").font != brand.title_font.path


def test_the_brand_button_takes_its_shape_fill_and_label(settings: Settings, assets, tmp_path: Path) -> None:
    path = _brand_file(tmp_path / "kit", cta={"shape": "square", "fill": "#ffd166", "text_color": "#0b2a6f"})
    spec = compose(settings, _request("square", assets, str(path))).spec
    button, label = spec.layer("button"), spec.text_layer("cta")
    assert button.fill[-1] == "#ffd166" and button.radius <= round(button.box[3] * 0.06)
    assert label.color == "#0b2a6f"
    rounded = _brand_file(tmp_path / "kit2", cta={"shape": "rounded"})
    button = compose(settings, _request("square", assets, str(rounded))).spec.layer("button")
    assert 0.15 * button.box[3] <= button.radius <= 0.3 * button.box[3]


def test_the_brand_text_colour_is_used_where_it_reads_and_a_note_says_where_not(settings: Settings, assets,
                                                                                 tmp_path: Path) -> None:
    reads = _brand_file(tmp_path / "a", colors={"primary": "#0b2a6f", "secondary": "#1f5eff", "text": "#fff4d6"})
    composed = compose(settings, _request("poster", assets, str(reads)))
    subtitle = composed.spec.text_layer("subtitle")
    assert subtitle.color == "#fff4d6"
    assert not any("text colour" in note for note in composed.notes)
    # the primary colour as text on a ground of that colour cannot read: the checked colour wins
    fails = _brand_file(tmp_path / "b", colors={"primary": "#2e9e4f", "secondary": "#2e9e4f", "text": "#2e9e4f"})
    composed = compose(settings, _request("poster", assets, str(fails)))
    assert composed.spec.text_layer("subtitle").color != "#2e9e4f"
    assert any("the brand's text colour #2e9e4f reads at" in note and "subtitle" in note for note in composed.notes)
    assert not [p for p in check_poster(composed.spec, context=composed.context) if p.code == "low_contrast"]


def test_the_logo_is_a_layer_in_the_spec_and_drawn_in_its_box(settings: Settings, assets) -> None:
    brand = load_brand("lanxin", settings)
    composed = compose(settings, _request("banner", assets, "lanxin", copy=EN_COPY))
    spec = composed.spec
    logo = spec.layer("logo")
    assert logo.kind == "logo" and logo.source == brand.logo_path and logo.name == f"Logo · {brand.name}"
    assert _inside(logo.box, spec.safe_area)
    # a navy wordmark on a blue ground stands on a plate
    assert logo.fill == ["#ffffff"]
    poster = np.asarray(composed.image.convert("RGB"), dtype=np.int16)
    without = np.asarray(render_layers(spec, include=lambda l: l.kind != "logo", context=composed.context)
                         .convert("RGB"), dtype=np.int16)
    changed = np.abs(poster - without).sum(axis=2) > 30
    x, y, w, h = logo.box
    assert changed[y:y + h, x:x + w].mean() > 0.5  # the plate and the mark cover the box
    changed[y:y + h, x:x + w] = False
    assert changed.sum() == 0  # and nothing outside it
    # a gold seal on red needs no plate
    seal = compose(settings, _request("poster", assets, "jinxi")).spec.layer("logo")
    assert seal.fill == [] and seal.box[2] == seal.box[3]


def test_the_logo_is_its_own_layer_in_the_psd_and_the_svg(settings: Settings, assets, tmp_path: Path) -> None:
    from psd_tools import PSDImage

    composed = compose(settings, _request("popup", assets, "xianguo"))
    result = export_poster(composed.spec, tmp_path / "out", "kit", composed.image, context=composed.context)
    psd = PSDImage.open(result.psd)
    logos = [layer for layer in psd.descendants() if layer.name.startswith("标志 · ")]
    assert len(logos) == 1 and logos[0].kind == "pixel" and logos[0].parent.name == "标志"
    x, y, w, h = composed.spec.layer("logo").box
    assert _inside((logos[0].left, logos[0].top, logos[0].width, logos[0].height), (x - 1, y - 1, w + 2, h + 2))
    root = ET.parse(result.svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    groups = [g for g in root.iter(f"{ns}g") if g.get("data-name") == "标志"]
    assert len(groups) == 1
    assert [image.get("id") for image in groups[0].iter(f"{ns}image")] == ["logo"]
    spec = PosterSpec.load(result.spec)  # the spec names the copied logo beside it and re-renders
    assert spec.brand == "鲜果集 FreshMart" and (result.spec.parent / spec.layer("logo").source).is_file()


@pytest.mark.parametrize("brand", SHIPPED)
def test_one_brand_across_the_four_formats_places_its_logo_clear_of_the_copy(brand: str, settings: Settings,
                                                                              assets) -> None:
    for fmt in PRESETS:
        composed = compose(settings, _request(fmt, assets, brand))
        spec = composed.spec
        logo = spec.layer("logo")
        assert logo is not None, (fmt, composed.notes)
        assert _inside(logo.box, spec.safe_area), fmt
        for layer in spec.of_kind("text", "button", "subject", "close"):
            assert not _meets(logo.box, layer.box), (fmt, layer.id)
        for decoration in spec.of_kind("decoration"):
            assert not _meets(logo.box, decoration.box), (fmt, decoration.id)
        problems = check_poster(spec, image=composed.image, context=composed.context)
        assert not [p for p in problems if p.severity == "error"], (fmt, problems)


@pytest.mark.parametrize("layout", layout_names())
def test_every_layout_has_room_for_a_logo(layout: str, settings: Settings, assets) -> None:
    """Each layout file, with a long English copy and a wide wordmark on a plate: the logo is
    placed, inside the canvas, and the poster checks clean."""
    from tools.layouts import load_layouts

    fmt = load_layouts()[layout].formats[0]
    composed = compose(settings, _request(fmt, assets, "lanxin", layout=layout, copy=EN_COPY))
    spec = composed.spec
    logo = spec.layer("logo")
    assert logo is not None, composed.notes
    assert _inside(logo.box, (0, 0, spec.width, spec.height))
    for layer in spec.of_kind("text", "button", "close"):
        assert not _meets(logo.box, layer.box), layer.id
    problems = check_poster(spec, image=composed.image, context=composed.context)
    assert not [p for p in problems if p.severity == "error"], problems


def test_a_series_keeps_the_logo_where_it_was(settings: Settings, assets) -> None:
    first = compose(settings, _request("popup", assets, "jinxi")).spec
    second = compose(settings, _request("popup", assets, "jinxi", subject=assets["subject2"])).spec
    assert first.layer("logo").box == second.layer("logo").box


def test_a_loaded_brand_can_be_passed_as_it_is(settings: Settings, assets) -> None:
    brand = load_brand("lanxin", settings)
    request = _request("square", assets, brand)
    assert isinstance(request.brand, Brand)
    _, _, theme, frame = frame_for(request)
    assert theme.main == parse_hex(brand.colors.primary) and frame.logo_box is not None
    # without a brand the frame has no logo zone and the copy keeps its whole box
    _, _, _, plain = frame_for(_request("square", assets, None))
    assert plain.logo_box is None and plain.copy_box[1] < frame.copy_box[1]


def test_the_default_logo_zone_takes_a_free_corner_or_none() -> None:
    fmt = get_format("square")
    sx, sy, sw, _ = fmt.safe_box
    zone, align = default_logo_zone(fmt, [], (300, 600, 480, 200))
    assert align == (0.0, 0.0) and zone[:2] == (sx, sy)
    assert zone[3] == round(0.14 * 1080)
    # the top-left taken by the subject: the top-right
    zone, align = default_logo_zone(fmt, [(0, 0, 500, 500)], (300, 600, 480, 200))
    assert align == (1.0, 0.0) and zone[0] + zone[2] == sx + sw
    # everything taken: no zone
    assert default_logo_zone(fmt, [(0, 0, 1080, 1080)], (300, 600, 480, 200)) == (None, (0.0, 0.0))
    # the copy gives way from the top, but never more than a third of its height
    assert copy_clear_of((100, 100, 800, 400), (100, 60, 200, 100), fmt) == (100, 182, 800, 318)
    assert copy_clear_of((100, 100, 800, 200), (100, 60, 200, 150), fmt) is None
    assert copy_clear_of((100, 500, 800, 200), (100, 60, 200, 100), fmt) == (100, 500, 800, 200)


def test_the_layouts_of_every_format_define_or_find_a_logo_zone() -> None:
    for fmt in PRESETS:
        assert layouts_for_format(get_format(fmt))  # the parametrised test above covers each file


def test_the_offline_agent_makes_a_branded_poster(mini_gallery: Settings, tmp_path: Path) -> None:
    from agent.loop import Agent
    from agent.planner import PosterPlan

    plan = PosterPlan(format="popup", palette=["red"], copy={}, subject_share=None, seed=0, layout="auto",
                      brand="lanxin")
    assert plan.compose_defaults()["brand"] == "lanxin"
    agent = Agent(mini_gallery.model_copy(update={"output_dir": tmp_path / "out"}))
    result = agent.make("会员日弹窗，标题：会员日狂欢，按钮：立即领取", brand="lanxin")
    spec = json.loads(Path(result.outputs[0].spec).read_text(encoding="utf-8"))
    assert spec["brand"] == "蓝信支付 Lanxin Pay" and spec["palette"][0] == "#1f5eff"
    assert [layer["kind"] for layer in spec["layers"]].count("logo") == 1
    with pytest.raises(BrandError, match="unknown brand"):
        agent.make("会员日弹窗，标题：会员日狂欢", brand="nobody")
