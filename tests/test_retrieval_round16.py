"""Search rules from the sixteenth round of outsider queries: an English query's first word
before a determiner is a verb ("check the weather" is the weather's, no check mark), and a word
the typo reader does not know keeps its first letter ("awaits" is no typo of "waits", so names
no alarm clock); a school or an academy after what it teaches is where it is taught, so the
subject is what is shown (swim school → the swimmer); a compound's whole name is its object
before its last character's (吸铁石 is the magnet, not the rock of 石); festival customs name
their festival (贴对联 → Spring Festival, 猜灯谜 → the Lantern Festival) and a custom's object is
named (插艾草: the herb); and campaign themes for the unknown (神秘感, 未解之谜), adventure
("adventures") and the weather ("check the forecast") bring their symbols. Real
sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import first_named as _first_named
from support.retrieval_fixtures import indexed_icons
from support.retrieval_fixtures import named_labels as _named
from tools.retrieval import Retriever
from tools.retrieval.words import leading_verb, normalise, typo_fixes

ICONS = [
    # check marks, and the weather
    "2714-fe0f", "2611-fe0f", "2705", "1f324-fe0f", "26c5", "2600-fe0f", "1f327-fe0f", "1f321-fe0f", "2601-fe0f",
    "1f32b-fe0f",
    # waiting, and adventure
    "23f0", "23f3", "231b", "1faf7", "1faf8", "1f9ed", "1f5fa-fe0f", "1f3d4-fe0f", "1f3d5-fe0f", "1f392",
    # the unknown, and what the word 神秘 tags
    "1f52e", "2753", "1f575-fe0f", "1f6f8", "1f9de", "1f9dd",
    # festivals and their customs
    "1f9e7", "1f3ee", "1f9e8", "1f386", "1f95f", "1f409", "1f315", "1f361", "1f4cc", "1fa79", "1f33f", "1fad4",
    "1f6f6", "1f4cb",
    # whole words and their last characters
    "1f9f2", "1faa8", "1f48e", "1f94c",
    # schools and what they teach
    "1f3eb", "1f3ca", "1f9d1-200d-1f373", "1f9d1-200d-2708-fe0f", "2708-fe0f",
]
WEATHER = {"sun behind small cloud", "sun behind cloud", "sun", "cloud with rain", "thermometer"}
CHECKS = {"check mark", "check box with check", "check mark button"}


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round16")
    return indexed_icons(root, sample_gallery, ICONS)


# -- an English first word before a determiner is a verb, not an object
@pytest.mark.parametrize("text, verb", [
    ("check today's weather", "check"), ("set a reminder", "set"), ("scan your receipts", "scan"),
    ("new year's eve party", ""), ("gift box", ""), ("the best gift", ""), ("查看 the bill", ""),
])
def test_a_first_word_before_a_determiner_is_a_verb(text, verb):
    assert leading_verb(normalise(text)) == verb


@pytest.mark.parametrize("query", ["check the weather", "check the forecast", "check tomorrow's weather"])
def test_a_leading_verb_names_no_object(icons, query):
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] and _labels(hits)[0] in WEATHER, _labels(hits)
    assert not CHECKS & set(_labels(hits)[:3]), _labels(hits)


def test_a_first_word_without_a_determiner_still_names(icons):
    assert _first_named(icons, "check mark") == ["check mark"]


# -- a typo keeps its first letter: "awaits" is a word, no "waits"
def test_a_typo_keeps_the_first_letter():
    assert "waits" not in typo_fixes("awaits")
    assert "umbrella" in typo_fixes("umbrela")


@pytest.mark.parametrize("query", ["a new adventure awaits", "the wild awaits"])
def test_a_verb_read_as_a_typo_names_nothing(icons, query):
    hits = icons.search_text(query, k=5)
    assert not {"alarm clock", "hourglass not done", "hourglass done"} & set(_named(hits)), _labels(hits)


# -- a school after what it teaches: the subject is shown
@pytest.mark.parametrize("query, first", [
    ("swim school", "person swimming"), ("cooking school", "cook"), ("pilot school", "pilot"),
])
def test_a_school_is_where_its_subject_is_taught(icons, query, first):
    assert _first_named(icons, query) == [first]


@pytest.mark.parametrize("query", ["school", "elementary school"])
def test_a_school_alone_is_still_the_school(icons, query):
    assert _labels(icons.search_text(query, k=3))[:1] == ["school"]


# -- a compound's whole name before its last character's
@pytest.mark.parametrize("query", ["冰箱吸铁石", "磁石"])
def test_a_whole_word_names_its_object(icons, query):
    assert _first_named(icons, query) == ["magnet"]


# -- festival customs name their festival, and a custom's object is named
@pytest.mark.parametrize("query, accepted", [
    ("家家户户贴对联", {"red envelope", "red paper lantern", "firecracker"}),
    ("贴福字 守岁", {"red envelope", "red paper lantern", "firecracker"}),
    ("猜灯谜 赢好礼", {"red paper lantern", "full moon", "dango"}),
])
def test_a_festival_custom_brings_its_festival(icons, query, accepted):
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] and _labels(hits)[0] in accepted, _labels(hits)


@pytest.mark.parametrize("query", ["门前插艾草", "艾草 香囊"])
def test_a_custom_names_its_object(icons, query):
    assert _first_named(icons, query) == ["herb"]


# -- campaign themes: the unknown, adventure
@pytest.mark.parametrize("query, accepted", [
    ("揭秘未解之谜", {"crystal ball", "red question mark", "detective", "flying saucer"}),
    ("神秘感", {"crystal ball", "red question mark", "detective", "flying saucer"}),
    ("adventures", {"compass", "world map", "snow-capped mountain", "camping"}),
    ("探险家", {"compass", "world map", "snow-capped mountain", "camping"}),
])
def test_a_campaign_theme_brings_its_symbols(icons, query, accepted):
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] and _labels(hits)[0] in accepted, _labels(hits)
    assert not {"genie", "elf"} & set(_named(hits)), _labels(hits)
