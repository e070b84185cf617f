"""Colour features shared by every backend: a histogram vector and the dominant colour names.

The histogram is 4×4×4 RGB bins weighted by alpha (transparent pixels of a cutout do not count),
square-rooted and L2-normalised, so an inner product is the Bhattacharyya coefficient between
two colour distributions. The dominant names come from `tools.colors.nearest_color` (the same
palette words briefs use: 红色, gold, 薄荷绿...).
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from tools.colors import nearest_color

LEVELS = 4
DIM = LEVELS ** 3
_THUMB = 64


def _pixels(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """(N, 3) RGB and (N,) weights from a small thumbnail; fully transparent images weigh evenly."""
    thumb = image.convert("RGBA")
    thumb.thumbnail((_THUMB, _THUMB), Image.BILINEAR)
    data = np.asarray(thumb, dtype=np.float32).reshape(-1, 4)
    weights = data[:, 3] / 255.0
    if weights.sum() < 1e-6:
        weights = np.ones_like(weights)
    return data[:, :3], weights


def colour_features(image: Image.Image, *, top: int = 3, min_share: float = 0.12) -> tuple[np.ndarray, list[str]]:
    """(histogram vector (64,) float32, up to `top` dominant colour keys, most covered first)."""
    rgb, weights = _pixels(image)
    bins = np.minimum((rgb * LEVELS / 256.0).astype(np.int64), LEVELS - 1)
    flat = bins[:, 0] * LEVELS * LEVELS + bins[:, 1] * LEVELS + bins[:, 2]
    hist = np.bincount(flat, weights=weights, minlength=DIM).astype(np.float64)
    total = hist.sum()
    vector = np.sqrt(hist / total)
    vector /= max(np.linalg.norm(vector), 1e-12)

    # Name the colour of each well-filled bin by its mean pixel, then add shares per name.
    sums = np.zeros((DIM, 3))
    for channel in range(3):
        sums[:, channel] = np.bincount(flat, weights=weights * rgb[:, channel], minlength=DIM)
    shares: dict[str, float] = {}
    for index in np.argsort(-hist):
        share = hist[index] / total
        if share < 0.02:
            break
        mean = tuple(int(round(v)) for v in sums[index] / hist[index])
        key = nearest_color(mean).key
        shares[key] = shares.get(key, 0.0) + share
    names = [key for key, share in sorted(shares.items(), key=lambda kv: -kv[1]) if share >= min_share]
    return vector.astype(np.float32), names[:top]
