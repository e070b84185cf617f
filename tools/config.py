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
    agent_max_rounds: int = 3

    # -- local model weights (never downloaded at run time)
    cnclip_checkpoint_dir: Path | None = None
    cnclip_model: Literal["ViT-B-16", "ViT-L-14", "ViT-L-14-336", "ViT-H-14", "RN50"] = "ViT-B-16"
    dinov2_model_dir: Path | None = None
    diffusers_model: Path | None = Field(None, description="Local diffusers dir, e.g. SD-turbo.")
    diffusers_inpaint_model: Path | None = None
    rembg_model_file: Path | None = Field(None, description="Local ONNX file for rembg.")
    rembg_model: str = Field(
        "isnet-general-use", description="rembg session kind the model file belongs to."
    )
    caption_model_dir: Path | None = None
    device: Literal["auto", "cpu", "cuda"] = "auto"

    # -- retrieval
    embed_backend: Literal["auto", "offline", "cnclip", "dinov2"] = "auto"
    vector_store: Literal["faiss", "milvus"] = "faiss"
    milvus_uri: str | None = None
    milvus_token: str | None = None
    ray_address: str | None = None
    max_image_pixels: int = Field(40_000_000, description="Decompression-bomb guard.")

    # -- typography
    font_path: Path | None = Field(None, description="Regular CJK font file.")
    font_bold_path: Path | None = Field(None, description="Bold CJK font file for titles.")

    # -- serving and batch
    api_tokens: Annotated[list[str], NoDecode] = Field(default_factory=list)
    workers: int = Field(default_factory=_default_workers)
    max_body_bytes: int = 8 * 1024 * 1024
    max_batch_briefs: int = 500
    max_brief_chars: int = 2000

    index_type: str = Field("auto", description="Vector index: auto (by size), flat, hnsw, ivf, ivfpq.")

    @field_validator("api_tokens", mode="before")
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
