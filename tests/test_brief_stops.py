"""Whose full stop is it? Fine print keeps its own (writers keep a fine-print sentence's stop at its line's end 326 times
to 2 in dev, and a fine print of several sentences keeps its last stop 45 to 2 even with more of the brief after it on
the line), as do lines of copy listed one a line; a headline's single stop before the next label stays the brief's.

Each case pairs what must keep its stop with the nearby phrasing that must not.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_fine_print_ending_its_line_keeps_its_stop(lexicon: BriefLexicon) -> None:
    brief = "poster for the shop door. title: Bikes for Hire. sub: Hourly rates from $8. fine print: Helmet included."
    expect_copy(brief, lexicon, title="Bikes for Hire", subtitle="Hourly rates from $8", body="Helmet included.")
    brief = "Headline: Winter Coats Are In\nPlease add small print at the bottom: Alterations take two days.\nThanks"
    assert copy_fields(brief, lexicon)["body"] == "Alterations take two days."
    # the headline's stop before the next label on its line is the brief's separator
    assert copy_fields("Title: Winter Coats Are In. Small print: Alterations take two days.", lexicon)["title"] \
        == "Winter Coats Are In"
    # a stop before the next label on the line goes on being the brief's
    brief = "标题：秋季上新 小字：活动最终解释权归本店所有。按钮：立即购买"
    assert copy_fields(brief, lexicon)["body"] == "活动最终解释权归本店所有"


def test_fine_print_of_sentences_keeps_its_last_stop_before_more_of_the_line(lexicon: BriefLexicon) -> None:
    brief = ("Can you make a sign for the gym? Title: Pool Closed for Repairs. Subtitle: Reopening March 3. "
             "Small print: Showers stay open. Lockers are unaffected. — Thanks, Dan")
    expect_copy(brief, lexicon, title="Pool Closed for Repairs", subtitle="Reopening March 3",
                body="Showers stay open. Lockers are unaffected.")
    # one sentence before the next label on its line ends at the brief's stop
    brief = "Title: Road Works Ahead. Small print: Expect short delays. Button: Get updates"
    assert copy_fields(brief, lexicon)["body"] == "Expect short delays"


def test_lines_of_copy_listed_one_a_line_keep_their_stops(lexicon: BriefLexicon) -> None:
    brief = "Flyer copy, no labels, top to bottom:\n\nLeaks fixed today.\nOur plumbers arrive within the hour.\nBook a visit\n"
    expect_copy(brief, lexicon, title="Leaks fixed today.", subtitle="Our plumbers arrive within the hour.",
                cta="Book a visit")
    brief = "Flyer copy, no labels, top to bottom:\n\nLeaks fixed today\nOur plumbers arrive within the hour\nBook a visit\n"
    expect_copy(brief, lexicon, title="Leaks fixed today", subtitle="Our plumbers arrive within the hour",
                cta="Book a visit")
