"""A learned second reader of the brief's copy: a character tagger.

The rules in this package were written from the dev briefs, and each new writer brings forms they have never seen:
rules written from one round's dev half barely moved its fresh half (docs/benchmarks.md, rounds 224–235). This
tagger reads copy the way the briefs were labelled instead of the way the rules spell it out: every character of
the brief gets one of nine tags (outside, or the first / a later character of the title, subtitle, button or fine
print), from a stack of dilated convolutions over the characters and their kinds (Han, Latin, digit, quote, colon,
line break …) that sees about 250 characters each way. It is fitted on the dev briefs, the phrasing generator's and
the rules' readings of the briefs the tests pin (`python -m bench.brief_tagger --pin --fit`) and runs in numpy: no
torch at parse time.

Its values are spans of the brief, so it can misplace copy but never rewrite it. `reconciled` keeps the rules'
reading unless the tagger is sure of every field it reads (each span's mean tag probability at least the threshold
fitted with it) and finds the rules' reading clearly less likely than its own (by the margin fitted with it), on
briefs by writers neither reader had seen (docs/benchmarks.md, "A learned reader beside the rules").
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from agent.brief_copy.text import FIELDS

SHIPPED_TAGGER = Path(__file__).resolve().parents[2] / "prompts" / "lexicon" / "brief_tagger.npz"

TAGS = 1 + 2 * len(FIELDS)  # outside, then (first, later) for each field in FIELDS' order
UNKNOWN = 1  # vocabulary index of a character the fit never saw twice (0 pads)

_OPENING_QUOTES = set("「『“‘《【〈﹁")
_CLOSING_QUOTES = set("」』”’》】〉﹂")
# Kinds of character a tagger can generalise over when it has not seen the character itself.
_PUNCTUATION_KINDS = (('"\'`', 11), (":：﹕", 12), ("，,、", 13), ("。.!！?？…", 14), (";；", 15), ("|｜/／", 16),
                      ("(（[［{", 17), (")）]］}", 18), ("-—–~～_", 19), ("#＃*＊•·●▪", 20))
CHARACTER_KINDS = 24


def character_kind(char: str) -> int:
    """The kind of a character, 1–23 (a line break, a blank, a digit, an upper-case letter, Han, a quote …)."""
    if char == "\n":
        return 1
    if char == "\t":
        return 2
    if char in " \u3000\xa0":
        return 3
    if char.isdigit():
        return 4
    if "A" <= char <= "Z" or "Ａ" <= char <= "Ｚ":
        return 5
    if "a" <= char <= "z" or "ａ" <= char <= "ｚ":
        return 6
    code = ord(char)
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return 7
    if char in _OPENING_QUOTES:
        return 9
    if char in _CLOSING_QUOTES:
        return 10
    for members, kind in _PUNCTUATION_KINDS:
        if char in members:
            return kind
    category = unicodedata.category(char)
    if category.startswith("L"):
        return 8
    if category == "So" or code > 0x1F000:
        return 21
    if category.startswith("S"):
        return 22
    return 23


@dataclass(frozen=True)
class TaggedCopy:
    """The tagger's reading: a value per field it found, and how sure it is of each (its span's mean probability)."""

    fields: dict[str, str]
    confidence: dict[str, float]

    @property
    def sureness(self) -> float:
        """How sure it is of its least sure field (0 when it reads none)."""
        return min(self.confidence.values()) if self.fields else 0.0

    def is_sure(self, threshold: float) -> bool:
        return bool(self.fields) and self.sureness >= threshold


class CopyTagger:
    """The fitted tagger: character and kind embeddings, residual dilated convolutions, a tag per character."""

    def __init__(self, arrays: dict[str, np.ndarray], about: dict):
        self.about = about
        self.threshold = float(about["threshold"])
        self.margin = float(about.get("margin", 0.0))
        self.dilations = tuple(int(d) for d in about["dilations"])
        self.vocabulary = {char: index for index, char in enumerate(about["vocabulary"])}
        self.characters = arrays["characters"].astype(np.float32)
        self.kinds = arrays["kinds"].astype(np.float32)
        # each convolution as one matrix [width, 3 × width]: what each character gives the one `dilation` after it,
        # itself, and the one before it (one product a layer instead of three)
        self.layers = [(arrays[f"norm{i}_scale"].astype(np.float32), arrays[f"norm{i}_shift"].astype(np.float32),
                        np.ascontiguousarray(np.concatenate([arrays[f"conv{i}"][:, :, k].T for k in range(3)], axis=1),
                                             np.float32),
                        arrays[f"conv{i}_bias"].astype(np.float32))
                       for i in range(len(self.dilations))]
        self.output = arrays["output"].astype(np.float32).T
        self.output_bias = arrays["output_bias"].astype(np.float32)

    def probabilities(self, text: str) -> np.ndarray:
        """[characters, TAGS]: each character's tag probabilities."""
        indices = np.fromiter((self.vocabulary.get(c, UNKNOWN) for c in text), np.int64, len(text))
        kinds = np.fromiter((character_kind(c) for c in text), np.int64, len(text))
        hidden = self.characters[indices] + self.kinds[kinds]
        length, width = len(text), hidden.shape[1]
        for (scale, shift, taps, bias), dilation in zip(self.layers, self.dilations):
            centred = hidden - hidden.mean(axis=1, keepdims=True)
            normed = centred / np.sqrt((centred * centred).mean(axis=1, keepdims=True) + 1e-5) * scale + shift
            given = _product(normed, taps)
            mixed = given[:, width:2 * width] + bias
            if dilation < length:  # (beyond either end the convolution reads zeros)
                mixed[dilation:] += given[:-dilation, :width]
                mixed[:-dilation] += given[dilation:, 2 * width:]
            hidden = hidden + _gelu(mixed)
        logits = hidden @ self.output + self.output_bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def read(self, text: str) -> TaggedCopy:
        return spans_read(text, self.probabilities(text))


# OpenBLAS runs a product on one thread up to 2^18 multiply-adds and spreads a larger one over every core; spread,
# these small products wait on each other, 1.6 ms a brief became 11 ms with the other core busy (measured).
_ONE_THREAD_PRODUCT = 1 << 18


def _product(rows: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """rows @ matrix in pieces small enough for one thread each."""
    step = max(1, _ONE_THREAD_PRODUCT // matrix.size)
    if len(rows) <= step:
        return rows @ matrix
    return np.concatenate([rows[at:at + step] @ matrix for at in range(0, len(rows), step)])


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form (as the fit used)."""
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))


PRESENCE = 0.5  # a run of a field's tags this sure on average is copy at all


def spans_read(text: str, probabilities: np.ndarray) -> TaggedCopy:
    """The copy the tags spell: per field, the runs of its tags (a new run at each 'first' tag) at least PRESENCE
    sure; the title, subtitle and button take their surest run, the fine print every run, in the brief's order."""
    tags = probabilities.argmax(axis=1)
    fields: dict[str, str] = {}
    confidence: dict[str, float] = {}
    for number, name in enumerate(FIELDS):
        first, later = 1 + 2 * number, 2 + 2 * number
        runs: list[tuple[float, int, int]] = []
        start = None
        for at, tag in enumerate(tags):
            if tag == first or (tag == later and start is None):
                if start is not None:
                    runs.append((start, at))
                start = at
            elif tag != later and start is not None:
                runs.append((start, at))
                start = None
        if start is not None:
            runs.append((start, len(tags)))
        scored = [(float((probabilities[a:b, first] + probabilities[a:b, later]).mean()), a, b)
                  for a, b in runs if text[a:b].strip()]
        scored = [run for run in scored if run[0] >= PRESENCE]
        if not scored:
            continue
        if name == "body":
            fields[name] = "\n".join(text[a:b].strip() for _, a, b in scored)
            confidence[name] = min(score for score, _, _ in scored)
        else:
            score, a, b = max(scored)
            fields[name] = text[a:b].strip()
            confidence[name] = score
    return TaggedCopy(fields, confidence)


def tags_for(text: str, fields: dict[str, str | None]) -> np.ndarray:
    """The tag of each character under a reading: 0 outside, 1 + 2k the first and 2 + 2k a later character of field
    k, wherever its value stands in the brief (each line of the fine print on its own)."""
    tags = np.zeros(len(text), np.int64)
    for number, name in enumerate(FIELDS):
        value = fields.get(name)
        for piece in (value.split("\n") if name == "body" else [value]) if value else []:
            start = text.find(piece) if piece else -1
            while start >= 0:
                if not tags[start:start + len(piece)].any():
                    tags[start] = 1 + 2 * number
                    tags[start + 1:start + len(piece)] = 2 + 2 * number
                start = text.find(piece, start + 1)
    return tags


def log_likelihood(probabilities: np.ndarray, tags: np.ndarray) -> float:
    """How likely the tagger finds a reading's tags (natural log, summed over the characters)."""
    return float(np.log(probabilities[np.arange(len(tags)), tags] + 1e-9).sum())


def likelihood_gain(text: str, probabilities: np.ndarray, tagged: TaggedCopy, rule_fields: dict[str, str]) -> float:
    """How much likelier (nats) the tagger finds its own reading than the rules'; 0 when they read the same."""
    if tagged.fields == rule_fields:
        return 0.0
    return (log_likelihood(probabilities, tags_for(text, tagged.fields))
            - log_likelihood(probabilities, tags_for(text, rule_fields)))


def prefers_tagged(text: str, probabilities: np.ndarray, tagged: TaggedCopy, rule_fields: dict[str, str],
                   threshold: float, margin: float) -> bool:
    """Whether the tagger's reading replaces the rules': it is sure of every field it reads, and it finds the rules'
    reading at least `margin` less likely than its own (a boundary a character apart is not worth overruling the
    rules for, a field misread is)."""
    if not tagged.is_sure(threshold) or tagged.fields == rule_fields:
        return False
    return likelihood_gain(text, probabilities, tagged, rule_fields) >= margin


def reconciled(text: str, rule_fields: dict[str, str], tagger: CopyTagger | None) -> dict[str, str]:
    """The copy to print: the rules' reading, or the tagger's where it is sure and finds the rules' clearly worse."""
    if tagger is None or not text.strip():
        return rule_fields
    probabilities = tagger.probabilities(text)
    tagged = spans_read(text, probabilities)
    if prefers_tagged(text, probabilities, tagged, rule_fields, tagger.threshold, tagger.margin):
        return dict(tagged.fields)
    return rule_fields


def save_tagger(path: Path, arrays: dict[str, np.ndarray], about: dict) -> None:
    """Weights in float16 (half the file; the tags read the same) and what they are, in one .npz."""
    packed = {name: value.astype(np.float16) for name, value in arrays.items()}
    np.savez_compressed(path, about=np.array(json.dumps(about, ensure_ascii=False)), **packed)


def load_tagger(path: Path = SHIPPED_TAGGER) -> CopyTagger | None:
    """The fitted tagger, or None when there is none (the rules then read alone)."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    return _cached(path, stamp)


@lru_cache(maxsize=2)
def _cached(path: Path, stamp: float) -> CopyTagger:
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files if name != "about"}
        about = json.loads(str(data["about"]))
    return CopyTagger(arrays, about)
