"""The faiss vector store: index types by size, exact scores, id filters, incremental generations."""
from __future__ import annotations

import numpy as np
import pytest

from tools.errors import GalleryError
from tools.retrieval.store import VectorUpdate, choose_index_type
from tools.retrieval.stores import faiss_store
from tools.retrieval.stores.faiss_store import FaissStore

FIELDS = {"vec": 32, "aux": 4}


def _data(n: int, seed: int = 0, start: int = 1):
    rng = np.random.default_rng(seed)
    basis = rng.normal(size=(8, 32))
    vec = rng.normal(size=(n, 8)) @ basis + 0.1 * rng.normal(size=(n, 32))
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    aux = rng.normal(size=(n, 4))
    return np.arange(start, start + n, dtype=np.int64), {"vec": vec.astype(np.float32), "aux": aux.astype(np.float32)}


def _write(tmp_path, generation, ids, vectors, previous=None, removed=(), index_type="auto"):
    update = VectorUpdate(ids=ids, vectors=vectors, removed=np.asarray(removed, np.int64))
    state = FaissStore.write(tmp_path, generation, FIELDS, update, previous, index_type=index_type, search_fields=("vec",))
    return FaissStore.open(tmp_path, state, use_gpu=False), state


@pytest.mark.parametrize("count, expected", [(10, "flat"), (200_000, "flat"), (200_001, "hnsw"),
                                              (9_999_999, "hnsw"), (10_000_000, "ivfpq")])
def test_index_type_is_chosen_by_size(count, expected):
    assert choose_index_type(count) == expected


def test_an_explicit_index_type_wins_and_a_wrong_one_is_refused():
    assert choose_index_type(10, "hnsw") == "hnsw"
    with pytest.raises(GalleryError, match="unknown index type"):
        choose_index_type(10, "annoy")


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf", "ivfpq"])
def test_every_index_type_returns_exact_scores_of_its_hits(tmp_path, kind):
    ids, vectors = _data(3000)
    store, state = _write(tmp_path, 1, ids, vectors, index_type=kind)
    assert state["index_type"] == kind and store.count == 3000
    queries = vectors["vec"][:20] + 0.05
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    scores, found = store.search("vec", queries, 10)
    exact = queries @ vectors["vec"].T
    truth = np.argsort(-exact, axis=1)[:, :10] + 1
    recall = np.mean([len(set(found[q]) & set(truth[q])) / 10 for q in range(20)])
    assert recall >= (1.0 if kind == "flat" else 0.8)
    rows = found - 1
    np.testing.assert_allclose(scores, np.take_along_axis(exact, rows, axis=1), atol=1e-4)


def test_vectors_are_returned_exactly_by_id(tmp_path):
    ids, vectors = _data(50)
    store, _ = _write(tmp_path, 1, ids, vectors, index_type="ivfpq")
    np.testing.assert_array_equal(store.vectors("aux", np.array([7, 3])), vectors["aux"][[6, 2]])
    np.testing.assert_array_equal(store.vectors("vec", np.array([50])), vectors["vec"][[49]])
    with pytest.raises(KeyError):
        store.vectors("vec", np.array([999]))


@pytest.mark.parametrize("kind, subset_max", [("flat", 100_000), ("flat", 0), ("hnsw", 0), ("ivf", 0)])
def test_search_restricted_to_ids_only_returns_those(tmp_path, monkeypatch, kind, subset_max):
    monkeypatch.setattr(faiss_store, "EXACT_SUBSET_MAX", subset_max)  # 0 forces faiss's own id selector
    ids, vectors = _data(2000)
    store, _ = _write(tmp_path, 1, ids, vectors, index_type=kind)
    allowed = np.arange(1, 2001, 7, dtype=np.int64)
    scores, found = store.search("vec", vectors["vec"][:3], 5, allowed=allowed)
    assert set(found.ravel()) <= set(allowed)
    exact = vectors["vec"][:3] @ vectors["vec"][allowed - 1].T
    assert scores[0, 0] == pytest.approx(exact[0].max(), abs=1e-4)


def test_a_new_generation_applies_adds_changes_and_removals(tmp_path):
    ids, vectors = _data(100)
    first, _ = _write(tmp_path, 1, ids, vectors)
    new_ids, new_vectors = _data(5, seed=1, start=101)
    changed = {k: v[:1] for k, v in _data(1, seed=2)[1].items()}
    update_ids = np.concatenate([[10], new_ids])
    update_vectors = {k: np.concatenate([changed[k], new_vectors[k]]) for k in FIELDS}
    second, _ = _write(tmp_path, 2, update_ids, update_vectors, previous=first, removed=[3, 4])
    assert second.count == 103 and 3 not in second.ids() and 105 in second.ids()
    np.testing.assert_array_equal(second.vectors("vec", np.array([10])), changed["vec"])
    np.testing.assert_array_equal(second.vectors("vec", np.array([50])), vectors["vec"][[49]])
    # The first generation's files are untouched and still readable.
    assert first.count == 100 and 3 in first.ids()


def test_appending_to_an_approximate_index_extends_it_without_rebuilding(tmp_path, monkeypatch):
    ids, vectors = _data(500)
    first, _ = _write(tmp_path, 1, ids, vectors, index_type="hnsw")
    monkeypatch.setattr(faiss_store, "build_ann", lambda *a, **k: pytest.fail("rebuilt instead of appending"))
    new_ids, new_vectors = _data(20, seed=3, start=501)
    second, _ = _write(tmp_path, 2, new_ids, new_vectors, previous=first, index_type="hnsw")
    scores, found = second.search("vec", new_vectors["vec"][:1], 1)
    assert found[0, 0] == 501 and scores[0, 0] == pytest.approx(1.0, abs=1e-5)


def test_vectors_of_the_wrong_shape_are_refused(tmp_path):
    ids, vectors = _data(3)
    vectors["vec"] = vectors["vec"][:, :16]
    with pytest.raises(GalleryError, match="expected"):
        _write(tmp_path, 1, ids, vectors)


def test_wide_vectors_get_a_pca_graph_with_exact_re_ranking(tmp_path):
    import faiss

    rng = np.random.default_rng(5)
    basis = rng.normal(size=(16, 256))
    vec = rng.normal(size=(4000, 16)) @ basis + 0.05 * rng.normal(size=(4000, 256))
    vec = (vec / np.linalg.norm(vec, axis=1, keepdims=True)).astype(np.float32)
    ids = np.arange(1, 4001, dtype=np.int64)
    update = VectorUpdate(ids=ids, vectors={"wide": vec})
    state = FaissStore.write(tmp_path, 1, {"wide": 256}, update, None, index_type="hnsw", search_fields=("wide",))
    store = FaissStore.open(tmp_path, state, use_gpu=False)
    assert isinstance(store._indexes["wide"], faiss.IndexPreTransform)
    queries = vec[:30] + 0.02
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    scores, found = store.search("wide", queries, 10)
    exact = queries @ vec.T
    truth = np.argsort(-exact, axis=1)[:, :10] + 1
    assert np.mean([len(set(found[q]) & set(truth[q])) / 10 for q in range(30)]) >= 0.9
    np.testing.assert_allclose(scores, np.take_along_axis(exact, found - 1, axis=1), atol=1e-4)
    _, filtered = store.search("wide", queries[:2], 5, allowed=np.arange(1, 4001, 3, dtype=np.int64))
    assert set(filtered.ravel()) <= set(range(1, 4001, 3))
