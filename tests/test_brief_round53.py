"""Copy extraction for the round-53 and round-54 ways of writing a brief (outside writers' meal kits, cinema app,
language school, baby products, crypto exchange, bicycle shop, amusement park, recruitment app, perfume and local
newspaper; veterinary chain, podcast app, outdoor gear, dim sum, co-working, savings app, bridal fair, plant nursery,
car dealership and online pharmacy): a voice note's nod before its thanks (… 好 谢谢 / … 好就这些), "scratch that title —
go with '…'", 按钮还是用「…」吧 and 副标题不对，用“…” as corrections, 小字加一条「…」, a 【钉钉消息】 tag, a table's 备注 row that
reads as terms, 底部声明 —— …, a Button-shaped sticker, "Copy: leave it to you" and a "Copy deck –" heading.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_voice_notes_nod_before_its_thanks(lexicon: BriefLexicon) -> None:
    brief = ('[语音] 嗯 那个 设计 帮我弄个弹窗 就是 绿植医院的 标题写 植物生病了 带来看看 副标题写 免费诊断 专业园艺师坐诊 '
             '按钮写 预约诊断 小字写 每周三 周六开放 好 谢谢')
    expect_copy(brief, lexicon, title='植物生病了 带来看看', subtitle='免费诊断 专业园艺师坐诊', cta='预约诊断', body='每周三 周六开放')
    brief = '[语音转文字] 那个 帮我做个海报啊 标题写 家庭小药箱 备齐不慌 小字写 非质量问题药品不退不换 好就这些'
    assert copy_fields(brief, lexicon)["body"] == "非质量问题药品不退不换"
    # 好 inside the copy's words stays
    assert copy_fields('标题写 一切都好 小字写 全年无休 好评如潮', lexicon)["body"] == "全年无休 好评如潮"


def test_corrections_that_pick_or_use_a_quote(lexicon: BriefLexicon) -> None:
    brief = ('hey @des, security reminder popup pls\ntitle: Turn On 2FA Today\nbutton: Enable 2FA\nno small print\n'
             'wait, scratch that title — go with "Your Account Deserves 2FA"')
    expect_copy(brief, lexicon, title='Your Account Deserves 2FA', cta='Enable 2FA')
    brief = ('【钉钉】陈静：@设计 夜间送药弹窗\n标题「深夜买药 不用出门」\n按钮「马上下单」\n'
             '陈静：按钮还是用「立即购药」吧，统一一下')
    expect_copy(brief, lexicon, title='深夜买药 不用出门', cta='立即购药')
    brief = '标题：雅思7分冲刺营\n副标题：名师带练 30天提分\n补充一下，副标题不对，用“名师1对1带练 不过免费重读”'
    expect_copy(brief, lexicon, title='雅思7分冲刺营', subtitle='名师1对1带练 不过免费重读')
    # without a quote, the same words are about the language or the look
    assert copy_fields('title: Go with the Flow\nbutton: Book now', lexicon)["title"] == "Go with the Flow"
    assert copy_fields('按钮：Shop now\n按钮还是用中文吧', lexicon)["cta"] == "Shop now"
    assert copy_fields('标题：雅思7分冲刺营\n副标题：名师带练\n副标题不对，用红色', lexicon)["subtitle"] == "名师带练"


def test_a_line_added_in_a_chat_under_its_tag(lexicon: BriefLexicon) -> None:
    brief = ('【钉钉消息】\n李娜：@设计 会员日弹窗\n标题「山野会员日 双倍积分」\n副标题「今天下单 积分翻倍」\n按钮「立即抢购」\n'
             '李娜：按钮改成「去下单」吧，抢购有点夸张\n李娜：小字加一条「积分将于订单完成后7天内到账」')
    expect_copy(brief, lexicon, title='山野会员日 双倍积分', subtitle='今天下单 积分翻倍', cta='去下单',
                body='积分将于订单完成后7天内到账')


def test_fine_print_named_as_a_statement_or_a_tables_note(lexicon: BriefLexicon) -> None:
    brief = ('TP-907 | 会员积分兑换海报\n文案：\n  主标题 —— 积分当钱花\n  副标题 —— 100积分抵10元，全场通用\n'
             '  按钮 —— 立即兑换\n  底部声明 —— 积分有效期至2025年12月31日\n视觉：山野橙，放产品平铺图')
    expect_copy(brief, lexicon, title='积分当钱花', subtitle='100积分抵10元，全场通用', cta='立即兑换',
                body='积分有效期至2025年12月31日')
    brief = ('早市特价海报，贴收银台旁边，A4\n\n| 项目 | 文案 |\n|------|------|\n| 大标题 | 早市7折 |\n'
             '| 小标题 | 每天7:00-10:00 全单点心7折 |\n| 按钮 | （不需要） |\n| 备注 | 节假日除外，不与其他优惠同享 |')
    expect_copy(brief, lexicon, title='早市7折', subtitle='每天7:00-10:00 全单点心7折', body='节假日除外，不与其他优惠同享')
    # a note on the look stays the designer's
    assert copy_fields('| 项目 | 文案 |\n|---|---|\n| 标题 | 早市7折 |\n| 备注 | 金色+红色，要大气 |', lexicon)["body"] is None


def test_the_form_a_button_takes(lexicon: BriefLexicon) -> None:
    brief = ("Need a quick poster for the university fair booth. Big: 'Save Smarter, Not Luckier'. Smaller under it: "
             "'Students get a $10 bonus when you save $100'. Button-shaped sticker: 'Scan to Join'. Footnote: 'Bonus paid "
             "after 30 days. Terms apply.' Clean white bg, our teal.")
    expect_copy(brief, lexicon, title='Save Smarter, Not Luckier', subtitle='Students get a $10 bonus when you save $100',
                cta='Scan to Join', body='Bonus paid after 30 days. Terms apply.')
    # a logo's sticker places a thing
    assert copy_fields('Headline: Save Smarter\nLogo sticker: top left corner', lexicon)["body"] is None


def test_copy_left_to_the_designer_and_a_copy_decks_heading(lexicon: BriefLexicon) -> None:
    brief = ('Quick request — we need a poster for the career fair booth (A1). Just our logo, brand colours, and a big QR '
             'code. Copy: leave it to you, something inviting for job seekers. Due Friday.')
    expect_copy(brief, lexicon)
    assert copy_fields('Copy: Leave the Cooking to Us', lexicon)["title"] == "Leave the Cooking to Us"
    brief = ('Copy deck – Winter Clearance popup\n\n| Element | Text |\n|---|---|\n| Title | Winter Clearance: Up to 40% Off |\n'
             '| Subtitle | 2023 road & gravel bikes, while stock lasts |\n| Button | Shop Clearance |\n'
             '| Fine print | In-store and online. No rain checks. |\n\nGo with icy blue.')
    expect_copy(brief, lexicon, title='Winter Clearance: Up to 40% Off', subtitle='2023 road & gravel bikes, while stock lasts',
                cta='Shop Clearance', body='In-store and online. No rain checks.')
