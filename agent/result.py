"""What one run of the agent returns: the `huabao make --json` object."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agent.brief import Brief


class PosterOutput(BaseModel):
    png: str
    psd: str
    spec: str
    svg: str | None = Field(None, description="SVG with live text, beside the PSD.")
    subject: str | None = None
    problems: list[dict[str, Any]] = Field(default_factory=list)


class MakeResult(BaseModel):
    brief: Brief
    template: str
    references: list[str] = Field(default_factory=list, description="Gallery ids used as references.")
    backends: dict[str, str] = Field(default_factory=dict, description="Which backend made each step.")
    rounds: int = 0
    problems: list[dict[str, Any]] = Field(default_factory=list, description="From check; empty when clean.")
    outputs: list[PosterOutput] = Field(default_factory=list)
    planner: str = "offline"
    notes: list[str] = Field(default_factory=list, description="Fallbacks and other things worth knowing.")
    series: list[str] = Field(default_factory=list, description="Subjects of a /series run.")
    seconds: float = 0.0

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)
