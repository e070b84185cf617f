"""Copy extraction for the round-19 ways of writing a brief (issue 16): drafts followed by a version headed final
(终稿 / 定稿 / final version:), a label glued to the paper it heads (文案确认表), an English label with its Chinese copy
after a blank, a `key = value` line's closing stop, a correction word that only ends a line of copy, a request to the
reader that copy addressing them goes on to make, the element the brief keeps off the poster (不要做“…”按钮), who asks
for a replacing CTA (the client wants "…" instead), two sublines with no headline, a quoted line "under it", a Chinese
gloss in brackets after English copy, ‘…’ quotes in a Chinese sentence, a chat's bare correction of the message just
before, and the labels 注释, Compliance line and 灰字.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- revision rounds
def test_the_version_headed_final_replaces_the_drafts(lexicon: BriefLexicon) -> None:
    expect_copy("初稿：\n标题：春季上新 全场8折\n终稿（以此为准）：\n标题：春日焕新 满199减30\n按钮：去逛逛", lexicon,
                title="春日焕新 满199减30", cta="去逛逛")
    expect_copy("Draft:\nHeadline: Big Summer Sale\nFinal version:\nHeadline: Summer, Sorted\nCTA: Shop now", lexicon,
                title="Summer, Sorted", cta="Shop now")
    # 第一版 … 第二版（定稿）: drafts of one poster, not a second poster
    expect_copy("第一版：\n标题：中秋团圆\n第二版（定稿）：\n标题：月圆人团圆\n按钮：立即预订", lexicon,
                title="月圆人团圆", cta="立即预订")
    # with no version marked final, the first poster's copy stands
    got = copy_fields("第一版：\n标题：中秋团圆\n第二版：\n标题：月圆人团圆", lexicon)
    assert got["title"] == "中秋团圆"


def test_a_replacing_cta_someone_asks_for(lexicon: BriefLexicon) -> None:
    expect_copy('Headline: Flash Sale\nCTA: Shop Now\nUpdate: scratch the CTA, the client wants "Grab the Deal" instead.',
                lexicon, title="Flash Sale", cta="Grab the Deal")


def test_a_chat_correction_answers_the_message_just_before(lexicon: BriefLexicon) -> None:
    expect_copy("A 09:01：副标题用“领券立减50元”\nB 09:02：按钮还是“立即领券”？\nA 09:03：改成“去领券”吧", lexicon,
                subtitle="领券立减50元", cta="去领券")


# ---------------------------------------------------------------------------- labels and their values
def test_a_label_glued_to_the_paper_it_heads(lexicon: BriefLexicon) -> None:
    expect_copy("年终促销弹窗文案确认表\n主标题：年终盛典 全场5折\n按钮：立即抢购", lexicon,
                title="年终盛典 全场5折", cta="立即抢购")
    expect_copy("标题双十二狂欢夜，按钮立即抢购", lexicon, title="双十二狂欢夜", cta="立即抢购")


def test_an_english_label_then_chinese_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Popup for the CN app: headline 早餐买一送一, button 立即领取.", lexicon,
                title="早餐买一送一", cta="立即领取")


def test_key_equals_value_keeps_its_sentence_stop(lexicon: BriefLexicon) -> None:
    expect_copy("headline = Your trial ends today\nfine print = You won't be charged until you confirm.", lexicon,
                title="Your trial ends today", body="You won't be charged until you confirm.")


def test_a_correction_word_ending_a_line_of_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Get the latest update\nCTA: Install", lexicon, title="Get the latest update", cta="Install")


def test_copy_that_asks_its_reader(lexicon: BriefLexicon) -> None:
    expect_copy("标题：余额不足提醒\n副标题：您的账户余额不足10元，请及时充值\n按钮：去充值", lexicon,
                title="余额不足提醒", subtitle="您的账户余额不足10元，请及时充值", cta="去充值")
    # a request about the design stays the designer's
    got = copy_fields("标题：福利到账\n副标题：您的专属福利已到账，请加粗\n按钮：去查看", lexicon)
    assert got["subtitle"] == "您的专属福利已到账"


def test_an_element_kept_off_the_poster(lexicon: BriefLexicon) -> None:
    got = copy_fields("标题：限时秒杀\n按钮：马上抢\n（不要做“再看看”按钮，只留一个按钮）", lexicon)
    assert "再看看" not in got.values() and got["cta"] == "马上抢"


def test_two_sublines_and_no_headline(lexicon: BriefLexicon) -> None:
    expect_copy("Tagline: Built for the Bold\nSubhead: All-new trail shoes from $89\nButton: Shop Trail", lexicon,
                title="Built for the Bold", subtitle="All-new trail shoes from $89", cta="Shop Trail")


def test_a_quoted_line_under_the_headline(lexicon: BriefLexicon) -> None:
    got = copy_fields('copy:\n"Weekend Flash Sale" as the big headline\n"40% off all jackets" under it\n'
                      'button says "Shop Now"', lexicon)
    assert got["title"] == "Weekend Flash Sale" and got["subtitle"] == "40% off all jackets" and got["cta"] == "Shop Now"


# ---------------------------------------------------------------------------- quoting and languages
def test_a_chinese_gloss_after_english_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Title: Summer Camp Is Open（夏令营开放报名）\nButton: Sign Up（报名）", lexicon,
                title="Summer Camp Is Open", cta="Sign Up")
    # brackets in Chinese copy are the copy's own
    got = copy_fields("标题：开学季（限时）\n按钮：立即购买", lexicon)
    assert got["title"] == "开学季（限时）"


def test_single_curly_quotes_in_a_chinese_sentence(lexicon: BriefLexicon) -> None:
    expect_copy("老板说：海报就写‘周末市集 不见不散’，下面加个按钮‘查看地图’。", lexicon,
                title="周末市集 不见不散", cta="查看地图")


def test_labels_of_round_19(lexicon: BriefLexicon) -> None:
    expect_copy("标题：新品到店\n按钮：先领试用装\n注释：每个账号限领1次", lexicon,
                title="新品到店", cta="先领试用装", body="每个账号限领1次")
    expect_copy("Title: Grow your savings\nCTA: Book a call\nCompliance line: Capital at risk.", lexicon,
                title="Grow your savings", cta="Book a call", body="Capital at risk.")
    expect_copy("做个弹窗：「再邀1人即可领取」+ 按钮「邀请好友」，底下一行灰字「48小时内有效」", lexicon,
                title="再邀1人即可领取", cta="邀请好友", body="48小时内有效")
