"""Stopping a running brief: the chat's stop button sets a `threading.Event`; the agent checks it
between pipeline steps (every step it reports, every tool call of the offline plan) and unwinds
with `TurnCancelled`, so the worker releases the model lock and nothing half-made is delivered.

`TurnCancelled` is deliberately not a HuabaoError: tools turn HuabaoErrors into error answers for
the LLM to read, and a stop must not be read as one more failed tool call.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class TurnCancelled(Exception):
    """The user stopped this brief; what it made so far is discarded."""


def raise_if_cancelled(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise TurnCancelled("stopped by the user")


def cancellable(on_step: Callable[[T], None] | None, cancel: threading.Event | None) -> Callable[[T], None] | None:
    """`on_step` that first checks `cancel`: every step the agent reports is a checkpoint."""
    if cancel is None:
        return on_step

    def report(step: T) -> None:
        raise_if_cancelled(cancel)
        if on_step is not None:
            on_step(step)

    return report
