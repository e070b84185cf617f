"""Scale-out backends against the single-machine ones (issue 10, item 6).

1. Search: the gallery's vector stores, faiss and milvus (milvus-lite, a file in a temporary
   folder), through the same `VectorStore` interface the retriever uses, at 100,000 × 512
   embedding-like vectors (the generator of bench/search_speed.py: a 64-d Gaussian with σ_i ∝ 1/√i
   mapped to 512-d plus σ 0.02 noise, L2-normalised; queries are fresh draws). For each store and
   index type: write time, p50/p99 single-query latency, batch throughput and Recall@10 against
   exact search. Both stores return exact inner-product scores (approximate types re-rank).
2. Ingestion: images/s of `huabao index` on a sample of the sample gallery, local DataLoader
   path vs Ray Data on a local Ray instance (bench/scale_ingest.py).

    .venv/bin/python -m bench.scale                       # both parts
    .venv/bin/python -m bench.scale --parts search --n 100000 --json out.json
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

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import describe as describe_machine  # noqa: E402
from bench.search_speed import K, exact_topk, make_data  # noqa: E402
from tools.retrieval.store import StoreConfig, VectorUpdate, store_class  # noqa: E402

FIELD = "image"


def measure_store(store_name: str, index_type: str, base: np.ndarray, queries: np.ndarray, truth_ids: np.ndarray,
                  latency_queries: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"huabao-scale-{store_name}-") as tmp:
        index_dir = Path(tmp)
        config = StoreConfig(milvus_uri=str(index_dir / "milvus.db"))
        ids = np.arange(1, len(base) + 1, dtype=np.int64)
        cls = store_class(store_name)
        started = time.perf_counter()
        state = cls.write(index_dir, 1, {FIELD: base.shape[1]}, VectorUpdate(ids=ids, vectors={FIELD: base}), None,
                          index_type=index_type, search_fields=(FIELD,), config=config,
                          meta={"backend": "bench", "version": "synthetic"})
        store = cls.open(index_dir, state, use_gpu=False, config=config)
        store.search(FIELD, queries[:1], K)  # first query: lazy loads are not part of the latency
        write_s = time.perf_counter() - started
        try:
            started = time.perf_counter()
            _, found = store.search(FIELD, queries, K)
            batch_qps = len(queries) / (time.perf_counter() - started)
            recall = float(np.mean([len(set(found[i]) & set(truth_ids[i])) / K for i in range(len(queries))]))
            times = []
            for query in queries[:latency_queries]:
                t0 = time.perf_counter()
                store.search(FIELD, query[None], K)
                times.append((time.perf_counter() - t0) * 1000)
        finally:
            store.close()
            cls.cleanup(index_dir, None, replaced=state, config=config)
    row = {"store": store_name, "index_type": index_type, "backend_index": _backend_index(state),
           "write_and_open_s": round(write_s, 1), "recall@10": round(recall, 4),
           "p50_ms": round(float(np.percentile(times, 50)), 3), "p99_ms": round(float(np.percentile(times, 99)), 3),
           "batch_qps": round(batch_qps, 1)}
    print(f"  {store_name:7} {index_type:6} ({row['backend_index']:9}) recall@10 {row['recall@10']:.3f}  "
          f"p50 {row['p50_ms']:7.3f} ms  p99 {row['p99_ms']:7.3f} ms  batch {row['batch_qps']:8.1f} q/s  "
          f"write+open {row['write_and_open_s']} s", flush=True)
    return row


def _backend_index(state: dict) -> str:
    spec = state.get("fields", {}).get(FIELD, {})
    if isinstance(spec, dict) and isinstance(spec.get("index"), str) and not spec["index"].endswith(".faiss"):
        return spec["index"]  # milvus: the index type the server really built
    return f"faiss:{state.get('index_type', '?')}"


def search_part(n: int, nq: int, stores: list[str], index_types: list[str]) -> dict:
    base, queries = make_data("embedding", n, nq)
    truth = exact_topk(base, queries, K) + 1  # store ids are row + 1
    rows = [measure_store(store, kind, base, queries, truth, min(nq, 500)) for kind in index_types for store in stores]
    return {"n": n, "nq": nq, "dim": base.shape[1], "rows": rows}


def ingest_part(n: int) -> dict:
    """bench/scale_ingest.py in its own process: Ray's start and stop stay out of this one."""
    import subprocess

    with tempfile.TemporaryDirectory(prefix="huabao-scale-ingest-") as tmp:
        out = Path(tmp) / "ingest.json"
        subprocess.run([sys.executable, "-m", "bench.scale_ingest", "--n", str(n), "--json", str(out)],
                       check=True, cwd=Path(__file__).resolve().parents[1])
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parts", default="search,ingest")
    parser.add_argument("--n", type=int, default=100_000, help="vectors for the search part")
    parser.add_argument("--nq", type=int, default=1000)
    parser.add_argument("--stores", default="faiss,milvus")
    parser.add_argument("--index-types", default="flat,hnsw")
    parser.add_argument("--images", type=int, default=200, help="images for the ingestion part")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    report: dict = {"date": datetime.now(timezone.utc).isoformat(timespec="minutes"), "machine": describe_machine(),
                    "load_average_at_start": os.getloadavg()}
    print(report["machine"], flush=True)
    parts = args.parts.split(",")
    if "search" in parts:
        print(f"search: {args.n:,} × 512 embedding-like vectors, {args.nq} queries", flush=True)
        report["search"] = search_part(args.n, args.nq, args.stores.split(","), args.index_types.split(","))
    if "ingest" in parts:
        report["ingest"] = ingest_part(args.images)
    report["load_average_at_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
