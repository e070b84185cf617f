"""The batch worker pool on Ray (RayExecutor): briefs run on actors that keep their runner loaded,
the SQLite job store stays the single source of truth, and an actor killed mid-brief loses and
duplicates nothing. One local 2-CPU Ray instance serves the module; briefs run `png_runner`."""
from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from agent.batch import BatchService, BriefRequest, JobStore, open_file_batch, run_batch
from tools.config import Settings
from tools.errors import BackendUnavailable

from support.ray_fixtures import local_ray
from test_batch import assert_outputs_intact, starts, wait_for, write_jsonl
from support.batch_support import dying_runner, png_runner, read_ledger


@pytest.fixture(scope="module", autouse=True)
def ray_instance():
    yield from local_ray(num_cpus=2)


def ends(settings: Settings, batch_id: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for event, bid, index, _, _ in read_ledger(settings):
        if event == "end" and bid == batch_id:
            counts[index] = counts.get(index, 0) + 1
    return counts


def test_ten_briefs_run_on_ray_actors_each_exactly_once(settings: Settings, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "b.jsonl", [f"poster {i} sleep=0.05" for i in range(10)])
    state, _ = open_file_batch(settings, file, settings.output_dir)
    final = run_batch(settings, state.id, workers=2, runner_factory=png_runner, ray_address="local")
    assert final.finished and final.counts["done"] == 10
    assert starts(settings, state.id) == {i: 1 for i in range(10)}
    assert [b.attempts for b in final.briefs] == [1] * 10
    assert_outputs_intact(final)
    pids = {pid for *_, pid in read_ledger(settings)}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2  # the actors ran them, each loaded once


def test_failures_are_classified_as_on_local_workers_and_a_dying_brief_reruns_once(settings: Settings,
                                                                                 tmp_path: Path) -> None:
    texts = ["poster 0", "fail", "bug", "poster 3 die", "poster 4", "poster 5"]  # "die" SIGKILLs its actor once
    state, _ = open_file_batch(settings, write_jsonl(tmp_path / "b.jsonl", texts), settings.output_dir)
    final = run_batch(settings, state.id, workers=2, runner_factory=png_runner, ray_address="local")
    by_index = {b.index: b for b in final.briefs}
    assert by_index[1].status == "failed" and by_index[1].error_kind == "input"
    assert by_index[1].error == "this brief asks to fail"
    assert by_index[2].error_kind == "internal" and "RuntimeError: a deliberate bug" in by_index[2].error
    assert [b.attempts for b in final.briefs] == [1, 1, 1, 2, 1, 1]
    assert final.counts["done"] == 4
    assert starts(settings, state.id) == {0: 1, 1: 1, 2: 1, 3: 2, 4: 1, 5: 1}
    assert ends(settings, state.id) == {0: 1, 3: 1, 4: 1, 5: 1}


def test_an_actor_sigkilled_mid_brief_loses_and_duplicates_nothing(settings: Settings, tmp_path: Path) -> None:
    from agent.batch.executors.ray import RayExecutor

    file = write_jsonl(tmp_path / "b.jsonl", [f"poster {i} sleep=0.6" for i in range(8)])
    state, _ = open_file_batch(settings, file, settings.output_dir)
    executor = RayExecutor(settings, png_runner, 2, address="local")
    result: dict[str, object] = {}

    def drive() -> None:
        try:
            result["final"] = run_batch(settings, state.id, runner_factory=png_runner, executor=executor)
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            result["error"] = err

    thread = threading.Thread(target=drive)
    thread.start()
    wait_for(lambda: any(e == "start" for e, *_ in read_ledger(settings)), 120, "a brief to start")
    _, _, victim, _, pid = next(row for row in read_ledger(settings) if row[0] == "start")
    assert pid in executor.pids()
    os.kill(pid, signal.SIGKILL)  # the actor's process, mid-brief (each brief sleeps 0.6 s)
    thread.join(180)
    assert not thread.is_alive() and "error" not in result, result.get("error")

    final = result["final"]
    assert final.counts["done"] == 8
    assert ends(settings, state.id) == {i: 1 for i in range(8)}  # every brief finished exactly once
    ran = starts(settings, state.id)
    assert ran[victim] == 2 and all(ran[i] == 1 for i in range(8) if i != victim)
    assert {b.index: b.attempts for b in final.briefs}[victim] == 2
    assert_outputs_intact(final)


def test_ray_workers_that_cannot_start_stop_the_run_and_leave_the_briefs_queued(settings: Settings,
                                                                              tmp_path: Path) -> None:
    state, _ = open_file_batch(settings, write_jsonl(tmp_path / "b.jsonl", ["one", "two", "three"]),
                               settings.output_dir)
    with pytest.raises(BackendUnavailable, match="stopped 5 times in a row"):
        run_batch(settings, state.id, workers=2, runner_factory=dying_runner, ray_address="local")
    counts = JobStore(settings.jobs_db).counts(state.id)
    assert counts["queued"] == 3 and counts["running"] == 0


def test_the_server_service_runs_its_queue_on_ray(settings: Settings) -> None:
    service = BatchService(settings)
    service.start_workers(png_runner, 2, ray_address="local")
    try:
        from agent.batch.executors.ray import RayExecutor

        assert isinstance(service.dispatcher.executor, RayExecutor)
        state, created = service.submit([BriefRequest(brief=f"海报 {i} sleep=0.05") for i in range(3)])
        final = service.wait(state.id, timeout=120)
    finally:
        service.stop_workers(grace_s=10)
    assert created and final.counts["done"] == 3
    assert (Path(final.out_dir) / "report.json").is_file()


def test_cli_ray_option_is_a_bare_flag_or_an_address(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import tools.retrieval
    from tools.raysupport import resolve_address
    from ui.cli import app

    seen: list[str | None] = []

    def fake_index(settings, folder, **kw):
        seen.append(kw["ray_address"])
        raise BackendUnavailable("stop here")

    monkeypatch.setattr(tools.retrieval, "index_folder", fake_index)
    monkeypatch.delenv("HUABAO_RAY_ADDRESS", raising=False)
    runner = CliRunner()
    folder = str(tmp_path)
    for args in (["index", folder], ["index", folder, "--ray"], ["index", folder, "--ray", "10.0.0.5:6379"],
                 ["index", folder, "--ray", "--backend", "x"]):
        assert runner.invoke(app, args).exit_code == 1
    assert seen == [None, "local", "10.0.0.5:6379", "local"]

    configured = Settings(_env_file=None, ray_address="ray://head:10001")
    assert resolve_address(configured, None) == "ray://head:10001"  # HUABAO_RAY_ADDRESS alone turns Ray on
    assert resolve_address(configured, "") == "ray://head:10001"
    assert resolve_address(Settings(_env_file=None), None) is None
