"""Download a completed SfM job's products and DAGMan's logs, then make the local products.

    fetch(job, session, registry, feedback=None) -> dict[str, Path]   # products, hillshade, report

``job.extra["pointcloud_note"]`` says why there is no COPC point cloud ("" when there is one).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..cluster import transfer
from ..errors import GeomorphError
from ..i18n import tr
from .products import result_summary, write_hillshade, write_job_report
from .states import FETCHABLE_STATES, JobState
from .upload import transfer_callbacks

# DAGMan's own files, downloaded for the report (the node log is kept per run by ``resume``).
DAG_LOG_SUFFIXES = (".nodes.log", ".metrics", ".dagman.out")
# Products fetched when the job's outputs name them (the engine decides which it writes).
PRODUCT_KEYS = ("ortho", "dsm", "pointcloud_copc", "pointcloud_ply", "pointcloud_las", "result", "timings")
REQUIRED_PRODUCTS = ("ortho", "dsm")


def _remote_exists(session, path: str) -> bool:
    try:
        session.sftp.stat(path)
        return True
    except FileNotFoundError:
        return False


def fetch(job, session, registry, feedback=None) -> dict:
    """Download the products (the point cloud as COPC when the nodes could write it) and DAGMan's logs
    into the job's output folder, and write the hillshade and the HTML report. Returns product -> local path."""
    if job.state not in FETCHABLE_STATES:
        raise GeomorphError(tr("The job {id} is {state}, not completed: there are no results to fetch yet.")
                            .format(id=job.id, state=job.state))
    out_dir = Path(job.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = job.extra.get("outputs", {})
    wanted: dict[str, str] = {}
    for key in PRODUCT_KEYS:
        rel = outputs.get(key)
        if rel and _remote_exists(session, f"{job.remote_dir}/{rel}"):
            wanted[PurePosixPath(rel).name] = f"{job.remote_dir}/{rel}"
    for key in REQUIRED_PRODUCTS:
        if outputs.get(key) and PurePosixPath(outputs[key]).name not in wanted:
            raise GeomorphError(tr("The job {id} finished but {path} is missing on the cluster: look at the mosaic "
                                   "node's log in the job folder.").format(id=job.id, path=outputs[key]))
    for name in dag_log_names(job, session.sftp.listdir(job.remote_dir), feedback):
        wanted[f"dag/{name}"] = f"{job.remote_dir}/{name}"

    progress, is_cancelled = transfer_callbacks(feedback)
    transfer.download(session, wanted, out_dir, progress=progress, is_cancelled=is_cancelled)
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
