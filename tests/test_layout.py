"""Copy colour and contrast: every text reads at 4.5:1 on light, dark and busy grounds."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from support.compose_fixtures import (EN_COPY, LAYOUT_CASES, assets_fixture, busy_background, flat_background,  # noqa: F401
                                   request_for)
from tools.check import check_poster
from tools.colors import contrast_ratio
from tools.compose import compose_poster
from tools.formats import get_format
from tools.layout import MIN_CONTRAST, Theme, deep_tone, measure_contrast
from tools.text_fit import refresh_text, text_is_stale
from tools.render import render_layers, render_poster

BODY = "Free shipping on orders over $50, today only."


def _grounds(tmp_path: Path, preset: str) -> dict[str, Path]:
    size = get_format(preset).size
    return {"light": flat_background(tmp_path / "white.png", size, (252, 252, 250)),
            "dark": flat_background(tmp_path / "black.png", size, (12, 12, 16)),
            "busy": busy_background(tmp_path / "busy.png", size)}


@pytest.mark.parametrize("preset,layout", LAYOUT_CASES)
@pytest.mark.parametrize("ground", ["light", "dark", "busy"])
def test_every_text_reaches_4_5_to_1_on_light_dark_and_busy_grounds(preset, layout, ground, settings, assets, tmp_path):
    background = _grounds(tmp_path, preset)[ground]
    request = request_for(preset, assets, palette=["blue", "white"], background=str(background), layout=layout,
                          copy={**EN_COPY, "body": BODY})
    spec = compose_poster(settings, request)
    under = render_layers(spec, include=lambda layer: layer.kind != "text")
    for layer in spec.of_kind("text"):
        assert measure_contrast(layer, under) >= MIN_CONTRAST, (layer.id, layer.color)
    assert [p.code for p in check_poster(spec)] == []
    if ground == "busy":  # nothing on the palette reads there without a plate
        assert spec.of_kind("panel")


def test_plain_grounds_need_no_plate(settings, assets, tmp_path) -> None:
    for ground in ("light", "dark"):
        background = _grounds(tmp_path, "poster")[ground]
        spec = compose_poster(settings, request_for("poster", assets, background=str(background)))
        assert spec.of_kind("panel") == []


def test_title_has_a_contrasting_outline_like_the_reference(settings, assets) -> None:
    spec = compose_poster(settings, request_for("popup", assets))
    title = spec.text_layer("title")
    assert title.weight == "bold" and title.stroke_width >= 2
    assert contrast_ratio(_rgb(title.color), _rgb(title.stroke_color)) >= 7


def test_subtitle_is_quieter_than_the_title(settings, assets) -> None:
    spec = compose_poster(settings, request_for("popup", assets))
    title, subtitle = spec.text_layer("title"), spec.text_layer("subtitle")
    assert subtitle.weight == "regular" and subtitle.size < title.size * 0.6 and subtitle.stroke_width == 0


def test_measured_contrast_uses_the_pixels_under_the_glyphs(settings, assets) -> None:
    spec = compose_poster(settings, request_for("poster", assets))
    subtitle = spec.text_layer("subtitle")
    same = subtitle.model_copy(update={"color": "#808080"})
    grey = Image.new("RGB", spec.size, (128, 128, 128))
    assert measure_contrast(same, grey) == pytest.approx(1.0)
    white = Image.new("RGB", spec.size, (255, 255, 255))
    assert measure_contrast(same.model_copy(update={"color": "#000000"}), white) == pytest.approx(21.0)


def test_deep_tone_carries_white_text() -> None:
    for colour in ((255, 204, 41), (230, 57, 48), (110, 220, 180), (250, 250, 252)):
        assert contrast_ratio(deep_tone(colour), (255, 255, 255)) >= 7


def test_one_colour_palette_gets_a_companion() -> None:
    theme = Theme.from_palette([(41, 121, 255)])
    assert theme.second != theme.main


def test_edited_text_is_refitted_in_its_box(settings, assets) -> None:
    spec = compose_poster(settings, request_for("popup", assets))
    title = spec.text_layer("title")
    edited = spec.model_copy(update={"layers": [
        layer.model_copy(update={"text": "好运来福袋大放送"}) if layer.id == "title" else layer
        for layer in spec.layers]})
    assert text_is_stale(edited.text_layer("title"))
    refreshed = refresh_text(edited)
    new_title = refreshed.text_layer("title")
    assert "".join(new_title.lines) == "好运来福袋大放送"
    assert new_title.box == title.box and new_title.name == "好运来福袋大放送"
    assert not text_is_stale(new_title)
    assert refreshed.text_layer("subtitle") == spec.text_layer("subtitle")
    assert [p.code for p in check_poster(refreshed, render_poster(refreshed))] == []


def _rgb(value: str) -> tuple[int, int, int]:
    from tools.colors import parse_hex

    return parse_hex(value)
