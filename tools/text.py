"""Rules for the text callers send, shared by every surface (REST API, batch files, CLI, MCP).

Text must be encodable as UTF-8: JSON may carry a lone surrogate (`"\\ud800"`), and Python
keeps it in a `str` until something (SQLite, a file name, a JSON response) tries to encode it.
A brief must also show something: zero-width spaces, a BOM or spaces alone are an empty brief.
Batch files are decoded here too, so a CSV saved by Excel in a Chinese locale reads as text.
"""
from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterator
from typing import Any

EMPTY_BRIEF = "the brief is empty: say what the poster is for, e.g. 双十一福袋活动弹窗，标题：好运福袋"
# Characters that draw nothing but are not whitespace to `str.isspace` (fillers, blank braille).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Control (Cc), format (Cf: zero-width space/joiners U+200B-U+200D, word joiner U+2060, BOM
# U+FEFF, soft hyphen, bidi marks) and separator characters draw nothing.
_BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def is_blank(text: str) -> bool:
    """True when `text` has nothing visible: only whitespace and invisible characters."""
    return all(ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in _BLANK_CATEGORIES
               for ch in text)


def check_brief_text(text: str | None, max_chars: int) -> str:
    """The rule every surface holds a brief's text to (the parser, batch validation, the CLI):
    something visible, valid Unicode, at most `max_chars`. Returns the text; raises BriefError."""
    from tools.errors import BriefError

    if text is None or is_blank(text):  # zero-width spaces and a BOM count as nothing
        raise BriefError(EMPTY_BRIEF)
    if (problem := unencodable(text)) is not None:
        raise BriefError(f"the brief is not valid Unicode text ({problem})")
    if len(text) > max_chars:
        raise BriefError(f"the brief is {len(text)} characters; the limit is {max_chars}")
    return text


def slug(text: str, limit: int = 24) -> str:
    """A short file-name part from any text (Chinese kept): 好运福袋 → 好运福袋, Gift Box! → gift-box."""
    import re

    cleaned = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", text).strip("-").lower()
    return cleaned[:limit].strip("-") or "poster"


def unencodable(text: str) -> str | None:
    """Why `text` cannot be written as UTF-8 (a lone surrogate, named with its position), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"it has an unpaired surrogate U+{ord(text[err.start]):04X} at character {err.start + 1}"
    return None


def readable(text: str) -> str:
    """`text` safe to put in a message, a JSON answer or the job store: unencodable characters
    are written as their escape (`\\ud800`) instead of failing whoever encodes it."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a decoded JSON value (dict keys included), with where it is: iterative,
    so a deeply nested body cannot exhaust the stack."""
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            yield item, path
        elif isinstance(item, dict):
            for key, child in item.items():
                key_text = key if isinstance(key, str) else str(key)
                yield key_text, f"the field name “{readable(key_text)}”"
                stack.append((child, f"{path}.{key_text}" if path else key_text))
        elif isinstance(item, (list, tuple)):
            stack.extend((child, f"{path}.{i}" if path else str(i)) for i, child in enumerate(item))


def first_unencodable(value: Any) -> str | None:
    """A sentence naming the first string in `value` that is not valid Unicode, or None."""
    for text, where in _strings(value, ""):
        problem = unencodable(text)
        if problem is not None:
            label = readable(where) if where else "the text"
            return f"{label} is not valid Unicode text ({problem}); send UTF-8 text"
    return None


# ---------------------------------------------------------------- text files from people's tools
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


class NotText(ValueError):
    """The bytes are not text in any encoding huabao reads (the message says so in a sentence)."""


def decode_text_file(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a file a person saved: a UTF-16/32 BOM wins (Excel's "Unicode text"),
    then UTF-8 (its BOM dropped: Excel's "CSV UTF-8"), then GB18030 (a superset of GBK/GB2312, what
    Excel writes as "CSV" in a Chinese locale; some tools put a UTF-8 BOM before it too).
    Raises `NotText` for binary data (NUL bytes, bytes no encoding here decodes)."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    for bom, encoding in _BOMS:  # UTF-32-LE's BOM starts with UTF-16-LE's: it is tried first
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise NotText(f"it starts with a {encoding.upper()} byte order mark but is not "
                              f"{encoding.upper()} text") from None
            return _no_nul(text), encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            return _no_nul(raw.decode(encoding)), encoding
        except UnicodeDecodeError:
            continue
    raise NotText("it is not text (neither UTF-8 nor GBK/GB18030): save it as CSV UTF-8 or as plain text")


def _no_nul(text: str) -> str:
    if "\x00" in text:  # a decoder accepted it, but text files do not hold NUL bytes: binary data
        raise UnicodeDecodeError("text", b"\x00", 0, 1, "NUL byte")
    return text
