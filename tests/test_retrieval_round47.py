"""Search rules from the forty-seventh and forty-eighth rounds of outsider queries (twenty people: a hand-pulled
noodle chain, a surfboard shaper, a funeral-flower shop, a kids' chess app, a locksmith, a vintage store, a
hydroponic farm, a sign-language course, a drone light show, a night school; a frozen yogurt bar, a tattoo-removal
clinic, bamboo furniture, a motorcycle taxi app, a choir, a seed bank, a rooftop bar, a hearing-test van, a 3D
printing shop, a flower market): wheat is no microphone (麦), bamboo no firecracker (爆竹); a light show, a farewell,
condolences, a numbing cream.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = ["1f33e", "1f35e", "1f3a4", "1f399-fe0f", "1f38d", "1f38b", "1f9e8", "1f386", "1faa9", "1f303", "1f44b",
         "1f490", "1f56f-fe0f", "1f9f4", "1f366", "1f4e6", "1f4e4"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round47")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("小麦粉", {"sheaf of rice"}),
    ("wheat harvest", {"sheaf of rice"}),
    ("竹子屏风", {"pine decoration", "tanabata tree"}),
    ("无人机灯光秀", {"fireworks", "mirror ball", "night with stars"}),
    ("drone light show", {"fireworks", "mirror ball", "night with stars"}),
    ("送别会", {"waving hand", "bouquet"}),
    ("farewell party", {"waving hand", "bouquet"}),
    ("condolences message", {"bouquet", "candle"}),
    ("numbing cream before", {"lotion bottle"}),
])
def test_round_47_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels
