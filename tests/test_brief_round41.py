"""Copy extraction for the round-41 ways of writing a brief: a markdown table whose rule row has short dashes
(|:--|:--|); a noun ending in 风 (麦克风, 吹风) inside a value, which names no look; 文案发你哈 saying the copy is on its
way; a voice note's pause (……嗯……写) before the quote it reads out; 小字的话，写'…'; and a rejected line (嗯，不行，
免单太夸张了，写'B') given again.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_table_rule_with_short_dashes(lexicon: BriefLexicon) -> None:
    brief = '| 位置 | 文案 |\n|:--|:--|\n| 主标题 | 光伏补贴最后30天 |\n| 副标题 | 今年并网 享补贴 |\n| 按钮 | 立即咨询 |'
    expect_copy(brief, lexicon, title='光伏补贴最后30天', subtitle='今年并网 享补贴', cta='立即咨询')
    # a dash line with no bar near it is no table's rule: the value above it stays
    brief = '标题：春季保养季\n--\n按钮：预约'
    expect_copy(brief, lexicon, title='春季保养季', cta='预约')


def test_a_noun_ending_in_feng_is_no_look(lexicon: BriefLexicon) -> None:
    brief = '标题：公司年会 就来星光\n副标题：可容纳30人，自带投影麦克风\n按钮：企业预订'
    assert copy_fields(brief, lexicon)["subtitle"] == "可容纳30人，自带投影麦克风"
    brief = '标题：宠物洗护\n副标题：洗澡修剪，含吹风\n按钮：预约'
    assert copy_fields(brief, lexicon)["subtitle"] == "洗澡修剪，含吹风"
    # a look named after the value still ends it
    brief = '标题：公司年会\n副标题：可容纳30人，赛博朋克风\n按钮：企业预订'
    assert copy_fields(brief, lexicon)["subtitle"] == "可容纳30人"


def test_copy_on_its_way(lexicon: BriefLexicon) -> None:
    brief = '王老师 弹窗文案发你哈\n主标题：暑期钢琴小提琴集训营开课啦\n按钮：立即预约试听'
    expect_copy(brief, lexicon, title='暑期钢琴小提琴集训营开课啦', cta='立即预约试听')
    # words glued to the label that are no news about it stay copy
    brief = '标题发财啦 新春好礼\n按钮：去领取'
    assert copy_fields(brief, lexicon)["title"] != ""


def test_a_voice_note_pauses_before_its_quote(lexicon: BriefLexicon) -> None:
    brief = "呃，那个，标题写……写'停电也不怕'，嗯，副标题'家用储能电池 一次充满用一整晚'，然后，小字的话，写'可与光伏系统搭配安装'，好就这样。"
    expect_copy(brief, lexicon, title='停电也不怕', subtitle='家用储能电池 一次充满用一整晚', body='可与光伏系统搭配安装')
    brief = '标题就写……嗯……"新年音乐会 学员专场"，然后下面一行写"孩子们的第一个大舞台"'
    assert copy_fields(brief, lexicon)["title"] == "新年音乐会 学员专场"
    # an ellipsis inside the copy is the copy's
    brief = '标题：等你……来\n按钮：去看看'
    assert copy_fields(brief, lexicon)["title"] == "等你……来"


def test_a_line_rejected_and_given_again(lexicon: BriefLexicon) -> None:
    brief = ("你帮我做个弹窗，就是标题写'生日来星光 包房免单'，嗯，不行，免单太夸张了，写'生日来星光 包房5折'，"
             "然后副标题写'送生日蛋糕和气球布置'，按钮就'预约生日包'")
    expect_copy(brief, lexicon, title='生日来星光 包房5折', subtitle='送生日蛋糕和气球布置', cta='预约生日包')
    # 不行 inside the copy takes nothing back
    brief = '标题：周末不行动就晚了，按钮：立即抢'
    expect_copy(brief, lexicon, title='周末不行动就晚了', cta='立即抢')
