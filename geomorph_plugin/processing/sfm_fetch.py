"""geomorph:fetchsfmresults: download a completed job's products and load them as styled layers."""

from __future__ import annotations

from ..sfm.states import FETCHABLE_STATES
from . import sfm_common as common
from .base import GeomorphAlgorithm


class FetchSfmResultsAlgorithm(GeomorphAlgorithm):
    ALG_ID = "fetchsfmresults"
    GROUP_ID = "photogrammetry"
    REQUIRED_MODULES = common.REQUIRED

    def display_name(self) -> str:
        return self.tr("Fetch SfM results")

    def help_text(self) -> str:
        return self.tr(
            "Downloads the orthomosaic, the digital surface model, the point cloud and the job report of a "
            "completed SfM job (files already downloaded are skipped) and loads them as styled layers. The "
            "completed jobs are offered first. Left at \"Save to temporary folder\", the folder for the results is "
            "the job's own: the one chosen, or given by default, when it was submitted (a job whose folder was a "
            "temporary one that QGIS has since deleted gets a folder named after the job id, in geomorph-sfm "
            "beside the project, or in geomorph/sfm-results in your QGIS profile folder)."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_job_parameter(self, FETCHABLE_STATES)
        common.add_output_folder_parameter(self, optional=True, help_text=self.tr(
            "Left at \"Save to temporary folder\": the job's own results folder, never a temporary one."))
        common.add_result_outputs(self)

    def process(self, parameters, context, feedback) -> dict:
        from ..sfm import follow

        with common.job_session(self, parameters, context, feedback) as (job, session, reg):
            if not common.is_temporary_output(parameters.get(common.OUTPUT_FOLDER)):
                job.output_dir = self.parameterAsString(parameters, common.OUTPUT_FOLDER, context)
            elif common.in_temporary_folder(job.output_dir):
                job.output_dir = str(common.results_root(context) / job.id)
                feedback.pushInfo(self.tr("The job's results folder was a temporary one; downloading to {dir}.")
                                  .format(dir=job.output_dir))
            if job.state not in FETCHABLE_STATES:
                follow.poll(job, session, reg)
            return common.fetch_and_load(job, session, reg, context, feedback)
