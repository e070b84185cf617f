"""Copy extraction for the round-86–91 ways of writing a brief (outside writers' tile clearance, digital pianos,
paragliding school, mattress outlet, hotpot buffet, curtain shop …): a voice note's "Top line, big, '…'. Under that,
'…'. And small at the bottom, '…'", a label said with a comma for its colon ("Subline, Digital pianos…", ", and the
button, Buy a Voucher."), a label with no colon heading its line (Fine print  One code per email address.), a slogan
that needs a thing (你的琴，需要一次SPA), a ticket key after # (【需求单 #PG-102】), an arrow's change with a colon
("→ oops typo, make it: …"), 具体文字你们帮忙想想 and a table's 角标小字; (rounds 92–93) 按钮就 预约检测 吧, 按钮 在线报名,
"voice memo → text:", 哎改一下，副标题写「…」 and 文案你们先…写一版给我看; (rounds 94–95) "Copy — just go with whatever feels
right", "Button: (none — …)", 需求标题：, "– no paperwork for you" and 把“…”放到最下面当小字; (rounds 96–97) "tiny txt under QR:",
“…”这个做大标题, ", and the button, uh, …" and 就是贴在景区门口的; (rounds 98–99) "马上报名... yeah and …" and
还是用回原来的标题吧; (rounds 100–101) "the button, um, the button should say …", "Small print at the bottom says …",
"— and that's it", 主标题也改成「…」, 按键 and 文案随意; (rounds 102–103) Ms. / Dr. inside a title.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_voice_note_quotes_each_place(lexicon: BriefLexicon) -> None:
    brief = ('Voice memo, transcribed:\n"OK, the window poster. Top line, big, \'WINTER COATS HALF PRICE\'. Under that, '
             "'Sizes XS to XXL, while they last'. No button. And small at the bottom, 'Open daily 10–7'.\"")
    expect_copy(brief, lexicon, title='WINTER COATS HALF PRICE', subtitle='Sizes XS to XXL, while they last',
                body='Open daily 10–7')
    # a place before a quote without its comma stays for the brief's later words on "the line below"
    brief = ('For the gate banner: "Welcome to Maple Hill" big, and below it "Mind the steps". Actually make the line '
             'below "Watch your step on the old stairs". Thanks!')
    fields = copy_fields(brief, lexicon)
    assert fields["title"] == 'Welcome to Maple Hill' and fields["subtitle"] == 'Watch your step on the old stairs'
    assert fields["body"] is None


def test_a_label_said_with_a_comma(lexicon: BriefLexicon) -> None:
    brief = ("Voice memo (transcribed): Hi, it's Tom. For the bike banner, headline should say Ride Further, Every Day. "
             'Subline, E-bikes from $39 a month with free servicing. Button says See E-Bikes. Thanks.')
    expect_copy(brief, lexicon, title='Ride Further, Every Day', subtitle='E-bikes from $39 a month with free servicing',
                cta='See E-Bikes')
    brief = ('Voice memo transcript: so for the voucher poster, big line should say Give the Gift of Calm, then under '
             'it, Spa day vouchers valid for a year, and the button, Buy a Voucher. make it feel soft, lilac maybe.')
    expect_copy(brief, lexicon, title='Give the Gift of Calm', subtitle='Spa day vouchers valid for a year',
                cta='Buy a Voucher')
    # a list of the fields is no label with its copy
    brief = 'Popup please. Headline, Subtitle, CTA below.\nHeadline: Go Further\nSubtitle: Ride more\nCTA: Book'
    expect_copy(brief, lexicon, title='Go Further', subtitle='Ride more', cta='Book')


def test_a_bare_label_heads_its_line(lexicon: BriefLexicon) -> None:
    brief = ('Popup for the newsletter\nTitle  Get 15% Off Today\nSubtitle  Fresh drops every Friday\nCTA  Join Now\n'
             'Fine print  One code per customer.\nsoft grey background')
    expect_copy(brief, lexicon, title='Get 15% Off Today', subtitle='Fresh drops every Friday', cta='Join Now',
                body='One code per customer.')


def test_a_slogan_that_needs_a_thing(lexicon: BriefLexicon) -> None:
    brief = '标题：你的车，需要一次SPA\n副标题：免费洗车 + 内饰清洁\n按钮：马上预约'
    expect_copy(brief, lexicon, title='你的车，需要一次SPA', subtitle='免费洗车 + 内饰清洁', cta='马上预约')
    brief = '标题：你的肩膀，需要一次放松\n按钮：立即预约'
    assert copy_fields(brief, lexicon)["title"] == '你的肩膀，需要一次放松'
    # needing a poster, a banner or a look is the designer's
    assert copy_fields('标题：夏日狂欢，需要一个banner\n按钮：去看看', lexicon)["title"] == '夏日狂欢'
    assert copy_fields('标题：夏日狂欢，需要一个高级感\n按钮：去看看', lexicon)["title"] == '夏日狂欢'


def test_a_ticket_key_after_its_hash(lexicon: BriefLexicon) -> None:
    brief = '【需求单 #MK-215】APP首页banner\n主标题：秋季班开课\n副标题：零基础 14天学会\n按钮文案：立即报名\n对接人：小林'
    expect_copy(brief, lexicon, title='秋季班开课', subtitle='零基础 14天学会', cta='立即报名')


def test_an_arrows_change_with_a_colon(lexicon: BriefLexicon) -> None:
    brief = ('Need a popup today\nheadline: Pilow Week is Here → oops typo, make it: Pillow Week is Here\n'
             'sub: Every pillow ships free\nbutton: See Deals')
    expect_copy(brief, lexicon, title='Pillow Week is Here', subtitle='Every pillow ships free', cta='See Deals')
    # an arrow with no change after it is part of the copy
    brief = 'headline: Old Price → New Price\nbutton: Shop'
    assert copy_fields(brief, lexicon)["title"] == 'Old Price → New Price'


def test_words_left_to_the_designer(lexicon: BriefLexicon) -> None:
    brief = '需要一张药房的海报，主题是流感预防，插画风格，内容就是提醒大家勤洗手，具体文字你们帮忙想想，A3尺寸'
    expect_copy(brief, lexicon)
    brief = '做个弹窗，主题是秋冬养生，文案你们自由发挥，暖色调'
    expect_copy(brief, lexicon)


def test_a_corner_badges_small_words(lexicon: BriefLexicon) -> None:
    brief = ('| 位置 | 文案 |\n|---|---|\n| 主标题 | 羊肉自由日 |\n| 副标题 | 鲜羊肉不限量 每周三限定 |\n| 按钮 | 去预约 |\n'
             '| 角标小字 | 需提前一天预约，名额有限 |\n背景用暖色')
    expect_copy(brief, lexicon, title='羊肉自由日', subtitle='鲜羊肉不限量 每周三限定', cta='去预约',
                body='需提前一天预约，名额有限')


def test_rounds_92_93_spoken_and_bare_forms(lexicon: BriefLexicon) -> None:
    # a voice note's 就 and its pause before the button's words (就这样吧 stays the speaker's)
    brief = '（语音转写）那个弹窗啊，标题用 老琴焕新专场，副标题 老琴交给老师傅，按钮就 预约检测 吧，背景要木纹'
    expect_copy(brief, lexicon, title='老琴焕新专场', subtitle='老琴交给老师傅', cta='预约检测')
    assert copy_fields('标题就 这样吧\n按钮：去看看', lexicon)["title"] is None
    # 在线 is online, no place on the poster
    brief = '考级通知banner\n标题 钢琴考级报名开始啦\n副标题 报名截止6月30日\n按钮 在线报名\n尺寸1080x400'
    expect_copy(brief, lexicon, title='钢琴考级报名开始啦', subtitle='报名截止6月30日', cta='在线报名')
    # "voice memo → text:" says what the brief is; its "text" is no label
    brief = ('voice memo → text: okay for the popup, title "Moonlight Yoga", subtitle "Stretch under the stars", '
             'button "Join Now". thanks bye')
    expect_copy(brief, lexicon, title='Moonlight Yoga', subtitle='Stretch under the stars', cta='Join Now')


def test_rounds_92_93_changes_and_drafts(lexicon: BriefLexicon) -> None:
    # a voice's 哎 before the change lead
    brief = '小程序弹窗：\n标题：亲子游园季\n副标题：儿童免费入园\n按钮：立即预订\n哎改一下，副标题写「1.4米以下儿童免费入园」'
    expect_copy(brief, lexicon, title='亲子游园季', subtitle='1.4米以下儿童免费入园', cta='立即预订')
    # a draft asked of the designer is no copy
    brief = '下个月建材展要一张展位海报，2米x3米，放新品图，主色用墨绿，文案你们先按产品卖点写一版给我看'
    expect_copy(brief, lexicon)


def test_rounds_94_95_words_left_to_the_designer(lexicon: BriefLexicon) -> None:
    brief = ("Can you make a poster for the bakery's 3rd birthday? Warm colors, photo of the ovens. Copy — just go with "
             'whatever feels right, I trust you. Size 18x24.')
    expect_copy(brief, lexicon)
    expect_copy('Poster for the market stall. Copy: whatever you think works, keep it short. Kraft look.', lexicon)
    # a headline that says "whatever" is copy
    expect_copy('Headline: Whatever You Need\nButton: Shop', lexicon, title='Whatever You Need', cta='Shop')
    # the whole answer in brackets refuses the button
    brief = ('Title: Do You Grind Your Teeth?\nButton: (none — it\'s a poster, use a QR code instead)\n'
             'Footnote: A screening is not a diagnosis.')
    expect_copy(brief, lexicon, title='Do You Grind Your Teeth?', body='A screening is not a diagnosis.')


def test_rounds_94_95_tickets_facts_and_places(lexicon: BriefLexicon) -> None:
    # the ticket's own title is what the job is called
    brief = ('【需求单】OPS-118\n需求标题：早餐店会员弹窗\n描述：\n- 主文案：办会员 每周一豆浆半价\n- 副文案：充值50送10\n'
             '- 按钮：立即开通\n优先级：低')
    expect_copy(brief, lexicon, title='办会员 每周一豆浆半价', subtitle='充值50送10', cta='立即开通')
    # what the reader is spared, the reader named after it
    brief = 'Headline: Insurance Accepted Here\nSubheadline: We bill your insurer directly – no paperwork for you\nCTA: See Plans'
    expect_copy(brief, lexicon, title='Insurance Accepted Here',
                subtitle='We bill your insurer directly – no paperwork for you', cta='See Plans')
    # the quote moved to a place and what it serves as there
    brief = ('夏季新品海报\n主标题：“白桃乌龙冷泡茶”\n副标题：“夏日限定 冰镇更好喝”\n按钮：“尝鲜价8.8”\n'
             '不对不对，海报不要按钮，把“尝鲜价8.8”放到最下面当小字')
    expect_copy(brief, lexicon, title='白桃乌龙冷泡茶', subtitle='夏日限定 冰镇更好喝', body='尝鲜价8.8')


def test_rounds_96_97_places_pointers_and_fillers(lexicon: BriefLexicon) -> None:
    # where the fine print sits beside the QR code, between its label and its colon
    brief = ('Poster for the market booth:\n• headline — Taste of Sichuan\n• QR code bottom right, no button\n'
             '• tiny txt under QR: Scan to follow us for 10% off\ncolors: red + gold')
    expect_copy(brief, lexicon, title='Taste of Sichuan', body='Scan to follow us for 10% off')
    # the quote, a pointer at it, then the field it serves as
    brief = '在吗 漂流季收官弹窗\n“最后一期！错过等明年”这个做大标题\n下面一行副标题放“9月30日 最后一团”\n按钮写“立即报名”'
    expect_copy(brief, lexicon, title='最后一期！错过等明年', subtitle='9月30日 最后一团', cta='立即报名')
    # a voice note's filler between the spoken label and its words
    brief = ('Voice memo (transcribed): so for the yoga poster the headline should say Stretch at Sunrise, then the line '
             'under it is Morning flow in 12 studios, and the button, uh, Book a Mat. Thanks')
    expect_copy(brief, lexicon, title='Stretch at Sunrise', subtitle='Morning flow in 12 studios', cta='Book a Mat')
    # where the poster goes up is no copy (a line that says where a thing is pasted is)
    brief = '语音转写：嗯，那个开幕式的海报，主标题写金秋丰收季，副标题写前100名游客送苹果，就是贴在景区门口的，不用按钮'
    expect_copy(brief, lexicon, title='金秋丰收季', subtitle='前100名游客送苹果')
    assert copy_fields('标题：福字贴在门上 好运进家门\n按钮：领福字', lexicon)["title"] == '福字贴在门上 好运进家门'


def test_rounds_98_99_a_pause_and_a_field_sent_back(lexicon: BriefLexicon) -> None:
    # after a pause (...) the speaker goes on: the dots are no part of the button
    brief = ('[voice memo] ok so the poster for the kids swim camp, headline is 小小游泳家夏令营, then underneath put '
             '5-12岁 专业教练1对4, and the button says 马上报名... yeah and put some cartoon fish on it, thanks')
    expect_copy(brief, lexicon, title='小小游泳家夏令营', subtitle='5-12岁 专业教练1对4', cta='马上报名')
    # the title sent back to the words it had first
    brief = ('家政招募banner：\n标题：时间自由，兼职也能赚钱\n副标题：时薪35元起，周结\n按钮：立即加入\n'
             '哦对了，标题改成「时间灵活，月入过万不是梦」\n等等还是用回原来的标题吧，只改按钮，按钮改成“申请成为家政师”')
    expect_copy(brief, lexicon, title='时间自由，兼职也能赚钱', subtitle='时薪35元起，周结', cta='申请成为家政师')
    # sent back with the words given again: those words
    brief = '标题：跟着兔子跑\n按钮：了解\n嗯…标题还是改回原来那版吧：「官方配速员 带你完赛」'
    assert copy_fields(brief, lexicon)["title"] == '官方配速员 带你完赛'


def test_rounds_100_101_repeats_keys_and_left_words(lexicon: BriefLexicon) -> None:
    # the label said again after a filler, with its verb; the fine print's "says"; "— and that's it"
    brief = ("(transcribed voice note) Hi, for the school trip poster — title is Field Trips Underwater, subtitle is "
             'Hands-on marine biology for grades 4 to 8, and the button, um, the button should say Book a Visit. Small '
             "print at the bottom says Group rates for 20+ students — and that's it, thanks!")
    expect_copy(brief, lexicon, title='Field Trips Underwater', subtitle='Hands-on marine biology for grades 4 to 8',
                cta='Book a Visit', body='Group rates for 20+ students')
    # the second field changed in the same breath (也改成)
    brief = '弹窗：\n主标题「第二件半价」\n按钮「马上抢」\n不对，按钮改成「立即下单」，主标题也改成「第二件5折」'
    expect_copy(brief, lexicon, title='第二件5折', cta='立即下单')
    # 按键 is the button
    brief = 'hi 亲，帮我出个banner\n大标题就写：百元券免费领\n小标题：三家超市都能用\n按键写：领取优惠券\n没别的了'
    expect_copy(brief, lexicon, title='百元券免费领', subtitle='三家超市都能用', cta='领取优惠券')
    # 文案随意 leaves the words to the designer
    expect_copy('我们要做一张窗帘的海报，暖色调。文案随意，你们看着写就行，尺寸A3竖版。', lexicon)


def test_a_titles_abbreviation_ends_no_sentence(lexicon: BriefLexicon) -> None:
    brief = ('Voice memo transcript: ok so for the popup, headline should say Learn Piano With Dr. Lee, then the line '
             'underneath, First Lesson Free, and the button, Book Trial. That\'s it, no small print.')
    expect_copy(brief, lexicon, title='Learn Piano With Dr. Lee', subtitle='First Lesson Free', cta='Book Trial')
