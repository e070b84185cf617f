"""Copy extraction for the round-180–183 ways of writing a brief (outside writers' snail-noodle shops, battery swap
stations, flower markets, camera repair, grape picking, birdwatching, planetariums, shadow puppets, etiquette classes,
tea oil, hot-pot base, coconut water …): a bilingual button, a topic "内容就是…" when the words are left to the designer,
a phone number said in a voice note or a change, a spoken "underneath it say …" and "in small: …", a field said to
change before its new words (主标题那里改一下，…改成：…, she wants the sub to be '…'), a version tag after 文案, a bracketed
label that opens the next line, a place's own dash before a bar, a canvas size that is no offer, and the sender's
trailing notes (thx, Print size A3, their logo goes next to ours).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_chinese_button_with_its_english_after_it_is_one_bilingual_button(lexicon: BriefLexicon) -> None:
    brief = "双语海报\n标题：夏日冲浪营 Surf Camp\n按钮：扫码预约 Scan to book"
    expect_copy(brief, lexicon, title="夏日冲浪营 Surf Camp", cta="扫码预约 Scan to book")
    # a remark in English after the button is still the designer's
    brief = "标题：夏日冲浪营\n按钮：扫码预约 make the button bigger please"
    assert copy_fields(brief, lexicon)["cta"] == "扫码预约"


def test_what_the_poster_is_about_is_no_copy_when_the_words_are_left_to_the_designer(lexicon: BriefLexicon) -> None:
    for brief in ("想做一张朋友圈海报，内容就是卡丁车周末团建，文案你们写，要酷一点。",
                  "门口要挂一张海报，内容是我们新开的观星课，文案你们自己想，尺寸A1"):
        assert all(value is None for value in copy_fields(brief, lexicon).values()), brief
    # with the copy given, 内容：… is the fine print
    brief = "标题：观星之夜\n内容：每周六晚8点，屋顶天台，限20人"
    expect_copy(brief, lexicon, title="观星之夜", body="每周六晚8点，屋顶天台，限20人")


def test_a_phone_number_said_in_a_voice_note_or_a_change_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "语音转文字：就是那个开锁的海报，大标题写 24小时上门开锁 然后下面写 十分钟到达 然后再加个电话 电话是139 8888 0000 就这样"
    expect_copy(brief, lexicon, title="24小时上门开锁", subtitle="十分钟到达", body="139 8888 0000")
    brief = "语音：帮我做个粥铺的海报，就写“一碗暖粥”，下面写“早七点开门”，然后电话写上，020-6666 1234，A4就行。"
    expect_copy(brief, lexicon, title="一碗暖粥", subtitle="早七点开门", body="020-6666 1234")
    brief = "上次那张卡丁车海报，标题保持「极速周末」，底部电话换成 135 0000 8888"
    expect_copy(brief, lexicon, title="极速周末", body="135 0000 8888")
    # a hotline glued into a line of copy stays that line's words
    brief = "标题：极速周末\n小字：咨询电话是400-800-1234"
    assert copy_fields(brief, lexicon)["body"] == "咨询电话是400-800-1234"


def test_a_spoken_line_under_the_headline_and_a_small_line_in_lower_case(lexicon: BriefLexicon) -> None:
    brief = ("[voice memo] so for the flyer, the headline should be Night Sky Walk, and then underneath it say "
             "three hours, one guide, no light pollution, and at the bottom put the little line warm coats, "
             "no torches. ok bye")
    expect_copy(brief, lexicon, title="Night Sky Walk", subtitle="three hours, one guide, no light pollution",
                body="warm coats, no torches")
    brief = ("ok so for the poster, big text: Hush, Owls Nesting. under that: Four rules for the woods. and then the "
             "four rules in small: stay on the trail, keep to the left, no drones, take your litter home. that's it.")
    expect_copy(brief, lexicon, title="Hush, Owls Nesting", subtitle="Four rules for the woods",
                body="stay on the trail, keep to the left, no drones, take your litter home")
    # a picture put underneath is no line of copy
    brief = "[voice memo] the headline should be Night Sky Walk, and then underneath it put the photo of the lake"
    assert copy_fields(brief, lexicon)["subtitle"] is None


def test_a_field_said_to_change_before_its_new_words(lexicon: BriefLexicon) -> None:
    brief = "主标题那里改一下，不要“新品”两个字了，改成：一口就爱上\n副标题：每颗都是手工挑选"
    expect_copy(brief, lexicon, title="一口就爱上", subtitle="每颗都是手工挑选")
    brief = "按钮改成『马上预约』，标题还用原来的『周末去骑马』，副标题换成：新手也能上马"
    expect_copy(brief, lexicon, title="周末去骑马", subtitle="新手也能上马", cta="马上预约")
    brief = ("Title: Fresh Flowers Daily\nSub: Wholesale prices, 6–9am\n\n"
             "One change from Mia: she wants the sub to be 'Wholesale prices for everyone, 6–9am'.")
    expect_copy(brief, lexicon, title="Fresh Flowers Daily", subtitle="Wholesale prices for everyone, 6–9am")
    # a wish about the look, with no quote, changes no words
    brief = "Title: Fresh Flowers Daily\nSub: Wholesale prices, 6–9am\nShe wants the sub to stand out more."
    assert copy_fields(brief, lexicon)["subtitle"] == "Wholesale prices, 6–9am"


def test_which_draft_and_where_the_next_label_opens_are_no_copy(lexicon: BriefLexicon) -> None:
    brief = "海报文案 v3\nHeadline: 皮影 x 街舞\n副标题：老手艺也能很潮\nCTA：去看看"
    expect_copy(brief, lexicon, title="皮影 x 街舞", subtitle="老手艺也能很潮", cta="去看看")
    brief = "【主标题】旧书换新书\n【按钮】查看规则\n【小字】以门店评估为准"
    expect_copy(brief, lexicon, title="旧书换新书", cta="查看规则", body="以门店评估为准")
    # a rules heading on its own line still heads the rules under it
    brief = "标题：旧书换新书\n规则\n【1】每人限换3本"
    assert copy_fields(brief, lexicon)["body"] is not None


def test_facts_after_a_place_and_its_dash_and_a_canvas_size(lexicon: BriefLexicon) -> None:
    brief = "标题 —— 椰林音乐会\n底部 —— 8月2日-3日 | 三亚湾 | 雨天照常举行\n按钮 —— 无"
    expect_copy(brief, lexicon, title="椰林音乐会", body="8月2日-3日 | 三亚湾 | 雨天照常举行")
    brief = "标题：一碗热汤面\n副标题：老手艺新味道\n演出信息：9月1日 20:00 | 老街剧场 | 票价60元"
    expect_copy(brief, lexicon, title="一碗热汤面", subtitle="老手艺新味道", body="9月1日 20:00 | 老街剧场 | 票价60元")
    # under a labelled body, a block of facts is a line of its own
    brief = "标题：协作更高效\n正文：文档 · 会议 · 审批\n展位信息：A-218 | 6月12日"
    assert copy_fields(brief, lexicon)["body"] == "文档 · 会议 · 审批"
    # a size is the canvas, never the offer
    brief = "立冬海报\n小程序码放右下，不要按钮，1080x1440"
    assert copy_fields(brief, lexicon)["subtitle"] is None
    brief = "主图文案：\n第一行（大）：老火锅 一料到底\n价格条：到手价29.9元/2袋"
    assert copy_fields(brief, lexicon)["body"] == "到手价29.9元/2袋"


def test_the_senders_notes_after_the_copy(lexicon: BriefLexicon) -> None:
    brief = "quick banner: 'Two for one lattes' + button 'Order now', small text: mornings only 7-10am. thx"
    expect_copy(brief, lexicon, title="Two for one lattes", cta="Order now", body="mornings only 7-10am")
    brief = "Title: Pop-up Week\nFooter: Nov 3–7, 10am–6pm. Print size A2, due Friday."
    assert copy_fields(brief, lexicon)["body"] == "Nov 3–7, 10am–6pm"
    brief = ("voice note: headline Refuel Right, sub Free smoothie after class, and small print At partner gyms while "
             "stocks last. their logo goes next to ours")
    assert copy_fields(brief, lexicon)["body"] == "At partner gyms while stocks last"
    brief = ("Headline: Know Your Manners, sub: Etiquette at work, and at the bottom, Free talk. Friday 5pm. Room 12. "
             "Make it look fresh please.")
    assert copy_fields(brief, lexicon)["body"] == "Free talk. Friday 5pm. Room 12."
    # a quoted brand name with its logo is no copy
    brief = "主文案：解馋神器\n小标题：一袋刚刚好\n右下角放个「山野小馆」logo就行"
    expect_copy(brief, lexicon, title="解馋神器", subtitle="一袋刚刚好")
