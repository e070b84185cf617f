"""Copy extraction for the round-57 and round-58 ways of writing a brief (outside writers' convenience stores,
meditation app, luggage, children's dentist, food court, stock photos, boxing gym, hair salon, wedding venue and battery
swaps; dessert shop, parcel lockers, art supplies, ski rental, health checks, a game publisher, tea, electric cars, used
cars and a library app): 副标题删掉不要了, a line of changes headed 改一下：, goods named like looks in a slash list
(水彩 / 油画 / 素描), and an arrow pointing back at "this sentence" (… ← 这句放按钮下面当小字) taking the whole line.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_field_taken_back_twice_over(lexicon: BriefLexicon) -> None:
    brief = ('AI生图功能上线弹窗：\n标题：「一句话 生成一张图」\n副标题：「AI生图功能全新上线」\n按钮：「马上试试」\n'
             '标题改成「输入一句话，AI帮你出图」\n副标题删掉不要了')
    expect_copy(brief, lexicon, title='输入一句话，AI帮你出图', cta='马上试试')


def test_a_line_of_changes(lexicon: BriefLexicon) -> None:
    brief = ('电子书上线弹窗\n标题：10万册电子书 免费借\n副标题：读者证登录即可阅读\n按钮：去看看\n'
             '改一下：按钮写「开始阅读」，标题改成「10万册电子书 随时免费借」')
    expect_copy(brief, lexicon, title='10万册电子书 随时免费借', subtitle='读者证登录即可阅读', cta='开始阅读')


def test_goods_named_like_looks_in_a_slash_list(lexicon: BriefLexicon) -> None:
    brief = '在吗 帮我做个开学季banner\n标题：开学画材季\n副标题：水彩 / 油画 / 素描 全场满200减30\n按钮：去选购\n谢谢亲'
    expect_copy(brief, lexicon, title='开学画材季', subtitle='水彩 / 油画 / 素描 全场满200减30', cta='去选购')
    # a look, then a remark to the designer, stays a remark
    assert copy_fields('标题：夏日特惠\n副标题：蓝色 / 要简约', lexicon)["subtitle"] == "蓝色"


def test_an_arrow_pointing_back_at_the_whole_sentence(lexicon: BriefLexicon) -> None:
    brief = ('🎮 预下载弹窗\n· 主标题：3.0版本 预下载开启\n· 副标题：提前下载 更新不用等\n· 按钮：立即下载\n'
             '· 安装包约2.3GB，建议WiFi环境下载 ← 这句放按钮下面当小字')
    expect_copy(brief, lexicon, title='3.0版本 预下载开启', subtitle='提前下载 更新不用等', cta='立即下载',
                body='安装包约2.3GB，建议WiFi环境下载')
    # pointing with "this one" the arrow takes the last clause only
    assert copy_fields('扫码投递，方便快捷 ← 这个放二维码旁边当按钮', lexicon)["cta"] == "方便快捷"


def test_a_voice_notes_labels_with_and_without_is(lexicon: BriefLexicon) -> None:
    brief = ("Transcribed voice note: hey so the free photo of the week banner, headline Free Photo of the Week, sub is "
             "Download this week's pick at no cost, button Download Free. oh wait no, make the button Get It Free. thanks")
    expect_copy(brief, lexicon, title='Free Photo of the Week', subtitle="Download this week's pick at no cost",
                cta='Get It Free')
    brief = ('Voice memo transcript: okay so for the Halloween poster, headline is No Tricks, Just Healthy Treats, and '
             'then the subline is Trade your candy for a prize on Nov 1st, no button since it\'s a poster, keep it spooky')
    expect_copy(brief, lexicon, title='No Tricks, Just Healthy Treats', subtitle='Trade your candy for a prize on Nov 1st')
    # "no" in lower case before a field is the brief's
    assert copy_fields('Title: Big Sale\nNo Button', lexicon)["cta"] is None


def test_a_prohibition_told_to_the_reader(lexicon: BriefLexicon) -> None:
    brief = '设计同学好，帮忙做个父母体检弹窗\n标题：给爸妈的体检 别再拖了\n副标题：父母套餐两人同行立减300元\n按钮：为父母预约'
    expect_copy(brief, lexicon, title='给爸妈的体检 别再拖了', subtitle='父母套餐两人同行立减300元', cta='为父母预约')
    assert copy_fields('类型：海报（馆内张贴）\n主标题：安静阅读 请勿喧哗\n副标题：手机请调至静音', lexicon)["title"] == "安静阅读 请勿喧哗"
    # told to the designer, the same words are a remark
    assert copy_fields('标题：夏日特惠 别再用红色了', lexicon)["title"] == "夏日特惠"
