"""Copy extraction for the round-10 ways of writing a brief (issue 16): a product's name in quotes
inside the brief's own sentence (新品“…”上市, our "…" series, 《…》两周年), an offer told in the
background before the labelled copy, copy lines after an instruction (文案就一句：…, A｜B｜C, 免费试听 as
the button, Turn on …), the labels marketers also use (Kicker, Eyebrow, Sub-head, CTA button copy,
Bottom line), tables whose 备注 column is a note, a bracketed aside under copy lines, a glued 说明,
a bare Secondary right after the button, and a chat that replaces a field (scratch the headline, use
"…" instead / swap the CTA for "…").

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

import pytest

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- names in quotes
@pytest.mark.parametrize("sentence", [
    "这周新品「海盐芝士奶盖」上市，",
    "我们上线了“一键搬家”功能，",
    "想推一下“好眠”系列，",
])
def test_a_quoted_name_inside_the_briefs_sentence_is_no_copy(sentence: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"{sentence}做个弹窗。标题：今天也要好好睡 按钮：去看看", lexicon,
                title="今天也要好好睡", cta="去看看")


def test_a_quoted_name_in_english_before_what_it_names_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy('Promote our "Deep Focus" playlist series to students. Copy: Study smarter / Start listening',
                lexicon, title="Study smarter", cta="Start listening")


def test_a_quote_placed_on_the_app_is_still_copy(lexicon: BriefLexicon) -> None:
    expect_copy('Put "Download now" on the app banner, headline "Your pocket coach"', lexicon,
                title="Your pocket coach", cta="Download now")


def test_a_title_mark_glued_to_more_words_names_a_work(lexicon: BriefLexicon) -> None:
    expect_copy("《王者征途》两周年庆弹窗\n标题：征途再启\n按钮：立即登录", lexicon, title="征途再启", cta="立即登录")


@pytest.mark.parametrize("brief, title", [
    ("弹窗，标题用「海盐芝士奶盖」，按钮：去看看", "海盐芝士奶盖"),  # a label brings the quote
    ("海报写上“周末狂欢”几个字，按钮：去看看", "周末狂欢"),  # the quote talked about as words
    ("「一键搬家」作为主标题，按钮：去看看", "一键搬家"),  # a label after its value
])
def test_a_quote_brought_as_copy_stays_copy(brief: str, title: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(brief, lexicon)["title"] == title


# ---------------------------------------------------------------------------- an offer in the background
@pytest.mark.parametrize("brief, title, cta", [
    ("会员周二全场饮品8折，外送免配送费。标题：周二喝点好的 按钮：去点单", "周二喝点好的", "去点单"),
    ("Spring tune-up special, $49 for a full bike check.\nHeadline: Ride Into Spring\nCTA: Book a tune-up",
     "Ride Into Spring", "Book a tune-up"),
    ("租车周末特惠，满3天减100，押金全免。帮忙出张海报，主标题：说走就走的周末", "说走就走的周末", None),
])
def test_an_offer_told_before_the_labelled_title_is_no_subtitle(brief: str, title: str, cta: str | None,
                                                                lexicon: BriefLexicon) -> None:
    expect_copy(brief, lexicon, title=title, cta=cta)


def test_an_offer_listed_among_the_briefs_parts_is_still_the_subtitle(lexicon: BriefLexicon) -> None:
    expect_copy("奶茶海报 粉色 第二杯半价 按钮去下单 标题「甜蜜暴击」", lexicon,
                title="甜蜜暴击", subtitle="第二杯半价", cta="去下单")


def test_an_offer_after_the_labelled_title_is_not_background(lexicon: BriefLexicon) -> None:
    expect_copy("标题：周二喝点好的。会员全场饮品8折", lexicon, title="周二喝点好的", subtitle="会员全场饮品8折")


# ---------------------------------------------------------------------------- copy lines after an instruction
def test_copy_lines_between_full_width_bars_are_title_subtitle_button(lexicon: BriefLexicon) -> None:
    expect_copy("夏日冰饮上新，每天限量。弹窗文案：第二杯半价｜每天下午两点开抢｜马上抢", lexicon,
                title="第二杯半价", subtitle="每天下午两点开抢", cta="马上抢")


@pytest.mark.parametrize("remark", ["就一句", "简单点", "很短"])
def test_a_remark_on_how_much_copy_before_the_colon_is_left_out(remark: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"秋季上新海报，画面要有落叶。文案{remark}：秋天的第一件风衣", lexicon, title="秋天的第一件风衣")


def test_a_free_action_ends_copy_lines_as_the_button(lexicon: BriefLexicon) -> None:
    expect_copy("少儿美术体验课。文案：0元学画画 / 专业老师小班教学 / 免费试听", lexicon,
                title="0元学画画", subtitle="专业老师小班教学", cta="免费试听")


def test_a_price_before_an_action_is_no_free_action(lexicon: BriefLexicon) -> None:
    rules = lexicon.copy_rules
    assert rules.is_action("免费领取") and rules.is_action("0元领")
    assert not rules.is_action("1000元预约") and not rules.is_action("免费停车")


def test_a_two_word_verb_makes_a_button_only_whole(lexicon: BriefLexicon) -> None:
    expect_copy("Popup copy: 'Stay in the loop' + 'Turn on notifications'", lexicon,
                title="Stay in the loop", cta="Turn on notifications")
    expect_copy("Webinar banner: Turn Ideas Into Apps / Build faster with AI / Register now", lexicon,
                title="Turn Ideas Into Apps", subtitle="Build faster with AI", cta="Register now")


# ---------------------------------------------------------------------------- labels and tables
@pytest.mark.parametrize("label", ["Kicker", "Eyebrow", "Sub-head"])
def test_the_small_line_labels_are_the_subtitle(label: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"Headline: Meet Smart Replies\n{label}: New in 5.2\nCTA: Try it", lexicon,
                title="Meet Smart Replies", subtitle="New in 5.2", cta="Try it")


def test_cta_button_copy_and_bottom_line_are_labels(lexicon: BriefLexicon) -> None:
    expect_copy("Title: Summer Reading Club\nCTA button copy: Join the club\nBottom line: Ages 6-12 · Free",
                lexicon, title="Summer Reading Club", cta="Join the club", body="Ages 6-12 · Free")


def test_a_tables_notes_column_is_no_copy_and_its_big_text_column_is_the_title(lexicon: BriefLexicon) -> None:
    expect_copy("位置\t大字\t按钮\t备注\n开屏\t周末囤货日\t去逛逛\t用品牌橙色", lexicon, title="周末囤货日", cta="去逛逛")
    expect_copy("位置\t大字\t按钮\t备注\n开屏\t周末囤货日\t去逛逛\t*限部分门店", lexicon,
                title="周末囤货日", cta="去逛逛", body="*限部分门店")


def test_a_bracketed_line_about_the_copy_lines_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("会员弹窗 文案：\n你的会员卡升级啦\n专享95折已生效\n去看看\n(第一行是标题，最后一行做按钮)", lexicon,
                title="你的会员卡升级啦", subtitle="专享95折已生效", cta="去看看")


def test_a_glued_explanation_word_is_no_body_label(lexicon: BriefLexicon) -> None:
    expect_copy("标题：账户安全提醒\n正文：我们新增了登录设备说明，建议您定期检查\n设计说明：用冷静的蓝灰色", lexicon,
                title="账户安全提醒", body="我们新增了登录设备说明，建议您定期检查")


def test_a_bare_secondary_right_after_the_button_is_the_second_button(lexicon: BriefLexicon) -> None:
    expect_copy("Title: Back up your photos\nCTA: Turn on backup\nSecondary: Not now", lexicon,
                title="Back up your photos", cta="Turn on backup")
    expect_copy("Main: Stream the Final\nSecondary: Live in 4K tonight\nCTA: Watch now", lexicon,
                title="Stream the Final", subtitle="Live in 4K tonight", cta="Watch now")


def test_an_urgent_word_starts_no_remark_inside_copy(lexicon: BriefLexicon) -> None:
    expect_copy("标题：夜间门诊开放\n小字：本服务不含急诊，急重症请拨打120", lexicon,
                title="夜间门诊开放", body="本服务不含急诊，急重症请拨打120")


# ---------------------------------------------------------------------------- replacing a field in a chat
@pytest.mark.parametrize("change", [
    'oops, scratch the headline, use "Fresh Picks Daily" instead',
    'can you replace the headline with "Fresh Picks Daily"?',
    'please swap the headline for "Fresh Picks Daily"',
])
def test_a_field_replaced_by_a_quote_takes_the_new_words(change: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"Headline: Farm to Table\nCTA: Order now\n{change}", lexicon,
                title="Fresh Picks Daily", cta="Order now")


def test_a_button_replaced_by_a_thing_keeps_its_words(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Farm to Table\nButton: Order now\nWe'll replace the button with a QR code on print.",
                lexicon, title="Farm to Table", cta="Order now")
