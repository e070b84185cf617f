"""Vector search speed and recall at gallery scale (issue 3, item 6).

Data (stated here so anyone can regenerate it):
- `embedding`: vectors shaped like image embeddings. z ~ N(0, diag(σ²)) in 64 dimensions with
  σ_i = 1/√i (a decaying spectrum), mapped to 512-d by a random orthonormal matrix, plus
  isotropic noise of σ = 0.02 per coordinate, then L2-normalised. Queries are fresh draws from
  the same distribution (not copies of indexed vectors).
- `uniform`: the worst case, uniform on the 512-d sphere (normalised Gaussian): no structure,
  so every approximate index loses recall; reported, not hidden.

For each index: build time, size on disk (≈ RAM), p50/p99 single-query latency (one query per
call, in a loop), batch throughput (all queries in one call), and Recall@10 against exact
search. Indexes whose distances are approximate (PCA, PQ) fetch more candidates and re-rank
them exactly against the raw vectors, as the gallery store does; the re-rank is inside the
timed region. faiss uses its default OpenMP threads (2 on the reference machine).

    .venv/bin/python bench/search_speed.py --n 1000000            # the full run (~30 min on 2 cores)
    .venv/bin/python bench/search_speed.py --n 100000 --configs flat,pca128-hnsw32
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import faiss
import numpy as np

DIM = 512
INTRINSIC = 64
NOISE = 0.02
K = 10


# ------------------------------------------------------------------------------------ data
def embedding_like(n: int, seed: int, basis: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    sigma = 1.0 / np.sqrt(np.arange(1, INTRINSIC + 1))
    out = np.empty((n, DIM), np.float32)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        z = rng.standard_normal((m, INTRINSIC)) * sigma
        x = z @ basis + NOISE * rng.standard_normal((m, DIM))
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        out[start:start + m] = x
    return out


def uniform(n: int, seed: int, chunk: int = 100_000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, DIM), np.float32)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        x = rng.standard_normal((m, DIM))
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        out[start:start + m] = x
    return out


def make_data(kind: str, n: int, nq: int) -> tuple[np.ndarray, np.ndarray]:
    if kind == "uniform":
        return uniform(n, 1), uniform(nq, 2)
    rng = np.random.default_rng(0)
    basis, _ = np.linalg.qr(rng.standard_normal((DIM, INTRINSIC)))  # orthonormal columns
    basis = basis.T.astype(np.float64)                                   # (64, 512)
    return embedding_like(n, 1, basis), embedding_like(nq, 2, basis)


def exact_topk(base: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    _, ids = index.search(queries, k)
    return ids


# ------------------------------------------------------------------------------------ indexes
@dataclass
class Config:
    name: str
    factory: str                 # faiss index_factory string (inner product)
    sweep: list[dict]            # search-time settings to measure, e.g. [{"efSearch": 128}]
    params: str = ""             # human-readable build parameters
    rerank: int = 0              # fetch this many, re-rank exactly on the raw vectors
    build: dict = field(default_factory=dict)


def configs(n: int) -> dict[str, Config]:
    nlist = 1 << int(round(np.log2(4 * np.sqrt(n))))
    return {
        "flat": Config("flat", "Flat", [{}], "exact inner product"),
        "hnsw32": Config("hnsw32", "HNSW32,Flat", [{"efSearch": e} for e in (64, 128, 256)],
                         "M=32, efConstruction=80", build={"efConstruction": 80}),
        "hnsw48": Config("hnsw48", "HNSW48,Flat", [{"efSearch": e} for e in (96, 128, 192)],
                         "M=48, efConstruction=200", build={"efConstruction": 200}),
        "ivf": Config("ivf", f"IVF{nlist},Flat", [{"nprobe": p} for p in (16, 32, 64)], f"nlist={nlist}"),
        "ivfpq": Config("ivfpq", f"IVF{nlist},PQ64x4fs", [{"nprobe": p} for p in (16, 32, 64)],
                        f"nlist={nlist}, PQ 64×4-bit fast-scan, exact re-rank of 100", rerank=100),
        "pca128-hnsw32": Config("pca128-hnsw32", "PCA128,HNSW32,Flat",
                                [{"efSearch": e} for e in (64, 96, 128, 192)],
                                "PCA 512→128, HNSW M=32 efConstruction=100, exact re-rank of 50",
                                rerank=50, build={"efConstruction": 100}),
        "pca128-hnsw48": Config("pca128-hnsw48", "PCA128,HNSW48,Flat",
                                [{"efSearch": e} for e in (64, 96, 128)],
                                "PCA 512→128, HNSW M=48 efConstruction=200, exact re-rank of 50",
                                rerank=50, build={"efConstruction": 200}),
    }


def _hnsw(index):
    inner = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexPreTransform) else index
    return inner if isinstance(inner, faiss.IndexHNSW) else None


def build(config: Config, base: np.ndarray):
    index = faiss.index_factory(DIM, config.factory, faiss.METRIC_INNER_PRODUCT)
    hnsw = _hnsw(index)
    if hnsw is not None and "efConstruction" in config.build:
        hnsw.hnsw.efConstruction = config.build["efConstruction"]
    started = time.perf_counter()
    if not index.is_trained:
        rng = np.random.default_rng(0)
        sample = base[np.sort(rng.choice(len(base), min(len(base), 200_000), replace=False))]
        index.train(sample)
    for start in range(0, len(base), 100_000):
        index.add(base[start:start + 100_000])
    return index, time.perf_counter() - started


def apply(index, settings: dict) -> None:
    if "efSearch" in settings:
        _hnsw(index).hnsw.efSearch = settings["efSearch"]
    if "nprobe" in settings:
        faiss.extract_index_ivf(index).nprobe = settings["nprobe"]


def search(index, base: np.ndarray, queries: np.ndarray, config: Config) -> np.ndarray:
    if not config.rerank:
        return index.search(queries, K)[1]
    _, candidates = index.search(queries, config.rerank)
    out = np.empty((len(queries), K), np.int64)
    for q in range(len(queries)):
        ids = candidates[q][candidates[q] >= 0]
        exact = base[ids] @ queries[q]
        out[q] = ids[np.argsort(-exact)[:K]]
    return out


def size_on_disk(index) -> int:
    with tempfile.NamedTemporaryFile(suffix=".faiss", dir=os.environ.get("TMPDIR", "/tmp")) as handle:
        faiss.write_index(index, handle.name)
        return os.path.getsize(handle.name)


def measure(config: Config, index, base, queries, truth, settings, latency_queries: int) -> dict:
    apply(index, settings)
    found = search(index, base, queries, config)
    recall = float(np.mean([len(set(found[i]) & set(truth[i])) / K for i in range(len(queries))]))
    started = time.perf_counter()
    search(index, base, queries, config)
    batch_qps = len(queries) / (time.perf_counter() - started)
    times = []
    for q in queries[:latency_queries]:
        t0 = time.perf_counter()
        search(index, base, q[None], config)
        times.append((time.perf_counter() - t0) * 1000)
    return {"settings": settings, "recall@10": round(recall, 4), "p50_ms": round(float(np.percentile(times, 50)), 3),
            "p99_ms": round(float(np.percentile(times, 99)), 3), "batch_qps": round(batch_qps, 1)}


def run(kind: str, n: int, nq: int, names: list[str]) -> dict:
    t0 = time.perf_counter()
    base, queries = make_data(kind, n, nq)
    generated = time.perf_counter() - t0
    t0 = time.perf_counter()
    truth = exact_topk(base, queries, K)
    truth_s = time.perf_counter() - t0
    print(f"[{kind}] n={n:,} nq={nq}: data {generated:.1f}s, exact ground truth {truth_s:.1f}s", flush=True)
    results = []
    available = configs(n)
    for name in names:
        config = available[name]
        index, build_s = build(config, base)
        size = size_on_disk(index)
        row = {"index": name, "params": config.params, "factory": config.factory, "build_s": round(build_s, 1),
               "size_mb": round(size / 2**20, 1), "raw_vectors_mb_for_rerank": round(base.nbytes / 2**20, 1) if config.rerank else 0,
               "runs": []}
        latency_queries = 100 if name == "flat" else min(nq, 1000)
        for settings in config.sweep:
            result = measure(config, index, base, queries, truth, settings, latency_queries)
            row["runs"].append(result)
            print(f"  {name:15} {json.dumps(settings):22} recall@10 {result['recall@10']:.3f}  "
                  f"p50 {result['p50_ms']:8.3f} ms  p99 {result['p99_ms']:8.3f} ms  "
                  f"batch {result['batch_qps']:9.1f} q/s   build {build_s:7.1f} s  size {row['size_mb']} MB", flush=True)
        results.append(row)
        del index
    return {"dataset": kind, "n": n, "nq": nq, "dim": DIM, "generate_s": round(generated, 1),
            "ground_truth_s": round(truth_s, 1), "indexes": results}


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "faiss": faiss.__version__, "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(), "date": datetime.now(timezone.utc).isoformat(timespec="minutes")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="vectors in the index")
    parser.add_argument("--nq", type=int, default=1000, help="queries")
    parser.add_argument("--datasets", default="embedding,uniform")
    parser.add_argument("--configs", default="flat,hnsw32,ivf,ivfpq,pca128-hnsw32",
                        help=f"comma list of: {', '.join(configs(1000))}")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    report = {"machine": machine(), "results": []}
    print(json.dumps(report["machine"]), flush=True)
    for kind in args.datasets.split(","):
        report["results"].append(run(kind, args.n, args.nq, args.configs.split(",")))
    report["machine"]["load_average_at_end"] = os.getloadavg()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)


if __name__ == "__main__":
    main()
