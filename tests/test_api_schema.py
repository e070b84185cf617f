"""Schemathesis against the live OpenAPI schema: whatever the generated request, valid or not,
no 5xx, and every answer matches what the schema documents. Bounded: a fixed number of
examples, only 127.0.0.1, briefs made by the cheap `png_runner`.

(`schema.parametrize()` with `from_fixture` trips over pytest 9's node ids in schemathesis 4.32,
so the test drives the schema's own Hypothesis strategy, which is the same generator.)"""
from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tools.config import Settings
from ui.server import create_app

from support.batch_support import ThreadServer, png_runner

TOKEN = "schema-token-0000"


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    root: Path = tmp_path_factory.mktemp("schema")
    config = Settings(_env_file=None, data_dir=root / "data", output_dir=root / "out", api_tokens=[TOKEN],
                      max_body_bytes=100_000, max_batch_briefs=10, max_brief_chars=200)
    with ThreadServer(create_app(config, runner_factory=png_runner, workers=2, surfaces=False)) as server:
        yield schemathesis.openapi.from_url(f"http://127.0.0.1:{server.port}/openapi.json", timeout=30)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_the_api_never_answers_5xx_and_keeps_to_its_schema(api_schema, mode: GenerationMode) -> None:
    @given(case=api_schema.as_strategy(generation_mode=mode))
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:
        # Schema-valid is not always acceptable: an unknown template name or an over-long brief is
        # a string to the schema and a 422 to us (limits and templates are runtime configuration).
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60,
                               excluded_checks=[positive_data_acceptance])

    check()
