"""Copy extraction for the round-12 ways of writing a brief (issue 16): Offer / Message / Details as labels, a
bar inside fine print, a length limit between a label and its colon (标题不超过10个字：), a sign-off after the
copy lines (that's it), 前往 as a button's verb, a modal adverb in a connector (should just say), a quote its
own sentence takes back (…so drop that), an offer that names the job and is already in the copy, a pasted
mail's header, the stop of a sentence of clauses on its own line, a bracketed key to the copy lines
((headline / fine print / button)), and a list under a body label's line.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

import pytest

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- label families
def test_offer_message_and_details_are_labels(lexicon: BriefLexicon) -> None:
    expect_copy("Bakery popup\nHeadline: Fresh Out of the Oven\nOffer: Two croissants for $5\nButton: Order now", lexicon,
                title="Fresh Out of the Oven", subtitle="Two croissants for $5", cta="Order now")
    expect_copy("Title: We'll be right back\nMessage: Payments are paused for an upgrade", lexicon,
                title="We'll be right back", body="Payments are paused for an upgrade")


def test_a_word_of_those_labels_in_a_sentence_is_no_label(lexicon: BriefLexicon) -> None:
    got = copy_fields("Headline: Fresh Out of the Oven\nMessage me once the offer goes live", lexicon)
    assert got["body"] is None and got["subtitle"] is None


def test_a_bar_inside_fine_print_joins_its_parts(lexicon: BriefLexicon) -> None:
    expect_copy("Garden tour poster\nHeadline: Open Gardens Weekend\nDetails: Sat 10–2 | 5 Elm Street", lexicon,
                title="Open Gardens Weekend", body="Sat 10–2 | 5 Elm Street")


def test_a_label_after_a_bar_still_ends_fine_print(lexicon: BriefLexicon) -> None:
    got = copy_fields("Headline: Open Gardens Weekend\nDetails: Sat 10–2 | Button: Get tickets", lexicon)
    assert got["body"] == "Sat 10–2" and got["cta"] == "Get tickets"


# ---------------------------------------------------------------------------- remarks between label and colon
@pytest.mark.parametrize("brief, field, value", [
    ("洗护弹窗，标题不超过8个字：秋冬焕新季", "title", "秋冬焕新季"),
    ("洗护弹窗\n按钮2个字：抢购", "cta", "抢购"),
    ("Shoe popup\nHeadline under 30 characters: Step Into Spring", "title", "Step Into Spring"),
])
def test_a_length_limit_between_a_label_and_its_colon_is_left_out(brief: str, field: str, value: str,
                                                                   lexicon: BriefLexicon) -> None:
    assert copy_fields(brief, lexicon)[field] == value


def test_a_count_after_the_colon_is_the_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("洗护弹窗\n副标题：任选2件8折", lexicon)["subtitle"] == "任选2件8折"


# ---------------------------------------------------------------------------- the end of the copy lines
def test_a_sign_off_after_the_copy_lines_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Dental clinic popup, text in order:\nSmile Brighter\nWhitening from $99\nBook a Visit\nthat's all, thanks",
                lexicon, title="Smile Brighter", subtitle="Whitening from $99", cta="Book a Visit")


def test_qianwang_and_a_verb_is_a_button(lexicon: BriefLexicon) -> None:
    assert copy_fields("周年庆海报，全场满300减50，前往抢购", lexicon)["cta"] == "前往抢购"
    assert copy_fields("周年庆海报，欢迎前往门店体验新品", lexicon)["cta"] is None


def test_an_adverb_inside_a_connector_still_brings_the_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("Spa popup. The button should just say Reserve a Spot", lexicon)["cta"] == "Reserve a Spot"
    assert copy_fields("Spa popup. The button should just be bigger", lexicon)["cta"] is None


# ---------------------------------------------------------------------------- quotes that are no copy
def test_a_quote_its_own_sentence_takes_back_is_no_copy(lexicon: BriefLexicon) -> None:
    got = copy_fields('Title: "Autumn Arrivals". We first tried "Fall Finds" for the button, scrap that. '
                      'Button: "See the Edit"', lexicon)
    assert got["body"] is None and got["subtitle"] is None and got["cta"] == "See the Edit"


def test_a_take_back_in_a_later_sentence_leaves_the_quote(lexicon: BriefLexicon) -> None:
    got = copy_fields('Title: "Autumn Arrivals". Button "See the Edit". Then drop it into the app banner too.', lexicon)
    assert got["cta"] == "See the Edit"


def test_an_offer_that_names_the_job_and_is_in_the_copy_is_no_subtitle(lexicon: BriefLexicon) -> None:
    expect_copy("买一送一那个海报：「周末咖啡节，买一送一」 按钮写「马上喝」", lexicon,
                title="周末咖啡节，买一送一", cta="马上喝")


def test_an_offer_the_copy_does_not_state_is_still_the_subtitle(lexicon: BriefLexicon) -> None:
    assert copy_fields("咖啡海报：「周末咖啡节」，全场买一送一", lexicon)["subtitle"] == "全场买一送一"


# ---------------------------------------------------------------------------- a pasted mail
def test_a_pasted_mail_header_holds_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("FW: 秋季上新文案终稿\n\n-----原始邮件-----\n发件人：李雷\n主题：秋季上新文案终稿\n\n主标题：秋冬上新 全场8折",
                lexicon, title="秋冬上新 全场8折")
    expect_copy("Fwd: launch copy - approved\n\n---------- Forwarded message ---------\nFrom: Ann\nSubject: launch copy - "
                "approved\n\nHeadline: Meet the New Kettle", lexicon, title="Meet the New Kettle")


def test_a_theme_line_outside_a_mail_header_is_still_the_title(lexicon: BriefLexicon) -> None:
    assert copy_fields("主题：秋日上新\n按钮：去看看", lexicon)["title"] == "秋日上新"


# ---------------------------------------------------------------------------- the stop of a line of copy
def test_a_sentence_of_clauses_alone_on_any_labelled_line_keeps_its_stop(lexicon: BriefLexicon) -> None:
    got = copy_fields("Headline: Bread Club\nSubtitle: Fresh loaves, baked daily.\nBody: Book today — spots fill fast.",
                      lexicon)
    assert got["subtitle"] == "Fresh loaves, baked daily." and got["body"] == "Book today — spots fill fast."


def test_a_single_clause_on_a_labelled_subtitle_line_keeps_its_stop(lexicon: BriefLexicon) -> None:
    assert copy_fields("Headline: Bread Club\nSubtitle: Baked daily.", lexicon)["subtitle"] == "Baked daily."
    # …but not one that separates it from the next field on its line
    assert copy_fields("Headline: Bread Club\nSubtitle: Baked daily. Button: Join", lexicon)["subtitle"] == "Baked daily"


def test_a_copy_line_of_clauses_keeps_its_stop(lexicon: BriefLexicon) -> None:
    got = copy_fields("Library popup, copy:\nLate Nights, Quiet Rooms.\nOpen until midnight in exam week\nFind a Seat", lexicon)
    assert got["title"] == "Late Nights, Quiet Rooms."


# ---------------------------------------------------------------------------- a key to the copy lines
def test_a_bracketed_key_names_the_fields_of_the_lines_in_order(lexicon: BriefLexicon) -> None:
    expect_copy("Flash sale popup, lines below (headline / fine print / button):\nAll Shoes 40% Off\n"
                "While stocks last\nShop Shoes", lexicon, title="All Shoes 40% Off", body="While stocks last", cta="Shop Shoes")


def test_a_key_after_the_lines_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Library popup, copy:\nLate Nights\nQuiet rooms till midnight\nFind a Seat\n(title on top, button at the end)",
                lexicon, title="Late Nights", subtitle="Quiet rooms till midnight", cta="Find a Seat")


def test_brackets_naming_one_field_still_label_it(lexicon: BriefLexicon) -> None:
    assert copy_fields("版本更新弹窗\n更新说明（放正文）：修复已知问题", lexicon)["body"] == "修复已知问题"


# ---------------------------------------------------------------------------- a list under a body label
def test_a_list_under_a_body_label_line_is_the_body(lexicon: BriefLexicon) -> None:
    expect_copy("更新弹窗\n标题：新版本来了\n正文：\n1. 新增夜间模式\n2. 提升稳定性\n按钮：马上体验", lexicon,
                title="新版本来了", body="1. 新增夜间模式\n2. 提升稳定性", cta="马上体验")


def test_a_body_on_its_label_line_stays_one_line(lexicon: BriefLexicon) -> None:
    got = copy_fields("更新弹窗\n标题：新版本来了\n正文：新增夜间模式\n- 配色用深蓝", lexicon)
    assert got["body"] == "新增夜间模式"
