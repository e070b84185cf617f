"""`python -m tools.local_llm_server ARGS`: llama_cpp.server with the chat format `huabao-tools`.

Started by `huabao llm serve` (tools/local_llm.py) in its own process; the ARGS are
llama_cpp.server's own. `huabao-tools` speaks tools the way Qwen2.5 was trained to: the prompt
is the model's own chat template from the GGUF (tools listed in `<tools>`, results as
`<tool_response>` turns), and the answer's `<tool_call>{"name": ..., "arguments": ...}</tool_call>`
becomes an OpenAI tool call. llama-cpp-python's stock `chatml-function-calling` was tried first:
its made-up `functions.NAME:` format makes a 0.5B model answer "message" instead of calling, it
drops tool results from the prompt, and its per-token grammar costs about a second a token on
two cores.

- a request with tools and no `tool_choice` means "auto", as in the OpenAI API (langchain sends none);
- a forced `tool_choice` (structured output) starts the answer with that tool's call;
- an empty answer while tools are offered is generated again with `<tool_call>` opened;
- one tool call per answer: generation stops at the first `</tool_call>` (a small model that
  chains calls guesses ids the first call has not returned yet).
"""
from __future__ import annotations

import json
import re
import sys
import time
import uuid
from typing import Any

MAX_CALL_TOKENS = 400
TOOL_CALL = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)


def template_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation as Qwen's template wants it: tool-call arguments as objects, not JSON text."""
    out = []
    for message in messages:
        calls = message.get("tool_calls")
        if calls:
            message = {**message, "tool_calls": [_with_object_arguments(call) for call in calls]}
        if message.get("content") is None:
            message = {**message, "content": ""}
        out.append(message)
    return out


def _with_object_arguments(call: dict[str, Any]) -> dict[str, Any]:
    function = dict(call.get("function") or {})
    if isinstance(function.get("arguments"), str):
        try:
            function["arguments"] = json.loads(function["arguments"])
        except ValueError:
            pass
    return {**call, "function": function}


def parse_answer(text: str, tool_names: set[str]) -> tuple[str | None, dict[str, Any] | None]:
    """(text before any tool call, the first well-formed call of a known tool) from an answer."""
    head, _, _ = text.partition("<tool_call>")
    content = head.strip() or None
    blocks = TOOL_CALL.findall(text)
    if not blocks:  # the tags are special tokens, which the detokenised text may leave out
        starts = [i for i, ch in enumerate(text) if ch == "{"]
        blocks = [text[i:] for i in starts]  # the call may follow a ```json fence or a sentence
        content = text[:starts[0]].strip().removesuffix("```json").strip() or None if starts else content
    for block in blocks:
        body = block.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
        try:
            call, _ = json.JSONDecoder().raw_decode(body)  # text after the object is not part of the call
        except ValueError:
            continue
        if isinstance(call, dict) and call.get("name") in tool_names:
            arguments = call.get("arguments") or {}
            if isinstance(arguments, str):
                try:
                    arguments = json.loads(arguments)
                except ValueError:
                    continue
            return content, {"name": call["name"], "arguments": arguments}
    return (text.strip() or None), None


def chat_answer(model: str, content: str | None, call: dict[str, Any] | None, usage: dict[str, int]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if call is not None:
        message["tool_calls"] = [{"id": f"call_{uuid.uuid4().hex[:12]}", "type": "function",
                                  "function": {"name": call["name"],
                                               "arguments": json.dumps(call["arguments"], ensure_ascii=False)}}]
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "usage": usage,
            "choices": [{"index": 0, "message": message, "logprobs": None,
                         "finish_reason": "tool_calls" if call is not None else "stop"}]}


def _as_chunks(answer: dict[str, Any]) -> Any:
    """A whole answer as the two chunks of a stream (the delta, then the finish)."""
    choice = answer["choices"][0]
    delta = {key: value for key, value in choice["message"].items() if value is not None}
    if "tool_calls" in delta:
        delta["tool_calls"] = [{**call, "index": i} for i, call in enumerate(delta["tool_calls"])]
    base = {"id": answer["id"], "object": "chat.completion.chunk", "created": answer["created"], "model": answer["model"]}
    yield {**base, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": None}]}
    yield {**base, "choices": [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": choice["finish_reason"]}]}


def huabao_tools_handler(llama: Any, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None,
                         tool_choice: Any = None, functions: list[dict[str, Any]] | None = None,
                         temperature: float = 0.2, top_p: float = 0.95, top_k: int = 40, min_p: float = 0.05,
                         stream: bool = False, stop: str | list[str] | None = None, max_tokens: int | None = None,
                         seed: int | None = None, repeat_penalty: float = 1.0, model: str | None = None,
                         **_: Any) -> Any:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    if functions and not tools:
        tools = [{"type": "function", "function": f} for f in functions]
    tools = tools or []
    if tools and tool_choice is None:
        tool_choice = "auto"
    if tool_choice == "none":
        tools = []
    formatter = Jinja2ChatFormatter(template=llama.metadata["tokenizer.chat_template"], eos_token="<|im_end|>",
                                    bos_token="")
    prompt = formatter(messages=template_messages(messages), tools=tools or None).prompt
    forced = tool_choice.get("function", {}).get("name") if isinstance(tool_choice, dict) else None
    opening = f'<tool_call>\n{{"name": "{forced}", "arguments": ' if forced else ""
    stops = ([stop] if isinstance(stop, str) else list(stop or [])) + ["<|im_end|>", "<|endoftext|>"]
    if tools:
        stops.append("</tool_call>")
    # A call or a brief's reading is a few hundred tokens; a small model that loops stops here, not at n_ctx.
    limit = max_tokens or (MAX_CALL_TOKENS if tools else 1024)
    completion = llama.create_completion(prompt=prompt + opening, temperature=temperature, top_p=top_p, top_k=top_k,
                                         min_p=min_p, stop=stops, max_tokens=limit, seed=seed,
                                         repeat_penalty=repeat_penalty, stream=False)
    text = opening + completion["choices"][0]["text"]
    if tools and tool_choice == "auto" and not text.strip():
        # An empty answer where tools are offered (Qwen 1.5B does this now and then after a tool
        # result) is of no use: it is asked again with the call opened, the tool left to it.
        opening = '<tool_call>\n{"name": "'
        completion = llama.create_completion(prompt=prompt + opening, temperature=temperature, top_p=top_p,
                                             top_k=top_k, min_p=min_p, stop=stops, max_tokens=limit, seed=seed,
                                             repeat_penalty=repeat_penalty, stream=False)
        text = opening + completion["choices"][0]["text"]
    content, call = parse_answer(text, {t["function"]["name"] for t in tools}) if tools else (text, None)
    if tools and call is None:  # in the server log: what a model said instead of a call (bench --trace reads it)
        print(f"huabao-tools: no tool call in the answer ({completion['usage'].get('completion_tokens')} tokens): "
              f"{text[:400]!r}", file=sys.stderr, flush=True)
    answer = chat_answer(model or completion["model"], content, call, completion["usage"])
    return _as_chunks(answer) if stream else answer


class NullContentFix:
    """ASGI middleware: an assistant message with `"content": null` (what OpenAI clients send
    beside tool calls) becomes `""`, which llama_cpp.server's request schema accepts."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "POST" or not scope.get("path", "").endswith(
                "/chat/completions"):
            await self.app(scope, receive, send)
            return
        body = b""
        while True:
            event = await receive()
            body += event.get("body", b"")
            if not event.get("more_body"):
                break
        try:
            request = json.loads(body)
            for message in request.get("messages") or []:
                if isinstance(message, dict) and message.get("content", "") is None:
                    message["content"] = ""
            body = json.dumps(request, ensure_ascii=False).encode("utf-8")
        except (ValueError, AttributeError):
            pass  # not JSON: the server answers it as it would
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await self.app({**scope, "headers": headers}, replay, send)


def main() -> None:
    """llama_cpp.server's own command line, with `huabao-tools` registered and NullContentFix in front."""
    import argparse

    import uvicorn
    from llama_cpp import llama_chat_format
    from llama_cpp.server.app import create_app
    from llama_cpp.server.cli import add_args_from_model, parse_model_from_args
    from llama_cpp.server.settings import ModelSettings, ServerSettings, Settings

    llama_chat_format.register_chat_completion_handler("huabao-tools")(huabao_tools_handler)
    parser = argparse.ArgumentParser(description="huabao's local model server (llama_cpp.server)")
    add_args_from_model(parser, Settings)
    args = parser.parse_args()
    server_settings = parse_model_from_args(ServerSettings, args)
    app = create_app(server_settings=server_settings, model_settings=[parse_model_from_args(ModelSettings, args)])
    uvicorn.run(NullContentFix(app), host=server_settings.host, port=server_settings.port)


if __name__ == "__main__":
    main()
