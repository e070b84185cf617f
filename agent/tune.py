"""Template tuning: the article's longest manual step ("这组描述词我测试了很久很久"), automated.

Render K variants of a template's modifier and detail words (and reference weight) over sample
subjects with fixed seeds, score every poster with pick's scorer plus check, and save the best
variant as a new version of the template beside the old one, with its scores.
"""
from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from agent.brief import Brief
from agent.result import MakeResult
from agent.templates import Template
from tools.errors import TemplateError
from tools.steps import PickStep, Step

STYLE_WORDS = Path(__file__).resolve().parents[1] / "prompts" / "lexicon" / "style_words.yaml"
PROBLEM_PENALTY = 0.1

Scorer = Callable[[MakeResult, list[Step]], float]


class VariantScore(BaseModel):
    variant: int
    modifiers: list[str]
    details: list[str]
    reference_weight: float
    score: float
    per_subject: dict[str, float] = Field(default_factory=dict)
    problems: int = 0


class TuneReport(BaseModel):
    template: str
    subjects: list[str]
    variants: list[VariantScore]
    best: int
    saved: str | None = None
    version: int | None = None
    message: str = ""


def make_variants(template: Template, k: int, seed: int = 0) -> list[Template]:
    """Variant 0 is the template as it is; the others resample its modifier and detail words."""
    vocabulary = yaml.safe_load(STYLE_WORDS.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    variants = [template]
    seen = {(tuple(template.modifiers), tuple(template.details), template.reference_weight)}
    attempts = 0
    while len(variants) < k and attempts < 50 * k:
        attempts += 1
        modifiers = _resample(template.modifiers, vocabulary["modifiers"], rng)
        details = _resample(template.details, vocabulary["details"], rng)
        weight = round(min(1.0, max(0.3, template.reference_weight + rng.choice([-0.15, 0.0, 0.1]))), 2)
        key = (tuple(modifiers), tuple(details), weight)
        if key in seen:
            continue
        seen.add(key)
        prompt = _rewrite_prompt(template.prompt, template.modifiers + template.details, modifiers + details)
        variants.append(template.model_copy(update={"modifiers": modifiers, "details": details,
                                                    "reference_weight": weight, "prompt": prompt}))
    return variants


def _resample(words: list[str], vocabulary: list[str], rng: random.Random) -> list[str]:
    """Keep most words, swap one or two for others from the vocabulary."""
    kept = [w for w in words if rng.random() > 0.35] or list(words[:1])
    pool = [w for w in vocabulary if w not in kept]
    kept += rng.sample(pool, k=min(len(pool), rng.choice([1, 2])))
    return kept


def _rewrite_prompt(prompt: str, old_words: list[str], new_words: list[str]) -> str:
    """The slots part of the prompt stays; its fixed modifier/detail words are replaced."""
    parts = [part.strip() for part in prompt.split(",")]
    kept = [part for part in parts if part not in old_words]
    return ", ".join(kept + new_words)


def default_scorer(result: MakeResult, steps: list[Step]) -> float:
    """pick's score of the chosen candidate (keywords + sharpness + coverage + palette), minus check problems."""
    picks = [s for s in steps if isinstance(s, PickStep) and s.ranking]
    pick_score = picks[-1].ranking[0].score if picks else 0.0
    return float(pick_score) - PROBLEM_PENALTY * len(result.problems)


def tune_template(agent: Any, name: str, subjects: list[str], *, k: int = 4, seed: int = 0,
                  scorer: Scorer = default_scorer, out_dir: Path | None = None,
                  save: bool = True, templates: Any = None) -> TuneReport:
    """`templates`: the caller's library (default the agent's shared one); the tuned version is saved
    there, so a user's /tune never writes into the shared templates."""
    if not subjects:
        raise TemplateError("tuning needs sample subjects, e.g. /tune 3d-icon 礼物盒 相机 地球仪")
    library = templates if templates is not None else agent.templates
    base = library.get(name)
    variants = make_variants(base, max(2, k), seed)
    out_dir = Path(out_dir or agent.settings.output_dir) / "tune" / base.name
    scores: list[VariantScore] = []
    for number, variant in enumerate(variants):
        per_subject: dict[str, float] = {}
        problems = 0
        for subject in subjects:
            steps: list[Step] = []
            brief = Brief(raw=subject, subjects=[subject])
            result = agent.make(brief, template_override=variant, out_dir=out_dir / f"v{number}",
                                on_step=steps.append)
            per_subject[subject] = round(scorer(result, steps), 4)
            problems += len(result.problems)
        scores.append(VariantScore(variant=number, modifiers=variant.modifiers, details=variant.details,
                                   reference_weight=variant.reference_weight,
                                   score=round(statistics.fmean(per_subject.values()), 4),
                                   per_subject=per_subject, problems=problems))
    best = max(scores, key=lambda s: (s.score, -s.variant))
    report = TuneReport(template=base.key, subjects=subjects, variants=scores, best=best.variant)
    if best.variant == 0:
        report.message = f"{base.key} already scores best ({best.score:.3f}); nothing saved"
        return report
    version = max(t.version for t in library.versions(base.name)) + 1
    tuned = variants[best.variant].model_copy(update={
        "version": version, "pin": None, "parent": base.key,
        "scores": {"mean": best.score, "baseline": scores[0].score, **{f"subject:{k}": v for k, v in best.per_subject.items()}},
    })
    if save:
        report.saved = str(library.save(tuned))
        report.version = version
    report.message = (f"variant {best.variant} scores {best.score:.3f} vs {scores[0].score:.3f} for "
                      f"{base.key}; saved as {base.name}@{version}" if save else "")
    return report


def pin_template(library: Any, name: str, version: int) -> Path:
    """Make `name` resolve to `name@version` by saving a user copy of version 1 with `pin`."""
    versions = {t.version for t in library.versions(name)}
    if version not in versions:
        raise TemplateError(f"template {name} has no version {version}; versions: {sorted(versions)}")
    first = library.versions(name)[0]
    return library.save(first.model_copy(update={"pin": version if version != 1 else None}), overwrite=True)
