"""Search rules from the twenty-eighth round of outsider queries (ten people: a tourism board, a pharmacy
chain, a pet app, a wallet, a tutoring centre, a car-rental firm, an appliance brand, a dairy, a music app,
a charity; repeats of the query files removed first): a plaster, a prescription, a driving licence (the
ID card), a museum, jazz; giving clothes and giving blood; stray animals; installation at home; picking up
a rental car (the car and its key, no taxi); clean water; an English clinic (the hospital) and a library card. English words are never "corrected" into
gallery words (leather is no lather), while real typos still are.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    "1fa79", "1f9bb", "1f48a", "1f4b3", "1faaa", "1f3db-fe0f", "1f5bc-fe0f", "1f3b7", "1f3ba", "1f3b8",
    "1f455", "1f45a", "1f4e6", "1f91f", "1fa78", "1f489", "1f170-fe0f", "1f431", "1f436", "1f43e", "1f998",
    "1f527", "1f6e0-fe0f", "1f4e4", "1f697", "1f511", "1f695", "1f6c4", "1f4a7", "1f6b0", "1f9f9",
    "1f45b", "1f9fc", "1fad6", "1f3e5", "1f9d2", "1f570-fe0f",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round28")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("band-aids for kids", {"adhesive bandage"}),
    ("爵士音乐节", {"saxophone", "trumpet"}),
    ("prescription delivery", {"pill"}),
    ("驾驶证年审", {"identification card"}),
    ("museum late night", {"classical building"}),
    ("无偿献血 光荣", {"drop of blood", "syringe"}),
    ("流浪猫救助站", {"cat face", "cat", "dog face", "paw prints"}),
    ("上门安装服务", {"wrench", "hammer and wrench"}),
    ("机场取车攻略", {"automobile", "key"}),
    ("walk-in clinic hours", {"hospital"}),
    ("library card signup", {"identification card"}),
])
def test_round_28_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


def test_giving_clothes_is_no_blood_drop(icons):
    labels = _labels(icons.search_text("clothes donation drive", k=3))
    assert labels[0] in {"t-shirt", "woman’s clothes"} and "drop of blood" not in labels, labels


def test_an_english_word_is_no_typo_of_a_gallery_word(icons):
    retriever_lexical = icons._lexical_index(icons.opened()[0])
    assert retriever_lexical.spelled("leather wallet") == "leather wallet"   # not lather (the soap's tag)
    assert retriever_lexical.spelled("freezing") == "freezing"
    assert retriever_lexical.spelled("electric kettel") == "electric kettle"  # a real typo still is
