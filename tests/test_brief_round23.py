"""Copy extraction for the round-23 ways of writing a brief (issue 16): a numbered list of rules under a fine-print
label, a change announced after a blank or a colon (副标题也改下 …), a critique before the correction (标题太干了 改成 …),
a field changed from one quote to another (从 'A' 改成 'B', 「A」 → 改成 「B」, 'A' 不行，要换回最早的 'B'), an arrow that
restates a field in a thread (sub -> "…"), a bracketed reason after a changed value (（原副标题太短）), quotes after a
writing verb's colon, a copy heading whose dash names the job, a dash that bullets the next line, versions picked by
their mark alone (Go with v2.), options named "for the headline", a question about the copy glued to its label
(文案有了吗), team-tag chat heads ([运营-阿杰]), a quote under discussion or from last year's round, and 提示语 as the
fine print.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- a list under a fine-print label
def test_a_numbered_list_under_a_rules_label_is_the_body_whole(lexicon: BriefLexicon) -> None:
    # 【规则】⏎1. 活动时间：…: the fine-print label inside an item is the item's words, not a label of its own
    brief = ("618返场 弹窗\n【标题】返场最后1天\n【副标题】错过再等一年！爆款低至5折\n【按钮】立即返场\n【规则】\n"
             "1. 活动时间：6月20日0点-24点\n2. 优惠券不与店铺其他活动叠加\n3. 最终解释权归本店所有\n设计注意 5折两个字要大 要醒目")
    expect_copy(brief, lexicon, title="返场最后1天", subtitle="错过再等一年！爆款低至5折", cta="立即返场",
                body="1. 活动时间：6月20日0点-24点\n2. 优惠券不与店铺其他活动叠加\n3. 最终解释权归本店所有")
    # indented items under a bulleted label keep their indentation
    brief = ("文案：\n- 主标题：暑假不放羊 学习有伙伴\n- 副标题：小学1-6年级暑期托管班 火热招生中\n- 按钮：预约试听\n- 小字：\n"
             "  1. 上课时间：7月8日-8月23日 周一至周五\n  2. 报名满3人可享团购价\n  3. 具体以各校区公告为准\n美术：卡通风格，可爱一点")
    expect_copy(brief, lexicon, title="暑假不放羊 学习有伙伴", subtitle="小学1-6年级暑期托管班 火热招生中", cta="预约试听",
                body="1. 上课时间：7月8日-8月23日 周一至周五\n  2. 报名满3人可享团购价\n  3. 具体以各校区公告为准")
    # one numbered line is no list: the value stays the line
    got = copy_fields("标题：周末福利\n规则：\n1. 每人限领一张", lexicon)
    assert got["title"] == "周末福利"


def test_the_notice_line_labelled_tishiyu_is_the_body(lexicon: BriefLexicon) -> None:
    brief = ("各位同事：\n现就“i城市”App首页弹窗设计事宜提出如下需求，请于本周五前提交初稿。\n一、标题：个人所得税年度汇算开始啦\n"
             "二、副标题：2025年3月1日至6月30日 可在线办理\n三、按钮：立即办理\n"
             "四、提示语：请通过官方渠道办理，谨防诈骗。如有疑问请拨打12366纳税服务热线。\n"
             "五、设计要求：采用政务蓝主色调，庄重简洁，不得使用卡通形象。\n市数据局 宣传处")
    expect_copy(brief, lexicon, title="个人所得税年度汇算开始啦", subtitle="2025年3月1日至6月30日 可在线办理", cta="立即办理",
                body="请通过官方渠道办理，谨防诈骗。如有疑问请拨打12366纳税服务热线。")


# ---------------------------------------------------------------------------- changes in a chat
def test_a_change_announced_after_a_blank_or_a_colon_replaces_the_field(lexicon: BriefLexicon) -> None:
    brief = ("新人弹窗\n标题 新人专享 首单立减10元\n副标题 无门槛 直接用\n按钮 领取\n---\n按钮改成 一键领取 吧 领取太短了\n"
             "副标题也改下 新人无门槛券 下单直接抵扣")
    expect_copy(brief, lexicon, title="新人专享 首单立减10元", subtitle="新人无门槛券 下单直接抵扣", cta="一键领取")
    # 小字改一下：… in a later message; 标题太干了 改成 … 吧: a critique before the correction, the particle left off
    brief = ("[市场-Vivian] 外卖弹窗文案\n标题：满30减8\n副标题：外卖专享 免配送费\n按钮：去下单\n小字：满减与免配送费不可同时使用\n"
             "[市场-Vivian] 撤回了一条消息\n[市场-Vivian] 小字改一下：每单限用一张券，满减与其他优惠不可叠加\n"
             "[督导-老李] 标题太干了 改成 外卖满30减8 吧\n[市场-Vivian] 👌 按老李的")
    expect_copy(brief, lexicon, title="外卖满30减8", subtitle="外卖专享 免配送费", cta="去下单",
                body="每单限用一张券，满减与其他优惠不可叠加")
    expect_copy("标题：秋季上新\n副标题：全场满199减30\n副标题太长了 改成 满199减30 吧", lexicon, title="秋季上新",
                subtitle="满199减30")
    # a change with nothing after it keeps the earlier value
    got = copy_fields("标题：夏日特饮\n副标题：第二杯半价\n副标题改一下，", lexicon)
    assert got["subtitle"] == "第二杯半价"


def test_a_short_change_verb_before_a_quote_corrects_the_field(lexicon: BriefLexicon) -> None:
    brief = ("策划A：公会战弹窗标题写“公会争霸赛 报名开启”，副标题“前三名公会全员获得专属头像框”，按钮“报名”\n"
             "策划B：按钮改“立即报名”吧，跟其他弹窗统一\n策划A：ok")
    expect_copy(brief, lexicon, title="公会争霸赛 报名开启", subtitle="前三名公会全员获得专属头像框", cta="立即报名")
    # 改 without a quote is no connector: 标题改大一点 is about the look
    got = copy_fields("标题：限时秒杀\n标题改大一点", lexicon)
    assert got["title"] == "限时秒杀"


def test_a_field_changed_from_one_quote_to_another_takes_the_later(lexicon: BriefLexicon) -> None:
    brief = ("FYI 客户 feedback round 2:\n1. Headline 从 '为爱充电' 改成 '宠爱自己 充满能量'\n"
             "2. Sub-headline 不变：'新款无线耳机 限时立减200'\n3. CTA 从 '了解更多' 改为 '立即购买'\n"
             "4. 底部要加 disclaimer: '*实际优惠以结算页为准'\n5. logo 放大 20%\n请今天下班前更新，client 明早要看")
    expect_copy(brief, lexicon, title="宠爱自己 充满能量", subtitle="新款无线耳机 限时立减200", cta="立即购买",
                body="*实际优惠以结算页为准")
    brief = ("Hi team, client 刚打电话说上一版的标题 'Summer Glow Up' 不行，太口语，要换回最早的 'Radiance, Redefined'。"
             "副标题 'SPF50+ 轻薄防晒 不油腻' 保持，CTA 'Shop the Collection' 保持。Legal line 他们删掉了，不用放。")
    expect_copy(brief, lexicon, title="Radiance, Redefined", subtitle="SPF50+ 轻薄防晒 不油腻", cta="Shop the Collection")
    expect_copy("标题：春季上新\n按钮从「去看看」改成「立即抢购」", lexicon, title="春季上新", cta="立即抢购")
    # a quote in the next clause (after the full stop) is no change of this field
    got = copy_fields("标题“夏日冰饮”。另外按钮改成“立即下单”", lexicon)
    assert got["title"] == "夏日冰饮"
    assert got["cta"] == "立即下单"


def test_a_copy_line_changed_with_an_arrow_gives_the_new_quote(lexicon: BriefLexicon) -> None:
    brief = ("hi, 给 app 做个 restock popup:\n\n「Back in stock 🎉」\n「The Linen Shirt — all sizes restocked」\n"
             "「Notify me」 → 改成 「Shop the restock」，因为已经到货了不需要 notify\n\n底部不要放 terms。背景用米色 #F5EFE6")
    expect_copy(brief, lexicon, title="Back in stock 🎉", subtitle="The Linen Shirt — all sizes restocked",
                cta="Shop the restock")


def test_an_arrow_after_a_label_in_a_thread_restates_the_field(lexicon: BriefLexicon) -> None:
    brief = ('popup copy:\n"Your trial ends in 3 days"\n"Upgrade now and keep all your automations"\nbutton "Upgrade"\n\n'
             'thread:\n> actually make the button "See plans" — upgrade feels pushy\n'
             '> and sub -> "Keep your automations running after your trial"')
    expect_copy(brief, lexicon, title="Your trial ends in 3 days",
                subtitle="Keep your automations running after your trial", cta="See plans")


def test_a_bracketed_reason_after_a_changed_value_is_left_out(lexicon: BriefLexicon) -> None:
    brief = ("新角色UP池弹窗文案：\n标题：新角色「白夜」限时UP\n副标题：概率提升，限定登场\n按钮：立即招募\n"
             "规则：UP期间「白夜」获取概率提升至50%；90抽内必得五星角色。\n\n---修改记录---\n"
             "0612 副标题改为：限定五星角色，概率UP中（原副标题太短）\n0613 按钮改为：前往招募")
    expect_copy(brief, lexicon, title="新角色「白夜」限时UP", subtitle="限定五星角色，概率UP中", cta="前往招募",
                body="UP期间「白夜」获取概率提升至50%；90抽内必得五星角色。")
    # the old price in brackets is the offer's own words
    got = copy_fields("标题：开业大促\n副标题：年卡¥1288（原价¥2588）", lexicon)
    assert got["subtitle"] == "年卡¥1288（原价¥2588）"


# ---------------------------------------------------------------------------- quotes, headings and dashes
def test_quotes_after_a_writing_verbs_colon_are_the_lines_in_order(lexicon: BriefLexicon) -> None:
    brief = "家人们 弹窗这样写：「上新啦」「秋冬加厚卫衣 直播间专属价79」「抢先看」 最下面加一行小字「价格以直播间实时为准」 底色用浅灰"
    expect_copy(brief, lexicon, title="上新啦", subtitle="秋冬加厚卫衣 直播间专属价79", cta="抢先看", body="价格以直播间实时为准")


def test_a_copy_headings_dash_names_the_job_when_the_fields_are_labelled(lexicon: BriefLexicon) -> None:
    brief = ("Popup copy — Mortgage rate switch (approved v3)\n\n| Element | Copy |\n|---|---|\n"
             "| Headline | Your fixed rate is ending soon |\n| Sub-headline | Switch to a new deal from 3.89% with no product fee |\n"
             "| CTA | See my options |\n| Small print | Your home may be repossessed if you do not keep up repayments on "
             "your mortgage. Rates subject to status. |\n\nNote: the repossession warning is mandatory.")
    got = copy_fields(brief, lexicon)
    assert got["title"] == "Your fixed rate is ending soon"
    assert got["subtitle"] == "Switch to a new deal from 3.89% with no product fee"
    assert got["cta"] == "See my options"
    # with no headline labelled, the words after the dash stay the copy
    assert copy_fields("Poster copy — Big Summer Sale", lexicon)["title"] == "Big Summer Sale"


def test_a_dash_that_bullets_the_next_line_is_no_colon(lexicon: BriefLexicon) -> None:
    brief = ("独立站 Black Friday 弹窗 copy 如下，直接用英文的，不用翻译:\n- headline: BLACK FRIDAY: Buy 2 Get 1 Free\n"
             "- sub: Mix & match any leggings 🖤\n- button: Claim Offer\n"
             "- fine print: Free item = lowest priced item. Excludes gift cards. Valid 11/24–11/27.\n字体用 Futura Bold，黑底白字")
    expect_copy(brief, lexicon, title="BLACK FRIDAY: Buy 2 Get 1 Free", subtitle="Mix & match any leggings 🖤",
                cta="Claim Offer", body="Free item = lowest priced item. Excludes gift cards. Valid 11/24–11/27.")


# ---------------------------------------------------------------------------- versions and options
def test_a_version_picked_by_its_mark_alone_gives_its_fields(lexicon: BriefLexicon) -> None:
    brief = ("v1 headline: Buy now, pay later — interest free\nv2 headline (Compliance): Split your purchase into 3 payments\n"
             "Go with v2.\nSubline: Pay over 3 months with 0% interest. Missed payments may affect your credit score.\n"
             "CTA: Check eligibility\nNo separate T&Cs — the warning is in the subline on purpose, please don't move it.")
    expect_copy(brief, lexicon, title="Split your purchase into 3 payments",
                subtitle="Pay over 3 months with 0% interest. Missed payments may affect your credit score.",
                cta="Check eligibility")


def test_a_version_picked_alone_in_chinese(lexicon: BriefLexicon) -> None:
    expect_copy("v1 标题：春日限定\nv2 标题：樱花季 限时上新\n就用v2吧\n按钮：立即购买", lexicon, title="樱花季 限时上新",
                cta="立即购买")


def test_options_named_for_the_field_then_picked_by_number(lexicon: BriefLexicon) -> None:
    brief = ("3 options for the onboarding popup headline:\n1. Let's get you set up\n2. Welcome aboard 👋\n3. You're in!\n"
             "going with 2.\nsub: Connect your calendar in under a minute\ncta: Connect Google Calendar")
    expect_copy(brief, lexicon, title="Welcome aboard 👋", subtitle="Connect your calendar in under a minute",
                cta="Connect Google Calendar")


# ---------------------------------------------------------------------------- no copy yet
def test_a_question_about_the_copy_in_a_team_chat_is_no_copy(lexicon: BriefLexicon) -> None:
    brief = ("[运营-阿杰] 设计老师在吗 下周的会员日弹窗要做了\n[设计-Momo] 在的 文案有了吗\n"
             "[运营-阿杰] 还没 市场部还在定 你先按上次的版式留好位置 杯子图用新拍的那组\n[设计-Momo] 好的👌")
    expect_copy(brief, lexicon)
    # a question glued to its label as the copy stays copy
    assert copy_fields("弹窗标题周末去哪儿？ 按钮了解详情", lexicon)["title"] == "周末去哪儿？"


def test_a_quote_under_discussion_or_from_last_year_is_no_copy(lexicon: BriefLexicon) -> None:
    brief = ("hey @maya can you mock up a pricing-change popup? haven't nailed the wording yet, still arguing with Jake "
             "about whether we say 'price increase' or not lol. just do lorem ipsum for now, 1 headline 1 button")
    expect_copy(brief, lexicon)
    expect_copy("弹窗还在纠结要不要写“涨价”，先留位置", lexicon)
    brief = ("for the black friday popup let's reuse last year's layout but obviously not last year's copy (\"40% off Pro\"). "
             "this year: headline is \"50% off Orbit Pro for a year\", button \"Claim 50% off\", small print "
             "\"New annual subscriptions only. Ends Nov 29.\"")
    expect_copy(brief, lexicon, title="50% off Orbit Pro for a year", cta="Claim 50% off",
                body="New annual subscriptions only. Ends Nov 29.")
