"""The agent: brief → keywords → template → tool calls → finished posters.

`Agent` is created once per process (CLI call, server, batch worker) and keeps what is
expensive: the template library, the brief lexicon and the loaded model backends. `make()` runs
one brief; `handle()` also understands slash commands. With an LLM configured, the LLM drives
the tools; any LLM failure falls back to the offline planner, and the result says so.
"""
from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from agent.brief import Brief, BriefLexicon, Copy, parse_brief, text_language
from agent.cancel import TurnCancelled, cancellable, raise_if_cancelled
from agent.edits import apply_edit, edit_for
from agent.llm import BriefFacts, LLMFailure, extract_brief_with_llm, run_llm_agent, system_prompt
from agent.planner import (ToolCaller, choose_template, generated_copy_note, hit_names, make_plan, run_offline_plan,
                           subject_not_found, subject_phrases, subject_query, subject_shown)
from agent.result import MakeResult, PosterOutput
from agent.templates import Template, TemplateLibrary, rows_of
from tools.config import Settings
from tools.errors import BriefError, HuabaoError, SpecError
from tools.brand import load_brand
from tools.formats import PRESETS, get_format
from tools.layouts import check_layout_name
from tools.text import slug
from tools.backends import Backends
from tools.registry import Workspace, build_tools, tool_specs
from tools.steps import KeywordsStep, NoteStep, Step, TemplateStep

if TYPE_CHECKING:
    from tools.render import RenderContext

HELP_FILE = Path(__file__).resolve().parents[1] / "prompts" / "system" / "help.md"
log = logging.getLogger("huabao.agent")


class Reply(BaseModel):
    """What a chat turn answers: text, and a poster result when one was made."""

    text: str
    result: MakeResult | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class Agent:
    def __init__(self, settings: Settings, *, chat_model: Any = None, models: Backends | None = None):
        self.settings = settings
        self.templates = TemplateLibrary(settings)
        self.lexicon = BriefLexicon(tagger=settings.brief_tagger)
        self.chat_model = chat_model  # injected by tests; otherwise built from settings when configured
        # The loaded models, built on first use and kept for the next run, and the last poster's
        # render context (a run's first composition starts from its layers).
        self.models = models if models is not None else Backends(settings)
        self._last_render: RenderContext | None = None

    @property
    def llm_enabled(self) -> bool:
        return self.chat_model is not None or self.settings.llm_configured

    # ------------------------------------------------------------------ entry points
    def parse(self, text: str) -> Brief:
        """The brief as huabao reads it (see `read_brief`)."""
        return self.read_brief(text)[0]

    def read_brief(self, text: str) -> tuple[Brief, list[str]]:
        """The rule-based reading (deterministic, milliseconds); with an LLM configured (and
        `llm_brief_extraction` not switched off), improved by the LLM where its copy is verbatim in
        the brief. The notes say what of the LLM's reading was discarded or why it was not used."""
        brief = parse_brief(text, self.lexicon, max_chars=self.settings.max_brief_chars)
        if self.llm_enabled and self.settings.llm_brief_extraction:
            return extract_brief_with_llm(self.settings, brief, self.lexicon, chat_model=self.chat_model)
        return brief, []

    def make(self, brief: str | Brief, *, images: list[Path] | None = None, count: int | None = None,
             out_dir: Path | None = None, on_step: Callable[[Step], None] | None = None,
             template: str | None = None, format: str | None = None,
             series: list[str] | None = None, template_override: Template | None = None,
             templates: TemplateLibrary | None = None, parse_notes: list[str] | None = None,
             cancel: threading.Event | None = None, layout: str | None = None,
             formats: list[str] | None = None, brand: str | None = None) -> MakeResult:
        """Run one brief (or a series) and export the posters. `templates`: the caller's library
        (`templates_for`), where a template named or chosen is looked up; default the shared one.
        `parse_notes`: what `read_brief` said about a Brief the caller read (kept in the result).
        `cancel`: set it to stop the run at its next step; `TurnCancelled` is raised and the posters
        this run exported are removed (what earlier runs made is untouched). `layout`: a layout's
        name (prompts/layouts) instead of the template's; with a count, the first variant's.
        `formats`: a campaign kit, one design per format (popup, poster, banner, square or W×H)
        from the same subject, palette and copy; the offline planner makes it."""
        started = time.perf_counter()
        raise_if_cancelled(cancel)
        on_step = cancellable(on_step, cancel)
        if layout:
            check_layout_name(layout, self.settings.prompts_dir)
        if brand:
            load_brand(brand, self.settings)  # an unknown brand fails before the run starts
        formats = [get_format(name).name for name in dict.fromkeys(f.strip() for f in formats or [] if f.strip())]
        library = templates if templates is not None else self.templates
        if isinstance(brief, Brief):
            parsed, parse_notes = brief, list(parse_notes or [])
        else:
            parsed, parse_notes = self.read_brief(brief)
        updates: dict[str, Any] = {}
        if count:
            updates["count"] = count
        if template:
            updates["template"] = template
        if format:
            updates["format"] = format
        if images:
            updates["references"] = [str(p) for p in images]
        parsed = Brief.model_validate({**parsed.model_dump(by_alias=True), **updates})
        chosen = template_override or choose_template(parsed, library)
        parsed = parsed.model_copy(update={"format": parsed.format or chosen.format, "template": chosen.key})

        out_dir = Path(out_dir or self.settings.output_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime('%Y%m%d-%H%M%S')
        if series:  # each poster of a series is named after its own subject (export adds it)
            basename = f"{stamp}-{slug(parsed.copy.title)}" if parsed.copy.title else stamp
        else:
            basename = f"{stamp}-{slug(parsed.copy.title or subject_query(parsed, chosen))}"
        ws = Workspace(self.settings, out_dir / ".work" / basename, on_step=on_step, backends=self.models,
                       last_render=self._last_render)
        try:
            return self._run(parsed, chosen, ws, out_dir=out_dir, basename=basename, images=images, series=series,
                             parse_notes=parse_notes, cancel=cancel, started=started, layout=layout,
                             formats=formats, brand=brand)
        except TurnCancelled:
            _discard([exported.model_dump() for exported in ws.exported])
            self._last_render = ws.render_context
            raise

    def _run(self, parsed: Brief, chosen: Template, ws: Workspace, *, out_dir: Path, basename: str,
             images: list[Path] | None, series: list[str] | None, parse_notes: list[str],
             cancel: threading.Event | None, started: float, layout: str | None = None,
             formats: list[str] | None = None, brand: str | None = None) -> MakeResult:
        ws.emit(KeywordsStep(message=self._keywords_message(parsed),
                             brief=parsed.model_dump(mode="json", by_alias=True)))
        description = chosen.description_zh or chosen.description
        ws.emit(TemplateStep(message=f"template {chosen.key}: {description}", template=chosen.key,
                             description=description, prompt=chosen.fill({"subject": subject_query(parsed, chosen)})))

        plan = make_plan(parsed, chosen)
        if layout:
            plan.layout = plan.named_layout = layout
        plan.brand = brand  # a brand kit (tools/brand.py) leads the palette, sets the fonts, places the logo
        # The result shows the copy printed and where each field came from (brief/generated/template).
        parsed = parsed.model_copy(update={"copy_text": Copy(**plan.copy), "copy_source": dict(plan.copy_source)})
        specs = tool_specs(ws, out_dir=out_dir, basename=basename, compose_defaults=plan.compose_defaults())
        for note in parse_notes:
            ws.emit(NoteStep(message=note))
        notes: list[str] = parse_notes + [note for note in [generated_copy_note(parsed)] if note]
        planner_name = "offline"
        outputs: list[dict[str, Any]] | None = None
        rounds = 0
        references: list[str] = []
        if self.llm_enabled and not series and not formats:
            try:
                exports = parsed.count
                # The system prompt and tools are the same for every brief (a local server reuses
                # their cached prefix); the brief's values go into the user message.
                facts = BriefFacts(text=parsed.raw, subjects=parsed.subjects or [subject_query(parsed, chosen)],
                                   format=parsed.format or chosen.format, palette=list(plan.palette),
                                   copy_text={k: v for k, v in plan.copy.items() if v}, count=exports,
                                   user_images=list(parsed.references), template=chosen.key,
                                   template_description=chosen.description,
                                   template_prompt=chosen.fill({"subject": subject_query(parsed, chosen)}),
                                   decorations=list(chosen.decorations))
                run_llm_agent(self.settings, build_tools(ws, specs), system_prompt(max_rounds=self.settings.agent_max_rounds),
                              facts.message(), ws, exports_needed=exports, max_rounds=self.settings.agent_max_rounds,
                              chat_model=self.chat_model, brief_values=facts.tool_defaults())
                outputs, rounds, references = self._collect_llm_outputs(ws)
                changed = _copy_changed(plan.copy, outputs)
                if changed:
                    _discard(outputs)
                    raise _CopyRewritten(changed)
                planner_name = f"llm:{self.settings.llm_model or 'injected'}"
                if not images:
                    self._check_llm_subject(parsed, outputs, references, ws)
            except LLMFailure as err:
                outputs = None
                log.warning("LLM planner failed, offline planner used: %s", err)  # the details are for the log
                notes.append(_fallback_note(err, parsed.language))
                ws.emit(NoteStep(message=notes[-1]))
        if outputs is None:
            outputs, rounds, references = run_offline_plan(
                parsed, chosen, ToolCaller(specs, ws, cancel), ws, plan=plan, max_rounds=self.settings.agent_max_rounds,
                subjects=series, user_images=[str(p) for p in images] if images else None, formats=formats,
                theme_symbols=self.lexicon.theme_symbols(parsed.theme) if parsed.theme else [])
        raise_if_cancelled(cancel)  # stopped after the last export: nothing of this run is delivered
        self._last_render = ws.render_context

        backends = {"llm": planner_name if planner_name != "offline" else "offline-planner", **ws.backends}
        problems = [p for output in outputs for p in output.get("problems", [])]
        return MakeResult(
            brief=parsed, template=chosen.key, references=references, backends=backends, rounds=rounds,
            problems=problems, outputs=[PosterOutput(**o) for o in outputs], planner=planner_name,
            notes=notes, series=list(series or []), brand=brand, seconds=round(time.perf_counter() - started, 3))

    def templates_for(self, owner: str | None) -> TemplateLibrary:
        """The templates one identity's turn uses: the shared library (kept, with the models) for the
        machine's user or an admin (`owner` None), else the shared templates plus that identity's
        own. A library is a few small YAML files, cheap to build per turn; the Agent is not."""
        return self.templates if owner is None else TemplateLibrary(self.settings, owner=owner)

    def handle(self, text: str, *, images: list[Path] | None = None, out_dir: Path | None = None,
               on_step: Callable[[Step], None] | None = None, previous: MakeResult | None = None,
               templates: TemplateLibrary | None = None, cancel: threading.Event | None = None,
               brand: str | None = None) -> Reply:
        """A chat/CLI/API turn: a slash command, an edit of the previous poster, or a new brief.
        `templates`: the caller's library (`templates_for`) for slash commands and template choice.
        `cancel`: the chat's stop button (see `make`); `previous` is never touched."""
        library = templates if templates is not None else self.templates
        raise_if_cancelled(cancel)
        on_step = cancellable(on_step, cancel)
        stripped = (text or "").strip()
        if not stripped.startswith("/"):
            parse_notes: list[str] = []
            try:
                parsed, parse_notes = self.read_brief(stripped)
            except BriefError:
                if previous is None:
                    raise
                parsed = None
            changes = edit_for(stripped, previous.brief if previous else None, self.lexicon, parsed)
            if changes and previous is not None:
                edited = apply_edit(previous.brief, changes)
                if on_step:
                    edits = ", ".join(f"{name} → {value}" for name, value in changes.items())
                    message = (f"editing the last poster: {edits}" if text_language(stripped, previous.brief.language) == "en"
                               else f"修改上一张海报：{edits}")
                    on_step(NoteStep(message=message, edit=changes))
                result = self.make(edited, brand=brand, images=images or [Path(p) for p in previous.brief.references] or None,
                                   out_dir=out_dir, on_step=on_step, series=previous.series or None,
                                   templates=library, cancel=cancel)
                return Reply(text=result.summary(), result=result, data={"edit": changes})
            if parsed is None:
                raise BriefError("the brief is empty")
            result = self.make(parsed, brand=brand, images=images, out_dir=out_dir, on_step=on_step, templates=library,
                               parse_notes=parse_notes, cancel=cancel)
            return Reply(text=result.summary(), result=result)
        command, _, rest = stripped[1:].partition(" ")
        command, rest = command.strip().lower(), rest.strip()
        if command == "help":
            return Reply(text=self.help_text(library))
        if command == "templates":
            rows = rows_of(library)
            lines = [f"- `{r.command}` {r.description_zh or r.description}" for r in rows]
            return Reply(text="\n".join(lines), data={"templates": [r.model_dump() for r in rows]})
        if command == "describe":
            return self._describe(images, out_dir, on_step)
        if command == "series":
            subjects, brief_text = self._split_series(rest)
            if len(subjects) < 1:
                raise BriefError("/series needs subjects, e.g. /series 相机 文件夹 耳机")
            template_name = None
            if subjects and library.by_command(subjects[0]) is not None and len(subjects) > 1:
                template_name, subjects = subjects[0], subjects[1:]
            brief = self.parse(brief_text) if brief_text else Brief(raw=" ".join(subjects))
            brief = brief.model_copy(update={"subjects": subjects[:1]})
            result = self.make(brief, brand=brand, out_dir=out_dir, on_step=on_step, template=template_name, series=subjects,
                               templates=library, cancel=cancel)
            return Reply(text=result.summary(), result=result)
        if command == "kit":
            formats, brief_text = self._split_kit(rest)
            if not brief_text:
                raise BriefError("/kit needs a brief, e.g. /kit 双十一福袋，标题：好运福袋")
            result = self.make(brief_text, brand=brand, images=images, out_dir=out_dir, on_step=on_step, templates=library,
                               cancel=cancel, formats=formats)
            return Reply(text=result.summary(), result=result)
        if command == "tune":
            from agent.tune import tune_template

            name, _, subjects_text = rest.partition(" ")
            report = tune_template(self, name, subjects_text.split(), out_dir=out_dir, templates=library)
            return Reply(text=report.message, data={"tune": report.model_dump(mode="json")})
        template = library.by_command(command)
        if template is None:
            raise BriefError(f"unknown command /{command}; /help lists the commands")
        brief = self.parse(rest) if rest else Brief(raw="")
        if not brief.subjects and rest and not brief.copy.title:
            brief = brief.model_copy(update={"subjects": [rest]})
        result = self.make(brief, brand=brand, images=images, out_dir=out_dir, on_step=on_step, template=template.key,
                           templates=library, cancel=cancel)
        return Reply(text=result.summary(), result=result)

    # ------------------------------------------------------------------ helpers
    def help_text(self, templates: TemplateLibrary | None = None) -> str:
        names = ", ".join(f"`{t.command}`" for t in (templates if templates is not None else self.templates).all())
        return HELP_FILE.read_text(encoding="utf-8").replace("{templates}", names)

    def _describe(self, images: list[Path] | None, out_dir: Path | None,
                  on_step: Callable[[Step], None] | None) -> Reply:
        if not images:
            raise BriefError("/describe needs an attached image")
        from tools.registry import describe_image

        ws = Workspace(self.settings, Path(out_dir or self.settings.output_dir) / ".work" / "describe",
                       on_step=on_step, backends=self.models)
        data = describe_image(ws, str(images[0]))
        words = data.get("keywords_zh") or data.get("subjects_zh") or []
        words_en = data.get("keywords_en") or data.get("subjects_en") or []
        text = "关键词：" + "，".join(words) + ("\nKeywords: " + ", ".join(words_en) if words_en else "")
        return Reply(text=text, data={"description": data})

    @staticmethod
    def _split_kit(rest: str) -> tuple[list[str], str]:
        """`popup,banner 标题：…` → those formats and the brief; without a list, all four presets."""
        first, _, brief_text = rest.partition(" ")
        names = [name for name in re.split(r"[,，、]", first) if name]
        try:
            formats = [get_format(name).name for name in names] if names else []
        except SpecError:
            formats = []
        if formats and (len(names) > 1 or first.lower() in PRESETS):
            return formats, brief_text.strip()
        return list(PRESETS), rest

    @staticmethod
    def _split_series(rest: str) -> tuple[list[str], str]:
        """`相机 文件夹 耳机 标题：安全守护` → subjects and the brief text that follows them."""
        tokens = rest.split()
        subjects: list[str] = []
        for i, token in enumerate(tokens):
            if re.search(r"[：:，,]", token):
                return subjects, " ".join(tokens[i:])
            subjects.append(token)
        return subjects, ""

    @staticmethod
    def _keywords_message(brief: Brief) -> str:
        parts = [f"subject {', '.join(brief.subjects) or '—'}"]
        if brief.theme:
            parts.append(f"theme {brief.theme}")
        if brief.palette:
            parts.append(f"palette {', '.join(brief.palette)}")
        if brief.style:
            parts.append(f"style {', '.join(brief.style)}")
        parts.append(f"format {brief.format}")
        if brief.copy.title:
            parts.append(f"title “{brief.copy.title}”")
        return "keywords: " + "; ".join(parts)

    @staticmethod
    def _check_llm_subject(brief: Brief, outputs: list[dict[str, Any]], references: list[str], ws: Workspace) -> None:
        """The LLM chose the references itself: when none shows the subject the brief names, the
        last poster carries subject_not_found, as on the offline path."""
        phrases = subject_phrases(brief)[:2]
        if not (phrases and outputs and references):
            return
        found = []
        for gallery_id in references:
            try:
                hit = ws.retriever.get(gallery_id)
            except HuabaoError:
                continue
            found.append(hit_names(hit))
        if not found or any(subject_shown(phrases, hit, ws.settings) for hit in found):
            return
        missing = subject_not_found(phrases, found[0], brief.language, ws.settings)
        outputs[-1]["problems"] = [*outputs[-1]["problems"], missing]
        ws.emit(NoteStep(message=missing["message"], problems=[missing]))

    @staticmethod
    def _collect_llm_outputs(ws: Workspace) -> tuple[list[dict[str, Any]], int, list[str]]:
        """What the LLM made, from the workspace's records: each exported poster with the problems
        its own check found, the compositions it tried (rounds) and the gallery images it used."""
        outputs = [{"png": e.png, "psd": e.psd, "spec": e.spec, "svg": e.svg, "problems": list(e.problems),
                    "scores": e.scores} for e in ws.exported]
        references = [a.info["gallery_id"] for a in ws.assets.values() if a.info.get("gallery_id")]
        return outputs, len(ws.posters), list(dict.fromkeys(references))


class _CopyRewritten(LLMFailure):
    def __init__(self, fields: list[str]):
        super().__init__(f"it printed other words than the copy for {', '.join(fields)}")
        self.fields = fields


def _fallback_note(err: LLMFailure, language: str) -> str:
    """Why the offline planner made the poster, in the brief's language; the transport details
    (exception names, status codes) go to the log only."""
    if isinstance(err, _CopyRewritten):
        fields = ", ".join(err.fields)
        return (f"The LLM changed the copy ({fields}); fell back to the offline planner." if language == "en"
                else f"LLM 改动了文案（{fields}），已改用离线规划 · fell back to the offline planner")
    return ("The LLM did not answer usably; fell back to the offline planner." if language == "en"
            else "LLM 暂时不可用，已改用离线规划 · fell back to the offline planner")


def _copy_changed(copy: dict[str, str], outputs: list[dict[str, Any]]) -> list[str]:
    """The copy fields a poster the LLM made prints differently from the plan's copy (the brief's
    words, else neutral generated ones): an LLM may not rewrite, shorten or invent copy."""
    changed: list[str] = []
    for output in outputs:
        try:
            spec = json.loads(Path(output["spec"]).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError):
            return ["every field"]
        printed = {layer.get("role") or layer.get("id"): layer.get("text", "")
                   for layer in spec.get("layers", []) if layer.get("kind") == "text"}
        for field in ("title", "subtitle", "cta", "body"):
            if "".join((copy.get(field) or "").split()) != "".join((printed.get(field) or "").split()):
                changed.append(field)
    return list(dict.fromkeys(changed))


def _discard(outputs: list[dict[str, Any]]) -> None:
    """Remove the files of posters that will not be delivered."""
    for output in outputs:
        for key in ("png", "psd", "svg", "spec"):
            with contextlib.suppress(OSError, KeyError, TypeError):
                Path(output[key]).unlink()
