"""One batch of gallery files through ingestion's decode and embed stages, the same on the local
path (ingest.py: DataLoader workers decode, the main process embeds) and on Ray (ray_ingest.py:
decode tasks, embedding actors): `ImageFiles` decodes, validates and prepares a file, and
`embed_batch` turns a decoded batch into journal rows."""
from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from tools.errors import GalleryError, ImageError
from tools.images import load_image
from tools.retrieval.captions import Captions, document_text, generated_captions, passage_text
from tools.retrieval.embedders.base import Embedder, ImageBatch
from tools.retrieval.embedders.colour import colour_features
from tools.retrieval.models import SkippedFile


class PendingFile:
    """A file to embed: where it is, its key and signature, its captions, and its earlier record."""

    __slots__ = ("path", "key", "signature", "sha256", "size", "mtime_ns", "captions", "previous")

    def __init__(self, **values: Any):
        for name, value in values.items():
            setattr(self, name, value)


class ImageFiles:
    """A map-style torch Dataset: decode, validate and prepare one file in a worker process.

    Returns a dict instead of raising, so one bad file never stops the DataLoader."""

    def __init__(self, paths: list[str], prepare: Any, max_pixels: int):
        self.paths = paths
        self.prepare = prepare
        self.max_pixels = max_pixels

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> dict[str, Any]:
        path = self.paths[index]
        try:
            loaded = load_image(path, max_pixels=self.max_pixels)
            colour, names = colour_features(loaded.image)
            return {"index": index, "prepared": self.prepare(loaded.image), "colour": colour,
                    "colour_names": names, "notes": loaded.notes, "size": list(loaded.image.size)}
        except ImageError as err:
            return {"index": index, "error": _reason(str(err), path)}
        except Exception as err:  # noqa: BLE001 - a decoder bug on one file must not end the run
            return {"index": index, "error": f"unexpected {err.__class__.__name__}: {err}"}


def _reason(message: str, path: str) -> str:
    prefix = f"{path}: "
    return message[len(prefix):] if message.startswith(prefix) else message


@dataclasses.dataclass
class EmbeddedBatch:
    """One finished batch: journal rows (key, signature, record, vectors), the bad files with
    their reasons, and notes. What the local loop and a Ray actor both produce."""

    size: int
    rows: list[tuple[str, str, dict[str, Any], dict[str, np.ndarray]]] = dataclasses.field(default_factory=list)
    skipped: list[SkippedFile] = dataclasses.field(default_factory=list)
    failed: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)


def embed_batch(results: list[dict[str, Any]], items: list[PendingFile], embedder: Embedder) -> EmbeddedBatch:
    """Embed one batch of decoded files (`ImageFiles` results; `items[i]` is the file of `results[i]`).
    Pure: reads only its arguments, so a Ray actor runs it as it is."""
    out = EmbeddedBatch(size=len(results))
    good = []
    for result, item in zip(results, items):
        if "error" in result:
            out.skipped.append(SkippedFile(path=str(item.path), reason=result["error"]))
            out.failed.append(item.key)
        else:
            good.append((item, result))
    if not good:
        return out
    image_batch = ImageBatch([r["prepared"] for _, r in good], [r["colour"] for _, r in good],
                             [r["colour_names"] for _, r in good])
    describe = [embedder.needs_captions and (item.captions is None or item.captions.is_empty) for item, _ in good]
    image_vectors, labels = embedder.embed_images(image_batch, describe)
    final_captions: list[Captions] = []
    generated: list[bool] = []
    for (item, result), imagenet in zip(good, labels):
        captions = item.captions
        if captions is None or captions.is_empty:
            captions = generated_captions(item.path, imagenet or [], result["colour_names"])
            generated.append(True)
        else:
            generated.append(False)
        final_captions.append(captions)
    documents = [document_text(c) for c in final_captions]
    text_vectors = embedder.embed_documents([passage_text(c) for c in final_captions])
    all_vectors = {**image_vectors, **text_vectors}
    missing = set(embedder.fields) - set(all_vectors)
    if missing:
        raise GalleryError(f"{embedder.label} produced no {', '.join(sorted(missing))} vectors")

    for row, ((item, result), captions, document, was_generated) in enumerate(zip(good, final_captions, documents, generated)):
        record = {
            "captions": captions.model_dump(), "document": document, "generated": was_generated,
            "colours": result["colour_names"], "notes": result["notes"], "size": result["size"],
        }
        out.rows.append((item.key, item.signature, record, {f: all_vectors[f][row] for f in embedder.fields}))
        if result["notes"]:
            out.notes.append(f"{item.key}: {'; '.join(result['notes'])}")
    return out
