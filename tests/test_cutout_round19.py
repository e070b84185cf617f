"""Round 19 of the cutout's gradient tail (issue 19): what the photo model may call backdrop.

On a lit backdrop the classic fill hands the model the parts its free wand reached but the smooth
test turned down (`ClassicBackend._model_backdrop`): a spotlight's centre, which no low-order
surface fits, is backdrop where the model is sure of it. But the model overlooks things: beside a
climber it sees only the climber, and the rock he hangs on, pale and shaded where the light is
pale, went with the backdrop (tuning half, gradient seed 11: IoU .41). A spotlight's centre shows
the backdrop's own colours, on its colour line or radial fit (`colour_line_distance`); the rock's
greys stray far off it (`classic.MODEL_BACKDROP_OFF_LINE`).
"""
from __future__ import annotations

import numpy as np
import pytest
from support.cutout_helpers import iou, tuning_composite
from tools.cutout.classic import MODEL_BACKDROP_OFF_LINE, ClassicBackend, colour_line_distance

SIZE = 240


def _lab(rgb: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)


def _radial_scene():
    """A violet radial light, pale at its centre (hidden partly behind a dark subject), with a
    pale grey shaded slab beside the subject → (rgb, subject, light's centre part, slab)."""
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / (SIZE - 1)
    pale, deep = np.asarray((225, 215, 245), np.float32), np.asarray((110, 60, 235), np.float32)
    t = np.clip(np.hypot(xs - 0.55, ys - 0.5) / 0.8, 0, 1)
    rgb = pale * (1 - t[..., None]) + deep * t[..., None]
    subject = (np.abs(xs - 0.62) < 0.12) & (np.abs(ys - 0.5) < 0.3)
    rgb[subject] = (60, 50, 40)
    # the slab: greys shaded from left to right, no tint of the light
    slab = (xs > 0.15) & (xs < 0.42) & (ys > 0.25) & (ys < 0.75)
    shade = (200 + 40 * (xs - 0.15) / 0.27)[..., None]
    rgb = np.where(slab[..., None], np.broadcast_to(shade, rgb.shape), rgb)
    centre = (np.hypot(xs - 0.55, ys - 0.5) < 0.12) & ~subject & ~slab
    return np.clip(np.round(rgb), 0, 255).astype(np.uint8), subject, centre, slab


def test_the_model_s_backdrop_must_show_the_backdrop_s_colours():
    rgb, subject, centre, slab = _radial_scene()
    lab = _lab(rgb)
    backdrop = ~(subject | centre | slab)
    line = colour_line_distance(lab, backdrop, ~backdrop)
    assert line is not None
    assert float(np.median(line[centre])) < MODEL_BACKDROP_OFF_LINE < float(np.median(line[slab]))
    guide = subject.astype(np.float32)  # the model sees the subject alone: neither centre nor slab
    found = ClassicBackend._model_backdrop(centre | slab, guide, lab, backdrop)
    assert float(found[centre].mean()) > 0.8, "the light's centre is backdrop"
    assert not found[slab].any(), "the slab the model overlooked is not"
    # without the image the model alone decides, as before
    assert ClassicBackend._model_backdrop(centre | slab, guide)[slab].mean() > 0.8


def test_parts_in_a_row_chain_on_a_backdrop_of_one_material():
    """A word under an arrow (tuning half, textured: BACK, the K .26 of the arrow's side away, .05 from
    the C, was dropped): on a backdrop of one material a part close to a part already kept belongs."""
    from tools.cutout.photo import PART_MAX_GAP, keep_subject_parts

    rgb = np.full((SIZE, SIZE, 3), 200, np.uint8)
    mask = np.zeros((SIZE, SIZE), bool)
    mask[40:80, 30:190] = True  # the arrow: 160 px wide
    letters = []
    for left in range(30, 270, 40):  # letters 30 px wide, 10 px apart, in a row below it
        letter = np.zeros_like(mask)
        letter[100:140, left:left + 30] = True
        letters.append(letter)
        mask |= letter
    rgb[mask] = (60, 55, 70)
    last = letters[-1]
    # the last letter lies farther from the arrow than PART_MAX_GAP of its side, near the one before it
    assert np.hypot(100 - 79, 230 - 189) > PART_MAX_GAP * 160
    assert not keep_subject_parts(rgb.astype(np.float32), mask)[last].any()
    kept = keep_subject_parts(rgb.astype(np.float32), mask, chain=True)
    assert kept[last].all() and (kept == mask).all()


@pytest.mark.parametrize("icon,kind,seed,floor", [
    # cyclists on a textured backdrop: the softly shaded shirt measured below BLURRED_OUTLINE of the
    # rest's sharpness and was cut away as an object out of focus (.724, .764 before)
    ("1f6b4-1f3fd", "textured", 211_316, 0.90),
    ("1f6b4-1f3ff-200d-2642-fe0f", "textured", 211_114, 0.90),
    # a part of the subject in a scene, as crisp in itself (.886 before)
    ("1f385-1f3ff", "scene", 301_031, 0.95),
    # the blurred objects beside the subject in a scene are still left out (.574, .501 without the check)
    ("1f468-1f3fe-200d-1f37c", "scene", 301_046, 0.70),
    ("1f468-1f3fd-200d-1f9af", "scene", 301_041, 0.55),
])
def test_a_crisp_outline_is_not_out_of_focus(photo_cutter, icon, kind, seed, floor):
    """Tuning-half icons composited as bench/cutout.py does (--split dev; textured seed 11 -n 400,
    scene seed 1 -n 60): a part whose own outline is crisp (BLURRED_SHARP_OUTLINE) stays."""
    scene, truth = tuning_composite(icon, kind, seed)
    result = photo_cutter.cut(scene)
    assert iou(np.asarray(result.mask, np.float32) / 255.0, truth) > floor
