"""Contact sheets of every layout: for each format, every layout file made for it, composed with
Chinese and with English copy (a gallery subject, real gallery decorations), side by side with
its name, so a designer can judge the range at a glance.

    python -m bench.layouts_sheet                      # writes docs/layouts-{popup,poster,banner,square}.png
    python -m bench.layouts_sheet --formats poster --out /tmp/sheets

Runs on the CPU; needs the sample gallery (data/gallery/images, `make gallery`).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
GALLERY = REPO / "data" / "gallery" / "images"
FORMATS = ("popup", "poster", "banner", "square")

# One brief per format and language: a subject, decorations that fit it, and copy of usual length.
BRIEFS = {
    "zh": {"subject": "1f381", "decorations": ["1f380", "2728", "1f388"], "palette": ["red", "yellow"],
           "copy": {"title": "好运福袋", "subtitle": "限时领取 · 每日一次", "cta": "立即领取"}},
    "en": {"subject": "1f45f", "decorations": ["2728", "1f389", "1f388"], "palette": ["#2979ff", "#ffd166"],
           "copy": {"title": "Summer Sneaker Drop", "subtitle": "Up to 50% off this week only", "cta": "Shop now"}},
}
THUMB_HEIGHT = {"popup": 480, "poster": 560, "banner": 250, "square": 380}


def _icon(stem: str) -> str:
    path = GALLERY / f"{stem}.webp"
    if not path.is_file():
        raise SystemExit(f"the sample gallery is not installed ({path} is missing): run `make gallery`")
    return str(path)


def _label_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from tools.compose import _fonts
    from tools.config import Settings

    settings = Settings(_env_file=None)
    try:
        fonts = _fonts(settings.font_path, settings.font_bold_path)
        return ImageFont.truetype(str(fonts.bold.path), size, index=fonts.bold.index)
    except OSError:
        return ImageFont.load_default()


def render_layout(fmt: str, layout: str, language: str, settings) -> Image.Image:
    from tools.compose import ComposeRequest, compose

    brief = BRIEFS[language]
    request = ComposeRequest.model_validate({
        "format": fmt, "layout": layout, "palette": brief["palette"], "subject": _icon(brief["subject"]),
        "decorations": [_icon(stem) for stem in brief["decorations"]], "copy": brief["copy"], "seed": 1})
    return compose(settings, request).image


def sheet(fmt: str, settings) -> Image.Image:
    """Every layout of `fmt`, a zh row and an en row, each labelled with its name."""
    from tools.formats import get_format
    from tools.layouts import layouts_for_format

    names = layouts_for_format(get_format(fmt), settings.prompts_dir)
    height = THUMB_HEIGHT[fmt]
    cells: dict[tuple[str, str], Image.Image] = {}
    for name in names:
        for language in ("zh", "en"):
            image = render_layout(fmt, name, language, settings)
            width = round(image.width * height / image.height)
            cells[(name, language)] = image.resize((width, height), Image.Resampling.LANCZOS)
    cell_w = max(image.width for image in cells.values())
    gap, label_h = 24, 44
    columns = len(names)
    canvas = Image.new("RGB", (gap + columns * (cell_w + gap), label_h + 2 * (height + gap) + gap), (238, 238, 242))
    draw = ImageDraw.Draw(canvas)
    font = _label_font(26)
    for column, name in enumerate(names):
        x = gap + column * (cell_w + gap)
        draw.text((x, 10), name, fill=(40, 40, 48), font=font)
        for row, language in enumerate(("zh", "en")):
            canvas.paste(cells[(name, language)], (x, label_h + gap // 2 + row * (height + gap)))
    return canvas


def main(argv: list[str] | None = None) -> None:
    from tools.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args(argv)
    os.environ.setdefault("HUABAO_DATA_DIR", str(REPO / "data"))
    settings = Settings(_env_file=None)
    args.out.mkdir(parents=True, exist_ok=True)
    for fmt in args.formats.split(","):
        path = args.out / f"layouts-{fmt.strip()}.png"
        sheet(fmt.strip(), settings).save(path, optimize=True)
        print(path)


if __name__ == "__main__":
    main()
