"""Copy extraction for the round-45 and round-46 ways of writing a brief (outside writers' pet insurance, bike sharing,
bakery, language app, karaoke, florist, car wash, dental clinic, bookstore café and mobile game; laundry, hotpot,
fitness tracker, wedding photos, pharmacy, cinema, furniture, budget airline, trading app and summer camp): a field said
again as what it "should be", asked for again ("can the button say …?"), criticised then changed (要全英文，改成：…,
的时间写错了，应该是：…), cut down (副标题就只留“…”), a plain-text table padded with spaces, the brand's promise after a
dash, copy left to the designer (文案你们看着写), and a voice note that turns to "the other copy".

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_field_said_again_as_what_it_should_be(lexicon: BriefLexicon) -> None:
    brief = ('Title: "Wash as often as you want". Subtitle: "Unlimited washes for $29.99 a month". Button: "Join". '
             'Oh wait, the price went up, subtitle should be "Unlimited washes for $34.99 a month".')
    expect_copy(brief, lexicon, title='Wash as often as you want', subtitle='Unlimited washes for $34.99 a month', cta='Join')
    brief = ("• headline: Dragon's Hoard Event\n• CTA: Fight Now\n"
             "update from PM: headline should be \"Dragon's Hoard: Limited Event\" instead")
    expect_copy(brief, lexicon, title="Dragon's Hoard: Limited Event", cta='Fight Now')
    # a remark on how the field should look changes nothing
    brief = "Headline: Dragon's Hoard Event\nCTA: Fight Now\nthe headline should be bigger"
    assert copy_fields(brief, lexicon)["title"] == "Dragon's Hoard Event"


def test_a_field_asked_for_again(lexicon: BriefLexicon) -> None:
    brief = ('title: Your wedding, in full bloom\nbutton: Book a Consultation\n'
             'actually can the button say "Book Free Consult"? fits better on mobile')
    expect_copy(brief, lexicon, title='Your wedding, in full bloom', cta='Book Free Consult')
    brief = 'title: Your wedding, in full bloom\nbutton: Book a Consultation\ncould the button be bigger?'
    assert copy_fields(brief, lexicon)["cta"] == "Book a Consultation"


def test_a_critique_then_the_fix(lexicon: BriefLexicon) -> None:
    brief = ('Title: Conquer the Realm\nSubtitle: 跨服争霸赛 报名开启\nCTA: Join Now\n'
             '更正：subtitle 要全英文，改成：Cross-server Championship — Sign-ups Open\n小字不用')
    expect_copy(brief, lexicon, title='Conquer the Realm', subtitle='Cross-server Championship — Sign-ups Open',
                cta='Join Now')
    brief = ('标题：麦香坊10周年 全场满50减10\n按钮：立即领取\n小字：活动时间3月1日-3月7日\n——更新——\n'
             '小字的时间写错了，应该是：活动时间3月8日-3月14日')
    expect_copy(brief, lexicon, title='麦香坊10周年 全场满50减10', cta='立即领取', body='活动时间3月8日-3月14日')
    # a language wish alone, with no new words, keeps the field
    brief = 'Title: Conquer the Realm\nSubtitle: 跨服争霸赛 报名开启\nsubtitle 要全英文的'
    assert copy_fields(brief, lexicon)["subtitle"] == "跨服争霸赛 报名开启"


def test_a_field_cut_down_to_part_of_it(lexicon: BriefLexicon) -> None:
    brief = ('标题：免费上门量尺\n副标题：定制衣柜 设计师1对1\n按钮：预约量尺\n'
             '然后标题改成“定制衣柜 免费上门量尺”吧，副标题就只留“设计师1对1”')
    expect_copy(brief, lexicon, title='定制衣柜 免费上门量尺', subtitle='设计师1对1', cta='预约量尺')


def test_a_plain_text_table_padded_with_spaces(lexicon: BriefLexicon) -> None:
    brief = ("Popup – recall reminder (existing patients)\nTitle  It's been 6 months!\n"
             "Subtitle  Time for your check-up and clean\nButton  Book My Visit\n"
             "Fine print  Covered by most insurance plans. Check with your provider.\nfriendly tone, tooth mascot waving")
    expect_copy(brief, lexicon, title="It's been 6 months!", subtitle='Time for your check-up and clean',
                cta='Book My Visit', body='Covered by most insurance plans. Check with your provider.')
    # one padded line is no table: a sentence about the title stays a remark
    assert copy_fields("Make it friendly\nTitle  should be short", lexicon)["title"] is None


def test_the_brands_promise_after_a_dash(lexicon: BriefLexicon) -> None:
    brief = ("- Headline: Free White-Glove Delivery\n- Subhead: On orders over $999 — we'll set it up, too\n"
             "- CTA: Start Shopping\nNo disclaimer needed.")
    expect_copy(brief, lexicon, title='Free White-Glove Delivery', subtitle="On orders over $999 — we'll set it up, too",
                cta='Start Shopping')
    # what the team will do is no promise to the reader
    brief = 'Headline: Spring Sale\nSub: 20% off everything — we will confirm the dates'
    assert copy_fields(brief, lexicon)["subtitle"] == "20% off everything"


def test_copy_left_to_the_designer(lexicon: BriefLexicon) -> None:
    brief = ('亲，我们下周要上一个双十一的弹窗，宠物医疗险打五折，风格要可爱一点，多用黄色，放我们的IP小狗“保保”，'
             '文案你们看着写，尺寸按APP弹窗标准 600x800 就行')
    expect_copy(brief, lexicon)
    brief = ('钉钉消息 | 市场部 王磊\n各位，新开的上海静安店需要一张开业海报，开业前三天有买一送一活动，'
             '文案你们设计那边看着写，画面要有店面实拍，用橱窗那张。')
    expect_copy(brief, lexicon)
    # a field the brief labels still counts
    brief = '帮我做个APP弹窗，老客户回购的。主标题就用「老客户拍全家福 5折」，副标题和按钮文案你们看着写，配色和上次一样。'
    expect_copy(brief, lexicon, title='老客户拍全家福 5折')
    # without that line the offer is the copy
    assert copy_fields('双十一弹窗，宠物医疗险打五折，风格要可爱一点', lexicon)["subtitle"] == "宠物医疗险打五折"


def test_a_voice_note_turning_to_the_other_copy(lexicon: BriefLexicon) -> None:
    brief = ('语音转文字：那个周年庆的主视觉海报啊 要大气 放我们三个主角站在城楼上 背景烟花 标题就用 三周年 王者归来 '
             '其他文案你们策划那边先出 我这里没有 尺寸就是应用商店那个尺寸')
    expect_copy(brief, lexicon, title='三周年 王者归来')
