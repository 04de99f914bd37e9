"""geomorph:fetchsfmresults: download a completed job's products and load them as styled layers."""

from __future__ import annotations

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
            "completed SfM job (files already downloaded are skipped) and loads them as styled layers. Leave the "
            "output folder empty to use the folder chosen when the job was submitted."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_job_parameter(self)
        common.add_output_folder_parameter(self, optional=True)
        common.add_result_outputs(self)

    def process(self, parameters, context, feedback) -> dict:
        from ..workflow import jobs

        reg = common.registry()
        job = common.load_job(self.parameterAsString(parameters, common.JOB_ID, context))
        folder = self.parameterAsString(parameters, common.OUTPUT_FOLDER, context)
        if folder and parameters.get(common.OUTPUT_FOLDER) not in (None, "", "TEMPORARY_OUTPUT"):
            job.output_dir = folder
        _profile, session = common.connect_profile(job.profile, feedback)
        try:
            if job.state not in jobs.FETCHABLE_STATES:
                jobs.poll(job, session, reg)
            return common.fetch_and_load(job, session, reg, context, feedback)
        finally:
            session.close()
