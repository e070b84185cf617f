"""MCP over HTTP may name only files under the output folder, the gallery and the uploads.

A real uvicorn server on 127.0.0.1 with /mcp behind a bearer token, driven by the SDK's own
streamable-HTTP client: every path argument (image_path, output_path, output_dir, spec_path, and
the files a spec names) is refused outside those folders with one message whether or not the
file exists, nothing is written outside, and the same tools keep working inside them. With tokens
"the output folder" is the token's own part of it, `<output>/users/<identity>` (its home: relative
paths start there); tests/test_mcp_ownership.py checks that one token never reaches another's. The stdio
transport (`huabao mcp`, the local user's machine) keeps accepting local paths: tests/test_mcp.py
drives it with output paths outside the output folder.
"""
from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import pytest

from tools.config import Settings
from tools.paths import OUTSIDE

TOKEN = "mcp-paths-token"


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")


@dataclass
class Server:
    url: str
    settings: Settings
    secret: Path  # a folder beside the allowed ones, with a real image in it
    gift: Path  # a gallery image
    home: Path | None = None  # the token's own output folder


@pytest.fixture(scope="module")
def server(mini_gallery: Settings, tmp_path_factory: pytest.TempPathFactory):
    import uvicorn
    from fastapi import FastAPI

    from ui.mcp_server import mount_mcp

    from tools.paths import output_root
    from tools.tokens import env_identity

    base = tmp_path_factory.mktemp("mcp-paths")
    out, secret = base / "out", base / "secret"
    home = output_root(Settings(_env_file=None, output_dir=out), env_identity(TOKEN))
    home.mkdir(parents=True)
    secret.mkdir()
    gift = mini_gallery.gallery_dir / "images" / "1f381.webp"
    shutil.copy(gift, secret / "private.webp")
    (home / "to-secret").symlink_to(secret)  # a link inside the token's folder that leads out
    spec = {"width": 300, "height": 200, "format": "300x200", "layout": "hand", "safe_area": [0, 0, 300, 200],
            "layers": [{"id": "bg", "kind": "background", "name": "bg", "box": [0, 0, 300, 200],
                        "fill": ["#cc0000", "#ffcc00"]},
                       {"id": "gift", "kind": "subject", "name": "gift", "box": [100, 50, 100, 100],
                        "source": "gift.webp"}]}
    shutil.copy(gift, home / "gift.webp")
    (home / "ok.spec.json").write_text(json.dumps(spec), encoding="utf-8")
    leaky = dict(spec, layers=[spec["layers"][0], dict(spec["layers"][1], source=str(secret / "private.webp"))])
    (home / "leaky.spec.json").write_text(json.dumps(leaky), encoding="utf-8")
    huge = dict(spec, width=200_000)
    (home / "huge.spec.json").write_text(json.dumps(huge), encoding="utf-8")
    (secret / "outside.spec.json").write_text(json.dumps(spec), encoding="utf-8")

    settings = mini_gallery.model_copy(update={"output_dir": out, "api_tokens": [TOKEN]})
    app = FastAPI()
    mount_mcp(app, settings, None)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not uv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield Server(url=f"http://127.0.0.1:{port}/mcp", settings=settings, secret=secret, gift=gift, home=home)
    uv.should_exit = True
    thread.join(timeout=30)
    sock.close()


async def _calls(url: str, calls: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, tuple[Any, float]]:
    from mcp.client import ClientSession
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    results: dict[str, tuple[Any, float]] = {}
    with anyio.fail_after(300):
        async with create_mcp_http_client(headers={"Authorization": f"Bearer {TOKEN}"}) as client, \
                streamable_http_client(url, http_client=client) as (read, write), \
                ClientSession(read, write, read_timeout_seconds=240) as session:
            await session.initialize()
            for key, (tool, arguments) in calls.items():
                started = time.perf_counter()
                results[key] = (await session.call_tool(tool, arguments), time.perf_counter() - started)
    return results


def _refused_calls(s: Server) -> dict[str, tuple[str, dict[str, Any]]]:
    secret, missing = str(s.secret / "private.webp"), str(s.secret / "not-there.webp")
    out = s.home or s.settings.output_dir
    calls: dict[str, tuple[str, dict[str, Any]]] = {}
    for tool in ("search_gallery", "describe_image", "cutout"):
        calls[f"{tool} existing"] = (tool, {"image_path": secret})
        calls[f"{tool} missing"] = (tool, {"image_path": missing})
        calls[f"{tool} dotdot"] = (tool, {"image_path": "../secret/private.webp"})
        calls[f"{tool} symlink"] = (tool, {"image_path": "to-secret/private.webp"})
        calls[f"{tool} nul"] = (tool, {"image_path": "gift.webp\x00"})
        calls[f"{tool} long"] = (tool, {"image_path": "x" * 300 + ".png"})
    calls["cutout output new folder"] = ("cutout", {"image_path": str(s.gift),
                                                    "output_path": str(s.secret / "new-folder" / "cut.png")})
    calls["cutout output dotdot"] = ("cutout", {"image_path": str(s.gift), "output_path": "../secret/cut.png"})
    calls["cutout output gallery"] = ("cutout", {"image_path": str(s.gift),
                                                 "output_path": str(s.settings.gallery_dir / "cut.png")})
    calls["render_spec existing"] = ("render_spec", {"spec_path": str(s.secret / "outside.spec.json")})
    calls["render_spec missing"] = ("render_spec", {"spec_path": str(s.secret / "nothing.spec.json")})
    calls["render_spec output new folder"] = ("render_spec", {"spec_path": str(out / "ok.spec.json"),
                                                              "output_dir": str(s.secret / "render-here")})
    calls["render_spec output dotdot"] = ("render_spec", {"spec_path": "ok.spec.json", "output_dir": "../render"})
    calls["render_spec leaky source"] = ("render_spec", {"spec_path": "leaky.spec.json"})
    return calls


@pytest.fixture(scope="module")
def session(server: Server) -> dict[str, tuple[Any, float]]:
    calls = _refused_calls(server)
    calls.update({
        "describe gallery file": ("describe_image", {"image_path": str(server.gift)}),
        "describe gallery id": ("describe_image", {"image_path": "images/1f381.webp"}),  # ids are gallery keys
        "search by gallery file": ("search_gallery", {"image_path": str(server.gift), "k": 2}),
        "cutout inside": ("cutout", {"image_path": str(server.gift), "output_path": "cuts/gift.png"}),
        "render inside": ("render_spec", {"spec_path": "ok.spec.json", "output_dir": "render/again"}),
        "render huge": ("render_spec", {"spec_path": "huge.spec.json"}),
    })
    return anyio.run(_calls, server.url, calls)


@pytest.mark.parametrize("case", sorted(_refused_calls(Server("", Settings(_env_file=None), Path("/s"), Path("/g")))))
def test_every_path_argument_outside_the_folders_is_refused(session: dict, case: str) -> None:
    result, _ = session[case]
    assert result.is_error, _text(result)
    assert OUTSIDE in _text(result)
    assert "Traceback" not in _text(result)


@pytest.mark.parametrize("tool", ["search_gallery", "describe_image", "cutout", "render_spec"])
def test_the_refusal_reads_the_same_whether_or_not_the_file_exists(session: dict, server: Server, tool: str) -> None:
    texts = [_text(session[f"{tool} {which}"][0]) for which in ("existing", "missing")]
    names = ["private.webp", "not-there.webp"] if tool != "render_spec" else ["outside.spec.json", "nothing.spec.json"]
    assert texts[0].replace(names[0], "<name>") == texts[1].replace(names[1], "<name>")


def test_nothing_was_written_outside_the_output_folder(session: dict, server: Server) -> None:
    assert sorted(p.name for p in server.secret.iterdir()) == ["outside.spec.json", "private.webp"]
    assert not (server.secret.parent / "render").exists()
    assert not (server.settings.gallery_dir / "cut.png").exists()


def test_gallery_files_and_ids_still_work(session: dict) -> None:
    for case in ("describe gallery file", "describe gallery id"):
        result, _ = session[case]
        assert not result.is_error, _text(result)
        assert result.structured_content["keywords_en"]
    found, _ = session["search by gallery file"]
    assert not found.is_error, _text(found)
    assert found.structured_content["results"][0]["id"] == "images/1f381.webp"


def test_outputs_inside_the_output_folder_still_work(session: dict, server: Server) -> None:
    assert server.home is not None
    out = server.home.resolve()  # the token's own part of the output folder
    cut, _ = session["cutout inside"]
    assert not cut.is_error, _text(cut)
    assert Path(cut.structured_content["path"]).resolve() == out / "cuts" / "gift.png"
    rendered, _ = session["render inside"]
    assert not rendered.is_error, _text(rendered)
    assert Path(rendered.structured_content["png"]).resolve().parent == out / "render" / "again"


def test_render_spec_refuses_an_oversized_spec_fast(session: dict) -> None:
    result, seconds = session["render huge"]
    assert result.is_error
    assert "HUABAO_MAX_CANVAS_PX" in _text(result) and "200,000" in _text(result)
    assert seconds < 1.0
