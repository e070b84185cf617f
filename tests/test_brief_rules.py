"""Copy-extraction rules added for briefs as marketers write them in chat (issue 16, generalisation):
position words as labels, copy blocks under 文案：/copy:, 用 before unquoted copy, whole-segment
remarks (字大一点, 感谢配合), more offer phrases, offers split by a space, and placeholders.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

import pytest

from agent.brief import BriefLexicon, parse_brief
from support.brief_copy import FIELDS, copy_fields, expect_copy


# ---------------------------------------------------------------------------- position words
@pytest.mark.parametrize("text,title,subtitle", [
    ("情人节海报，文案：上面写「把爱说出口」，下面写「情侣套餐第二份半价」", "把爱说出口", "情侣套餐第二份半价"),
    ("开学季海报，文案：上面写开学季，下面写文具满100减20", "开学季", "文具满100减20"),
    ("母亲节的图\n上面写：爱要大声说\n下面写：礼盒第二件半价", "爱要大声说", "礼盒第二件半价"),
    ("母亲节海报 大字写：妈妈，您辛苦了 小字写：5月12日 全场鲜花8折", "妈妈，您辛苦了", "5月12日 全场鲜花8折"),
    ("周年庆海报，大字写「感恩十年」，小字写「全场满1000减100」", "感恩十年", "全场满1000减100"),
])
def test_position_words_label_title_and_subtitle(text: str, title: str, subtitle: str,
                                                 lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, title=title, subtitle=subtitle)


def test_small_print_alone_is_still_the_body(lexicon: BriefLexicon) -> None:
    # 小字 is a position only beside 大字; on its own it is the fine print.
    expect_copy("理财海报，标题：稳稳的幸福，小字：理财有风险，投资需谨慎", lexicon,
            title="稳稳的幸福", body="理财有风险，投资需谨慎")


@pytest.mark.parametrize("text", ["中秋海报，上面放个月亮，下面放个兔子", "上面是月亮，下面是灯笼", "大字报风格的海报",
                                  "标题要放大字体"])
def test_position_words_without_a_writing_verb_are_layout(text: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon) == dict.fromkeys(FIELDS), text


# ---------------------------------------------------------------------------- copy blocks
def test_lines_under_a_copy_heading_are_the_fields_in_order(lexicon: BriefLexicon) -> None:
    expect_copy("七夕海报\n文案：\n七夕 把浪漫带回家\n全场满520减52\n立即选购", lexicon,
            title="七夕 把浪漫带回家", subtitle="全场满520减52", cta="立即选购")
    # no offer word needed: the block's order says which line is the subtitle
    expect_copy("Poster for our gym, copy:\nNew Year, New You\nJoin before Jan 31 and get in shape\nJoin now", lexicon,
            title="New Year, New You", subtitle="Join before Jan 31 and get in shape", cta="Join now")
    expect_copy("Copy:\n1. Fresh Start\n2. Plans for every team\n3. Get started\nBrand colors: navy", lexicon,
            title="Fresh Start", subtitle="Plans for every team", cta="Get started")


def test_a_copy_block_ends_at_a_blank_line_or_an_instruction(lexicon: BriefLexicon) -> None:
    expect_copy("文案：\n好运福袋\n\n背景用红色，活泼一点", lexicon, title="好运福袋")
    expect_copy("copy:\nSummer Vibes\nmake it pop, use green", lexicon, title="Summer Vibes")


def test_labels_under_a_copy_heading_win(lexicon: BriefLexicon) -> None:
    expect_copy("文案如下：\n- 标题：开学好物\n- 按钮：去逛逛", lexicon, title="开学好物", cta="去逛逛")
    expect_copy("Spring banner\ncopy:\nheadline: Fresh Picks\nsub: 20% off all plants\nbutton: Shop plants", lexicon,
            title="Fresh Picks", subtitle="20% off all plants", cta="Shop plants")


@pytest.mark.parametrize("text", ["Cyber Monday banner, we'll add copy later", "copy is TBD, poster for coffee",
                                  "copy should be short and punchy, poster", "春节海报，文案你们自己定",
                                  "海报\n文案：\n暂时没有，先空着"])
def test_copy_mentioned_without_copy_gives_none(text: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon) == dict.fromkeys(FIELDS), text


# ---------------------------------------------------------------------------- 用 before unquoted copy
def test_weak_connector_takes_unquoted_copy_that_names_no_design(lexicon: BriefLexicon) -> None:
    expect_copy("开学季弹窗，主标题用开学好物节，按钮放去逛逛，蓝色", lexicon, title="开学好物节", cta="去逛逛")


@pytest.mark.parametrize("text", ["标题用红色，按钮：去看看", "标题用黑体，按钮：去看看", "主标题用英文，按钮：去看看",
                                  "标题用大一点，按钮：去看看", "标题用渐变，按钮：去看看"])
def test_weak_connector_before_a_design_choice_is_an_instruction(text: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, cta="去看看")


# ---------------------------------------------------------------------------- whole-segment remarks
@pytest.mark.parametrize("text,expected", [
    ("超市弹窗，满299减50，按钮：去凑单，字大一点", {"subtitle": "满299减50", "cta": "去凑单"}),
    ("标题：焕新一夏，字大一点，副标题：空调直降800元", {"title": "焕新一夏", "subtitle": "空调直降800元"}),
    ("标题：好运福袋，喜庆些哈，按钮：领取", {"title": "好运福袋", "cta": "领取"}),
    ("标题：好运福袋，感谢配合！", {"title": "好运福袋"}),
])
def test_remarks_to_the_designer_end_a_value(text: str, expected: dict, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_thanks_inside_copy_is_copy(lexicon: BriefLexicon) -> None:
    # 感谢 starts copy (感谢有你); only a segment that is nothing but thanks is a remark.
    expect_copy("游戏周年庆弹窗\n主标题：三周年 感谢有你\n按钮：前往领取", lexicon, title="三周年 感谢有你", cta="前往领取")
    expect_copy("标题：感谢一路相伴，按钮：立即查看", lexicon, title="感谢一路相伴", cta="立即查看")


# ---------------------------------------------------------------------------- offers
@pytest.mark.parametrize("text,subtitle,cta", [
    ("Grocery app popup: Buy 2 get 1 free on all snacks. Button: Shop snacks", "Buy 2 get 1 free on all snacks",
     "Shop snacks"),
    ("Spring sale banner — Save 30% on all outerwear — Shop the sale", "Save 30% on all outerwear", "Shop the sale"),
    ("Flash sale popup, Save 30% today only, Shop now", "Save 30% today only", "Shop now"),
    ("Streaming app popup, 3 months free for new members, Start watching", "3 months free for new members",
     "Start watching"),
])
def test_english_offer_phrases_are_the_subtitle(text: str, subtitle: str, cta: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, subtitle=subtitle, cta=cta)


def test_save_as_a_button_is_still_a_button(lexicon: BriefLexicon) -> None:
    expect_copy("Webinar banner, the CTA should say \"Save my seat\"", lexicon, cta="Save my seat")


def test_a_space_joins_parts_of_one_offer_but_not_plain_words(lexicon: BriefLexicon) -> None:
    expect_copy("618 美妆弹窗\n大牌直降 低至5折\n去抢购", lexicon, subtitle="大牌直降 低至5折", cta="去抢购")
    expect_copy("中秋 月饼 满199减30 立即购买", lexicon, subtitle="满199减30", cta="立即购买")
    expect_copy("新品上市 全场包邮 红色背景", lexicon, subtitle="全场包邮")
    expect_copy("Flash sale 限时5折 banner，按钮：Shop now", lexicon, subtitle="限时5折", cta="Shop now")


# ---------------------------------------------------------------------------- placeholders
@pytest.mark.parametrize("text,cta", [("标题：待定，按钮：立即领取", "立即领取"), ("Title: TBD, button: Shop now", "Shop now"),
                                      ("标题：无，按钮：去看看", "去看看"), ("标题：- ，按钮：去看看", "去看看")])
def test_a_placeholder_value_is_no_copy(text: str, cta: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, cta=cta)


@pytest.mark.parametrize("text,title", [("标题：无限可能", "无限可能"), ("Headline: To follow the sun", "To follow the sun"),
                                        ("Headline: None of the above", "None of the above")])
def test_copy_that_starts_like_a_placeholder_is_kept(text: str, title: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, title=title)


def test_briefs_without_copy_get_generated_copy_and_no_invented_numbers(lexicon: BriefLexicon) -> None:
    from agent.planner import fill_copy
    from agent.templates import TemplateLibrary
    from tools.config import Settings

    library = TemplateLibrary(Settings())
    for text in ("双11预热海报，3张，尺寸1080x1920，红金配色，文案后面给", "Need 2 banners 1200x628 for our Q3 webinar, no copy yet",
                 "春节海报，红色喜庆，有灯笼和鞭炮，文案你们自己定"):
        brief = parse_brief(text, lexicon)
        assert brief.copy.is_empty() and brief.copy_source == {}, text
        copy, sources = fill_copy(brief, library.get("poster"), lexicon)
        assert sources and set(sources.values()) <= {"generated", "template"}, (text, sources)
        for name in sources:
            assert not any(ch.isdigit() for ch in copy[name]), (text, copy)
            assert not lexicon.claims.invented(copy[name], ""), (text, copy)


# ---------------------------------------------------------------------------- round 3: pasted tables, snippets, labels after values
@pytest.mark.parametrize("text,expected", [
    # a Feishu / markdown table: the header row names columns, a notes column is no copy
    ("| 项目 | 内容 |\n| :--- | :--- |\n| 大标题 | 冬日暖饮季 |\n| 利益点 | 热饮第二杯半价 |\n| 按钮 | 马上点单 |",
     {"title": "冬日暖饮季", "subtitle": "热饮第二杯半价", "cta": "马上点单"}),
    ("| 字段 | 文案 | 说明 |\n| 标题 | 秋日焕新 | 放最上面 |\n| 按钮 | 去选购 | 红色 |",
     {"title": "秋日焕新", "cta": "去选购"}),
    # cells pasted from Excel: tab-separated, the first column names the field
    ("Title\tOpen House Weekend\nSubtitle\tTours every hour, 10am–4pm\nButton\tBook a tour",
     {"title": "Open House Weekend", "subtitle": "Tours every hour, 10am–4pm", "cta": "Book a tour"}),
])
def test_table_rows_and_tab_columns(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_a_table_header_alone_is_no_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields("| 标题 | 副标题 | 按钮 |\n| --- | --- | --- |", lexicon) == dict.fromkeys(FIELDS)


@pytest.mark.parametrize("text,expected", [
    ('{"headline": "Autumn Picks", "sub_title": "Free returns on everything", "call_to_action": "Shop autumn"}',
     {"title": "Autumn Picks", "subtitle": "Free returns on everything", "cta": "Shop autumn"}),
    ("copy:\n  标题: '秋季新品'\n  按钮文案: '去看看'", {"title": "秋季新品", "cta": "去看看"}),
])
def test_json_and_yaml_keys(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_a_quoted_word_that_is_a_label_without_a_colon_is_no_key(lexicon: BriefLexicon) -> None:
    # "Title" in quotes with no colon after it is no JSON key: the quote is copy.
    expect_copy('Poster with "Title" in big letters, button: Read more', lexicon, title="Title", cta="Read more")


@pytest.mark.parametrize("text,expected", [
    ("［主标题］冬季滑雪节\n［按钮］立即报名", {"title": "冬季滑雪节", "cta": "立即报名"}),
    ("（标题）年终答谢会\n（小字）最终解释权归主办方所有", {"title": "年终答谢会", "body": "最终解释权归主办方所有"}),
    ("(Headline) Ride the Coast (Subhead) Bikes from $15 a day (Button) Rent now",
     {"title": "Ride the Coast", "subtitle": "Bikes from $15 a day", "cta": "Rent now"}),
    # a remark in brackets that starts with a label is still a label with its colon
    ("签到弹窗（按钮：去签到）", {"cta": "去签到"}),
])
def test_labels_in_brackets_before_their_value(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text,expected", [
    ("冬季滑雪节（主标题），雪具租赁7折（副标题），立即报名（按钮）",
     {"title": "冬季滑雪节", "subtitle": "雪具租赁7折", "cta": "立即报名"}),
    ("Ride the Coast (headline), Join 1,000+ riders (subhead)", {"title": "Ride the Coast", "subtitle": "Join 1,000+ riders"}),
    ("「新年新气象，好运常相伴」（主标题），按钮：立即查看", {"title": "新年新气象，好运常相伴", "cta": "立即查看"}),
    ("“温暖过冬”当标题，“羽绒服满2件9折”作为副标题", {"title": "温暖过冬", "subtitle": "羽绒服满2件9折"}),
    ("年货节海报，年货到家 温暖到家 作为主标题，按钮：去囤货", {"title": "年货到家 温暖到家", "cta": "去囤货"}),
    ("Put 'Rent now' on the button and use 'Ride the Coast' as the headline",
     {"title": "Ride the Coast", "cta": "Rent now"}),
])
def test_labels_after_their_value(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text,expected", [
    ("标题：年终答谢会，不要放副标题", {"title": "年终答谢会"}),  # 放 before a label that is taken back
    ("用红色做标题，按钮：立即查看", {"cta": "立即查看"}),  # what 用 brings is a colour
    ("Use the brand blue as the headline colour, headline: Ride the Coast", {"title": "Ride the Coast"}),
])
def test_a_verb_before_a_label_that_brings_no_copy(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text,expected", [
    ("冬至海報，主標：冬至暖心，副標：湯圓買一送一，按鈕文字：立即訂購",
     {"title": "冬至暖心", "subtitle": "湯圓買一送一", "cta": "立即訂購"}),
    ("聖誕彈窗，標語寫「聖誕快樂」，按鈕就寫「即刻睇睇」", {"title": "聖誕快樂", "cta": "即刻睇睇"}),
    ("標題係「冬日限定」，掣：即刻訂購", {"title": "冬日限定", "cta": "即刻訂購"}),
    ("環保海報，口號：減塑從今天開始", {"title": "減塑從今天開始"}),
    ("开业海报，广告语：好吃不贵 天天见，按钮：导航到店", {"title": "好吃不贵 天天见", "cta": "导航到店"}),
    ("Key message: Banking that moves with you. Button: Open an account",
     {"title": "Banking that moves with you", "cta": "Open an account"}),
])
def test_traditional_labels_and_slogan_words(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text,expected", [
    ("要三版：\n版本1 标题：冬日限定 按钮：立即购买\n版本2 标题：最后一天 按钮：马上抢", {"title": "冬日限定", "cta": "立即购买"}),
    ("Poster 1: \"Open House\", \"Tours hourly\". Poster 2: \"Last Day\", \"Final tours\"",
     {"title": "Open House", "subtitle": "Tours hourly"}),
    # pictures named by number are no posters: the copy after them still counts
    ("参考图1和图2的配色，标题：冬日限定，按钮：立即购买", {"title": "冬日限定", "cta": "立即购买"}),
])
def test_several_posters_in_one_brief_give_the_first_poster_copy(text: str, expected: dict[str, str],
                                                                   lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text", [
    "年货节会场背景，活动是满199减30，图上不要放任何文字",
    "Holiday hero image without text; the offer (free shipping over $50) goes in the HTML, Shop now button added by dev",
    "618头图，满300减50，文字前端自己叠加",
])
def test_a_picture_without_words_prints_no_offer_from_the_instructions(text: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon) == dict.fromkeys(FIELDS), text


def test_no_text_keeps_labelled_copy_and_text_remarks_are_not_no_text(lexicon: BriefLexicon) -> None:
    expect_copy("标题：冬日限定，其余不要放文字，满199减30是活动说明", lexicon, title="冬日限定")
    # 不要字太小 is about the lettering, not a picture without words
    expect_copy("不要字太小，满199减30，去逛逛", lexicon, subtitle="满199减30", cta="去逛逛")


def test_an_idea_to_get_across_is_not_copy_but_a_selling_line_is(lexicon: BriefLexicon) -> None:
    assert copy_fields("年终海报，要强调“品质”，文案稍后给", lexicon) == dict.fromkeys(FIELDS)
    assert copy_fields("Spring banner, highlight 'freshness', copy TBD", lexicon) == dict.fromkeys(FIELDS)
    expect_copy("新品海报，主打“一口爆汁”，按钮：马上尝", lexicon, title="一口爆汁", cta="马上尝")


def test_an_offer_after_the_title_comma_is_the_subtitle_when_none_is_labelled(lexicon: BriefLexicon) -> None:
    expect_copy("烤肉店海报，标题：周末烤肉趴，双人套餐立减30元，按钮：立即预订", lexicon,
            title="周末烤肉趴", subtitle="双人套餐立减30元", cta="立即预订")
    # a labelled subtitle elsewhere: the title keeps its comma part; a space joins an offer to the title
    expect_copy("标题：周末烤肉趴，双人套餐立减30元，副标题：仅限周六", lexicon,
            title="周末烤肉趴，双人套餐立减30元", subtitle="仅限周六")
    expect_copy("标题：周末烤肉趴 全场8折，按钮：立即预订", lexicon, title="周末烤肉趴 全场8折", cta="立即预订")


# ---------------------------------------------------------------------------- round 4: everyday one-liners
@pytest.mark.parametrize("text,expected", [
    ("双十二活动海报 标题双十二狂欢夜 副标题全场五折起 按钮立即抢购",
     {"title": "双十二狂欢夜", "subtitle": "全场五折起", "cta": "立即抢购"}),
    ("女装店海报 标题春装上新 副标题满2件8折 按钮进店看看", {"title": "春装上新", "subtitle": "满2件8折", "cta": "进店看看"}),
    ("圣诞海报 标题Merry Christmas 副标题以旧换新至高补贴1000元", {"title": "Merry Christmas", "subtitle": "以旧换新至高补贴1000元"}),
    ("双12海报 标题12.12 年终盛典 按钮马上抢", {"title": "12.12 年终盛典", "cta": "马上抢"}),
])
def test_a_label_glued_to_its_copy(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text,expected", [
    # a word glued to a label that says something about the field, or a pronoun: no copy
    ("拉新海报，按钮：立即邀请，标题你们帮我想一个", {"cta": "立即邀请"}),
    ("拉新海报，按钮：立即邀请。标题你们帮我想一个", {"cta": "立即邀请"}),
    ("春节海报，红色喜庆，文案你们自己定", {}),
    ("海报 标题和副标题都要有 按钮：去看看", {"cta": "去看看"}),
    ("海报 标题字大一点 按钮：去看看", {"cta": "去看看"}),
    ("海报 标题红色 按钮：去看看", {"cta": "去看看"}),
    ("海报，不要副标题，标题：冬日限定", {"title": "冬日限定"}),
    # 标题1：… numbers the label; the copy is after the colon, the first of two counts
    ("标题1：冬日限定 标题2：暖冬一杯", {"title": "冬日限定"}),
])
def test_a_word_glued_to_a_label_that_is_no_copy(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text,expected", [
    ("春节海报 标题年货节要大一点红色 副标题 好货不打烊", {"title": "年货节", "subtitle": "好货不打烊"}),
    ("标题：你好，2025 要大一点红色 按钮：去看看", {"title": "你好，2025", "cta": "去看看"}),
    ("健身房海报 标题燃动开业季 副标题前100名办卡送私教课 要活力一点橙色", {"title": "燃动开业季", "subtitle": "前100名办卡送私教课"}),
])
def test_a_size_remark_after_the_copy_is_cut(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_copy_that_only_contains_a_size_word_is_kept(lexicon: BriefLexicon) -> None:
    # 大一点 at the start, or followed by more copy, is no remark
    expect_copy("标题：大一点的世界", lexicon, title="大一点的世界")
    expect_copy("标题：年货节要大一点的优惠", lexicon, title="年货节要大一点的优惠")


@pytest.mark.parametrize("text,expected", [
    ("Make a poster, title is Big Sale, the button write Buy Now", {"title": "Big Sale", "cta": "Buy Now"}),
    ("poster for coffee shop, the title write Good Morning Coffee, button: Order Now",
     {"title": "Good Morning Coffee", "cta": "Order Now"}),
    ("banner: title is Black Friday Deals, sub title is up to 70% off, button say Shop Now",
     {"title": "Black Friday Deals", "subtitle": "up to 70% off", "cta": "Shop Now"}),
    ("New arrival poster, title: New Arrivals, button text Shop Now", {"title": "New Arrivals", "cta": "Shop Now"}),
    # "say" inside "saying" is no connector
    ('we need a subline saying "Up to 70% off sitewide"', {"subtitle": "Up to 70% off sitewide"}),
])
def test_english_as_non_native_speakers_write_it(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_a_button_label_before_words_that_are_no_action_is_no_label(lexicon: BriefLexicon) -> None:
    # button text needs a colon or a connector unless an action phrase follows it
    expect_copy("Poster, title: Summer, the button text in white", lexicon, title="Summer")


def test_copy_run_on_after_a_write_verb(lexicon: BriefLexicon) -> None:
    expect_copy("做一个双十二的弹窗写上全场五折起点击领取", lexicon, subtitle="全场五折起", cta="点击领取")
    # without an offer before it, a phrase ending like an action stays whole
    expect_copy("做一个海报写上“幸福马上来”", lexicon, title="幸福马上来")


def test_a_label_glued_to_the_format_word_before_it(lexicon: BriefLexicon) -> None:
    expect_copy("弹窗标题恭喜发财 按钮领红包", lexicon, title="恭喜发财", cta="领红包")
    # inside a word it is no label: 不要副标题 takes the subtitle back, it gives none
    expect_copy("海报不要副标题 标题：冬日限定", lexicon, title="冬日限定")


def test_a_button_label_before_a_longer_phrase_keeps_all_of_it(lexicon: BriefLexicon) -> None:
    # 领取 is an action word, but the button the brief wrote is 领取礼包
    expect_copy("生日海报 标题 生日快乐 按钮 领取礼包", lexicon, title="生日快乐", cta="领取礼包")
    expect_copy("生日海报 标题 生日快乐 按钮领取", lexicon, title="生日快乐", cta="领取")


def test_a_short_remark_ending_in_dian_ends_the_value_but_words_ending_in_dian_are_copy(lexicon: BriefLexicon) -> None:
    expect_copy("新年弹窗，标题新年快乐，按钮去抢红包，喜庆点", lexicon, title="新年快乐", cta="去抢红包")
    expect_copy("标题：从这里出发，去起点", lexicon, title="从这里出发，去起点")
    expect_copy("标题：夜市开张，每晚8点", lexicon, title="夜市开张，每晚8点")


def test_a_house_number_is_copy_not_a_font_size(lexicon: BriefLexicon) -> None:
    expect_copy("开业海报 标题盛大开业 正文地址：xx路88号", lexicon, title="盛大开业", body="地址：xx路88号")


@pytest.mark.parametrize("text, title, cta", [
    ("Summer sale banner, headline: Cool Deals, the button should be bigger", "Cool Deals", None),
    ("headline: Cool Deals, button should be red", "Cool Deals", None),
    ("headline: Cool Deals, the button is a bit larger and blue", "Cool Deals", None),
    ("夏日横幅，标题：清凉一夏，按钮要大一点", "清凉一夏", None),
    # near misses: the field's own copy still comes through
    ("headline: Cool Deals, the button should say Shop Now", "Cool Deals", "Shop Now"),
    ("the title is Red Friday, button: Shop", "Red Friday", "Shop"),
    ("标题：清凉一夏，按钮：马上抢，按钮要大一点", "清凉一夏", "马上抢"),
])
def test_a_remark_about_a_field_is_never_its_copy_nor_part_of_the_field_before(
        lexicon: BriefLexicon, text: str, title: str, cta: str | None) -> None:
    expect_copy(text, lexicon, title=title, cta=cta)


# ---------------------------------------------------------------------------- round 5: marketer phrasings
@pytest.mark.parametrize("text,expected", [
    ("年货节横幅\n一级标题：年货到家\n二级标题：满199减30，全国包邮\n跳转按钮：立即抢购",
     {"title": "年货到家", "subtitle": "满199减30，全国包邮", "cta": "立即抢购"}),
    ("Diwali banner\nHeader: Festival of Lights\nSecondary: Sweets boxes from $12\nButton label: Order today",
     {"title": "Festival of Lights", "subtitle": "Sweets boxes from $12", "cta": "Order today"}),
    ("会员弹窗 标题：会员升级 内容：升级后可享专属客服与生日礼 按钮：我知道了",
     {"title": "会员升级", "body": "升级后可享专属客服与生日礼", "cta": "我知道了"}),
    ("拼团海报，标题“三人成团”，规则：成团后48小时内发货", {"title": "三人成团", "body": "成团后48小时内发货"}),
    ("Just a dark poster with the text: GAME NIGHT. Nothing else.", {"title": "GAME NIGHT"}),
    ("海报文字：周末愉快", {"title": "周末愉快"}),
])
def test_everyday_labels_and_plain_copy_lines(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_a_word_that_introduces_a_labels_value_starts_no_label_of_its_own(lexicon: BriefLexicon) -> None:
    # 内容 is a body label, but in 标题内容： it only introduces the title
    expect_copy("标题内容：秋日限定，按钮：去看看", lexicon, title="秋日限定", cta="去看看")
    expect_copy("文案内容：你好，十月", lexicon, title="你好，十月")
    expect_copy("Headline copy: Made to Last", lexicon, title="Made to Last")


def test_header_as_a_picture_is_still_a_format(lexicon: BriefLexicon) -> None:
    # Header needs its colon to be a label; a header image is a banner with no copy
    expect_copy("header image of a mountain lake, cool blue tones", lexicon)
    assert parse_brief("header image of a mountain lake", lexicon).format == "banner"


@pytest.mark.parametrize("text", [
    "Poster for the fall drop, leave room at the bottom for copy - we'll send the final copy later.",
    "Banner, headline: we will share the headline tomorrow",
    "秋季海报，文案：晚点发你",
    "会员日海报，标题：回头再给",
])
def test_a_value_that_says_the_copy_comes_later_is_no_copy(text: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon)


def test_copy_that_only_looks_like_a_promise_stays(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: We'll give you $10", lexicon, title="We'll give you $10")
    expect_copy("标题：明天见", lexicon, title="明天见")


@pytest.mark.parametrize("text,expected", [
    ("签到海报，标题：天天签到，按钮：去签到\n标题改一下，改成：签到赢好礼", {"title": "签到赢好礼", "cta": "去签到"}),
    ("标题：春日上新，按钮：去看看，按钮换一下，换成立即抢购", {"title": "春日上新", "cta": "立即抢购"}),
    ("Headline: Spring Sale. Button: Buy now — actually make the button Shop the sale",
     {"title": "Spring Sale", "cta": "Shop the sale"}),
    ("Title: Back Soon, sorry, make the headline 'Tis the Season", {"title": "'Tis the Season"}),
])
def test_a_change_announced_before_its_correction(text: str, expected: dict[str, str], lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text", ["Headline: Spring Sale. Make the headline bigger",
                                  "Headline: Spring Sale, make the headline red",
                                  "Headline: Spring Sale, make the headline pop"])
def test_make_the_field_with_a_design_word_is_no_correction(text: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, title="Spring Sale")


def test_a_picture_remark_after_a_value_ends_it(lexicon: BriefLexicon) -> None:
    expect_copy("国庆弹窗 标题：国庆出游季 按钮：去预订 配图用长城和红旗", lexicon, title="国庆出游季", cta="去预订")
    expect_copy("标题：周末市集 图里放些水果和鲜花", lexicon, title="周末市集")


@pytest.mark.parametrize("text,expected", [
    ("标题：年终盛典，按钮：马上抢（按钮要醒目一点，用橙色）", {"title": "年终盛典", "cta": "马上抢"}),
    ("Headline: Fresh Finds (make it bold), button: Browse", {"title": "Fresh Finds", "cta": "Browse"}),
    # brackets that hold copy stay part of it
    ("标题：春季上新（限时）", {"title": "春季上新（限时）"}),
    ("副标题：全场包邮（偏远地区除外）", {"subtitle": "全场包邮（偏远地区除外）"}),
])
def test_a_remark_in_brackets_after_a_value_is_not_copy(text: str, expected: dict[str, str],
                                                          lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text,subtitle", [
    ("Title - Your card is here. Subtitle - Spend $50 in 30 days. Get a $20 credit. Button - Activate",
     "Spend $50 in 30 days. Get a $20 credit"),
    ("- Headline: Big Data Day\n- Subhead: Online, March 3. Free for members\n- CTA: Save my seat",
     "Online, March 3. Free for members"),
    ("标题：开学季，副标题：全场文具8折。仅限本周\n按钮：去逛逛", "全场文具8折。仅限本周"),
])
def test_a_subtitle_keeps_its_sentences_up_to_the_next_label(text: str, subtitle: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon)["subtitle"] == subtitle, text


@pytest.mark.parametrize("text", ["Subtitle: 20% off all shoes. Use a red background. Button: Shop",
                                  "Subtitle: 20% off all shoes. Make it pop. Button: Shop",
                                  "Subtitle: 20% off all shoes. The model should smile. Button: Shop",
                                  "副标题：20% off all shoes。海报用竖版。按钮：Shop"])
def test_a_remark_after_a_subtitles_full_stop_is_not_part_of_it(text: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon)["subtitle"] == "20% off all shoes", text


@pytest.mark.parametrize("text,cta", [
    ("CTA: Get the app, it is free on iOS and Android", "Get the app"),
    ("按钮：立即预约 背景里放一束向日葵", "立即预约"),
    # a short run-on after the action is the button's own words
    ("按钮：马上抢，手慢无", "马上抢，手慢无"),
])
def test_a_button_is_its_action_phrase_when_a_clause_follows(text: str, cta: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon)["cta"] == cta, text


def test_quotes_listed_after_a_copy_heading_are_the_fields_in_order(lexicon: BriefLexicon) -> None:
    expect_copy('Flash sale tonight. Poster copy: "Midnight Madness" / "Everything 40% off, 12am-2am" / "Shop now"',
            lexicon, title="Midnight Madness", subtitle="Everything 40% off, 12am-2am", cta="Shop now")
    expect_copy("七夕弹窗，文案：「把爱说出口」「情侣套餐立减52」「马上预订」", lexicon,
            title="把爱说出口", subtitle="情侣套餐立减52", cta="马上预订")
    # a field label keeps its alternatives rule: the first one named is the copy
    expect_copy("标题“粽情端午”或者“端午安康”都行", lexicon, title="粽情端午")


def test_a_header_row_names_the_columns_of_the_row_below(lexicon: BriefLexicon) -> None:
    expect_copy("表格贴过来了\n渠道\t主标题\t利益点\t按钮\nApp首页\t暑期特惠\t机票低至3折\t去抢票\n小程序\t暑期出行\t酒店满300减50\t去看看",
            lexicon, title="暑期特惠", subtitle="机票低至3折", cta="去抢票")
    expect_copy("| Placement | Headline | CTA |\n| --- | --- | --- |\n| Email | Winter Warmers | Shop coats |", lexicon,
            title="Winter Warmers", cta="Shop coats")
    expect_copy("投放表\n日期\t版位\t标题\n5月20日\t开屏\t爱要说出来", lexicon, title="爱要说出来")


def test_labels_down_the_first_column_are_still_one_field_a_row(lexicon: BriefLexicon) -> None:
    # 文案 heads the value column here; the labels are in the rows
    expect_copy("| 字段 | 文案 |\n| --- | --- |\n| 主标题 | 夏日冰饮 |\n| 按钮 | 去下单 |", lexicon, title="夏日冰饮", cta="去下单")
    expect_copy("主标题\t夏日冰饮\n按钮\t去下单", lexicon, title="夏日冰饮", cta="去下单")


@pytest.mark.parametrize("text,body", [
    ("标题：授权提示\n说明：开启定位后可查看附近门店，请在设置中允许访问\n按钮：去开启",
     "开启定位后可查看附近门店，请在设置中允许访问"),
    ("Title: Terms updated\nBody: We have updated our terms, please review them before continuing\nButton: Review",
     "We have updated our terms, please review them before continuing"),
])
def test_a_body_may_ask_its_reader_something(text: str, body: str, lexicon: BriefLexicon) -> None:
    assert copy_fields(text, lexicon)["body"] == body, text


def test_a_polite_request_to_the_designer_still_ends_the_body(lexicon: BriefLexicon) -> None:
    assert copy_fields("正文：活动期间每人限领一次，请用红色背景", lexicon)["body"] == "活动期间每人限领一次"
    assert copy_fields("Body: Limited seats, please make it pop", lexicon)["body"] == "Limited seats"


# ---------------------------------------------------------------------------- round 6 (outsider briefs)
@pytest.mark.parametrize("text,expected", [
    ("Promo\nHeadline: Double Gems\nLegal: One offer per account", {"title": "Double Gems", "body": "One offer per account"}),
    ("Title: Earn 4% APY\nDisclosure: Rates may change", {"title": "Earn 4% APY", "body": "Rates may change"}),
    ("Headline: Drive Electric\nSupporting copy: Book a test drive today", {"title": "Drive Electric",
                                                                            "subtitle": "Book a test drive today"}),
    ("外卖弹窗 标题：深夜食堂 按纽：去吃宵夜", {"title": "深夜食堂", "cta": "去吃宵夜"}),
    ("生鲜弹窗，标题是 早市鲜到家，下面一行写 每天7点上新，按钮 去抢购",
     {"title": "早市鲜到家", "subtitle": "每天7点上新", "cta": "去抢购"}),
])
def test_everyday_label_synonyms(text: str, expected: dict, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_a_slash_before_another_key_ends_the_value(lexicon: BriefLexicon) -> None:
    expect_copy("Promo — Heading: Top Up $50, Get $5 Free / CTA: Top Up Now / Legal: Valid for 90 days", lexicon,
            title="Top Up $50, Get $5 Free", cta="Top Up Now", body="Valid for 90 days")
    # a key the lexicon does not know still ends the value before it (its words are no copy of ours)
    expect_copy("Headline: Spring Sale / Notes: keep it airy", lexicon, title="Spring Sale")
    # a slash inside copy with no key after it stays copy
    expect_copy("Headline: 24/7 Support / Button: Chat now", lexicon, title="24/7 Support", cta="Chat now")


def test_a_change_verb_before_a_label_and_its_connector_corrects_it(lexicon: BriefLexicon) -> None:
    expect_copy("Headline 'Love Is in the Cart', button 'Find a Gift'.\nactually make the button say 'Shop Gifts'",
            lexicon, title="Love Is in the Cart", cta="Shop Gifts")
    expect_copy("Headline: Big Sale. Button: Shop now. Actually, make the button read Order now", lexicon,
            title="Big Sale", cta="Order now")
    # without a change verb the first button stays
    expect_copy("Headline: Big Sale. Button: Shop now. The old button said Order now", lexicon,
            title="Big Sale", cta="Shop now")


@pytest.mark.parametrize("text,expected", [
    ("Coffee app popup, just a headline please: Your First Latte Is On Us", {"title": "Your First Latte Is On Us"}),
    ("中秋弹窗，标题要中英双语：中秋快乐 Happy Mid-Autumn，按钮：Order Mooncakes",
     {"title": "中秋快乐 Happy Mid-Autumn", "cta": "Order Mooncakes"}),
    ("海外站弹窗，文案全英文：标题 Prime Day Early Access，副标题 Members get 48 hours of deals，按钮 Join Prime",
     {"title": "Prime Day Early Access", "subtitle": "Members get 48 hours of deals", "cta": "Join Prime"}),
    ("海报，标题要大一点：夏日冰饮节，按钮：去逛逛", {"title": "夏日冰饮节", "cta": "去逛逛"}),
])
def test_a_remark_between_a_label_and_its_colon_is_left_out(text: str, expected: dict,
                                                             lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


def test_words_between_a_label_and_a_colon_that_are_no_remark_keep_it_unlabelled(lexicon: BriefLexicon) -> None:
    # 标题和副标题: another label in the gap; the colon introduces both, not the title alone
    assert copy_fields("标题和副标题：待定，按钮：去看看", lexicon) == {"title": None, "subtitle": None, "body": None,
                                                          "cta": "去看看"}


def test_parts_that_repeat_the_first_word_continue_the_value(lexicon: BriefLexicon) -> None:
    expect_copy("Title: Earn 4.50% APY\nSubtitle: No fees, no minimums\nCTA: Open an Account", lexicon,
            title="Earn 4.50% APY", subtitle="No fees, no minimums", cta="Open an Account")
    # …but a remark to the designer after the comma still ends it
    expect_copy("Title: No fees, no text on the picture", lexicon, title="No fees")
    expect_copy("Title: Make it yours, make it pop", lexicon, title="Make it yours")


@pytest.mark.parametrize("text,expected", [
    ("新店开业海报：盛大开业！/ 全场8.8折，前100名到店送咖啡一杯 / 按钮：导航到店",
     {"title": "盛大开业！", "subtitle": "全场8.8折，前100名到店送咖啡一杯", "cta": "导航到店"}),
    ("开业海报，红色，盛大开业 / 全场8.8折 / 导航到店", {"title": "盛大开业", "subtitle": "全场8.8折", "cta": "导航到店"}),
    ("Summer sale banner / Big Summer Sale / Up to 50% off / Shop now, make it pop",
     {"title": "Big Summer Sale", "subtitle": "Up to 50% off", "cta": "Shop now"}),
    ("Poster copy: Big Sale / 50% off everything / Shop now",
     {"title": "Big Sale", "subtitle": "50% off everything", "cta": "Shop now"}),
])
def test_unlabelled_lines_between_slashes_are_the_fields_in_order(text: str, expected: dict,
                                                                  lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon, **expected)


@pytest.mark.parametrize("text", ["海报：红/黄配色 / 可爱风格", "中秋海报 / 蓝色 / 3D风格"])
def test_slashes_between_design_words_are_no_copy(text: str, lexicon: BriefLexicon) -> None:
    expect_copy(text, lexicon)
