"""A SIGKILL never needs a human to clean up (issue 15, item 6).

`huabao index`, `huabao batch` and the server are run as real subprocesses and killed with
SIGKILL (the process alone, not its group: what the OOM killer or `kill -9 PID` does). Their
children must end with them, and the next run must take over whatever lock they held and
resume. Below them, the lock itself (tools/procs.py) is tested against dead and stray holders.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

from agent.batch import JobStore, owner_is_dead
from tools.config import Settings
from tools.errors import GalleryError
from tools.procs import HolderLock, LockBusy, ProcessId, process_start
from tools.retrieval.index import WRITER_LOCK, writer_lock

from support.batch_support import free_port, read_ledger, start_support_server, wait_for

REPO = Path(__file__).resolve().parents[1]
SUPPORT = REPO / "tests" / "support" / "batch_support.py"
TOKEN = "tok-recovery-1234"


# ---------------------------------------------------------------- helpers
def children_of(pid: int) -> list[int]:
    """Live (non-zombie) processes whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found





def alive(pids: list[int], starts: dict[int, str | None]) -> list[int]:
    """Those of `pids` still running as the same process (a zombie or a recycled pid is gone)."""
    return [p for p in pids if process_start(p) is not None and process_start(p) == starts[p]]


def kill_and_check_children(pid: int, process: subprocess.Popen, children: list[int]) -> None:
    """SIGKILL `pid` alone; every child it had must be gone within a few seconds."""
    starts = {c: process_start(c) for c in children}
    os.kill(pid, signal.SIGKILL)
    process.wait(10)
    deadline = time.monotonic() + 5
    while alive(children, starts) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = alive(children, starts)
    for child in left:  # do not leave them to the next test
        os.kill(child, signal.SIGKILL)
    assert not left, f"children {left} outlived their killed parent {pid}"


def kill_once_ready(run: subprocess.Popen, ready: Callable[[list[int]], bool], timeout: float, what: str) -> None:
    """Wait until `ready(children of run)` holds, then SIGKILL `run` alone (its children must die
    with it); never leave it running for the next test."""
    children: list[int] = []

    def check() -> bool:
        assert run.poll() is None, run.stderr.read().decode()[-2000:]
        children[:] = children_of(run.pid)
        return ready(children)

    try:
        wait_for(check, timeout, what)
        kill_and_check_children(run.pid, run, children)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()


def dead_pid() -> int:
    """The pid of a process that has exited."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(gone.stdout)


def hold_in_subprocess(path: Path, holder: dict | None) -> subprocess.Popen:
    """Another process that flocks `path` and writes `holder` in it as the recorded holder: a
    stray child of a dead huabao when `holder` names a dead process."""
    code = textwrap.dedent(f"""
        import fcntl, json, sys, time
        handle = open({str(path)!r}, "w")
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.write(json.dumps({holder!r}) if {holder!r} is not None else "")
        handle.flush()
        print("held", flush=True)
        time.sleep(120)
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


# ---------------------------------------------------------------- liveness and the lock
def test_a_recycled_pid_or_a_gone_process_is_dead_and_a_live_one_is_not() -> None:
    me = ProcessId.current()
    assert not me.is_dead()
    assert ProcessId(host=me.host, pid=me.pid, start="1").is_dead()  # same pid, another start: recycled
    assert ProcessId(host=me.host, pid=dead_pid(), start=None).is_dead()
    assert not ProcessId(host=me.host + "-elsewhere", pid=dead_pid()).is_dead()  # another machine: cannot tell
    assert owner_is_dead(f"{me.host}:{me.pid}:1:abc") and not owner_is_dead(f"{me.host}:{me.pid}:{me.start}:abc")


def test_a_lock_held_by_a_live_process_is_refused_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "index" / WRITER_LOCK
    path.parent.mkdir()
    holder = hold_in_subprocess(path, None)  # a live process that names nobody: cannot be judged dead
    try:
        with pytest.raises(LockBusy):
            HolderLock(path).acquire()
    finally:
        holder.kill()
        holder.wait()
    with HolderLock(path) as lock:  # its holder is gone, so is the flock
        assert lock.held and json.loads(path.read_text())["pid"] == os.getpid()
        other = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
            from pathlib import Path
            from tools.retrieval.index import writer_lock
            with writer_lock(Path({str(path.parent)!r})):
                pass
        """)], cwd=REPO, capture_output=True, text=True)
        assert other.returncode == 1 and f"another `huabao index` (process {os.getpid()})" in other.stderr
    assert path.read_text() == ""  # released: it names nobody


def test_a_lock_whose_holder_died_is_taken_over_even_if_a_stray_still_holds_it(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    path = index_dir / WRITER_LOCK
    dead = ProcessId(host=socket.gethostname(), pid=dead_pid(), start=None).model_dump()
    stray = hold_in_subprocess(path, dead)  # e.g. a loader an older huabao forked, holding the descriptor
    try:
        with writer_lock(index_dir):
            assert json.loads(path.read_text())["pid"] == os.getpid()
            with pytest.raises(GalleryError, match=r"another `huabao index` \(process \d+\)"):
                with writer_lock(index_dir):  # taken over: now held by a live process, us
                    pass
        assert stray.poll() is None, "the stray is left alone; only its lock is replaced"
        with writer_lock(index_dir):  # and the lock works as before once released
            pass
    finally:
        stray.kill()
        stray.wait()
    assert sorted(p.name for p in index_dir.iterdir()) == [WRITER_LOCK, f"{WRITER_LOCK}.guard"]


def test_a_forked_child_does_not_keep_its_parents_lock(tmp_path: Path) -> None:
    path, ready = tmp_path / "held.lock", tmp_path / "child-ready"
    code = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from tools.procs import HolderLock
        lock = HolderLock(Path({str(path)!r}))
        lock.acquire()
        child = os.fork()
        if child == 0:
            Path({str(ready)!r}).touch()  # past fork's hooks: what the child holds is settled
            time.sleep(60)
            os._exit(0)
        print(child, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    try:
        # the parent must not die before the child has run its after-fork hook (on a busy machine
        # the child may not have been scheduled yet): the lock is then still shared, by design
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists(), "the child started"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        assert process_start(child) is not None, "the child is still running"
        import fcntl

        with open(path, "a") as handle:  # a plain flock: no takeover involved
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_milvus_lite_turn_left_by_a_dead_process_is_taken_at_once(tmp_path: Path) -> None:
    from tools.retrieval.stores import milvus_store
    from tools.retrieval.store import StoreConfig

    target = milvus_store._Target(tmp_path / "index", StoreConfig(milvus_uri=str(tmp_path / "index" / "m.db")))
    dead = ProcessId(host=socket.gethostname(), pid=dead_pid(), start=None).model_dump()
    stray = hold_in_subprocess(Path(f"{target.uri}.huabao-turn"), dead)
    try:
        started = time.monotonic()
        turn = milvus_store._take_lite_turn(target)
        assert time.monotonic() - started < 2, "waited for a turn nobody alive holds"
        turn.release()
    finally:
        stray.kill()
        stray.wait()


# ---------------------------------------------------------------- huabao index, SIGKILLed
def make_gallery(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    rng = np.random.default_rng(7)
    for i in range(count):
        pixels = rng.integers(0, 255, (16, 16, 3), dtype=np.uint8)
        Image.fromarray(pixels).resize((160, 160)).save(folder / f"img{i:03d}.jpg", quality=85)
    return folder


def journaled_images(index_dir: Path) -> int:
    """Images whose batch a run has finished and saved in its journal."""
    try:
        with sqlite3.connect(f"file:{index_dir / 'journal.sqlite'}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM done").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_huabao_index_killed_mid_run_leaves_no_loader_and_the_rerun_resumes(tmp_path: Path) -> None:
    count = 128  # 4 batches of 32: the kill lands after the first one is journaled
    gallery = make_gallery(tmp_path / "gallery", count)
    data = tmp_path / "data"
    env = {**os.environ, "HUABAO_DATA_DIR": str(data), "HUABAO_EMBED_BACKEND": "offline",
           "HUABAO_VECTOR_STORE": "faiss", "HUABAO_WORKERS": "2"}
    command = [sys.executable, "-m", "ui.cli", "index", str(gallery)]
    run = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    kill_once_ready(run, lambda loaders: len(loaders) >= 2 and journaled_images(data / "index") >= 32,
                    180, "loader workers and a journaled batch")
    assert journaled_images(data / "index") < count, "the kill came too late to test anything"
    assert json.loads((data / "index" / WRITER_LOCK).read_text())["pid"] == run.pid  # left by the dead run

    again = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"{count} images indexed" in again.stdout
    assert "resumed from an interrupted run" in again.stdout, again.stdout


# ---------------------------------------------------------------- huabao batch, SIGKILLed
@pytest.fixture
def batch_data(tmp_path: Path, mini_gallery: Settings) -> Path:
    """A data dir of our own (job store) that sees the indexed 20-icon gallery."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "gallery").symlink_to(mini_gallery.data_dir / "gallery", target_is_directory=True)
    (data / "index").symlink_to(mini_gallery.data_dir / "index", target_is_directory=True)
    return data


def test_huabao_batch_killed_mid_run_leaves_no_worker_and_resume_counts_no_attempt(
        batch_data: Path, tmp_path: Path) -> None:
    lines = (REPO / "examples" / "briefs.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    file = tmp_path / "briefs.jsonl"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "HUABAO_DATA_DIR": str(batch_data), "HUABAO_OUTPUT_DIR": str(out)}
    command = [sys.executable, "-m", "ui.cli", "batch", str(file), "-o", str(out), "--workers", "2"]
    run = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    store = JobStore(batch_data / "jobs.sqlite3")

    def one_done_one_running(workers: list[int]) -> bool:
        if not (batch_data / "jobs.sqlite3").exists():
            return False
        batches = store.recent(kind=None)
        counts = store.counts(batches[0].id) if batches else {}
        return counts.get("done", 0) >= 1 and counts.get("running", 0) >= 1 and len(workers) >= 2

    kill_once_ready(run, one_done_one_running, 300, "a finished brief and a running one")
    batch_id = store.recent(kind=None)[0].id
    running = [b.index for b in store.batch(batch_id).briefs if b.status == "running"]
    assert running and store.counts(batch_id)["done"] < 5, f"the kill came too late: {store.counts(batch_id)}"

    resumed = subprocess.run([*command, "--resume"], cwd=REPO, env=env, capture_output=True, text=True,
                             timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "left running by a stopped process" in resumed.stdout + resumed.stderr
    final = store.batch(batch_id)
    assert final.counts["done"] == 5 and final.status == "done"
    # the killed run's briefs started twice, but only the run under a live driver counts
    assert {b.index: b.attempts for b in final.briefs if b.index in running} == {i: 1 for i in running}
    assert all(b.attempts == 1 for b in final.briefs)
    assert len(json.loads((out / "report.json").read_text())["briefs"]) == 5


# ---------------------------------------------------------------- the server, SIGKILLed
def test_a_killed_server_leaves_no_worker_and_its_restart_reruns_briefs_without_counting(
        settings: Settings) -> None:
    data, out = settings.data_dir, settings.output_dir
    auth = {"Authorization": f"Bearer {TOKEN}"}
    server = start_support_server(data, out, free_port(), TOKEN)
    try:
        workers = children_of(server.pid)
        url = f"http://127.0.0.1:{server.args[5]}"
        batch_id = httpx.post(f"{url}/v1/batches", headers=auth, timeout=30,
                              json={"briefs": [{"brief": f"海报 {i} sleep=3"} for i in range(4)]}).json()["id"]
        wait_for(lambda: sum(1 for r in read_ledger(settings) if r[0] == "start") >= 2, 60, "2 briefs started")
        kill_and_check_children(server.pid, server, workers)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    store = JobStore(settings.jobs_db)
    assert store.counts(batch_id)["running"] == 2  # left by the dead server

    server = start_support_server(data, out, free_port(), TOKEN)
    try:
        url = f"http://127.0.0.1:{server.args[5]}"
        deadline = time.monotonic() + 120
        while (body := httpx.get(f"{url}/v1/batches/{batch_id}", headers=auth, timeout=30).json())["status"] \
                not in ("done", "failed"):
            assert time.monotonic() < deadline, body
            time.sleep(0.2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    assert body["status"] == "done" and body["counts"]["done"] == 4
    starts: dict[int, int] = {}
    for event, bid, index, _, _ in read_ledger(settings):
        if event == "start" and bid == batch_id:
            starts[index] = starts.get(index, 0) + 1
    assert sorted(starts.values()) == [1, 1, 2, 2]  # two were cut off by the kill and ran again
    assert [b["attempts"] for b in body["briefs"]] == [1, 1, 1, 1]
