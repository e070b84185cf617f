"""`Retriever`: the one search core behind the CLI, the API, the agent's tools and MCP.

It opens the committed index and the matching embedder lazily, once, and keeps them; when
another process commits a new generation, the next search reopens the index.

Text search expands the query through the theme lexicon (限时秒杀 → lightning bolt, stopwatch
...), scores every candidate against every expansion and keeps each image's best match. When
a query expands, results are spread over its symbols: each further pick whose best match is a
symbol already shown loses a little score, so the list is not five stopwatches.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tools.config import Settings
from tools.errors import GalleryError
from tools.images import load_image
from tools.retrieval.embedders import new_embedder
from tools.retrieval.embedders.base import Embedder
from tools.retrieval.index import MANIFEST, GalleryIndex, peek_manifest
from tools.retrieval.models import SearchHit
from tools.retrieval.store import StoreConfig
from tools.retrieval.themes import Expansion, load_lexicon

CANDIDATES_MIN = 64          # per field and expansion, before exact fusion
DIVERSITY_PENALTY = 0.02     # score lost per earlier pick that matched the same expansion
SUBJECT_BONUS = 0.02         # the words the marketer typed lead over the theme's symbols
SYMBOL_RANK_STEP = 0.004     # a theme's later symbols count a little less than its first
BASELINE_SAMPLE = 2048       # gallery vectors used to calibrate each query text's similarities
MAX_K = 1000


class Retriever:
    def __init__(self, settings: Settings, *, embedder: Embedder | None = None, expect_store: str | None = None):
        """`expect_store` ("faiss"/"milvus"): refuse an index committed in another vector store
        (`huabao search --store`); by default the manifest says which store to read."""
        self.settings = settings
        self._embedder = embedder
        self._expect_store = expect_store
        self._index: GalleryIndex | None = None
        self._stamp: tuple[int, int] | None = None
        self._sample: dict[str, np.ndarray] = {}
        self._lock = threading.RLock()

    # -- loading (once, then only when the manifest changes)
    def _manifest_stamp(self) -> tuple[int, int] | None:
        try:
            stat = (Path(self.settings.index_dir) / MANIFEST).stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_ino

    def _ensure(self) -> tuple[GalleryIndex, Embedder]:
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
                self._sample = {}
            return self._index, self._embedder

    def close(self) -> None:
        """Let go of the index (its catalog, and a Milvus connection when the store has one)."""
        with self._lock:
            if self._index is not None:
                self._index.close()
            self._index, self._stamp, self._sample = None, None, {}

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
        return self._ensure()[0].count

    @property
    def backend(self) -> str:
        return self._ensure()[1].label

    @property
    def index_info(self) -> dict[str, Any]:
        manifest = self._ensure()[0].manifest
        return {k: manifest[k] for k in ("backend_label", "backend_version", "count", "index_type", "generation", "root")}

    # -- searching
    def search_text(self, query: str, k: int = 5, tags: list[str] | None = None) -> list[SearchHit]:
        """Best `k` images for a zh/en text query (campaign themes understood)."""
        query = (query or "").strip()
        if not query:
            raise GalleryError("the search query is empty")
        index, embedder = self._ensure()
        expansions = load_lexicon(self.settings.prompts_dir).expand(query)
        queries = embedder.embed_queries([e.text for e in expansions])
        return self._search(index, queries, embedder.text_weights, k, tags, expansions)

    def search_image(self, image: Path | str | Image.Image, k: int = 5, tags: list[str] | None = None) -> list[SearchHit]:
        """Best `k` images that look like `image` (a path or a PIL image)."""
        if isinstance(image, Image.Image):
            picture = image
        else:
            picture = load_image(Path(image), max_pixels=self.settings.max_image_pixels).image
        if picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA")
        index, embedder = self._ensure()
        queries = embedder.embed_image_query(picture)
        return self._search(index, queries, embedder.image_weights, k, tags, None)

    def get(self, id: str) -> SearchHit:
        """The gallery image with this id (or path relative to the indexed folder)."""
        index, _ = self._ensure()
        item = index.find(str(id))
        if item is None:
            raise GalleryError(f"no gallery image with id '{id}'")
        return _hit(item, 1.0, {})

    # -- fusion
    def _search(self, index: GalleryIndex, queries: dict[str, np.ndarray], weights: dict[str, float],
                k: int, tags: list[str] | None, expansions: list[Expansion] | None) -> list[SearchHit]:
        k = max(1, min(int(k), MAX_K))
        allowed = index.ids_with_tags(tags) if tags else None
        if allowed is not None and len(allowed) == 0:
            return []
        store = index.store
        total = sum(weights.values())
        primary = max(weights, key=weights.get)
        # Candidates: the top of each searched field for each query text; exact scores after.
        n_candidates = max(CANDIDATES_MIN, 4 * k)
        candidates: set[int] = set()
        searched = [f for f in weights if f in index.manifest["search_fields"]] or [primary]
        for field in searched:
            _, ids = store.search(field, queries[field], n_candidates, allowed)
            candidates.update(int(i) for i in ids.ravel() if i >= 0)
        if not candidates:
            return []
        ids = np.array(sorted(candidates), np.int64)
        raw = sum(weights[f] * (queries[f] @ store.vectors(f, ids).T) for f in weights) / total
        scores = raw
        if expansions is not None and len(expansions) > 1:
            scores = self._calibrate(index, queries, weights, raw, expansions)
        best_query = scores.argmax(axis=0)
        best = scores.max(axis=0)
        similarity = raw[best_query, np.arange(len(ids))]
        picks = _diversify(best, best_query, k) if len(scores) > 1 else _top(best, k)
        items = index.items(ids[[p for p, _ in picks]])
        hits = []
        for position, score in picks:
            extra: dict[str, Any] = {"similarity": round(float(similarity[position]), 4)}
            if expansions is not None:
                matched = expansions[int(best_query[position])]
                extra["matched"] = matched.text
                extra["matched_by"] = matched.source
            hits.append(_hit(items[int(ids[position])], float(score), extra))
        return hits

    def _calibrate(self, index: GalleryIndex, queries: dict[str, np.ndarray], weights: dict[str, float],
                   scores: np.ndarray, expansions: list[Expansion]) -> np.ndarray:
        """Make several query texts' similarities comparable before taking each image's best.

        Embedding models give some texts higher similarities to everything ("相机" vs "camera"
        differ by ~0.05 against the same image), so each text's scores are shifted by its mean
        similarity to a fixed sample of the gallery, onto the scale of the user's own query."""
        with self._lock:
            if not self._sample:
                all_ids = index.store.ids()
                rng = np.random.default_rng(0)
                chosen = np.sort(rng.choice(all_ids, min(BASELINE_SAMPLE, len(all_ids)), replace=False))
                self._sample = {f: index.store.vectors(f, chosen) for f in weights}
        total = sum(weights.values())
        baseline = sum(weights[f] * (queries[f] @ self._sample[f].T).mean(axis=1) for f in weights) / total
        calibrated = scores - (baseline - baseline[0])[:, None]
        for row, expansion in enumerate(expansions):
            if expansion.source == "subject":
                calibrated[row] += SUBJECT_BONUS
            calibrated[row] -= SYMBOL_RANK_STEP * expansion.rank
        return calibrated


def _top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(i), float(scores[i])) for i in order]


def _diversify(best: np.ndarray, source: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Greedy picks; each pick lowers the remaining candidates of the same expansion a little.
    Penalties only grow, so the returned scores never increase down the list."""
    adjusted = best.astype(np.float64).copy()
    taken = np.zeros(len(best), bool)
    used: dict[int, int] = {}
    picks = []
    for _ in range(min(k, len(best))):
        masked = np.where(taken, -np.inf, adjusted)
        pick = int(masked.argmax())
        picks.append((pick, float(adjusted[pick])))
        taken[pick] = True
        group = int(source[pick])
        used[group] = used.get(group, 0) + 1
        adjusted[source == group] -= DIVERSITY_PENALTY
    return picks


def _hit(item: dict[str, Any], score: float, extra: dict[str, Any]) -> SearchHit:
    metadata = dict(item["metadata"])
    metadata.update({"key": item["key"], "document": item["document"], "generated_caption": bool(item["generated"]),
                     "colours": item["colours"]})
    if item["notes"]:
        metadata["notes"] = item["notes"]
    metadata.update(extra)
    return SearchHit(id=item["gid"], path=item["path"], score=score, label_zh=item["label_zh"],
                     label_en=item["label_en"], tags=item["tags"], metadata=metadata)

