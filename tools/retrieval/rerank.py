"""The last step of text search: a learned choice of the first image among the head of the fused list.

`fuse` (retriever.py) orders by hand-set tiers (named images above theme symbols, then how much of
the query an image's names say, its head noun, its colour) with the channels' ranks as tie-breaks.
On marketer queries nobody had tuned on, those tiers put the object the writer named first for only
three queries in four: among images the tiers call equal, or nearly so, the dense similarity says
more than a tie-break, and an audience word that names a person (女子高尔夫) should rarely beat the
object. A linear model over each listed image's channel scores, its place in the fused list and its
gallery group chooses which of the first `depth` images goes first. It is fitted pairwise (the image the query names,
or else one it accepts, above one it does not) on the dev queries only:
`bench/retrieval_quality.py --fit-rerank` writes its weights to prompts/lexicon/search_rerank.json.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:  # the channels type lives with the fusion it feeds
    from tools.retrieval.lexical import LexicalIndex
    from tools.retrieval.retriever import TextChannels

SHIPPED_RERANK = Path(__file__).resolve().parents[2] / "prompts" / "lexicon" / "search_rerank.json"
# The sample gallery's groups (the emoji groups of its metadata's category_en); other galleries'
# images belong to none, so the group features never tell their images apart.
GROUPS = ("people & body", "objects", "flags", "symbols", "travel & places", "smileys & emotion",
          "animals & nature", "food & drink", "activities")
FEATURES = (
    "fused_position",        # 1 / (1 + place in the fused list)
    "fused_first",
    "named",                 # the query names it (the fused list's top tier)
    "named_strength",
    "cover",                 # share of the query's content words its names say
    "head",                  # its names say the query's head noun
    "colour",                # its label says the query's colour
    "dense",                 # the dense channel's similarity
    "dense_place",           # 1 / (1 + its dense rank within the list)
    "lexical_share",         # BM25 / the list's best BM25
    "lexical_any",
    "lexical_place",         # 1 / (1 + its BM25 rank within the list)
    "theme",                 # how surely it is a symbol of a theme the query names
    "theme_unnamed",         # found through a theme only
    "theme_alone",           # theme strength when the query is nothing but theme names
    "named_among_several",   # named, and so are others in the list
    "zh_dense",              # dense similarity of a query in Chinese
    "zh_named",
    *(f"group:{g}" for g in GROUPS),
    *(f"named_group:{g}" for g in GROUPS),
)
_CJK = re.compile(r"[\u3400-\u9fff]")


def group_of(item: dict) -> str:
    """The gallery group of a catalog row ("" when its metadata names none of GROUPS)."""
    category = str((item.get("metadata") or {}).get("category_en") or "")
    return category.split(" / ")[0].strip().lower()


def list_features(channels: TextChannels, positions: Sequence[int], groups: Sequence[str], query: str,
                  named_min: float) -> np.ndarray:
    """One row of FEATURES per listed image, `positions` being its index in `channels`, in fused order."""
    pos = np.asarray(positions, np.int64)
    n = len(pos)
    zero = np.zeros(len(channels.rows), np.float32)
    named = channels.named[pos].astype(np.float64)
    tier = (named >= named_min).astype(np.float64)
    dense = channels.dense[pos].astype(np.float64)
    lexical = channels.lexical[pos].astype(np.float64)
    theme = channels.theme[pos].astype(np.float64)
    place = 1.0 / (1.0 + np.arange(n))
    dense_place = 1.0 / (1.0 + np.argsort(np.argsort(-dense, kind="stable"), kind="stable"))
    lexical_place = 1.0 / (1.0 + np.argsort(np.argsort(-lexical, kind="stable"), kind="stable"))
    zh = 1.0 if _CJK.search(query) else 0.0
    columns = [
        place, (np.arange(n) == 0).astype(np.float64), tier, named,
        (channels.cover if channels.cover is not None else zero)[pos],
        (channels.head if channels.head is not None else zero)[pos],
        (channels.colour if channels.colour is not None else zero)[pos],
        dense, dense_place, lexical / (lexical.max(initial=0.0) + 1e-9), (lexical > 0).astype(np.float64),
        lexical_place, theme, (theme > 0) * (1 - tier), float(channels.theme_only) * theme,
        tier * float(tier.sum() > 1), zh * dense, zh * tier,
    ]
    member = np.array([[g == group for group in GROUPS] for g in groups], np.float64).reshape(n, len(GROUPS))
    return np.column_stack([*columns, member, member * tier[:, None]])


def list_inputs(lexical: LexicalIndex, channels: TextChannels, positions: Sequence[int], items: dict[int, dict],
                query: str, named_min: float) -> tuple[np.ndarray, list[bool]]:
    """The re-ranker's features of a fused list (`positions` into `channels`, `items` its catalog rows
    by store id), and whether each image repeats a variant group listed above it; `lexical` is the
    index the channels were read from."""
    rows = channels.rows[np.asarray(positions, np.int64)]
    groups = [group_of(items[int(i)]) for i in lexical.ids[rows]]
    variant_groups = lexical.variant_group[rows].tolist()
    return (list_features(channels, positions, groups, query, named_min),
            [group in variant_groups[:i] for i, group in enumerate(variant_groups)])


@dataclass(frozen=True)
class Reranker:
    weights: np.ndarray   # one per FEATURES
    depth: int            # among how many of the fused list's first images it chooses the first

    def scores(self, features: np.ndarray) -> np.ndarray:
        return features @ self.weights

    def first(self, features: np.ndarray, repeats: Sequence[bool]) -> int:
        """Which of the fused list's first `depth` images goes first (an index into the list).

        Two of fusion's rules hold: a query that is nothing but theme names keeps its themes' own
        order, and a theme symbol the query does not name never goes before an image it names (the
        object asked for before the campaign's decoration). A repeat of a variant group already
        listed (`repeats`) is never chosen."""
        head = min(self.depth, len(features))
        if not head or (features[:head, FEATURES.index("theme_alone")] > 0).any():
            return 0
        scores = self.scores(features[:head])
        named = features[:head, FEATURES.index("named")] > 0
        allowed = ~np.asarray(repeats[:head], bool)
        if named.any():
            allowed &= ~(features[:head, FEATURES.index("theme_unnamed")] > 0)
        if not allowed.any():
            return 0
        return int(np.where(allowed, scores, -np.inf).argmax())

    def reorder(self, features: np.ndarray, fused: Sequence[float], repeats: Sequence[bool]) -> list[tuple[int, float]]:
        """(index into the fused list, score), best first: the chosen image (`first`), then the rest
        in fused order with their fused scores; the chosen one scores just above the fused best. Only
        the first place changes: it is the poster's hero, and fusion's order already keeps the rest
        of the list diverse (measured on dev: re-ordering all ten lost recall at 5)."""
        chosen = self.first(features, repeats)
        if not len(fused):
            return []
        top = float(fused[0]) + (1e-6 if chosen else 0.0)
        return [(chosen, top)] + [(i, float(fused[i])) for i in range(len(fused)) if i != chosen]

    def to_json(self, **about: object) -> str:
        return json.dumps({"depth": self.depth, "weights": dict(zip(FEATURES, map(lambda w: round(float(w), 6), self.weights))),
                           **about}, ensure_ascii=False, indent=1) + "\n"


def load_reranker(path: Path = SHIPPED_RERANK) -> Reranker | None:
    """The fitted re-ranker, or None (fusion's own order) when the file is missing or was fitted on
    other features than these."""
    stamp = path.stat().st_mtime if path.is_file() else 0.0
    return _cached(path, stamp)


@lru_cache(maxsize=4)
def _cached(path: Path, stamp: float) -> Reranker | None:
    if not stamp:
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data.get("weights") or {}
    if set(weights) != set(FEATURES):
        return None
    return Reranker(np.array([float(weights[f]) for f in FEATURES]), int(data.get("depth", 10)))


def fit_pairwise(lists: Sequence[tuple[np.ndarray, Sequence[bool], Sequence[bool]]], *, l2: float = 1e-3,
                 steps: int = 3000, accepted_weight: float = 0.5, far: int = 6) -> np.ndarray:
    """Weights for FEATURES from fused lists: (features, wanted, accepted) per query, `wanted` marking
    the images the query names (or, when it names none, those it accepts), `accepted` those it
    accepts. Logistic loss on each wanted image's score above an unwanted one's (an unwanted one
    below place `far` only when it sits above the wanted one), and at `accepted_weight` on each
    accepted-but-not-named image's above an unaccepted one's; an L2 pull to zero on standardised
    features. Adam, full batch, deterministic."""
    left, right, weight = [], [], []
    for features, wanted, accepted in lists:
        good = [i for i, w in enumerate(wanted) if w]
        bad = [i for i, w in enumerate(wanted) if not w]
        if good and bad:
            for i in good:
                for j in bad:
                    if j > far and i < j:
                        continue
                    left.append(features[i]), right.append(features[j]), weight.append(1.0 / len(good))
        also = [i for i in range(len(accepted)) if accepted[i] and not wanted[i]]
        unaccepted = [i for i in range(len(accepted)) if not accepted[i]]
        if also:
            for i in also:
                for j in unaccepted:
                    left.append(features[i]), right.append(features[j]), weight.append(accepted_weight / len(also))
    if not left:
        raise ValueError("no query has both a wanted and an unwanted image in its list: nothing to fit")
    diff = np.asarray(left, np.float64) - np.asarray(right, np.float64)
    w_pair = np.asarray(weight, np.float64)
    scale = diff.std(axis=0) + 1e-6
    x = diff / scale
    w = np.zeros(x.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(np.clip(x @ w, -30, 30)))   # the chance the pair is the wrong way round
        gradient = -(x.T @ (w_pair * p)) / w_pair.sum() + l2 * w
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient * gradient
        w -= 0.005 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w / scale
