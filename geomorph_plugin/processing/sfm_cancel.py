"""geomorph:cancelsfm: remove a job's DAG and its node jobs from the cluster queue."""

from __future__ import annotations

from qgis.core import QgsProcessingOutputString

from ..sfm.states import ACTIVE_STATES
from . import sfm_common as common
from .base import GeomorphAlgorithm


class CancelSfmAlgorithm(GeomorphAlgorithm):
    ALG_ID = "cancelsfm"
    GROUP_ID = "photogrammetry"
    REQUIRED_MODULES = common.REQUIRED

    def display_name(self) -> str:
        return self.tr("Cancel SfM job")

    def help_text(self) -> str:
        return self.tr(
            "Removes an SfM job from the cluster queue (condor_rm on its DAG; DAGMan removes the node jobs). "
            "Your photos are not touched, and the files on the cluster are kept, so the job can be resumed "
            "with \"Resume SfM job\". The jobs still running or waiting are offered first."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_job_parameter(self, ACTIVE_STATES)
        self.addOutput(QgsProcessingOutputString(common.STATE, self.tr("State")))

    def process(self, parameters, context, feedback) -> dict:
        from ..sfm import follow

        with common.job_session(self, parameters, context, feedback) as (job, session, reg):
            follow.cancel(job, session, reg)
        feedback.pushInfo(self.tr("Job {id} removed from the cluster queue.").format(id=job.id))
        return {common.JOB_ID: job.id, common.STATE: job.state}
