"""Copy extraction for the round-17 ways of writing a brief (issue 16): the label families of game, ad and editorial
briefs (KV主標, 主KV文案, 钩子, 大標, 按钮字, head / Hero line / Deck) and the typo 按扭, a space before a one-character
connector, a label whose own line drops it, a remark that keeps the value's marks, a chat thread's last word (a later
message, a taken-back value, a correction that names no field), the chat group's name line, options numbered ①② or
picked by an ordinal word, one line per language with the language the brief prints, a field dropped in both
languages, a quote that "is the big line", a line whose bracketed remark puts it at the bottom, a ticket's own
fields, and lines pasted from a screenshot named by their number.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- label families
def test_key_visual_and_hook_labels(lexicon: BriefLexicon) -> None:
    expect_copy("KV主標：開學季 3C最低5折\n副標：加購滑鼠$1\n按鈕：逛開學專區", lexicon,
                title="開學季 3C最低5折", subtitle="加購滑鼠$1", cta="逛開學專區")
    expect_copy("主KV文案：三周年庆典\n利益点：连续登录7天送十连抽\n按钮字：前往领取", lexicon,
                title="三周年庆典", subtitle="连续登录7天送十连抽", cta="前往领取")
    expect_copy("钩子：孩子数学总考不好？\n按钮：免费测评", lexicon, title="孩子数学总考不好？", cta="免费测评")
    expect_copy("大標：增值滿$500 送$50\n細字：受條款及細則約束。", lexicon, title="增值滿$500 送$50", body="受條款及細則約束。")
    # a hook drawn in the picture is no label
    got = copy_fields("画面里放一个钓鱼的钩子，标题：夏日垂钓节", lexicon)
    assert got["title"] == "夏日垂钓节"


def test_head_hero_line_and_deck(lexicon: BriefLexicon) -> None:
    expect_copy("head: Traveling abroad? Stay connected\nsub: $10/day\nCTA: Turn on TravelPass", lexicon,
                title="Traveling abroad? Stay connected", subtitle="$10/day", cta="Turn on TravelPass")
    expect_copy("Hero line: Glow Week is here\nDeck: 3 serums, one price\nButton label: Get the bundle", lexicon,
                title="Glow Week is here", subtitle="3 serums, one price", cta="Get the bundle")
    # head without its colon is a word of the brief
    got = copy_fields("Head office wants it blue.\nHeadline: Fly Home", lexicon)
    assert got["title"] == "Fly Home"


def test_the_button_typo_and_a_space_before_a_one_character_connector(lexicon: BriefLexicon) -> None:
    expect_copy("标题 父母体检套餐\n按扭 为父母预约", lexicon, title="父母体检套餐", cta="为父母预约")
    # glued to the label, 为 is the connector
    expect_copy("标题 父母体检套餐\n按钮为“立即预约”", lexicon, title="父母体检套餐", cta="立即预约")


# ---------------------------------------------------------------------------- remarks inside a value
def test_a_label_whose_own_line_drops_it(lexicon: BriefLexicon) -> None:
    expect_copy("Kicker: NEW — actually drop the kicker, it clutters\nHero line: Glow Week is here\n"
                "Deck: 3 serums, one price", lexicon, title="Glow Week is here", subtitle="3 serums, one price")
    # a kicker that stays is the subtitle
    expect_copy("Kicker: NEW\nHero line: Glow Week is here", lexicon, title="Glow Week is here", subtitle="NEW")


def test_a_remark_that_keeps_the_marks_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("标题：第二杯半价🧋 按钮：去下单👉 emoji都要保留！！", lexicon, title="第二杯半价🧋", cta="去下单👉")
    expect_copy("Headline: Flash Sale ⚡ keep the emoji", lexicon, title="Flash Sale ⚡")
    # what is kept, followed by more words, is the copy's own
    expect_copy("标题：车位已满 名额保留到周五", lexicon, title="车位已满 名额保留到周五")


# ---------------------------------------------------------------------------- a chat thread's last word
def test_a_later_message_replaces_the_field(lexicon: BriefLexicon) -> None:
    thread = ("Priya Nair 10:14 AM\n"
              "title \"Unlock unlimited projects\", sub \"Upgrade for $12/month\", button \"Upgrade now\"\n"
              "Priya Nair 10:31 AM\nsorry, pricing changed — sub should be \"Upgrade for $10/month\"\n")
    expect_copy(thread, lexicon, title="Unlock unlimited projects", subtitle="Upgrade for $10/month", cta="Upgrade now")
    # within one message the first value stands
    got = copy_fields("title \"Unlock unlimited projects\", sub \"Upgrade for $12/month\"\n"
                      "the sub should be \"Upgrade for $12/month\" in bold", lexicon)
    assert got["subtitle"] == "Upgrade for $12/month"


def test_a_taken_back_value_yields_to_the_label_given_again(lexicon: BriefLexicon) -> None:
    expect_copy("标题用“早午餐 买一送一”……不对，识别断行了，标题就“买一送一 Buy 1 Get 1”", lexicon,
                title="买一送一 Buy 1 Get 1")
    # 就 before a remark and its colon is no connector
    expect_copy("文案就一句：下雨天，外卖给你送到家\n按钮：点个热乎的", lexicon,
                title="下雨天，外卖给你送到家", cta="点个热乎的")


def test_a_correction_that_names_no_field(lexicon: BriefLexicon) -> None:
    expect_copy("张经理：弹窗标题“今日特价 鸡蛋1.99元/斤”\n小王：库存不够，改成“今日特价 鸡蛋2.99元/斤”吧\n张经理：按钮“马上抢”",
                lexicon, title="今日特价 鸡蛋2.99元/斤", cta="马上抢")
    # a change of a design choice rewrites no copy
    got = copy_fields("张经理：弹窗标题“今日特价 鸡蛋1.99元/斤”\n小王：背景改成“浅蓝色”吧", lexicon)
    assert got["title"] == "今日特价 鸡蛋1.99元/斤"


def test_the_chat_groups_name_is_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("【生鲜运营群】\n张经理：标题“今日特价”", lexicon, title="今日特价")
    expect_copy("[Teams – #growth-design]\nPriya 10:14 AM\nheadline: \"Go Pro\"", lexicon, title="Go Pro")
    # a bracketed line that names no group is read as before
    assert copy_fields("【生鲜运营群】\n张经理：标题“今日特价”", lexicon)["subtitle"] is None


# ---------------------------------------------------------------------------- options
def test_circled_options_and_the_one_picked(lexicon: BriefLexicon) -> None:
    expect_copy("弹窗标题我想了两个：\n①唇间一抹秋意\n②秋天的第一支口红\n……想了想还是②吧。\n按钮：去试色", lexicon,
                title="秋天的第一支口红", cta="去试色")
    # with no pick, the circled lines are no choice made
    got = copy_fields("弹窗标题我想了两个：\n①唇间一抹秋意\n②秋天的第一支口红\n按钮：去试色", lexicon)
    assert got["title"] != "秋天的第一支口红"


def test_an_option_picked_by_an_ordinal_word(lexicon: BriefLexicon) -> None:
    expect_copy("Go with the second headline.\n\nTwo headline ideas:\n1. Hop into Easter savings\n"
                "2. Easter treats, 25% off\nButton: Shop Easter", lexicon,
                title="Easter treats, 25% off", cta="Shop Easter")
    got = copy_fields("Go with the second photo.\n\nTwo headline ideas:\n1. Hop into Easter savings\n"
                      "2. Easter treats, 25% off", lexicon)
    assert got["title"] != "Easter treats, 25% off"


# ---------------------------------------------------------------------------- languages
def test_one_line_per_language_and_the_one_printed(lexicon: BriefLexicon) -> None:
    lines = ("简体：标题 会员专享 双倍积分｜按钮 立即参加\n繁體：標題 會員專享 雙倍積分｜按鈕 立即參加\n"
             "English: Title Members get double points | Button Join now")
    expect_copy("香港APP这次只印繁体：\n" + lines, lexicon, title="會員專享 雙倍積分", cta="立即參加")
    expect_copy("这次app只上英文版，中文先不用放：\n中文 标题：新春大促 / 按钮：立即抢购\n英文 Title: CNY Sale / Button: Shop now",
                lexicon, title="CNY Sale", cta="Shop now")
    # when the brief names no language, the first line's copy stays
    got = copy_fields("三版文案都附上：\n" + lines, lexicon)
    assert got["title"] == "会员专享 双倍积分"


def test_a_field_dropped_in_both_languages(lexicon: BriefLexicon) -> None:
    expect_copy("标题：新春大促\n副标题两版都不要。", lexicon, title="新春大促")
    # both versions of a field that stays
    expect_copy("标题：新春大促\n副标题：两版都有的福利", lexicon, title="新春大促", subtitle="两版都有的福利")


# ---------------------------------------------------------------------------- where the words come from
def test_a_line_whose_bracketed_remark_puts_it_at_the_bottom(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: Register to vote by Oct 7\nPaid-for line (required by law, bottom): Paid for by the County",
                lexicon, title="Register to vote by Oct 7", body="Paid for by the County")
    # a remark that puts nothing at the bottom leaves the line out
    expect_copy("Headline: Register to vote by Oct 7\nPaid-for line (required by law): Paid for by the County",
                lexicon, title="Register to vote by Oct 7")


def test_a_tickets_own_fields_are_no_copy(lexicon: BriefLexicon) -> None:
    ticket = "【APP-2231】周年庆登录弹窗\n描述：\n三周年活动登录弹窗，需要出两套尺寸。\n主KV文案：三周年庆典\n按钮字：前往领取"
    expect_copy(ticket, lexicon, title="三周年庆典", cta="前往领取")
    # without a ticket's key, 描述 heads the body
    expect_copy("主KV文案：三周年庆典\n描述：连续登录7天送十连抽", lexicon, title="三周年庆典", body="连续登录7天送十连抽")


def test_pasted_lines_named_by_their_number(lexicon: BriefLexicon) -> None:
    pasted = "（截图识别出来的）\n丨新品上市丨\n焕亮精华 28天见证透亮\n首发价¥299\n"
    got = copy_fields(pasted + "标题用第二行，副标题用第三行，按钮是“立即购买”", lexicon)
    assert (got["title"], got["subtitle"], got["cta"]) == ("焕亮精华 28天见证透亮", "首发价¥299", "立即购买")
    # a line number past the pasted lines names none of them
    got = copy_fields(pasted + "标题用第九行，按钮是“立即购买”", lexicon)
    assert got["title"] not in ("焕亮精华 28天见证透亮", "首发价¥299", "丨新品上市丨")


def test_a_quote_that_is_a_position_on_the_poster(lexicon: BriefLexicon) -> None:
    expect_copy("back to school popup:\n'40% off all courses' is the big line\n'Offer ends Sept 10' goes under it\n"
                "button: 'Enroll today'", lexicon,
                title="40% off all courses", subtitle="Offer ends Sept 10", cta="Enroll today")
    # a number that is the button keys a numbered line, it is no copy
    got = copy_fields("1) Flu shots now available\n2) Book a flu shot\nnumbers are top to bottom, #2 is the button.",
                      lexicon)
    assert got["cta"] != "#2"
