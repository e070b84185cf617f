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


def test_a_hex_colour_holds_no_offer(lexicon: BriefLexicon) -> None:
    brief = "Main line: Missed Your Offer?\nSupport line: 50+ UK universities still have places\nCTA: Talk to an Advisor\n\n" \
            "Brand: please use the new navy (#14213D) and the lime accent sparingly."
    expect_copy(brief, lexicon, title="Missed Your Offer?", subtitle="50+ UK universities still have places",
                cta="Talk to an Advisor")
    # "2 for $10" is still an offer
    assert copy_fields("Title: Taco Tuesday\n2 for $10 on all tacos", lexicon)["subtitle"] == "2 for $10 on all tacos"


def test_more_names_for_the_lines(lexicon: BriefLexicon) -> None:
    brief = ("1. Headline: An Evening of Hope\n2. Subline: Black-tie gala\n3. Details block:\n"
             "Saturday, April 12, 2025 | 6:30 PM\nThe Grand Ballroom, Chicago\n4. QR label: Reserve your seat")
    expect_copy(brief, lexicon, title="An Evening of Hope", subtitle="Black-tie gala", cta="Reserve your seat",
                body="Saturday, April 12, 2025 | 6:30 PM\nThe Grand Ballroom, Chicago")
    brief = "| Element | Copy |\n|---|---|\n| Headline | Zero Trust in 45 Minutes |\n| Date line | Thursday, March 6 |\n| CTA | Save my seat |"
    expect_copy(brief, lexicon, title="Zero Trust in 45 Minutes", cta="Save my seat", body="Thursday, March 6")
    brief = "Main title - Back to School\nSecond title - All backpacks 25% OFF, 2 days only\nButton - Grab It Now"
    expect_copy(brief, lexicon, title="Back to School", subtitle="All backpacks 25% OFF, 2 days only", cta="Grab It Now")
    assert copy_fields("Title：Walk for Smiles\n日期/地點：2025年11月16日（日）· 中環", lexicon)["body"] == "2025年11月16日（日）· 中環"
    brief = "title is: New Route!\nbutton 'Book Now'\nand please put small: Sales period 1-14 Aug 2025. Seats limited."
    assert copy_fields(brief, lexicon)["body"] == "Sales period 1-14 Aug 2025. Seats limited."


def test_text_under_a_labelled_headline_is_the_body(lexicon: BriefLexicon) -> None:
    brief = "Title: Check Your Bag Before You Fly\nText: Australia has strict biosecurity rules. Fines may apply.\nButton: Got It"
    expect_copy(brief, lexicon, title="Check Your Bag Before You Fly", cta="Got It",
                body="Australia has strict biosecurity rules. Fines may apply.")
    # how the text looks is no copy
    assert copy_fields("Title: Hi there\nText: bold, centered", lexicon)["body"] is None


def test_quoted_words_to_stand_out_are_no_line(lexicon: BriefLexicon) -> None:
    brief = "1、标题「高价收车 当天到账」\n2、按钮「立即估价」\n4、底部「服务热线：400-820-6688」\n注：“高价”两个字加大"
    expect_copy(brief, lexicon, title="高价收车 当天到账", cta="立即估价", body="服务热线：400-820-6688")
    # a note quoting words of its own is still read
    assert copy_fields("标题：限时特惠\n注：“限时”两个字是活动名", lexicon)["title"] == "限时特惠"


def test_a_spoken_pause_after_the_verb_and_a_particle_after_the_answer(lexicon: BriefLexicon) -> None:
    brief = "弹窗标题就写“2025惠民保 开始投保啦”，底下那个小字要写，投保截止2025年1月31日，既往症赔付比例以条款为准，嗯，大概这样"
    expect_copy(brief, lexicon, title="2025惠民保 开始投保啦", body="投保截止2025年1月31日，既往症赔付比例以条款为准")
    brief = "店长：标题 夏日洗护季\n小吴：按钮写什么\n店长：写 马上预约 吧\n店长：小字写 大型犬另加30元\n小吴：好嘞"
    expect_copy(brief, lexicon, title="夏日洗护季", cta="马上预约", body="大型犬另加30元")


def test_a_line_taken_off_as_it_is_given(lexicon: BriefLexicon) -> None:
    brief = "Title: Dragon Trials\nSubtitle: (optional) — let's drop it, the art says enough\nButton: Enter\nFooter: Ends in 3 days"
    expect_copy(brief, lexicon, title="Dragon Trials", cta="Enter", body="Ends in 3 days")
    # a bracketed word before real copy stays
    assert copy_fields("Title: Hi\nSubtitle: (new) Fresh drops weekly", lexicon)["subtitle"] == "(new) Fresh drops weekly"


def test_a_disclosure_added_under_everything(lexicon: BriefLexicon) -> None:
    brief = ('New headline: "Pet insurance that pays you back". And add disclosure under everything: '
             '"Coverage subject to policy terms."')
    expect_copy(brief, lexicon, title="Pet insurance that pays you back", body="Coverage subject to policy terms.")


def test_a_game_notice_prints_its_health_advice(lexicon: BriefLexicon) -> None:
    brief = ("① 大标题：版号到手！\n② 小标题：《星火纪元》已获国家新闻出版署批准\n"
             "③ 健康游戏忠告：抵制不良游戏，拒绝盗版游戏。合理安排时间，享受健康生活。\n④ 按钮：预约领限定头像框\n"
             "⑤ 右下角放官方logo和适龄提示图标（12+）")
    expect_copy(brief, lexicon, title="版号到手！", subtitle="《星火纪元》已获国家新闻出版署批准", cta="预约领限定头像框",
                body="抵制不良游戏，拒绝盗版游戏。合理安排时间，享受健康生活。")


def test_a_note_whose_passage_is_said_to_be_printed(lexicon: BriefLexicon) -> None:
    brief = ("弹窗:\n  标题: 「剑起苍澜」获得版号\n  按钮: 报名首测\n  备注: 著作权人：杭州青岚网络科技有限公司\n"
             "备注那段要印在弹窗底部")
    assert copy_fields(brief, lexicon)["body"] == "著作权人：杭州青岚网络科技有限公司"
    # a note nobody asks to print stays the designer's
    brief = "弹窗:\n  标题: 「剑起苍澜」获得版号\n  按钮: 报名首测\n  备注: 字体用思源宋体"
    assert copy_fields(brief, lexicon)["body"] is None


def test_a_json_config_leaves_its_second_button_out(lexicon: BriefLexicon) -> None:
    brief = '{"title": "Update ready", "secondary_btn_text": "Later", "primary_btn_text": "Update now"}'
    expect_copy(brief, lexicon, title="Update ready", cta="Update now")
