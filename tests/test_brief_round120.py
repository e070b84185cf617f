"""Copy extraction for the round-120–123 ways of writing a brief (outside writers' pet memorials, laundromat, soap
workshop, campground, tea restaurant, dental clinic, climbing gym, brewpub, music shop, senior college, hanfu rental,
pharmacy …): a voice note's labels followed by a comma (", then fine print, …", "main line, …"), the line a speaker
puts under the headline ("the line under is …", "smaller text …"), the fine print named by where it goes (Bottom bit:,
Text at the bottom:, Below button:, Date/place:, 附注文字：), a 备注 that reads as terms (仅限新开卡会员，不退不换) unless
its bracket keeps it off the poster (备注（请勿上屏）), a list's number before a label with a bracketed note ("4) Terms
(small) — …") and two quotes picked by their order (前面那句做标题，后面那句做副标题).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_voice_notes_label_takes_the_words_after_its_comma(lexicon: BriefLexicon) -> None:
    brief = ("so for the lake poster, headline is Fireworks over the lake, and then fine print, Sites are almost gone, "
             "book by June 25. Button says Reserve your site.")
    expect_copy(brief, lexicon, title="Fireworks over the lake", cta="Reserve your site",
                body="Sites are almost gone, book by June 25")
    brief = ("transcript: main line, Gung Hay Fat Choy, second line, Poon choi feasts for 6, pre-order now, "
             "and the button says Order now.")
    expect_copy(brief, lexicon, title="Gung Hay Fat Choy", subtitle="Poon choi feasts for 6, pre-order now", cta="Order now")
    brief = "headline is Hit Harder, Play Better. Subheadline, first drum lesson free. Button says Book Free Lesson."
    expect_copy(brief, lexicon, title="Hit Harder, Play Better", subtitle="first drum lesson free", cta="Book Free Lesson")
    # talk about the field after its comma brings no copy, nor does a label listing the others
    brief = 'the headline is "A Gift of Warmth", and the button, let\'s go with "Shop Gift Boxes". thank you!'
    expect_copy(brief, lexicon, title="A Gift of Warmth", cta="Shop Gift Boxes")
    assert copy_fields("We need a headline, subtitle and button for the sale popup.", lexicon)["title"] is None
    # a word a sentence uses otherwise is no label before its comma
    assert copy_fields("Here is our best offer, valid until Friday.", lexicon)["subtitle"] is None


def test_a_voice_notes_places_and_its_full_stops(lexicon: BriefLexicon) -> None:
    brief = ("Voice memo: Okay so the mommy-and-me yoga poster. Big title, Mommy and Me Yoga. Smaller line, Bond, breathe "
             "and play together. And then underneath, Fridays at 10, bring a blanket. The button, Join a class. Thanks love.")
    expect_copy(brief, lexicon, title="Mommy and Me Yoga", subtitle="Bond, breathe and play together",
                cta="Join a class", body="Fridays at 10, bring a blanket")
    brief = ("Voice note: For the app popup — title, Hear Every Word This Christmas. Then the line under it, Up to 25% off "
             "hearing aids. Button, Shop the Offer. And small print, Offer ends 24 December. Thanks love.")
    expect_copy(brief, lexicon, title="Hear Every Word This Christmas", subtitle="Up to 25% off hearing aids",
                cta="Shop the Offer", body="Offer ends 24 December")
    brief = ("headline is Fireworks over the lake, then smaller text Live music all weekend, and then fine print, "
             "Sites are almost gone. Button says Reserve your site.")
    expect_copy(brief, lexicon, title="Fireworks over the lake", subtitle="Live music all weekend",
                cta="Reserve your site", body="Sites are almost gone")
    # a dash after a quote names its field; what follows the field's comma there is where it goes, no copy
    brief = "“Spicy Noodles in 5 Minutes” — headline, big at top\n“Just add one spoon of chili oil” — subheadline, right under"
    expect_copy(brief, lexicon, title="Spicy Noodles in 5 Minutes", subtitle="Just add one spoon of chili oil")
    # a colon in the copy is not a transcript's: "Fine print: Terms, conditions and exclusions apply."
    assert copy_fields("Title: Ski Cover\nFine print: Terms, conditions and exclusions apply.", lexicon)["body"] == \
        "Terms, conditions and exclusions apply."


def test_the_line_under_the_headline(lexicon: BriefLexicon) -> None:
    brief = "title is Prost! Oktoberfest, and the line under is Sept 20 to Oct 5, and the button says Reserve a Table."
    expect_copy(brief, lexicon, title="Prost! Oktoberfest", subtitle="Sept 20 to Oct 5", cta="Reserve a Table")
    expect_copy("big text: Handmade in Asheville\nsmaller text: Natural soaps and balms", lexicon,
                title="Handmade in Asheville", subtitle="Natural soaps and balms")
    # "under it" places a line; changing "the line under it" changes the subtitle
    brief = ('big text "48-Hour Flash Sale" with "Extra 20% off all sofas" under it and a "Shop Now" button. '
             'Hmm actually change the line under it to "Extra 20% off sofas & armchairs".')
    expect_copy(brief, lexicon, title="48-Hour Flash Sale", subtitle="Extra 20% off sofas & armchairs", cta="Shop Now")


def test_fine_print_named_by_where_it_goes(lexicon: BriefLexicon) -> None:
    expect_copy("Title: PUB QUIZ TUESDAYS\nBottom bit: Starts 8pm sharp. Free entry.", lexicon,
                title="PUB QUIZ TUESDAYS", body="Starts 8pm sharp. Free entry.")
    expect_copy("Headline: Meet Jess\nText at the bottom: Mention code JESS10 at the desk.", lexicon,
                title="Meet Jess", body="Mention code JESS10 at the desk.")
    expect_copy("Heading: First Time in Hanfu?\nCTA: Get 15% Off\nBelow button: Code FIRST15, weekdays only", lexicon,
                title="First Time in Hanfu?", cta="Get 15% Off", body="Code FIRST15, weekdays only")
    expect_copy("Headline: Open Day\nDate/place: Saturday 7 Sept, 10am–3pm, Main Hall", lexicon,
                title="Open Day", body="Saturday 7 Sept, 10am–3pm, Main Hall")
    expect_copy("大标题：会员充 200 送 50\n附注文字：充值余额不可提现", lexicon, title="会员充 200 送 50", body="充值余额不可提现")


def test_a_note_that_reads_as_terms(lexicon: BriefLexicon) -> None:
    brief = "· 大标题：充500送100\n· 行动点：到店咨询\n· 备注：本活动仅限新开卡会员，卡内余额不退不换"
    expect_copy(brief, lexicon, title="充500送100", cta="到店咨询", body="本活动仅限新开卡会员，卡内余额不退不换")
    expect_copy("大标题｜充1000送300\n备注｜储值卡不可退现，有效期一年", lexicon, title="充1000送300", body="储值卡不可退现，有效期一年")
    # a note to the designer stays theirs, and a note kept off the screen stays off it
    assert copy_fields("标题：充500送100\n备注：logo放左上，有效期那行不要太大", lexicon)["body"] is None
    assert copy_fields("标题——千兆宽带\n备注（请勿上屏）——结算口径另行通知，有效期一年", lexicon)["body"] is None
    assert copy_fields("标题：充500送100\n备注（不要印）：本活动仅限新开卡会员，不退不换", lexicon)["body"] is None


def test_a_numbered_label_with_a_bracketed_note(lexicon: BriefLexicon) -> None:
    brief = ("1) Headline — Black Friday Starts Now\n2) Sub — Up to 40% off cookware\n3) Button — Shop the deals\n"
             "4) Terms (small) — While stocks last. Excludes clearance items.\nBlack + gold pls")
    expect_copy(brief, lexicon, title="Black Friday Starts Now", subtitle="Up to 40% off cookware", cta="Shop the deals",
                body="While stocks last. Excludes clearance items.")


def test_two_quotes_picked_by_their_order(lexicon: BriefLexicon) -> None:
    brief = ("直播间贴片要一张，写「老字号黑芝麻糊 直播间专享价」和「今晚8点 开播福利」，前面那句放大做标题，后面那句放下面做副标题，"
             "还有个按钮写「点击抢购」")
    expect_copy(brief, lexicon, title="老字号黑芝麻糊 直播间专享价", subtitle="今晚8点 开播福利", cta="点击抢购")
    brief = "写「秋日上新」和「全场8折」，第一句做标题，第二句做副标题"
    expect_copy(brief, lexicon, title="秋日上新", subtitle="全场8折")


def test_a_value_goes_on_past_words_the_designer_is_told_elsewhere(lexicon: BriefLexicon) -> None:
    # (rounds 124–127) what the reader is spared or kept from, a "no-" adjective, a service in both languages, a fruit
    # named by its colour and a title naming colours: all copy, after the comma or the blank
    expect_copy("title: Sell your car / sub: Free, no obligation / btn: Get my valuation", lexicon,
                title="Sell your car", subtitle="Free, no obligation", cta="Get my valuation")
    expect_copy("title: A Floor Just for Cats\nsub: quiet rooms, no dogs, window perches", lexicon,
                title="A Floor Just for Cats", subtitle="quiet rooms, no dogs, window perches")
    expect_copy("Title: Planning Ahead\nSubtitle: A free, no-pressure seminar on pre-planning", lexicon,
                title="Planning Ahead", subtitle="A free, no-pressure seminar on pre-planning")
    expect_copy("标题：考证班\n副标题：周末两天考证班，中英双语教学", lexicon, title="考证班", subtitle="周末两天考证班，中英双语教学")
    expect_copy("Title: Care\nSubtitle: 中英文双语服务 | Bilingual funeral directors", lexicon,
                title="Care", subtitle="中英文双语服务 | Bilingual funeral directors")
    expect_copy("大标题：今晚8点 赣南脐橙产地直发\n副标题：现摘现发 坏果包赔", lexicon,
                title="今晚8点 赣南脐橙产地直发", subtitle="现摘现发 坏果包赔")
    expect_copy("主标题：童心绘世界 Colors of Childhood\nSub：第三届少儿美术作品展", lexicon,
                title="童心绘世界 Colors of Childhood", subtitle="第三届少儿美术作品展")
    # the same words as remarks still end the value
    assert copy_fields("Title: Hello\nSubtitle: Summer sale, bilingual please", lexicon)["subtitle"] == "Summer sale"
    assert copy_fields("Title: Hello\nSubtitle: Summer sale, no button", lexicon)["subtitle"] == "Summer sale"
    assert copy_fields("标题：冬季上新，橙色背景", lexicon)["title"] == "冬季上新"


def test_a_quote_the_brief_calls_the_button(lexicon: BriefLexicon) -> None:
    expect_copy('popup for the app — "Free Shipping on Orders Over $49" with a "Got it" button, nothing else', lexicon,
                title="Free Shipping on Orders Over $49", cta="Got it")
    expect_copy("popup: 'Your trial lesson is booked!' + 'Add to Calendar' button. that's all", lexicon,
                title="Your trial lesson is booked!", cta="Add to Calendar")
    expect_copy("IG post — 'New In: Teak Sideboard' and underneath 'Danish, 1960s'. Put 'DM to reserve' as the button "
                "thingy.", lexicon, title="New In: Teak Sideboard", subtitle="Danish, 1960s", cta="DM to reserve")
    expect_copy("app banner 'Your name, in leather' / 'Personalised keyrings from $25' / 'Customise' — thx!", lexicon,
                title="Your name, in leather", subtitle="Personalised keyrings from $25", cta="Customise")


def test_a_legend_under_the_lines_names_each_lines_field(lexicon: BriefLexicon) -> None:
    # (rounds 128–131) the copy pasted as bare lines, then which line is which, in words, numbers or places
    brief = ("Valentine's dinner IG post:\n“Dinner Under the Sea”\n海底隧道烛光晚餐 · 2月14日限定\nReserve a Table\n"
             "¥1314/两位 · 需提前3天预订\nfirst line 大标题 second 副标题 third 按钮 last 小字 😘")
    expect_copy(brief, lexicon, title="Dinner Under the Sea", subtitle="海底隧道烛光晚餐 · 2月14日限定", cta="Reserve a Table",
                body="¥1314/两位 · 需提前3天预订")
    brief = ("开骑仪式 poster 文案：\nSpring Kickoff Ride 开骑啦\n3月10日 早8点 滨江广场集合\nRide safe, ride together\n"
             "上面第一句是大标题，第三句是副标题，第二句放底部当小字")
    expect_copy(brief, lexicon, title="Spring Kickoff Ride 开骑啦", subtitle="Ride safe, ride together",
                body="3月10日 早8点 滨江广场集合")
    brief = ("Poster for school noticeboards (A3):\n\nWHAT'S YOUR QUESTION?\nAsk a real scientist, live on stage\n"
             "Saturday Science Q&A — 2pm, Main Hall. Free with admission.\n\n"
             "The first line is the headline, second is the sub, third line goes at the bottom small.")
    expect_copy(brief, lexicon, title="WHAT'S YOUR QUESTION?", subtitle="Ask a real scientist, live on stage",
                body="Saturday Science Q&A — 2pm, Main Hall. Free with admission.")
    brief = ("copy for the gift card popup:\n1) Give the Ocean\n2) Dive gift cards from $50\n3) Buy a Gift Card\n"
             "4) Valid 12 months. Redeemable for any dive.\n1 = headline, 2 = sub, 3 = button, 4 = fine print")
    expect_copy(brief, lexicon, title="Give the Ocean", subtitle="Dive gift cards from $50", cta="Buy a Gift Card",
                body="Valid 12 months. Redeemable for any dive.")
    brief = "体验日的 poster 文案 below👇\nFree Trial Day 免费体验日\n含体测+一节燃脂课\n仅限首次到店\n按钮就写 Book Free Trial\n第一行 title，第二行 sub，第三行小字"
    expect_copy(brief, lexicon, title="Free Trial Day 免费体验日", subtitle="含体测+一节燃脂课", cta="Book Free Trial",
                body="仅限首次到店")
    # a row named in a sentence about a change is no legend, nor is the last word of a headline
    brief = "A列\tB列\n标题\t春节前大扫除\n按钮\t锁定档期\n（第3行按钮我改了，原来是“马上下单”）"
    assert copy_fields(brief, lexicon)["cta"] == "锁定档期"
    assert copy_fields("Title: Members Get There First\nSubtitle: Early entry", lexicon)["title"] == "Members Get There First"


def test_a_field_kept_or_changed_from_one_quote_to_another(lexicon: BriefLexicon) -> None:
    brief = ('标题“圣诞限定 树根蛋糕”改成“今年圣诞 吃一棵树”\n按钮“预定”改成“提前预定享9折”\n'
             '副标题还是原来的“法式巧克力树根 仅售12月”')
    expect_copy(brief, lexicon, title="今年圣诞 吃一棵树", subtitle="法式巧克力树根 仅售12月", cta="提前预定享9折")
    brief = "change CTA on the subscription popup from 'Subscribe' to 'Save 15% Monthly' — title stays 'Never Run Out'"
    expect_copy(brief, lexicon, title="Never Run Out", cta="Save 15% Monthly")
    brief = ('Just two changes:\n- Headline: change "Winter Recital" to "Winter Showcase 2024"\n'
             '- Button: "Get tickets" → "Get your tickets"\nSubtitle stays as "Dec 21 · Grand Theatre".')
    expect_copy(brief, lexicon, title="Winter Showcase 2024", subtitle="Dec 21 · Grand Theatre", cta="Get your tickets")
    # a field said to stay the same, unquoted, brings no new words
    assert copy_fields("Title: Summer Sale\nthe title stays the same\nsub: Up to 50% off", lexicon)["title"] == "Summer Sale"


def test_a_revision_that_keeps_or_swaps_a_fields_words(lexicon: BriefLexicon) -> None:
    # (rounds 132–135) a field kept between its label and the colon, old and new words, "to just"
    expect_copy("主标题 → Drive More, Pay Less\n副标题保留：周租享75折", lexicon, title="Drive More, Pay Less", subtitle="周租享75折")
    expect_copy("标题改为「连住三晚」，按钮用“查看房态”。小字保留：节假日除外", lexicon, title="连住三晚", cta="查看房态",
                body="节假日除外")
    brief = 'Change request:\n- Title: was "Earn Points", now "Every Dollar Counts"\n- CTA: "Join Free"'
    expect_copy(brief, lexicon, title="Every Dollar Counts", cta="Join Free")
    brief = 'Title: Never Forget\nButton: Start Subscription — $6/month\n\nactually change the button to just "Subscribe"'
    expect_copy(brief, lexicon, title="Never Forget", cta="Subscribe")
    brief = ("the headline is Lunchbox Baking Made Easy, and then smaller it says Muffin mixes 3 for $12, and the button can "
             "just say Shop Now. Oh and at the bottom, While supplies last.")
    expect_copy(brief, lexicon, title="Lunchbox Baking Made Easy", subtitle="Muffin mixes 3 for $12", cta="Shop Now",
                body="While supplies last.")
    # a button that "can just be" a thing is a design choice
    assert copy_fields("Headline: 30 Days of Yoga. button can just be an arrow icon.", lexicon)["cta"] is None
