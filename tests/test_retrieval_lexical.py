"""The lexical channel of search: stemming, BM25, which images a query names, synonyms, and the
saved index file. Small hand-made catalogs; the real gallery is covered in test_retrieval_search.py
and measured in bench/retrieval_quality.py."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tools.errors import TemplateError
from tools.retrieval.lexical import KIND_HEAD, LexicalIndex
from tools.retrieval.synonyms import Synonyms, load_synonyms
from tools.retrieval.words import phrase_key, stem

ITEMS = [
    {"id": 10, "label_zh": "购物车", "label_en": "shopping cart", "tags": ["手推车", "购物", "cart", "trolley"],
     "document": "购物车；shopping cart。手推车、购物。cart, trolley"},
    {"id": 11, "label_zh": "飞机", "label_en": "airplane", "tags": ["飞机", "航班", "aeroplane", "flight"],
     "document": "飞机；airplane。飞机、航班。aeroplane, flight"},
    {"id": 12, "label_zh": "硬币", "label_en": "coin", "tags": ["钱", "金币", "money", "gold"],
     "document": "硬币；coin。钱、金币。money, gold"},
    {"id": 13, "label_zh": "白色圆", "label_en": "white circle", "tags": ["白色", "圆", "circle", "white"],
     "document": "白色圆；white circle。白色、圆。circle, white"},
    {"id": 14, "label_zh": "猪", "label_en": "pig", "tags": ["猪", "pig"], "document": "猪；pig。猪。pig"},
    {"id": 15, "label_zh": "跑步者: 较浅肤色", "label_en": "person running: light skin tone",
     "tags": ["跑步", "running", "marathon"], "document": "跑步者: 较浅肤色；person running: light skin tone。跑步。running, marathon"},
    {"id": 16, "label_zh": "跑步者", "label_en": "person running", "tags": ["跑步", "running", "marathon"],
     "document": "跑步者；person running。跑步。running, marathon"},
    {"id": 17, "label_zh": "一个马克杯", "label_en": "", "tags": [], "document": "一个红色的马克杯放在木桌上"},
]
SYNONYMS = Synonyms({"机票": ["飞机"], "推车": ["购物车"], "trolley": ["shopping cart"]})


@pytest.fixture(scope="module")
def lexical() -> LexicalIndex:
    return LexicalIndex.build(ITEMS, extra_words=["机票", "推车", "秒杀"])


def _top(lexical: LexicalIndex, query: str, synonyms: Synonyms | None = SYNONYMS) -> int:
    scores = lexical.scores(lexical.terms(query, synonyms))
    return int(lexical.ids[int(np.argmax(scores))])


def _named(lexical: LexicalIndex, query: str, synonyms: Synonyms | None = SYNONYMS) -> dict[int, float]:
    named = lexical.named(lexical.terms(query, synonyms))
    return {int(lexical.ids[r]): round(float(named[r]), 2) for r in np.flatnonzero(named)}


@pytest.mark.parametrize("word, expected", [
    ("shoes", "shoe"), ("parties", "party"), ("swimming", "swim"), ("boxes", "box"), ("glass", "glass"), ("bus", "bus"),
    ("mangoes", "mango"), ("potatoes", "potato"), ("canoes", "canoe"), ("cookies", "cookie"), ("movies", "movie"),
    # a y between vowels is a consonant: kayak has two syllables, so no silent e comes back
    ("kayaking", "kayak"), ("kayaked", "kayak"), ("skating", "skate"),
])
def test_english_words_are_stemmed_so_forms_meet(word, expected):
    assert stem(word) == stem(expected)


def test_different_words_keep_different_stems():
    assert len({stem(w) for w in ("glass", "grass", "mango", "man", "bus", "shoe")}) == 6


@pytest.mark.parametrize("word, other", [
    ("news", "new"), ("rating", "rat"), ("bowling", "bowl"), ("boxing", "box"), ("moped", "mop"), ("earring", "ear"),
    ("parking", "park"), ("string", "str"), ("spring", "spr"), ("speed", "spe"), ("bearing", "bear"),
])
def test_a_word_that_ends_like_an_inflection_is_not_made_another_word(word, other):
    assert stem(word) != stem(other)


@pytest.mark.parametrize("plural, singular", [
    ("dumplings", "dumpling"), ("earrings", "earring"), ("paintings", "painting"), ("weddings", "wedding"),
    ("buildings", "building"), ("seeds", "seed"), ("speeds", "speed"),
])
def test_the_plural_of_an_ing_or_ed_word_meets_its_singular(plural, singular):
    assert stem(plural) == stem(singular)


def test_phrase_keys_ignore_skin_tones_case_and_spacing():
    assert phrase_key("Person Running: light skin tone") == phrase_key("person running") == "person run"
    assert phrase_key("白色 圆") == "白色圆"


@pytest.mark.parametrize("query, expected", [
    ("shopping trolley", 10), ("购物", 10), ("金币", 12), ("coins", 12), ("马克杯", 17), ("marathon runners", 16),
])
def test_bm25_finds_the_image_whose_words_match(lexical, query, expected):
    assert _top(lexical, query) in ({15, 16} if expected == 16 else {expected})


def test_a_query_word_outside_the_vocabulary_still_meets_captions_by_characters(lexical):
    assert _top(lexical, "木桌", synonyms=None) == 17


def test_a_character_inside_another_word_is_no_match_for_it():
    """袋 heads 购物袋 (a bag) but only starts 袋鼠 (a kangaroo): a query word the gallery lacks
    (福袋) that shares only that character reaches the bag first."""
    items = [{"id": 1, "label_zh": "袋鼠", "label_en": "kangaroo", "tags": ["袋鼠", "动物"], "document": "袋鼠；kangaroo。动物"},
             {"id": 2, "label_zh": "购物袋", "label_en": "shopping bags", "tags": ["购物", "袋"], "document": "购物袋；shopping bags。购物、袋"}]
    index = LexicalIndex.build(items)
    scores = index.scores(index.terms("福袋"))
    assert scores[index.row(2)] > 1.5 * scores[index.row(1)] > 0


def test_a_common_tag_still_names_the_symbols_that_are_kinds_of_it():
    """帽子 tags five hats and a party face: too common to name them all, but the hats (labels
    ending in 帽) are kinds of it and stay named; the party face is not."""
    hats = ["礼帽", "女帽", "鸭舌帽", "毕业帽", "安全帽"]
    items = [{"id": i, "label_zh": label, "label_en": "", "tags": ["帽子"], "document": label} for i, label in enumerate(hats)]
    items.append({"id": 9, "label_zh": "聚会笑脸", "label_en": "partying face", "tags": ["帽子", "派对"], "document": "聚会笑脸"})
    index = LexicalIndex.build(items)
    named = index.named(index.terms("帽子"))
    assert index.tag_spread("帽子") == 6
    assert all(named[index.row(i)] > 0 for i in range(len(hats))) and named[index.row(9)] == 0


def test_an_occasion_word_after_an_object_does_not_name_the_occasion():
    items = [{"id": 1, "label_zh": "夜晚", "label_en": "night", "tags": ["night", "star"], "document": "night"},
             {"id": 2, "label_zh": "一锅食物", "label_en": "pot of food", "tags": ["pot", "stew"], "document": "pot of food"}]
    index = LexicalIndex.build(items)
    named = _named(index, "hot pot night", Synonyms({"hot pot": ["pot of food"]}))
    assert named[2] > 0.5 > named.get(1, 0.0)
    assert _named(index, "night", None)[1] == 1.0  # alone, the word still names it


def test_words_inside_a_chinese_occasion_word_do_not_name_their_object():
    """训练 in 篮球训练营 is part of the training camp, not the weightlifter tagged 训练."""
    items = [{"id": 1, "label_zh": "篮球", "label_en": "basketball", "tags": ["球"], "document": "篮球"},
             {"id": 2, "label_zh": "举重", "label_en": "lifting weights", "tags": ["训练", "健身"], "document": "举重"}]
    index = LexicalIndex.build(items, extra_words=["训练营"])
    named = _named(index, "篮球训练营", None)
    assert named[1] == 1.0 and named.get(2, 0.0) < 0.5
    cover = index.coverage("篮球训练营")
    assert cover[index.row(1)] == 1.0 and cover[index.row(2)] == 0.0
    assert _named(index, "训练", None)[2] > 0.5  # alone, the word still names it


def test_an_occasion_left_after_a_theme_word_names_only_weakly():
    """"camp" of "soccer camp" (soccer taken out as a theme word) follows another word."""
    items = [{"id": 1, "label_zh": "露营", "label_en": "camping", "tags": ["camp"], "document": "camping"}]
    index = LexicalIndex.build(items)
    follows = index.named(index.terms("camp", follows=True))
    assert 0 < follows[0] < 0.5 <= index.named(index.terms("camp"))[0]


def test_occasion_and_number_words_do_not_make_the_object_word_a_part_of_a_name():
    phrases = dict(LexicalIndex.build(ITEMS).phrases("coin 30% off"))
    assert phrases[phrase_key("coin")] == 1.0 and phrases[phrase_key("off")] < 0.5


def test_synonyms_reach_objects_the_query_calls_differently(lexical):
    assert _top(lexical, "机票") == 11
    assert _named(lexical, "机票秒杀").get(11, 0) >= 0.5


def test_the_head_noun_at_the_end_of_a_chinese_phrase_names_the_object(lexical):
    named = _named(lexical, "一辆白色的小推车")
    assert named.get(10, 0) >= 0.5           # 推车 → 购物车
    assert 13 not in named                   # 白色 describes, it names nothing
    assert _named(lexical, "一只粉色的小猪").get(14, 0) >= 0.5


def test_a_label_names_more_surely_than_a_tag_and_a_part_less_than_the_whole(lexical):
    assert _named(lexical, "coin")[12] == 1.0
    assert _named(lexical, "钱")[12] == pytest.approx(0.7)
    assert 0.5 <= _named(lexical, "coin bonus for new users")[12] < 1.0


def test_a_tag_carried_by_many_symbols_names_none_of_them():
    many = [{"id": i, "label_zh": f"符号{i}", "label_en": f"symbol {i}", "tags": ["new"], "document": ""} for i in range(6)]
    lexical = LexicalIndex.build(many)
    assert not lexical.named(lexical.terms("new")).any()


def test_skin_tone_variants_share_a_group(lexical):
    rows = [lexical.row(15), lexical.row(16)]
    assert lexical.variant_group[rows[0]] == lexical.variant_group[rows[1]]


def test_the_saved_index_scores_exactly_like_the_built_one(lexical, tmp_path):
    path = tmp_path / "g1.lexical-test.npz"
    lexical.save(path)
    loaded = LexicalIndex.load(path)
    for query in ("shopping trolley", "一辆白色的小推车", "金币", "马克杯"):
        assert np.allclose(loaded.scores(loaded.terms(query, SYNONYMS)), lexical.scores(lexical.terms(query, SYNONYMS)))
        assert np.allclose(loaded.named(loaded.terms(query, SYNONYMS)), lexical.named(lexical.terms(query, SYNONYMS)))
    assert not list(tmp_path.glob("*.tmp"))


def test_the_shipped_synonym_table_loads_and_a_users_table_adds_to_it(tmp_path):
    assert "飞机" in load_synonyms().of("机票")
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "themes_synonyms.yaml").write_text("synonyms:\n  爆款: [火焰]\n", encoding="utf-8")
    table = load_synonyms(tmp_path)
    assert table.of("爆款") == ["火焰"] and "飞机" in table.of("机票")


def test_a_malformed_synonym_table_is_a_readable_error(tmp_path):
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "themes_synonyms.yaml").write_text("synonyms: [a, b]\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="must map a word to a list of words"):
        load_synonyms(Path(tmp_path))


def test_a_colour_word_beside_a_noun_does_not_outvote_it_in_bm25():
    items = [{"id": 1, "label_zh": "红色方块", "label_en": "red square", "tags": ["红色", "方块", "red"],
              "document": "红色方块；red square。红色、方块"},
             {"id": 2, "label_zh": "热饮", "label_en": "hot beverage", "tags": ["杯子", "咖啡", "mug"],
              "document": "热饮；hot beverage。杯子、咖啡。mug"}]
    index = LexicalIndex.build(items)
    assert _top(index, "红色杯子", None) == 2
    assert _top(index, "red mug", None) == 2
    assert _top(index, "红色", None) == 1  # alone, the colour counts in full


def test_a_name_inside_a_longer_name_the_query_says_is_part_of_it():
    items = [{"id": 1, "label_zh": "羽毛", "label_en": "feather", "tags": ["羽毛"], "document": "羽毛"},
             {"id": 2, "label_zh": "羽毛球", "label_en": "badminton", "tags": ["球拍", "羽毛球"], "document": "羽毛球"}]
    named = _named(LexicalIndex.build(items), "羽毛球拍", None)
    assert named[2] >= 0.5 > named.get(1, 0.0)


def test_a_bare_head_noun_names_the_label_it_takes_with_a_suffix():
    items = [{"id": 1, "label_zh": "椅子", "label_en": "chair", "tags": ["座位"], "document": "椅子"},
             {"id": 2, "label_zh": "电动轮椅", "label_en": "motorized wheelchair", "tags": ["轮椅"], "document": "电动轮椅"}]
    index = LexicalIndex.build(items)
    assert _named(index, "小木椅", None).get(1, 0.0) >= 0.5
    assert index.coverage("小木椅")[0] > index.coverage("小木椅")[1]


HEAD_ITEMS = [
    {"id": 1, "label_zh": "巧克力", "label_en": "chocolate bar", "tags": ["巧克力", "chocolate"], "document": "巧克力"},
    {"id": 2, "label_zh": "生日蛋糕", "label_en": "birthday cake", "tags": ["蛋糕", "cake"], "document": "生日蛋糕"},
    {"id": 3, "label_zh": "日文的预留按钮", "label_en": "reserved button", "tags": ["预订", "reserved"],
     "document": "预留"},
    {"id": 4, "label_zh": "企鹅", "label_en": "penguin", "tags": ["鸟"], "document": "企鹅"},
    {"id": 5, "label_zh": "小宝贝", "label_en": "baby", "tags": ["婴儿"], "document": "小宝贝"},
    {"id": 6, "label_zh": "红苹果", "label_en": "red apple", "tags": ["苹果", "apple"], "document": "红苹果"},
    {"id": 7, "label_zh": "青苹果", "label_en": "green apple", "tags": ["苹果", "apple"], "document": "青苹果"},
    {"id": 8, "label_zh": "礼物", "label_en": "wrapped gift", "tags": ["礼物", "gift"], "document": "礼物"},
]


def _head(index: LexicalIndex, query: str, synonyms: Synonyms | None = None) -> set[int]:
    return {int(index.ids[r]) for r in np.flatnonzero(index.head_names(query, synonyms))}


def test_the_head_noun_of_a_compound_is_its_last_content_word():
    index = LexicalIndex.build(HEAD_ITEMS)
    assert _head(index, "巧克力蛋糕") == {2}          # the cake, a kind of 蛋糕 by its label
    assert _head(index, "baby penguin") == {4}
    assert _head(index, "penguin plush for babies") == set()   # the plush is the head, and names nothing
    assert _head(index, "巧克力礼物") == {1}           # a gift of chocolate is the chocolate
    assert _head(index, "cake sale") == {2}            # the occasion after it is not the head
    assert _head(index, "巧克力蛋糕", Synonyms({"蛋糕": ["企鹅"]})) == {2, 4}   # through the synonym table


def test_a_label_that_is_the_head_itself_says_it_more_than_a_kind_of_it():
    """火锅's everyday picture (its synonym's label) is the pot of food; the cheese fondue, a label
    ending in 火锅, is a kind of it and says the head less surely."""
    items = [{"id": 1, "label_zh": "一锅食物", "label_en": "pot of food", "tags": ["锅"], "document": "一锅食物"},
             {"id": 2, "label_zh": "奶酪火锅", "label_en": "fondue", "tags": ["火锅"], "document": "奶酪火锅"}]
    index = LexicalIndex.build(items, extra_words=["火锅", "鸳鸯"])
    head = index.head_names("鸳鸯火锅", Synonyms({"火锅": ["一锅食物"]}))
    assert head[index.row(1)] == 1.0 > head[index.row(2)] == KIND_HEAD > 0
    assert index.head_names("鸳鸯火锅")[index.row(2)] == KIND_HEAD   # no synonym: the kind is all there is


def test_a_head_finds_kinds_through_its_bare_noun_but_one_character_only_as_a_whole_label():
    items = [{"id": i, "label_zh": label, "label_en": "", "tags": [], "document": label}
             for i, label in enumerate(["礼帽", "鸭舌帽", "汽车", "车"])]
    index = LexicalIndex.build(items)
    assert {int(index.ids[r]) for r in index.kind_rows("帽子")} == {0, 1}
    assert {int(index.ids[r]) for r in index.kind_rows("车")} == {3}
    assert len(index.kind_rows("帽子")) == len(index.kinds_of("帽子", np.arange(len(index))))


def test_packaging_after_a_category_is_the_head_after_one_kind_of_object_it_is_not():
    items = [{"id": i, "label_zh": zh, "label_en": en, "tags": [], "document": zh}
             for i, (zh, en) in enumerate([("爆米花", "popcorn"), ("饼干", "cookie"), ("糖", "candy"),
                                           ("礼物", "wrapped gift"), ("月饼", "moon cake")])]
    synonyms = Synonyms({"零食": ["爆米花", "饼干", "糖"], "礼包": ["礼物"], "礼盒": ["礼物"]})
    index = LexicalIndex.build(items, extra_words=["零食", "礼包", "礼盒"])
    assert not index.names_one_kind(["零食", "爆米花", "饼干", "糖"]) and index.names_one_kind(["月饼"])
    assert _head(index, "零食礼包", synonyms) == {3}
    assert _head(index, "月饼礼盒", synonyms) == {4}
    snacks, mooncakes = index.coverage("零食礼包", synonyms), index.coverage("月饼礼盒", synonyms)
    assert snacks[index.row(3)] == 0.5 and mooncakes[index.row(4)] == 1.0 and mooncakes[index.row(3)] == 0


def test_a_head_that_is_only_a_tag_names_no_head():
    """预订 (booking) tags the reserved button: an action, not what 蛋糕预订 is."""
    assert _head(LexicalIndex.build(HEAD_ITEMS), "蛋糕预订") == set()


def test_a_colour_modifier_agrees_with_the_label_that_says_it():
    index = LexicalIndex.build(HEAD_ITEMS)

    def agreeing(query: str) -> set[int]:
        return {int(index.ids[r]) for r in np.flatnonzero(index.colour_agreement(query))}

    assert agreeing("绿色苹果") == {7}     # 青 and 绿 are one colour
    assert agreeing("a red apple") == {6}
    assert agreeing("苹果") == set()


def test_a_latin_letter_glued_to_a_chinese_word_is_part_of_it():
    """T恤 is the T-shirt's name: its T names nothing alone (not the T-Rex tagged t)."""
    items = [{"id": 1, "label_zh": "T恤", "label_en": "t-shirt", "tags": ["衬衫"], "document": "T恤"},
             {"id": 2, "label_zh": "霸王龙", "label_en": "T-Rex", "tags": ["t", "恐龙"], "document": "霸王龙"}]
    index = LexicalIndex.build(items, extra_words=["白色"])
    assert "t恤" in index.segmenter.zh_units("t恤")
    for query in ("白色T恤", "纯棉t恤"):
        assert _named(index, query, None).get(2, 0.0) < 0.5
        assert _named(index, query, None).get(1, 0.0) >= 0.5
    assert index.coverage("白色T恤")[0] == 1.0
    assert _head(index, "印花T恤") == {1}


def test_an_offer_after_an_object_does_not_name_the_offer():
    items = [{"id": 1, "label_zh": "信用卡", "label_en": "credit card", "tags": ["card"], "document": "信用卡"}]
    named = _named(LexicalIndex.build(items), "bank card offer", Synonyms({"bank card": ["credit card"]}))
    assert named[1] >= 0.8
