"""Ingestion: bad files reported not fatal, incremental updates, resume, atomic commits.

These use FakeEmbedder (the real interface, arithmetic vectors) so they test the mechanics
quickly; test_retrieval_search.py runs the real offline models.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from support.retrieval_fixtures import FakeEmbedder, assert_generation_still_serves, draw_shape, make_shapes_gallery
from tools.errors import GalleryError
from tools.retrieval import Retriever, index_folder
from tools.retrieval.index import JOURNAL, MANIFEST, read_manifest


@pytest.fixture(params=["faiss", "milvus"])
def store_settings(request, settings):
    """`settings` writing to each vector store in turn (milvus: milvus-lite in the index dir)."""
    if request.param == "milvus":
        pytest.importorskip("pymilvus", reason="the scale extra is not installed")
        pytest.importorskip("milvus_lite", reason="milvus-lite is not installed")
    settings.vector_store = request.param
    return settings


def _index(settings, folder, embedder=None, **kw):
    embedder = embedder or FakeEmbedder(settings)
    return index_folder(settings, folder, progress=False, num_workers=0, embedder=embedder, **kw), embedder


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    draw_shape("red-circle").save(folder / "good.png")
    (folder / "empty.png").write_bytes(b"")
    png = (folder / "good.png").read_bytes()
    (folder / "truncated.png").write_bytes(png[: len(png) // 2])
    (folder / "notes.jpg").write_text("this is not a picture", encoding="utf-8")
    Image.new("RGB", (300, 300), (10, 200, 10)).save(folder / "bomb.png")  # over the 50k-pixel test limit
    Image.new("CMYK", (64, 64), (0, 200, 200, 0)).save(folder / "cmyk.jpg")
    Image.fromarray((np.arange(64 * 64).reshape(64, 64) * 16).astype(np.uint16)).save(folder / "deep16.png")
    palette = Image.new("P", (64, 64), 1)
    palette.putpalette([0, 0, 0, 250, 20, 20] + [0] * 762)
    palette.save(folder / "palette.png", transparency=0)
    frames = [Image.new("RGB", (64, 64), c) for c in ((250, 0, 0), (0, 0, 250))]
    frames[0].save(folder / "animated.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return folder


def test_bad_files_are_skipped_with_their_reason(settings, bad_folder):
    settings.max_image_pixels = 50_000
    report, _ = _index(settings, bad_folder)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"empty.png", "truncated.png", "notes.jpg", "bomb.png"}
    assert "empty" in reasons["empty.png"]
    assert "truncated" in reasons["truncated.png"] or "damaged" in reasons["truncated.png"]
    assert "not a readable image" in reasons["notes.jpg"]
    assert "over the limit" in reasons["bomb.png"]
    assert report.added == 5 and report.count == 5


def test_unusual_modes_are_converted_and_noted(settings, bad_folder):
    settings.max_image_pixels = 50_000
    report, _ = _index(settings, bad_folder)
    notes = "\n".join(report.notes)
    assert "cmyk.jpg: converted from CMYK" in notes
    assert "deep16.png: converted from I;16" in notes
    assert "palette.png: converted from a palette" in notes
    assert "animated.gif: animated (2 frames)" in notes
    hit = Retriever(settings, embedder=FakeEmbedder(settings)).get("animated.gif")
    assert any("animated" in n for n in hit.metadata["notes"])


def test_a_folder_without_images_is_an_error_and_keeps_no_index(settings, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(GalleryError, match="no images"):
        _index(settings, tmp_path / "empty")
    assert read_manifest(settings.index_dir) is None


def test_rerun_without_changes_embeds_nothing(store_settings, tmp_path):
    settings = store_settings
    metadata = make_shapes_gallery(tmp_path / "g", ["red-circle", "blue-square", "green-triangle"])
    _index(settings, tmp_path / "g", metadata=metadata)
    report, embedder = _index(settings, tmp_path / "g", metadata=metadata)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 3)
    assert embedder.images_embedded == 0


def test_incremental_run_adds_changes_and_drops(store_settings, tmp_path):
    settings = store_settings
    folder = tmp_path / "g"
    make_shapes_gallery(folder, ["red-circle", "blue-square", "green-triangle"], metadata=False)
    _index(settings, folder)
    first = Retriever(settings, embedder=FakeEmbedder(settings)).get("shapes/red-circle.png")

    draw_shape("yellow-star").save(folder / "shapes" / "yellow-star.png")          # new
    draw_shape("purple-ring").save(folder / "shapes" / "blue-square.png")         # changed content
    (folder / "shapes" / "green-triangle.png").unlink()                           # deleted
    report, embedder = _index(settings, folder)

    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 1)
    assert embedder.images_embedded == 2
    retriever = Retriever(settings, embedder=FakeEmbedder(settings))
    assert retriever.count == 3
    assert retriever.get("shapes/red-circle.png").metadata["key"] == first.metadata["key"]
    with pytest.raises(GalleryError, match="no gallery image"):
        retriever.get("shapes/green-triangle.png")
    # The changed file is found by its new look, with the same id as before.
    hits = retriever.search_image(draw_shape("purple-ring"), k=1)
    assert hits[0].id == "shapes/blue-square.png"


def test_edited_captions_re_embed_only_that_image(settings, tmp_path):
    metadata = make_shapes_gallery(tmp_path / "g", ["red-circle", "blue-square"])
    _index(settings, tmp_path / "g", metadata=metadata)
    rows = [json.loads(line) for line in metadata.read_text(encoding="utf-8").splitlines()]
    rows[0]["label_en"] = "crimson disc"
    metadata.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report, embedder = _index(settings, tmp_path / "g", metadata=metadata)
    assert (report.updated, report.unchanged, embedder.images_embedded) == (1, 1, 1)
    assert Retriever(settings, embedder=FakeEmbedder(settings)).get("red-circle").label_en == "crimson disc"


def test_metadata_ids_labels_and_tags_reach_the_hits(settings, tmp_path):
    metadata = make_shapes_gallery(tmp_path / "g", ["pink-heart"])
    _index(settings, tmp_path / "g", metadata=metadata)
    hit = Retriever(settings, embedder=FakeEmbedder(settings)).get("pink-heart")
    assert (hit.label_zh, hit.label_en) == ("粉色爱心", "pink heart")
    assert set(hit.tags) == {"heart", "爱心"}
    assert Path(hit.path) == (tmp_path / "g" / "shapes" / "pink-heart.png").resolve()


def test_csv_metadata_is_read(settings, tmp_path):
    folder = tmp_path / "g"
    make_shapes_gallery(folder, ["red-circle"], metadata=False)
    csv_path = tmp_path / "captions.csv"
    csv_path.write_text("file,title,tags\nshapes/red-circle.png,红色圆形,\"圆, circle; red\"\n", encoding="utf-8")
    _index(settings, folder, metadata=csv_path)
    hit = Retriever(settings, embedder=FakeEmbedder(settings)).get("shapes/red-circle.png")
    assert hit.label_zh == "红色圆形" and set(hit.tags) == {"圆", "circle", "red"}


def test_uncaptioned_images_get_a_generated_caption(settings, tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    draw_shape("red-circle").save(folder / "IMG_0042.png")
    _index(settings, folder)
    hit = Retriever(settings, embedder=FakeEmbedder(settings)).get("IMG_0042.png")
    assert hit.metadata["generated_caption"] is True
    assert "thing" in hit.metadata["document"] and "red" in hit.metadata["document"]
    assert "IMG" not in hit.metadata["document"]


def test_an_interrupted_run_resumes_without_redoing_finished_batches(settings, tmp_path):
    folder = tmp_path / "g"
    make_shapes_gallery(folder, metadata=False)  # 10 images → batches of 3: 3, 3, 3, 1
    crashing = FakeEmbedder(settings, fail_on_batch=3)
    with pytest.raises(RuntimeError, match="simulated crash"):
        index_folder(settings, folder, progress=False, num_workers=0, batch_size=3, embedder=crashing)
    assert read_manifest(settings.index_dir) is None          # nothing committed
    assert (settings.index_dir / JOURNAL).is_file()           # but two batches were kept

    report, embedder = _index(settings, folder, batch_size=3)
    assert report.resumed == 6 and embedder.images_embedded == 4
    assert report.added == 10 and report.count == 10
    assert not (settings.index_dir / JOURNAL).exists()


def test_journal_of_another_backend_version_is_not_reused(settings, tmp_path):
    folder = tmp_path / "g"
    make_shapes_gallery(folder, metadata=False)
    with pytest.raises(RuntimeError):
        index_folder(settings, folder, progress=False, num_workers=0, batch_size=3,
                     embedder=FakeEmbedder(settings, fail_on_batch=3))
    report, embedder = _index(settings, folder, embedder=FakeEmbedder(settings, version="2"), batch_size=3)
    assert report.resumed == 0 and embedder.images_embedded == 10


@pytest.mark.parametrize("fail_at", ["catalog", "faiss", "manifest"])
def test_a_crash_while_committing_leaves_the_previous_index(settings, tmp_path, monkeypatch, fail_at):
    folder = tmp_path / "g"
    make_shapes_gallery(folder, ["red-circle", "blue-square"], metadata=False)
    _index(settings, folder)
    before = read_manifest(settings.index_dir)

    draw_shape("yellow-star").save(folder / "shapes" / "yellow-star.png")
    real_replace = os.replace

    def crashing_replace(src, dst):
        name = Path(dst).name
        hit = {"catalog": name.endswith(".catalog.sqlite"), "faiss": name.endswith(".faiss"),
               "manifest": name == MANIFEST}[fail_at]
        if hit:
            raise OSError("simulated power cut")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crashing_replace)
    with pytest.raises(OSError, match="power cut"):
        _index(settings, folder)
    monkeypatch.setattr(os, "replace", real_replace)

    assert_generation_still_serves(settings, before)

    report, _ = _index(settings, folder)  # the next run finishes the job and cleans up
    assert report.count == 3
    leftovers = [p.name for p in settings.index_dir.iterdir()
                 if p.name.startswith(f"g{before['generation']}.") or p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_second_writer_is_refused(settings, tmp_path):
    import fcntl

    make_shapes_gallery(tmp_path / "g", ["red-circle"], metadata=False)
    settings.index_dir.mkdir(parents=True)
    with open(settings.index_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(GalleryError, match="another `huabao index`"):
            _index(settings, tmp_path / "g")


def test_manifest_records_backend_dims_count_and_type(store_settings, tmp_path):
    settings = store_settings
    make_shapes_gallery(tmp_path / "g", ["red-circle", "blue-square"], metadata=False)
    _index(settings, tmp_path / "g")
    manifest = json.loads((settings.index_dir / MANIFEST).read_text())
    assert manifest["backend"] == "fake" and manifest["backend_version"] == "fake-1"
    assert manifest["count"] == 2 and manifest["index_type"] == "flat"
    assert manifest["fields"] == {"text": 8, "image": 16, "color": 64} and manifest["dim"] == 64
    assert manifest["store"] == settings.vector_store and manifest["store_state"]["count"] == 2


def test_indexing_with_worker_processes_gives_the_same_vectors(settings, tmp_path):
    folder = tmp_path / "g"
    make_shapes_gallery(folder, metadata=False)
    index_folder(settings, folder, progress=False, num_workers=2, batch_size=2, embedder=FakeEmbedder(settings))
    parallel = Retriever(settings, embedder=FakeEmbedder(settings))
    ids = parallel.opened()[0].store.ids()
    vectors = parallel.opened()[0].store.vectors("image", ids)

    other = settings.model_copy(update={"data_dir": tmp_path / "serial"})
    index_folder(other, folder, progress=False, num_workers=0, embedder=FakeEmbedder(other))
    serial = Retriever(other, embedder=FakeEmbedder(other))
    np.testing.assert_allclose(serial.opened()[0].store.vectors("image", ids), vectors, atol=1e-6)
