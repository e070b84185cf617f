"""Copy extraction for the round-11 ways of writing a brief (issue 16): copy lines under a long heading
(…, copy from top to bottom: / 文案已审，按顺序排：), a spaced slash or a pointing hand between a label
and its value (Title / …, Headline 👉 …), a pick among listed options (标题选了第二个 / 定B), a quote the
brief keeps off the poster (不要用“…”, 竞品文案别用：, an aside in brackets, a quoted transcript of the
request, a 【key：value】 header), position words (big words:, 再下面小一点写：), a place as the button
(进入会场), copy promised for later (文案下周三运营给), an outline's numbers (R3.1 Title:), a label closing a
bracketed aside (说明（放正文）：…), an offer after a comma (no fees), and the stop of a copy line.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

import pytest

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- lines under a long heading
def test_copy_lines_under_a_long_heading_that_names_the_format(lexicon: BriefLexicon) -> None:
    expect_copy("Spring cleaning popup for the hardware store app, lines from top to bottom:\n\nFresh Start Sale\n"
                "Mops and brooms from $5\nBrowse deals\n\nKeep it light and airy.", lexicon,
                title="Fresh Start Sale", subtitle="Mops and brooms from $5", cta="Browse deals")


def test_a_long_first_line_without_a_colon_heads_no_lines(lexicon: BriefLexicon) -> None:
    got = copy_fields("Spring cleaning popup for the hardware store app, lines from top to bottom\n\nFresh Start Sale",
                      lexicon)
    assert got["subtitle"] is None and got["body"] is None


def test_a_remark_glued_to_the_copy_word_that_ends_at_a_colon_heads_the_lines(lexicon: BriefLexicon) -> None:
    expect_copy("端午弹窗，文案法务已过，照这个顺序排：\n\n粽享端午\n满200减30\n立即选购\n\n配色用绿色", lexicon,
                title="粽享端午", subtitle="满200减30", cta="立即选购")


def test_a_copy_line_of_sentences_keeps_its_closing_stop(lexicon: BriefLexicon) -> None:
    got = copy_fields("Gym popup, copy in order:\n\nGet Moving\nFirst week free\nJoin now\n"
                      "Members only. Cancel whenever you like.\n\nUse the orange palette.", lexicon)
    assert got["body"] == "Members only. Cancel whenever you like."


def test_a_copy_line_of_one_sentence_keeps_its_stop(lexicon: BriefLexicon) -> None:
    # (dev writers keep a fine-print sentence's stop at its line's end 326 times to 2: see test_brief_stops)
    got = copy_fields("Gym popup, copy in order:\n\nGet Moving\nFirst week free\nJoin now\nMembers only.\n", lexicon)
    assert got["body"] == "Members only."


# ---------------------------------------------------------------------------- slash and pointing hand
def test_a_spaced_slash_after_a_label_heading_its_line_is_its_colon(lexicon: BriefLexicon) -> None:
    expect_copy("Spring promo | banner\nHeadline / Bloom Week\nSubhead / 30% off all planters\nButton / Shop planters",
                lexicon, title="Bloom Week", subtitle="30% off all planters", cta="Shop planters")


@pytest.mark.parametrize("brief", [
    "标题 / 副标题：都用白色",  # two labels named at a line's head, no copy for the first
    "Title / Subtitle: both in white",
])
def test_a_slash_between_two_labels_brings_no_copy(brief: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(brief, lexicon)["title"] is None


def test_a_pointing_hand_between_a_label_and_its_value_is_a_colon(lexicon: BriefLexicon) -> None:
    expect_copy("周年庆弹窗\n标题 👉 三周年 感谢有你\nButton 👉 Join the party", lexicon,
                title="三周年 感谢有你", cta="Join the party")


# ---------------------------------------------------------------------------- a pick among options
def test_the_ordinal_the_label_line_picks_is_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("中秋海报主标题备了三版，最后定了第三个：\n1. 月满人团圆\n2. 花好月圆夜\n3. 但愿人长久\n\n按钮：去送礼",
                lexicon, title="但愿人长久", cta="去送礼")


def test_a_pick_on_its_own_line_under_the_options_is_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("早餐弹窗，副标题二选一：\nA：豆浆油条 3元起\nB：早起福利 买一送一\n选B\n标题：早安打工人", lexicon,
                title="早安打工人", subtitle="早起福利 买一送一")


def test_options_without_a_pick_leave_the_label_to_its_own_value(lexicon: BriefLexicon) -> None:
    got = copy_fields("早餐弹窗，副标题：早起福利\nA：豆浆油条\nB：买一送一\n标题：早安打工人", lexicon)
    assert got["subtitle"] == "早起福利"


# ---------------------------------------------------------------------------- quotes kept off the poster
@pytest.mark.parametrize("brief", [
    "打车券海报\n标题：周末出行 打车8折\n按钮：领券\n注意别出现“最低价”这种说法",
    "打车券海报\n标题：周末出行 打车8折\n按钮：领券\n友商的口号，禁止使用：\n“打车就找我”",
    "Ride coupon poster\nTitle: Weekend Rides 20% Off\nCTA: Get coupon\nAvoid \"cheapest\", legal says no.",
])
def test_a_quote_the_brief_keeps_off_the_poster_is_no_copy(brief: str, lexicon: BriefLexicon) -> None:
    got = copy_fields(brief, lexicon)
    assert got["subtitle"] is None and got["body"] is None, got


def test_a_quote_after_a_plain_use_is_still_copy(lexicon: BriefLexicon) -> None:
    got = copy_fields("打车券海报，标题用“周末出行 打车8折”，按钮：领券", lexicon)
    assert got["title"] == "周末出行 打车8折"


def test_a_quote_opening_a_bracketed_instruction_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("会员弹窗\n标题：开通年卡 立省120元\n按钮：立即开通\n（“暂不开通”按钮走系统样式，不用设计）", lexicon,
                title="开通年卡 立省120元", cta="立即开通")


def test_a_quote_in_brackets_without_an_instruction_is_still_copy(lexicon: BriefLexicon) -> None:
    got = copy_fields("会员弹窗（“开通年卡 立省120元”）按钮：立即开通", lexicon)
    assert got["title"] == "开通年卡 立省120元"


def test_a_quoted_transcript_of_the_request_is_no_copy(lexicon: BriefLexicon) -> None:
    got = copy_fields('Slack message from Dana: "hey, we need a banner for the spring webinar, '
                      'can you rough something out today? I will get you the real words tomorrow"', lexicon)
    assert got["title"] is None


def test_a_long_quoted_line_of_copy_stays_copy(lexicon: BriefLexicon) -> None:
    line = "Every great trip starts with a single step, and every step is better with friends beside you"
    assert copy_fields(f'Travel poster, headline "{line}"', lexicon)["title"] == line


def test_a_bracketed_key_value_header_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("【需求单：双旦会场】\n标题：双旦狂欢 全场包邮\n按钮：去会场", lexicon,
                title="双旦狂欢 全场包邮", cta="去会场")


def test_a_bracketed_line_of_copy_is_still_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("【双旦狂欢 全场包邮】做成海报，按钮：去会场", lexicon)["title"] == "双旦狂欢 全场包邮"


# ---------------------------------------------------------------------------- positions and places
def test_big_words_is_the_title_position(lexicon: BriefLexicon) -> None:
    expect_copy("flyer for my bakery\nbig words: Fresh Bread Daily\nunder it: Sourdough $4", lexicon,
                title="Fresh Bread Daily", subtitle="Sourdough $4")


def test_a_title_case_headline_after_a_position_is_copy_whatever_word_leads_it(lexicon: BriefLexicon) -> None:
    got = copy_fields("Big text: Something Sweet Is Baking\nSmall print: Weekends only", lexicon)
    assert got["title"] == "Something Sweet Is Baking"


def test_a_design_remark_after_a_position_is_no_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("Big text: something festive please", lexicon)["title"] is None


def test_a_third_position_with_a_size_remark_is_the_fine_print(lexicon: BriefLexicon) -> None:
    expect_copy("店门口海报\n上面写：周三会员日\n下面写：全场饮品8折\n再下面字小点写：仅限堂食", lexicon,
                title="周三会员日", subtitle="全场饮品8折", body="仅限堂食")


@pytest.mark.parametrize("place", ["进入会场", "去店铺"])
def test_going_to_the_campaigns_place_is_the_button(place: str, lexicon: BriefLexicon) -> None:
    expect_copy(f"双12弹窗：“年终狂欢夜”“满300减50”“{place}”", lexicon,
                title="年终狂欢夜", subtitle="满300减50", cta=place)


def test_a_place_named_in_the_briefs_sentence_is_no_button(lexicon: BriefLexicon) -> None:
    assert copy_fields("用户进入会场后弹出，标题：年终狂欢夜", lexicon)["cta"] is None


# ---------------------------------------------------------------------------- copy promised for later
@pytest.mark.parametrize("value", ["下周三运营给", "明天老板定"])
def test_copy_promised_for_a_later_day_is_no_copy(value: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(f"元宵弹窗先出视觉，文案{value}。", lexicon)["title"] is None


def test_a_day_inside_real_copy_stays_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("元宵弹窗，标题：明天见 一起闹元宵", lexicon)["title"] == "明天见 一起闹元宵"


# ---------------------------------------------------------------------------- outlines and asides
def test_an_outline_number_before_a_label_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Spec\nS4. Banner copy:\n  S4.1 Title: Move money instantly\n  S4.2 CTA: Try it now", lexicon,
                title="Move money instantly", cta="Try it now")


def test_a_label_that_closes_a_bracketed_aside_takes_the_value_after_its_colon(lexicon: BriefLexicon) -> None:
    expect_copy("标题：新版上线\n上新说明（放在正文）：支持深色模式\n按钮：去体验", lexicon,
                title="新版上线", body="支持深色模式", cta="去体验")


def test_a_label_inside_a_bracketed_aside_without_a_colon_after_it_is_no_label(lexicon: BriefLexicon) -> None:
    got = copy_fields("标题：新版上线（正文不用），按钮：去体验", lexicon)
    assert got["body"] is None


def test_a_cost_the_offer_waives_after_a_comma_stays_in_the_value(lexicon: BriefLexicon) -> None:
    assert copy_fields("Subtitle: Book your stay today, no booking fees\nCTA: Book now", lexicon)["subtitle"] \
        == "Book your stay today, no booking fees"


def test_a_no_that_asks_the_designer_still_ends_the_value(lexicon: BriefLexicon) -> None:
    assert copy_fields("Subtitle: Book your stay today, no logo please\nCTA: Book now", lexicon)["subtitle"] \
        == "Book your stay today"
