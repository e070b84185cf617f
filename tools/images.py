"""Safe image loading shared by every tool: one place that knows what a bad file looks like.

`load_image` returns an 8-bit RGB or RGBA Pillow image and the list of conversions it made
(CMYK, 16-bit, palette, animated...), or raises `ImageError` with a readable reason.
"""
from __future__ import annotations

import io
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from tools.errors import ImageError

# Pictures written to be read back soon (a run's candidates and cutouts, the upscale cache): zlib
# level 1 with its run-length strategy, lossless, the fastest and smallest on flat-shaded icons.
FAST_PNG = {"compress_level": 1, "compress_type": zlib.Z_RLE}

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif")
MIN_SIDE = 2


@dataclass
class LoadedImage:
    image: Image.Image
    notes: list[str] = field(default_factory=list)


def _describe_source(source: str | Path | bytes) -> str:
    return "uploaded image" if isinstance(source, (bytes, bytearray)) else str(source)


def load_image(
    source: str | Path | bytes, *, max_pixels: int = 40_000_000, min_side: int = MIN_SIDE
) -> LoadedImage:
    """Open, validate and normalise an image from a path or bytes."""
    name = _describe_source(source)
    if isinstance(source, (bytes, bytearray)):
        if not source:
            raise ImageError(f"{name}: the file is empty (0 bytes)")
        stream: io.BytesIO | Path = io.BytesIO(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise ImageError(f"{name}: no such file")
        if path.stat().st_size == 0:
            raise ImageError(f"{name}: the file is empty (0 bytes)")
        stream = path

    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            # our own size check below runs on the header, before any pixel is decoded; Pillow's
            # warning (over its global limit) would otherwise refuse images we allow
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(stream)
            width, height = opened.size
            if width * height > max_pixels:
                raise ImageError(
                    f"{name}: {width}×{height} is {width * height:,} pixels, over the limit of "
                    f"{max_pixels:,} (set HUABAO_MAX_IMAGE_PIXELS to raise it)"
                )
            if min(width, height) < min_side:
                raise ImageError(f"{name}: {width}×{height} is too small to use")
            if getattr(opened, "n_frames", 1) > 1:
                notes.append(f"animated ({opened.n_frames} frames): first frame used")
                opened.seek(0)
            opened.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        # Pillow refuses before our own size check can run (header over ~179 M pixels)
        raise ImageError(
            f"{name}: too many pixels, over the limit of {max_pixels:,} "
            "(set HUABAO_MAX_IMAGE_PIXELS to raise it)"
        ) from err
    except UnidentifiedImageError as err:
        raise ImageError(f"{name}: not a readable image ({err.__class__.__name__})") from err
    except (OSError, SyntaxError, ValueError) as err:
        raise ImageError(f"{name}: the image is damaged or truncated ({err})") from err

    return LoadedImage(_normalise(opened, notes), notes)


def header_size(path: str | Path) -> tuple[int, int] | None:
    """Width and height from an image file's header, without decoding a pixel; None when the
    file is not an image Pillow knows (the caller's loader reports that). A header past Pillow's
    own bomb limit is refused here."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                return opened.size
    except Image.DecompressionBombError as err:
        raise ImageError(f"{Path(path).name}: too many pixels (set HUABAO_MAX_IMAGE_PIXELS to raise "
                         "the limit)") from err
    except (OSError, SyntaxError, ValueError):
        return None


def _normalise(image: Image.Image, notes: list[str]) -> Image.Image:
    """Bring any mode Pillow reads to 8-bit RGB or RGBA, honouring EXIF orientation."""
    if image.getexif().get(0x0112, 1) != 1:
        image = ImageOps.exif_transpose(image)
        notes.append("rotated by its EXIF orientation")
    mode = image.mode
    if mode in ("RGB", "RGBA"):
        return image
    if mode == "CMYK":
        notes.append("converted from CMYK")
        return image.convert("RGB")
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        notes.append(f"converted from {mode} (high bit depth)")
        data = np.asarray(image, dtype=np.float64)
        top = 65535.0 if mode.startswith("I;16") or data.max() > 255 else 255.0
        data = np.clip(data / top * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return Image.fromarray(data, "L").convert("RGB")
    if mode in ("P", "PA"):
        notes.append("converted from a palette")
        has_alpha = "transparency" in image.info or mode == "PA"
        return image.convert("RGBA" if has_alpha else "RGB")
    if mode in ("LA", "La", "RGBa"):
        return image.convert("RGBA")
    if mode in ("L", "1"):
        notes.append("converted from grayscale")
        return image.convert("RGB")
    notes.append(f"converted from {mode}")
    return image.convert("RGB")


def has_meaningful_alpha(image: Image.Image, *, min_transparent_share: float = 0.01) -> bool:
    """True when at least a small share of the pixels is transparent (a real cutout)."""
    if image.mode != "RGBA":
        return False
    alpha = np.asarray(image.getchannel("A"))
    return float((alpha < 250).mean()) >= min_transparent_share


def coerce_image(
    source: Image.Image | str | Path | bytes, *, max_pixels: int = 40_000_000, min_side: int = MIN_SIDE
) -> LoadedImage:
    """`load_image` for a path or bytes; an already opened Pillow image gets the same size checks
    and mode normalisation, so every tool accepts either."""
    if not isinstance(source, Image.Image):
        return load_image(source, max_pixels=max_pixels, min_side=min_side)
    width, height = source.size
    if width * height > max_pixels:
        raise ImageError(
            f"image: {width}×{height} is {width * height:,} pixels, over the limit of {max_pixels:,} "
            "(set HUABAO_MAX_IMAGE_PIXELS to raise it)"
        )
    if min(width, height) < min_side:
        raise ImageError(f"image: {width}×{height} is too small to use")
    notes: list[str] = []
    return LoadedImage(_normalise(source, notes), notes)
