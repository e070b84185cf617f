"""No 5xx, no traceback: whatever a caller sends, the API answers 4xx with a sentence and the
CLI prints one `error:` line and exits with a code.

- Schemathesis over every operation of the live OpenAPI schema (valid and invalid data) and a
  stateful run (POST a batch → GET it → its zip), against a real server on 127.0.0.1 whose
  workers run the cheap `png_runner`: never a 5xx, every answer as the schema documents.
- The inputs that gave a 500 or a wrong answer, one by one: lone surrogates, briefs of only
  invisible characters, over-long asset names, wrong methods (with the UI mounted at / too).
- Batch files as people save them: a CSV row with an unclosed quote, Excel's GBK / UTF-8 BOM /
  UTF-16 "Unicode text" CSVs, JSONL lines that are not valid Unicode or nest too deeply.
- The real `huabao` console script in a subprocess for each CLI error.
"""
from __future__ import annotations

import codecs
import http.client
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from PIL import Image
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from agent.batch import BatchService, BriefRequest, InvalidBrief, read_briefs_file
from tools.config import Settings
from tools.errors import BriefError
from tools.text import NotText, decode_text_file, is_blank
from ui.server import create_app

from support.batch_support import ThreadServer, png_runner

HUABAO = Path(sys.executable).with_name("huabao")
TOKEN = "errors-token-0000"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX_BRIEFS, MAX_CHARS = 10, 200
INVISIBLE_BRIEFS = ["\u200b", "\u200b\u200c\u200d", "\u2060", "\ufeff", " \u200b\t\ufeff\u3000\n", "\u00ad\u200e"]
# A schema-valid brief is not always acceptable (unknown template, over-long text after the
# structured brief is serialised): that is a 422, which positive_data_acceptance would call a bug.
EXCLUDED = [positive_data_acceptance]


# ============================================================================ a real server
@dataclass
class Api:
    url: str
    port: int
    settings: Settings


def _settings(root: Path) -> Settings:
    return Settings(_env_file=None, data_dir=root / "data", output_dir=root / "out", api_tokens=[TOKEN],
                    max_body_bytes=100_000, max_batch_briefs=MAX_BRIEFS, max_brief_chars=MAX_CHARS)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory):
    config = _settings(tmp_path_factory.mktemp("errors"))
    with ThreadServer(create_app(config, runner_factory=png_runner, workers=2, surfaces=False)) as server:
        yield Api(f"http://127.0.0.1:{server.port}", server.port, config)


@pytest.fixture(scope="module")
def schema(api: Api):
    return schemathesis.openapi.from_url(f"{api.url}/openapi.json", timeout=30)


@pytest.fixture
def client(api: Api):
    with httpx.Client(base_url=api.url, headers=AUTH, timeout=60) as c:
        yield c


def raw(api: Api, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str | bytes] | None = None) -> tuple[int, dict[str, str], dict]:
    """A request whose path, headers and body go out byte for byte (httpx would refuse to encode
    a lone surrogate, and would normalise the path)."""
    conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=60)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        sent = {**AUTH, "Content-Type": "application/json", **(headers or {})}
        if body is not None:
            sent["Content-Length"] = str(len(body))
        for name, value in sent.items():
            conn.putheader(name, value)
        conn.endheaders(body)
        response = conn.getresponse()
        data = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, json.loads(data) if data else {}
    finally:
        conn.close()


# ============================================================================ schemathesis
def _operations(schema) -> list:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {(op.method.upper(), op.path) for op in operations} >= {
        ("POST", "/v1/posters"), ("POST", "/v1/batches"), ("GET", "/v1/batches/{batch_id}"),
        ("GET", "/v1/batches/{batch_id}/results.zip"), ("GET", "/v1/assets/{path}")}
    return operations


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_no_operation_answers_5xx_whatever_it_is_sent(schema, mode: GenerationMode) -> None:
    for operation in _operations(schema):
        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=AUTH, timeout=60, excluded_checks=EXCLUDED)

        check()


def test_stateful_batch_then_status_then_zip_never_answers_5xx(schema) -> None:
    base = schema.as_state_machine()

    class Workflow(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case) -> dict:
            return {"headers": AUTH, "timeout": 60}

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            case.validate_response(response, additional_checks=additional_checks, excluded_checks=EXCLUDED,
                                   transport_kwargs=kwargs or None)

    Workflow.run(settings=hypothesis_settings(max_examples=12, stateful_step_count=4, deadline=None,
                                              suppress_health_check=list(HealthCheck), database=None))


# ============================================================================ the inputs, one by one
SURROGATES = [
    ("/v1/posters", rb'{"brief": "\ud800"}', "brief is not valid Unicode"),
    ("/v1/posters", rb'{"brief": "ok \udfff"}', "brief is not valid Unicode"),
    ("/v1/posters", rb'{"brief": "x", "format": "\ud800"}', "format is not valid Unicode"),
    ("/v1/posters", rb'{"brief": "x", "template": "\udbff"}', "template is not valid Unicode"),
    ("/v1/posters", rb'{"brief": "x", "gallery_id": "\ud800"}', "gallery_id is not valid Unicode"),
    ("/v1/posters", rb'{"brief": {"raw": "x", "copy": {"title": "\udc00"}}}', "brief.copy.title is not valid"),
    ("/v1/posters", rb'{"brief": "x", "\ud800": 1}', "field name"),
    ("/v1/batches", rb'{"briefs": [{"brief": "ok"}, {"brief": "\ud800"}]}', "briefs.1: brief is not valid Unicode"),
    ("/v1/batches", rb'{"briefs": [{"brief": "ok"}], "\ud800": 1}', "unicode"),
]


@pytest.mark.parametrize("path,body,expected", SURROGATES, ids=[f"{i}" for i in range(len(SURROGATES))])
def test_text_that_is_not_valid_unicode_is_422_with_a_sentence(api: Api, path: str, body: bytes,
                                                               expected: str) -> None:
    status, _, answer = raw(api, "POST", path, body)
    assert status == 422, answer
    assert expected in answer["detail"]


@pytest.mark.parametrize("text", INVISIBLE_BRIEFS, ids=[ascii(t) for t in INVISIBLE_BRIEFS])
def test_a_brief_of_only_invisible_characters_is_empty(client: httpx.Client, text: str) -> None:
    for path, body in (("/v1/posters", {"brief": text}), ("/v1/batches", {"briefs": [{"brief": text}]}),
                       ("/v1/posters", {"brief": {"raw": text}})):
        response = client.post(path, json=body)
        assert response.status_code == 422, response.text
        assert "the brief is empty" in response.json()["detail"]


def test_invisible_characters_around_real_text_are_fine(client: httpx.Client) -> None:
    response = client.post("/v1/posters", json={"brief": "\ufeff\u200b好运福袋弹窗\u200b"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("name", ["a" * 5000, "a/" * 2500 + "b", "é" * 200, "x" * 256 + ".png"],
                         ids=["5000 chars", "deep", "400 bytes", "256 chars"])
def test_an_over_long_asset_name_is_404(api: Api, name: str) -> None:
    status, _, answer = raw(api, "GET", "/v1/assets/" + httpx.URL("http://h/" + name).raw_path.decode()[1:])
    assert status == 404, answer


@pytest.mark.parametrize("path,body", [
    ("/v1/batches", b'{"briefs": []}'),
    ("/v1/batches", json.dumps({"briefs": [{"brief": "x"}] * (MAX_BRIEFS + 1)}).encode()),
    ("/v1/batches", b'{"briefs": "x"}'),
    ("/v1/batches", b'{"briefs": [5]}'),
    ("/v1/posters", b'{"brief": "x", "count": 1e400}'),
    ("/v1/posters", b'{"brief": "x", "count": 100000000000000000000000000000}'),
    ("/v1/posters", b'{"brief": "x", "count": "' + b"9" * 5000 + b'"}'),
    ("/v1/posters", b'{"brief": "x", "count": -1}'),
    ("/v1/posters", b'{"brief": 5}'),
    ("/v1/posters", b'{"brief": {"raw": "x", "count": 1e308}}'),
    ("/v1/posters", b'{"brief": "' + "长".encode() * (MAX_CHARS + 1) + b'"}'),
    ("/v1/posters", b'{"brief": "x", "format": "99999999999x99999999999"}'),
    ("/v1/posters", b"[]"),
    ("/v1/posters", b"null"),
    ("/v1/posters", b'"brief"'),
], ids=lambda v: v if isinstance(v, str) else v[:40].decode("utf-8", "replace"))
def test_wrong_shapes_types_and_huge_numbers_are_422(api: Api, path: str, body: bytes) -> None:
    status, _, answer = raw(api, "POST", path, body)
    assert status == 422, answer
    assert answer["detail"] and isinstance(answer["detail"], str)


@pytest.mark.parametrize("body", [b'{"brief": "x"', b"\xff\xfe\x00", b"[" * 20_000, b""])
def test_a_body_that_is_not_json_is_400_or_422(api: Api, body: bytes) -> None:
    status, _, answer = raw(api, "POST", "/v1/posters", body)
    assert status in (400, 422), answer


def test_idempotency_keys_in_any_bytes_are_keys_and_long_ones_are_422(api: Api) -> None:
    body = b'{"briefs": [{"brief": "\xe5\xa5\xbd\xe8\xbf\x90"}]}'
    key = "好运-κλειδί".encode()  # not latin-1: the server reads header bytes as latin-1 anyway
    first = raw(api, "POST", "/v1/batches", body, {"Idempotency-Key": key})
    again = raw(api, "POST", "/v1/batches", body, {"Idempotency-Key": key})
    assert first[0] == again[0] == 202 and first[2]["id"] == again[2]["id"]
    assert again[1].get("idempotent-replayed") == "true"
    status, _, answer = raw(api, "POST", "/v1/batches", body, {"Idempotency-Key": "k" * 201})
    assert status == 422, answer


def test_the_schema_states_the_limits_the_server_enforces(client: httpx.Client) -> None:
    models = client.get("/openapi.json").json()["components"]["schemas"]
    briefs = models["BatchRequest"]["properties"]["briefs"]
    assert (briefs["minItems"], briefs["maxItems"]) == (1, MAX_BRIEFS)
    text = next(o for o in models["BriefRequest"]["properties"]["brief"]["anyOf"] if o.get("type") == "string")
    assert (text["minLength"], text["maxLength"]) == (1, MAX_CHARS)
    # and the server holds to them: one over each is refused
    assert client.post("/v1/posters", json={"brief": "x" * (MAX_CHARS + 1)}).status_code == 422
    assert client.post("/v1/posters", json={"brief": "x" * MAX_CHARS}).status_code == 200


def _wrong_methods(schema: dict) -> list[tuple[str, str, set[str]]]:
    cases = []
    for template, item in schema["paths"].items():
        path = template.replace("{batch_id}", "no-such-batch").replace("{path}", "posters/x.png")
        documented = {m.upper() for m in item}
        cases += [(method, path, documented) for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
                  if method not in documented]
    return cases


def test_wrong_methods_are_405_with_allow(api: Api, client: httpx.Client) -> None:
    cases = _wrong_methods(client.get("/openapi.json").json())
    assert len(cases) >= 15
    for method, path, documented in cases:
        response = client.request(method, path)
        assert response.status_code == 405, (method, path, response.text)
        assert set(response.headers["allow"].split(", ")) == documented
    unknown = client.get("/v1/no-such-route")
    assert unknown.status_code == 404 and "detail" in unknown.json()


def test_wrong_methods_are_405_with_the_ui_mounted_at_the_root(tmp_path: Path) -> None:
    # the UI's mount at / matches every path: without care it answered these with its own 404
    config = _settings(tmp_path)
    with ThreadServer(create_app(config, runner_factory=png_runner, workers=1)) as server, \
            httpx.Client(base_url=f"http://127.0.0.1:{server.port}", headers=AUTH, timeout=60) as client:
        for method, path, documented in _wrong_methods(client.get("/openapi.json").json()):
            response = client.request(method, path)
            assert response.status_code == 405, (method, path, response.status_code, response.text[:200])
            assert set(response.headers["allow"].split(", ")) == documented
        assert client.get("/v1/no-such-route").json()["detail"].startswith("not found")
        assert client.get("/v1/batches/no-such-batch").status_code == 404


# ============================================================================ the one rule for brief text
@pytest.mark.parametrize("text", INVISIBLE_BRIEFS)
def test_brief_request_refuses_invisible_briefs_everywhere(text: str) -> None:
    assert is_blank(text)
    with pytest.raises(ValueError, match="the brief is empty"):
        BriefRequest.model_validate({"brief": text})


@pytest.mark.parametrize("text,expected", [(t, "the brief is empty") for t in INVISIBLE_BRIEFS]
                         + [("好运\ud800", "not valid Unicode")])
def test_free_text_briefs_follow_the_same_rule(text: str, expected: str) -> None:
    # parse_brief is where MCP's make_poster, the chat and `huabao make` turn text into a Brief
    from agent.brief import parse_brief

    with pytest.raises(BriefError, match=expected):
        parse_brief(text)


def test_visible_text_is_not_blank() -> None:
    assert not any(is_blank(t) for t in ("a", "\u200b好", "·", "1", "😀"))


# ============================================================================ batch files as people save them
def _read(tmp_path: Path, name: str, data: bytes) -> list[BriefRequest | InvalidBrief]:
    path = tmp_path / name
    path.write_bytes(data)
    return read_briefs_file(path)


def _briefs(items: list[BriefRequest | InvalidBrief]) -> list[str]:
    return [f"bad: {item.error}" if isinstance(item, InvalidBrief) else str(item.brief) for item in items]


def test_a_csv_row_with_an_unclosed_quote_is_bad_and_the_rows_after_it_still_run(tmp_path: Path) -> None:
    text = 'brief,count\n好运福袋,1\n"未闭合的引号,2\n夏日横幅,3\n"带, 逗号",1\n'
    items = _read(tmp_path, "b.csv", text.encode())
    assert _briefs(items)[0] == "好运福袋" and _briefs(items)[2:] == ["夏日横幅", "带, 逗号"]
    assert isinstance(items[1], InvalidBrief) and items[1].error.startswith("line 3: a quote")
    last = _read(tmp_path, "c.csv", 'brief\n好运福袋\n"最后一行没有闭合\n'.encode())
    assert _briefs(last)[0] == "好运福袋" and "line 3: a quote" in _briefs(last)[1]


def test_text_after_a_closing_quote_is_a_bad_row_not_a_merged_one(tmp_path: Path) -> None:
    items = _read(tmp_path, "b.csv", 'brief\n"好运"福袋\n夏日\n'.encode())
    assert "line 2: a quote" in _briefs(items)[0] and _briefs(items)[1] == "夏日"


def test_a_quoted_cell_with_line_breaks_is_still_one_brief(tmp_path: Path) -> None:
    items = _read(tmp_path, "b.csv", 'brief,format\n"标题：好运福袋\n副标题：限时领取",popup\n夏日,banner\n'.encode())
    assert _briefs(items) == ["标题：好运福袋\n副标题：限时领取", "夏日"]


@pytest.mark.parametrize("encoding,prefix", [
    ("gbk", b""), ("gb18030", b""), ("utf-8", codecs.BOM_UTF8), ("utf-8", b""), ("gbk", codecs.BOM_UTF8)],
    ids=["gbk", "gb18030", "utf-8 bom", "utf-8", "bom then gbk"])
def test_excel_csv_in_a_chinese_locale_is_read(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "brief,format\r\n双十一福袋活动弹窗，标题：好运福袋,popup\r\n夏日清凉 Cool Summer,banner\r\n"
    if encoding == "gb18030":
        text += "生僻字𠀀与欧元€,square\r\n"  # outside GBK: GB18030's four-byte codes
    items = _read(tmp_path, "b.csv", prefix + text.encode(encoding))
    assert _briefs(items)[:2] == ["双十一福袋活动弹窗，标题：好运福袋", "夏日清凉 Cool Summer"]
    assert [i.format for i in items][:2] == ["popup", "banner"]
    if encoding == "gb18030":
        assert _briefs(items)[2] == "生僻字𠀀与欧元€"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_excel_unicode_text_utf16_with_tabs_is_read(tmp_path: Path, encoding: str) -> None:
    text = "\ufeffbrief\tcount\r\n好运福袋\t2\r\n夏日横幅\t1\r\n"
    items = _read(tmp_path, "b.csv", text.encode(encoding))
    assert [(i.brief, i.count) for i in items] == [("好运福袋", 2), ("夏日横幅", 1)]


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"brief\nx\x00y\n"],
                         ids=["bytes", "png", "nul"])
def test_binary_data_is_refused_clearly(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(BriefError, match="not text"):
        _read(tmp_path, "b.csv", data)
    with pytest.raises(NotText):
        decode_text_file(data)


def test_jsonl_lines_are_read_in_gbk_and_bad_lines_stay_bad(tmp_path: Path) -> None:
    lines = ['{"brief": "好运福袋"}', '{"brief": "a\u2028b"}', '{"brief": "\\ud800"}', "[" * 5000,
             '{"brief": "\u200b"}', '{"brief": "x", "count": "²"}']
    items = _read(tmp_path, "b.jsonl", "\n".join(lines).encode("gb18030"))
    found = _briefs(items)
    assert found[:2] == ["好运福袋", "a\u2028b"]  # U+2028 inside a string does not end the line
    assert "line 3: brief is not valid Unicode" in found[2]
    assert "line 4: not valid JSON" in found[3]
    assert "line 5: brief: the brief is empty" in found[4]
    assert found[5].startswith("bad: line 6: count")


def test_a_batch_file_with_bad_text_queues_and_reports_it(tmp_path: Path) -> None:
    config = _settings(tmp_path)
    path = tmp_path / "b.jsonl"
    path.write_bytes(b'{"brief": "\\ud800 bad"}\n{"brief": "ok"}\n{"brief": "x", "\\udc00": 1}\n')
    state = BatchService(config).submit_file(path)
    assert state.total == 3 and state.counts["failed"] == 2 and state.counts["queued"] == 1
    assert all(b.error is None or "not valid Unicode" in b.error for b in state.briefs)


# ============================================================================ the CLI: one line, an exit code
@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    (root / "a-folder").mkdir()
    (root / "a-file").write_text("x", encoding="utf-8")
    (root / "folder.csv").mkdir()
    (root / "binary.csv").write_bytes(bytes(range(256)) * 8)
    (root / "briefs.jsonl").write_text('{"brief": "好运福袋"}\n', encoding="utf-8")
    (root / "not-a-font.ttf").write_text("this is not a font", encoding="utf-8")
    Image.new("RGB", (32, 32), (200, 30, 30)).save(root / "image.png")
    layers = [{"id": "bg", "kind": "background", "name": "bg", "box": [0, 0, 200, 100], "fill": ["#ff0000"]},
              {"id": "t", "kind": "text", "name": "title", "box": [10, 10, 180, 60], "text": "好运", "size": 30,
               "max_size": 30, "font": str(root / "not-a-font.ttf")}]
    spec = {"width": 200, "height": 100, "format": "200x100", "layout": "hand", "safe_area": [0, 0, 200, 100],
            "layers": layers}
    (root / "bad-font.spec.json").write_text(json.dumps(spec), encoding="utf-8")
    (root / "plain.spec.json").write_text(json.dumps({**spec, "layers": layers[:1]}), encoding="utf-8")
    layers[1]["font"] = str(root / "moved-away.ttf")
    (root / "moved-font.spec.json").write_text(json.dumps(spec), encoding="utf-8")
    return root


CLI_CASES = {
    "render: missing spec": (["render", "missing.json"], {}, 1, "no such spec file"),
    "render: -o is a file": (["render", "plain.spec.json", "-o", "a-file"], {}, 1, "this is a file"),
    "render: -o under a file": (["render", "plain.spec.json", "-o", "a-file/sub"], {}, 1, "a-file/sub"),
    "render: a font that is not a font": (["render", "bad-font.spec.json", "-o", "out"], {}, 1, "cannot be used"),
    "render: HUABAO_FONT_PATH not a font": (["render", "moved-font.spec.json", "-o", "out"],
                                            {"HUABAO_FONT_PATH": "not-a-font.ttf"}, 1, "cannot be used"),
    "batch: missing file": (["batch", "missing.jsonl"], {}, 2, "missing.jsonl: cannot be read"),
    "batch: a folder": (["batch", "folder.csv"], {}, 2, "folder.csv: cannot be read"),
    "batch: binary csv": (["batch", "binary.csv"], {}, 2, "not text"),
    "batch: -o is a file": (["batch", "briefs.jsonl", "-o", "a-file"], {}, 2, "this is a file"),
    "search: missing image": (["search", "--image", "missing.png"], {}, 1, "missing.png"),
    "describe: missing image": (["describe", "missing.png"], {}, 1, "missing.png"),
    "cutout: -o is a folder": (["cutout", "image.png", "-o", "a-folder"], {}, 1, "this is a folder"),
    "cutout: --mask is a folder": (["cutout", "image.png", "-o", "x.png", "--mask", "a-folder"], {}, 1,
                                   "this is a folder"),
    "make: -o is a file": (["make", "好运福袋弹窗", "-o", "a-file"], {}, 1, "this is a file"),
    "make: invisible brief": (["make", "\u200b\ufeff "], {}, 1, "the brief is empty"),
    "make: bytes that are not UTF-8": ([b"make", b"\xff\xfe poster"], {}, 1, "not valid UTF-8"),
    "templates: unknown": (["templates", "show", "no-such-template"], {}, 1, "unknown template"),
    "a setting that does not parse": (["doctor"], {"HUABAO_WORKERS": "many"}, 1, "HUABAO_WORKERS"),
}


@pytest.mark.parametrize("case", list(CLI_CASES))
def test_the_cli_says_one_line_and_exits_with_a_code(workspace: Path, case: str) -> None:
    args, extra_env, code, expected = CLI_CASES[case]
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUABAO_")}
    env.update(HUABAO_DATA_DIR=str(workspace / "data"), HUABAO_OUTPUT_DIR=str(workspace / "out"),
               COLUMNS="60", **extra_env)  # narrow: the error line must not be wrapped
    result = subprocess.run([str(HUABAO), *args], cwd=workspace, env=env, capture_output=True, timeout=300)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert result.returncode == code, (result.returncode, stderr)
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and expected in errors[0], stderr


def test_usage_errors_keep_typer_s_exit_code(workspace: Path) -> None:
    result = subprocess.run([str(HUABAO), "make"], cwd=workspace, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Missing argument" in result.stderr and "Traceback" not in result.stderr
