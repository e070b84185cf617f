"""Embedding backends: shapes, L2 norms, single vs batched agreement, local-only loading.

cn_clip models are built from cn_clip's own configs with random weights and DINOv2 from a tiny
random config saved to a temp folder: nothing is downloaded.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from support.retrieval_fixtures import draw_shape, make_shapes_gallery  # first: tools.retrieval sets OMP_WAIT_POLICY before torch loads
import torch  # noqa: E402,I001
from tools.config import Settings
from tools.errors import BackendUnavailable
from tools.retrieval import Retriever, index_folder
from tools.retrieval.embedders import default_backend, new_embedder
from tools.retrieval.embedders.base import ImageBatch
from tools.retrieval.embedders.colour import colour_features
from tools.retrieval.embedders.efficientnet import EfficientNetLite0, imagenet_categories

IMAGES = [draw_shape("red-circle"), draw_shape("blue-square", 200).convert("RGB"), draw_shape("yellow-star")]


def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("tried to download weights")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", refuse)
    monkeypatch.setattr(torch.hub, "download_url_to_file", refuse)
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "hf_hub_download", refuse)


# ---------------------------------------------------------------- EfficientNet-lite0
@pytest.fixture(scope="module")
def effnet() -> EfficientNetLite0:
    return EfficientNetLite0("cpu")


def test_efficientnet_loads_packaged_weights_without_network(monkeypatch):
    _no_network(monkeypatch)
    model = EfficientNetLite0("cpu")
    assert model.features(IMAGES[0]).shape == (1, 1280)


def test_efficientnet_features_are_normalised_and_batch_independent(effnet):
    batch = effnet.features(IMAGES)
    assert batch.shape == (3, 1280) and batch.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(effnet.features(IMAGES[1])[0], batch[1], atol=1e-5)


def test_efficientnet_classify_gives_ranked_imagenet_labels(effnet):
    labels = effnet.classify(IMAGES, top=5)
    assert len(labels) == 3 and all(len(row) == 5 for row in labels)
    categories = set(imagenet_categories())
    for row in labels:
        assert all(name in categories for name, _ in row)
        probs = [p for _, p in row]
        assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1.0 + 1e-6


def test_imagenet_has_its_thousand_english_names():
    names = imagenet_categories()
    assert len(names) == 1000 and names[1] == "goldfish" and "espresso" in names


# ---------------------------------------------------------------- colour
def test_colour_feature_ignores_transparent_pixels_and_names_the_colour():
    vector, names = colour_features(draw_shape("red-circle"))
    assert vector.shape == (64,) and abs(np.linalg.norm(vector) - 1) < 1e-5
    assert names[0] == "red"
    on_black = Image.new("RGBA", (64, 64), (0, 0, 0, 255))
    on_black.alpha_composite(draw_shape("red-circle", 64))
    black_vector, black_names = colour_features(on_black)
    assert set(black_names) == {"red", "black"}
    assert float(black_vector @ vector) < 0.9  # the background now counts


# ---------------------------------------------------------------- cn_clip
@pytest.fixture(scope="module")
def rn50():
    from tools.retrieval.embedders.cnclip import build_model

    torch.manual_seed(0)
    return build_model("RN50")


def _cnclip(model, name: str, tmp_path: Path):
    from tools.retrieval.embedders.cnclip import CnClipEmbedder

    return CnClipEmbedder(Settings(_env_file=None, data_dir=tmp_path, device="cpu"), model=model, model_name=name)


@pytest.mark.parametrize("name, dim", [("RN50", 1024), ("ViT-B-16", 512)])
def test_cnclip_models_from_their_configs_embed_text_and_images(name, dim, tmp_path, rn50):
    from tools.retrieval.embedders.cnclip import build_model

    torch.manual_seed(0)
    model = rn50 if name == "RN50" else build_model(name)
    embedder = _cnclip(model, name, tmp_path)
    prepared = [embedder.preparer()(image) for image in IMAGES[:2]]
    images = embedder.encode_images(np.stack([p["clip"] for p in prepared]))
    texts = embedder.embed_queries(["红色圆形", "a blue square"])["clip"]
    assert images.shape == (2, dim) and texts.shape == (2, dim)
    np.testing.assert_allclose(np.linalg.norm(images, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(texts, axis=1), 1.0, atol=1e-5)
    single = embedder.encode_images(prepared[1]["clip"][None])
    np.testing.assert_allclose(single[0], images[1], atol=1e-4)
    np.testing.assert_allclose(embedder.embed_queries(["a blue square"])["clip"][0], texts[1], atol=1e-4)


def test_cnclip_config_dims_for_every_model():
    from tools.retrieval.embedders.cnclip import MODELS, model_config

    dims = {name: model_config(name)["embed_dim"] for name in MODELS}
    assert dims == {"ViT-B-16": 512, "ViT-L-14": 768, "ViT-L-14-336": 768, "ViT-H-14": 1024, "RN50": 1024}
    assert model_config("ViT-L-14-336")["image_resolution"] == 336


def test_cnclip_preprocess_matches_cn_clip_transform_on_rgb():
    from cn_clip.clip import image_transform

    from tools.retrieval.embedders.cnclip import clip_preprocess

    image = IMAGES[1]
    ours = clip_preprocess(image, 224)["clip"]
    theirs = image_transform(224)(image).numpy()
    np.testing.assert_allclose(ours, theirs, atol=2e-2)


def test_cnclip_checkpoint_round_trip_gives_the_same_vectors(tmp_path, rn50, monkeypatch):
    from tools.retrieval.embedders.cnclip import CnClipEmbedder

    _no_network(monkeypatch)
    checkpoint_dir = tmp_path / "weights"
    checkpoint_dir.mkdir()
    # cn_clip's released checkpoints are fp16 with `module.` prefixes; store it the same way.
    state = {f"module.{k}": v.half() for k, v in rn50.state_dict().items()}
    torch.save({"state_dict": state, "epoch": 1}, checkpoint_dir / "clip_cn_rn50.pt")
    reference = _cnclip(rn50, "RN50", tmp_path)
    settings = Settings(_env_file=None, data_dir=tmp_path, device="cpu", cnclip_checkpoint_dir=checkpoint_dir,
                        cnclip_model="RN50")
    loaded = CnClipEmbedder(settings)
    expected = {k: v.half().float() for k, v in rn50.state_dict().items()}
    reference.model.load_state_dict(expected)
    array = np.stack([loaded.preparer()(IMAGES[0])["clip"]])
    np.testing.assert_allclose(loaded.encode_images(array), reference.encode_images(array), atol=1e-4)
    np.testing.assert_allclose(loaded.embed_queries(["礼物"])["clip"], reference.embed_queries(["礼物"])["clip"], atol=1e-4)
    assert default_backend(settings.model_copy(update={"embed_backend": "auto"})) == "cnclip"


def test_cnclip_without_its_checkpoint_says_which_file_is_missing(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, cnclip_checkpoint_dir=tmp_path, cnclip_model="ViT-B-16")
    with pytest.raises(BackendUnavailable, match="clip_cn_vit-b-16.pt"):
        new_embedder(settings, "cnclip").embed_queries(["x"])


def test_cnclip_indexes_and_searches_a_folder(tmp_path, rn50):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", device="cpu")
    embedder = _cnclip(rn50, "RN50", tmp_path)
    make_shapes_gallery(tmp_path / "g", ["red-circle", "blue-square", "green-triangle"], metadata=False)
    report = index_folder(settings, tmp_path / "g", progress=False, num_workers=0, embedder=embedder)
    assert report.backend == "cnclip:RN50" and report.count == 3
    hits = Retriever(settings, embedder=embedder).search_image(draw_shape("blue-square"), k=1)
    assert hits[0].id == "shapes/blue-square.png"


# ---------------------------------------------------------------- DINOv2
@pytest.fixture(scope="module")
def tiny_dinov2(tmp_path_factory) -> Path:
    from transformers import Dinov2Config, Dinov2Model

    torch.manual_seed(0)
    directory = tmp_path_factory.mktemp("dinov2-tiny")
    config = Dinov2Config(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                          image_size=112, patch_size=14)
    Dinov2Model(config).save_pretrained(directory)
    (directory / "preprocessor_config.json").write_text(json.dumps(
        {"size": {"shortest_edge": 128}, "crop_size": {"height": 112, "width": 112},
         "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225]}))
    return directory


def test_dinov2_loads_a_local_folder_and_embeds_images(tiny_dinov2, tmp_path, monkeypatch):
    _no_network(monkeypatch)
    settings = Settings(_env_file=None, data_dir=tmp_path, dinov2_model_dir=tiny_dinov2, device="cpu")
    embedder = new_embedder(settings, "dinov2")
    prepared = [embedder.preparer()(image) for image in IMAGES]
    assert prepared[0]["dino"].shape == (3, 112, 112)
    vectors = embedder.encode_images(np.stack([p["dino"] for p in prepared]))
    assert vectors.shape == (3, 32)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(embedder.encode_images(prepared[2]["dino"][None])[0], vectors[2], atol=1e-4)


def test_dinov2_describes_uncaptioned_images_with_imagenet_labels(tiny_dinov2, tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, dinov2_model_dir=tiny_dinov2, device="cpu")
    embedder = new_embedder(settings, "dinov2")
    batch = ImageBatch([embedder.preparer()(IMAGES[0])], [colour_features(IMAGES[0])[0]], [["red"]])
    vectors, labels = embedder.embed_images(batch, [True])
    assert set(vectors) == {"image", "color"} and labels[0] and labels[0][0][0] in imagenet_categories()


def test_dinov2_without_a_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BackendUnavailable, match="HUABAO_DINOV2_MODEL_DIR"):
        new_embedder(Settings(_env_file=None, data_dir=tmp_path), "dinov2")


def test_unknown_backend_name_is_a_clear_error(tmp_path):
    with pytest.raises(BackendUnavailable, match="offline, cnclip, dinov2"):
        new_embedder(Settings(_env_file=None, data_dir=tmp_path), "clipper")
