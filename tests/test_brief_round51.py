"""Copy extraction for the round-51 and round-52 ways of writing a brief (outside writers' ride-hailing, tea house, gym,
toy store, mobile carrier, real estate, jewellery, pet grooming, cloud storage and farmers market; hotel booking,
dumplings, cosmetics, driving school, concert tickets, B2B CRM, vegan café, campsite, print shop and esports): a
reader's fact that goes on ("no account needed for recipients"), a voice memo's "um" between fields, quoted lines
placed "as the big line" and "underneath" under a heading that names the poster, a bracketed size between a label and
its dash (Bottom line (small) - …), and a note the brief later says is printed (Note 那行也要印在banner底部).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_readers_fact_that_goes_on_stays_in_its_field(lexicon: BriefLexicon) -> None:
    brief = ('Banner for the shared links feature:\n* headline: Share big files in one link\n'
             '* subhead: Up to 50GB per link, no account needed for recipients\n* button: Try it free')
    expect_copy(brief, lexicon, title='Share big files in one link',
                subtitle='Up to 50GB per link, no account needed for recipients', cta='Try it free')
    # about the poster, the same words are a remark
    assert copy_fields('Title: Send big files\nNo button needed for this one', lexicon)["cta"] is None


def test_a_voice_memos_filler_between_fields(lexicon: BriefLexicon) -> None:
    brief = ('[voice memo transcript] ok so for the late night banner, the title is Open Till 2AM, um, the subtitle '
             'should say hot dumplings for night owls, and the button just says Find a Store. Thanks.')
    expect_copy(brief, lexicon, title='Open Till 2AM', subtitle='hot dumplings for night owls', cta='Find a Store')
    # a word that only ends in "um" is the copy's
    assert copy_fields('Headline: Dim Sum, Yum\nButton: Order now', lexicon)["title"] == "Dim Sum, Yum"


def test_quoted_lines_placed_as_the_big_line_and_underneath(lexicon: BriefLexicon) -> None:
    brief = ('Subject: Brunch poster for window\n\nHey Sam,\nFor the window poster, let\'s go with:\n'
             '"Weekend Brunch, Zero Cruelty" as the big line,\n'
             '"Tofu scramble, banana pancakes & bottomless cold brew" underneath,\n'
             'and at the very bottom in small text: "Sat & Sun 9am–2pm. Walk-ins welcome."\nNo button obviously.')
    expect_copy(brief, lexicon, title='Weekend Brunch, Zero Cruelty',
                subtitle='Tofu scramble, banana pancakes & bottomless cold brew',
                body='Sat & Sun 9am–2pm. Walk-ins welcome.')
    # a picture placed "as the big image" is no copy
    fields = copy_fields('Poster for the café:\n"Weekend Brunch" as the big line,\nuse the logo as the big image', lexicon)
    assert (fields["title"], fields["subtitle"]) == ("Weekend Brunch", None)


def test_a_size_in_brackets_between_a_label_and_its_dash(lexicon: BriefLexicon) -> None:
    brief = ('Here\'s what goes on the poster:\nHeadline - Your Love Story, Beautifully Printed\n'
             'Subhead - Invitations, place cards & thank-you notes\n'
             'Bottom line (small) - Free sample pack with every consultation\nNo button.')
    expect_copy(brief, lexicon, title='Your Love Story, Beautifully Printed',
                subtitle='Invitations, place cards & thank-you notes', body='Free sample pack with every consultation')
    # the logo's size and place are the layout's
    assert copy_fields('Headline - Your Love Story\nLogo (small) - bottom right corner', lexicon)["body"] is None


def test_a_note_the_brief_later_says_is_printed(lexicon: BriefLexicon) -> None:
    brief = ('大幅面打印 banner\nTitle: 海报、展板、KT板 当天出图\nSubtitle: A0大图 ¥15起\nButton: 在线下单\n'
             'Note: 文件请提供PDF格式\n(Note 那行也要印在banner底部哈)')
    expect_copy(brief, lexicon, title='海报、展板、KT板 当天出图', subtitle='A0大图 ¥15起', cta='在线下单', body='文件请提供PDF格式')
    # unsaid, a note is the designer's
    assert copy_fields('Title: 当天出图\nNote: 文件请提供PDF格式', lexicon)["body"] is None
