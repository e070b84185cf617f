"""The sample gallery: Microsoft Fluent 3D emoji (npm `@lobehub/fluent-emoji-3d`, MIT) with zh
and en labels and tags from npm `emojibase-data`.

Both packages come from the npm registry with `npm pack` (a tarball; no Node code runs) and are
extracted into a git-ignored folder. `metadata.jsonl` joins them by hexcode, ignoring `fe0f`, and
carries each symbol's search hints from the hand glossaries (tools/retrieval/glossary.py).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tools.errors import GalleryError
from tools.retrieval.glossary import SKIN_TONES, gallery_hints, normalise_hexcode

ICONS_PACKAGE = "@lobehub/fluent-emoji-3d"
LABELS_PACKAGE = "emojibase-data"


def _npm_pack(package: str, dest: Path) -> Path:
    if shutil.which("npm") is None:
        raise GalleryError("npm is not installed: `apt-get install npm` (or install Node.js)")
    result = subprocess.run(
        ["npm", "pack", package, "--silent", "--pack-destination", str(dest)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise GalleryError(f"npm pack {package} failed: {result.stderr.strip()[-500:]}")
    tarballs = sorted(dest.glob("*.tgz"), key=lambda p: p.stat().st_mtime)
    if not tarballs:
        raise GalleryError(f"npm pack {package} produced no tarball")
    return tarballs[-1]


def _extract(tarball: Path, dest: Path) -> Path:
    with tarfile.open(tarball) as archive:
        archive.extractall(dest, filter="data")  # refuses absolute paths and `..`
    return dest / "package"


def _fetch_package(package: str, workdir: Path) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    return _extract(_npm_pack(package, workdir), workdir)


def _index_emojibase(entries: Iterable[dict], groups: dict[int, str], subgroups: dict[int, str]) -> dict[str, dict]:
    """hexcode → {label, tags, group, subgroup}; skin-tone variants inherit their base's tags."""
    index: dict[str, dict] = {}
    for entry in entries:
        base = {
            "label": entry.get("label", ""),
            "tags": list(entry.get("tags") or []),
            "group": groups.get(entry.get("group", -1), ""),
            "subgroup": subgroups.get(entry.get("subgroup", -1), ""),
        }
        index[normalise_hexcode(entry["hexcode"])] = base
        for skin in entry.get("skins") or []:
            index.setdefault(normalise_hexcode(skin["hexcode"]), {**base, "label": skin.get("label", base["label"])})
    return index


def _load_language(package_dir: Path, lang: str) -> dict[str, dict]:
    data = json.loads((package_dir / lang / "data.json").read_text(encoding="utf-8"))
    messages = json.loads((package_dir / lang / "messages.json").read_text(encoding="utf-8"))
    groups = {g["order"]: g["message"] for g in messages.get("groups", [])}
    subgroups = {g["order"]: g["message"] for g in messages.get("subgroups", [])}
    return _index_emojibase(data, groups, subgroups)


def _lookup(index: dict[str, dict], hexcode: str) -> dict | None:
    key = normalise_hexcode(hexcode)
    # Subdivision flags are named without their closing cancel tag (e007f) in the icon set.
    return index.get(key) or index.get(f"{key}-e007f")


def build_metadata(icons_dir: Path, labels_dir: Path, gallery_dir: Path) -> list[dict]:
    """One record per icon; icons with no emojibase entry keep their hexcode as a label."""
    zh, en = _load_language(labels_dir, "zh"), _load_language(labels_dir, "en")
    hints = gallery_hints()
    records = []
    for icon in sorted(icons_dir.glob("*.webp")):
        hexcode = icon.stem
        zh_entry, en_entry = _lookup(zh, hexcode) or {}, _lookup(en, hexcode) or {}
        records.append({
            "path": str(icon.relative_to(gallery_dir)),
            "hexcode": hexcode,
            "label_zh": zh_entry.get("label", ""),
            "tags_zh": zh_entry.get("tags", []),
            "label_en": en_entry.get("label", ""),
            "tags_en": en_entry.get("tags", []),
            "category_zh": " / ".join(x for x in (zh_entry.get("group"), zh_entry.get("subgroup")) if x),
            "category_en": " / ".join(x for x in (en_entry.get("group"), en_entry.get("subgroup")) if x),
            **_hint_columns(hints, hexcode),
        })
    return records


def _hint_columns(hints: dict[str, dict[str, list[str]]], hexcode: str) -> dict[str, list[str]]:
    """A skin tone of a symbol has the symbol's hints: the glossary is written for the plain one."""
    code = normalise_hexcode(hexcode)
    found = hints.get(code) or hints.get("-".join(p for p in code.split("-") if p not in SKIN_TONES), {})
    return {"hints_zh": found.get("zh", []), "hints_en": found.get("en", [])}


def refresh_hints(metadata_path: Path, hints: dict[str, dict[str, list[str]]] | None = None) -> bool:
    """Give an installed gallery's metadata today's glossary hints; True when that changed the file
    (the next `huabao index` then re-embeds the symbols whose hints changed, and only those)."""
    hints = gallery_hints() if hints is None else hints
    lines = metadata_path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    refreshed = [{**record, **_hint_columns(hints, record["hexcode"])} for record in records]
    if refreshed == records:
        return False
    _write_records(metadata_path, refreshed)
    return True


def _write_records(metadata_path: Path, records: list[dict]) -> None:
    tmp_metadata = metadata_path.with_suffix(".jsonl.tmp")
    with tmp_metadata.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(tmp_metadata, metadata_path)


def install_sample_gallery(gallery_dir: Path, *, force: bool = False) -> Path:
    """Fetch both packages and write `gallery_dir/images/*.webp` and `metadata.jsonl`.

    Idempotent: when metadata and images are already there, nothing is fetched (only the glossary
    hints are brought up to date).
    """
    metadata_path = gallery_dir / "metadata.jsonl"
    images_dir = gallery_dir / "images"
    if metadata_path.exists() and images_dir.is_dir() and not force:
        count = sum(1 for _ in metadata_path.open(encoding="utf-8"))
        if count and count == len(list(images_dir.glob("*.webp"))):
            refresh_hints(metadata_path)
            return metadata_path

    gallery_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="huabao-gallery-") as tmp:
        tmp_path = Path(tmp)
        icons_pkg = _fetch_package(ICONS_PACKAGE, tmp_path / "icons")
        labels_pkg = _fetch_package(LABELS_PACKAGE, tmp_path / "labels")
        assets = icons_pkg / "assets"
        if not assets.is_dir():
            raise GalleryError(f"{ICONS_PACKAGE} has no assets/ folder; its layout changed")
        staging = gallery_dir / ".images.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(assets, staging)
        shutil.rmtree(images_dir, ignore_errors=True)
        staging.rename(images_dir)
        for name in ("LICENSE", "README.md"):
            if (icons_pkg / name).exists():
                shutil.copy(icons_pkg / name, gallery_dir / f"fluent-emoji-3d.{name}")
        records = build_metadata(images_dir, labels_pkg, gallery_dir)
    _write_records(metadata_path, records)
    return metadata_path


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Install the sample gallery (npm pack, no Node code runs).")
    parser.add_argument("gallery_dir", type=Path)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    path = install_sample_gallery(args.gallery_dir, force=args.force)
    count = sum(1 for _ in path.open(encoding="utf-8"))
    print(f"sample gallery: {count} images, metadata at {path}")


if __name__ == "__main__":
    main()
