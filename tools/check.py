"""Check a composed poster and report machine-readable problems the agent can act on.

Codes are stable strings; each problem names the layer and carries the measurements:

- `empty_title`            no title, or a blank one
- `text_outside_safe_area` a text's ink leaves the safe area (details.outside_canvas when it
                           leaves the canvas itself)
- `text_clipped`           a text did not fit its box at its minimum size (lines dropped or
                           cut with …), or its ink spills out of its box
- `copy_truncated`         words of a text are missing from the poster (cut with … or lines
                           dropped); details.field names the copy field (title, subtitle,
                           body, cta), details.text is the whole text and details.shown what is printed
- `text_overlaps_subject`  a text's ink covers the subject's opaque pixels
- `text_overlaps_text`     two texts' ink overlap
- `low_contrast`           WCAG contrast < 4.5:1 against the rendered pixels under the glyphs
                           (an outline of designed width counts as the text's own ground)
- `subject_too_small`      the subject's opaque pixels cover too little of the canvas
- `missing_source`         an image a layer names cannot be read
- `image_size_mismatch`    the rendered image given is not the spec's canvas size
- `text_overlaps_decoration` (warning) a decoration covers part of a text
- `text_overlaps_logo`     a text's ink covers the brand logo's pixels

The agent adds `subject_not_found` (agent/planner.py): the gallery has no image of the subject
the brief names, and the poster shows something else.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageDraw
from pydantic import BaseModel, Field

from tools.errors import HuabaoError
from tools.fonts import font_file
from tools.layout import MIN_CONTRAST, measure_contrast
from tools.render import RenderContext, render_layers
from tools.spec import Layer, PosterSpec
from tools.text_fit import printed_and_wanted, refresh_text
from tools.typography import line_origins, load_font

CODES = ("empty_title", "text_outside_safe_area", "text_clipped", "copy_truncated", "text_overlaps_subject",
         "text_overlaps_text", "low_contrast", "subject_too_small", "missing_source", "text_overlaps_decoration",
         "image_size_mismatch", "subject_not_found", "text_overlaps_logo")
COPY_FIELDS = ("title", "subtitle", "body", "cta")
MIN_SUBJECT_SHARE = 0.03  # opaque subject pixels / canvas pixels
OVERLAP_PIXELS = 24  # a few antialiased pixels touching is not an overlap a reader sees


class Problem(BaseModel):
    code: str
    layer: str | None = Field(None, description="The layer's name (a text layer's is its text).")
    layer_id: str | None = None
    severity: Literal["error", "warning"] = "error"
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


def check_poster(spec: PosterSpec, image: Image.Image | None = None,
                 base_dir: str | Path | None = None, *, context: RenderContext | None = None) -> list[Problem]:
    """All problems found, errors first; an empty list means the poster is good to ship.

    `image`, when given, is the poster as rendered; only its size is checked against the spec,
    since contrast is measured on a render without the text (the pixels under the glyphs).
    `context`: the poster's render context (`compose`'s), whose layers are measured rather than
    drawn again."""
    problems: list[Problem] = []
    spec = refresh_text(spec)  # an edited text is checked as it renders
    ctx = context.for_spec(spec) if context is not None else RenderContext(spec, Path(base_dir) if base_dir else None)
    if image is not None and image.size != spec.size:
        problems.append(Problem(code="image_size_mismatch", message="the image does not match the spec's canvas size",
                                details={"image": list(image.size), "spec": [spec.width, spec.height]}))

    broken = _missing_sources(spec, ctx, problems)
    title = spec.text_layer("title")
    if title is None or not title.text.strip():
        problems.append(Problem(code="empty_title", layer=title.name if title else None, layer_id="title",
                                message="the poster has no title"))

    texts = [layer for layer in spec.ordered() if layer.kind == "text" and layer.visible and layer.text.strip()]
    if not texts:
        return _sorted(problems)
    under = render_layers(spec, include=lambda l: l.kind != "text" and l.id not in broken, context=ctx)
    inks = {layer.id: _ink(layer) for layer in texts}

    for layer in texts:
        ink, ink_box = inks[layer.id]
        _check_position(spec, layer, ink_box, problems)
        _check_fit(layer, ink, problems)
        if layer.lines:
            ratio = measure_contrast(layer, under)
            if ratio < MIN_CONTRAST:
                problems.append(Problem(code="low_contrast", layer=layer.name, layer_id=layer.id,
                                        message=f"“{layer.name}” has a contrast of {ratio:.2f}:1 against what is "
                                                f"under it; 4.5:1 is needed",
                                        details={"contrast": round(ratio, 2), "color": layer.color,
                                                 "minimum": MIN_CONTRAST}))
    _check_overlaps(spec, texts, inks, ctx, broken, problems)
    _check_subject(spec, ctx, broken, problems)
    return _sorted(problems)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.severity != "error")


def _missing_sources(spec: PosterSpec, ctx: RenderContext, problems: list[Problem]) -> set[str]:
    broken: set[str] = set()
    for layer in spec.layers:
        if not layer.source or not layer.visible:
            continue
        try:
            ctx.source(layer, trim=layer.trim)
        except HuabaoError as err:
            broken.add(layer.id)
            problems.append(Problem(code="missing_source", layer=layer.name, layer_id=layer.id, message=str(err),
                                    details={"source": layer.source}))
    # A shadow of a broken layer is broken too.
    broken |= {layer.id for layer in spec.layers if layer.of in broken}
    return broken


def _ink(layer: Layer) -> tuple[np.ndarray, tuple[int, int, int, int] | None]:
    """The text's ink (fill and outline) where `render` draws it, on a canvas with a margin
    around the box (so ink that spills out of the box is seen), and the ink's bounding box."""
    x, y, w, h = layer.box
    margin = max(8, layer.size)
    canvas = Image.new("L", (w + 2 * margin, h + 2 * margin), 0)
    if layer.lines and layer.font:
        path, index = font_file(layer)
        font = load_font(path, index, layer.size)
        draw = ImageDraw.Draw(canvas)
        origins = line_origins(layer.lines, path, index, layer.size, (margin, margin, w, h), layer.align,
                               layer.valign, layer.line_height, layer.stroke_width)
        for line, (ox, oy, anchor) in zip(layer.lines, origins):
            draw.text((ox, oy), line, font=font, fill=255, anchor=anchor, stroke_width=layer.stroke_width,
                      stroke_fill=255 if layer.stroke_width else None)
    array = np.asarray(canvas) > 96
    ys, xs = np.nonzero(array)
    if xs.size == 0:
        return array, None
    return array, (x - margin + int(xs.min()), y - margin + int(ys.min()),
                   int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1)


def _check_position(spec: PosterSpec, layer: Layer, ink_box, problems: list[Problem]) -> None:
    box = ink_box or layer.box
    sx, sy, sw, sh = spec.safe_area
    outside_canvas = box[0] < 0 or box[1] < 0 or box[0] + box[2] > spec.width or box[1] + box[3] > spec.height
    outside_safe = box[0] < sx or box[1] < sy or box[0] + box[2] > sx + sw or box[1] + box[3] > sy + sh
    if outside_safe:
        where = "the canvas" if outside_canvas else "the safe area"
        problems.append(Problem(code="text_outside_safe_area", layer=layer.name, layer_id=layer.id,
                                message=f"“{layer.name}” reaches outside {where}",
                                details={"ink_box": list(box), "safe_area": list(spec.safe_area),
                                         "outside_canvas": outside_canvas}))


def _check_fit(layer: Layer, ink: np.ndarray, problems: list[Problem]) -> None:
    margin = max(8, layer.size)
    _, _, w, h = layer.box
    spilled = int(ink.sum() - ink[margin:margin + h, margin:margin + w].sum())
    shown, wanted = printed_and_wanted(layer)
    truncated = shown != wanted
    if not layer.fits or truncated or spilled > 0 or not layer.lines:
        unfit = not layer.fits or truncated or not layer.lines
        reason = "it does not fit its box even at the smallest size" if unfit else "its ink spills out of its box"
        problems.append(Problem(code="text_clipped", layer=layer.name, layer_id=layer.id,
                                message=f"“{layer.name}” is clipped: {reason}",
                                details={"size": layer.size, "min_size": layer.min_size, "lines": layer.lines,
                                         "max_lines": layer.max_lines, "box": list(layer.box),
                                         "spilled_pixels": spilled, "characters": len(wanted)}))
    if truncated or (wanted and not layer.lines):
        # The words the poster leaves out, named by field: copy is never cut silently.
        field = layer.role if layer.role in COPY_FIELDS else layer.id
        printed = " ".join(layer.lines)
        shows = f"the poster shows only “{printed}”" if printed else "the poster does not show it"
        problems.append(Problem(code="copy_truncated", layer=layer.name, layer_id=layer.id,
                                message=f"the {field} “{layer.text}” does not fit; {shows}",
                                details={"field": field, "text": layer.text, "shown": printed,
                                         "missing_characters": len(wanted) - len(shown)}))


Mask = tuple[np.ndarray, int, int]  # a boolean array and where its top-left sits on the canvas


def _placed(array: np.ndarray, left: int, top: int, size: tuple[int, int]) -> Mask:
    """The part of a mask that lies on the canvas (masks stay local: no canvas-size arrays)."""
    h, w = array.shape
    x0, y0 = max(0, left), max(0, top)
    x1, y1 = min(size[0], left + w), min(size[1], top + h)
    if x0 >= x1 or y0 >= y1:
        return np.zeros((0, 0), dtype=bool), 0, 0
    return array[y0 - top:y1 - top, x0 - left:x1 - left], x0, y0


def _ink_mask(layer: Layer, ink: np.ndarray, size: tuple[int, int]) -> Mask:
    margin = max(8, layer.size)
    return _placed(ink, layer.box[0] - margin, layer.box[1] - margin, size)


def _alpha_mask(ctx: RenderContext, layer: Layer, size: tuple[int, int]) -> Mask | None:
    rendered = ctx.rendered(layer)
    if rendered is None:
        return None
    return _placed(np.asarray(rendered.image.getchannel("A")) > 128, rendered.left, rendered.top, size)


def _overlap(a: Mask, b: Mask) -> int:
    (ma, ax, ay), (mb, bx, by) = a, b
    x0, y0 = max(ax, bx), max(ay, by)
    x1, y1 = min(ax + ma.shape[1], bx + mb.shape[1]), min(ay + ma.shape[0], by + mb.shape[0])
    if x0 >= x1 or y0 >= y1:
        return 0
    return int((ma[y0 - ay:y1 - ay, x0 - ax:x1 - ax] & mb[y0 - by:y1 - by, x0 - bx:x1 - bx]).sum())


def _check_overlaps(spec: PosterSpec, texts: list[Layer], inks: dict, ctx: RenderContext, broken: set[str],
                    problems: list[Problem]) -> None:
    masks = {layer.id: _ink_mask(layer, inks[layer.id][0], spec.size) for layer in texts}
    for subject in spec.of_kind("subject", "decoration", "logo"):
        if not subject.visible or subject.id in broken:
            continue
        alpha = _alpha_mask(ctx, subject, spec.size)
        if alpha is None:
            continue
        for layer in texts:
            overlap = _overlap(masks[layer.id], alpha)
            if overlap <= OVERLAP_PIXELS:
                continue
            if subject.kind == "subject":
                problems.append(Problem(code="text_overlaps_subject", layer=layer.name, layer_id=layer.id,
                                        message=f"“{layer.name}” covers the subject",
                                        details={"pixels": overlap, "subject": subject.id}))
            elif subject.kind == "logo":  # the brand's mark is never written over
                problems.append(Problem(code="text_overlaps_logo", layer=layer.name, layer_id=layer.id,
                                        message=f"“{layer.name}” covers the logo",
                                        details={"pixels": overlap, "logo": subject.id}))
            else:
                problems.append(Problem(code="text_overlaps_decoration", layer=layer.name, layer_id=layer.id,
                                        severity="warning", message=f"“{layer.name}” touches {subject.name}",
                                        details={"pixels": overlap, "decoration": subject.id}))
    for number, first in enumerate(texts):
        for second in texts[number + 1:]:
            overlap = _overlap(masks[first.id], masks[second.id])
            if overlap > OVERLAP_PIXELS:
                problems.append(Problem(code="text_overlaps_text", layer=second.name, layer_id=second.id,
                                        message=f"“{first.name}” and “{second.name}” overlap",
                                        details={"pixels": overlap, "other": first.id}))


def _check_subject(spec: PosterSpec, ctx: RenderContext, broken: set[str], problems: list[Problem]) -> None:
    for subject in spec.of_kind("subject"):
        if not subject.visible or subject.id in broken:
            continue
        alpha = _alpha_mask(ctx, subject, spec.size)
        share = float(alpha[0].sum()) / (spec.width * spec.height) if alpha is not None else 0.0
        if share < MIN_SUBJECT_SHARE:
            problems.append(Problem(code="subject_too_small", layer=subject.name, layer_id=subject.id,
                                    message=f"the subject covers {share:.1%} of the poster; at least "
                                            f"{MIN_SUBJECT_SHARE:.0%} reads as the main element",
                                    details={"share": round(share, 4), "minimum": MIN_SUBJECT_SHARE,
                                             "box": list(subject.box)}))
