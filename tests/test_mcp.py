"""huabao as an MCP server, driven by the SDK's own client: `huabao mcp` over stdio as a subprocess,
and streamable HTTP at /mcp of a FastAPI app behind bearer tokens.

Starting a server and loading its models is the slow part, so each transport is started once per
module: the stdio session runs one scripted conversation and records it, and the tests below read
that record; the HTTP server stays up while its tests open their own sessions.
"""
from __future__ import annotations

import base64
import io
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from PIL import Image

from tools.config import Settings

HUABAO = Path(sys.executable).with_name("huabao")
FUDAI = "双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取"
TOOLS = {
    "make_poster": {"brief", "format", "count", "template", "formats", "brand"},
    "search_gallery": {"query", "image_path", "k"},
    "describe_image": {"image_path"},
    "cutout": {"image_path", "output_path"},
    "render_spec": {"spec_path", "output_dir"},
    "list_templates": set(),
}
MAKE_JSON_KEYS = {"brief", "template", "references", "backends", "rounds", "problems", "outputs", "planner",
                  "notes", "series", "brand", "seconds"}
TOKEN = "mcp-test-token"
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")


def _images(result: Any) -> list[Image.Image]:
    return [Image.open(io.BytesIO(base64.b64decode(block.data))) for block in result.content if block.type == "image"]


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")


# ============================================================================ stdio: one recorded session
@dataclass
class Transcript:
    tools: list[Any] = field(default_factory=list)
    make: Any = None
    progress: list[tuple[float, float | None, str | None]] = field(default_factory=list)
    search: Any = None
    describe: Any = None
    cutout: Any = None
    render: Any = None
    errors: dict[str, Any] = field(default_factory=dict)
    after_errors: Any = None
    prompts: list[Any] = field(default_factory=list)
    prompt: Any = None
    resources: list[Any] = field(default_factory=list)
    template_resource: Any = None
    poster_resource: Any = None


async def _stdio_session(settings: Settings, workdir: Path, log: Path) -> Transcript:
    from mcp.client import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    not_an_image = workdir / "notes.png"
    not_an_image.write_text("just text", encoding="utf-8")
    params = StdioServerParameters(command=str(HUABAO), args=["mcp"], cwd=str(workdir), env={
        "HUABAO_DATA_DIR": str(settings.data_dir), "HUABAO_OUTPUT_DIR": str(workdir / "out")})
    record = Transcript()

    async def progress(value: float, total: float | None, message: str | None) -> None:
        record.progress.append((value, total, message))

    with log.open("w", encoding="utf-8") as errlog, anyio.fail_after(300):
        async with stdio_client(params, errlog=errlog) as (read, write), \
                ClientSession(read, write, read_timeout_seconds=240) as session:
            await session.initialize()
            record.tools = (await session.list_tools()).tools
            record.errors["empty brief"] = await session.call_tool("make_poster", {"brief": "  "})
            record.errors["unknown template"] = await session.call_tool(
                "make_poster", {"brief": FUDAI, "template": "no-such-template"})
            record.errors["missing file"] = await session.call_tool(
                "describe_image", {"image_path": str(workdir / "missing.png")})
            record.errors["not an image"] = await session.call_tool("cutout", {"image_path": str(not_an_image)})
            record.make = await session.call_tool("make_poster", {"brief": FUDAI, "format": "poster"},
                                                  progress_callback=progress)
            record.after_errors = record.make
            record.search = await session.call_tool("search_gallery", {"query": "限时秒杀", "k": 3})
            gift = str(settings.gallery_dir / "images" / "1f381.webp")
            record.describe = await session.call_tool("describe_image", {"image_path": gift})
            record.cutout = await session.call_tool(
                "cutout", {"image_path": gift, "output_path": str(workdir / "cut" / "gift.png")})
            if not record.make.is_error:
                record.render = await session.call_tool("render_spec", {
                    "spec_path": record.make.structured_content["outputs"][0]["spec"],
                    "output_dir": str(workdir / "render")})
            record.prompts = (await session.list_prompts()).prompts
            record.prompt = await session.get_prompt("3d-icon", {"subject": "相机"})
            record.resources = (await session.list_resources()).resources
            record.template_resource = await session.read_resource("huabao://templates/3d-icon")
            posters = [r.uri for r in record.resources if r.mime_type == "image/png"]
            if posters:
                record.poster_resource = await session.read_resource(posters[0])
    return record


@pytest.fixture(scope="module")
def stdio(mini_gallery: Settings, tmp_path_factory: pytest.TempPathFactory) -> Transcript:
    workdir = tmp_path_factory.mktemp("mcp-stdio")
    log = workdir / "server-stderr.log"
    try:
        return anyio.run(_stdio_session, mini_gallery, workdir, log)
    except BaseException:
        sys.stderr.write(log.read_text(encoding="utf-8", errors="replace")[-4000:] if log.exists() else "")
        raise


def test_stdio_lists_the_six_tools_with_their_argument_names(stdio: Transcript) -> None:
    assert {tool.name: set(tool.input_schema.get("properties", {})) for tool in stdio.tools} == TOOLS
    required = {tool.name: set(tool.input_schema.get("required", [])) for tool in stdio.tools}
    assert required["make_poster"] == {"brief"}
    assert required["search_gallery"] == set()
    assert required["render_spec"] == {"spec_path"}


def test_every_tool_and_argument_is_described_in_english_and_chinese(stdio: Transcript) -> None:
    for tool in stdio.tools:
        assert CJK.search(tool.description) and LATIN.search(tool.description), tool.name
        for name, schema in tool.input_schema.get("properties", {}).items():
            text = schema.get("description", "")
            assert CJK.search(text) and LATIN.search(text), f"{tool.name}.{name}"


def test_make_poster_returns_the_make_json_and_a_preview_no_wider_than_1024(stdio: Transcript) -> None:
    result = stdio.make
    assert not result.is_error, _text(result)
    data = result.structured_content
    assert set(data) == MAKE_JSON_KEYS
    assert data["brief"]["copy"]["title"] == "好运福袋" and data["brief"]["format"] == "poster"
    png = Path(data["outputs"][0]["png"])
    assert png.is_file() and Path(data["outputs"][0]["spec"]).is_file()
    previews = _images(result)
    assert len(previews) == 1 and previews[0].format == "PNG"
    with Image.open(png) as full:
        assert full.width == 1080
    assert previews[0].width == 1024 and previews[0].height == round(1024 * full.height / full.width)


def test_make_poster_reports_progress_as_the_agent_works(stdio: Transcript) -> None:
    values = [value for value, _, _ in stdio.progress]
    assert len(values) >= 5
    assert values == sorted(set(values)), "progress only goes up"
    assert any("keywords" in (message or "") for _, _, message in stdio.progress)
    last_value, last_total, _ = stdio.progress[-1]
    assert last_value == last_total


def test_search_gallery_returns_hits_with_thumbnails(stdio: Transcript) -> None:
    result = stdio.search
    assert not result.is_error, _text(result)
    hits = result.structured_content["results"]
    assert len(hits) == 3
    assert {"id", "path", "score", "label_zh", "label_en"} <= set(hits[0])
    assert {"stopwatch", "high voltage"} & {hit["label_en"] for hit in hits}  # 限时秒杀 → ⏱ ⚡
    thumbs = _images(result)
    assert len(thumbs) == 3 and max(thumbs[0].size) <= 128


def test_describe_image_gives_keywords_in_both_languages(stdio: Transcript) -> None:
    assert not stdio.describe.is_error, _text(stdio.describe)
    data = stdio.describe.structured_content
    assert data["keywords_zh"] and data["keywords_en"] and data["colors"]


def test_cutout_writes_a_transparent_png_where_asked(stdio: Transcript) -> None:
    assert not stdio.cutout.is_error, _text(stdio.cutout)
    path = Path(stdio.cutout.structured_content["path"])
    assert path.name == "gift.png"
    with Image.open(path) as cut:
        assert cut.mode == "RGBA" and cut.getextrema()[3][0] == 0  # some pixels are transparent
    assert len(_images(stdio.cutout)) == 1


def test_render_spec_re_renders_a_made_poster(stdio: Transcript) -> None:
    assert stdio.render is not None and not stdio.render.is_error, stdio.render and _text(stdio.render)
    data = stdio.render.structured_content
    assert Path(data["png"]).parent.name == "render" and Path(data["psd"]).is_file()
    assert data["problems"] == []


@pytest.mark.parametrize("case, message", [
    ("empty brief", "brief is empty"),
    ("unknown template", "unknown template 'no-such-template'"),
    ("missing file", "missing.png"),
    ("not an image", "not a readable image"),
])
def test_bad_input_is_a_readable_tool_error(stdio: Transcript, case: str, message: str) -> None:
    result = stdio.errors[case]
    assert result.is_error
    assert message in _text(result)
    assert "Traceback" not in _text(result)


def test_the_server_keeps_serving_after_tool_errors(stdio: Transcript) -> None:
    assert stdio.errors and not stdio.after_errors.is_error  # the make_poster call came after four errors


def test_every_template_is_a_prompt_with_its_slots_as_arguments(stdio: Transcript) -> None:
    prompts = {prompt.name: prompt for prompt in stdio.prompts}
    assert {"3d-icon", "tech-icon", "blessing-bag"} <= set(prompts)
    assert {"subject", "color"} <= {argument.name for argument in prompts["3d-icon"].arguments}
    text = stdio.prompt.messages[0].content.text
    assert "make_poster" in text and 'template="3d-icon"' in text and "相机, 3D icon, clay" in text


def test_templates_and_recent_posters_are_readable_resources(stdio: Transcript) -> None:
    uris = {resource.uri for resource in stdio.resources}
    assert {"huabao://templates", "huabao://posters", "huabao://templates/3d-icon"} <= uris
    assert "name: 3d-icon" in stdio.template_resource.contents[0].text
    poster = stdio.poster_resource.contents[0]
    assert poster.mime_type == "image/png"
    assert Image.open(io.BytesIO(base64.b64decode(poster.blob))).size == (1080, 1920)


# ============================================================================ streamable HTTP behind tokens
@dataclass
class HttpServer:
    url: str
    settings: Settings


@pytest.fixture(scope="module")
def http(mini_gallery: Settings, tmp_path_factory: pytest.TempPathFactory):
    import uvicorn
    from fastapi import FastAPI

    from ui.mcp_server import mount_mcp

    settings = mini_gallery.model_copy(update={"output_dir": tmp_path_factory.mktemp("mcp-http-out"),
                                               "api_tokens": [TOKEN]})
    app = FastAPI()

    @app.get("/v1/ping")
    def ping() -> dict[str, str]:
        return {"ok": "yes"}

    mount_mcp(app, settings, None)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield HttpServer(url=f"http://127.0.0.1:{port}/mcp", settings=settings)
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "curl", "version": "1"}}}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}"])
def test_http_without_the_right_token_is_401(http: HttpServer, authorization: str | None) -> None:
    headers = dict(MCP_HEADERS, **({"Authorization": authorization} if authorization else {}))
    response = httpx.post(http.url, json=INITIALIZE, headers=headers, timeout=30)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "token" in response.json()["detail"]


def test_http_with_the_token_answers_initialize(http: HttpServer) -> None:
    response = httpx.post(http.url, json=INITIALIZE, headers=dict(MCP_HEADERS, Authorization=f"Bearer {TOKEN}"),
                          timeout=30)
    assert response.status_code == 200
    assert response.headers.get("mcp-session-id")


async def _http_session(url: str, calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[Any], list[Any], list]:
    from mcp.client import ClientSession
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    progress: list[float] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append(value)

    with anyio.fail_after(240):
        async with create_mcp_http_client(headers={"Authorization": f"Bearer {TOKEN}"}) as client, \
                streamable_http_client(url, http_client=client) as (read, write), \
                ClientSession(read, write, read_timeout_seconds=200) as session:
            await session.initialize()
            tools = (await session.list_tools()).tools
            results = [await session.call_tool(name, arguments, progress_callback=on_progress)
                       for name, arguments in calls]
    return tools, results, progress


def test_http_with_the_token_lists_tools_makes_a_poster_and_searches(http: HttpServer) -> None:
    tools, (bad, made, found), progress = anyio.run(_http_session, http.url, [
        ("search_gallery", {"image_path": "/no/such/image.png"}),
        ("make_poster", {"brief": "Gift box popup in red and gold, title: Happy New Year, cta: Open it", "count": 1}),
        ("search_gallery", {"query": "gift", "k": 2}),
    ])
    assert {tool.name for tool in tools} == set(TOOLS)
    assert bad.is_error and "/no/such/image.png" in _text(bad)
    assert not made.is_error, _text(made)
    assert set(made.structured_content) == MAKE_JSON_KEYS and len(_images(made)) == 1
    assert progress, "progress notifications arrive over HTTP too"
    assert not found.is_error and len(found.structured_content["results"]) == 2 and len(_images(found)) == 2


def test_http_mount_leaves_the_apps_other_routes_alone(http: HttpServer) -> None:
    response = httpx.get(http.url.removesuffix("/mcp") + "/v1/ping", timeout=30)
    assert response.json() == {"ok": "yes"}


def test_poster_resources_never_leave_the_output_folder(settings: Settings) -> None:
    from mcp.server.mcpserver.exceptions import ResourceError

    from ui.mcp_server import read_poster

    (settings.output_dir / ".work").mkdir(parents=True)
    (settings.output_dir / ".work" / "x.png").write_bytes(b"\x89PNG")
    (settings.output_dir.parent / "secret.png").write_bytes(b"\x89PNG")
    (settings.output_dir / "notes.txt").write_text("text")
    for path in ("../secret.png", ".work/x.png", "/etc/passwd", "nothing.png", "notes.txt"):
        with pytest.raises(ResourceError):
            read_poster(settings, path)
