"""Copy extraction for the round-216–219 ways of writing a brief (outside writers' bubble-tea and grocery chats, 双11
request forms and 排期表 rows, English community notices, bank / telecom / mobility PRDs and A/B configs): a CSV pasted
with its header line, a sheet's row named by its number (第2行, row 2), a 主题 column beside the headline's own column,
test variants of which the brief asks for one (Variant B, treatment:, "variants": {"A": …, "B": …}), a dash before a
quoted value (标题-「…」), the levels of a request form (一级：… 二级：…), "Any other text that must appear:", "##
Mandatories", a config's button given as {"text": …, "link": …}, and "Copy — honestly no idea".

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_csv_with_its_header_line_is_read_by_column(lexicon: BriefLexicon) -> None:
    brief = ("campaign,placement,headline,subheadline,cta,footnote\n"
             "11.11_babywipes,app_popup,湿巾10包装 双11仅需39.9,99%纯水 新生儿可用,立即囤货,限购5件 超出按原价结算")
    expect_copy(brief, lexicon, title="湿巾10包装 双11仅需39.9", subtitle="99%纯水 新生儿可用", cta="立即囤货",
                body="限购5件 超出按原价结算")
    # a CSV whose header names no field holds no copy: the job's facts (file, size, deadline)
    brief = "文件名,尺寸,截止\n秋日海报,750x1000,周五\n标题：秋日上新"
    expect_copy(brief, lexicon, title="秋日上新")


def test_a_row_named_by_its_number_is_the_one_to_make(lexicon: BriefLexicon) -> None:
    brief = ("今天要两张，先做第2行那张，第1行下周再说\n渠道,标题,副标题,按钮\n开屏,周末出游 打车8折,最高减20元,立即领取\n"
             "首页弹窗,深夜回家 有我护航,22:00-次日6:00 夜间订单享安全护航,一键叫车")
    expect_copy(brief, lexicon, title="深夜回家 有我护航", subtitle="22:00-次日6:00 夜间订单享安全护航", cta="一键叫车")
    brief = ("Can you do the popup from row 2? Header included.\n\nrow,placement,title,subtitle,cta\n"
             "1,home_banner,Tap in with your phone,Add your card to Wallet,Add to Wallet\n"
             "2,popup,Auto top-up is here,Never run out of balance again,Turn on auto top-up")
    expect_copy(brief, lexicon, title="Auto top-up is here", subtitle="Never run out of balance again",
                cta="Turn on auto top-up")
    brief = ("序号\t资源位\t主标题\t副标题\t按钮\n1\t首页弹窗\t开门红 前4小时半价\t手机 平板 耳机 通通有\t立即抢\n"
             "2\t首页弹窗\t最后3天 错过等一年\t全场数码至高省2000\t冲鸭\n\n麻烦出第2行的弹窗，第1行上周已经做了")
    expect_copy(brief, lexicon, title="最后3天 错过等一年", subtitle="全场数码至高省2000", cta="冲鸭")
    # no row named: the first row, as before
    brief = "渠道,标题,副标题,按钮\n开屏,周末出游 打车8折,最高减20元,立即领取\n首页弹窗,深夜回家 有我护航,夜间护航,一键叫车"
    assert copy_fields(brief, lexicon)["title"] == "周末出游 打车8折"


def test_a_theme_column_yields_to_the_headline_column(lexicon: BriefLexicon) -> None:
    brief = ("日期\t渠道\t位置\t主题\t主文案\t副文案\t按钮\n"
             "10/28\tAPP\t首页弹窗\t双11预售\t预售开启 定金翻倍\t付定金50抵100\t立即付定金")
    expect_copy(brief, lexicon, title="预售开启 定金翻倍", subtitle="付定金50抵100", cta="立即付定金")
    brief = "Event\tDate\tPoster headline\tPoster subline\nFood Truck Friday\t6/20\tFood Truck Friday at the Brewery\t6 trucks, live music"
    expect_copy(brief, lexicon, title="Food Truck Friday at the Brewery", subtitle="6 trucks, live music")


def test_only_the_variant_the_brief_asks_for_is_copy(lexicon: BriefLexicon) -> None:
    brief = ("A/B test for the pass popup. We're killing variant A, so only B needs art:\n\nVariant A\n"
             "- Title: Don't miss out on Season 5\n- CTA: Buy Pass\n\nVariant B\n- Title: Level up faster\n"
             "- Sub: Get 25 tiers instantly\n- CTA: Get Pass+")
    expect_copy(brief, lexicon, title="Level up faster", subtitle="Get 25 tiers instantly", cta="Get Pass+")
    brief = ("experiment: card_signup\ncontrol:\n  headline: 办卡送288元\n  button: 立即申请\ntreatment:\n"
             "  headline: 办卡就送 288元刷卡金\n  button: 马上领\n\n这次设计只要出 treatment 的稿子，control 用线上那张")
    expect_copy(brief, lexicon, title="办卡就送 288元刷卡金", cta="马上领")
    brief = ('这次只做B组的图，A组沿用旧图：\n{"variants": {"A": {"title": "S7赛季通行证 现已开启", "cta": "立即解锁"}, '
             '"B": {"title": "新赛季 新战甲", "cta": "马上购买"}}}')
    expect_copy(brief, lexicon, title="新赛季 新战甲", cta="马上购买")
    brief = "Version 1\n标题：春日上新\n按钮：去看看\n\nVersion 2\n标题：春天到了\n按钮：去逛逛\n\n老板选了 version 2"
    expect_copy(brief, lexicon, title="春天到了", cta="去逛逛")
    # nothing says which: the first variant's copy, as before
    brief = "Variant A\n- Title: Level up\n- CTA: Play\n\nVariant B\n- Title: Go further\n- CTA: Start"
    assert copy_fields(brief, lexicon)["title"] == "Level up"


def test_a_dash_before_a_quote_and_the_levels_of_a_form(lexicon: BriefLexicon) -> None:
    brief = "文案：\n  标题-「一手收车 遛娃不累」\n  副标题-「618限时 立省¥500」\n  按钮-「查看详情」"
    expect_copy(brief, lexicon, title="一手收车 遛娃不累", subtitle="618限时 立省¥500", cta="查看详情")
    brief = "需求名称：双11冰箱弹窗\n文案：\n一级：大容量 鲜一整年\n二级：双11到手价3999\n按钮：抢先加购"
    expect_copy(brief, lexicon, title="大容量 鲜一整年", subtitle="双11到手价3999", cta="抢先加购")
    # 一级 inside a sentence names no field
    assert copy_fields("标题：一级棒的冰箱\n按钮：去看看", lexicon)["title"] == "一级棒的冰箱"


def test_english_names_for_the_lines_that_must_be_printed(lexicon: BriefLexicon) -> None:
    brief = ("Headline: Lincoln Fun Run 2025\nButton text (if digital): Pledge a Runner\n"
             "Any other text that must appear: Friday, April 4 · Lincoln Elementary field\nDeadline: ASAP")
    assert copy_fields(brief, lexicon)["body"] == "Friday, April 4 · Lincoln Elementary field"
    brief = ("# Metro Pass\n\n## Key message\n**Headline:** One pass. Every ride.\n**CTA:** Get your pass\n\n"
             "## Mandatories\nPrices valid from 1 Oct 2024. Pass is non-transferable.\n\n## Visuals\nPlatform shot.")
    expect_copy(brief, lexicon, title="One pass. Every ride.", cta="Get your pass",
                body="Prices valid from 1 Oct 2024. Pass is non-transferable.")


def test_a_config_button_object_and_copy_the_writer_does_not_have(lexicon: BriefLexicon) -> None:
    brief = ('{"type":"popup","content":{"title":"夜猫子专属","subtitle":"咖啡第二杯半价",'
             '"button":{"text":"去领券","link":"app://coupon/night"},"footnote":"仅限24小时门店"}}')
    expect_copy(brief, lexicon, title="夜猫子专属", subtitle="咖啡第二杯半价", cta="去领券", body="仅限24小时门店")
    brief = ("Need a door hanger for the new neighbourhood. Copy — honestly no idea, just something friendly "
             "that says we're local. You write it.")
    assert copy_fields(brief, lexicon)["title"] is None


def test_keyed_fact_lines_stay_together_and_a_remark_ends_them(lexicon: BriefLexicon) -> None:
    brief = ("把这张旧传单上的字照搬到新海报上，OCR结果：\n进口红酒节\n买2瓶减100 买3瓶减200\n地址：滨江路66号\n"
             "电话：0571-8888 6666\n（原图左边那个酒杯插画就不要了）")
    expect_copy(brief, lexicon, title="进口红酒节", subtitle="买2瓶减100 买3瓶减200", body="地址：滨江路66号\n电话：0571-8888 6666")
    brief = ("Hi! For the Lunar New Year poster:\nMain heading — Lunar New Year Celebration\nSecond line — Year of the Horse\n"
             "Info block:\nSaturday, Feb 7 · 12–5 PM\nHillside Community Centre · Free admission\n"
             "red and gold obviously, lanterns would be nice, please DON'T use clip art dragons lol")
    expect_copy(brief, lexicon, title="Lunar New Year Celebration", subtitle="Year of the Horse",
                body="Saturday, Feb 7 · 12–5 PM\nHillside Community Centre · Free admission")


def test_a_request_of_several_sentences_heads_the_lines_under_it(lexicon: BriefLexicon) -> None:
    brief = ("Dear designer,\nI am volunteer of the Greenfield Middle School PTA. We want poster for International Food "
             "Festival. Please put words:\nInternational Food Festival\nTaste the world without leaving Greenfield!\n"
             "Friday May 23, school cafeteria. Tickets $5.\nAlso please put flags of many countries. Sorry my English.\n"
             "Thank you,\nAna")
    expect_copy(brief, lexicon, title="International Food Festival", subtitle="Taste the world without leaving Greenfield!",
                body="Friday May 23, school cafeteria. Tickets $5.")
    brief = "Hello,\n\nThe main words should be: Fall Harvest Festival\nUnderneath: Free family fun for all ages!"
    expect_copy(brief, lexicon, title="Fall Harvest Festival", subtitle="Free family fun for all ages!")


def test_an_offer_described_or_any_words_allowed_is_no_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("老板娘：小陈 我们店要做一个会员充值的海报 充200送30那种 你帮我想想怎么写", lexicon)["subtitle"] is None
    brief = "We need a popup for travel insurance. Haven't got copy yet — can you draft options? Something about being covered from just $3/day."
    assert copy_fields(brief, lexicon)["subtitle"] is None
    assert copy_fields("宽带续费的弹窗需要一版，按钮写啥都行，周四前给我", lexicon)["cta"] is None
    # an offer given as it is stays the copy
    assert copy_fields("会员充值海报 充200送30 按钮去充值", lexicon)["subtitle"] == "充200送30"


def test_the_language_side_of_a_bilingual_line(lexicon: BriefLexicon) -> None:
    brief = ("海外站也要一版 618 弹窗（English only），中文对照如下，用右边的英文：\n标题：防晒季 清透一夏 ｜ Sun's Out, Skin's Ready\n"
             "副标题：全场防晒 第二件半价 ｜ 2nd Sunscreen Half Price")
    expect_copy(brief, lexicon, title="Sun's Out, Skin's Ready", subtitle="2nd Sunscreen Half Price")
    # a language asked for one field is that field's: the footer keeps both sides
    brief = ("Headline: Bite-Free Summer\n副标题用中文：孩子户外玩耍更安心\nCTA: Buy Now\n"
             "Footer: 适用于3岁以上儿童 | Suitable for ages 3+")
    expect_copy(brief, lexicon, title="Bite-Free Summer", subtitle="孩子户外玩耍更安心", cta="Buy Now",
                body="适用于3岁以上儿童 | Suitable for ages 3+")


def test_words_taken_off_and_the_copy_asked_about(lexicon: BriefLexicon) -> None:
    brief = "618手机弹窗改稿：1. 标题‘年中旗舰 影像新高度’不变 2. 按钮‘立即购买’改成‘抢先购’ 3. 删掉底部的‘限量1000台’"
    expect_copy(brief, lexicon, title="年中旗舰 影像新高度", cta="抢先购")
    brief = "姐妹们帮我看看这个海报文案行不行🥹 花店七夕要做一张海报\n大标题就写：七夕不将就\n小字：“一束花，说一句没说出口的话”"
    expect_copy(brief, lexicon, title="七夕不将就", body="一束花，说一句没说出口的话")


def test_more_names_for_lines_and_buttons(lexicon: BriefLexicon) -> None:
    brief = "📍小红书笔记文案\n封面：重庆老火锅 人均80吃到扶墙🔥\n第二行：Hotpot lovers 必冲！"
    expect_copy(brief, lexicon, title="重庆老火锅 人均80吃到扶墙🔥", subtitle="Hotpot lovers 必冲！")
    brief = "| 物料 | 标题 | 副标题 |\n| --- | --- | --- |\n| 门口海报 | 深夜火锅局 | 22点后 锅底免费 |\n\n小字统一：每桌限免一个锅底"
    expect_copy(brief, lexicon, title="深夜火锅局", subtitle="22点后 锅底免费", body="每桌限免一个锅底")
    brief = "海报上就印“周花订阅”，下面一行“每周一送达 随机当季花材”，二维码边写“长按识别 加入接龙”"
    assert copy_fields(brief, lexicon)["cta"] == "长按识别 加入接龙"
    brief = "海报文字：\n鲜奶月卡 每天一瓶\n牧场直送 早上7点前放到自提柜\n点我接龙"
    assert copy_fields(brief, lexicon)["cta"] == "点我接龙"


def test_one_more_line_said_aloud_and_one_more_for_the_field(lexicon: BriefLexicon) -> None:
    brief = "标题写 赣南脐橙 原产地直发\n下面写 5斤装29.9元 坏果包赔\n再加一句 接龙截止今晚22:00，明天下午4点在小区南门自提\n按钮写 我要接龙"
    expect_copy(brief, lexicon, title="赣南脐橙 原产地直发", subtitle="5斤装29.9元 坏果包赔",
                body="接龙截止今晚22:00，明天下午4点在小区南门自提", cta="我要接龙")
    brief = "标题：它们老了\n副标题：8岁以上\n小雨：副标题再加一句，改成“8岁以上老年猫领养专场，免费体检”"
    expect_copy(brief, lexicon, title="它们老了", subtitle="8岁以上老年猫领养专场，免费体检")


def test_a_notes_column_the_brief_says_is_printed(lexicon: BriefLexicon) -> None:
    table = "id,位置,标题,副标题,按钮,备注\n1,首页弹窗,乘地铁 刷码享5折,每周一 全线路通用,立即开通,活动期至12月31日 每日限1次"
    assert copy_fields(table + "\n\n表里备注那栏也是要印在图上的小字哈", lexicon)["body"] == "活动期至12月31日 每日限1次"
    # unsaid, the notes column is the designer's
    assert copy_fields(table.replace("活动期至12月31日 每日限1次", "用品牌红"), lexicon)["body"] is None
