"""Copy extraction for the round-70/71 ways of writing a brief (outside writers' archery club, natural history museum,
credit card app, sleep clinic, botanical garden, kitchenware brand …): a one-word label misspelt by a common typo
(headlin:, Headlne:), 语音转写： as what the text is (its 写： brings no copy), Footer note: as the fine print, and a
line of "and a" that only leads into the next label's phrase; and (rounds 72–73) tiny text under button:, a twist
of lemon, "wants the button to say … instead", | 备注（印在底部） |, 你就写'…', 社区活动中心; (rounds 74–75) 辅文案, free gold, 文案你们写，别太长; (rounds 76–77) no added sugar, 小子：, 【Campaign】, "make the line below …".

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_misspelt_label(lexicon: BriefLexicon) -> None:
    brief = 'campaign: private lessons\nheadlin: Master Your Form\nsubhead: 1-on-1 coaching\nbutton: Book Your First Lesson'
    expect_copy(brief, lexicon, title='Master Your Form', subtitle='1-on-1 coaching', cta='Book Your First Lesson')
    brief = 'Volunteer poster:\n- Headlne: Grow With Us\n- Subhead: Volunteer 4 hours a month\n- CTA: Apply to Volunteer'
    expect_copy(brief, lexicon, title='Grow With Us', subtitle='Volunteer 4 hours a month', cta='Apply to Volunteer')
    # a word of its own one letter away from a label is no label (Reading: is not Heading:)
    assert copy_fields('Reading: Grow With Us\nButton: Go', lexicon)["title"] is None


def test_a_transcribed_voice_note(lexicon: BriefLexicon) -> None:
    brief = '语音转写：小林你好，那个昆虫展的海报啊，标题写“一万种昆虫的秘密”，副标题写“标本展+活体互动区”，按钮写“查看展讯”，就这些。'
    expect_copy(brief, lexicon, title='一万种昆虫的秘密', subtitle='标本展+活体互动区', cta='查看展讯')
    brief = '语音转写：就是那个安全驾驶的弹窗哈，标题写安全驾驶 从系好安全带开始，按钮写我知道了，别的没有了。'
    expect_copy(brief, lexicon, title='安全驾驶 从系好安全带开始', cta='我知道了')
    # 写： still brings the words after it
    assert copy_fields('弹窗文案，标题写：秋季上新', lexicon)["title"] == '秋季上新'


def test_footer_note(lexicon: BriefLexicon) -> None:
    brief = '1. Headline: Sleep Without Pills\n2. CTA: Take the Sleep Quiz\n3. Footer note: Results vary. Not medical advice.'
    assert copy_fields(brief, lexicon)["body"] == 'Results vary. Not medical advice.'


def test_a_line_leading_into_the_next_label(lexicon: BriefLexicon) -> None:
    brief = ('Hi Priya, for the wedding registry banner:\n"Start Your Kitchen Together"\n'
             '"Get 15% off everything left on your registry"\nand a button that says "Create Registry"\nsoft blush + cream')
    expect_copy(brief, lexicon, title='Start Your Kitchen Together',
                subtitle='Get 15% off everything left on your registry', cta='Create Registry')


# Rounds 72–73


def test_tiny_text_under_the_button(lexicon: BriefLexicon) -> None:
    brief = ('headline: Land Interviews 2x Faster\nbutton: Try Pro Free for 7 Days\n'
             'tiny text under button: Cancel anytime. Billed $9.99/mo after trial.\nuse the purple gradient pls')
    assert copy_fields(brief, lexicon)["body"] == 'Cancel anytime. Billed $9.99/mo after trial.'


def test_a_measure_of_a_fruit_is_no_colour(lexicon: BriefLexicon) -> None:
    brief = 'Title: The Plum Spritz\nSubtitle: 2 parts plum wine, 1 part soda, a twist of lemon\nCTA: See More Recipes'
    assert copy_fields(brief, lexicon)["subtitle"] == '2 parts plum wine, 1 part soda, a twist of lemon'
    assert copy_fields('Subtitle: Summer Spritz, a touch of gold', lexicon)["subtitle"] == 'Summer Spritz'


def test_wanted_to_say_instead(lexicon: BriefLexicon) -> None:
    brief = ('Title: Gift Something Sweeter\nButton: Shop Gifts\n'
             'Oh wait, marketing wants the button to say "Shop Gift Sets" instead. Everything else stays.')
    assert copy_fields(brief, lexicon)["cta"] == 'Shop Gift Sets'


def test_a_printed_note_cell(lexicon: BriefLexicon) -> None:
    brief = '| 项目 | 文案 |\n|---|---|\n| 大标题 | 登上真飞机 |\n| 备注（印在底部） | 每日限200人，需实名预约 |'
    assert copy_fields(brief, lexicon)["body"] == '每日限200人，需实名预约'
    # a note for the designer stays off the poster
    assert copy_fields('| 大标题 | 登上真飞机 |\n| 备注（给设计） | 字大一点 |', lexicon)["body"] is None


def test_single_quotes_after_a_chinese_verb(lexicon: BriefLexicon) -> None:
    brief = "那个情人节的海报，你就写'爱情需要一杆进洞'，就是大标题啊，然后副标题写'情侣双人票 第二张半价'，海报不用按钮"
    expect_copy(brief, lexicon, title='爱情需要一杆进洞', subtitle='情侣双人票 第二张半价')


def test_a_community_centre_is_no_campaign(lexicon: BriefLexicon) -> None:
    brief = '标题：冬至大如年 一起包饺子\n副标题：12月21日 社区活动中心\n海报不用按钮，暖橙色调'
    assert copy_fields(brief, lexicon)["subtitle"] == '12月21日 社区活动中心'
    assert copy_fields('标题：冬至大如年 中秋活动', lexicon)["title"] == '冬至大如年'


# Rounds 74–75


def test_secondary_copy_label(lexicon: BriefLexicon) -> None:
    brief = '- 类型：开屏海报\n- 主文案：AI模拟面试上线 面试不再慌\n- 辅文案：真实题库 · 实时打分 · 逐句点评\n- 按钮：免费体验'
    expect_copy(brief, lexicon, title='AI模拟面试上线 面试不再慌', subtitle='真实题库 · 实时打分 · 逐句点评', cta='免费体验')


def test_gold_the_metal(lexicon: BriefLexicon) -> None:
    brief = 'Title: 邀好友存金 各得0.1克\nSubtitle: Invite friends, both get free gold\nCTA: 立即邀请'
    assert copy_fields(brief, lexicon)["subtitle"] == 'Invite friends, both get free gold'
    assert copy_fields('Title: Big Sale, gold', lexicon)["title"] == 'Big Sale'


def test_the_designer_asked_to_write_then_told_how(lexicon: BriefLexicon) -> None:
    brief = '国庆出行高峰，想出个提醒大家提前预约车位的APP弹窗，简洁点，用地图和车位图标就行，文案你们写，别太长'
    expect_copy(brief, lexicon)
    assert copy_fields('标题你就写，春季上新', lexicon)["title"] == '春季上新'


# Rounds 76–77


def test_made_without(lexicon: BriefLexicon) -> None:
    brief = 'Headline: Hydrate Like Nature Intended\nSub: Natural electrolytes, no added sugar\nButton: Shop Now'
    assert copy_fields(brief, lexicon)["subtitle"] == 'Natural electrolytes, no added sugar'


def test_fine_print_label_mistyped(lexicon: BriefLexicon) -> None:
    brief = '1、标题：买地毯，送地垫\n2、副标题：单笔满2000元即送入户地垫1张\n3、按纽：到店领取\n4、小子：赠品数量有限，送完即止'
    assert copy_fields(brief, lexicon)["body"] == '赠品数量有限，送完即止'
    assert copy_fields('标题：新品上市\n这小子真能吃', lexicon)["body"] is None


def test_campaign_tag(lexicon: BriefLexicon) -> None:
    brief = '【Campaign】Oatie 秋冬限定\n【标题】Hot Oat Latte 热燕麦拿铁季\n【副标题】秋冬限定 · 黑糖燕麦奶\n【按钮】Shop Now'
    expect_copy(brief, lexicon, title='Hot Oat Latte 热燕麦拿铁季', subtitle='秋冬限定 · 黑糖燕麦奶', cta='Shop Now')


def test_the_line_below_changed(lexicon: BriefLexicon) -> None:
    brief = ('For the entrance banner: "Welcome to Sakura Hill Park" big, and below it "Please don\'t pick the flowers". '
             'Hmm actually make the line below "Please enjoy the blossoms with your eyes, not your hands". Thanks!')
    expect_copy(brief, lexicon, title='Welcome to Sakura Hill Park',
                subtitle='Please enjoy the blossoms with your eyes, not your hands')
