"""Copy rules for briefs pasted from chat (issue 16, second generalisation round): space-only labels
on list lines, corrections and take-backs, alternatives, markdown bold, quote marks that belong to
the copy, a line break inside quotes, a bar inside a value, more offer and label words.

Each rule is shown on wording that is not in tests/data/briefs, with the nearby phrasing that must
not trigger it.
"""
from __future__ import annotations

import pytest
from support.brief_copy import FIELDS, copy_fields, expect_copy

from agent.brief import BriefLexicon


# ---------------------------------------------------------------------------- space-only labels
@pytest.mark.parametrize("text", [
    "周年庆需求\n1) 标题 五周年 一起出发\n2) 副标题 老客回归礼包\n3) 按钮 立即领取",
    "标题\u3000五周年 一起出发\u3000副标题\u3000老客回归礼包\u3000按钮\u3000立即领取",
    "• 标题 五周年 一起出发\n• 卖点 老客回归礼包\n• 行动点 立即领取",
])
def test_a_label_and_a_space_on_a_list_line_start_a_field(text: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, title="五周年 一起出发", subtitle="老客回归礼包", cta="立即领取")


@pytest.mark.parametrize("text", ["周年庆海报 标题 要大气一点", "周年庆海报\n标题 红色", "不要副标题 做个周年庆海报"])
def test_a_label_and_a_space_before_a_remark_is_no_copy(text: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon) == dict.fromkeys(FIELDS), text


# ---------------------------------------------------------------------------- corrections, take-backs
def test_a_correction_replaces_the_earlier_value(lexicon: BriefLexicon) -> None:
    expect_copy("标题：周末特惠，按钮：去看看\n不好意思，按钮改为「马上逛」", lexicon, title="周末特惠", cta="马上逛")
    expect_copy("Headline: Weekend Deals. CTA: Browse. Please update the headline to \"Weekend Picks\".", lexicon,
            title="Weekend Picks", cta="Browse")


def test_a_field_taken_back_is_dropped_and_only_that_field(lexicon: BriefLexicon) -> None:
    expect_copy("标题：周末特惠 副标题：满99减10 按钮：去看看\n副标题先不要了", lexicon, title="周末特惠", cta="去看看")
    expect_copy("Headline: Weekend Deals\nSubhead: 10% off\nButton: Browse\nno button please", lexicon,
            title="Weekend Deals", subtitle="10% off")


@pytest.mark.parametrize("text,expected", [
    ("标题：周末特惠，按钮：去看看，按钮不要太大", {"title": "周末特惠", "cta": "去看看"}),
    ("Headline: Weekend Deals, Button: Browse. Drop the headline on the left side.",
     {"title": "Weekend Deals", "cta": "Browse"}),
])
def test_a_remark_about_a_field_does_not_take_it_back(text: str, expected: dict, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


# ---------------------------------------------------------------------------- alternatives
def test_of_two_candidate_values_the_first_is_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("标题「山野之间」还是「去山里」你们定，按钮：立即报名", lexicon, title="山野之间", cta="立即报名")
    expect_copy("Button: either \"Join us\" or \"Count me in\"", lexicon, cta="Join us")
    expect_copy("标题要么“山野之间”要么“去山里”", lexicon, title="山野之间")


# ---------------------------------------------------------------------------- formatting in the message
def test_markdown_bold_is_formatting_not_copy(lexicon: BriefLexicon) -> None:
    expect_copy("**Title:** Night Market\n**Button:** Find a stall", lexicon, title="Night Market", cta="Find a stall")
    expect_copy("标题：**夜市开张**\n按钮：**去逛逛**", lexicon, title="夜市开张", cta="去逛逛")


def test_quote_marks_that_run_into_the_copy_are_part_of_it(lexicon: BriefLexicon) -> None:
    expect_copy("读书月海报，标题：《三体》全集8折", lexicon, title="《三体》全集8折")
    expect_copy("标题：“618”提前购，按钮：立即抢", lexicon, title="“618”提前购", cta="立即抢")
    # a corner quote delimits the copy; what follows it is not copy, nor is 就行 after a quote
    expect_copy("主标题「年货节」限时三天哦", lexicon, title="年货节")
    expect_copy("标题“年货节”就行", lexicon, title="年货节")


def test_a_line_break_inside_quotes_stays_in_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("标题“一路繁花\n一路有你”，按钮“立即报名”", lexicon, title="一路繁花\n一路有你", cta="立即报名")


def test_a_bar_inside_a_value_joins_its_parts(lexicon: BriefLexicon) -> None:
    expect_copy("标题：智能门锁\n卖点：指纹解锁 | 三年质保\n按钮：了解详情", lexicon,
            title="智能门锁", subtitle="指纹解锁 | 三年质保", cta="了解详情")
    expect_copy("标题：智能门锁 | 红色背景", lexicon, title="智能门锁")


# ---------------------------------------------------------------------------- words
def test_more_labels_and_offer_words(lexicon: BriefLexicon) -> None:
    expect_copy("H1: Plan Less, Travel More\nH2: Trips from $299", lexicon,
            title="Plan Less, Travel More", subtitle="Trips from $299")
    expect_copy("标题：安心借 按钮：立即申请 温馨提示：贷款有风险，借款需谨慎", lexicon,
            title="安心借", cta="立即申请", body="贷款有风险，借款需谨慎")
    expect_copy("旧家电回收海报，旧冰箱最高抵¥800，按钮：立即预约", lexicon, subtitle="旧冰箱最高抵¥800", cta="立即预约")
    expect_copy("按钮用英文 Get the app，标题：出行更简单", lexicon, title="出行更简单", cta="Get the app")


def test_body_prose_goes_on_past_with(lexicon: BriefLexicon) -> None:
    # a sentence of clauses alone on its labelled line keeps its own full stop (the copy is exact)
    expect_copy("Body: Our warmest jacket, with 30% more down.", lexicon, body="Our warmest jacket, with 30% more down.")
    expect_copy("Body: Our warmest jacket, with a dark background", lexicon, body="Our warmest jacket")


def test_connecting_words_before_the_next_label_are_not_copy(lexicon: BriefLexicon) -> None:
    expect_copy("the title should be Slow Mornings and the CTA should say Shop mugs", lexicon,
            title="Slow Mornings", cta="Shop mugs")


def test_the_campaign_name_does_not_lead_into_the_offer(lexicon: BriefLexicon) -> None:
    expect_copy("周三会员日，当天全场满99减15，去领券", lexicon, subtitle="当天全场满99减15", cta="去领券")
    # …but words of the offer itself still do
    expect_copy("老客回归，各得20元红包", lexicon, subtitle="老客回归，各得20元红包")
