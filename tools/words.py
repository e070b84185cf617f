"""Chinese word cutting: one jieba dictionary per process, shared by everything that cuts words.

jieba's default dictionary costs about 65 MB and a second or two to load, and its part-of-speech
table another 35 MB. Line breaking (tools/typography.py) and the brief parser (agent/brief.py)
used to load a copy each; now both read the one loaded here:

- `word_ends(text)`: where the default dictionary ends words (line breaks prefer them);
- `tokenizer_with(words)`: a part-of-speech tokenizer that sees extra words (the brief's styles,
  themes and nouns) on top of the shared dictionary without adding them to it, so no other cut
  changes when a brief lexicon loads;
- `vocabulary_tokenizer(entries)`: a tokenizer over a small dictionary of its own (the gallery's
  search vocabulary, tools/retrieval/lexical.py): a few thousand words, built in milliseconds.

jieba's tokenizers keep state while cutting; callers serialise their own cuts as before.
"""
from __future__ import annotations

import io
import threading
from collections.abc import Iterable
from typing import Any

_lock = threading.Lock()
_MISSING = object()


class _Layer(dict):
    """A table of one tokenizer's own entries over a shared table: reads fall through to the
    shared one, writes (jieba's `add_word`, the tag table's update) stay in this layer."""

    __slots__ = ("shared",)

    def __init__(self, shared: dict):
        super().__init__()
        self.shared = shared

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.shared

    def __getitem__(self, key: Any) -> Any:
        value = dict.get(self, key, _MISSING)
        return self.shared[key] if value is _MISSING else value

    def get(self, key: Any, default: Any = None) -> Any:
        value = dict.get(self, key, _MISSING)
        return self.shared.get(key, default) if value is _MISSING else value


def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)  # no "Building prefix dict..." lines on stderr
    return jieba


def shared_tokenizer() -> Any:
    """jieba's default tokenizer (`jieba.dt`, what `jieba.cut` uses), its dictionary loaded once."""
    jieba = _jieba()
    jieba.dt.check_initialized()
    return jieba.dt


def shared_pos_tokenizer() -> Any:
    """jieba's default part-of-speech tokenizer (`jieba.posseg.dt`) over `shared_tokenizer()`."""
    shared_tokenizer()
    import jieba.posseg

    return jieba.posseg.dt


def word_ends(text: str) -> set[int]:
    """Offsets in `text` where a word of the default dictionary ends (0 included)."""
    offsets, position = {0}, 0
    for word in shared_tokenizer().cut(text):
        position += len(word)
        offsets.add(position)
    return offsets


def tokenizer_with(words: Iterable[tuple[str, int, str]]) -> Any:
    """A `jieba.posseg.POSTokenizer` that cuts as one built over its own copy of the default
    dictionary with `words` ((word, frequency, tag) each) added, sharing the loaded dictionary
    and tag table instead of copying them."""
    import jieba.posseg

    shared_pos = shared_pos_tokenizer()
    with _lock:
        shared = shared_pos.tokenizer
        own = _jieba().Tokenizer()
        own.FREQ, own.total, own.initialized = _Layer(shared.FREQ), shared.total, True
        pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        pos.tokenizer = own
        pos.word_tag_tab = _Layer(shared_pos.word_tag_tab)
        for word, frequency, tag in words:
            own.add_word(word, freq=frequency, tag=tag)
        pos.makesure_userdict_loaded()  # the added words' tags into this tokenizer's own layer
    return pos


def vocabulary_tokenizer(entries: Iterable[tuple[str, int]]) -> Any:
    """A jieba tokenizer over just `entries` ((word, frequency) each): a ready dictionary, not a
    file, so neither jieba's cache nor its default dictionary is touched."""
    lines = "".join(f"{word} {frequency}\n" for word, frequency in entries).encode("utf-8")
    tokenizer = _jieba().Tokenizer(dictionary=None)
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(io.BytesIO(lines or b"\xe7\x9a\x84 1\n"))
    tokenizer.initialized = True
    return tokenizer
