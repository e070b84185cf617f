"""Search rules from the fifteenth round of outsider queries: an English head noun and the word
before it, said in full by one image's names, name that image ("baseball cap" is the billed cap,
tagged baseball and cap; "game controller" the video game), so neither the compound's first word
alone nor a modifier before it wins; "holiday" after an object is the occasion, not the head; a
word before a head noun is used as a modifier, not in a noun sense only WordNet gives it (daily →
the newspaper; and daily is an adverb far more than a newspaper); a later theme's word that is a mere tag of one of its symbols does not name it
above the topic the query opens with (店庆 感恩相伴: the anniversary's cake, not the praying
hands); a cheeseburger is drawn as the burger it is; and campaign themes marketers use anywhere
(night theme, delivery tracking, low stock, lucky spins) bring their symbols. Real sample-gallery
icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import first_named as _first_named
from support.retrieval_fixtures import indexed_icons
from support.retrieval_fixtures import named_labels as _named
from tools.retrieval import Retriever

ICONS = [
    # named objects, and the names that used to win over them
    "1f9e2", "26be", "1f3ae", "1f6dc", "1f4f0", "1f3c6", "1f354", "1f96a", "2615", "1f193", "2328-fe0f",
    # what themes are drawn with
    "1f319", "1f303", "1f31a", "1f311", "1f4da", "1f4d6", "1f4e6", "1f69a", "1f961", "1f6f5", "1f9fe", "1f4cb",
    "23f3", "231b", "1f525", "23f0", "26a0-fe0f", "1f48e", "1f451", "1f512", "1f3b0", "1f381", "1f340", "1f3b2",
    "1f3ab", "1fa99", "1f382", "1f37e", "1f389", "1f388", "1f38a", "1f64f", "1f490", "2764-fe0f", "1f91d",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round15")
    return indexed_icons(root, sample_gallery, ICONS)


# -- an English head compound said in full by one image's names is that image
@pytest.mark.parametrize("query", ["vintage washed baseball cap", "kids baseball caps with logo"])
def test_a_compound_name_wins_over_its_first_word(icons, query):
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] == ["billed cap"], _labels(hits)


@pytest.mark.parametrize("query", ["wireless game controller", "wireless game controllers holiday deals"])
def test_a_modifier_before_a_compound_is_not_what_is_shown(icons, query):
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] == ["video game"], _labels(hits)


def test_a_compound_first_word_alone_is_still_its_object(icons):
    assert _first_named(icons, "baseball") == ["baseball"]
    assert _first_named(icons, "wireless") == ["wireless"]


# -- a word before a head noun is a modifier: no noun sense only WordNet gives it
def test_a_modifier_has_no_wordnet_noun_sense(icons):
    hits = icons.search_text("daily trophy", k=5)
    assert "newspaper" not in _named(hits), _labels(hits)
    assert _labels(hits)[:1] == ["trophy"], _labels(hits)


def test_the_head_keeps_its_wordnet_noun_sense(icons):
    assert _first_named(icons, "a keypad") == ["keyboard"]


@pytest.mark.parametrize("query", ["daily deals", "daily bonus", "a daily"])
def test_a_word_mostly_used_as_an_adjective_has_no_wordnet_noun_sense(icons, query):
    """daily is an adverb or adjective far more often than a newspaper (WordNet's tagged counts)."""
    assert "newspaper" not in _named(icons.search_text(query, k=5))


# -- a later theme's tag word does not name its symbol above the topic's own
@pytest.mark.parametrize("query", ["店庆三周年 感恩相伴", "十周年店庆 感恩一路同行"])
def test_a_later_theme_tag_names_nothing_above_the_topic(icons, query):
    hits = icons.search_text(query, k=5)
    assert "folded hands" not in _named(hits), _labels(hits)


def test_a_later_theme_word_that_is_a_name_still_names(icons):
    assert _first_named(icons, "free coffee refills") == ["hot beverage"]


# -- a cheeseburger is the burger
@pytest.mark.parametrize("query", ["double cheeseburger", "bacon cheeseburgers"])
def test_a_cheeseburger_is_the_hamburger(icons, query):
    assert _first_named(icons, query) == ["hamburger"]


# -- campaign themes a marketer uses anywhere
@pytest.mark.parametrize("query, accepted", [
    ("night theme for reading", {"crescent moon", "night with stars", "new moon face"}),
    ("track your delivery in real time", {"package", "delivery truck", "receipt", "clipboard"}),
    pytest.param("low stock, order now", {"hourglass not done", "fire", "alarm clock", "warning"},
                 marks=pytest.mark.xfail(strict=True, reason="a known loss of the query adapter (2026-12-07): it reads "
                                         "'order now' as an order's parcel, so the package leads the urgency symbols")),
    ("selling fast", {"hourglass not done", "fire", "alarm clock", "warning"}),
    ("库存紧张 手慢无", {"hourglass not done", "fire", "alarm clock", "warning"}),
    ("free spins every day", {"slot machine", "wrapped gift", "four leaf clover"}),
])
def test_a_campaign_theme_brings_its_symbols(icons, query, accepted):
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] and _labels(hits)[0] in accepted, _labels(hits)
