"""Search rules from the thirty-seventh and thirty-eighth rounds of outsider queries (twenty people: a bank's
wealth app, swim goggles, a hot-spring resort, a charity run, dim sum, drones, rural e-commerce, perfume,
gaming chairs, an exam bookstore; tyres, island ferries, a girls' coding club, spices, home gym, a library
summer programme, yarn, a vet pharmacy, a lantern festival, medicine delivery): an onsen, Cantonese buns and
egg tarts, Cantonese morning tea and drones as themes, a perfume bottle, back pain, textbooks, tyres, a boat
ticket, motion sickness, a Discord server, a fitness band, fleas.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    "1f32c-fe0f", "1f35e", "1f36e", "1f375", "1f3ab", "1f3ae", "1f41b", "1f436", "1f48a", "1f4ac", "1f4bc",
    "1f4da", "1f525", "1f62b", "1f681", "1f697", "1f6c1", "1f6de", "1f6f3-fe0f", "1f915", "1f922", "1f95a",
    "1f95f", "1f962", "1f967", "1f974", "1f9f4", "1fa79", "1fab2", "1fad6", "231a", "2668-fe0f", "26b0-fe0f",
    "26f4-fe0f", "2708-fe0f",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round37")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("露天风吕套餐", {"hot springs", "bathtub"}),
    ("叉烧包外卖", {"dumpling"}),
    ("葡式蛋挞买二送一", {"custard", "pie"}),
    ("港式早茶", {"teapot", "teacup without handle", "dumpling", "chopsticks"}),
    ("无人机配送服务", {"helicopter", "airplane"}),
    ("perfume sample", {"lotion bottle"}),
    ("back pain relief", {"adhesive bandage", "face with head-bandage", "tired face"}),
    ("教材配送", {"books"}),
    ("all-season tyres", {"wheel"}),
    ("渡轮船票", {"ferry", "passenger ship", "ticket"}),
    ("晕车药", {"pill", "nauseated face", "woozy face"}),
    ("discord server", {"speech balloon", "video game"}),
    ("智能手环上新", {"watch"}),
    ("flea collar", {"bug", "beetle"}),
])
def test_round_37_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels
