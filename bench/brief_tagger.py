"""Fit and measure the copy tagger (agent/brief_copy/tagger.py), the learned reader beside the rules.

The tagger is fitted on tests/data/briefs/dev.jsonl, the phrasing generator's briefs (tests/support/brief_generator.py:
the issue's labels, quotes and separators) but 2,000, and the rules' reading of every brief the brief tests parse
(tests/data/briefs/pinned.jsonl, written by --pin: the conventions the tests pin), each field's value, or each line
of the fine print, marked where it stands in the brief. When to trust it over the rules is tuned on
tests/data/briefs/tune.jsonl: briefs by writers neither reader was written or fitted from (on dev the rules were
written from the very briefs, so dev would always say "trust the rules"); the 2,000 generated briefs the fit never
saw and the pinned briefs are floors (the policy may not lose one the rules read). The fresh and test splits are
only reported.

    .venv/bin/python -m bench.brief_tagger --pin        # record the rules' reading of the brief tests' briefs
    .venv/bin/python -m bench.brief_tagger --fit        # fit, pick threshold and margin on tune, write the .onnx, report
    .venv/bin/python -m bench.brief_tagger --retune     # pick threshold and margin again for the shipped weights
    .venv/bin/python -m bench.brief_tagger              # report the shipped tagger: rules, tagger, reconciled
    .venv/bin/python -m bench.brief_tagger --json

Fitting takes about half an hour on one CPU core (torch, already a dependency); reading is onnxruntime (already a dependency).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.brief import BriefLexicon  # noqa: E402
from agent.brief_copy import extract_copy  # noqa: E402
from agent.brief_copy.tagger import (CHARACTER_KINDS, SHIPPED_TAGGER, TAGS, CopyTagger, character_kind,  # noqa: E402
                                     likelihood_gain, load_tagger, reconciled, save_tagger, spans_read, tags_for)
from bench.brief_quality import DATA, FIELDS, load_split  # noqa: E402
from bench.machine import describe  # noqa: E402

WIDTH = 64  # width 128 read no better on tune and took twice as long (docs/benchmarks.md)
DILATIONS = (1, 2, 4, 8, 16, 32, 64, 1, 2, 4, 8, 16, 32, 64)  # each character sees about 250 either way
EPOCHS = 10
THRESHOLDS = (0.8, 0.85, 0.9, 0.93, 0.95, 0.97)
NEVER = 1e9  # a threshold no reading reaches
MARGINS = (0.0, 4.0, 8.0, 16.0, 32.0, 48.0, 64.0, 96.0, 128.0)  # nats: how much likelier the tagger must find its
# reading than the rules'
FLOOR = 2000  # generated briefs kept out of the fit: the policy may not lose one
PINNED = DATA / "pinned.jsonl"
PINNED_WEIGHT = 3  # each pinned brief is seen three times an epoch: they are few, and the tests hold them
SWEEP = 200  # a test that parses more briefs than this sweeps a split or the generator: it pins none of them


def generated_rows(seed: int = 0) -> list[dict[str, Any]]:
    """The phrasing generator's briefs as rows with their copy, in a seeded order (the last FLOOR are not fitted)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.brief_generator import generate_briefs

    cases = generate_briefs()
    random.Random(seed).shuffle(cases)
    return [{"brief": case.text, **{name: case.expected.get(name) or None for name in FIELDS}} for case in cases]


def pinned_rows() -> list[dict[str, Any]]:
    return load_split("pinned") if PINNED.is_file() else []


def pin() -> int:
    """Run the brief tests with the rules alone, recording each brief they parse and the rules' reading of it, and
    write the readings to PINNED: the briefs tests name one by one (a test parsing more than SWEEP briefs sweeps a
    split or the generator), but for those of the held-out splits and the tune split (unseen by the fit)."""
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_brief*.py") if "tagger" not in p.name)
    unseen = {row["brief"].strip() for split in ("fresh", "test", "tune") for row in load_split(split)}
    with tempfile.TemporaryDirectory() as out:
        env = os.environ | {"HUABAO_PINS_OUT": out}  # the plugin also turns the tagger off: the rules read alone
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "bench.brief_pins", *tests], cwd=ROOT, env=env)
        if run.returncode != 0:
            print("the brief tests failed: the rules' readings are not pinned", file=sys.stderr)
            return 1
        by_test: dict[str, dict[str, dict[str, Any]]] = {}
        for path in sorted(Path(out).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                seen = json.loads(line)
                text = seen["brief"].strip()
                if text and text not in unseen:
                    by_test.setdefault(seen["test"], {}).setdefault(
                        text, {name: seen["fields"].get(name) or None for name in FIELDS})
    readings: dict[str, dict[str, Any]] = {}
    for briefs in by_test.values():
        if len(briefs) <= SWEEP:
            for text, fields in briefs.items():
                readings.setdefault(text, fields)
    rows = [{"id": f"pinned-{number:05d}", "brief": text, **fields}
            for number, (text, fields) in enumerate(sorted(readings.items()), 1)]
    PINNED.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} pinned briefs → {PINNED.relative_to(ROOT)}", file=sys.stderr)
    return 0


def fit(rows: list[dict[str, Any]], epochs: int = EPOCHS, seed: int = 0, threads: int = 2, *, width: int = WIDTH,
        dilations: tuple[int, ...] = DILATIONS, learning_rate: float = 2e-3, batch_chars: int = 6000
        ) -> tuple[dict, list[str]]:
    """Weights (numpy, the names CopyTagger reads) and the vocabulary (characters seen at least twice)."""
    import torch
    from torch import nn
    from torch.nn import functional

    torch.manual_seed(seed)
    random.seed(seed)
    torch.set_num_threads(threads)
    counts: dict[str, int] = {}
    for row in rows:
        for char in row["brief"]:
            counts[char] = counts.get(char, 0) + 1
    vocabulary = ["", "\ufffd"] + sorted(c for c, n in counts.items() if n >= 2)  # 0 pads, 1 is unknown
    index = {c: i for i, c in enumerate(vocabulary)}

    items = [(np.array([index.get(c, 1) for c in row["brief"]]), np.array([character_kind(c) for c in row["brief"]]),
              tags_for(row["brief"], row)) for row in rows]
    model = torch_tagger(len(vocabulary), width, dilations)
    batches = _batches(items, batch_chars)  # like lengths together; their order shuffled again each epoch
    optimiser = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=1e-2)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=learning_rate, total_steps=epochs * len(batches),
                                                   pct_start=0.1)
    for epoch in range(epochs):
        model.train()
        started, total = time.time(), 0.0
        random.shuffle(batches)
        for batch in batches:
            chars, kinds, tags, mask = (torch.from_numpy(a) for a in _padded(batch))
            loss = functional.cross_entropy(model(chars, kinds, mask).reshape(-1, TAGS), tags.reshape(-1),
                                            ignore_index=-100)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item()
        print(f"  epoch {epoch + 1}/{epochs}: loss {total / len(batches):.4f} ({time.time() - started:.0f} s)",
              file=sys.stderr, flush=True)
    return arrays_of(model), vocabulary


def retuned(path: Path, about: dict) -> None:
    """The saved tagger with a new threshold and margin in its metadata, its weights as they are."""
    import onnx
    from onnx import helper

    model = onnx.load(path)
    del model.metadata_props[:]
    helper.set_model_props(model, {"about": json.dumps(about, ensure_ascii=False)})
    onnx.save(model, path)


def torch_tagger(vocabulary_size: int, width: int = WIDTH, dilations: tuple[int, ...] = DILATIONS):
    """The tagger as torch fits it; CopyTagger.probabilities runs the same as an ONNX graph (tests check they agree)."""
    from torch import nn
    from torch.nn import functional

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.characters = nn.Embedding(vocabulary_size, width, padding_idx=0)
            self.kinds = nn.Embedding(CHARACTER_KINDS, width)
            self.convs = nn.ModuleList(nn.Conv1d(width, width, 3, padding=d, dilation=d) for d in dilations)
            self.norms = nn.ModuleList(nn.LayerNorm(width) for _ in dilations)
            self.dropout = nn.Dropout(0.1)
            self.output = nn.Linear(width, TAGS)

        def forward(self, chars, kinds, mask):
            keep = mask.unsqueeze(-1).float()
            hidden = self.dropout(self.characters(chars) + self.kinds(kinds)) * keep
            for conv, norm in zip(self.convs, self.norms):
                mixed = conv(norm(hidden).transpose(1, 2)).transpose(1, 2)
                hidden = hidden + self.dropout(functional.gelu(mixed, approximate="tanh")) * keep
            return self.output(hidden)

    return Tagger()


def arrays_of(model) -> dict[str, np.ndarray]:
    """A torch tagger's weights under the names CopyTagger reads."""
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    arrays = {"characters": state["characters.weight"], "kinds": state["kinds.weight"],
              "output": state["output.weight"], "output_bias": state["output.bias"]}
    for i in range(len(model.convs)):
        arrays |= {f"conv{i}": state[f"convs.{i}.weight"], f"conv{i}_bias": state[f"convs.{i}.bias"],
                   f"norm{i}_scale": state[f"norms.{i}.weight"], f"norm{i}_shift": state[f"norms.{i}.bias"]}
    return arrays


def _batches(items: list, max_chars: int = 6000) -> list[list]:
    """Briefs of like length together (little padding), at most max_chars padded characters a batch."""
    ordered = sorted(items, key=lambda item: len(item[0]))
    batches, current, longest = [], [], 0
    for item in ordered:
        if current and max(longest, len(item[0])) * (len(current) + 1) > max_chars:
            batches.append(current)
            current, longest = [], 0
        current.append(item)
        longest = max(longest, len(item[0]))
    if current:
        batches.append(current)
    return batches


def _padded(batch: list) -> tuple[np.ndarray, ...]:
    length = max(len(chars) for chars, _, _ in batch)
    chars = np.zeros((len(batch), length), np.int64)
    kinds = np.zeros((len(batch), length), np.int64)
    tags = np.full((len(batch), length), -100, np.int64)
    mask = np.zeros((len(batch), length), bool)
    for row, (c, k, t) in enumerate(batch):
        chars[row, :len(c)], kinds[row, :len(c)], tags[row, :len(c)], mask[row, :len(c)] = c, k, t, True
    return chars, kinds, tags, mask


def _exact(row: dict[str, Any], fields: dict[str, str]) -> bool:
    return all((fields.get(name) or None) == row.get(name) for name in FIELDS)


def readings(rows: list[dict[str, Any]], tagger: CopyTagger, lexicon: BriefLexicon) -> list[dict[str, Any]]:
    """Per brief: whether the rules' and the tagger's readings are exact, how sure the tagger is of its reading, and
    how much likelier it finds it than the rules' (all a policy needs, computed once)."""
    out = []
    for row in rows:
        text = row["brief"].strip()
        rule_fields, _ = extract_copy(text, lexicon.copy_rules)
        probabilities = tagger.probabilities(text)
        tagged = spans_read(text, probabilities)
        out.append({"rules_exact": _exact(row, rule_fields), "tagger_exact": _exact(row, tagged.fields),
                    "differs": tagged.fields != rule_fields,
                    "sureness": tagged.sureness,
                    "gain": likelihood_gain(text, probabilities, tagged, rule_fields)})
    return out


def counts(read: list[dict[str, Any]], threshold: float, margin: float) -> dict[str, int]:
    """Exact briefs by the rules, the tagger, the policy (prefers_tagged's test) and either reader."""
    rules = tagger = either = chosen = 0
    for r in read:
        rules += r["rules_exact"]
        tagger += r["tagger_exact"]
        either += r["rules_exact"] or r["tagger_exact"]
        taken = r["differs"] and r["sureness"] >= threshold and r["gain"] >= margin
        chosen += r["tagger_exact"] if taken else r["rules_exact"]
    return {"briefs": len(read), "rules": rules, "tagger": tagger, "reconciled": chosen, "either": either}


def choose_policy(tagger: CopyTagger, lexicon: BriefLexicon) -> dict[str, Any]:
    """The threshold and margin that read the most tune briefs exactly while every generated brief the fit did not
    see and every pinned brief stays as exact as the rules read it (floors); ties go to the more cautious."""
    tune = readings(load_split("tune"), tagger, lexicon)
    floors = readings(generated_rows()[-FLOOR:] + pinned_rows(), tagger, lexicon)
    scored = {}
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            on_floors = counts(floors, threshold, margin)
            scored[(threshold, margin)] = (on_floors["reconciled"] >= on_floors["rules"],
                                           counts(tune, threshold, margin)["reconciled"])
    best = max(scored, key=lambda key: (scored[key][0], scored[key][1], key[1], key[0]))
    if not scored[best][0]:  # every policy loses a floor brief the rules read: the rules read alone
        print("no threshold and margin keep the floor briefs exact: the tagger is never trusted", file=sys.stderr)
        best = (NEVER, NEVER)
    return {"threshold": best[0], "margin": best[1],
            "policy_on_tune": {f"{t}/{m}": {"spec_kept": kept, "tune_exact": n} for (t, m), (kept, n) in scored.items()}}


SPLITS = ("tune", "test", "fresh", "dev", "pinned", "generated (not fitted on)")


def report(tagger: CopyTagger, lexicon: BriefLexicon, splits: tuple[str, ...] = SPLITS) -> dict[str, Any]:
    result: dict[str, Any] = {"machine": describe(), "threshold": tagger.threshold, "margin": tagger.margin,
                              "about": {k: v for k, v in tagger.about.items() if k not in ("vocabulary", "policy_on_tune")}}
    for split in splits:
        if split == "generated (not fitted on)":
            rows = generated_rows()[-FLOOR:]
        elif (DATA / f"{split}.jsonl").is_file():
            rows = load_split(split)
        else:
            continue
        result[split] = counts(readings(rows, tagger, lexicon), tagger.threshold, tagger.margin)
    rows = load_split("test") + load_split("tune")
    for row in rows:  # warm
        reconciled(row["brief"], {}, tagger)
    times = []
    for _ in range(10):
        for row in rows:
            started = time.perf_counter()
            reconciled(row["brief"], {}, tagger)
            times.append((time.perf_counter() - started) * 1000)
    result["tagger_p50_ms"] = statistics.median(times)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pin", action="store_true", help="record the rules' reading of the brief tests' briefs (pinned.jsonl)")
    parser.add_argument("--fit", action="store_true", help="fit on dev, generated and pinned briefs, choose threshold and margin on tune, write the .onnx")
    parser.add_argument("--retune", action="store_true", help="choose the threshold and margin again, keep the weights")
    parser.add_argument("--out", type=Path, default=SHIPPED_TAGGER)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--threads", type=int, default=1, help="torch threads for --fit")
    parser.add_argument("--splits", default=",".join(SPLITS), help="which splits the report reads (comma-separated)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    lexicon = BriefLexicon(tagger=False)
    if args.pin and pin() != 0:
        return 1
    if args.fit:
        dev, generated, pinned = load_split("dev"), generated_rows()[:-FLOOR], pinned_rows()
        print(f"fitting on {len(dev)} dev briefs, {len(generated)} generated and {len(pinned)} pinned ones …",
              file=sys.stderr)
        arrays, vocabulary = fit(dev + generated + pinned * PINNED_WEIGHT, args.epochs, threads=args.threads)
        about = {"what": "huabao copy tagger (agent/brief_copy/tagger.py)",
                 "fitted_on": f"dev.jsonl, {len(dev)} briefs; {len(generated)} generated "
                              f"(tests/support/brief_generator.py); pinned.jsonl, {len(pinned)} × {PINNED_WEIGHT}",
                 "dilations": list(DILATIONS), "width": WIDTH, "epochs": args.epochs, "threshold": 1.0,
                 "vocabulary": vocabulary, "licence": "MIT, as the project (pyproject.toml)"}
        tagger = CopyTagger.from_arrays(arrays, about)
        about |= choose_policy(tagger, lexicon)
        save_tagger(args.out, arrays, about)
        print(f"threshold {about['threshold']}, margin {about['margin']}; wrote {args.out}", file=sys.stderr)
    elif args.retune:
        tagger = load_tagger(args.out)
        if tagger is None:
            print(f"no tagger at {args.out}: fit one with --fit", file=sys.stderr)
            return 1
        about = tagger.about | choose_policy(tagger, lexicon)
        retuned(args.out, about)
        print(f"threshold {about['threshold']}, margin {about['margin']}; wrote {args.out}", file=sys.stderr)
    tagger = load_tagger(args.out)
    if tagger is None:
        print(f"no tagger at {args.out}: fit one with --fit", file=sys.stderr)
        return 1
    splits = tuple(s.strip() for s in args.splits.split(",") if s.strip())
    unknown = [s for s in splits if s not in SPLITS]
    if unknown:
        print(f"unknown split(s) {', '.join(unknown)}; choose from {', '.join(SPLITS)}", file=sys.stderr)
        return 2
    result = report(tagger, lexicon, splits)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"Machine: {result['machine']}\n\nthreshold {result['threshold']}, margin {result['margin']}\n")
    print("| split | briefs | rules | tagger | reconciled (shipped) | either right |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for split in SPLITS:
        if split in result:
            c = result[split]
            print(f"| {split} | {c['briefs']} | {c['rules']} | {c['tagger']} | {c['reconciled']} | {c['either']} |")
    print(f"\ntagger alone, warm: p50 {result['tagger_p50_ms']:.2f} ms a brief")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
