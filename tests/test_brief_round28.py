"""Copy extraction for the round-28 ways of writing a brief (issue 16): a voice note's sign-off after the last value
(，完事 / ，好嘛就这样啊, a nod before 就这样) and "oh, right" turning to another point (，哦对了副标题…); a button said to be
"none this time" with a reason after it; the line a size down from the headline (小一号的：…); a trading app's risk
disclosure labelled 风险披露 with a layout remark in brackets before its colon; and the kind of line, with its colon,
before unquoted words (小字写个地址：…).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_sign_off_after_the_last_value(lexicon: BriefLexicon) -> None:
    brief = '那个海报标题就写「输了的请奶茶」哈哈哈，副标题写每周三桌游擂台赛，冠军免单一个月，按钮写我要挑战，完事'  # r28-037
    expect_copy(brief, lexicon, title='输了的请奶茶', subtitle='每周三桌游擂台赛，冠军免单一个月', cta='我要挑战')
    brief = ('[语音转文字] 喂小李啊，就是那个新店开业的海报你弄一下，大标题就写洁途洗车龙华店盛大开业，然后下面一行写开业三天洗车'
             '一律9块9，按钮写到店领券，小字就写龙华区民治大道188号，好嘛就这样啊，图你自己找，找亮一点的')  # r28-091
    assert copy_fields(brief, lexicon)["body"] == "龙华区民治大道188号"
    # 完事 inside the copy, and a clause that goes on after its particle, stay
    assert copy_fields("标题：完事大吉", lexicon)["title"] == "完事大吉"
    assert copy_fields("按钮写来嘛，好嘛就这样", lexicon)["cta"] == "来嘛"


def test_oh_right_turns_to_another_point(lexicon: BriefLexicon) -> None:
    brief = '标题写今晚8点不见不散，小字写赠品数量有限送完即止，哦对了副标题改一下，改成全场秒杀价低至19块9'  # after r28-069
    expect_copy(brief, lexicon, title='今晚8点不见不散', subtitle='全场秒杀价低至19块9', body='赠品数量有限送完即止')
    # 对了 that opens the copy's own sentence stays
    assert copy_fields("标题：对了就是这个味", lexicon)["title"] == "对了就是这个味"


def test_a_button_that_is_none_this_time(lexicon: BriefLexicon) -> None:
    brief = ("Headline: Sleep Stories are here\nSub: 50 calm stories, narrated by real voice actors\n"
             "Button copy: none this time, it's for the subway\n"
             "Small print: Available on iOS and Android. Requires Earshot Premium.")  # r28-012
    expect_copy(brief, lexicon, title='Sleep Stories are here', subtitle='50 calm stories, narrated by real voice actors',
                body='Available on iOS and Android. Requires Earshot Premium.')
    # a line of copy that opens with None goes on as a sentence
    assert copy_fields("Headline: None of the fees, all of the fun", lexicon)["title"] == "None of the fees, all of the fun"


def test_the_line_a_size_down_and_a_risk_disclosure(lexicon: BriefLexicon) -> None:
    brief = '雨季的海报，字不多：\n大字：雨后洗车送底盘冲洗\n小一号的：下雨天预约，雨停自动提醒\n按钮 预约洗车'  # r28-011
    expect_copy(brief, lexicon, title='雨后洗车送底盘冲洗', subtitle='下雨天预约，雨停自动提醒', cta='预约洗车')
    brief = ('标题：港美股通，一个账户全搞定\n按钮：立即下载\n风险披露（中英连在一起排一段，就按下面这样）：投资涉及风险，'
             '证券价格可升可跌。Investment involves risks.')  # r28-074
    expect_copy(brief, lexicon, title='港美股通，一个账户全搞定', cta='立即下载',
                body='投资涉及风险，证券价格可升可跌。Investment involves risks.')
    # 字号小一号 is how big the letters are, no label
    assert copy_fields("标题：雨后洗车\n字号小一号", lexicon)["subtitle"] is None


def test_the_kind_of_line_before_its_colon(lexicon: BriefLexicon) -> None:
    brief = ('这次想搞个冬至的，就写『冬至围炉，一起吃砂锅』当标题，按钮就不要了吧，小字写个地址：大理古城人民路下段18号云栖小院。'
             '就这些！')  # r28-093
    assert copy_fields(brief, lexicon)["body"] == "大理古城人民路下段18号云栖小院"
    # without 写 the colon after 地址 is the field's own words
    assert copy_fields("小字：地址：大理古城18号", lexicon)["body"] == "地址：大理古城18号"
