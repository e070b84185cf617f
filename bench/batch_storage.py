"""Lean batch storage: disk bytes per poster and the cost of a PSD made on demand.

Runs N briefs (the 8 of examples/briefs.jsonl, then bench/batch.py's varied ones) through
`run_batch` exactly as `huabao batch FILE -o DIR` does (real Agent workers, the sample gallery
and its index), then measures

- **disk per poster**: every file the batch folder holds (PNGs, specs, the shared `sources/`,
  reports), apparent bytes and allocated bytes (what `du` counts), divided by the posters;
- **on-demand PSD / SVG**: each poster's PSD, then its SVG, made from its spec as the API's asset
  route and `huabao render SPEC --psd` make them (`tools.editable.write_editable`), timed one by
  one into a scratch folder: median, p95, max, and their sizes (what `--psd` would add);
- **results.zip**: the first build, which makes every PSD and SVG for the zip.

    python -m bench.batch_storage                 # 100 briefs, settings.workers workers
    python -m bench.batch_storage -n 20 --workers 1
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench.batch import REPO, machine, make_briefs, open_bench_batch

TARGET_BYTES_PER_POSTER = 1.5 * 1000 * 1000
TARGET_PSD_SECONDS = 1.0


def held_out_briefs(n: int) -> list[dict]:
    examples = [json.loads(line) for line in (REPO / "examples" / "briefs.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    return (examples + make_briefs(max(0, n - len(examples))))[:n]


def folder_bytes(folder: Path, *, skip: tuple[str, ...] = ()) -> tuple[int, int, int]:
    """(apparent bytes, allocated bytes, files) of every regular file under `folder`."""
    apparent = allocated = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name not in skip:
            stat = path.stat()
            apparent += stat.st_size
            allocated += stat.st_blocks * 512
            files += 1
    return apparent, allocated, files


def _spread(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median": round(statistics.median(ordered), 3),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
            "max": round(ordered[-1], 3)}


def run(n: int, workers: int | None, data_dir: Path, keep: Path | None = None) -> dict[str, object]:
    from agent.batch import (
        ProcessExecutor,
        agent_runner,
        build_results_zip,
        run_batch,
    )
    from tools.editable import write_editable

    settings, state, root, out = open_bench_batch(held_out_briefs(n), data_dir, keep, "huabao-bench-storage-")
    workers = workers or settings.workers
    started = time.perf_counter()
    final = run_batch(settings, state.id, executor=ProcessExecutor(settings, agent_runner, workers))
    batch_s = time.perf_counter() - started
    specs = [Path(output["spec"]) for brief in final.briefs if brief.status == "done" for output in brief.outputs]
    posters = len(specs)
    if not posters:
        raise SystemExit(f"no poster was made: {sorted({b.error for b in final.briefs if b.error})[:3]}")

    apparent, allocated, files = folder_bytes(out)
    sources = folder_bytes(out / "sources") if (out / "sources").is_dir() else (0, 0, 0)
    pngs = [spec.with_name(spec.name.replace(".spec.json", ".png")).stat().st_size for spec in specs]
    psd_s, svg_s, psd_bytes, svg_bytes = [], [], [], []
    scratch = root / "editable"
    for spec in specs:
        for kind, seconds, sizes in (("psd", psd_s, psd_bytes), ("svg", svg_s, svg_bytes)):
            began = time.perf_counter()
            made = write_editable(spec, [kind], out_dir=scratch, settings=settings, reuse=False)[kind]
            seconds.append(time.perf_counter() - began)
            sizes.append(made.stat().st_size)
            made.unlink()
    began = time.perf_counter()
    archive = build_results_zip(final, settings)
    zip_s = time.perf_counter() - began
    lean_after_zip = folder_bytes(out, skip=("results.zip",))[0]

    return {
        "briefs": n, "workers": workers, "done": final.counts["done"], "failed": final.counts["failed"],
        "posters": posters, "batch_s": round(batch_s, 1),
        "disk": {"apparent_bytes": apparent, "allocated_bytes": allocated, "files": files,
                 "apparent_per_poster_mb": round(apparent / posters / 1e6, 3),
                 "allocated_per_poster_mb": round(allocated / posters / 1e6, 3),
                 "png_per_poster_mb": round(statistics.mean(pngs) / 1e6, 3),
                 "sources_files": sources[2], "sources_per_poster_mb": round(sources[0] / posters / 1e6, 3),
                 "target_mb": TARGET_BYTES_PER_POSTER / 1e6,
                 "within_target": allocated / posters <= TARGET_BYTES_PER_POSTER},
        "psd_on_demand_s": {**_spread(psd_s), "target": TARGET_PSD_SECONDS,
                            "within_target": max(psd_s) <= TARGET_PSD_SECONDS},
        "svg_on_demand_s": _spread(svg_s),
        "psd_mb": round(statistics.mean(psd_bytes) / 1e6, 2), "svg_mb": round(statistics.mean(svg_bytes) / 1e6, 2),
        "results_zip": {"build_s": round(zip_s, 1), "mb": round(archive.stat().st_size / 1e6, 1),
                        "batch_folder_unchanged": lean_after_zip == apparent},
        "machine": machine(), "out": str(out),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100, help="number of briefs")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: settings.workers)")
    parser.add_argument("--data", type=Path, default=REPO / "data", help="data dir with gallery/ and index/")
    parser.add_argument("--keep", type=Path, default=None, help="write the batch here instead of a temp dir")
    args = parser.parse_args()
    print(json.dumps(run(args.n, args.workers, args.data, args.keep), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
