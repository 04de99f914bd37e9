"""The photogrammetry engines a job can run, by name: the one place a new engine is registered.

A new engine is a module beside ``colmap_engine.py`` with an ``Engine`` subclass; add it to
``ENGINES`` below and ``WorkflowOptions(engine=<its name>)`` selects it. Nothing else branches on
the engine's name.
"""

from __future__ import annotations

from ..errors import GeomorphError
from ..i18n import tr
from .colmap_engine import ColmapEngine
from .engine import Engine
from .micmac_engine import MicmacEngine

ENGINES: dict[str, type[Engine]] = {
    ColmapEngine.name: ColmapEngine,
    MicmacEngine.name: MicmacEngine,
}


def engine_for(name: str) -> Engine:
    """A new instance of the engine registered as ``name``."""
    try:
        return ENGINES[(name or "").strip().lower()]()
    except KeyError:
        raise GeomorphError(tr("Unknown photogrammetry engine \"{name}\": choose one of {names}.").format(
            name=name, names=", ".join(sorted(ENGINES)))) from None
