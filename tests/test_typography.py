"""Line breaking and fitting as a Chinese marketing designer judges them."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from support.compose_fixtures import LAYOUT_CASES, assets_fixture, request_for  # noqa: F401 (assets_fixture provides `assets`)
from tools.compose import frame_for
from tools.fonts import find_fonts
from tools.typography import (NO_LINE_END, NO_LINE_START, draw_lines, fit_text, line_origins, load_font,
                              segment)

ZH_LONG = ("限时领取每日一次，好运福袋大放送！连续7天领888金币（满100减20），新人专享50%折扣「双十一」狂欢节，"
           "iPhone15直降500元……")
EN_LONG = ("Cool Summer Deals: up to 50% off sunglasses, sandals & beach towels - shop the whole collection "
           "before Sunday night!")


@pytest.fixture(scope="module")
def fonts(request):
    from tools.config import Settings

    return find_fonts(Settings(_env_file=None))


def _ink_outside(lines, face, size, box_w, box_h, align, line_height, stroke) -> int:
    """Pixels of ink the renderer puts outside the box (drawn on a canvas with a margin)."""
    margin = size
    canvas = Image.new("L", (box_w + 2 * margin, box_h + 2 * margin), 0)
    draw_lines(ImageDraw.Draw(canvas), lines, str(face.path), face.index, size, (margin, margin, box_w, box_h),
               align=align, valign="center", line_height=line_height, fill=255, stroke=stroke, stroke_fill=255)
    ink = np.asarray(canvas) > 0
    inside = ink[margin:margin + box_h, margin:margin + box_w].sum()
    return int(ink.sum() - inside)


def _fit(text, face, w, h, **kw):
    return fit_text(text, str(face.path), face.index, w, h, **kw)


@pytest.mark.parametrize("preset,layout", LAYOUT_CASES)
def test_copy_never_leaves_its_box_from_1_to_60_characters(preset, layout, fonts, assets) -> None:
    _, _, _, frame = frame_for(request_for(preset, assets, layout=layout))
    x, y, w, h = frame.copy_box
    for role, face, stroke_ratio, line_height in (("title", fonts.bold, 0.08, 1.18),
                                                 ("subtitle", fonts.regular, 0.0, 1.3)):
        sizes = frame.sizes[role]
        for text in (ZH_LONG, EN_LONG):
            for length in range(1, 61):
                piece = text[:length].strip() or text[0]
                fit = _fit(piece, face, w, h, max_size=sizes.max, min_size=sizes.min, max_lines=sizes.lines,
                           stroke_ratio=stroke_ratio, line_height=line_height)
                assert fit.width <= w and fit.height <= h, (preset, role, piece)
                if length % 6 == 1 or not fit.fits:  # the renderer agrees, checked on a sample
                    assert _ink_outside(fit.lines, face, fit.size, w, h, "center", line_height,
                                        fit.stroke_width) == 0, (preset, role, piece, fit)
                if fit.fits:
                    assert "".join("".join(fit.lines).split()) == "".join(piece.split())
                assert sizes.min <= fit.size <= sizes.max


def test_too_long_reports_fits_false_and_stays_inside(fonts) -> None:
    fit = _fit(ZH_LONG, fonts.bold, 300, 120, max_size=60, min_size=40, max_lines=2, stroke_ratio=0.08)
    assert fit.fits is False
    assert fit.lines and fit.lines[-1].endswith("…")
    assert len(fit.lines) <= 2
    assert _ink_outside(fit.lines, fonts.bold, fit.size, 300, 120, "center", 1.25, fit.stroke_width) == 0


def test_nothing_fits_a_box_smaller_than_one_line(fonts) -> None:
    fit = _fit("好运福袋", fonts.bold, 300, 10, max_size=60, min_size=40, max_lines=2)
    assert fit.fits is False and fit.lines == []


@pytest.mark.parametrize("width", [130, 170, 210, 260, 330, 420])
def test_kinsoku_no_line_starts_with_closing_or_ends_with_opening_punctuation(fonts, width) -> None:
    text = "「限时」领取，每日一次！（新人专享）好运福袋。《双十一》狂欢、满减；优惠：多多"
    fit = _fit(text, fonts.regular, width, 2000, max_size=32, min_size=32, max_lines=30, balance=False)
    assert fit.fits and len(fit.lines) > 1
    for line in fit.lines:
        assert line[0] not in NO_LINE_START, fit.lines
        assert line[-1] not in NO_LINE_END, fit.lines


@pytest.mark.parametrize("width", [160, 190, 230, 280, 340])
def test_latin_words_and_number_unit_groups_are_never_split(fonts, width) -> None:
    text = "连续7天领888金币，满100减20，iPhone15直降50%，Super Sale周末¥99起"
    fit = _fit(text, fonts.regular, width, 2000, max_size=28, min_size=28, max_lines=30, balance=False)
    assert fit.fits
    for group in ("7天", "888金币", "iPhone15", "50%", "Super", "Sale", "¥99"):
        assert any(group in line for line in fit.lines), (group, fit.lines)


def test_number_takes_its_chinese_unit_word() -> None:
    units = [unit.text for unit in segment("领888金币")[0]]
    assert "888金币" in units


def test_title_is_balanced_on_word_boundaries(fonts) -> None:
    size = 80
    width = int(load_font(str(fonts.bold.path), fonts.bold.index, size).getlength("好运福袋大")) + 20
    fit = _fit("好运福袋大放送", fonts.bold, width, 400, max_size=size, min_size=size, max_lines=2)
    assert fit.lines == ["好运福袋", "大放送"]


def test_no_orphan_character_on_the_last_line(fonts) -> None:
    size = 60
    font = load_font(str(fonts.bold.path), fonts.bold.index, size)
    width = int(font.getlength("新人专享礼")) + 4  # five fit on a line; six do not
    fit = _fit("新人专享礼包", fonts.bold, width, 400, max_size=size, min_size=size, max_lines=3)
    assert len(fit.lines) == 2 and min(len(line) for line in fit.lines) >= 2, fit.lines


def test_english_title_breaks_between_words(fonts) -> None:
    fit = _fit("Cool Summer Deals", fonts.bold, 560, 400, max_size=80, min_size=80, max_lines=3)
    assert all(word in " ".join(fit.lines).split() for word in ("Cool", "Summer", "Deals"))
    assert len(fit.lines) == 2


def test_explicit_newline_is_kept(fonts) -> None:
    fit = _fit("好运福袋\n限时领取", fonts.bold, 900, 400, max_size=60, min_size=20, max_lines=3)
    assert fit.lines == ["好运福袋", "限时领取"]


def test_mixed_chinese_and_latin_share_one_baseline(fonts) -> None:
    """The Latin glyphs of a mixed line sit exactly where they sit alone on that baseline."""
    path, index, size = str(fonts.regular.path), fonts.regular.index, 64
    (x, y, anchor), = line_origins(["HH"], path, index, size, (0, 0, 600, 120), "left", "center", 1.25, 0)

    def bottom_of_h(text: str) -> int:
        canvas = Image.new("L", (600, 120), 0)
        ImageDraw.Draw(canvas).text((x, y), text, font=load_font(path, index, size), fill=255, anchor=anchor)
        column = np.asarray(canvas)[:, x: x + 30]  # the first H
        return int(np.nonzero(column.max(axis=1))[0].max())

    assert bottom_of_h("HH世界") == bottom_of_h("HH") == y - 1


def test_a_spec_whose_fonts_moved_away_renders_with_the_configured_fonts(tmp_path, fonts) -> None:
    """A spec written on another machine names font files this one lacks: reading it takes the
    fonts the settings name, each layer keeping its weight, and the render sets its text."""
    import json

    from tools.config import Settings
    from tools.render_spec import load_spec_file, render_spec_file

    layers = [{"id": "bg", "kind": "background", "name": "bg", "box": [0, 0, 200, 100], "fill": ["#ffffff"]},
              {"id": "t", "kind": "text", "name": "好运", "box": [10, 10, 180, 40], "text": "好运", "size": 30,
               "max_size": 30, "weight": "bold", "font": str(tmp_path / "gone-bold.ttf")},
              {"id": "s", "kind": "text", "name": "来了", "box": [10, 55, 180, 40], "text": "来了", "size": 24,
               "max_size": 24, "font": str(tmp_path / "gone.ttf")}]
    spec_path = tmp_path / "moved.spec.json"
    spec_path.write_text(json.dumps({"width": 200, "height": 100, "format": "200x100", "layout": "hand",
                                     "safe_area": [0, 0, 200, 100], "layers": layers}), encoding="utf-8")
    settings = Settings(_env_file=None, font_path=str(fonts.regular.path), font_bold_path=str(fonts.bold.path))
    loaded, _ = load_spec_file(spec_path, settings)
    by_id = {layer.id: layer for layer in loaded.layers}
    assert (by_id["t"].font, by_id["t"].font_index) == (str(fonts.bold.path), 0)
    assert (by_id["s"].font, by_id["s"].font_index) == (str(fonts.regular.path), 0)
    result = render_spec_file(spec_path, tmp_path / "out", settings=settings)
    ink = np.asarray(Image.open(result["png"]).convert("L"))[10:50, 10:190]
    assert (ink < 128).sum() > 100, "the title is set in the configured bold font"
