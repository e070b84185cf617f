"""Punctuation and marks that are the brief's or the copy's, and a headline said right after the format's colon.

Whose full stop is it? Fine print keeps its own (writers keep a fine-print sentence's stop at its line's end 326 times
to 2 in dev, and a fine print of several sentences keeps its last stop 45 to 2 even with more of the brief after it on
the line), as do lines of copy listed one a line; a headline's single stop before the next label stays the brief's.

A chat app's bold (one star each side) is formatting; "弹窗：words, 按钮…" puts the headline right after the format.
Each case pairs what must be read one way with the nearby phrasing that must not.
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


def test_one_star_each_side_is_a_chat_apps_bold(lexicon: BriefLexicon) -> None:
    brief = ("IG post for the plant swap:\n*PLANT SWAP SUNDAY*\nsub: Bring a cutting, take a cutting\n"
             "small text: Free entry. Bring your own pot.\nno button needed")
    expect_copy(brief, lexicon, title="PLANT SWAP SUNDAY", subtitle="Bring a cutting, take a cutting",
                body="Free entry. Bring your own pot.")
    # a footnote's star has no closing star and is printed with its line
    brief = "Headline: Solar from $1,990*\nButton: Check eligibility\nFine print: *After rebate. Terms apply."
    assert copy_fields(brief, lexicon)["body"] == "*After rebate. Terms apply."


def test_words_after_the_format_and_its_colon_before_the_button_are_the_headline(lexicon: BriefLexicon) -> None:
    expect_copy("弹窗：周末囤货日 水果满59减10，按钮写“去抢购”，别的不用加", lexicon,
                title="周末囤货日 水果满59减10", cta="去抢购")
    expect_copy("弹窗：会员专享 咖啡买一送一 ｜ 按钮 立即领取", lexicon, title="会员专享 咖啡买一送一", cta="立即领取")
    # after a format described by its offer, the offer alone is the line under the headline, and runs on past a comma
    expect_copy("充值弹窗：充50送5元，按钮就写马上充值", lexicon, subtitle="充50送5元", cta="马上充值")
    expect_copy("会员日弹窗：连续打卡5天，再送20积分（按钮：去打卡）", lexicon, subtitle="连续打卡5天，再送20积分", cta="去打卡")
