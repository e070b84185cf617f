"""Copy extraction for the round-62 and round-63 ways of writing a brief (outside writers' bubble tea, a coding
bootcamp, pet insurance, a wedding photographer, a ski resort, an online bank, a bookstore café, a trampoline park,
a cosmetics e-shop and county tourism; barbecue, phone repair, piano rental, dog daycare, a music festival, travel
insurance, an organic farm box, gaming laptops, a dance school and a city library): 请穿…入场 asked of visitors, 写上传…
(写, then 上传), 就写，嗯，“…” (a filler after the pause), a "Smaller:" line under "Big text:", ——更正： heading a
correction, a quote found wanting ("…" sounds weird), a voice memo's spoken quote … unquote, and fine print
remembered after the button (…，哦对还要小字，写…).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_request_of_visitors_is_copy(lexicon: BriefLexicon) -> None:
    brief = '（语音）做个前台提示海报，标题写请出示会员码入场，副标题写未带会员码可现场办理，就这样'
    expect_copy(brief, lexicon, title='请出示会员码入场', subtitle='未带会员码可现场办理')
    # a request of the designer stays a remark
    assert copy_fields('标题：欢迎光临\n请用红色做底', lexicon)["subtitle"] is None


def test_xie_then_a_word_opening_with_shang(lexicon: BriefLexicon) -> None:
    brief = '标题就写手机维修当天取，副标题写上门取件 免费检测，不要按钮'
    expect_copy(brief, lexicon, title='手机维修当天取', subtitle='上门取件 免费检测')
    assert copy_fields('标题写上：春季上新', lexicon)["title"] == '春季上新'


def test_a_filler_after_the_pause_before_the_quote(lexicon: BriefLexicon) -> None:
    brief = '【语音】标题就写，呃，“狗狗日托 下班来接”，按钮就写“预约试托”'
    expect_copy(brief, lexicon, title='狗狗日托 下班来接', cta='预约试托')


def test_a_smaller_line_under_the_big_text(lexicon: BriefLexicon) -> None:
    brief = ('* Big text: Summer Music Fest Returns\n* Smaller: Three stages, 40 bands, July 19-21\n'
             '* Button: Get Tickets')
    expect_copy(brief, lexicon, title='Summer Music Fest Returns', subtitle='Three stages, 40 bands, July 19-21',
                cta='Get Tickets')
    # asking for something smaller is a remark
    assert copy_fields("headline: Summer Music Fest\nmake the logo smaller: it's too big", lexicon)["subtitle"] is None


def test_a_correction_behind_a_dash_rule(lexicon: BriefLexicon) -> None:
    brief = ('标题：出境游 放心保\n副标题：最高保额100万\n按钮：立即投保\n'
             '——更正：副标题写“最高保额100万，含紧急救援”')
    assert copy_fields(brief, lexicon)["subtitle"] == '最高保额100万，含紧急救援'


def test_a_quote_found_wanting_is_no_copy(lexicon: BriefLexicon) -> None:
    brief = ('Title: Game Laptops Week\nButton: Shop Now\n'
             'also the boss said "crazy cheap" sounds cheesy so keep it out')
    assert copy_fields(brief, lexicon)["body"] is None
    assert copy_fields(brief, lexicon)["subtitle"] is None


def test_a_spoken_quote_and_unquote(lexicon: BriefLexicon) -> None:
    brief = ('(voice memo) for the library flyer, the headline should say, quote, Late Fees? Not Anymore, unquote. '
             'Underneath it\'s "All fines cleared through May". No button.')
    fields = copy_fields(brief, lexicon)
    assert (fields["title"], fields["subtitle"]) == ('Late Fees? Not Anymore', 'All fines cleared through May')
    # a quote of a price is no spoken quote mark
    assert copy_fields('headline: Get a quote today', lexicon)["title"] == 'Get a quote today'


def test_fine_print_remembered_after_the_button(lexicon: BriefLexicon) -> None:
    brief = '（语音）标题写夏日拉杆箱节，按钮就写领券下单，哦对还要小字，写优惠券不与其他活动同享'
    expect_copy(brief, lexicon, title='夏日拉杆箱节', cta='领券下单', body='优惠券不与其他活动同享')
    # no fine print wanted stays none
    assert copy_fields('标题：夏日拉杆箱节 按钮 去看看 没有小字 哦对 别用粉色', lexicon)["body"] is None
