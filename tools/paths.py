"""Which files a remote caller may name: one rule for every surface reached over the network.

Over HTTP (the REST API, the Gradio UI, MCP at /mcp) a path argument may only name files under
the output folder, the gallery (and the folder its index was built from), and the caller's
uploads. With tokens, "the output folder" is the caller's own part of it (`<output>/users/<identity>`)
and "the uploads" its own uploads folder, so one token never names another's files; the local
user (no tokens) keeps the whole output and uploads folders. `confine` turns a caller's text into a resolved path under one of those folders or
raises `PathRefused` with one message that does not depend on what exists on disk, so a refusal
tells the caller nothing about the server's files. Local surfaces (the CLI, `huabao mcp` over
stdio) are the user's own machine and do not call it.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tools.config import Settings
from tools.errors import HuabaoError
from tools.tokens import LOCAL_IDENTITY

if TYPE_CHECKING:
    from tools.spec import PosterSpec

OUTSIDE = "this path is outside the folders huabao may use"
MAX_PATH_BYTES = 4096  # PATH_MAX on Linux
MAX_NAME_BYTES = 255  # NAME_MAX: one folder or file name
SHOWN_CHARS = 120  # how much of a refused path the message repeats
USERS_FOLDER = "users"  # <output>/users/<identity>: one identity's part of the output folder
# Fonts a spec names are read, never shown: system font folders are safe to allow.
SYSTEM_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


class PathRefused(HuabaoError):
    """A path argument names something outside the folders huabao may use over the network."""


def shown(path_text: str) -> str:
    """The caller's text, safe to put in a message (and in JSON): no NUL, no lone surrogates, short."""
    text = path_text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # symlink loops, names the OS refuses
        return None


def confine(path_text: str, roots: Sequence[str | Path], *, base: str | Path | None = None) -> Path:
    """`path_text` as a resolved path under one of `roots`, or `PathRefused`.

    Relative paths are relative to `base` (default: the first root, the output folder). Refused,
    with the same message whether or not the file exists: text that is not valid UTF-8 (lone
    surrogates), NUL bytes, backslashes, `..` parts, names over 255 bytes or paths over 4096,
    absolute paths outside the roots, and symlinks whose target is outside them."""
    if not isinstance(path_text, str) or not path_text:
        raise PathRefused("no path given")
    refused = PathRefused(f"{shown(path_text)}: {OUTSIDE}")
    try:
        encoded = path_text.encode("utf-8")
    except UnicodeEncodeError:
        raise refused from None
    if b"\x00" in encoded or "\\" in path_text or len(encoded) > MAX_PATH_BYTES or not roots:
        raise refused
    parts = path_text.split("/")
    if any(part == ".." or len(part.encode("utf-8")) > MAX_NAME_BYTES for part in parts):
        raise refused
    start = Path(base) if base is not None else Path(roots[0])
    lexical = Path(os.path.abspath(path_text if os.path.isabs(path_text) else start / path_text))
    real_roots = [root for root in (_resolved(Path(r)) for r in roots) if root is not None]
    # Named under a root as written (or as the root resolves), and still under one once every
    # symlink is followed: a link from outside in would tell the caller the link exists.
    named_inside = any(lexical.is_relative_to(root)
                       for root in [Path(os.path.abspath(r)) for r in roots] + real_roots)
    real = _resolved(lexical) if named_inside else None
    if real is None or not any(real.is_relative_to(root) for root in real_roots):
        raise refused
    return real


def _is_local(identity: str | None) -> bool:
    return identity is None or identity == LOCAL_IDENTITY


def _folder_name(identity: str) -> str:
    """An identity as one folder name (token names and env identities already are; others are hashed)."""
    return identity if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", identity) else \
        hashlib.sha256(identity.encode("utf-8", "backslashreplace")).hexdigest()[:32]


def uploads_root(settings: Settings, identity: str | None = None) -> Path:
    """Where an identity's uploads live: the whole uploads folder for the local user (no identity),
    a folder named for the identity otherwise (an identity that is not a plain name is hashed)."""
    if _is_local(identity):
        return settings.uploads_dir
    return settings.uploads_dir / _folder_name(identity)


def output_root(settings: Settings, identity: str | None = None) -> Path:
    """The part of the output folder an identity may name and write: all of it for the local user,
    `<output>/users/<identity>` otherwise (where its chat, preview and MCP posters go; the same
    folder as `ui.api.user_folder`, whose files the REST API serves to that identity alone)."""
    if _is_local(identity):
        return Path(settings.output_dir)
    return Path(settings.output_dir) / USERS_FOLDER / _folder_name(identity)


def gallery_roots(settings: Settings) -> list[Path]:
    """The gallery folder and, when the index was built from another folder, that folder."""
    from tools.retrieval.index import peek_manifest

    roots = [Path(settings.gallery_dir)]
    manifest = peek_manifest(settings.index_dir)
    if manifest and manifest.get("root"):
        roots.append(Path(manifest["root"]))
    return roots


def allowed_roots(settings: Settings, identity: str | None = None) -> list[Path]:
    """Every folder a remote caller may name, its output folder first (relative paths start there)."""
    folders = [output_root(settings, identity), *gallery_roots(settings), uploads_root(settings, identity)]
    unique: dict[str, Path] = {}
    for folder in folders:
        unique.setdefault(os.path.abspath(folder), folder)
    return list(unique.values())


def confine_input(path_text: str, settings: Settings, identity: str | None = None) -> Path:
    """A file a remote caller wants read: under the output folder, the gallery or their uploads."""
    return confine(path_text, allowed_roots(settings, identity))


def confine_output(path_text: str, settings: Settings, identity: str | None = None) -> Path:
    """Where a remote caller wants a file written: only ever under its output folder."""
    return confine(path_text, [output_root(settings, identity)])


def font_roots(settings: Settings, roots: Iterable[Path]) -> list[Path]:
    """Folders a spec's fonts may come from: the allowed folders, the system's font folders, and the
    folders of the configured and fontconfig-found CJK fonts (which specs huabao writes name)."""
    from tools.fonts import find_fonts

    folders = [*roots, *SYSTEM_FONT_DIRS]
    folders += [Path(p).parent for p in (settings.font_path, settings.font_bold_path) if p]
    try:
        found = find_fonts(settings)
        folders += [found.regular.path.parent, found.bold.path.parent]
    except HuabaoError:
        pass  # no CJK font: text layers fail later with their own readable error
    return folders


def confine_spec_paths(spec: PosterSpec, base_dir: Path | None, settings: Settings,
                       roots: Sequence[Path]) -> None:
    """Refuse a spec whose layers name source images outside `roots` or fonts outside the font
    folders, before anything is read: a spec is a file a remote caller may have written."""
    from tools.spec import resolve_source

    quick_fonts = [*roots, *SYSTEM_FONT_DIRS]
    all_fonts: list[Path] | None = None  # asks fontconfig: only when a font is elsewhere
    for layer in spec.layers:
        if layer.source:
            source = resolve_source(layer.source, base_dir)
            try:
                # checked as the renderer will open it: a batch poster's sources are `../sources/…`
                # from its spec's folder, a `..` confine refuses in a path typed by a caller; the
                # refusal repeats the spec's own text, never where a link on this machine leads
                confine(str(_resolved(source) or source), roots)
            except PathRefused:
                raise PathRefused(f"layer “{layer.name}” ({layer.id}): source {shown(layer.source)}: "
                                  f"{OUTSIDE}") from None
        if layer.font:
            try:
                if not os.path.isabs(layer.font):  # the renderer would read it from its working folder
                    raise PathRefused(f"{shown(layer.font)}: {OUTSIDE}")
                try:
                    confine(layer.font, quick_fonts)
                except PathRefused:
                    all_fonts = all_fonts or font_roots(settings, roots)
                    confine(layer.font, all_fonts)
            except PathRefused as err:
                raise PathRefused(f"layer “{layer.name}” ({layer.id}): font {err}") from None
