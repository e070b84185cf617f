"""Find CJK fonts: a configured file first, then fontconfig (Debian `fonts-noto-cjk`)."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tools.config import Settings
from tools.errors import BackendUnavailable, SpecError
from tools.spec import Layer, PosterSpec

INSTALL_HINT = "apt-get install fonts-noto-cjk (or set HUABAO_FONT_PATH / HUABAO_FONT_BOLD_PATH)"


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int = 0  # face inside a .ttc collection (Noto CJK SC is not the first face)

    def load(self, size: int):
        return open_font(self.path, self.index, size)


def open_font(path: str | Path, index: int, size: int):
    """PIL's font from a file, or `BackendUnavailable` naming the file when it is not a font
    FreeType can read (a text file, a folder, a face index the collection lacks)."""
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(path), size=size, index=index)
    except (OSError, ValueError) as err:  # PIL says only "unknown file format" / "cannot open resource"
        raise BackendUnavailable(
            f"font file {path} cannot be used ({err}): give a .ttf, .otf or .ttc font file "
            "(HUABAO_FONT_PATH / HUABAO_FONT_BOLD_PATH, or the text layer's font)") from None


@lru_cache(maxsize=16)
def _checked(path: Path, index: int) -> None:
    open_font(path, index, 12)  # raises for a file that is not a font; once per file is enough


@dataclass(frozen=True)
class FontChoice:
    regular: FontFace
    bold: FontFace
    source: str  # "configured" or "fontconfig"


def _fc_match(pattern: str) -> FontFace | None:
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(
        ["fc-match", "--format=%{file}\t%{index}", pattern], capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or "\t" not in result.stdout:
        return None
    file, index = result.stdout.strip().split("\t", 1)
    path = Path(file)
    return FontFace(path, int(index or 0)) if path.is_file() else None


def _supports_cjk(face: FontFace) -> bool:
    """fc-match falls back to any font (DejaVu) when no CJK font exists: check the glyph set."""
    if shutil.which("fc-query") is None:
        return "cjk" in str(face.path).lower()
    result = subprocess.run(
        ["fc-query", f"--index={face.index}", "--format=%{lang}\n", str(face.path)],
        capture_output=True, text=True, check=False,
    )
    return "zh-cn" in result.stdout


def font_file(layer: Layer) -> tuple[str, int]:
    """The layer's font file and face; when a spec moved to a machine without that file, the
    same weight found by fontconfig (`relocate_fonts` has already put the configured fonts in a
    spec read from a file)."""
    if layer.font and Path(layer.font).is_file():
        return layer.font, layer.font_index
    try:
        fonts = fontconfig_fonts()
    except BackendUnavailable as err:
        raise _no_stand_in(layer, err) from err
    face = _face_of(layer, fonts)
    return str(face.path), face.index


def relocate_fonts(spec: PosterSpec, settings: Settings) -> None:
    """Text layers whose font file is not on this machine take the configured fonts (else
    fontconfig's) of the same weight, so a spec moved between machines renders; a bad
    HUABAO_FONT_PATH is reported rather than passed over."""
    moved = [layer for layer in spec.layers if layer.kind == "text" and layer.font and not Path(layer.font).is_file()]
    if not moved:
        return
    try:
        fonts = find_fonts(settings)
    except Exception as err:  # BackendUnavailable or a font that does not parse: say which font is missing
        raise _no_stand_in(moved[0], err) from err
    for layer in moved:
        face = _face_of(layer, fonts)
        layer.font, layer.font_index = str(face.path), face.index


def _face_of(layer: Layer, fonts: FontChoice) -> FontFace:
    return fonts.bold if layer.weight == "bold" else fonts.regular


def _no_stand_in(layer: Layer, err: Exception) -> SpecError:
    return SpecError(f"text “{layer.text}”: font {layer.font} is missing, and no other CJK font can be used: {err}")


def find_fonts(settings: Settings) -> FontChoice:
    """Regular and bold fonts that can set Chinese text, or `BackendUnavailable`."""
    if settings.font_path:
        regular = Path(settings.font_path)
        bold = Path(settings.font_bold_path) if settings.font_bold_path else regular
        for path in (regular, bold):
            if not path.is_file():
                raise BackendUnavailable(f"font file {path} does not exist")
            _checked(path, 0)
        return FontChoice(FontFace(regular), FontFace(bold), "configured")
    return fontconfig_fonts()


def fontconfig_fonts() -> FontChoice:
    """The CJK regular and bold faces fontconfig finds (Noto Sans CJK first), or `BackendUnavailable`."""
    regular = _fc_match("Noto Sans CJK SC:style=Regular") or _fc_match("sans-serif:lang=zh-cn")
    bold = _fc_match("Noto Sans CJK SC:style=Bold") or _fc_match("sans-serif:lang=zh-cn:weight=bold")
    if regular is None or not _supports_cjk(regular):
        raise BackendUnavailable(f"no CJK font found by fontconfig: {INSTALL_HINT}")
    if bold is None or not _supports_cjk(bold):
        bold = regular
    return FontChoice(regular, bold, "fontconfig")


@dataclass(frozen=True)
class FontNames:
    """A face's names as design tools know it: Photoshop and ag-psd name a font by its PostScript
    name, SVG and CSS by its family and weight."""

    postscript: str
    family: str
    style: str


@lru_cache(maxsize=32)
def font_names(path: str | Path, index: int = 0) -> FontNames:
    """The PostScript name, family and style of one face of a .ttf/.otf/.ttc, read from its
    OpenType `name` table (Photoshop needs the PostScript name, which Pillow does not give)."""
    import struct

    try:
        names = _name_records(Path(path).read_bytes(), index, str(path))
    except (struct.error, OSError) as err:  # a truncated or foreign file: say which one
        raise BackendUnavailable(f"font file {path} has no readable name table ({err})") from None
    family, style = FontFace(Path(path), index).load(12).getname()
    # 16/17: the typographic family and style ("Noto Sans CJK SC" / "Bold"), 1/2 the legacy ones
    return FontNames(postscript=names.get(6) or f"{family}-{style}".replace(" ", ""),
                     family=names.get(16) or names.get(1) or family or "sans-serif",
                     style=names.get(17) or names.get(2) or style or "Regular")


def _name_records(data: bytes, index: int, path: str) -> dict[int, str]:
    import struct

    offset = 0
    if data[:4] == b"ttcf":
        count = struct.unpack_from(">I", data, 8)[0]
        if not 0 <= index < count:
            raise BackendUnavailable(f"font file {path} has no face {index}")
        offset = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    tables = struct.unpack_from(">H", data, offset + 4)[0]
    names: dict[int, str] = {}
    for number in range(tables):
        tag, _, table, _ = struct.unpack_from(">4sIII", data, offset + 12 + 16 * number)
        if tag != b"name":
            continue
        _, records, strings = struct.unpack_from(">HHH", data, table)
        for record in range(records):
            platform, encoding, language, name_id, length, start = struct.unpack_from(
                ">HHHHHH", data, table + 6 + 12 * record)
            raw = data[table + strings + start: table + strings + start + length]
            if platform == 3 and encoding in (0, 1, 10) and language == 0x409:  # Windows, Unicode, US English
                names.setdefault(name_id, raw.decode("utf-16-be", "replace"))
            elif platform == 1 and encoding == 0 and name_id not in names:  # Macintosh Roman
                names[name_id] = raw.decode("mac_roman", "replace")
    return names
