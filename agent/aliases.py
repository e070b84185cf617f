"""A lexicon's words found in a brief: the aliases of formats, styles, themes and nouns (longest
first, whole words for Latin), and colour words. The brief parser and the copy extractor share it."""
from __future__ import annotations

import re

from tools.colors import COLORS


class AliasIndex:
    """Aliases by first character, longest first: a scan of a short brief checks a handful of
    aliases per position instead of running one regex per alias."""

    def __init__(self, table: dict[str, list[str]]):
        self.table = table
        self.by_first: dict[str, list[tuple[str, str, bool]]] = {}
        for key, names in table.items():
            for alias in names:
                lowered = alias.lower()
                if lowered:
                    word_like = bool(re.fullmatch(r"[\w\s.-]+", lowered)) and lowered.isascii()
                    self.by_first.setdefault(lowered[0], []).append((lowered, key, word_like))
        for entries in self.by_first.values():
            entries.sort(key=lambda entry: -len(entry[0]))

    def candidates(self, lowered: str) -> list[tuple[int, int, str]]:
        found = []
        for i, ch in enumerate(lowered):
            entries = self.by_first.get(ch)
            if not entries:
                continue
            for alias, key, word_like in entries:
                if not lowered.startswith(alias, i):
                    continue
                end = i + len(alias)
                if word_like:
                    if i and (lowered[i - 1].isascii() and lowered[i - 1].isalnum()):
                        continue
                    for suffix in ("es", "s", ""):  # plurals: banners, boxes
                        if suffix and not lowered.startswith(suffix, end):
                            continue
                        after = end + len(suffix)
                        if after >= len(lowered) or not (lowered[after].isascii() and lowered[after].isalnum()):
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
