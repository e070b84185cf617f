"""The product stays the product (issue 19, item 4): a user's own product image (`huabao make
--image`, the API's image_b64, a chat upload) is cut out, sized and placed, never recoloured,
restyled or redrawn, even when the brief names a palette. Runs the real CLI and agent on the
20-icon slice of the sample gallery, with the repository's cutout models when installed."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from tools.config import Settings
from tools.registry import USER_IMAGE_KEPT, Workspace, generate_candidates, search_gallery

REPO = Path(__file__).resolve().parents[1]
BRIEF = "新品海报，红黄配色，标题：新品上市"  # a palette a gallery subject would be recoloured to


def _photo(path: Path, sample_gallery: Path) -> Path:
    """A photo-like product shot, large enough that no super-resolution is needed: a blue-green
    camera on a grainy, striped, unevenly lit table top."""
    rng = np.random.default_rng(19)
    side = 1000
    ys, xs = np.mgrid[0:side, 0:side].astype(np.float32) / side
    table = np.stack([150 + 40 * xs, 110 + 30 * ys, 80 + 20 * xs * ys], axis=-1)
    table += 14 * np.sin(2 * np.pi * (xs * 0.8 + ys * 0.3) * 40)[..., None]  # wood grain
    table += rng.normal(0, 6, (side, side, 1))
    icon = Image.open(sample_gallery / "images" / "1f4f7.webp").convert("RGBA").resize((720, 720), Image.LANCZOS)
    product = np.asarray(icon, dtype=np.float32)
    product[..., :3] = product[..., :3][..., [2, 1, 0]]  # its colours swapped to blues/greens, far from 红黄
    alpha = product[..., 3:] / 255.0
    top, left = 150, 140
    region = table[top:top + 720, left:left + 720]
    table[top:top + 720, left:left + 720] = product[..., :3] * alpha + region * (1 - alpha)
    Image.fromarray(np.clip(table, 0, 255).astype(np.uint8), "RGB").save(path)
    return path


@pytest.fixture
def photo_settings(mini_gallery: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The mini gallery's data plus the repository's models (photo cutout, super-resolution)."""
    data = tmp_path / "data"
    data.mkdir()
    for child in Path(mini_gallery.data_dir).iterdir():
        (data / child.name).symlink_to(child.resolve())
    if (REPO / "data" / "models").is_dir() and not (data / "models").exists():
        (data / "models").symlink_to((REPO / "data" / "models").resolve())
    monkeypatch.setenv("HUABAO_DATA_DIR", str(data))
    monkeypatch.setenv("HUABAO_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("HUABAO_CUTOUT_PHOTO_MODEL", "u2netp")
    return Settings(_env_file=None, data_dir=data, output_dir=tmp_path / "out", cutout_photo_model="u2netp")


def test_make_with_a_users_photo_keeps_its_pixels_despite_a_palette(photo_settings: Settings, tmp_path: Path,
                                                                    sample_gallery: Path) -> None:
    from tools.cutout import cutout
    from ui.cli import app

    photo = _photo(tmp_path / "my-camera.png", sample_gallery)
    run = CliRunner().invoke(app, ["make", BRIEF, "--image", str(photo), "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert data["brief"]["palette"], "the brief must carry a palette for this test to mean anything"
    assert data["backends"]["img2img"] == USER_IMAGE_KEPT
    assert data["references"] == []

    spec_path = Path(data["outputs"][0]["spec"])
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    subject = next(layer for layer in spec["layers"] if layer["kind"] == "subject")
    assert subject["upscaled_by"] is None, "a 1000 px photo needs no super-resolution"
    source = Path(subject["source"])
    placed = np.asarray(Image.open(source if source.is_absolute() else spec_path.parent / source).convert("RGBA"))

    # the subject layer is exactly the cut-out user image: nothing recoloured or redrawn
    expected = np.asarray(cutout(photo_settings, photo).image.convert("RGBA"))
    assert placed.shape == expected.shape
    assert np.array_equal(placed, expected)
    # and its opaque pixels are the photo's own pixels (no hue shift anywhere inside the subject)
    original = np.asarray(Image.open(photo).convert("RGB"))
    opaque = placed[..., 3] == 255
    assert opaque.mean() > 0.2
    assert np.array_equal(placed[..., :3][opaque], original[opaque])


def test_the_generate_step_keeps_a_users_image_and_still_recolours_gallery_ones(
        photo_settings: Settings, tmp_path: Path, sample_gallery: Path) -> None:
    """An LLM planner may hand the user's file to generate_candidates with a palette and a style:
    the image comes back untouched. A gallery reference (by id or by the path search showed) is
    still recoloured."""
    photo = _photo(tmp_path / "my-camera.png", sample_gallery)
    ws = Workspace(photo_settings, tmp_path / "work")

    kept = generate_candidates(ws, reference=str(photo), prompt="product", n=3, palette=["red", "yellow"], style="0")
    assert [c["backend"] for c in kept["candidates"]] == [USER_IMAGE_KEPT]
    candidate = np.asarray(Image.open(ws.resolve(kept["candidates"][0]["candidate"])).convert("RGB"))
    assert np.array_equal(candidate, np.asarray(Image.open(photo).convert("RGB")))
    assert ws.backends["img2img"] == USER_IMAGE_KEPT
    again = generate_candidates(ws, reference=kept["candidates"][0]["candidate"], palette=["red"])
    assert again["candidates"][0]["backend"] == USER_IMAGE_KEPT

    hit = search_gallery(ws, query="gift", k=1)["results"][0]
    for reference in (hit["ref"], hit["path"]):  # (a red-and-yellow gift for 红黄 would be used as is)
        made = generate_candidates(ws, reference=reference, prompt="gift", n=1, palette=["blue"])
        assert made["candidates"][0]["backend"] == "palette-recolour", reference
