"""Copy extraction for the round-21 ways of writing a brief (issue 16): a product's model name after a bare label
(X9 Pro), a style named with 风 after the copy, quotes listed after "don't write", the kind of line named before its
quote (the question '…'), a footnote line under the copy, a tagline that is the only line, 副 between blanks in a run
of bare labels, a label that points back at the words before it (标题就用这个), options written unquoted on one line
and the one picked, a line added at the bottom (底部加一行 …), words written "in the small print below", a notice's
paragraph among copy lines, copy lines that open the brief above a labelled button, and a quote placed "below" the
line before it.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- a model name is no poster count
def test_a_model_name_after_a_bare_label_is_copy(lexicon: BriefLexicon) -> None:
    # X9 Pro, X200 Ultra: a letter and a number before a capitalised word name a product, not "x3" posters
    expect_copy("耳机上新\n标题 X5 Max 降噪旗舰\n按钮 立即抢购", lexicon, title="X5 Max 降噪旗舰", cta="立即抢购")
    expect_copy("标题 X200 Ultra 影像旗舰，按钮 去看看", lexicon, title="X200 Ultra 影像旗舰", cta="去看看")
    # x3 on its own still counts the posters
    got = copy_fields("标题：开学季，海报 x3", lexicon)
    assert got["title"] == "开学季"


# ---------------------------------------------------------------------------- a style named with 风
def test_a_style_with_feng_after_the_copy_ends_it(lexicon: BriefLexicon) -> None:
    # …，蒸汽波风 / 复古风: the look to draw in, not more of the button or the headline
    got = copy_fields("电竞周 banner，标题 Level Up，按钮 Join Now，蒸汽波风", lexicon)
    assert got["cta"] == "Join Now"
    got = copy_fields("标题：国货节 好物上新，复古港风", lexicon)
    assert got["title"] == "国货节 好物上新"
    # a word that ends in 风 is copy: the season's wind, or a value's first words
    assert copy_fields("标题：十里春风，不如你", lexicon)["title"] == "十里春风，不如你"
    assert copy_fields("标题：夏日海岛风", lexicon)["title"] == "夏日海岛风"


# ---------------------------------------------------------------------------- quotes listed after "don't write"
def test_every_quote_listed_after_an_avoid_verb_stays_off(lexicon: BriefLexicon) -> None:
    # 不要写“A”“B” / avoid 'A' or 'B': each quote of the list is a word to keep off the poster
    got = copy_fields("标题：年货节 / 按钮：去囤货 / 不要写“史上最低”、“第一品牌”，违反广告法", lexicon)
    assert got["title"] == "年货节" and got["subtitle"] is None and got["body"] is None
    got = copy_fields("Headline 'Spring Clean Sale'. Avoid 'cheap' or 'budget' please.", lexicon)
    assert got["title"] == "Spring Clean Sale" and got["subtitle"] is None
    # a quote after a full stop is copy again
    got = copy_fields("不要写“最低价”。标题“好物节”，副标题“满199减20”", lexicon)
    assert got["title"] == "好物节" and got["subtitle"] == "满199减20"


# ---------------------------------------------------------------------------- the kind of line before its quote
def test_the_kind_of_line_named_before_its_quote_is_left_out(lexicon: BriefLexicon) -> None:
    # Headline should be the question '…' / the headline is the pun "…": the copy is the quote
    expect_copy("Headline should be the question 'Ready for a real break?' and the button 'See trips'", lexicon,
                title="Ready for a real break?", cta="See trips")
    got = copy_fields('The headline is the pun "Brew-tiful Mornings", button: Order now', lexicon)
    assert got["title"] == "Brew-tiful Mornings" and got["cta"] == "Order now"
    # a capitalised headline after the connector is copy as written
    assert copy_fields("Headline should be The Big Question", lexicon)["title"] == "The Big Question"


# ---------------------------------------------------------------------------- a footnote line under the copy
def test_a_line_opening_with_a_footnote_mark_is_the_fine_print(lexicon: BriefLexicon) -> None:
    # *需年满18周岁 / ※部分门店除外: a line of its own under the copy, its mark printed too
    expect_copy("文案：新人专享福利\n首单立减30元\n按钮 立即领取\n*需年满18周岁\n周五前给我", lexicon,
                title="新人专享福利", subtitle="首单立减30元", cta="立即领取", body="*需年满18周岁")
    got = copy_fields("标题：周末特惠\n按钮：去看看\n※部分门店除外", lexicon)
    assert got["body"] == "※部分门店除外"
    # a bullet (* and a blank) is a list, and a footnote line that talks about the design is the brief's
    assert copy_fields("标题：周末特惠\n* 背景用红色", lexicon)["body"] is None
    assert copy_fields("标题：周末特惠\n*尺寸1080x1920", lexicon)["body"] is None


# ---------------------------------------------------------------------------- a tagline alone
def test_a_tagline_that_is_the_only_line_is_the_headline(lexicon: BriefLexicon) -> None:
    # Just the tagline "…": no headline sits above it, so it is the poster's headline
    expect_copy('Bakery poster, A2. Just the tagline "Baked before you woke." Soft pastels.', lexicon,
                title="Baked before you woke.")
    # with a headline or a button beside it, the tagline stays the line under the headline
    got = copy_fields('Headline: Morning Rituals. Tagline: "Baked before you woke."', lexicon)
    assert got["title"] == "Morning Rituals" and got["subtitle"] == "Baked before you woke."
    got = copy_fields('the tagline reads "Baked before you woke." and the CTA is "Order ahead"', lexicon)
    assert got["title"] is None and got["subtitle"] == "Baked before you woke."


# ---------------------------------------------------------------------------- 副 in a run of bare labels
def test_a_short_label_between_blanks_in_a_run_of_bare_labels(lexicon: BriefLexicon) -> None:
    # 标题 A 副 B 按钮 C: labels set off by blanks alone, 副标题 shortened to 副
    expect_copy("瑜伽馆 标题 呼吸之间 副 新客首月99元 按钮 预约体验 清新一点", lexicon,
                title="呼吸之间", subtitle="新客首月99元", cta="预约体验")
    # glued to a word, 副 starts another word; after a colon-labelled title it is no label either
    got = copy_fields("标题：副业季 按钮：去看看", lexicon)
    assert got["title"] == "副业季" and got["subtitle"] is None
    got = copy_fields("标题：呼吸之间 副 新客首月99元", lexicon)
    assert got["subtitle"] is None


# ---------------------------------------------------------------------------- a label pointing back
def test_a_label_that_points_back_at_the_words_before_it(lexicon: BriefLexicon) -> None:
    # 满50减10，标题就用这个 / 新人专享1元购，标题用这句: the field's words are the clause just before the label
    expect_copy("外卖弹窗，满50减10，标题就用这个，按钮写“去点餐”", lexicon, title="满50减10", cta="去点餐")
    got = copy_fields("新人专享1元购，主标题用这句。按钮：去抢", lexicon)
    assert got["title"] == "新人专享1元购" and got["cta"] == "去抢"
    # 这个 before more words names a thing (这个颜色), and 用这个： brings the copy after its colon
    assert copy_fields("满50减10，标题用这个颜色", lexicon)["title"] is None
    assert copy_fields("标题用这个：夏日冰饮节", lexicon)["title"] == "夏日冰饮节"


# ---------------------------------------------------------------------------- options written unquoted
def test_unquoted_options_on_one_line_and_the_one_picked(lexicon: BriefLexicon) -> None:
    # 标题三个备选：A. … B. … C. … 就用C / Headline options: 1) … 2) …. We picked 1.
    got = copy_fields("标题三个备选：A. 春日限定 B. 樱花季 C. 粉色心情 运营说就用C。按钮：去看看", lexicon)
    assert got["title"] == "粉色心情" and got["cta"] == "去看看"
    got = copy_fields("Headline options: 1) Fresh Starts Here 2) New Year, New Gear. The team picked option 1. "
                      "Button: Shop now", lexicon)
    assert got["title"] == "Fresh Starts Here" and got["cta"] == "Shop now"
    # with no pick, the first option
    assert copy_fields("标题备选：A. 春日限定 B. 樱花季。按钮：去看看", lexicon)["title"] == "春日限定"
    # a numbered list no words call options is a body of its own lines
    got = copy_fields("标题：新版本来了\n正文：1. 新增夜间模式；2. 修复闪退问题", lexicon)
    assert got["body"] == "1. 新增夜间模式；2. 修复闪退问题"


# ---------------------------------------------------------------------------- a line added at the bottom
def test_a_line_added_at_the_bottom_is_the_fine_print(lexicon: BriefLexicon) -> None:
    # 底部加一行 … / 最下面再加一句小字：…: the words after it are the body
    expect_copy("会员日海报 标题 会员专享日 按钮 立即开通 底部加一行 活动时间：8月8日-8月10日", lexicon,
                title="会员专享日", cta="立即开通", body="活动时间：8月8日-8月10日")
    got = copy_fields("标题：周年庆\n最底部再加一句小字：本活动最终解释权归本店所有", lexicon)
    assert got["body"] == "本活动最终解释权归本店所有"
    # a thing put there is no copy
    assert copy_fields("标题：周年庆\n底部加一行二维码", lexicon)["body"] is None


# ---------------------------------------------------------------------------- written in the small print below
def test_words_written_in_the_small_print_below(lexicon: BriefLexicon) -> None:
    # …，有效期3天写在下面小字 / 限堂食印在底部小字: the words before are the fine print
    expect_copy('咖啡券弹窗 "送你2张咖啡券" "第二杯半价" 按钮 "马上领取" 有效期3天写在下面小字', lexicon,
                title="送你2张咖啡券", subtitle="第二杯半价", cta="马上领取", body="有效期3天")
    got = copy_fields("标题：早餐节，按钮：去看看，限堂食印在底部小字", lexicon)
    assert got["body"] == "限堂食" and got["cta"] == "去看看"
    # 大字写… 小字写…: positions on the poster, as before
    got = copy_fields("上面大字写“早安”，下面小字写“一日之计在于晨”", lexicon)
    assert got["title"] == "早安" and got["subtitle"] == "一日之计在于晨"


# ---------------------------------------------------------------------------- a notice's paragraph
def test_a_paragraph_among_copy_lines_is_the_body(lexicon: BriefLexicon) -> None:
    # 【停水通知】⏎因管道检修，本小区将于…停水，请提前储水，给您带来不便敬请谅解。: the notice's text
    expect_copy("物业公告弹窗：\n【停水通知】\n因管道检修，本小区将于6月8日 9:00-18:00停水，请提前储水，给您带来不便敬请谅解。\n"
                "按钮：我知道了", lexicon,
                title="停水通知", cta="我知道了",
                body="因管道检修，本小区将于6月8日 9:00-18:00停水，请提前储水，给您带来不便敬请谅解。")
    # a short line under the title is its subtitle
    got = copy_fields("开业海报：\n盛大开业\n全场饮品买一送一，仅限三天\n按钮：导航到店", lexicon)
    assert got["subtitle"] == "全场饮品买一送一，仅限三天" and got["body"] is None


# ---------------------------------------------------------------------------- copy lines above the button
def test_copy_lines_that_open_the_brief_above_a_labelled_button(lexicon: BriefLexicon) -> None:
    # the brief opens with its copy, one a line, and labels only the button under them
    expect_copy("父亲节快乐\n把爱说给他听\n按钮：去选礼物\n深蓝色，稳重", lexicon,
                title="父亲节快乐", subtitle="把爱说给他听", cta="去选礼物")
    # a first line that names the job or asks for it is the brief's, not the headline
    got = copy_fields("父亲节的弹窗麻烦做下\n全场满200减30\n按钮：去选礼物", lexicon)
    assert got["title"] is None and got["subtitle"] == "全场满200减30"
    got = copy_fields("明早要的父亲节弹窗\n全场满200减30\n按钮：去选礼物", lexicon)
    assert got["title"] is None


# ---------------------------------------------------------------------------- a quote placed below the line before
def test_a_quote_placed_below_the_line_before_it(lexicon: BriefLexicon) -> None:
    # …: HOT SOUP IS BACK, below it 'Every day from 11am': the line is the headline, the quote under it the subtitle
    expect_copy("sign for the counter: HOT SOUP IS BACK, below it 'Every day from 11am'. no button", lexicon,
                title="HOT SOUP IS BACK", subtitle="Every day from 11am")
    # a design remark before the placement is no headline
    got = copy_fields("poster for the window: use a red background, below it 'Every day from 11am'", lexicon)
    assert got["title"] != "use a red background"
