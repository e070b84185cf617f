"""Helpers for the batch and API tests (no tests here): a cheap but real brief runner.

`png_runner` is injected where the agent would run: it writes a real PNG, PSD and spec.json per
brief into the brief's folder and returns a `MakeResult`, so durability and concurrency tests
run in milliseconds per brief. It keeps a ledger (one appended line per start and per end of
a brief) so a test can count how often each brief really ran.

Words in the brief steer it: `sleep=0.4` waits, `fail` raises a BriefError (a bad brief),
`bug` raises a RuntimeError (a bug), `die` kills its own worker process on the first attempt.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from agent.batch import BriefJob, Runner
from tools.config import Settings
from tools.errors import BriefError

LEDGER = "ledger.txt"


def ledger_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / LEDGER


def _append(path: Path, line: str) -> None:
    # O_APPEND writes of one short line are atomic between processes
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def png_runner(settings: Settings) -> Runner:
    from PIL import Image
    from psd_tools import PSDImage

    from agent.brief import Brief
    from agent.result import MakeResult, PosterOutput

    ledger = ledger_path(settings)
    ledger.parent.mkdir(parents=True, exist_ok=True)

    def run(job: BriefJob) -> dict[str, Any]:
        queued = job.queued()
        text = queued.text()
        _append(ledger, f"start {job.batch_id} {job.index} {job.attempt} {os.getpid()}")
        match = re.search(r"sleep=([\d.]+)", text)
        if match:
            time.sleep(float(match.group(1)))
        if "die" in text.split() and job.attempt == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        if "fail" in text.split():
            raise BriefError("this brief asks to fail")
        if "bug" in text.split():
            raise RuntimeError("a deliberate bug")
        folder = Path(job.folder)
        colour = (job.index * 37 % 256, 120, 200, 255)
        image = Image.new("RGBA", (64, 48), colour)
        png, psd, spec = folder / "poster.png", folder / "poster.psd", folder / "poster.spec.json"
        image.save(png)
        PSDImage.frompil(image).save(psd)
        spec.write_text(json.dumps({"brief": text, "index": job.index}, ensure_ascii=False), encoding="utf-8")
        _append(ledger, f"end {job.batch_id} {job.index} {job.attempt} {os.getpid()}")
        result = MakeResult(brief=Brief(raw=text[:2000]), template=queued.template or "test-png",
                            backends={"runner": "test-png"}, outputs=[PosterOutput(png=str(png), psd=str(psd),
                                                                                   spec=str(spec))],
                            seconds=0.01)
        return result.to_json_dict()

    return run


def dying_runner(settings: Settings) -> Runner:
    """A worker that cannot start: its process exits while loading, every time."""
    os._exit(1)


def read_ledger(settings: Settings) -> list[tuple[str, str, int, int, int]]:
    """(event, batch id, index, attempt, pid) per line."""
    path = ledger_path(settings)
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        event, batch_id, index, attempt, pid = line.split()
        rows.append((event, batch_id, int(index), int(attempt), int(pid)))
    return rows


# ---------------------------------------------------------------- a real server in a thread
class ThreadServer:
    """uvicorn on a socket we bound to 127.0.0.1 (port 0: a free one), lifespan included."""

    def __init__(self, app: Any):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(60)
        self.sock.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def start_support_server(data_dir: Path, output_dir: Path, port: int, tokens: str) -> subprocess.Popen:
    """`serve` below in a subprocess of its own session (png_runner workers), once it answers."""
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": f"{repo}{os.pathsep}{repo / 'tests'}"}
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "serve", str(data_dir),
                                str(output_dir), str(port), tokens],
                               env=env, cwd=repo, start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.1)


# ---------------------------------------------------------------- drivers run as subprocesses by the tests
def _settings_for(data: str, out: str, tokens: str = "") -> Settings:
    return Settings(_env_file=None, data_dir=Path(data), output_dir=Path(out),
                    api_tokens=[t for t in tokens.split(",") if t])


def drive_file(argv: list[str]) -> None:
    """`drive DATA FILE OUT [--resume]`: what `huabao batch` does, with png_runner."""
    from agent.batch import open_file_batch, run_batch

    data, file, out = argv[:3]
    settings = _settings_for(data, out)
    state, _ = open_file_batch(settings, Path(file), Path(out), resume="--resume" in argv)
    print(f"batch {state.id}", flush=True)
    final = run_batch(settings, state.id, workers=2, runner_factory=_importable(png_runner))
    print(json.dumps({"id": final.id, "finished": final.finished, "counts": final.counts}), flush=True)


def serve(argv: list[str]) -> None:
    """`serve DATA OUT PORT TOKENS`: the huabao server on 127.0.0.1 with png_runner workers."""
    import uvicorn

    from ui.server import create_app

    data, out, port, tokens = argv[:4]
    settings = _settings_for(data, out, tokens)
    app = create_app(settings, runner_factory=_importable(png_runner), workers=2, surfaces=False)
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning")


def _importable(function: Any) -> Any:
    """Run as a script this module is __main__; workers unpickle the runner by module name."""
    import importlib

    return getattr(importlib.import_module("support.batch_support"), function.__name__)


if __name__ == "__main__":
    import sys

    {"drive": drive_file, "serve": serve}[sys.argv[1]](sys.argv[2:])
