"""The batch tab: upload a file of briefs, follow the batches the caller owns, download results.
"""
from __future__ import annotations

import html
import time
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from tools.config import Settings
from tools.errors import HuabaoError
from ui.web.common import INTERNAL_ERROR, Identify, caller_of, file_url, log, readable_error

if TYPE_CHECKING:
    from agent.batch import BatchService, BatchState


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


def batch_tab(settings: Settings, service: BatchService, tab: gr.Tab, demo: gr.Blocks, identify: Identify) -> None:
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
        caller = caller_of(identify, request)
        return batches_html(service, identity=None if caller.local else caller.identity)

    def poll(request: gr.Request):
        text, running = mine(request)
        return text, gr.Timer(active=running)

    def submit(file: str | None, request: gr.Request):
        if not file:
            return '<div class="hb-error">先选择一个 JSONL / CSV 文件 · choose a file first</div>', gr.skip(), gr.skip()
        caller = caller_of(identify, request)
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
