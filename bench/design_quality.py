"""Design quality: the taste score (tools/taste.py) over a fixed brief set run through the offline
agent with three variants each, and a contact sheet of every brief's variants in score order.

    python -m bench.design_quality                 # report + docs/design-quality.png
    python -m bench.design_quality --json          # machine-readable
    python -m bench.design_quality --limit 4       # the first four briefs only (a quick look)

The set: 4 formats × zh/en × three kinds of copy (short with a subtitle, long with a subtitle,
short without one) = 24 briefs, each made with `count` 3 (three layouts, best first). It
reports the mean sub-scores per layout and per format, the share of briefs whose top-ranked
variant is also check-clean, and how long a score takes. Runs on the CPU; needs the sample
gallery and its index (`make gallery`, HUABAO_DATA_DIR=data).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `python bench/design_quality.py` as well as `-m`
    sys.path.insert(0, str(REPO))

from bench.machine import describe  # noqa: E402

SUB_SCORES = ("balance", "alignment", "whitespace", "hierarchy", "color", "decoration", "prominence")
SHORT = {"balance": "bal", "alignment": "ali", "whitespace": "spc", "hierarchy": "hie", "color": "col",
         "decoration": "dec", "prominence": "pro"}
FORMAT_WORDS = {"zh": {"popup": "弹窗", "poster": "海报", "banner": "横幅", "square": "方图"},
                "en": {"popup": "popup", "poster": "poster", "banner": "banner", "square": "square post"}}
# per format and language: a subject the gallery has, a palette, short and long copy
CONTENT = {
    ("popup", "zh"): ("礼物", "红黄配色", ("好运福袋", "限时领取", "立即领取"),
                      ("双十一狂欢好运福袋限时免费领取", "每天登录即可领取一次，福袋内含优惠券和惊喜好礼", "立即领取")),
    ("popup", "en"): ("gift box", "red and gold", ("Lucky Bag", "Free today", "Open it"),
                      ("Claim Your Lucky Bag Before Midnight Tonight", "Log in every day for a new bag of coupons "
                       "and surprise gifts", "Claim now")),
    ("poster", "zh"): ("耳机", "蓝色", ("声临其境", "降噪新品上市", "立即购买"),
                       ("新一代主动降噪耳机震撼首发限时优惠", "四十小时超长续航，通勤旅行一副就够，首发价立减两百", "立即购买")),
    ("poster", "en"): ("headphones", "blue", ("Pure Sound", "New noise cancelling", "Buy now"),
                       ("All New Noise Cancelling Headphones Are Here", "Forty hours of battery for every commute "
                        "and trip, two hundred off at launch", "Buy now")),
    ("banner", "zh"): ("咖啡", "棕色", ("暖冬咖啡", "第二杯半价", "立即下单"),
                       ("暖冬限定热饮第二杯半价全城配送", "每天上午十点前下单，三十分钟送到办公室，会员再享九折", "立即下单")),
    ("banner", "en"): ("coffee", "brown", ("Winter Coffee", "Second cup half price", "Order now"),
                       ("Warm Winter Drinks With The Second Cup Half Price", "Order before ten and it reaches your "
                        "office in thirty minutes", "Order now")),
    ("square", "zh"): ("相机", "绿色", ("夏日出游", "相机租赁八折", "马上预订"),
                       ("夏日出游季专业相机租赁全场八折起", "镜头三脚架一站配齐，门店自提或顺丰到家，押金全免", "马上预订")),
    ("square", "en"): ("camera", "green", ("Summer Trips", "Camera rental 20% off", "Book now"),
                       ("Summer Travel Season Camera Rentals From Twenty Percent Off", "Lenses and tripods in one "
                        "place with free delivery and no deposit", "Book now")),
}
KINDS = ("short", "long", "no-subtitle")


@dataclass(frozen=True)
class BenchBrief:
    number: int
    format: str
    language: str
    kind: str
    text: str


def brief_set() -> list[BenchBrief]:
    """The fixed 24 briefs, in a stable order (format, language, kind)."""
    briefs = []
    for fmt in ("popup", "poster", "banner", "square"):
        for language in ("zh", "en"):
            subject, palette, short, long = CONTENT[(fmt, language)]
            for kind in KINDS:
                title, subtitle, cta = long if kind == "long" else short
                if language == "zh":
                    text = f"{subject}{FORMAT_WORDS['zh'][fmt]}，{palette}，标题：{title}"
                    text += f"，副标题：{subtitle}" if kind != "no-subtitle" else ""
                    text += f"，按钮：{cta}"
                else:
                    text = f"{subject.capitalize()} {FORMAT_WORDS['en'][fmt]} in {palette}, title: {title}"
                    text += f", subtitle: {subtitle}" if kind != "no-subtitle" else ""
                    text += f", cta: {cta}"
                briefs.append(BenchBrief(len(briefs) + 1, fmt, language, kind, text))
    return briefs


def _check_clean(problems: list[dict[str, Any]]) -> bool:
    """No error from check (the agent's own subject_not_found is about the gallery, not the design)."""
    return not any(p.get("severity", "error") == "error" and p.get("code") != "subject_not_found" for p in problems)


def run_briefs(briefs: list[BenchBrief], out_dir: Path) -> list[dict[str, Any]]:
    from agent.loop import Agent
    from tools.config import Settings

    agent = Agent(Settings(_env_file=None, output_dir=out_dir))
    rows = []
    for brief in briefs:
        started = time.perf_counter()
        result = agent.make(brief.text, count=3)
        variants = []
        for rank, output in enumerate(result.outputs, start=1):
            spec = json.loads(Path(output.spec).read_text(encoding="utf-8"))
            variants.append({"rank": rank, "png": output.png, "layout": spec["layout"], "format": spec["format"],
                             "scores": output.scores or {}, "clean": _check_clean(output.problems),
                             "problems": sorted({p.get("code", "?") for p in output.problems}),
                             "has_subtitle": any(layer.get("role") == "subtitle" for layer in spec["layers"])})
        rows.append({"brief": brief.__dict__, "seconds": round(time.perf_counter() - started, 1),
                     "variants": variants})
        print(f"[{brief.number:2d}] {brief.format:6s} {brief.language} {brief.kind:11s} "
              + "  ".join(f"{v['layout']}={v['scores'].get('overall', 0):.3f}{'' if v['clean'] else '!'}"
                          for v in variants)
              + f"  ({rows[-1]['seconds']} s)", file=sys.stderr, flush=True)
    return rows


def score_timing(repeats: int = 5) -> dict[str, float]:
    """Median milliseconds of one score per format, on a poster compose just made (its layers drawn)."""
    from bench.layouts_sheet import BRIEFS, _icon
    from tools.compose import ComposeRequest, compose
    from tools.config import Settings
    from tools.taste import score_poster

    settings = Settings(_env_file=None)
    timing = {}
    for fmt in ("popup", "poster", "banner", "square"):
        brief = BRIEFS["zh"]
        composed = compose(settings, ComposeRequest.model_validate({
            "format": fmt, "palette": brief["palette"], "subject": _icon(brief["subject"]),
            "decorations": [_icon(stem) for stem in brief["decorations"]], "copy": brief["copy"], "seed": 1}))
        image = composed.image
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            score_poster(composed.spec, composed.context, image=image)
            times.append((time.perf_counter() - started) * 1000)
        timing[fmt] = round(statistics.median(times), 1)
    return timing


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_layout: dict[str, list[dict[str, float]]] = defaultdict(list)
    by_format: dict[str, list[dict[str, float]]] = defaultdict(list)
    for row in rows:
        for variant in row["variants"]:
            by_layout[variant["layout"]].append(variant["scores"])
            by_format[variant["format"]].append(variant["scores"])

    def means(group: list[dict[str, float]]) -> dict[str, float]:
        return {name: round(statistics.fmean(s.get(name, 0.0) for s in group), 3)
                for name in (*SUB_SCORES, "overall")} | {"posters": len(group)}

    briefs = [row for row in rows if row["variants"]]
    top_clean = sum(row["variants"][0]["clean"] for row in briefs)
    any_clean = sum(any(v["clean"] for v in row["variants"]) for row in briefs)
    # when some variant is clean, is the first one clean?
    top_clean_when_possible = sum(row["variants"][0]["clean"] for row in briefs if any(v["clean"] for v in row["variants"]))
    spreads = [row["variants"][0]["scores"]["overall"] - row["variants"][-1]["scores"]["overall"] for row in briefs
               if len(row["variants"]) > 1]
    return {
        "briefs": len(briefs), "posters": sum(len(row["variants"]) for row in briefs),
        "top_clean_share": round(top_clean / max(1, len(briefs)), 3),
        "any_clean_share": round(any_clean / max(1, len(briefs)), 3),
        "top_clean_when_possible": round(top_clean_when_possible / max(1, any_clean), 3),
        "mean_best_minus_worst": round(statistics.fmean(spreads), 3) if spreads else 0.0,
        "distinct_layouts_per_brief": round(statistics.fmean(len({v["layout"] for v in row["variants"]})
                                                             for row in briefs), 2) if briefs else 0.0,
        "seconds_per_brief": round(statistics.fmean(row["seconds"] for row in briefs), 1) if briefs else 0.0,
        "by_format": {fmt: means(group) for fmt, group in sorted(by_format.items())},
        "by_layout": {name: means(group) for name, group in sorted(by_layout.items())},
    }


# ------------------------------------------------------------------------------------------ sheet

CELL_W, IMAGE_H, TEXT_H, LABEL_H, GAP = 210, 270, 74, 34, 12
BRIEFS_PER_ROW = 3


def contact_sheet(rows: list[dict[str, Any]]) -> Image.Image:
    """Each brief's variants left to right in score order, the scores printed under each."""
    from bench.layouts_sheet import _label_font

    group_w = 3 * CELL_W + 2 * GAP
    columns = min(BRIEFS_PER_ROW, len(rows)) or 1
    lines = (len(rows) + columns - 1) // columns
    row_h = LABEL_H + IMAGE_H + TEXT_H + GAP * 2
    sheet = Image.new("RGB", (GAP * 3 + columns * (group_w + GAP * 3), GAP + lines * row_h), (238, 238, 242))
    draw = ImageDraw.Draw(sheet)
    label_font, small_font, bold_small = _label_font(20), _label_font(13), _label_font(15)
    for index, row in enumerate(rows):
        brief = row["brief"]
        gx = GAP * 3 + (index % columns) * (group_w + GAP * 3)
        gy = GAP + (index // columns) * row_h
        draw.text((gx, gy + 4), f"#{brief['number']} {brief['format']} · {brief['language']} · {brief['kind']}",
                  fill=(40, 40, 48), font=label_font)
        for rank, variant in enumerate(row["variants"]):
            x = gx + rank * (CELL_W + GAP)
            y = gy + LABEL_H
            with Image.open(variant["png"]) as poster:
                thumb = poster.convert("RGB")
                thumb.thumbnail((CELL_W, IMAGE_H), Image.Resampling.LANCZOS)
            sheet.paste(thumb, (x + (CELL_W - thumb.width) // 2, y + (IMAGE_H - thumb.height) // 2))
            scores = variant["scores"]
            mark = "clean" if variant["clean"] else "check: " + ",".join(variant["problems"])[:24]
            text_y = y + IMAGE_H + 4
            draw.text((x, text_y), f"{rank + 1}. {scores.get('overall', 0):.3f}  {variant['layout']}",
                      fill=(20, 20, 28) if rank == 0 else (70, 70, 80), font=bold_small)
            parts = [f"{SHORT[name]} {scores.get(name, 0):.2f}" for name in SUB_SCORES]
            for line, text in enumerate(("  ".join(parts[:3]), "  ".join(parts[3:6]), parts[6])):
                draw.text((x, text_y + 19 + 16 * line), text, fill=(70, 70, 80), font=small_font)
            draw.text((x + 80, text_y + 19 + 32), mark, fill=(40, 130, 60) if variant["clean"] else (190, 40, 40),
                      font=small_font)
    return sheet


def markdown(result: dict[str, Any]) -> str:
    summary = result["summary"]
    header = "| | posters | " + " | ".join(SUB_SCORES) + " | overall |"
    rule = "| --- | ---: | " + " | ".join("---:" for _ in SUB_SCORES) + " | ---: |"

    def table(groups: dict[str, dict[str, float]]) -> list[str]:
        return [f"| {name} | {g['posters']} | " + " | ".join(f"{g[s]:.2f}" for s in SUB_SCORES)
                + f" | **{g['overall']:.3f}** |" for name, g in groups.items()]

    timing = result.get("score_ms", {})
    return "\n".join([
        f"Machine: {result['machine']}; {result['date']}; load average before the run {result['load']}",
        "",
        f"{summary['briefs']} briefs × 3 variants = {summary['posters']} posters; "
        f"{summary['distinct_layouts_per_brief']} distinct layouts per brief; {summary['seconds_per_brief']} s "
        "per brief (three posters, offline agent, CPU)",
        "",
        f"- top-ranked variant check-clean: **{summary['top_clean_share']:.1%}** of briefs "
        f"(some variant clean: {summary['any_clean_share']:.1%}; top clean where a clean one exists: "
        f"{summary['top_clean_when_possible']:.1%})",
        f"- best minus worst overall within a brief: {summary['mean_best_minus_worst']:.3f} on average",
        "- one score, median ms (compose's layers reused): "
        + ", ".join(f"{fmt} {ms:.1f}" for fmt, ms in timing.items()),
        "",
        "Per format:", "", header, rule, *table(summary["by_format"]),
        "", "Per layout:", "", header, rule, *table(summary["by_layout"]),
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--limit", type=int, default=0, help="only the first N briefs")
    parser.add_argument("--sheet", type=Path, default=REPO / "docs" / "design-quality.png")
    parser.add_argument("--out-dir", type=Path, default=None, help="where the posters go (default: a temp dir)")
    parser.add_argument("--from-json", type=Path, default=None,
                        help="redraw the sheet and report from a saved --json result (its posters must still exist)")
    args = parser.parse_args(argv)
    if args.from_json:
        result = json.loads(args.from_json.read_text(encoding="utf-8"))
        contact_sheet(result["rows"]).save(args.sheet, optimize=True)
        print(markdown(result))
        return 0
    os.environ.setdefault("HUABAO_DATA_DIR", str(REPO / "data"))
    briefs = brief_set()[: args.limit or None]
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    out_dir = args.out_dir or Path(tempfile.mkdtemp(prefix="design-quality-"))
    rows = run_briefs(briefs, out_dir)
    result = {"machine": describe(), "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "load": load, "score_ms": score_timing(), "summary": summarise(rows), "rows": rows}
    args.sheet.parent.mkdir(parents=True, exist_ok=True)
    contact_sheet(rows).save(args.sheet, optimize=True)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else markdown(result))
    print(f"contact sheet: {args.sheet}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
