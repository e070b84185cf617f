"""The editable exports (PSD and SVG) of a saved poster, made from its spec when first asked for.

A lean batch keeps each poster's PNG, spec and layer sources only (a PSD is most of a poster's
bytes); `huabao render SPEC --psd`, the API's asset route and results.zip make the PSD and SVG
from the spec with this module. The layers are drawn from the spec's sources and the PNG beside
the spec is the PSD's merged image, so the file is the one `huabao make` would have written.
A file made beside its spec is kept there: the next request reads it instead of drawing again.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from PIL import Image

from tools.config import Settings
from tools.errors import SpecError
from tools.export import write_psd
from tools.render import LayerImage, RenderContext, paste
from tools.render_spec import load_spec_file, spec_stem
from tools.spec import Layer, PosterSpec

EditableKind = Literal["psd", "svg"]
EDITABLE_KINDS: tuple[EditableKind, ...] = ("psd", "svg")


def editable_paths(spec_path: Path, out_dir: Path | None = None) -> dict[EditableKind, Path]:
    """Where a spec's PSD and SVG go: beside the spec (its PNG's folder) unless `out_dir` says otherwise."""
    spec_path = Path(spec_path)
    folder = Path(out_dir) if out_dir is not None else spec_path.parent
    return {kind: folder / f"{spec_stem(spec_path)}.{kind}" for kind in EDITABLE_KINDS}


def is_current(made: Path, spec_path: Path) -> bool:
    """A PSD or SVG made from this spec since it last changed (a re-run brief rewrites its spec)."""
    try:
        return made.is_file() and made.stat().st_mtime_ns >= Path(spec_path).stat().st_mtime_ns
    except OSError:
        return False


def write_editable(spec_path: Path, kinds: Iterable[EditableKind] = EDITABLE_KINDS, *,
                   out_dir: Path | None = None, settings: Settings,
                   roots: Sequence[Path] | None = None, reuse: bool = True) -> dict[EditableKind, Path]:
    """Make the PSD and/or SVG of the poster `spec_path` describes; returns their paths.

    They go beside the spec unless `out_dir` is given; with `reuse` a file already made there
    since the spec last changed is returned as it is. The spec is held to the settings' work
    limits first and, with `roots` (a remote caller), its sources and fonts to those folders."""
    spec_path = Path(spec_path)
    wanted = {kind: path for kind, path in editable_paths(spec_path, out_dir).items() if kind in set(kinds)}
    missing = {kind: path for kind, path in wanted.items() if not (reuse and is_current(path, spec_path))}
    if not missing:
        return wanted
    spec, rendered, composite = _draw(spec_path, settings, roots)
    for kind, target in missing.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        # written aside and renamed: a reader (a second request, a zip being built) never sees half a file
        partial = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            if kind == "psd":
                write_psd(spec, rendered, composite, partial)
            else:
                from tools.svg_export import write_svg

                write_svg(spec, rendered, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return wanted


def _draw(spec_path: Path, settings: Settings, roots: Sequence[Path] | None
          ) -> tuple[PosterSpec, list[tuple[Layer, LayerImage]], Image.Image]:
    """The spec, its visible layers drawn bottom to top, and the merged image: the PNG beside the
    spec when it is this spec's size (what the poster is), else the layers composited over white."""
    spec, base_dir = load_spec_file(spec_path, settings, roots)
    context = RenderContext(spec, base_dir)
    rendered = [(layer, result) for layer in spec.ordered() if layer.visible
                and (result := context.rendered(layer)) is not None]
    png = spec_path.parent / f"{spec_stem(spec_path)}.png"
    if png.is_file():
        try:
            with Image.open(png) as image:
                if image.size == spec.size:
                    return spec, rendered, image.convert("RGB")
        except OSError as err:
            raise SpecError(f"{png.name}: the poster's PNG cannot be read ({err})") from None
    canvas = Image.new("RGBA", spec.size, (255, 255, 255, 255))
    for _, result in rendered:
        paste(canvas, result)
    return spec, rendered, canvas.convert("RGB")
