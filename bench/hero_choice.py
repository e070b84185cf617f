"""Hero choice on realistic briefs: does the poster show what the brief asks for?

bench/data/hero_briefs/{dev,fresh}.jsonl: briefs written the way marketers send them (short ones,
labelled copy, long ones with background, e-mail greetings, requirement tickets, voice
transcripts), each with the gallery pictures a designer would accept as its hero
(`hero_accept`), by a hand that never read the parser, the lexicon or the retrieval code
(2026-12-01: 120 briefs, 54 dev and 66 fresh; a second round by another such hand, 130 briefs, 59 dev and
71 fresh: 113 dev, 137 fresh, each split by a hash of the brief). Tune on dev only;
fresh is only ever reported, and its misses are not printed.

Each brief goes through `Agent.make` on the embedded default, exactly as `huabao make` runs it,
against the sample gallery and its index (super-resolution left out: it changes pixels, not the
choice, and would dominate the time). The hero is the gallery reference the poster was drawn
from (`result.references[0]`).

- **hero right**: that reference is one of the pictures the writer accepted; **either**: one of the
  writer's or a second designer's (`hero_accept_judge2`: an independent judge who saw only the
  brief and the gallery list; it agreed with the writer's first choice on every brief and
  accepts about four pictures per brief).
- **reported**: the result carries `subject_not_found`. Of the wrong heroes, how many the result
  owns up to; of the right ones, how many it wrongly doubts.
- **baselines** (writer's list), through the same retriever: the gallery's first hit for the whole
  brief, and for the parser's first subject (else its theme).

    .venv/bin/python -m bench.hero_choice                   # dev and fresh
    .venv/bin/python -m bench.hero_choice --splits dev --misses   # dev's wrong heroes, to tune on
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import describe  # noqa: E402

DATA = REPO / "bench" / "data" / "hero_briefs"
TUNABLE = {"dev"}  # only these splits' misses may be printed


def load_split(name: str) -> list[dict[str, Any]]:
    lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def bench_settings(data_dir: Path, root: Path):
    """Settings over the real gallery, index and retrieval models (symlinked), without the
    super-resolution model, writing under `root`."""
    from tools.config import Settings

    own = root / "data"
    (own / "models").mkdir(parents=True)
    for name in ("gallery", "index"):
        (own / name).symlink_to((data_dir / name).resolve(), target_is_directory=True)
    for name in ("onnx", "rembg-home"):
        if (data_dir / "models" / name).is_dir():
            (own / "models" / name).symlink_to((data_dir / "models" / name).resolve(), target_is_directory=True)
    return Settings(_env_file=None, data_dir=own, output_dir=root / "out", export_editable=False)


def hexcode(gallery_id: str) -> str:
    """images/1f4f1.webp → 1f4f1"""
    return Path(gallery_id).stem


def baseline_heroes(agent: Any, row: dict[str, Any]) -> dict[str, str | None]:
    """What two plain readers would draw, for the numbers to read against: the gallery's first hit
    for the whole brief (`whole brief`), and for the parser's first subject, else its theme
    (`first noun`). Both through the same retriever the agent uses."""
    from agent.brief import parse_brief
    from tools.errors import HuabaoError

    retriever = agent.models.retriever
    brief = parse_brief(row["brief"])

    def first_hit(query: str | None) -> str | None:
        if not query:
            return None
        try:
            hits = retriever.search_text(query, k=1)
        except HuabaoError:
            return None
        return hexcode(hits[0].id) if hits else None

    return {"whole brief": first_hit(" ".join(row["brief"].split())),
            "first noun": first_hit(brief.subjects[0] if brief.subjects else brief.theme)}


def run_split(agent: Any, rows: list[dict[str, Any]], out: Path) -> list[dict[str, Any]]:
    from tools.errors import HuabaoError

    judged = []
    for row in rows:
        try:
            result = agent.make(row["brief"], out_dir=out / row["id"])
            hero = hexcode(result.references[0]) if result.references else None
            reported = any(p.get("code") == "subject_not_found" for p in result.problems)
            subjects, theme = result.brief.subjects, result.brief.theme
        except HuabaoError as err:
            hero, reported, subjects, theme = None, False, [], f"error: {err}"
        baselines = {name: pick in row["hero_accept"] for name, pick in baseline_heroes(agent, row).items()}
        judged.append({"id": row["id"], "hero": hero, "right": hero in row["hero_accept"], "reported": reported,
                       "either": hero in row["hero_accept"] or hero in row.get("hero_accept_judge2", []),
                       "baselines": baselines,
                       "subjects": subjects, "theme": theme, "accept": row["hero_accept_emoji"]})
    return judged


def summary(judged: list[dict[str, Any]]) -> dict[str, Any]:
    right = [j for j in judged if j["right"]]
    wrong = [j for j in judged if not j["right"]]
    return {"briefs": len(judged), "hero_right": round(len(right) / max(1, len(judged)), 3),
            "either": round(sum(j["either"] for j in judged) / max(1, len(judged)), 3),
            "wrong_reported": f"{sum(j['reported'] for j in wrong)}/{len(wrong)}",
            "right_doubted": f"{sum(j['reported'] for j in right)}/{len(right)}",
            "baselines": {name: round(sum(j["baselines"][name] for j in judged) / max(1, len(judged)), 3)
                          for name in (judged[0]["baselines"] if judged else {})}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--splits", default="dev,fresh")
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    parser.add_argument("--misses", action="store_true", help="print the dev split's wrong heroes")
    parser.add_argument("--json", type=Path, help="write the per-brief results of the tunable splits here")
    args = parser.parse_args()

    from agent.loop import Agent

    if not (args.data_dir / "index" / "manifest.json").is_file():
        raise SystemExit(f"no gallery index in {args.data_dir / 'index'}: run `make index` first")
    root = Path(tempfile.mkdtemp(prefix="huabao-bench-hero-"))
    agent = Agent(bench_settings(args.data_dir, root))
    print(f"# Hero choice, {time.strftime('%Y-%m-%d %H:%M')} UTC, {describe()}\n")
    print("| split | briefs | hero right (writer) | right (either designer) | wrong heroes reported "
          "| right heroes doubted | baseline: whole brief | baseline: first noun | s / brief |")
    print("|---|---|---|---|---|---|---|---|---|")
    kept: dict[str, list] = {}
    for split in filter(None, args.splits.split(",")):
        started = time.perf_counter()
        judged = run_split(agent, load_split(split), root / "out" / split)
        seconds = (time.perf_counter() - started) / max(1, len(judged))
        s = summary(judged)
        print(f"| {split} | {s['briefs']} | {s['hero_right']:.3f} | {s['either']:.3f} | {s['wrong_reported']} "
              f"| {s['right_doubted']} | {s['baselines'].get('whole brief', 0):.3f} "
              f"| {s['baselines'].get('first noun', 0):.3f} | {seconds:.2f} |", flush=True)
        if split in TUNABLE:
            kept[split] = judged
    if args.misses:
        for split, judged in kept.items():
            for j in judged:
                if not j["right"]:
                    print(f"{split} {j['id']}: hero {j['hero']} (accept {' '.join(j['accept'])}) "
                          f"subjects {j['subjects']} theme {j['theme']} reported={j['reported']}")
    if args.json:
        args.json.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
