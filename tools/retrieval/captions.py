"""Captions and tags: reading a metadata file, and the text each image is searched by.

A metadata file (.jsonl, .json list or .csv) has one row per image. Recognised columns:
`path` (or file/filename/image), `id`, `label_zh`/`label_en` (or label/title/name, language
detected), `caption_zh`/`caption_en` (or caption/description/text), `tags_zh`/`tags_en`
(or tags/keywords; lists or "a, b; c" strings), `category_zh`/`category_en`, `hints_zh`/`hints_en`
(or hints: looser words people search by when the image fits, which steer the dense channel only).
Other columns are kept in the hit's metadata.

An image without a label or caption gets a generated one (ImageNet labels + colour names, or
the words of its file name), so text queries still reach it.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from tools.colors import color_by_key
from tools.errors import GalleryError

_CJK = re.compile(r"[\u3400-\u9fff]")
_TAG_SPLIT = re.compile(r"[,;|，；、\n]+")
_PATH_KEYS = ("path", "file", "filename", "file_name", "image", "image_path")
_KNOWN = {
    "id", "label_zh", "label_en", "label", "title", "name", "caption_zh", "caption_en", "caption",
    "description", "text", "tags_zh", "tags_en", "tags", "keywords", "category_zh", "category_en",
    "category", "hints_zh", "hints_en", "hints", *_PATH_KEYS,
}
# Document format version: part of the backend version, so a change re-embeds every image.
DOC_VERSION = "doc4"


class Captions(BaseModel):
    """What a person (or the metadata file) says about one image."""

    id: str | None = None
    label_zh: str = ""
    label_en: str = ""
    caption_zh: str = ""
    caption_en: str = ""
    tags_zh: list[str] = Field(default_factory=list)
    tags_en: list[str] = Field(default_factory=list)
    category_zh: str = ""
    category_en: str = ""
    hints_zh: list[str] = Field(default_factory=list)
    hints_en: list[str] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.label_zh or self.label_en or self.caption_zh or self.caption_en
                    or self.tags_zh or self.tags_en)

    @property
    def tags(self) -> list[str]:
        return list(dict.fromkeys([*self.tags_zh, *self.tags_en]))

    def fingerprint(self) -> str:
        """Changes when any caption changes, so an edited metadata file re-embeds that image."""
        return hashlib.sha1(self.model_dump_json().encode("utf-8")).hexdigest()[:16]


def _is_zh(text: str) -> bool:
    return bool(_CJK.search(text))


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                return _as_list(json.loads(stripped))
            except ValueError:
                pass
        return [part.strip() for part in _TAG_SPLIT.split(value) if part.strip()]
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value if str(item).strip()]
    return [str(value)]


def _split_by_language(values: list[str]) -> tuple[list[str], list[str]]:
    return [v for v in values if _is_zh(v)], [v for v in values if not _is_zh(v)]


def captions_from_row(row: dict[str, Any]) -> Captions:
    """One metadata row (any of the recognised spellings) → Captions."""
    def text(key: str) -> str:
        value = row.get(key)
        return str(value).strip() if value not in (None, "") else ""

    def by_language(zh: str, en: str, keys: tuple[str, ...]) -> tuple[str, str]:
        """Language-neutral columns fill whichever of zh/en is still empty, by their script."""
        for key in keys:
            value = text(key)
            if value and _is_zh(value) and not zh:
                zh = value
            elif value and not _is_zh(value) and not en:
                en = value
        return zh, en

    label_zh, label_en = by_language(text("label_zh"), text("label_en"), ("label", "title", "name"))
    caption_zh, caption_en = by_language(text("caption_zh"), text("caption_en"), ("caption", "description", "text"))
    tags_zh, tags_en = _as_list(row.get("tags_zh")), _as_list(row.get("tags_en"))
    extra_zh, extra_en = _split_by_language(_as_list(row.get("tags")) + _as_list(row.get("keywords")))
    hints_zh, hints_en = _split_by_language(_as_list(row.get("hints")))
    category = text("category")
    return Captions(
        id=text("id") or None,
        label_zh=label_zh, label_en=label_en, caption_zh=caption_zh, caption_en=caption_en,
        tags_zh=list(dict.fromkeys(tags_zh + extra_zh)), tags_en=list(dict.fromkeys(tags_en + extra_en)),
        category_zh=text("category_zh") or (category if _is_zh(category) else ""),
        category_en=text("category_en") or (category if category and not _is_zh(category) else ""),
        hints_zh=list(dict.fromkeys(_as_list(row.get("hints_zh")) + hints_zh)),
        hints_en=list(dict.fromkeys(_as_list(row.get("hints_en")) + hints_en)),
        extra={k: v for k, v in row.items() if k not in _KNOWN and v not in (None, "")},
    )


def _rows(path: Path) -> list[dict[str, Any]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return list(csv.DictReader(handle))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise GalleryError(f"metadata file {path} cannot be read: {err}") from err
    if suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as err:
            raise GalleryError(f"metadata file {path} is not valid JSON: {err}") from err
        if not isinstance(data, list):
            raise GalleryError(f"metadata file {path} must hold a JSON list of objects")
        return [row for row in data if isinstance(row, dict)]
    if suffix != ".jsonl":
        raise GalleryError(f"metadata file {path}: use .jsonl, .json or .csv")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as err:
            raise GalleryError(f"metadata file {path}, line {number}: not valid JSON ({err})") from err
        if isinstance(row, dict):
            rows.append(row)
    return rows


def read_metadata(path: Path, folder: Path) -> tuple[dict[Path, Captions], list[str]]:
    """Resolved image path → Captions, and notes about rows that name no existing file.

    A row's path may be absolute, relative to the indexed folder, or relative to the metadata
    file's own folder.
    """
    path = Path(path)
    if not path.is_file():
        raise GalleryError(f"metadata file {path} not found")
    result: dict[Path, Captions] = {}
    missing: list[str] = []
    no_path = 0
    for row in _rows(path):
        raw = next((str(row[k]) for k in _PATH_KEYS if row.get(k)), "")
        if not raw:
            no_path += 1
            continue
        candidates = [Path(raw)] if Path(raw).is_absolute() else [folder / raw, path.parent / raw]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            missing.append(raw)
            continue
        result[found.resolve()] = captions_from_row(row)
    notes = []
    if missing:
        notes.append(f"{len(missing)} metadata row(s) name files that do not exist, e.g. {missing[0]}")
    if no_path:
        notes.append(f"{no_path} metadata row(s) have no path column ({'/'.join(_PATH_KEYS[:3])})")
    return result, notes


_HEXLIKE = re.compile(r"^(?:[0-9a-f]{4,}|img|dsc|image|photo|pic|screenshot|scan|copy|final|v\d+)$", re.I)


def filename_words(path: Path) -> str:
    """Words in a file name that look meant for people: "red-gift_box.png" → "red gift box"."""
    tokens = re.split(r"[\s_\-.()\[\]]+", Path(path).stem)
    kept = [t for t in tokens if t and (_is_zh(t) or (t.isalpha() and len(t) >= 3 and not _HEXLIKE.match(t)))]
    return " ".join(kept)


def generated_captions(path: Path, imagenet: list[tuple[str, float]], colour_keys: list[str]) -> Captions:
    """A caption for an image nobody described: its file-name words, what ImageNet sees, its colours."""
    words = filename_words(path)
    labels = [name for name, prob in imagenet if prob >= 0.05][:3] or [name for name, _ in imagenet[:1]]
    colours = [color_by_key(key) for key in colour_keys]
    label_en = words or (labels[0] if labels else "")
    caption_en = ", ".join(labels)
    if colours:
        caption_en = f"{caption_en}; {' and '.join(c.en for c in colours)}".strip("; ")
    label_zh = words if _is_zh(words) else ""
    caption_zh = "、".join(c.zh for c in colours)
    return Captions(label_zh=label_zh, label_en=label_en if not _is_zh(label_en) else "",
                    caption_en=caption_en, caption_zh=caption_zh, tags_en=labels)


def document_text(captions: Captions) -> str:
    """The passage each image is embedded as: labels first (they matter most), then captions and
    tags, in both languages. Category names and colour words are left out for captioned images:
    measured on the sample gallery they cost embedding time (more tokens) without better recall;
    a generated caption carries its colours in its own text."""
    parts = [
        "；".join(x for x in (captions.label_zh, captions.label_en) if x),
        " ".join(x for x in (captions.caption_zh, captions.caption_en) if x),
        "、".join(captions.tags_zh),
        ", ".join(captions.tags_en),
    ]
    return "。".join(part for part in parts if part)


def passage_text(captions: Captions) -> str:
    """What the dense channel embeds: the document, then the search hints. Hints stay out of the
    document the lexical channel reads: they are looser than tags (a trade's words go to every symbol
    that draws it), and an exact word match on them would outrank the symbol a query names. Measured
    on the sample gallery, its glossary hints took dense-only Recall@5 on the dev queries from .700 to
    .843."""
    hints = ["、".join(captions.hints_zh), ", ".join(captions.hints_en)]
    return "。".join(part for part in (document_text(captions), *hints) if part)
