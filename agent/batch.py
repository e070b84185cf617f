"""Many briefs at once: a durable job store, a worker pool, batch files and their reports.

The SQLite job store (WAL) is the single source of truth. A `Dispatcher` in the driver process
(the CLI or the server) claims briefs from it under a lease, hands each to a worker of a
`BriefExecutor`, and records the outcome; workers only compute. So:
- a worker that dies loses nothing: its brief is released and re-run (at most MAX_ATTEMPTS starts);
- a driver that dies is recovered on restart: its leases belong to a dead process (or expire);
  its workers exit with it, and the briefs they were running are re-run without counting that start;
- a finished brief is never redone: only the lease holder can record it, and claims skip it.
`ProcessExecutor` runs workers as local processes, each loading the agent once; `RayExecutor`
(agent/ray_executor.py) runs them as Ray actors: another backend only has to implement `BriefExecutor`.

Surfaces call `BatchService` (REST API, Gradio Batch tab) or `open_file_batch` + `run_batch` (CLI).
"""
from __future__ import annotations

import base64
import binascii
import csv
import functools
import hashlib
import io
import itertools
import json
import logging
import multiprocessing
import os
import re
import secrets
import shutil
import sqlite3
import threading
import time
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import connection as mp_connection
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema, field_validator, model_validator
from pydantic_core import PydanticCustomError

from agent.brief import MAX_COUNT, Brief
from tools.config import Settings
from tools.errors import BackendUnavailable, BriefError, GalleryError, HuabaoError, NotReady
from tools.procs import ProcessId, die_with_parent, process_is_dead
from tools.text import EMPTY_BRIEF, NotText, decode_text_file, first_unencodable, is_blank, readable

log = logging.getLogger("huabao.batch")

MAX_ATTEMPTS = 3  # starts of one brief; a brief that kills its worker this often is marked failed
LEASE_SECONDS = 60.0  # a claim lapses this long after its driver's last heartbeat
BRIEF_TIMEOUT_S = 900.0  # a brief still running after this is killed and re-run
MARKER = ".huabao-brief"  # marks a brief folder as ours, so a re-run may clear it
BriefStatusName = Literal["queued", "running", "done", "failed", "canceled"]
BatchStatusName = Literal["queued", "running", "done", "failed"]


# ============================================================================ what clients send
class BriefRequest(BaseModel):
    """One brief as a client sends it: the body of `POST /v1/posters`, one item of a batch,
    one line of a JSONL file."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"brief": "双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取"},
        {"brief": "Summer sale banner, blue and white, headline: Cool Summer Deals", "format": "banner",
         "count": 2},
    ]})

    # minLength is stated for clients; the check itself is `_something_visible`, with a message a
    # person can read (the server adds maxLength: HUABAO_MAX_BRIEF_CHARS is runtime configuration)
    brief: Annotated[str, WithJsonSchema({"type": "string", "minLength": 1})] | Brief = Field(
        ..., description="The copywriting brief as free zh/en text (a /command works too), or structured "
                         "fields (subjects, palette, style, theme, copy{title,subtitle,cta}, format).")
    template: str | None = Field(None, description="Template name (see `huabao templates list`), e.g. 3d-icon.")
    count: int | None = Field(None, ge=1, le=MAX_COUNT, description="Number of posters for this brief.")
    format: str | None = Field(None, description="popup, poster, banner, square, or a size like 1080x1920.")
    image: str | None = Field(None, description="Subject/reference image as base64 (PNG, JPEG, WebP...).")
    gallery_id: str | None = Field(None, description="A gallery image to use as the subject, by its id.")

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        # JSON can carry lone surrogates ("\ud800"); they would fail later, wherever the text is
        # encoded (the job store, a folder name, the answer), so they are refused here, once
        problem = first_unencodable(data)
        if problem is not None:
            raise PydanticCustomError("unicode_invalid", problem)
        return data

    @field_validator("brief")
    @classmethod
    def _something_visible(cls, value: str | Brief) -> str | Brief:
        if isinstance(value, str):
            if is_blank(value):
                raise PydanticCustomError("brief_empty", EMPTY_BRIEF)
        elif is_blank(value.raw) and all(is_blank(s) for s in value.subjects) and all(
                is_blank(s) for s in (value.copy.title, value.copy.subtitle, value.copy.cta, value.copy.body)):
            raise PydanticCustomError("brief_empty", "the brief is empty: give raw text, subjects or copy")
        return value


class QueuedBrief(BaseModel):
    """A validated brief as the job store keeps it: images are files, not base64."""

    brief: str | dict[str, Any]
    template: str | None = None
    count: int | None = None
    format: str | None = None
    image_file: str | None = None
    gallery_id: str | None = None

    def text(self) -> str:
        if isinstance(self.brief, str):
            return self.brief
        brief = Brief.model_validate(self.brief)
        return brief.raw or brief.copy.title or " ".join(brief.subjects) or json.dumps(self.brief, ensure_ascii=False)


@dataclass
class InvalidBrief:
    """An item of a batch file that cannot run (bad JSON, empty brief...): recorded as failed."""

    text: str
    error: str


@dataclass
class BriefJob:
    """What a worker receives: one claimed brief and the folder its files go to."""

    batch_id: str
    index: int
    attempt: int
    request: dict[str, Any]
    folder: str

    def queued(self) -> QueuedBrief:
        return QueuedBrief.model_validate(self.request)


Runner = Callable[[BriefJob], dict[str, Any]]
RunnerFactory = Callable[[Settings], Runner]


# ============================================================================ what clients read
class BriefState(BaseModel):
    index: int
    brief: str
    status: BriefStatusName
    attempts: int = 0
    folder: str
    seconds: float | None = None
    error: str | None = None
    error_kind: str | None = Field(None, description="input | unavailable | internal | crash | canceled")
    result: dict[str, Any] | None = Field(None, description="The `huabao make --json` object when done.")

    @property
    def outputs(self) -> list[dict[str, Any]]:
        return list((self.result or {}).get("outputs") or [])


class BatchState(BaseModel):
    id: str
    kind: str
    status: BatchStatusName
    created_at: float
    finished_at: float | None = None
    total: int
    counts: dict[str, int]
    out_dir: str
    identity: str | None = Field(None, description="Who submitted it (a token's identity); None before owners.")
    briefs: list[BriefState] = Field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.counts.get("queued", 0) == 0 and self.counts.get("running", 0) == 0

    @property
    def progress(self) -> float:
        return (self.total - self.counts.get("queued", 0) - self.counts.get("running", 0)) / max(1, self.total)


def batch_status_name(counts: dict[str, int]) -> BatchStatusName:
    """`done` once every brief finished, even if some failed; `failed` when none produced posters."""
    if counts.get("queued", 0) == 0 and counts.get("running", 0) == 0:
        return "done" if counts.get("done", 0) else "failed"
    if counts.get("running", 0) or counts.get("done", 0) or counts.get("failed", 0) or counts.get("canceled", 0):
        return "running"
    return "queued"


class IdempotencyConflict(HuabaoError):
    """The Idempotency-Key was used before with a different body."""


# ============================================================================ owners (who holds a lease)
def owner_id() -> str:
    """host:pid:start:nonce — the start time tells a live owner from a recycled pid."""
    me = ProcessId.current()
    return f"{me.host}:{me.pid}:{me.start or '-'}:{secrets.token_hex(3)}"


def owner_is_dead(owner: str) -> bool:
    """True only when we can tell: the owner ran on this host and its process is gone
    (another machine's owner: only its lease expiry tells)."""
    try:
        host, pid_text, start, _ = owner.split(":")
        pid = int(pid_text)
    except ValueError:
        return False
    return process_is_dead(host, pid, None if start == "-" else start)


# ============================================================================ the job store
_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,               -- batch | poster
    queue TEXT NOT NULL,              -- server: run by `huabao serve`; cli: by `huabao batch`
    priority INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT UNIQUE,
    request_hash TEXT,
    source_key TEXT,                  -- cli: input file hash + output dir, for --resume
    out_dir TEXT NOT NULL,
    total INTEGER NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_source ON batches(source_key);
CREATE TABLE IF NOT EXISTS briefs (
    batch_id TEXT NOT NULL REFERENCES batches(id),
    idx INTEGER NOT NULL,
    request TEXT NOT NULL,
    label TEXT NOT NULL,
    folder TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    owner TEXT,
    lease_until REAL,
    started_at REAL,
    finished_at REAL,
    seconds REAL,
    result TEXT,
    error TEXT,
    error_kind TEXT,
    PRIMARY KEY (batch_id, idx)
);
CREATE INDEX IF NOT EXISTS briefs_status ON briefs(status);
CREATE INDEX IF NOT EXISTS briefs_owner ON briefs(owner);
"""
# `identity` is who submitted a batch (the token's identity): added to stores made before it existed.
# (briefs.owner is another thing: the driver process holding a brief's lease.)
_MIGRATIONS = [("batches", "identity", "ALTER TABLE batches ADD COLUMN identity TEXT")]


def new_batch_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(4)


class JobStore:
    """Batches and their briefs in SQLite (WAL): claims under a lease, fenced completion."""

    def __init__(self, path: Path, *, lease_seconds: float = LEASE_SECONDS):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.lease_seconds = lease_seconds
        self._local = threading.local()
        self._db().executescript(_SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        db = self._db()
        for table, column, statement in _MIGRATIONS:
            if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
                try:
                    db.execute(statement)
                except sqlite3.OperationalError as err:  # another process added it first
                    if "duplicate column" not in str(err):
                        raise
        db.execute("CREATE INDEX IF NOT EXISTS batches_identity ON batches(identity, kind, created_at)")

    # -- connections: one per thread (sqlite3 objects must stay on their thread)
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # a claim or result survives a crash of the machine too
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")  # take the write lock up front: claims never interleave
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # -- creating
    def create_batch(self, *, kind: str, queue: str, out_dir: Path, items: list[QueuedBrief | InvalidBrief],
                     folders: list[str], batch_id: str | None = None, priority: int = 0,
                     idempotency_key: str | None = None, request_hash: str | None = None,
                     source_key: str | None = None, identity: str | None = None) -> tuple[str, bool]:
        """Insert a batch and its briefs; with an idempotency key already used, return that batch.
        Returns (id, created)."""
        now = time.time()
        with self._write() as db:
            if idempotency_key is not None:
                row = db.execute("SELECT id, request_hash FROM batches WHERE idempotency_key = ?",
                                 (idempotency_key,)).fetchone()
                if row is not None:
                    if request_hash is not None and row[1] != request_hash:
                        raise IdempotencyConflict("this Idempotency-Key was already used with a different body")
                    return row[0], False
            batch_id = batch_id or new_batch_id()
            db.execute("INSERT INTO batches (id, kind, queue, priority, idempotency_key, request_hash, source_key, "
                       "out_dir, total, created_at, identity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (batch_id, kind, queue, priority, idempotency_key, request_hash, source_key,
                        str(out_dir), len(items), now, identity))
            rows = []
            for index, (item, folder) in enumerate(zip(items, folders)):
                if isinstance(item, InvalidBrief):
                    rows.append((batch_id, index, json.dumps({"brief": item.text}, ensure_ascii=False), item.text,
                                 folder, "failed", now, item.error, "input"))
                else:
                    rows.append((batch_id, index, item.model_dump_json(), item.text(), folder, "queued", None,
                                 None, None))
            db.executemany("INSERT INTO briefs (batch_id, idx, request, label, folder, status, finished_at, error, "
                           "error_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return batch_id, True

    # -- claiming and recording (the dispatcher's side)
    def claim(self, owner: str, *, queue: str | None = None, batch_id: str | None = None) -> BriefJob | None:
        """Take the next queued brief (interactive posters first, then oldest batch first)."""
        now = time.time()
        where, args = ["b.status = 'queued'"], []
        if queue is not None:
            where.append("t.queue = ?")
            args.append(queue)
        if batch_id is not None:
            where.append("b.batch_id = ?")
            args.append(batch_id)
        with self._write() as db:
            self._expire_leases(db, now)
            row = db.execute(
                "SELECT b.batch_id, b.idx, b.request, b.folder, b.attempts, t.out_dir FROM briefs b "
                f"JOIN batches t ON t.id = b.batch_id WHERE {' AND '.join(where)} "
                "ORDER BY t.priority DESC, t.created_at, t.id, b.idx LIMIT 1", args).fetchone()
            if row is None:
                return None
            db.execute("UPDATE briefs SET status = 'running', owner = ?, lease_until = ?, attempts = attempts + 1, "
                       "started_at = ? WHERE batch_id = ? AND idx = ?",
                       (owner, now + self.lease_seconds, now, row[0], row[1]))
        return BriefJob(batch_id=row[0], index=row[1], attempt=row[4] + 1, request=json.loads(row[2]),
                        folder=str(Path(row[5]) / row[3]))

    def _expire_leases(self, db: sqlite3.Connection, now: float) -> None:
        self._give_up(db, "status = 'running' AND lease_until < ?", (now,), now)
        db.execute("UPDATE briefs SET status = 'queued', owner = NULL, lease_until = NULL "
                   "WHERE status = 'running' AND lease_until < ?", (now,))

    @staticmethod
    def _give_up(db: sqlite3.Connection, where: str, args: tuple, now: float) -> None:
        """Briefs whose workers died MAX_ATTEMPTS times are failed, not re-run forever."""
        db.execute(f"UPDATE briefs SET status = 'failed', owner = NULL, lease_until = NULL, finished_at = ?, "
                   f"error_kind = 'crash', error = 'the worker stopped ' || attempts || ' times while making "
                   f"this poster' WHERE {where} AND attempts >= ?", (now, *args, MAX_ATTEMPTS))

    def renew(self, owner: str) -> None:
        with self._write() as db:
            db.execute("UPDATE briefs SET lease_until = ? WHERE owner = ? AND status = 'running'",
                       (time.time() + self.lease_seconds, owner))

    def finish(self, job: BriefJob, owner: str, *, status: Literal["done", "failed"],
               result: dict[str, Any] | None = None, error: str | None = None, error_kind: str | None = None,
               seconds: float | None = None) -> bool:
        """Record a brief's outcome. Fenced by the lease: False when this owner no longer holds it."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE briefs SET status = ?, result = ?, error = ?, error_kind = ?, seconds = ?, finished_at = ?, "
                "owner = NULL, lease_until = NULL WHERE batch_id = ? AND idx = ? AND owner = ? AND status = 'running'",
                (status, json.dumps(result, ensure_ascii=False) if result is not None else None, error, error_kind,
                 seconds, time.time(), job.batch_id, job.index, owner))
            return cursor.rowcount == 1

    def release(self, job: BriefJob, owner: str, *, count_attempt: bool) -> None:
        """Put a brief whose run was cut short back in the queue."""
        with self._write() as db:
            self._release(db, "batch_id = ? AND idx = ? AND owner = ?", (job.batch_id, job.index, owner),
                          count_attempt)

    def release_owner(self, owner: str, *, count_attempt: bool) -> int:
        with self._write() as db:
            return self._release(db, "owner = ?", (owner,), count_attempt)

    def _release(self, db: sqlite3.Connection, where: str, args: tuple, count_attempt: bool) -> int:
        where = f"status = 'running' AND {where}"
        if count_attempt:
            self._give_up(db, where, args, time.time())
        else:  # stopped by the user, not the brief's fault: that start does not count
            db.execute(f"UPDATE briefs SET attempts = attempts - 1 WHERE {where}", args)
        cursor = db.execute(f"UPDATE briefs SET status = 'queued', owner = NULL, lease_until = NULL WHERE {where}",
                            args)
        return cursor.rowcount

    def recover_dead_owners(self) -> int:
        """Re-queue the briefs of drivers on this host that died (SIGKILL, OOM, power cut).

        Their start does not count as an attempt: a brief runs in a worker, never in the driver,
        so the driver's death is not the brief's doing (its workers exit with it, see
        `_worker_main`). Only a worker dying under a live driver counts (`Dispatcher._record`)."""
        owners = [r[0] for r in self._db().execute(
            "SELECT DISTINCT owner FROM briefs WHERE status = 'running' AND owner IS NOT NULL")]
        released = 0
        for owner in owners:
            if owner_is_dead(owner):
                released += self.release_owner(owner, count_attempt=False)
        if released:
            log.info("re-queued %d brief(s) left running by a stopped process", released)
        return released

    def live_owners(self, batch_id: str) -> list[str]:
        rows = self._db().execute("SELECT DISTINCT owner FROM briefs WHERE batch_id = ? AND status = 'running'",
                                  (batch_id,)).fetchall()
        return [r[0] for r in rows if r[0] and not owner_is_dead(r[0]) and time.time() < self._lease_end(r[0])]

    def _lease_end(self, owner: str) -> float:
        row = self._db().execute("SELECT MAX(lease_until) FROM briefs WHERE owner = ?", (owner,)).fetchone()
        return row[0] or 0.0

    def requeue(self, batch_id: str, *, kinds: tuple[str, ...]) -> int:
        """Give failed briefs whose failure was not their input another go (used by --resume)."""
        marks = ",".join("?" * len(kinds))
        with self._write() as db:
            return db.execute(f"UPDATE briefs SET status = 'queued', error = NULL, error_kind = NULL, "
                              f"finished_at = NULL WHERE batch_id = ? AND status = 'failed' AND error_kind IN "
                              f"({marks})", (batch_id, *kinds)).rowcount

    def cancel(self, batch_id: str, reason: str) -> int:
        with self._write() as db:
            return db.execute("UPDATE briefs SET status = 'canceled', error = ?, error_kind = 'canceled', "
                              "finished_at = ? WHERE batch_id = ? AND status = 'queued'",
                              (reason, time.time(), batch_id)).rowcount

    # -- reading
    def counts(self, batch_id: str) -> dict[str, int]:
        counts = {name: 0 for name in ("queued", "running", "done", "failed", "canceled")}
        for status, n in self._db().execute("SELECT status, COUNT(*) FROM briefs WHERE batch_id = ? GROUP BY status",
                                            (batch_id,)):
            counts[status] = n
        return counts

    def batch(self, batch_id: str, *, briefs: bool = True) -> BatchState | None:
        db = self._db()
        row = db.execute("SELECT id, kind, total, created_at, out_dir, identity FROM batches WHERE id = ?",
                         (batch_id,)).fetchone()
        if row is None:
            return None
        counts = self.counts(batch_id)
        states: list[BriefState] = []
        finished_at = None
        if briefs:
            for r in db.execute("SELECT idx, label, status, attempts, folder, seconds, error, error_kind, result, "
                                "finished_at FROM briefs WHERE batch_id = ? ORDER BY idx", (batch_id,)):
                states.append(BriefState(index=r[0], brief=r[1], status=r[2], attempts=r[3], folder=r[4],
                                         seconds=r[5], error=r[6], error_kind=r[7],
                                         result=json.loads(r[8]) if r[8] else None))
                finished_at = max(finished_at or 0.0, r[9] or 0.0)
        status = batch_status_name(counts)
        if status not in ("done", "failed"):
            finished_at = None
        elif not briefs:
            finished_at = db.execute("SELECT MAX(finished_at) FROM briefs WHERE batch_id = ?",
                                     (batch_id,)).fetchone()[0]
        return BatchState(id=row[0], kind=row[1], status=status, created_at=row[3], finished_at=finished_at,
                          total=row[2], counts=counts, out_dir=row[4], identity=row[5], briefs=states)

    def find_by_key(self, idempotency_key: str) -> tuple[str, str | None] | None:
        """(batch id, request hash) of the batch submitted under this key."""
        row = self._db().execute("SELECT id, request_hash FROM batches WHERE idempotency_key = ?",
                                 (idempotency_key,)).fetchone()
        return (row[0], row[1]) if row else None

    def find_by_source(self, source_key: str) -> str | None:
        row = self._db().execute("SELECT id FROM batches WHERE source_key = ? ORDER BY created_at DESC, id DESC "
                                 "LIMIT 1", (source_key,)).fetchone()
        return row[0] if row else None

    def identity_of(self, batch_id: str) -> tuple[bool, str | None]:
        """(whether the batch exists, who submitted it)."""
        row = self._db().execute("SELECT identity FROM batches WHERE id = ?", (batch_id,)).fetchone()
        return (row is not None, row[0] if row else None)

    def recent(self, *, limit: int = 20, kind: str | None = "batch", identity: str | None = None) -> list[BatchState]:
        """Newest first; with `identity`, only the batches that identity submitted."""
        query, where, args = "SELECT id FROM batches", [], []
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        if identity is not None:
            where.append("identity = ?")
            args.append(identity)
        if where:
            query += " WHERE " + " AND ".join(where)
        rows = self._db().execute(query + " ORDER BY created_at DESC, id DESC LIMIT ?", (*args, limit)).fetchall()
        return [state for r in rows if (state := self.batch(r[0], briefs=False)) is not None]


# ============================================================================ the runner (in a worker)
def agent_runner(settings: Settings) -> Runner:
    """The production runner: one `Agent` per worker process, loaded once, one brief per call."""
    from agent.loop import Agent

    agent = Agent(settings)

    def run(job: BriefJob) -> dict[str, Any]:
        queued = job.queued()
        images = [Path(queued.image_file)] if queued.image_file else []
        if queued.gallery_id:
            images.append(gallery_image(settings, queued.gallery_id))
        out_dir = Path(job.folder)
        if isinstance(queued.brief, str) and queued.brief.lstrip().startswith("/"):
            reply = agent.handle(queued.brief, images=images or None, out_dir=out_dir)
            if reply.result is None:
                raise BriefError(f"{queued.brief.split()[0]} makes no poster; use it in the chat")
            return reply.result.to_json_dict()
        brief = queued.brief if isinstance(queued.brief, str) else Brief.model_validate(queued.brief)
        result = agent.make(brief, images=images or None, count=queued.count, out_dir=out_dir,
                            template=queued.template, format=queued.format)
        return result.to_json_dict()

    return run


def gallery_image(settings: Settings, gallery_id: str) -> Path:
    """The file of a gallery item, by the id search results carry. Reads only the catalog:
    a worker should not load a second copy of the vectors to look up one path."""
    from tools.retrieval.index import GalleryIndex, read_manifest

    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        raise GalleryError(f"no gallery index in {settings.index_dir}: run `huabao index DIR` first")
    catalog = GalleryIndex(settings.index_dir, manifest, store=None)  # find() needs no vectors
    try:
        item = catalog.find(gallery_id)
    finally:
        catalog.close()
    if item is None:
        raise BriefError(f"the gallery has no image with id “{gallery_id}”")
    path = Path(item["path"])
    return path if path.is_absolute() else settings.gallery_dir / path


def prepare_folder(folder: Path) -> None:
    """A fresh folder per attempt: a re-run never leaves a half-written earlier attempt beside it."""
    if folder.is_dir() and (folder / MARKER).exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by huabao batch; cleared when this brief is re-run\n", encoding="utf-8")


def _run_job(runner: Runner | None, load_error: str | None, job: BriefJob) -> tuple:
    started = time.perf_counter()
    try:
        if runner is None:
            return ("failed", "unavailable", load_error, 0.0)
        prepare_folder(Path(job.folder))
        result = runner(job)
        json.dumps(result)  # must cross the pipe and land in the store as JSON
        return ("done", result, round(time.perf_counter() - started, 3))
    except (BackendUnavailable, GalleryError, NotReady) as err:
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
        conn.send(_run_job(runner, load_error, job))


# ============================================================================ executors
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


def new_executor(settings: Settings, runner_factory: RunnerFactory = agent_runner, workers: int | None = None, *,
                 ray_address: str | None = None) -> BriefExecutor:
    """Local worker processes, or with `ray_address` ("local", "host:6379", "ray://head:10001")
    Ray actors (agent/ray_executor.py); the dispatcher and the job store do not change."""
    if ray_address is None:
        return ProcessExecutor(settings, runner_factory, workers)
    from agent.ray_executor import RayExecutor

    return RayExecutor(settings, runner_factory, workers, address=ray_address)


# ============================================================================ the dispatcher
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


# ============================================================================ validation and folders
def _slug(text: str, limit: int = 24) -> str:
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", text).strip("-_").lower()
    return slug[:limit].strip("-_") or "brief"


@functools.lru_cache(maxsize=1)
def _lexicon() -> Any:
    from agent.brief import BriefLexicon

    return BriefLexicon()


def _title_of(text: str) -> str | None:
    """The labelled title of a brief (标题：好运福袋, headline: Cool Summer Deals), if it has one."""
    lexicon = _lexicon()
    for match in lexicon.label_pattern.finditer(text):
        if lexicon.field_for_label(match.group(1)) == "title":
            value = re.split(r"[，,；;。\n|]", text[match.end():], maxsplit=1)[0]
            return value.strip().strip("\"'“”‘’「」『』《》") or None
    return None


def brief_folder(index: int, text: str) -> str:
    """`001-好运福袋`: per-brief folders sort in input order and are named for the poster's title
    (or the start of the brief when it has none)."""
    return f"{index + 1:03d}-{_slug(_title_of(text) or text.lstrip('/'))}"


def save_upload(settings: Settings, data: bytes, identity: str | None = None) -> Path:
    """Validate an uploaded image and keep it as a PNG named by its content (same image, same file),
    in the uploader's own folder (`tools.paths.uploads_root`): the folder records who uploaded it, and
    over HTTP only that identity may name it again."""
    from tools.images import load_image
    from tools.paths import uploads_root

    loaded = load_image(data, max_pixels=settings.max_image_pixels)
    folder = uploads_root(settings, identity)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:32]}.png"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        loaded.image.save(tmp, format="PNG")
        os.replace(tmp, path)
    return path.resolve()


def decode_image(text: str) -> bytes:
    payload = text.split(",", 1)[1] if text.startswith("data:") else text  # data: URLs too
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise BriefError("image is not valid base64") from None


class Validator:
    """Checks a brief against the limits and the known templates, formats and images."""

    def __init__(self, settings: Settings):
        from agent.templates import TemplateLibrary

        self.settings = settings
        self.templates = TemplateLibrary(settings)

    def reload(self) -> None:
        self.templates.reload()  # templates are files a user may add while the server runs

    def check(self, request: BriefRequest, *, image_bytes: bytes | None = None,
              identity: str | None = None) -> QueuedBrief:
        from tools.formats import get_format

        if isinstance(request.brief, str):
            text = request.brief
            if is_blank(text):
                raise BriefError(EMPTY_BRIEF)
        else:
            text = request.brief.model_dump_json(by_alias=True)
            if not (not is_blank(request.brief.raw) or request.brief.subjects or not request.brief.copy.is_empty()):
                raise BriefError("the brief is empty: give raw text, subjects or copy")
        if len(text) > self.settings.max_brief_chars:
            raise BriefError(f"the brief is {len(text)} characters; the limit is {self.settings.max_brief_chars}")
        if request.template:
            self.templates.get(request.template)
        if request.format:
            get_format(request.format)
        if request.image is not None and request.gallery_id is not None:
            raise BriefError("give either image or gallery_id, not both")
        image_file = None
        if request.image is not None or image_bytes is not None:
            data = image_bytes if image_bytes is not None else decode_image(request.image or "")
            image_file = str(save_upload(self.settings, data, identity))
        brief: str | dict[str, Any] = (request.brief if isinstance(request.brief, str)
                                       else request.brief.model_dump(mode="json", by_alias=True))
        return QueuedBrief(brief=brief, template=request.template, count=request.count, format=request.format,
                           image_file=image_file, gallery_id=request.gallery_id)

    def check_all(self, requests: list[BriefRequest], *, identity: str | None = None) -> list[QueuedBrief]:
        """All or nothing (the API): the first bad brief is named in the error. Images go to
        `identity`'s uploads."""
        if not requests:
            raise BriefError("the batch has no briefs")
        if len(requests) > self.settings.max_batch_briefs:
            raise BriefError(f"the batch has {len(requests)} briefs; the limit is {self.settings.max_batch_briefs}")
        self.reload()
        queued = []
        for index, request in enumerate(requests):
            try:
                queued.append(self.check(request, identity=identity))
            except HuabaoError as err:
                raise type(err)(f"brief {index + 1}: {err}") from None
        return queued


# ============================================================================ batch files
FILE_COLUMNS = ("brief", "template", "count", "format", "gallery_id", "image_path")


def check_file_items(items: list[BriefRequest | InvalidBrief], validator: Validator,
                     identity: str | None = None) -> list[QueuedBrief | InvalidBrief]:
    """Validate a file's briefs: lines that cannot be used become failed briefs with their reason.
    Images in it go to `identity`'s uploads."""
    checked: list[QueuedBrief | InvalidBrief] = []
    for index, item in enumerate(items):
        if isinstance(item, InvalidBrief):
            checked.append(item)
            continue
        try:
            checked.append(validator.check(item, identity=identity))
        except HuabaoError as err:
            label = item.brief if isinstance(item.brief, str) else item.brief.raw
            checked.append(InvalidBrief(label[:200], f"brief {index + 1}: {err}"))
    return checked


def read_briefs_file(path: Path, *, image_roots: list[Path] | None = None) -> list[BriefRequest | InvalidBrief]:
    """A .jsonl (one BriefRequest per line), .csv (columns brief, template, count, format) or
    .json ({"briefs": [...]}) file. A bad line becomes an InvalidBrief; an unreadable file raises.
    `image_path` (JSONL/CSV) is a local image, relative to the file; with `image_roots` (a file
    uploaded over HTTP) it must lie under those folders instead, relative to the first."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise BriefError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        text, _ = decode_text_file(raw)  # UTF-8 (BOM or not), UTF-16 with BOM, GBK/GB18030
    except NotText as err:
        raise BriefError(f"{path}: cannot be read as briefs: {err}") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, text)
    elif suffix == ".jsonl":
        rows = _jsonl_rows(text)
    elif suffix == ".json":
        try:
            body = json.loads(text)
        except json.JSONDecodeError as err:
            raise BriefError(f"{path}: not valid JSON ({err})") from None
        except RecursionError:
            raise BriefError(f"{path}: not valid JSON (nested too deeply)") from None
        items = body.get("briefs") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise BriefError(f'{path}: expected {{"briefs": [...]}} or a list of briefs')
        rows = [(f"brief {i + 1}", item) for i, item in enumerate(items)]
    else:
        raise BriefError(f"{path}: use a .jsonl, .csv or .json file of briefs")
    items: list[BriefRequest | InvalidBrief] = [_file_item(where, row, path.parent, image_roots)
                                                for where, row in rows]
    if not items:
        raise BriefError(f"{path}: no briefs in the file")
    return items


def _jsonl_rows(text: str) -> list[tuple[str, Any]]:
    rows = []
    # split on "\n" only: str.splitlines would also cut at U+2028 and other characters JSON
    # strings may hold unescaped
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as err:
            rows.append((f"line {number}", InvalidBrief(line.strip()[:200], f"line {number}: not valid JSON ({err.msg})")))
        except RecursionError:
            rows.append((f"line {number}", InvalidBrief(line.strip()[:200], f"line {number}: not valid JSON "
                                                                             "(nested too deeply)")))
    return rows


CSV_DELIMITERS = (",", "\t", ";")  # comma; tab (Excel's "Unicode text"); semicolon (Excel in some locales)
UNCLOSED_QUOTE = ('a quote (") is not closed, or text follows a closing quote: put the whole cell in quotes '
                  'and double any quote inside it ("")')


def _csv_rows(path: Path, text: str) -> list[tuple[str, Any]]:
    lines = io.StringIO(text, newline="").readlines()  # physical lines, endings kept (csv needs them)
    columns, delimiter = _csv_header(path, lines[:1])
    rows: list[tuple[str, Any]] = []
    for number, fields in _csv_records(lines, 1, delimiter):
        if isinstance(fields, csv.Error):
            message = UNCLOSED_QUOTE if "expected after" in str(fields) or "end of data" in str(fields) else str(fields)
            rows.append((f"line {number}", InvalidBrief(lines[number - 1].strip()[:200], f"line {number}: {message}")))
            continue
        row = {column: (fields[i].strip() if i < len(fields) else "") for i, column in enumerate(columns)}
        if not any(row.values()):
            continue
        rows.append((f"line {number}", {k: v for k, v in row.items() if v != "" or k == "brief"}))
    return rows


def _csv_header(path: Path, first: list[str]) -> tuple[list[str], str]:
    """The column names and the delimiter they are separated by."""
    for delimiter in CSV_DELIMITERS:
        try:
            header = next(csv.reader(first, delimiter=delimiter, strict=True), [])
        except csv.Error:
            continue
        columns = [c.strip().lower() for c in header]
        if "brief" not in columns:
            continue
        unknown = [c for c in columns if c not in FILE_COLUMNS]
        if unknown:
            raise BriefError(f"{path}: unknown column(s) {', '.join(unknown)}; known: {', '.join(FILE_COLUMNS)}")
        return columns, delimiter
    raise BriefError(f"{path}: the CSV needs a 'brief' column (optional: {', '.join(FILE_COLUMNS[1:])})")


def _csv_records(lines: list[str], start: int, delimiter: str) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(line number where it starts, fields) per record from `lines[start:]`. A record the strict
    reader refuses (a quote never closed, text after a closing quote) comes back as its error, and
    reading starts again on the next line, so one bad row does not swallow the rows after it; a
    properly quoted cell may still span lines (Excel writes line breaks in cells that way)."""
    position = start
    while position < len(lines):
        reader = csv.reader(itertools.islice(lines, position, None), delimiter=delimiter, strict=True)
        consumed = 0  # lines of lines[position:] read by the records already returned
        try:
            for fields in reader:
                yield position + consumed + 1, fields
                consumed = reader.line_num
            return
        except csv.Error as err:
            yield position + consumed + 1, err
            position += consumed + 1


def _file_item(where: str, row: Any, base: Path, image_roots: list[Path] | None = None) -> BriefRequest | InvalidBrief:
    if isinstance(row, InvalidBrief):
        return row
    if not isinstance(row, dict):
        return InvalidBrief(readable(json.dumps(row, ensure_ascii=False)[:200]),
                            f"{where}: expected an object with a 'brief'")
    row = dict(row)
    label = readable(str(row.get("brief", ""))[:200])  # it names a folder and a job-store row
    image_path = row.pop("image_path", None)
    try:
        if image_path:
            if not isinstance(image_path, str):
                return InvalidBrief(label, f"{where}: image_path must be a file path (text)")
            if image_roots is not None:
                from tools.paths import PathRefused, confine

                try:  # uploaded over HTTP: the server's files are not the uploader's to name
                    image_file = confine(image_path, image_roots)
                except PathRefused as err:
                    return InvalidBrief(label, f"{where}: image_path {err}")
            else:
                image_file = Path(image_path) if Path(image_path).is_absolute() else base / image_path
            try:
                row["image"] = base64.b64encode(image_file.read_bytes()).decode("ascii")
            except OSError as err:
                return InvalidBrief(label, f"{where}: image_path {readable(image_path)[:200]}: {err.strerror}")
        if isinstance(row.get("count"), str):
            digits = row["count"].strip()
            # ASCII digits only: int() refuses "²" (a digit to isdigit) and 5000-digit numbers
            row["count"] = int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 10 else row["count"]
        return BriefRequest.model_validate(row)
    except ValidationError as err:
        return InvalidBrief(label, f"{where}: {describe_validation(err)}")


def describe_validation(err: ValidationError) -> str:
    """Pydantic errors as one line a marketer can read: `count: Input should be ... ; brief: Field required`."""
    parts = []
    for e in err.errors():
        location = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body",))
        parts.append(f"{location}: {e.get('msg')}" if location else str(e.get("msg")))
    return "; ".join(parts)


# ============================================================================ reports and results
def _relative(path_text: str | None, base: Path) -> str | None:
    if not path_text:
        return path_text
    path = Path(path_text)
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def report_rows(state: BatchState) -> list[dict[str, Any]]:
    """Per brief: status, outputs (relative to the batch folder), seconds, backends, problems, error."""
    base = Path(state.out_dir)
    rows = []
    for brief in state.briefs:
        result = brief.result or {}
        rows.append({
            "index": brief.index + 1,
            "brief": brief.brief,
            "status": brief.status,
            "outputs": [{key: _relative(out.get(key), base) for key in ("png", "psd", "spec")}
                        for out in brief.outputs],
            "seconds": brief.seconds,
            "attempts": brief.attempts,
            "template": result.get("template"),
            "backends": result.get("backends") or {},
            "problems": result.get("problems") or [],
            "error": brief.error,
        })
    return rows


def report_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["index", "status", "brief", "outputs", "seconds", "attempts", "template", "backends",
                     "problems", "error"])
    for row in rows:
        writer.writerow([
            row["index"], row["status"], row["brief"], " ; ".join(o["png"] or "" for o in row["outputs"]),
            row["seconds"] if row["seconds"] is not None else "", row["attempts"], row["template"] or "",
            " ; ".join(f"{k}={v}" for k, v in row["backends"].items()),
            " ; ".join(str(p.get("code", p)) if isinstance(p, dict) else str(p) for p in row["problems"]),
            row["error"] or "",
        ])
    return buffer.getvalue()


def report_json(state: BatchState, rows: list[dict[str, Any]]) -> str:
    summary = {"id": state.id, "status": state.status, "total": state.total, "counts": state.counts,
               "created_at": state.created_at, "finished_at": state.finished_at}
    return json.dumps({"batch": summary, "briefs": rows}, ensure_ascii=False, indent=2)


def write_reports(state: BatchState) -> tuple[Path, Path]:
    """report.csv (Excel opens it: UTF-8 with BOM) and report.json in the batch folder."""
    out_dir = Path(state.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = report_rows(state)
    csv_path, json_path = out_dir / "report.csv", out_dir / "report.json"
    _write_atomic(csv_path, report_csv(rows).encode("utf-8-sig"))
    _write_atomic(json_path, report_json(state, rows).encode("utf-8"))
    return csv_path, json_path


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def build_results_zip(state: BatchState) -> Path:
    """`results.zip` in the batch folder: the reports plus every finished brief's files.
    Only regular files inside the batch folder go in (no dot files, no symlinks out)."""
    out_dir = Path(state.out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = report_rows(state)
    target = out_dir / "results.zip"
    tmp = out_dir / f".results.{os.getpid()}.{threading.get_ident()}.tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("report.json", report_json(state, rows))
        archive.writestr("report.csv", report_csv(rows).encode("utf-8-sig"))
        for brief in state.briefs:
            if brief.status != "done":
                continue
            folder = out_dir / brief.folder
            for file in sorted(folder.rglob("*")):
                relative = file.relative_to(out_dir)
                if any(part.startswith(".") for part in relative.parts) or file.is_symlink() or not file.is_file():
                    continue
                archive.write(file, relative.as_posix())
    os.replace(tmp, target)
    return target


# ============================================================================ the service (API, UI)
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
        folders = [brief_folder(i, item.text if isinstance(item, InvalidBrief) else item.text())
                   for i, item in enumerate(items)]
        batch_id, created = self.store.create_batch(
            kind=kind, queue="server", out_dir=out_dir, items=items, folders=folders, batch_id=batch_id,
            priority=10 if kind == "poster" else 0, idempotency_key=idempotency_key, request_hash=request_hash,
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
            return build_results_zip(state)


# ============================================================================ the CLI's batch
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
    folders = [brief_folder(i, item.text if isinstance(item, InvalidBrief) else item.text())
               for i, item in enumerate(checked)]
    batch_id, _ = store.create_batch(kind="batch", queue="cli", out_dir=out_dir, items=checked, folders=folders,
                                     source_key=key)
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
