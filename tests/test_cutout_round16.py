"""Round 16 of the cutout's textured tail (issue 19): what the out-of-focus cut leaves hanging.

The photo model sometimes draws a patch of the backdrop together with the subject (a red ✗ on a
pink striped cloth, tuning half, textured seed 13: a cloth patch joined to one arm's end). The focus
test (`blurred_parts`) rightly leaves out the soft part that joins it to the subject, but what lay
beyond that part then stood apart from the subject and stayed, though it is no more the subject than
before: a separate part that the part rules (`keep_subject_parts`: close enough and as sharp as the
subject) would never have kept (IoU .52). The pieces the cut separates are now judged as separate
parts are (`photo.cut_off_pieces`); parts that stood apart before the cut were judged then and stay.

Synthetic cases need nothing installed; the composite case uses the real u2netp `make gallery` puts
in data/ (skipped without it) on a tuning-half icon (bench/cutout.py --split dev), never a held-out one.
"""
from __future__ import annotations

import numpy as np
from support.cutout_helpers import iou, tuning_composite

from tools.cutout.photo import PART_MAX_GAP, backdrop_texture, cut_off_pieces, keep_subject_parts, refine

SIZE = 240


def _disc(cx: float, cy: float, radius: float) -> np.ndarray:
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    return np.hypot(xs - cx, ys - cy) <= radius


def _scene(beyond_sharp: bool):
    """A crisp red disc (the subject), joined through a soft neck (the part the focus test leaves
    out) to a disc beyond it, blurred like an object out of focus unless `beyond_sharp`; a small crisp
    part stands apart near the subject → (rgb, the model's subject, subject, neck, beyond, apart)."""
    import cv2

    rng = np.random.default_rng(5)
    rgb = np.full((SIZE, SIZE, 3), 110, np.float32) + rng.normal(0, 2, (SIZE, SIZE, 3)).astype(np.float32)
    subject, beyond, apart = _disc(70, 120, 45), _disc(175, 120, 40), _disc(70, 30, 10)
    neck = np.zeros_like(subject)
    neck[110:131, 110:140] = True
    neck &= ~subject & ~beyond
    soft_layer = rgb.copy()
    soft_layer[neck] = (40, 160, 230)
    if not beyond_sharp:
        soft_layer[beyond] = (40, 160, 230)
    rgb = cv2.GaussianBlur(soft_layer, (0, 0), 3.0)
    if beyond_sharp:
        rgb[beyond] = (230, 57, 48)
    rgb[subject] = (230, 57, 48)
    rgb[apart] = (230, 57, 48)
    return rgb, subject | neck | beyond | apart, subject, neck, beyond, apart


def test_a_blurred_object_beyond_the_part_left_out_goes_with_it():
    rgb, found, subject, neck, beyond, apart = _scene(beyond_sharp=False)
    dropped = cut_off_pieces(rgb, found, neck)
    assert dropped[neck].all(), "the part the focus test left out still goes"
    assert dropped[beyond].mean() > 0.95, "what hung on the subject only through it goes too"
    assert not dropped[subject].any() and not dropped[apart].any()


def test_a_crisp_piece_beyond_the_part_left_out_stays():
    """A piece as sharp as the subject and close to it is a part of it, as any separate part is."""
    rgb, found, subject, neck, beyond, apart = _scene(beyond_sharp=True)
    dropped = cut_off_pieces(rgb, found, neck)
    assert dropped[neck].all() and not dropped[beyond].any()
    assert not dropped[subject].any() and not dropped[apart].any()


def test_a_part_that_stood_apart_before_the_cut_is_not_judged_again():
    """The soft disc stands apart from the subject before the cut: the part rules judged it already
    (here it is kept as the model gave it), and the cut elsewhere does not reopen that."""
    rgb, found, subject, neck, beyond, apart = _scene(beyond_sharp=False)
    other_neck = np.zeros_like(subject)
    other_neck[20:40, 40:55] = True  # the cut falls between the subject and the small crisp part
    found = (found & ~neck) | other_neck
    dropped = cut_off_pieces(rgb, found, other_neck)
    assert not dropped[beyond].any(), "a part separate before the cut is left to the part rules"
    assert not dropped[subject].any()


def test_backdrop_patches_beyond_the_cut_go_on_a_tuning_composite(photo_cutter):
    """❌ on a pink striped cloth (tuning half, textured, seed 13, the 55th icon drawn): u2netp drew a
    patch of the cloth joined to the cross's arm; after the soft joint was left out, patches of cloth
    touching the frame stayed (IoU .52)."""
    scene, truth = tuning_composite("274c", "textured", 213_054)
    result = photo_cutter.cut(scene)
    assert result.backend.startswith("u2netp")
    found = np.asarray(result.mask) / 255.0
    assert iou(found, truth) > 0.9
    # the patches along the frame are gone (the cross stands well inside it): a few specks too
    # small to measure may stay (before: over 300 px)
    frame = np.ones(truth.shape, bool)
    frame[8:-8, 8:-8] = False
    assert (found[frame] >= 0.5).sum() < 20


def _paws() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two paws, each a pad and four toes; the second paw below and right of the first, its nearest
    toe farther from the first pad than PART_MAX_GAP of the pad's side → (rgb, mask, second paw)."""
    rgb = np.full((SIZE, SIZE, 3), 200, np.float32)
    mask, second = np.zeros((SIZE, SIZE), bool), np.zeros((SIZE, SIZE), bool)
    for number, (x, y) in enumerate(((50, 60), (128, 128))):
        paw = np.zeros_like(mask)
        paw[y + 26:y + 70, x:x + 56] = True  # the pad, 56 px wide
        for toe_x in (x - 8, x + 12, x + 32, x + 52):  # toes 14 px wide, 6 px apart and above the pad
            paw[y:y + 20, toe_x:toe_x + 14] = True
        mask |= paw
        if number:
            second = paw
    rgb[mask] = (70, 45, 110)
    return rgb, mask, second


def test_a_second_paw_chains_to_the_first_on_one_material():
    rgb, mask, second = _paws()
    gap_to_pad = 120 - 105  # the second paw's first toe (from x 120) to the first pad (to x 105)
    assert gap_to_pad > PART_MAX_GAP * 56  # .27 of the pad's side, .20 of the first paw's (74 px)
    assert not keep_subject_parts(rgb, mask)[second].any(), "apart from a backdrop of one material: dropped"
    kept = keep_subject_parts(rgb, mask, chain=True)
    assert (kept == mask).all()


def test_a_second_paw_on_a_cloth_is_kept_on_a_tuning_composite(photo_cutter):
    """🐾 on a cloth (tuning half, textured, seed 14, the 98th icon drawn): u2netp found both paws,
    the part rules kept one (IoU .49)."""
    scene, truth = tuning_composite("1f43e", "textured", 214_097)
    result = photo_cutter.cut(scene)
    assert result.backend.startswith("u2netp")
    assert iou(np.asarray(result.mask) / 255.0, truth) > 0.95


def _cloth(size: int = 200, seed: int = 3) -> np.ndarray:
    """A striped, grainy violet cloth (stripes 10 px apart, grain σ 7)."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32)
    stripes = 18 * np.sin(2 * np.pi * (xs + ys) / 10.0)
    cloth = np.asarray((150, 80, 170), np.float32) + stripes[..., None] + rng.normal(0, 7, (size, size, 1))
    return np.clip(cloth, 0, 255).astype(np.float32)


def _paint(rgb: np.ndarray, mask: np.ndarray, colour, blur: float = 0.7) -> np.ndarray:
    import cv2

    alpha = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), blur)[..., None]
    return rgb * (1 - alpha) + np.asarray(colour, np.float32) * alpha


def _fountain(blur: float = 0.7, with_object_elsewhere: bool = False):
    """Water (a blue disc) above a smooth pale basin 9 px below it, on a cloth; the model sees the
    water only → (rgb, passes, water, basin)."""
    import cv2

    ys, xs = np.mgrid[0:200, 0:200].astype(np.float32)
    water = np.hypot(xs - 100, ys - 60) <= 34
    basin = (np.abs(xs - 100) < 55) & (ys >= 103) & (ys < 155)
    rgb = _paint(_paint(_cloth(), basin, (225, 222, 230), blur), water, (90, 170, 235))
    if with_object_elsewhere:
        rgb = _paint(rgb, np.hypot(xs - 175, ys - 180) <= 15, (60, 160, 90))
    soft = cv2.GaussianBlur(water.astype(np.float32), (0, 0), 1.0)
    return rgb, (soft, soft.copy()), water, basin


def test_a_smooth_part_near_the_subject_on_one_material_is_kept():
    rgb, passes, water, basin = _fountain()
    assert backdrop_texture(rgb, water, passes[0]).one_material is False, "the basin itself looks like another thing"
    found = refine(rgb, *passes).alpha >= 0.5
    assert found[basin].mean() > 0.95 and found[water].mean() > 0.95


def test_a_blurred_part_or_one_among_other_objects_is_not_added():
    rgb, passes, water, basin = _fountain(blur=3.0)  # out of focus: another thing behind
    assert (refine(rgb, *passes).alpha[basin] >= 0.5).mean() < 0.05
    rgb, passes, water, basin = _fountain(with_object_elsewhere=True)  # not one material apart from it
    assert (refine(rgb, *passes).alpha[basin] >= 0.5).mean() < 0.05


def test_a_basin_the_model_missed_is_kept_on_a_tuning_composite(photo_cutter):
    """⛲ on a cloth (tuning half, textured, seed 14): u2netp found the water only (IoU .27)."""
    scene, truth = tuning_composite("26f2", "textured", _scene_seed("26f2", 14))
    result = photo_cutter.cut(scene)
    assert iou(np.asarray(result.mask) / 255.0, truth) > 0.95


def _scene_seed(icon: str, seed: int, n: int = 200) -> int:
    """The composite's seed as bench/cutout.py draws it (`--split dev --kinds textured -n 200`)."""
    from bench.cutout import KINDS, gallery_icons

    index = [path.stem for path in gallery_icons(n, seed, "dev")].index(icon)
    return seed * 1000 + KINDS.index("textured") * 100_000 + index
