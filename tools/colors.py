"""Colour words in Chinese and English, and the colour maths every tool shares.

Briefs name colours (红黄配色, 蓝色渐变, "blue and white"); recolouring, gradients, describe and
pick all need the same vocabulary, and layout needs WCAG contrast.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class NamedColor:
    key: str
    zh: str
    en: str
    rgb: RGB
    # Other ways people write it; the first character(s) of zh compounds like 红黄 use `short`.
    aliases_zh: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    short: str = ""

    @property
    def hex(self) -> str:
        return "#{:02x}{:02x}{:02x}".format(*self.rgb)


# A marketer's palette: saturated but print-friendly values, not pure primaries.
COLORS: tuple[NamedColor, ...] = (
    NamedColor("red", "红色", "red", (230, 57, 48), ("大红", "中国红", "正红"), ("crimson", "scarlet"), "红"),
    NamedColor("orange", "橙色", "orange", (255, 136, 34), ("橘色", "橘黄", "橙"), ("tangerine",), "橙"),
    NamedColor("yellow", "黄色", "yellow", (255, 204, 41), ("明黄", "柠檬黄"), ("lemon",), "黄"),
    NamedColor("gold", "金色", "gold", (232, 178, 48), ("金黄", "土豪金", "香槟金"), ("golden",), "金"),
    NamedColor("green", "绿色", "green", (46, 184, 92), ("翠绿", "草绿"), ("emerald",), "绿"),
    NamedColor("mint", "薄荷绿", "mint", (110, 220, 180), ("薄荷色", "青绿"), ("mint green", "teal"), ""),
    NamedColor("cyan", "青色", "cyan", (38, 198, 218), ("天蓝", "湖蓝"), ("aqua", "sky blue"), "青"),
    NamedColor("blue", "蓝色", "blue", (41, 121, 255), ("科技蓝", "宝蓝"), ("azure", "cobalt"), "蓝"),
    NamedColor("navy", "深蓝", "navy", (24, 44, 110), ("藏青", "藏蓝", "深蓝色"), ("navy blue", "dark blue"), ""),
    NamedColor("purple", "紫色", "purple", (142, 84, 233), ("紫罗兰", "葡萄紫"), ("violet", "lavender"), "紫"),
    NamedColor("pink", "粉色", "pink", (255, 120, 170), ("粉红", "樱花粉", "玫红"), ("rose", "magenta"), "粉"),
    NamedColor("brown", "棕色", "brown", (150, 95, 60), ("咖啡色", "褐色"), (), "棕"),
    NamedColor("beige", "米色", "beige", (240, 225, 200), ("米白", "奶油色", "杏色"), ("ivory",), "米"),
    NamedColor("white", "白色", "white", (250, 250, 252), ("纯白",), ("snow",), "白"),
    NamedColor("gray", "灰色", "gray", (140, 145, 155), ("银灰", "银色", "银"), ("grey", "silver"), "灰"),
    NamedColor("black", "黑色", "black", (28, 28, 32), ("纯黑", "暗黑"), ("dark",), "黑"),
)

_BY_KEY = {color.key: color for color in COLORS}
_EN_WORDS = sorted(
    ((alias, c) for c in COLORS for alias in (c.en, *c.aliases_en)), key=lambda item: -len(item[0])
)
_ZH_WORDS = sorted(
    ((alias, c) for c in COLORS for alias in (c.zh, *c.aliases_zh)), key=lambda item: -len(item[0])
)
_EN_PATTERNS = [(word, re.compile(rf"\b{re.escape(word)}\b"), color) for word, color in _EN_WORDS]
_ZH_SHORT = {c.short: c for c in COLORS if c.short}
# "红黄配色", "红金色调", "蓝白" – runs of one-character colour names before a colour suffix.
_ZH_COMPOUND = re.compile(r"([红橙黄金绿青蓝紫粉棕米白灰黑]{2,4})(?:配色|色调|色系|撞色|渐变|主色|相间|色)")
# 银行 / 银河 / 银杏 / 收银台: words where 银 (alone, silver-grey) names a thing, never a colour to draw in
_NOT_A_COLOUR_ZH = re.compile(r"银(?:行|河|杏|耳|联|川|幕|针|发族|發族)|收银")


def color_by_key(key: str) -> NamedColor:
    return _BY_KEY[key]


def find_colors(text: str) -> list[NamedColor]:
    """Colour words in the order they appear, without repeats. zh and en both understood.

    Matches are taken left to right, longest first at each position, so 粉红色 is pink (not
    pink + red) and 红黄配色 is red + yellow.
    """
    lowered = text.lower()
    if "银" in text:  # (a plain scan first: the masking regex runs only where 银 occurs at all)
        text = _NOT_A_COLOUR_ZH.sub(lambda match: " " * len(match.group()), text)
    candidates: list[tuple[int, int, list[NamedColor]]] = []
    # Plain substring scans, and a word's pattern only where the word occurs at all: the parser
    # calls this several times per brief, so it must not compile or run a regex per colour name.
    for word, color in _ZH_WORDS:
        start = text.find(word)
        while start != -1:
            candidates.append((start, start + len(word), [color]))
            start = text.find(word, start + len(word))
    for word, pattern, color in _EN_PATTERNS:
        if word in lowered:
            for match in pattern.finditer(lowered):
                candidates.append((match.start(), match.end(), [color]))
    for match in _ZH_COMPOUND.finditer(text):
        candidates.append((match.start(1), match.end(1), [_ZH_SHORT[ch] for ch in match.group(1)]))

    ordered: list[NamedColor] = []
    cursor = 0
    for start, end, colors in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if start < cursor:
            continue
        cursor = end
        for color in colors:
            if color not in ordered:
                ordered.append(color)
    return ordered


def parse_hex(value: str) -> RGB:
    value = value.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        raise ValueError(f"not a colour: #{value}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def nearest_color(rgb: RGB) -> NamedColor:
    """The named colour closest to `rgb` in a perceptual (Lab) sense."""
    lab = rgb_to_lab(rgb)
    return min(COLORS, key=lambda c: sum((a - b) ** 2 for a, b in zip(lab, rgb_to_lab(c.rgb))))


def hue_gap(hues: Any, hue: float) -> Any:
    """The angle between Lab hues (radians, each in [-π, π], an array against one) the shorter
    way round the circle: 0..π."""
    import numpy as np

    gap = np.abs(hues - hue)
    return np.minimum(gap, 2 * math.pi - gap)


def rgb_to_lab(rgb: RGB) -> tuple[float, float, float]:
    def linear(channel: float) -> float:
        channel /= 255.0
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance."""
    def channel(value: int) -> float:
        c = value / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1.0 .. 21.0."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend: t=0 gives a, t=1 gives b."""
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))  # type: ignore[return-value]


def lighten(rgb: RGB, amount: float) -> RGB:
    return mix(rgb, (255, 255, 255), amount)


def darken(rgb: RGB, amount: float) -> RGB:
    return mix(rgb, (0, 0, 0), amount)
