"""What the SfM algorithms share: parameter names and builders, connecting, fetching and loading.

Parameter names are public API (models and scripts use them): never rename one.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputHtml,
    QgsProcessingOutputPointCloudLayer,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..errors import GeomorphError
from ..i18n import tr

PROFILE = "PROFILE"
PHOTOS = "PHOTOS"
CHUNK_SIZE = "CHUNK_SIZE"
MAX_IMAGE_SIZE = "MAX_IMAGE_SIZE"
OUTPUT_FOLDER = "OUTPUT_FOLDER"
JOB_ID = "JOB_ID"
OUTPUT_ORTHO = "OUTPUT_ORTHO"
OUTPUT_DEM = "OUTPUT_DEM"
OUTPUT_HILLSHADE = "OUTPUT_HILLSHADE"
OUTPUT_POINTCLOUD = "OUTPUT_POINTCLOUD"
OUTPUT_POINTCLOUD_FILE = "OUTPUT_POINTCLOUD_FILE"
OUTPUT_REPORT = "OUTPUT_REPORT"
STATE = "STATE"

# Modules the SfM algorithms need (the point cloud comes from the nodes as COPC: nothing optional).
REQUIRED = ("paramiko",)


def default_profile_name() -> str:
    try:
        from ..cluster.profiles import profile_names

        names = profile_names()
    except Exception:  # noqa: BLE001 - no settings yet: the user types a name
        names = []
    return names[0] if names else ""


def add_profile_parameter(alg) -> None:
    param = QgsProcessingParameterString(PROFILE, tr("Cluster profile name"), defaultValue=default_profile_name())
    param.setHelp(tr("A profile from Plugins > Geomorph > Cluster profiles (host, login, work folder)."))
    alg.addParameter(param)


def add_job_parameter(alg) -> None:
    alg.addParameter(QgsProcessingParameterString(JOB_ID, tr("Job id")))


def add_workflow_parameters(alg) -> None:
    alg.addParameter(QgsProcessingParameterFile(PHOTOS, tr("Folder of geotagged UAV photos"),
                                                behavior=QgsProcessingParameterFile.Folder))
    alg.addParameter(QgsProcessingParameterNumber(
        CHUNK_SIZE, tr("Image pairs per matching job"), QgsProcessingParameterNumber.Integer, 50, minValue=1))
    size = QgsProcessingParameterNumber(MAX_IMAGE_SIZE, tr("Downscale photos to this longest side (0 = full size)"),
                                        QgsProcessingParameterNumber.Integer, 0, minValue=0)
    size.setFlags(size.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    alg.addParameter(size)


def add_output_folder_parameter(alg, optional: bool = False) -> None:
    alg.addParameter(QgsProcessingParameterFolderDestination(
        OUTPUT_FOLDER, tr("Folder for the downloaded results"), optional=optional))


def add_result_outputs(alg) -> None:
    alg.addOutput(QgsProcessingOutputRasterLayer(OUTPUT_ORTHO, tr("Orthomosaic")))
    alg.addOutput(QgsProcessingOutputRasterLayer(OUTPUT_DEM, tr("Digital surface model")))
    alg.addOutput(QgsProcessingOutputRasterLayer(OUTPUT_HILLSHADE, tr("Hillshade of the surface model")))
    alg.addOutput(QgsProcessingOutputPointCloudLayer(OUTPUT_POINTCLOUD, tr("Point cloud (COPC)")))
    alg.addOutput(QgsProcessingOutputFile(OUTPUT_POINTCLOUD_FILE, tr("Point cloud file (PLY/LAS)")))
    alg.addOutput(QgsProcessingOutputHtml(OUTPUT_REPORT, tr("Job report")))
    alg.addOutput(QgsProcessingOutputString(JOB_ID, tr("Job id")))


def registry():
    from ..cluster.registry import JobRegistry

    return JobRegistry()


def load_job(job_id: str):
    job_id = (job_id or "").strip()
    if not job_id:
        raise GeomorphError(tr("No job id given: copy it from the jobs panel or from the log of the run."))
    return registry().get(job_id)


def connect_profile(name: str, feedback=None):
    from ..cluster.profiles import load_profile
    from ..cluster.ssh import connect

    profile = load_profile((name or "").strip())
    if feedback is not None:
        feedback.pushInfo(tr("Connecting to {user}@{host}:{port}…").format(
            user=profile.user, host=profile.host, port=profile.port))
    return profile, connect(profile)


def fetch_and_load(job, session, reg, context, feedback) -> dict:
    """Download the job's products, queue them as styled layers, and return the algorithm's outputs."""
    from ..workflow import jobs
    from .sfm_layers import add_result_layers

    products = jobs.fetch(job, session, reg, feedback)
    summary = jobs.result_summary(Path(job.output_dir))
    if summary:
        feedback.pushInfo(tr("Result: {summary}").format(summary=_short_summary(summary)))
    if job.extra.get("pointcloud_note"):
        feedback.reportError(job.extra["pointcloud_note"], False)
    epsg = job.extra.get("epsg")
    add_result_layers(context, products, job.id, f"EPSG:{epsg}" if epsg else "")
    for key, path in products.items():
        feedback.pushInfo(f"{key}: {path}")
    return {
        OUTPUT_ORTHO: str(products.get("ortho", "")) or None,
        OUTPUT_DEM: str(products.get("dsm", "")) or None,
        OUTPUT_HILLSHADE: str(products.get("hillshade", "")) or None,
        OUTPUT_POINTCLOUD: str(products.get("pointcloud_copc", "")) or None,
        OUTPUT_POINTCLOUD_FILE: str(products.get("pointcloud_ply") or products.get("pointcloud_las") or "") or None,
        OUTPUT_REPORT: str(products.get("report", "")) or None,
        JOB_ID: job.id,
        OUTPUT_FOLDER: job.output_dir,
    }


def _short_summary(summary: dict) -> str:
    keys = ("images_registered", "images_total", "surface", "points", "crs", "gps_residual_median_m")
    parts = [f"{k}={summary[k]}" for k in keys if k in summary]
    return ", ".join(parts) or ", ".join(sorted(summary)[:8])


def output_folder(alg, parameters, context, job_hint: str = "") -> Path:
    folder = alg.parameterAsString(parameters, OUTPUT_FOLDER, context)
    if not folder:
        from qgis.core import QgsProcessingUtils

        folder = str(Path(QgsProcessingUtils.tempFolder()) / (job_hint or "sfm"))
    return Path(folder)
