"""Copy extraction for the round-27 ways of writing a brief (issue 16): a voice note's "that'll do" in dialect before a
design remark (…就得行了颜色用…), the speaker taking the value back mid-sentence (麻辣烫…不对不对是写…, …哦等一下我看错了，
标题应该是…) and turning to the designer after a comma (，你按600的做); copy another team will bring (文案对方会提供,
内容由…另行提供, no copy yet, legal is reviewing), an approval noted in brackets (（这个领导说可以）), a pasted chat's numbered
messages (【消息1】), a Traditional brief's language pick (只要中文那個就好) and a line asked to be printed (地點要印：…), a
field's line dropped by pointing at it (小字那条删掉), a short quoted term that opens a sentence of copy (“六不”要记牢，…), and a
first draft changed further in the sentence (原拟定为“A”，经领导审阅，修改为“B”).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_dialect_enough_before_a_design_remark(lexicon: BriefLexicon) -> None:
    brief = ('喂那个海报帮我弄一下嘛就是会员日的标题写每周三会员日全场菜品8.8折副标题写巴适得板老火锅等你来按钮写立即入会'
             '就得行了颜色用我们那个红嘛')  # r27-005
    expect_copy(brief, lexicon, title='每周三会员日全场菜品8.8折', subtitle='巴适得板老火锅等你来', cta='立即入会')
    # 就得行了 at the clause's end is the speaker's too; 梦想就成真 keeps its words
    assert copy_fields("按钮写立即入会就得行了", lexicon)["cta"] == "立即入会"
    assert copy_fields("标题：梦想就成真", lexicon)["title"] == "梦想就成真"


def test_a_value_taken_back_by_the_speaker(lexicon: BriefLexicon) -> None:
    brief = ('那个图标题写麻辣烫…不对不对是写麻辣鲜香一锅端啊副标题写双人套餐168元按钮写立即抢购然后最下面一行小字写'
             '套餐含锅底一份荤菜四份素菜四份')  # r27-075
    expect_copy(brief, lexicon, title='麻辣鲜香一锅端', subtitle='双人套餐168元', cta='立即抢购',
                body='套餐含锅底一份荤菜四份素菜四份')
    brief = ('那个双十一瓷砖会场的图啊标题写瓷砖地板专场满5000减500然后按钮写领券下单…哦等一下我看错了，标题应该是'
             '瓷砖地板专场满5000减600，你按600的做')  # r27-078
    expect_copy(brief, lexicon, title='瓷砖地板专场满5000减600', cta='领券下单')
    # 不对 inside the copy, with no verb after it, stays
    assert copy_fields("标题：没有什么不对", lexicon)["title"] == "没有什么不对"


def test_copy_another_team_will_bring(lexicon: BriefLexicon) -> None:
    brief = '请设计一张关于无偿献血知识科普的海报底图，内容由血站宣传科另行提供，现阶段仅需完成版式与配色方案，体现公益、温暖、专业的特点。'  # r27-020
    expect_copy(brief, lexicon)
    brief = '想做一组领养代替购买的公益海报，跟流浪动物救助站合作，文案对方会提供，我们这边先出画面，要温暖一点的'  # r27-029
    expect_copy(brief, lexicon)
    brief = ("we're doing a streaks feature teaser next week, no copy yet, legal is reviewing the claims. can you mock "
             "something with a flame icon and a big number? 🔥")  # r27-027
    expect_copy(brief, lexicon)
    # a promise to the reader is copy; so is a title that is a progressive phrase in title case
    assert copy_fields("标题：我们会提供最好的服务", lexicon)["title"] == "我们会提供最好的服务"
    assert copy_fields("Headline is Coming Soon", lexicon)["title"] == "Coming Soon"


def test_notes_beside_the_copy_and_a_chat_numbered(lexicon: BriefLexicon) -> None:
    brief = ('帮我做长沙端午的\n标题：端午出行 领最高50元券包\n副标题：湘江两岸 一路畅行（这个领导说可以）\n'
             '小字：券包含3张券，6月8日-6月10日可用\n按钮先不加，小程序那边会放')  # r27-091
    expect_copy(brief, lexicon, title='端午出行 领最高50元券包', subtitle='湘江两岸 一路畅行', body='券包含3张券，6月8日-6月10日可用')
    assert copy_fields("副标题：湘江两岸（限时）", lexicon)["subtitle"] == "湘江两岸（限时）"
    brief = ('【消息1】\n会场\t主标题\t副标题\t按钮\n全屋定制\t双11全屋定制 狂欢价\t定金100抵1000\t立即预约\n'
             '【消息2】\n刚才那行副标题改一下，改成“定金100抵1111”')  # r27-008
    assert copy_fields(brief, lexicon)["body"] is None
    # a bracketed line of its own that is no message number is still copy
    assert copy_fields("【限时特惠】", lexicon)["title"] == "限时特惠"


def test_a_traditional_brief_picks_its_language_and_prints_a_line(lexicon: BriefLexicon) -> None:
    brief = ('Poster for our English reading night 🌙\n標題：Midnight Readers Club\n副標：每月最後一個週五，用英文讀一首詩\n'
             '按鈕：Sign up / 報名 (只要中文那個就好)\n地點要印：台中市西區民生路 88 號 2F')  # r27-056
    expect_copy(brief, lexicon, title='Midnight Readers Club', subtitle='每月最後一個週五，用英文讀一首詩', cta='報名',
                body='台中市西區民生路 88 號 2F')
    # a lead that only places a picture, and a line that says nothing about printing, bring no fine print
    assert copy_fields("標題：春日\nlogo要印：右上角", lexicon)["body"] is None
    assert copy_fields("標題：春日\n地點：台中", lexicon)["body"] is None


def test_a_line_dropped_by_pointing_at_it(lexicon: BriefLexicon) -> None:
    brief = ('第一条：\n主标题：11.11 家居好物节\n副标题：爆款直降 买贵包赔\n按钮：马上抢购\n小字：买贵包赔需在购买后15天内申请\n\n'
             '第二条（运营主管）：买贵包赔不能写了，法务不让。副标题换成“爆款直降 限时抢购”，小字那条删掉')  # r27-058
    expect_copy(brief, lexicon, title='11.11 家居好物节', subtitle='爆款直降 限时抢购', cta='马上抢购')
    assert copy_fields("标题：A\n小字：B\n小字那条保留", lexicon)["body"] == "B"


def test_a_short_quoted_term_opens_a_sentence(lexicon: BriefLexicon) -> None:
    brief = '标题：珍爱生命 预防溺水\n副标题：“六不”要记牢，安全过暑假\n红色那种醒目一点！！'  # r27-083
    assert copy_fields(brief, lexicon)["subtitle"] == "“六不”要记牢，安全过暑假"
    # 要 before a design word, or alone on the line, is the designer's
    assert copy_fields("标题：“春日”要醒目", lexicon)["title"] == "春日"
    assert copy_fields("标题：“春日”要醒目，红色", lexicon)["title"] == "春日"


def test_a_first_draft_changed_further_in_the_sentence(lexicon: BriefLexicon) -> None:
    brief = ('海报标题原拟定为“一袋热血 一份希望”，经领导审阅，修改为“捐献热血 传递希望”。\n副标题：每一次献血都可能挽救三个人的生命\n'
             '底部印：咨询热线：12320')  # r27-040
    assert copy_fields(brief, lexicon)["title"] == "捐献热血 传递希望"
    # 原 opening a word of the copy (原创) names no first draft: the value stays whole
    assert copy_fields("标题：原创“小怪兽”系列，改成你的样子", lexicon)["title"] == "原创“小怪兽”系列，改成你的样子"
