"""Taste as a score (tools/taste.py): the rules tell a good poster from a broken one, the score
rides in the spec and in `huabao make --json`, and variants come best first."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support.compose_fixtures import assets_fixture, request_for  # noqa: F401
from tools.compose import compose
from tools.config import Settings
from tools.spec import Layer, PosterSpec
from tools.taste import ERROR_PENALTY, DesignScore, score_poster

SUB_SCORES = ("balance", "alignment", "whitespace", "hierarchy", "color", "decoration", "prominence")
FOREGROUND = ("subject", "decoration", "shadow", "pedestal", "text", "button", "panel")


def _replaced(spec: PosterSpec, change) -> PosterSpec:
    return spec.model_copy(update={"layers": [change(layer) for layer in spec.layers]})


@pytest.fixture
def poster(settings, assets):
    """A composed poster (the default poster layout) and its score from compose's own layers."""
    composed = compose(settings, request_for("poster", assets))
    return composed, score_poster(composed.spec, composed.context, image=composed.image)


def test_score_is_typed_in_range_and_draws_nothing_again(settings, assets) -> None:
    composed = compose(settings, request_for("popup", assets))
    image = composed.image
    drawn = composed.context.drawn
    score = score_poster(composed.spec, composed.context, image=image)
    assert composed.context.drawn == drawn, "the score reads the layers compose drew, it draws none again"
    assert isinstance(score, DesignScore)
    values = score.as_dict()
    assert set(values) == {*SUB_SCORES, "overall"}
    assert all(0.0 <= value <= 1.0 for value in values.values()), values
    assert score.overall > 0.75, values  # a shipped layout, composed clean, is a good design
    # the same score from the spec alone (a spec file: its layers drawn anew)
    assert score_poster(composed.spec).as_dict() == pytest.approx(values, abs=0.02)


def test_a_balanced_poster_scores_above_a_lopsided_one(poster) -> None:
    composed, balanced = poster
    spec = composed.spec
    width = spec.width

    button = spec.layer("button")
    assert button is not None
    button_dx = spec.safe_area[0] - button.box[0]

    def moved(layer: Layer) -> tuple[int, int, int, int]:
        x, y, w, h = layer.box
        if layer.kind == "button" or layer.role == "cta":
            return x + button_dx, y, w, h  # the CTA label travels with its pill
        return round(width * 0.2 - w / 2), y, w, h

    def to_the_left(layer: Layer) -> Layer:
        """Everything but the ground pushed into the left third, the copy set flush left."""
        if layer.kind in ("text", "panel") and layer.role != "cta":
            return layer.model_copy(update={"align": "left"})
        if layer.kind == "shadow":
            caster = spec.layer(layer.of or "")
            return layer.model_copy(update={"box": moved(caster)}) if caster is not None else layer
        if layer.kind in FOREGROUND:
            return layer.model_copy(update={"box": moved(layer)})
        return layer

    lopsided = score_poster(_replaced(spec, to_the_left))
    assert lopsided.balance < balanced.balance - 0.25, (balanced, lopsided)
    assert lopsided.overall < balanced.overall, (balanced, lopsided)


def test_a_title_smaller_than_its_subtitle_loses_hierarchy(poster) -> None:
    composed, good = poster
    spec = composed.spec
    subtitle = spec.text_layer("subtitle")
    assert subtitle is not None

    def small_title(layer: Layer) -> Layer:
        if layer.role == "title":
            return layer.model_copy(update={"size": round(subtitle.size * 0.8), "stroke_width": 0,
                                            "weight": "regular"})
        return layer

    shrunk = score_poster(_replaced(spec, small_title))
    assert good.hierarchy > 0.9, good
    assert shrunk.hierarchy < good.hierarchy - 0.3, (good, shrunk)
    assert shrunk.overall < good.overall


def test_decorations_piled_on_the_copy_lose_crowding(poster) -> None:
    composed, clean = poster
    spec = composed.spec
    title = spec.text_layer("title")
    subtitle = spec.text_layer("subtitle")
    assert title is not None and subtitle is not None and spec.of_kind("decoration")
    spots = [title.box, subtitle.box]

    def on_the_copy(layer: Layer) -> Layer:
        if layer.kind != "decoration" and not (layer.kind == "shadow" and (layer.of or "").startswith("deco")):
            return layer
        number = int((layer.of or layer.id).split("-")[1])
        x, y, w, h = spots[number % len(spots)]
        side = max(layer.box[2], round(h * 1.4))
        return layer.model_copy(update={"box": (x + w // 2 - side // 2 + (number - 1) * side // 3,
                                                y + h // 2 - side // 2, side, side)})

    piled = score_poster(_replaced(spec, on_the_copy))
    assert clean.decoration > 0.9, clean
    assert piled.decoration < clean.decoration - 0.3, (clean, piled)
    assert piled.whitespace < clean.whitespace, "pictures on the copy leave it no breathing room"


def test_check_errors_lower_the_overall(poster) -> None:
    composed, score = poster
    problems = [{"code": "low_contrast", "severity": "error"}, {"code": "text_overlaps_decoration",
                                                                "severity": "warning"}]
    penalised = score_poster(composed.spec, composed.context, image=composed.image, problems=problems)
    assert penalised.overall == pytest.approx(score.overall - ERROR_PENALTY, abs=0.002)
    assert {k: v for k, v in penalised.as_dict().items() if k != "overall"} == \
        {k: v for k, v in score.as_dict().items() if k != "overall"}


def test_old_specs_load_and_the_score_round_trips(poster, tmp_path: Path) -> None:
    composed, score = poster
    old = json.loads(composed.spec.to_json())
    old.pop("scores")
    assert PosterSpec.model_validate(old).scores is None, "a spec written before scores loads"
    scored = composed.spec.model_copy(update={"scores": score.as_dict()})
    path = scored.save(tmp_path / "scored.spec.json")
    assert PosterSpec.load(path).scores == score.as_dict()


def test_make_json_shows_scores_and_variants_come_best_first(mini_gallery: Settings, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.cli import app

    monkeypatch.setenv("HUABAO_DATA_DIR", str(mini_gallery.data_dir))
    monkeypatch.setenv("HUABAO_OUTPUT_DIR", str(tmp_path / "cli-out"))
    result = CliRunner().invoke(app, ["make", "新品耳机海报，蓝色，标题：声临其境，副标题：降噪新品上市，按钮：立即购买",
                                      "-n", "3", "--json"])
    assert result.exit_code == 0, result.output
    outputs = json.loads(result.stdout)["outputs"]
    assert len(outputs) == 3
    overall = []
    layouts = []
    for output in outputs:
        scores = output["scores"]
        assert set(scores) == {*SUB_SCORES, "overall"} and all(0 <= v <= 1 for v in scores.values()), scores
        spec = json.loads(Path(output["spec"]).read_text(encoding="utf-8"))
        assert spec["scores"] == scores, "spec.json carries the same score"
        overall.append(scores["overall"])
        layouts.append(spec["layout"])
    assert overall == sorted(overall, reverse=True), f"variants best first: {list(zip(layouts, overall))}"
    assert len(set(layouts)) == 3
    # the files keep their variant numbers; only the order of the outputs follows the score
    assert sorted(Path(o["png"]).stem[-1] for o in outputs) == ["1", "2", "3"]


def test_variants_are_ordered_by_score_and_a_named_layout_stays_first(mini_gallery: Settings, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The real pipeline with the score's overall rising with each poster composed: the natural
    order is worst first, so the result must turn it round (and keep a layout asked for by name)."""
    import tools.taste
    from agent.loop import Agent

    real = tools.taste.score_poster
    calls: list[int] = []

    def rising(*args, **kwargs) -> DesignScore:
        calls.append(1)
        return real(*args, **kwargs).model_copy(update={"overall": round(0.1 * len(calls), 3)})

    monkeypatch.setattr(tools.taste, "score_poster", rising)
    agent = Agent(mini_gallery.model_copy(update={"output_dir": tmp_path / "out"}))
    brief = "新品耳机海报，蓝色，标题：声临其境，副标题：降噪新品上市，按钮：立即购买"
    result = agent.make(brief, count=3)
    stems = [Path(output.png).stem.rsplit("-", 1)[-1] for output in result.outputs]
    assert stems == ["3", "2", "1"], "the last composed scored best: it comes first, its file keeps its number"
    overall = [output.scores["overall"] for output in result.outputs]
    assert overall == sorted(overall, reverse=True)

    calls.clear()
    named = agent.make(brief, count=3, layout="poster-diagonal")
    layouts = [json.loads(Path(o.spec).read_text(encoding="utf-8"))["layout"] for o in named.outputs]
    assert layouts[0] == "poster-diagonal", "a layout asked for by name comes first, whatever its score"
    assert [o.scores["overall"] for o in named.outputs][1:] == sorted(
        [o.scores["overall"] for o in named.outputs][1:], reverse=True)


def test_an_empty_tile_is_a_dead_hole(settings, assets) -> None:
    composed = compose(settings, request_for("poster", assets, layout="poster-collage"))
    spec = composed.spec
    assert any(layer.id.startswith("tile") for layer in spec.of_kind("card"))
    filled = score_poster(spec, composed.context, image=composed.image)
    bare = score_poster(_replaced(spec, lambda layer: layer.model_copy(update={"visible": False})
                                  if layer.kind == "decoration" or (layer.of or "").startswith("deco") else layer))
    assert bare.whitespace < filled.whitespace - 0.15, (filled, bare)
