"""Chinese-CLIP (cn_clip): text and images in one space, zh and en, from a local checkpoint.

Set `HUABAO_CNCLIP_CHECKPOINT_DIR` to a folder holding the checkpoint cn_clip's
`load_from_name(name, download_root=...)` expects (clip_cn_vit-b-16.pt, clip_cn_vit-l-14.pt,
clip_cn_vit-l-14-336.pt, clip_cn_vit-h-14.pt or clip_cn_rn50.pt) and `HUABAO_CNCLIP_MODEL`.
We build the network from cn_clip's own model configs and load the file ourselves, so a missing
file is a clear error instead of a download attempt. CUDA runs in fp16, the CPU in fp32;
features are L2-normalised as in the seed (`features /= features.norm(dim=-1, keepdim=True)`).
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tools.config import Settings
from tools.errors import BackendUnavailable
from tools.retrieval.embedders import colour
from tools.retrieval.embedders.base import COLOR_FIELD, Embedder, ImageBatch, PreparedImage
from tools.retrieval.embedders.efficientnet import flatten_alpha

MODELS = {  # name → (vision config, text config, checkpoint file name), as in cn_clip.clip.utils
    "ViT-B-16": ("ViT-B-16", "RoBERTa-wwm-ext-base-chinese", "clip_cn_vit-b-16.pt"),
    "ViT-L-14": ("ViT-L-14", "RoBERTa-wwm-ext-base-chinese", "clip_cn_vit-l-14.pt"),
    "ViT-L-14-336": ("ViT-L-14-336", "RoBERTa-wwm-ext-base-chinese", "clip_cn_vit-l-14-336.pt"),
    "ViT-H-14": ("ViT-H-14", "RoBERTa-wwm-ext-large-chinese", "clip_cn_vit-h-14.pt"),
    "RN50": ("RN50", "RBT3-chinese", "clip_cn_rn50.pt"),
}
CONTEXT_LENGTH = 52
_MEAN = np.array((0.48145466, 0.4578275, 0.40821073), np.float32)
_STD = np.array((0.26862954, 0.26130258, 0.27577711), np.float32)
IMAGE_WEIGHTS = {"clip": 0.9, COLOR_FIELD: 0.1}


def clip_preprocess(image: Image.Image, size: int = 224) -> PreparedImage:
    """cn_clip's `image_transform` in numpy (square bicubic resize, CLIP mean/std), except that
    transparent pixels are flattened on white instead of dropping the alpha channel."""
    rgb = flatten_alpha(image).resize((size, size), Image.BICUBIC)
    array = (np.asarray(rgb, dtype=np.float32) / 255.0 - _MEAN) / _STD
    return {"clip": np.ascontiguousarray(array.transpose(2, 0, 1))}


def model_config(name: str) -> dict[str, Any]:
    """cn_clip's JSON config for `name` (vision + text merged), as its `create_model` builds it."""
    if name not in MODELS:
        raise BackendUnavailable(f"unknown cn_clip model {name}; choose one of {', '.join(MODELS)}")
    try:
        import cn_clip.clip as cn_clip_module
    except ImportError as err:
        raise BackendUnavailable("cn_clip is not installed: make install") from err
    configs = Path(cn_clip_module.__file__).parent / "model_configs"
    vision, text, _ = MODELS[name]
    info = json.loads((configs / f"{vision}.json").read_text())
    info.update(json.loads((configs / f"{text}.json").read_text()))
    if isinstance(info["vision_layers"], str):  # RN50 lists its layers as a string "[3,4,6,3]"
        info["vision_layers"] = json.loads(info["vision_layers"])
    return info


def build_model(name: str) -> Any:
    """A cn_clip CLIP network with cn_clip's initial (random) weights, in fp32."""
    from cn_clip.clip.model import CLIP

    return CLIP(**model_config(name)).float().eval()


def checkpoint_path(directory: Path, name: str) -> Path:
    path = Path(directory) / MODELS[name][2]
    if not path.is_file():
        raise BackendUnavailable(
            f"cn_clip {name}: {path} not found. Put {MODELS[name][2]} there "
            f"(the file cn_clip's load_from_name downloads) or set HUABAO_CNCLIP_CHECKPOINT_DIR"
        )
    return path


def load_checkpoint(model: Any, path: Path) -> Any:
    """Load a cn_clip checkpoint ({"state_dict": ...}, keys maybe prefixed with `module.`)."""
    import torch

    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # noqa: BLE001 - any unreadable file is a configuration problem
        raise BackendUnavailable(f"cn_clip checkpoint {path} cannot be read: {err}") from err
    state = checkpoint.get("state_dict", checkpoint) if isinstance(checkpoint, dict) else checkpoint
    state = {(k[len("module."):] if k.startswith("module.") else k): v for k, v in state.items()
             if "bert.pooler" not in k}
    model.load_state_dict(state)
    return model


class CnClipEmbedder(Embedder):
    backend = "cnclip"
    needs_captions = False  # text queries meet the images themselves in CLIP space

    def __init__(self, settings: Settings, *, model: Any = None, model_name: str | None = None):
        super().__init__(settings)
        self.model_name = model_name or settings.cnclip_model
        info = model_config(self.model_name)
        self.dim = int(info["embed_dim"])
        self.resolution = int(info["image_resolution"])
        self._model = model
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> Any:
        import torch

        directory = self.settings.cnclip_checkpoint_dir
        if directory is None:
            raise BackendUnavailable("the cnclip backend needs HUABAO_CNCLIP_CHECKPOINT_DIR (local weights)")
        model = load_checkpoint(build_model(self.model_name), checkpoint_path(directory, self.model_name))
        if self.device == "cuda":
            model = model.half()
        return model.to(torch.device(self.device)).eval()

    @property
    def label(self) -> str:
        return f"cnclip:{self.model_name}"

    @property
    def version(self) -> str:
        return f"cn_clip/{self.model_name}/{self.resolution}px/colour{colour.DIM}"

    @property
    def fields(self) -> dict[str, int]:
        return {"clip": self.dim, COLOR_FIELD: colour.DIM}

    @property
    def text_weights(self) -> dict[str, float]:
        return {"clip": 1.0}

    @property
    def image_weights(self) -> dict[str, float]:
        return dict(IMAGE_WEIGHTS)

    def preparer(self) -> Callable[[Image.Image], PreparedImage]:
        return partial(clip_preprocess, size=self.resolution)

    def _run(self, encode: Callable[[Any], Any], inputs: Any) -> np.ndarray:
        import torch

        with torch.inference_mode():
            features = encode(inputs).float()
            features = features / features.norm(dim=-1, keepdim=True)
        return features.cpu().numpy().astype(np.float32)

    def encode_images(self, arrays: np.ndarray) -> np.ndarray:
        import torch

        model = self.model
        x = torch.from_numpy(np.ascontiguousarray(arrays)).to(next(model.parameters()).device)
        return self._run(model.encode_image, x)

    def embed_images(self, batch: ImageBatch, describe: list[bool]):
        return {"clip": self.encode_images(batch.arrays["clip"]), COLOR_FIELD: batch.colour}, [None] * len(batch)

    def embed_queries(self, texts: list[str]) -> dict[str, np.ndarray]:
        from cn_clip.clip import tokenize

        model = self.model
        tokens = tokenize(list(texts), context_length=CONTEXT_LENGTH).to(next(model.parameters()).device)
        return {"clip": self._run(model.encode_text, tokens)}
