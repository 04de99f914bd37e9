"""geomorph:trainlandcover (dataset → model trained on the cluster, installed by name) and
geomorph:fetchtrainedmodel (install the model of a training job that finished later)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputFile,
    QgsProcessingOutputHtml,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
)

from ..errors import CancelledError, GeomorphError
from ..i18n import tr
from ..sfm.states import FETCHABLE_STATES, JobState
from . import sfm_common as common
from .base import GeomorphAlgorithm

DATASET = "DATASET"
MODEL_NAME = "MODEL_NAME"
EPOCHS = "EPOCHS"
BATCH_SIZE = "BATCH_SIZE"
LEARNING_RATE = "LEARNING_RATE"
BASE_FILTERS = "BASE_FILTERS"
CPUS = "CPUS"
MEMORY_MB = "MEMORY_MB"
SEED = "SEED"
REPLACE = "REPLACE"
MODEL = "MODEL"
REPORT = "REPORT"
REPORT_JSON = "REPORT_JSON"
OVERALL_ACCURACY = "OVERALL_ACCURACY"
KAPPA = "KAPPA"
MEAN_IOU = "MEAN_IOU"
# One node to follow: polling every 2 s (condor_q, the DAG status and the progress file) costs the
# cluster little and sees the end up to 3 s sooner than the SfM jobs' 5 s.
WAIT_INTERVAL_S = 2.0


def _add_replace(alg) -> None:
    alg.addParameter(QgsProcessingParameterBoolean(REPLACE, tr("Replace an installed model of the same name"),
                                                   defaultValue=False))


def _add_model_outputs(alg) -> None:
    alg.addOutput(QgsProcessingOutputFile(MODEL, tr("Installed model (.onnx)")))
    alg.addOutput(QgsProcessingOutputString(MODEL_NAME, tr("Model name")))
    alg.addOutput(QgsProcessingOutputHtml(REPORT, tr("Training report")))
    alg.addOutput(QgsProcessingOutputFile(REPORT_JSON, tr("Training report (JSON)")))
    alg.addOutput(QgsProcessingOutputNumber(OVERALL_ACCURACY, tr("Validation overall accuracy")))
    alg.addOutput(QgsProcessingOutputNumber(KAPPA, tr("Validation kappa")))
    alg.addOutput(QgsProcessingOutputNumber(MEAN_IOU, tr("Validation mean IoU")))
    alg.addOutput(QgsProcessingOutputString(common.JOB_ID, tr("Job id")))


def _fetch(job, session, reg, feedback, replace: bool) -> dict:
    from ..training import cluster_job

    trained = cluster_job.fetch(job, session, reg, feedback, replace=replace)
    v = trained.report["validation"]
    feedback.pushInfo(tr("Model \"{name}\" installed as {path}: validation OA {oa:.3f}, kappa {kappa:.3f}, mean IoU "
                         "{iou:.3f} (best epoch {epoch}). Choose it by name in \"Classify land cover\".").format(
        name=trained.name, path=trained.model, oa=v["overall_accuracy"], kappa=v["kappa"], iou=v["mean_iou"],
        epoch=trained.report["best_epoch"]))
    return {MODEL: str(trained.model), MODEL_NAME: trained.name, REPORT: str(trained.report_html),
            REPORT_JSON: str(trained.report_json), OVERALL_ACCURACY: v["overall_accuracy"], KAPPA: v["kappa"],
            MEAN_IOU: v["mean_iou"], common.JOB_ID: job.id}


class TrainLandCoverAlgorithm(GeomorphAlgorithm):
    ALG_ID = "trainlandcover"
    GROUP_ID = "landcover"
    REQUIRED_MODULES = ("paramiko", "onnxruntime")

    def display_name(self) -> str:
        return tr("Train a land-cover model on the cluster")

    def tags(self):
        return tr("training,deep learning,u-net,cnn,pytorch,gpu,htcondor,cluster,model,onnx").split(",")

    def help_text(self) -> str:
        return tr(
            "<p>Trains a land-cover model on the HTCondor cluster of a profile from a dataset folder made by "
            "\"Export training data\", and installs it in your QGIS profile's model folder under <i>Model name</i>, "
            "so that \"Classify land cover\" runs it when you give that name as its model.</p>"
            "<p>Segmentation datasets train a compact U-Net, patch datasets a small patch classifier, with random "
            "flips, 90° rotations and brightness changes. After each epoch the model is checked on the validation "
            "blocks; the best epoch (mean IoU) is kept. The log and the SfM jobs panel show the epochs as they "
            "finish.</p>"
            "<p><b>Where it runs.</b> A profile with GPU nodes asks HTCondor for a GPU (request_gpus); otherwise the "
            "job runs on CPU cores (<i>CPU cores</i>, advanced). The nodes need PyTorch and onnx: before anything is "
            "uploaded, the profile's <i>Node setup command</i> is run on the login node and the nodes' Python must "
            "find both; when that fails, the run stops and says what to install or load there.</p>"
            "<p><b>Outputs.</b> The installed model (.onnx, with its classes, colours, ground resolution, tile size "
            "and normalisation), the training report (loss and metrics per epoch, per-class IoU and F1, overall "
            "accuracy, kappa and the confusion matrix on the validation blocks) and the validation figures.</p>"
            "<p>Cancelling removes the job from the cluster queue; \"Resume SfM job\" continues it after the last "
            "finished epoch, and \"Fetch trained model\" installs its model once it has completed. When the node runs "
            "out of memory the epoch starts again with half the batch. An installed model of the same name is only "
            "replaced when you tick <i>Replace</i>.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFile(DATASET, tr("Training dataset folder"),
                                                     behavior=QgsProcessingParameterFile.Folder))
        common.add_profile_parameter(self)
        common.add_string_parameter(self, MODEL_NAME, tr("Model name"), optional=True, help_text=tr(
            "The name \"Classify land cover\" knows the model by (letters, digits, '.', '_', '-'). Empty: the "
            "dataset folder's name."))
        self.addParameter(QgsProcessingParameterNumber(EPOCHS, tr("Epochs"), QgsProcessingParameterNumber.Integer,
                                                       defaultValue=20, minValue=1, maxValue=10000))
        self.addParameter(QgsProcessingParameterNumber(BATCH_SIZE, tr("Batch size (tiles per step)"),
                                                       QgsProcessingParameterNumber.Integer, defaultValue=16,
                                                       minValue=1, maxValue=4096))
        _add_replace(self)
        advanced = [
            QgsProcessingParameterNumber(LEARNING_RATE, tr("Learning rate"), QgsProcessingParameterNumber.Double,
                                         defaultValue=1e-3, minValue=1e-7, maxValue=1.0),
            QgsProcessingParameterNumber(BASE_FILTERS, tr("Filters in the first layer (network width)"),
                                         QgsProcessingParameterNumber.Integer, defaultValue=16, minValue=4,
                                         maxValue=128),
            QgsProcessingParameterNumber(CPUS, tr("CPU cores"), QgsProcessingParameterNumber.Integer, defaultValue=4,
                                         minValue=1, maxValue=256),
            QgsProcessingParameterNumber(MEMORY_MB, tr("Memory, MB"), QgsProcessingParameterNumber.Integer,
                                         defaultValue=8192, minValue=256),
            QgsProcessingParameterNumber(SEED, tr("Random seed"), QgsProcessingParameterNumber.Integer,
                                         defaultValue=0, minValue=0),
        ]
        for parameter in advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(parameter)
        _add_model_outputs(self)

    def _options(self, parameters, context):
        from ..training.cluster_job import TrainingOptions

        return TrainingOptions(
            epochs=self.parameterAsInt(parameters, EPOCHS, context),
            batch_size=self.parameterAsInt(parameters, BATCH_SIZE, context),
            learning_rate=self.parameterAsDouble(parameters, LEARNING_RATE, context),
            base_filters=self.parameterAsInt(parameters, BASE_FILTERS, context),
            cpus=self.parameterAsInt(parameters, CPUS, context),
            memory_mb=self.parameterAsInt(parameters, MEMORY_MB, context),
            seed=self.parameterAsInt(parameters, SEED, context))

    def process(self, parameters, context, feedback) -> dict:
        from ..cluster.profiles import load_profile
        from ..sfm import follow
        from ..sfm.status import outcome_message
        from ..training import cluster_job

        dataset = Path(self.parameterAsFile(parameters, DATASET, context))
        name = (self.parameterAsString(parameters, MODEL_NAME, context) or "").strip() or dataset.name
        replace = self.parameterAsBoolean(parameters, REPLACE, context)
        profile = load_profile(self.parameterAsString(parameters, common.PROFILE, context).strip())
        reg = common.registry()
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        job, files = cluster_job.prepare(profile, dataset, name, self._options(parameters, context), reg,
                                         replace=replace)
        feedback.pushInfo(tr("Job {id}: a {kind} model \"{name}\" from {dataset} ({gpu}).").format(
            id=job.id, kind=job.extra["model_type"], name=name, dataset=dataset,
            gpu=tr("on a GPU node") if profile.has_gpu else tr("on CPU cores")))
        try:
            profile, session = common.connect_profile(profile.name, feedback)
        except BaseException:
            reg.delete(job.id)  # nothing reached the cluster: no job to follow
            raise
        try:
            try:
                versions = cluster_job.preflight(session, profile)
            except BaseException:
                reg.delete(job.id)
                raise
            if versions:
                feedback.pushInfo(tr("The nodes' Python has {versions}.").format(versions=versions))
            steps.setCurrentStep(1)
            try:
                stats = cluster_job.upload(job, files, session, reg, steps)
            except CancelledError:
                job.set_state(JobState.CANCELLED, tr("Cancelled during the upload; nothing was submitted."))
                reg.save(job)
                raise
            feedback.pushInfo(tr("Uploaded {n} files ({skipped} already there) at {rate:.1f} MB/s.").format(
                n=stats.files_transferred, skipped=stats.files_skipped, rate=stats.mb_per_s))
            cluster_id = follow.submit(job, session, reg)
            feedback.pushInfo(tr("Submitted as HTCondor cluster {id}.").format(id=cluster_id))
            steps.setCurrentStep(2)
            status = follow.wait(job, session, reg, steps, interval=WAIT_INTERVAL_S)
            if status.state != JobState.COMPLETED:
                error = CancelledError if status.state == JobState.CANCELLED else GeomorphError
                raise error(outcome_message(status))
            steps.setCurrentStep(3)
            return _fetch(job, session, reg, steps, replace)
        finally:
            session.close()


class FetchTrainedModelAlgorithm(GeomorphAlgorithm):
    ALG_ID = "fetchtrainedmodel"
    GROUP_ID = "landcover"
    REQUIRED_MODULES = ("paramiko", "onnxruntime")

    def display_name(self) -> str:
        return tr("Fetch trained model")

    def help_text(self) -> str:
        return tr(
            "<p>Downloads the model and the training report of a training job that has completed (one that went on "
            "while QGIS was closed, or was resumed with \"Resume SfM job\"), checks the model and installs it under "
            "the job's model name, as \"Train a land-cover model on the cluster\" does at its end.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_job_parameter(self, FETCHABLE_STATES)
        _add_replace(self)
        _add_model_outputs(self)

    def process(self, parameters, context, feedback) -> dict:
        from ..sfm import follow
        from ..sfm.states import ACTIVE_STATES

        replace = self.parameterAsBoolean(parameters, REPLACE, context)
        with common.job_session(self, parameters, context, feedback) as (job, session, reg):
            if job.state in ACTIVE_STATES:
                follow.poll(job, session, reg)
            return _fetch(job, session, reg, feedback, replace)
