"""The vector stores: index types by size, exact scores, id filters, incremental generations.

The behaviour tests run for every store (`store` fixture: faiss, and milvus on a milvus-lite
file in tmp_path); faiss internals and Milvus's own checks have their own tests at the end."""
from __future__ import annotations

import sys
from types import SimpleNamespace

import numpy as np
import pytest

from tools.errors import GalleryError
from tools.retrieval.store import StoreConfig, VectorUpdate, choose_index_type, store_class
from tools.retrieval.stores import faiss_store
from tools.retrieval.stores.faiss_store import FaissStore

FIELDS = {"vec": 32, "aux": 4}
STORES = ["faiss", "milvus"]


def _require(name: str) -> None:
    if name == "milvus":
        pytest.importorskip("pymilvus", reason="the scale extra is not installed")
        pytest.importorskip("milvus_lite", reason="milvus-lite is not installed")


@pytest.fixture(params=STORES)
def store(request, tmp_path):
    """The store under test: `write(...)` writes a generation into tmp_path and opens it; every
    opened store is closed afterwards (milvus-lite's embedded server stops with the last one)."""
    _require(request.param)
    cls = store_class(request.param)
    config = StoreConfig()  # milvus: milvus-lite at tmp_path/milvus.db
    opened = []

    def write(generation, ids, vectors, previous=None, removed=(), index_type="auto", fields=FIELDS,
              search_fields=("vec",), meta=None):
        update = VectorUpdate(ids=ids, vectors=vectors, removed=np.asarray(removed, np.int64))
        state = cls.write(tmp_path, generation, fields, update, previous, index_type=index_type,
                          search_fields=search_fields, config=config, meta=meta)
        opened.append(cls.open(tmp_path, state, use_gpu=False, config=config))
        return opened[-1], state

    yield SimpleNamespace(name=request.param, cls=cls, module=sys.modules[cls.__module__], write=write,
                          config=config, opened=opened)
    for each in opened:
        each.close()


def _data(n: int, seed: int = 0, start: int = 1):
    rng = np.random.default_rng(seed)
    basis = rng.normal(size=(8, 32))
    vec = rng.normal(size=(n, 8)) @ basis + 0.1 * rng.normal(size=(n, 32))
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    aux = rng.normal(size=(n, 4))
    return np.arange(start, start + n, dtype=np.int64), {"vec": vec.astype(np.float32), "aux": aux.astype(np.float32)}


def _write(tmp_path, generation, ids, vectors, previous=None, removed=(), index_type="auto"):
    """faiss only, for the tests of its internals."""
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
def test_every_index_type_returns_exact_scores_of_its_hits(store, kind):
    ids, vectors = _data(3000)
    store, state = store.write(1, ids, vectors, index_type=kind)
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


def test_vectors_are_returned_exactly_by_id(store):
    ids, vectors = _data(50)
    store, _ = store.write(1, ids, vectors, index_type="ivfpq")
    np.testing.assert_array_equal(store.vectors("aux", np.array([7, 3])), vectors["aux"][[6, 2]])
    np.testing.assert_array_equal(store.vectors("vec", np.array([50])), vectors["vec"][[49]])
    with pytest.raises(KeyError):
        store.vectors("vec", np.array([999]))


@pytest.mark.parametrize("kind, subset_max", [("flat", 100_000), ("flat", 0), ("hnsw", 0), ("ivf", 0)])
def test_search_restricted_to_ids_only_returns_those(store, monkeypatch, kind, subset_max):
    monkeypatch.setattr(store.module, "EXACT_SUBSET_MAX", subset_max)  # 0: the engine's own id filter
    ids, vectors = _data(2000)
    store, _ = store.write(1, ids, vectors, index_type=kind)
    allowed = np.arange(1, 2001, 7, dtype=np.int64)
    scores, found = store.search("vec", vectors["vec"][:3], 5, allowed=allowed)
    assert set(found.ravel()) <= set(allowed)
    exact = vectors["vec"][:3] @ vectors["vec"][allowed - 1].T
    assert scores[0, 0] == pytest.approx(exact[0].max(), abs=1e-4)


def test_a_new_generation_applies_adds_changes_and_removals(store):
    ids, vectors = _data(100)
    first, _ = store.write(1, ids, vectors)
    new_ids, new_vectors = _data(5, seed=1, start=101)
    changed = {k: v[:1] for k, v in _data(1, seed=2)[1].items()}
    update_ids = np.concatenate([[10], new_ids])
    update_vectors = {k: np.concatenate([changed[k], new_vectors[k]]) for k in FIELDS}
    second, _ = store.write(2, update_ids, update_vectors, previous=first, removed=[3, 4])
    assert second.count == 103 and 3 not in second.ids() and 105 in second.ids()
    np.testing.assert_array_equal(second.vectors("vec", np.array([10])), changed["vec"])
    np.testing.assert_array_equal(second.vectors("vec", np.array([50])), vectors["vec"][[49]])
    # The first generation's files are untouched and still readable.
    assert first.count == 100 and 3 in first.ids()
    np.testing.assert_array_equal(first.vectors("vec", np.array([10])), vectors["vec"][[9]])
    _, found = first.search("vec", vectors["vec"][2:3], 1)
    assert found[0, 0] == 3


@pytest.mark.parametrize("target", STORES)
def test_a_generation_can_be_written_from_another_store(store, target, tmp_path):
    """What migration and a `--store` switch rely on: the kept vectors come from `previous`."""
    _require(target)
    ids, vectors = _data(60)
    first, _ = store.write(1, ids, vectors)
    cls = store_class(target)
    state = cls.write(tmp_path, 2, FIELDS, VectorUpdate(removed=np.array([5], np.int64)), first,
                      search_fields=("vec",), config=store.config)
    second = cls.open(tmp_path, state, use_gpu=False, config=store.config)
    store.opened.append(second)
    assert second.count == 59 and 5 not in second.ids()
    np.testing.assert_array_equal(second.vectors("aux", ids[ids != 5]), vectors["aux"][ids != 5])
    s1, f1 = first.search("vec", vectors["vec"][:4], 5, allowed=ids[ids != 5])
    s2, f2 = second.search("vec", vectors["vec"][:4], 5)
    np.testing.assert_array_equal(f1, f2)
    np.testing.assert_allclose(s1, s2, atol=1e-5)


def test_empty_filters_and_generations_give_padded_results(store):
    ids, vectors = _data(20)
    first, _ = store.write(1, ids, vectors)
    scores, found = first.search("vec", vectors["vec"][:2], 30)  # more than there are: all, best first
    for row_scores, row in zip(scores, found):
        assert sorted(row[row >= 0]) == list(ids) and (row[20:] == -1).all()
        assert list(row_scores[:20]) == sorted(row_scores[:20], reverse=True)
    _, none = first.search("vec", vectors["vec"][:1], 3, allowed=np.array([999], np.int64))
    assert (none == -1).all()
    _, most = first.search("vec", vectors["vec"][:1], 3, allowed=ids[1:])  # all but the query's own id
    assert most[0, 0] != ids[0] and set(most[0]) <= set(ids[1:])
    empty, state = store.write(2, np.zeros(0, np.int64), {}, previous=first, removed=ids)
    assert empty.count == 0 and state["count"] == 0
    assert (empty.search("vec", vectors["vec"][:1], 3)[1] == -1).all()


def test_appending_to_an_approximate_index_extends_it_without_rebuilding(tmp_path, monkeypatch):
    ids, vectors = _data(500)
    first, _ = _write(tmp_path, 1, ids, vectors, index_type="hnsw")
    monkeypatch.setattr(faiss_store, "build_ann", lambda *a, **k: pytest.fail("rebuilt instead of appending"))
    new_ids, new_vectors = _data(20, seed=3, start=501)
    second, _ = _write(tmp_path, 2, new_ids, new_vectors, previous=first, index_type="hnsw")
    scores, found = second.search("vec", new_vectors["vec"][:1], 1)
    assert found[0, 0] == 501 and scores[0, 0] == pytest.approx(1.0, abs=1e-5)


def test_vectors_of_the_wrong_shape_are_refused(store):
    ids, vectors = _data(3)
    vectors["vec"] = vectors["vec"][:, :16]
    with pytest.raises(GalleryError, match="expected"):
        store.write(1, ids, vectors)


def test_wide_vectors_get_a_pca_graph_with_exact_re_ranking(tmp_path):
    import faiss

    rng = np.random.default_rng(5)
    basis = rng.normal(size=(16, 256))
    vec = rng.normal(size=(4000, 16)) @ basis + 0.05 * rng.normal(size=(4000, 256))
    vec = (vec / np.linalg.norm(vec, axis=1, keepdims=True)).astype(np.float32)
    ids = np.arange(1, 4001, dtype=np.int64)
    update = VectorUpdate(ids=ids, vectors={"wide": vec})
    state = FaissStore.write(tmp_path, 1, {"wide": 256}, update, None, index_type="hnsw", search_fields=("wide",))
    written = faiss.read_index(str(tmp_path / state["fields"]["wide"]["index"]))
    assert isinstance(written, faiss.IndexPreTransform)
    store = FaissStore.open(tmp_path, state, use_gpu=False)
    queries = vec[:30] + 0.02
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    scores, found = store.search("wide", queries, 10)
    exact = queries @ vec.T
    truth = np.argsort(-exact, axis=1)[:, :10] + 1
    assert np.mean([len(set(found[q]) & set(truth[q])) / 10 for q in range(30)]) >= 0.9
    np.testing.assert_allclose(scores, np.take_along_axis(exact, found - 1, axis=1), atol=1e-4)
    _, filtered = store.search("wide", queries[:2], 5, allowed=np.arange(1, 4001, 3, dtype=np.int64))
    assert set(filtered.ravel()) <= set(range(1, 4001, 3))


# ---------------------------------------------------------------- milvus: its own checks
@pytest.fixture
def milvus(tmp_path):
    _require("milvus")
    from tools.retrieval.stores import milvus_store

    opened = []

    def write(generation=1, ids=None, vectors=None, config=None, meta=None, **kw):
        if ids is None:
            ids, vectors = _data(30)
        update = VectorUpdate(ids=ids, vectors=vectors)
        state = milvus_store.MilvusStore.write(tmp_path, generation, FIELDS, update, None, search_fields=("vec",),
                                               config=config or StoreConfig(),
                                               meta=meta or {"backend": "fake", "backend_version": "fake-1"}, **kw)
        return state

    def open_(state, config=None):
        opened.append(milvus_store.MilvusStore.open(tmp_path, state, config=config or StoreConfig()))
        return opened[-1]

    yield SimpleNamespace(module=milvus_store, write=write, open=open_)
    for each in opened:
        each.close()


def test_milvus_state_records_where_and_how_but_never_the_token(milvus, tmp_path):
    import json

    state = milvus.write(index_type="ivfpq", config=StoreConfig(milvus_token="s3cret-token"))
    assert state["uri_kind"] == "lite" and state["uri"] == str((tmp_path / "milvus.db").resolve())
    assert state["index_type"] == "ivfpq" and state["fields"]["vec"]["index"] == "IVF_SQ8"  # lite builds no IVF_PQ
    assert state["fields"]["aux"]["index"] == "FLAT" and state["files"] == ["g1.ids.npy"]
    assert "s3cret" not in json.dumps(state)


def test_milvus_server_uri_is_shown_without_credentials(tmp_path):
    _require("milvus")
    from tools.retrieval.stores.milvus_store import _Target

    target = _Target(tmp_path, StoreConfig(milvus_uri="https://user:pw@milvus.example:19530", milvus_token="t"))
    assert (target.kind, target.display) == ("server", "https://milvus.example:19530")
    assert target.index_types["ivfpq"] == "IVF_PQ"
    with pytest.raises(GalleryError, match=r"must end in \.db"):
        _Target(tmp_path, StoreConfig(milvus_uri=str(tmp_path / "vectors.sqlite")))


def test_milvus_collection_of_another_backend_or_dimension_is_refused(milvus):
    state = milvus.write()
    other_backend = {**state, "meta": {"backend": "cnclip", "backend_version": "cnclip-1"}}
    with pytest.raises(GalleryError, match="does not match this index.*backend 'fake'.*re-run `huabao index"):
        milvus.open(other_backend)
    other_dim = {**state, "fields": {**state["fields"], "vec": {**state["fields"]["vec"], "dim": 64}}}
    with pytest.raises(GalleryError, match="dim '32'.*vector dimension 32 \\(expected 64\\)"):
        milvus.open(other_dim)
    store = milvus.open(state)  # the real state still opens
    with pytest.raises(GalleryError, match="queries have 16 dimensions"):
        store.search("vec", np.zeros((1, 16), np.float32), 3)


def test_milvus_missing_collection_or_other_uri_is_a_clear_error(milvus, tmp_path):
    state = milvus.write()
    with pytest.raises(GalleryError, match="no collection .* check HUABAO_MILVUS_URI"):
        milvus.open(state, config=StoreConfig(milvus_uri=str(tmp_path / "elsewhere" / "other.db")))
    import pymilvus

    milvus.module.close_idle_connections()  # milvus-lite: one client on the file at a time
    client = pymilvus.MilvusClient(uri=state["uri"])  # someone else drops a collection under the gallery
    client.drop_collection(state["fields"]["aux"]["collection"])
    client.close()
    with pytest.raises(GalleryError, match="no collection .*_g1_aux"):
        milvus.open(state)


def test_milvus_without_pymilvus_names_the_extra(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pymilvus" else real(name, *a))
    with pytest.raises(GalleryError, match=r"pip install -e '\.\[scale\]'"):
        store_class("milvus")
    with pytest.raises(GalleryError, match="use faiss or milvus"):
        store_class("annoy")
