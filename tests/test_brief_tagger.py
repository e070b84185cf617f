"""The learned copy reader (agent/brief_copy/tagger.py): onnxruntime reads what torch fitted, the tags spell verbatim spans,
the rules' reading stands unless the tagger is sure, and a fit learns phrasings it then reads on briefs it never saw."""
from __future__ import annotations

import random
import string
import sys
from pathlib import Path

import numpy as np
import pytest

from agent.brief import BriefLexicon, parse_brief
from agent.brief_copy.tagger import (SHIPPED_TAGGER, TAGS, CopyTagger, character_kind, load_tagger, log_likelihood,
                                     prefers_tagged, reconciled, save_tagger, spans_read, tags_for)

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # the fit is the benchmark's own (bench/brief_tagger.py)
    sys.path.insert(0, str(REPO))
from bench.brief_tagger import arrays_of, fit, torch_tagger  # noqa: E402

torch = pytest.importorskip("torch")  # noqa: E305


def _tagger(arrays: dict, vocabulary: list[str], dilations: tuple[int, ...], threshold: float = 0.9) -> CopyTagger:
    return CopyTagger.from_arrays(arrays, {"threshold": threshold, "dilations": list(dilations),
                                           "vocabulary": vocabulary})


def test_onnxruntime_reads_the_same_probabilities_torch_fitted():
    torch.manual_seed(3)
    dilations = (1, 2, 4, 1)
    vocabulary = ["", "\ufffd", *"标题：春日上新按钮立即购买Shop now"]
    model = torch_tagger(len(vocabulary), 16, dilations).eval()
    for parameter in model.parameters():  # away from the initial zeros and ones, so every weight matters
        parameter.data.normal_(0, 0.3)
        parameter.data = parameter.data.half().float()  # as saved: float16
    text = "标题：春日上新，按钮：立即购买 Shop now! 🎉"
    index = {c: i for i, c in enumerate(vocabulary)}
    chars = torch.tensor([[index.get(c, 1) for c in text]])
    kinds = torch.tensor([[character_kind(c) for c in text]])
    with torch.no_grad():
        expected = torch.softmax(model(chars, kinds, torch.ones_like(chars, dtype=torch.bool))[0], -1).numpy()
    tagger = _tagger(arrays_of(model), vocabulary, dilations)
    got = tagger.probabilities(text)
    assert got.shape == (len(text), TAGS)
    np.testing.assert_allclose(got, expected, atol=1e-4)
    long_text = text * 30  # the dilations reach past both ends of the short text, not of this one
    chars = torch.tensor([[index.get(c, 1) for c in long_text]])
    kinds = torch.tensor([[character_kind(c) for c in long_text]])
    with torch.no_grad():
        expected = torch.softmax(model(chars, kinds, torch.ones_like(chars, dtype=torch.bool))[0], -1).numpy()
    np.testing.assert_allclose(tagger.probabilities(long_text), expected, atol=1e-4)


def _probabilities(text: str, marks: dict[str, tuple[int, float]]) -> np.ndarray:
    """Tag probabilities spelling each marked substring as the field's run, `sure` on each of its characters."""
    probabilities = np.zeros((len(text), TAGS))
    probabilities[:, 0] = 1.0
    for field, (number, sure) in marks.items():
        start = 0
        while (start := text.find(field, start)) >= 0:
            for at in range(start, start + len(field)):
                tag = 1 + 2 * number if at == start else 2 + 2 * number
                probabilities[at] = 0.0
                probabilities[at, 0], probabilities[at, tag] = 1 - sure, sure
            start += len(field)
    return probabilities


def test_the_tags_spell_verbatim_spans_and_every_line_of_fine_print_in_order():
    text = "Hi team — headline Leave the Pavement Behind, button Save My Spot.\nMust be 21+.\nWaiver required."
    read = spans_read(text, _probabilities(text, {"Leave the Pavement Behind": (0, 0.95), "Save My Spot": (2, 0.9),
                                                  "Must be 21+.": (3, 0.97), "Waiver required.": (3, 0.8)}))
    assert read.fields == {"title": "Leave the Pavement Behind", "cta": "Save My Spot",
                           "body": "Must be 21+.\nWaiver required."}
    assert read.confidence["body"] == pytest.approx(0.8)
    assert all(value in text for line in read.fields.values() for value in line.split("\n"))
    # a run less than half sure is no copy at all
    faint = spans_read(text, _probabilities(text, {"Save My Spot": (2, 0.3)}))
    assert faint.fields == {}


class _Fixed:
    """A tagger whose probabilities are given (reconciled asks for probabilities, threshold and margin)."""

    def __init__(self, probabilities: np.ndarray, threshold: float = 0.9, margin: float = 8.0):
        self.threshold, self.margin = threshold, margin
        self._probabilities = probabilities

    def probabilities(self, text: str) -> np.ndarray:
        return self._probabilities


def test_the_rules_reading_stands_unless_the_tagger_is_sure_and_finds_it_clearly_worse():
    text = "Main: Glow Lab Pop-Up Is Coming to Soho\nSecond: Free skin analysis\nButton: RSVP"
    rules = {"title": "Glow Lab Pop-Up Is Coming to Soho", "cta": "RSVP"}
    tagged = {"title": "Glow Lab Pop-Up Is Coming to Soho", "subtitle": "Free skin analysis", "cta": "RSVP"}
    marks = {"Glow Lab Pop-Up Is Coming to Soho": (0, 0.99), "RSVP": (2, 0.98)}
    sure = _probabilities(text, {**marks, "Free skin analysis": (1, 0.95)})
    assert reconciled(text, rules, _Fixed(sure)) == tagged
    unsure = _probabilities(text, {**marks, "Free skin analysis": (1, 0.7)})
    assert reconciled(text, rules, _Fixed(unsure)) is rules
    assert reconciled(text, rules, _Fixed(_probabilities(text, {}))) is rules  # reading nothing takes nothing away
    assert reconciled(text, rules, None) is rules
    # the margin: a subtitle the rules missed costs their reading about 18 characters at log(0.05) each, far past 8
    gain = log_likelihood(sure, tags_for(text, tagged)) - log_likelihood(sure, tags_for(text, rules))
    assert gain > 40
    assert reconciled(text, rules, _Fixed(sure, margin=gain + 1)) is rules


def test_a_boundary_a_character_apart_does_not_overrule_the_rules():
    text = "Banner. Headline: Cool Deals. Sub: 30% off. CTA: Shop now"
    rules = {"title": "Cool Deals", "subtitle": "30% off", "cta": "Shop now"}
    probabilities = _probabilities(text, {"Cool Deals.": (0, 0.97), "30% off": (1, 0.99), "Shop now": (2, 0.99)})
    tagged = spans_read(text, probabilities)
    assert tagged.fields["title"] == "Cool Deals." and tagged.is_sure(0.9)
    assert not prefers_tagged(text, probabilities, tagged, rules, 0.9, 8.0)
    assert reconciled(text, rules, _Fixed(probabilities)) is rules


_HAN = "春夏秋冬新品上市会员专享限时好礼开学焕新季福利抢购大促狂欢周年庆典全场低价包邮礼盒"
_FORMS = ("标题：{t}\n副标题：{s}\n按钮：{c}", "Headline: {t} / Sub: {s} / Button: {c}",
          "帮我做个海报，标题「{t}」，副标题「{s}」，按钮「{c}」，要红色", "{t}\n{s}\n[{c}]\n(colours: warm)")


def _labelled_briefs(seed: int, count: int) -> list[dict]:
    """Briefs in four forms with random words: a fit has to learn where copy stands, not which words it is."""
    rng = random.Random(seed)

    def words() -> str:
        if rng.random() < 0.5:
            return "".join(rng.choice(_HAN) for _ in range(rng.randint(3, 8)))
        return " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 7))).capitalize()
                        for _ in range(rng.randint(1, 3)))

    rows = []
    for _ in range(count):
        title, subtitle, cta = words(), words(), words()
        rows.append({"brief": rng.choice(_FORMS).format(t=title, s=subtitle, c=cta), "title": title,
                     "subtitle": subtitle, "cta": cta, "body": None})
    return rows


def test_a_fit_learns_where_copy_stands_and_reads_briefs_it_never_saw(tmp_path):
    train, unseen = _labelled_briefs(1, 600), _labelled_briefs(2, 100)
    assert all(tags_for(row["brief"], row).any() for row in train)
    dilations = (1, 2, 4, 8, 1)
    arrays, vocabulary = fit(train, epochs=6, width=32, dilations=dilations, learning_rate=1e-2, batch_chars=2000)
    path = tmp_path / "tagger.onnx"
    save_tagger(path, arrays, {"threshold": 0.9, "dilations": list(dilations), "vocabulary": vocabulary})
    fitted = load_tagger(path)  # as shipped: float16 weights
    untrained = _tagger(arrays_of(torch_tagger(len(vocabulary), 32, dilations)), vocabulary, dilations)

    def fields_right(reader) -> float:
        right = [(reader.read(row["brief"]).fields.get(name) or None) == row[name]
                 for row in unseen for name in ("title", "subtitle", "cta", "body")]
        return sum(right) / len(right)

    assert fields_right(fitted) > 0.85
    assert fields_right(untrained) < 0.5


@pytest.mark.skipif(not SHIPPED_TAGGER.is_file(), reason="no shipped tagger")
def test_the_shipped_tagger_reads_a_brief_beside_the_rules_and_can_be_turned_off():
    tagger = load_tagger()
    assert tagger is not None and 0.5 < tagger.threshold
    brief = "黑卡会员招募弹窗\n\n主标题：开通黑卡 全年省更多\n副标题：首月仅需9.9元\n按钮：立即开通\n\n最下面：到期自动续费，可随时取消"
    on, off = parse_brief(brief, BriefLexicon()).copy, parse_brief(brief, BriefLexicon(tagger=False)).copy
    for copy in (on, off):
        assert (copy.title, copy.subtitle, copy.cta) == ("开通黑卡 全年省更多", "首月仅需9.9元", "立即开通")
    assert tagger.probabilities("").shape == (0, TAGS) and tagger.read("").fields == {}
    assert BriefLexicon(tagger=False).copy_tagger is None  # HUABAO_BRIEF_TAGGER=false
    assert BriefLexicon().copy_tagger is not None  # on by default
