"""The LLM path with a real local model vs the offline planner, on 20 varied briefs (issue 22).

For each model size (installed by `huabao llm install`), the bench starts the local server
(tools/local_llm.py), runs every brief through `Agent.make` with the LLM configured (one attempt:
a stall or a failure is what the fallback is for, and that is what is counted), then runs the same
briefs offline. Per brief: whether the LLM made the poster itself (no fallback), whether the
printed copy is exactly the brief's, tool calls, compose rounds, seconds; prompt and generation
tokens/s come from llama.cpp's own timings in the server log.

    python -m bench.llm_agent --models 0.5b 1.5b [--briefs 20] [--write docs/benchmarks.md]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bench.machine import describe as describe_machine

BRIEFS = [
    "双十一福袋活动弹窗，红黄配色，标题：好运福袋，副标题：限时领取，按钮：立即领取",
    "Summer sale banner, blue and white, headline: Cool Summer Deals, subtitle: Up to 50% off, button: Shop now",
    "一个3D盾牌图标海报，蓝色渐变，科技风，标题：安全守护，副标题：企业级数据保护，按钮：了解更多",
    "中秋节月饼方图，金色，标题：月圆人团圆，按钮：立即抢购",
    "开学季海报，主视觉是书包，标题：开学季文具节，副标题：文具满100减20，按钮：去逛逛",
    "冬日热饮方图，棕色，标题：暖冬第二杯半价",
    "Back to school poster with a backpack, green, title: Ready for School, button: Shop supplies",
    "新年红包弹窗，红色，标题：新春红包雨，副标题：每天三轮，按钮：马上抢",
    "618大促横幅，橙色，标题：年中狂欢，副标题：爆款直降，按钮：立即查看",
    "Gift box popup in red and gold, title: Happy New Year, cta: Open it",
    "相机新品海报，黑色，标题：定格每一刻，副标题：新品首发，按钮：预约购买",
    "耳机促销弹窗，紫色，标题：沉浸好声音，按钮：立即购买",
    "Coffee square image, brown, title: Morning Brew, subtitle: Buy one get one free",
    "会员日弹窗，皇冠，金色，标题：会员专享日，副标题：积分翻倍，按钮：立即领取",
    "圣诞节海报，圣诞树，绿色红色，标题：圣诞快乐，按钮：查看礼物",
    "Fitness app popup with a dumbbell, orange, title: Start Strong, button: Join now",
    "端午节粽子方图，绿色，标题：粽情端午",
    "火箭图标横幅，蓝色，标题：极速上线，副标题：新版本已发布",
    "Pizza delivery banner, red, title: Hot & Fresh, subtitle: 30 minutes or free, button: Order now",
    "情人节玫瑰弹窗，粉色，标题：爱要说出来，副标题：鲜花礼盒8折，按钮：去挑选",
]


class BriefRun(BaseModel):
    brief: str
    made_by_llm: bool  # the LLM's poster, no fallback
    exported_as_composed: bool = False  # the model composed it clean and stopped; huabao exported it (agent/llm.py)
    copy_exact: bool  # the printed copy is the brief's copy, field for field
    tool_calls: int
    rounds: int
    seconds: float
    prompt_tokens: int = 0
    prompt_seconds: float = 0.0
    gen_tokens: int = 0
    gen_seconds: float = 0.0
    cached_tokens: int = 0  # prompt tokens llama.cpp took from its cache (the prefix the last request shared)
    calls: list[str] = []  # the tool calls in order, `name {args}`, for reading what the model did
    note: str = ""


class ModelRun(BaseModel):
    model: str
    startup_s: float
    runs: list[BriefRun]


_TIMING = re.compile(r"prompt eval time\s*=\s*([\d.]+) ms /\s*(\d+) tokens.*?\n.*?eval time\s*=\s*([\d.]+) ms /\s*(\d+) runs")


def llama_timings(log_text: str) -> tuple[int, float, int, float]:
    """(prompt tokens, prompt seconds, generated tokens, generation seconds) summed over the
    llama_perf lines llama.cpp printed, one pair per completion. A pair whose prompt took under a
    microsecond a token is left out: llama.cpp books the first batch of a fresh context under
    "eval" there, so neither rate would be true."""
    prompt_tokens = gen_tokens = 0
    prompt_s = gen_s = 0.0
    for prompt_ms, prompt_n, gen_ms, gen_n in _TIMING.findall(log_text):
        if int(prompt_n) > 1 and float(prompt_ms) < 0.001 * int(prompt_n):
            continue
        prompt_tokens += int(prompt_n)
        prompt_s += float(prompt_ms) / 1000
        gen_tokens += int(gen_n)
        gen_s += float(gen_ms) / 1000
    return prompt_tokens, prompt_s, gen_tokens, gen_s


AUTO_EXPORT_MARK = "exported as composed"  # agent.llm.AUTO_EXPORT_NOTE's words
_PREFIX_HIT = re.compile(r"Llama\.generate: (\d+) prefix-match hit")


def cached_prompt_tokens(log_text: str) -> int:
    """Prompt tokens llama.cpp reused from its KV cache (the prefix a request shared with the one
    before), summed over the requests in the log."""
    return sum(int(n) for n in _PREFIX_HIT.findall(log_text))


def _printed_copy(result: Any) -> dict[str, str]:
    spec = json.loads(Path(result.outputs[0].spec).read_text(encoding="utf-8"))
    return {layer.get("role"): "".join(layer.get("text", "").split())
            for layer in spec["layers"] if layer.get("kind") == "text"}


def _copy_exact(result: Any) -> bool:
    printed = _printed_copy(result)
    wanted = result.brief.copy_text.model_dump()
    return all("".join((wanted.get(f) or "").split()) == (printed.get(f) or "") for f in ("title", "subtitle", "cta", "body"))


def run_briefs(settings: Any, briefs: list[str], out_dir: Path, *, log: Path | None = None,
               trace: bool = False, each: Path | None = None, label: str = "") -> list[BriefRun]:
    """Every brief through `Agent.make`; with `each`, every run is appended to that JSON-lines file
    as soon as it is measured (with `label`), so a run stopped early keeps what it measured."""
    from agent.loop import Agent

    agent = Agent(settings)
    runs = []
    for i, brief in enumerate(briefs):
        steps: list[Any] = []
        log_at = log.stat().st_size if log and log.exists() else 0
        started = time.perf_counter()
        result = agent.make(brief, out_dir=out_dir / f"{i:02d}", on_step=steps.append)
        seconds = time.perf_counter() - started
        called = [f"{call['name']} {json.dumps(call['args'], ensure_ascii=False)}"
                  for step in steps if step.kind == "llm" for call in getattr(step, "tool_calls", []) or []]
        calls = len(called)
        timings, cached = (0, 0.0, 0, 0.0), 0
        if log is not None:
            with open(log, "rb") as handle:
                handle.seek(log_at)
                text = handle.read().decode("utf-8", "replace")
            timings, cached = llama_timings(text), cached_prompt_tokens(text)
        made_by_llm = result.planner.startswith("llm:")
        as_composed = any(AUTO_EXPORT_MARK in s.message for s in steps if s.kind == "note")
        note = "" if made_by_llm else next((s.message for s in reversed(steps)
                                            if s.kind == "note" and "LLM attempt" in s.message), "")
        runs.append(BriefRun(brief=brief, made_by_llm=made_by_llm, exported_as_composed=as_composed, copy_exact=_copy_exact(result), tool_calls=calls,
                             rounds=result.rounds, seconds=round(seconds, 2), prompt_tokens=timings[0],
                             prompt_seconds=round(timings[1], 2), gen_tokens=timings[2],
                             gen_seconds=round(timings[3], 2), cached_tokens=cached, calls=called,
                             note=note[:160]))
        if each is not None:
            with each.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({"label": label, **runs[-1].model_dump()}, ensure_ascii=False) + "\n")
        kind = "llm " if made_by_llm else ("fall" if settings.llm_configured else "off ")
        print(f"  {i + 1:2d}/{len(briefs)} {kind} {seconds:6.1f}s calls={calls:2d} "
              f"rounds={result.rounds} copy={'ok' if runs[-1].copy_exact else 'CHANGED'} "
              f"prompt={timings[0]} (+{cached} cached) gen={timings[2]} {note[:90]}", flush=True)
        if trace:  # what the model called and what the tools answered, in order
            for step in steps:
                if step.kind in ("llm", "check", "error", "note", "cutout", "references"):
                    calls = getattr(step, "tool_calls", None) or []
                    line = "; ".join(f"{c['name']} {json.dumps(c['args'], ensure_ascii=False)}" for c in calls)
                    print(f"       {step.kind}: {(line or step.message)[:220]}", flush=True)
    return runs


def summary(label: str, runs: list[BriefRun]) -> dict[str, Any]:
    n = len(runs)
    llm = [r for r in runs if r.made_by_llm]
    prompt_s = sum(r.prompt_seconds for r in runs)
    gen_s = sum(r.gen_seconds for r in runs)
    return {
        "label": label, "briefs": n,
        "no_fallback": f"{len(llm)}/{n}" if label.startswith("LLM") else "—",
        "exported_by_model": f"{sum(not r.exported_as_composed for r in llm)}/{len(llm)}" if llm else "—",
        "copy_exact": f"{sum(r.copy_exact for r in runs)}/{n}",
        "tool_calls": round(statistics.mean(r.tool_calls for r in llm), 1) if llm else None,
        "rounds": round(statistics.mean(r.rounds for r in runs), 2),
        "s_per_poster": round(statistics.median(r.seconds for r in runs), 1),
        "s_per_poster_mean": round(statistics.mean(r.seconds for r in runs), 1),
        "prompt_tok_s": round(sum(r.prompt_tokens for r in runs) / prompt_s, 1) if prompt_s else None,
        "gen_tok_s": round(sum(r.gen_tokens for r in runs) / gen_s, 1) if gen_s else None,
        "prompt_tokens_per_poster": round(sum(r.prompt_tokens for r in runs) / n) if prompt_s else None,
        "gen_tokens_per_poster": round(sum(r.gen_tokens for r in runs) / n) if gen_s else None,
        "cached_tokens_per_poster": round(sum(r.cached_tokens for r in runs) / n) if prompt_s else None,
    }


def summarise(paths: list[Path]) -> list[dict[str, Any]]:
    """The table's rows from the runs that --each wrote, grouped by planner in the order first seen."""
    grouped: dict[str, list[BriefRun]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                grouped.setdefault(record.pop("label"), []).append(BriefRun.model_validate(record))
    return [summary(label, runs) for label, runs in grouped.items()]


def markdown(rows: list[dict[str, Any]], machine: str, started: str) -> str:
    head = ("| planner | briefs | made without fallback (exported by the model itself) | copy exact | tool calls / poster (LLM-made) | compose rounds "
            "| s / poster (median, mean) | prompt tok/s | gen tok/s | prompt read / from cache / generated tokens per poster |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n")
    lines = [f"| {r['label']} | {r['briefs']} | {r['no_fallback']} ({r.get('exported_by_model', '—')}) | {r['copy_exact']} | {r['tool_calls'] or '—'} "
             f"| {r['rounds']} | {r['s_per_poster']}, {r['s_per_poster_mean']} | {r['prompt_tok_s'] or '—'} "
             f"| {r['gen_tok_s'] or '—'} | {r['prompt_tokens_per_poster'] or '—'} / {r['cached_tokens_per_poster'] or '—'} "
             f"/ {r['gen_tokens_per_poster'] or '—'} |"
             for r in rows]
    return f"Machine: {machine}. Run {started}.\n\n" + head + "\n".join(lines) + "\n"


def main() -> None:
    from tools.config import Settings
    from tools.local_llm import LocalServer, agent_settings, model_path, serve_options

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", default=["0.5b"], choices=["0.5b", "1.5b"])
    parser.add_argument("--briefs", type=int, default=len(BRIEFS), help="how many of the 20 briefs (from --first)")
    parser.add_argument("--first", type=int, default=1, help="the first brief to run (1-20); briefs 1-4 are "
                                                             "the prompts' dev set, 5-20 held out")
    parser.add_argument("--trace", action="store_true", help="print each brief's tool calls")
    parser.add_argument("--logs", type=Path, default=None, help="keep the servers' logs in this folder")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline side")
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument("--json", type=Path, default=None, help="write every run here")
    parser.add_argument("--write", type=Path, default=None, help="append the table to this markdown file")
    parser.add_argument("--each", type=Path, default=None,
                        help="append every brief's run to this JSON-lines file as soon as it is measured")
    parser.add_argument("--summarise", type=Path, nargs="+", default=None, metavar="JSONL",
                        help="no run: the table from --each files of earlier runs (e.g. briefs 1-3 and 4-20)")
    args = parser.parse_args()
    if args.summarise:
        print(markdown(summarise(args.summarise), describe_machine(), "from " + ", ".join(map(str, args.summarise))))
        return

    base = Settings()
    briefs = BRIEFS[args.first - 1:args.first - 1 + args.briefs]
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows, detail = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-llm-") as scratch:
        out = Path(scratch)
        for key in args.models:
            options = serve_options(base, model_path=model_path(base.data_dir, key), port=args.port)
            log = (args.logs or out) / f"server-{key}.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            print(f"== {options.model_name}: {options.threads} threads, context {options.context}, "
                  f"{options.gpu_layers} GPU layers", flush=True)
            t0 = time.perf_counter()
            with LocalServer(options, log=log) as server:
                startup = time.perf_counter() - t0
                settings = agent_settings(base.model_copy(update={"llm_max_retries": 0}), server.options)
                label = f"LLM {options.model_name} ({'GPU' if options.gpu_layers else 'CPU'})"
                runs = run_briefs(settings, briefs, out / key, log=log, trace=args.trace, each=args.each, label=label)
            rows.append(summary(label, runs))
            detail[key] = ModelRun(model=options.model_name, startup_s=round(startup, 1), runs=runs).model_dump()
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        if not args.no_offline:
            print("== offline planner", flush=True)
            runs = run_briefs(base.model_copy(update={"llm_base_url": None, "llm_model": None}), briefs, out / "offline",
                              each=args.each, label="offline planner")
            rows.append(summary("offline planner", runs))
            detail["offline"] = [r.model_dump() for r in runs]
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    table = markdown(rows, describe_machine(), started)
    print("\n" + table)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "runs": detail}, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.write:
        with args.write.open("a", encoding="utf-8") as handle:
            handle.write("\n" + table)


if __name__ == "__main__":
    main()
