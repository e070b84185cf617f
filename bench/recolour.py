"""Palette recolour on the sample gallery: 100 subjects × 5 brief palettes, before and after.

For every subject and palette it runs what the generator delivers (tools/generate): the picture
as is when its own colours already fit the palette (`in palette`, pick.palette_fit ≥ IN_PALETTE),
else the material-aware recolour (tools/generate/recolour.py), scored for colour fidelity; one
under FIDELITY_BAR is rejected and the original colours are kept. Subjects: the named cases
designers complained about (lantern 灯笼, money bag 钱袋, hamburger, dumpling 饺子, crown, beach
umbrella, gift, red envelope) plus a seeded sample across the gallery's categories (skin-tone
variants left out, so the sample is varied).

Writes contact sheets (rows: subjects; columns: the original, then each palette; a caption says
`as is`, `kept: <material>` (a face, a flag, gold), the fidelity score, or `kept: <problem>` in red
for a rejected recolour) and the numbers as JSON:

    python -m bench.recolour                       # docs/recolour-sheet-{1..4}.png + docs/recolour-bench.json
    python -m bench.recolour -n 30 --out /tmp/rc   # quicker, elsewhere
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
GALLERY = REPO / "data" / "gallery"
# The brief's palette words (tools/colors parses them as a brief would), and a name for the sheet.
PALETTES = {"红黄配色": "red + yellow", "蓝色渐变": "blue gradient", "绿色": "green",
            "紫粉配色": "purple + pink", "黑金配色": "black + gold"}
NAMED = ["1f3ee", "1f4b0", "1f354", "1f95f", "1f451", "1f3d6-fe0f", "26f1-fe0f", "1f381", "1f9e7"]
SKIN_TONES = ("1f3fb", "1f3fc", "1f3fd", "1f3fe", "1f3ff")
ROWS_PER_SHEET = 25
BACKDROP = (236, 236, 238)


def load_metadata() -> list[dict]:
    path = GALLERY / "metadata.jsonl"
    if not path.is_file():
        raise SystemExit("sample gallery not installed: make gallery")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sample_subjects(metadata: list[dict], n: int, seed: int) -> list[dict]:
    """The named cases first, then round-robin over the top-level categories (seeded)."""
    by_hex = {m["hexcode"]: m for m in metadata}
    chosen = [by_hex[h] for h in NAMED if h in by_hex][:n]
    taken = {m["hexcode"] for m in chosen}
    groups: dict[str, list[dict]] = {}
    for m in metadata:
        if m["hexcode"] in taken or any(tone in m["hexcode"] for tone in SKIN_TONES):
            continue
        groups.setdefault(m.get("category_en", "").split(" / ")[0], []).append(m)
    rng = random.Random(seed)
    for members in groups.values():
        rng.shuffle(members)
    order = sorted(groups)
    while len(chosen) < n and any(groups.values()):
        for group in order:
            if groups[group] and len(chosen) < n:
                chosen.append(groups[group].pop())
    return chosen


def deliver(image: Image.Image, palette: list, subject) -> dict:
    """What the generator would hand on for this subject and palette, and its numbers."""
    from tools.generate.recolour import colour_fidelity, recolour_explained
    from tools.pick import IN_PALETTE, palette_fit

    fit = palette_fit(image, palette)
    started = time.perf_counter()
    recoloured, material = recolour_explained(image, palette, subject=subject)
    seconds = time.perf_counter() - started
    fidelity = colour_fidelity(image, recoloured, palette)
    if fit >= IN_PALETTE:
        decision, shown = "in palette", image
    elif recoloured.tobytes() == image.tobytes():  # a face, a flag, a gold crown: nothing may change
        decision, shown = "kept by material", image
    elif fidelity.passed:
        decision, shown = "recoloured", recoloured
    else:
        decision, shown = "rejected", image
    return {"decision": decision, "image": shown, "attempt": recoloured, "palette_fit": round(fit, 3),
            "fidelity": fidelity.score, "problems": fidelity.problems, "kept": material.notes,
            "seconds": seconds}


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def _cell(image: Image.Image, side: int) -> Image.Image:
    backdrop = Image.new("RGBA", image.size, BACKDROP + (255,))
    backdrop.alpha_composite(image.convert("RGBA"))
    return backdrop.convert("RGB").resize((side, side), Image.LANCZOS)


def draw_sheets(rows: list[dict], palettes: dict[str, list], out_dir: Path, cell: int) -> list[Path]:
    caption = 14
    font, small = _font(12), _font(11)
    columns = 1 + len(palettes)
    paths = []
    for sheet_index in range(0, len(rows), ROWS_PER_SHEET):
        chunk = rows[sheet_index:sheet_index + ROWS_PER_SHEET]
        header = 34
        sheet = Image.new("RGB", (columns * cell, header + len(chunk) * (cell + caption)), (255, 255, 255))
        draw = ImageDraw.Draw(sheet)
        draw.text((4, 4), "original", fill=(0, 0, 0), font=font)
        for c, (words, colours) in enumerate(palettes.items(), start=1):
            draw.text((c * cell + 4, 4), PALETTES[words], fill=(0, 0, 0), font=font)
            for k, rgb in enumerate(colours):
                draw.rectangle([c * cell + 4 + k * 20, 19, c * cell + 20 + k * 20, 31], fill=tuple(rgb), outline=(90, 90, 90))
        for r, row in enumerate(chunk):
            top = header + r * (cell + caption)
            sheet.paste(_cell(row["image"], cell), (0, top + caption))
            draw.text((3, top + 1), row["label"][:22], fill=(0, 0, 0), font=small)
            for c, words in enumerate(palettes, start=1):
                result = row["results"][words]
                sheet.paste(_cell(result["image"], cell), (c * cell, top + caption))
                if result["decision"] == "in palette":
                    text, colour = "as is (in palette)", (0, 110, 0)
                elif result["decision"] == "kept by material":
                    text, colour = "kept: " + (result["kept"][0].split(":")[0] if result["kept"] else "material"), (0, 80, 160)
                elif result["decision"] == "rejected":
                    text, colour = f"kept: {', '.join(result['problems'])} {result['fidelity']:.2f}", (200, 0, 0)
                else:
                    text, colour = f"fidelity {result['fidelity']:.2f}", (60, 60, 60)
                draw.text((c * cell + 3, top + 1), text, fill=colour, font=small)
            draw.line([(0, top), (columns * cell, top)], fill=(220, 220, 220))
        path = out_dir / f"recolour-sheet-{sheet_index // ROWS_PER_SHEET + 1}.png"
        sheet.save(path, optimize=True)
        paths.append(path)
    return paths


def run(n: int, seed: int, out_dir: Path, json_path: Path, cell: int) -> dict:
    from tools.colors import find_colors
    from tools.generate.recolour import FIDELITY_BAR, RecolourSubject
    from tools.pick import IN_PALETTE

    palettes = {words: [c.rgb for c in find_colors(words)] for words in PALETTES}
    subjects = sample_subjects(load_metadata(), n, seed)
    rows = []
    for meta in subjects:
        image = Image.open(GALLERY / meta["path"]).convert("RGBA")
        subject = RecolourSubject.from_metadata(meta.get("label_zh", ""), meta.get("label_en", ""),
                                                [*meta.get("tags_zh", []), *meta.get("tags_en", [])], meta)
        results = {words: deliver(image, colours, subject) for words, colours in palettes.items()}
        rows.append({"hexcode": meta["hexcode"], "label": meta.get("label_en", meta["hexcode"]),
                     "category": meta.get("category_en", ""), "image": image, "results": results})
    out_dir.mkdir(parents=True, exist_ok=True)
    sheets = draw_sheets(rows, palettes, out_dir, cell)

    every = [r["results"][w] for r in rows for w in palettes]
    attempted = [x for x in every if x["decision"] in ("recoloured", "rejected")]
    decisions = Counter(x["decision"] for x in every)
    problems = Counter(p for x in attempted if x["decision"] == "rejected" for p in x["problems"])
    summary = {
        "subjects": len(rows), "palettes": list(PALETTES), "pairs": len(every),
        "in_palette_threshold": IN_PALETTE, "fidelity_bar": FIDELITY_BAR,
        "decisions": dict(decisions),
        "rejected": decisions.get("rejected", 0),
        "rejected_share_of_recolours": round(decisions.get("rejected", 0) / max(1, len(attempted)), 4),
        "rejected_by_problem": dict(problems),
        "mean_fidelity_all_recolours": round(statistics.fmean(x["fidelity"] for x in attempted), 4),
        "mean_fidelity_delivered_recolours": round(statistics.fmean(
            [x["fidelity"] for x in every if x["decision"] == "recoloured"] or [0.0]), 4),
        "per_palette": {w: {"in_palette": sum(r["results"][w]["decision"] == "in palette" for r in rows),
                            "kept_by_material": sum(r["results"][w]["decision"] == "kept by material" for r in rows),
                            "recoloured": sum(r["results"][w]["decision"] == "recoloured" for r in rows),
                            "rejected": sum(r["results"][w]["decision"] == "rejected" for r in rows),
                            "mean_fidelity": round(statistics.fmean([r["results"][w]["fidelity"] for r in rows
                                                                     if r["results"][w]["decision"] in ("recoloured", "rejected")] or [0.0]), 4)}
                        for w in palettes},
        "recolour_ms_per_256px_mean": round(1000 * statistics.fmean(x["seconds"] for x in every), 1),
        "sheets": [str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in sheets],
        "subjects_detail": [{"hexcode": r["hexcode"], "label": r["label"], "category": r["category"],
                             "results": {w: {k: r["results"][w][k] for k in
                                             ("decision", "palette_fit", "fidelity", "problems", "kept")}
                                         for w in palettes}} for r in rows],
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="subjects (the named cases first)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="folder for the contact sheets")
    parser.add_argument("--json", type=Path, default=None, help="default: <out>/recolour-bench.json")
    parser.add_argument("--cell", type=int, default=92, help="pixels per picture on the sheet")
    args = parser.parse_args()
    summary = run(args.n, args.seed, args.out, args.json or args.out / "recolour-bench.json", args.cell)
    printable = {k: v for k, v in summary.items() if k != "subjects_detail"}
    print(json.dumps(printable, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
