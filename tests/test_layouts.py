"""Layouts as data (prompts/layouts/*.yaml): every layout composes check-clean in every degraded
case, a new file is picked up by name, bad files and names are clear errors, and ranking
follows the brief."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from support.compose_fixtures import EN_COPY, PRESETS, ZH_COPY, assets_fixture, request_for  # noqa: F401

from tools.check import check_poster
from tools.compose import compose_poster, frame_for
from tools.config import Settings
from tools.errors import SpecError
from tools.formats import get_format
from tools.layout import Theme
from tools.layouts import (
    SHIPPED_DIR,
    BriefFacts,
    get_layout,
    layout_names,
    layouts_for_format,
    load_layouts,
    rank_layouts,
    resolve_colour,
)
from tools.render import card_shape_mask, render_poster

LAYOUTS = load_layouts()
ORIGINAL = ("popup", "popup-breakout", "poster", "banner", "square")
LONG_ZH = {"title": "年终盛典全场好物五折起限时抢购", "body": "活动时间十二月一日至十二月十二日，每位会员限领一次，"
           "数量有限，先到先得，详情请见活动页面", "cta": "马上去抢购"}
LONG_EN = {"title": "The Biggest Winter Sale of the Year Is Finally Here",
           "subtitle": "Everything in store up to 70% off, members get free shipping on every single order",
           "cta": "Start shopping now"}


def _format_of(name: str) -> str:
    return LAYOUTS[name].formats[0]


def _intersects(a, b) -> bool:
    return not (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1])


# ---------------------------------------------------------------------------------- the set

def test_each_format_has_at_least_four_layouts_and_the_five_originals_keep_their_names() -> None:
    assert set(ORIGINAL) <= set(layout_names())
    for preset in PRESETS:
        names = layouts_for_format(get_format(preset))
        assert len(names) >= 4, (preset, names)
        assert preset in names  # the default, `auto`
    for name, layout in LAYOUTS.items():
        assert (SHIPPED_DIR / f"{name}.yaml").is_file()
        assert layout.description.en and layout.description.zh


@pytest.mark.parametrize("name", sorted(LAYOUTS))
@pytest.mark.parametrize("case", ["zh", "en-pedestal", "long-no-subtitle", "no-subject"])
def test_every_layout_composes_check_clean_and_degrades_gracefully(name, case, settings, assets) -> None:
    preset = _format_of(name)
    extra = {"zh": {"copy": dict(ZH_COPY)},
             "en-pedestal": {"copy": dict(EN_COPY), "pedestal": True},
             "long-no-subtitle": {"copy": LONG_ZH if name.endswith(("split", "row")) else LONG_EN},
             "no-subject": {"subject": None, "copy": dict(ZH_COPY)}}[case]
    spec = compose_poster(settings, request_for(preset, assets, layout=name, **extra))
    assert spec.layout == name and spec.size == get_format(preset).size
    assert check_poster(spec, render_poster(spec)) == [], (name, case)
    texts = spec.of_kind("text")
    subject = spec.layer("subject")
    for deco in spec.of_kind("decoration"):  # never on the copy or the subject's middle
        for text in texts:
            assert not _intersects(deco.box, text.box), (name, case, deco.id, text.id)
        if subject is not None:
            x, y, w, h = subject.box
            assert not _intersects(deco.box, (x + w // 4, y + h // 4, w // 2, h // 2)), (name, case, deco.id)
    if subject is not None:
        for text in texts:
            assert not _intersects(text.box, subject.box) or text.role == "cta", (name, case, text.id)


def test_auto_keeps_each_formats_default_and_the_spec_names_the_layout(settings, assets) -> None:
    for preset in PRESETS:
        fmt, name, _, _ = frame_for(request_for(preset, assets))
        assert name == preset == fmt.default_layout
    spec = compose_poster(settings, request_for("poster", assets, layout="poster-diagonal"))
    assert spec.layout == "poster-diagonal"
    assert any(layer.kind == "card" and (layer.style or "").startswith("polygon") for layer in spec.layers)


def test_a_series_keeps_every_layout_identical_but_the_subject(settings, assets) -> None:
    for name in ("popup-ticket", "poster-collage", "banner-split", "square-framed"):
        first = compose_poster(settings, request_for(_format_of(name), assets, layout=name))
        second = compose_poster(settings, request_for(_format_of(name), assets, layout=name,
                                                      subject=assets["subject2"]))
        for a, b in zip(first.layers, second.layers, strict=True):
            assert a == b or (a.id == "subject" and a.box == b.box), (name, a.id)


# ---------------------------------------------------------------------------------- files

_MINIMAL = """\
name: {name}
formats: [poster]
description: {{en: "A test layout", zh: "测试版式"}}
ground:
  background: {{stops: [main, "lighten(second, 0.3)"], direction: vertical}}
subject: {{region: [0.1, 0.5, 0.8, 0.4], share: 0.15, side: [0.3, 0.6]}}
copy: {{box: [0.1, 0.08, 0.8, 0.3], align: right}}
text:
  title: [0.1, 0.05, 2]
  subtitle: [0.04, 0.03, 2]
  body: [0.035, 0.028, 3]
  cta: [0.05, 0.032, 1]
button: {{height: 0.06, width: [0.4, 0.6], top: 0.42}}
suits: {{themes: [testwort]}}
"""


def test_a_layout_file_in_a_folder_is_picked_up_by_name(tmp_path, assets) -> None:
    folder = tmp_path / "prompts" / "layouts"
    folder.mkdir(parents=True)
    (folder / "poster-test-right.yaml").write_text(_MINIMAL.format(name="poster-test-right"), encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", prompts_dir=tmp_path / "prompts")
    assert "poster-test-right" in layout_names(settings.prompts_dir)
    assert "poster-test-right" not in layout_names()  # only where the folder is configured
    spec = compose_poster(settings, request_for("poster", assets, layout="poster-test-right"))
    assert spec.layout == "poster-test-right"
    title = spec.text_layer("title")
    assert title.align == "right" and title.box[1] < spec.height * 0.4 < spec.layer("subject").box[1]
    ranked = rank_layouts(BriefFacts(format="poster", title="好运福袋", theme="a testwort brief"),
                          get_format("poster"), settings.prompts_dir)
    assert ranked[0][0] == "poster-test-right"


def test_bad_layout_files_and_unknown_names_are_clear_errors(tmp_path, settings, assets) -> None:
    with pytest.raises(SpecError) as caught:
        compose_poster(settings, request_for("poster", assets, layout="diagonal"))
    message = str(caught.value)
    assert "unknown layout “diagonal”" in message and "poster-diagonal" in message and "popup-ticket" in message
    folder = tmp_path / "layouts"
    folder.mkdir()
    bad = folder / "broken.yaml"
    bad.write_text(_MINIMAL.format(name="broken").replace("lighten(second, 0.3)", "lighter(second)"),
                   encoding="utf-8")
    with pytest.raises(SpecError, match="broken.yaml is not a valid layout .*lighter"):
        layout_names(tmp_path)
    bad.write_text(_MINIMAL.format(name="broken").replace("subject:", "subjekt:"), encoding="utf-8")
    with pytest.raises(SpecError, match="broken.yaml"):
        layout_names(tmp_path)


def test_overrides_apply_without_a_subject_and_with_a_pedestal() -> None:
    plain = get_layout("popup-breakout")
    assert get_layout("popup-breakout", has_subject=False).ground.shapes[0].box[1] < plain.ground.shapes[0].box[1]
    assert get_layout("popup-breakout", pedestal=True).copy_spec.box[1] > plain.copy_spec.box[1]


# ---------------------------------------------------------------------------------- colours and shapes

def test_colour_expressions_are_palette_roles_not_code() -> None:
    theme = Theme.from_palette([(200, 0, 0), (0, 0, 200)])
    assert resolve_colour("main", theme) == (200, 0, 0)
    assert resolve_colour("mix(main, second, 0.5)", theme) == (100, 0, 100)
    assert resolve_colour("lighten(second, 1.0)", theme) == (255, 255, 255)
    assert resolve_colour("#102030", theme) == (16, 32, 48)
    for bad in ("__import__('os')", "mix(main, second)", "lighten(main, 0.2", "main main"):
        with pytest.raises(ValueError, match="colour"):
            resolve_colour(bad, theme)


def test_card_shapes_cut_notches_arcs_and_diagonals() -> None:
    ticket = np.asarray(card_shape_mask("ticket:0.5", (400, 300), 10))
    assert ticket[150, 2] == 0 and ticket[150, 200] == 255 and ticket[20, 2] == 255  # a notch in the side
    flap = np.asarray(card_shape_mask("flap:0.4", (400, 200), 10))
    assert flap[195, 200] == 255 and flap[195, 10] == 0  # the arc dips in the middle only
    split = np.asarray(card_shape_mask("polygon:0,0;1,0;0,1", (200, 200), 0))
    assert split[10, 10] == 255 and split[190, 190] == 0


# ---------------------------------------------------------------------------------- ranking

def test_ranking_follows_theme_pictures_and_copy_length() -> None:
    popup, poster = get_format("popup"), get_format("poster")
    plain = rank_layouts(BriefFacts(format="poster", title="好运福袋", subtitle="限时领取"), poster)
    assert plain[0][0] == "poster"  # the default leads an ordinary brief
    assert [name for name, _ in plain][-1] == "poster-collage"  # a collage with no pictures to fill it is last
    names = [name for name, _ in rank_layouts(BriefFacts(format="poster", title="好物清单", decorations=3,
                                                         theme="年货好物清单"), poster)]
    assert names[0] == "poster-collage"
    envelope = rank_layouts(BriefFacts(format="popup", title="新年红包", theme="春节红包 拜年"), popup)
    assert envelope[0][0] == "popup-envelope"
    long_title = rank_layouts(BriefFacts(format="poster", title="年终盛典全场好物五折起限时抢购快来"), poster)
    assert long_title[0][0] != "poster-big-type" and len(long_title) == len(layouts_for_format(poster))


# ---------------------------------------------------------------------------------- variants

def test_three_posters_are_three_layouts_best_first_and_a_series_keeps_one(mini_gallery, tmp_path) -> None:
    import json

    from agent.loop import Agent

    agent = Agent(mini_gallery.model_copy(update={"output_dir": tmp_path / "out"}))
    result = agent.make("新品耳机海报，蓝色，标题：声临其境，副标题：降噪新品上市，按钮：立即购买", count=3)
    layouts = [json.loads(Path(out.spec).read_text(encoding="utf-8"))["layout"] for out in result.outputs]
    assert len(layouts) == 3 and len(set(layouts)) == 3, layouts
    assert all(name in layouts_for_format(get_format("poster")) for name in layouts)
    single = agent.make("新品耳机海报，蓝色，标题：声临其境，副标题：降噪新品上市，按钮：立即购买")
    assert json.loads(Path(single.outputs[0].spec).read_text(encoding="utf-8"))["layout"] == "poster"
    series = agent.handle("/series 相机 耳机 标题：安全守护").result.outputs
    assert len({json.loads(Path(out.spec).read_text(encoding="utf-8"))["layout"] for out in series}) == 1
    pair = agent.make("礼物盒海报，红色和金色，标题：惊喜好礼", count=2)
    specs = [json.loads(Path(out.spec).read_text(encoding="utf-8")) for out in pair.outputs]
    assert specs[0]["palette"][0] != specs[1]["palette"][0], "each variant leads with another colour"
    places = [[(layer["source"], layer["box"]) for layer in spec["layers"] if layer["kind"] == "decoration"]
              for spec in specs]
    assert places[0] != places[1], "decorations change places between variants"
    chosen = agent.make("新品耳机海报，蓝色，标题：声临其境", layout="poster-diagonal", count=2)
    assert [json.loads(Path(out.spec).read_text(encoding="utf-8"))["layout"] for out in chosen.outputs][0] \
        == "poster-diagonal", "a layout asked for by name comes first"
    with pytest.raises(SpecError, match="unknown layout “nope”: use auto or one of .*poster-diagonal"):
        agent.make("新品耳机海报", layout="nope")


def test_new_shapes_travel_into_the_psd_and_svg_as_their_own_layers(settings, assets, tmp_path) -> None:
    from psd_tools import PSDImage

    from tools.export import export_poster

    spec = compose_poster(settings, request_for("popup", assets, layout="popup-envelope"))
    flap = spec.layer("flap")
    assert flap is not None and flap.style.startswith("flap:") and flap.name == "红包封口"
    result = export_poster(spec, tmp_path / "out", "envelope", psd=True)
    names = [layer.name for layer in PSDImage.open(result.psd).descendants()]
    assert "红包封口" in names and "卡片" in names
    assert 'data-name="红包封口"' in result.svg.read_text(encoding="utf-8")
