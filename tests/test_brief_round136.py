"""Copy extraction for the round-136–151 ways of writing a brief (outside writers' optician, dance school, fresh
grocer, used books, art gallery, dog training, car service, bank app, wet market, taekwondo, music festival, ski school,
teahouse, hotpot delivery, pet grooming, cinema …): a voice note that says its labels with a verb or with none ("the
headline should be …", "big text is …", "— headline …, sub …, CTA …"), with fillers before the copy ("and then under
it something like …", "underneath, um, …"), small print named by where it goes ("at the very bottom small, …", "small
under the button, …"), copy handed to the designer ("文案你们写吧", "文案自由发挥", "You write the copy — keep it fun",
"I don't have copy"), a fine-print block that ends before a line to the designer, a pasted sheet's header row, a shop's
unit number that is no ticket key, a Chinese voice note's pauses and goodbyes, and 时间地点 as the fine print.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_transcript_says_its_labels_with_a_verb_or_none(lexicon: BriefLexicon) -> None:
    brief = ("[Voice note transcript] Hi, it's Jo from Lens Lab. So for the popup, the headline should be Frames for Every "
             "Face, and then underneath, something like, um, Try five pairs at home. Button says Start my trial. And at "
             "the bottom put Free returns within 30 days. Thanks, bye.")
    expect_copy(brief, lexicon, title="Frames for Every Face", subtitle="Try five pairs at home", cta="Start my trial",
                body="Free returns within 30 days")
    brief = ("Voice memo transcript: ok for the team banner, big text is Dance All Summer, and below that Ballet and "
             "jazz for ages 5 to 12, and the button Book a trial. um that's it, thanks")
    expect_copy(brief, lexicon, title="Dance All Summer", subtitle="Ballet and jazz for ages 5 to 12", cta="Book a trial")
    brief = ("Voice note transcript (Lee, marketing):\nHey, for the app banner — headline Swap a Book, sub Bring two, "
             "take one home, CTA Find a shelf")
    expect_copy(brief, lexicon, title="Swap a Book", subtitle="Bring two, take one home", cta="Find a shelf")


def test_said_labels_stay_in_transcripts_that_say_them(lexicon: BriefLexicon) -> None:
    # a typed brief: a field's word after a comma before capitals is copy
    fields = copy_fields("Headline: Cold Deals, Sub Zero Prices\nButton: Shop now", lexicon)
    assert fields["title"] == "Cold Deals, Sub Zero Prices" and fields["subtitle"] is None
    # a transcript typed with colon labels keeps its revisions to the revision rules
    brief = ('(transcribed voice note) Title: "Fresh Every Morning". Subtitle: "Eggs from $3.99 a dozen". Oh wait, '
             'the price changed, subtitle should be "Eggs from $4.49 a dozen". Button: "Order now".')
    expect_copy(brief, lexicon, title="Fresh Every Morning", subtitle="Eggs from $4.49 a dozen", cta="Order now")
    # a size alone is no label inside the copy
    brief = "voice note: the big headline says Go Big This Weekend, and the button, Grab tickets."
    expect_copy(brief, lexicon, title="Go Big This Weekend", cta="Grab tickets")


def test_a_transcripts_small_print_named_by_where_it_goes(lexicon: BriefLexicon) -> None:
    brief = ("Transcript of voice msg: hey so for the stall poster, big text says Street Food Friday, under that Twenty "
             "stalls, one car park, and then at the very bottom small, Cash and card, no refunds. that's it")
    expect_copy(brief, lexicon, title="Street Food Friday", subtitle="Twenty stalls, one car park",
                body="Cash and card, no refunds")
    brief = ("Voice note transcript: just big text saying Cracked Screen? Fixed in an Hour, and the button says Book a "
             "repair, and small under the button, Original parts, 90-day warranty. That's it.")
    expect_copy(brief, lexicon, title="Cracked Screen? Fixed in an Hour", cta="Book a repair",
                body="Original parts, 90-day warranty")


def test_copy_handed_to_the_designer_is_none(lexicon: BriefLexicon) -> None:
    for brief in ("@设计 秋季招生的海报还是你们写吧，主题是亲子阅读，周六上午，文案自由发挥～",
                  "想在点评上放个团购banner，文案你们写吧，突出性价比，尺寸按平台要求。谢谢～",
                  "Can you make two posts for the new ferry route? You write the copy — keep it breezy, touristy.",
                  "need an in-store poster for member day. write whatever copy you think works, members get 12% off."):
        assert copy_fields(brief, lexicon) == {"title": None, "subtitle": None, "cta": None, "body": None}, brief
    # copy given after the hand-over still counts
    fields = copy_fields("文案你们写吧，按钮就写“立即报名”", lexicon)
    assert fields["cta"] == "立即报名"


def test_a_fine_print_block_ends_before_a_line_to_the_designer(lexicon: BriefLexicon) -> None:
    brief = ("帮忙出个招生海报，A4打印\n标题：秋季书法班开课啦\n【底部小字】\n每班限12人｜零基础可报\n地址：文化路8号二楼\n"
             "字体用楷体，logo放左上角")
    expect_copy(brief, lexicon, title="秋季书法班开课啦", body="每班限12人｜零基础可报\n地址：文化路8号二楼")
    # a line asking the reader something stays the fine print's
    brief = "标题：观演须知\n小字：\n演出开始后请勿随意走动。\n请将手机调至静音。"
    expect_copy(brief, lexicon, title="观演须知", body="演出开始后请勿随意走动。\n请将手机调至静音。")


def test_a_line_a_size_down_and_a_quote_kept_as_it_was(lexicon: BriefLexicon) -> None:
    expect_copy("门口立牌\n大字：周末清仓 全场5折\n小一点的字：卖完即止\n不要按钮", lexicon,
                title="周末清仓 全场5折", subtitle="卖完即止")
    expect_copy("副标题改成“夏季新品 第二杯半价”，标题还是“冰爽一夏”，按钮“立即下单”不变", lexicon,
                title="冰爽一夏", subtitle="夏季新品 第二杯半价", cta="立即下单")
    # a short quote glued to the rest of its line is still part of the copy
    assert copy_fields("标题：“双11”狂欢节\n按钮：去逛逛", lexicon)["title"] == "“双11”狂欢节"


def test_more_of_a_transcripts_spoken_labels(lexicon: BriefLexicon) -> None:
    brief = ("[voice note transcript] ok so for the museum poster, um, the headline is Night at the Fossils, and then "
             "underneath it, Sleepovers for ages six to twelve. And small print, sleeping bags not provided. That's it")
    expect_copy(brief, lexicon, title="Night at the Fossils", subtitle="Sleepovers for ages six to twelve",
                body="sleeping bags not provided")
    brief = ("Voice note: so the lunch banner, headline is Soup Season, subline is Six soups, all made in house, button "
             "says See the Menu, and uh in small print, every weekday 11:30 to 2. Cheers.")
    expect_copy(brief, lexicon, title="Soup Season", subtitle="Six soups, all made in house", cta="See the Menu",
                body="every weekday 11:30 to 2")
    brief = ("[voice memo transcript] Hi it's Sam. So for the post, headline is Wreath Making Night, then sub-line Dec 6, "
             "two sessions, and the button should say Save a Seat.")
    expect_copy(brief, lexicon, title="Wreath Making Night", subtitle="Dec 6, two sessions", cta="Save a Seat")


def test_a_sheets_header_row_under_a_copy_heading_and_more_hand_overs(lexicon: BriefLexicon) -> None:
    brief = "弹窗文案如下（从表格里复制的）：\n位置\t文案\n大标题\t周末特惠 低至99元\n小标题\t随借随还\n按钮\t立即查看"
    expect_copy(brief, lexicon, title="周末特惠 低至99元", subtitle="随借随还", cta="立即查看")
    expect_copy("副标题改成“今晚由你决定”。主标题保持“周五剧场”。按钮“预约座位”别动", lexicon,
                title="周五剧场", subtitle="今晚由你决定", cta="预约座位")
    for brief in ("We need a poster for the open day next month. Not sure about the wording — can you guys draft the copy?",
                  "We don't have copy yet, could you come up with something warm? Theme is 'home for the holidays'.",
                  "Need a stall poster. I don't have copy — you guys write it, something about local honey."):
        assert copy_fields(brief, lexicon) == {"title": None, "subtitle": None, "cta": None, "body": None}, brief


def test_a_shops_unit_number_is_no_tickets_key(lexicon: BriefLexicon) -> None:
    brief = "门店海报\n大标题 | 下水前，先找到对的那件\n底部小字 | 静安店 B1-23 ｜ 营业时间 10:00-22:00"
    expect_copy(brief, lexicon, title="下水前，先找到对的那件", body="静安店 B1-23 ｜ 营业时间 10:00-22:00")
    # a ticket's key is still the ticket's, not the copy's
    fields = copy_fields("【APP-2231】会员日弹窗\n标题：会员日 全场8折\n按钮：去看看", lexicon)
    assert fields["title"] == "会员日 全场8折" and "APP" not in (fields["body"] or "")


def test_a_herb_or_fruit_named_like_a_colour_inside_a_list_is_copy(lexicon: BriefLexicon) -> None:
    expect_copy("Sub: A calming blend of chamomile, mint & lemongrass\nButton: Try it", lexicon,
                subtitle="A calming blend of chamomile, mint & lemongrass", cta="Try it")
    expect_copy("Subtitle: Rooibos, vanilla & lavender — caffeine-free", lexicon,
                subtitle="Rooibos, vanilla & lavender — caffeine-free")
    # a colour the designer is asked for still ends the copy
    assert copy_fields("Headline: Spring Tea Week, mint and gold background", lexicon)["title"] == "Spring Tea Week"


def test_a_speakers_just_and_yeah_are_not_copy(lexicon: BriefLexicon) -> None:
    brief = ("[Voice note transcript] so for the popup, the headline should say Snow Days, and then under it, um, 20% off "
             "all lessons this weekend. The button just says Claim Offer. And at the bottom in small text, Valid Jan 18 "
             "only. Not combinable with other offers. Yeah. Thanks.")
    expect_copy(brief, lexicon, title="Snow Days", subtitle="20% off all lessons this weekend", cta="Claim Offer",
                body="Valid Jan 18 only. Not combinable with other offers.")


def test_a_chinese_voice_notes_pauses_and_goodbyes(lexicon: BriefLexicon) -> None:
    brief = "【语音】标题写暑假编程营开课啦，副标题写报名立减300元，然后按钮写立即报名，嗯，下面小字就写名额有限 报满即止，好谢谢"
    expect_copy(brief, lexicon, title="暑假编程营开课啦", subtitle="报名立减300元", cta="立即报名", body="名额有限 报满即止")
    brief = "（语音转文字）标题写秋冬烫染季，然后下面写一行，进口药水 温和护发，然后按钮就写到店咨询"
    expect_copy(brief, lexicon, title="秋冬烫染季", subtitle="进口药水 温和护发", cta="到店咨询")
    brief = "标题写周末亲子陪练，然后下面一行写教练耐心 不吼孩子，再下面写地址，地址是 滨江路88号，对就这样，按钮不用"
    expect_copy(brief, lexicon, title="周末亲子陪练", subtitle="教练耐心 不吼孩子", body="滨江路88号")


def test_when_and_where_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "海报\n大标题：学员书法作品展\n副标题：展出百余幅作品\n时间地点：5月1日-5月7日 市图书馆一楼 免费参观\n竖版，素雅一点"
    expect_copy(brief, lexicon, title="学员书法作品展", subtitle="展出百余幅作品", body="5月1日-5月7日 市图书馆一楼 免费参观")
    # the brief's own fine-print label wins over it
    expect_copy("标题：作品展\n时间地点：5月1日 市图书馆\n小字：免费参观", lexicon, title="作品展", body="免费参观")
