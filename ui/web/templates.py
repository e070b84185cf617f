"""The templates tab: a template's file in an editor, saved as the caller's copy, copied as a new
one or previewed as a poster — every read and write through the service's template functions.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from agent import service
from agent.service import MakeRequest
from tools.config import Settings
from tools.errors import HuabaoError, TemplateError
from ui.web.common import INTERNAL_ERROR, Identify, caller_of, file_url, log, template_error_text

if TYPE_CHECKING:
    from agent.service import TemplateDetail
    from agent.session import Session


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


def templates_tab(settings: Settings, session: Session, identify: Identify, demo: gr.Blocks) -> None:
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
        return caller_of(identify, request).template_owner

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
        # The page was built showing `first`; when the caller's view is that same text, leave the editor
        # alone: a load that lands late would otherwise wipe what the user has typed in the meantime.
        unchanged = first is not None and (detail.name, detail.source_text) == (first.name, first.source_text)
        return (gr.Radio(choices=listed, value=detail.name), gr.skip() if unchanged else detail.source_text,
                template_info(detail), detail.preview_brief, errors)

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
        caller = caller_of(identify, request)
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
