"""Copy extraction for the round-192–199 ways of writing a brief (outside writers' flower shops, tea houses, rental
wheelchairs, plumbers, vinyl records, printers, martial arts, piano shops, law firms, banks, cabinets, street food …):
a field changed inside its own value (标题：从「A」改成「B」 / 标题：A 改成 B), 原 title / 新 title, a field kept as
it was (副标题还是原来那个“…”不变, Subtitle is fine as it was ("…")), a place word at a line's end before the next
line's label, 副的写 and 八八折 in a voice note, a verb and a noun naming an event (Open Day), a copy heading that
points below, a round of changes glued to 文案, a contact line with its number after a bar, machine vision as a
course's subject, and a pin or a purpose placed at the bottom with its words.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_field_changed_inside_its_own_value(lexicon: BriefLexicon) -> None:
    brief = "弹窗再改一下：\n标题：从「秋茶上新」改成「一口秋香，满杯回甘」\n按钮：「立即品鉴」"
    expect_copy(brief, lexicon, title="一口秋香，满杯回甘", cta="立即品鉴")
    brief = "标题：口语陪练 改成 外教口语 一对一陪练\n按钮：预约试听"
    expect_copy(brief, lexicon, title="外教口语 一对一陪练", cta="预约试听")
    brief = "标题：从春季招生改成暑期班招生\n按钮：立即报名"
    expect_copy(brief, lexicon, title="暑期班招生", cta="立即报名")
    # 改成 glued inside the words, with no 从 before it, is the copy's own verb
    brief = "标题：旧房改成新家只要30天\n按钮：免费量房"
    expect_copy(brief, lexicon, title="旧房改成新家只要30天", cta="免费量房")


def test_old_and_new_labels(lexicon: BriefLexicon) -> None:
    brief = "原标题：滑雪季卡8折\n新标题：雪季通票 早鸟价1999\n按钮：马上抢票"
    expect_copy(brief, lexicon, title="雪季通票 早鸟价1999", cta="马上抢票")
    brief = "Old headline: Ski More, Pay Less\nNew headline: Season Passes Are Back\nButton: Get Your Pass"
    expect_copy(brief, lexicon, title="Season Passes Are Back", cta="Get Your Pass")
    # a single "New" headline is still the headline
    brief = "New headline: Fresh Powder Weekend\nButton: Book Lessons"
    expect_copy(brief, lexicon, title="Fresh Powder Weekend", cta="Book Lessons")


def test_a_field_kept_as_it_was(lexicon: BriefLexicon) -> None:
    brief = "标题改成：一把好锁，一家安心\n副标题还是原来那个“上门安装 免费换芯”不变\n按钮：预约上门"
    expect_copy(brief, lexicon, title="一把好锁，一家安心", subtitle="上门安装 免费换芯", cta="预约上门")
    brief = ('Two changes:\n1. Title should read "Spin It Again"\n2. Button: "Browse Crates"\n'
             'Subtitle is fine as it was ("Used vinyl from $5").')
    expect_copy(brief, lexicon, title="Spin It Again", subtitle="Used vinyl from $5", cta="Browse Crates")
    # the old version named only to be replaced stays off the poster
    brief = "副标题之前那个“上门安装”不用了\n标题：一把好锁"
    assert not copy_fields(brief, lexicon)["subtitle"]
    brief = "副标题“上门安装”不用了\n标题：一把好锁"
    expect_copy(brief, lexicon, title="一把好锁")


def test_a_place_word_at_a_line_end_stays_with_its_line(lexicon: BriefLexicon) -> None:
    brief = "Title：陶艺体验课\nSub：老板是景德镇长大的\n底部：📍中山路8号"
    expect_copy(brief, lexicon, title="陶艺体验课", subtitle="老板是景德镇长大的", body="📍中山路8号")
    # glued to the label, the place still says where the label's line goes
    brief = "标题：开业大吉 副标题写开业三天全场五折最下面小字写每桌限用一张"
    fields = copy_fields(brief, lexicon)
    assert fields["body"] == "每桌限用一张" and fields["subtitle"] == "开业三天全场五折"


def test_a_voice_notes_secondary_line_and_a_two_digit_discount(lexicon: BriefLexicon) -> None:
    brief = "【语音】嗯那个，海报啊，标题就写烤鱼店开业啦，然后副的写全场八八折，然后底下写地址"
    expect_copy(brief, lexicon, title="烤鱼店开业啦", subtitle="全场八八折")
    brief = "海报：标题：周年庆\n副标题：会员八点八折"
    assert copy_fields(brief, lexicon)["subtitle"] == "会员八点八折"


def test_an_event_named_by_a_verb_and_a_noun_is_no_button(lexicon: BriefLexicon) -> None:
    brief = ("Poster — open house\nHeadline | Spring Open House\nSubhead | Tour the studio, meet the teachers\n"
             "Details | Sat 12 April, 10am–2pm")
    fields = copy_fields(brief, lexicon)
    assert not fields["cta"] and fields["title"] == "Spring Open House"
    brief = "Headline: Open Day at the Dojo\nButton: Book a Trial"
    expect_copy(brief, lexicon, title="Open Day at the Dojo", cta="Book a Trial")
    # the verb alone, or with its object, is still a button
    brief = "Headline: The Shop Is Back\nButton: Open the App"
    assert copy_fields(brief, lexicon)["cta"] == "Open the App"


def test_a_copy_heading_that_points_below(lexicon: BriefLexicon) -> None:
    brief = "月饼 IG post — 文案 below\n\n“Mid-Autumn Gift Box”\n“蛋黄 / 莲蓉 / 五仁 三味礼盒 $28”\n\nno button"
    expect_copy(brief, lexicon, title="Mid-Autumn Gift Box", subtitle="蛋黄 / 莲蓉 / 五仁 三味礼盒 $28")
    brief = "标题 Below Zero 冰淇淋\n按钮 去尝鲜"
    assert copy_fields(brief, lexicon)["title"] == "Below Zero 冰淇淋"


def test_a_round_of_changes_glued_to_the_copy_heading(lexicon: BriefLexicon) -> None:
    brief = "弹窗文案再改一版：标题还是「新股申购提醒」，副标题用「今日有3只新股可申购」。"
    expect_copy(brief, lexicon, title="新股申购提醒", subtitle="今日有3只新股可申购")
    brief = "文案重新改了：\n标题：理财节\n按钮：去看看"
    expect_copy(brief, lexicon, title="理财节", cta="去看看")


def test_a_contact_after_a_bar_stays_in_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "标题：品鉴之夜\n底部：11月3日 19:30 | 琴行三楼 | RSVP 021-6123 4567"
    expect_copy(brief, lexicon, title="品鉴之夜", body="11月3日 19:30 | 琴行三楼 | RSVP 021-6123 4567")
    brief = "Headline: Piano Night\nSmall print: Nov 3, 7:30pm | Hall 3 | Call 555-014-8899"
    expect_copy(brief, lexicon, title="Piano Night", body="Nov 3, 7:30pm | Hall 3 | Call 555-014-8899")
    # a button after the bar, with no number, still ends a headline
    brief = "标题：品鉴之夜 | Book now"
    assert copy_fields(brief, lexicon)["title"] == "品鉴之夜"


def test_machine_vision_is_a_courses_subject(lexicon: BriefLexicon) -> None:
    brief = "Headline：AI 机器人课\nSub：让孩子玩转 AI 视觉识别\nButton：抢先体验"
    expect_copy(brief, lexicon, title="AI 机器人课", subtitle="让孩子玩转 AI 视觉识别", cta="抢先体验")
    brief = "标题：机器人编程课 视觉用蓝紫色"
    assert copy_fields(brief, lexicon)["title"] == "机器人编程课"


def test_a_pin_or_a_purpose_placed_at_the_bottom(lexicon: BriefLexicon) -> None:
    brief = "大字：煎饼天花板！\n小字：排队也值得\n底下加个 📍成都·宽窄巷子18号\n字体可爱一点"
    expect_copy(brief, lexicon, title="煎饼天花板！", subtitle="排队也值得", body="📍成都·宽窄巷子18号")
    brief = "语音转文字：标题就写‘年味到家’，然后下面写‘老字号 手工年糕’，最下面放电话订购 0574-8888 6666，好，就这样"
    expect_copy(brief, lexicon, title="年味到家", subtitle="老字号 手工年糕", body="电话订购 0574-8888 6666")
    # the bottom holding a thing, not words, is no copy
    brief = "标题：年味到家\n底下加个二维码"
    assert not copy_fields(brief, lexicon)["body"]


def test_a_design_line_ends_the_fine_print_block(lexicon: BriefLexicon) -> None:
    brief = "大标题：老园丁都在用\n底部小字：\n本店地址：花木城A-06\n营业时间：8:00-18:00\n尺寸60×90cm"
    expect_copy(brief, lexicon, title="老园丁都在用", body="本店地址：花木城A-06\n营业时间：8:00-18:00")
    brief = "大标题：防水做得好\n底部：\n门店地址：建材市场B区12号\n咨询热线：400-820-1234\n照片用工人刷涂料那张"
    assert copy_fields(brief, lexicon)["body"] == "门店地址：建材市场B区12号\n咨询热线：400-820-1234"
    # the fine print's own lines stay
    brief = "大标题：新款窗帘\n小字：\n每人限购2件\n活动解释权归本店所有"
    assert copy_fields(brief, lexicon)["body"] == "每人限购2件\n活动解释权归本店所有"


def test_a_button_drawn_as_a_box_and_the_lines_after_it(lexicon: BriefLexicon) -> None:
    brief = ("Final copy:\n\nNever Miss a Refill\nSave 10% on every repeat order\n[Start Subscription]\n"
             "Cancel anytime. Discount applies to eligible items only.\n\nThanks!")
    expect_copy(brief, lexicon, title="Never Miss a Refill", subtitle="Save 10% on every repeat order",
                cta="Start Subscription", body="Cancel anytime. Discount applies to eligible items only.")
    brief = ("poster for our drum class\nLITTLE DRUMMERS\nages 6-9 · 4 weeks\nBook a seat\n"
             "Aug 5–9, 10am–12pm. Sticks provided.\nno red please")
    expect_copy(brief, lexicon, title="LITTLE DRUMMERS", subtitle="ages 6-9 · 4 weeks", cta="Book a seat",
                body="Aug 5–9, 10am–12pm. Sticks provided.")
    # a note about the job after the button is the brief's
    brief = "新人弹窗\n新人专享 1分钱喝奶茶\n注册即领 全国门店通用\n立即领取\n尽快哈 明天上线"
    assert not copy_fields(brief, lexicon)["body"]


def test_lines_named_by_their_facts_and_a_closing_rule(lexicon: BriefLexicon) -> None:
    brief = "主文案：一盏明前茶\n按钮：到店品鉴\n地址那行：龙井路27号 · 10:00-22:00\n底色用米白"
    expect_copy(brief, lexicon, title="一盏明前茶", cta="到店品鉴", body="龙井路27号 · 10:00-22:00")
    brief = "需求：朋友圈海报\n---\n大标题 | 色扬鱼粮\n按钮 | 长按识别二维码\n小字 | 图片仅供参考 效果因个体而异\n---\n尺寸 1080*1920"
    expect_copy(brief, lexicon, title="色扬鱼粮", cta="长按识别二维码", body="图片仅供参考 效果因个体而异")
    brief = "【大标题】阳台改阳光房\n【底部信息】展厅地址：新华路99号 营业时间：9:00-18:00"
    expect_copy(brief, lexicon, title="阳台改阳光房", body="展厅地址：新华路99号 营业时间：9:00-18:00")


def test_a_button_kept_and_a_spoken_first_label(lexicon: BriefLexicon) -> None:
    brief = "标题改一下，改成《冬天别让多肉冻着》\n按钮还是去购买\n之前说的小字不要了"
    expect_copy(brief, lexicon, title="冬天别让多肉冻着", cta="去购买")
    brief = "OK so headline, Don't Let Rust Win. Sub, Marine-grade screws. Button, Get a Quote. Use the boat photo."
    expect_copy(brief, lexicon, title="Don't Let Rust Win", subtitle="Marine-grade screws", cta="Get a Quote")
    # a list of the fields' names is no copy
    brief = "Headline, subtitle, CTA below please"
    assert not copy_fields(brief, lexicon)["title"]


def test_a_request_only_the_reader_can_do_and_a_quoted_line(lexicon: BriefLexicon) -> None:
    brief = "Title: 无人机飞防\nSub：一天作业300亩，请提前3天预约\nCTA: 预约飞防"
    expect_copy(brief, lexicon, title="无人机飞防", subtitle="一天作业300亩，请提前3天预约", cta="预约飞防")
    brief = "Title: 无人机飞防\nSub：一天作业300亩，请用绿色背景"
    assert copy_fields(brief, lexicon)["subtitle"] == "一天作业300亩"
    brief = "大标题写'同传设备租赁'，然后下面写一行'会议口译 请提前7天预约'，然后最下面放电话"
    expect_copy(brief, lexicon, title="同传设备租赁", subtitle="会议口译 请提前7天预约")
