"""Copy extraction for the round-31 ways of writing a brief (issue 16): a field answered with a refusal (按钮：不要, 小字 没有)
or handed to the designer (你们自己想一句吧, could you think of something catchy?); fine print told by its size (tiny text at the
bottom:); an outline's 一、 before a label; a chat settling on a speaker's line (用小王的, going with Jordan's); a value taken
back after its stop (… wait no — scratch that, make it "…"), a change later in the sentence (按钮改一下，…"A"过不了审，改成"B"),
a line that takes a field back and gives it (Scratch that sub — … Use: …), an original line and the approved one under it;
options marked ← FINAL, version lines (标题 A版：…) and table rows picked by their mark; a line led by its place and size
(上面大字 …, 下面一行小点的 …).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_field_answered_with_a_refusal(lexicon: BriefLexicon) -> None:
    brief = '海报。\n标题：考不过 免费重学\n副标题：科目二、科目三不限次补训\n按钮：不要\n小字：补考费按车管所标准另行缴纳'  # r31-012
    expect_copy(brief, lexicon, title='考不过 免费重学', subtitle='科目二、科目三不限次补训', body='补考费按车管所标准另行缴纳')
    brief = '小程序弹窗\n标题 下班也能学车\n副标题 夜间班 每晚7点到10点 教练一对一\n按钮 预约试学\n小字 没有'  # r31-032
    expect_copy(brief, lexicon, title='下班也能学车', subtitle='夜间班 每晚7点到10点 教练一对一', cta='预约试学')
    assert copy_fields("标题：假期出游\n按钮：不需要", lexicon)["cta"] is None  # r31-043
    # a refusal that goes on is the copy's own words
    assert copy_fields("标题：不要错过 限时5折\n按钮：去逛逛", lexicon)["title"] == "不要错过 限时5折"
    assert copy_fields("标题：春日上新\n小字：没有门槛 人人可领", lexicon)["body"] == "没有门槛 人人可领"


def test_a_field_handed_to_the_designer(lexicon: BriefLexicon) -> None:
    brief = ('小程序 popup for 免费体验课：\nHeadline: 你帮我想一个 catchy 的，中英都行 🙏\nSubtitle: 第一节课 免费体验\n'
             'Button: Book a free trial（英文 button 就好，我们很多 expat 家长）\nNo T&C。')  # r31-016
    expect_copy(brief, lexicon, subtitle='第一节课 免费体验', cta='Book a free trial')
    assert copy_fields("主标题：假期出游 流量管够\n按钮：参考以往弹窗，你们定一个", lexicon)["cta"] is None  # r31-018
    assert copy_fields("主标：辣到跺脚的魔芋爽\n副标：你们自己想一句吧，要有食欲感，我不挑", lexicon)["subtitle"] is None  # r31-077
    brief = ("Title - could you think of something catchy? I'm hopeless at this, just make it about trial lessons\n"
             "Subtitle - One-to-one, 30 minutes, all ages welcome\nButton - Book a trial\n"
             "Please DON'T add the line about 'first-time students only', my partner says it looks stingy.")  # r31-019
    expect_copy(brief, lexicon, subtitle='One-to-one, 30 minutes, all ages welcome', cta='Book a trial')
    # copy that speaks to the reader stays copy; a bracket that says nothing of the field stays too
    assert copy_fields("标题：你想要的都在这里\n按钮：去逛逛", lexicon)["title"] == "你想要的都在这里"
    assert copy_fields("Title: Write your own story\nButton: Start", lexicon)["title"] == "Write your own story"
    assert copy_fields("Button: Book a trial (30 min)", lexicon)["cta"] == "Book a trial (30 min)"


def test_fine_print_told_by_its_size(lexicon: BriefLexicon) -> None:
    brief = ('title: Cloud Nine Hazy IPA — On Tap Friday\nunder that: 6.5% ABV · brewed with Citra & Mosaic\n'
             'no button obvs, it\'s going on the wall lol\ntiny text at the bottom: Please drink responsibly. 18+ only.')  # r31-005
    expect_copy(brief, lexicon, title='Cloud Nine Hazy IPA — On Tap Friday', subtitle='6.5% ABV · brewed with Citra & Mosaic',
                body='Please drink responsibly. 18+ only.')
    brief = ('The main title should be: Winter Recital 2025\nBelow that please put: Saturday 13 December, 3pm\n\n'
             'Maybe in small letters at the bottom: Free admission. Family and friends welcome.')  # r31-009
    assert copy_fields(brief, lexicon)["body"] == "Free admission. Family and friends welcome."
    brief = '【大字】接种后请留观30分钟\n【小字】如出现头晕、皮疹、呼吸困难等不适，请立即告知医护人员\n就这两行，别加别的'  # r31-070
    expect_copy(brief, lexicon, title='接种后请留观30分钟', body='如出现头晕、皮疹、呼吸困难等不适，请立即告知医护人员')
    # 小字 under 大字 with no notice in its words is the line under the headline; a pool deck is no label
    assert copy_fields("【大字】接种后请留观30分钟\n【小字】安心接种 健康同行", lexicon)["subtitle"] == "安心接种 健康同行"
    brief = "大标题 'Walk, Don't Run 请勿奔跑'\n下面一行：Pool deck is slippery 池边湿滑 小心摔倒"  # r31-026
    assert copy_fields(brief, lexicon)["subtitle"] == "Pool deck is slippery 池边湿滑 小心摔倒"


def test_an_outline_number_before_a_label(lexicon: BriefLexicon) -> None:
    brief = ('为配合我司开展"夏季防溺水"宣传，请制作电梯海报一张，具体文案如下：\n一、主标题：珍爱生命 预防溺水\n'
             '二、副标题：请家长看护好孩子，勿让儿童独自到小区水景池边玩耍\n三、底部说明：如发现险情请立即拨打物业值班电话')  # r31-003
    expect_copy(brief, lexicon, title='珍爱生命 预防溺水', subtitle='请家长看护好孩子，勿让儿童独自到小区水景池边玩耍',
                body='如发现险情请立即拨打物业值班电话')
    # 1. under a fine-print label is an item of the fine print, its label the item's own words (r23-007)
    brief = '【标题】返场最后1天\n【规则】\n1. 活动时间：6月20日0点-24点\n2. 优惠券不与店铺其他活动叠加'
    assert copy_fields(brief, lexicon)["body"] == "1. 活动时间：6月20日0点-24点\n2. 优惠券不与店铺其他活动叠加"


def test_a_chat_settles_on_a_speakers_line(lexicon: BriefLexicon) -> None:
    brief = ('小王：标题“在家就能预约打疫苗”\n小李：我觉得“接种预约 上线啦”更简洁\n护士长（我）：用小王的。\n'
             '副标题：不用排队 扫码取号\n按钮：去预约\n小字不要了')  # r31-080
    expect_copy(brief, lexicon, title='在家就能预约打疫苗', subtitle='不用排队 扫码取号', cta='去预约')
    brief = ('张经理：这期海报标题用"年货节 抢鲜价"\n李主管：我觉得"年货大街 一站购齐"更好\n张经理：行吧，那就用李主管的\n'
             '市场部小刘：副标题我写了一个"满199送10斤装东北大米"可以吗\n张经理：可以\n李主管：按钮就写"去领券"')  # r26-061
    expect_copy(brief, lexicon, title='年货大街 一站购齐', subtitle='满199送10斤装东北大米', cta='去领券')
    brief = ("Maya: Hook: 'Stories that stay with you'\nJordan: hmm too generic imo. what about 'Stories you can't stop hearing'\n"
             "Maya: ok going with Jordan's\nMaya: Sub: 2,000+ shows, zero ads for 30 days")  # r28-002
    assert copy_fields(brief, lexicon)["title"] == "Stories you can't stop hearing"
    # a name that no message was sent by picks nothing
    brief = '小王：标题“在家就能预约打疫苗”\n小李：我觉得“接种预约 上线啦”更简洁\n护士长：用老张的。'
    assert copy_fields(brief, lexicon)["title"] == "在家就能预约打疫苗"


def test_a_value_taken_back_and_given_again(lexicon: BriefLexicon) -> None:
    brief = ('trivia night poster pls. headline: Pub Quiz Tuesdays. wait no — scratch that, make it "Big Brain Tuesdays", '
             'everyone calls it that anyway 😂\nsub line: Teams of up to 6 · Starts 7pm · Free entry')  # r31-015
    assert copy_fields(brief, lexicon)["title"] == "Big Brain Tuesdays"
    brief = ('我想 title 是 "Never too late to swim"，subtitle 是 "成人零基础 8节课学会蛙泳"。\n'
             'oh wait，boss 说 title 要中文优先，改成 "学游泳 什么时候都不晚"。subtitle 不变。')  # r31-076
    expect_copy(brief, lexicon, title='学游泳 什么时候都不晚', subtitle='成人零基础 8节课学会蛙泳')
    brief = '标题：双11预售 付定金立减20\n按钮：立即付定金\n哦对按钮改一下，抖音那边说"立即付定金"过不了审，改成"预定锁价"'  # r31-097
    assert copy_fields(brief, lexicon)["cta"] == "预定锁价"
    brief = ('H1: Go VIP\nsub: Private viewing deck, express entry & free drinks\nCTA: Upgrade\n'
             'Scratch that sub — legal says we can\'t say free drinks. Use: Private viewing deck, express entry & lounge access')  # r29-026
    assert copy_fields(brief, lexicon)["subtitle"] == "Private viewing deck, express entry & lounge access"
    # a stop with no retraction after it ends the value; a change in another field's sentence leaves this one
    assert copy_fields('headline: Pub Quiz Tuesdays. Make it "loud"!', lexicon)["title"] == "Pub Quiz Tuesdays"
    assert copy_fields('标题：双11预售\n按钮：立即付定金\n标题不动，按钮改成"预定锁价"', lexicon)["title"] == "双11预售"


def test_an_original_line_and_the_approved_one(lexicon: BriefLexicon) -> None:
    brief = ('From: Legal & Compliance\nOriginal T&C line: "Bonus miles credited within 7 days."\n'
             'Approved: "Bonus miles will be credited within 8 weeks of travel completion."\n----------\n'
             'Title: Fly 3 times, get 5,000 bonus miles\nNo subtitle.\nButton: Register now')  # r31-014
    expect_copy(brief, lexicon, title='Fly 3 times, get 5,000 bonus miles', cta='Register now',
                body='Bonus miles will be credited within 8 weeks of travel completion.')
    # with no approved line under it, the original stays
    assert copy_fields('Original T&C line: "Bonus miles credited within 7 days."\nTitle: Fly 3 times', lexicon)["body"] \
        == "Bonus miles credited within 7 days."


def test_options_versions_and_rows_picked_by_their_mark(lexicon: BriefLexicon) -> None:
    brief = ('We went back and forth on the headline for the expiry reminder. Options considered:\n'
             '1) Don\'t let your miles fly away (rejected – too cute)\n2) Your miles are about to expire (rejected – too alarming)\n'
             '3) Use your miles before 31 December  ← FINAL\n\nCTA: Redeem miles')  # r31-044
    expect_copy(brief, lexicon, title='Use your miles before 31 December', cta='Redeem miles')
    brief = ('标题 A版：海盐芝士味薯片 新品尝鲜\n标题 B版：一口爆浆 海盐芝士新味道\n→ A/B测了3天，B版CTR高20%，用B版\n'
             '副标：首发尝鲜价 9.9元/2袋\n按钮：马上尝鲜')  # r31-027
    expect_copy(brief, lexicon, title='一口爆浆 海盐芝士新味道', subtitle='首发尝鲜价 9.9元/2袋', cta='马上尝鲜')
    brief = ('充值活动弹窗，两版文案领导选了B：\n版本\t标题\t副标题\t按钮\nA\t充100送20\t话费充值限时加赠\t马上充\n'
             'B\t充100元 得120元话费\t本月充值限时加赠\t立即充值\n小字两版通用：赠送话费分2个月返还，每月返10元')  # r31-078
    expect_copy(brief, lexicon, title='充100元 得120元话费', subtitle='本月充值限时加赠', cta='立即充值',
                body='赠送话费分2个月返还，每月返10元')
    brief = ('第24期那行是这期的海报文案\n\n期数\t主标题\t副标题\n第23期\t夏日冰爽节\t冷饮冰品第二件半价\n'
             '第24期\t端午粽享团圆\t粽子礼盒满99减20')  # r26-011
    assert copy_fields(brief, lexicon)["title"] == "端午粽享团圆"
    # no mark, no pick: the first option line is not picked by a mark, and the table's first row is the copy
    assert copy_fields("标题 A版：海盐芝士味薯片\n标题 B版：一口爆浆", lexicon)["title"] != "一口爆浆"
    brief = '版本\t标题\t副标题\nA\t充100送20\t话费充值限时加赠\nB\t充100元 得120元话费\t本月充值限时加赠'
    assert copy_fields(brief, lexicon)["title"] == "充100送20"


def test_a_line_led_by_its_place_and_size(lexicon: BriefLexicon) -> None:
    brief = ('快递柜侧面的海报，竖版\n上面大字 取件码忘了？微信扫一扫直接开柜\n下面一行小点的 关注“顺达快运”公众号 绑定手机号即可\n'
             '没有按钮 没有小字')  # r29-091
    expect_copy(brief, lexicon, title='取件码忘了？微信扫一扫直接开柜', subtitle='关注“顺达快运”公众号 绑定手机号即可')
    # a place and a size naming the design, no words, bring no copy
    assert copy_fields("上面大字 红色", lexicon)["title"] is None


def test_a_quote_found_wanting_and_the_words_to_use(lexicon: BriefLexicon) -> None:
    brief = ('---------- Forwarded message ----------\nSubject: RE: Master\'s scholarships poster\n\n'
             'Helen, the headline "Apply for a Scholarship Today" is too generic. Please use "Up to 50% Tuition Scholarships for '
             'Master\'s Students". Keep your subtitle.\n\n---------- Original message ----------\nFrom: Helen Ward\n'
             'Headline: Apply for a Scholarship Today\nSubtitle: Merit-based awards for 2025 entry\nButton: See Eligibility')  # r30-016
    expect_copy(brief, lexicon, title="Up to 50% Tuition Scholarships for Master's Students",
                subtitle='Merit-based awards for 2025 entry', cta='See Eligibility')
    assert copy_fields('标题“春日上新 全场5折”太长了，用“春日上新”吧', lexicon)["title"] == "春日上新"
    # praise is no critique; the words another field is to use are that field's
    assert copy_fields('the headline "Spring Sale" is great. Please use "Shop now" on the button.', lexicon)["title"] \
        == "Spring Sale"
    assert copy_fields('标题“春日上新”太长了，按钮用“立即抢”', lexicon)["title"] != "立即抢"


def test_options_numbered_on_one_line_and_picked_later(lexicon: BriefLexicon) -> None:
    brief = ('Amy：秋季新品弹窗标题我想了几个：①秋天的第一杯桂花拿铁 ②桂香满杯 秋日限定 ③一口入秋\n老板：②吧，①太俗了\n'
             'Amy：好的 那就②\nAmy：副标题写"新品尝鲜价 19.9元/杯"\nAmy：按钮"去点单"')  # r16-065
    expect_copy(brief, lexicon, title='桂香满杯 秋日限定', subtitle='新品尝鲜价 19.9元/杯', cta='去点单')
    # with no pick below them, no option is settled on
    assert copy_fields("标题我想了几个：①秋天的第一杯桂花拿铁 ②桂香满杯 秋日限定", lexicon)["title"] != "桂香满杯 秋日限定"


def test_a_senders_role_in_brackets(lexicon: BriefLexicon) -> None:
    brief = ('Sara: Headline: Give $50, get $50\nSara: Sub: When your friend opens an account\nSara: CTA: Share your link\n'
             'Tom (Legal): need disclosure: Bonus paid within 90 days of qualifying activity. See terms.\n'
             "Sara: ok add Tom's line as fine print")  # r10-096
    expect_copy(brief, lexicon, title='Give $50, get $50', subtitle='When your friend opens an account', cta='Share your link',
                body='Bonus paid within 90 days of qualifying activity. See terms.')
    brief = ('Jordan: kids zone poster copy: "Little Ravers Welcome"\nMaya: love it. sub?\n'
             'Jordan: "Kids under 10 get in free with a paying adult"\n'
             'Sam (legal): needs a disclaimer — "Ear protection required for children in all stage areas"\n'
             "Maya: ok add Sam's line as fine print")  # r29-096
    expect_copy(brief, lexicon, title='Little Ravers Welcome', subtitle='Kids under 10 get in free with a paying adult',
                body='Ear protection required for children in all stage areas')
    # a label in brackets after a label, or after a field's Chinese name, still names the field (r25-085)
    assert copy_fields("附注（小字）：报名截止日期为3月31日", lexicon)["body"] == "报名截止日期为3月31日"
    assert copy_fields("Note (small print): Offer ends Friday.", lexicon)["body"] == "Offer ends Friday."
