"""The sample gallery's glossaries, written by hand from the gallery's side without the query sets.

`prompts/lexicon/gallery_glossary.jsonl`: symbol by symbol, the Chinese and English words a marketer
searches by when that symbol is one of the best pictures for them (💺 选座, 值机; 👒 straw hat).
`trade_glossary.jsonl`: the same from the trades' side, trade by trade, the words its marketers use and
the symbols that draw them (a bathhouse's 汗蒸, a bike shop's "tune-up").

They reach search two ways. `build_glossary` turns the words into exact synonyms (word → label), keeping
only the unambiguous ones. `gallery_hints` hands every word to its symbols as search hints: the sample
gallery's metadata carries them (`hints_zh`, `hints_en`) and they join the passage the dense channel
embeds, so a query word the glossary never wrote still lands near the symbols of its neighbours
(冻酸奶 near 酸奶冰淇淋's cone).
"""
from __future__ import annotations

import json
from pathlib import Path

from tools.errors import GalleryError

LEXICON = Path(__file__).resolve().parents[2] / "prompts" / "lexicon"
GLOSSARY = LEXICON / "gallery_glossary.jsonl"
TRADES = LEXICON / "trade_glossary.jsonl"
# The five skin-tone modifiers: a hexcode holding one is a variant of the symbol without it.
SKIN_TONES = frozenset({"1f3fb", "1f3fc", "1f3fd", "1f3fe", "1f3ff"})


def normalise_hexcode(hexcode: str) -> str:
    """`0031-FE0F-20E3` and `31-fe0f-20e3` both become `31-20e3`; `_` separators become `-`."""
    parts = hexcode.lower().replace("_", "-").split("-")
    return "-".join(part.lstrip("0") or "0" for part in parts if part and part != "fe0f")


def read_glossary(path: Path) -> list[dict]:
    """The hand glossary's rows: {"hexcode", "zh": [...], "en": [...]} (label_en is for the reader)."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append({"hexcode": normalise_hexcode(row["hexcode"]),
                         "zh": [str(w) for w in row.get("zh") or []], "en": [str(w) for w in row.get("en") or []]})
        except (ValueError, KeyError, TypeError) as err:
            raise GalleryError(f"{path}, line {number}: not a glossary row ({err})") from err
    return rows


def read_trade_glossary(path: Path) -> list[dict]:
    """The trade glossary ({"trade", "word", "lang", "symbols": [hexcode, ...]} a line) as glossary rows;
    none when the file is absent."""
    if not path.is_file():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            lang = "zh" if entry["lang"] == "zh" else "en"
            rows.extend({"hexcode": normalise_hexcode(code), "zh": [], "en": [], lang: [str(entry["word"])]}
                        for code in entry["symbols"])
        except (ValueError, KeyError, TypeError) as err:
            raise GalleryError(f"{path}, line {number}: not a trade glossary row ({err})") from err
    return rows


def gallery_hints(glossary: Path = GLOSSARY, trades: Path = TRADES) -> dict[str, dict[str, list[str]]]:
    """normalised hexcode → {"zh": words, "en": words}: every glossary word of the symbol, its own
    glossary's first, then its trades', each once."""
    hints: dict[str, dict[str, list[str]]] = {}
    for row in read_glossary(glossary) + read_trade_glossary(trades):
        entry = hints.setdefault(row["hexcode"], {"zh": [], "en": []})
        for lang in ("zh", "en"):
            entry[lang].extend(w for w in row[lang] if w not in entry[lang])
    return hints
