"""`migrate_index`: move the committed index to another vector store without embedding again.

    huabao index --migrate-to milvus      # faiss files → Milvus collections
    huabao index --migrate-to faiss       # and back

It writes one new generation in the target store with every id and vector copied from the
current store (`VectorStore.vectors`), copies the catalog, and switches the manifest; the old
generation's files / collections are removed only after that commit. Embedder, fields, index
type and indexed folder stay as they were, so the next `huabao index DIR` stays incremental.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tools.config import Settings
from tools.errors import GalleryError
from tools.retrieval.index import GalleryIndex, commit_generation, read_manifest, remove_stale_files, writer_lock
from tools.retrieval.store import StoreConfig, store_class


def migrate_index(settings: Settings, to_store: str) -> dict[str, Any]:
    """Copy the committed index into `to_store` ("faiss" or "milvus") and commit it there.
    Returns the new manifest (the current one, unchanged, when it is already in `to_store`)."""
    store_class(to_store)  # an unknown name or a missing pymilvus fails before any work
    index_dir = Path(settings.index_dir).resolve()
    config = StoreConfig.from_settings(settings)
    with writer_lock(index_dir):
        manifest = read_manifest(index_dir)
        if manifest is None:
            raise GalleryError(f"no gallery index in {index_dir} to migrate: run `huabao index DIR --store {to_store}`")
        if manifest.get("store", "faiss") == to_store:
            return manifest
        previous = GalleryIndex.open(index_dir, use_gpu=False, config=config)
        try:
            fields = {f: int(d) for f, d in manifest["fields"].items()}
            new = commit_generation(
                index_dir, previous=previous,
                embedder_info={"backend": manifest["backend"], "label": manifest["backend_label"],
                               "version": manifest["backend_version"], "fields": fields},
                root=Path(manifest["root"]), removed_ids=[], items=[],
                vectors={f: np.zeros((0, d), np.float32) for f, d in fields.items()},
                index_type=manifest["index_type"], search_fields=tuple(manifest["search_fields"]),
                store_name=to_store, store_config=config,
            )
        finally:
            previous.close()
        remove_stale_files(index_dir, new, config, replaced=manifest)
    return new
