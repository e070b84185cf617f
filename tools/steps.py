"""What the agent reports as it works: one typed event per pipeline step.

`Step` is a discriminated union on `kind`. Each kind carries its own fields (a search its hits, a
check its problems, an export its files), so a surface renders a step from those fields and never
reads them back out of the message; `message` is the step already said as one plain line (the
CLI, MCP progress and the batch log print it as it is).

Images are file paths; problems are `Problem` dicts (tools/check.py) plus the agent's own
(`subject_not_found`). The brief of a keywords step is the Brief's JSON: tools sit below the agent.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, field_validator


class StepBase(BaseModel):
    """What every step has: its kind, one plain line, and the images to show with it."""

    kind: str
    message: str = ""
    images: list[str] = Field(default_factory=list, description="Paths of images to show with the step.")

    @field_validator("images", mode="before")
    @classmethod
    def _paths_as_text(cls, value: Any) -> Any:
        return [str(item) for item in value] if isinstance(value, (list, tuple)) else value


class KeywordsStep(StepBase):
    """The words the run works from: a brief as read (`brief`), or an image described (`description`)."""

    kind: Literal["keywords"] = "keywords"
    brief: dict[str, Any] | None = None
    description: dict[str, Any] | None = None


class TemplateStep(StepBase):
    kind: Literal["template"] = "template"
    template: str = ""
    description: str = ""
    prompt: str = ""


class ReferenceHit(BaseModel):
    ref: str = ""
    gallery_id: str = ""
    score: float = 0.0
    label_zh: str = ""
    label_en: str = ""
    path: str = ""


class ReferencesStep(StepBase):
    kind: Literal["references"] = "references"
    query: str = ""
    hits: list[ReferenceHit] = Field(default_factory=list)


class CandidateInfo(BaseModel):
    candidate: str
    seed: int = 0
    backend: str = ""
    path: str = ""
    fidelity: float | None = None  # a recolour's colour fidelity (pick ranks by it)
    note: str | None = None  # what the recolour kept or why it was rejected


class CandidatesStep(StepBase):
    kind: Literal["candidates"] = "candidates"
    prompt: str = ""
    candidates: list[CandidateInfo] = Field(default_factory=list)


class RankedCandidate(BaseModel):
    candidate: str
    score: float
    signals: dict[str, Any] = Field(default_factory=dict)


class PickStep(StepBase):
    kind: Literal["pick"] = "pick"
    ranking: list[RankedCandidate] = Field(default_factory=list)


class CutoutStep(StepBase):
    kind: Literal["cutout"] = "cutout"
    cutout: str = ""
    backend: str = ""


class CheckStep(StepBase):
    """One composition checked: its poster id and the layout problems found (empty: clean)."""

    kind: Literal["check"] = "check"
    poster: str = ""
    problems: list[dict[str, Any]] = Field(default_factory=list)
    seconds: float = 0.0


class ExportStep(StepBase):
    kind: Literal["export"] = "export"
    poster: str = ""
    png: str = ""
    psd: str | None = None
    spec: str = ""
    svg: str | None = None


class NoteStep(StepBase):
    """Something worth knowing: a revision (`changes`), an edit of the last poster (`edit`), a problem
    the agent found (`problems`), a fallback."""

    kind: Literal["note"] = "note"
    problems: list[dict[str, Any]] = Field(default_factory=list)
    changes: list[str] = Field(default_factory=list)
    edit: dict[str, Any] = Field(default_factory=dict)


class ErrorStep(StepBase):
    """A tool call that failed; the LLM sees it and may try something else."""

    kind: Literal["error"] = "error"


class LlmStep(StepBase):
    """What the LLM answered: the tools it calls, or its text."""

    kind: Literal["llm"] = "llm"
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)
    invalid_tool_calls: list[str] = Field(default_factory=list)


Step = Annotated[Union[KeywordsStep, TemplateStep, ReferencesStep, CandidatesStep, PickStep, CutoutStep, CheckStep,
                       ExportStep, NoteStep, ErrorStep, LlmStep], Field(discriminator="kind")]
STEP_KINDS = ("keywords", "template", "references", "candidates", "pick", "cutout", "check", "export", "note",
              "error", "llm")


def step_line(step: StepBase) -> str:
    """A step as one log line: its kind, then what it says (the CLI and the batch log print this)."""
    return f"{step.kind:>10} {step.message}"
