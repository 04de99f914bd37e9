"""geomorph:runsfm: photos → cluster → orthomosaic, DSM and point cloud as styled layers, in one blocking run."""

from __future__ import annotations

from qgis.core import QgsProcessingMultiStepFeedback

from ..errors import CancelledError, GeomorphError
from ..sfm.states import JobState
from . import sfm_common as common
from .base import GeomorphAlgorithm


def workflow_options(alg, parameters, context):
    from ..workflow.engine import WorkflowOptions

    return WorkflowOptions(
        chunk_size=alg.parameterAsInt(parameters, common.CHUNK_SIZE, context),
        max_image_size=alg.parameterAsInt(parameters, common.MAX_IMAGE_SIZE, context),
    )


def prepare_job(alg, parameters, context, feedback):
    """Scan the photos and stage the DAG (no network). Returns (job, files, registry)."""
    from ..cluster.profiles import load_profile
    from ..cluster.registry import new_job_id
    from ..sfm.prepare import prepare

    reg = common.registry()
    photos = alg.parameterAsFile(parameters, common.PHOTOS, context)
    profile_name = alg.parameterAsString(parameters, common.PROFILE, context)
    profile = load_profile(profile_name.strip())
    job_id = new_job_id()
    out_dir = common.output_folder(alg, parameters, context, job_id)
    feedback.pushInfo(alg.tr("Reading the photos' GPS positions…"))
    job, files = prepare(profile, photos, out_dir, workflow_options(alg, parameters, context), reg, feedback,
                         job_id=job_id, engine_choice=common.engine_choice(alg, parameters, context))
    feedback.pushInfo(alg.tr("Engine: {reason}").format(reason=job.extra["engine_reason"]))
    feedback.pushInfo(alg.tr("Results will be downloaded to {dir}.").format(dir=out_dir))
    feedback.pushInfo(alg.tr("Job {id}: {photos} photos, {nodes} DAG nodes, surface: {surface}.").format(
        id=job.id, photos=job.extra["photos"], nodes=len(files.steps), surface=files.surface))
    if job.extra.get("skipped_photos"):
        feedback.reportError(alg.tr("{n} photo(s) have no GPS position and are left out: {names}").format(
            n=len(job.extra["skipped_photos"]), names=", ".join(job.extra["skipped_photos"][:10])), False)
    return job, files, reg


def upload_and_submit(alg, job, files, session, reg, feedback) -> int:
    """Upload the staged job over an open session and submit its DAG; returns the cluster id."""
    from ..sfm.follow import submit
    from ..sfm.upload import check_nodes_first, upload

    check_nodes_first(job, files, session, reg, feedback)
    feedback.pushInfo(alg.tr("Uploading the photos and the workflow to {dir}…").format(
        dir=session.profile.remote_dir(job.id)))
    try:
        stats = upload(job, files, session, reg, feedback, checked=True)
    except CancelledError:
        job.set_state(JobState.CANCELLED, alg.tr("Cancelled during the upload; nothing was submitted."))
        reg.save(job)
        raise
    feedback.pushInfo(alg.tr("Uploaded {n} files ({skipped} already there) at {rate:.1f} MB/s.").format(
        n=stats.files_transferred, skipped=stats.files_skipped, rate=stats.mb_per_s))
    cluster_id = submit(job, session, reg)
    feedback.pushInfo(alg.tr("Submitted the DAG as HTCondor cluster {id}.").format(id=cluster_id))
    return cluster_id


class RunSfmAlgorithm(GeomorphAlgorithm):
    ALG_ID = "runsfm"
    GROUP_ID = "photogrammetry"
    REQUIRED_MODULES = common.REQUIRED

    def display_name(self) -> str:
        return self.tr("Run SfM on the cluster")

    def help_text(self) -> str:
        return (
            self.tr("<p>Uploads the geotagged photos of a folder to the cluster of a profile, runs the "
                    "structure-from-motion workflow there as an HTCondor DAG (many small jobs in parallel, retries, "
                    "per-step progress), waits for it, downloads the results and loads the orthomosaic, the digital "
                    "surface model (DSM, with a colour ramp and a hillshade) and the point cloud as styled layers. It "
                    "blocks until the job ends, so it chains in the modeler; for runs of many hours, <i>Submit SfM "
                    "job</i> returns at once.</p>")
            + common.engine_help_html()
            + self.tr("<p><b>While it waits</b>, the log shows the progress of each step, and for the long ones "
                      "how long they have run and the last lines of their log, as the panel does. If the connection "
                      "drops, it reconnects and keeps following the job; after 30 minutes without an answer from the "
                      "cluster it stops, and the job goes on there. The job also survives a QGIS restart.</p>"
                      "<p><b>Cancelling</b> removes the job from the cluster queue (condor_rm); your photos are "
                      "never changed, and <i>Resume SfM job</i> continues it later without rerunning the finished "
                      "steps.</p>")
            + common.results_help_html()
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_profile_parameter(self)
        common.add_workflow_parameters(self)
        common.add_output_folder_parameter(self)
        common.add_result_outputs(self)

    def process(self, parameters, context, feedback) -> dict:
        from ..sfm.follow import wait
        from ..sfm.session import open_job

        steps = QgsProcessingMultiStepFeedback(3, feedback)
        job, files, reg = prepare_job(self, parameters, context, steps)
        with open_job(job.id, reg, steps) as (job, session, reg):
            upload_and_submit(self, job, files, session, reg, steps)
            steps.setCurrentStep(1)
            status = wait(job, session, reg, steps)
            if status.state != JobState.COMPLETED:
                from ..sfm.status import outcome_message

                error = CancelledError if status.state == JobState.CANCELLED else GeomorphError
                raise error(outcome_message(status))
            steps.setCurrentStep(2)
            feedback.pushInfo(self.tr("Downloading the results to {dir}…").format(dir=job.output_dir))
            return common.fetch_and_load(job, session, reg, context, steps)
