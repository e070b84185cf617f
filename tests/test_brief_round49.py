"""Copy extraction for the round-49 and round-50 ways of writing a brief (outside writers' smart home, theatre, coffee
subscription, kindergarten, marathon, mortgage broker, barbecue, eyewear, photo printing and blood drive; supermarket,
tutoring app, gaming headsets, travel agency, nail salon, insurance app, brewery, parking app, piano school and
second-hand luxury): 规则小字 / 底部说明小字 labels, a name quoted at the start of its line (「潮涌」完赛奖牌…), a time right
after a label (19:00-次日8:00), Title Case with a closing emoji, 100款啤酒 (a count of goods, not of posters), fine
print asking its named reader (请家长…), 小字加一句… glued, a voice note breaking off (……诶等下) and "其他不变", a ticket
tool's 【JIRA】 tag, Apple Mail's "Begin forwarded message:", 标题还是改回原来那版吧：「…」, and a quoted claim that legal
says "we can't say".

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_kind_of_small_print_named_before_its_label(lexicon: BriefLexicon) -> None:
    brief = ('【钉钉】市场部-王芳：\n@设计 老用户回流弹窗，文案：\n标题 好久不见，送你一张100元券\n副标题 全场智能设备满999可用\n'
             '按钮 领取优惠券\n规则小字 券有效期7天，不与其他优惠同享\n辛苦～')
    expect_copy(brief, lexicon, title='好久不见，送你一张100元券', subtitle='全场智能设备满999可用', cta='领取优惠券',
                body='券有效期7天，不与其他优惠同享')
    brief = '| 项 | 文案 |\n|---|---|\n| 标题 | 免费试听一节双语课 |\n| 按钮 | 领取试听 |\n| 底部说明小字 | 每个家庭限领1次 |'
    expect_copy(brief, lexicon, title='免费试听一节双语课', cta='领取试听', body='每个家庭限领1次')


def test_a_name_quoted_at_the_start_of_its_line(lexicon: BriefLexicon) -> None:
    brief = '【任务】MAR-77 完赛奖牌曝光海报\n- 主标题：「潮涌」完赛奖牌首次公开\n- 副标题：以钱塘潮为灵感 可旋转的双层设计\n- 无按钮'
    expect_copy(brief, lexicon, title='「潮涌」完赛奖牌首次公开', subtitle='以钱塘潮为灵感 可旋转的双层设计')
    brief = '| 字段 | 内容 |\n| --- | --- |\n| 标题 | 《猫》中文版 北京站回归 |\n| 按钮 | 预约开票提醒 |'
    expect_copy(brief, lexicon, title='《猫》中文版 北京站回归', cta='预约开票提醒')
    # talk after the quote leaves the quote the copy
    assert copy_fields('之前的标题「周末试驾享好礼」作废\n新标题：开上它，去周末', lexicon)["title"] == "开上它，去周末"
    assert copy_fields('标题「好运来」要大一点', lexicon)["title"] == "好运来"


def test_a_time_right_after_a_label(lexicon: BriefLexicon) -> None:
    brief = '帮我做一个夜间停车的弹窗：\n【标题】夜间停车 5元包夜\n【副标题】19:00-次日8:00 不限时长\n【按钮】查看附近车场'
    expect_copy(brief, lexicon, title='夜间停车 5元包夜', subtitle='19:00-次日8:00 不限时长', cta='查看附近车场')


def test_title_case_with_a_closing_emoji(lexicon: BriefLexicon) -> None:
    brief = 'Hi 设计, 帮忙出一版母亲节banner\nTitle: For Mom, With Love 💐\n副标题：精选二手珠宝 9折起\nButton: 去挑礼物'
    expect_copy(brief, lexicon, title='For Mom, With Love 💐', subtitle='精选二手珠宝 9折起', cta='去挑礼物')


def test_a_count_of_goods_is_no_count_of_posters(lexicon: BriefLexicon) -> None:
    brief = '标题就叫城市精酿啤酒节，副标题是30家酒厂 100款啤酒 一票畅饮，然后最下面小字写门票198元 含纪念杯，好吧就这样'
    expect_copy(brief, lexicon, title='城市精酿啤酒节', subtitle='30家酒厂 100款啤酒 一票畅饮', body='门票198元 含纪念杯')
    # how many designs is still the designer's
    assert copy_fields('标题：城市精酿啤酒节，出3款海报', lexicon)["title"] == "城市精酿啤酒节"


def test_a_voice_note_fine_print(lexicon: BriefLexicon) -> None:
    brief = ('（语音转写）喂，那个亲子运动会的海报，标题写快乐运动会，亲子一起来，哦不对不对，标题就写快乐亲子运动会，'
             '副标题写5月20日上午9点 幼儿园操场，然后下面小字写请家长穿运动鞋，好的谢谢')
    expect_copy(brief, lexicon, title='快乐亲子运动会', subtitle='5月20日上午9点 幼儿园操场', body='请家长穿运动鞋')
    brief = '标题就叫剧场开放日，底下小字加一句名额有限每场限30人，嗯，别的你看着办'
    expect_copy(brief, lexicon, title='剧场开放日', body='名额有限每场限30人')
    # a request to the designer stays one
    assert copy_fields('标题：剧场开放日\n小字写请设计加粗', lexicon)["body"] is None


def test_a_voice_note_breaking_off(lexicon: BriefLexicon) -> None:
    brief = ('语音转文字：那个鉴定服务的banner，标题写一物一证 假一赔三，副标题写国检级鉴定团队，按钮写了解鉴定……诶等下，'
             '标题改成正品保障 假一赔三，其他不变。')
    expect_copy(brief, lexicon, title='正品保障 假一赔三', subtitle='国检级鉴定团队', cta='了解鉴定')


def test_a_ticket_tool_tag_and_a_forwarded_mail(lexicon: BriefLexicon) -> None:
    brief = ('【JIRA】INS-2045 车险续保提醒弹窗\n经办人：@UI-小周\n描述：\n- 主标题：车险快到期啦\n- 副标题：现在续保 享95折优惠\n'
             '- 按钮：一键续保\n- 备注（不上图）：需支持深色模式')
    expect_copy(brief, lexicon, title='车险快到期啦', subtitle='现在续保 享95折优惠', cta='一键续保')
    brief = ('Begin forwarded message:\n\nFrom: Alex Moreno <alex@voltx.gg>\nSubject: RE: Black Friday popup\n'
             'Date: November 18, 2025\n\nOK final copy below, please use exactly this:\nHeadline - BLACK FRIDAY: UP TO 40% OFF\n'
             'Sub - Every headset. Every platform.\nButton - Grab the deal\nDisclaimer - Valid 11/28–12/1 on voltx.gg only.\n\n- Alex')
    expect_copy(brief, lexicon, title='BLACK FRIDAY: UP TO 40% OFF', subtitle='Every headset. Every platform.',
                cta='Grab the deal', body='Valid 11/28–12/1 on voltx.gg only.')


def test_back_to_the_first_version(lexicon: BriefLexicon) -> None:
    brief = ('【钉钉】赛事运营 刘洋：\n@设计 改一下兔子配速员的弹窗\n标题：跟着兔子跑 轻松破PB\n'
             '副标题：4小时/4.5小时/5小时 配速员全程领跑\n按钮：了解配速员\n嗯…标题还是改回原来那版吧：「官方配速员 带你稳稳完赛」')
    expect_copy(brief, lexicon, title='官方配速员 带你稳稳完赛', subtitle='4小时/4.5小时/5小时 配速员全程领跑', cta='了解配速员')


def test_a_claim_the_brand_may_not_make_is_no_copy(lexicon: BriefLexicon) -> None:
    brief = ('@design quick one for the app popup 🙏\nTitle: Homework help, 24/7\nSub: Get unstuck in under 10 minutes\n'
             'CTA: Try it free\nwait — legal says we can\'t say "under 10 minutes". change sub to: Real tutors, real answers, '
             'any time\nthx!')
    expect_copy(brief, lexicon, title='Homework help, 24/7', subtitle='Real tutors, real answers, any time', cta='Try it free')
    # the same words quoted as fine print are copy
    assert copy_fields('Title: Homework help\nSmall print: "Answers in under 10 minutes"', lexicon)["body"] == \
        "Answers in under 10 minutes"
