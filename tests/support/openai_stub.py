"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions wire format.

It answers from a script: each entry is what the next request gets — tool calls, text, an HTTP
error, a garbage body, or a delay (for timeouts). Streaming requests get SSE chunks. Requests are
recorded so tests can check what the client sent (tools, messages).

Structured-output requests (a forced function, `tool_choice: {"function": {"name": ...}}`, or a
`response_format` JSON schema), such as the brief extraction the agent sends first, are answered
from their own script (`structured`), so a scripted tool-calling conversation is not shifted by
them. A `Reply` there with `arguments` set answers with that object (as the forced function's
arguments, or as the JSON content); with none left, the answer is an empty object: a valid
reading that finds nothing.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    tool_calls: list[tuple[str, dict[str, Any] | str]] = field(default_factory=list)  # (name, args or raw string)
    text: str = ""
    status: int = 200
    raw_body: str | None = None  # sent as is (garbage)
    delay_s: float = 0.0
    arguments: dict[str, Any] | str | None = None  # a structured answer (see the module docstring)


class OpenAIStub:
    def __init__(self, script: list[Reply] | None = None, *, repeat_last: bool = False,
                 structured: list[Reply] | None = None):
        self.script = list(script or [])
        self.repeat_last = repeat_last
        self.structured = list(structured or [])
        self.requests: list[dict[str, Any]] = []  # every request, in order
        self.structured_requests: list[dict[str, Any]] = []
        self.agent_requests: list[dict[str, Any]] = []  # the tool-calling conversation's requests
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> "OpenAIStub":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def next_structured_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            reply = self.structured.pop(0) if self.structured else Reply(arguments={})
        if reply.arguments is None:
            return reply  # a failure (status, garbage, delay) or plain text
        forced = _forced_function(body)
        if forced:
            return Reply(tool_calls=[(forced, reply.arguments)], delay_s=reply.delay_s)
        content = reply.arguments if isinstance(reply.arguments, str) else json.dumps(reply.arguments, ensure_ascii=False)
        return Reply(text=content, delay_s=reply.delay_s)

    def next_reply(self) -> Reply:
        with self._lock:
            if len(self.script) > 1 or (self.script and not self.repeat_last):
                return self.script.pop(0)
            if self.script:
                return self.script[0]
            return Reply(text="done")

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append(body)
                if _is_structured(body):
                    stub.structured_requests.append(body)
                    reply = stub.next_structured_reply(body)
                else:
                    stub.agent_requests.append(body)
                    reply = stub.next_reply()
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.raw_body is not None or reply.status != 200:
                    payload = (reply.raw_body if reply.raw_body is not None else
                               json.dumps({"error": {"message": "scripted failure", "type": "server_error"}}))
                    self._send(reply.status, payload.encode(), "application/json")
                    return
                if body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._send(200, json.dumps(_completion(body, reply)).encode(), "application/json")

            def _send(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except BrokenPipeError:  # the client gave up (timeout test)
                    pass

            def _stream(self, body: dict[str, Any], reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for chunk in _chunks(body, reply):
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        return Handler


def _forced_function(body: dict[str, Any]) -> str | None:
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        return (choice.get("function") or {}).get("name") or None
    return None


def _is_structured(body: dict[str, Any]) -> bool:
    """A request for one structured answer rather than a turn of the tool-calling conversation."""
    response_format = body.get("response_format") or {}
    return bool(_forced_function(body)) or response_format.get("type") in ("json_schema", "json_object")


def _tool_call_dicts(reply: Reply) -> list[dict[str, Any]]:
    calls = []
    for i, (name, args) in enumerate(reply.tool_calls):
        arguments = args if isinstance(args, str) else json.dumps(args, ensure_ascii=False)
        calls.append({"id": f"call_{int(time.time() * 1000)}_{i}", "type": "function",
                      "function": {"name": name, "arguments": arguments}})
    return calls


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
    calls = _tool_call_dicts(reply)
    if calls:
        message["tool_calls"] = calls
    return {"id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", "stub"),
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def _chunks(body: dict[str, Any], reply: Reply):
    base = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": body.get("model", "stub")}
    yield {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}
    if reply.text:
        for piece in (reply.text[: len(reply.text) // 2], reply.text[len(reply.text) // 2:]):
            yield {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
    for i, call in enumerate(_tool_call_dicts(reply)):
        arguments = call["function"]["arguments"]
        half = len(arguments) // 2
        yield {**base, "choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": i, "id": call["id"], "type": "function",
             "function": {"name": call["function"]["name"], "arguments": arguments[:half]}}]}, "finish_reason": None}]}
        yield {**base, "choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": i, "function": {"arguments": arguments[half:]}}]}, "finish_reason": None}]}
    finish = "tool_calls" if reply.tool_calls else "stop"
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
