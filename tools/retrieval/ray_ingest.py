"""Ingestion's decode and embed stages as a Ray Data pipeline (`huabao index DIR --ray [ADDRESS]`).

    the files to embed, in batches → decode tasks (`ImageFiles`: the local path's decode, validate
    and prepare, so a bad file gets the same reason) → an actor pool of embedders (each actor builds
    its embedder once; one GPU per actor when the cluster has GPUs) → the driver (ingest.py) saves
    each finished batch in the journal, then commits to the store as on the local path

One dataset row is one batch of files, cut from the same list in the same order as the local
DataLoader's batches, so the models see the same batches and the vectors match the local run;
the row's columns are plain bytes (pickled lists), so a bad file, a CMYK file or a backend with
other model inputs never changes the schema. Rows finish in any order: the driver keys them by file.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import logging
import pickle
from collections.abc import Iterator
from typing import Any

from tools.config import Settings
from tools.retrieval.batches import EmbeddedBatch, ImageFiles, PendingFile, embed_batch
from tools.retrieval.embedders import new_embedder
from tools.retrieval.embedders.base import Embedder


# What one decode task may hold: a batch of prepared images plus the largest image the pixel guard
# lets through, decoded. Reserving it also keeps Ray Data from fusing decoding into the embedding
# actors (it fuses stages whose resource requests are equal), so the two stages run side by side.
DECODE_MEMORY = 512 * 1024 * 1024

log = logging.getLogger("huabao.ingest")


def ray_embedded_batches(settings: Settings, todo: list[PendingFile], embedder: Embedder, *, batch_size: int,
                         address: str, actors: int | None = None, backend: str | None = None,
                         given: Embedder | None = None) -> Iterator[EmbeddedBatch]:
    """Embed `todo` on Ray; yields each batch as it finishes. `given`: an embedder object the
    actors use (pickled to them) instead of building `backend` from the settings themselves."""
    from tools import raysupport

    started = raysupport.connect(settings, address)
    try:
        yield from _pipeline(settings, todo, embedder, batch_size=batch_size, actors=actors,
                             factory=functools.partial(_make_embedder, settings, backend, given))
    finally:
        raysupport.disconnect(started)


def _make_embedder(settings: Settings, backend: str | None, given: Embedder | None) -> Embedder:
    return given if given is not None else new_embedder(settings, backend)


def pool_shape(cpus: float, gpus: float, batches: int, actors: int | None) -> tuple[int, float | None, float]:
    """(embedding actors, GPUs per actor, CPUs per actor and per decode task): one actor per GPU
    (at most); on CPUs only, one per two CPUs so the decode tasks keep the other half. Never more
    actors than batches, and always a CPU left for decoding (actors holding every CPU would wait forever for
    decoded batches); a cluster of one CPU splits it in halves."""
    if actors is None:
        actors = int(gpus) if gpus >= 1 else int(cpus) // 2
    if gpus >= 1:
        actors = min(actors, int(gpus))  # an actor waiting for a GPU that is not there stalls the pool
    share = 1.0 if cpus >= 2 else max(cpus, 0.1) / 2
    actors = min(actors, int((cpus - share) // share))
    return max(1, min(actors, batches)), (1.0 if gpus >= 1 else None), share


def _pipeline(settings: Settings, todo: list[PendingFile], embedder: Embedder, *, batch_size: int,
              actors: int | None, factory: Any) -> Iterator[EmbeddedBatch]:
    import ray
    from ray.data import ActorPoolStrategy, DataContext

    from tools import raysupport

    chunks = [todo[start:start + batch_size] for start in range(0, len(todo), batch_size)]
    rows = [{"batch": number, "items": pickle.dumps([_plain(item) for item in chunk], protocol=5)}
            for number, chunk in enumerate(chunks)]
    size, gpus_per_actor, cpus = pool_shape(raysupport.cluster_cpus(), raysupport.cluster_gpus(), len(chunks), actors)

    context = DataContext.get_current()
    saved = (context.enable_progress_bars, context.print_on_execution_start, context.raise_original_map_exception)
    # our own progress bar; a failing batch raises its own error (a GalleryError), not a wrapper
    context.enable_progress_bars, context.print_on_execution_start = False, False
    context.raise_original_map_exception = True
    try:
        dataset = (
            ray.data.from_items(rows, override_num_blocks=len(rows))  # a block per batch: decoded in parallel
            .map_batches(_decode, batch_size=1, batch_format="pyarrow", num_cpus=cpus, memory=DECODE_MEMORY,
                         fn_kwargs={"prepare": embedder.preparer(), "max_pixels": settings.max_image_pixels})
            .map_batches(_EmbedActor, batch_size=1, batch_format="pyarrow", compute=ActorPoolStrategy(size=size),
                         fn_constructor_kwargs={"factory": factory}, num_cpus=cpus, num_gpus=gpus_per_actor)
        )
    finally:
        context.enable_progress_bars, context.print_on_execution_start, context.raise_original_map_exception = saved
    quiet = logging.getLogger("ray.data")  # its progress and INFO lines would break our one progress bar
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    rows_iter = iter(dataset.iter_rows())
    failure: BaseException | None = None
    try:
        while True:
            try:
                row = next(rows_iter)
            except StopIteration:
                return
            except Exception as err:
                failure = _original(err)
                break
            if row["failed"]:
                failure = pickle.loads(row["payload"])
                break
            yield pickle.loads(row["payload"])
    finally:
        close = getattr(rows_iter, "close", None)
        if close is not None:
            close()  # stops the pipeline now, not when garbage is collected
        quiet.setLevel(level)
        _stop(dataset)
        dataset = rows_iter = close = None
        gc.collect()
    # raised out here, without Ray's traceback: it would hold the stopped pipeline alive
    raise failure.with_traceback(None)


def _stop(dataset: Any) -> None:
    """Kill the pipeline's actors now. Ray Data only lets them go when nothing refers to them any
    more, and after a failure the error's traceback (kept by a log handler, a test report) holds
    them and their CPUs or GPUs, so the next run waits for resources that do not come back.
    `_current_executor` is Ray Data's own handle for this (Dataset._synchronize_progress_bar)."""
    executor = getattr(dataset, "_current_executor", None)
    if executor is not None:
        with contextlib.suppress(Exception):  # already shut down, or another Ray Data version
            executor.shutdown(force=True)


def _plain(item: PendingFile) -> PendingFile:
    """What a worker needs of a file: path, key, signature, captions (not the previous index row)."""
    return PendingFile(path=item.path, key=item.key, signature=item.signature, captions=item.captions)


def _table(columns: dict[str, list[Any]]):
    import pyarrow as pa

    return pa.table({name: pa.array(values, type=pa.int64() if name in ("batch", "failed") else pa.large_binary())
                     for name, values in columns.items()})


def _decode(table, prepare: Any, max_pixels: int):
    """Decode task: one row (a batch of files) → the same result dicts the DataLoader yields."""
    out: dict[str, list[Any]] = {"batch": [], "items": [], "decoded": []}
    for batch, blob in zip(table.column("batch").to_pylist(), table.column("items").to_pylist()):
        items = pickle.loads(blob)
        files = ImageFiles([str(item.path) for item in items], prepare, max_pixels)
        out["batch"].append(batch)
        out["items"].append(blob)
        out["decoded"].append(pickle.dumps([files[i] for i in range(len(files))], protocol=5))
    return _table(out)


class _EmbedActor:
    """One embedding worker: builds its embedder once, then embeds one batch per call."""

    def __init__(self, factory: Any):
        self.embedder: Embedder = factory()

    def __call__(self, table):
        out: dict[str, list[Any]] = {"batch": [], "failed": [], "payload": []}
        for batch, items_blob, decoded_blob in zip(table.column("batch").to_pylist(),
                                                   table.column("items").to_pylist(),
                                                   table.column("decoded").to_pylist()):
            items, results = pickle.loads(items_blob), pickle.loads(decoded_blob)
            try:
                payload, failed = pickle.dumps(embed_batch(results, [items[r["index"]] for r in results],
                                                           self.embedder), protocol=5), 0
            except Exception as err:  # noqa: BLE001 - the driver raises it; see _failure
                payload, failed = _failure(err), 1
            out["batch"].append(batch)
            out["failed"].append(failed)
            out["payload"].append(payload)
        return _table(out)


def _failure(err: Exception) -> bytes:
    """A batch's error as a row, raised by the driver when it reaches it. Raised inside Ray Data
    instead, it would abort the run before the driver saved batches that had already finished, and
    the error's traceback (in Ray's error log) would keep the actors and their CPUs or GPUs."""
    log.exception("embedding a batch failed")
    try:
        blob = pickle.dumps(err, protocol=5)
        pickle.loads(blob)
        return blob
    except Exception:  # noqa: BLE001 - an exception that does not survive pickling
        return pickle.dumps(RuntimeError(f"{type(err).__name__}: {err}"), protocol=5)


def _original(err: BaseException) -> BaseException:
    """The error a batch raised, out of Ray's wrappers (RayTaskError carries it as `cause`)."""
    from ray.exceptions import RayError

    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if not isinstance(current, RayError):
            return current
        current = getattr(current, "cause", None) or current.__cause__
    return err
