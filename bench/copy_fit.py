"""Copy fit: how often a layout prints every word of a real brief's copy.

The copy comes from the hand-written briefs' expected fields (tests/data/briefs/, the words a
writer wanted printed), composed in every layout of every format with one sample-gallery subject
(or a drawn stand-in), exactly as `huabao make` composes a poster with its layout fixed (no
revision round). A poster "cuts words" when a text's laid-out lines miss characters of its copy
(cut with … or lines dropped): what check reports as `copy_truncated`.

    python -m bench.copy_fit                          # 250 dev briefs, every layout
    python -m bench.copy_fit --split fresh --sample 250 --seed 1
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `python bench/copy_fit.py` as well as `-m`
    sys.path.insert(0, str(REPO))

from bench.machine import describe  # noqa: E402

FIELDS = ("title", "subtitle", "body", "cta")
FORMATS = ("popup", "poster", "banner", "square")


def _subject(folder: Path) -> tuple[str, str]:
    icon = REPO / "data" / "gallery" / "images" / "1f381.webp"
    if icon.is_file():
        return str(icon), "sample gallery icon 1f381 (gift)"
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((20, 20, 236, 236), fill=(230, 57, 48, 255))
    path = folder / "ball.png"
    image.save(path)
    return str(path), "drawn stand-in (gallery not installed)"


def _cut_fields(spec) -> list[str]:
    from tools.text_fit import printed_and_wanted

    cut = []
    for layer in spec.layers:
        if layer.kind != "text" or not layer.text.strip():
            continue
        shown, wanted = printed_and_wanted(layer)
        if shown != wanted or not layer.fits:
            cut.append(layer.role or layer.id)
    return cut


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", help="dev | test | fresh (tests/data/briefs/SPLIT.jsonl)")
    parser.add_argument("--sample", type=int, default=250, help="briefs drawn at random (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    from tools.compose import ComposeRequest, compose_poster
    from tools.config import Settings
    from tools.formats import get_format
    from tools.layouts import layouts_for_format

    rows = [json.loads(line) for line in (REPO / "tests" / "data" / "briefs" / f"{args.split}.jsonl")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.sample and args.sample < len(rows):
        rows = random.Random(args.seed).sample(rows, args.sample)
    copies = [{field: row.get(field) or "" for field in FIELDS} for row in rows]
    copies = [copy for copy in copies if any(copy.values())]
    settings = Settings(_env_file=None)
    posters, cut, by_field = Counter(), Counter(), Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        subject, subject_kind = _subject(Path(folder))
        for name in FORMATS:
            for layout in layouts_for_format(get_format(name)):
                for copy in copies:
                    spec = compose_poster(settings, ComposeRequest(format=name, layout=layout, subject=subject,
                                                                   copy=copy))
                    fields = _cut_fields(spec)
                    posters[layout] += 1
                    cut[layout] += bool(fields)
                    by_field.update(fields)
    seconds = time.perf_counter() - started
    total, total_cut = sum(posters.values()), sum(cut.values())
    report = {"split": args.split, "briefs": len(copies), "posters": total, "posters_cutting_words": total_cut,
              "whole": round(1 - total_cut / total, 4) if total else None,
              "by_layout": {layout: {"posters": posters[layout], "cutting_words": cut[layout]} for layout in posters},
              "by_field": dict(by_field), "subject": subject_kind, "seconds": round(seconds, 1),
              "machine": describe(), "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"copy fit on {args.split} ({len(copies)} briefs, seed {args.seed}), {report['date']}, {report['machine']}")
    print(f"subject: {subject_kind}; {seconds:.0f} s")
    print("| layout | posters | cutting words |\n|---|---|---|")
    for layout in posters:
        print(f"| {layout} | {posters[layout]} | {cut[layout]} |")
    print(f"| **all** | {total} | **{total_cut}** ({total_cut / max(1, total):.1%}) |")
    print("fields cut:", ", ".join(f"{field} {count}" for field, count in by_field.most_common()) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
