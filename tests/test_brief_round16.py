"""Copy extraction for the round-16 ways of writing a brief (issue 16): labelled lines under a heading that
itself ends in a label (弹窗文案：⏎【标题】…), the editor's Standfirst / Dek and 副主题, a field left open with
its reason after a dash (Legal: TBD – …, 按钮：无 / none), stand-ins that hold a layout's place (“标题占位”,
"Headline here" 占位, XXXX), no button with the reason after a dash, a chat export's name-and-time lines,
the quoted history under a mail reply, 「…」这句做主标题, 小字不放 taking the fine print back, a bracketed
remark whose colon heads the line below, and an option picked by its number (#2).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- labels
def test_labelled_lines_under_a_heading_label(lexicon: BriefLexicon) -> None:
    expect_copy("周末闪购，海报文案：\n【主标题】零食囤货节\n【副标题】满99减30\n【按钮】马上囤", lexicon,
                title="零食囤货节", subtitle="满99减30", cta="马上囤")
    # 文案：⏎ with plain lines under it is still a block of copy, one field a line
    expect_copy("海报文案：\n零食囤货节\n满99减30", lexicon, title="零食囤货节", subtitle="满99减30")


def test_standfirst_dek_and_sub_theme_are_the_subtitle(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Read Local\nStandfirst: Ten bookshops worth the detour\nButton: Start reading", lexicon,
                title="Read Local", subtitle="Ten bookshops worth the detour", cta="Start reading")
    expect_copy("Title: Night Market Returns\nDek: Forty stalls, one street", lexicon,
                title="Night Market Returns", subtitle="Forty stalls, one street")
    expect_copy("植树节海报\n主题：种下一片绿\n副主题：每转发一次 我们种一棵树", lexicon,
                title="种下一片绿", subtitle="每转发一次 我们种一棵树")


# ---------------------------------------------------------------------------- fields left open
def test_an_open_field_with_its_reason_after_a_dash(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Fly for Less\nCTA: Book flights\nTerms: TBD – waiting on the airline's wording", lexicon,
                title="Fly for Less", cta="Book flights")
    expect_copy("标题 Title：周年庆 / Anniversary\n按钮 Button：无 / none", lexicon, title="周年庆 / Anniversary")
    # words that only start like a placeholder are copy
    expect_copy("Headline: Fly for Less\nTerms: None of our fares include bags.", lexicon,
                title="Fly for Less", body="None of our fares include bags.")


def test_stand_ins_hold_a_layout_until_the_copy_comes(lexicon: BriefLexicon) -> None:
    got = copy_fields("先出个框架，标题那里先放“活动标题占位”，等品牌确认", lexicon)
    assert got["title"] is None
    got = copy_fields("Layout first please, use 'Your headline here' and 'Button' as placeholders for now.", lexicon)
    assert got["title"] is None and got["subtitle"] is None and got["cta"] is None
    got = copy_fields("横幅结构：【主标题XXXXXX】【副标题XXXXXXXXX】，文案周五给", lexicon)
    assert got["title"] is None and got["subtitle"] is None
    # a quote of real copy beside a layout remark stays the copy
    expect_copy("先出个框架，标题先放“夏日冰饮节”，按钮“去看看”", lexicon, title="夏日冰饮节", cta="去看看")


def test_no_button_with_its_reason_after_a_dash(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Spring Open House\nNo button — the whole banner links to the form.", lexicon,
                title="Spring Open House")
    # a button label with a dash still brings the button
    expect_copy("Headline: Spring Open House\nButton — Register now", lexicon,
                title="Spring Open House", cta="Register now")


# ---------------------------------------------------------------------------- where a brief was pasted from
def test_a_chat_exports_name_and_time_lines_are_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("**Priya** 9:14 AM\nheadline: Lunch Club is back\n**Tom (Legal)** 9:20 AM\n"
                "fine print: Weekdays only.", lexicon, title="Lunch Club is back", body="Weekdays only.")
    # a role in brackets after copy still labels it where no chat head holds it
    expect_copy("Lunch Club is back (headline)", lexicon, title="Lunch Club is back")


def test_the_quoted_history_under_a_reply_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("终稿如下：\n标题：暑期班 早鸟9折\n按钮：立即报名\n\n> 在 6月3日 周一 10:02，王磊 写道：\n"
                "> 小字“报名即送教辅”要删掉", lexicon, title="暑期班 早鸟9折", cta="立即报名")
    # a reply that only points down at the thread still reads the copy there
    got = copy_fields("Go with option A for the headline, rest as below.\n\n> On Tue, Kim wrote:\n"
                      "> Headline options:\n> A) Summer Starts Here\n> B) Sun's Out", lexicon)
    assert got["title"] == "Summer Starts Here"


# ---------------------------------------------------------------------------- naming and taking back
def test_this_line_as_the_label_after_a_quote(lexicon: BriefLexicon) -> None:
    expect_copy("「一杯咖啡 一天好心情」这句做主标题\n按钮：去下单", lexicon, title="一杯咖啡 一天好心情", cta="去下单")
    # the label after the quote decides the field
    expect_copy("「第二杯半价」这句做副标题", lexicon, subtitle="第二杯半价")


def test_fine_print_left_off_takes_it_back(lexicon: BriefLexicon) -> None:
    expect_copy("标题：新学期 新装备\n小字：部分商品除外\n（开会定了：小字不放了）", lexicon, title="新学期 新装备")
    # placing the fine print keeps it
    expect_copy("标题：新学期 新装备\n小字放在底部：部分商品除外", lexicon, title="新学期 新装备", body="部分商品除外")


def test_a_bracketed_remark_heads_the_line_below(lexicon: BriefLexicon) -> None:
    expect_copy("标题：稳健理财\n\n风险小字（字号小一点没关系）：\n理财有风险。过往业绩不预示未来表现。\n\n谢谢", lexicon,
                title="稳健理财", body="理财有风险。过往业绩不预示未来表现。")
    # on one line the remark and its colon still lead to the copy
    expect_copy("标题（必填）：稳健理财", lexicon, title="稳健理财")


def test_an_option_picked_by_its_number(lexicon: BriefLexicon) -> None:
    expect_copy("Headline ideas from Friday's workshop:\n1. Sleep Better Tonight\n2. Rest, Reinvented\n"
                "3. Wake Up Ready\n\nThe client approved #3.", lexicon, title="Wake Up Ready")
    # a number with no pick verb picks nothing
    got = copy_fields("Headline ideas from Friday's workshop:\n1. Sleep Better Tonight\n2. Rest, Reinvented\n"
                      "3. Wake Up Ready\n\nSlide #3 has the photos.", lexicon)
    assert got["title"] != "Wake Up Ready"
