"""The service layer and its session (agent/service.py, agent/session.py): one queue for every
surface's briefs, one text-or-image rule, errors that keep their types, models loaded once."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from agent import service
from agent.cancel import TurnCancelled
from agent.loop import Reply
from agent.session import Session, WorkQueue
from tools.config import Settings
from tools.errors import GalleryError, HuabaoError
from tools.registry import Workspace, build_tools, tool_specs


class CountingAgent:
    """Records how many turns run at once and in which order they started."""

    def __init__(self, seconds: float = 0.15):
        self.seconds = seconds
        self.running = 0
        self.most_at_once = 0
        self.started: list[str] = []
        self.lock = threading.Lock()

    def handle(self, text, *, images, out_dir, on_step, previous, templates, cancel, brand=None):
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.started.append(text)
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        return Reply(text=f"done {text}")

    def make(self, brief, **kwargs):
        return self.handle(brief, images=None, out_dir=None, on_step=None, previous=None, templates=None,
                           cancel=kwargs.get("cancel"))


def test_briefs_from_every_surface_run_one_at_a_time_in_arrival_order(settings: Settings) -> None:
    agent = CountingAgent()
    session = Session(settings, agent=agent)  # type: ignore[arg-type]
    replies: list[str] = []

    def chat(text: str) -> None:
        replies.append(service.handle(session, service.ChatTurn(text=text)).text)

    def mcp(text: str) -> None:
        replies.append(service.make(session, service.MakeRequest(brief=text)).text)  # type: ignore[attr-defined]

    threads = []
    for index in range(6):
        runner = chat if index % 2 else mcp
        threads.append(threading.Thread(target=runner, args=(f"brief {index}",)))
        threads[-1].start()
        time.sleep(0.03)  # arrive in order
    for thread in threads:
        thread.join(10)
    assert agent.most_at_once == 1, "never two briefs at once on one pipeline"
    assert agent.started == [f"brief {i}" for i in range(6)], "first come, first served"
    assert len(replies) == 6


def test_a_waiting_turn_is_told_its_place_and_can_be_stopped() -> None:
    queue = WorkQueue()
    places: list[int] = []
    cancel = threading.Event()
    with queue.turn():
        threading.Timer(0.3, cancel.set).start()
        with pytest.raises(TurnCancelled):
            with queue.turn(cancel, on_wait=places.append):
                pytest.fail("a stopped turn never runs")
        assert queue.ahead_of_new_arrival() == 1, "the stopped turn left the queue"
    assert places == [1]
    assert queue.ahead_of_new_arrival() == 0
    with queue.turn():  # and the queue still works
        pass


def test_search_takes_exactly_one_of_text_and_image(settings: Settings, tmp_path: Path) -> None:
    session = Session(settings)
    for text, image in (("", None), ("礼物", tmp_path / "gift.png")):
        with pytest.raises(HuabaoError, match="either a text query or an image"):
            service.search(session, service.SearchRequest(text=text, image=image))
    assert session.models.loaded("retriever") is None, "a refused search loads nothing"


def test_search_and_describe_share_the_sessions_models(mini_gallery: Settings, tmp_path: Path) -> None:
    session = Session(mini_gallery)
    answer = service.search(session, service.SearchRequest(text="礼物", k=3))
    assert answer.hits and answer.backend
    retriever = session.models.loaded("retriever")
    again = service.search(session, service.SearchRequest(image=Path(answer.hits[0].path), k=1))
    assert again.hits[0].id == answer.hits[0].id
    assert session.models.loaded("retriever") is retriever, "loaded once, kept"
    description = service.describe(session, service.DescribeRequest(image=Path(answer.hits[0].path)))
    assert description.subjects_zh
    assert session.agent.models is session.models, "the Agent's briefs use the same models"


def test_template_rows_are_one_shape_everywhere(settings: Settings) -> None:
    session = Session(settings)
    rows = service.template_rows(session)
    names = {row.name for row in rows}
    assert {"3d-icon", "card-popup"} <= names
    icon = next(row for row in rows if row.name == "3d-icon")
    assert icon.command == "/3d-icon" and icon.format and "subject" in icon.slots
    reply = session.agent.handle("/templates")
    assert [row["name"] for row in reply.data["templates"]] == [row.name for row in rows]


def test_the_offline_planner_gets_a_tools_error_with_its_type_the_llm_gets_json(settings: Settings,
                                                                                tmp_path: Path) -> None:
    ws = Workspace(settings, tmp_path / "work")
    steps: list[str] = []
    ws.on_step = lambda step: steps.append(step.kind)

    class Damaged:
        backend = "test"

        def search_text(self, *args, **kwargs):
            raise GalleryError("the gallery index is damaged; re-run huabao index")

    ws.models.use("retriever", Damaged())
    specs = {spec.name: spec for spec in tool_specs(ws, out_dir=tmp_path, basename="p")}
    with pytest.raises(GalleryError):
        specs["search_gallery"].call(ws, {"query": "礼物"})
    assert steps == ["error"], "the failure is reported as a step too"
    tool = next(t for t in build_tools(ws, list(specs.values())) if t.name == "search_gallery")
    assert "damaged" in tool.invoke({"query": "礼物"}), "the LLM reads the error as JSON and may try again"


def test_serve_gives_the_chat_and_mcp_one_session(settings: Settings) -> None:
    from fastapi import FastAPI

    from agent.batch import BatchService
    from ui.server import mount_surfaces

    app = FastAPI()
    mount_surfaces(app, settings, None, BatchService(settings))
    assert app.state.mcp.session is app.state.session


def test_a_brand_kit_reaches_the_posters_from_the_service_and_an_unknown_one_fails_first(
        mini_gallery: Settings, tmp_path: Path) -> None:
    import json

    session = Session(mini_gallery.model_copy(update={"output_dir": tmp_path / "out"}))
    result = service.make(session, service.MakeRequest(brief="礼物盒弹窗，标题：惊喜好礼", brand="lanxin"))
    spec = json.loads(Path(result.outputs[0].spec).read_text(encoding="utf-8"))
    assert result.brand == "lanxin" and spec["brand"] and any(layer["kind"] == "logo" for layer in spec["layers"])
    with pytest.raises(HuabaoError, match="unknown brand “acme”"):
        service.make(session, service.MakeRequest(brief="礼物盒弹窗", brand="acme"))
    assert not list((tmp_path / "out").glob("*acme*")), "nothing was made for it"


def test_the_chat_offers_every_brand_kit(settings: Settings) -> None:
    from ui.web.chat import brand_choices

    choices = dict((value, label) for label, value in brand_choices(settings))
    assert "" in choices and {"jinxi", "lanxin", "xianguo"} <= set(choices)


# ---------------------------------------------------------------- templates: one set of functions for CLI and chat
def test_a_template_copied_pinned_and_shown_through_the_service(settings: Settings) -> None:
    session = Session(settings)
    made = service.new_template(session, service.NewTemplate(name="autumn", based_on="3d-icon"))
    assert Path(made.path) == settings.data_dir / "templates" / "autumn.yaml"
    detail = service.template_detail(session, "autumn")
    assert detail.user_copy and detail.command == "/autumn" and "{subject}" in detail.source_text
    assert detail.versions == [service.TemplateVersion(key="autumn", version=1)]
    second = detail.source_text + "\nversion: 2\n"  # a tuned version, as `templates tune` saves one
    (settings.data_dir / "templates" / "autumn@2.yaml").write_text(second, encoding="utf-8")
    service.pin_template(session, service.PinTemplate(name="autumn", version=2))
    pinned = service.template_detail(session, "autumn")
    assert [v.version for v in pinned.versions] == [1, 2] and pinned.key == "autumn@2"
    with pytest.raises(HuabaoError, match="no version 7"):
        service.pin_template(session, service.PinTemplate(name="autumn", version=7))


def test_a_broken_template_file_is_named_and_a_bad_edit_saves_nothing(settings: Settings) -> None:
    session = Session(settings)
    folder = settings.data_dir / "templates"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("name: broken\nprompt: [\n", encoding="utf-8")
    errors = service.template_errors(session)
    assert len(errors) == 1 and "broken.yaml" in errors[0]
    with pytest.raises(HuabaoError, match="slots does not define"):
        service.save_template(session, service.TemplateText(name="3d-icon", text="name: 3d-icon\ndescription: x\n"
                                                                                 "prompt: '{subject}'\n"))
    assert not (folder / "3d-icon.yaml").exists()
    assert service.template_detail(session, "3d-icon").user_copy is False


def test_editable_files_from_a_spec_hold_a_remote_callers_sources_to_its_folders(settings: Settings,
                                                                                  tmp_path: Path) -> None:
    """Making only the PSD of a spec goes through the same confinement as a whole render: a spec
    naming a picture outside the caller's folders is refused before anything is drawn."""
    import json

    from PIL import Image

    from tools.paths import PathRefused

    inside, outside = tmp_path / "mine", tmp_path / "theirs"
    inside.mkdir()
    outside.mkdir()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(outside / "secret.png")
    layers = [{"id": "bg", "kind": "background", "name": "bg", "box": [0, 0, 100, 100],
               "source": str(outside / "secret.png")}]
    spec = inside / "poster.spec.json"
    spec.write_text(json.dumps({"width": 100, "height": 100, "format": "100x100", "layout": "hand",
                                "safe_area": [0, 0, 100, 100], "layers": layers}), encoding="utf-8")
    session = Session(settings)
    request = service.RenderRequest(spec=spec, editable=["psd"], roots=[inside])
    with pytest.raises(PathRefused):
        service.render(session, request)
    assert not (inside / "poster.psd").exists()
    made = service.render(session, request.model_copy(update={"roots": None}))  # a local caller
    assert made.psd and Path(made.psd).is_file()
