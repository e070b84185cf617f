"""The LLM agent: langchain `create_agent` with `ChatOpenAI` against any OpenAI-compatible
endpoint, calling the project's tools. Every failure mode ends in `LLMFailure`, which the caller
answers by falling back to the offline planner."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from agent.brief import Brief, BriefLexicon
from tools.config import Settings
from tools.errors import HuabaoError
from tools.steps import LlmStep, NoteStep

SYSTEM_DIR = Path(__file__).resolve().parents[1] / "prompts" / "system"


class LLMFailure(HuabaoError):
    """The LLM could not finish the job (timeout, HTTP error, garbage, refusal, no poster)."""


COPY_FIELDS = ("title", "subtitle", "cta", "body")


def system_prompt(*, max_rounds: int, **_unused: Any) -> str:
    """prompts/system/agent.md: the same text for every brief (what varies goes into the user
    message, `BriefFacts.message`), so a local llama.cpp server reads the system prompt and the
    tool list once and reuses that cached prefix for every later brief. `max_rounds` is a setting,
    fixed for a process."""
    return (SYSTEM_DIR / "agent.md").read_text(encoding="utf-8").replace("{max_rounds}", str(max_rounds))


class BriefFacts(BaseModel):
    """What the rules read from the brief and the code chose for it, as the LLM's first user
    message: everything brief-specific the model needs, and no copy it has to retype."""

    text: str = Field("", description="The brief as the user wrote it")
    subjects: list[str] = Field(default_factory=list)
    format: str = "popup"
    palette: list[str] = Field(default_factory=list)
    copy_text: dict[str, str] = Field(default_factory=dict, description="Field → the words compose_poster prints")
    user_images: list[str] = Field(default_factory=list)
    count: int = 1
    template: str = ""
    template_description: str = ""
    template_prompt: str = ""
    decorations: list[str] = Field(default_factory=list)

    def message(self) -> str:
        copy = "; ".join(f"{name} “{self.copy_text[name]}”" for name in COPY_FIELDS if self.copy_text.get(name))
        template = self.template + (f" ({self.template_description})" if self.template_description else "")
        lines = [f"Brief: {self.text.strip() or '(none written)'}",
                 f"- subject: {', '.join(self.subjects) or self.template or 'any'}",
                 f"- format: {self.format}",
                 f"- palette: {', '.join(self.palette) or 'the template’s'}",
                 f"- copy, already set (compose_poster prints it, do not type it): {copy or 'none'}",
                 f"- template: {template}" if template else "",
                 f"- template prompt: {self.template_prompt}" if self.template_prompt else "",
                 f"- decoration words: {', '.join(self.decorations)}" if self.decorations else "",
                 ("- the user's own product images (cut them out and place them, never search a replacement): "
                  + ", ".join(self.user_images)) if self.user_images else "",
                 f"- posters to export: {self.count}"]
        return "\n".join(line for line in lines if line)

    def tool_defaults(self) -> dict[str, Any]:
        """What a tool argument the model leaves out becomes (see `with_brief_values`)."""
        return {**{name: words for name, words in self.copy_text.items() if words}, "format": self.format,
                "palette": list(self.palette), "prompt": self.template_prompt or ", ".join(self.subjects),
                "keywords": list(self.subjects), "user_images": list(self.user_images), "count": self.count}


# Arguments the model does not see, per tool: the brief's when left out, still taken when a model
# sends them (copy it types is then checked against the brief by the caller, agent/loop.py).
_HIDDEN = {"compose_poster": {*COPY_FIELDS, "format", "palette"},
           "generate_candidates": {"palette"},
           "pick_best": {"keywords", "palette"}}
# Shown arguments that may be left out (then the brief's), with what the model reads about them.
_OPTIONAL = {"generate_candidates": {"prompt": "Leave out to use the template prompt from the brief message."}}
_DESCRIPTIONS = {"compose_poster": {
    "subject": "The cut id cutout_subject returned (a ref or cand id is cut out for you).",
    "decorations": "ref ids a search_gallery call returned, for small decorations; or [].",
}}
_ID = re.compile(r"^(ref|cand|cut|poster)\d+$")
_RESULT_NOISE = {"path", "preview", "gallery_id", "signals", "scores"}  # long, and of no use to the model


def _schemas(tool: Any) -> tuple[type[BaseModel], type[BaseModel]]:
    """(what a call is validated with, what the model reads) for one tool; no brief in either."""
    from pydantic import create_model

    full: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    for name, info in tool.args_schema.model_fields.items():
        if name in _OPTIONAL.get(tool.name, {}):
            full[name] = (str, Field("", description=_OPTIONAL[tool.name][name]))
        elif name in _DESCRIPTIONS.get(tool.name, {}):
            default = info.default_factory() if info.default_factory is not None else info.default
            full[name] = (info.annotation, Field(default, description=_DESCRIPTIONS[tool.name][name]))
        else:
            full[name] = (info.annotation, info)
        if name not in _HIDDEN.get(tool.name, set()):
            shown[name] = full[name]
    stem = "".join(part.title() for part in tool.name.split("_"))
    return create_model(f"{stem}Call", **full), create_model(f"{stem}Args", **shown)


def with_brief_values(tools: list[Any], values: dict[str, Any], ws: Any = None) -> list[Any]:
    """The tools as the model sees them: the same schemas and descriptions for every brief (so a
    local server's cached prompt prefix holds), the brief's values (`BriefFacts.tool_defaults`)
    for what the model leaves out, results without file paths, errors that say what to do next.
    With `ws`, the run's workspace: compose_poster's subject given as a ref/cand id, a file or a
    name is cut out on the fly, and a decoration given by name is searched for."""
    from langchain_core.tools import StructuredTool

    class BriefTool(StructuredTool):
        shown_schema: Any = None

        @property
        def tool_call_schema(self) -> Any:  # what the model reads; args_schema validates the call
            return self.shown_schema

    by_name = {tool.name: tool for tool in tools}
    resolved: dict[str, str] = {}  # what compose_poster's names and ids became, so a repeat reuses them
    wrapped = []
    for tool in tools:
        full, shown = _schemas(tool)
        fillable = (_HIDDEN.get(tool.name, set()) | set(_OPTIONAL.get(tool.name, {}))) & set(values)
        # A hidden field other than copy is the brief's whatever the model sends: it cannot see the
        # field, so what it puts there is a guess (a 0.5B sent "format": "banner; palette: blue").
        forced = {name for name in _HIDDEN.get(tool.name, set()) - set(COPY_FIELDS) if values.get(name)}

        def run(_tool: Any = tool, _fillable: set[str] = fillable, _forced: set[str] = forced, **kwargs: Any) -> str:
            filled = {**kwargs, **{name: values[name] for name in _fillable
                                   if name in _forced or not kwargs.get(name)}}
            notes: list[str] = []
            if _tool.name == "compose_poster" and ws is not None:
                filled, notes = _resolve_compose(filled, ws, by_name, list(values.get("user_images") or []), resolved)
            return _for_model(_tool.name, _tool.invoke(filled), ws, notes, int(values.get("count") or 1))

        wrapped.append(BriefTool(name=tool.name, description=tool.description, func=run, args_schema=full,
                                 shown_schema=shown))
    return wrapped


def _resolve_compose(args: dict[str, Any], ws: Any, tools: dict[str, Any], user_images: list[str],
                     resolved: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """compose_poster's subject as a cut-out id, and its decorations as ids, whatever a small model
    passed: a ref/cand id or an image file is cut out here, a name is searched (the user's own
    image when the brief has one) and cut out. Ids that do not exist are left for the tool's error.
    `resolved` remembers what each became (a repeated call composes the same poster)."""
    notes: list[str] = []

    def tool_json(name: str, **arguments: Any) -> dict[str, Any]:
        return json.loads(tools[name].invoke(arguments))

    def cut_out(image: str) -> str | None:
        answer = tool_json("cutout_subject", image=image)
        return answer.get("cutout")

    def searched(query: str) -> str | None:
        hits = tool_json("search_gallery", query=query, k=1).get("results") or []
        return hits[0]["ref"] if hits else None

    subject = str(args.get("subject") or "").strip()
    if subject in resolved:
        notes.append(f"subject {subject} was cut out as {resolved[subject]}")
        args = {**args, "subject": resolved[subject]}
    elif subject and "cutout_subject" in tools:
        asset = ws.assets.get(subject)
        source: str | None = None
        if asset is not None:
            source = subject if asset.kind in ("reference", "candidate") else None
        elif not _ID.match(subject):
            if Path(subject).is_file():
                source = subject
            elif user_images:
                source = user_images[0]
            elif "search_gallery" in tools:
                source = searched(subject)
        if source is not None:
            cut = cut_out(source)
            if cut:
                notes.append(f"subject {subject} was cut out as {cut}")
                resolved[subject] = cut
                args = {**args, "subject": cut}
    decorations = []
    for decoration in args.get("decorations") or []:
        decoration = str(decoration).strip()
        if decoration in resolved:
            decoration = resolved[decoration]
        elif decoration and decoration not in ws.assets and not _ID.match(decoration) \
                and not Path(decoration).is_file() and "search_gallery" in tools:
            found = searched(decoration)
            if found:
                notes.append(f"decoration {decoration} is {found}")
                resolved[decoration], decoration = found, found
            else:
                continue
        decorations.append(decoration)
    if "decorations" in args:
        args = {**args, "decorations": decorations}
    return args, notes


def _lean(value: Any) -> Any:
    """A tool result without what only costs the model tokens (file paths, scores, signals)."""
    if isinstance(value, dict):
        return {key: _lean(item) for key, item in value.items() if key not in _RESULT_NOISE}
    if isinstance(value, list):
        return [_lean(item) for item in value]
    return value


def _for_model(tool: str, answer: str, ws: Any, notes: list[str], exports_needed: int = 1) -> str:
    """The tool's JSON answer as the model reads it; an error gains what to do next."""
    try:
        data = json.loads(answer)
    except ValueError:
        return answer
    if not isinstance(data, dict):
        return answer
    if "error" in data:
        hint = _error_hint(tool, str(data["error"]), ws)
        if hint:
            data["what_to_do"] = hint
    else:
        data = _lean(data)
        step = _next_step(tool, data, ws, exports_needed) if ws is not None else ""
        if step:
            data["next"] = step
    if notes:
        data["note"] = "; ".join(notes)
    return json.dumps(data, ensure_ascii=False)


def _next_step(tool: str, data: dict[str, Any], ws: Any, exports_needed: int) -> str:
    """The usual next call, with this run's own ids: a small model follows it, a bigger one may
    choose otherwise (another reference, a revision, more candidates)."""
    cuts = [asset_id for asset_id, asset in ws.assets.items() if asset.kind == "cutout"]
    if tool == "search_gallery" and data.get("results"):
        first = data["results"][0]["ref"]
        if cuts:
            return f"compose_poster with subject {cuts[-1]} and decorations [\"{first}\"]"
        return f"generate_candidates with reference {first}"
    if tool == "generate_candidates" and data.get("candidates"):
        ids = [c["candidate"] for c in data["candidates"]]
        return f"pick_best with candidates {json.dumps(ids)}" if len(ids) > 1 else f"cutout_subject with image {ids[0]}"
    if tool == "pick_best" and data.get("ranking"):
        return f"cutout_subject with image {data['ranking'][0]['candidate']}"
    if tool == "cutout_subject" and data.get("cutout"):
        return f"search_gallery for one decoration word with k 1, then compose_poster with subject {data['cutout']}"
    if tool == "compose_poster" and data.get("poster"):
        if data.get("problems"):
            return (f"export_poster with poster {data['poster']}, or compose_poster again with subject_share 0.25 "
                    "(text overlaps or is clipped) or 0.45 (subject too small)")
        return f"export_poster with poster {data['poster']}"
    if tool == "export_poster":
        left = exports_needed - len(ws.exported)
        return (f"{left} more poster(s) to export: compose_poster again with another seed, then export_poster"
                if left > 0 else 'all posters are exported: answer "done"')
    return ""


_NEXT_STEP = {
    "compose_poster": "subject takes a cut id: call cutout_subject first, its result id looks like cut followed "
                      "by a number; decorations take ref ids from a search_gallery call, or [].",
    "cutout_subject": "image takes a cand id (generate_candidates) or a ref id (search_gallery): call "
                      "search_gallery first with the subject as query.",
    "generate_candidates": "reference takes a ref id: call search_gallery first with the subject as query.",
    "pick_best": "candidates takes the cand ids generate_candidates returned: call it first.",
    "export_poster": "poster takes the poster id compose_poster returned: call compose_poster first.",
    "search_gallery": "pass a query word (the subject or a decoration), or an image id from a result.",
}


def _error_hint(tool: str, error: str, ws: Any) -> str:
    """What a small model should do after a tool's error: the call to make instead, and the ids
    this run has (so it need not guess one)."""
    if not any(word in error for word in ("unknown image", "unknown poster", "no gallery image", "needs")):
        return ""
    known = [asset_id for asset_id in (ws.assets if ws is not None else {}) if _ID.match(asset_id)]
    have = f" Ids so far: {', '.join(known)}." if known else " No ids yet."
    return _NEXT_STEP.get(tool, "use only ids that tool results gave you.") + have


class _Stalled(Exception):
    """The model keeps making the same tool call: it will not get further."""


def _watch_repeats(seen: list[str], calls: list[dict[str, Any]] | None, limit: int = 3) -> None:
    """Raise _Stalled when the same tool call (name and arguments) comes `limit` times in a row."""
    if not calls:
        return
    seen.append(json.dumps(calls, sort_keys=True, ensure_ascii=False, default=str))
    if len(seen) >= limit and len(set(seen[-limit:])) == 1:
        raise _Stalled(f"the model repeated {calls[0]['name']} {limit} times with the same arguments")


def _repeat_limit(ws: Any, data: dict[str, Any]) -> int:
    """Identical calls in a row that mean a stall: two for compose_poster once the latest poster
    came back clean (composing it again changes nothing; a small model does this instead of
    exporting), else three."""
    calls = data.get("tool_calls") or []
    latest = next(reversed(ws.posters.values()), None) if ws is not None and hasattr(ws, "posters") else None
    if calls and calls[0]["name"] == "compose_poster" and latest is not None and not latest.problems:
        return 2
    return 3


def build_chat_model(settings: Settings, chat_model: Any = None) -> Any:
    """`chat_model` lets tests (and other providers) inject a model; otherwise ChatOpenAI."""
    if chat_model is not None:
        return chat_model
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key or "not-needed",
        timeout=settings.llm_timeout_s,
        max_retries=0,  # retries are ours, with backoff, so a failure is seen and reported
        temperature=0.2,
    )


def _describe_message(message: Any) -> tuple[str, dict[str, Any]]:
    calls = getattr(message, "tool_calls", None) or []
    invalid = getattr(message, "invalid_tool_calls", None) or []
    if calls:
        names = ", ".join(call["name"] for call in calls)
        return f"LLM calls {names}", {"tool_calls": [{"name": c["name"], "args": c["args"]} for c in calls]}
    if invalid:
        return "LLM sent a malformed tool call", {"invalid_tool_calls": [str(c.get("error") or c) for c in invalid]}
    content = getattr(message, "content", "")
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return f"LLM: {text[:300]}", {}


def run_llm_agent(settings: Settings, tools: list[Any], prompt: str, user_text: str, ws: Any, *,
                  exports_needed: int, max_rounds: int, chat_model: Any = None,
                  brief_values: dict[str, Any] | None = None) -> None:
    """Run the tool-calling loop until `exports_needed` posters are exported.

    Retries the whole conversation with exponential backoff on transport errors; raises
    LLMFailure when it still fails, or when the model stops without exporting (refusal,
    empty answer, malformed or unknown tool calls, the same call over and over).
    `brief_values`: what a tool argument the model leaves out becomes (`BriefFacts.tool_defaults`).
    """
    from langchain.agents import create_agent

    model = build_chat_model(settings, chat_model)
    agent = create_agent(model=model, tools=with_brief_values(tools, brief_values or {}, ws), system_prompt=prompt)
    # Each compose round is a few model turns (search, generate, pick, cut out, compose, export).
    recursion_limit = 12 + 10 * max_rounds * max(1, exports_needed)
    attempts = max(1, settings.llm_max_retries + 1)
    last_error = ""
    for attempt in range(attempts):
        exported_before = _exports(ws)
        calls_seen: list[str] = []
        messages: list[Any] = [{"role": "user", "content": user_text}]
        try:
            for nudge in range(MAX_NUDGES + 1):
                final: dict[str, Any] | None = None
                for mode, chunk in agent.stream({"messages": messages}, config={"recursion_limit": recursion_limit},
                                                stream_mode=["updates", "values"]):
                    if mode == "values":
                        final = chunk
                        continue
                    for node, state in (chunk or {}).items():
                        for message in (state or {}).get("messages", []) if isinstance(state, dict) else []:
                            if node == "model":
                                text, data = _describe_message(message)
                                ws.emit(LlmStep(message=text, **data))
                                _watch_repeats(calls_seen, data.get("tool_calls"), limit=_repeat_limit(ws, data))
                left = exports_needed - (_exports(ws) - exported_before)
                if left <= 0 or nudge == MAX_NUDGES or not final or not final.get("messages") \
                        or not any(getattr(m, "type", "") == "tool" for m in final["messages"]):
                    break  # done, or nudged enough, or it never called a tool (a refusal, garbage)
                # It called tools, then answered without a call before exporting: a 1.5B does this
                # now and then mid-way; asked once to go on, it usually does (the cache holds the rest).
                ws.emit(NoteStep(message=f"LLM attempt {attempt + 1}: it stopped before exporting; asked it to go on"))
                messages = [*final["messages"], {"role": "user", "content": _go_on(final["messages"], left)}]
        except _Stalled as err:  # a stall is the model's limit, not the transport's: no backoff
            last_error = str(err)
            ws.emit(NoteStep(message=f"LLM attempt {attempt + 1}: {last_error}"))
            if _export_what_it_composed(ws, tools, exports_needed - (_exports(ws) - exported_before)):
                return
            continue
        except Exception as err:  # noqa: BLE001 - any transport/parse error is retried then reported
            last_error = f"{err.__class__.__name__}: {str(err)[:300]}"
            ws.emit(NoteStep(message=f"LLM attempt {attempt + 1} failed: {last_error}"))
            if attempt + 1 < attempts:
                time.sleep(min(8.0, 0.5 * 2 ** attempt))
            continue
        if _exports(ws) - exported_before >= exports_needed or _exports(ws) >= exports_needed:
            return
        last_error = "the model stopped without exporting a poster"
        ws.emit(NoteStep(message=f"LLM attempt {attempt + 1}: {last_error}"))
        if _export_what_it_composed(ws, tools, exports_needed - (_exports(ws) - exported_before)):
            return
    raise LLMFailure(last_error or "the LLM failed")


MAX_NUDGES = 1


def _go_on(messages: list[Any], left: int) -> str:
    """The user's turn that asks a model which stopped mid-way to go on, with the last tool
    result's `next` (this run's ids) when there is one."""
    suggestion = ""
    for message in reversed(messages):
        if getattr(message, "type", "") == "tool":
            try:
                suggestion = str(json.loads(message.content).get("next") or "")
            except (ValueError, AttributeError, TypeError):
                suggestion = ""
            break
    return (f"Not finished: {left} poster(s) still to export. Make the next tool call now"
            + (f": {suggestion}." if suggestion else "."))


AUTO_EXPORT_NOTE = "the LLM composed {posters} without problems and stopped before exporting: exported as composed"


def _export_what_it_composed(ws: Any, tools: list[Any], missing: int) -> bool:
    """A small model often composes a clean poster and then repeats the call or stops instead of
    exporting it. Export is no design choice, so the model's latest posters are exported as it
    composed them, when each passed the check without problems; else False (the caller falls
    back). Said in a note (the bench counts these apart)."""
    export = next((tool for tool in tools if tool.name == "export_poster"), None)
    exported = {entry.poster for entry in ws.exported}
    waiting = [poster for poster in ws.posters if poster not in exported]
    # identical compositions (a repeated call) count once: the latest distinct ones are exported
    distinct: dict[str, str] = {}
    for poster in waiting:
        distinct[json.dumps(ws.posters[poster].spec.model_dump(mode="json", exclude={"id", "scores"}),
                            sort_keys=True, default=str)] = poster
    chosen = sorted(distinct.values(), key=waiting.index)[-missing:] if missing > 0 else []
    if export is None or not chosen or len(chosen) < missing or any(ws.posters[p].problems for p in chosen):
        return False
    for poster in chosen:
        answer = json.loads(export.invoke({"poster": poster}))
        if "error" in answer:
            return False
    ws.emit(NoteStep(message=AUTO_EXPORT_NOTE.format(posters=", ".join(chosen))))
    return True


def _exports(ws: Any) -> int:
    """Posters the run has exported so far (the workspace's record, not its step log)."""
    return len(ws.exported)


# ---------------------------------------------------------------------------- brief extraction
BRIEF_PROMPT = """You read a marketing brief and return what it asks for. Copy fields (title, subtitle,
cta = button text, body) must be copied character for character from the brief: never translate,
shorten, fix or invent copy; leave a field null when the brief does not give it. Words that instruct
the designer (帮我做个, 要活泼一点, make it pop) are not copy. subjects: the objects to draw; theme:
the campaign or festival, if any."""


class BriefExtraction(BaseModel):
    """What the LLM returns for a brief (structured output)."""

    title: str | None = Field(None, description="Main headline, verbatim from the brief")
    subtitle: str | None = Field(None, description="Secondary line / benefit, verbatim")
    cta: str | None = Field(None, description="Button text, verbatim")
    body: str | None = Field(None, description="Small print / body text, verbatim")
    subjects: list[str] = Field(default_factory=list, description="Objects to draw, e.g. 书包, gift box")
    theme: str | None = Field(None, description="Campaign or festival, e.g. 中秋, 618, back to school")


_QUOTE_CHARS = "\"'“”‘’「」『』《》【】〝〞＂"


def _normalised_with_positions(text: str) -> tuple[str, list[int]]:
    """The text without quote marks and with whitespace runs collapsed, and for each kept
    character its position in the original."""
    chars: list[str] = []
    positions: list[int] = []
    for i, ch in enumerate(text):
        if ch in _QUOTE_CHARS:
            continue
        if ch.isspace():
            if not chars or chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        positions.append(i)
    return "".join(chars), positions


def verbatim_in_brief(value: str, brief_text: str) -> str | None:
    """The brief's own words for `value` when it occurs there (after normalising quotes and
    whitespace), else None. What comes back is always a substring of the brief."""
    wanted, _ = _normalised_with_positions(value)
    wanted = wanted.strip()
    if not wanted:
        return None
    haystack, positions = _normalised_with_positions(brief_text)
    at = haystack.find(wanted)
    if at < 0:
        return None
    return brief_text[positions[at]:positions[at + len(wanted) - 1] + 1]


def merge_llm_brief(rules: Brief, extraction: BriefExtraction, lexicon: BriefLexicon) -> tuple[Brief, list[str]]:
    """The rule-based brief, improved by the LLM's reading where that is safe.

    A copy field from the LLM is used only when it is verbatim in the brief, and then only where
    the rules found nothing or found a shorter piece of the same text (a truncated value). A field
    the rules found is never dropped. Subjects and a known theme may come from the LLM.
    """
    notes: list[str] = []
    changes: dict[str, str] = {}
    english = rules.language == "en"
    for name in ("title", "subtitle", "cta", "body"):
        proposed = (getattr(extraction, name) or "").strip()
        current = getattr(rules.copy, name)
        label = _FIELD_LABELS["en" if english else "zh"][name]
        if not proposed:
            if current:  # the LLM left out a field the brief gives: the brief's words stay
                notes.append(f"The LLM left out the {label} the brief gives; kept “{current}”" if english else
                             f"大模型漏掉了简报里的{label}，已保留“{current}”")
            continue
        found = verbatim_in_brief(proposed, rules.raw)
        if found is None:
            kept = f"“{current}”" if current else ("none" if english else "无")
            notes.append(f"The LLM's {label} “{proposed[:60]}” is not in the brief; kept {kept}" if english else
                         f"大模型给出的{label}“{proposed[:60]}”不在简报中，未采用；保留{kept}")
            continue
        if not current or (current in found and current != found):
            changes[name] = found
    brief = rules.with_copy(**changes) if changes else rules
    update: dict[str, Any] = {}
    subjects = [s.strip() for s in extraction.subjects if s and s.strip() and len(s.strip()) <= 40][:4]
    if subjects:
        update["subjects"] = subjects
    if extraction.theme:
        from agent.brief import _find_alias

        themes = [key for _, key, _ in _find_alias(extraction.theme, lexicon.themes)]
        if extraction.theme in lexicon.themes:
            update["theme"] = extraction.theme
        elif themes:
            update["theme"] = themes[0]
    return (brief.model_copy(update=update) if update else brief), notes


def extract_brief_with_llm(settings: Settings, rules: Brief, lexicon: BriefLexicon, *,
                           chat_model: Any = None) -> tuple[Brief, list[str]]:
    """Ask the LLM to read the brief; any failure (timeout, HTTP error, garbage, no tool call)
    leaves the rule-based brief as it is, with a note."""
    try:
        model = build_chat_model(settings, chat_model)
        structured = model.with_structured_output(BriefExtraction, method="function_calling")
        answer = structured.invoke([{"role": "system", "content": BRIEF_PROMPT},
                                    {"role": "user", "content": rules.raw}])
        if isinstance(answer, dict):
            answer = BriefExtraction.model_validate(answer)
        if not isinstance(answer, BriefExtraction):
            raise ValueError("no structured answer")
    except Exception as err:  # noqa: BLE001 - the rules' reading stands whatever the endpoint did
        return rules, [_unread_note(err, rules.language)]
    return merge_llm_brief(rules, answer, lexicon)


_FIELD_LABELS = {"zh": {"title": "标题", "subtitle": "副标题", "cta": "按钮文案", "body": "正文"},
                 "en": {"title": "title", "subtitle": "subtitle", "cta": "button text", "body": "body text"}}


def _unread_note(err: Exception, language: str) -> str:
    """Why the LLM's reading was not used, in the brief's language and in words (no exception names)."""
    text = f"{err.__class__.__name__} {err}".lower()
    if "timeout" in text or "timed out" in text:
        reason = ("it did not answer in time", "超时未回复")
    elif any(word in text for word in ("status", "error code", "internalserver", "ratelimit", "apistatus",
                                       "connection", "unavailable")):
        reason = ("the endpoint returned an error", "服务返回了错误")
    else:
        reason = ("its answer could not be read", "返回的内容无法解析")
    if language == "en":
        return f"The LLM could not read the brief ({reason[0]}); the copy was taken from the brief by the rule-based reading"
    return f"大模型未能读取简报（{reason[1]}），文案按规则从简报中提取"
