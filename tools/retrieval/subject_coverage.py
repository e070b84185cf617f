"""How much of a named subject a gallery image's own names explain (0..1): the calibrated
"does this image show what was named" signal shared by the agent (agent/subject_match.py: does the
gallery have the brief's subject) and `/describe` (tools/describe.py: which gallery symbol names an
ImageNet label).

The share counts characters of a Chinese subject and words of an English one that a name of the
image (label, tags, their parts) or a synonym-table entry explains. Modifiers that do not change
what the object is (colours, 小/大, cute) and packaging after it (礼盒, gift box) are not counted.
The bar it is compared with is the setting `subject_match_threshold`, calibrated on the gallery by
bench/subject_threshold.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tools.colors import COLORS

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
# Words that describe an object without changing what it is.
_MODIFIERS_ZH = ("可爱的", "可爱", "迷你", "立体", "卡通", "一辆", "一个", "一只", "一张", "一台", "一把", "一款",
                 "的", "小", "大", "新")
# Packaging a product comes in, and the range words after it: 月饼礼盒 is shown by a mooncake,
# 口红新色 by a lipstick, 羽毛球装备 by a shuttlecock (stripped from the end only).
_PACKAGING_ZH = ("礼盒装", "礼盒", "套装", "礼包", "新色", "新款", "系列", "装备", "用品", "周边")
_PACKAGING_EN = ("gift box", "gift set", "gift pack")
_MODIFIERS_EN = {"a", "an", "the", "of", "small", "big", "little", "large", "mini", "cute", "new", "tiny", "3d",
                 "cartoon", "icon", "one"}


def _colour_words() -> tuple[list[str], set[str]]:
    """Colour words as modifiers: 红色/白色 (a bare 红 stays: 红包 is an object), red/white."""
    zh: set[str] = set()
    en: set[str] = set()
    for colour in COLORS:
        for word in (colour.zh, *colour.aliases_zh):
            if word:
                zh.add(word if word.endswith("色") else word + "色")
        for word in (colour.en, *colour.aliases_en):
            en.update(word.lower().split())
    return sorted(zh, key=len, reverse=True), en


_COLOURS_ZH, _COLOURS_EN = _colour_words()


def _stem(word: str) -> str:
    """Plural → singular, enough for gallery names (boxes → box, cookies → cookie, bags → bag)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _latin_words(text: str) -> list[str]:
    return [_stem(w) for w in _LATIN_WORD.findall(text.lower())]


def _core_zh(text: str) -> str:
    """The Chinese characters of a subject without its modifiers (白色的小推车 → 推车)."""
    text = "".join(ch for ch in text if _CJK.match(ch))
    for word in _COLOURS_ZH:
        if len(text) > len(word) + 1:
            text = text.replace(word, "")
    changed = True
    while changed:  # leading modifiers, one after another (一辆可爱的小推车); never down to one character
        changed = False
        for word in _MODIFIERS_ZH:
            if text.startswith(word) and len(text) - len(word) >= 2:
                text, changed = text[len(word):], True
    for word in _PACKAGING_ZH:
        if text.endswith(word) and len(text) - len(word) >= 2:
            text = text[:-len(word)]
            break
    if len(text) > 2:
        text = text.replace("的", "") or text
    return text


def _names(labels: Iterable[str]) -> tuple[set[str], set[str]]:
    """(Chinese names, English words) of an image: each label and tag, and the parts of labels
    like 按键: # or 雨伞/umbrella."""
    zh: set[str] = set()
    en: set[str] = set()
    for label in labels:
        for part in re.split(r"[:：/,，、()（）]", label or ""):
            chars = "".join(ch for ch in part if _CJK.match(ch))
            if chars:
                zh.update({chars, chars.replace("的", "") or chars})  # subjects are compared without 的
            words = _latin_words(part)
            en.update(words)
            if len(words) > 1:
                en.add("".join(words))  # moon cake → mooncake, tooth brush → toothbrush
    return zh, en


def subject_coverage(subject: str, labels: Iterable[str], synonyms: Any = None) -> float:
    """Share (0..1) of `subject` that the image's `labels` (label and tag texts, zh and en)
    explain, directly or through the synonym table (`synonyms.of(word)` → gallery words)."""
    names_zh, names_en = _names(labels)
    zh = _core_zh(subject)
    latin = " ".join(_latin_words(subject))
    for phrase in _PACKAGING_EN:
        if latin.endswith(" " + phrase):
            latin = latin[:-len(phrase) - 1]
            break
    en = [w for w in latin.split() if w not in _MODIFIERS_EN and w not in _COLOURS_EN]
    if not en and not zh:
        # A colour word alone is the object (lemon, orange), not a modifier of one.
        en = [w for w in latin.split() if w not in _MODIFIERS_EN]

    def named(phrase: str) -> bool:
        """The phrase is a name of the image, or the synonym table maps it to one."""
        gallery_words = [phrase] + (list(synonyms.of(phrase)) if synonyms is not None else [])
        for word in gallery_words:
            chars = "".join(ch for ch in word if _CJK.match(ch))
            if chars and chars in names_zh:
                return True
            words = _latin_words(word)
            if words and not chars and all(w in names_en for w in words):
                return True
        return False

    units = len(zh) + len(en)
    if units == 0:
        return 0.0
    if named(subject.strip()) or (zh and not en and named(zh)):
        return 1.0
    covered = [False] * len(zh)
    # Chinese: every name (or synonym-table phrase that leads to a name) found inside the subject
    # explains its characters.
    for start in range(len(zh)):
        for end in range(len(zh), start, -1):
            piece = zh[start:end]
            if all(covered[start:end]):
                break
            if piece in names_zh or (len(piece) >= 2 and named(piece)):
                covered[start:end] = [True] * (end - start)
                break
    # English: words the image's names contain; a two-word synonym phrase counts for both.
    en_covered = [w in names_en for w in en]
    for i in range(len(en) - 1):
        if named(f"{en[i]} {en[i + 1]}"):
            en_covered[i] = en_covered[i + 1] = True
    for i, word in enumerate(en):
        if not en_covered[i] and named(word):
            en_covered[i] = True
    return round((sum(covered) + sum(en_covered)) / units, 4)
