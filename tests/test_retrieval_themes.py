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
    assert all(theme.symbols and theme.en for theme in lexicon.themes)
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


def test_the_longest_alias_wins(lexicon):
    assert [m.theme.name for m in lexicon.match("双十一")] == ["双十一"]  # not 国庆's 十一


def test_latin_and_digit_aliases_match_whole_words_only(lexicon):
    assert lexicon.match("5100元") == [] and lexicon.match("maid cafe") == []


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
    assert _symbols(lexicon, "周末撸猫") == ["猫 cat"]


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
