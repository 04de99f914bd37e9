"""One SfM job from start to finish, without any GUI: prepare → upload → submit → poll → fetch.

The Processing algorithms (``geomorph:runsfm`` and friends) and the jobs panel are thin layers
over these functions. Every state change is saved in the on-disk job registry
(``cluster.registry.JobRegistry``), so a job can be followed, fetched, resumed or cancelled
after QGIS restarts.

Public API::

    prepare(profile, photo_dir, output_dir, options, registry, feedback=None, job_id=None)
        -> (Job, WorkflowFiles)
    upload(job, files, session, registry, feedback=None) -> TransferStats
    fetch(job, session, registry, feedback=None) -> dict[str, Path]   # products (COPC from the nodes), report

    # re-exported from geomorph_plugin.sfm (the job lifecycle's own room):
    submit, poll, wait, cancel, resume, describe, step_progress, JobStatus, StepProgress,
    JobState, ACTIVE_STATES, RESUMABLE_STATES, FETCHABLE_STATES

The job dir on the cluster is ``<profile work root>/<job id>`` (mode 0700). The local job
record lives in ``<registry root>/<job id>/`` (``job.json``, ``staging/``); the products go to
the job's ``output_dir``.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from ..cluster import transfer
from ..errors import GeomorphError
from ..i18n import tr
from ..sfm.follow import STDERR_TAIL_BYTES, cancel, poll, resume, submit, wait  # noqa: F401 - re-exported
from ..sfm.states import ACTIVE_STATES, FETCHABLE_STATES, RESUMABLE_STATES, JobState  # noqa: F401
from ..sfm.status import JobStatus, StepProgress, describe, step_progress  # noqa: F401

# DAGMan's own files, downloaded for the report (the node log is kept per run by ``resume``).
DAG_LOG_SUFFIXES = (".nodes.log", ".metrics", ".dagman.out")


# --------------------------------------------------------------------------- prepare / upload / submit

def prepare(profile, photo_dir, output_dir, options, registry, feedback=None, job_id: str | None = None):
    """Check the photos and stage the DAG locally. Nothing is sent to the cluster: a folder
    without geotagged photos is refused here, before any upload."""
    from .dag import build_workflow
    from .photos import scan_photos

    photo_set = scan_photos(Path(photo_dir), feedback)
    options.gpu = bool(options.gpu or profile.has_gpu)
    for attr, value in (("requirements", profile.extra_requirements), ("accounting_group", profile.accounting_group),
                        ("container_image", profile.container_image), ("setup_command", profile.setup_command)):
        if value and not getattr(options, attr):
            setattr(options, attr, value)
    if profile.max_jobs and not options.max_jobs:
        options.max_jobs = int(profile.max_jobs)
    # Slot sizes differ per cluster (a small pool may offer 2-4 cores in all): a profile's ``extra``
    # may cap the requests with WorkflowOptions names, e.g. {"max_cpus_per_job": 2, "max_memory_mb": 4000}.
    for key in ("max_cpus_per_job", "max_memory_mb", "retries", "status_interval", "tile_count"):
        if key in (profile.extra or {}):
            setattr(options, key, type(getattr(options, key))(profile.extra[key]))
    job = registry.new_job(profile.name, photo_dir, output_dir, job_id=job_id)
    try:
        files = build_workflow(photo_set, options, registry.job_dir(job.id) / "staging")
    except Exception:
        registry.delete(job.id)
        raise
    job.dag_file = files.dag_name
    job.extra.update({
        "status_file": files.status_file,
        "nodes_by_step": files.nodes_by_step,
        "outputs": files.outputs,
        "surface": files.surface,
        "epsg": files.epsg,
        "photos": len(photo_set.photos),
        "skipped_photos": [str(p) for p in photo_set.skipped],
        "max_image_size": options.max_image_size,
        "chunk_size": options.chunk_size,
        "runs": 0,
    })
    registry.save(job)
    return job, files


def upload(job, files, session, registry, feedback=None):
    """Send the staged DAG files, the worker code and the photos; skips what is already there."""
    remote = transfer.ensure_remote_dir(session, session.profile.remote_dir(job.id))
    job.remote_dir = remote
    job.set_state(JobState.UPLOADING)
    registry.save(job)
    mapping = {rel: Path(local) for local, rel in list(files.upload) + list(files.photos)}

    def progress(p):
        if feedback is not None:
            feedback.setProgress(p.percent if hasattr(p, "percent") else 0.0)

    stats = transfer.upload(session, mapping, remote, progress=progress,
                            is_cancelled=(feedback.isCanceled if feedback is not None else None))
    return stats


# --------------------------------------------------------------------------- fetch

def _remote_exists(session, path: str) -> bool:
    try:
        session.sftp.stat(path)
        return True
    except FileNotFoundError:
        return False


def fetch(job, session, registry, feedback=None) -> dict:
    """Download the products (the point cloud as COPC when the nodes could write it) and DAGMan's logs
    into the job's output folder, and write the HTML report. Returns product -> local path.
    ``job.extra["pointcloud_note"]`` says why there is no COPC point cloud, "" when there is one."""
    if job.state not in FETCHABLE_STATES:
        raise GeomorphError(tr("The job {id} is {state}, not completed: there are no results to fetch yet.")
                            .format(id=job.id, state=job.state))
    out_dir = Path(job.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = job.extra.get("outputs", {})
    wanted: dict[str, str] = {}
    for key in ("ortho", "dsm", "pointcloud_copc", "pointcloud_ply", "pointcloud_las", "result", "timings"):
        rel = outputs.get(key)
        if rel and _remote_exists(session, f"{job.remote_dir}/{rel}"):
            wanted[PurePosixPath(rel).name] = f"{job.remote_dir}/{rel}"
    for key in ("ortho", "dsm"):
        if outputs.get(key) and PurePosixPath(outputs[key]).name not in wanted:
            raise GeomorphError(tr("The job {id} finished but {path} is missing on the cluster: look at the mosaic "
                                   "node's log in the job folder.").format(id=job.id, path=outputs[key]))
    for name in dag_log_names(job, session.sftp.listdir(job.remote_dir), feedback):
        wanted[f"dag/{name}"] = f"{job.remote_dir}/{name}"

    def progress(p):
        if feedback is not None:
            feedback.setProgress(p.percent if hasattr(p, "percent") else 0.0)

    transfer.download(session, wanted, out_dir, progress=progress,
                      is_cancelled=(feedback.isCanceled if feedback is not None else None))
    products = {key: out_dir / PurePosixPath(outputs[key]).name for key in outputs
                if PurePosixPath(outputs[key]).name in wanted}
    if "dsm" in products:
        products["hillshade"] = write_hillshade(products["dsm"])
    # The nodes write the COPC; converting inside QGIS aborted QGIS itself (copclib, std::bad_alloc).
    from .copc import check_downloaded

    job.extra["pointcloud_note"] = check_downloaded(products, outputs, result_summary(out_dir))
    products["report"] = write_job_report(job, out_dir)
    job.extra["products"] = {k: str(v) for k, v in products.items()}
    job.set_state(JobState.FETCHED, "")
    registry.save(job)
    return products


def dag_log_names(job, names, feedback=None) -> list[str]:
    """DAGMan's files among a listing of the job folder. The names come from the server: one
    that could lead out of the output folder is left out, and said so."""
    status_file = job.extra.get("status_file", "geomorph.status")
    found = []
    for name in names:
        if name == job.dag_file or name == status_file or (name.startswith(job.dag_file) and (
                any(name.endswith(s) for s in DAG_LOG_SUFFIXES) or ".nodes.log.run" in name or ".rescue" in name)):
            if transfer.is_safe_name(name):
                found.append(name)
            elif feedback is not None:
                feedback.reportError(tr("Left out the file \"{name}\" of the job folder on the cluster: its name "
                                        "would lead out of the output folder.").format(name=name), False)
    return found


def write_hillshade(dsm: Path) -> Path:
    """``<dsm>_hillshade.tif`` beside the DSM (GDAL's multidirectional hillshade)."""
    from osgeo import gdal

    dest = Path(dsm).with_name(Path(dsm).stem + "_hillshade.tif")
    tmp = dest.with_name(dest.stem + ".part.tif")
    options = gdal.DEMProcessingOptions(multiDirectional=True, computeEdges=True, creationOptions=["COMPRESS=DEFLATE"])
    if gdal.DEMProcessing(str(tmp), str(dsm), "hillshade", options=options) is None:
        raise GeomorphError(tr("GDAL could not compute the hillshade of {path}.").format(path=dsm))
    tmp.replace(dest)
    return dest


def write_job_report(job, out_dir: Path) -> Path:
    from . import report

    dag_dir = Path(out_dir) / "dag"
    return report.write_report(dag_dir, Path(out_dir) / "report.html",
                               title=tr("Geomorph SfM job {id}").format(id=job.id))


def result_summary(out_dir: Path) -> dict:
    """``result.json`` written by the last node (registered images, surface kind...), or {}."""
    path = Path(out_dir) / "result.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
