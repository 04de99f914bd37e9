"""The small base class that every Geomorph algorithm shares: ids, translation, help, checks."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from ..dependencies import missing_message
from ..errors import GeomorphError
from ..i18n import tr
from ..paths import icon_path


def group_names() -> dict[str, str]:
    # Group ids are fixed, lowercase and never translated: models and scripts refer to them.
    return {
        "landcover": tr("Land cover"),
        "photogrammetry": tr("Photogrammetry on HTCondor"),
        "cluster": tr("Cluster connection"),
    }


class GeomorphAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ``ALG_ID``, ``GROUP_ID`` and ``REQUIRED_MODULES`` and implement
    ``display_name``, ``help_text``, ``initAlgorithm`` and ``process``.

    The hook is not called ``run``: that name belongs to ``QgsProcessingAlgorithm.run()``, which
    ``processing.run()`` calls from Python."""

    ALG_ID = ""
    GROUP_ID = ""
    REQUIRED_MODULES: tuple[str, ...] = ()

    def tr(self, text: str) -> str:
        return tr(text)

    def name(self) -> str:
        return self.ALG_ID

    def display_name(self) -> str:
        raise NotImplementedError

    def displayName(self) -> str:  # noqa: N802 - Qt API
        return self.display_name()

    def group(self) -> str:
        return group_names()[self.GROUP_ID]

    def groupId(self) -> str:  # noqa: N802 - Qt API
        return self.GROUP_ID

    def help_text(self) -> str:
        return ""

    def shortHelpString(self) -> str:  # noqa: N802 - Qt API
        return self.help_text()

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def createInstance(self):  # noqa: N802 - Qt API
        return type(self)()

    def canExecute(self):  # noqa: N802 - Qt API
        message = missing_message(list(self.REQUIRED_MODULES))
        return (message is None, message or "")

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - Qt API
        # qgis_process and the modeler do not always ask canExecute() first.
        ok, message = self.canExecute()
        if not ok:
            raise QgsProcessingException(message)
        try:
            return self.process(parameters, context, feedback)
        except GeomorphError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def process(self, parameters, context, feedback) -> dict:
        raise NotImplementedError
