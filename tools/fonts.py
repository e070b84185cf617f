"""Find CJK fonts: a configured file first, then fontconfig (Debian `fonts-noto-cjk`)."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tools.config import Settings
from tools.errors import BackendUnavailable

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

    regular = _fc_match("Noto Sans CJK SC:style=Regular") or _fc_match("sans-serif:lang=zh-cn")
    bold = _fc_match("Noto Sans CJK SC:style=Bold") or _fc_match("sans-serif:lang=zh-cn:weight=bold")
    if regular is None or not _supports_cjk(regular):
        raise BackendUnavailable(f"no CJK font found by fontconfig: {INSTALL_HINT}")
    if bold is None or not _supports_cjk(bold):
        bold = regular
    return FontChoice(regular, bold, "fontconfig")
