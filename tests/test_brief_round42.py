"""Copy extraction for the round-42 ways of writing a brief: "no experience needed" after a comma is a fact for the
reader, kept in the copy ("no button needed" stays a remark); 文案让运营那边补 / 文案市场部下周给 say the copy will come
from someone else, so there is none yet.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_fact_for_the_reader_after_a_comma(lexicon: BriefLexicon) -> None:
    brief = 'headline: 3D Printers Now at the Library\nsub: Free 30-minute sessions, no experience needed\nbutton: Reserve a Printer'
    expect_copy(brief, lexicon, title='3D Printers Now at the Library',
                subtitle='Free 30-minute sessions, no experience needed', cta='Reserve a Printer')
    brief = 'Title: Walk-in Flu Shots\nSub: Open till 9pm, no appointment required\nCTA: Find a store'
    assert copy_fields(brief, lexicon)["subtitle"] == "Open till 9pm, no appointment required"
    # a remark about a field after the comma is still cut
    brief = 'Title: Walk-in Flu Shots\nSub: Open till 9pm, no button needed'
    assert copy_fields(brief, lexicon)["subtitle"] == "Open till 9pm"


def test_copy_someone_else_will_supply(lexicon: BriefLexicon) -> None:
    brief = '帮我们应用做个开屏的弹窗，主题是日语五十音，要可爱风，文案让运营那边补'
    expect_copy(brief, lexicon)
    brief = '帮我们做一个企业版的推广弹窗，科技感强一点，深蓝色，文案市场部下周给'
    expect_copy(brief, lexicon)
    # a team's name inside real copy stays
    brief = '标题：运营给力 周末狂欢\n按钮：去看看'
    expect_copy(brief, lexicon, title='运营给力 周末狂欢', cta='去看看')
