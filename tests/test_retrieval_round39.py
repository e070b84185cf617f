"""Search rules from the thirty-ninth and fortieth rounds of outsider queries (twenty people: frozen
dumplings, pilates, a charity lottery, a sci-fi bookstore, furniture rental, a scuba school, a beer festival,
smart locks, nail art, a farmers' co-op; a carpool app, a bridal make-up artist, a science museum, fishing
tackle, instant ramen, PC hardware, a hiking club, nursing homes, mooncakes, a used-car auction): frozen
food, bao, a spaceship, a living room, glitter, instant noodles, building a PC, rehab; an auction theme;
carpooling as getting a ride. 速冻 only describes (速冻水饺 is the dumplings) and 大海 is the seaside theme
(星辰大海 stays the stars).
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = ["1f35c", "1f35d", "1f368", "1f485", "1f4b5", "1f4bc", "1f528", "1f5a5-fe0f", "1f5b1-fe0f", "1f5bc-fe0f", "1f64b-200d-2642-fe0f", "1f680", "1f695", "1f697", "1f6a2", "1f6cb-fe0f", "1f6f8", "1f95f", "1f963", "1f9ca", "1f9d1-200d-2695-fe0f", "1fa79", "1fa7c", "1fa80", "1fab4", "2328-fe0f", "23f3", "2728", "2744-fe0f", "2747-fe0f"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round39")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("frozen food deals", {"snowflake", "ice"}),
    ("bao bun stall", {"dumpling"}),
    ("spaceship toy", {"flying saucer", "rocket"}),
    ("living room makeover", {"couch and lamp", "framed picture", "potted plant"}),
    ("glitter nails", {"nail polish", "sparkles", "sparkle"}),
    ("方便面促销", {"steaming bowl"}),
    ("装机配置单", {"desktop computer", "computer mouse", "keyboard"}),
    ("康复中心", {"health worker", "adhesive bandage", "crutch"}),
    ("拍卖会预告", {"hammer", "man raising hand", "dollar banknote"}),
    ("拼车上班", {"briefcase", "taxi", "automobile"}),
])
def test_round_39_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


def test_frozen_dumplings_are_the_dumplings(icons):
    assert _labels(icons.search_text("速冻饺子批发", k=3))[0] == "dumpling"
