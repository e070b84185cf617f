"""Copy extraction for the round-228–231 ways of writing a brief (outside writers' live-stream commerce requests,
B2B and corporate notices, local shops on chat apps, global apps' tickets): fine print given under several labels of
its own (小字 and 二维码下面写, Fine print and Footer), printed line by line and never cut to the first; a note whose own
bracket sends it to the poster as small print; a keyed fact a blank from its figures (服务时间 9:00-21:00) under the
copy; copy kept from the version before (文案沿用上一版不改), none given here.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_fine_print_under_several_labels_keeps_every_line(lexicon: BriefLexicon) -> None:
    brief = ("亲，七夕的海报麻烦你了\n大字：七夕 · 只为你绽放\n中字：99朵红玫瑰 ¥520 限量预订\n小字：8月10日前下单 同城配送\n"
             "二维码下面写：扫码加店主微信\n谢谢亲❤️")
    expect_copy(brief, lexicon, title="七夕 · 只为你绽放", subtitle="99朵红玫瑰 ¥520 限量预订",
                body="8月10日前下单 同城配送\n扫码加店主微信")
    expect_copy("Title: Spring Edit\nSub: 20% off new arrivals\nFine print: Ends Sunday.\nFooter: 12 Main St, Leeds",
                lexicon, title="Spring Edit", subtitle="20% off new arrivals", body="Ends Sunday.\n12 Main St, Leeds")
    # a note to the designer, in brackets or under a note label, is no second line of the fine print
    brief = ("标题：618健康节 低至5折\n副标题：6.1-6.18 保健品·医疗器械\n按钮：进入主会场\n小字：活动商品以页面标价为准\n"
             "（内部备注，不要印：预算已经批了，GMV目标300万）")
    assert copy_fields(brief, lexicon)["body"] == "活动商品以页面标价为准"
    brief = ("Title: Summer Splash Event\nSubtitle: Login daily for a FREE SSR\nCTA: Play now\nfine print: Event ends Aug 31 (UTC+8).\n"
             "中文注释：SSR那个字眼要用金色高亮，按钮做成游戏内按钮样式")
    assert copy_fields(brief, lexicon)["body"] == "Event ends Aug 31 (UTC+8)."
    # the same label twice is a later version, not a second line
    assert "\n" not in (copy_fields("标题：春季上新\n小字：限时三天\n小字：限时五天", lexicon)["body"] or "")


def test_a_note_its_bracket_prints_small_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "标题：零基础Hiphop周末班开课啦\n副标题：8节课学会一支完整舞\n按钮：立即报名\n备注：首节体验课免费（这句放在按钮下面做小字）"
    expect_copy(brief, lexicon, title="零基础Hiphop周末班开课啦", subtitle="8节课学会一支完整舞", cta="立即报名",
                body="首节体验课免费")
    assert copy_fields("标题：零基础Hiphop周末班开课啦\n备注：logo放左上（这句不用印）", lexicon)["body"] is None
    assert copy_fields("标题：零基础Hiphop周末班开课啦\n备注：字体要圆一点", lexicon)["body"] is None


def test_a_keyed_fact_a_blank_from_its_figures_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "客服弹窗文案定了：\n智能客服小美为您服务\n常见问题秒回答，转人工请输入“人工”\n按钮：开始咨询\n服务时间 9:00-21:00"
    expect_copy(brief, lexicon, title="智能客服小美为您服务", subtitle="常见问题秒回答，转人工请输入“人工”", cta="开始咨询",
                body="服务时间 9:00-21:00")
    # a labelled fine print's own key and figures do not pull the remark under it in
    brief = "标题：2025年度订阅 现在开始\n按钮：扫码订阅\n小字：订阅热线 0571-8888 6666\n用报纸印刷质感，红色报头"
    assert copy_fields(brief, lexicon)["body"] == "订阅热线 0571-8888 6666"


def test_copy_kept_from_the_version_before_gives_none(lexicon: BriefLexicon) -> None:
    expect_copy("直播间福袋弹窗换个皮，文案沿用上一版不改，就是把主色换成618的橙色，今天下班前给我就行", lexicon,
                title=None, subtitle=None, cta=None, body=None)
    # one field's words kept while its line is re-broken is that field's remark; its quote is still the title
    brief = ("【改稿】截图里的海报：\n- 大标题那块「悦馨月子 · 28天科学坐月子」字太挤了，换行成两行，文字不变\n"
             "- 副标题改成「三甲医院护士团队 24H母婴护理」")
    assert copy_fields(brief, lexicon)["title"] == "悦馨月子 · 28天科学坐月子"


def test_more_everyday_labels(lexicon: BriefLexicon) -> None:
    expect_copy("Main: NEXUS CUP 2024 GRAND FINALS\nSecond line: $250,000 prize pool\n"
                "Date/venue: Dec 14–15 · Seoul Olympic Hall\nBottom: Watch live on nexus.gg/live\nNo button", lexicon,
                title="NEXUS CUP 2024 GRAND FINALS", subtitle="$250,000 prize pool", cta=None,
                body="Dec 14–15 · Seoul Olympic Hall\nWatch live on nexus.gg/live")
    # a ticket's one-word fineprint key: the body above it is the line under the title
    expect_copy("Copy:\n  title: Lock in your fare\n  body: Pay the same price for your commute, every day.\n"
                "  cta: Try PriceLock\n  fineprint: $2.99 for 30 days.\nDesign notes: reuse padlock icon", lexicon,
                title="Lock in your fare", subtitle="Pay the same price for your commute, every day.",
                cta="Try PriceLock", body="$2.99 for 30 days.")
    expect_copy("Headline — Premium for students. Half the price.\nSupporting — Verify with your student email.\n"
                "CTA — Get student offer", lexicon, title="Premium for students. Half the price.",
                subtitle="Verify with your student email.", cta="Get student offer")
    expect_copy("一、标题：每月8号 会员日\n二、副标题：会员专享直播间9折，积分翻倍\n三、按钮：开通会员\n四、附加说明：会员权益以品牌会员中心公示为准",
                lexicon, title="每月8号 会员日", subtitle="会员专享直播间9折，积分翻倍", cta="开通会员",
                body="会员权益以品牌会员中心公示为准")
    expect_copy("标提：猫粮囤货节 直播间买2送1\n副标体：进口原料 猫猫爱吃 不挑嘴\n按扭：立即抢", lexicon,
                title="猫粮囤货节 直播间买2送1", subtitle="进口原料 猫猫爱吃 不挑嘴", cta="立即抢")
    assert copy_fields("大標：開幕慶 全品項第二杯10元\n小標：就在你家巷口 ☺︎", lexicon)["subtitle"] == "就在你家巷口 ☺︎"


def test_traditional_chinese_voice_notes_close_values_as_simplified_ones_do(lexicon: BriefLexicon) -> None:
    for then in ("然后", "然後"):
        brief = f"語音輸入：標題寫 貓咪洗澡 {then} 副標寫 專業貓美容師 全程無麻醉 {then}按鈕就寫 LINE預約"
        expect_copy(brief, lexicon, title="貓咪洗澡", subtitle="專業貓美容師 全程無麻醉", cta="LINE預約")


def test_a_quoted_file_name_or_the_popups_own_name_is_no_copy(lexicon: BriefLexicon) -> None:
    brief = "宠物直播间 猫粮秒杀弹窗\n标题：猫粮囤货节 直播间买2送1\n按钮：立即抢\n猫的图用我们家橘猫那张（群文件里 \"大橘.jpg\"）"
    expect_copy(brief, lexicon, title="猫粮囤货节 直播间买2送1", subtitle=None, cta="立即抢", body=None)
    brief = "直播间「尺码推荐」弹窗\n标题：不知道选什么码？\n副：输入身高体重 一键推荐尺码\n按钮：帮我选码"
    expect_copy(brief, lexicon, title="不知道选什么码？", subtitle="输入身高体重 一键推荐尺码", cta="帮我选码", body=None)
    # with no labelled headline, a quote before the format may still be the words asked for
    assert copy_fields("做个「夏日冰饮节」海报，按钮：立即下单", lexicon)["title"] == "夏日冰饮节"
