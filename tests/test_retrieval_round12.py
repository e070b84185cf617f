"""Search rules from the twelfth round of outsider queries: Chinese product names are head-final, so a
one-character gallery name ending a compound after a longer modifier is what it is (麻辣酸菜鱼 → fish,
按动式中性笔 → pen), unless it is an abstract head (紫外线, 新气象), a vessel (爆米花桶), a word of its own
(章鱼) or the end of a clause (不给糖果就捣蛋); a bare head names the one label its noun form tags
(马丁靴 → 靴子 → 女靴) or the fruit it shortens (台农芒 → 芒果); the amount a thing is sold in (量贩装,
3斤装, 双人份) is not the object; an unknown English closed compound names the gallery name it ends
in (wristwatch → watch) unless it describes a name after it (ribeye steak); figures in a longer
query are no keycaps; and trade names no rule can read (唇彩, tee) name their object. Real
sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import first_named as _first_named
from support.retrieval_fixtures import indexed_icons
from support.retrieval_fixtures import named_labels as _named
from tools.retrieval import Retriever

ICONS = [
    "1f41f", "1f952", "1f419", "1f58a-fe0f", "1f9d1", "1f95a", "1f383", "1f36c", "1f9f5", "1f576-fe0f",
    "1f418", "1f37f", "1faa3", "1f462", "2744-fe0f", "1f96d", "23f1-fe0f", "1f969", "1f468-200d-1f466", "1f353",
    "231a", "1f913", "1f440", "1f32d", "1f415", "0030-fe0f-20e3", "1f484", "1f444", "1f455", "1f3cc-fe0f",
    "1f3b2", "1f363", "1f50c",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round12")
    return indexed_icons(root, sample_gallery, ICONS)


# -- a one-character name ending a compound after a longer modifier is its head
@pytest.mark.parametrize("query, first", [
    ("麻辣酸菜鱼", "fish"),              # not the pickled cucumber
    ("按动式中性笔", "pen"),              # 中性 (gender-neutral) names no person here
    ("加厚马丁靴 保暖", "woman’s boot"),   # 靴 → its noun form 靴子 tags the one label ending in 靴
    ("台农芒 顺丰包邮", "mango"),          # a fruit's variety names it by its first character
])
def test_a_compound_names_its_one_character_head(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _named(hits)[:1] == [first], _labels(hits)


@pytest.mark.parametrize("query, not_first", [
    ("不给糖果就捣蛋", "egg"),            # a clause, not a name: 捣蛋 is mischief
    ("墨镜防紫外线", "thread"),           # 线 ends 紫外线, no thread
    ("新年新气象", "elephant"),           # 象 ends 气象, no elephant
    ("焦糖爆米花桶", "bucket"),           # the bucket holds the popcorn
])
def test_abstract_heads_vessels_and_clauses_name_no_head(icons, query, not_first):
    assert _first_named(icons, query) != [not_first]


def test_the_popcorn_in_its_bucket_is_the_popcorn(icons):
    assert _first_named(icons, "焦糖爆米花桶") == ["popcorn"]


def test_a_word_of_its_own_keeps_its_name(icons):
    assert _first_named(icons, "铁板章鱼") == ["octopus"]   # 章鱼 is a word, not a kind of fish
    assert _first_named(icons, "鱼") == ["fish"]


def test_a_colour_names_no_dice(icons):
    # 色 of 黑色 is no bare head noun: 色子 (the die) is not named
    assert "game die" not in _named(icons.search_text("签字笔 黑色", k=5))


# -- the amount a thing is sold in is not the object
@pytest.mark.parametrize("query, first", [
    ("菲力牛排 家庭装", "cut of meat"),    # 家庭 names no family here
    ("奶油草莓 3斤装", "strawberry"),
    ("三文鱼寿司 双人份", "sushi"),
])
def test_a_portion_is_not_the_object(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _named(hits)[:1] == [first], _labels(hits)
    assert "family" not in _named(hits)


def test_a_family_alone_is_still_the_family(icons):
    assert _first_named(icons, "家庭") == ["family"]


# -- an unknown English closed compound names the gallery name it ends in
@pytest.mark.parametrize("query, first", [
    ("wristwatch for men", "watch"),
    ("smartwatch with heart rate", "watch"),
    ("hotdog stand", "hot dog"),            # its two words are a name: not the dog
])
def test_a_closed_compound_names_its_head(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _named(hits)[:1] == [first], _labels(hits)


def test_a_compound_before_a_name_only_describes_it(icons):
    named = _named(icons.search_text("ribeye steak dinner", k=5))
    assert "eyes" not in named and "nerd face" not in named


def test_figures_in_a_longer_query_are_no_keycaps(icons):
    assert "keycap: 0" not in [h.label_en for h in icons.search_text("签字笔 0.5mm", k=5)
                               if h.metadata["matched_by"] == "named"]
    assert _first_named(icons, "签字笔 0.5mm") == ["pen"]


# -- trade names no rule can read
@pytest.mark.parametrize("query, first", [
    ("滋润唇彩", "lipstick"),
    ("oversized tees", "t-shirt"),
    ("二十米长的快充头", "electric plug"),
])
def test_a_trade_name_names_the_object(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _named(hits)[:1] == [first], _labels(hits)


def test_the_golf_tee_is_still_golf(icons):
    # the tee is also the golfer's tag, and "golf" says which one is meant
    assert _first_named(icons, "golf tees") == ["person golfing"]
