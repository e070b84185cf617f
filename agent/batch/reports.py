"""A batch's reports (report.csv, report.json) and its results.zip."""
from __future__ import annotations

import csv
import io
import json
import os
import threading
import zipfile
from pathlib import Path
from typing import Any

from agent.batch.models import BatchState


def _relative(path_text: str | None, base: Path) -> str | None:
    if not path_text:
        return path_text
    path = Path(path_text)
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def report_rows(state: BatchState) -> list[dict[str, Any]]:
    """Per brief: status, outputs (relative to the batch folder), seconds, backends, problems, error."""
    base = Path(state.out_dir)
    rows = []
    for brief in state.briefs:
        result = brief.result or {}
        rows.append({
            "index": brief.index + 1,
            "brief": brief.brief,
            "status": brief.status,
            "outputs": [{key: _relative(out.get(key), base) for key in ("png", "psd", "spec")}
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


def build_results_zip(state: BatchState) -> Path:
    """`results.zip` in the batch folder: the reports plus every finished brief's files.
    Only regular files inside the batch folder go in (no dot files, no symlinks out)."""
    out_dir = Path(state.out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = report_rows(state)
    target = out_dir / "results.zip"
    tmp = out_dir / f".results.{os.getpid()}.{threading.get_ident()}.tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("report.json", report_json(state, rows))
        archive.writestr("report.csv", report_csv(rows).encode("utf-8-sig"))
        for brief in state.briefs:
            if brief.status != "done":
                continue
            folder = out_dir / brief.folder
            for file in sorted(folder.rglob("*")):
                relative = file.relative_to(out_dir)
                if any(part.startswith(".") for part in relative.parts) or file.is_symlink() or not file.is_file():
                    continue
                archive.write(file, relative.as_posix())
    os.replace(tmp, target)
    return target
