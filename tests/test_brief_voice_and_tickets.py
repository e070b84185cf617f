"""Copy extraction for briefs written as tickets, e-mails and voice messages (issue 16, round 8):
arrows between a label and its value, self-corrections (the last version wins), voice fillers,
secondary labels (活动时间, 注, Valid) that give way to a real body label, lines under a heading,
and the pieces of a value that are the brief's (a pause before it, a remark after it).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

import pytest

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- separators
@pytest.mark.parametrize("arrow", ["→", "->", "=>"])
def test_an_arrow_between_a_label_and_its_value_is_no_copy(arrow: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"砍价弹窗 标题 {arrow} 好友帮砍 0元拿；副标题 {arrow} 邀请好友，砍到底就免费；按钮 {arrow} 去砍价",
            lexicon, title="好友帮砍 0元拿", subtitle="邀请好友，砍到底就免费", cta="去砍价")


def test_a_key_after_a_bar_ends_the_value_before_it(lexicon: BriefLexicon) -> None:
    expect_copy("Deli banner | Headline: Soup Season | CTA: Order Lunch | Valid: Mon–Fri", lexicon,
            title="Soup Season", cta="Order Lunch", body="Mon–Fri")


# ---------------------------------------------------------------------------- self-corrections
def test_a_retraction_inside_a_value_keeps_the_corrected_words(lexicon: BriefLexicon) -> None:
    expect_copy("标题写会员日，副标题写满100减10，不对，改成满200减30，按钮写去领券", lexicon,
            title="会员日", subtitle="满200减30", cta="去领券")


def test_a_value_without_a_retraction_keeps_all_its_clauses(lexicon: BriefLexicon) -> None:
    expect_copy("标题写会员日，副标题写满100减10，不限品类，按钮写去领券", lexicon,
            title="会员日", subtitle="满100减10，不限品类", cta="去领券")


def test_make_the_headline_with_a_quote_replaces_the_earlier_one(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Meet the New Tab\nCTA: Try It\n\nactually make the headline \"Tabs, Reimagined\" please",
            lexicon, title="Tabs, Reimagined", cta="Try It")


@pytest.mark.parametrize("text", [
    "标题改成「夏日冰饮节」，原来的「清凉一夏」不用了，按钮：去看看",
    "标题改成「夏日冰饮节」，「清凉一夏」不要了，按钮：去看看",
])
def test_a_quote_the_brief_replaced_is_no_copy(text: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, title="夏日冰饮节", cta="去看看")


# ---------------------------------------------------------------------------- voice messages
def test_voice_fillers_and_sign_offs_are_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("（语音）嗯那个，标题就写周末去露营，呃副标题写装备租借8折，按钮就是马上预订，嗯好的，就这些", lexicon,
            title="周末去露营", subtitle="装备租借8折", cta="马上预订")


def test_a_pause_before_the_copy_and_a_repeated_verb_are_left_out(lexicon: BriefLexicon) -> None:
    expect_copy("副标题写……写新人首单立减15，按钮写去下单", lexicon, subtitle="新人首单立减15", cta="去下单")


def test_lines_written_by_position_go_down_the_poster(lexicon: BriefLexicon) -> None:
    expect_copy("最上面写春季招聘，然后下面写入职即享六险一金，再下面写个投递简历，这个是按钮哈，最下面写截止到4月30日，谢谢",
            lexicon, title="春季招聘", subtitle="入职即享六险一金", cta="投递简历", body="截止到4月30日")


# ---------------------------------------------------------------------------- labels
@pytest.mark.parametrize("label", ["活动时间", "注", "角标", "价格信息", "地址信息"])
def test_a_secondary_label_is_the_body_when_no_other_label_gives_it(label: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"标题：周末市集\n按钮：去逛逛\n{label}：周六下午两点开始", lexicon,
            title="周末市集", cta="去逛逛", body="周六下午两点开始")


def test_a_real_body_label_wins_over_a_secondary_one_before_it(lexicon: BriefLexicon) -> None:
    expect_copy("1. 活动时间：周六全天\n2. 标题：周末市集\n3. 小字：雨天顺延", lexicon, title="周末市集", body="雨天顺延")


@pytest.mark.parametrize("text,expected", [
    ("国潮 banner，主题是新春游园会，红金配色", {}),
    ("小字：活动时间11月1日-11月3日\n标题：秋日市集", {"title": "秋日市集", "body": "活动时间11月1日-11月3日"}),
    ("正文：本活动最终解释权归主办方，活动时间：5月1日起", {"body": "本活动最终解释权归主办方，活动时间：5月1日起"}),
])
def test_a_secondary_label_without_its_own_line_and_colon_is_no_label(text: str, expected: dict,
                                                                      lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_main_and_subtext_are_english_labels(lexicon: BriefLexicon) -> None:
    expect_copy("Main line: Stay a While\nSubtext: Late checkout, on us, for members.\nButton: Book Now", lexicon,
            title="Stay a While", subtitle="Late checkout, on us, for members.", cta="Book Now")


def test_a_description_before_fine_print_is_the_subtitle(lexicon: BriefLexicon) -> None:
    expect_copy("- 标题：新卡上线\n- 描述：首年免年费\n- 按钮：立即申请\n- 备注文字：以审批结果为准", lexicon,
            title="新卡上线", subtitle="首年免年费", cta="立即申请", body="以审批结果为准")


def test_a_ticket_tag_in_brackets_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("【设计需求单】\n标题：新卡上线\n按钮：立即申请", lexicon, title="新卡上线", cta="立即申请")


def test_an_english_label_takes_a_chinese_connector(lexicon: BriefLexicon) -> None:
    expect_copy("标题写「Big Summer Sale」，button写 Shop Now，背景用蓝色", lexicon, title="Big Summer Sale", cta="Shop Now")


def test_copy_that_is_not_given_yet_is_no_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("做一组地铁广告，文案市场部还没给，先出个方向", lexicon)["title"] is None


def test_a_coupon_count_is_copy_and_a_poster_count_is_not(lexicon: BriefLexicon) -> None:
    expect_copy("标题：周末打车\n说明：券有效期3天，每单限用1张", lexicon, title="周末打车", body="券有效期3天，每单限用1张")


# ---------------------------------------------------------------------------- sentences and lines
def test_a_labelled_line_keeps_its_short_sentences(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Fast. Fresh. Local.\nSubtitle: Open daily. No reservation needed.\nCTA: See Menu", lexicon,
            title="Fast. Fresh. Local.", subtitle="Open daily. No reservation needed.", cta="See Menu")


def test_a_sentence_about_the_design_after_a_labelled_line_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Fast Food. Bold font please.\nCTA: See Menu", lexicon, title="Fast Food", cta="See Menu")


def test_a_body_ends_before_a_sentence_of_instructions(lexicon: BriefLexicon) -> None:
    expect_copy("标题：新品上市，小字：限量500台，售完即止。整体简洁，白底。", lexicon, title="新品上市", body="限量500台，售完即止")


def test_a_chinese_body_of_clauses_on_its_own_line_keeps_its_full_stop(lexicon: BriefLexicon) -> None:
    expect_copy("标题：停服公告\n正文：因机房迁移，服务将暂停2小时，请您提前保存数据。\n按钮：我知道了", lexicon,
            title="停服公告", body="因机房迁移，服务将暂停2小时，请您提前保存数据。", cta="我知道了")


def test_lines_under_a_heading_that_names_the_format_are_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("读书节海报，文艺一点：\n“读一本好书”\n“全场图书满99减20”\n我要参加\n活动截止到4月23日", lexicon,
            title="读一本好书", subtitle="全场图书满99减20", cta="我要参加", body="活动截止到4月23日")


def test_i_want_to_make_a_poster_is_no_button(lexicon: BriefLexicon) -> None:
    assert copy_fields("我要做海报，满100减20", lexicon)["cta"] is None
