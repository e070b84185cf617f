"""Cut the subject out of an image: the one core function every surface calls.

    cutout(settings, image) -> CutoutResult(image RGBA same size, mask L, backend, bbox)

Backends, tried in this order (`backend="auto"`):
1. `alpha-channel`  the image's own alpha, when it has a meaningful one (alpha.py)
2. `rembg:<session>` a local model file configured in settings (rembg_model.py)
3. the embedded default, chosen per image (photo.py): `classic` (border colour model + flood fill,
   classic.py) where the border is uniform, with one u2netp pass as its second opinion when the
   model is installed (it restores subject parts the fill took, and decides white holes); elsewhere `u2netp (rembg session) + edge refinement`
   (the MIT model `make gallery` installs, models.py; `u2net` instead once `huabao cutout-model
   --u2net` installed it). Without the model file it is `classic`, with a note saying so.

Whatever made the mask, the edge is cleaned the same way (edges.py): colours on semi-transparent
pixels are decontaminated so no halo of the old background shows on a new one. `trim_to_subject`
crops a cutout to its subject's box.

Keep a `Cutter` when cutting many images: it holds the loaded rembg session.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image

from tools.config import Settings
from tools.cutout.edges import decontaminate, subject_bbox
from tools.errors import BackendUnavailable
from tools.images import coerce_image

BackendChoice = Literal["auto", "alpha", "rembg", "classic", "u2netp", "u2net"]
PHOTO_SESSIONS = ("u2netp", "u2net")
MODEL_MISSING_NOTE = ("the photo cutout model is not installed ({path}): classic cutout used, busy backgrounds "
                      "may lose parts of the subject. Fix: `make gallery` or `python -m tools.cutout.models DATA_DIR`")
BBox = tuple[int, int, int, int]


@dataclass
class CutoutResult:
    image: Image.Image  # RGBA, the input's size
    mask: Image.Image  # L, the alpha channel
    backend: str  # "alpha-channel", "rembg:isnet-general-use", "classic" ...
    bbox: BBox | None  # subject box (left, top, right, bottom), right/bottom exclusive; None if empty
    notes: list[str] = field(default_factory=list)
    confidence: float | None = None  # the model path's confidence 0..1; None for classic/alpha

    def trimmed(self, pad: int = 0) -> Image.Image:
        return trim_to_subject(self.image, pad)


class Cutter:
    """Holds the loaded backends; `cut(image)` is `cutout()` without reloading models."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._rembg = None
        self._photo: dict[str, object] = {}

    @property
    def rembg_configured(self) -> bool:
        return self.settings.rembg_model_file is not None

    def rembg(self):
        if self._rembg is None:
            from tools.cutout.rembg_model import RembgBackend

            self._rembg = RembgBackend(self.settings)
        return self._rembg

    def photo_session_name(self) -> str | None:
        """The installed photo model auto uses: the full U²-Net when it was brought in, else u2netp."""
        from tools.cutout.models import installed

        preferred = self.settings.cutout_photo_model
        order = PHOTO_SESSIONS[::-1] if preferred == "auto" else (preferred,)
        return next((name for name in order if installed(self.settings.data_dir, name)), None)

    def photo(self, session: str):
        """The rembg session for an installed permissive model, loaded once."""
        if session not in self._photo:
            from tools.cutout.models import installed, model_path
            from tools.cutout.rembg_model import RembgBackend

            path = installed(self.settings.data_dir, session)
            if path is None:
                raise BackendUnavailable(MODEL_MISSING_NOTE.format(path=model_path(self.settings.data_dir, session)))
            self._photo[session] = RembgBackend(self.settings, model_file=path, session=session)
        return self._photo[session]

    def _photo_cut(self, session: str, rgb_image: Image.Image, rgb: np.ndarray, notes: list[str],
                   fallback: bool) -> CutoutResult:
        from tools.cutout.photo import (LOW_CONFIDENCE, RECHECK_BELOW_CONFIDENCE, model_passes,
                                        openings_in_texture, prefer_classic, refine)

        model = self.photo(session)
        refined = refine(rgb, *model_passes(model, rgb_image))
        if refined.empty and fallback:
            notes.append(f"{session} found no clear subject: classic cutout used instead")
            return self._classic(rgb_image, rgb, notes)
        if fallback and refined.confidence < RECHECK_BELOW_CONFIDENCE:
            from tools.cutout.classic import ClassicBackend

            found = ClassicBackend().mask(np.asarray(rgb_image, dtype=np.uint8))
            if prefer_classic(refined.alpha, refined.confidence, found.alpha, found.mode):
                notes.append(f"{session} was unsure (confidence {refined.confidence:.2f}) and the classic cutout "
                             "disagreed: classic used, check the edges")
                notes.extend(found.notes)
                alpha = found.alpha
                if refined.soft is not None:  # GrabCut keeps the cloth seen through an opening
                    openings = openings_in_texture(rgb, alpha >= 0.5, refined.soft)
                    alpha = np.where(openings, 0.0, alpha).astype(np.float32)
                return _result(rgb, alpha, ClassicBackend.name, notes, clean=True, background=found.background)
        notes.extend(refined.notes)
        if refined.confidence < LOW_CONFIDENCE:
            notes.append(f"{session} is unsure of this cutout (confidence {refined.confidence:.2f}): check the edges"
                         + ("" if session == "u2net" else "; `huabao cutout-model --u2net` brings a larger model"))
        result = _result(rgb, refined.alpha, f"{session} (rembg session) + edge refinement", notes, clean=True)
        result.confidence = refined.confidence
        return result

    def _guide(self, rgb_image: Image.Image) -> np.ndarray | None:
        """One pass of the photo model (u2netp when installed: it is the fast one) as the classic
        path's second opinion; None when no model is installed or it fails on this image."""
        from tools.cutout.models import installed

        session = "u2netp" if installed(self.settings.data_dir, "u2netp") else self.photo_session_name()
        if session is None:
            return None
        try:
            return self.photo(session).mask(rgb_image)
        except BackendUnavailable:
            return None  # the flood fill alone still gives a cutout

    def _classic(self, rgb_image: Image.Image, rgb: np.ndarray, notes: list[str],
                 guide: np.ndarray | None = None) -> CutoutResult:
        from tools.cutout.classic import ClassicBackend

        found = ClassicBackend().mask(np.asarray(rgb_image, dtype=np.uint8), guide=guide)
        notes.extend(found.notes)
        return _result(rgb, found.alpha, ClassicBackend.name, notes, clean=True, background=found.background)

    def cut(self, image: Image.Image | str | Path | bytes, *, backend: BackendChoice = "auto") -> CutoutResult:
        from tools.cutout.alpha import AlphaBackend

        loaded = coerce_image(image, max_pixels=self.settings.max_image_pixels)
        picture = loaded.image
        notes = list(loaded.notes)

        if backend == "alpha" or (backend == "auto" and AlphaBackend.applies(picture)):
            if picture.mode != "RGBA":
                raise BackendUnavailable("this image has no alpha channel to use as a mask")
            alpha = AlphaBackend().mask(picture)
            return _result(np.asarray(picture.convert("RGB"), dtype=np.float32), alpha, AlphaBackend.name,
                           notes, clean=False)

        rgb_image = _flatten(picture)
        rgb = np.asarray(rgb_image, dtype=np.float32)
        if backend == "rembg" or (backend == "auto" and self.rembg_configured):
            session = self.rembg()
            alpha = session.mask(rgb_image)
            return _result(rgb, alpha, session.name, notes, clean=True)

        if backend in PHOTO_SESSIONS:
            return self._photo_cut(backend, rgb_image, rgb, notes, fallback=False)
        if backend == "auto":
            from tools.cutout.photo import border_is_uniform, flood_failed

            if border_is_uniform(np.asarray(rgb_image, dtype=np.uint8)):
                # the flood fill draws the edge; the model, when installed, vouches for its parts
                guide = self._guide(rgb_image)
                classic = self._classic(rgb_image, rgb, list(notes), guide=guide)
                session = self.photo_session_name()
                if guide is None or session is None or not flood_failed(np.asarray(classic.mask), guide):
                    return classic
                notes.append("the backdrop looked plain at its border but the colour fill could not separate it "
                             f"from the subject: {session} used instead")
                return self._photo_cut(session, rgb_image, rgb, notes, fallback=False)
            session = self.photo_session_name()
            if session is not None:
                return self._photo_cut(session, rgb_image, rgb, notes, fallback=True)
            from tools.cutout.models import model_path

            notes.append(MODEL_MISSING_NOTE.format(path=model_path(self.settings.data_dir, "u2netp")))
        return self._classic(rgb_image, rgb, notes)


def cutout(settings: Settings, image: Image.Image | str | Path | bytes, *, backend: BackendChoice = "auto",
           cutter: Cutter | None = None) -> CutoutResult:
    """Cut the subject out of `image` (a Pillow image, a path or the file's bytes).

    Raises `ImageError` for an unusable input and `BackendUnavailable` when the rembg backend is
    configured but cannot load (a misconfiguration should be seen, not silently replaced), or when
    `backend="u2netp"`/`"u2net"` is asked for and its file is not installed. `auto` never raises
    for a missing photo model: it cuts with `classic` and says so in the notes.
    """
    return (cutter or Cutter(settings)).cut(image, backend=backend)


def trim_to_subject(rgba: Image.Image, pad: int = 0, *, threshold: int = 10) -> Image.Image:
    """Crop an RGBA cutout to its subject's box plus `pad` transparent pixels on every side.

    Faint alpha (≤ `threshold` of 255, e.g. a stray speck of shadow) does not stretch the box.
    An image with nothing opaque is returned unchanged.
    """
    if rgba.mode != "RGBA":
        rgba = rgba.convert("RGBA")
    box = subject_bbox(np.asarray(rgba.getchannel("A"), dtype=np.float32) / 255.0, threshold / 255.0)
    if box is None:
        return rgba
    left, top, right, bottom = box
    pad = max(0, int(pad))
    # crop() outside the image fills with transparent pixels, so the padding is always there
    return rgba.crop((left - pad, top - pad, right + pad, bottom + pad))


def _flatten(picture: Image.Image) -> Image.Image:
    """RGB for the segmenters; a barely transparent RGBA is flattened on white."""
    if picture.mode == "RGB":
        return picture
    canvas = Image.new("RGBA", picture.size, (255, 255, 255, 255))
    canvas.alpha_composite(picture.convert("RGBA"))
    return canvas.convert("RGB")


def _result(rgb: np.ndarray, alpha: np.ndarray, backend: str, notes: list[str], *, clean: bool,
            background: np.ndarray | None = None) -> CutoutResult:
    alpha = np.clip(alpha, 0.0, 1.0).astype(np.float32)
    if clean:
        rgb = decontaminate(rgb, alpha, background=background)
    alpha8 = np.round(alpha * 255.0).astype(np.uint8)
    rgba = np.dstack([np.clip(np.round(rgb), 0, 255).astype(np.uint8), alpha8])
    image = Image.fromarray(rgba, "RGBA")
    return CutoutResult(image=image, mask=Image.fromarray(alpha8, "L"), backend=backend,
                        bbox=subject_bbox(alpha), notes=notes)


__all__ = ["PHOTO_SESSIONS", "BackendChoice", "CutoutResult", "Cutter", "cutout", "trim_to_subject"]
