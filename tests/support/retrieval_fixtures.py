"""Test helpers for retrieval: small galleries made in code, bad files, and a cheap embedder.

`FakeEmbedder` implements the real Embedder interface with arithmetic instead of models, so the
ingestion mechanics (incremental, resume, atomic commit) are tested fast; search quality is
tested with the real offline embedder in test_retrieval_search.py.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from tools.config import Settings
from tools.retrieval.embedders import colour
from tools.retrieval.embedders.base import COLOR_FIELD, Embedder, ImageBatch, l2_normalise

SHAPES = {  # name → (zh, en, colour)
    "red-circle": ("红色圆形", "red circle", (220, 40, 40)),
    "blue-square": ("蓝色方块", "blue square", (40, 80, 220)),
    "green-triangle": ("绿色三角形", "green triangle", (40, 170, 60)),
    "yellow-star": ("黄色星星", "yellow star", (240, 200, 30)),
    "purple-ring": ("紫色圆环", "purple ring", (140, 70, 200)),
    "orange-diamond": ("橙色菱形", "orange diamond", (250, 130, 30)),
    "black-cross": ("黑色十字", "black cross", (20, 20, 20)),
    "pink-heart": ("粉色爱心", "pink heart", (250, 110, 170)),
    "cyan-bar": ("青色横条", "cyan bar", (40, 190, 210)),
    "gray-moon": ("灰色月亮", "gray crescent moon", (130, 130, 140)),
}


def draw_shape(name: str, size: int = 128) -> Image.Image:
    _, _, rgb = SHAPES[name]
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    s = size
    fill = (*rgb, 255)
    if name.endswith("circle"):
        d.ellipse((s * .15, s * .15, s * .85, s * .85), fill=fill)
    elif name.endswith("square"):
        d.rectangle((s * .2, s * .2, s * .8, s * .8), fill=fill)
    elif name.endswith("triangle"):
        d.polygon([(s * .5, s * .1), (s * .9, s * .85), (s * .1, s * .85)], fill=fill)
    elif name.endswith("star"):
        points = []
        for i in range(10):
            radius = s * (.42 if i % 2 == 0 else .18)
            angle = np.pi / 2 + i * np.pi / 5
            points.append((s / 2 + radius * np.cos(angle), s / 2 - radius * np.sin(angle)))
        d.polygon(points, fill=fill)
    elif name.endswith("ring"):
        d.ellipse((s * .1, s * .1, s * .9, s * .9), fill=fill)
        d.ellipse((s * .3, s * .3, s * .7, s * .7), fill=(0, 0, 0, 0))
    elif name.endswith("diamond"):
        d.polygon([(s * .5, s * .05), (s * .9, s * .5), (s * .5, s * .95), (s * .1, s * .5)], fill=fill)
    elif name.endswith("cross"):
        d.rectangle((s * .4, s * .1, s * .6, s * .9), fill=fill)
        d.rectangle((s * .1, s * .4, s * .9, s * .6), fill=fill)
    elif name.endswith("heart"):
        d.ellipse((s * .1, s * .2, s * .52, s * .6), fill=fill)
        d.ellipse((s * .48, s * .2, s * .9, s * .6), fill=fill)
        d.polygon([(s * .12, s * .48), (s * .88, s * .48), (s * .5, s * .9)], fill=fill)
    elif name.endswith("bar"):
        d.rectangle((s * .05, s * .4, s * .95, s * .6), fill=fill)
    elif name.endswith("moon"):
        d.ellipse((s * .1, s * .1, s * .9, s * .9), fill=fill)
        d.ellipse((s * .35, s * .05, s * .95, s * .75), fill=(0, 0, 0, 0))
    return image


def make_shapes_gallery(folder: Path, names: list[str] | None = None, *, metadata: bool = True) -> Path | None:
    """PNG shapes in folder/shapes/ and (optionally) folder/metadata.jsonl with zh/en labels."""
    names = names or list(SHAPES)
    (folder / "shapes").mkdir(parents=True, exist_ok=True)
    rows = []
    for name in names:
        draw_shape(name).save(folder / "shapes" / f"{name}.png")
        zh, en, _ = SHAPES[name]
        rows.append({"path": f"shapes/{name}.png", "id": name, "label_zh": zh, "label_en": en,
                     "tags": [en.split()[-1], zh[-2:]]})
    if not metadata:
        return None
    path = folder / "metadata.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def copy_sample_icons(sample_gallery: Path, folder: Path, hexcodes: list[str]) -> Path:
    """A few real icons and their metadata rows copied from the installed sample gallery."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    wanted = {f"images/{h}.webp" for h in hexcodes}
    rows = []
    for line in (sample_gallery / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["path"] in wanted:
            shutil.copy(sample_gallery / row["path"], folder / row["path"])
            rows.append(line)
    path = folder / "metadata.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def prepare_fake(image: Image.Image) -> dict[str, np.ndarray]:
    rgb = image.convert("RGB").resize((4, 4), Image.BILINEAR)
    return {"pixels": (np.asarray(rgb, np.float32) / 255.0).reshape(-1)[:16]}


def text_vector(text: str, dim: int = 8) -> np.ndarray:
    vector = np.zeros(dim, np.float32)
    for ch in text:
        vector[int(hashlib.md5(ch.encode()).hexdigest(), 16) % dim] += 1.0
    return vector


class FakeEmbedder(Embedder):
    """Cheap, deterministic vectors through the real interface. `fail_on_batch=n` raises on the
    n-th image batch (1-based) to simulate a crash mid-run; `batches` counts image batches."""

    backend = "fake"

    def __init__(self, settings: Settings, *, fail_on_batch: int | None = None, version: str = "1"):
        super().__init__(settings)
        self.fail_on_batch = fail_on_batch
        self._version = version
        self.batches = 0
        self.images_embedded = 0

    label = property(lambda self: "fake: pixels+chars")
    version = property(lambda self: f"fake-{self._version}")
    fields = property(lambda self: {"text": 8, "image": 16, COLOR_FIELD: colour.DIM})
    text_weights = property(lambda self: {"text": 1.0})
    image_weights = property(lambda self: {"image": 0.8, COLOR_FIELD: 0.2})

    def preparer(self) -> Callable[[Image.Image], dict[str, np.ndarray]]:
        return partial(prepare_fake)

    def embed_images(self, batch: ImageBatch, describe: list[bool]):
        self.batches += 1
        if self.fail_on_batch is not None and self.batches >= self.fail_on_batch:
            raise RuntimeError("simulated crash while embedding")
        self.images_embedded += len(batch)
        image = l2_normalise(batch.arrays["pixels"] + 1e-3)
        return {"image": image, COLOR_FIELD: batch.colour}, [[("thing", 0.9)] if d else None for d in describe]

    def embed_documents(self, documents: list[str]) -> dict[str, np.ndarray]:
        return {"text": l2_normalise(np.stack([text_vector(d) + 1e-3 for d in documents]))}

    def embed_queries(self, texts: list[str]) -> dict[str, np.ndarray]:
        return {"text": l2_normalise(np.stack([text_vector(t) + 1e-3 for t in texts]))}


def assert_generation_still_serves(settings: Settings, manifest: dict, count: int = 2):
    """After a run that died before its commit: the manifest still names `manifest`'s generation,
    and that generation answers searches (the shapes gallery with the blue square indexed).
    Returns the retriever that searched it."""
    from tools.retrieval import Retriever
    from tools.retrieval.index import read_manifest

    assert read_manifest(settings.index_dir)["generation"] == manifest["generation"]
    retriever = Retriever(settings, embedder=FakeEmbedder(settings))
    assert retriever.count == count
    assert retriever.search_image(draw_shape("blue-square"), k=1)[0].id == "shapes/blue-square.png"
    return retriever


def indexed_icons(root: Path, sample_gallery: Path, hexcodes: list[str]):
    """A Retriever over these sample-gallery icons only, indexed with the offline embedder."""
    from tools.retrieval import Retriever, index_folder
    from tools.retrieval.embedders.offline import OfflineEmbedder

    settings = Settings(_env_file=None, data_dir=root / "data")
    offline = OfflineEmbedder(Settings(_env_file=None, data_dir=root / "unused"))
    metadata = copy_sample_icons(sample_gallery, root / "gallery", hexcodes)
    index_folder(settings, root / "gallery", metadata=metadata, progress=False, num_workers=0, embedder=offline)
    return Retriever(settings, embedder=offline)


def fused_only(retriever):
    """The same index searched in fusion's own order, without the learned re-ranker's choice of the
    first image (tools/retrieval/rerank.py): for tests of the fusion rules themselves, which the
    re-ranker, fitted on the dev queries, sometimes overrules (measured in bench/retrieval_quality.py)."""
    from tools.retrieval import Retriever

    return Retriever(retriever.settings.model_copy(update={"search_rerank": False}), embedder=retriever._embedder)


def base_labels(hits) -> list[str]:
    """The hits' English labels without their variant (skin tone, hair)."""
    return [h.label_en.split(":")[0] for h in hits]


def named_labels(hits) -> list[str]:
    """`base_labels` of the hits the query names."""
    return base_labels(h for h in hits if h.metadata["matched_by"] == "named")


def first_label(retriever, query: str) -> str:
    """The base label of the first hit for a text query."""
    return base_labels(retriever.search_text(query, k=3))[0]


def first_named(retriever, query: str) -> list[str]:
    """The base label of the first hit the query names, as a list (empty when no hit is named)."""
    return named_labels(retriever.search_text(query, k=5))[:1]
