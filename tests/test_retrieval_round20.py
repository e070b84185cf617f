"""Search rules from the twentieth round of outsider queries (sixteen trades): in Chinese, an
audience word before a theme word that ends the query says whom the service is for and names no
one (儿童护牙 is teeth care: the tooth, not a child), while the audience word alone still names
its object; car insurance is sold with the car (车险 → the car); a music festival's line-up, a
"summer body" and an announcement made bring their themes' symbols.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import first_named as _first_named
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    # people and families
    "1f9d2", "1f476", "1f46a",
    # teeth
    "1f9b7", "1faa5",
    # insurance and cars
    "1f6e1-fe0f", "1f512", "1f697", "1f699", "1f3f7-fe0f",
    # music and announcements
    "1f3a4", "1f3b8", "1f3b6", "1f4e3", "1f4e2",
    # fitness and summer
    "1f4aa", "1f3cb-fe0f", "2600-fe0f", "1f349",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round20")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize("query", ["孩子护牙", "少儿护牙"])
def test_an_audience_before_a_chinese_theme_names_no_one(icons, query):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in {"tooth", "toothbrush"}, labels
    assert _first_named(icons, query) == [], labels


@pytest.mark.parametrize(("query", "named"), [("儿童", "child"), ("家庭", "family")])
def test_the_audience_word_alone_still_names_its_object(icons, query, named):
    assert _first_named(icons, query) == [named]


def test_car_insurance_names_the_car(icons):
    assert _first_named(icons, "车险优惠") == ["automobile"]


@pytest.mark.parametrize(("query", "accepted"), [
    ("festival line-up reveal", {"microphone", "guitar", "musical notes"}),
    ("get your beach body", {"flexed biceps", "person lifting weights"}),
    ("new opening hours announced", {"megaphone", "loudspeaker"}),
])
def test_campaign_words_bring_their_themes(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert accepted & set(labels[:3]), labels
