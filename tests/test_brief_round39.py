"""Copy extraction for the round-39 ways of writing a brief: a blank, then 就行 closing the words asked for; a line named
bare in "do NOT use the line"; a field said to be not required; the leave to write it (你可以自己拟一个); a closing quote
left from a forwarded message; a typo owned up to with "sorry, I mean"; an aside that says not to use its line; a few
words leading to the field's other name and its quote; a voice note that stops to think, or pauses after 的话 before 写,
and signs off after a nod; 最下面小字 / 小一号字 as sizes; a quote the brief says it no longer does (不做了); 这次标题;
a pointer down at a table; 先用 'A' and an arrow on the next line to the change; a chat asking 按钮要吗 and settling on
"it" (主标就它了); a stop kept after sentences of copy or before a request.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_that_will_do_closes_the_words(lexicon: BriefLexicon) -> None:
    brief = '标题：春茶上新\n小字写：每人限购两罐 就行～背景要嫩绿色'
    assert copy_fields(brief, lexicon)["body"] == "每人限购两罐"
    # …but inside a bracketed aside it is the aside's own
    brief = 'Title: Tea Week\nButton: Taste it（英文 button 就好，外国客人多）'
    assert copy_fields(brief, lexicon)["cta"] == "Taste it"


def test_a_line_named_bare_to_avoid(lexicon: BriefLexicon) -> None:
    brief = 'Please don\'t use the line "Best bakery ever" on it.\nHeading: "Bread baked at dawn"'
    expect_copy(brief, lexicon, title='Bread baked at dawn')


def test_a_field_not_required(lexicon: BriefLexicon) -> None:
    brief = 'Title: "Quiet rooms, fast wifi"\nButton: not required for the window sticker'
    expect_copy(brief, lexicon, title='Quiet rooms, fast wifi')


def test_the_designer_given_leave_to_write_it(lexicon: BriefLexicon) -> None:
    brief = '标题 → 秋季瑜伽班开课\n副标题 → 你可以自己拟一个，我还没想好\n按钮 → 立即报名'
    expect_copy(brief, lexicon, title='秋季瑜伽班开课', cta='立即报名')


def test_a_closing_quote_left_from_a_forwarded_message(lexicon: BriefLexicon) -> None:
    brief = 'From the client:\n"Title: Harbour Lights\nSmall print: Tickets are non-refundable."'
    assert copy_fields(brief, lexicon)["body"] == "Tickets are non-refundable."
    # an inch mark stays
    brief = 'Title: Big screen deal\nSmall print: Fits any TV up to 65"'
    assert copy_fields(brief, lexicon)["body"] == 'Fits any TV up to 65"'


def test_a_slip_owned_up_to(lexicon: BriefLexicon) -> None:
    brief = "The title is 'Garden Clearance Servce' — sorry, I mean 'Garden Clearance Service'.\nButton: Get a quote"
    expect_copy(brief, lexicon, title='Garden Clearance Service', cta='Get a quote')


def test_an_aside_saying_not_to_use_its_line(lexicon: BriefLexicon) -> None:
    brief = '标题：吃了还想吃（随口说的 别用这个）\n标题（正式）：新鲜出炉 每日限量\n按钮：去看看'
    expect_copy(brief, lexicon, title='新鲜出炉 每日限量', cta='去看看')


def test_words_leading_to_the_fields_other_name(lexicon: BriefLexicon) -> None:
    brief = '标题用店里的老slogan「一碗好面 三十年」，副标题：周年庆 全场8折'
    expect_copy(brief, lexicon, title='一碗好面 三十年', subtitle='周年庆 全场8折')


def test_a_voice_note_thinks_pauses_and_signs_off(lexicon: BriefLexicon) -> None:
    brief = '标题写 暑期班招生 副标题写 满两科减200 嗯 小字 我想想啊 小字写 名额有限 报完即止 好 就这些 按钮不要'
    expect_copy(brief, lexicon, title='暑期班招生', subtitle='满两科减200', body='名额有限 报完即止')
    brief = '标题写 旧手机换新 小字的话 写 以门店检测为准 嗯 然后按钮就写 立即估价'
    expect_copy(brief, lexicon, title='旧手机换新', cta='立即估价', body='以门店检测为准')


def test_sizes_that_name_fields(lexicon: BriefLexicon) -> None:
    brief = '大字：春季招聘 月薪过万\n小一号字：包吃包住\n最下面小字：工作地点在城东工业园'
    expect_copy(brief, lexicon, title='春季招聘 月薪过万', subtitle='包吃包住', body='工作地点在城东工业园')


def test_a_quote_no_longer_done_and_this_time(lexicon: BriefLexicon) -> None:
    brief = '之前那版「烤肠买二送一」不做了。\n这次标题用：烤肠第二根半价\n按钮：去买'
    expect_copy(brief, lexicon, title='烤肠第二根半价', cta='去买')


def test_a_pointer_down_at_a_table(lexicon: BriefLexicon) -> None:
    brief = '文案 table 👇\n| field | copy |\n|---|---|\n| title | Chess Club Open Day |\n| cta | Sign up |'
    expect_copy(brief, lexicon, title='Chess Club Open Day', cta='Sign up')


def test_a_first_try_then_an_arrow_to_the_change(lexicon: BriefLexicon) -> None:
    brief = "headline 先用 'Cook. Eat. Repeat.'\n→ 老板说太英文了 → 改成「会做饭 更会生活」\nsub: 'Cooking classes for busy people'"
    expect_copy(brief, lexicon, title='会做饭 更会生活', subtitle='Cooking classes for busy people')
    # 先用后付 is a word of the copy, not a first try
    brief = '标题 先用后付 免息三期，按钮 立即开通'
    assert copy_fields(brief, lexicon)["title"] == "先用后付 免息三期"


def test_a_chat_asks_for_a_field_and_settles_on_it(lexicon: BriefLexicon) -> None:
    brief = ('小周：主标先定「秋冬新品 上架」\n小王：有点普通\n小周：那换「暖到心里 一件就够」\n小王：同意\n'
             '小周：好 主标就它了。副标「羊毛混纺 不扎身」\n小王：按钮要吗\n小周：要，「马上选购」')
    expect_copy(brief, lexicon, title='暖到心里 一件就够', subtitle='羊毛混纺 不扎身', cta='马上选购')


def test_a_stop_kept_after_sentences_of_copy(lexicon: BriefLexicon) -> None:
    brief = 'title: Lost your keys? We cut new ones. button: Visit us'
    expect_copy(brief, lexicon, title='Lost your keys? We cut new ones.', cta='Visit us')
    brief = 'Title: Rate your stay. Button: Leave a review. Small print: Reviews are public. Please keep it small.'
    assert copy_fields(brief, lexicon)["body"] == "Reviews are public."
    # a single short headline's stop before the next label is the brief's separator, as is one after two statements
    brief = 'title: Fresh Bagels. button: Order'
    assert copy_fields(brief, lexicon)["title"] == "Fresh Bagels"
    brief = 'Title - Fresh Bagels. Subtitle - Baked at six. Gone by nine. Button - Order'
    assert copy_fields(brief, lexicon)["subtitle"] == "Baked at six. Gone by nine"
