"""Copy extraction for the round-14 ways of writing a brief (issue 16): candidates after a label (Headline
options: "A" or "B") and the one picked by its words, a pick among lettered options closed by a particle
(最后定B吧), a wish before the quote (主标题想用「…」), 条款 as the fine print's label, stock counts in copy
(限量3000套) that are no count of posters, a label whose line holds only the next line's bullet, a write
verb and its colon bringing a line of copy without a label (截止日期写上：…), and a quoted note (备注“…”)
as the footnote.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- alternatives and the pick
def test_quoted_candidates_after_a_label_give_the_first(lexicon: BriefLexicon) -> None:
    expect_copy('Banner brief\nTitle ideas: "Spring Into Savings" or "Fresh Finds Week"\nButton: Browse deals',
                lexicon, title="Spring Into Savings", cta="Browse deals")


def test_the_candidate_named_after_the_quotes_is_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy('Title ideas: "Spring Into Savings" or "Fresh Finds Week", go with Fresh Finds Week\n'
                "Button: Browse deals", lexicon, title="Fresh Finds Week", cta="Browse deals")
    expect_copy("副标题备选：「满99减10」或者「满199减30」，就用「满199减30」吧，按钮：去凑单", lexicon,
                subtitle="满199减30", cta="去凑单")


def test_a_pick_that_names_no_candidate_changes_nothing(lexicon: BriefLexicon) -> None:
    got = copy_fields('Title ideas: "Spring Into Savings" or "Fresh Finds Week", go with the brand font\n'
                      "Button: Browse deals", lexicon)
    assert got["title"] == "Spring Into Savings"


def test_a_lettered_option_picked_with_a_particle(lexicon: BriefLexicon) -> None:
    expect_copy("主标题有两版：\nA：秋日上新 暖心一夏\nB：一件毛衣 暖一整季\n还是定A吧，B太长。\n按钮：去逛逛", lexicon,
                title="秋日上新 暖心一夏", cta="去逛逛")


# ---------------------------------------------------------------------------- words between label and copy
def test_a_wish_to_use_a_quote_brings_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("会员日海报，标题打算用「会员日 全场包邮」，按钮准备用「立即开通」", lexicon,
                title="会员日 全场包邮", cta="立即开通")


def test_a_wish_to_use_a_colour_stays_an_instruction(lexicon: BriefLexicon) -> None:
    got = copy_fields("会员日海报，标题想用金色，副标题：全场包邮", lexicon)
    assert got["title"] is None and got["subtitle"] == "全场包邮"


def test_clauses_label_the_fine_print(lexicon: BriefLexicon) -> None:
    expect_copy("信用卡弹窗\n标题：刷卡满额享好礼\n按钮：立即申请\n条款：详见本行官网活动公告", lexicon,
                title="刷卡满额享好礼", cta="立即申请", body="详见本行官网活动公告")


def test_clauses_inside_copy_label_nothing(lexicon: BriefLexicon) -> None:
    got = copy_fields("标题：刷卡满额享好礼\n小字：活动受相关条款约束", lexicon)
    assert got["body"] == "活动受相关条款约束" and got["title"] == "刷卡满额享好礼"


# ---------------------------------------------------------------------------- counts, bullets
def test_a_stock_count_inside_copy_is_no_count_of_posters(lexicon: BriefLexicon) -> None:
    expect_copy("标题：周年纪念礼盒\n副标题：Anniversary Box 限量2000套\n按钮：立即预约", lexicon,
                title="周年纪念礼盒", subtitle="Anniversary Box 限量2000套", cta="立即预约")


def test_a_count_of_posters_still_ends_the_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("副标题：周年纪念礼盒，出2张", lexicon)["subtitle"] == "周年纪念礼盒"


def test_a_label_holding_only_the_next_lines_bullet_gives_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Details:\n* Title: Summer Reading Club\n* Sub: Free for kids under 12\n* CTA: Sign up",
                lexicon, title="Summer Reading Club", subtitle="Free for kids under 12", cta="Sign up")


def test_a_footnote_mark_leading_the_fine_print_is_kept(lexicon: BriefLexicon) -> None:
    assert copy_fields("标题：暑期课\n小字：*名额有限", lexicon)["body"] == "*名额有限"


# ---------------------------------------------------------------------------- write verbs and notes
def test_a_write_verb_and_its_colon_bring_a_line_of_copy(lexicon: BriefLexicon) -> None:
    expect_copy("音乐节海报 标题“仲夏音乐夜” 副标题“三天三夜 不散场” 按钮“立即购票” 地点也写上：滨江草坪", lexicon,
                title="仲夏音乐夜", subtitle="三天三夜 不散场", cta="立即购票", body="滨江草坪")


def test_words_kept_off_the_poster_with_a_colon_are_no_copy(lexicon: BriefLexicon) -> None:
    got = copy_fields("音乐节海报 标题“仲夏音乐夜” 按钮“立即购票” 别写：滨江草坪", lexicon)
    assert got["subtitle"] is None and got["body"] is None


def test_a_write_verb_after_a_design_word_is_an_instruction(lexicon: BriefLexicon) -> None:
    got = copy_fields("音乐节海报 标题“仲夏音乐夜” 按钮“立即购票” 字体写：思源黑体", lexicon)
    assert got["subtitle"] is None and got["body"] is None


def test_a_quoted_note_is_the_footnote(lexicon: BriefLexicon) -> None:
    expect_copy("面包店弹窗：标题“新品吐司上架”；按钮“去尝鲜”；备注“每日限量供应”", lexicon,
                title="新品吐司上架", cta="去尝鲜", body="每日限量供应")


def test_a_note_about_a_quote_stays_the_designers(lexicon: BriefLexicon) -> None:
    got = copy_fields("标题：新品吐司上架，按钮：去尝鲜，备注：“去尝鲜”要做成橙色", lexicon)
    assert got["body"] is None and got["cta"] == "去尝鲜"
