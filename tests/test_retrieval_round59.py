"""Search rules from the fifty-ninth to sixty-second rounds of outsider queries (forty trades: a honey shop, an archery
range, a tattoo studio, a sushi bar, a vinyl store, a hearing clinic, a kite festival, a chess club, a houseplant shop,
a driving school; a bowling alley, a cheese shop, a sailing school, a piano shop, a surf shop, a locksmith, an
observatory, a fabric shop, a taxi app, a mushroom farm; a barbershop, a magic show, a ferry, a violin school, a coffee
roaster, a recycling app, a zoo, a tennis club, a bridal shop, a ramen shop; a climbing gym, a fishing charter, a toy
store, a camera rental, a tea house, an ice rink, a pharmacy app, a pumpkin patch, a dog groomer, a cocktail bar): a
number with its unit (30分钟, 第二件) counts, it names no clock face or medal, while a cup's measure word (一杯) names
the drink; and the words those rounds showed missing (vinyl, flu season, bouldering, mushroom picking, a martini …).
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever
from tools.retrieval.retriever import _without_quantities

ICONS = ["1f48a", "1f489", "1f55c", "1f55d", "1f55e", "1f943", "1f964", "2615", "1f948", "1f193", "1f40e", "1f4b3",
         "1f4bf", "1f9d7", "1faa8", "1f344", "1f637", "1f927", "1f6e1-fe0f", "1f3f7-fe0f", "1f4b8", "1f378", "1f342",
         "1f69a"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round59")
    return indexed_icons(root, sample_gallery, ICONS)


def test_counted_amounts_are_blanked_in_place():
    assert _without_quantities("药品30分钟送到") == "药品" + " " * 4 + "送到"
    assert _without_quantities("第二件半价") == " " * 3 + "半价"
    assert _without_quantities("再来一杯") == "再来 杯"  # the cup stays: it names the drink
    assert _without_quantities("delivered in 2 hours") == "delivered in " + " " * 7
    # a bare number, a time of day, a percentage and a ten-visit card are no counted amounts
    for kept in ("100% 满意", "晚上8点开抢", "游泳十次卡", "iPhone 16"):
        assert _without_quantities(kept) == kept


@pytest.mark.parametrize(("query", "accepted"), [
    ("感冒药30分钟送到家", {"pill"}),
    ("再来一杯", {"tumbler glass", "cup with straw", "hot beverage", "cocktail glass"}),
    ("黑胶唱片专场", {"optical disk"}),
    ("换季流感预防", {"face with medical mask", "sneezing face", "syringe"}),
    ("indoor bouldering wall", {"person climbing"}),
    ("rock climbing lessons", {"person climbing"}),
    ("周末采菇一日游", {"mushroom"}),
    ("classic martini night", {"cocktail glass"}),
])
def test_round_59_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels
