"""check_poster finds each planted problem, names the layer, and is silent on a good poster."""
from __future__ import annotations

import pytest

from support.compose_fixtures import PRESETS, assets_fixture, request_for  # noqa: F401
from tools.check import CODES, check_poster
from tools.compose import compose_poster
from tools.render import render_poster
from tools.spec import PosterSpec


@pytest.fixture
def good(settings, assets) -> PosterSpec:
    return compose_poster(settings, request_for("popup", assets))


def _edit(spec: PosterSpec, layer_id: str, **changes) -> PosterSpec:
    return spec.model_copy(update={"layers": [layer.model_copy(update=changes) if layer.id == layer_id else layer
                                              for layer in spec.layers]})


def _codes(problems) -> list[str]:
    return [problem.code for problem in problems]


@pytest.mark.parametrize("preset", PRESETS)
def test_a_good_poster_has_no_problems(preset, settings, assets) -> None:
    spec = compose_poster(settings, request_for(preset, assets))
    assert check_poster(spec, render_poster(spec)) == []


def test_empty_title(settings, assets) -> None:
    spec = compose_poster(settings, request_for("popup", assets, copy={"title": "  ", "cta": "立即领取"}))
    problems = check_poster(spec)
    assert _codes(problems) == ["empty_title"]
    assert problems[0].severity == "error"


def test_text_outside_the_safe_area_and_the_canvas(good) -> None:
    x, y, w, h = good.text_layer("subtitle").box
    inside_canvas = _edit(good, "subtitle", box=(good.safe_area[0] - 30, y, w, h), align="left")
    problem = next(p for p in check_poster(inside_canvas) if p.code == "text_outside_safe_area")
    assert problem.layer == "限时领取 每日一次" and problem.details["outside_canvas"] is False
    off = _edit(good, "subtitle", box=(-120, y, w, h), align="left")
    problem = next(p for p in check_poster(off) if p.code == "text_outside_safe_area")
    assert problem.details["outside_canvas"] is True


def test_text_over_the_subject(good) -> None:
    subject = good.layer("subject").box
    title = good.text_layer("title")
    moved = _edit(good, "title", box=(title.box[0], subject[1] + subject[3] // 3, title.box[2], title.box[3]))
    problems = check_poster(moved)
    overlap = next(p for p in problems if p.code == "text_overlaps_subject")
    assert overlap.layer_id == "title" and overlap.details["pixels"] > 100


def test_low_contrast_against_the_rendered_pixels(good) -> None:
    card = good.layer("card")
    faded = _edit(good, "subtitle", color=card.fill[-1])
    faded = _edit(faded, "subtitle", color=card.fill[0])
    problem = next(p for p in check_poster(faded) if p.code == "low_contrast")
    assert problem.layer_id == "subtitle" and problem.details["contrast"] < 4.5


def test_outline_too_thin_to_count_is_measured_against_the_ground(good) -> None:
    title = good.text_layer("title")
    thin = _edit(good, "title", stroke_width=1, color="#ffd34d")  # pale yellow on an orange card
    assert "low_contrast" in _codes(check_poster(thin))
    assert "low_contrast" not in _codes(check_poster(_edit(good, "title", stroke_width=title.stroke_width)))


def test_text_that_did_not_fit_is_clipped(settings, assets) -> None:
    # three times what a popup's title can hold even with a line more and the subject's room
    long_title = "双十一狂欢节好运福袋限时领取每日一次连续七天签到领取八百八十八金币新人专享大礼包" * 3
    spec = compose_poster(settings, request_for("popup", assets, copy={"title": long_title, "cta": "立即领取"}))
    problem = next(p for p in check_poster(spec) if p.code == "text_clipped")
    assert problem.layer_id == "title" and problem.details["characters"] == len(long_title)


def test_lines_that_spill_out_of_the_box_are_clipped(good) -> None:
    subtitle = good.text_layer("subtitle")
    long_line = "限时领取 每日一次 限时领取 每日一次 限时领取"
    spilled = _edit(good, "subtitle", lines=[long_line], text=long_line)
    problem = next(p for p in check_poster(spilled) if p.code == "text_clipped")
    assert problem.details["spilled_pixels"] > 0 and problem.layer_id == subtitle.id


def test_texts_overlapping_each_other(good) -> None:
    title = good.text_layer("title")
    height = good.text_layer("subtitle").box[3]
    moved = _edit(good, "subtitle", box=(title.box[0], title.box[1] + 10, title.box[2], height))
    assert "text_overlaps_text" in _codes(check_poster(moved))


def test_subject_too_small(good) -> None:
    box = good.layer("subject").box
    tiny = _edit(good, "subject", box=(box[0], box[1], 40, 40))
    problem = next(p for p in check_poster(tiny) if p.code == "subject_too_small")
    assert problem.details["share"] < 0.03


def test_missing_source_is_reported_not_raised(good) -> None:
    broken = _edit(good, "subject", source="/nowhere/gone.png")
    problem = next(p for p in check_poster(broken) if p.code == "missing_source")
    assert problem.layer_id == "subject"


def test_problems_are_machine_readable(good) -> None:
    off = _edit(good, "subtitle", box=(-120, *good.text_layer("subtitle").box[1:]))
    for problem in check_poster(off):
        data = problem.model_dump()
        assert set(data) == {"code", "layer", "layer_id", "severity", "message", "details"}
        assert data["code"] in CODES and data["message"]
