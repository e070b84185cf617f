"""Colour words and safe image loading, shared by every tool."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tools.colors import contrast_ratio, find_colors, nearest_color
from tools.errors import ImageError
from tools.images import load_image


@pytest.mark.parametrize("text,keys", [
    ("红黄配色", ["red", "yellow"]), ("蓝色渐变", ["blue"]), ("粉红色", ["pink"]), ("红金配色", ["red", "gold"]),
    ("blue and white", ["blue", "white"]), ("Navy blue with orange", ["navy", "orange"]),
    ("ice cream cone", []), ("蓝白配色", ["blue", "white"]), ("黑色和金色", ["black", "gold"]),
    ("详见银行 APP", []), ("银杏大道", []), ("收银台", []), ("银色字", ["gray"]),
])
def test_find_colors(text: str, keys: list[str]) -> None:
    assert [c.key for c in find_colors(text)] == keys


def test_nearest_color_names_a_red() -> None:
    assert nearest_color((220, 40, 40)).key == "red"


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.02)


def _save(image: Image.Image, path: Path, **kw) -> Path:
    image.save(path, **kw)
    return path


def test_load_rejects_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(ImageError, match="empty"):
        load_image(path)


def test_load_rejects_text_file(tmp_path: Path) -> None:
    path = tmp_path / "x.jpg"
    path.write_text("hello")
    with pytest.raises(ImageError, match="not a readable image"):
        load_image(path)


def test_load_rejects_truncated_file(tmp_path: Path) -> None:
    data = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(data, "PNG")
    with pytest.raises(ImageError, match="damaged|truncated|not a readable"):
        load_image(data.getvalue()[: len(data.getvalue()) // 2])


def test_load_rejects_decompression_bomb(tmp_path: Path) -> None:
    path = _save(Image.new("L", (400, 300)), tmp_path / "big.png")
    with pytest.raises(ImageError, match="over the limit"):
        load_image(path, max_pixels=100_000)


def test_load_rejects_1x1(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="too small"):
        load_image(_save(Image.new("RGB", (1, 1)), tmp_path / "dot.png"))


@pytest.mark.parametrize("mode,note", [("CMYK", "CMYK"), ("I;16", "high bit depth"), ("P", "palette"),
                                       ("L", "grayscale")])
def test_load_normalises_modes(tmp_path: Path, mode: str, note: str) -> None:
    image = Image.new(mode, (8, 8))
    suffix = "jpg" if mode == "CMYK" else "png"
    loaded = load_image(_save(image, tmp_path / f"m.{suffix}"))
    assert loaded.image.mode in ("RGB", "RGBA")
    assert any(note in n for n in loaded.notes)


def test_load_takes_first_frame_of_animation(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (8, 8), c) for c in ("red", "blue")]
    path = tmp_path / "a.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    loaded = load_image(path)
    assert any("animated" in n for n in loaded.notes)
    assert loaded.image.convert("RGB").getpixel((0, 0))[0] > 200
