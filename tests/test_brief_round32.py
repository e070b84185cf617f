"""Copy extraction for the round-32 ways of writing a brief (issue 16): a sheet naming each row's field in a column after
the first, with a review status after the copy; a revision list whose fields say they stay (（不变）), change (原来写的“A”改成“B”)
or gain a line (新增一句——“…”); a final heading that closes a sentence; a field left empty this time; an unquoted change after
a critique line (改成：…); a sentence pointing back at the one before it (… That's the headline.); a voice note's 然后 / 还有
before a label; a chat's 【…聊天记录】 line and a field asked for with 要不要; the 标提 typo; a benefit told as an effort spared
(不用排队); a position glued before a label in brackets (印在下方小字).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_sheet_naming_each_rows_field(lexicon: BriefLexicon) -> None:
    brief = ('From the promo tracker:\n\nChannel\tField\tText\tState\nHome banner\tHeadline\tTide Pools Open Early\tFINAL\n'
             'Home banner\tSub\tGates at 7am all weekend\tFINAL\nHome banner\tButton\tPlan Your Visit\tFINAL\n'
             'Home banner\tLegal\t—\tn/a')
    expect_copy(brief, lexicon, title='Tide Pools Open Early', subtitle='Gates at 7am all weekend', cta='Plan Your Visit')
    brief = ('Line 2\tTitle\tLate Swim Tuesdays\tAPPROVED\nLine 3\tSubtitle\tPool open till 10pm\tREJECTED – wrong hours\n'
             'Line 4\tSubtitle\tPool open till 9pm\tAPPROVED\nLine 5\tCTA\tBook a Lane\tAPPROVED')
    expect_copy(brief, lexicon, title='Late Swim Tuesdays', subtitle='Pool open till 9pm', cta='Book a Lane')
    # of two rows for one field the approved one wins; a notes row says how to draw it
    brief = '1\tTitle\tSpring Is Here\t\n2\tTitle\tSpring Has Sprung\tapproved\n3\tNotes\tpale green bg\t'
    expect_copy(brief, lexicon, title='Spring Has Sprung')
    # a header across the columns is still read column by column
    brief = '活动\t位置\t主标题\t副标题\t按钮\n周年庆\t首页弹窗\t三周年 感恩回馈\t满200减30\t去会场'
    expect_copy(brief, lexicon, title='三周年 感恩回馈', subtitle='满200减30', cta='去会场')


def test_a_revision_list_of_fields(lexicon: BriefLexicon) -> None:
    brief = ('停车缴费弹窗，昨天的版本改两处，整理如下：\n标题：无感支付 出场不停车（不变）\n'
             '副标题：原来写的“支持300家停车场”改成“支持600家停车场”\n按钮：立即开通（不变）\n小字：新增一句——“以实际扣费为准”')
    expect_copy(brief, lexicon, title='无感支付 出场不停车', subtitle='支持600家停车场', cta='立即开通', body='以实际扣费为准')
    assert copy_fields("Title: Summer Sale (unchanged)\nButton: Shop", lexicon)["title"] == "Summer Sale"
    # a bracket that is part of the copy, or says more than that the field stays, is kept
    assert copy_fields("标题：夏日特惠（限时）", lexicon)["title"] == "夏日特惠（限时）"
    assert copy_fields("小字：新增会员专享价", lexicon)["body"] == "新增会员专享价"


def test_a_final_heading_closing_a_sentence(lexicon: BriefLexicon) -> None:
    brief = ('净水器海报，第一版如下（作废）：\n标题：净水器限时特惠\n按钮：去看看\n主管意见：标题太平。最终版以此为准：\n'
             '标题：每一口水 都放心\n按钮：立即抢购')
    expect_copy(brief, lexicon, title='每一口水 都放心', cta='立即抢购')
    # with no final heading, the first word on a field stands
    assert copy_fields("标题：净水器限时特惠\n主管意见：标题太平。\n标题：每一口水 都放心", lexicon)["title"] == "净水器限时特惠"


def test_a_field_left_empty_this_time(lexicon: BriefLexicon) -> None:
    brief = '主标题：周末亲子市集\n副标题：拟用“带上孩子来逛吧”，但主办方没通过，副标题这次先空着。\n按钮：免费报名'
    expect_copy(brief, lexicon, title='周末亲子市集', cta='免费报名')
    assert copy_fields("副标题：满100减20\n按钮：去逛逛", lexicon)["subtitle"] == "满100减20"


def test_an_unquoted_change_after_a_critique(lexicon: BriefLexicon) -> None:
    brief = 'reminder popup\ntitle: 再不学习就落后了！\nemm 有点吓人，改成：今天的 15 分钟学习在等你\nCTA: 开始学习'
    expect_copy(brief, lexicon, title='今天的 15 分钟学习在等你', cta='开始学习')
    # a change that shares no words with any field rewrites none
    assert copy_fields("title: 再不学习就落后了！\n配色改成：蓝白", lexicon)["title"] == "再不学习就落后了！"


def test_a_sentence_pointing_back(lexicon: BriefLexicon) -> None:
    brief = 'quick sign for the shop. SUMMER FRAMES — BUY ONE GET ONE. thats the headline. nothing more.'
    expect_copy(brief, lexicon, title='SUMMER FRAMES — BUY ONE GET ONE')
    brief = 'copy for the refill promo:\n"Out of ink? We deliver tomorrow."\nthat\'s the headline.\ncta: order ink'
    expect_copy(brief, lexicon, title='Out of ink? We deliver tomorrow.', cta='order ink')
    assert copy_fields("洗衣液海报。买二送一，今日截止。这是标题。按钮：去抢购", lexicon)["title"] == "买二送一，今日截止"
    # "that's the" inside a sentence points at nothing
    assert copy_fields("We need a poster. That is the headline problem.", lexicon)["title"] is None


def test_a_voice_notes_and_then_before_a_label(lexicon: BriefLexicon) -> None:
    brief = ('【语音转文字】喂 小陈 那个周年庆的海报 你做一下 标题就写 三周年 全场酬宾 然后副标题 老会员到店 送精美礼品 '
             '按钮 马上预约 还有小字 活动限本店使用 就这样')
    expect_copy(brief, lexicon, title='三周年 全场酬宾', subtitle='老会员到店 送精美礼品', cta='马上预约', body='活动限本店使用')
    # 然后 before a remark about a field brings no copy
    assert copy_fields("做个海报 然后副标题要大一点", lexicon)["subtitle"] is None


def test_a_chat_log_and_a_field_asked_for(lexicon: BriefLexicon) -> None:
    brief = ('【转发自“门店运营群”的聊天记录】\n刘店长：中秋海报我来定\n刘店长：标题：月圆团圆 礼盒8折\n小吴：副标题需要吗？\n'
             '刘店长：需要，“流心奶黄 双黄莲蓉 一盒装下”\n小吴：按钮呢\n刘店长：立即预订')
    expect_copy(brief, lexicon, title='月圆团圆 礼盒8折', subtitle='流心奶黄 双黄莲蓉 一盒装下', cta='立即预订')
    # a field the chat says it does not want stays off
    assert copy_fields("小吴：副标题要不要？\n刘店长：不要了\n标题：月圆团圆", lexicon)["subtitle"] is None


def test_label_typos_and_a_benefit_told_as_effort_spared(lexicon: BriefLexicon) -> None:
    expect_copy("午餐海报～\n标提：工作日午餐 15元起\n副标提：两荤一素 米饭管够", lexicon,
                title='工作日午餐 15元起', subtitle='两荤一素 米饭管够')
    brief = '社保卡补办海报：\n一、标题：补办社保卡 不用排队\n二、下方说明：需携带：本人身份证。受理后，5个工作日内寄出。'
    expect_copy(brief, lexicon, title='补办社保卡 不用排队', body='需携带：本人身份证。受理后，5个工作日内寄出。')
    # 不用 before the poster's own making stays a remark
    assert copy_fields("标题：夏日特惠 不用加粗", lexicon)["title"] == "夏日特惠"
    assert copy_fields("标题：夏日特惠 不要太花", lexicon)["title"] == "夏日特惠"
    assert copy_fields("标题：夏日特惠 不要红色", lexicon)["title"] == "夏日特惠"


def test_a_position_glued_before_a_label_in_brackets(lexicon: BriefLexicon) -> None:
    brief = ('标题：社区义诊进万家\n副标题：三甲医院专家坐诊\n按钮：预约义诊\n就诊须知（印在下方小字）：请携带医保卡，空腹前来。')
    expect_copy(brief, lexicon, title='社区义诊进万家', subtitle='三甲医院专家坐诊', cta='预约义诊', body='请携带医保卡，空腹前来。')
    brief = "Shelf card, no button\n- header: Fresh Pasta Daily\n- under header: Made in store every morning\n- bottom: Ask us about gluten-free."
    expect_copy(brief, lexicon, title='Fresh Pasta Daily', subtitle='Made in store every morning', body='Ask us about gluten-free.')


def test_a_change_restating_the_field_in_brackets(lexicon: BriefLexicon) -> None:
    brief = ('小周：【标题】稳赚不赔年化5%\n风控王姐：这个不行，标题改成【标题】稳健理财，安心之选\n'
             '小周：【按钮】了解详情')
    expect_copy(brief, lexicon, title='稳健理财，安心之选', cta='了解详情')


def test_a_footnote_mark_glued_to_a_copy_line(lexicon: BriefLexicon) -> None:
    brief = '周末特惠弹窗，文案如下：\n周末狂欢 零食半价\n满59包邮 多买多省\n立即抢购\n*特价商品不参与满减'
    expect_copy(brief, lexicon, title='周末狂欢 零食半价', subtitle='满59包邮 多买多省', cta='立即抢购', body='*特价商品不参与满减')
