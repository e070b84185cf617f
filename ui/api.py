"""The REST API: posters one at a time or a hundred at a time, behind bearer tokens.

Every route calls `agent.batch.BatchService`: a single poster is a batch of one with priority,
so the API process never runs a model itself and a poster survives a restart like any brief.
Errors come back as `{"detail": "<a sentence>"}`; nothing here answers with a stack trace.
"""
from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute, Match, Mount

from agent.batch import BatchService, BatchState, BriefRequest, BriefState, IdempotencyConflict
from tools.config import Settings
from tools.errors import BackendUnavailable, GalleryError, HuabaoError
from tools.text import readable
from tools.tokens import LOCAL_CALLER, Caller, Doorkeeper

log = logging.getLogger("huabao.api")

POSTER_WAIT_S = 600.0  # past this a poster request answers 202 with the job to poll
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
DRAIN_CAP = 64 * 1024 * 1024  # read at most this much of an oversized body before answering 413
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
USERS_FOLDER = "users"  # <output>/users/<identity>/: what the UI made for each identity


# ============================================================================ bodies and answers
class ErrorBody(BaseModel):
    detail: str = Field(..., description="What went wrong, in a sentence.")
    errors: list[dict[str, Any]] | None = Field(None, description="Field-level problems, when the body is invalid.")


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    briefs: list[BriefRequest] = Field(..., description="Each item is shaped like the body of POST /v1/posters.")


class OutputFiles(BaseModel):
    model_config = ConfigDict(extra="allow")
    png: str | None = Field(None, description="Path under the output folder.")
    psd: str | None = Field(None, description="The layered PSD; a batch poster's is made on the first "
                                              "request of psd_url (results.zip holds every one).")
    spec: str | None = None
    svg: str | None = Field(None, description="SVG with live text, made like the PSD.")
    png_url: str | None = None
    psd_url: str | None = None
    spec_url: str | None = None
    svg_url: str | None = None
    subject: str | None = None
    problems: list[dict[str, Any]] = Field(default_factory=list)


class PosterResponse(BaseModel):
    """The `huabao make --json` object, with file paths relative to the output folder and URLs."""

    model_config = ConfigDict(extra="allow")
    id: str = Field(..., description="The job id (GET /v1/batches/{id} shows it too).")
    brief: dict[str, Any] = Field(default_factory=dict)
    template: str | None = None
    references: list[str] = Field(default_factory=list)
    backends: dict[str, str] = Field(default_factory=dict)
    rounds: int = 0
    problems: list[dict[str, Any]] = Field(default_factory=list)
    outputs: list[OutputFiles] = Field(default_factory=list)
    planner: str | None = None
    notes: list[str] = Field(default_factory=list)
    seconds: float | None = None


class JobAccepted(BaseModel):
    id: str
    status: str
    total: int
    status_url: str
    results_url: str


class BriefProgress(BaseModel):
    index: int = Field(..., description="0-based position in the submitted list.")
    brief: str
    status: str = Field(..., description="queued | running | done | failed | canceled")
    attempts: int
    seconds: float | None = None
    error: str | None = None
    template: str | None = None
    outputs: list[OutputFiles] = Field(default_factory=list)
    backends: dict[str, str] = Field(default_factory=dict)
    problems: list[dict[str, Any]] = Field(default_factory=list)


class BatchResponse(BaseModel):
    id: str
    kind: str = Field(..., description="batch | poster")
    status: str = Field(..., description="queued | running | done (every brief finished) | failed (none made a poster)")
    total: int
    counts: dict[str, int]
    progress: float = Field(..., description="Share of briefs finished, 0–1.")
    created_at: float
    finished_at: float | None = None
    results_url: str
    briefs: list[BriefProgress]


ERRORS = {
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token."},
    413: {"model": ErrorBody, "description": "The body is over HUABAO_MAX_BODY_BYTES."},
    422: {"model": ErrorBody, "description": "The body is invalid or over a limit."},
    400: {"model": ErrorBody, "description": "The body is not valid JSON."},
}


# ============================================================================ auth
_bearer = HTTPBearer(auto_error=False, description="A token from `huabao tokens add` or HUABAO_API_TOKENS.")


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def verify_caller(door: Doorkeeper, authorization: str | None, client_host: str | None) -> Caller:
    """Who is calling, from an `Authorization` header; raises 401. With no token configured only
    loopback clients get in (the server binds to 127.0.0.1 then; this guards an app mounted some
    other way). Any surface on the app (the MCP mount too) can call this with raw headers."""
    if not door.required:
        if client_host not in LOOPBACK:
            raise _unauthorized("no API token is configured, so only local clients may call; "
                                "add one with `huabao tokens add NAME` to allow others")
        return LOCAL_CALLER
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise _unauthorized("missing bearer token: send 'Authorization: Bearer <token>'")
    caller = door.resolve(given)
    if caller is None:
        raise _unauthorized("wrong bearer token")
    return caller


def authenticator(settings: Settings, door: Doorkeeper | None = None):
    """The FastAPI dependency: `verify_caller` on the request (and the bearer scheme in the docs)."""
    door = door or Doorkeeper(settings)

    def check(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Caller:
        # `credentials` is declared so OpenAPI shows the bearer scheme; the header is parsed once, below
        return verify_caller(door, request.headers.get("authorization"),
                             request.client.host if request.client else None)

    return check


# ============================================================================ ownership
def may_see(caller: Caller, owner: str | None) -> bool:
    """Each identity sees only what it made. Things made before owners were recorded (or by the
    machine's own user outside the server) belong to no one: admins and local callers see them."""
    if caller.local:
        return True  # no tokens: only the machine's own user can reach the server
    if owner is None:
        return caller.admin
    return owner == caller.identity


def user_folder(settings: Settings, identity: str) -> Path:
    """Where an identity's UI work goes (chat posters, template previews): `<output>/users/<identity>`."""
    return Path(settings.output_dir) / USERS_FOLDER / identity


def output_owner(service: BatchService, relative: str) -> str | None:
    """Who owns a file under the output folder, from its path: `users/<identity>/…` is that
    identity's; `posters/<batch>/…` and `batches/<batch>/…` belong to whoever submitted the batch
    (the job store says); anything else belongs to no one."""
    parts = relative.split("/")
    if len(parts) >= 3 and parts[0] == USERS_FOLDER:
        return parts[1]
    if len(parts) >= 2 and parts[0] in ("posters", "batches"):
        return service.store.identity_of(parts[1])[1]
    return None


def may_read_output(caller: Caller, service: BatchService, settings: Settings, file: Path) -> bool:
    """Whether `caller` may download `file` (a resolved path under the output folder)."""
    if caller.local:
        return True
    try:
        relative = file.resolve().relative_to(Path(settings.output_dir).resolve()).as_posix()
    except (ValueError, OSError):
        return False
    return may_see(caller, output_owner(service, relative))


# ============================================================================ asset paths
def resolve_asset(root: Path, path: str) -> Path | None:
    """A file under `root`, or None for anything else: `..`, absolute paths, hidden parts
    (`.work`), NUL bytes, backslashes, and symlinks that lead out of `root`."""
    from tools.paths import PathRefused, confine

    if not path or path.startswith("/"):
        return None
    if any(part in ("", ".", "..") or part.startswith(".") for part in path.split("/")):
        return None
    try:  # the one confinement rule: NUL, backslashes, over-long names, unencodable text, symlinks out
        candidate = confine(path, [root])
    except PathRefused:
        return None
    try:
        return candidate if candidate.is_file() else None
    except OSError:  # a name the file system refuses to look up
        return None


def editable_asset(service: BatchService, path: str, may_read: Callable[[Path], bool]) -> Path | None:
    """The PSD or SVG `path` names, made from the spec beside it when a lean batch left it to be
    made on demand, and kept there for the next request; None when there is no such spec or
    `may_read` refuses it (nothing is drawn for a caller who may not see the poster)."""
    from tools.paths import allowed_roots

    stem, dot, kind = path.rpartition(".")
    if not dot or kind.lower() not in ("psd", "svg"):
        return None
    spec = resolve_asset(service.settings.output_dir, f"{stem}.spec.json")
    if spec is None or not may_read(spec):
        return None
    # the spec is a file under the output folder: its sources and fonts held to the local folders
    return service.editable_file(spec, kind.lower(), roots=allowed_roots(service.settings))


def asset_url(settings: Settings, path: str | None) -> str | None:
    if not path:
        return None
    try:
        relative = Path(path).resolve().relative_to(settings.output_dir.resolve())
    except (ValueError, OSError):
        return None
    return "/v1/assets/" + quote(relative.as_posix())


def _relative_to_output(settings: Settings, path: str | None) -> str | None:
    if not path:
        return path
    try:
        return Path(path).resolve().relative_to(settings.output_dir.resolve()).as_posix()
    except (ValueError, OSError):
        return None  # never hand out server paths outside the output folder


def output_files(settings: Settings, outputs: list[dict[str, Any]]) -> list[OutputFiles]:
    files = []
    for out in outputs:
        entry = {k: v for k, v in out.items() if k not in ("png", "psd", "spec", "svg")}
        for key in ("png", "psd", "spec", "svg"):
            entry[key] = _relative_to_output(settings, out.get(key))
            entry[f"{key}_url"] = asset_url(settings, out.get(key))
        files.append(OutputFiles(**entry))
    return files


def brief_progress(settings: Settings, brief: BriefState) -> BriefProgress:
    result = brief.result or {}
    return BriefProgress(index=brief.index, brief=brief.brief, status=brief.status, attempts=brief.attempts,
                         seconds=brief.seconds, error=brief.error, template=result.get("template"),
                         outputs=output_files(settings, brief.outputs), backends=result.get("backends") or {},
                         problems=result.get("problems") or [])


def batch_response(settings: Settings, state: BatchState) -> BatchResponse:
    return BatchResponse(id=state.id, kind=state.kind, status=state.status, total=state.total, counts=state.counts,
                         progress=round(state.progress, 4), created_at=state.created_at,
                         finished_at=state.finished_at, results_url=f"/v1/batches/{state.id}/results.zip",
                         briefs=[brief_progress(settings, b) for b in state.briefs])


def accepted(state: BatchState) -> JobAccepted:
    return JobAccepted(id=state.id, status=state.status, total=state.total, status_url=f"/v1/batches/{state.id}",
                       results_url=f"/v1/batches/{state.id}/results.zip")


# ============================================================================ routes
def build_router(settings: Settings, service: BatchService, door: Doorkeeper | None = None) -> APIRouter:
    auth = authenticator(settings, door)  # one callable: FastAPI runs it once per request however often it is named
    router = APIRouter(prefix="/v1", dependencies=[Depends(auth)], responses={401: ERRORS[401]})

    @router.post("/posters", response_model=PosterResponse, tags=["posters"],
                 responses={202: {"model": JobAccepted, "description": "Still running after the wait: poll status_url."},
                            **{c: ERRORS[c] for c in (400, 413, 422)},
                            503: {"model": ErrorBody, "description": "A backend is not available on this server."}})
    async def make_poster(body: BriefRequest, caller: Caller = Depends(auth)) -> Any:
        """One brief → finished posters, synchronously: the `huabao make --json` object with asset URLs."""
        state, _ = await run_in_threadpool(functools.partial(service.submit, [body], kind="poster",
                                                             identity=caller.identity))
        state = await _wait(service, state.id, POSTER_WAIT_S)
        brief = state.briefs[0]
        if brief.status == "done":
            result = dict(brief.result or {})
            result["outputs"] = output_files(settings, brief.outputs)
            return PosterResponse(id=state.id, **{k: v for k, v in result.items() if k != "id"})
        if not state.finished:
            return JSONResponse(accepted(state).model_dump(), status_code=202)
        code = {"input": 422, "unavailable": 503}.get(brief.error_kind or "", 500)
        return JSONResponse({"detail": brief.error or "the poster could not be made"}, status_code=code)

    @router.post("/batches", status_code=202, response_model=JobAccepted, tags=["batches"],
                 responses={409: {"model": ErrorBody, "description": "Idempotency-Key reused with another body."},
                            **{c: ERRORS[c] for c in (400, 413, 422)}})
    def submit_batch(body: BatchRequest, caller: Caller = Depends(auth),
                     idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200,
                                                          description="Same key → the same batch, not a second one.")
                     ) -> Any:
        """Queue many briefs; poll `status_url`, then download `results_url`."""
        # keys are per token: two clients picking the same key never see each other's batch
        key = f"{caller.identity}:{idempotency_key}" if idempotency_key is not None else None
        body_hash = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
        state, created = service.submit(body.briefs, kind="batch", idempotency_key=key, request_hash=body_hash,
                                        identity=caller.identity)
        headers = {} if created else {"Idempotent-Replayed": "true"}
        return JSONResponse(accepted(state).model_dump(), status_code=202, headers=headers)

    @router.get("/batches/{batch_id}", response_model=BatchResponse, tags=["batches"],
                responses={404: {"model": ErrorBody, "description": "No such batch."}})
    def get_batch(batch_id: str, caller: Caller = Depends(auth)) -> BatchResponse:
        """Progress of a batch: its status, counts and every brief's status, outputs and error."""
        state = service.status(batch_id)
        if state is None or not may_see(caller, state.identity):  # another's batch: 404, so ids leak nothing
            raise HTTPException(404, "no such batch")
        return batch_response(settings, state)

    @router.get("/batches/{batch_id}/results.zip", tags=["batches"], response_class=StreamingResponse,
                responses={200: {"content": {"application/zip": {}}, "description": "Reports and posters."},
                           404: {"model": ErrorBody, "description": "No such batch."}})
    def get_results(batch_id: str, caller: Caller = Depends(auth)) -> StreamingResponse:
        """report.json, report.csv and the files of every finished brief (partial while running)."""
        exists, owner = service.store.identity_of(batch_id)
        if not exists or not may_see(caller, owner):
            raise HTTPException(404, "no such batch")
        path = service.results_zip(batch_id)
        if path is None:
            raise HTTPException(404, "no such batch")
        # opened here: a later rebuild replaces the file, never the archive this response is sending
        handle = path.open("rb")
        size = os.fstat(handle.fileno()).st_size
        return StreamingResponse(_chunks(handle), media_type="application/zip", headers={
            "Content-Length": str(size), "Content-Disposition": f'attachment; filename="huabao-{batch_id}.zip"'})

    @router.get("/assets/{path:path}", tags=["assets"], response_class=FileResponse,
                responses={200: {"content": {"image/png": {}, "application/octet-stream": {}}},
                           404: {"model": ErrorBody, "description": "Not a file under the output folder."},
                           422: {"model": ErrorBody, "description": "A PSD or SVG made on demand could not be made "
                                                                    "from its spec (the sentence says why)."}})
    def get_asset(path: str, caller: Caller = Depends(auth)) -> FileResponse:
        """A file under the output folder (posters, PSDs, specs, zips); anything else is 404. A
        batch poster's PSD or SVG is made from its spec on the first request and kept beside it."""
        file = resolve_asset(settings.output_dir, path)
        if file is None:
            file = editable_asset(service, path, lambda spec: may_read_output(caller, service, settings, spec))
        if file is None or not may_read_output(caller, service, settings, file):  # another's file: the same 404
            raise HTTPException(404, "not found")
        if file.suffix.lower() == ".svg":  # an SVG opened from here may show its images, never run anything
            return FileResponse(file, headers={"Content-Security-Policy": "default-src 'none'; img-src data:"})
        return FileResponse(file)

    return router


def _chunks(handle: Any, size: int = 1 << 20) -> Iterator[bytes]:
    try:
        while chunk := handle.read(size):
            yield chunk
    finally:
        handle.close()


async def _wait(service: BatchService, batch_id: str, timeout: float) -> BatchState:
    """Poll the store without holding a thread: quick at first, then every half second."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    delay = 0.02
    while True:
        counts = await run_in_threadpool(service.store.counts, batch_id)
        if (counts["queued"] == 0 and counts["running"] == 0) or loop.time() >= deadline:
            state = await run_in_threadpool(service.status, batch_id)
            assert state is not None
            return state
        await asyncio.sleep(delay)
        delay = min(delay * 1.5, 0.5)


# ============================================================================ errors and limits
def error_answer(detail: str, status: int, *, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> JSONResponse:
    """`{"detail": ..., "errors": [...]}`, with any caller text in it made encodable first: a
    message that repeats a lone surrogate from the request must not fail while being sent."""
    body: dict[str, Any] = {"detail": readable(detail)}
    if errors is not None:
        body["errors"] = _readable_tree(jsonable_encoder(errors))
    return JSONResponse(body, status, headers=headers)


def _readable_tree(value: Any) -> Any:
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, list):
        return [_readable_tree(v) for v in value]
    if isinstance(value, dict):
        return {readable(str(k)): _readable_tree(v) for k, v in value.items()}
    return value


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{k: v for k, v in e.items() if k not in ("input", "ctx", "url")} for e in exc.errors()]
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_answer("the body is not valid JSON", 400, errors=errors)
    parts = []
    for e in errors:
        location = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        parts.append(f"{location}: {e.get('msg')}" if location else str(e.get("msg")))
    return error_answer("; ".join(parts) or "invalid request", 422, errors=errors)


def _huabao_error(request: Request, exc: HuabaoError) -> JSONResponse:
    if isinstance(exc, IdempotencyConflict):
        return error_answer(str(exc), 409)
    if isinstance(exc, (BackendUnavailable, GalleryError)):
        return error_answer(str(exc), 503)
    return error_answer(str(exc), 422)


def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # a bug: the caller gets a reference to quote, the log gets the traceback
    reference = secrets.token_hex(4)
    log.error("internal error %s on %s %s", reference, request.method, request.url.path, exc_info=exc)
    return error_answer(f"internal error (reference {reference}); the server log has the details", 500)


class ApiRouting:
    """Under /v1, a path the API serves answers 405 (with `Allow`) to another method, and an
    unknown path a JSON 404. Without this the UI mounted at / would take both (a mount matches
    every path, and Starlette prefers a full match to a route that lacks only the method)."""

    def __init__(self, app: Any, routes_of: FastAPI, prefix: str = "/v1/"):
        self.app = app
        self.routes_of = routes_of
        self.prefix = prefix

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        partial: list[BaseRoute] = []
        for route in self.routes_of.router.routes:
            if isinstance(route, Mount):  # mounts (the UI at /) match every path
                continue
            match, _ = route.matches(scope)
            if match is Match.FULL:
                await self.app(scope, receive, send)
                return
            if match is Match.PARTIAL:
                partial.append(route)
        # asked method by method: an included router (FastAPI keeps them nested) has no `methods`
        allowed = {method for method in HTTP_METHODS for route in partial
                   if route.matches({**scope, "method": method})[0] is Match.FULL}
        if allowed:
            methods = ", ".join(sorted(allowed))
            response = error_answer(f"{scope['method']} is not allowed here; use {methods}", 405,
                                    headers={"Allow": methods})
        else:
            response = error_answer("not found: /docs lists the API's routes", 404)
        await response(scope, receive, send)


def state_limits(app: FastAPI, settings: Settings) -> None:
    """Make the OpenAPI schema state the limits the server enforces at run time (briefs per batch,
    characters per brief: settings, so not known to the models), for clients and fuzzers."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()  # FastAPI builds it once and caches it: the updates below are idempotent
        models = schema.get("components", {}).get("schemas", {})
        briefs = models.get("BatchRequest", {}).get("properties", {}).get("briefs")
        if briefs is not None:
            briefs.update(minItems=1, maxItems=settings.max_batch_briefs)
        brief = models.get("BriefRequest", {}).get("properties", {}).get("brief", {})
        for option in brief.get("anyOf", []):
            if option.get("type") == "string":
                option.update(minLength=1, maxLength=settings.max_brief_chars)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


class BodyLimit:
    """413 for request bodies over `max_bytes` on the API paths, whether or not they declare a
    Content-Length. The body is read here and replayed to the app (it is small by definition)."""

    def __init__(self, app: Any, max_bytes: int, prefixes: tuple[str, ...] = ("/v1/", "/mcp")):
        self.app = app
        self.max_bytes = max_bytes
        self.prefixes = prefixes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            more = message.get("more_body", False)
            if size > self.max_bytes:
                await self._drain(receive, size, more)
                await self._reject(scope, send)
                return
            chunks.append(body)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _drain(self, receive: Any, size: int, more: bool) -> None:
        # reading the rest lets the client finish sending and see the 413 instead of a reset
        while more and size < DRAIN_CAP:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            more = message.get("more_body", False)

    async def _reject(self, scope: dict, send: Any) -> None:
        response = JSONResponse({"detail": f"the request body is over the limit of {self.max_bytes:,} bytes "
                                           "(HUABAO_MAX_BODY_BYTES)"}, 413)
        await response(scope, self._no_receive, send)

    @staticmethod
    async def _no_receive() -> dict:
        return {"type": "http.disconnect"}


def install_api(app: FastAPI, settings: Settings, service: BatchService, door: Doorkeeper | None = None) -> None:
    """The /v1 routes, their auth (`door`: the server's token resolver), body limit and error shapes, on an app."""
    app.add_middleware(ApiRouting, routes_of=app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HuabaoError, _huabao_error)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(build_router(settings, service, door))
    state_limits(app, settings)
