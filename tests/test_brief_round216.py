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
