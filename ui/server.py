"""The `huabao serve` app: the REST API under /v1 (docs at /docs), MCP at /mcp, the Gradio UI at /.

`create_app` builds it; its lifespan starts the batch worker pool (which also makes the API's
single posters) and stops it cleanly, releasing unfinished briefs back to the durable queue.

One door (tools/tokens.py): when any token is configured, the REST API and /mcp want a bearer
token, and the UI wants a login (Gradio's login page: user name = the token's name, password =
the token), after which Gradio's session cookie is checked on every request by `UIGate`, which
also keeps each identity to its own files on Gradio's file route. Without tokens the server is
loopback-only and the UI open.
"""
from __future__ import annotations

import functools
import logging
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from pathlib import Path
from urllib.parse import unquote

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from agent.batch import BatchService, RunnerFactory, agent_runner
from tools.config import Settings
from tools.tokens import LOCAL_CALLER, Caller, Doorkeeper, tokens_configured
from ui.api import LOOPBACK, install_api, may_read_output

if TYPE_CHECKING:
    from agent.session import Session

log = logging.getLogger("huabao.server")

STOP_GRACE_S = 20.0  # on shutdown, running briefs get this long to finish before they are re-queued


def create_app(settings: Settings, session: Session | None = None, *, runner_factory: RunnerFactory | None = None,
               workers: int | None = None, surfaces: bool = True, ray_address: str | None = None) -> FastAPI:
    """The whole server. Batch briefs and API posters run in the worker pool (`workers`, default
    settings.workers), each worker with its own Agent, or with `runner_factory` when given (tests
    inject a cheap one). The workers are Ray actors when `ray_address` (default HUABAO_RAY_ADDRESS)
    is set, else local processes. With `surfaces`, the MCP endpoint (/mcp) and the Gradio UI (/)
    mount too when their modules are there, sharing `session` (built here if not given): one Agent,
    one set of loaded models and one queue for the chat and MCP."""
    service = BatchService(settings)
    ray_address = ray_address or settings.ray_address or None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await run_in_threadpool(functools.partial(service.start_workers, runner_factory or agent_runner, workers,
                                                  ray_address=ray_address))
        try:
            yield
        finally:
            await run_in_threadpool(service.stop_workers, STOP_GRACE_S)

    app = FastAPI(title="huabao 画报 API", version="1", lifespan=lifespan, docs_url="/docs",
                  description="Turn copywriting briefs into finished APP popups and posters: one at a time "
                              "(POST /v1/posters) or many (POST /v1/batches). Auth: `Authorization: Bearer "
                              "<token>` with a token from `huabao tokens add NAME` or HUABAO_API_TOKENS. Each "
                              "token sees only its own batches and files.")
    app.state.settings = settings
    app.state.batches = service  # the Batch tab shares it
    app.state.door = Doorkeeper(settings)  # whether tokens are required is decided now, for the server's life
    install_api(app, settings, service, app.state.door)
    if surfaces:
        mount_surfaces(app, settings, session, service)
    return app


def mount_surfaces(app: FastAPI, settings: Settings, session: Session | None, service: BatchService) -> list[str]:
    """MCP at /mcp and the Gradio UI at /, sharing one session and the batch service.
    The UI mounts last: routes added before a mount at / keep precedence over it."""
    import gradio as gr

    from agent.session import Session
    from ui.web import build_ui
    from ui.mcp_server import mount_mcp

    session = app.state.session = session or Session(settings)  # one for the chat and MCP
    door: Doorkeeper = getattr(app.state, "door", None) or Doorkeeper(settings)
    mount_mcp(app, settings, session)
    sessions = SessionTable(door)
    identify = sessions.caller_for if door.required else (lambda username: LOCAL_CALLER)
    blocks = build_ui(settings, session, batches=service, **({"identify": identify} if door.required else {}))
    gr.mount_gradio_app(app, blocks, path="/", auth=sessions.login if door.required else None,
                        auth_message="用令牌登录：用户名填令牌的名字，密码填令牌。 Log in with your token: "
                                     "user name = the token's name, password = the token.")
    if door.required:
        gradio_app = _gradio_app(app)
        gradio_app.tokens = sessions  # Gradio's session table, now bound to the tokens the sessions logged in with
        app.add_middleware(UIGate, door=door, sessions=sessions, cookie_id=gradio_app.cookie_id,
                           settings=settings, service=service)
    return ["/mcp", "/"]


def _gradio_app(app: FastAPI) -> Any:
    from gradio.routes import App
    from starlette.routing import Mount

    for route in app.routes:
        if isinstance(route, Mount) and isinstance(route.app, App):
            return route.app
    raise RuntimeError("the Gradio app is not mounted")


# ============================================================================ the UI's login
class SessionTable(dict):
    """Gradio's session table (`App.tokens`: session cookie → user), holding the `Caller` each
    session logged in as. Gradio's login route calls `login` (its `auth` callable) and then, with no
    await in between, stores the session under the user name; a session is dropped as soon as the
    token it logged in with is revoked. Gradio's handlers see the identity as `request.username`."""

    def __init__(self, door: Doorkeeper):
        super().__init__()
        self.door = door
        self._verified: dict[str, Caller] = {}  # user name → the caller a login just verified
        self._callers: dict[str, Caller] = {}  # identity → caller, for the UI's handlers

    def login(self, username: str, password: str) -> bool:
        caller = self.door.resolve(password)
        if caller is None:
            return False
        # a stored token logs in under its own name; an env token has none, so any name will do
        if not caller.from_env and username.strip().lower() != caller.name:
            return False
        self._verified[username] = caller
        return True

    def __setitem__(self, session: str, username: Any) -> None:
        caller = username if isinstance(username, Caller) else self._verified.pop(username, None)
        if caller is None:
            return  # no login verified this name just now: no session
        super().__setitem__(session, caller)
        self._callers[caller.identity] = caller

    def caller(self, session: str | None) -> Caller | None:
        caller = super().get(session) if session else None
        if caller is None:
            return None
        if not self.door.still_valid(caller):
            self.pop(session, None)
            return None
        return caller

    def get(self, session: Any, default: Any = None) -> Any:
        caller = self.caller(session)
        return caller.identity if caller else default

    def __getitem__(self, session: str) -> str:
        return super().__getitem__(session).identity

    def caller_for(self, username: str | None) -> Caller:
        """The caller behind a Gradio handler's `request.username`."""
        caller = self._callers.get(username or "")
        if caller is None or not self.door.still_valid(caller):
            from tools.errors import HuabaoError

            raise HuabaoError("你的登录已失效，请刷新页面重新登录 · your login has ended: reload the page and log in")
        return caller


# Paths that answer without a login: the API and MCP (bearer tokens), the API docs, and what the
# login page itself needs (the page, its scripts and styles, the login form's POST).
API_PREFIXES = ("/v1/", "/mcp/")
PUBLIC_PATHS = {"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json", "/health", "/healthz"}
LOGIN_PATHS = {"/", "/login", "/login/", "/logout", "/favicon.ico", "/theme.css", "/gradio_api/theme.css",
               "/manifest.json", "/robots.txt"}
LOGIN_PREFIXES = ("/assets/", "/static/", "/svelte/", "/pwa_icon", "/gradio_api/assets/", "/gradio_api/static/")
FILE_ROUTES = ("/gradio_api/file=", "/gradio_api/file/", "/file=")


class UIGate:
    """ASGI middleware in front of the Gradio mount, when tokens are required. Gradio's own auth
    guards most of its routes, not all (heartbeat, cancel, streams, run history answer without a
    login), so here every UI path but the login page's needs a live session, and the file route
    serves files under the output folder only to the identity that owns them."""

    def __init__(self, app: Any, *, door: Doorkeeper, sessions: SessionTable, cookie_id: str,
                 settings: Settings, service: BatchService):
        self.app = app
        self.door = door
        self.sessions = sessions
        self.cookies = (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}")
        self.settings = settings
        self.service = service
        self.output_dir = Path(settings.output_dir).resolve()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket") or not self.door.required:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path.startswith(API_PREFIXES) or path == "/mcp" or path in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        caller = self._caller(scope)
        if caller is None:
            if path in LOGIN_PATHS or path.startswith(LOGIN_PREFIXES):
                await self.app(scope, receive, send)
                return
            await self._refuse(scope, receive, send, 401, "log in first: open the page and sign in with your "
                                                          "token's name and the token")
            return
        file = self._file_argument(path)
        if file is not None and not await run_in_threadpool(self._may_read, caller, file):
            await self._refuse(scope, receive, send, 404, "not found")
            return
        await self.app(scope, receive, send)

    def _caller(self, scope: dict) -> Caller | None:
        from starlette.requests import HTTPConnection

        cookies = HTTPConnection(scope).cookies
        for name in self.cookies:
            caller = self.sessions.caller(cookies.get(name))
            if caller is not None:
                return caller
        return None

    @staticmethod
    def _file_argument(path: str) -> str | None:
        for prefix in FILE_ROUTES:
            if path.startswith(prefix):
                return unquote(path[len(prefix):])
        return None

    def _may_read(self, caller: Caller, argument: str) -> bool:
        """Files under the output folder only for their owner; others (gallery, the UI's assets,
        Gradio's upload cache) are left to Gradio's own allow-list."""
        if "\x00" in argument:
            return False
        try:
            target = Path(argument)
            target = (target if target.is_absolute() else Path.cwd() / target).resolve()
        except (OSError, RuntimeError, ValueError):
            return False
        if not target.is_relative_to(self.output_dir):
            return True
        return may_read_output(caller, self.service, self.settings, target)

    @staticmethod
    async def _refuse(scope: dict, receive: Any, send: Any, status: int, message: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await JSONResponse({"detail": message}, status_code=status)(scope, receive, send)


def serve_host(settings: Settings, host: str) -> tuple[str, str | None]:
    """Without a token anyone who can reach the port could spend our CPU and read our posters,
    so then only loopback is served. Returns the host to bind and a warning to show, if any."""
    if tokens_configured(settings) or host in LOOPBACK:
        return host, None
    return "127.0.0.1", (f"no API token is configured (`huabao tokens add NAME` or HUABAO_API_TOKENS), so huabao "
                         f"serves on 127.0.0.1 only, not {host}; add a token to serve other machines")


def run_server(settings: Settings, host: str = "127.0.0.1", port: int = 7860,
               say: Any = print, ray_address: str | None = None) -> None:
    """`huabao serve`: bind, say where, run until Ctrl-C. `ray_address`: run the workers on Ray."""
    import uvicorn

    host, warning = serve_host(settings, host)
    if warning:
        say(f"warning: {warning}")
    elif not tokens_configured(settings):
        say("no API token configured: serving local clients only (`huabao tokens add NAME` to open it up)")
    say(f"huabao on http://{host}:{port}/  ·  API docs http://{host}:{port}/docs")
    if ray_address or settings.ray_address:
        say(f"batch workers: Ray actors ({ray_address or settings.ray_address})")
    uvicorn.run(create_app(settings, ray_address=ray_address), host=host, port=port, log_level="info")
