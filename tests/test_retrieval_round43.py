"""Search rules from the forty-third and forty-fourth rounds of outsider queries (twenty people: a golf club, a
parcel-locker app, a tax-filing app, a ceramics studio, an oat-milk brand, a hostel chain, a ping-pong club, a kite
festival, a smartwatch brand, a mattress brand; a river-snail noodle brand, an astronomy club, a go-kart track, a
coding bootcamp, a phone-case shop, an escape room, a pawn shop, a rural homestay, a vegetable box, a dermatology
clinic): a carton, a bunk bed, lactose, a cabin, a speedometer; themes for pottery, horror, honest dealing, pawning,
escape rooms, skin treatment and picnics; a rocket launch and an astronaut are space's own objects.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = ["1f4e6", "1f6cf-fe0f", "1f95b", "1f6d6", "1f3ce-fe0f", "23f2-fe0f", "1f9fa", "1f371", "1f96a", "1f957",
         "1f3fa", "1f9d1-200d-1f3a8", "1f3a8", "1f47b", "1f631", "1f56f-fe0f", "1f4b0", "1f48e", "2696-fe0f", "1f511",
         "1f510", "1f6aa", "1f9f4", "1fa79", "1f680", "1f9d1-200d-1f680", "1fa90", "1f47d", "26fa", "1f3d4-fe0f"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round43")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("快递箱打包", {"package"}),
    ("双层床 宿舍", {"bed"}),
    ("lactose free shake", {"glass of milk"}),
    ("log cabin weekend", {"hut"}),
    ("speedometer needle", {"racing car", "timer clock"}),
    ("周末野餐会", {"basket", "bento box", "sandwich", "green salad"}),
    ("拉坯手作", {"amphora", "artist", "artist palette"}),
    ("haunted house night", {"ghost", "face screaming in fear", "candle"}),
    ("pawnbroker loans", {"money bag", "gem stone", "balance scale"}),
    ("escape game night", {"key", "locked with key", "door"}),
    ("祛痘精华", {"lotion bottle", "adhesive bandage"}),
])
def test_round_43_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


@pytest.mark.parametrize(("query", "first"), [
    ("火箭发射直播", "rocket"),       # the object inside a space theme's word is named
    ("astronaut suit", "astronaut"),
])
def test_space_words_name_their_object(icons, query, first):
    assert _labels(icons.search_text(query, k=5))[0] == first
