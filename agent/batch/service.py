"""`BatchService`: what the REST API, the Gradio Batch tab and MCP call to submit briefs and read them."""
from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from agent.batch.dispatcher import Dispatcher
from agent.batch.executors import new_executor
from agent.batch.executors.base import BriefExecutor
from agent.batch.folders import brief_folders
from agent.batch.inputs import check_file_items, read_briefs_file
from agent.batch.models import (
    BatchState,
    BriefRequest,
    IdempotencyConflict,
    InvalidBrief,
    QueuedBrief,
    RunnerFactory,
)
from agent.batch.reports import build_results_zip, write_reports
from agent.batch.runner import agent_runner
from agent.batch.store import JobStore, new_batch_id
from agent.batch.validation import Validator
from tools.config import Settings
from tools.errors import BriefError


class BatchService:
    """What the REST API and the Gradio Batch tab call: submit briefs, read progress, collect results.
    Several services (processes) may share one job store; the server's dispatcher runs what they queue."""

    def __init__(self, settings: Settings, store: JobStore | None = None):
        self.settings = settings
        self.store = store or JobStore(settings.jobs_db)
        self._validator: Validator | None = None
        self._lock = threading.Lock()
        self._zip_lock = threading.Lock()
        self.dispatcher: Dispatcher | None = None

    @property
    def validator(self) -> Validator:
        with self._lock:
            if self._validator is None:
                self._validator = Validator(self.settings)
            return self._validator

    # -- workers (the server starts them; `huabao batch` runs its own)
    def start_workers(self, runner_factory: RunnerFactory = agent_runner, workers: int | None = None,
                      executor: BriefExecutor | None = None, *, ray_address: str | None = None) -> Dispatcher:
        """`ray_address` (see tools/raysupport.py): the workers are Ray actors, else local processes."""
        executor = executor or new_executor(self.settings, runner_factory, workers, ray_address=ray_address)
        self.dispatcher = Dispatcher(self.store, executor, queue="server", on_batch_finished=self._finished)
        self.dispatcher.start_background()
        return self.dispatcher

    def stop_workers(self, grace_s: float = 30.0) -> None:
        if self.dispatcher is not None:
            self.dispatcher.stop_background(grace_s)
            self.dispatcher = None

    def _finished(self, batch_id: str) -> None:
        state = self.store.batch(batch_id)
        if state is not None and state.kind == "batch":
            write_reports(state)

    # -- submitting
    def submit(self, requests: list[BriefRequest], *, kind: Literal["batch", "poster"] = "batch",
               idempotency_key: str | None = None, request_hash: str | None = None,
               identity: str | None = None) -> tuple[BatchState, bool]:
        """Validate every brief (raises a HuabaoError naming the first bad one) and queue them.
        Returns (state, created); created is False when the idempotency key named an earlier batch."""
        if idempotency_key is not None:
            existing = self._by_key(idempotency_key, request_hash)
            if existing is not None:
                return existing, False
        queued = self.validator.check_all(requests, identity=identity)
        return self._queue(queued, kind=kind, idempotency_key=idempotency_key, request_hash=request_hash,
                           identity=identity)

    def submit_file(self, path: Path, *, identity: str | None = None) -> BatchState:
        """A .jsonl/.csv/.json upload (the UI): bad lines become failed briefs, the rest run.
        Uploaded over HTTP, its `image_path`s may only name files the identity may read (tools.paths)."""
        from tools.paths import allowed_roots

        items = read_briefs_file(path, image_roots=allowed_roots(self.settings, identity))
        if len(items) > self.settings.max_batch_briefs:
            raise BriefError(f"the file has {len(items)} briefs; the limit is {self.settings.max_batch_briefs}")
        self.validator.reload()
        checked = check_file_items(items, self.validator, identity)
        state, _ = self._queue(checked, kind="batch", identity=identity)
        return state

    def _by_key(self, key: str, request_hash: str | None) -> BatchState | None:
        found = self.store.find_by_key(key)
        if found is None:
            return None
        batch_id, stored_hash = found
        if request_hash is not None and stored_hash != request_hash:
            raise IdempotencyConflict("this Idempotency-Key was already used with a different body")
        return self.store.batch(batch_id)

    def _queue(self, items: list[QueuedBrief | InvalidBrief], *, kind: str, idempotency_key: str | None = None,
               request_hash: str | None = None, identity: str | None = None) -> tuple[BatchState, bool]:
        batch_id = new_batch_id()
        out_dir = (self.settings.output_dir / ("posters" if kind == "poster" else "batches") / batch_id).resolve()
        batch_id, created = self.store.create_batch(
            kind=kind, queue="server", out_dir=out_dir, items=items, folders=brief_folders(items),
            batch_id=batch_id, priority=10 if kind == "poster" else 0, idempotency_key=idempotency_key, request_hash=request_hash,
            identity=identity)
        if self.dispatcher is not None:
            self.dispatcher.wake()
        state = self.store.batch(batch_id)
        assert state is not None
        if created and state.finished and kind == "batch":
            write_reports(state)  # every line was invalid: nothing will run, the report says why
        return state, created

    # -- reading
    def status(self, batch_id: str) -> BatchState | None:
        return self.store.batch(batch_id)

    def recent(self, limit: int = 20, *, identity: str | None = None) -> list[BatchState]:
        """The newest batches; with `identity`, only that identity's."""
        return self.store.recent(limit=limit, identity=identity)

    def wait(self, batch_id: str, timeout: float, poll: float = 0.2) -> BatchState | None:
        deadline = time.monotonic() + timeout
        while True:
            counts = self.store.counts(batch_id)
            if (counts["queued"] == 0 and counts["running"] == 0) or time.monotonic() >= deadline:
                return self.store.batch(batch_id)
            time.sleep(poll)

    def editable_file(self, spec: Path, kind: Literal["psd", "svg"], roots: Sequence[Path] | None = None) -> Path:
        """A batch poster's PSD or SVG, made from its spec on the first request and kept beside it
        (a lean batch leaves them to be made on demand); with `roots` (a remote caller) the spec's
        sources and fonts must lie under them."""
        from tools.editable import write_editable

        return write_editable(spec, [kind], settings=self.settings, roots=roots)[kind]

    def results_zip(self, batch_id: str) -> Path | None:
        """`results.zip` in the batch folder: built once when the batch has finished, rebuilt on
        each call while it runs (a partial snapshot). The file is replaced atomically, so a
        reader that opened it keeps a whole archive."""
        with self._zip_lock:  # concurrent downloads of one batch build it once, not n times
            state = self.store.batch(batch_id)
            if state is None:
                return None
            target = Path(state.out_dir) / "results.zip"
            if state.finished and target.exists() and target.stat().st_mtime >= (state.finished_at or 0):
                return target
            return build_results_zip(state, self.settings)
