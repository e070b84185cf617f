"""faiss files beside the manifest, one set per generation.

Per generation `g`:
- `g{g}.ids.npy`: item ids, ascending; row r of every field belongs to ids[r];
- search fields (text / image / clip) as an exact `IndexFlatIP` (`g{g}.{field}.faiss`, whose own
  storage doubles as the raw vectors), or, for approximate types, the raw vectors
  (`g{g}.{field}.npy`, memory-mapped) plus the ANN index (`g{g}.{field}.faiss`);
- other fields (colour) as raw vectors only: they re-rank candidates, nobody searches them.

Approximate searches fetch more candidates than asked and re-rank them exactly against the raw
vectors, so every returned score is an exact inner product.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from tools.errors import GalleryError
from tools.retrieval.stores.base import StoreConfig, VectorStore, VectorUpdate, choose_index_type, write_npy_atomic

# Parameters chosen with bench/search_speed.py (docs/benchmarks-retrieval.md): at 1M × 512 on
# 2 cores, HNSW over a 128-d PCA projection (efSearch 192) with an exact re-rank of the top 50
# reached Recall@10 0.95 at p99 1.4 ms; plain 512-d HNSW needed efSearch 256 for 0.96 at p99 10 ms
# (under load) and builds ~4× slower.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 100
HNSW_EF_SEARCH = 192
PCA_ABOVE_DIM = 160           # wider vectors are projected to max(128, dim / 4) for the graph
IVF_NPROBE = 32
RERANK_FACTOR = 4             # approximate types fetch max(RERANK_MIN, k × this), re-ranked exactly
RERANK_MIN = 50
EXACT_SUBSET_MAX = 100_000     # a tag filter this small is scored exactly on its own rows


def _faiss():
    try:
        import faiss
    except ImportError as err:
        raise GalleryError("faiss is not installed: make install") from err
    return faiss


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _write_index(path: Path, index: Any) -> None:
    faiss = _faiss()
    tmp = path.with_name(path.name + ".tmp")
    faiss.write_index(index, str(tmp))
    _fsync(tmp)
    os.replace(tmp, path)


def hnsw_of(index: Any) -> Any | None:
    """The HNSW index inside `index` (itself, or behind a PCA transform), else None."""
    faiss = _faiss()
    if isinstance(index, faiss.IndexPreTransform):
        index = faiss.downcast_index(index.index)
    return index if isinstance(index, faiss.IndexHNSW) else None


def _train(index: Any, vectors: np.ndarray, sample: int = 200_000) -> None:
    count = len(vectors)
    if count > sample:
        rng = np.random.default_rng(0)
        vectors = vectors[np.sort(rng.choice(count, sample, replace=False))]
    index.train(np.ascontiguousarray(vectors, dtype=np.float32))


def build_ann(index_type: str, vectors: np.ndarray) -> Any:
    """An approximate inner-product index over `vectors` (rows = labels)."""
    faiss = _faiss()
    count, dim = vectors.shape
    metric = faiss.METRIC_INNER_PRODUCT
    if index_type == "hnsw":
        if dim > PCA_ABOVE_DIM:
            reduced = max(128, dim // 4)
            index = faiss.index_factory(dim, f"PCA{reduced},HNSW{HNSW_M},Flat", metric)
            _train(index, vectors)
        else:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, metric)
        hnsw_of(index).hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    elif index_type in ("ivf", "ivfpq"):
        # k-means wants ~39 points per centroid: small collections get fewer lists and codes.
        nlist = int(max(1, min(65536, 4 * np.sqrt(count), count // 39)))
        quantizer = faiss.IndexFlatIP(dim)
        if index_type == "ivf":
            index = faiss.IndexIVFFlat(quantizer, dim, nlist, metric)
        else:
            m = next(m for m in (dim // 8, dim // 4, dim // 2, dim, 1) if m and dim % m == 0)
            nbits = int(max(1, min(8, np.floor(np.log2(max(count // 39, 2))))))
            index = faiss.IndexIVFPQ(quantizer, dim, nlist, m, nbits, metric)
        _train(index, vectors, 100 * nlist)
    else:
        raise GalleryError(f"not an approximate index type: {index_type}")
    for start in range(0, count, 65536):
        index.add(np.ascontiguousarray(vectors[start:start + 65536], dtype=np.float32))
    return index


def _appendable_index(previous: VectorStore | None, field: str, kind: str, prev_ids: np.ndarray,
                      removed: np.ndarray, new_ids: np.ndarray) -> Any | None:
    """The previous generation's ANN index, re-read from disk, when this update only appends
    ids after all existing ones (rows keep their labels); None when it must be rebuilt."""
    if not isinstance(previous, FaissStore) or previous._source is None or previous.index_type != kind:
        return None
    if len(removed) or not len(prev_ids) or not len(new_ids) or new_ids.min() <= prev_ids.max():
        return None
    index_dir, state = previous._source
    name = state["fields"].get(field, {}).get("index")
    if not name or not state["fields"][field].get("raw"):
        return None
    return _faiss().read_index(str(Path(index_dir) / name))


class FaissStore(VectorStore):
    name = "faiss"

    def __init__(self, ids: np.ndarray, raw: dict[str, np.ndarray], indexes: dict[str, Any],
                 index_type: str, keepalive: list[Any] | None = None, source: tuple[Path, dict] | None = None):
        self._source = source  # (index_dir, state) of the files this store was read from
        self._ids = ids
        self._raw = raw
        self._indexes = indexes
        self._type = index_type
        self._keepalive = keepalive or []

    # -- reading
    @classmethod
    def open(cls, index_dir: Path, state: dict[str, Any], *, use_gpu: bool = True,
             config: StoreConfig | None = None) -> FaissStore:
        faiss = _faiss()
        index_dir = Path(index_dir)
        try:
            ids = np.load(index_dir / state["ids"], mmap_mode="r")
            raw: dict[str, np.ndarray] = {}
            indexes: dict[str, Any] = {}
            keep: list[Any] = []
            for field, spec in state["fields"].items():
                if spec.get("index"):
                    index = faiss.read_index(str(index_dir / spec["index"]))
                    indexes[field] = index
                if spec.get("raw"):
                    raw[field] = np.load(index_dir / spec["raw"], mmap_mode="r")
                else:  # exact Flat: its storage is the raw vectors (zero-copy view)
                    index = indexes[field]
                    keep.append(index)
                    raw[field] = faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)
        except (OSError, KeyError, RuntimeError, ValueError) as err:
            raise GalleryError(f"the gallery index in {index_dir} is damaged ({err}); re-run huabao index") from err
        for field, index in list(indexes.items()):
            if hnsw_of(index) is not None:
                hnsw_of(index).hnsw.efSearch = HNSW_EF_SEARCH
            ivf = faiss.try_extract_index_ivf(index)
            if ivf is not None:
                ivf.nprobe = IVF_NPROBE
            if use_gpu and hasattr(faiss, "index_cpu_to_all_gpus") and faiss.get_num_gpus() > 0 \
                    and hnsw_of(index) is None and not isinstance(index, faiss.IndexPreTransform):
                keep.append(index)
                indexes[field] = faiss.index_cpu_to_all_gpus(index)
        return cls(np.asarray(ids), raw, indexes, state.get("index_type", "flat"), keep, (index_dir, state))

    @property
    def count(self) -> int:
        return int(len(self._ids))

    @property
    def index_type(self) -> str:
        return self._type

    def ids(self) -> np.ndarray:
        return self._ids

    def fields(self) -> list[str]:
        return list(self._raw)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) == 0:
            return np.zeros(0, np.int64)
        rows = np.searchsorted(self._ids, ids)
        rows = np.minimum(rows, max(len(self._ids) - 1, 0))
        if len(self._ids) == 0 or not np.array_equal(self._ids[rows], ids):
            raise KeyError("unknown item id")
        return rows

    def vectors(self, field: str, ids: np.ndarray) -> np.ndarray:
        if field not in self._raw:
            raise GalleryError(f"the index has no '{field}' vectors (built with another backend?)")
        rows = self.rows(ids)
        order = np.argsort(rows)  # sorted reads are kinder to a memory-mapped file
        out = np.empty((len(rows), self._raw[field].shape[1]), np.float32)
        out[order] = self._raw[field][rows[order]]
        return out

    def search(self, field: str, queries: np.ndarray, k: int, allowed: np.ndarray | None = None):
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, int(k))
        if field not in self._raw:
            raise GalleryError(f"the index has no '{field}' vectors (built with another backend?)")
        if allowed is not None:
            allowed = np.intersect1d(np.asarray(allowed, np.int64), self._ids)
            if len(allowed) <= EXACT_SUBSET_MAX or field not in self._indexes:
                return self._exact(field, queries, k, self.rows(allowed))
        if field not in self._indexes:
            return self._exact(field, queries, k, None)
        if self._type == "flat":
            return self._faiss_search(field, queries, k, allowed)
        fetch = max(RERANK_MIN, k * RERANK_FACTOR)
        _, fetched = self._faiss_search(field, queries, fetch, allowed, as_rows=True)
        return self._rerank(field, queries, k, fetched)

    # -- internals
    def _labels_to_ids(self, rows: np.ndarray) -> np.ndarray:
        out = np.full(rows.shape, -1, np.int64)
        valid = rows >= 0
        out[valid] = self._ids[rows[valid]]
        return out

    def _faiss_search(self, field: str, queries: np.ndarray, k: int, allowed: np.ndarray | None, as_rows: bool = False):
        faiss = _faiss()
        index = self._indexes[field]
        k = min(k, max(self.count, 1))
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(self.rows(allowed), dtype=np.int64))
            if hnsw_of(index) is not None:
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
            elif faiss.try_extract_index_ivf(index) is not None:
                params = faiss.SearchParametersIVF(sel=selector, nprobe=IVF_NPROBE)
            else:
                params = faiss.SearchParameters(sel=selector)
        scores, rows = index.search(queries, k, params=params) if params is not None else index.search(queries, k)
        return scores, (rows if as_rows else self._labels_to_ids(rows))

    def _exact(self, field: str, queries: np.ndarray, k: int, rows: np.ndarray | None):
        matrix = self._raw[field] if rows is None else self._raw[field][np.sort(rows)]
        row_ids = self._ids if rows is None else self._ids[np.sort(rows)]
        scores_out = np.full((len(queries), k), -np.inf, np.float32)
        ids_out = np.full((len(queries), k), -1, np.int64)
        if len(row_ids) == 0:
            return scores_out, ids_out
        scores = queries @ np.asarray(matrix, np.float32).T
        take = min(k, scores.shape[1])
        top = np.argpartition(-scores, take - 1, axis=1)[:, :take]
        for q in range(len(queries)):
            order = top[q][np.argsort(-scores[q, top[q]])]
            scores_out[q, :take] = scores[q, order]
            ids_out[q, :take] = row_ids[order]
        return scores_out, ids_out

    def _rerank(self, field: str, queries: np.ndarray, k: int, rows: np.ndarray):
        scores_out = np.full((len(queries), k), -np.inf, np.float32)
        ids_out = np.full((len(queries), k), -1, np.int64)
        raw = self._raw[field]
        for q in range(len(queries)):
            candidates = np.unique(rows[q][rows[q] >= 0])
            if len(candidates) == 0:
                continue
            exact = np.asarray(raw[candidates], np.float32) @ queries[q]
            order = np.argsort(-exact)[:k]
            scores_out[q, :len(order)] = exact[order]
            ids_out[q, :len(order)] = self._ids[candidates[order]]
        return scores_out, ids_out

    # -- writing
    @classmethod
    def write(cls, index_dir: Path, generation: int, fields: dict[str, int], update: VectorUpdate,
              previous: VectorStore | None, *, index_type: str = "auto",
              search_fields: tuple[str, ...] = (), config: StoreConfig | None = None,
              meta: dict[str, str] | None = None) -> dict[str, Any]:
        faiss = _faiss()
        index_dir = Path(index_dir)
        index_dir.mkdir(parents=True, exist_ok=True)
        prev_ids = previous.ids() if previous is not None else np.zeros(0, np.int64)
        removed = np.asarray(update.removed, np.int64)
        new_ids = np.asarray(update.ids, np.int64)
        kept_mask = ~np.isin(prev_ids, np.concatenate([removed, new_ids]))
        kept_ids = np.asarray(prev_ids[kept_mask])
        final_ids = np.union1d(kept_ids, new_ids).astype(np.int64)
        kind = choose_index_type(len(final_ids), index_type)
        prefix = f"g{generation}"
        files = [f"{prefix}.ids.npy"]
        write_npy_atomic(index_dir / files[0], final_ids)

        state_fields: dict[str, dict[str, str]] = {}
        kept_pos = np.searchsorted(final_ids, kept_ids)
        new_pos = np.searchsorted(final_ids, new_ids)
        for field, dim in fields.items():
            matrix = np.empty((len(final_ids), dim), np.float32)
            if len(kept_ids):
                matrix[kept_pos] = previous.vectors(field, kept_ids)
            if len(new_ids):
                given = np.asarray(update.vectors[field], np.float32)
                if given.shape != (len(new_ids), dim):
                    raise GalleryError(f"field {field}: got vectors of shape {given.shape}, expected ({len(new_ids)}, {dim})")
                matrix[new_pos] = given
            spec: dict[str, str] = {}
            if field in search_fields and kind == "flat":
                index = faiss.IndexFlatIP(dim)
                if len(matrix):
                    index.add(matrix)
                spec["index"] = f"{prefix}.{field}.faiss"
                _write_index(index_dir / spec["index"], index)
            else:
                spec["raw"] = f"{prefix}.{field}.npy"
                write_npy_atomic(index_dir / spec["raw"], matrix)
                if field in search_fields:
                    spec["index"] = f"{prefix}.{field}.faiss"
                    appendable = _appendable_index(previous, field, kind, prev_ids, removed, new_ids)
                    if appendable is not None:  # only new items: extend the graph/lists, no rebuild
                        appendable.add(np.ascontiguousarray(matrix[len(kept_ids):]))
                        _write_index(index_dir / spec["index"], appendable)
                    else:
                        _write_index(index_dir / spec["index"], build_ann(kind, matrix))
            files.extend(spec.values())
            state_fields[field] = spec
            del matrix
        return {"ids": files[0], "fields": state_fields, "files": files, "index_type": kind,
                "count": int(len(final_ids))}
