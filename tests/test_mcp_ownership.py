"""Data is owned on every surface: MCP over HTTP, the REST API's uploads, the chat's templates.

A real uvicorn server on 127.0.0.1 serves the REST API and /mcp with two named tokens (alice, bob),
driven by the SDK's own streamable-HTTP client and httpx. Each token lists and reads only its own
posters as resources, its MCP outputs land in its own folder (`<output>/users/<identity>`), its
uploads (REST brief images) are its own and nobody else's, and another's file is refused with the
message a missing file gets. In the chat, a user's saved template is a slash command for that
user's turns only, and the one shared Agent is kept for everyone.
"""
from __future__ import annotations

import base64
import hashlib
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import httpx
import pytest
from PIL import Image

from support.batch_support import ThreadServer, png_runner
from tools.config import Settings
from tools.paths import OUTSIDE
from agent.templates import TemplateLibrary
from tools.tokens import Caller, TokenStore, tokens_path

BRIEF = "Gift box popup in red and gold, title: Happy New Year, cta: Open it"


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")


def _png_bytes(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (96, 80), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Session:
    """What one token's MCP session saw: tool results, resources, and resource reads (or their errors)."""

    calls: dict[str, Any] = field(default_factory=dict)
    resources: list[Any] = field(default_factory=list)
    listing: str = ""  # the huabao://posters JSON
    reads: dict[str, Any] = field(default_factory=dict)  # label → contents, or the error text


@dataclass
class World:
    url: str
    settings: Settings
    tokens: dict[str, str]
    bob_png: Path  # bob's REST poster: posters/<batch>/…, his by the job store
    alice_upload: Path  # the image alice sent with a REST brief
    alice_png: Path = Path()  # the poster alice made with make_poster over MCP
    alice: Session = field(default_factory=Session)
    bob: Session = field(default_factory=Session)

    @property
    def out(self) -> Path:
        return self.settings.output_dir.resolve()

    def home(self, who: str) -> Path:
        return self.out / "users" / who


async def _mcp(world: World, who: str, calls: dict[str, tuple[str, dict[str, Any]]],
               reads: dict[str, str]) -> Session:
    from mcp.client import ClientSession
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    seen = Session()
    with anyio.fail_after(400):
        async with create_mcp_http_client(headers={"Authorization": f"Bearer {world.tokens[who]}"}) as client, \
                streamable_http_client(world.url + "/mcp", http_client=client) as (read, write), \
                ClientSession(read, write, read_timeout_seconds=300) as session:
            await session.initialize()
            for key, (tool, arguments) in calls.items():
                seen.calls[key] = await session.call_tool(tool, arguments)
            seen.resources = (await session.list_resources()).resources
            listing = await session.read_resource("huabao://posters")
            seen.listing = listing.contents[0].text
            for label, uri in reads.items():
                try:
                    seen.reads[label] = (await session.read_resource(uri)).contents
                except Exception as err:  # the SDK raises the server's error for the resource  # noqa: BLE001
                    seen.reads[label] = f"error: {err}"
    return seen


def _uri(world: World, path: Path) -> str:
    return "huabao://posters/" + quote(Path(path).resolve().relative_to(world.out).as_posix(), safe="/")


@pytest.fixture(scope="module")
def world(mini_gallery: Settings, tmp_path_factory: pytest.TempPathFactory):
    from ui.mcp_server import mount_mcp
    from ui.server import create_app

    root = tmp_path_factory.mktemp("mcp-owned")
    data = root / "data"  # the mini gallery and its index, with a job store, uploads and tokens of its own
    shutil.copytree(mini_gallery.data_dir, data, ignore=shutil.ignore_patterns("jobs*", "tokens*", "uploads"))
    settings = Settings(_env_file=None, data_dir=data, output_dir=root / "out")
    store = TokenStore(tokens_path(settings))
    tokens = {"alice": store.add("alice"), "bob": store.add("bob")}  # before the app: tokens are required
    TemplateLibrary(settings, owner="alice").new("alices-mcp", based_on="3d-icon")  # saved in alice's UI
    app = create_app(settings, runner_factory=png_runner, workers=1, surfaces=False)
    mount_mcp(app, settings, None)
    with ThreadServer(app) as server:
        url = f"http://127.0.0.1:{server.port}"
        auth = {who: {"Authorization": f"Bearer {token}"} for who, token in tokens.items()}
        made = httpx.post(url + "/v1/posters", json={"brief": "bob 的海报"}, headers=auth["bob"], timeout=120)
        assert made.status_code == 200, made.text
        bob_png = settings.output_dir / made.json()["outputs"][0]["png"]
        photo = _png_bytes((200, 40, 40))
        sent = httpx.post(url + "/v1/posters", headers=auth["alice"], timeout=120,
                          json={"brief": "alice 的产品图海报", "image": base64.b64encode(photo).decode("ascii")})
        assert sent.status_code == 200, sent.text
        alice_upload = settings.uploads_dir / "alice" / f"{hashlib.sha256(photo).hexdigest()[:32]}.png"
        world = World(url=url, settings=settings, tokens=tokens, bob_png=bob_png, alice_upload=alice_upload)
        gift = str(settings.gallery_dir / "images" / "1f381.webp")

        world.alice = anyio.run(_mcp, world, "alice", {
            "make": ("make_poster", {"brief": BRIEF, "count": 1, "template": "alices-mcp"}),
            "templates": ("list_templates", {}),
            "cutout gallery": ("cutout", {"image_path": gift}),
            "cutout own upload": ("cutout", {"image_path": str(alice_upload), "output_path": "mine/upload.png"}),
            "cutout bob's poster": ("cutout", {"image_path": str(bob_png)}),
        }, {"bob's poster": _uri(world, bob_png)})
        made_png = Path(world.alice.calls["make"].structured_content["outputs"][0]["png"])
        made_spec = world.alice.calls["make"].structured_content["outputs"][0]["spec"]
        world.alice_png = made_png
        second = anyio.run(_mcp, world, "alice", {"render own spec": ("render_spec", {"spec_path": made_spec})},
                           {"own poster": _uri(world, made_png)})
        world.alice.calls.update(second.calls)
        world.alice.reads.update(second.reads)

        world.bob = anyio.run(_mcp, world, "bob", {
            "cutout gallery": ("cutout", {"image_path": gift, "output_path": "mine/gift.png"}),
            "cutout own REST poster": ("cutout", {"image_path": str(bob_png)}),
            "cutout alice's upload": ("cutout", {"image_path": str(alice_upload)}),
            "cutout a missing upload": ("cutout", {"image_path": str(alice_upload.with_name("gone.png"))}),
            "describe alice's upload": ("describe_image", {"image_path": str(alice_upload)}),
            "cutout alice's poster": ("cutout", {"image_path": str(made_png)}),
            "render alice's spec": ("render_spec", {"spec_path": made_spec}),
            "write into alice's folder": ("cutout", {"image_path": gift,
                                                     "output_path": str(world.home("alice") / "bob.png")}),
            "relative into alice's folder": ("cutout", {"image_path": gift, "output_path": "../alice/bob.png"}),
            "templates": ("list_templates", {}),
            "make with alice's template": ("make_poster", {"brief": BRIEF, "template": "alices-mcp"}),
        }, {"alice's template": "huabao://templates/alices-mcp",
            "alice's poster": _uri(world, made_png),
            "a poster that is not there": _uri(world, made_png.with_name("not-there.png")),
            "own REST poster": _uri(world, bob_png)})
        yield world


# ---------------------------------------------------------------- where MCP outputs go
def test_each_tokens_mcp_outputs_land_in_its_own_folder(world: World) -> None:
    alice, bob = world.alice.calls, world.bob.calls
    for result in (alice["make"], alice["cutout gallery"], alice["cutout own upload"], bob["cutout gallery"],
                   bob["cutout own REST poster"]):
        assert not result.is_error, _text(result)
    assert Path(alice["make"].structured_content["outputs"][0]["png"]).resolve().is_relative_to(world.home("alice"))
    assert Path(alice["cutout gallery"].structured_content["path"]).resolve().parent == world.home("alice") / "cutouts"
    written = Path(alice["cutout own upload"].structured_content["path"]).resolve()
    assert written == world.home("alice") / "mine" / "upload.png"
    assert Path(bob["cutout gallery"].structured_content["path"]).resolve() == world.home("bob") / "mine" / "gift.png"
    written = Path(bob["cutout own REST poster"].structured_content["path"]).resolve()
    assert written.parent == world.home("bob") / "cutouts"
    assert not (world.home("alice") / "bob.png").exists()


def test_a_render_lands_in_the_callers_folder(world: World) -> None:
    rendered = world.alice.calls["render own spec"]
    assert not rendered.is_error, _text(rendered)
    assert Path(rendered.structured_content["png"]).resolve().parent == world.home("alice") / "render"
    assert not (world.out / "render").exists() and not (world.home("bob") / "render").exists()


# ---------------------------------------------------------------- another's files are refused as missing ones
@pytest.mark.parametrize("case", ["cutout alice's upload", "describe alice's upload", "cutout alice's poster",
                                  "render alice's spec", "write into alice's folder", "relative into alice's folder"])
def test_another_tokens_files_are_outside_the_folders(world: World, case: str) -> None:
    result = world.bob.calls[case]
    assert result.is_error and OUTSIDE in _text(result), _text(result)
    assert "Traceback" not in _text(result)


def test_alice_cannot_use_bobs_rest_poster(world: World) -> None:
    result = world.alice.calls["cutout bob's poster"]
    assert result.is_error and OUTSIDE in _text(result)


def test_refusing_anothers_upload_reads_like_a_missing_one(world: World) -> None:
    theirs, missing = (_text(world.bob.calls[c]) for c in ("cutout alice's upload", "cutout a missing upload"))
    assert theirs.replace(world.alice_upload.name, "<name>") == missing.replace("gone.png", "<name>")


# ---------------------------------------------------------------- uploads
def test_rest_brief_images_go_to_the_uploaders_own_folder(world: World) -> None:
    assert world.alice_upload.is_file()
    assert sorted(p.name for p in world.settings.uploads_dir.iterdir()) == ["alice"], \
        "nothing in the shared uploads folder: the folder says who uploaded"


# ---------------------------------------------------------------- poster resources
def test_each_token_lists_only_its_own_posters(world: World) -> None:
    alice_pngs = {r.uri for r in world.alice.resources if r.mime_type == "image/png"}
    bob_pngs = {r.uri for r in world.bob.resources if r.mime_type == "image/png"}
    made = _uri(world, world.alice_png)
    assert made in alice_pngs and made not in bob_pngs
    assert _uri(world, world.bob_png) in bob_pngs and _uri(world, world.bob_png) not in alice_pngs
    assert not any(uri.startswith("huabao://posters/users/bob/") for uri in alice_pngs), alice_pngs
    assert not any(uri.startswith("huabao://posters/users/alice/") for uri in bob_pngs), bob_pngs
    assert made not in world.bob.listing and str(world.home("alice")) not in world.bob.listing
    assert _uri(world, world.bob_png) in world.bob.listing


def test_each_token_reads_only_its_own_posters(world: World) -> None:
    own = world.alice.reads["own poster"]
    assert not isinstance(own, str) and base64.b64decode(own[0].blob).startswith(b"\x89PNG")
    assert not isinstance(world.bob.reads["own REST poster"], str)
    for who, label in (("bob", "alice's poster"), ("alice", "bob's poster")):
        answer = getattr(world, who).reads[label]
        assert isinstance(answer, str) and answer.startswith("error"), answer
    # the same answer as for a poster that does not exist
    theirs, missing = world.bob.reads["alice's poster"], world.bob.reads["a poster that is not there"]
    made = world.alice_png
    assert theirs.replace(made.name, "<name>") == missing.replace("not-there.png", "<name>")


# ---------------------------------------------------------------- gallery additions record who added them
def test_gallery_additions_record_who_added_them(settings: Settings, tmp_path: Path) -> None:
    from support.retrieval_fixtures import draw_shape, make_shapes_gallery
    from tools.retrieval import index_folder
    from tools.retrieval.uploads import add_images, gallery_additions

    metadata = make_shapes_gallery(settings.gallery_dir, ["red-circle", "blue-square"])
    index_folder(settings, settings.gallery_dir, metadata=metadata, progress=False, num_workers=0)
    picture = tmp_path / "photo.png"
    draw_shape("purple-ring").save(picture)
    copied, _ = add_images(settings, [str(picture)], "紫色戒指", added_by="alice")
    again, _ = add_images(settings, [str(picture)], "紫色戒指", added_by="bob")
    assert again == copied, "the same image is the same file"
    rows = gallery_additions(settings)
    assert [(row["path"], row["added_by"], row["label"]) for row in rows] == \
        [(f"uploads/{copied[0].name}", "alice", "紫色戒指")], "the first to add an image is recorded, once"
    other = tmp_path / "other.png"
    draw_shape("blue-square").save(other)
    add_images(settings, [str(other)], added_by="bob")
    assert [row["added_by"] for row in gallery_additions(settings)] == ["alice", "bob"]


# ---------------------------------------------------------------- templates: the caller's own too
def test_a_tokens_saved_template_is_its_own_over_mcp(world: World) -> None:
    assert world.alice.calls["make"].structured_content["template"] == "alices-mcp"
    listed = {who: {row["name"] for row in getattr(world, who).calls["templates"].structured_content["templates"]}
              for who in ("alice", "bob")}
    assert "alices-mcp" in listed["alice"] and "alices-mcp" not in listed["bob"]
    assert "3d-icon" in listed["bob"], "the shared templates are everyone's"
    refused = world.bob.calls["make with alice's template"]
    assert refused.is_error and "unknown template 'alices-mcp'" in _text(refused)
    assert world.bob.reads["alice's template"].startswith("error")
    assert "huabao://templates/alices-mcp" in {r.uri for r in world.alice.resources}
    assert "huabao://templates/alices-mcp" not in {r.uri for r in world.bob.resources}


# ---------------------------------------------------------------- the chat uses the caller's templates
def test_a_saved_template_is_a_slash_command_in_its_owners_chat_only(mini_gallery: Settings, tmp_path: Path) -> None:
    from ui.web.chat import run_turn

    from agent import service
    from agent.session import Session

    settings = mini_gallery.model_copy(update={"data_dir": tmp_path / "data", "output_dir": tmp_path / "out"})
    shutil.copytree(mini_gallery.data_dir, settings.data_dir, ignore=shutil.ignore_patterns("users", "templates"))
    session = Session(settings)  # one session, as in `huabao serve`: its Agent and models serve every turn
    alice, bob = Caller(identity="alice", name="alice"), Caller(identity="bob", name="bob")
    service.new_template(session, service.NewTemplate(name="alices-own", based_on="3d-icon", owner=alice.template_owner))

    def turn(caller: Caller, text: str) -> tuple[str, Any]:
        return list(run_turn(session, text, [], tmp_path / "out" / caller.identity, None,
                             owner=caller.template_owner))[-1]

    kind, reply = turn(alice, "/alices-own 礼物盒")
    assert kind == "reply", reply
    assert reply.result.template == "alices-own" and reply.result.outputs
    kind, message = turn(bob, "/alices-own 礼物盒")
    assert kind == "error" and "没有 /alices-own 这个命令" in message
    assert "alices-own" in turn(alice, "/templates")[1].text and "alices-own" not in turn(bob, "/templates")[1].text
    assert "alices-own" not in session.agent.templates.names(), "the shared library is untouched"
    kind, reply = turn(Caller(identity="admin", name="admin", admin=True), "/templates")
    assert "alices-own" not in reply.text


def test_a_call_acts_for_the_token_that_sent_it_even_in_anothers_session(world: World) -> None:
    """The caller comes from each HTTP request, never from the session: bob's request carrying
    alice's session id still lists only bob's templates."""
    import json

    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}
    with httpx.Client(base_url=world.url, timeout=60) as client:
        alice = {"Authorization": f"Bearer {world.tokens['alice']}"}
        opened = client.post("/mcp", json=initialize, headers={**headers, **alice})
        assert opened.status_code == 200, opened.text
        session = {"mcp-session-id": opened.headers["mcp-session-id"], "mcp-protocol-version": "2025-06-18"}
        client.post("/mcp", json={"jsonrpc": "2.0", "method": "notifications/initialized"},
                    headers={**headers, **session, **alice})
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                "params": {"name": "list_templates", "arguments": {}}}
        answers = {}
        for who in ("bob", "alice"):
            response = client.post("/mcp", json=call, headers={**headers, **session,
                                                               "Authorization": f"Bearer {world.tokens[who]}"})
            assert response.status_code == 200, response.text
            data = [line[5:] for line in response.text.splitlines() if line.startswith("data:")]
            body = json.loads(data[-1]) if data else response.json()
            answers[who] = {row["name"] for row in body["result"]["structuredContent"]["templates"]}
    assert "alices-mcp" not in answers["bob"] and "alices-mcp" in answers["alice"]
