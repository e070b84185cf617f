"""Draw the logos of the example brands in prompts/brands/ (ours, drawn here with Pillow: no
licence to worry about). Each is a PNG on a transparent ground, drawn four times larger and
reduced for smooth edges.

    python -m bench.brand_logos          # rewrites prompts/brands/*-logo.png
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
BRANDS = REPO / "prompts" / "brands"
SCALE = 4
SANS_BOLD = ("Noto Sans CJK SC:style=Bold",)
SERIF_BOLD = ("Noto Serif CJK SC:style=Bold",)


def _font(pattern: str, size: int) -> ImageFont.FreeTypeFont:
    import subprocess

    found = subprocess.run(["fc-match", "--format=%{file}\t%{index}", pattern], capture_output=True, text=True,
                           check=True).stdout.split("\t")
    return ImageFont.truetype(found[0], size, index=int(found[1] or 0))


def _finish(image: Image.Image, path: Path) -> Path:
    small = image.resize((image.width // SCALE, image.height // SCALE), Image.Resampling.LANCZOS)
    small = small.crop(small.getchannel("A").getbbox())
    small.save(path, optimize=True)
    return path


def _wordmark(height: int, text: str, font_share: float, gap_share: float
              ) -> tuple[Image.Image, ImageDraw.ImageDraw, ImageFont.FreeTypeFont, int]:
    """A transparent canvas for a mark `height` square and `text` after it; returns it, its
    drawing, the text's font and where the text starts."""
    font = _font(SANS_BOLD[0], round(height * font_share))
    gap = round(height * gap_share)
    image = Image.new("RGBA", (height + gap + round(font.getlength(text)) + 8 * SCALE, height), (0, 0, 0, 0))
    return image, ImageDraw.Draw(image), font, height + gap


def jinxi(path: Path) -> Path:
    """A round seal: a gold disc with a red ring inside its rim and 禧 in red serif."""
    side = 320 * SCALE
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    gold, red, deep = (242, 193, 78, 255), (200, 16, 46, 255), (122, 10, 28, 255)
    draw.ellipse((0, 0, side - 1, side - 1), fill=gold)
    ring = side * 0.07
    draw.ellipse((ring, ring, side - ring, side - ring), outline=red, width=round(side * 0.025))
    font = _font(SERIF_BOLD[0], round(side * 0.58))
    draw.text((side / 2, side / 2 + side * 0.02), "禧", font=font, fill=red, anchor="mm")
    # four small diamonds at the compass points of the ring: a seal's border ornament
    for cx, cy in ((side / 2, ring), (side / 2, side - ring), (ring, side / 2), (side - ring, side / 2)):
        d = side * 0.03
        draw.polygon([(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)], fill=deep)
    return _finish(image, path)


def lanxin(path: Path) -> Path:
    """A wordmark: a blue rounded square with a white double chevron, then “Lanxin Pay” in navy."""
    height = 200 * SCALE
    text = "Lanxin Pay"
    image, draw, font, text_x = _wordmark(height, text, 0.5, 0.18)
    blue, navy, white = (31, 94, 255, 255), (11, 31, 58, 255), (255, 255, 255, 255)
    draw.rounded_rectangle((0, 0, height - 1, height - 1), radius=round(height * 0.26), fill=blue)
    stroke = round(height * 0.11)
    for shift in (-0.13, 0.13):
        x0 = height * (0.36 + shift)
        points = [(x0, height * 0.28), (x0 + height * 0.2, height * 0.5), (x0, height * 0.72)]
        draw.line(points, fill=white, width=stroke, joint="curve")
        for px, py in (points[0], points[2]):
            draw.ellipse((px - stroke / 2, py - stroke / 2, px + stroke / 2, py + stroke / 2), fill=white)
    draw.text((text_x, height / 2), text, font=font, fill=navy, anchor="lm")
    return _finish(image, path)


def xianguo(path: Path) -> Path:
    """A fruit mark (an orange with a green leaf), then 鲜果集 in deep green."""
    height = 220 * SCALE
    text = "鲜果集"
    image, draw, font, text_x = _wordmark(height, text, 0.52, 0.12)
    orange, leaf, deep, light = (255, 138, 61, 255), (46, 158, 79, 255), (20, 83, 45, 255), (255, 196, 140, 255)
    r = height * 0.36
    cx, cy = height * 0.5, height * 0.58
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=orange)
    draw.ellipse((cx - r * 0.55, cy - r * 0.6, cx - r * 0.1, cy - r * 0.25), fill=light)  # a highlight
    draw.line([(cx, cy - r * 0.95), (cx + r * 0.05, cy - r * 1.3)], fill=deep, width=round(height * 0.035))
    # a pointed leaf (two arcs' overlap), tilted up from the stem
    leaf_w, leaf_h = round(r * 1.0), round(r * 0.5)
    blade = Image.new("L", (leaf_w, leaf_h), 0)
    ImageDraw.Draw(blade).ellipse((0, -leaf_h * 0.6, leaf_w, leaf_h * 0.95), fill=255)
    lower = Image.new("L", (leaf_w, leaf_h), 0)
    ImageDraw.Draw(lower).ellipse((0, leaf_h * 0.05, leaf_w, leaf_h * 1.6), fill=255)
    blade = Image.fromarray(np.minimum(np.asarray(blade), np.asarray(lower)))
    blade = blade.rotate(28, resample=Image.Resampling.BICUBIC, expand=True)
    image.paste(Image.new("RGBA", blade.size, leaf), (round(cx + r * 0.02), round(cy - r * 1.5)), blade)
    draw.text((text_x, height * 0.55), text, font=font, fill=deep, anchor="lm")
    return _finish(image, path)


def main() -> None:
    BRANDS.mkdir(parents=True, exist_ok=True)
    for draw in (jinxi, lanxin, xianguo):
        print(draw(BRANDS / f"{draw.__name__}-logo.png"))


if __name__ == "__main__":
    main()
