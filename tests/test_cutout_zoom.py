"""The photo model's second look at the subject alone (issue 19): the model sees the picture at its
own input size, where thin parts (a bicycle's frame, a crutch's grip) are a few pixels thick and the
backdrop between them gets filled in; cropped to the subject's box it sees them larger."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.cutout_helpers import iou

from tools.cutout.models import model_path
from tools.cutout.photo import ZOOM_MIN, _mirror_average, model_passes, subject_box

REPO = Path(__file__).resolve().parents[1]
REAL_U2NETP = model_path(REPO / "data", "u2netp")


class FixedInputModel:
    """A stand-in model with a fixed input size, as U²-Net has: it sees whatever it is shown at
    INPUT px and answers how bright each pixel is with a little blur, so it is unsure of a gap two
    input px wide and sure of a wider one; it records the sizes it was shown."""

    INPUT = 64

    def __init__(self) -> None:
        self.seen: list[tuple[int, int]] = []

    def mask(self, image: Image.Image) -> np.ndarray:
        import cv2

        self.seen.append(image.size)
        small = np.asarray(image.convert("L").resize((self.INPUT, self.INPUT), Image.BILINEAR), np.float32) / 255
        found = cv2.blur(small, (3, 3))
        back = Image.fromarray(np.round(found * 255).astype(np.uint8)).resize(image.size, Image.BILINEAR)
        return np.asarray(back, np.float32) / 255


def _two_bars(gap: int = 6) -> tuple[Image.Image, np.ndarray]:
    """Two white bars with a dark gap between them, small in a 320 px picture."""
    pixels = np.zeros((320, 320), np.uint8)
    pixels[120:200, 120:150] = 255
    pixels[120:200, 150 + gap:180 + gap] = 255
    gap_region = np.zeros((320, 320), bool)
    gap_region[130:190, 152:148 + gap] = True
    return Image.fromarray(pixels).convert("RGB"), gap_region


def test_the_box_holds_what_the_model_found_with_a_margin_for_what_it_missed():
    soft = np.zeros((100, 200), np.float32)
    soft[40:60, 80:120] = 0.9
    left, top, right, bottom = subject_box(soft >= 0.5)
    assert left < 80 and top < 40 and right > 120 and bottom > 60
    assert (right - left, bottom - top) < (80, 60)
    assert subject_box(np.zeros((50, 50), bool)) is None


def test_a_small_subject_is_looked_at_again_and_a_gap_the_first_look_filled_opens():
    model = FixedInputModel()
    picture, gap = _two_bars()
    once = np.mean(_mirror_average(model, picture), axis=0)
    model.seen.clear()
    straight, mirrored = model_passes(model, picture)
    assert model.seen[:2] == [(320, 320), (320, 320)] and len(model.seen) == 4
    assert model.seen[2] == model.seen[3] and max(model.seen[2]) * ZOOM_MIN <= 320
    twice = (straight + mirrored) / 2
    assert float(once[gap].mean()) >= 0.5 > float(twice[gap].mean())
    left, top, right, bottom = subject_box(once >= 0.5)
    outside = np.ones_like(once, bool)
    outside[top:bottom, left:right] = False
    assert np.array_equal(twice[outside], once[outside])  # outside the box the first look stands


def test_a_subject_that_fills_the_picture_or_none_at_all_is_looked_at_once():
    model = FixedInputModel()
    model_passes(model, Image.new("RGB", (200, 200), "white"))
    model_passes(model, Image.new("RGB", (200, 200), "black"))
    assert len(model.seen) == 4


@pytest.fixture
def u2netp():
    if not REAL_U2NETP.is_file():
        pytest.skip("u2netp not installed (run `make gallery`)")
    from tools.cutout.rembg_model import RembgBackend
    from tools.config import Settings

    return RembgBackend(Settings(data_dir=REPO / "data"), model_file=REAL_U2NETP, session="u2netp")


def test_the_second_look_draws_a_bicycle_s_frame_the_first_filled_in(u2netp):
    """A cyclist from the tuning half on a cloth: the first look fills the frame's triangles and
    the wheels' inside with cloth; the two looks together draw them."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from bench.cutout import make_scene

    scene, truth = make_scene(Image.open(REPO / "data" / "gallery" / "images" / "1f6b4-1f3fd.webp"), "textured", 87639711)
    once = np.mean(_mirror_average(u2netp, scene), axis=0)
    twice = np.mean(model_passes(u2netp, scene), axis=0)
    assert iou(twice, truth) > iou(once, truth) + 0.1
