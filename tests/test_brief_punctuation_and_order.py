"""Copy-extraction rules for briefs written by hands that never read ours (issue 16, round 7):
fine-print labels, a value's own closing full stop, dashes and arrows that only separate or
decorate, labels in corner brackets, copy lines in the poster's order, remarks glued to a value,
and a second button that is no copy.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

import pytest

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- labels
@pytest.mark.parametrize("text,body", [
    ("周末特惠弹窗\n标题：周末特惠\n活动细则：每人限领一次，领完即止", "每人限领一次，领完即止"),
    ("标题：周末特惠\n注意事项：本券不可与其他优惠同享", "本券不可与其他优惠同享"),
    ("标题：周末特惠\n使用须知：仅限堂食", "仅限堂食"),
    ("Title: Big Sale\nT&Cs: Valid in store only", "Valid in store only"),
    ("Title: Big Sale — Footer: Valid in store only", "Valid in store only"),
])
def test_fine_print_labels_are_the_body(text: str, body: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon)["body"] == body


def test_a_footer_without_its_colon_is_a_remark(lexicon: BriefLexicon) -> None:
    expect_copy("Title: Big Sale, footer in blue", lexicon, title="Big Sale")


def test_the_wen_an_typo_labels_title_and_subtitle(lexicon: BriefLexicon) -> None:
    # 文按 for 文案: same pinyin, the everyday typo (like 按纽 for 按钮)
    expect_copy("主文按：春日上新\n副文按：全场8折起", lexicon, title="春日上新", subtitle="全场8折起")


def test_a_label_in_corner_brackets_starts_its_value(lexicon: BriefLexicon) -> None:
    # …and a one-character 为 after the brackets is the copy's own (为你推荐), not a connector
    expect_copy("「主标题」春日上新\n『副标题』满199减30\n「按钮」为你推荐", lexicon,
            title="春日上新", subtitle="满199减30", cta="为你推荐")


def test_a_quote_that_starts_with_a_label_word_stays_a_quote(lexicon: BriefLexicon) -> None:
    expect_copy("海报，「标题党」退散", lexicon, title="标题党")


# ---------------------------------------------------------------------------- full stops
def test_a_value_of_several_sentences_keeps_its_closing_stop_at_the_line_end(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Go Pro\nFine print: Billed yearly. Cancel anytime.\nButton: Try it", lexicon,
            title="Go Pro", body="Billed yearly. Cancel anytime.", cta="Try it")
    expect_copy("标题：稳健理财\n风险提示：理财有风险。投资需谨慎。", lexicon,
            title="稳健理财", body="理财有风险。投资需谨慎。")
    expect_copy("Headline: Learn Fast\nSubheadline: Ten minutes a day. Real progress.\nCTA: Start now", lexicon,
            title="Learn Fast", subtitle="Ten minutes a day. Real progress.", cta="Start now")


def test_a_sentence_of_clauses_alone_on_its_line_keeps_its_stop(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Go Pro\nFine print: Billed yearly, cancel anytime.", lexicon,
            title="Go Pro", body="Billed yearly, cancel anytime.")
    # fine print is prose: its one sentence keeps its stop too, and so does a headline alone on its line (outside
    # writers print it: Just Run.)
    expect_copy("Headline: Go Pro.\nFine print: Billed yearly.", lexicon, title="Go Pro.", body="Billed yearly.")


def test_a_stop_before_more_of_the_line_drops_the_stop(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Go Pro. Sub: Billed yearly. Cancel anytime. Button: Try it", lexicon,
            title="Go Pro", subtitle="Billed yearly. Cancel anytime", cta="Try it")
    # a button's own ! before the brief's full stop is one sentence, not two
    expect_copy("Title: Big Sale. Button: Buy now!.", lexicon, title="Big Sale", cta="Buy now!")


# ---------------------------------------------------------------------------- separators and decoration
def test_a_spaced_dash_between_fields_separates_them(lexicon: BriefLexicon) -> None:
    expect_copy("Banner — Title: Spring Is Here — Subtitle: 20% off — CTA: Shop now", lexicon,
            title="Spring Is Here", subtitle="20% off", cta="Shop now")


@pytest.mark.parametrize("text,cta", [("按钮：去逛逛 →", "去逛逛"), ("CTA: Learn more ->", "Learn more"),
                                      ("Button: Get a Quote »", "Get a Quote")])
def test_an_arrow_after_a_button_is_decoration(text: str, cta: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon)["cta"] == cta


def test_an_arrow_inside_a_title_is_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Title: Old → New", lexicon, title="Old → New")


def test_a_colour_word_naming_a_thing_continues_the_value(lexicon: BriefLexicon) -> None:
    expect_copy("Subtitle: Faster search, and dark mode", lexicon, subtitle="Faster search, and dark mode")
    expect_copy("Subtitle: Faster search, dark background", lexicon, subtitle="Faster search")


# ---------------------------------------------------------------------------- buttons
def test_a_named_button_in_a_sentence_is_the_button(lexicon: BriefLexicon) -> None:
    expect_copy('spring banner, "Fresh Start" and a Learn More button', lexicon, title="Fresh Start", cta="Learn More")


def test_a_field_the_brief_adds_takes_the_copy_after_the_space(lexicon: BriefLexicon) -> None:
    expect_copy("新品弹窗，加个按钮 联系我们，背景用蓝色", lexicon, cta="联系我们")
    expect_copy("新品弹窗，加个按钮 大一点", lexicon)


def test_a_button_label_then_a_space_takes_the_action_phrase_only(lexicon: BriefLexicon) -> None:
    # 点单 is a go-verb (去点单); 周末用 after it is the brief's
    expect_copy("咖啡弹窗，按钮 去点单，周末用", lexicon, cta="去点单")


def test_a_masked_label_between_two_parts_does_not_join_them(lexicon: BriefLexicon) -> None:
    expect_copy("咖啡弹窗，拿铁第二杯半价，按钮 去看看，周末用", lexicon, subtitle="拿铁第二杯半价", cta="去看看")


def test_a_second_button_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("What's new\nHeading — New Look\nPrimary CTA — Update Now\nSecondary — Later", lexicon,
            title="New Look", cta="Update Now")
    expect_copy("标题：会员日\n次按钮：取消\n按钮：立即开通", lexicon, title="会员日", cta="立即开通")
    # without a primary button, Secondary is the secondary line of copy
    expect_copy("Heading: New Look\nSecondary: Faster than ever", lexicon, title="New Look", subtitle="Faster than ever")


# ---------------------------------------------------------------------------- remarks glued to copy
def test_a_design_word_glued_after_the_copy_ends_it(lexicon: BriefLexicon) -> None:
    expect_copy("按钮写立即开通颜色用黑金的", lexicon, cta="立即开通")
    expect_copy("标题：夏日音乐节背景用蓝色", lexicon, title="夏日音乐节")
    expect_copy("标题：背景音乐节", lexicon, title="背景音乐节")  # 音乐节 is no design choice


def test_a_countdown_after_zuihou_is_copy(lexicon: BriefLexicon) -> None:
    expect_copy("文案：\n最后100天 冲刺上岸\n名师带学 三位一体\n立即报名", lexicon,
            title="最后100天 冲刺上岸", subtitle="名师带学 三位一体", cta="立即报名")
    expect_copy("最后，按钮写去看看", lexicon, cta="去看看")  # 最后, alone: finally


def test_thanks_to_someone_is_copy_and_thanks_alone_a_remark(lexicon: BriefLexicon) -> None:
    expect_copy("海报 标题：新年快乐，谢谢", lexicon, title="新年快乐")
    expect_copy("海报 标题：新年快乐，谢谢你", lexicon, title="新年快乐")


# ---------------------------------------------------------------------------- copy in the poster's order
def test_slashed_lines_after_a_copy_label_end_at_a_sentence_end(lexicon: BriefLexicon) -> None:
    # 谢谢你，老师 starts right after the label: nothing before it is the brief's description
    expect_copy("教师节海报，文案：谢谢你，老师 / 鲜花礼盒 9.10前下单包邮 / 送老师一束花。风格温暖", lexicon,
            title="谢谢你，老师", subtitle="鲜花礼盒 9.10前下单包邮", cta="送老师一束花")


def test_a_long_last_line_is_the_body_not_the_button(lexicon: BriefLexicon) -> None:
    expect_copy("文案：\n秋日上新\n全场满300减50\n活动时间以页面公示为准，最终解释权归本店所有", lexicon,
            title="秋日上新", subtitle="全场满300减50", body="活动时间以页面公示为准，最终解释权归本店所有")


def test_words_after_jiuxie_are_one_piece(lexicon: BriefLexicon) -> None:
    expect_copy("甜品店海报，就写草莓蛋糕 第二件半价，红色", lexicon, subtitle="草莓蛋糕 第二件半价")


def test_a_sentence_before_the_offer_after_the_description_is_the_headline(lexicon: BriefLexicon) -> None:
    expect_copy("coffee popup — Wake Up Happy. Buy one, get one free. Order now", lexicon,
            title="Wake Up Happy", subtitle="Buy one, get one free", cta="Order now")
    # with no description before it, the first sentence may be the brief's own: no headline
    expect_copy("Wake Up Happy. Buy one, get one free. Order now", lexicon,
            subtitle="Buy one, get one free", cta="Order now")
