"""The offline brief parser on varied zh/en briefs: each field extracted as a marketer meant it."""
from __future__ import annotations

import pytest

from agent.brief import Brief, BriefLexicon, parse_brief
from tools.errors import BriefError


# (brief, expected fields) — only the fields named are checked.
CASES: list[tuple[str, dict]] = [
    ("双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取",
     {"subjects": ["福袋"], "theme": "双十一", "palette": ["red", "yellow"], "format": "popup",
      "title": "好运福袋", "subtitle": "限时领取", "cta": "立即领取", "language": "zh"}),
    ("Summer sale banner, blue and white, headline: Cool Summer Deals, button: Shop now",
     {"palette": ["blue", "white"], "format": "banner", "title": "Cool Summer Deals", "cta": "Shop now",
      "language": "en"}),
    ("开学季文具促销海报，标题：开学好物，副标题：满100减20，按钮：去逛逛",
     {"format": "poster", "theme": "开学季", "title": "开学好物", "subtitle": "满100减20", "cta": "去逛逛",
      "has_subject": "文具"}),
    ("一个3D盾牌图标，蓝色渐变，磨砂玻璃，科技风，3张",
     {"subjects": ["盾牌"], "palette": ["blue"], "count": 3, "format": None, "styles": {"3d", "glass", "tech", "gradient"}}),
    ('Gift box popup in red and gold, title: "Happy New Year, Friends", cta: Claim',
     {"subjects": ["gift box"], "palette": ["red", "gold"], "format": "popup",
      "title": "Happy New Year, Friends", "cta": "Claim"}),
    ("冬日热饮海报 750x1000 标题：暖冬一杯 按钮：立即下单",
     {"format": "750x1000", "title": "暖冬一杯", "cta": "立即下单", "theme": "冬日热饮"}),
    ("中秋节月饼礼盒海报，金色和红色，标题：月满中秋，副标题：礼盒限时8折",
     {"format": "poster", "palette": ["gold", "red"], "title": "月满中秋", "subtitle": "礼盒限时8折",
      "has_subject": "月饼"}),
    ("新人专享礼包弹窗，粉色，标题：新人礼包，按钮：立即领取",
     {"format": "popup", "palette": ["pink"], "title": "新人礼包", "cta": "立即领取", "has_subject": "礼包"}),
    ("Square post for a coffee shop, brown and beige, headline: Fresh Brew Friday, CTA: Order now",
     # "coffee shop" is also the 咖啡 theme's alias (prompts/lexicon/themes.yaml): subject or theme
     {"format": "square", "palette": ["brown", "beige"], "title": "Fresh Brew Friday", "cta": "Order now",
      "subject_or_theme": ("coffee", "咖啡")}),
    ("相机图标海报，紫色渐变，主标题：影像新品发布，副标题：预约抢先看，按钮：预约",
     {"format": "poster", "palette": ["purple"], "title": "影像新品发布", "subtitle": "预约抢先看",
      "cta": "预约", "has_subject": "相机"}),
    ("耳机促销banner，黑色和金色，标题：降噪新体验，按钮文案：马上购买",
     {"format": "banner", "palette": ["black", "gold"], "title": "降噪新体验", "cta": "马上购买",
      "has_subject": "耳机"}),
    ("Headphones banner, navy and orange, title: Hear Every Beat, subtitle: 30% off this week, button: Buy",
     {"format": "banner", "palette": ["navy", "orange"], "title": "Hear Every Beat",
      "subtitle": "30% off this week", "cta": "Buy", "has_subject": "headphones"}),
    ("地球仪 3D 图标，蓝白配色，做两张",
     {"subjects": ["地球仪"], "palette": ["blue", "white"], "count": 2, "styles": {"3d"}}),
    ("签到领金币弹窗，标题：「每日签到」，副标题：连续7天领888金币，按钮：签到",
     {"format": "popup", "title": "每日签到", "subtitle": "连续7天领888金币", "cta": "签到", "has_subject": "金币"}),
    ("A poster of a rocket, purple and pink, title: Launch Day, body: Join us at 8pm for the live stream",
     {"format": "poster", "palette": ["purple", "pink"], "title": "Launch Day",
      "body": "Join us at 8pm for the live stream", "has_subject": "rocket"}),
    ("情人节玫瑰海报，粉红色，标题：爱在今天",
     {"format": "poster", "palette": ["pink"], "title": "爱在今天", "has_subject": "玫瑰"}),
    ("植树节海报，绿色，标题：种下希望，副标题：3月12日 一起植树",
     {"format": "poster", "palette": ["green"], "title": "种下希望", "subtitle": "3月12日 一起植树"}),
    ("游戏手柄 banner 1200x628，黑色和紫色，标题：周末开黑",
     {"format": "1200x628", "palette": ["black", "purple"], "title": "周末开黑", "has_subject": "手柄"}),
    ("popup for a pizza delivery app, red and yellow, title: Pizza Night, button: Order",
     {"format": "popup", "palette": ["red", "yellow"], "title": "Pizza Night", "cta": "Order",
      "has_subject": "pizza"}),
    ("生日蛋糕弹窗，粉色和白色，标题：生日快乐，副标题：送你一张优惠券，按钮：收下",
     {"format": "popup", "palette": ["pink", "white"], "title": "生日快乐", "subtitle": "送你一张优惠券",
      "cta": "收下", "has_subject": "蛋糕"}),
    ("Banner: laptop deals, gray and blue, headline: Back to School Tech, CTA: See offers",
     {"format": "banner", "palette": ["gray", "blue"], "title": "Back to School Tech", "cta": "See offers",
      "has_subject": "laptop"}),
    ("红包雨活动海报，中国风，红金配色，标题：新春红包雨，按钮：抢红包",
     {"format": "poster", "palette": ["red", "gold"], "styles": {"chinese"}, "title": "新春红包雨",
      "cta": "抢红包", "theme": "红包"}),
    ("魔方图标，科技风，蓝色，3D，标题：智能魔方",
     {"palette": ["blue"], "styles": {"tech", "3d"}, "title": "智能魔方", "has_subject": "魔方"}),
    ("文件夹图标海报 蓝色渐变 磨砂玻璃 标题：云端文件 副标题：随时随地同步",
     {"format": "poster", "palette": ["blue"], "styles": {"glass", "gradient"}, "title": "云端文件",
      "subtitle": "随时随地同步", "has_subject": "文件夹"}),
    ("square image of an ice cream cone, mint and pink, title: Chill Out",
     {"format": "square", "palette": ["mint", "pink"], "title": "Chill Out", "has_subject": "ice cream cone"}),
    ("Create 4 posters of a trophy, gold and black, title: Champions League Night",
     {"format": "poster", "count": 4, "palette": ["gold", "black"], "title": "Champions League Night",
      "has_subject": "trophy"}),
    ("购物车弹窗，绿色，标题：购物狂欢节，副标题：满300减50，按钮：去凑单，正文：活动时间11月1日-11月11日",
     {"format": "popup", "palette": ["green"], "title": "购物狂欢节", "subtitle": "满300减50", "cta": "去凑单",
      "body": "活动时间11月1日-11月11日", "has_subject": "购物车"}),
    ("卡通风格的咖啡杯海报，棕色，标题：早安咖啡",
     {"format": "poster", "palette": ["brown"], "styles": {"cartoon"}, "title": "早安咖啡", "has_subject": "咖啡杯"}),
    ("Flat minimal banner with a paper plane, cyan and white, headline: Travel Light",
     {"format": "banner", "palette": ["cyan", "white"], "styles": {"flat"}, "title": "Travel Light",
      "has_subject": "paper plane"}),
    ("火箭 海报 橙色 标题：冲刺618 副标题：爆款直降 按钮：立即抢",
     {"format": "poster", "palette": ["orange"], "title": "冲刺618", "subtitle": "爆款直降", "cta": "立即抢",
      "has_subject": "火箭"}),
    ("watercolor painting style poster of a hot air balloon, orange, title: Dream Big",
     {"format": "poster", "palette": ["orange"], "styles": {"painting"}, "title": "Dream Big",
      "has_subject": "hot air balloon"}),
    ("节日礼物弹窗 x2 红色 标题：圣诞快乐",
     {"format": "popup", "count": 2, "palette": ["red"], "title": "圣诞快乐", "has_subject": "礼物"}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:24] for c in CASES])
def test_parse_brief_extracts_fields(text: str, expected: dict, lexicon: BriefLexicon) -> None:
    brief = parse_brief(text, lexicon)
    for key, value in expected.items():
        if key in ("title", "subtitle", "cta", "body"):
            assert getattr(brief.copy, key) == value, key
        elif key == "styles":
            assert value <= set(brief.style), brief.style
        elif key == "has_subject":
            assert any(value in subject or subject in value for subject in brief.subjects), brief.subjects
        elif key == "subject_or_theme":
            word, theme = value
            assert any(word in subject for subject in brief.subjects) or brief.theme == theme, (brief.subjects, brief.theme)
        else:
            assert getattr(brief, key) == value, key


def test_copy_text_does_not_leak_into_subjects_or_palette(lexicon: BriefLexicon) -> None:
    brief = parse_brief("福袋弹窗，标题：红色星期五，按钮：立即领取", lexicon)
    assert brief.palette == []
    assert "星期五" not in " ".join(brief.subjects)


def test_format_is_left_to_the_template_when_the_brief_names_none(lexicon: BriefLexicon) -> None:
    assert parse_brief("礼物盒，红色", lexicon).format is None


def test_no_copy_gives_empty_copy(lexicon: BriefLexicon) -> None:
    assert parse_brief("一个礼物盒图标", lexicon).copy.is_empty()


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_brief_is_a_clear_error(text: str, lexicon: BriefLexicon) -> None:
    with pytest.raises(BriefError, match="empty"):
        parse_brief(text, lexicon)


def test_huge_brief_is_a_clear_error(lexicon: BriefLexicon) -> None:
    with pytest.raises(BriefError, match="limit"):
        parse_brief("福袋" * 5000, lexicon, max_chars=2000)


def test_count_is_capped(lexicon: BriefLexicon) -> None:
    assert parse_brief("礼物盒海报 100张", lexicon).count == 16


def test_brief_rejects_unknown_colour_keys() -> None:
    with pytest.raises(ValueError):
        Brief(palette=["ultraviolet"])


# ---------------------------------------------------------------- regressions from hands-on briefs
RULES_BODY = ("活动时间：即日起至本月底。参与方式：下单后在订单页点击领取，每位会员限领一次，"
              "积分将在确认收货后七个工作日内到账，可在会员中心查看明细")


@pytest.mark.parametrize("repeat", [1, 2, 3])
def test_an_unquoted_body_of_rules_is_kept_whole(repeat: int, lexicon: BriefLexicon) -> None:
    """A long unlabelled-quote body mentioning 活动 and 会员 is more body, not a design remark:
    it used to stop at 56 characters and leak 中心/时间/方式 into the subjects."""
    body = "。".join([RULES_BODY] * repeat)
    brief = parse_brief(f"会员日海报，标题：会员专享，正文：{body}", lexicon)
    assert brief.copy.title == "会员专享" and brief.copy.body == body
    assert brief.subjects == []


def test_a_body_still_ends_at_a_design_remark(lexicon: BriefLexicon) -> None:
    brief = parse_brief(f"会员日海报，标题：会员专享，正文：{RULES_BODY}，红黄配色", lexicon)
    assert brief.copy.body == RULES_BODY and brief.palette == ["red", "yellow"]
    brief = parse_brief(f"会员日海报，正文：{RULES_BODY}，要活泼一点", lexicon)
    assert brief.copy.body == RULES_BODY


def test_rule_words_of_an_unlabelled_body_are_not_subjects(lexicon: BriefLexicon) -> None:
    brief = parse_brief("活动海报，会员中心全新升级，活动时间：本周六至周日，参与方式：打开App下单即可参与抽奖", lexicon)
    assert not {"中心", "时间", "方式", "下单"} & set(brief.subjects)


@pytest.mark.parametrize("text, subject", [
    ("电动牙刷", "电动牙刷"),  # jieba files it as a set phrase ("l")
    ("电动牙刷新品海报，标题：焕白新生", "电动牙刷"),  # 刷新 (a theme word) straddles 牙刷|新品
])
def test_a_set_phrase_that_names_a_thing_is_the_subject(text: str, subject: str, lexicon: BriefLexicon) -> None:
    brief = parse_brief(text, lexicon)
    assert brief.subjects == [subject] and brief.theme is None


@pytest.mark.parametrize("text, subject", [
    ("智利车厘子JJJ级 2斤装 159元，顺丰冷链次日达。标题：车厘子自由 就现在", "车厘子"),
    ("元宵节海报，主视觉用一碗汤圆，标题：团团圆圆闹元宵", "汤圆"),
    ("母亲节花店海报，画面放一束康乃馨", "康乃馨"),
])
def test_a_thing_jieba_files_as_a_name_is_a_subject_when_search_knows_it(text: str, subject: str,
                                                                        lexicon: BriefLexicon) -> None:
    assert subject in parse_brief(text, lexicon).subjects


def test_a_persons_name_is_still_no_subject(lexicon: BriefLexicon) -> None:
    assert "小王" not in parse_brief("帮小王做个海报，画面放一个咖啡杯，标题：欢迎新同事", lexicon).subjects


@pytest.mark.parametrize("text", ["画一个空气炸锅", "画一个空气炸锅，标题：轻脂生活", "来一张空气炸锅海报"])
def test_the_verb_asking_for_a_picture_is_not_its_subject(text: str, lexicon: BriefLexicon) -> None:
    from agent.planner import subject_phrases

    brief = parse_brief(text, lexicon)
    assert brief.subjects == ["空气", "炸锅"] and subject_phrases(brief) == ["空气炸锅"]


def test_a_picture_of_a_painting_keeps_its_subject(lexicon: BriefLexicon) -> None:
    assert "画" in parse_brief("画一幅画", lexicon).subjects  # only the request verb goes


def test_a_gift_box_is_shown_by_the_gallerys_gift() -> None:
    from agent.subject_match import best_match
    from tools.retrieval.synonyms import load_synonyms

    gift = {"gallery_id": "1f381", "label_zh": "礼物", "label_en": "wrapped gift", "tags": ["礼物", "gift"]}
    assert best_match("礼盒", [gift], load_synonyms())[0].coverage == 1.0
    assert best_match("礼盒", [gift], None)[0].coverage < 1.0, "the synonym table does it, not the label"


@pytest.mark.parametrize("text, language", [
    ("双十一 banner，标题：好运福袋", "zh"),
    ("Mid-Autumn poster with 月饼, headline: Happy Mid-Autumn", "en"),
    ("/3d-icon 礼物盒", "zh"),
    ("/3d-icon gift box", "en"),
    ("/help", "zh"),  # a command alone says nothing about the user's language: the default
    ("开学季 banner，Title：开学焕新季，Sub：学生认证享9折，CTA：去认证", "zh"),
])
def test_the_briefs_language_is_the_script_that_carries_it(text: str, language: str, lexicon: BriefLexicon) -> None:
    from agent.brief import text_language

    assert text_language(text) == language
    if not text.startswith("/"):
        assert parse_brief(text, lexicon).language == language


@pytest.mark.parametrize("text, theme", [
    # The theme the brief returns to, its copy included, over the one named first in passing.
    ("游戏会员续费弹窗，标题：续费立享8折，按钮：立即续费", "会员续费"),       # not 游戏: the renewal
    ("跑步APP的每日打卡弹窗，标题：今日打卡 +5 积分", "签到"),               # not 运动: the check-in
    ("瑜伽App的daily check-in popup, title: Day 7 check-in done", "签到"),
    # Named as often, the first named stays the theme.
    ("火锅外卖满100减30弹窗", "火锅"),
    ("理财新人专享", "理财"),
])
def test_the_theme_is_the_one_the_brief_returns_to(text: str, theme: str, lexicon: BriefLexicon) -> None:
    assert parse_brief(text, lexicon).theme == theme
