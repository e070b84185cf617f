"""Path confinement (tools.paths): what a caller over the network may name.

Property tests generate path text of every awkward kind (`..`, absolute paths, symlinks made in
a temp folder, NUL, long names, unicode, lone surrogates) against a real folder tree, and check
that `confine` never returns a path outside the allowed folders and that a refusal reads the same
whether or not the file exists.
"""
from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from PIL import Image

from tools.config import Settings
from tools.paths import (
    OUTSIDE,
    PathRefused,
    allowed_roots,
    confine,
    confine_output,
    confine_spec_paths,
    uploads_root,
)


# ============================================================================ a real tree to aim at
def _tree(base: Path) -> dict[str, Path]:
    """out/ and gallery/ (allowed), secret/ beside them (not), and symlinks both ways."""
    out, gallery, secret = base / "out", base / "gallery", base / "secret"
    for folder in (out / "posters", gallery / "images", secret):
        folder.mkdir(parents=True, exist_ok=True)
    (out / "posters" / "a.png").write_bytes(b"png")
    (gallery / "images" / "g.png").write_bytes(b"png")
    (secret / "key.txt").write_text("secret")
    links = {
        out / "to-secret": secret,  # a folder link out
        out / "key-link": secret / "key.txt",  # a file link out
        out / "dangling-out": secret / "not-there.txt",  # a link out whose target does not exist
        out / "to-gallery": gallery / "images",  # a link between allowed folders: fine
        secret / "into-out": out / "posters",  # a link from outside in
    }
    for link, target in links.items():
        if not link.is_symlink():
            link.symlink_to(target)
    loop = out / "loop"
    if not loop.is_symlink():
        loop.symlink_to(out / "loop")
    return {"out": out, "gallery": gallery, "secret": secret, "base": base}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _tree(tmp_path_factory.mktemp("paths"))


def _roots(tree: dict[str, Path]) -> list[Path]:
    return [tree["out"], tree["gallery"]]


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path.is_relative_to(root.resolve()) for root in roots)


# ============================================================================ examples
@pytest.mark.parametrize("text", [
    "posters/a.png", "./posters/a.png", "posters//a.png", "to-gallery/g.png", "new-folder/new.png", "",
])
def test_paths_under_the_folders_are_accepted(tree: dict[str, Path], text: str) -> None:
    if not text:
        with pytest.raises(PathRefused, match="no path given"):
            confine(text, _roots(tree))
        return
    path = confine(text, _roots(tree))
    assert _inside(path, _roots(tree)) and path.is_absolute()


def test_absolute_paths_inside_are_accepted_and_relative_ones_start_at_the_output_folder(tree) -> None:
    gallery_file = tree["gallery"] / "images" / "g.png"
    assert confine(str(gallery_file), _roots(tree)) == gallery_file.resolve()
    assert confine("posters/a.png", _roots(tree)) == (tree["out"] / "posters" / "a.png").resolve()


@pytest.mark.parametrize("make", [
    lambda t: str(t["secret"] / "key.txt"),  # absolute, outside
    lambda t: "/etc/passwd",
    lambda t: "../secret/key.txt",  # .. out
    lambda t: "posters/../posters/a.png",  # .. even when it would land inside
    lambda t: "to-secret/key.txt",  # symlinked folder out
    lambda t: "key-link",  # symlinked file out
    lambda t: "dangling-out",  # symlink out to nothing
    lambda t: "loop/x",  # symlink loop
    lambda t: str(t["secret"] / "into-out" / "a.png"),  # named outside, lands inside
    lambda t: "posters/a.png\x00.txt",  # NUL
    lambda t: "posters\\..\\..\\secret",  # backslashes
    lambda t: "x" * 256,  # a name over 255 bytes
    lambda t: "字" * 86,  # 258 bytes in UTF-8
    lambda t: "/".join(["d"] * 2100),  # a path over 4096 bytes
    lambda t: "posters/\ud800.png",  # a lone surrogate: not encodable
])
def test_everything_else_is_refused_with_one_message(tree: dict[str, Path], make) -> None:
    text = make(tree)
    with pytest.raises(PathRefused) as caught:
        confine(text, _roots(tree))
    assert str(caught.value).endswith(OUTSIDE)
    json.dumps(str(caught.value)).encode("utf-8")  # the message itself is safe to send back


def test_a_refusal_is_the_same_whether_or_not_the_file_exists(tree: dict[str, Path]) -> None:
    pairs = [(tree["secret"] / "key.txt", tree["secret"] / "nope.txt"),
             (Path("/etc/passwd"), Path("/etc/passwd-not-there"))]
    for existing, missing in pairs:
        assert existing.exists() and not missing.exists()
        messages = []
        for path in (existing, missing):
            with pytest.raises(PathRefused) as caught:
                confine(str(path), _roots(tree))
            messages.append(str(caught.value).replace(str(path), "<path>"))
        assert messages[0] == messages[1]


def test_outputs_only_ever_go_under_the_output_folder(settings: Settings) -> None:
    settings.output_dir.mkdir(parents=True)
    settings.gallery_dir.mkdir(parents=True)
    assert confine_output("new/dir", settings) == (settings.output_dir / "new" / "dir").resolve()
    for text in (str(settings.gallery_dir / "x.png"), str(settings.data_dir / "elsewhere"), "../elsewhere"):
        with pytest.raises(PathRefused):
            confine_output(text, settings)


def test_allowed_roots_are_output_gallery_index_source_and_uploads(settings: Settings, tmp_path: Path) -> None:
    roots = allowed_roots(settings)
    assert roots[0] == settings.output_dir
    assert settings.gallery_dir in roots and settings.uploads_dir in roots
    # an index built from another folder: that folder is the gallery too
    source = tmp_path / "elsewhere-gallery"
    settings.index_dir.mkdir(parents=True)
    from tools.retrieval.index import FORMAT, MANIFEST

    (settings.index_dir / MANIFEST).write_text(json.dumps({"format": FORMAT, "root": str(source)}))
    assert source in allowed_roots(settings)
    # one identity's uploads are a folder of their own
    mine = uploads_root(settings, "abc123")
    assert mine == settings.uploads_dir / "abc123" and mine in allowed_roots(settings, "abc123")
    assert uploads_root(settings, "../../etc").parent == settings.uploads_dir


def test_a_spec_naming_sources_or_fonts_outside_is_refused(settings: Settings, tmp_path: Path) -> None:
    from tools.spec import Layer, PosterSpec

    settings.output_dir.mkdir(parents=True)
    (settings.output_dir / "ok.png").write_bytes(b"png")

    def spec(**layer: object) -> PosterSpec:
        return PosterSpec(width=100, height=100, format="square", layout="x", safe_area=(0, 0, 100, 100),
                          layers=[Layer(id="l", kind="subject", name="l", box=(0, 0, 10, 10), **layer)])

    roots = allowed_roots(settings)
    confine_spec_paths(spec(source="ok.png"), settings.output_dir, settings, roots)
    confine_spec_paths(spec(font="/usr/share/fonts/any.ttf"), settings.output_dir, settings, roots)
    for layer in ({"source": "/etc/passwd"}, {"source": "../../secret.png"}, {"font": str(tmp_path / "x.ttf")},
                  {"font": "relative.ttf"}):
        with pytest.raises(PathRefused, match=OUTSIDE):
            confine_spec_paths(spec(**layer), settings.output_dir, settings, roots)


# ============================================================================ properties
SEGMENTS = st.one_of(
    st.sampled_from(["..", ".", "", "posters", "a.png", "to-secret", "key-link", "dangling-out", "to-gallery",
                     "loop", "secret", "key.txt", "into-out", "g.png", "images", "~", "\x00", "\\..", "..\\"]),
    st.text(min_size=1, max_size=12),  # any unicode, surrogates included
    st.text(alphabet="x字🎉", min_size=60, max_size=300),  # long names, multi-byte
)


@st.composite
def path_texts(draw: st.DrawFn) -> tuple[str, str]:
    """(kind of start, the path text): relative, or absolute from /, the temp base or a folder."""
    start = draw(st.sampled_from(["relative", "root", "base", "out", "gallery", "secret"]))
    parts = draw(st.lists(SEGMENTS, min_size=1, max_size=8))
    return start, "/".join(parts)


def _absolute(tree: dict[str, Path], start: str, text: str) -> str:
    if start == "relative":
        return text
    if start == "root":
        return "/" + text
    return str(tree[start]) + "/" + text


@hsettings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=path_texts())
def test_confine_never_returns_a_path_outside_the_folders(tree: dict[str, Path], case: tuple[str, str]) -> None:
    text = _absolute(tree, *case)
    roots = _roots(tree)
    try:
        path = confine(text, roots)
    except PathRefused as err:
        message = str(err)
        assert message.endswith(OUTSIDE) or message == "no path given"
        message.encode("utf-8")  # never carries a surrogate or a NUL back to the caller
        assert "\x00" not in message
        return
    assert path.is_absolute()
    assert _inside(path, roots), f"{text!r} → {path}"
    assert _inside(path.resolve(), roots)
    assert ".." not in text.split("/") and "\x00" not in text


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40).filter(lambda n: "/" not in n and n not in (".", "..")),
       where=st.sampled_from(["secret", "secret-sub", "out-link"]))
def test_a_refusal_never_depends_on_whether_the_file_exists(tree: dict[str, Path], name: str, where: str) -> None:
    folder = {"secret": tree["secret"], "secret-sub": tree["secret"] / "sub",
              "out-link": tree["out"] / "to-secret"}[where]
    named = str(folder) + "/" + name if where != "out-link" else "to-secret/" + name
    messages = []
    for exists in (False, True):
        try:
            real = tree["secret"] / ("sub" if where == "secret-sub" else "") / name
            if exists:
                real.parent.mkdir(exist_ok=True)
                real.write_bytes(b"x")
        except (OSError, UnicodeEncodeError, ValueError):
            return  # a name the file system itself refuses: nothing to compare
        try:
            with pytest.raises(PathRefused) as caught:
                confine(named, _roots(tree))
            messages.append(str(caught.value))
        finally:
            if exists:
                real.unlink()
    assert messages[0] == messages[1]


# ============================================================================ batch files uploaded over HTTP
def _png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_an_uploaded_batch_file_may_name_only_allowed_images(settings: Settings, tmp_path: Path) -> None:
    from agent.batch import BriefRequest, InvalidBrief, read_briefs_file

    settings.output_dir.mkdir(parents=True)
    inside = settings.output_dir / "ref.png"
    inside.write_bytes(base64.b64decode(_png()))
    outside = tmp_path / "private.png"
    outside.write_bytes(base64.b64decode(_png()))
    upload = tmp_path / "upload" / "briefs.jsonl"
    upload.parent.mkdir()
    beside = upload.parent / "beside.png"
    beside.write_bytes(base64.b64decode(_png()))
    lines = [{"brief": "a", "image_path": "ref.png"}, {"brief": "b", "image_path": str(outside)},
             {"brief": "c", "image_path": str(tmp_path / "missing.png")},
             {"brief": "d", "image_path": "../private.png"},
             {"brief": "e", "image_path": "beside.png"}]
    upload.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")

    confined = read_briefs_file(upload, image_roots=allowed_roots(settings))
    assert isinstance(confined[0], BriefRequest) and confined[0].image
    for item in confined[1:4]:
        assert isinstance(item, InvalidBrief) and OUTSIDE in item.error
    same = [item.error.split(": ", 1)[1].replace(str(path), "P")  # minus "line N: "
            for item, path in ((confined[1], outside), (confined[2], tmp_path / "missing.png"))]
    assert same[0] == same[1]
    assert isinstance(confined[4], InvalidBrief)  # relative paths start at the output folder, not the upload's

    # the CLI reads the local user's own file: paths beside it and anywhere else stay allowed
    local = read_briefs_file(upload)
    assert isinstance(local[1], BriefRequest) and isinstance(local[4], BriefRequest)
    assert isinstance(local[2], InvalidBrief) and OUTSIDE not in local[2].error


def test_the_upload_service_confines_batch_file_images(settings: Settings, tmp_path: Path) -> None:
    from agent.batch import BatchService

    outside = tmp_path / "private.png"
    outside.write_bytes(base64.b64decode(_png()))
    upload = tmp_path / "briefs.jsonl"
    line = json.dumps({"brief": "双十一福袋活动弹窗", "image_path": str(outside)})
    upload.write_text(line + "\n", encoding="utf-8")
    service = BatchService(settings)
    try:
        state = service.submit_file(upload)
    finally:
        close = getattr(service, "close", None)
        if close:
            close()
    assert state.counts["failed"] == 1
    assert OUTSIDE in (state.briefs[0].error or "")


# ============================================================================ the REST asset rule
def test_asset_route_rule_keeps_its_refusals_and_survives_odd_names(tree: dict[str, Path]) -> None:
    from ui.api import resolve_asset

    out = tree["out"]
    (out / ".work").mkdir(exist_ok=True)
    (out / ".work" / "x.png").write_bytes(b"png")
    assert resolve_asset(out, "posters/a.png") == (out / "posters" / "a.png").resolve()
    for name in ("../secret/key.txt", ".work/x.png", "/etc/passwd", "key-link", "to-secret/key.txt", "loop/x",
                 "posters/a.png\x00", "x" * 5000, "a/" * 3000, "\ud800.png", "posters\\a.png", "posters/", ""):
        assert resolve_asset(out, name) is None, name
