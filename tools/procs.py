"""Processes that clean up after themselves: who is alive (safe against recycled pids), children
that die with their parent, and lock files that a dead holder cannot keep.

A SIGKILL runs no cleanup code, so recovery is arranged beforehand:
- `die_with_parent` in a child (a DataLoader worker, a batch worker) ends it when its parent
  dies, instead of leaving an orphan behind;
- a lock taken with `HolderLock` is kept from forked children (their copy of the descriptor is
  pointed at /dev/null) and records who holds it, so the next process that finds the lock held
  by a process that is gone takes it over instead of refusing forever.
"""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ValidationError

from tools.errors import HuabaoError

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_POLL_S = 0.25
GUARD_WAIT_S = 10.0  # the guard is held for microseconds; this long means something is badly wrong


# ------------------------------------------------------------------------------ who is alive
def process_start(pid: int) -> str | None:
    """The kernel's start time of a process (Linux, in clock ticks since boot): tells a live
    process from a recycled pid. None when the process is gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return fields[19] if fields[0] != "Z" else None  # state Z: a zombie is dead


class ProcessId(BaseModel):
    """A process, told apart from a later one that got the same pid."""

    host: str
    pid: int
    start: str | None = None  # None where /proc is missing: then only the pid is checked

    @classmethod
    def current(cls) -> ProcessId:
        pid = os.getpid()
        return cls(host=socket.gethostname(), pid=pid, start=process_start(pid))

    def is_dead(self) -> bool:
        """True only when we can tell: it ran on this host and that process is gone."""
        return process_is_dead(self.host, self.pid, self.start)


def process_is_dead(host: str, pid: int, start: str | None) -> bool:
    if host != socket.gethostname():
        return False  # another machine: nothing here can tell
    if Path("/proc/self/stat").exists():
        current = process_start(pid)
        return current is None or (start is not None and current != start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


# ------------------------------------------------------------------------------ children
def die_with_parent(parent_pid: int, *, kernel_signal: bool = False) -> None:
    """Call first thing in a child process: it ends (exit code 3) as soon as `parent_pid`, the
    process that started it, is gone, so a killed parent leaves no orphan holding its files.

    A watch thread notices within PARENT_POLL_S. With `kernel_signal` (Linux) the kernel also
    sends SIGKILL at once when the parent dies, which ends even a child stuck where no Python
    thread runs (a worker blocked flushing a queue nobody reads). The kernel signal follows the
    parent *thread* that forked the child, so use it only where that thread outlives the child
    (a DataLoader's workers are forked by, and end with, the thread iterating it)."""
    if kernel_signal and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the watch thread still works
    if os.getppid() != parent_pid:  # the parent died before we got here
        os._exit(3)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_S)
            if os.getppid() != parent_pid:
                os._exit(3)

    threading.Thread(target=watch, name="huabao-parent-watch", daemon=True).start()


# Files of held locks: a forked child's copies of their descriptors are pointed at /dev/null, so
# a child that outlives its parent (or is stuck) never keeps the parent's lock. flock locks belong
# to the open file, which fork shares; a subprocess (exec) closes them anyway (close_fds). The
# files are kept here until released, so a lock object dropped while held cannot let its
# descriptor number be closed and reused by an unrelated file.
_HELD: dict[int, IO[str]] = {}
_HELD_LOCK = threading.Lock()


def _detach_held_fds_in_child() -> None:
    if not _HELD:
        return
    null = os.open(os.devnull, os.O_RDWR)
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    os.close(null)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_detach_held_fds_in_child)


def _keep_from_children(handle: IO[str]) -> None:
    with _HELD_LOCK:
        _HELD[handle.fileno()] = handle


def _release_from_children(handle: IO[str]) -> None:
    with _HELD_LOCK:
        _HELD.pop(handle.fileno(), None)


# ------------------------------------------------------------------------------ locks
class LockBusy(HuabaoError):
    """The lock is held by a live process (`holder`; None when the holder did not say who)."""

    def __init__(self, path: Path, holder: ProcessId | None):
        self.path, self.holder = path, holder
        who = f"process {holder.pid}" if holder else "another process"
        super().__init__(f"{path} is held by {who}")


class HolderLock:
    """An exclusive, non-blocking lock on a file that names its holder (host, pid, start time).

    `acquire()` takes it or raises LockBusy. A lock whose recorded holder is dead is taken over
    even when something the holder left behind (a child that inherited the descriptor from an
    older huabao) still holds the flock: the lock file is replaced by a fresh one. Taking and
    taking over happen under a guard file, so the record always names whoever holds the lock
    and two processes never take over the same dead lock."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.guard_path = self.path.with_name(self.path.name + ".guard")
        self._handle: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        if self._handle is not None:
            raise RuntimeError(f"{self.path} is already held by this object")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._guard():
            # a flock on a file that lost its name locks nothing: then open the name again
            for _ in range(5):
                handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept while held
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = _read_holder(handle)
                    handle.close()
                    if holder is None or not holder.is_dead():
                        raise LockBusy(self.path, holder) from None
                    self._handle = self._replace_file()
                    return
                except BaseException:
                    handle.close()
                    raise
                try:
                    if _same_file(handle, self.path):
                        _write_holder(handle)
                        self._hold(handle)
                        return
                finally:
                    if self._handle is not handle:
                        handle.close()
            raise LockBusy(self.path, None)

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        _release_from_children(handle)
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()  # nobody holds it now
            handle.flush()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()

    def __enter__(self) -> HolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _hold(self, handle: IO[str]) -> None:
        _keep_from_children(handle)
        self._handle = handle

    def _replace_file(self) -> IO[str]:
        """A fresh lock file, locked and recorded before it takes the old one's name."""
        # not "*.tmp": an index run sweeps those from the index folder, where lock files live too
        tmp = self.path.with_name(f"{self.path.name}.takeover-{os.getpid()}")
        handle = open(tmp, "w+", encoding="utf-8")  # noqa: SIM115 - kept while held
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _write_holder(handle)
            _keep_from_children(handle)
            os.replace(tmp, self.path)
        except BaseException:
            _release_from_children(handle)
            handle.close()
            tmp.unlink(missing_ok=True)
            raise
        return handle

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        with open(self.guard_path, "a", encoding="utf-8") as guard:
            _keep_from_children(guard)
            try:
                deadline = time.monotonic() + GUARD_WAIT_S
                while True:
                    try:
                        fcntl.flock(guard, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise LockBusy(self.guard_path, None) from None
                        time.sleep(0.01)
                try:
                    yield
                finally:
                    fcntl.flock(guard, fcntl.LOCK_UN)
            finally:
                _release_from_children(guard)


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        here, there = os.fstat(handle.fileno()), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _write_holder(handle: IO[str]) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(ProcessId.current().model_dump_json())
    handle.flush()


def _read_holder(handle: IO[str]) -> ProcessId | None:
    """The recorded holder; None when the file names none (an older huabao, or not ours)."""
    try:
        handle.seek(0)
        return ProcessId.model_validate(json.loads(handle.read() or "null"))
    except (OSError, ValueError, ValidationError):
        return None
