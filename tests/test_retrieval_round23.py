"""Search rules from the twenty-third round of outsider queries: a security camera (监控, 摄像头)
films, so it is the video camera, not the photo camera; asking to rate an order is the rating's
stars; setting sail (扬帆起航, 乘风破浪) is drawn as the picture says, the sailboat and the wave; going
forward together (携手同行) is the handshake; exploring is travel; giving back is charity.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    # cameras, homes, locks
    "1f4f7", "1f4f9", "1f3e0", "1f512",
    # stars and thumbs
    "2b50", "1f31f", "1f44d", "2764-fe0f",
    # sea and strength
    "26f5", "1f30a", "1f3c4", "1f6a2", "1f4aa", "1f525",
    # hands, travel, charity
    "1f91d", "1f9e9", "2708-fe0f", "1f9f3", "1f5fa-fe0f", "1faf6", "1f6d1",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round23")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("监控摄像头安装", {"video camera"}),
    ("please rate your order", {"star", "glowing star", "thumbs up"}),
    ("扬帆起航新征程", {"sailboat", "water wave", "ship"}),
    ("keep exploring the world", {"airplane", "luggage", "world map"}),
    ("giving back this holiday", {"handshake", "red heart", "heart hands"}),
    ("携手同行", {"handshake", "puzzle piece"}),
])
def test_round_23_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels
