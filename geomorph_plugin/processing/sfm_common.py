"""What the SfM algorithms share: parameter names and builders, opening a job, fetching and loading.

Parameter names are public API (models and scripts use them): never rename one.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputHtml,
    QgsProcessingOutputPointCloudLayer,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..errors import GeomorphError
from ..i18n import tr

PROFILE = "PROFILE"
PHOTOS = "PHOTOS"
ENGINE = "ENGINE"
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


def known_profiles() -> list[str]:
    try:
        from ..cluster.profiles import profile_names

        return profile_names()
    except Exception:  # noqa: BLE001 - no settings yet: the user types a name
        return []


def default_profile_name() -> str:
    names = known_profiles()
    return names[0] if names else ""


def known_job_ids(states=None) -> list[str]:
    """Ids in the registry, newest first; those in ``states`` first when given."""
    try:
        jobs = registry().jobs()
    except Exception:  # noqa: BLE001 - an unreadable registry offers no choices; a typed id still works
        return []
    ids = [job.id for job in jobs if states is None or job.state in states]
    return ids + [job.id for job in jobs if job.id not in ids]


def with_choices(param, choices):
    """Offer ``choices`` in the dialog (a drop-down), while scripts, batch mode and qgis_process
    may still pass any string: value hints guide the widget and are not checked by validation."""
    if choices:
        param.setMetadata({"widget_wrapper": {"value_hints": list(choices)}})
    return param


def add_profile_parameter(alg) -> None:
    names = known_profiles()
    param = QgsProcessingParameterString(PROFILE, tr("Cluster profile name"),
                                         defaultValue=names[0] if names else None)
    param.setHelp(tr("A profile from Plugins > Geomorph > Cluster profiles (host, login, work folder), or one made "
                     "with \"Create cluster profile\". The known ones are offered; scripts may pass any name."))
    alg.addParameter(with_choices(param, names))


def add_job_parameter(alg, states=None) -> None:
    """The job id, with the jobs of the registry (those in ``states`` first) as choices."""
    param = QgsProcessingParameterString(JOB_ID, tr("Job id"))
    param.setHelp(tr("The id of an SfM job (shown in the SfM jobs panel and in the log of the run that submitted "
                     "it). The jobs known to this QGIS are offered; scripts may pass any id."))
    alg.addParameter(with_choices(param, known_job_ids(states)))


def add_string_parameter(alg, name: str, label: str, optional: bool = False, default=None, help_text: str = "",
                         choices=()) -> None:
    param = QgsProcessingParameterString(name, label, defaultValue=default, optional=optional)
    if help_text:
        param.setHelp(help_text)
    alg.addParameter(with_choices(param, choices))


def add_workflow_parameters(alg) -> None:
    alg.addParameter(QgsProcessingParameterFile(PHOTOS, tr("Folder of geotagged UAV photos"),
                                                behavior=QgsProcessingParameterFile.Folder))
    add_engine_parameter(alg)
    alg.addParameter(QgsProcessingParameterNumber(
        CHUNK_SIZE, tr("Image pairs per matching job"), QgsProcessingParameterNumber.Integer, 50, minValue=1))
    size = QgsProcessingParameterNumber(MAX_IMAGE_SIZE, tr("Downscale photos to this longest side (0 = full size)"),
                                        QgsProcessingParameterNumber.Integer, 0, minValue=0)
    size.setFlags(size.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    alg.addParameter(size)


def add_engine_parameter(alg) -> None:
    """ENGINE: an index into ``EngineChoice`` (Auto = 0 is the default, so models and scripts made
    before the parameter existed run unchanged)."""
    from ..workflow.engine_choice import EngineChoice

    param = QgsProcessingParameterEnum(ENGINE, tr("Photogrammetry engine"),
                                       options=[choice.label for choice in EngineChoice], defaultValue=0)
    param.setHelp(engine_help())
    alg.addParameter(param)


def engine_help() -> str:
    # The parameter's tooltip and its qgis_process help: plain text (QGIS adds the markup).
    return tr("Auto (the default): COLMAP with dense matching when the cluster profile has GPU nodes, MicMac on "
              "CPU nodes otherwise, so that every cluster gives a dense DSM. MicMac: a dense DSM on CPU nodes (the "
              "source workflow: Tapioca, Tapas, Malt on ground tiles spread over the nodes); the nodes need MicMac's "
              "mm3d, from the profile's \"Node setup command\" or \"Container image\". COLMAP: dense matching on GPU "
              "nodes (tick \"The cluster has GPU nodes (CUDA)\" in the profile; refused without). COLMAP sparse fast "
              "path: quick, but the DSM is triangulated from the tie points, so it has no kerbs, trees or boulders: "
              "fine for a first look at the orthomosaic, not for change detection. The log and the job report say "
              "which engine ran and why. In scripts and qgis_process: 0 = Auto, 1 = MicMac, 2 = COLMAP, 3 = COLMAP "
              "sparse fast path.")


def engine_help_html() -> str:
    """The engine choice, node software and stalled steps: paragraphs that runsfm's and submitsfm's help share."""
    return (
        tr("<p><b>Photogrammetry engine.</b> <i>Auto</i> (the default) gives a dense DSM on any cluster: when the "
           "profile has <i>The cluster has GPU nodes (CUDA)</i> ticked, COLMAP matches densely on the GPU nodes; "
           "without GPU nodes, as on most clusters, MicMac runs on the CPU nodes. <i>MicMac</i> follows the source "
           "workflow: Tapioca tie points in many small jobs, Tapas, then Malt on ground tiles spread over the nodes. "
           "<i>COLMAP</i> needs GPU nodes and is refused without them. <i>COLMAP sparse fast path</i> is quick, but "
           "its DSM is triangulated from the tie points only, with no kerbs, trees or boulders: fine for a first "
           "look at the orthomosaic, not for change detection. The log and the job report say which engine ran and "
           "why.</p>")
        + tr("<p><b>Trees in the MicMac DSM.</b> Malt matches the ground seen from all photos at once, which "
             "fails on tree crowns: there it interpolates. After each Malt tile that interpolated a tenth of its area "
             "or more, MicMac's per-photo matching made for vegetation (PIMs Forest, merged by PIMs2Mnt) fills those "
             "cells with the canopy it matched. Band 2 "
             "of the DSM says which cells were matched (1) and which are still interpolated (0); the change "
             "algorithms leave the interpolated ones out. On bare ground the fill can be switched off with "
             "pims_zoom 0 in the cluster profile's extra settings.</p>")
        + tr("<p><b>Software on the nodes.</b> Geomorph installs nothing on the cluster: MicMac needs <i>mm3d</i> "
             "and COLMAP needs <i>colmap</i> on the nodes, from the profile's <i>Node setup command</i> (for "
             "example module load micmac) or its <i>Container image</i>. Before anything is uploaded, the nodes' "
             "software is checked over SSH; when the engine is missing, the run stops and says which field to "
             "fill in.</p>")
        + tr("<p><b>Stalled steps.</b> In the <i>SfM jobs panel</i>, each running step shows for how long it has "
             "run and the last lines of its log. A node job of a step that has written nothing to its log for 15 "
             "minutes is shown as stalled, in red, not as running. Geomorph does not stop it: read its log, and if "
             "it is stuck, cancel the job and resume it later. Where steps are quiet for longer, set your own "
             "threshold in seconds, stall_after_s, in the cluster profile's extra settings.</p>")
    )


def engine_choice(alg, parameters, context):
    """The ENGINE parameter as an ``EngineChoice`` (Auto when a model or script does not set it)."""
    from ..workflow.engine_choice import EngineChoice

    return EngineChoice.from_index(alg.parameterAsEnum(parameters, ENGINE, context))


def add_output_folder_parameter(alg, optional: bool = False, help_text: str = "") -> None:
    param = QgsProcessingParameterFolderDestination(OUTPUT_FOLDER, tr("Folder for the downloaded results"),
                                                    optional=optional)
    param.setHelp(help_text or results_folder_help())
    alg.addParameter(param)


def results_folder_help() -> str:
    # No "<job id>": QGIS shows parameter help as rich text, where it would vanish as an unknown tag.
    return tr("Left at \"Save to temporary folder\", the results go to a folder named after the job id, in "
              "geomorph-sfm beside the saved project, or in geomorph/sfm-results in your QGIS profile folder when "
              "the project is not saved: never to QGIS's temporary folder, which QGIS deletes when it closes while "
              "the job goes on.")


def results_help_html() -> str:
    return tr("<p><b>Results.</b> Left at <i>Save to temporary folder</i>, they go to a folder named after the job "
              "id, in geomorph-sfm beside the saved project, or in geomorph/sfm-results in your QGIS profile folder "
              "when the project is not saved.</p>")


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


def load_job(job_id: str, reg=None):
    job_id = (job_id or "").strip()
    if not job_id:
        raise GeomorphError(tr("No job id given: choose one, or copy it from the jobs panel or from the log of "
                               "the run."))
    return (reg or registry()).get(job_id)


def connect_profile(name: str, feedback=None):
    from ..cluster.profiles import load_profile
    from ..cluster.ssh import connect

    profile = load_profile((name or "").strip())
    if feedback is not None:
        feedback.pushInfo(tr("Connecting to {user}@{host}:{port}…").format(
            user=profile.user, host=profile.host, port=profile.port))
    return profile, connect(profile)


@contextmanager
def job_session(alg, parameters, context, feedback):
    """``sfm.session.open_job`` for the job named by JOB_ID:
    ``with job_session(...) as (job, session, registry):``."""
    from ..sfm.session import open_job

    job_id = (alg.parameterAsString(parameters, JOB_ID, context) or "").strip()
    if not job_id:
        load_job(job_id)  # says what to do
    with open_job(job_id, registry(), feedback) as opened:
        yield opened


def fetch_and_load(job, session, reg, context, feedback) -> dict:
    """Download the job's products, queue them as styled layers, and return the algorithm's outputs."""
    from ..sfm.fetch import fetch
    from ..sfm.products import result_summary
    from .sfm_layers import add_result_layers

    products = fetch(job, session, reg, feedback)
    summary = result_summary(Path(job.output_dir))
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


def is_temporary_output(value) -> bool:
    """True when the folder parameter was left to "Save to temporary folder" (or empty)."""
    from qgis.core import QgsProcessing, QgsProcessingOutputLayerDefinition

    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.staticValue()
    return value is None or str(value).strip() in ("", QgsProcessing.TEMPORARY_OUTPUT)


def results_root(context) -> Path:
    """Where results go by default: beside the saved project, else in the QGIS profile folder."""
    project = context.project() if context is not None else None
    home = project.homePath() if project is not None else ""
    if home:
        return Path(home) / "geomorph-sfm"
    from qgis.core import QgsApplication

    return Path(QgsApplication.qgisSettingsDirPath()) / "geomorph" / "sfm-results"


def output_folder(alg, parameters, context, job_id: str) -> Path:
    """The folder the user chose, or a persistent ``<results root>/<job id>``."""
    if is_temporary_output(parameters.get(OUTPUT_FOLDER)):
        return results_root(context) / job_id
    return Path(alg.parameterAsString(parameters, OUTPUT_FOLDER, context))


def in_temporary_folder(path) -> bool:
    """A folder inside QGIS's Processing temporary folder (deleted when QGIS closes)."""
    import tempfile

    try:
        relative = Path(path).resolve().relative_to(Path(tempfile.gettempdir()).resolve())
    except ValueError:
        return False
    return bool(relative.parts) and relative.parts[0].startswith("processing_")
