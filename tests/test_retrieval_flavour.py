"""A taste before a dish describes the dish (麻辣牛肉面 is the noodles, "spicy hot pot" the pot), as an audience word
before a service does: the hot pepper the taste word is tagged with is no object named above the dish's own symbols.
The taste alone, or a dish that names no theme, still names the pepper.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import first_named as _first_named
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever
from tools.retrieval.words import is_flavour

# hot pepper, steaming bowl, spaghetti, chopsticks, fondue, pot of food, fire, garlic, honey pot
ICONS = ["1f336-fe0f", "1f35c", "1f35d", "1f962", "1fad5", "1f372", "1f525", "1f9c4", "1f36f"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("flavour")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "dish"), [
    ("香辣牛肉面", {"steaming bowl", "spaghetti"}),
    ("spicy hotpot", {"fondue", "pot of food"}),
])
def test_a_taste_before_a_dish_puts_the_dish_first(rules, query, dish):
    labels = _labels(rules.search_text(query, k=5))
    assert labels[0] in dish, labels
    assert "hot pepper" in labels, labels  # still among the results: the taste is part of the picture


@pytest.mark.parametrize("query", ["麻辣", "spicy"])
def test_the_taste_alone_still_names_the_pepper(icons, query):
    assert _first_named(icons, query) == ["hot pepper"]


def test_ingredients_are_no_mere_taste():
    # garlic and honey can be drawn: before a dish they still name their own object
    assert is_flavour("麻辣") and is_flavour("spicy")
    assert not any(is_flavour(word) for word in ("garlic", "honey", "蒜香", "cheese"))
