"""Retrieval quality on the sample gallery (issue 3, item 6).

1. Text→image: each image's zh label and en label as a query; Recall@1/5/10 of that image,
   separately for zh and en. Images that share the exact query label all count as relevant.
2. Image→image: augmented copies of gallery images as queries (crop, resize, colour jitter,
   JPEG, and all four together); Recall@1/5/10 of the source image.
3. Campaign themes: marketer queries (zh and en) with the symbols a designer would accept,
   judged by label; precision@5 and hit@5. The queries are listed below, in the open.

It searches through `Retriever`, exactly as the CLI does, against the index in --data-dir
(built first when missing: `huabao index data/gallery --metadata data/gallery/metadata.jsonl`).

    .venv/bin/python bench/retrieval_quality.py                  # everything, all images
    .venv/bin/python bench/retrieval_quality.py --limit 500       # a seeded sample
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.config import Settings  # noqa: E402
from tools.retrieval import Retriever, index_folder  # noqa: E402
from tools.retrieval.index import read_manifest  # noqa: E402

# Theme queries a marketer would type, with gallery labels (en) a designer would accept for it.
THEMES: list[tuple[str, set[str]]] = [
    ("限时秒杀", {"high voltage", "stopwatch", "alarm clock", "hourglass done", "hourglass not done", "fire", "timer clock"}),
    ("flash sale", {"high voltage", "stopwatch", "alarm clock", "hourglass done", "hourglass not done", "fire", "timer clock"}),
    ("开学季文具", {"backpack", "pencil", "books", "straight ruler", "triangular ruler", "notebook", "graduation cap",
                "closed book", "open book", "notebook with decorative cover", "globe showing Americas",
                "globe showing Asia-Australia", "globe showing Europe-Africa", "crayon", "school"}),
    ("back to school", {"backpack", "pencil", "books", "straight ruler", "triangular ruler", "notebook", "crayon",
                        "closed book", "open book", "notebook with decorative cover", "school", "graduation cap"}),
    ("植树节", {"seedling", "deciduous tree", "evergreen tree", "potted plant", "herb", "leaf fluttering in wind",
             "four leaf clover", "shamrock", "palm tree"}),
    ("深夜食堂", {"crescent moon", "steaming bowl", "oden", "sake", "red paper lantern", "oden", "first quarter moon face",
              "last quarter moon face", "new moon face", "full moon face", "night with stars", "bento box",
              "dango", "rice ball", "spaghetti", "fork and knife with plate"}),
    ("双十一购物节", {"shopping cart", "shopping bags", "wrapped gift", "red envelope", "money bag", "ticket",
                "admission tickets", "credit card", "coin"}),
    ("春节", {"red envelope", "red paper lantern", "firecracker", "fireworks", "dumpling", "dragon", "dragon face",
            "sparkler", "fortune cookie"}),
    ("中秋节", {"moon cake", "full moon", "rabbit", "rabbit face", "red paper lantern", "moon viewing ceremony",
             "full moon face"}),
    ("情人节", {"red heart", "rose", "love letter", "chocolate bar", "heart with arrow", "ring", "heart with ribbon",
             "sparkling heart", "growing heart", "two hearts", "beating heart", "revolving hearts", "bouquet", "kiss mark"}),
    ("会员日", {"crown", "gem stone", "sports medal", "military medal", "1st place medal", "star", "glowing star",
             "credit card", "trophy"}),
    ("新人礼包", {"wrapped gift", "red envelope", "balloon", "party popper", "NEW button", "confetti ball"}),
    ("每日签到", {"calendar", "spiral calendar", "tear-off calendar", "check mark button", "check mark", "star",
              "coin", "check box with check", "glowing star"}),
    ("幸运抽奖", {"slot machine", "wrapped gift", "four leaf clover", "game die", "ticket", "admission tickets", "coin",
              "pool 8 ball", "crystal ball"}),
    ("夏日清凉", {"sun", "watermelon", "soft ice cream", "ice cream", "shaved ice", "umbrella on ground", "palm tree",
              "tropical drink", "beach with umbrella", "sun with face", "cup with straw", "ice", "desert island"}),
    ("冬日热饮", {"hot beverage", "teacup without handle", "bubble tea", "mate", "snowflake", "cup with straw",
              "beverage box", "glass of milk"}),
    ("万圣节", {"jack-o-lantern", "ghost", "bat", "skull", "spider web", "candy", "spider", "lollipop", "zombie"}),
    ("圣诞节", {"Christmas tree", "Santa Claus", "wrapped gift", "snowman", "snowman without snow", "bell", "snowflake",
             "Mrs. Claus"}),
    ("理财", {"money bag", "coin", "chart increasing", "bank", "dollar banknote", "yen banknote", "euro banknote",
            "pound banknote", "money with wings", "chart increasing with yen", "credit card", "heavy dollar sign"}),
    ("security", {"shield", "locked", "key", "old key", "locked with key", "umbrella",
                  "locked with pen"}),
]

AUGMENTATIONS = ("crop", "resize", "jitter", "jpeg", "all")


def augment(image: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    """A query made from a gallery image: what a user's own copy of an asset might look like."""
    image = image.convert("RGBA")
    if kind in ("crop", "all"):
        w, h = image.size
        scale = rng.uniform(0.75, 0.9)
        cw, ch = int(w * scale), int(h * scale)
        left, top = rng.randint(0, w - cw), rng.randint(0, h - ch)
        image = image.crop((left, top, left + cw, top + ch))
    if kind in ("resize", "all"):
        side = rng.choice((96, 128, 400))
        image = image.resize((side, side), Image.BICUBIC)
    if kind in ("jitter", "all"):
        rgb = image.convert("RGB")
        for enhancer in (ImageEnhance.Brightness, ImageEnhance.Contrast, ImageEnhance.Color):
            rgb = enhancer(rgb).enhance(rng.uniform(0.75, 1.25))
        rgb.putalpha(image.getchannel("A"))
        image = rgb
    if kind in ("jpeg", "all"):
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        buffer = io.BytesIO()
        flat.save(buffer, "JPEG", quality=rng.choice((35, 50, 70)))
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    return image


def recall(ranks: list[int]) -> dict[str, float]:
    array = np.array(ranks)
    return {f"R@{k}": round(float(np.mean(array < k)), 3) for k in (1, 5, 10)}


def rank_of(hits, relevant: set[str]) -> int:
    for position, hit in enumerate(hits):
        if hit.id in relevant:
            return position
    return 10_000


def ensure_index(settings: Settings, gallery: Path) -> None:
    manifest = read_manifest(settings.index_dir)
    if manifest is None or manifest["root"] != str(gallery.resolve()):
        report = index_folder(settings, gallery, metadata=gallery / "metadata.jsonl")
        print(report.summary(), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gallery", type=Path, default=Path("data/gallery"))
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--limit", type=int, default=0, help="sample this many images (0: all)")
    parser.add_argument("--image-limit", type=int, default=400, help="images used for image→image queries")
    parser.add_argument("--skip", default="", help="comma list of parts to skip: text,image,themes")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    settings = Settings(data_dir=args.data_dir)
    ensure_index(settings, args.gallery)
    retriever = Retriever(settings)
    rows = [json.loads(line) for line in (args.gallery / "metadata.jsonl").read_text(encoding="utf-8").splitlines()]
    rng = random.Random(0)
    sample = rng.sample(rows, args.limit) if args.limit else rows
    report: dict = {"date": datetime.now(timezone.utc).isoformat(timespec="minutes"), "backend": retriever.backend,
                    "index": retriever.index_info, "cores": os.cpu_count(), "python": platform.python_version(),
                    "load_average_at_start": os.getloadavg()}
    skip = set(filter(None, args.skip.split(",")))

    if "text" not in skip:
        by_label: dict[tuple[str, str], set[str]] = {}
        for row in rows:
            for lang in ("zh", "en"):
                by_label.setdefault((lang, row[f"label_{lang}"]), set()).add(row["path"])
        for lang in ("zh", "en"):
            started = time.perf_counter()
            ranks = [rank_of(retriever.search_text(row[f"label_{lang}"], k=10), by_label[(lang, row[f"label_{lang}"])])
                     for row in sample if row[f"label_{lang}"]]
            seconds = time.perf_counter() - started
            report[f"text_{lang}"] = {**recall(ranks), "queries": len(ranks), "ms_per_query": round(1000 * seconds / len(ranks), 1)}
            print(f"text {lang}: {report[f'text_{lang}']}", flush=True)

    if "image" not in skip:
        images = rng.sample(sample, min(args.image_limit, len(sample)))
        for kind in AUGMENTATIONS:
            started = time.perf_counter()
            ranks = []
            for row in images:
                query = augment(Image.open(args.gallery / row["path"]), kind, rng)
                ranks.append(rank_of(retriever.search_image(query, k=10), {row["path"]}))
            seconds = time.perf_counter() - started
            report[f"image_{kind}"] = {**recall(ranks), "queries": len(ranks), "ms_per_query": round(1000 * seconds / len(ranks), 1)}
            print(f"image {kind}: {report[f'image_{kind}']}", flush=True)

    if "themes" not in skip:
        per_query = []
        for query, accepted in THEMES:
            hits = retriever.search_text(query, k=5)
            good = [h.label_en for h in hits if h.label_en.split(":")[0] in accepted]  # skin-tone variants count
            per_query.append({"query": query, "precision@5": len(good) / 5, "hit@5": bool(good),
                              "top5": [h.label_en for h in hits]})
            print(f"theme {query}: {[h.label_en for h in hits]}", flush=True)
        report["themes"] = {"precision@5": round(float(np.mean([q["precision@5"] for q in per_query])), 3),
                            "hit@5": round(float(np.mean([q["hit@5"] for q in per_query])), 3),
                            "queries": per_query}
        print(f"themes: P@5 {report['themes']['precision@5']}, hit@5 {report['themes']['hit@5']}", flush=True)

    report["load_average_at_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
