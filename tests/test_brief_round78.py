"""Copy extraction for the round-78/79 ways of writing a brief (outside writers' tax filing app, dim sum teahouse,
curtain shop, maple leaf festival, laundry pickup app …): a voice note that says where each line goes instead of
labelling it (and underneath, … / The line under that is … / at the bottom in small print put …), "a button too that
says …", "scratch the subtitle, make it …", a heading's own full stop, 文案来啦, a slogan that makes a thing
(做一幅秋天的画) and a colour said of a thing (枫叶正红); and (rounds 80–81) 【语音转写】 / 【设计说明】 as what the text is,
a subtitle of two short sentences, a table whose first row is a fact of the job, a label word inside quoted copy
("Retire on your terms" – headline) and ⚠️更正：; (rounds 82–83) 标题 「…」 and more of the line, Note at bottom:, a
voice note's 好的拜拜; (rounds 84–85) 来一次全面检修, 需要您的帮助, no spreadsheets, 每人限投1幅, 补充：, "no CTA. small print
at the bottom:", legal doesn't like "…"; (rounds 86–87) "…"法务说不能用, 文案交给你们了, a voice note's 好, "the CTA is just
text", a list after 、 that names a look (油画、水彩), "— keep ownership, …".

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_voice_note_names_places_not_labels(lexicon: BriefLexicon) -> None:
    brief = ('[Voice memo transcript] Okay so for the poster, the big line should say Grand Opening at Riverside, and '
             "underneath, Free pot of tea with every table this week. No button, it's a poster. And at the bottom in "
             "small print put Valid 3 to 9 June while stocks last. That's it, thanks.")
    expect_copy(brief, lexicon, title='Grand Opening at Riverside', subtitle='Free pot of tea with every table this week',
                body='Valid 3 to 9 June while stocks last')
    brief = ('Voice memo, transcribed: the headline is Made to Measure, Made for You. The line under that is Custom '
             'curtains delivered in 10 days. Button says Get a Free Quote. Um, and small print, Measurements by our '
             'team only. Thanks.')
    expect_copy(brief, lexicon, title='Made to Measure, Made for You', subtitle='Custom curtains delivered in 10 days',
                cta='Get a Free Quote', body='Measurements by our team only')
    brief = ('Voice memo: hey, so for the volunteer poster, big headline Volunteers Wanted, then underneath Help us make '
             'Maple Fest magical, and at the bottom in small text Free festival T-shirt and meals for all volunteers. '
             'Um, put a button too that says Sign Up. Thanks!')
    expect_copy(brief, lexicon, title='Volunteers Wanted', subtitle='Help us make Maple Fest magical', cta='Sign Up',
                body='Free festival T-shirt and meals for all volunteers')
    # a place before lower-case words is a remark on the layout, no line of copy
    fields = copy_fields('Headline: Grand Opening, and underneath put the logo and the QR code.', lexicon)
    assert fields["title"] == 'Grand Opening' and fields["subtitle"] is None


def test_the_next_request_after_a_headline(lexicon: BriefLexicon) -> None:
    brief = 'Headline: Volunteers Wanted. Also add a button that says Sign Up.'
    expect_copy(brief, lexicon, title='Volunteers Wanted', cta='Sign Up')


def test_scratch_a_field_and_make_it(lexicon: BriefLexicon) -> None:
    brief = ('transcribed voice msg: banner for the dry cleaning launch, headline Dry Cleaning Now Available, subtitle '
             'Suits, dresses and coats picked up at your door, and the button Book Dry Cleaning. Actually no, scratch '
             'the subtitle, make it Suits and dresses, cleaned and pressed in 48 hours. Thanks.')
    expect_copy(brief, lexicon, title='Dry Cleaning Now Available',
                subtitle='Suits and dresses, cleaned and pressed in 48 hours', cta='Book Dry Cleaning')
    # made into a look, it is no copy
    assert copy_fields('Subtitle: Fresh shirts\nscratch the subtitle, make it bigger.', lexicon)["subtitle"] == 'Fresh shirts'


def test_a_headings_own_full_stop(lexicon: BriefLexicon) -> None:
    brief = ("Headline: Freelancers, stop overpaying.\nSubheadline: We find every deduction you're owed.\n"
             "Fine print: Average savings based on 2023 users. Results vary.")
    expect_copy(brief, lexicon, title='Freelancers, stop overpaying.', subtitle="We find every deduction you're owed.",
                body='Average savings based on 2023 users. Results vary.')
    # a stop that separates two fields on one line is the brief's
    assert copy_fields('Headline: Stop overpaying. Button: File now', lexicon)["title"] == 'Stop overpaying'


def test_the_copy_has_arrived(lexicon: BriefLexicon) -> None:
    brief = '红叶节海报文案来啦～\n主标题：层林尽染 枫叶正红\n副标题：第十届香山红叶文化节 10月20日开幕\n海报不需要按钮，整体用红橙渐变'
    expect_copy(brief, lexicon, title='层林尽染 枫叶正红', subtitle='第十届香山红叶文化节 10月20日开幕')
    # what turns red is the poster: a remark
    assert copy_fields('标题：秋日上新 背景正红', lexicon)["title"] == '秋日上新'


def test_a_slogan_that_makes_a_thing(lexicon: BriefLexicon) -> None:
    brief = '标题：带娃捡枫叶 做一幅秋天的画\n副标题：亲子手作课 每场限30组家庭\n按钮：马上报名'
    expect_copy(brief, lexicon, title='带娃捡枫叶 做一幅秋天的画', subtitle='亲子手作课 每场限30组家庭', cta='马上报名')
    # making the poster itself is a remark
    for remark in ('做一个竖版的', '做个喜庆点的', '做一张海报'):
        assert copy_fields(f'标题：秋日上新 {remark}\n按钮：去看看', lexicon)["title"] == '秋日上新'


def test_a_bracketed_heading_says_what_the_text_is(lexicon: BriefLexicon) -> None:
    brief = ('【语音转写】嗯 张医生这边想要一个义诊的横幅 挂在门诊大厅的，写“世界睡眠日 免费义诊”，下面一行“3月21日 上午9点至12点 门诊三楼”，'
             '就这两行，字要大')
    expect_copy(brief, lexicon, title='世界睡眠日 免费义诊', subtitle='3月21日 上午9点至12点 门诊三楼')
    brief = '【主标题】万圣夜·疯狂实验室🎃\n【副标题】变装入馆送荧光棒\n【按钮】领票\n【设计说明】橙黑配色，烟雾实验元素'
    expect_copy(brief, lexicon, title='万圣夜·疯狂实验室🎃', subtitle='变装入馆送荧光棒', cta='领票')
    # a bracketed line of copy is still copy
    assert copy_fields('【限时抢购 全场五折】\n按钮：去看看', lexicon)["title"] == '限时抢购 全场五折'


def test_a_subtitle_of_two_short_sentences(lexicon: BriefLexicon) -> None:
    brief = 'Title: The 52-Week Savings Challenge\nSubtitle: Save a little every week. Watch it add up.\nCTA: Join the challenge'
    expect_copy(brief, lexicon, title='The 52-Week Savings Challenge', subtitle='Save a little every week. Watch it add up.',
                cta='Join the challenge')


def test_a_table_whose_first_row_is_a_fact_of_the_job(lexicon: BriefLexicon) -> None:
    brief = ('| 项目 | 内容 |\n| --- | --- |\n| 尺寸 | 1242x2688 |\n| 主标题 | 月底不吃土 |\n| 副标题 | 设好预算 每一分都花得明白 |\n'
             '| 按钮 | 去设置预算 |\n| 小字 | 数据仅存储在本地，保护你的隐私 |')
    expect_copy(brief, lexicon, title='月底不吃土', subtitle='设好预算 每一分都花得明白', cta='去设置预算',
                body='数据仅存储在本地，保护你的隐私')


def test_a_label_word_inside_quoted_copy(lexicon: BriefLexicon) -> None:
    brief = ('Banner for the website homepage\n"Retire on your terms" – headline\n"Combine your old pensions in one place" – '
             'subhead\n"Start combining" – button')
    expect_copy(brief, lexicon, title='Retire on your terms', subtitle='Combine your old pensions in one place',
                cta='Start combining')
    # a message quoted whole still names its fields
    brief = '老板原话：“弹窗就写‘宝宝用品 满300减80’，下面加个按钮‘去囤货’，别整那么多字。”'
    expect_copy(brief, lexicon, title='宝宝用品 满300减80', cta='去囤货')


def test_a_correction_line_led_by_a_sign(lexicon: BriefLexicon) -> None:
    brief = ('标题：「给客厅换一盏好灯」\n副标题：「满3000元免费上门安装」\n按钮：「立即查看」\n'
             '⚠️更正：副标题改成「满2000元免费上门安装」，按钮用「去逛逛」')
    expect_copy(brief, lexicon, title='给客厅换一盏好灯', subtitle='满2000元免费上门安装', cta='去逛逛')


def test_a_quote_opening_a_line_after_a_blank_label(lexicon: BriefLexicon) -> None:
    brief = '新品发布 banner\n标题 「安德烈系列」小提琴正式发售\n副标题 每一把都有独立编号与制琴证书\n按钮 了解详情'
    expect_copy(brief, lexicon, title='「安德烈系列」小提琴正式发售', subtitle='每一把都有独立编号与制琴证书', cta='了解详情')
    # glued to its label, the quote is the copy and what follows a remark
    assert copy_fields('主标题「年货节」限时三天哦', lexicon)["title"] == '年货节'


def test_a_note_at_the_bottom(lexicon: BriefLexicon) -> None:
    brief = 'Title: Shingles Vaccine Now Available\nButton: Schedule Today\nNote at bottom: Most insurance plans accepted.'
    expect_copy(brief, lexicon, title='Shingles Vaccine Now Available', cta='Schedule Today',
                body='Most insurance plans accepted.')


def test_a_goodbye_after_the_copy(lexicon: BriefLexicon) -> None:
    brief = '语音转文字：嗯那个，直播预告海报，主标题写 今晚8点 茶园直播，按钮写 预约直播，小字写 直播间下单享9折，好的拜拜。'
    expect_copy(brief, lexicon, title='今晚8点 茶园直播', cta='预约直播', body='直播间下单享9折')


def test_a_slogan_that_asks_the_reader(lexicon: BriefLexicon) -> None:
    expect_copy('标题：新房入住前 来一次全面检修\n按钮：查看套餐', lexicon, title='新房入住前 来一次全面检修', cta='查看套餐')
    expect_copy('标题：O型血告急 需要您的帮助\n按钮：预约献血', lexicon, title='O型血告急 需要您的帮助', cta='预约献血')
    # asked of the designer, they stay remarks
    for remark in ('来个红色的', '需要你们加急'):
        assert copy_fields(f'标题：秋日上新 {remark}', lexicon)["title"] == '秋日上新'


def test_what_the_reader_is_spared_and_limited_to(lexicon: BriefLexicon) -> None:
    brief = 'Title: W-2s Done Before January Ends\nSubtitle: Auto-filed for every employee, no spreadsheets\nButton: See How'
    assert copy_fields(brief, lexicon)["subtitle"] == 'Auto-filed for every employee, no spreadsheets'
    assert copy_fields('Title: Go\nSubtitle: Auto-filed for every employee, no gradients', lexicon)["subtitle"] == \
        'Auto-filed for every employee'
    assert copy_fields('标题：你的画\n小字：投稿年龄4-12岁，每人限投1幅', lexicon)["body"] == '投稿年龄4-12岁，每人限投1幅'


def test_a_later_note_gives_a_field_again(lexicon: BriefLexicon) -> None:
    brief = '标题：水上电音夜\n副标题：19:00-23:00 夜场票79元\n按钮：马上预订\n\n补充：副标题用“每周六19:00-23:00 夜场票仅需79元”'
    expect_copy(brief, lexicon, title='水上电音夜', subtitle='每周六19:00-23:00 夜场票仅需79元', cta='马上预订')


def test_a_place_that_belongs_to_the_next_label(lexicon: BriefLexicon) -> None:
    brief = 'headline: "3 Minutes to Happy"\nno CTA. small print at the bottom: "While supplies last."\nbright red'
    expect_copy(brief, lexicon, title='3 Minutes to Happy', body='While supplies last.')
    assert copy_fields('Headline: Go\nButton at the bottom: Shop now', lexicon)["cta"] == 'Shop now'


def test_a_word_someone_turned_down(lexicon: BriefLexicon) -> None:
    brief = ('title: Never Miss a Ticket Deadline\nbutton: Turn On Alerts\n\n'
             'actually make the button "Enable Reminders" — legal doesn\'t like "alerts"')
    expect_copy(brief, lexicon, title='Never Miss a Ticket Deadline', cta='Enable Reminders')


def test_a_quote_legal_turned_down(lexicon: BriefLexicon) -> None:
    brief = '标题：手机也能当 急用钱不求人\n按钮：马上估价\n\n不对不对，标题用「旧手机 快速周转」，"急用钱不求人"法务说不能用'
    expect_copy(brief, lexicon, title='旧手机 快速周转', cta='马上估价')


def test_the_copy_left_to_the_designer(lexicon: BriefLexicon) -> None:
    brief = '我们要做一个中秋蜂蜜礼盒的海报，高端一点，有月亮和蜂蜜罐，文案交给你们了，不用太长'
    expect_copy(brief, lexicon)


def test_a_voice_notes_right_after_the_copy(lexicon: BriefLexicon) -> None:
    brief = '【语音转文字】那个弹窗啊，标题就写双十一机票狂欢，按钮写马上抢，嗯，底下小字写活动仅限11月11日当天，好，就这样，颜色你们定'
    expect_copy(brief, lexicon, title='双十一机票狂欢', cta='马上抢', body='活动仅限11月11日当天')


def test_the_cta_is_just_text(lexicon: BriefLexicon) -> None:
    brief = ('Headline: Volunteers Wanted!\nCTA: Sign Up at millerfarm.com/volunteer\n'
             "Note: it's a printed poster so the CTA is just text, no button shape")
    expect_copy(brief, lexicon, title='Volunteers Wanted!', cta='Sign Up at millerfarm.com/volunteer')


def test_a_list_and_what_the_reader_keeps(lexicon: BriefLexicon) -> None:
    brief = '标题：好画值得一个好框\n底部小字：支持装裱油画、水彩、拼图、球衣\n背景用浅木色'
    expect_copy(brief, lexicon, title='好画值得一个好框', body='支持装裱油画、水彩、拼图、球衣')
    brief = 'Title: Your Rolex Can Work for You\nSubtitle: Get a loan against your watch — keep ownership, repay in 30–120 days'
    assert copy_fields(brief, lexicon)["subtitle"] == 'Get a loan against your watch — keep ownership, repay in 30–120 days'
    assert copy_fields('Title: Your Rolex, keep it short', lexicon)["title"] == 'Your Rolex'


def test_a_full_width_equals_sign(lexicon: BriefLexicon) -> None:
    brief = '需求：公众号推文首图\n标题＝第三届蹦极挑战赛🔥\n副标题＝报名即送GoPro跳跃视频\n按钮＝我要报名'
    expect_copy(brief, lexicon, title='第三届蹦极挑战赛🔥', subtitle='报名即送GoPro跳跃视频', cta='我要报名')


def test_the_word_instead_closing_a_change(lexicon: BriefLexicon) -> None:
    brief = 'Title: Share the Ride\nCTA: Book a Seat\n...actually make the button say Find a Ride instead\nand keep the car'
    expect_copy(brief, lexicon, title='Share the Ride', cta='Find a Ride')
    # the copy's own "instead" stays
    brief = 'Title: Thinking of leaving?\nSubtitle: Pause your plan for up to 3 months instead\nButton: Pause'
    assert copy_fields(brief, lexicon)["subtitle"] == 'Pause your plan for up to 3 months instead'


def test_spoken_small_print_and_thats_it(lexicon: BriefLexicon) -> None:
    brief = ('(voice memo transcript) the headline is Own Real Gold from $1. Then underneath, Backed by vaulted bullion. '
             'And the call to action is Download the App. Small print at the bottom, Your capital is at risk. '
             "That's it, cheers.")
    expect_copy(brief, lexicon, title='Own Real Gold from $1', subtitle='Backed by vaulted bullion',
                cta='Download the App', body='Your capital is at risk')
    brief = '【语音转文字】那个弹窗，标题就写关爱爸妈的脚，按钮写给爸妈预约，小字写需携带身份证，好的就这样。'
    expect_copy(brief, lexicon, title='关爱爸妈的脚', cta='给爸妈预约', body='需携带身份证')
    brief = '【语音转文字】弹窗标题就写 代排队服务上线了，按钮写 预约代排，就行，谢谢啊'
    expect_copy(brief, lexicon, title='代排队服务上线了', cta='预约代排')


def test_a_line_added_in_brackets(lexicon: BriefLexicon) -> None:
    brief = '标题【茶香留客 明年再会】\n副标题【感谢3万游客与我们共度春天】\n不需要按钮，底部加一句【主办单位：西湖区文化和旅游局】'
    expect_copy(brief, lexicon, title='茶香留客 明年再会', subtitle='感谢3万游客与我们共度春天', body='主办单位：西湖区文化和旅游局')
