"""Ray, when asked for: `huabao index DIR --ray [ADDRESS]`, `huabao batch FILE --ray [ADDRESS]`,
`huabao serve --ray [ADDRESS]`, or `HUABAO_RAY_ADDRESS` for all three.

An address is anything `ray.init` takes: `host:6379` (this machine is a node of the cluster),
`ray://head:10001` (Ray Client, from outside it), `auto` (the cluster this node belongs to), or
`local`: start a Ray instance on this machine for this process (stopped when it ends).

Every node must have huabao installed (the same version) and see the same files: briefs write
their posters to the batch folder and ingestion reads the gallery by path, so on a cluster
those live on a shared filesystem. Importing this module does not import Ray.
"""
from __future__ import annotations

import logging
import threading

from tools.config import Settings
from tools.errors import BackendUnavailable

log = logging.getLogger("huabao.ray")

LOCAL = "local"
INSTALL_HINT = "pip install -e '.[scale]'"
_lock = threading.Lock()


def resolve_address(settings: Settings, option: str | None) -> str | None:
    """The Ray address a surface should use, or None for no Ray.

    `option` is what the user typed: None (no --ray) falls back to HUABAO_RAY_ADDRESS; "" (a bare
    `--ray`) means HUABAO_RAY_ADDRESS or else a local instance; anything else is the address."""
    if option is None:
        return (settings.ray_address or "").strip() or None
    option = option.strip()
    return option or (settings.ray_address or "").strip() or LOCAL


def import_ray():
    try:
        import ray
    except ImportError:
        raise BackendUnavailable(f"Ray is not installed: {INSTALL_HINT} (it brings ray[data])") from None
    return ray


def connect(settings: Settings, address: str | None = None, *, num_cpus: int | None = None) -> bool:
    """Connect this process to Ray (idempotent). Returns True when this call started Ray, so the
    caller that started it can stop it with `disconnect`.

    `address` None or "local": a Ray instance on this machine, bound to 127.0.0.1, without the
    dashboard, with `num_cpus` CPUs (default: all of them)."""
    ray = import_ray()
    with _lock:
        if ray.is_initialized():
            return False
        address = (address or settings.ray_address or LOCAL).strip()
        try:
            if address == LOCAL:
                ray.init(num_cpus=num_cpus, include_dashboard=False, _node_ip_address="127.0.0.1",
                         log_to_driver=False, configure_logging=False)
            else:
                ray.init(address=address, log_to_driver=False, configure_logging=False)
        except Exception as err:  # ConnectionError, TimeoutError, RuntimeError, ValueError from ray.init
            where = "start a local Ray instance" if address == LOCAL else f"connect to the Ray cluster at {address}"
            raise BackendUnavailable(f"could not {where}: {type(err).__name__}: {err}") from None
        log.info("ray: connected to %s (%s)", address, ray.cluster_resources())
        return True


def disconnect(started: bool) -> None:
    """Stop Ray if `connect` started it; leave a connection someone else made alone."""
    if not started:
        return
    ray = import_ray()
    if ray.is_initialized():
        ray.shutdown()


def cluster_gpus() -> float:
    return float(import_ray().cluster_resources().get("GPU", 0.0))


def cluster_cpus() -> float:
    return float(import_ray().cluster_resources().get("CPU", 0.0))

