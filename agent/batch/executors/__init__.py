"""Where briefs run: local worker processes (process.py) or Ray actors (ray.py), both behind
`BriefExecutor` (base.py); the dispatcher and the job store do not change with the backend."""
from __future__ import annotations

from agent.batch.executors.base import BriefExecutor
from agent.batch.executors.process import ProcessExecutor
from agent.batch.executors.ray import RayExecutor
from agent.batch.models import RunnerFactory
from agent.batch.runner import agent_runner
from tools.config import Settings


def new_executor(settings: Settings, runner_factory: RunnerFactory = agent_runner, workers: int | None = None, *,
                 ray_address: str | None = None) -> BriefExecutor:
    """Local worker processes, or with `ray_address` ("local", "host:6379", "ray://head:10001")
    Ray actors (agent/batch/executors/ray.py); the dispatcher and the job store do not change."""
    if ray_address is None:
        return ProcessExecutor(settings, runner_factory, workers)
    return RayExecutor(settings, runner_factory, workers, address=ray_address)
