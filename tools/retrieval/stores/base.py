"""Where the vectors live: the interface every backend in this folder implements.

A store keeps, per *field* (text, image, clip, color...), one vector per item id, and answers
top-k inner-product searches optionally restricted to a set of ids. Every generation of the
index is written whole and never modified in place: `write()` returns the state to record in
manifest.json, and the manifest is the single commit point (see `index.py`).

Backends: `faiss` (default, files beside the manifest) and `milvus` (pymilvus `MilvusClient`:
a milvus-lite file for one process, or a Milvus server / cluster). Stores that talk to a service
get its connection settings as a `StoreConfig`; the faiss store ignores it.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from tools.errors import GalleryError

FLAT_MAX = 200_000           # exact search stays under ~25 ms per query up to here
IVFPQ_MIN = 10_000_000       # compressed codes once raw vectors no longer fit comfortably in RAM
INDEX_TYPES = ("flat", "hnsw", "ivf", "ivfpq")


def choose_index_type(count: int, requested: str = "auto") -> str:
    """Index type for `count` vectors: exact Flat for small galleries, a graph above, compressed
    inverted lists for the very large; `requested` (not "auto") wins."""
    requested = (requested or "auto").lower()
    if requested != "auto":
        if requested not in INDEX_TYPES:
            raise GalleryError(f"unknown index type '{requested}': choose auto, {', '.join(INDEX_TYPES)}")
        return requested
    if count <= FLAT_MAX:
        return "flat"
    if count < IVFPQ_MIN:
        return "hnsw"
    return "ivfpq"


class VectorUpdate(BaseModel):
    """One generation's change: ids removed, and (id, vector per field) rows added or replaced."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    removed: np.ndarray = Field(default_factory=lambda: np.zeros(0, np.int64))
    ids: np.ndarray = Field(default_factory=lambda: np.zeros(0, np.int64))
    vectors: dict[str, np.ndarray] = Field(default_factory=dict)


class StoreConfig(BaseModel):
    """Connection settings for stores backed by a service (Milvus); built from `Settings`."""

    milvus_uri: str | None = None
    milvus_token: str | None = Field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Any) -> StoreConfig:
        return cls(milvus_uri=getattr(settings, "milvus_uri", None),
                   milvus_token=getattr(settings, "milvus_token", None))


class VectorStore(ABC):
    name: ClassVar[str]

    @classmethod
    @abstractmethod
    def open(cls, index_dir: Path, state: dict[str, Any], *, use_gpu: bool = True,
             config: StoreConfig | None = None) -> VectorStore:
        """Open the committed generation described by `state` (from manifest.json)."""

    @classmethod
    @abstractmethod
    def write(cls, index_dir: Path, generation: int, fields: dict[str, int], update: VectorUpdate,
              previous: VectorStore | None, *, index_type: str = "auto", search_fields: tuple[str, ...] = (),
              config: StoreConfig | None = None, meta: dict[str, str] | None = None) -> dict[str, Any]:
        """Write generation `generation` = `previous` + `update`, durably, without touching the
        files of `previous`. Returns the state to store in the manifest. `meta` (embedder backend
        and version) is recorded with the vectors by stores that can hold it, and checked on open."""

    @classmethod
    def cleanup(cls, index_dir: Path, keep: dict[str, Any] | None, *, replaced: dict[str, Any] | None = None,
                config: StoreConfig | None = None) -> None:
        """After a commit: drop what this backend holds for generations other than `keep` (the
        committed state when it is this backend's, else None); `replaced` is the state this
        backend held before, when the commit moved the index to another backend. Files named
        g{n}.* are removed by index.remove_stale_files; this hook is for what lives elsewhere."""

    def close(self) -> None:
        """Release connections (a no-op for file-backed stores)."""

    @property
    @abstractmethod
    def count(self) -> int: ...

    @property
    @abstractmethod
    def index_type(self) -> str: ...

    @abstractmethod
    def ids(self) -> np.ndarray:
        """All item ids, ascending."""

    @abstractmethod
    def vectors(self, field: str, ids: np.ndarray) -> np.ndarray:
        """Exact stored vectors of `field` for `ids` (KeyError for an unknown id)."""

    @abstractmethod
    def search(self, field: str, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each (len(queries), k), best first; missing slots have id -1."""


def write_npy_atomic(path: Path, array: np.ndarray) -> None:
    """An .npy file written whole or not at all (temp + fsync + rename), for a store's files."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        np.save(handle, np.ascontiguousarray(array))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
