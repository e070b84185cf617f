"""The pieces every copy reader shares: the four fields, quotes, separators and cleaning a value.

A value is always a span of the brief (`Field`); nothing here rewrites a word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = ("title", "subtitle", "cta", "body")
SECOND_BUTTON = "second_button"  # a label whose words are no copy for the four fields
# Opening quote → the closers accepted for it (people mix “ with ").
QUOTE_PAIRS: dict[str, str] = {
    "「": "」", "『": "』", "“": "”\"", "\"": "\"”", "‘": "’'", "'": "'’", "《": "》", "【": "】",
    "〝": "〞", "＂": "＂", "﹁": "﹂",
}
_CJK = r"\u3400-\u9fff\uf900-\ufaff"


# 标题 → 3人成团 / Headline 👉 …: an arrow (or a pointing hand) between a label and its value, like a colon
_ARROW = r"(?:→|->|=>|➡️?|⟶|⇒|➜|➔|➤|👉)"


# Separators that end a title, subtitle or button value (a body keeps going past 。 and .).
# A bar between two letters or digits is a name's own (Xbox Series X|S), not a column.
_BAR = r"(?:(?<![A-Za-z0-9])[|｜]|[|｜](?![A-Za-z0-9]))"
# (Learn Erhu With Ms. Chen: a title's abbreviation ends no sentence)
_HARD_STOP = re.compile(r"\n|\t|[。；;]|" + _BAR + r"|(?<!\bMs)(?<!\bMr)(?<!\bDr)(?<!\bMrs)(?<!\bSt)\.(?=\s|$)"
                        r"|(?<=[^\d\s])\.(?=[" + _CJK + r"])")
_BODY_STOP = re.compile(r"\n|\t|" + _BAR)
# Separators between segments that may still belong to one value (a comma does not end copy).
# (a spaced dash too: Start now / 立即开始 —— 二选一 ends at the remark after it, Big Sale — 50% off goes on)
_SOFT_SPLIT = re.compile(r"\s*[，,、/／]\s*|\s+[-–—]+\s+|—{2}|(?<=[" + _CJK + r"\w])\s+(?=[" + _CJK + r"])|(?<=[" + _CJK + r"])\s+(?=\w)")
_COMMA_SPLIT = re.compile(r"\s*[，,、/／]\s*")


_CJK_CHAR = re.compile(r"[" + _CJK + r"]")
_WORD_CHAR = re.compile(r"[\w" + _CJK + r"]")  # a letter, digit or hanzi: a word goes on past it


_TRAILING = "，,、；;|｜/／ \t\r\n"


@dataclass
class Field:
    name: str
    value: str
    start: int  # span of the value in the brief
    end: int


@dataclass
class _Label:
    start: int  # where the label (or its opening bracket) starts
    value_start: int
    name: str
    strong: bool  # a colon/dash/bracket/quote marked it
    fixed_end: int | None = None  # 按钮去逛逛: the value is the action phrase and nothing more
    text: str = ""  # the label as written, lower case (小字 means subtitle beside 大字)
    block: bool = False  # 文案：⏎ — the lines that follow are copy, one field a line
    correction: bool = False  # 标题改成… / change the button to …: replaces what the brief said before
    value_end: int | None = None  # 「会员专享日」作为主标题 / Winter Sale (headline): the value came first
    span_end: int | None = None  # …and the label after it ends here
    secondary: bool = False  # 活动时间 / 注 / Valid: gives the field only when no other label does


_LABEL_GAP = re.compile(r"[\s_-]+")


def _label_key(label: str) -> str:
    return _LABEL_GAP.sub(" ", label.lower())  # sub_title, sub-title and sub title are one label


def _closing_quote(text: str, start: int, limit: int) -> int | None:
    """Index of the quote closing the one at `start`, or None. An apostrophe (Let's) is not a
    closer: a closing ' or ’ must not be followed by a letter."""
    opener = text[start]
    closers = QUOTE_PAIRS[opener]
    depth = 0
    for i in range(start + 1, limit):
        ch = text[i]
        if ch == opener and opener not in closers:
            depth += 1
        elif ch in closers:
            if ch in "'’" and i + 1 < len(text) and text[i + 1].isalnum() and text[i + 1].isascii():
                continue
            if depth:
                depth -= 1
                continue
            return i
    return None


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


# *USED GEAR SALE* / *Non-refundable rate.*: one star each side is a chat app's bold (a footnote's star has no closer)
_EMPHASIS = re.compile(r"(\*\*|__|\*(?=[^\s*]))(.+?)(?<=[^\s*])\1", re.DOTALL)


_TRAILING_DASH = re.compile(r"\s+[-–—]+$")


# …写前100名 / → 3人成团 / 大标题 ▶ …: a pause, an arrow or a pointer before the copy belongs to the brief.
# 写……写前100名: a stammer; 副标题是，9月15号…: a spoken pause after the connector (no copy opens with a comma)
_LEADING_MARKS = re.compile(r"^(?:(?:…+|\.{3,})\s*(?:就写|写)?|" + _ARROW + r"|[▶►▸▷]\uFE0F?|[，,、]+)\s*")


# 感谢信任 一路平安[玫瑰] / 就用2️⃣吧[强]: a chat app's sticker code (a few Chinese characters in square brackets)
# glued after the words is the sender's reaction, not copy.
_TRAILING_STICKERS = re.compile(r"(?<=\S)(?:\[[\u4e00-\u9fff]{1,4}\])+$")


# Runs of blanks longer than any layout a brief means by them (a table pasted from a spreadsheet, a run of empty lines)
# are read at this length: the rules' patterns split a long run many ways, seconds for a run of hundreds.
_LONG_SPACE_RUN = re.compile(r"[ \t\u3000]{17,}")
_LONG_EMPTY_LINES = re.compile(r"\n(?:[ \t\u3000]*\n){5,}")  # five empty lines or more


def _capped_blanks(text: str) -> str:
    """The text as the copy rules read it: each run of blanks at most 16 long, at most four empty lines in a row."""
    text = _LONG_SPACE_RUN.sub(lambda run: run.group(0)[:16], text)
    return _LONG_EMPTY_LINES.sub("\n" * 5, text)


def _clean(value: str) -> str:
    value = _LEADING_MARKS.sub("", value.strip()).rstrip(_TRAILING)
    value = _TRAILING_STICKERS.sub("", value).rstrip(_TRAILING)
    # **预售开启**: markdown bold is formatting of the message, not copy.
    if emphasis := _EMPHASIS.fullmatch(value):
        value = emphasis.group(2).strip()
    # A sentence's full stop is punctuation of the brief, not of the copy (an ellipsis stays).
    if value.endswith(("。", ".")) and not value.endswith(".."):
        value = value[:-1].rstrip()
    value = value.rstrip("（(【[ ").lstrip("）)】] ")
    value = _TRAILING_DASH.sub("", value)  # Title: Summer Sale — Subtitle: …: the dash separates fields
    # An unmatched closing bracket belongs to the brief: （按钮：去签到）; so does a closing quote (a forwarded message
    # quoted whole: "…Small print: Stocks last.") — an inch mark (27") stays.
    while value and ((value[-1] in ")）]】」』”" and value.count(value[-1]) > value.count(
            {")": "(", "）": "（", "]": "[", "】": "【", "」": "「", "』": "『", "”": "“"}[value[-1]]))
            or (value[-1] == '"' and value.count('"') % 2 and not value[-2:-1].isdigit())):
        value = value[:-1].rstrip()
    return value.strip()


def _quoted_whole(value: str) -> bool:
    """Is the value one quote, opener first and its closer last ("For the Moms Who Do It All", 「…」)?"""
    return len(value) > 2 and value[0] in QUOTE_PAIRS and value[-1] in QUOTE_PAIRS[value[0]]


_QUOTE_SPAN_MAX = 60  # a quote left open longer than this across a line break is no quote


def _quote_end(text: str, start: int) -> int | None:
    """The closing quote for the opener at `start`: on its line, or (“粽情端午⏎香飘万家”: a title
    written on two lines) on the next line, for a double or corner quote that holds no other quote."""
    line_end = _line_end(text, start)
    close = _closing_quote(text, start, line_end)
    if close is not None or text[start] in "'‘’" or line_end >= len(text):
        return close
    close = _closing_quote(text, start, _line_end(text, line_end + 1))
    if close is None or close - start > _QUOTE_SPAN_MAX or any(ch in QUOTE_PAIRS for ch in text[start + 1:close]):
        return None
    return close


def _quoted_copy(value: str) -> str:
    """Copy written across a line break inside its quotes is one field, and the break stays: it is
    where the marketer wants the line to wrap (the typesetter honours a hard break)."""
    return value.strip()


def _opening_quote(text: str, close: int) -> int:
    """Where the quote that closes at `close` opened (searching back on the line)."""
    start = text.rfind("\n", 0, close) + 1
    found = [text.rfind(o, start, close) for o, closers in QUOTE_PAIRS.items() if text[close] in closers]
    return max([start, *found])


# Title: Price droped on … ⏎ *dropped, sorry: a chat's correction of a misspelt word, a line of its own (no copy; it takes
# the line before it back).
STAR_FIX = re.compile(r"^[ \t]*\*(?=[A-Za-z])[A-Za-z'’-]{2,30}\*?(?:[,，]?[ \t]*(?i:sorry|oops|typo|my bad|lol)[!.]*)*[ \t]*$",
                      re.MULTILINE)

