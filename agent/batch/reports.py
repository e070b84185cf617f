"""A batch's reports (report.csv, report.json) and its results.zip."""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any, Self

from agent.batch.models import BatchState
from tools.config import Settings
from tools.errors import HuabaoError

log = logging.getLogger("huabao.batch")
OUTPUT_KEYS = ("png", "psd", "spec", "svg")  # psd, svg: where they are, or are made on demand


def _relative(path_text: str | None, base: Path) -> str | None:
    if not path_text:
        return path_text
    path = Path(path_text)
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def report_rows(state: BatchState) -> list[dict[str, Any]]:
    """Per brief: status, outputs (relative to the batch folder), seconds, backends, problems, error.
    A lean batch's psd and svg name where they are made on demand (`huabao render SPEC --psd`, the
    API's asset URL); results.zip holds them."""
    base = Path(state.out_dir)
    rows = []
    for brief in state.briefs:
        result = brief.result or {}
        rows.append({
            "index": brief.index + 1,
            "brief": brief.brief,
            "status": brief.status,
            "outputs": [{key: _relative(out.get(key), base) for key in OUTPUT_KEYS}
                        for out in brief.outputs],
            "seconds": brief.seconds,
            "attempts": brief.attempts,
            "template": result.get("template"),
            "backends": result.get("backends") or {},
            "problems": result.get("problems") or [],
            "error": brief.error,
        })
    return rows


def report_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["index", "status", "brief", "outputs", "seconds", "attempts", "template", "backends",
                     "problems", "error"])
    for row in rows:
        writer.writerow([
            row["index"], row["status"], row["brief"], " ; ".join(o["png"] or "" for o in row["outputs"]),
            row["seconds"] if row["seconds"] is not None else "", row["attempts"], row["template"] or "",
            " ; ".join(f"{k}={v}" for k, v in row["backends"].items()),
            " ; ".join(str(p.get("code", p)) if isinstance(p, dict) else str(p) for p in row["problems"]),
            row["error"] or "",
        ])
    return buffer.getvalue()


def report_json(state: BatchState, rows: list[dict[str, Any]]) -> str:
    summary = {"id": state.id, "status": state.status, "total": state.total, "counts": state.counts,
               "created_at": state.created_at, "finished_at": state.finished_at}
    return json.dumps({"batch": summary, "briefs": rows}, ensure_ascii=False, indent=2)


def write_reports(state: BatchState) -> tuple[Path, Path]:
    """report.csv (Excel opens it: UTF-8 with BOM) and report.json in the batch folder."""
    out_dir = Path(state.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = report_rows(state)
    csv_path, json_path = out_dir / "report.csv", out_dir / "report.json"
    _write_atomic(csv_path, report_csv(rows).encode("utf-8-sig"))
    _write_atomic(json_path, report_json(state, rows).encode("utf-8"))
    return csv_path, json_path


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def build_results_zip(state: BatchState, settings: Settings | None = None) -> Path:
    """`results.zip` in the batch folder: the reports plus every finished brief's files, with
    each poster's PSD and SVG and the shared sources its spec names. Only regular files inside the
    batch folder go in (no dot files, no symlinks out). A PSD or SVG the batch folder lacks (a lean
    batch) is made from the spec for the zip, or taken from the previous results.zip when that one
    was built from the same spec, so a rebuild while the batch runs draws only the new posters."""
    out_dir = Path(state.out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = report_rows(state)
    target = out_dir / "results.zip"
    tmp = out_dir / f".results.{os.getpid()}.{threading.get_ident()}.tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive, \
            _PreviousZip(target) as previous, tempfile.TemporaryDirectory(prefix="huabao-zip-") as scratch:
        archive.writestr("report.json", report_json(state, rows))
        archive.writestr("report.csv", report_csv(rows).encode("utf-8-sig"))
        added: set[str] = set()
        shared: set[Path] = set()
        for brief in state.briefs:
            if brief.status != "done":
                continue
            folder = out_dir / brief.folder
            for file in sorted(folder.rglob("*")):
                if _in_zip(file, out_dir):
                    archive.write(file, file.relative_to(out_dir).as_posix())
                    added.add(file.relative_to(out_dir).as_posix())
            for output in brief.outputs:
                spec = _inside(output.get("spec"), out_dir)
                if spec is None or not spec.is_file():
                    continue
                shared |= _shared_sources(spec, out_dir, folder)
                _add_editable(archive, spec, out_dir, added, previous, Path(scratch), settings)
        for source in sorted(shared):
            name = source.relative_to(out_dir).as_posix()
            if name not in added and _in_zip(source, out_dir):
                archive.write(source, name)
                added.add(name)
    os.replace(tmp, target)
    return target


def _in_zip(file: Path, out_dir: Path) -> bool:
    relative = file.relative_to(out_dir)
    return not (any(part.startswith(".") for part in relative.parts) or file.is_symlink() or not file.is_file())


def _inside(path_text: str | None, out_dir: Path) -> Path | None:
    """A path the result names, as a file under the batch folder (even after the folder moved)."""
    relative = _relative(path_text, out_dir)
    if not relative or Path(relative).is_absolute() or ".." in Path(relative).parts:
        return None
    return out_dir / relative


def _shared_sources(spec: Path, out_dir: Path, folder: Path) -> set[Path]:
    """The spec's sources that lie in the batch folder outside the brief's own (`sources/`)."""
    from tools.spec import PosterSpec, resolve_source

    try:
        layers = PosterSpec.load(spec).layers
    except (HuabaoError, ValueError, OSError):
        return set()
    found = set()
    for layer in layers:
        if not layer.source:
            continue
        source = resolve_source(layer.source, spec.parent).resolve()
        if source.is_relative_to(out_dir) and not source.is_relative_to(folder.resolve()) and source.is_file():
            found.add(source)
    return found


def _add_editable(archive: zipfile.ZipFile, spec: Path, out_dir: Path, added: set[str], previous: _PreviousZip,
                  scratch: Path, settings: Settings | None) -> None:
    """The poster's PSD and SVG into the zip: from the batch folder (already added), the previous
    zip, or made now from the spec into a scratch folder (the batch folder stays lean)."""
    from tools.editable import EDITABLE_KINDS, editable_paths, write_editable

    spec_name = spec.relative_to(out_dir).as_posix()
    wanted = {kind: path.relative_to(out_dir).as_posix() for kind, path in editable_paths(spec).items()}
    missing = [kind for kind in EDITABLE_KINDS if wanted[kind] not in added]
    for kind in list(missing):
        data = previous.same_spec_member(spec_name, spec.read_bytes(), wanted[kind])
        if data is not None:
            archive.writestr(wanted[kind], data)
            added.add(wanted[kind])
            missing.remove(kind)
    if not missing:
        return
    try:
        made = write_editable(spec, missing, out_dir=scratch, settings=settings, reuse=False)
    except HuabaoError as err:  # the PNG and spec still go in; the log says why this one could not
        log.warning("results.zip: no PSD/SVG for %s (%s)", spec_name, err)
        return
    for kind, path in made.items():
        archive.write(path, wanted[kind])
        added.add(wanted[kind])
        path.unlink()


class _PreviousZip:
    """The results.zip being replaced, read for the PSDs and SVGs it already holds."""

    def __init__(self, path: Path):
        self.path = path
        self.archive: zipfile.ZipFile | None = None

    def __enter__(self) -> Self:
        try:
            self.archive = zipfile.ZipFile(self.path) if self.path.is_file() else None
        except (OSError, zipfile.BadZipFile):
            self.archive = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.archive is not None:
            self.archive.close()

    def same_spec_member(self, spec_name: str, spec_bytes: bytes, name: str) -> bytes | None:
        """`name` from the previous zip, when it holds the same spec (so the file was made from it)."""
        if self.archive is None:
            return None
        try:
            if self.archive.read(spec_name) != spec_bytes:
                return None
            return self.archive.read(name)
        except (KeyError, OSError, zipfile.BadZipFile):
            return None
