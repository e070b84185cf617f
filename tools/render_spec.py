"""`huabao render SPEC -o DIR`: a spec file, held to the work limits, re-fitted, exported and
checked. Above the renderer, the exporter and the checker, which it runs in that order."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tools.check import check_poster
from tools.config import Settings
from tools.errors import SpecError
from tools.export import export_poster
from tools.fonts import relocate_fonts
from tools.images import header_size
from tools.paths import confine_spec_paths
from tools.spec import LimitError, PosterSpec, check_limits, resolve_source
from tools.text_fit import refresh_text


def render_spec_file(spec: Path, output: Path, *, settings: Settings,
                     roots: Sequence[Path] | None = None) -> dict:
    """`huabao render SPEC -o DIR`: re-fit edited text, export PNG + PSD + spec, check the result.

    Before anything is drawn the spec is held to the settings' work limits (file size, canvas,
    layers, fonts, blur, source image pixels); with `roots` (a remote caller) every source image
    and font it names must also lie under them (`tools.paths`).
    Returns {png, psd, spec, svg, problems}; the CLI, the MCP server and the API all call this.
    """
    spec = Path(spec)
    loaded, base_dir = load_spec_file(spec, settings, roots)
    poster = refresh_text(loaded)
    basename = spec_stem(spec)
    result = export_poster(poster, Path(output), basename, base_dir=base_dir)
    problems = check_poster(PosterSpec.load(result.spec), base_dir=Path(output))
    return {"png": str(result.png), "psd": str(result.psd), "spec": str(result.spec),
            **({"svg": str(result.svg)} if result.svg is not None else {}),
            "problems": [problem.model_dump() for problem in problems]}


def spec_stem(spec: Path) -> str:
    """`poster-1` for `poster-1.spec.json`: the name its PNG, PSD and SVG share."""
    return Path(spec).name.removesuffix(".json").removesuffix(".spec") or "poster"


def load_spec_file(spec: Path, settings: Settings, roots: Sequence[Path] | None = None) -> tuple[PosterSpec, Path]:
    """A spec file read and held to the work limits (and, with `roots`, to the folders a remote
    caller may name), before anything is drawn; returns it and the folder its sources are relative to."""
    spec = Path(spec)
    if not spec.is_file():
        raise SpecError(f"{spec}: no such spec file")
    try:
        loaded = PosterSpec.load(spec, max_bytes=settings.max_spec_bytes)
    except (ValueError, OSError) as err:  # malformed JSON or fields, unreadable file
        raise SpecError(f"{spec}: not a huabao spec ({str(err).splitlines()[0]})") from err
    try:
        check_limits(loaded, settings)
    except LimitError as err:
        raise LimitError(f"{spec.name}: {err}") from None
    base_dir = spec.resolve().parent
    if roots is not None:
        confine_spec_paths(loaded, base_dir, settings, roots)
    check_source_pixels(loaded, base_dir, settings.max_image_pixels)
    relocate_fonts(loaded, settings)
    return loaded, base_dir


def check_source_pixels(spec: PosterSpec, base_dir: Path | None, max_pixels: int) -> None:
    """Refuse a source image whose header promises more pixels than allowed, before decoding any."""
    for layer in spec.layers:
        if not layer.source:
            continue
        path = resolve_source(layer.source, base_dir)
        size = header_size(path) if path.is_file() else None  # a missing file is the renderer's error
        if size is not None and size[0] * size[1] > max_pixels:
            raise SpecError(f"layer “{layer.name}” ({layer.id}): source image {path.name} is "
                            f"{size[0]}×{size[1]} = {size[0] * size[1]:,} pixels, over the limit of {max_pixels:,} "
                            "(set HUABAO_MAX_IMAGE_PIXELS to raise it)")
