"""Composition: formats, the four layouts, series consistency, decorations, the spec schema."""
from __future__ import annotations

import json

import pytest

from support.compose_fixtures import (EN_COPY, LAYOUT_CASES, PRESETS, ZH_COPY, assets_fixture, gallery_icon,  # noqa: F401
                                   request_for)
from tools.check import check_poster
from tools.compose import ComposeRequest, compose_poster, parse_palette
from tools.errors import SpecError
from tools.formats import PRESETS as FORMAT_PRESETS
from tools.formats import get_format
from tools.render import render_poster
from tools.spec import PosterSpec


def _centre(box):
    return box[0] + box[2] / 2, box[1] + box[3] / 2


def _inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] and inner[1] >= outer[1] and inner[0] + inner[2] <= outer[0] + outer[2]
            and inner[1] + inner[3] <= outer[1] + outer[3])


def _intersects(a, b) -> bool:
    return not (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1])


# ---------------------------------------------------------------------------------- formats

def test_presets_have_the_product_sizes() -> None:
    assert {name: fmt.size for name, fmt in FORMAT_PRESETS.items()} == {
        "popup": (750, 1000), "poster": (1080, 1920), "banner": (1200, 628), "square": (1080, 1080)}
    for fmt in FORMAT_PRESETS.values():
        x, y, w, h = fmt.safe_box
        assert 0 < x and 0 < y and x + w < fmt.width and y + h < fmt.height


@pytest.mark.parametrize("text,size,layout", [
    ("1080x1920", (1080, 1920), "poster"), ("1080×1920", (1080, 1920), "poster"), ("800 x 600", (800, 600), "square"),
    ("1920X600", (1920, 600), "banner"), ("600x800", (600, 800), "popup"), ("Banner", (1200, 628), "banner")])
def test_any_size_gets_a_fitting_layout(text, size, layout) -> None:
    fmt = get_format(text)
    assert fmt.size == size and fmt.default_layout == layout


@pytest.mark.parametrize("text", ["", "poster2", "10x10", "1080x99999", "a×b"])
def test_unknown_format_is_a_clear_error(text) -> None:
    with pytest.raises(SpecError):
        get_format(text)


# ---------------------------------------------------------------------------------- layouts

@pytest.mark.parametrize("preset,layout", LAYOUT_CASES)
def test_every_preset_composes_and_checks_clean(preset, layout, settings, assets) -> None:
    spec = compose_poster(settings, request_for(preset, assets, layout=layout))
    assert spec.size == get_format(preset).size and spec.layout == (preset if layout == "auto" else layout)
    assert check_poster(spec, render_poster(spec)) == []


@pytest.mark.parametrize("preset,stem,copy", [("popup", "1f9e7", ZH_COPY), ("poster", "1f381", ZH_COPY),
                                              ("banner", "1f6e1-fe0f", EN_COPY), ("square", "1f381", EN_COPY)])
def test_gallery_icons_compose_clean_in_every_preset(preset, stem, copy, settings) -> None:
    request = ComposeRequest.model_validate({
        "format": preset, "palette": ["red", "yellow"], "subject": gallery_icon(stem), "copy": copy,
        "decorations": [gallery_icon("1fa99"), gallery_icon("2728")], "pedestal": preset == "poster"})
    spec = compose_poster(settings, request)
    assert check_poster(spec, render_poster(spec)) == []


@pytest.mark.parametrize("pedestal", [False, True])
def test_popup_puts_copy_on_top_and_the_subject_below_on_a_card(pedestal, settings, assets) -> None:
    spec = compose_poster(settings, request_for("popup", assets, pedestal=pedestal))
    card, subject = spec.layer("card"), spec.layer("subject")
    assert spec.layout == "popup" and spec.layer("backdrop").dim > 0.3 and spec.layer("close") is not None
    copy_bottom = max(spec.text_layer(role).box[1] + spec.text_layer(role).box[3] for role in ("title", "subtitle"))
    assert copy_bottom < subject.box[1]
    assert subject.box[1] + subject.box[3] < spec.layer("button").box[1]
    for layer in (subject, *(spec.text_layer(role) for role in ("title", "subtitle", "cta"))):
        assert _inside(layer.box, card.box)
    assert check_poster(spec, render_poster(spec)) == []


def test_popup_breakout_has_the_subject_breaking_out_of_the_card(settings, assets) -> None:
    spec = compose_poster(settings, request_for("popup", assets, layout="popup-breakout"))
    card, subject = spec.layer("card"), spec.layer("subject")
    assert spec.layer("backdrop").dim > 0.3 and spec.layer("close") is not None
    assert subject.box[1] < card.box[1] < subject.box[1] + subject.box[3]  # over the card's top edge
    for role in ("title", "subtitle", "cta"):
        assert _inside(spec.text_layer(role).box, card.box)
    assert spec.layer("button").radius == spec.layer("button").box[3] // 2  # a pill


def test_banner_puts_copy_left_and_subject_right(settings, assets) -> None:
    spec = compose_poster(settings, request_for("banner", assets, copy=EN_COPY))
    subject = spec.layer("subject").box
    for layer in spec.of_kind("text"):
        assert layer.box[0] + layer.box[2] <= subject[0]
    assert spec.text_layer("title").align == "left"


def test_poster_centres_the_subject_above_the_copy(settings, assets) -> None:
    spec = compose_poster(settings, request_for("poster", assets))
    subject = spec.layer("subject").box
    assert abs(_centre(subject)[0] - spec.width / 2) <= 1
    assert subject[1] + subject[3] < spec.text_layer("title").box[1]
    assert spec.text_layer("cta").box[1] > spec.height * 0.8


def test_square_puts_copy_on_top_and_the_button_below_the_subject(settings, assets) -> None:
    spec = compose_poster(settings, request_for("square", assets))
    subject = spec.layer("subject").box
    assert spec.text_layer("title").box[1] + spec.text_layer("title").box[3] < subject[1]
    assert spec.layer("button").box[1] > subject[1] + subject[3] * 0.8


def test_formats_are_relaid_out_not_cropped(settings, assets) -> None:
    """The subject's place relative to the canvas differs by format: each gets its own layout."""
    places = {}
    for preset, layout in LAYOUT_CASES:
        spec = compose_poster(settings, request_for(preset, assets, layout=layout))
        subject = spec.layer("subject").box
        cx, cy = _centre(subject)
        places[(preset, layout)] = (round(cx / spec.width, 2), round(cy / spec.height, 2),
                                    round(subject[2] / spec.width, 2), spec.layer("card") is not None)
    assert len(set(places.values())) == 5, places


def test_pedestal_is_drawn_under_the_subject(settings, assets) -> None:
    spec = compose_poster(settings, request_for("poster", assets, pedestal=True))
    pedestal, subject = spec.layer("pedestal"), spec.layer("subject")
    assert pedestal.style == "podium" and pedestal.z < subject.z
    assert pedestal.box[1] < subject.box[1] + subject.box[3] < pedestal.box[1] + pedestal.box[3]
    assert check_poster(spec) == []


def test_copy_only_poster_without_a_subject(settings, assets) -> None:
    for preset in PRESETS:
        spec = compose_poster(settings, request_for(preset, assets, subject=None))
        assert spec.layer("subject") is None
        assert check_poster(spec) == []


def test_background_image_fills_the_canvas(settings, assets) -> None:
    spec = compose_poster(settings, request_for("poster", assets, background=assets["subject2"]))
    assert spec.layer("background").source == assets["subject2"]


# ---------------------------------------------------------------------------------- series

@pytest.mark.parametrize("preset,layout", LAYOUT_CASES)
def test_a_series_keeps_positions_sizes_palette_and_background(preset, layout, settings, assets) -> None:
    first = compose_poster(settings, request_for(preset, assets, subject=assets["subject"], layout=layout))
    second = compose_poster(settings, request_for(preset, assets, subject=assets["subject2"], layout=layout))
    assert first.palette == second.palette
    assert len(first.layers) == len(second.layers)
    for a, b in zip(first.layers, second.layers):
        if a.id == "subject":
            assert a.box == b.box and a.source != b.source
            continue
        assert a == b, a.id


def test_same_request_same_spec_and_seed_moves_decorations(settings, assets) -> None:
    request = request_for("poster", assets)
    assert compose_poster(settings, request).to_json() == compose_poster(settings, request).to_json()
    boxes = set()
    for seed in range(4):
        spec = compose_poster(settings, request_for("poster", assets, seed=seed))
        boxes.add(tuple(layer.box for layer in spec.of_kind("decoration")))
    assert len(boxes) > 1


@pytest.mark.parametrize("preset,layout", LAYOUT_CASES)
def test_decorations_stay_clear_of_copy_and_subject(preset, layout, settings, assets) -> None:
    for seed in range(3):
        spec = compose_poster(settings, request_for(preset, assets, seed=seed, layout=layout))
        decorations = spec.of_kind("decoration")
        assert 2 <= len(decorations) <= 5
        assert len({deco.source for deco in decorations}) == len(decorations), "a picture placed twice"
        subject = spec.layer("subject").box
        middle = (subject[0] + subject[2] // 4, subject[1] + subject[3] // 4, subject[2] // 2, subject[3] // 2)
        for deco in decorations:
            assert not _intersects(deco.box, middle)
            assert deco.z < spec.layer("subject").z  # behind it: may tuck under an edge, never cover it
            for text in spec.of_kind("text"):
                assert not _intersects(deco.box, text.box), (deco.id, text.id)
            assert spec.layer(f"{deco.id}-shadow").of == deco.id


# ---------------------------------------------------------------------------------- request and spec

def test_palette_takes_hex_keys_names_and_triples() -> None:
    assert parse_palette(["#ff0000", "blue", "黄色", (1, 2, 3)]) == [
        (255, 0, 0), (41, 121, 255), (255, 204, 41), (1, 2, 3)]
    with pytest.raises(SpecError):
        parse_palette(["not a colour"])


def test_flat_tool_arguments_are_accepted(settings, assets) -> None:
    request = ComposeRequest.model_validate({"format": "popup", "title": "好运福袋", "cta": "立即领取",
                                             "subject": "", "palette": [], "layout": "", "background": ""})
    assert request.copy_text.title == "好运福袋" and request.subject is None and request.layout == "auto"
    spec = compose_poster(settings, request)
    assert spec.text_layer("title").text == "好运福袋"


def test_layer_names_follow_the_copy_language(settings, assets) -> None:
    zh = compose_poster(settings, request_for("popup", assets))
    en = compose_poster(settings, request_for("popup", assets, copy=EN_COPY))
    assert zh.language == "zh" and zh.layer("subject").name == "主体" and zh.layer("backdrop").name.startswith("背景")
    assert en.language == "en" and en.layer("subject").name == "Subject"
    assert zh.text_layer("subtitle").name == "限时领取 每日一次"
    assert en.text_layer("title").name == "Cool Summer Deals"


def test_spec_json_round_trips_with_version_backends_and_copy(settings, assets) -> None:
    spec = compose_poster(settings, request_for("banner", assets, backends={"img2img": "recolour"}, template="banner"))
    data = json.loads(spec.to_json())
    assert data["version"] == 1 and data["copy"]["title"] == "好运福袋" and data["template"] == "banner"
    assert data["backends"]["img2img"] == "recolour" and data["backends"]["compose"] == "pillow"
    title = next(layer for layer in data["layers"] if layer["id"] == "title")
    for field in ("kind", "box", "z", "text", "font", "font_index", "size", "color", "stroke_color", "lines"):
        assert field in title
    assert PosterSpec.from_json(spec.to_json()) == spec
    assert [layer.z for layer in spec.layers] == sorted(layer.z for layer in spec.layers)


def test_bad_spec_json_is_a_spec_error(tmp_path) -> None:
    path = tmp_path / "bad.spec.json"
    path.write_text('{"width": 10}', encoding="utf-8")
    with pytest.raises(SpecError, match="bad.spec.json"):
        PosterSpec.load(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SpecError, match="not valid JSON"):
        PosterSpec.load(path)


def test_missing_files_and_unknown_layouts_are_clear_errors(settings, assets) -> None:
    with pytest.raises(SpecError, match="does not exist"):
        compose_poster(settings, request_for("popup", assets, subject="/nowhere/subject.png"))
    with pytest.raises(SpecError, match="layout"):
        compose_poster(settings, request_for("popup", assets, layout="diagonal"))
