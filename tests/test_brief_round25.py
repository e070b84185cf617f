"""Copy extraction for the round-25 ways of writing a brief (issue 16): fine print that names its own terms (條款及細則適用,
活动时间以游戏内为准), a game's 【tag】 glued before a name and a book title with more copy after a blank, a horizontal rule
(---) between the copy and its correction, one of two language versions picked on the field's own line (二选一，用中文的)
or named before the colon of a change (按钮改成中文：…), a pasted group chat (【群聊记录】, 按钮写啥 answered by 写 …, 底下小字加一句 …),
a voice-typed run-on with no punctuation (你就写…吧然后, 最下面小字写一句…就行了, …哈这个一定要写上, ，这个是合规给的原话),
two schemes for a field picked by their letter (标题两个方案 A「…」 B「…」 最后定A), a mail's line placed "Under it:", 大字/小字
where the small text reads as fine print, a QR code's line (扫码投递) as the button, 没按钮 after the copy, a quote naming the
kind of poster ("We're hiring" style poster) and a proposed title (标题拟为《…》).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_fine_print_that_names_its_terms(lexicon: BriefLexicon) -> None:
    # 細字：…，條款及細則適用。 / 小字：…，活动时间以游戏内为准: the terms and the event's time are the fine print's own words
    brief = ('Hi team，會員積分雙倍活動嘅poster：\n標題：賺取雙倍積分 Earn Double Points\n副標題：2025年7月1日至8月31日期間入住\n'
             '按鈕：立即預訂\n細字：須為會員並透過官方網站或App預訂，條款及細則適用。')  # r25-001
    expect_copy(brief, lexicon, title='賺取雙倍積分 Earn Double Points', subtitle='2025年7月1日至8月31日期間入住', cta='立即預訂',
                body='須為會員並透過官方網站或App預訂，條款及細則適用。')
    assert copy_fields("小字：活动时间以游戏内为准", lexicon)["body"] == "活动时间以游戏内为准"
    # two labels joined, then a remark on them, stay the designer's
    assert copy_fields("标题：春日上新，标题和副标题都要大一点", lexicon)["title"] == "春日上新"
    # a campaign named beside its theme still ends the value
    assert copy_fields("标题：好运福袋，双十一活动", lexicon)["title"] == "好运福袋"


def test_a_tag_glued_before_a_name_and_a_book_title_then_more_copy(lexicon: BriefLexicon) -> None:
    # 主标题：【限定UP】星海歌姬·艾琳 / 副标题：《阿凡达：火与烬》 3D/IMAX 双版本 (and --- above the correction)
    brief = ('新版本限定池预热海报 需求如下\n1. 主标题：【限定UP】星海歌姬·艾琳\n2. 副标题：5星角色概率UP，保底80抽必出\n3. 按钮：前往祈愿\n'
             '4. 小字：概率公示详见游戏内公告，活动时间以游戏内为准\n5. 美术：角色立绘用新版，背景星空，整体偏紫')  # r25-004
    expect_copy(brief, lexicon, title='【限定UP】星海歌姬·艾琳', subtitle='5星角色概率UP，保底80抽必出', cta='前往祈愿',
                body='概率公示详见游戏内公告，活动时间以游戏内为准')
    brief = ('标题：Avatar: Fire and Ash 预售开启\n副标题：《阿凡达：火与烬》 3D/IMAX 双版本\n按钮：抢先预售\n---\n'
             '更正：标题改成「《阿凡达：火与烬》预售开启」，其他不变')  # r25-057
    expect_copy(brief, lexicon, title='《阿凡达：火与烬》预售开启', subtitle='《阿凡达：火与烬》 3D/IMAX 双版本', cta='抢先预售')
    # brackets before the next label, or a remark after the blank, leave the quote alone
    expect_copy("标题【限时特惠】按钮【立即抢购】", lexicon, title="限时特惠", cta="立即抢购")
    assert copy_fields("标题：《长安的荔枝》 要大一点", lexicon)["title"] == "长安的荔枝"
    # a markdown table's rule (with its bars) still makes the row above it a header
    expect_copy("| 字段 | 文案 |\n| --- | --- |\n| 标题 | 春日上新 |", lexicon, title="春日上新")


def test_one_language_picked_for_a_field(lexicon: BriefLexicon) -> None:
    # CTA: Start now / 立即开始 —— 二选一，用中文的 / 按钮改成中文：下载App
    brief = ("运营小美：这次的 slogan 中英都要，主标题用英文 'Don't just learn English. Live it.'，副标题放中文翻译 ‘不只是学英语，"
             "更是用英语生活’\nCTA: Start now / 立即开始 —— 二选一，用中文的\n小字不用")  # r25-020
    expect_copy(brief, lexicon, title="Don't just learn English. Live it.", subtitle='不只是学英语，更是用英语生活', cta='立即开始')
    brief = ('标题 "Your English, Your Pace"\n副标题 "每天15分钟，碎片时间也能进步"\n按钮 "Download the App"\n'
             '@设计 不好意思改一下，按钮改成中文：下载App')  # r25-045
    expect_copy(brief, lexicon, title='Your English, Your Pace', subtitle='每天15分钟，碎片时间也能进步', cta='下载App')
    assert copy_fields("标题：Spring Sale\nCTA: Start now / 立即开始，用中文那个", lexicon)["cta"] == "立即开始"
    # no choice: both versions stay; a spaced dash inside copy is the copy's
    assert copy_fields("标题：Spring Sale\nCTA: Start now / 立即开始", lexicon)["cta"] == "Start now / 立即开始"
    assert copy_fields("标题：Big Sale — 50% off\n按钮：Shop now", lexicon)["title"] == "Big Sale — 50% off"
    # the language alone is no copy
    assert copy_fields("按钮改成中文的", lexicon)["cta"] is None


def test_a_group_chat_that_asks_and_answers(lexicon: BriefLexicon) -> None:
    # 【群聊记录】 / 小刘：按钮写啥 ⏎ 王主任：写 预约直播 / 底下小字加一句 …
    brief = ('【群聊记录】\n王主任：今晚直播的海报谁弄\n小刘：我来 文案呢\n王主任：标题就叫 砀山酥梨 甜过初恋\n李会计：价格要写上吧 10斤39.9\n'
             '王主任：对 副标题写 10斤39.9元 今晚直播间专享\n小刘：按钮写啥\n王主任：写 预约直播\n李会计：底下小字加一句 农户直供 合作社统一发货\n'
             '王主任：行')  # r25-048
    expect_copy(brief, lexicon, title='砀山酥梨 甜过初恋', subtitle='10斤39.9元 今晚直播间专享', cta='预约直播', body='农户直供 合作社统一发货')
    assert copy_fields("小刘：副标题写啥\n王主任：写 今晚8点开播", lexicon)["subtitle"] == "今晚8点开播"
    # the question alone, or answered with no words, gives no copy
    expect_copy("按钮写啥", lexicon)
    expect_copy("标题写什么好呢\n王主任：再想想", lexicon)
    # a thing placed at the bottom is no line of copy
    assert copy_fields("标题：周末市集，底下加一行二维码", lexicon) == {"title": "周末市集", "subtitle": None, "cta": None, "body": None}


def test_a_voice_typed_run_on(lexicon: BriefLexicon) -> None:
    # 你就写…吧然后 / 最下面小字写一句…就行了 / …哈这个一定要写上 / …即享好礼最下面小字写… ，这个是合规给的原话
    brief = ('帮我弄个海报啊就是说我们这个高山小番茄是那种老品种的吃起来有小时候的味道那个标题你就写小时候的味道吧然后最下面小字写一句2月10号晚上7'
             '点半抖音直播间见就行了其他啥也不用写')  # r25-051
    expect_copy(brief, lexicon, title='小时候的味道', body='2月10号晚上7点半抖音直播间见')
    brief = '哎那个双11的预售海报啊标题写定金50抵100然后副标题写尾款立减再送运动袜按钮写付定金小字写定金不退哈这个一定要写上'  # r25-060
    expect_copy(brief, lexicon, title='定金50抵100', subtitle='尾款立减再送运动袜', cta='付定金', body='定金不退')
    brief = ('小张你帮我做个海报啊就是那个新户礼标题写新户首刷礼按钮写立即办卡副标题写核卡后30天内消费1笔即享好礼最下面小字写礼品数量有限，以实际发放为准，'
             '这个是合规给的原话')  # r25-088
    expect_copy(brief, lexicon, title='新户首刷礼', subtitle='核卡后30天内消费1笔即享好礼', cta='立即办卡', body='礼品数量有限，以实际发放为准')
    # a particle that ends the copy itself stays (一起来上幼儿园吧 without 就, 开张啦 before a remark)
    expect_copy("标题写一起来上幼儿园吧然后按钮写立即报名", lexicon, title="一起来上幼儿园吧", cta="立即报名")
    assert copy_fields("标题深夜食堂开张啦要大一点红色 按钮立即预约", lexicon)["title"] == "深夜食堂开张啦"
    # 即可 inside the copy goes on
    assert copy_fields("按钮：扫码即可参与", lexicon)["cta"] == "扫码即可参与"


def test_two_schemes_for_a_field_picked_by_letter(lexicon: BriefLexicon) -> None:
    # 标题两个方案 A「…」 B「…」 最后定A
    brief = ('会员日海报 WX群里定了\n标题两个方案 A「每周三 会员日」 B「周三喝茶日」 最后定A\n副标：会员全单8.8折\ncta 立即开卡\n'
             '小字 每周三全天，仅限会员本人使用\n配色 品牌绿 logo放左上')  # r25-052
    expect_copy(brief, lexicon, title='每周三 会员日', subtitle='会员全单8.8折', cta='立即开卡', body='每周三全天，仅限会员本人使用')
    assert copy_fields("标题备选：A「春日上新」 B「春季焕新」 老板选了B", lexicon)["title"] == "春季焕新"
    # no pick: the first
    assert copy_fields("标题备选 A「春日上新」 B「春季焕新」", lexicon)["title"] == "春日上新"


def test_a_line_placed_under_the_one_above(lexicon: BriefLexicon) -> None:
    # Under it: … after the quoted headline in a mail
    brief = ('Subject: Poster copy for customer story — Lumen Retail\n\nHi Mia,\n\nFor the customer story poster, the quote '
             'should be the headline:\n“We closed payroll 3 days faster every month.”\nUnder it: Grace Wu, HR Director at '
             'Lumen Retail\nButton text can be "Read the story".\n\nOur legal team also asked that we add this as small '
             'print: "Results may vary by company size and configuration."\n\nThanks!\nTom')  # r25-053
    expect_copy(brief, lexicon, title='We closed payroll 3 days faster every month.', subtitle='Grace Wu, HR Director at Lumen Retail',
                cta='Read the story', body='Results may vary by company size and configuration.')
    # the line above it, unlabelled, is the headline
    expect_copy("Big Summer Sale\nUnder it: Up to 50% off", lexicon, title="Big Summer Sale", subtitle="Up to 50% off")
    # a thing placed under it, or "under it" inside a sentence, is no line of copy
    expect_copy("Headline: Big Summer Sale\nUnder it: logo and QR code", lexicon, title="Big Summer Sale")
    expect_copy("Headline: Big Summer Sale. Put the logo under it: left aligned", lexicon, title="Big Summer Sale")
    # a key naming the lines (small text under it) still names three of them, the place no field of its own
    brief = ('Scheduled maintenance popup, copy in order (line 1 = title, line 2 = small text under it, line 3 = button):\n'
             'Scheduled Maintenance\nThe app will be unavailable Sat, June 8, 2:00–4:00 AM ET.\nGot It')  # r12-074
    expect_copy(brief, lexicon, title="Scheduled Maintenance", cta="Got It",
                body="The app will be unavailable Sat, June 8, 2:00–4:00 AM ET.")


def test_small_text_that_reads_as_fine_print(lexicon: BriefLexicon) -> None:
    # 大字写… 小字写偏远地区不包邮 新疆西藏除外: an exclusion is the fine print, whatever the layout calls it
    brief = '海报上面大字写 5斤装只要29块9 包邮 然后下面小字写偏远地区不包邮 新疆西藏除外 别的你看着弄 要那种一看就便宜的感觉'  # r25-030
    expect_copy(brief, lexicon, title='5斤装只要29块9 包邮', body='偏远地区不包邮 新疆西藏除外')
    # the line under the big text, no term in it, is the subtitle (and 下面 alone places the subtitle)
    expect_copy("大字写 全场5折 小字写 5月12日起", lexicon, title="全场5折", subtitle="5月12日起")
    expect_copy("大字写 全场5折 下面写 偏远地区除外", lexicon, title="全场5折", subtitle="偏远地区除外")


def test_the_qr_codes_line_and_no_button(lexicon: BriefLexicon) -> None:
    # 下面放个二维码 旁边写 扫码投递 / 小字：… 没按钮
    brief = 'SZ003门店招聘海报 贴玻璃门上的\n大字：我们在招人！\n下面放个二维码 旁边写 扫码投递\n其他不用写了 👍'  # r25-067
    expect_copy(brief, lexicon, title='我们在招人！', cta='扫码投递')
    brief = '维护补偿图 标题：停服维护补偿公告 副标题：全服补偿钻石×300 小字：请于7日内前往邮箱领取 没按钮'  # r25-084
    expect_copy(brief, lexicon, title='停服维护补偿公告', subtitle='全服补偿钻石×300', body='请于7日内前往邮箱领取')
    # an offer after 扫码 is the offer, a QR code alone no copy; 没有 inside the copy stays
    expect_copy("扫码立减10元", lexicon, subtitle="扫码立减10元")
    expect_copy("下面放个二维码", lexicon)
    expect_copy("标题：没有你的夏天 按钮：去看看", lexicon, title="没有你的夏天", cta="去看看")


def test_a_quote_naming_the_kind_of_poster_and_a_proposed_title(lexicon: BriefLexicon) -> None:
    # a "We're hiring" style poster / 标题拟为《…》
    brief = ('Can you design a "We\'re hiring" style poster for our engineering team? Headline/copy TBD — recruiting will '
             'send it tomorrow. Just needs to feel friendly, lots of whitespace, include our logo.')  # r25-093
    expect_copy(brief, lexicon)
    brief = ('各位同事：经馆务会研究，自2025年1月1日起，本馆周一闭馆调整为周二闭馆。请设计部据此制作告示海报，标题拟为《开放时间调整告示》，'
             '副标题为“自2025年1月1日起每周二闭馆”，下方小字注明“节假日开放时间另行通知”。谢谢。')  # r25-100
    expect_copy(brief, lexicon, title='开放时间调整告示', subtitle='自2025年1月1日起每周二闭馆', body='节假日开放时间另行通知')
    # a quote set in a type is still copy; a design word proposed is not
    expect_copy('Poster copy: "Summer Sale" in bold type', lexicon, title="Summer Sale")
    expect_copy("标题拟用红色", lexicon)
    assert copy_fields("标题暂定为 春日上新", lexicon)["title"] == "春日上新"
