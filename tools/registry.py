"""The tools as the agent sees them, in one place.

A `Workspace` is one run's scratch space: it uses the session's loaded models (tools/backends.py),
names every image it produces with a short id (ref1, cand2, cut1,
poster1) so an LLM can pass them between calls, records which backend made each step, keeps what
the run made as typed records (the posters composed, the posters exported) and reports each step
as a typed event (tools/steps.py) as it happens.

`tool_specs(workspace)` binds the tool functions to one run; the offline planner calls them as
Python functions and `build_tools` wraps the same specs as LangChain tools for an LLM, so both
planners share one code path and only the LLM's adapter speaks JSON.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from tools.backends import Backends
from tools.config import Settings
from tools.errors import HuabaoError, ImageError
from tools.images import FAST_PNG
from tools.layouts import layout_names
from tools.text import slug
from tools.steps import (CandidateInfo, CandidatesStep, CheckStep, CutoutStep, ErrorStep, ExportStep, KeywordsStep,
                         NoteStep, PickStep, RankedCandidate, ReferenceHit, ReferencesStep, Step, StepBase)

if TYPE_CHECKING:
    from PIL import Image

    from tools.render import RenderContext
    from tools.spec import PosterSpec


__all__ = ["Asset", "Exported", "PosterEntry", "Step", "StepBase", "ToolSpec", "Workspace", "build_tools", "tool_specs"]


@dataclass
class Asset:
    id: str
    path: Path
    kind: str
    info: dict[str, Any] = field(default_factory=dict)


@dataclass
class PosterEntry:
    """A poster compose made in this run. Only the latest keeps its render context (its drawn
    layers): the next revision starts from it and its export writes them; an older poster's
    export draws its layers again."""

    spec: PosterSpec
    image: Image.Image
    problems: list[dict[str, Any]]
    context: RenderContext | None = None


class Exported(BaseModel):
    """A poster this run exported: its files and the problems its check found."""

    poster: str
    png: str
    psd: str
    spec: str
    svg: str | None = None
    problems: list[dict[str, Any]] = Field(default_factory=list)
    scores: dict[str, float] | None = None  # tools/taste.py's DesignScore, as the spec carries it


class Workspace:
    """Backends, assets and the records (posters composed, posters exported) of one agent run (or
    of a whole series); its steps go to `on_step` as they happen."""

    def __init__(self, settings: Settings, workdir: Path, *, on_step: Callable[[Step], None] | None = None,
                 backends: Backends | None = None, last_render: RenderContext | None = None):
        self.settings = settings
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.on_step = on_step
        self.models = backends if backends is not None else Backends(settings)  # the session's, loaded once
        self._last_render = last_render  # the previous run's last poster: its ground is likely this run's
        self.assets: dict[str, Asset] = {}
        self.backends: dict[str, str] = {}
        self.posters: dict[str, PosterEntry] = {}  # poster id → what compose made, in order
        self.exported: list[Exported] = []  # what export_poster wrote, in order
        self._counters: dict[str, int] = {}
        # The user's own product images (--image, image_b64, a chat upload): cut out, sized and
        # placed, never recoloured, restyled or redrawn.
        self.user_images: set[Path] = set()

    # -- the session's models (tools/backends.py), loaded on first use and kept for the next run
    @property
    def retriever(self):
        return self.models.retriever

    @property
    def generator(self):
        return self.models.generator

    @property
    def picker(self):
        return self.models.picker

    @property
    def cutter(self):
        return self.models.cutter

    @property
    def describer(self):
        return self.models.describer

    # -- assets
    def new_id(self, prefix: str) -> str:
        self._counters[prefix] = self._counters.get(prefix, 0) + 1
        return f"{prefix}{self._counters[prefix]}"

    def add_asset(self, prefix: str, path: Path, kind: str, **info: Any) -> Asset:
        asset = Asset(self.new_id(prefix), Path(path), kind, info)
        self.assets[asset.id] = asset
        return asset

    def resolve(self, ref: str) -> Path:
        """An asset id, a gallery id or a file path → a file path."""
        if ref in self.assets:
            return self.assets[ref].path
        path = Path(ref)
        if path.is_file():
            return path
        try:
            hit = self.retriever.get(ref)
        except (HuabaoError, KeyError, LookupError):
            hit = None
        if hit is not None:
            return Path(hit.path)
        raise ImageError(f"unknown image '{ref}': not an id from this run, a gallery id, or a file")

    def mark_user_images(self, paths: list[str] | list[Path]) -> None:
        self.user_images.update(Path(p).resolve() for p in paths)

    def is_user_image(self, ref: str) -> bool:
        """The user's own picture: one marked as such, or a file this run neither found in the
        gallery nor made (an LLM planner passes the brief's image paths as they are)."""
        if not ref:
            return False
        if ref in self.assets:
            return bool(self.assets[ref].info.get("user_image"))
        path = Path(ref)
        if not path.is_file():
            return False  # a gallery id
        resolved = path.resolve()
        if resolved in self.user_images:
            return True
        return not any(asset.path.resolve() == resolved for asset in self.assets.values())

    # -- bookkeeping
    def record_backend(self, step: str, backend: str) -> None:
        self.backends[step] = backend

    def emit(self, step: StepBase) -> StepBase:
        """Report a step to the caller as it happens."""
        if self.on_step is not None:
            self.on_step(step)
        return step

    @property
    def render_context(self) -> RenderContext | None:
        """The latest poster's render context (else the previous run's): where the next composition
        starts from. Compose copies what it needs from it and keeps only its own poster's layers."""
        latest = next(reversed(self.posters.values()), None)
        return latest.context if latest is not None else self._last_render


# ---------------------------------------------------------------------------------------------
# The tool functions. Each takes JSON-friendly arguments, calls one core function in tools/,
# registers what it made, and returns a JSON-friendly dict.


def search_gallery(ws: Workspace, query: str = "", image: str = "", k: int = 5,
                   tags: list[str] | None = None) -> dict[str, Any]:
    """Find gallery images by text (zh/en, campaign themes too) or by a similar image."""
    k = max(1, min(int(k), 50))
    if image:
        hits = ws.retriever.search_image(ws.resolve(image), k=k, tags=tags or None)
    elif query.strip():
        hits = ws.retriever.search_text(query, k=k, tags=tags or None)
    else:
        raise HuabaoError("search_gallery needs a text query or an image")
    ws.record_backend("retrieve", ws.retriever.backend)
    results = []
    for hit in hits:
        asset = ws.add_asset("ref", Path(hit.path), "reference", gallery_id=hit.id)
        results.append({"ref": asset.id, "gallery_id": hit.id, "score": round(float(hit.score), 4),
                        "label_zh": hit.label_zh, "label_en": hit.label_en, "path": hit.path})
    ws.emit(ReferencesStep(message=f"{len(results)} reference(s) for “{query or Path(image).name}”",
                           images=[r["path"] for r in results], query=query,
                           hits=[ReferenceHit.model_validate(r) for r in results]))
    return {"results": results}


def generate_candidates(ws: Workspace, reference: str = "", prompt: str = "", reference_weight: float = 0.7,
                        n: int = 2, seed: int = 0, palette: list[str] | None = None,
                        style: str = "") -> dict[str, Any]:
    """Make N candidates from a reference image (img2img, like Midjourney's --iw) and a prompt."""
    from tools.colors import color_by_key
    from tools.images import load_image

    if ws.is_user_image(reference):
        return _keep_users_image(ws, reference)
    reference_image = load_image(ws.resolve(reference), max_pixels=ws.settings.max_image_pixels).image \
        if reference else None
    rgb = [color_by_key(key).rgb for key in palette or []]
    n = max(1, min(int(n), 8))
    candidates = ws.generator.generate(prompt=prompt, reference=reference_image,
                                       reference_weight=float(reference_weight), n=n,
                                       seeds=[int(seed) + i for i in range(n)], palette=rgb or None,
                                       style=style or None, subject=_recolour_subject(ws, reference))
    results = []
    for candidate in candidates:
        asset_id = ws.new_id("cand")
        path = ws.workdir / f"{asset_id}.png"
        candidate.image.save(path, **FAST_PNG)
        # what the recolour decided travels with the candidate: pick ranks by it, the steps show it
        decided = {key: candidate.params[key] for key in ("fidelity", "note") if key in candidate.params}
        ws.assets[asset_id] = Asset(asset_id, path, "candidate",
                                    {"seed": candidate.seed, "backend": candidate.backend, **decided})
        results.append({"candidate": asset_id, "seed": candidate.seed, "backend": candidate.backend,
                        "path": str(path), **decided})
    ws.record_backend("img2img", ", ".join(dict.fromkeys(r["backend"] for r in results)))
    for note in dict.fromkeys(r["note"] for r in results if r.get("note") and r["backend"] != "reference"):
        ws.emit(NoteStep(message=f"{reference}: {note}"))  # kept as is (in the palette) or a recolour rejected
    ws.emit(CandidatesStep(message=f"{len(results)} candidate(s) from {reference or 'the prompt'}",
                           images=[r["path"] for r in results], prompt=prompt,
                           candidates=[CandidateInfo.model_validate(r) for r in results]))
    return {"candidates": results}


def _recolour_subject(ws: Workspace, reference: str) -> Any:
    """What a gallery reference shows (labels, category), so the recolour keeps gold, food and
    faces; None for anything else (then only what the pixels say is kept)."""
    from tools.generate.recolour import RecolourSubject

    asset = ws.assets.get(reference)
    gallery_id = asset.info.get("gallery_id") if asset is not None else None
    if not gallery_id and reference and not Path(reference).is_file():
        gallery_id = reference  # a gallery id passed directly
    if not gallery_id:
        return None
    try:
        hit = ws.retriever.get(gallery_id)
    except (HuabaoError, KeyError, LookupError):
        return None
    return RecolourSubject.from_metadata(hit.label_zh, hit.label_en, hit.tags, hit.metadata)


USER_IMAGE_KEPT = "none (user's product image kept as is)"


def _keep_users_image(ws: Workspace, reference: str) -> dict[str, Any]:
    """The product stays the product: the user's image is the one candidate, its pixels as
    given (no palette recolour, no style transfer, no img2img); cutout, sizing and placing follow."""
    path = ws.resolve(reference)
    ws.mark_user_images([path])
    asset_id = ws.new_id("cand")
    ws.assets[asset_id] = Asset(asset_id, path, "candidate", {"seed": 0, "backend": USER_IMAGE_KEPT, "user_image": True})
    result = {"candidate": asset_id, "seed": 0, "backend": USER_IMAGE_KEPT, "path": str(path)}
    ws.record_backend("img2img", USER_IMAGE_KEPT)
    ws.emit(CandidatesStep(message=f"{path.name} is the user's own product image: kept as is, only cut out and placed",
                           images=[path], candidates=[CandidateInfo.model_validate(result)]))
    return {"candidates": [result]}


def pick_best(ws: Workspace, candidates: list[str], keywords: list[str] | None = None,
              palette: list[str] | None = None) -> dict[str, Any]:
    """Rank candidates: similarity to the keywords, sharpness, subject coverage, palette match."""
    from tools.colors import color_by_key
    from tools.generate import Candidate
    from tools.images import load_image

    loaded = []
    for ref in candidates:
        image = load_image(ws.resolve(ref), max_pixels=ws.settings.max_image_pixels).image
        info = ws.assets[ref].info if ref in ws.assets else {}
        # a recolour carries its colour fidelity to pick (a muddy or blotchy one ranks last)
        loaded.append((ref, Candidate(image, int(info.get("seed", 0)), str(info.get("backend", "")), "",
                                      {"fidelity": info["fidelity"]} if "fidelity" in info else {})))
    rgb = [color_by_key(key).rgb for key in palette or []] or None
    ranked = ws.picker.pick([candidate for _, candidate in loaded], keywords or [], palette=rgb)
    results = [{"candidate": loaded[r.index][0], "score": round(float(r.score), 4), "signals": r.signals}
               for r in ranked]
    ws.record_backend("pick", ranked[0].backend if ranked else "none")
    ws.emit(PickStep(message=f"best candidate: {results[0]['candidate']}" if results else "no candidates",
                     images=[ws.resolve(results[0]["candidate"])] if results else [],
                     ranking=[RankedCandidate.model_validate(r) for r in results]))
    return {"ranking": results}


def cutout_subject(ws: Workspace, image: str) -> dict[str, Any]:
    """Cut the subject out of an image (keeps its own alpha when it has one)."""
    from tools.cutout import cutout

    result = cutout(ws.settings, ws.resolve(image), cutter=ws.cutter)
    asset_id = ws.new_id("cut")
    path = ws.workdir / f"{asset_id}.png"
    result.image.save(path, **FAST_PNG)
    ws.assets[asset_id] = Asset(asset_id, path, "cutout", {"backend": result.backend})
    ws.record_backend("cutout", result.backend)
    ws.emit(CutoutStep(message=f"cut out {image} ({result.backend})", images=[path], cutout=asset_id,
                       backend=result.backend))
    return {"cutout": asset_id, "backend": result.backend, "path": str(path)}


def describe_image(ws: Workspace, image: str) -> dict[str, Any]:
    """Image → keywords: subject words (zh/en), dominant colours, style words."""
    from tools.describe import describe

    description = describe(ws.settings, ws.resolve(image), retriever=ws.retriever if _has_index(ws) else None,
                           describer=ws.describer)
    ws.record_backend("describe", description.backend)
    data = description.model_dump() if hasattr(description, "model_dump") else dict(description.__dict__)
    ws.emit(KeywordsStep(message="described the image", images=[ws.resolve(image)], description=data))
    return data


def _has_index(ws: Workspace) -> bool:
    return (ws.settings.index_dir / "manifest.json").is_file()


def compose_poster(ws: Workspace, request: dict[str, Any]) -> dict[str, Any]:
    """Compose subject, decorations, background and copy into a poster, then check it. The poster's
    layers are drawn once: compose keeps them in its render context, where the image, the check
    and the export find them (a revision starts from the previous poster's)."""
    from tools.check import check_poster
    from tools.compose import ComposeRequest, compose
    from tools.export import save_png
    from tools.taste import score_poster

    resolved = dict(request)
    if resolved.get("subject"):
        resolved["subject"] = str(ws.resolve(resolved["subject"]))
    resolved["decorations"] = [str(ws.resolve(ref)) for ref in resolved.get("decorations") or []]
    if isinstance(resolved.get("background"), str) and resolved["background"] not in ("gradient", "solid"):
        resolved["background"] = str(ws.resolve(resolved["background"]))
    resolved["backends"] = dict(ws.backends)
    started = time.perf_counter()
    composed = compose(ws.settings, ComposeRequest.model_validate(resolved), carry=ws.render_context)
    spec, image = composed.spec, composed.image
    problems = check_poster(spec, image=image, context=composed.context)
    # taste scored with the check, from the layers compose drew; the spec (and spec.json) carries it
    scores = score_poster(spec, composed.context, image=image, problems=problems).as_dict()
    spec = spec.model_copy(update={"scores": scores})
    poster_id = ws.new_id("poster")
    preview = ws.workdir / f"{poster_id}.png"
    save_png(image, preview)  # as the export writes it: the export copies these bytes
    problem_dicts = [p.model_dump() if hasattr(p, "model_dump") else dict(p) for p in problems]
    for older in ws.posters.values():  # only the latest poster holds its drawn layers
        older.context = None
    ws.posters[poster_id] = PosterEntry(spec, image, problem_dicts, composed.context)
    ws.assets[poster_id] = Asset(poster_id, preview, "poster")
    ws.record_backend("compose", "pillow")
    ws.emit(CheckStep(message=f"{poster_id}: " + ("no problems" if not problems else f"{len(problems)} problem(s): "
                                                  + ", ".join(p["code"] for p in problem_dicts)),
                      images=[preview], poster=poster_id, problems=problem_dicts,
                      seconds=round(time.perf_counter() - started, 3)))
    subject = next((layer for layer in spec.layers if layer.kind == "subject"), None)
    share = (subject.box[2] * subject.box[3]) / (spec.width * spec.height) if subject else None
    return {"poster": poster_id, "problems": problem_dicts, "preview": str(preview),
            "subject_share": round(share, 4) if share else None, "scores": scores}


def export_poster(ws: Workspace, poster: str, out_dir: str, basename: str) -> dict[str, Any]:
    """Write the poster as PNG, layered PSD, SVG with live text and spec.json."""
    from tools.export import export_poster as export

    entry = ws.posters.get(poster)
    if entry is None:
        raise HuabaoError(f"unknown poster '{poster}'")
    spec = entry.spec.model_copy(update={"backends": {**entry.spec.backends, **ws.backends}})
    for step, backend in entry.spec.backends.items():  # compose's own (fonts, upscale) reach the result too
        ws.backends.setdefault(step, backend)
    preview = ws.assets[poster].path if poster in ws.assets else None  # the poster, encoded once
    result = export(spec, Path(out_dir), basename, image=entry.image, context=entry.context,
                    psd=ws.settings.export_editable, png_file=preview)
    # Without the editable files (a lean batch) psd and svg name where they are made on demand
    # (`huabao render SPEC --psd`, the API's asset route, results.zip): the same path either way.
    outputs = {"png": str(result.png), "psd": str(result.psd or result.png.with_suffix(".psd")),
               "spec": str(result.spec), "svg": str(result.svg or result.png.with_suffix(".svg"))}
    ws.exported.append(Exported(poster=poster, problems=entry.problems, scores=entry.spec.scores, **outputs))
    ws.emit(ExportStep(message=f"saved {Path(result.png).name}", images=[result.png], poster=poster, **outputs))
    return outputs


# ---------------------------------------------------------------------------------------------
# LangChain wrappers (thin): argument schemas with descriptions an LLM can act on.


class _SearchArgs(BaseModel):
    query: str = Field("", description="Text query in Chinese or English: an object, or a campaign theme (限时秒杀, 开学季).")
    image: str = Field("", description="Or: an image id from an earlier result (a ref, cand or cut id) or a path, to find similar images.")
    k: int = Field(5, description="How many results (1-50).")


class _GenerateArgs(BaseModel):
    reference: str = Field("", description="Reference image id (from search_gallery) to keep the look of; empty for txt2img.")
    prompt: str = Field(..., description="Filled template prompt: subject, style words, colour, details.")
    reference_weight: float = Field(0.7, description="0..1; higher keeps more of the reference (like --iw).")
    n: int = Field(2, description="Number of candidates (1-8).")
    seed: int = Field(0, description="Seed of the first candidate; the rest use seed+1, seed+2 ...")
    palette: list[str] = Field(default_factory=list, description="Colour keys to recolour to, e.g. ['red','yellow'].")
    style: str = Field("", description="Style name or image id for 风格化; empty keeps the crisp reference.")


class _PickArgs(BaseModel):
    candidates: list[str] = Field(..., description="Candidate ids from generate_candidates.")
    keywords: list[str] = Field(default_factory=list, description="Subject and style keywords.")
    palette: list[str] = Field(default_factory=list, description="Colour keys of the brief.")


class _ImageArgs(BaseModel):
    image: str = Field(..., description="An image id from an earlier result (a ref or cand id) or a path.")


class _ComposeArgs(BaseModel):
    format: str = Field("popup", description="popup | poster | banner | square | WxH")
    subject: str = Field("", description="Cut-out subject id (cut1) to place.")
    decorations: list[str] = Field(default_factory=list, description="Decoration image ids (refs of small icons).")
    palette: list[str] = Field(default_factory=list, description="Colour keys, main colour first.")
    title: str = Field("", description="Headline (required).")
    subtitle: str = Field("", description="Secondary line.")
    cta: str = Field("", description="Button label.")
    body: str = Field("", description="Optional body text.")
    subject_share: float | None = Field(None, description="Subject area as a share of the canvas (0.05-0.6); "
                                                          "empty: the layout's own size.")
    layout: str = Field("auto", description="auto (the format's own), or a layout by name: "
                                            + ", ".join(layout_names()))
    seed: int = Field(0, description="Seed for decoration placement.")


class _ExportArgs(BaseModel):
    poster: str = Field(..., description="Poster id from compose_poster.")
    name: str = Field("", description="Optional: what the file is named after (a series poster's subject).")


@dataclass(frozen=True)
class ToolSpec:
    """One tool: its name and description (what an LLM reads), its argument model, and the Python
    function that runs it. The offline planner calls `run` directly, so a tool's error keeps its
    type (a GalleryError stays a GalleryError up to the API's 503); only `build_tools` turns
    answers and errors into JSON, for an LLM."""

    name: str
    description: str
    args: type[BaseModel]
    run: Callable[..., dict[str, Any]]

    def call(self, ws: Workspace, arguments: dict[str, Any]) -> dict[str, Any]:
        """Validate the arguments as the LLM path does (the model's defaults for what is not given)
        and run; a failure is reported as an error step, then raised as it is."""
        validated = self.args.model_validate(arguments)
        try:
            return self.run(**{name: getattr(validated, name) for name in type(validated).model_fields})
        except HuabaoError as err:
            ws.emit(ErrorStep(message=str(err)))
            raise


def tool_specs(ws: Workspace, *, out_dir: Path, basename: str,
               compose_defaults: dict[str, Any] | None = None) -> list[ToolSpec]:
    """The tools bound to one workspace, as Python functions."""
    defaults = compose_defaults or {}

    def compose(**kwargs: Any) -> dict[str, Any]:
        copy = {key: kwargs.pop(key) for key in ("title", "subtitle", "cta", "body")}
        request = {**defaults, **{k: v for k, v in kwargs.items() if v not in ("", None, [])}, "copy": copy}
        return compose_poster(ws, request)

    def export(poster: str, name: str = "") -> dict[str, Any]:
        named = f"{basename}-{slug(name)}" if name.strip() else ""
        if not named or any(Path(e.png).stem == named for e in ws.exported):  # two subjects, one slug: number it
            named = f"{basename}-{len(ws.exported) + 1}"
        return export_poster(ws, poster, str(out_dir), named)

    return [
        ToolSpec("search_gallery", "Search the image gallery by text (zh/en, themes) or by image. 检索图库（文字或以图搜图）。",
                 _SearchArgs, lambda **a: search_gallery(ws, **a)),
        ToolSpec("generate_candidates", "Generate candidate images from a reference and a prompt (垫图生成). 由参考图生成候选图。",
                 _GenerateArgs, lambda **a: generate_candidates(ws, **a)),
        ToolSpec("pick_best", "Rank candidate images and return the best first. 挑选最佳候选图。",
                 _PickArgs, lambda **a: pick_best(ws, **a)),
        ToolSpec("cutout_subject", "Cut out the subject of an image (抠图).", _ImageArgs,
                 lambda **a: cutout_subject(ws, **a)),
        ToolSpec("describe_image", "Describe an image as keywords (图生文 /describe).", _ImageArgs,
                 lambda **a: describe_image(ws, **a)),
        ToolSpec("compose_poster", "Compose and lay out the poster, then check it; returns problems to fix. 合成排版并检查。",
                 _ComposeArgs, compose),
        ToolSpec("export_poster", "Save a finished poster as PNG, PSD and spec.json. 导出成品。", _ExportArgs, export),
    ]


def build_tools(ws: Workspace, specs: list[ToolSpec]) -> list[Any]:
    """The LangChain adapter over `tool_specs`: the one place where answers and errors become JSON
    (an LLM reads an error and may try something else)."""
    from langchain_core.tools import StructuredTool

    def as_json(spec: ToolSpec) -> Callable[..., str]:
        def run(**kwargs: Any) -> str:
            try:
                return json.dumps(spec.call(ws, kwargs), ensure_ascii=False)
            except HuabaoError as err:
                return json.dumps({"error": str(err)}, ensure_ascii=False)
        return run

    return [StructuredTool.from_function(func=as_json(spec), name=spec.name, description=spec.description,
                                         args_schema=spec.args) for spec in specs]
