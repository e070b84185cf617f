"""tools/words.py decodes jieba's part-of-speech model of unknown words with numpy: the same route as jieba's own
viterbi on every string, so the brief parser's nouns are those jieba would give, only sooner."""
from __future__ import annotations

import random
import re

import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P, viterbi

from tools.words import _hmm, tokenizer_with

BRIEFS = ["双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取",
          "帮我做个开学季的海报 文具满100减20 按钮去逛逛", "给扫地机器人做个上新弹窗，主视觉用一辆白色的小推车",
          "黑卡会员招募弹窗，到期自动续费，可随时取消", "春节回家抢票，高铁票和机票都有，犇犇龘龘靐"]


def _strings() -> list[str]:
    rng = random.Random(7)
    known = sorted(char_state_tab_P)
    unknown = [chr(code) for code in range(0x4E00, 0x9FD5, 97) if chr(code) not in char_state_tab_P]
    strings = [run[at:at + size] for brief in BRIEFS for run in re.findall("[\u4E00-\u9FD5]+", brief)
               for at in range(len(run)) for size in (1, 2, 3, 5, 8)]
    # random runs of characters the model knows, and of ones it has no states for (every state is then possible)
    strings += ["".join(rng.choice(known) for _ in range(rng.randint(1, 10))) for _ in range(1500)]
    strings += ["".join(rng.choice(known if rng.random() < 0.6 else unknown) for _ in range(rng.randint(1, 10)))
                for _ in range(1500)]
    return strings


def test_the_numpy_decoder_finds_jiebas_route_on_every_string():
    hmm = _hmm()
    for text in _strings():
        assert hmm.decode(text) == viterbi(text, char_state_tab_P, start_P, trans_P, emit_P)[1], text


def test_a_brief_tokenizer_cuts_as_jiebas_own():
    words = [("好运福袋", 200000, "nz"), ("小推车", 200000, "n")]
    ours = tokenizer_with(words)
    stock = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    for word, frequency, tag in words:
        stock.tokenizer.add_word(word, freq=frequency, tag=tag)
    assert type(ours) is not jieba.posseg.POSTokenizer  # the decoder under test is the one cutting
    # ...through the private method jieba's own cuts call: were it renamed, ours would silently go unused
    assert "_POSTokenizer__cut" in vars(jieba.posseg.POSTokenizer)
    for brief in BRIEFS:
        assert [(p.word, p.flag) for p in ours.cut(brief)] == [(p.word, p.flag) for p in stock.cut(brief)]
