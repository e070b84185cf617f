"""Copy extraction for the round-13 ways of writing a brief (issue 16): a line of copy that opens with a decimal
(9.9元…), copy lines under a first line that only names the format, or above a line pointing up at them (^ …),
a remark in brackets between a block label and its colon, phone shorthand (hl: / btn:), options numbered 方案一 /
方案二 and the one picked, a pasted chat's message heads, a change with an arrow (主标题改一下 → …), the piece a
label is for (headline for the popup: …), a capitalised headline after a space label, a quote named by 这个按钮,
words that stand in for copy to come, a JSON object of versions, a sheet's header row, and copy given in two
languages with the one to use named.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- lines of copy
def test_a_line_opening_with_a_decimal_is_copy_not_a_numbered_item(lexicon: BriefLexicon) -> None:
    expect_copy("拼团弹窗：\n限时拼团 好货直降\n5.5元抢原价59元纸巾\n去拼团", lexicon,
                title="限时拼团 好货直降", subtitle="5.5元抢原价59元纸巾", cta="去拼团")


def test_a_numbered_item_still_loses_its_number(lexicon: BriefLexicon) -> None:
    got = copy_fields("更新弹窗\n标题：新版本来了\n正文：\n1. 新增夜间模式\n2. 提升稳定性", lexicon)
    assert got["body"] == "1. 新增夜间模式\n2. 提升稳定性"


def test_lines_under_a_first_line_naming_the_format_are_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("會員彈窗\n年卡限時8折\n每月再送2張觀影券\n立即開通\n明早要上線，辛苦", lexicon,
                title="年卡限時8折", subtitle="每月再送2張觀影券", cta="立即開通")


def test_a_first_line_without_a_button_below_brings_no_lines(lexicon: BriefLexicon) -> None:
    got = copy_fields("会员弹窗\n主色用品牌橙\n背景简洁一点", lexicon)
    assert got["title"] is None and got["subtitle"] is None


def test_lines_a_later_line_points_up_at_are_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Harvest Supper Club\nThree courses, one long table\nSave a seat\n\n^ banner words, earthy tones",
                lexicon, title="Harvest Supper Club", subtitle="Three courses, one long table", cta="Save a seat")


def test_a_pointer_that_names_no_copy_brings_no_lines(lexicon: BriefLexicon) -> None:
    got = copy_fields("Harvest Supper Club\nThree courses, one long table\n\n^ same as last week", lexicon)
    assert got["title"] is None


def test_a_bracketed_remark_before_a_block_labels_colon_still_heads_the_lines(lexicon: BriefLexicon) -> None:
    expect_copy("Copy (email header):\nWinter Reading List\nTwelve books for long nights\nBrowse the list", lexicon,
                title="Winter Reading List", subtitle="Twelve books for long nights", cta="Browse the list")


def test_a_line_with_a_number_after_an_action_verb_is_the_button(lexicon: BriefLexicon) -> None:
    got = copy_fields("Copy:\nDouble 12 Deals\nExtra $12 off orders over $120\nShop 12.12", lexicon)
    assert got["cta"] == "Shop 12.12" and got["body"] is None
    assert copy_fields("Copy:\nDouble 12 Deals\nFree gift over $120\n12.12 only", lexicon)["cta"] is None


# ---------------------------------------------------------------------------- shorthand, options, chats, changes
def test_phone_shorthand_labels(lexicon: BriefLexicon) -> None:
    expect_copy("pls make a banner\nhl: 周末露营节\nbtn: 去报名", lexicon, title="周末露营节", cta="去报名")
    got = copy_fields("the hl is too small, btn bigger pls", lexicon)
    assert got["title"] is None and got["cta"] is None


def test_options_numbered_in_chinese_and_the_one_picked(lexicon: BriefLexicon) -> None:
    expect_copy("标题有三个方案：\n方案一：秋日限定\n方案二：秋天的第一杯\n方案三：桂花季\n投票结果用方案三。\n按钮：去尝鲜", lexicon,
                title="桂花季", cta="去尝鲜")


def test_options_picked_by_no_one_read_as_before(lexicon: BriefLexicon) -> None:
    got = copy_fields("海报有两个方案：\n方案一：标题 秋日限定\n方案二：标题 桂花季", lexicon)
    assert got["title"] == "秋日限定"


def test_a_pasted_chats_message_heads_are_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("[09:01] 文案-小王：这版定稿了\n[09:02] 文案-小王：主标题 周年庆 全场5折\n[09:03] 文案-小王：按钮 去逛逛",
                lexicon, title="周年庆 全场5折", cta="去逛逛")


def test_a_time_inside_copy_is_no_message_head(lexicon: BriefLexicon) -> None:
    assert copy_fields("标题：[20:00] 准时开抢", lexicon)["title"] == "[20:00] 准时开抢"


def test_a_change_announced_with_an_arrow_replaces_the_value(lexicon: BriefLexicon) -> None:
    assert copy_fields("副标题：满300减30\n副标题换一下 → 满300减50", lexicon)["subtitle"] == "满300减50"
    assert copy_fields("副标题：满300减30\n副标题 → 放在按钮上面", lexicon)["subtitle"] == "满300减30"


def test_the_piece_a_label_is_for_sits_before_its_colon(lexicon: BriefLexicon) -> None:
    assert copy_fields("headline for the spring banner: Bloom Season", lexicon)["title"] == "Bloom Season"


# ---------------------------------------------------------------------------- values
def test_a_capitalised_headline_after_a_space_label_may_open_with_a_colour(lexicon: BriefLexicon) -> None:
    assert copy_fields("主标题 Green Week Savings\n按钮 Shop now", lexicon)["title"] == "Green Week Savings"
    assert copy_fields("主标题 green and bold\n按钮 Shop now", lexicon)["title"] is None


def test_a_quote_named_this_button_is_the_button(lexicon: BriefLexicon) -> None:
    expect_copy("招生海报：\n暑期编程营\n8节课 只要399\n家长扫码后点“立即预约”这个按钮", lexicon,
                title="暑期编程营", subtitle="8节课 只要399", cta="立即预约")


def test_a_quote_named_this_title_and_judged_is_no_button(lexicon: BriefLexicon) -> None:
    assert copy_fields("「限时抢购」这个标题太长了", lexicon)["cta"] is None


def test_words_standing_in_for_copy_to_come_are_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Spring flyer, the client's copy isn't ready, so use placeholder text — petals, pastel green.", lexicon)
    expect_copy("春季海报，文案下週才會給，先用占位文案：XXX", lexicon)
    assert copy_fields("Spring flyer, text — Bloom Season", lexicon)["title"] == "Bloom Season"


def test_a_labels_apostrophe_is_no_quote(lexicon: BriefLexicon) -> None:
    assert copy_fields("The headline's font is too thin.", lexicon)["title"] is None
    assert copy_fields("Headline: 'Bloom Season'", lexicon)["title"] == "Bloom Season"


def test_a_slot_left_open_in_a_note_is_no_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("标题：春季新品\n注：{date}先空着，等排期定了再补", lexicon)["body"] is None
    assert copy_fields("标题：春季新品\n注：{date}起限量发售", lexicon)["body"] == "{date}起限量发售"


# ---------------------------------------------------------------------------- structure
def test_a_json_object_of_versions_gives_the_version_the_brief_names(lexicon: BriefLexicon) -> None:
    brief = ('Use the fr values for this one.\n{"title": {"en": "Spring Sale", "fr": "Soldes de printemps"},\n'
             ' "cta": {"en": "Shop now", "fr": "Acheter"}}')
    expect_copy(brief, lexicon, title="Soldes de printemps", cta="Acheter")


def test_a_json_object_of_versions_with_none_named_gives_the_first(lexicon: BriefLexicon) -> None:
    assert copy_fields('{"title": {"en": "Spring Sale", "fr": "Soldes"}}', lexicon)["title"] == "Spring Sale"


def test_a_sheets_header_row_names_columns_not_copy(lexicon: BriefLexicon) -> None:
    brief = "表格贴过来了：\n栏位\t文案\t备注\n主标题\t周末囤货节\t≤8\n按钮\t去囤货\t-"
    expect_copy(brief, lexicon, title="周末囤货节", cta="去囤货")


def test_labelled_cells_with_tabs_between_stay_labels(lexicon: BriefLexicon) -> None:
    expect_copy("机票弹窗\t标题：暑期机票低至299\t按钮：去抢票", lexicon, title="暑期机票低至299", cta="去抢票")


def test_copy_in_two_languages_gives_the_one_the_brief_asks_for(lexicon: BriefLexicon) -> None:
    brief = ("Please use the English for this one.\n\n中文：\n标题：夏日特惠\n按钮：去看看\n\n"
             "EN:\nTitle: Summer Sale\nButton: Shop now")
    expect_copy(brief, lexicon, title="Summer Sale", cta="Shop now")


def test_copy_in_two_languages_with_none_asked_for_reads_as_before(lexicon: BriefLexicon) -> None:
    got = copy_fields("中文：\n标题：夏日特惠\n\nEN:\nTitle: Summer Sale", lexicon)
    assert got["title"] == "夏日特惠"
