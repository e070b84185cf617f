"""Search rules from the thirty-fifth and thirty-sixth rounds of outsider queries (twenty people: an airline,
a flower-tea brand, a kids' dance school, farm supplies, a museum shop, a pizza chain, a used-book app, a
blood-pressure monitor, a city marathon, a mahjong app; a cosmetic clinic, a camping festival, a local
news app, printer ink, kids' shoes, a noodle shop, a remittance app, a cat café, a beach resort, an
exam-prep app). "Kids" and 亲子 say whom a thing is for, not Children's Day (balloons are the festival's);
"industry" after a trade names no factory; a silent e after two consonants goes as its -ing and -ed forms
lose it (dance/dancing, nurse/nursing, charge/charging meet). Words: aviation, iced tea, hip hop,
fertilizer, a shovel, antiques (a theme), two-for-one, printer ink, office supplies, booking a room, a
mock exam. Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query
files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import fused_only
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever
from tools.retrieval.words import stem

ICONS = [
    "1f193", "1f21a", "1f331", "1f33e", "1f355", "1f381", "1f388", "1f3a7", "1f3db-fe0f", "1f3e8", "1f3ed",
    "1f3fa", "1f466", "1f467", "1f4c1", "1f4cb", "1f4da", "1f4dc", "1f50b", "1f57a", "1f587-fe0f",
    "1f5a8-fe0f", "1f6ce-fe0f", "1f6cf-fe0f", "1f964", "1f9ca", "1f9cb", "1f9d1-200d-1f3ed", "1f9d2", "1f9e2",
    "1f9f8", "1fa81", "1fab4", "1fabd", "23f0", "2692-fe0f", "26a1", "26cf-fe0f", "2708-fe0f", "270f-fe0f",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round35")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("aviation careers", {"airplane", "wing"}),
    ("iced tea combo", {"bubble tea", "cup with straw", "ice"}),
    ("hip hop battle", {"billed cap", "headphone", "man dancing"}),
    ("organic fertilizer", {"sheaf of rice", "seedling", "potted plant"}),
    ("古董拍卖", {"classical building", "amphora", "scroll"}),
    ("toner cartridge", {"printer"}),
    ("办公用品采购", {"file folder", "linked paperclips", "clipboard"}),
    ("订房优惠", {"bellhop bell", "hotel", "bed"}),
    ("mock exam tips", {"pencil", "books", "alarm clock"}),
    ("fully charged battery pack", {"battery"}),
])
def test_round_35_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


def test_kids_are_whom_it_is_for_not_childrens_day(icons):
    # fusion's order: the re-ranker refitted with the query adapter (2026-12-07) answers otherwise
    labels = _labels(fused_only(icons).search_text("smiling kids", k=3))
    assert labels[0] in {"child", "boy", "girl"} and "balloon" not in labels, labels
    assert _labels(fused_only(icons).search_text("六一儿童节快乐", k=3))[0] in {"balloon", "teddy bear", "kite"}


def test_industry_after_a_trade_names_no_factory(icons):
    labels = _labels(icons.search_text("aviation industry", k=3))
    assert labels[0] in {"airplane", "wing"} and labels[1:2] != ["factory worker"], labels


@pytest.mark.parametrize(("words", "stemmed"), [
    (("dance", "dancing", "danced", "dances"), "danc"),
    (("nurse", "nursing", "nurses"), "nurs"),
    (("charge", "charging", "charged"), "charg"),
])
def test_a_silent_e_after_two_consonants_goes_as_in_its_inflections(words, stemmed):
    assert {stem(w) for w in words} == {stemmed}
    assert stem("glove") == "glove" and stem("house") == "house"   # a vowel before: no such e


def test_an_audience_after_for_is_whom_it_is_for(icons):
    # "X for kids" is X, as 孩子的玩具 is the toy: what only the audience names comes after it
    labels = _labels(icons.search_text("exam prep for kids", k=3))
    assert labels[0] in {"pencil", "books", "alarm clock"}, labels
