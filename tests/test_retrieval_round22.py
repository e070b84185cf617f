"""Search rules from the twenty-second round of outsider queries (slang and slogans): 欧气 is luck,
破防 is the broken heart (no firefighter for its 防), good vibes are happy faces, teamwork is the
handshake and the fitting pieces, booking a ride is the taxi (the verb names no book), a sweet
home is a house, and food sold in its container is the food (a popcorn bucket is the popcorn).
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    # luck, moods, firefighters
    "1f340", "1f31f", "1f494", "1f61e", "1f62d", "1f9d1-200d-1f692", "1f600", "1f642",
    # teams and pieces
    "1f91d", "1f9e9", "1f64c", "1f465", "1f4ad", "1f319",
    # rides and books
    "1f695", "1f697", "1f6b2", "1f4d5", "1f4da",
    # homes
    "1f3e0", "1f3e1", "1f6d6",
    # food in its container
    "1f37f", "1faa3", "1f368", "1f366",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round22")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("欧气爆棚", {"four leaf clover", "glowing star"}),
    ("看完直接破大防", {"broken heart", "disappointed face", "loudly crying face"}),
    ("good vibes all summer", {"grinning face", "slightly smiling face"}),
    ("great teamwork", {"handshake", "puzzle piece", "raising hands", "busts in silhouette"}),
    ("home sweet home deals", {"house", "house with garden"}),
])
def test_slang_and_slogans_bring_their_themes(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


def test_booking_a_ride_is_the_taxi_and_no_book(icons):
    labels = _labels(icons.search_text("book a ride to the airport", k=5))
    assert "taxi" in labels[:2] and not {"closed book", "books"} & set(labels[:3]), labels


@pytest.mark.parametrize(("query", "food"), [("large popcorn bucket", "popcorn"), ("ice cream tub", "ice cream")])
def test_food_in_its_container_is_the_food(icons, query, food):
    assert _labels(icons.search_text(query, k=5))[0] == food
