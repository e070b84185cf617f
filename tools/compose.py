"""Compose a poster: background, subject (cut out), pedestal, decorations and copy, as a spec.

Each layout is a file in prompts/layouts/ (read by tools/layouts.py) that places the ground,
the subject, the copy, the button and the decorations in fractions of the canvas, so the same
brief as popup, poster, banner and square gives four layouts rather than one cropped four ways,
and each format has several layouts to choose from (`layout`, ranked by `rank_layouts`). The
defaults (`layout: auto`) are:

- popup: a dimmed app behind a rounded card; copy on top, the subject below it, a pill CTA at
  the card's foot; a close button under the card.
- poster: the subject centred on light rays (optionally on a podium), copy at the bottom.
- banner: copy on the left, the subject on the right over a soft halo.
- square: copy on top, the subject in the middle, the CTA at the bottom.

Positions depend only on the request minus its subject image, and the subject is fitted into a
fixed box, so a series (same template, other subjects) keeps identical positions, sizes,
palette and background. Text colours are chosen against a render of everything except the
text and the subject, for the same reason.

Copy is never cut silently. When the layout's box cannot hold it at its smallest sizes, a text
takes a line more (a body each of its own lines), then the copy takes room from the subject beside
it (a smaller picture), and a long button label widens its pill; what still does not fit is
reported by check as `copy_truncated`, and the planner then changes to the format's default
layout unless the user named the layout.

A brand kit (`brand`, tools/brand.py) leads the palette with its colours, sets the title and
body fonts and the button, and places its logo (a `logo` layer) in the layout's logo zone.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tools.brand import Brand, load_brand
from tools.colors import (
    RGB,
    color_by_key,
    contrast_ratio,
    darken,
    find_colors,
    lighten,
    mix,
    parse_hex,
)
from tools.config import Settings
from tools.errors import ImageError, SpecError
from tools.fonts import FontChoice, FontFace, find_fonts
from tools.formats import Format, get_format
from tools.images import load_image
from tools.layout import (
    MIN_CONTRAST,
    Theme,
    choose_text_colors,
    contrast_against,
    glyph_mask,
    luminance_array,
    panel_colors,
    to_hex,
)
from tools.layouts import (
    BuildInputs,
    Frame,
    TextSizes,
    build_frame,
    default_layout,
    get_layout,
)
from tools.render import (
    LOGO_PLATE_PAD,
    RenderContext,
    paste,
    render_layers,
    render_poster,
    trim_to_opaque,
)
from tools.spec import Box, CopyText, Layer, PosterSpec
from tools.text_fit import fit_text, printed_and_wanted
from tools.typography import block_height, ink_metrics
from tools.upscale import (
    MAX_DRAWN_SCALE,
    LanczosUpscaler,
    UpscaleError,
    Upscaler,
    factor_for,
    find_upscaler,
    upscaled_source,
    upscaler_label,
)

SUBJECT_MAX_SCALE = 2.6  # a 256 px gallery icon stays crisp up to about this


class ComposeRequest(BaseModel):
    """What the agent asks for. `palette` takes hex (#e63930), colour keys (red) or names (红色)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    format: str = "popup"
    layout: str = "auto"
    palette: list[str | tuple[int, int, int]] = Field(default_factory=list)
    background: str = Field("gradient", description="gradient | solid | path of an image")
    subject: str | None = Field(None, description="RGBA cut-out; None makes a copy-only poster.")
    subject_share: float | None = Field(None, description="Subject box area / canvas area; None: the layout's.")
    pedestal: bool | str = Field(False, description="True for a drawn podium, or a path of an image.")
    decorations: list[str] = Field(default_factory=list)
    copy_text: CopyText = Field(default_factory=CopyText, alias="copy")
    seed: int = 0
    template: str | None = None
    backends: dict[str, str] = Field(default_factory=dict)
    brand: Brand | str | None = Field(None, description="A brand kit: its name (prompts/brands/, "
                                      "HUABAO_PROMPTS_DIR/brands/, data_dir/brands/), its .yaml path, or a "
                                      "loaded Brand. Its colours lead the palette; its fonts, logo and button are used.")

    @model_validator(mode="before")
    @classmethod
    def _lift_copy(cls, data: Any) -> Any:
        """Accept title/subtitle/body/cta at the top level too (flat tool arguments)."""
        if isinstance(data, dict):
            data = dict(data)
            copy = dict(data.get("copy") or data.get("copy_text") or {})
            for key in ("title", "subtitle", "body", "cta"):
                if key in data:
                    value = data.pop(key)
                    copy.setdefault(key, value or "")
            copy = {key: ("" if value is None else str(value)) for key, value in copy.items()}
            data.pop("copy_text", None)
            data["copy"] = copy
            if not data.get("subject"):
                data["subject"] = None
            if data.get("pedestal") in ("", None, "false", "False"):
                data["pedestal"] = False
            if data.get("pedestal") in ("true", "True"):
                data["pedestal"] = True
            if not data.get("layout"):
                data["layout"] = "auto"
            if not data.get("background"):
                data["background"] = "gradient"
            if not data.get("brand"):
                data["brand"] = None
        return data

    @field_validator("subject_share")
    @classmethod
    def _share(cls, value: float | None) -> float | None:
        if value is not None and not 0.01 <= value <= 0.9:
            raise ValueError("subject_share is a share of the canvas, between 0.01 and 0.9")
        return value


def parse_palette(values: list[str | tuple[int, int, int]]) -> list[RGB]:
    colors: list[RGB] = []
    for value in values:
        if isinstance(value, (tuple, list)):
            if len(value) != 3 or not all(isinstance(v, int) and 0 <= v <= 255 for v in value):
                raise SpecError(f"palette colour {value!r} is not an (r, g, b) triple")
            colors.append((int(value[0]), int(value[1]), int(value[2])))
            continue
        text = str(value).strip()
        if text.startswith("#"):
            try:
                colors.append(parse_hex(text))
            except ValueError as err:
                raise SpecError(f"palette colour {text} is not a #rrggbb colour") from err
            continue
        try:
            colors.append(color_by_key(text.lower()).rgb)
            continue
        except KeyError:
            pass
        named = find_colors(text)
        if not named:
            raise SpecError(f"palette colour “{text}” is not a colour name or #rrggbb")
        colors.extend(color.rgb for color in named)
    return colors


# ------------------------------------------------------------------------------------------
# Names, in the copy's language

NAMES = {
    "zh": {"background": "背景", "backdrop": "背景（应用界面）", "card": "卡片", "glow": "光晕",
           "pedestal": "底座", "pedestal-shadow": "底座阴影", "subject": "主体", "subject-shadow": "主体阴影",
           "decoration": "装饰 {n}", "decoration-shadow": "装饰 {n} 阴影", "button": "按钮",
           "button-shadow": "按钮阴影", "close": "关闭按钮", "card-shadow": "卡片阴影", "logo": "标志 · {brand}",
           "panel": {"title": "标题底板", "subtitle": "副标题底板", "body": "正文底板", "cta": "按钮底板"}},
    "en": {"background": "Background", "backdrop": "App backdrop", "card": "Card", "glow": "Glow",
           "pedestal": "Pedestal", "pedestal-shadow": "Pedestal shadow", "subject": "Subject",
           "subject-shadow": "Subject shadow", "decoration": "Decoration {n}",
           "decoration-shadow": "Decoration {n} shadow", "button": "Button", "button-shadow": "Button shadow",
           "close": "Close button", "card-shadow": "Card shadow", "logo": "Logo · {brand}",
           "panel": {"title": "Title plate", "subtitle": "Subtitle plate", "body": "Body plate", "cta": "CTA plate"}},
}


def copy_language(copy: CopyText) -> Literal["zh", "en"]:
    text = "".join((copy.title, copy.subtitle, copy.body, copy.cta))
    return "zh" if any("\u3400" <= char <= "\u9fff" for char in text) else "en"


# ------------------------------------------------------------------------------------------
# Frames: the geometry of each layout, read from its file in prompts/layouts/ (tools/layouts.py)


def _box(x: float, y: float, w: float, h: float) -> Box:
    return (round(x), round(y), max(1, round(w)), max(1, round(h)))


def _square_centered(cx: float, cy: float, side: float) -> Box:
    return _box(cx - side / 2, cy - side / 2, side, side)


def _background_image(request: ComposeRequest) -> str | None:
    if request.background in ("gradient", "solid"):
        return None
    path = Path(request.background)
    if not path.is_file():
        raise SpecError(f"background image {path} does not exist (use gradient, solid or an image path)")
    return str(path.resolve())


def _pedestal_fill(theme: Theme) -> list[str]:
    return [to_hex(lighten(theme.second, 0.55)), to_hex(mix(theme.main, theme.second, 0.35))]


# ------------------------------------------------------------------------------------------
# Composition


def frame_for(request: ComposeRequest, prompts_dir: Path | None = None, *,
              brand: Brand | None = None, copy_grow: float = 0.0) -> tuple[Format, str, Theme, Frame]:
    """The format, layout name, palette theme and geometry a request gets (no images read).
    `auto` is the format's default layout; any layout file may be named (prompts/layouts/, and
    `prompts_dir`/layouts/ for more). A brand (`brand`, or a loaded one on the request) sets the
    palette: primary, secondary and accent, in place of the request's. `copy_grow`: the share of
    the subject's region the copy takes (see `copy_takes_room`)."""
    fmt = get_format(request.format)
    name = default_layout(fmt, prompts_dir) if request.layout in ("auto", "") else request.layout
    has_subject = bool(request.subject)
    layout = get_layout(name, has_subject=has_subject, pedestal=request.pedestal is not False,
                        prompts_dir=prompts_dir)
    brand = brand if brand is not None else request.brand if isinstance(request.brand, Brand) else None
    theme = Theme.from_palette(brand.palette() if brand is not None else parse_palette(request.palette))
    inputs = BuildInputs(subject_share=request.subject_share, has_subject=has_subject,
                         language=copy_language(request.copy_text),
                         pedestal=request.pedestal is not False, background=request.background,
                         background_image=_background_image(request),
                         logo=brand is not None and brand.logo_path is not None, copy_grow=copy_grow)
    return fmt, name, theme, build_frame(layout, fmt, theme, inputs)


@dataclass
class ComposedPoster:
    """A composed poster: its spec, and the render context that holds the layers compose drew
    while colouring the text. The finished image, check and export draw through that context, so
    each layer of the poster is drawn once."""

    spec: PosterSpec
    context: RenderContext
    _image: Image.Image | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)  # what compose could not do as asked (a brand colour that fails)

    @property
    def image(self) -> Image.Image:
        """The finished poster (RGB), rendered on first use."""
        if self._image is None:
            self._image = render_poster(self.spec, context=self.context)
        return self._image


def compose_poster(settings: Settings, request: ComposeRequest) -> PosterSpec:
    """The poster as a spec (`compose` without its rendered layers)."""
    return compose(settings, request).spec


def compose(settings: Settings, request: ComposeRequest, *, carry: RenderContext | None = None) -> ComposedPoster:
    """The poster as a spec with its rendered layers: frame, subject, decorations, then the copy
    laid out and coloured. `carry`: the context of the poster this one revises (or follows in
    the same run), whose unchanged layers (the ground, a decoration) are not drawn again."""
    subject = _checked_file(request.subject, "subject") if request.subject else None
    brand = resolve_brand(request.brand, settings)
    notes: list[str] = []
    fonts, fonts_used = _copy_fonts(settings, request, brand, notes)
    language = copy_language(request.copy_text)
    names = NAMES[language]
    fmt, layout, theme, frame, (texts, extra) = _frame_holding_copy(request, settings.prompts_dir, brand, fonts, names)
    logo: Layer | None = None
    if brand is not None:
        logo = _logo_layer(brand, frame, names, notes)
        if logo is not None:  # decorations keep clear of the logo as of the copy
            frame = replace(frame, keep_clear=[*frame.keep_clear, logo.box])
    layers: list[Layer] = []
    for layer in frame.ground:  # a layout's own shapes (colour fields, tiles) carry their own names
        named = layer.id in ("background", "backdrop", "card", "glow")
        layers.append(layer.model_copy(update={"name": names[layer.kind]}) if named else layer)

    if frame.pedestal_box is not None:
        layers += _pedestal_layers(request, frame.pedestal_box, theme, names)
    layers += _decoration_layers(request, frame, fmt, theme, names)
    if subject is not None and frame.subject_box is not None:
        layers += _subject_layers(subject, frame.subject_box, theme, names, request.pedestal is not False)

    upscaler, upscale_why = find_upscaler(settings.data_dir)
    layers = [_sized_to_pixels(layer, settings.data_dir, upscaler) for layer in layers]

    if logo is not None:
        layers.append(logo)

    if brand is not None and brand.cta is not None:
        extra = [_shaped_button(layer, brand.cta.shape) for layer in extra]
    layers += extra
    if frame.close_box is not None:
        layers.append(Layer(id="close", kind="close", name=names["close"], box=frame.close_box, fill=["#ffffff"],
                            opacity=0.92))
    layers += texts
    layers = [layer.model_copy(update={"z": index * 10}) for index, layer in enumerate(layers)]

    backends = {**request.backends, "compose": "pillow", "fonts": fonts_used,
                "upscale": upscaler_label(upscaler, upscale_why)}
    spec = PosterSpec(width=fmt.width, height=fmt.height, format=fmt.name, layout=layout, safe_area=fmt.safe_box,
                      palette=theme.hex(), seed=request.seed, language=language, template=request.template,
                      brand=brand.name if brand is not None else None,
                      backends=backends, copy=request.copy_text, layers=layers)
    context = carry.carry_over(spec) if carry is not None else RenderContext(spec, None)
    if logo is not None and frame.logo_box is not None:
        spec = _logo_on_ground(spec, frame.logo_box, frame.logo_align, theme, context)
    spec = _color_text(spec, theme, names, context, brand=brand, notes=notes)
    context = context.for_spec(spec)
    context.keep_only_current()  # the trial plates and the button before its recolour go
    return ComposedPoster(spec, context, notes=notes)


def words_cut(settings: Settings, request: ComposeRequest) -> int:
    """Characters of the request's copy that its layout would leave out (0: every word printed),
    found by laying out the copy alone, as `compose` does: no image is read, only whether the
    request has a subject. Cheap enough to try each layout of a format."""
    brand = resolve_brand(request.brand, settings)
    fonts, _ = _copy_fonts(settings, request, brand, [])
    *_, (texts, _) = _frame_holding_copy(request, settings.prompts_dir, brand, fonts,
                                         NAMES[copy_language(request.copy_text)])
    return _missing_characters(texts)


def _copy_fonts(settings: Settings, request: ComposeRequest, brand: Brand | None,
                notes: list[str]) -> tuple[FontChoice, str]:
    """The fonts the copy is set in (the brand's where it has them) and how to name them."""
    fonts = _fonts(settings.font_path, settings.font_bold_path)
    if brand is not None:
        return _brand_fonts(brand, fonts, copy_language(request.copy_text), notes)
    return fonts, f"{fonts.source}: {fonts.bold.path.name}"


COPY_GROWTH = (0.15, 0.3, 0.45)  # shares of the subject's region the copy may take, tried in turn


def _missing_characters(texts: list[Layer]) -> int:
    """Characters of the copy its laid-out lines leave out (cut with … or lines dropped)."""
    missing = 0
    for layer in texts:
        shown, wanted = printed_and_wanted(layer)
        missing += len(wanted) - len(shown) if shown != wanted else 0
    return missing


def _shapes_under(frame: Frame) -> set[str]:
    """The layout's own shapes (cards, tiles) the copy box lies on."""
    return {layer.id for layer in frame.ground if layer.kind == "card" and _intersects(frame.copy_box, layer.box)}


def _frame_holding_copy(request: ComposeRequest, prompts_dir: Path | None, brand: Brand | None, fonts: FontChoice,
                        names: dict) -> tuple[Format, str, Theme, Frame, tuple[list[Layer], list[Layer]]]:
    """The frame and the copy laid out in it. Copy that the layout's box cannot hold even at its
    smallest sizes takes room from the subject beside it, a step at a time (`COPY_GROWTH`), while
    the copy stays clear of the subject and its podium: a smaller picture, every word printed.
    What still does not fit is laid out in the frame that shows the most of it, and check
    reports it as copy_truncated."""
    fmt, layout, theme, frame = frame_for(request, prompts_dir, brand=brand)
    copy = _copy_layers(request.copy_text, frame, fmt, fonts, theme, names)
    best = (fmt, layout, theme, frame, copy)
    missing = _missing_characters(copy[0])
    if not missing or not request.subject:
        return best
    shapes_under_copy = _shapes_under(frame)
    for grow in COPY_GROWTH:
        fmt, layout, theme, frame = frame_for(request, prompts_dir, brand=brand, copy_grow=grow)
        pictures = [box for box in (frame.subject_box, frame.pedestal_box) if box is not None]
        if any(_intersects(frame.copy_box, box) for box in pictures) or _shapes_under(frame) != shapes_under_copy:
            break  # the copy would run onto the picture, or onto a card or tile it was clear of
        copy = _copy_layers(request.copy_text, frame, fmt, fonts, theme, names)
        now = _missing_characters(copy[0])
        if now < missing:
            best, missing = (fmt, layout, theme, frame, copy), now
        if not now:
            break
    return best


@lru_cache(maxsize=8)
def _fonts(regular: Path | None, bold: Path | None) -> FontChoice:
    """find_fonts asks fontconfig (subprocesses): once per configured pair is enough."""
    return find_fonts(Settings(_env_file=None, font_path=regular, font_bold_path=bold))


def _checked_file(path: str, what: str) -> str:
    resolved = Path(path).expanduser()
    if not resolved.is_file():
        raise SpecError(f"{what} image {path} does not exist")
    return str(resolved.resolve())


def _subject_layers(source: str, box: Box, theme: Theme, names: dict, on_pedestal: bool) -> list[Layer]:
    side = box[2]
    subject = Layer(id="subject", kind="subject", name=names["subject"], box=box, source=source, trim=True,
                    fit="contain", anchor="bottom", max_scale=SUBJECT_MAX_SCALE)
    shadow = Layer(id="subject-shadow", kind="shadow", name=names["subject-shadow"], box=box, of="subject",
                   offset=(0, round(side * (0.015 if on_pedestal else 0.035))),
                   blur=max(2, round(side * (0.03 if on_pedestal else 0.045))),
                   color=to_hex(darken(theme.deep, 0.3)), opacity=0.42)
    return [shadow, subject]


def _pedestal_layers(request: ComposeRequest, box: Box, theme: Theme, names: dict) -> list[Layer]:
    source = _checked_file(request.pedestal, "pedestal") if isinstance(request.pedestal, str) else None
    pedestal = Layer(id="pedestal", kind="pedestal", name=names["pedestal"], box=box, source=source,
                     style=None if source else "podium", fill=_pedestal_fill(theme), fit="contain", anchor="bottom",
                     trim=bool(source))
    shadow = Layer(id="pedestal-shadow", kind="shadow", name=names["pedestal-shadow"], box=box, of="pedestal",
                   offset=(0, round(box[3] * 0.06)), blur=max(2, round(box[2] * 0.035)),
                   color=to_hex(darken(theme.deep, 0.3)), opacity=0.35)
    return [shadow, pedestal]


_PICTURE_KINDS = ("subject", "decoration", "pedestal")


def _sized_to_pixels(layer: Layer, data_dir: Path, upscaler: Upscaler) -> Layer:
    """A picture layer (subject, decoration, pictured pedestal) that is never drawn above
    MAX_DRAWN_SCALE × the pixels it has: when its box asks for more, its source becomes the
    picture after super-resolution (cached, once per source) and it is drawn at most 1.5× that;
    past what ×4 gives, it is drawn smaller than its box. Without the SR model the layout's own
    cap stays (a Lanczos resize draws it). Records the drawn scale and the SR used."""
    if layer.kind not in _PICTURE_KINDS or not layer.source or layer.fit != "contain":
        return layer
    path = Path(layer.source)
    original = load_image(path).image.convert("RGBA")
    if layer.trim:
        original = trim_to_opaque(original)
    _, _, box_w, box_h = layer.box
    wanted = min(box_w / original.width, box_h / original.height)
    factor = factor_for(wanted) if not isinstance(upscaler, LanczosUpscaler) else 1
    if factor == 1:
        scale = min(wanted, layer.max_scale) if layer.max_scale is not None else wanted
        if not isinstance(upscaler, LanczosUpscaler):
            scale = min(scale, MAX_DRAWN_SCALE)
            return layer.model_copy(update={"source_scale": round(scale, 3), "max_scale": MAX_DRAWN_SCALE})
        return layer.model_copy(update={"source_scale": round(scale, 3)})
    try:
        bigger = upscaled_source(path, factor, data_dir, upscaler)
    except (UpscaleError, ImageError):  # a picture SR cannot take: drawn as it is, capped like the rest
        scale = min(wanted, MAX_DRAWN_SCALE)
        return layer.model_copy(update={"source_scale": round(scale, 3), "max_scale": MAX_DRAWN_SCALE})
    upscaled = load_image(bigger).image.convert("RGBA")
    if layer.trim:
        upscaled = trim_to_opaque(upscaled)
    drawn = min(box_w / upscaled.width, box_h / upscaled.height, MAX_DRAWN_SCALE)  # over the pixels it has now
    return layer.model_copy(update={
        "source": str(bigger), "max_scale": MAX_DRAWN_SCALE, "upscaled_by": upscaler.name, "upscale_factor": factor,
        "source_scale": round(drawn * factor, 3)})


def _inset_sides(box: Box, share: float) -> Box:
    dx = round(box[2] * share)
    return (box[0] + dx, box[1], box[2] - 2 * dx, box[3])


def _inside(inner: Box, outer: Box) -> bool:
    return (outer[0] <= inner[0] and inner[0] + inner[2] <= outer[0] + outer[2]
            and outer[1] <= inner[1] and inner[1] + inner[3] <= outer[1] + outer[3])


def _intersects(a: Box, b: Box, margin: float = 0.0) -> bool:
    return not (a[0] + a[2] + margin <= b[0] or b[0] + b[2] + margin <= a[0]
                or a[1] + a[3] + margin <= b[1] or b[1] + b[3] + margin <= a[1])


def _inset(box: Box, share: float) -> Box:
    dx, dy = box[2] * share, box[3] * share
    return _box(box[0] + dx, box[1] + dy, box[2] - 2 * dx, box[3] - 2 * dy)


def _decoration_layers(request: ComposeRequest, frame: Frame, fmt: Format, theme: Theme,
                       names: dict) -> list[Layer]:
    """Small icons in the frame's slots, never on the subject or the copy; seeded, so the same
    request places them the same way."""
    sources = [_checked_file(path, "decoration") for path in request.decorations]
    if not sources or not frame.deco_slots:
        return []
    rng = random.Random(request.seed)
    # Each picture once: a repeated (or mirrored) decoration reads as filler.
    wanted = min(frame.max_decorations, len(frame.deco_slots), len(sources))
    blocked = list(frame.keep_clear)
    if frame.subject_box is not None:
        # Decorations sit behind the subject, so one may tuck under its edge but never
        # reach its middle, whatever subject a series swaps in.
        blocked.append(_inset(frame.subject_box, 0.2))
    if frame.pedestal_box is not None:
        blocked.append(frame.pedestal_box)
    if frame.close_box is not None:
        blocked.append(frame.close_box)
    order = list(range(len(frame.deco_slots)))
    rng.shuffle(order)
    placed: list[Box] = []
    layers: list[Layer] = []
    edge = min(fmt.width, fmt.height) * 0.015
    for slot in order:
        if len(placed) >= wanted:
            break
        cx, cy, size = frame.deco_slots[slot]
        size *= rng.uniform(0.88, 1.12)
        if size < min(fmt.width, fmt.height) * 0.04:
            continue
        cx += rng.uniform(-0.08, 0.08) * size
        cy += rng.uniform(-0.08, 0.08) * size
        cx = min(max(cx, edge + size / 2), fmt.width - edge - size / 2)
        cy = min(max(cy, edge + size / 2), fmt.height - edge - size / 2)
        box = _square_centered(cx, cy, size)
        if any(_intersects(box, other) for other in blocked) or any(
                _intersects(box, other, size * 0.15) for other in placed):
            continue
        number = len(placed) + 1
        deco_id = f"deco-{number}"
        source = sources[number - 1]
        layers.append(Layer(id=f"{deco_id}-shadow", kind="shadow",
                            name=names["decoration-shadow"].format(n=number), box=box, of=deco_id,
                            offset=(0, round(size * 0.06)), blur=max(2, round(size * 0.06)),
                            color=to_hex(darken(theme.deep, 0.3)), opacity=0.3))
        layers.append(Layer(id=deco_id, kind="decoration", name=names["decoration"].format(n=number), box=box,
                            source=source, trim=True, fit="contain", rotate=round(rng.uniform(-14, 14), 1),
                            max_scale=3.0))
        placed.append(box)
    return layers


# ------------------------------------------------------------------------------------------
# Brand kit: fonts, logo, button shape (colours: frame_for and _color_text)


def resolve_brand(brand: Brand | str | None, settings: Settings) -> Brand | None:
    """The request's brand loaded: a Brand as it is, a name or a .yaml path through load_brand."""
    if brand is None or isinstance(brand, Brand):
        return brand
    return load_brand(brand, settings)


def _brand_fonts(brand: Brand, base: FontChoice, language: str, notes: list[str]) -> tuple[FontChoice, str]:
    """The brand's title font for the title and the button, its body font for the subtitle and
    body; a font that cannot set Chinese copy leaves that role to the default font, with a note."""
    chosen: dict[str, FontFace] = {"title": base.bold, "body": base.regular}
    used: list[str] = []
    for role, font in (("title", brand.title_font), ("body", brand.body_font)):
        if font is None:
            continue
        if language == "zh" and not font.cjk:
            notes.append(f"the brand's {role} font {font.family} cannot set Chinese: the {role} uses "
                         f"{chosen[role].path.name}")
            continue
        chosen[role] = font.face
        used.append(f"{role} {font.label()}")
    label = f"brand {brand.name}: " + (", ".join(used) if used else f"default {base.bold.path.name}")
    return FontChoice(regular=chosen["body"], bold=chosen["title"], source=f"brand {brand.name}"), label


LOGO_AREA = 1.8  # a logo covers at most this × the square on its zone's height: a long wordmark is not huge


def fit_logo(zone: Box, align: tuple[float, float], aspect: float) -> Box:
    """The largest box of `aspect` (width / height) inside `zone` and within LOGO_AREA, placed at
    `align` in it (a square seal gets the zone's height, a wordmark a similar area)."""
    x, y, w, h = zone
    width = min(w, h * aspect, (LOGO_AREA * h * h * aspect) ** 0.5)
    height = width / aspect
    return _box(x + (w - width) * align[0], y + (h - height) * align[1], width, height)


def _logo_aspect(brand: Brand) -> float:
    """Width / height of the logo's opaque pixels (what a trimmed layer draws)."""
    image = trim_to_opaque(load_image(brand.logo_path or "").image.convert("RGBA"))
    return image.width / max(1, image.height)


def _logo_layer(brand: Brand, frame: Frame, names: dict, notes: list[str]) -> Layer | None:
    if brand.logo_path is None:
        return None
    if frame.logo_box is None:
        notes.append(f"the layout has no room for {brand.name}'s logo clear of the copy and the subject: "
                     "it was left out")
        return None
    box = fit_logo(frame.logo_box, frame.logo_align, _logo_aspect(brand))
    return Layer(id="logo", kind="logo", name=names["logo"].format(brand=brand.name), box=box,
                 source=brand.logo_path, trim=True, fit="contain")


LOGO_MIN_CONTRAST = 2.5  # median over the logo's pixels; a logo's hues carry it a little below 3:1


def _logo_on_ground(spec: PosterSpec, zone: Box, align: tuple[float, float], theme: Theme,
                    context: RenderContext) -> PosterSpec:
    """The logo on a plate where it would not stand out from what is under it: the median
    contrast of its pixels against the ground under each of them below LOGO_MIN_CONTRAST. A
    white plate, or a deep one for a light logo; the plate fills the logo's zone as the logo
    did, with the logo inside it."""
    logo = spec.layer("logo")
    ctx = context.for_spec(spec)
    rendered = ctx.rendered(logo) if logo is not None else None
    if logo is None or rendered is None:
        return spec
    ground = render_layers(spec, include=lambda l: l.kind in ("background", "backdrop", "card", "glow"),
                           context=ctx)
    left, top, right, bottom = rendered.bbox
    alpha = np.asarray(rendered.image.getchannel("A")) > 128
    if not alpha.any():
        return spec
    logo_l = luminance_array(rendered.image.convert("RGB"))[alpha]
    ground_l = luminance_array(ground.crop((left, top, right, bottom)))[alpha]
    ratios = (np.maximum(logo_l, ground_l) + 0.05) / (np.minimum(logo_l, ground_l) + 0.05)
    if float(np.median(ratios)) >= LOGO_MIN_CONTRAST:
        return spec
    light_logo = float(np.median(logo_l)) > 0.5
    plate = theme.deep if light_logo else (255, 255, 255)
    aspect = logo.box[2] / logo.box[3]
    # the plate keeps LOGO_PLATE_PAD of its short side around the logo
    inner = 1 - 2 * LOGO_PLATE_PAD
    plated = inner * aspect + 2 * LOGO_PLATE_PAD if aspect >= 1 else 1 / (inner / aspect + 2 * LOGO_PLATE_PAD)
    box = fit_logo(zone, align, plated)
    return _replace(spec, logo.model_copy(update={"box": box, "fill": [to_hex(plate)],
                                                  "radius": round(min(box[2], box[3]) * 0.24)}))


_BUTTON_RADIUS = {"pill": 0.5, "rounded": 0.22, "square": 0.06}


def _shaped_button(layer: Layer, shape: str) -> Layer:
    if layer.kind != "button":
        return layer
    return layer.model_copy(update={"radius": round(layer.box[3] * _BUTTON_RADIUS[shape])})


# ------------------------------------------------------------------------------------------
# Copy


_LINE_HEIGHT = {"title": 1.18, "subtitle": 1.3, "body": 1.45, "cta": 1.2}
_STROKE = {"title": 0.08}


def _text_layer(role: str, text: str, box: Box, sizes: TextSizes, fonts: FontChoice, align: str) -> Layer:
    face = fonts.bold if role in ("title", "cta") else fonts.regular
    return Layer(id=role, kind="text", name=" ".join(text.split()), box=box, role=role, text=text,
                 font=str(face.path), font_index=face.index, weight="bold" if role in ("title", "cta") else "regular",
                 size=sizes.max, min_size=sizes.min, max_size=sizes.max, max_lines=sizes.lines,
                 line_height=_LINE_HEIGHT[role], align=align, valign="center", balance=role != "body",  # type: ignore[arg-type]
                 stroke_width=round(sizes.max * _STROKE.get(role, 0.0)))


def _fitted(layer: Layer, width: int, height: int, max_size: int) -> Layer:
    """The layer fitted into width × height (its box is then shrunk around the ink)."""
    stroke_ratio = _STROKE.get(layer.role or "", 0.0)
    fit = fit_text(layer.text, (0, 0, width, height), layer.font or "", layer.font_index, max_size=max_size,
                   min_size=min(layer.min_size, max_size), max_lines=layer.max_lines,
                   line_height=layer.line_height, stroke_ratio=stroke_ratio, balance=layer.balance,
                   align=layer.align)
    metrics = ink_metrics(layer.font or "", layer.font_index, fit.size)
    block = block_height(metrics, fit.size, max(1, len(fit.lines)), layer.line_height, fit.stroke_width)
    # Centred in its box, the metric block leaves room on both sides for ink that overshoots it.
    box_h = min(height, block + 2 * max(0, fit.height - block) + 2)
    return layer.model_copy(update={"size": fit.size, "lines": fit.lines, "fits": fit.fits,
                                    "stroke_width": fit.stroke_width, "box": (0, 0, width, box_h)})


def _copy_layers(copy: CopyText, frame: Frame, fmt: Format, fonts: FontChoice, theme: Theme,
                 names: dict) -> tuple[list[Layer], list[Layer]]:
    """Text layers (title, subtitle, body, CTA label) and the CTA's button and shadow."""
    x, y, w, h = frame.copy_box
    roles = [role for role in ("title", "subtitle", "body") if getattr(copy, role).strip()]
    base = {role: _text_layer(role, getattr(copy, role).strip(), frame.copy_box, frame.sizes[role], fonts,
                              frame.copy_align) for role in roles}
    gap = {"title": 0.32, "subtitle": 0.55, "body": 0.5}

    button_h = frame.button_height
    cta_text = copy.cta.strip()
    stack_button = bool(cta_text) and frame.button_y is None
    room = h - (button_h + round(button_h * 0.55) if stack_button else 0)

    def stacked(base: dict[str, Layer], scale: float) -> tuple[list[Layer], int]:
        fitted, total = [], 0
        for number, role in enumerate(roles):
            layer = base[role]
            max_size = max(layer.min_size, round(layer.max_size * scale))
            layer = _fitted(layer, w, max(1, room), max_size)
            fitted.append(layer)
            total += layer.box[3]
            if number < len(roles) - 1:
                total += round(layer.size * gap[role])
        return fitted, total

    def settled(base: dict[str, Layer]) -> tuple[list[Layer], int]:
        scale = 1.0
        fitted, total = stacked(base, scale) if roles else ([], 0)
        while roles and total > room and scale > 0.3:
            scale *= 0.9
            fitted, total = stacked(base, scale)
        return fitted, total

    fitted, total = settled(base)
    if total > room or not all(layer.fits for layer in fitted):
        # At its smallest sizes the copy needs more lines than the layout's: a line more
        # (and a body's every own line) before a word is cut.
        roomier = {role: layer.model_copy(update={"max_lines": _more_lines(layer)}) for role, layer in base.items()}
        more, more_total = settled(roomier)
        if total > room or (more_total <= room and all(layer.fits for layer in more)):
            base, fitted, total = roomier, more, more_total
    if total > room:
        # Even the minimum sizes overflow: share the room out; the layers report fits=False.
        shares = {"title": 0.45, "subtitle": 0.25, "body": 0.3}
        weight = sum(shares[role] for role in roles)
        fitted, total = [], 0
        for role in roles:
            part = max(1, int(room * shares[role] / weight) - 2)
            layer = _fitted(base[role], w, part, base[role].min_size)
            fitted.append(layer)
            total += layer.box[3]
        gaps = [0] * len(roles)
    else:
        gaps = [round(layer.size * gap[layer.role or "title"]) for layer in fitted]

    block = total + (button_h + round(button_h * 0.55) if stack_button else 0)
    cursor = y + max(0, (h - block) // 2)
    texts: list[Layer] = []
    for layer, space in zip(fitted, gaps):
        texts.append(layer.model_copy(update={"box": (x, cursor, w, layer.box[3])}))
        cursor += layer.box[3] + space

    extra: list[Layer] = []
    if cta_text:
        button_y = frame.button_y if frame.button_y is not None else cursor + round(button_h * 0.55) - (
            gaps[-1] if gaps else 0)
        label, button = _cta(cta_text, frame, fmt, fonts, button_y)
        extra += [
            Layer(id="button-shadow", kind="shadow", name=names["button-shadow"], box=button, of="button",
                  offset=(0, round(button_h * 0.1)), blur=max(2, round(button_h * 0.12)),
                  color=to_hex(darken(theme.deep, 0.3)), opacity=0.28),
            Layer(id="button", kind="button", name=names["button"], box=button, radius=button[3] // 2,
                  style=frame.button_style, fill=[], gradient="vertical"),
        ]
        texts.append(label)
    return texts, extra


MOST_LINES = 8


def _more_lines(layer: Layer) -> int:
    """The lines a text may take when the layout's count cannot hold it: one more, and for a body
    each of its own lines (a list of terms) and one to wrap."""
    own = layer.text.count("\n") + 1
    wanted = max(layer.max_lines, own) + 1 if layer.role == "body" else layer.max_lines + 1
    return min(MOST_LINES, wanted)


def _cta(text: str, frame: Frame, fmt: Format, fonts: FontChoice, button_y: int) -> tuple[Layer, Box]:
    """The CTA label and its pill: as wide as the label needs, within the frame's limits."""
    sizes = frame.sizes["cta"]
    height = frame.button_height
    pad = round(height * 0.5)
    low, high = frame.button_width
    label = _text_layer("cta", text, (0, 0, high - 2 * pad, height), sizes, fonts, "center")
    fitted = _fitted(label, high - 2 * pad, round(height * 0.72), sizes.max)
    if _missing_characters([fitted]):
        # A long label widens its button within the safe area, clear of the pictures and inside
        # the card it sits on (a popup's), before a word of it is cut; an opaque pill reads on a
        # tile it passes over.
        pictures = [box for box in (frame.subject_box, frame.pedestal_box, frame.close_box) if box is not None]
        narrow = _button_box(frame, fmt, high, button_y, height)
        cards = [_inset_sides(layer.box, 0.04) for layer in frame.ground
                 if layer.kind == "card" and _inside(narrow, layer.box)]
        sx, _, sw, _ = fmt.safe_box
        wider = sx + sw - frame.copy_box[0] if frame.copy_align == "left" else sw

        def clear(width: int) -> bool:
            box = _button_box(frame, fmt, width, button_y, height)
            return not any(_intersects(box, picture) for picture in pictures) and all(_inside(box, card)
                                                                                   for card in cards)

        while wider > high and not clear(wider):
            wider = round(wider * 0.95)
        if wider > high:
            high = wider
            fitted = _fitted(label, high - 2 * pad, round(height * 0.72), sizes.max)
    width = min(high, max(low, _label_width(fitted) + 2 * pad))
    button = _button_box(frame, fmt, width, button_y, height)
    x = button[0]
    label_box = (x + pad, button_y + (height - fitted.box[3]) // 2, width - 2 * pad, fitted.box[3])
    return fitted.model_copy(update={"box": label_box}), button


def _button_box(frame: Frame, fmt: Format, width: int, top: int, height: int) -> Box:
    """The button's pill: under left-aligned copy at its left edge, else centred on the canvas."""
    x = frame.copy_box[0] if frame.copy_align == "left" else (fmt.width - width) // 2
    return (x, top, width, height)


def _label_width(layer: Layer) -> int:
    from tools.typography import measure_block

    width, _ = measure_block(layer.lines, layer.font or "", layer.font_index, layer.size, layer.line_height,
                             layer.stroke_width, layer.align)
    return width


# ------------------------------------------------------------------------------------------
# Colour


def _button_fill(theme: Theme, under: RGB) -> tuple[list[str], RGB]:
    """The pill's gradient and its label colour: a light pill with a deep label when it stands
    out from what is under it, else a pill in the main colour, deep enough for a white label."""
    from tools.colors import contrast_ratio
    from tools.layout import WHITE, deep_tone

    light = [lighten(theme.second, 0.7), lighten(theme.second, 0.3)]
    label = theme.deep
    for step in range(0, 90, 5):  # the deep tone, darkened until it reads on the pill
        label = darken(theme.deep, step / 100)
        if contrast_ratio(light[1], label) >= MIN_CONTRAST + 0.3:
            break
    if contrast_ratio(light[1], under) >= 1.2 and contrast_ratio(light[1], label) >= MIN_CONTRAST + 0.3:
        return [to_hex(c) for c in light], label
    strong = deep_tone(theme.main, MIN_CONTRAST + 0.3)
    if contrast_ratio(strong, under) < 1.5:
        strong = theme.deep
    return [to_hex(lighten(strong, 0.06)), to_hex(darken(strong, 0.12))], WHITE


def _brand_button(cta_fill: str, cta_text: str | None, theme: Theme) -> tuple[list[str], RGB]:
    """The brand's button colour (a slight gradient ending on it exactly) and its label: the
    brand's label colour first, else whichever of white, the deep tone and near-black reads best."""
    from tools.layout import NEAR_BLACK, WHITE

    fill = parse_hex(cta_fill)
    candidates = [parse_hex(cta_text)] if cta_text else []
    candidates += [WHITE, theme.deep, NEAR_BLACK]
    label = next((c for c in candidates if contrast_ratio(c, fill) >= MIN_CONTRAST + 0.3),
                 max(candidates, key=lambda c: contrast_ratio(c, fill)))
    return [to_hex(lighten(fill, 0.1)), to_hex(fill)], label


def _brand_text_choice(layer: Layer, under, brand_text: RGB, theme: Theme):
    """The brand's text colour for a title, subtitle or body where it reads at 4.5:1 on what
    is under the glyphs (a title keeps its outline, in white or the deep tone, whichever reads
    on the colour); None where it does not."""
    from tools.layout import WHITE, ColorChoice

    x, y, w, h = layer.box
    ratio = contrast_against(brand_text, under.crop((x, y, x + w, y + h)), glyph_mask(layer))
    if ratio < MIN_CONTRAST + 0.1:
        return None, ratio
    if layer.role == "title" and layer.stroke_width:
        stroke = max((theme.deep, WHITE), key=lambda c: contrast_ratio(c, brand_text))
        if contrast_ratio(stroke, brand_text) < MIN_CONTRAST:
            return None, ratio
        return ColorChoice(brand_text, stroke, ratio, False), ratio
    return ColorChoice(brand_text, None, ratio, False), ratio


def _color_text(spec: PosterSpec, theme: Theme, names: dict, context: RenderContext, *,
                brand: Brand | None = None, notes: list[str] | None = None) -> PosterSpec:
    """Pick text colours against a render of everything but the text and the subject (which a
    series swaps), adding a plate behind a text nothing on the palette can carry. What it draws
    stays in `context`, the poster's. A brand's text and button colours are tried first and
    kept where they read at 4.5:1; where one does not, the checked colour wins and `notes` says so."""
    from tools.layout import NEAR_BLACK, WHITE

    notes = notes if notes is not None else []
    cta = brand.cta if brand is not None else None
    brand_text = parse_hex(brand.colors.text) if brand is not None and brand.colors.text else None
    brand_label = parse_hex(cta.text_color) if cta is not None and cta.text_color else None
    ctx = context.for_spec(spec)
    button = spec.layer("button")
    label_color: RGB = WHITE
    if button is not None:
        ground = render_layers(spec, include=lambda l: l.kind in ("background", "backdrop", "card", "glow"),
                               context=ctx)
        x, y, w, h = button.box
        under = ground.crop((x, y + h // 2, x + w, y + h // 2 + 1)).resize((1, 1), 0).getpixel((0, 0))[:3]
        if cta is not None and cta.fill:
            fill, label_color = _brand_button(cta.fill, cta.text_color, theme)
        else:
            fill, label_color = _button_fill(theme, under)
            if brand_label is not None:
                label_color = brand_label
        spec = _replace(spec, button.model_copy(update={"fill": fill}))
        ctx = ctx.for_spec(spec)
    under = render_layers(spec, include=lambda l: l.kind not in ("text", "subject") and l.of != "subject",
                          context=ctx)
    layers = list(spec.layers)
    plated: list[Layer] = []
    for layer in list(layers):
        if layer.kind != "text" or not layer.lines:
            continue
        position = layers.index(layer)
        if layer.role == "cta" and button is not None:
            # The pill was chosen with its label in mind (see _button_fill); measured all the same.
            mask = glyph_mask(layer)
            x, y, w, h = layer.box
            crop = under.crop((x, y, x + w, y + h))
            for color in (label_color, WHITE, theme.deep, NEAR_BLACK):
                if contrast_against(color, crop, mask) >= MIN_CONTRAST + 0.1:
                    if brand_label is not None and color != brand_label:
                        notes.append(f"the brand's button text colour {to_hex(brand_label)} does not read at "
                                     f"4.5:1 on the button: the label is {to_hex(color)}")
                    label_color = color
                    break
            else:  # nothing reads on this pill: make it deep, with a white label
                deep = layers[layers.index(spec.layer("button"))].model_copy(
                    update={"fill": [to_hex(lighten(theme.deep, 0.08)), to_hex(theme.deep)]})
                layers[layers.index(spec.layer("button"))] = deep
                paste(under, ctx.rendered(deep))  # type: ignore[arg-type]
                label_color = WHITE
            layers[position] = layer.model_copy(update={"color": to_hex(label_color), "stroke_width": 0,
                                                        "stroke_color": None})
            continue
        choice = None
        if brand_text is not None:
            choice, ratio = _brand_text_choice(layer, under, brand_text, theme)
            if choice is None:
                fallback = choose_text_colors(layer, under, theme)
                notes.append(f"the brand's text colour {to_hex(brand_text)} reads at {ratio:.1f}:1 on the "
                             f"{layer.role}'s ground (4.5:1 needed): the {layer.role} is {to_hex(fallback.color)}")
                choice = fallback
        choice = choice or choose_text_colors(layer, under, theme)
        update: dict[str, Any] = {"color": to_hex(choice.color),
                                  "stroke_color": to_hex(choice.stroke) if choice.stroke else None}
        if choice.stroke is None:
            update["stroke_width"] = 0
        layers[position] = layer.model_copy(update=update)
        if choice.needs_panel:
            plated.append(layers[position])
    for group in _panel_groups(plated):
        panel, color = _panel_for(group, under, theme, names, ctx)
        layers.insert(min(layers.index(layer) for layer in group), panel)
        paste(under, ctx.rendered(panel))  # type: ignore[arg-type]
        for layer in group:
            layers[layers.index(layer)] = layer.model_copy(update={"color": to_hex(color)})
    layers = [layer.model_copy(update={"z": number * 10}) for number, layer in enumerate(layers)]
    return spec.model_copy(update={"layers": layers})


def _replace(spec: PosterSpec, layer: Layer) -> PosterSpec:
    return spec.model_copy(update={"layers": [layer if l.id == layer.id else l for l in spec.layers]})


def _panel_for(group: list[Layer], under, theme: Theme, names: dict, ctx: RenderContext) -> tuple[Layer, RGB]:
    """One rounded plate hugging a run of texts, opaque enough for 4.5:1 under every one."""
    from tools.typography import measure_block

    spec = ctx.spec
    boxes = []
    for layer in group:
        width, _ = measure_block(layer.lines, layer.font or "", layer.font_index, layer.size, layer.line_height,
                                 layer.stroke_width, layer.align)
        pad_x, pad_y = round(layer.size * 0.6), round(layer.size * 0.3)
        x, y, w, h = layer.box
        panel_w = min(spec.width, width + 2 * pad_x)
        if layer.align == "left":
            panel_x = x - pad_x // 2
        elif layer.align == "right":
            panel_x = x + w - panel_w + pad_x // 2
        else:
            panel_x = x + (w - panel_w) // 2
        boxes.append((panel_x, y - pad_y, panel_x + panel_w, y + h + pad_y))
    x0, y0 = max(0, min(b[0] for b in boxes)), max(0, min(b[1] for b in boxes))
    x1, y1 = min(spec.width, max(b[2] for b in boxes)), min(spec.height, max(b[3] for b in boxes))
    panel_box = (x0, y0, x1 - x0, y1 - y0)
    first = group[0]
    plate, text = panel_colors(under, panel_box, theme)
    for opacity in (0.88, 0.95, 1.0):
        panel = Layer(id=f"{first.id}-panel", kind="panel", name=names["panel"][first.role or "title"],
                      box=panel_box, fill=[to_hex(plate)], radius=min(panel_box[3] // 2, round(first.size * 0.5)),
                      opacity=opacity)
        composite = under.copy()
        paste(composite, ctx.rendered(panel))  # type: ignore[arg-type]
        if all(contrast_against(text, composite.crop(_corners(layer.box)), glyph_mask(layer)) >= MIN_CONTRAST + 0.1
               for layer in group):
            break
    return panel, text


def _corners(box: Box) -> tuple[int, int, int, int]:
    return box[0], box[1], box[0] + box[2], box[1] + box[3]


def _panel_groups(layers: list[Layer]) -> list[list[Layer]]:
    """Texts that need a plate, in runs that sit close together (one plate each run)."""
    groups: list[list[Layer]] = []
    for layer in sorted(layers, key=lambda l: l.box[1]):
        previous = groups[-1][-1] if groups else None
        if previous is not None and layer.box[1] - (previous.box[1] + previous.box[3]) < previous.size * 1.2:
            groups[-1].append(layer)
        else:
            groups.append([layer])
    return groups
