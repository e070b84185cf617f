"""Copy extraction for the round-152–155 ways of writing a brief (outside writers' sunscreen brand, shoe laundry, kids'
science lab, tackle shop, EV showroom, zoo, sleep app, paragliding base, credit card …) and what the older dev halves
still lost: a field's label alone on its line with its copy on the line below ("Title ⏎ Open Enrollment ends Dec 15",
"## 标题 ⏎ 给妈妈一份健康礼"), a comma clause of copy that opens on a word that also opens remarks ("no pets inside",
"clean record", "feel at home"), "以活动细则为准" inside the fine print, whose 活动细则 is no label, and lines keyed by
time, place, price or contact under the labelled copy (时间：… ⏎ 地点：…), which are its fine print.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_labels_alone_on_their_lines_head_the_copy_below(lexicon: BriefLexicon) -> None:
    brief = ("Open enrollment banner\n\nTitle\nOpen Enrollment ends Dec 15\n\nSubtitle\nCompare plans for 2025\n\n"
             "Button\nCompare Plans\n\nDisclaimer\nPlans vary by location. Not all plans available in all areas.")
    expect_copy(brief, lexicon, title="Open Enrollment ends Dec 15", subtitle="Compare plans for 2025",
                cta="Compare Plans", body="Plans vary by location. Not all plans available in all areas.")
    brief = ("体检套餐 母亲节弹窗\n# 文案\n## 标题\n给妈妈一份健康礼\n## 副标题\n女性体检套餐 限时立减200元\n## 按钮\n为妈妈预约\n"
             "## 脚注\n套餐含20项检查，具体项目以体检中心为准\n# 设计\n粉色系，康乃馨元素")
    expect_copy(brief, lexicon, title="给妈妈一份健康礼", subtitle="女性体检套餐 限时立减200元", cta="为妈妈预约",
                body="套餐含20项检查，具体项目以体检中心为准")
    brief = ("IG post copy:\n\nHEADLINE\nThe 4-7-8 Breathing Trick\n\nSUB\nInhale 4 · Hold 7 · Exhale 8\n\n"
             "BOTTOM\nTry it tonight in the Hush app\n\nUse the same template as #1–3")
    expect_copy(brief, lexicon, title="The 4-7-8 Breathing Trick", subtitle="Inhale 4 · Hold 7 · Exhale 8",
                body="Try it tonight in the Hush app")


def test_section_headings_and_a_lone_label_line_give_no_field(lexicon: BriefLexicon) -> None:
    # ## 文案 / ## 备注 head sections of the brief; the labels inside them give the copy
    brief = ("## 文案\n- 主标题：双11狂欢提前购\n- 副标题：满300减50\n- 按钮：马上抢\n\n## 备注\n按钮不要写\"立即购买\"。主色用品牌红。")
    expect_copy(brief, lexicon, title="双11狂欢提前购", subtitle="满300减50", cta="马上抢")
    # one label alone on its line is a heading of a brief written otherwise, never the line below it
    fields = copy_fields("Headline\nwe still need to decide this one\nButton: Shop now", lexicon)
    assert fields["title"] != "we still need to decide this one" and fields["cta"] == "Shop now"


def test_a_clause_of_copy_may_open_on_a_word_that_opens_remarks(lexicon: BriefLexicon) -> None:
    expect_copy("Title: Family Movie Night\nSmall print: Outside food welcome, no pets inside.\nButton: See times",
                lexicon, title="Family Movie Night", cta="See times", body="Outside food welcome, no pets inside.")
    expect_copy("Title: 吃得好\n副标题：Eat well, pay less, feel at home\nCTA：查看今日菜单", lexicon,
                title="吃得好", subtitle="Eat well, pay less, feel at home", cta="查看今日菜单")
    fields = copy_fields("Headline: Drive\nFooter: Requirements: 3+ years driving, vehicle under 8 years old, clean record.",
                         lexicon)
    assert fields["body"] == "Requirements: 3+ years driving, vehicle under 8 years old, clean record."
    # …and stays a remark when what it leads names the poster, its look, or the sender's chat
    for remark in ("no button pls", "no rush", "clean look please", "bright colours", "dark background", "No T&C"):
        fields = copy_fields(f"Title: Hello there\nSub: Fresh bread daily, {remark}\nButton: Go now", lexicon)
        assert fields["subtitle"] == "Fresh bread daily", remark


def test_as_the_rules_say_is_fine_print_not_a_label(lexicon: BriefLexicon) -> None:
    brief = ("主标题：新户办卡 首刷礼288元\n按钮：立即申请\n底部小字：活动时间：2024年7月1日至9月30日。具体以活动细则为准。"
             "请理性消费，按时还款。\n字体用思源黑体")
    fields = copy_fields(brief, lexicon)
    assert fields["body"] == "活动时间：2024年7月1日至9月30日。具体以活动细则为准。请理性消费，按时还款。"
    # 活动细则 with its colon still labels the fine print
    assert copy_fields("标题：开卡有礼\n活动细则：每人限领一次", lexicon)["body"] == "每人限领一次"


def test_keyed_info_lines_under_the_copy_are_its_fine_print(lexicon: BriefLexicon) -> None:
    brief = ("周末读书会海报（A3 贴店门口）\n大标题：周六读书会\n副标题：《在城市里慢慢读》第三期\n时间：每周六下午3点\n"
             "地点：二楼阅读区\n免费报名 限20人\n按钮位置写：扫码报名\n整体米色，复古一点")
    expect_copy(brief, lexicon, title="周六读书会", subtitle="《在城市里慢慢读》第三期", cta="扫码报名",
                body="时间：每周六下午3点\n地点：二楼阅读区\n免费报名 限20人")
    brief = ("大标题：周末城市瑜伽\n副标题：带上家人朋友，一起来晨练\n活动信息：\n时间：6月22日 周六 8:00-9:30\n"
             "地点：滨江公园东草坪\n免费参加，现场试用新款瑜伽垫\n注意：logo要大，赞助商logo放底部一排")
    expect_copy(brief, lexicon, title="周末城市瑜伽", subtitle="带上家人朋友，一起来晨练",
                body="时间：6月22日 周六 8:00-9:30\n地点：滨江公园东草坪\n免费参加，现场试用新款瑜伽垫")
    # one such line alone: its key names what the words are (an address, as a phone number, is printed with its key:
    # most dev writers since round 200 keep 地址：)
    brief = "火锅店周年庆\n大标题：三周年 感恩回馈\n小标题：全场菜品8.8折\n按钮：立即订座\n地址：朝阳区建国路99号 万达广场3F"
    expect_copy(brief, lexicon, title="三周年 感恩回馈", subtitle="全场菜品8.8折", cta="立即订座",
                body="地址：朝阳区建国路99号 万达广场3F")
    brief = "火锅店周年庆\n大标题：三周年 感恩回馈\n小标题：全场菜品8.8折\n按钮：立即订座\n营业时间：10:00-22:00"
    assert copy_fields(brief, lexicon)["body"] == "10:00-22:00"
    # labelled fine print goes on over the keyed lines under it, up to the designer's remark
    brief = ("标题：周末去农场摘草莓\n副标题：大人小孩都能玩\n底部：门票：成人30元/儿童20元\n地址：昌平区兴寿镇阳光农场\n"
             "黄底黑字，醒目就行")
    expect_copy(brief, lexicon, title="周末去农场摘草莓", subtitle="大人小孩都能玩",
                body="门票：成人30元/儿童20元\n地址：昌平区兴寿镇阳光农场")


def test_keyed_lines_about_the_job_are_no_fine_print(lexicon: BriefLexicon) -> None:
    brief = "标题：好久不见，主子想你了\n副标题：送你一张30元无门槛券\n按钮：立即领取\n小字：券有效期7天\n截止时间：本周四"
    expect_copy(brief, lexicon, title="好久不见，主子想你了", subtitle="送你一张30元无门槛券", cta="立即领取",
                body="券有效期7天")
    brief = "标题：春季上新\n副标题：全场8折\n时间：3/1-3/8（这个不用上图，是投放时间）\n颜色用绿色"
    expect_copy(brief, lexicon, title="春季上新", subtitle="全场8折")
    # a keyed line followed by the designer's remarks keeps none of them
    brief = "标题：铁拳拳击馆 盛大开业\n副标题：开业体验课 ¥19.9\n底部小字：地址：科技园南区3栋1楼\n无按钮。logo用新版的橙色版本"
    expect_copy(brief, lexicon, title="铁拳拳击馆 盛大开业", subtitle="开业体验课 ¥19.9", body="地址：科技园南区3栋1楼")


def test_a_table_row_ending_on_a_time_is_no_chat_head(lexicon: BriefLexicon) -> None:
    brief = "Repellent banner for 618:\n主标题 | 618驱蚊大促\nSub | Up to 50% off\n按钮 | 去看看\nSmall print | 活动截至6月18日 23:59"
    expect_copy(brief, lexicon, title="618驱蚊大促", subtitle="Up to 50% off", cta="去看看", body="活动截至6月18日 23:59")
    # a chat export's own head line (a name, then the time) still names who spoke
    brief = "Mei Ling 10:41 AM\nHeadline: Summer Sale\nButton: Shop now"
    expect_copy(brief, lexicon, title="Summer Sale", cta="Shop now")


def test_an_english_and_a_chinese_label_glued_are_one_label(lexicon: BriefLexicon) -> None:
    brief = "标题：New here? 首充立减5元\nbutton：领取优惠\n不要副标题\nT&C小字：仅限新注册用户，满30元可用"
    expect_copy(brief, lexicon, title="New here? 首充立减5元", cta="领取优惠", body="仅限新注册用户，满30元可用")
    expect_copy("Title：Unicorn Parade\nfooter小字：*雨天取消 以园区公告为准", lexicon, title="Unicorn Parade",
                body="*雨天取消 以园区公告为准")
    # two labels for different fields glued give neither field the other's copy
    assert copy_fields("标题：X\nSub标题：Y", lexicon)["subtitle"] is None


def test_an_aside_placing_this_line_gives_the_line_whole(lexicon: BriefLexicon) -> None:
    brief = "标题：买完就吃 现场加工\n小标题：清蒸 / 椒盐 任选\n加工费：10元/斤 （这行放最下面小字）\n不要用红色！"
    expect_copy(brief, lexicon, title="买完就吃 现场加工", subtitle="清蒸 / 椒盐 任选", body="加工费：10元/斤")
    # a note's label is never the line's words
    brief = "Title：AI Coding for Kids\n按钮：领取体验课\n备注：体验课仅限首次报名学员（这行放最下面小字）"
    expect_copy(brief, lexicon, title="AI Coding for Kids", cta="领取体验课", body="体验课仅限首次报名学员")


def test_lines_after_the_body_line_in_a_block_of_copy_are_more_body(lexicon: BriefLexicon) -> None:
    brief = ("Hi! For the printed poster at the community centre:\n\nBABY GEAR SWAP DAY\nBring what you don't need, take what "
             "you do\nSaturday 9 March, 10am–1pm, Greenfield Community Hall\nAll items must be clean and in working order. "
             "Car seats not accepted.\n\nNo button (it's print). Pastel colours pls. Thanks, Jo")
    expect_copy(brief, lexicon, title="BABY GEAR SWAP DAY", subtitle="Bring what you don't need, take what you do",
                body="Saturday 9 March, 10am–1pm, Greenfield Community Hall\nAll items must be clean and in working order. "
                     "Car seats not accepted.")
    # …never a goodbye, a line keyed as a kind of its own, or a line after a button drawn in brackets
    brief = "做个小程序弹窗：\n开春挖野菜 体验团\n荠菜、马兰头 挖多少带走多少\n【立即报名】\n每人68元含午饭一顿\n就这些，谢谢！"
    assert copy_fields(brief, lexicon)["body"] == "每人68元含午饭一顿"
    brief = ("楼盘开盘海报。文案如下——\n云栖湾 · 湖畔墅居 焕新启幕\n建面约120-180㎡ 湖景洋房\n5月20日 盛大开盘\n"
             "咨询热线：400-888-1234")
    assert copy_fields(brief, lexicon)["body"] == "5月20日 盛大开盘"
    expect_copy("万圣节弹窗～\n不给糖就捣蛋！\n万圣限定头像框免费领\n[领取头像框]\n紫黑橙，南瓜灯元素", lexicon,
                title="不给糖就捣蛋！", subtitle="万圣限定头像框免费领", cta="领取头像框")


def test_a_social_post_names_the_format_over_its_copy_lines(lexicon: BriefLexicon) -> None:
    brief = ("Copy for the auction IG post:\n\nInk & Ivory\nRare manuscripts, maps and first editions\nRegister to bid\n"
             "Online only · Closes Sunday 9pm GMT\n\n(3rd line is the button)")
    fields = copy_fields(brief, lexicon)
    assert (fields["title"], fields["subtitle"]) == ("Ink & Ivory", "Rare manuscripts, maps and first editions")


def test_a_contact_line_keeps_its_key_and_the_jobs_own_lines_stay_out(lexicon: BriefLexicon) -> None:
    brief = ("大标题：换门不换框 一天装好\n小标题：旧门翻新免拆框，不砸墙不落灰\n咨询热线：400-820-1688\n右下角放二维码")
    expect_copy(brief, lexicon, title="换门不换框 一天装好", subtitle="旧门翻新免拆框，不砸墙不落灰",
                body="咨询热线：400-820-1688")
    brief = ("主标题：一次充电 整天清晰\n副标题：告别换电池的麻烦\n按钮：预约体验\n小字：续航时间因使用环境不同而有差异\n"
             "价格：4980元起（这个先不放，等总部通知）")
    assert copy_fields(brief, lexicon)["body"] == "续航时间因使用环境不同而有差异"
    brief = "- 主标题：宏美瓷砖 城东旗舰店开业\n- 按钮：导航到店\n- 底部小字：赠品每户限领1份\n- 上线时间：6月10日"
    assert copy_fields(brief, lexicon)["body"] == "赠品每户限领1份"
    brief = "【主标题】暑假跳起来！\n【副标题】3-12岁小班教学\n【底部小字】报名电话：138-0000-1234\n地址：阳光路88号二楼\n谢谢啦🌸"
    assert copy_fields(brief, lexicon)["body"] == "报名电话：138-0000-1234\n地址：阳光路88号二楼"
