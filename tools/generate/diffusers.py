"""The real generation backend: diffusers img2img / txt2img from a local model directory.

Tuned for SD-turbo (HUABAO_DIFFUSERS_MODEL=/path/to/sd-turbo): 1–4 steps, guidance 0,
512×512. The whole path, end to end:

1. load once: `AutoPipelineForImage2Image.from_pretrained(dir, local_files_only=True)` in fp16
   on CUDA (fp32 on CPU); `AutoPipelineForText2Image.from_pipe(...)` shares its components;
2. prompt = the brief's prompt + palette colour words + style words;
3. with a reference (垫图): the reference flattened on white and fitted to the output size;
   reference weight w (like Midjourney's --iw, higher keeps more of the reference) becomes
   img2img strength 1 - w; steps are raised so that at least one denoising step runs;
4. one seeded CPU `torch.Generator` per candidate, so a seed gives the same image on any device;
5. the batch runs in one call; each image comes back as a Candidate with every parameter used.

Nothing is ever downloaded: `local_files_only=True`, and a missing directory is a clear error.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from tools.config import Settings
from tools.errors import BackendUnavailable

DEFAULT_SIZE = (512, 512)
DEFAULT_STEPS = 2  # SD-turbo: 1–4
DEFAULT_GUIDANCE = 0.0  # SD-turbo is trained without classifier-free guidance


class DiffusersBackend:
    """Holds one loaded pipeline (img2img) and a txt2img view of the same components."""

    def __init__(self, settings: Settings, *, steps: int = DEFAULT_STEPS, guidance: float = DEFAULT_GUIDANCE):
        if settings.diffusers_model is None:
            raise BackendUnavailable("no diffusers model configured (HUABAO_DIFFUSERS_MODEL)")
        self.model_dir = Path(settings.diffusers_model).expanduser()
        if not (self.model_dir / "model_index.json").is_file():
            raise BackendUnavailable(
                f"{self.model_dir} is not a diffusers model folder (no model_index.json); "
                "point HUABAO_DIFFUSERS_MODEL at a local copy such as sd-turbo"
            )
        self.settings = settings
        self.steps = max(1, int(steps))
        self.guidance = float(guidance)
        self.device = settings.resolved_device()
        self._img2img = None
        self._txt2img = None

    def _load(self) -> None:
        if self._img2img is not None:
            return
        try:
            import torch
            from diffusers import AutoPipelineForImage2Image, AutoPipelineForText2Image
        except ImportError as err:
            raise BackendUnavailable("diffusers and torch are needed: pip install diffusers torch") from err
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        try:
            pipe = AutoPipelineForImage2Image.from_pretrained(self.model_dir, local_files_only=True, **dtype_kwargs(dtype))
        except Exception as err:  # missing component files, wrong format...
            raise BackendUnavailable(f"could not load the diffusers model at {self.model_dir}: {err}") from err
        pipe = pipe.to(self.device)
        pipe.set_progress_bar_config(disable=True)
        self._img2img = pipe
        self._txt2img = AutoPipelineForText2Image.from_pipe(pipe)
        self._txt2img.set_progress_bar_config(disable=True)

    @property
    def pipeline_names(self) -> tuple[str, str]:
        self._load()
        return type(self._img2img).__name__, type(self._txt2img).__name__

    def generate(self, prompt: str, *, seeds: list[int], reference: Image.Image | None = None,
                 reference_weight: float = 0.6, negative: str = "", size: tuple[int, int] | None = None,
                 ) -> list[tuple[Image.Image, dict[str, Any]]]:
        """→ one (RGB image, params) per seed."""
        import torch

        self._load()
        width, height = _multiple_of_8(size or DEFAULT_SIZE)
        generators = [torch.Generator("cpu").manual_seed(int(seed)) for seed in seeds]
        use_negative = bool(negative) and self.guidance > 1.0
        params: dict[str, Any] = {"model": self.model_dir.name, "guidance_scale": self.guidance,
                                  "size": [width, height], "device": self.device,
                                  "negative_prompt": negative if use_negative else ""}
        common = dict(prompt=[prompt] * len(seeds), guidance_scale=self.guidance, generator=generators,
                      negative_prompt=[negative] * len(seeds) if use_negative else None, output_type="pil")
        with torch.inference_mode():
            if reference is not None:
                strength = float(min(1.0, max(0.05, 1.0 - reference_weight)))
                steps = max(self.steps, math.ceil(1.0 / strength))
                init = ImageOps.fit(_on_white(reference), (width, height), Image.LANCZOS)
                images = self._img2img(image=init, strength=strength, num_inference_steps=steps, **common).images
                params.update(mode="img2img", strength=round(strength, 4), num_inference_steps=steps,
                              denoising_steps=int(steps * strength), reference_weight=reference_weight)
            else:
                images = self._txt2img(height=height, width=width, num_inference_steps=self.steps, **common).images
                params.update(mode="txt2img", num_inference_steps=self.steps)
        return [(image.convert("RGB"), dict(params)) for image in images]


def dtype_kwargs(dtype) -> dict:
    """Newer diffusers call the argument `dtype` (and warn on `torch_dtype`); older ones need
    `torch_dtype`."""
    try:
        from diffusers.utils.deprecation_utils import _resolve_dtype  # noqa: F401
    except ImportError:
        return {"torch_dtype": dtype}
    return {"dtype": dtype}


def _multiple_of_8(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    return max(8, int(width) // 8 * 8), max(8, int(height) // 8 * 8)


def _on_white(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image.convert("RGB")
    canvas = Image.new("RGBA", image.size, (255, 255, 255, 255))
    canvas.alpha_composite(image)
    return canvas.convert("RGB")
