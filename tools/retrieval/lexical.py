"""The lexical channel of gallery search: BM25 over the words of each image's labels, tags and
captions (tools/retrieval/words.py cuts them), and the table that tells which gallery images a
query *names*.

Built once per opened index generation (a few hundred ms for the sample gallery), then every
query is a handful of numpy additions.
"""
from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tools.colors import COLORS, color_by_key
from tools.retrieval.synonyms import Synonyms, english_words
from tools.retrieval.words import (
    _CJK,
    _EN_STOP,
    _EVENTS,
    _LATIN,
    _MODIFIERS,
    _PREPOSITIONS,
    _VARIANT,
    _ZH_STOP,
    _ZH_SUFFIXES,
    _ZH_WORD,
    BIGRAM_WEIGHT,
    CHAR_WEIGHT,
    INNER_CHAR_SHARE,
    ZH_PERSON_SUFFIXES,
    Segmenter,
    _starts,
    _suffixed_label,
    grams,
    is_occasion,
    leading_verb,
    normalise,
    occasion_tail,
    phrase_key,
    stem,
    typo_fixes,
)

LEXICAL_FORMAT = "lex15"  # bump when tokenising or the saved layout changes

K1 = 1.2

B = 0.75

# Field weights inside one document (term frequency multipliers, BM25F style).
LABEL_WEIGHT = 3.0

TAG_WEIGHT = 2.0

TEXT_WEIGHT = 1.0

SYNONYM_WEIGHT = 0.8    # a synonym's words count this much of the typed word

MODIFIER_TERM = 0.3     # a colour/size/material word counts this much beside a noun (红色保温杯: the cup)

PART_NAMES = 0.4        # a name inside a longer name the query also says (羽毛 in 羽毛球拍): below named_min

TAG_NAMES = 0.7         # a tag names its image less surely than its label does

MAX_TAG_SPREAD = 4      # a tag carried by more distinct symbols than this names none of them

PIECE_NAMES = 0.8       # a known word ending a longer query word (小推车 → 推车)

CHAR_NAMES = 0.6        # a one-character name ending a query word (小猪 → 猪)

EVENT_NAMES = 0.3       # an occasion word after another word (soccer camp): below every named object

# A label that is a kind of the head (奶酪火锅 of 火锅, 青苹果 of 苹果) says it this much of one that is
# the head itself; the retriever's colour weight outweighs the difference (绿色苹果 → 青苹果).
KIND_HEAD = 0.75

CATEGORY_LABELS = 3     # a word naming this many labelled symbols (零食 → popcorn, cookie, candy) is a category

# An English query word at least this long that the index and the lexicons do not know may be a
# typo of one they do (kettel → kettle, aniversary → anniversary); shorter words have too many
# real neighbours one letter away (linen, line).
TYPO_MIN = 6

# Characters that end product names without being the object (复古风, 高级感, 按压式, 美食节, 限定款,
# 原味), or end words where they mean no object (紫外线, 新气象, 最热门, 脑洞): a one-character gallery
# name among them (an operation, a face, the thread, the elephant) is never what a compound is.
_ABSTRACT_HEADS = frozenset("风感式节型款版味系性乘加减除哭啊困怒晕汗累阴线象门洞结派云雾")

# Vessels after their contents hold them (爆米花桶, 蜂蜜罐, 水果篮), and a ticket after what it is for
# is that offered (巴士月票 is the bus, as 咖啡优惠券 is the coffee): neither is what is sold.
_ZH_VESSELS = frozenset("桶罐筐篮盒袋瓶箱票")

# Verbs whose object follows them (记得打伞, 回家买鱼, 送她花): the noun after one is no compound's head.
_ZH_VERBS = frozenset("打拿买带送吃喝看用撑穿戴抢领找去来有爱想寄借租换选等给赢抽")

# Negations and adverbs make a run a clause (不给糖就捣蛋), not the name of a thing.
_CLAUSE_CHARS = frozenset("不没别就很太都也还再要会能让被吗呢吧呀")

# A one-character head ends a compound after a modifier of at least this many characters (老坛酸菜鱼 →
# 鱼); after one character (烤鱼, 章鱼) the two are too often one word of their own.
HEAD_MODIFIER_MIN = 2

# An unknown English word ending in a gallery name is a closed compound of it (smartwatch →
# watch) when both parts are at least this long: "pin" is no head of "spin".
COMPOUND_PART_MIN = 3


# (warship / spaceship / battleship: the kinds of vessel a dictionary word ending in "ship" names)
_VESSEL_KINDS = frozenset("war air space star steam battle flag cargo cruise mother troop light fire hospital sail "
                          "long".split())


def _suffixed_word(word: str, head: str) -> bool:
    """partnerships / mentorship / catering / kayaking: an English word whose "head" is its suffix
    (-ship) or its -ing ending (cate-ring, kaya-king), no compound of the gallery's ship or ring."""
    words = english_words()
    if head.rstrip("s") == "ship":
        return (word in words or word.removesuffix("s") in words) and word[:-len(head)] not in _VESSEL_KINDS
    return word.endswith("ing") and head.endswith("ing") and (
        word[:-3] in words or word[:-3] + "e" in words or (len(word) > 4 and word[-4] == word[-5] and word[:-4] in words))


# What a saved index depends on besides the catalog and the query words: the format and every
# weight above, so a retuned constant never meets an index built under the old one.
LEXICAL_STAMP = "|".join(map(str, (LEXICAL_FORMAT, K1, B, LABEL_WEIGHT, TAG_WEIGHT, TEXT_WEIGHT, CHAR_WEIGHT,
                                   BIGRAM_WEIGHT, INNER_CHAR_SHARE, "".join(sorted(_ZH_SUFFIXES)))))

_LATIN_WORD = re.compile(r"[a-z]+")

_LATIN_TYPED = re.compile(r"[A-Za-z0-9]+")


def _colour_names() -> tuple[dict[str, str], dict[str, str]]:
    """Colour characters of Chinese names and colour words of English ones, each to its colour in
    tools/colors (the one colour vocabulary): a colour's short name and its one-character or X色
    aliases (橘色 → 橘), and the English names that are modifiers here (not "rose" or "lemon")."""
    zh: dict[str, str] = {}
    for colour in COLORS:
        names = (colour.short, *(a for a in colour.aliases_zh if len(a) == 1 or (len(a) == 2 and a[1] == "色")))
        for name in filter(None, names):
            zh.setdefault(name[0], colour.key)
    # In an object's name 青 is green (青苹果, 青椒, 青菜), not the cyan of a 青色 swatch.
    zh["青"] = color_by_key("green").key
    en = {word: colour.key for colour in COLORS for word in (colour.en, *colour.aliases_en) if word in _MODIFIERS}
    return zh, en


_COLOURS, _EN_COLOURS = _colour_names()

# A plain coloured shape's label as a phrase key (stemmed: "large orange diamond" is "larg orang diamond").
_COLOUR_SHAPE_KEY = re.compile(r"(?:(?:larg|small|medium|medium small)e? )?(?:red|orange?|yellow|green|blue|purple?|brown|"
                               r"black|white) (?:(?:larg|small|medium|medium small)e? )?(?:circle?|square?|diamond|"
                               r"triangle?)\b")

# Packaging after one kind of object holds that object (月饼礼盒, "mooncake gift box"): it is not
# what the query names, so it does not count towards which object a query names most fully
# (after a category it is: 零食礼包 is the gift box, see LexicalIndex.names_one_kind).
_CONTAINERS = frozenset(["礼盒", "礼包", "套装", "套餐", "包装", "盒装", "礼品盒", "罐装", "瓶装", "袋装", "箱装", "整箱",
                         "gift box", "gift set", "gift pack", "box", "pack", "set", "bundle", "package", "packag",
                         "combo", "jar", "tin", "crate", "case", "bucket", "tub", "carton", "桶装", "杯装"])

# A voucher after an object is that object offered (咖啡优惠券 is coffee, "pizza coupon" a pizza): the
# voucher is how it is sold, not what the poster shows.
_VOUCHERS = frozenset(["优惠券", "代金券", "抵用券", "兑换券", "折扣券", "满减券", "券", "coupon", "voucher"])

# After an object, packaging, a gift or a voucher is that object given (玫瑰情人节礼物, "chocolate gift
# box", 咖啡优惠券): never the head noun of the phrase.
_GIFTS = frozenset(["礼物", "礼品", "gift"])

# A list after one kind of object lists that object (文具清单: the stationery first); after gear of every kind, or a
# theme (应急包, where the gallery has no kit), it is the list itself (户外装备清单, "spring cleaning checklist": the
# clipboard).
_LISTS = frozenset(["清单", "checklist"])

_NOT_HEADS = _CONTAINERS | _VOUCHERS | _GIFTS | _LISTS

# What ends an English noun phrase besides a preposition: punctuation, a conjunction, a verb of being, a
# pronoun (the object of a verb before it) ("bagels and cream cheese", "your package is out for delivery",
# "prescription glasses, second pair free", "your cart misses you").
_EN_JOINED = re.compile(r"[&+]|\b(?:and|or|n)\b")
_EN_PHRASE_ENDS = re.compile(r"[,;:!?&+/()|]|\b(?:and|or|is|are|was|were|i|you|he|she|we|they|me|him|us|them)\b")

# A verb's word counts this much of a noun's in BM25 (its noun senses, check of check mark, fill in
# only when nothing else is said).
VERB_TERM = 0.3

# Words that join two objects (热狗配可乐, 咖啡搭蛋糕): neither is the other's kind.
_ZH_COORDINATORS = frozenset("配 搭 加 和 与 及 跟 送".split())

# Measure words: what follows one is the noun it counts (带把伞 → 伞, 一束花 → 花).
_ZH_CLASSIFIERS = frozenset("一只个辆杯张件把盒瓶块双顶架部束盆碗套份")

# Numbers, before which a measure word counts instead of naming (三碗, 两杯).
_ZH_NUMBERS = frozenset("一二两三四五六七八九十百千几半每0123456789")

# Characters that modify the noun after them (小猪, 大象 is a word of its own and stays whole).
_ZH_PREFIXES = frozenset("小大老白黑红黄绿蓝粉金银的") | _ZH_CLASSIFIERS

# How much of an object is sold (5斤装, 家庭装, 大份, 双人份, 拼盘, "family size"): said after the object,
# never the object itself (家庭 names no family, 拼盘 no plate).
_PORTIONS = re.compile(r"\d+(?:\.\d+)?\s*(?:斤|克|千克|公斤|两|kg|g|ml|l|毫升|升|片|包|袋|盒|瓶|支|只|个|粒|条|枚|罐|听|杯|件|卷)\s*装"
                       r"|(?:家庭|量贩|分享|尝鲜|试用|体验|便携|超值|实惠|囤货|组合|旅行|经济|加量)装"
                       r"|(?:[\d一二两三四五六七八九十单双多]人|[大中小半整]|加大|超大)份|拼盘"
                       r"|\b(?:family|party|value|bulk|travel)[\s-](?:size|pack)\b"
                       # English: an amount and what it comes in ("3lb bag", "6-pack", "12 ct box", "snack pack")
                       r"|\b\d+(?:\.\d+)?\s*(?:lbs?|kg|g|oz|ml|l|ct|pcs?|count|x)?[\s-]*(?:bag|box|pack|tin|jar|case|crate|carton|tub|sack)s?\b"
                       r"|\b(?:snack|multi|twin|sharing|variety|club|mega|jumbo)[\s-]?pack\b")

# "a big wheel of parmesan", "a cup of coffee", "stack of books": how much of a thing, then the thing, which is the
# phrase's head. (A bouquet or a basket is a thing of its own the gallery draws.)
_EN_MEASURE_OF = re.compile(r"\b(?:cup|glass|bowl|plate|slice|piece|pair|loaf|loave|wheel|scoop|stack|pile|handful|bunch"
                            r"|jar|bottle|can|bag|pack|packet|box|carton|tray|pot|mug|pint|shot|serving|portion|spoonful"
                            r"|stick|bar|block|dozen|pound|kilo|sack|bucket|crate|round|tub|tin|roll|sheet|bundle)"
                            r"(?:s|es)?\s+of\s+(?P<rest>[a-z][^,;:!?()|]*)")


def _without_measure_of(text: str) -> str:
    """An English text without the measure before its noun ("a big wheel of parmesan" → "a big parmesan"), when a
    word that is no mere modifier follows ("bottle of red" keeps its bottle)."""
    def cut(match: re.Match[str]) -> str:
        rest = match.group("rest")
        return rest if any(w not in _MODIFIERS for w in _LATIN_WORD.findall(rest)) else match.group()
    return _EN_MEASURE_OF.sub(cut, text)


_QUALIFIER_COLON = re.compile(r"\s*[:：]\s*")

_SKIN_TONE = re.compile(r"skin tone|肤色|膚色", re.IGNORECASE)

# A row's variant kind: its plain form stands for its group unless a skin tone was what matched.
PLAIN, QUALIFIED, TONED = 0, 1, 2


# A phrase key no gallery name has: it marks a describing word as said by the phrase around it.
_SAID_IN_PHRASE = "\x00"


def _with_synonyms(key: str, synonyms: Synonyms | None) -> list[str]:
    """A phrase key and the keys of the hand synonyms it has (机票 → 机票, 飞机)."""
    return [key, *(phrase_key(o) for o in (synonyms.of(key) if synonyms else []))]


@dataclass
class QueryTerms:
    """A query as weighted index terms, and the phrases that could name a gallery object."""

    terms: dict[str, float] = field(default_factory=dict)
    phrases: list[tuple[str, float]] = field(default_factory=list)  # (phrase key, weight)
    # two-letter words the query does not write as a code (see LexicalIndex.terms)
    not_codes: set[str] = field(default_factory=set)

    def add(self, term: str, weight: float) -> None:
        self.terms[term] = max(self.terms.get(term, 0.0), weight)


# Caption documents are labels, captions and tags joined by these; pieces repeat across images
# (skin-tone variants share every tag), so each distinct piece is cut once.
_PIECES = re.compile(r"[。；;、]|, ")


def _bag_add(bag: dict[str, float], cut: dict[str, list[tuple[str, float]]], segmenter: Segmenter,
             text: str, weight: float) -> None:
    for piece in _PIECES.split(text):
        terms = cut.get(piece)
        if terms is None:
            terms = [(term, 1.0) for term in segmenter.words(piece)] + grams(piece, segmenter)
            cut[piece] = terms
        for term, share in terms:
            bag[term] += weight * share


def _without_zh_suffix(word: str) -> str:
    """A Chinese noun without the suffix that adds no meaning of its own (帽子 → 帽, 罐头 → 罐)."""
    return word[:-1] if len(word) >= 2 and word[-1] in _ZH_SUFFIXES else word


class _Table:
    """key → int array, stored flat (keys, offsets, values) so it saves to .npz without pickle."""

    def __init__(self, keys: list[str], offsets: np.ndarray, values: np.ndarray, weights: np.ndarray | None = None):
        self.keys = keys
        self.offsets = offsets
        self.values = values
        self.weights = weights
        self._at = {key: i for i, key in enumerate(keys)}

    @classmethod
    def from_pairs(cls, keys: list[int], values: list[int], names: list[str],
                   weights: np.ndarray | None = None) -> _Table:
        key_a = np.asarray(keys, np.int64)
        order = np.argsort(key_a, kind="stable")
        counts = np.bincount(key_a, minlength=len(names))
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(list(names), offsets, np.asarray(values, np.int64)[order],
                   None if weights is None else np.asarray(weights, np.float32)[order])

    def get(self, key: str) -> tuple[np.ndarray, np.ndarray | None] | None:
        i = self._at.get(key)
        if i is None:
            return None
        a, b = self.offsets[i], self.offsets[i + 1]
        return self.values[a:b], (None if self.weights is None else self.weights[a:b])

    def __contains__(self, key: str) -> bool:
        return key in self._at

    def __len__(self) -> int:
        return len(self.keys)


class LexicalIndex:
    """BM25 over the gallery's words, plus exact label/tag phrases for "does the query name it"."""

    def __init__(self, segmenter: Segmenter, vocabulary: list[str], ids: np.ndarray, postings: _Table,
                 labels: _Table, tags: _Table, variant_group: np.ndarray, query_words: Iterable[str] = (),
                 variant_kind: np.ndarray | None = None):
        self.segmenter = segmenter
        self.vocabulary = vocabulary          # the segmenter's words (saved with the index)
        self.ids = ids                        # row → store id
        self.postings = postings              # term → rows, BM25 weight per row
        self.labels = labels                  # phrase key → rows whose label is exactly it
        self.tags = tags                      # phrase key → rows with it as a tag
        self.variant_group = variant_group    # row → group of rows sharing a base label
        # row → PLAIN (its label is the base label itself: family), QUALIFIED (family: man, boy) or TONED (a skin tone)
        self.variant_kind = variant_kind if variant_kind is not None else np.full(len(ids), QUALIFIED, np.int8)
        # English words of the synonym table and the theme lexicon (stemmed): known, so never a typo
        self.query_words = sorted({stem(w) for w in query_words if _LATIN_WORD.fullmatch(w)})
        self._known_latin: frozenset[str] | None = None
        self._spelled: dict[str, str] = {}
        self._row_of = {int(i): r for r, i in enumerate(ids)}
        self._spread: dict[str, int] = {}
        self._label_suffixes: dict[str, np.ndarray] | None = None
        self._colour_rows: dict[str, np.ndarray] | None = None
        self._colour_shape_rows: np.ndarray | None = None
        self._zh_label_ends: dict[str, frozenset[str]] | None = None

    def tag_spread(self, phrase: str) -> int:
        """How many distinct symbols carry a tag: a tag on many ("new", 白色) names none of them."""
        spread = self._spread.get(phrase)
        if spread is None:
            found = self.tags.get(phrase)
            spread = len(set(self.variant_group[found[0]].tolist())) if found is not None else 0
            self._spread[phrase] = spread
        return spread

    def kinds_of(self, phrase: str, rows: np.ndarray) -> np.ndarray:
        """Those of `rows` whose own Chinese label is a kind of `phrase`: it ends with the phrase's
        head noun (帽子 → 礼帽, 鸭舌帽, 女帽), not merely carries it as a tag (帽子 on the party face)."""
        if not _CJK.fullmatch(phrase or "-"):
            # English words are too often verbs or events (drop, night) to name kinds by their head.
            return rows[:0]
        return rows[np.isin(rows, self._rows_ending(_without_zh_suffix(phrase)))]

    def _rows_ending(self, end: str) -> np.ndarray:
        """Rows whose label ends with `end`: a Chinese label by its characters (礼帽 ends with 帽),
        an English one by whole words ("running shoe" ends with "shoe")."""
        if self._label_suffixes is None:
            suffixes: dict[str, set[int]] = defaultdict(set)
            for i, label in enumerate(self.labels.keys):
                rows = self.labels.values[self.labels.offsets[i]:self.labels.offsets[i + 1]].tolist()
                if not rows:   # labels and tags share one key list
                    continue
                if _CJK.search(label):
                    ends = [label[cut:] for cut in range(len(label))]
                else:
                    words = label.split(" ")
                    ends = [" ".join(words[cut:]) for cut in range(len(words))]
                for suffix in ends:
                    suffixes[suffix].update(rows)
            self._label_suffixes = {suffix: np.array(sorted(rows), np.int64) for suffix, rows in suffixes.items()}
        found = self._label_suffixes.get(end)
        return found if found is not None else np.zeros(0, np.int64)

    @classmethod
    def build(cls, items: Iterable[dict[str, Any]], extra_words: Iterable[str] = ()) -> LexicalIndex:
        """`items`: catalog rows (id, label_zh, label_en, tags, document); `extra_words`: words
        queries may use that captions do not (synonym and theme words), for the segmenter."""
        items = list(items)
        extra_words = list(extra_words)
        vocabulary = set(extra_words)
        for item in items:
            for text in (item.get("label_zh") or "", *(item.get("tags") or [])):
                vocabulary.update(re.split(r"[\s:：,，、/]+", _VARIANT.sub("", text)))
        vocabulary_list = sorted(w for w in vocabulary if _ZH_WORD.fullmatch(normalise(w).strip() or "-"))
        segmenter = Segmenter(vocabulary_list)
        term_id: dict[str, int] = {}
        post_rows: list[int] = []
        post_terms: list[int] = []
        post_tf: list[float] = []
        phrase_id: dict[str, int] = {}
        label_pairs: tuple[list[int], list[int]] = ([], [])
        tag_pairs: tuple[list[int], list[int]] = ([], [])
        groups: dict[str, int] = {}
        variant = np.zeros(len(items), np.int64)
        variant_kind = np.full(len(items), QUALIFIED, np.int8)
        cut: dict[str, list[tuple[str, float]]] = {}
        lengths = np.zeros(len(items), np.float64)
        for row, item in enumerate(items):
            bag: dict[str, float] = defaultdict(float)
            for text in (item.get("label_zh") or "", item.get("label_en") or ""):
                _bag_add(bag, cut, segmenter, _VARIANT.sub("", text), LABEL_WEIGHT)
                # A label's name stands for every variant ("flag", "man"); with its qualifier it is
                # that one image ("flag: China" is the label "flag china": a theme's symbol can say it).
                for key in {phrase_key(text), phrase_key(_QUALIFIER_COLON.sub(" ", text))}:
                    if key:
                        label_pairs[0].append(phrase_id.setdefault(key, len(phrase_id)))
                        label_pairs[1].append(row)
            for tag in item.get("tags") or []:
                _bag_add(bag, cut, segmenter, tag, TAG_WEIGHT)
                key = phrase_key(tag)
                if key:
                    tag_pairs[0].append(phrase_id.setdefault(key, len(phrase_id)))
                    tag_pairs[1].append(row)
            # Captions, and whatever else the document says (labels and tags again, at weight 1).
            _bag_add(bag, cut, segmenter, item.get("document") or "", TEXT_WEIGHT)
            for term, tf in bag.items():
                post_terms.append(term_id.setdefault(term, len(term_id)))
                post_rows.append(row)
                post_tf.append(tf)
            lengths[row] = sum(bag.values())
            base = phrase_key(item.get("label_en") or "") or phrase_key(item.get("label_zh") or "") or f"#{row}"
            variant[row] = groups.setdefault(base, len(groups))
            label = item.get("label_en") or item.get("label_zh") or ""
            variant_kind[row] = TONED if _SKIN_TONE.search(label) else QUALIFIED if _VARIANT.search(label) else PLAIN
        n = len(items)
        terms_a = np.asarray(post_terms, np.int64)
        rows_a = np.asarray(post_rows, np.int64)
        tf = np.asarray(post_tf, np.float64)
        df = np.bincount(terms_a, minlength=len(term_id)).astype(np.float64)
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        average = float(lengths.mean()) if n else 1.0
        norm = K1 * (1 - B + B * lengths[rows_a] / average) if n else np.zeros(0)
        weight = idf[terms_a] * tf * (K1 + 1) / (tf + norm)
        names = list(term_id)
        phrases = list(phrase_id)
        ids = np.array([int(item["id"]) for item in items], np.int64)
        return cls(segmenter, vocabulary_list, ids, _Table.from_pairs(post_terms, post_rows, names, weight),
                   _Table.from_pairs(label_pairs[0], label_pairs[1], phrases),
                   _Table.from_pairs(tag_pairs[0], tag_pairs[1], phrases), variant,
                   query_words=[w for phrase in extra_words for w in _LATIN_WORD.findall(normalise(phrase))],
                   variant_kind=variant_kind)

    # -- on disk (.npz, no pickle)
    def save(self, path: Path) -> None:
        # A name of its own per writer: two processes may save the same index at once.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as handle:
            np.savez(handle, vocabulary=np.array(self.vocabulary, dtype=str), ids=self.ids,
                     query_words=np.array(self.query_words, dtype=str),
                     variant_group=self.variant_group, variant_kind=self.variant_kind,
                     **{f"{name}_{part}": value for name, table in
                        (("postings", self.postings), ("labels", self.labels), ("tags", self.tags))
                        for part, value in (("keys", np.array(table.keys, dtype=str)), ("offsets", table.offsets),
                                            ("values", table.values))},
                     postings_weights=self.postings.weights)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        with np.load(path, allow_pickle=False) as data:
            def table(name: str, weights: bool = False) -> _Table:
                return _Table(data[f"{name}_keys"].tolist(), data[f"{name}_offsets"], data[f"{name}_values"],
                              data[f"{name}_weights"] if weights else None)
            vocabulary = data["vocabulary"].tolist()
            return cls(Segmenter(vocabulary), vocabulary, data["ids"], table("postings", True), table("labels"),
                       table("tags"), data["variant_group"], data["query_words"].tolist(), data["variant_kind"])

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, store_id: int) -> int | None:
        return self._row_of.get(int(store_id))

    # -- queries
    def terms(self, text: str, synonyms: Synonyms | None = None, *, follows: bool = False) -> QueryTerms:
        """Index terms of a query text (with its synonyms), and its candidate object phrases;
        `follows`: the text comes after other words of the query (see `phrases`)."""
        query = QueryTerms()
        # A two-letter word names a symbol by its code (ST, the flag of São Tomé) only written in
        # capitals as a code, or alone: "St. Paddy's" is a saint, "no" and "me" are words. A text
        # that `follows` other words is not alone.
        typed = _LATIN_TYPED.findall(unicodedata.normalize("NFKC", text or ""))
        if len(typed) > 1 or follows or _CJK.search(text or ""):
            # (TV and PC are the synonym table's words, in capitals as people write them)
            query.not_codes = {w.lower() for w in typed if len(w) == 2 and (
                not w.isupper() or (synonyms is not None and w.lower() in synonyms.table))}
        text = self.read(text)
        # Colour, size and material words describe the object; beside a noun they must not outvote
        # it in BM25 (红色保温杯 is a cup, not the red square). Alone (红色) they count in full.
        plain = self.without_modifiers(text)
        modifier = MODIFIER_TERM if plain.strip() and plain != text else 1.0
        plain_words = set(self.segmenter.words(plain)) if modifier < 1.0 else set()
        # A verb opening the query is what is done to the phrase after it: its noun senses weigh
        # little ("check today's weather" is the weather's, not the check mark's).
        verb = stem(leading_verb(text))
        for term in self.segmenter.words(text):
            weight = 1.0 if modifier == 1.0 or term in plain_words else modifier
            query.add(term, min(weight, VERB_TERM) if verb and term == verb else weight)
        plain_grams = dict(grams(plain)) if modifier < 1.0 else {}
        for term, share in grams(text):
            query.add(term, share if modifier == 1.0 or term in plain_grams else share * modifier)
        modifiers = self._en_modifiers(text, synonyms)
        for phrase, weight in self.phrases(text, follows=follows, named_words=synonyms.table if synonyms else ()):
            query.phrases.append((phrase, weight))
            for other in (synonyms.of(phrase, derived=phrase not in modifiers) if synonyms else []):
                query.phrases.append((phrase_key(other), weight * SYNONYM_WEIGHT))
                for term in self.segmenter.words(other):
                    query.add(term, SYNONYM_WEIGHT * weight)
        return query

    def read(self, text: str) -> str:
        """A query as the lexical channel reads it: normalised, typos fixed (`spelled`), and the
        amount it is sold in left out (海南贵妃芒 5斤装, 牛排 家庭装) when something else is said."""
        text = _without_measure_of(self.spelled(normalise(text)))
        plain = _PORTIONS.sub(" ", text)
        return plain if _ZH_WORD.search(plain) or _LATIN_WORD.search(plain) else text

    def spelled(self, text: str) -> str:
        """Normalised text with each unknown English word of TYPO_MIN letters or more that is one
        common typo away from a known one (a gallery word, or a word of the synonym table or the
        theme lexicon) written as that word: "electric kettel" → "electric kettle". Of several,
        the word the most images carry. An unknown closed compound ending in a gallery name is
        written as that name ("fitness smartwatch with GPS" → "fitness watch with GPS": "smart"
        would name the nerd face), or as two words where those are a name (hotdog → hot dog);
        not before a name it describes ("ribeye steaks" has no eye)."""
        text = _LATIN_WORD.sub(lambda m: self._spelling(m.group()), text)
        words = list(_LATIN_WORD.finditer(text))
        heads = [m for m, after in zip(words, [*words[1:], None])
                 if after is None or self.naming_rows(stem(after.group())) is None]
        for m in reversed(heads):
            text = text[:m.start()] + self._compound(m.group()) + text[m.end():]
        return text

    def _spelling(self, word: str) -> str:
        if len(word) < TYPO_MIN:
            return word
        found = self._spelled.get(word)
        if found is None:
            known = self._known()
            found = word
            if word not in known and stem(word) not in known and not _is_english(word):
                fixes = [(self._frequency(fix), fix) for fix in typo_fixes(word) if fix in known or stem(fix) in known]
                found = max(fixes)[1] if fixes else word
            if len(self._spelled) < 50_000:
                self._spelled[word] = found
        return found

    def _compound(self, word: str) -> str:
        """The gallery name an unknown closed compound ends in (smartwatch → watch), the longest
        first, or its two words where they are a name themselves (hotdog → hot dog); else the word."""
        known = self._known()
        if word in known or stem(word) in known:
            return word
        for cut in range(COMPOUND_PART_MIN, len(word) - COMPOUND_PART_MIN + 1):
            found = self.labels.get(stem(word[cut:]))
            if found is not None and len(found[0]) and not _suffixed_word(word, word[cut:]):
                spaced = f"{word[:cut]} {word[cut:]}"
                return spaced if self._names_label(phrase_key(spaced)) else word[cut:]
        return word

    def _opens_name(self, words: list[str], at: int) -> bool:
        """Whether the word at `at` and the next one are a gallery label: a modifier that opens a
        gallery name (hot dog, red envelope, old key) is part of the name, not a modifier."""
        return at + 1 < len(words) and self._names_label(phrase_key(f"{words[at]} {words[at + 1]}"))

    def _names_label(self, key: str) -> bool:
        """Whether a phrase key is the label of a gallery image (not merely a tag)."""
        found = self.labels.get(key)
        return found is not None and bool(len(found[0]))

    def _known(self) -> frozenset[str]:
        if self._known_latin is None:
            self._known_latin = frozenset([*(t for t in self.postings.keys if _LATIN_WORD.fullmatch(t)),
                                           *self.query_words])
        return self._known_latin

    def _frequency(self, word: str) -> int:
        posting = self.postings.get(stem(word))
        return len(posting[0]) if posting is not None else 0

    def without_modifiers(self, text: str) -> str:
        """The text with its colour/size/material words blanked out (normalised text in)."""
        out = []
        for piece in re.split(r"([\u3400-\u9fff]+)", text):
            if _CJK.fullmatch(piece):
                out.append("".join(" " if word in _MODIFIERS else word for word, _, _ in self.segmenter.spans(piece)))
            else:
                words = piece.split(" ")
                out.append(" ".join(w for i, w in enumerate(words) if w not in _MODIFIERS or self._opens_name(words, i)))
        return "".join(out)

    def scores(self, query: QueryTerms) -> np.ndarray:
        """BM25 score of every row."""
        out = np.zeros(len(self.ids), np.float32)
        for term, weight in query.terms.items():
            posting = self.postings.get(term)
            if posting is not None:
                out[posting[0]] += weight * posting[1]
        return out

    def named(self, query: QueryTerms, labels_only: bool = False) -> np.ndarray:
        """How strongly the query names each row's object: its weight for a row whose label is
        the phrase, 0.7 of it for a row carrying the phrase as a tag (unless `labels_only`; a
        tag on many symbols only for those whose label is a kind of it)."""
        out = np.zeros(len(self.ids), np.float32)
        for phrase, weight in query.phrases:
            found = self.labels.get(phrase)
            if found is not None:
                np.maximum.at(out, found[0], weight)
            found = None if labels_only else self.tags.get(phrase)
            if found is not None and len(found[0]):
                # A tag on many symbols names only those whose label is a kind of it.
                rows = found[0] if self.tag_spread(phrase) <= MAX_TAG_SPREAD else self.kinds_of(phrase, found[0])
                if phrase in query.not_codes:
                    # the members a family tells apart by a code (flag: ST) are named by the code only
                    rows = rows[self.variant_kind[rows] != QUALIFIED]
                np.maximum.at(out, rows, TAG_NAMES * weight)
        return out

    def naming_rows(self, phrase: str) -> np.ndarray | None:
        """Rows whose label or one of whose tags is exactly this phrase key (any tag spread)."""
        found = [t[0] for t in (self.labels.get(phrase), self.tags.get(phrase)) if t is not None and len(t[0])]
        return np.concatenate(found) if found else None

    def coverage(self, text: str, synonyms: Synonyms | None = None) -> np.ndarray:
        """How much of what the query names each row's own names account for (0..1): of the
        query's content words (not modifiers, not packaging after an object), the share that the
        row's label or tags say, directly or through the synonym table. "pumpkin lantern" is the
        jack-o-lantern (tags pumpkin and lantern), not the red paper lantern; 银行信用卡 is the
        credit card (label 信用卡, tag 银行), not the bank."""
        text = self.read(text)
        units: list[list[str]] = []          # each content word: the phrase keys that say it
        spans: list[tuple[list[str], list[int]]] = []   # longer phrases: (keys, the units they cover)
        occasions: set[int] = set()          # units inside an occasion word ending their run
        for run in _ZH_WORD.findall(text):
            tail = occasion_tail(run)
            tail = tail if len(tail) < len(run) else ""
            at = 0
            for word in self.segmenter.zh_units(run):
                at = run.find(word, at) + len(word) if word in run[at:] else at
                if word in _MODIFIERS or (len(word) == 1 and word in _ZH_PREFIXES):
                    continue
                if tail and word in tail:
                    occasions.add(len(units))
                keys = [word, *(phrase_key(o) for o in (synonyms.of(word) if synonyms else []))]
                # Its known tails name it too (小推车 → 推车, 小猪 → 猪).
                keys.extend(word[cut:] for cut in range(1, len(word))
                            if word[cut:] in self.labels and (len(word) - cut >= 2 or word[cut - 1] in _ZH_PREFIXES))
                if len(word) == 1 and _suffixed_label(run[:at], self.labels):
                    keys.append(_suffixed_label(run[:at], self.labels))
                units.append(keys)
        latin = [w for w in _LATIN.findall(_ZH_WORD.sub(" ", text)) if w not in _EN_STOP]
        first_latin = len(units)
        for word in latin:
            units.append([] if word in _MODIFIERS else
                         [stem(word), *(phrase_key(o) for o in (synonyms.of(word) if synonyms else []))])
        for size in (2, 3):
            for start in range(len(latin) - size + 1):
                chunk = " ".join(latin[start:start + size])
                drawn = synonyms.of(chunk) if synonyms else []
                covered = list(range(first_latin + start, first_latin + start + size))
                spans.append(([phrase_key(chunk), *(phrase_key(o) for o in drawn)], covered))
                # a describing word inside a phrase the synonym table draws whole is part of that
                # name ("hot chocolate" says more of the query than the chocolate bar does)
                for position in covered if drawn else ():
                    units[position] = units[position] or [_SAID_IN_PHRASE]
        # The whole query as one name (T恤 is the T-shirt's label, not "t" and 恤).
        whole = phrase_key(text)
        spans.append(([whole, *(phrase_key(o) for o in (synonyms.of(whole) if synonyms else []))], list(range(len(units)))))
        # An occasion after something the query names is not a content word of its own, nor is
        # packaging or a gift after one kind of object (月饼礼盒, 小熊公仔 六一礼物); after a category it
        # is what is shown (零食礼包).
        names_something = [any(self.naming_rows(k) is not None for k in keys) for keys in units]
        names_a_kind = [bool(keys) and self.names_one_kind(keys) for keys in units]
        for position, keys in enumerate(units):
            occasion = keys and (keys[0] in _EVENTS or position in occasions)
            if keys and ((occasion and any(names_something[:position]))
                         or ((keys[0] in _CONTAINERS or keys[0] in _GIFTS) and any(names_a_kind[:position]))):
                units[position] = []
        for keys, covered in spans:
            if covered and keys[0] in _CONTAINERS and any(names_a_kind[:covered[0]]):
                for position in covered:
                    units[position] = []
        content = [i for i, keys in enumerate(units) if keys]
        out = np.zeros(len(self.ids), np.float32)
        if not content:
            return out
        hits: dict[int, set[int]] = defaultdict(set)
        for position in content:
            for key in units[position]:
                rows = self.naming_rows(key)
                if rows is not None:
                    for row in rows.tolist():
                        hits[row].add(position)
        for keys, covered in spans:
            said = [p for p in covered if units[p]]   # not its modifiers or packaging
            for key in keys if said else ():
                rows = self.naming_rows(key)
                if rows is not None:
                    for row in rows.tolist():
                        hits[row].update(said)
        for row, positions in hits.items():
            out[row] = len(positions) / len(content)
        return out

    def head_names(self, text: str, synonyms: Synonyms | None = None) -> np.ndarray:
        """1 for each row whose label says the query's head noun (KIND_HEAD for a label that is a
        kind of it), else 0. The head is what a compound is (巧克力蛋糕 is a cake, 宠物医院 a
        hospital, "baby penguin" a penguin): in Chinese the last content word of the last run, in
        English the last content word before a preposition ("sneakers for kids"). Modifiers,
        occasion words, and packaging after one kind of object are not the head (月饼礼盒,
        "sneaker drop"); an English name ending at the head counts too ("beer flight" names the beer)."""
        out = np.zeros(len(self.ids), np.float32)
        keys = self._head_keys(self.read(text), synonyms)
        for key in keys:
            out[self.kind_rows(key)] = KIND_HEAD
        # The image whose very label is the head (or its synonym: 火锅 → 一锅食物, the everyday
        # one) more than a longer label ending in it (奶酪火锅, the fondue).
        for found in map(self.labels.get, keys):
            if found is not None and len(found[0]):
                out[found[0]] = 1.0
        return out

    def colour_agreement(self, text: str) -> np.ndarray:
        """1 for each row whose label (zh or en) says a colour the query asks for (绿色苹果 →
        青苹果, "white umbrella"), else 0: a modifier does not name an object, but among
        the objects the query names it tells which one is meant."""
        text = normalise(text)
        asked = {_COLOURS[w[0]] for run in _CJK.findall(text) for w, _, _ in self.segmenter.spans(run)
                 if w in _MODIFIERS and w[0] in _COLOURS}
        asked.update(_EN_COLOURS[w] for w in _LATIN.findall(text) if w in _EN_COLOURS)
        out = np.zeros(len(self.ids), np.float32)
        if not asked:
            return out
        if self._colour_rows is None:
            found: dict[str, set[int]] = defaultdict(set)
            for i, label in enumerate(self.labels.keys):
                colours = {_COLOURS[c] for c in label if c in _COLOURS} if _CJK.search(label) else \
                          {_EN_COLOURS[w] for w in label.split(" ") if w in _EN_COLOURS}
                for colour in colours:
                    found[colour].update(self.labels.values[self.labels.offsets[i]:self.labels.offsets[i + 1]].tolist())
            self._colour_rows = {c: np.array(sorted(rows), np.int64) for c, rows in found.items()}
        for colour in asked:
            rows = self._colour_rows.get(colour)
            if rows is not None:
                out[rows] = 1.0
        return out

    def colour_shape_rows(self) -> np.ndarray:
        """Rows of the plain coloured shapes (🟡 yellow circle, 🟦 blue square, 🔷 large blue diamond): a colour is
        all they show, so a colour word names them only when the query asks for a shape or says nothing else."""
        if self._colour_shape_rows is None:
            rows = [self.labels.values[self.labels.offsets[i]:self.labels.offsets[i + 1]]
                    for i, key in enumerate(self.labels.keys) if _COLOUR_SHAPE_KEY.match(key)]
            self._colour_shape_rows = np.unique(np.concatenate(rows)) if rows else np.zeros(0, np.int64)
        return self._colour_shape_rows

    def kind_rows(self, key: str) -> np.ndarray:
        """Rows whose label is this phrase key or a kind of it, its head ending the label
        (蛋糕 → 生日蛋糕, 水果蛋糕; shoe → running shoe; 帽子 → 礼帽, through its bare 帽). A typed
        single Chinese character only as a whole label: 车 is no head of every vehicle. A tag alone is
        not enough: a head that is an action or an occasion (预订, 回收, "cocktail hour") is a tag
        of symbols, not their name."""
        if _CJK.fullmatch(key or "-") and len(key) == 1:
            found = self.labels.get(key)
            return found[0] if found is not None else np.zeros(0, np.int64)
        rows = self._rows_ending(key)
        if not len(rows) and _CJK.fullmatch(key or "-"):
            rows = self._rows_ending(_without_zh_suffix(key))   # as kinds_of reads a tag
        return rows

    def names_one_kind(self, keys: list[str]) -> bool:
        """Whether a query word (its phrase keys: itself and its synonyms' keys) names one kind of
        object rather than a category: 月饼 (the moon cake) and honey (a tag of a few symbols) do;
        零食 (→ popcorn, cookie, candy: CATEGORY_LABELS labels) and 水果 (a tag of 18 symbols) do not."""
        labelled: set[int] = set()
        tagged = False
        for key in keys:
            found = self.labels.get(key)   # labels and tags share one key list: rows may be none
            if found is not None and len(found[0]):
                labelled.update(self.variant_group[found[0]].tolist())
            elif 0 < self.tag_spread(key) <= MAX_TAG_SPREAD:
                tagged = True
        return 0 < len(labelled) < CATEGORY_LABELS or (not labelled and tagged)

    def _names_any(self, keys: list[str]) -> bool:
        """Whether one of these phrase keys is a label or tag of the gallery, or the head of a label."""
        return any(self.naming_rows(key) is not None or len(self.kind_rows(key)) for key in keys)

    def _kind_before(self, words: list[list[str]]) -> bool:
        """Whether one of the words before packaging (each as its phrase keys) names one kind of
        object: then the packaging holds that object (月饼礼盒, "candle gift set") and is not the head."""
        return any(self.names_one_kind(keys) for keys in words)

    def _head_keys(self, text: str, synonyms: Synonyms | None) -> list[str]:
        runs = _ZH_WORD.findall(text)
        fallback: list[str] = []
        for number, run in reversed(list(enumerate(runs))):
            tail = occasion_tail(run)
            tail = tail if len(tail) < len(run) else ""
            words = [w for w in self.segmenter.zh_units(run)
                     if w not in _MODIFIERS and not (len(w) == 1 and w in _ZH_PREFIXES) and not (tail and w in tail)]
            while len(words) > 1 and (words[-1] in _EVENTS or (words[-1] in _NOT_HEADS and self._kind_before(
                    [_with_synonyms(phrase_key(w), synonyms) for w in words[:-1]]))):
                words.pop()
            if not words:
                continue
            head = words[-1]
            keys = _with_synonyms(head, synonyms)
            keys.extend(head[cut:] for cut in range(1, len(head))
                        if head[cut:] in self.labels and (len(head) - cut >= 2 or head[cut - 1] in _ZH_PREFIXES))
            before = run[:run.rfind(head) + 1] if head in run else head
            if len(head) == 1 and _suffixed_label(before, self.labels):
                keys.append(_suffixed_label(before, self.labels))
            # A run after the object that names nothing the gallery has (现摘现发, 现烤出炉) is how
            # it is sold, not what it is: the head is in the run before it, when that one names something.
            # So is a gift for an occasion after it (毛绒熊公仔 六一礼物: the bear is the gift).
            if number > 0 and (not self._names_any(keys) or head in _GIFTS):
                fallback = fallback or keys
                continue
            # Two objects joined (热狗配可乐) have no one head: the later one is not what is sold.
            if fallback and any(w in _ZH_COORDINATORS for w in words):
                return fallback
            return keys
        if fallback:
            return fallback
        # English: of two objects joined, the first ("bacon and eggs" is the bacon's)
        latin = _ZH_WORD.sub(" ", text)
        first = next((part for part in _EN_JOINED.split(latin) if _LATIN_WORD.search(part or "")), latin)
        chunk = self._en_content_words(_LATIN.findall(first), synonyms)
        if not chunk:
            return []
        keys = []
        for size in (1, 2, 3):
            if size <= len(chunk):
                keys.extend(_with_synonyms(phrase_key(" ".join(chunk[-size:])), synonyms))
        # A describing word is no head, but a phrase the synonym table draws whole, ending at the
        # head, is the head itself ("hot chocolate" is the hot drink, not the bar)
        if synonyms is not None:
            said = _LATIN.findall(first)
            end = next((i for i in range(len(said) - 1, -1, -1) if said[i] == chunk[-1]), None)
            for size in (2, 3):
                if end is not None and end + 1 >= size and (drawn := synonyms.of(" ".join(said[end + 1 - size:end + 1]))):
                    keys.extend(phrase_key(o) for o in drawn)
        return keys

    def en_head_compounds(self, text: str, synonyms: Synonyms | None = None) -> list[str]:
        """The head noun of an English query's first noun phrase with the word before it ("wireless
        game controller holiday sale" → "game controller", "embroidered baseball cap" → "baseball
        cap"), then with each word further back (a word between them describes the compound:
        "baby feeding bottle" → "feeding bottle", "baby bottle"); none for Chinese text, or a head
        with no word before it. The phrase ends at a preposition, a comma or a conjunction ("bagels
        and cream cheese" is the bagels'); occasion words and packaging after one kind of object
        are not its head (as `_head_keys` reads it)."""
        chunk = self._en_noun_phrase(self.read(text), synonyms)
        return [f"{word} {chunk[-1]}" for word in reversed(chunk[:-1])]

    def _en_noun_phrase(self, text: str, synonyms: Synonyms | None) -> list[str]:
        """The content words of the first noun phrase of a read English text, its head last (see
        `en_head_compound`); none for Chinese text."""
        if _ZH_WORD.search(text):
            return []
        first = next((part for part in _EN_PHRASE_ENDS.split(text) if _LATIN_WORD.search(part or "")), "")
        # (a single letter is the s of a possessive: "women's")
        return self._en_content_words(_LATIN.findall(first), synonyms, min_letters=2)

    def _en_content_words(self, words: list[str], synonyms: Synonyms | None, *, min_letters: int = 1) -> list[str]:
        """The content words of English words up to their first preposition (no function word, figure
        or modifier), less the occasion or packaging words that end them after one kind of object
        ("soccer camp", "chocolate gift box"): the head noun last."""
        chunk: list[str] = []
        for at, word in enumerate(words):
            if word in _PREPOSITIONS and chunk:
                break
            modifier = word in _MODIFIERS and not self._opens_name(words, at)
            if word not in _EN_STOP and not word.isdigit() and not modifier and len(word) >= min_letters:
                chunk.append(word)
        while len(chunk) > 1 and (is_occasion(chunk[-1]) or (stem(chunk[-1]) in _NOT_HEADS and self._kind_before(
                [_with_synonyms(phrase_key(w), synonyms) for w in chunk[:-1]]))):
            chunk.pop()
        return chunk

    def _en_modifiers(self, text: str, synonyms: Synonyms | None) -> set[str]:
        """Phrase keys of the words before the head noun of an English noun phrase, when the head
        names something of the gallery: there a word says which one ("daily prize"), and a noun
        sense only WordNet gives it (daily → the newspaper) is not what it means."""
        chunk = self._en_noun_phrase(text, synonyms)
        if len(chunk) < 2 or synonyms is None:
            return set()
        head = phrase_key(chunk[-1])
        if not self._names_any([head, *(phrase_key(o) for o in synonyms.of(head, derived=True))]):
            return set()
        before = chunk[:-1]
        return {phrase_key(" ".join(before[a:b])) for a in range(len(before)) for b in range(a + 1, len(before) + 1)}

    def _compound_head(self, run: str, named_words: Collection[str] = ()) -> str:
        """The gallery name of the one-character head ending a Chinese compound (老坛酸菜鱼 → 鱼,
        加绒雪地靴 → 女靴), or "": after a modifier of HEAD_MODIFIER_MIN characters or more, in a
        run that is no clause, not after a verb (记得打伞), not an abstract head (紫外线) nor a vessel
        (爆米花桶), and naming one kind of object (旗 names every flag). A head the synonym table
        names (`named_words`: 碗 → 碗勺) is the head itself: the table says what it is drawn as."""
        char = run[-1]
        if len(run) <= HEAD_MODIFIER_MIN or run[-2] in _ZH_PREFIXES or run[-2] in _ZH_VERBS \
                or any(c in _CLAUSE_CHARS for c in run) or char in _ABSTRACT_HEADS or char in _ZH_VESSELS:
            return ""
        if char in named_words and not self._names_label(char):
            return char
        if char in _ZH_STOP:
            return ""
        found = self.labels.get(char)
        if found is not None and len(found[0]):
            name = char
        else:   # a bare head whose noun form tags one label ending in it: 靴 → 靴子 → 女靴
            noun = _suffixed_label(char, self.labels)
            tagged = self.tags.get(noun) if noun else None
            kinds = self.kinds_of(noun, tagged[0]) if tagged is not None else np.zeros(0, np.int64)
            ending = [label for label in self._zh_labels_ending().get(char, ())
                      if np.isin(self.labels.get(label)[0], kinds).any()]
            name = ending[0] if len(ending) == 1 else ""
        return name if name and self.names_one_kind([name]) else ""

    def _person_tail(self, run: str) -> str:
        """The longest gallery label of two characters or more, shorter than the run, that ends
        it with a person suffix (魔法师 → 法师), or "" (see ZH_PERSON_SUFFIXES)."""
        if len(run) < 3 or run[-1] not in ZH_PERSON_SUFFIXES:
            return ""
        return next((run[cut:] for cut in range(1, len(run) - 1) if self._names_label(run[cut:])), "")

    def _zh_labels_ending(self) -> dict[str, frozenset[str]]:
        """Last character → the Chinese labels (phrase keys) that end in it."""
        if self._zh_label_ends is None:
            ends: dict[str, set[str]] = defaultdict(set)
            for i, label in enumerate(self.labels.keys):
                if _CJK.fullmatch(label) and self.labels.offsets[i + 1] > self.labels.offsets[i]:
                    ends[label[-1]].add(label)
            self._zh_label_ends = {char: frozenset(labels) for char, labels in ends.items()}
        return self._zh_label_ends

    def phrases(self, text: str, *, follows: bool = False,
                named_words: Collection[str] = ()) -> list[tuple[str, float]]:
        """Phrases of a query that could be an object's name, with a weight: the whole query, its
        words (and a word's last characters, 小猪 → 猪: Chinese puts the head noun last), and
        runs of one to three English words (four when the synonym table names them: sky's the
        limit). An occasion word after another word (soccer camp, 足球夏令营) names its object only
        weakly; `follows` says the text comes after other words of the query (the "camp" left of
        "soccer camp" once the theme word soccer is taken out).
        `named_words`: words whose object the synonym table gives (打工人 → 白领)."""
        found: dict[str, float] = {}

        def put(phrase: str, weight: float) -> None:
            key = phrase_key(phrase)
            # Function words name nothing, even all that is left of a query ("share this link"
            # without its theme words is "this": no pointing finger tagged "this").
            if key and key not in _MODIFIERS and weight > found.get(key, 0.0) \
                    and not all(w in _EN_STOP for w in key.split(" ")):
                found[key] = weight

        text = normalise(text)
        whole = phrase_key(text)
        # A verb opening the query names nothing, nor does a phrase it opens ("check today's weather"
        # names no check mark); it is still part of what the query says, so a name of the words after
        # it says only part of the query ("save the planet" is not all the planet's).
        verb = leading_verb(text)
        if not verb:
            put(text, EVENT_NAMES if follows and whole in _EVENTS else 1.0)
        for number, run in enumerate(_ZH_WORD.findall(text)):
            after = follows or number > 0 or bool(_LATIN.search(text[:text.find(run)]))
            put(run, EVENT_NAMES if after and run in _EVENTS else 1.0)
            tail = occasion_tail(run)
            inside = tail if tail and (after or len(tail) < len(run)) else ""
            for word in self.segmenter.zh_words(run):
                occasion = (word in _EVENTS and (after or not run.startswith(word))) or (inside and word in inside)
                put(word, EVENT_NAMES if occasion else 1.0)
            # Known tails of the run: Chinese puts the head noun last (小推车 → 推车, 小猪 → 猪);
            # tails of a known word are not its head (电脑 does not name a brain).
            for cut in range(1, len(run)):
                tail = run[cut:]
                if tail in self.labels and (len(tail) >= 2 or run[cut - 1] in _ZH_PREFIXES):
                    put(tail, PIECE_NAMES if len(tail) >= 2 else CHAR_NAMES)
            # A run ending in a bare head noun whose name takes a suffix (小木椅 → 椅子, 贵妃芒 → 芒果):
            # the character a word of its own, not the end of one (黑色 names no 色子).
            units = self.segmenter.zh_units(run)
            bare = bool(units) and len(units[-1]) == 1 and units[-1] == run[-1]
            # A measure word ending a compound after no number is its noun (陶瓷碗 is a bowl, 三碗 counts)
            # when the synonym table says what it is drawn as.
            bare = bare or (run[-1] in named_words and run[-1] in _ZH_CLASSIFIERS and run[-2:-1] not in _ZH_NUMBERS)
            suffixed = _suffixed_label(run, self.labels) if bare else ""
            if suffixed:
                put(suffixed, CHAR_NAMES)
            # Chinese product names are head-final: a one-character name after a modifier of two or
            # more characters is what the compound is (老坛酸菜鱼 → 鱼, 按压式中性笔 → 笔, 加绒雪地靴 →
            # 女靴, the one label ending in it), and the words before it only describe it (中性 of
            # 中性笔 names no person).
            head = self._compound_head(run, named_words) if bare else ""
            if head:
                # the synonym table's word for the head says for sure what it is drawn as
                put(head, PIECE_NAMES if head in named_words else CHAR_NAMES)
                for word in units[:-1]:
                    if phrase_key(word) in found:
                        found[phrase_key(word)] = min(found[phrase_key(word)], PART_NAMES)
            # A name inside a longer name the run also says is part of it (羽毛 of 羽毛球拍 is the
            # badminton's): it names nothing of its own, unless it is the run's head (小推车 → 推车).
            words = [run[a:b] for a in range(len(run)) for b in range(a + 2, len(run) + 1) if run[a:b] in self.labels]
            for word in self.segmenter.zh_words(run):
                if any(word != longer and word in longer and not longer.endswith(word) for longer in words) \
                        and not run.endswith(word) and phrase_key(word) in found:
                    found[phrase_key(word)] = min(found[phrase_key(word)], PART_NAMES)
            # A person named by a suffix (魔法师: 法师, the mage) is what the run names when the
            # gallery has the person: the words before the person's name say what the person does
            # (魔法 names no magic wand of its own).
            person = self._person_tail(run)
            if person:
                for word in self.segmenter.zh_words(run):
                    if not person.endswith(word) and not word.endswith(person) and phrase_key(word) in found:
                        found[phrase_key(word)] = min(found[phrase_key(word)], PART_NAMES)
            # Inside a longer word the synonym table names, a word is part of it even at its end
            # (工人 of 打工人, the office worker; 跑步 of 跑步鞋, the shoe): the whole word says what it is.
            wholes = [run[a:b] for a in range(len(run)) for b in range(a + 2, len(run) + 1) if run[a:b] in named_words]
            for word in self.segmenter.zh_words(run):
                inside = [(a, a + len(w)) for w in wholes if word != w and word in w for a in _starts(run, w)]
                if inside and phrase_key(word) in found and all(
                        any(a <= at and at + len(word) <= b for a, b in inside) for at in _starts(run, word)):
                    found[phrase_key(word)] = min(found[phrase_key(word)], PART_NAMES)
        latin = _LATIN.findall(_ZH_WORD.sub(" ", text))

        def counts(position: int, word: str) -> bool:
            """A word that could be part of a name: not a function word, not a number, not an
            occasion after another word ("soccer" is all "soccer camp 2024" names)."""
            return not (word in _EN_STOP or word.isdigit() or word in _MODIFIERS
                        or ((position > 0 or follows) and (is_occasion(word) or stem(word) in _CONTAINERS)))

        content = max(1, sum(counts(i, w) for i, w in enumerate(latin)))
        for size in (4, 3, 2, 1):
            for start in range(len(latin) - size + 1):
                chunk = latin[start:start + size]
                # (four words only as a phrase the synonym table names whole: "sky's the limit")
                if size == 4 and phrase_key(" ".join(chunk)) not in named_words:
                    continue
                # (a phrase the synonym table names whole may open or close with one: "on air", "by the glass")
                if (chunk[0] in _EN_STOP or chunk[-1] in _EN_STOP or (start == 0 and chunk[0] == verb)) \
                        and phrase_key(" ".join(chunk)) not in named_words:
                    continue
                # Figures inside a longer query are sizes and prices (0.5mm, 65w), not keycaps.
                if size < len(latin) and all(w.isdigit() for w in chunk):
                    continue
                # Part of a longer name names less surely ("envelope" in "red envelope").
                covered = sum(counts(start + i, w) for i, w in enumerate(chunk))
                weight = 1.0 if covered >= content else 0.6 + 0.3 * covered / content
                if size == 1 and (start > 0 or follows) and is_occasion(chunk[0]):
                    weight = min(weight, EVENT_NAMES)  # "night" in "hot pot night" is the occasion
                put(" ".join(chunk), weight)
        # A name inside a longer gallery name the query says is part of it ("dog" of "hot dog", "ice"
        # of "ice cream"), as 羽毛 is of 羽毛球拍: the colour or heat word before it made it look whole.
        for size in (3, 2):
            for start in range(len(latin) - size + 1):
                if not self._names_label(phrase_key(" ".join(latin[start:start + size]))):
                    continue
                for inner in range(1, size):
                    for at in range(start, start + size - inner + 1):
                        key = phrase_key(" ".join(latin[at:at + inner]))
                        if key in found:
                            found[key] = min(found[key], PART_NAMES)
        return list(found.items())


_INFLECTIONS = ("s", "es", "ed", "ing", "er", "ers", "est", "ly")


def _is_english(word: str) -> bool:
    """Whether a word is English as it stands or inflected (leathers, freezing, plushies): no typo
    to correct, even when the gallery lacks it and a gallery word is one letter away."""
    words = english_words()
    if word in words or stem(word) in words:
        return True
    for suffix in _INFLECTIONS:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[:-len(suffix)]
            doubled = base[:-1] if base[-1] == base[-2] else base      # cancelling → cancel
            plural_y = base[:-1] + "y" if base.endswith("i") else base   # plushies → plushy
            dropped_e = base + "e" if suffix not in ("s", "es", "ly") else base   # baking → bake
            if {base, dropped_e, doubled, plural_y} & words:
                return True
    return False
