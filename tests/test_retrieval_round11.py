"""Search rules from the eleventh round of outsider queries: campaign wording after the object that
names nothing the gallery has (当日现做, 当季鲜发) does not take the head noun's place, the object in
the run before it does, unless that run joins two objects (热狗配可乐); jars and crates after an
object hold it ("honey jars"), and descriptive words (raw, organic, 有机) are not content words; and
the regional and shop names of everyday objects (波鞋, 可颂, 巴士, 彩椒, 苞米, 地球仪, aubergine, lorry,
biscuits, wellies, e-scooter, prosecco) name them. Real sample-gallery icons, indexed with the
offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import first_named as _first_named
from support.retrieval_fixtures import indexed_icons
from support.retrieval_fixtures import named_labels as _named
from tools.retrieval import Retriever

ICONS = [
    "1f6b2", "1f3d9-fe0f", "1f33d", "2197-fe0f", "1f950", "1f9c8", "1f36f", "1fad9", "1f41d", "1f32d",
    "1f964", "1f45f", "1f97f", "1f68c", "1f3ab", "1f30d", "1f30e", "1f30f", "1f310", "1f9d2", "1f4bb",
    "1f4da", "1f392", "1fad1", "1f336-fe0f", "1f381", "1f37e", "1f3f7-fe0f", "1f6f4", "1f6f5", "1f462",
    "1f4e6", "1f346", "1f69b", "1f69a", "1f36a", "1f6aa",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round11")
    return indexed_icons(root, sample_gallery, ICONS)


# -- campaign wording after the object names nothing: the object before it is the head
@pytest.mark.parametrize("query, first", [
    ("黄油羊角面包 当日现做", "croissant"),      # not the butter it is made with
    ("东北苞米 当季鲜发", "ear of corn"),         # not the up-right arrow that 东北 tags
])
def test_campaign_wording_after_the_object_leaves_it_the_head(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _named(hits)[:1] == [first], _labels(hits)


def test_two_joined_objects_keep_the_first(icons):
    # 配 joins two objects: the later one (the drink) is no head of the run
    assert _first_named(icons, "热狗配可乐 当日现做") == ["hot dog"]


def test_an_object_alone_is_still_its_own_head(icons):
    assert _first_named(icons, "黄油") == ["butter"]
    assert _first_named(icons, "羊角面包") == ["croissant"]


# -- jars after an object hold it; raw, organic describe it
@pytest.mark.parametrize("query", ["organic honey jars", "wildflower honey in a jar", "有机蜂蜜 罐装"])
def test_the_jar_holds_the_object(icons, query):
    assert _first_named(icons, query) == ["honey pot"]


def test_a_jar_alone_is_still_the_jar(icons):
    assert _first_named(icons, "glass jar") == ["jar"]


# -- regional and shop words name the everyday object
@pytest.mark.parametrize("query, first", [
    ("复古波鞋 清仓", "running shoe"),
    ("可颂 早餐套餐", "croissant"),
    ("巴士月票", "bus"),
    ("彩椒炒肉", "bell pepper"),
    ("轻薄本 以旧换新", "laptop"),
    ("aubergine recipes", "eggplant"),
    ("lorry drivers wanted", "articulated lorry"),
    ("digestive biscuits", "cookie"),
    ("wellies for kids", "woman’s boot"),
    ("electric scooter hire", "kick scooter"),
    ("champagne toast", "bottle with popping cork"),
])
def test_a_regional_name_names_the_object(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _named(hits)[:1] == [first], _labels(hits)


@pytest.mark.parametrize("query, first", [
    ("公交车", "bus"), ("hot pepper", "hot pepper"), ("delivery truck", "delivery truck"), ("门", "door"),
])
def test_the_gallery_names_still_name_their_object(icons, query, first):
    assert _labels(icons.search_text(query, k=3))[0] == first
