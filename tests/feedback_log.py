"""A real QgsProcessingFeedback that keeps the lines an algorithm logged, and can cancel at a progress."""

from __future__ import annotations

from qgis.core import QgsProcessingFeedback


class LogFeedback(QgsProcessingFeedback):
    def __init__(self, cancel_at: float | None = None):
        super().__init__()
        self.lines: list[str] = []
        self.cancel_at = cancel_at

    def pushInfo(self, info):  # noqa: N802 - QGIS API
        self.lines.append(info)
        super().pushInfo(info)

    def setProgress(self, value):  # noqa: N802 - QGIS API
        super().setProgress(value)
        if self.cancel_at is not None and value >= self.cancel_at:
            self.cancel()
