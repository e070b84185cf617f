"""Render a poster from its spec: a pure function of the spec and the files it names.

Every layer is drawn on its own (`render_layer`), as an RGBA image at an offset on the canvas;
the poster is those images composited bottom to top. Export writes the same layer images into
the PSD, so the PSD's layers and the PNG come from one code path.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from tools.colors import darken, lighten, mix, parse_hex
from tools.errors import SpecError
from tools.fonts import font_file
from tools.images import load_image
from tools.spec import Layer, PosterSpec, resolve_source
from tools.text_fit import fit_text_layer, text_is_stale
from tools.typography import draw_lines

RGB = tuple[int, int, int]
COMPOSITES_KEPT = 4     # layer-run composites a poster's render context keeps


@dataclass
class LayerImage:
    image: Image.Image  # RGBA
    left: int
    top: int

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.left, self.top, self.left + self.image.width, self.top + self.image.height


@dataclass
class RenderContext:
    """The renders of one poster: the source images it read and the layers it drew, each layer
    keyed by everything it depends on (its fields but its stacking and name, its source file's
    size and mtime, its caster's key for a shadow). Compose, the finished image, check and export
    all draw through the poster's context, so each layer is drawn once; `for_spec` shares it with
    a later version of the same spec (a recoloured button, a re-fitted text), and `carry_over`
    starts a revision of the poster from the layers that did not change. The images are shared:
    callers must not draw on them."""

    spec: PosterSpec
    base_dir: Path | None
    _sources: dict[str, Image.Image] = field(default_factory=dict)
    _layers: dict[str, LayerImage | None] = field(default_factory=dict)
    _drawn: list[int] = field(default_factory=lambda: [0])  # layers drawn, shared by every view
    # Composites of layer runs, by the layers' keys in order: compose's grounds, the finished
    # poster, check's poster without its text and the taste score's poster start from the longest
    # run already composited instead of from nothing. A few at a time (each a canvas).
    _composites: OrderedDict[tuple[str, ...], Image.Image] = field(default_factory=OrderedDict)

    @property
    def drawn(self) -> int:
        """How many layer images this poster's context has drawn (found ones do not count)."""
        return self._drawn[0]

    @property
    def layers_held(self) -> int:
        """How many drawn layer images the context keeps."""
        return len(self._layers)

    def for_spec(self, spec: PosterSpec) -> RenderContext:
        """This context over another version of the same poster's spec: one cache, one count."""
        return RenderContext(spec, self.base_dir, self._sources, self._layers, self._drawn, self._composites)

    def carry_over(self, spec: PosterSpec) -> RenderContext:
        """A new context for a revision of this poster (or the next poster of its run): it starts
        with the source images and layers this one holds and counts its own drawing."""
        return RenderContext(spec, self.base_dir, dict(self._sources), dict(self._layers))

    def keep_only_current(self) -> None:
        """Forget the layers and sources the current spec no longer uses (what compose tried and
        replaced, what an earlier version of the poster drew), so a poster holds only its own."""
        used_layers = {key for key in (_cache_key(layer, self) for layer in self.spec.layers) if key}
        used_sources = {self._source_key(layer, trim) for layer in self.spec.layers if layer.source
                        for trim in (False, True)}
        for key in [key for key in self._layers if key not in used_layers]:
            del self._layers[key]
        for key in [key for key in self._sources if key not in used_sources]:
            del self._sources[key]
        self._composites.clear()

    def composite_before(self, keys: tuple[str, ...]) -> tuple[int, Image.Image | None]:
        """The longest run of `keys` already composited (how many layers it holds, a copy of it)."""
        best: tuple[str, ...] = ()
        for run in self._composites:
            if len(best) < len(run) <= len(keys) and keys[:len(run)] == run:
                best = run
        if not best:
            return 0, None
        self._composites.move_to_end(best)
        return len(best), self._composites[best].copy()

    def keep_composite(self, keys: tuple[str, ...], canvas: Image.Image) -> None:
        if keys and keys not in self._composites:
            self._composites[keys] = canvas.copy()
            while len(self._composites) > COMPOSITES_KEPT:
                self._composites.popitem(last=False)

    def _source_key(self, layer: Layer, trim: bool) -> str:
        return f"{resolve_source(layer.source or '', self.base_dir).resolve()}|{trim}"

    def source(self, layer: Layer, *, trim: bool = False) -> Image.Image:
        if not layer.source:
            raise SpecError(f"layer “{layer.name}” ({layer.id}) has no source image")
        path = resolve_source(layer.source, self.base_dir)
        key = self._source_key(layer, trim)
        if key not in self._sources:
            if not path.is_file():
                raise SpecError(f"layer “{layer.name}” ({layer.id}): source image {path} does not exist")
            image = load_image(path).image.convert("RGBA")
            self._sources[key] = trim_to_opaque(image) if trim else image
        return self._sources[key]

    def rendered(self, layer: Layer, key: str | None = None) -> LayerImage | None:
        key = key or _cache_key(layer, self)
        if key is not None and key in self._layers:
            return self._layers[key]
        result = render_layer(layer, self)
        self._drawn[0] += 1
        if key is not None:
            self._layers[key] = result
        return result


def trim_to_opaque(image: Image.Image) -> Image.Image:
    """An RGBA image cropped to its opaque pixels (alpha over 8): what a `trim` layer draws.
    Compose sizes image layers by it too, so the drawn scale it records is the one rendered."""
    bbox = image.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox()
    return image.crop(bbox) if bbox else image


_NOT_DRAWN = {"z", "name"}  # where a layer stacks and what the PSD calls it change no pixel of it


def _cache_key(layer: Layer, ctx: RenderContext, depth: int = 0) -> str | None:
    parts = [layer.model_dump_json(exclude=_NOT_DRAWN)]
    if layer.source:
        path = resolve_source(layer.source, ctx.base_dir)
        try:
            stat = path.stat()
        except OSError:
            return None  # let the renderer raise its readable error
        parts.append(f"{path.resolve()}:{stat.st_mtime_ns}:{stat.st_size}")
    if layer.kind == "shadow":
        caster = ctx.spec.layer(layer.of or "")
        if caster is None or depth > 4:
            return None
        caster_key = _cache_key(caster, ctx, depth + 1)
        if caster_key is None:
            return None
        parts.append(caster_key)
    return "\n".join(parts)


def render_poster(spec: PosterSpec, base_dir: str | Path | None = None, *,
                  context: RenderContext | None = None) -> Image.Image:
    """The finished poster as an RGB image (drawn through `context`, the poster's, when given)."""
    return render_layers(spec, base_dir, context=context).convert("RGB")


def render_layers(spec: PosterSpec, base_dir: str | Path | None = None, *,
                  include: Callable[[Layer], bool] | None = None,
                  context: RenderContext | None = None) -> Image.Image:
    """Composite the visible layers (those `include` accepts) over white, as RGBA."""
    if context is None:
        ctx = RenderContext(spec, Path(base_dir) if base_dir else None)
    else:  # a shadow finds its caster in the spec being drawn
        ctx = context if context.spec is spec else context.for_spec(spec)
    drawn = [layer for layer in spec.ordered() if layer.visible and (include is None or include(layer))]
    keys = tuple(_cache_key(layer, ctx) for layer in drawn)
    memo = all(keys) and context is not None
    start, canvas = ctx.composite_before(keys) if memo else (0, None)  # type: ignore[arg-type]
    for position in range(start, len(drawn)):
        layer = drawn[position]
        if memo and canvas is not None and layer.kind == "text" and drawn[position - 1].kind != "text":
            ctx.keep_composite(keys[:position], canvas)  # type: ignore[arg-type]  # the poster without its text
        rendered = ctx.rendered(layer, keys[position])
        if rendered is None:
            continue
        if canvas is None:
            if _covers(rendered, spec.size):  # an opaque full-canvas ground: start from a copy of it
                canvas = rendered.image.copy()
                continue
            canvas = Image.new("RGBA", spec.size, (255, 255, 255, 255))
        paste(canvas, rendered)
    if canvas is None:
        return Image.new("RGBA", spec.size, (255, 255, 255, 255))
    if memo:
        ctx.keep_composite(keys, canvas)  # type: ignore[arg-type]
    return canvas


def _covers(rendered: LayerImage, size: tuple[int, int]) -> bool:
    return (rendered.left, rendered.top) == (0, 0) and rendered.image.size == size and \
        rendered.image.getchannel("A").getextrema()[0] == 255


def paste(canvas: Image.Image, rendered: LayerImage) -> None:
    """alpha_composite at an offset, clipped to the canvas (layers may hang over its edge)."""
    left, top, right, bottom = rendered.bbox
    x0, y0 = max(0, left), max(0, top)
    x1, y1 = min(canvas.width, right), min(canvas.height, bottom)
    if x0 >= x1 or y0 >= y1:
        return
    canvas.alpha_composite(rendered.image, dest=(x0, y0), source=(x0 - left, y0 - top, x1 - left, y1 - top))


# ------------------------------------------------------------------------------------------
# One layer


def render_layer(layer: Layer, ctx: RenderContext) -> LayerImage | None:
    """The layer alone: an RGBA image and where it sits. None when it draws nothing."""
    renderer = _RENDERERS.get(layer.kind)
    if renderer is None:
        raise SpecError(f"layer “{layer.name}”: unknown kind {layer.kind}")
    result = renderer(layer, ctx)
    if result is None:
        return None
    if layer.opacity < 1.0:
        alpha = result.image.getchannel("A").point(lambda a: round(a * layer.opacity))
        result.image.putalpha(alpha)
    return result


def rgb(value: str) -> RGB:
    return parse_hex(value)


def gradient(size: tuple[int, int], colors: list[RGB], direction: str = "vertical") -> Image.Image:
    """An RGB gradient through evenly spaced colour stops.

    Linear gradients are a 1-pixel ramp stretched by Pillow; diagonal and radial ones are
    computed at a quarter of the size and enlarged smoothly (they have no detail to lose)."""
    width, height = size
    if len(colors) == 1:
        return Image.new("RGB", size, colors[0])
    stops = np.linspace(0.0, 1.0, len(colors), dtype=np.float32)
    table = np.array(colors, dtype=np.float32)

    def shade(t: np.ndarray) -> np.ndarray:
        data = np.stack([np.interp(t, stops, table[:, c]) for c in range(3)], axis=-1)
        return np.round(data).astype(np.uint8)

    if direction in ("vertical", "horizontal"):
        length = height if direction == "vertical" else width
        ramp = shade(np.linspace(0.0, 1.0, length, dtype=np.float32))
        strip = ramp[:, None, :] if direction == "vertical" else ramp[None, :, :]
        return Image.fromarray(np.ascontiguousarray(strip), "RGB").resize(size, Image.Resampling.NEAREST)
    small_w, small_h = max(2, width // 4), max(2, height // 4)
    ys = np.linspace(0.0, 1.0, small_h, dtype=np.float32)[:, None]
    xs = np.linspace(0.0, 1.0, small_w, dtype=np.float32)[None, :]
    if direction == "diagonal":
        t = ys * 0.75 + xs * 0.25
    else:  # radial
        dy, dx = ys * 2.0 - 1.0, xs * 2.0 - 1.0
        t = np.clip(np.sqrt(dx * dx + dy * dy) / math.sqrt(2.0) * 1.25, 0.0, 1.0)
    return Image.fromarray(shade(t), "RGB").resize(size, Image.Resampling.BILINEAR)


def soft_blur(mask: Image.Image, radius: float) -> Image.Image:
    """Gaussian blur of an L mask; large radii blur a reduced copy (same look, a fraction of the time)."""
    if radius <= 0:
        return mask
    factor = int(radius // 6) if radius >= 12 else 1
    if factor <= 1:
        return mask.filter(ImageFilter.GaussianBlur(radius))
    small = mask.resize((max(1, mask.width // factor), max(1, mask.height // factor)), Image.Resampling.BOX)
    small = small.filter(ImageFilter.GaussianBlur(radius / factor))
    return small.resize(mask.size, Image.Resampling.BILINEAR)


SUPERSAMPLE_PIXELS = 64_000_000  # shapes drawn large for smooth edges stay under this (64 MB as a mask)


def supersample(size: tuple[int, int], wanted: int) -> int:
    """The drawing scale for a shape of `size`: `wanted`, or less for a very large layer, so the
    enlarged drawing never passes SUPERSAMPLE_PIXELS (every poster format stays at `wanted`)."""
    area = max(1, size[0] * size[1])
    return max(1, min(wanted, math.isqrt(SUPERSAMPLE_PIXELS // area)))


def rounded_mask(size: tuple[int, int], radius: int, scale: int = 3) -> Image.Image:
    """Anti-aliased rounded-rectangle mask (drawn large, then reduced)."""
    width, height = size
    scale = supersample(size, scale)
    big = Image.new("L", (width * scale, height * scale), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, width * scale - 1, height * scale - 1),
                                          radius=max(0, radius) * scale, fill=255)
    return big.resize(size, Image.Resampling.LANCZOS)


def _fill_colors(layer: Layer, fallback: RGB = (255, 255, 255)) -> list[RGB]:
    return [rgb(value) for value in layer.fill] or [fallback]


def _fit_image(image: Image.Image, box_w: int, box_h: int, fit: str, max_scale: float | None) -> Image.Image:
    if fit == "stretch":
        return image.resize((box_w, box_h), Image.Resampling.LANCZOS)
    scale_x, scale_y = box_w / image.width, box_h / image.height
    if fit == "cover":
        scale = max(scale_x, scale_y)
        width, height = max(1, round(image.width * scale)), max(1, round(image.height * scale))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        left, top = (width - box_w) // 2, (height - box_h) // 2
        return resized.crop((left, top, left + box_w, top + box_h))
    scale = min(scale_x, scale_y)
    if max_scale is not None:
        scale = min(scale, max_scale)
    width, height = max(1, round(image.width * scale)), max(1, round(image.height * scale))
    resized = image.resize((width, height), Image.Resampling.LANCZOS)
    if scale > 1.6:
        # An upscaled small icon goes soft and its edge stair-steps: a gentle unsharp mask on the
        # colour and a slight blur of the alpha keep it crisp without a jagged outline.
        alpha = resized.getchannel("A").filter(ImageFilter.GaussianBlur(scale * 0.22))
        resized = resized.convert("RGB").filter(ImageFilter.UnsharpMask(radius=1.5, percent=45, threshold=3))
        resized.putalpha(alpha)
    return resized


def _image_layer(layer: Layer, ctx: RenderContext) -> LayerImage:
    x, y, w, h = layer.box
    fitted = _fit_image(ctx.source(layer, trim=layer.trim), w, h, layer.fit, layer.max_scale)
    if layer.rotate:
        fitted = fitted.rotate(layer.rotate, resample=Image.Resampling.BICUBIC, expand=True)
        if fitted.width > w or fitted.height > h:  # keep a rotated icon inside its box
            fitted = _fit_image(fitted, w, h, "contain", None)
    left = x + (w - fitted.width) // 2
    top = y + (h - fitted.height) if layer.anchor == "bottom" else y + (h - fitted.height) // 2
    return LayerImage(fitted, left, top)


# ------------------------------------------------------------------------------------------
# Kinds


def _background(layer: Layer, ctx: RenderContext) -> LayerImage:
    x, y, w, h = layer.box
    if layer.source:
        image = _fit_image(ctx.source(layer), w, h, "cover", None)
    else:
        colors = _fill_colors(layer)
        image = gradient((w, h), colors if layer.style != "solid" else colors[:1], layer.gradient)
        image = image.convert("RGBA")
    if layer.radius:
        image.putalpha(ImageChops.multiply(image.getchannel("A"), rounded_mask((w, h), layer.radius)))
    return LayerImage(image, x, y)


def _backdrop(layer: Layer, ctx: RenderContext) -> LayerImage:
    """A plain app screen behind the popup (header, banner, tiles, tab bar), then dimmed:
    the popup reads as floating over a real app, like the ones marketers ship."""
    x, y, w, h = layer.box
    accent = rgb(layer.fill[0]) if layer.fill else (41, 121, 255)
    scale = supersample((w, h), 2)
    image = Image.new("RGB", (w * scale, h * scale), (244, 245, 248))
    draw = ImageDraw.Draw(image)
    u = w * scale / 100.0  # one hundredth of the width
    header = mix(lighten(accent, 0.35), (200, 204, 212), 0.35)
    draw.rectangle((0, 0, w * scale, 16 * u), fill=header)
    draw.rounded_rectangle((5 * u, 5.5 * u, 70 * u, 11.5 * u), radius=3 * u, fill=lighten(header, 0.35))
    draw.ellipse((82 * u, 5 * u, 95 * u, 12 * u), fill=lighten(header, 0.35))
    draw.rounded_rectangle((5 * u, 20 * u, 95 * u, 52 * u), radius=4 * u,
                           fill=mix(lighten(accent, 0.7), (228, 230, 236), 0.5))
    top = 58 * u
    tile_h = 30 * u
    while top + tile_h < h * scale - 16 * u:
        for column in range(2):
            left = 5 * u + column * 46 * u
            draw.rounded_rectangle((left, top, left + 44 * u, top + tile_h), radius=3 * u, fill=(255, 255, 255))
            draw.rounded_rectangle((left + 3 * u, top + 3 * u, left + 41 * u, top + 17 * u), radius=2 * u,
                                   fill=(230, 232, 238))
            draw.rounded_rectangle((left + 3 * u, top + 20 * u, left + 30 * u, top + 23 * u), radius=1.5 * u,
                                   fill=(214, 217, 224))
            draw.rounded_rectangle((left + 3 * u, top + 25 * u, left + 20 * u, top + 27.5 * u), radius=1.2 * u,
                                   fill=(228, 230, 236))
        top += tile_h + 3 * u
    draw.rectangle((0, h * scale - 13 * u, w * scale, h * scale), fill=(255, 255, 255))
    image = image.resize((w, h), Image.Resampling.BOX)
    if layer.dim:
        image = Image.blend(image, Image.new("RGB", (w, h), (0, 0, 0)), layer.dim)
    return LayerImage(image.convert("RGBA"), x, y)


def _shape(layer: Layer, ctx: RenderContext) -> LayerImage:
    """card, panel and button: a rounded rectangle with a gradient fill and an optional outline."""
    x, y, w, h = layer.box
    if layer.source:  # a card filled with a retrieved or generated image
        image = _fit_image(ctx.source(layer), w, h, "cover", None).convert("RGBA")
    else:
        colors = _fill_colors(layer)
        image = gradient((w, h), colors if layer.style != "solid" else colors[:1], layer.gradient).convert("RGBA")
    if layer.style == "glossy":
        # A thin highlight along the top rim: the pill reads as pressable and slightly 3D,
        # and the band stays above the label's glyphs so it costs the label no contrast.
        shine = Image.new("L", (w, h), 0)
        ImageDraw.Draw(shine).rounded_rectangle((h * 0.32, h * 0.07, w - h * 0.32, h * 0.2),
                                                radius=h * 0.065, fill=80)
        shine = shine.filter(ImageFilter.GaussianBlur(max(1, h * 0.035)))
        image = Image.composite(Image.new("RGBA", (w, h), (255, 255, 255, 255)), image, shine)
    radius = min(layer.radius, w // 2, h // 2)
    if layer.kind == "card" and layer.style and layer.style.split(":")[0] in _CARD_SHAPES:
        return _card_shape(layer, image, radius)
    mask = rounded_mask((w, h), radius)
    if layer.outline and layer.outline_width:
        k = supersample((w, h), 3)
        ring = Image.new("L", (w * k, h * k), 0)
        inset = min(layer.outline_width, min(w, h) // 2) * k  # a wider outline is the whole shape
        ImageDraw.Draw(ring).rounded_rectangle((0, 0, w * k - 1, h * k - 1), radius=radius * k, fill=255)
        ImageDraw.Draw(ring).rounded_rectangle((inset, inset, w * k - 1 - inset, h * k - 1 - inset),
                                               radius=max(0, radius * k - inset), fill=0)
        ring = ring.resize((w, h), Image.Resampling.LANCZOS)
        image = Image.composite(Image.new("RGBA", (w, h), rgb(layer.outline) + (255,)), image, ring)
    image.putalpha(mask)
    return LayerImage(image, x, y)


_CARD_SHAPES = ("ticket", "flap", "top-rounded", "polygon")


def card_shape_mask(style: str, size: tuple[int, int], radius: int) -> Image.Image:
    """The outline of a card drawn in a layout's shape (anti-aliased L mask):

    - `ticket:F`: a coupon with a round notch in each side, F of the way down;
    - `flap:D`: a red envelope's flap, its lower edge an arc dipping D of the height;
    - `top-rounded`: only the top corners rounded (a picture panel at the top of a card);
    - `polygon:x,y;x,y;...`: a colour field with corners in fractions of the box (a diagonal split)."""
    width, height = size
    k = supersample(size, 3)
    big_w, big_h = width * k, height * k
    mask = Image.new("L", (big_w, big_h), 0)
    draw = ImageDraw.Draw(mask)
    kind, _, argument = style.partition(":")
    r = max(0, radius) * k
    if kind == "ticket":
        where = float(argument or 0.6) * big_h
        notch = min(big_w, big_h) * 0.055
        draw.rounded_rectangle((0, 0, big_w - 1, big_h - 1), radius=r, fill=255)
        for cx in (0, big_w - 1):
            draw.ellipse((cx - notch, where - notch, cx + notch, where + notch), fill=0)
    elif kind == "flap":
        dip = float(argument or 0.25) * big_h
        draw.rounded_rectangle((0, 0, big_w - 1, big_h - dip), radius=r, fill=255)
        draw.rectangle((0, min(r, (big_h - dip) / 2), big_w - 1, big_h - dip), fill=255)
        draw.ellipse((0, big_h - 2 * dip, big_w - 1, big_h - 1), fill=255)
    elif kind == "top-rounded":
        draw.rounded_rectangle((0, 0, big_w - 1, big_h - 1), radius=r, fill=255)
        draw.rectangle((0, min(r, big_h // 2), big_w - 1, big_h - 1), fill=255)
    else:  # polygon
        points = []
        for pair in argument.split(";"):
            x, _, y = pair.partition(",")
            points.append((float(x) * big_w, float(y) * big_h))
        if len(points) >= 3:
            draw.polygon(points, fill=255)
    return mask.resize(size, Image.Resampling.LANCZOS)


def _card_shape(layer: Layer, image: Image.Image, radius: int) -> LayerImage:
    """A card in one of _CARD_SHAPES: the fill cut to the shape, an outline along its edge, and a
    ticket's perforation drawn across it between the notches."""
    x, y, w, h = layer.box
    style = layer.style or ""
    mask = card_shape_mask(style, (w, h), radius)
    if style.startswith("ticket"):
        where = round(float(style.partition(":")[2] or 0.6) * h)
        notch = min(w, h) * 0.055
        dash = Image.new("L", (w, h), 0)
        draw = ImageDraw.Draw(dash)
        step = max(6, round(w * 0.035))
        thickness = max(2, round(w * 0.006))
        left = notch * 1.6
        while left + step * 0.55 < w - notch * 1.6:
            draw.rounded_rectangle((left, where - thickness / 2, left + step * 0.55, where + thickness / 2),
                                   radius=thickness / 2, fill=150)
            left += step
        image = Image.composite(Image.new("RGBA", (w, h), (255, 255, 255, 255)), image, dash)
    if layer.outline and layer.outline_width:
        inner = mask.filter(ImageFilter.MinFilter(2 * max(1, min(layer.outline_width, min(w, h) // 4)) + 1))
        ring = ImageChops.subtract(mask, inner)
        image = Image.composite(Image.new("RGBA", (w, h), rgb(layer.outline) + (255,)), image, ring)
    image.putalpha(mask)
    return LayerImage(image, x, y)


def _glow(layer: Layer, ctx: RenderContext) -> LayerImage:
    """Light behind the subject: a radial glow, with sun rays for style `rays`.
    Drawn at half size and enlarged: it is all soft gradients."""
    x, y, w, h = layer.box
    color = _fill_colors(layer)[0]
    small_w, small_h = max(2, w // 2), max(2, h // 2)
    ys = np.linspace(-1.0, 1.0, small_h, dtype=np.float32)[:, None]
    xs = np.linspace(-1.0, 1.0, small_w, dtype=np.float32)[None, :]
    distance = np.sqrt(xs * xs + ys * ys)
    glow = np.clip(1.0 - distance, 0.0, 1.0) ** 1.6
    if layer.style == "rays":
        angle = np.arctan2(ys, xs)
        rays = np.clip((np.sin(angle * 9.0) - 0.25) * 3.0, 0.0, 1.0)  # 9 pairs of soft-edged wedges
        fade = np.clip(1.0 - distance * 0.95, 0.0, 1.0)
        alpha = np.maximum(glow * 0.9, rays * fade * 0.6)
    else:
        alpha = glow
    mask = Image.fromarray(np.round(alpha * 255).astype(np.uint8), "L").resize((w, h), Image.Resampling.BILINEAR)
    image = Image.new("RGBA", (w, h), color + (255,))
    image.putalpha(mask)
    return LayerImage(image, x, y)


def _pedestal(layer: Layer, ctx: RenderContext) -> LayerImage:
    if layer.source:
        return _image_layer(layer, ctx)
    return LayerImage(_podium(layer), layer.box[0], layer.box[1])


def _podium(layer: Layer) -> Image.Image:
    """A two-tier round podium: lit top faces, cylinder sides shaded left to right."""
    _, _, w, h = layer.box
    colors = _fill_colors(layer, (240, 240, 240))
    top_color = colors[0]
    side = colors[1] if len(colors) > 1 else darken(top_color, 0.15)
    scale = supersample((w, h), 2)
    W, H = w * scale, h * scale
    image = Image.new("RGBA", (W, H), (0, 0, 0, 0))

    def tier(left: float, right: float, face_top: float, depth: float, face: RGB, wall: RGB) -> None:
        face_h = (right - left) * 0.24
        wall_top = face_top + face_h / 2
        width = int(right - left)
        shade = gradient((width, int(depth + face_h / 2)),
                         [darken(wall, 0.22), lighten(wall, 0.12), wall, darken(wall, 0.3)], "horizontal")
        mask = Image.new("L", shade.size, 0)
        md = ImageDraw.Draw(mask)
        md.rectangle((0, 0, width, depth), fill=255)
        md.ellipse((0, depth - face_h / 2, width - 1, depth + face_h / 2 - 1), fill=255)
        image.paste(shade.convert("RGBA"), (int(left), int(wall_top)), mask)
        top_face = gradient((width, int(face_h)), [lighten(face, 0.35), face], "vertical").convert("RGBA")
        face_mask = Image.new("L", top_face.size, 0)
        ImageDraw.Draw(face_mask).ellipse((0, 0, width - 1, int(face_h) - 1), fill=255)
        image.paste(top_face, (int(left), int(face_top)), face_mask)
        rim = Image.new("L", top_face.size, 0)
        ImageDraw.Draw(rim).ellipse((0, 0, width - 1, int(face_h) - 1), outline=200, width=max(2, scale * 2))
        image.paste(Image.new("RGBA", top_face.size, (255, 255, 255, 255)), (int(left), int(face_top)), rim)

    lower_depth = H * 0.22
    upper_w = W * 0.8
    upper_face_h = upper_w * 0.24
    lower_face_h = W * 0.24
    # the upper tier stands on the lower one; heights share what the box allows
    upper_depth = H - lower_face_h - lower_depth - upper_face_h * 0.5 - lower_face_h * 0.5
    upper_depth = max(upper_depth, H * 0.12)
    lower_top = H - lower_depth - lower_face_h
    tier(0, W, lower_top, lower_depth, lighten(side, 0.25), darken(side, 0.1))
    upper_top = lower_top + lower_face_h * 0.5 - upper_depth - upper_face_h * 0.5
    tier((W - upper_w) / 2, (W + upper_w) / 2, max(0, upper_top), upper_depth, top_color, side)
    return image.resize((w, h), Image.Resampling.LANCZOS)


def podium_top(box: tuple[int, int, int, int]) -> int:
    """y of the centre of the podium's upper face: where a subject stands."""
    _, y, w, h = box
    lower_face_h = w * 0.24
    upper_face_h = w * 0.8 * 0.24
    lower_depth = h * 0.22
    upper_depth = max(h - lower_face_h - lower_depth - upper_face_h * 0.5 - lower_face_h * 0.5, h * 0.12)
    lower_top = h - lower_depth - lower_face_h
    upper_top = max(0.0, lower_top + lower_face_h * 0.5 - upper_depth - upper_face_h * 0.5)
    return round(y + upper_top + upper_face_h / 2)


def _shadow(layer: Layer, ctx: RenderContext) -> LayerImage | None:
    """A soft shadow of another layer: its silhouette, offset, blurred, tinted."""
    caster = ctx.spec.layer(layer.of or "")
    if caster is None:
        raise SpecError(f"shadow “{layer.name}” casts from unknown layer “{layer.of}”")
    rendered = ctx.rendered(caster)
    if rendered is None:
        return None
    blur = max(0, layer.blur)
    pad = blur * 2 + 2
    alpha = rendered.image.getchannel("A")
    padded = Image.new("L", (alpha.width + 2 * pad, alpha.height + 2 * pad), 0)
    padded.paste(alpha, (pad, pad))
    padded = soft_blur(padded, blur)
    color = rgb(layer.color) if layer.color else (0, 0, 0)
    image = Image.new("RGBA", padded.size, color + (255,))
    image.putalpha(padded)
    return LayerImage(image, rendered.left - pad + layer.offset[0], rendered.top - pad + layer.offset[1])


def _text(layer: Layer, ctx: RenderContext) -> LayerImage | None:
    x, y, w, h = layer.box
    if text_is_stale(layer):  # edited or hand-written: lay it out in its box first
        layer = fit_text_layer(layer)
    if not layer.lines or not layer.font:
        return None
    image = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    font_path, font_index = font_file(layer)
    draw_lines(draw, layer.lines, font_path, font_index, layer.size, (0, 0, w, h), align=layer.align,
               valign=layer.valign, line_height=layer.line_height,
               fill=rgb(layer.color or "#000000") + (255,), stroke=layer.stroke_width,
               stroke_fill=rgb(layer.stroke_color or "#ffffff") + (255,))
    return LayerImage(image, x, y)


def _close(layer: Layer, ctx: RenderContext) -> LayerImage:
    """The popup's close button: a thin ring with a cross."""
    x, y, w, h = layer.box
    color = _fill_colors(layer)[0]
    scale = supersample((w, h), 4)
    size = min(w, h) * scale
    mask = Image.new("L", (w * scale, h * scale), 0)
    draw = ImageDraw.Draw(mask)
    line = max(2, round(size * 0.055))
    inset = line // 2 + 1
    draw.ellipse((inset, inset, size - inset, size - inset), outline=255, width=line)
    arm = size * 0.2
    centre = size / 2
    draw.line((centre - arm, centre - arm, centre + arm, centre + arm), fill=255, width=line)
    draw.line((centre - arm, centre + arm, centre + arm, centre - arm), fill=255, width=line)
    mask = mask.resize((w, h), Image.Resampling.LANCZOS)
    image = Image.new("RGBA", (w, h), color + (255,))
    image.putalpha(mask)
    return LayerImage(image, x, y)


LOGO_PLATE_PAD = 0.13  # a logo plate's padding, × its short side


def _logo(layer: Layer, ctx: RenderContext) -> LayerImage:
    """The brand's logo, contain-fitted in its box; with a `fill`, on a rounded plate of that
    colour (compose adds one where the logo alone would not stand out from the ground)."""
    if not layer.fill:
        return _image_layer(layer, ctx)
    x, y, w, h = layer.box
    pad = round(min(w, h) * LOGO_PLATE_PAD)
    inner = layer.model_copy(update={"box": (x + pad, y + pad, max(1, w - 2 * pad), max(1, h - 2 * pad)),
                                     "fill": []})
    picture = _image_layer(inner, ctx)
    plate = Image.new("RGBA", (w, h), _fill_colors(layer)[0] + (255,))
    plate.putalpha(rounded_mask((w, h), min(layer.radius, w // 2, h // 2)))
    plate.alpha_composite(picture.image, dest=(picture.left - x, picture.top - y))
    return LayerImage(plate, x, y)


_RENDERERS: dict[str, Callable[[Layer, RenderContext], LayerImage | None]] = {
    "background": _background,
    "backdrop": _backdrop,
    "card": _shape,
    "panel": _shape,
    "button": _shape,
    "glow": _glow,
    "decoration": _image_layer,
    "subject": _image_layer,
    "pedestal": _pedestal,
    "shadow": _shadow,
    "text": _text,
    "close": _close,
    "logo": _logo,
}

