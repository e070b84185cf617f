"""A local Ray instance for one test module: 2 CPUs, bound to 127.0.0.1, no dashboard. Its worker
processes inherit PYTHONPATH with the repo and tests/, so they import the test helpers
(png_runner, FakeEmbedder) the way worker processes of the local pool do."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.config import Settings

REPO = Path(__file__).resolve().parents[2]


def local_ray(num_cpus: int = 2) -> Iterator[object]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[scale]')")
    from tools import raysupport

    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "tests"), *([saved] if saved else [])])
    try:
        started = raysupport.connect(Settings(_env_file=None), raysupport.LOCAL, num_cpus=num_cpus)
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
    assert started, "a Ray connection was already open: a test module left it behind"
    try:
        yield ray
    finally:
        ray.shutdown()
