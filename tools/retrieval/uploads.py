"""A user's own pictures added to the shared gallery: copied under the indexed folder, each
recorded with who added it, and indexed incrementally (the chat's gallery tab, through the service)."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from pathlib import Path
from typing import Any

from tools.config import Settings
from tools.errors import HuabaoError
from tools.images import load_image
from tools.retrieval.index import read_manifest
from tools.tokens import LOCAL_IDENTITY


def index_root(settings: Settings) -> Path:
    """The folder the index was built from (uploads go under it), else the gallery folder."""
    try:
        manifest = read_manifest(settings.index_dir)
    except HuabaoError:
        manifest = None
    return Path(manifest["root"]) if manifest and manifest.get("root") else Path(settings.gallery_dir)


GALLERY_ADDED_LOG = "added.jsonl"  # <index root>/uploads/added.jsonl: one metadata row per image added


def gallery_additions(settings: Settings) -> list[dict[str, Any]]:
    """The rows `add_images` wrote: path (relative to the indexed folder), label,
    added_by (the identity that added it) and added_at, oldest first."""
    log_path = index_root(settings) / "uploads" / GALLERY_ADDED_LOG
    if not log_path.is_file():
        return []
    rows = []
    for line in log_path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:  # a line cut short by a crash: the others still count
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


def add_images(settings: Settings, files: list[str], label: str = "", progress: bool = False, *,
               added_by: str = LOCAL_IDENTITY) -> tuple[list[Path], str]:
    """Copy uploads into <gallery>/uploads, named by their label (the index reads words from file
    names), and update the index incrementally. The gallery is shared, so each image added gets a
    metadata row in uploads/added.jsonl saying who added it (`added_by`) and when. Returns the
    copied files and the index summary."""
    from tools.retrieval.ingest import index_folder

    if not files:
        raise HuabaoError("先选择要加入图库的图片 · choose images to add first")
    root = index_root(settings)
    target = root / "uploads"
    target.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^\w\u4e00-\u9fff]+", "-", label.strip()).strip("-")[:40]
    copied: list[Path] = []
    added: list[dict[str, Any]] = []
    for file in files:
        source = Path(file)
        data = source.read_bytes()
        load_image(data, max_pixels=settings.max_image_pixels)  # refuses non-images and bombs, with a readable error
        stem = slug or re.sub(r"[^\w\u4e00-\u9fff]+", "-", source.stem).strip("-")[:40] or "upload"
        destination = target / f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{source.suffix.lower() or '.png'}"
        if not destination.exists():
            shutil.copyfile(source, destination)
            added.append({"path": destination.relative_to(root).as_posix(), "label": label.strip(),
                          "added_by": added_by, "added_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
        copied.append(destination)
    if added:  # the same image added again keeps its first row: whoever added it first
        with (target / GALLERY_ADDED_LOG).open("a", encoding="utf-8") as ledger:
            ledger.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in added))
    metadata = settings.gallery_metadata if Path(settings.gallery_metadata).is_file() else None
    report = index_folder(settings, root, metadata=metadata, progress=progress)
    return copied, report.summary()
