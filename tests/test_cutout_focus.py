"""An object out of focus that the photo model drew together with the subject (issue 19): on busy
photos U²-Net-p often takes a blurred figure standing behind the product, overlapping it, for
part of the subject. The subject of a photo is the sharp thing in front: the part whose edges are
soft and whose meeting line with the rest is the subject's own crisp outline is left out."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.cutout_helpers import shaded_icon

from tools.cutout.photo import BLURRED_MIN_SHARE, MAIN_MIN_AREA_SHARE, blurred_parts

IMAGES = Path(__file__).resolve().parents[1] / "data" / "gallery" / "images"
SIZE = 320


def _backdrop(seed: int = 3) -> np.ndarray:
    """A cloth-like backdrop: fine noise over two soft colour fields."""
    rng = np.random.default_rng(seed)
    ys = np.linspace(0, 1, SIZE, dtype=np.float32)[:, None, None]
    base = np.asarray((120, 150, 190), np.float32) * (1 - ys) + np.asarray((170, 120, 90), np.float32) * ys
    return np.clip(base + rng.normal(0, 10, (SIZE, SIZE, 3)), 0, 255).astype(np.float32)


def _layer(name: str, side: int, at: tuple[int, int], blur: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """A gallery icon of `side` px at `at` on an empty canvas → (RGB, alpha 0..1), blurred as a lens
    out of focus would blur it (colour and outline together) when `blur` > 0."""
    import cv2

    icon = Image.open(IMAGES / f"{name}.webp").convert("RGBA").resize((side, side), Image.LANCZOS)
    canvas = np.zeros((SIZE, SIZE, 4), np.float32)
    x, y = at
    canvas[y:y + side, x:x + side] = np.asarray(icon, np.float32)
    canvas[..., :3] *= canvas[..., 3:] / 255.0  # premultiplied, so the blur does not darken the rim
    if blur:
        canvas = cv2.GaussianBlur(canvas, (0, 0), blur)
    alpha = canvas[..., 3] / 255.0
    return canvas[..., :3] / np.maximum(alpha[..., None], 1e-6), alpha


def _over(rgb: np.ndarray, layer: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    colour, alpha = layer
    return colour * alpha[..., None] + rgb * (1 - alpha[..., None])


@pytest.fixture(scope="module")
def flamingo_before_a_blurred_face() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(picture, the flamingo's alpha, the blurred face's alpha): the face stands behind it, to its right."""
    face = _layer("1f475", 150, (150, 80), blur=2.5)
    flamingo = _layer("1f9a9", 190, (40, 70))
    return np.round(_over(_over(_backdrop(), face), flamingo)), flamingo[1], face[1]


def test_a_blurred_object_the_model_drew_with_the_subject_is_left_out(flamingo_before_a_blurred_face):
    rgb, subject_alpha, behind_alpha = flamingo_before_a_blurred_face
    subject, behind = subject_alpha >= 0.5, (behind_alpha >= 0.5) & (subject_alpha < 0.5)
    left_out = blurred_parts(rgb, subject | behind)
    assert (left_out & behind).sum() >= 0.8 * behind.sum()
    assert (left_out & subject).sum() <= 0.02 * subject.sum()


def test_the_same_object_in_focus_beside_the_subject_is_not_judged_by_focus(flamingo_before_a_blurred_face):
    """Two sharp things touching: which one is the subject is not this step's question. (A smooth,
    low-contrast part such as a rendered head of grey hair can measure as soft as a blurred one:
    see `blurred_parts`.)"""
    beside = _layer("1f381", 150, (150, 80))
    flamingo = _layer("1f9a9", 190, (40, 70))
    rgb = np.round(_over(_over(_backdrop(), beside), flamingo))
    found = (flamingo[1] >= 0.5) | (beside[1] >= 0.5)
    assert not blurred_parts(rgb, found).any()


@pytest.mark.parametrize("name", ["1f9a9", "1f34e", "1f381"])
def test_a_sharp_subject_alone_keeps_every_part(name):
    subject = _layer(name, 220, (50, 50))
    rgb = np.round(_over(_backdrop(), subject))
    assert not blurred_parts(rgb, subject[1] >= 0.5).any()


def test_a_subject_whose_shading_softens_into_itself_keeps_it():
    """A moulded surface: a soft highlight inside, a crisp rim outside: no part of it is another thing."""
    icon = shaded_icon(240)
    colour = np.asarray(icon, np.float32)
    canvas = np.zeros((SIZE, SIZE, 4), np.float32)
    canvas[40:280, 40:280] = colour
    alpha = canvas[..., 3] / 255.0
    rgb = np.round(canvas[..., :3] * alpha[..., None] + _backdrop() * (1 - alpha[..., None]))
    assert not blurred_parts(rgb, alpha >= 0.5).any()


def test_a_subject_mostly_soft_is_never_cut_down_to_a_sliver(flamingo_before_a_blurred_face):
    """When the soft parts would leave less than the main share, the model's answer stands: the
    soft thing may be the subject itself (a photo focused on the wrong plane)."""
    rgb, subject_alpha, behind_alpha = flamingo_before_a_blurred_face
    flamingo = subject_alpha >= 0.5
    left = int(np.nonzero(flamingo.any(axis=0))[0].min())
    sliver = flamingo & (np.arange(SIZE)[None, :] < left + 30)  # the flamingo's beak and tail
    behind = (behind_alpha >= 0.5) & (subject_alpha < 0.5)
    whole = (sliver | behind).sum()
    assert BLURRED_MIN_SHARE * whole < sliver.sum() < MAIN_MIN_AREA_SHARE * whole
    assert not blurred_parts(rgb, sliver | behind).any()
