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
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from tools.errors import SpecError
from tools.render import LayerImage, RenderContext, paste
from tools.spec import PosterSpec, resolve_source

MAX_LAYER_NAME = 60


@dataclass(frozen=True)
class ExportResult:
    png: Path
    psd: Path | None
    spec: Path
    layers_dir: Path


def export_poster(spec: PosterSpec, out_dir: str | Path, basename: str, image: Image.Image | None = None, *,
                  base_dir: str | Path | None = None, psd: bool = True) -> ExportResult:
    """Write `<basename>.png`, `<basename>.psd` and `<basename>.spec.json` into out_dir.

    `image` is the poster already rendered from this spec (saved as the PNG when given);
    `base_dir` is where the spec's relative sources live (the folder of the spec file it was
    read from)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not basename or Path(basename).name != basename:
        raise SpecError(f"basename “{basename}” must be a plain file name")
    from tools.layout import refresh_text

    layers_dir = out_dir / f"{basename}_layers"
    # An edited text is laid out again, so spec.json says what the PNG shows.
    portable = _copy_sources(refresh_text(spec), Path(base_dir) if base_dir else None, out_dir, layers_dir)

    ctx = RenderContext(portable, out_dir)
    rendered: list[tuple[object, LayerImage]] = []
    for layer in portable.ordered():
        if not layer.visible:
            continue
        result = ctx.rendered(layer)
        if result is not None:
            rendered.append((layer, result))
    if image is None:
        canvas = Image.new("RGBA", portable.size, (255, 255, 255, 255))
        for _, result in rendered:
            paste(canvas, result)
        image = canvas.convert("RGB")
    elif image.size != portable.size:
        raise SpecError(f"the image is {image.size[0]}×{image.size[1]} but the spec is "
                        f"{portable.width}×{portable.height}")

    png_path = out_dir / f"{basename}.png"
    image.convert("RGB").save(png_path, compress_level=3)
    psd_path = None
    if psd:
        psd_path = out_dir / f"{basename}.psd"
        write_psd(portable, rendered, image, psd_path)
    spec_path = portable.save(out_dir / f"{basename}.spec.json")
    return ExportResult(png_path, psd_path, spec_path, layers_dir)


def _copy_sources(spec: PosterSpec, base_dir: Path | None, out_dir: Path, layers_dir: Path) -> PosterSpec:
    """The spec with every source copied under layers_dir and named relative to out_dir."""
    copied: dict[Path, str] = {}
    layers = []
    for layer in spec.layers:
        if not layer.source:
            layers.append(layer)
            continue
        source = resolve_source(layer.source, base_dir).resolve()
        if not source.is_file():
            raise SpecError(f"layer “{layer.name}” ({layer.id}): source image {source} does not exist")
        if source not in copied:
            layers_dir.mkdir(parents=True, exist_ok=True)
            target = layers_dir / f"{layer.id}{source.suffix.lower()}"
            if target.resolve() != source:
                shutil.copyfile(source, target)
            copied[source] = target.relative_to(out_dir).as_posix()
        layers.append(layer.model_copy(update={"source": copied[source]}))
    return spec.model_copy(update={"layers": layers})


def layer_name(layer) -> str:
    name = " ".join((layer.name or layer.id).split())
    return name if len(name) <= MAX_LAYER_NAME else name[: MAX_LAYER_NAME - 1] + "…"


def write_psd(spec: PosterSpec, rendered: list, composite: Image.Image, path: Path) -> Path:
    """A layered PSD: each rendered layer cropped to its pixels, and `composite` as the merged image."""
    from psd_tools import PSDImage
    from psd_tools.api.layers import PixelLayer
    from psd_tools.constants import Compression

    document = PSDImage.new("RGBA", spec.size, color=(255, 255, 255, 0))
    for layer, result in rendered:
        image, left, top = _crop_to_canvas(result, spec.size)
        if image is None:
            continue
        # psd-tools writes a name given to frompil as mac-roman (Chinese fails); a name set
        # afterwards is stored as Unicode.
        pixel_layer = PixelLayer.frompil(image, document, "layer", top, left, compression=Compression.RLE)
        pixel_layer.name = layer_name(layer)
        document.append(pixel_layer)
    merged = composite.convert("RGB")
    merged.putalpha(255)
    document._record.image_data.set_data([band.tobytes() for band in merged.split()], document._record.header)
    # Saving an edited document makes psd-tools recomposite the layers itself (about a second
    # at 1080×1920, and its blending is not ours); the merged image set above is the PNG.
    document._updated = False
    document.save(path)
    return path


def _crop_to_canvas(result: LayerImage, size: tuple[int, int]) -> tuple[Image.Image | None, int, int]:
    """The layer's pixels inside the canvas, trimmed to where it is not transparent."""
    left, top, right, bottom = result.bbox
    x0, y0, x1, y1 = max(0, left), max(0, top), min(size[0], right), min(size[1], bottom)
    if x0 >= x1 or y0 >= y1:
        return None, 0, 0
    image = result.image.crop((x0 - left, y0 - top, x1 - left, y1 - top))
    bbox = image.getchannel("A").getbbox()
    if bbox is None:
        return None, 0, 0
    return image.crop(bbox), x0 + bbox[0], y0 + bbox[1]
