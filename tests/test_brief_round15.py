"""Copy extraction for the round-15 ways of writing a brief (issue 16): more fine-print labels (警语, 细字,
底部提示), a field the app or system draws itself, a Cantonese "not yet" for the copy, options marked by
letter or counted (第2个) and the one picked, a quote rewritten into another (“A”改成“B”), a keep or require
verb before the quote (沿用上次的「…」, 必须要有“…”), a suggestion the team passed over, a reported remark
on the design, a button drawn in brackets ([Get Tickets]), a heading that ends in a colon, and a label in
brackets after a value that yields to the field's own label.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- labels
def test_warning_small_print_and_bottom_hint_are_the_fine_print(lexicon: BriefLexicon) -> None:
    expect_copy("貸款彈窗\n標題：線上申辦 最快當日撥款\n按鈕：立即試算\n警語：借錢前請審慎評估還款能力", lexicon,
                title="線上申辦 最快當日撥款", cta="立即試算", body="借錢前請審慎評估還款能力")
    expect_copy("餐廳海報：大標「兩人套餐 $198」，細字「只限堂食」，掣寫「立即訂座」", lexicon,
                title="兩人套餐 $198", cta="立即訂座", body="只限堂食")
    expect_copy("续费提醒弹窗，按钮“立即续费”，底部提示“自动续费可随时取消”", lexicon,
                cta="立即续费", body="自动续费可随时取消")


def test_big_line_and_top_line_head_the_poster(lexicon: BriefLexicon) -> None:
    expect_copy("Bake sale flyer. Top line: Cookies for a Cause. Button says Order Now.", lexicon,
                title="Cookies for a Cause", cta="Order Now")
    # make the logo big: … is an instruction, not the big line
    got = copy_fields("Bake sale flyer, make the logo big. Button says Order Now.", lexicon)
    assert got["title"] is None


def test_is_just_brings_the_button(lexicon: BriefLexicon) -> None:
    expect_copy("the headline is 'Fresh bread daily' and the button is just 'Find a Bakery'", lexicon,
                title="Fresh bread daily", cta="Find a Bakery")


def test_should_be_in_chinese_brings_the_corrected_copy(lexicon: BriefLexicon) -> None:
    expect_copy("标题：秋季上新\n按钮：去看看\n\n更正一下，标题应该是“秋季上新 满300减50”。", lexicon,
                title="秋季上新 满300减50", cta="去看看")


def test_details_yield_to_the_fine_print_label(lexicon: BriefLexicon) -> None:
    expect_copy("Webinar popup. Details:\n- Owner: Priya\n- Due: Friday\n\nHeadline: Scale Your Support\n"
                "Button: Save My Seat\nFine print: Recording sent to all registrants.", lexicon,
                title="Scale Your Support", cta="Save My Seat", body="Recording sent to all registrants.")
    # Details: alone still gives the body
    expect_copy("School poster\nHeadline: Meet Our Teachers\nDetails: Sat 10 AM, Main Hall", lexicon,
                title="Meet Our Teachers", body="Sat 10 AM, Main Hall")


def test_a_bracketed_role_yields_to_the_fields_own_label(lexicon: BriefLexicon) -> None:
    got = copy_fields("Approvers: Mia + Tom (legal)\n\nHeadline: Switch and Save\nLegal: Terms apply.", lexicon)
    assert got["body"] == "Terms apply."
    # without a later label the bracketed one still gives its field
    got = copy_fields("秋季新品上市（主标题），按钮：去看看", lexicon)
    assert got["title"] == "秋季新品上市"


# ---------------------------------------------------------------------------- no copy for the field
def test_a_field_the_app_draws_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("升级提示弹窗，标题：新版本已上线，按钮用系统自带的，不用设计", lexicon, title="新版本已上线")
    expect_copy("Survey popup: headline 'Tell us how we did'. The button is drawn by the app, so skip it.", lexicon,
                title="Tell us how we did")
    # a button that is merely described stays
    expect_copy("升级提示弹窗，标题：新版本已上线，按钮：立即更新", lexicon, title="新版本已上线", cta="立即更新")


def test_cantonese_not_yet_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("中秋彈窗，文案仲未有，你先整個草稿", lexicon)
    expect_copy("新年海報，標題未定住，用紅金色", lexicon)
    # 前所未有 is a word of the copy
    got = copy_fields("标题：前所未有的低价", lexicon)
    assert got["title"] == "前所未有的低价"


def test_a_quote_naming_a_folder_is_no_copy(lexicon: BriefLexicon) -> None:
    got = copy_fields("Poster for the fun run. Headline: Run for Hope. Photos from the 'run-2022' folder.", lexicon)
    assert got == {"title": "Run for Hope", "subtitle": None, "cta": None, "body": None}


def test_a_suggestion_passed_over_is_no_copy(lexicon: BriefLexicon) -> None:
    got = copy_fields('Headline: "Meet the new dashboard"\nCTA: "Take the Tour" (Raj suggested "Show Me" '
                      "but we went with Take the Tour)", lexicon)
    assert got["cta"] == "Take the Tour" and got["body"] is None
    # a quote with no but-clause is still copy
    got = copy_fields('Headline: "Meet the new dashboard"\nCTA: "Take the Tour"\n"Available on all plans"', lexicon)
    assert got["subtitle"] == "Available on all plans"


def test_a_reported_remark_on_the_design_is_no_copy(lexicon: BriefLexicon) -> None:
    got = copy_fields("标题：周末狂欢\n按钮：去看看\n老板说“字体不要太细”", lexicon)
    assert got["subtitle"] is None and got["body"] is None
    # reported words that say no design choice stay copy
    got = copy_fields("标题：周末狂欢\n按钮：去看看\n老板说副标题就用“好物低至5折”", lexicon)
    assert got["subtitle"] == "好物低至5折"


# ---------------------------------------------------------------------------- picks and rewrites
def test_a_counted_pick_after_numbered_options(lexicon: BriefLexicon) -> None:
    expect_copy("主标题想了几个：\n1. 开学季 文具5折\n2. 新学期 装备焕新\n3. 返校必备清单\n讨论后用第3个。按钮“去选购”", lexicon,
                title="返校必备清单", cta="去选购")


def test_lettered_options_inline_and_the_pick_by_letter(lexicon: BriefLexicon) -> None:
    expect_copy("副标题备选：A.「满199减30」 B.「全场包邮」，最后选了A。按钮“去凑单”", lexicon,
                subtitle="满199减30", cta="去凑单")
    expect_copy('Headline options: 1) "Own the Night" 2) "Light Up Your Ride", going with 2. Button: Shop Lights',
                lexicon, title="Light Up Your Ride", cta="Shop Lights")
    # without a pick the first option stays the copy
    got = copy_fields("副标题备选：A.「满199减30」 B.「全场包邮」。按钮“去凑单”", lexicon)
    assert got["subtitle"] == "满199减30"


def test_a_quote_changed_to_another_gives_the_new_one(lexicon: BriefLexicon) -> None:
    expect_copy("标题“夏日清凉节”改成“清凉一夏 冰饮第二杯半价”，按钮“去点单”", lexicon,
                title="清凉一夏 冰饮第二杯半价", cta="去点单")
    expect_copy('Headline "Spring Sale" changed to "Spring Into Savings", button "Shop Now"', lexicon,
                title="Spring Into Savings", cta="Shop Now")


def test_a_keep_or_require_verb_brings_the_quote(lexicon: BriefLexicon) -> None:
    expect_copy("标题：会员日\n按钮保留原来的「立即开通」\n小字一定要有“最终解释权归本店所有”", lexicon,
                title="会员日", cta="立即开通", body="最终解释权归本店所有")
    # a quote inside the copy with no such verb stays inside it
    got = copy_fields("标题：全场“5折”", lexicon)
    assert got["title"] == "全场“5折”"


def test_a_heading_that_ends_in_a_colon_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("周会结论\n文案已定稿：主标题「春季焕新」，按钮「去逛逛」", lexicon, title="春季焕新", cta="去逛逛")


# ---------------------------------------------------------------------------- the button's brackets
def test_a_button_drawn_in_brackets_loses_them(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Summer Jazz Nights\nButton: [Book a Table]", lexicon,
                title="Summer Jazz Nights", cta="Book a Table")
    # brackets inside a button are its words
    expect_copy("Headline: Summer Jazz Nights\nButton: Book [2] Seats", lexicon,
                title="Summer Jazz Nights", cta="Book [2] Seats")
