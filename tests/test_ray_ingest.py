"""Ingestion on Ray Data (`huabao index DIR --ray`): decode tasks and an actor pool of embedders
give the same index as the local path (ids, vectors, bad files and their reasons), and an
interrupted run resumes from its journal. One local 2-CPU Ray instance serves the module."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from support.retrieval_fixtures import FakeEmbedder, copy_sample_icons, draw_shape, make_shapes_gallery
from tools.config import Settings
from tools.retrieval import index_folder
from tools.retrieval.index import JOURNAL, GalleryIndex, read_manifest

from support.ray_fixtures import local_ray
from test_batch import wait_for

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")  # Ray Data copying its context

ICONS = ["1f381", "1f9e7", "1fa99", "2b50", "2728", "1f6e1-fe0f", "1f4f7", "1f4c1", "1f3a7", "1f30d"]


@pytest.fixture(scope="module", autouse=True)
def ray_instance():
    yield from local_ray(num_cpus=2)


def plant_bad_files(folder: Path, good: Path) -> None:
    (folder / "bad").mkdir()
    (folder / "bad" / "empty.png").write_bytes(b"")
    data = good.read_bytes()
    (folder / "bad" / "truncated.webp").write_bytes(data[: len(data) // 2])
    (folder / "bad" / "notes.jpg").write_text("this is not a picture", encoding="utf-8")
    Image.new("CMYK", (64, 64), (0, 200, 200, 0)).save(folder / "bad" / "cmyk.jpg")  # converted, with a note


def snapshot(settings: Settings) -> tuple[dict[str, tuple], np.ndarray, dict[str, np.ndarray]]:
    """key → (id, gid, document), the ids, and field → vectors of those ids."""
    index = GalleryIndex.open(settings.index_dir, use_gpu=False)
    try:
        items = {key: (item["id"], item["gid"], item["document"]) for key, item in index.all_items().items()}
        ids = np.sort(index.store.ids())
        vectors = {field: index.store.vectors(field, ids) for field in index.manifest["fields"]}
    finally:
        index.close()
    return items, ids, vectors


def assert_same_index(local: Settings, remote: Settings, local_report, ray_report) -> None:
    assert {s.path: s.reason for s in ray_report.skipped} == {s.path: s.reason for s in local_report.skipped}
    assert sorted(ray_report.notes) == sorted(local_report.notes)
    assert (ray_report.added, ray_report.count) == (local_report.added, local_report.count)
    local_items, local_ids, local_vectors = snapshot(local)
    ray_items, ray_ids, ray_vectors = snapshot(remote)
    assert ray_items == local_items
    np.testing.assert_array_equal(ray_ids, local_ids)
    assert set(ray_vectors) == set(local_vectors)
    for field, vectors in local_vectors.items():
        np.testing.assert_allclose(ray_vectors[field], vectors, atol=1e-5, err_msg=field)


def test_ray_ingestion_of_the_gallery_matches_the_local_path(sample_gallery: Path, tmp_path: Path) -> None:
    folder = tmp_path / "gallery"
    metadata = copy_sample_icons(sample_gallery, folder, ICONS)
    (folder / "extra").mkdir()
    good = folder / f"images/{ICONS[0]}.webp"
    (folder / "extra" / "uncaptioned.webp").write_bytes(good.read_bytes())  # no metadata: a generated caption
    plant_bad_files(folder, good)
    local = Settings(_env_file=None, data_dir=tmp_path / "local")
    remote = Settings(_env_file=None, data_dir=tmp_path / "ray")

    local_report = index_folder(local, folder, metadata=metadata, backend="offline", progress=False,
                                num_workers=0, batch_size=4)
    ray_report = index_folder(remote, folder, metadata=metadata, backend="offline", progress=False,
                              batch_size=4, ray_address="local", ray_actors=1)

    assert {Path(s.path).name for s in ray_report.skipped} == {"empty.png", "truncated.webp", "notes.jpg"}
    assert ray_report.count == len(ICONS) + 2
    assert_same_index(local, remote, local_report, ray_report)


def test_bad_files_are_reported_as_on_the_local_path(tmp_path: Path) -> None:
    folder = tmp_path / "shapes"
    make_shapes_gallery(folder, ["red-circle", "blue-square", "green-triangle", "yellow-star"], metadata=False)
    plant_bad_files(folder, folder / "shapes" / "red-circle.png")
    Image.new("RGB", (300, 300), (10, 200, 10)).save(folder / "bad" / "bomb.png")  # over the pixel limit below
    local = Settings(_env_file=None, data_dir=tmp_path / "local", max_image_pixels=50_000)
    remote = Settings(_env_file=None, data_dir=tmp_path / "ray", max_image_pixels=50_000)
    local_report = index_folder(local, folder, progress=False, num_workers=0, batch_size=3,
                                embedder=FakeEmbedder(local))
    ray_report = index_folder(remote, folder, progress=False, batch_size=3, embedder=FakeEmbedder(remote),
                              ray_address="local", ray_actors=1)
    reasons = {Path(s.path).name: s.reason for s in ray_report.skipped}
    assert set(reasons) == {"empty.png", "truncated.webp", "notes.jpg", "bomb.png"}
    assert "over the limit" in reasons["bomb.png"] and "not a readable image" in reasons["notes.jpg"]
    assert any("cmyk.jpg: converted from CMYK" in note for note in ray_report.notes)
    assert_same_index(local, remote, local_report, ray_report)


def test_an_interrupted_ray_run_resumes_from_its_journal(settings: Settings, tmp_path: Path, ray_instance) -> None:
    folder = tmp_path / "g"
    make_shapes_gallery(folder, metadata=False)  # 10 images → batches of 3: 3, 3, 3, 1
    with pytest.raises(RuntimeError, match="simulated crash"):  # the one actor's third batch raises
        index_folder(settings, folder, progress=False, batch_size=3, ray_address="local", ray_actors=1,
                     embedder=FakeEmbedder(settings, fail_on_batch=3))
    assert read_manifest(settings.index_dir) is None  # nothing committed
    with sqlite3.connect(settings.index_dir / JOURNAL) as db:
        kept = db.execute("SELECT COUNT(*) FROM done").fetchone()[0]
    assert kept >= 4  # the two batches it finished first (3 + 3, or 3 + the last 1) are in the journal
    # and the failed run's actor let its CPU go (else the next run waits for it forever)
    wait_for(lambda: ray_instance.available_resources().get("CPU") == 2.0, 30, "the failed run's actor to go")

    draw_shape("pink-heart", size=96).save(folder / "shapes" / "small-heart.png")  # and one file more meanwhile
    report = index_folder(settings, folder, progress=False, batch_size=3, ray_address="local", ray_actors=1,
                          embedder=FakeEmbedder(settings))
    assert report.resumed == kept
    assert report.added == 11 and report.count == 11
    assert not (settings.index_dir / JOURNAL).exists()


def test_the_actor_pool_fits_the_cluster() -> None:
    from tools.retrieval.ray_ingest import pool_shape

    assert pool_shape(2, 0, 10, None) == (1, None, 1.0)    # this machine: one embedder, one CPU decoding
    assert pool_shape(16, 0, 100, None) == (8, None, 1.0)
    assert pool_shape(16, 2, 100, None) == (2, 1.0, 1.0)   # one actor per GPU, a GPU each
    assert pool_shape(8, 1, 10, 4) == (1, 1.0, 1.0)        # never more actors than GPUs
    assert pool_shape(2, 0, 10, 2) == (1, None, 1.0)       # nor so many that nothing is left to decode
    assert pool_shape(1, 0, 10, None) == (1, None, 0.5)
    assert pool_shape(16, 0, 3, None)[0] == 3              # nor more than batches
