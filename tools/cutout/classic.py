"""The embedded default: background removal for plain, gradient and simple studio backgrounds.

No model: a colour model of the background learnt from the image border, a flood fill from
the border (what a designer's magic wand does), GrabCut when the background is textured, then
real partial alpha on the edge. Rendered 3D icons and product shots on white, on a colour or
on a soft gradient are what it is for; a busy photo background needs the rembg backend.

Steps, at a working size of at most `work_side` px:
1. Fit a smooth surface (quadratic in x, y, per Lab channel) to the border pixels, rejecting
   border pixels that belong to the subject: this predicts the background everywhere, so plain
   and gradient backgrounds become "distance from the predicted background" (ΔE).
2. Plain/gradient: background = pixels close to the prediction and connected to the border.
   Textured: GrabCut seeded with the border as certain background.
3. Clean up: drop specks, close pinholes, and turn enclosed background-coloured regions (the
   middle of a ring) back into background; "background-coloured" is judged against the backdrop
   diffused from around the region, a smooth surface, and, on a two-colour backdrop, the line of
   colours it shows (a radial light's centre seen through an opening; see `colour_line_distance`).
   On white, a white region is an opening only when its rim is crisp and the model agrees, when
   its core is the backdrop pixel for pixel (within the backdrop's own noise: `stray_share`) and
   the rim or the model says so, when it is one cell of a lattice of like openings (a racket's
   strings; `lattice_openings`), or when it matches exactly, its rim is crisp and only a thin wall
   of the subject parts it from the backdrop around (a tag's ring the model fills; `THIN_WALL`). A
   lattice's cells open on any backdrop however small (a tennis racket's mesh), and its inner
   cells are judged against the backdrop seen through the outer ones (`_inner_lattice_cells`).
   With the model's opinion, a faint shadow along the outer rim (the tinted backdrop darkened by a
   layer under half opaque: a drop shadow) is left with the backdrop (`faint_shadow_rim`).
4. At full size: alpha from colour on a thin boundary band (see `edges.soft_alpha`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from tools.cutout.edges import (
    drop_specks,
    fill_from_known,
    fill_small_holes,
    keep_main_components,
    soft_alpha,
)


@dataclass
class ClassicMask:
    alpha: np.ndarray  # float32 0..1 at full size
    background: np.ndarray | None  # float32 RGB background estimate at full size (plain/gradient)
    notes: list[str] = field(default_factory=list)
    mode: str = "plain"


def _poly_terms(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.stack([np.ones_like(u), u, v, u * u, u * v, v * v], axis=-1)


def _least_squares(terms: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Normal equations with a whisper of ridge: fast and stable for these few smooth terms."""
    gram = terms.T @ terms
    gram += np.eye(len(gram), dtype=gram.dtype) * 1e-6 * float(np.trace(gram) / len(gram))
    return np.linalg.solve(gram, terms.T @ values).astype(np.float32)


def _cubic_terms(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.stack([np.ones_like(u), u, v, u * u, u * v, v * v, u ** 3, u * u * v, u * v * v, v ** 3], axis=-1)


def _grid(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    return xs / max(w - 1, 1) * 2 - 1, ys / max(h - 1, 1) * 2 - 1


# The photo model as a second opinion on plain and gradient backdrops (tuned on the tuning half,
# bench/cutout.py --split dev): a part it gives ≥ GUIDE_SURE and whose colour is ≥ LEAK_MIN_DELTA
# ΔE from the backdrop around it is subject; a white enclosed region the rim test calls a hole
# stays one only where the model gives it < GUIDE_HOLE_BELOW (a model alone calls a flag's
# white stripe on white a hole too, so it may veto a hole but never make one).
GUIDE_SURE = 0.9
LEAK_MIN_DELTA = 2.0
LEAK_MIN_RESIDUAL = 0.5
GUIDE_HOLE_BELOW = 0.5
# Where the model is this sure of backdrop it may settle what the colours leave open: a region
# the free wand reached beyond the strict one, or an opening with a part of the subject inside it
# (the backdrop between the ring and the C of ©), which alone reads as an eye's white.
GUIDE_BACKDROP = 0.1
FLAT_BACKDROP = 2.0  # ΔE: the border's surface spans less than this over the image: no light on it
# ...and a part the model calls backdrop there must lie within this ΔE (median) of the backdrop's
# colour line or radial fit (see `colour_line_distance`): a spotlight's centre lies on it, a pale
# shaded object the model overlooks beside the subject does not (tuning half, gradient seed 11:
# 18 spotlight parts the model settles measure .0–.83, a climber's rock the model leaves out 11.7).
MODEL_BACKDROP_OFF_LINE = 2.5
# The backdrop's colour line (see `colour_line_distance`): used when the backdrop's colours near
# the subject span at least this ΔE along one line and stray at most this far from it (median),
# extended by this share of its length at both ends.
COLOUR_LINE_MIN_RANGE = 6.0
COLOUR_LINE_MAX_ACROSS = 1.0
COLOUR_LINE_EXTEND = 0.15
# A radial light: where the backdrop's place along its colour line falls off linearly with the
# distance from one centre (a cone fitted to the backdrop near the subject, median error at most
# RADIAL_MAX_ERROR ΔE), the colour it predicts behind the subject counts too, however far past the
# colours seen: its centre, hidden behind the subject, shows through an opening (a wheel's spokes,
# the ring of an OK hand) in a colour no sample and no low-order surface reaches.
RADIAL_MAX_ERROR = 1.0
# An enclosed white region within this ΔE of paper white may be the subject's own white (an eye, a
# label); an off-white one matching the backdrop exactly is the backdrop seen through an opening.
PURE_WHITE_DELTA = 2.0
# A loosely backdrop-coloured region with more shading than this around it, that the model calls
# subject, is a surface, not an opening (tuned on the tuning half: the openings of a racket's mesh on a
# radial light measure ≤ .27, a palm in front of a skin-toned light ≥ .8).
SOFT_RIM_SHADING = 0.4
# ...but only when it matches them loosely: an opening shows the backdrop itself, within the
# rounding of a gradient's 8-bit colours (median ΔE ≤ .41 on the tuning half, whatever the rim: a
# skin-toned hand's ring, or linked paperclips in the backdrop's own lilac, whose rims read as soft
# and which the model fills); the shaded surfaces measure ≥ 1.08 (the palm: 1.25).
SURFACE_MIN_MATCH = 0.7
# An enclosed region around a part of the subject is a surface (an eye's white round its pupil),
# except on a coloured backdrop when it matches the backdrop within this ΔE (median): the backdrop
# seen through an opening with a part inside it (an atom's nucleus within its orbits).
ENCLOSED_CLOSE_MATCH = 0.5
# A faint shadow on the subject's outer rim (see `faint_shadow_rim`): within SHADOW_RIM px of the
# backdrop around it, the backdrop's colour × k (k ≥ SHADOW_MIN_KEEP: a dark layer under half
# opaque) within SHADOW_MATCH (RGB levels), on a tinted backdrop.
SHADOW_RIM = 8
SHADOW_MIN_KEEP = 0.5
SHADOW_MATCH = 6.0
SHADOW_MIN_TINT = 10.0  # the backdrop's RGB spread (max − min channel) for a shadow to be told by its tint
SHADOW_MAX_PARTS = 25  # photo.FLOOD_FAILED_PARTS: a fill in this many parts took a pattern for subject
# At least this many enclosed white regions that match the backdrop exactly, of like size (within
# this factor of their median area), are the openings of a lattice (a racket's strings, a net, a
# grille), whatever their rims and the model say: the model blurs small openings shut and the
# strings' own light shading reads as a soft rim. A face has two eye whites, a flag one to three
# white fields. (Tuned on the tuning half: a badminton racket on white has 16 such openings.)
LATTICE_MIN_OPENINGS = 6
LATTICE_AREA_SPREAD = 4.0
# A lattice's cells lie side by side, only a string apart: the median distance from a cell's centre
# to the nearest other cell's is at most this many times a cell's side (a mesh of 7 px cells with
# 2 px strings measures 1.3; the highlights in a family's eyes, far apart for their size, 5 or more).
# Cells this packed are looked at down to LATTICE_MIN_CELL px, far below the size a lone opening
# needs (a tennis racket's mesh at icon size has cells of 20–50 px, which would otherwise stay shut).
LATTICE_MAX_PITCH = 3.0
LATTICE_MIN_CELL = 4
# A lattice hiding a radial light's centre: its inner cells match only the backdrop seen through
# the outer ones, so the search goes on inwards from the cells found, at most this many rounds.
LATTICE_ROUNDS = 4
# A cell on a colour backdrop matches it within this ΔE (a gradient's colours, rounded to 8 bits
# and diffused into the cell from around the mesh, measure .3–.6; white needs exactness).
LATTICE_CELL_MATCH = 1.0
# An opening shows the backdrop itself, pixel for pixel: inside its rim (CORE_INSET px in) all but
# STRAY_MAX of it lies within the backdrop's own noise band (the ΔE from the backdrop's local mean
# that all but BACKDROP_TAIL of the clear backdrop stays within, at least BACKDROP_BAND_MIN: two
# 8-bit levels at white). A rendered white part carries its own shading and compression noise
# off that band. Judged only on a core of at least CORE_MIN px. (Tuned on the tuning half on
# white: openings stray ≤ .01, most white parts ≥ .02; a flag's flat white field can be as pure,
# so the rim or the model has a say still: see `_holes`.)
CORE_INSET = 2
CORE_MIN = 200
BACKDROP_TAIL = 0.005
BACKDROP_BAND_MIN = 0.5
STRAY_MAX = 0.01
# On white the model blurs a small opening shut (a paperclip's loop, a tag's ring, a film's
# sprocket holes, the gap between a climber's leg and the rock, a crutch's frame): such a region
# still opens when it matches the backdrop (median ΔE ≤ EXACT_MATCH, no stray core), its rim is
# crisp, and a thin wall of the subject parts it from the backdrop around the subject: the median
# distance from its rim out to that backdrop is at most THIN_WALL × the subject's side (√area), or
# THIN_WALL_CORE × when its core was judged the backdrop pixel for pixel (`stray_share`; a core too
# small to judge needs the thinner wall). A flag's white field or an eye's white lies deeper
# inside, or is shaded where it meets the flag's edge. (Tuned on the tuning half on white, 900
# icons: the openings the model fills measure .05–.18; white fields of flags with no stray core
# from .13, with a pure one from .035 but a shaded rim.)
EXACT_MATCH = 0.1
THIN_WALL = 0.12
THIN_WALL_CORE = 0.2
# On a noisy backdrop (band above NOISY_BAND: a clean render's 8-bit steps, a dark gradient's
# too, measure ≤ 1.2 on the tuning half) pixels off the colour test by noise alone, in specks
# under NOISE_SPECK px, belong to the region around them: summed, they would read as a part of
# the subject inside it (see `encloses_subject`).
NOISY_BAND = 1.5
NOISE_SPECK = 8
NOISE_FRAME = 0.03


def encloses_subject(region: np.ndarray, subject: np.ndarray, min_area: int) -> bool:
    """True when `region` surrounds a part of the subject (at least `min_area` px) that touches
    nothing else: the backdrop seen through an opening cannot have the subject floating in it."""
    import cv2

    ys, xs = np.nonzero(region)
    if len(ys) == 0:
        return False
    # only the region's box matters: what is outside the region but not reachable from the box's edge
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    box = np.pad(region[top:bottom, left:right], 1)
    _, labels = cv2.connectedComponents((~box).astype(np.uint8), connectivity=4)
    outside = labels == labels[0, 0]
    inside = (~box & ~outside)[1:-1, 1:-1]
    return int((inside & subject[top:bottom, left:right]).sum()) >= min_area


def colour_line_distance(lab: np.ndarray, background: np.ndarray, subject: np.ndarray) -> np.ndarray | None:
    """ΔE from each pixel to the backdrop's colour line, or None when the backdrop has no single
    line of colours. A two-colour backdrop (a linear or radial gradient, a coloured light fading
    out) shows all its colours along one line of RGB mixes, whatever their layout; an opening in
    the subject shows colours on that line too, even where no smooth surface fitted to the
    backdrop around the subject predicts them (the bright centre of a radial light behind a
    wheel's spokes). Sampled near the subject, where the backdrop seen through it comes from; the
    line is extended a little past the colours seen (the light's centre may be hidden). The line
    is found in RGB (where colours mix linearly) and the distance judged in Lab. Where a cone
    fits the backdrop's place on the line (a radial light: `_radial_fit`, RADIAL_MAX_ERROR), the
    colour it predicts at each pixel counts too, past the line's ends (a faint light's too, whose
    colours span under COLOUR_LINE_MIN_RANGE; None on a flat backdrop)."""
    import cv2

    reach = max(3, round(0.12 * max(subject.shape)))
    near = (cv2.distanceTransform((~subject).astype(np.uint8), cv2.DIST_L2, 3) <= reach) & background
    ys, xs = np.nonzero(near)
    if len(ys) < 200:
        return None
    step = max(1, len(ys) // 4000)

    def to_rgb(values: np.ndarray) -> np.ndarray:
        return cv2.cvtColor(np.ascontiguousarray(values, dtype=np.float32)[None], cv2.COLOR_Lab2RGB)[0]

    sample_lab = lab[ys[::step], xs[::step]]
    samples = to_rgb(sample_lab).astype(np.float64)
    centre = samples.mean(axis=0)
    direction = np.linalg.svd(samples - centre, full_matrices=False)[2][0]
    along = (samples - centre) @ direction
    low, high = np.percentile(along, [0.5, 99.5])
    margin = COLOUR_LINE_EXTEND * (high - low)

    def nearest_on_line(position: np.ndarray, clip: bool = True) -> np.ndarray:
        if clip:
            position = np.clip(position, low - margin, high + margin)
        points = centre + position[:, None] * direction
        return cv2.cvtColor(np.clip(points, 0.0, 1.0).astype(np.float32)[None], cv2.COLOR_RGB2Lab)[0]

    ends = nearest_on_line(np.array([low, high]))
    across = np.linalg.norm(sample_lab - nearest_on_line(along), axis=1)
    # a busy backdrop has no single line; a plain one (or a faint light) no line worth following
    # past its colours (the smooth surface already covers it), but a cone may still fit it
    if float(np.median(across)) > COLOUR_LINE_MAX_ACROSS:
        return None
    span = float(np.linalg.norm(ends[1] - ends[0]))
    if span < FLAT_BACKDROP:
        return None  # no light on it: nothing the smooth surface misses
    spans = span >= COLOUR_LINE_MIN_RANGE
    # only the subject's pixels can be openings
    distance = np.full(subject.shape, np.inf, np.float32)
    inside = lab[subject]
    if spans:
        position = (to_rgb(inside).astype(np.float64) - centre) @ direction
        distance[subject] = np.linalg.norm(inside - nearest_on_line(position), axis=1)
    cone = _radial_fit(ys[::step], xs[::step], along, subject.shape)
    if cone is not None:  # a faint light too: its hidden centre differs from the colours seen by a few ΔE
        predicted = cone(*np.nonzero(subject))
        sample_error = np.linalg.norm(sample_lab - nearest_on_line(cone(ys[::step], xs[::step]), clip=False), axis=1)
        if float(np.median(sample_error)) <= RADIAL_MAX_ERROR:
            distance[subject] = np.minimum(distance[subject],
                                           np.linalg.norm(inside - nearest_on_line(predicted, clip=False), axis=1))
    return distance


def _radial_fit(ys: np.ndarray, xs: np.ndarray, along: np.ndarray, shape: tuple[int, int]):
    """The cone `along ≈ a + b · distance from (cx, cy)` that fits these samples best (least
    squares, the centre searched on a coarse grid over and around the image, then a fine one, then
    refitted on the samples within 3× the median error) → a function of pixel positions (ys, xs),
    or None when the samples are too few."""
    if len(along) < 50:
        return None
    h, w = shape
    scale = float(max(h, w))
    y, x = ys / scale, xs / scale
    keep = np.ones(len(along), bool)

    def fit(cy: np.ndarray, cx: np.ndarray, use: np.ndarray):
        r = np.hypot(y[use][None] - cy[:, None], x[use][None] - cx[:, None])  # (centres, samples)
        value = along[use][None]
        r_mean, v_mean = r.mean(axis=1, keepdims=True), value.mean(axis=1, keepdims=True)
        slope = ((r - r_mean) * (value - v_mean)).mean(axis=1, keepdims=True) / \
            np.maximum(((r - r_mean) ** 2).mean(axis=1, keepdims=True), 1e-12)
        error = (((value - v_mean) - slope * (r - r_mean)) ** 2).mean(axis=1)
        best = int(np.argmin(error))
        return cy[best], cx[best], float(slope[best, 0]), float(v_mean[0, 0] - slope[best, 0] * r_mean[best, 0])

    coarse = np.arange(-0.5, 1.5 + 1e-6, 0.1)
    cy, cx = (grid.ravel() for grid in np.meshgrid(coarse * h / scale, coarse * w / scale, indexing="ij"))
    best = fit(cy, cx, keep)
    for span in (0.1, 0.02):
        fine = np.linspace(-span, span, 11)
        cy, cx = (grid.ravel() for grid in np.meshgrid(best[0] + fine, best[1] + fine, indexing="ij"))
        best = fit(cy, cx, keep)
        residual = np.abs(along - (best[3] + best[2] * np.hypot(y - best[0], x - best[1])))
        keep = residual <= 3.0 * float(np.median(residual)) + 1e-6
    centre_y, centre_x, slope, offset = best

    def predict(py: np.ndarray, px: np.ndarray) -> np.ndarray:
        return offset + slope * np.hypot(py / scale - centre_y, px / scale - centre_x)

    return predict


def backdrop_noise_band(lab: np.ndarray, background: np.ndarray) -> float:
    """ΔE from its local mean (5 × 5 px) that all but BACKDROP_TAIL of the clear backdrop stays
    within: its sensor or compression noise, at least BACKDROP_BAND_MIN. Measured along the image's
    frame (NOISE_FRAME of its side), 2 px off the subject: nearer the subject the fill may have
    crept into a shaded part of it, whose shading is no noise of the backdrop's."""
    import cv2

    h, w = background.shape
    inset = max(3, round(NOISE_FRAME * min(h, w)))
    frame = np.ones((h, w), bool)
    frame[inset:-inset, inset:-inset] = False
    clear = cv2.erode(background.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & frame
    if clear.sum() < 50:
        return BACKDROP_BAND_MIN
    weight = cv2.blur(clear.astype(np.float32), (5, 5))
    mean = cv2.blur(lab * clear[..., None], (5, 5)) / np.maximum(weight, 1e-6)[..., None]
    deviation = np.linalg.norm(lab - mean, axis=2)[clear]
    step = max(1, len(deviation) // 20000)
    return max(BACKDROP_BAND_MIN, float(np.quantile(deviation[::step], 1.0 - BACKDROP_TAIL)))


def stray_share(region: np.ndarray, deviation: np.ndarray, band: float) -> float | None:
    """Share of `region`'s core (CORE_INSET px inside its rim, where the rim's anti-aliasing is
    gone) whose ΔE from the backdrop exceeds `band`; None when the core is under CORE_MIN px."""
    import cv2

    kernel = np.ones((2 * CORE_INSET + 1,) * 2, np.uint8)
    core = cv2.erode(region.astype(np.uint8), kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0).astype(bool)
    if core.sum() < CORE_MIN:
        return None
    return float((deviation[core] > band).mean())


def _depth_from_outer_backdrop(subject: np.ndarray) -> np.ndarray:
    """Distance (px) from each pixel to the backdrop around the subject (the background that
    reaches the image's edge; enclosed openings do not count)."""
    import cv2

    count, labels = cv2.connectedComponents((~subject).astype(np.uint8), connectivity=4)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    outer = np.isin(labels, edge[edge > 0]) & ~subject
    return cv2.distanceTransform((~outer).astype(np.uint8), cv2.DIST_L2, 3)


def wall_depth(region: np.ndarray, outer_depth: np.ndarray) -> float:
    """How thick the subject is around an enclosed `region`: the median distance from the pixels
    just outside its rim to the backdrop around the subject (`_depth_from_outer_backdrop`)."""
    import cv2

    ring = cv2.dilate(region.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~region
    return float(np.median(outer_depth[ring])) if ring.any() else float("inf")


class HoleCandidate(NamedTuple):
    region: np.ndarray  # bool mask at working size
    shading: float  # share of the 4 px around it that is neither backdrop-coloured nor clearly subject
    whiteish: bool  # paper white (or a noisy white): a colour subject parts share with a white backdrop
    noisy: bool  # its colour matches the backdrop only loosely (compression noise)
    match: float  # median ΔE from the backdrop model
    small: bool = False  # below a lone opening's size: an opening only as a cell of a lattice
    stray: float | None = None  # share of its core off the backdrop's noise band; None: too small to tell


def _lattice_cell(found: HoleCandidate) -> bool:
    """Matches the backdrop closely enough to be a cell of a lattice of openings."""
    return (found.whiteish and not found.noisy) or (not found.whiteish and found.match <= LATTICE_CELL_MATCH)


def lattice_openings(candidates: list[HoleCandidate]) -> set[int]:
    """Indices of the candidates that form a lattice of openings (see LATTICE_MIN_OPENINGS): exact
    matches to the backdrop (white ones exactly: not merely noisy; others within
    LATTICE_CELL_MATCH, even when too small to be a lone opening or, the strings' edges all
    around them, with a soft rim the model fills), of like size, packed side by side
    (LATTICE_MAX_PITCH); empty when too few."""
    exact = [index for index, found in enumerate(candidates) if _lattice_cell(found)]
    if len(exact) < LATTICE_MIN_OPENINGS:
        return set()
    areas = {index: int(candidates[index].region.sum()) for index in exact}
    middle = float(np.median(list(areas.values())))
    alike = [index for index, area in areas.items()
             if middle / LATTICE_AREA_SPREAD <= area <= middle * LATTICE_AREA_SPREAD]
    if len(alike) < LATTICE_MIN_OPENINGS:
        return set()
    centres = np.array([np.argwhere(candidates[index].region).mean(axis=0) for index in alike])
    apart = np.linalg.norm(centres[:, None] - centres[None], axis=2)
    np.fill_diagonal(apart, np.inf)
    packed = float(np.median(apart.min(axis=1))) <= LATTICE_MAX_PITCH * np.sqrt(middle)
    return set(alike) if packed else set()


def faint_shadow_rim(rgb_small: np.ndarray, subject: np.ndarray, guide: np.ndarray) -> np.ndarray:
    """The part of the subject's outer rim that is a faint shadow cast on the backdrop: touching
    the backdrop around the subject, coloured like that backdrop darkened by a dark layer under
    half opaque (k × backdrop with SHADOW_MIN_KEEP ≤ k < 1, within SHADOW_MATCH), a band at most
    SHADOW_RIM px deep (or one the model calls backdrop), lying on a piece of the subject at least
    twice its size. Such a layer's alpha is below .5: it is the backdrop's, not the subject's (a
    drop shadow under a flag; a shadow on the table)."""
    import cv2

    colours = rgb_small.astype(np.float32)
    border = np.concatenate([colours[0], colours[-1], colours[:, 0], colours[:, -1]])
    if float(np.median(np.ptp(border, axis=1))) < SHADOW_MIN_TINT / 2:
        return np.zeros_like(subject)  # a white or grey backdrop: nothing to tell a shadow by (and fast)
    outside = ~subject
    count, labels = cv2.connectedComponents(outside.astype(np.uint8), connectivity=4)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    outside = np.isin(labels, edge[edge > 0])
    if not outside.any():
        return np.zeros_like(subject)
    depth = cv2.distanceTransform((~outside).astype(np.uint8), cv2.DIST_L2, 3)
    rim = subject & (depth <= 2 * SHADOW_RIM)  # looked at deeper than a shadow may reach
    if not rim.any():
        return rim
    clear = (outside & ~cv2.dilate(subject.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool))
    near = clear & (depth <= 3 * SHADOW_RIM)
    if not near.any() or float(np.median(np.ptp(colours[near], axis=1))) < SHADOW_MIN_TINT:
        return np.zeros_like(subject)  # untinted around the subject
    # the backdrop under each rim pixel: the mean of the clear backdrop around it (a box wide enough
    # to reach past the rim; cheaper than diffusing it)
    window = (4 * SHADOW_RIM + 5,) * 2
    weight = cv2.blur(clear.astype(np.float32), window)
    backdrop = cv2.blur(colours * clear[..., None], window) / np.maximum(weight, 1e-6)[..., None]
    rim &= weight > 0.02
    seen, under = colours[rim], backdrop[rim]
    k = (seen * under).sum(axis=1) / np.maximum((under * under).sum(axis=1), 1e-6)
    residual = np.linalg.norm(seen - k[:, None] * under, axis=1)
    # on a grey or white backdrop every grey (a flag's grey edge) is "the backdrop darkened": only a
    # tinted backdrop tells a shadow, which keeps its tint, from a grey part of the subject
    tinted = (under.max(axis=1) - under.min(axis=1)) >= SHADOW_MIN_TINT
    faint = tinted & (k >= SHADOW_MIN_KEEP) & (k < 0.985) & (residual <= SHADOW_MATCH)
    shadow = np.zeros_like(subject)
    shadow[rim] = faint
    # a shadow lies beside the subject: it reaches the backdrop and is a thin band. A grey part
    # of the subject on white (also "white, darkened") goes on inwards, or the model sees it
    # and it is cast by something: the piece of subject it lies on is mostly not shadow (a thin
    # part of the subject in a darkened backdrop colour, a stroke or a letter, is all "shadow")
    count, labels = cv2.connectedComponents(shadow.astype(np.uint8), connectivity=8)
    _, pieces = cv2.connectedComponents(subject.astype(np.uint8), connectivity=8)
    touching = cv2.dilate(outside.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    found = np.zeros_like(subject)
    for label in np.unique(labels[shadow & touching]):
        band = labels == label
        if not label or not (float(depth[band].max()) <= SHADOW_RIM or float(guide[band].mean()) < GUIDE_HOLE_BELOW):
            continue
        piece = np.isin(pieces, np.unique(pieces[band]))
        if int((piece & ~shadow).sum()) >= 2 * int(band.sum()):
            found |= band
    return found


class ClassicBackend:
    """Border colour model + flood fill / GrabCut + edge refinement. Stateless; cheap to build."""

    name = "classic"

    def __init__(self, *, work_side: int = 512, grabcut_iterations: int = 3, grabcut_side: int = 240,
                 tolerance: int = 3,
                 max_hole_shading: float = 0.16, barrier_delta: float = 14.0,
                 smooth_residual: float = 2.0, min_fade_share: float = 0.9, colour_line: bool = True):
        self.work_side = work_side
        self.colour_line = colour_line
        self.tolerance = tolerance
        self.max_hole_shading = max_hole_shading
        self.barrier_delta = barrier_delta
        self.smooth_residual = smooth_residual
        self.min_fade_share = min_fade_share
        self.grabcut_iterations = grabcut_iterations
        self.grabcut_side = grabcut_side

    # -- the background model
    def _fit_background(self, lab: np.ndarray, strip: int) -> tuple[np.ndarray, np.ndarray, float]:
        """→ (coefficients (6, 3), border inlier mask, typical border distance ΔE)."""
        h, w = lab.shape[:2]
        border = np.zeros((h, w), bool)
        border[:strip, :] = border[-strip:, :] = True
        border[:, :strip] = border[:, -strip:] = True
        u, v = _grid(h, w)
        terms = _poly_terms(u[border], v[border])
        values = lab[border]
        inliers = np.ones(len(values), bool)
        coef = np.zeros((6, 3), np.float32)
        for _ in range(4):
            if inliers.sum() < 12:
                break
            coef = _least_squares(terms[inliers], values[inliers])
            dist = np.linalg.norm(values - terms @ coef, axis=1)
            typical = float(np.median(dist[inliers]))
            inliers = dist <= max(4.0, 3.0 * typical)
        dist = np.linalg.norm(values - terms @ coef, axis=1)
        typical = float(np.median(dist[inliers])) if inliers.any() else float(np.median(dist))
        inlier_mask = np.zeros((h, w), bool)
        inlier_mask[border] = inliers
        return coef.astype(np.float32), inlier_mask, typical

    def _predict(self, coef: np.ndarray, h: int, w: int) -> np.ndarray:
        u, v = _grid(h, w)
        return (_poly_terms(u, v) @ coef).astype(np.float32)

    # -- segmentation at working size
    def _smooth_extensions(self, lab: np.ndarray, smooth_rgb: np.ndarray, disputed: np.ndarray,
                           strict: np.ndarray, typical: float) -> tuple[np.ndarray, np.ndarray]:
        """Parts the free wand reached but the strict one did not → (backdrop, outlined).

        Backdrop: the part is smooth (a quadratic surface explains it: light falling off) and fades
        into the backdrop the strict wand found all along where they meet. A shaded 3D surface is
        not smooth (rims, bands, highlights): subject. Outlined: smooth, but an outline separates it
        from the backdrop along most of their meeting, and the wand only got round where it fades
        to the backdrop's colour (a bride's veil): subject too."""
        import cv2

        accepted = np.zeros_like(disputed)
        outlined = np.zeros_like(disputed)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(disputed.astype(np.uint8), connectivity=8)
        h, w = disputed.shape
        u, v = _grid(h, w)
        smooth_rgb = smooth_rgb.astype(np.int16)
        for label in range(1, count):
            if stats[label, cv2.CC_STAT_AREA] < 20:
                continue
            part = labels == label
            ys, xs = np.nonzero(part)
            step = max(1, len(ys) // 6000)
            ys, xs = ys[::step], xs[::step]
            terms = _poly_terms(u[ys, xs], v[ys, xs])
            values = lab[ys, xs]
            residual = np.linalg.norm(values - terms @ _least_squares(terms, values), axis=1)
            if float(np.median(residual)) > max(self.smooth_residual, 2.0 * typical):
                continue
            if self._crossable_share(smooth_rgb, part, strict) >= self.min_fade_share:
                accepted |= part
            else:
                outlined |= part
        return accepted, outlined

    def _crossable_share(self, smooth_rgb: np.ndarray, part: np.ndarray, backdrop: np.ndarray) -> float:
        """Of the steps from `part` to a 4-neighbour in `backdrop`, the share the wand could take
        (every channel changes by at most its tolerance): 1 where light fades out, low where an
        outline separates the part from the backdrop. 1 when they do not meet."""
        crossable = total = 0
        for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            here = part[max(0, -dy):part.shape[0] - max(0, dy), max(0, -dx):part.shape[1] - max(0, dx)]
            there = backdrop[max(0, dy):, max(0, dx):][:here.shape[0], :here.shape[1]]
            pairs = here & there
            if not pairs.any():
                continue
            a = smooth_rgb[max(0, -dy):, max(0, -dx):][:here.shape[0], :here.shape[1]][pairs]
            b = smooth_rgb[max(0, dy):, max(0, dx):][:here.shape[0], :here.shape[1]][pairs]
            crossable += int((np.abs(a - b).max(axis=1) <= self.tolerance).sum())
            total += int(pairs.sum())
        return crossable / total if total else 1.0

    @staticmethod
    def _model_backdrop(disputed: np.ndarray, guide: np.ndarray, lab: np.ndarray | None = None,
                        backdrop: np.ndarray | None = None) -> np.ndarray:
        """Parts the free wand reached (no edge between them and the border) that the smooth test
        turned down, but the model is sure are backdrop: the bright or dark centre of a radial
        spotlight, which no low-order surface fits, beside the subject. With the image (`lab`) and
        the backdrop found so far, a part must also show the backdrop's colours: on a two-colour
        light (`colour_line_distance`) its centre lies on the light's colour line, while a pale
        shaded thing the model overlooks (a climber's rock, the model sees only the climber) strays
        off it (MODEL_BACKDROP_OFF_LINE)."""
        import cv2

        # the free wand also leaks into the subject through soft rims: only the model's sure
        # backdrop counts, without the thin band along the model's own blurry edge
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
        sure = cv2.morphologyEx((disputed & (guide < GUIDE_BACKDROP)).astype(np.uint8), cv2.MORPH_OPEN, kernel)
        sure = drop_specks(sure.astype(bool), min_area=20)
        if lab is None or backdrop is None or not sure.any():
            return sure
        line = colour_line_distance(lab, backdrop, ~backdrop)
        if line is None:
            return sure  # no single line of colours to judge by: the model decides
        count, labels = cv2.connectedComponents(sure.astype(np.uint8), connectivity=8)
        for label in range(1, count):
            part = labels == label
            if float(np.median(line[part])) > MODEL_BACKDROP_OFF_LINE:
                sure &= ~part
        return sure

    def _refit(self, lab: np.ndarray, background: np.ndarray) -> tuple[np.ndarray, float] | None:
        """A cubic surface fitted (robustly) to all background pixels → (distance map, typical)."""
        ys, xs = np.nonzero(background)
        if len(ys) < 50:
            return None
        h, w = background.shape
        u, v = _grid(h, w)
        step = max(1, len(ys) // 12000)
        su, sv = u[ys[::step], xs[::step]], v[ys[::step], xs[::step]]
        terms = _cubic_terms(su, sv)
        values = lab[ys[::step], xs[::step]]
        keep = np.ones(len(values), bool)
        coef = None
        for _ in range(3):
            coef = _least_squares(terms[keep], values[keep])
            residual = np.linalg.norm(values - terms @ coef, axis=1)
            keep = residual <= max(3.0, 3.0 * float(np.median(residual)))
        distance = np.linalg.norm(lab - _cubic_terms(u, v) @ coef, axis=2)
        return distance, float(np.median(distance[background]))

    def _flood(self, smooth: np.ndarray, seeds: np.ndarray, tolerance: int,
               barrier: np.ndarray | None = None) -> np.ndarray:
        """Magic wand from the border over `smooth` (the working image, 3×3 median-filtered): grow
        while each step to a neighbour changes every channel by at most `tolerance` (floating range),
        so smooth gradients are crossed and edges are not. The image is only read."""
        import cv2

        h, w = seeds.shape
        mask = np.zeros((h + 2, w + 2), np.uint8)
        if barrier is not None:  # non-zero mask pixels stop the fill
            mask[1:-1, 1:-1][barrier] = 1
        flags = 4 | cv2.FLOODFILL_MASK_ONLY | (255 << 8)
        diff = (tolerance,) * 3
        for y, x in zip(*np.nonzero(seeds)):
            if not mask[y + 1, x + 1]:
                cv2.floodFill(smooth, mask, (int(x), int(y)), 0, diff, diff, flags)
        return mask[1:-1, 1:-1] == 255

    def _grabcut(self, rgb_small: np.ndarray, distance: np.ndarray, border_bg: np.ndarray,
                 threshold: float) -> np.ndarray:
        """Two passes: the border is certain background; then everything outside the first
        pass's subject box is too, so the background colour model sees the whole pattern."""
        import cv2

        full_h, full_w = distance.shape
        scale = min(1.0, self.grabcut_side / max(full_h, full_w))  # GrabCut is the slow step
        if scale < 1:
            size = (max(8, round(full_w * scale)), max(8, round(full_h * scale)))
            rgb_small = cv2.resize(rgb_small, size, interpolation=cv2.INTER_AREA)
            border_bg = cv2.resize(border_bg.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST).astype(bool)
        h, w = rgb_small.shape[:2]
        mask = np.full((h, w), cv2.GC_PR_FGD, np.uint8)
        mask[border_bg] = cv2.GC_BGD
        bgr = np.ascontiguousarray(rgb_small[..., ::-1])
        cv2.setRNGSeed(7)  # GrabCut's GMM initialisation uses OpenCV's RNG: fixed for determinism
        try:
            bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
            cv2.grabCut(bgr, mask, None, bgd, fgd, self.grabcut_iterations, cv2.GC_INIT_WITH_MASK)
            first = keep_main_components((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), min_share=0.05)
            ys, xs = np.nonzero(first)
            if len(xs) == 0:
                return first
            margin = max(2, round(0.03 * max(h, w)))
            outside = np.ones((h, w), bool)
            outside[max(0, ys.min() - margin):ys.max() + margin + 1, max(0, xs.min() - margin):xs.max() + margin + 1] = False
            mask[outside] = cv2.GC_BGD
            bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
            cv2.grabCut(bgr, mask, None, bgd, fgd, self.grabcut_iterations, cv2.GC_INIT_WITH_MASK)
        except cv2.error:
            return distance >= threshold  # degenerate image (e.g. one colour): keep the distance test
        found = ((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)).astype(np.float32)
        if scale < 1:
            found = cv2.resize(found, (full_w, full_h), interpolation=cv2.INTER_LINEAR)
        return found >= 0.5

    def hole_candidates(self, lab: np.ndarray, subject: np.ndarray, typical: float,
                        guide: np.ndarray | None = None, *, colour_line: bool = False,
                        lattice_cells: bool = False):
        """Enclosed regions of the subject whose colour matches the background around them.

        Yields `HoleCandidate`s. Measured on the sample gallery
        (bench/cutout.py scenes): a background-coloured enclosed region is a hole 98% of the time,
        except when it is white (an eye, a label on a white background). For white regions the
        shading share decides: the share of the 4 px around the region that is neither
        background-coloured nor clearly subject. A hole shows the background with a one-pixel
        anti-aliased rim; a white surface is rendered with shading that fades over several px.
        `lattice_cells`: regions too small to be a lone opening come too (`small`), for
        `lattice_openings` to judge.
        """
        import cv2

        # the background behind a hole: diffused from the background around it, or (for a
        # gradient) a smooth surface fitted to all the background pixels, whichever matches
        background = ~subject
        local = np.linalg.norm(lab - fill_from_known(lab, background), axis=2)
        h, w = subject.shape
        u, v = _grid(h, w)
        ys, xs = np.nonzero(background)
        step = max(1, len(ys) // 12000)
        terms = _poly_terms(u[ys[::step], xs[::step]], v[ys[::step], xs[::step]])
        coef = _least_squares(terms, lab[ys[::step], xs[::step]])
        surface = np.linalg.norm(lab - _poly_terms(u, v) @ coef, axis=2)
        local = np.minimum(local, surface)
        equal = max(2.0, 2.5 * typical)
        line = None
        if colour_line:
            line = colour_line_distance(lab, background, subject)
            if line is not None:
                local = np.minimum(local, line)
        candidate = subject & (local < equal)
        backdrop_lab = np.median(lab[background][:: max(1, int(background.sum()) // 4000)], axis=0)
        white_backdrop = bool(backdrop_lab[0] > 88 and np.hypot(backdrop_lab[1], backdrop_lab[2]) < 8)
        lit = colour_line and line is not None  # a light on the backdrop (see `colour_line_distance`)
        band = backdrop_noise_band(lab, background)
        if band > NOISY_BAND:  # a photo's sensor noise pocks an opening with specks off its colour
            candidate = fill_small_holes(candidate, max_area=NOISE_SPECK) & subject
        candidate = candidate.astype(np.uint8)
        area = subject.size
        min_area = max(12, int(area * 0.0008))
        smallest = LATTICE_MIN_CELL if lattice_cells else min_area
        count, labels, stats, _ = cv2.connectedComponentsWithStats(candidate, connectivity=4)
        ring_kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
        for label in range(1, count):
            if stats[label, cv2.CC_STAT_AREA] < smallest:
                continue
            small = bool(stats[label, cv2.CC_STAT_AREA] < min_area)
            region = labels == label
            model_sees_backdrop = guide is not None and float(guide[region].mean()) < GUIDE_BACKDROP
            # on a coloured, lit backdrop a region matching it within its 8-bit rounding is the
            # backdrop itself, whatever floats in it (the nucleus inside an atom's orbits); on a flat
            # one an eye's white may match it as closely
            close = lit and not white_backdrop and float(np.median(local[region])) <= ENCLOSED_CLOSE_MATCH
            if not small and encloses_subject(region, subject, min_area) and not model_sees_backdrop and not close:
                continue  # an eye's white around its pupil: a surface with things on it, not an opening
            # the ring, in a window around the region (a mesh has hundreds of cells)
            x, y, bw, bh = stats[label, :4]
            top, left = max(0, y - 4), max(0, x - 4)
            window = np.s_[top:y + bh + 4, left:x + bw + 4]
            inside = region[window]
            ring = cv2.dilate(inside.astype(np.uint8), ring_kernel).astype(bool) & ~inside
            if not ring.any():
                continue
            around = local[window][ring]
            shading = float(((around >= equal) & (around < 20.0)).mean())
            # compression ringing also counts as "shading": allow more of it in a noisy image
            match = float(np.median(local[region]))
            noisy = match > 0.25
            mean = lab[region].mean(axis=0)
            # a subject's white is paper white; an exact match to an off-white backdrop is no coincidence
            near_pure_white = float(np.hypot(100.0 - mean[0], np.hypot(mean[1], mean[2]))) <= PURE_WHITE_DELTA
            whiteish = bool(mean[0] > 88 and np.hypot(mean[1], mean[2]) < 8 and (near_pure_white or noisy))
            stray = stray_share(region[window], local[window], band) if whiteish else None
            yield HoleCandidate(region, shading, whiteish, noisy, match, small, stray)

    def _holes(self, lab: np.ndarray, subject: np.ndarray, typical: float,
               guide: np.ndarray | None = None) -> np.ndarray:
        holes = np.zeros_like(subject)
        candidates = list(self.hole_candidates(lab, subject, typical, guide, colour_line=self.colour_line,
                                               lattice_cells=True))
        lattice = lattice_openings(candidates)
        outer_depth = None  # see THIN_WALL; measured once, when a region needs it
        for index, found in enumerate(candidates):
            if index in lattice:
                holes |= found.region
                continue
            if found.small:
                continue  # alone, too small to tell from a speck of the subject's own colour
            # a background-coloured region inside the subject is a hole, except on white, where
            # white parts of the subject (eyes, labels, a flag's white) look the same: there the rim
            # decides, and the model, when there is one, can overrule a hole (it knows an eye);
            # a region whose core is the backdrop pixel for pixel needs only one of the two, with
            # the model at least unsure (a bow's string triangle has a soft rim, the model half fills
            # a loop of beads; a flag's flat white field, as pure, the model is sure of)
            region = found.region
            crisp_rim = found.shading <= self.max_hole_shading * (2.2 if found.noisy else 1.0)
            model_belief = 0.0 if guide is None else float(guide[region].mean())
            model_agrees = model_belief < GUIDE_HOLE_BELOW
            backdrop_itself = found.stray is not None and found.stray <= STRAY_MAX
            if found.whiteish and not (crisp_rim and model_agrees) and \
                    not (backdrop_itself and (model_agrees or (crisp_rim and model_belief < GUIDE_SURE))):
                exact = not found.noisy and found.match <= EXACT_MATCH and (found.stray is None or backdrop_itself)
                if not (exact and crisp_rim):
                    continue
                if outer_depth is None:
                    outer_depth = _depth_from_outer_backdrop(subject)
                thin = THIN_WALL_CORE if backdrop_itself else THIN_WALL
                if wall_depth(region, outer_depth) > thin * np.sqrt(float(subject.sum())):
                    continue
            # a surface shaded through the backdrop's colours (a palm in front of a skin-toned
            # light) matches them only loosely, has a soft rim, and the model sees it as subject
            if found.noisy and found.shading > SOFT_RIM_SHADING and not model_agrees and \
                    found.match > SURFACE_MIN_MATCH:
                continue
            holes |= region
        if lattice:
            holes |= self._inner_lattice_cells(lab, subject, typical, holes,
                                               float(np.median([candidates[index].region.sum() for index in lattice])))
        return holes

    def _inner_lattice_cells(self, lab: np.ndarray, subject: np.ndarray, typical: float, holes: np.ndarray,
                             cell_area: float) -> np.ndarray:
        """Cells of a lattice found beside the open ones, judged against the backdrop seen through
        those (a mesh in front of a radial light: the light's bright centre shows only through the
        middle cells, and no colour around the subject predicts it)."""
        import cv2

        reach = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * round(np.sqrt(cell_area)) + 1,) * 2)
        found = np.zeros_like(holes)
        for _ in range(LATTICE_ROUNDS):
            opened = holes | found
            beside = cv2.dilate(opened.astype(np.uint8), reach).astype(bool)
            added = np.zeros_like(holes)
            for candidate in self.hole_candidates(lab, subject & ~opened, typical, colour_line=self.colour_line,
                                                  lattice_cells=True):
                area = float(candidate.region.sum())
                alike = cell_area / LATTICE_AREA_SPREAD <= area <= cell_area * LATTICE_AREA_SPREAD
                if _lattice_cell(candidate) and alike and (candidate.region & beside).any():
                    added |= candidate.region
            if not added.any():
                break
            found |= added
        return found

    def _restore_leaks(self, subject: np.ndarray, lab: np.ndarray, guide: np.ndarray,
                       min_area: int) -> np.ndarray:
        """Give back what the flood took from the subject: parts of the outer background that the
        model is sure are subject and whose colour is not the backdrop's (a white skull on white
        lost to a wand that crept in by small steps). The backdrop itself, even enclosed by the
        subject's arms (the middle of a recycling sign), stays background."""
        import cv2

        background = (~subject).astype(np.uint8)
        count, labels = cv2.connectedComponents(background, connectivity=4)
        edge_labels = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
        outside = np.isin(labels, edge_labels[edge_labels > 0])
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))  # not the model's blurry rim
        lost = cv2.morphologyEx(((guide >= GUIDE_SURE) & outside).astype(np.uint8), cv2.MORPH_OPEN, kernel)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(lost, connectivity=8)
        restored = subject.copy()
        if count <= 1:
            return restored
        # the backdrop as one smooth surface fitted (robustly) to everything the fill took but
        # what the model is sure of: a gradient's centre showing between two figures fits it, a
        # pale subject part does not (left in, a part as large as the backdrop around it, a fog's
        # pale cloud on white, pulls the fit and its typical distance towards itself)
        refit = self._refit(lab, outside & ~lost.astype(bool)) or self._refit(lab, outside)
        if refit is None:
            return restored
        distance, typical = refit
        u, v = _grid(*subject.shape)
        for label in range(1, count):
            part = labels == label
            if stats[label, cv2.CC_STAT_AREA] < min_area or \
                    float(np.median(distance[part])) < max(LEAK_MIN_DELTA, 3.0 * typical):
                continue
            # a patch of gradient is smooth (a quadratic explains it); a shaded subject part is not
            ys, xs = np.nonzero(part)
            terms = _poly_terms(u[ys, xs], v[ys, xs])
            residual = np.linalg.norm(lab[ys, xs] - terms @ _least_squares(terms, lab[ys, xs]), axis=1)
            if float(np.median(residual)) > LEAK_MIN_RESIDUAL:
                restored |= part
        return restored

    def mask(self, rgb: np.ndarray, guide: np.ndarray | None = None) -> ClassicMask:
        """`rgb` uint8 (H, W, 3) → alpha at full size and the background estimate.

        `guide`: a photo model's subject probability (float32 0..1, full size), when one is
        installed: on plain and gradient backdrops it restores subject parts the flood took and
        decides white holes (see `_restore_leaks`, `_holes`). The flood still draws the edge."""
        import cv2

        height, width = rgb.shape[:2]
        scale = min(1.0, self.work_side / max(height, width))
        small_size = (max(8, round(width * scale)), max(8, round(height * scale)))
        small = cv2.resize(rgb, small_size, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
        h, w = small.shape[:2]
        lab = cv2.cvtColor(small.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
        strip = max(1, round(0.012 * min(h, w)))
        coef, border_inliers, typical = self._fit_background(lab, strip)
        border_surface = self._predict(coef, h, w)
        distance = np.linalg.norm(lab - border_surface, axis=2)
        notes: list[str] = []
        area = h * w

        textured = typical > 5.0
        threshold = max(5.0, 3.5 * typical)
        guide_small = None
        if guide is not None and not textured:
            guide_small = cv2.resize(guide.astype(np.float32), (w, h), interpolation=cv2.INTER_AREA) \
                if guide.shape != (h, w) else guide.astype(np.float32)
        outlined = None  # smooth pale surfaces inside an outline (plain mode)
        if not textured:
            mode = "plain"
            outermost = np.zeros_like(border_inliers)
            outermost[0, :] = outermost[-1, :] = outermost[:, 0] = outermost[:, -1] = True
            seeds = outermost & border_inliers
            smooth = cv2.medianBlur(np.ascontiguousarray(small), 3)  # what both wands step over
            # 1. magic wand from the border (floating tolerance: crosses smooth gradients)
            background = self._flood(smooth, seeds, self.tolerance)
            # 2. the same, never into pixels far from the border's background model, then with
            #    a model refitted on all the background found: where the free wand went further,
            #    it either followed a smooth light (a radial spot) or leaked through a soft rim
            barrier = distance >= max(self.barrier_delta, 5.0 * typical)
            strict = self._flood(smooth, seeds, self.tolerance, barrier)
            refit = self._refit(lab, strict)
            if refit is not None:
                distance_all, typical_all = refit
                barrier = distance_all >= max(self.barrier_delta * 0.6, 4.0 * typical_all)
                strict = self._flood(smooth, seeds & ~barrier, self.tolerance, barrier)
                disputed = background & ~strict
                extensions, outlined = self._smooth_extensions(lab, smooth, disputed, strict,
                                                               max(typical, typical_all))
                background = strict | extensions
                if guide_small is not None:
                    # the model settles a lit backdrop's centre; on an unlit (flat) one an outline
                    # says surface, whatever the model sees (it takes a pale veil for backdrop)
                    lit = float(np.linalg.norm(np.ptp(border_surface.reshape(-1, 3), axis=0))) > FLAT_BACKDROP
                    candidates = disputed & ~background if lit else disputed & ~background & ~outlined
                    background |= self._model_backdrop(candidates, guide_small, lab, background)
            else:
                background = strict
            subject = ~background
        else:
            mode = "textured"
            subject = self._grabcut(small, distance, border_inliers, threshold)
            notes.append("textured background: GrabCut segmentation, check the edges")
        if border_inliers.sum() < 0.5 * (2 * strip * (h + w)):
            notes.append("the subject touches much of the image border: the background model is uncertain")

        if textured:  # GrabCut leaves islands of background texture: cut thin bridges, keep the main parts
            kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
            subject = cv2.morphologyEx(subject.astype(np.uint8), cv2.MORPH_OPEN, kernel).astype(bool)
            subject = keep_main_components(subject, min_share=0.02)
        else:  # the flood is exact: only specks go, small separate parts (sparkles, dots) stay
            subject = drop_specks(subject, min_area=max(6, int(area * 0.0001)))
        subject = fill_small_holes(subject, max_area=max(4, int(area * 0.0004)))
        if guide_small is not None:
            if subject.any():
                # an outlined pale surface is judged with what the model sees beside it: a veil and
                # the white dress below it, together not the backdrop's colour, come back as one
                judged = subject if outlined is None else subject & ~outlined
                restored = subject | self._restore_leaks(judged, lab, guide_small, max(12, int(area * 0.002)))
                if (restored & ~subject).any():
                    notes.append("parts of the subject close to the backdrop's colour were kept (the photo model "
                                 "saw them as subject)")
                subject = restored
        if not textured and subject.any() and (~subject).any():
            holes = self._holes(lab, subject, typical, guide_small)
            if holes.any():
                subject &= ~holes
            # on a fine pattern the fill broke into specks (photo.flood_failed sends those to the
            # model): there every darker dot is "the backdrop darkened", so no shadow is looked for
            if guide_small is not None and cv2.connectedComponents(subject.astype(np.uint8))[0] - 1 < SHADOW_MAX_PARTS:
                shadow = faint_shadow_rim(small, subject, guide_small)
                if shadow.any():
                    subject &= ~shadow
                    notes.append("a faint shadow along the subject's edge was left with the backdrop")
        if not subject.any():
            notes.append("no subject found: the whole image looks like background")

        # back to full size: a hard mask, then real partial alpha on the boundary
        if scale < 1:
            hard = cv2.resize(subject.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR) >= 0.5
        else:
            hard = subject
        background_rgb = None  # estimated locally from the pixels around the edge
        band = max(2, int(np.ceil(1.0 / scale)) + 1)
        alpha = soft_alpha(rgb.astype(np.float32), hard, band=band, background=background_rgb)
        return ClassicMask(alpha=alpha, background=background_rgb, notes=notes, mode=mode)
