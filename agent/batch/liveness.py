"""Who holds a lease: an owner id names a driver process, and tells a dead one from a live one."""
from __future__ import annotations

import secrets

from tools.procs import ProcessId, process_is_dead


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
