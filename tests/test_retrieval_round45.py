"""Search rules from the forty-fifth and forty-sixth rounds of outsider queries (twenty people: a night market
stall, a bicycle courier, a crab restaurant, a piano tuner, a tile store, a kids' robotics class, a seaweed snack
brand, a translation agency, a wedding-dress rental, a karaoke app; a durian dessert shop, a bonsai nursery, a
roller rink, a tutoring marketplace, a bathhouse, a rice-wine brewery, a pet-insurance app, a puppet theatre, a
battery-swap network, a stationery box): seaweed snacks, a tuning fork, neon, a sauna, a stage curtain, a lightning
bolt, an evening gown, rice wine; themes for healthy snacks, many languages, interiors and puppet shows.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = ["1f359", "1f358", "1f363", "1f3b5", "1f306", "1faa9", "1f9d6", "1f3ad", "26a1", "1f329-fe0f", "1f457",
         "1f470", "1f376", "1fad0", "1f951", "1f955", "1f330", "1f310", "1f524", "1f38c", "1f6cb-fe0f", "1fa91", "1f6cf-fe0f",
         "1f5bc-fe0f", "1f38e", "1fa86", "1f3aa", "1f4fc", "1f4be", "1f36a"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round45")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("海苔卷", {"rice ball", "rice cracker"}),
    ("seaweed chips", {"rice ball", "rice cracker"}),
    ("tuning fork set", {"musical note"}),
    ("霓虹灯牌", {"cityscape at dusk", "mirror ball"}),
    ("stage curtain", {"performing arts"}),
    ("lightning bolt logo", {"high voltage"}),
    ("晚礼服", {"dress", "person with veil"}),
    ("米酒节", {"sake"}),
    ("健康小食推荐", {"blueberries", "avocado", "carrot", "chestnut"}),
    ("healthy snack box", {"blueberries", "avocado", "carrot", "chestnut"}),
    ("小语种课程", {"globe with meridians", "input latin letters", "crossed flags"}),
    ("软装搭配", {"couch and lamp", "chair", "bed", "framed picture"}),
    ("interior designer", {"couch and lamp", "chair", "bed", "framed picture"}),
    ("皮影戏表演", {"performing arts", "Japanese dolls", "nesting dolls", "circus tent"}),
    ("puppet theater", {"performing arts", "Japanese dolls", "nesting dolls", "circus tent"}),
    ("80年代风格", {"videocassette", "floppy disk"}),
])
def test_round_45_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels
