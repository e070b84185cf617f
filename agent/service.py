"""The service layer: the only entry points the surfaces (CLI, REST, chat, MCP) call.

Each function takes a `Session` and a pydantic request and returns a pydantic answer; each runs
its pipeline work through the session's queue (agent/session.py), so whatever surface asks, one
piece of work runs on the pipeline at a time. Errors are the typed errors of tools/errors.py,
unchanged on their way up: a surface turns a GalleryError into a 503, a CLI line or a chat message.
Paths arrive already checked: confining a remote caller to its folders is the surface's job.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.loop import Reply
from agent.result import MakeResult
from agent.session import Session
from agent.templates import Template, TemplateLibrary, TemplateRow, rows_of
from agent import tune
from agent.tune import TuneReport
from tools.describe import Description
from tools.errors import HuabaoError
from tools.steps import Step

MAX_SEARCH = 50


# ------------------------------------------------------------------------------------------ briefs
class MakeRequest(BaseModel):
    """One brief → posters (`huabao make`, MCP make_poster)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    brief: str
    images: list[Path] = Field(default_factory=list)
    count: int | None = None
    template: str | None = None
    format: str | None = None
    out_dir: Path | None = None
    owner: str | None = Field(None, description="Whose saved templates may be used too; None: the shared ones.")
    template_override: Template | None = Field(None, description="A template being edited (the preview), not saved.")
    layout: str | None = Field(None, description="A layout by name (prompts/layouts) instead of the template's.")
    formats: list[str] = Field(default_factory=list, description="A campaign kit: one design per format.")
    brand: str | None = Field(None, description="A brand kit by name (prompts/brands) or .yaml path: colours, fonts, logo.")


class ChatTurn(BaseModel):
    """One chat (or CLI slash-command) turn: a brief, an edit of the previous poster, or a /command."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    text: str
    images: list[Path] = Field(default_factory=list)
    out_dir: Path | None = None
    previous: MakeResult | None = None
    owner: str | None = None
    brand: str | None = Field(None, description="The brand kit every poster of this turn uses.")


def _library(session: Session, owner: str | None) -> TemplateLibrary | None:
    """An owner's library (the shared templates and its own); None: the Agent's shared one."""
    return session.templates_for(owner) if owner is not None else None


def make(session: Session, request: MakeRequest, *, on_step: Callable[[Step], None] | None = None,
         cancel: threading.Event | None = None, on_wait: Callable[[int], None] | None = None) -> MakeResult:
    """One brief → posters, when the session's queue comes to it. `cancel` also ends the wait."""
    agent = session.agent
    with session.queue.turn(cancel, on_wait):
        return agent.make(request.brief, images=request.images or None, count=request.count,
                          template=request.template or None, format=request.format or None,
                          out_dir=request.out_dir, on_step=on_step, templates=_library(session, request.owner),
                          template_override=request.template_override, cancel=cancel, layout=request.layout,
                          formats=request.formats or None, brand=request.brand or None)


def handle(session: Session, turn: ChatTurn, *, on_step: Callable[[Step], None] | None = None,
           cancel: threading.Event | None = None, on_wait: Callable[[int], None] | None = None) -> Reply:
    """One chat turn, when the session's queue comes to it. `cancel` also ends the wait."""
    agent = session.agent
    with session.queue.turn(cancel, on_wait):
        return agent.handle(turn.text, images=turn.images or None, out_dir=turn.out_dir, on_step=on_step,
                            previous=turn.previous, templates=_library(session, turn.owner), cancel=cancel,
                            brand=turn.brand)


# ------------------------------------------------------------------------------------------ search
class SearchRequest(BaseModel):
    """Search the gallery by text or by a similar image: exactly one of them."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    text: str = ""
    image: Path | None = None
    k: int = Field(5, ge=1, le=MAX_SEARCH)
    tags: list[str] = Field(default_factory=list)


class SearchHit(BaseModel):
    id: str
    path: str
    score: float
    label_zh: str = ""
    label_en: str = ""
    tags: list[str] = Field(default_factory=list)


class SearchAnswer(BaseModel):
    query: str
    image: str | None = None
    backend: str
    hits: list[SearchHit]


def search_target(text: str, image: str | Path | None) -> tuple[str, Path | None]:
    """The one text-or-image rule every surface follows: exactly one of them."""
    text = (text or "").strip()
    has_image = image is not None and str(image).strip() != ""
    if bool(text) == has_image:
        raise HuabaoError("give either a text query or an image to search by (one of them, not both)")
    return text, Path(str(image).strip()) if has_image else None


def search(session: Session, request: SearchRequest) -> SearchAnswer:
    text, image = search_target(request.text, request.image)
    retriever = session.models.retriever
    with session.queue.turn():
        if image is not None:
            hits = retriever.search_image(image, k=request.k, tags=request.tags or None)
        else:
            hits = retriever.search_text(text, k=request.k, tags=request.tags or None)
        backend = retriever.backend
    return SearchAnswer(query=text, image=str(image) if image else None, backend=backend,
                        hits=[SearchHit(**hit.brief()) for hit in hits])


# ------------------------------------------------------------------------------------------ gallery
class AddImagesRequest(BaseModel):
    """A user's pictures for the shared gallery (the chat's gallery tab)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    files: list[Path]
    label: str = ""
    added_by: str = Field(..., description="The identity recorded beside each image it adds first.")
    progress: bool = False


class AddImagesAnswer(BaseModel):
    copied: list[str]
    report: str


def add_images(session: Session, request: AddImagesRequest) -> AddImagesAnswer:
    """Copy the pictures under the indexed folder, record who added them, index them; searches see them next."""
    from tools.retrieval.uploads import add_images as add

    copied, report = add(session.settings, [str(f) for f in request.files], request.label,
                         progress=request.progress, added_by=request.added_by)
    return AddImagesAnswer(copied=[str(p) for p in copied], report=report)


# ------------------------------------------------------------------------------------------ images
class DescribeRequest(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    image: Path


def describe(session: Session, request: DescribeRequest) -> Description:
    """Image → keywords; with a gallery index, the gallery's names help."""
    from tools.describe import describe as describe_image

    settings, models = session.settings, session.models
    with session.queue.turn():
        retriever = models.retriever if (settings.index_dir / "manifest.json").is_file() else None
        return describe_image(settings, request.image, retriever=retriever, describer=models.describer)


class CutoutRequest(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    image: Path
    output: Path = Field(..., description="The RGBA PNG to write.")
    mask: Path | None = Field(None, description="Also write the mask here.")


class CutoutAnswer(BaseModel):
    path: str
    mask: str | None = None
    width: int
    height: int
    bbox: list[int] | None = None
    backend: str
    notes: list[str] = Field(default_factory=list)

    def summary(self) -> str:
        box = "no subject found" if self.bbox is None else f"subject box {tuple(self.bbox)}"
        return f"{self.path}: {self.width}×{self.height} RGBA, {box} ({self.backend})"


def cut_out(session: Session, request: CutoutRequest) -> CutoutAnswer:
    """Cut the subject out of an image with the session's cutter (its models load once)."""
    from tools.cutout import cutout

    if request.output.is_dir():
        raise HuabaoError(f"the output {request.output.name} is a folder: give a file name ending in .png")
    cutter = session.models.cutter
    with session.queue.turn():
        result = cutout(session.settings, request.image, cutter=cutter)
    request.output.parent.mkdir(parents=True, exist_ok=True)
    result.image.save(request.output, format="PNG")
    if request.mask is not None:
        request.mask.parent.mkdir(parents=True, exist_ok=True)
        result.mask.save(request.mask, format="PNG")
    return CutoutAnswer(path=str(request.output), mask=str(request.mask) if request.mask else None,
                        width=result.image.width, height=result.image.height,
                        bbox=list(result.bbox) if result.bbox is not None else None, backend=result.backend,
                        notes=list(result.notes))


# ------------------------------------------------------------------------------------------ specs
class RenderRequest(BaseModel):
    """Re-render an (edited) spec.json, or make only its editable files (PSD/SVG)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    spec: Path
    output: Path | None = Field(None, description="Output folder; None: out/render (editable files: beside the spec).")
    editable: list[str] = Field(default_factory=list, description="psd and/or svg: only make these.")
    bundle: Path | None = Field(None, description="Also write a .zip of the spec and its sources.")
    roots: list[Path] | None = Field(None, description="A remote caller's folders: every source must lie under them.")


class RenderAnswer(BaseModel):
    model_config = ConfigDict(extra="allow")
    spec: str
    png: str | None = None
    psd: str | None = None
    svg: str | None = None
    bundle: str | None = None
    problems: list[dict[str, Any]] = Field(default_factory=list)


def render(session: Session, request: RenderRequest) -> RenderAnswer:
    from tools.render_spec import render_spec_file

    with session.queue.turn():
        if request.editable:
            from tools.editable import write_editable

            made = write_editable(request.spec, request.editable, out_dir=request.output,
                                  settings=session.settings, roots=request.roots)
            data: dict[str, Any] = {"spec": str(request.spec), **{kind: str(path) for kind, path in made.items()},
                                    "problems": []}
        else:
            data = render_spec_file(request.spec, request.output or Path("out/render"), settings=session.settings,
                                    roots=request.roots)
        if request.bundle is not None:
            from tools.bundle import write_bundle

            data["bundle"] = str(write_bundle(Path(data["spec"]), request.bundle))
    return RenderAnswer(**data)


# ------------------------------------------------------------------------------------------ templates
def template_rows(session: Session, owner: str | None = None) -> list[TemplateRow]:
    """The templates one owner may use (None: the shared ones), with their slots and format."""
    return rows_of(session.templates_for(owner))


class TemplateVersion(BaseModel):
    key: str
    version: int
    scores: dict[str, float] = Field(default_factory=dict)


class TemplateDetail(BaseModel):
    """One template as the editor and `huabao templates show` present it."""

    name: str
    key: str
    command: str
    format: str
    render: str
    description: str
    slots: list[str]
    source: str | None = None
    source_text: str = Field(..., description="The template's file as written (comments kept), else its YAML.")
    user_copy: bool = Field(False, description="The file is the owner's (or the machine's) copy, not a shipped one.")
    versions: list[TemplateVersion]
    pin: int | None = None
    preview_brief: str = Field(..., description="A brief that fills the template's defaults, for a preview.")
    library_errors: list[str] = Field(default_factory=list, description="Template files that failed to load.")


class TemplateText(BaseModel):
    """The editor's YAML for a template, saved as the owner's copy once it validates."""

    name: str
    text: str
    owner: str | None = None


class NewTemplate(BaseModel):
    name: str
    based_on: str = "3d-icon"
    owner: str | None = None


class PinTemplate(BaseModel):
    name: str
    version: int
    owner: str | None = None


class TuneRequest(BaseModel):
    name: str
    subjects: list[str]
    k: int = Field(4, ge=2)
    seed: int = 0
    owner: str | None = None


class TemplateSaved(BaseModel):
    name: str
    path: str


def template_errors(session: Session, owner: str | None = None) -> list[str]:
    """Template files the owner's library could not load, each with its path and what is wrong."""
    return list(_fresh_library(session, owner).errors)


def _fresh_library(session: Session, owner: str | None) -> TemplateLibrary:
    """The owner's templates as the files are now (another page or the CLI may have changed them)."""
    library = session.templates_for(owner)
    library.reload()
    return library


def _preview_brief(template: Template) -> str:
    subject = template.slots["subject"].default if "subject" in template.slots else ""
    parts = [subject or template.name]
    for label, value in (("标题", template.copy.title), ("副标题", template.copy.subtitle), ("按钮", template.copy.cta)):
        if value:
            parts.append(f"{label}：{value}")
    return "，".join(parts)


def template_detail(session: Session, name: str, owner: str | None = None) -> TemplateDetail:
    """`name` or `name@N` as its owner sees it: its file, versions, where it comes from, a preview brief."""
    library = _fresh_library(session, owner)
    template = library.get(name)
    source = Path(template.source) if template.source else None
    text = source.read_text(encoding="utf-8") if source is not None and source.is_file() else template.to_yaml()
    return TemplateDetail(
        name=template.name, key=template.key, command=template.command, format=template.format,
        render=template.render, description=template.description_zh or template.description,
        slots=list(template.slots), source=str(source) if source else None, source_text=text,
        user_copy=bool(source and Path(library.user_dir) in source.parents),
        versions=[TemplateVersion(key=t.key, version=t.version, scores=t.scores or {})
                  for t in library.versions(template.name)],
        pin=template.pin, preview_brief=_preview_brief(template), library_errors=list(library.errors))


def save_template(session: Session, request: TemplateText) -> TemplateSaved:
    """Validate the editor's YAML as `<name>.yaml` and save it as the owner's copy (TemplateError if invalid)."""
    path = _fresh_library(session, request.owner).save_text(request.name, request.text)
    return TemplateSaved(name=request.name, path=str(path))


def new_template(session: Session, request: NewTemplate) -> TemplateSaved:
    """A new template of the owner's, copied from another, ready to edit."""
    path = _fresh_library(session, request.owner).new(request.name.strip(), based_on=request.based_on)
    return TemplateSaved(name=request.name.strip(), path=str(path))


def pin_template(session: Session, request: PinTemplate) -> TemplateSaved:
    """Make the bare name resolve to one of its versions."""
    path = tune.pin_template(_fresh_library(session, request.owner), request.name, request.version)
    return TemplateSaved(name=request.name, path=str(path))


def tune_template(session: Session, request: TuneRequest) -> TuneReport:
    """Render variants over sample subjects and save the best as a new version, in the session's queue."""
    library = _fresh_library(session, request.owner)
    with session.queue.turn():
        return tune.tune_template(session.agent, request.name, request.subjects, k=request.k, seed=request.seed,
                    templates=library)
