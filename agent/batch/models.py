"""What clients send (a brief, one item of a batch) and what they read back (a batch's and its
briefs' states), and what a worker receives: the types every part of the batch package shares."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator
from pydantic_core import PydanticCustomError

from agent.brief import MAX_COUNT, Brief
from tools.config import Settings
from tools.errors import HuabaoError
from tools.text import EMPTY_BRIEF, first_unencodable, is_blank

BriefStatusName = Literal["queued", "running", "done", "failed", "canceled"]
BatchStatusName = Literal["queued", "running", "done", "failed"]


# ============================================================================ what clients send
class BriefRequest(BaseModel):
    """One brief as a client sends it: the body of `POST /v1/posters`, one item of a batch,
    one line of a JSONL file."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"brief": "双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取"},
        {"brief": "Summer sale banner, blue and white, headline: Cool Summer Deals", "format": "banner",
         "count": 2},
    ]})

    # minLength is stated for clients; the check itself is `_something_visible`, with a message a
    # person can read (the server adds maxLength: HUABAO_MAX_BRIEF_CHARS is runtime configuration)
    brief: Annotated[str, WithJsonSchema({"type": "string", "minLength": 1})] | Brief = Field(
        ..., description="The copywriting brief as free zh/en text (a /command works too), or structured "
                         "fields (subjects, palette, style, theme, copy{title,subtitle,cta}, format).")
    template: str | None = Field(None, description="Template name (see `huabao templates list`), e.g. 3d-icon.")
    count: int | None = Field(None, ge=1, le=MAX_COUNT, description="Number of posters for this brief.")
    format: str | None = Field(None, description="popup, poster, banner, square, or a size like 1080x1920.")
    formats: list[str] | None = Field(None, max_length=8, description=(
        "A campaign kit: one design per format from the same brief (same subject, palette and copy), "
        "e.g. [\"popup\", \"poster\", \"banner\", \"square\"]."))
    brand: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$", description=(
        "A brand kit by name (see prompts/brands): its colours lead the palette, its fonts set the copy, its "
        "logo is placed in the layout's logo zone."))
    image: str | None = Field(None, description="Subject/reference image as base64 (PNG, JPEG, WebP...).")
    gallery_id: str | None = Field(None, description="A gallery image to use as the subject, by its id.")

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        # JSON can carry lone surrogates ("\ud800"); they would fail later, wherever the text is
        # encoded (the job store, a folder name, the answer), so they are refused here, once
        problem = first_unencodable(data)
        if problem is not None:
            raise PydanticCustomError("unicode_invalid", problem)
        return data

    @field_validator("brief")
    @classmethod
    def _something_visible(cls, value: str | Brief) -> str | Brief:
        if isinstance(value, str):
            if is_blank(value):
                raise PydanticCustomError("brief_empty", EMPTY_BRIEF)
        elif is_blank(value.raw) and all(is_blank(s) for s in value.subjects) and all(
                is_blank(s) for s in (value.copy.title, value.copy.subtitle, value.copy.cta, value.copy.body)):
            raise PydanticCustomError("brief_empty", "the brief is empty: give raw text, subjects or copy")
        return value


class QueuedBrief(BaseModel):
    """A validated brief as the job store keeps it: images are files, not base64."""

    brief: str | dict[str, Any]
    template: str | None = None
    count: int | None = None
    format: str | None = None
    formats: list[str] | None = None
    brand: str | None = None
    image_file: str | None = None
    gallery_id: str | None = None

    def text(self) -> str:
        if isinstance(self.brief, str):
            return self.brief
        brief = Brief.model_validate(self.brief)
        return brief.raw or brief.copy.title or " ".join(brief.subjects) or json.dumps(self.brief, ensure_ascii=False)


@dataclass
class InvalidBrief:
    """An item of a batch file that cannot run (bad JSON, empty brief...): recorded as failed."""

    text: str
    error: str


@dataclass
class BriefJob:
    """What a worker receives: one claimed brief and the folder its files go to."""

    batch_id: str
    index: int
    attempt: int
    request: dict[str, Any]
    folder: str

    def queued(self) -> QueuedBrief:
        return QueuedBrief.model_validate(self.request)


Runner = Callable[[BriefJob], dict[str, Any]]
RunnerFactory = Callable[[Settings], Runner]


# ============================================================================ what clients read
class BriefState(BaseModel):
    index: int
    brief: str
    status: BriefStatusName
    attempts: int = 0
    folder: str
    seconds: float | None = None
    error: str | None = None
    error_kind: str | None = Field(None, description="input | unavailable | internal | crash | canceled")
    result: dict[str, Any] | None = Field(None, description="The `huabao make --json` object when done.")

    @property
    def outputs(self) -> list[dict[str, Any]]:
        return list((self.result or {}).get("outputs") or [])


class BatchState(BaseModel):
    id: str
    kind: str
    status: BatchStatusName
    created_at: float
    finished_at: float | None = None
    total: int
    counts: dict[str, int]
    out_dir: str
    identity: str | None = Field(None, description="Who submitted it (a token's identity); None before owners.")
    briefs: list[BriefState] = Field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.counts.get("queued", 0) == 0 and self.counts.get("running", 0) == 0

    @property
    def progress(self) -> float:
        return (self.total - self.counts.get("queued", 0) - self.counts.get("running", 0)) / max(1, self.total)


def batch_status_name(counts: dict[str, int]) -> BatchStatusName:
    """`done` once every brief finished, even if some failed; `failed` when none produced posters."""
    if counts.get("queued", 0) == 0 and counts.get("running", 0) == 0:
        return "done" if counts.get("done", 0) else "failed"
    if counts.get("running", 0) or counts.get("done", 0) or counts.get("failed", 0) or counts.get("canceled", 0):
        return "running"
    return "queued"


class IdempotencyConflict(HuabaoError):
    """The Idempotency-Key was used before with a different body."""
