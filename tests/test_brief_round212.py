"""Copy extraction for the round-212–215 ways of writing a brief (outside writers' police anti-fraud posters, blood
drives, nail bars, SaaS popups, conference posters, cross-border sellers, airlines, B2B and regulated trades): the line
by a QR code is the button (二维码旁边：…, 扫码区：…, QR label: …, 放二维码，写「…」), a stock count after a blank
(仅剩 300 张), fine print named as a reminder or by its size (提醒文字：…, Small words - …, On the bottom please write:),
日期地点那行, a JSON config read as JSON, a table pasted without its outer bars, and 是 spoken between blanks.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_the_line_by_a_qr_code_is_the_button(lexicon: BriefLexicon) -> None:
    brief = "主标题：从0到1 做亚马逊\n副标题：21天实操陪跑\n二维码旁边：扫码进群领资料包\n底部：主办：深圳跨境学院"
    expect_copy(brief, lexicon, title="从0到1 做亚马逊", subtitle="21天实操陪跑", cta="扫码进群领资料包",
                body="主办：深圳跨境学院")
    assert copy_fields("标题：开卡礼\n二维码文案：扫码申请 Scan to apply", lexicon)["cta"] == "扫码申请 Scan to apply"
    assert copy_fields("标题：开学反诈\n扫码区：扫码加入反诈群", lexicon)["cta"] == "扫码加入反诈群"
    assert copy_fields("标题 Become an Affiliate\n扫码处文字 Scan to Apply", lexicon)["cta"] == "Scan to Apply"
    assert copy_fields("Title: Walk for Smiles\nQR label: Scan to join 立即報名", lexicon)["cta"] == "Scan to join 立即報名"
    # the small line under a QR code stays the fine print, and "QR:" alone says where the code goes or leads
    brief = "标题：夏日美甲\n右下角放二维码，二维码下面小字：扫码预约不用排队"
    assert copy_fields(brief, lexicon)["body"] == "扫码预约不用排队"
    assert copy_fields("Title: Open House\nQR: links to the listing page", lexicon)["cta"] is None


def test_a_qr_code_placed_then_words_written_beside_it(lexicon: BriefLexicon) -> None:
    brief = "标题：“三不一多”牢记心\n右下角放二维码，写『扫码下载国家反诈中心APP』\n落款就用所里的警徽"
    expect_copy(brief, lexicon, title="“三不一多”牢记心", cta="扫码下载国家反诈中心APP")
    brief = "主题是 “O型血告急” 下面写 “近期临床用血紧张” 然后放一个二维码 旁边写 “扫码查看献血点” 谢谢老师"
    expect_copy(brief, lexicon, title="O型血告急", subtitle="近期临床用血紧张", cta="扫码查看献血点")
    # a QR code only placed, no words for it
    assert copy_fields("标题：夏日美甲\n右下角放二维码，颜色用粉色", lexicon)["cta"] is None


def test_a_stock_count_after_a_blank_stays_in_the_copy(lexicon: BriefLexicon) -> None:
    brief = "主标题：DevSummit 2025\n副标题：早鸟票限时 7 折，仅剩 300 张\nCTA：立即抢票"
    expect_copy(brief, lexicon, title="DevSummit 2025", subtitle="早鸟票限时 7 折，仅剩 300 张", cta="立即抢票")
    assert copy_fields("标题：夏日特惠 每人限 2 张", lexicon)["title"] == "夏日特惠 每人限 2 张"
    # a count alone after the copy asks for posters
    assert copy_fields("标题：夏日特惠 3张", lexicon)["title"] == "夏日特惠"


def test_fine_print_named_as_a_reminder_or_by_its_size(lexicon: BriefLexicon) -> None:
    brief = "▶ 标题：高薪兼职背后可能是诈骗\n▶ 按钮：查看真实案例\n▶ 提醒文字：如接到可疑电话，请拨打全国反诈专线96110"
    expect_copy(brief, lexicon, title="高薪兼职背后可能是诈骗", cta="查看真实案例", body="如接到可疑电话，请拨打全国反诈专线96110")
    brief = "Main title - Back to School Sale\nButton - Grab It Now\nSmall words - Offer valid 8/20. Cannot combine with coupon."
    expect_copy(brief, lexicon, title="Back to School Sale", cta="Grab It Now",
                body="Offer valid 8/20. Cannot combine with coupon.")
    brief = "Title: Forklift License in 5 Days\nOn the bottom please write: Next class starts 3 June. Fee: RM 850."
    assert copy_fields(brief, lexicon)["body"] == "Next class starts 3 June. Fee: RM 850."
    brief = "title: CloudCon Asia 2025\n按钮：Get Tickets\n日期地点那行：11月6–8日 · 新加坡滨海湾金沙会展中心"
    assert copy_fields(brief, lexicon)["body"] == "11月6–8日 · 新加坡滨海湾金沙会展中心"


def test_a_json_config_is_read_as_json(lexicon: BriefLexicon) -> None:
    brief = ('运营给的配置：\n{"popup_id":"gh_0712","title":"版号已下发 公测定档8月8日","sub_title":"全平台预约人数突破300万",'
             '"btn":"立即预约","desc":"预约即送：限定时装「夏夜流萤」×1","show_times":1}\n按这个出图，desc放按钮上方')
    expect_copy(brief, lexicon, title="版号已下发 公测定档8月8日", subtitle="全平台预约人数突破300万", cta="立即预约",
                body="预约即送：限定时装「夏夜流萤」×1")
    brief = ('Config from the dev team:\n{\n  "id": "fleet-fuel-card-q3",\n  "copy": {\n    "title": "Save 12¢/gal on diesel",\n'
             '    "button": "Activate card",\n    "title_color": "#FFFFFF",\n    "cta_url": "https://example.com/a"\n  }\n}')
    expect_copy(brief, lexicon, title="Save 12¢/gal on diesel", cta="Activate card")
    brief = '{\n  "headline": "We will NEVER ask for your PIN",\n  "primaryButton": "Got it",\n  "secondary_link": "Report a scam"\n}'
    expect_copy(brief, lexicon, title="We will NEVER ask for your PIN", cta="Got it")
    # keys that name a field by one of their words
    brief = '{"popup": "welcome_offer", "headline": "Take 15% off", "cta_label": "Get My Code", "legal": "One use only."}'
    expect_copy(brief, lexicon, title="Take 15% off", cta="Get My Code", body="One use only.")


def test_a_table_pasted_without_its_outer_bars(lexicon: BriefLexicon) -> None:
    brief = ("表格第7行：\n渠道 | 主标题 | 副标题 | 按钮\n"
             "APP弹窗 | 为退休早做准备 | 养老年金保险 每年按时领取 | 了解产品\n备注：风险提示字号不能小于正文的1/2")
    expect_copy(brief, lexicon, title="为退休早做准备", subtitle="养老年金保险 每年按时领取", cta="了解产品")
    brief = "Headline | Subline | CTA\nOpen House This Sunday | Renovated 3BR near the park | Book a tour"
    expect_copy(brief, lexicon, title="Open House This Sunday", subtitle="Renovated 3BR near the park", cta="Book a tour")
    # labelled copy with bars between its fields is no table
    expect_copy("标题：春日上新 | 副标题：全场8折 | 按钮：去逛逛", lexicon, title="春日上新", subtitle="全场8折", cta="去逛逛")


def test_shi_between_blanks_is_the_spoken_verb(lexicon: BriefLexicon) -> None:
    brief = "title 就写 New Arrival，然后 subtitle 是 Sleep better in 7 nights，button 写 Try It"
    expect_copy(brief, lexicon, title="New Arrival", subtitle="Sleep better in 7 nights", cta="Try It")
    # glued to the copy, 是 is the copy's own word
    assert copy_fields("标题 是你的节日", lexicon)["title"] == "是你的节日"


def test_a_product_benefit_about_watermarks_is_copy(lexicon: BriefLexicon) -> None:
    brief = "【标题】Try Pro Free for 3 Days\n【副标题】Unlock 200+ AI filters, no watermark\n【按钮】Start Free Trial"
    assert copy_fields(brief, lexicon)["subtitle"] == "Unlock 200+ AI filters, no watermark"


def test_a_paragraph_of_copy_under_a_request(lexicon: BriefLexicon) -> None:
    brief = ("Hi! Can you make this into a poster pls 😊\n\nStudy in Ireland Info Night\nMeet 6 Irish universities in one "
             "evening\nThe Westin Dubai, Wed 22 Oct, 6–9pm\n\nNo button since it's a print poster, just put the URL big at "
             "the bottom.")
    expect_copy(brief, lexicon, title="Study in Ireland Info Night", subtitle="Meet 6 Irish universities in one evening",
                body="The Westin Dubai, Wed 22 Oct, 6–9pm")
    # how big the URL goes is no line of copy; a handle put at the bottom is
    assert copy_fields("Title: Open Day\nNo button, just put the URL big at the bottom.", lexicon)["body"] is None
    assert copy_fields("Title: Open Day\njust put our handle @nailedit.la at the bottom.", lexicon)["body"] == "@nailedit.la"


def test_a_quote_naming_whose_poster_it_is(lexicon: BriefLexicon) -> None:
    brief = "帮我做张海报，语言学习应用「说说」的：\n『30天开口说日语』\n副标题就写：每天15分钟，真人老师陪你练口语"
    expect_copy(brief, lexicon, title="30天开口说日语", subtitle="每天15分钟，真人老师陪你练口语")
    assert copy_fields("做一张「暖冬」的海报，标题写 冬日限定", lexicon)["subtitle"] is None
    # the copy talked about ("…"的) stays the copy
    assert copy_fields("标题就写“春日上新”的", lexicon)["title"] == "春日上新"
