"""The QGIS plugin entry point: the initProcessing / initGui / unload trio."""

from __future__ import annotations

from qgis.core import QgsApplication

from .i18n import install_translator, remove_translator
from .processing.provider import GeomorphProvider


def gui_part_classes() -> list[type]:
    """GUI pieces added by ``initGui``; each has ``__init__(iface)``, ``add()`` and ``remove()``."""
    from .gui.classify_action import ClassifyLandCoverAction
    from .gui.jobs_panel import JobsPanel
    from .gui.settings_dialog import ProfilesMenuPart

    return [ClassifyLandCoverAction, ProfilesMenuPart, JobsPanel]


class GeomorphPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider: GeomorphProvider | None = None
        self.gui_parts: list = []
        install_translator()

    def initProcessing(self) -> None:  # noqa: N802 - QGIS API
        # Called alone by qgis_process (hasProcessingProvider=yes): no GUI here.
        if self.provider is None:
            self.provider = GeomorphProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802 - QGIS API
        self.initProcessing()
        if self.iface is None:
            return
        for cls in gui_part_classes():
            part = cls(self.iface)
            part.add()
            self.gui_parts.append(part)

    def unload(self) -> None:
        # Remove in reverse order of creation so that docks and menus go before what they use. The
        # provider and translator go whatever a part raises: QGIS calls unload on every exit,
        # reload and upgrade, and a provider left registered breaks the next load.
        errors = []
        while self.gui_parts:
            try:
                self.gui_parts.pop().remove()
            except Exception as exc:  # noqa: BLE001 - re-raised below, once everything is removed
                errors.append(exc)
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator()
        if errors:
            raise errors[0]
