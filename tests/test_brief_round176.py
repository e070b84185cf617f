"""Copy extraction for the round-176–179 ways of writing a brief (outside writers' elevator ads, glamping, sign language
classes, sleep trackers, leather care, braised snacks, basketball camps, cleaners, calligraphy copybooks, team building,
ocarina lessons, boiler repair, car washes …): a headline line set apart above a labelled subtitle, a list of bare
labels after a spaced dash, a voice note's kind of line placed at the bottom "is …", a two-sentence line that keeps its
last stop, a legend's "last one tiny at the bottom", a whole line sent to the bottom by its bracket, "keep the sub as
is:", a quoted word judged wrong, an INFO: line, and copy that reads like a remark (Background-Checked, We've got your
back).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_line_set_apart_above_the_labelled_subtitle_is_the_headline(lexicon: BriefLexicon) -> None:
    brief = ("Hi there, flyer for letterboxes (A5):\n\nNEW BOILER FROM £1,695 FITTED\nSubtitle: Includes 10-year warranty\n"
             "Button/CTA: Get a Free Quote\n\nThanks - Karen")
    expect_copy(brief, lexicon, title="NEW BOILER FROM £1,695 FITTED", subtitle="Includes 10-year warranty",
                cta="Get a Free Quote")
    # a line that runs on from the sender's message is no headline
    brief = "Hi there, can you make a flyer for letterboxes\nSubtitle: Includes 10-year warranty"
    assert copy_fields(brief, lexicon)["title"] is None
    # a quoted line stays with the brief's other quotes
    brief = 'Poster:\n\n"Pack it in. Pack it out."\nSubtitle: Leave no trace on the trail'
    assert copy_fields(brief, lexicon)["title"] == "Pack it in. Pack it out."


def test_bare_labels_after_a_spaced_dash_from_the_headline(lexicon: BriefLexicon) -> None:
    brief = ("@design tryouts IG post — headline TRYOUTS ARE OPEN, subhead U10–U16 competitive squads, "
             "button Register Now. small print: Bring cleats & water")
    expect_copy(brief, lexicon, title="TRYOUTS ARE OPEN", subtitle="U10–U16 competitive squads", cta="Register Now",
                body="Bring cleats & water")
    # a field word after a dash that is no headline opens nothing (Hi all — legal 过完了)
    brief = ("Hi all — legal 过完了，最终文案：\nTitle: Black Friday 全场5折\nCTA: Shop the Sale\n"
             "Small print: 11/24–11/27有效，礼品卡除外")
    expect_copy(brief, lexicon, title="Black Friday 全场5折", cta="Shop the Sale", body="11/24–11/27有效，礼品卡除外")


def test_a_voice_notes_contact_at_the_bottom_and_its_two_sentence_headline(lexicon: BriefLexicon) -> None:
    brief = ("Transcript of voice note from Mike: ok so for the flyer, title is Build Trust. Build Teams. Then under it, "
             "Half-day challenge courses at Pine Ridge. And the contact at the bottom is 503-555-0199. That's it.")
    expect_copy(brief, lexicon, title="Build Trust. Build Teams.", subtitle="Half-day challenge courses at Pine Ridge",
                body="503-555-0199")


def test_legends_brackets_and_kept_fields_that_name_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = ("For the IG carousel cover:\n• Dried Flower Art Class\n• Create a bouquet that lasts all year\n• Sign Up\n"
             "• Limited to 8 students per class\nfirst line is the big title, second is the smaller line, third is the "
             "button, last one tiny at the bottom.")
    expect_copy(brief, lexicon, title="Dried Flower Art Class", subtitle="Create a bouquet that lasts all year",
                cta="Sign Up", body="Limited to 8 students per class")
    brief = "大标题 今晚8点 直播间写字课\n小标题 书法老师现场示范\nCTA 预约直播\n直播间福利：下单送毛笔一支 (这个放底部)"
    assert copy_fields(brief, lexicon)["body"] == "直播间福利：下单送毛笔一支"
    brief = ('quick change — swap the headline to "Your first sleep report is ready" and make the button "See My Score". '
             "keep the sub as is: Based on 7h 12m of tracked sleep")
    expect_copy(brief, lexicon, title="Your first sleep report is ready", subtitle="Based on 7h 12m of tracked sleep",
                cta="See My Score")
    brief = ("HEADLINE: Adult Pickup League\nSUB: Competitive 5v5 every Thursday\nINFO: 7–10pm · Eastside Rec Center\n"
             "NO CTA")
    assert copy_fields(brief, lexicon)["body"] == "7–10pm · Eastside Rec Center"


def test_words_judged_wrong_and_copy_that_reads_like_a_remark(lexicon: BriefLexicon) -> None:
    brief = "标题《夏日第一口甜》\n副标题《新用户领5元无门槛券》\n等等，副标题改成《新人专享5元券，满10可用》，“无门槛”不对，抱歉"
    expect_copy(brief, lexicon, title="夏日第一口甜", subtitle="新人专享5元券，满10可用")
    brief = "• Headline: Trusted Cleaners, Background-Checked\n• Button: Get a Free Quote\nwhite bg, our teal"
    expect_copy(brief, lexicon, title="Trusted Cleaners, Background-Checked", cta="Get a Free Quote")
    brief = "headline: 100 Days to Go\nsub: Stay focused. We've got your back.\nbutton: Join the Sprint Class"
    assert copy_fields(brief, lexicon)["subtitle"] == "Stay focused. We've got your back."
    # the sender's "we" after the subtitle's stop is still the sender's
    brief = "headline: 100 Days to Go\nsub: Stay focused. We need this by Friday.\nbutton: Join"
    assert copy_fields(brief, lexicon)["subtitle"] == "Stay focused"


def test_a_chinese_voice_note_names_the_line_before_its_words(lexicon: BriefLexicon) -> None:
    brief = ("[语音转文字] 喂，就是标题写，嗯，'小小科学家养成计划'，然后下面写'12节课 从观察到动手'，然后最下面写上那个，"
             "'报名即送实验服一件'，就这样")
    expect_copy(brief, lexicon, title="小小科学家养成计划", subtitle="12节课 从观察到动手", body="报名即送实验服一件")
    brief = ("语音转写：喂，小张啊，主标题叫冰雪奇幻季，副标题叫南方也能打雪仗，然后下面写一下开放时间，12月20日至次年2月28日，"
             "每天9:00-17:30，就这些")
    expect_copy(brief, lexicon, title="冰雪奇幻季", subtitle="南方也能打雪仗", body="12月20日至次年2月28日，每天9:00-17:30")
