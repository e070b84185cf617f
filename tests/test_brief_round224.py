"""Copy extraction for the round-224–227 ways of writing a brief (outside writers' APP growth popups, festival
campaigns for brands, English in-house creative briefs, education / finance / travel / car ads): a creative brief's
strategy sections (OBJECTIVE, Key message — …), a reviewer's change under or beside a labelled line (// 客户：改成 …,
（改成“…”）), a table whose header names each column's limit, a numbered list of popups of which the brief makes one,
options marked A版 / B版 and picked in the heading, copy left to the designer in a few more words, curly quotes typed
the wrong way round, and two buttons side by side.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_creative_briefs_strategy_sections_hold_no_copy(lexicon: BriefLexicon) -> None:
    brief = ("OBJECTIVE\nConvert cart abandoners during the 24h window.\n\nAUDIENCE\nApp users with items in cart.\n\n"
             "KEY MESSAGE\nOur biggest discount of the year, only for 24 hours.\n\nCOPY\n"
             "Headline: 24 hours. 30% off. Everything.\nSupporting line: Our best deal of the year ends at midnight PT.\n"
             "CTA: Complete my order")
    expect_copy(brief, lexicon, title="24 hours. 30% off. Everything.",
                subtitle="Our best deal of the year ends at midnight PT.", cta="Complete my order")
    brief = ("Objective — 1,500 registrations.\nAudience — Shopify merchants.\n"
             "Key message — Learn what the fastest-growing brands did differently.\n\n"
             "Headline: The DTC Playbook for 2025\nCTA: Get my free ticket")
    expect_copy(brief, lexicon, title="The DTC Playbook for 2025", cta="Get my free ticket")
    # a section heading right over the labelled copy heads it; Key message alone is still the headline
    brief = ("## Objective\nDrive downloads.\n\n## Key message\n**Headline:** One pass. Every ride.\n**CTA:** Get your pass\n\n"
             "## Mandatories\nPrices valid from 1 Oct 2024.")
    expect_copy(brief, lexicon, title="One pass. Every ride.", cta="Get your pass", body="Prices valid from 1 Oct 2024.")
    assert copy_fields("Key message: Banking that moves with you. Button: Open an account", lexicon)["title"] \
        == "Banking that moves with you"
    # without a labelled subtitle, an offer after the headline's stop is still the line under it
    assert copy_fields("Headline: One day. 30% off.\nCTA: Shop", lexicon)["subtitle"] == "30% off"


def test_a_reviewers_change_corrects_the_line_it_is_under(lexicon: BriefLexicon) -> None:
    brief = ("Headline: Jingle All the Way to Rewards\n// 客户：OK\nSub: Earn 3X points on all holiday spending\n"
             "// 客户：改成 Earn 3X points on dining this December\nCTA: Learn More\n// 客户：改成 Start Earning")
    expect_copy(brief, lexicon, title="Jingle All the Way to Rewards", subtitle="Earn 3X points on dining this December",
                cta="Start Earning")
    brief = "主标题：这杯敬青春（好）\n副标题：毕业生专享 任意饮品7折（改成“凭学生证 任意饮品7折”）\n按钮：去领券（好）"
    expect_copy(brief, lexicon, title="这杯敬青春", subtitle="凭学生证 任意饮品7折", cta="去领券")
    # a comment that changes nothing leaves the line as it is
    brief = "标题：妈妈的美，不止一面\n→ 客户：保留\n按钮：送给妈妈\n→ 客户：OK"
    expect_copy(brief, lexicon, title="妈妈的美，不止一面", cta="送给妈妈")


def test_a_tables_column_limits_and_the_variant_built(lexicon: BriefLexicon) -> None:
    brief = ("Name\tHeadline (max 30)\tSubhead (max 60)\tCTA (max 18)\n"
             "VIP early access\tYou're on the list, VIP\tShop the sale 24 hours early\tStart shopping")
    expect_copy(brief, lexicon, title="You're on the list, VIP", subtitle="Shop the sale 24 hours early", cta="Start shopping")
    brief = ("Build Variant B only, A is the control.\n\nVariant\tHeadline\tCTA\nA (control)\tGet 15% off\tSign up\n"
             "B\tYour skin, but better\tTake the quiz")
    expect_copy(brief, lexicon, title="Your skin, but better", cta="Take the quiz")
    # naming no row, the first is made
    brief = "Variant\tHeadline\tCTA\nA\tGet 15% off\tSign up\nB\tYour skin, but better\tTake the quiz"
    expect_copy(brief, lexicon, title="Get 15% off", cta="Sign up")


def test_the_popup_of_a_list_the_brief_makes(lexicon: BriefLexicon) -> None:
    brief = ("618弹窗文案汇总（本次只需要做第2个，其他下周排）\n1. 首页开屏：618狂欢开始 / 全场低至5折 / 去逛逛\n"
             "2. 话费充值弹窗：618话费节 / 充50送5，每人限1次 / 立即充值\n3. 签到弹窗：签到领红包 / 最高可得66元 / 去签到")
    expect_copy(brief, lexicon, title="618话费节", subtitle="充50送5，每人限1次", cta="立即充值")
    brief = ("签到改版的弹窗文案：\n【弹窗1-签到成功】标题：签到成功 +10积分｜按钮：好的\n"
             "【弹窗2-补签卡】标题：断签了？用补签卡续上｜按钮：使用补签卡\n这次设计只做弹窗2，其他复用旧样式。")
    expect_copy(brief, lexicon, title="断签了？用补签卡续上", cta="使用补签卡")
    # without a pick, the list is read as before: its first item
    brief = "1. 首页开屏：618狂欢开始 / 全场低至5折 / 去逛逛\n2. 话费充值弹窗：618话费节 / 充50送5 / 立即充值"
    assert copy_fields(brief, lexicon)["title"] != "618话费节"


def test_options_picked_by_version_letter(lexicon: BriefLexicon) -> None:
    brief = "充值弹窗 AB两版文案，老板选了B，按B做：\nA：充100得105｜限时加赠5元话费\nB：充话费享95折｜三网都能充\n按钮统一：马上充值"
    expect_copy(brief, lexicon, title="充话费享95折", subtitle="三网都能充", cta="马上充值")
    brief = "积分商城弹窗标题两版：\nA版：你的积分可以换这些好礼\nB版：1积分也能换好礼\n数据组说A版好，用A。副标题：“热门好物每日更新”，按钮：“去看看”"
    expect_copy(brief, lexicon, title="你的积分可以换这些好礼", subtitle="热门好物每日更新", cta="去看看")


def test_copy_left_to_the_designer(lexicon: BriefLexicon) -> None:
    for brief in ("车贷弹窗，主推“0首付、低月供”这个方向，文案你们先帮忙想两三版，我挑一下。",
                  "端午海报下周要，文案我这边还没想好，你们帮忙写个标题和副标题，主推咸蛋黄肉粽，38元2只",
                  "夏令营海报，卖点是小班教学、乐高机器人，文案你们看着写，风格活泼一点。",
                  "国庆弹窗这次文案你们先写几版给我挑吧，按钮引导去小程序下单",
                  "Asana: \"Newsletter modal – refresh\"\nDescription: explore 2-3 directions, write your own copy."):
        assert not any(copy_fields(brief, lexicon).values()), brief
    # the copy the brief does give stays: a button written out, a headline fixed before "the rest is not ready"
    assert copy_fields("海报按钮写 立即报名，其他文案你们看着写", lexicon)["cta"] == "立即报名"
    brief = "周年庆海报，大标题先定「三周年，谢谢你每天的陪伴」，其他的文案我还没想好，你们先空着"
    assert copy_fields(brief, lexicon)["title"] == "三周年，谢谢你每天的陪伴"


def test_a_chat_that_asks_for_the_poster_and_its_words(lexicon: BriefLexicon) -> None:
    brief = "姐妹帮个忙 做个海报 写 悦馨月子会所 春季签约季 然后下面写 3月签约享8.8折 然后二维码那里写 长按识别 预约看房"
    expect_copy(brief, lexicon, title="悦馨月子会所 春季签约季", subtitle="3月签约享8.8折", cta="长按识别 预约看房")
    # 二维码那里 before a design remark places nothing
    assert not copy_fields("二维码那里放大一点", lexicon)["cta"]


def test_a_typo_or_a_retraction_corrects_the_field(lexicon: BriefLexicon) -> None:
    brief = "标题：纯电SUV 限实尊享价\n按钮：立即订购\n等下 标题打错了 是 纯电SUV 限时尊享价"
    expect_copy(brief, lexicon, title="纯电SUV 限时尊享价", cta="立即订购")
    brief = "语音：国庆海报标题写国庆快乐咖啡半价，啊不对不对半价不行，写国庆快乐 咖啡第二杯半价，然后副标题就写10月1日到3日全国门店"
    expect_copy(brief, lexicon, title="国庆快乐 咖啡第二杯半价", subtitle="10月1日到3日全国门店")


def test_quotes_typed_the_wrong_way_round_and_two_buttons(lexicon: BriefLexicon) -> None:
    brief = "话费弹窗 标题 ”话费充值满100减3“ 副标 “三网通用 极速到账” 按钮 “立即充值”"
    expect_copy(brief, lexicon, title="话费充值满100减3", subtitle="三网通用 极速到账", cta="立即充值")
    assert copy_fields("标题：温馨提示\n按钮：同意 | 暂不使用", lexicon)["cta"] == "同意"
    assert copy_fields("Title: New version\nButton: Update now / Not now", lexicon)["cta"] == "Update now"
    # a button in two languages is one button
    assert copy_fields("Title: Sale\nButton: 立即抢购 / Shop now", lexicon)["cta"] == "立即抢购 / Shop now"


def test_lines_named_by_size_number_or_place(lexicon: BriefLexicon) -> None:
    brief = ("Big title - Drive The Future Today\nSmall title - Free test drive for the first 50 guests\n"
             "QR code text - Scan to book")
    expect_copy(brief, lexicon, title="Drive The Future Today", subtitle="Free test drive for the first 50 guests",
                cta="Scan to book")
    brief = ("Headline: Welcome to the Club\nSub: Join Harbor Rewards today.\nNext to QR code: Scan to Join\n"
             "Date/time line: Thursday, 14 November · 11:00 AM ET")
    expect_copy(brief, lexicon, title="Welcome to the Club", subtitle="Join Harbor Rewards today.", cta="Scan to Join",
                body="Thursday, 14 November · 11:00 AM ET")
    # a key to numbered lines (line 2 = small text) still names the small text
    brief = ("Maintenance popup, copy in order (line 1 = title, line 2 = small text under it, line 3 = button):\n"
             "Scheduled Maintenance\nThe app will be unavailable Sat, June 8.\nGot It")
    expect_copy(brief, lexicon, title="Scheduled Maintenance", body="The app will be unavailable Sat, June 8.", cta="Got It")
    brief = ("Title 用：AI绘画入门\n按钮：Join Now\n底下放上课时间 每晚20:00 腾讯会议直播")
    expect_copy(brief, lexicon, title="AI绘画入门", cta="Join Now", body="每晚20:00 腾讯会议直播")
    brief = ("主文案：一年最低136元\n按钮：立即投保\n注意！！！以下这段必须完整放在底部，一个字都不能改：\n"
             "本产品由安康人寿承保，详见保险条款。\n谢谢")
    expect_copy(brief, lexicon, title="一年最低136元", cta="立即投保", body="本产品由安康人寿承保，详见保险条款。")


def test_an_english_review_changes_the_field_it_names(lexicon: BriefLexicon) -> None:
    brief = ('- Headline changed from "Work smarter, not harder" (too cliché) to "Close your books 3x faster"\n'
             '- Sub stays: "Automated reconciliation for finance teams"')
    expect_copy(brief, lexicon, title="Close your books 3x faster", subtitle="Automated reconciliation for finance teams")
    brief = 'The headline "Happy Birthday!" works — keep it.\n\nButton was "Shop now" — change to "Use my reward".'
    expect_copy(brief, lexicon, title="Happy Birthday!", cta="Use my reward")
    brief = '• Title is good ("Customer Retention in a Cookieless World")\n• CTA "Join" → "Save your spot"'
    expect_copy(brief, lexicon, title="Customer Retention in a Cookieless World", cta="Save your spot")
    # a button that only was something, with no change, gives nothing new
    assert copy_fields('Title: Summer\nButton was "Shop now", we liked it.', lexicon)["cta"] is None


def test_a_quoted_line_that_speaks_to_the_reader_is_copy(lexicon: BriefLexicon) -> None:
    brief = ('Here\'s the copy for the popup:\n\n"Don\'t let your points go to waste"\n'
             '"You have {points} points expiring on {date}. Use them on your next order."\n[Redeem now]')
    expect_copy(brief, lexicon, title="Don't let your points go to waste",
                subtitle="You have {points} points expiring on {date}. Use them on your next order.", cta="Redeem now")
