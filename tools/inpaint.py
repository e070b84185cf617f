"""Clear space for copy: remove what is under a mask (the article's PS "content fill").

    clear_space(settings, image, mask) -> InpaintResult(image, backend, notes)

- `diffusers:inpaint` when `HUABAO_DIFFUSERS_INPAINT_MODEL` points at a local inpainting model
  (`AutoPipelineForInpainting`, local files only). It runs at ≤ 512 px on the long side and only
  the masked area (feathered) is pasted back, so every pixel outside the mask stays exact.
- `opencv:telea` (default) or `opencv:ns`: OpenCV inpainting. A deep hole (copy space is
  usually big) would smear into streaks, so its inside is a harmonic (membrane) fill solved coarse
  to fine, which continues plain colours and gradients exactly, with OpenCV on the seam and the
  background's grain added back (backend `harmonic+opencv:telea`).

`mask`: a Pillow image the size of `image` (white = clear), a path to one, or one box or a list
of boxes `(left, top, right, bottom)`. Alpha is inpainted too, so an RGBA card stays RGBA.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from tools.config import Settings
from tools.errors import BackendUnavailable, ImageError
from tools.images import coerce_image

Box = tuple[int, int, int, int]
MaskLike = Union[Image.Image, str, Path, bytes, Box, Sequence[Box]]


@dataclass
class InpaintResult:
    image: Image.Image  # same size and mode as the input
    backend: str  # "opencv:telea", "opencv:ns", "diffusers:inpaint"
    notes: list[str] = field(default_factory=list)


def as_mask(mask: MaskLike, size: tuple[int, int], max_pixels: int = 40_000_000) -> np.ndarray:
    """Any accepted mask form → bool array (H, W), True = clear."""
    width, height = size
    if isinstance(mask, (tuple, list)) and mask and all(isinstance(v, (int, float)) for v in mask):
        mask = [tuple(mask)]  # type: ignore[list-item]
    if isinstance(mask, (list, tuple)):
        canvas = Image.new("L", size, 0)
        draw = ImageDraw.Draw(canvas)
        for box in mask:
            if len(box) != 4:
                raise ImageError(f"a mask box needs (left, top, right, bottom), got {box}")
            left, top, right, bottom = (int(round(v)) for v in box)
            if right <= left or bottom <= top:
                raise ImageError(f"empty mask box {box}")
            draw.rectangle((left, top, right - 1, bottom - 1), fill=255)
        return np.asarray(canvas) > 127
    picture = mask if isinstance(mask, Image.Image) else coerce_image(mask, max_pixels=max_pixels).image
    if picture.size != size:
        raise ImageError(f"the mask is {picture.width}×{picture.height} but the image is {width}×{height}")
    if picture.mode in ("RGBA", "LA") and np.asarray(picture.getchannel("A")).min() < 255:
        return np.asarray(picture.getchannel("A")) > 127  # a cutout as mask: its opaque part
    return np.asarray(picture.convert("L")) > 127


class Inpainter:
    """Holds the diffusers inpainting pipeline when one is configured."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._pipe = None

    def clear_space(self, image: Image.Image | str | Path | bytes, mask: MaskLike, *, prompt: str = "",
                    method: Literal["auto", "telea", "ns", "diffusers"] = "auto", seed: int = 0) -> InpaintResult:
        picture = coerce_image(image, max_pixels=self.settings.max_image_pixels).image
        holes = as_mask(mask, picture.size, self.settings.max_image_pixels)
        if not holes.any():
            return InpaintResult(picture.copy(), "none", ["the mask is empty: nothing to clear"])
        if holes.all():
            raise ImageError("the mask covers the whole image: there is nothing left to fill from")
        use_diffusers = method == "diffusers" or (method == "auto" and self.settings.diffusers_inpaint_model)
        if use_diffusers:
            return self._diffusers(picture, holes, prompt, seed)
        return opencv_inpaint(picture, holes, method="ns" if method == "ns" else "telea", seed=seed)

    # -- diffusers
    def _load(self):
        if self._pipe is None:
            directory = self.settings.diffusers_inpaint_model
            if directory is None or not (Path(directory) / "model_index.json").is_file():
                raise BackendUnavailable(
                    f"no diffusers inpainting model at {directory} (HUABAO_DIFFUSERS_INPAINT_MODEL)")
            try:
                import torch
                from diffusers import AutoPipelineForInpainting
            except ImportError as err:
                raise BackendUnavailable("diffusers and torch are needed for inpainting") from err
            device = self.settings.resolved_device()
            dtype = torch.float16 if device == "cuda" else torch.float32
            try:
                from tools.generate.diffusers import dtype_kwargs

                pipe = AutoPipelineForInpainting.from_pretrained(Path(directory), local_files_only=True,
                                                                 **dtype_kwargs(dtype))
            except Exception as err:
                raise BackendUnavailable(f"could not load the inpainting model at {directory}: {err}") from err
            pipe = pipe.to(device)
            pipe.set_progress_bar_config(disable=True)
            self._pipe = (pipe, device)
        return self._pipe

    def _diffusers(self, picture: Image.Image, holes: np.ndarray, prompt: str, seed: int) -> InpaintResult:
        import torch

        pipe, device = self._load()
        scale = min(1.0, 512 / max(picture.size))
        work = (max(8, int(picture.width * scale) // 8 * 8), max(8, int(picture.height * scale) // 8 * 8))
        rgb = _flatten(picture).resize(work, Image.LANCZOS)
        mask_image = Image.fromarray(holes.astype(np.uint8) * 255, "L")
        grown = mask_image.filter(ImageFilter.MaxFilter(5)).resize(work, Image.BILINEAR)
        text = prompt or "clean empty background, seamless, nothing in the middle"
        with torch.inference_mode():
            out = pipe(prompt=text, image=rgb, mask_image=grown, height=work[1], width=work[0],
                       num_inference_steps=20, generator=torch.Generator("cpu").manual_seed(int(seed)),
                       output_type="pil").images[0]
        filled = out.convert("RGB").resize(picture.size, Image.LANCZOS)
        feather = mask_image.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
        result = Image.composite(filled, _flatten(picture), feather)
        if picture.mode == "RGBA":
            alpha = opencv_inpaint(picture.getchannel("A").convert("RGB"), holes, method="telea", seed=seed).image
            result = result.convert("RGBA")
            result.putalpha(alpha.convert("L"))
        return InpaintResult(result, "diffusers:inpaint", [f"model {Path(self.settings.diffusers_inpaint_model).name}"])


def clear_space(settings: Settings, image: Image.Image | str | Path | bytes, mask: MaskLike, *, prompt: str = "",
                method: Literal["auto", "telea", "ns", "diffusers"] = "auto", seed: int = 0,
                inpainter: Inpainter | None = None) -> InpaintResult:
    """Remove what is under `mask` and fill it from its surroundings."""
    return (inpainter or Inpainter(settings)).clear_space(image, mask, prompt=prompt, method=method, seed=seed)


# ------------------------------------------------------------------ OpenCV
def _flatten(picture: Image.Image) -> Image.Image:
    return picture.convert("RGB")


def opencv_inpaint(picture: Image.Image, holes: np.ndarray, *, method: str = "telea", seed: int = 0,
                   direct_radius: float = 10.0) -> InpaintResult:
    """Coarse-to-fine OpenCV inpainting of `holes` (bool, True = fill)."""
    import cv2

    flag = cv2.INPAINT_NS if method == "ns" else cv2.INPAINT_TELEA
    grow = cv2.dilate(holes.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)))
    depth = float(cv2.distanceTransform(grow, cv2.DIST_L2, 5).max())
    rgb = np.asarray(picture.convert("RGB"))
    filled = _fill(rgb, grow, flag, depth, direct_radius)
    notes = []
    if depth > direct_radius:
        filled = _add_grain(filled, rgb, grow, seed)
        notes.append(f"large area (depth {depth:.0f}px): harmonic fill inside, OpenCV on the seam")
    result = Image.fromarray(filled, "RGB")
    if picture.mode == "RGBA":
        alpha = _fill(np.asarray(picture.getchannel("A")), grow, flag, depth, direct_radius)
        result = result.convert("RGBA")
        result.putalpha(Image.fromarray(alpha, "L"))
    name = f"opencv:{'ns' if flag == cv2.INPAINT_NS else 'telea'}"
    return InpaintResult(result, name if depth <= direct_radius else f"harmonic+{name}", notes)


def _fill(channels: np.ndarray, grow: np.ndarray, flag: int, depth: float, direct_radius: float) -> np.ndarray:
    """uint8 (H, W) or (H, W, 3) → the same with `grow` filled.

    A small hole: OpenCV inpainting. A deep one: Telea would smear streaks and crosses into it,
    so its inside is a harmonic (membrane) fill solved coarse to fine — the smoothest surface
    through the surrounding pixels, which continues plain colours and gradients exactly — and
    only its seam is re-inpainted with OpenCV at full size."""
    import cv2

    if depth <= direct_radius:
        return cv2.inpaint(channels, grow, 5, flag)
    from tools.cutout.edges import fill_from_known

    hole = grow > 0
    values = channels.astype(np.float32)
    squeeze = values.ndim == 2
    if squeeze:
        values = values[..., None]
    # coarse-to-fine: a pyramid of (values, known); the coarsest estimate from push-pull,
    # then Jacobi relaxation of the Laplace equation at every level on the way up
    levels = [(values, ~hole)]
    while min(levels[-1][1].shape) > 16:
        v, k = levels[-1]
        size = ((v.shape[1] + 1) // 2, (v.shape[0] + 1) // 2)
        weight = cv2.resize(k.astype(np.float32), size, interpolation=cv2.INTER_AREA)
        summed = cv2.resize(v * k[..., None], size, interpolation=cv2.INTER_AREA).reshape(size[1], size[0], -1)
        known = weight > 0.999
        levels.append((summed / np.maximum(weight[..., None], 1e-6), known))
    v, k = levels[-1]
    estimate = fill_from_known(v, k).reshape(v.shape)
    kernel = np.array([[0, 0.25, 0], [0.25, 0, 0.25], [0, 0.25, 0]], np.float32)
    for index in range(len(levels) - 1, -1, -1):
        v, k = levels[index]
        if estimate.shape[:2] != v.shape[:2]:
            estimate = cv2.resize(estimate, (v.shape[1], v.shape[0]), interpolation=cv2.INTER_LINEAR)
            estimate = estimate.reshape(v.shape)
        estimate = np.where(k[..., None], v, estimate)
        for _ in range(40):
            relaxed = cv2.filter2D(estimate, -1, kernel, borderType=cv2.BORDER_REPLICATE).reshape(v.shape)
            estimate = np.where(k[..., None], v, relaxed)
    filled = np.clip(estimate + 0.5, 0, 255).astype(np.uint8)
    if squeeze:
        filled = filled[..., 0]
    band = grow & ~cv2.erode(grow, np.ones((7, 7), np.uint8))
    return cv2.inpaint(filled, band, 4, flag)


def _add_grain(filled: np.ndarray, original: np.ndarray, hole: np.ndarray, seed: int) -> np.ndarray:
    """Add noise with the high-frequency strength of the hole's surroundings (seeded)."""
    import cv2

    ring = cv2.dilate(hole, np.ones((15, 15), np.uint8)).astype(bool) & ~hole.astype(bool)
    if ring.sum() < 50:
        return filled
    src = original.astype(np.float32)
    detail = src - cv2.GaussianBlur(src, (0, 0), 1.5)
    sigma = float(np.median(np.abs(detail[ring]))) * 1.4826
    if sigma < 0.8:
        return filled
    noise = np.random.default_rng(seed).normal(0.0, sigma, filled.shape).astype(np.float32)
    noisy = np.clip(filled.astype(np.float32) + noise * (hole[..., None] > 0), 0, 255)
    return noisy.astype(np.uint8)


__all__ = ["InpaintResult", "Inpainter", "as_mask", "clear_space", "opencv_inpaint"]
