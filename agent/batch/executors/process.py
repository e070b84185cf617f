"""`ProcessExecutor`: the batch worker pool as local processes, each loading its runner once."""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from multiprocessing import connection as mp_connection
from typing import Any

from agent.batch.executors.base import BriefExecutor, Outcome, load_runner, run_job
from agent.batch.models import BriefJob, RunnerFactory
from agent.batch.runner import agent_runner
from tools.config import Settings
from tools.procs import die_with_parent

log = logging.getLogger("huabao.batch")


def _worker_main(conn: mp_connection.Connection, settings: Settings, runner_factory: RunnerFactory,
                 driver_pid: int | None = None, kernel_signal: bool = False) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the driver: it decides what stops
    # a worker whose driver died exits at once, so a restarted driver can safely re-run its brief
    die_with_parent(driver_pid if driver_pid is not None else os.getppid(), kernel_signal=kernel_signal)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s worker %(process)d %(name)s: %(message)s")
    runner, load_error = load_runner(settings, runner_factory)
    conn.send(("ready",))  # only now does it get briefs: a worker dying as it starts costs no attempt
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(run_job(runner, load_error, job))

@dataclass
class _Slot:
    process: Any
    conn: mp_connection.Connection
    job: BriefJob | None = None
    started: float = 0.0
    ready: bool = False
    answered: int = 0  # briefs this process finished: a process that dies before any is failing to start



class ProcessExecutor(BriefExecutor):
    """Worker processes on this machine (spawned, so no lock or thread of the driver leaks into
    them); each builds its runner once and then runs one brief per message."""

    def __init__(self, settings: Settings, runner_factory: RunnerFactory = agent_runner,
                 workers: int | None = None, *, start_method: str = "spawn"):
        self.settings = settings
        self.runner_factory = runner_factory
        self._size = max(1, workers or settings.workers)
        self._ctx = multiprocessing.get_context(start_method)
        self._slots: list[_Slot | None] = [None] * self._size
        self._closing = False
        self._start_failures = 0  # in a row, over all slots

    @property
    def slots(self) -> int:
        return self._size

    def start(self) -> None:
        for slot in range(self._size):
            self._spawn(slot)

    def _spawn(self, slot: int) -> None:
        parent, child = self._ctx.Pipe()
        # not daemonic: a runner may use multiprocessing itself; shutdown() and the parent watch end it
        # the kernel's parent-death signal follows the spawning thread: only the main thread
        # lives as long as the driver (the server's dispatcher thread ends before its workers)
        main_thread = threading.current_thread() is threading.main_thread()
        process = self._ctx.Process(target=_worker_main,
                                    args=(child, self.settings, self.runner_factory, os.getpid(), main_thread),
                                    name=f"huabao-worker-{slot}")
        process.start()
        child.close()
        self._slots[slot] = _Slot(process, parent)

    def idle_slots(self) -> list[int]:
        return [i for i, s in enumerate(self._slots)
                if s is not None and s.ready and s.job is None and s.process.is_alive()]

    def submit(self, slot: int, job: BriefJob) -> None:
        state = self._slots[slot]
        assert state is not None and state.job is None
        state.job, state.started = job, time.monotonic()
        try:
            state.conn.send(job)
        except OSError:
            pass  # the worker just died: wait() reports the job as crashed

    def running(self) -> dict[int, tuple[BriefJob, float]]:
        return {i: (s.job, s.started) for i, s in enumerate(self._slots) if s is not None and s.job is not None}

    def wait(self, timeout: float, extra: list[Any] = ()) -> list[Outcome]:
        slots = [(i, s) for i, s in enumerate(self._slots) if s is not None]
        conns = {s.conn: i for i, s in slots if s.job is not None or not s.ready}
        sentinels = {s.process.sentinel: i for i, s in slots}
        ready = mp_connection.wait([*conns, *sentinels, *extra], timeout)
        outcomes = [o for obj in ready if obj in conns and (o := self._receive(conns[obj])) is not None]
        for obj in ready:
            if obj in sentinels:
                outcomes.extend(self._reap(sentinels[obj]))
        return outcomes

    def _receive(self, slot: int) -> Outcome | None:
        state = self._slots[slot]
        if state is None:
            return None
        try:
            message = state.conn.recv()
        except (EOFError, OSError):
            return None  # died: the sentinel reports it
        if message[0] == "ready":
            state.ready = True
            return None
        if state.job is None:
            return None
        job, state.job = state.job, None
        state.answered += 1
        self._start_failures = 0
        if message[0] == "done":
            return Outcome(job, "done", result=message[1], seconds=message[2])
        return Outcome(job, "failed", error_kind=message[1], error=message[2], seconds=message[3])

    def _reap(self, slot: int) -> list[Outcome]:
        state = self._slots[slot]
        if state is None:
            return []
        outcomes = []
        for _ in range(2):  # it may have answered ("ready", then its brief) just before it exited
            if state.job is None or not state.conn.poll(0):
                break
            received = self._receive(slot)
            outcomes += [received] if received else []
        state.process.join(1.0)
        if state.process.is_alive():
            return outcomes
        if state.job is not None:
            code = state.process.exitcode
            reason = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            log.warning("worker %s stopped (%s) while making brief %s/%d", state.process.pid, reason,
                        state.job.batch_id, state.job.index)
            outcomes.append(Outcome(state.job, "crashed", error=f"the worker stopped ({reason})"))
        state.conn.close()
        state.process.close()
        self._slots[slot] = None
        self._replace_worker(slot, state.answered, "the log above")
        return outcomes

    def reset(self) -> None:
        self.failure = None
        self._start_failures = 0
        for slot, state in enumerate(self._slots):
            if state is None and not self._closing:
                self._spawn(slot)

    def kill(self, slot: int) -> None:
        state = self._slots[slot]
        if state is not None and state.process.is_alive():
            state.process.kill()

    def shutdown(self, *, kill: bool = False) -> None:
        self._closing = True
        for state in self._slots:
            if state is None:
                continue
            if kill:
                state.process.kill()
            else:
                try:
                    state.conn.send(None)
                except OSError:
                    pass
        for slot, state in enumerate(self._slots):
            if state is None:
                continue
            state.process.join(10.0)
            if state.process.is_alive():
                state.process.kill()
                state.process.join(5.0)
            state.conn.close()
            self._slots[slot] = None

    def pids(self) -> list[int]:
        return [s.process.pid for s in self._slots if s is not None and s.process.pid]
