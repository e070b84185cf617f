"""Palette recolouring: the crisp reference, re-dyed to the brief's colours (红色和黄色, 蓝色渐变),
keeping what may not change.

Not a filter over the picture: the reference's colour regions are found (hue clusters of its
coloured pixels, measured on an edge-preserving smoothed copy so compression noise and shading
do not split a region into patches) and each is moved to one palette colour in CIE Lab:
- which colour: the assignment of regions to the palette's chromatic colours that rotates hue
  least (the largest region is nudged toward the main colour); a warm red/orange/gold region is
  never sent to green unless the palette is only green, and no pixel lands on lime unless the
  palette or the source is lime;
- lightness structure: a region's mean lightness moves most of the way to the target colour's
  with a power curve that keeps black at 0 and white at 100, so shading, highlights and shadows
  keep their shape; local hue variation is kept (compressed), chroma scaled, all within sRGB
  (out-of-gamut chroma is pulled back instead of clipped, so nothing turns neon);
- neutral pixels (white highlights, grey metal, black outlines) stay neutral; alpha is untouched.

What may not change is decided per subject and per pixel (`RecolourSubject`, from the gallery's
metadata): gold and metal objects keep their metal (crown, trophy, coin, money bag, bell, key:
the gold band and the steel greys stay), gems set in them keep their sparkle, food and drink
only shifts gently (never re-hued: a dumpling is not red, a burger not orange), faces and skin
are untouched, flags keep their colours. Paper, fabric, plastic, gift wrap and envelopes
recolour. A subject that is nearly all neutral (a white camera) is tinted instead, unless it is
metal (silver stays silver).

`colour_fidelity` scores a result against its source and the palette (muddy, neon-shifted,
blotchy); the generator keeps the original colours when a recolour scores below FIDELITY_BAR.

The seed varies the result: seed 0 is the canonical (least-rotation) assignment; other seeds take
another assignment of similar cost when there is one and jitter hue/chroma/lightness slightly,
so a seed list gives honest variants (same seed, same image).
"""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from tools.colors import RGB, hue_gap, rgb_to_lab
from tools.cutout.edges import fill_small_holes

NEUTRAL_CHROMA = 6.0  # below: treated as neutral (white, grey, black)
COLOURED_CHROMA = 18.0  # above: fully a coloured pixel
MIN_COLOURED_SHARE = 0.3  # under this share of coloured pixels the subject is tinted instead
MAX_CHROMA_GAIN = 3.0  # a faintly coloured region is not blown up into a loud one
MIN_CHANGEABLE_SHARE = 0.08  # when what may change is less than this of a kept subject, nothing changes
CHROMATIC_TARGET = 15.0  # a palette colour under this chroma (black, white, grey) is a background colour
LIGHTNESS_MOVE = 0.8  # how far a region's mean lightness moves to the target's (1: all the way)
HUE_DETAIL = 0.6  # share of a pixel's hue deviation from its region's centre that survives the move
FOOD_MAX_SHIFT = 8.0  # degrees: food only leans toward the palette, it is never re-hued
WARM_HUES = (-25.0, 100.0)  # Lab hue degrees: red, orange, gold, yellow
GREEN_HUES = (100.0, 200.0)  # Lab hue degrees: lime, green, mint
LIME_HUES = (100.0, 135.0)  # yellow-green: the colour of a recolour gone wrong
GOLD_HUES = (45.0, 105.0)  # gold and brass, Lab hue degrees
GOLD_CHROMA = 25.0  # gold is a saturated yellow; a dull brown at the same hue is wood or leather
STEEL_CHROMA = 32.0  # silver, steel, chrome: greys with the cool cast renders give them
GEM_MAX_SHARE = 0.12  # a stone set in metal is a small part of its subject
FEATURE_MAX_SHARE = 0.2  # a mouth, an eye or a brow inside a face is small against the skin around it
FIDELITY_BAR = 0.6  # below: the recolour is not shown, the original colours are kept (fitted on bench/recolour.py)

# Words in labels that say an object is metal. Gold objects keep their gold (and any steel);
# steel objects keep their steel, while a coloured handle or ribbon on them may change.
GOLD_WORDS_EN = ("crown", "trophy", "medal", "coin", "money bag", "bell", "key", "trumpet", "saxophone",
                 "gold", "bronze", "compass", "ring")
GOLD_WORDS_ZH = ("皇冠", "王冠", "奖杯", "奖牌", "金牌", "铜牌", "硬币", "金币", "钱袋", "铃", "钥匙", "喇叭", "萨克斯",
                 "金色", "指南针", "戒指")
STEEL_WORDS_EN = ("scissors", "knife", "sword", "dagger", "wrench", "hammer", "nut and bolt", "magnet", "chains",
                  "anchor", "gear", "fork", "spoon", "kettle", "safety pin", "paperclip", "silver", "stopwatch")
STEEL_WORDS_ZH = ("剪刀", "刀", "剑", "匕首", "扳手", "锤", "螺", "磁铁", "锁链", "锚", "齿轮", "叉", "勺", "水壶",
                  "别针", "回形针", "银色", "银牌", "秒表")


def _smoothstep(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    t = np.clip((x - lo) / (hi - lo), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _soften(weight: np.ndarray, sigma: float = 1.2) -> np.ndarray:
    import cv2

    return cv2.GaussianBlur(weight.astype(np.float32), (0, 0), sigmaX=sigma)


def _to_lab(rgb: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)


def _to_rgb(lab: np.ndarray) -> np.ndarray:
    import cv2

    return np.clip(cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_Lab2RGB) * 255.0 + 0.5, 0, 255).astype(np.uint8)


def _wrap(angle: np.ndarray | float) -> np.ndarray | float:
    """An angle (radians) brought into -pi..pi."""
    if isinstance(angle, np.ndarray):  # a whole turn off per nearest multiple: no complex round trip
        return angle - (2 * math.pi) * np.round(angle / (2 * math.pi))
    return math.remainder(angle, 2 * math.pi)


def _in_hues(hue_degrees: np.ndarray | float, band: tuple[float, float]) -> np.ndarray | bool:
    lo, hi = band
    wrapped = (np.asarray(hue_degrees) - lo) % 360.0
    return wrapped <= (hi - lo) % 360.0


# ------------------------------------------------------------------ what the picture shows
class RecolourSubject(BaseModel):
    """What the reference shows, as the gallery describes it: decides which materials may change.

    Empty (the default) means unknown: only what the pixels say is kept (gems, specular metal).
    """

    label_zh: str = ""
    label_en: str = ""
    category_zh: str = Field("", description="e.g. 食物飲料 / 亞洲食物")
    category_en: str = Field("", description="e.g. food & drink / asian")
    tags: list[str] = Field(default_factory=list)

    @classmethod
    def from_metadata(cls, label_zh: str = "", label_en: str = "", tags: Sequence[str] = (),
                      metadata: Mapping[str, Any] | None = None) -> RecolourSubject:
        """From a gallery search hit's fields (labels, tags and its metadata dict)."""
        metadata = metadata or {}
        words = [*tags, *(metadata.get("tags_zh") or []), *(metadata.get("tags_en") or [])]
        return cls(label_zh=label_zh or str(metadata.get("label_zh", "")),
                   label_en=label_en or str(metadata.get("label_en", "")),
                   category_zh=str(metadata.get("category_zh", "")), category_en=str(metadata.get("category_en", "")),
                   tags=[str(w) for w in dict.fromkeys(words) if str(w).strip()])

    @property
    def is_food(self) -> bool:
        """Food and drink (not the dishware): its colours say it is cooked, ripe, fresh."""
        food = "food & drink" in self.category_en.lower() or "食物" in self.category_zh
        dishware = "dishware" in self.category_en.lower() or "餐具" in self.category_zh
        return food and not dishware

    @property
    def is_face(self) -> bool:
        """A smiley or creature face (not the hearts and symbols filed beside them)."""
        smileys = "smileys" in self.category_en.lower() or self.category_zh.startswith("笑脸")
        named_face = "face" in self.label_en.lower() or "face" in self.category_en.lower() or "脸" in self.label_zh
        return smileys and named_face

    @property
    def has_skin(self) -> bool:
        """People, and things with a painted face (nesting dolls)."""
        return ("people & body" in self.category_en.lower() or self.category_zh.startswith("人体")
                or bool(re.search(r"\bdolls?\b", self.label_en.lower())) or "娃娃" in self.label_zh)

    @property
    def is_nature(self) -> bool:
        """Animals and plants: a blue tiger or a green rose reads as a mistake, not a palette."""
        return self.category_en.lower().startswith("animals") or self.category_zh.startswith("野生动物")

    @property
    def is_creature(self) -> bool:
        """An animal or a person: a white polar bear or a grey elephant is not tinted."""
        return (self.category_en.lower().startswith(("animals", "people")) or self.category_zh.startswith(("野生动物", "人体")))

    @property
    def is_sky(self) -> bool:
        """The sun, the moon, stars, fire, snow: a blue sun or a brown snowflake no longer reads as one."""
        weather = "weather" in self.category_en.lower() or "天气" in self.category_zh
        return weather and not re.search(r"umbrella|伞", self.label_en.lower() + self.label_zh)

    @property
    def is_flag(self) -> bool:
        return self.category_en.lower().startswith("flags") or self.category_zh.startswith("旗帜")

    @property
    def metal(self) -> str:
        """"gold", "steel" or "" (not known to be metal), from the label."""
        label_en = self.label_en.lower()

        def named(words_en: Sequence[str], words_zh: Sequence[str]) -> bool:
            return (any(re.search(rf"\b{re.escape(word)}\b", label_en) for word in words_en)
                    or any(word in self.label_zh for word in words_zh))

        if named(GOLD_WORDS_EN, GOLD_WORDS_ZH):
            return "gold"
        return "steel" if named(STEEL_WORDS_EN, STEEL_WORDS_ZH) else ""


class Material(BaseModel):
    """Which parts of one picture may change, and how far (what `recolour` decided and why)."""

    notes: list[str] = Field(default_factory=list)
    max_hue_shift: float = 180.0  # degrees a recoloured pixel's hue may move
    keep_share: float = 0.0  # share of the subject whose colour is kept


def material_keep(lab: np.ndarray, opaque: np.ndarray, subject: RecolourSubject) -> tuple[np.ndarray, Material]:
    """Per pixel, how much of its colour is kept (0: may change, 1: kept), and what was decided."""
    import cv2

    lightness, chroma = lab[..., 0], np.hypot(lab[..., 1], lab[..., 2])
    hue = np.degrees(np.arctan2(lab[..., 2], lab[..., 1]))
    keep = np.zeros(lightness.shape, np.float32)
    material = Material()
    if subject.is_flag:
        material.notes.append("a flag: its colours are its meaning, kept")
        keep[:] = 1.0
    elif subject.is_face:
        material.notes.append("a face: kept untouched")
        keep[:] = 1.0
    else:
        if subject.is_food or subject.is_nature or subject.is_sky:
            material.max_hue_shift = FOOD_MAX_SHIFT
            what = "food" if subject.is_food else "an animal or plant" if subject.is_nature else "the sky's own"
            material.notes.append(f"{what}: its own colours kept, leaning at most {FOOD_MAX_SHIFT:.0f}° toward the palette")
        if subject.has_skin or subject.is_creature:  # white hair, grey fur: not tinted into green hair
            faint = (1.0 - _smoothstep(chroma, 8.0, 14.0)) * _smoothstep(lightness, 50.0, 62.0)
            keep = np.maximum(keep, _soften(faint.astype(np.float32), 1.5))
        if subject.has_skin:  # every skin tone, the emoji yellow too; measured smoothed, so no speckles
            smooth = cv2.bilateralFilter(lab.astype(np.float32), 7, 12.0, 3.0)
            s_light, s_chroma = smooth[..., 0], np.hypot(smooth[..., 1], smooth[..., 2])
            s_hue = np.degrees(np.arctan2(smooth[..., 2], smooth[..., 1]))
            skin = (_in_hues(s_hue, (28.0, 100.0)) & (s_chroma > 4) & (s_light > 15) & (s_light < 97)).astype(np.float32)
            skin *= 1.0 - _smoothstep(s_chroma, 95.0, 110.0)
            skin = cv2.morphologyEx(skin, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
            # What skin encloses (lips, eyes, brows, face paint) is part of the face: a green mouth
            # reads as illness, not palette. Only small enclosed parts: a shirt or a laptop reaching
            # the picture's edge, or a large area framed by arms, is not a facial feature.
            whole = skin > 0.5
            features = fill_small_holes(whole, max_area=int(FEATURE_MAX_SHARE * whole.sum()) + 1) & ~whole
            skin = np.maximum(skin, features.astype(np.float32))
            if skin[opaque].mean() > 0.02:
                material.notes.append("skin: kept")
                keep = np.maximum(keep, skin)
        metal = np.zeros(lightness.shape, bool)
        if subject.metal:
            metal = _steel(lightness, chroma, hue)
            if subject.metal == "gold":
                metal |= _in_hues(hue, GOLD_HUES) & (chroma > GOLD_CHROMA)
            # whole metal areas, not speckles: small gaps closed, stray dots dropped
            metal = cv2.morphologyEx(metal.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
            metal = cv2.morphologyEx(metal, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)).astype(bool)
        else:  # no label: specular gold, a yellow of low-mid chroma with strong local lightness contrast.
            # (Unlabelled greys are left alone: grey is as often paper with text lines as silver, and
            # neutral pixels keep their colour anyway.)
            mean = cv2.blur(lightness, (7, 7))
            contrast = np.sqrt(np.maximum(cv2.blur(lightness * lightness, (7, 7)) - mean * mean, 0.0))
            gold = _in_hues(hue, GOLD_HUES) & (chroma > 8) & (chroma < 45)
            filled = _soften((gold & (contrast > 9)).astype(np.float32), 3.0) > 0.5  # reflective areas, not speckles
            metal = filled & gold
            if (metal & opaque).sum() < 0.05 * opaque.sum():
                metal[:] = False
        metal &= opaque
        if metal.any():
            material.notes.append(f"metal: {subject.metal or 'specular'} kept")
            keep = np.maximum(keep, metal.astype(np.float32))
        gems = _gems(opaque, metal, chroma)
        if gems is not None:
            count, mask = gems
            material.notes.append(f"{count} gem(s) kept with their sparkle")
            keep = np.maximum(keep, mask)
        keep = np.clip(_soften(keep, 0.7), 0.0, 1.0) * opaque  # feathered a little: edges blend, no hard seam
    material.keep_share = round(float(keep[opaque].mean()), 3) if opaque.any() else 0.0
    return keep, material


def _steel(lightness: np.ndarray, chroma: np.ndarray, hue_degrees: np.ndarray) -> np.ndarray:
    """Silver, steel, chrome: grey, or a light grey with the cool blue-violet cast renders give it
    (a dark plum base or a navy handle with as little chroma is not steel)."""
    return (chroma < 10.0) | ((chroma < STEEL_CHROMA) & (lightness > 40.0) & _in_hues(hue_degrees, (-80.0, -35.0)))


def _gems(opaque: np.ndarray, metal: np.ndarray, chroma: np.ndarray) -> tuple[int, np.ndarray] | None:
    """Small saturated parts set in metal (a crown's stones, a ring's diamond): kept, so they keep
    their sparkle and no recoloured fringe rings them. A gem that is the whole subject recolours
    (a ruby or an emerald is still a gem)."""
    import cv2

    area = float(opaque.sum())
    if area < 64 or not metal.any():
        return None
    mask = np.zeros(metal.shape, np.float32)
    found = 0
    stones = (opaque & ~metal & (chroma > 28)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(stones, connectivity=8)
    for index in range(1, count):
        size = stats[index, cv2.CC_STAT_AREA]
        if size < 6 or size > GEM_MAX_SHARE * area:
            continue
        part = labels == index
        ring = cv2.dilate(part.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & ~part & opaque
        if ring.any() and metal[ring].mean() > 0.5:
            mask[part] = 1.0
            found += 1
    return (found, mask) if found else None


# ------------------------------------------------------------------ regions and their colours
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
    gamma = float(np.clip(math.log(t) / math.log(s), 0.4, 2.5))
    return 100.0 * np.power(np.clip(lightness, 0.0, 100.0) / 100.0, gamma)


def _rotation(centre: float, target_hue: float) -> float:
    return abs(math.degrees(math.remainder(target_hue - centre, 2 * math.pi)))


def assign_colours(centres: np.ndarray, shares: np.ndarray, targets: Sequence[tuple[float, float, float]],
                   seed: int = 0) -> list[int]:
    """Which palette colour (index into `targets`) each region takes: the assignment that rotates hue
    least (weighted by region size), the largest region nudged toward the main colour, two regions
    kept apart where the palette has colours enough. A warm (red, orange, gold) region never goes to
    green unless the palette is only green. Seed 0: the best; other seeds: another of similar cost."""
    if len(centres) == 0 or not targets:
        return []
    target_degrees = [math.degrees(t[2]) for t in targets]
    greenish = [bool(_in_hues(h, GREEN_HUES)) and t[1] >= CHROMATIC_TARGET for h, t in zip(target_degrees, targets)]
    only_green = all(greenish)

    def allowed(region: int, target: int) -> bool:
        warm = bool(_in_hues(math.degrees(centres[region]), WARM_HUES))
        return not (warm and greenish[target] and not only_green)

    considered = min(len(centres), 4)
    options: list[tuple[float, tuple[int, ...]]] = []
    for choice in itertools.product(range(len(targets)), repeat=considered):
        if not all(allowed(j, t) for j, t in enumerate(choice)):
            continue
        cost = sum(shares[j] * _rotation(centres[j], targets[t][2]) for j, t in enumerate(choice))
        cost -= 15.0 * shares[0] * (choice[0] == 0)  # the brief's main colour on the largest region
        repeats = len(choice) - len(set(choice))
        cost += 40.0 * repeats * float(shares[1:considered].mean() if considered > 1 else 0.0) \
            * (len(set(choice)) < min(considered, len(targets)))
        options.append((cost, choice))
    if not options:  # nothing allowed (cannot happen with a non-green colour present): nearest hue
        options = [(0.0, tuple(int(np.argmin([_rotation(c, t[2]) for t in targets])) for c in centres[:considered]))]
    options.sort()
    if seed:
        close = [o for o in options if o[0] <= options[0][0] + 40.0]
        chosen = close[seed % len(close)][1]
    else:
        chosen = options[0][1]
    result = list(chosen)
    for j in range(considered, len(centres)):  # small extra regions: the nearest allowed colour
        ranked = sorted(range(len(targets)), key=lambda t: (not allowed(j, t), _rotation(centres[j], targets[t][2])))
        result.append(ranked[0])
    return result


def _into_gamut(lightness: np.ndarray, chroma: np.ndarray, hue: np.ndarray) -> np.ndarray:
    """Chroma pulled back (hue and lightness kept) until the colour fits sRGB: clipping instead
    would shift hue and blow saturation out, the neon look."""
    import cv2

    def rgb_of(scale: np.ndarray) -> np.ndarray:
        c = chroma * scale
        lab = np.dstack([lightness, c * np.cos(hue), c * np.sin(hue)]).astype(np.float32)
        return cv2.cvtColor(lab, cv2.COLOR_Lab2RGB)

    def fits(rgb: np.ndarray) -> np.ndarray:
        return ((rgb >= -0.002) & (rgb <= 1.002)).all(axis=-1)

    full = np.ones_like(chroma)
    inside = fits(rgb_of(full))
    if inside.all():
        return chroma
    lo, hi = np.zeros_like(chroma), np.ones_like(chroma)
    for _ in range(7):
        mid = (lo + hi) / 2
        ok = fits(rgb_of(mid))
        lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
    return chroma * np.where(inside, 1.0, lo)


def recolour(image: Image.Image, palette: Sequence[RGB], *, seed: int = 0, reference_weight: float = 0.6,
             subject: RecolourSubject | None = None) -> Image.Image:
    """Re-dye `image` (RGB or RGBA) to `palette` (main colour first). Same size and mode.

    `reference_weight` (0..1, like --iw) tempers how far chroma moves toward the palette's
    (1: the reference's own saturation). `subject` (from the gallery metadata) says what the
    picture shows, so food, faces, metal and flags keep what they must.
    """
    return recolour_explained(image, palette, seed=seed, reference_weight=reference_weight, subject=subject)[0]


def recolour_explained(image: Image.Image, palette: Sequence[RGB], *, seed: int = 0, reference_weight: float = 0.6,
                       subject: RecolourSubject | None = None) -> tuple[Image.Image, Material]:
    """`recolour`, and what it kept and why."""
    import cv2

    subject = subject or RecolourSubject()
    if not palette:
        return image.copy(), Material(notes=["no palette: unchanged"])
    mode = image.mode if image.mode in ("RGB", "RGBA") else "RGBA"
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
    rgb, alpha = rgba[..., :3], rgba[..., 3] / 255.0
    lab = _to_lab(rgb)
    lightness, a, b = lab[..., 0], lab[..., 1], lab[..., 2]
    chroma = np.hypot(a, b)
    hue = np.arctan2(b, a)
    opaque = alpha > 0.5
    if not opaque.any():
        return image.copy(), Material(notes=["nothing opaque: unchanged"])
    keep, material = material_keep(lab, opaque, subject)
    if material.keep_share > 0.97:
        return image.copy(), material
    # regions, weights and gains are measured on an edge-preserving smoothed copy: noise in faint or
    # dark areas must not turn into mottling (the pixels themselves keep all their detail)
    smooth = cv2.bilateralFilter(lab.astype(np.float32), 7, 12.0, 3.0)
    smooth_chroma = np.hypot(smooth[..., 1], smooth[..., 2])
    coloured = _soften(_smoothstep(smooth_chroma, NEUTRAL_CHROMA, COLOURED_CHROMA))
    rng = None if seed == 0 else np.random.default_rng(seed)
    targets = [_target_lab(c, rng) for c in palette]
    chromatic = [t for t in targets if t[1] >= CHROMATIC_TARGET] or targets
    strength = 1.0 - 0.5 * float(np.clip(reference_weight, 0.0, 1.0))

    changeable = opaque & (keep < 0.5)
    coloured_share = float(coloured[changeable].mean()) if changeable.any() else 0.0
    if keep[opaque].mean() > 0.3 and float((coloured * changeable)[opaque].mean()) < MIN_CHANGEABLE_SHARE:
        material.notes.append("only details could change: kept as is")  # a recoloured $ on a gold bag reads as a stain
        return image.copy(), material
    if coloured_share < MIN_COLOURED_SHARE:
        if subject.metal or subject.is_creature:
            material.notes.append(("silver or steel" if subject.metal else "a white or grey creature") + ": not tinted")
            return image.copy(), material
        material.notes.append("mostly neutral: tinted")
        out_l, out_c, out_h = _tint_neutral(lightness, chroma, hue, opaque, chromatic[0], strength)
    else:
        region_hue = np.arctan2(smooth[..., 2], smooth[..., 1])
        out_l, out_c, out_h = _move_regions(lightness, chroma, hue, region_hue, smooth_chroma, coloured, changeable,
                                            chromatic, seed, strength, material)
    delta = _wrap(out_h - hue)
    if material.max_hue_shift < 180.0:  # food: a lean toward the palette, never a new hue
        limit = math.radians(material.max_hue_shift)
        delta = np.clip(delta, -limit, limit)
        out_l, out_c = lightness, chroma
    free = 1.0 - keep
    new_hue = hue + delta
    new_l = lightness + free * (out_l - lightness)
    new_c = out_c
    new_hue, new_c = _no_lime(hue, new_hue, new_c, targets, np.abs(delta) > math.radians(15.0))
    new_c = _into_gamut(new_l, new_c, new_hue)
    # where a kept part meets a recoloured one (a gem in gold, a rivet in a handle) the edge pixels
    # are a mix of the two results, as anti-aliasing made them, not a half-turned third colour
    new_a = keep * a + free * new_c * np.cos(new_hue)
    new_b = keep * b + free * new_c * np.sin(new_hue)
    result = _to_rgb(np.dstack([new_l, new_a, new_b]))
    # pixels that did not move keep their exact bytes (no round trip through Lab)
    untouched = (free < 1e-4) | ((np.abs(new_l - lightness) < 1e-3) & (np.abs(new_c - chroma) < 1e-3) & (np.abs(delta) < 1e-4))
    result[untouched] = rgba[..., :3][untouched].astype(np.uint8)
    out = Image.fromarray(np.dstack([result, rgba[..., 3].astype(np.uint8)]), "RGBA").convert(mode)
    return out, material


def _no_lime(source_hue: np.ndarray, hue: np.ndarray, chroma: np.ndarray,
             targets: Sequence[tuple[float, float, float]], turned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """No lime-green appears unless the palette asks for it or the source had it: a recoloured hue
    (`turned`: really re-hued, not a gentle lean) that lands on yellow-green is moved out of the band."""
    lo, hi = LIME_HUES
    if any(t[1] >= CHROMATIC_TARGET and _in_hues(math.degrees(t[2]), (lo - 10.0, hi - 5.0)) for t in targets):
        return hue, chroma
    degrees = np.degrees(_wrap(hue))
    landed = turned & _in_hues(degrees, LIME_HUES) & ~_in_hues(np.degrees(source_hue), LIME_HUES) & (chroma > 12)
    if not landed.any():
        return hue, chroma
    # out of the band on the side nearer the palette (yellow for 红黄, green for 绿色)
    chromatic = [math.degrees(t[2]) for t in targets if t[1] >= CHROMATIC_TARGET] or [0.0]
    def gap(edge: float) -> float:
        return min(abs(math.remainder(edge - h, 360.0)) for h in chromatic)
    edge = lo - 8.0 if gap(lo - 8.0) <= gap(hi + 8.0) else hi + 8.0
    moved = np.full_like(degrees, edge)
    return np.where(landed, np.radians(moved), hue), chroma


def _warm_shadows(hue: np.ndarray, lightness: np.ndarray, moved: np.ndarray) -> np.ndarray:
    """Yellow and gold darken toward amber and brown, as paint and metal do, not toward olive."""
    degrees = np.degrees(hue)
    yellow = _in_hues(degrees, (68.0, 100.0)) * moved
    warming = np.radians(22.0) * np.clip((62.0 - lightness) / 35.0, 0.0, 1.0) * yellow
    return hue - warming


def _move_regions(lightness, chroma, hue, region_hue, smooth_chroma, coloured, changeable, targets, seed, strength,
                  material: Material) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each colour region to its palette colour: hue turned, chroma calmed or lifted, mean lightness
    moved, all per region and blended by soft membership. Returns (lightness, chroma, hue)."""
    import cv2

    sample = changeable & (coloured > 0.05)
    if sample.sum() < 16:
        return lightness, chroma, hue
    step = max(1, int(sample.sum()) // 40000)
    centres, shares = hue_clusters(region_hue[sample][::step], (coloured * chroma)[sample][::step], max(len(targets), 3))
    if len(centres) == 0:
        return lightness, chroma, hue
    choice = assign_colours(centres, shares, targets, seed)
    material.notes.append("regions → " + ", ".join(
        f"{math.degrees(c):.0f}°→{math.degrees(targets[t][2]):.0f}°" for c, t in zip(centres, choice)))

    # soft membership of every pixel to each region (von Mises on the smoothed hue): sharp, so each
    # region takes its own colour, but a true gradient between two regions stays smooth
    kappa = 12.0
    logits = kappa * np.cos(region_hue[..., None] - centres[None, None, :])
    logits -= logits.max(axis=-1, keepdims=True)
    member = np.exp(logits)
    member /= member.sum(axis=-1, keepdims=True)
    stats = []
    for j in range(len(centres)):
        region = member[..., j]
        in_region = sample & (region > 0.5)
        weights = (coloured * region)[in_region]
        if weights.sum() > 0:
            stats.append((float(np.average(chroma[in_region], weights=weights)),
                          float(np.average(lightness[in_region], weights=weights))))
        else:
            stats.append((30.0, 50.0))

    vec_x = np.zeros_like(hue)
    vec_y = np.zeros_like(hue)
    log_ratio = np.zeros_like(hue)
    boost = np.zeros_like(hue)
    new_lightness = np.zeros_like(lightness)
    first_on: dict[int, float] = {}  # palette colour → goal lightness of the largest region on it
    for j, (centre, t) in enumerate(zip(centres, choice)):
        t_light, t_chroma, t_hue = targets[t]
        src_chroma, src_light = stats[j]
        goal = src_light + LIGHTNESS_MOVE * (t_light - src_light)
        if t in first_on:  # a second region on the same colour keeps its lightness step, so it still reads
            anchor = stats[choice.index(t)][1]
            step = src_light - anchor
            goal = float(np.clip(first_on[t] + (step if abs(step) >= 10 else math.copysign(12.0, step or 1.0)), 8, 95))
        else:
            first_on[t] = goal
        region = member[..., j]
        # the region's own hue variation, compressed; measured smoothed, so hue noise in dark or
        # faint pixels does not turn into mottling once the region is recoloured
        # (a faint pixel's hue is mostly noise: it takes the target hue flat)
        turned = t_hue + HUE_DETAIL * _smoothstep(smooth_chroma, 15.0, 35.0) * _wrap(region_hue - centre)
        # faint light pixels in a strongly coloured region are shading on a white part (the lilac
        # shadow on a snowman's body next to its blue scarf): they stay as they are
        follows = 1.0
        if src_chroma > 35.0:
            shading = ((1.0 - _smoothstep(smooth_chroma, 10.0, 28.0)) * _smoothstep(lightness, 65.0, 80.0)).astype(np.float32)
            # broad areas only: the thin anti-aliased rim of a white glyph on a coloured key follows
            shading = cv2.morphologyEx(shading, cv2.MORPH_OPEN, np.ones((7, 7), np.uint8))
            follows = 1.0 - shading
        vec_x += region * (follows * np.cos(turned) + (1.0 - follows) * np.cos(hue))
        vec_y += region * (follows * np.sin(turned) + (1.0 - follows) * np.sin(hue))
        ratio = min(MAX_CHROMA_GAIN, max(1.0 / MAX_CHROMA_GAIN, max(t_chroma, 1.0) / max(src_chroma, 1.0)))
        if ratio < 1.0:  # calmer: scaled, so shading keeps its proportions
            log_ratio += region * follows * math.log(ratio)
        else:  # louder: shifted by the region's mean gain, so its texture and noise are not amplified
            boost += region * follows * (ratio ** strength - 1.0) * src_chroma
        curve = _lightness_curve(lightness, src_light, goal)
        new_lightness += region * (follows * curve + (1.0 - follows) * lightness)

    new_hue = np.arctan2(vec_y, vec_x)
    new_hue = _warm_shadows(new_hue, new_lightness, coloured)
    # a faint pixel (the bluish shadow on a white snowman, noise in a dark grey) follows the hue
    # but is not saturated: boosting it would tint white parts and mottle dark ones
    new_chroma = chroma * np.exp(log_ratio * strength) + boost * _smoothstep(smooth_chroma, 12.0, 30.0)
    mix = coloured  # neutral pixels (highlights, outlines) keep lightness and chroma; their faint hue follows
    # lightness moves by a broadly smoothed weight: compression noise in a faint area's chroma must
    # not become a cloudy lightness pattern once the area is lightened or darkened
    inside = changeable.astype(np.float32)  # blurred within what may change: no light rim at the edges
    broad = _soften(mix * inside, 4.0) / np.maximum(_soften(inside, 4.0), 1e-3)
    out_light = lightness + np.minimum(broad, 1.0) * (new_lightness - lightness)
    out_chroma = chroma + mix * (new_chroma - chroma)
    return out_light, out_chroma, new_hue


def _tint_neutral(lightness, chroma, hue, opaque, target, chroma_strength) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A mostly neutral subject (a white camera, white sneakers): colourise it like a designer
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
    return out_light, np.hypot(a, b), np.arctan2(b, a)


# ------------------------------------------------------------------ is the result good enough?
class Fidelity(BaseModel):
    """How faithful a recolour is to its source's material (1 good … 0 bad); `passed` at FIDELITY_BAR."""

    score: float = Field(description="The weakest of muddy, neon and blotchy.")
    muddy: float = Field(description="Chroma kept (vs the source and the palette) and texture kept.")
    neon: float = Field(description="Chroma not blown past the source's and the palette's.")
    blotchy: float = Field(description="Hue stays smooth where the source was smooth (no patches).")
    passed: bool
    problems: list[str] = Field(default_factory=list)

    def summary(self) -> str:
        return f"{self.score:.2f}" + (f" ({', '.join(self.problems)})" if self.problems else "")


def _local_hue_spread(lab: np.ndarray, weight: np.ndarray, window: int) -> np.ndarray:
    """1 - length of the mean hue vector in a window: 0 where hue is uniform, toward 1 where mixed."""
    import cv2

    chroma = np.hypot(lab[..., 1], lab[..., 2]) + 1e-6
    cos, sin = lab[..., 1] / chroma * weight, lab[..., 2] / chroma * weight
    size = (window, window)
    total = cv2.blur(weight.astype(np.float32), size) + 1e-6
    mean_cos, mean_sin = cv2.blur(cos.astype(np.float32), size) / total, cv2.blur(sin.astype(np.float32), size) / total
    return 1.0 - np.hypot(mean_cos, mean_sin)


def colour_fidelity(source: Image.Image, result: Image.Image, palette: Sequence[RGB] = ()) -> Fidelity:
    """Score a recolour against its source: muddy (chroma collapsed below what the source and the
    palette carry, or the lightness texture lost), neon (chroma blown past both) or blotchy (patchy
    hue where the source was smooth). `score` is the weakest of the three."""
    import cv2

    src = np.asarray(source.convert("RGBA"), dtype=np.float32)
    out_image = result.convert("RGBA")
    if out_image.size != source.size:
        out_image = out_image.resize(source.size, Image.LANCZOS)
    out = np.asarray(out_image, dtype=np.float32)
    src_lab, out_lab = _to_lab(src[..., :3]), _to_lab(out[..., :3])
    opaque = src[..., 3] > 127
    inner = cv2.erode(opaque.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    src_c, out_c = np.hypot(src_lab[..., 1], src_lab[..., 2]), np.hypot(out_lab[..., 1], out_lab[..., 2])
    palette_chroma = [math.hypot(*rgb_to_lab(tuple(int(v) for v in c[:3]))[1:]) for c in palette]  # type: ignore[arg-type]
    chromatic = [c for c in palette_chroma if c >= CHROMATIC_TARGET]
    problems: list[str] = []

    # muddy: colour drained, or the shading texture flattened
    coloured = inner & (src_c > COLOURED_CHROMA)
    chroma_kept = 1.0
    if coloured.sum() >= 32 and chromatic:
        expected = min(float(src_c[coloured].mean()), float(np.mean(chromatic)))
        ratio = float(out_c[coloured].mean()) / max(expected, 1.0)
        chroma_kept = float(np.clip((ratio - 0.35) / 0.35, 0.0, 1.0))
    texture = 1.0
    if inner.sum() >= 64:
        def detail(lightness: np.ndarray) -> np.ndarray:
            return (lightness - cv2.GaussianBlur(lightness, (0, 0), 2.0))[inner]

        a, b = detail(src_lab[..., 0]), detail(out_lab[..., 0])
        if a.std() > 0.3:
            texture = float(np.clip((np.corrcoef(a, b)[0, 1] - 0.5) / 0.3, 0.0, 1.0))
    muddy = min(chroma_kept, texture)
    if muddy < FIDELITY_BAR:
        problems.append("muddy" if chroma_kept <= texture else "texture lost")

    # neon: chroma past what the source and the palette carry
    neon = 1.0
    if inner.sum() >= 32:
        allowed = max(float(np.percentile(src_c[inner], 95)), max(chromatic, default=0.0)) * 1.1 + 5.0
        excess = float(np.percentile(out_c[inner], 95)) - allowed
        neon = float(np.clip(1.0 - excess / 25.0, 0.0, 1.0))
        if neon < FIDELITY_BAR:
            problems.append("neon")

    # blotchy: hue patches inside areas the source painted in one smooth hue
    blotchy = 1.0
    weight_src = _smoothstep(src_c, 10.0, 20.0) * opaque
    weight_out = _smoothstep(out_c, 10.0, 20.0) * opaque
    spread_src = np.maximum(_local_hue_spread(src_lab, weight_src, 5), _local_hue_spread(src_lab, weight_src, 11))
    spread_out = np.maximum(_local_hue_spread(out_lab, weight_out, 5), _local_hue_spread(out_lab, weight_out, 11))
    # away from the source's own edges (a white glyph's anti-aliased rim on a coloured key is an
    # edge, not a patch): patches are judged inside areas that were smooth in lightness too
    src_l = cv2.GaussianBlur(src_lab[..., 0], (0, 0), 1.0)
    edge = np.hypot(cv2.Sobel(src_l, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(src_l, cv2.CV_32F, 0, 1, ksize=3)) > 12.0
    near_edge = cv2.dilate(edge.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    smooth = inner & ~near_edge & (src_c > 20) & (out_c > 12) & (spread_src < 0.03)
    if smooth.sum() >= 64:
        # as a share of the smooth coloured area, but of at least a quarter of the subject: a thin
        # edge around two small accents on a tinted white document is not a blotchy picture
        bad = float(((spread_out - spread_src)[smooth] > 0.05).sum())
        patchy = bad / max(float(smooth.sum()), 0.25 * float(inner.sum()))
        blotchy = float(np.clip(1.0 - patchy / 0.12, 0.0, 1.0))
        if blotchy < FIDELITY_BAR:
            problems.append("blotchy")

    score = min(muddy, neon, blotchy)
    return Fidelity(score=round(score, 4), muddy=round(muddy, 4), neon=round(neon, 4), blotchy=round(blotchy, 4),
                    passed=score >= FIDELITY_BAR, problems=problems)


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
        best = np.minimum(best, hue_gap(hue, t_hue))
    return float((best < math.radians(25)).mean())
