"""Copy extraction for the round-204–211 ways of writing a brief (outside writers' security firms, MCs, hair dryers,
central air, stationery wholesalers, ear cleaning, stage rental, cosplay props, glasses, paint, stamps, flea markets,
feed, fire extinguishers, wigs, cat breeders, recruiters, comedy clubs, hair transplants, solar heaters …): a fine-print
heading whose first line carries its own key (底部：⏎活动时间：…), 原来的：A ⏎ 改成：B naming no field, 卖点 under a
given subtitle, a service done to colour, goods counted (smoke detector ×5), 大标题 ▶ …, 按钮-…, 副 under a headline,
联系方式 / 地址电话 lines, a kept field said with 还是 or "is fine ('…')", 1）numbering, the language named before the
words, a design line after the fine print, a format's aside (（APP用）), "change the popup CTA from … to …", a button
"that just says", and voice notes that put one more line at the bottom (再写一句, 写一下, 地址是, the little note …).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_fine_print_heading_keeps_the_key_of_its_first_line(lexicon: BriefLexicon) -> None:
    brief = "大标题——防水做得好\n副标题——全场买二送一\n底部：\n活动时间：6月1日—6月15日\n门店地址：金山路12号"
    expect_copy(brief, lexicon, title="防水做得好", subtitle="全场买二送一",
                body="活动时间：6月1日—6月15日\n门店地址：金山路12号")
    brief = "主标题 | 囤货季 纸尿裤8折\n底部 | 活动时间：3月1日-3月15日 会员积分双倍"
    expect_copy(brief, lexicon, title="囤货季 纸尿裤8折", body="活动时间：3月1日-3月15日 会员积分双倍")
    # a secondary key alone on its line, with no heading above it, still names its line
    brief = "标题：防水做得好\n活动时间：6月1日—6月15日"
    assert copy_fields(brief, lexicon)["body"] == "6月1日—6月15日"


def test_old_line_then_new_line_naming_no_field(lexicon: BriefLexicon) -> None:
    brief = "帮我改下弹窗文案：\n原来的：相声茶馆周末场\n改成：周末来茶馆，笑一笑十年少\n副标题：每周六日 下午2点\n按钮：马上订座"
    expect_copy(brief, lexicon, title="周末来茶馆，笑一笑十年少", subtitle="每周六日 下午2点", cta="马上订座")
    # a labelled original line keeps its field
    brief = "原来的：标题“新人专享”\n修改后：标题“新人首单 立减8元”\n按钮：马上领券"
    assert copy_fields(brief, lexicon)["title"] == "新人首单 立减8元"


def test_selling_points_under_a_given_subtitle_print_small(lexicon: BriefLexicon) -> None:
    brief = "主标题：让你的婚礼不冷场\nSub: Professional Wedding MC Since 2012\n卖点：\n· 中英双语主持\n· 免费提供流程策划"
    expect_copy(brief, lexicon, title="让你的婚礼不冷场", subtitle="Professional Wedding MC Since 2012",
                body="· 中英双语主持\n· 免费提供流程策划")
    # with no other subtitle, the selling point is the subtitle
    brief = "标题：秋天的第一杯奶茶\n卖点：桂花乌龙 温暖上市\n按钮：立即下单"
    expect_copy(brief, lexicon, title="秋天的第一杯奶茶", subtitle="桂花乌龙 温暖上市", cta="立即下单")


def test_colour_services_and_counted_goods_are_copy(lexicon: BriefLexicon) -> None:
    brief = ("Headline: Your Handbag Deserves a Spa Day\n"
             "Subheadline: Cleaning, colour restoration and hardware polishing by trained artisans\nButton: Book Now")
    assert copy_fields(brief, lexicon)["subtitle"] == "Cleaning, colour restoration and hardware polishing by trained artisans"
    brief = "Headline: Spa Day\nSubheadline: Cleaning and polishing, colours from last month\nButton: Book Now"
    assert copy_fields(brief, lexicon)["subtitle"] == "Cleaning and polishing"
    brief = "Title：消防器材采购节\nSub：满10000元送 smoke detector ×5\nButton：Get a Quote"
    assert copy_fields(brief, lexicon)["subtitle"] == "满10000元送 smoke detector ×5"


def test_pointer_and_hyphen_separators_and_sub_under_a_headline(lexicon: BriefLexicon) -> None:
    brief = "弹窗\n大标题 ▶ 监控安装节 限时特惠\n副标题 ▶ 4路摄像头套装\n按钮 ▶ 立即预约"
    expect_copy(brief, lexicon, title="监控安装节 限时特惠", subtitle="4路摄像头套装", cta="立即预约")
    brief = "大标题: 国画装裱 8折\n按钮-马上领券"
    assert copy_fields(brief, lexicon)["cta"] == "马上领券"
    brief = "小王，app banner：\n主标题 Yoga in the Air\n副 零基础也能飞\nbutton 立即体验"
    expect_copy(brief, lexicon, title="Yoga in the Air", subtitle="零基础也能飞", cta="立即体验")
    # 副 heading a line that is not under the headline's is no label
    brief = "标题：空中瑜伽\n按钮：立即体验\n副 卡也能用"
    assert copy_fields(brief, lexicon).get("subtitle") is None


def test_contact_lines_and_kept_fields(lexicon: BriefLexicon) -> None:
    brief = "主标题：企业采购月\n副标题：单笔满5000元 额外返3%\n联系方式：采购热线 400-626-8899\n要A2尺寸"
    assert copy_fields(brief, lexicon)["body"] == "采购热线 400-626-8899"
    brief = "刚刚那张海报 标题换成：【道具也要有灵魂】，副标题还是：EVA道具 手工打磨 可发光，按钮删掉不要了"
    expect_copy(brief, lexicon, title="道具也要有灵魂", subtitle="EVA道具 手工打磨 可发光")
    brief = ("One more change — headline 'Wear your story' → 'Every piece tells a story'. "
             "Sub is fine ('Custom engraved sterling silver'). Button → 'Start your design'.")
    expect_copy(brief, lexicon, title="Every piece tells a story", subtitle="Custom engraved sterling silver",
                cta="Start your design")


def test_numbering_language_and_design_lines(lexicon: BriefLexicon) -> None:
    brief = "官网首页banner 文案：\n1）模块化展台 重复使用省50%\n2）铝型材系统 快装快拆\n3）按钮写 了解详情"
    expect_copy(brief, lexicon, title="模块化展台 重复使用省50%", subtitle="铝型材系统 快装快拆", cta="了解详情")
    brief = "[语音转文字] 那个banner哈，标题就用英文 Protect Your Crew，按钮 Get Bulk Pricing，就这些"
    assert copy_fields(brief, lexicon)["title"] == "Protect Your Crew"
    brief = "Title: Stay in a Courtyard\n副标题就用中文吧：三百年老宅 · 山间小院"
    assert copy_fields(brief, lexicon)["subtitle"] == "三百年老宅 · 山间小院"
    brief = "大标题：免费试打日\n小标题：20款新拍任你挑\n下方：\n3月16日 14:00-18:00\n地址：奥体中心3号场\n竖版，运动感强一点"
    assert copy_fields(brief, lexicon)["body"] == "3月16日 14:00-18:00\n地址：奥体中心3号场"


def test_asides_changes_and_buttons_said_in_english(lexicon: BriefLexicon) -> None:
    brief = "主标题：夏夜噪音计划\n按钮：立即购票（APP用）"
    assert copy_fields(brief, lexicon)["cta"] == "立即购票"
    brief = "主标题：夏夜噪音计划\n按钮：立即购票（限时）"
    assert copy_fields(brief, lexicon)["cta"] == "立即购票（限时）"
    brief = "Change the popup CTA from 'Book now' to 'Get 20% off my first visit' pls. Title stays 'Unwind'."
    expect_copy(brief, lexicon, title="Unwind", cta="Get 20% off my first visit")
    brief = "app popup: title 'Rink closed', sub 'We reopen Monday 9am.' and an OK button that just says 'Got it'"
    assert copy_fields(brief, lexicon)["cta"] == "Got it"


def test_voice_notes_put_one_more_line_at_the_bottom(lexicon: BriefLexicon) -> None:
    brief = "标题就是国庆特惠，然后小一点的字写全场邮册八折，然后再写一句满200包邮，嗯就行"
    expect_copy(brief, lexicon, title="国庆特惠", subtitle="全场邮册八折", body="满200包邮")
    brief = "标题就写 吃饱也能瘦 ，然后下面一行写 每份只有350大卡 ，然后底下写一下 首单立减20元 ，就这样"
    assert copy_fields(brief, lexicon)["body"] == "首单立减20元"
    # 写一下 glued to what the line is about talks about it
    brief = "标题“饭到了月卡 9.9元”\n小字写一下自动续费的事 不然又被投诉"
    assert copy_fields(brief, lexicon).get("body") != "自动续费的事 不然又被投诉"
    brief = "大标题就写 头发少不是你的错 然后按钮的话呃就写 预约面诊 吧，然后底下那个地址要放上去，地址是 杭州市文三路138号3楼 ，就这样"
    expect_copy(brief, lexicon, title="头发少不是你的错", cta="预约面诊", body="杭州市文三路138号3楼")
    brief = ("ok so headline is Back to School, Back to Bangs, and the button should just say Grab Yours, um, and put the "
             "little note Free shipping over $50 somewhere at the bottom, thanks")
    assert copy_fields(brief, lexicon)["body"] == "Free shipping over $50"
