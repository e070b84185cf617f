"""`RayExecutor`: the batch worker pool as Ray actors (`huabao batch FILE --ray [ADDRESS]`, and
`huabao serve` with HUABAO_RAY_ADDRESS).

One actor per slot builds its runner once (the same `runner_factory(settings)` a worker process
builds) and runs one brief per call through the same `run_job`, so a brief fails the same way
on Ray as on local processes. The driver's `Dispatcher` and the SQLite `JobStore` stay the single
source of truth: Ray never retries anything (no actor restarts, no task retries); an actor that
dies mid-brief is reported as `crashed`, the dispatcher puts the brief back in the queue under its
lease rules, and a fresh actor takes the slot. Briefs write to `job.folder`, so on a cluster the
output folder must be on a filesystem every node shares.
"""
from __future__ import annotations

import contextlib
import logging
import os
import select
import time
from dataclasses import dataclass
from typing import Any

from agent.batch.executors.base import BriefExecutor, Outcome, load_runner, run_job
from agent.batch.models import BriefJob, RunnerFactory
from agent.batch.runner import agent_runner
from tools.config import Settings

log = logging.getLogger("huabao.batch")

POLL_S = 0.05  # how often wait() looks at the wake pipe while it waits on Ray


class BriefWorker:
    """The actor: a worker process of the pool, on whichever node Ray places it."""

    def __init__(self, settings: Settings, runner_factory: RunnerFactory):
        import signal

        with contextlib.suppress(ValueError):  # only a main thread may; Ray runs this in one
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the driver, as for worker processes
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s worker %(process)d %(name)s: %(message)s")
        self.runner, self.load_error = load_runner(settings, runner_factory)

    def ready(self) -> int:
        return os.getpid()

    def run(self, job: BriefJob) -> tuple:
        return run_job(self.runner, self.load_error, job)


@dataclass
class _ActorSlot:
    actor: Any
    ready_ref: Any  # until the actor answers: its runner is loaded
    pid: int | None = None
    job: BriefJob | None = None
    job_ref: Any = None
    started: float = 0.0
    answered: int = 0


class RayExecutor(BriefExecutor):
    """`slots` actors; `address` as in tools/raysupport.py (None: HUABAO_RAY_ADDRESS, else local)."""

    def __init__(self, settings: Settings, runner_factory: RunnerFactory = agent_runner, workers: int | None = None,
                 *, address: str | None = None, num_cpus: float = 1.0):
        self.settings = settings
        self.runner_factory = runner_factory
        self.address = address
        self.num_cpus = num_cpus
        self._size = max(1, workers or settings.workers)
        self._slots: list[_ActorSlot | None] = [None] * self._size
        self._closing = False
        self._start_failures = 0
        self._started_ray = False
        self._actor_class: Any = None
        self._gpus_per_actor: float | None = None

    @property
    def slots(self) -> int:
        return self._size

    def start(self) -> None:
        import ray

        from tools import raysupport

        self._started_ray = raysupport.connect(self.settings, self.address)
        gpus = raysupport.cluster_gpus()
        # the agent's models (generation, cutout) use a GPU when the actor has one: share them out
        self._gpus_per_actor = min(1.0, gpus / self._size) if gpus > 0 else None
        cpus = raysupport.cluster_cpus()
        if cpus < self._size * self.num_cpus:
            log.warning("the Ray cluster has %g CPUs for %d batch workers of %g CPU each: the rest wait for room",
                        cpus, self._size, self.num_cpus)
        self._actor_class = ray.remote(BriefWorker)
        for slot in range(self._size):
            self._spawn(slot)

    def _spawn(self, slot: int) -> None:
        options: dict[str, Any] = {"num_cpus": self.num_cpus, "max_restarts": 0, "max_task_retries": 0}
        if self._gpus_per_actor:
            options["num_gpus"] = self._gpus_per_actor
        actor = self._actor_class.options(**options).remote(self.settings, self.runner_factory)
        self._slots[slot] = _ActorSlot(actor, actor.ready.remote())

    def idle_slots(self) -> list[int]:
        return [i for i, s in enumerate(self._slots) if s is not None and s.pid is not None and s.job is None]

    def submit(self, slot: int, job: BriefJob) -> None:
        state = self._slots[slot]
        assert state is not None and state.job is None
        state.job, state.started = job, time.monotonic()
        state.job_ref = state.actor.run.remote(job)

    def running(self) -> dict[int, tuple[BriefJob, float]]:
        return {i: (s.job, s.started) for i, s in enumerate(self._slots) if s is not None and s.job is not None}

    def _watched(self) -> dict[Any, tuple[int, str]]:
        refs: dict[Any, tuple[int, str]] = {}
        for slot, state in enumerate(self._slots):
            if state is None:
                continue
            if state.pid is None:
                refs[state.ready_ref] = (slot, "ready")
            elif state.job_ref is not None:
                refs[state.job_ref] = (slot, "job")
        return refs

    def wait(self, timeout: float, extra: list[Any] = ()) -> list[Outcome]:
        import ray

        deadline = time.monotonic() + max(0.0, timeout)
        refs = self._watched()
        extra = list(extra)
        while True:
            if refs:
                done, _ = ray.wait(list(refs), num_returns=len(refs), timeout=0)
                if done:
                    return self._collect(done, refs)
            if extra and select.select(extra, [], [], 0)[0]:
                return []
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            pause = min(POLL_S, remaining) if extra else remaining
            if refs:
                ray.wait(list(refs), num_returns=1, timeout=pause)
            elif extra:
                select.select(extra, [], [], pause)
            else:
                time.sleep(pause)

    def _collect(self, done: list[Any], refs: dict[Any, tuple[int, str]]) -> list[Outcome]:
        import ray
        from ray.exceptions import RayActorError, RayError, RayTaskError

        outcomes: list[Outcome] = []
        for ref in done:
            slot, kind = refs[ref]
            state = self._slots[slot]
            if state is None:
                continue
            try:
                value = ray.get(ref)
            except RayTaskError as err:
                if kind == "job":
                    # the call raised past run_job (a BaseException, a result that cannot be sent):
                    # the actor is alive and the brief failed as a bug would
                    cause = err.cause if err.cause is not None else err
                    job, state.job, state.job_ref = state.job, None, None
                    state.answered += 1
                    outcomes.append(Outcome(job, "failed", error_kind="internal",
                                            error=f"internal error ({type(cause).__name__}: {cause})"))
                    continue
                outcomes.extend(self._lost(slot, f"the worker failed to start ({type(err).__name__})"))
                continue
            except RayActorError as err:
                outcomes.extend(self._lost(slot, _death_reason(err)))
                continue
            except RayError as err:  # the node or the object was lost: the brief's fate is unknown
                outcomes.extend(self._lost(slot, f"the worker was lost ({type(err).__name__})"))
                continue
            if kind == "ready":
                state.pid = int(value)
                continue
            job, state.job, state.job_ref = state.job, None, None
            state.answered += 1
            self._start_failures = 0
            if value[0] == "done":
                outcomes.append(Outcome(job, "done", result=value[1], seconds=value[2]))
            else:
                outcomes.append(Outcome(job, "failed", error_kind=value[1], error=value[2], seconds=value[3]))
        return outcomes

    def _lost(self, slot: int, reason: str) -> list[Outcome]:
        """The slot's actor died (or is unreachable): its brief is `crashed`; a new actor takes the slot."""
        import ray

        state = self._slots[slot]
        assert state is not None
        outcomes = []
        if state.job is not None:
            log.warning("worker %s stopped (%s) while making brief %s/%d", state.pid or "?", reason,
                        state.job.batch_id, state.job.index)
            outcomes.append(Outcome(state.job, "crashed", error=f"the worker stopped ({reason})"))
        try:
            ray.kill(state.actor, no_restart=True)  # an unreachable one must not come back with the brief
        except Exception:  # noqa: BLE001 - already gone
            pass
        self._slots[slot] = None
        self._replace_worker(slot, state.answered, "the Ray worker logs")
        return outcomes

    def reset(self) -> None:
        self.failure = None
        self._start_failures = 0
        for slot, state in enumerate(self._slots):
            if state is None and not self._closing and self._actor_class is not None:
                self._spawn(slot)

    def kill(self, slot: int) -> None:
        import ray

        state = self._slots[slot]
        if state is not None:
            try:
                ray.kill(state.actor, no_restart=True)  # the next wait() reports its brief as crashed
            except Exception:  # noqa: BLE001 - already gone: wait() reports that too
                pass

    def shutdown(self, *, kill: bool = False) -> None:
        import ray

        from tools import raysupport

        self._closing = True
        states = [s for s in self._slots if s is not None] if ray.is_initialized() else []
        if not kill and states:
            # let a brief still running finish (up to 10 s), as the process pool does
            ends = [s.actor.__ray_terminate__.remote() for s in states]
            ray.wait(ends, num_returns=len(ends), timeout=10.0)
        for state in states:
            try:
                ray.kill(state.actor, no_restart=True)
            except Exception:  # noqa: BLE001 - already gone
                pass
        self._slots = [None] * self._size
        raysupport.disconnect(self._started_ray)
        self._started_ray = False

    def pids(self) -> list[int]:
        return [s.pid for s in self._slots if s is not None and s.pid is not None]


def _death_reason(err: Exception) -> str:
    text = str(err).lower()
    if "killed" in text or "sigkill" in text or "ray.kill" in text:
        return "killed"
    if "memory" in text:
        return "out of memory"
    return "its process exited"
