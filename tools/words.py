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
from functools import lru_cache
from typing import Any

import numpy as np

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


class _PartOfSpeechHMM:
    """jieba.posseg's hidden Markov model of the words its dictionary lacks (which characters form a word, and its
    part of speech), decoded with numpy: the same answer as `jieba.posseg.viterbi`, a step at a time over every state
    instead of a Python loop over each pair of states (that loop was an eighth of a brief's parse)."""

    def __init__(self):
        from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

        # largest state first: among equally likely predecessors numpy's argmax takes the first, and jieba's
        # max() over (probability, state) pairs the largest state
        self.states = sorted(trans_P, reverse=True)
        index = {state: number for number, state in enumerate(self.states)}
        self.transitions = np.full((len(self.states), len(self.states)), -np.inf)
        for state, following in trans_P.items():
            for after, probability in following.items():
                self.transitions[index[state], index[after]] = probability
        self.follows = self.transitions > -np.inf
        self.leads = self.follows.any(axis=1)
        self.start = np.array([start_P[state] for state in self.states])
        self.emissions = [emit_P[state] for state in self.states]
        self.everywhere = np.ones(len(self.states), bool)
        self.char_states = {}
        for char, states in char_state_tab_P.items():
            self.char_states[char] = mask = np.zeros(len(self.states), bool)
            mask[[index[state] for state in states]] = True

    def emission(self, char: str, states: np.ndarray) -> np.ndarray:
        return np.array([self.emissions[state].get(char, _MIN_FLOAT) for state in states])

    def decode(self, chars: str) -> list[tuple[str, str]]:
        """The most likely state ((B|M|E|S, part of speech)) of each character, as jieba.posseg.viterbi's route."""
        possible = self.char_states.get(chars[0], self.everywhere)
        score = np.full(len(self.states), -np.inf)
        live = np.flatnonzero(possible)
        score[live] = self.start[live] + self.emission(chars[0], live)
        alive, back = possible, []
        for char in chars[1:]:
            rows = np.flatnonzero(alive & self.leads)  # the states before that lead anywhere, largest first
            expected = self.follows[rows].any(axis=0)
            wanted = self.char_states.get(char, self.everywhere) & expected
            if not wanted.any():
                wanted = expected if expected.any() else self.everywhere
            targets = np.flatnonzero(wanted)
            # (summed in jieba's order: the same floats, so the same ties)
            scores = score[rows][:, None] + self.transitions[rows[:, None], targets] + self.emission(char, targets)
            best = scores.argmax(axis=0)
            score = np.full(len(self.states), -np.inf)
            score[targets] = scores[best, np.arange(len(targets))]
            # where nothing is likelier than impossible, jieba's max() ties every state before and the largest wins
            best[score[targets] == -np.inf] = 0
            came_from = np.zeros(len(self.states), np.int64)
            came_from[targets] = rows[best]
            back.append(came_from)
            alive = wanted
        last = np.flatnonzero(alive)
        state = int(last[np.argmax(score[last])])
        route = [state]
        for came_from in reversed(back):
            state = int(came_from[state])
            route.append(state)
        return [self.states[state] for state in reversed(route)]


_MIN_FLOAT = -3.14e100  # jieba's log probability of a character a state never emits


@lru_cache(maxsize=1)
def _hmm() -> _PartOfSpeechHMM:
    return _PartOfSpeechHMM()


@lru_cache(maxsize=1)
def _pos_tokenizer_class() -> type:
    import jieba.posseg

    class PartOfSpeechTokenizer(jieba.posseg.POSTokenizer):
        """jieba's part-of-speech tokenizer, its model of unknown words decoded by `_PartOfSpeechHMM`."""

        def _POSTokenizer__cut(self, sentence: str):  # noqa: N802 - the name jieba's own methods call
            route = _hmm().decode(sentence)
            begin, following = 0, 0
            for at, char in enumerate(sentence):  # as jieba.posseg.POSTokenizer.__cut
                position = route[at][0]
                if position == "B":
                    begin = at
                elif position == "E":
                    yield jieba.posseg.pair(sentence[begin:at + 1], route[at][1])
                    following = at + 1
                elif position == "S":
                    yield jieba.posseg.pair(char, route[at][1])
                    following = at + 1
            if following < len(sentence):
                yield jieba.posseg.pair(sentence[following:], route[following][1])

    return PartOfSpeechTokenizer


def tokenizer_with(words: Iterable[tuple[str, int, str]]) -> Any:
    """A `jieba.posseg.POSTokenizer` that cuts as one built over its own copy of the default
    dictionary with `words` ((word, frequency, tag) each) added, sharing the loaded dictionary
    and tag table instead of copying them; unknown words decoded by `_PartOfSpeechHMM` (jieba's
    answer, faster)."""
    shared_pos = shared_pos_tokenizer()
    with _lock:
        shared = shared_pos.tokenizer
        own = _jieba().Tokenizer()
        own.FREQ, own.total, own.initialized = _Layer(shared.FREQ), shared.total, True
        tokenizer_class = _pos_tokenizer_class()
        pos = tokenizer_class.__new__(tokenizer_class)
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
