"""One session: what a process shares between its surfaces, and the one rule for running briefs.

A `Session(settings)` holds what is expensive, built lazily once: the `Agent` (templates, brief
lexicon) and its loaded models (retriever, generator, picker, cutter, describer; tools/backends.py).
The CLI makes one per command, the server one for the chat and MCP together, a batch worker one
per process.

The concurrency rule: the pipeline runs one piece of work at a time, first come first served.
A brief from the chat and one from MCP wait in the same queue, so two briefs never run on one
pipeline at once (its render context and workspace are one run's), and a search or a cutout never
runs while a brief is changing what the models hold. A waiting chat turn can still be stopped.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from agent.cancel import raise_if_cancelled
from tools.config import Settings

if TYPE_CHECKING:
    from agent.loop import Agent
    from agent.templates import TemplateLibrary
    from tools.backends import Backends

WAIT_POLL_S = 0.2  # how often a waiting turn looks at its stop button


class WorkQueue:
    """First come, first served, one at a time. `turn()` waits for this caller's turn; while it
    waits, `cancel` (the stop button) ends the wait with `TurnCancelled`, and `on_wait(n)` is told
    how many are ahead of it whenever that changes."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._waiting: deque[object] = deque()
        self._busy = False

    def ahead_of_new_arrival(self) -> int:
        """How many a turn asked for now would wait behind (the running one included)."""
        with self._cond:
            return len(self._waiting) + int(self._busy)

    @contextmanager
    def turn(self, cancel: threading.Event | None = None,
             on_wait: Callable[[int], None] | None = None) -> Iterator[None]:
        me = object()
        with self._cond:
            self._waiting.append(me)
            told = -1
            try:
                while self._busy or self._waiting[0] is not me:
                    ahead = self._waiting.index(me) + int(self._busy)
                    if on_wait is not None and ahead != told:
                        told = ahead
                        on_wait(ahead)
                    raise_if_cancelled(cancel)
                    self._cond.wait(WAIT_POLL_S)
            except BaseException:
                self._waiting.remove(me)
                self._cond.notify_all()
                raise
            self._waiting.popleft()
            self._busy = True
        try:
            yield
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()


class Session:
    """The Agent and its models, built on first use, and the queue every pipeline call goes through."""

    def __init__(self, settings: Settings, *, agent: Agent | None = None, chat_model: Any = None,
                 expect_store: str | None = None):
        """`agent`: one already built (tests); `expect_store`: refuse a gallery index committed in
        another vector store (the CLI's --store)."""
        from tools.backends import Backends

        self.settings = settings
        self._agent = agent
        self._chat_model = chat_model
        # The models are the session's; the Agent, when built, uses the same ones.
        self.models: Backends = getattr(agent, "models", None) or Backends(settings, expect_store=expect_store)
        self._build_lock = threading.Lock()
        self.queue = WorkQueue()

    @property
    def agent(self) -> Agent:
        """Created on first use (the models inside it load on their own first use), then kept."""
        if self._agent is None:
            with self._build_lock:
                if self._agent is None:
                    from agent.loop import Agent

                    self._agent = Agent(self.settings, chat_model=self._chat_model, models=self.models)
        return self._agent

    def templates_for(self, owner: str | None) -> TemplateLibrary:
        """The shared templates (owner None: the machine's user or an admin), else also the owner's own."""
        return self.agent.templates_for(owner)
