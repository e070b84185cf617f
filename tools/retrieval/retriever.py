"""`Retriever`: the one search core behind the CLI, the API, the agent's tools and MCP.

It opens the committed index and the matching embedder lazily, once, and keeps them; when
another process commits a new generation, the next search reopens the index.

Text search fuses three channels (tools/retrieval/lexical.py, themes.py):
- dense: the query's embedding against each image's caption document;
- lexical: BM25 over the words of labels, tags and captions, with a small hand synonym table and,
  for English nouns the gallery never uses, the labels WordNet puts above them (keypad → keyboard);
- themes: the symbols of campaign themes the query names (限时秒杀 → lightning bolt, stopwatch),
  found in the gallery by their label and tag words.
Dense and lexical ranks are fused by reciprocal rank; theme symbols add by their position in the
theme, and of the theme in the query (the one it opens with wins a tie). An image whose label or tag
the query names (coin, 篮球, 机票 → aeroplane) ranks above everything else, theme symbols included;
among several named, the one whose names say most of the query first (银行信用卡 → the credit card,
"pumpkin lantern" → the jack-o-lantern), then the one the query's head noun names (巧克力蛋糕 → the cake,
"baby penguin" → the penguin), then the one in the colour the query asks for (绿色苹果 → the green
apple). The list is kept diverse: skin-tone and hair variants of one symbol, and images found
through the same theme symbol, give way to other symbols.
The fusion weights were fitted on the dev half of bench/data/retrieval_queries (never the test half).
Last, a linear re-ranker fitted on the same dev half chooses which of the fused list's first ten
goes first (tools/retrieval/rerank.py): where the tiers call images equal or nearly so, what the
channels say decides which one is the poster's hero.
"""
from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tools.config import Settings
from tools.errors import GalleryError
from tools.images import load_image
from tools.retrieval.adapter import load_adapter
from tools.retrieval.embedders import new_embedder
from tools.retrieval.embedders.base import Embedder
from tools.retrieval.index import MANIFEST, GalleryIndex, peek_manifest
from tools.retrieval.lexical import (
    LEXICAL_STAMP,
    PART_NAMES,
    PLAIN,
    SYNONYM_WEIGHT,
    TAG_NAMES,
    TONED,
    LexicalIndex,
    QueryTerms,
)
from tools.retrieval.synonyms import Synonyms, load_synonyms
from tools.retrieval.words import _MODIFIERS, is_audience, is_flavour, is_occasion, leading_verb, normalise, phrase_key
from tools.retrieval.models import SearchHit
from tools.retrieval.rerank import list_inputs, load_reranker
from tools.retrieval.store import StoreConfig
from tools.retrieval.themes import Symbol, ThemeLexicon, ThemeMatch, load_lexicon, names_a_setting

CANDIDATES_MIN = 64          # per field (and from the lexical channel), before exact fusion
MAX_SYMBOLS = 6              # symbols taken from each theme the query names
LABEL_NAMES = 0.8            # a label (or a synonym's label) inside theme words still names its object
SUBJECT_NAMES = TAG_NAMES    # beside a theme, the rest names an object at least this surely (a tag said in full)
NAMED_TIER = 2.0             # more than dense + lexical + theme scores can add up to
MAX_K = 1000
QUERY_CACHE = 256            # recent query embeddings kept per retriever
_ZH_RUN = re.compile(r"[\u3400-\u9fff]+")
_ASKS_SHAPE = re.compile(r"[圆圓方菱点點块塊形]|三角|几何|幾何|按钮|按鈕|图标|圖標"
                         r"|(?i:\b(?:circle|square|diamond|triangle|dot|shape|geometric|block|tile|button|icon)s?\b)")
# Colour words and what may stand around them in a query of colours alone (红色的, "blue and white").
_COLOUR_WORDS = re.compile(r"[红紅橙黄黃绿綠青蓝藍紫棕褐黑白灰粉金银銀彩]色?|颜色|顏色|色系|色调|色調|[的和与與、，,。.!！\s]"
                           r"|\b(?:red|orange|yellow|green|blue|purple|violet|brown|black|white|grey|gray|pink|gold|"
                           r"golden|silver|colou?rs?|and|the|a|an|light|dark)\b")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
# 30分钟达 / 7天无理由 / 2 hours / 3件 / 5折 / 第二件半价: a number with its unit counts or prices something; it names
# no image (the clock face tagged 30, the keycap 7, the 2nd place medal). A bare number, a time of day (8点) and a
# percentage (100% → 💯) still may. A container's measure word (第二杯, 免费一杯, 两瓶) names what it holds: it stays.
_QUANTITY = re.compile(r"(?P<number>(?<![\d.:])\d+(?:\.\d+)?[ \t]*|第?[一二两三四五六七八九十百千半几]+)"
                       r"(?P<unit>(?P<container>杯|瓶|碗|盒|袋|罐|箱|束|盆)|份|件|个|個|只|张|張|位|人)"
                       r"|(?<![\d.:])\d+(?:\.\d+)?[ \t]*(?:分钟|分鐘|小时|小時|个小时|個小時|天|周|週|个月|個月|年|元|块|塊|折|斤|"
                       r"公斤|公里|km|kg|mins?|minutes?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)(?![a-z])",
                       re.IGNORECASE)


def _without_quantities(text: str) -> str:
    """The text with its counted amounts blanked (a container's measure word kept), every other character in place."""
    def blank(found: re.Match[str]) -> str:
        if found.group("container"):
            return " " * len(found.group("number")) + found.group("container")
        return " " * len(found.group())
    return _QUANTITY.sub(blank, text)


@dataclass(frozen=True)
class FusionWeights:
    """How the channels add up. Fitted on the dev queries (bench/retrieval_quality.py --fit)."""

    dense: float = 3.0           # × 1/(rrf_k + dense rank); 0.5 until the passages carried glossary hints
    lexical: float = 2.0         # × 1/(rrf_k + BM25 rank), images with a lexical match only
    rrf_k: float = 30.0
    theme: float = 0.16          # × (how surely an image is a theme symbol × symbol_decay^position) ** theme_power
    theme_power: float = 1.5     # > 1: a theme's first symbols keep their lead, its later ones give way to what the
                                 # query's other words find (was 0.2 × strength ** 1 until 2026-12-06)
    theme_alone: float = 0.2     # × strength, when the query is nothing but theme names: its symbols fill the list
    symbol_decay: float = 0.85
    later_theme: float = 0.9     # × per theme named before this one in the query (a tie-break: > symbol_decay)
    setting: float = 0.7         # × a theme named by a mere when-word (周末, 限时) beside a topic theme
    named: float = 0.1           # × how surely the query names an image, among the named ones
    named_min: float = 0.5       # named at least this surely: listed above every image not named
    named_theme: float = 0.008   # × theme strength: a tie-break among equally named (< named × the synonym-label/tag step, 0.1)
    cover: float = 2.0           # × the share of the query's content words a named image's names say
    head: float = 0.3            # a named image whose names say the query's head noun (< a cover step)
    colour: float = 0.1          # a named image whose label says the query's colour (< head)
    variant_penalty: float = 10.0   # another skin tone of a symbol already listed (> any score)
    symbol_penalty: float = 0.02    # another image of a theme symbol already listed


WEIGHTS = FusionWeights()


@dataclass
class TextChannels:
    """Everything a text query's fusion needs, per candidate row of the lexical index."""

    rows: np.ndarray          # candidate rows
    dense: np.ndarray         # cosine-like similarity of the query embedding
    lexical: np.ndarray       # BM25
    theme: np.ndarray         # 0..1: how surely the row shows a symbol of a named theme (decayed)
    symbol: np.ndarray        # which theme symbol it was found through (-1: none)
    named: np.ndarray         # 0..1: how surely the query names the row's object
    symbols: list[tuple[str, str]]   # symbol index → (symbol text, "theme:<name>")
    cover: np.ndarray | None = None  # 0..1: share of the query's content words the row's names say
    head: np.ndarray | None = None   # 1: the row's names say the query's head noun (蛋糕 of 巧克力蛋糕)
    colour: np.ndarray | None = None  # 1: the row's label says a colour the query asks for
    theme_only: bool = False         # the query says nothing besides its themes' names (春节, "back to school")


class Retriever:
    def __init__(self, settings: Settings, *, embedder: Embedder | None = None, expect_store: str | None = None):
        """`expect_store` ("faiss"/"milvus"): refuse an index committed in another vector store
        (`huabao search --store`); by default the manifest says which store to read."""
        self.settings = settings
        self._embedder = embedder
        self._expect_store = expect_store
        self._index: GalleryIndex | None = None
        self._stamp: tuple[int, int] | None = None
        self._lexical: LexicalIndex | None = None
        # The query embeddings of recent queries: a batch asks for the same decorations (coin,
        # sparkles) and theme words on every poster. Bounded, and keyed by the embedder too (a
        # re-indexed gallery may bring another).
        self._query_vectors: OrderedDict[tuple[int, str], dict[str, np.ndarray]] = OrderedDict()
        self._lexical_key: tuple[int, int, int] | None = None
        self._symbol_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.RLock()

    # -- loading (once, then only when the manifest changes)
    def _manifest_stamp(self) -> tuple[int, int] | None:
        try:
            stat = (Path(self.settings.index_dir) / MANIFEST).stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_ino

    def opened(self) -> tuple[GalleryIndex, Embedder]:
        """The committed index and its embedder, opened once and kept; reopened when another
        process has committed a new generation since (the next search sees it)."""
        with self._lock:
            stamp = self._manifest_stamp()
            if self._index is None or stamp != self._stamp:
                self._check_store(peek_manifest(self.settings.index_dir))
                index = GalleryIndex.open(self.settings.index_dir, config=StoreConfig.from_settings(self.settings))
                try:
                    embedder = self._embedder_for(index.manifest)
                except BaseException:
                    index.close()
                    raise
                if self._index is not None:
                    self._index.close()
                self._index, self._embedder, self._stamp = index, embedder, stamp
                self._lexical, self._lexical_key = None, None
            return self._index, self._embedder

    def close(self) -> None:
        """Let go of the index (its catalog, and a Milvus connection when the store has one)."""
        with self._lock:
            if self._index is not None:
                self._index.close()
            self._index, self._stamp, self._lexical, self._lexical_key = None, None, None, None

    def _check_store(self, manifest: dict[str, Any] | None) -> None:
        wanted = self._expect_store
        actual = manifest.get("store", "faiss") if manifest else None
        if wanted is not None and actual is not None and wanted != actual:
            raise GalleryError(
                f"the gallery index in {self.settings.index_dir} is in the {actual} vector store, not {wanted}: "
                f"move it with `huabao index --migrate-to {wanted}`, or search with --store {actual}")

    def _embedder_for(self, manifest: dict[str, Any]) -> Embedder:
        built_with = manifest["backend"]
        wanted = self.settings.embed_backend
        if wanted not in ("auto", built_with):
            raise GalleryError(
                f"the gallery index was built with {manifest['backend_label']}, but HUABAO_EMBED_BACKEND="
                f"{wanted}: its vectors cannot be compared. Re-index with `huabao index DIR --backend {wanted}` "
                f"or set HUABAO_EMBED_BACKEND=auto")
        embedder = self._embedder
        if embedder is None or embedder.backend != built_with:
            embedder = new_embedder(self.settings, built_with)
        if embedder.version != manifest["backend_version"] or embedder.fields != manifest["fields"]:
            raise GalleryError(
                f"the gallery index was built with {manifest['backend_label']} ({manifest['backend_version']}), "
                f"this setup embeds with {embedder.label} ({embedder.version}): re-run `huabao index`")
        return embedder

    # -- facts
    @property
    def count(self) -> int:
        return self.opened()[0].count

    @property
    def backend(self) -> str:
        return self.opened()[1].label

    @property
    def index_info(self) -> dict[str, Any]:
        manifest = self.opened()[0].manifest
        return {k: manifest[k] for k in ("backend_label", "backend_version", "count", "index_type", "generation", "root")}

    def stored_image_features(self, hits: list[SearchHit]) -> np.ndarray | None:
        """The EfficientNet-lite0 features an offline index holds for these hits (its `image` field,
        L2-normalised), one row each in order; None when the index's images were embedded by
        another model, or one of the hits is no longer in it."""
        index, _ = self.opened()
        if index.manifest.get("backend") != "offline" or "image" not in (index.manifest.get("fields") or {}):
            return None
        ids = []
        for hit in hits:
            item = index.find(hit.id)
            if item is None:
                return None
            ids.append(int(item["id"]))
        return np.asarray(index.store.vectors("image", np.asarray(ids, np.int64)), np.float32)

    # -- searching
    def search_text(self, query: str, k: int = 5, tags: list[str] | None = None,
                    weights: FusionWeights = WEIGHTS) -> list[SearchHit]:
        """Best `k` images for a zh/en text query (objects named first, campaign themes understood)."""
        query = (query or "").strip()
        if not query:
            raise GalleryError("the search query is empty")
        index, _ = self.opened()
        channels = self.text_channels(query, k, tags)
        if channels is None:
            return []
        lexical = self._lexical_index(index)
        reranker = load_reranker() if self.settings.search_rerank else None
        listed = max(k, reranker.depth) if reranker is not None else k
        picks = fuse(channels, lexical.variant_group, listed, weights, variant_kind=lexical.variant_kind)
        items = index.items(lexical.ids[channels.rows[[p for p, _ in picks]]])
        if reranker is not None:
            positions = [p for p, _ in picks]
            features, repeats = list_inputs(lexical, channels, positions, items, query, weights.named_min)
            order = reranker.reorder(features, [score for _, score in picks], repeats)
            picks = [(positions[i], score) for i, score in order][:k]
        hits = []
        for position, score in picks:
            symbol = int(channels.symbol[position])
            if channels.named[position] >= weights.named_min or symbol < 0:
                matched, matched_by = query, ("named" if channels.named[position] >= weights.named_min else "query")
            else:
                matched, matched_by = channels.symbols[symbol]
            extra = {"similarity": round(float(channels.dense[position]), 4), "matched": matched, "matched_by": matched_by}
            hits.append(_hit(items[int(lexical.ids[channels.rows[position]])], float(score), extra))
        return hits

    def _embedded_query(self, embedder: Embedder, query: str) -> dict[str, np.ndarray]:
        key = (id(embedder), query)
        vectors = self._query_vectors.get(key)
        if vectors is None:
            vectors = self._query_vectors[key] = embedder.embed_queries([query])
            if len(self._query_vectors) > QUERY_CACHE:
                self._query_vectors.popitem(last=False)
        else:
            self._query_vectors.move_to_end(key)
        return vectors

    def _adapted(self, index: GalleryIndex, vectors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The text field's query turned by the adapter fitted on the dev queries (tools/retrieval/adapter.py),
        when the settings allow it and the index's passages came from the model it was fitted for."""
        adapter = load_adapter() if self.settings.search_adapter else None
        if adapter is None or "text" not in vectors or not adapter.fits(str(index.manifest.get("backend_version", ""))):
            return vectors
        return {**vectors, "text": adapter.apply(vectors["text"])}

    def text_channels(self, query: str, k: int = 5, tags: list[str] | None = None) -> TextChannels | None:
        """The dense, lexical, theme and named scores of a query's candidates (None: no candidates)."""
        index, embedder = self.opened()
        lexical = self._lexical_index(index)
        lexicon = load_lexicon(self.settings.prompts_dir)
        synonyms = load_synonyms(self.settings.prompts_dir)
        allowed = index.ids_with_tags(tags) if tags else None
        if allowed is not None and len(allowed) == 0:
            return None
        allowed_rows = None
        if allowed is not None:
            allowed_rows = np.zeros(len(lexical), bool)
            allowed_rows[[r for r in (lexical.row(i) for i in allowed) if r is not None]] = True

        query = _reassured(_awareness_topic(query, lexicon))
        counted = _without_quantities(query)
        terms = lexical.terms(counted, synonyms)
        bm25 = lexical.scores(terms)
        # A theme word inside a longer name in the query (加油 in 加油站, bank in "bank card") is
        # part of that name: the name stays in the subject, and the word names no symbol of its
        # own; it is no theme at all unless the name is one of that theme's symbols (圣诞树).
        inside, ignore = self._theme_words_inside_names(query, lexicon, lexical, synonyms)
        # Only what the query says besides its themes can name an object: in "back to school"
        # no school building is named, in "机票秒杀" the 机票 is. What is left after another
        # word ("camp" of "soccer camp") is read as following it (an occasion names weakly).
        subject = _without_leading_verb(query, lexicon.subject(query, inside))
        follows = bool(subject) and query.lower().find(subject.lower()) > 0
        subject = _without_quantities(subject).strip()
        subject_terms = lexical.terms(subject, synonyms, follows=follows) if subject else None
        named = lexical.named(subject_terms) if subject_terms else np.zeros(len(lexical), np.float32)
        said_by_subject = named > 0
        matches = lexicon.match(query, ignore)
        modified = None
        if matches and subject_terms:
            # Beside a theme, the words left over are mostly how and when ("back to the gym",
            # "late night coding", "save the planet"): one of them that is a mere tag of an object,
            # and only part of what is left, does not name it above the theme's own symbols. One
            # whose names say all that is left does ("baseball caps bundle deal": the cap's tags).
            whole = (named > 0) & (lexical.coverage(subject, synonyms) >= 1.0)
            named = np.where((named >= SUBJECT_NAMES) | whole, named, lexical.named(subject_terms, labels_only=True))
            modified = _modified_theme(query, subject, matches)
        # A label anywhere in the query names its object, theme words included (足球比赛, 圣诞树,
        # 机票 → 飞机 through the synonym table); a mere tag only outside the theme words.
        # Not inside a price formula, though: the 减 of 满300减50 is no minus sign.
        priced = lexicon.without_amounts(counted)
        label_terms = terms if priced == counted.lower() else lexical.terms(priced, synonyms)
        by_label = lexical.named(self._without_labels_inside_themes(query, label_terms, lexicon, lexical, synonyms,
                                                                    inside | ignore), labels_only=True)
        np.maximum(named, np.where(by_label >= LABEL_NAMES, by_label, 0), out=named)
        if modified is not None:
            # The words before a compound theme name that ends the query only describe it
            # ("family dental clinic" is a dental clinic, no family; 儿童护牙 teeth care, no child):
            # they name none of their objects above the theme's symbols, label or not, unless the
            # object is one of them.
            keep = np.zeros(len(named), bool)
            keep[self._theme_rows(lexical, [modified], synonyms)] = True
            named = np.where(keep, named, np.minimum(named, PART_NAMES))
        # In Chinese "A 的 B" the query is about B (孩子的第一行代码 is the code, 孩子的玩具 the
        # toys): when B names a theme or an object, what only A names is whose it is, no object of
        # its own above them. In English the audience after "for" is A ("exam prep for kids").
        possessor, possessed = _possessive(query) if _ZH_RUN.search(query) else _audience_after_for(query)
        if possessor:
            tail_terms = lexical.terms(possessed, synonyms)
            by_tail = lexical.named(tail_terms)
            if lexicon.match(possessed) or float(by_tail.max(initial=0.0)) >= WEIGHTS.named_min:
                only_possessor = (lexical.named(lexical.terms(possessor, synonyms)) > 0) & (by_tail == 0)
                named = np.where(only_possessor, np.minimum(named, PART_NAMES), named)
        # Among the objects the query names, the one whose names say the most of it comes first
        # ("ice cream cone" is the soft ice cream, tagged ice, cream and cone); an image whose
        # names say all of it is named even when each name alone is only a weak tag.
        cover = lexical.coverage(counted, synonyms)
        # Of the objects a compound names, the head noun is what it is (巧克力蛋糕 is a cake).
        head = lexical.head_names(priced, synonyms)
        colour = lexical.colour_agreement(query)
        # A plain coloured shape shows nothing but its colour: a colour word that says which object is
        # wanted (黄色校车, "red carpet gala", 一杯蓝色的玛格丽特) names none of them; a query of colours
        # alone, or one that asks for a shape, still does: otherwise they are no candidates.
        plain_shapes = lexical.colour_shape_rows() if colour.any() and not _ASKS_SHAPE.search(query) \
            and _COLOUR_WORDS.sub("", query.lower()).strip() else np.zeros(0, np.int64)
        named[(cover >= 1.0) & (named > 0)] = np.maximum(named[(cover >= 1.0) & (named > 0)], WEIGHTS.named_min)
        # An English head noun and the word before it, said in full by an image's names, name that
        # image (as a compound of two objects' names: "baseball cap" is the billed cap, tagged
        # baseball and cap; "game controller" the video game): the compound's first word alone (the
        # baseball), or a modifier before it ("wireless"), then names less of the query than it does.
        # Only among what the words besides the themes name at all: a theme word beside a head
        # ("kids baseball caps") takes nothing from it. A word further back counts when the nearer
        # one says no image's name ("baby feeding bottle" is the baby bottle): the nearest wins.
        for compound in lexical.en_head_compounds(priced, synonyms):
            said = (lexical.coverage(compound, synonyms) >= 1.0) & said_by_subject
            if said.any():
                named[said] = np.maximum(named[said], WEIGHTS.named_min)
                break
        theme = np.zeros(len(lexical), np.float32)
        symbol_of = np.full(len(lexical), -1, np.int64)
        symbols: list[tuple[str, str]] = []
        # Of several themes, the one the query opens with is what it is about ("开启消息通知 不错过优惠"
        # is the notification, "双11预售" Singles' Day): its symbols win a tie with a later theme's.
        # A theme named by a mere when-word (周末) is the setting: the topics go before it.
        # Its symbols also weigh less than a topic's, so the topic's first few lead the list.
        has_topic = any(not names_a_setting(m.alias) for m in matches)
        for order, match in enumerate(sorted(matches, key=lambda m: names_a_setting(m.alias))):
            setting = WEIGHTS.setting if has_topic and names_a_setting(match.alias) else 1.0
            for position, symbol in enumerate(match.theme.symbols[:MAX_SYMBOLS]):
                rows, strength = self._symbol_rows(lexical, symbol, synonyms)
                if not len(rows):
                    continue
                value = strength * WEIGHTS.symbol_decay ** position * WEIGHTS.later_theme ** order * setting
                better = value > theme[rows]
                theme[rows[better]] = value[better]
                symbol_of[rows[better]] = len(symbols)
                symbols.append((symbol.query, f"theme:{match.theme.name}"))
        # A theme word that is itself a name (a tag too) of one of its own theme's symbols names
        # that symbol: "soccer" of "soccer camp" is the soccer ball, "sneakers" the running shoe.
        # An offer word after others is the offer, not an object ("electronics discount" names no
        # discount button), as in the query's own phrases.
        # A later theme's word that is a mere tag of a symbol is what the topic comes with (品牌周年
        # 感恩回馈 is the anniversary's, not the praying hands tagged 感恩; 签到领奖励 the check-in's, no
        # trophy); one that is its name still names it ("free coffee": the coffee).
        topics = [m for m in matches if not names_a_setting(m.alias)]
        for match in (m for m in matches if (m.start, m.end) not in inside):
            whole = phrase_key(match.alias)
            if match.start > 0 and is_occasion(whole):
                continue
            alias = QueryTerms(phrases=[(whole, 1.0), *((phrase_key(o), SYNONYM_WEIGHT) for o in synonyms.of(whole))])
            by_name = lexical.named(alias, labels_only=any(m.start < match.start for m in topics))
            own = (theme > 0) & (by_name >= WEIGHTS.named_min)
            # A tag several of the theme's own symbols share (好运 of the red envelope and the
            # hamsa, both good-luck symbols) is the theme's word, not the name of one of them.
            if by_name[own].max(initial=0.0) < 1.0 and len(np.unique(lexical.variant_group[own])) > 1:
                continue
            named[own] = np.maximum(named[own], by_name[own])
        if allowed_rows is not None:
            for array in (bm25, named, theme, cover, head, colour):
                array[~allowed_rows] = 0

        # Candidates: the dense top of each field, the lexical top, every theme symbol and named image.
        n_candidates = max(CANDIDATES_MIN, 4 * k)
        vectors = self._adapted(index, self._embedded_query(embedder, query))
        weights = embedder.text_weights
        searched = [f for f in weights if f in index.manifest["search_fields"]] or [max(weights, key=weights.get)]
        candidate_ids: set[int] = set()
        for field in searched:
            _, ids = index.store.search(field, vectors[field], n_candidates, allowed)
            candidate_ids.update(int(i) for i in ids.ravel() if i >= 0)
        rows = {r for r in (lexical.row(i) for i in candidate_ids) if r is not None}
        lexical_top = np.argsort(-bm25, kind="stable")[:n_candidates]
        rows.update(int(r) for r in lexical_top if bm25[r] > 0)
        rows.update(int(r) for r in np.flatnonzero((theme > 0) | (named > 0)))
        rows.difference_update(plain_shapes.tolist())
        if not rows:
            return None
        rows_a = np.array(sorted(rows), np.int64)
        ids = lexical.ids[rows_a]
        total = sum(weights.values())
        dense = sum(weights[f] * (vectors[f] @ index.store.vectors(f, ids).T)[0] for f in weights) / total
        return TextChannels(rows=rows_a, dense=np.asarray(dense, np.float32), lexical=bm25[rows_a],
                            theme=theme[rows_a], symbol=symbol_of[rows_a], named=named[rows_a], symbols=symbols,
                            cover=cover[rows_a], head=head[rows_a], colour=colour[rows_a],
                            theme_only=bool(matches) and not subject)

    def _theme_words_inside_names(self, query: str, lexicon: ThemeLexicon, lexical: LexicalIndex,
                                  synonyms: Synonyms) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
        """Spans of theme words that lie inside a longer gallery name (a label, a tag, or a
        synonym of one) in the query, and of those the spans whose name is none of that theme's
        symbols: 加油 (cheering) in 汽车加油站 (the fuel pump's), bank in "bank card" (the credit
        card's). 圣诞 in 圣诞树 stays the Christmas theme: the tree is one of its symbols."""
        text = query.lower()
        inside: set[tuple[int, int]] = set()
        ignore: set[tuple[int, int]] = set()
        occurrences = lexicon.occurrences(text)
        if not occurrences:
            return inside, ignore
        words = [(word, run.start() + a, run.start() + b) for run in _ZH_RUN.finditer(text)
                 for word, a, b in lexical.segmenter.spans(run.group())]
        latin = [(m.group(), m.start(), m.end()) for m in _LATIN_WORD.finditer(text)]
        words.extend((" ".join(w for w, _, _ in latin[i:i + size]), latin[i][1], latin[i + size - 1][2])
                     for size in (2, 3) for i in range(len(latin) - size + 1))
        for match in occurrences:
            for word, start, end in words:
                if not (start <= match.start and match.end <= end and end - start > match.end - match.start):
                    continue
                key = phrase_key(word)
                found = [rows for rows in (lexical.naming_rows(k) for k in
                                           (key, *(phrase_key(o) for o in synonyms.of(key)))) if rows is not None]
                if not found:
                    continue
                inside.add((match.start, match.end))
                symbol_rows = [self._symbol_rows(lexical, symbol, synonyms)[0]
                               for symbol in match.theme.symbols[:MAX_SYMBOLS]]
                theme_rows = np.concatenate(symbol_rows) if symbol_rows else found[0][:0]
                if not np.isin(np.concatenate(found), theme_rows).any():
                    ignore.add((match.start, match.end))
        return inside, ignore

    def _without_labels_inside_themes(self, query: str, terms: QueryTerms, lexicon: ThemeLexicon,
                                      lexical: LexicalIndex, synonyms: Synonyms,
                                      skip: set[tuple[int, int]]) -> QueryTerms:
        """The query's phrases less the Chinese labels that lie only inside a longer theme word,
        before its end, and are none of that theme's symbols: 信息 of 个人信息保护 (privacy) is no
        information sign, where 足球 of a football theme's word is that theme's ball, and the head
        that ends the word is what it is (医院 of 宠物医院 is a hospital). `skip`: theme word spans
        that are themselves inside a longer name (加油 of 加油站), or not theme words there."""
        text = query.lower()
        spans = [m for m in lexicon.occurrences(text) if (m.start, m.end) not in skip and _ZH_RUN.search(m.alias)]
        if not spans:
            return terms
        dropped: set[str] = set()
        for phrase, _ in terms.phrases:
            if phrase in dropped or not _ZH_RUN.fullmatch(phrase):
                continue
            found = lexical.labels.get(phrase)
            starts = [i for i in range(len(text)) if text.startswith(phrase, i)]
            if found is None or not len(found[0]) or not starts:
                continue
            holders = []
            for at in starts:
                holder = next((m for m in spans if m.start <= at and at + len(phrase) < m.end), None)
                if holder is None:
                    break
                holders.append(holder)
            else:
                if not np.isin(found[0], self._theme_rows(lexical, holders, synonyms)).any():
                    dropped.add(phrase)
                    dropped.update(phrase_key(o) for o in synonyms.of(phrase, derived=True))
        if not dropped:
            return terms
        return QueryTerms(terms=terms.terms, phrases=[(p, w) for p, w in terms.phrases if p not in dropped],
                          not_codes=terms.not_codes)

    def _lexical_index(self, index: GalleryIndex) -> LexicalIndex:
        """Built once per opened generation (and again if the lexicon or synonym files change)."""
        lexicon = load_lexicon(self.settings.prompts_dir)
        synonyms = load_synonyms(self.settings.prompts_dir)
        key = (id(index), id(lexicon), id(synonyms))
        with self._lock:
            if self._lexical is None or self._lexical_key != key:
                self._lexical = _load_or_build_lexical(index, lexicon, synonyms)
                self._lexical_key = key
                self._symbol_cache = {}
            return self._lexical

    def _theme_rows(self, lexical: LexicalIndex, matches: list[ThemeMatch], synonyms: Synonyms) -> np.ndarray:
        """The rows showing any of the symbols (the first MAX_SYMBOLS of each) of these themes."""
        rows = [self._symbol_rows(lexical, symbol, synonyms)[0]
                for match in matches for symbol in match.theme.symbols[:MAX_SYMBOLS]]
        return np.concatenate(rows) if rows else np.zeros(0, np.int64)

    def _symbol_rows(self, lexical: LexicalIndex, symbol: Symbol, synonyms: Synonyms) -> tuple[np.ndarray, np.ndarray]:
        """Gallery rows showing a theme symbol, and how surely: the images its zh or en name
        names (label or tag), else the best lexical matches of its words."""
        cached = self._symbol_cache.get(symbol.query)
        if cached is not None:
            return cached
        # The gallery images whose very label is a half of the symbol are that symbol, not others
        # its words also name (女程序员 is the woman technologist, not every technologist; 话语气泡
        # the speech balloon, not the bubbles).
        exact = [found[0] for found in (lexical.labels.get(phrase_key(p)) for p in (symbol.zh, symbol.en) if p)
                 if found is not None and len(found[0])]
        if exact:
            rows = np.unique(np.concatenate(exact))
            result = (rows, np.ones(len(rows), np.float32))
            self._symbol_cache[symbol.query] = result
            return result
        parts = [p for p in (symbol.zh, symbol.en) if p]
        named = np.zeros(len(lexical), np.float32)
        bm25 = np.zeros(len(lexical), np.float32)
        for part in parts:
            terms = lexical.terms(part, synonyms)
            named = np.maximum(named, lexical.named(terms))
            bm25 += lexical.scores(terms)
        # Only the surest names: "red paper lantern" is the lantern, not the pumpkin tagged 灯笼.
        rows = np.flatnonzero(named >= max(WEIGHTS.named_min, 0.95 * float(named.max())))
        if len(rows):
            result = (rows, named[rows].astype(np.float32))
        elif bm25.max() > 0:
            top = np.argsort(-bm25, kind="stable")[:3]
            top = top[bm25[top] >= 0.5 * bm25[top[0]]]
            result = (top, (0.5 * bm25[top] / bm25[top[0]]).astype(np.float32))
        else:
            result = (np.zeros(0, np.int64), np.zeros(0, np.float32))
        self._symbol_cache[symbol.query] = result
        return result

    def search_image(self, image: Path | str | Image.Image, k: int = 5, tags: list[str] | None = None) -> list[SearchHit]:
        """Best `k` images that look like `image` (a path or a PIL image)."""
        if isinstance(image, Image.Image):
            picture = image
        else:
            picture = load_image(Path(image), max_pixels=self.settings.max_image_pixels).image
        if picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA")
        index, embedder = self.opened()
        queries = embedder.embed_image_query(picture)
        return self._search(index, queries, embedder.image_weights, k, tags)

    def get(self, id: str) -> SearchHit:
        """The gallery image with this id (or path relative to the indexed folder)."""
        index, _ = self.opened()
        item = index.find(str(id))
        if item is None:
            raise GalleryError(f"no gallery image with id '{id}'")
        return _hit(item, 1.0, {})

    # -- image search
    def _search(self, index: GalleryIndex, queries: dict[str, np.ndarray], weights: dict[str, float],
                k: int, tags: list[str] | None) -> list[SearchHit]:
        k = max(1, min(int(k), MAX_K))
        allowed = index.ids_with_tags(tags) if tags else None
        if allowed is not None and len(allowed) == 0:
            return []
        store = index.store
        total = sum(weights.values())
        primary = max(weights, key=weights.get)
        # Candidates: the top of each searched field; exact fused scores after.
        n_candidates = max(CANDIDATES_MIN, 4 * k)
        candidates: set[int] = set()
        searched = [f for f in weights if f in index.manifest["search_fields"]] or [primary]
        for field in searched:
            _, ids = store.search(field, queries[field], n_candidates, allowed)
            candidates.update(int(i) for i in ids.ravel() if i >= 0)
        if not candidates:
            return []
        ids = np.array(sorted(candidates), np.int64)
        scores = (sum(weights[f] * (queries[f] @ store.vectors(f, ids).T) for f in weights) / total)[0]
        order = np.argsort(-scores, kind="stable")[:k]
        items = index.items(ids[order])
        return [_hit(items[int(ids[i])], float(scores[i]), {"similarity": round(float(scores[i]), 4)}) for i in order]


def fuse(channels: TextChannels, variant_group: np.ndarray, k: int,
         weights: FusionWeights = WEIGHTS, variant_kind: np.ndarray | None = None) -> list[tuple[int, float]]:
    """(position in `channels`, score) of the best `k`, best first; scores never increase.

    `variant_kind` (row → PLAIN, QUALIFIED or TONED): a group is shown by its plain member
    (👪 family, not 👨‍👦 family: man, boy) unless the query says more of the variant."""
    k = max(1, min(int(k), MAX_K))
    n = len(channels.rows)
    dense_rank = np.empty(n, np.float64)
    dense_rank[np.argsort(-channels.dense, kind="stable")] = np.arange(1, n + 1)
    lexical_rank = np.empty(n, np.float64)
    lexical_rank[np.argsort(-channels.lexical, kind="stable")] = np.arange(1, n + 1)
    score = weights.dense / (weights.rrf_k + dense_rank)
    score += np.where(channels.lexical > 0, weights.lexical / (weights.rrf_k + lexical_rank), 0.0)
    named = channels.named >= weights.named_min
    # Theme symbols fill the list after the named objects; they do not reorder what the user named.
    # A query that only names a theme (春节) is answered by its symbols; beside other words, its later symbols give way
    # to the images those words find.
    themed = weights.theme_alone * channels.theme if channels.theme_only \
        else weights.theme * channels.theme ** weights.theme_power
    score += np.where(named, 0.0, themed)
    # Named images sit above the rest by more than any fusion score reaches (NAMED_TIER), the
    # ones whose names say more of the query first.
    cover = channels.cover if channels.cover is not None else np.zeros(n, np.float32)
    head = channels.head if channels.head is not None else np.zeros(n, np.float32)
    colour = channels.colour if channels.colour is not None else np.zeros(n, np.float32)
    # Among named images that say as much of the query, the head noun's first, then the asked
    # colour's; among those, a symbol of the theme it names first, in the
    # theme's own order ("merry christmas": Santa, not Mrs. Claus who is tagged merry too).
    score += np.where(named, NAMED_TIER + weights.cover * cover + weights.head * head + weights.colour * colour
                      + weights.named * channels.named
                      + weights.named_theme * channels.theme, 0.0)
    # Greedy picks: another variant of a listed symbol, or another image found through the same
    # theme symbol, gives way to new ones. Penalties only grow, so scores never increase.
    adjusted = score.copy()
    taken = np.zeros(n, bool)
    groups = variant_group[channels.rows]
    kind = variant_kind[channels.rows] if variant_kind is not None else np.full(n, PLAIN, np.int8)
    plain_rows = kind == PLAIN
    picks = []
    for _ in range(min(k, n)):
        pick = int(np.where(taken, -np.inf, adjusted).argmax())
        pick_score = float(adjusted[pick])
        if kind[pick] != PLAIN:
            # the plain member stands for its group when the query says no more of the variant; a skin
            # tone stays when the query's words match it better (深肤色, "medium skin tone")
            stand_in = (groups == groups[pick]) & plain_rows & ~taken & (named == named[pick]) \
                & (cover >= cover[pick]) & (head >= head[pick]) & (colour >= colour[pick])
            if kind[pick] == TONED:
                stand_in &= channels.lexical >= channels.lexical[pick]
            if stand_in.any():
                pick = int(np.where(stand_in, adjusted, -np.inf).argmax())
        picks.append((pick, pick_score))
        taken[pick] = True
        adjusted[groups == groups[pick]] -= weights.variant_penalty
        if channels.symbol[pick] >= 0 and not named[pick]:
            adjusted[channels.symbol == channels.symbol[pick]] -= weights.symbol_penalty
    return picks


def _load_or_build_lexical(index: GalleryIndex, lexicon: ThemeLexicon, synonyms: Synonyms) -> LexicalIndex:
    """The lexical index of this generation, from its file beside the catalog when one was saved
    for the same catalog, lexicon and synonyms (a cold `huabao search` then skips the build);
    built and saved otherwise. The file is named like the generation's own files, so the indexer
    deletes it with them; a read-only index folder just means building it each time."""
    words = _query_words(lexicon, synonyms)
    catalog = index.index_dir / index.manifest["catalog"]
    try:
        stat = catalog.stat()
        stamp = f"{LEXICAL_STAMP}|{stat.st_size}|{stat.st_mtime_ns}|{len(lexicon.themes)}|" + "|".join(sorted(set(words)))
    except OSError:
        stamp = None
    path = None
    if stamp is not None:
        digest = hashlib.sha1(stamp.encode("utf-8")).hexdigest()[:12]
        path = index.index_dir / f"g{index.generation}.lexical-{digest}.npz"
        if path.is_file():
            try:
                return LexicalIndex.load(path)
            except (OSError, ValueError, KeyError):
                pass  # unreadable or from another version: rebuild below
    lexical = LexicalIndex.build(index.all_items().values(), extra_words=words)
    if path is not None:
        with contextlib.suppress(OSError):
            for old in index.index_dir.glob(f"g{index.generation}.lexical-*.npz"):
                old.unlink()
            lexical.save(path)
    return lexical


def _query_words(lexicon: ThemeLexicon, synonyms: Synonyms) -> list[str]:
    """Words queries use that gallery captions may not: synonym keys and values, theme names,
    aliases and symbol names (so the segmenter knows 机票 and 秒杀)."""
    found = [w for key, values in synonyms.table.items() for w in (key, *values)]
    # and the words that only describe an object, so they are cut whole (进口红酒 holds no 口红)
    found.extend(sorted(_MODIFIERS))
    for theme in lexicon.themes:
        found.extend(theme.aliases)
        found.extend(s.zh for s in theme.symbols)
    return found


# A fear, a worry or a pain said to be gone (不用怕, 焦虑退散, 报税不慌, "no fear", worry-free, painless) is the calm it
# promises: read as that mood, so that the frightened and worried faces the fear word is tagged with are not what is
# shown. "fearless" is courage, not calm, and "no pain no gain" effort: both stay as written.
_FEAR_GONE = re.compile(
    r"(?:不用|不必|别|不再|不|无需|毫不|没什么好|没那么)(?:害怕|怕|担心|慌张|慌|焦虑|紧张|痛(?!快)|疼)"
    r"|(?:焦虑|烦恼|压力|疼痛|恐惧|紧张)(?:退散|拜拜|全消|清零)"
    r"|(?<![a-z])no\s+(?:more\s+)?(?:fears?|worries|worry|stress|pain|panic)(?![a-z])(?!\s+no\b)"
    r"|(?<![a-z])(?:worry|stress|fear|pain|anxiety)[- ]?free(?![a-z])|(?<![a-z])painless(?![a-z])",
    re.IGNORECASE)


def _reassured(query: str) -> str:
    """The query with each fear said to be gone read as calm (内心平静 / "peace of mind", the words of that mood)."""
    if not _FEAR_GONE.search(query):
        return query  # most queries: nothing more to do on every search
    calm = "内心平静" if _ZH_RUN.search(query) else "peace of mind"
    return re.sub(r"\s{2,}", " ", _FEAR_GONE.sub(f" {calm} ", query)).strip()


# An awareness day's frame around its topic: World Heart Day, International Jazz Day, 世界心脏日.
_AWARENESS_DAY = re.compile(r"(?<![a-z])(?:world|international|national|global)\s+([a-z][a-z' -]*?)\s+day(?![a-z])"
                            r"|(?:世界|国际|全国|全民)([\u3400-\u9fff]{1,6}?)日")


def _awareness_topic(query: str, lexicon: ThemeLexicon) -> str:
    """The query with an awareness day the lexicon does not know read as its topic ("world heart
    day" is about the heart: no world map, no calendar); a day the lexicon knows (World Book Day,
    全国爱牙日) stays whole, for its theme."""
    text = query.lower()
    frames = list(_AWARENESS_DAY.finditer(text))
    if not frames:
        return query  # most queries: no lexicon scan for them
    known = [(m.start, m.end) for m in lexicon.occurrences(text)]
    parts, last = [], 0
    for frame in frames:
        start, end = frame.span()
        topic_start, topic_end = frame.span(frame.lastindex)
        # a theme alias holding the topic and a frame word names the day itself (世界海洋日)
        if any(a <= topic_start and topic_end <= b and (a < topic_start or topic_end < b) for a, b in known):
            continue
        parts += [text[last:start], frame.group(frame.lastindex)]
        last = end
    return "".join(parts + [text[last:]]).strip() if parts else query


def _possessive(query: str) -> tuple[str, str]:
    """(A, B) of a Chinese query "A的B" split at its last 的 with Chinese on both sides, else ("", "")."""
    at = query.rfind("的")
    if at <= 0 or not _ZH_RUN.search(query[:at]) or not _ZH_RUN.search(query[at + 1:]):
        return "", ""
    return query[:at].strip(), query[at + 1:].strip()


def _audience_after_for(query: str) -> tuple[str, str]:
    """(the audience, what is for it) of an English query "X for kids" whose words after its last "for"
    only say whom it is for (kids, seniors, the whole family), else ("", ""): as in 孩子的玩具, what
    only the audience names is whose it is ("dance class for kids" is the class, no child first)."""
    text = normalise(query)
    at = text.rfind(" for ")
    before, after = text[:at].strip(), text[at + 5:].strip(" .!?")
    words = [w for w in _LATIN_WORD.findall(after) if w not in ("the", "your", "our", "all", "whole", "little")]
    if at <= 0 or not _LATIN_WORD.search(before) or not words or not all(is_audience(w) for w in words):
        return "", ""
    return after, before


def _without_leading_verb(query: str, subject: str) -> str:
    """The subject, or nothing when all it is is the verb that opens the query before a determiner:
    in "check today's weather", once the theme takes "today's weather", the "check" left over is
    still what is done, and names no check mark."""
    verb = leading_verb(normalise(query))
    return "" if verb and re.fullmatch(rf"[^a-z]*{verb}[^a-z]*", normalise(subject)) else subject


def _modified_theme(query: str, subject: str, matches: list[ThemeMatch]) -> ThemeMatch | None:
    """The theme named by an English compound of two words or more that ends the query right
    after its subject, when the subject only says whom it is for (in "family dental clinic" the
    theme word is "dental clinic": a clinic for families, no family); None for any other subject
    (an object: "summer dresses new arrivals", "baseball caps bundle deal"), theme words before the
    subject, or an offer or an occasion ("family game night": the family's night). In Chinese the
    subject is one audience word before a theme word that ends the query (儿童护牙). A taste before a
    dish describes it the same way (麻辣牛肉面, "spicy hot pot": the noodles and the pot, no pepper first)."""
    text = query.lower().rstrip(" .!?！？。")
    start = text.find(subject.lower())
    chinese = bool(_ZH_RUN.search(text))
    # A Chinese subject is one audience word (儿童 of 儿童护牙: teeth care for children, no child)
    words = [subject.strip()] if chinese else _LATIN_WORD.findall(subject.lower())
    if start < 0 or not words or not all(is_audience(w) or is_flavour(w) for w in words):
        return None
    end = start + len(subject)
    for match in matches:
        if match.start < end or match.end != len(text) or text[end:match.start].strip(" -") \
                or names_a_setting(match.alias):
            continue
        if chinese:
            if len(match.alias) >= 2 and _ZH_RUN.fullmatch(match.alias) and not is_occasion(match.alias):
                return match
            continue
        alias = _LATIN_WORD.findall(match.alias.lower())
        if len(alias) >= 2 and not _ZH_RUN.search(match.alias) and not is_occasion(alias[-1]):
            return match
    return None


def _hit(item: dict[str, Any], score: float, extra: dict[str, Any]) -> SearchHit:
    metadata = dict(item["metadata"])
    metadata.update({"key": item["key"], "document": item["document"], "generated_caption": bool(item["generated"]),
                     "colours": item["colours"]})
    if item["notes"]:
        metadata["notes"] = item["notes"]
    metadata.update(extra)
    return SearchHit(id=item["gid"], path=item["path"], score=score, label_zh=item["label_zh"],
                     label_en=item["label_en"], tags=item["tags"], metadata=metadata)

