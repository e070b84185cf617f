"""`huabao batch FILE -o DIR [--resume]`: open the file's batch and run it to the end on the CLI."""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agent.batch.dispatcher import Dispatcher
from agent.batch.executors import new_executor
from agent.batch.executors.base import BriefExecutor
from agent.batch.folders import brief_folders
from agent.batch.inputs import check_file_items, read_briefs_file
from agent.batch.models import BatchState, RunnerFactory
from agent.batch.reports import write_reports
from agent.batch.runner import agent_runner
from agent.batch.store import JobStore
from agent.batch.validation import Validator
from tools.config import Settings
from tools.errors import BriefError

log = logging.getLogger("huabao.batch")


def source_key(path: Path, out_dir: Path) -> str:
    """A file run into a folder is the same batch as long as the file's bytes are the same."""
    try:
        digest = hashlib.sha256(Path(path).read_bytes())
    except OSError as err:  # the same sentence read_briefs_file says: this is read first
        raise BriefError(f"{path}: cannot be read ({err.strerror})") from None
    digest.update(b"\0" + str(Path(out_dir).resolve()).encode())
    return "file:" + digest.hexdigest()


def open_file_batch(settings: Settings, path: Path, out_dir: Path, *, resume: bool = False,
                    store: JobStore | None = None) -> tuple[BatchState, list[str]]:
    """The batch for `huabao batch FILE -o DIR [--resume]`: the earlier one when resuming, else a
    new one. Returns it and notes for the user. Raises BriefError when it cannot run at all."""
    store = store or JobStore(settings.jobs_db)
    out_dir = Path(out_dir).resolve()
    key = source_key(path, out_dir)
    notes: list[str] = []
    recovered = store.recover_dead_owners()
    if recovered:
        notes.append(f"{recovered} brief(s) were left running by a stopped process; they run again")
    previous_id = store.find_by_source(key)
    previous = store.batch(previous_id, briefs=False) if previous_id else None
    if previous is not None and store.live_owners(previous.id):
        raise BriefError(f"another huabao process is running {path} into {out_dir} right now")
    if resume and previous is not None:
        retried = store.requeue(previous.id, kinds=("unavailable", "internal", "crash"))
        state = store.batch(previous.id)
        assert state is not None
        done = state.counts["done"] + state.counts["failed"]
        notes.append(f"resuming batch {state.id}: {done}/{state.total} finished"
                     + (f", retrying {retried} that failed for reasons other than their brief" if retried else ""))
        return state, notes
    if resume:
        notes.append(f"nothing to resume for {path} into {out_dir}; starting a new batch")
    elif previous is not None and not previous.finished:
        store.cancel(previous.id, "superseded by a new run of the same file")
        notes.append(f"an unfinished run of this file into {out_dir} exists ({previous.id}); starting over "
                     "(add --resume to continue it instead)")
    items = read_briefs_file(path)
    checked = check_file_items(items, Validator(settings))
    batch_id, _ = store.create_batch(kind="batch", queue="cli", out_dir=out_dir, items=checked,
                                     folders=brief_folders(checked), source_key=key)
    state = store.batch(batch_id)
    assert state is not None
    return state, notes


def run_batch(settings: Settings, batch_id: str, *, workers: int | None = None,
              runner_factory: RunnerFactory = agent_runner, store: JobStore | None = None,
              executor: BriefExecutor | None = None, ray_address: str | None = None,
              on_progress: Callable[[BatchState], None] | None = None,
              on_notice: Callable[[str], None] | None = None) -> BatchState:
    """Run one batch to the end with a pool of workers (Ray actors with `ray_address`), then write
    report.csv and report.json.

    Ctrl-C once: no new briefs start, running ones finish. Twice: running ones are stopped and
    go back to the queue. Either way the report is written and `--resume` continues. Returns the
    final state (`state.finished` is False after an interruption)."""
    store = store or JobStore(settings.jobs_db)
    notice = on_notice or (lambda message: log.warning(message))
    store.recover_dead_owners()
    counts = store.counts(batch_id)
    pending = counts["queued"] + counts["running"]
    # a worker loads the whole pipeline: never start more of them than there are briefs to run
    executor = executor or new_executor(settings, runner_factory, min(workers or settings.workers, max(1, pending)),
                                        ray_address=ray_address)
    dispatcher = Dispatcher(store, executor, batch_id=batch_id)
    interrupts = _InterruptCounter()
    try:
        with interrupts:
            if pending:
                executor.start()
            _run_until_finished(store, dispatcher, batch_id, on_progress, interrupts, notice)
    finally:
        dispatcher.close()
    state = store.batch(batch_id)
    assert state is not None
    if on_progress:
        on_progress(state)
    write_reports(state)
    return state


class _InterruptCounter:
    """Counts Ctrl-C instead of raising, so an interrupt never lands inside a store transaction.
    Only the main thread can own SIGINT; elsewhere it stays as it was."""

    def __init__(self) -> None:
        self.count = 0
        self._previous: Any = None

    def __enter__(self) -> _InterruptCounter:
        import signal

        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        self.count += 1

    def __exit__(self, *exc: object) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _run_until_finished(store: JobStore, dispatcher: Dispatcher, batch_id: str,
                        on_progress: Callable[[BatchState], None] | None, interrupts: _InterruptCounter,
                        notice: Callable[[str], None]) -> None:
    last_report = 0.0
    while True:
        if interrupts.count == 1 and dispatcher.claiming:
            dispatcher.claiming = False
            notice(f"stopping: letting {len(dispatcher.executor.running())} running brief(s) finish; "
                   "Ctrl-C again to stop them now")
        if interrupts.count >= 2:
            notice("stopping now: running briefs go back to the queue (`--resume` runs them)")
            dispatcher.abort()
            return
        outcomes = dispatcher.step(0.25)
        counts = store.counts(batch_id)
        now = time.monotonic()
        if on_progress and (outcomes or now - last_report > 1.0):
            state = store.batch(batch_id, briefs=False)
            if state is not None:
                on_progress(state)
            last_report = now
        if counts["queued"] == 0 and counts["running"] == 0:
            return
        if not dispatcher.claiming and not dispatcher.busy:
            return
