"""The REST API: posters one at a time or a hundred at a time, behind bearer tokens.

Every route calls `agent.batch.BatchService`: a single poster is a batch of one with priority,
so the API process never runs a model itself and a poster survives a restart like any brief.
Errors come back as `{"detail": "<a sentence>"}`; nothing here answers with a stack trace.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Iterator
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

from agent.batch import BatchService, BatchState, BriefRequest, BriefState, IdempotencyConflict
from tools.config import Settings
from tools.errors import BackendUnavailable, GalleryError, HuabaoError, NotReady

log = logging.getLogger("huabao.api")

POSTER_WAIT_S = 600.0  # past this a poster request answers 202 with the job to poll
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
DRAIN_CAP = 64 * 1024 * 1024  # read at most this much of an oversized body before answering 413


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
    psd: str | None = None
    spec: str | None = None
    png_url: str | None = None
    psd_url: str | None = None
    spec_url: str | None = None
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
_bearer = HTTPBearer(auto_error=False, description="A token from HUABAO_API_TOKENS.")


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def verify_token(settings: Settings, authorization: str | None, client_host: str | None) -> str:
    """Who is calling, from an `Authorization` header; raises 401. With no token configured only
    loopback clients get in (the server binds to 127.0.0.1 then; this guards an app mounted some
    other way). Any surface on the app (the MCP mount too) can call this with raw headers."""
    if not settings.api_tokens:
        if client_host not in LOOPBACK:
            raise _unauthorized("no API token is configured, so only local clients may call; "
                                "set HUABAO_API_TOKENS to allow others")
        return "local"
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise _unauthorized("missing bearer token: send 'Authorization: Bearer <token>'")
    for token in settings.api_tokens:
        if hmac.compare_digest(given.strip().encode(), token.encode()):
            return hashlib.sha256(token.encode()).hexdigest()[:16]  # who, without keeping the token
    raise _unauthorized("wrong bearer token")


def authenticator(settings: Settings):
    """The FastAPI dependency: `verify_token` on the request (and the bearer scheme in the docs)."""

    def check(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> str:
        # `credentials` is declared so OpenAPI shows the bearer scheme; the header is parsed once, below
        return verify_token(settings, request.headers.get("authorization"),
                            request.client.host if request.client else None)

    return check


# ============================================================================ asset paths
def resolve_asset(root: Path, path: str) -> Path | None:
    """A file under `root`, or None for anything else: `..`, absolute paths, hidden parts
    (`.work`), NUL bytes, backslashes, and symlinks that lead out of `root`."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        return None
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    base = root.resolve()
    try:
        candidate = (base / path).resolve()
    except (OSError, RuntimeError):  # symlink loops
        return None
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate


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
        entry = {k: v for k, v in out.items() if k not in ("png", "psd", "spec")}
        for key in ("png", "psd", "spec"):
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
def build_router(settings: Settings, service: BatchService) -> APIRouter:
    auth = authenticator(settings)  # one callable: FastAPI runs it once per request however often it is named
    router = APIRouter(prefix="/v1", dependencies=[Depends(auth)], responses={401: ERRORS[401]})

    @router.post("/posters", response_model=PosterResponse, tags=["posters"],
                 responses={202: {"model": JobAccepted, "description": "Still running after the wait: poll status_url."},
                            **{c: ERRORS[c] for c in (400, 413, 422)},
                            503: {"model": ErrorBody, "description": "A backend is not available on this server."}})
    async def make_poster(body: BriefRequest) -> Any:
        """One brief → finished posters, synchronously: the `huabao make --json` object with asset URLs."""
        state, _ = await run_in_threadpool(service.submit, [body], kind="poster")
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
    def submit_batch(body: BatchRequest, identity: str = Depends(auth),
                     idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200,
                                                          description="Same key → the same batch, not a second one.")
                     ) -> Any:
        """Queue many briefs; poll `status_url`, then download `results_url`."""
        # keys are per token: two clients picking the same key never see each other's batch
        key = f"{identity}:{idempotency_key}" if idempotency_key is not None else None
        body_hash = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
        state, created = service.submit(body.briefs, kind="batch", idempotency_key=key, request_hash=body_hash)
        headers = {} if created else {"Idempotent-Replayed": "true"}
        return JSONResponse(accepted(state).model_dump(), status_code=202, headers=headers)

    @router.get("/batches/{batch_id}", response_model=BatchResponse, tags=["batches"],
                responses={404: {"model": ErrorBody, "description": "No such batch."}})
    def get_batch(batch_id: str) -> BatchResponse:
        """Progress of a batch: its status, counts and every brief's status, outputs and error."""
        state = service.status(batch_id)
        if state is None:
            raise HTTPException(404, "no such batch")
        return batch_response(settings, state)

    @router.get("/batches/{batch_id}/results.zip", tags=["batches"], response_class=StreamingResponse,
                responses={200: {"content": {"application/zip": {}}, "description": "Reports and posters."},
                           404: {"model": ErrorBody, "description": "No such batch."}})
    def get_results(batch_id: str) -> StreamingResponse:
        """report.json, report.csv and the files of every finished brief (partial while running)."""
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
                           404: {"model": ErrorBody, "description": "Not a file under the output folder."}})
    def get_asset(path: str) -> FileResponse:
        """A file under the output folder (posters, PSDs, specs, zips); anything else is 404."""
        file = resolve_asset(settings.output_dir, path)
        if file is None:
            raise HTTPException(404, "not found")
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
def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{k: v for k, v in e.items() if k not in ("input", "ctx", "url")} for e in exc.errors()]
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse({"detail": "the body is not valid JSON", "errors": jsonable_encoder(errors)}, 400)
    parts = []
    for e in errors:
        location = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        parts.append(f"{location}: {e.get('msg')}" if location else str(e.get("msg")))
    return JSONResponse({"detail": "; ".join(parts) or "invalid request", "errors": jsonable_encoder(errors)}, 422)


def _huabao_error(request: Request, exc: HuabaoError) -> JSONResponse:
    if isinstance(exc, IdempotencyConflict):
        return JSONResponse({"detail": str(exc)}, 409)
    if isinstance(exc, (BackendUnavailable, GalleryError, NotReady)):
        return JSONResponse({"detail": str(exc)}, 503)
    return JSONResponse({"detail": str(exc)}, 422)


def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    reference = secrets.token_hex(4)
    log.error("internal error %s on %s %s", reference, request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": f"internal error (reference {reference}); the server log has the details"}, 500)


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


def install_api(app: FastAPI, settings: Settings, service: BatchService) -> None:
    """The /v1 routes, their auth, body limit and error shapes, on an app."""
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HuabaoError, _huabao_error)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(build_router(settings, service))
