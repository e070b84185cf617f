"""Copy extraction for the round-164–171 ways of writing a brief (outside writers' burger joint, kite festival, seed
shop, locksmith, bowling alley, embroidery studio, jianbing stall, blood drive, winter camp, roujiamo shop, braised
snacks, rice rolls, crayfish delivery …) and what the older dev halves still lost: a voice note that names the kind of
line it puts at the bottom before its words ("and at the bottom just our phone number, 020 …", "put our handle @… at
the bottom", 最底下放电话 …), a place at the bottom with the verb that writes there (然后底部写 …), a Chinese voice
note's bare 就写 … for the headline, revisions that lead to their words with the verb or the version they go back to
("Sub: change to "…"", "fine as is: "…"", 副标题还是原来的：…, 最初那版：『…』, 保持不变（“…”）), words set aside or
replaced ((was "…"), ignore the '…', drop the '…' line), a table's column-name row and legends naming lines by size
or number ("second line smaller", "line 2 = sub").

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_spoken_bottom_line_named_by_its_kind_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = ("voice note transcript: hi, for the bakery window poster, big headline Fresh Bread Daily, and at the "
             "bottom just our phone number, 0161 555 0199. And no button, it's paper.")
    expect_copy(brief, lexicon, title="Fresh Bread Daily", body="0161 555 0199")
    brief = ("[voice memo] so the flyer, headline is Learn to Swim, and then at the bottom the address which is "
             "Eastside Pool, Gate 3. yeah that's all")
    expect_copy(brief, lexicon, title="Learn to Swim", body="Eastside Pool, Gate 3")
    brief = "IG story: 'Taco Tuesday' / 'Two tacos for $5' / no button / put our handle @tacotown.nyc at the bottom"
    assert copy_fields(brief, lexicon)["body"] == "@tacotown.nyc"
    brief = "Big: Lunar New Year Set\nsmall: 30 sets a day\nalso add our address at the bottom — 12 Harbour St, Leith"
    assert copy_fields(brief, lexicon)["body"] == "12 Harbour St, Leith"
    # where a thing goes, not the kind of a line of copy, stays a remark
    brief = "voice note transcript: headline is Fresh Bread Daily, and at the bottom put the logo, thanks"
    assert copy_fields(brief, lexicon)["body"] is None


def test_a_place_at_the_bottom_with_the_verb_that_writes_there_heads_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "语音转文字：嗯 社区跑团的招募海报 标题写 一起跑过四季 副标题写 每周六早7点 然后底部写 报名请加微信 runclub88 就这样"
    expect_copy(brief, lexicon, title="一起跑过四季", subtitle="每周六早7点", body="报名请加微信 runclub88")
    # 底部 with no verb of writing and no colon is a place, as before
    brief = "标题：一起跑过四季\n副标题：每周六早7点\n底部放二维码"
    assert copy_fields(brief, lexicon)["body"] is None


def test_a_revision_leads_to_its_words_with_its_verb_or_the_version_it_goes_back_to(lexicon: BriefLexicon) -> None:
    brief = ('Banner changes:\nHeadline: keep "Warm Rooms, Cold Nights"\nSub: change to "Heating checks from $49"\n'
             'CTA: "Book a Check"')
    expect_copy(brief, lexicon, title="Warm Rooms, Cold Nights", subtitle="Heating checks from $49", cta="Book a Check")
    brief = ('Let\'s change the headline to "Autumn Sale" and the button to "Shop the Sale". Sub line is fine as is: '
             '"All knits 20% off".')
    assert copy_fields(brief, lexicon)["subtitle"] == "All knits 20% off"
    brief = "Feedback:\n主标题OK：中秋团圆宴\n副标题 change to: Private rooms for 10, from ¥2,880\n按钮 → 'Book a Room'"
    assert copy_fields(brief, lexicon)["subtitle"] == "Private rooms for 10, from ¥2,880"
    brief = "标题改成：冬天就要泡个汤\n副标题还是原来的：温泉房 周末也有空房\n按钮保持「立即预订」"
    expect_copy(brief, lexicon, title="冬天就要泡个汤", subtitle="温泉房 周末也有空房", cta="立即预订")
    brief = "标题改回最初那版：『周末来听相声』，副标题换成『买二送一 限时三天』，按钮不动『立即购票』"
    expect_copy(brief, lexicon, title="周末来听相声", subtitle="买二送一 限时三天", cta="立即购票")
    brief = "副标题还是改回第一版吧：「双层滤网 一键清洗」。标题不变「厨房不再有油烟」，按钮「立即购买」"
    expect_copy(brief, lexicon, title="厨房不再有油烟", subtitle="双层滤网 一键清洗", cta="立即购买")
    brief = "按钮改成“立即报名”，主标题改成：暑期篮球营 开营啦，副标题保持不变（“8-14岁 小班教学”）"
    expect_copy(brief, lexicon, title="暑期篮球营 开营啦", subtitle="8-14岁 小班教学", cta="立即报名")
    # a quote inside the copy after a word that is no revision's lead stays part of the copy
    brief = '副标题：全场"5折"起'
    assert copy_fields(brief, lexicon)["subtitle"] == '全场"5折"起'


def test_a_chinese_voice_note_says_the_headline_first_with_a_bare_write(lexicon: BriefLexicon) -> None:
    brief = "语音转文字：那个 社区团购的海报 你就写 今晚下单 明早到家 然后下面写 满39元包邮 按钮写 立即下单"
    expect_copy(brief, lexicon, title="今晚下单 明早到家", subtitle="满39元包邮", cta="立即下单")
    brief = "（语音）喂，你帮我做个图，就写，周末亲子烘焙课，然后下面写，每组家庭限报两人，就这样"
    expect_copy(brief, lexicon, title="周末亲子烘焙课", subtitle="每组家庭限报两人")
    # a typed brief, or a voice note that names the headline itself, keeps its own labels
    brief = "那个 海报你就写 今晚下单 明早到家"
    assert copy_fields(brief, lexicon)["subtitle"] is None
    brief = "语音转文字：标题写 今晚下单 明早到家 然后下面写 满39元包邮"
    expect_copy(brief, lexicon, title="今晚下单 明早到家", subtitle="满39元包邮")


def test_the_bottom_with_its_verb_of_writing_heads_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "（语音）嗯 那个 社区理发的海报 标题 老人理发 十元一次 副标题 每周二上门服务 底下写 预约电话 0571-8765 4321 然后字要大"
    expect_copy(brief, lexicon, title="老人理发 十元一次", subtitle="每周二上门服务", body="预约电话 0571-8765 4321")
    brief = "语音转写：标题写秋季新品上市，副标题写全场满300减50，然后最底下写一行'活动最终解释权归本店所有'，对这个一定要加"
    assert copy_fields(brief, lexicon)["body"] == "活动最终解释权归本店所有"
    # 底下 placing a thing is a remark
    brief = "标题：秋季新品上市\n副标题：全场满300减50\n底下放二维码"
    assert copy_fields(brief, lexicon)["body"] is None


def test_the_words_a_change_replaced_are_no_copy(lexicon: BriefLexicon) -> None:
    brief = ('Please change the headline to "Cozy Up This Winter" (was "Winter Sale Is Here"). '
             'Sub stays "Blankets from $19".')
    expect_copy(brief, lexicon, title="Cozy Up This Winter", subtitle="Blankets from $19")
    brief = "标题改成“新学期 新文具”（原来是“开学季大促”），按钮写“去逛逛”"
    expect_copy(brief, lexicon, title="新学期 新文具", cta="去逛逛")


def test_a_transcript_may_say_the_line_under_the_headline_in_lower_case(lexicon: BriefLexicon) -> None:
    brief = ("[voice note transcript] ok so for the food truck poster, the big line should say Taco Night, then under "
             "that, open till midnight every Friday, and the button can just be Order Ahead. thanks")
    expect_copy(brief, lexicon, title="Taco Night", subtitle="open till midnight every Friday", cta="Order Ahead")
    brief = ("voice note transcript: so the flyer, big headline Moving Soon? Then, We pack, move and unpack for you. "
             "No button.")
    expect_copy(brief, lexicon, title="Moving Soon?", subtitle="We pack, move and unpack for you")
    # a verb of placing after the comma is the designer's remark
    brief = ("[voice note transcript] the big line should say Taco Night, then under that, put the QR code, thanks")
    assert copy_fields(brief, lexicon)["subtitle"] is None


def test_a_row_naming_the_columns_heads_the_table_and_holds_no_copy(lexicon: BriefLexicon) -> None:
    brief = ("Popup copy (please don't change the wording):\n\nField | Copy\nTitle | Your First Box Free\n"
             "Subtitle | Just pay shipping\nButton | Claim My Box\nLegal | One per household.")
    expect_copy(brief, lexicon, title="Your First Box Free", subtitle="Just pay shipping", cta="Claim My Box",
                body="One per household.")
    # a row of copy whose first word is a column's name is still copy
    brief = "Copy:\nText Us Anytime\nWe reply within 5 minutes"
    assert copy_fields(brief, lexicon)["title"] == "Text Us Anytime"


def test_a_legend_names_lines_by_size_or_number(lexicon: BriefLexicon) -> None:
    brief = ('Story copy:\n\n"Spring Is For Sowing"\n"Tomato & basil seeds — 15% off this week"\n\n'
             "the first line is the big headline, second line smaller.")
    expect_copy(brief, lexicon, title="Spring Is For Sowing", subtitle="Tomato & basil seeds — 15% off this week")
    brief = ("Poster for the careers fair:\n\nNow Hiring: Baristas\nEarn up to $22/hour with tips\n"
             "Walk-in interviews today, Stand 4\n\nline 1 = title, line 2 = sub, line 3 small at bottom.")
    expect_copy(brief, lexicon, title="Now Hiring: Baristas", subtitle="Earn up to $22/hour with tips",
                body="Walk-in interviews today, Stand 4")
    brief = ("Here's the poster:\n\n'Meet the Author'\n'An evening of readings and signing'\n"
             "Fri 9 June, 7pm · Town Library · Free entry\n\nFirst line big, second line smaller, third line as small "
             "text at the bottom. No button.")
    expect_copy(brief, lexicon, title="Meet the Author", subtitle="An evening of readings and signing",
                body="Fri 9 June, 7pm · Town Library · Free entry")


def test_a_contact_line_placed_at_the_bottom_by_its_kind(lexicon: BriefLexicon) -> None:
    brief = "做张贴店门口的图：'Shoes dirty? We fix that.' 下面一行：'会员凭卡8折' 最底下放电话 0412 555 018"
    assert copy_fields(brief, lexicon)["body"] == "0412 555 018"
    brief = "语音转写：标题就叫 每周三会员日，然后副标题是 会员入园半价，嗯，最下面放我们的地址 万达广场3楼 营业时间10:00-21:00，好的谢谢"
    assert copy_fields(brief, lexicon)["body"] == "万达广场3楼 营业时间10:00-21:00"
    # glued to its kind the number is printed with it; a thing placed beside it stays off
    brief = "标题就写亲手做一张琴，然后下面写一句三个月 从木料到琴音，然后呢最下面放报名电话138 0571 2233，按钮不用"
    assert copy_fields(brief, lexicon)["body"] == "报名电话138 0571 2233"
    brief = "标题：旧鞋翻新\n不用按钮\n最下面放电话 021-5566 7788 和二维码"
    assert copy_fields(brief, lexicon)["body"] == "021-5566 7788"
    brief = "IG post copy:\n\"Day 1 is the hardest.\"\nno button, just our handle @quitclub.nyc at the bottom"
    assert copy_fields(brief, lexicon)["body"] == "@quitclub.nyc"
    brief = ("transcribed voice msg: headline should be Learn History Here, then the line under it Group tickets from "
             "25 yuan, and no button, but put Call 0573-8888 1234 to book at the bottom. thanks bye")
    assert copy_fields(brief, lexicon)["body"] == "Call 0573-8888 1234 to book"
    brief = 'IG story. Big headline "Porridge Combo $6.99". Put "Grab Yours" on a button at the bottom. thx!'
    assert copy_fields(brief, lexicon)["cta"] == "Grab Yours"


def test_words_set_aside_or_replaced_are_no_copy(lexicon: BriefLexicon) -> None:
    brief = ("final for the popup:\nHeadline: Meet Your Tutor First\nButton: Book a Call\n"
             "(ignore the 'Learn More' from yesterday)")
    assert copy_fields(brief, lexicon)["body"] is None
    brief = ("Title: Match Day\nSub: U10 Red vs. Eastfield · Sat 9am\n\n"
             "Drop the 'Come cheer us on!' line, we don't need it.")
    assert copy_fields(brief, lexicon)["body"] is None
    brief = "标题：暑期试听课\n按钮改成：立即抢购（原来是马上报名）"
    assert copy_fields(brief, lexicon)["cta"] == "立即抢购"
    # a former price in brackets is the offer's own words
    brief = "Headline: Winter Coats\nSub: Now $99 (was $199)"
    assert copy_fields(brief, lexicon)["subtitle"] == "Now $99 (was $199)"
    brief = "Headline: Soup Dumplings\nSub: Handmade daily (Old Town branch)"
    assert copy_fields(brief, lexicon)["subtitle"] == "Handmade daily (Old Town branch)"
    brief = "上次那张图，标题改成「周三会员日 饺子半价」，副标题不变还是「老会员到店享优惠」，按钮那个“立即领取”改成“马上领券”。"
    expect_copy(brief, lexicon, title="周三会员日 饺子半价", subtitle="老会员到店享优惠", cta="马上领券")
