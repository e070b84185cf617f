"""The batch core: the SQLite job store, the worker pool, batch files, kill and resume.

Briefs run through `png_runner` (tests/support/batch_support.py), a cheap runner that writes real
PNG/PSD/spec files, so these tests exercise real processes, real SQLite and real signals quickly.
"""
from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from agent.batch import (
    MAX_ATTEMPTS,
    IdempotencyConflict,
    InvalidBrief,
    JobStore,
    QueuedBrief,
    brief_folder,
    open_file_batch,
    owner_id,
    read_briefs_file,
    run_batch,
)
from tools.config import Settings
from tools.errors import BackendUnavailable, BriefError

from support.batch_support import dying_runner, png_runner, read_ledger, wait_for

REPO = Path(__file__).resolve().parents[1]
SUPPORT = REPO / "tests" / "support" / "batch_support.py"


# ---------------------------------------------------------------- helpers
def queue_texts(store: JobStore, out_dir: Path, texts: list[str], queue: str = "cli") -> str:
    items = [QueuedBrief(brief=t) for t in texts]
    batch_id, _ = store.create_batch(kind="batch", queue=queue, out_dir=out_dir, items=items,
                                     folders=[brief_folder(i, t) for i, t in enumerate(texts)])
    return batch_id


def write_jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"brief": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    return path


def starts(settings: Settings, batch_id: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for event, bid, index, _, _ in read_ledger(settings):
        if event == "start" and bid == batch_id:
            counts[index] = counts.get(index, 0) + 1
    return counts


def driver(settings: Settings, file: Path, out: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'tests'}"}
    # a session of its own: killing or interrupting its group hits the driver and its workers, like a terminal
    return subprocess.Popen([sys.executable, str(SUPPORT), "drive", str(settings.data_dir), str(file), str(out),
                             *extra], env=env, cwd=REPO, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)





def only_batch(store: JobStore) -> str:
    batches = store.recent(kind=None)
    assert len(batches) == 1
    return batches[0].id


def done_count(store: JobStore) -> int:
    """Briefs done in the store's one batch so far (0 before the driver has created it)."""
    batches = store.recent(kind=None)
    return store.counts(batches[0].id)["done"] if batches else 0


def assert_outputs_intact(state) -> None:
    """Exactly one PNG, PSD and spec per brief, readable, and the spec belongs to that brief."""
    for brief in state.briefs:
        folder = Path(state.out_dir) / brief.folder
        files = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        assert files == ["poster.png", "poster.psd", "poster.spec.json"], (brief.index, files)
        with Image.open(folder / "poster.png") as image:
            assert image.size == (64, 48)
        assert json.loads((folder / "poster.spec.json").read_text())["index"] == brief.index


# ---------------------------------------------------------------- the store
def test_concurrent_claims_hand_out_each_brief_once(settings: Settings) -> None:
    store = JobStore(settings.jobs_db)
    batch_id = queue_texts(store, settings.output_dir, [f"brief {i}" for i in range(40)])
    claimed: list[tuple[str, int]] = []
    lock = threading.Lock()

    def claimer() -> None:
        own = JobStore(settings.jobs_db)  # a connection of its own, as another process would have
        owner = owner_id()
        while (job := own.claim(owner, batch_id=batch_id)) is not None:
            with lock:
                claimed.append((job.batch_id, job.index))

    threads = [threading.Thread(target=claimer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(i for _, i in claimed) == list(range(40))


def test_only_the_lease_holder_can_record_a_result(settings: Settings) -> None:
    store = JobStore(settings.jobs_db, lease_seconds=0.05)
    queue_texts(store, settings.output_dir, ["a brief"])
    first = store.claim("host:1:-:a")
    time.sleep(0.1)  # the first claim lapses without a heartbeat
    second = store.claim("host:2:-:b")
    assert first is not None and second is not None and second.index == first.index and second.attempt == 2
    assert store.finish(first, "host:1:-:a", status="done", result={}) is False
    assert store.finish(second, "host:2:-:b", status="done", result={"outputs": []}) is True
    assert store.batch(second.batch_id).briefs[0].status == "done"


def test_briefs_left_by_a_dead_driver_are_requeued_at_recovery(settings: Settings) -> None:
    store = JobStore(settings.jobs_db)
    batch_id = queue_texts(store, settings.output_dir, ["one", "two"])
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_owner = f"{socket.gethostname()}:{int(gone.stdout)}:-:x"
    live_owner = owner_id()
    assert store.claim(dead_owner) is not None and store.claim(live_owner) is not None
    assert store.recover_dead_owners() == 1
    counts = store.counts(batch_id)
    assert counts["queued"] == 1 and counts["running"] == 1


def test_a_brief_that_keeps_killing_its_worker_fails_after_max_attempts(settings: Settings) -> None:
    store = JobStore(settings.jobs_db)
    batch_id = queue_texts(store, settings.output_dir, ["poison"])
    for _ in range(MAX_ATTEMPTS):
        job = store.claim("host:1:-:a")
        assert job is not None
        store.release(job, "host:1:-:a", count_attempt=True)
    brief = store.batch(batch_id).briefs[0]
    assert brief.status == "failed" and brief.error_kind == "crash"
    assert f"stopped {MAX_ATTEMPTS} times" in brief.error
    assert store.claim("host:1:-:a") is None


def test_idempotency_key_names_one_batch(settings: Settings) -> None:
    store = JobStore(settings.jobs_db)
    args = dict(kind="batch", queue="server", out_dir=settings.output_dir, items=[QueuedBrief(brief="x")],
                folders=["001-x"], idempotency_key="k1", request_hash="h1")
    first, created = store.create_batch(**args)
    again, created_again = store.create_batch(**args)
    assert created and not created_again and first == again
    with pytest.raises(IdempotencyConflict):
        store.create_batch(**{**args, "request_hash": "h2"})


# ---------------------------------------------------------------- batch files
def test_jsonl_bad_lines_become_failed_briefs(tmp_path: Path) -> None:
    file = tmp_path / "b.jsonl"
    file.write_text('{"brief": "好运福袋"}\n\nnot json\n{"brief": "x", "count": 99}\n{"brief": "y", "colour": 1}\n',
                    encoding="utf-8")
    items = read_briefs_file(file)
    assert len(items) == 4
    assert not isinstance(items[0], InvalidBrief)
    assert isinstance(items[1], InvalidBrief) and "line 3: not valid JSON" in items[1].error
    assert isinstance(items[2], InvalidBrief) and "count" in items[2].error
    assert isinstance(items[3], InvalidBrief) and "colour" in items[3].error


def test_csv_columns_brief_template_count_format(tmp_path: Path) -> None:
    file = tmp_path / "b.csv"
    file.write_text("\ufeffbrief,template,count,format\n好运福袋弹窗,3d-icon,2,popup\n夏日横幅,,,banner\n",
                    encoding="utf-8")
    first, second = read_briefs_file(file)
    assert (first.brief, first.template, first.count, first.format) == ("好运福袋弹窗", "3d-icon", 2, "popup")
    assert (second.brief, second.template, second.count, second.format) == ("夏日横幅", None, None, "banner")


def test_csv_with_an_unknown_column_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "b.csv"
    file.write_text("brief,colour\nx,red\n", encoding="utf-8")
    with pytest.raises(BriefError, match="unknown column"):
        read_briefs_file(file)


def test_a_missing_or_empty_file_cannot_run(tmp_path: Path) -> None:
    with pytest.raises(BriefError, match="cannot be read"):
        read_briefs_file(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(BriefError, match="no briefs"):
        read_briefs_file(tmp_path / "empty.jsonl")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    with pytest.raises(BriefError, match=".jsonl, .csv or .json"):
        read_briefs_file(tmp_path / "b.txt")


def test_image_path_in_a_file_is_stored_as_a_validated_upload(settings: Settings, tmp_path: Path) -> None:
    Image.new("RGBA", (32, 32), (255, 0, 0, 255)).save(tmp_path / "gift.png")
    file = tmp_path / "b.jsonl"
    file.write_text(json.dumps({"brief": "礼物弹窗", "image_path": "gift.png"}) + "\n"
                    + json.dumps({"brief": "坏图", "image_path": "missing.png"}) + "\n"
                    + json.dumps({"brief": "坏图2", "image": base64.b64encode(b"not an image").decode()}) + "\n",
                    encoding="utf-8")
    state, _ = open_file_batch(settings, file, settings.output_dir)
    store = JobStore(settings.jobs_db)
    job = store.claim("host:1:-:a", batch_id=state.id)
    image_file = Path(job.queued().image_file)
    assert image_file.is_file() and image_file.parent == (settings.data_dir / "uploads").resolve()
    errors = [b.error for b in state.briefs[1:]]
    assert "missing.png" in errors[0] and "not a readable image" in errors[1]


# ---------------------------------------------------------------- running batches
def test_one_failing_brief_never_sinks_the_batch(settings: Settings, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "b.jsonl", ["春节红包弹窗", "fail", "bug", "开学季海报", "月饼礼盒", "签到弹窗"])
    state, _ = open_file_batch(settings, file, settings.output_dir)
    final = run_batch(settings, state.id, workers=2, runner_factory=png_runner)
    assert final.finished and final.status == "done"
    by_text = {b.brief: b for b in final.briefs}
    assert by_text["春节红包弹窗"].status == "done" and by_text["春节红包弹窗"].folder == "001-春节红包弹窗"
    assert by_text["fail"].status == "failed" and by_text["fail"].error == "this brief asks to fail"
    bug = by_text["bug"]
    assert bug.status == "failed" and bug.error_kind == "internal"
    assert "RuntimeError: a deliberate bug" in bug.error and "Traceback" not in bug.error
    report = json.loads((settings.output_dir / "report.json").read_text())
    assert report["batch"]["counts"]["done"] == 4 and len(report["briefs"]) == 6
    first = report["briefs"][0]
    assert first["outputs"][0]["png"] == "001-春节红包弹窗/poster.png" and first["backends"] == {"runner": "test-png"}
    assert (settings.output_dir / first["outputs"][0]["png"]).is_file()
    csv_text = (settings.output_dir / "report.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("index,status,brief,outputs,seconds")
    assert "this brief asks to fail" in csv_text


def test_a_worker_killed_mid_brief_has_that_brief_rerun_exactly_once(settings: Settings, tmp_path: Path) -> None:
    texts = [f"poster {i} sleep=0.05" for i in range(6)]
    texts[2] = "poster 2 die"  # SIGKILLs its own worker on the first attempt
    state, _ = open_file_batch(settings, write_jsonl(tmp_path / "b.jsonl", texts), settings.output_dir)
    final = run_batch(settings, state.id, workers=2, runner_factory=png_runner)
    assert final.counts["done"] == 6
    assert [b.attempts for b in final.briefs] == [1, 1, 2, 1, 1, 1]
    assert starts(settings, state.id) == {0: 1, 1: 1, 2: 2, 3: 1, 4: 1, 5: 1}
    assert_outputs_intact(final)


def test_workers_that_cannot_start_stop_the_run_and_leave_the_briefs_queued(settings: Settings,
                                                                          tmp_path: Path) -> None:
    state, _ = open_file_batch(settings, write_jsonl(tmp_path / "b.jsonl", ["one", "two", "three"]),
                               settings.output_dir)
    with pytest.raises(BackendUnavailable, match="stopped 5 times in a row"):
        run_batch(settings, state.id, workers=2, runner_factory=dying_runner)
    counts = JobStore(settings.jobs_db).counts(state.id)
    assert counts["queued"] == 3 and counts["running"] == 0


def test_resume_picks_up_the_same_batch_and_redoes_nothing(settings: Settings, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "b.jsonl", ["one", "two", "fail", "bug"])
    state, _ = open_file_batch(settings, file, settings.output_dir)
    run_batch(settings, state.id, workers=1, runner_factory=png_runner)
    again, notes = open_file_batch(settings, file, settings.output_dir, resume=True)
    assert again.id == state.id and "resuming batch" in notes[0] and "retrying 1" in notes[0]
    final = run_batch(settings, again.id, workers=1, runner_factory=png_runner)
    # the bug is retried (it might have been a passing fault); the done briefs and the bad brief are not
    assert starts(settings, state.id) == {0: 1, 1: 1, 2: 1, 3: 2}
    assert final.counts == {"queued": 0, "running": 0, "done": 2, "failed": 2, "canceled": 0}


def test_a_changed_file_or_a_run_without_resume_is_a_new_batch(settings: Settings, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "b.jsonl", ["one", "two"])
    first, _ = open_file_batch(settings, file, settings.output_dir)
    second, notes = open_file_batch(settings, file, settings.output_dir)
    assert second.id != first.id and "starting over" in notes[0]
    assert JobStore(settings.jobs_db).counts(first.id)["canceled"] == 2
    write_jsonl(file, ["one", "two", "three"])
    third, notes = open_file_batch(settings, file, settings.output_dir, resume=True)
    assert third.id not in (first.id, second.id) and "nothing to resume" in notes[0]
    elsewhere, _ = open_file_batch(settings, file, settings.output_dir / "other", resume=True)
    assert elsewhere.id != third.id


# ---------------------------------------------------------------- killing and interrupting the process
def test_batch_of_20_survives_sigkill_and_resume(settings: Settings, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "b.jsonl", [f"poster {i} sleep=0.15" for i in range(20)])
    out = settings.output_dir
    process = driver(settings, file, out)
    store = JobStore(settings.jobs_db)
    wait_for(lambda: settings.jobs_db.exists() and done_count(store) >= 6, 60, "6 briefs done")
    done_before = {b.index for b in store.batch(only_batch(store)).briefs if b.status == "done"}
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
    batch_id = only_batch(store)
    assert store.counts(batch_id)["done"] < 20, "the kill came too late to test anything"

    resumed = driver(settings, file, out, "--resume")
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    final = store.batch(batch_id)
    assert final.counts["done"] == 20 and final.status == "done"
    ran = starts(settings, batch_id)
    assert all(ran[i] == 1 for i in done_before), "a finished brief was redone"
    # a run cut off by the driver's death is not the brief's doing: only the finishing run counts
    assert all(1 <= ran[b.index] <= 2 and b.attempts == 1 for b in final.briefs)
    assert_outputs_intact(final)
    assert len(json.loads((out / "report.json").read_text())["briefs"]) == 20


def test_ctrl_c_lets_running_briefs_finish_then_resume_completes(settings: Settings, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "b.jsonl", [f"poster {i} sleep=0.4" for i in range(12)])
    process = driver(settings, file, settings.output_dir)
    store = JobStore(settings.jobs_db)
    wait_for(lambda: settings.jobs_db.exists() and done_count(store) >= 2, 60, "2 briefs done")
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    process.communicate(timeout=30)
    batch_id = only_batch(store)
    counts = store.counts(batch_id)
    assert counts["running"] == 0 and counts["queued"] > 0
    ledger = [(event, index) for event, bid, index, _, _ in read_ledger(settings) if bid == batch_id]
    assert sorted(i for e, i in ledger if e == "start") == sorted(i for e, i in ledger if e == "end")
    assert (settings.output_dir / "report.csv").exists()

    resumed = driver(settings, file, settings.output_dir, "--resume")
    resumed.communicate(timeout=60)
    assert store.counts(batch_id)["done"] == 12
    assert set(starts(settings, batch_id).values()) == {1}


def test_second_ctrl_c_puts_running_briefs_back_without_counting_them(settings: Settings, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "b.jsonl", [f"poster {i} sleep=30" for i in range(4)])
    process = driver(settings, file, settings.output_dir)
    wait_for(lambda: sum(1 for r in read_ledger(settings) if r[0] == "start") >= 2, 60, "2 briefs started")
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)
    process.communicate(timeout=30)
    store = JobStore(settings.jobs_db)
    state = store.batch(only_batch(store))
    assert state.counts["queued"] == 4
    assert [b.attempts for b in state.briefs] == [0, 0, 0, 0]
