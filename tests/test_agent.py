"""The agent end to end on the embedded default, with no LLM and with an OpenAI-compatible one."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from agent.loop import Agent
from support.openai_stub import OpenAIStub, Reply
from tools.config import Settings
from tools.errors import BriefError, HuabaoError

FUDAI = "双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取"


@pytest.fixture
def agent_settings(mini_gallery: Settings, tmp_path: Path) -> Settings:
    return mini_gallery.model_copy(update={"output_dir": tmp_path / "out"})


@pytest.fixture(scope="module")
def shared_agent(mini_gallery: Settings, tmp_path_factory: pytest.TempPathFactory) -> Agent:
    """One agent for the offline tests: models load once, as in a real worker."""
    return Agent(mini_gallery.model_copy(update={"output_dir": tmp_path_factory.mktemp("shared-out")}))


def _spec(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _layers(spec: dict, kind: str) -> list[dict]:
    return [layer for layer in spec["layers"] if layer["kind"] == kind]


def test_offline_make_writes_png_psd_and_spec(shared_agent: Agent) -> None:
    result = shared_agent.make(FUDAI)
    assert len(result.outputs) == 1
    output = result.outputs[0]
    with Image.open(output.png) as png:
        assert png.size == (750, 1000)
    from psd_tools import PSDImage

    assert len(list(PSDImage.open(output.psd).descendants())) >= 4
    spec = _spec(output.spec)
    titles = [layer["text"] for layer in _layers(spec, "text")]
    assert "好运福袋" in titles and "限时领取" in titles
    assert result.template == "blessing-bag"
    assert result.references, "a gallery reference was retrieved"
    # The layout is clean. The 20-icon gallery has no lucky bag: when the brief's reading names 福袋
    # as the subject (not only as the campaign's theme), the result says so instead of passing
    # the red envelope it drew from as one.
    assert {p["code"] for p in result.problems} <= {"subject_not_found"}, result.problems
    assert all(p["subject"] == "福袋" for p in result.problems)


def test_result_names_every_backend_honestly(shared_agent: Agent) -> None:
    result = shared_agent.make("Gift box popup in red and gold, title: Happy New Year, cta: Open it")
    backends = result.backends
    assert backends["llm"] == "offline-planner"
    for step in ("retrieve", "img2img", "pick", "cutout", "compose", "fonts", "upscale"):
        assert backends.get(step), step
    assert "diffusion" not in backends["img2img"].lower() and "diffusers" not in backends["img2img"]
    spec = _spec(result.outputs[0].spec)
    assert spec["backends"]["img2img"] == backends["img2img"]


def test_series_changes_only_the_subject(shared_agent: Agent) -> None:
    reply = shared_agent.handle("/series 相机 文件夹 耳机 标题：安全守护")
    outputs = reply.result.outputs
    assert [o.subject for o in outputs] == ["相机", "文件夹", "耳机"]
    assert [Path(o.png).stem.rsplit("-", 1)[-1] for o in outputs] == ["相机", "文件夹", "耳机"], \
        "each poster is named after its own subject"
    assert all("安全守护" in Path(o.png).stem for o in outputs)
    specs = [_spec(o.spec) for o in outputs]
    def layout(spec: dict) -> list:
        return [(layer["kind"], layer["box"]) for layer in spec["layers"]]
    assert layout(specs[0]) == layout(specs[1]) == layout(specs[2])
    assert specs[0]["palette"] == specs[1]["palette"] == specs[2]["palette"]
    subjects = {_layers(spec, "subject")[0]["source"] for spec in specs}
    assert len(subjects) == 3


def test_a_campaign_kit_is_one_design_per_format_with_one_subject_palette_and_copy(shared_agent: Agent) -> None:
    from tools.formats import PRESETS

    result = shared_agent.make("礼物盒弹窗，红黄配色，标题：惊喜好礼，副标题：限时领取，按钮：立即领取",
                               formats=["popup", "poster", "banner", "square"])
    assert [o.format for o in result.outputs] == ["popup", "poster", "banner", "square"]
    specs = [_spec(o.spec) for o in result.outputs]
    for output, spec in zip(result.outputs, specs):
        with Image.open(output.png) as png:
            assert png.size == PRESETS[output.format].size, "re-laid out for its canvas, not cropped"
        assert Path(output.png).stem.endswith(output.format), "each file is named after its format"
        assert output.problems == [], f"{output.format}: {output.problems}"
    subject_pictures = {Image.open(Path(o.spec).parent / _layers(spec, "subject")[0]["source"]).tobytes()
                        for o, spec in zip(result.outputs, specs)}
    assert len(subject_pictures) == 1, "the same subject picture in every format"
    assert len({tuple(spec["palette"]) for spec in specs}) == 1
    assert {spec["copy"]["title"] for spec in specs} == {"惊喜好礼"}
    assert len({spec["layout"] for spec in specs}) == 4


def test_a_theme_symbol_never_takes_the_heros_picture(shared_agent: Agent) -> None:
    # 冬日热饮's theme symbols start with 咖啡 (☕): chosen before the hero, that decoration took the
    # only hot-drink picture and the hero fell to a snowflake. The hero is chosen first now.
    result = shared_agent.make("冬日热饮方图，棕色和米色，标题：暖冬第二杯半价，按钮：立即下单")
    assert result.references == ["images/2615.webp"], "the hot beverage is the hero"
    assert _layers(_spec(result.outputs[0].spec), "decoration"), "the theme still decorates the poster"


def test_kit_reads_its_formats_from_the_command(shared_agent: Agent) -> None:
    reply = shared_agent.handle("/kit popup,banner 礼物盒弹窗，标题：惊喜好礼")
    assert [o.format for o in reply.result.outputs] == ["popup", "banner"]
    with pytest.raises(HuabaoError, match="unknown format|size"):
        shared_agent.make(FUDAI, formats=["popup", "billboard"])


def test_follow_up_edits_the_last_poster(shared_agent: Agent) -> None:
    first = shared_agent.handle(FUDAI).result
    second = shared_agent.handle("标题换成 好运来", previous=first).result
    before, after = _spec(first.outputs[0].spec), _spec(second.outputs[0].spec)
    assert "好运来" in [layer["text"] for layer in _layers(after, "text")]
    assert "限时领取" in [layer["text"] for layer in _layers(after, "text")]
    assert _layers(before, "subject")[0]["box"] == _layers(after, "subject")[0]["box"]
    assert second.template == first.template


def test_a_users_product_image_is_cut_out_and_placed_not_redrawn(shared_agent: Agent, tmp_path: Path) -> None:
    product = Image.new("RGB", (300, 300), (255, 255, 255))
    ImageDraw.Draw(product).rounded_rectangle((80, 60, 220, 240), radius=20, fill=(20, 120, 200))
    path = tmp_path / "product.png"
    product.save(path)
    result = shared_agent.make("新品弹窗，标题：新品上市，按钮：立即购买", images=[path])
    spec_path = Path(result.outputs[0].spec)
    subject = _layers(_spec(str(spec_path)), "subject")[0]
    source = Path(subject["source"])
    placed = Image.open(source if source.is_absolute() else spec_path.parent / source).convert("RGBA")
    opaque = [placed.getpixel((x, y)) for x in range(placed.width) for y in range(placed.height)
              if placed.getpixel((x, y))[3] == 255]
    assert opaque and all(abs(p[0] - 20) < 12 and abs(p[1] - 120) < 12 and abs(p[2] - 200) < 12 for p in opaque[::50])
    assert not result.references, "the user's product, not a gallery icon"


def test_steps_are_typed_events_that_match_the_result(shared_agent: Agent) -> None:
    """Each step is the kind it says, with its own fields; its JSON comes back as that kind; what
    the steps report is what the result holds."""
    from pydantic import TypeAdapter

    from tools.steps import (CheckStep, CutoutStep, ExportStep, KeywordsStep, ReferencesStep, Step, StepBase,
                             TemplateStep)

    steps: list[StepBase] = []
    result = shared_agent.make(FUDAI, on_step=steps.append)
    kinds = [step.kind for step in steps]
    assert kinds[:2] == ["keywords", "template"]
    assert kinds.index("references") < kinds.index("candidates") < kinds.index("pick") < kinds.index("cutout") \
        < kinds.index("check") < kinds.index("export")
    for step in steps:
        again = TypeAdapter(Step).validate_json(step.model_dump_json())
        assert type(again) is type(step) and again == step
    keywords, template = steps[0], steps[1]
    assert isinstance(keywords, KeywordsStep) and keywords.brief["copy"]["title"] == "好运福袋"
    assert isinstance(template, TemplateStep) and template.template == result.template and template.prompt
    hits = [hit for step in steps if isinstance(step, ReferencesStep) for hit in step.hits]
    assert set(result.references) <= {hit.gallery_id for hit in hits}
    assert all(isinstance(step, CutoutStep) and step.backend for step in steps if step.kind == "cutout")
    exports = [step for step in steps if isinstance(step, ExportStep)]
    assert [(e.png, e.psd, e.spec, e.svg) for e in exports] == [(o.png, o.psd, o.spec, o.svg) for o in result.outputs]
    checked = {step.poster: step.problems for step in steps if isinstance(step, CheckStep)}
    assert exports[-1].poster in checked
    layout_problems = [p for p in result.problems if p["code"] != "subject_not_found"]
    assert layout_problems == checked[exports[-1].poster]


def test_the_cutter_and_the_describer_are_built_once_per_agent(agent_settings: Settings, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """With a rembg or caption model configured, building one loads the model: an Agent builds each
    once and every brief and /describe after that reuses it."""
    import tools.cutout
    import tools.describe

    built: dict[str, int] = {"cutter": 0, "describer": 0}

    class CountedCutter(tools.cutout.Cutter):
        def __init__(self, *args, **kwargs):
            built["cutter"] += 1
            super().__init__(*args, **kwargs)

    class CountedDescriber(tools.describe.Describer):
        def __init__(self, *args, **kwargs):
            built["describer"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(tools.cutout, "Cutter", CountedCutter)
    monkeypatch.setattr(tools.describe, "Describer", CountedDescriber)
    agent = Agent(agent_settings)
    picture = tmp_path / "picture.png"
    Image.new("RGB", (96, 96), (230, 57, 48)).save(picture)
    for brief in ("礼物盒弹窗，标题：惊喜好礼", "/series 相机 耳机 标题：安全守护"):
        agent.handle(brief)
    for _ in range(2):
        assert "关键词" in agent.handle("/describe", images=[picture]).text
    assert built == {"cutter": 1, "describer": 1}


def test_help_and_templates_commands(shared_agent: Agent) -> None:
    assert "/series" in shared_agent.handle("/help").text
    assert "/tech-icon" in shared_agent.handle("/templates").text


def test_unknown_command_is_a_clear_error(shared_agent: Agent) -> None:
    with pytest.raises(BriefError, match="/help"):
        shared_agent.handle("/nonsense 1 2 3")


def test_make_json_contract(mini_gallery: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.cli import app

    monkeypatch.setenv("HUABAO_DATA_DIR", str(mini_gallery.data_dir))
    monkeypatch.setenv("HUABAO_OUTPUT_DIR", str(tmp_path / "cli-out"))
    result = CliRunner().invoke(app, ["make", "冬日热饮方图，棕色，标题：暖冬第二杯半价", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"brief", "template", "references", "backends", "rounds", "problems", "outputs"} <= set(data)
    assert set(data["outputs"][0]) >= {"png", "psd", "spec", "svg"}
    svg = Path(data["outputs"][0]["svg"])  # the SVG with live text lies beside the PSD
    assert svg.suffix == ".svg" and svg.parent == Path(data["outputs"][0]["psd"]).parent and svg.is_file()
    assert data["brief"]["format"] == "square"
    kit = CliRunner().invoke(app, ["make", "礼物盒弹窗，标题：惊喜好礼", "--formats", "square,banner", "--json"])
    assert kit.exit_code == 0, kit.output
    assert [o["format"] for o in json.loads(kit.stdout)["outputs"]] == ["square", "banner"]
    bad = CliRunner().invoke(app, ["make", "礼物盒弹窗", "--layout", "nope"])
    assert bad.exit_code == 1 and "unknown layout" in bad.output


# ------------------------------------------------------------------ the LLM path, over HTTP

SCRIPT = [
    Reply(tool_calls=[("search_gallery", {"query": "福袋 red envelope", "k": 3})]),
    Reply(tool_calls=[("generate_candidates", {"reference": "ref1", "prompt": "Blessing bag, 3D icon, clay",
                                                "reference_weight": 0.8, "n": 2, "palette": ["red", "yellow"]})]),
    Reply(tool_calls=[("pick_best", {"candidates": ["cand1", "cand2"], "keywords": ["福袋"],
                                      "palette": ["red", "yellow"]})]),
    Reply(tool_calls=[("cutout_subject", {"image": "cand1"})]),
    Reply(tool_calls=[("search_gallery", {"query": "coin", "k": 1})]),
    Reply(tool_calls=[("compose_poster", {"format": "popup", "subject": "cut1", "decorations": ["ref4"],
                                           "palette": ["red", "yellow"], "title": "好运福袋",
                                           "subtitle": "限时领取", "cta": "立即领取"})]),
    Reply(tool_calls=[("export_poster", {"poster": "poster1"})]),
    Reply(text="海报已完成。"),
]


# What a faithful LLM reads from FUDAI (the structured-output request the agent sends first).
FUDAI_READING = Reply(arguments={"title": "好运福袋", "subtitle": "限时领取", "cta": "立即领取", "body": None,
                                 "subjects": ["福袋"], "theme": "双十一"})


def _llm_settings(settings: Settings, stub: OpenAIStub, **extra) -> Settings:
    return settings.model_copy(update={"llm_base_url": stub.base_url, "llm_model": "stub-model",
                                       "llm_api_key": "sk-test", "llm_max_retries": 1,
                                       "llm_timeout_s": 5.0, **extra})


def test_llm_agent_calls_the_tools_over_the_wire(agent_settings: Settings) -> None:
    with OpenAIStub(list(SCRIPT), structured=[FUDAI_READING]) as stub:
        result = Agent(_llm_settings(agent_settings, stub)).make(FUDAI)
    assert result.planner == "llm:stub-model" and result.notes == []
    assert len(result.outputs) == 1 and Path(result.outputs[0].png).is_file()
    # the brief was read first, with structured output
    assert stub.requests[0] is stub.structured_requests[0] and len(stub.structured_requests) == 1
    sent_tools = {tool["function"]["name"] for tool in stub.agent_requests[0]["tools"]}
    assert {"search_gallery", "generate_candidates", "pick_best", "cutout_subject", "compose_poster",
            "export_poster"} <= sent_tools
    assert stub.agent_requests[0]["messages"][0]["role"] == "system"
    # the tool results went back to the model as tool messages
    assert any(m["role"] == "tool" for m in stub.agent_requests[-1]["messages"])


def test_llm_agent_streams_over_sse(agent_settings: Settings) -> None:
    from langchain_openai import ChatOpenAI

    with OpenAIStub(list(SCRIPT), structured=[FUDAI_READING]) as stub:
        model = ChatOpenAI(base_url=stub.base_url, model="stub-model", api_key="sk-test", streaming=True,
                           max_retries=0)
        steps = []
        result = Agent(_llm_settings(agent_settings, stub), chat_model=model).make(FUDAI, on_step=steps.append)
    assert all(request.get("stream") for request in stub.requests)
    assert len(result.outputs) == 1
    kinds = [step.kind for step in steps]
    assert kinds.index("references") < kinds.index("candidates") < kinds.index("check") < kinds.index("export")


@pytest.mark.parametrize("failure", [
    [Reply(status=500), Reply(status=500)],
    [Reply(status=429), Reply(status=503)],
    [Reply(raw_body="<html>bad gateway</html>"), Reply(raw_body="not json")],
    [Reply(delay_s=2.0), Reply(delay_s=2.0)],
    [Reply(tool_calls=[("search_gallery", "{not json")]), Reply(text="")] * 2,
    [Reply(tool_calls=[("draw_me_a_poster", {"x": 1})]), Reply(text="ok")] * 2,
    [Reply(text="I can't help with that.")] * 2,
    [Reply(text="")] * 2,
], ids=["http-500", "http-429-503", "garbage-body", "timeout", "malformed-tool-call", "unknown-tool",
        "refusal", "empty-answer"])
def test_llm_failures_fall_back_to_the_offline_planner(agent_settings: Settings, failure: list[Reply]) -> None:
    with OpenAIStub(failure) as stub:
        settings = _llm_settings(agent_settings, stub, llm_timeout_s=0.5)
        result = Agent(settings).make(FUDAI)
    assert result.planner == "offline"
    assert any("fell back to the offline planner" in note for note in result.notes)
    assert len(result.outputs) == 1 and Path(result.outputs[0].png).is_file()
    assert len(stub.agent_requests) >= 2, "retried before giving up"
