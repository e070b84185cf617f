"""What every executor shares: the `BriefExecutor` interface, a brief's `Outcome`, and how a
worker (a process or a Ray actor) loads its runner and runs one brief, so a brief fails the same
way wherever it runs."""
from __future__ import annotations

import json
import logging
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from agent.batch.folders import prepare_folder
from agent.batch.models import BriefJob, Runner, RunnerFactory
from tools.config import Settings
from tools.errors import BackendUnavailable, GalleryError, HuabaoError

log = logging.getLogger("huabao.batch")


def run_job(runner: Runner | None, load_error: str | None, job: BriefJob) -> tuple:
    started = time.perf_counter()
    try:
        if runner is None:
            return ("failed", "unavailable", load_error, 0.0)
        prepare_folder(Path(job.folder))
        result = runner(job)
        json.dumps(result)  # must cross the pipe and land in the store as JSON
        return ("done", result, round(time.perf_counter() - started, 3))
    except (BackendUnavailable, GalleryError) as err:
        return ("failed", "unavailable", str(err), round(time.perf_counter() - started, 3))
    except HuabaoError as err:
        return ("failed", "input", str(err), round(time.perf_counter() - started, 3))
    except Exception as err:  # a bug: logged here, a one-line message for the client
        log.exception("brief %s/%d failed", job.batch_id, job.index)
        return ("failed", "internal", f"internal error ({type(err).__name__}: {err}); the worker log has details",
                round(time.perf_counter() - started, 3))


def load_runner(settings: Settings, runner_factory: RunnerFactory) -> tuple[Runner | None, str | None]:
    """A worker's runner, built once; when it cannot load, the reason each of its briefs fails with."""
    try:
        return runner_factory(settings), None
    except HuabaoError as err:
        return None, str(err)
    except Exception as err:
        log.exception("the worker could not load its runner")
        return None, f"the worker could not start ({type(err).__name__}: {err})"

@dataclass
class Outcome:
    job: BriefJob
    status: Literal["done", "failed", "crashed"]
    result: dict[str, Any] | None = None
    error: str | None = None
    error_kind: str | None = None
    seconds: float | None = None


MAX_START_FAILURES = 5  # workers in a row dying before finishing a brief: the pool gives up


class BriefExecutor(ABC):
    """Where briefs run: a fixed number of slots, one brief per slot at a time. It never touches
    the job store; the dispatcher does. `failure` says why it gave up, until `reset()`."""

    failure: str | None = None

    @property
    @abstractmethod
    def slots(self) -> int: ...

    @abstractmethod
    def start(self) -> None: ...

    @abstractmethod
    def idle_slots(self) -> list[int]: ...

    @abstractmethod
    def submit(self, slot: int, job: BriefJob) -> None: ...

    @abstractmethod
    def wait(self, timeout: float, extra: list[Any] = ()) -> list[Outcome]:
        """Block up to `timeout` (or until one of `extra`'s file descriptors is readable) and
        return the outcomes that arrived; a worker that died reports its brief as `crashed`."""

    @abstractmethod
    def running(self) -> dict[int, tuple[BriefJob, float]]:
        """slot → (job, monotonic start)."""

    @abstractmethod
    def kill(self, slot: int) -> None:
        """Stop a slot's worker now; the next `wait` reports its brief as crashed."""

    @abstractmethod
    def shutdown(self, *, kill: bool = False) -> None: ...

    def reset(self) -> None:
        """Try again after a `failure`."""
        self.failure = None

    def pids(self) -> list[int]:
        return []

    # -- replacing workers that die (shared by the executors that own worker processes)
    _closing: bool = False
    _start_failures: int = 0  # workers in a row, over all slots, that died before finishing a brief

    def _spawn(self, slot: int) -> None:
        raise NotImplementedError

    def _replace_worker(self, slot: int, answered: int, where_logged: str) -> None:
        """A slot's worker is gone (it had finished `answered` briefs): start another one, unless
        workers keep dying before finishing any (a broken install, no memory for the models);
        then stop respawning and say so: the briefs go back to the queue for a run that can start."""
        if self._closing:
            return
        if answered == 0:
            self._start_failures += 1
            if self._start_failures >= MAX_START_FAILURES:
                self.failure = (f"the batch workers stopped {self._start_failures} times in a row before "
                                f"finishing a brief; see {where_logged}")
                return
        self._spawn(slot)
