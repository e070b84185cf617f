"""A pytest plugin that records the rules' reading of every brief the brief tests parse.

`python -m bench.brief_tagger --pin` runs tests/test_brief*.py with it (`-p bench.brief_pins`), and the readings
become tests/data/briefs/pinned.jsonl: the copy conventions the tests pin (a trailing stop kept, "Title: TBD" not
copy, a remark after a comma left out), which the tagger is fitted to keep and its policy may not overrule. A test
that sweeps a whole split or the generator pins no single brief; --pin leaves such tests out.
"""
from __future__ import annotations

import json
import os

_running = {"test": ""}  # the test whose briefs are being recorded


def pytest_runtest_setup(item) -> None:
    _running["test"] = item.nodeid


def pytest_configure(config) -> None:
    out_dir = os.environ.get("HUABAO_PINS_OUT")
    if not out_dir:
        return
    import agent.brief as brief
    import agent.brief_copy as brief_copy

    brief.BriefLexicon.copy_tagger = property(lambda self: None)  # the rules read alone: their reading is pinned
    original = brief_copy.extract_copy
    # one file per process: xdist workers write side by side
    sink = open(os.path.join(out_dir, f"{os.getpid()}.jsonl"), "a", encoding="utf-8")  # noqa: SIM115 (lives as long as the run)

    def recorded(text, *args, **kwargs):
        result = original(text, *args, **kwargs)
        sink.write(json.dumps({"test": _running["test"], "brief": text, "fields": result[0]}, ensure_ascii=False) + "\n")
        sink.flush()
        return result

    brief_copy.extract_copy = recorded
    brief.extract_copy = recorded
