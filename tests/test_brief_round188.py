"""Copy extraction for the round-188–191 ways of writing a brief (outside writers' go classes, graffiti walls, cream
puffs, sushi, mineral water, rice wine, indoor surfing, horse riding, locksmiths, curtains, laser hair removal, dry
cleaning, dumplings, rice noodles, fruit tea …): a Chinese voice note typed out with no tag (喂 那个 就是 … 就写 …), a
headline struck through between single tildes, 原来的“A”改成“B” above a labelled subtitle, "small line says",
"gonna be", a field kept (保留原来的：…, “…”保留, button 不变), the sender's thanks under a fine-print block, the team's
mood (legal is strict on this), 价格标：…, and the kind of line said again (写地址，地址是 …).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_chinese_voice_note_typed_out_with_no_tag(lexicon: BriefLexicon) -> None:
    brief = "喂 那个 就是 我们想做一个 地铁广告啊 就写 旧鞋换新 最高抵100 然后下面写 任何品牌都收 就这样"
    expect_copy(brief, lexicon, title="旧鞋换新 最高抵100", subtitle="任何品牌都收")
    brief = "那个海报呢 就写 夏天就要吃冰 然后下面写 第二杯半价 然后按钮就写 去下单 对 就这样"
    expect_copy(brief, lexicon, title="夏天就要吃冰", subtitle="第二杯半价", cta="去下单")
    # a typed brief that happens to open with 那个 names its fields as usual
    brief = "那个弹窗的文案：\n标题：夏天就要吃冰\n副标题：第二杯半价"
    expect_copy(brief, lexicon, title="夏天就要吃冰", subtitle="第二杯半价")


def test_struck_through_and_changed_lines(lexicon: BriefLexicon) -> None:
    brief = "final copy:\n~Headline: Ride the Dunes~\nHeadline: Sand, Sun, Saddle\nSub: Guided desert rides from $80"
    expect_copy(brief, lexicon, title="Sand, Sun, Saddle", subtitle="Guided desert rides from $80")
    # a tilde inside a line is a range, no strike
    brief = "标题：早安\n副标题：每天~10点前下单"
    assert copy_fields(brief, lexicon)["subtitle"] == "每天~10点前下单"
    brief = "海报改一下哈：\n原来的“夏季冲浪营”改成“浪里撒个野”\n副标题不变：每周六 室内浪池\n按钮：立即报名"
    expect_copy(brief, lexicon, title="浪里撒个野", subtitle="每周六 室内浪池", cta="立即报名")


def test_spoken_lines_by_size_and_a_speakers_gonna_be(lexicon: BriefLexicon) -> None:
    brief = ("voice note sorry driving. So the banner, big line says Ride the Range, small line says "
             "Trail lessons for beginners, and the button should say Book a Ride. ok bye")
    expect_copy(brief, lexicon, title="Ride the Range", subtitle="Trail lessons for beginners", cta="Book a Ride")
    brief = ('Voice memo transcript: "ok so the main line is gonna be Small Steps, Big Games, and then underneath say '
             'Chess for Kids. That\'s it."')
    expect_copy(brief, lexicon, title="Small Steps, Big Games", subtitle="Chess for Kids")


def test_a_field_kept_as_it_was(lexicon: BriefLexicon) -> None:
    brief = "【老板】标题改成“冬病夏治”\n副标题保留原来的：头伏7月15日，名额有限\n其他不动"
    expect_copy(brief, lexicon, title="冬病夏治", subtitle="头伏7月15日，名额有限")
    brief = "@设计 改稿：标题用“薄到没感觉”，按钮用“去看看”。之前那版小字“限时包邮”保留"
    expect_copy(brief, lexicon, title="薄到没感觉", cta="去看看", body="限时包邮")
    brief = "banner quick change: title 改成 '衬衫 ¥8/件'，button 不变"
    expect_copy(brief, lexicon, title="衬衫 ¥8/件")
    # words after the button are still its words
    brief = "title 改成 '衬衫 ¥8/件'，button 立即下单"
    assert copy_fields(brief, lexicon)["cta"] == "立即下单"


def test_the_senders_words_after_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = ("古琴班海报\n主文案：一弦一柱\n副文案：零基础班招生\n按钮：立即报名\n小字：\n每周六 14:00｜12课时\n"
             "地址：文庙街18号\n谢谢啦～ 配色古风一点")
    expect_copy(brief, lexicon, title="一弦一柱", subtitle="零基础班招生", cta="立即报名",
                body="每周六 14:00｜12课时\n地址：文庙街18号")
    brief = ("Headline: The Tea Grandma Swore By\nButton: Learn More\n\n"
             "Note: avoid health claims in the image — legal is strict on this.")
    assert copy_fields(brief, lexicon)["body"] is None
    brief = "大标题：爆浆泡芙 回来啦\n副标题：一口爆浆\n价格标：¥16/个 第二个半价"
    assert copy_fields(brief, lexicon)["body"] == "¥16/个 第二个半价"
    brief = "【语音转文字】标题就写『陪练到家』，再下面写地址，地址是 望京西路88号，对就这样"
    assert copy_fields(brief, lexicon)["body"] == "望京西路88号"
