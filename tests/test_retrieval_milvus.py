"""The milvus vector store behind the index: migration both ways, store switches, cleanup of
stale collections, crash safety, and the CLI's --store / --migrate-to. milvus-lite in tmp_path;
the store-level behaviour is in test_retrieval_store.py, parametrised over both stores."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from support.retrieval_fixtures import FakeEmbedder, assert_generation_still_serves, draw_shape, make_shapes_gallery
from tools.errors import GalleryError
from tools.retrieval import Retriever, index_folder
from tools.retrieval.index import MANIFEST, GalleryIndex, read_manifest
from tools.retrieval.migrate import migrate_index

pytest.importorskip("pymilvus", reason="the scale extra is not installed")
pytest.importorskip("milvus_lite", reason="milvus-lite is not installed")

from tools.retrieval.stores import milvus_store  # noqa: E402
from tools.retrieval.stores.milvus_store import collections_of  # noqa: E402


@pytest.fixture(autouse=True)
def no_connection_left_open():
    """Every test gives its Milvus connections back: milvus-lite's embedded server (threads and a
    file lock) stops with the last one."""
    import gc

    from milvus_lite.server_manager import server_manager_instance

    yield
    gc.collect()
    milvus_store.close_idle_connections()  # lingering milvus-lite files (LITE_LINGER_S)
    assert milvus_store._POOL == {}
    assert server_manager_instance._servers == {}


def _index(settings, folder, embedder=None, **kw):
    embedder = embedder or FakeEmbedder(settings)
    return index_folder(settings, folder, progress=False, num_workers=0, embedder=embedder, **kw), embedder


def _collections_of(manifest):
    return sorted(spec["collection"] for spec in manifest["store_state"]["fields"].values())


def _generation_files(settings, generation):
    return sorted(p.name for p in settings.index_dir.iterdir() if p.name.startswith(f"g{generation}."))


def _results(retriever, queries, image):
    runs = [retriever.search_text(q, k=5) for q in queries]
    runs.append(retriever.search_image(image, k=5))
    runs.append(retriever.search_text("star", k=5, tags=["stars"]))
    return [[(h.id, h.score) for h in hits] for hits in runs]


def _assert_same(before, after):
    assert [[i for i, _ in run] for run in after] == [[i for i, _ in run] for run in before]
    for run_before, run_after in zip(before, after):
        np.testing.assert_allclose([s for _, s in run_after], [s for _, s in run_before], atol=1e-5)


def test_migrating_the_fixture_gallery_keeps_every_result(mini_gallery, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(mini_gallery.index_dir, data / "index")
    settings = mini_gallery.model_copy(update={"data_dir": data})
    faiss = Retriever(settings)
    queries = ["礼物", "camera", "开学季", "限时秒杀", "星星 闪光"]
    image = faiss.get("images/2b50.webp").path
    before = _results(faiss, queries, image)
    embedder = faiss.opened()[1]
    faiss.close()
    old = read_manifest(settings.index_dir)

    manifest = migrate_index(settings, "milvus")
    assert manifest["store"] == "milvus" and manifest["count"] == old["count"] == 20
    assert manifest["generation"] == old["generation"] + 1 and manifest["index_type"] == old["index_type"]
    assert _generation_files(settings, old["generation"]) == []                 # faiss files gone
    assert not any(p.suffix == ".faiss" for p in settings.index_dir.iterdir())
    milvus = Retriever(settings, embedder=embedder)
    _assert_same(before, _results(milvus, queries, image))
    milvus.close()

    back = migrate_index(settings, "faiss")                                         # and back again
    assert back["store"] == "faiss" and back["count"] == 20
    assert collections_of(settings.index_dir) == []                                # collections dropped
    faiss_again = Retriever(settings, embedder=embedder)
    _assert_same(before, _results(faiss_again, queries, image))
    faiss_again.close()
    assert migrate_index(settings, "faiss")["generation"] == back["generation"]    # already there: no-op


def test_an_index_run_with_another_store_moves_the_index_without_embedding(settings, tmp_path):
    folder = tmp_path / "g"
    make_shapes_gallery(folder, ["red-circle", "blue-square", "yellow-star"], metadata=False)
    _index(settings, folder)
    settings.vector_store = "milvus"
    report, embedder = _index(settings, folder)                     # nothing changed, but the store did
    assert embedder.images_embedded == 0 and report.unchanged == 3 and report.count == 3
    manifest = read_manifest(settings.index_dir)
    assert manifest["store"] == "milvus" and manifest["generation"] == 2
    retriever = Retriever(settings, embedder=FakeEmbedder(settings))
    assert retriever.search_image(draw_shape("blue-square"), k=1)[0].id == "shapes/blue-square.png"

    settings.vector_store = "faiss"                                 # back, with a change on the way
    draw_shape("pink-heart").save(folder / "shapes" / "pink-heart.png")
    report, embedder = _index(settings, folder)
    assert embedder.images_embedded == 1 and report.added == 1 and report.count == 4
    assert read_manifest(settings.index_dir)["store"] == "faiss"
    assert collections_of(settings.index_dir) == []
    assert retriever.search_image(draw_shape("pink-heart"), k=1)[0].id == "shapes/pink-heart.png"
    retriever.close()


def test_reindexing_drops_the_stale_generations_collections(settings, tmp_path):
    settings.vector_store = "milvus"
    folder = tmp_path / "g"
    make_shapes_gallery(folder, ["red-circle", "blue-square"], metadata=False)
    _index(settings, folder)
    first = read_manifest(settings.index_dir)
    assert collections_of(settings.index_dir) == _collections_of(first)

    draw_shape("yellow-star").save(folder / "shapes" / "yellow-star.png")
    _index(settings, folder)
    second = read_manifest(settings.index_dir)
    names = collections_of(settings.index_dir)
    assert names == _collections_of(second)
    assert len(names) == 3 and all(f"_g{second['generation']}_" in n for n in names)
    assert _generation_files(settings, first["generation"]) == []


_SEARCHER = """
import sys
import numpy as np
from tools.retrieval.index import GalleryIndex
index = GalleryIndex.open(sys.argv[1])
query = np.asarray(index.store.vectors("image", index.store.ids()[:1]))
for _ in range(25):
    ids = index.store.search("image", query, 1)[1]
    assert ids[0][0] == index.store.ids()[0], ids
index.close()
print("ok")
"""


def test_milvus_lite_serves_several_processes_by_turns(settings, tmp_path):
    """A server, batch workers and an index run are separate processes: milvus-lite locks its file
    while open, so each opens it per operation and they take turns instead of failing."""
    import subprocess
    import sys

    settings.vector_store = "milvus"
    folder = tmp_path / "g"
    make_shapes_gallery(folder, ["red-circle", "blue-square", "yellow-star"], metadata=False)
    _index(settings, folder)
    held = GalleryIndex.open(settings.index_dir)  # this process keeps an open index, like a server
    try:
        searchers = [subprocess.Popen([sys.executable, "-c", _SEARCHER, str(settings.index_dir)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      cwd=Path(__file__).resolve().parents[1]) for _ in range(3)]
        for _ in range(25):
            assert held.store.search("image", held.store.vectors("image", held.store.ids()[:1]), 1)[1][0][0] >= 1
        for searcher in searchers:
            out, err = searcher.communicate(timeout=120)
            assert searcher.returncode == 0 and out.strip() == "ok", err[-2000:]
    finally:
        held.close()


@pytest.mark.parametrize("fail_at", ["insert", "manifest"])
def test_a_crash_after_writing_collections_leaves_the_previous_generation(settings, tmp_path, monkeypatch, fail_at):
    settings.vector_store = "milvus"
    folder = tmp_path / "g"
    make_shapes_gallery(folder, ["red-circle", "blue-square"], metadata=False)
    _index(settings, folder)
    before = read_manifest(settings.index_dir)

    draw_shape("yellow-star").save(folder / "shapes" / "yellow-star.png")
    with monkeypatch.context() as patch:
        if fail_at == "insert":   # inside write: the first collection exists, its rows are going in
            def crash(*args, **kwargs):
                raise OSError("simulated power cut")
            patch.setattr(milvus_store.MilvusStore, "_gather", staticmethod(crash))
        else:                     # every collection written, the manifest switch dies
            from tools.retrieval import index as index_module

            real = index_module.write_json_atomic

            def crash(path, data):
                if path.name == MANIFEST:
                    raise OSError("simulated power cut")
                return real(path, data)
            patch.setattr(index_module, "write_json_atomic", crash)
        with pytest.raises(OSError, match="power cut"):
            _index(settings, folder)
    made = f"_g{before['generation'] + 1}_"          # the new generation's collection(s) were made
    assert any(made in name for name in collections_of(settings.index_dir))

    retriever = assert_generation_still_serves(settings, before)

    report, _ = _index(settings, folder)              # the next run finishes the job and cleans up
    assert report.count == 3
    after = read_manifest(settings.index_dir)
    assert collections_of(settings.index_dir) == _collections_of(after)
    assert retriever.count == 3
    retriever.close()


def test_a_milvus_index_queried_with_another_embedder_version_is_a_clear_error(settings, tmp_path):
    settings.vector_store = "milvus"
    make_shapes_gallery(tmp_path / "g", ["red-circle"], metadata=False)
    _index(settings, tmp_path / "g")
    with pytest.raises(GalleryError, match="re-run `huabao index`"):
        Retriever(settings, embedder=FakeEmbedder(settings, version="2")).search_image(draw_shape("red-circle"))


def test_migrating_without_an_index_is_a_clear_error(settings):
    with pytest.raises(GalleryError, match="no gallery index .* --store milvus"):
        migrate_index(settings, "milvus")


# ---------------------------------------------------------------- CLI
def _said(result) -> str:
    return " ".join(result.output.split())  # rich wraps long messages


@pytest.fixture
def cli_env(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("HUABAO_DATA_DIR", str(settings.data_dir))
    for name in ("HUABAO_VECTOR_STORE", "HUABAO_MILVUS_URI", "HUABAO_MILVUS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    make_shapes_gallery(tmp_path / "g", ["red-circle", "blue-square", "yellow-star"], metadata=False)
    _index(settings, tmp_path / "g")  # a faiss index (fake embedder)
    return settings


def test_cli_migrate_to_moves_the_index_and_search_names_the_store(cli_env):
    from ui.cli import app

    runner = CliRunner()
    wrong = runner.invoke(app, ["search", "red", "--store", "milvus"])
    assert wrong.exit_code == 1
    assert "faiss vector store, not milvus" in _said(wrong) and "huabao index --migrate-to milvus" in _said(wrong)

    moved = runner.invoke(app, ["index", "--migrate-to", "milvus"])
    assert moved.exit_code == 0, moved.output
    assert "moved 3 images from faiss to milvus" in _said(moved) and "nothing embedded again" in _said(moved)
    manifest = json.loads((cli_env.index_dir / MANIFEST).read_text())
    assert manifest["store"] == "milvus" and manifest["store_state"]["uri_kind"] == "lite"

    again = runner.invoke(app, ["index", "--migrate-to", "milvus"])
    assert again.exit_code == 0 and "already in the milvus vector store" in _said(again)
    back_hint = runner.invoke(app, ["search", "red", "--store", "faiss"])
    assert back_hint.exit_code == 1 and "huabao index --migrate-to faiss" in _said(back_hint)


def test_cli_index_needs_a_folder_unless_migrating(cli_env, tmp_path):
    from ui.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["index"])
    assert missing.exit_code == 1 and "give the FOLDER" in _said(missing)
    both = runner.invoke(app, ["index", str(tmp_path / "g"), "--migrate-to", "milvus"])
    assert both.exit_code == 1 and "give no FOLDER" in _said(both)
    bad = runner.invoke(app, ["index", "--migrate-to", "annoy"])
    assert bad.exit_code == 1 and "choose faiss or milvus" in _said(bad)
