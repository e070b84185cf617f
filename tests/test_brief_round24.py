"""Copy extraction for the round-24 ways of writing a brief (issue 16): options one a line (A. / 1. / (a) / 1️⃣) under a
line naming the field and picked by their mark on the next line (领导选了B, 就用2️⃣吧, We're going with (a), boss picked 2),
a pasted sheet of candidates with a column marking the one picked (候选标题⇥选用 √), quoted options listed with commas
then picked (Going with 'Add Funds'), a voice brief's 按钮就…吧 and stock left (最后10套), WeChat stickers ([玫瑰]), a
whole sentence's stop on its labelled line, a question to the designer (can the button say …?) and "can be", a line
placed at the bottom before its quote, the kind of line before a quote (下面写一句“…”, 写上时间“…”), a Latin label's
写 before a quote, last round's field (去年用的标题是“…”), new labels (主题句, 副句, 资费说明, T&C line, 底部说明, a
table's Support row) and tables with a header row (| 字段 | 内容 | …, 标题⇥颜色⇥尺寸).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy



def test_options_one_a_line_then_picked_by_their_mark(lexicon: BriefLexicon) -> None:
    # 标题备选：⏎A. …⏎B. …⏎领导选了B / 1️⃣ … 算了就用2️⃣吧 / (a) … We're going with (a). / boss picked 2
    brief = ('双11会员弹窗，标题备选：\nA. 囤药季 满199减50\nB. 健康囤货节 满199减50\nC. 双11家庭药箱补给站\n领导选了B。\n副标题'
             '：家庭常备药一站配齐\nCTA：立即囤货\n规则：11月1日-11月11日，每单限用一张券')  # r24-006
    expect_copy(brief, lexicon, title='健康囤货节 满199减50', subtitle='家庭常备药一站配齐', cta='立即囤货', body='11月1日-11月11日，每单限用一张券')
    brief = ('老师，标题我写了三个[捂脸]你帮我挑一个放上去：\n1️⃣ 购车节 钜惠来袭\n2️⃣ 618购车节 直降3万\n3️⃣ 买车就趁现在\n算了就用2'
             '️⃣吧[强]\n按钮：抢购车券\n副标题：首付低至1成 还有大礼包\n规则：购车券需到店核销，每车限用一张')  # r24-026
    expect_copy(brief, lexicon, title='618购车节 直降3万', subtitle='首付低至1成 还有大礼包', cta='抢购车券', body='购车券需到店核销，每车限用一张')
    brief = ('Headline options for the family pooling launch:\n(a) Pool Miles. Fly To'
             "gether.\n(b) Your Family's Miles, Together at Last\n(c) Share the Journe"
             "y\nWe're going with (a).\nSupporting line: Combine miles with up to 6 fa"
             'mily members at no cost.\nButton text: Create My Pool\nFine print: Pool '
             'administrator must be 18 or over. Miles pooled cannot be returned to i'
             'ndividual accounts.')  # r24-035
    expect_copy(brief, lexicon, title='Pool Miles. Fly Together.', subtitle='Combine miles with up to 6 family members at no cost.', cta='Create My Pool', body='Pool administrator must be 18 or over. Miles pooled cannot be returned to individual accounts.')
    brief = ('which title should we use lol\n1. new drop who dis\n2. fresh fits just l'
             'anded\n3. ur new fave fit is here\nboss picked 2 ✅\nsub: restocked sizes '
             "xs-xxl\nbtn: see what's new")  # r24-046
    expect_copy(brief, lexicon, title='fresh fits just landed', subtitle='restocked sizes xs-xxl', cta="see what's new")
    # options one a line with no pick under them stay as the other readers take them (no title here)
    expect_copy("标题备选：\nA. 清凉一夏\nB. 冰爽夏日\n副标题：全场5折", lexicon, subtitle="全场5折")
    # a pick said before the options (Go with the second headline.) still counts
    expect_copy("Go with the second headline.\n\nTwo headline ideas:\n1. Hop into Easter savings\n"
                "2. Easter treats, 25% off\nButton: Shop Easter", lexicon, title="Easter treats, 25% off", cta="Shop Easter")
    # a numbered list with no pick and no options word gives no title
    assert copy_fields("which title should we use\n1. new drop\n2. fresh fits\nsub: restocked sizes", lexicon)["title"] is None
    # a numbered list of rules is the fine print whole, whatever follows it
    assert copy_fields("规则：\n1. 每人限领一张\n2. 不与其他优惠同享\n最后选了2", lexicon)["body"] == "1. 每人限领一张\n2. 不与其他优惠同享"


def test_a_sheet_of_candidates_with_a_picked_column(lexicon: BriefLexicon) -> None:
    # 候选标题⇥选用 with √ on the picked row
    brief = ('候选标题\t选用\n周末早午餐 来一份慢时光\t\n周末早午餐 38元起\t√\n早午餐日 9点开门\t\n\n副标题：班尼迪克蛋+咖啡 周末限定\n按钮：查看'
             '菜单')  # r24-097
    expect_copy(brief, lexicon, title='周末早午餐 38元起', subtitle='班尼迪克蛋+咖啡 周末限定', cta='查看菜单')


def test_quoted_options_listed_with_commas_then_picked(lexicon: BriefLexicon) -> None:
    # CTA options from the UX team: 'A', 'B', 'C'. Going with 'B'.
    brief = ("CTA options from the UX team: 'Deposit', 'Add Funds', 'Top Up Now'. Go"
             "ing with 'Add Funds'.\nHeadline: Your First Deposit, Matched up to $50\n"
             'Sub: Deposit any amount within 7 days of sign-up\nT&C line: Match paid '
             'in platform credit, not withdrawable for 30 days. Eligible jurisdictio'
             'ns only.')  # r24-076
    expect_copy(brief, lexicon, title='Your First Deposit, Matched up to $50', subtitle='Deposit any amount within 7 days of sign-up', cta='Add Funds', body='Match paid in platform credit, not withdrawable for 30 days. Eligible jurisdictions only.')
    # no pick: the first option
    assert copy_fields("CTA options: 'Deposit', 'Add Funds'. Headline: Welcome", lexicon)["cta"] == "Deposit"
    # without an options word a comma still separates a field from the next quote's own label
    expect_copy("按钮：“立即购买”，“加入购物车”作为副标题", lexicon, subtitle="加入购物车", cta="立即购买")


def test_a_spoken_brief_with_fillers(lexicon: BriefLexicon) -> None:
    # 按钮就咨询顾问吧 / 标题写年底清盘 最后10套 (what is left in stock, not a count of posters)
    brief = ('那个标题写学区房 总价150万起 呃不对不对改一下标题改成地铁口学区房 首付45万起 然后副标题就写步行五分钟到实验小学 按钮就咨询顾问吧 '
             '嗯就这些')  # r24-013
    expect_copy(brief, lexicon, title='地铁口学区房 首付45万起', subtitle='步行五分钟到实验小学', cta='咨询顾问')
    brief = '就一句话那个标题写年底清盘 最后10套 别的都不要 字要大 红底白字 然后发我微信就行'  # r24-017
    expect_copy(brief, lexicon, title='年底清盘 最后10套')
    expect_copy("标题：周末特惠\n按钮就不要了", lexicon, title="周末特惠")
    assert copy_fields("标题：春季上新\n做3套海报", lexicon)["title"] == "春季上新"


def test_chat_stickers_are_no_copy(lexicon: BriefLexicon) -> None:
    # 感谢信任 一路平安[玫瑰]: a WeChat sticker code after the words
    brief = '[庆祝]交车喜报模板，标题写：恭喜李女士喜提爱车，副标题写：感谢信任 一路平安[玫瑰]，不用按钮和小字'  # r24-029
    expect_copy(brief, lexicon, title='恭喜李女士喜提爱车', subtitle='感谢信任 一路平安')
    expect_copy("标题：春季上新[玫瑰]\n按钮：立即购买", lexicon, title="春季上新", cta="立即购买")
    assert copy_fields("标题：[新品]春季上新", lexicon)["title"] == "[新品]春季上新"  # a tag before the words stays


def test_a_whole_sentence_on_its_labelled_line_keeps_its_stop(lexicon: BriefLexicon) -> None:
    # (Supporting line: Combine miles with up to 6 family members at no cost.)
    brief = ('Headline options for the family pooling launch:\n(a) Pool Miles. Fly To'
             "gether.\n(b) Your Family's Miles, Together at Last\n(c) Share the Journe"
             "y\nWe're going with (a).\nSupporting line: Combine miles with up to 6 fa"
             'mily members at no cost.\nButton text: Create My Pool\nFine print: Pool '
             'administrator must be 18 or over. Miles pooled cannot be returned to i'
             'ndividual accounts.')  # r24-035
    expect_copy(brief, lexicon, title='Pool Miles. Fly Together.', subtitle='Combine miles with up to 6 family members at no cost.', cta='Create My Pool', body='Pool administrator must be 18 or over. Miles pooled cannot be returned to individual accounts.')
    expect_copy("Headline: Summer Sale.\nCTA: Shop now", lexicon, title="Summer Sale.", cta="Shop now")
    # a button carries no full stop
    expect_copy("Headline: Summer Sale\nCTA: Shop now.", lexicon, title="Summer Sale", cta="Shop now")


def test_a_question_to_the_designer_and_can_be(lexicon: BriefLexicon) -> None:
    # can the headline say … and the button say …? / sub can be '…'
    brief = ('for the referral popup can the headline say give $20, get $20 and the '
             "button say invite friends? sub can be 'share the love w ur besties' i "
             'think thats cute')  # r24-048
    expect_copy(brief, lexicon, title='give $20, get $20', subtitle='share the love w ur besties', cta='invite friends')
    expect_copy("Headline: Still thinking?\nCTA: Book now", lexicon, title="Still thinking?", cta="Book now")


def test_placed_lines_and_the_kind_of_line_before_a_quote(lexicon: BriefLexicon) -> None:
    # at the bottom in small letters "…" / 下面写一句“…” / 最下面写上时间“…” / sub 写 “…”
    brief = ('restock popup!!\n"the cargo pants r back"\nand at the bottom in small le'
             'tters "limited quantities, 1 per customer"\nno button needed its just a'
             ' banner')  # r24-049
    expect_copy(brief, lexicon, title='the cargo pants r back', body='limited quantities, 1 per customer')
    brief = ('老师您好，六一儿童节的海报，标题想用“六一快乐 童心飞扬”，下面写一句“邀请全体宝贝和家长参加游园会”，最下面写上时间“6月1日上午9:00'
             '-11:30 幼儿园操场”，不需要按钮，是贴在园门口的～')  # r24-054
    expect_copy(brief, lexicon, title='六一快乐 童心飞扬', subtitle='邀请全体宝贝和家长参加游园会', body='6月1日上午9:00-11:30 幼儿园操场')
    brief = ('可以帮忙做个 membership 弹窗吗？title 就写 “加入 PawCare 会员”，下面 sub 写 “全年体检 + 疫苗 立省 '
             '¥800”，button 写 “Join Now”，底下加一行 small print “会员有效期 12 个月，不可转让”。thanks!')  # r24-085
    expect_copy(brief, lexicon, title='加入 PawCare 会员', subtitle='全年体检 + 疫苗 立省 ¥800', cta='Join Now', body='会员有效期 12 个月，不可转让')
    expect_copy("上面写“春日上新”，下面写“全场5折”", lexicon, title="春日上新", subtitle="全场5折")


def test_last_rounds_field_yields_to_this_rounds(lexicon: BriefLexicon) -> None:
    # 去年用的标题是“…”，今年想换一个 … 标题：…
    brief = ('王老师您好：\n\n冬季流感高发，我们想在家长APP上弹一个健康提醒。去年用的标题是“冬季保健小贴士”，今年想换一个。\n\n今年的文案：\n标题：守'
             '护宝贝健康 从勤洗手开始\n副标题：冬季流感预防，家园共育\n按钮：查看防护指南\n小字：如孩子出现发热、咳嗽等症状，请居家休息并及时告知班主任\n'
             '\n麻烦您了！\n小太阳幼儿园 李老师')  # r24-058
    expect_copy(brief, lexicon, title='守护宝贝健康 从勤洗手开始', subtitle='冬季流感预防，家园共育', cta='查看防护指南', body='如孩子出现发热、咳嗽等症状，请居家休息并及时告知班主任')
    # given once, it is the field (今年继续用)
    assert copy_fields("去年用的标题是“冬季保健小贴士”，今年继续用。按钮：查看", lexicon)["title"] == "冬季保健小贴士"


def test_new_labels_for_title_subtitle_and_fine_print(lexicon: BriefLexicon) -> None:
    # 主题句 / 副句 / 资费说明 / a table's Support row
    brief = ('暑期托管班招生\n主题句：暑假不放养 快乐过一夏\n副句：7月8日-8月16日 全天托管 含午餐\n按钮字：了解详情\n说明：名额限30人，额满即止'
             '；费用详询班主任\n画面：夏天、游泳池、冰淇淋')  # r24-059
    expect_copy(brief, lexicon, title='暑假不放养 快乐过一夏', subtitle='7月8日-8月16日 全天托管 含午餐', cta='了解详情', body='名额限30人，额满即止；费用详询班主任')
    brief = ('需求说明：5G畅享套餐上新弹窗\n一、主标题：5G畅享套餐 每月仅需59元\n二、副标题：含30GB通用流量+500分钟国内通话\n三、按钮文案：'
             '立即办理\n四、资费说明：套餐月费59元/月，超出流量按5元/GB计费，合约期12个月。\n五、视觉要求：沿用集团VI，主色蓝色，尺寸750×1'
             '334。\n六、上线时间：3月1日。')  # r24-061
    expect_copy(brief, lexicon, title='5G畅享套餐 每月仅需59元', subtitle='含30GB通用流量+500分钟国内通话', cta='立即办理', body='套餐月费59元/月，超出流量按5元/GB计费，合约期12个月。')
    brief = ('| Slot | Approved copy | Comment |\n|---|---|---|\n| Headline | Get $10 '
             'in BTC When You Verify | compliance ok |\n| Support | Complete identity'
             ' verification in under 5 minutes | |\n| Button | Verify Now | |\n| Legal'
             ' | New users only. Reward credited within 72 hours of successful verif'
             'ication. Terms apply. | do not shorten |')  # r24-074
    expect_copy(brief, lexicon, title='Get $10 in BTC When You Verify', subtitle='Complete identity verification in under 5 minutes', cta='Verify Now', body='New users only. Reward credited within 72 hours of successful verification. Terms apply.')
    # Support inside a headline is its own word, not a label
    expect_copy("Title: AI-Powered Support: What Actually Works\nCTA: Save my seat", lexicon,
                title="AI-Powered Support: What Actually Works", cta="Save my seat")


def test_pasted_tables_with_a_header_row(lexicon: BriefLexicon) -> None:
    # | 字段 | 内容 | 字数限制 | over labels down the first column / 标题⇥颜色⇥尺寸⇥截止 / 底部说明
    brief = ('亲情号业务弹窗文案（表格中“字数限制”列仅供参考，勿上屏）：\n| 字段 | 内容 | 字数限制 |\n| --- | --- | --- |\n'
             '| 主标题 | 亲情号码 互打免费 | ≤12字 |\n| 副标题 | 最多可添加5个亲情号码 | ≤16字 |\n| 按钮 | 添加亲情号 |'
             ' ≤6字 |\n| 说明 | 功能费5元/月，本地亲情号码间通话免费。 | 无 |')  # r24-065
    expect_copy(brief, lexicon, title='亲情号码 互打免费', subtitle='最多可添加5个亲情号码', cta='添加亲情号', body='功能费5元/月，本地亲情号码间通话免费。')
    brief = '标题\t副标题\t按钮文字\t底部说明\n工作日午市套餐 29.9元起\t\t扫码点餐\t周一至周五11:00-14:00供应，节假日除外'  # r24-094
    expect_copy(brief, lexicon, title='工作日午市套餐 29.9元起', cta='扫码点餐', body='周一至周五11:00-14:00供应，节假日除外')
    brief = '标题\t颜色\t尺寸\t截止\n今晚啤酒买一送一\t黄色\t600*800\t今天下午5点前'  # r24-099
    expect_copy(brief, lexicon, title='今晚啤酒买一送一')
    expect_copy("标题\t春日上新\n按钮\t立即购买", lexicon, title="春日上新", cta="立即购买")
    expect_copy("标题\t颜色\t尺寸\n春日上新\t红色\t600*800", lexicon, title="春日上新")
