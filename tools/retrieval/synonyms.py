"""The synonym layer of gallery search: the hand table (prompts/lexicon/themes_synonyms.yaml) maps
the words marketers type onto the words gallery captions use (机票 → 飞机, trolley → cart), and
tables built from data reach labels from words the gallery never uses: the sample gallery's glossary
(tools/retrieval/build_glossary.py), English nouns through WordNet (tools/retrieval/build_wordnet.py)
and Chinese words through CC-CEDICT's English glosses (tools/retrieval/build_cedict.py); read once
per file version.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import yaml

from tools.errors import TemplateError
from tools.retrieval.words import phrase_key

SHIPPED_SYNONYMS = Path(__file__).resolve().parents[2] / "prompts" / "lexicon" / "themes_synonyms.yaml"

# English nouns → the gallery labels WordNet puts nearest above them (tools/retrieval/build_wordnet.py)
SHIPPED_WORDNET = SHIPPED_SYNONYMS.with_name("synonyms_wordnet.json")

# English words (WordNet's lemmas and irregular forms): never corrected as typos (build_wordnet.py)
SHIPPED_ENGLISH_WORDS = SHIPPED_SYNONYMS.with_name("english_words.txt")

# Chinese words → the gallery labels their first CC-CEDICT gloss names (tools/retrieval/build_cedict.py)
SHIPPED_CEDICT = SHIPPED_SYNONYMS.with_name("synonyms_cedict.json")

# Words people search a sample-gallery symbol by → its labels, from the glossary written symbol by
# symbol (tools/retrieval/build_glossary.py): 选座 → 座位, straw hat → woman's hat
SHIPPED_GLOSSARY = SHIPPED_SYNONYMS.with_name("synonyms_glossary.json")

# The built tables, the one that wins on a shared key first: the glossary, written for this gallery,
# before the dictionaries (whose keys do not overlap: WordNet's are Latin, CC-CEDICT's Chinese). The
# hand table wins over all of them.
SHIPPED_DERIVED = (SHIPPED_GLOSSARY, SHIPPED_WORDNET, SHIPPED_CEDICT)


class Synonyms:
    """Query word → gallery words (both directions are not implied: 机票 → 飞机 only).

    `table` is written by hand (and by the user); `derived` is built from data (WordNet, CC-CEDICT) and is
    consulted only for a phrase the hand table does not have, and only where `of` is asked for it:
    a derived word names an object the query may mean, but never says how much of the query an
    image accounts for, nor which noun is its head (the packet of "red packets" is no parcel)."""

    def __init__(self, table: dict[str, list[str]], derived: dict[str, list[str]] | None = None):
        self.table = {phrase_key(k): [v for v in vs if v] for k, vs in table.items() if phrase_key(k)}
        self.derived = {k: vs for k, vs in (derived or {}).items() if k not in self.table}

    def of(self, phrase: str, *, derived: bool = False) -> list[str]:
        key = phrase_key(phrase)
        found = self.table.get(key)
        if found is not None or not derived:
            return found or []
        return self.derived.get(key, [])


def _read_synonyms(path: Path) -> dict[str, list[str]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except (OSError, yaml.YAMLError) as err:
        raise TemplateError(f"synonym table {path} cannot be read: {err}") from err
    entries = data.get("synonyms", {}) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise TemplateError(f"synonym table {path}: `synonyms` must map a word to a list of words")
    table: dict[str, list[str]] = {}
    for key, values in entries.items():
        values = [values] if isinstance(values, str) else list(values or [])
        table[str(key)] = [str(v) for v in values]
    return table


def _read_derived(path: Path) -> dict[str, list[str]]:
    """A built table (JSON: {"synonyms": {phrase key: [gallery label, ...]}}); none when absent."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise TemplateError(f"built synonym table {path} cannot be read: {err}") from err
    entries = data.get("synonyms") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise TemplateError(f"built synonym table {path}: `synonyms` must map a word to a list of words")
    return {str(k): [str(v) for v in vs] for k, vs in entries.items() if isinstance(vs, list)}


@lru_cache(maxsize=8)
def _cached_synonyms(paths: tuple[Path, ...], stamps: tuple[float, ...], derived: tuple[Path, ...] = ()) -> Synonyms:
    merged: dict[str, list[str]] = {}
    for path in paths:
        if path.is_file():
            for key, values in _read_synonyms(path).items():
                merged[key] = values
    built: dict[str, list[str]] = {}
    for path in derived:  # the first table to give a key keeps it
        for key, values in _read_derived(path).items():
            built.setdefault(key, values)
    return Synonyms(merged, built)


def load_synonyms(prompts_dir: Path | None = None) -> Synonyms:
    """The shipped synonym table plus the user's (`HUABAO_PROMPTS_DIR/lexicon/themes_synonyms.yaml`)."""
    paths = [SHIPPED_SYNONYMS]
    if prompts_dir is not None:
        paths.append(Path(prompts_dir) / "lexicon" / "themes_synonyms.yaml")
    stamps = tuple(p.stat().st_mtime if p.is_file() else 0.0 for p in [*paths, *SHIPPED_DERIVED])
    return _cached_synonyms(tuple(paths), stamps, SHIPPED_DERIVED)


@lru_cache(maxsize=2)
def english_words(path: Path = SHIPPED_ENGLISH_WORDS) -> frozenset[str]:
    """The English word list (empty when the file is missing: every unknown word may then be a typo)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
