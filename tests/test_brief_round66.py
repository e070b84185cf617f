"""Copy extraction for the round-66/67 ways of writing a brief (outside writers' used car marketplace, escape room,
late-night laser tag, Mid-Autumn gala …): ", with catering" inside a subheadline, a reader's "Snap 6 photos." between
the sentences of a subheadline, 按钮上写“…”, a voice memo's "Button, um, '…'", and 标题改一下，用「…」 as a correction.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_with_clause_inside_a_subtitle(lexicon: BriefLexicon) -> None:
    brief = 'Headline: Escape together.\nSubheadline: Private rooms for teams of 8–30, with catering\nCTA: Get a quote'
    expect_copy(brief, lexicon, title='Escape together', subtitle='Private rooms for teams of 8–30, with catering',
                cta='Get a quote')
    # what "with" brings on the poster is still the designer's
    assert copy_fields('Subtitle: Summer deals, with a red background', lexicon)["subtitle"] == 'Summer deals'


def test_photos_the_reader_takes(lexicon: BriefLexicon) -> None:
    brief = 'Headline: Get an Instant Offer\nSubheadline: Scan. Snap 6 photos. Get a real offer in minutes.\nButton: Scan'
    assert copy_fields(brief, lexicon)["subtitle"] == 'Scan. Snap 6 photos. Get a real offer in minutes.'
    # photos for the poster stay a remark
    assert copy_fields('Subtitle: Scan it. Use 6 photos.', lexicon)["subtitle"] == 'Scan it'


def test_written_on_the_button(lexicon: BriefLexicon) -> None:
    brief = '给我们做个弹窗吧，最上面大字放“新能源二手车专场”，按钮上写“进入专场”就好，底下不需要小字。'
    expect_copy(brief, lexicon, title='新能源二手车专场', cta='进入专场')
    assert copy_fields('标题：周末特惠\n按钮上面写 立即看车', lexicon)["cta"] == '立即看车'


def test_a_filler_between_label_and_quote(lexicon: BriefLexicon) -> None:
    brief = ("Voice memo: headline 'Friday Night Lockdown', subheading 'Late sessions till 1am'. Button, um, "
             "'Book a late slot'. Wait no — make that 'Book a midnight slot'. That's it.")
    fields = copy_fields(brief, lexicon)
    assert fields["cta"] == 'Book a midnight slot' and fields["body"] is None
    # a quote placed "below" a title named after its own quote is still the line under it
    brief = '"Family Game Mornings" as the big title, "Every Sunday, kids play free" below it, and a button that says "Book"'
    expect_copy(brief, lexicon, title='Family Game Mornings', subtitle='Every Sunday, kids play free', cta='Book')


def test_change_then_use_a_quote(lexicon: BriefLexicon) -> None:
    brief = '| 位置 | 文案 |\n|---|---|\n| 标题 | 但愿人长久 |\n| 按钮 | 预约座位 |\n表格里标题改一下，用「但愿人长久，千里共婵娟」'
    fields = copy_fields(brief, lexicon)
    assert fields["title"] == '但愿人长久，千里共婵娟' and fields["subtitle"] is None
    # a change to the look is no copy
    assert copy_fields('标题：中秋晚会\n标题改一下，用大字', lexicon)["title"] == '中秋晚会'
