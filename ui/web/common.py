"""What every tab of the Gradio UI shares: links to files through Gradio's file route, who is
calling, and errors said the way a marketer reads them (in the brief's language, no paths).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import gradio as gr

from tools.config import Settings
from tools.errors import BackendUnavailable, BriefError, GalleryError, HuabaoError, ImageError, TemplateError
from tools.tokens import LOCAL_CALLER, Caller

log = logging.getLogger("huabao.ui")

ASSETS = Path(__file__).resolve().parents[1] / "assets"

FILE_ROUTE = "gradio_api/file="  # relative, so links work wherever the UI is mounted

INTERNAL_ERROR = ("抱歉，出了点问题，已记录在服务器日志。请重试或换个说法。"
                  " Something went wrong on our side (logged); please try again.")

# The chat answers in the brief's language (agent.brief.text_language), one language at a time.
INTERNAL_ERRORS = {"zh": "抱歉，出了点问题，已记录在服务器日志。请重试或换个说法。",
                   "en": "Something went wrong on our side (logged); please try again."}


def allowed_paths(settings: Settings) -> list[str]:
    """Folders whose files the UI shows or links to: posters and batch results, the gallery (and
    the folder its index was built from, when elsewhere), the UI's own assets."""
    from tools.retrieval.uploads import index_root

    folders = [settings.output_dir, settings.gallery_dir, index_root(settings), ASSETS]
    return list(dict.fromkeys(str(Path(p).resolve()) for p in folders))


def file_url(path: str | Path) -> str:
    return FILE_ROUTE + quote(str(Path(path).resolve()), safe="/")


Identify = Callable[[str | None], Caller]  # Gradio's request.username → who is calling


def local_caller(username: str | None) -> Caller:
    return LOCAL_CALLER


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


def template_error_text(err: Exception) -> str:
    """A TemplateError names the temporary file the editor's text was checked in; show the
    template's file name instead."""
    return re.sub(r"\S*/\.?([\w@-]+\.yaml)(?:\.check)?(?=:)", r"\1", str(err))


def caller_of(identify: Identify, request: gr.Request | None) -> Caller:
    """The caller of a UI event; a session whose token was revoked gets a readable message."""
    try:
        return identify(request.username if request else None)
    except HuabaoError as err:
        raise gr.Error(str(err)) from None
