"""Calibrate `subject_match_threshold`: when does the gallery really have the subject a brief names?

Positives: subjects the gallery has, sampled from it (seed 16): labels of its objects, food,
animals, places and activities in zh and en, and the typed words of the synonym table
(prompts/lexicon/themes_synonyms.yaml) whose gallery words are labels or tags; then a quarter of
them again with a colour, size or article in front, as briefs write them (白色的小推车, a cute cat).
Negatives: everyday objects the gallery lacks (robot vacuum, air fryer, ...), written by hand;
each is checked here to be absent from data/gallery/metadata.jsonl (no label or tag names it),
and any that is not is reported and left out.

Each subject is searched as the agent searches it (`Retriever.search_text`, k=3); the signal is
agent.subject_match's coverage (how much of the subject the names of the best of those hits
explain). For comparison the same split is scored with the retriever's own numbers: the dense
similarity of the top hit, and whether the retriever says the query names it. Subjects are split
dev/test by a hash of the text; the threshold is chosen on dev only and accuracy reported on test.

Re-run after the gallery, the synonym table or the retriever changes, and update the setting's
default (tools/config.py `subject_match_threshold`) with the dev-chosen value:

    .venv/bin/python -m bench.subject_threshold          # markdown report
    .venv/bin/python -m bench.subject_threshold --json   # machine-readable
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.subject_match import best_match  # noqa: E402
from tools.config import Settings  # noqa: E402

# Everyday objects a marketer may name that the sample gallery (Fluent Emoji 3D) has no picture of.
NEGATIVES_ZH = [
    "扫地机器人", "空气炸锅", "电动牙刷", "洗碗机", "吸尘器", "加湿器", "空气净化器", "电饭煲", "破壁机", "榨汁机",
    "咖啡机", "电热水壶", "微波炉", "洗衣机", "冰箱", "空调", "电风扇", "吹风机", "卷发棒", "剃须刀",
    "按摩椅", "跑步机", "体重秤", "路由器", "充电宝", "蓝牙音箱", "智能手表", "平板电脑", "无人机", "行车记录仪",
    "面膜", "眼影", "粉底液", "洗发水", "沐浴露", "保温杯", "电热毯", "床垫", "衣柜", "晾衣架",
    "拖把", "缝纫机", "投影仪", "电动滑板车", "游戏手柄", "智能音箱", "扫描仪", "净水器", "电烤箱", "洗地机",
]
NEGATIVES_EN = [
    "robot vacuum", "air fryer", "electric toothbrush", "dishwasher", "vacuum cleaner", "humidifier",
    "air purifier", "rice cooker", "juicer", "coffee machine", "electric kettle", "microwave oven",
    "washing machine", "refrigerator", "air conditioner", "electric fan", "hair dryer", "curling iron",
    "electric shaver", "massage chair", "treadmill", "bathroom scale", "wifi router", "power bank",
    "bluetooth speaker", "smartwatch", "tablet computer", "drone", "dash cam", "sheet mask", "eyeshadow palette",
    "shampoo", "body wash", "thermos", "electric blanket", "mattress", "wardrobe", "clothes hanger",
    "mop", "sewing machine", "projector", "electric scooter", "gamepad", "water purifier",
]
MODIFIERS_ZH = ["白色的", "一个可爱的", "红色", "小", "大", "迷你", "蓝色的", "一辆", "金色"]
MODIFIERS_EN = ["white ", "a cute ", "big ", "red ", "small ", "a golden ", "mini "]
# Object-like gallery categories a brief names as a subject (people, flags and symbols are not).
SUBJECT_CATEGORIES = ("objects", "food & drink", "animals & nature", "travel & places", "activities")


def load_gallery(metadata: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in metadata.read_text(encoding="utf-8").splitlines() if line.strip()]


def gallery_names(items: list[dict[str, Any]]) -> tuple[set[str], list[set[str]]]:
    """(every Chinese label and tag, each item's English words)."""
    zh: set[str] = set()
    en: list[set[str]] = []
    for item in items:
        zh.add(item["label_zh"])
        zh.update(item.get("tags_zh", []))
        words: set[str] = set()
        for text in [item["label_en"], *item.get("tags_en", [])]:
            words.update(re.findall(r"[a-z0-9]+", text.lower()))
        en.append(words)
    return zh, en


def absent(subject: str, names_zh: set[str], names_en: list[set[str]]) -> bool:
    """No label or tag is the subject (zh), no item's names hold all of its words (en)."""
    if re.search(r"[\u4e00-\u9fff]", subject):
        return not any(subject == name or subject in name for name in names_zh)
    words = set(re.findall(r"[a-z0-9]+", subject.lower()))
    singular = {w[:-1] if w.endswith("s") else w for w in words}
    return not any(words <= item or singular <= item for item in names_en)


def positives(items: list[dict[str, Any]], settings: Settings, count: int, seed: int) -> list[str]:
    from tools.retrieval.synonyms import load_synonyms

    labels: set[str] = set()
    for item in items:
        if not item["category_en"].startswith(SUBJECT_CATEGORIES) or ":" in item["label_en"]:
            continue  # skin-tone and keycap variants are not subjects anyone names
        labels.update([item["label_zh"], item["label_en"]])
    names_zh, names_en = gallery_names(items)
    typed = [key for key, values in load_synonyms(settings.prompts_dir).table.items()
             if any(v in names_zh or not absent(v, names_zh, names_en) for v in values)]
    rng = random.Random(seed)
    picked = rng.sample(sorted(labels), min(len(labels), count - count // 4))
    picked += rng.sample(sorted(typed), min(len(typed), count // 4))
    # As briefs write them: with a colour, size or article in front (一辆白色的小推车, a cute cat).
    for subject in rng.sample(picked, len(picked) // 4):
        if re.search(r"[\u4e00-\u9fff]", subject):
            picked.append(rng.choice(MODIFIERS_ZH) + subject)
        else:
            picked.append(rng.choice(MODIFIERS_EN) + subject)
    return list(dict.fromkeys(picked))


def split_of(text: str) -> str:
    return "dev" if int(hashlib.sha1(text.encode()).hexdigest(), 16) % 2 == 0 else "test"


def measure(subjects: list[tuple[str, bool]], settings: Settings) -> list[dict[str, Any]]:
    from tools.retrieval.synonyms import load_synonyms
    from tools.retrieval.retriever import Retriever

    retriever = Retriever(settings)
    synonyms = load_synonyms(settings.prompts_dir)
    rows = []
    for subject, present in subjects:
        hits = retriever.search_text(subject, k=3)
        found = [{"gallery_id": h.id, "label_zh": h.label_zh, "label_en": h.label_en, "tags": h.tags} for h in hits]
        matches = best_match(subject, found, synonyms)
        best = max(matches, key=lambda m: m.coverage) if matches else None
        top = hits[0] if hits else None
        rows.append({"subject": subject, "present": present, "split": split_of(subject),
                     "coverage": best.coverage if best else 0.0,
                     "best": f"{best.label_zh}/{best.label_en}" if best else "",
                     "dense": float(top.metadata.get("similarity", top.score)) if top else 0.0,
                     "named": bool(top and top.metadata.get("matched_by") == "named")})
    return rows


def accuracy(rows: list[dict[str, Any]], signal: str, threshold: float) -> dict[str, float]:
    positives = [r for r in rows if r["present"]]
    negatives = [r for r in rows if not r["present"]]
    tp = sum(r[signal] >= threshold for r in positives)
    tn = sum(r[signal] < threshold for r in negatives)
    return {"accuracy": (tp + tn) / max(1, len(rows)), "found_when_present": tp / max(1, len(positives)),
            "missing_when_absent": tn / max(1, len(negatives)),
            "balanced": (tp / max(1, len(positives)) + tn / max(1, len(negatives))) / 2}


def choose_threshold(rows: list[dict[str, Any]], signal: str) -> float:
    """The threshold with the best balanced accuracy on these rows; among equals, the middle of
    the widest gap between observed values (least sensitive to small score changes)."""
    values = sorted({float(r[signal]) for r in rows})
    candidates = [(a + b) / 2 for a, b in zip(values, values[1:])] or values
    best = max(accuracy(rows, signal, t)["balanced"] for t in candidates)
    good = [t for t in candidates if accuracy(rows, signal, t)["balanced"] == best]
    return round(good[len(good) // 2], 4)


def run(settings: Settings, count: int = 200, seed: int = 16) -> dict[str, Any]:
    items = load_gallery(settings.gallery_metadata)
    names_zh, names_en = gallery_names(items)
    negatives = NEGATIVES_ZH + NEGATIVES_EN
    kept = [n for n in negatives if absent(n, names_zh, names_en)]
    dropped = [n for n in negatives if n not in kept]
    subjects = [(s, True) for s in positives(items, settings, count, seed)] + [(s, False) for s in kept]
    rows = measure(subjects, settings)
    dev = [r for r in rows if r["split"] == "dev"]
    test = [r for r in rows if r["split"] == "test"]
    report: dict[str, Any] = {"positives": sum(r["present"] for r in rows), "negatives": len(kept),
                              "negatives_left_out": dropped, "dev": len(dev), "test": len(test), "signals": {}}
    for signal in ("coverage", "dense"):
        threshold = choose_threshold(dev, signal)
        report["signals"][signal] = {"threshold": threshold, "dev": accuracy(dev, signal, threshold),
                                     "test": accuracy(test, signal, threshold)}
    for row in rows:
        row["named_signal"] = float(row["named"])
    report["signals"]["retriever_named"] = {"threshold": 0.5, "dev": accuracy(dev, "named_signal", 0.5),
                                            "test": accuracy(test, "named_signal", 0.5)}
    chosen = report["signals"]["coverage"]["threshold"]
    report["errors_on_test"] = [{k: r[k] for k in ("subject", "present", "coverage", "best")}
                                for r in test if (r["coverage"] >= chosen) != r["present"]]
    report["errors_on_dev"] = [{k: r[k] for k in ("subject", "present", "coverage", "best")}
                               for r in dev if (r["coverage"] >= chosen) != r["present"]]
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [f"Subjects: {report['positives']} the gallery has, {report['negatives']} it lacks "
             f"(dev {report['dev']}, test {report['test']}).", "",
             "| signal | threshold (chosen on dev) | dev accuracy | test accuracy | test: found when present | "
             "test: missing when absent |", "|---|---|---|---|---|---|"]
    for name, data in report["signals"].items():
        lines.append(f"| {name} | {data['threshold']} | {data['dev']['accuracy']:.3f} | {data['test']['accuracy']:.3f} "
                     f"| {data['test']['found_when_present']:.3f} | {data['test']['missing_when_absent']:.3f} |")
    if report["negatives_left_out"]:
        lines += ["", "Left out (the gallery names them): " + ", ".join(report["negatives_left_out"])]
    lines += ["", "Wrong on test (coverage):"]
    lines += [f"- {e['subject']} ({'present' if e['present'] else 'absent'}): {e['coverage']} → {e['best']}"
              for e in report["errors_on_test"]] or ["- none"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--count", type=int, default=200, help="positives sampled from the gallery")
    args = parser.parse_args()
    report = run(Settings(), count=args.count)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else markdown(report))


if __name__ == "__main__":
    main()
