"""Poster formats: the four presets a marketer asks for, and any W×H.

Each format carries its safe margins (where copy may go) and the layout style it gets by
default, so "the same brief as a banner" is re-laid out rather than cropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tools.errors import SpecError

# The five original layouts (each format's `auto` and the breakout popup). Every layout file in
# prompts/layouts/ can be named too: tools.layouts.layout_names() lists them all.
LAYOUTS = ("popup", "popup-breakout", "poster", "banner", "square")
MIN_SIDE, MAX_SIDE = 200, 8000


@dataclass(frozen=True)
class Format:
    name: str
    width: int
    height: int
    safe_margins: tuple[int, int, int, int]  # left, top, right, bottom
    default_layout: str

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    @property
    def safe_margin(self) -> int:
        """The smallest of the four margins."""
        return min(self.safe_margins)

    @property
    def safe_box(self) -> tuple[int, int, int, int]:
        """[x, y, w, h] of the area copy must stay inside."""
        left, top, right, bottom = self.safe_margins
        return left, top, self.width - left - right, self.height - top - bottom


def _margins(width: int, height: int, layout: str) -> tuple[int, int, int, int]:
    """Margins scale with the short side; tall posters keep extra room for an app's status bar
    at the top and a home indicator at the bottom."""
    unit = min(width, height)
    side = round(unit * 0.06)
    if layout == "poster":
        return side, round(height * 0.05), side, round(height * 0.04)
    return side, side, side, side


def _preset(name: str, width: int, height: int, layout: str) -> Format:
    return Format(name, width, height, _margins(width, height, layout), layout)


PRESETS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        _preset("popup", 750, 1000, "popup"),
        _preset("poster", 1080, 1920, "poster"),
        _preset("banner", 1200, 628, "banner"),
        _preset("square", 1080, 1080, "square"),
    )
}

_SIZE = re.compile(r"^\s*(\d{2,5})\s*[x×X*]\s*(\d{2,5})\s*$")


def layout_for_size(width: int, height: int) -> str:
    """The preset layout whose canvas shape is closest to width:height."""
    ratio = width / height
    if ratio >= 1.45:
        return "banner"
    if ratio >= 0.85:
        return "square"
    if ratio >= 0.66:
        return "popup"
    return "poster"


def get_format(name_or_size: str | Format) -> Format:
    """`popup`, `poster`, `banner`, `square`, or a size like `1080x1920` / `1080×1920`."""
    if isinstance(name_or_size, Format):
        return name_or_size
    text = str(name_or_size or "").strip()
    preset = PRESETS.get(text.lower())
    if preset is not None:
        return preset
    match = _SIZE.match(text)
    if match is None:
        known = ", ".join(PRESETS)
        raise SpecError(f"unknown format “{text}”: use one of {known}, or a size like 1080x1920")
    width, height = int(match.group(1)), int(match.group(2))
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise SpecError(f"format {width}×{height}: each side must be {MIN_SIDE}–{MAX_SIDE} pixels")
    for fmt in PRESETS.values():
        if fmt.size == (width, height):
            return fmt
    layout = layout_for_size(width, height)
    return Format(f"{width}x{height}", width, height, _margins(width, height, layout), layout)
