"""The poster spec: every layer of a poster as data (the `spec.json` schema).

A spec is enough to re-render the poster with no agent and no model: image layers name their
source file (absolute, or relative to the spec's folder), procedural layers (gradients, card,
button, pedestal, glow) carry their colours and shape, text layers carry the string, the font
file and face, the size, the colours and the lines the layout chose.

One flat `Layer` model with a `kind` keeps the JSON easy to edit by hand; the fields each kind
reads are listed on the field. Layers are listed bottom to top; `z` is their order.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tools.errors import SpecError

if TYPE_CHECKING:
    from tools.config import Settings

SPEC_VERSION = 1
MAX_TEXT_LINES = 50  # a poster's text block; fitting tries every line count up to this

LayerKind = Literal[
    "background",  # full canvas: gradient/solid fill, or a source image (cover)
    "backdrop",    # popup only: the app behind the popup, dimmed
    "card",        # rounded panel the popup's content sits on
    "glow",        # soft light / rays behind the subject
    "decoration",  # small icons (coins, stars...) around the subject
    "pedestal",    # podium under the subject: drawn, or a source image
    "shadow",      # soft shadow of another layer (`of`)
    "subject",     # the main cut-out subject
    "panel",       # plate behind a text when the background alone cannot give it contrast
    "button",      # the CTA's pill
    "text",        # title, subtitle, body or the CTA label
    "close",       # the popup's close button
    "logo",        # the brand kit's logo (source), in the layout's logo zone; `fill`: a plate behind it
]
TextRole = Literal["title", "subtitle", "body", "cta"]
Box = tuple[int, int, int, int]


class Layer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Stable ascii id: title, subject, deco-1 ...")
    kind: LayerKind
    name: str = Field(description="Layer name in the PSD, in the copy's language; a text layer's is its text.")
    box: Box = Field(description="[x, y, w, h] on the canvas.")
    z: int = 0
    visible: bool = True
    opacity: float = Field(1.0, ge=0.0, le=1.0)

    # image layers (background, subject, decoration, pedestal with a file)
    source: str | None = Field(None, description="Image file, absolute or relative to the spec's folder.")
    fit: Literal["contain", "cover", "stretch"] = "contain"
    anchor: Literal["center", "bottom"] = "center"
    trim: bool = Field(False, description="Crop the source to its opaque pixels before fitting.")
    max_scale: float | None = Field(None, description="Upscaling cap for small sources (keeps them crisp).")
    rotate: float = 0.0
    source_scale: float | None = Field(None, description="Compose's drawn scale over the original picture's "
                                                         "pixels: the scale over `source` × upscale_factor.")
    upscaled_by: str | None = Field(None, description="The super-resolution that made `source` from the original "
                                                      "picture (realesr-animevideov3); None: the original's pixels.")
    upscale_factor: int = Field(1, ge=1, le=4, description="How many times larger `source` is than the original.")

    # procedural layers
    style: str | None = Field(None, description="background: gradient|solid|app; glow: soft|rays; pedestal: podium.")
    fill: list[str] = Field(default_factory=list, description="Hex colours; two or more make a gradient.")
    gradient: Literal["vertical", "horizontal", "diagonal", "radial"] = "vertical"
    radius: int = 0
    outline: str | None = None
    outline_width: int = 0
    dim: float = Field(0.0, ge=0.0, le=1.0, description="backdrop: how much black is laid over the app.")

    # shadow layers
    of: str | None = Field(None, description="shadow: id of the layer casting it.")
    offset: tuple[int, int] = (0, 0)
    blur: int = 0

    # text layers (and shadow colour)
    role: TextRole | None = None
    text: str = ""
    lines: list[str] = Field(default_factory=list, description="The text as laid out, one entry per line.")
    font: str | None = Field(None, description="Font file (.ttf/.otf/.ttc).")
    font_index: int = Field(0, description="Face inside a .ttc collection.")
    weight: Literal["regular", "bold"] = "regular"
    size: int = 0
    min_size: int = 0
    max_size: int = 0
    max_lines: int = 1
    line_height: float = Field(1.25, description="Baseline to baseline, in ems.")
    align: Literal["left", "center", "right"] = "center"
    valign: Literal["top", "center", "bottom"] = "center"
    color: str | None = None
    stroke_width: int = 0
    stroke_color: str | None = None
    balance: bool = True
    fits: bool = Field(True, description="False when the text could not fit its box at min_size.")

    @field_validator("box")
    @classmethod
    def _positive_box(cls, box: Box) -> Box:
        if box[2] <= 0 or box[3] <= 0:
            raise ValueError(f"box {list(box)} needs a positive width and height")
        return box

    @field_validator("fill")
    @classmethod
    def _hex_fill(cls, fill: list[str]) -> list[str]:
        for value in fill:
            _check_hex(value)
        return fill

    @field_validator("color", "stroke_color", "outline")
    @classmethod
    def _hex_color(cls, value: str | None) -> str | None:
        return None if value is None else _check_hex(value)

    @property
    def right(self) -> int:
        return self.box[0] + self.box[2]

    @property
    def bottom(self) -> int:
        return self.box[1] + self.box[3]


def _check_hex(value: str) -> str:
    from tools.colors import parse_hex

    try:
        parse_hex(value)
    except ValueError as err:
        raise ValueError(f"{value!r} is not a #rrggbb colour") from err
    return value


class CopyText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = ""
    subtitle: str = ""
    body: str = ""
    cta: str = ""


class PosterSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    version: int = SPEC_VERSION
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    format: str
    layout: str
    safe_area: Box = Field(description="[x, y, w, h] copy must stay inside.")
    palette: list[str] = Field(default_factory=list, description="Hex colours, main colour first.")
    seed: int = 0
    language: Literal["zh", "en"] = "zh"
    template: str | None = None
    brand: str | None = Field(None, description="The brand kit's name (tools/brand.py), when one was applied.")
    backends: dict[str, str] = Field(default_factory=dict)
    copy_text: CopyText = Field(default_factory=CopyText, alias="copy")
    scores: dict[str, float] | None = Field(None, description="The design score (tools/taste.py DesignScore: "
                                                               "sub-scores and overall, 0..1) when it was scored.")
    layers: list[Layer] = Field(default_factory=list, description="Bottom to top.")

    @field_validator("version")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version > SPEC_VERSION:
            raise ValueError(f"spec version {version} is newer than this huabao ({SPEC_VERSION})")
        return version

    @model_validator(mode="after")
    def _shadows_do_not_loop(self) -> "PosterSpec":
        """A shadow draws its caster first: one that casts from itself, or shadows casting from
        each other in a loop, would recurse for ever."""
        first: dict[str, Layer] = {}
        for layer in self.layers:
            first.setdefault(layer.id, layer)
        for shadow in self.layers:
            if shadow.kind != "shadow":
                continue
            chain = [shadow.id]
            caster = first.get(shadow.of or "")
            while caster is not None:
                if caster is shadow or caster.id in chain:
                    if len(chain) == 1:
                        raise ValueError(f"shadow “{shadow.id}” casts from itself")
                    loop = " → ".join([*chain, caster.id])
                    raise ValueError(f"shadows cast from each other in a loop ({loop})")
                if caster.kind != "shadow":
                    break
                chain.append(caster.id)
                caster = first.get(caster.of or "")
        return self

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def layer(self, layer_id: str) -> Layer | None:
        return next((layer for layer in self.layers if layer.id == layer_id), None)

    def of_kind(self, *kinds: str) -> list[Layer]:
        return [layer for layer in self.layers if layer.kind in kinds]

    def ordered(self) -> list[Layer]:
        """Bottom to top: by z, ties kept in list order."""
        return sorted(self.layers, key=lambda layer: layer.z)

    def text_layer(self, role: str) -> Layer | None:
        return next((layer for layer in self.layers if layer.kind == "text" and layer.role == role), None)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str, *, origin: str = "spec") -> "PosterSpec":
        try:
            return cls.model_validate_json(text)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            where = f"{where}: " if where else ""
            message = first["msg"].removeprefix("Value error, ")
            raise SpecError(f"{origin}: {where}{message} ({err.error_count()} problem(s))") from err
        except RecursionError:
            raise SpecError(f"{origin}: the JSON is nested too deeply to be a spec") from None

    @classmethod
    def load(cls, path: str | Path, *, max_bytes: int | None = None) -> "PosterSpec":
        """Read and validate a spec file; with `max_bytes`, a larger file is refused unread."""
        path = Path(path)
        try:
            if max_bytes is not None and (size := path.stat().st_size) > max_bytes:
                raise LimitError(f"{path}: the spec file is {size:,} bytes, over the limit of {max_bytes:,} "
                                 "(set HUABAO_MAX_SPEC_BYTES to raise it)")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise SpecError(f"{path}: cannot read the spec ({err})") from err
        try:
            json.loads(text)
        except json.JSONDecodeError as err:
            raise SpecError(f"{path}: not valid JSON (line {err.lineno}: {err.msg})") from err
        except RecursionError:
            raise SpecError(f"{path}: the JSON is nested too deeply to be a spec") from None
        return cls.from_json(text, origin=str(path))

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.to_json(), encoding="utf-8")
        return path


class LimitError(SpecError):
    """A spec asks for more work than the settings allow (canvas, layers, fonts, blur...)."""


def _over(what: str, value: int, limit: int, setting: str, unit: str = " px") -> LimitError:
    return LimitError(f"{what} is {value:,}{unit}, over the limit of {limit:,}{unit} "
                      f"(set HUABAO_{setting.upper()} to raise it)")


def check_limits(spec: PosterSpec, settings: Settings) -> None:
    """Refuse a spec over the work limits before anything is drawn: every allocation the renderer
    makes is bounded by the canvas, a layer's box, its font size and its shadow's blur."""
    side = settings.max_canvas_px
    for name, value in (("canvas width", spec.width), ("canvas height", spec.height)):
        if value > side:
            raise _over(f"the {name}", value, side, "max_canvas_px")
    if len(spec.layers) > settings.max_layers:
        raise _over("the number of layers", len(spec.layers), settings.max_layers, "max_layers", "")
    first: dict[str, Layer] = {}
    for layer in spec.layers:
        first.setdefault(layer.id, layer)
    for layer in spec.layers:
        where = f"layer “{layer.name[:60]}” ({layer.id[:60]})"
        x, y, w, h = layer.box
        for name, value in (("box width", w), ("box height", h), ("box x", abs(x)), ("box y", abs(y)),
                            ("offset x", abs(layer.offset[0])), ("offset y", abs(layer.offset[1]))):
            if value > side:
                raise _over(f"{where}: {name}", value, side, "max_canvas_px")
        for name, value in (("size", layer.size), ("min_size", layer.min_size), ("max_size", layer.max_size),
                            ("stroke_width", layer.stroke_width)):
            if value > settings.max_font_px:
                raise _over(f"{where}: {name}", value, settings.max_font_px, "max_font_px")
        if layer.blur > settings.max_blur_px:
            raise _over(f"{where}: blur", layer.blur, settings.max_blur_px, "max_blur_px")
        text_chars = max(len(layer.text), sum(len(line) for line in layer.lines))
        if text_chars > settings.max_brief_chars:
            raise _over(f"{where}: the text", text_chars, settings.max_brief_chars, "max_brief_chars",
                        " characters")
        if layer.max_lines > MAX_TEXT_LINES or len(layer.lines) > MAX_TEXT_LINES:
            raise LimitError(f"{where}: more than {MAX_TEXT_LINES} lines of text")
        if layer.kind == "shadow":
            # a shadow is its caster's size plus the blur's margin on each side; shadows of shadows
            # grow, so a chain is bounded by what one shadow of the largest layer may be
            shadow_w, shadow_h = _shadow_size(layer, first)
            most = side + 4 * settings.max_blur_px + 4
            if max(shadow_w, shadow_h) > most:
                raise LimitError(f"{where}: the shadow would be {shadow_w:,}×{shadow_h:,} px, over the limit of "
                                 f"{most:,} (HUABAO_MAX_CANVAS_PX + 4 × HUABAO_MAX_BLUR_PX)")


def _shadow_size(layer: Layer, first: dict[str, Layer]) -> tuple[int, int]:
    """The size of a shadow layer's image (the caster's size plus its blur margin), following shadows
    of shadows; loops were refused when the spec was validated."""
    margin = 0
    seen: set[str] = set()
    while layer.kind == "shadow" and layer.id not in seen:
        seen.add(layer.id)
        margin += 2 * (2 * max(0, layer.blur) + 2)
        caster = first.get(layer.of or "")
        if caster is None:
            return margin, margin
        layer = caster
    return layer.box[2] + margin, layer.box[3] + margin


def resolve_source(source: str, base_dir: Path | None) -> Path:
    """A layer's source as a path: relative sources are relative to the spec's folder."""
    path = Path(source)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    return path


def existing_source(layer: Layer, base_dir: Path | None) -> Path:
    """A sourced layer's picture as an absolute path, or a SpecError naming the layer."""
    source = resolve_source(layer.source or "", base_dir).resolve()
    if not source.is_file():
        raise SpecError(f"layer “{layer.name}” ({layer.id}): source image {source} does not exist")
    return source


def relink_sources(spec: PosterSpec, base_dir: Path | None, place: Callable[[Layer, Path], str]) -> PosterSpec:
    """The spec with each sourced layer's source renamed to `place(layer, picture)`, called once
    per distinct picture (layers sharing a picture share its new name)."""
    named: dict[Path, str] = {}
    layers = []
    for layer in spec.layers:
        if layer.source:
            source = existing_source(layer, base_dir)
            if source not in named:
                named[source] = place(layer, source)
            layer = layer.model_copy(update={"source": named[source]})
        layers.append(layer)
    return spec.model_copy(update={"layers": layers})
