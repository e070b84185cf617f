"""Fit copy into its box: size and line breaks, so a text never leaves its box (line breaking
and fitting live in `tools.typography`; `fits=False` when even the minimum size cannot hold it).
Below the renderer, the checker and the exporter, which all re-fit a text that was edited."""
from __future__ import annotations

from tools.errors import SpecError
from tools.fonts import font_file
from tools.spec import Layer, PosterSpec
from tools.typography import TextFit, fit_text as _fit


def fit_text(text: str, box: tuple[int, int, int, int], font: str, font_index: int, *, max_size: int,
             min_size: int, max_lines: int, line_height: float = 1.25, stroke_ratio: float = 0.0,
             balance: bool = True, align: str = "center") -> TextFit:
    """Fit text into box[w, h]: the largest size in [min_size, max_size], balanced lines,
    禁则, unsplit Latin words and number+unit groups. Never larger than the box."""
    return _fit(text, font, font_index, box[2], box[3], max_size=max_size, min_size=min_size,
                max_lines=max_lines, line_height=line_height, stroke_ratio=stroke_ratio, balance=balance,
                align=align)


def fit_text_layer(layer: Layer) -> Layer:
    """The layer with size, lines and fits set for its current text and box."""
    if not layer.font:
        raise SpecError(f"text layer “{layer.name}” ({layer.id}) names no font file")
    if not (layer.max_size or layer.size):
        raise SpecError(f"text layer “{layer.name}” ({layer.id}) needs a size or a max_size")
    stroke_ratio = layer.stroke_width / layer.size if layer.size and layer.stroke_width else 0.0
    path, index = font_file(layer)
    result = fit_text(layer.text, layer.box, path, index,
                      max_size=layer.max_size or layer.size, min_size=layer.min_size or layer.size,
                      max_lines=layer.max_lines, line_height=layer.line_height, stroke_ratio=stroke_ratio,
                      balance=layer.balance, align=layer.align)
    return layer.model_copy(update={"size": result.size, "lines": result.lines, "fits": result.fits,
                                    "stroke_width": result.stroke_width})


def printed_and_wanted(layer: Layer) -> tuple[str, str]:
    """The characters a text layer's lines print (less the … that cuts them) and the characters
    of its text, whitespace aside: the two differ when words of the copy are left out."""
    return "".join("".join(layer.lines).split()).rstrip("…"), "".join(layer.text.split())


def text_is_stale(layer: Layer) -> bool:
    """True when the text was edited after layout (its lines no longer spell it), or was
    never laid out (a spec written by hand)."""
    if layer.text.strip() and not layer.lines:
        return True
    laid_out, wanted = printed_and_wanted(layer)
    return laid_out != wanted if layer.fits else not wanted.startswith(laid_out)


def refresh_text(spec: PosterSpec) -> PosterSpec:
    """The spec with every edited text (see `text_is_stale`) fitted again into its box, and its
    layer renamed after the new text; untouched texts keep their exact layout."""
    layers = []
    for layer in spec.layers:
        if layer.kind == "text" and text_is_stale(layer):
            layer = fit_text_layer(layer).model_copy(update={"name": " ".join(layer.text.split()) or layer.id})
        layers.append(layer)
    return spec.model_copy(update={"layers": layers})
