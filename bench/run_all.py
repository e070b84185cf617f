"""`make bench`: run every benchmark with its default (full) settings, one after another.

Each benchmark prints what it measured; pass --write to a benchmark itself to update its section
of docs/benchmarks.md. The 1M-vector search benchmark alone takes tens of minutes on 2 cores.
"""
from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS = [
    ["bench.render"],
    ["bench.cutout"],
    ["bench.retrieval_quality"],
    ["bench.brief_quality"],
    ["bench.brief_tagger"],
    ["bench.copy_fit"],
    ["bench.hero_choice"],
    ["bench.ingest_speed"],
    ["bench.batch"],
    ["bench.search_speed"],
    ["bench.scale"],
]


def main() -> int:
    failed = []
    for args in BENCHMARKS:
        started = time.perf_counter()
        print(f"\n=== {' '.join(args)}", flush=True)
        result = subprocess.run([sys.executable, "-m", *args], check=False)
        print(f"=== {args[0]}: exit {result.returncode} after {time.perf_counter() - started:.0f} s", flush=True)
        if result.returncode != 0:
            failed.append(args[0])
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
