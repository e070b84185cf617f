"""Copy extraction for the round-55 and round-56 ways of writing a brief (outside writers' rice noodles, fitness app,
smartphones, ski school, home appliances, tax filing, zoo, test prep, beer festival and flower subscription; coffee
machines, short video, fruit shop, bus pass, cat litter, toy bricks, student loans, yoga mats, live-stream shop and
ferry): "scratch that subhead — use '…' instead", a quoted word the brief says may not be used ("押题"不能用), a voice
memo's pause and filler after a value (5 to 9 pm... um,), a headline's own ellipsis kept whole, and words put at the
bottom in small text as the fine print.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_words_used_instead(lexicon: BriefLexicon) -> None:
    brief = ('@mark banner for the washer/dryer bundle\nheadline: Laundry Day, Upgraded\n'
             'subhead: Save $400 on washer + dryer pairs\nbutton: Shop Bundles\n'
             'wait, scratch that subhead — use "Buy the pair, save $400" instead')
    assert copy_fields(brief, lexicon)["subtitle"] == "Buy the pair, save $400"
    # a button that asks the reader to use a code keeps its words
    assert copy_fields('headline: Laundry Day\nbutton: Use code "SAVE10"', lexicon)["cta"] == 'Use code "SAVE10"'


def test_a_quoted_word_that_may_not_be_used(lexicon: BriefLexicon) -> None:
    brief = ('弹窗文案：\n标题：四六级押题直播 今晚8点\n副标题：考前最后一课 带你稳过\n按钮：预约直播\n\n'
             '哦对了，"押题"不能用，标题改成：四六级考前直播 今晚8点')
    expect_copy(brief, lexicon, title='四六级考前直播 今晚8点', subtitle='考前最后一课 带你稳过', cta='预约直播')


def test_a_spoken_pause_after_a_value_and_an_ellipsis_of_the_copy(lexicon: BriefLexicon) -> None:
    brief = ('[voice memo transcript] ok so for the night skiing poster, the headline is Ski Under the Lights, and the '
             'sub line is Fridays and Saturdays, 5 to 9 pm... um, no button obviously it\'s a poster')
    fields = copy_fields(brief, lexicon)
    assert (fields["title"], fields["subtitle"]) == ("Ski Under the Lights", "Fridays and Saturdays, 5 to 9 pm")
    assert copy_fields('headline: Ski Under the Lights...', lexicon)["title"] == "Ski Under the Lights..."
    # a word that ends in "um" is the copy's
    assert copy_fields('headline: Visit the Museum', lexicon)["title"] == "Visit the Museum"


def test_words_put_at_the_bottom_in_small_text(lexicon: BriefLexicon) -> None:
    brief = ('voice note: the headline is Ride the Lift at Dawn, sub is Sunrise laps every Sunday, no button, and put '
             'Lift tickets sold separately at the bottom in small text. thanks')
    expect_copy(brief, lexicon, title='Ride the Lift at Dawn', subtitle='Sunrise laps every Sunday',
                body='Lift tickets sold separately')
    # the designer's own elements are placed there too, and are no copy
    assert copy_fields('headline: Ride the Lift at Dawn\nput the logo at the bottom in small text', lexicon)["body"] is None
