"""Live Photoshop type layers and layer effects, built from psd-tools' own low-level structures.

A text layer of the spec becomes a point-text layer (TySh): its lines as paragraphs, the font's
PostScript name, size, leading, tracking, colour and alignment in the EngineData, anchored at the
first line's baseline origin exactly where `tools.typography.draw_lines` put it. Its pixels are the
fill the renderer drew (a type layer's pixels are what readers show until the text is edited);
the stroke is an outside stroke effect (lfx2 FrFX), so editing the text keeps it. A shadow that is
a plain offset, blurred copy of the layer above it becomes that layer's drop-shadow effect (DrSh).

The EngineData follows the layout Photoshop writes (and ag-psd reads and writes: src/text.ts).
"""
from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

from tools.colors import parse_hex
from tools.spec import Layer

# EngineData paragraph justification codes (Photoshop: 0 left, 1 right, 2 centre)
_JUSTIFICATION = {"left": 0, "right": 1, "center": 2}
_ANTI_ALIAS_SMOOTH = 3  # EngineData's index for "smooth"; the descriptor's AntA says the same (AnSm)
# Photoshop measures type in points; a PSD with no resolution resource is 72 dpi, so 1 pt = 1 px.

_KINSOKU = [
    {"Name": "PhotoshopKinsokuHard",
     "NoStart": "、。，．・：；？！ー―’”）〕］｝〉》」』】ヽヾゝゞ々ぁぃぅぇぉっゃゅょゎ"
                "ァィゥェォッャュョヮヵヶ゛゜?!)]},.:;℃℉¢％‰",
     "NoEnd": "‘“（〔［｛〈《「『【([{￥＄£＠§〒＃", "Keep": "―‥", "Hanging": "、。.,"},
    {"Name": "PhotoshopKinsokuSoft", "NoStart": "、。，．・：；？！’”）〕］｝〉》」』】ヽヾゝゞ々",
     "NoEnd": "‘“（〔［｛〈《「『【", "Keep": "―‥", "Hanging": "、。.,"},
]


@dataclass(frozen=True)
class TextGeometry:
    """Where the renderer set a text layer: the face, its size, and each line's origin."""

    font_path: str
    font_index: int
    size: int
    leading: int  # baseline to baseline, px
    anchor_x: int  # the x every line is aligned on (left edge, centre or right edge)
    baseline_y: int  # the first line's baseline
    pillow_anchor: str  # "ls", "ms" or "rs"


def text_geometry(layer: Layer) -> TextGeometry | None:
    """The renderer's placement of a laid-out text layer (None when it draws nothing)."""
    from tools.render import font_file
    from tools.typography import line_origins

    if not layer.lines or not layer.font:
        return None
    font_path, font_index = font_file(layer)
    origins = line_origins(layer.lines, font_path, font_index, layer.size, layer.box, layer.align, layer.valign,
                           layer.line_height, layer.stroke_width)
    x, y, anchor = origins[0]
    return TextGeometry(font_path, font_index, layer.size, round(layer.line_height * layer.size), x, y, anchor)


def fill_pixels(layer: Layer, geometry: TextGeometry) -> tuple[Image.Image, int, int] | None:
    """The text's fill alone (no stroke), drawn as the renderer draws it, trimmed: (image, left, top)."""
    from tools.typography import load_font

    x, y, w, h = layer.box
    font = load_font(geometry.font_path, geometry.font_index, geometry.size)
    # room for glyphs that reach past the box (the stroke's room is inside it; ink may not be)
    pad = geometry.size
    image = Image.new("RGBA", (w + 2 * pad, h + 2 * pad), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    fill = parse_hex(layer.color or "#000000") + (255,)
    for number, line in enumerate(layer.lines):
        origin = (geometry.anchor_x - x + pad, geometry.baseline_y - y + pad + number * geometry.leading)
        draw.text(origin, line, font=font, fill=fill, anchor=geometry.pillow_anchor)
    bbox = image.getchannel("A").getbbox()
    if bbox is None:
        return None
    return image.crop(bbox), x - pad + bbox[0], y - pad + bbox[1]


# ------------------------------------------------------------------------------------------
# EngineData


def _engine(value: Any) -> Any:
    """Plain Python (dict, list, str, int, float, bool) as psd-tools' EngineData elements."""
    from psd_tools.psd import engine_data as ed

    if isinstance(value, dict):
        result = ed.Dict()
        for key, item in value.items():
            result[key] = _engine(item)
        return result
    if isinstance(value, list):
        return ed.List([_engine(item) for item in value])
    if isinstance(value, bool):
        return ed.Bool(value)
    if isinstance(value, int):
        return ed.Integer(value)
    if isinstance(value, float):
        return ed.Float(value)
    if isinstance(value, str):
        return ed.String(value)
    raise TypeError(f"no EngineData element for {value!r}")


def _color(hex_value: str) -> dict[str, Any]:
    r, g, b = parse_hex(hex_value)
    return {"Type": 1, "Values": [1.0, r / 255.0, g / 255.0, b / 255.0]}


def _paragraph_properties(align: str) -> dict[str, Any]:
    return {
        "Justification": _JUSTIFICATION.get(align, 2), "FirstLineIndent": 0.0, "StartIndent": 0.0,
        "EndIndent": 0.0, "SpaceBefore": 0.0, "SpaceAfter": 0.0, "AutoHyphenate": False,
        "HyphenatedWordSize": 6, "PreHyphen": 2, "PostHyphen": 2, "ConsecutiveHyphens": 8, "Zone": 36.0,
        "WordSpacing": [0.8, 1.0, 1.33], "LetterSpacing": [0.0, 0.0, 0.0], "GlyphSpacing": [1.0, 1.0, 1.0],
        "AutoLeading": 1.2, "LeadingType": 0, "Hanging": False, "Burasagari": False, "KinsokuOrder": 0,
        "EveryLineComposer": False,
    }


def _style(layer: Layer, geometry: TextGeometry, font: int) -> dict[str, Any]:
    return {
        "Font": font, "FontSize": float(geometry.size), "FauxBold": False, "FauxItalic": False,
        "AutoLeading": False, "Leading": float(geometry.leading), "HorizontalScale": 1.0, "VerticalScale": 1.0,
        "Tracking": 0, "AutoKerning": True, "Kerning": 0, "BaselineShift": 0.0, "FontCaps": 0, "FontBaseline": 0,
        "Underline": False, "Strikethrough": False, "Ligatures": True, "DLigatures": False,
        "BaselineDirection": 2, "Tsume": 0.0, "StyleRunAlignment": 2, "Language": 0, "NoBreak": False,
        "FillColor": _color(layer.color or "#000000"), "StrokeColor": _color(layer.stroke_color or "#ffffff"),
        "FillFlag": True, "StrokeFlag": False, "FillFirst": True, "YUnderline": 1, "OutlineWidth": 1.0,
        "CharacterDirection": 0, "HindiNumbers": False, "Kashida": 1, "DiacriticPos": 2,
    }


def engine_data(layer: Layer, geometry: TextGeometry, postscript_name: str) -> dict[str, Any]:
    """The EngineData of a point-text layer: one paragraph per laid-out line, one style run."""
    text = "\r".join(layer.lines) + "\r"  # Photoshop ends every paragraph, the last too, with \r
    fonts = [{"Name": "AdobeInvisFont", "Script": 0, "FontType": 0, "Synthetic": 0},
             {"Name": postscript_name, "Script": 0, "FontType": 1, "Synthetic": 0}]
    paragraph = _paragraph_properties(layer.align)
    style = _style(layer, geometry, 1)
    adjustments = {"Axis": [1.0, 0.0, 1.0], "XY": [0.0, 0.0]}
    resources = {
        "KinsokuSet": _KINSOKU,
        "MojiKumiSet": [{"InternalName": f"Photoshop6MojiKumiSet{n}"} for n in range(1, 5)],
        "TheNormalStyleSheet": 0, "TheNormalParagraphSheet": 0,
        "ParagraphSheetSet": [{"Name": "Normal RGB", "DefaultStyleSheet": 0, "Properties": paragraph}],
        "StyleSheetSet": [{"Name": "Normal RGB", "StyleSheetData": style}],
        "FontSet": fonts,
        "SuperscriptSize": 0.583, "SuperscriptPosition": 0.333, "SubscriptSize": 0.583,
        "SubscriptPosition": 0.333, "SmallCapSize": 0.7,
    }
    lengths = [len(line) + 1 for line in layer.lines]
    photoshop = {"ShapeType": 0, "PointBase": [0.0, 0.0],
                 "Base": {"ShapeType": 0, "TransformPoint0": [1.0, 0.0], "TransformPoint1": [0.0, 1.0],
                          "TransformPoint2": [0.0, 0.0]}}
    return {
        "EngineDict": {
            "Editor": {"Text": text},
            "ParagraphRun": {
                "DefaultRunData": {"ParagraphSheet": {"DefaultStyleSheet": 0, "Properties": {}},
                                   "Adjustments": adjustments},
                "RunArray": [{"ParagraphSheet": {"DefaultStyleSheet": 0, "Properties": paragraph},
                              "Adjustments": adjustments} for _ in lengths],
                "RunLengthArray": lengths,
                "IsJoinable": 1,
            },
            "StyleRun": {
                "DefaultRunData": {"StyleSheet": {"StyleSheetData": {}}},
                "RunArray": [{"StyleSheet": {"StyleSheetData": style}}],
                "RunLengthArray": [len(text)],
                "IsJoinable": 2,
            },
            "GridInfo": {"GridIsOn": False, "ShowGrid": False, "GridSize": 18.0, "GridLeading": 22.0,
                         "GridColor": {"Type": 1, "Values": [0.0, 0.0, 0.0, 1.0]},
                         "GridLeadingFillColor": {"Type": 1, "Values": [0.0, 0.0, 0.0, 1.0]},
                         "AlignLineHeightToGridFlags": False},
            "AntiAlias": _ANTI_ALIAS_SMOOTH,
            "UseFractionalGlyphWidths": True,
            "Rendered": {"Version": 1, "Shapes": {"WritingDirection": 0, "Children": [
                {"ShapeType": 0, "Procession": 0, "Lines": {"WritingDirection": 0, "Children": []},
                 "Cookie": {"Photoshop": photoshop}}]}},
        },
        "ResourceDict": resources,
        "DocumentResources": resources,
    }


# ------------------------------------------------------------------------------------------
# Descriptors


def _descriptor(class_id: bytes, items: list[tuple[bytes, Any]]) -> Any:
    from psd_tools.psd.descriptor import Descriptor

    return Descriptor(items=items, name="", classID=class_id)


def _enum(type_id: bytes, value: bytes) -> Any:
    from psd_tools.psd.descriptor import Enumerated

    return Enumerated(type_id, value)


def _unit(value: float, unit: bytes) -> Any:
    from psd_tools.psd.descriptor import UnitFloat

    return UnitFloat(value=float(value), unit=unit)


def _rgb(hex_value: str) -> Any:
    from psd_tools.psd.descriptor import Double

    r, g, b = parse_hex(hex_value)
    return _descriptor(b"RGBC", [(b"Rd  ", Double(float(r))), (b"Grn ", Double(float(g))), (b"Bl  ", Double(float(b)))])


def _bounds(left: float, top: float, right: float, bottom: float) -> Any:
    return _descriptor(b"bounds", [(b"Left", _unit(left, b"#Pnt")), (b"Top ", _unit(top, b"#Pnt")),
                                   (b"Rght", _unit(right, b"#Pnt")), (b"Btom", _unit(bottom, b"#Pnt"))])


def _float_bits(value: float) -> int:
    """The TySh trailer's four box values are 32-bit floats (as Photoshop and ag-psd write them);
    psd-tools declares them ints, so the float's bits go in as one."""
    return struct.unpack(">i", struct.pack(">f", float(value)))[0]


def type_tool_setting(layer: Layer, geometry: TextGeometry, postscript_name: str) -> Any:
    """The TySh block of a text layer (psd-tools' TypeToolObjectSetting)."""
    from psd_tools.psd.descriptor import (
        DescriptorBlock,
        Double,
        Integer,
        RawData,
        String,
    )
    from psd_tools.psd.engine_data import EngineData
    from psd_tools.psd.tagged_blocks import TypeToolObjectSetting

    from tools.typography import load_font

    font = load_font(geometry.font_path, geometry.font_index, geometry.size)
    ascent, descent = font.getmetrics()
    widths = [font.getlength(line) for line in layer.lines]
    widest = max(widths)
    shift = {"ls": 0.0, "ms": -widest / 2, "rs": -widest}[geometry.pillow_anchor]
    last = (len(layer.lines) - 1) * geometry.leading
    inks = [font.getbbox(line, anchor=geometry.pillow_anchor) for line in layer.lines]
    ink = (min(b[0] for b in inks), min(b[1] + n * geometry.leading for n, b in enumerate(inks)),
           max(b[2] for b in inks), max(b[3] + n * geometry.leading for n, b in enumerate(inks)))

    data = EngineData()
    for key, value in engine_data(layer, geometry, postscript_name).items():
        data[key] = _engine(value)
    text = DescriptorBlock(items=[
        (b"Txt ", String("\r".join(layer.lines))),
        (b"textGridding", _enum(b"textGridding", b"None")),
        (b"Ornt", _enum(b"Ornt", b"Hrzn")),
        (b"AntA", _enum(b"Annt", b"AnSm")),
        (b"bounds", _bounds(shift, -ascent, shift + widest, last + descent)),
        (b"boundingBox", _bounds(*ink)),
        (b"TextIndex", Integer(0)),
        (b"EngineData", RawData(data)),
    ], name="", classID=b"TxLr")
    warp = DescriptorBlock(items=[
        (b"warpStyle", _enum(b"warpStyle", b"warpNone")),
        (b"warpValue", Double(0.0)),
        (b"warpPerspective", Double(0.0)),
        (b"warpPerspectiveOther", Double(0.0)),
        (b"warpRotate", _enum(b"Ornt", b"Hrzn")),
    ], name="", classID=b"warp")
    x, y = geometry.anchor_x, geometry.baseline_y
    return TypeToolObjectSetting(
        1, (1.0, 0.0, 0.0, 1.0, float(x), float(y)), 50, text, 1, warp,
        _float_bits(x + ink[0]), _float_bits(y + ink[1]), _float_bits(x + ink[2]), _float_bits(y + ink[3]))


@dataclass(frozen=True)
class Stroke:
    width: int
    color: str  # #rrggbb


@dataclass(frozen=True)
class DropShadow:
    color: str
    opacity: float  # 0..1
    offset: tuple[int, int]
    blur: int  # the renderer's Gaussian radius (sigma), px


def _drop_shadow(shadow: DropShadow) -> Any:
    from psd_tools.psd.descriptor import Bool, List, String

    dx, dy = shadow.offset
    # Photoshop's angle is where the light comes from: the shadow falls the other way
    angle = math.degrees(math.atan2(dy, -dx)) if (dx or dy) else 90.0
    linear = _descriptor(b"ShpC", [
        (b"Nm  ", String("Linear")),
        (b"Crv ", List([_descriptor(b"CrPt", [(b"Hrzn", _double(0.0)), (b"Vrtc", _double(0.0))]),
                        _descriptor(b"CrPt", [(b"Hrzn", _double(255.0)), (b"Vrtc", _double(255.0))])])),
    ])
    return _descriptor(b"DrSh", [
        (b"enab", Bool(True)), (b"present", Bool(True)), (b"showInDialog", Bool(True)),
        (b"Md  ", _enum(b"BlnM", b"Nrml")),  # the renderer lays the shadow on normally
        (b"Clr ", _rgb(shadow.color)),
        (b"Opct", _unit(round(shadow.opacity * 100, 2), b"#Prc")),
        (b"uglg", Bool(False)),
        (b"lagl", _unit(round(angle, 2), b"#Ang")),
        (b"Dstn", _unit(round(math.hypot(dx, dy), 2), b"#Pxl")),
        (b"Ckmt", _unit(0.0, b"#Pxl")),
        # Photoshop's size is the blur's reach, about two standard deviations (as CSS's blur radius)
        (b"blur", _unit(2 * shadow.blur, b"#Pxl")),
        (b"Nose", _unit(0.0, b"#Prc")),
        (b"AntA", Bool(False)),
        (b"TrnS", linear),
        (b"layerConceals", Bool(True)),
    ])


def _double(value: float) -> Any:
    from psd_tools.psd.descriptor import Double

    return Double(value)


def _stroke(stroke: Stroke) -> Any:
    from psd_tools.psd.descriptor import Bool

    return _descriptor(b"FrFX", [
        (b"enab", Bool(True)), (b"present", Bool(True)), (b"showInDialog", Bool(True)),
        (b"Styl", _enum(b"FStl", b"OutF")),  # outside, as Pillow strokes the glyph outline outward
        (b"PntT", _enum(b"FrFl", b"SClr")),
        (b"Md  ", _enum(b"BlnM", b"Nrml")),
        (b"Opct", _unit(100.0, b"#Prc")),
        (b"Sz  ", _unit(float(stroke.width), b"#Pxl")),
        (b"Clr ", _rgb(stroke.color)),
    ])


def layer_effects(stroke: Stroke | None = None, shadow: DropShadow | None = None) -> Any:
    """The lfx2 block (psd-tools' DescriptorBlock2) with a drop shadow and/or an outside stroke."""
    from psd_tools.psd.descriptor import Bool, DescriptorBlock2

    items: list[tuple[bytes, Any]] = [(b"Scl ", _unit(100.0, b"#Prc")), (b"masterFXSwitch", Bool(True))]
    if shadow is not None:
        items.append((b"DrSh", _drop_shadow(shadow)))
    if stroke is not None:
        items.append((b"FrFX", _stroke(stroke)))
    return DescriptorBlock2(items=items, name="", classID=b"null", version=0)
