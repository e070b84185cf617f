"""Layouts as data: each layout is a YAML file in prompts/layouts/, read into `LayoutSpec`.

A layout file says which formats it is for, what the ground is (background gradient, cards and
colour fields with their shapes, the glow), where the subject, pedestal, copy, button and close
button go (fractions of the canvas), the type sizes, the decoration slots and the areas
decorations keep clear of, with overrides for a poster without a subject (`no_subject`) and one
with a pedestal (`with_pedestal`), and the briefs it suits (`suits`, used by `rank_layouts`).
Colours are palette roles (`main`, `second`, `accent`, `deep`, `white`) or small expressions of
them (`lighten(second, 0.35)`, `mix(main, second, 0.55)`, `darken(main, 0.1)`); no file holds code.

Adding a layout means adding a file: shipped ones live in prompts/layouts/, and
`HUABAO_PROMPTS_DIR/layouts/` adds (or replaces, by name) more. `build_frame` turns a layout into
the pixel geometry compose draws (`Frame`).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tools.colors import RGB, darken, lighten, mix, parse_hex, relative_luminance
from tools.errors import SpecError
from tools.formats import Format
from tools.layout import Theme, to_hex
from tools.render import podium_top
from tools.spec import Box, Layer

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "prompts" / "layouts"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

FBox = tuple[float, float, float, float]  # x, y, w, h as fractions of the canvas
Unit = Literal["width", "height", "min"]


# ------------------------------------------------------------------------------------------
# Colour expressions: palette roles, never code


_ROLES = ("main", "second", "accent", "deep", "white", "black")
_TOKEN = re.compile(r"\s*(#[0-9a-fA-F]{6}|[a-z]+|[0-9]*\.?[0-9]+|[(),])")


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ValueError(f"colour “{text}”: cannot read it from “{text[position:]}”")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def check_colour(text: str) -> str:
    """Raise ValueError unless `text` is a colour expression (checked against a sample theme)."""
    resolve_colour(text, Theme.from_palette([(230, 57, 48), (255, 204, 41)]))
    return text


def resolve_colour(text: str, theme: Theme) -> RGB:
    """`main`, `lighten(second, 0.35)`, `mix(main, second, 0.55)`, `darken(deep, 0.2)` or #rrggbb."""
    tokens = _tokens(text)
    position = 0

    def take(expected: str | None = None) -> str:
        nonlocal position
        if position >= len(tokens):
            raise ValueError(f"colour “{text}” ends too early")
        token = tokens[position]
        if expected is not None and token != expected:
            raise ValueError(f"colour “{text}”: expected “{expected}”, found “{token}”")
        position += 1
        return token

    def number() -> float:
        token = take()
        try:
            return float(token)
        except ValueError:
            raise ValueError(f"colour “{text}”: “{token}” is not a number") from None

    def expression() -> RGB:
        token = take()
        if token.startswith("#"):
            return parse_hex(token)
        if token in _ROLES:
            return {"main": theme.main, "second": theme.second, "accent": theme.accent, "deep": theme.deep,
                    "white": (255, 255, 255), "black": (20, 20, 24)}[token]
        if token in ("lighten", "darken"):
            take("(")
            colour = expression()
            take(",")
            amount = number()
            take(")")
            return lighten(colour, amount) if token == "lighten" else darken(colour, amount)
        if token == "mix":
            take("(")
            first = expression()
            take(",")
            second = expression()
            take(",")
            amount = number()
            take(")")
            return mix(first, second, amount)
        raise ValueError(f"colour “{text}”: “{token}” is not one of {', '.join(_ROLES)}, lighten, darken, mix or #hex")

    colour = expression()
    if position != len(tokens):
        raise ValueError(f"colour “{text}”: unexpected “{tokens[position]}”")
    return colour


# ------------------------------------------------------------------------------------------
# The schema


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Bilingual(_Strict):
    en: str
    zh: str


class Paint(_Strict):
    """A fill: one colour, or gradient stops in order."""

    stops: list[str] = Field(min_length=1)
    direction: Literal["vertical", "horizontal", "diagonal", "radial"] = "vertical"

    @field_validator("stops")
    @classmethod
    def _colours(cls, stops: list[str]) -> list[str]:
        return [check_colour(stop) for stop in stops]


class ShapeSpec(_Strict):
    """A card or a colour field, drawn under the subject and the copy."""

    id: str
    box: FBox
    shape: Literal["rounded", "ticket", "envelope-flap", "top-rounded", "polygon"] = "rounded"
    radius: float = Field(0.0, description="Corner radius as a fraction of the canvas width.")
    notch: float = Field(0.6, description="ticket: where the notches and perforation sit, down the card.")
    depth: float = Field(0.25, description="envelope-flap: how far the arc dips, as a share of the box height.")
    points: list[tuple[float, float]] = Field(default_factory=list, description="polygon: corners in box fractions.")
    paint: Paint
    outline: str | None = None
    outline_width: float = Field(0.0, description="Fraction of the canvas width.")
    opacity: float = Field(1.0, ge=0.0, le=1.0)
    takes_image: bool = Field(False, description="A background image the request names fills this shape.")
    with_subject: bool = Field(False, description="The subject's panel: when copy that does not fit takes room "
                                                  "from the subject, this shape gives way with its region.")
    name: Bilingual | None = None

    @field_validator("outline")
    @classmethod
    def _outline(cls, value: str | None) -> str | None:
        return None if value is None else check_colour(value)


class GlowSpec(_Strict):
    style: Literal["soft", "rays"] = "soft"
    centre: Literal["subject"] | tuple[float, float] = "subject"
    empty_centre: tuple[float, float] = Field((0.5, 0.3), description="Where the glow sits with no subject.")
    size: float = Field(1.0, description="Side as a fraction of the layout's unit.")
    subject_size: float = Field(0.0, description="At least this many times the subject's side.")
    colour: str = "lighten(second, 0.65)"
    opacity: float = Field(0.5, ge=0.0, le=1.0)
    empty_opacity: float | None = None

    @field_validator("colour")
    @classmethod
    def _colour(cls, value: str) -> str:
        return check_colour(value)


class GroundSpec(_Strict):
    background: Paint | None = Field(None, description="The full-canvas gradient; None for a popup's app backdrop.")
    dark_main_safe: bool = Field(True, description="A near-black main colour keeps the background dark.")
    backdrop_dim: float | None = Field(None, description="Popups: the app behind, dimmed this much.")
    shapes: list[ShapeSpec] = Field(default_factory=list)
    glow: GlowSpec | None = None


class SubjectSpec(_Strict):
    region: FBox = Field(description="The subject square is fitted in here.")
    share: float = Field(0.15, description="Default subject area / canvas area.")
    side: tuple[float, float] = Field((0.2, 0.6), description="Smallest and largest side, in units.")
    align: tuple[float, float] = Field((0.5, 0.5), description="Where the square sits in its region (0..1).")


class PedestalSpec(_Strict):
    ground: float = Field(description="The podium's foot, as a fraction of the height.")
    centre: float = 0.5
    scale: float = Field(0.9, description="The subject's width on the podium, × its own side.")
    fit: float = Field(1.0, description="The subject is at most this share of its region's height.")


class CopySpec(_Strict):
    box: FBox
    align: Literal["left", "center", "right"] = "center"
    after_subject: float | None = Field(None, description="The copy starts this far (× height) under the "
                                                          "subject or its pedestal when they reach lower.")


class TextSpec(_Strict):
    unit: Unit = "width"
    title: tuple[float, float, int]
    subtitle: tuple[float, float, int]
    body: tuple[float, float, int]
    cta: tuple[float, float, int]


class ButtonSpec(_Strict):
    height: float = Field(description="Fraction of the canvas height.")
    width: tuple[float, float] = Field(description="Narrowest and widest, fractions of the canvas width.")
    top: float | None = Field(None, description="Fixed top (fraction of the height); None: right under the copy.")
    style: str = "glossy"


class CloseSpec(_Strict):
    centre: tuple[float, float]
    side: float = 0.075


class LogoSpec(_Strict):
    """The brand logo's safe zone: the logo keeps its shape and is fitted into `box`, placed at
    `align` inside it (0..1 across and down: [0, 0] top-left, [1, 0] top-right)."""

    box: FBox
    align: tuple[float, float] = (0.0, 0.0)


class Slot(_Strict):
    """A decoration's centre: `at` over the reference box (canvas, subject, or a shape by id),
    moved by dx, dy (fractions of the canvas); its side a fraction of the unit."""

    of: str = "canvas"
    at: tuple[float, float]
    dx: float = 0.0
    dy: float = 0.0
    size: float


class DecorationSpec(_Strict):
    max: int = 4
    slots: list[Slot] = Field(default_factory=list)


class Suits(_Strict):
    """The briefs a layout is good for: used to rank layouts, never to refuse one."""

    title_chars: tuple[int, int] = (0, 40)
    copy_chars: tuple[int, int] = Field((0, 200), description="Title + subtitle + body.")
    subjects: tuple[int, int] = (0, 9)
    pictures: tuple[int, int] = Field((0, 20), description="Subject and decorations together.")
    languages: list[Literal["zh", "en"]] = Field(default_factory=lambda: ["zh", "en"])
    themes: list[str] = Field(default_factory=list, description="Words in the brief that favour this layout.")
    weight: float = Field(0.0, description="A small bias between otherwise equal layouts.")


class LayoutSpec(_Strict):
    name: str
    formats: list[str] = Field(min_length=1)
    default_for: list[str] = Field(default_factory=list, description="Formats whose `auto` layout this is.")
    description: Bilingual
    unit: Unit = "width"
    ground: GroundSpec
    subject: SubjectSpec
    pedestal: PedestalSpec | None = None
    copy_spec: CopySpec = Field(alias="copy")
    text: TextSpec
    button: ButtonSpec
    close: CloseSpec | None = None
    logo: LogoSpec | None = Field(None, description="The brand logo's zone; None: a corner inside the safe "
                                                    "margins clear of the copy, subject and close button.")
    decorations: DecorationSpec = Field(default_factory=DecorationSpec)
    keep_clear: list[Literal["copy", "button"] | FBox] = Field(default_factory=lambda: ["copy"])
    suits: Suits = Field(default_factory=Suits)
    no_subject: dict[str, Any] = Field(default_factory=dict, description="Overrides without a subject.")
    with_pedestal: dict[str, Any] = Field(default_factory=dict, description="Overrides with a pedestal.")
    path: str = ""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError("a layout name is lower-case letters, digits and dashes")
        return value


# ------------------------------------------------------------------------------------------
# Loading


def layout_folders(prompts_dir: Path | None = None) -> list[Path]:
    """Shipped layouts first; `HUABAO_PROMPTS_DIR/layouts/` after them overrides by name."""
    folders = [SHIPPED_DIR]
    if prompts_dir is not None:
        folders.append(Path(prompts_dir) / "layouts")
    return folders


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


_CACHE: dict[tuple, dict[str, dict[str, Any]]] = {}


def _raw_layouts(folders: tuple[Path, ...]) -> dict[str, dict[str, Any]]:
    """name → the file's data (checked in all three variants), re-read when a file changes."""
    files = sorted((path for folder in folders if folder.is_dir() for path in folder.glob("*.yaml")),
                   key=lambda p: (folders.index(next(f for f in folders if p.parent == f)), p.name))
    key = tuple((str(path), path.stat().st_mtime_ns) for path in files)
    if key in _CACHE:
        return _CACHE[key]
    layouts: dict[str, dict[str, Any]] = {}
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            raise SpecError(f"layout file {path.name} is not valid YAML: {err}") from err
        if not isinstance(data, dict):
            raise SpecError(f"layout file {path.name} must be a mapping of fields")
        data["path"] = str(path)
        data.setdefault("name", path.stem)
        for has_subject in (True, False):
            for pedestal in (False, True):
                _validated(data, has_subject, pedestal)
        layouts[data["name"]] = data
    _CACHE.clear()
    _CACHE[key] = layouts
    return layouts


def _validated(data: dict[str, Any], has_subject: bool, pedestal: bool) -> LayoutSpec:
    merged = dict(data)
    if pedestal and has_subject:
        merged = _merge(merged, data.get("with_pedestal") or {})
    if not has_subject:
        merged = _merge(merged, data.get("no_subject") or {})
    try:
        return LayoutSpec.model_validate(merged)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()[:4])
        raise SpecError(f"layout file {Path(data.get('path', '?')).name} is not a valid layout ({problems})") from err


def layout_names(prompts_dir: Path | None = None) -> list[str]:
    return sorted(_raw_layouts(tuple(layout_folders(prompts_dir))))


def load_layouts(prompts_dir: Path | None = None) -> dict[str, LayoutSpec]:
    """Every layout by name, as written (no overrides applied)."""
    return {name: _validated(data, True, False)
            for name, data in sorted(_raw_layouts(tuple(layout_folders(prompts_dir))).items())}


def check_layout_name(name: str, prompts_dir: Path | None = None) -> str:
    """`name` if it is `auto` or a layout's, else a SpecError that lists them (the one message every
    caller gives: compose, the template files, `huabao make --layout`)."""
    names = layout_names(prompts_dir)
    if name != "auto" and name not in names:
        raise SpecError(f"unknown layout “{name}”: use auto or one of {', '.join(names)}")
    return name


def get_layout(name: str, *, has_subject: bool = True, pedestal: bool = False,
               prompts_dir: Path | None = None) -> LayoutSpec:
    """The layout called `name`, with its no-subject / pedestal overrides applied."""
    check_layout_name(name, prompts_dir)
    return _validated(_raw_layouts(tuple(layout_folders(prompts_dir)))[name], has_subject, pedestal)


def default_layout(fmt: Format, prompts_dir: Path | None = None) -> str:
    """The `auto` layout of a format: the file that names it in `default_for`, else the format's own."""
    for name, layout in load_layouts(prompts_dir).items():
        if fmt.name in layout.default_for:
            return name
    return fmt.default_layout


def layouts_for_format(fmt: Format, prompts_dir: Path | None = None) -> list[str]:
    """Layouts made for this format (a custom size counts as the preset it resembles)."""
    kind = fmt.name if fmt.name in ("popup", "poster", "banner", "square") else fmt.default_layout
    kind = "popup" if kind == "popup-breakout" else kind
    return [name for name, layout in load_layouts(prompts_dir).items() if kind in layout.formats]


# ------------------------------------------------------------------------------------------
# Ranking


class BriefFacts(BaseModel):
    """What ranking needs to know about a brief."""

    format: str
    title: str = ""
    subtitle: str = ""
    body: str = ""
    language: Literal["zh", "en"] = "zh"
    subjects: int = 1
    decorations: int = 0
    theme: str = Field("", description="Free words: the brief, its theme, its template.")


def _score(layout: LayoutSpec, facts: BriefFacts) -> float:
    suits = layout.suits
    score = suits.weight
    title = len(facts.title.strip())
    copy = title + len(facts.subtitle.strip()) + len(facts.body.strip())
    if facts.language == "en":  # an English letter takes about half a Chinese character's width
        title, copy = title // 2, copy // 2
    score += 1.0 if suits.title_chars[0] <= title <= suits.title_chars[1] else -1.5
    score += 1.0 if suits.copy_chars[0] <= copy <= suits.copy_chars[1] else -1.5
    score += 1.0 if suits.subjects[0] <= facts.subjects <= suits.subjects[1] else -2.0
    pictures = facts.subjects + facts.decorations
    score += 0.5 if suits.pictures[0] <= pictures <= suits.pictures[1] else -2.0  # no empty tiles
    score += 0.5 if facts.language in suits.languages else -1.0
    theme = facts.theme.lower()
    score += sum(1.5 for word in suits.themes if word.lower() in theme)
    return score


def rank_layouts(facts: BriefFacts, fmt: Format, prompts_dir: Path | None = None) -> list[tuple[str, float]]:
    """The format's layouts, best first, each with its score; the format's default wins ties."""
    default = default_layout(fmt, prompts_dir)
    layouts = load_layouts(prompts_dir)
    scored = [(name, round(_score(layouts[name], facts), 3)) for name in layouts_for_format(fmt, prompts_dir)]
    return sorted(scored, key=lambda item: (-item[1], item[0] != default, item[0]))


def variant_layouts(facts: BriefFacts, fmt: Format, count: int, prompts_dir: Path | None = None,
                    first: str | None = None, holds_copy: Callable[[str], bool] | None = None) -> list[str]:
    """`count` layouts for N variants of one brief: `first` (a template's own layout) or the
    ranking's best first, each different while the format has layouts enough, then round again.
    Layouts that score far below the best (a collage with no pictures to fill its tiles) come
    only once the good ones are used; with `holds_copy` (layout name → every word printed), so do
    layouts that would cut words of the copy."""
    ranked = rank_layouts(facts, fmt, prompts_dir)
    if not ranked:
        return [first or default_layout(fmt, prompts_dir)] * count
    best = ranked[0][1]
    good = [name for name, score in ranked if score >= best - 2.0] or [ranked[0][0]]
    order = good + [name for name, _ in ranked if name not in good]
    if holds_copy is not None:
        holding = {name: holds_copy(name) for name in order}
        order = [name for name in order if holding[name]] + [name for name in order if not holding[name]]
    if first:
        order = [first] + [name for name in order if name != first]
    return [order[number % len(order)] for number in range(count)]


# ------------------------------------------------------------------------------------------
# Geometry


@dataclass
class TextSizes:
    max: int
    min: int
    lines: int


@dataclass
class Frame:
    ground: list[Layer]  # background, backdrop, cards, glow: bottom to top
    subject_box: Box | None
    pedestal_box: Box | None
    copy_box: Box  # title / subtitle / body stack
    copy_align: str
    sizes: dict[str, TextSizes]
    button_height: int
    button_width: tuple[int, int]  # min, max
    button_y: int | None  # fixed top of the CTA; None: right under the copy stack
    deco_slots: list[tuple[float, float, float]]  # centre x, centre y, size
    max_decorations: int
    close_box: Box | None = None
    keep_clear: list[Box] = field(default_factory=list)
    button_style: str = "glossy"
    logo_box: Box | None = None  # where a brand's logo may go (None: nowhere clear)
    logo_align: tuple[float, float] = (0.0, 0.0)


def _box(x: float, y: float, w: float, h: float) -> Box:
    return (round(x), round(y), max(1, round(w)), max(1, round(h)))


def _square_centered(cx: float, cy: float, side: float) -> Box:
    return _box(cx - side / 2, cy - side / 2, side, side)


def _pixels(box: FBox, W: int, H: int) -> tuple[float, float, float, float]:
    return box[0] * W, box[1] * H, box[2] * W, box[3] * H


def _unit(unit: Unit, W: int, H: int) -> float:
    return {"width": W, "height": H, "min": min(W, H)}[unit]


def stand_on_podium(subject_w: float, centre_x: float, ground_y: float, fmt: Format) -> tuple[Box, Box]:
    """A podium whose bottom sits at ground_y, and the subject box standing on its top face."""
    width = min(subject_w * 1.3, fmt.width * 0.92)
    height = width * 0.46
    podium = _box(centre_x - width / 2, ground_y - height, width, height)
    stand = podium_top(podium) + round(width * 0.8 * 0.24 * 0.12)
    subject = _box(centre_x - subject_w / 2, stand - subject_w, subject_w, subject_w)
    return subject, podium


def _ground_stops(theme: Theme, stops: list[RGB]) -> list[RGB]:
    """A near-black main colour stays dark and lets the second colour show in the glow and the
    button (black-and-gold), instead of mixing into a muddy brown."""
    if relative_luminance(theme.main) < 0.04:
        return [lighten(theme.main, 0.14), theme.main, lighten(theme.main, 0.06)]
    return stops


def _shape_style(shape: ShapeSpec) -> str | None:
    """The render style string a shape travels as (render.py draws it from this alone)."""
    if shape.shape == "ticket":
        return f"ticket:{shape.notch:g}"
    if shape.shape == "envelope-flap":
        return f"flap:{shape.depth:g}"
    if shape.shape == "top-rounded":
        return "top-rounded"
    if shape.shape == "polygon":
        return "polygon:" + ";".join(f"{x:g},{y:g}" for x, y in shape.points)
    return None


@dataclass
class BuildInputs:
    """What build_frame needs from the request (kept small so this module needs no compose)."""

    subject_share: float | None
    has_subject: bool
    pedestal: bool
    background: str  # gradient | solid | an image path (already checked)
    background_image: str | None
    language: Literal["zh", "en"] = "zh"
    logo: bool = False  # a brand logo is placed: the frame gets its zone and the copy gives way to it
    copy_grow: float = 0.0  # share of the subject's region handed to the copy beside it (copy that does not fit)


def build_frame(layout: LayoutSpec, fmt: Format, theme: Theme, inputs: BuildInputs) -> Frame:
    """The layout's geometry in pixels on this canvas."""
    W, H = fmt.width, fmt.height
    unit = _unit(layout.unit, W, H)
    solid = inputs.background == "solid"

    # -- subject and pedestal
    subject_box = pedestal_box = None
    spec = layout.subject
    rx, ry, rw, rh = _pixels(spec.region, W, H)
    copy = layout.copy_spec
    cx, cy, cw, ch = _pixels(copy.box, W, H)
    given_way = (0.0, 0.0, 0.0, 0.0)  # how the region's x, y, w, h moved for the copy: its panel moves alike
    if inputs.copy_grow > 0 and inputs.has_subject:
        region, (cx, cy, cw, ch) = copy_takes_room((rx, ry, rw, rh), (cx, cy, cw, ch), inputs.copy_grow)
        given_way = (region[0] - rx, region[1] - ry, region[2] - rw, region[3] - rh)
        rx, ry, rw, rh = region
    share = inputs.subject_share if inputs.subject_share is not None else spec.share
    side = min(spec.side[1] * unit, max(spec.side[0] * unit, math.sqrt(share * W * H)))
    side = min(side, rw, rh)
    if inputs.has_subject:
        if inputs.pedestal and layout.pedestal is not None:
            podium = layout.pedestal
            subject_w = min(side, rh * podium.fit) * podium.scale
            subject_box, pedestal_box = stand_on_podium(subject_w, podium.centre * W, podium.ground * H, fmt)
        else:
            ax, ay = spec.align
            subject_box = _box(rx + (rw - side) * ax, ry + (rh - side) * ay, side, side)

    # -- ground
    ground: list[Layer] = []
    if layout.ground.backdrop_dim is not None:
        ground.append(Layer(id="backdrop", kind="backdrop", name="backdrop", box=(0, 0, W, H),
                            fill=[to_hex(theme.main)], dim=layout.ground.backdrop_dim))
    if layout.ground.background is not None:
        paint = layout.ground.background
        stops = [resolve_colour(stop, theme) for stop in paint.stops]
        if layout.ground.dark_main_safe:
            stops = _ground_stops(theme, stops)
        ground.append(Layer(id="background", kind="background", name="background", box=(0, 0, W, H),
                            source=inputs.background_image, fit="cover", style="solid" if solid else "gradient",
                            fill=[to_hex(c) for c in (stops[:1] if solid else stops)],
                            gradient=paint.direction))
    shape_boxes: dict[str, Box] = {}
    for shape in layout.ground.shapes:
        placed = _pixels(shape.box, W, H)
        if shape.with_subject:
            placed = tuple(edge + moved for edge, moved in zip(placed, given_way))  # type: ignore[assignment]
        box = _box(*placed)
        shape_boxes[shape.id] = box
        stops = [resolve_colour(stop, theme) for stop in shape.paint.stops]
        style = _shape_style(shape)
        if solid and style is None:
            style = "solid"
        ground.append(Layer(
            id=shape.id, kind="card", name=getattr(shape.name, inputs.language) if shape.name else shape.id, box=box, radius=round(shape.radius * W),
            source=inputs.background_image if shape.takes_image else None, fit="cover", style=style,
            fill=[to_hex(c) for c in (stops[:1] if solid else stops)], gradient=shape.paint.direction,
            outline=to_hex(resolve_colour(shape.outline, theme)) if shape.outline else None,
            outline_width=max(2, round(shape.outline_width * W)) if shape.outline and shape.outline_width else 0,
            opacity=shape.opacity))
    glow = layout.ground.glow
    if glow is not None:
        if glow.centre == "subject" and subject_box is not None:
            centre = (subject_box[0] + subject_box[2] / 2, subject_box[1] + subject_box[3] / 2)
        elif glow.centre == "subject":
            centre = (glow.empty_centre[0] * W, glow.empty_centre[1] * H)
        else:
            centre = (glow.centre[0] * W, glow.centre[1] * H)
        glow_side = max(glow.size * unit, glow.subject_size * side)
        opacity = glow.opacity if inputs.has_subject or glow.empty_opacity is None else glow.empty_opacity
        ground.append(Layer(id="glow", kind="glow", name="glow", box=_square_centered(*centre, glow_side),
                            style=glow.style, fill=[to_hex(resolve_colour(glow.colour, theme))], opacity=opacity))

    # -- copy and button
    if copy.after_subject is not None and subject_box is not None:
        reach = max(subject_box[1] + subject_box[3], pedestal_box[1] + pedestal_box[3] if pedestal_box else 0)
        top = max(cy, reach + copy.after_subject * H)
        ch, cy = cy + ch - top, top
    copy_box = _box(cx, cy, cw, ch)
    button = layout.button
    button_h = button.height * H
    button_y = round(button.top * H) if button.top is not None else None
    widest = button.width[1] * W
    if copy.align != "center":
        widest = min(widest, copy_box[2])

    close_box = None
    if layout.close is not None:
        close_side = layout.close.side * W
        close_cy = min(layout.close.centre[1] * H, H - close_side / 2 - 4)
        close_box = _square_centered(layout.close.centre[0] * W, close_cy, close_side)

    # -- the brand's logo: the layout's zone or a free corner; the copy gives way to it
    logo_box: Box | None = None
    logo_align: tuple[float, float] = (0.0, 0.0)
    if inputs.logo:
        fixed = [box for box in (subject_box, pedestal_box, close_box) if box is not None]
        if button_y is not None:
            fixed.append(_box(W / 2 - widest / 2 if copy.align == "center" else copy_box[0], button_y, widest,
                              button_h))
        if layout.logo is not None:
            logo_box, logo_align = _box(*_pixels(layout.logo.box, W, H)), layout.logo.align
        else:
            logo_box, logo_align = default_logo_zone(fmt, fixed, copy_box)
        if logo_box is not None:
            copy_box = copy_clear_of(copy_box, logo_box, fmt) or copy_box

    # -- decorations
    refs: dict[str, Box] = {"canvas": (0, 0, W, H), **shape_boxes}
    if subject_box is not None:
        refs["subject"] = subject_box
    slots: list[tuple[float, float, float]] = []
    for slot in layout.decorations.slots:
        ref = refs.get(slot.of)
        if ref is None:
            continue  # a subject slot on a copy-only poster
        slots.append((ref[0] + ref[2] * slot.at[0] + slot.dx * W, ref[1] + ref[3] * slot.at[1] + slot.dy * H,
                      slot.size * unit))

    keep_clear: list[Box] = []
    for item in layout.keep_clear:
        if item == "copy":
            keep_clear.append(copy_box)
        elif item == "button":
            if button_y is not None:
                keep_clear.append(_box(W / 2 - widest / 2 if copy.align == "center" else copy_box[0], button_y,
                                       widest, button_h))
        else:
            keep_clear.append(_box(*_pixels(item, W, H)))  # type: ignore[arg-type]


    text_unit = _unit(layout.text.unit, W, H)
    sizes = {role: TextSizes(max(8, round(text_unit * a)), max(8, round(text_unit * b)), lines)
             for role, (a, b, lines) in (("title", layout.text.title), ("subtitle", layout.text.subtitle),
                                         ("body", layout.text.body), ("cta", layout.text.cta))}
    return Frame(ground=ground, subject_box=subject_box, pedestal_box=pedestal_box, copy_box=copy_box,
                 copy_align=copy.align, sizes=sizes, button_height=round(button_h),
                 button_width=(round(min(button.width[0] * W, widest)), round(widest)), button_y=button_y,
                 deco_slots=slots, max_decorations=layout.decorations.max, close_box=close_box,
                 keep_clear=keep_clear, button_style=button.style, logo_box=logo_box, logo_align=logo_align)


PixelBox = tuple[float, float, float, float]


def copy_takes_room(region: PixelBox, copy: PixelBox, share: float) -> tuple[PixelBox, PixelBox]:
    """The subject's region and the copy box when the copy takes `share` of the region's extent on
    the side where they meet (copy above, under, left or right of the subject): copy that does not
    fit at its smallest sizes gets room from the picture, which is drawn smaller, rather than being
    cut. A layout whose copy lies over its subject's region keeps both as they are."""
    rx, ry, rw, rh = region
    cx, cy, cw, ch = copy
    slack = 0.02 * max(rw, rh)  # a layout's copy may touch its subject's region
    across = min(rx + rw, cx + cw) - max(rx, cx) > 0
    along = min(ry + rh, cy + ch) - max(ry, cy) > 0
    if across and ry >= cy + ch - slack:  # the subject under the copy
        give = share * rh
        return (rx, ry + give, rw, rh - give), (cx, cy, cw, ch + give)
    if across and ry + rh <= cy + slack:  # above it
        give = share * rh
        return (rx, ry, rw, rh - give), (cx, cy - give, cw, ch + give)
    if along and rx >= cx + cw - slack:  # right of it
        give = share * rw
        return (rx + give, ry, rw - give, rh), (cx, cy, cw + give, ch)
    if along and rx + rw <= cx + slack:  # left of it
        give = share * rw
        return (rx, ry, rw - give, rh), (cx - give, cy, cw + give, ch)
    return region, copy


LOGO_ZONE = (0.26, 0.14)  # the default logo zone's width and height, × the canvas's short side
_LOGO_SCALES = (1.0, 0.85, 0.7, 0.55)


COPY_KEPT = 0.65  # the copy gives way to a logo only while it keeps this share of its height


def default_logo_zone(fmt: Format, fixed: list[Box], copy_box: Box) -> tuple[Box | None, tuple[float, float]]:
    """A layout without a `logo` zone: a corner inside the safe margins, top-left first, then
    top-right, bottom-left, bottom-right, each tried smaller until it keeps clear of `fixed` (the
    subject, pedestal, close button and a fixed button) and the copy can give way to it
    (`copy_clear_of`); None when no corner has room."""
    sx, sy, sw, sh = fmt.safe_box
    short = min(fmt.width, fmt.height)
    gap = short * 0.02
    corners = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0))
    for scale in _LOGO_SCALES:
        w, h = LOGO_ZONE[0] * short * scale, LOGO_ZONE[1] * short * scale
        for ax, ay in corners:
            box = _box(sx + (sw - w) * ax, sy + (sh - h) * ay, w, h)
            if any(_near(box, other, gap) for other in fixed):
                continue
            if _near(box, copy_box, gap) and copy_clear_of(copy_box, box, fmt) is None:
                continue
            return box, (ax, ay)
    return None, (0.0, 0.0)


def copy_clear_of(copy_box: Box, logo: Box, fmt: Format) -> Box | None:
    """The copy box shortened from the top (a logo above its middle) or the bottom so that it
    keeps clear of the logo's zone; itself when they do not meet; None when it would keep less
    than COPY_KEPT of its height."""
    gap = min(fmt.width, fmt.height) * 0.02
    if not _near(copy_box, logo, gap):
        return copy_box
    x, y, w, h = copy_box
    if logo[1] + logo[3] / 2 <= y + h / 2:
        top = round(logo[1] + logo[3] + gap)
        kept = y + h - top
        shortened = (x, top, w, kept)
    else:
        kept = round(logo[1] - gap) - y
        shortened = (x, y, w, kept)
    return shortened if kept >= h * COPY_KEPT else None


def _near(a: Box, b: Box, gap: float) -> bool:
    return not (a[0] + a[2] + gap <= b[0] or b[0] + b[2] + gap <= a[0]
                or a[1] + a[3] + gap <= b[1] or b[1] + b[3] + gap <= a[1])
