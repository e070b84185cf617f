"""Edge work shared by every cutout backend: soft alpha on the boundary, colour decontamination
(no halo of the old background on the edge), interior holes, and the subject's box.

All functions take and return numpy arrays: RGB as float32 0..255 (H, W, 3), alpha as float32
0..1 (H, W), masks as bool (H, W).
"""
from __future__ import annotations

import numpy as np


def fill_from_known(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Fill unknown pixels with a smooth diffusion of the nearest known ones (push-pull).

    `values` (H, W, C) float32, `known` (H, W) bool or weights 0..1. Known pixels keep their
    value; the rest take the colour of the known pixels around them, so a foreground colour
    can be extended outwards over the edge band (and a background colour inwards).
    """
    import cv2

    weight = known.astype(np.float32)
    if values.ndim == 2:
        values = values[..., None]
    channels = values.shape[2]
    premult = values.astype(np.float32) * weight[..., None]
    levels: list[tuple[np.ndarray, np.ndarray]] = [(premult, weight)]
    while max(levels[-1][1].shape) > 1:
        sums, w = levels[-1]
        h, wd = w.shape
        size = (max(1, (wd + 1) // 2), max(1, (h + 1) // 2))
        small_sums = cv2.resize(sums, size, interpolation=cv2.INTER_AREA).reshape(size[1], size[0], channels)
        small_w = cv2.resize(w, size, interpolation=cv2.INTER_AREA)
        levels.append((small_sums, small_w))

    sums, w = levels[-1]
    estimate = np.where(w[..., None] > 1e-6, sums / np.maximum(w[..., None], 1e-6), 0.0).astype(np.float32)
    for sums, w in reversed(levels[:-1]):
        h, wd = w.shape
        up = cv2.resize(estimate, (wd, h), interpolation=cv2.INTER_LINEAR).reshape(h, wd, channels)
        mean = sums / np.maximum(w[..., None], 1e-6)
        trust = np.clip(w * 4.0, 0.0, 1.0)[..., None]
        estimate = (mean * trust + up * (1.0 - trust)).astype(np.float32)
    return estimate


def soft_alpha(
    rgb: np.ndarray, hard: np.ndarray, *, band: int = 2, background: np.ndarray | None = None,
    min_contrast: float = 24.0,
) -> np.ndarray:
    """Hard mask → alpha with real partial values on the boundary.

    In a band of `band` px around the boundary each pixel is treated as a mix of the nearby
    foreground colour F and background colour B: alpha is the projection of (C - B) on (F - B).
    Where F and B are too alike to tell apart, the band keeps a smoothed version of the mask.
    """
    import cv2

    hard = hard.astype(bool)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band + 1, 2 * band + 1))
    inner = cv2.erode(hard.astype(np.uint8), kernel).astype(bool)
    outer = cv2.dilate(hard.astype(np.uint8), kernel).astype(bool)
    ring = outer & ~inner
    alpha = hard.astype(np.float32)
    if not ring.any():
        return alpha
    fg = fill_from_known(rgb, inner)
    bg = background if background is not None else fill_from_known(rgb, ~outer)
    diff = fg - bg
    norm2 = (diff * diff).sum(axis=2)
    projected = ((rgb - bg) * diff).sum(axis=2) / np.maximum(norm2, 1e-6)
    projected = np.clip(projected, 0.0, 1.0)
    smooth = cv2.GaussianBlur(alpha, (0, 0), sigmaX=max(0.6, band / 2.0))
    contrast = np.sqrt(norm2)
    trust = np.clip((contrast - min_contrast * 0.5) / (min_contrast * 0.5), 0.0, 1.0)
    blended = projected * trust + smooth * (1.0 - trust)
    alpha[ring] = blended[ring]
    return alpha


def decontaminate(rgb: np.ndarray, alpha: np.ndarray, *, background: np.ndarray | None = None) -> np.ndarray:
    """Edge colours without the old background mixed in.

    A semi-transparent edge pixel C = a·F + (1-a)·B; solve for F where `a` is large enough to
    trust, and lean on the colour of the nearby opaque subject where it is not. Opaque pixels
    are unchanged; fully transparent pixels take the nearby subject colour (so resampling the
    cutout later never pulls the old background back in).
    """
    solid = alpha >= 0.98
    if solid.all():
        return rgb
    fg_near = fill_from_known(rgb, solid if solid.any() else alpha > 0.5)
    bg = background if background is not None else fill_from_known(rgb, alpha <= 0.02)
    a = alpha[..., None]
    solved = bg + (rgb - bg) / np.maximum(a, 1e-3)
    solved = np.clip(solved, 0.0, 255.0)
    # trust the solved colour in proportion to alpha; where it is faint, the neighbour's colour
    trust = np.clip((a - 0.1) / 0.8, 0.0, 1.0)
    cleaned = solved * trust + fg_near * (1.0 - trust)
    return np.where(solid[..., None], rgb, cleaned).astype(np.float32)


def keep_main_components(mask: np.ndarray, *, min_share: float = 0.02) -> np.ndarray:
    """Drop specks: keep connected parts of at least `min_share` of the largest part."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if count <= 2:
        return mask.astype(bool)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.zeros(count, dtype=bool)
    keep[1:] = areas >= max(1, areas.max() * min_share)
    return keep[labels]


def drop_specks(mask: np.ndarray, *, min_area: int) -> np.ndarray:
    """Remove connected parts smaller than `min_area` pixels."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_area
    return keep[labels]


def fill_small_holes(mask: np.ndarray, *, max_area: int) -> np.ndarray:
    """Close enclosed background specks smaller than `max_area` pixels (noise, not real holes)."""
    import cv2

    inverse = (~mask.astype(bool)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(inverse, connectivity=4)
    h, w = mask.shape
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right, bottom = x + stats[:, cv2.CC_STAT_WIDTH], y + stats[:, cv2.CC_STAT_HEIGHT]
    touches_border = (x == 0) | (y == 0) | (right == w) | (bottom == h)
    fill = ~touches_border & (stats[:, cv2.CC_STAT_AREA] < max_area)
    fill[0] = False  # label 0 is the mask itself
    return mask.astype(bool) | fill[labels]  # one lookup, not one full-image pass per hole


def subject_bbox(alpha: np.ndarray, threshold: float = 0.04) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of pixels with alpha above `threshold`, right/bottom exclusive."""
    ys, xs = np.nonzero(alpha > threshold)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
