"""Copy extraction for the round-59 to round-61 ways of writing a brief (outside writers' sushi bar, home cleaning,
kids' swimming, sneaker resale, solar panels, radio station, karaoke, mattresses, a government service app and a theme
hotel; hot pot, e-books, a photo studio, camper vans, a password manager, hearing aids, a board game café, pharmacies,
an airline lounge and a charity fundraiser; ramen, a job fair, kids' art, an optician, a city marathon …): 图片仅供参考 told as the fine print, a voice note's 标题用 A 副标题用 B with
blanks for commas, a show's 《name》 glued to the rest of its headline (每晚十点 is a time, not "make it bigger"), and
the selling point a brief wants conveyed (想传达…这个卖点), which is no copy; 就这几个 signs a voice note off, and 请市民… asks
the poster's readers, not the designer.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_the_picture_disclaimer_is_fine_print(lexicon: BriefLexicon) -> None:
    brief = '语音：标题就写 冬日火锅季 副标题写 肥牛拼盘第二份半价 下面小字写 图片仅供参考 请以实物为准 就这样'
    expect_copy(brief, lexicon, title='冬日火锅季', subtitle='肥牛拼盘第二份半价', body='图片仅供参考 请以实物为准')
    # a remark about the pictures is still the designer's
    assert copy_fields('标题：冬日火锅季\n图片放右边，大一点', lexicon)["body"] is None


def test_values_after_yong_end_at_the_next_label(lexicon: BriefLexicon) -> None:
    brief = '（语音）那个开学弹窗 标题用 游泳课开学啦 副标题用 小班教学 每班六人 按钮就写 马上报名 嗯 就这些'
    expect_copy(brief, lexicon, title='游泳课开学啦', subtitle='小班教学 每班六人', cta='马上报名')
    # 用 before a colour stays an instruction
    assert copy_fields('标题用 红色 副标题用 小班教学', lexicon)["title"] is None


def test_a_quoted_show_name_opening_the_headline(lexicon: BriefLexicon) -> None:
    fields = copy_fields('标题：《午夜电台》每晚十点\n副标题：陪你到天亮\n按钮：收听', lexicon)
    assert fields["title"] == '《午夜电台》每晚十点'
    # 大一点 after a headline is still how it looks
    assert copy_fields('标题：午夜电台\n标题大一点', lexicon)["title"] == '午夜电台'


def test_a_selling_point_to_convey_is_no_copy(lexicon: BriefLexicon) -> None:
    brief = '新款床垫预热海报，文案你们定，主要想传达透气不闷热这个卖点，画面干净一点。'
    assert copy_fields(brief, lexicon)["subtitle"] is None
    # the selling point given as the line is copy
    assert copy_fields('新款床垫海报\n「透气不闷热」这个是卖点', lexicon)["subtitle"] == '透气不闷热'


def test_a_voice_note_signed_off_with_jiu_zhe_ji_ge(lexicon: BriefLexicon) -> None:
    brief = '（语音）你就写个大标题叫夏日拉面节，副标题写加面免费，按钮写马上去吃，就这几个，然后底色用米色'
    expect_copy(brief, lexicon, title='夏日拉面节', subtitle='加面免费', cta='马上去吃')


def test_a_request_of_the_readers_is_copy(lexicon: BriefLexicon) -> None:
    brief = '标题就写马拉松当天道路封闭，然后副标题写请广大车主提前绕行，不要按钮'
    expect_copy(brief, lexicon, title='马拉松当天道路封闭', subtitle='请广大车主提前绕行')
    # a request of the designer stays a remark
    assert copy_fields('标题：马拉松当天道路封闭\n请把标题放大一点', lexicon)["subtitle"] is None
