"""The durable job store: batches and their briefs in SQLite (WAL), the single source of truth.

Briefs are claimed under a lease and recorded only by the lease holder (fenced completion), so a
worker or driver that dies loses nothing and a finished brief is never redone."""
from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from agent.batch.liveness import owner_is_dead
from agent.batch.models import (
    BatchState,
    BriefJob,
    BriefState,
    IdempotencyConflict,
    InvalidBrief,
    QueuedBrief,
    batch_status_name,
)

log = logging.getLogger("huabao.batch")

MAX_ATTEMPTS = 3  # starts of one brief; a brief that kills its worker this often is marked failed
LEASE_SECONDS = 60.0  # a claim lapses this long after its driver's last heartbeat


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
