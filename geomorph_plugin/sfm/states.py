"""The states of an SfM job, in one place (the registry, the algorithms and the jobs panel use these).

``JobState`` is a ``str`` enum: ``JobState.RUNNING == "running"``, and it is written to
``job.json`` as its plain value, so registries written before it read unchanged.
"""

from __future__ import annotations

from enum import Enum

from ..i18n import tr


class JobState(str, Enum):
    UPLOADING = "uploading"
    SUBMITTED = "submitted"  # in the queue; DAGMan has not started a node yet
    RUNNING = "running"  # at least one node job runs (or a node's pre/post script)
    IDLE = "idle"  # in the queue, no node job runs, node jobs wait for a slot (see the job's idle nodes)
    FAILED = "failed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FETCHED = "fetched"

    def __str__(self) -> str:
        return self.value

    # Enum hashes the member name: hash as the plain string, so "running" in {JobState.RUNNING}.
    def __hash__(self) -> int:
        return str.__hash__(self)

    @property
    def label(self) -> str:
        """The translated name shown to the user."""
        return state_label(self.value)


ACTIVE_STATES = frozenset({JobState.SUBMITTED, JobState.RUNNING, JobState.IDLE})  # follow, cancel
RESUMABLE_STATES = frozenset({JobState.FAILED, JobState.CANCELLED})
FETCHABLE_STATES = frozenset({JobState.COMPLETED, JobState.FETCHED})
FINAL_STATES = RESUMABLE_STATES | FETCHABLE_STATES

# When two writers changed a job's state at once, the later stage of the lifecycle wins: a poll
# that started before a fetch or a cancel must not turn "fetched" back into "completed", nor a
# cancelled job into "failed" (the removal is what made its nodes fail).
_RANK = {JobState.UPLOADING: 0, JobState.SUBMITTED: 1, JobState.RUNNING: 2, JobState.IDLE: 2,
         JobState.FAILED: 3, JobState.CANCELLED: 4, JobState.COMPLETED: 5, JobState.FETCHED: 6}


def rank(state: str) -> int:
    try:
        return _RANK[JobState(state)]
    except ValueError:
        return -1


def state_label(state: str) -> str:
    return {
        "uploading": tr("uploading"), "submitted": tr("submitted"), "running": tr("running"),
        "idle": tr("waiting for a slot"), "failed": tr("failed"), "completed": tr("completed"),
        "cancelled": tr("cancelled"), "fetched": tr("fetched"),
    }.get(str(state), str(state))
