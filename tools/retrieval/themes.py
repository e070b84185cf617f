"""Campaign themes → symbols: how a marketer's query becomes the objects a designer draws.

`prompts/lexicon/themes.yaml` (plus `HUABAO_PROMPTS_DIR/lexicon/themes.yaml` when set) maps
themes such as 限时秒杀 or "back to school" to symbols (lightning bolt, stopwatch; school bag,
pencil). `ThemeLexicon.expand(query)` turns one query into several search texts: the query
itself, what is left of it once the theme words are taken out (its explicit subject), and
each symbol of each theme found. Search runs every text and fuses the results.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from tools.errors import TemplateError

SHIPPED_LEXICON = Path(__file__).resolve().parents[2] / "prompts" / "lexicon" / "themes.yaml"
_CJK = re.compile(r"[\u3400-\u9fff]")
# Words that carry no subject once a theme is taken out of a query ("双十一活动海报" → nothing left).
_FILLER = re.compile(
    r"活动|海报|弹窗|主题|专题|会场|素材|图标|图片|配图|元素|大促|促销|特惠|营销|运营|设计|页面|banner|"
    r"\b(?:sale|sales|campaign|event|poster|popup|banner|icon|icons|theme|promo|promotion|deals?|offers?|"
    r"for|with|of|the|a|an|in|on|to|and|at|by|my|our|your)\b|"
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


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """zh aliases match anywhere; Latin and digit aliases only as whole words ("51" not in "518")."""
    words = [re.escape(word) for word in re.split(r"[\s\-]+", alias.lower().strip()) if word]
    escaped = r"[\s\-]*".join(words)
    if _CJK.search(alias):
        return re.compile(escaped)
    return re.compile(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])")


class ThemeLexicon:
    def __init__(self, themes: list[Theme]):
        self.themes = themes
        # Longest alias first, so 双十一 wins over 十一 and "mid-year sale" over "sale".
        pairs = [(alias, theme) for theme in themes for alias in theme.aliases if alias.strip()]
        pairs.sort(key=lambda pair: -len(pair[0]))
        self._patterns = [(_alias_pattern(alias), alias, theme) for alias, theme in pairs]

    @classmethod
    def load(cls, *paths: Path) -> ThemeLexicon:
        """Themes from each existing file, later files overriding earlier ones by name."""
        merged: dict[str, Theme] = {}
        for path in paths:
            if path is None or not Path(path).is_file():
                continue
            for theme in _parse(Path(path)):
                merged[theme.name] = theme
        return cls(list(merged.values()))

    def match(self, query: str) -> list[ThemeMatch]:
        """Themes named in `query`, left to right, without overlaps, each theme once."""
        unique: dict[str, ThemeMatch] = {}
        for item in self._spans(query):
            unique.setdefault(item.theme.name, item)
        return list(unique.values())

    def _spans(self, query: str) -> list[ThemeMatch]:
        """Every non-overlapping alias occurrence, left to right."""
        text = query.lower()
        found: list[ThemeMatch] = []
        taken: list[tuple[int, int]] = []
        for pattern, alias, theme in self._patterns:
            for hit in pattern.finditer(text):
                start, end = hit.span()
                if any(start < b and a < end for a, b in taken):
                    continue
                taken.append((start, end))
                found.append(ThemeMatch(theme, alias, start, end))
        found.sort(key=lambda m: m.start)
        return found

    def expand(self, query: str, *, max_symbols: int = 6) -> list[Expansion]:
        """The query, its leftover subject when a theme was named, then each theme's symbols."""
        query = query.strip()
        expansions = [Expansion(text=query, source="query")]
        matches = self.match(query)
        if not matches:
            return expansions
        rest = query.lower()
        for item in sorted(self._spans(query), key=lambda m: -m.start):
            rest = rest[:item.start] + " " + rest[item.end:]
        subject = _FILLER.sub(" ", rest).strip()
        if subject and _has_content(subject):
            # Keep the user's own casing for the subject words.
            expansions.append(Expansion(text=_restore_case(query, subject), source="subject"))
        seen = {e.text.lower() for e in expansions}
        # Interleave symbols across themes so "春节红包" is not all lanterns.
        per_theme = [m.theme.symbols[:max_symbols] for m in matches]
        for rank in range(max_symbols):
            for item, symbols in zip(matches, per_theme):
                if rank < len(symbols) and symbols[rank].query.lower() not in seen:
                    seen.add(symbols[rank].query.lower())
                    expansions.append(Expansion(text=symbols[rank].query, source=f"theme:{item.theme.name}", rank=rank))
        return expansions


def _has_content(text: str) -> bool:
    return bool(_CJK.search(text)) or bool(re.search(r"[a-z]{3,}", text))


def _restore_case(original: str, lowered_part: str) -> str:
    index = original.lower().find(lowered_part)
    return original[index:index + len(lowered_part)] if index >= 0 else lowered_part


def _parse(path: Path) -> list[Theme]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
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
    """The shipped lexicon plus the user's, reloaded when either file changes."""
    paths = [SHIPPED_LEXICON]
    if prompts_dir is not None:
        paths.append(Path(prompts_dir) / "lexicon" / "themes.yaml")
    stamps = tuple(p.stat().st_mtime if p.is_file() else 0.0 for p in paths)
    return _cached(tuple(paths), stamps)
