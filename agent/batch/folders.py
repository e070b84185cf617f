"""Per-brief output folders: named for the poster's title, in input order, cleared on a re-run."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from agent.batch.models import InvalidBrief, QueuedBrief
from agent.brief import default_lexicon
from agent.brief_copy import extract_copy
from tools.config import Settings

# a brief's longest text by default: an invalid brief may be any length, its title is read from where a brief's would be
BRIEF_CHARS_READ = Settings.model_fields["max_brief_chars"].default
MARKER = ".huabao-brief"  # marks a brief folder as ours, so a re-run may clear it


def _slug(text: str, limit: int = 24) -> str:
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", text).strip("-_").lower()
    return slug[:limit].strip("-_") or "brief"


def brief_folder(index: int, text: str) -> str:
    """`001-好运福袋`: per-brief folders sort in input order and are named for the poster's title
    (the title the brief parser reads, or the start of the brief when it has none)."""
    title = extract_copy(text[:BRIEF_CHARS_READ], default_lexicon().copy_rules)[0].get("title")
    return f"{index + 1:03d}-{_slug(title or text.lstrip('/'))}"


def brief_folders(items: list[QueuedBrief | InvalidBrief]) -> list[str]:
    """The folder of each brief of a batch, by its position."""
    return [brief_folder(i, item.text if isinstance(item, InvalidBrief) else item.text())
            for i, item in enumerate(items)]


def prepare_folder(folder: Path) -> None:
    """A fresh folder per attempt: a re-run never leaves a half-written earlier attempt beside it."""
    if folder.is_dir() and (folder / MARKER).exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by huabao batch; cleared when this brief is re-run\n", encoding="utf-8")
