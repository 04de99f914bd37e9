"""Feedback for plain calls of the pipelines, outside Processing."""

from __future__ import annotations


class NullFeedback:
    """Stands in when no QgsProcessingFeedback is given (scripts, benchmarks): never cancelled, silent."""

    def isCanceled(self) -> bool:  # noqa: N802 - QGIS API
        return False

    def setProgress(self, value: float) -> None:  # noqa: N802 - QGIS API
        pass

    def pushInfo(self, text: str) -> None:  # noqa: N802 - QGIS API
        pass

    def pushWarning(self, text: str) -> None:  # noqa: N802 - QGIS API
        pass
