"""The on-disk gallery index: a manifest, a SQLite catalog and the vector store, by generation.

    index_dir/
      manifest.json          the commit point: generation, backend + version, dims, count, type
      g7.catalog.sqlite      items (path, hash, labels, tags, caption document, metadata)
      g7.ids.npy, g7.*.faiss, g7.*.npy    the vector store's files (see stores/faiss_store.py)
      milvus.db/             milvus-lite's data, when the store is milvus without a server URI
                             (its collections are per generation too: stores/milvus_store.py)
      journal.sqlite         finished batches of a run in progress (resume after a kill)

A new generation is written beside the current one, every file via temp + fsync + os.replace,
and becomes current only when manifest.json is replaced; a kill at any moment leaves the previous
manifest pointing at complete files. Stale generations are removed after a commit (files here,
and through the store's `cleanup` hook whatever the store keeps elsewhere, e.g. Milvus collections).
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from tools.errors import GalleryError
from tools.procs import HolderLock, LockBusy
from tools.retrieval.store import StoreConfig, VectorStore, VectorUpdate, store_class

MANIFEST = "manifest.json"
JOURNAL = "journal.sqlite"
WRITER_LOCK = ".lock"
FORMAT = 1
_GENERATION_FILE = re.compile(r"^g(\d+)\.")

CATALOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    gid TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    signature TEXT NOT NULL,
    label_zh TEXT NOT NULL DEFAULT '',
    label_en TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    document TEXT NOT NULL DEFAULT '',
    generated INTEGER NOT NULL DEFAULT 0,
    colours TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '[]',
    metadata TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS tags (item_id INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tags_by_tag ON tags(tag);
CREATE INDEX IF NOT EXISTS tags_by_item ON tags(item_id);
"""
ITEM_COLUMNS = ("id", "gid", "key", "path", "sha256", "size", "mtime_ns", "signature", "label_zh",
                "label_en", "tags", "document", "generated", "colours", "notes", "metadata")


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    path = Path(index_dir) / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GalleryError(f"{path} is unreadable ({err}); re-run huabao index") from err
    if data.get("format") != FORMAT:
        raise GalleryError(f"{path} was written by another version of huabao; re-run huabao index")
    return data


def peek_manifest(index_dir: Path) -> dict[str, Any] | None:
    """The committed manifest, or None when there is none or it is unreadable."""
    try:
        return read_manifest(index_dir)
    except GalleryError:
        return None


@contextlib.contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """One indexing run per index at a time (a second one fails fast instead of interleaving).

    The lock names its holder: a run killed with SIGKILL leaves a lock the next run takes over,
    and the loader processes it forked never keep it (tools/procs.py)."""
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    lock = HolderLock(Path(index_dir) / WRITER_LOCK)
    try:
        lock.acquire()
    except LockBusy as err:
        who = f" (process {err.holder.pid})" if err.holder else ""
        raise GalleryError(f"another `huabao index`{who} is writing {index_dir}; wait for it to finish") from err
    try:
        yield
    finally:
        lock.release()


def row_to_dict(row: sqlite3.Row | tuple) -> dict[str, Any]:
    item = dict(zip(ITEM_COLUMNS, tuple(row)))
    for key in ("tags", "colours", "notes", "metadata"):
        item[key] = json.loads(item[key])
    return item


class GalleryIndex:
    """A committed generation, opened read-only: manifest + catalog + vector store."""

    def __init__(self, index_dir: Path, manifest: dict[str, Any], store: VectorStore):
        self.index_dir = Path(index_dir)
        self.manifest = manifest
        self.store = store
        path = self.index_dir / manifest["catalog"]
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, index_dir: Path, *, use_gpu: bool = True, config: StoreConfig | None = None) -> GalleryIndex:
        """`config`: connection settings for a store behind a service (Milvus URI and token)."""
        manifest = read_manifest(index_dir)
        if manifest is None:
            raise GalleryError(f"no gallery index in {index_dir}: run `huabao index DIR` first")
        store = store_class(manifest.get("store", "faiss")).open(index_dir, manifest["store_state"],
                                                                  use_gpu=use_gpu, config=config)
        try:
            return cls(index_dir, manifest, store)
        except BaseException:
            store.close()
            raise

    @property
    def store_name(self) -> str:
        return str(self.manifest.get("store", "faiss"))

    def close(self) -> None:
        with self._lock:
            self._db.close()
        if self.store is not None:  # a catalog-only view (agent/batch/runner.py) has no store
            self.store.close()

    @property
    def generation(self) -> int:
        return int(self.manifest["generation"])

    @property
    def count(self) -> int:
        return int(self.manifest["count"])

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def items(self, ids: list[int] | np.ndarray) -> dict[int, dict[str, Any]]:
        ids = [int(i) for i in ids]
        result: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._query(f"SELECT {', '.join(ITEM_COLUMNS)} FROM items WHERE id IN ({marks})", tuple(chunk)):
                result[row[0]] = row_to_dict(row)
        return result

    def all_items(self) -> dict[str, dict[str, Any]]:
        """key → item, for incremental indexing."""
        rows = self._query(f"SELECT {', '.join(ITEM_COLUMNS)} FROM items")
        return {row[2]: row_to_dict(row) for row in rows}

    def find(self, gid: str) -> dict[str, Any] | None:
        rows = self._query(f"SELECT {', '.join(ITEM_COLUMNS)} FROM items WHERE gid = ? OR key = ? LIMIT 1", (gid, gid))
        return row_to_dict(rows[0]) if rows else None

    def ids_with_tags(self, tags: list[str]) -> np.ndarray:
        """Ids of items carrying every one of `tags` (case-insensitive, zh or en)."""
        wanted = list(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))
        if not wanted:
            return self.store.ids()
        marks = ",".join("?" * len(wanted))
        rows = self._query(
            f"SELECT item_id FROM tags WHERE tag IN ({marks}) GROUP BY item_id HAVING COUNT(DISTINCT tag) = ?",
            (*wanted, len(wanted)),
        )
        return np.array(sorted(r[0] for r in rows), dtype=np.int64)


# ------------------------------------------------------------------------------------ writing
def _generations_on_disk(index_dir: Path) -> set[int]:
    found = set()
    for path in Path(index_dir).iterdir():
        match = _GENERATION_FILE.match(path.name)
        if match:
            found.add(int(match.group(1)))
    return found


def next_generation(index_dir: Path, manifest: dict[str, Any] | None) -> int:
    """Never reuse a number: a crashed run may have left partial files of the next one."""
    current = int(manifest["generation"]) if manifest else 0
    return max({current, *_generations_on_disk(index_dir)}) + 1


def write_catalog(index_dir: Path, generation: int, previous: GalleryIndex | None,
                  removed_ids: list[int], items: list[dict[str, Any]]) -> str:
    """g{generation}.catalog.sqlite = previous catalog − removed − replaced + items."""
    name = f"g{generation}.catalog.sqlite"
    final = Path(index_dir) / name
    tmp = final.with_name(final.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        if previous is not None:
            with previous._lock:
                previous._db.backup(db)
        db.executescript(CATALOG_SCHEMA)
        with db:
            doomed = [(int(i),) for i in removed_ids] + [(int(item["id"]),) for item in items]
            db.executemany("DELETE FROM items WHERE id = ?", doomed)
            db.executemany("DELETE FROM tags WHERE item_id = ?", doomed)
            db.executemany(
                f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({', '.join('?' * len(ITEM_COLUMNS))})",
                [_item_row(item) for item in items],
            )
            db.executemany(
                "INSERT INTO tags (item_id, tag) VALUES (?, ?)",
                [(item["id"], tag) for item in items for tag in _tag_keys(item)],
            )
    finally:
        db.close()
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    return name


def _item_row(item: dict[str, Any]) -> tuple:
    values = []
    for column in ITEM_COLUMNS:
        value = item[column]
        values.append(json.dumps(value, ensure_ascii=False) if column in ("tags", "colours", "notes", "metadata") else value)
    return tuple(values)


def _tag_keys(item: dict[str, Any]) -> set[str]:
    return {str(tag).strip().lower() for tag in item["tags"] if str(tag).strip()}


def commit_generation(index_dir: Path, *, previous: GalleryIndex | None, embedder_info: dict[str, Any],
                      root: Path, removed_ids: list[int], items: list[dict[str, Any]],
                      vectors: dict[str, np.ndarray], index_type: str, search_fields: tuple[str, ...],
                      store_name: str = "faiss", store_config: StoreConfig | None = None) -> dict[str, Any]:
    """Write a complete new generation and switch the manifest to it. Returns the manifest.

    `store_name` may differ from the previous generation's store: the new store copies the kept
    vectors from the previous one (`previous.store.vectors`), nothing is embedded again."""
    index_dir = Path(index_dir)
    generation = next_generation(index_dir, previous.manifest if previous else None)
    catalog = write_catalog(index_dir, generation, previous, removed_ids, items)
    update = VectorUpdate(removed=np.asarray(removed_ids, np.int64),
                          ids=np.asarray([item["id"] for item in items], np.int64), vectors=vectors)
    state = store_class(store_name).write(
        index_dir, generation, embedder_info["fields"], update, previous.store if previous else None,
        index_type=index_type, search_fields=search_fields, config=store_config,
        meta={"backend": embedder_info["backend"], "backend_version": embedder_info["version"]},
    )
    fsync_dir(index_dir)
    manifest = {
        "format": FORMAT,
        "generation": generation,
        "backend": embedder_info["backend"],
        "backend_label": embedder_info["label"],
        "backend_version": embedder_info["version"],
        "fields": embedder_info["fields"],
        "dim": max(embedder_info["fields"].values()),
        "search_fields": list(search_fields),
        "count": state["count"],
        "index_type": state["index_type"],
        "store": store_name,
        "store_state": state,
        "catalog": catalog,
        "root": str(root),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_json_atomic(index_dir / MANIFEST, manifest)
    return manifest


def remove_stale_files(index_dir: Path, manifest: dict[str, Any], config: StoreConfig | None = None, *,
                       replaced: dict[str, Any] | None = None) -> None:
    """Delete files of generations other than the committed one (and leftover temp files), and
    let the store drop what it keeps elsewhere. `replaced`: the manifest before this commit,
    so a move to another store (faiss ↔ milvus) also cleans up the store left behind."""
    keep = {manifest["catalog"], *manifest["store_state"].get("files", [])}
    for path in Path(index_dir).iterdir():
        if path.name in keep:
            continue
        if _GENERATION_FILE.match(path.name) or path.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                path.unlink()
    current = manifest.get("store", "faiss")
    store_class(current).cleanup(index_dir, manifest["store_state"], config=config)
    old = replaced.get("store", "faiss") if replaced else None
    if old is not None and old != current:
        with contextlib.suppress(GalleryError):  # e.g. pymilvus since uninstalled: nothing to reach
            store_class(old).cleanup(index_dir, None, replaced=replaced["store_state"], config=config)
