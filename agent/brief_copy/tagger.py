"""A learned second reader of the brief's copy: a character tagger.

The rules in this package were written from the dev briefs, and each new writer brings forms they have never seen:
rules written from one round's dev half barely moved its fresh half (docs/benchmarks.md, rounds 224–235). This
tagger reads copy the way the briefs were labelled instead of the way the rules spell it out: every character of
the brief gets one of nine tags (outside, or the first / a later character of the title, subtitle, button or fine
print), from a stack of dilated convolutions over the characters and their kinds (Han, Latin, digit, quote, colon,
line break …) that sees about 250 characters each way. It is fitted on the dev briefs, the phrasing generator's and
the rules' readings of the briefs the tests pin (`python -m bench.brief_tagger --pin --fit`) and runs as an ONNX
graph in onnxruntime: no torch at parse time.

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

SHIPPED_TAGGER = Path(__file__).resolve().parents[2] / "prompts" / "lexicon" / "brief_tagger.onnx"

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
    """The fitted tagger: character and kind embeddings, residual dilated convolutions, a tag per character, as an
    ONNX graph onnxruntime runs on one thread (a brief is a hundred characters or so: more threads only wait on each
    other; spread over both cores by numpy's OpenBLAS it took 11 ms instead of 1.6 with the other core busy)."""

    def __init__(self, model: bytes, about: dict | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self.about = about if about is not None else json.loads(
            self.session.get_modelmeta().custom_metadata_map["about"])
        self.threshold = float(self.about["threshold"])
        self.margin = float(self.about.get("margin", 0.0))
        # each character's vocabulary index and kind, looked up once per character (a brief repeats most of them)
        self._codes = {char: (index, character_kind(char)) for index, char in enumerate(self.about["vocabulary"])}
        self._codes.pop("", None)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], about: dict) -> "CopyTagger":
        """A tagger over weights just fitted (bench/brief_tagger.py), before they are saved."""
        return cls(tagger_model(arrays, about), about)

    def probabilities(self, text: str) -> np.ndarray:
        """[characters, TAGS]: each character's tag probabilities."""
        if not text:  # (the graph's convolutions refuse an empty sequence)
            return np.zeros((0, TAGS), np.float32)
        codes = np.array([self._code(char) for char in text], np.int64).reshape(len(text), 2)
        return self.session.run(None, {"characters": codes[:, 0], "kinds": codes[:, 1]})[0]

    def _code(self, char: str) -> tuple[int, int]:
        code = self._codes.get(char)
        if code is None:
            code = (UNKNOWN, character_kind(char))
            if len(self._codes) < _MAX_CODES:
                self._codes[char] = code
        return code

    def read(self, text: str) -> TaggedCopy:
        return spans_read(text, self.probabilities(text))


_MAX_CODES = 1 << 16  # characters outside the vocabulary remembered (a bound: briefs may bring any character)
_OPSET = 20  # the first with Gelu (its tanh form is what the fit used)


def tagger_model(arrays: dict[str, np.ndarray], about: dict) -> bytes:
    """The tagger as an ONNX graph (what `save_tagger` writes, what onnxruntime runs): the weights as float16 (half
    the file; the tags read the same), `about` in the metadata. Only fitting and saving need the onnx package."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes, weights = [], []

    def weight(name: str, value: np.ndarray) -> str:  # float16 on disk, float32 once onnxruntime folds the cast
        weights.append(numpy_helper.from_array(np.ascontiguousarray(value, np.float16), name + "_half"))
        nodes.append(helper.make_node("Cast", [name + "_half"], [name], to=TensorProto.FLOAT))
        return name

    weights.append(numpy_helper.from_array(np.array([0], np.int64), "batch_axis"))
    nodes += [helper.make_node("Gather", [weight("character_table", arrays["characters"]), "characters"], ["by_char"]),
              helper.make_node("Gather", [weight("kind_table", arrays["kinds"]), "kinds"], ["by_kind"]),
              helper.make_node("Add", ["by_char", "by_kind"], ["hidden0"])]
    hidden = "hidden0"
    for i, dilation in enumerate(int(d) for d in about["dilations"]):
        # the fit's layer norm over each character, then a convolution over the characters `dilation` apart
        # (zeros beyond either end), GELU, and the residual
        nodes += [
            helper.make_node("LayerNormalization", [hidden, weight(f"norm{i}_scale", arrays[f"norm{i}_scale"]),
                                                    weight(f"norm{i}_shift", arrays[f"norm{i}_shift"])],
                             [f"normed{i}"], axis=-1, epsilon=1e-5),
            helper.make_node("Transpose", [f"normed{i}"], [f"channels{i}"], perm=[1, 0]),
            helper.make_node("Unsqueeze", [f"channels{i}", "batch_axis"], [f"batch{i}"]),
            helper.make_node("Conv", [f"batch{i}", weight(f"conv{i}", arrays[f"conv{i}"]),
                                      weight(f"conv{i}_bias", arrays[f"conv{i}_bias"])],
                             [f"convolved{i}"], kernel_shape=[3], dilations=[dilation], pads=[dilation, dilation]),
            helper.make_node("Squeeze", [f"convolved{i}", "batch_axis"], [f"mixed_channels{i}"]),
            helper.make_node("Transpose", [f"mixed_channels{i}"], [f"mixed{i}"], perm=[1, 0]),
            helper.make_node("Gelu", [f"mixed{i}"], [f"activated{i}"], approximate="tanh"),
            helper.make_node("Add", [hidden, f"activated{i}"], [f"hidden{i + 1}"])]
        hidden = f"hidden{i + 1}"
    nodes += [helper.make_node("MatMul", [hidden, weight("output", arrays["output"].T)], ["projected"]),
              helper.make_node("Add", ["projected", weight("output_bias", arrays["output_bias"])], ["logits"]),
              helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1)]
    graph = helper.make_graph(
        nodes, "copy_tagger",
        [helper.make_tensor_value_info("characters", TensorProto.INT64, ["length"]),
         helper.make_tensor_value_info("kinds", TensorProto.INT64, ["length"])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["length", TAGS])], weights)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)], producer_name="huabao")
    model.ir_version = 10  # what onnxruntime 1.18 (the oldest pyproject allows) reads
    helper.set_model_props(model, {"about": json.dumps(about, ensure_ascii=False)})
    onnx.checker.check_model(model)
    return model.SerializeToString()


PRESENCE = 0.5  # a run of a field's tags this sure on average is copy at all


def spans_read(text: str, probabilities: np.ndarray) -> TaggedCopy:
    """The copy the tags spell: per field, the runs of its tags (a new run at each 'first' tag) at least PRESENCE
    sure; the title, subtitle and button take their surest run, the fine print every run, in the brief's order."""
    runs: list[list[tuple[int, int]]] = [[] for _ in FIELDS]
    field, start = -1, 0  # the field whose run is open (-1: none) and where it started
    for at, tag in enumerate([*probabilities.argmax(axis=1).tolist(), 0]):  # (the 0 closes the last run)
        tagged_field = (tag - 1) >> 1
        if tag and tag & 1 == 0 and tagged_field == field:
            continue  # a later character of the open run
        if field >= 0:
            runs[field].append((start, at))
        field, start = tagged_field, at  # (-1 outside copy)
    fields: dict[str, str] = {}
    confidence: dict[str, float] = {}
    for number, name in enumerate(FIELDS):
        first, later = 1 + 2 * number, 2 + 2 * number
        scored = [(float((probabilities[a:b, first] + probabilities[a:b, later]).mean()), a, b)
                  for a, b in runs[number] if text[a:b].strip()]
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
    path.write_bytes(tagger_model(arrays, about))


def load_tagger(path: Path = SHIPPED_TAGGER) -> CopyTagger | None:
    """The fitted tagger, or None when there is none (the rules then read alone)."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    return _cached(path, stamp)


@lru_cache(maxsize=2)
def _cached(path: Path, stamp: float) -> CopyTagger:
    return CopyTagger(path.read_bytes())
