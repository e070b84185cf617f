"""Copy extraction for the round-64 ways of writing a brief (an outside writer's noodle delivery app, driving range,
private kindergarten, carpet cleaning, concert hall, crowdfunding platform, vintage camera shop, juice bar, home
security app and county fair): ——等下，副标题用“…” as a correction, 双语浸润环境 as copy (中英双语 stays the language of the
copy), "splash days" as copy (a splash screen is the format), 文案稍后补 as no copy yet, 副标题加上“…” and 标题要“…”才对
giving a field its quote; and (round 65) a voice memo's "…, and under it put …" as the line under the headline.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_wait_then_a_field_changed(lexicon: BriefLexicon) -> None:
    brief = '标题 “夜场练球 9点后半价”\n副标题 “含球杆租借”\n按钮 “马上预约”\n——等一下，副标题用“灯光球场 打到12点”'
    expect_copy(brief, lexicon, title='夜场练球 9点后半价', subtitle='灯光球场 打到12点', cta='马上预约')


def test_bilingual_inside_copy(lexicon: BriefLexicon) -> None:
    assert copy_fields('标题：秋季招生\n副标题：小班教学 双语阅读课', lexicon)["subtitle"] == '小班教学 双语阅读课'
    # the copy's language is still a remark
    assert copy_fields('标题：秋季招生 中英双语', lexicon)["title"] == '秋季招生'


def test_splash_inside_copy(lexicon: BriefLexicon) -> None:
    fields = copy_fields('title: Water Park Nights\nsub: slides, music & splash zones\nbutton: Buy Tickets', lexicon)
    assert fields["subtitle"] == 'slides, music & splash zones'


def test_copy_to_come_later(lexicon: BriefLexicon) -> None:
    brief = '音乐会海报，黑底，要庄严一点。文案晚点补，你先排版'
    assert copy_fields(brief, lexicon)["title"] is None


def test_a_quote_added_or_required_by_a_correction(lexicon: BriefLexicon) -> None:
    brief = '标题：项目已上线\n按钮：去支持\n副标题先空着\n不对，副标题加上“首批支持者享8折”'
    assert copy_fields(brief, lexicon)["subtitle"] == '首批支持者享8折'
    brief = '标题：夜游嘉年华\n按钮：买夜场票\n哦不对 标题要“星光集市嘉年华”才对，其他OK'
    assert copy_fields(brief, lexicon)["title"] == '星光集市嘉年华'


def test_a_line_put_under_the_headline_in_a_voice_memo(lexicon: BriefLexicon) -> None:
    brief = ('[voice memo] for the juice bar popup, the big line should say Green Monday, and under it put Any large '
             'juice for $5, Mondays only. Button says Order Ahead. No fine print.')
    expect_copy(brief, lexicon, title='Green Monday', subtitle='Any large juice for $5, Mondays only', cta='Order Ahead')
    # putting a picture under it is the designer's
    assert copy_fields('headline: Green Monday, and under it put the logo. Button: Order', lexicon)["subtitle"] is None
