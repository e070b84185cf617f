"""The poster's PNG is encoded once (the export copies the preview's bytes, lossless), and the
faster hue-distance formulas give the angles the complex round trip gave."""
from __future__ import annotations

import math

import numpy as np
from PIL import Image

from support.compose_fixtures import assets_fixture, request_for  # noqa: F401
from tools.compose import compose
from tools.export import export_poster, save_png


def _pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))


def test_the_export_copies_the_encoded_preview(settings, assets, tmp_path) -> None:
    composed = compose(settings, request_for("popup", assets))
    preview = tmp_path / "preview.png"
    save_png(composed.image, preview)
    result = export_poster(composed.spec, tmp_path / "out", "poster", image=composed.image,
                           context=composed.context, psd=False, png_file=preview)
    assert result.png.read_bytes() == preview.read_bytes()
    assert (_pixels(Image.open(result.png)) == _pixels(composed.image)).all(), "lossless"


def test_without_a_preview_the_export_encodes_the_same_pixels(settings, assets, tmp_path) -> None:
    composed = compose(settings, request_for("popup", assets))
    result = export_poster(composed.spec, tmp_path / "out", "poster", image=composed.image,
                           context=composed.context, psd=False, png_file=tmp_path / "missing.png")
    assert (_pixels(Image.open(result.png)) == _pixels(composed.image)).all()


def test_hue_wrap_matches_the_complex_round_trip() -> None:
    from tools.generate.recolour import _wrap

    angles = np.linspace(-12.0, 12.0, 2001, dtype=np.float32)
    assert np.allclose(_wrap(angles), np.angle(np.exp(1j * angles)), atol=1e-6)
    assert math.isclose(_wrap(7.0), math.remainder(7.0, 2 * math.pi))


def test_hue_distance_takes_the_shorter_way_round_the_seam() -> None:
    """palette_match measures hue gaps the shorter way round the circle, as the complex form did:
    a teal at -172° and a sea green at +177° are 11° apart, not 349°."""
    from tools.generate.recolour import palette_match

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    image.paste((0, 180, 170, 255), (8, 8, 56, 56))  # Lab hue about -172°
    assert palette_match(image, [(0, 175, 150)]) > 0.9  # about +177°: across the ±180° seam
    assert palette_match(image, [(230, 30, 40)]) < 0.1  # red: far on either side
