"""The `huabao serve` app: the REST API under /v1 (docs at /docs), MCP at /mcp, the Gradio UI at /.

`create_app` builds it; its lifespan starts the batch worker pool (which also makes the API's
single posters) and stops it cleanly, releasing unfinished briefs back to the durable queue.
"""
from __future__ import annotations

import functools
import logging
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from agent.batch import BatchService, RunnerFactory, agent_runner
from tools.config import Settings
from ui.api import LOOPBACK, install_api

if TYPE_CHECKING:
    from agent.loop import Agent

log = logging.getLogger("huabao.server")

STOP_GRACE_S = 20.0  # on shutdown, running briefs get this long to finish before they are re-queued


def create_app(settings: Settings, agent: Agent | None = None, *, runner_factory: RunnerFactory | None = None,
               workers: int | None = None, surfaces: bool = True, ray_address: str | None = None) -> FastAPI:
    """The whole server. Batch briefs and API posters run in the worker pool (`workers`, default
    settings.workers), each worker with its own Agent, or with `runner_factory` when given (tests
    inject a cheap one). The workers are Ray actors when `ray_address` (default HUABAO_RAY_ADDRESS)
    is set, else local processes. With `surfaces`, the MCP endpoint (/mcp) and the Gradio UI (/)
    mount too when their modules are there, sharing `agent` (built once here if not given)."""
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
                              "<token>` with a token from HUABAO_API_TOKENS.")
    app.state.settings = settings
    app.state.batches = service  # the Batch tab shares it
    install_api(app, settings, service)
    if surfaces:
        mount_surfaces(app, settings, agent, service)
    return app


def mount_surfaces(app: FastAPI, settings: Settings, agent: Agent | None, service: BatchService) -> list[str]:
    """MCP at /mcp and the Gradio UI at /, sharing one Agent and the batch service.
    The UI mounts last: routes added before a mount at / keep precedence over it."""
    import gradio as gr

    from ui.chat import build_ui
    from ui.mcp_server import mount_mcp

    if agent is None:
        from agent.loop import Agent

        agent = Agent(settings)
    mount_mcp(app, settings, agent)
    gr.mount_gradio_app(app, build_ui(settings, agent, batches=service), path="/")
    return ["/mcp", "/"]


def serve_host(settings: Settings, host: str) -> tuple[str, str | None]:
    """Without a token anyone who can reach the port could spend our CPU and read our posters,
    so then only loopback is served. Returns the host to bind and a warning to show, if any."""
    if settings.api_tokens or host in LOOPBACK:
        return host, None
    return "127.0.0.1", (f"no API token is configured (HUABAO_API_TOKENS), so huabao serves on 127.0.0.1 only, "
                         f"not {host}; set a token to serve other machines")


def run_server(settings: Settings, host: str = "127.0.0.1", port: int = 7860,
               say: Any = print, ray_address: str | None = None) -> None:
    """`huabao serve`: bind, say where, run until Ctrl-C. `ray_address`: run the workers on Ray."""
    import uvicorn

    host, warning = serve_host(settings, host)
    if warning:
        say(f"warning: {warning}")
    elif not settings.api_tokens:
        say("no API token configured: serving local clients only (set HUABAO_API_TOKENS to open it up)")
    say(f"huabao on http://{host}:{port}/  ·  API docs http://{host}:{port}/docs")
    if ray_address or settings.ray_address:
        say(f"batch workers: Ray actors ({ray_address or settings.ray_address})")
    uvicorn.run(create_app(settings, ray_address=ray_address), host=host, port=port, log_level="info")
