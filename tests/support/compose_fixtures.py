"""Shared fixtures for the composition tests (compose, layout, check, export, render): small
RGBA subjects and decorations drawn in a temporary folder, busy backgrounds, and the sample
gallery's icons when it is installed. No tests live here."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tools.compose import ComposeRequest

REPO = Path(__file__).resolve().parents[2]
GALLERY = REPO / "data" / "gallery" / "images"
PRESETS = ("popup", "poster", "banner", "square")
# every layout style once: each preset with its own layout, plus the popup's breakout variant
LAYOUT_CASES = [*((preset, "auto") for preset in PRESETS), ("popup", "popup-breakout")]

ZH_COPY = {"title": "好运福袋", "subtitle": "限时领取 每日一次", "cta": "立即领取"}
EN_COPY = {"title": "Cool Summer Deals", "subtitle": "Up to 50% off this week", "cta": "Shop now"}


def draw_ball(path: Path, color=(230, 57, 48), size: int = 256) -> Path:
    """A shaded ball on a transparent ground: a stand-in for a cut-out 3D subject."""
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32)
    cx = cy = size / 2
    radius = size * 0.42
    distance = np.sqrt((xs - cx) ** 2 + (ys - cy) ** 2)
    light = np.clip(1.2 - np.sqrt((xs - cx * 0.7) ** 2 + (ys - cy * 0.7) ** 2) / (radius * 1.6), 0.35, 1.0)
    rgb = np.stack([np.clip(np.full_like(light, c) * light + 40 * (light > 0.95), 0, 255) for c in color], -1)
    alpha = np.clip((radius - distance) * 2.0, 0, 1) * 255
    data = np.dstack([rgb, alpha]).astype(np.uint8)
    Image.fromarray(data, "RGBA").save(path)
    return path


def draw_star(path: Path, color=(255, 204, 41), size: int = 128) -> Path:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    points = []
    for k in range(10):
        angle = np.pi / 2 + k * np.pi / 5
        r = size * (0.45 if k % 2 == 0 else 0.2)
        points.append((size / 2 + r * np.cos(angle), size / 2 - r * np.sin(angle)))
    ImageDraw.Draw(image).polygon(points, fill=color + (255,))
    image.save(path)
    return path


def busy_background(path: Path, size: tuple[int, int], seed: int = 0) -> Path:
    """Saturated blocks and thin stripes of every lightness: no single text colour reads on it."""
    rng = np.random.default_rng(seed)
    width, height = size
    cells = rng.integers(0, 256, size=(height // 24 + 1, width // 24 + 1, 3), dtype=np.uint8)
    data = np.kron(cells, np.ones((24, 24, 1), dtype=np.uint8))[:height, :width]
    data[::6] = 255 - data[::6]
    Image.fromarray(data, "RGB").save(path)
    return path


def flat_background(path: Path, size: tuple[int, int], color) -> Path:
    Image.new("RGB", size, color).save(path)
    return path


@pytest.fixture(name="assets")
def assets_fixture(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "assets"
    folder.mkdir()
    return {
        "subject": str(draw_ball(folder / "ball.png")),
        "subject2": str(draw_ball(folder / "ball-blue.png", color=(41, 121, 255), size=300)),
        "star": str(draw_star(folder / "star.png")),
        "coin": str(draw_star(folder / "coin.png", color=(232, 178, 48), size=96)),
    }


def request_for(fmt: str, assets: dict[str, str], **overrides) -> ComposeRequest:
    data = {"format": fmt, "palette": ["red", "yellow"], "subject": assets["subject"],
            "decorations": [assets["star"], assets["coin"]], "copy": dict(ZH_COPY), "seed": 3}
    data.update(overrides)
    return ComposeRequest.model_validate(data)


def gallery_icon(stem: str) -> str:
    path = GALLERY / f"{stem}.webp"
    if not path.is_file():
        pytest.skip("sample gallery not installed (run `make gallery`)")
    return str(path)
