"""The REST API over real HTTP on 127.0.0.1: posters, batches, auth, limits, path tricks, load,
and a server SIGKILLed mid-batch. Workers run `png_runner` (tests/support/batch_support.py)."""
from __future__ import annotations

import asyncio
import base64
import http.client
import io
import json
import os
import signal
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image

from agent.batch import JobStore
from tools.config import Settings
from ui.server import create_app, serve_host

from support.batch_support import ThreadServer, free_port, png_runner, read_ledger, start_support_server

REPO = Path(__file__).resolve().parents[1]
TOKENS = ["tok-alpha-1234", "tok-beta-5678"]
AUTH = {"Authorization": f"Bearer {TOKENS[0]}"}


# ---------------------------------------------------------------- a real server in a thread
@dataclass
class Api:
    url: str
    port: int
    settings: Settings
    secret: Path


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("api")
    settings = Settings(_env_file=None, data_dir=root / "data", output_dir=root / "out", api_tokens=TOKENS,
                        max_body_bytes=200_000, max_batch_briefs=60, max_brief_chars=300)
    secret = root / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    with ThreadServer(create_app(settings, runner_factory=png_runner, workers=2, surfaces=False)) as server:
        yield Api(f"http://127.0.0.1:{server.port}", server.port, settings, secret)


@pytest.fixture
def client(api: Api):
    with httpx.Client(base_url=api.url, headers=AUTH, timeout=60) as c:
        yield c


def png_b64(size: tuple[int, int] = (40, 40)) -> str:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 255, 255)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def wait_done(client: httpx.Client, batch_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/v1/batches/{batch_id}").json()
        if body["status"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.1)


def raw_get(api: Api, path: str) -> tuple[int, bytes]:
    """A GET whose path goes out byte for byte: httpx would normalise `..` away."""
    conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.putheader("Authorization", AUTH["Authorization"])
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ---------------------------------------------------------------- posters and batches
def test_a_poster_comes_back_synchronously_with_asset_urls(client: httpx.Client) -> None:
    response = client.post("/v1/posters", json={"brief": "双十一福袋活动弹窗，标题：好运福袋", "format": "popup"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["brief"]["raw"] == "双十一福袋活动弹窗，标题：好运福袋" and body["backends"] == {"runner": "test-png"}
    output = body["outputs"][0]
    assert output["png"].startswith("posters/") and not output["png"].startswith("/")
    png = client.get(output["png_url"])
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert client.get(f"/v1/batches/{body['id']}").json()["kind"] == "poster"


def test_a_poster_with_a_base64_image_is_accepted(client: httpx.Client, api: Api) -> None:
    response = client.post("/v1/posters", json={"brief": "产品图海报", "image": png_b64()})
    assert response.status_code == 200, response.text
    from tools.tokens import env_identity

    # kept in the uploader's own folder: the folder records who sent it
    assert any((api.settings.data_dir / "uploads" / env_identity(TOKENS[0])).glob("*.png"))


def test_a_batch_runs_to_done_and_its_zip_holds_every_poster(client: httpx.Client) -> None:
    briefs = [{"brief": f"海报 {i}"} for i in range(5)] + [{"brief": "fail"}]
    response = client.post("/v1/batches", json={"briefs": briefs})
    assert response.status_code == 202, response.text
    accepted = response.json()
    body = wait_done(client, accepted["id"])
    assert body["status"] == "done" and body["counts"]["done"] == 5 and body["counts"]["failed"] == 1
    failed = body["briefs"][5]
    assert failed["status"] == "failed" and failed["error"] == "this brief asks to fail"
    assert body["briefs"][0]["outputs"][0]["png_url"].startswith("/v1/assets/batches/")
    archive = client.get(accepted["results_url"])
    assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert {"report.json", "report.csv"} <= set(names)
    assert len([n for n in names if n.endswith("poster.png")]) == 5
    assert not any("/." in n or n.startswith(".") for n in names)


def test_unknown_batch_is_404(client: httpx.Client) -> None:
    assert client.get("/v1/batches/nope").status_code == 404
    assert client.get("/v1/batches/nope/results.zip").status_code == 404


def test_the_same_idempotency_key_gives_the_same_batch(client: httpx.Client, api: Api) -> None:
    body = {"briefs": [{"brief": "幂等海报"}]}
    first = client.post("/v1/batches", json=body, headers={"Idempotency-Key": "order-42"})
    again = client.post("/v1/batches", json=body, headers={"Idempotency-Key": "order-42"})
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    other_body = client.post("/v1/batches", json={"briefs": [{"brief": "另一个"}]}, headers={"Idempotency-Key": "order-42"})
    assert other_body.status_code == 409 and "different body" in other_body.json()["detail"]
    other_client = client.post("/v1/batches", json=body, headers={"Idempotency-Key": "order-42",
                                                                  "Authorization": f"Bearer {TOKENS[1]}"})
    assert other_client.status_code == 202 and other_client.json()["id"] != first.json()["id"]


def test_a_brief_that_fails_on_its_input_is_422_and_a_bug_is_500_without_a_trace(client: httpx.Client) -> None:
    bad = client.post("/v1/posters", json={"brief": "fail"})
    assert bad.status_code == 422 and bad.json() == {"detail": "this brief asks to fail"}
    bug = client.post("/v1/posters", json={"brief": "bug"})
    assert bug.status_code == 500 and "Traceback" not in bug.text and "internal error" in bug.json()["detail"]


def test_fifty_concurrent_requests_are_all_answered_correctly(api: Api) -> None:
    async def main() -> list[tuple[str, httpx.Response]]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(base_url=api.url, headers=AUTH, timeout=120, limits=limits) as c:
            async def one(i: int) -> tuple[str, httpx.Response]:
                text = f"并发海报 {i}，标题：第{i}张"
                return text, await c.post("/v1/posters", json={"brief": text})
            return await asyncio.gather(*(one(i) for i in range(50)))

    results = asyncio.run(main())
    assert [r.status_code for _, r in results] == [200] * 50
    assert all(r.json()["brief"]["raw"] == text for text, r in results)
    pngs = {r.json()["outputs"][0]["png"] for _, r in results}
    assert len(pngs) == 50  # fifty posters, none shared or overwritten
    for png in pngs:
        assert (api.settings.output_dir / png).read_bytes().startswith(b"\x89PNG")


# ---------------------------------------------------------------- auth
@pytest.mark.parametrize("method,path", [("post", "/v1/posters"), ("post", "/v1/batches"), ("get", "/v1/batches/x"),
                                         ("get", "/v1/batches/x/results.zip"), ("get", "/v1/assets/x.png")])
def test_requests_without_a_token_or_with_a_wrong_one_are_401(api: Api, method: str, path: str) -> None:
    body = {"json": {"brief": "x"}} if method == "post" else {}
    missing = httpx.request(method, api.url + path, **body)
    wrong = httpx.request(method, api.url + path, headers={"Authorization": "Bearer nope"}, **body)
    basic = httpx.request(method, api.url + path, headers={"Authorization": "Basic dXNlcjpwYXNz"}, **body)
    assert missing.status_code == wrong.status_code == basic.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert "missing bearer token" in missing.json()["detail"] and wrong.json()["detail"] == "wrong bearer token"


def test_every_configured_token_is_accepted(api: Api) -> None:
    for token in TOKENS:
        response = httpx.post(api.url + "/v1/batches", json={"briefs": [{"brief": "令牌海报"}]},
                              headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 202


def test_without_tokens_only_loopback_clients_get_in(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "d", output_dir=tmp_path / "o")
    app = create_app(settings, runner_factory=png_runner, workers=1, surfaces=False)

    async def get(client_ip: str) -> int:
        transport = httpx.ASGITransport(app=app, client=(client_ip, 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://huabao") as c:
            return (await c.get("/v1/batches/none")).status_code

    assert asyncio.run(get("127.0.0.1")) == 404
    assert asyncio.run(get("10.1.2.3")) == 401


def test_serve_binds_loopback_only_when_no_token_is_configured(settings: Settings) -> None:
    host, warning = serve_host(settings, "0.0.0.0")
    assert host == "127.0.0.1" and "HUABAO_API_TOKENS" in warning
    assert serve_host(settings.model_copy(update={"api_tokens": ["t"]}), "0.0.0.0") == ("0.0.0.0", None)


# ---------------------------------------------------------------- assets and path tricks
def test_assets_serve_files_under_the_output_dir(api: Api) -> None:
    from tools.tokens import env_identity

    own = api.settings.output_dir / "users" / env_identity(TOKENS[0])  # the caller's own folder
    own.mkdir(parents=True, exist_ok=True)
    (own / "hello.txt").write_text("hi", encoding="utf-8")
    assert raw_get(api, f"/v1/assets/users/{env_identity(TOKENS[0])}/hello.txt") == (200, b"hi")
    (api.settings.output_dir / "hello.txt").write_text("hi", encoding="utf-8")
    assert raw_get(api, "/v1/assets/hello.txt")[0] == 404  # a file no one owns: only admins read it


def test_path_tricks_on_assets_are_404(api: Api, tmp_path: Path) -> None:
    out = api.settings.output_dir
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("TOP-SECRET", encoding="utf-8")
    (out / "link.txt").unlink(missing_ok=True)
    (out / "link.txt").symlink_to(api.secret)
    (out / "linkdir").unlink(missing_ok=True)
    (out / "linkdir").symlink_to(outside, target_is_directory=True)
    (out / ".work").mkdir(exist_ok=True)
    (out / ".work" / "scratch.txt").write_text("scratch", encoding="utf-8")
    secret = str(api.secret)
    tricks = [
        "/v1/assets/../secret.txt", "/v1/assets/../../../../etc/passwd",
        "/v1/assets/%2e%2e/secret.txt", "/v1/assets/%2E%2E%2Fsecret.txt", "/v1/assets/posters/..%2f..%2fsecret.txt",
        "/v1/assets/%252e%252e/secret.txt", "/v1/assets/..%5csecret.txt", "/v1/assets/" + secret,
        "/v1/assets/%2F" + secret.lstrip("/").replace("/", "%2F"), "/v1/assets/hello.txt%00.png",
        "/v1/assets/link.txt", "/v1/assets/linkdir/x.txt", "/v1/assets/.work/scratch.txt", "/v1/assets/./hello.txt",
        "/v1/assets/", "/v1/assets/posters", "/v1/assets/C:%5Cwindows%5Cwin.ini",
    ]
    for trick in tricks:
        status, content = raw_get(api, trick)
        assert status == 404, (trick, status)
        assert b"TOP-SECRET" not in content and b"root:" not in content


# ---------------------------------------------------------------- bad bodies and limits
def test_malformed_json_is_400(client: httpx.Client) -> None:
    response = client.post("/v1/posters", content=b'{"brief": "x"', headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["detail"] == "the body is not valid JSON"


@pytest.mark.parametrize("body,expected", [
    ({}, "brief: Field required"),
    ({"brief": "x", "colour": "red"}, "colour: Extra inputs are not permitted"),
    ({"brief": "x", "count": 0}, "count: Input should be greater than or equal to 1"),
    ({"brief": "   "}, "the brief is empty"),
    ({"brief": "x", "template": "nope"}, "unknown template 'nope'"),
    ({"brief": "x", "format": "huge"}, "unknown format"),
    ({"brief": "x", "formats": ["popup", "billboard"]}, "unknown format “billboard”"),
    ({"brief": "x", "brand": "acme"}, "unknown brand “acme”"),
    ({"brief": "x", "brand": "../../etc/brand.yaml"}, "brand: String should match pattern"),
    ({"brief": "x", "image": "%%%not-base64"}, "image is not valid base64"),
    ({"brief": "x", "image": base64.b64encode(b"plain text").decode()}, "not a readable image"),
    ({"brief": "x", "image": png_b64(), "gallery_id": "1f381"}, "either image or gallery_id"),
])
def test_invalid_posters_are_422_with_a_clear_message(client: httpx.Client, body: dict, expected: str) -> None:
    response = client.post("/v1/posters", json=body)
    assert response.status_code == 422, response.text
    assert expected in response.json()["detail"]


def test_a_batch_names_its_first_bad_brief(client: httpx.Client) -> None:
    response = client.post("/v1/batches", json={"briefs": [{"brief": "ok"}, {"brief": "x", "template": "nope"}]})
    assert response.status_code == 422 and response.json()["detail"].startswith("brief 2: unknown template")
    assert client.post("/v1/batches", json={"briefs": []}).json()["detail"] == "the batch has no briefs"


def test_too_many_briefs_or_too_long_text_is_422(client: httpx.Client) -> None:
    many = client.post("/v1/batches", json={"briefs": [{"brief": "x"}] * 61})
    assert many.status_code == 422 and "61 briefs; the limit is 60" in many.json()["detail"]
    long = client.post("/v1/posters", json={"brief": "长" * 301})
    assert long.status_code == 422 and "301 characters; the limit is 300" in long.json()["detail"]


def test_an_oversized_body_is_413_with_or_without_content_length(client: httpx.Client) -> None:
    big = json.dumps({"brief": "x", "image": "A" * 300_000}).encode()
    declared = client.post("/v1/posters", content=big, headers={"Content-Type": "application/json"})
    assert declared.status_code == 413 and "HUABAO_MAX_BODY_BYTES" in declared.json()["detail"]

    def chunks():
        for start in range(0, len(big), 16_384):
            yield big[start:start + 16_384]

    streamed = client.post("/v1/batches", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_openapi_docs_describe_the_api(api: Api) -> None:
    schema = httpx.get(api.url + "/openapi.json").json()
    assert {"/v1/posters", "/v1/batches", "/v1/batches/{batch_id}", "/v1/batches/{batch_id}/results.zip",
            "/v1/assets/{path}"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    docs = httpx.get(api.url + "/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


# ---------------------------------------------------------------- a server killed mid-batch
def test_a_server_killed_mid_batch_finishes_it_after_restart(settings: Settings) -> None:
    port = free_port()
    server = start_support_server(settings.data_dir, settings.output_dir, port, ",".join(TOKENS))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=AUTH, timeout=30) as c:
            batch_id = c.post("/v1/batches", json={"briefs": [{"brief": f"海报 {i} sleep=0.15"}
                                                              for i in range(20)]}).json()["id"]
            deadline = time.monotonic() + 60
            while (done := c.get(f"/v1/batches/{batch_id}").json()["counts"]["done"]) < 6:
                assert time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # the server and its workers, no goodbye
        server.wait(10)
    store = JobStore(settings.jobs_db)
    done_before = {b.index for b in store.batch(batch_id).briefs if b.status == "done"}
    assert len(done_before) < 20, "the kill came too late to test anything"

    port = free_port()
    server = start_support_server(settings.data_dir, settings.output_dir, port, ",".join(TOKENS))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=AUTH, timeout=30) as c:
            body = wait_done(c, batch_id)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    assert body["status"] == "done" and body["counts"]["done"] == 20
    ran: dict[int, int] = {}
    for event, bid, index, _, _ in read_ledger(settings):
        if event == "start" and bid == batch_id:
            ran[index] = ran.get(index, 0) + 1
    assert all(ran[i] == 1 for i in done_before), "a finished brief was redone"
    # a run cut off by the server's death is not the brief's doing: only the finishing run counts
    assert all(1 <= ran[b["index"]] <= 2 and b["attempts"] == 1 for b in body["briefs"]), (ran, body["briefs"])
    out = Path(store.batch(batch_id).out_dir)
    for brief in store.batch(batch_id).briefs:
        files = sorted(p.name for p in (out / brief.folder).iterdir() if not p.name.startswith("."))
        assert files == ["poster.png", "poster.psd", "poster.spec.json"]
    assert json.loads((out / "report.json").read_text())["batch"]["counts"]["done"] == 20


# ---------------------------------------------------------------- the other surfaces share the app
def test_mcp_and_the_chat_ui_mount_beside_the_api_which_keeps_its_routes(settings: Settings,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.machinery
    import types

    import gradio as gr
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    def build_ui(settings: Settings, session: object, *, batches=None, identify=None) -> gr.Blocks:
        assert batches is not None  # the UI gets the app's own BatchService
        with gr.Blocks() as blocks:
            gr.Markdown("mounted")
        return blocks

    def mount_mcp(app, settings: Settings, session: object) -> None:
        async def endpoint(request):
            return PlainTextResponse("mcp here")
        app.router.routes.insert(0, Route("/mcp", endpoint=endpoint))

    # stand-ins for (or over) the real ui/web/ and ui/mcp_server.py: this tests the mounting only
    for name, attr, function in (("ui.web", "build_ui", build_ui), ("ui.mcp_server", "mount_mcp", mount_mcp)):
        module = types.ModuleType(name)
        module.__spec__ = importlib.machinery.ModuleSpec(name, None)
        setattr(module, attr, function)
        monkeypatch.setitem(sys.modules, name, module)
    app = create_app(settings.model_copy(update={"api_tokens": TOKENS}), session=object(),
                     runner_factory=png_runner, workers=1)
    with ThreadServer(app) as server:
        url = f"http://127.0.0.1:{server.port}"
        root = httpx.get(url + "/", follow_redirects=True, timeout=30)
        assert root.status_code == 200 and "text/html" in root.headers["content-type"]
        assert httpx.get(url + "/mcp").text == "mcp here"
        assert "swagger" in httpx.get(url + "/docs").text.lower()
        assert httpx.get(url + "/v1/batches/none", headers=AUTH).json() == {"detail": "no such batch"}
        assert httpx.get(url + "/v1/batches/none").status_code == 401
