"""Copy extraction for the round-232–235 ways of writing a brief (outside writers' text transcribed from photos and
screenshots, finance apps with compliance wording, games and fandoms, public services and non-profits): fine print
listed under a heading that asks for it to be printed (Must show underneath:, Pricing + note (must be on banner):,
补偿内容和有效期都放底部：), a long bracketed remark between a label and its colon, a legend that names the lines by
their order (第一句标题 第二句副标题…, the headline is the first line, 最後一句放底), copy telling the user their
application is under review (no copy still being reviewed), and more everyday labels (benefit line, 一句话介绍, 落款).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_lines_under_a_heading_that_asks_them_printed_are_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = ("Main line: Meet the Voices Behind Your Favorite Heroes\nButton: Add to Badge\n\n"
             "Pricing + note (must be on banner):\nSingle Autograph – $60\nPhoto Op – $85\n"
             "Autograph tickets require a valid badge. Guests subject to change.\n\n"
             "If it gets too crowded, drop the guest photos, not the pricing.")
    expect_copy(brief, lexicon, title="Meet the Voices Behind Your Favorite Heroes", cta="Add to Badge",
                body="Single Autograph – $60\nPhoto Op – $85\nAutograph tickets require a valid badge. Guests subject "
                     "to change.")
    brief = ("标题：维护补偿已发放\n副标题：感谢各位指挥官的耐心等待\n按钮：前往邮箱\n补偿内容和有效期都放底部：\n"
             "【钻石×500】【体力药剂×5】\n补偿邮件有效期7天，请及时领取")
    assert copy_fields(brief, lexicon)["body"] == "【钻石×500】【体力药剂×5】\n补偿邮件有效期7天，请及时领取"
    # a bracketed aside under the lines is the designer's, and a heading that asks nothing printed brings no lines
    brief = ("Headline: NOVA RAY: THE AFTERGLOW TOUR\nButton: Find Tickets\n\nLower third, in this order:\n"
             "Platinum · Floor · 100 Level\nPrices shown include fees.\n(the legal line is mandatory, don't shrink it)")
    assert copy_fields(brief, lexicon)["body"] == "Platinum · Floor · 100 Level\nPrices shown include fees."
    brief = "Headline: Spring Sale\nButton: Shop now\n\nReferences I like:\nthe Glossier spring page\nthe Aesop one"
    assert copy_fields(brief, lexicon)["body"] is None


def test_a_long_bracketed_remark_between_a_label_and_its_colon(lexicon: BriefLexicon) -> None:
    brief = ("Headline: Now earning 4.35% APY\nButton: Open an account\n\n"
             "Disclosures (legal was VERY specific, please paste exactly):\n"
             "APY is accurate as of 06/03/2024 and may change at any time.\nMember FDIC.\n\nBrand green, use the piggy.")
    assert copy_fields(brief, lexicon)["body"] == "APY is accurate as of 06/03/2024 and may change at any time.\nMember FDIC."


def test_a_legend_names_the_lines_by_their_order(lexicon: BriefLexicon) -> None:
    expect_copy("图书馆座位预约系统上线，APP弹窗文案：\n🔔 考研自习座位 可以提前预约了\n每天20:00开放次日座位预约\n去预约\n"
                "第一句标题 第二句副标题 第三个是按钮", lexicon, title="🔔 考研自习座位 可以提前预约了",
                subtitle="每天20:00开放次日座位预约", cta="去预约", body=None)
    expect_copy("公益跑 app popup 文案：\n「跑出希望」慈善跑 2025\n5公里 / 10公里 全民參與\n立即報名\n所有報名費用將撥捐兒童癌症基金。\n"
                "第一行做大標題，第二行副題，第三行按鈕，最後一句放底。", lexicon, title="「跑出希望」慈善跑 2025",
                subtitle="5公里 / 10公里 全民參與", cta="立即報名", body="所有報名費用將撥捐兒童癌症基金。")
    # the label names its line (标题就是第一行); a heading or the request above the lines is none of them
    brief = ("白板打字：\nPiano Exam Prep 钢琴考级集训\n1-10级 一对一\n寒假 1/20 开始\n"
             "海报中英都保留，标题就是第一行，副标题“1-10级 一对一”")
    assert copy_fields(brief, lexicon)["title"] == "Piano Exam Prep 钢琴考级集训"
    brief = ("need a banner for the bundle promo\nBundle home + auto and save up to 25%\nbutton = Get my quote\n"
             "(headline is the first line obviously)")
    assert copy_fields(brief, lexicon)["title"] == "Bundle home + auto and save up to 25%"
    brief = "小额免密支付开通弹窗\n“开通小额免密 付款更快一步”\n按钮“立即开通”\n第一句是标题。"
    assert copy_fields(brief, lexicon)["title"] == "开通小额免密 付款更快一步"


def test_copy_about_an_application_under_review_is_copy(lexicon: BriefLexicon) -> None:
    expect_copy("文案：\n您的信用卡申请正在审核中\n最快3个工作日出结果\n[查看进度]", lexicon,
                title="您的信用卡申请正在审核中", subtitle="最快3个工作日出结果", cta="查看进度")
    # the copy itself still under review gives none
    assert copy_fields("文案：\n文案还在审核中，明天给你", lexicon)["title"] is None


def test_more_everyday_labels(lexicon: BriefLexicon) -> None:
    expect_copy("headline: JOIN THE FAN PASS\nbenefit line: Exclusive behind-the-scenes, 10% off merch\nbutton: Join",
                lexicon, title="JOIN THE FAN PASS", subtitle="Exclusive behind-the-scenes, 10% off merch", cta="Join")
    expect_copy("主题：周六绘本故事会\n一句话介绍：每周六上午10点，少儿阅览室不见不散\n按钮：预约座位", lexicon,
                title="周六绘本故事会", subtitle="每周六上午10点，少儿阅览室不见不散", cta="预约座位")
    brief = "标题：停水通知\n正文：本小区6月18日暂停供水，请提前储水。\n按钮：我知道了\n落款：锦绣花园物业服务中心"
    assert copy_fields(brief, lexicon)["body"] == "本小区6月18日暂停供水，请提前储水。\n锦绣花园物业服务中心"
    # 落款 with no colon is a place on the page (落款下方请加一行小字：…), not the sender's name
    brief = "标题：把您的故事，留给家人\n落款下方请加一行小字：本服务完全免费。"
    assert copy_fields(brief, lexicon)["body"] == "本服务完全免费。"


def test_required_fine_print_and_lines_added_under_the_copy(lexicon: BriefLexicon) -> None:
    # the quote a compliance lead requires, with its remark that it stays word for word, is the copy
    brief = ("标题就写「新人开户 领60天免佣卡」\n按钮 马上开户\n"
             "风险提示必须加，合规原话：“市场有风险，投资需谨慎”，一个字都别改，放最底下灰色10号字")
    assert copy_fields(brief, lexicon)["body"] == "市场有风险，投资需谨慎"
    brief = "标题“水光补水季💧”，按钮“预约面诊”。小字必须加：“具体效果因人而异，请遵医嘱”。“不夸大不制造焦虑”那句不要。"
    assert copy_fields(brief, lexicon)["body"] == "具体效果因人而异，请遵医嘱"
    expect_copy("标题：全场基金申购费1折起\n按钮：去选基\n下面风险提示照常：基金有风险，投资需谨慎。", lexicon,
                title="全场基金申购费1折起", cta="去选基", body="基金有风险，投资需谨慎。")
    assert copy_fields("标题：保障+分红 双重守护\n按钮：查看详情\n必须放：分红水平不确定，保单红利可能为零。",
                       lexicon)["body"] == "分红水平不确定，保单红利可能为零。"
    brief = "主标题：招办老师在线答疑\n按钮：预约直播\n还要加一句：关注学校官方视频号不迷路\n颜色用校蓝"
    assert copy_fields(brief, lexicon)["body"] == "关注学校官方视频号不迷路"
    # a line added that places a thing is none
    assert copy_fields("主标题：招办老师在线答疑\n还要加一句：二维码放右下角", lexicon)["body"] is None


def test_the_words_of_a_board_or_a_note_typed_out_are_the_copy(lexicon: BriefLexicon) -> None:
    expect_copy("店员白板上写的：\n晚8点后 全场面包 买二送一\n当天现烤 不隔夜\n——照这个做张A4贴玻璃门上", lexicon,
                title="晚8点后 全场面包 买二送一", subtitle="当天现烤 不隔夜", cta=None, body=None)
    # the lines quoted as one: the quote opens the first line and closes the last
    expect_copy("Chalkboard at the market entrance (typed by Sam):\n'FALL HARVEST FEST\nPumpkin patch · cider\n"
                "Sat Oct 19 · 8am–1pm\nElm St lot — free parking'\nA2 poster. All text as on the board.", lexicon,
                title="FALL HARVEST FEST", subtitle="Pumpkin patch · cider",
                body="Sat Oct 19 · 8am–1pm\nElm St lot — free parking")


def test_copy_lines_a_blank_line_apart_above_the_button(lexicon: BriefLexicon) -> None:
    brief = ("hi design team,\ncould you do a quick donation popup? Here's what we've agreed with the trustees:\n\n"
             "A Gift for Every Child\n\nDonate a new toy or give £15 and we'll buy one for a child in care.\n\n"
             "Button: Give a Gift\n\nSmall print: Registered charity no. 1098765.\n\nMany thanks!\nSophie")
    expect_copy(brief, lexicon, title="A Gift for Every Child",
                subtitle="Donate a new toy or give £15 and we'll buy one for a child in care.", cta="Give a Gift",
                body="Registered charity no. 1098765.")
    # paragraphs of the request are no copy lines: no heading closes them
    brief = ("hi design team,\n\nwe need a donation popup for the appeal.\n\nthe trustees signed off yesterday.\n\n"
             "Button: Give a Gift")
    assert copy_fields(brief, lexicon)["title"] is None


def test_counts_of_goods_and_a_field_named_after_its_quote(lexicon: BriefLexicon) -> None:
    # a count after the goods' own noun or their game brackets is the offer's, not a count of posters
    expect_copy("专辑预售banner 文案如下👇\nNOVA-X 3RD MINI ALBUM [ECLIPSE]\n预售开启｜购买即送随机特典小卡1张\n立即预订", lexicon,
                title="NOVA-X 3RD MINI ALBUM [ECLIPSE]", subtitle="预售开启｜购买即送随机特典小卡1张", cta="立即预订")
    brief = "主：指挥官，欢迎回来！\n副：回归7日内登录，领取【回归补给箱】×7\n按钮：立即领取"
    assert copy_fields(brief, lexicon)["subtitle"] == "回归7日内登录，领取【回归补给箱】×7"
    assert copy_fields("标题：春季上新\n副标题：新品上市，做3张海报", lexicon)["subtitle"] == "新品上市"
    # 「…」是标题: right after its quote, 是 names the field; unquoted words before 就是 name lines, no copy
    expect_copy("听书会员拉新弹窗，麻烦做一下：\n「新用户首月1元」是标题\n「全站有声书畅听，主播原声演绎」副标题\n按钮「1元开通」",
                lexicon, title="新用户首月1元", subtitle="全站有声书畅听，主播原声演绎", cta="1元开通")
    brief = "弹窗：\n「沉浸式VR演唱会」\n戴上设备，第一排看TA\n立即体验\n\n这几行就是标题、副标题、按钮，没别的字了。"
    assert copy_fields(brief, lexicon)["title"] == "沉浸式VR演唱会"


def test_a_field_taken_back_then_the_words_used_instead(lexicon: BriefLexicon) -> None:
    brief = ("Title: 0% Intro APR on Balance Transfers\nSub: Move your balance and pay it down faster\n"
             "CTA: Check if you're eligible\n\nActually scratch that CTA — compliance doesn't want \"eligible\" on "
             "anything pre-approval. Use \"See your offer\" instead.")
    expect_copy(brief, lexicon, title="0% Intro APR on Balance Transfers",
                subtitle="Move your balance and pay it down faster", cta="See your offer")
    # (the subtitle stays: "offer", a label's word, closes the quote "See your offer" and labels nothing)



def test_a_key_of_numbered_lines_whose_last_says_where_it_goes(lexicon: BriefLexicon) -> None:
    # (4 = small text at the bottom): "at the bottom" places line 4, it names no fifth field
    lines = ("Copy for the square tile:\n1. Join the Circle\n2. Members get weekly practice rooms & 10% off instruments\n"
             "3. Become a member\n4. Annual membership £120. Student rate available.\n")
    expect_copy(lines + "(1 = headline, 2 = supporting line, 3 = button, 4 = small text at the bottom)", lexicon,
                title="Join the Circle", subtitle="Members get weekly practice rooms & 10% off instruments",
                cta="Become a member", body="Annual membership £120. Student rate available.")
    # a place after the label in Chinese too (4 = 小字放在底部)
    assert copy_fields(lines + "(1 = 标题, 2 = 副标题, 3 = 按钮, 4 = 小字 放在底部)", lexicon)["cta"] == "Become a member"
