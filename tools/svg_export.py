"""The poster as SVG with live text: a second editable export (Figma and Illustrator import it).

The canvas, each layer's place and the groups are the PSD's (文案 / 主体 / 装饰 / 背景); text layers
are `<text>` with one `<tspan>` per laid-out line at the baseline origin the renderer used, in the
font's family and weight, size, fill and stroke (the stroke painted under the fill, as Pillow
draws it); every other layer is its rendered pixels, cropped, embedded as a base64 PNG.
"""
from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

from tools.layer_groups import GROUP_NAMES, crop_to_canvas, group_of, layer_name
from tools.render import LayerImage
from tools.spec import Layer, PosterSpec

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# After the face itself: the same design under Adobe's name, then any sans-serif.
_FALLBACK_FAMILIES = {"Noto Sans CJK SC": "'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei'"}


def _family(family: str) -> str:
    fallback = _FALLBACK_FAMILIES.get(family)
    return ", ".join(part for part in (f"'{family}'", fallback, "sans-serif") if part)


def _png_data(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _text_element(parent: ET.Element, layer: Layer) -> bool:
    """`<text>` for a laid-out text layer; False when it draws nothing."""
    from tools.fonts import font_names
    from tools.psd_text import text_geometry

    geometry = text_geometry(layer)
    if geometry is None:
        return False
    names = font_names(geometry.font_path, geometry.font_index)
    anchor = {"ls": "start", "ms": "middle", "rs": "end"}[geometry.pillow_anchor]
    attributes = {
        "id": layer.id, "data-name": layer.name,
        "font-family": _family(names.family), "font-size": str(geometry.size),
        "font-weight": "700" if "bold" in names.style.lower() or layer.weight == "bold" else "400",
        "text-anchor": anchor, "fill": layer.color or "#000000",
        "{http://www.w3.org/XML/1998/namespace}space": "preserve",
    }
    if layer.stroke_width:
        # SVG centres a stroke on the outline; twice the width under the fill leaves Pillow's outside stroke
        attributes.update({"stroke": layer.stroke_color or "#ffffff", "stroke-width": str(2 * layer.stroke_width),
                           "stroke-linejoin": "round", "paint-order": "stroke fill"})
    if layer.opacity < 1.0:
        attributes["opacity"] = f"{layer.opacity:g}"
    text = ET.SubElement(parent, f"{{{SVG_NS}}}text", attributes)
    for number, line in enumerate(layer.lines):
        span = ET.SubElement(text, f"{{{SVG_NS}}}tspan",
                             {"x": str(geometry.anchor_x), "y": str(geometry.baseline_y + number * geometry.leading)})
        span.text = line
    return True


def write_svg(spec: PosterSpec, rendered: list[tuple[Layer, LayerImage]], path: Path) -> Path:
    """Write the poster's SVG: `rendered` is its visible layers bottom to top, as the PNG drew them."""

    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.Element(f"{{{SVG_NS}}}svg", {
        "width": str(spec.width), "height": str(spec.height), "viewBox": f"0 0 {spec.width} {spec.height}",
        "version": "1.1"})
    names = GROUP_NAMES.get(spec.language, GROUP_NAMES["zh"])
    group, current, count = root, None, 0
    for layer, result in rendered:
        wanted = group_of(layer, spec)
        if wanted != current:  # the PSD's groups: consecutive layers of one kind
            count += 1
            group = ET.SubElement(root, f"{{{SVG_NS}}}g", {"id": f"{wanted}-{count}", "data-name": names[wanted]})
            current = wanted
        if layer.kind == "text" and _text_element(group, layer):
            continue
        image, left, top = crop_to_canvas(result, spec.size)
        if image is None:
            continue
        ET.SubElement(group, f"{{{SVG_NS}}}image", {
            "id": layer.id, "data-name": layer_name(layer), "x": str(left), "y": str(top),
            "width": str(image.width), "height": str(image.height), f"{{{XLINK_NS}}}href": _png_data(image)})
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
