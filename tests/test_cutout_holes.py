"""Openings through the subject (issue 19): a mesh of strings shows the backdrop through cells far
smaller than a lone opening, on a gradient as on white, and even where the backdrop behind the
mesh (a radial light's centre) is seen nowhere else; a few small specks far apart are no mesh.

Synthetic scenes drawn here at 4× and scaled down (anti-aliased like a rendered icon); the classic
cutout needs no model, each test runs in well under a second.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from support.cutout_helpers import iou

from tools.cutout import cutout

SIZE = 320
SUPERSAMPLE = 4


def _down(mask: Image.Image) -> np.ndarray:
    return np.asarray(mask.resize((SIZE, SIZE), Image.LANCZOS), np.float32) / 255.0


def _racket(pitch: int = 9, string: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """An oval frame strung with a square mesh (`string` px strings every `pitch` px) and a handle
    → (true alpha, the cells: pixels well inside the frame that show the backdrop)."""
    big = SIZE * SUPERSAMPLE
    box = (0.2 * big, 0.15 * big, 0.8 * big, 0.75 * big)
    rim = 12 * SUPERSAMPLE
    inner_box = (box[0] + rim, box[1] + rim, box[2] - rim, box[3] - rim)
    frame, inside = Image.new("L", (big, big), 0), Image.new("L", (big, big), 0)
    ImageDraw.Draw(frame).ellipse(box, fill=255)
    ImageDraw.Draw(frame).ellipse(inner_box, fill=0)
    ImageDraw.Draw(frame).rectangle((0.47 * big, 0.74 * big, 0.53 * big, 0.95 * big), fill=255)
    ImageDraw.Draw(inside).ellipse(inner_box, fill=255)
    ys, xs = np.mgrid[0:big, 0:big]
    mesh = ((xs % (pitch * SUPERSAMPLE)) < string * SUPERSAMPLE) | ((ys % (pitch * SUPERSAMPLE)) < string * SUPERSAMPLE)
    strung = np.maximum(np.asarray(frame), np.where(mesh, np.asarray(inside), 0)).astype(np.uint8)
    alpha = _down(Image.fromarray(strung))
    return alpha, (_down(inside) > 0.99) & (alpha < 0.01)


def _over(backdrop: np.ndarray, alpha: np.ndarray, colour) -> Image.Image:
    scene = backdrop * (1 - alpha[..., None]) + np.asarray(colour, np.float32) * alpha[..., None]
    return Image.fromarray(np.round(scene).astype(np.uint8), "RGB")


def _linear_gradient() -> np.ndarray:
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / (SIZE - 1)
    t = (0.6 * xs + 0.4 * ys)[..., None]
    return np.array([250, 200, 120], np.float32) * (1 - t) + np.array([90, 140, 230], np.float32) * t


def _radial_light() -> np.ndarray:
    """A warm light whose bright centre lies behind the racket's head."""
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / (SIZE - 1)
    t = np.clip(np.hypot(xs - 0.45, ys - 0.4) / 0.8, 0, 1)[..., None]
    return np.array([255, 240, 200], np.float32) * (1 - t) + np.array([200, 60, 90], np.float32) * t


def _open_share(settings, scene: Image.Image, cells: np.ndarray) -> tuple[float, np.ndarray]:
    mask = np.asarray(cutout(settings, scene, backend="classic").mask, np.float32) / 255.0
    return float((mask[cells] < 0.5).mean()), mask


def test_a_fine_mesh_on_a_gradient_shows_the_backdrop_through_every_cell(settings):
    """Cells of about 7 × 7 px are each far below a lone opening's size; as a mesh they are openings."""
    alpha, cells = _racket(pitch=9)
    share, mask = _open_share(settings, _over(_linear_gradient(), alpha, (230, 230, 60)), cells)
    assert share > 0.95
    assert iou(mask, alpha) > 0.95


def test_a_very_fine_mesh_on_a_plain_colour_opens_too(settings):
    alpha, cells = _racket(pitch=7)
    backdrop = np.broadcast_to(np.array([60, 90, 200], np.float32), (SIZE, SIZE, 3))
    share, mask = _open_share(settings, _over(backdrop, alpha, (230, 230, 60)), cells)
    assert share > 0.95
    assert iou(mask, alpha) > 0.95


def test_the_middle_of_a_mesh_opens_where_it_hides_a_radial_light_s_centre(settings):
    """The cells in the middle show a colour the backdrop around the racket never shows: they
    match only the cells beside them."""
    alpha, cells = _racket(pitch=9)
    share, _ = _open_share(settings, _over(_radial_light(), alpha, (40, 40, 40)), cells)
    assert share > 0.9


def test_a_few_small_white_specks_far_apart_stay_the_subject_s(settings):
    """Highlights in a face's eyes on a white backdrop: small, white, like-sized, but scattered."""
    big = SIZE * SUPERSAMPLE
    face, specks = Image.new("L", (big, big), 0), Image.new("L", (big, big), 0)
    ImageDraw.Draw(face).ellipse((0.2 * big, 0.2 * big, 0.8 * big, 0.8 * big), fill=255)
    for row in (0.35, 0.65):
        for column in (0.3, 0.5, 0.7):  # six highlights, ~55 px apart, 3 px across
            centre = (column * big, row * big)
            ImageDraw.Draw(specks).ellipse((centre[0] - 6, centre[1] - 6, centre[0] + 6, centre[1] + 6), fill=255)
    alpha, highlight = _down(face), _down(specks)
    scene = np.full((SIZE, SIZE, 3), 255.0, np.float32) * (1 - alpha[..., None]) + \
        np.array([200, 120, 60], np.float32) * alpha[..., None]
    scene = scene * (1 - highlight[..., None]) + 255.0 * highlight[..., None]
    share, _ = _open_share(settings, Image.fromarray(np.round(scene).astype(np.uint8), "RGB"), highlight > 0.5)
    assert share == 0.0
