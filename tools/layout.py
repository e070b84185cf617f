"""Colour the copy: pick colours that read on the real pixels (fitting each text in its box is
`tools.text_fit`).

- `measure_contrast` is the WCAG contrast of a text against the pixels under its glyphs in a
  render of everything below it (the 5th percentile, so a busy background counts by its worst
  parts). An outline of at least `outline_width(size)` is part of the text treatment: the fill
  is then read against its own outline.
- `choose_text_colors` picks palette-toned colours that reach 4.5:1, and asks for a plate
  behind the text when nothing on the palette does.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from tools.colors import RGB, contrast_ratio, darken, lighten, mix, parse_hex, relative_luminance
from tools.fonts import font_file
from tools.spec import Layer
from tools.typography import line_origins, load_font

MIN_CONTRAST = 4.5
WHITE: RGB = (255, 255, 255)
NEAR_BLACK: RGB = (26, 26, 32)


def to_hex(color: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


def outline_width(size: int) -> int:
    """The thinnest outline that reads as a designed stroke rather than a hairline."""
    return max(2, round(size * 0.06))


# ------------------------------------------------------------------------------------------
# Palette


@dataclass(frozen=True)
class Theme:
    """Colours derived from the brief's palette (main colour first)."""

    main: RGB
    second: RGB
    accent: RGB
    deep: RGB  # the main colour darkened until white reads on it at 7:1: strokes, dark text

    @classmethod
    def from_palette(cls, palette: list[RGB]) -> "Theme":
        main = palette[0] if palette else (230, 57, 48)
        second = palette[1] if len(palette) > 1 else _companion(main)
        accent = palette[2] if len(palette) > 2 else mix(main, second, 0.5)
        return cls(main, second, accent, deep_tone(main))

    def hex(self) -> list[str]:
        return [to_hex(c) for c in (self.main, self.second, self.accent)]


def deep_tone(color: RGB, target: float = 7.0) -> RGB:
    """The colour darkened just enough for white to reach `target`:1 on it."""
    for step in range(0, 101, 2):
        candidate = darken(color, step / 100)
        if contrast_ratio(candidate, WHITE) >= target:
            return candidate
    return NEAR_BLACK


def _companion(main: RGB) -> RGB:
    """A second colour for a one-colour brief: a lighter, warmer tint of the main colour."""
    if relative_luminance(main) < 0.08:
        return lighten(main, 0.45)
    return lighten(mix(main, (255, 214, 90), 0.25), 0.35)


# ------------------------------------------------------------------------------------------
# Contrast


def glyph_mask(layer: Layer, *, with_stroke: bool = False) -> Image.Image:
    """Where the text's fill (or fill + outline) covers its box, as an L image of box size,
    with the glyphs exactly where `render` draws them."""
    _, _, w, h = layer.box
    mask = Image.new("L", (w, h), 0)
    if not (layer.lines and layer.font):
        return mask
    path, index = font_file(layer)
    font = load_font(path, index, layer.size)
    stroke = layer.stroke_width if with_stroke else 0
    draw = ImageDraw.Draw(mask)
    origins = line_origins(layer.lines, path, index, layer.size, (0, 0, w, h), layer.align, layer.valign,
                           layer.line_height, layer.stroke_width)
    for line, (x, y, anchor) in zip(layer.lines, origins):
        draw.text((x, y), line, font=font, fill=255, anchor=anchor, stroke_width=stroke,
                  stroke_fill=255 if stroke else None)
    return mask


_LINEAR = np.array([(v / 255 / 12.92) if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4
                    for v in range(256)], dtype=np.float64)


def luminance_array(image: Image.Image) -> np.ndarray:
    data = np.asarray(image.convert("RGB"))
    linear = _LINEAR[data]
    return linear[..., 0] * 0.2126 + linear[..., 1] * 0.7152 + linear[..., 2] * 0.0722


def contrast_against(fill: RGB, under: Image.Image, mask: Image.Image, percentile: float = 5.0) -> float:
    """WCAG contrast of `fill` against the pixels of `under` where mask > 127 (a low percentile)."""
    pixels = luminance_array(under)[np.asarray(mask) > 127]
    if pixels.size == 0:
        return 21.0
    text_l = relative_luminance(fill)
    light = np.maximum(pixels, text_l)
    dark = np.minimum(pixels, text_l)
    ratios = (light + 0.05) / (dark + 0.05)
    return float(np.percentile(ratios, percentile))


def has_outline(layer: Layer) -> bool:
    return bool(layer.stroke_color) and layer.stroke_width >= outline_width(layer.size)


def measure_contrast(layer: Layer, under: Image.Image) -> float:
    """Contrast of a text layer against a canvas-size render of what lies beneath it."""
    fill = parse_hex(layer.color or "#000000")
    if has_outline(layer):
        return contrast_ratio(fill, parse_hex(layer.stroke_color))
    x, y, w, h = layer.box
    crop = under.crop((x, y, x + w, y + h))
    return contrast_against(fill, crop, glyph_mask(layer))


# ------------------------------------------------------------------------------------------
# Colour choice


@dataclass(frozen=True)
class ColorChoice:
    color: RGB
    stroke: RGB | None
    contrast: float
    needs_panel: bool


def choose_text_colors(layer: Layer, under: Image.Image, theme: Theme) -> ColorChoice:
    """Colours for a text layer over `under` (a canvas render without the text)."""
    x, y, w, h = layer.box
    crop = under.crop((x, y, x + w, y + h))
    mask = glyph_mask(layer)
    lum = luminance_array(crop)[np.asarray(mask) > 127]
    background_light = float(np.median(lum)) > 0.42 if lum.size else True

    if layer.role == "title" and layer.stroke_width:
        # The reference look: a bold title with a contrasting outline. White with a deep outline
        # on colour; deep with a white outline where the ground is nearly white.
        if float(np.median(lum)) > 0.8 if lum.size else False:
            return ColorChoice(theme.deep, WHITE, contrast_ratio(theme.deep, WHITE), False)
        return ColorChoice(WHITE, theme.deep, contrast_ratio(WHITE, theme.deep), False)

    dark = [darken(theme.main, 0.45), theme.deep, darken(theme.deep, 0.4), NEAR_BLACK]
    light = [lighten(theme.second, 0.9), WHITE]
    candidates = dark + light if background_light else light + dark
    if layer.role == "cta":
        candidates = ([WHITE, lighten(theme.second, 0.85)] + dark) if not background_light else dark + [WHITE]
    best: tuple[float, RGB] | None = None
    for color in candidates:
        ratio = contrast_against(color, crop, mask)
        if ratio >= MIN_CONTRAST + 0.1:
            return ColorChoice(color, None, ratio, False)
        if best is None or ratio > best[0]:
            best = (ratio, color)
    assert best is not None
    return ColorChoice(best[1], None, best[0], True)


def panel_colors(under: Image.Image, box: tuple[int, int, int, int], theme: Theme) -> tuple[RGB, RGB]:
    """(plate colour, text colour) for a text the background cannot carry: a deep plate with
    white text on light grounds, a white plate with deep text on dark ones."""
    x, y, w, h = box
    lum = luminance_array(under.crop((x, y, x + w, y + h)))
    if float(np.median(lum)) > 0.3:
        return theme.deep, WHITE
    return WHITE, theme.deep
