"""Brand kits: a brand's colours, fonts, logo and button style as a YAML file, applied by compose.

A brand file (`prompts/brands/<key>.yaml`):

    name: Jinxi 金禧百货
    description: Red and gold department store.
    colors: {primary: "#c8102e", secondary: "#f2c14e", accent: "#7a0a1c", text: "#fff4d6"}
    fonts: {title: Noto Serif CJK SC, body: Noto Sans CJK SC}
    logo: jinxi-logo.png
    cta: {shape: pill, fill: "#f2c14e", text_color: "#7a0a1c"}

- `colors`: #rrggbb; primary and secondary lead the poster's palette (main, second), accent is the
  third; `text` is tried first for the copy and kept only where it reads at 4.5:1.
- `fonts`: a fontconfig family or pattern (`Noto Serif CJK SC`, `Noto Sans CJK SC:style=Bold`),
  resolved with fc-match; or a font file (.ttf/.otf/.ttc, `file.ttc#2` for a face) relative to the
  brand file. A title family without a style is taken in its bold weight.
- `logo`: a PNG or WebP (transparent ground preferred), relative to the brand file.
- `cta`: the button's `shape` (pill, rounded, square), `fill` and `text_color`.

`load_brand(name_or_path, settings)` finds a brand by key in the shipped `prompts/brands/`, then
`HUABAO_PROMPTS_DIR/brands/`, then `<data_dir>/brands/` (a later folder replaces a key), or reads
the .yaml file a path names; it checks the colours, resolves the fonts and reads the logo, and
says what is wrong in a sentence (`BrandError`).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tools.colors import RGB, parse_hex
from tools.config import Settings
from tools.errors import BackendUnavailable, BrandError, ImageError
from tools.fonts import FontFace, _supports_cjk, font_names, open_font
from tools.images import load_image

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "prompts" / "brands"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
LOGO_SUFFIXES = (".png", ".webp", ".jpg", ".jpeg")
CTA_SHAPES = ("pill", "rounded", "square")


def _hex(value: str) -> str:
    """A colour as lower-case #rrggbb (#abc is widened), or ValueError naming the value."""
    text = str(value).strip()
    if not text.startswith("#"):
        raise ValueError(f"“{text}” is not a #rrggbb colour")
    try:
        return "#{:02x}{:02x}{:02x}".format(*parse_hex(text))
    except ValueError:
        raise ValueError(f"“{text}” is not a #rrggbb colour") from None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BrandColors(_Strict):
    primary: str = Field(description="The main colour: the ground of most layouts.")
    secondary: str = Field(description="The second colour: gradients' other end, buttons, glows.")
    accent: str | None = Field(None, description="A third colour; None: a mix of the first two.")
    text: str | None = Field(None, description="Copy colour, used where it reads at 4.5:1.")

    @field_validator("primary", "secondary", "accent", "text", mode="before")
    @classmethod
    def _colour(cls, value: Any) -> Any:
        return None if value is None else _hex(value)


class BrandFonts(_Strict):
    title: str | None = Field(None, description="Title and button font: a fontconfig family or a font file.")
    body: str | None = Field(None, description="Subtitle and body font: a fontconfig family or a font file.")


class BrandCta(_Strict):
    shape: Literal["pill", "rounded", "square"] = "pill"
    fill: str | None = Field(None, description="The button's colour; None: the palette's button.")
    text_color: str | None = Field(None, description="The label's colour, used where it reads at 4.5:1.")

    @field_validator("fill", "text_color", mode="before")
    @classmethod
    def _colour(cls, value: Any) -> Any:
        return None if value is None else _hex(value)


class BrandFile(_Strict):
    """What a brand .yaml file holds."""

    name: str = Field(min_length=1, max_length=60, description="The brand's display name.")
    description: str = Field("", max_length=200)
    colors: BrandColors
    fonts: BrandFonts = Field(default_factory=BrandFonts)
    logo: str | None = Field(None, description="Logo image (PNG/WebP), relative to the brand file.")
    cta: BrandCta | None = None


class BrandFont(BaseModel):
    """A brand font as resolved on this machine."""

    model_config = ConfigDict(frozen=True)

    path: str
    index: int = 0
    family: str
    style: str
    cjk: bool = Field(description="The face can set Chinese.")
    requested: str = Field(description="What the brand file asked for.")

    @property
    def face(self) -> FontFace:
        return FontFace(Path(self.path), self.index)

    def label(self) -> str:
        return f"{self.family} {self.style} ({Path(self.path).name})"


class Brand(BrandFile):
    """A loaded brand: the file's fields plus what they resolve to on this machine."""

    key: str = Field("", description="The name it is found by: its file's stem.")
    path: str | None = Field(None, description="The brand file.")
    logo_path: str | None = Field(None, description="The logo as an absolute path.")
    logo_size: tuple[int, int] | None = None
    title_font: BrandFont | None = None
    body_font: BrandFont | None = None

    def palette(self) -> list[RGB]:
        """Primary, secondary (and accent): the colours that lead the poster's palette."""
        colours = [self.colors.primary, self.colors.secondary]
        if self.colors.accent:
            colours.append(self.colors.accent)
        return [parse_hex(colour) for colour in colours]


# ------------------------------------------------------------------------------------------
# Finding brands


def brand_folders(settings: Settings) -> list[Path]:
    """Shipped brands first; HUABAO_PROMPTS_DIR/brands/ and <data_dir>/brands/ after them replace a key."""
    folders = [SHIPPED_DIR]
    if settings.prompts_dir is not None:
        folders.append(Path(settings.prompts_dir) / "brands")
    folders.append(Path(settings.data_dir) / "brands")
    return folders


def known_brands(settings: Settings) -> dict[str, Path]:
    """Every brand file by key (its file name without .yaml), sorted by key."""
    found: dict[str, Path] = {}
    for folder in brand_folders(settings):
        if not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            if KEY_PATTERN.match(path.stem.lower()):
                found[path.stem.lower()] = path
    return dict(sorted(found.items()))


def list_brands(settings: Settings) -> list[Brand]:
    """Every known brand, loaded (a picker shows their names, colours and logos)."""
    return [_load_file(path, settings) for path in known_brands(settings).values()]


def _is_path(text: str) -> bool:
    return text.lower().endswith((".yaml", ".yml")) or "/" in text or "\\" in text


def load_brand(name_or_path: str, settings: Settings) -> Brand:
    """The brand a key (`jinxi`) or a .yaml path names, checked and resolved, or BrandError."""
    text = str(name_or_path or "").strip()
    if not text:
        raise BrandError("no brand given: name a brand or the path of a brand .yaml file")
    if _is_path(text):
        path = Path(text).expanduser()
        if not path.is_file():
            raise BrandError(f"brand file {path} does not exist")
        return _load_file(path, settings)
    brands = known_brands(settings)
    path = brands.get(text.lower())
    if path is None:
        known = ", ".join(brands) or "none installed"
        raise BrandError(f"unknown brand “{text}”: use one of {known}, or the path of a brand .yaml file")
    return _load_file(path, settings)


def _load_file(path: Path, settings: Settings) -> Brand:
    path = path.resolve()
    try:
        stat = path.stat()
    except OSError as err:
        raise BrandError(f"brand file {path} cannot be read ({err.strerror or err})") from None
    return _load_cached(str(path), stat.st_mtime_ns, settings.max_image_pixels)


@lru_cache(maxsize=32)
def _load_cached(path_text: str, _mtime: int, max_pixels: int) -> Brand:
    path = Path(path_text)
    origin = f"brand file {path.name}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise BrandError(f"{origin} cannot be read ({err})") from None
    except yaml.YAMLError as err:
        raise BrandError(f"{origin} is not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise BrandError(f"{origin} must be a mapping of fields (name, colors, fonts, logo, cta)")
    try:
        written = BrandFile.model_validate(data)
    except ValidationError as err:
        problems = []
        for problem in err.errors()[:4]:
            where = ".".join(str(part) for part in problem["loc"])
            message = problem["msg"].removeprefix("Value error, ")
            if problem["type"] == "extra_forbidden":
                message = "is not a brand field (name, description, colors, fonts, logo, cta)"
            problems.append(f"{where}: {message}" if where else message)
        raise BrandError(f"{origin}: " + "; ".join(problems)) from None
    base = path.parent
    logo_path, logo_size = _logo(written.logo, base, origin, max_pixels) if written.logo else (None, None)
    title = _font(written.fonts.title, base, "title", origin) if written.fonts.title else None
    body = _font(written.fonts.body, base, "body", origin) if written.fonts.body else None
    return Brand(**written.model_dump(), key=path.stem.lower(), path=str(path), logo_path=logo_path,
                 logo_size=logo_size, title_font=title, body_font=body)


def _logo(value: str, base: Path, origin: str, max_pixels: int) -> tuple[str, tuple[int, int]]:
    path = (base / value).expanduser() if not Path(value).expanduser().is_absolute() else Path(value).expanduser()
    path = path.resolve()
    if path.suffix.lower() == ".svg":
        raise BrandError(f"{origin}: the logo {path.name} is an SVG, which huabao cannot draw yet: "
                         "export it as a PNG (with a transparent ground) or a WebP")
    if not path.is_file():
        raise BrandError(f"{origin}: the logo file {path} does not exist")
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise BrandError(f"{origin}: the logo {path.name} must be a PNG or WebP image")
    try:
        loaded = load_image(path, max_pixels=max_pixels, min_side=16)
    except ImageError as err:
        raise BrandError(f"{origin}: the logo cannot be used: {err}") from None
    return str(path), loaded.image.size


def _font(value: str, base: Path, role: str, origin: str) -> BrandFont:
    text = value.strip()
    file_part, _, face = text.partition("#")
    if file_part.lower().endswith(FONT_SUFFIXES) or "/" in file_part:
        path = Path(file_part).expanduser()
        path = (path if path.is_absolute() else base / path).resolve()
        if not path.is_file():
            raise BrandError(f"{origin}: fonts.{role}: the font file {path} does not exist")
        if face and not face.isdigit():
            raise BrandError(f"{origin}: fonts.{role}: “#{face}” is not a face number (file.ttc#2)")
        index = int(face or 0)
        try:
            open_font(path, index, 12)
            names = font_names(path, index)
        except BackendUnavailable as err:
            raise BrandError(f"{origin}: fonts.{role}: {err}") from None
        return BrandFont(path=str(path), index=index, family=names.family, style=names.style,
                         cjk=_supports_cjk(FontFace(path, index)), requested=text)
    return _fontconfig(text, role, origin)


@lru_cache(maxsize=64)
def _fontconfig(pattern: str, role: str, origin: str) -> BrandFont:
    """A family or fontconfig pattern through fc-match; a title without a style is bold. fc-match
    answers any pattern with its nearest font, so the family it gives must be the one asked for."""
    if shutil.which("fc-match") is None:
        raise BrandError(f"{origin}: fonts.{role}: “{pattern}” is a font family, and fontconfig (fc-match) is "
                         "not installed: give a font file instead")
    family = pattern.split(":", 1)[0].strip()
    styled = ":" in pattern and re.search(r":(style|weight)=", pattern) is not None
    query = pattern if styled or role != "title" else f"{pattern}:weight=bold"
    result = subprocess.run(["fc-match", "--format=%{file}\t%{index}\t%{family}\t%{style}", query],
                            capture_output=True, text=True, check=False)
    parts = result.stdout.strip().split("\t")
    if result.returncode != 0 or len(parts) < 4 or not Path(parts[0]).is_file():
        raise BrandError(f"{origin}: fonts.{role}: fontconfig finds no font for “{pattern}”")
    file, index, families, style = parts[0], int(parts[1] or 0), parts[2], parts[3]
    offered = [name.strip().lower() for name in families.split(",")]
    if family.lower() not in offered:
        raise BrandError(f"{origin}: fonts.{role}: the font “{family}” is not installed (fontconfig offers "
                         f"“{families.split(',')[0]}” instead): install it, or give a font file")
    face = FontFace(Path(file), index)
    return BrandFont(path=file, index=index, family=families.split(",")[0].strip(), style=style.split(",")[0].strip(),
                     cjk=_supports_cjk(face), requested=pattern)
