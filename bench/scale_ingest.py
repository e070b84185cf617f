"""Ingestion on Ray Data vs the local path (issue 10): images/s on this machine.

Indexes a seeded sample of the sample gallery from scratch with `index_folder` (the code path of
`huabao index`), the offline embedder, once locally (DataLoader workers 0 and 2) and once on a
local Ray instance (`huabao index DIR --ray`: decode tasks + an actor pool of embedders). Each run
builds its own embedder, so model loading is in every run's time, as it is in a real one; the Ray
instance's start-up is timed on its own. Also checks that the Ray index equals the local one
(same ids, largest vector difference).

    .venv/bin/python bench/scale_ingest.py --n 200 --json /tmp/scale_ingest.json
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from bench.ingest_speed import sample_gallery  # noqa: E402
from bench.machine import describe  # noqa: E402
from tools.config import Settings  # noqa: E402
from tools.retrieval import index_folder  # noqa: E402
from tools.retrieval.index import GalleryIndex  # noqa: E402
from tools.retrieval.ingest import BATCH_SIZE  # noqa: E402


def vectors_of(settings: Settings) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    index = GalleryIndex.open(settings.index_dir, use_gpu=False)
    try:
        keys = {key: item["id"] for key, item in index.all_items().items()}
        ids = np.sort(index.store.ids())
        return keys, {field: index.store.vectors(field, ids) for field in index.manifest["fields"]}
    finally:
        index.close()


def run(settings: Settings, folder: Path, metadata: Path, label: dict, **kw) -> dict:
    started = time.perf_counter()
    report = index_folder(settings, folder, metadata=metadata, backend="offline", progress=False, **kw)
    seconds = time.perf_counter() - started
    result = {**label, "images": report.count, "seconds": round(seconds, 1),
              "images_per_s": round(report.count / seconds, 1)}
    print(f"{json.dumps(label)}: {report.count} images in {seconds:.1f} s = {result['images_per_s']} images/s",
          flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gallery", type=Path, default=Path("data/gallery"))
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--workers", default="0,2", help="DataLoader workers of the local runs")
    parser.add_argument("--ray-cpus", type=int, default=os.cpu_count(), help="CPUs of the local Ray instance")
    parser.add_argument("--ray-actors", type=int, default=None, help="embedding actors (default: by the cluster)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import ray

    from tools import raysupport
    from tools.retrieval.ray_ingest import pool_shape

    report = {"date": datetime.now(timezone.utc).isoformat(timespec="minutes"), "machine": describe(),
              "cores": os.cpu_count(), "n": args.n, "ray_version": ray.__version__,
              "load_average_at_start": os.getloadavg(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="huabao-scale-ingest-") as tmp:
        root = Path(tmp)
        folder = root / "gallery"
        metadata = sample_gallery(args.gallery, args.n, folder)
        local = None
        for workers in (int(w) for w in args.workers.split(",")):
            settings = Settings(_env_file=None, data_dir=root / f"local-{workers}")
            report["runs"].append(run(settings, folder, metadata, {"path": "local", "workers": workers},
                                      num_workers=workers))
            local = local or settings

        started = time.perf_counter()
        raysupport.connect(Settings(_env_file=None), raysupport.LOCAL, num_cpus=args.ray_cpus)
        report["ray_start_s"] = round(time.perf_counter() - started, 1)
        actors, _, _ = pool_shape(raysupport.cluster_cpus(), raysupport.cluster_gpus(), -(-args.n // BATCH_SIZE),
                               args.ray_actors)
        print(f"local Ray instance: {raysupport.cluster_cpus():.0f} CPUs, started in {report['ray_start_s']} s; "
              f"{actors} embedding actor(s)", flush=True)
        for attempt in ("cold", "warm"):  # warm: Ray's worker processes already started (actors are new)
            settings = Settings(_env_file=None, data_dir=root / f"ray-{attempt}")
            report["runs"].append(run(settings, folder, metadata,
                                      {"path": "ray", "run": attempt, "ray_cpus": args.ray_cpus, "actors": actors},
                                      ray_address=raysupport.LOCAL, ray_actors=args.ray_actors))
        ray.shutdown()

        local_keys, local_vectors = vectors_of(local)
        ray_keys, ray_vectors = vectors_of(settings)
        report["same_ids"] = local_keys == ray_keys
        report["max_vector_difference"] = float(max(np.abs(local_vectors[f] - ray_vectors[f]).max()
                                                    for f in local_vectors))
        print(f"Ray index equals the local one: ids {report['same_ids']}, largest vector difference "
              f"{report['max_vector_difference']:.2e}", flush=True)
    report["load_average_at_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
