"""Copy extraction for the round-33 to round-35 ways of writing a brief: a compliance line (合规：…, 合规小字 …) and a
Cantonese refusal (按鈕：唔使); a field handed to the designer with a shrug first (idk, u write something fun, 副标题嘛 你帮我
琢磨一句) or described instead of written (something short and cheeky); fine print placed at the bottom on the line below;
a size said before 写 (下面一行小一点的写 …); a nod (好 / 对) closing a voice note's value; a chat's 按钮呢 / 小字写一下…的事
answered by the next message's quote; a fine print stop before a bracketed remark; an outline's 一、二、三 under 小字;
“…” 这个是副标题; lines each closed by their label in brackets; a voice note taking a value back after a filler (嗯 不对不对
写 …), 。。。算了 改成 …, and 打错了 是 … on a line of its own.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_compliance_line_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = '理财弹窗：标题「稳健理财 年化3.2%」，按钮「去看看」。合规：“理财非存款，产品有风险，投资须谨慎”'
    expect_copy(brief, lexicon, title='稳健理财 年化3.2%', cta='去看看', body='理财非存款，产品有风险，投资须谨慎')
    brief = '债基开屏\n主：稳稳的收益\n副：每日计息\n合规小字 市场有风险，投资需谨慎。历史收益不预示未来。'
    assert copy_fields(brief, lexicon)["body"] == "市场有风险，投资需谨慎。历史收益不预示未来。"
    # the compliance team speaking in a chat is no label
    brief = ('运营：标题“全网收益最高”\n合规：“最高”不能写\n运营：那改成“收益稳稳的”\n合规：可以，小字要写“理财有风险”')
    assert copy_fields(brief, lexicon)["body"] == "理财有风险"


def test_a_cantonese_refusal_has_no_copy(lexicon: BriefLexicon) -> None:
    brief = '標題：秋季手作班\n按鈕：唔使 (貼喺門口)\n細字：名額有限'
    expect_copy(brief, lexicon, title='秋季手作班', body='名額有限')
    assert copy_fields("標題：秋季手作班\n按鈕：唔使等 即刻報名", lexicon)["cta"] == "唔使等 即刻報名"


def test_a_field_handed_to_the_designer_after_a_shrug(lexicon: BriefLexicon) -> None:
    brief = 'skate jam poster\ntitle: Friday Skate Jam\nsub - dunno, u write something rad\nbutton: Count Me In'
    expect_copy(brief, lexicon, title='Friday Skate Jam', cta='Count Me In')
    brief = 'Title: Pottery Nights\nSubtitle: no clue tbh, can you come up with something warm?\nButton: Book a Seat'
    assert copy_fields(brief, lexicon)["subtitle"] is None
    brief = '（语音转文字）标题就写 冬至吃饺子 副标题嘛 你帮我琢磨一句 温馨一点的 小字写 每桌限领一份'
    expect_copy(brief, lexicon, title='冬至吃饺子', body='每桌限领一份')
    brief = "We'd like a headline from the designer — something bold but friendly.\nButton: Join Us"
    expect_copy(brief, lexicon, cta='Join Us')
    # copy that starts with the word, capitalised, is copy
    assert copy_fields("Title: Something Borrowed\nButton: Shop", lexicon)["title"] == "Something Borrowed"


def test_fine_print_placed_at_the_bottom_on_the_line_below(lexicon: BriefLexicon) -> None:
    brief = 'Jazz Brunch poster.\nTitle: Sunday Jazz Brunch\nFine print at the bottom:\nCorner Cafe, every Sunday from 11am'
    expect_copy(brief, lexicon, title='Sunday Jazz Brunch', body='Corner Cafe, every Sunday from 11am')
    # a line telling the designer something stays off
    brief = 'Title: Sunday Jazz Brunch\nSmall print at the bottom:\n(leave room for the logo)'
    assert copy_fields(brief, lexicon)["body"] is None


def test_a_size_said_before_the_verb_of_writing(lexicon: BriefLexicon) -> None:
    brief = '（语音转文字）标题写 秋天第一杯奶茶 然后下面一行小一点的写 第二杯半价 按钮就写 马上点单'
    expect_copy(brief, lexicon, title='秋天第一杯奶茶', subtitle='第二杯半价', cta='马上点单')
    # a size that is the remark itself stays an instruction
    assert copy_fields("标题：秋天第一杯奶茶\n副标题要写大一点", lexicon)["subtitle"] is None


def test_a_nod_closes_a_voice_notes_value(lexicon: BriefLexicon) -> None:
    brief = '喂 那个海报 标题写 周末亲子烘焙 小字就写 需提前一天预约 好 然后背景弄暖色一点'
    assert copy_fields(brief, lexicon)["body"] == "需提前一天预约"
    # 好 inside the copy, with no 然后 after it, stays
    assert copy_fields("标题写 好 好吃饭", lexicon)["title"] == "好 好吃饭"


def test_a_chat_question_answered_by_the_next_quote(lexicon: BriefLexicon) -> None:
    brief = ('【群聊记录】\n小周：标题“周卡 5元 洗车4次”\n老吴：按钮呢\n小周：“立即抢购”\n'
             '老吴：小字写一下过期作废的事 免得客户闹\n小周：“7天内有效，过期作废”')
    expect_copy(brief, lexicon, title='周卡 5元 洗车4次', cta='立即抢购', body='7天内有效，过期作废')
    # no quote answering on the next line: nothing
    brief = '小周：标题“周卡 5元 洗车4次”\n老吴：按钮呢\n小周：我再想想'
    assert copy_fields(brief, lexicon)["cta"] is None


def test_a_fine_print_stop_before_a_bracketed_remark(lexicon: BriefLexicon) -> None:
    brief = ('flyer for the bike swap. TITLE: Spring Bike Swap. SMALL PRINT: Bikes must be roadworthy on drop-off. '
             '(no prices please) no button')
    assert copy_fields(brief, lexicon)["body"] == "Bikes must be roadworthy on drop-off."


def test_an_outline_under_the_fine_print_label(lexicon: BriefLexicon) -> None:
    brief = '标题：游泳馆开放须知\n小字:\n一、入场请出示会员卡\n二、儿童须有家长陪同\n三、馆内禁止饮食\n不用按钮'
    assert copy_fields(brief, lexicon)["body"] == "一、入场请出示会员卡\n二、儿童须有家长陪同\n三、馆内禁止饮食"


def test_a_quote_then_a_pointer_naming_its_field(lexicon: BriefLexicon) -> None:
    brief = '弹窗文案：\n“免费测一次视力” 这个是标题\n“验光师一对一，十分钟出结果” 这个是副标题\n按钮写“立即预约”'
    expect_copy(brief, lexicon, title='免费测一次视力', subtitle='验光师一对一，十分钟出结果', cta='立即预约')


def test_lines_each_closed_by_their_label(lexicon: BriefLexicon) -> None:
    brief = '门口易拉宝：\n冬至送汤圆（标题）\n进店即送一碗（副标题）\n领取时间：12月21日 全天，送完为止（底部小字）'
    expect_copy(brief, lexicon, title='冬至送汤圆', subtitle='进店即送一碗', body='领取时间：12月21日 全天，送完为止')
    # a single bracketed label keeps the value back to its separator
    assert copy_fields("活动很多，秋季新品上市（主标题）", lexicon)["title"] == "秋季新品上市"


def test_a_voice_note_takes_a_value_back(lexicon: BriefLexicon) -> None:
    brief = '（语音转文字）标题你就写春茶上新 嗯 不对不对 写明前龙井到店 对 然后按钮写立即品鉴'
    expect_copy(brief, lexicon, title='明前龙井到店', cta='立即品鉴')
    brief = '标题 会员日 全场九折。。。算了 改成 会员日 第二件半价\n按钮 去看看'
    expect_copy(brief, lexicon, title='会员日 第二件半价', cta='去看看')
    brief = '海报\n标题=春季换季大扫除\n打错了 是春季换新大扫除\n按钮=立即预约'
    expect_copy(brief, lexicon, title='春季换新大扫除', cta='立即预约')
    # a filler with no retraction after it leaves the value as it was
    assert copy_fields("标题写春茶上新 嗯 然后按钮写立即品鉴", lexicon)["title"] == "春茶上新"


def test_a_critique_said_with_how_it_feels(lexicon: BriefLexicon) -> None:
    brief = '标题：周末烧烤局\n按钮：立即预订\n嗯 标题感觉太平淡了 改成：周五下班 烧烤走起'
    expect_copy(brief, lexicon, title='周五下班 烧烤走起', cta='立即预订')


def test_an_earlier_quote_declared_void(lexicon: BriefLexicon) -> None:
    brief = '开业海报\n之前的标题“开业大吉 全场八折”作废\n新标题：新店开张 第一杯免费\n按钮：导航到店'
    expect_copy(brief, lexicon, title='新店开张 第一杯免费', cta='导航到店')
    # 作废 inside the fine print's own words stays copy
    assert copy_fields("标题：周卡上线\n小字：7天内有效，过期作废", lexicon)["body"] == "7天内有效，过期作废"


def test_a_quoted_value_taken_back_after_its_stop(lexicon: BriefLexicon) -> None:
    brief = '小张 标题写「夏日冰饮 第二杯半价」。哦不对，品牌方有统一口号，用品牌方的：「冰爽一夏 畅饮无限」。按钮：去点单。'
    expect_copy(brief, lexicon, title='冰爽一夏 畅饮无限', cta='去点单')
    # a retraction with no quote in its sentence leaves the value
    brief = '标题写「夏日冰饮 第二杯半价」。哦不对，按钮写去点单。'
    assert copy_fields(brief, lexicon)["title"] == "夏日冰饮 第二杯半价"


def test_the_field_restated_as_the_final_one(lexicon: BriefLexicon) -> None:
    brief = '饺子弹窗，标题“鲜肉水饺 两斤装”，按钮“去看看”。\n哦对，标题里“两斤装”改成“两斤尝”，也就是最终标题是“鲜肉水饺 两斤尝”。'
    expect_copy(brief, lexicon, title='鲜肉水饺 两斤尝', cta='去看看')


def test_the_line_under_the_headline_named_by_it(lexicon: BriefLexicon) -> None:
    brief = '开屏图\n大标题你们自己想一句吧\n标题下面那行用：秋冬进补 名医在线\n按钮：去问诊'
    expect_copy(brief, lexicon, subtitle='秋冬进补 名医在线', cta='去问诊')
    # with no colon, 写 or quote it is a place on the poster
    assert copy_fields("标题：秋冬进补\n标题下面那行放个插画", lexicon)["subtitle"] is None


def test_a_refusal_may_name_its_field_again(lexicon: BriefLexicon) -> None:
    # (round 36: 按钮：不要按钮（…）) the refusal repeats the field's name before its reason
    brief = '主标：春季上新 满199减30\n按钮：不要按钮（门店立牌用的）\n小字：不需要小字了'
    expect_copy(brief, lexicon, title='春季上新 满199减30')
    # copy that merely starts like a refusal stays copy
    assert copy_fields('标题：踏青季\n按钮：不要错过', lexicon)["cta"] == "不要错过"
