"""Copy extraction for the round-184–187 ways of writing a brief (outside writers' grain shops, esports halls, Sichuan
opera, drum lessons, tai chi, fish oil, reishi, soy sauce, chili bean paste, herbal tea, ice climbing, star camps,
housekeeping …): labels for the next line and the button's slot (次文案, Under:, 按钮位, 地址时间), a field written "at the
bottom:", a speaker's "like" before the headline and "the fine print" named in a voice note, a kind of line sent to the
bottom before its words, a line of keyed facts, a quote kept "不动", a Chinese label after a Latin word, a quoted
button drawn as a box, a Facebook event cover's lines under their heading, and what the product is made without.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_labels_for_the_next_line_and_the_buttons_slot(lexicon: BriefLexicon) -> None:
    brief = "主文案：枸杞 第二件半价\n次文案：一天一把 气色更好\n按钮：去凑单"
    expect_copy(brief, lexicon, title="枸杞 第二件半价", subtitle="一天一把 气色更好", cta="去凑单")
    brief = "Big: THE TEA OF KINGS\nUnder: Hand-rolled oolong from one hillside\nCTA: Taste it free"
    expect_copy(brief, lexicon, title="THE TEA OF KINGS", subtitle="Hand-rolled oolong from one hillside",
                cta="Taste it free")
    brief = "1. 主标题改成「一滴就够」\n2. 右下角加二维码，下面按钮位写：扫码领3元券"
    expect_copy(brief, lexicon, title="一滴就够", cta="扫码领3元券")
    brief = "主标题 | 关灯看星星\n副标题 | 城市边上的暗夜营地\n地址时间 | 怀柔XX营地 每周六开放"
    expect_copy(brief, lexicon, title="关灯看星星", subtitle="城市边上的暗夜营地", body="怀柔XX营地 每周六开放")
    # under it, put a photo: a place, no line of copy
    brief = "Big: THE TEA OF KINGS\nunder it, put the photo of the hillside"
    assert copy_fields(brief, lexicon)["subtitle"] is None


def test_a_field_written_at_the_bottom_and_a_kind_of_line_sent_there(lexicon: BriefLexicon) -> None:
    brief = "主文案：酱油买一送一\n活动规则写在底部：11月1日-11月3日，限购2件"
    expect_copy(brief, lexicon, title="酱油买一送一", body="11月1日-11月3日，限购2件")
    brief = "（语音转写）标题就写周五狼人杀之夜，副标题写新人第一局免费，然后时间地点放最下面，每周五晚八点，三楼活动室，好的谢谢"
    expect_copy(brief, lexicon, title="周五狼人杀之夜", subtitle="新人第一局免费", body="每周五晚八点，三楼活动室")
    brief = "嗯 主标题写 一口爆汁 然后副标题 现炸现卖 然后下面加个地址 写 门店地址：滨江路8号 好 先这样"
    expect_copy(brief, lexicon, title="一口爆汁", subtitle="现炸现卖", body="门店地址：滨江路8号")


def test_a_speakers_like_and_the_fine_print_named_in_a_voice_note(lexicon: BriefLexicon) -> None:
    brief = ("[voice note] ok so for the banner, um, the headline is like Swing Into Summer, then underneath Renew and "
             "get a free month, button say Renew, and uh the fine print Members only until June 30. thanks")
    expect_copy(brief, lexicon, title="Swing Into Summer", subtitle="Renew and get a free month", cta="Renew",
                body="Members only until June 30")
    brief = "[voice note] headline should be like 'Cool Off' and under it 'Two teas for one all week', thanks"
    expect_copy(brief, lexicon, title="Cool Off", subtitle="Two teas for one all week")
    # a headline that says "like" is its own word
    brief = "Headline: Like Father, Like Son\nSub: Matching haircuts, one price"
    assert copy_fields(brief, lexicon)["title"] == "Like Father, Like Son"


def test_a_line_of_keyed_facts_and_quotes_kept_as_they_were(lexicon: BriefLexicon) -> None:
    brief = "标题：城市太极邀请赛\n副标题：以柔克刚\n报名截止：10月8日 ｜ 比赛地点：体育馆A馆"
    expect_copy(brief, lexicon, title="城市太极邀请赛", subtitle="以柔克刚", body="报名截止：10月8日 ｜ 比赛地点：体育馆A馆")
    # the designer's deadline is no fact of the poster
    brief = "标题：城市太极邀请赛\n副标题：以柔克刚\n交稿截止：周五"
    assert copy_fields(brief, lexicon)["body"] is None
    brief = "副标题改一下，改成：一日体验 入门+进阶。标题还是“向上攀”。按钮“立即咨询”不动"
    expect_copy(brief, lexicon, title="向上攀", subtitle="一日体验 入门+进阶", cta="立即咨询")
    brief = "上次那版banner按钮太长了，“立即预约保洁阿姨上门”改成“预约保洁”，标题“年前大扫除”不变"
    expect_copy(brief, lexicon, title="年前大扫除", cta="预约保洁")


def test_a_quoted_button_drawn_as_a_box_and_an_event_covers_lines(lexicon: BriefLexicon) -> None:
    brief = 'Title: Bulk Oil for Busy Kitchens\nPlease add a "Get a Quote" button-style box too.'
    expect_copy(brief, lexicon, title="Bulk Oil for Busy Kitchens", cta="Get a Quote")
    # a quoted series name is still no copy
    brief = 'Title: Bulk Oil for Busy Kitchens\nIt is part of our "Chef Pro" series.'
    assert copy_fields(brief, lexicon)["cta"] is None
    brief = ("Need a FB event cover (1920x1005):\n\nJazz on the Lawn\nFree evening concert by the River Trio\n"
             "Sat Jun 8 · 7pm · Park Stage · Bring a chair!\n\nno button. Use the dark logo.")
    expect_copy(brief, lexicon, title="Jazz on the Lawn", subtitle="Free evening concert by the River Trio",
                body="Sat Jun 8 · 7pm · Park Stage · Bring a chair!")


def test_what_the_product_is_made_without_and_the_only_line(lexicon: BriefLexicon) -> None:
    brief = "Title: Little Minds\nSmall print: For ages 3+. Berry flavour, no artificial colours."
    assert copy_fields(brief, lexicon)["body"] == "For ages 3+. Berry flavour, no artificial colours."
    brief = "Title: Cool Down\nSub: Brewed from 5 herbs. No artificial colours.\nButton: Shop"
    assert copy_fields(brief, lexicon)["subtitle"] == "Brewed from 5 herbs. No artificial colours."
    # the design's colours are still the designer's
    brief = "Title: Cool Down\nSub: Brewed from 5 herbs. No bright colours please.\nButton: Shop"
    assert copy_fields(brief, lexicon)["subtitle"] == "Brewed from 5 herbs"
    brief = 'Lunar New Year post:\n"Red for Luck."\nthat\'s the only line. Please draw lanterns.'
    expect_copy(brief, lexicon, title="Red for Luck.")
