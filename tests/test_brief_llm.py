"""The LLM reads the brief (issue 16, item 4): better when it is right, harmless when it is not.

Runs against a real HTTP server on 127.0.0.1 speaking the OpenAI wire format (tests/support/openai_stub.py)
through langchain's ChatOpenAI with structured output.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from agent.brief import BriefLexicon, parse_brief
from agent.llm import BriefExtraction, extract_brief_with_llm, merge_llm_brief, verbatim_in_brief
from agent.loop import Agent
from support.openai_stub import OpenAIStub, Reply
from tools.config import Settings


def _settings(tmp_path: Path, stub: OpenAIStub, **extra) -> Settings:
    return Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out", llm_base_url=stub.base_url,
                    llm_model="stub-model", llm_timeout_s=5, llm_max_retries=0, **extra)


def test_verbatim_check_normalises_quotes_and_whitespace() -> None:
    brief = "标题「好运  福袋」，副标题：即日起至本月底，会员下单享双倍积分"
    assert verbatim_in_brief("好运 福袋", brief) == "好运  福袋"  # the brief's own spacing comes back
    assert verbatim_in_brief("“即日起至本月底，会员下单享双倍积分”", brief) == "即日起至本月底，会员下单享双倍积分"
    assert verbatim_in_brief("好运福袋大放送", brief) is None
    assert verbatim_in_brief("   ", brief) is None


def test_llm_copy_is_kept_only_when_verbatim_and_never_drops_a_rule_field(lexicon: BriefLexicon) -> None:
    rules = parse_brief("帮我做个开学季的海报 文具满100减20 按钮去逛逛，主视觉是书包", lexicon)
    assert rules.copy.cta == "去逛逛" and rules.copy.subtitle == "文具满100减20"
    extraction = BriefExtraction(title="开学季大促 全场5折",  # invented: discarded
                                 subtitle=None,                # the rules' subtitle stays
                                 cta="立即购买",                # not in the brief: the rules' 去逛逛 stays
                                 subjects=["书包", "文具"], theme="开学")
    merged, notes = merge_llm_brief(rules, extraction, lexicon)
    assert merged.copy.title == "" and merged.copy.subtitle == "文具满100减20" and merged.copy.cta == "去逛逛"
    assert merged.subjects == ["书包", "文具"] and merged.theme == "开学季"
    assert any("开学季大促" in note for note in notes) and any("立即购买" in note for note in notes)


def test_llm_extends_a_value_the_rules_cut_short(lexicon: BriefLexicon) -> None:
    rules = parse_brief("会员日海报，标题：会员专享，副标题：即日起至本月底，会员下单享双倍积分，整体要大气", lexicon)
    shortened = rules.with_copy(subtitle="即日起至本月底")  # as the old parser read it
    merged, _ = merge_llm_brief(shortened, BriefExtraction(subtitle="即日起至本月底，会员下单享双倍积分"), lexicon)
    assert merged.copy.subtitle == "即日起至本月底，会员下单享双倍积分"
    assert merged.copy_source["subtitle"] == "brief"


def test_structured_output_over_http(tmp_path: Path, lexicon: BriefLexicon) -> None:
    text = "中秋节月饼礼盒海报，要有月亮 标题写「花好月圆 礼寄相思」"
    answer = {"title": "“花好月圆 礼寄相思”", "subtitle": "中秋礼盒买一送一", "cta": None, "body": None,
              "subjects": ["月饼礼盒", "月亮"], "theme": "中秋"}
    with OpenAIStub(structured=[Reply(arguments=answer)]) as stub:
        brief, notes = extract_brief_with_llm(_settings(tmp_path, stub), parse_brief(text, lexicon), lexicon)
    assert brief.copy.title == "花好月圆 礼寄相思" and brief.copy.subtitle == ""  # the invented offer is dropped
    assert brief.subjects == ["月饼礼盒", "月亮"] and brief.theme == "中秋"
    assert any("买一送一" in note for note in notes)
    sent = stub.structured_requests[0]
    assert sent["tools"][0]["function"]["name"] == "BriefExtraction"
    assert sent["tool_choice"]["function"]["name"] == "BriefExtraction"  # forced: one structured answer
    assert any(text in (m.get("content") or "") for m in sent["messages"])


@pytest.mark.parametrize("reply", [Reply(status=500), Reply(raw_body="not json at all"),
                                   Reply(text="Sure! Here is the poster."),
                                   Reply(arguments="{broken json")],
                         ids=["http-500", "garbage", "no-tool-call", "broken-args"])
def test_a_misbehaving_endpoint_leaves_the_rules_reading(reply: Reply, tmp_path: Path, lexicon: BriefLexicon) -> None:
    text = "双十一福袋弹窗，标题：好运福袋，副标题：即日起至本月底，会员下单享双倍积分，按钮：立即领取"
    rules = parse_brief(text, lexicon)
    with OpenAIStub(structured=[reply]) as stub:
        brief, notes = extract_brief_with_llm(_settings(tmp_path, stub), rules, lexicon)
    assert brief.copy == rules.copy and brief.subjects == rules.subjects
    assert brief.copy.subtitle == "即日起至本月底，会员下单享双倍积分"
    assert notes and "按规则从简报中提取" in notes[0]  # in the brief's language
    assert "Error" not in notes[0] and "Exception" not in notes[0]  # no exception names for a marketer


def test_agent_reads_the_brief_with_the_llm_unless_switched_off(tmp_path: Path) -> None:
    text = "开学季海报，按钮去逛逛"
    answer = {"title": None, "subtitle": None, "cta": "去逛逛", "body": None, "subjects": ["书包"], "theme": "开学季"}
    with OpenAIStub(structured=[Reply(arguments=answer)]) as stub:
        on = Agent(_settings(tmp_path, stub)).parse(text)  # on by default when an LLM is configured
        assert len(stub.structured_requests) == 1 and on.subjects == ["书包"] and on.copy.cta == "去逛逛"
        off = Agent(_settings(tmp_path, stub, llm_brief_extraction=False)).parse(text)
        assert len(stub.requests) == 1 and off.subjects != ["书包"]


def test_the_opt_out_is_an_environment_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUABAO_LLM_BRIEF_EXTRACTION", "false")
    assert Settings(_env_file=None).llm_brief_extraction is False
    monkeypatch.delenv("HUABAO_LLM_BRIEF_EXTRACTION")
    assert Settings(_env_file=None).llm_brief_extraction is True


# ---------------------------------------------------------------------------- end to end: the poster
FUDAI = "双十一福袋弹窗，标题：好运福袋，副标题：即日起至本月底，会员下单享双倍积分，按钮：立即领取"
FUDAI_COPY = {"title": "好运福袋", "subtitle": "即日起至本月底，会员下单享双倍积分", "cta": "立即领取"}


def _printed(result) -> dict[str, str]:
    import json

    spec = json.loads(Path(result.outputs[0].spec).read_text(encoding="utf-8"))
    return {layer["role"]: layer["text"] for layer in spec["layers"] if layer["kind"] == "text"}


@pytest.mark.parametrize("reading, note", [
    (Reply(arguments={**FUDAI_COPY, "title": "好运福袋 全场5折"}), "不在简报中"),          # invents copy
    (Reply(arguments={**FUDAI_COPY, "subtitle": None}), "漏掉了简报里的副标题"),            # drops a field
    (Reply(raw_body='{"choices": [{"message": {"content": "{{{"'), "未能读取简报"),       # garbage JSON
    (Reply(arguments="{\"title\": \"好运"), "未能读取简报"),                              # broken arguments
    (Reply(delay_s=2.0), "超时"),                                                        # times out
    (Reply(status=500), "服务返回了错误"),                                                # HTTP 500
], ids=["invents-copy", "drops-a-field", "garbage-json", "broken-arguments", "timeout", "http-500"])
def test_a_misbehaving_endpoint_never_changes_the_posters_copy(mini_gallery: Settings, tmp_path: Path,
                                                               reading: Reply, note: str) -> None:
    settings = mini_gallery.model_copy(update={"output_dir": tmp_path / "out", "llm_model": "stub-model",
                                               "llm_timeout_s": 0.5, "llm_max_retries": 0})
    # The tool-calling conversation then ends without a poster: the offline planner makes it.
    with OpenAIStub([Reply(text="done")], structured=[reading]) as stub:
        result = Agent(settings.model_copy(update={"llm_base_url": stub.base_url})).make(FUDAI)
    assert len(stub.structured_requests) == 1
    assert _printed(result) == FUDAI_COPY  # exactly the brief's words, nothing more
    assert result.brief.copy_source == {"title": "brief", "subtitle": "brief", "cta": "brief"}
    assert any(note in text for text in result.notes), result.notes


def test_an_llm_that_rewrites_the_copy_on_the_poster_is_not_delivered(mini_gallery: Settings, tmp_path: Path) -> None:
    """The tool-calling LLM writes the copy into compose_poster itself: a poster with other words
    than the brief's is discarded and made again by the offline planner."""
    reading = Reply(arguments={**FUDAI_COPY, "subjects": ["福袋"]})
    script = [
        Reply(tool_calls=[("search_gallery", {"query": "红包", "k": 1})]),
        Reply(tool_calls=[("compose_poster", {"format": "popup", "subject": "", "palette": ["red", "yellow"],
                                               "title": "好运福袋", "subtitle": "全场5折 限时秒杀",  # invented
                                               "cta": "立即领取"})]),
        Reply(tool_calls=[("export_poster", {"poster": "poster1"})]),
        Reply(text="好了"),
    ]
    settings = mini_gallery.model_copy(update={"output_dir": tmp_path / "out", "llm_model": "stub-model",
                                               "llm_timeout_s": 5, "llm_max_retries": 0})
    with OpenAIStub(script, structured=[reading]) as stub:
        result = Agent(settings.model_copy(update={"llm_base_url": stub.base_url})).make(FUDAI)
    assert result.planner == "offline"
    assert _printed(result) == FUDAI_COPY
    assert any("subtitle" in note and "offline planner" in note for note in result.notes), result.notes
    assert len(list((tmp_path / "out").glob("*.png"))) == 1  # the rejected poster's files are gone
