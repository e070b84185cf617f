"""The LLM agent: langchain `create_agent` with `ChatOpenAI` against any OpenAI-compatible
endpoint, calling the project's tools. Every failure mode ends in `LLMFailure`, which the caller
answers by falling back to the offline planner."""
from __future__ import annotations

import json
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


def system_prompt(**values: Any) -> str:
    """prompts/system/agent.md filled in. From `brief_json` it states what the rules already read
    (subject, format, palette, the copy), short enough for a 0.5B-1.5B model to keep in view."""
    template = (SYSTEM_DIR / "agent.md").read_text(encoding="utf-8")
    brief = json.loads(values.get("brief_json") or "{}")
    copy = brief.get("copy") or {}
    copy_lines = "; ".join(f"{name} “{copy[name]}”" for name in COPY_FIELDS if copy.get(name)) or "none"
    references = brief.get("references") or []
    user_images = ("\nThe user's own product images (cut them out and place them; never search a replacement): "
                   + ", ".join(references)) if references else ""
    derived = {"subject": ", ".join(brief.get("subjects") or []) or values.get("template_name", ""),
               "format": brief.get("format") or "popup", "palette": ", ".join(brief.get("palette") or []) or "the template's",
               "copy_lines": copy_lines, "user_images": user_images}
    return template.format(**{**derived, **values})


def with_brief_values(tools: list[Any], values: dict[str, Any]) -> list[Any]:
    """The tools with compose_poster taking what the rules read from the brief as given: a copy
    field the model leaves empty is the brief's (a small model never retypes copy), and format and
    palette default to the brief's. Copy the model does type is still checked by the caller."""
    from langchain_core.tools import StructuredTool
    from pydantic import create_model

    copy = {name: values[name] for name in COPY_FIELDS if values.get(name)}
    wrapped = []
    for tool in tools:
        if tool.name != "compose_poster" or not values:
            wrapped.append(tool)
            continue
        fields: dict[str, Any] = {}
        for name, info in tool.args_schema.model_fields.items():
            if name in COPY_FIELDS:
                given = f"“{copy[name]}”" if name in copy else "none"
                fields[name] = (str, Field("", description=f"Leave empty: the brief's {name} ({given}) is printed as is."))
            elif name in ("format", "palette") and values.get(name):
                fields[name] = (info.annotation, Field(values[name], description=info.description))
            else:
                fields[name] = (info.annotation, info)
        schema = create_model(f"{tool.args_schema.__name__}WithBrief", **fields)

        def compose(_tool: Any = tool, **kwargs: Any) -> str:
            filled = {**kwargs, **{name: text for name, text in copy.items() if not kwargs.get(name)}}
            answer = _tool.invoke(filled)
            if "unknown image" in answer:  # a small model passes a name or an id it made up: say what an id is
                answer = answer.rstrip("}") + (', "hint": "use only ids returned earlier in this conversation: subject '
                                               '= the cutN from cutout_subject, decorations = refN ids from a '
                                               'search_gallery call you made, or []"}')
            return answer

        wrapped.append(StructuredTool.from_function(func=compose, name=tool.name, description=tool.description,
                                                    args_schema=schema))
    return wrapped


class _Stalled(Exception):
    """The model keeps making the same tool call: it will not get further."""


def _watch_repeats(seen: list[str], calls: list[dict[str, Any]] | None, limit: int = 3) -> None:
    """Raise _Stalled when the same tool call (name and arguments) comes `limit` times in a row."""
    if not calls:
        return
    seen.append(json.dumps(calls, sort_keys=True, ensure_ascii=False, default=str))
    if len(seen) >= limit and len(set(seen[-limit:])) == 1:
        raise _Stalled(f"the model repeated {calls[0]['name']} {limit} times with the same arguments")


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
    `brief_values`: the copy, format and palette the rules read (see `with_brief_values`).
    """
    from langchain.agents import create_agent

    model = build_chat_model(settings, chat_model)
    agent = create_agent(model=model, tools=with_brief_values(tools, brief_values or {}), system_prompt=prompt)
    # Each compose round is a few model turns (search, generate, pick, cut out, compose, export).
    recursion_limit = 12 + 10 * max_rounds * max(1, exports_needed)
    attempts = max(1, settings.llm_max_retries + 1)
    last_error = ""
    for attempt in range(attempts):
        exported_before = _exports(ws)
        calls_seen: list[str] = []
        try:
            for update in agent.stream({"messages": [{"role": "user", "content": user_text}]},
                                       config={"recursion_limit": recursion_limit}, stream_mode="updates"):
                for node, state in (update or {}).items():
                    for message in (state or {}).get("messages", []) if isinstance(state, dict) else []:
                        if node == "model":
                            text, data = _describe_message(message)
                            ws.emit(LlmStep(message=text, **data))
                            _watch_repeats(calls_seen, data.get("tool_calls"))
        except _Stalled as err:  # a stall is the model's limit, not the transport's: no backoff
            last_error = str(err)
            ws.emit(NoteStep(message=f"LLM attempt {attempt + 1}: {last_error}"))
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
    raise LLMFailure(last_error or "the LLM failed")


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
