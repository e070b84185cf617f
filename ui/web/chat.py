"""The chat tab: a turn runs through the service (`handle`) and its typed steps become messages,
in the brief's language; "/" suggests the caller's templates and the commands.
"""
from __future__ import annotations

import html
import json
import queue
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from agent import service
from tools.config import Settings
from tools.errors import HuabaoError
from tools.steps import (
    CandidatesStep,
    CheckStep,
    ExportStep,
    KeywordsStep,
    PickStep,
    ReferenceHit,
    ReferencesStep,
    TemplateStep,
)
from tools.tokens import LOCAL_CALLER
from ui.web.common import INTERNAL_ERROR, INTERNAL_ERRORS, Identify, caller_of, file_url, log, readable_error

if TYPE_CHECKING:
    from agent.loop import Reply
    from agent.result import MakeResult
    from agent.session import Session
    from agent.templates import TemplateRow
    from tools.steps import Step


# The pipeline's steps as the chat names them. Open steps stay expanded (what a marketer wants
# to see: keywords, template, references, candidates); the others collapse to a one-line log.
STEP_LABELS: dict[str, tuple[str, str, bool]] = {
    "keywords": ("关键词", "Keywords", True),
    "template": ("模板", "Template", True),
    "references": ("参考图", "References", True),
    "candidates": ("候选图", "Candidates", True),
    "pick": ("挑选", "Pick", False),
    "cutout": ("抠图", "Cutout", False),
    "compose": ("合成", "Compose", False),
    "check": ("检查", "Check", False),
    "export": ("导出", "Export", False),
    "note": ("备注", "Note", True),
    "llm": ("LLM", "", False),
    "error": ("问题", "Problem", True),
}

NEXT_ACTIVITY = {
    "": "理解文案 · reading the brief", "keywords": "选模板 · choosing a template",
    "template": "检索参考图 · searching references", "references": "生成候选图 · generating candidates",
    "candidates": "挑选 · picking the best", "pick": "抠图 · cutting out", "cutout": "合成排版 · composing",
    "compose": "检查 · checking", "check": "导出 PNG / PSD · exporting", "export": "下一张 · next poster",
}

STAGES = ["keywords", "template", "references", "candidates", "pick", "cutout", "compose", "check", "export"]

BRIEF_EXAMPLES = [
    ("双十一福袋弹窗", "双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取"),
    ("科技盾牌海报", "一个3D盾牌图标海报，蓝色渐变，科技风，标题：安全守护，副标题：企业级数据保护，按钮：了解更多"),
    ("开学季促销", "开学季文具促销海报，标题：开学好物，副标题：满100减20，按钮：去逛逛"),
    ("系列图标 /series", "/series 相机 文件夹 耳机 标题：安全守护"),
]

COMMANDS = [  # the commands that are not templates, with an example each
    ("/help", "命令和示例 · commands and examples"),
    ("/templates", "列出模板 · list the templates"),
    ("/series 相机 文件夹 耳机", "一组同风格海报，只换主体 · one poster per subject, same look"),
    ("/kit 双十一福袋，标题：好运福袋", "一套多尺寸：弹窗、海报、横幅、方图 · one brief in every format"),
    ("/describe", "图片 → 关键词（附一张图） · image → keywords (attach an image)"),
]

SUBMIT_LABEL = "生成"

EDIT_HINT = "继续修改当前海报：「标题换成 好运来」「按钮改成 马上抢」「换成蓝色」「改成 banner」"


def _chat_out_dir(settings: Settings, identity: str = LOCAL_CALLER.identity) -> Path:
    """Each identity's chat posters in its own folder: the file route serves them to it alone."""
    from ui.api import user_folder

    return user_folder(settings, identity) / "chat" / time.strftime("%Y%m%d")


def brand_choices(settings: Settings) -> list[tuple[str, str]]:
    """The brand picker's entries: none, then every brand kit this server knows (tools/brand.py)."""
    from tools.brand import list_brands

    try:
        brands = list_brands(settings)
    except HuabaoError:  # a broken brand file must not take the chat down with it
        log.exception("brand kits could not be listed")
        brands = []
    return [("无品牌 · no brand", "")] + [(brand.name, brand.key) for brand in brands]


@dataclass
class _StepView:
    kind: str
    text: str
    log: str = ""
    images: list[tuple[str, str]] = field(default_factory=list)  # (path, caption)


def _brief_markdown(brief: dict[str, Any]) -> str:
    from tools.colors import color_by_key

    def colour(key: str) -> str:
        try:
            return f"{color_by_key(key).zh} {key}"
        except KeyError:
            return key

    rows = [("主体 subject", "、".join(brief.get("subjects") or []) or "—")]
    if brief.get("theme"):
        rows.append(("主题 theme", brief["theme"]))
    if brief.get("palette"):
        rows.append(("配色 palette", "、".join(colour(k) for k in brief["palette"])))
    if brief.get("style"):
        rows.append(("风格 style", "、".join(brief["style"])))
    count = f" × {brief['count']}" if brief.get("count", 1) > 1 else ""
    rows.append(("格式 format", str(brief.get("format") or "—") + count))
    copy = brief.get("copy") or brief.get("copy_text") or {}
    copy_parts = [f"{label}「{copy[key]}」" for key, label in (("title", "标题"), ("subtitle", "副标题"),
                                                               ("cta", "按钮"), ("body", "正文")) if copy.get(key)]
    if copy_parts:
        rows.append(("文案 copy", " ".join(copy_parts)))
    return "\n".join(f"- **{name}** {html.escape(value)}" for name, value in rows)


def _thumb_caption(hit: ReferenceHit) -> str:
    label = hit.label_zh or hit.label_en or hit.gallery_id
    return f"{label} · {hit.score:.2f}"


def _problem_text(problem: dict[str, Any]) -> str:
    where = f"（{problem['layer']}）" if problem.get("layer") else ""
    return f"{problem.get('code', 'problem')}{where}: {problem.get('message', '')}".rstrip(": ")


class ChatTurn:
    """One turn of the chat as it happens: the agent's steps, then its answer, as chat messages.

    Messages are plain dicts (role, content, metadata) whose content may hold a
    `{"gallery": [(path, caption)]}` marker; `render_messages` turns markers into gr.Gallery,
    so the session history stays plain data."""

    def __init__(self, expected_posters: int = 1, language: str = "zh"):
        self.steps: list[_StepView] = []
        self.expected = max(1, expected_posters)
        self.exports = 0
        self.stage = 0
        self.final: list[dict[str, Any]] = []
        self.language = language  # the brief's, once the agent has read it

    # -- steps
    def add_step(self, step: Step) -> None:
        kind = step.kind
        if isinstance(step, KeywordsStep) and step.brief is not None:
            self.expected = max(self.expected, int(step.brief.get("count") or 1))
            self.language = step.brief.get("language") or self.language
        if kind in STAGES:
            self.stage = STAGES.index(kind) + 1
        if kind == "export":
            self.exports += 1
            self.stage = 0
        view = self._view(step)
        previous = self.steps[-1] if self.steps else None
        if kind == "references" and previous is not None and previous.kind == "references":
            previous.text += " / " + view.text  # several searches (subject, decorations) make one message
            known = {p for p, _ in previous.images}
            previous.images += [(p, c) for p, c in view.images if p not in known]
            previous.log = f"{len(previous.images)} 张 · {previous.text}"
            return
        self.steps.append(view)

    def _view(self, step: Step) -> _StepView:
        """A step as the chat shows it, from the step's own fields."""
        kind, message = step.kind, step.message
        if isinstance(step, KeywordsStep) and step.brief is not None:
            return _StepView(kind, _brief_markdown(step.brief))
        if isinstance(step, TemplateStep):
            text = f"**/{step.template}** {html.escape(step.description or message)}"
            if step.prompt:
                text += f"\n\n<small>`{step.prompt}`</small>"
            return _StepView(kind, text, log=f"/{step.template}")
        if isinstance(step, ReferencesStep):
            labels = "、".join(h.label_zh or h.label_en or "?" for h in step.hits) or "—"
            query = step.query or "image"
            images = [(h.path, _thumb_caption(h)) for h in step.hits if h.path]
            images = images or [(p, "") for p in step.images]
            text = f"{query} → {labels}"
            return _StepView(kind, text, log=f"{len(images)} 张 · {text}", images=images)
        if isinstance(step, CandidatesStep):
            items = step.candidates
            images = [(c.path, f"{c.candidate} · {c.backend}") for c in items if c.path]
            images = images or [(p, "") for p in step.images]
            backend = items[0].backend if items else ""
            return _StepView(kind, message, log=f"{len(images)} 张" + (f" · {backend}" if backend else ""),
                             images=images)
        if isinstance(step, PickStep):
            ranking = step.ranking
            lines = [f"- {r.candidate}: {r.score:.2f} "
                     + " ".join(f"{k} {v:.2f}" for k, v in r.signals.items() if isinstance(v, (int, float)))
                     for r in ranking[:4]]
            best = f" ({ranking[0].score:.2f})" if ranking else ""
            return _StepView(kind, "\n".join(lines) or html.escape(message), log=message + best)
        if isinstance(step, CheckStep):
            # The layout check of one composition; what else is wrong (a subject the gallery
            # lacks) comes after it, so a clean layout is "checked", not "no problems".
            english = self.language == "en"
            problems = step.problems
            if problems:
                text = "\n".join(f"- {html.escape(_problem_text(p))}" for p in problems)
                count = len(problems)
                return _StepView(kind, text, log=f"{count} layout problem(s), revising" if english
                                 else f"{count} 个排版问题，修正中")
            done = "Layout checked" if english else "已完成排版检查"
            return _StepView(kind, done, log=done)
        if isinstance(step, ExportStep):
            return _StepView(kind, html.escape(message), log=Path(step.png).name or message)
        return _StepView(kind, html.escape(message), log=message[:80])

    # -- progress
    @property
    def progress(self) -> float:
        done = self.exports + self.stage / len(STAGES)
        return min(0.99, done / max(self.expected, self.exports + (1 if self.stage else 0), 1))

    @property
    def progress_label(self) -> str:
        """What the agent is doing now: the step after the last one reported."""
        last = self.steps[-1].kind if self.steps else ""
        doing = NEXT_ACTIVITY.get(last, "处理中 · working")
        if self.expected > 1 and self.exports < self.expected:
            doing += f" · 海报 {self.exports + 1}/{self.expected}"
        return doing

    # -- the answer
    def finish(self, reply: Reply) -> None:
        result = reply.result
        if result is None:
            self.final = [{"role": "assistant", "content": reply.text}]
            return
        edit = reply.data.get("edit") if reply.data else None
        self.language = result.brief.language or self.language
        self.final = result_messages(result, edit=edit, language=self.language)

    def fail(self, message: str) -> None:
        """`message`: already in the user's language (`readable_error`, INTERNAL_ERRORS)."""
        # CommonMark does not close ** right after CJK punctuation: the colon goes outside
        lead = "**Problem:**" if self.language == "en" else "**出错了**："
        self.final = [{"role": "assistant", "content": f"{lead} {html.escape(message)}"}]

    def cancel(self, *, previous_kept: bool) -> None:
        """The user stopped the brief: say so, and that the last poster still stands."""
        if self.language == "en":
            text = "**Stopped.**" + (" The previous poster is unchanged." if previous_kept else "")
        else:
            text = "**已停止**。" + ("上一张海报保持不变。" if previous_kept else "")
        self.final = [{"role": "assistant", "content": text}]

    def messages(self, *, running: bool = False) -> list[dict[str, Any]]:
        out = []
        for view in self.steps:
            title, title_en, open_ = STEP_LABELS.get(view.kind, (view.kind, "", False))
            metadata: dict[str, Any] = {"title": f"{title} · {title_en}" if title_en else title}
            if not open_:
                metadata["status"] = "done"  # collapsed, the log line says what happened
            if view.log:
                metadata["log"] = view.log
            # One item per thought: the chat splits a list into separate bubbles, so a step with
            # pictures shows its thumbnails and says the rest in its log line.
            content: Any = ({"gallery": view.images, "columns": 8, "height": 150} if view.images else view.text)
            out.append({"role": "assistant", "content": content, "metadata": metadata})
        if running and not self.final:  # a spinner that says what is happening now
            out.append({"role": "assistant", "content": "",
                        "metadata": {"title": f"生成中 · Working — {self.progress_label}", "status": "pending"}})
        return out + self.final


def _spec_summary(spec_path: Path) -> str:
    """A few lines a designer scans: canvas, palette, copy, layers; the full JSON is linked."""
    try:
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    layers = [layer for layer in spec.get("layers", []) if layer.get("kind") != "shadow"]
    rows = "\n".join(f"| {html.escape(str(layer.get('name') or layer.get('id')))} | {layer.get('kind')} | "
                     f"{', '.join(str(v) for v in layer.get('box') or [])} |" for layer in layers[:14])
    palette = " ".join(f"`{c}`" for c in spec.get("palette", []))
    return (f"<details><summary>规格 Spec · {spec.get('width')}×{spec.get('height')} {spec.get('layout', '')}"
            f" · {len(layers)} 图层 layers</summary>\n\n配色 palette {palette}\n\n"
            f"| 图层 layer | 类型 kind | 位置 box (x, y, w, h) |\n|---|---|---|\n{rows}\n\n</details>")


def result_messages(result: MakeResult, *, edit: dict[str, Any] | None = None,
                    language: str | None = None) -> list[dict[str, Any]]:
    """The finished posters: image(s), download links per poster, spec summary, the problems left
    and the notes (in the brief's language), backends."""
    english = (language or result.brief.language) == "en"
    outputs = result.outputs
    messages: list[dict[str, Any]] = []
    if len(outputs) == 1:
        messages.append({"role": "assistant", "content": {"image": outputs[0].png}})
    elif outputs:
        captions = [(o.png, o.subject or f"海报 {i + 1}") for i, o in enumerate(outputs)]
        messages.append({"role": "assistant",
                         "content": {"gallery": captions, "columns": min(4, len(outputs)), "height": 480}})
    if english:
        head = f"**Done** {len(outputs)} poster(s) · template `/{result.template}` · {result.seconds:.1f} s"
    else:
        head = f"**完成** {len(outputs)} 张海报 · 模板 `/{result.template}` · {result.seconds:.1f} s"
    if edit:
        head += ("\n\nEdited: " if english else "\n\n已修改：") + "，".join(f"{k} → {v}" for k, v in edit.items())
    lines = [head]
    for i, output in enumerate(outputs, start=1):
        name = f"海报 {i}" + (f"（{output.subject}）" if output.subject and len(outputs) > 1 else "")
        lines.append(f"**{html.escape(name)}** · "
                     f'<a href="{file_url(output.png)}" download="{html.escape(Path(output.png).name)}">↓ PNG</a> · '
                     f'<a href="{file_url(output.psd)}" download="{html.escape(Path(output.psd).name)}">↓ PSD 分层</a> · '
                     + (f'<a href="{file_url(output.svg)}" download="{html.escape(Path(output.svg).name)}">↓ SVG</a> · '
                        if output.svg else '') +
                     f'<a href="{file_url(output.spec)}" target="_blank">spec JSON</a>')
        if i == 1 or len(outputs) <= 2:
            summary = _spec_summary(Path(output.spec))
            if summary:
                lines.append(summary)
    if result.problems:
        # The summary states every problem left, the ones the user must act on in words
        # (subject_not_found, copy_truncated carry a message in the brief's language).
        items = "\n".join(f"- {html.escape(p.get('message') or _problem_text(p))} <small>`{p.get('code', '')}`</small>"
                          for p in result.problems)
        lines.append(("**Problems left:**" if english else "**仍有问题**：") + "\n\n" + items)
    for note in result.notes:
        lines.append(("Note: " if english else "备注：") + html.escape(note))
    backends = " · ".join(f"{k} {v}" for k, v in result.backends.items())
    lines.append(f"<small>后端 backends: {html.escape(backends)}</small>")
    lines.append(f"<small>{EDIT_HINT}</small>")
    messages.append({"role": "assistant", "content": "\n\n".join(lines)})
    return messages


def user_message(text: str, images: list[str]) -> dict[str, Any]:
    content: list[Any] = [text] if text else []
    if images:
        content.append({"gallery": [(p, Path(p).name) for p in images], "columns": 4, "height": 120})
    return {"role": "user", "content": content}


def render_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Plain history → what gr.Chatbot displays (markers become components)."""
    rendered = []
    for message in messages:
        content = message["content"]
        items = content if isinstance(content, list) else [content]
        converted = [_render_item(item) for item in items]
        rendered.append({**message, "content": converted if isinstance(content, list) else converted[0]})
    return rendered


def _render_item(item: Any) -> Any:
    if isinstance(item, dict) and "gallery" in item:
        return gr.Gallery(value=[(p, c) for p, c in item["gallery"]], columns=item.get("columns", 6),
                          height=item.get("height", 128), object_fit="contain", show_label=False,
                          allow_preview=True, buttons=["download", "fullscreen"])
    if isinstance(item, dict) and "image" in item:
        return gr.Image(value=item["image"], height=440, show_label=False, buttons=["download", "fullscreen"])
    return item


def expected_posters(text: str) -> int:
    if text.startswith("/series"):
        words = [w for w in text.split()[1:] if not re.search(r"[：:，,]", w)]
        return max(1, len(words))
    return 1


def run_turn(session: Session, text: str, images: list[Path], out_dir: Path, previous: MakeResult | None, *,
             owner: str | None = None, cancel: threading.Event | None = None,
             brand: str | None = None) -> Iterator[tuple[str, Any]]:
    """Run the turn (`service.handle`) in a worker thread; yield ("step", Step) as they happen, then
    ("reply", Reply), ("error", message) or ("cancelled", None). The agent calls on_step on its own
    thread, so steps cross over through a queue. `owner`: whose saved templates work as slash
    commands too (`Caller.template_owner`); the session's Agent and models stay shared, and its queue runs one
    turn at a time. Error messages are in the brief's language, without paths.

    `cancel` (the stop button) is answered at once: the worker stops at the agent's next step, or
    leaves the session's queue if it was still waiting; `previous` and its files are never touched.
    Closing this generator early (the page went away) stops the worker the same way."""
    from agent.brief import text_language
    from agent.cancel import TurnCancelled

    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    brief = getattr(previous, "brief", None)
    language = text_language(text, brief.language if brief is not None and brief.language == "en" else "zh")
    cancel = cancel or threading.Event()
    turn = service.ChatTurn(text=text, images=images, out_dir=out_dir, previous=previous, owner=owner,
                            brand=brand or None)

    def work() -> None:
        try:
            reply = service.handle(session, turn, on_step=lambda step: events.put(("step", step)), cancel=cancel)
            events.put(("reply", reply))
        except TurnCancelled:
            events.put(("cancelled", None))
        except HuabaoError as err:
            events.put(("error", readable_error(err, language)))
        except Exception:
            log.exception("chat turn failed for %r", text[:200])
            events.put(("error", INTERNAL_ERRORS[language]))

    worker = threading.Thread(target=work, name="huabao-chat-turn", daemon=True)
    worker.start()
    finished = False
    try:
        while True:
            if cancel.is_set():
                finished = True
                yield "cancelled", None
                return
            try:
                kind, payload = events.get(timeout=0.2)
            except queue.Empty:
                if not worker.is_alive() and events.empty():
                    finished = True
                    yield "error", INTERNAL_ERRORS[language]  # the thread died without a word
                    return
                continue
            if kind in ("reply", "error", "cancelled"):
                finished = True
            yield kind, payload
            if finished:
                return
    finally:
        if not finished:
            cancel.set()  # nobody is listening any more: stop the work


def slash_suggestions(templates: list[TemplateRow], text: str) -> list[list[str]] | None:
    """The commands matching what follows "/" (until the first space), or None: not a command.
    Given a caller's template rows (`service.template_rows` with its owner), its own are listed too."""
    text = (text or "").lstrip()
    if not text.startswith("/") or " " in text or "\n" in text:
        return None
    prefix = text[1:].lower()
    rows = [[t.command + " 主体", t.description_zh or t.description] for t in templates]
    rows += [[command, description] for command, description in COMMANDS]
    return [row for row in rows if row[0][1:].lower().startswith(prefix)] or None


def chat_tab(settings: Settings, session: Session, identify: Identify) -> gr.MultimodalTextbox:
    history = gr.State([])
    last_result = gr.State(None)
    chatbot = gr.Chatbot(
        elem_id="hb-chatbot", height=620, show_label=False, layout="panel", group_consecutive_messages=False,
        feedback_options=None, buttons=[],
        placeholder=("**写下活动文案，或点一个示例。** Write a brief, or pick an example.\n\n"
                     "输入 `/` 查看模板命令 · type `/` for the template commands"),
        examples=[{"display_text": label, "text": text} for label, text in BRIEF_EXAMPLES])
    textbox = gr.MultimodalTextbox(
        elem_id="hb-input", show_label=False, file_types=["image"], file_count="multiple", sources=["upload"],
        placeholder="例：双十一福袋活动弹窗，红黄配色，标题：好运福袋，按钮：立即领取  ·  / 查看命令  ·  可附参考图/产品图",
        submit_btn=SUBMIT_LABEL, stop_btn=False, autofocus=True, lines=1, max_lines=6)
    slash = gr.Dataset(elem_id="hb-slash", components=[gr.Textbox(visible=False), gr.Textbox(visible=False)],
                       headers=["命令 command", "说明 what it does"], samples=[], layout="table",
                       samples_per_page=12, visible=False, label="模板命令 · template commands")
    with gr.Row(equal_height=True):
        gr.Markdown(f"{EDIT_HINT}。 `/help` 查看全部命令。", elem_classes="hb-hint")
        brand_choice = gr.Dropdown(brand_choices(settings), value="", label="品牌 · brand", scale=0, min_width=200,
                                   elem_id="hb-brand", container=False, interactive=True)
        new_chat = gr.Button("新对话 New chat", size="sm", variant="secondary", scale=0, min_width=140)

    # The running turn of each browser session, so its stop button reaches it.
    running: dict[str, threading.Event] = {}

    # every annotation here must resolve at run time: Gradio finds `request` by its type hint
    def respond(message: dict | None, messages: list, previous: Any, brand: str | None, request: gr.Request,
                progress: gr.Progress = gr.Progress()):
        caller = caller_of(identify, request)
        message = message or {}
        text = (message.get("text") or "").strip()
        images = [f if isinstance(f, str) else f.get("path") for f in message.get("files") or []]
        images = [p for p in images if p]
        if not text and not images:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        command = text or "/describe"  # an image alone: describe it
        messages = [*messages, user_message(text, images)]
        from agent.brief import text_language

        turn = ChatTurn(expected_posters(command), language=text_language(command))
        browser = request.session_hash or caller.identity
        cancel = running[browser] = threading.Event()
        progress(0.0, desc="开始 · starting")
        # While it runs, the input's send button is a stop button (as in every chat app).
        yield (render_messages(messages + turn.messages(running=True)),
               gr.MultimodalTextbox(value=None, interactive=False, submit_btn=False, stop_btn=True), messages,
               gr.skip(), gr.Dataset(visible=False))
        result = previous
        try:
            for kind, payload in run_turn(session, command, [Path(p) for p in images],
                                          _chat_out_dir(settings, caller.identity), previous,
                                          owner=caller.template_owner, cancel=cancel, brand=brand):
                if kind == "step":
                    turn.add_step(payload)
                    progress(turn.progress, desc=turn.progress_label)
                elif kind == "reply":
                    turn.finish(payload)
                    result = payload.result or previous
                elif kind == "cancelled":
                    turn.cancel(previous_kept=previous is not None)  # `result` stays the previous poster
                else:
                    turn.fail(payload)
                yield (render_messages(messages + turn.messages(running=True)), gr.skip(), gr.skip(), gr.skip(),
                       gr.skip())
        except Exception:  # showing the answer failed: say so and unlock the input rather than leave it stuck
            log.exception("chat turn display failed for %r", command[:200])
            turn.fail(INTERNAL_ERRORS.get(turn.language, INTERNAL_ERROR))
        finally:
            if running.get(browser) is cancel:
                del running[browser]
        messages = messages + turn.messages()
        yield (render_messages(messages),
               gr.MultimodalTextbox(value=None, interactive=True, submit_btn=SUBMIT_LABEL, stop_btn=False), messages,
               result, gr.skip())

    chat_event = dict(fn=respond, inputs=[textbox, history, last_result, brand_choice],
                      outputs=[chatbot, textbox, history, last_result, slash],
                      show_progress_on=[textbox],  # the input is locked while a poster is made: it shows the progress
                      concurrency_id="agent", concurrency_limit=1)
    textbox.submit(**chat_event)

    def stop(request: gr.Request) -> None:
        """The stop button: the running turn ends at the agent's next step and answers itself
        (respond's last yield unlocks the input and keeps the previous poster)."""
        event = running.get(request.session_hash or caller_of(identify, request).identity)
        if event is not None:
            event.set()

    # not queued: it must not wait behind the very turn it stops
    textbox.stop(stop, queue=False, show_progress="hidden")

    # An example card is sent as the user's message in one event: before, it was copied into the input
    # and a chained second event sent the input, two trips through the queue that depend on each other.
    def run_example(evt: gr.SelectData, messages: list, previous: Any, brand: str | None, request: gr.Request,
                    progress: gr.Progress = gr.Progress()):
        value = evt.value if isinstance(evt.value, dict) else {"text": str(evt.value)}
        yield from respond({"text": value.get("text", ""), "files": []}, messages, previous, brand, request, progress)

    chatbot.example_select(**{**chat_event, "fn": run_example, "inputs": chat_event["inputs"][1:]})

    def suggest(message: dict | None, request: gr.Request):
        text = (message or {}).get("text", "")
        if not text.lstrip().startswith("/"):  # most keystrokes: no library to read
            return gr.Dataset(visible=False)
        rows = slash_suggestions(service.template_rows(session, caller_of(identify, request).template_owner), text)
        if rows is None:
            return gr.Dataset(visible=False)
        return gr.Dataset(samples=rows, visible=True)

    textbox.change(suggest, inputs=textbox, outputs=slash, show_progress="hidden", queue=False,
                   trigger_mode="always_last")

    def pick_command(row: list[str], message: dict | None):
        command = row[0].split(" ")[0] + " "
        return {"text": command, "files": (message or {}).get("files") or []}, gr.Dataset(visible=False)

    slash.click(pick_command, inputs=[slash, textbox], outputs=[textbox, slash], show_progress="hidden")

    def clear():
        return [], [], None, gr.Dataset(visible=False)

    new_chat.click(clear, outputs=[chatbot, history, last_result, slash], show_progress="hidden")
    chatbot.clear(clear, outputs=[chatbot, history, last_result, slash], show_progress="hidden")
    return textbox
