"""A contact sheet of the brand kit: each shipped brand (a row) applied to one brief in the four
formats (popup, poster, banner, square), so a designer sees that a brand file changes colours,
fonts, button and logo everywhere.

    python -m bench.brand_sheet                     # writes docs/brand-kit.png
    python -m bench.brand_sheet --layouts --out /tmp/brands   # every layout of every format, per brand

Runs on the CPU; needs the sample gallery (data/gallery/images, `make gallery`).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from PIL import Image, ImageDraw

from bench.layouts_sheet import FORMATS, THUMB_HEIGHT, _icon, _label_font

REPO = Path(__file__).resolve().parents[1]

# One brief per brand, in the brand's trade: a subject, decorations and copy of usual length.
BRIEFS = {
    "jinxi": {"subject": "1f381", "decorations": ["1f9e7", "2728", "1f380"],
              "copy": {"title": "会员日狂欢", "subtitle": "全场满300减50 · 仅限本周", "cta": "立即抢购"}},
    "lanxin": {"subject": "1f4b3", "decorations": ["1fa99", "2728", "1f4b0"],
               "copy": {"title": "Cashback Week", "subtitle": "5% back on every card payment", "cta": "Get started"}},
    "xianguo": {"subject": "1f34a", "decorations": ["1f34e", "1f347", "1f96c"],
                "copy": {"title": "周末鲜果节", "subtitle": "当季水果 第二件半价", "cta": "去选购"}},
}


def render(brand: str, fmt: str, settings, layout: str = "auto") -> Image.Image:
    from tools.compose import ComposeRequest, compose

    brief = BRIEFS.get(brand, BRIEFS["jinxi"])
    request = ComposeRequest.model_validate({
        "format": fmt, "layout": layout, "subject": _icon(brief["subject"]), "brand": brand,
        "decorations": [_icon(stem) for stem in brief["decorations"]], "copy": brief["copy"], "seed": 1})
    return compose(settings, request).image


def sheet(brands: list[str], settings, columns: list[tuple[str, str]]) -> Image.Image:
    """One row per brand, one column per (format, layout), each labelled."""
    cells: dict[tuple[str, int], Image.Image] = {}
    for brand in brands:
        for number, (fmt, layout) in enumerate(columns):
            image = render(brand, fmt, settings, layout)
            height = THUMB_HEIGHT[fmt] if len(columns) <= 4 else 420
            width = round(image.width * height / image.height)
            cells[(brand, number)] = image.resize((width, height), Image.Resampling.LANCZOS)
    widths = [max(cells[(brand, number)].width for brand in brands) for number in range(len(columns))]
    row_h = max(image.height for image in cells.values())
    gap, label_h, name_w = 24, 44, 180
    canvas = Image.new("RGB", (name_w + sum(widths) + gap * (len(columns) + 1), label_h + len(brands) * (row_h + gap)),
                       (238, 238, 242))
    draw = ImageDraw.Draw(canvas)
    font = _label_font(26)
    x = name_w + gap
    for number, (fmt, layout) in enumerate(columns):
        draw.text((x, 10), fmt if layout == "auto" else layout, fill=(40, 40, 48), font=font)
        x += widths[number] + gap
    for row, brand in enumerate(brands):
        y = label_h + row * (row_h + gap)
        draw.text((gap, y + row_h // 2), brand, fill=(40, 40, 48), font=font, anchor="lm")
        x = name_w + gap
        for number in range(len(columns)):
            cell = cells[(brand, number)]
            canvas.paste(cell, (x, y + (row_h - cell.height) // 2))
            x += widths[number] + gap
    return canvas


def main(argv: list[str] | None = None) -> None:
    from tools.brand import known_brands
    from tools.config import Settings
    from tools.formats import get_format
    from tools.layouts import layouts_for_format

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    parser.add_argument("--layouts", action="store_true", help="every layout of every format, one sheet per format")
    args = parser.parse_args(argv)
    os.environ.setdefault("HUABAO_DATA_DIR", str(REPO / "data"))
    settings = Settings(_env_file=None)
    args.out.mkdir(parents=True, exist_ok=True)
    brands = list(known_brands(settings))
    if args.layouts:
        for fmt in FORMATS:
            columns = [(fmt, name) for name in layouts_for_format(get_format(fmt), settings.prompts_dir)]
            path = args.out / f"brand-layouts-{fmt}.png"
            sheet(brands, settings, columns).save(path, optimize=True)
            print(path)
        return
    path = args.out / "brand-kit.png"
    sheet(brands, settings, [(fmt, "auto") for fmt in FORMATS]).save(path, optimize=True)
    print(path)


if __name__ == "__main__":
    main()
