"""Taste as a score: a rule-based evaluation of a composed poster, in the spirit of Luban's
evaluation network (which ranks the candidates its generator assembles), with rules a designer
would name instead of a learnt model.

`score_poster` reads the spec and the layers compose already drew (the poster's RenderContext)
and returns a `DesignScore`: seven sub-scores in 0..1 (1 is best) and their weighted `overall`.

- balance     the centre of visual mass (colour difference from the ground, per pixel) against
              the canvas centre, and the left/right weight ratio
- alignment   copy, button and subject sharing edge or centre lines; lines that almost meet
              (a few pixels off) count against it
- whitespace  copy inside the safe area, a margin to its frame (the card it sits on, or the
              canvas), breathing room between copy and pictures, neither cramped nor a large
              dead hole (an empty tile, a rounded panel with nothing on it, counts heavily)
- hierarchy   title clearly larger (and heavier) than subtitle, subtitle than body, the title
              read first, a CTA that stands out from its ground with a legible label
- color       text contrast (WCAG, on the pixels under the glyphs, as tools.layout measures it)
              and hue harmony of the whole poster (the best-fitting Matsuda hue template)
- decoration  how uncrowded the decorations are: count, total area, pictures repeated, and how
              much of them lies on the copy, the subject or each other
- prominence  the subject's share of the canvas, its colour contrast against the ground under
              it, and no decoration rivalling it (a copy-only poster: the title is the hero)

Everything pixel-based runs on a reduced grid (about 192 px on the long side), so a poster
scores in a few tens of milliseconds from the layers already drawn.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from pydantic import BaseModel, ConfigDict, Field

from tools.colors import contrast_ratio, parse_hex
from tools.layout import contrast_against, has_outline
from tools.render import LayerImage, RenderContext, paste, render_poster
from tools.spec import Box, Layer, PosterSpec

GRID_SIDE = 192  # the reduced grid's long side, in cells
GROUND_KINDS = ("background", "backdrop", "card", "glow")  # what the content sits on
CONTENT_KINDS = ("subject", "decoration", "pedestal", "text", "button", "logo")  # what a tile may hold
WEIGHTS = {"balance": 0.13, "alignment": 0.12, "whitespace": 0.16, "hierarchy": 0.16, "color": 0.15,
           "decoration": 0.12, "prominence": 0.16}
ERROR_PENALTY = 0.08  # off the overall for each check error (at most three): a broken poster ranks last


class DesignScore(BaseModel):
    """Sub-scores in 0..1 (1 is best) and their weighted overall (less a penalty per check error)."""

    model_config = ConfigDict(extra="forbid")

    balance: float = Field(ge=0.0, le=1.0, description="Visual mass centred; left and right weigh alike.")
    alignment: float = Field(ge=0.0, le=1.0, description="Copy, button and subject share edge or centre lines.")
    whitespace: float = Field(ge=0.0, le=1.0, description="Safe area, margins, breathing room, no dead holes.")
    hierarchy: float = Field(ge=0.0, le=1.0, description="Title > subtitle > body; the CTA stands out.")
    color: float = Field(ge=0.0, le=1.0, description="Text contrast and hue harmony.")
    decoration: float = Field(ge=0.0, le=1.0, description="Decorations uncrowded: few, small, off the copy.")
    prominence: float = Field(ge=0.0, le=1.0, description="The subject is large and stands out from its ground.")
    overall: float = Field(ge=0.0, le=1.0, description="Weighted mean of the above, less the check's errors.")

    def as_dict(self) -> dict[str, float]:
        return {name: float(value) for name, value in self.model_dump().items()}


def score_poster(spec: PosterSpec, context: RenderContext | None = None, *, image: Image.Image | None = None,
                 problems: Iterable[Any] = (), base_dir: str | Path | None = None) -> DesignScore:
    """The design score of a composed poster. `context`: the poster's render context (compose's),
    whose drawn layers are measured rather than drawn again; `image`: the finished poster when it
    is already rendered; `problems`: what check found (each error lowers the overall)."""
    ctx = context.for_spec(spec) if context is not None else RenderContext(spec, Path(base_dir) if base_dir else None)
    if image is None:
        image = render_poster(spec, context=ctx)
    poster = _Poster(spec, ctx, image)
    parts = {
        "balance": _balance(poster),
        "alignment": _alignment(poster),
        "whitespace": _whitespace(poster),
        "hierarchy": _hierarchy(poster),
        "color": _color(poster),
        "decoration": _decoration(poster),
        "prominence": _prominence(poster),
    }
    parts = {name: round(_clamp(value), 3) for name, value in parts.items()}
    errors = sum(1 for problem in problems if _severity(problem) == "error")
    overall = sum(WEIGHTS[name] * value for name, value in parts.items()) - ERROR_PENALTY * min(3, errors)
    return DesignScore(**parts, overall=round(_clamp(overall), 3))


def _severity(problem: Any) -> str:
    if isinstance(problem, dict):
        return str(problem.get("severity", "error"))
    return str(getattr(problem, "severity", "error"))


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    if math.isnan(value):
        return low
    return min(high, max(low, value))


def _ramp(value: float, zero: float, one: float) -> float:
    """0 at `zero`, 1 at `one`, linear between (either direction)."""
    if one == zero:
        return 1.0 if value >= one else 0.0
    return _clamp((value - zero) / (one - zero))


# ------------------------------------------------------------------------------------------
# The poster as the scorer sees it: the reduced grid, the ground, the elements


def _lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (…, 3) uint8 → CIE Lab (D65), vectorised."""
    c = rgb.astype(np.float32) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    x = (c[..., 0] * 0.4124 + c[..., 1] * 0.3576 + c[..., 2] * 0.1805) / 0.95047
    y = c[..., 0] * 0.2126 + c[..., 1] * 0.7152 + c[..., 2] * 0.0722
    z = (c[..., 0] * 0.0193 + c[..., 1] * 0.1192 + c[..., 2] * 0.9505) / 1.08883

    def f(t: np.ndarray) -> np.ndarray:
        return np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)

    fx, fy, fz = f(x), f(y), f(z)
    return np.stack([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)], axis=-1)


class _Poster:
    """The reduced final image and ground, their colour difference (the visual weight), and the
    elements the rules read: texts' ink boxes, the button, the subject, the decorations, the frame."""

    def __init__(self, spec: PosterSpec, ctx: RenderContext, image: Image.Image):
        self.spec, self.ctx = spec, ctx
        self.factor = max(1, math.ceil(max(spec.width, spec.height) / GRID_SIDE))
        final = (image if image.mode == "RGB" else image.convert("RGB")).reduce(self.factor)
        self.grid = (final.width, final.height)
        self.final_rgb = np.asarray(final)
        self.final = _lab(self.final_rgb)
        self._alphas: dict[int, np.ndarray] = {}
        ground = Image.new("RGBA", self.grid, (255, 255, 255, 255))
        for layer in spec.ordered():
            if layer.visible and layer.kind in GROUND_KINDS:
                drawn = self.rendered(layer)
                if drawn is not None:  # grounds are smooth: sampling them is enough (and 500× cheaper)
                    f = self.factor
                    size = (max(1, drawn.image.width // f), max(1, drawn.image.height // f))
                    small = drawn.image.resize(size, Image.Resampling.NEAREST) if f > 1 else drawn.image
                    paste(ground, LayerImage(small, drawn.left // f, drawn.top // f))
        self.ground = _lab(np.asarray(ground.convert("RGB")))
        # ΔE of the poster from its ground: 0 where only the ground shows, ~1 for a strong mark
        self.weight = np.clip(np.linalg.norm(self.final - self.ground, axis=-1) / 60.0, 0.0, 1.0)

        visible = [layer for layer in spec.ordered() if layer.visible]
        self.texts = [(layer, box) for layer in visible if layer.kind == "text" and layer.lines
                      for box in [self.ink_box(layer)] if box is not None]
        self.button = next((layer for layer in visible if layer.kind == "button"), None)
        self.subject = next((layer for layer in visible if layer.kind == "subject"), None)
        self.subject_box = self.ink_box(self.subject) if self.subject is not None else None
        self.decorations = [layer for layer in visible if layer.kind == "decoration"]
        copy_boxes = [box for _, box in self.texts] + ([self.button.box] if self.button is not None else [])
        self.copy_box = _union(copy_boxes)
        self.cards = [layer for layer in visible if layer.kind == "card"]
        self.frame = self._frame(self.cards)

    def rendered(self, layer: Layer) -> LayerImage | None:
        try:
            return self.ctx.rendered(layer)
        except Exception:  # noqa: BLE001 - a layer that cannot be drawn (check reports it) weighs nothing
            return None


    def ink_box(self, layer: Layer) -> Box | None:
        """Where a layer's opaque pixels are, on the canvas."""
        drawn = self.rendered(layer)
        if drawn is None:
            return None
        bbox = drawn.image.getchannel("A").point(lambda a: 255 if a > 64 else 0).getbbox()
        if bbox is None:
            return None
        return drawn.left + bbox[0], drawn.top + bbox[1], bbox[2] - bbox[0], bbox[3] - bbox[1]

    def mask(self, layer: Layer) -> np.ndarray:
        """The layer's opaque pixels on the reduced grid (read once per layer)."""
        if id(layer) in self._alphas:
            return self._alphas[id(layer)]
        out = np.zeros((self.grid[1], self.grid[0]), dtype=bool)
        self._alphas[id(layer)] = out
        drawn = self.rendered(layer)
        if drawn is None:
            return out
        f = self.factor
        alpha = drawn.image.getchannel("A")
        alpha = np.asarray(alpha.reduce(f) if f > 1 else alpha) > 96
        left, top = drawn.left // f, drawn.top // f
        x0, y0 = max(0, left), max(0, top)
        x1, y1 = min(self.grid[0], left + alpha.shape[1]), min(self.grid[1], top + alpha.shape[0])
        if x0 < x1 and y0 < y1:
            out[y0:y1, x0:x1] = alpha[y0 - top:y1 - top, x0 - left:x1 - left]
        return out

    def box_mask(self, boxes: Iterable[Box], pad: float = 0.0) -> np.ndarray:
        out = np.zeros((self.grid[1], self.grid[0]), dtype=bool)
        f = self.factor
        for x, y, w, h in boxes:
            x0, y0 = max(0, int((x - pad) // f)), max(0, int((y - pad) // f))
            x1, y1 = min(self.grid[0], math.ceil((x + w + pad) / f)), min(self.grid[1], math.ceil((y + h + pad) / f))
            if x0 < x1 and y0 < y1:
                out[y0:y1, x0:x1] = True
        return out

    def _frame(self, cards: list[Layer]) -> Box:
        """What the copy sits on: the largest card holding (nearly) all of the copy, else the canvas."""
        canvas = (0, 0, self.spec.width, self.spec.height)
        if self.copy_box is None:
            return canvas
        area = self.copy_box[2] * self.copy_box[3]
        holding = [card.box for card in cards if _area_outside(self.copy_box, card.box) <= 0.1 * area]
        return max(holding, key=lambda box: box[2] * box[3]) if holding else canvas

    def title_size(self) -> int:
        title = next((layer for layer, _ in self.texts if layer.role == "title"), None)
        return title.size if title is not None else round(min(self.spec.width, self.spec.height) * 0.05)


def _union(boxes: list[Box]) -> Box | None:
    if not boxes:
        return None
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def _area_outside(box: Box, area: Box) -> int:
    x, y, w, h = box
    ax, ay, aw, ah = area
    ix = max(0, min(x + w, ax + aw) - max(x, ax))
    iy = max(0, min(y + h, ay + ah) - max(y, ay))
    return w * h - ix * iy


# ------------------------------------------------------------------------------------------
# The rules


def _balance(poster: _Poster) -> float:
    weight = poster.weight
    total = float(weight.sum())
    if total < 1e-6:
        return 0.5  # nothing on the ground: neither balanced nor not
    rows, cols = weight.shape
    cx = float((weight.sum(axis=0) * (np.arange(cols) + 0.5)).sum() / total / cols)
    cy = float((weight.sum(axis=1) * (np.arange(rows) + 0.5)).sum() / total / rows)
    left, right = float(weight[:, :cols // 2].sum()), float(weight[:, cols - cols // 2:].sum())
    sides = min(left, right) / max(left, right, 1e-6)
    horizontal = 1.0 - _ramp(abs(cx - 0.5), 0.02, 0.2)
    vertical = 1.0 - _ramp(abs(cy - 0.5), 0.1, 0.32)  # posters sit a little high or low by design
    return 0.45 * horizontal + 0.3 * _ramp(sides, 0.35, 0.85) + 0.25 * vertical


def _lines(box: Box) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    x, y, w, h = box
    return (x, x + w / 2, x + w), (y, y + h / 2, y + h)


def _alignment(poster: _Poster) -> float:
    """Share of copy lines, button and subject that sit on a line with another element (or on
    their frame's centre), less the pairs that almost do. The CTA's label is its button's; the
    subject may also line up with the copy block as a whole (a banner's hero beside its copy)."""
    copy = [box for layer, box in poster.texts if layer.role != "cta" or poster.button is None]
    if poster.button is not None:
        copy.append(poster.button.box)
    elements = copy + ([poster.subject_box] if poster.subject_box is not None else [])
    if len(elements) < 2:
        return 1.0
    fx, fy, fw, fh = poster.frame
    tolerance = (max(3.0, fw * 0.012), max(3.0, fh * 0.012))
    frame_centre = (fx + fw / 2, fy + fh / 2)
    lines = [_lines(box) for box in elements]
    aligned = [any(abs(own[axis][1] - frame_centre[axis]) <= tolerance[axis] for axis in (0, 1)) for own in lines]
    near_misses = 0
    for i in range(len(elements)):
        for j in range(i + 1, len(elements)):
            for axis in (0, 1):
                gap = min(abs(a - b) for a, b in zip(lines[i][axis], lines[j][axis]))
                if gap <= tolerance[axis]:
                    aligned[i] = aligned[j] = True
                elif gap <= tolerance[axis] * 3.5:
                    near_misses += 1  # almost on a line: reads as a mistake
    if poster.subject_box is not None and len(copy) > 1 and not aligned[-1]:
        block = _lines(_union(copy))  # type: ignore[arg-type]
        aligned[-1] = any(abs(a - b) <= tolerance[axis]
                          for axis in (0, 1) for a, b in zip(lines[-1][axis], block[axis]))
    return sum(aligned) / len(aligned) - 0.12 * near_misses


def _whitespace(poster: _Poster) -> float:
    spec = poster.spec
    copy = [box for _, box in poster.texts] + ([poster.button.box] if poster.button is not None else [])
    # copy inside the safe area
    area = sum(box[2] * box[3] for box in copy)
    outside = sum(_area_outside(box, spec.safe_area) for box in copy)
    safe = 1.0 - _ramp(outside / area if area else 0.0, 0.0, 0.25)
    # a margin between the copy and its frame's edges
    fx, fy, fw, fh = poster.frame
    margin = 1.0
    if poster.copy_box is not None:
        x, y, w, h = poster.copy_box
        gap = min(x - fx, y - fy, fx + fw - x - w, fy + fh - y - h)
        margin = _ramp(gap / min(fw, fh), 0.0, 0.05)
    # breathing room: pictures kept off a band around each line of copy
    pictures = np.zeros_like(poster.weight, dtype=bool)
    for layer in ([poster.subject] if poster.subject is not None else []) + poster.decorations:
        pictures |= poster.mask(layer)
    ring = poster.box_mask(copy, pad=poster.title_size() * 0.35)
    crowded = float((ring & pictures).sum()) / max(1, int(ring.sum()))
    breathing = 1.0 - _ramp(crowded, 0.0, 0.2)
    # neither cramped nor a large dead hole, inside the frame
    f = poster.factor
    x0, y0 = max(0, fx // f), max(0, fy // f)
    x1, y1 = min(poster.grid[0], (fx + fw) // f), min(poster.grid[1], (fy + fh) // f)
    inked = poster.weight[y0:y1, x0:x1] > 0.2
    space = _space(inked)
    score = 0.2 * safe + 0.2 * margin + 0.3 * breathing + 0.3 * space
    return score * (1.0 - 0.3 * min(2, _empty_tiles(poster)))


def _empty_tiles(poster: _Poster) -> int:
    """Rounded panels (a collage's tiles, a framed picture) with nothing on them: a dead hole a
    designer sees at once. Fields and stripes (polygons) and the card the copy sits on are ground."""
    canvas = poster.spec.width * poster.spec.height
    tiles = [card for card in poster.cards if card.radius > 0 and not (card.style or "").startswith("polygon")
             and card.box[2] * card.box[3] < 0.4 * canvas and card.box != poster.frame]
    if not tiles:
        return 0
    content = np.zeros_like(poster.weight, dtype=bool)
    for layer in poster.spec.layers:
        if layer.visible and layer.kind in CONTENT_KINDS:
            content |= poster.mask(layer)
    empty = 0
    for tile in tiles:
        inside = poster.box_mask([tile.box])
        if float((content & inside).sum()) < 0.02 * max(1, int(inside.sum())):
            empty += 1
    return empty


def _space(inked: np.ndarray) -> float:
    """Empty cells of a coarse grid over the frame: too few is cramped, one large empty
    rectangle is a dead hole."""
    if inked.size == 0:
        return 0.5
    rows, cols = inked.shape
    cell = max(1, round(min(rows, cols) / 10))
    grid_rows, grid_cols = max(1, rows // cell), max(1, cols // cell)
    trimmed = inked[:grid_rows * cell, :grid_cols * cell]
    occupied = trimmed.reshape(grid_rows, cell, grid_cols, cell).mean(axis=(1, 3)) > 0.04
    empty = ~occupied
    empty_share = float(empty.mean())
    hole = _largest_rectangle(empty) / empty.size
    cramped = _ramp(empty_share, 0.1, 0.3)
    dead = 1.0 - _ramp(hole, 0.22, 0.5)
    return 0.4 * cramped + 0.6 * dead


def _largest_rectangle(cells: np.ndarray) -> int:
    """Area of the largest all-True axis-aligned rectangle (histogram method, per row)."""
    best = 0
    heights = np.zeros(cells.shape[1], dtype=int)
    for row in cells:
        heights = np.where(row, heights + 1, 0)
        stack: list[int] = []
        for index in range(len(heights) + 1):
            height = heights[index] if index < len(heights) else 0
            while stack and heights[stack[-1]] >= height:
                top = stack.pop()
                width = index if not stack else index - stack[-1] - 1
                best = max(best, int(heights[top]) * width)
            stack.append(index)
    return best


def _visual_size(layer: Layer) -> float:
    """A text's presence: its size, heavier when bold or outlined."""
    return layer.size * (1.12 if layer.weight == "bold" else 1.0) * (1.06 if has_outline(layer) else 1.0)


def _hierarchy(poster: _Poster) -> float:
    by_role = {layer.role: (layer, box) for layer, box in poster.texts if layer.role}
    parts: list[tuple[float, float]] = []  # (score, weight)
    title = by_role.get("title")
    second = by_role.get("subtitle") or by_role.get("body")
    if title is not None and second is not None:
        parts.append((_ramp(_visual_size(title[0]) / _visual_size(second[0]), 1.0, 1.35), 0.4))
    if "subtitle" in by_role and "body" in by_role:
        parts.append((_ramp(_visual_size(by_role["subtitle"][0]) / _visual_size(by_role["body"][0]), 0.9, 1.1), 0.15))
    cta = by_role.get("cta")
    if title is not None and cta is not None:
        parts.append((_ramp(_visual_size(title[0]) / _visual_size(cta[0]), 1.0, 1.3), 0.15))
    if title is not None and len(by_role) > 1:
        others = [box for role, (_, box) in by_role.items() if role not in ("title", "cta")]
        first = all(title[1][1] <= box[1] + 2 or title[1][0] + title[1][2] <= box[0] for box in others)
        parts.append((1.0 if first else 0.4, 0.1))
    if cta is not None:
        parts.append((_cta_distinct(poster, cta[0]), 0.2))
    if not parts:
        return 1.0 if title is not None else 0.0
    return sum(score * weight for score, weight in parts) / sum(weight for _, weight in parts)


def _cta_distinct(poster: _Poster, label: Layer) -> float:
    """The button's colour against the ground around it, and its label against the button."""
    button = poster.button
    if button is None:
        return 0.5  # a CTA with no button: a line of text that does not read as an action
    mask = poster.box_mask([button.box])
    if not mask.any():
        return 0.5
    fill = poster.final[mask].mean(axis=0)
    ring = poster.box_mask([button.box], pad=button.box[3] * 0.5) & ~mask
    ground = poster.final[ring].mean(axis=0) if ring.any() else poster.ground[mask].mean(axis=0)
    distinct = _ramp(float(np.linalg.norm(fill - ground)), 8.0, 35.0)
    pill = parse_hex(button.fill[-1]) if button.fill else (255, 255, 255)
    legible = _ramp(contrast_ratio(parse_hex(label.color or "#000000"), pill), 3.0, 5.5)
    return 0.6 * distinct + 0.4 * legible


def _text_contrast(poster: _Poster, layer: Layer) -> float:
    """WCAG contrast of a text against the pixels under its glyphs (tools.layout's measure: an
    outline of designed width is the text's own ground), on a render of the layers beneath it
    cropped to the text's box, with the glyph mask taken from the text compose drew."""
    fill = parse_hex(layer.color or "#000000")
    if has_outline(layer):
        return contrast_ratio(fill, parse_hex(layer.stroke_color or "#ffffff"))
    drawn = poster.rendered(layer)
    if drawn is None:
        return 21.0
    x, y, w, h = drawn.left, drawn.top, drawn.image.width, drawn.image.height
    under = Image.new("RGBA", (w, h), (255, 255, 255, 255))
    for other in poster.spec.ordered():
        if other is layer or not other.visible or other.kind == "text":
            continue
        image = poster.rendered(other)
        if image is None:
            continue
        left, top, right, bottom = image.bbox
        if right <= x or bottom <= y or left >= x + w or top >= y + h:
            continue
        paste(under, LayerImage(image.image, left - x, top - y))
    return contrast_against(fill, under, drawn.image.getchannel("A"))


def _color(poster: _Poster) -> float:
    scores = [_ramp(_text_contrast(poster, layer), 3.0, 7.0) for layer, _ in poster.texts]
    contrast = 0.5 * (sum(scores) / len(scores)) + 0.5 * min(scores) if scores else 1.0
    return 0.6 * contrast + 0.4 * _harmony(poster.final_rgb)


# Matsuda's hue templates (Cohen-Or et al., Color Harmonization): sectors as (centre, width) in degrees.
_TEMPLATES = {
    "i": [(0.0, 18.0)], "V": [(0.0, 93.6)], "L": [(0.0, 18.0), (90.0, 79.2)], "I": [(0.0, 18.0), (180.0, 18.0)],
    "T": [(0.0, 180.0)], "Y": [(0.0, 93.6), (180.0, 18.0)], "X": [(0.0, 93.6), (180.0, 93.6)],
}
_HUE_BINS = 72


@lru_cache(maxsize=1)
def _template_distances() -> np.ndarray:
    """For every template at every rotation (5° steps), each hue bin's distance in degrees to
    the template's nearest sector: (templates × rotations, bins)."""
    centres = (np.arange(_HUE_BINS) + 0.5) * 360.0 / _HUE_BINS
    rows = []
    for sectors in _TEMPLATES.values():
        for rotation in range(0, 360, 5):
            distance = np.full(_HUE_BINS, 180.0)
            for centre, width in sectors:
                offset = np.abs((centres - centre - rotation + 180.0) % 360.0 - 180.0)
                distance = np.minimum(distance, np.maximum(0.0, offset - width / 2))
            rows.append(distance)
    return np.array(rows)


def _harmony(rgb: np.ndarray) -> float:
    """How well the poster's saturated hues fit the best rotated Matsuda template: the mean
    distance (degrees) of hue mass from the template's sectors, 0 is perfectly harmonious."""
    data = rgb.reshape(-1, 3).astype(np.float32) / 255.0
    high, low = data.max(axis=1), data.min(axis=1)
    chroma = high - low
    saturation = np.where(high > 0, chroma / np.maximum(high, 1e-6), 0.0)
    keep = (saturation > 0.25) & (high > 0.2)
    if keep.sum() < data.shape[0] * 0.01:
        return 1.0  # nearly neutral: nothing to clash
    r, g, b = data[keep, 0], data[keep, 1], data[keep, 2]
    c = np.maximum(chroma[keep], 1e-6)
    h = np.where(high[keep] == r, ((g - b) / c) % 6, np.where(high[keep] == g, (b - r) / c + 2, (r - g) / c + 4))
    hues = h * 60.0
    weights = saturation[keep] * high[keep]
    histogram, _ = np.histogram(hues, bins=_HUE_BINS, range=(0.0, 360.0), weights=weights)
    best = float((_template_distances() @ histogram).min() / histogram.sum())
    return 1.0 - _ramp(best, 2.0, 25.0)


def _decoration(poster: _Poster) -> float:
    decorations = poster.decorations
    if not decorations:
        return 1.0
    masks = [poster.mask(layer) for layer in decorations]
    union = np.logical_or.reduce(masks)
    covered = int(union.sum())
    if covered == 0:
        return 1.0
    _, _, fw, fh = poster.frame
    share = covered / max(1.0, fw * fh / poster.factor ** 2)
    copy_boxes = [box for _, box in poster.texts] + ([poster.button.box] if poster.button is not None else [])
    on_copy = float((union & poster.box_mask(copy_boxes)).sum()) / covered
    subject = poster.mask(poster.subject) if poster.subject is not None else np.zeros_like(union)
    on_subject = float((union & subject).sum()) / covered
    on_each_other = (sum(int(mask.sum()) for mask in masks) - covered) / covered
    overlap = 1.0 - _clamp(3.0 * on_copy + 1.0 * on_subject + 1.5 * on_each_other)
    area = 1.0 - _ramp(share, 0.08, 0.22)
    count = 1.0 - _ramp(len(decorations), 4, 9)
    sources = [layer.source for layer in decorations if layer.source]
    repeated = 1.0 - _ramp(len(sources) - len(set(sources)), 0, 2)
    return 0.5 * overlap + 0.25 * area + 0.15 * count + 0.1 * repeated


def _prominence(poster: _Poster) -> float:
    canvas_cells = poster.weight.size
    if poster.subject is not None:
        mask = poster.mask(poster.subject)
        cells = int(mask.sum())
        share = cells / canvas_cells
        if share < 0.03:
            size = 0.3 * share / 0.03
        elif share <= 0.12:
            size = 0.3 + 0.7 * (share - 0.03) / 0.09
        else:
            size = 1.0 - 0.5 * _ramp(share, 0.45, 0.8)
        contrast = _ramp(float(np.linalg.norm(poster.final[mask] - poster.ground[mask], axis=-1).mean()), 10.0, 40.0) \
            if cells else 0.0
    else:  # a copy-only poster: the title is the hero
        title = next(((layer, box) for layer, box in poster.texts if layer.role == "title"), None)
        if title is None:
            return 0.0
        box = title[1]
        cells = max(1, round(box[2] * box[3] / poster.factor ** 2))
        size = _ramp(box[2] * box[3] / (poster.spec.width * poster.spec.height), 0.01, 0.06)
        contrast = _ramp(_text_contrast(poster, title[0]), 3.0, 7.0)
    rival = max((int(poster.mask(layer).sum()) for layer in poster.decorations), default=0) / max(1, cells)
    dominance = 1.0 - _ramp(rival, 0.35, 0.85)
    return 0.5 * size + 0.3 * contrast + 0.2 * dominance
