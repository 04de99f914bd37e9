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
        return self.tr(
            "Uploads the photos and submits the SfM workflow to the cluster, then returns the job id without "
            "waiting. The engine is chosen as in \"Run SfM on the cluster\": Auto runs COLMAP's dense matching when "
            "the profile has GPU nodes and MicMac on CPU nodes otherwise, and whether the nodes can run the engine "
            "(mm3d or colmap) after the profile's \"Node setup command\" is checked before anything is uploaded. "
            "Follow the job in the SfM jobs panel or with \"SfM job status\", and load its results with "
            "\"Fetch SfM results\" when it has completed. Useful for runs that take many hours. Left at \"Save to "
            "temporary folder\", the results will go to geomorph-sfm/<job id> beside the saved project, or to "
            "geomorph/sfm-results/<job id> in your QGIS profile folder."
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
