"""What a run tells the user: each line goes to the Processing log now and into the run's result
(reports list them), so the log and the report never disagree."""

from __future__ import annotations

from .feedback import NullFeedback


class RunLog:
    def __init__(self, feedback=None):
        self.feedback = feedback or NullFeedback()
        self.lines: list[str] = []

    def info(self, text: str) -> None:
        self.lines.append(text)
        self.feedback.pushInfo(text)

    def warn(self, text: str) -> None:
        self.lines.append(text)
        self.feedback.pushWarning(text)
