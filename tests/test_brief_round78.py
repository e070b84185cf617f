"""Copy extraction for the round-78/79 ways of writing a brief (outside writers' tax filing app, dim sum teahouse,
curtain shop, maple leaf festival, laundry pickup app …): a voice note that says where each line goes instead of
labelling it (and underneath, … / The line under that is … / at the bottom in small print put …), "a button too that
says …", "scratch the subtitle, make it …", a heading's own full stop, 文案来啦, a slogan that makes a thing
(做一幅秋天的画) and a colour said of a thing (枫叶正红).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_voice_note_names_places_not_labels(lexicon: BriefLexicon) -> None:
    brief = ('[Voice memo transcript] Okay so for the poster, the big line should say Grand Opening at Riverside, and '
             "underneath, Free pot of tea with every table this week. No button, it's a poster. And at the bottom in "
             "small print put Valid 3 to 9 June while stocks last. That's it, thanks.")
    expect_copy(brief, lexicon, title='Grand Opening at Riverside', subtitle='Free pot of tea with every table this week',
                body='Valid 3 to 9 June while stocks last')
    brief = ('Voice memo, transcribed: the headline is Made to Measure, Made for You. The line under that is Custom '
             'curtains delivered in 10 days. Button says Get a Free Quote. Um, and small print, Measurements by our '
             'team only. Thanks.')
    expect_copy(brief, lexicon, title='Made to Measure, Made for You', subtitle='Custom curtains delivered in 10 days',
                cta='Get a Free Quote', body='Measurements by our team only')
    brief = ('Voice memo: hey, so for the volunteer poster, big headline Volunteers Wanted, then underneath Help us make '
             'Maple Fest magical, and at the bottom in small text Free festival T-shirt and meals for all volunteers. '
             'Um, put a button too that says Sign Up. Thanks!')
    expect_copy(brief, lexicon, title='Volunteers Wanted', subtitle='Help us make Maple Fest magical', cta='Sign Up',
                body='Free festival T-shirt and meals for all volunteers')
    # a place before lower-case words is a remark on the layout, no line of copy
    fields = copy_fields('Headline: Grand Opening, and underneath put the logo and the QR code.', lexicon)
    assert fields["title"] == 'Grand Opening' and fields["subtitle"] is None


def test_the_next_request_after_a_headline(lexicon: BriefLexicon) -> None:
    brief = 'Headline: Volunteers Wanted. Also add a button that says Sign Up.'
    expect_copy(brief, lexicon, title='Volunteers Wanted', cta='Sign Up')


def test_scratch_a_field_and_make_it(lexicon: BriefLexicon) -> None:
    brief = ('transcribed voice msg: banner for the dry cleaning launch, headline Dry Cleaning Now Available, subtitle '
             'Suits, dresses and coats picked up at your door, and the button Book Dry Cleaning. Actually no, scratch '
             'the subtitle, make it Suits and dresses, cleaned and pressed in 48 hours. Thanks.')
    expect_copy(brief, lexicon, title='Dry Cleaning Now Available',
                subtitle='Suits and dresses, cleaned and pressed in 48 hours', cta='Book Dry Cleaning')
    # made into a look, it is no copy
    assert copy_fields('Subtitle: Fresh shirts\nscratch the subtitle, make it bigger.', lexicon)["subtitle"] == 'Fresh shirts'


def test_a_headings_own_full_stop(lexicon: BriefLexicon) -> None:
    brief = ("Headline: Freelancers, stop overpaying.\nSubheadline: We find every deduction you're owed.\n"
             "Fine print: Average savings based on 2023 users. Results vary.")
    expect_copy(brief, lexicon, title='Freelancers, stop overpaying.', subtitle="We find every deduction you're owed.",
                body='Average savings based on 2023 users. Results vary.')
    # a stop that separates two fields on one line is the brief's
    assert copy_fields('Headline: Stop overpaying. Button: File now', lexicon)["title"] == 'Stop overpaying'


def test_the_copy_has_arrived(lexicon: BriefLexicon) -> None:
    brief = '红叶节海报文案来啦～\n主标题：层林尽染 枫叶正红\n副标题：第十届香山红叶文化节 10月20日开幕\n海报不需要按钮，整体用红橙渐变'
    expect_copy(brief, lexicon, title='层林尽染 枫叶正红', subtitle='第十届香山红叶文化节 10月20日开幕')
    # what turns red is the poster: a remark
    assert copy_fields('标题：秋日上新 背景正红', lexicon)["title"] == '秋日上新'


def test_a_slogan_that_makes_a_thing(lexicon: BriefLexicon) -> None:
    brief = '标题：带娃捡枫叶 做一幅秋天的画\n副标题：亲子手作课 每场限30组家庭\n按钮：马上报名'
    expect_copy(brief, lexicon, title='带娃捡枫叶 做一幅秋天的画', subtitle='亲子手作课 每场限30组家庭', cta='马上报名')
    # making the poster itself is a remark
    for remark in ('做一个竖版的', '做个喜庆点的', '做一张海报'):
        assert copy_fields(f'标题：秋日上新 {remark}\n按钮：去看看', lexicon)["title"] == '秋日上新'
