"""A white opening through the subject on a white backdrop (issue 19): a bow's string triangle, a
loop of beads. Its rim may be soft (pale strings) and a model may fill it, yet it shows the backdrop
itself, pixel for pixel; a white part of the subject (a label, a glossy patch) carries its own
shading. Both read as "white, enclosed, soft-rimmed": only the pixels inside tell them apart,
judged against the backdrop's own noise (none on a clean render, sensor noise on a photo).

Synthetic scenes drawn at 4× and scaled down; the classic cutout needs no model.
"""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tools.cutout import cutout

SIZE = 320
SUPERSAMPLE = 4
RED = np.array([210, 50, 60], np.float32)
PALE = np.array([236, 230, 244], np.float32)  # a pale lavender: close to white, a soft rim
WHITE = 255.0


def _disc(radius: float) -> np.ndarray:
    """An anti-aliased disc of `radius` (share of the side) in the middle → coverage 0..1."""
    big = SIZE * SUPERSAMPLE
    mask = Image.new("L", (big, big), 0)
    r = radius * big
    ImageDraw.Draw(mask).ellipse((big / 2 - r, big / 2 - r, big / 2 + r, big / 2 + r), fill=255)
    return np.asarray(mask.resize((SIZE, SIZE), Image.LANCZOS), np.float32) / 255.0


def _ring_with_a_soft_inner_rim(inside: np.ndarray | None, noise: float,
                                 seed: int = 5) -> tuple[Image.Image, np.ndarray]:
    """A red ring whose inner edge fades to pale lavender (a soft rim), on white → (scene, the middle:
    pixels well inside the inner edge). `inside`: the middle's colour (H, W, 3), or None for an
    opening (the backdrop shows through). `noise`: a photo's sensor noise (σ, levels)."""
    outer, rim, middle = _disc(0.4), _disc(0.22), _disc(0.19)
    ring = np.clip(outer - rim, 0, 1)[..., None]
    soft = np.clip(rim - middle, 0, 1)[..., None]
    scene = np.full((SIZE, SIZE, 3), WHITE, np.float32)
    if inside is not None:
        scene = scene * (1 - middle[..., None]) + inside * middle[..., None]
    scene = scene * (1 - soft) + PALE * soft
    scene = scene * (1 - ring) + RED * ring
    scene += np.random.default_rng(seed).normal(0, noise, scene.shape)
    return Image.fromarray(np.clip(np.round(scene), 0, 255).astype(np.uint8), "RGB"), _disc(0.17) > 0.99


def _glossy_white() -> np.ndarray:
    """A rendered white surface: lit from the top left, falling off by a few levels towards its edge."""
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / (SIZE - 1)
    shade = 7.0 * np.clip(np.hypot(xs - 0.45, ys - 0.42) / 0.19, 0, 1.5) ** 2
    return np.repeat((WHITE - shade)[..., None], 3, axis=2)


def _opened_share(settings, scene: Image.Image, middle: np.ndarray) -> float:
    mask = np.asarray(cutout(settings, scene, backend="classic").mask, np.float32) / 255.0
    return float((mask[middle] < 0.5).mean())


@pytest.mark.parametrize("noise", [0.0, 2.0])
def test_a_soft_rimmed_white_opening_on_white_is_transparent(settings, noise):
    scene, middle = _ring_with_a_soft_inner_rim(None, noise)
    assert _opened_share(settings, scene, middle) > 0.95


@pytest.mark.parametrize("noise", [0.0, 2.0])
def test_a_shaded_white_part_the_same_shape_stays_the_subject_s(settings, noise):
    scene, middle = _ring_with_a_soft_inner_rim(_glossy_white(), noise)
    assert _opened_share(settings, scene, middle) < 0.05
