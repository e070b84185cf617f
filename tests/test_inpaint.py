"""clear_space(): remove what is under a mask so copy has room; pixels outside stay exact."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tools.errors import ImageError
from tools.inpaint import as_mask, clear_space


def gradient_with_objects(width: int = 300, height: int = 200, noise: float = 0.0) -> tuple[Image.Image, np.ndarray]:
    ys = np.linspace(0, 1, height)[:, None, None]
    clean = (np.array([255, 120, 60]) * (1 - ys) + np.array([250, 210, 80]) * ys) * np.ones((1, width, 1))
    if noise:
        clean = clean + np.random.default_rng(0).normal(0, noise, clean.shape)
    clean = np.clip(clean, 0, 255)
    picture = Image.fromarray(clean.round().astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((100, 50, 200, 150), fill=(40, 90, 200))
    draw.rectangle((20, 15, 120, 35), fill=(255, 255, 255))
    return picture, clean


def test_large_area_is_filled_from_its_surroundings(settings):
    picture, clean = gradient_with_objects()
    result = clear_space(settings, picture, [(95, 45, 205, 155), (15, 10, 125, 40)])
    assert result.backend == "harmonic+opencv:telea"
    out = np.asarray(result.image, np.float32)
    hole = np.zeros(clean.shape[:2], bool)
    hole[45:155, 95:205] = True
    assert np.abs(out[hole] - clean[hole]).mean() < 4.0, "the gradient continues through the cleared area"
    assert np.linalg.norm(out[hole] - np.array([40, 90, 200]), axis=1).min() > 100, "no trace of the blue disc"


def test_pixels_outside_the_mask_are_untouched(settings):
    picture, _ = gradient_with_objects()
    mask = Image.new("L", picture.size, 0)
    ImageDraw.Draw(mask).rectangle((95, 45, 205, 155), fill=255)
    result = clear_space(settings, picture, mask)
    before, after = np.asarray(picture), np.asarray(result.image)
    far = np.ones(before.shape[:2], bool)
    far[35:165, 85:215] = False  # the mask plus the seam band
    assert np.array_equal(before[far], after[far])


def test_small_blemish_uses_opencv_directly(settings):
    picture, clean = gradient_with_objects()
    result = clear_space(settings, picture, (20, 15, 30, 25))
    assert result.backend == "opencv:telea"
    result_ns = clear_space(settings, picture, (20, 15, 30, 25), method="ns")
    assert result_ns.backend == "opencv:ns"


def test_grain_is_matched_on_noisy_backgrounds(settings):
    picture, clean = gradient_with_objects(noise=6.0)
    out = np.asarray(clear_space(settings, picture, (95, 45, 205, 155), seed=1).image, np.float32)
    patch = out[70:130, 120:180]
    import cv2

    detail = patch - cv2.GaussianBlur(patch, (0, 0), 1.5)
    assert 2.0 < detail.std() < 12.0, "the fill carries grain like the background around it"


def test_rgba_stays_rgba_with_alpha_filled(settings):
    card = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    ImageDraw.Draw(card).rounded_rectangle((10, 10, 110, 110), radius=12, fill=(250, 240, 230, 255))
    ImageDraw.Draw(card).ellipse((45, 45, 75, 75), fill=(200, 30, 30, 255))
    result = clear_space(settings, card, (40, 40, 80, 80))
    assert result.image.mode == "RGBA"
    assert np.asarray(result.image)[60, 60, 3] >= 250
    assert abs(int(np.asarray(result.image)[60, 60, 0]) - 250) < 8


def test_empty_and_full_masks(settings):
    picture, _ = gradient_with_objects()
    nothing = clear_space(settings, picture, Image.new("L", picture.size, 0))
    assert nothing.backend == "none" and nothing.image.tobytes() == picture.tobytes()
    with pytest.raises(ImageError, match="whole image"):
        clear_space(settings, picture, Image.new("L", picture.size, 255))


def test_mask_must_match_the_image(settings):
    picture, _ = gradient_with_objects()
    with pytest.raises(ImageError, match="mask is"):
        clear_space(settings, picture, Image.new("L", (10, 10), 255))
    with pytest.raises(ImageError, match="empty mask box"):
        as_mask([(10, 10, 5, 20)], picture.size)


def test_a_cutout_can_serve_as_the_mask(settings):
    subject = Image.new("RGBA", (50, 40), (0, 0, 0, 0))
    subject.paste((255, 0, 0, 255), (10, 10, 20, 20))
    mask = as_mask(subject, subject.size)
    assert mask.sum() == 100 and mask[15, 15]


def test_bad_image_is_a_clear_error(settings, tmp_path):
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"\xff\xd8\xff not a jpeg")
    with pytest.raises(ImageError):
        clear_space(settings, bad, (0, 0, 1, 1))


def test_diffusers_inpainting_with_a_tiny_model(settings, tmp_path, monkeypatch):
    from test_generate_diffusers import build_tiny_sd

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = build_tiny_sd(tmp_path / "tiny-inpaint", inpaint=True)
    configured = settings.model_copy(update={"diffusers_inpaint_model": model, "device": "cpu"})
    picture, _ = gradient_with_objects(96, 64)
    result = clear_space(configured, picture, (30, 10, 70, 50))
    assert result.backend == "diffusers:inpaint" and result.image.size == picture.size
    before, after = np.asarray(picture), np.asarray(result.image)
    assert np.array_equal(before[:, :20], after[:, :20]), "outside the (feathered) mask nothing changes"
    assert not np.array_equal(before[20:40, 40:60], after[20:40, 40:60])
