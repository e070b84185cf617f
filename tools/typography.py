"""Line breaking and fitting for Chinese and English copy.

Rules a marketing designer checks:
- 禁则: no line starts with closing punctuation (，。！？、；：）」』】》…) and none ends with
  opening punctuation (（「『【《“).
- Latin words and number+unit groups (888金币, 50%, ¥99, 3-5天) are never split.
- Chinese breaks prefer word boundaries (jieba), spaces and punctuation.
- Titles are balanced over their lines (好运福袋 / 大放送, not 好运福袋大放 / 送).
- Mixed zh/en text is set in one CJK font, so every line keeps one baseline.

`fit_text` finds the largest size in [min_size, max_size] at which the text fits a box in at
most `max_lines` lines, measured with the real glyph boxes; when nothing fits it still returns
lines that stay inside the box and says `fits=False`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

# 禁则 (kinsoku): characters that may not start a line, and ones that may not end a line.
NO_LINE_START = set("，。！？、；：）」』】》〉”’,.!?;:)]}%‰…—·・～〜ー々〕｝")
NO_LINE_END = set("（「『【《〈“‘([{〔｛")
# A break right after these reads as a natural pause.
SOFT_BREAK_AFTER = set("，。！？、；：,.!?;:）」』】》")
# Units that follow a number without jieba (888金币 needs jieba; 50元 does not).
UNIT_CHARS = set("元块角分折万亿千百个件张份次天日月年号时秒周岁人倍克斤米升度层楼期")
ELLIPSIS = "…"

_NUMBER = re.compile(r"[¥￥$€£+\-]?\d+(?:[.,:/\-~～–]\d+)*(?:%|‰|[A-Za-z]+)?")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'’\-&]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


@lru_cache(maxsize=256)
def load_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    from tools.fonts import open_font

    return open_font(path, index, size)  # a file that is not a font: a readable BackendUnavailable


@dataclass(frozen=True)
class Unit:
    """An unbreakable piece of text: a CJK character with its glued punctuation, a Latin word,
    a number with its unit."""

    text: str
    start: int  # offset in the source text
    space_before: bool = False
    hard_break_before: bool = False


def _jieba_boundaries(text: str) -> set[int] | None:
    """Offsets where jieba ends a word (the process's one dictionary, tools/words.py); None when
    jieba is not installed."""
    try:
        from tools.words import word_ends

        return word_ends(text)
    except ImportError:
        return None


@lru_cache(maxsize=2048)
def segment(text: str) -> tuple[tuple[Unit, ...], frozenset[int]]:
    """Split text into units; also return the word boundaries used to rank Chinese breaks."""
    boundaries = _jieba_boundaries(text)
    raw: list[Unit] = []
    position, space, hard = 0, False, False
    while position < len(text):
        char = text[position]
        if char == "\n":
            hard, space = True, False
            position += 1
            continue
        if char.isspace():
            space = bool(raw) and not hard
            position += 1
            continue
        match = _NUMBER.match(text, position) if (char.isdigit() or char in "¥￥$€£+-") else None
        if match and not any(c.isdigit() for c in match.group()):
            match = None
        if match is None and char.isascii() and char.isalpha():
            match = _LATIN.match(text, position)
        if match is not None:
            end = match.end()
            if match.re is _NUMBER:
                end = _unit_after_number(text, end, boundaries)
            piece = text[position:end]
        else:
            piece = char
        raw.append(Unit(piece, position, space, hard))
        position += len(piece)
        space = hard = False
    return tuple(_glue_punctuation(raw)), frozenset(boundaries or ())


def _unit_after_number(text: str, end: int, boundaries: set[int] | None) -> int:
    """888金币 / 50元 / 7天: keep a short Chinese unit word on the number."""
    if end >= len(text) or not is_cjk(text[end]):
        return end
    if boundaries is not None and end in boundaries:
        following = min((b for b in boundaries if b > end), default=end)
        if following - end <= 2 and all(is_cjk(c) for c in text[end:following]):
            return following
    return end + 1 if text[end] in UNIT_CHARS else end


def _glue_punctuation(units: list[Unit]) -> list[Unit]:
    """Closing punctuation joins the unit before it; opening punctuation the unit after it."""
    glued: list[Unit] = []
    for unit in units:
        previous = glued[-1] if glued else None
        if (previous is not None and not unit.space_before and not unit.hard_break_before
                and (unit.text[0] in NO_LINE_START or previous.text[-1] in NO_LINE_END)):
            glued[-1] = Unit(previous.text + unit.text, previous.start, previous.space_before,
                             previous.hard_break_before)
        else:
            glued.append(unit)
    return glued


# ------------------------------------------------------------------------------------------
# Measuring


@dataclass(frozen=True)
class Metrics:
    """Vertical ink extent of a face at a size: baseline-relative, in pixels."""

    ascent: int  # ink above the baseline (国, H, d, （)
    descent: int  # ink below it (g, j, y)


@lru_cache(maxsize=512)
def ink_metrics(path: str, index: int, size: int) -> Metrics:
    font = load_font(path, index, size)
    top = font.getbbox("国Hd好（Ág", anchor="ls")[1]
    bottom = font.getbbox("国gjy，", anchor="ls")[3]
    return Metrics(max(0, -top), max(0, bottom))


def join_units(units: list[Unit] | tuple[Unit, ...]) -> str:
    parts = []
    for position, unit in enumerate(units):
        if position and unit.space_before:
            parts.append(" ")
        parts.append(unit.text)
    return "".join(parts)


# ------------------------------------------------------------------------------------------
# Breaking


def _break_cost(units: tuple[Unit, ...], index: int, boundaries: frozenset[int]) -> float:
    """Cost of starting a new line at units[index] (negative: a good place to break)."""
    unit, previous = units[index], units[index - 1]
    if unit.space_before:
        return -6.0
    if previous.text[-1] in SOFT_BREAK_AFTER:
        return -8.0
    if boundaries and is_cjk(previous.text[-1]) and is_cjk(unit.text[0]) and unit.start not in boundaries:
        return 24.0  # inside a Chinese word
    if not (is_cjk(previous.text[-1]) and is_cjk(unit.text[0])):
        return 4.0  # between Chinese and Latin: allowed, but a little abrupt
    return 0.0


def greedy_lines(widths: list[float], gaps: list[float], hard: list[bool], limit: float) -> int | None:
    """The fewest lines the units can take within `limit`; None if one unit alone is too wide."""
    lines, current = 1, 0.0
    for index, width in enumerate(widths):
        if width > limit:
            return None
        if index == 0:
            current = width
            continue
        extended = current + gaps[index] + width
        if hard[index] or extended > limit:
            lines += 1
            current = width
        else:
            current = extended
    return lines


def balanced_breaks(units: tuple[Unit, ...], widths: list[float], gaps: list[float], limit: float,
                    lines: int, boundaries: frozenset[int], balance: bool) -> list[int] | None:
    """Line starts (unit indices, first is 0) for exactly `lines` lines, each within `limit`.

    Dynamic programming over break points. The cost is the squared slack of each line (all
    lines when balancing a title, all but the last for running text) plus the break costs; a
    line of a single Chinese character (an orphan) costs heavily.
    """
    count = len(units)
    prefix = [0.0]
    for width in widths:
        prefix.append(prefix[-1] + width)
    gap_prefix = [0.0]
    for gap in gaps:
        gap_prefix.append(gap_prefix[-1] + gap)
    hard_positions = [i for i, unit in enumerate(units) if unit.hard_break_before and i > 0]

    def width_of(start: int, end: int) -> float:
        return prefix[end] - prefix[start] + gap_prefix[end] - gap_prefix[start + 1]

    def line_cost(start: int, end: int, last: bool) -> float | None:
        if any(start < h < end for h in hard_positions):
            return None
        width = width_of(start, end)
        if width > limit:
            return None
        slack = (limit - width) / limit
        cost = 0.0 if (last and not balance) else 100.0 * slack * slack
        if lines > 1 and end - start == 1:
            # A line of one Chinese character is an orphan; one short word alone is a widow.
            cost += 1000.0 if (len(units[start].text) == 1 and is_cjk(units[start].text)) else 40.0
        return cost

    inf = float("inf")
    best = [[inf] * (count + 1) for _ in range(lines + 1)]
    back = [[-1] * (count + 1) for _ in range(lines + 1)]
    best[0][0] = 0.0
    for k in range(1, lines + 1):
        last = k == lines
        for end in range(k, count + 1):
            if last and end != count:
                continue
            for start in range(k - 1, end):
                if best[k - 1][start] == inf:
                    continue
                cost = line_cost(start, end, last)
                if cost is None:
                    continue
                total = best[k - 1][start] + cost
                if end < count:
                    total += _break_cost(units, end, boundaries)
                if total < best[k][end]:
                    best[k][end] = total
                    back[k][end] = start
    if best[lines][count] == inf:
        return None
    starts, end = [], count
    for k in range(lines, 0, -1):
        start = back[k][end]
        starts.append(start)
        end = start
    return starts[::-1]


# ------------------------------------------------------------------------------------------
# Fitting


@dataclass(frozen=True)
class TextFit:
    size: int
    lines: list[str]
    stroke_width: int
    fits: bool
    width: int  # widest line's ink, stroke included
    height: int  # ink block height, stroke included


def block_height(metrics: Metrics, size: int, lines: int, line_height: float, stroke: int) -> int:
    return (lines - 1) * round(line_height * size) + metrics.ascent + metrics.descent + 2 * stroke


def fit_text(text: str, font_path: str | Path, font_index: int, box_w: int, box_h: int, *,
             max_size: int, min_size: int, max_lines: int, line_height: float = 1.25,
             stroke_ratio: float = 0.0, balance: bool = True, align: str = "center") -> TextFit:
    """The largest size whose balanced lines fit the box (see the module docstring)."""
    path = str(font_path)
    min_size = max(4, min(min_size, max_size))
    units, boundaries = segment(text.strip())
    if not units:
        return TextFit(max_size, [], _stroke(max_size, stroke_ratio), True, 0, 0)

    def feasible(size: int) -> int | None:
        """Line count at this size when it fits, else None."""
        font, stroke = load_font(path, font_index, size), _stroke(size, stroke_ratio)
        limit = box_w - 2 * stroke
        widths = [font.getlength(unit.text) for unit in units]
        gaps = [font.getlength(" ") if unit.space_before else 0.0 for unit in units]
        hard = [unit.hard_break_before for unit in units]
        count = greedy_lines(widths, gaps, hard, limit) if limit > 0 else None
        if count is None or count > max_lines:
            return None
        metrics = ink_metrics(path, font_index, size)
        if block_height(metrics, size, count, line_height, stroke) > box_h:
            return None
        return count

    # Sizes are searched from the top; the line count grows with the size, so binary search
    # finds the boundary and the loop below settles on a size whose real glyph boxes fit.
    low, high = min_size, max_size
    if feasible(low) is None:
        return _overflow_fit(units, path, font_index, box_w, box_h, min_size, max_lines, line_height,
                             stroke_ratio, align)
    while low < high:
        middle = (low + high + 1) // 2
        if feasible(middle) is not None:
            low = middle
        else:
            high = middle - 1
    for size in range(low, min_size - 1, -1):
        count = feasible(size)
        if count is None:
            continue
        result = _lay_out(units, boundaries, path, font_index, size, box_w, box_h, count, line_height,
                          stroke_ratio, balance, align)
        if result is not None:
            return result
    return _overflow_fit(units, path, font_index, box_w, box_h, min_size, max_lines, line_height,
                         stroke_ratio, align)


def _stroke(size: int, ratio: float) -> int:
    return max(1, round(size * ratio)) if ratio > 0 else 0


def _lay_out(units: tuple[Unit, ...], boundaries: frozenset[int], path: str, index: int, size: int,
             box_w: int, box_h: int, count: int, line_height: float, stroke_ratio: float,
             balance: bool, align: str) -> TextFit | None:
    font, stroke = load_font(path, index, size), _stroke(size, stroke_ratio)
    limit = box_w - 2 * stroke
    widths = [font.getlength(unit.text) for unit in units]
    gaps = [font.getlength(" ") if unit.space_before else 0.0 for unit in units]
    starts = balanced_breaks(units, widths, gaps, limit, count, boundaries, balance)
    if starts is None:
        return None
    bounds = starts[1:] + [len(units)]
    lines = [join_units(units[a:b]) for a, b in zip(starts, bounds)]
    width, height = measure_block(lines, path, index, size, line_height, stroke, align)
    if width > box_w or height > box_h:
        return None  # kerning or a tall accent: the caller tries one size smaller
    return TextFit(size, lines, stroke, True, width, height)


def measure_block(lines: list[str], path: str, index: int, size: int, line_height: float,
                  stroke: int, align: str = "center") -> tuple[int, int]:
    """Room the lines need when `draw_lines` sets them with this alignment: (width, height),
    from the real glyph boxes with the stroke, so a fit that passes never leaves its box."""
    if not lines:
        return 0, 0
    font = load_font(path, index, size)
    metrics = ink_metrics(path, index, size)
    step = round(line_height * size)
    widest, top, bottom = 0, -metrics.ascent, (len(lines) - 1) * step + metrics.descent
    anchor = {"left": "ls", "right": "rs"}.get(align, "ms")
    for number, line in enumerate(lines):
        x0, y0, x1, y1 = font.getbbox(line, anchor=anchor, stroke_width=stroke)
        if anchor == "ms":  # centred on the box: the wider half decides
            need = 2 * max(-x0, x1)
        elif anchor == "ls":  # origin sits `stroke` inside the left edge
            need = max(x1 + stroke, 0) + max(0, -(x0 + stroke))
        else:  # origin sits `stroke` inside the right edge
            need = max(stroke - x0, 0) + max(0, x1 - stroke)
        widest = max(widest, need, round(font.getlength(line)) + 2 * stroke)
        top = min(top, y0 + number * step)
        bottom = max(bottom, y1 + number * step)
    top = min(top, -metrics.ascent - stroke)
    bottom = max(bottom, (len(lines) - 1) * step + metrics.descent + stroke)
    return int(widest), int(bottom - top)


def _overflow_fit(units: tuple[Unit, ...], path: str, index: int, box_w: int, box_h: int, size: int,
                  max_lines: int, line_height: float, stroke_ratio: float, align: str) -> TextFit:
    """Nothing fits at the minimum size: keep what fits inside the box, end with …, fits=False."""
    font, stroke = load_font(path, index, size), _stroke(size, stroke_ratio)
    limit = max(1, box_w - 2 * stroke)
    metrics = ink_metrics(path, index, size)
    step = round(line_height * size)
    room = box_h - metrics.ascent - metrics.descent - 2 * stroke
    allowed = 0 if room < 0 else min(max_lines, room // step + 1)
    if allowed == 0:
        return TextFit(size, [], stroke, False, 0, 0)
    # Greedy by units (禁则 still holds); only a unit wider than the box is cut by characters.
    lines: list[str] = []
    current = ""
    for unit in units:
        pieces = [unit.text] if font.getlength(unit.text) <= limit else list(unit.text)
        for number, piece in enumerate(pieces):
            joiner = " " if (number == 0 and unit.space_before and current and not unit.hard_break_before) else ""
            candidate = current + joiner + piece
            if current and (unit.hard_break_before and number == 0 or font.getlength(candidate) > limit):
                lines.append(current)
                current = piece
            else:
                current = candidate
    if current:
        lines.append(current)
    truncated = len(lines) > allowed
    lines = lines[:allowed]
    if truncated:
        last = lines[-1]
        while last and font.getlength(last + ELLIPSIS) > limit:
            last = last[:-1]
        lines[-1] = last.rstrip() + ELLIPSIS
    # The last guard: drop characters until the real glyph boxes are inside.
    width, height = measure_block(lines, path, index, size, line_height, stroke, align)
    while lines and (width > box_w or height > box_h):
        last = lines[-1].rstrip(ELLIPSIS)[:-1]
        lines = lines[:-1] + ([last + ELLIPSIS] if last else [])
        width, height = measure_block(lines, path, index, size, line_height, stroke, align)
    return TextFit(size, lines, stroke, False, width, height)


# ------------------------------------------------------------------------------------------
# Drawing


def line_origins(lines: list[str], path: str, index: int, size: int, box: tuple[int, int, int, int],
                 align: str, valign: str, line_height: float, stroke: int) -> list[tuple[int, int, str]]:
    """(x, baseline y, Pillow anchor) for each line, positioned in the box."""
    metrics = ink_metrics(path, index, size)
    step = round(line_height * size)
    x, y, w, h = box
    block = block_height(metrics, size, len(lines), line_height, stroke)
    if valign == "top":
        top = y
    elif valign == "bottom":
        top = y + h - block
    else:
        top = y + (h - block) // 2
    first = top + stroke + metrics.ascent
    if align == "left":
        origin_x, anchor = x + stroke, "ls"
    elif align == "right":
        origin_x, anchor = x + w - stroke, "rs"
    else:
        origin_x, anchor = x + w // 2, "ms"
    return [(origin_x, first + number * step, anchor) for number in range(len(lines))]


def draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], path: str, index: int, size: int,
               box: tuple[int, int, int, int], *, align: str, valign: str, line_height: float,
               fill, stroke: int = 0, stroke_fill=None) -> None:
    font = load_font(path, index, size)
    for line, (x, y, anchor) in zip(lines, line_origins(lines, path, index, size, box, align, valign,
                                                         line_height, stroke)):
        draw.text((x, y), line, font=font, fill=fill, anchor=anchor,
                  stroke_width=stroke, stroke_fill=stroke_fill if stroke else None)
