"""`index_folder`: walk a folder, embed what is new or changed, commit a new index generation.

    walk → hash (content sha256; size+mtime unchanged reuses the stored hash) → diff against
    the committed index → DataLoader workers decode + prepare → main process embeds batches
    → each finished batch is saved in the journal → commit (index.py) → journal cleared

A killed run keeps its journal: the next run takes finished batches from it instead of
embedding them again. Bad files (empty, truncated, not an image, over the pixel limit) are
reported with their reason and never stop the run.

With `ray_address`, the decode and embed stages run as a Ray Data pipeline instead
(ray_ingest.py: decode tasks, an actor pool that loads the embedder once per actor); the same
`embed_batch` (batches.py) makes each batch's rows, and everything around it (diff, journal, commit)
is this file.
"""
from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import numpy as np

from tools.config import Settings
from tools.errors import GalleryError
from tools.wheels import file_digest
from tools.images import IMAGE_SUFFIXES
from tools.procs import die_with_parent
from tools.retrieval.batches import ImageFiles, PendingFile, embed_batch
from tools.retrieval.captions import Captions, read_metadata
from tools.retrieval.embedders import new_embedder
from tools.retrieval.embedders.base import Embedder
from tools.retrieval.index import (
    JOURNAL, GalleryIndex, commit_generation, peek_manifest, read_manifest, remove_stale_files, writer_lock,
)
from tools.retrieval.models import IndexReport, SkippedFile
from tools.retrieval.ray_ingest import ray_embedded_batches
from tools.retrieval.store import StoreConfig

BATCH_SIZE = 32
MAX_NOTES = 200


# ------------------------------------------------------------------------------------ walking
def walk_images(folder: Path, exclude: list[Path]) -> list[Path]:
    """Image files under `folder`, sorted, skipping hidden folders and the index itself."""
    excluded = {p.resolve() for p in exclude if p.exists()}
    found = []
    for root, dirs, files in os.walk(folder):
        root_path = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (root_path / d).resolve() not in excluded)
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(IMAGE_SUFFIXES):
                found.append(root_path / name)
    return found


# ------------------------------------------------------------------------------------ journal
class Journal:
    """Finished batches of the run in progress, so a killed run resumes where it stopped.

    Valid only for the same embedder version and folder; anything else starts it afresh."""

    def __init__(self, path: Path, identity: dict[str, str], fields: dict[str, int]):
        self.path = path
        self.fields = fields
        self.db = sqlite3.connect(path)
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS run (key TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE IF NOT EXISTS done (key TEXT PRIMARY KEY, signature TEXT, record TEXT, vectors BLOB);"
        )
        stored = dict(self.db.execute("SELECT key, value FROM run").fetchall())
        if stored != identity:
            with self.db:
                self.db.execute("DELETE FROM done")
                self.db.execute("DELETE FROM run")
                self.db.executemany("INSERT INTO run VALUES (?, ?)", list(identity.items()))

    def finished(self) -> dict[str, tuple[str, dict[str, Any], bytes]]:
        rows = self.db.execute("SELECT key, signature, record, vectors FROM done").fetchall()
        return {key: (signature, json.loads(record), blob) for key, signature, record, blob in rows}

    def save_batch(self, rows: list[tuple[str, str, dict[str, Any], dict[str, np.ndarray]]]) -> None:
        """Persist one finished batch in a single transaction."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO done VALUES (?, ?, ?, ?)",
                [(key, signature, json.dumps(record, ensure_ascii=False), self.pack(vectors))
                 for key, signature, record, vectors in rows],
            )

    def pack(self, vectors: dict[str, np.ndarray]) -> bytes:
        return b"".join(np.asarray(vectors[f], np.float32).tobytes() for f in self.fields)

    def unpack(self, blob: bytes) -> dict[str, np.ndarray]:
        flat = np.frombuffer(blob, dtype=np.float32)
        out, start = {}, 0
        for field, dim in self.fields.items():
            out[field] = flat[start:start + dim]
            start += dim
        return out

    def close(self, *, delete: bool = False) -> None:
        self.db.close()
        if delete:
            self.path.unlink(missing_ok=True)


def _keep_list(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return batch


def _loader_worker_init(parent_pid: int, worker_id: int) -> None:
    """A loader worker ends with the run that forked it: after a SIGKILL of `huabao index` it
    would otherwise wait forever to flush its queue, an orphan nobody cleans up."""
    die_with_parent(parent_pid, kernel_signal=True)


def _batches(dataset: ImageFiles, batch_size: int, num_workers: int):
    import torch

    # Workers are spawned, not forked: a fork copies a process's locks but not the threads that
    # hold them, and a process that has loaded gRPC (Ray), onnxruntime or a server's threads can
    # hand a forked worker a lock nobody will release (seen: a worker stuck at its first batch).
    # The dataset and its `preparer()` are picklable for this.
    loader = torch.utils.data.DataLoader(
        dataset, batch_size=batch_size, shuffle=False, num_workers=num_workers,
        collate_fn=_keep_list, persistent_workers=False,
        prefetch_factor=2 if num_workers else None,
        worker_init_fn=functools.partial(_loader_worker_init, os.getpid()) if num_workers else None,
        multiprocessing_context="spawn" if num_workers else None,
    )
    yield from loader


# ------------------------------------------------------------------------------------ run
def index_folder(settings: Settings, folder: Path, metadata: Path | None = None, backend: str | None = None,
                 progress: bool = True, *, num_workers: int | None = None, batch_size: int = BATCH_SIZE,
                 index_type: str | None = None, embedder: Embedder | None = None,
                 ray_address: str | None = None, ray_actors: int | None = None) -> IndexReport:
    """Index (or update the index of) every image under `folder`. See the module docstring.

    `ray_address` (e.g. "local", "ray://head:10001"; see tools/raysupport.py) runs decoding and
    embedding on Ray: `ray_actors` embedding actors, each loading the embedder once (default:
    one per GPU, else one per two CPUs of the cluster). Without it everything runs here."""
    started = time.perf_counter()
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise GalleryError(f"{folder} is not a folder")
    folder = folder.resolve()
    index_dir = Path(settings.index_dir).resolve()
    with writer_lock(index_dir):
        given = embedder
        embedder = embedder or new_embedder(settings, backend)
        ray = None if ray_address is None else {"address": ray_address, "actors": ray_actors, "backend": backend,
                                                "given": given}
        report = _run(settings, folder, metadata, embedder, index_dir, progress,
                      num_workers=_workers(settings, num_workers), batch_size=max(1, batch_size),
                      index_type=index_type or settings.index_type, ray=ray)
    if len(report.notes) > MAX_NOTES:  # a million converted files should not make a million notes
        hidden = len(report.notes) - MAX_NOTES
        report.notes = report.notes[:MAX_NOTES] + [f"… and {hidden} more notes"]
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _workers(settings: Settings, requested: int | None) -> int:
    if requested is not None:
        return max(0, requested)
    return max(0, min(2, settings.workers))


def _open_previous(index_dir: Path, embedder: Embedder, folder: Path, notes: list[str],
                   config: StoreConfig | None = None) -> GalleryIndex | None:
    """The committed index when new work can build on it; None means a full rebuild."""
    try:
        manifest = read_manifest(index_dir)
        if manifest is None:
            return None
        if manifest["backend_version"] != embedder.version or manifest["backend_label"] != embedder.label:
            notes.append(f"the index was built with {manifest['backend_label']} ({manifest['backend_version']}); "
                         f"rebuilt with {embedder.label}")
            return None
        if manifest["root"] != str(folder):
            notes.append(f"the index was of {manifest['root']}; rebuilt for {folder}")
            return None
        return GalleryIndex.open(index_dir, use_gpu=False, config=config)
    except GalleryError as err:
        notes.append(f"previous index ignored: {err}")
        return None


def _diff(folder: Path, files: list[Path], previous_items: dict[str, dict[str, Any]],
          captions_by_path: dict[Path, Captions], report: IndexReport) -> tuple[list[PendingFile], list[dict[str, Any]]]:
    """Files to embed (new, or changed content or captions) and previous items to drop."""
    pending: list[PendingFile] = []
    seen: set[str] = set()
    for path in files:
        key = path.relative_to(folder).as_posix()
        seen.add(key)
        old = previous_items.get(key)
        try:
            stat = path.stat()
            same_file = old is not None and old["size"] == stat.st_size and old["mtime_ns"] == stat.st_mtime_ns
            sha = old["sha256"] if same_file else file_digest(path)  # unchanged size+mtime: trust the hash
        except OSError as err:
            report.skipped.append(SkippedFile(path=str(path), reason=f"cannot be read ({err.strerror or err})"))
            seen.discard(key)
            continue
        captions = captions_by_path.get(path.resolve())
        signature = f"{sha}:{captions.fingerprint() if captions else '-'}"
        if old is not None and old["signature"] == signature:
            report.unchanged += 1
            continue
        pending.append(PendingFile(path=path, key=key, signature=signature, sha256=sha, size=stat.st_size,
                                mtime_ns=stat.st_mtime_ns, captions=captions, previous=old))
    removed = [item for key, item in previous_items.items() if key not in seen]
    return pending, removed


def _run(settings: Settings, folder: Path, metadata: Path | None, embedder: Embedder, index_dir: Path,
         progress: bool, *, num_workers: int, batch_size: int, index_type: str,
         ray: dict[str, Any] | None = None) -> IndexReport:
    report = IndexReport(backend=embedder.label)
    captions_by_path: dict[Path, Captions] = {}
    if metadata is not None:
        captions_by_path, notes = read_metadata(Path(metadata), folder)
        report.notes.extend(notes)
    files = walk_images(folder, exclude=[index_dir])
    if not files:
        raise GalleryError(f"no images ({', '.join(IMAGE_SUFFIXES)}) found under {folder}")

    store_config = StoreConfig.from_settings(settings)
    replaced = peek_manifest(index_dir)  # its store is cleaned up too when this run moves to another
    previous = _open_previous(index_dir, embedder, folder, report.notes, store_config)
    try:
        pending, removed = _diff(folder, files, previous.all_items() if previous else {}, captions_by_path, report)
        if not pending and not removed and previous is not None and previous.store_name == settings.vector_store:
            report.count, report.index_type = previous.count, previous.manifest["index_type"]
            return report

        journal = Journal(index_dir / JOURNAL, {"version": embedder.version, "label": embedder.label,
                                                "root": str(folder)}, embedder.fields)
        records, vectors, failed_keys = _embed_pending(
            pending, journal, embedder, settings, report, progress, num_workers=num_workers, batch_size=batch_size,
            ray=ray)
        removed.extend(p.previous for p in pending if p.key in failed_keys and p.previous is not None)

        manifest = _commit(index_dir, folder, previous, embedder, pending, records, vectors, removed,
                           index_type, report, store_name=settings.vector_store, store_config=store_config)
    finally:
        if previous is not None:
            previous.close()
    journal.close(delete=True)
    remove_stale_files(index_dir, manifest, store_config, replaced=replaced)
    report.count, report.index_type = manifest["count"], manifest["index_type"]
    return report


def _embed_pending(pending: list[PendingFile], journal: Journal, embedder: Embedder, settings: Settings,
                   report: IndexReport, progress: bool, *, num_workers: int, batch_size: int,
                   ray: dict[str, Any] | None = None):
    """Embed what the journal does not already hold. Returns key → record, key → vectors, failed keys."""
    records: dict[str, dict[str, Any]] = {}
    vectors: dict[str, dict[str, np.ndarray]] = {}
    finished = journal.finished()
    todo: list[PendingFile] = []
    for item in pending:
        done = finished.get(item.key)
        if done is not None and done[0] == item.signature:
            records[item.key], vectors[item.key] = done[1], journal.unpack(done[2])
            report.resumed += 1
        else:
            todo.append(item)

    failed: set[str] = set()
    if not todo:
        return records, vectors, failed
    from tqdm import tqdm

    if ray is not None:
        batches = ray_embedded_batches(settings, todo, embedder, batch_size=batch_size, **ray)
    else:
        batches = _local_embedded_batches(settings, todo, embedder, num_workers=num_workers, batch_size=batch_size)
    where = " on ray" if ray is not None else ""
    bar = tqdm(total=len(todo), desc=f"indexing ({embedder.backend}{where})", unit="img", disable=not progress)
    try:
        for batch in batches:
            report.skipped.extend(batch.skipped)
            failed.update(batch.failed)
            report.notes.extend(batch.notes)
            for key, _signature, record, vecs in batch.rows:
                records[key], vectors[key] = record, vecs
            journal.save_batch(batch.rows)
            bar.update(batch.size)
    finally:
        bar.close()
        close = getattr(batches, "close", None)
        if close is not None:
            close()  # a generator left early (an error, Ctrl-C) stops its workers now
    return records, vectors, failed


def _local_embedded_batches(settings: Settings, todo: list[PendingFile], embedder: Embedder, *, num_workers: int,
                            batch_size: int):
    """DataLoader workers decode + prepare, this process embeds: one EmbeddedBatch per batch."""
    dataset = ImageFiles([str(p.path) for p in todo], embedder.preparer(), settings.max_image_pixels)
    workers = num_workers if len(todo) > batch_size else 0  # a handful of files: no worker start-up
    for batch in _batches(dataset, batch_size, workers):
        yield embed_batch(batch, [todo[result["index"]] for result in batch], embedder)


def _commit(index_dir: Path, folder: Path, previous: GalleryIndex | None, embedder: Embedder,
            pending: list[PendingFile], records: dict[str, dict[str, Any]], vectors: dict[str, dict[str, np.ndarray]],
            removed: list[dict[str, Any]], index_type: str, report: IndexReport, *,
            store_name: str = "faiss", store_config: StoreConfig | None = None) -> dict[str, Any]:
    next_id = int(previous.store.ids().max()) + 1 if previous is not None and previous.count else 1
    used_gids = {}
    if previous is not None:
        kept_gids = previous.all_items()
        removed_keys = {item["key"] for item in removed} | {p.key for p in pending}
        used_gids = {item["gid"]: key for key, item in kept_gids.items() if key not in removed_keys}
    items: list[dict[str, Any]] = []
    item_vectors: list[dict[str, np.ndarray]] = []
    for item in pending:
        if item.key not in records:  # skipped: a bad file
            continue
        old = item.previous
        record = records[item.key]
        captions = Captions(**record["captions"])
        item_id = old["id"] if old is not None else next_id
        if old is None:
            next_id += 1
            report.added += 1
        else:
            report.updated += 1
        gid = captions.id or item.key
        if gid in used_gids and used_gids[gid] != item.key:
            report.notes.append(f"{item.key}: metadata id {gid} is already used by {used_gids[gid]}; id {item.key} used")
            gid = item.key
        used_gids[gid] = item.key
        # Hints only steer the dense channel (captions.passage_text); a hit does not carry them.
        metadata = {k: v for k, v in captions.model_dump().items()
                    if k not in ("id", "label_zh", "label_en", "extra", "hints_zh", "hints_en")}
        metadata.update(captions.extra)
        metadata["size"] = record["size"]
        items.append({
            "id": item_id, "gid": gid, "key": item.key, "path": str(item.path), "sha256": item.sha256,
            "size": item.size, "mtime_ns": item.mtime_ns, "signature": item.signature,
            "label_zh": captions.label_zh, "label_en": captions.label_en, "tags": captions.tags,
            "document": record["document"], "generated": int(record["generated"]),
            "colours": record["colours"], "notes": record["notes"], "metadata": metadata,
        })
        item_vectors.append(vectors[item.key])
    report.removed = len({item["id"] for item in removed})

    stacked = {f: (np.stack([v[f] for v in item_vectors]).astype(np.float32) if item_vectors
                   else np.zeros((0, dim), np.float32)) for f, dim in embedder.fields.items()}
    search_fields = tuple(f for f in embedder.fields
                          if f in embedder.text_weights or f in _primary(embedder.image_weights))
    return commit_generation(
        index_dir, previous=previous, embedder_info=embedder.describe(), root=folder,
        removed_ids=[item["id"] for item in removed], items=items, vectors=stacked,
        index_type=index_type, search_fields=search_fields, store_name=store_name, store_config=store_config,
    )


def _primary(weights: dict[str, float]) -> tuple[str, ...]:
    """The heaviest field of an image query: the one searched; lighter ones only re-rank."""
    return (max(weights, key=weights.get),) if weights else ()
