"""Search rules from the forty-first and forty-second rounds of outsider queries (twenty people: a bubble-waffle
stall, a solar-lantern NGO, car insurance, a riding club, a violin school, a liquor chain, typhoon preparedness,
diapers, a VR arcade, a tea-plantation tour; sunscreen, a chess club, a 3D cinema, a mushroom farm, dog walking,
calligraphy, a metro ticket app, a surf school, baby formula, Halloween costumes): an egg waffle, show jumping and
a rodeo, sunburn, a straw hat, go (围棋), picking a seat, blockbusters, the rush hour, a route map; themes for
arcades and VR, and for disaster preparedness.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = ["1f198", "1f37f", "1f3a6", "1f3ac", "1f3c7", "1f404", "1f40e", "1f452", "1f47e", "1f4ba", "1f4cb", "1f526", "1f579-fe0f", "1f5fa-fe0f", "1f687", "1f689", "1f68c", "1f920", "1f95a", "1f975", "1f97d", "1f9c7", "1f9e2", "1f9f4", "1fa79", "1fa91", "23f0", "2600-fe0f", "26aa", "26ab"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round41")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("鸡蛋仔新口味", {"waffle"}),
    ("rodeo night", {"cowboy hat face", "cow", "horse"}),
    ("sunburn care", {"lotion bottle", "hot face"}),
    ("草帽防晒", {"woman’s hat"}),
    ("围棋兴趣班", {"black circle", "white circle"}),
    ("选座购票", {"seat", "cinema"}),
    ("summer blockbusters", {"popcorn", "clapper board", "cinema"}),
    ("早高峰拥挤", {"bus", "alarm clock"}),
    ("地铁线路图", {"metro", "world map"}),
    ("vr arcade party", {"goggles", "joystick", "alien monster"}),
])
def test_round_41_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


def test_a_list_of_a_themes_things(icons):
    # 应急包清单: the list (清单, the clipboard) is the object the query names, the emergency kit a theme whose symbols
    # fill the rest (round 41's writer put the kit first; the writers of rounds 55–58 put the list first for
    # 户外装备清单, 观鸟装备清单 and 买菜清单, and named objects rank above theme symbols)
    labels = _labels(icons.search_text("应急包清单", k=5))
    assert labels[0] == "clipboard", labels
    assert {"SOS button", "adhesive bandage", "flashlight"} & set(labels[1:5]), labels
