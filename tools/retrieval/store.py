"""Where the vectors live: one small interface (`stores/base.py`), one file per backend under
`stores/`; `store_class` picks the backend by name.

The interface names are re-exported here: callers import them from `tools.retrieval.store`.
"""
from __future__ import annotations

import importlib.util

from tools.errors import GalleryError
from tools.retrieval.stores.base import (
    FLAT_MAX,
    INDEX_TYPES,
    IVFPQ_MIN,
    StoreConfig,
    VectorStore,
    VectorUpdate,
    choose_index_type,
    write_npy_atomic,
)

__all__ = ["FLAT_MAX", "INDEX_TYPES", "IVFPQ_MIN", "StoreConfig", "VectorStore", "VectorUpdate", "choose_index_type",
           "store_class", "write_npy_atomic"]


def store_class(name: str) -> type[VectorStore]:
    if name == "faiss":
        from tools.retrieval.stores.faiss_store import FaissStore

        return FaissStore
    if name == "milvus":
        if importlib.util.find_spec("pymilvus") is None:
            raise GalleryError("the milvus vector store needs pymilvus (and milvus-lite for a local file): "
                               "pip install -e '.[scale]'")
        from tools.retrieval.stores.milvus_store import MilvusStore

        return MilvusStore
    raise GalleryError(f"unknown vector store '{name}' (HUABAO_VECTOR_STORE / --store): use faiss or milvus")
