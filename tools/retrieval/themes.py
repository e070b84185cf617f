"""Campaign themes → symbols: how a marketer's query becomes the objects a designer draws.

`prompts/lexicon/themes.yaml` (plus `HUABAO_PROMPTS_DIR/lexicon/themes.yaml` when set) maps
themes such as 限时秒杀 or "back to school" to symbols (lightning bolt, stopwatch; school bag,
pencil). `ThemeLexicon.expand(query)` turns one query into several search texts: the query
itself, what is left of it once the theme words are taken out (its explicit subject), and
each symbol of each theme found. Search runs every text and fuses the results.
"""
from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from tools.errors import TemplateError

# libyaml's loader when PyYAML was built with it: the pure-Python one takes ~0.3 s per lexicon.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SHIPPED_LEXICON = Path(__file__).resolve().parents[2] / "prompts" / "lexicon" / "themes.yaml"
# Built from data by tools/retrieval/build_themes.py (CLDR annotations, emojibase tags, word vectors);
# loaded first, so the hand lexicon above and a user's lexicon win over it.
BUILT_LEXICON = SHIPPED_LEXICON.with_name("themes_built.json")
# Written from the gallery's side, theme by theme, without the query sets; loaded first, so it only
# adds themes and names the built and hand lexicons lack (on dev, giving way did better than winning).
GLOSSARY_LEXICON = SHIPPED_LEXICON.with_name("themes_glossary.json")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Words that carry no subject once a theme is taken out of a query ("双十一活动海报" → nothing left).
_FILLER = re.compile(
    r"活动|海报|弹窗|主题|专题|会场|素材|图标|图片|配图|元素|大促|促销|特惠|营销|运营|设计|页面|banner|"
    # When and how a campaign runs, and what the shopper does: never an object beside a theme
    # ("flash sale ends tonight" names no END arrow, "refer a friend get $10" no massage).
    r"今晚|今天|今日|明天|本周|周末|结束|截止|立即|马上|快来|速来|领取|整箱|囤货|到家|啦|呀|"
    # For how long an offer runs, or how long until an occasion: the setting of the offer or the
    # occasion, not its topic (限时 5折, "limited-time 30% off", 元旦倒计时 is the new year's)
    r"限时|\blimited[\s\-]+time\b|倒计时|\bcount[\s\-]?down\b|"
    # What a theme is offered as, not an object of its own (理财产品, 隐私保护, 宠物用品, "repair services")
    r"产品|服务|保护|用品|功能|\bservices?\b|"
    # How a service is reached: live or online is no object ("live agent", 在线咨询)
    r"在线|线上|\b(?:live|online)\b|"
    # Who it is said to (温暖你, 陪伴我们): a pronoun beside a theme names no pointing finger
    r"你们|我们|咱们|大家|您|你|我|"
    r"\b(?:sale|sales|campaign|event|poster|popup|banner|icon|icons|theme|promo|promotion|deals?|offers?|"
    r"get|gets|got|win|wins|earn|grab|claim|enjoy|ends?|ending|starts?|starting|tonight|today|tomorrow|"
    r"now|soon|only|announced?|announcing|weekends?|specials?|"
    # the holiday or the meal a festival is: "national day holiday", "thanksgiving dinner"
    r"holidays?|dinner|feast|banquet|大餐|盛宴|晚宴|"
    r"for|with|of|the|a|an|in|on|to|and|at|by|my|our|your)\b|"
    # How long or how often a service runs (7x24小时, 24/7, "48 hours"): no clock is named
    r"\d+\s*[x×*/]\s*\d+(?:\s*小时)?|\d+\s*(?:小时|分钟|天|(?:hours?|hrs?|minutes?|mins?|days?)(?![a-z]))|"
    r"[的之和与及、，,。.!！?？:：;；\s]+",
    re.IGNORECASE,
)


class Symbol(BaseModel):
    zh: str
    en: str

    @property
    def query(self) -> str:
        """One bilingual search text: the multilingual embedders read both halves."""
        return f"{self.zh} {self.en}".strip()


class Theme(BaseModel):
    name: str
    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    symbols: list[Symbol] = Field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        return list(dict.fromkeys([self.name, *self.zh, *self.en]))


class Expansion(BaseModel):
    """One text to search for, and why."""

    text: str
    source: str  # "query", "subject" or "theme:<name>"
    rank: int = 0  # a symbol's position in its theme: the lexicon lists the most typical first


@dataclass(frozen=True)
class ThemeMatch:
    theme: Theme
    alias: str
    start: int
    end: int


# In an alias, `#` stands for any amount: 满#减# is 满300减50 and 满99元减10元, "#% off" is "30% off".
NUMBER = "#"
RECENT_SPANS = 1024   # texts whose theme scan a lexicon keeps
_AMOUNT = r"\d+(?:\.\d+)?(?:元|块)?"
# In Chinese an amount is as often written in characters: 七折, 八五折, 满三百减五十.
_AMOUNT_ZH = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)(?:元|块)?"
# Between the words of an English alias a query may put an article or a possessive:
# "track order" is also "track your order", "refer friend" also "refer a friend"; and a comma,
# as slogans do ("new year, new me").
_EN_GAP = r"(?:[\s\-]+(?:a|an|the|your|my|our|their)(?=[\s\-]))?[\s\-,]*"


def _probe(alias: str) -> str:
    """A substring every match of the alias contains (its first word, lower-cased; for an alias
    with an amount, its longest literal piece)."""
    words = [word for word in re.split(r"[\s\-]+", alias.lower().strip()) if word]
    if NUMBER in alias:
        pieces = [piece for word in words for piece in word.split(NUMBER) if piece]
        return max(pieces, key=len) if pieces else ""
    return words[0] if words else alias.lower()


@lru_cache(maxsize=8192)
def _alias_pattern(alias: str) -> re.Pattern[str]:
    """zh aliases match anywhere; Latin and digit aliases only as whole words ("51" not in "518")."""
    amount = _AMOUNT_ZH if _CJK.search(alias) else _AMOUNT
    words = [re.escape(word).replace(re.escape(NUMBER), amount)
             for word in re.split(r"[\s\-]+", alias.lower().strip()) if word]
    if _CJK.search(alias):
        return re.compile(r"[\s\-]*".join(words))
    return re.compile(rf"(?<![a-z0-9]){_EN_GAP.join(words)}(?![a-z0-9])")


class ThemeLexicon:
    def __init__(self, themes: list[Theme]):
        self.themes = themes
        # Longest alias first, so 双十一 wins over 十一 and "mid-year sale" over "sale"; of two as
        # long, the one with an amount, which may say more (#折 is all of 八五折, 五折 only its end).
        pairs = [(alias, theme) for theme in themes for alias in theme.aliases if alias.strip()]
        pairs.sort(key=lambda pair: (-len(pair[0]), NUMBER not in pair[0]))
        # (probe, alias, theme): the regex is compiled on first use, and only tried when the
        # probe (the alias, or its first word) occurs in the query; compiling a thousand
        # patterns up front cost a cold `huabao search` ~0.2 s.
        self._aliases = [(_probe(alias), alias, theme) for alias, theme in pairs]
        # A poster's searches ask about the same few texts many times (match, subject, amounts):
        # each scan tries every alias, so recent answers are kept (a lexicon is immutable).
        self._recent_spans: OrderedDict[tuple[str, frozenset[tuple[int, int]]], tuple[ThemeMatch, ...]] = OrderedDict()
        self.scans = 0  # texts scanned alias by alias (an answer kept from before is not a scan)

    @classmethod
    def load(cls, *paths: Path) -> ThemeLexicon:
        """Themes from each existing file, later files winning over earlier ones: a later theme
        replaces an earlier one of the same name, and takes its names from earlier themes (an
        earlier theme named like a later alias is dropped, an earlier alias a later theme also
        uses is removed), so one word never means two themes from different files."""
        merged: dict[str, Theme] = {}
        for path in paths:
            if path is None or not Path(path).is_file():
                continue
            themes = _parse(Path(path))
            claimed = {alias.lower() for theme in themes for alias in theme.aliases}
            for name in list(merged):
                earlier = merged[name]
                if name.lower() in claimed:
                    del merged[name]
                    continue
                merged[name] = earlier.model_copy(update={
                    "zh": [a for a in earlier.zh if a.lower() not in claimed],
                    "en": [a for a in earlier.en if a.lower() not in claimed]})
            for theme in themes:
                merged[theme.name] = theme
        return cls(list(merged.values()))

    def match(self, query: str, ignore: Collection[tuple[int, int]] = ()) -> list[ThemeMatch]:
        """Themes named in `query`, left to right, without overlaps, each theme once; alias
        occurrences at the (start, end) spans in `ignore` do not count (see `_spans`)."""
        unique: dict[str, ThemeMatch] = {}
        for item in self._spans(query, ignore):
            unique.setdefault(item.theme.name, item)
        return list(unique.values())

    def occurrences(self, query: str) -> list[ThemeMatch]:
        """Every non-overlapping alias occurrence in `query` (lower-cased positions), left to right."""
        return self._spans(query)

    def _spans(self, query: str, ignore: Collection[tuple[int, int]] = ()) -> list[ThemeMatch]:
        """Every non-overlapping alias occurrence, left to right, but those at an `ignore` span
        (the caller found the alias there to be part of a longer word: 加油 in 加油站)."""
        key = (query.lower(), frozenset(ignore))
        found = self._recent_spans.get(key)
        if found is None:
            found = tuple(self._scan(*key))
            self.scans += 1
            self._recent_spans[key] = found
            if len(self._recent_spans) > RECENT_SPANS:
                self._recent_spans.popitem(last=False)
        return list(found)

    def _scan(self, text: str, ignore: Collection[tuple[int, int]]) -> list[ThemeMatch]:
        found: list[ThemeMatch] = []
        taken: list[tuple[int, int]] = []
        for probe, alias, theme in self._aliases:
            if probe not in text:
                continue
            for hit in _alias_pattern(alias).finditer(text):
                start, end = hit.span()
                if any(start < b and a < end for a, b in taken):
                    continue
                if (start, end) in ignore:
                    taken.append((start, end))  # nor does a shorter alias inside it
                    continue
                taken.append((start, end))
                found.append(ThemeMatch(theme, alias, start, end))
        found.sort(key=lambda m: m.start)
        return found

    def without_amounts(self, query: str) -> str:
        """The query (lower-cased) with its price formulas blanked out (满300减50, 30% off: the
        aliases with an amount): a character between the numbers is part of the offer, not a name
        (the 减 of 满300减50 is no minus sign)."""
        text = query.lower()
        for item in self._spans(text):
            if NUMBER in item.alias:
                text = text[:item.start] + " " * (item.end - item.start) + text[item.end:]
        return text

    def subject(self, query: str, ignore: Collection[tuple[int, int]] = ()) -> str:
        """What a query says besides its themes and marketing filler ("开学季 相机" → "相机",
        "双十一大促" → ""), in the user's own casing; the whole query when it names no theme."""
        spans = self._spans(query, ignore)
        if not spans:
            return query.strip()
        rest = query.lower()
        for item in sorted(spans, key=lambda m: -m.start):
            rest = rest[:item.start] + " " + rest[item.end:]
        subject = _FILLER.sub(" ", rest).strip()
        return _restore_case(query, subject) if subject and _has_content(subject) else ""

    def expand(self, query: str, *, max_symbols: int = 6) -> list[Expansion]:
        """The query, its leftover subject when a theme was named, then each theme's symbols."""
        query = query.strip()
        expansions = [Expansion(text=query, source="query")]
        matches = self.match(query)
        if not matches:
            return expansions
        subject = self.subject(query)
        if subject:
            expansions.append(Expansion(text=subject, source="subject"))
        seen = {e.text.lower() for e in expansions}
        # Interleave symbols across themes so "春节红包" is not all lanterns.
        per_theme = [m.theme.symbols[:max_symbols] for m in matches]
        for rank in range(max_symbols):
            for item, symbols in zip(matches, per_theme):
                if rank < len(symbols) and symbols[rank].query.lower() not in seen:
                    seen.add(symbols[rank].query.lower())
                    expansions.append(Expansion(text=symbols[rank].query, source=f"theme:{item.theme.name}", rank=rank))
        return expansions


def names_a_setting(alias: str) -> bool:
    """Whether a theme was named by a word that only says when (周末, weekend, 今天): beside another
    theme it is the setting, not the topic (周末摆烂 is lying flat, at the weekend)."""
    return bool(_FILLER.fullmatch(alias.lower()))


# Two-letter English words that say nothing of an object; any other (tv, pc, vr) may name one.
_EN_SHORT_FUNCTION_WORDS = frozenset("a an of to in on at by up my me we us it is be do go no so or as if am".split())


def _has_content(text: str) -> bool:
    return bool(_CJK.search(text)) or bool(re.search(r"[a-z]{3,}", text)) \
        or any(w not in _EN_SHORT_FUNCTION_WORDS for w in re.findall(r"\b[a-z][a-z0-9]\b", text))


def _restore_case(original: str, lowered_part: str) -> str:
    index = original.lower().find(lowered_part)
    return original[index:index + len(lowered_part)] if index >= 0 else lowered_part


def _parse(path: Path) -> list[Theme]:
    """A lexicon file: YAML (hand-written), or JSON (the built one: same layout, faster to read)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = (json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_YAML_LOADER)) or {}
    except (OSError, ValueError, yaml.YAMLError) as err:
        raise TemplateError(f"theme lexicon {path} cannot be read: {err}") from err
    entries = data.get("themes", {}) if isinstance(data, dict) else {}
    if not isinstance(entries, dict):
        raise TemplateError(f"theme lexicon {path}: `themes` must be a mapping of name → theme")
    themes = []
    for name, entry in entries.items():
        entry = entry or {}
        symbols = entry.get("symbols") or {}
        if not isinstance(symbols, dict):
            raise TemplateError(f"theme lexicon {path}: theme {name}: `symbols` must map 中文 → english")
        themes.append(Theme(
            name=str(name),
            zh=[str(a) for a in entry.get("zh") or []],
            en=[str(a) for a in entry.get("en") or []],
            symbols=[Symbol(zh=str(zh), en=str(en or "")) for zh, en in symbols.items()],
        ))
    return themes


@lru_cache(maxsize=8)
def _cached(paths: tuple[Path, ...], stamps: tuple[float, ...]) -> ThemeLexicon:
    return ThemeLexicon.load(*paths)


def load_lexicon(prompts_dir: Path | None = None) -> ThemeLexicon:
    """The glossary's themes, the built lexicon over them, the hand one over both, the user's over
    all; reloaded when a file changes."""
    paths = [GLOSSARY_LEXICON, BUILT_LEXICON, SHIPPED_LEXICON]
    if prompts_dir is not None:
        paths.append(Path(prompts_dir) / "lexicon" / "themes.yaml")
    stamps = tuple(p.stat().st_mtime if p.is_file() else 0.0 for p in paths)
    return _cached(tuple(paths), stamps)
