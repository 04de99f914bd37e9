"""geomorph:submitsfm: upload and submit the SfM workflow, return the job id at once."""

from __future__ import annotations

from qgis.core import QgsProcessingOutputString

from . import sfm_common as common
from .base import GeomorphAlgorithm
from .sfm_run import prepare_job, upload_and_submit


class SubmitSfmAlgorithm(GeomorphAlgorithm):
    ALG_ID = "submitsfm"
    GROUP_ID = "photogrammetry"
    REQUIRED_MODULES = common.REQUIRED

    def display_name(self) -> str:
        return self.tr("Submit SfM job")

    def help_text(self) -> str:
        return (
            self.tr("<p>Uploads the photos and submits the structure-from-motion workflow to the cluster, then "
                    "returns the job id at once, without waiting: for runs of many hours. Follow the job in the "
                    "<i>SfM jobs panel</i> or with <i>SfM job status</i>, and load its results with <i>Fetch SfM "
                    "results</i> once it has completed. The parameters are those of <i>Run SfM on the "
                    "cluster</i>.</p>")
            + common.engine_help_html()
            + common.results_help_html()
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_profile_parameter(self)
        common.add_workflow_parameters(self)
        common.add_output_folder_parameter(self)
        self.addOutput(QgsProcessingOutputString(common.JOB_ID, self.tr("Job id")))

    def process(self, parameters, context, feedback) -> dict:
        from ..sfm.session import open_job

        job, files, reg = prepare_job(self, parameters, context, feedback)
        with open_job(job.id, reg, feedback) as (job, session, reg):
            upload_and_submit(self, job, files, session, reg, feedback)
        feedback.pushInfo(self.tr("Job id: {id}").format(id=job.id))
        return {common.JOB_ID: job.id, common.OUTPUT_FOLDER: job.output_dir}
