"""A lexicon's words found in a brief: the aliases of formats, styles, themes and nouns (longest
first, whole words for Latin), and colour words. The brief parser and the copy extractor share it."""
from __future__ import annotations

import re

from tools.colors import COLORS


class AliasIndex:
    """The aliases in a trie of their lower-case characters: a scan of a brief walks from each
    position only as far as some alias goes, instead of trying every alias that shares the
    position's first character (the themes have hundreds per Latin letter)."""

    _END = ""  # a node's entry for the alias ending there (no character is empty)

    def __init__(self, table: dict[str, list[str]]):
        self.table = table
        self.trie: dict = {}
        for key, names in table.items():
            for alias in names:
                lowered = alias.lower()
                if lowered:
                    word_like = bool(re.fullmatch(r"[\w\s.-]+", lowered)) and lowered.isascii()
                    node = self.trie
                    for ch in lowered:
                        node = node.setdefault(ch, {})
                    node.setdefault(self._END, (key, word_like))  # listed under two keys: the first's

    def candidates(self, lowered: str) -> list[tuple[int, int, str]]:
        found = []
        size = len(lowered)
        for i, ch in enumerate(lowered):
            node = self.trie.get(ch)
            if node is None:
                continue
            matched: list[tuple[int, str, bool]] = []  # the aliases starting here, shortest first
            end = i + 1
            while node is not None:
                entry = node.get(self._END)
                if entry is not None:
                    matched.append((end, *entry))
                node = node.get(lowered[end]) if end < size else None
                end += 1
            for end, key, word_like in reversed(matched):  # the longest that fits
                if word_like:
                    if i and (lowered[i - 1].isascii() and lowered[i - 1].isalnum()):
                        continue
                    for suffix in ("es", "s", ""):  # plurals: banners, boxes
                        if suffix and not lowered.startswith(suffix, end):
                            continue
                        after = end + len(suffix)
                        if after >= size or not (lowered[after].isascii() and lowered[after].isalnum()):
                            found.append((i, after, key))
                            break
                    else:
                        continue
                else:
                    found.append((i, end, key))
                break  # the longest alias at this position
        return found


_INDEXES: dict[int, AliasIndex] = {}


def alias_index(table: dict[str, list[str]]) -> AliasIndex:
    index = _INDEXES.get(id(table))
    if index is None or index.table is not table:
        index = _INDEXES[id(table)] = AliasIndex(table)
    return index


def find_alias(text: str, table: dict[str, list[str]]) -> list[tuple[int, str, str]]:
    """(position, key, alias) for every alias of every key found in the text, longest alias wins."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: keep positions honest
        lowered = "".join(ch.lower()[:1] for ch in text)
    taken = [False] * len(text)
    result: list[tuple[int, str, str]] = []
    for start, end, key in sorted(alias_index(table).candidates(lowered), key=lambda c: -(c[1] - c[0])):
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
        result.append((start, key, text[start:end]))
    return sorted(result)


def color_words(text: str) -> list[str]:
    words = []
    for color in COLORS:
        words += [color.zh, color.en, *color.aliases_zh, *color.aliases_en]
    words += [c.short + suffix for c in COLORS if c.short for suffix in ("色",)]
    compound = re.findall(r"[红橙黄金绿青蓝紫粉棕米白灰黑]{1,4}(?:配色|色调|色系|撞色|渐变|主色|相间|色)", text)
    return [w for w in words if w and w.lower() in text.lower()] + compound
