"""Data is owned: over real HTTP on 127.0.0.1 each token sees and downloads only its own batches,
posters and files (another's answer 404, exactly like ones that do not exist); the UI's batch list
is per identity; saved templates belong to whoever saved them, shared ones to admins."""
from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from agent.batch import BatchService, JobStore
from agent.templates import TemplateLibrary, owner_templates_dir
from support.batch_support import ThreadServer, png_runner
from tools.config import Settings
from tools.tokens import TokenStore, env_identity, tokens_path

ENV_TOKEN = "env-token-ownership"
ADMIN_TOKEN = "admin-token-ownership"
VALID_TEMPLATE = "name: {name}\ndescription: mine\nprompt: '{{subject}}, glossy'\nslots:\n  subject:\n    default: gift\n"


@dataclass
class Api:
    url: str
    settings: Settings
    headers: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory):
    from ui.server import create_app

    root = tmp_path_factory.mktemp("owned")
    settings = Settings(_env_file=None, data_dir=root / "data", output_dir=root / "out", api_tokens=[ENV_TOKEN],
                        admin_tokens=[ADMIN_TOKEN])
    store = TokenStore(tokens_path(settings))
    tokens = {"alice": store.add("alice"), "bob": store.add("bob"), "env": ENV_TOKEN, "admin": ADMIN_TOKEN}
    headers = {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    with ThreadServer(create_app(settings, runner_factory=png_runner, workers=2, surfaces=False)) as server:
        yield Api(f"http://127.0.0.1:{server.port}", settings, headers)


def get(api: Api, who: str, path: str) -> httpx.Response:
    return httpx.get(api.url + path, headers=api.headers[who], timeout=60)


def wait_done(api: Api, who: str, batch_id: str) -> dict:
    deadline = time.monotonic() + 60
    while True:
        body = get(api, who, f"/v1/batches/{batch_id}").json()
        if body["status"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.1)


def owned_routes(api: Api, owner: str) -> list[str]:
    """Every read route for one poster and one batch that `owner` made."""
    poster = httpx.post(api.url + "/v1/posters", json={"brief": f"{owner} 的海报"}, headers=api.headers[owner],
                        timeout=60)
    assert poster.status_code == 200, poster.text
    batch = httpx.post(api.url + "/v1/batches", json={"briefs": [{"brief": f"{owner} 批量 {i}"} for i in range(2)]},
                       headers=api.headers[owner], timeout=60).json()
    body = wait_done(api, owner, batch["id"])
    output = poster.json()["outputs"][0]
    routes = [f"/v1/batches/{poster.json()['id']}", f"/v1/batches/{poster.json()['id']}/results.zip",
              f"/v1/batches/{batch['id']}", f"/v1/batches/{batch['id']}/results.zip"]
    routes += [output[key] for key in ("png_url", "psd_url", "spec_url")]
    routes += [body["briefs"][0]["outputs"][0]["png_url"]]
    # the batch's own report, under its folder (batches/<id>/report.csv)
    routes.append(body["briefs"][0]["outputs"][0]["png_url"].rsplit("/", 2)[0] + "/report.csv")
    return routes


@pytest.mark.parametrize("owner,other", [("alice", "bob"), ("env", "alice"), ("bob", "env")])
def test_each_token_reads_only_its_own_batches_zips_and_assets(api: Api, owner: str, other: str) -> None:
    routes = owned_routes(api, owner)
    for path in routes:
        assert get(api, owner, path).status_code == 200, path
        theirs, missing = get(api, other, path), get(api, other, path + "-missing")
        assert theirs.status_code == 404, (other, path)
        # the same answer as for a thing that is not there: an id or a path tells nothing
        assert theirs.json() == missing.json() or theirs.json()["detail"] in ("not found", "no such batch")
        assert get(api, "admin", path).status_code == 404, "an admin edits templates; others' work stays theirs"


def test_a_zip_holds_only_its_own_batch(api: Api) -> None:
    routes = owned_routes(api, "alice")
    archive = zipfile.ZipFile(io.BytesIO(get(api, "alice", routes[3]).content))
    assert {"report.json", "report.csv"} <= set(archive.namelist())
    assert all("bob" not in name for name in archive.namelist())


def test_the_same_idempotency_key_from_two_tokens_makes_two_batches(api: Api) -> None:
    body = {"briefs": [{"brief": "同一个键"}]}
    ids = [httpx.post(api.url + "/v1/batches", json=body, timeout=60,
                      headers={**api.headers[who], "Idempotency-Key": "shared-key"}).json()["id"]
           for who in ("alice", "bob")]
    assert ids[0] != ids[1]
    assert get(api, "bob", f"/v1/batches/{ids[0]}").status_code == 404


def test_files_no_one_owns_are_for_admins_only(api: Api) -> None:
    (api.settings.output_dir / "render").mkdir(parents=True, exist_ok=True)
    (api.settings.output_dir / "render" / "loose.png").write_bytes(b"\x89PNG loose")
    assert get(api, "admin", "/v1/assets/render/loose.png").status_code == 200
    for who in ("alice", "env"):
        assert get(api, who, "/v1/assets/render/loose.png").status_code == 404


def test_the_job_store_records_who_submitted(api: Api) -> None:
    batch = httpx.post(api.url + "/v1/batches", json={"briefs": [{"brief": "记录身份"}]}, headers=api.headers["env"],
                       timeout=60).json()
    assert JobStore(api.settings.jobs_db).identity_of(batch["id"]) == (True, env_identity(ENV_TOKEN))


# ---------------------------------------------------------------- the UI's lists and templates
def test_the_batch_board_lists_only_the_callers_batches(settings: Settings, tmp_path: Path) -> None:
    from agent.batch import BriefRequest
    from ui.web.batches import batches_html

    service = BatchService(settings)
    mine, _ = service.submit([BriefRequest(brief="我的批量")], identity="alice")
    theirs, _ = service.submit([BriefRequest(brief="别人的批量")], identity="bob")
    alice_board = batches_html(service, identity="alice")[0]
    assert mine.id in alice_board and theirs.id not in alice_board
    everything = batches_html(service)[0]  # the local user (no tokens) sees all
    assert mine.id in everything and theirs.id in everything


def test_a_users_saved_template_is_theirs_and_the_shared_ones_stay(settings: Settings) -> None:
    alice, bob = TemplateLibrary(settings, owner="alice"), TemplateLibrary(settings, owner="bob")
    shipped_text = alice.get("3d-icon").to_yaml()
    path = alice.save_text("3d-icon", VALID_TEMPLATE.format(name="3d-icon"))
    assert path == owner_templates_dir(settings, "alice") / "3d-icon.yaml"
    alice.new("alices-own", based_on="3d-icon")
    assert not (settings.data_dir / "templates").exists(), "the shared folder is untouched"
    # a new library (a page reload, a restart) still lists them, for alice only
    again = TemplateLibrary(settings, owner="alice")
    assert "alices-own" in again.names() and again.get("3d-icon").description == "mine"
    bob.reload()
    assert "alices-own" not in bob.names() and bob.get("3d-icon").to_yaml() == shipped_text
    assert "alices-own" not in TemplateLibrary(settings).names()


def test_an_admins_save_edits_the_shared_templates(settings: Settings) -> None:
    from tools.tokens import Caller
    from agent import service
    from agent.session import Session

    session = Session(settings)
    admin = Caller(identity="boss", name="boss", admin=True)
    user = Caller(identity="carol", name="carol")
    mine = VALID_TEMPLATE.format(name="3d-icon")
    saved = service.save_template(session, service.TemplateText(name="3d-icon", text=mine, owner=admin.template_owner))
    assert Path(saved.path) == settings.data_dir / "templates" / "3d-icon.yaml"
    assert session.agent.templates.get("3d-icon").description == "mine", "the agent uses the shared templates"
    carol = user.template_owner
    assert service.template_detail(session, "3d-icon", carol).description == "mine"
    service.save_template(session, service.TemplateText(name="3d-icon", text=mine.replace("mine", "carol's"),
                                                        owner=carol))
    assert service.template_detail(session, "3d-icon", carol).description == "carol's"
    assert TemplateLibrary(settings).get("3d-icon").description == "mine", "a user cannot change the shared one"
