"""Whether a brief can run: limits, known templates and formats, and its image kept as an upload."""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path
from typing import Any

from agent.batch.models import BriefRequest, QueuedBrief
from tools.config import Settings
from tools.errors import BriefError, HuabaoError
from tools.text import check_brief_text, is_blank


def save_upload(settings: Settings, data: bytes, identity: str | None = None) -> Path:
    """Validate an uploaded image and keep it as a PNG named by its content (same image, same file),
    in the uploader's own folder (`tools.paths.uploads_root`): the folder records who uploaded it, and
    over HTTP only that identity may name it again."""
    from tools.images import load_image
    from tools.paths import uploads_root

    loaded = load_image(data, max_pixels=settings.max_image_pixels)
    folder = uploads_root(settings, identity)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:32]}.png"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        loaded.image.save(tmp, format="PNG")
        os.replace(tmp, path)
    return path.resolve()


def decode_image(text: str) -> bytes:
    payload = text.split(",", 1)[1] if text.startswith("data:") else text  # data: URLs too
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise BriefError("image is not valid base64") from None


class Validator:
    """Checks a brief against the limits and the known templates, formats and images."""

    def __init__(self, settings: Settings):
        from agent.templates import TemplateLibrary

        self.settings = settings
        self.templates = TemplateLibrary(settings)

    def reload(self) -> None:
        self.templates.reload()  # templates are files a user may add while the server runs

    def check(self, request: BriefRequest, *, image_bytes: bytes | None = None,
              identity: str | None = None) -> QueuedBrief:
        from tools.formats import get_format

        if isinstance(request.brief, str):
            check_brief_text(request.brief, self.settings.max_brief_chars)
        else:
            if not (not is_blank(request.brief.raw) or request.brief.subjects or not request.brief.copy.is_empty()):
                raise BriefError("the brief is empty: give raw text, subjects or copy")
            check_brief_text(request.brief.model_dump_json(by_alias=True), self.settings.max_brief_chars)
        if request.template:
            self.templates.get(request.template)
        for name in [request.format or "", *(request.formats or [])]:
            if name:
                get_format(name)
        if request.brand:
            from tools.brand import load_brand

            load_brand(request.brand, self.settings)
        if request.image is not None and request.gallery_id is not None:
            raise BriefError("give either image or gallery_id, not both")
        image_file = None
        if request.image is not None or image_bytes is not None:
            data = image_bytes if image_bytes is not None else decode_image(request.image or "")
            image_file = str(save_upload(self.settings, data, identity))
        brief: str | dict[str, Any] = (request.brief if isinstance(request.brief, str)
                                       else request.brief.model_dump(mode="json", by_alias=True))
        return QueuedBrief(brief=brief, template=request.template, count=request.count, format=request.format,
                           formats=request.formats, brand=request.brand, image_file=image_file, gallery_id=request.gallery_id)

    def check_all(self, requests: list[BriefRequest], *, identity: str | None = None) -> list[QueuedBrief]:
        """All or nothing (the API): the first bad brief is named in the error. Images go to
        `identity`'s uploads."""
        if not requests:
            raise BriefError("the batch has no briefs")
        if len(requests) > self.settings.max_batch_briefs:
            raise BriefError(f"the batch has {len(requests)} briefs; the limit is {self.settings.max_batch_briefs}")
        self.reload()
        queued = []
        for index, request in enumerate(requests):
            try:
                queued.append(self.check(request, identity=identity))
            except HuabaoError as err:
                raise type(err)(f"brief {index + 1}: {err}") from None
        return queued
