"""What a batch keeps of each poster: PNG, spec and layer sources, each source once per batch.

A poster's export copies its sources beside its spec (`<name>_layers/`); in a batch the same
gallery picture would then be stored once per poster. After a brief, its sources move to the
batch's `sources/` folder under their content's hash (`sources/<sha256-prefix>.webp`), one file
however many posters draw it, and each spec names them relative to its own folder
(`../sources/…`), so a moved or unzipped batch folder still re-renders. The agent's scratch folder
(`.work`) goes too. The PSD and SVG are made from the spec when asked for (tools/editable.py),
unless the batch runs with `--psd`.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path
from typing import Any

from tools.editable import editable_paths
from tools.spec import Layer, PosterSpec, relink_sources

SOURCES_FOLDER = "sources"
HASH_CHARS = 20  # 80 bits of sha256: no two different pictures of one batch share a name
SCRATCH_FOLDER = ".work"


def keep_lean(result: dict[str, Any], folder: Path, batch_dir: Path) -> dict[str, Any]:
    """After a brief ran into `folder`: every poster's sources shared under `batch_dir/sources/`,
    the scratch folder removed. Returns `result` (its paths do not change)."""
    for output in result.get("outputs") or []:
        spec = Path(output.get("spec") or "")
        if not spec.is_file():
            continue
        share_sources(spec, Path(batch_dir) / SOURCES_FOLDER)
        # a PSD or SVG this export made (`--psd`) is the spec's, though the spec was written after it:
        # dated with it, so `huabao render --psd` and the asset route take it as current
        written = spec.stat().st_mtime_ns
        for made in editable_paths(spec).values():
            if made.is_file():
                os.utime(made, ns=(written, written))
    shutil.rmtree(Path(folder) / SCRATCH_FOLDER, ignore_errors=True)
    return result


def share_sources(spec_path: Path, sources_dir: Path) -> PosterSpec:
    """Move the spec's sources into `sources_dir` under their content hash (a picture already
    there is not stored again) and name them relative to the spec's folder; the copies the
    export left beside the spec are removed."""
    base_dir = spec_path.resolve().parent
    spec = PosterSpec.load(spec_path)
    moved: list[Path] = []

    def share(layer: Layer, source: Path) -> str:
        moved.append(source)
        return Path(os.path.relpath(_store_once(source, sources_dir), base_dir)).as_posix()

    shared_spec = relink_sources(spec, base_dir, share)
    if not moved:
        return spec
    shared_spec.save(spec_path)
    for source in moved:
        # only the export's own copies (beside the spec, in a `_layers` folder), never a gallery file
        if source.parent.parent == base_dir and source.parent.name.endswith("_layers"):
            source.unlink(missing_ok=True)
    for layers_dir in {source.parent for source in moved}:
        if layers_dir.parent == base_dir and layers_dir.name.endswith("_layers"):
            try:
                layers_dir.rmdir()
            except OSError:
                pass  # something else is in it: left as it is
    return shared_spec


def _store_once(source: Path, sources_dir: Path) -> Path:
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    target = sources_dir / f"{digest.hexdigest()[:HASH_CHARS]}{source.suffix.lower()}"
    if target.is_file():
        return target
    sources_dir.mkdir(parents=True, exist_ok=True)
    # workers of one batch may store the same picture at once: each writes aside, the rename is atomic
    partial = sources_dir / f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target
