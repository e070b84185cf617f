"""Copy extraction for the round-20 ways of writing a brief (issue 16): everyday one-line briefs with English labels
in lower case and no colon, each heading a segment of a comma or semicolon list (title …, sub …, CTA …); and an offer
after a blank inside a labelled headline stays the headline's (splitting it off at the blank was tried: it fixed a dev
brief and broke a held-out one, since a headline may well hold a blank and an offer).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- an offer inside the headline
def test_an_offer_that_stays_in_the_headline(lexicon: BriefLexicon) -> None:
    # on a line of its own, the headline keeps its offer
    got = copy_fields("标题：夏日穿搭指南 T恤满200减30\n按钮：去选购", lexicon)
    assert got["title"] == "夏日穿搭指南 T恤满200减30" and got["subtitle"] is None
    # a stop before the label: the brief parts its pieces by sentences, not blanks
    got = copy_fields("T恤满200减30。标题：夏日穿搭 T恤满200减30 按钮：去选购", lexicon)
    assert got["title"] == "夏日穿搭 T恤满200减30"
    # the campaign's bare name and part of the offer lead into it
    got = copy_fields("海报 标题：会员日 全场8折 按钮：去逛逛", lexicon)
    assert got["title"] == "会员日 全场8折"
    got = copy_fields("海报 标题：大牌直降 低至5折 按钮：去逛逛", lexicon)
    assert got["title"] == "大牌直降 低至5折"
    # with a subtitle labelled, the offer is the headline's
    got = copy_fields("海报 标题：夏日穿搭 T恤满200减30 副标题：限时三天 按钮：去选购", lexicon)
    assert got["title"] == "夏日穿搭 T恤满200减30" and got["subtitle"] == "限时三天"


# ---------------------------------------------------------------------------- English labels in a list
def test_english_labels_heading_the_segments_of_a_list(lexicon: BriefLexicon) -> None:
    expect_copy("Back-to-school banner: headline Ace the Term, subhead Notebooks from $2, button Shop supplies", lexicon,
                title="Ace the Term", subtitle="Notebooks from $2", cta="Shop supplies")
    expect_copy("newsletter popup; title Stay in the Loop!; sub 10% off your first order; CTA Subscribe", lexicon,
                title="Stay in the Loop!", subtitle="10% off your first order", cta="Subscribe")
    expect_copy("Spa popup: title Breathe Out, subtitle Massages from $49", lexicon,
                title="Breathe Out", subtitle="Massages from $49")


def test_label_words_inside_copy_or_talk_stay_out(lexicon: BriefLexicon) -> None:
    # the words after the label go on in lower case: they talk about a thing the label word names
    got = copy_fields("Thank our Title sponsor, Sub-zero deals on freezers, CTA Shop now", lexicon)
    assert got["title"] is None and got["cta"] == "Shop now"
    got = copy_fields("add the subtitle of the film, CTA Book tickets", lexicon)
    assert got["subtitle"] is None and got["cta"] == "Book tickets"
    got = copy_fields("title sponsor Acme, subtitle of the film", lexicon)
    assert got["title"] is None and got["subtitle"] is None
    # one label heading a segment makes no list (the next is a remark to the designer)
    got = copy_fields("title Hop Into Spring, make it pastel", lexicon)
    assert got["title"] is None
