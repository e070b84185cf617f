"""Test variants of one popup, of which the brief asks for one: Variant A ⏎- Title: … ⏎Variant B ⏎- Title: … with
"only B needs art", a YAML config's control: / treatment: with 这次只要出 treatment 的稿子, a JSON config's
"variants": {"A": {…}, "B": {…}} with 只做B组的图. The variants the brief does not ask for are no copy: they are
blanked before the copy is read, so every other rule reads the asked-for variant as the brief's only copy.
When the brief asks for none, or for more than one, nothing is blanked and the copy is read as before.
"""
from __future__ import annotations

import re

# Variant B / Version 2 / Option A / 方案B / B组 / B版 / control: / treatment: / 对照组 / 实验组, alone on its line
# (a bullet, a markdown heading or bold around it, a colon and a short remark in brackets after it).
# The words that name a variant: before its letter or number (Variant B, 方案B) or after it (B组, B版).
_EN_LEADS = r"variant|version|option|arm"
_ZH_LEADS = r"方案|版本"
_ZH_TAILS = r"组|組|版|方案"
_KEY = r"[A-Da-d]|[1-4]"
_HEAD = re.compile(
    rf"^[ \t>*#•-]*(?:\*\*)?[ \t]*(?:(?i:{_EN_LEADS})[ \t_-]*(?P<key1>{_KEY})"
    rf"|(?:{_ZH_LEADS})[ \t]*(?P<key2>{_KEY})|(?P<key3>{_KEY})[ \t]*(?:{_ZH_TAILS})"
    r"|(?P<arm>(?i:control|treatment)|对照组|對照組|实验组|實驗組))(?:\*\*)?[ \t]*[:：]?[ \t]*(?:\*\*)?"
    r"(?:[（(][^()（）\n]{0,40}[)）])?[ \t]*$", re.MULTILINE)
# Variant A: title '…' / sub '…' / 方案B：…: a variant whose copy follows its name on the same line.
_INLINE_HEAD = re.compile(
    rf"^[ \t>*#•-]*(?:\*\*)?[ \t]*(?:(?i:{_EN_LEADS})[ \t_-]*(?P<key1>{_KEY})|(?:{_ZH_LEADS})[ \t]*(?P<key2>{_KEY})"
    r"|(?P<arm>(?i:control|treatment)|对照组|對照組|实验组|實驗組))(?:\*\*)?[ \t]*(?:[:：]|[—–-]+)[ \t]*(?=\S)",
    re.MULTILINE)
_NAMED_KEY = re.compile(rf"(?i:(?:{_EN_LEADS})[ \t_-]*)?({_KEY})(?:[ \t]*(?:{_ZH_TAILS}))?|(?:{_ZH_LEADS})[ \t]*({_KEY})")
_LEADS_A_NUMBER = re.compile(rf"(?i){_EN_LEADS}|{_ZH_LEADS}")
_ARMS = {"control": "control", "treatment": "treatment", "对照组": "control", "對照組": "control",
         "实验组": "treatment", "實驗組": "treatment"}
_VARIANTS_MIN = 2

# The words around a variant's name that ask for it (only B needs art, 只做B组, go with treatment) or set it aside
# (A组沿用旧图, we're killing variant A, control 用线上那张).
_ASK = re.compile(r"(?i:\b(?:only|just|need|needs|make|do|design|use|(?:go|going|went)\s+with|pick(?:ed)?|chose|winner|won|wins)\b)"
                  r"|只|仅|僅|需要|要出|做|出|用|选|選|定")
_SET_ASIDE = re.compile(r"(?i:\b(?:kill(?:ing|ed)?|drop(?:ping|ped)?|ignore|old|existing|live|current|already|lost|loser|retire[ds]?"
                        r"|keep(?:s|ing)?\s+(?:the\s+)?(?:old|current|existing|live))\b)"
                        r"|沿用|旧图|舊圖|旧的|舊的|线上|線上|不用|不要|不做|别做|別做|已经|已經|原图|原圖|现有|現有|保持")
_CLAUSE = re.compile(r"[，,。.;；!！?？\n]|(?i:\bso\b|\bbut\b)")


def variant_key(name: str) -> str | None:
    """The variant a heading or a config's key names (Variant B, variant_b, B, 方案B, B组, treatment), else None."""
    name = name.strip()
    if arm := _ARMS.get(name.lower()):
        return arm
    found = _NAMED_KEY.fullmatch(name)
    if not found:
        return None
    key = found.group(1) or found.group(2)
    if key.isdigit() and not _LEADS_A_NUMBER.match(name):
        return None  # a bare 1 or 2 is a number, not a variant
    return key.upper()


def _mentions(text: str, key: str) -> list[re.Match[str]]:
    if key in ("control", "treatment"):
        words = {"control": r"control|对照组|對照組", "treatment": r"treatment|实验组|實驗組"}[key]
        return list(re.finditer(rf"(?i)(?<![A-Za-z])(?:{words})(?![A-Za-z])", text))
    if key.isdigit():
        return list(re.finditer(rf"(?i)(?:variant|version|option|方案|版本)[ \t_-]*{key}(?!\d)", text))
    return list(re.finditer(rf"(?<![A-Za-z0-9]){key}(?![A-Za-z0-9])|(?<![A-Za-z])(?i:variant|version|option)[ \t_-]*"
                            rf"{key.lower()}(?![A-Za-z0-9])", text))


def picked_variant(text: str, keys: list[str], inside: list[tuple[int, int]]) -> str | None:
    """The one variant the brief's words outside the variants ask for, else None."""
    asked, set_aside = set(), set()
    for key in keys:
        for found in _mentions(text, key):
            if any(start <= found.start() < end for start, end in inside):
                continue
            before = [m.end() for m in _CLAUSE.finditer(text, 0, found.start())]
            after = _CLAUSE.search(text, found.end())
            clause = text[before[-1] if before else 0:after.start() if after else len(text)]
            if _SET_ASIDE.search(clause):
                set_aside.add(key)
            elif _ASK.search(clause):
                asked.add(key)
    asked -= set_aside
    if len(asked) == 1:
        return asked.pop()
    left = [key for key in keys if key not in set_aside]
    return left[0] if not asked and set_aside and len(left) == 1 else None


def _head_key(head: re.Match[str]) -> str:
    """The variant a heading names: A–D or 1–4 (upper case), control or treatment."""
    if arm := head.group("arm"):
        return _ARMS[arm.lower()]
    keys = head.groupdict()
    return next(keys[name] for name in ("key1", "key2", "key3") if keys.get(name)).upper()


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def unpicked_variants_blanked(text: str) -> str:
    """The text with the variants the brief does not ask for (and every variant's heading) blanked, lines kept.
    A variant runs from its heading to the next heading or the first blank line; one named at its line's start
    (Variant B: title '…') is that line."""
    heads = list(_HEAD.finditer(text))
    blocks: list[tuple[str, int, int, int]] = []  # key, heading start, heading end, block end
    if len(heads) >= _VARIANTS_MIN:
        for k, head in enumerate(heads):
            limit = heads[k + 1].start() if k + 1 < len(heads) else len(text)
            blank_line = _BLANK_LINE.search(text, head.end(), limit)
            blocks.append((_head_key(head), head.start(), head.end(), blank_line.start() if blank_line else limit))
    elif len(inline := list(_INLINE_HEAD.finditer(text))) >= _VARIANTS_MIN:
        for head in inline:
            line_end = text.find("\n", head.end())
            blocks.append((_head_key(head), head.start(), head.end(), line_end if line_end >= 0 else len(text)))
    else:
        return text
    keys = [block[0] for block in blocks]
    if len(set(keys)) != len(keys):
        return text
    picked = picked_variant(text, keys, [(start, end) for _, start, _, end in blocks])
    if picked is None:
        return text
    spans = [(start, end) if key != picked else (start, head_end) for key, start, head_end, end in blocks]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [ch if ch == "\n" else " " for ch in text[start:end]]
    return "".join(chars)

