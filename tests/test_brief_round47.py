"""Copy extraction for the round-47 and round-48 ways of writing a brief (outside writers' e-scooter brand, museum,
milk tea, cleaning app, yoga retreat, used books, skincare, credit card, music festival and pet food; car rental,
seafood, a hospital charity, online courses, sneakers, a hot spring, food delivery, phone repair, a board game café and
a wine shop): 按钮的话就写…, "其他的你自由发挥" after the copy, an apology heading a line of changes (啊不好意思，…),
底部「…」, where the button leads (按钮跳商品详情页), "No fix, no fee.", a label with a place before its dash
(Small text at the bottom – …), and how a line should feel before its quoted name (标题写暖暖的，就叫「…」).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_topic_marker_before_just_write(lexicon: BriefLexicon) -> None:
    brief = ('【语音转文字】喂小陈啊，那个暑期学生优惠的banner你帮我弄一下，标题就写学生专享8折，然后副标题写凭学生证到店即享，'
             '呃按钮的话就写查看门店，其他的你自由发挥，好嘞谢谢')
    expect_copy(brief, lexicon, title='学生专享8折', subtitle='凭学生证到店即享', cta='查看门店')
    # the rest left to the designer is no part of the copy before it
    assert copy_fields('标题就写学生专享8折，按钮就写查看门店，其他你看着办', lexicon)["cta"] == "查看门店"


def test_an_apology_heading_a_line_of_changes(lexicon: BriefLexicon) -> None:
    brief = ('公众号推文头图+弹窗：\n标题：“周末轻断食瑜伽”\n副标题：“两天一夜 身心排毒”\n按钮：“了解详情”\n'
             '啊不好意思，标题用“周末轻断食瑜伽营”，按钮用“立即报名”')
    expect_copy(brief, lexicon, title='周末轻断食瑜伽营', subtitle='两天一夜 身心排毒', cta='立即报名')


def test_a_place_heading_its_quoted_line(lexicon: BriefLexicon) -> None:
    brief = '帮忙做张易拉宝，文案：\n大标题「呼吸之间 自在当下」\n底部「咨询电话：400-123-4567」\n其他不用加字，配图用海边冥想的照片'
    expect_copy(brief, lexicon, title='呼吸之间 自在当下', body='咨询电话：400-123-4567')
    # a place with a thing to put there is no copy
    assert copy_fields('大标题「呼吸之间 自在当下」\n底部放logo', lexicon)["body"] is None


def test_where_the_button_leads_is_no_copy(lexicon: BriefLexicon) -> None:
    brief = ('@设计 情人节要推一款粉红起泡酒，需要一个APP首页弹窗，画面浪漫一点，粉色调，放两只碰杯的香槟杯。'
             '文案我这边还没定，你们先看着写，按钮跳商品详情页。')
    expect_copy(brief, lexicon)
    assert copy_fields('标题：新品上市\n按钮链接到商品页就行', lexicon)["cta"] is None
    assert copy_fields('标题：新品上市\n按钮：跳转看看', lexicon)["cta"] == "跳转看看"


def test_what_the_reader_is_spared_and_a_place_before_a_dash(lexicon: BriefLexicon) -> None:
    brief = ("Hi there, could you design a window poster for us? Copy is:\n\nTitle – Dropped it in water?\n"
             "Subtitle – Don't turn it on. Bring it straight to us.\n"
             "Small text at the bottom – Free diagnosis. No fix, no fee.\n\nNo button as it's a print poster.")
    expect_copy(brief, lexicon, title='Dropped it in water?', subtitle="Don't turn it on. Bring it straight to us.",
                body='Free diagnosis. No fix, no fee.')
    # a dash after a removal is the brief's remark
    brief = ("Title: Women in Tech Scholarship\nButton: Apply by 31 July\n"
             "No small print on the popup — the T&Cs link sits under the button automatically.")
    assert copy_fields(brief, lexicon)["body"] is None


def test_how_a_line_should_feel_before_its_name(lexicon: BriefLexicon) -> None:
    brief = ('[语音转文字] 那个小周啊，冬季热饮的海报，标题写暖暖的，就叫「冬日暖一杯」，副标题「热饮任选两杯立减5元」，按钮不要，'
             '底下写一行「图片仅供参考，以实物为准」，嗯就这样')
    expect_copy(brief, lexicon, title='冬日暖一杯', subtitle='热饮任选两杯立减5元', body='图片仅供参考，以实物为准')
