"""The dispatcher: on the driver, claims briefs for an executor's free slots and records outcomes."""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from agent.batch.executors.base import BriefExecutor, Outcome
from agent.batch.liveness import owner_id
from agent.batch.store import JobStore
from tools.errors import BackendUnavailable

log = logging.getLogger("huabao.batch")

BRIEF_TIMEOUT_S = 900.0  # a brief still running after this is killed and re-run


class Dispatcher:
    """Claims briefs for free slots, records outcomes, renews its leases, kills briefs that hang.

    Runs on the driver: `step()` in a loop (the CLI), or `start_background()` (the server)."""

    def __init__(self, store: JobStore, executor: BriefExecutor, *, queue: str | None = None,
                 batch_id: str | None = None, brief_timeout_s: float | None = BRIEF_TIMEOUT_S,
                 on_batch_finished: Callable[[str], None] | None = None):
        self.store = store
        self.executor = executor
        self.queue = queue
        self.batch_id = batch_id
        self.brief_timeout_s = brief_timeout_s
        self.on_batch_finished = on_batch_finished
        self.owner = owner_id()
        self.claiming = True
        self._last_renew = time.monotonic()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def wake(self) -> None:
        """Look for work now (called when a brief was queued in this process)."""
        try:
            os.write(self._wake_w, b"x")
        except (BlockingIOError, OSError):
            pass

    @property
    def busy(self) -> bool:
        return bool(self.executor.running())

    def step(self, timeout: float = 0.25) -> list[Outcome]:
        self._fill()
        outcomes = self.executor.wait(timeout, extra=[self._wake_r])
        self._drain_wake()
        for outcome in outcomes:
            self._record(outcome)
        if self.executor.failure:
            raise BackendUnavailable(self.executor.failure)
        now = time.monotonic()
        if now - self._last_renew > self.store.lease_seconds / 4 and self.busy:
            self.store.renew(self.owner)
            self._last_renew = now
        if self.brief_timeout_s is not None:
            for slot, (job, started) in self.executor.running().items():
                if now - started > self.brief_timeout_s:
                    log.warning("brief %s/%d ran over %.0f s; stopping its worker", job.batch_id, job.index,
                                self.brief_timeout_s)
                    self.executor.kill(slot)
        return outcomes

    def _drain_wake(self) -> None:
        try:
            while os.read(self._wake_r, 4096):
                pass
        except BlockingIOError:
            pass

    def _fill(self) -> None:
        if not self.claiming:
            return
        for slot in self.executor.idle_slots():
            job = self.store.claim(self.owner, queue=self.queue, batch_id=self.batch_id)
            if job is None:
                return
            self.executor.submit(slot, job)

    def _record(self, outcome: Outcome) -> None:
        job = outcome.job
        if outcome.status == "crashed":
            self.store.release(job, self.owner, count_attempt=True)
        else:
            recorded = self.store.finish(job, self.owner, status=outcome.status, result=outcome.result,
                                         error=outcome.error, error_kind=outcome.error_kind, seconds=outcome.seconds)
            if not recorded:
                log.warning("brief %s/%d: lease lost before it finished; its result is discarded", job.batch_id,
                            job.index)
        if self.on_batch_finished is not None:
            counts = self.store.counts(job.batch_id)
            if counts["queued"] == 0 and counts["running"] == 0:
                try:
                    self.on_batch_finished(job.batch_id)
                except Exception:
                    log.exception("after batch %s finished", job.batch_id)

    def drain(self, timeout: float | None = None) -> bool:
        """Stop claiming and let running briefs finish. True when none is left running."""
        self.claiming = False
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.busy and (deadline is None or time.monotonic() < deadline):
            self.step(0.25)
        return not self.busy

    def abort(self) -> None:
        """Stop now: running briefs go back to the queue without counting as an attempt."""
        self.claiming = False
        self.executor.shutdown(kill=True)
        released = self.store.release_owner(self.owner, count_attempt=False)
        if released:
            log.info("released %d running brief(s) back to the queue", released)

    def close(self) -> None:
        self.executor.shutdown()
        self.store.release_owner(self.owner, count_attempt=False)
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass

    # -- the server's background loop
    def start_background(self) -> None:
        self.store.recover_dead_owners()
        self.executor.start()
        self._thread = threading.Thread(target=self._loop, name="huabao-dispatcher", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.step(0.25)
            except BackendUnavailable as err:
                log.error("%s; trying again in 30 s", err)
                if not self._stop.wait(30.0):
                    self.executor.reset()
            except Exception:  # the loop must outlive a transient error (disk full, locked DB)
                log.exception("dispatcher step failed")
                self._stop.wait(1.0)

    def stop_background(self, grace_s: float = 30.0) -> None:
        self._stop.set()
        self.wake()
        if self._thread is not None:
            self._thread.join(10.0)
        if not self.drain(grace_s):
            self.abort()
        self.close()
