"""Work limits: a spec or an image that asks for too much is refused before anything is allocated.

`huabao render` (a real subprocess) and `render_spec_file` refuse oversized canvases, layer boxes,
blur, font sizes, layer counts, self-referencing or looping shadows and oversized spec files, fast
and with a message naming what is over, the limit and the setting that raises it. A 1-bit PNG whose
header promises hundreds of megapixels (a small file) is refused from its header, never decoded.
"""
from __future__ import annotations

import base64
import json
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from tools.config import Settings
from tools.errors import HuabaoError, ImageError, SpecError

HUABAO = Path(sys.executable).with_name("huabao")
def _never(*args, **kwargs):
    raise AssertionError("drawn or decoded although the input is over a limit")


@pytest.fixture
def nothing_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal must come before any drawing or decoding: both fail the test if they start."""
    import tools.render_spec
    from PIL import ImageFile

    monkeypatch.setattr(tools.render_spec, "refresh_text", _never)
    monkeypatch.setattr(tools.render_spec, "export_poster", _never)
    monkeypatch.setattr(ImageFile.ImageFile, "load", _never)


def _spec(**update: Any) -> dict[str, Any]:
    layers = update.pop("layers", [
        {"id": "bg", "kind": "background", "name": "bg", "box": [0, 0, 400, 300], "fill": ["#ff0000", "#ffcc00"]},
        {"id": "card", "kind": "card", "name": "card", "box": [50, 50, 300, 200], "fill": ["#ffffff"], "radius": 20},
        {"id": "card-shadow", "kind": "shadow", "name": "shadow", "box": [50, 50, 300, 200], "of": "card",
         "blur": 12, "offset": [0, 8]},
    ])
    return {"width": 400, "height": 300, "format": "400x300", "layout": "hand", "safe_area": [0, 0, 400, 300],
            "layers": layers, **update}


def _layer(**fields: Any) -> dict[str, Any]:
    return {"id": "x", "kind": "card", "name": "x", "box": [0, 0, 100, 100], "fill": ["#336699"], **fields}


OVERSIZED: dict[str, tuple[dict[str, Any], str]] = {
    "canvas": (_spec(width=100_000, height=100_000), "HUABAO_MAX_CANVAS_PX"),
    "layer box": (_spec(layers=[_layer(box=[0, 0, 60_000, 60_000])]), "HUABAO_MAX_CANVAS_PX"),
    "close button box": (_spec(layers=[_layer(kind="close", box=[0, 0, 9000, 9000])]), "HUABAO_MAX_CANVAS_PX"),
    "blur": (_spec(layers=[_layer(id="c"), _layer(id="s", kind="shadow", of="c", blur=1_000_000)]),
             "HUABAO_MAX_BLUR_PX"),
    "font size": (_spec(layers=[_layer(kind="text", text="好运", size=500_000, max_size=500_000,
                                       font="/usr/share/fonts/none.ttf")]), "HUABAO_MAX_FONT_PX"),
    "layer count": (_spec(layers=[_layer(id=f"l{i}") for i in range(5000)]), "HUABAO_MAX_LAYERS"),
    "self shadow": (_spec(layers=[_layer(id="s", kind="shadow", of="s", blur=10)]), "casts from itself"),
    "shadow loop": (_spec(layers=[_layer(id="a", kind="shadow", of="b"), _layer(id="b", kind="shadow", of="a")]),
                    "loop (a → b → a)"),
    "shadow chain": (_spec(layers=[_layer(id="c", box=[0, 0, 8000, 8000])] + [
        _layer(id=f"s{i}", kind="shadow", of="c" if i == 0 else f"s{i - 1}", blur=500) for i in range(6)]),
        "HUABAO_MAX_BLUR_PX"),
    "long text": (_spec(layers=[_layer(kind="text", text="字" * 50_000, size=40)]), "HUABAO_MAX_BRIEF_CHARS"),
}


def _write(folder: Path, name: str, spec: dict[str, Any]) -> Path:
    path = folder / f"{name.replace(' ', '-')}.spec.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path


# ============================================================================ huabao render (a real subprocess)
@pytest.mark.parametrize("case", sorted(OVERSIZED))
def test_huabao_render_refuses_an_oversized_spec_quickly_and_readably(tmp_path: Path, case: str) -> None:
    spec, expected = OVERSIZED[case]
    path = _write(tmp_path, case, spec)
    started = time.perf_counter()
    run = subprocess.run([str(HUABAO), "render", str(path), "-o", str(tmp_path / "out")], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "HUABAO_DATA_DIR": str(tmp_path / "d")})
    seconds = time.perf_counter() - started
    output = " ".join((run.stdout + run.stderr).split())  # the console may wrap long lines
    assert run.returncode != 0
    assert expected in output, output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir()), "nothing was drawn"
    assert seconds < 10, f"{seconds:.1f}s (interpreter start included)"


@pytest.mark.parametrize("case", sorted(OVERSIZED))
def test_render_spec_file_refuses_before_drawing(tmp_path: Path, settings: Settings, case: str,
                                                 nothing_drawn: None) -> None:
    from tools.render_spec import render_spec_file

    spec, expected = OVERSIZED[case]
    path = _write(tmp_path, case, spec)
    with pytest.raises(SpecError) as caught:
        render_spec_file(path, tmp_path / "out", settings=settings)
    assert expected in str(caught.value)


def test_the_message_says_what_is_over_the_limit_and_the_setting(tmp_path: Path, settings: Settings) -> None:
    from tools.render_spec import render_spec_file

    path = _write(tmp_path, "blur", OVERSIZED["blur"][0])
    with pytest.raises(SpecError) as caught:
        render_spec_file(path, tmp_path / "out", settings=settings)
    assert str(caught.value) == ("blur.spec.json: layer “x” (s): blur is 1,000,000 px, over the limit of 500 px "
                                 "(set HUABAO_MAX_BLUR_PX to raise it)")


def test_each_limit_is_a_setting(settings: Settings) -> None:
    from tools.spec import LimitError, PosterSpec, check_limits

    spec = PosterSpec.model_validate(_spec(layers=[_layer(box=[0, 0, 900, 900]), _layer(
        id="s", kind="shadow", of="x", blur=40), _layer(id="t", kind="text", text="hi", size=300)]))
    check_limits(spec, settings)  # the defaults allow it
    for update, setting in (({"max_canvas_px": 800}, "HUABAO_MAX_CANVAS_PX"), ({"max_layers": 2}, "HUABAO_MAX_LAYERS"),
                            ({"max_blur_px": 30}, "HUABAO_MAX_BLUR_PX"), ({"max_font_px": 200}, "HUABAO_MAX_FONT_PX")):
        with pytest.raises(LimitError, match=setting):
            check_limits(spec, settings.model_copy(update=update))


def test_limit_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUABAO_MAX_CANVAS_PX", "12000")
    monkeypatch.setenv("HUABAO_MAX_BLUR_PX", "50")
    loaded = Settings(_env_file=None)
    assert (loaded.max_canvas_px, loaded.max_blur_px, loaded.max_layers, loaded.max_font_px) == (12000, 50, 100, 2000)


def test_an_oversized_spec_file_is_refused_unread(tmp_path: Path, settings: Settings) -> None:
    from tools.render_spec import render_spec_file

    path = tmp_path / "huge.spec.json"
    path.write_text(json.dumps(_spec()) + " " * 3_000_000, encoding="utf-8")
    with pytest.raises(SpecError, match="HUABAO_MAX_SPEC_BYTES"):
        render_spec_file(path, tmp_path / "out", settings=settings)
    deep = tmp_path / "deep.spec.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(SpecError, match="nested too deeply|not a huabao spec|not valid JSON"):
        render_spec_file(deep, tmp_path / "out", settings=settings)


def test_a_spec_within_the_limits_still_renders(tmp_path: Path, settings: Settings) -> None:
    from PIL import Image

    from tools.render_spec import render_spec_file

    path = _write(tmp_path, "fine", _spec())
    result = render_spec_file(path, tmp_path / "out", settings=settings)
    with Image.open(result["png"]) as poster:
        assert poster.size == (400, 300)
        assert poster.getpixel((200, 150))[:3] != poster.getpixel((5, 5))[:3]  # the card is drawn


def test_a_very_large_shape_is_drawn_without_supersampling_past_the_cap() -> None:
    from tools.render import SUPERSAMPLE_PIXELS, supersample

    assert supersample((1080, 1920), 3) == 3  # every poster format keeps its smooth edges
    assert supersample((8000, 8000), 4) == 1
    for size in ((3000, 3000), (8000, 100), (5000, 7000)):
        scale = supersample(size, 4)
        assert size[0] * size[1] * scale * scale <= SUPERSAMPLE_PIXELS or scale == 1


# ============================================================================ decompression bombs
def _one_bit_png(width: int, height: int) -> bytes:
    """A valid 1-bit grey PNG of all-black rows, written row by row: tiny on disk, huge decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.png"
    path.write_bytes(_one_bit_png(20_000, 20_000))
    return path


@pytest.fixture(scope="module")
def small_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "small-bomb.png"
    path.write_bytes(_one_bit_png(7_000, 7_000))  # 49 MP: under Pillow's own guard, over ours
    return path


def test_the_bomb_is_a_small_file_that_pillow_would_open(bomb: Path, small_bomb: Path) -> None:
    from PIL import Image

    assert bomb.stat().st_size < 1_000_000
    with Image.open(small_bomb) as opened:
        assert opened.size == (7_000, 7_000) and opened.mode == "1"


@pytest.mark.parametrize("which", ["bomb", "small_bomb"])
def test_a_one_bit_png_bomb_is_refused_from_its_header(request: pytest.FixtureRequest, which: str,
                                                       nothing_drawn: None) -> None:
    from tools.images import load_image

    path: Path = request.getfixturevalue(which)
    for source in (path, path.read_bytes()):
        with pytest.raises(ImageError, match="pixels.*HUABAO_MAX_IMAGE_PIXELS"):
            load_image(source, max_pixels=40_000_000)


def test_a_bomb_sent_with_a_brief_is_refused(small_bomb: Path, settings: Settings) -> None:
    from agent.batch import BriefRequest, Validator

    encoded = base64.b64encode(small_bomb.read_bytes()).decode()
    request = BriefRequest(brief="双十一福袋活动弹窗", image=encoded)
    with pytest.raises(HuabaoError, match="49,000,000 pixels"):
        Validator(settings).check(request)
    assert not settings.uploads_dir.exists() or not any(settings.uploads_dir.iterdir())


def test_a_spec_whose_source_is_a_bomb_is_refused_before_decoding(tmp_path: Path, settings: Settings,
                                                                   small_bomb: Path, nothing_drawn: None) -> None:
    from tools.render_spec import render_spec_file

    (tmp_path / "bomb.png").write_bytes(small_bomb.read_bytes())
    path = _write(tmp_path, "bomb", _spec(layers=[_layer(kind="subject", source="bomb.png", box=[0, 0, 300, 300])]))
    with pytest.raises(SpecError, match="49,000,000 pixels.*HUABAO_MAX_IMAGE_PIXELS"):
        render_spec_file(path, tmp_path / "out", settings=settings)
