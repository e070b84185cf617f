"""Copy extraction for the round-70/71 ways of writing a brief (outside writers' archery club, natural history museum,
credit card app, sleep clinic, botanical garden, kitchenware brand …): a one-word label misspelt by a common typo
(headlin:, Headlne:), 语音转写： as what the text is (its 写： brings no copy), Footer note: as the fine print, and a
line of "and a" that only leads into the next label's phrase.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_misspelt_label(lexicon: BriefLexicon) -> None:
    brief = 'campaign: private lessons\nheadlin: Master Your Form\nsubhead: 1-on-1 coaching\nbutton: Book Your First Lesson'
    expect_copy(brief, lexicon, title='Master Your Form', subtitle='1-on-1 coaching', cta='Book Your First Lesson')
    brief = 'Volunteer poster:\n- Headlne: Grow With Us\n- Subhead: Volunteer 4 hours a month\n- CTA: Apply to Volunteer'
    expect_copy(brief, lexicon, title='Grow With Us', subtitle='Volunteer 4 hours a month', cta='Apply to Volunteer')
    # a word of its own one letter away from a label is no label (Reading: is not Heading:)
    assert copy_fields('Reading: Grow With Us\nButton: Go', lexicon)["title"] is None


def test_a_transcribed_voice_note(lexicon: BriefLexicon) -> None:
    brief = '语音转写：小林你好，那个昆虫展的海报啊，标题写“一万种昆虫的秘密”，副标题写“标本展+活体互动区”，按钮写“查看展讯”，就这些。'
    expect_copy(brief, lexicon, title='一万种昆虫的秘密', subtitle='标本展+活体互动区', cta='查看展讯')
    brief = '语音转写：就是那个安全驾驶的弹窗哈，标题写安全驾驶 从系好安全带开始，按钮写我知道了，别的没有了。'
    expect_copy(brief, lexicon, title='安全驾驶 从系好安全带开始', cta='我知道了')
    # 写： still brings the words after it
    assert copy_fields('弹窗文案，标题写：秋季上新', lexicon)["title"] == '秋季上新'


def test_footer_note(lexicon: BriefLexicon) -> None:
    brief = '1. Headline: Sleep Without Pills\n2. CTA: Take the Sleep Quiz\n3. Footer note: Results vary. Not medical advice.'
    assert copy_fields(brief, lexicon)["body"] == 'Results vary. Not medical advice.'


def test_a_line_leading_into_the_next_label(lexicon: BriefLexicon) -> None:
    brief = ('Hi Priya, for the wedding registry banner:\n"Start Your Kitchen Together"\n'
             '"Get 15% off everything left on your registry"\nand a button that says "Create Registry"\nsoft blush + cream')
    expect_copy(brief, lexicon, title='Start Your Kitchen Together',
                subtitle='Get 15% off everything left on your registry', cta='Create Registry')
