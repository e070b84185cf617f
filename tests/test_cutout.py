"""Cutout: every backend, clean edges, holes, trimming, bad inputs, the CLI, the imgly opt-in."""
from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from support.cutout_helpers import disc_scene, huge_png_header, iou, ring_alpha, shaded_icon, tiny_redness_onnx
from tools.cutout import Cutter, cutout, trim_to_subject
from tools.errors import BackendUnavailable, ImageError


# ------------------------------------------------------------------ the image's own alpha
def test_meaningful_alpha_is_used_as_is(settings):
    icon = shaded_icon(96)
    result = cutout(settings, icon)
    assert result.backend == "alpha-channel"
    assert result.image.mode == "RGBA" and result.image.size == icon.size
    assert np.array_equal(np.asarray(result.mask), np.asarray(icon.getchannel("A")))


# ------------------------------------------------------------------ classic, the embedded default
def test_plain_background_disc_is_cut_out_accurately(settings):
    scene, truth = disc_scene(200, background=(250, 250, 252))
    result = cutout(settings, scene)
    assert result.backend == "classic"
    assert result.image.size == scene.size and result.image.mode == "RGBA"
    assert iou(np.asarray(result.mask) / 255.0, truth) > 0.97
    left, top, right, bottom = result.bbox
    assert abs(left - 40) <= 2 and abs(right - 160) <= 2 and abs(top - 40) <= 2 and abs(bottom - 160) <= 2


def test_gradient_background_is_removed(settings):
    size = 220
    ys = np.linspace(0, 1, size)[:, None, None]
    background = (np.array([255, 140, 60]) * (1 - ys) + np.array([90, 60, 200]) * ys) * np.ones((1, size, 1))
    _, truth = disc_scene(size)
    scene = background * (1 - truth[..., None]) + np.array([40, 200, 90]) * truth[..., None]
    result = cutout(settings, Image.fromarray(scene.round().astype(np.uint8)))
    assert iou(np.asarray(result.mask) / 255.0, truth) > 0.95


def test_hole_inside_the_subject_is_background(settings):
    size = 200
    truth = ring_alpha(size)
    scene = np.array([70, 160, 230]) * (1 - truth[..., None]) + np.array([240, 190, 40]) * truth[..., None]
    result = cutout(settings, Image.fromarray(scene.round().astype(np.uint8)))
    mask = np.asarray(result.mask) / 255.0
    assert mask[size // 2, size // 2] < 0.05, "the ring's middle shows the background: it must be transparent"
    assert iou(mask, truth) > 0.95


@pytest.mark.parametrize("light", [(235, 255, 235), (40, 40, 60)])
def test_an_opening_shows_a_radial_light_no_smooth_surface_predicts(settings, light):
    """A ring beside the centre of a radial light: its opening shows a part of the light that
    neither the backdrop diffused from around the ring nor a smooth surface fitted to it predicts,
    but every colour there lies on the backdrop's own line of colours."""
    size = 200
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    fade = np.clip(np.hypot(xs - 0.35, ys - 0.4) / 0.8, 0, 1)[..., None]
    background = np.array(light, np.float32) * (1 - fade) + np.array([120, 200, 40], np.float32) * fade
    truth = ring_alpha(size, outer=0.25, inner=0.12)
    shaded_blue = np.array([40, 90, 220], np.float32) * (0.75 + 0.25 * xs)[..., None]
    scene = background * (1 - truth[..., None]) + shaded_blue * truth[..., None]
    mask = np.asarray(cutout(settings, Image.fromarray(scene.round().astype(np.uint8))).mask) / 255.0
    assert mask[size // 2, size // 2] < 0.05, "the light seen through the ring's middle must be transparent"
    assert iou(mask, truth) > 0.97


def test_edges_carry_no_halo_of_the_old_background(settings):
    scene, truth = disc_scene(200, background=(30, 200, 60), colour=(220, 40, 40))
    result = cutout(settings, scene)
    rgba = np.asarray(result.image).astype(np.float32)
    edge = (rgba[..., 3] > 20) & (rgba[..., 3] < 235)
    assert edge.sum() > 50, "an anti-aliased disc has a soft edge"
    # the scene's edge pixels are red/green mixes; the cutout's must be red again
    assert float(np.median(rgba[..., 1][edge])) < 90
    scene_green = np.asarray(scene, np.float32)[..., 1][edge]
    assert float(np.median(scene_green)) > float(np.median(rgba[..., 1][edge])) + 40


def test_small_separate_parts_are_kept(settings):
    scene, truth = disc_scene(200, background=(255, 255, 255))
    array = np.asarray(scene).copy()
    array[20:30, 20:30] = (40, 90, 220)  # a sparkle beside the subject
    result = cutout(settings, Image.fromarray(array))
    assert np.asarray(result.mask)[25, 25] > 200


def test_textured_background_uses_grabcut(settings):
    rng = np.random.default_rng(3)
    size = 200
    _, truth = disc_scene(size, radius=0.28)
    stripes = (np.sin(np.arange(size) / 3.0)[None, :, None] * 25 + np.array([120, 170, 120])) * np.ones((size, 1, 1))
    background = np.clip(stripes + rng.normal(0, 9, (size, size, 3)), 0, 255)
    scene = background * (1 - truth[..., None]) + np.array([230, 60, 40]) * truth[..., None]
    result = cutout(settings, Image.fromarray(scene.round().astype(np.uint8)))
    assert any("textured" in note for note in result.notes)
    assert iou(np.asarray(result.mask) / 255.0, truth) > 0.9


def test_same_input_same_cutout(settings):
    scene, _ = disc_scene(160)
    first, second = cutout(settings, scene), cutout(settings, scene)
    assert np.array_equal(np.asarray(first.image), np.asarray(second.image))


# ------------------------------------------------------------------ trimming
def test_trim_to_subject_crops_to_the_box_with_padding():
    icon = Image.new("RGBA", (100, 80), (0, 0, 0, 0))
    icon.paste((255, 0, 0, 255), (30, 20, 50, 60))
    assert trim_to_subject(icon).size == (20, 40)
    padded = trim_to_subject(icon, pad=5)
    assert padded.size == (30, 50)
    assert np.asarray(padded)[0, 0, 3] == 0


def test_trim_pads_beyond_the_canvas_with_transparency():
    icon = Image.new("RGBA", (40, 40), (255, 0, 0, 255))
    out = trim_to_subject(icon, pad=4)
    assert out.size == (48, 48)
    assert np.asarray(out)[0, 0, 3] == 0 and np.asarray(out)[20, 20, 3] == 255


def test_trim_ignores_faint_specks():
    icon = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    icon.paste((255, 0, 0, 255), (40, 40, 60, 60))
    icon.putpixel((2, 2), (0, 0, 0, 4))
    assert trim_to_subject(icon).size == (20, 20)


# ------------------------------------------------------------------ bad inputs
def test_not_an_image_is_a_clear_error(settings):
    with pytest.raises(ImageError, match="not a readable image"):
        cutout(settings, b"this is not an image")


def test_one_pixel_image_is_refused(settings, tmp_path):
    path = tmp_path / "dot.png"
    Image.new("RGB", (1, 1), "red").save(path)
    with pytest.raises(ImageError, match="too small"):
        cutout(settings, path)


def test_image_over_the_pixel_limit_is_refused_before_decoding(settings, tmp_path):
    path = huge_png_header(tmp_path / "huge.png")
    assert path.stat().st_size < 1000
    with pytest.raises(ImageError, match="over the limit"):
        cutout(settings, path)


def test_grayscale_and_cmyk_inputs_work(settings, tmp_path):
    scene, truth = disc_scene(120, background=(255, 255, 255), colour=(40, 40, 40))
    gray = tmp_path / "gray.png"
    scene.convert("L").save(gray)
    cmyk = tmp_path / "cmyk.jpg"
    scene.convert("CMYK").save(cmyk, quality=95)
    for path in (gray, cmyk):
        result = cutout(settings, path)
        assert result.image.mode == "RGBA" and result.image.size == (120, 120)
        assert iou(np.asarray(result.mask) / 255.0, truth) > 0.9
    assert any("CMYK" in note for note in cutout(settings, cmyk).notes)


def test_uniform_image_reports_no_subject(settings):
    result = cutout(settings, Image.new("RGB", (64, 64), (200, 200, 200)))
    assert result.bbox is None
    assert any("no subject" in note for note in result.notes)


# ------------------------------------------------------------------ rembg with a local model file
@pytest.mark.parametrize("session", ["u2net_custom", "dis_custom"])
def test_rembg_loads_a_local_custom_model_without_downloading(settings, tmp_path, session, monkeypatch):
    monkeypatch.delenv("U2NET_HOME", raising=False)
    model = tiny_redness_onnx(tmp_path / "tiny.onnx")
    configured = settings.model_copy(update={"rembg_model_file": model, "rembg_model": session})
    scene, truth = disc_scene(160, background=(40, 120, 230), colour=(230, 40, 40))
    cutter = Cutter(configured)
    result = cutter.cut(scene)
    assert result.backend == f"rembg:{session}"
    assert result.image.size == scene.size
    assert iou(np.asarray(result.mask) / 255.0, truth) > 0.9
    linked = configured.data_dir.resolve() / "models" / "rembg-home" / "models" / session / "tiny.onnx"
    assert linked.exists(), "the model file is placed inside rembg's own model directory"
    assert "U2NET_HOME" not in os.environ, "the process environment is restored"
    assert cutter.rembg() is cutter.rembg(), "one session, reused"


def test_rembg_named_session_uses_the_file_under_its_own_name(settings, tmp_path):
    model = tiny_redness_onnx(tmp_path / "my-isnet.onnx")
    configured = settings.model_copy(update={"rembg_model_file": model, "rembg_model": "isnet"})
    result = cutout(configured, disc_scene(128, background=(40, 120, 230))[0])
    assert result.backend == "rembg:isnet-general-use"
    assert (configured.data_dir.resolve() / "models" / "rembg-home" / "models" / "isnet-general-use"
            / "isnet-general-use.onnx").exists()


def test_rembg_misconfiguration_is_a_clear_error(settings, tmp_path):
    missing = settings.model_copy(update={"rembg_model_file": tmp_path / "nope.onnx"})
    with pytest.raises(BackendUnavailable, match="not found"):
        cutout(missing, disc_scene(64)[0])
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not a model")
    broken = settings.model_copy(update={"rembg_model_file": junk, "rembg_model": "u2net_custom"})
    with pytest.raises(BackendUnavailable, match="could not load"):
        cutout(broken, disc_scene(64)[0])
    unknown = settings.model_copy(update={"rembg_model_file": junk, "rembg_model": "no-such-session"})
    with pytest.raises(BackendUnavailable, match="unknown rembg session"):
        cutout(unknown, disc_scene(64)[0])


def test_classic_can_be_forced_when_rembg_is_configured(settings, tmp_path):
    configured = settings.model_copy(update={"rembg_model_file": tmp_path / "unused.onnx"})
    assert cutout(configured, disc_scene(96)[0], backend="classic").backend == "classic"


# ------------------------------------------------------------------ the CLI
def test_cli_cutout_writes_an_rgba_png_and_the_mask(tmp_path, monkeypatch):
    from ui.cli import app

    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in.jpg"
    disc_scene(150)[0].save(source, quality=95)
    result = CliRunner().invoke(app, ["cutout", str(source), "-o", str(tmp_path / "out" / "cut.png"),
                                      "--mask", str(tmp_path / "mask.png")])
    assert result.exit_code == 0, result.output
    out = Image.open(tmp_path / "out" / "cut.png")
    assert out.mode == "RGBA" and out.size == (150, 150)
    assert Image.open(tmp_path / "mask.png").mode == "L"


def test_cli_cutout_bad_input_exits_nonzero(tmp_path, monkeypatch):
    from ui.cli import app

    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.png"
    bad.write_text("hello")
    result = CliRunner().invoke(app, ["cutout", str(bad), "-o", str(tmp_path / "o.png")])
    assert result.exit_code != 0
    assert not (tmp_path / "o.png").exists()


# ------------------------------------------------------------------ imgly model assembly (opt-in)
def _fake_imgly_package(root: Path, model: bytes, chunk: int = 7) -> Path:
    dist = root / "package" / "dist"
    dist.mkdir(parents=True)
    entries, offset = [], 0
    for start in range(0, len(model), chunk):
        piece = model[start:start + chunk]
        digest = hashlib.sha256(piece).hexdigest()
        (dist / digest).write_bytes(piece)
        entries.append({"hash": digest, "offsets": [offset, offset + len(piece)]})
        offset += len(piece)
    resources = {"/models/small": {"chunks": entries, "size": len(model), "mime": "application/octet-steam"},
                 "/models/medium": {"chunks": entries, "size": len(model), "mime": "application/octet-steam"}}
    (dist / "resources.json").write_text(json.dumps(resources))
    return root / "package"


def test_imgly_chunks_concatenate_into_the_model(tmp_path):
    from tools.cutout.imgly import assemble_imgly_model

    model = tiny_redness_onnx(tmp_path / "m.onnx").read_bytes()
    package = _fake_imgly_package(tmp_path / "pkg", model)
    out = assemble_imgly_model(package, tmp_path / "out" / "isnet.onnx", variant="medium")
    assert out.read_bytes() == model
    # the npm tarball works too, read without unpacking
    tgz = tmp_path / "pkg.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        tar.add(package, arcname="package")
    assert assemble_imgly_model(tgz, tmp_path / "o2.onnx", variant="small").read_bytes() == model


def test_imgly_corrupt_chunk_is_refused_and_nothing_is_left_behind(tmp_path):
    from tools.cutout.imgly import assemble_imgly_model

    package = _fake_imgly_package(tmp_path / "pkg", b"0123456789abcdefghij")
    first = json.loads((package / "dist" / "resources.json").read_text())["/models/medium"]["chunks"][1]["hash"]
    (package / "dist" / first).write_bytes(b"XXXXXXX")
    with pytest.raises(BackendUnavailable, match="corrupt"):
        assemble_imgly_model(package, tmp_path / "out" / "m.onnx")
    assert list((tmp_path / "out").iterdir()) == []


def test_cli_cutout_model_requires_accepting_the_agpl(tmp_path, monkeypatch):
    from ui.cli import app

    monkeypatch.chdir(tmp_path)
    model = tiny_redness_onnx(tmp_path / "m.onnx").read_bytes()
    package = _fake_imgly_package(tmp_path / "pkg", model)
    refused = CliRunner().invoke(app, ["cutout-model", "--from", str(package)])
    assert refused.exit_code != 0 and "AGPL" in refused.output
    help_text = CliRunner().invoke(app, ["cutout-model", "--help"]).output
    assert "AGPL" in help_text and "opt-in" in help_text.lower()
    done = CliRunner().invoke(app, ["cutout-model", "--accept-agpl", "--from", str(package),
                                    "-o", str(tmp_path / "isnet.onnx")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "isnet.onnx").read_bytes() == model
    assert "HUABAO_REMBG_MODEL=dis_custom" in done.output


def test_cutout_accepts_bytes(settings):
    buffer = io.BytesIO()
    disc_scene(100)[0].save(buffer, format="PNG")
    assert cutout(settings, buffer.getvalue()).image.size == (100, 100)


def _racket_on_white(size: int = 240) -> tuple[Image.Image, np.ndarray, np.ndarray]:
    """A blue oval frame strung with a light-grey, shaded lattice on pure white: the white cells
    between the strings are openings that show the backdrop → (RGB scene, true alpha, the cells)."""
    big = size * 4
    frame = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(frame)
    box = (big * 0.2, big * 0.15, big * 0.8, big * 0.85)
    draw.ellipse(box, fill=255)
    inner_box = (box[0] + 40, box[1] + 40, box[2] - 40, box[3] - 40)
    draw.ellipse(inner_box, fill=0)
    strings = Image.new("L", (big, big), 0)
    inside = Image.new("L", (big, big), 0)
    ImageDraw.Draw(inside).ellipse(inner_box, fill=255)
    string_draw = ImageDraw.Draw(strings)
    for k in range(1, 8):  # a 7 × 7 lattice of strings, 16 px wide at 4× (4 px on the scene)
        x = inner_box[0] + k * (inner_box[2] - inner_box[0]) / 8
        y = inner_box[1] + k * (inner_box[3] - inner_box[1]) / 8
        string_draw.rectangle((x - 8, 0, x + 8, big), fill=255)
        string_draw.rectangle((0, y - 8, big, y + 8), fill=255)
    strings = np.asarray(strings, np.float32) * (np.asarray(inside, np.float32) / 255.0)
    frame_alpha = np.asarray(frame.resize((size, size), Image.LANCZOS), np.float32) / 255.0
    string_alpha = np.asarray(Image.fromarray(strings.astype(np.uint8)).resize((size, size), Image.LANCZOS),
                              np.float32) / 255.0
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    grey = (200 + 30 * np.sin(xs * 40) * np.cos(ys * 40))[..., None] * np.ones(3, np.float32)  # shaded strings
    blue = np.array([40, 90, 220], np.float32)
    scene = 255.0 * np.ones((size, size, 3), np.float32)
    scene = scene * (1 - string_alpha[..., None]) + grey * string_alpha[..., None]
    scene = scene * (1 - frame_alpha[..., None]) + blue * frame_alpha[..., None]
    truth = np.clip(frame_alpha + string_alpha, 0, 1)
    inner = np.asarray(inside.resize((size, size), Image.LANCZOS), np.float32) / 255.0
    return Image.fromarray(scene.round().astype(np.uint8), "RGB"), truth, (inner > 0.99) & (truth < 0.01)


def test_a_lattice_of_white_openings_on_white_is_transparent(settings):
    """A racket's mesh on white: each white cell has the strings' soft shading around it (which a
    lone eye white has too), but a lattice of like-sized cells matching the backdrop exactly is
    a lattice of openings."""
    scene, truth, cells = _racket_on_white()
    mask = np.asarray(cutout(settings, scene, backend="classic").mask) / 255.0
    assert float((mask[cells] < 0.5).mean()) > 0.9, "the white cells inside the frame show the backdrop"
    assert iou(mask, truth) > 0.9


def test_one_or_two_white_regions_are_no_lattice():
    from tools.cutout.classic import (
        LATTICE_MIN_OPENINGS,
        HoleCandidate,
        lattice_openings,
    )

    def white(area: int) -> HoleCandidate:
        region = np.zeros((60, 60), bool)
        region.flat[:area] = True
        return HoleCandidate(region, shading=0.5, whiteish=True, noisy=False, match=0.01)

    assert lattice_openings([white(40), white(42)]) == set(), "two eye whites stay the subject's"
    many = [white(40 + k) for k in range(LATTICE_MIN_OPENINGS)]
    assert lattice_openings(many) == set(range(LATTICE_MIN_OPENINGS))
    noisy = [candidate._replace(noisy=True) for candidate in many]
    assert lattice_openings(noisy) == set(), "loose matches (compression noise) are no lattice"
    assert lattice_openings(many[:-1] + [white(40 * 20)]) == set(), "unlike sizes are no lattice"
