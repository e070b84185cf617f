"""Copy extraction for the round-66 to round-69 ways of writing a brief (outside writers' used car marketplace, escape
room, laser tag, Mid-Autumn gala, go-kart track, lighting store, cider maker …): ", with catering" inside a subheadline,
a reader's "Snap 6 photos." between a subheadline's sentences, 按钮上写“…”, a voice memo's "Button, um, '…'",
标题改一下，用「…」 as a correction; and from older dev rounds "no collateral" as an offer and 绿色能量系列 as a name, not a
colour; a note on a table row's label (| Legal line (bottom) |), 文案来了, "change the line under it to …", and capital
labels heading lines without colons (HEADLINE Think You're Fast? ⏎ SUBHEAD …).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_with_clause_inside_a_subtitle(lexicon: BriefLexicon) -> None:
    brief = 'Headline: Escape together.\nSubheadline: Private rooms for teams of 8–30, with catering\nCTA: Get a quote'
    expect_copy(brief, lexicon, title='Escape together.', subtitle='Private rooms for teams of 8–30, with catering',
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


def test_a_waived_security_is_an_offer(lexicon: BriefLexicon) -> None:
    brief = 'Title: Loans for Women-Led Businesses\nSubtitle: Rates from 8.9% APR, no collateral\nButton: Check My Rate'
    assert copy_fields(brief, lexicon)["subtitle"] == 'Rates from 8.9% APR, no collateral'


def test_a_colour_word_naming_a_thing(lexicon: BriefLexicon) -> None:
    assert copy_fields('1. 标题：Green Power 绿色能量系列\n2. CTA：加入购物车', lexicon)["title"] == 'Green Power 绿色能量系列'
    assert copy_fields('标题：春日上新 绿色出行', lexicon)["title"] == '春日上新 绿色出行'
    # the colour of the poster stays a remark
    assert copy_fields('标题：Green Power 红色背景', lexicon)["title"] == 'Green Power'
    assert copy_fields('主标题：年货节 按钮：立即抢购，红色喜庆', lexicon)["cta"] == '立即抢购'
    assert copy_fields('标题：春日上新，绿色为主', lexicon)["title"] == '春日上新'


def test_a_note_on_a_table_rows_label(lexicon: BriefLexicon) -> None:
    brief = ('| Slot | Copy |\n|---|---|\n| Headline | Small Batch. Big Flavor. |\n| CTA | Find a Stockist |\n'
             '| Legal line (bottom) | Enjoy responsibly. |')
    assert copy_fields(brief, lexicon)["body"] == 'Enjoy responsibly.'
    assert copy_fields('| 副标题（小字） | 买一送一 |', lexicon)["subtitle"] == '买一送一'


def test_the_copy_has_arrived(lexicon: BriefLexicon) -> None:
    brief = '嗨～双十一弹窗文案来了\n标题：灯具全场低至5折\n按钮：立即抢购'
    expect_copy(brief, lexicon, title='灯具全场低至5折', cta='立即抢购')
    # a headline that says something came is copy
    assert copy_fields('标题 春天来了\n按钮：立即抢购', lexicon)["title"] == '春天来了'


def test_the_line_under_it_changed(lexicon: BriefLexicon) -> None:
    brief = ('For the popup I\'m thinking big text "48-Hour Flash Sale" with "Extra 20% off all sofas" under it and a '
             '"Shop Now" button. Hmm actually change the line under it to "Extra 20% off sofas & armchairs". Thanks!!')
    expect_copy(brief, lexicon, title='48-Hour Flash Sale', subtitle='Extra 20% off sofas & armchairs', cta='Shop Now')


def test_capital_labels_heading_lines_without_colons(lexicon: BriefLexicon) -> None:
    brief = ("Poster for the lap record challenge\nHEADLINE Think You're Fast?\n"
             "SUBHEAD Beat our lap record of 42.3s and race free for a month\n"
             "FINE PRINT Record attempts every Sunday. Staff timing is final.\nA2, portrait, big stopwatch graphic")
    expect_copy(brief, lexicon, title="Think You're Fast?", subtitle='Beat our lap record of 42.3s and race free for a month',
                body='Record attempts every Sunday. Staff timing is final.')
    # one such line alone, or lines that talk about the copy, are no labelled copy
    assert copy_fields("Poster for the challenge\nHEADLINE Think You're Fast?", lexicon)["title"] is None
    assert copy_fields('Headline ideas below\nSubhead Maybe later', lexicon)["subtitle"] is None
