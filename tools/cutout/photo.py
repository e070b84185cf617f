"""The embedded default's per-image choice, and the model path for photos.

Where the image border is uniform (plain or gradient backdrops: studio shots, renders) the
classic cutout is as accurate as a model and about 20× faster, so it runs. Elsewhere (a busy
table, a room, a textured cloth) U²-Net-p (4.5 MB, MIT; `tools.cutout.models` installs it) asks
what the *subject* is, through rembg's own `u2netp` session, and its mask is refined:

1. the mask is predicted on the image and on its mirror image and averaged (the two disagree
   where the model is guessing; the average is steadier, and their agreement is the confidence),
   and each is averaged with a second look at the subject's box alone (`model_passes`: thin parts
   the model filled in at its 320 px input, a bicycle's frame, it draws when it sees them larger);
2. what the model half-gave (.25–.5) is decided by colour, seeded with what it is sure of
   (`claim_unsure_parts`: a sleeve in another colour than the hand); the subject is the part in
   focus, not merely the largest (`main_part`: area × sharpness²), and other parts are kept only
   when close to it and as sharp (another object on the table stands further off or is out of
   focus: `keep_subject_parts`), pinholes closed;
3. enclosed regions whose colour is the backdrop's and which the model was not sure of become
   holes (the middle of a ring shows the table through it);
   on a textured backdrop (a cloth) texture decides too: smooth parts touching the subject that
   the model left out are subject (a purple sleeve on a purple striped cloth: `smooth_parts_left_out`),
   so are parts in colours the cloth never shows (a white cane: `parts_unlike_backdrop`),
   regions inside it with the cloth's texture and colours are openings even where the model was
   sure (`textured_openings`), and a smooth region is never an opening;
4. the edge is cleaned like every backend's: colours decontaminated so no halo (in `__init__`).

Where the border is uniform the classic path runs, and one u2netp pass is its second opinion
(`ClassicBackend.mask(guide=...)`): it restores subject parts the colour fill took, decides
white enclosed regions (an eye or an opening) and backdrop the colours leave open (a spotlight's
centre, the inside of ©); when the fill broke into specks on a fine pattern the border test
passed (`flood_failed`), the model's cutout is used instead. Measured on the tuning half (bench/cutout.py
--split dev): scenes .834 → .874 with the part filter; plain and gradient worst cases see docs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from PIL import Image

from tools.cutout.edges import fill_small_holes, keep_main_components

# A border whose colours a smooth surface explains within this ΔE (median) is "uniform". Tuned on
# the tuning half (bench/cutout.py --split dev): plain and gradient borders measure ≤ 1.1, and
# the classic flood fill already fails on textured cloths at 4.0–4.1 (IoU .82 and .68), so 3.0.
UNIFORM_BORDER_DELTA_E = 3.0
# When the model is unsure (confidence below this) the classic GrabCut mask is made too; it is
# used instead when the two disagree (IoU below DISAGREE) and classic's subject is not larger
# (a busy scene's GrabCut swallows the objects around the subject; a textured cloth's does not).
# Tuned on the tuning half: textured .977/.857 → .985/.920 (mean/worst), scene unchanged.
RECHECK_BELOW_CONFIDENCE = 0.90
DISAGREE = 0.95
CLASSIC_MAX_AREA_RATIO = 1.10
# The model looks again at the subject's box (with ZOOM_MARGIN of its size around it) when the
# box is at most 1/ZOOM_MIN of the picture's side (`model_passes`), the first look found a subject
# of at least ZOOM_MIN_SHARE of the picture (a crutch the model all but missed gave a box of noise),
# and the two looks agree on at least ZOOM_MIN_AGREEMENT (IoU; on the tuning half's cyclists they
# agree .58–.81). There the raw model mask went .68 → .92, .76 → .90, .88 → .96 with the looks averaged.
ZOOM_MARGIN = 0.1
ZOOM_MIN = 1.2
ZOOM_MIN_SHARE = 0.01
ZOOM_MIN_AGREEMENT = 0.5
# Below this the cutout still comes back, with a note asking a person to look at it.
LOW_CONFIDENCE = 0.75
# A part separate from the largest one stays only when it is one piece of the same object: close
# to it (gap ≤ this share of the largest part's longer side: the plates of a barbell, the rays of
# a sun, the second mark of ‼) and as sharp as it (edge sharpness ≥ this share of the largest
# part's). Another thing on the table stands further off or is out of focus. On the tuning half
# the subject's own parts measure gap ≤ .07 and sharpness ≥ .92; other objects .03–.61 and .59–.94.
# The classic cutout on a border that looked uniform gives way to the model's when it broke into
# at least this many separate parts and agrees with the model below this IoU. On the tuning half
# (bench/cutout.py --split dev) correct classic cutouts have ≤ 3 parts; a dotted cloth's 500–600.
FLOOD_FAILED_PARTS = 25
FLOOD_FAILED_AGREEMENT = 0.95
# Pixels the model gives UNSURE_LOW..0.5 are decided by colour (GrabCut) when they are at least
# UNSURE_MIN_SHARE of the image (see `claim_unsure_parts`).
UNSURE_LOW = 0.25
UNSURE_MIN_SHARE = 0.01
# The subject is chosen among the parts at least this share of the largest (see `main_part`).
MAIN_MIN_AREA_SHARE = 0.3
PART_MAX_GAP = 0.25
PART_MIN_SHARPNESS = 0.85
# On a backdrop of one material a part also belongs when close to a part already kept (see
# `keep_subject_parts`), in up to this many rounds (tuning half, textured: BACK under its arrow,
# the K .26 of the arrow's side from it, .05 from the C). "Close" there is PART_MAX_GAP of the side of
# the subject as kept so far, not of the main part alone: a pair of paws on a cloth (tuning half,
# textured seed 14) has the first paw's pad as its main part, and the second paw's nearest toe lies
# 16 px from it, .29 of the pad's side (57 px) but .19 of the first paw's (86 px) (round 16).
CHAIN_ROUNDS = 4
# An object out of focus that the model drew together with the subject (a blurred figure behind
# it, overlapping): the subject is split where its edges lose focus. Edges are pixels whose colour
# range (7 px) exceeds FOCUS_EDGE_RANGE; an edge's focus is its gradient over that range, averaged
# over FOCUS_WINDOW px; edges below FOCUS_BLURRED of the subject's sharpest (90th percentile) are
# blurred, and the subject's pixels nearer blurred edges than sharp ones form candidate parts.
# A part is left out when it is at least BLURRED_MIN_SHARE of the subject, at least
# BLURRED_SEAM_ON_EDGE of the line where it meets the rest is an image edge (the subject's own
# outline in front of it, not a shading inside one surface), and its own outline is less than
# BLURRED_OUTLINE of the rest's sharpness. Tuning half, seeds 3 (bench/cutout.py --split dev):
# blurred objects beside the subject measure .52–.76, the subject's own smooth limbs .68–.94 but
# ≤ .06 of it; left out parts below .08 of the subject were all the subject's own.
FOCUS_EDGE_RANGE = 40.0
FOCUS_WINDOW = 21
FOCUS_BLURRED = 0.75
BLURRED_MIN_SHARE = 0.08
BLURRED_SEAM_ON_EDGE = 0.6
BLURRED_OUTLINE = 0.75
# ... unless its own outline is crisp in itself, at least BLURRED_SHARP_OUTLINE (see `edge_sharpness`:
# a crisp edge ≈ .4, blurred by σ 2 ≈ .25): a figure's softly shaded clothes on a textured backdrop
# measure below .75 of the rest's sharpness though they are the subject (dev textured, seed 11:
# cyclists' shirts .295, .300) while the blurred objects beside a subject measure at most .276
# (dev scene, seeds 1 and 3: 17 of them); a scene's part of the subject itself .283.
BLURRED_SHARP_OUTLINE = 0.28
# On a textured backdrop (a cloth, a wood: texture energy, see `texture_energy`, at least
# TEXTURED_BACKDROP_MIN where the model is sure of backdrop) texture decides what colour cannot:
# - a part the model left out that touches the subject (across a seam up to SEAM px wide, itself
#   textured by the edges in it) and is smoother than SMOOTH_SHARE of the backdrop's texture is not
#   that material: it is subject, when its own outline is at least ADDED_MIN_SHARPNESS of the
#   subject's edge sharpness (another object behind, out of focus, is smooth too). On the tuning
#   half (bench/cutout.py --split dev) the subject's own parts measure ≥ .84, blurred objects beside
#   it ≤ .78 (`smooth_parts_left_out`);
# - a region inside the subject with at least ROUGH_SHARE of the backdrop's texture and the
#   backdrop's colours, enclosed by the subject (at most OPENING_MAX_OPEN_RIM of its rim is the
#   backdrop outside), is an opening (`textured_openings`); a smooth one is never an opening.
TEXTURED_BACKDROP_MIN = 3.0
SMOOTH_SHARE = 0.35
SEAM = 7
ADDED_MIN_SHARPNESS = 0.8
ROUGH_SHARE = 0.6
# - a part the model left out, joined to the subject, whose colours lie farther than UNLIKE_SPREAD × the backdrop's own colour spread (and
#   UNLIKE_MIN_DELTA RGB levels) from every colour of the backdrop (seen in a strip along the frame,
#   UNLIKE_FRAME of its side), is subject (`parts_unlike_backdrop`:
#   on the tuning half a handball player's arm and leg, a white cane; .765 → .907, .859 → .872).
UNLIKE_SPREAD = 2.0
UNLIKE_MIN_DELTA = 30.0
UNLIKE_FRAME = 0.04
# on a backdrop of one material such a part may also stand apart from the subject, up to DETACHED_REACH
# × the side of a square of the subject's area (the swooshes of a gust of leaves, 10–23 px from a
# 110 px subject)
DETACHED_REACH = 0.25
# smooth parts are added in up to GROW_ROUNDS rounds, each touching the subject as the last left it
GROW_ROUNDS = 4
OPENING_MAX_OPEN_RIM = 0.1
# on a backdrop of one material a region open on up to OPENING_ONE_MATERIAL_OPEN_RIM of its rim
# still counts: the cloth between a raised arm, the head and the ball (on the tuning half, cloths and
# scenes: 8 regions open on .1–.2 of their rim, 7 of them cloth; the first of the subject's own
# regions, .24)
OPENING_ONE_MATERIAL_OPEN_RIM = 0.2
# on a backdrop of one material an opening's pixels may lie up to OPENING_SPREAD × the backdrop's own
# colour spread from its colours (elsewhere 1×): a blotchy cloth seen through a small opening is one
# blotch, often not among the colours sampled far away (the frame triangle of a bicycle)
OPENING_SPREAD = 2.0
# A textured backdrop is one material when its smooth parts that do not touch the subject cover
# less than ONE_MATERIAL_MAX_SMOOTH of it (no other object standing about, in focus or not).
# On the tuning half every textured cloth measures 0 (58 of 58), 45 of 60 busy scenes up to .12; the
# subject's own parts the model left out measure .74–.77 of its sharpness on a cloth, the blurred
# objects in scenes .45–1.0 (so the looser rules are for the cloth; on the 15 scenes that measure
# one material they left the scene mean as it was, .868 → .867).
ONE_MATERIAL_MAX_SMOOTH = 0.005
ONE_MATERIAL_MIN_SHARPNESS = 0.6
# A smooth part standing near the subject (not touching it: the model left a gap, or missed the
# part outright) is subject when the backdrop is one material apart from it and its outline is at
# least NEARBY_MIN_SHARPNESS of the subject's (`smooth_parts_nearby`, round 16; tuning half,
# textured seeds 14 and 15: a fountain's basin 11.5 px below its water, .98 of the water's
# sharpness; an island of a map, 1.01). Not .8 as for parts touching it: on a dev scene (seed 1,
# ⛑) a smooth patch of the backdrop beside the subject measured .81 and was taken (.99 → .86).
NEARBY_MIN_SHARPNESS = 0.9


def border_spread(rgb: np.ndarray, side: int = 160) -> float:
    """Median ΔE of the border pixels from a smooth surface fitted to them (0 = flat colour)."""
    import cv2

    from tools.cutout.classic import ClassicBackend

    height, width = rgb.shape[:2]
    scale = min(1.0, side / max(height, width))
    small = rgb if scale >= 1 else cv2.resize(rgb, (max(8, round(width * scale)), max(8, round(height * scale))),
                                               interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(small.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    strip = max(1, round(0.012 * min(lab.shape[:2])))
    _, _, typical = ClassicBackend()._fit_background(lab, strip)
    return typical


def border_is_uniform(rgb: np.ndarray) -> bool:
    return border_spread(rgb) <= UNIFORM_BORDER_DELTA_E


def flood_failed(classic_mask: np.ndarray, guide: np.ndarray) -> bool:
    """True when the classic cutout took a fine pattern of the backdrop for subject (a dotted or
    grainy cloth whose border the uniform test passed): the fill leaves the pattern's dots behind
    as dozens of separate specks, and the photo model, which saw one subject, disagrees."""
    import cv2

    subject, model = classic_mask >= 128, guide >= 0.5
    if not model.any() or cv2.connectedComponents(subject.astype(np.uint8), connectivity=8)[0] - 1 \
            < FLOOD_FAILED_PARTS:
        return False
    union = (subject | model).sum()
    return float((subject & model).sum() / union) < FLOOD_FAILED_AGREEMENT


@dataclass
class PhotoMask:
    alpha: np.ndarray  # float32 0..1, full size
    confidence: float  # 0..1: agreement of the two passes × share of pixels the model is sure of
    notes: list[str] = field(default_factory=list)
    empty: bool = False  # nothing usable found: the caller falls back
    soft: np.ndarray | None = None  # the two passes' mean, for a fallback mask's own refinement


def _mirror_average(session, image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    straight = session.mask(image)
    mirrored = session.mask(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT))[:, ::-1]
    return straight, np.ascontiguousarray(mirrored)


def subject_box(found: np.ndarray) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) around what the model took for subject (`found`, a mask), with a
    margin of ZOOM_MARGIN of its size for the parts it missed; None when it found nothing."""
    ys, xs = np.nonzero(found)
    if not len(xs):
        return None
    height, width = found.shape
    margin = int(ZOOM_MARGIN * max(xs.max() - xs.min(), ys.max() - ys.min())) + 4
    return (max(0, int(xs.min()) - margin), max(0, int(ys.min()) - margin),
            min(width, int(xs.max()) + 1 + margin), min(height, int(ys.max()) + 1 + margin))


def model_passes(session, image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """The model's two passes (straight and mirrored), each averaged with a second look at the
    subject alone: the model sees the whole picture at its own input size (320 px for U²-Net), where
    a bicycle's frame or a crutch's grip is a few pixels thick and the cloth between them is filled
    in; cropped to the subject's box and seen at that size again (ZOOM_MIN× or more), it draws them.
    Outside the box the first look stands."""
    straight, mirrored = _mirror_average(session, image)
    found = (straight + mirrored) / 2.0 >= 0.5
    if found.mean() < ZOOM_MIN_SHARE:
        return straight, mirrored  # no subject to look at: the refinement works from the unsure parts
    box = subject_box(found)
    left, top, right, bottom = box
    if max(right - left, bottom - top) * ZOOM_MIN > max(image.size):
        return straight, mirrored  # the subject fills the picture: nothing to gain
    near_straight, near_mirrored = _mirror_average(session, image.crop(box))
    seen, seen_again = found[top:bottom, left:right], (near_straight + near_mirrored) / 2.0 >= 0.5
    agreement = float((seen & seen_again).sum() / max((seen | seen_again).sum(), 1))
    if agreement < ZOOM_MIN_AGREEMENT:
        return straight, mirrored  # the second look saw another thing
    for whole, near in ((straight, near_straight), (mirrored, near_mirrored)):
        whole[top:bottom, left:right] = (whole[top:bottom, left:right] + near) / 2.0
    return straight, mirrored


def _backdrop_holes(rgb: np.ndarray, subject: np.ndarray, soft: np.ndarray,
                    textured: BackdropTexture | None = None) -> np.ndarray:
    """Enclosed parts of the subject that show the backdrop: coloured like the background around
    them (classic's hole test) and where the model itself was unsure (mean alpha < .75). On a
    textured backdrop an opening shows its texture too: a smooth region is the subject's own
    surface in the backdrop's colours (a red vest on a red cloth)."""
    import cv2

    from tools.cutout.classic import ClassicBackend

    holes = np.zeros_like(subject)
    # only where the model hesitated inside the subject: most cutouts skip the (slow) colour test
    if (subject & (soft < 0.75)).sum() < max(12, int(subject.size * 0.0008)):
        return holes
    lab = cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    for found in ClassicBackend().hole_candidates(lab, subject, typical=1.0):
        if float(soft[found.region].mean()) >= 0.75:
            continue
        if textured is not None and float(np.median(textured.energy[found.region])) < SMOOTH_SHARE * textured.level:
            continue
        holes |= found.region
    return holes


class EdgeContrast(NamedTuple):
    strongest: np.ndarray    # the strongest colour gradient within 2 px
    local_range: np.ndarray  # the colour range over 7 px


def edge_contrast(rgb: np.ndarray) -> EdgeContrast:
    import cv2

    square7, square5 = np.ones((7, 7), np.uint8), np.ones((5, 5), np.uint8)
    gradient2 = np.zeros(rgb.shape[:2], np.float32)
    range2 = np.zeros(rgb.shape[:2], np.float32)
    for channel in range(3):
        plane = np.ascontiguousarray(rgb[..., channel], dtype=np.float32)
        gradient2 += (cv2.Sobel(plane, cv2.CV_32F, 1, 0, ksize=3) / 8.0) ** 2
        gradient2 += (cv2.Sobel(plane, cv2.CV_32F, 0, 1, ksize=3) / 8.0) ** 2
        range2 += (cv2.dilate(plane, square7) - cv2.erode(plane, square7)) ** 2
    return EdgeContrast(cv2.dilate(np.sqrt(gradient2), square5), np.sqrt(range2))


def edge_sharpness(rgb: np.ndarray, part: np.ndarray, ignore: np.ndarray | None = None,
                   contrast: EdgeContrast | None = None) -> float | None:
    """How crisp a part's outline is, whatever its contrast: the median over its boundary of the
    strongest colour gradient nearby divided by the local colour range (a crisp edge ≈ .4, the
    same edge blurred by σ 2 ≈ .25). None when the outline has too little contrast to tell.
    `ignore`: pixels whose outline does not count; `contrast`: the picture's, when measured."""
    import cv2

    strongest, local_range = contrast or edge_contrast(rgb)
    square5 = np.ones((5, 5), np.uint8)
    part8 = part.astype(np.uint8)
    band = (cv2.dilate(part8, square5) - cv2.erode(part8, square5)).astype(bool)
    if ignore is not None:  # outline shared with something else (the subject a part touches)
        band &= ~ignore
    edge = band & (local_range > 25)
    if edge.sum() < 10:
        return None
    return float(np.median(strongest[edge] / np.maximum(local_range[edge], 1e-3)))


def blurred_parts(rgb: np.ndarray, subject: np.ndarray, contrast: EdgeContrast | None = None) -> np.ndarray:
    """The parts of the subject that are another object out of focus the model drew with it (see
    FOCUS_* and BLURRED_*): the subject of a photo is the sharp thing in front. Never more than
    all but MAIN_MIN_AREA_SHARE of the subject. Known limit: a smooth part whose outline has little
    contrast (a rendered head of grey hair on a grey-blue wall) measures as soft as a blurred one;
    BLURRED_MIN_SHARE keeps the small ones."""
    import cv2

    none = np.zeros_like(subject)
    contrast = contrast or edge_contrast(rgb)
    near = cv2.dilate(subject.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    edge = (near & (contrast.local_range > FOCUS_EDGE_RANGE)).astype(np.float32)
    if edge.sum() < 50:
        return none
    focus_of_edge = contrast.strongest / np.maximum(contrast.local_range, 1e-3)
    window = (FOCUS_WINDOW, FOCUS_WINDOW)
    edges_near = cv2.boxFilter(edge, -1, window, normalize=False)
    focus = cv2.boxFilter(focus_of_edge * edge, -1, window, normalize=False) / np.maximum(edges_near, 1e-3)
    counted = edge.astype(bool) & (edges_near >= 8)
    if not counted.any():
        return none
    blurred = counted & (focus < FOCUS_BLURRED * float(np.percentile(focus[counted], 90)))
    to_sharp = cv2.distanceTransform((~(counted & ~blurred)).astype(np.uint8), cv2.DIST_L2, 5)
    to_blurred = cv2.distanceTransform((~blurred).astype(np.uint8), cv2.DIST_L2, 5)
    region = (subject & (to_blurred < to_sharp)).astype(np.uint8)
    region = cv2.morphologyEx(region, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    count, labels = cv2.connectedComponents(region, connectivity=8)
    total = int(subject.sum())
    square3, square7 = np.ones((3, 3), np.uint8), np.ones((7, 7), np.uint8)
    drop = none.copy()
    for label in range(1, count):
        part = labels == label
        if part.sum() < BLURRED_MIN_SHARE * total:
            continue
        rest = subject & ~part
        seam = part & cv2.dilate(rest.astype(np.uint8), square3).astype(bool)
        if seam.any() and float((contrast.local_range[seam] > FOCUS_EDGE_RANGE).mean()) < BLURRED_SEAM_ON_EDGE:
            continue  # one surface shading into itself, not an outline in front of another thing
        own = edge_sharpness(rgb, part, ignore=cv2.dilate(rest.astype(np.uint8), square7).astype(bool),
                             contrast=contrast)
        rests = edge_sharpness(rgb, rest, ignore=cv2.dilate(part.astype(np.uint8), square7).astype(bool),
                               contrast=contrast)
        if own is not None and rests and own < BLURRED_OUTLINE * rests and own < BLURRED_SHARP_OUTLINE:
            drop |= part
    if (subject & ~drop).sum() < MAIN_MIN_AREA_SHARE * total:
        return none  # most of what the model found is soft: it may be the subject itself
    return drop


def cut_off_pieces(rgb: np.ndarray, subject: np.ndarray, out_of_focus: np.ndarray,
                   contrast: EdgeContrast | None = None, chain: bool = False) -> np.ndarray:
    """The pieces of `subject` that the out-of-focus part (`out_of_focus`, about to be left out)
    joined to it and that `keep_subject_parts` would not keep as separate parts of it: the rest of
    the blurred object, or of the backdrop the model drew with it (on a cloth, patches of the cloth
    that hung on the subject only through it). Returned with `out_of_focus` so both go.
    Round 16, tuning half, textured seed 13: ❌ on pink stripes, the cross's edge .378, the cloth
    patches beyond the soft joint .19–.29, under PART_MIN_SHARPNESS × .378 = .32; once the joint
    went they stood apart and had stayed (IoU .52)."""
    import cv2

    rest = subject & ~out_of_focus
    count, labels = cv2.connectedComponents(subject.astype(np.uint8), connectivity=8)
    cut = np.unique(labels[out_of_focus])
    if not rest.any() or cut[cut > 0].size == 0:
        return out_of_focus
    kept = keep_subject_parts(rgb, rest, contrast, chain=chain)
    # only what the cut separated is judged again: a part that stood apart before was judged then
    pieces = rest & ~kept & np.isin(labels, cut[cut > 0])
    return out_of_focus | pieces


def main_part(rgb: np.ndarray, labels: np.ndarray, areas: np.ndarray,
              sharpness_of: dict[int, float | None] | None = None, contrast: EdgeContrast | None = None) -> int:
    """The label of the subject among the parts the model found: the part with the largest
    area × (its edge sharpness / the sharpest part's)², among parts at least MAIN_MIN_AREA_SHARE
    of the largest. The subject of a photo is the thing in focus; a bigger object standing
    out of focus behind or beside it is not. `sharpness_of` collects what was measured."""
    sharpness_of = {} if sharpness_of is None else sharpness_of
    largest = 1 + int(np.argmax(areas[1:]))
    candidates = [label for label in range(1, len(areas)) if areas[label] >= MAIN_MIN_AREA_SHARE * areas[largest]]
    if len(candidates) == 1:
        sharpness_of[largest] = edge_sharpness(rgb, labels == largest, contrast=contrast)
        return largest
    for label in candidates:
        sharpness_of[label] = edge_sharpness(rgb, labels == label, contrast=contrast)
    measured = [value for label in candidates if (value := sharpness_of[label]) is not None]
    if not measured:
        return largest
    sharpest = max(measured)
    # a part whose outline has too little contrast to measure counts as averagely sharp
    typical = float(np.median(measured))

    def score(label: int) -> float:
        value = sharpness_of[label]
        return float(areas[label]) * ((typical if value is None else value) / sharpest) ** 2

    return max(candidates, key=score)


def keep_subject_parts(rgb: np.ndarray, mask: np.ndarray, contrast: EdgeContrast | None = None,
                       chain: bool = False) -> np.ndarray:
    """The largest part plus the separate parts that belong to it (see PART_MAX_GAP): other
    objects the model also found (a cup beside the product, a blurred figure behind) are dropped.
    `chain` (on a backdrop of one material, where nothing else stands about): a part close to a
    part already kept belongs too, however far from the largest (the last letter of a word under
    an arrow), in up to CHAIN_ROUNDS rounds, "close" measured against the subject kept so far (a
    second paw beside the first); each must still be as sharp."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if count <= 2:
        return mask.astype(bool)
    sharpness_of: dict[int, float | None] = {}
    main = main_part(rgb, labels, stats[:, cv2.CC_STAT_AREA], sharpness_of, contrast)
    side = float(max(stats[main, cv2.CC_STAT_WIDTH], stats[main, cv2.CC_STAT_HEIGHT]))
    main_sharpness = sharpness_of[main]
    keep = labels == main
    kept = {main}
    for _ in range(CHAIN_ROUNDS if chain else 1):
        gap = cv2.distanceTransform((~keep).astype(np.uint8), cv2.DIST_L2, 5)
        if chain:  # close to the subject as kept so far: a second paw beside the first, a toe apart
            ys, xs = np.nonzero(keep)
            side = max(side, float(max(xs.max() - xs.min(), ys.max() - ys.min()) + 1))
        added = False
        for label in range(1, count):
            if label in kept:
                continue
            part = labels == label
            if float(gap[part].min()) > PART_MAX_GAP * side:
                continue
            if label not in sharpness_of:
                sharpness_of[label] = edge_sharpness(rgb, part, contrast=contrast)
            sharpness = sharpness_of[label]
            kept.add(label)  # judged once: a part too soft now is too soft later
            if main_sharpness and sharpness is not None and sharpness < PART_MIN_SHARPNESS * main_sharpness:
                continue
            keep |= part
            added = True
        if not added:
            break
    return keep


def claim_unsure_parts(rgb: np.ndarray, soft: np.ndarray, side: int = 240) -> np.ndarray:
    """The model's subject (soft ≥ .5) plus the parts it was unsure of (UNSURE_LOW ≤ soft < .5)
    whose colours are the subject's: GrabCut, seeded with the model's sure subject and sure
    backdrop, decides them by colour (a sleeve in another colour than the hand the model is sure
    of, half-given at .3–.5). It only ever adds; where the model is sure, its answer stands."""
    import cv2

    subject = soft >= 0.5
    unsure = (soft >= UNSURE_LOW) & ~subject
    if unsure.sum() < max(50, int(soft.size * UNSURE_MIN_SHARE)) or not (soft >= 0.85).any():
        return subject
    height, width = soft.shape
    scale = min(1.0, side / max(height, width))  # GrabCut is the slow step
    size = (max(8, round(width * scale)), max(8, round(height * scale)))
    small_rgb = cv2.resize(rgb.astype(np.uint8), size, interpolation=cv2.INTER_AREA) if scale < 1 else \
        rgb.astype(np.uint8)
    small_soft = cv2.resize(soft, size, interpolation=cv2.INTER_AREA) if scale < 1 else soft
    trimap = np.full(small_soft.shape, cv2.GC_BGD, np.uint8)
    trimap[small_soft >= UNSURE_LOW] = cv2.GC_PR_BGD
    trimap[small_soft >= 0.5] = cv2.GC_PR_FGD
    trimap[small_soft >= 0.85] = cv2.GC_FGD
    cv2.setRNGSeed(7)  # deterministic GMM initialisation
    try:
        bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
        cv2.grabCut(np.ascontiguousarray(small_rgb[..., ::-1]), trimap, None, bgd, fgd, 3, cv2.GC_INIT_WITH_MASK)
    except cv2.error:
        return subject
    found = ((trimap == cv2.GC_FGD) | (trimap == cv2.GC_PR_FGD)).astype(np.float32)
    if scale < 1:
        found = cv2.resize(found, (width, height), interpolation=cv2.INTER_LINEAR)
    return subject | (unsure & (found >= 0.5))


def texture_energy(rgb: np.ndarray, window: int = 5, *, medium: bool = True) -> np.ndarray:
    """Local texture strength (grey levels): the energy of the fine (σ < 1) and, unless `medium`
    is off, medium (1–3 px) detail of every channel over a small window. A rendered or moulded
    surface's shading is smooth at these scales and measures near 0 away from its edges; a cloth's
    weave, a wood's grain or stripes a few pixels apart measure high everywhere. The fine scale
    alone reaches only 1–2 px past an edge: it still sees a narrow smooth strip between two edges
    (a shirt between two figures) that the medium scale's reach fills with their edges."""
    import cv2

    energy = np.zeros(rgb.shape[:2], np.float32)
    for channel in range(3):
        plane = np.ascontiguousarray(rgb[..., channel], dtype=np.float32)
        fine = cv2.GaussianBlur(plane, (0, 0), 1.0)
        energy += (plane - fine) ** 2
        if medium:
            energy += (fine - cv2.GaussianBlur(plane, (0, 0), 3.0)) ** 2
    return np.sqrt(np.maximum(cv2.blur(energy / 3.0, (window, window)), 0.0))


class BackdropTexture(NamedTuple):
    energy: np.ndarray  # `texture_energy`, both scales
    level: float  # its median on the backdrop
    fine: np.ndarray  # the fine scale alone
    fine_level: float
    one_material: bool  # nothing smooth on the backdrop apart from what touches the subject (ONE_MATERIAL_MAX_SMOOTH)


def backdrop_texture(rgb: np.ndarray, subject: np.ndarray, soft: np.ndarray) -> BackdropTexture | None:
    """The texture maps with the backdrop's typical texture when the backdrop is a textured
    material (at least TEXTURED_BACKDROP_MIN where the model is sure it is backdrop, away from the
    subject); None on a smooth backdrop (a plain wall, a blurred room: no texture to tell by)."""
    import cv2

    away = cv2.distanceTransform((~subject).astype(np.uint8), cv2.DIST_L2, 3) > 8
    backdrop = away & (soft < 0.1)
    if backdrop.sum() < 200:
        return None
    texture = texture_energy(rgb)
    level = float(np.median(texture[backdrop]))
    if level < TEXTURED_BACKDROP_MIN:
        return None
    fine = texture_energy(rgb, medium=False)
    fine_level = float(np.median(fine[backdrop]))
    smooth = _smooth(texture, level, fine, fine_level) & ~subject
    smooth = cv2.morphologyEx(smooth.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)).astype(bool)
    # the parts touching the subject are what the rules judge; what stands elsewhere says what the backdrop is
    near = cv2.distanceTransform((~subject).astype(np.uint8), cv2.DIST_L2, 3) <= SEAM
    count, labels = cv2.connectedComponents(smooth.astype(np.uint8), connectivity=8)
    touching = np.unique(labels[near & smooth])
    elsewhere = smooth & ~np.isin(labels, touching[touching > 0])
    one_material = float(elsewhere.sum() / max((~subject).sum(), 1)) < ONE_MATERIAL_MAX_SMOOTH
    return BackdropTexture(texture, level, fine, fine_level, one_material)


def _smooth(energy: np.ndarray, level: float, fine: np.ndarray, fine_level: float) -> np.ndarray:
    """Much smoother than the backdrop at either scale."""
    return (energy < SMOOTH_SHARE * level) | (fine < SMOOTH_SHARE * fine_level)


def _min_part_sharpness(textured: BackdropTexture) -> float:
    """How crisp a part left out must be, as a share of the subject's edge: on a backdrop of one
    material nothing else smooth stands around to be confused with, so a softer or lower-contrast
    outline (a green tail on a teal cloth, thin rails) still counts."""
    return ONE_MATERIAL_MIN_SHARPNESS if textured.one_material else ADDED_MIN_SHARPNESS


def smooth_parts_left_out(rgb: np.ndarray, subject: np.ndarray, textured: BackdropTexture,
                          contrast: EdgeContrast | None = None) -> np.ndarray:
    """Parts the model left out that touch its subject and are much smoother than the textured
    backdrop (texture below SMOOTH_SHARE of its `level`): a flag's dark field, a bowl's inside,
    a purple sleeve on a purple striped cloth. The model judges colours and shapes; whatever
    their colour, a smooth surface is not the cloth it lies on."""
    import cv2

    added = np.zeros_like(subject)
    smooth = _smooth(textured.energy, textured.level, textured.fine, textured.fine_level)
    smooth = cv2.morphologyEx((smooth & ~subject).astype(np.uint8),
                              cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(smooth, connectivity=8)
    # the edges between them are textured themselves (steps in colour, a wave's crest): "touching"
    # allows a seam that wide
    seam = np.ones((2 * SEAM + 1,) * 2, np.uint8)
    touching = cv2.dilate(subject.astype(np.uint8), seam).astype(bool)
    min_area = max(30, int(subject.size * 0.001))
    subject_sharpness = None
    for label in range(1, count):
        if stats[label, cv2.CC_STAT_AREA] < min_area:
            continue
        part = labels == label
        if not (part & touching).any():
            continue
        # another object standing behind the subject is smooth too, but out of focus: the part's
        # own outline (where it does not meet the subject) must be as crisp as the subject's
        part = _out_to_the_outline(rgb, part, subject)
        subject_sharpness = subject_sharpness or edge_sharpness(rgb, subject, contrast=contrast)
        sharpness = edge_sharpness(rgb, part, ignore=touching, contrast=contrast)
        if subject_sharpness and sharpness is not None and sharpness < _min_part_sharpness(textured) * subject_sharpness:
            continue
        added |= part
    if not added.any():
        return added
    # the seam between the part and the subject is theirs (what closing both bridges that neither alone does)
    both = cv2.morphologyEx((subject | added).astype(np.uint8), cv2.MORPH_CLOSE, seam).astype(bool)
    alone = cv2.morphologyEx(subject.astype(np.uint8), cv2.MORPH_CLOSE, seam).astype(bool) | \
        cv2.morphologyEx(added.astype(np.uint8), cv2.MORPH_CLOSE, seam).astype(bool)
    return (added | (both & ~alone)) & ~subject


def smooth_parts_nearby(rgb: np.ndarray, subject: np.ndarray, soft: np.ndarray, textured: BackdropTexture,
                        contrast: EdgeContrast | None = None) -> np.ndarray:
    """Smooth parts the model left out (mean soft < .5: a part it drew was judged by
    `keep_subject_parts`) that stand near its subject without touching it (up to
    DETACHED_REACH × the side of a square of its area away), on a backdrop that is one material
    apart from them (ONE_MATERIAL_MAX_SMOOTH), each as crisp as NEARBY_MIN_SHARPNESS of the subject:
    a fountain's basin below its water, an island of a map. Such a part makes the backdrop look like
    more than one material itself, so the looser rules never see it (see NEARBY_*)."""
    import cv2

    none = np.zeros_like(subject)
    if not subject.any():
        return none
    smooth = _smooth(textured.energy, textured.level, textured.fine, textured.fine_level)
    smooth = cv2.morphologyEx((smooth & ~subject).astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(smooth, connectivity=8)
    gap = cv2.distanceTransform((~subject).astype(np.uint8), cv2.DIST_L2, 3)
    reach = max(SEAM, DETACHED_REACH * float(np.sqrt(subject.sum())))
    min_area = max(30, int(subject.size * 0.001))
    candidates, elsewhere = [], 0
    for label in range(1, count):
        part = labels == label
        nearest = float(gap[part].min())
        if nearest <= SEAM:
            continue  # touching: `smooth_parts_left_out` judged it
        if nearest <= reach and stats[label, cv2.CC_STAT_AREA] >= min_area:
            if float(soft[part].mean()) < 0.5:
                candidates.append(part)
        else:
            elsewhere += int(stats[label, cv2.CC_STAT_AREA])
    if not candidates or elsewhere / max((~subject).sum(), 1) >= ONE_MATERIAL_MAX_SMOOTH:
        return none
    subject_sharpness = edge_sharpness(rgb, subject, contrast=contrast)
    added = none.copy()
    for part in candidates:
        part = _out_to_the_outline(rgb, part, subject)
        sharpness = edge_sharpness(rgb, part, contrast=contrast)
        if subject_sharpness and (sharpness is None or sharpness < NEARBY_MIN_SHARPNESS * subject_sharpness):
            continue
        added |= part
    return added


def parts_unlike_backdrop(rgb: np.ndarray, subject: np.ndarray, soft: np.ndarray,
                          textured: BackdropTexture, contrast: EdgeContrast | None = None) -> np.ndarray:
    """Parts the model left out, joined to its subject (or, on a backdrop of one material, standing
    near it: DETACHED_REACH), whose colours the textured backdrop never
    shows (farther than UNLIKE_SPREAD × its own colour spread, and UNLIKE_MIN_DELTA, from every
    colour of the backdrop where the model is sure of it): a white cane, a grey bar, the swooshes
    of a gust of leaves. The model drops thin parts and parts between figures; on a cloth their
    colour settles it. Thin slivers (the subject's own anti-aliased rim) do not count, and a part
    must be as sharp as the subject (an object behind it, out of focus, is another thing)."""
    import cv2

    # the backdrop's colours from a strip along the frame: elsewhere, "sure backdrop" includes the
    # very parts the model left out (a cane reaching far from the hand)
    strip = max(4, round(UNLIKE_FRAME * min(subject.shape)))
    frame = np.ones_like(subject)
    frame[strip:-strip, strip:-strip] = False
    backdrop = frame & (soft < 0.1) & ~subject
    if backdrop.sum() < 200 or not subject.any():
        return np.zeros_like(subject)
    colours = cv2.GaussianBlur(rgb.astype(np.float32), (0, 0), 1.0)
    palette, spread = _palette(colours[backdrop])
    ys, xs = np.nonzero(~subject)
    far = _nearest(colours[ys, xs], palette) > max(UNLIKE_SPREAD * spread, UNLIKE_MIN_DELTA)
    unlike = np.zeros_like(subject)
    unlike[ys[far], xs[far]] = True
    unlike = cv2.morphologyEx(unlike.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)).astype(bool)
    # joined to the subject (across a seam of up to 2 px: the model's edge is blurry; up to SEAM on
    # a backdrop of one material, where nothing else unlike it lies about: rails just below a train)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(unlike.astype(np.uint8), connectivity=8)
    reach = 2 * SEAM + 1 if textured.one_material else 5
    touching = cv2.dilate(subject.astype(np.uint8), np.ones((reach, reach), np.uint8)).astype(bool)
    near = touching
    if textured.one_material:  # and near it: the subject's detached parts (a gust's swooshes, sparkles)
        gap = max(SEAM, DETACHED_REACH * float(np.sqrt(subject.sum())))
        near = cv2.distanceTransform((~subject).astype(np.uint8), cv2.DIST_L2, 3) <= gap
    min_area = max(30, int(subject.size * 0.0005))
    added = np.zeros_like(subject)
    subject_sharpness = None
    for label in np.unique(labels[near & unlike]):
        if not label or stats[label, cv2.CC_STAT_AREA] < min_area:
            continue
        part = labels == label
        subject_sharpness = subject_sharpness or edge_sharpness(rgb, subject, contrast=contrast)
        sharpness = edge_sharpness(rgb, part, ignore=touching, contrast=contrast)
        if subject_sharpness and sharpness is not None and sharpness < _min_part_sharpness(textured) * subject_sharpness:
            continue
        added |= part
    return added


def _nearer_to(rgb: np.ndarray, band: np.ndarray, own: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The `band` pixels whose colour is nearer the colour of `own` beside them than that of
    `other` beside them (both diffused from their known pixels; lightly smoothed against grain)."""
    import cv2

    from tools.cutout.edges import fill_from_known

    if not band.any() or not own.any() or not other.any():
        return np.zeros_like(band)
    colours = cv2.GaussianBlur(rgb.astype(np.float32), (0, 0), 0.7)
    own_colour, other_colour = fill_from_known(colours, own), fill_from_known(colours, other)
    nearer = np.linalg.norm(colours - own_colour, axis=2) < np.linalg.norm(colours - other_colour, axis=2)
    return band & nearer


def _out_to_the_outline(rgb: np.ndarray, part: np.ndarray, subject: np.ndarray, reach: int = 5) -> np.ndarray:
    """`part` grown over the band (`reach` px) that the texture window blurred at its outline:
    a band pixel joins it when its colour is nearer the part's than the backdrop's beside it."""
    import cv2

    kernel = np.ones((2 * reach + 1,) * 2, np.uint8)
    band = cv2.dilate(part.astype(np.uint8), kernel).astype(bool) & ~part & ~subject
    outside = ~cv2.dilate((part | subject).astype(np.uint8), kernel).astype(bool)
    return part | _nearer_to(rgb, band, part, outside)


def textured_openings(rgb: np.ndarray, subject: np.ndarray, textured: BackdropTexture,
                      backdrop: np.ndarray) -> np.ndarray:
    """Openings in the subject on a textured backdrop: regions inside it with the backdrop's
    texture (at least ROUGH_SHARE of its `level`) whose colours are the backdrop's (`backdrop`:
    where the model is sure of it), enclosed by the subject (the middle of a recycling sign, the
    inside of a paper clip's loop). Colour alone cannot tell there: the grain makes every pixel's
    colour noisy; the subject's own edges are rough too, but thin (an opening removes them) and
    in the subject's colours."""
    import cv2

    texture, level = textured.energy, textured.level
    openings = np.zeros_like(subject)
    rough = subject & (texture >= ROUGH_SHARE * level)
    if rough.sum() < 60:
        return openings
    colours = cv2.GaussianBlur(rgb.astype(np.float32), (0, 0), 1.5)
    palette, spread = _palette(colours[backdrop])
    # the subject's own surfaces (its smooth inside): a pixel nearer them than the backdrop is subject
    surfaces = cv2.erode(subject.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & \
        (texture < SMOOTH_SHARE * level)
    own = _palette(colours[surfaces])[0] if surfaces.sum() >= 50 else None
    ys, xs = np.nonzero(rough)
    seen = colours[ys, xs]
    distance = _nearest(seen, palette)
    backdrop_coloured = distance <= (OPENING_SPREAD if textured.one_material else 1.0) * spread
    if own is not None:
        backdrop_coloured &= distance < _nearest(seen, own)
    matching = np.zeros_like(subject)
    matching[ys[backdrop_coloured], xs[backdrop_coloured]] = True
    # a majority over 5×5 first: the grain leaves single pixels either way
    matching = cv2.medianBlur(matching.astype(np.uint8) * 255, 5) > 0
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    candidates = cv2.morphologyEx(matching.astype(np.uint8), cv2.MORPH_OPEN, disc)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(candidates, connectivity=8)
    min_area = max(60, int(subject.size * 0.0015))
    outside = _outside(subject)
    ring_kernel = np.ones((7, 7), np.uint8)
    max_open_rim = OPENING_ONE_MATERIAL_OPEN_RIM if textured.one_material else OPENING_MAX_OPEN_RIM
    for label in range(1, count):
        if stats[label, cv2.CC_STAT_AREA] < min_area:
            continue
        region = labels == label
        ring = cv2.dilate(region.astype(np.uint8), ring_kernel).astype(bool) & ~region
        if float((ring & outside).sum() / max(ring.sum(), 1)) <= max_open_rim:
            openings |= region  # enclosed: an opening (one that opens onto the backdrop is its edge)
    if not openings.any():
        return openings
    # the opening's rim: the pixels nearer its colours than the subject's around it
    kernel = np.ones((7, 7), np.uint8)
    core = cv2.erode(openings.astype(np.uint8), kernel).astype(bool)
    band = cv2.dilate(openings.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & ~core & subject
    beyond = subject & ~cv2.dilate(openings.astype(np.uint8), np.ones((11, 11), np.uint8)).astype(bool)
    return core | _nearer_to(rgb, band, core, beyond)


def openings_in_texture(rgb: np.ndarray, subject: np.ndarray, soft: np.ndarray,
                        textured: BackdropTexture | None = None) -> np.ndarray:
    """`textured_openings` for any subject mask (the model's, or classic GrabCut's where it took
    over), with the backdrop's texture measured here unless given; none on a smooth backdrop."""
    import cv2

    textured = textured or backdrop_texture(rgb, subject, soft)
    if textured is None:
        return np.zeros_like(subject)
    sure_backdrop = (soft < 0.1) & ~cv2.dilate(subject.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    if sure_backdrop.sum() < 200:
        return np.zeros_like(subject)
    return textured_openings(rgb, subject, textured, sure_backdrop)


def _outside(subject: np.ndarray) -> np.ndarray:
    """The non-subject pixels connected to the image border (not enclosed by the subject)."""
    import cv2

    count, labels = cv2.connectedComponents((~subject).astype(np.uint8), connectivity=4)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return np.isin(labels, edge[edge > 0])


def _palette(samples: np.ndarray, colours: int = 12) -> tuple[np.ndarray, float]:
    """(k-means centres of these colours, the distance within which the samples lie from their
    nearest centre: the 90th percentile)."""
    import cv2

    samples = np.ascontiguousarray(samples[:: max(1, len(samples) // 4000)], dtype=np.float32)
    cv2.setRNGSeed(7)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    _, _, centres = cv2.kmeans(samples, min(colours, len(samples)), None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    return centres, float(np.percentile(_nearest(samples, centres), 90))


def _nearest(colours: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return np.min(np.linalg.norm(colours[:, None, :] - centres[None], axis=2), axis=1)


def refine(rgb: np.ndarray, straight: np.ndarray, mirrored: np.ndarray) -> PhotoMask:
    """Two model passes (float32 0..1) → the refined alpha with its confidence."""
    import cv2

    soft = (straight + mirrored) / 2.0
    first, second = straight >= 0.5, mirrored >= 0.5
    union = (first | second).sum()
    agreement = float((first & second).sum() / union) if union else 0.0
    claimed = claim_unsure_parts(rgb, soft)
    textured = backdrop_texture(rgb, claimed, soft)
    contrast = edge_contrast(rgb)  # the picture's edges, measured once for every part's sharpness
    subject = keep_subject_parts(rgb, keep_main_components(claimed, min_share=0.05), contrast,
                                 chain=textured is not None and textured.one_material)
    if textured is not None:
        # after choosing the subject's parts: a part added here joins the subject it touches though
        # it is less crisp than the subject's separate parts must be (thin rails just below a train)
        # a smooth part touching one just added joins too: a figure the model saw a piece of grows
        # limb by limb, and the backdrop is measured again as it grows (what seemed to stand
        # apart on it may have been the subject's own)
        for _ in range(GROW_ROUNDS):
            added = smooth_parts_left_out(rgb, subject, textured, contrast)
            if not added.any():
                break
            subject |= added
            textured = backdrop_texture(rgb, subject, soft) or textured
        nearby = smooth_parts_nearby(rgb, subject, soft, textured, contrast)
        if nearby.any():
            subject |= nearby
            textured = backdrop_texture(rgb, subject, soft) or textured
        subject |= parts_unlike_backdrop(rgb, subject, soft, textured, contrast)
    area = subject.size
    if subject.sum() < max(16, area * 0.002) or subject.mean() > 0.97:
        return PhotoMask(alpha=np.zeros_like(soft), confidence=0.0, empty=True,
                         notes=["the model found no clear subject"])
    subject = fill_small_holes(subject, max_area=max(4, int(area * 0.0004)))
    holes = _backdrop_holes(rgb, subject, soft, textured) | openings_in_texture(rgb, subject, soft, textured)
    notes = []
    if holes.any():
        subject &= ~holes
        notes.append("openings inside the subject that show the backdrop were made transparent")
    out_of_focus = blurred_parts(rgb, subject, contrast)
    if out_of_focus.any():
        subject &= ~cut_off_pieces(rgb, subject, out_of_focus, contrast,
                                   chain=textured is not None and textured.one_material)
        notes.append("an object out of focus that touched the subject was left out")
    # keep the model's soft edge (hair, fur, blur) on a thin band; hard inside and outside
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    inner = cv2.erode(subject.astype(np.uint8), kernel).astype(bool)
    outer = cv2.dilate(subject.astype(np.uint8), kernel).astype(bool)
    alpha = subject.astype(np.float32)
    band = outer & ~inner
    # on the band, the model's value, kept on the right side of .5 so the hard decision stands
    alpha[band] = np.where(subject[band], np.maximum(soft[band], 0.5), np.minimum(soft[band], 0.49))
    near = cv2.dilate(subject.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))).astype(bool)
    decided = float(((soft[near] < 0.15) | (soft[near] > 0.85)).mean()) if near.any() else 0.0
    confidence = round(agreement * decided, 3)
    return PhotoMask(alpha=alpha, confidence=confidence, notes=notes, soft=soft)


def prefer_classic(model_alpha: np.ndarray, model_confidence: float, classic_alpha: np.ndarray,
                   classic_mode: str) -> bool:
    """The combination rule (see the constants): the classic GrabCut mask replaces an unsure
    model mask that it disagrees with, unless it is the larger of the two."""
    if model_confidence >= RECHECK_BELOW_CONFIDENCE or classic_mode != "textured":
        return False
    model, classic = model_alpha >= 0.5, classic_alpha >= 0.5
    union = (model | classic).sum()
    agreement = float((model & classic).sum() / union) if union else 1.0
    return agreement < DISAGREE and classic.sum() <= model.sum() * CLASSIC_MAX_AREA_RATIO


__all__ = ["FLOOD_FAILED_PARTS", "LOW_CONFIDENCE", "RECHECK_BELOW_CONFIDENCE", "TEXTURED_BACKDROP_MIN",
           "UNIFORM_BORDER_DELTA_E", "PhotoMask", "backdrop_texture", "blurred_parts", "border_is_uniform", "border_spread",
           "flood_failed", "keep_subject_parts", "main_part", "openings_in_texture", "prefer_classic", "refine",
           "smooth_parts_left_out", "texture_energy", "textured_openings"]
