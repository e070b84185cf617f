"""huabao's tools for any MCP client: `huabao mcp` (stdio) and `/mcp` in `huabao serve` (streamable HTTP).

Every tool calls the service layer (agent/service.py), as the CLI and the chat do: make, search,
describe, cut out, render a spec, template rows. Bad input comes back as a tool error (`is_error`)
with the same readable message the CLI prints, and the server keeps serving.

The session (agent/session.py), shared with the chat in `huabao serve`, creates the Agent and its
models on first use and keeps them for the life of the server; its queue runs one piece of work
at a time, so a brief from MCP and one from the chat never run on one pipeline at once.

Over HTTP every call belongs to the token the /mcp endpoint let in (`current_caller`): its tools
read only that identity's files (tools.paths.allowed_roots) and write into its own folder, and the
poster resources list and read only what it may download from the REST API. Over stdio the
caller is the local user, with every local path as before.
"""
from __future__ import annotations

import base64
import functools
import inspect
import io
import json
import os
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

import anyio.from_thread
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.prompts.base import Prompt, PromptArgument, UserMessage
from mcp_types import CallToolResult, ImageContent, TextContent, ToolAnnotations
from mcp_types import Resource as MCPResource
from pydantic import Field, ValidationError

from agent import service
from agent.session import Session
from tools.config import Settings
from tools.errors import HuabaoError
from tools.tokens import LOCAL_CALLER, Caller

if TYPE_CHECKING:
    from fastapi import FastAPI

    from agent.batch import BatchService
    from tools.steps import Step

MCP_PATH = "/mcp"
PREVIEW_WIDTH = 1024  # the poster preview sent as image content
THUMB_SIZE = 128  # search thumbnails
RECENT_POSTERS = 20  # posters listed as resources
MAX_SEARCH = service.MAX_SEARCH
POSTER_URI = "huabao://posters/"
TEMPLATE_URI = "huabao://templates/"

# Who an HTTP call comes from: set by the /mcp endpoint once the bearer token checks out. The SDK
# hands each message's handler the contextvars of the HTTP request that carried it, so a call sees
# its own request's caller even when another token's request shares the session.
current_caller: ContextVar[Caller | None] = ContextVar("huabao_mcp_caller", default=None)

INSTRUCTIONS = """\
huabao (画报) turns a marketing copywriting brief into finished APP popups, posters, banners and
square images (PNG, a layered PSD and a JSON spec). Use make_poster for a finished poster from a
brief; search_gallery to find reference images by theme, object or a similar image; describe_image
to turn an image into keywords; cutout to remove a background; render_spec to re-render an edited
spec.json; list_templates for the style templates (each is also a prompt).
画报把运营文案需求变成成品弹窗/海报/横幅（PNG、分层 PSD、JSON 规格）。要成品图用 make_poster；
找参考图用 search_gallery；图生关键词用 describe_image；抠图用 cutout；改过 spec.json 后用
render_spec 重新出图；list_templates 列出风格模板（每个模板也是一个 prompt）。"""


# ============================================================================ content helpers
def _png_content(path: str | Path, max_width: int) -> ImageContent:
    """An image file as MCP image content: a PNG no wider than `max_width`."""
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        if image.width > max_width:
            height = max(1, round(image.height * max_width / image.width))
            image = image.resize((max_width, height), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
    return ImageContent(type="image", data=base64.b64encode(buffer.getvalue()).decode("ascii"), mime_type="image/png")


def _thumbnail(path: str | Path) -> ImageContent:
    from PIL import Image

    with Image.open(path) as image:
        image.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.convert("RGBA").save(buffer, format="PNG")
    return ImageContent(type="image", data=base64.b64encode(buffer.getvalue()).decode("ascii"), mime_type="image/png")


def _text(value: str) -> TextContent:
    return TextContent(type="text", text=value)


def _as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _ok(structured: dict[str, Any], summary: str, images: list[ImageContent] | None = None) -> CallToolResult:
    """Structured content, the same JSON as text (for clients that read only text), then images."""
    content: list[Any] = [_text(summary), _text(_as_json(structured))]
    content.extend(images or [])
    return CallToolResult(content=content, structured_content=structured)


def _tool_error(message: str) -> CallToolResult:
    return CallToolResult(content=[_text(message)], is_error=True)


def _readable(err: ValidationError) -> str:
    parts = []
    for item in err.errors():
        where = ".".join(str(p) for p in item["loc"]) or "input"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def _user_errors(fn: Callable[..., CallToolResult]) -> Callable[..., CallToolResult]:
    """Turn a HuabaoError (or an invalid value deep inside) into a tool error a person can read."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> CallToolResult:
        try:
            return fn(*args, **kwargs)
        except HuabaoError as err:
            return _tool_error(str(err))
        except ValidationError as err:
            return _tool_error(_readable(err))
    return run


# ============================================================================ the server
class HuabaoMCP(MCPServer):
    """The MCP server: huabao's tools, one prompt per template, templates and posters as resources."""

    def __init__(self, settings: Settings, session: Session | None = None, *, confine_paths: bool = True,
                 batches: BatchService | None = None):
        super().__init__(name="huabao", title="huabao 画报", instructions=INSTRUCTIONS,
                         log_level="WARNING", warn_on_duplicate_prompts=False, warn_on_duplicate_resources=False)
        self.huabao_settings = settings
        # Over HTTP a caller may name only files under the output folder, the gallery and the
        # uploads (tools.paths); over stdio the client is the local user, whose paths are theirs.
        self.confine_paths = confine_paths
        self.session = session or Session(settings)
        self._batches = batches  # the job store says who owns posters/<batch>/… (ui.api.output_owner)
        self._batches_lock = threading.Lock()
        self._prompts_lock = threading.Lock()
        self._prompted: dict[str, Any] = {}  # prompt name → the template it was made from
        self._register_tools()
        self._register_resources()

    # ------------------------------------------------------------------ the session's batches
    @property
    def batches(self) -> BatchService:
        """The server's batch service when mounted in `huabao serve`, else one on the same job store."""
        with self._batches_lock:
            if self._batches is None:
                from agent.batch import BatchService

                self._batches = BatchService(self.huabao_settings)
            return self._batches

    # ------------------------------------------------------------------ who is calling
    def caller(self) -> Caller:
        """The caller of this tool or resource: the local user over stdio; over HTTP the token the
        endpoint verified. A confined server with no verified caller refuses rather than guess."""
        if not self.confine_paths:
            return LOCAL_CALLER
        caller = current_caller.get()
        if caller is None:
            raise HuabaoError("this MCP call has no verified caller; call it through /mcp with a token")
        return caller

    @staticmethod
    def _identity(caller: Caller) -> str | None:
        """The identity whose folders a caller may use (tools.paths); None: the local user's, all of them."""
        return None if caller.local else caller.identity

    def _home(self, caller: Caller) -> Path:
        """Where a caller's outputs go by default: the output folder locally, its own folder over HTTP."""
        from tools.paths import output_root

        return output_root(self.huabao_settings, self._identity(caller)) if self.confine_paths \
            else Path(self.huabao_settings.output_dir)

    def may_read(self, caller: Caller, file: Path) -> bool:
        """Whether `caller` may see a file under the output folder: the REST API's rule (ui.api)."""
        from ui.api import may_read_output

        return caller.local or may_read_output(caller, self.batches, self.huabao_settings, file)

    # ------------------------------------------------------------------ path arguments
    def _input_path(self, path_text: str, caller: Caller) -> Path:
        """A file a tool reads: over HTTP only the caller's own output folder, the gallery and its
        uploads (relative paths start in its output folder), or a file of a batch or poster it
        submitted to the REST API (posters/<id>/…, batches/<id>/…); as given over stdio."""
        from tools.paths import PathRefused, confine, confine_input, output_root

        if not self.confine_paths:
            return Path(path_text)
        settings, identity = self.huabao_settings, self._identity(caller)
        try:
            return confine_input(path_text, settings, identity)
        except PathRefused as refused:
            if caller.local:
                raise
            try:  # the job store decides, from the path alone: the answer says nothing about what exists
                path = confine(path_text, [Path(settings.output_dir)], base=output_root(settings, identity))
            except PathRefused:
                raise refused from None
            if self._batch_folder(path) is None or not self.may_read(caller, path):
                raise refused from None
            return path

    def _batch_folder(self, path: Path) -> Path | None:
        """`<output>/posters/<id>` or `<output>/batches/<id>` holding `path`, else None."""
        output = Path(self.huabao_settings.output_dir).resolve()
        try:
            parts = path.resolve().relative_to(output).parts
        except (ValueError, OSError):
            return None
        return output / parts[0] / parts[1] if len(parts) >= 3 and parts[0] in ("posters", "batches") else None

    def _output_path(self, path_text: str, caller: Caller) -> Path:
        """Where a tool writes: only under the caller's own output folder over HTTP, anywhere over stdio."""
        from tools.paths import confine_output

        if not self.confine_paths:
            return Path(path_text)
        return confine_output(path_text, self.huabao_settings, self._identity(caller))

    def _image_ref(self, ref: str, caller: Caller) -> str:
        """An image argument that may be a path or a gallery id: a file the caller may read, else an id
        the index knows (its file is the gallery's); anything else is refused as a path."""
        if not self.confine_paths:
            return ref
        from tools.paths import PathRefused

        path: Path | None = None
        refused: PathRefused | None = None
        try:
            path = self._input_path(ref, caller)
        except PathRefused as err:
            refused = err
        if path is not None and path.is_file():
            return str(path)
        try:  # the index knows only gallery files, so a lookup tells nothing about others
            hit = self.session.models.retriever.get(ref)
            if hit is not None:
                return str(hit.path)
        except (HuabaoError, KeyError, LookupError, ValueError):
            pass
        if refused is not None:
            raise refused
        return str(path)  # under the folders but missing: the tool says so

    # ------------------------------------------------------------------ tools
    def _register_tools(self) -> None:
        read_only = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
        writes = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)
        for fn, hints in ((self.make_poster, writes), (self.search_gallery, read_only),
                          (self.describe_image, read_only), (self.cutout, writes),
                          (self.render_spec, writes), (self.list_templates, read_only)):
            self.add_tool(fn, name=fn.__name__, description=inspect.cleandoc(fn.__doc__ or ""), annotations=hints)

    @_user_errors
    def make_poster(
        self,
        brief: Annotated[str, Field(description=(
            "The copywriting brief in Chinese or English: what it is for, colours, title, subtitle, button. "
            "文案需求，如：双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取"))],
        ctx: Context,
        format: Annotated[str | None, Field(description=(
            "popup | poster | banner | square, or a size like 1080x1920; empty: as the brief or template says. "
            "画幅：popup 弹窗、poster 海报、banner 横幅、square 方图，或 1080x1920 这样的尺寸"))] = None,
        count: Annotated[int | None, Field(ge=1, le=16, description=(
            "How many posters (1-16); empty: as the brief says, usually 1. 出图张数"))] = None,
        template: Annotated[str | None, Field(description=(
            "A template name from list_templates (e.g. 3d-icon, tech-icon, blessing-bag); empty: chosen "
            "from the brief. 模板名，留空则按文案自动选择"))] = None,
        formats: Annotated[list[str] | None, Field(max_length=8, description=(
            "A campaign kit: one design per format from the same brief (same subject, palette and copy), e.g. "
            "[\"popup\", \"poster\", \"banner\", \"square\"]; empty: one format. 一套多尺寸：每个画幅各一张"))] = None,
        brand: Annotated[str | None, Field(description=(
            "A brand kit by name (jinxi, lanxin, xianguo, or one the server has): its colours, fonts and logo on "
            "every poster. 品牌套件名：使用其颜色、字体和标志"))] = None,
    ) -> CallToolResult:
        """Make finished poster(s) from a marketing brief: keywords, template, gallery references, generation,
        cutout, layout with the copy, checks, and export to PNG + layered PSD + spec.json. Use it whenever the
        user wants a finished popup, poster, banner or square image; it takes seconds to a minute and reports
        progress. Returns the `huabao make --json` object and the first poster as an image.
        根据运营文案生成成品弹窗/海报/横幅（PNG + 分层 PSD + spec.json）。用户要成品图时调用；
        耗时几秒到一分钟并会报告进度。返回 huabao make --json 的结果和第一张海报的预览图。"""
        caller = self.caller()
        reporter = _ProgressReporter(ctx)
        out_dir = None if caller.local else self._home(caller) / "mcp"  # the local user's: the output folder
        if brand and self.confine_paths and not caller.local and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", brand):
            raise HuabaoError("brand: give a brand kit's name (a path would name a file on the server)")
        request = service.MakeRequest(brief=brief, count=count, template=template, format=format, out_dir=out_dir,
                                      owner=caller.template_owner,  # a token's own saved templates too
                                      formats=list(formats or []), brand=brand or None)
        result = service.make(self.session, request, on_step=reporter.step, on_wait=reporter.waiting)
        reporter.done(f"{len(result.outputs)} poster(s) made")
        data = result.to_json_dict()
        if not result.outputs:
            return CallToolResult(content=[_text("no poster was made: " + "; ".join(result.notes or ["see problems"])),
                                           _text(_as_json(data))], structured_content=data, is_error=True)
        lines = [result.summary(), f"in {result.seconds:.1f}s:"]
        for out in result.outputs:
            uri = _poster_uri(self.huabao_settings, out.png)
            lines.append(f"- {out.png}" + (f"  ({uri})" if uri else ""))
        return _ok(data, "\n".join(lines), [_png_content(result.outputs[0].png, PREVIEW_WIDTH)])

    @_user_errors
    def search_gallery(
        self,
        query: Annotated[str, Field(description=(
            "Text in Chinese or English: an object (礼物盒, camera) or a campaign theme (限时秒杀, 开学季). "
            "检索文字，可以是物体或活动主题"))] = "",
        image_path: Annotated[str, Field(description=(
            "Or: a path to an image on the huabao server (or a gallery id) to find similar images. "
            "或：以图搜图的图片路径（服务器上的文件）或图库 id"))] = "",
        k: Annotated[int, Field(ge=1, le=MAX_SEARCH, description="How many results (1-50). 返回条数")] = 5,
    ) -> CallToolResult:
        """Search huabao's reference gallery (3D icons and other assets) by text or by a similar image. Use it
        to find reference images, subjects or decorations before designing, or to show the user options.
        Give exactly one of query or image_path. Returns hits (id, path, score, label_zh, label_en, tags)
        and a thumbnail of each.
        检索参考图库：按文字（中英文、活动主题）或以图搜图，用于找参考图、主体或装饰元素。
        query 与 image_path 二选一。返回命中结果（id、路径、分数、中英文标签）和缩略图。"""
        caller = self.caller()
        text, image = service.search_target(query, image_path)
        answer = service.search(self.session, service.SearchRequest(
            text=text, image=self._image_ref(str(image), caller) if image else None, k=k))
        results = [hit.model_dump() for hit in answer.hits]
        data = {"query": text, "image_path": image_path.strip(), "backend": answer.backend, "results": results}
        summary = f"{len(results)} result(s) for “{text or image_path}” ({answer.backend}):\n" + "\n".join(
            f"{i}. {r['id']} {r['label_zh']} / {r['label_en']}  score {r['score']:.3f}  {r['path']}"
            for i, r in enumerate(results, 1))
        thumbs = [_thumbnail(r["path"]) for r in results if Path(r["path"]).is_file()]
        return _ok(data, summary, thumbs)

    @_user_errors
    def describe_image(
        self,
        image_path: Annotated[str, Field(description=(
            "Path to an image on the huabao server (or a gallery id). 图片路径（服务器上的文件）或图库 id"))],
    ) -> CallToolResult:
        """Describe an image as keywords (like Midjourney /describe): subject words in Chinese and English,
        dominant colours and style words. Use it when the user gives a reference image and you need words for
        a brief or a search.
        图生文：把图片变成关键词（中英文主体词、主色、风格词）。用户给了参考图、需要写文案或检索词时调用。"""
        caller = self.caller()
        description = service.describe(self.session, service.DescribeRequest(image=self._image_ref(image_path, caller)))
        data = description.model_dump()
        words = "，".join(data.get("keywords_zh") or [])
        words_en = ", ".join(data.get("keywords_en") or [])
        return _ok(data, f"关键词：{words}\nKeywords: {words_en}\n(backend: {data.get('backend', '')})")

    @_user_errors
    def cutout(
        self,
        image_path: Annotated[str, Field(description=(
            "Path to the input image on the huabao server (over HTTP: under your own output folder, the gallery or "
            "your uploads). 输入图片路径（HTTP 调用时须在你自己的输出目录、图库或你的上传目录内）"))],
        output_path: Annotated[str | None, Field(description=(
            "Where to write the RGBA PNG (over HTTP: inside your own output folder, relative paths start there); "
            "empty: <output folder>/cutouts/<name>-cutout.png. 输出路径，可留空（HTTP 调用时须在你自己的输出目录内）"))] = None,
    ) -> CallToolResult:
        """Cut the subject out of an image (remove the background) and save it as a transparent PNG trimmed to
        the subject. Use it when the user wants a product or subject without its background; the pixels are
        kept, never redrawn.
        抠图：去掉背景，输出裁到主体的透明 PNG。用户要把商品或主体单独拿出来时调用；像素保持原样不重绘。"""
        caller = self.caller()
        source = self._input_path(image_path, caller)
        target = self._output_path(output_path, caller) if output_path else \
            self._home(caller) / "cutouts" / f"{source.stem or 'image'}-cutout.png"
        answer = service.cut_out(self.session, service.CutoutRequest(image=source, output=target))
        data = answer.model_dump(exclude={"mask"})
        return _ok(data, answer.summary(), [_png_content(target, PREVIEW_WIDTH)])

    @_user_errors
    def render_spec(
        self,
        spec_path: Annotated[str, Field(description=(
            "Path to a spec.json written by huabao (make_poster's outputs[].spec), possibly edited. "
            "huabao 生成（可能改过）的 spec.json 路径"))],
        output_dir: Annotated[str | None, Field(description=(
            "Folder for the new PNG, PSD and spec (over HTTP: inside your own output folder); empty: "
            "<output folder>/render. 输出目录，可留空（HTTP 调用时须在你自己的输出目录内）"))] = None,
    ) -> CallToolResult:
        """Re-render a poster from its spec.json after edits (text, colours, layer positions), with the same
        checks as make_poster. Use it when the user has changed a spec and wants the poster again without
        re-running the whole brief.
        按（改过的）spec.json 重新渲染海报并检查，输出 PNG、PSD 和 spec。用户改了文字、颜色或图层位置后调用。"""
        from tools.paths import allowed_roots

        caller = self.caller()
        settings = self.huabao_settings
        spec = self._input_path(spec_path, caller)
        roots = allowed_roots(settings, self._identity(caller)) if self.confine_paths else None
        batch_folder = self._batch_folder(spec) if roots is not None and not caller.local else None
        if roots is not None and batch_folder is not None:
            roots.append(batch_folder)  # a spec of the caller's own REST batch names its layers there
        answer = service.render(self.session, service.RenderRequest(
            spec=spec, output=self._output_path(output_dir, caller) if output_dir else self._home(caller) / "render",
            roots=roots))
        data = answer.model_dump(exclude_none=True)
        summary = f"rendered {data['png']}" + (f"; {len(data['problems'])} problem(s)" if data["problems"] else "")
        return _ok(data, summary, [_png_content(data["png"], PREVIEW_WIDTH)])

    @_user_errors
    def list_templates(self) -> CallToolResult:
        """List huabao's prompt templates (the slash commands such as /3d-icon, /tech-icon): name, description
        and the slots you can fill. Use it to pick make_poster's template argument, or to keep a series in one
        style by reusing a template and changing only the subject.
        列出提示词模板（/3d-icon、/tech-icon 等斜杠命令）：名称、说明和可替换的槽位。用于选择 make_poster 的
        template 参数，或做系列图时固定模板只换主体。"""
        rows = [row.model_dump() for row in service.template_rows(self.session, self.caller().template_owner)]
        summary = "\n".join(f"- {r['name']} ({r['command']}): {r['description_zh'] or r['description']}" for r in rows)
        return _ok({"templates": rows}, summary)

    # ------------------------------------------------------------------ prompts: one per template
    def _sync_prompts(self) -> None:
        """Register a prompt per template; re-register those the library has reloaded since."""
        wanted = {t.name: t for t in self.session.templates_for(None).all()}
        with self._prompts_lock:
            for name, template in list(self._prompted.items()):
                if wanted.get(name) is not template:
                    self.remove_prompt(name)
                    del self._prompted[name]
            for name, template in wanted.items():
                if name not in self._prompted:
                    self.add_prompt(_template_prompt(template))
                    self._prompted[name] = template

    async def list_prompts(self):  # type: ignore[override]
        await anyio.to_thread.run_sync(self._sync_prompts)
        return await super().list_prompts()

    async def get_prompt(self, name, arguments=None, context=None):  # type: ignore[override]
        await anyio.to_thread.run_sync(self._sync_prompts)
        return await super().get_prompt(name, arguments, context)

    # ------------------------------------------------------------------ resources
    def _register_resources(self) -> None:
        @self.resource("huabao://templates", name="templates", title="Prompt templates 提示词模板",
                       description="Every template with its description and slots, as JSON. 全部模板（JSON）",
                       mime_type="application/json")
        def templates() -> str:
            return _as_json([row.model_dump() for row in service.template_rows(self.session, self.caller().template_owner)])

        @self.resource(TEMPLATE_URI + "{name}", name="template", title="One template (YAML) 单个模板",
                       description="A template's YAML file: style words, slots, defaults. 模板的 YAML 定义",
                       mime_type="application/yaml")
        def template(name: str) -> str:
            from mcp.server.mcpserver.exceptions import ResourceError

            try:
                return service.template_detail(self.session, name, self.caller().template_owner).source_text
            except HuabaoError as err:  # unknown template: say which ones exist
                raise ResourceError(str(err)) from err

        @self.resource("huabao://posters", name="posters", title="Recent posters 最近的海报",
                       description=f"The {RECENT_POSTERS} newest posters in the output folder, newest first. 最近生成的海报",
                       mime_type="application/json")
        def posters() -> str:
            caller = self.caller()
            return _as_json([{"uri": uri, "path": str(path), "modified": path.stat().st_mtime}
                             for uri, path in recent_posters(self.huabao_settings,
                                                             may_read=lambda f: self.may_read(caller, f))])

        @self.resource(POSTER_URI + "{+path}", name="poster", title="A poster PNG 海报图片",
                       description="A PNG under the output folder, by its relative path. 输出目录下的 PNG",
                       mime_type="image/png")
        def poster(path: str) -> bytes:
            caller = self.caller()
            return read_poster(self.huabao_settings, path, may_read=lambda f: self.may_read(caller, f))

    async def list_resources(self) -> list[MCPResource]:  # type: ignore[override]
        """The fixed resources, every template, and the recent posters (so clients can show them)."""
        listed = await super().list_resources()

        def dynamic() -> list[MCPResource]:
            caller = self.caller()  # its own templates too, and only the posters it may read
            rows = [MCPResource(uri=TEMPLATE_URI + t.name, name=f"template {t.name}", mime_type="application/yaml",
                                description=t.description_zh or t.description)
                    for t in service.template_rows(self.session, caller.template_owner)]
            rows += [MCPResource(uri=uri, name=path.name, mime_type="image/png", description=f"poster {path}")
                     for uri, path in recent_posters(self.huabao_settings,
                                                     may_read=lambda f: self.may_read(caller, f))]
            return rows

        return listed + await anyio.to_thread.run_sync(dynamic)


class _ProgressReporter:
    """Agent steps (on a worker thread) → MCP progress notifications, monotonically increasing."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.steps = 0
        self.total = 11.0  # a one-poster run emits about 11 steps; corrected once the brief's count is known

    def step(self, step: Step) -> None:
        from tools.steps import KeywordsStep

        self.steps += 1
        if isinstance(step, KeywordsStep) and step.brief is not None:
            count = step.brief.get("count") or 1
            self.total = 5.0 + 6.0 * int(count)
        self.total = max(self.total, self.steps + 1.0)
        self._send(self.steps, step.message)

    def waiting(self, ahead: int) -> None:
        """The brief waits for the session's queue (another brief is running)."""
        self._send(self.steps, f"waiting: {ahead} ahead in the queue")

    def done(self, message: str) -> None:
        self.total = max(self.total, self.steps + 1.0)
        self._send(self.total, message)

    def _send(self, progress: float, message: str) -> None:
        try:
            anyio.from_thread.run(self.ctx.report_progress, float(progress), self.total, message)
        except Exception:  # a client that went away must not stop the poster  # noqa: BLE001
            pass


def _template_prompt(template: Any) -> Prompt:
    """A slash-command template as an MCP prompt: its slots are the arguments."""
    arguments = [PromptArgument(name=name, description=(slot.description or name) +
                                (f" (default: {slot.default})" if slot.default else ""),
                                required=not slot.default)
                 for name, slot in template.slots.items()]
    extra = "brief" not in template.slots
    if extra:
        arguments.append(PromptArgument(name="brief", required=False, description=(
            "Optional rest of the brief: title, subtitle, button, palette. 可选：标题、副标题、按钮、配色等文案")))

    def render(**values: str) -> list[UserMessage]:
        values = {k: (v or "").strip() for k, v in values.items()}
        filled = template.fill({k: v for k, v in values.items() if k in template.slots})
        parts = [values[name] for name in template.slots if values.get(name)]
        if extra and values.get("brief"):
            parts.append(values["brief"])
        brief_text = "，".join(parts) or template.slots["subject"].default
        text = (f"用 huabao 的 {template.command} 模板做图（{template.description_zh or template.description}）。\n"
                f"Make a poster with huabao's {template.command} template: call the make_poster tool with "
                f"template=\"{template.key}\" and brief=\"{brief_text}\".\n"
                f"Template prompt 模板提示词: {filled}")
        return [UserMessage(text)]

    return Prompt(name=template.name, title=template.command,
                  description=" · ".join(d for d in (template.description_zh, template.description) if d),
                  arguments=arguments, fn=render)


# ============================================================================ shared with other surfaces
def recent_posters(settings: Settings, limit: int = RECENT_POSTERS, *,
                   may_read: Callable[[Path], bool] | None = None) -> list[tuple[str, Path]]:
    """(uri, path) of the newest posters under the output folder: PNGs with a spec.json beside them
    (layer images and scratch files are not posters; hidden folders such as .work are skipped).
    With `may_read`, only those it allows (one caller's), still the newest `limit` of them."""
    root = Path(settings.output_dir)
    if not root.is_dir():
        return []
    found: list[tuple[float, Path]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        names = set(files)
        for name in files:
            if name.endswith(".png") and not name.startswith(".") and f"{name[:-4]}.spec.json" in names:
                path = Path(folder) / name
                try:
                    found.append((path.stat().st_mtime, path))
                except OSError:
                    continue
    found.sort(key=lambda item: item[0], reverse=True)
    newest: list[Path] = []
    for _, path in found:
        if len(newest) >= limit:
            break
        if may_read is None or may_read(path):
            newest.append(path)
    return [(POSTER_URI + quote(path.relative_to(root).as_posix(), safe="/"), path) for path in newest]


def _poster_uri(settings: Settings, path: str) -> str | None:
    try:
        relative = Path(path).resolve().relative_to(Path(settings.output_dir).resolve())
    except (ValueError, OSError):
        return None
    return POSTER_URI + quote(relative.as_posix(), safe="/")


def read_poster(settings: Settings, relative: str, *, may_read: Callable[[Path], bool] | None = None) -> bytes:
    """A PNG under the output folder; nothing outside it (the REST API's asset rule). With
    `may_read` (one caller's), another's poster is refused exactly like a missing one."""
    from mcp.server.mcpserver.exceptions import ResourceError

    from ui.api import resolve_asset

    path = resolve_asset(Path(settings.output_dir), relative)
    if path is None or path.suffix.lower() != ".png" or (may_read is not None and not may_read(path)):
        raise ResourceError(f"no poster '{relative}' in the output folder")
    return path.read_bytes()


# ============================================================================ transports
def build_server(settings: Settings, session: Session | None = None, *, confine_paths: bool = True,
                 batches: BatchService | None = None) -> HuabaoMCP:
    """The MCP server; `confine_paths=False` only for a local transport (stdio)."""
    return HuabaoMCP(settings, session, confine_paths=confine_paths, batches=batches)


def run_stdio(settings: Settings | None = None) -> None:
    """`huabao mcp`: serve over stdin/stdout until the client closes them."""
    import sys

    if sys.stdin.isatty():  # a person ran it by hand; an MCP client starts it with pipes
        sys.stderr.write("huabao MCP server on stdio: an MCP client should start this command "
                         "(see docs/mcp.md). Ctrl-C to stop.\n")
    try:
        # stdio: the client is the local user on their own machine, so their paths are theirs to use
        build_server(settings or Settings(), confine_paths=False).run("stdio")
    except KeyboardInterrupt:
        pass


class _MCPEndpoint:
    """ASGI endpoint at /mcp: the bearer-token check of the REST API, then the SDK's streamable HTTP app.

    The SDK's session manager runs once per app lifespan (`running()`); a fresh one is built each
    time, so an app whose lifespan starts twice (tests) still works.
    """

    def __init__(self, server: HuabaoMCP, settings: Settings, door: Any = None):
        from tools.tokens import Doorkeeper
        from ui.api import authenticator

        self.server = server
        self.settings = settings
        self.door = door or Doorkeeper(settings)  # the server's: named tokens resolve here as on the REST API
        self.check = authenticator(settings, self.door)
        self._app: Any = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        from mcp.server.transport_security import TransportSecuritySettings

        if self.door.required:
            # The bearer token is the guard; the server may be reached by any host name.
            security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
        else:
            # Loopback only (see ui.api.authenticator); also refuse DNS-rebinding pages in a local browser.
            security = TransportSecuritySettings(
                enable_dns_rebinding_protection=True,
                allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*", "127.0.0.1", "localhost", "[::1]"],
                allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"])
        app = self.server.streamable_http_app(streamable_http_path=MCP_PATH, transport_security=security)
        async with self.server.session_manager.run():
            self._app = app
            try:
                yield
            finally:
                self._app = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        from fastapi import HTTPException
        from fastapi.security import HTTPAuthorizationCredentials
        from starlette.requests import Request
        from starlette.responses import JSONResponse

        request = Request(scope)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        credentials = HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip()) \
            if scheme.lower() == "bearer" and token.strip() else None
        try:
            caller = self.check(request, credentials)
        except HTTPException as err:
            await JSONResponse({"detail": err.detail}, status_code=err.status_code, headers=err.headers)(scope, receive, send)
            return
        if self._app is None:
            await JSONResponse({"detail": "the MCP endpoint is not running (the app's lifespan has not started)"},
                               status_code=503)(scope, receive, send)
            return
        marker = current_caller.set(caller)  # the tools and resources this request carries act for it
        try:
            await self._app(scope, receive, send)
        finally:
            current_caller.reset(marker)


def mount_mcp(app: FastAPI, settings: Settings, session: Session | None = None) -> HuabaoMCP:
    """Serve MCP over streamable HTTP at /mcp of `app`, behind the REST API's bearer tokens.

    The route goes first, so a catch-all mount (the Gradio UI at /) cannot shadow it, and the
    SDK's session manager runs inside the app's own lifespan. Returns the MCP server.
    """
    from starlette.routing import Route

    # over HTTP: paths confined; the app's batch service (if any) says who owns posters/<batch>/…
    server = build_server(settings, session, confine_paths=True, batches=getattr(app.state, "batches", None))
    endpoint = _MCPEndpoint(server, settings, getattr(app.state, "door", None))
    app.router.routes.insert(0, Route(MCP_PATH, endpoint=endpoint))
    outer = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(asgi_app: Any) -> AsyncIterator[Any]:
        async with outer(asgi_app) as state, endpoint.running():
            yield state

    app.router.lifespan_context = lifespan
    app.state.mcp = server
    return server
