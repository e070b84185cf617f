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
