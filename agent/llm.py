"""The LLM agent: langchain `create_agent` with `ChatOpenAI` against any OpenAI-compatible
endpoint, calling the project's tools. Every failure mode ends in `LLMFailure`, which the caller
answers by falling back to the offline planner."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tools.config import Settings
from tools.errors import HuabaoError

SYSTEM_DIR = Path(__file__).resolve().parents[1] / "prompts" / "system"


class LLMFailure(HuabaoError):
    """The LLM could not finish the job (timeout, HTTP error, garbage, refusal, no poster)."""


def system_prompt(**values: Any) -> str:
    template = (SYSTEM_DIR / "agent.md").read_text(encoding="utf-8")
    return template.format(**values)


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
                  exports_needed: int, max_rounds: int, chat_model: Any = None) -> None:
    """Run the tool-calling loop until `exports_needed` posters are exported.

    Retries the whole conversation with exponential backoff on transport errors; raises
    LLMFailure when it still fails, or when the model stops without exporting (refusal,
    empty answer, malformed or unknown tool calls).
    """
    from langchain.agents import create_agent

    model = build_chat_model(settings, chat_model)
    agent = create_agent(model=model, tools=tools, system_prompt=prompt)
    # Each compose round is a few model turns (search, generate, pick, cut out, compose, export).
    recursion_limit = 12 + 10 * max_rounds * max(1, exports_needed)
    attempts = max(1, settings.llm_max_retries + 1)
    last_error = ""
    for attempt in range(attempts):
        exported_before = _exports(ws)
        try:
            for update in agent.stream({"messages": [{"role": "user", "content": user_text}]},
                                       config={"recursion_limit": recursion_limit}, stream_mode="updates"):
                for node, state in (update or {}).items():
                    for message in (state or {}).get("messages", []) if isinstance(state, dict) else []:
                        if node == "model":
                            text, data = _describe_message(message)
                            ws.emit("llm", text, **data)
        except Exception as err:  # noqa: BLE001 - any transport/parse error is retried then reported
            last_error = f"{err.__class__.__name__}: {str(err)[:300]}"
            ws.emit("note", f"LLM attempt {attempt + 1} failed: {last_error}")
            if attempt + 1 < attempts:
                time.sleep(min(8.0, 0.5 * 2 ** attempt))
            continue
        if _exports(ws) - exported_before >= exports_needed or _exports(ws) >= exports_needed:
            return
        last_error = "the model stopped without exporting a poster"
        ws.emit("note", f"LLM attempt {attempt + 1}: {last_error}")
    raise LLMFailure(last_error or "the LLM failed")


def _exports(ws: Any) -> int:
    return sum(1 for step in ws.steps if step.kind == "export")
