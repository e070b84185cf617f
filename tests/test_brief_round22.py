"""Copy extraction for the round-22 ways of writing a brief (issue 16): the rules' explanation labelled 规则说明, a
heading that marks the copy under it as the revised one (NEW (use this one):, Updated:), a change announced at a
line's start (现在改成：标题…), a remark asking to print the quote marks, a full stop at the end of a table's cell, a
heading of notes for the designer, an offer on a line of its own above a labelled title, a headline after the brief's
description of the job, the part of the poster named before a label under a copy heading, and a reply that settles
on a quote (那就“…”).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- 规则说明
def test_the_rules_explanation_label_is_the_body(lexicon: BriefLexicon) -> None:
    # 规则说明：每人限领一张: the campaign's rules, labelled whole (not 规则 and then 说明：…)
    got = copy_fields("标题：周末福利\n按钮：领券\n规则说明：每人限领一张，周日24点失效", lexicon)
    assert got["body"] == "每人限领一张，周日24点失效"
    got = copy_fields("主标题：开学礼包 ｜ 活动规则说明：新用户专享", lexicon)
    assert got["body"] == "新用户专享"


# ---------------------------------------------------------------------------- a heading over the revised copy
def test_a_revision_heading_makes_the_fields_under_it_replace_the_earlier_ones(lexicon: BriefLexicon) -> None:
    # OLD: … ⏎ NEW (use this please): …: the fields given again under the heading are the copy
    brief = ("OLD:\nHeadline - Summer Reading Club\nSub - Borrow 5 books, win a tote\n\n"
             "NEW (use this please):\nHeadline - Summer Reading Club\nSub - Borrow 6 books, win a tote\nButton - Sign up")
    expect_copy(brief, lexicon, title="Summer Reading Club", subtitle="Borrow 6 books, win a tote", cta="Sign up")
    # …the heading may close the line's last sentence (…only. Revised:)
    brief = ("Title: Spring Yoga Week\nSub: All classes half price\n\n"
             "Finance says half price is too much for weekends. Revised:\n\n"
             "Title: Spring Yoga Week\nSub: Weekday classes half price")
    assert copy_fields(brief, lexicon)["subtitle"] == "Weekday classes half price"
    # a line of copy that starts with New is no heading: the first value stays
    got = copy_fields("Title: New Arrivals\nSub: Fresh picks weekly\nNew season colours, bright and bold\nSub: Other",
                      lexicon)
    assert got["subtitle"] == "Fresh picks weekly"


# ---------------------------------------------------------------------------- 现在改成：标题…
def test_a_change_announced_at_a_line_start_replaces_the_field(lexicon: BriefLexicon) -> None:
    # 之前：标题“A” ⏎ 现在改成：标题“B”: the later label, after the announced change, gives the copy
    brief = "之前：标题“冬季新品上市”\n现在改成：标题“冬季新品 全场9折”\n按钮：去看看"
    expect_copy(brief, lexicon, title="冬季新品 全场9折", cta="去看看")
    brief = "标题：年终盛典\n修改后：标题：年终盛典 满300减50"
    assert copy_fields(brief, lexicon)["title"] == "年终盛典 满300减50"


# ---------------------------------------------------------------------------- print the quote marks
def test_a_remark_asking_to_print_the_quotes_keeps_them(lexicon: BriefLexicon) -> None:
    # 「…」（引号也要印出来） / "…" (print the quotes too): the marks are part of the copy
    assert copy_fields("标题：「春天来了」（引号也要印出来）", lexicon)["title"] == "「春天来了」"
    assert copy_fields('Headline: "Hello Spring" (print the quotes too)', lexicon)["title"] == '"Hello Spring"'
    # without the remark the quotes are the brief's
    assert copy_fields("标题：「春天来了」", lexicon)["title"] == "春天来了"


# ---------------------------------------------------------------------------- a stop at a table cell's end
def test_a_full_stop_ending_a_table_cell_of_sentences_is_kept(lexicon: BriefLexicon) -> None:
    # | Legal | Terms apply. See site for details. | 10px |: the cell ends at its bar, as a line would
    brief = ("| Field | Text | Note |\n|---|---|---|\n| Headline | Autumn Sale | bold |\n"
             "| Legal | Terms apply. See site for details. | 10px |")
    assert copy_fields(brief, lexicon)["body"] == "Terms apply. See site for details."
    # a single short sentence in a heading's cell keeps its stop, as on a line of its own
    brief = "| Field | Text | Note |\n|---|---|---|\n| Headline | Autumn Sale. | bold |"
    assert copy_fields(brief, lexicon)["title"] == "Autumn Sale."


# ---------------------------------------------------------------------------- notes for the designer
def test_notes_headed_for_the_designer_hold_no_copy(lexicon: BriefLexicon) -> None:
    # 注意事项（给设计）：⏎1. …以正文为准: how to make the poster, even where a line names a field
    brief = ("标题：版本更新公告\n正文：新版本已上线，修复了已知问题。\n按钮：知道了\n\n"
             "注意事项（给设计）：\n1. 沿用上次的模板；\n2. 图标放在正文下面，文字以正文为准。")
    expect_copy(brief, lexicon, title="版本更新公告", body="新版本已上线，修复了已知问题。", cta="知道了")
    brief = "Headline: Flash Sale\nButton: Shop\n\nNotes for the designer:\nsubtitle colour should match the logo\n"
    assert copy_fields(brief, lexicon)["subtitle"] is None
    # notes that name nobody they are for keep their labels
    assert copy_fields("标题：新品\n备注：\n副标题：限时8折", lexicon)["subtitle"] == "限时8折"


# ---------------------------------------------------------------------------- an offer on a line of its own
def test_an_offer_on_a_line_of_its_own_above_a_labelled_title_is_the_subtitle(lexicon: BriefLexicon) -> None:
    # 瑜伽馆年卡⏎办年卡送3个月⏎标题：…: the offer line is listed with the copy
    got = copy_fields("瑜伽馆年卡\n办年卡送3个月\n标题：把身体交给瑜伽\n按钮：立即咨询", lexicon)
    assert got["subtitle"] == "办年卡送3个月" and got["title"] == "把身体交给瑜伽"
    # an offer told in a sentence before the labels is still the background
    got = copy_fields("话费充值满50减5，三网都能充。标题：充话费 立减5元", lexicon)
    assert got["subtitle"] is None


# ---------------------------------------------------------------------------- a headline after the description
def test_a_headline_after_the_brief_description_on_the_first_line(lexicon: BriefLexicon) -> None:
    # Banner for the bakery - Fresh Every Morning ⏎ sub: …: the words after the dash are the headline
    brief = "Banner for the bakery - Fresh Every Morning\nsub: Sourdough from 6am daily\nbutton: Order ahead"
    expect_copy(brief, lexicon, title="Fresh Every Morning", subtitle="Sourdough from 6am daily", cta="Order ahead")
    # …unless they talk about the design
    brief = "Banner for the bakery - warm colours please\nsub: Sourdough from 6am daily"
    assert copy_fields(brief, lexicon)["title"] is None


# ---------------------------------------------------------------------------- the part of the poster before a label
def test_a_part_of_the_poster_named_before_a_label_under_a_heading(lexicon: BriefLexicon) -> None:
    # 文案：⏎首屏标题用“…”: the line brings its own label; 首屏 says where it goes
    brief = "活动页文案：\n首屏标题用 “会员周 全场包邮”\n按钮 去逛逛"
    expect_copy(brief, lexicon, title="会员周 全场包邮", cta="去逛逛")
    # a line of copy under the heading stays the copy
    got = copy_fields("海报文案：\n会员周 全场包邮\n按钮：去逛逛", lexicon)
    assert got["title"] == "会员周 全场包邮"


# ---------------------------------------------------------------------------- a reply settling on a quote
def test_a_reply_that_settles_on_a_quote_rewrites_the_copy_it_shares_words_with(lexicon: BriefLexicon) -> None:
    # 标题用“A” … 那就“A′”: the settled quote replaces the title
    brief = "小林：标题用“新人注册 送10元券”\n小王：券太小了吧\n小林：好，那就“新人注册 送20元券”\n小王：按钮写“立即注册”"
    got = copy_fields(brief, lexicon)
    assert got["title"] == "新人注册 送20元券" and got["cta"] == "立即注册"
    # a settled quote sharing nothing with the copy is no correction of it
    got = copy_fields("标题“周末特惠”\n那就“立即抢购”", lexicon)
    assert got["title"] == "周末特惠"
