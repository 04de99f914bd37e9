"""geomorph:resumesfm: resubmit a failed or cancelled job; DAGMan's rescue DAG runs only unfinished nodes."""

from __future__ import annotations

from qgis.core import QgsProcessingOutputNumber

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
            "again: finished chunks, tiles and steps are kept. Returns at once; follow it in the jobs panel."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_job_parameter(self)
        self.addOutput(QgsProcessingOutputNumber(self.CLUSTER_ID, self.tr("HTCondor cluster id of the DAG")))

    def process(self, parameters, context, feedback) -> dict:
        from ..workflow import jobs

        reg = common.registry()
        job = common.load_job(self.parameterAsString(parameters, common.JOB_ID, context))
        _profile, session = common.connect_profile(job.profile, feedback)
        try:
            if job.state in jobs.ACTIVE_STATES:
                jobs.poll(job, session, reg)
            cluster_id = jobs.resume(job, session, reg)
        finally:
            session.close()
        feedback.pushInfo(self.tr("Job {id} resubmitted as HTCondor cluster {cluster}.").format(
            id=job.id, cluster=cluster_id))
        return {common.JOB_ID: job.id, self.CLUSTER_ID: cluster_id}
