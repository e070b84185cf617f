"""Copy extraction for the round-104–107 ways of writing a brief (outside writers' meditation app, choir, rafting trip,
lighting store, water bill app, paragliding school, stamp museum …): a product named with an instruction word
(氛围灯), an event on offer (每周末有亲子活动), a label with no colon before a request to the reader (副标题 请于…前缴纳),
the old button quoted to be judged (“去看看”太弱了), 再改下 before a change, what a field is about (…那些), "No
call-to-action button — …", a headline said in title case after "should say", "And the button, just say …", "at the
bottom put …" with a goodbye after the fine print, "then underneath: …", a change's reason after a comma ("…, the
ampersand looks odd") and a labelled change after unlabelled quotes; (rounds 108–111) storage told to the reader
("Keep refrigerated."), two Title Case halves ("One Breath. Endless Blue."), 别只等“开口” (a "don't" that is copy),
"headline then subhead:" over quoted lines, "change the title to "…" and the button to "…"", "and small print "…""
after a change, and a weak verb opening the line after a field's name (不用按钮⏎用…做主视觉); (rounds 112–115) 请提前预约
asked of the visitor, 不用出门 spared the reader, "no rebooking", 最下面写：地址：…, 中间写【…】 and 内容：…海报; (rounds 116–119) 尺寸随你定, "fix the subtitle — should be "…"" and
文案还在和运营对.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_product_named_with_an_instruction_word(lexicon: BriefLexicon) -> None:
    expect_copy("标题：新品到店\n副标题：台灯、壁灯、氛围灯全场8折", lexicon, title="新品到店", subtitle="台灯、壁灯、氛围灯全场8折")
    # the look asked of the poster stays the designer's
    assert copy_fields("标题：新品到店 氛围要温馨", lexicon)["title"] == "新品到店"


def test_an_event_on_offer_is_copy(lexicon: BriefLexicon) -> None:
    expect_copy("副标题：7月1日-8月31日 每周六有亲子活动", lexicon, subtitle="7月1日-8月31日 每周六有亲子活动")
    # a campaign described after the copy is no copy
    assert copy_fields("副标题：周末特惠 亲子活动", lexicon)["subtitle"] == "周末特惠"


def test_a_request_to_the_reader_after_a_bare_label(lexicon: BriefLexicon) -> None:
    brief = "标题 您的燃气费即将到期\n副标题 请于本月20日前缴费，以免影响使用\n按钮 去缴费"
    expect_copy(brief, lexicon, title="您的燃气费即将到期", subtitle="请于本月20日前缴费，以免影响使用", cta="去缴费")
    # a request to the designer after the bare label stays theirs
    assert copy_fields("标题 夏日焕新\n副标题 请在右下角放logo", lexicon)["subtitle"] is None
    assert copy_fields("标题 请设计师看着办", lexicon)["title"] is None


def test_the_old_words_quoted_to_be_judged(lexicon: BriefLexicon) -> None:
    brief = "标题：秋季课程开班\n按钮：了解一下\n\n按钮改成“马上报名”吧，“了解一下”太弱了"
    expect_copy(brief, lexicon, title="秋季课程开班", cta="马上报名")
    # words moved to another place stay copy
    brief = ('the headline could be "Ethiopia Guji" - wait no, headline = "Hambela Estate", and then "Ethiopia Guji" '
             'goes underneath as the smaller line.')
    assert copy_fields(brief, lexicon)["subtitle"] == "Ethiopia Guji"


def test_a_change_after_zai_gai_xia(lexicon: BriefLexicon) -> None:
    brief = "标题：寒假冲刺营\n按钮：立即报名\n小字：不满意可退款\n再改下，按钮用“1元试听”，小字加上条件：“不满意，首课后48小时内可退款”"
    expect_copy(brief, lexicon, title="寒假冲刺营", cta="1元试听", body="不满意，首课后48小时内可退款")


def test_what_a_field_is_about_is_no_copy(lexicon: BriefLexicon) -> None:
    brief = "想做一张泳池安全提示海报，内容就是泳帽、拖鞋之类的，画风清新一点，文案你们看着写"
    assert copy_fields(brief, lexicon)["body"] is None
    assert copy_fields("标题：那些年的夏天", lexicon)["title"] == "那些年的夏天"


def test_no_call_to_action_button(lexicon: BriefLexicon) -> None:
    brief = "HEADLINE: Spring Checkups Are Back\nNo call-to-action button — it's for the waiting room."
    expect_copy(brief, lexicon, title="Spring Checkups Are Back")
    assert copy_fields("HEADLINE: Spring Checkups\nCall-to-action button: Book a Visit", lexicon)["cta"] == "Book a Visit"


def test_a_headline_said_in_title_case(lexicon: BriefLexicon) -> None:
    brief = ("[Voice memo] so for the lobby banner, the headline should say Keep Moving Forward, and the button just "
             "says Join Today. Thanks.")
    expect_copy(brief, lexicon, title="Keep Moving Forward", cta="Join Today")
    # a remark in lower case after the saying verb is no headline
    assert copy_fields("the headline should say keep it short.", lexicon)["title"] is None


def test_and_the_button_just_say(lexicon: BriefLexicon) -> None:
    brief = ('Voice memo: "the title should say Slow Down, Look Up. Then the subtitle is A 10-minute walk for busy '
             'days. And the button, just say Start Walking. That\'s it."')
    expect_copy(brief, lexicon, title="Slow Down, Look Up", subtitle="A 10-minute walk for busy days", cta="Start Walking")


def test_at_the_bottom_put_and_a_goodbye(lexicon: BriefLexicon) -> None:
    brief = ("Voice note: for the cave tour poster, title is Into the Dark, subtitle is Guided tours every Saturday, "
             "and at the bottom put Helmets included. Ages 10 and up. Cheers.")
    expect_copy(brief, lexicon, title="Into the Dark", subtitle="Guided tours every Saturday",
                body="Helmets included. Ages 10 and up.")
    # one sentence of fine print before the goodbye keeps no stop
    brief = "Voice note: the headline is Into the Dark. Small print at the bottom, Helmets included. That's it, cheers."
    assert copy_fields(brief, lexicon)["body"] == "Helmets included"


def test_then_underneath_on_its_own_line(lexicon: BriefLexicon) -> None:
    brief = "hi, for the museum shop poster\nthe headline should say: Bring the Past Home\nthen underneath: Replica maps, now in store"
    expect_copy(brief, lexicon, title="Bring the Past Home", subtitle="Replica maps, now in store")


def test_a_changes_reason_after_a_comma(lexicon: BriefLexicon) -> None:
    brief = "Title — Bread & Butter\nActually change the title to Bread and Butter, the ampersand looks odd in our font."
    expect_copy(brief, lexicon, title="Bread and Butter")
    # praise after the comma is copy
    assert copy_fields("Subtitle: Fresh bread daily, this deal is too good to miss", lexicon)["subtitle"] == \
        "Fresh bread daily, this deal is too good to miss"


def test_a_labelled_change_after_unlabelled_quotes(lexicon: BriefLexicon) -> None:
    brief = ('For the station poster: "Lantern Night — Opening Evening" up top, then "Free buses from the square every '
             '20 min". Oh, and actually make the top line "Lantern Night Opens May 3" — people need the date.')
    expect_copy(brief, lexicon, title="Lantern Night Opens May 3", subtitle="Free buses from the square every 20 min")
    # a change to a field no quote filled leaves the quotes where they were
    expect_copy('"Big Spring Sale" and "Free delivery all week". Actually make the button "Shop Now".', lexicon,
                title="Big Spring Sale", subtitle="Free delivery all week", cta="Shop Now")


def test_storage_told_to_the_reader(lexicon: BriefLexicon) -> None:
    brief = "Headline: Our Hottest Salsa Yet\nFine print: Contains sesame. Keep refrigerated after opening.\ngo bold, red + black"
    assert copy_fields(brief, lexicon)["body"] == "Contains sesame. Keep refrigerated after opening."
    # keeping the copy short is the designer's
    assert copy_fields("Headline: Sale\nSub: Big deals, keep it short", lexicon)["subtitle"] == "Big deals"


def test_two_title_case_halves(lexicon: BriefLexicon) -> None:
    brief = "• Headline: Deep Calm. Endless Green.\n• Subline: Forest bathing walks, Sundays 8am"
    expect_copy(brief, lexicon, title="Deep Calm. Endless Green.", subtitle="Forest bathing walks, Sundays 8am")
    # a design remark after the headline's stop stays the designer's
    assert copy_fields("Headline: Summer Sale. Blue Background.\nSub: Up to 50% off", lexicon)["title"] == "Summer Sale"


def test_a_dont_that_is_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("标题：宝宝爱哭闹，别只当“脾气大”", lexicon)["title"] == "宝宝爱哭闹，别只当“脾气大”"
    assert copy_fields("标题：别错过这个秋天", lexicon)["title"] == "别错过这个秋天"
    # "don't" about the design, and "the rest", stay the designer's
    assert copy_fields("标题：秋季上新，别太花哨", lexicon)["title"] == "秋季上新"
    expect_copy("标题写国庆出游 立减50 别的都不要 字要大", lexicon, title="国庆出游 立减50")


def test_fields_named_in_order_over_quoted_lines(lexicon: BriefLexicon) -> None:
    brief = ("Hi Sam,\nFor the window poster, headline first then the line under it:\n\n'Tune-Up Week — $39'\n"
             "'Includes chain, brakes and gears'\n\nNo button. Cheers,\nAl")
    expect_copy(brief, lexicon, title="Tune-Up Week — $39", subtitle="Includes chain, brakes and gears")
    brief = 'For the in-app popup, headline then subhead:\n"Dark Mode Is Here"\n"Easier on your eyes at night"\nThanks'
    expect_copy(brief, lexicon, title="Dark Mode Is Here", subtitle="Easier on your eyes at night")


def test_one_change_verb_for_two_fields(lexicon: BriefLexicon) -> None:
    brief = ('Title: Last Call!\nSubtitle: Doors open at 8\nButton: Buy Now\n'
             'wait — change the title to "Final Seats Left" and the button to "Get My Seat". sub stays.')
    expect_copy(brief, lexicon, title="Final Seats Left", subtitle="Doors open at 8", cta="Get My Seat")
    brief = ('- Headline: Morning Yoga\n- Small print: Sat 7–8AM, $15\n'
             'wait, headline should be "Sunrise Yoga" and small print "Sun 7–8AM, $15"')
    expect_copy(brief, lexicon, title="Sunrise Yoga", body="Sun 7–8AM, $15")
    # a field said to stay after a changed one keeps its words
    brief = "标题：来山里 住几天\n副标题：温泉 · 竹林\n改成「山里，慢一点」，副标题保持"
    expect_copy(brief, lexicon, title="山里，慢一点", subtitle="温泉 · 竹林")


def test_a_weak_verb_opening_the_next_line(lexicon: BriefLexicon) -> None:
    brief = "标题：千年织造\n不用按钮\n用那幅宋代缂丝做主视觉，配色米色+赭红"
    expect_copy(brief, lexicon, title="千年织造")
    assert copy_fields("标题用“千年织造”", lexicon)["title"] == "千年织造"


def test_rounds_112_115_reader_facing_words(lexicon: BriefLexicon) -> None:
    expect_copy("主标题：看海季·预约登岛\n副标题：节假日限流，请提前预约\n按钮：去预约", lexicon,
                title="看海季·预约登岛", subtitle="节假日限流，请提前预约", cta="去预约")
    assert copy_fields("标题：周末特惠，请提前发我", lexicon)["title"] == "周末特惠"
    assert copy_fields("标题：修鞋，不用出门\n副标题：上门取送", lexicon)["title"] == "修鞋，不用出门"
    brief = "Title: Fresh Sheets Weekly\nSubtitle: Same driver, same slot, no rescheduling\nCTA: Subscribe"
    assert copy_fields(brief, lexicon)["subtitle"] == "Same driver, same slot, no rescheduling"
    # a rendering spared is the designer's
    assert copy_fields("Title: Sale\nSubtitle: Big deals, no rendering", lexicon)["subtitle"] == "Big deals"


def test_rounds_112_115_places_and_keys(lexicon: BriefLexicon) -> None:
    brief = "标题：零基础学尤克里里\n副标题：小班教学\n最下面写：地址：海淀区中关村大街1号 电话010-0000"
    assert copy_fields(brief, lexicon)["body"] == "地址：海淀区中关村大街1号 电话010-0000"
    assert copy_fields("标题：零基础\n小字写个地址：大理古城", lexicon)["body"] == "大理古城"
    brief = "做个门店海报：最上面大字【买沙发送抱枕】，中间写【满5000再送茶几】，最底下一行小字【详询店员】，整体暖色"
    expect_copy(brief, lexicon, title="买沙发送抱枕", subtitle="满5000再送茶几", body="详询店员")
    assert copy_fields("标题：秋季上新，中间放个logo", lexicon)["title"] == "秋季上新"
    brief = "需求编号：XY-01\n内容：樱花节停车指引海报\n标题：自驾请看这里\n小字：停车免费"
    expect_copy(brief, lexicon, title="自驾请看这里", body="停车免费")
    assert copy_fields("标题：中秋\n内容：满200减30", lexicon)["body"] == "满200减30"


def test_rounds_116_119_choices_changes_and_pending_words(lexicon: BriefLexicon) -> None:
    assert copy_fields("主标题：定制窗帘，尺寸随你定\n副标题：免费上门测量", lexicon)["title"] == "定制窗帘，尺寸随你定"
    assert copy_fields("主标题：定制窗帘 尺寸要大", lexicon)["title"] == "定制窗帘"
    brief = ('headline: Less Sugar, Same Joy\nsubtitle: 21 days of low-sugar deserts\nbutton: Join now\n'
             'sorry, fix the subtitle — should be "21 days of low-sugar desserts, all in the app"')
    expect_copy(brief, lexicon, title="Less Sugar, Same Joy", subtitle="21 days of low-sugar desserts, all in the app",
                cta="Join now")
    brief = "做一张拉新有礼的海报，画面年轻一点，主色蓝色。文案我这边还在跟市场部确认，你们先空着"
    expect_copy(brief, lexicon)
