"""Search rules from the twenty-first round of outsider queries: an awareness day the lexicon does
not know is about its topic (World Smile Day, 国际咖啡日: no world map, no globe, no calendar),
while a day it knows keeps its theme; a comeback (逆风翻盘) rises, a season opens with the start
flag, 'emo' is the sad face, and an old vase is drawn as the amphora.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    # smiles, coffee, cats, sleep
    "263a-fe0f", "1f642", "2615", "1f408", "1f431", "1f6cc", "1f634",
    # the world and the calendar
    "1f5fa-fe0f", "1f30d", "1f310", "1f4c5",
    # rising, seasons, moods, vases
    "1f4c8", "1f680", "1f4aa", "1f3c1", "1f3c6", "2694-fe0f", "1f494", "1f61e", "1f3fa", "1fad9",
    # books for a day the lexicon knows
    "1f4da", "1f516",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round21")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("World Smile Day", {"smiling face", "slightly smiling face"}),
    ("国际咖啡日", {"hot beverage"}),
    ("International Cat Day", {"cat"}),
])
def test_an_unknown_awareness_day_is_about_its_topic(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels
    assert not {"world map", "globe showing Europe-Africa", "globe with meridians", "calendar"} & set(labels[:2]), labels


@pytest.mark.parametrize(("query", "accepted"), [("World Book Day", {"books"}), ("世界睡眠日", {"bed", "sleeping face", "person in bed"})])
def test_a_known_awareness_day_keeps_its_theme(icons, query, accepted):
    assert _labels(icons.search_text(query, k=5))[0] in accepted


@pytest.mark.parametrize(("query", "accepted"), [
    ("逆风翻盘", {"chart increasing", "rocket", "flexed biceps"}),
    ("S3赛季开启", {"chequered flag", "trophy", "crossed swords"}),
    ("今天有点emo", {"broken heart", "disappointed face"}),
    ("vintage vase", {"amphora"}),
])
def test_new_campaign_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels
