"""Template tuning renders variants through the real pipeline and keeps the best-scoring one."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent.loop import Agent
from agent.tune import make_variants, pin_template, tune_template
from tools.config import Settings
from tools.steps import CandidatesStep


@pytest.fixture
def agent(mini_gallery: Settings, tmp_path: Path) -> Agent:
    return Agent(mini_gallery.model_copy(update={"output_dir": tmp_path / "out", "data_dir": mini_gallery.data_dir}))


def test_variants_are_distinct_and_keep_the_subject_slot(agent: Agent) -> None:
    base = agent.templates.get("3d-icon")
    variants = make_variants(base, 5, seed=1)
    assert variants[0] is base and len(variants) == 5
    keys = {(tuple(v.modifiers), tuple(v.details), v.reference_weight) for v in variants}
    assert len(keys) == 5
    assert all("{subject}" in v.prompt for v in variants)
    assert make_variants(base, 5, seed=1)[3].prompt == variants[3].prompt, "seeded"


def test_tuning_picks_and_saves_the_variant_that_scores_best(agent: Agent, tmp_path: Path) -> None:
    variants = make_variants(agent.templates.get("3d-icon"), 3, seed=7)
    planted_word = next(w for w in variants[2].modifiers if w not in variants[0].modifiers and
                        w not in variants[1].modifiers)

    def planted_scorer(result, steps) -> float:
        # The word reaches the generator's prompt only through the rendered variant.
        prompts = [s.prompt for s in steps if isinstance(s, CandidatesStep)]
        return 1.0 if any(planted_word in p for p in prompts) else 0.0

    # keep the user templates of this test apart from the shared mini gallery's
    agent.templates.user_dir = tmp_path / "templates"
    agent.templates.dirs[-1] = agent.templates.user_dir
    report = tune_template(agent, "3d-icon", ["礼物盒"], k=3, seed=7, scorer=planted_scorer)
    assert [v.score for v in report.variants] == [0.0, 0.0, 1.0]
    assert report.best == 2 and report.version == 2
    saved = agent.templates.get("3d-icon@2")
    assert planted_word in saved.modifiers and saved.scores["mean"] == 1.0 and saved.parent == "3d-icon"
    assert agent.templates.get("3d-icon").version == 1, "not used until pinned"
    pin_template(agent.templates, "3d-icon", 2)
    assert agent.templates.get("3d-icon").version == 2
