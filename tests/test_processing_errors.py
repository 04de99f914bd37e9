"""An unexpected error (a bug) reaches the user as a message pointing to a report file, never as a
traceback; the traceback itself is in that file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

from geomorph_plugin.processing.base import GeomorphAlgorithm


class _BuggyAlgorithm(GeomorphAlgorithm):
    ALG_ID = "buggytest"
    GROUP_ID = "landcover"

    def display_name(self):
        return "Buggy"

    def initAlgorithm(self, config=None):  # noqa: N802 - Qt API
        pass

    def process(self, parameters, context, feedback):
        return {"X": [1, 2, 3][7]}  # an IndexError, as a real bug would raise


def test_a_bug_gives_a_message_and_a_report_file_not_a_traceback(qgis_app):
    alg = _BuggyAlgorithm()
    alg.initAlgorithm()
    with pytest.raises(QgsProcessingException) as info:
        alg.processAlgorithm({}, QgsProcessingContext(), QgsProcessingFeedback())
    message = str(info.value)
    assert "Traceback" not in message and "File \"" not in message, message
    assert "IndexError: list index out of range" in message and "bug in Geomorph" in message
    report = Path(re.search(r"attach the file (.+?\.txt)", message).group(1))
    try:
        text = report.read_text(encoding="utf-8")
        assert text.startswith("Traceback") and "[1, 2, 3][7]" in text and "IndexError" in text
        assert report.parent.name == "error-reports"
    finally:
        report.unlink()
