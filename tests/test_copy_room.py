"""Copy that does not fit its layout's box is given room, not cut: a line more, then space taken
from the picture beside it, then a wider button; what still cannot fit is reported."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.compose_fixtures import assets_fixture, request_for  # noqa: F401 (assets_fixture provides `assets`)
from tools.check import check_poster
from tools.compose import compose, frame_for
from tools.config import Settings
from tools.layouts import copy_takes_room

# A notice whose four lines, each said in full, outgrow the square's copy box at its smallest sizes.
LONG_EN = {"title": "Update available for Living Room Hub",
           "subtitle": "Version 3.8 improves Zigbee range and fixes a bug with scheduled scenes.",
           "body": "Your hub will restart. This takes about 2 minutes.", "cta": "Update now"}
# A rate notice: the square and the framed card hold it (the framed card's picture panel gives way), the
# collage (a hero tile and two side tiles) and the diagonal split cannot.
SAVINGS = {"title": "Your savings now earn 4.10% AER",
           "subtitle": "We've raised the rate on Instant Access Savings. No action needed — it applies automatically.",
           "body": "AER stands for Annual Equivalent Rate. Rate is variable and may change. Effective from 1 March 2024.",
           "cta": "View my savings"}
LIST_BODY = {"title": "少儿编程 四个阶段", "subtitle": "按年龄选课 老师一对一评估",
             "body": "启蒙：4-6岁 积木搭建与感知\n入门：6-8岁 图形化编程\n进阶：8-10岁 EV3机器人\n高阶：10岁+ Python与竞赛",
             "cta": "预约试听"}


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(_env_file=None)


def _truncated(spec) -> list[str]:
    return [p.details["field"] for p in check_poster(spec) if p.code == "copy_truncated"]


def test_the_copy_takes_room_on_the_side_where_it_meets_the_subject() -> None:
    # copy above the subject: the copy grows down, the region gives up its top
    region, copy = copy_takes_room((0, 400, 800, 300), (100, 100, 600, 250), 0.2)
    assert copy == (100, 100, 600, 310) and region == (0, 460, 800, 240)
    # copy under it: the copy grows up, the region gives up its bottom
    region, copy = copy_takes_room((0, 100, 800, 300), (100, 420, 600, 200), 0.2)
    assert copy == (100, 360, 600, 260) and region == (0, 100, 800, 240)
    # subject right of the copy, and left of it
    region, copy = copy_takes_room((700, 50, 400, 500), (40, 50, 500, 500), 0.25)
    assert copy == (40, 50, 600, 500) and region == (800, 50, 300, 500)
    region, copy = copy_takes_room((40, 50, 400, 500), (500, 50, 600, 500), 0.25)
    assert copy == (400, 50, 700, 500) and region == (40, 50, 300, 500)
    # copy laid over the subject's region: nothing to hand over
    assert copy_takes_room((0, 0, 800, 800), (100, 100, 600, 200), 0.3) == ((0, 0, 800, 800), (100, 100, 600, 200))


def test_long_copy_on_the_square_is_printed_whole_with_a_smaller_subject(settings, assets) -> None:
    request = request_for("square", assets, copy=LONG_EN)
    poster = compose(settings, request)
    assert _truncated(poster.spec) == []
    texts = {layer.role: layer for layer in poster.spec.layers if layer.kind == "text"}
    assert texts["title"].lines == ["Update available for", "Living Room Hub"]
    _, _, _, plain = frame_for(request)
    subject = next(layer for layer in poster.spec.layers if layer.id == "subject")
    assert subject.box[3] < plain.subject_box[3]  # the picture gave the copy its room
    assert subject.box[1] > texts["body"].box[1] + texts["body"].box[3]  # and stays clear of it


def test_short_copy_keeps_the_layouts_own_frame(settings, assets) -> None:
    request = request_for("square", assets)
    subject = next(layer for layer in compose(settings, request).spec.layers if layer.id == "subject")
    _, _, _, plain = frame_for(request)
    assert subject.box == plain.subject_box


def test_a_body_listing_four_lines_prints_each_of_them(settings, assets) -> None:
    spec = compose(settings, request_for("popup", assets, copy=LIST_BODY)).spec
    body = next(layer for layer in spec.layers if layer.role == "body")
    assert body.fits and [line.split("：")[0] for line in body.lines] == ["启蒙", "入门", "进阶", "高阶"]
    assert _truncated(spec) == []


def test_a_long_button_label_widens_its_button_clear_of_the_subject(settings, assets) -> None:
    copy = {"title": "The Perfect Fit", "subtitle": "Trunk show, 3 days only",
            "cta": "Book your fitting at whitfieldtailors.co.uk"}
    spec = compose(settings, request_for("banner", assets, layout="banner-row", copy=copy)).spec
    label = next(layer for layer in spec.layers if layer.role == "cta")
    button = next(layer for layer in spec.layers if layer.kind == "button")
    subject = next(layer for layer in spec.layers if layer.id == "subject")
    assert label.lines == [copy["cta"]] and label.fits
    assert button.box[0] + button.box[2] <= subject.box[0]


def test_copy_that_cannot_fit_anywhere_is_reported_not_dropped(settings, assets) -> None:
    # a picture tile the copy may not run onto: the words left out are named by field
    copy = {**LONG_EN, "body": " ".join([LONG_EN["body"]] * 6)}
    spec = compose(settings, request_for("square", assets, layout="square-framed", copy=copy)).spec
    assert "body" in _truncated(spec)


def _plan(layout: str, named: str | None = None):
    from agent.planner import PosterPlan

    return PosterPlan(format="popup", palette=["#e63930"], copy=dict(LONG_EN), subject_share=None, seed=0,
                      layout=layout, named_layout=named)


def test_a_chosen_layout_that_cuts_words_gives_way_to_the_formats_default() -> None:
    from agent.planner import revise

    truncated = [{"code": "copy_truncated", "layer_id": "body", "details": {"field": "body"}}]
    plan = _plan("popup-envelope")
    changes = revise(plan, truncated, language="zh")
    assert plan.layout == "auto" and any("popup" in change and "版式" in change for change in changes)
    named = _plan("popup-envelope", named="popup-envelope")  # the user's own choice stays
    revise(named, truncated, language="en")
    assert named.layout == "popup-envelope"
    already = _plan("auto")
    assert revise(already, truncated, language="en") == []


def test_words_cut_counts_what_a_layout_would_leave_out(settings) -> None:
    from tools.compose import ComposeRequest, words_cut

    def cut(layout: str) -> int:
        return words_cut(settings, ComposeRequest(format="square", layout=layout, subject="hero", copy=SAVINGS))

    assert cut("square") == 0  # the copy takes room from the subject
    assert cut("square-framed") == 0  # and from its picture panel, which gives way with it
    assert cut("square-collage") > 0  # the tiles beside the hero keep their place: the copy has nowhere to go


def test_the_subjects_panel_gives_way_with_it(settings, assets) -> None:
    request = request_for("square", assets, layout="square-framed", copy=LONG_EN)
    spec = compose(settings, request).spec
    assert _truncated(spec) == []
    _, _, _, plain = frame_for(request)
    panel = next(layer for layer in spec.layers if layer.id == "picture")
    before = next(layer for layer in plain.ground if layer.id == "picture")
    body = next(layer for layer in spec.layers if layer.role == "body")
    title = next(layer for layer in spec.layers if layer.role == "title")
    assert panel.box[3] < before.box[3] and panel.box[1] == before.box[1]  # its foot rose, its top stayed
    assert panel.box[1] + panel.box[3] <= title.box[1] and body.fits


def test_variants_take_the_layouts_that_hold_the_copy_first() -> None:
    from tools.formats import get_format
    from tools.layouts import BriefFacts, variant_layouts

    facts = BriefFacts(format="square", title=LONG_EN["title"], subtitle=LONG_EN["subtitle"], language="en")
    plain = variant_layouts(facts, get_format("square"), 4)
    assert len(set(plain)) == 4
    cutting = {plain[0], plain[1]}
    held = variant_layouts(facts, get_format("square"), 4, holds_copy=lambda name: name not in cutting)
    assert set(held[:2]) == set(plain) - cutting and held[2:] == [name for name in plain if name in cutting]


def test_made_variants_print_every_word(mini_gallery, tmp_path) -> None:
    from agent.loop import Agent

    agent = Agent(mini_gallery.model_copy(update={"output_dir": tmp_path / "out"}))
    # the diagonal split cuts this small print; the collage, ranked after it, holds it
    solar = {"title": "Solar that pays for itself in under 6 years",
             "subtitle": "Average payback period across 140 commercial installations in 2023",
             "body": "Payback period based on projects completed between January and December 2023. Individual "
                     "results may vary.", "cta": "Download the ROI calculator"}
    brief = "Square post 1080x1080. " + " ".join(f"{label}: {solar[field]}" for label, field in (
        ("Title", "title"), ("Subtitle", "subtitle"), ("Small print", "body"), ("Button", "cta")))
    result = agent.make(brief, count=3)
    assert result.brief.copy_text.body == solar["body"]
    assert len(result.outputs) == 3
    assert not [p for output in result.outputs for p in output.problems if p["code"] == "copy_truncated"]
    # three layouts that hold the copy, rather than the split cutting it and then revised into the square
    layouts = [json.loads(Path(output.spec).read_text(encoding="utf-8"))["layout"] for output in result.outputs]
    assert len(set(layouts)) == 3 and "square-split" not in layouts
