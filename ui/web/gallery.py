"""The gallery tab: search by text or by a similar image through the service, send a hit to the
chat, and add a user's own pictures to the gallery (copied, recorded, indexed).
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from agent import service
from agent.service import SearchRequest
from tools.config import Settings
from tools.errors import HuabaoError
from ui.web.common import INTERNAL_ERROR, Identify, caller_of, local_caller, log, readable_error

if TYPE_CHECKING:
    from agent.session import Session


def gallery_items(hits: list[Any]) -> list[tuple[str, str]]:
    """(path, caption) per hit; the caption leads with what fits under a thumbnail: label and score."""
    items = []
    for hit in hits:
        parts = [hit.label_zh or hit.label_en or hit.id, f"{hit.score:.2f}"]
        if hit.label_en and hit.label_zh:
            parts.append(hit.label_en)
        items.append((hit.path, " · ".join(parts)))
    return items


def gallery_tab(settings: Settings, session: Session, chat_input: gr.MultimodalTextbox,
                 tabs: gr.Tabs, identify: Identify = local_caller) -> None:
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
        caller = caller_of(identify, request)
        progress(0, desc="索引中 · indexing")
        try:
            answer = service.add_images(session, service.AddImagesRequest(
                files=[Path(f) for f in files or []], label=text, progress=True, added_by=caller.identity))
        except HuabaoError as err:
            return f'<div class="hb-error">{html.escape(readable_error(err, "zh"))}</div>', gr.skip()
        except Exception:
            log.exception("adding images to the gallery failed")
            return f'<div class="hb-error">{INTERNAL_ERROR}</div>', gr.skip()
        count = len(answer.copied)
        return (f'<div class="hb-ok">已加入 {count} 张 · added {count}. {html.escape(answer.report)}</div>',
                None)

    add.click(add_images, inputs=[uploads, label], outputs=[added, uploads], concurrency_id="index",
              concurrency_limit=1)
