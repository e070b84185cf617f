"""Image → keywords (the article's 图生文, Midjourney's `/describe`): subject words in Chinese and
English, dominant colours named in both languages, and style words.

    describe(settings, image, retriever=None) -> Description

Where each part comes from (all recorded in `backend`):
- `gallery`  nearest gallery images (a `Retriever` over an index): their labels and tags, zh+en;
- `imagenet` EfficientNet-lite0 ImageNet labels (English only; ImageNet has no Chinese names);
- `caption`  a captioning model from `HUABAO_CAPTION_MODEL_DIR` when configured (transformers,
             local files only: BLIP, GIT or a ViT-GPT2 style vision-encoder-decoder);
- `colours`  k-means in Lab over the subject's pixels (its alpha, or the classic cutout for an
             opaque picture), each cluster named with the brief vocabulary of tools.colors;
- `style-stats` style words from simple measurements: painted texture, shading inside colour
             regions, number of colours, highlights, saturation, background.
Keep a `Describer` to reuse the loaded models.

Subjects carry a calibrated confidence (`Description.subjects`): the first is the nearest gallery
image's label (or ImageNet's top label without a gallery), as always; a further gallery neighbour or
ImageNet label joins only when it is probably in the picture too. The confidences are logistic
fits of "this extra subject is the picture's own", fitted on the dev half of augmented gallery
images (bench/retrieval_quality.py, part `describe`, `--fit-describe`), reported on the test half.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from tools.colors import nearest_color
from tools.config import Settings
from tools.errors import BackendUnavailable, HuabaoError
from tools.images import coerce_image, has_meaningful_alpha

ANALYSIS_SIDE = 384
STYLE_WORDS = {  # style word → Chinese
    "3D": "3D立体", "clay": "粘土", "flat": "扁平", "photo": "写实照片", "painterly": "绘画质感",
    "glossy": "光泽", "matte": "哑光", "vivid": "鲜艳", "pastel": "柔和色调", "gradient": "渐变",
    "minimal": "极简", "colorful": "多彩", "transparent background": "透明背景",
    "white background": "白色背景", "cartoon": "卡通",
}


class ColorShare(BaseModel):
    name_zh: str
    name_en: str
    hex: str = Field(description="The cluster's mean colour, #rrggbb.")
    share: float = Field(description="Share of the subject's pixels, 0..1.")
    key: str = Field("", description="tools.colors key (red, gold, ...), usable as a palette entry.")


class Subject(BaseModel):
    zh: str = ""
    en: str = ""
    confidence: float = Field(description="How likely the picture shows it, 0..1 (calibrated; the first subject is always kept).")
    source: str = Field(description="gallery (a nearest gallery image's label) or imagenet.")


@dataclass(frozen=True)
class SubjectCalibration:
    """Logistic fits (dev split of augmented gallery images) for extra subjects, and the bar."""

    gallery_bias: float = -2.889     # confidence = σ(bias + gap·(score − first score) + level·score)
    gallery_gap: float = 9.072
    gallery_level: float = 1.453
    imagenet_bias: float = -2.988    # confidence = σ(bias + slope·ln p)
    imagenet_slope: float = 0.415
    threshold: float = 0.5           # an extra subject needs at least this confidence
    max_subjects: int = 4
    # The nearest gallery image must be at least this similar for the picture to count as gallery
    # art. Augmented gallery icons score 0.86–0.94, photos (a cat, a coffee cup, a lion) 0.29–0.47:
    # below the bar the neighbours are only look-alike 3D icons, and ImageNet names the subject.
    gallery_like: float = 0.6

    def gallery(self, score: float, first: float) -> float:
        return _sigmoid(self.gallery_bias + self.gallery_gap * (score - first) + self.gallery_level * score)

    def imagenet(self, probability: float) -> float:
        return _sigmoid(self.imagenet_bias + self.imagenet_slope * math.log(max(probability, 1e-6)))


CALIBRATION = SubjectCalibration()


@dataclass
class SubjectCandidates:
    """What the subject choice reads: gallery neighbours (best first) and ImageNet's labels."""

    hits: list[Any] = field(default_factory=list)
    imagenet: list[tuple[str, float]] = field(default_factory=list)
    # ImageNet label → the Chinese name of the gallery symbol that names it (lion → 狮子), when one does.
    imagenet_zh: dict[str, str] = field(default_factory=dict)

    def gallery_like(self, calibration: SubjectCalibration) -> bool:
        return bool(self.hits) and float(self.hits[0].score) >= calibration.gallery_like


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


def choose_subjects(candidates: SubjectCandidates, calibration: SubjectCalibration = CALIBRATION) -> list[Subject]:
    """The first subject as the nearest neighbour says when the picture is gallery art (ImageNet's
    top label for a photo, or without a gallery), then the further candidates whose calibrated
    confidence reaches the bar, surest first."""
    subjects: list[Subject] = []
    seen: set[str] = set()

    def add(subject: Subject) -> None:
        keys = {k for k in (subject.zh, subject.en.lower()) if k}
        if keys & seen or len(subjects) >= calibration.max_subjects:
            return
        seen.update(keys)
        subjects.append(subject)

    hits = candidates.hits
    labels = [(label.replace("_", " "), float(p)) for label, p in candidates.imagenet]
    zh_of = candidates.imagenet_zh
    gallery_first = candidates.gallery_like(calibration) or (bool(hits) and not labels)
    extras: list[Subject] = []
    if hits:
        first = float(hits[0].score)
        if gallery_first:
            add(Subject(zh=_base_label(hits[0].label_zh), en=_base_label(hits[0].label_en), confidence=1.0, source="gallery"))
        extras = [Subject(zh=_base_label(h.label_zh), en=_base_label(h.label_en), source="gallery",
                          confidence=round(calibration.gallery(float(h.score), first), 4))
                  for h in (hits[1:] if gallery_first else hits)]
    if not gallery_first and labels:
        # A photo: ImageNet names it, with the confidence it has (not a certainty it lacks).
        label, p = labels[0]
        add(Subject(zh=zh_of.get(label, ""), en=label, source="imagenet",
                    confidence=1.0 if not hits else round(max(calibration.imagenet(p), p), 4)))
        labels = labels[1:]
    extras += [Subject(zh=zh_of.get(label, ""), en=label, source="imagenet",
                       confidence=round(calibration.imagenet(p), 4)) for label, p in labels]
    for subject in sorted(extras, key=lambda s: -s.confidence):
        if subject.confidence >= calibration.threshold:
            add(subject)
    return subjects


class Description(BaseModel):
    subjects: list[Subject] = Field(default_factory=list, description="Subjects, first as seen, then confident extras.")
    subjects_zh: list[str] = Field(default_factory=list)
    subjects_en: list[str] = Field(default_factory=list)
    colors: list[ColorShare] = Field(default_factory=list)
    styles: list[str] = Field(default_factory=list, description="English style words; zh in keywords_zh.")
    keywords_zh: list[str] = Field(default_factory=list)
    keywords_en: list[str] = Field(default_factory=list)
    caption: str | None = None
    imagenet: list[tuple[str, float]] = Field(default_factory=list)
    backend: str = ""
    notes: list[str] = Field(default_factory=list)

    def prompt_en(self) -> str:
        """The description as a comma-separated prompt (Midjourney /describe style)."""
        return ", ".join(self.keywords_en)

    def prompt_zh(self) -> str:
        return "，".join(self.keywords_zh)


class Describer:
    """Holds the loaded models (EfficientNet-lite0, the caption model)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._effnet = None
        self._caption = None

    # -- models
    def _classifier(self):
        if self._effnet is None:
            from tools.retrieval.embedders.efficientnet import EfficientNetLite0

            self._effnet = EfficientNetLite0(self.settings.resolved_device())
        return self._effnet

    def _captioner(self):
        if self._caption is None:
            self._caption = CaptionModel(Path(self.settings.caption_model_dir), self.settings.resolved_device())
        return self._caption

    def describe(self, image: Image.Image | str | Path | bytes, retriever: Any = None) -> Description:
        loaded = coerce_image(image, max_pixels=self.settings.max_image_pixels)
        picture = loaded.image
        notes = list(loaded.notes)
        parts: list[str] = []

        candidates, found_parts, found_notes = self.subject_candidates(picture, retriever)
        parts += found_parts
        notes += found_notes
        # A photo's nearest icons only look like it: their tags describe them, not the photo.
        tags_zh, tags_en = _tags_from_hits(candidates.hits) if candidates.gallery_like(CALIBRATION) else ([], [])
        subjects = choose_subjects(candidates)
        subjects_zh = [s.zh for s in subjects if s.zh]
        subjects_en = [s.en for s in subjects if s.en]
        imagenet = candidates.imagenet

        caption = None
        if self.settings.caption_model_dir is not None:
            captioner = self._captioner()
            caption = captioner.caption(picture)
            parts.append(f"caption:{captioner.name}")

        rgb, alpha, background = _subject_view(picture)
        colors = dominant_colors(rgb, alpha)
        parts.append("colours")
        styles = style_words(rgb, alpha, colors, background)
        parts.append("style-stats")

        keywords_en = _unique(subjects_en[:4] + ([caption] if caption else []) + [c.name_en for c in colors[:3]]
                              + styles + tags_en[:6])
        keywords_zh = _unique(subjects_zh[:4] + [c.name_zh for c in colors[:3]]
                              + [STYLE_WORDS.get(s, s) for s in styles] + tags_zh[:6])
        return Description(subjects=subjects, subjects_zh=subjects_zh, subjects_en=subjects_en, colors=colors, styles=styles,
                           keywords_zh=keywords_zh, keywords_en=keywords_en, caption=caption,
                           imagenet=[(label, round(float(p), 4)) for label, p in imagenet],
                           backend="+".join(parts), notes=notes)


    def subject_candidates(self, picture: Image.Image, retriever: Any = None) -> tuple[SubjectCandidates, list[str], list[str]]:
        """(candidates, backend parts used, notes): the 5 nearest gallery images and ImageNet's top 5."""
        parts: list[str] = []
        notes: list[str] = []
        candidates = SubjectCandidates()
        if retriever is not None:
            try:
                candidates.hits = retriever.search_image(picture, k=5)
                parts.append("gallery")
            except (HuabaoError, OSError, RuntimeError) as err:
                notes.append(f"gallery captions unavailable: {err}")
        else:
            notes.append("no gallery index: subjects from ImageNet labels only (run `huabao index`)")
        try:
            candidates.imagenet = self._classifier().classify(picture, top=5)[0]
            parts.append("imagenet:efficientnet-lite0")
        except (HuabaoError, ImportError, RuntimeError, OSError) as err:
            notes.append(f"ImageNet labels unavailable: {err}")
        if retriever is not None and candidates.imagenet and not candidates.gallery_like(CALIBRATION):
            candidates.imagenet_zh = chinese_names(retriever, [label for label, p in candidates.imagenet if p >= 0.02])
        return candidates, parts, notes


def chinese_names(retriever: Any, labels: list[str]) -> dict[str, str]:
    """ImageNet label → the Chinese label of the gallery symbol that names it: the whole label
    (lion → 狮子, motor scooter → 小型摩托车, coffee mug → 热饮), else its head noun, the last word
    (Egyptian cat → 猫). Only a symbol whose own names explain the label counts (the calibrated subject
    coverage of tools/retrieval/subject_coverage.py, against `subject_match_threshold`, the bar
    the agent uses for a brief's subject), never a look-alike."""
    from tools.retrieval.synonyms import load_synonyms
    from tools.retrieval.subject_coverage import subject_coverage

    settings = getattr(retriever, "settings", None)
    threshold = (settings.subject_match_threshold if settings is not None
                 else Settings.model_fields["subject_match_threshold"].default)
    synonyms = load_synonyms(getattr(settings, "prompts_dir", None))
    found: dict[str, str] = {}
    for label in labels:
        words = label.replace("_", " ").split()
        for phrase in dict.fromkeys([" ".join(words), words[-1] if words else ""]):
            if not phrase:
                continue
            try:
                hits = retriever.search_text(phrase, k=1)
            except (HuabaoError, OSError, RuntimeError):
                return found
            if hits and subject_coverage(phrase, [hits[0].label_zh, hits[0].label_en, *hits[0].tags],
                                         synonyms) >= threshold:
                found[label.replace("_", " ")] = _base_label(hits[0].label_zh)
                break
    return found


def describe(settings: Settings, image: Image.Image | str | Path | bytes, retriever: Any = None, *,
             describer: Describer | None = None) -> Description:
    """Describe `image` as keywords; pass a `Retriever` over an index for gallery captions."""
    return (describer or Describer(settings)).describe(image, retriever)


# ------------------------------------------------------------------ captioning model
class CaptionModel:
    """A transformers image-captioning model from a local folder (never downloaded)."""

    def __init__(self, directory: Path, device: str = "cpu", *, max_new_tokens: int = 30):
        if not directory.is_dir() or not (directory / "config.json").is_file():
            raise BackendUnavailable(f"caption model folder {directory} has no config.json (HUABAO_CAPTION_MODEL_DIR)")
        try:
            import torch  # noqa: F401
            from transformers import AutoImageProcessor, AutoModelForImageTextToText, AutoProcessor, AutoTokenizer
        except ImportError as err:
            raise BackendUnavailable("transformers and torch are needed for the caption model") from err
        self.name = directory.name
        self.device = device
        self.max_new_tokens = max_new_tokens
        try:
            self.model = AutoModelForImageTextToText.from_pretrained(directory, local_files_only=True).eval().to(device)
        except Exception as err:
            raise BackendUnavailable(f"could not load a captioning model from {directory}: {err}") from err
        try:
            processor = AutoProcessor.from_pretrained(directory, local_files_only=True)
            if not hasattr(processor, "image_processor"):
                raise TypeError("not a multimodal processor")
            self.image_processor = processor.image_processor
            self.tokenizer = processor.tokenizer
        except Exception:  # vision-encoder-decoder folders ship the two halves separately
            try:
                self.image_processor = AutoImageProcessor.from_pretrained(directory, local_files_only=True)
                self.tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
            except Exception as err:
                raise BackendUnavailable(f"no image processor/tokenizer in {directory}: {err}") from err

    def caption(self, image: Image.Image) -> str:
        import torch

        from tools.retrieval.embedders.efficientnet import flatten_alpha

        inputs = self.image_processor(images=flatten_alpha(image), return_tensors="pt")
        pixel_values = inputs["pixel_values"].to(self.device)
        with torch.inference_mode():
            output = self.model.generate(pixel_values=pixel_values, max_new_tokens=self.max_new_tokens,
                                         do_sample=False, num_beams=1)
        return self.tokenizer.batch_decode(output, skip_special_tokens=True)[0].strip()


# ------------------------------------------------------------------ gallery captions
def _base_label(label: str) -> str:
    return label.split(":")[0].strip()


def _tags_from_hits(hits: list[Any]) -> tuple[list[str], list[str]]:
    """The neighbours' tags, zh and en, nearer neighbours weighing more."""
    tags_zh: Counter[str] = Counter()
    tags_en: Counter[str] = Counter()
    for rank, hit in enumerate(hits):
        for tag in hit.tags:
            (tags_zh if any("\u3400" <= ch <= "\u9fff" for ch in tag) else tags_en)[tag] += 1.0 / (rank + 1)
    ordered = lambda counter: [t for t, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]  # noqa: E731
    return ordered(tags_zh), ordered(tags_en)


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(w for w in words if w))


# ------------------------------------------------------------------ colours and style
def _subject_view(image: Image.Image) -> tuple[np.ndarray, np.ndarray, str]:
    """(RGB float32, alpha 0..1, background kind) at ANALYSIS_SIDE."""
    rgba = image.convert("RGBA")
    scale = ANALYSIS_SIDE / max(rgba.size)
    if scale < 1:
        rgba = rgba.resize((max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale))), Image.LANCZOS)
    arr = np.asarray(rgba, dtype=np.float32)
    if has_meaningful_alpha(image):
        return arr[..., :3], arr[..., 3] / 255.0, "transparent"
    from tools.cutout.classic import ClassicBackend

    found = ClassicBackend(work_side=256).mask(arr[..., :3].astype(np.uint8))
    share = float((found.alpha > 0.5).mean())
    if found.mode == "plain" and 0.03 <= share <= 0.9:
        background = arr[..., :3][found.alpha < 0.1]
        white = background.size and float(np.median(background.min(axis=1))) > 235
        return arr[..., :3], found.alpha, "white" if white else "plain"
    return arr[..., :3], np.ones(arr.shape[:2], np.float32), "scene"


def _kmeans(points: np.ndarray, k: int, iterations: int = 15) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic k-means (farthest-point init). → (centres, labels)."""
    centres = [points.mean(axis=0)]
    for _ in range(1, k):
        d = np.min(((points[:, None, :] - np.array(centres)[None]) ** 2).sum(-1), axis=1)
        if d.max() < 25.0:  # everything within 5 ΔE of a centre: no more colours to find
            break
        centres.append(points[int(np.argmax(d))])
    centres_arr = np.array(centres, dtype=np.float32)
    labels = np.zeros(len(points), np.int64)
    for _ in range(iterations):
        labels = np.argmin(((points[:, None, :] - centres_arr[None]) ** 2).sum(-1), axis=1)
        new = np.array([points[labels == j].mean(axis=0) if (labels == j).any() else centres_arr[j]
                        for j in range(len(centres_arr))], dtype=np.float32)
        if np.allclose(new, centres_arr, atol=0.05):
            break
        centres_arr = new
    return centres_arr, labels


def dominant_colors(rgb: np.ndarray, alpha: np.ndarray, *, k: int = 6, min_share: float = 0.05) -> list[ColorShare]:
    """Subject colours (k-means in Lab), named with the brief vocabulary, largest first."""
    import cv2

    subject = alpha > 0.5
    if subject.sum() < 16:
        subject = np.ones_like(subject)
    lab = cv2.cvtColor(rgb / 255.0, cv2.COLOR_RGB2Lab)[subject]
    pixels = rgb[subject]
    step = max(1, len(lab) // 12000)
    lab, pixels = lab[::step], pixels[::step]
    centres, labels = _kmeans(lab, k)
    merged: dict[str, list[float]] = {}
    for j in range(len(centres)):
        members = labels == j
        share = float(members.mean())
        if share <= 0:
            continue
        mean_rgb = tuple(int(round(v)) for v in pixels[members].mean(axis=0))
        named = nearest_color(mean_rgb)  # type: ignore[arg-type]
        slot = merged.setdefault(named.key, [0.0, 0.0, 0.0, 0.0])
        slot[0] += share
        for c in range(3):
            slot[c + 1] += share * mean_rgb[c]
    from tools.colors import color_by_key

    result = []
    for key, (share, r, g, b) in sorted(merged.items(), key=lambda kv: -kv[1][0]):
        if share < min_share:
            continue
        named = color_by_key(key)
        mean = (round(r / share), round(g / share), round(b / share))
        result.append(ColorShare(name_zh=named.zh, name_en=named.en, hex="#{:02x}{:02x}{:02x}".format(*mean),
                                 share=round(share, 4), key=key))
    return result


def style_words(rgb: np.ndarray, alpha: np.ndarray, colors: list[ColorShare], background: str) -> list[str]:
    """Style words from measurements of the subject (not a model):
    painted texture → painterly; shading inside flat colour regions → 3D (smooth: + clay);
    almost no shading with few colours → flat; many colours and texture on a full scene → photo;
    bright low-chroma specks on a shaded surface → glossy; mean saturation → vivid / pastel."""
    import cv2

    lab = cv2.cvtColor(rgb / 255.0, cv2.COLOR_RGB2Lab)
    lightness = lab[..., 0]
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    inner = cv2.erode((alpha > 0.9).astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    if inner.sum() < 100:
        inner = alpha > 0.5
    if inner.sum() < 16:
        return []
    smooth = cv2.GaussianBlur(lightness, (0, 0), 0.8)
    texture = float(np.median(np.abs(cv2.Laplacian(smooth, cv2.CV_32F, ksize=3))[inner]))
    # shading: lightness spread inside each chroma/hue region (a flat icon has ~none)
    blurred = cv2.GaussianBlur(lightness, (0, 0), 2.0)
    gradient = np.hypot(cv2.Sobel(blurred, cv2.CV_32F, 1, 0), cv2.Sobel(blurred, cv2.CV_32F, 0, 1))
    shaded = float((gradient[inner] > 0.6).mean())
    flat_share = float((gradient[inner] < 0.15).mean())
    highlights = float(((lightness > 90) & (chroma < 12))[inner].mean())
    saturation = float(np.median(chroma[inner]))

    words: list[str] = []
    if texture > 2.2:
        words.append("photo" if background == "scene" and len(colors) >= 4 else "painterly")
    elif flat_share > 0.7 and shaded < 0.25 and len(colors) <= 4:
        words += ["flat", "minimal"] if len(colors) <= 2 else ["flat"]
    elif shaded > 0.35:
        words.append("3D")
        if texture < 1.2 and highlights < 0.04:
            words.append("clay")
        if background in ("transparent", "white", "plain") and texture < 1.5:
            words.append("cartoon")
    if highlights >= 0.01 and "flat" not in words and texture < 2.2:
        words.append("glossy")
    elif "3D" in words and highlights < 0.003:
        words.append("matte")
    if saturation > 45:
        words.append("vivid")
    elif 12 < saturation <= 30 and float(np.median(lightness[inner])) > 65:
        words.append("pastel")
    if len([c for c in colors if c.share >= 0.1]) >= 4:
        words.append("colorful")
    if background == "transparent":
        words.append("transparent background")
    elif background == "white":
        words.append("white background")
    return words

