"""The data that crosses the retrieval boundary: search hits and indexing reports."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    """One gallery image found by a search, best first in a result list."""

    id: str = Field(description="Stable id: the metadata's `id`, else the path relative to the indexed folder.")
    path: str = Field(description="Absolute path of the image file.")
    score: float = Field(description="Higher is better; cosine-like, comparable within one result list.")
    label_zh: str = ""
    label_en: str = ""
    tags: list[str] = Field(default_factory=list, description="Tags in Chinese and English.")
    metadata: dict[str, Any] = Field(default_factory=dict)

    def brief(self) -> dict[str, Any]:
        """The fields every surface prints (CLI --json, API, MCP)."""
        return {"id": self.id, "path": self.path, "score": round(self.score, 4),
                "label_zh": self.label_zh, "label_en": self.label_en, "tags": self.tags}


class SkippedFile(BaseModel):
    path: str
    reason: str


class IndexReport(BaseModel):
    """What one `index_folder` run did. Counts are items (images), not vectors."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[SkippedFile] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    backend: str = ""
    resumed: int = Field(0, description="Items taken from an interrupted run's finished batches.")
    count: int = Field(0, description="Items in the index after this run.")
    index_type: str = ""

    def summary(self) -> str:
        text = (f"{self.count} images indexed with {self.backend} ({self.index_type}): "
                f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged, {len(self.skipped)} skipped")
        if self.resumed:
            text += f", {self.resumed} resumed from an interrupted run"
        return f"{text} in {self.seconds:.1f} s"
