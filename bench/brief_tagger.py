"""Fit and measure the copy tagger (agent/brief_copy/tagger.py), the learned reader beside the rules.

The tagger is fitted on tests/data/briefs/dev.jsonl and a seeded sample of the phrasing generator's briefs
(tests/support/brief_generator.py: the issue's labels, quotes and separators), each field's value, or each line of
the fine print, marked where it stands in the brief. When to trust it over the rules is tuned on
tests/data/briefs/tune.jsonl: briefs by writers neither reader was written or fitted from (on dev the rules were
written from the very briefs, so dev would always say "trust the rules"), with 2,000 more generated briefs the fit
never saw as a floor (the policy may not lose one the rules read). The fresh and test splits are only reported.

    .venv/bin/python -m bench.brief_tagger --fit        # fit, pick threshold and margin on tune, write the .npz, report
    .venv/bin/python -m bench.brief_tagger --retune     # pick threshold and margin again for the shipped weights
    .venv/bin/python -m bench.brief_tagger              # report the shipped tagger: rules, tagger, reconciled
    .venv/bin/python -m bench.brief_tagger --json

Fitting takes about half an hour on two CPU cores (torch, already a dependency); reading is numpy.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.brief import BriefLexicon  # noqa: E402
from agent.brief_copy import extract_copy  # noqa: E402
from agent.brief_copy.tagger import (CHARACTER_KINDS, SHIPPED_TAGGER, TAGS, CopyTagger, character_kind,  # noqa: E402
                                     load_tagger, prefers_tagged, reconciled, save_tagger, spans_read,
                                     tags_for)
from bench.brief_quality import DATA, FIELDS, load_split  # noqa: E402
from bench.machine import describe  # noqa: E402

WIDTH = 128
DILATIONS = (1, 2, 4, 8, 16, 32, 64, 1, 2, 4, 8, 16, 32, 64)  # each character sees about 250 either way
EPOCHS = 6
THRESHOLDS = (0.8, 0.85, 0.9, 0.93, 0.95, 0.97)
NEVER = 1e9  # a threshold no reading reaches
MARGINS = (0.0, 4.0, 8.0, 16.0, 32.0, 64.0)  # nats: how much likelier the tagger must find its reading than the rules'
GENERATED = 3000  # the issue's phrasings (labels, quotes, separators) are taught, not only the writers' ways


def generated_rows(count: int, seed: int = 0) -> list[dict[str, Any]]:
    """A seeded sample of the phrasing generator's briefs as rows with their copy."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.brief_generator import generate_briefs

    cases = generate_briefs()
    random.Random(seed).shuffle(cases)
    return [{"brief": case.text, **{name: case.expected.get(name) or None for name in FIELDS}} for case in cases[:count]]


def tags_of(row: dict[str, Any]) -> np.ndarray:
    """Each character's tag under the row's expected copy (what the fit learns)."""
    return tags_for(row["brief"], row)


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
              tags_of(row)) for row in rows]
    model = torch_tagger(len(vocabulary), width, dilations)
    batches = _batches(items, batch_chars)
    optimiser = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=1e-2)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=learning_rate, total_steps=epochs * len(batches),
                                                   pct_start=0.1)
    for epoch in range(epochs):
        model.train()
        started, total = time.time(), 0.0
        for batch in _batches(items, batch_chars):
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


def torch_tagger(vocabulary_size: int, width: int = WIDTH, dilations: tuple[int, ...] = DILATIONS):
    """The tagger as torch fits it; CopyTagger.probabilities computes the same in numpy (tests check they agree)."""
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
    """Briefs of like length together (little padding), at most max_chars padded characters a batch, shuffled."""
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
    random.shuffle(batches)
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
    """Per brief: the rules' fields, the tagger's reading, and how much likelier the tagger finds its own."""
    out = []
    for row in rows:
        text = row["brief"].strip()
        rule_fields, _ = extract_copy(text, lexicon.copy_rules)
        probabilities = tagger.probabilities(text)
        tagged = spans_read(text, probabilities)
        out.append({"row": row, "rules": rule_fields, "tagged": tagged, "text": text, "probabilities": probabilities})
    return out


def counts(read: list[dict[str, Any]], threshold: float, margin: float) -> dict[str, int]:
    rules = tagger = either = chosen = 0
    for r in read:
        row, tagged = r["row"], r["tagged"]
        rules += _exact(row, r["rules"])
        tagger += _exact(row, tagged.fields)
        either += _exact(row, r["rules"]) or _exact(row, tagged.fields)
        taken = prefers_tagged(r["text"], r["probabilities"], tagged, r["rules"], threshold, margin)
        chosen += _exact(row, tagged.fields if taken else r["rules"])
    return {"briefs": len(read), "rules": rules, "tagger": tagger, "reconciled": chosen, "either": either}


def choose_policy(tagger: CopyTagger, lexicon: BriefLexicon) -> dict[str, Any]:
    """The threshold and margin that read the most tune briefs exactly while every generated brief the fit did not
    see stays as exact as the rules read it (the issue's phrasings are a floor); ties go to the more cautious."""
    tune = readings(load_split("tune"), tagger, lexicon)
    spec = readings(generated_rows(GENERATED + 2000)[GENERATED:], tagger, lexicon)
    scored = {}
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            on_spec = counts(spec, threshold, margin)
            scored[(threshold, margin)] = (on_spec["reconciled"] >= on_spec["rules"],
                                           counts(tune, threshold, margin)["reconciled"])
    best = max(scored, key=lambda key: (scored[key][0], scored[key][1], key[1], key[0]))
    if not scored[best][0]:  # every policy loses a generated brief the rules read: the rules read alone
        print("no threshold and margin keep the generated briefs exact: the tagger is never trusted", file=sys.stderr)
        best = (NEVER, NEVER)
    return {"threshold": best[0], "margin": best[1],
            "policy_on_tune": {f"{t}/{m}": {"spec_kept": kept, "tune_exact": n} for (t, m), (kept, n) in scored.items()}}


def report(tagger: CopyTagger, lexicon: BriefLexicon) -> dict[str, Any]:
    result: dict[str, Any] = {"machine": describe(), "threshold": tagger.threshold, "margin": tagger.margin,
                              "about": {k: v for k, v in tagger.about.items() if k not in ("vocabulary", "policy_on_tune")}}
    for split in ("tune", "test", "fresh", "dev"):
        if (DATA / f"{split}.jsonl").is_file():
            result[split] = counts(readings(load_split(split), tagger, lexicon), tagger.threshold, tagger.margin)
    result["generated (not fitted on)"] = counts(readings(generated_rows(GENERATED + 2000)[GENERATED:], tagger, lexicon),
                                                 tagger.threshold, tagger.margin)
    rows = load_split("test") + load_split("tune")
    for row in rows:  # warm
        tagger.probabilities(row["brief"])
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
    parser.add_argument("--fit", action="store_true", help="fit on dev and generated briefs, choose threshold and margin on tune, write the .npz")
    parser.add_argument("--retune", action="store_true", help="choose the threshold and margin again, keep the weights")
    parser.add_argument("--out", type=Path, default=SHIPPED_TAGGER)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--generated", type=int, default=GENERATED,
                        help="how many of the phrasing generator's briefs (tests/support) join the dev briefs in the fit")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    lexicon = BriefLexicon(tagger=False)
    if args.fit:
        dev = load_split("dev")
        generated = generated_rows(args.generated)
        print(f"fitting on {len(dev)} dev briefs and {len(generated)} generated ones …", file=sys.stderr)
        arrays, vocabulary = fit(dev + generated, args.epochs)
        about = {"what": "huabao copy tagger (agent/brief_copy/tagger.py)", "fitted_on": f"dev.jsonl, {len(dev)} briefs; {len(generated)} generated (tests/support/brief_generator.py)",
                 "dilations": list(DILATIONS), "width": WIDTH, "epochs": args.epochs, "threshold": 1.0,
                 "vocabulary": vocabulary, "licence": "MIT, as the project (pyproject.toml)"}
        tagger = CopyTagger(arrays, about)
        about |= choose_policy(tagger, lexicon)
        save_tagger(args.out, arrays, about)
        print(f"threshold {about['threshold']}, margin {about['margin']}; wrote {args.out}", file=sys.stderr)
    elif args.retune:
        tagger = load_tagger(args.out)
        if tagger is None:
            print(f"no tagger at {args.out}: fit one with --fit", file=sys.stderr)
            return 1
        with np.load(args.out) as data:
            arrays = {name: data[name] for name in data.files if name != "about"}
        about = tagger.about | choose_policy(tagger, lexicon)
        save_tagger(args.out, arrays, about)
        print(f"threshold {about['threshold']}, margin {about['margin']}; wrote {args.out}", file=sys.stderr)
    tagger = load_tagger(args.out)
    if tagger is None:
        print(f"no tagger at {args.out}: fit one with --fit", file=sys.stderr)
        return 1
    result = report(tagger, lexicon)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"Machine: {result['machine']}\n\nthreshold {result['threshold']}, margin {result['margin']}\n")
    print("| split | briefs | rules | tagger | reconciled (shipped) | either right |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for split in ("tune", "test", "fresh", "dev", "generated (not fitted on)"):
        if split in result:
            c = result[split]
            print(f"| {split} | {c['briefs']} | {c['rules']} | {c['tagger']} | {c['reconciled']} | {c['either']} |")
    print(f"\ntagger alone, warm: p50 {result['tagger_p50_ms']:.2f} ms a brief")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
