"""Search rules from the thirty-first and thirty-second rounds of outsider queries (twenty people: a hotel
app, gym equipment, a toy store, a bridal shop, tyres and parts, a podcast app, a recycling programme, a
vegan restaurant, smart home, an accounting firm; a seafood wholesaler, camping-gear rental, senior care,
a sweepstakes app, a tattoo studio, a maternity hospital, a bike shop, Korean BBQ, a job app, a weather
app): a hotel stay, a pool, a honeymoon, compost, taxes, a smart speaker, a sleeping bag, kimchi; tattoos,
severe weather and air quality as themes; 冰鲜 only describes. The stemmer puts back a silent e after one
short syllable ("caring" is care, not car; "coding" code, not cod) and undoubles a doubled consonant
("starring" is star).
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever
from tools.retrieval.words import stem

ICONS = [
    "1f300", "1f32a-fe0f", "1f32b-fe0f", "1f32c-fe0f", "1f331", "1f336-fe0f", "1f339", "1f342", "1f35a",
    "1f3b1", "1f3ca", "1f3d5-fe0f", "1f3e8", "1f409", "1f41f", "1f458", "1f45c", "1f491", "1f4b5", "1f4bc",
    "1f4cb", "1f4e2", "1f514", "1f637", "1f697", "1f6cc", "1f6ce-fe0f", "1f916", "1f91d", "1f96c", "1f9ca",
    "1f9d1-200d-2695-fe0f", "1f9ee", "1fad9", "1faf6", "2693", "26c8-fe0f",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round31")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("酒店入住优惠", {"hotel", "bellhop bell"}),
    ("infinity pool", {"person swimming"}),
    ("honeymoon package", {"couple with heart"}),
    ("home composting", {"fallen leaf", "seedling"}),
    ("智能音箱促销", {"loudspeaker"}),
    ("冰鲜鱼", {"fish"}),
    ("sleeping bags on sale", {"camping", "person in bed"}),
    ("kimchi fried rice", {"cooked rice", "hot pepper", "jar", "leafy green"}),
    ("tattoo aftercare", {"dragon", "rose", "anchor"}),
    ("暴雨预警推送", {"cloud with lightning and rain", "tornado", "cyclone", "bell"}),
    ("雾霾天出行", {"fog", "face with medical mask", "wind face"}),
    ("金三银四招聘会", {"briefcase", "handshake"}),
])
def test_round_31_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


def test_caring_is_no_car(icons):
    labels = _labels(icons.search_text("caring staff", k=5))
    assert "automobile" not in labels, labels


@pytest.mark.parametrize(("word", "stemmed"), [
    ("caring", "care"), ("staring", "stare"), ("starring", "star"), ("coding", "code"), ("skating", "skate"),
    ("baked", "bake"), ("opening", "open"), ("visiting", "visit"), ("cooking", "cook"), ("swimming", "swim"),
    ("snowing", "snow"), ("living", "living"),
])
def test_the_stemmer_puts_back_a_silent_e_only_after_one_short_syllable(word, stemmed):
    assert stem(word) == stemmed
