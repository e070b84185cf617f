"""A symbol's plain form stands for its group (issue 17): a family query shows 👪 family, not one of
its variants (👨‍👦 family: man, boy). A query that says more of a variant (a woman, a skin tone) still
gets that variant, and a skin tone the dense channel preferred is left as it is.
Real sample-gallery icons, indexed with the offline embedder."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    "1f46a", "1f468-200d-1f466", "1f469-200d-1f467", "1f468-200d-1f469-200d-1f467-200d-1f466",
    "1f939", "1f939-1f3fd", "1f939-1f3ff", "1f939-200d-2640-fe0f", "1f939-1f3fd-200d-2640-fe0f",
    "1f3e0", "2764-fe0f", "1f381",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    return indexed_icons(tmp_path_factory.mktemp("plain"), sample_gallery, ICONS)


def _first(retriever: Retriever, query: str) -> str:
    return retriever.search_text(query, k=5)[0].label_en


@pytest.mark.parametrize("query", ["quality family time", "family day out", "家庭日"])
def test_a_family_query_shows_the_plain_family(icons, query):
    assert _first(icons, query) == "family"


def test_a_query_that_says_the_variant_gets_it(icons):
    assert _first(icons, "woman juggling") == "woman juggling"
    assert _first(icons, "woman juggling: medium skin tone") == "woman juggling: medium skin tone"


def test_one_member_per_group_still(icons):
    labels = [hit.label_en for hit in icons.search_text("family", k=5)]
    assert sum(label.startswith("family") for label in labels) == 1
