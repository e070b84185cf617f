"""The campaign-theme lexicon: a marketer's theme becomes the symbols designers draw."""
from __future__ import annotations

from pathlib import Path

import pytest

from tools.errors import TemplateError
from tools.retrieval.themes import SHIPPED_LEXICON, ThemeLexicon, load_lexicon


@pytest.fixture(scope="module")
def lexicon() -> ThemeLexicon:
    return load_lexicon()


def _symbols(lexicon, query):
    return [e.text for e in lexicon.expand(query) if e.source.startswith("theme:")]


def test_the_shipped_lexicon_covers_many_themes_each_with_symbols(lexicon):
    assert len(lexicon.themes) >= 40
    assert all(theme.symbols for theme in lexicon.themes)
    assert all(theme.en for theme in ThemeLexicon.load(SHIPPED_LEXICON).themes)  # hand themes are bilingual
    names = {t.name for t in lexicon.themes}
    assert {"限时秒杀", "开学季", "植树节", "深夜食堂", "双十一", "618", "春节", "中秋", "情人节", "会员日",
            "新人礼包", "签到", "抽奖", "红包", "夏日", "冬日热饮"} <= names


@pytest.mark.parametrize("query, theme", [
    ("限时秒杀弹窗", "限时秒杀"), ("Flash-Sale banner", "限时秒杀"), ("双11狂欢", "双十一"),
    ("back to school", "开学季"), ("618大促", "618"), ("五一劳动节快乐", "劳动节"), ("mid autumn festival", "中秋"),
])
def test_themes_are_found_inside_queries_in_both_languages(lexicon, query, theme):
    assert [m.theme.name for m in lexicon.match(query)] == [theme]


def test_a_query_can_name_two_themes(lexicon):
    assert [m.theme.name for m in lexicon.match("五一出游")] == ["劳动节", "旅行"]


def test_a_text_is_scanned_once_and_its_answer_stays_the_callers(lexicon):
    fresh = ThemeLexicon(lexicon.themes)
    first = fresh.match("双11 开学季 相机")
    first.clear()  # a caller may change the list it got
    assert [m.theme.name for m in fresh.match("双11 开学季 相机")] == ["双十一", "开学季"]
    assert fresh.subject("双11 开学季 相机") == "相机"
    assert fresh.scans == 1
    inside = fresh.match("双11 开学季 相机", ignore={(0, 3)})  # another question about the same text
    assert [m.theme.name for m in inside] == ["开学季"] and fresh.scans == 2


def test_the_longest_alias_wins(lexicon):
    assert [m.theme.name for m in lexicon.match("双十一")] == ["双十一"]  # not 国庆's 十一


def test_latin_and_digit_aliases_match_whole_words_only(lexicon):
    assert lexicon.match("5100元") == [] and lexicon.match("maid") == []  # "ai" inside "maid" is no match


def test_plain_object_queries_are_not_expanded(lexicon):
    assert [e.source for e in lexicon.expand("礼物盒")] == ["query"]


def test_expansion_keeps_the_query_then_its_subject_then_symbols(lexicon):
    expansions = lexicon.expand("中秋月饼礼盒")
    assert expansions[0].text == "中秋月饼礼盒" and expansions[0].source == "query"
    assert expansions[1].text == "月饼礼盒" and expansions[1].source == "subject"
    assert "月饼 moon cake" in _symbols(lexicon, "中秋月饼礼盒")


def test_symbols_of_two_themes_are_interleaved(lexicon):
    symbols = _symbols(lexicon, "春节红包")
    assert {lexicon.expand("春节红包")[i].source for i in range(1, 5)} == {"theme:春节", "theme:红包"}
    assert len(symbols) == len(set(symbols))


def test_a_users_lexicon_adds_and_overrides_themes(tmp_path):
    user = tmp_path / "lexicon" / "themes.yaml"
    user.parent.mkdir()
    user.write_text("themes:\n  植树节:\n    en: [tree day]\n    symbols: {仙人掌: cactus}\n"
                    "  猫咖:\n    zh: [撸猫]\n    symbols: {猫: cat}\n", encoding="utf-8")
    lexicon = load_lexicon(tmp_path)
    assert _symbols(lexicon, "植树节") == ["仙人掌 cactus"]
    assert _symbols(lexicon, "撸猫") == ["猫 cat"]


def test_a_malformed_lexicon_is_a_readable_error(tmp_path):
    bad = tmp_path / "themes.yaml"
    bad.write_text("themes:\n  x:\n    symbols: [a, b]\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="symbols"):
        ThemeLexicon.load(bad)


def test_the_agent_can_read_theme_names_from_the_same_file():
    import yaml

    data = yaml.safe_load(Path(SHIPPED_LEXICON).read_text(encoding="utf-8"))
    assert isinstance(data["themes"], dict)
    assert all(isinstance(name, str) for name in data["themes"])


# ------------------------------------------------------------------ the built lexicon (issue 17)
FUNCTIONS_AND_INDUSTRIES = ["签到", "拉新", "会员", "提现", "充值", "公告", "升级", "客服", "安全", "隐私", "搜索", "消息",
                            "设置", "支付", "退款", "积分", "教育", "旅游", "金融", "医疗", "餐饮", "出行", "运动", "游戏",
                            "直播", "数码"]


def test_the_built_and_hand_lexicons_cover_three_hundred_themes(lexicon):
    assert len(lexicon.themes) >= 300
    assert all(theme.symbols for theme in lexicon.themes)


@pytest.mark.parametrize("word", FUNCTIONS_AND_INDUSTRIES)
def test_app_functions_and_industries_are_themes_with_symbols(lexicon, word):
    matches = lexicon.match(f"{word}活动海报")
    assert matches and matches[0].theme.symbols, word


def test_built_themes_reach_new_ground_with_data_symbols(lexicon):
    symbols = {name: [s.en for s in next(t for t in lexicon.themes if t.name == name).symbols]
               for name in ("程序员节", "瑜伽", "美发", "婚庆")}
    assert "technologist" in symbols["程序员节"]
    assert "person in lotus position" in symbols["瑜伽"]
    assert "barber pole" in symbols["美发"]
    assert "ring" in symbols["婚庆"]


def test_hand_entries_win_over_built_ones(tmp_path):
    built = tmp_path / "themes_built.yaml"
    hand = tmp_path / "themes.yaml"
    built.write_text("themes:\n"
                     "  秒杀:\n    zh: [抢购, 闪购]\n    symbols: {火箭: rocket}\n"          # named like a hand alias
                     "  促销:\n    zh: [限时抢购, 清仓]\n    symbols: {价签: label}\n"     # one alias the hand uses
                     "  露营:\n    symbols: {帐篷: tent}\n", encoding="utf-8")          # same name
    hand.write_text("themes:\n  限时秒杀:\n    zh: [秒杀, 限时抢购]\n    symbols: {闪电: high voltage}\n"
                    "  露营:\n    symbols: {篝火: campfire}\n", encoding="utf-8")
    lexicon = ThemeLexicon.load(built, hand)
    names = {t.name: t for t in lexicon.themes}
    assert "秒杀" not in names
    assert names["促销"].zh == ["清仓"]
    assert [s.en for s in names["露营"].symbols] == ["campfire"]
    assert [m.theme.name for m in lexicon.match("限时抢购")] == ["限时秒杀"]
    assert [m.theme.name for m in lexicon.match("清仓")] == ["促销"]


def test_the_shipped_built_file_holds_no_hand_theme_and_no_object_name(sample_gallery):
    import json

    from tools.retrieval.build_themes import BUILT, gallery_names, hand_claims, is_label

    built = json.loads(BUILT.read_text(encoding="utf-8"))["themes"]
    claimed = hand_claims()
    _, _, labels = gallery_names(sample_gallery / "metadata.jsonl")
    gallery_zh = {json.loads(line)["label_zh"] for line in (sample_gallery / "metadata.jsonl").open(encoding="utf-8")}
    for name, entry in built.items():
        assert str(name).lower() not in claimed and not is_label(str(name), labels), name
        assert not {a.lower() for a in entry.get("zh", []) + entry.get("en", [])} & claimed, name
        assert set(entry["symbols"]) <= gallery_zh, name   # symbols are gallery labels: search finds them by name


# ------------------------------------------------ offers with amounts, filler words, gaps
@pytest.mark.parametrize("query, theme", [
    ("满200减30", "折扣"),            # an amount stands where the lexicon says # (a price cut, not a coupon)
    ("每满100元减15元", "折扣"),       # with the currency after each amount
    ("满59包邮", "订单物流"),          # the longer formula wins over the bare 包邮
    ("40% off all shoes", "折扣"),
    ("up to 70% off", "折扣"),
    ("全场3折起", "折扣"),
    ("全场七折", "折扣"),            # an amount in Chinese numerals too
    ("满三百减五十", "折扣"),
])
def test_an_alias_with_an_amount_matches_any_amount(lexicon, query, theme):
    assert [m.theme.name for m in lexicon.match(query)][:1] == [theme]


def test_an_amount_alias_says_all_of_the_amount(lexicon):
    # 八五折 is one discount: #折 takes the whole of it, not 五折 its end, and no 八 is left to name a keycap
    match = lexicon.match("限时八五折")[-1]
    assert (match.alias, match.start, match.end) == ("#折", 2, 5)
    assert lexicon.without_amounts("限时八五折").strip() == "限时"


def test_an_amount_alias_needs_its_digits(lexicon):
    assert "折扣" not in [m.theme.name for m in lexicon.match("满屏的减号")]
    assert lexicon.match("off-white sofa") == []      # "# off" would need a number before "off"


def test_a_price_formula_is_blanked_out_for_naming(lexicon):
    text = lexicon.without_amounts("满300减50 咖啡")
    assert "减" not in text and "满" not in text and "咖啡" in text
    assert lexicon.without_amounts("减肥茶") == "减肥茶"   # no amount: nothing is taken out


@pytest.mark.parametrize("query, theme", [
    ("track my parcel", "订单物流"),        # alias "track parcel": a possessive may sit between the words
    ("invite your friends", "邀请好友"),    # alias "invite friends"
    ("spin the wheel today", "抽奖"),
])
def test_an_english_alias_allows_an_article_or_possessive_between_its_words(lexicon, query, theme):
    assert [m.theme.name for m in lexicon.match(query)] == [theme]


def test_the_gap_is_only_an_article_or_a_possessive(lexicon):
    assert "订单物流" not in [m.theme.name for m in lexicon.match("track every parcel")]


@pytest.mark.parametrize("query, subject", [
    ("flash sale starts now", ""),            # when a campaign runs is no object
    ("flash sale ends today", ""),
    ("限时秒杀今晚结束", ""),
    ("coupon: grab a blue sneaker", "blue sneaker"),
    ("双十一囤货啦", ""),
    ("national day holiday", ""),             # the holiday a festival is
    ("thanksgiving dinner", ""),              # and its meal
])
def test_campaign_timing_and_shopper_verbs_are_not_a_subject(lexicon, query, subject):
    assert lexicon.subject(query) == subject


def test_laba_and_little_new_year_are_festivals_of_their_own(lexicon):
    assert [m.theme.name for m in lexicon.match("腊八节快乐")] == ["腊八节"]
    assert [m.theme.name for m in lexicon.match("过小年")] == ["小年"]
    assert [m.theme.name for m in lexicon.match("冬至")] == ["冬至"]
    laba = next(t for t in lexicon.themes if t.name == "腊八节")
    assert laba.symbols[0].en == "bowl with spoon"   # 腊八粥 first


def test_gratitude_alone_is_not_thanksgiving(lexicon):
    """感恩 (gratitude) is thanks in general; Thanksgiving is 感恩节."""
    assert "感恩节" not in [m.theme.name for m in lexicon.match("教师节感恩")]
    assert [m.theme.name for m in lexicon.match("感恩节")] == ["感恩节"]
