"""The one settings object. Every layer reads it; it is built once at a surface and passed down.

Values come from `HUABAO_*` environment variables and a `.env` file in the working directory.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HUABAO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # -- where things live
    data_dir: Path = Field(Path("data"), description="Gallery, index and job store live here.")
    output_dir: Path = Field(Path("out"), description="Posters and their PSD/spec files.")
    prompts_dir: Path | None = Field(
        None, description="Extra prompt templates (YAML) beside the shipped ones."
    )

    # -- LLM (any OpenAI-compatible endpoint); unset base_url/model means the offline planner
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0
    llm_max_retries: int = 2
    llm_brief_extraction: bool = Field(
        True, description="With an LLM configured, it reads the brief (structured output); copy it returns is kept "
                          "only when it occurs verbatim in the brief, and no rule-found field is dropped. "
                          "HUABAO_LLM_BRIEF_EXTRACTION=false keeps the rules' reading alone (one request less per brief).")
    brief_tagger: bool = Field(
        True, description="The learned copy reader (agent/brief_copy/tagger.py) beside the rules: its reading is taken "
                          "when it is sure of every field and finds the rules' clearly less likely (docs/benchmarks.md). "
                          "HUABAO_BRIEF_TAGGER=false reads with the rules alone (about 2 ms less a brief).")
    # -- the local model (`huabao llm install` / `huabao llm serve`, tools/local_llm.py)
    llm_local_model: Literal["1.5b", "0.5b"] = Field("1.5b", description="Which installed Qwen2.5-Coder GGUF `huabao llm serve` runs.")
    llm_local_port: int = Field(8012, ge=1, le=65535, description="Port of the local model's endpoint on 127.0.0.1.")
    llm_local_threads: int | None = Field(None, ge=1, description="CPU threads llama.cpp uses; empty: all cores.")
    llm_local_context: int = Field(8192, ge=2048, description="Context size in tokens (prompt + tool results + answer).")
    llm_local_gpu_layers: int | None = Field(
        None, description="Layers offloaded to the GPU (-1 all, 0 none); empty: all when CUDA is present, else none.")
    agent_max_rounds: int = 3
    # Calibrated by bench/subject_threshold.py on the sample gallery: 250 subjects it has, 86 it lacks;
    # chosen on dev (1.000), test accuracy 1.000. Re-run it after the gallery or the retriever changes.
    subject_match_threshold: float = Field(
        0.83, ge=0.0, le=1.0,
        description="How much of a subject the brief names (0..1, see agent/subject_match.py) a gallery image's "
                    "names must explain to count as that subject; below it the result reports subject_not_found.")

    # -- local model weights (never downloaded at run time)
    cnclip_checkpoint_dir: Path | None = None
    cnclip_model: Literal["ViT-B-16", "ViT-L-14", "ViT-L-14-336", "ViT-H-14", "RN50"] = "ViT-B-16"
    dinov2_model_dir: Path | None = None
    diffusers_model: Path | None = Field(None, description="Local diffusers dir, e.g. SD-turbo.")
    rembg_model_file: Path | None = Field(None, description="Local ONNX file for rembg.")
    rembg_model: str = Field(
        "isnet-general-use", description="rembg session kind the model file belongs to."
    )
    cutout_photo_model: Literal["auto", "u2netp", "u2net"] = Field(
        "auto", description="Model the embedded cutout runs where the image border is not uniform: auto = the full "
                            "U²-Net once `huabao cutout-model --u2net` installed it, else u2netp (installed by `make gallery`).")
    caption_model_dir: Path | None = None
    device: Literal["auto", "cpu", "cuda"] = "auto"

    # -- retrieval
    embed_backend: Literal["auto", "offline", "cnclip", "dinov2"] = "auto"
    vector_store: Literal["faiss", "milvus"] = "faiss"
    search_rerank: bool = Field(
        True, description="Text search lets the re-ranker fitted on the dev queries (prompts/lexicon/search_rerank.json) "
                          "choose which of its fused list's first ten images goes first; false: the fused order alone.")
    search_adapter: bool = Field(
        True, description="Text search turns the query vector by the adapter fitted on the dev queries "
                          "(prompts/lexicon/search_adapter.npz) before the dense channel; false: e5's plain query.")
    milvus_uri: str | None = None
    milvus_token: str | None = None
    ray_address: str | None = None
    max_image_pixels: int = Field(40_000_000, description="Decompression-bomb guard.")

    # -- work limits: a spec or request over one is refused before anything is allocated
    max_canvas_px: int = Field(8000, ge=1, description="Largest canvas side and layer box side, in pixels.")
    max_layers: int = Field(100, ge=1, description="Most layers in one poster spec.")
    max_font_px: int = Field(2000, ge=1, description="Largest text size and text outline, in pixels.")
    max_blur_px: int = Field(500, ge=0, description="Largest shadow blur radius, in pixels.")
    max_spec_bytes: int = Field(2_000_000, ge=1, description="Largest spec.json file, in bytes.")

    # -- typography
    font_path: Path | None = Field(None, description="Regular CJK font file.")
    font_bold_path: Path | None = Field(None, description="Bold CJK font file for titles.")

    # -- serving and batch
    api_tokens: Annotated[list[str], NoDecode] = Field(default_factory=list)
    admin_tokens: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Tokens that may also edit the shared templates (comma-separated)."
    )
    tokens_db: Path | None = Field(
        None, description="The named-token store (`huabao tokens`); default <data_dir>/tokens.sqlite3."
    )
    workers: int = Field(default_factory=_default_workers)
    max_body_bytes: int = 8 * 1024 * 1024
    max_batch_briefs: int = 500
    max_brief_chars: int = 2000
    export_editable: bool = Field(
        True, description="Write the PSD and SVG with every exported poster; false: PNG + spec + layer "
                          "sources only, the PSD and SVG made later from the spec (a batch does this).")
    batch_psd: bool = Field(
        False, description="`huabao batch --psd`: a batch writes every PSD and SVG as it runs instead of on demand.")
    brand: str | None = Field(
        None, description="A brand kit every poster uses unless its brief names another: a name in prompts/brands "
                          "(or HUABAO_PROMPTS_DIR/brands, data_dir/brands) or a .yaml path (`huabao batch --brand`).")

    index_type: str = Field("auto", description="Vector index: auto (by size), flat, hnsw, ivf, ivfpq.")

    @field_validator("api_tokens", "admin_tokens", mode="before")
    @classmethod
    def _split_tokens(cls, value: object) -> object:
        if isinstance(value, str):
            return [token.strip() for token in value.split(",") if token.strip()]
        return value

    # -- derived paths
    @property
    def gallery_dir(self) -> Path:
        return self.data_dir / "gallery"

    @property
    def gallery_metadata(self) -> Path:
        return self.gallery_dir / "metadata.jsonl"

    @property
    def uploads_dir(self) -> Path:
        """Uploaded images (API briefs' `image`); see tools.paths.uploads_root for one identity's."""
        return self.data_dir / "uploads"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def jobs_db(self) -> Path:
        return self.data_dir / "jobs.sqlite3"

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    def resolved_device(self) -> str:
        """`auto` means CUDA when torch sees a GPU; torch is imported only when asked."""
        if self.device != "auto":
            return self.device
        try:
            import torch
        except ImportError:
            return "cpu"
        return "cuda" if torch.cuda.is_available() else "cpu"
