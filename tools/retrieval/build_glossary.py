"""Build the glossary's word → gallery label table: `prompts/lexicon/synonyms_glossary.json`.

    .venv/bin/python -m tools.retrieval.build_glossary            # write the file
    .venv/bin/python -m tools.retrieval.build_glossary --check    # rebuild in memory, say if it differs

The two hand glossaries (tools/retrieval/glossary.py: symbol by symbol, and trade by trade) were
written without looking at the query sets, so the search benchmarks still measure words nobody tuned
for. This turns both around into the synonym layer's shape: word → the labels of the symbols it names
(a Chinese word reaches the zh label, an English one the en label), keeping only words a query does not
already reach some other way (no gallery label or tag, hand synonym key, theme name or alias). A word
given to more than MAX_SYMBOLS symbols is a theme, not a name, and is left out. The table is read by
`load_synonyms` below the hand table, which always wins, and above the WordNet and CC-CEDICT tables.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from tools.retrieval.build_themes import ROOT, reached_words, write_built
from tools.retrieval.glossary import GLOSSARY, TRADES, normalise_hexcode, read_glossary, read_trade_glossary
from tools.retrieval.synonyms import SHIPPED_GLOSSARY
from tools.retrieval.words import phrase_key

HEADER = ("Built file, do not edit: `python -m tools.retrieval.build_glossary` writes it from "
          "prompts/lexicon/gallery_glossary.jsonl (written for huabao, symbol by symbol, without the query sets) "
          "and the sample gallery's labels. Word → the gallery labels of the symbols people search by it. "
          "The hand synonym table (themes_synonyms.yaml) wins over it.")
# The man, the woman and the person of one activity are three symbols of one name; a word for more
# is a theme's (送礼, 运动), and themes have their own lexicon.
MAX_SYMBOLS = 4
# A number or a clock time names no symbol: in a query it is a price, a count or a deadline (21天打卡,
# 10点开抢, "deals start at 6am"), and a clock face would stand in for the offer.
_NUMBER_OR_TIME = re.compile(r"(?:中午|凌晨|晚上)?\d+(?:\s*(?:am|pm|percent)|点(?:\d+|半|钟)?)?")


def gallery_labels(metadata: Path) -> dict[str, tuple[str, str]]:
    """hexcode → (zh label, en label) of the sample gallery, without a skin tone after the colon."""
    labels = {}
    for line in metadata.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            labels[normalise_hexcode(record["hexcode"])] = (record["label_zh"].split(":")[0].strip(),
                                                           record["label_en"].split(":")[0].strip())
    return labels


def build(rows: list[dict], labels: dict[str, tuple[str, str]], known: set[str]) -> dict[str, list[str]]:
    """word key → the labels of the symbols it was written for (at most MAX_SYMBOLS of them)."""
    table: dict[str, list[str]] = {}
    for row in rows:
        if row["hexcode"] not in labels:
            continue  # a symbol this gallery does not have
        label_zh, label_en = labels[row["hexcode"]]
        for words, label in ((row["zh"], label_zh), (row["en"], label_en)):
            for word in words:
                key = phrase_key(word)
                if not key or key in known or _NUMBER_OR_TIME.fullmatch(key):
                    continue
                if label not in table.setdefault(key, []):
                    table[key].append(label)
    return {key: found for key, found in sorted(table.items()) if found and len(found) <= MAX_SYMBOLS}


def build_text(glossary: Path, metadata: Path, trades: Path = TRADES) -> str:
    rows = read_glossary(glossary) + read_trade_glossary(trades)
    table = build(rows, gallery_labels(metadata), reached_words(metadata))
    return json.dumps({"about": HEADER, "synonyms": table}, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Build prompts/lexicon/synonyms_glossary.json from the gallery glossary.")
    parser.add_argument("--glossary", type=Path, default=GLOSSARY)
    parser.add_argument("--trades", type=Path, default=TRADES)
    parser.add_argument("--gallery", type=Path, default=ROOT / "data" / "gallery",
                        help="sample gallery folder (its metadata.jsonl; `make gallery` installs it)")
    parser.add_argument("--out", type=Path, default=SHIPPED_GLOSSARY)
    parser.add_argument("--check", action="store_true", help="build in memory; exit 1 when it differs from --out")
    args = parser.parse_args()
    metadata = args.gallery / "metadata.jsonl"
    if not metadata.is_file():
        raise SystemExit(f"no gallery metadata at {metadata}: run `make gallery` first")
    text = build_text(args.glossary, metadata, args.trades)
    table = json.loads(text)["synonyms"]
    print(f"{len(table)} words → {len({t for ts in table.values() for t in ts})} gallery labels")
    write_built(text, args.out, check=args.check)


if __name__ == "__main__":
    main()
