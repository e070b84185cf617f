"""Copy extraction for the round-44 ways of writing a brief (an outside writer's tyre shop, pilates studio, hospital
raffle, dumpling brand, prepaid plans, theme park, used-car app, tutoring centre, perfume counter and rice
cooperative): a later line saying the 备注 line goes on the poster, a chat pasted as "张经理：…" lines where a later
speaker changes a field, a remark in brackets that takes a field away, a voice note's filler before 写, its word said
twice, "我重新说一遍", "don't use '…', we're going with '…'", "(big)" after a quote, copy that waits on someone's
approval, a "T&Cs line:", a 备注 column that reads as fine print, and a chat's "*word, sorry" typo fix.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_note_line_said_to_be_printed(lexicon: BriefLexicon) -> None:
    brief = ('主标题：新人首课 仅需39元\n按钮文案：立即抢课\n备注：限新会员 每人限购1次\n\n'
             '（备注那行是要印在海报上的哈 不是给你的备注😂）')
    expect_copy(brief, lexicon, title='新人首课 仅需39元', cta='立即抢课', body='限新会员 每人限购1次')
    brief = 'Title：AP 考前冲刺 Score a 5\nButton：Book a Trial\n备注：4月开课，课时费另议\n备注那行也要印上去'
    expect_copy(brief, lexicon, title='AP 考前冲刺 Score a 5', cta='Book a Trial', body='4月开课，课时费另议')
    # without that line a note is the designer's, unless it reads as the offer's terms (round 122)
    assert copy_fields('主标题：新人首课 仅需39元\n备注：新会员多，按钮做大点', lexicon)["body"] is None
    assert copy_fields('主标题：新人首课 仅需39元\n备注：限新会员 每人限购1次', lexicon)["body"] == '限新会员 每人限购1次'


def test_a_later_speaker_changes_a_field(lexicon: BriefLexicon) -> None:
    brief = ('【群聊记录】\n张经理：充值送活动标题用“充100送20”\n李主管：改一下，活动升级了，标题用“充100送30”\n'
             '张经理：好的，那就按李主管的\n张经理：副标题“话费充值即时到账”，按钮“去充值”，底部小字“赠送话费分3个月返还”')
    expect_copy(brief, lexicon, title='充100送30', subtitle='话费充值即时到账', cta='去充值', body='赠送话费分3个月返还')


def test_a_bracketed_remark_taking_a_field_away_is_no_key(lexicon: BriefLexicon) -> None:
    brief = '生日福利弹窗\n大字 生日当月 免费入园\n小字 凭有效身份证件 限本人使用\n按钮 领取生日福利\n\n（上面没有副标题，就这三行）'
    expect_copy(brief, lexicon, title='生日当月 免费入园', cta='领取生日福利', body='凭有效身份证件 限本人使用')


def test_a_voice_notes_fillers_stutter_and_restart(lexicon: BriefLexicon) -> None:
    brief = '语音：那个 暑假衔接班 标题写 新高一暑期衔接班 按钮写 立即报名 然后 小字 嗯 写 7月8日开课 每周一到周五上课'
    expect_copy(brief, lexicon, title='新高一暑期衔接班', cta='立即报名', body='7月8日开课 每周一到周五上课')
    brief = '语音：嗯 标题就写 中奖名单已公布 副标题写 感谢 感谢3216位爱心人士参与 呃 人数再核一下 先写3216 按钮写 查看名单 小字不用'
    expect_copy(brief, lexicon, title='中奖名单已公布', subtitle='感谢3216位爱心人士参与', cta='查看名单')
    brief = ('语音转文字：标题写 酸菜猪肉 新口味上市 副标题写 东北老酸菜 发酵60天 啊不对 不是60天 是90天 我重新说一遍 '
             '副标题是 东北老酸菜 发酵90天 按钮就写 尝鲜价购买')
    expect_copy(brief, lexicon, title='酸菜猪肉 新口味上市', subtitle='东北老酸菜 发酵90天', cta='尝鲜价购买')
    # a word repeated with no blank is the copy's own
    assert copy_fields('标题：冲冲冲 年货节', lexicon)["title"] == "冲冲冲 年货节"


def test_dont_use_one_quote_going_with_another(lexicon: BriefLexicon) -> None:
    brief = ('Hi Sam,\nTitle: don\'t use "Results Day Rescue", we\'re going with "Missed your grades? We\'ve got you"\n'
             'CTA: Talk to an adviser\nBest,\nHelen')
    expect_copy(brief, lexicon, title="Missed your grades? We've got you", cta='Talk to an adviser')


def test_sizes_in_brackets_after_quotes_under_a_heading(lexicon: BriefLexicon) -> None:
    brief = ('popup for the essay clinic:\n- "Write essays that score" (big)\n- "Weekly clinic for Year 12 students" '
             '(smaller, under it)\n- "Join the clinic" (button)\n- "Every Thursday, 4–6pm, Room 2B" (tiny at the bottom)')
    expect_copy(brief, lexicon, title='Write essays that score', subtitle='Weekly clinic for Year 12 students',
                cta='Join the clinic', body='Every Thursday, 4–6pm, Room 2B')
    # "make the logo big" is a sentence, no label
    assert copy_fields('Headline: Go Big\nmake the logo big', lexicon)["title"] == "Go Big"


def test_copy_waiting_on_approval(lexicon: BriefLexicon) -> None:
    expect_copy('Hi，下周六有个 open day 想做个 poster，风格 young 一点，文案等校长 confirm 了再发你', lexicon)
    expect_copy('帮我做个会员日海报，文案等老板定了再给', lexicon)


def test_a_terms_line_and_a_fine_print_note_column(lexicon: BriefLexicon) -> None:
    brief = ("@design quick one for the raffle\n• Headline: Win a weekend, warm a ward\n• CTA: Enter the draw\n"
             "• T&Cs line: No purchase necessary. Draw closes 30 Sept.")
    expect_copy(brief, lexicon, title='Win a weekend, warm a ward', cta='Enter the draw',
                body='No purchase necessary. Draw closes 30 Sept.')
    brief = ('活动\t主标题\t副标题\t按钮\t备注\n以旧换新\t旧车置换 最高补贴8000元\t评估、过户、上牌一站搞定\t立即置换\t'
             '补贴金额以车型及车况为准')
    expect_copy(brief, lexicon, title='旧车置换 最高补贴8000元', subtitle='评估、过户、上牌一站搞定', cta='立即置换',
                body='补贴金额以车型及车况为准')
    # a note column telling the designer how it looks stays the designer's
    brief = '活动\t主标题\t按钮\t备注\n以旧换新\t旧车置换\t立即置换\t尺寸750x1000，红金配色'
    expect_copy(brief, lexicon, title='旧车置换', cta='立即置换')


def test_a_chats_star_typo_fix(lexicon: BriefLexicon) -> None:
    brief = ("Price-drop alert popup copy:\nTitle: Price droped on cars you saved\n*dropped, sorry\n"
             "Title: Price dropped on cars you saved\nSub: See what's new in your watchlist\nButton: View deals")
    expect_copy(brief, lexicon, title='Price dropped on cars you saved', subtitle="See what's new in your watchlist",
                cta='View deals')
