"""Search rules from the sixty-fifth to sixty-eighth rounds of outsider queries (forty trades: an aquarium, a sushi
bar, a taxi app, a tailor, a chess club, a hardware store, a honey farm, a camping gear shop, a radio station, a toy
store; a dumpling house, a golf course, a fishing tackle shop, a bowling alley, a mobile carrier, a riding stable, a
cheese shop, a library, a circus, a science museum; a flower delivery app, an ice rink, a laundromat, a watch brand, a
mushroom farm, a sailing school, a tattoo studio, a karate dojo, an electronics store, a tea plantation; a food truck,
a snorkelling tour, a knitting shop, a bike courier, a solar installer, a puppet theatre, a record store, a spa, a hot
pot chain, a cycling club): "all" and "every" are quantifiers that name nothing (20% off all blue cheese is the
cheese's), a synonym phrase that opens with a function word ("on air") names inside a longer query too, and the words those rounds showed missing (lures and a rod, the day's catch, a library card, a roof,
staying connected, a diving mask …). Real sample-gallery icons, indexed with the offline embedder; no wording here is
in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = ["1f9c0", "1f3f7-fe0f", "1f4b8", "1f6cd-fe0f", "1f3a3", "1fa9d", "1f6ec", "1f195", "1f4f1", "1f4f6", "1f517",
         "1faaa", "1f4da", "1f3e0", "1f93f", "1fa9e", "1f4fb", "1f4fa", "1f41f", "1f39e-fe0f", "1f4b3", "1f399-fe0f",
         "1fa9f", "1f377", "1f453"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round65")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("15% off every blue cheese", {"cheese wedge"}),
    ("all cheese half price", {"cheese wedge"}),
    ("spinning lures sale", {"fishing pole", "hook"}),
    ("carbon rod clearance", {"fishing pole"}),
    ("晒出你的鱼获", {"fish", "fishing pole"}),
    ("少儿借书卡", {"identification card", "books"}),
    ("屋顶光伏", {"house"}),
    ("stay connected abroad", {"mobile phone", "antenna bars"}),
    ("全脸潜水面镜", {"diving mask"}),
    # a phrase the synonym table names whole, though it opens or closes with a function word
    ("live on air tonight", {"studio microphone", "radio"}),
])
def test_round_65_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels
