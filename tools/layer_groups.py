"""Where each layer goes in an editable file: its name, its group (文案 / 主体 / 装饰 / 背景 / 标志), and
its pixels trimmed to the canvas. Shared by the PSD and the SVG writers."""
from __future__ import annotations

from PIL import Image

from tools.render import LayerImage
from tools.spec import Layer, PosterSpec

MAX_LAYER_NAME = 60


def layer_name(layer) -> str:
    name = " ".join((layer.name or layer.id).split())
    return name if len(name) <= MAX_LAYER_NAME else name[: MAX_LAYER_NAME - 1] + "…"


# Layer kinds by the group a designer looks for them in: 文案 / 主体 / 装饰 / 背景. A shadow goes
# with the layer casting it.
_GROUP_OF_KIND = {
    "text": "copy", "button": "copy", "panel": "copy",
    "subject": "subject", "pedestal": "subject", "glow": "subject",
    "decoration": "decorations", "close": "copy",  # the popup's close control sits with its button
    "background": "background", "backdrop": "background", "card": "background",
    "logo": "logo",  # the brand's logo: a group of its own, so a designer finds and swaps it
}
GROUP_NAMES = {
    "zh": {"copy": "文案", "subject": "主体", "decorations": "装饰", "background": "背景", "logo": "标志"},
    "en": {"copy": "Copy", "subject": "Subject", "decorations": "Decorations", "background": "Background",
           "logo": "Logo"},
}


def group_of(layer: Layer, spec: PosterSpec) -> str:
    """The PSD group a layer belongs in (a shadow: its caster's)."""
    seen: set[str] = set()
    while layer.kind == "shadow" and layer.id not in seen:
        seen.add(layer.id)
        caster = spec.layer(layer.of or "")
        if caster is None:
            break
        layer = caster
    return _GROUP_OF_KIND.get(layer.kind, "decorations")


def crop_to_canvas(result: LayerImage, size: tuple[int, int]) -> tuple[Image.Image | None, int, int]:
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
