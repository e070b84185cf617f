"""Copy extraction for the round-29 and round-30 ways of writing a brief (issue 16): a voice note typed out by the phone
(【语音转文字】, 写，…, 你帮我写上，…, 的话写立即…, a nod before the sign-off); options one a line picked by a vote, a test's
winner or a check mark; a change after an arrow on the value's line (→ 算了就写「…」); fine print of several lines under its
label's own line, or under a remark that points at the lines below (印以下内容：); the one line a poster carries; chat
tags and questions (【区域经理】, 按钮？ answered by the next message); notes that keep words off the poster; owned-up typos
and chained changes.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_voice_transcript_tag_and_its_pauses(lexicon: BriefLexicon) -> None:
    brief = ('【语音转文字】那个我跟你说一下啊就是下个月我们搞那个草莓季嘛，然后海报标题我想好了就叫“草莓熟了”，然后副标题就是'
             '“12家草莓农场 现摘现卖”，然后那个小字要写一下“摘草莓体验需提前在群里报名，每场限20组家庭”')  # r30-027
    expect_copy(brief, lexicon, title='草莓熟了', subtitle='12家草莓农场 现摘现卖', body='摘草莓体验需提前在群里报名，每场限20组家庭')
    brief = ('【语音转文字】小李啊，就是那个少儿重疾的海报，标题你就写：给孩子一份成长的保障。然后下面一行写，0岁到17岁都能投保，'
             '每天不到一块钱。按钮的话写立即咨询。最下面那个小字你帮我写上，具体保障以合同条款为准。好吧，就这样，谢谢啊。')  # r29-003
    expect_copy(brief, lexicon, title='给孩子一份成长的保障', subtitle='0岁到17岁都能投保，每天不到一块钱', cta='立即咨询',
                body='具体保障以合同条款为准')
    brief = '（语音转文字）标题你就写开学季文具5折起，然后下面那个副标题呢写满99包邮，嗯，按钮就写去逛逛，对，就这样'  # r11-009
    expect_copy(brief, lexicon, title='开学季文具5折起', subtitle='满99包邮', cta='去逛逛')
    # the same words as the copy, not a tag, stay; 写 then a remark on the size is no copy
    assert copy_fields("标题：语音转文字 一键搞定\n按钮：立即体验", lexicon)["title"] == "语音转文字 一键搞定"
    assert copy_fields("标题：春日上新\n按钮的话写大一点", lexicon)["cta"] is None


def test_options_one_a_line_picked_by_a_vote_or_a_test(lexicon: BriefLexicon) -> None:
    brief = '大件物流 海报\n标题备选：\nA 大件也能送到家\nB 家具家电 一件也上门\n定B\n副标：送货+上楼+安装 一站搞定'  # r29-051
    assert copy_fields(brief, lexicon)["title"] == "家具家电 一件也上门"
    brief = ('For the new hygienist welcome poster, we went back and forth a lot. Options were:\n'
             '1) Meet Our Newest Team Member\n2) Say Hello to Jess!\n3) Welcome Jess to the Brightside Family\n'
             'Team voted for #3. Subtitle should be "Registered Dental Hygienist, 8 years of experience". '
             'No button, no fine print.')  # r29-062
    expect_copy(brief, lexicon, title='Welcome Jess to the Brightside Family',
                subtitle='Registered Dental Hygienist, 8 years of experience')
    brief = ('Maya: Final-week urgency popup. We tested two headlines:\nA: "Last Chance for 3-Day Passes"\n'
             'B: "Don\'t Miss Out — Passes Almost Gone"\nB won the test, use B.\nSub: Fewer than 500 left\nCTA: Buy Now')  # r29-076
    expect_copy(brief, lexicon, title="Don't Miss Out — Passes Almost Gone", subtitle='Fewer than 500 left', cta='Buy Now')
    brief = ('Update from the A/B test 📊\nA: "Date IRL, not just DM" — CTR 2.1%\nB: "Less texting. More dating." — CTR 3.4%\n'
             'B wins 🎉 so headline = B\nsubhead stays "Verified profiles only"\nbutton "Plan a date"')  # r26-042
    expect_copy(brief, lexicon, title='Less texting. More dating.', subtitle='Verified profiles only', cta='Plan a date')
    # lines marked A / B with no pick under them are no options: nothing is chosen from them
    assert copy_fields("标题备选：\nA 大件也能送到家\nB 家具家电 一件也上门", lexicon)["title"] != "家具家电 一件也上门"


def test_a_check_mark_picks_a_version(lexicon: BriefLexicon) -> None:
    brief = ('置换补贴海报 V3（V1 V2作废）\n\nV1标题：旧车换新车 补贴拿到手软 ❌\nV2标题：置换最高补5000 ❌（“最高”要加限定）\n'
             'V3标题：以旧换新 最高补贴5000元 ✅\n副标题（V3新增）：指定车型适用 补贴直接抵扣车款\n按钮：立即参与置换')  # r30-083
    assert copy_fields(brief, lexicon)["title"] == "以旧换新 最高补贴5000元"
    # with no version crossed out, a check mark alone picks nothing
    assert copy_fields("V1标题：旧车换新车\nV2标题：以旧换新 ✅", lexicon)["title"] != "以旧换新"


def test_a_change_after_an_arrow_on_the_value_line(lexicon: BriefLexicon) -> None:
    brief = '- Title: 韩妆周 K-Beauty Week\n- CTA: Shop Now → 不对，platform 规定 CTA 必须中文，改成「去逛逛」'  # r30-055
    assert copy_fields(brief, lexicon)["cta"] == "去逛逛"
    brief = '标题：把春天种回家\n副标题：蔬菜苗 香草苗 花苗 5元一盆 → 哎价格不写了 改成“蔬菜苗 香草苗 花苗 种类超多”'  # r30-077
    assert copy_fields(brief, lexicon)["subtitle"] == "蔬菜苗 香草苗 花苗 种类超多"
    brief = '标题：STARDUST 预售开启\n按钮：冲！立即预订 → 算了按钮就写「立即预订」'  # r28-055
    assert copy_fields(brief, lexicon)["cta"] == "立即预订"
    # an arrow that points at the button's link brings no change
    assert copy_fields("标题：春日上新\n按钮：立即购买 → 跳转商品页", lexicon)["cta"] != "跳转商品页"


def test_fine_print_of_several_lines(lexicon: BriefLexicon) -> None:
    brief = ('剧场入口指示牌文案：\n标题——观演须知\n正文——\n演出开始后迟到观众需在工作人员引导下于幕间入场。\n'
             '演出全程禁止拍照、录音、录像。\n请将手机调至静音。\n（三行都要，照原样分行）')  # r30-068
    assert copy_fields(brief, lexicon)["body"] == ("演出开始后迟到观众需在工作人员引导下于幕间入场。\n演出全程禁止拍照、录音、录像。\n"
                                                   "请将手机调至静音。")
    brief = ('标题：端午节期间办公时间调整公告\n正文（含落款，照排即可）：\n6月8日至6月10日大厅暂停对外服务。\n××区政务服务中心\n'
             '2024年6月3日\n无需副标题及按钮。')  # r30-021
    assert copy_fields(brief, lexicon)["body"] == "6月8日至6月10日大厅暂停对外服务。\n××区政务服务中心\n2024年6月3日"
    brief = ('标题：春节期间航班调整通知\n正文小字印以下内容：\n1月28日末班船提前至18:00，其余日期按正常时刻表运行。\n'
             '不需要按钮。')  # r28-040
    assert copy_fields(brief, lexicon)["body"] == "1月28日末班船提前至18:00，其余日期按正常时刻表运行。"
    brief = '大标题：市集小约定\n下面的规则一条条列出来，照抄就行：\n1. 请勿试吃后随意丢弃\n2. 宠物请牵绳\n没副标题没按扭'  # r30-067
    expect_copy(brief, lexicon, title='市集小约定', body='1. 请勿试吃后随意丢弃\n2. 宠物请牵绳')
    # a line about the rest of the poster ends the lines (r28-057)
    assert copy_fields("上次那张海报再加一行小字：\n店内桌游均为正版，损坏照价赔偿\n其他都不变哈", lexicon)["body"] == \
        "店内桌游均为正版，损坏照价赔偿"


def test_the_one_line_a_poster_carries(lexicon: BriefLexicon) -> None:
    assert copy_fields("帮我做个门口的A字牌，一行字就行：今日新上房源 进店了解", lexicon)["title"] == "今日新上房源 进店了解"  # r29-084
    assert copy_fields("就一个标题，放官网首屏：城市通勤 风驰一下", lexicon)["title"] == "城市通勤 风驰一下"  # r29-098
    brief = '165 反詐騙宣導（App 開屏）\n請只放一句：\n接到「解除分期付款」電話，一定是詐騙！\n下方放 165 專線 logo，不需要按鈕。'  # r16-064
    assert copy_fields(brief, lexicon)["title"] == "接到「解除分期付款」電話，一定是詐騙！"
    # a quoted line keeps its quote rule; a line that only names the design is no copy
    assert copy_fields("春节开屏海报，只要一句话：“龙年大吉，万事顺意”，其他都不要", lexicon)["title"] == "龙年大吉，万事顺意"
    assert copy_fields("海报一行字就行：红金配色", lexicon)["title"] is None


def test_chat_tags_and_questions(lexicon: BriefLexicon) -> None:
    brief = ('转发：\n【区域经理】新版房贷计算器上线了，APP首页弹一下\n【区域经理】标题：月供多少 一算便知\n'
             '【区域经理】按钮：马上算算\n【区域经理】其他不要')  # r29-054
    expect_copy(brief, lexicon, title='月供多少 一算便知', cta='马上算算')
    brief = ('Vivian: 标题用 "Your Story Starts Here"\nVivian: 下面一行 "全城外景 | 专属造型 | 48张精修"\nKiki: 按钮？\n'
             'Vivian: "预约档期"\nVivian: 小字 skip')  # r29-045
    expect_copy(brief, lexicon, title='Your Story Starts Here', subtitle='全城外景 | 专属造型 | 48张精修', cta='预约档期')
    brief = ('【市集志愿者群】\n小林：中秋市集海报标题用啥？\n阿May：“月圆市集”\n老陈：加个“夜”字吧 晚上办的\n'
             '阿May：好 那就“月圆夜市集”')  # r30-057
    assert copy_fields(brief, lexicon)["title"] == "月圆夜市集"
    # a bracketed label heading two lines is a label, not a name; a question about a thing takes no answer
    assert copy_fields("【标题】春日上新\n【标题】夏日上新", lexicon)["title"] is not None
    assert copy_fields("标题：春日上新\nKiki: which button style?\nVivian: \"圆角\"", lexicon)["cta"] is None


def test_words_kept_off_the_poster(lexicon: BriefLexicon) -> None:
    brief = ('【市场-阿杰】正文就用这段：“0入驻费，平台流量扶持，帮您每月多卖10台车。”\n【市场-阿杰】按钮：申请入驻\n'
             '【市场-阿杰】正文两边的引号别印')  # r30-093
    expect_copy(brief, lexicon, cta='申请入驻', body='0入驻费，平台流量扶持，帮您每月多卖10台车。')
    brief = '标题 听雨茶舍 外卖上线啦\n小字 配送范围3公里内\n不要按钮 按钮平台自己有'  # r29-099
    expect_copy(brief, lexicon, title='听雨茶舍 外卖上线啦', body='配送范围3公里内')
    brief = '[语音转文字] 标题就写七天无理由退车然后下面一行写买错了也不怕按钮不要了这个是贴门店的就这样啊'  # r30-033
    expect_copy(brief, lexicon, title='七天无理由退车', subtitle='买错了也不怕')
    # a button given after another field is taken back stays
    assert copy_fields("不要副标题 按钮：立即购买", lexicon)["cta"] == "立即购买"


def test_sizes_and_places_as_labels(lexicon: BriefLexicon) -> None:
    brief = ('门店招聘海报（贴门口）\n大字：邻家便利 招店员\n中字：全职/兼职 时薪22元起 包一顿工作餐\n'
             '小字：有意者请咨询店长或拨打 400-600-1234')  # r30-070
    expect_copy(brief, lexicon, title='邻家便利 招店员', subtitle='全职/兼职 时薪22元起 包一顿工作餐',
                body='有意者请咨询店长或拨打 400-600-1234')
    brief = ('loyalty card poster for the counter:\n• big: Buy 9, the 10th Is On Us\n'
             '• small: Ask for a stamp card at the counter.\n• no subtitle, no button')  # r30-082
    expect_copy(brief, lexicon, title='Buy 9, the 10th Is On Us', body='Ask for a stamp card at the counter.')
    brief = '周末有古琴演出 做个海报\n题目就叫 听琴品茗 周六雅集\n下面写 本周六晚7点 古琴演奏家林先生\n最底下小字 座位有限 请提前预定'  # r29-039
    expect_copy(brief, lexicon, title='听琴品茗 周六雅集', subtitle='本周六晚7点 古琴演奏家林先生', body='座位有限 请提前预定')
    # 大字 / 小字 without a subtitle taken back: 小字 is the line under the headline
    assert copy_fields("大字：邻家便利 招店员\n小字：全职兼职都要", lexicon)["subtitle"] == "全职兼职都要"


def test_typos_owned_and_changes_chained(lexicon: BriefLexicon) -> None:
    brief = '海报标题：“自带购物带 减塑每一天”\n啊打错了 是“自带购物袋 减塑每一天”😂\n副标题：带布袋来市集 可以换一颗有机鸡蛋'  # r30-017
    expect_copy(brief, lexicon, title='自带购物袋 减塑每一天', subtitle='带布袋来市集 可以换一颗有机鸡蛋')
    brief = '标题：暑期特惠，机票低至2折起\n\n——更正一下，标题写错了，应该是“暑期特惠，机票低至3折起”，2折那个是去年的。'  # r15-073
    assert copy_fields(brief, lexicon)["title"] == "暑期特惠，机票低至3折起"
    assert copy_fields("按钮从'立即购买'改成'加购物车'，再改成'马上抢'，嗯就马上抢，其他不动", lexicon)["cta"] == "马上抢"  # r28-059
    brief = '1）标题用「期末冲刺 提分30天」\n2）按钮不用“立即购买”，太硬，改为「先领资料包」'  # r16-062
    assert copy_fields(brief, lexicon)["cta"] == "先领资料包"
    # a quote the field is not to say, with no change after it, is no copy
    assert copy_fields("标题：期末冲刺\n按钮不用“立即购买”，太硬", lexicon)["cta"] is None


def test_bullets_and_echoes(lexicon: BriefLexicon) -> None:
    brief = '签到活动弹窗文案👇\n🔥 连续签到7天 领10元无门槛券\n✅ 今天是第3天，别断签哦\n👉 立即签到'  # r12-008
    expect_copy(brief, lexicon, title='连续签到7天 领10元无门槛券', subtitle='今天是第3天，别断签哦', cta='立即签到')
    brief = '- headline: Work the Fest. See the Fest.\n- subline: Volunteer 3 shifts, get a free weekend pass\n- button n/a (print)'  # r29-036
    expect_copy(brief, lexicon, title='Work the Fest. See the Fest.', subtitle='Volunteer 3 shifts, get a free weekend pass')
    # one emoji opening one line is the copy's own
    assert copy_fields("文案：\n🔥 连续签到7天\n今天是第3天", lexicon)["title"] == "🔥 连续签到7天"


def test_what_to_do_with_the_poster_and_a_button_taken_back(lexicon: BriefLexicon) -> None:
    brief = ('Studio closed Sat 15th. Poster says (headline, then a smaller line underneath):\n"Studio Closed This Saturday"\n'
             '"All classes resume Sunday 16th."\nPrint it A4, stick on the door.')  # r30-054
    # (a quoted line keeps the stop inside its quotes: dev writers 16 to 0 for the line under a headline)
    expect_copy(brief, lexicon, title='Studio Closed This Saturday', subtitle='All classes resume Sunday 16th.')
    brief = ('headline 写 "Yoga at Work"，button 不用，最下面放 contact 一行小字："合作咨询 Lena 138 1234 5678"')  # r30-084
    expect_copy(brief, lexicon, title='Yoga at Work', body='合作咨询 Lena 138 1234 5678')
    # a quoted line that tells the reader to print stays copy; an action word with no button taken back is the button
    brief = 'Poster says:\n"Studio Closed This Saturday"\n"All classes resume Sunday 16th."\n"Print your ticket at home."'
    assert copy_fields(brief, lexicon)["body"] == "Print your ticket at home."
    assert copy_fields("海报，全场5折，去逛逛", lexicon)["cta"] == "去逛逛"


def test_an_office_memo_and_its_drafts(lexicon: BriefLexicon) -> None:
    brief = ('二、文案：\n（一）标题：银龄帮办 暖心到家\n（二）副标题：60周岁以上老人可享受全程帮办服务\n'
             '（三）说明文字：预约电话 021-5555 0123（工作日）\n三、注意事项：字号请尽量放大；内部服务编号YL-2024-07请勿印出。')  # r30-051
    expect_copy(brief, lexicon, title='银龄帮办 暖心到家', subtitle='60周岁以上老人可享受全程帮办服务',
                body='预约电话 021-5555 0123（工作日）')
    brief = ('（原稿）标题：不动产登记可网上预约啦 —— 此稿不用\n（修改稿）\n标题：不动产登记 线上预约 即约即办\n'
             '按钮：立即预约\n\n另：弹窗右上角关闭按钮保留，不需要加“暂不预约”。')  # r30-011
    expect_copy(brief, lexicon, title='不动产登记 线上预约 即约即办', cta='立即预约')
    brief = ('标题：插班生招生进行中\n副标题：中班、大班少量余位\n按钮：在线登记\n'
             '补充：经与园长沟通，标题调整为"少量余位 插班生招生进行中"，副标题删除，其余不变。')  # r29-037
    expect_copy(brief, lexicon, title='少量余位 插班生招生进行中', cta='在线登记')
    brief = '小王 中秋礼盒的 小程序弹窗\n大标题：月圆人团圆 好茶送亲友\n二行：听雨茶舍中秋茶礼 ￥298起\n按钮：预定礼盒'  # r29-049
    expect_copy(brief, lexicon, title='月圆人团圆 好茶送亲友', subtitle='听雨茶舍中秋茶礼 ￥298起', cta='预定礼盒')
    # a draft not marked as dropped, and a line that asks to print the number, stay
    assert copy_fields("标题：不动产登记可网上预约啦\n按钮：立即预约", lexicon)["title"] == "不动产登记可网上预约啦"
    assert copy_fields("标题：银龄帮办\n小字：服务编号YL-2024-07", lexicon)["body"] == "服务编号YL-2024-07"
