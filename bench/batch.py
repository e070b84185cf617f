"""Batch throughput on the embedded default: N varied briefs through `run_batch`, as
`huabao batch` runs them (real Agent per worker process, the sample gallery and its index).

Reports total wall time (worker start and model loading included), posters per minute,
steady-state seconds per poster, and peak RAM: the largest sum of resident memory over the
driver and its worker processes, sampled every 0.25 s from /proc; and the workers' CPU time per
poster (start-up included), which other work on a shared machine inflates far less than wall time.

    python -m bench.batch                       # 100 briefs, settings.workers workers
    python -m bench.batch -n 20 --workers 1 --write docs/benchmarks-batch.md
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.machine import cpu_model

REPO = Path(__file__).resolve().parents[1]

# Campaign themes × subjects × formats × palettes: every brief differs in what it asks for.
SUBJECTS = [("福袋", "好运福袋", "立即领取"), ("红包", "新春红包", "拆红包"), ("礼物盒", "惊喜好礼", "打开看看"),
            ("金币", "每日签到", "签到"), ("盾牌", "安全守护", "了解更多"), ("相机", "影像节", "去看看"),
            ("月饼", "月满中秋", "立即抢购"), ("书包", "开学好物", "去逛逛"), ("咖啡", "暖冬第二杯半价", "立即下单"),
            ("火箭", "极速上线", "立即体验"), ("奖杯", "冠军之夜", "去投票"), ("耳机", "音乐节", "马上听")]
FORMATS = ["弹窗", "海报", "横幅", "方图"]
PALETTES = ["红黄配色", "蓝白配色", "绿色和黄色", "紫色渐变", "橙色和米色"]


def make_briefs(n: int) -> list[dict[str, str]]:
    briefs = []
    for i in range(n):
        subject, title, cta = SUBJECTS[i % len(SUBJECTS)]
        fmt = FORMATS[(i // len(SUBJECTS)) % len(FORMATS)]
        palette = PALETTES[i % len(PALETTES)]
        briefs.append({"brief": f"{subject}活动{fmt}，{palette}，标题：{title}，副标题：第{i + 1}期，按钮：{cta}"})
    return briefs


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


class MemorySampler(threading.Thread):
    """Peak of (driver RSS + every worker's RSS), sampled while the batch runs; and the CPU time
    each worker used (its last sample), which other load on a shared machine inflates far less
    than wall time."""

    def __init__(self, pids, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pids = pids
        self.interval = interval
        self.peak_kib = 0
        self.peak_workers = 0
        self.worker_cpu: dict[int, float] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            workers = self.pids()
            total = _rss_kib(os.getpid()) + sum(_rss_kib(p) for p in workers)
            if total > self.peak_kib:
                self.peak_kib, self.peak_workers = total, len(workers)
            for pid in workers:
                used = _cpu_seconds(pid)
                if used is not None:
                    self.worker_cpu[pid] = used

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


def machine() -> dict[str, object]:
    model = cpu_model()
    mem_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal:")))
    return {"cpu": model, "cores": os.cpu_count(), "ram_gib": round(mem_kib / 1024 ** 2, 1),
            "python": platform.python_version(), "date": dt.date.today().isoformat()}


def open_bench_batch(briefs: list[dict], data_dir: Path, keep: Path | None, prefix: str):
    """(settings, batch state, scratch root, output folder): a job store of our own beside the real gallery,
    index and model files (symlinked, so posters are made as `huabao batch` makes them, super-resolution
    included; the upscale cache starts empty), the briefs written to a file and opened as one batch."""
    from agent.batch import open_file_batch
    from tools.config import Settings

    if not (data_dir / "index" / "manifest.json").is_file():
        raise SystemExit(f"no gallery index in {data_dir / 'index'}: run `make index` first")
    root = Path(tempfile.mkdtemp(prefix=prefix))
    own_data = root / "data"
    own_data.mkdir()
    (own_data / "gallery").symlink_to((data_dir / "gallery").resolve(), target_is_directory=True)
    (own_data / "index").symlink_to((data_dir / "index").resolve(), target_is_directory=True)
    if (data_dir / "models").is_dir():
        (own_data / "models").symlink_to((data_dir / "models").resolve(), target_is_directory=True)
    out = keep or root / "out"
    settings = Settings(_env_file=None, data_dir=own_data, output_dir=out)
    file = root / "briefs.jsonl"
    file.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in briefs), encoding="utf-8")
    state, _ = open_file_batch(settings, file, out)
    return settings, state, root, out


def run(n: int, workers: int | None, data_dir: Path, keep: Path | None = None) -> dict[str, object]:
    from agent.batch import ProcessExecutor, agent_runner, run_batch

    settings, state, _, out = open_bench_batch(make_briefs(n), data_dir, keep, "huabao-bench-batch-")
    workers = workers or settings.workers
    executor = ProcessExecutor(settings, agent_runner, workers)
    sampler = MemorySampler(executor.pids)
    finished_at: list[float] = []

    def progress(current) -> None:
        done = current.counts["done"] + current.counts["failed"]
        while len(finished_at) < done:
            finished_at.append(time.perf_counter())

    load_before = os.getloadavg()[0]  # a shared machine: say how busy it was
    started = time.perf_counter()
    sampler.start()
    final = run_batch(settings, state.id, executor=executor, on_progress=progress)
    total = time.perf_counter() - started
    sampler.stop()

    posters = sum(len(b.outputs) for b in final.briefs)
    seconds = [b.seconds for b in final.briefs if b.status == "done" and b.seconds]
    # steady state: the pace after every worker finished its first (model-loading) brief
    steady = None
    if len(finished_at) > workers * 2:
        span = finished_at[-1] - finished_at[workers - 1]
        steady = span / (len(finished_at) - workers)
    return {
        "briefs": n, "workers": workers, "done": final.counts["done"], "failed": final.counts["failed"],
        "posters": posters, "total_s": round(total, 1), "posters_per_min": round(posters / total * 60, 2),
        "steady_s_per_poster": round(steady, 2) if steady else None,
        "median_brief_s": round(statistics.median(seconds), 2) if seconds else None,
        "peak_rss_mib": round(sampler.peak_kib / 1024), "peak_processes": sampler.peak_workers + 1,
        # the workers' own CPU time (start-up and model loading included) per poster
        "worker_cpu_s": round(sum(sampler.worker_cpu.values()), 1),
        "worker_cpu_s_per_poster": round(sum(sampler.worker_cpu.values()) / posters, 3) if posters else None,
        "errors": sorted({b.error for b in final.briefs if b.error})[:5],
        "load_avg_1m": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "machine": machine(), "out": str(out),
    }


def markdown(result: dict[str, object]) -> str:
    m = result["machine"]
    return (f"| {m['date']} | {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB | {result['briefs']} | "
            f"{result['workers']} | {result['done']}/{result['failed']} | {result['total_s']} s | "
            f"{result['posters_per_min']} | {result['steady_s_per_poster']} s | {result['median_brief_s']} s | "
            f"{result['peak_rss_mib']} MiB ({result['peak_processes']} processes) | "
            f"{result['load_avg_1m'][0]} → {result['load_avg_1m'][1]} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100, help="number of briefs")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: settings.workers)")
    parser.add_argument("--data", type=Path, default=REPO / "data", help="data dir with gallery/ and index/")
    parser.add_argument("--keep", type=Path, default=None, help="write the posters here instead of a temp dir")
    parser.add_argument("--write", type=Path, default=None, help="append the result row to this markdown file")
    args = parser.parse_args()
    result = run(args.n, args.workers, args.data, args.keep)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(markdown(result))
    if args.write:
        with args.write.open("a", encoding="utf-8") as handle:
            handle.write(markdown(result) + "\n")


if __name__ == "__main__":
    main()
