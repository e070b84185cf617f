"""Milvus collections through pymilvus `MilvusClient`, one set per generation.

Where: `HUABAO_MILVUS_URI` that is a file path (ending in .db) is milvus-lite, embedded in this
process (tests, one machine; it locks its file while open, so huabao processes open it when
they need it, keep it LITE_LINGER_S after their last operation, and take turns); `http(s)://host:19530` is a Milvus
standalone or distributed cluster, with `HUABAO_MILVUS_TOKEN` ("user:password" or an API key).
Unset, the store uses milvus-lite at `<index_dir>/milvus.db`.

Per generation `g` (copy-on-write, like the faiss files; manifest.json stays the commit point):
- `g{g}.ids.npy` in the index dir: item ids, ascending, so `ids()` / `count` need no round trip
  (and the generation number counts as used even if the run dies before the manifest switch);
- one collection per embedder field, `{prefix}_g{g}_{field}`: INT64 primary key `id` and one
  FLOAT_VECTOR `vector` (milvus-lite allows one float vector per collection; one layout for
  both). Search fields get the index type `choose_index_type` picks, mapped to what the
  server builds; other fields (colour) get FLAT. Metric IP. The collection's properties (and
  description, as JSON) record field, dim, backend, backend version, generation and count;
  `open` checks them against the manifest's state.

Collections of other generations are dropped by `cleanup`, after the manifest has switched, so
a crash before the switch leaves the previous generation whole. Approximate searches fetch more
candidates with their vectors and re-rank exactly, so every returned score is an exact inner
product, as with faiss.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import numpy as np

from tools.errors import GalleryError
from tools.procs import HolderLock, LockBusy
from tools.retrieval.stores.base import StoreConfig, VectorStore, VectorUpdate, choose_index_type, write_npy_atomic

log = logging.getLogger(__name__)

LITE_FILE = "milvus.db"
VECTOR = "vector"                 # the vector field of every collection
SERVER_SCHEMES = ("http://", "https://", "tcp://", "unix:")
# Index types: `choose_index_type` vocabulary → what the server builds. milvus-lite 3.x builds
# FLAT, HNSW, IVF_FLAT, IVF_SQ8 (and HNSW_SQ); it accepts IVF_PQ but never builds it, so the
# compressed type there is IVF_SQ8.
SERVER_INDEX = {"flat": "FLAT", "hnsw": "HNSW", "ivf": "IVF_FLAT", "ivfpq": "IVF_PQ"}
LITE_INDEX = {"flat": "FLAT", "hnsw": "HNSW", "ivf": "IVF_FLAT", "ivfpq": "IVF_SQ8"}
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 100
HNSW_EF_SEARCH = 192
IVF_NPROBE = 32
RERANK_FACTOR = 4             # approximate types fetch max(RERANK_MIN, k × this), re-ranked exactly
RERANK_MIN = 50
LIMIT_MAX = 16384             # Milvus's largest top-k (and query result window)
EXACT_SUBSET_MAX = 4096       # a tag filter this small is scored exactly on its own vectors
FETCH_IDS = 4096              # ids per query() round trip
INSERT_FLOATS = 2_000_000     # floats per insert() request (~8 MB of payload)
QUERY_BATCH = 256             # query vectors per search() request


def _pymilvus():
    try:
        import pymilvus
    except ImportError as err:
        raise GalleryError("the milvus vector store needs pymilvus: pip install -e '.[scale]'") from err
    return pymilvus


# ------------------------------------------------------------------------------ connections
class _Target:
    """Where the collections live: a milvus-lite file or a server URL (the token never shown)."""

    def __init__(self, index_dir: Path, config: StoreConfig | None):
        raw = (config.milvus_uri if config else None) or str(Path(index_dir).resolve() / LITE_FILE)
        self.token = (config.milvus_token if config else None) or ""
        if raw.startswith(SERVER_SCHEMES):
            self.kind = "server"
            self.uri = raw
            parsed = urlparse(raw)
            netloc = parsed.hostname or ""
            if parsed.port:
                netloc += f":{parsed.port}"
            self.display = urlunparse(parsed._replace(netloc=netloc)) if parsed.netloc else raw
        else:
            path = Path(raw).expanduser().resolve()
            if path.suffix != ".db":
                raise GalleryError(f"HUABAO_MILVUS_URI={raw}: a milvus-lite file must end in .db; "
                                   "a Milvus server is http(s)://host:19530")
            path.parent.mkdir(parents=True, exist_ok=True)
            self.kind = "lite"
            self.uri = self.display = str(path)

    @property
    def key(self) -> tuple[str, str]:
        return self.uri, self.token

    @property
    def index_types(self) -> dict[str, str]:
        return LITE_INDEX if self.kind == "lite" else SERVER_INDEX


_POOL: dict[tuple[str, str], list[Any]] = {}   # (uri, token) → [MilvusClient, users, lite turn file, linger timer]
_POOL_LOCK = threading.Lock()
LITE_WAIT_S = 120.0   # how long a process waits for its turn at a milvus-lite file
# An idle milvus-lite file stays open this long, so a burst of searches (a brief, a benchmark)
# pays the open and the collection load once; then it is closed and another process may take it.
LITE_LINGER_S = 2.0


def _take_lite_turn(target: _Target) -> HolderLock:
    """milvus-lite keeps an exclusive lock on its .db for as long as a process has it open, so
    huabao processes (a server, batch workers, an index run) open it only while they use it and
    take turns through a lock file of their own: waiting here, instead of failing in milvus-lite.
    The turn names its holder: a turn left by a killed process is taken over (tools/procs.py)."""
    turn = HolderLock(Path(f"{target.uri}.huabao-turn"))
    deadline = time.monotonic() + LITE_WAIT_S
    while True:
        try:
            turn.acquire()
            return turn
        except LockBusy:
            if time.monotonic() > deadline:
                raise GalleryError(
                    f"milvus-lite at {target.display} stayed busy for {LITE_WAIT_S:.0f} s (another huabao process "
                    "is writing it, e.g. a long `huabao index`); try again, or set HUABAO_MILVUS_URI to a "
                    "Milvus server") from None
            time.sleep(0.02)


def _acquire(target: _Target) -> Any:
    """One MilvusClient per (uri, token) per process, shared and counted. A milvus-lite file is
    opened when the count leaves 0 and closed when it returns there (see `_take_lite_turn`)."""
    pymilvus = _pymilvus()
    with _POOL_LOCK:
        entry = _POOL.get(target.key)
        if entry is not None:
            if entry[3] is not None:  # a lingering milvus-lite connection: in use again
                entry[3].cancel()
                entry[3] = None
            entry[1] += 1
            return entry[0]
        turn = _take_lite_turn(target) if target.kind == "lite" else None
        try:
            client = pymilvus.MilvusClient(uri=target.uri, token=target.token)
        except pymilvus.MilvusException as err:
            if turn is not None:
                turn.release()
            if target.kind == "lite":
                raise GalleryError(
                    f"cannot open milvus-lite at {target.display}: is a process other than huabao using it? "
                    f"Stop it, or set HUABAO_MILVUS_URI to a Milvus server ({err.message})") from err
            raise GalleryError(f"cannot reach Milvus at {target.display} ({err.message}): check HUABAO_MILVUS_URI "
                               "and HUABAO_MILVUS_TOKEN") from err
        _POOL[target.key] = [client, 1, turn, None]
        return client


def _release(target: _Target) -> None:
    with _POOL_LOCK:
        entry = _POOL.get(target.key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        if target.kind == "lite" and LITE_LINGER_S > 0:
            entry[3] = threading.Timer(LITE_LINGER_S, _close_if_idle, args=(target,))
            entry[3].daemon = True
            entry[3].start()
            return
        _close_locked(target, entry)


def _close_if_idle(target: _Target) -> None:
    with _POOL_LOCK:
        entry = _POOL.get(target.key)
        if entry is not None and entry[1] == 0:
            _close_locked(target, entry)


def close_idle_connections() -> None:
    """Close every connection nobody is using now (lingering milvus-lite files included)."""
    with _POOL_LOCK:
        for key, entry in list(_POOL.items()):
            if entry[1] == 0:
                _close_locked(_target_of(key), entry)


def _target_of(key: tuple[str, str]) -> _Target:
    target = _Target.__new__(_Target)
    target.uri, target.token = key
    target.kind = "server" if key[0].startswith(SERVER_SCHEMES) else "lite"
    target.display = key[0]
    return target


def _close_locked(target: _Target, entry: list[Any]) -> None:
    """Under the pool lock: a thread opening the same file must not race the server being stopped."""
    if entry[3] is not None:
        entry[3].cancel()
    _POOL.pop(target.key, None)
    with contextlib.suppress(Exception):
        entry[0].close()
    if target.kind == "lite":  # stop the embedded server: frees its threads and its file lock
        with contextlib.suppress(Exception):
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(target.uri)
    if entry[2] is not None:
        entry[2].release()  # the next process's turn


@contextlib.contextmanager
def _connection(target: _Target) -> Iterator[Any]:
    client = _acquire(target)
    try:
        yield client
    finally:
        _release(target)


@contextlib.contextmanager
def _milvus_errors(target: _Target, action: str):
    pymilvus = _pymilvus()
    try:
        yield
    except pymilvus.MilvusException as err:
        raise GalleryError(f"Milvus at {target.display} failed to {action}: {err.message}") from err


# ------------------------------------------------------------------------------ naming
def default_prefix(index_dir: Path) -> str:
    """Collection prefix of an index: its folder on this host (a shared server holds many)."""
    digest = hashlib.sha1(f"{socket.gethostname()}:{Path(index_dir).resolve()}".encode()).hexdigest()[:12]
    return f"huabao_{digest}"


def collection_name(prefix: str, generation: int, field: str) -> str:
    return f"{prefix}_g{generation}_{re.sub(r'[^A-Za-z0-9_]', '_', field)}"


def _properties(field: str, dim: int, generation: int, count: int, meta: dict[str, str]) -> dict[str, str]:
    return {"huabao.field": field, "huabao.dim": str(dim), "huabao.generation": str(generation),
            "huabao.count": str(count), "huabao.backend": str(meta.get("backend", "")),
            "huabao.backend_version": str(meta.get("backend_version", ""))}


def _index_params(milvus_type: str, count: int, dim: int) -> dict[str, Any]:
    nlist = int(max(1, min(65536, 4 * np.sqrt(max(count, 1)), count // 39)))
    if milvus_type == "HNSW":
        return {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION}
    if milvus_type in ("IVF_FLAT", "IVF_SQ8"):
        return {"nlist": nlist}
    if milvus_type == "IVF_PQ":
        m = next(m for m in (dim // 8, dim // 4, dim // 2, dim, 1) if m and dim % m == 0)
        return {"nlist": nlist, "m": m, "nbits": 8}
    return {}


def _search_params(milvus_type: str, limit: int) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if milvus_type.startswith("HNSW"):
        params = {"ef": max(HNSW_EF_SEARCH, limit)}
    elif milvus_type.startswith("IVF"):
        params = {"nprobe": IVF_NPROBE}
    return {"metric_type": "IP", "params": params}


def _id_filter(ids: np.ndarray) -> str:
    return f"id in [{','.join(str(int(i)) for i in ids)}]"


def _allowed_filter(allowed: np.ndarray, all_ids: np.ndarray) -> str:
    """A Milvus filter for `allowed` (a subset of `all_ids`), written the shorter way round."""
    if len(allowed) == len(all_ids):
        return ""
    if len(allowed) > len(all_ids) // 2:
        return f"id not in [{','.join(str(int(i)) for i in np.setdiff1d(all_ids, allowed))}]"
    return _id_filter(allowed)


# ------------------------------------------------------------------------------ the store
class MilvusStore(VectorStore):
    name = "milvus"

    def __init__(self, target: _Target, client: Any, ids: np.ndarray, state: dict[str, Any]):
        self._target = target
        self._client = client
        self._ids = ids
        self._state = state
        self._closed = False
        self._lock = threading.Lock()

    # -- reading
    @classmethod
    def open(cls, index_dir: Path, state: dict[str, Any], *, use_gpu: bool = True,
             config: StoreConfig | None = None) -> MilvusStore:
        index_dir = Path(index_dir)
        try:
            ids = np.asarray(np.load(index_dir / state["ids"]), np.int64)
            fields = state["fields"]
        except (OSError, KeyError, ValueError) as err:
            raise GalleryError(f"the gallery index in {index_dir} is damaged ({err}); re-run huabao index") from err
        target = _Target(index_dir, config)
        if target.kind == "lite":  # opened per operation, so other processes get their turns
            with _connection(target) as client:
                for field, spec in fields.items():
                    cls._check_collection(target, client, field, spec, state, len(ids))
            return cls(target, None, ids, state)
        client = _acquire(target)
        try:
            for field, spec in fields.items():
                cls._check_collection(target, client, field, spec, state, len(ids))
        except BaseException:
            _release(target)
            raise
        return cls(target, client, ids, state)

    @contextlib.contextmanager
    def _session(self, collection: str) -> Iterator[Any]:
        """The client for one operation on `collection`: the held one for a server; for
        milvus-lite, the file opened for this operation (and the collection loaded)."""
        if self._client is not None:
            yield self._client
            return
        with _connection(self._target) as client:
            with _milvus_errors(self._target, f"load {collection}"):
                client.load_collection(collection)
            yield client

    @staticmethod
    def _check_collection(target: _Target, client: Any, field: str, spec: dict[str, Any],
                          state: dict[str, Any], count: int) -> None:
        name = spec["collection"]
        written = state.get("uri", "?")
        with _milvus_errors(target, f"open collection {name}"):
            if not client.has_collection(name):
                raise GalleryError(
                    f"Milvus at {target.display} has no collection {name} (this index's generation "
                    f"{state.get('generation')} was written to {written}): check HUABAO_MILVUS_URI, or re-run "
                    "`huabao index DIR`")
            described = client.describe_collection(name)
            props = dict(described.get("properties") or {})
            if "huabao.field" not in props:
                with contextlib.suppress(ValueError, TypeError):
                    props = json.loads(described.get("description") or "{}")
            dims = [f.get("params", {}).get("dim") for f in described.get("fields", []) if f.get("name") == VECTOR]
            expected = _properties(field, spec["dim"], state.get("generation", -1), count, state.get("meta", {}))
            wrong = [f"{key[7:]} {props.get(key)!r} (expected {value!r})" for key, value in expected.items()
                     if str(props.get(key)) != value]
            if dims and dims[0] is not None and int(dims[0]) != int(spec["dim"]):
                wrong.append(f"vector dimension {dims[0]} (expected {spec['dim']})")
            if wrong:
                raise GalleryError(
                    f"Milvus collection {name} at {target.display} does not match this index: {'; '.join(wrong)}. "
                    "It was overwritten or belongs to another index: re-run `huabao index DIR` (or check "
                    "HUABAO_MILVUS_URI)")
            client.load_collection(name)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._client is not None:
            _release(self._target)

    def __del__(self) -> None:  # a store dropped without close() still gives its connection back
        with contextlib.suppress(Exception):
            self.close()

    @property
    def count(self) -> int:
        return int(len(self._ids))

    @property
    def index_type(self) -> str:
        return self._state.get("index_type", "flat")

    @property
    def state(self) -> dict[str, Any]:
        return self._state

    def ids(self) -> np.ndarray:
        return self._ids

    def fields(self) -> list[str]:
        return list(self._state["fields"])

    def _spec(self, field: str) -> dict[str, Any]:
        spec = self._state["fields"].get(field)
        if spec is None:
            raise GalleryError(f"the index has no '{field}' vectors (built with another backend?)")
        return spec

    def _check_ids(self, ids: np.ndarray) -> None:
        if len(ids) == 0:
            return
        rows = np.minimum(np.searchsorted(self._ids, ids), max(len(self._ids) - 1, 0))
        if len(self._ids) == 0 or not np.array_equal(self._ids[rows], ids):
            raise KeyError("unknown item id")

    def vectors(self, field: str, ids: np.ndarray) -> np.ndarray:
        spec = self._spec(field)
        ids = np.asarray(ids, dtype=np.int64)
        dim = int(spec["dim"])
        if len(ids) == 0:
            return np.zeros((0, dim), np.float32)
        self._check_ids(ids)
        unique = np.unique(ids)
        matrix = np.empty((len(unique), dim), np.float32)
        name = spec["collection"]
        with self._session(name) as client, _milvus_errors(self._target, f"read vectors from {name}"):
            for start in range(0, len(unique), FETCH_IDS):
                chunk = unique[start:start + FETCH_IDS]
                rows = client.query(name, filter=_id_filter(chunk), output_fields=["id", VECTOR],
                                          limit=len(chunk))
                if len(rows) != len(chunk):
                    raise GalleryError(f"Milvus collection {name} at {self._target.display} lacks "
                                       f"{len(chunk) - len(rows)} of the items this index lists: "
                                       "re-run `huabao index DIR`")
                got = np.fromiter((int(r["id"]) for r in rows), np.int64, len(rows))
                matrix[np.searchsorted(unique, got)] = np.asarray([r[VECTOR] for r in rows], np.float32)
        return matrix[np.searchsorted(unique, ids)]

    def search(self, field: str, queries: np.ndarray, k: int, allowed: np.ndarray | None = None):
        spec = self._spec(field)
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if queries.shape[1] != int(spec["dim"]):
            raise GalleryError(f"field {field}: queries have {queries.shape[1]} dimensions, "
                               f"the index has {spec['dim']}")
        k = max(1, int(k))
        scores_out = np.full((len(queries), k), -np.inf, np.float32)
        ids_out = np.full((len(queries), k), -1, np.int64)
        approximate = spec["index"] != "FLAT"
        expression = ""
        if allowed is not None:
            allowed = np.intersect1d(np.asarray(allowed, np.int64), self._ids)
            if len(allowed) == 0:
                return scores_out, ids_out
            if approximate and len(allowed) <= EXACT_SUBSET_MAX:
                return self._exact(field, queries, k, allowed)
            expression = _allowed_filter(allowed, self._ids)
        if self.count == 0:
            return scores_out, ids_out
        limit = min(LIMIT_MAX, max(RERANK_MIN, k * RERANK_FACTOR) if approximate else k)
        name = spec["collection"]
        with self._session(name) as client, _milvus_errors(self._target, f"search {name}"):
            for start in range(0, len(queries), QUERY_BATCH):
                batch = queries[start:start + QUERY_BATCH]
                results = client.search(
                    name, data=batch.tolist(), anns_field=VECTOR, limit=limit, filter=expression,
                    search_params=_search_params(spec["index"], limit),
                    output_fields=[VECTOR] if approximate else [])
                for offset, hits in enumerate(results):
                    q = start + offset
                    if not hits:
                        continue
                    found = np.fromiter((int(h["id"]) for h in hits), np.int64, len(hits))
                    if approximate:  # exact inner products of the fetched candidates
                        vectors = np.asarray([h["entity"][VECTOR] for h in hits], np.float32)
                        scores = vectors @ queries[q]
                    else:
                        scores = np.fromiter((float(h["distance"]) for h in hits), np.float32, len(hits))
                    order = np.argsort(-scores, kind="stable")[:k]
                    scores_out[q, :len(order)] = scores[order]
                    ids_out[q, :len(order)] = found[order]
        return scores_out, ids_out

    def _exact(self, field: str, queries: np.ndarray, k: int, ids: np.ndarray):
        matrix = self.vectors(field, ids)
        scores = queries @ matrix.T
        take = min(k, len(ids))
        scores_out = np.full((len(queries), k), -np.inf, np.float32)
        ids_out = np.full((len(queries), k), -1, np.int64)
        for q in range(len(queries)):
            order = np.argsort(-scores[q], kind="stable")[:take]
            scores_out[q, :take] = scores[q, order]
            ids_out[q, :take] = ids[order]
        return scores_out, ids_out

    # -- writing
    @classmethod
    def write(cls, index_dir: Path, generation: int, fields: dict[str, int], update: VectorUpdate,
              previous: VectorStore | None, *, index_type: str = "auto", search_fields: tuple[str, ...] = (),
              config: StoreConfig | None = None, meta: dict[str, str] | None = None) -> dict[str, Any]:
        pymilvus = _pymilvus()
        index_dir = Path(index_dir)
        index_dir.mkdir(parents=True, exist_ok=True)
        meta = {k: str(v) for k, v in (meta or {}).items()}
        prev_ids = previous.ids() if previous is not None else np.zeros(0, np.int64)
        removed = np.asarray(update.removed, np.int64)
        new_ids = np.asarray(update.ids, np.int64)
        for field, dim in fields.items():  # refuse bad input before creating anything
            if len(new_ids):
                shape = np.shape(update.vectors.get(field, np.zeros((0, 0))))
                if shape != (len(new_ids), dim):
                    raise GalleryError(f"field {field}: got vectors of shape {shape}, expected ({len(new_ids)}, {dim})")
        kept_ids = np.asarray(prev_ids[~np.isin(prev_ids, np.concatenate([removed, new_ids]))], np.int64)
        final_ids = np.union1d(kept_ids, new_ids).astype(np.int64)
        kind = choose_index_type(len(final_ids), index_type)
        new_order = np.argsort(new_ids, kind="stable")
        new_sorted = new_ids[new_order]

        target = _Target(index_dir, config)
        if isinstance(previous, MilvusStore) and previous._target.uri == target.uri:
            prefix = previous.state.get("prefix") or default_prefix(index_dir)
        else:
            prefix = default_prefix(index_dir)
        ids_file = f"g{generation}.ids.npy"
        write_npy_atomic(index_dir / ids_file, final_ids)  # first: the generation number is now taken

        state_fields: dict[str, dict[str, Any]] = {}
        client = _acquire(target)
        try:
            for field, dim in fields.items():
                name = collection_name(prefix, generation, field)
                milvus_type = target.index_types[kind] if field in search_fields and len(final_ids) else "FLAT"
                props = _properties(field, dim, generation, len(final_ids), meta)
                with _milvus_errors(target, f"create collection {name}"):
                    if client.has_collection(name):  # left by a run that died before its commit
                        client.drop_collection(name)
                    schema = pymilvus.MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False,
                                                                 description=json.dumps(props))
                    schema.add_field("id", pymilvus.DataType.INT64, is_primary=True)
                    schema.add_field(VECTOR, pymilvus.DataType.FLOAT_VECTOR, dim=dim)
                    client.create_collection(name, schema=schema, consistency_level="Strong", properties=props)
                    params = client.prepare_index_params()
                    params.add_index(field_name=VECTOR, index_type=milvus_type, metric_type="IP",
                                     params=_index_params(milvus_type, len(final_ids), dim))
                    client.create_index(name, params, sync=False)  # built as segments seal; no polling
                state_fields[field] = {"collection": name, "dim": int(dim), "index": milvus_type,
                                       "search": field in search_fields}
                rows_per_insert = max(1, INSERT_FLOATS // max(dim, 1))
                with _milvus_errors(target, f"insert into {name}"):
                    for start in range(0, len(final_ids), rows_per_insert):
                        chunk = final_ids[start:start + rows_per_insert]
                        matrix = cls._gather(field, dim, chunk, new_sorted, new_order, update, previous)
                        client.insert(name, [{"id": int(i), VECTOR: row} for i, row in zip(chunk, matrix.tolist())])
                    client.flush(name)
                    client.load_collection(name)
        finally:
            _release(target)
        return {"ids": ids_file, "files": [ids_file], "uri": target.display, "uri_kind": target.kind,
                "prefix": prefix, "generation": int(generation), "fields": state_fields, "index_type": kind,
                "count": int(len(final_ids)), "meta": meta}

    @staticmethod
    def _gather(field: str, dim: int, chunk: np.ndarray, new_sorted: np.ndarray, new_order: np.ndarray,
                update: VectorUpdate, previous: VectorStore | None) -> np.ndarray:
        """Rows of `chunk` (ascending ids): the update's vectors for new ids, else the previous store's."""
        matrix = np.empty((len(chunk), dim), np.float32)
        if len(new_sorted):
            pos = np.minimum(np.searchsorted(new_sorted, chunk), len(new_sorted) - 1)
            is_new = new_sorted[pos] == chunk
        else:
            pos, is_new = np.zeros(len(chunk), np.int64), np.zeros(len(chunk), bool)
        if is_new.any():
            matrix[is_new] = np.asarray(update.vectors[field], np.float32)[new_order[pos[is_new]]]
        if (~is_new).any():
            matrix[~is_new] = previous.vectors(field, chunk[~is_new])
        return matrix

    # -- cleaning up
    @classmethod
    def cleanup(cls, index_dir: Path, keep: dict[str, Any] | None, *, replaced: dict[str, Any] | None = None,
                config: StoreConfig | None = None) -> None:
        """Drop this index's collections other than the committed generation's (best effort:
        the commit is already done, a failure here only leaves garbage for the next run)."""
        try:
            target = _Target(index_dir, config)
        except GalleryError as err:
            log.warning("milvus cleanup skipped: %s", err)
            return
        if target.kind == "lite" and not Path(target.uri).exists():
            return
        keep_names = {spec["collection"] for spec in (keep or {}).get("fields", {}).values()}
        prefixes = {default_prefix(index_dir)} | {s["prefix"] for s in (keep, replaced) if s and s.get("prefix")}
        stale_re = re.compile(rf"^(?:{'|'.join(re.escape(p) for p in sorted(prefixes))})_g\d+_")
        try:
            client = _acquire(target)
        except GalleryError as err:
            log.warning("milvus cleanup skipped: %s", err)
            return
        try:
            for name in client.list_collections():
                if stale_re.match(name) and name not in keep_names:
                    client.drop_collection(name)
        except Exception as err:  # noqa: BLE001 - garbage is dropped by the next run's cleanup
            log.warning("milvus cleanup of %s stopped: %s", target.display, err)
        finally:
            _release(target)


def collections_of(index_dir: Path, config: StoreConfig | None = None) -> list[str]:
    """This index's collections at the configured URI (for `huabao doctor` and tests)."""
    target = _Target(index_dir, config)
    client = _acquire(target)
    try:
        prefix = default_prefix(index_dir)
        return sorted(n for n in client.list_collections() if n.startswith(prefix + "_g"))
    finally:
        _release(target)
