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
    format: str | None = Field(None, description="The poster's format (a campaign kit has one of each).")
    problems: list[dict[str, Any]] = Field(default_factory=list)
    scores: dict[str, float] | None = Field(None, description="The design score (tools/taste.py): sub-scores "
                                                               "and overall in 0..1; variants come best first.")


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
    brand: str | None = Field(None, description="The brand kit the posters use (tools/brand.py), as asked for.")
    seconds: float = 0.0

    def summary(self) -> str:
        """What every surface says about a run: posters made, problems left, and in words what the
        user must act on (a subject the gallery lacks, copy that did not fit), then the notes."""
        text = f"{len(self.outputs)} poster(s) with template {self.template}"
        if self.problems:
            text += f"; {len(self.problems)} problem(s) left: " + ", ".join(p.get("code", "?") for p in self.problems)
            told = {p.get("message") for p in self.problems if p.get("code") in ("subject_not_found", "copy_truncated")}
            text += "".join(f"\n{message}" for message in sorted(m for m in told if m))
        if self.notes:
            text += "\n" + "\n".join(self.notes)
        return text

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)
