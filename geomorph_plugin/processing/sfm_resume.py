"""geomorph:resumesfm: resubmit a failed or cancelled job; DAGMan's rescue DAG runs only unfinished nodes."""

from __future__ import annotations

from qgis.core import QgsProcessingOutputNumber

from ..sfm.states import ACTIVE_STATES, RESUMABLE_STATES
from . import sfm_common as common
from .base import GeomorphAlgorithm


class ResumeSfmAlgorithm(GeomorphAlgorithm):
    ALG_ID = "resumesfm"
    GROUP_ID = "photogrammetry"
    REQUIRED_MODULES = common.REQUIRED

    CLUSTER_ID = "CLUSTER_ID"

    def display_name(self) -> str:
        return self.tr("Resume SfM job")

    def help_text(self) -> str:
        return self.tr(
            "Resubmits a failed or cancelled SfM job after you have fixed the cause (see \"SfM job status\" for the "
            "failed nodes and their errors). HTCondor DAGMan's rescue DAG makes only the unfinished nodes run "
            "again: finished chunks, tiles and steps are kept. Returns at once; follow it in the jobs panel. The "
            "failed and cancelled jobs are offered first."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_job_parameter(self, RESUMABLE_STATES)
        self.addOutput(QgsProcessingOutputNumber(self.CLUSTER_ID, self.tr("HTCondor cluster id of the DAG")))

    def process(self, parameters, context, feedback) -> dict:
        from ..sfm import follow

        with common.job_session(self, parameters, context, feedback) as (job, session, reg):
            if job.state in ACTIVE_STATES:
                follow.poll(job, session, reg)
            cluster_id = follow.resume(job, session, reg)
        feedback.pushInfo(self.tr("Job {id} resubmitted as HTCondor cluster {cluster}.").format(
            id=job.id, cluster=cluster_id))
        return {common.JOB_ID: job.id, self.CLUSTER_ID: cluster_id}
