"""Palette recolouring: the crisp reference, re-dyed to the brief's colours (红色和黄色, 蓝色渐变).

Not a filter over the picture: the reference's colour regions are found (hue clusters of its
coloured pixels) and each is moved to one palette colour in CIE Lab, so what makes a 3D/clay
icon look finished survives untouched:
- lightness structure: a region's mean lightness is moved to the target colour's with a power
  curve that keeps black at 0 and white at 100, so shading, highlights and shadows keep their
  shape (a red box becomes a *yellow* box, not an olive one);
- local hue and chroma variation: hue is rotated, chroma scaled, per region (soft membership,
  so a gradient between two regions stays a gradient);
- neutral pixels (white highlights, grey metal, black outlines) stay neutral; alpha is untouched.
A subject that is nearly all neutral (a white camera) is tinted instead: mid-tones take the main
colour, highlights and shadows stay clean.

The largest region gets the first palette colour. `seed` 0 is that canonical assignment; other
seeds permute which region gets which colour and jitter hue/chroma/lightness slightly, so a
seed list gives honest variants (same seed, same image).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PIL import Image

from tools.colors import RGB, rgb_to_lab

NEUTRAL_CHROMA = 6.0  # below: treated as neutral (white, grey, black)
COLOURED_CHROMA = 18.0  # above: fully a coloured pixel
MIN_COLOURED_SHARE = 0.3  # under this share of coloured pixels the subject is tinted instead
MAX_CHROMA_GAIN = 3.0  # a faintly coloured region is not blown up into a loud one


def _smoothstep(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    t = np.clip((x - lo) / (hi - lo), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _soften(weight: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.GaussianBlur(weight.astype(np.float32), (0, 0), sigmaX=1.2)


def _to_lab(rgb: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)


def _to_rgb(lab: np.ndarray) -> np.ndarray:
    import cv2

    return np.clip(cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_Lab2RGB) * 255.0 + 0.5, 0, 255).astype(np.uint8)


def hue_clusters(hue: np.ndarray, weight: np.ndarray, k: int = 4, *, merge_degrees: float = 45.0,
                 min_share: float = 0.06, iterations: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """The subject's colour regions: weighted circular k-means on hue angles (radians), with
    centres closer than `merge_degrees` merged (one gradient is one region, not two) and regions
    under `min_share` dropped. Deterministic (farthest-point initialisation).

    Returns (centres, shares), largest region first.
    """
    vectors = np.stack([np.cos(hue), np.sin(hue)], axis=1)
    total = float(weight.sum())
    if total <= 0 or len(hue) == 0:
        return np.zeros(0), np.zeros(0)
    mean = (vectors * weight[:, None]).sum(0)
    centres = [math.atan2(mean[1], mean[0])]
    while len(centres) < k:
        c = np.array(centres)
        gap = np.min(1 - np.cos(hue[:, None] - c[None, :]), axis=1)
        far = gap > 1 - math.cos(math.radians(merge_degrees))
        if weight[far].sum() < min_share * total:  # nothing substantial far from the centres
            break
        centres.append(float(hue[int(np.argmax(gap * weight))]))
    centres_arr = np.array(centres)
    for _ in range(iterations):
        assign = np.argmax(np.cos(hue[:, None] - centres_arr[None, :]), axis=1)
        new = []
        for j in range(len(centres_arr)):
            sel = assign == j
            if weight[sel].sum() >= min_share * total:
                v = (vectors[sel] * weight[sel, None]).sum(0)
                new.append(math.atan2(v[1], v[0]))
        new_arr = np.array(new) if new else centres_arr[:1]
        # merge centres that drifted together
        merged: list[float] = []
        for c in sorted(new_arr, key=lambda x: -weight[np.cos(hue - x) > math.cos(math.radians(merge_degrees))].sum()):
            if all(abs(math.remainder(c - m, 2 * math.pi)) > math.radians(merge_degrees) for m in merged):
                merged.append(float(c))
        new_arr = np.array(merged)
        if len(new_arr) == len(centres_arr) and np.allclose(new_arr, centres_arr):
            break
        centres_arr = new_arr
    assign = np.argmax(np.cos(hue[:, None] - centres_arr[None, :]), axis=1)
    shares = np.array([weight[assign == j].sum() / total for j in range(len(centres_arr))])
    order = np.argsort(-shares)
    return centres_arr[order], shares[order]


def _target_lab(color: RGB, rng: np.random.Generator | None) -> tuple[float, float, float]:
    lightness, a, b = rgb_to_lab(tuple(int(v) for v in color))  # type: ignore[arg-type]
    chroma, hue = math.hypot(a, b), math.atan2(b, a)
    if rng is not None:  # a variant: small, tasteful departures from the exact swatch
        hue += math.radians(rng.uniform(-6, 6))
        chroma *= rng.uniform(0.9, 1.08)
        lightness = float(np.clip(lightness + rng.uniform(-4, 4), 8, 96))
    return lightness, chroma, hue


def _lightness_curve(lightness: np.ndarray, source_mean: float, target_mean: float) -> np.ndarray:
    """Power curve through (0,0), (100,100) and (source_mean → target_mean)."""
    s = float(np.clip(source_mean, 2.0, 98.0)) / 100.0
    t = float(np.clip(target_mean, 2.0, 98.0)) / 100.0
    gamma = float(np.clip(math.log(t) / math.log(s), 0.3, 3.0))
    return 100.0 * np.power(np.clip(lightness, 0.0, 100.0) / 100.0, gamma)


def recolour(image: Image.Image, palette: Sequence[RGB], *, seed: int = 0, reference_weight: float = 0.6) -> Image.Image:
    """Re-dye `image` (RGB or RGBA) to `palette` (main colour first). Same size and mode.

    `reference_weight` (0..1, like --iw) tempers how far chroma moves toward the palette's
    (1: the reference's own saturation); hue and lightness always reach the palette colour.
    """
    if not palette:
        return image.copy()
    mode = image.mode if image.mode in ("RGB", "RGBA") else "RGBA"
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
    rgb, alpha = rgba[..., :3], rgba[..., 3] / 255.0
    lab = _to_lab(rgb)
    lightness, a, b = lab[..., 0], lab[..., 1], lab[..., 2]
    chroma = np.hypot(a, b)
    hue = np.arctan2(b, a)
    opaque = alpha > 0.5
    if not opaque.any():
        return image.copy()
    coloured = _smoothstep(chroma, NEUTRAL_CHROMA, COLOURED_CHROMA)
    coloured = _soften(coloured)  # compression noise must not turn into blotches
    rng = None if seed == 0 else np.random.default_rng(seed)
    targets = [_target_lab(c, rng) for c in palette]
    keep = float(np.clip(reference_weight, 0.0, 1.0))
    chroma_strength = 1.0 - 0.5 * keep

    coloured_share = float(coloured[opaque].mean())
    if coloured_share < MIN_COLOURED_SHARE:
        out = _tint_neutral(lightness, chroma, hue, coloured, opaque, targets[0], chroma_strength)
    else:
        out = _move_regions(lightness, chroma, hue, coloured, opaque, targets, rng, chroma_strength)
    result = _to_rgb(out)
    return Image.fromarray(np.dstack([result, rgba[..., 3].astype(np.uint8)]), "RGBA").convert(mode)


def _move_regions(lightness, chroma, hue, coloured, opaque, targets, rng, chroma_strength) -> np.ndarray:
    sample = opaque & (coloured > 0.05)
    step = max(1, int(sample.sum()) // 40000)
    s_hue = hue[sample][::step]
    s_weight = (coloured * chroma)[sample][::step]
    centres, _ = hue_clusters(s_hue, s_weight, max(len(targets), 3))
    order = list(range(len(targets)))
    if rng is not None and len(targets) > 1:
        order = [int(i) for i in rng.permutation(len(targets))]
    assigned = []
    for j in range(len(centres)):
        t_light, t_chroma, t_hue = targets[order[j % len(order)]]
        if j >= len(order):  # more regions than colours: a deeper or paler shade of the same colour
            shade = 14.0 * (j // len(order))
            t_light = t_light - shade if t_light > 55 else t_light + shade
        assigned.append((t_light, t_chroma, t_hue))

    # soft membership of every pixel to each region (von Mises on hue): sharp, so each region
    # takes its own colour, but a true gradient between two regions stays smooth
    kappa = 12.0
    logits = kappa * np.cos(hue[..., None] - centres[None, None, :])
    logits -= logits.max(axis=-1, keepdims=True)
    member = np.exp(logits)
    member /= member.sum(axis=-1, keepdims=True)

    rot_x = np.zeros_like(hue)
    rot_y = np.zeros_like(hue)
    log_ratio = np.zeros_like(hue)
    new_lightness = np.zeros_like(lightness)
    for j, (centre, (t_light, t_chroma, t_hue)) in enumerate(zip(centres, assigned)):
        region = member[..., j]
        in_region = sample & (region > 0.5)
        weights = (coloured * region)[in_region]
        src_chroma = float(np.average(chroma[in_region], weights=weights)) if weights.sum() > 0 else 30.0
        src_light = float(np.average(lightness[in_region], weights=weights)) if weights.sum() > 0 else 50.0
        delta = t_hue - centre
        rot_x += region * math.cos(delta)
        rot_y += region * math.sin(delta)
        log_ratio += region * math.log(min(MAX_CHROMA_GAIN, max(t_chroma, 1.0) / max(src_chroma, 1.0)))
        new_lightness += region * _lightness_curve(lightness, src_light, t_light)

    new_hue = hue + np.arctan2(rot_y, rot_x)
    new_chroma = chroma * np.exp(log_ratio * chroma_strength)
    mix = coloured  # neutral pixels (highlights, outlines) stay as they are; alpha is untouched
    out_light = lightness + mix * (new_lightness - lightness)
    out_chroma = chroma + mix * (new_chroma - chroma)
    out_hue = np.where(mix > 0, new_hue, hue)
    return np.dstack([out_light, out_chroma * np.cos(out_hue), out_chroma * np.sin(out_hue)])


def _tint_neutral(lightness, chroma, hue, coloured, opaque, target, chroma_strength) -> np.ndarray:
    """A mostly neutral subject (a white camera, silver headphones): colourise it like a designer
    would (hue and saturation set uniformly, lightness kept in shape and moved toward the target's),
    with saturation fading toward white highlights and black shadows; strong colour accents
    (a red record button) keep their own colour."""
    t_light, t_chroma, t_hue = target
    accent = _soften(_smoothstep(chroma, 20.0, 35.0))
    amount = 1.0 - accent
    light_mean = float(np.average(lightness[opaque], weights=amount[opaque] + 1e-6))
    curved = _lightness_curve(lightness, light_mean, t_light)
    out_light = lightness + amount * 0.85 * (curved - lightness)
    envelope = np.clip(1.0 - ((out_light - 50.0) / 50.0) ** 2, 0.0, 1.0)
    tint = t_chroma * (0.5 + 0.5 * chroma_strength) * envelope
    a = chroma * np.cos(hue) * (1 - amount) + amount * tint * math.cos(t_hue)
    b = chroma * np.sin(hue) * (1 - amount) + amount * tint * math.sin(t_hue)
    return np.dstack([out_light, a, b])


def palette_match(image: Image.Image, palette: Sequence[RGB]) -> float:
    """Share (0..1) of the subject's coloured pixels whose hue/chroma sits near a palette colour.

    Lightness is ignored (shading varies); neutral pixels are ignored (highlights, outlines).
    Used by pick and by tests.
    """
    if not palette:
        return 0.0
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
    lab = _to_lab(rgba[..., :3])
    opaque = rgba[..., 3] > 127
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    coloured = opaque & (chroma > COLOURED_CHROMA)
    if coloured.sum() < 16:
        return 0.0
    ab = lab[..., 1:][coloured]
    best = np.full(len(ab), np.inf)
    for colour in palette:
        _, ta, tb = rgb_to_lab(tuple(int(v) for v in colour))  # type: ignore[arg-type]
        t_hue = math.atan2(tb, ta)
        hue = np.arctan2(ab[:, 1], ab[:, 0])
        best = np.minimum(best, np.abs(np.angle(np.exp(1j * (hue - t_hue)))))
    return float((best < math.radians(25)).mean())
