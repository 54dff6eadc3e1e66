"""Modules of supportbench 0.1 that moved when the package was layered (docs/architecture.md). Code
that imports an old path keeps working, with a DeprecationWarning naming the new home: each old
module is stood in for by a module that looks its names up in the modules that now own them."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from typing import Any

MOVED: dict[str, tuple[str, ...]] = {
    "bench.contract": ("bench.core.contract",),
    "bench.facts": ("bench.core.requests", "bench.sim.lines"),
    "bench.expectations": ("bench.core.expectations", "bench.core.scenario"),
    "bench.transcript": ("bench.core.transcript",),
    "bench.world": ("bench.core.world",),
    "bench.text": ("bench.core.text",),
    "bench.language": ("bench.core.language",),
    "bench.secrets": ("bench.core.secrets",),
    "bench.scenario": ("bench.suite.load", "bench.core.scenario"),
    "bench.variants": ("bench.suite.variants",),
    "bench.coverage": ("bench.suite.coverage",),
    "bench.customer": ("bench.sim.customer", "bench.sim.conditions"),
    "bench.records": ("bench.rundir.reader", "bench.rundir.writer", "bench.rundir.files"),
    "bench.resume": ("bench.run.resume", "bench.run.keys", "bench.bots.identity", "bench.rundir.manifest"),
    "bench.runner": ("bench.run.runner", "bench.run.keys"),
    "bench.evaluation": ("bench.run.evaluation",),
    "bench.replay": ("bench.run.replay",),
    "bench.audit": ("bench.run.audit",),
    "bench.stats": ("bench.analysis.stats",),
    "bench.summary": ("bench.analysis.summary",),
    "bench.board": ("bench.analysis.board", "bench.rundir.reader"),
    "bench.compare": ("bench.analysis.compare", "bench.render.compare"),
    "bench.leaderboard": ("bench.render.leaderboard",),
    "bench.html_report": ("bench.render.html",),
    "bench.conversation_view": ("bench.render.conversation",),
}


class _StandIn(types.ModuleType):
    """An old module: its attributes are those of the modules that now own them, first match wins."""

    def __init__(self, name: str, homes: tuple[str, ...]):
        super().__init__(name, f"Moved: see {', '.join(homes)}.")
        self._homes = homes

    def __getattr__(self, attribute: str) -> Any:
        for home in self._homes:
            module = importlib.import_module(home)
            if hasattr(module, attribute):
                return getattr(module, attribute)
        raise AttributeError(
            f"{self.__name__}.{attribute}: {self.__name__} moved to {', '.join(self._homes)}, "
            f"and none of them has {attribute!r} (docs/architecture.md maps the packages)"
        )


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        homes = MOVED[spec.name]
        warnings.warn(
            f"{spec.name} moved to {' and '.join(homes)} in supportbench 0.2; import from there "
            "(or from `bench` for the public API)",
            DeprecationWarning,
            stacklevel=3,
        )
        return _StandIn(spec.name, homes)

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def install() -> None:
    """Let `import bench.board` and the other old paths find their stand-ins (once)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.append(_Finder())
