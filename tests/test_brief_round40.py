"""Copy extraction for the round-40 ways of writing a brief: lines told by size (一句大的 / 小一点的) and a third line at
the bottom; a bracketed aside, or an emoji, the brief asks to leave off; an aside cut inside its bracket or saying
where the button goes; an outline number before a dash label; a slogan of two stopped sentences; a corner before a
size label; a voice note that closes on 就这两句 or a nod before the next field, asks for the words as they are
(你原样写上啊), leaves something off (电话就不写了), takes a word back (不叫A 叫B) and spells a character; a line added
as small print; a chat asking 标题用啥 with no question mark; "to say … instead of …"; "should NOT say"; "title is
now:" after an aside; "legal says" inside a sentence; a typo owned up to; a pick by a name without its role.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_lines_told_by_size(lexicon: BriefLexicon) -> None:
    brief = '想做张谢师的图\n一句大的：三年辛苦 老师您好\n再一句小一点的：初三2班全体同学\n别的不要'
    expect_copy(brief, lexicon, title='三年辛苦 老师您好', subtitle='初三2班全体同学')
    brief = '- 大字：荔枝当天到\n- 小一点：空运直发 坏一赔一\n- 最下面：仅限广州市内配送\n- 按钮：去下单'
    expect_copy(brief, lexicon, title='荔枝当天到', subtitle='空运直发 坏一赔一', cta='去下单', body='仅限广州市内配送')


def test_an_aside_or_emoji_asked_off(lexicon: BriefLexicon) -> None:
    brief = '标题「舞蹈班 招生啦」\n小字「地点：南山区 周末上课（家长可陪同哈）」 括号那句别放上去'
    assert copy_fields(brief, lexicon)["body"] == "地点：南山区 周末上课"
    brief = 'headline: Fresh Bread Daily\nsub: Baked before sunrise 🥖 (leave the emoji off the actual banner please)'
    assert copy_fields(brief, lexicon)["subtitle"] == "Baked before sunrise"
    # an emoji the brief says nothing about stays
    brief = 'headline: Fresh Bread Daily\nsub: Baked before sunrise 🥖'
    assert copy_fields(brief, lexicon)["subtitle"] == "Baked before sunrise 🥖"


def test_an_aside_on_the_button(lexicon: BriefLexicon) -> None:
    brief = '标题：后厨开放日\n按钮文案：预约参观（放在海报右下角）'
    assert copy_fields(brief, lexicon)["cta"] == "预约参观"
    brief = '- title: 周末烘焙课\n- button: Join us (英文就行 别写中文)'
    assert copy_fields(brief, lexicon)["cta"] == "Join us"


def test_numbered_dash_labels_and_two_sentence_slogans(lexicon: BriefLexicon) -> None:
    brief = '1. Headline — Adopt a Bench\n2. Footnote — Plaques are made to order.\n\nWeb only.'
    assert copy_fields(brief, lexicon)["body"] == "Plaques are made to order."
    brief = ('Stand wall, print only.\nBig line: Ship faster. Sell further.\nUnder it: Freight for 5,000+ sellers\n'
             'Bottom-left, small: Fees apply. Rates listed at shipfast.example/rates\n')
    expect_copy(brief, lexicon, title='Ship faster. Sell further.', subtitle='Freight for 5,000+ sellers',
                body='Fees apply. Rates listed at shipfast.example/rates')


def test_a_voice_note_closes_its_lines(lexicon: BriefLexicon) -> None:
    brief = '【语音转文字】标题就写 开锁换锁上门服务 然后小字写 仅限本区 夜间加收费用 就这两句 按钮不要啊'
    expect_copy(brief, lexicon, title='开锁换锁上门服务', body='仅限本区 夜间加收费用')
    brief = '标题 保险箱维修 专业快速 小字写 持证上门 价格透明 好 副标题不要了'
    expect_copy(brief, lexicon, title='保险箱维修 专业快速', body='持证上门 价格透明')


def test_a_voice_note_asks_for_words_as_they_are(lexicon: BriefLexicon) -> None:
    brief = '标题 面馆招帮厨 副标题 包吃住 月休四天 小字你原样写上啊 年龄20到45岁 会切配优先 微信就不写了 来店里谈'
    expect_copy(brief, lexicon, title='面馆招帮厨', subtitle='包吃住 月休四天', body='年龄20到45岁 会切配优先')


def test_a_word_taken_back_and_spelled(lexicon: BriefLexicon) -> None:
    brief = '标题写 空调清洗季 啊不对不对 不叫清洗季 叫 空调焕新季 焕然一新那个焕 按钮加一个 写 立即预约 这个能点'
    expect_copy(brief, lexicon, title='空调焕新季', cta='立即预约')


def test_a_line_added_as_small_print(lexicon: BriefLexicon) -> None:
    brief = '标题改成 老车换新胎 然后加一句小字 换胎后三个月内免费补胎 按钮不用'
    expect_copy(brief, lexicon, title='老车换新胎', body='换胎后三个月内免费补胎')


def test_a_chat_asks_what_to_write(lexicon: BriefLexicon) -> None:
    brief = '老王 09:01\n榴莲到货了\n小赵 09:02\n标题用啥\n老王 09:03\n「泰国金枕榴莲 今日到店」\n老王 09:03\n小字：先到先得'
    expect_copy(brief, lexicon, title='泰国金枕榴莲 今日到店', body='先到先得')


def test_english_corrections_and_words_to_avoid(lexicon: BriefLexicon) -> None:
    brief = 'headline: Bring a friend\nbutton: Copy link\n\nupdate: marketing wants the button to say Send invite instead of Copy link'
    expect_copy(brief, lexicon, title='Bring a friend', cta='Send invite')
    brief = "We need a first-run popup. The button is to say: Start listening\nIt should NOT say 'Play now', please."
    expect_copy(brief, lexicon, cta='Start listening')


def test_a_title_restated_after_an_aside(lexicon: BriefLexicon) -> None:
    brief = ("popup for dry cleaning\ntitle: Ready by noon\nbutton: Book now\n\nhmm, legal says we can't promise that 😬 "
             "title is now: Leave it with us. We'll handle it.\n")
    expect_copy(brief, lexicon, title="Leave it with us. We'll handle it.", cta='Book now')


def test_a_typo_owned_up_to_and_a_pick_by_name(lexicon: BriefLexicon) -> None:
    brief = "Title: Morning Stretch\nSubtitle: Every weekday at 7\n\nIt's 'Stretch' with a t, I'd typed 'Strech' before."
    expect_copy(brief, lexicon, title='Morning Stretch', subtitle='Every weekday at 7')
    brief = '老板：小字写「售出不退」\n店长小周：这样容易被投诉 建议写「质量问题七天内可退」\n老板：行 就用小周的'
    assert copy_fields(brief, lexicon)["body"] == "质量问题七天内可退"
