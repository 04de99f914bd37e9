"""Which photogrammetry engine a run uses, from the user's choice and the cluster profile.

    decide_engine(choice, has_gpu) -> EngineDecision(choice, engine, gpu, reason)

``engine`` is the name of a registered engine (``engines.ENGINES``: "colmap", "micmac") and
``gpu`` is ``WorkflowOptions.gpu`` (COLMAP's dense matching on GPU nodes). The decision only
returns names, so it is tested, and shown to the user, without building any engine.

``Auto`` gives every cluster a dense DSM: COLMAP's dense matching needs CUDA nodes, MicMac
runs on CPU nodes, which most of the users' clusters have only. The sparse fast path (a DSM
triangulated from the tie points) stays an explicit, labelled choice: it is quick, but has no
kerbs, trees or boulders, so it is never picked silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..errors import GeomorphError
from ..i18n import tr

COLMAP = "colmap"
MICMAC = "micmac"


class EngineChoice(str, Enum):
    """The ENGINE parameter's options, in the order of the parameter's indices (public API:
    models and scripts store the index, so new options only ever go at the end)."""

    AUTO = "auto"
    MICMAC = "micmac"
    COLMAP = "colmap"
    COLMAP_SPARSE = "colmap-sparse"

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        """The translated name shown in the dialog and the log."""
        return {
            EngineChoice.AUTO: tr("Auto"),
            EngineChoice.MICMAC: tr("MicMac"),
            EngineChoice.COLMAP: tr("COLMAP"),
            EngineChoice.COLMAP_SPARSE: tr("COLMAP sparse fast path"),
        }[self]

    @classmethod
    def from_index(cls, index: int) -> EngineChoice:
        choices = list(cls)
        if not 0 <= int(index) < len(choices):
            raise GeomorphError(tr("The engine option {index} does not exist: use 0 (Auto), 1 (MicMac), 2 (COLMAP) "
                                   "or 3 (COLMAP sparse fast path).").format(index=index))
        return choices[int(index)]


@dataclass(frozen=True)
class EngineDecision:
    choice: EngineChoice
    engine: str  # a registered engine's name
    gpu: bool  # WorkflowOptions.gpu: dense matching on GPU nodes
    reason: str  # one translated sentence for the log and the report

    @property
    def label(self) -> str:
        """What runs, in the words of the ENGINE parameter (Auto says what it picked)."""
        return engine_label(self.engine, self.gpu)


def engine_label(engine: str, gpu: bool) -> str:
    """The translated name of what runs: "MicMac", "COLMAP dense", "COLMAP sparse fast path"."""
    if engine == MICMAC:
        return tr("MicMac")
    if engine == COLMAP:
        return tr("COLMAP dense") if gpu else tr("COLMAP sparse fast path")
    return engine


def decide_engine(choice: EngineChoice | str | int, has_gpu: bool) -> EngineDecision:
    """The engine for ``choice`` on a profile with (``has_gpu``) or without GPU nodes.
    COLMAP's dense engine on a profile without GPU nodes is refused, naming the fixes."""
    if isinstance(choice, int) and not isinstance(choice, EngineChoice):
        choice = EngineChoice.from_index(choice)
    choice = EngineChoice(choice)
    has_gpu = bool(has_gpu)
    if choice == EngineChoice.AUTO:
        if has_gpu:
            return EngineDecision(choice, COLMAP, True, tr(
                "COLMAP dense (Auto): the profile has GPU nodes, so dense matching runs on them."))
        return EngineDecision(choice, MICMAC, False, tr(
            "MicMac (Auto): the profile has no GPU nodes, so the dense DSM comes from MicMac on CPU nodes."))
    if choice == EngineChoice.MICMAC:
        return EngineDecision(choice, MICMAC, False, tr(
            "MicMac, as chosen: the dense DSM comes from MicMac on CPU nodes (it needs no GPU nodes)."))
    if choice == EngineChoice.COLMAP:
        if not has_gpu:
            raise GeomorphError(tr(
                "The COLMAP engine matches densely on GPU nodes (CUDA), but the cluster profile has none. If your "
                "cluster has GPU nodes, tick \"The cluster has GPU nodes (CUDA)\" in Plugins > Geomorph > Cluster "
                "profiles; otherwise choose the engine \"MicMac\" (a dense DSM on CPU nodes) or \"COLMAP sparse fast "
                "path\" (quick, from the tie points only)."))
        return EngineDecision(choice, COLMAP, True, tr(
            "COLMAP dense, as chosen: dense matching runs on the profile's GPU nodes."))
    return EngineDecision(choice, COLMAP, False, tr(
        "COLMAP sparse fast path, as chosen: the DSM and orthomosaic come from the sparse tie points without dense "
        "matching, quick but without kerbs, trees or boulders."))
