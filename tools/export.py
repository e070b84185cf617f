"""Export a poster: the PNG, a layered PSD a designer can pick up, and the spec.

- PNG: the poster.
- PSD (psd-tools): one named pixel layer per element, bottom to top, each cropped to its
  pixels at its real position; names in the copy's language, a text layer named with its text;
  transparent areas stay transparent. The composite stored in the PSD is the PNG itself, so
  any viewer that shows the composite shows the same poster.
- spec.json: every layer (kind, box, z, source, text, font, size, colours), the canvas and the
  backends used. The images the layers name are copied beside it (`<basename>_layers/`) and
  referenced relative to it, so the spec re-renders on any machine with `huabao render`.
"""
from __future__ import annotations

import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from tools.errors import SpecError
from tools.layer_groups import GROUP_NAMES, crop_to_canvas, group_of, layer_name
from tools.render import LayerImage, RenderContext, paste
from tools.spec import Layer, PosterSpec, relink_sources
from tools.text_fit import refresh_text

# zlib's run-length strategy: a poster's flat fields and gradients (after PNG's row filters) are
# runs, so it writes them 1.3–1.8× faster than the default strategy at level 3 and 15 % smaller
PNG_OPTIONS = {"compress_level": 3, "compress_type": zlib.Z_RLE}


def save_png(image: Image.Image, path: Path) -> None:
    """A poster as PNG, written as the export writes it (so its bytes can stand in for the export's)."""
    image.convert("RGB").save(path, **PNG_OPTIONS)


@dataclass(frozen=True)
class ExportResult:
    png: Path
    psd: Path | None
    spec: Path
    layers_dir: Path
    svg: Path | None = None


def export_poster(spec: PosterSpec, out_dir: str | Path, basename: str, image: Image.Image | None = None, *,
                  base_dir: str | Path | None = None, psd: bool = True, svg: bool | None = None,
                  context: RenderContext | None = None, png_file: Path | None = None) -> ExportResult:
    """Write `<basename>.png`, `<basename>.psd`, `<basename>.svg` and `<basename>.spec.json` into out_dir.

    `svg` defaults to `psd`: the two editable exports are made, or left for later, together.

    `image` is the poster already rendered from this spec (saved as the PNG when given);
    `base_dir` is where the spec's relative sources live (the folder of the spec file it was
    read from); `context` is the poster's render context (`compose`'s), whose layers go into the
    PSD and SVG as they are rather than drawn again; `png_file` is `image` already written by
    `save_png` (compose's preview): its bytes are copied, not encoded a second time."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not basename or Path(basename).name != basename:
        raise SpecError(f"basename “{basename}” must be a plain file name")
    layers_dir = out_dir / f"{basename}_layers"
    # An edited text is laid out again, so spec.json says what the PNG shows.
    fitted = refresh_text(spec)
    portable = _copy_sources(fitted, Path(base_dir) if base_dir else None, out_dir, layers_dir)

    # The layers are drawn from the spec's own sources (the copies hold the same pixels), so the
    # poster's context has them already; portable's layers name the copies in the PSD and SVG.
    ctx = context.for_spec(fitted) if context is not None else RenderContext(fitted, Path(base_dir) if base_dir else None)
    copied = {layer.id: layer for layer in portable.layers}
    rendered: list[tuple[Layer, LayerImage]] = []
    for layer in fitted.ordered() if image is None or psd or svg else ():  # a PNG given alone needs no layers
        if not layer.visible:
            continue
        result = ctx.rendered(layer)
        if result is not None:
            rendered.append((copied[layer.id], result))
    if image is None:
        canvas = Image.new("RGBA", portable.size, (255, 255, 255, 255))
        for _, result in rendered:
            paste(canvas, result)
        image = canvas.convert("RGB")
    elif image.size != portable.size:
        raise SpecError(f"the image is {image.size[0]}×{image.size[1]} but the spec is "
                        f"{portable.width}×{portable.height}")

    png_path = out_dir / f"{basename}.png"
    if png_file is not None and image is not None and Path(png_file).is_file():
        shutil.copyfile(png_file, png_path)
    else:
        save_png(image, png_path)
    psd_path = None
    if psd:
        psd_path = out_dir / f"{basename}.psd"
        write_psd(portable, rendered, image, psd_path)
    svg_path = None
    if psd if svg is None else svg:
        from tools.svg_export import write_svg

        svg_path = write_svg(portable, rendered, out_dir / f"{basename}.svg")
    spec_path = portable.save(out_dir / f"{basename}.spec.json")
    return ExportResult(png_path, psd_path, spec_path, layers_dir, svg_path)


def _copy_sources(spec: PosterSpec, base_dir: Path | None, out_dir: Path, layers_dir: Path) -> PosterSpec:
    """The spec with every source copied under layers_dir and named relative to out_dir."""
    def copy(layer: Layer, source: Path) -> str:
        layers_dir.mkdir(parents=True, exist_ok=True)
        target = layers_dir / f"{layer.id}{source.suffix.lower()}"
        if target.resolve() != source:
            shutil.copyfile(source, target)
        return target.relative_to(out_dir).as_posix()

    return relink_sources(spec, base_dir, copy)


@dataclass
class _PsdLayer:
    layer: Layer
    result: LayerImage
    shadow: Layer | None = None  # a shadow layer drawn as this layer's drop-shadow effect


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def psd_layers(spec: PosterSpec, rendered: list[tuple[Layer, LayerImage]]) -> list[_PsdLayer]:
    """The layers as the PSD holds them, bottom to top: a shadow that is a plain offset, blurred
    copy of a layer above it, with nothing drawn between them where the shadow falls, becomes that
    layer's drop-shadow effect (Photoshop draws it right under the layer); others stay pixels."""
    items = [_PsdLayer(layer, result) for layer, result in rendered]
    position = {item.layer.id: index for index, item in enumerate(items)}
    absorbed: set[int] = set()
    for index, item in enumerate(items):
        shadow = item.layer
        if shadow.kind != "shadow":
            continue
        caster_at = position.get(shadow.of or "")
        if caster_at is None or caster_at <= index:
            continue
        caster = items[caster_at]
        if caster.layer.kind == "shadow" or caster.shadow is not None \
                or group_of(caster.layer, spec) != group_of(shadow, spec):
            continue
        between = [items[k] for k in range(index + 1, caster_at) if k not in absorbed]
        if any(_overlaps(other.result.bbox, item.result.bbox) for other in between):
            continue
        caster.shadow = shadow
        absorbed.add(index)
    return [item for index, item in enumerate(items) if index not in absorbed]


def write_psd(spec: PosterSpec, rendered: list, composite: Image.Image, path: Path) -> Path:
    """A layered PSD: the layers in groups (文案 / 主体 / 装饰 / 背景), text as live type layers,
    plain shadows as drop-shadow effects, the rest as pixels cropped to where they draw, and
    `composite` as the merged image."""
    from psd_tools import PSDImage
    from psd_tools.api.layers import PixelLayer
    from psd_tools.constants import BlendMode, Compression, Tag

    from tools.fonts import font_names
    from tools.psd_text import (
        DropShadow,
        Stroke,
        fill_pixels,
        layer_effects,
        text_geometry,
        type_tool_setting,
    )

    document = PSDImage.new("RGBA", spec.size, color=(255, 255, 255, 0))
    names = GROUP_NAMES.get(spec.language, GROUP_NAMES["zh"])
    group = None
    current = None
    for item in psd_layers(spec, rendered):
        layer = item.layer
        wanted = group_of(layer, spec)
        if wanted != current:  # consecutive layers of one kind share a group; the stacking is the poster's
            group = document.create_group(name="group", blend_mode=BlendMode.PASS_THROUGH)
            group.name = names[wanted]
            current = wanted
        geometry = text_geometry(layer) if layer.kind == "text" else None
        typed = fill_pixels(layer, geometry) if geometry is not None else None
        if typed is not None:
            image, left, top = typed
        else:
            image, left, top = crop_to_canvas(item.result, spec.size)
            if image is None:
                continue
        # psd-tools writes a name given to frompil as mac-roman (Chinese fails); a name set
        # afterwards is stored as Unicode.
        pixel_layer = PixelLayer.frompil(image, group, "layer", top, left, compression=Compression.RLE)
        pixel_layer.name = layer_name(layer)
        blocks = pixel_layer._record.tagged_blocks
        stroke = None
        if typed is not None:
            postscript = font_names(geometry.font_path, geometry.font_index).postscript
            setting = type_tool_setting(layer, geometry, postscript)
            blocks[Tag.TYPE_TOOL_OBJECT_SETTING] = _tagged(Tag.TYPE_TOOL_OBJECT_SETTING, setting)
            if layer.opacity < 1.0:  # a type layer's pixels are its text at full strength
                pixel_layer.opacity = round(layer.opacity * 255)
            if layer.stroke_width:
                stroke = Stroke(layer.stroke_width, layer.stroke_color or "#ffffff")
        shadow = None
        if item.shadow is not None:
            shadow = DropShadow(item.shadow.color or "#000000", item.shadow.opacity, item.shadow.offset,
                                item.shadow.blur)
        if stroke is not None or shadow is not None:
            effects = layer_effects(stroke=stroke, shadow=shadow)
            blocks[Tag.OBJECT_BASED_EFFECTS_LAYER_INFO] = _tagged(Tag.OBJECT_BASED_EFFECTS_LAYER_INFO, effects)
    merged = composite.convert("RGB")
    merged.putalpha(255)
    document._record.image_data.set_data([band.tobytes() for band in merged.split()], document._record.header)
    # Saving an edited document makes psd-tools recomposite the layers itself (about a second
    # at 1080×1920, and its blending is not ours); the merged image set above is the PNG.
    document._updated = False
    document.save(path)
    return path


def _tagged(key, data):
    from psd_tools.psd.tagged_blocks import TaggedBlock

    return TaggedBlock(key=key, data=data)
