"""Access tokens with names: who may call `huabao serve`, and who they are.

Tokens come from two places and mean the same thing everywhere (REST bearer, `/mcp` bearer,
the UI login's password):
- the token store (`huabao tokens add NAME [--admin]`): SQLite at HUABAO_TOKENS_DB (default
  `<data_dir>/tokens.sqlite3`) holding only a SHA-256 of each random token, its name, when it was
  made and whether it is an admin. A stored token's identity is its name, so revoking a leaked
  token and adding the same name again keeps that person's work theirs;
- HUABAO_API_TOKENS (and HUABAO_ADMIN_TOKENS, which are also admins): tokens in the environment,
  whose identity is `sha256(token)[:16]`, as before the store existed.

A token is a random 256-bit string, so a plain SHA-256 of it cannot be guessed back; a slow
password hash would only slow every request down.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
import threading
import time
from pathlib import Path

from pydantic import BaseModel, Field

from tools.config import Settings
from tools.errors import HuabaoError

LOCAL_IDENTITY = "local"  # the caller when no token is configured: a loopback client, the machine's own user
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_ENV_IDENTITY = re.compile(r"^[0-9a-f]{16}$")  # what env tokens' identities look like: names may not

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    name TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,  -- sha256 hex of the token; the token itself is never kept
    admin INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);
"""


class TokenError(HuabaoError):
    """A token name is invalid, taken or unknown."""


class TokenInfo(BaseModel):
    """A stored token as `huabao tokens list` shows it (never the token itself)."""

    name: str
    admin: bool = False
    created_at: float


class Caller(BaseModel):
    """Who is calling: `identity` owns what they make (batches, posters, folders, templates)."""

    identity: str = Field(..., description="The owner key: a token's name, or sha256(token)[:16] for env tokens.")
    name: str = Field(..., description="What to show: the token's name.")
    admin: bool = Field(False, description="May edit the shared templates.")
    token_hash: str | None = Field(None, description="sha256 of the token: a UI session stays bound to it.")
    from_env: bool = Field(False, description="A HUABAO_API_TOKENS / HUABAO_ADMIN_TOKENS token (it has no name).")

    @property
    def local(self) -> bool:
        return self.identity == LOCAL_IDENTITY

    @property
    def template_owner(self) -> str | None:
        """Whose saved templates this caller uses besides the shared ones: None for an admin or the
        local user, who edit the shared ones; anyone else saves into their own folder."""
        return None if self.admin else self.identity


LOCAL_CALLER = Caller(identity=LOCAL_IDENTITY, name=LOCAL_IDENTITY, admin=True)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def env_identity(token: str) -> str:
    """The identity of a HUABAO_API_TOKENS token (unchanged since tokens were only in the env)."""
    return hash_token(token)[:16]


def tokens_path(settings: Settings) -> Path:
    return Path(settings.tokens_db) if settings.tokens_db else Path(settings.data_dir) / "tokens.sqlite3"


def check_name(name: str) -> str:
    name = (name or "").strip().lower()
    if not NAME_PATTERN.match(name):
        raise TokenError(f"'{name}' cannot be a token name: use 1-40 lowercase letters, digits, '-' or '_', "
                         "starting with a letter or digit")
    if name == LOCAL_IDENTITY or _ENV_IDENTITY.match(name):
        raise TokenError(f"'{name}' is reserved: choose another token name")
    return name


class TokenStore:
    """Named tokens in SQLite. Safe to share between threads and processes (the CLI adds while the
    server reads): each thread has its own connection and every change is one statement."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            self._local.db = db
        return db

    def add(self, name: str, *, admin: bool = False) -> str:
        """A new random token for `name`; returns it (the only time it is ever shown)."""
        name = check_name(name)
        token = "hb_" + secrets.token_urlsafe(32)
        try:
            self._db().execute("INSERT INTO tokens (name, token_hash, admin, created_at) VALUES (?, ?, ?, ?)",
                               (name, hash_token(token), int(admin), time.time()))
        except sqlite3.IntegrityError:
            raise TokenError(f"a token named '{name}' already exists; revoke it first to replace it") from None
        return token

    def list(self) -> list[TokenInfo]:
        rows = self._db().execute("SELECT name, admin, created_at FROM tokens ORDER BY name").fetchall()
        return [TokenInfo(name=r[0], admin=bool(r[1]), created_at=r[2]) for r in rows]

    def revoke(self, name: str) -> None:
        name = (name or "").strip().lower()
        if self._db().execute("DELETE FROM tokens WHERE name = ?", (name,)).rowcount == 0:
            raise TokenError(f"no token named '{name}'; `huabao tokens list` shows the names")

    def find(self, token: str) -> Caller | None:
        """The caller a token belongs to, or None. Looked up by hash: the token is never compared as text."""
        digest = hash_token(token)
        row = self._db().execute("SELECT name, admin FROM tokens WHERE token_hash = ?", (digest,)).fetchone()
        if row is None:
            return None
        return Caller(identity=row[0], name=row[0], admin=bool(row[1]), token_hash=digest)

    def holds(self, token_hash: str) -> bool:
        return self._db().execute("SELECT 1 FROM tokens WHERE token_hash = ?", (token_hash,)).fetchone() is not None

    def empty(self) -> bool:
        if not self.path.exists():  # do not create a database just to learn there is none
            return True
        return self._db().execute("SELECT 1 FROM tokens LIMIT 1").fetchone() is None


class Doorkeeper:
    """Resolves tokens to callers for one server: the env tokens and the store, read on every call
    (a token added or revoked with the CLI counts at once). Whether tokens are *required* is fixed
    when the server starts (`required`): a server started without any stays loopback-only."""

    def __init__(self, settings: Settings, store: TokenStore | None = None):
        self.settings = settings
        self.store = store or TokenStore(tokens_path(settings))
        self.required = tokens_configured(settings, self.store)

    def _env_callers(self, token: str) -> Caller | None:
        given = token.encode("utf-8", "surrogatepass")
        for admin, tokens in ((True, self.settings.admin_tokens), (False, self.settings.api_tokens)):
            for known in tokens:
                if hmac.compare_digest(given, known.encode("utf-8", "surrogatepass")):
                    identity = env_identity(known)
                    return Caller(identity=identity, name=identity, admin=admin, token_hash=hash_token(known),
                                  from_env=True)
        return None

    def resolve(self, token: str) -> Caller | None:
        token = (token or "").strip()
        if not token:
            return None
        return self._env_callers(token) or self.store.find(token)

    def still_valid(self, caller: Caller) -> bool:
        """False once the token a UI session logged in with is revoked (or left the env)."""
        if caller.local:
            return not self.required
        if caller.token_hash is None:
            return False
        if any(hash_token(t) == caller.token_hash for t in (*self.settings.admin_tokens, *self.settings.api_tokens)):
            return True
        return self.store.holds(caller.token_hash)


def tokens_configured(settings: Settings, store: TokenStore | None = None) -> bool:
    """Env tokens, admin tokens or any stored token: then every surface asks for one."""
    if settings.api_tokens or settings.admin_tokens:
        return True
    return not (store or TokenStore(tokens_path(settings))).empty()
