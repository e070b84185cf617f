"""A fear, a worry or a pain said to be gone (焦虑退散, 不用怕, 报税不慌, "no fear", worry-free, painless) is the calm it
promises: the search shows the relieved face and the calm of meditation, not the frightened faces the fear word is
tagged with. Courage ("fearless") and effort ("no pain no gain") are not calm, and a fear that is there (怕冷) stays.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever
from tools.retrieval.retriever import _reassured

# relieved face, person in lotus position, folded hands, fearful face, face screaming in fear, anxious face with sweat,
# worried face, syringe, tooth
ICONS = ["1f60c", "1f9d8", "1f64f", "1f628", "1f631", "1f630", "1f61f", "1f489", "1f9b7"]
CALM = {"relieved face", "person in lotus position", "folded hands"}
AFRAID = {"fearful face", "face screaming in fear", "anxious face with sweat", "worried face"}


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("fear_gone")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize("query", ["紧张退散", "别怕 很快就好", "no more worries", "pain-free visits"])
def test_a_fear_said_gone_shows_calm(icons, query):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in CALM, labels
    assert not AFRAID & set(labels[:2]), labels


def test_the_object_beside_it_still_comes_first(icons):
    labels = _labels(icons.search_text("打针不用怕", k=5))
    assert labels[0] == "syringe", labels
    assert CALM & set(labels[1:3]), labels


@pytest.mark.parametrize("query", ["fearless", "no pain no gain", "怕冷", "the fear of missing out"])
def test_courage_effort_and_a_fear_that_is_there_stay_as_written(query):
    assert _reassured(query) == query


def test_a_fear_that_is_there_is_still_shown(icons):
    assert _labels(icons.search_text("fearful", k=5))[0] in AFRAID
