"""The Brief: what a marketer asked for, as data. Parsed deterministically from free zh/en text.

"双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取" becomes
subjects=[福袋], theme=双十一, palette=[red, yellow], format=popup, copy.title=好运福袋 ...
The LLM agent produces the same model; the offline planner uses `parse_brief`.
"""
from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, field_validator

from tools.colors import COLORS, find_colors
from tools.errors import BriefError
from tools.retrieval.themes import load_lexicon

LEXICON_DIR = Path(__file__).resolve().parents[1] / "prompts" / "lexicon"
MAX_COUNT = 16


class Copy(BaseModel):
    title: str = ""
    subtitle: str = ""
    cta: str = ""
    body: str = ""

    def is_empty(self) -> bool:
        return not (self.title or self.subtitle or self.cta or self.body)


class Brief(BaseModel):
    raw: str = ""
    subjects: list[str] = Field(default_factory=list)
    modifiers: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)
    palette: list[str] = Field(default_factory=list, description="Colour keys from tools.colors.")
    style: list[str] = Field(default_factory=list, description="Style keys from the brief lexicon.")
    theme: str | None = None
    copy_text: Copy = Field(default_factory=Copy, alias="copy")
    format: str | None = Field(None, description="popup | poster | banner | square | WxH; None: the template's.")
    count: int = 1
    references: list[str] = Field(default_factory=list, description="Reference image paths or gallery ids.")
    template: str | None = None
    language: str = "zh"

    model_config = {"populate_by_name": True}

    @field_validator("palette")
    @classmethod
    def _known_colours(cls, value: list[str]) -> list[str]:
        known = {c.key for c in COLORS}
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"unknown colour(s) {unknown}; known: {sorted(known)}")
        return value

    @field_validator("count")
    @classmethod
    def _count_range(cls, value: int) -> int:
        if not 1 <= value <= MAX_COUNT:
            raise ValueError(f"count must be between 1 and {MAX_COUNT}")
        return value

    @property
    def copy(self) -> Copy:  # noqa: A003 - the domain word
        return self.copy_text

    def with_copy(self, **changes: str) -> "Brief":
        return self.model_copy(update={"copy_text": self.copy_text.model_copy(update=changes)})


class BriefLexicon:
    """The vocabulary in prompts/lexicon/*.yaml, loaded once per planner."""

    def __init__(self, lexicon_dir: Path = LEXICON_DIR):
        data = yaml.safe_load((lexicon_dir / "brief.yaml").read_text(encoding="utf-8"))
        self.copy_labels: dict[str, list[str]] = data["copy_labels"]
        self.formats: dict[str, list[str]] = data["formats"]
        self.styles: dict[str, list[str]] = data["styles"]
        self.filler_zh: set[str] = set(data["filler"]["zh"])
        self.filler_en: set[str] = {w.lower() for w in data["filler"]["en"]}
        self.numbers_zh: dict[str, int] = data["numbers_zh"]
        self.nouns: list[str] = list(data.get("nouns", []))
        # Campaign themes are shared with retrieval (prompts/lexicon/themes.yaml).
        self.theme_lexicon = load_lexicon()
        self.themes: dict[str, list[str]] = {t.name: t.aliases for t in self.theme_lexicon.themes}

    @cached_property
    def label_pattern(self) -> re.Pattern[str]:
        labels = sorted({label for names in self.copy_labels.values() for label in names}, key=len, reverse=True)
        alternatives = "|".join(re.escape(label) for label in labels)
        # A label counts at the start or after punctuation/space, followed by ：or :
        return re.compile(rf"(?:(?<=^)|(?<=[\s，,。；;、|/]))({alternatives})\s*[：:]\s*", re.IGNORECASE)

    def theme_symbols(self, name: str) -> list[str]:
        """The symbols designers draw for a theme, as bilingual search texts."""
        for theme in self.theme_lexicon.themes:
            if theme.name == name:
                return [symbol.query for symbol in theme.symbols]
        return []

    def field_for_label(self, label: str) -> str:
        lowered = label.lower()
        for field, names in self.copy_labels.items():
            if lowered in (n.lower() for n in names):
                return field
        raise KeyError(label)

    @cached_property
    def jieba(self):
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
        words = [w for names in self.styles.values() for w in names]
        words += [w for names in self.themes.values() for w in names]
        for word in words:
            if re.search(r"[\u4e00-\u9fff]", word):
                tokenizer.tokenizer.add_word(word, freq=200000, tag="nz")
        for noun in self.nouns:
            tokenizer.tokenizer.add_word(noun, freq=200000, tag="n")
        return tokenizer


# Quote pairs people put around copy.
_QUOTES = "\"'“”‘’「」『』《》"
_SEGMENT_END = re.compile(r"[，,；;。\n|]")


def _clean_copy(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()


def _extract_copy(text: str, lexicon: BriefLexicon) -> tuple[Copy, str]:
    """Pull labelled copy out of the text; return it and the text that is left."""
    fields: dict[str, str] = {}
    matches = list(lexicon.label_pattern.finditer(text))
    kept_parts: list[str] = []
    cursor = 0
    for i, match in enumerate(matches):
        kept_parts.append(text[cursor:match.start()])
        value_start = match.end()
        next_label = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[value_start:next_label]
        # A quoted value may contain commas; otherwise the value ends at the first separator.
        quoted = re.match(r"\s*([\"“「『'‘])(.*?)([\"”」』'’])", value)
        if quoted:
            end = quoted.end()
            value_text = quoted.group(2)
        else:
            end_match = _SEGMENT_END.search(value)
            end = end_match.start() if end_match else len(value)
            value_text = value[:end]
        field = lexicon.field_for_label(match.group(1))
        if value_text.strip() and field not in fields:
            fields[field] = _clean_copy(value_text)
        cursor = value_start + end
    kept_parts.append(text[cursor:])
    return Copy(**fields), " ".join(kept_parts)


def _extract_count(text: str, lexicon: BriefLexicon) -> tuple[int, str]:
    numerals = "".join(lexicon.numbers_zh)
    patterns = [
        rf"(\d+|[{numerals}])\s*(?:张|款|幅|版|套)",
        r"\b[x×]\s*(\d+)\b",
        r"\bn\s*=\s*(\d+)\b",
        r"\b(\d+)\s+(?:posters?|popups?|banners?|images?|variants?|versions?|candidates?)\b",
    ]
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            token = match.group(1)
            count = int(token) if token.isdigit() else lexicon.numbers_zh[token]
            # Drop only the number: "4 posters" keeps "posters" for the format.
            start, end = match.span(1)
            return max(1, min(count, MAX_COUNT)), text[:start] + " " + text[end:]
    return 1, text


def _extract_size(text: str) -> tuple[str | None, str]:
    match = re.search(r"(\d{2,5})\s*[x×*]\s*(\d{2,5})", text)
    if match:
        return f"{match.group(1)}x{match.group(2)}", text[:match.start()] + " " + text[match.end():]
    return None, text


def _find_alias(text: str, table: dict[str, list[str]]) -> list[tuple[int, str, str]]:
    """(position, key, alias) for every alias of every key found in the text, longest alias wins."""
    lowered = text.lower()
    found: list[tuple[int, str, str]] = []
    taken = [False] * len(text)
    aliases = sorted(((a, k) for k, names in table.items() for a in names), key=lambda item: -len(item[0]))
    for alias, key in aliases:
        alias_lower = alias.lower()
        pattern = re.escape(alias_lower)
        if re.fullmatch(r"[\w\s.-]+", alias_lower) and alias_lower.isascii():
            pattern = rf"(?<![a-z0-9]){pattern}(?:s|es)?(?![a-z0-9])"
        for match in re.finditer(pattern, lowered):
            if any(taken[match.start():match.end()]):
                continue
            for i in range(match.start(), match.end()):
                taken[i] = True
            found.append((match.start(), key, text[match.start():match.end()]))
    return sorted(found)


def _remove_spans(text: str, spans: list[str]) -> str:
    for span in sorted(set(spans), key=len, reverse=True):
        text = re.sub(re.escape(span), " ", text, flags=re.IGNORECASE)
    return text


def _color_words(text: str) -> list[str]:
    words = []
    for color in COLORS:
        words += [color.zh, color.en, *color.aliases_zh, *color.aliases_en]
    words += [c.short + suffix for c in COLORS if c.short for suffix in ("色",)]
    compound = re.findall(r"[红橙黄金绿青蓝紫粉棕米白灰黑]{1,4}(?:配色|色调|色系|撞色|渐变|主色|相间|色)", text)
    return [w for w in words if w and w.lower() in text.lower()] + compound


def _subjects(text: str, lexicon: BriefLexicon) -> list[str]:
    subjects: list[str] = []
    for chunk in re.split(r"[，,；;。、\n|/]+", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        # English words: keep the nouns that are not filler; phrases stay together ("gift box").
        latin_run: list[str] = []
        for token in lexicon.jieba.cut(chunk):
            word, flag = token.word.strip(), token.flag
            if not word:
                continue
            if re.fullmatch(r"[A-Za-z][A-Za-z'-]*", word):
                if word.lower() in lexicon.filler_en or len(word) < 2:
                    if latin_run:
                        subjects.append(" ".join(latin_run))
                        latin_run = []
                    continue
                latin_run.append(word.lower())
                continue
            if latin_run:
                subjects.append(" ".join(latin_run))
                latin_run = []
            if word in lexicon.filler_zh or not re.search(r"[\u4e00-\u9fff]", word):
                continue
            if flag.startswith(("n", "vn")) and flag not in ("nr", "ns", "nt") or flag in ("nz", "eng"):
                subjects.append(word)
        if latin_run:
            subjects.append(" ".join(latin_run))
    return list(dict.fromkeys(s for s in subjects if s))


def parse_brief(text: str, lexicon: BriefLexicon | None = None, *, max_chars: int = 2000) -> Brief:
    """Free zh/en text → Brief. Raises BriefError for empty or oversized input."""
    if text is None or not text.strip():
        raise BriefError("the brief is empty: say what the poster is for, e.g. 双十一福袋活动弹窗，标题：好运福袋")
    if len(text) > max_chars:
        raise BriefError(f"the brief is {len(text)} characters; the limit is {max_chars}")
    lexicon = lexicon or BriefLexicon()
    raw = text.strip()
    copy, rest = _extract_copy(raw, lexicon)
    size, rest = _extract_size(rest)
    count, rest = _extract_count(rest, lexicon)

    palette = [c.key for c in find_colors(rest)]
    formats = _find_alias(rest, lexicon.formats)
    styles = _find_alias(rest, lexicon.styles)
    themes = _find_alias(rest, lexicon.themes)

    remaining = _remove_spans(rest, [a for _, _, a in formats + styles + themes] + _color_words(rest))
    subjects = _subjects(remaining, lexicon)

    language = "zh" if re.search(r"[\u4e00-\u9fff]", raw) else "en"
    brief_format = size or (formats[0][1] if formats else None)
    return Brief(
        raw=raw,
        subjects=subjects[:4],
        palette=palette,
        style=list(dict.fromkeys(key for _, key, _ in styles)),
        theme=themes[0][1] if themes else None,
        copy=copy,
        format=brief_format,
        count=count,
        language=language,
    )
