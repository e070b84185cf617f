"""The Brief: what a marketer asked for, as data. Parsed deterministically from free zh/en text.

"双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取" becomes
subjects=[福袋], theme=双十一, palette=[red, yellow], format=popup, copy.title=好运福袋 ...
The LLM agent produces the same model; the offline planner uses `parse_brief`.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, field_validator, model_validator

from agent.aliases import color_words as _color_words
from agent.aliases import find_alias as _find_alias  # edits, llm and planner import it from here
from agent.brief_copy import ClaimRules, CopyRules, extract_copy
from agent.brief_copy.tagger import CopyTagger, load_tagger, reconciled
from tools.colors import COLORS, find_colors
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


CopySource = Literal["brief", "generated", "template"]


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
    copy_source: dict[str, CopySource] = Field(
        default_factory=dict,
        description="Where each copy field came from: brief (verbatim), generated (neutral, from the theme "
                    "or subject) or template (the template's neutral default).")

    model_config = {"populate_by_name": True}

    @model_validator(mode="after")
    def _sources_cover_copy(self) -> "Brief":
        # Copy given without a source (a structured brief, an edit) is the user's own.
        for name, value in self.copy_text.model_dump().items():
            if value and name not in self.copy_source:
                self.copy_source[name] = "brief"
            elif not value:
                self.copy_source.pop(name, None)
        return self

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
        """The brief with copy the user gave (an edit): those fields become source `brief`."""
        sources = {**self.copy_source, **{name: "brief" for name, value in changes.items() if value}}
        copy = self.copy_text.model_copy(update=changes)
        return Brief.model_validate({**self.model_dump(by_alias=True), "copy": copy.model_dump(),
                                     "copy_source": {k: v for k, v in sources.items() if getattr(copy, k)}})


class BriefLexicon:
    """The vocabulary in prompts/lexicon/*.yaml, loaded once per planner."""

    def __init__(self, lexicon_dir: Path = LEXICON_DIR, *, tagger: bool = True):
        self.use_tagger = tagger  # HUABAO_BRIEF_TAGGER: the learned copy reader beside the rules (on unless turned off)
        data = yaml.safe_load((lexicon_dir / "brief.yaml").read_text(encoding="utf-8"))
        self.data = data
        self.copy_labels: dict[str, list[str]] = data["copy_labels"]
        self.formats: dict[str, list[str]] = data["formats"]
        self.styles: dict[str, list[str]] = data["styles"]
        self.filler_zh: set[str] = set(data["filler"]["zh"])
        self.filler_en: set[str] = {w.lower() for w in data["filler"]["en"]}
        self.numbers_zh: dict[str, int] = data["numbers_zh"]
        self.nouns: list[str] = list(data.get("nouns", []))
        self.request_verbs_zh: set[str] = set(data.get("request_verbs_zh", []))
        subjects = yaml.safe_load((lexicon_dir / "subjects.yaml").read_text(encoding="utf-8"))
        self.scaffolding_zh: set[str] = set(subjects["scaffolding"]["zh"])
        self.scaffolding_en: set[str] = {w.lower() for w in subjects["scaffolding"]["en"]}
        self.hero_cues_zh: list[str] = sorted(subjects["hero_cues"]["zh"], key=len, reverse=True)
        self.hero_cues_en: list[str] = sorted(subjects["hero_cues"]["en"], key=len, reverse=True)
        self.audience: set[str] = set(subjects["audience"]["zh"]) | {w.lower() for w in subjects["audience"]["en"]}
        self.medium_markers: list[re.Pattern[str]] = [re.compile(p) for p in subjects["medium_markers"]]
        # Campaign themes are shared with retrieval (prompts/lexicon/themes.yaml).
        self.theme_lexicon = load_lexicon()
        self.themes: dict[str, list[str]] = {t.name: t.aliases for t in self.theme_lexicon.themes}

    @cached_property
    def noun_table(self) -> dict[str, list[str]]:
        return {noun: [noun] for noun in self.nouns}

    @cached_property
    def object_words(self) -> frozenset[str]:
        """Chinese words search knows as names of things (the synonym tables' keys): jieba files
        some of them as people's names (车厘子, 汤圆, 康乃馨 are "nr"), which are no subjects."""
        from tools.retrieval.synonyms import load_synonyms

        synonyms = load_synonyms()
        return frozenset(k for k in [*synonyms.table, *synonyms.derived] if _HAN.search(k))

    @property
    def copy_tagger(self) -> CopyTagger | None:
        """The learned copy reader (prompts/lexicon/brief_tagger.onnx), None when off or not shipped."""
        return load_tagger() if self.use_tagger else None

    @cached_property
    def copy_rules(self) -> "CopyRules":
        return CopyRules(self)

    @cached_property
    def claims(self) -> ClaimRules:
        return ClaimRules(self.data["claims"])

    @property
    def generated_copy(self) -> dict:
        return self.data["generated_copy"]

    def theme_symbols(self, name: str) -> list[str]:
        """The symbols designers draw for a theme, as bilingual search texts."""
        for theme in self.theme_lexicon.themes:
            if theme.name == name:
                return [symbol.query for symbol in theme.symbols]
        return []

    @cached_property
    def count_patterns(self) -> list[re.Pattern[str]]:
        """How a brief asks for several posters: 3张, x3, n=3, 4 posters (the number is group 1)."""
        numerals = "".join(self.numbers_zh)
        return [re.compile(pattern, re.IGNORECASE) for pattern in (
            rf"(\d+|[{numerals}])\s*(?:张|款|幅|版|套)",
            r"\b[x×]\s*(\d+)\b",
            r"\bn\s*=\s*(\d+)\b",
            r"\b(\d+)\s+(?:posters?|popups?|banners?|images?|variants?|versions?|candidates?)\b",
        )]

    @cached_property
    def hero_cue_patterns(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        """The hero cues as patterns (Chinese, English), compiled once instead of per brief and cue."""
        zh = [re.compile(re.escape(cue) + _CUE_QUANTITY) for cue in self.hero_cues_zh]
        # (possessive spaces: in a brief whose copy lines are blanked to runs of newlines, "graphic:⏎- ⏎⏎⏎- ⏎⏎…" would
        # otherwise be split every way between one separator's spaces and the next's, seconds per brief)
        en = [re.compile(rf"\b{re.escape(cue)}\b(?:\s*+(?:[:：]|—|-|is|should be|could be|would be|of|with|showing|"
                         rf"featuring|shows?)\s*+)+(?:an?|the|some|our|one)?\s*([a-z][a-z' -]{{1,40}})")
              for cue in self.hero_cues_en]
        return zh, en

    @cached_property
    def jieba(self):
        """jieba's part-of-speech tokenizer with the styles, themes and nouns as words, over the
        process's one loaded dictionary (tools/words.py)."""
        from tools.words import tokenizer_with

        words = [w for names in self.styles.values() for w in names]
        words += [w for names in self.themes.values() for w in names]
        added = [(word, 200000, "nz") for word in words if re.search(r"[\u4e00-\u9fff]", word)]
        return tokenizer_with(added + [(noun, 200000, "n") for noun in self.nouns])


def _extract_count(text: str, lexicon: BriefLexicon) -> tuple[int, str]:
    for pattern in lexicon.count_patterns:
        match = pattern.search(text)
        if match:
            token = match.group(1)
            count = int(token) if token.isdigit() else lexicon.numbers_zh[token]
            # Drop only the number: "4 posters" keeps "posters" for the format.
            start, end = match.span(1)
            return max(1, min(count, MAX_COUNT)), text[:start] + " " + text[end:]
    return 1, text


_SIZE = re.compile(r"(\d{2,5})\s*[x×*]\s*(\d{2,5})")


def _extract_size(text: str) -> tuple[str | None, str]:
    match = _SIZE.search(text)
    if match:
        return f"{match.group(1)}x{match.group(2)}", text[:match.start()] + " " + text[match.end():]
    return None, text


def _remove_spans(text: str, spans: list[str]) -> str:
    # longest first, then in a fixed order: spans of one length (大红, 红色 of 大红色) overlap, and which goes first
    # decides what is left; set order would make that differ from one process to the next
    for span in sorted(set(spans), key=lambda span: (-len(span), span)):
        text = _span_pattern(span).sub(" ", text)
    return text


def _without_copy(text: str, fields: dict[str, str]) -> str:
    """The brief with each line of its copy blanked (as the rules leave it: the copy's own words are no subjects)."""
    # longest first, ties in a fixed order (as _remove_spans): which of two overlapping lines goes first decides what
    # is left, and set order differs from one process to the next
    lines = {line for value in fields.values() for line in value.split("\n") if line}
    for line in sorted(lines, key=lambda line: (-len(line), line)):
        text = text.replace(line, "\n")
    return text


@lru_cache(maxsize=4096)
def _span_pattern(span: str) -> re.Pattern[str]:
    # The spans are the lexicon's words as a brief writes them: a bounded set, compiled once each rather than
    # again whenever re's own cache has dropped them.
    return re.compile(re.escape(span), re.IGNORECASE)


MAX_EN_SUBJECT_WORDS = 3  # a longer run of English words is a sentence, not an object's name
_GREETING = re.compile(r"^\s*(?:hi|hey|hello|dear|hiya|yo|嗨|哈喽|你好|您好)\b[^，,.!！\n]*", re.IGNORECASE)


def _subjects(text: str, lexicon: BriefLexicon) -> list[str]:
    """The nouns of the brief that may name what to draw, the ones a phrase such as 主视觉用 or
    "hero image:" points at first; the words of the job itself (需求方, audience, vibe, greetings)
    never."""
    found = [s for s in _nouns(text, lexicon) if not _is_scaffolding(s, lexicon)]
    first: list[str] = []
    for phrase in _cued_subjects(text, lexicon):
        # its own nouns, as the rest are kept (空气 + 炸锅: subject_phrases joins them again)
        parts = [noun for noun in found if noun in phrase]
        first += parts if "".join(parts) == phrase else [phrase]
    return list(dict.fromkeys([*first, *found]))


def _is_scaffolding(phrase: str, lexicon: BriefLexicon) -> bool:
    if phrase.isascii():
        words = phrase.lower().split()
        return all(w in lexicon.scaffolding_en or w in lexicon.filler_en for w in words)
    return phrase in lexicon.scaffolding_zh


_CUE_QUANTITY = r"(?:就|可以|建议|最好|希望)?(?:用|是|为|放|画|要|选|采用|来)?\s*[：:]?\s*" \
                r"(?:一个|一只|一张|一辆|一杯|一盒|一台|一部|一双|一束|一本|个|只|张|辆|杯|盒|台|部|双|束|本)?"
_CUE_END = re.compile(r"[，,；;。.!！？?、\n|/（(]|的图|那种|之类|这种|为主|就行|就好|吧")


def _cued_subjects(text: str, lexicon: BriefLexicon) -> list[str]:
    """Objects a phrase names as the picture: 主视觉用一个礼物盒 → 礼物盒, 产品是我们的无线耳机 →
    无线耳机, "hero image: a vintage suitcase" → vintage suitcase."""
    found: list[tuple[int, str]] = []
    zh_cues, en_cues = lexicon.hero_cue_patterns
    for cue in zh_cues:
        for match in cue.finditer(text):
            rest = text[match.end():match.end() + 24]
            end = _CUE_END.search(rest)
            phrase = rest[:end.start()] if end else rest
            phrase = phrase.rsplit("的", 1)[-1].strip()  # 我们的无线耳机 → 无线耳机
            nouns = [n for n in _nouns(phrase, lexicon) if not _is_scaffolding(n, lexicon)]
            if nouns and len(phrase) <= 20:
                joined = "".join(nouns)  # 无线 + 耳机 stand side by side: one object
                found.append((match.start(), joined if joined in phrase else nouns[-1]))
    lowered = text.lower()
    for cue in en_cues:
        for match in cue.finditer(lowered):
            words = []
            for word in _BLANKS.split(match.group(1).strip()):
                if not word or word in lexicon.scaffolding_en or word in lexicon.filler_en:
                    break
                words.append(word.strip("'-"))
            if 0 < len(words) <= MAX_EN_SUBJECT_WORDS:
                found.append((match.start(), " ".join(words)))
    found.sort()
    return list(dict.fromkeys(phrase for _, phrase in found if phrase))


_BLANKS = re.compile(r"\s+")
_CLAUSE_BREAK = re.compile(r"[，,；;。、\n|/]+")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _nouns(text: str, lexicon: BriefLexicon) -> list[str]:
    subjects: list[str] = []
    for chunk in _CLAUSE_BREAK.split(text):
        chunk = _GREETING.sub(" ", chunk).strip()  # "Hi Sam", "hey team": whom it is for, not what it shows
        if not chunk:
            continue
        # English words: keep the nouns that are not filler; phrases stay together ("gift box").
        latin_run: list[str] = []
        tokens = [(token.word.strip(), token.flag) for token in lexicon.jieba.cut(chunk)]
        for index, (word, flag) in enumerate(tokens):
            if not word:
                continue
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            # 画一个空气炸锅: a verb asking for the picture, before a quantity, is not what it shows.
            if word in lexicon.request_verbs_zh and following in ("m", "q", "mq"):
                continue
            if _LATIN_TOKEN.fullmatch(word):
                if word.lower() in lexicon.filler_en or word.lower() in lexicon.scaffolding_en or len(word) < 2:
                    if latin_run:
                        subjects.append(" ".join(latin_run))
                        latin_run = []
                    continue
                latin_run.append(word.lower())
                continue
            if latin_run:
                subjects.append(" ".join(latin_run))
                latin_run = []
            if word in lexicon.filler_zh or not _HAN.search(word):
                continue
            if flag.startswith(("n", "vn")) and flag not in ("nr", "ns", "nt") or flag in ("nz", "eng"):
                subjects.append(word)
            elif flag == "nr" and word in lexicon.object_words:
                subjects.append(word)  # 车厘子 is no one's name
            elif flag == "l" and _ends_in_noun(word, lexicon):
                subjects.append(word)  # 电动牙刷: jieba files a set phrase as "l"; it names a thing
        if latin_run:
            subjects.append(" ".join(latin_run))
    return list(dict.fromkeys(s for s in subjects if s and not (s.isascii() and len(s.split()) > MAX_EN_SUBJECT_WORDS)))


def _aligned(text: str, found: list[tuple[int, str, str]], lexicon: BriefLexicon,
             cuts: dict[str, tuple[int, ...]] | None = None) -> list[tuple[int, str, str]]:
    """The Chinese aliases found that are words of the text, not pieces of two words: 刷新 (a
    theme) is not in 电动牙刷新品 (电动牙刷 + 新品).

    jieba cuts each run of Han characters, letters and digits on its own and every other
    character alone, so the word bounds are found run by run; `cuts` keeps one parse's runs (the
    brief and the brief without its copy share most of them: each is cut once)."""
    if not any(_CJK_CHAR.search(alias) for _, _, alias in found):
        return found
    cuts = {} if cuts is None else cuts
    bounds, position = {0}, 0
    for block in _JIEBA_BLOCK.split(text):
        if not block:
            continue
        if _JIEBA_BLOCK.fullmatch(block):
            ends = cuts.get(block)
            if ends is None:
                ends = cuts[block] = tuple(itertools.accumulate(len(w) for w in lexicon.jieba.tokenizer.cut(block)))
            bounds.update(position + end for end in ends)
        else:
            bounds.update(range(position + 1, position + len(block) + 1))
        position += len(block)
    return [(start, key, alias) for start, key, alias in found
            if not _CJK_CHAR.search(alias) or (start in bounds and start + len(alias) in bounds)]


# jieba's own block pattern (jieba.re_han_default): what it cuts into words, the rest char by char
_JIEBA_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)", re.U)


def _ends_in_noun(word: str, lexicon: BriefLexicon) -> bool:
    """A set phrase whose last word is a noun in jieba's dictionary (电动牙刷 → 牙刷)."""
    tags = lexicon.jieba.word_tag_tab
    return any(tags.get(word[-size:], "").startswith(("n", "vn")) for size in (3, 2) if len(word) > size)


_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_COMMAND = re.compile(r"^\s*/[\w-]+")


def text_language(text: str, default: Literal["zh", "en"] = "zh") -> Literal["zh", "en"]:
    """The language to answer a brief in: zh when its Chinese characters are at least as many as
    its Latin words (双十一 banner，标题：好运福袋 is Chinese; a Mid-Autumn poster with 月饼 is
    English). A leading /command does not count; text with neither script gets `default`. The
    parser, the agent's notes and the chat's messages all use this one rule."""
    text = _COMMAND.sub("", text or "")
    chinese = len(_CJK_CHAR.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    if not chinese and not latin:
        return default
    return "zh" if chinese >= latin else "en"


def parse_brief(text: str, lexicon: BriefLexicon | None = None, *, max_chars: int = 2000) -> Brief:
    """Free zh/en text → Brief. Raises BriefError for empty or oversized input."""
    from tools.text import check_brief_text  # the rule batch validation and the CLI apply too

    check_brief_text(text, max_chars)
    lexicon = lexicon or default_lexicon()
    raw = text.strip()
    fields, rest = extract_copy(raw, lexicon.copy_rules)
    read = reconciled(raw, fields, lexicon.copy_tagger)
    if read is not fields:  # the tagger's reading: its values leave the text the subjects are read from
        fields, rest = read, _without_copy(raw, read)
    copy = Copy(**fields)
    rest = _without_medium(rest, lexicon)
    size, rest = _extract_size(rest)
    count, rest = _extract_count(rest, lexicon)

    palette = [c.key for c in find_colors(rest)]
    formats = _find_alias(rest, lexicon.formats)
    styles = _find_alias(rest, lexicon.styles)
    cuts: dict[str, tuple[int, ...]] = {}  # jieba's words of each run, for this brief only
    themes = _aligned(rest, _find_alias(rest, lexicon.themes), lexicon, cuts)

    # A theme word inside a longer everyday noun (咖啡 in 咖啡杯) stays part of the subject.
    nouns = _find_alias(rest, lexicon.noun_table)
    theme_words = [alias for start, _, alias in themes
                   if not any(n_start <= start and start + len(alias) <= n_start + len(noun) and len(noun) > len(alias)
                              for n_start, _, noun in nouns)]
    remaining = _remove_spans(rest, [a for _, _, a in formats + styles] + theme_words + _color_words(rest))
    subjects = _subjects(remaining, lexicon)

    language = text_language(raw)
    brief_format = size or (formats[0][1] if formats else None)
    return Brief(
        raw=raw,
        subjects=subjects[:4],
        palette=palette,
        style=list(dict.fromkeys(key for _, key, _ in styles)),
        theme=_campaign_theme(themes, _theme_mentions(raw, lexicon, cuts)),
        copy=copy,
        copy_source={name: "brief" for name in fields},
        format=brief_format,
        count=count,
        language=language,
    )


def _without_medium(text: str, lexicon: BriefLexicon) -> str:
    """The text without how the message came (（语音）, "voicemail transcript"): never what it is about."""
    for marker in lexicon.medium_markers:
        text = marker.sub(" ", text)
    return text


def _theme_mentions(text: str, lexicon: BriefLexicon,
                    cuts: dict[str, tuple[int, ...]] | None = None) -> Counter[str]:
    """How often the brief names each theme, its copy included (续费 in 立即续费 still speaks of
    the renewal); how the message came (（语音）, "voicemail transcript") does not count."""
    text = _without_medium(text, lexicon)
    return Counter(key for _, key, _ in _aligned(text, _find_alias(text, lexicon.themes), lexicon, cuts))


def _campaign_theme(found: list[tuple[int, str, str]], mentions: Counter[str]) -> str | None:
    """The brief's theme among those its request names: the one it returns to most, the first
    named on a tie. 视频会员续费弹窗 with 立即续费 and 自动续费 in its copy is about the renewal, not
    video; 健身APP的Daily check-in, 今日打卡 is a check-in, not a workout."""
    named = list(dict.fromkeys(key for _, key, _ in found))
    if not named:
        return None
    return max(named, key=lambda key: (mentions[key], -named.index(key)))


@lru_cache(maxsize=1)
def default_lexicon() -> BriefLexicon:
    """The shipped lexicon, loaded once per process (for callers without their own)."""
    return BriefLexicon()
