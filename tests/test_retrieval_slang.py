"""Campaign slang and slogans in the hand lexicon (issue 17): words marketers post in (内卷, 摸鱼,
干饭, 断舍离, 小确幸, main character energy, rise and grind, payday) reach the theme a designer
would draw, and a slogan's common word does not pull in the wrong theme ("main character energy"
is confidence, not the power plant's energy). Happy is drawn as smiling faces, not faces holding
back tears. Real sample-gallery icons, indexed with the offline embedder; no wording here is in the
query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    # tired, lazy, sleep
    "1f62b", "1f629", "1f6cc", "1f6cb-fe0f", "1f634",
    # food, cleaning
    "1f37d-fe0f", "1f9f9", "1f5d1-fe0f",
    # confidence and effort
    "1f60e", "1f451", "1f4aa", "1f525", "270a",
    # money, energy
    "1f4b0", "1fa99", "26a1", "1f50b",
    # happy faces and faces in tears
    "1f604", "1f600", "1f60a", "1f972", "1f979", "2600-fe0f",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("slang")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("内卷到不行", {"tired face", "weary face"}),
    ("今天摸鱼", {"person in bed", "couch and lamp", "sleeping face"}),
    ("干饭时间到", {"fork and knife with plate"}),
    ("断舍离清单", {"broom", "wastebasket"}),
    ("main character energy only", {"smiling face with sunglasses", "crown"}),
    ("rise and grind mornings", {"flexed biceps", "fire", "raised fist"}),
    ("payday treat", {"money bag", "coin"}),
])
def test_slang_reaches_the_theme_a_designer_would_draw(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


def test_a_slogans_common_word_pulls_in_no_other_theme(icons):
    labels = _labels(icons.search_text("main character energy only", k=5))
    assert not {"high voltage", "battery"} & set(labels[:3]), labels


@pytest.mark.parametrize("query", ["小确幸日常", "feel good friday"])
def test_happy_is_smiling_faces(icons, query):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in {"grinning face with smiling eyes", "grinning face", "smiling face with smiling eyes"}, labels
    assert "face holding back tears" not in labels[:3], labels
