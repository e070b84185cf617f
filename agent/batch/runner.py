"""The production runner: what a batch worker runs for each brief (the Agent, loaded once)."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from agent.batch.models import BriefJob, Runner
from agent.batch.storage import keep_lean
from agent.brief import Brief
from tools.config import Settings
from tools.errors import BriefError, GalleryError
from tools.steps import StepBase, step_line

log = logging.getLogger("huabao.batch")


def agent_runner(settings: Settings) -> Runner:
    """The production runner: one `Agent` per worker process, loaded once, one brief per call.
    A poster keeps its PNG, spec and sources (shared by the batch: `agent.batch.storage`); its
    PSD and SVG are made on demand unless the batch runs with `--psd` (`settings.batch_psd`)."""
    from agent.loop import Agent

    agent = Agent(settings.model_copy(update={"export_editable": settings.batch_psd}))

    def run(job: BriefJob) -> dict[str, Any]:
        queued = job.queued()
        images = [Path(queued.image_file)] if queued.image_file else []
        if queued.gallery_id:
            images.append(gallery_image(settings, queued.gallery_id))
        out_dir = Path(job.folder)

        def log_step(step: StepBase) -> None:  # the worker log says what each brief went through
            log.info("brief %s/%d %s", job.batch_id, job.index, step_line(step))

        if isinstance(queued.brief, str) and queued.brief.lstrip().startswith("/"):
            reply = agent.handle(queued.brief, images=images or None, out_dir=out_dir, on_step=log_step,
                                 brand=queued.brand or settings.brand)
            if reply.result is None:
                raise BriefError(f"{queued.brief.split()[0]} makes no poster; use it in the chat")
            return keep_lean(reply.result.to_json_dict(), out_dir, out_dir.parent)
        brief = queued.brief if isinstance(queued.brief, str) else Brief.model_validate(queued.brief)
        result = agent.make(brief, images=images or None, count=queued.count, out_dir=out_dir,
                            template=queued.template, format=queued.format, formats=queued.formats,
                            brand=queued.brand or settings.brand, on_step=log_step)
        return keep_lean(result.to_json_dict(), out_dir, out_dir.parent)  # a brief's folder is in its batch's

    return run


def gallery_image(settings: Settings, gallery_id: str) -> Path:
    """The file of a gallery item, by the id search results carry. Reads only the catalog:
    a worker should not load a second copy of the vectors to look up one path."""
    from tools.retrieval.index import GalleryIndex, read_manifest

    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        raise GalleryError(f"no gallery index in {settings.index_dir}: run `huabao index DIR` first")
    catalog = GalleryIndex(settings.index_dir, manifest, store=None)  # find() needs no vectors
    try:
        item = catalog.find(gallery_id)
    finally:
        catalog.close()
    if item is None:
        raise BriefError(f"the gallery has no image with id “{gallery_id}”")
    path = Path(item["path"])
    return path if path.is_absolute() else settings.gallery_dir / path
