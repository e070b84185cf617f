"""Copy extraction for the round-37 and round-38 ways of writing a brief: labels typed in a hurry (titel, subtitel, buton,
副题, small txt) and a field scrapped on second thought; a sentence of copy closing on a bracketed aside and a conditional
line (If you …, we'll …); a field handed to the designer after why the old line went (…感觉不好，你帮忙重新想一句吧, not yet
agreed … Could you propose two options?); a pasted sheet whose copy cell is empty or a dash; 写 between blanks after a label;
a language picked with a particle before the colon; a size closed by 的 before it (下面一行小一点的：…); a fine-print label
saying how many lines it heads; a line asking for the words below it after a forwarded thread; an office's passive change
(has been replaced … with:) and a sentence asking to use the words after its colon; options marked 甲/乙; 备选有俩; 不设置;
a line that opens by taking the value above back (不对 改成…); a dash from a quote to the label after it.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_labels_typed_in_a_hurry(lexicon: BriefLexicon) -> None:
    brief = 'quick one for the gym flyer\ntitel: Lift Heavy, Sleep Well\nsubtitel - Open 24/7 for members\nbuton: Join today'
    expect_copy(brief, lexicon, title='Lift Heavy, Sleep Well', subtitle='Open 24/7 for members', cta='Join today')
    brief = '烘焙课海报\n主题：周末做面包\n副题：两小时 带走一篮子\n按纽：立即预约'
    expect_copy(brief, lexicon, title='周末做面包', subtitle='两小时 带走一篮子', cta='立即预约')
    brief = 'Title: Night Market\nsmall txt: Cash only. Closes at midnight.'
    assert copy_fields(brief, lexicon)["body"] == "Cash only. Closes at midnight."


def test_a_field_scrapped_on_second_thought(lexicon: BriefLexicon) -> None:
    brief = 'Title: Ski Week Deals\nSubtitle: Lift pass included\nButton: Book now\nactually scrap the subtitle, not approved yet'
    expect_copy(brief, lexicon, title='Ski Week Deals', cta='Book now')


def test_sentences_of_copy_with_an_aside(lexicon: BriefLexicon) -> None:
    brief = 'big text: Karaoke Night\nunder it: Grab the mic. Sing badly. Get home safe (we\'ll drive)\nno button'
    assert copy_fields(brief, lexicon)["subtitle"] == "Grab the mic. Sing badly. Get home safe (we'll drive)"
    # an aside that is an instruction still ends the value
    brief = 'Title: Karaoke Night\nSubtitle: Grab the mic (make it bold)'
    assert copy_fields(brief, lexicon)["subtitle"] == "Grab the mic"


def test_a_conditional_line_keeps_its_main_clause(lexicon: BriefLexicon) -> None:
    brief = "Headline: Try our sofa at home\nSub-headline: If you change your mind, we'll pick it up\nButton: Order"
    assert copy_fields(brief, lexicon)["subtitle"] == "If you change your mind, we'll pick it up"


def test_a_field_handed_to_the_designer_after_a_reason(lexicon: BriefLexicon) -> None:
    brief = '标题：秋日茶会\n副标题：之前写的是“一起喝茶”，太普通了，你帮忙重新想一句吧\n按钮：报名'
    expect_copy(brief, lexicon, title='秋日茶会', cta='报名')
    brief = '标题：秋日茶会\n按钮上的字你帮我想个有意思的吧'
    expect_copy(brief, lexicon, title='秋日茶会')
    brief = ("Headline: Free Tyre Check\nSub-headline: We have not yet decided on this line. Could you suggest two or "
             "three options?\nButton: Book a slot")
    expect_copy(brief, lexicon, title='Free Tyre Check', cta='Book a slot')
    # a line of copy before a question about another field is still copy
    brief = "Title: Free Tyre Check\nSubtitle: Done in ten minutes. Could you suggest two options for the button?"
    assert copy_fields(brief, lexicon)["subtitle"] == "Done in ten minutes"


def test_a_sheet_cell_left_empty_or_dashed(lexicon: BriefLexicon) -> None:
    brief = 'field\tcopy\tnotes\ntitle\tSpring Clean Sale\tfor homepage\ncta\tShop now\t\nbody\t\tnot needed'
    expect_copy(brief, lexicon, title='Spring Clean Sale', cta='Shop now')
    brief = 'Field\tCopy\tNotes\nHeadline\tSpring Clean Sale\tok\nDisclaimer\t—\tnothing this time'
    expect_copy(brief, lexicon, title='Spring Clean Sale')


def test_a_spoken_verb_of_writing_between_blanks(lexicon: BriefLexicon) -> None:
    brief = '（语音）title 就写 Data Camp 然后 subtitle 写 从表格到模型 嗯 button 就 Sign up 吧'
    expect_copy(brief, lexicon, title='Data Camp', subtitle='从表格到模型', cta='Sign up')


def test_a_language_picked_before_the_colon(lexicon: BriefLexicon) -> None:
    brief = 'Title: Tea by the Lake\n副标题就用中文吧：湖边茶室 · 慢生活'
    assert copy_fields(brief, lexicon)["subtitle"] == "湖边茶室 · 慢生活"


def test_a_size_before_the_colon(lexicon: BriefLexicon) -> None:
    brief = '大标题就写：一起来做香薰\n下面一行小一点的：90分钟体验 成品带走\n按钮写“立即预约”'
    expect_copy(brief, lexicon, title='一起来做香薰', subtitle='90分钟体验 成品带走', cta='立即预约')


def test_a_fine_print_label_counting_its_lines(lexicon: BriefLexicon) -> None:
    brief = '标题：开学礼包\n按钮：去领取\n小字两行：\n礼包限新用户领取\n有效期至9月30日\n备注 背景用浅蓝色'
    assert copy_fields(brief, lexicon)["body"] == "礼包限新用户领取\n有效期至9月30日"
    brief = ('1. 标题：亲子露营周末\n2. 说明文字（放在底部，两行）：\n   适合4岁以上儿童。\n   帐篷由营地提供。\n'
             '3. 配图用实拍照片')
    assert copy_fields(brief, lexicon)["body"] == "适合4岁以上儿童。\n   帐篷由营地提供。"


def test_a_line_asking_for_the_words_below_it(lexicon: BriefLexicon) -> None:
    brief = ('转发：\n主题：春季卡优惠\n内容：老客续卡八折，底价勿外传。\n\n请按以下文字出图：\n标题：春季卡八折\n'
             '小标题：老客专享\n底部：活动至4月30日')
    expect_copy(brief, lexicon, title='春季卡八折', subtitle='老客专享', body='活动至4月30日')
    brief = ('From: Sales\nHeadline: The best chair in town\n---\nDesign — please use the following, after the review:\n'
             'Headline: Our comfiest chair yet')
    assert copy_fields(brief, lexicon)["title"] == "Our comfiest chair yet"


def test_a_change_told_in_an_office_sentence(lexicon: BriefLexicon) -> None:
    brief = ('Hello,\nThe headline sent earlier ("Rest easy for a year") has been replaced, after review, with:\n\n'
             '"Sleep well for a year"\n\nButton: Learn more')
    assert copy_fields(brief, lexicon)["title"] == "Sleep well for a year"
    brief = ('We first had "Night at the Museum" as the title, but the event has another name, so please use the right '
             'name: "Museum After Dark".\nButton: Get tickets')
    expect_copy(brief, lexicon, title='Museum After Dark', cta='Get tickets')


def test_options_marked_by_stems(lexicon: BriefLexicon) -> None:
    brief = '标题拟用以下两个之一：\n甲：“冬季清仓 全场五折”\n乙：“冬装清仓 限时五折”\n经讨论，采用乙方案。\n按钮：不设置（线下张贴）'
    expect_copy(brief, lexicon, title='冬装清仓 限时五折')
    brief = '标题备选有俩：A「夜市开张」 B「夜市开张啦 吃到饱」，大家投票选了B\n小字：仅限周末'
    expect_copy(brief, lexicon, title='夜市开张啦 吃到饱', body='仅限周末')


def test_a_line_taking_the_value_above_back(lexicon: BriefLexicon) -> None:
    brief = '储值海报\n标题 存300送30\n不对 改成存500送80 上次那个规则停了\n按钮 立即储值'
    expect_copy(brief, lexicon, title='存500送80', cta='立即储值')


def test_a_dash_from_a_quote_to_its_label(lexicon: BriefLexicon) -> None:
    brief = '店铺头图文案：\n“现烤面包 每天早上7点出炉”——这句做大标题\n小标题“第二个半价”'
    expect_copy(brief, lexicon, title='现烤面包 每天早上7点出炉', subtitle='第二个半价')
