"""Batch files: a .jsonl, .csv or .json of briefs read into requests, and each one validated.
A line that cannot be used becomes a failed brief with its reason; the rest run."""
from __future__ import annotations

import base64
import csv
import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agent.batch.models import BriefRequest, InvalidBrief, QueuedBrief
from agent.batch.validation import Validator
from tools.errors import BriefError, HuabaoError
from tools.text import NotText, decode_text_file, readable

FILE_COLUMNS = ("brief", "template", "count", "format", "gallery_id", "image_path")


def check_file_items(items: list[BriefRequest | InvalidBrief], validator: Validator,
                     identity: str | None = None) -> list[QueuedBrief | InvalidBrief]:
    """Validate a file's briefs: lines that cannot be used become failed briefs with their reason.
    Images in it go to `identity`'s uploads."""
    checked: list[QueuedBrief | InvalidBrief] = []
    for index, item in enumerate(items):
        if isinstance(item, InvalidBrief):
            checked.append(item)
            continue
        try:
            checked.append(validator.check(item, identity=identity))
        except HuabaoError as err:
            label = item.brief if isinstance(item.brief, str) else item.brief.raw
            checked.append(InvalidBrief(label[:200], f"brief {index + 1}: {err}"))
    return checked


def read_briefs_file(path: Path, *, image_roots: list[Path] | None = None) -> list[BriefRequest | InvalidBrief]:
    """A .jsonl (one BriefRequest per line), .csv (columns brief, template, count, format) or
    .json ({"briefs": [...]}) file. A bad line becomes an InvalidBrief; an unreadable file raises.
    `image_path` (JSONL/CSV) is a local image, relative to the file; with `image_roots` (a file
    uploaded over HTTP) it must lie under those folders instead, relative to the first."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise BriefError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        text, _ = decode_text_file(raw)  # UTF-8 (BOM or not), UTF-16 with BOM, GBK/GB18030
    except NotText as err:
        raise BriefError(f"{path}: cannot be read as briefs: {err}") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, text)
    elif suffix == ".jsonl":
        rows = _jsonl_rows(text)
    elif suffix == ".json":
        try:
            body = json.loads(text)
        except json.JSONDecodeError as err:
            raise BriefError(f"{path}: not valid JSON ({err})") from None
        except RecursionError:
            raise BriefError(f"{path}: not valid JSON (nested too deeply)") from None
        items = body.get("briefs") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise BriefError(f'{path}: expected {{"briefs": [...]}} or a list of briefs')
        rows = [(f"brief {i + 1}", item) for i, item in enumerate(items)]
    else:
        raise BriefError(f"{path}: use a .jsonl, .csv or .json file of briefs")
    items: list[BriefRequest | InvalidBrief] = [_file_item(where, row, path.parent, image_roots)
                                                for where, row in rows]
    if not items:
        raise BriefError(f"{path}: no briefs in the file")
    return items


def _jsonl_rows(text: str) -> list[tuple[str, Any]]:
    rows = []
    # split on "\n" only: str.splitlines would also cut at U+2028 and other characters JSON
    # strings may hold unescaped
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as err:
            rows.append((f"line {number}", InvalidBrief(line.strip()[:200], f"line {number}: not valid JSON ({err.msg})")))
        except RecursionError:
            rows.append((f"line {number}", InvalidBrief(line.strip()[:200], f"line {number}: not valid JSON "
                                                                             "(nested too deeply)")))
    return rows


CSV_DELIMITERS = (",", "\t", ";")  # comma; tab (Excel's "Unicode text"); semicolon (Excel in some locales)
UNCLOSED_QUOTE = ('a quote (") is not closed, or text follows a closing quote: put the whole cell in quotes '
                  'and double any quote inside it ("")')


def _csv_rows(path: Path, text: str) -> list[tuple[str, Any]]:
    lines = io.StringIO(text, newline="").readlines()  # physical lines, endings kept (csv needs them)
    columns, delimiter = _csv_header(path, lines[:1])
    rows: list[tuple[str, Any]] = []
    for number, fields in _csv_records(lines, 1, delimiter):
        if isinstance(fields, csv.Error):
            message = UNCLOSED_QUOTE if "expected after" in str(fields) or "end of data" in str(fields) else str(fields)
            rows.append((f"line {number}", InvalidBrief(lines[number - 1].strip()[:200], f"line {number}: {message}")))
            continue
        row = {column: (fields[i].strip() if i < len(fields) else "") for i, column in enumerate(columns)}
        if not any(row.values()):
            continue
        rows.append((f"line {number}", {k: v for k, v in row.items() if v != "" or k == "brief"}))
    return rows


def _csv_header(path: Path, first: list[str]) -> tuple[list[str], str]:
    """The column names and the delimiter they are separated by."""
    for delimiter in CSV_DELIMITERS:
        try:
            header = next(csv.reader(first, delimiter=delimiter, strict=True), [])
        except csv.Error:
            continue
        columns = [c.strip().lower() for c in header]
        if "brief" not in columns:
            continue
        unknown = [c for c in columns if c not in FILE_COLUMNS]
        if unknown:
            raise BriefError(f"{path}: unknown column(s) {', '.join(unknown)}; known: {', '.join(FILE_COLUMNS)}")
        return columns, delimiter
    raise BriefError(f"{path}: the CSV needs a 'brief' column (optional: {', '.join(FILE_COLUMNS[1:])})")


def _csv_records(lines: list[str], start: int, delimiter: str) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(line number where it starts, fields) per record from `lines[start:]`. A record the strict
    reader refuses (a quote never closed, text after a closing quote) comes back as its error, and
    reading starts again on the next line, so one bad row does not swallow the rows after it; a
    properly quoted cell may still span lines (Excel writes line breaks in cells that way)."""
    position = start
    while position < len(lines):
        reader = csv.reader(itertools.islice(lines, position, None), delimiter=delimiter, strict=True)
        consumed = 0  # lines of lines[position:] read by the records already returned
        try:
            for fields in reader:
                yield position + consumed + 1, fields
                consumed = reader.line_num
            return
        except csv.Error as err:
            yield position + consumed + 1, err
            position += consumed + 1


def _file_item(where: str, row: Any, base: Path, image_roots: list[Path] | None = None) -> BriefRequest | InvalidBrief:
    if isinstance(row, InvalidBrief):
        return row
    if not isinstance(row, dict):
        return InvalidBrief(readable(json.dumps(row, ensure_ascii=False)[:200]),
                            f"{where}: expected an object with a 'brief'")
    row = dict(row)
    label = readable(str(row.get("brief", ""))[:200])  # it names a folder and a job-store row
    image_path = row.pop("image_path", None)
    try:
        if image_path:
            if not isinstance(image_path, str):
                return InvalidBrief(label, f"{where}: image_path must be a file path (text)")
            if image_roots is not None:
                from tools.paths import PathRefused, confine

                try:  # uploaded over HTTP: the server's files are not the uploader's to name
                    image_file = confine(image_path, image_roots)
                except PathRefused as err:
                    return InvalidBrief(label, f"{where}: image_path {err}")
            else:
                image_file = Path(image_path) if Path(image_path).is_absolute() else base / image_path
            try:
                row["image"] = base64.b64encode(image_file.read_bytes()).decode("ascii")
            except OSError as err:
                return InvalidBrief(label, f"{where}: image_path {readable(image_path)[:200]}: {err.strerror}")
        if isinstance(row.get("count"), str):
            digits = row["count"].strip()
            # ASCII digits only: int() refuses "²" (a digit to isdigit) and 5000-digit numbers
            row["count"] = int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 10 else row["count"]
        return BriefRequest.model_validate(row)
    except ValidationError as err:
        return InvalidBrief(label, f"{where}: {describe_validation(err)}")


def describe_validation(err: ValidationError) -> str:
    """Pydantic errors as one line a marketer can read: `count: Input should be ... ; brief: Field required`."""
    parts = []
    for e in err.errors():
        location = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body",))
        parts.append(f"{location}: {e.get('msg')}" if location else str(e.get("msg")))
    return "; ".join(parts)
