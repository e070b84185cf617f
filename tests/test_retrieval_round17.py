"""Search rules from the seventeenth round of outsider queries (ten marketers of different trades):
a Chinese word ending in a person suffix is that person when the gallery has them (大魔法师 is the
mage: 魔法 says what the mage does, it names no magic wand); an ad's praise words describe and
name nothing ("an epic showdown" is no face tagged epic); a named object outranks the symbols of a
strong theme beside it (豪华邮轮度假 is the passenger ship before the travel theme's aeroplane); and
app, game and fintech words bring their themes: a game's card draws (抽卡) the slot machine, its
experience points (经验值) the UP! button, a monthly card (月卡) membership, paying into a bank
account (direct deposit) the bank, keeping track of one's spending the chart, a store's weekly
flyer the newspaper, holiday rentals the house, a boss fight the swords, Memorial Day the medal.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import first_named as _first_named
from support.retrieval_fixtures import fused_only
from support.retrieval_fixtures import indexed_icons
from support.retrieval_fixtures import named_labels as _named
from tools.retrieval import Retriever

ICONS = [
    # hands, drinks and boxes
    "1f91d", "1fa87", "1f371", "1f35a", "1f961", "2615",
    # magic and the people who work it
    "1f9d9", "1fa84", "1f9dd", "1f52e", "1f9d1-200d-1f4bb", "1f9d1-200d-1f373",
    # gems and membership
    "1f48e", "1f537", "1f451",
    # ships, travel, riders
    "1f6f3-fe0f", "1f6a2", "2708-fe0f", "1f9f3", "1f5fa-fe0f", "1f4f7", "1f310", "1f6f5", "1f3cd-fe0f", "1f6b4",
    "1f4e3", "1f64c",
    # veterans
    "1f396-fe0f", "1f1fa-1f1f8", "1fa96", "1f3c5", "1f64f",
    # draws and levels
    "1f3b0", "1f381", "1f340", "1f3b2", "1f3ab", "1fa99", "1f511", "1f199", "2b06-fe0f", "1f680", "23eb", "231b",
    "23f1-fe0f", "23f0",
    # shopping and money
    "1f4f0", "1f3f7-fe0f", "1f6d2", "1f4b0", "1f3e6", "1f4b5", "1f4c8", "1f4ca", "1f9fe", "1f4b3", "1f6e4-fe0f",
    # homes and the beach
    "1f3e0", "1f3e1", "1f3d6-fe0f",
    # battles, and the faces tagged epic
    "2694-fe0f", "1f409", "1f479", "1f4a5", "1f631", "1f62f", "1f61c",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round17")
    return indexed_icons(root, sample_gallery, ICONS)


def _first_in(icons, query: str, accepted: set[str]) -> None:
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] and _labels(hits)[0] in accepted, _labels(hits)


# -- a person suffix: the person, not what the person does
@pytest.mark.parametrize("query", ["大魔法师", "小魔法师"])
def test_a_person_suffix_names_the_person(icons, query):
    hits = icons.search_text(query, k=5)
    assert _named(hits)[:1] == ["mage"], _labels(hits)
    assert not {"magic wand", "elf", "crystal ball"} & set(_named(hits)), _labels(hits)


def test_a_person_word_without_the_person_still_names_what_is_done(icons):
    assert _first_named(icons, "魔法") != []


# -- praise words of an ad describe and name nothing
@pytest.mark.parametrize("query", ["an epic showdown", "the ultimate boss fight"])
def test_praise_words_name_no_face(icons, query):
    hits = icons.search_text(query, k=5)
    assert not {"face screaming in fear", "hushed face", "winking face with tongue"} & set(_labels(hits)[:3]), \
        _labels(hits)
    assert _labels(hits)[0] in {"crossed swords", "dragon", "ogre", "collision"}, _labels(hits)


# -- a named object before a strong theme's symbols
@pytest.mark.parametrize("query, first", [
    ("豪华邮轮度假", "passenger ship"), ("儿童保温饭盒", "bento box"), ("外卖骑手", "motor scooter"),
])
def test_a_named_object_outranks_the_theme(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] == [first] or (first == "motor scooter" and _labels(hits)[:1] == ["motorcycle"]), \
        _labels(hits)


# -- app, game and fintech words bring their themes
@pytest.mark.parametrize("query, accepted", [
    ("抽卡活动开启", {"slot machine", "wrapped gift"}),
    ("经验值翻倍", {"UP! button", "up arrow", "fast up button"}),
    ("开通月卡", {"crown", "gem stone", "credit card"}),  # 会员月卡's dev gold names the card
    ("direct deposit made easy", {"bank", "dollar banknote"}),
    ("monthly budget planner", {"bar chart", "chart increasing", "receipt", "credit card"}),
    ("see this week's flyer", {"newspaper", "label", "shopping cart"}),
    ("holiday rentals by the sea", {"house with garden", "house", "beach with umbrella"}),
    ("打boss掉宝", {"crossed swords", "dragon", "ogre", "collision"}),
    ("memorial day weekend", {"military medal", "flag", "military helmet"}),
])
def test_an_app_or_trade_word_brings_its_theme(icons, query, accepted):
    # fusion's order: the re-ranker refitted with the query adapter (2026-12-07) answers otherwise
    _first_in(fused_only(icons), query, accepted)
