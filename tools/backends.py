"""The loaded models of one session: retriever, generator, picker, cutter and describer.

Each is built on first use and then kept, so a server, a batch worker or a CLI call loads a model
once however many briefs, searches and cutouts it serves. Building is guarded by one lock: two
threads asking for the retriever at the same moment get the same object, not two copies.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

from tools.config import Settings

if TYPE_CHECKING:
    from tools.cutout import Cutter
    from tools.describe import Describer
    from tools.generate import Generator
    from tools.pick import Picker
    from tools.retrieval import Retriever


def _retriever(settings: Settings, expect_store: str | None = None) -> Retriever:
    from tools.retrieval import Retriever

    return Retriever(settings, expect_store=expect_store)


def _generator(settings: Settings) -> Generator:
    from tools.generate import Generator

    return Generator(settings)


def _picker(settings: Settings, retriever: Retriever | None = None) -> Picker:
    from tools.pick import Picker

    return Picker(settings, retriever=retriever)


def _cutter(settings: Settings) -> Cutter:
    from tools.cutout import Cutter

    return Cutter(settings)


def _describer(settings: Settings) -> Describer:
    from tools.describe import Describer

    return Describer(settings)


_BUILDERS: dict[str, Callable[[Settings], Any]] = {
    "retriever": _retriever, "generator": _generator, "picker": _picker, "cutter": _cutter, "describer": _describer,
}


class Backends:
    """The models one session shares between its runs, each loaded on first use."""

    def __init__(self, settings: Settings, *, expect_store: str | None = None):
        """`expect_store`: the retriever refuses an index committed in another vector store (`--store`)."""
        self.settings = settings
        self.expect_store = expect_store
        self._loaded: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _get(self, name: str) -> Any:
        model = self._loaded.get(name)
        if model is None:
            # pick searches the gallery with the session's retriever: one index and one text model
            # per process (got before the lock, which building the retriever takes itself)
            shared = {"retriever": self.retriever} if name == "picker" else {}
            with self._lock:
                model = self._loaded.get(name)
                if model is None:
                    extra = {"expect_store": self.expect_store} if name == "retriever" else shared
                    model = self._loaded[name] = _BUILDERS[name](self.settings, **extra)
        return model

    def use(self, name: str, model: Any) -> None:
        """Use `model` as `name` instead of building one (one loaded elsewhere, or a stand-in)."""
        if name not in _BUILDERS:
            raise KeyError(f"no model called {name}: {', '.join(_BUILDERS)}")
        with self._lock:
            self._loaded[name] = model

    def loaded(self, name: str) -> Any | None:
        """The model if it is already built, else None (builds nothing)."""
        return self._loaded.get(name)

    @property
    def retriever(self) -> Retriever:
        return self._get("retriever")

    @property
    def generator(self) -> Generator:
        return self._get("generator")

    @property
    def picker(self) -> Picker:
        return self._get("picker")

    @property
    def cutter(self) -> Cutter:
        """The cutout backends (a rembg session, the photo model)."""
        return self._get("cutter")

    @property
    def describer(self) -> Describer:
        """The describe models (the ImageNet classifier, a caption model)."""
        return self._get("describer")
