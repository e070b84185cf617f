"""The photo cutout on a textured backdrop (issue 19): what the model leaves out or keeps is judged
by texture as well as colour. A smooth part touching the subject is not the cloth (a sleeve in the
cloth's own colours); a region inside the subject with the cloth's texture and colours is an
opening; a smooth region in the cloth's colours inside the subject is no opening.

Synthetic scenes with hand-made model passes: nothing to install, a few hundred milliseconds.
"""
from __future__ import annotations

import cv2
import pytest
import numpy as np
from support.cutout_helpers import iou

from tools.cutout.photo import TEXTURED_BACKDROP_MIN, backdrop_texture, refine, texture_energy

SIZE = 200


def _cloth(colour=(150, 80, 170), seed: int = 3) -> np.ndarray:
    """A striped, grainy cloth (stripes 10 px apart, grain σ 7)."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    stripes = 18 * np.sin(2 * np.pi * (xs + ys) / 10.0)
    cloth = np.asarray(colour, np.float32) + stripes[..., None] + rng.normal(0, 7, (SIZE, SIZE, 1))
    return np.clip(cloth, 0, 255).astype(np.float32)


def _shape(box: tuple[int, int, int, int]) -> np.ndarray:
    mask = np.zeros((SIZE, SIZE), bool)
    left, top, right, bottom = box
    mask[top:bottom, left:right] = True
    return mask


def _disc(cx: float, cy: float, radius: float) -> np.ndarray:
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    return np.hypot(xs - cx, ys - cy) <= radius


def _paint(rgb: np.ndarray, mask: np.ndarray, colour) -> np.ndarray:
    """`colour` over `mask` with an anti-aliased rim, as a rendered or photographed edge has."""
    alpha = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 0.7)[..., None]
    return rgb * (1 - alpha) + np.asarray(colour, np.float32) * alpha


def _passes(sure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two model passes that agree: sure of `sure`, sure of backdrop elsewhere, a soft rim."""
    soft = cv2.GaussianBlur(sure.astype(np.float32), (0, 0), 1.0)
    return soft, soft.copy()


def test_a_cloth_measures_textured_and_a_smooth_surface_does_not():
    cloth, flat = _cloth(), np.full((SIZE, SIZE, 3), 150, np.float32)
    assert float(np.median(texture_energy(cloth))) >= TEXTURED_BACKDROP_MIN > float(np.median(texture_energy(flat)))
    subject = _disc(100, 100, 30)
    soft = _passes(subject)[0]
    assert backdrop_texture(cloth, subject, soft) is not None
    assert backdrop_texture(flat, subject, soft) is None  # no texture to tell by: the rules stay off


def test_a_smooth_sleeve_in_the_cloth_s_colours_is_kept_though_the_model_left_it_out():
    hand, sleeve = _disc(80, 90, 35), _shape((100, 75, 185, 110))
    truth = hand | sleeve
    rgb = _paint(_cloth(), sleeve, (130, 70, 165))  # the cloth's colours, without its stripes and grain
    rgb = _paint(rgb, hand, (235, 190, 160))
    found = refine(rgb, *_passes(hand))  # the model saw the hand only
    assert iou(found.alpha, truth.astype(np.float32)) > 0.9


def test_a_blurred_object_behind_the_subject_is_not_added():
    """Smooth too, but out of focus: its outline is much softer than the subject's."""
    subject, behind = _disc(70, 100, 35), _shape((100, 60, 185, 140))
    layer = _cloth()
    layer[behind] = (60, 160, 230)
    rgb = layer.copy()
    blurred = cv2.GaussianBlur(layer, (0, 0), 3.0)
    rgb[cv2.dilate(behind.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)] = \
        blurred[cv2.dilate(behind.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)]
    rgb = _paint(rgb, subject, (230, 57, 48))
    found = refine(rgb, *_passes(subject))
    assert float((found.alpha[behind & ~subject] >= 0.5).mean()) < 0.05


def test_the_cloth_seen_through_an_opening_is_transparent_though_the_model_filled_it():
    outer, hole = _disc(100, 100, 60), _disc(100, 100, 28)
    truth = outer & ~hole
    rgb = _paint(_cloth(), truth, (70, 200, 150))
    found = refine(rgb, *_passes(outer))  # the model filled the middle
    assert iou(found.alpha, truth.astype(np.float32)) > 0.9
    assert float((found.alpha[_disc(100, 100, 22)] >= 0.5).mean()) < 0.05


def test_a_smooth_patch_in_the_cloth_s_colour_inside_the_subject_is_no_opening():
    """A red vest on a red cloth: the colour matches, the texture does not."""
    outer, patch = _disc(100, 100, 60), _disc(100, 100, 28)
    rgb = _paint(_paint(_cloth(), outer, (70, 200, 150)), patch, (150, 80, 170))  # the cloth's colour, smooth
    soft = cv2.GaussianBlur(outer.astype(np.float32), (0, 0), 1.0)
    soft[patch] = 0.6  # the model hesitated there
    found = refine(rgb, soft, soft.copy())
    assert float((found.alpha[patch] >= 0.5).mean()) > 0.95


def test_a_thin_part_in_a_colour_the_cloth_never_shows_is_kept_though_the_model_left_it_out():
    """A white cane held by the hand: too thin to be smooth at the texture's scale, but no colour
    of the cloth is anywhere near white."""
    hand, cane = _disc(70, 80, 30), _shape((95, 76, 185, 84))
    truth = hand | cane
    rgb = _paint(_paint(_cloth(), cane, (245, 245, 240)), hand, (235, 190, 160))
    found = refine(rgb, *_passes(hand))  # the model saw the hand only
    assert float((found.alpha[cane & ~hand] >= 0.5).mean()) > 0.9
    assert iou(found.alpha, truth.astype(np.float32)) > 0.9


def test_a_narrow_smooth_strip_between_two_figures_is_kept_though_the_model_left_it_out():
    # a shirt in the cloth's colours seen between two figures: 16 px wide, so the medium-scale
    # texture there is the two figures' edges; the fine scale still sees it smooth
    left, right, head = _shape((40, 90, 90, 185)), _shape((106, 90, 156, 185)), _disc(98, 60, 28)
    strip = _shape((90, 80, 106, 185))
    truth = left | right | head | strip
    shading = 1.0 - 0.25 * np.abs(np.linspace(-1, 1, 16))[None, :, None]  # a round body, darker at its sides
    rgb = _cloth()
    rgb[80:185, 90:106] = np.asarray((130, 70, 165), np.float32) * shading
    for part, colour in ((left, (240, 180, 60)), (right, (240, 180, 60)), (head, (235, 190, 160))):
        rgb = _paint(rgb, part, colour)
    found = refine(rgb, *_passes(left | right | head))  # the model saw the figures, not the shirt between
    assert iou(found.alpha, truth.astype(np.float32)) > 0.95
    assert found.alpha[130, 98] >= 0.5


def _tail_scene(with_object_elsewhere: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A dark body and a tail close to the cloth's colour whose outline is softer than the body's
    (lower contrast, a σ 1 rim), the model seeing the body only; optionally a smooth object
    standing apart on the cloth."""
    body, tail = _disc(80, 80, 32), _shape((95, 100, 175, 150))
    rgb = _cloth()
    rim = cv2.GaussianBlur(tail.astype(np.float32), (0, 0), 1.0)[..., None]
    rgb = rgb * (1 - rim) + np.asarray((120, 95, 175), np.float32) * rim
    rgb = _paint(rgb, body, (90, 60, 40))
    if with_object_elsewhere:
        rgb = _paint(rgb, _disc(40, 170, 18), (60, 160, 230))
    return rgb, body, body | tail


def test_on_a_cloth_with_nothing_else_on_it_a_softer_smooth_part_is_kept():
    rgb, body, truth = _tail_scene(with_object_elsewhere=False)
    found = refine(rgb, *_passes(body))
    assert iou(found.alpha, truth.astype(np.float32)) > 0.95


def test_where_other_objects_stand_about_a_softer_part_must_be_as_crisp_as_the_subject():
    rgb, body, truth = _tail_scene(with_object_elsewhere=True)
    assert backdrop_texture(rgb, body, _passes(body)[0]).one_material is False
    found = refine(rgb, *_passes(body))
    tail = truth & ~body
    assert float((found.alpha[tail] >= 0.5).mean()) < 0.05


def test_the_cloth_seen_through_an_opening_is_transparent_though_its_blotch_differs_from_the_rest():
    """On a blotchy cloth of one material the patch seen through an opening (a bicycle's frame
    triangle) is often a shade the cloth shows little of elsewhere: within twice its colour spread."""
    rng = np.random.default_rng(3)
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    cloth = np.asarray((150, 80, 170), np.float32) + 18 * np.sin(2 * np.pi * (xs + ys) / 10.0)[..., None] \
        + rng.normal(0, 7, (SIZE, SIZE, 3))  # grain in every channel, as a camera's
    outer, hole = _disc(100, 100, 60), _disc(100, 100, 40)
    cloth[hole] += (3, -3, 0)  # the blotch behind the opening
    rgb = _paint(np.clip(cloth, 0, 255).astype(np.float32), outer & ~hole, (40, 40, 90))
    found = refine(rgb, *_passes(outer))  # the model filled the middle
    assert float((found.alpha[_disc(100, 100, 30)] >= 0.5).mean()) < 0.05


def _swoosh_scene(gap: int, with_object_elsewhere: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A leaf-green disc and a thin white stroke standing `gap` px apart from it (a gust's swoosh),
    the model seeing the disc only; optionally a smooth object standing apart on the cloth."""
    leaf, swoosh = _disc(80, 110, 35), _shape((80 - 30, 110 - 35 - gap - 8, 80 + 30, 110 - 35 - gap))
    rgb = _paint(_paint(_cloth(), swoosh, (240, 240, 245)), leaf, (70, 170, 110))
    if with_object_elsewhere:
        rgb = _paint(rgb, _disc(165, 165, 18), (60, 160, 230))
    return rgb, leaf, swoosh


def test_on_a_cloth_of_one_material_a_detached_part_near_the_subject_is_kept():
    """Too thin to be smooth at the texture's scale and not touching the subject, but in a colour
    the cloth never shows and close by (the swooshes of a gust of leaves)."""
    rgb, leaf, swoosh = _swoosh_scene(gap=12)
    found = refine(rgb, *_passes(leaf))
    assert float((found.alpha[swoosh] >= 0.5).mean()) > 0.9
    assert iou(found.alpha, (leaf | swoosh).astype(np.float32)) > 0.9


def test_a_part_far_from_the_subject_or_among_other_objects_is_not_added():
    rgb, leaf, swoosh = _swoosh_scene(gap=40)  # farther than a quarter of the subject's size
    assert float((refine(rgb, *_passes(leaf)).alpha[swoosh] >= 0.5).mean()) < 0.05
    rgb, leaf, swoosh = _swoosh_scene(gap=12, with_object_elsewhere=True)
    assert backdrop_texture(rgb, leaf, _passes(leaf)[0]).one_material is False
    assert float((refine(rgb, *_passes(leaf)).alpha[swoosh] >= 0.5).mean()) < 0.05


def test_a_figure_the_model_saw_a_piece_of_grows_part_by_part():
    """The model saw the hand; the sleeve touches the hand, the body only the sleeve (a strip of
    cloth between them): each smooth part joins the subject the one before it left."""
    hand, sleeve, body = _disc(40, 100, 22), _shape((60, 88, 110, 112)), _shape((115, 50, 175, 170))
    rgb = _paint(_paint(_cloth(), sleeve, (130, 70, 165)), body, (140, 85, 175))  # both in the cloth's colours
    rgb = _paint(rgb, hand, (235, 190, 160))
    found = refine(rgb, *_passes(hand))
    assert float((found.alpha[body] >= 0.5).mean()) > 0.95
    assert iou(found.alpha, (hand | sleeve | body).astype(np.float32)) > 0.93


@pytest.mark.parametrize("gap_width, transparent", [(40, True), (50, True), (60, False)])
def test_on_one_material_the_cloth_in_a_hollow_open_on_a_fifth_of_its_rim_is_transparent(gap_width, transparent):
    """A ring broken by a gap, filled in by the model: the cloth inside shows through a gap of up
    to a fifth of its rim (between a raised arm, the head and a ball); wider, it is the backdrop
    around the subject's edge, which the rule leaves to the model."""
    outer, inner = _disc(100, 100, 62), _disc(100, 100, 36)
    gap = _shape((100 - gap_width // 2, 0, 100 + gap_width // 2, 100))
    rgb = _paint(_cloth(), outer & ~inner & ~gap, (40, 40, 90))
    found = refine(rgb, *_passes(outer))
    middle = found.alpha[_disc(100, 100, 30)] < 0.5
    assert float(middle.mean()) > 0.95 if transparent else float(middle.mean()) < 0.05
