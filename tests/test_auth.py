"""One door for every surface: the token store and its CLI, and the whole server (REST, /mcp and
the Gradio UI) on 127.0.0.1 with real HTTP: nothing but the docs and the login page answers
without credentials, the UI logs in with a stored token, a revoked token's session ends, and
Gradio's file route serves each identity only its own files."""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from support.batch_support import ThreadServer, png_runner
from tools.config import Settings
from tools.tokens import Doorkeeper, TokenError, TokenStore, env_identity, tokens_configured, tokens_path

ENV_TOKEN = "env-token-for-auth-tests"


# ---------------------------------------------------------------- the store
def test_a_new_token_is_random_shown_once_and_only_its_hash_is_stored(settings: Settings) -> None:
    store = TokenStore(tokens_path(settings))
    first, second = store.add("alice"), store.add("bob", admin=True)
    assert first != second and len(first) > 40
    raw = tokens_path(settings).read_bytes() + b"".join(p.read_bytes() for p in settings.data_dir.glob("tokens*"))
    assert first.encode() not in raw and second.encode() not in raw
    assert [(t.name, t.admin) for t in store.list()] == [("alice", False), ("bob", True)]
    alice = store.find(first)
    assert alice is not None and alice.identity == "alice" and not alice.admin
    assert store.find(first + "x") is None and store.find("") is None


def test_names_are_checked_and_unique_and_revoking_ends_a_token(settings: Settings) -> None:
    store = TokenStore(tokens_path(settings))
    token = store.add("Alice")  # names are lowercase
    with pytest.raises(TokenError, match="already exists"):
        store.add("alice")
    for bad in ("", "../x", "a b", "local", "0123456789abcdef", "x" * 41):
        with pytest.raises(TokenError):
            store.add(bad)
    store.revoke("alice")
    assert store.find(token) is None and store.list() == []
    with pytest.raises(TokenError, match="no token named"):
        store.revoke("alice")


def test_tokens_are_configured_by_the_env_or_the_store(settings: Settings) -> None:
    assert not tokens_configured(settings)
    assert not tokens_path(settings).exists(), "asking does not create a database"
    assert tokens_configured(settings.model_copy(update={"api_tokens": ["t"]}))
    assert tokens_configured(settings.model_copy(update={"admin_tokens": ["t"]}))
    TokenStore(tokens_path(settings)).add("carol")
    assert tokens_configured(settings)


def test_env_tokens_keep_their_identity_and_admin_tokens_are_admins(settings: Settings) -> None:
    door = Doorkeeper(settings.model_copy(update={"api_tokens": ["plain"], "admin_tokens": ["boss"]}))
    plain, boss = door.resolve("plain"), door.resolve("boss")
    assert plain is not None and plain.identity == env_identity("plain") and not plain.admin
    assert boss is not None and boss.admin and door.resolve("nope") is None


def test_the_tokens_cli_adds_lists_and_revokes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.cli import app

    monkeypatch.setenv("HUABAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    runner = CliRunner()
    added = runner.invoke(app, ["tokens", "add", "dana", "--admin"])
    assert added.exit_code == 0, added.output
    token = added.stdout.strip().splitlines()[-1]
    caller = TokenStore(tmp_path / "data" / "tokens.sqlite3").find(token)
    assert caller is not None and caller.name == "dana" and caller.admin
    listed = runner.invoke(app, ["tokens", "list"])
    assert listed.exit_code == 0 and "dana\tadmin" in listed.stdout and token not in listed.stdout
    again = runner.invoke(app, ["tokens", "add", "dana"])
    assert again.exit_code == 1 and "already exists" in again.output and "Traceback" not in again.output
    assert runner.invoke(app, ["tokens", "revoke", "dana"]).exit_code == 0
    gone = runner.invoke(app, ["tokens", "revoke", "dana"])
    assert gone.exit_code == 1 and "no token named 'dana'" in gone.output


# ---------------------------------------------------------------- the whole server
@dataclass
class Door:
    url: str
    settings: Settings
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory):
    from agent.session import Session
    from ui.server import create_app

    root = tmp_path_factory.mktemp("door")
    settings = Settings(_env_file=None, data_dir=root / "data", output_dir=root / "out", api_tokens=[ENV_TOKEN])
    store = TokenStore(tokens_path(settings))
    tokens = {"alice": store.add("alice"), "bob": store.add("bob"), "gone": store.add("gone")}
    app = create_app(settings, Session(settings), runner_factory=png_runner, workers=1)
    with ThreadServer(app) as server:
        yield Door(f"http://127.0.0.1:{server.port}", settings, tokens)


@contextmanager
def login(door: Door, name: str, token: str) -> Iterator[httpx.Client]:
    """A client holding the session cookie of Gradio's login form."""
    with httpx.Client(base_url=door.url, timeout=60) as client:
        response = client.post("/login", data={"username": name, "password": token})
        assert response.status_code == 200, response.text
        yield client


def own_file(door: Door, identity: str, name: str = "mine.png") -> Path:
    folder = door.settings.output_dir / "users" / identity
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + identity.encode())
    return path.resolve()


def ui_routes(door: Door) -> list[tuple[str, str, dict]]:
    poster = own_file(door, "alice")
    return [
        ("GET", "/config", {}), ("GET", "/config/", {}), ("GET", "/gradio_api/info", {}),
        ("POST", "/gradio_api/upload", {"files": {"files": ("x.png", b"\x89PNG", "image/png")}}),
        ("POST", "/gradio_api/queue/join", {"json": {"data": [], "fn_index": 0, "session_hash": "s1"}}),
        ("GET", "/gradio_api/queue/data?session_hash=s1", {}),
        ("GET", f"/gradio_api/file={poster}", {}), ("GET", f"/gradio_api/file/{poster}", {}),
        ("GET", "/gradio_api/heartbeat/s1", {}), ("POST", "/gradio_api/cancel", {"json": {}}),
        ("GET", "/gradio_api/upload_progress?upload_id=x", {}), ("GET", "/gradio_api/runs", {}),
        ("GET", "/gradio_api/run-history/records", {}), ("POST", "/gradio_api/run/predict", {"json": {}}),
        ("GET", "/monitoring/x", {}), ("GET", "/gradio_api/startup-events", {}),
    ]


def test_without_credentials_nothing_but_the_docs_and_the_login_page_answers(door: Door) -> None:
    with httpx.Client(base_url=door.url, timeout=30) as client:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert client.get(path).status_code == 200, path
        page = client.get("/")
        assert page.status_code == 200 and '"auth_required":true' in page.text.replace(" ", "")
        for method, path, extra in ui_routes(door):
            response = client.request(method, path, **extra)
            assert response.status_code == 401, (method, path, response.status_code, response.text[:200])
            assert b"\x89PNG" not in response.content
        for method, path in (("POST", "/v1/posters"), ("POST", "/v1/batches"), ("GET", "/v1/batches/x"),
                             ("GET", "/v1/batches/x/results.zip"), ("GET", "/v1/assets/users/alice/mine.png"),
                             ("POST", "/mcp"), ("GET", "/mcp")):
            assert client.request(method, path, json={}).status_code == 401, (method, path)


def test_a_wrong_password_or_another_tokens_name_does_not_log_in(door: Door) -> None:
    with httpx.Client(base_url=door.url, timeout=30) as client:
        for name, token in (("alice", "wrong"), ("bob", door.tokens["alice"]), ("alice", "")):
            response = client.post("/login", data={"username": name, "password": token})
            assert response.status_code in (400, 422) and not response.cookies, (name, response.text)
        assert client.get("/config").status_code == 401


def test_a_stored_token_logs_in_and_opens_the_whole_ui(door: Door) -> None:
    with login(door, "alice", door.tokens["alice"]) as client:
        config = client.get("/config")
        assert config.status_code == 200 and config.json()["components"]
        assert client.get("/gradio_api/info").status_code == 200
        upload = client.post("/gradio_api/upload", files={"files": ("x.png", b"\x89PNG\r\n\x1a\n", "image/png")})
        assert upload.status_code == 200, upload.text
        assert client.get(f"/gradio_api/file={own_file(door, 'alice')}").content.endswith(b"alice")
        assert client.get("/v1/batches/x").status_code == 401, "the UI's cookie is not an API token"
        client.get("/logout")
        assert client.get("/config").status_code == 401, "logging out ends the session"


def test_an_env_token_logs_in_under_any_name(door: Door) -> None:
    with login(door, "whoever", ENV_TOKEN) as client:
        assert client.get("/config").status_code == 200
        mine = own_file(door, env_identity(ENV_TOKEN))
        assert client.get(f"/gradio_api/file={mine}").status_code == 200


def test_the_file_route_serves_each_identity_only_its_own_files(door: Door) -> None:
    alices, bobs = own_file(door, "alice"), own_file(door, "bob")
    nobodys = door.settings.output_dir / "loose.png"
    nobodys.write_bytes(b"\x89PNG loose")
    # bob's poster made over the REST API: the job store says whose it is
    bob_api = httpx.post(door.url + "/v1/posters", json={"brief": "鲍勃的海报"},
                         headers={"Authorization": f"Bearer {door.tokens['bob']}"}, timeout=60)
    assert bob_api.status_code == 200, bob_api.text
    bob_poster = (door.settings.output_dir / bob_api.json()["outputs"][0]["png"]).resolve()
    with login(door, "alice", door.tokens["alice"]) as alice, login(door, "bob", door.tokens["bob"]) as bob:
        assert alice.get(f"/gradio_api/file={alices}").status_code == 200
        for path in (bobs, bob_poster, nobodys.resolve()):
            for route in ("/gradio_api/file=", "/gradio_api/file/"):
                response = alice.get(f"{route}{path}")
                assert response.status_code == 404 and b"PNG" not in response.content, (route, path)
        assert bob.get(f"/gradio_api/file={bob_poster}").content.startswith(b"\x89PNG")
        assert bob.get(f"/gradio_api/file={bobs}").status_code == 200
        assert bob_api.json()["id"] not in alice.get("/config").text


def test_revoking_a_token_ends_its_ui_sessions_at_once(door: Door) -> None:
    with login(door, "gone", door.tokens["gone"]) as client:
        assert client.get("/config").status_code == 200
        TokenStore(tokens_path(door.settings)).revoke("gone")  # as `huabao tokens revoke gone` does
        assert client.get("/config").status_code == 401
        assert client.post("/login", data={"username": "gone", "password": door.tokens["gone"]}).status_code == 400
        api = httpx.get(door.url + "/v1/batches/x", headers={"Authorization": f"Bearer {door.tokens['gone']}"})
        assert api.status_code == 401


def test_a_token_added_while_the_server_runs_works_at_once(door: Door) -> None:
    token = TokenStore(tokens_path(door.settings)).add("late")
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(door.url + "/v1/batches/x", headers=headers).status_code == 404
    with login(door, "late", token) as client:
        assert client.get("/config").status_code == 200


def test_mcp_takes_stored_tokens(door: Door) -> None:
    headers = {"Authorization": f"Bearer {door.tokens['alice']}", "Accept": "application/json, text/event-stream"}
    body = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    response = httpx.post(door.url + "/mcp", json=body, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    assert httpx.post(door.url + "/mcp", json=body, headers={**headers, "Authorization": "Bearer nope"}).status_code == 401


def test_without_tokens_the_ui_stays_open_to_loopback(tmp_path: Path) -> None:
    from agent.session import Session
    from ui.server import create_app

    settings = Settings(_env_file=None, data_dir=tmp_path / "data", output_dir=tmp_path / "out")
    with ThreadServer(create_app(settings, Session(settings), runner_factory=png_runner, workers=1)) as server:
        url = f"http://127.0.0.1:{server.port}"
        assert httpx.get(url + "/config", timeout=30).status_code == 200
        assert httpx.get(url + "/v1/batches/x", timeout=30).status_code == 404
    assert not tokens_path(settings).exists()


def test_an_old_job_store_gains_the_identity_column(tmp_path: Path) -> None:
    from agent.batch import JobStore

    path = tmp_path / "jobs.sqlite3"
    with sqlite3.connect(path) as db:  # the schema before owners were recorded, with a batch in it
        db.executescript("CREATE TABLE batches (id TEXT PRIMARY KEY, kind TEXT NOT NULL, queue TEXT NOT NULL, "
                         "priority INTEGER NOT NULL DEFAULT 0, idempotency_key TEXT UNIQUE, request_hash TEXT, "
                         "source_key TEXT, out_dir TEXT NOT NULL, total INTEGER NOT NULL, created_at REAL NOT NULL);")
        db.execute("INSERT INTO batches VALUES ('old', 'batch', 'server', 0, NULL, NULL, NULL, '/tmp/x', 0, ?)",
                   (time.time(),))
    store = JobStore(path)
    assert store.identity_of("old") == (True, None) and store.identity_of("nope") == (False, None)
    JobStore(path)  # a second opening finds the column there
    assert [s.id for s in store.recent(identity="alice")] == [] and [s.id for s in store.recent()] == ["old"]
