"""Builders shared by the image-tool tests (no tests here): synthetic scenes, bad files, a tiny ONNX model.

No network, no downloaded weights: everything is made here, in a few milliseconds.
"""
from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ images
def tuning_composite(icon: str, kind: str, seed: int) -> tuple[Image.Image, np.ndarray]:
    """A tuning-half gallery icon composited as bench/cutout.py does (`--split dev`): the scene and
    the true alpha; skips when the sample gallery is not installed."""
    if str(REPO) not in sys.path:  # the composites are the benchmark's own
        sys.path.insert(0, str(REPO))
    from bench.cutout import icon_split, make_scene

    path = REPO / "data" / "gallery" / "images" / f"{icon}.webp"
    if not path.is_file():
        pytest.skip("sample gallery not installed (run `make gallery`)")
    assert icon_split(path) == "dev", "tests tune on the tuning half only"
    return make_scene(Image.open(path), kind, seed)


def drawn_coverage(draw, size: int = 320, supersample: int = 4) -> np.ndarray:
    """Anti-aliased coverage (0..1) of shapes drawn by `draw(ImageDraw, scale)` at `supersample`×."""
    big = size * supersample
    mask = Image.new("L", (big, big), 0)
    draw(ImageDraw.Draw(mask), supersample)
    return np.asarray(mask.resize((size, size), Image.LANCZOS), np.float32) / 255.0


def disc_scene(size: int = 200, *, background=(255, 255, 255), colour=(230, 57, 48), radius: float = 0.3,
               supersample: int = 4) -> tuple[Image.Image, np.ndarray]:
    """An anti-aliased disc on a plain background → (RGB scene, true alpha 0..1)."""
    big = size * supersample
    mask = Image.new("L", (big, big), 0)
    r = radius * big
    ImageDraw.Draw(mask).ellipse((big / 2 - r, big / 2 - r, big / 2 + r, big / 2 + r), fill=255)
    alpha = np.asarray(mask.resize((size, size), Image.LANCZOS), dtype=np.float32) / 255.0
    scene = np.asarray(background, np.float32) * (1 - alpha[..., None]) + np.asarray(colour, np.float32) * alpha[..., None]
    return Image.fromarray(np.round(scene).astype(np.uint8), "RGB"), alpha


def ring_alpha(size: int, outer: float = 0.35, inner: float = 0.18, supersample: int = 4) -> np.ndarray:
    big = size * supersample
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    ro, ri = outer * big, inner * big
    draw.ellipse((big / 2 - ro, big / 2 - ro, big / 2 + ro, big / 2 + ro), fill=255)
    draw.ellipse((big / 2 - ri, big / 2 - ri, big / 2 + ri, big / 2 + ri), fill=0)
    return np.asarray(mask.resize((size, size), Image.LANCZOS), dtype=np.float32) / 255.0


def shaded_icon(size: int = 128, colour=(230, 57, 48)) -> Image.Image:
    """An RGBA 'clay' blob: a disc with a soft highlight and shading, transparent around it."""
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    r = np.hypot(xs - 0.5, ys - 0.5)
    alpha = np.clip((0.42 - r) * size / 1.5, 0, 1)
    light = np.clip(1.15 - 1.6 * np.hypot(xs - 0.38, ys - 0.35), 0.35, 1.15)
    rgb = np.clip(np.asarray(colour, np.float32) * light[..., None], 0, 255)
    spec = np.exp(-((xs - 0.38) ** 2 + (ys - 0.33) ** 2) / 0.002)[..., None]
    rgb = rgb * (1 - spec) + 255 * spec
    return Image.fromarray(np.dstack([rgb, alpha * 255]).round().astype(np.uint8), "RGBA")


def iou(predicted: np.ndarray, truth: np.ndarray) -> float:
    p, t = predicted >= 0.5, truth >= 0.5
    return float((p & t).sum() / max(1, (p | t).sum()))


def huge_png_header(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A PNG whose header claims width×height, with a tiny (truncated) body: costs ~100 bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
                     + chunk(b"IEND", b""))
    return path


# ------------------------------------------------------------------ a tiny ONNX model, by hand
# The `onnx` package is not a dependency, so the protobuf is written directly: a 1×1 Conv that
# scores "redness" (R - (G + B) / 2) followed by a Sigmoid, shaped like a rembg session expects
# (input 1×3×H×W, first output 1×1×H×W).
def _varint(value: int) -> bytes:
    out = bytearray()
    value &= (1 << 64) - 1
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes | int | str) -> bytes:
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    if isinstance(payload, str):
        payload = payload.encode()
    return _varint((number << 3) | 2) + _varint(len(payload)) + payload


def _tensor(name: str, dims: list[int], values: list[float]) -> bytes:
    return (b"".join(_field(1, d) for d in dims) + _field(2, 1) + _field(8, name)
            + _field(9, struct.pack(f"<{len(values)}f", *values)))


def _value_info(name: str, dims: list[int | str]) -> bytes:
    shape = b"".join(_field(1, _field(1, d) if isinstance(d, int) else _field(2, d)) for d in dims)
    tensor_type = _field(1, 1) + _field(2, shape)
    return _field(1, name) + _field(2, _field(1, tensor_type))


def _node(op: str, inputs: list[str], outputs: list[str], name: str) -> bytes:
    return b"".join(_field(1, i) for i in inputs) + b"".join(_field(2, o) for o in outputs) + _field(3, name) + _field(4, op)


def tiny_redness_onnx(path: Path) -> Path:
    graph = (
        _field(1, _node("Conv", ["input", "W", "B"], ["score"], "conv"))
        + _field(1, _node("Sigmoid", ["score"], ["output"], "sigmoid"))
        + _field(2, "tiny-redness")
        + _field(5, _tensor("W", [1, 3, 1, 1], [6.0, -3.0, -3.0]))
        + _field(5, _tensor("B", [1], [0.0]))
        + _field(11, _value_info("input", [1, 3, "h", "w"]))
        + _field(12, _value_info("output", [1, 1, "h", "w"]))
    )
    model = _field(1, 8) + _field(2, "huabao-tests") + _field(7, graph) + _field(8, _field(1, "") + _field(2, 13))
    path.write_bytes(model)
    return path
