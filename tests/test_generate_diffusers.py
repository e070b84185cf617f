"""The diffusers backend, proven with a tiny randomly initialised Stable Diffusion built here.

Like diffusers' own tests: a tiny UNet, VAE and CLIP text encoder with a tokenizer made from a
hand-written vocabulary, saved with `save_pretrained` into a temporary folder and loaded back
through `AutoPipelineForImage2Image.from_pretrained(local_files_only=True)`. Nothing downloads.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tools.errors import BackendUnavailable
from tools.generate import Generator, generate

SIZE = (64, 64)


def _tokenizer():
    from transformers import CLIPTokenizer

    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for ch in letters:
        vocab[ch] = len(vocab)
    for ch in letters:
        vocab[ch + "</w>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=16), len(vocab)


def build_tiny_sd(folder: Path) -> Path:
    """A tiny SD(-turbo-like) pipeline saved to `folder`: Euler 'trailing' scheduler, 8/16 channels."""
    import torch
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    tokenizer, vocab_size = _tokenizer()
    unet = UNet2DConditionModel(
        block_out_channels=(8, 16), layers_per_block=1, sample_size=16, in_channels=4,
        out_channels=4, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=16, norm_num_groups=4,
        attention_head_dim=2)
    vae = AutoencoderKL(block_out_channels=[8, 16], in_channels=3, out_channels=3,
                        down_block_types=["DownEncoderBlock2D"] * 2, up_block_types=["UpDecoderBlock2D"] * 2,
                        latent_channels=4, norm_num_groups=4, sample_size=32)
    text_encoder = CLIPTextModel(CLIPTextConfig(
        bos_token_id=0, eos_token_id=1, pad_token_id=1, hidden_size=16, intermediate_size=20,
        num_attention_heads=2, num_hidden_layers=2, vocab_size=vocab_size, max_position_embeddings=16))
    scheduler = EulerDiscreteScheduler(timestep_spacing="trailing", beta_schedule="scaled_linear",
                                       beta_start=0.00085, beta_end=0.012, steps_offset=1)
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
                                   scheduler=scheduler, safety_checker=None, feature_extractor=None,
                                   requires_safety_checker=False)
    pipe.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    saved = {key: os.environ.get(key) for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    os.environ["HF_HUB_OFFLINE"] = os.environ["TRANSFORMERS_OFFLINE"] = "1"  # any download attempt fails
    yield build_tiny_sd(tmp_path_factory.mktemp("tiny-sd"))
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def tiny_generator(tiny_model, tmp_path_factory):
    from tools.config import Settings

    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("data"), diffusers_model=tiny_model,
                        device="cpu")
    return Generator(settings)


def reference() -> Image.Image:
    ramp = np.linspace(0, 255, SIZE[0], dtype=np.float32)
    array = np.stack([np.tile(ramp, (SIZE[1], 1)), np.full(SIZE, 80.0), np.tile(ramp[:, None], (1, SIZE[0]))], -1)
    return Image.fromarray(array.astype(np.uint8), "RGB")


def test_img2img_candidates_have_the_asked_size_and_honest_names(tiny_generator):
    candidates = tiny_generator.generate("gift box", reference(), n=2, seeds=[1, 2], size=SIZE)
    assert [c.seed for c in candidates] == [1, 2]
    assert all(c.backend == "diffusers:img2img" for c in candidates)
    assert all(c.image.size == SIZE and c.image.mode == "RGB" for c in candidates)
    params = candidates[0].params
    assert params["mode"] == "img2img" and params["guidance_scale"] == 0.0
    assert params["denoising_steps"] >= 1 and params["device"] == "cpu"


def test_same_seed_same_image_and_seeds_differ(tiny_generator):
    first = tiny_generator.generate("gift box", reference(), n=2, seeds=[7, 8], size=SIZE)
    again = tiny_generator.generate("gift box", reference(), n=1, seeds=[7], size=SIZE)
    assert first[0].image.tobytes() == again[0].image.tobytes()
    assert first[0].image.tobytes() != first[1].image.tobytes()


def test_reference_weight_changes_the_output(tiny_generator):
    keep = tiny_generator.generate("gift box", reference(), reference_weight=0.9, n=1, seeds=[3], size=SIZE)[0]
    free = tiny_generator.generate("gift box", reference(), reference_weight=0.2, n=1, seeds=[3], size=SIZE)[0]
    assert keep.params["strength"] == pytest.approx(0.1) and free.params["strength"] == pytest.approx(0.8)
    assert keep.image.tobytes() != free.image.tobytes()
    ref = np.asarray(reference(), np.float32)
    distance = lambda c: float(np.abs(np.asarray(c.image, np.float32) - ref).mean())  # noqa: E731
    assert distance(keep) < distance(free), "a higher reference weight stays closer to the reference"


def test_txt2img_without_reference(tiny_generator):
    candidates = tiny_generator.generate("red gift", n=1, seeds=[0], size=SIZE)
    assert candidates[0].backend == "diffusers:txt2img" and candidates[0].image.size == SIZE


def test_palette_and_style_words_join_the_prompt(tiny_generator):
    palette = [(230, 57, 48), (255, 204, 41)]
    candidate = tiny_generator.generate("gift box", reference(), n=1, palette=palette, style="clay", size=SIZE)[0]
    assert candidate.prompt == "gift box, red and yellow color scheme, clay"


def test_one_pipeline_is_loaded_and_reused(tiny_generator):
    tiny_generator.generate("a", reference(), n=1, size=SIZE)
    pipe = tiny_generator.diffusers._img2img
    tiny_generator.generate("b", n=1, size=SIZE)
    assert tiny_generator.diffusers._img2img is pipe
    assert tiny_generator.diffusers._txt2img.unet is pipe.unet, "txt2img shares the loaded components"


def test_generate_function_with_the_tiny_model(tiny_generator):
    candidates = generate(tiny_generator.settings, "box", reference(), n=1, size=SIZE, generator=tiny_generator)
    assert candidates[0].backend == "diffusers:img2img"


def test_missing_model_folder_is_a_clear_error(settings, tmp_path):
    configured = settings.model_copy(update={"diffusers_model": tmp_path / "no-model"})
    with pytest.raises(BackendUnavailable, match="model_index.json"):
        generate(configured, "x", reference())
