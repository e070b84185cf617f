"""Copy extraction for the round-172–175 ways of writing a brief (outside writers' shoe shine, soap makers, dive school,
pet cremation, clock restorer, climbing wall, cableway, family farm, neck physio, e-reader, trampoline park, tennis
camp, dryers, eye-care lamps, yogurt, sailing, hanfu photos, rug care …): a note's words the clause after them sends to
the bottom (备注：…，这句放底部), lines numbered from the top (Line 1 - …), a voicemail that says where each line goes
(put at the top: … Then: … And at the bottom: …), Chinese voice notes that pause after a field's name (标题就叫，…
然后副标题，…), a bottom corner heading its line (右下角：…), a story's swipe-up button, and words that look like
design talk but are copy (详见银行 APP, drinks on deck).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy
from tools.colors import find_colors


def test_a_note_the_next_clause_sends_to_the_bottom_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "大标题｜充1000送300\n小标题｜私教课、订场通用\n行动点｜马上充值\n备注：活动截止6月30日，这句放底部\n要求：别用红色"
    expect_copy(brief, lexicon, title="充1000送300", subtitle="私教课、订场通用", cta="马上充值", body="活动截止6月30日")
    brief = "标题｜旧机换新 最高补贴800元\n按钮｜查看补贴\n备注：补贴金额按机器年限评估 —— 这句当小字放底部"
    assert copy_fields(brief, lexicon)["body"] == "补贴金额按机器年限评估"
    brief = "主文案：充1000送200\n备注：活动时间11.1-11.30，这个时间要放在弹窗底部；不要用红色"
    assert copy_fields(brief, lexicon)["body"] == "活动时间11.1-11.30"
    # a note that says nothing of where its words go stays the sender's
    brief = "主文案：充1000送200\n备注：活动时间11.1-11.30，周三前交稿"
    assert copy_fields(brief, lexicon)["body"] is None


def test_lines_numbered_from_the_top_are_headline_sub_and_fine_print(lexicon: BriefLexicon) -> None:
    brief = ("Print poster for local cafés (A3):\nLine 1 - Free Family Day!\nLine 2 - Kids under 12 go free on Sunday\n"
             "Line 3 - Sunday July 21 · Gates open 11am\nno buttons, it's print")
    expect_copy(brief, lexicon, title="Free Family Day!", subtitle="Kids under 12 go free on Sunday",
                body="Sunday July 21 · Gates open 11am")
    # a legend that numbers lines pasted above it still maps each line to the field it names
    brief = ("Popup, copy in order (line 1 = title, line 2 = small text under it, line 3 = button):\n"
             "Scheduled Maintenance\nThe app will be unavailable Sat 2:00–4:00 AM\nGot It")
    expect_copy(brief, lexicon, title="Scheduled Maintenance", cta="Got It",
                body="The app will be unavailable Sat 2:00–4:00 AM")


def test_a_voicemail_that_says_where_each_line_goes(lexicon: BriefLexicon) -> None:
    brief = ("[Transcribed voicemail] Hello, Margaret here. For the flyer, put at the top: Give the Gift of Time. Then: "
             "gift vouchers for servicing, from fifty pounds. And at the bottom: Available in store or by phone, "
             "01632 960 718. Thanks.")
    expect_copy(brief, lexicon, title="Give the Gift of Time", subtitle="gift vouchers for servicing, from fifty pounds",
                body="Available in store or by phone, 01632 960 718")
    brief = ("(voice transcription) hi, for the banner, the main thing should say Seafood Platter Delivered, and then "
             "smaller, Feeds 4, ready in 40 minutes. Button says Order now. Thanks.")
    expect_copy(brief, lexicon, title="Seafood Platter Delivered", subtitle="Feeds 4, ready in 40 minutes",
                cta="Order now")
    brief = ("Voice note, transcribed: title is Be the Heroine, subtitle is Hanfu portraits for families, and the little "
             "text at the bottom says Walk-ins welcome on weekdays. Um, no button.")
    expect_copy(brief, lexicon, title="Be the Heroine", subtitle="Hanfu portraits for families",
                body="Walk-ins welcome on weekdays")
    # a goodbye is no button
    brief = ("[Voice note, transcribed] headline should be Desk Job, Sore Neck? Sub line, Free posture check. "
             "Thanks, talk soon.")
    assert copy_fields(brief, lexicon)["cta"] is None


def test_a_chinese_voice_note_pauses_after_the_fields_name(lexicon: BriefLexicon) -> None:
    brief = "（语音）那个帆船的海报啊，标题就叫，乘风破浪，然后副标题，周末出海体验一人只要 399，然后下面的小字写，天气不好全额退款，嗯"
    expect_copy(brief, lexicon, title="乘风破浪", subtitle="周末出海体验一人只要 399", body="天气不好全额退款")
    brief = "【语音】喂，那个蹦床的抖音封面啊，就写大字，全城最大蹦床公园，然后小一点写，5000平米，嗯，下面再写个地址，武汉光谷B馆4楼。好的。"
    expect_copy(brief, lexicon, title="全城最大蹦床公园", subtitle="5000平米", body="武汉光谷B馆4楼")
    brief = "语音转文字：标题就写，回归自然。副标题写，环保树葬。然后下面加一句，园区永久保留位置。就这些"
    expect_copy(brief, lexicon, title="回归自然", subtitle="环保树葬", body="园区永久保留位置")
    brief = "【语音】标题用 开学护眼，副标题就是 全场六折，下面再加一行 活动时间八月二十号到九月十号，好了就这样，谢谢"
    assert copy_fields(brief, lexicon)["body"] == "活动时间八月二十号到九月十号"
    # what the speaker says about a line to come is none of its words
    brief = "语音转文字：大标题写「餐酒搭配」，没有按钮，然后底下放联系电话，电话我晚点发你。"
    assert copy_fields(brief, lexicon)["body"] is None


def test_a_bottom_corner_and_a_swipe_up_button_label_their_lines(lexicon: BriefLexicon) -> None:
    brief = "小红书封面\n大标题：奶油风窗帘\n小标题：让客厅温柔起来\n不要按钮\n右下角：@布言布语窗帘馆"
    assert copy_fields(brief, lexicon)["body"] == "@布言布语窗帘馆"
    brief = "文案：\n「潜水员的第一本证书」\n左下角放：*持证可在全球潜店租装备"
    assert copy_fields(brief, lexicon)["body"] == "*持证可在全球潜店租装备"
    # a corner that only places a thing holds no copy
    brief = "标题：开业大吉\n右下角：放logo\n左下角放：二维码"
    expect_copy(brief, lexicon, title="开业大吉")
    brief = ("yo, reader promo IG story:\nbig text → Read in the Dark\nsmall text → Warm light for night readers\n"
             "swipe up text → Swipe Up to Shop")
    assert copy_fields(brief, lexicon)["cta"] == "Swipe Up to Shop"


def test_words_that_sound_like_design_talk_inside_copy_stay(lexicon: BriefLexicon) -> None:
    brief = "标题：刷卡立减 50\n小字：活动期间每卡限享 1 次，详见银行 APP"
    assert copy_fields(brief, lexicon)["body"] == "活动期间每卡限享 1 次，详见银行 APP"
    assert find_colors("银杏大道 收银台 银行") == []
    brief = "Headline: Chase the Sunset\nSubheadline: 2-hour evening sail with drinks on deck\nButton: Book your spot"
    expect_copy(brief, lexicon, title="Chase the Sunset", subtitle="2-hour evening sail with drinks on deck",
                cta="Book your spot")
    # "on the" before a field's name still names it
    brief = "'Fresh Catch Friday' on the headline, 'Order now' on the button"
    expect_copy(brief, lexicon, title="Fresh Catch Friday", cta="Order now")


def test_a_revision_that_says_what_the_field_is_not_gives_what_it_becomes(lexicon: BriefLexicon) -> None:
    brief = "标题改一下：不是“编程从娃娃抓起”，改成“会编程的孩子，更会思考”。副标题保留：全国竞赛获奖机构。按钮不要了。"
    expect_copy(brief, lexicon, title="会编程的孩子，更会思考", subtitle="全国竞赛获奖机构")


def test_a_forwarded_or_replied_mail_keeps_its_copy(lexicon: BriefLexicon) -> None:
    # a reply's subject, a spaced dash, then the message on the same line
    brief = ('re: the film developing banner — client wants the button to read "Drop Off Your Film" not "Learn More". '
             'And swap the sub to: 35mm & 120 developed in 48 hours. Headline stays "Still Shooting Film?"')
    expect_copy(brief, lexicon, title="Still Shooting Film?", subtitle="35mm & 120 developed in 48 hours",
                cta="Drop Off Your Film")
    # a table inside the forwarded mail's quote; the forwarder's "see below" is no button
    brief = ("Priya — see below from the owner, can you get this to the designer?\n\n> Poster for the counter, A3.\n"
             "> | Field | Copy |\n> |---|---|\n> | Headline | Every 10th Cup Is On Us |\n"
             "> | Subhead | Collect a stamp with every purchase |\n> Use the blue cup illustration.\n\nThanks, Dan")
    expect_copy(brief, lexicon, title="Every 10th Cup Is On Us", subtitle="Collect a stamp with every purchase")
    # a quoted contact line under the labelled copy is the fine print, its key left off; "see … above" is no button
    brief = ("> Headline: Stock Soap That Sells Itself\n> Subline: Wholesale pricing from 24 bars\n"
             "> Contact: wholesale@bubbleandbark.co | Booth C14\n\n---\nHey design, see Ellie's note above. —Tom")
    expect_copy(brief, lexicon, title="Stock Soap That Sells Itself", subtitle="Wholesale pricing from 24 bars",
                body="wholesale@bubbleandbark.co | Booth C14")


def test_kept_words_on_the_line_below_and_a_heading_line_above_the_copy(lexicon: BriefLexicon) -> None:
    brief = ('Looks great! Two changes:\n- change the headline to "Serve Up Your Summer"\n'
             'Subtitle stays as is:\nJunior Camp · Ages 8–16\n\nThanks!!')
    expect_copy(brief, lexicon, title="Serve Up Your Summer", subtitle="Junior Camp · Ages 8–16")
    brief = "朋友圈九宫格中间那张：\n“坐索道看日出”\n“首班车提前至5:30 限时两周”\n按钮：预约日出专线"
    expect_copy(brief, lexicon, title="坐索道看日出", subtitle="首班车提前至5:30 限时两周", cta="预约日出专线")


def test_copy_handed_to_the_designer_is_none(lexicon: BriefLexicon) -> None:
    brief = "Hi! We need a Facebook banner for our Rescue Diver course. Copy — you guys write it, keep it professional."
    expect_copy(brief, lexicon)
    brief = "Prime Day banners for the air fryer. Copy: you write it, just mention the deal is 30% off."
    expect_copy(brief, lexicon)
