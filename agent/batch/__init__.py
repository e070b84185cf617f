"""Many briefs at once: a durable job store, a worker pool, batch files and their reports.

The SQLite job store (WAL) is the single source of truth. A `Dispatcher` in the driver process
(the CLI or the server) claims briefs from it under a lease, hands each to a worker of a
`BriefExecutor`, and records the outcome; workers only compute. So:
- a worker that dies loses nothing: its brief is released and re-run (at most MAX_ATTEMPTS starts);
- a driver that dies is recovered on restart: its leases belong to a dead process (or expire);
  its workers exit with it, and the briefs they were running are re-run without counting that start;
- a finished brief is never redone: only the lease holder can record it, and claims skip it.
`ProcessExecutor` runs workers as local processes, each loading the agent once; `RayExecutor`
runs them as Ray actors: another backend only has to implement `BriefExecutor`.

Surfaces call `BatchService` (REST API, Gradio Batch tab) or `open_file_batch` + `run_batch` (CLI).

One idea per module:
    models.py      what clients send and read, what a worker receives
    liveness.py    owner ids: who holds a lease, and whether it is still alive
    store.py       the SQLite job store
    runner.py      the production runner (the Agent, once per worker)
    folders.py     per-brief output folders
    executors/     base.py (the interface, running one brief), process.py, ray.py
    dispatcher.py  claims briefs for free slots, records outcomes
    validation.py  whether a brief can run
    inputs.py      batch files (.jsonl, .csv, .json)
    reports.py     report.csv, report.json, results.zip
    service.py     `BatchService`, for the server's surfaces
    cli.py         `huabao batch FILE`
This package re-exports the public names, so `from agent.batch import X` needs no submodule.
"""
from __future__ import annotations

from agent.batch.cli import open_file_batch, run_batch, source_key
from agent.batch.dispatcher import BRIEF_TIMEOUT_S, Dispatcher
from agent.batch.executors import new_executor
from agent.batch.executors.base import MAX_START_FAILURES, BriefExecutor, Outcome, load_runner, run_job
from agent.batch.executors.process import ProcessExecutor
from agent.batch.executors.ray import RayExecutor
from agent.batch.folders import MARKER, brief_folder, brief_folders, prepare_folder
from agent.batch.inputs import FILE_COLUMNS, check_file_items, describe_validation, read_briefs_file
from agent.batch.liveness import owner_id, owner_is_dead
from agent.batch.models import (
    BatchState,
    BatchStatusName,
    BriefJob,
    BriefRequest,
    BriefState,
    BriefStatusName,
    IdempotencyConflict,
    InvalidBrief,
    QueuedBrief,
    Runner,
    RunnerFactory,
    batch_status_name,
)
from agent.batch.reports import build_results_zip, report_csv, report_json, report_rows, write_reports
from agent.batch.runner import agent_runner, gallery_image
from agent.batch.service import BatchService
from agent.batch.store import LEASE_SECONDS, MAX_ATTEMPTS, JobStore, new_batch_id
from agent.batch.validation import Validator, decode_image, save_upload

__all__ = [
    "BRIEF_TIMEOUT_S", "FILE_COLUMNS", "LEASE_SECONDS", "MARKER", "MAX_ATTEMPTS", "MAX_START_FAILURES",
    "BatchService", "BatchState", "BatchStatusName", "BriefExecutor", "BriefJob", "BriefRequest", "BriefState",
    "BriefStatusName", "Dispatcher", "IdempotencyConflict", "InvalidBrief", "JobStore", "Outcome", "ProcessExecutor",
    "QueuedBrief", "RayExecutor", "Runner", "RunnerFactory", "Validator", "agent_runner", "batch_status_name",
    "brief_folder", "brief_folders", "build_results_zip", "check_file_items", "decode_image", "describe_validation",
    "gallery_image", "load_runner", "new_batch_id", "new_executor", "open_file_batch", "owner_id", "owner_is_dead",
    "prepare_folder", "read_briefs_file", "report_csv", "report_json", "report_rows", "run_batch", "run_job",
    "save_upload", "source_key", "write_reports",
]
