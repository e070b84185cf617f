"""Search rules from the twenty-fourth round of outsider queries (every query new to the files): in
Chinese "A的B" is about B (女儿的第一行代码 is the code, not the daughter); 卷不动 is tired, not a
scroll; staying hydrated is water, not a hotel stay; pumped is fired up, not a fuel pump; 人间烟火 is
food, not fireworks; a campfire is the fire.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import first_named as _first_named
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    # children and code
    "1f467", "1f466", "1f9d1-200d-1f4bb", "1f4bb", "2328-fe0f",
    # tired, scrolls
    "1f62b", "1f629", "1f4dc", "1f32f",
    # water and hotels
    "1f4a7", "1f6b0", "1f964", "1f3e8", "1f6cf-fe0f",
    # strength, pumps
    "1f4aa", "1f525", "26fd",
    # food and fireworks
    "1f37d-fe0f", "1f35c", "1f386", "1f9e8",
    # night sky
    "2b50", "1f303",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round24")
    return indexed_icons(root, sample_gallery, ICONS)


def test_a_possessor_names_no_object_above_what_it_owns(rules):
    labels = _labels(rules.search_text("女儿的第一行代码", k=5))
    assert labels[0] in {"technologist", "laptop", "keyboard"}, labels
    assert _first_named(rules, "女儿") == ["girl"]   # alone it still names her


@pytest.mark.parametrize(("query", "accepted"), [
    ("真的卷不动了", {"tired face", "weary face"}),
    ("stay hydrated this summer", {"droplet", "potable water", "cup with straw"}),
    ("so pumped for race day", {"flexed biceps", "fire"}),
    ("小巷里的人间烟火", {"fork and knife with plate", "steaming bowl"}),
    ("campfire night", {"fire"}),
])
def test_round_24_words(rules, query, accepted):
    labels = _labels(rules.search_text(query, k=5))
    assert labels[0] in accepted, labels
