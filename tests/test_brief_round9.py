"""Copy extraction for the round-9 ways of writing a brief (issue 16): chat corrections marked by a
word before the label (更正一下, sorry, correction —), remarks between a label and its colon (in
brackets, where the text goes, which words to take), the shortest labels (副：, 底部：, BIG:, small:),
a label after its value behind a dash or an arrow, a line that says its words go at the bottom, a
footnote under 备注, and the pieces of copy that look like remarks (With Love, New heroes., 请您…).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

import pytest

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- corrections in a chat
@pytest.mark.parametrize("correction", [
    "correction — sub should be \"Fares from $39\" (ops updated it)",
    "sorry, the subtitle should say \"Fares from $39\"",
    "actually sub: Fares from $39",
])
def test_a_correction_word_before_a_label_replaces_the_earlier_value(correction: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"Headline: Autumn Getaways\nSub: Fares from $49\nCTA: Book Now\n{correction}", lexicon,
                title="Autumn Getaways", subtitle="Fares from $39", cta="Book Now")


def test_a_later_label_without_a_correction_word_keeps_the_first_value(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Autumn Getaways\nSub: Fares from $49\nCTA: Book Now\nsub: Fares from $39",
                lexicon, title="Autumn Getaways", subtitle="Fares from $49", cta="Book Now")


def test_a_chinese_correction_with_a_remark_and_use_this_takes_the_new_words(lexicon: BriefLexicon) -> None:
    expect_copy("标题：秋游正当时\n副标题：景区门票8折\n按钮：马上预订\n更正一下，副标题加个表情，用这个：景区门票8折🍂",
                lexicon, title="秋游正当时", subtitle="景区门票8折🍂", cta="马上预订")


def test_a_button_switched_back_to_chinese_takes_the_quote_after_the_remark(lexicon: BriefLexicon) -> None:
    expect_copy("Title: 会员周年庆\nCTA: Join Now\n哦对 按钮还是用中文吧，「马上加入」，英文太生硬", lexicon,
                title="会员周年庆", cta="马上加入")


# ---------------------------------------------------------------------------- remarks before the colon
def test_a_remark_in_brackets_between_a_label_and_its_colon_is_left_out(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Cover Your Family\nDisclaimer (print in full, 6pt minimum): *Terms apply to new policies only",
                lexicon, title="Cover Your Family", body="*Terms apply to new policies only")


def test_a_remark_saying_where_the_text_goes_is_left_out(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Weekend Flash Deal\nlegal needs this at the bottom: Offer ends Sunday at midnight.",
                lexicon, title="Weekend Flash Deal", body="Offer ends Sunday at midnight.")  # (its stop: test_brief_stops)


def test_small_text_under_the_headline_in_quotes_is_the_fine_print(lexicon: BriefLexicon) -> None:
    expect_copy("story for the bakery — headline 'Fresh Croissants Daily', small text under it 'Every morning from 7am'",
                lexicon, title="Fresh Croissants Daily", body="Every morning from 7am")


def test_words_ending_their_line_with_a_colon_introduce_the_copy_below(lexicon: BriefLexicon) -> None:
    expect_copy("新年开屏 文案来了：\n\nMain copy: Happy New Year\n副文案：新春好礼 满299减50\nCTA: 去逛逛", lexicon,
                title="Happy New Year", subtitle="新春好礼 满299减50", cta="去逛逛")


# ---------------------------------------------------------------------------- the shortest labels
def test_zhu_fu_and_di_bu_with_a_colon_are_title_subtitle_and_body(lexicon: BriefLexicon) -> None:
    expect_copy("奶茶新品海报\n主：芋泥啵啵上新\n副：香芋现蒸 ¥18\n底部：每日限量300杯", lexicon,
                title="芋泥啵啵上新", subtitle="香芋现蒸 ¥18", body="每日限量300杯")


def test_di_bu_without_a_colon_is_a_placement_not_a_label(lexicon: BriefLexicon) -> None:
    got = copy_fields("奶茶新品海报，标题：芋泥啵啵上新，底部放门店logo", lexicon)
    assert got["body"] is None, got


@pytest.mark.parametrize("layout", ["底部：放二维码和门店地址", "底部：品牌logo", "bottom: logo and QR code",
                                    "small: make the date smaller"])
def test_a_layout_word_that_places_a_thing_gives_no_copy(layout: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"标题：春日上新\n{layout}", lexicon, title="春日上新")


def test_big_small_and_bottom_name_the_lines_of_a_text_layer(lexicon: BriefLexicon) -> None:
    expect_copy("text layer for the launch art:\nBIG: CHAPTER 2: EMBERFALL\nsmall under it: Fresh loot. Fresh bosses.\n"
                "bottom: Out 3/14 on PC & Switch", lexicon,
                title="CHAPTER 2: EMBERFALL", subtitle="Fresh loot. Fresh bosses.", body="Out 3/14 on PC & Switch")


def test_small_alone_is_the_fine_print(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Late Night Pizza\nsmall: \"While stocks last.\"", lexicon,
                title="Late Night Pizza", body="While stocks last.")


def test_big_in_a_sentence_is_no_label(lexicon: BriefLexicon) -> None:
    got = copy_fields("make the logo big: it is the star of this poster", lexicon)
    assert got["title"] is None, got


# ---------------------------------------------------------------------------- a label after its value
def test_a_dash_between_a_quoted_value_and_its_label(lexicon: BriefLexicon) -> None:
    expect_copy('promo tile:\n"Sunday Brunch?" - headline\n"Bottomless coffee till 2pm" - sub\n"Reserve" - button',
                lexicon, title="Sunday Brunch?", subtitle="Bottomless coffee till 2pm", cta="Reserve")


def test_an_arrow_back_to_the_value_names_its_field(lexicon: BriefLexicon) -> None:
    expect_copy("标题：一起去露营\n预约体验 ← 这个放在二维码下面当按钮文字", lexicon, title="一起去露营", cta="预约体验")


def test_a_quoted_value_before_its_label_may_hold_a_colon(lexicon: BriefLexicon) -> None:
    expect_copy('"AI at Work: A Practical Guide" (headline)\n"Free webinar, June 5" (sub)', lexicon,
                title="AI at Work: A Practical Guide", subtitle="Free webinar, June 5")


def test_quotes_after_a_copy_heading_each_with_its_label(lexicon: BriefLexicon) -> None:
    expect_copy('copy is:\n"Unlock Team Reports" as the header,\n"Share dashboards with everyone." as the supporting text',
                lexicon, title="Unlock Team Reports", subtitle="Share dashboards with everyone.")


# ---------------------------------------------------------------------------- lines placed at the bottom
def test_a_line_said_to_go_at_the_bottom_is_the_body(lexicon: BriefLexicon) -> None:
    expect_copy("Title: Go Pro Today\nCTA: Upgrade\nThe fine print goes under the button: No contract. Cancel anytime.",
                lexicon, title="Go Pro Today", cta="Upgrade", body="No contract. Cancel anytime.")


def test_a_picture_placed_at_the_bottom_is_no_body(lexicon: BriefLexicon) -> None:
    got = copy_fields("Title: Go Pro Today\nLogo at the bottom: the white version", lexicon)
    assert got["body"] is None, got


def test_a_first_column_key_printed_at_the_bottom_is_the_body(lexicon: BriefLexicon) -> None:
    expect_copy("主标 | 春日焕新\n副标 | 会员满300减30\n日期（印在底部） | 4月1日-4月7日", lexicon,
                title="春日焕新", subtitle="会员满300减30", body="4月1日-4月7日")


def test_a_note_with_a_footnote_mark_is_the_fine_print(lexicon: BriefLexicon) -> None:
    expect_copy("主标\t给爸爸的体检\n备注\t*含心电图、颈动脉彩超等12项", lexicon,
                title="给爸爸的体检", body="*含心电图、颈动脉彩超等12项")


def test_a_note_without_a_footnote_mark_is_for_the_designer(lexicon: BriefLexicon) -> None:
    expect_copy("主标：给爸爸的体检\n备注：字体用粗一点的黑体", lexicon, title="给爸爸的体检")


# ---------------------------------------------------------------------------- copy that looks like a remark
def test_a_title_case_part_after_a_comma_is_more_of_the_title(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: To Dad, With Gratitude\nCTA: Shop Gifts", lexicon, title="To Dad, With Gratitude", cta="Shop Gifts")


def test_a_lower_case_remark_after_a_comma_still_ends_the_title(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: To Dad, with a navy background\nCTA: Shop Gifts", lexicon, title="To Dad", cta="Shop Gifts")


def test_short_sentences_that_repeat_their_first_word_are_one_value(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Season 4\nSub: New heroes. New maps. New modes.", lexicon,
                title="Season 4", subtitle="New heroes. New maps. New modes.")


def test_a_body_sentence_asking_the_reader_stays_copy(lexicon: BriefLexicon) -> None:
    expect_copy("标题：用户协议更新\n正文：我们更新了《用户协议》，新增了会员条款。请您在继续使用前仔细阅读。\n按钮：我知道了",
                lexicon, title="用户协议更新", body="我们更新了《用户协议》，新增了会员条款。请您在继续使用前仔细阅读。",
                cta="我知道了")


def test_a_body_sentence_asking_for_a_design_choice_ends_the_body(lexicon: BriefLexicon) -> None:
    expect_copy("标题：用户协议更新\n正文：我们更新了《用户协议》。请用浅灰色背景。", lexicon,
                title="用户协议更新", body="我们更新了《用户协议》")


def test_a_body_after_a_dashed_label_keeps_its_closing_stop(lexicon: BriefLexicon) -> None:
    expect_copy("维护公告弹窗\n标题 —— 维护通知\n正文 —— 服务器将于5月2日凌晨维护，期间无法登录。\n按钮 —— 知道了", lexicon,
                title="维护通知", body="服务器将于5月2日凌晨维护，期间无法登录。", cta="知道了")


def test_a_bar_between_two_letters_is_part_of_the_words(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Out Now\nBody: Play on Xbox Series X|S and PC", lexicon,
                title="Out Now", body="Play on Xbox Series X|S and PC")


# ---------------------------------------------------------------------------- what is not copy
def test_copy_still_being_written_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("元旦贺卡先出两个方向，文案市场部还在写，先别放字", lexicon)


def test_labelled_words_quoted_again_in_a_note_are_no_new_copy(lexicon: BriefLexicon) -> None:
    expect_copy("主标: NEW SKIN｜赤焰\n副标: 限时3天 免费试穿\nNote: \"赤焰\" 用毛笔字体", lexicon,
                title="NEW SKIN｜赤焰", subtitle="限时3天 免费试穿")


def test_a_bracketed_heading_naming_the_format_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("【中秋节弹窗】\n标题：「月圆人团圆」\n按钮：「去看看」", lexicon, title="月圆人团圆", cta="去看看")


# ---------------------------------------------------------------------------- options to pick from
def test_the_option_the_reply_picks_is_the_field(lexicon: BriefLexicon) -> None:
    expect_copy("Looks good, go with option A for the headline.\n\n> Two headline options:\n> A) Summer, Slowed Down\n"
                "> B) Your Lake House Awaits\n> CTA: Book a Stay", lexicon, title="Summer, Slowed Down", cta="Book a Stay")


def test_a_chinese_brief_picking_a_lettered_option(lexicon: BriefLexicon) -> None:
    expect_copy("标题选B\nA）春日上新\nB）春天，换个心情\n按钮：去看看", lexicon, title="春天，换个心情", cta="去看看")


def test_options_without_a_pick_are_no_title(lexicon: BriefLexicon) -> None:
    got = copy_fields("Two headline options, pick one:\nA) Summer, Slowed Down\nB) Your Lake House Awaits\nCTA: Book a Stay",
                      lexicon)
    assert got["cta"] == "Book a Stay" and got["title"] != "Your Lake House Awaits", got


def test_a_position_word_with_an_english_verb_of_writing_is_a_label(lexicon: BriefLexicon) -> None:
    expect_copy("[voice note] \"Hi, it's Dana from the gym. For the spring poster the big text should say Spring Into "
                "Shape. Whatever fits below is up to you, thanks.\"", lexicon, title="Spring Into Shape")


def test_big_text_described_is_no_label(lexicon: BriefLexicon) -> None:
    got = copy_fields("Headline: Spring Into Shape. The big text is too small on mobile, please fix", lexicon)
    assert got["title"] == "Spring Into Shape", got


# ---------------------------------------------------------------------------- what the copy is named
def test_a_connector_naming_the_value_before_a_colon_is_left_out(lexicon: BriefLexicon) -> None:
    expect_copy("主标题就用活动名：春日焕新季\n按钮：去逛逛", lexicon, title="春日焕新季", cta="去逛逛")


def test_a_remark_asking_to_keep_the_quote_marks_keeps_them(lexicon: BriefLexicon) -> None:
    expect_copy("读书会海报\n标题：《小王子》共读夜（书名号要保留）\n按钮：报名", lexicon, title="《小王子》共读夜", cta="报名")
    expect_copy("读书会海报\n标题：「小王子共读夜」（引号要保留）\n按钮：报名", lexicon, title="「小王子共读夜」", cta="报名")


def test_quote_marks_without_that_remark_are_the_brief_s(lexicon: BriefLexicon) -> None:
    expect_copy("读书会海报\n标题：「小王子共读夜」（字要大）\n按钮：报名", lexicon, title="小王子共读夜", cta="报名")
