"""One SfM job from start to finish, without any GUI: prepare → upload → submit → poll → fetch.

The Processing algorithms (``geomorph:runsfm`` and friends) and the jobs panel are thin layers
over these functions. Every state change is saved in the on-disk job registry
(``cluster.registry.JobRegistry``), so a job can be followed, fetched, resumed or cancelled
after QGIS restarts.

Public API::

    prepare(profile, photo_dir, output_dir, options, registry, feedback=None) -> (Job, WorkflowFiles)
    upload(job, files, session, registry, feedback=None) -> TransferStats
    submit(job, session, registry) -> int                      # DAGMan's cluster id
    poll(job, session, registry) -> JobStatus
    wait(job, session, registry, feedback=None, interval=5.0) -> JobStatus
    cancel(job, session, registry) -> None                     # condor_rm the DAG; photos untouched
    resume(job, session, registry) -> int                      # resubmit: the rescue DAG skips done nodes
    fetch(job, session, registry, feedback=None) -> dict[str, Path]   # products (COPC from the nodes), report
    step_progress(nodes_by_step, progress) -> list[StepProgress]

The job dir on the cluster is ``<profile work root>/<job id>`` (mode 0700). The local job
record lives in ``<registry root>/<job id>/`` (``job.json``, ``staging/``); the products go to
the job's ``output_dir``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..cluster import condor, transfer
from ..errors import CancelledError, GeomorphError
from ..i18n import tr

# Job states (the registry's): uploading, submitted, running, failed, completed, cancelled, fetched.
ACTIVE_STATES = ("submitted", "running")
RESUMABLE_STATES = ("failed", "cancelled")
FETCHABLE_STATES = ("completed", "fetched")

STDERR_TAIL_BYTES = 4000
# DAGMan's own files, downloaded for the report (the node log is kept per run by ``resume``).
DAG_LOG_SUFFIXES = (".nodes.log", ".metrics", ".dagman.out")


@dataclass
class StepProgress:
    step: str
    total: int
    done: int = 0
    running: int = 0
    failed: int = 0

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass
class JobStatus:
    job_id: str
    state: str
    total: int = 0
    done: int = 0
    steps: list[StepProgress] = field(default_factory=list)
    failed_nodes: dict[str, str] = field(default_factory=dict)  # node -> tail of its stderr
    held: int = 0
    message: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {
            "job_id": self.job_id, "state": self.state, "total": self.total, "done": self.done,
            "held": self.held, "message": self.message, "failed_nodes": dict(self.failed_nodes),
            "steps": [{"step": s.step, "total": s.total, "done": s.done, "running": s.running, "failed": s.failed}
                      for s in self.steps],
        }

    @classmethod
    def from_job(cls, job) -> JobStatus:
        """The last status saved in the registry (no cluster access)."""
        snap = (job.extra or {}).get("status") or {}
        steps = [StepProgress(**s) for s in snap.get("steps", [])]
        if not steps:
            by_step = (job.extra or {}).get("nodes_by_step", {})
            steps = [StepProgress(step, len(nodes)) for step, nodes in by_step.items()]
        return cls(job_id=job.id, state=job.state, total=snap.get("total", sum(s.total for s in steps)),
                   done=snap.get("done", 0), steps=steps, failed_nodes=snap.get("failed_nodes", {}),
                   held=snap.get("held", 0), message=job.message)


def _dag_path(job) -> str:
    return f"{job.remote_dir}/{job.dag_file}"


def _check_feedback(feedback, what: str) -> None:
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Cancelled while {what}.").format(what=what))


# --------------------------------------------------------------------------- prepare / upload / submit

def prepare(profile, photo_dir, output_dir, options, registry, feedback=None):
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
    job = registry.new_job(profile.name, photo_dir, output_dir)
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
    job.set_state("uploading")
    registry.save(job)
    mapping = {rel: Path(local) for local, rel in list(files.upload) + list(files.photos)}

    def progress(p):
        if feedback is not None:
            feedback.setProgress(p.percent if hasattr(p, "percent") else 0.0)

    stats = transfer.upload(session, mapping, remote, progress=progress,
                            is_cancelled=(feedback.isCanceled if feedback is not None else None))
    return stats


def submit(job, session, registry) -> int:
    # The previous run's final node status would read as "finished" until DAGMan rewrites it.
    try:
        session.sftp.remove(f"{job.remote_dir}/{job.extra.get('status_file', 'geomorph.status')}")
    except FileNotFoundError:
        pass
    cluster_id = condor.submit_dag(session, _dag_path(job), batch_name=f"geomorph-{job.id}")
    job.cluster_id = cluster_id
    job.extra["runs"] = int(job.extra.get("runs", 0)) + 1
    job.extra.pop("status", None)
    job.set_state("submitted", "")
    registry.save(job)
    return cluster_id


# --------------------------------------------------------------------------- follow

def step_progress(nodes_by_step: dict, progress) -> list[StepProgress]:
    rows = []
    for step, nodes in nodes_by_step.items():
        row = StepProgress(step, len(nodes))
        for node in nodes:
            state = progress.nodes.get(node)
            if state is None:
                continue
            if state.state == "done":
                row.done += 1
            elif state.state in ("submitted", "prerun", "postrun"):
                row.running += 1
            elif state.state == "error":
                row.failed += 1
        rows.append(row)
    return rows


def poll(job, session, registry) -> JobStatus:
    """Ask the cluster where the job is, save it in the registry, and return it."""
    if job.cluster_id is None or not job.remote_dir:
        return JobStatus.from_job(job)
    # The queue first, then the status file: DAGMan writes its final status before it leaves the
    # queue, so a DAG seen gone is judged on its final status, never on one read just before the
    # last node ended (that race reported finished runs as "left the queue before finishing").
    in_queue = condor.is_in_queue(session, job.cluster_id)
    progress = condor.dag_progress(session, _dag_path(job),
                                   f"{job.remote_dir}/{job.extra.get('status_file', 'geomorph.status')}")
    steps = step_progress(job.extra.get("nodes_by_step", {}), progress)
    status = JobStatus(job.id, job.state, total=progress.total or sum(s.total for s in steps), done=progress.done,
                       steps=steps, held=sum(n.procs_held for n in progress.nodes.values()))
    if job.state in ("cancelled", "fetched"):
        pass
    elif in_queue:
        # DAGMan writes its last status just before it leaves the queue: the queue decides.
        status.state = "running" if progress.nodes else "submitted"
        if status.held:
            status.message = tr("{count} node job(s) are held by HTCondor: see condor_q -hold on the cluster.").format(
                count=status.held)
    else:
        complete = progress.total > 0 and progress.done == progress.total
        status.state = "completed" if complete else "failed"
    if status.state == "failed":
        for node in progress.failed_nodes:
            try:
                status.failed_nodes[node] = condor.node_stderr(session, _dag_path(job), node, STDERR_TAIL_BYTES)
            except GeomorphError as exc:
                status.failed_nodes[node] = str(exc)
        if status.failed_nodes:
            status.message = tr("The workflow failed at the node(s) {nodes}. Fix the cause, then run "
                                "\"Resume SfM job\" (geomorph:resumesfm): finished nodes are not run again.").format(
                nodes=", ".join(status.failed_nodes))
        else:
            status.message = tr("The workflow left the cluster queue before finishing, with no failed node: it was "
                                "removed, or HTCondor was restarted. Run \"Resume SfM job\" "
                                "(geomorph:resumesfm) to continue it.")
    if status.state != job.state or status.message != job.message or job.extra.get("status") != status.to_dict():
        job.set_state(status.state, status.message)
        job.nodes = progress.to_dict()
        job.extra["status"] = status.to_dict()
        registry.save(job)
    return status


def describe(status: JobStatus) -> str:
    """One line per step, for the log and the jobs panel."""
    lines = [tr("{state}: {done}/{total} nodes done").format(state=status.state, done=status.done, total=status.total)]
    for s in status.steps:
        extra = []
        if s.running:
            extra.append(tr("{n} running").format(n=s.running))
        if s.failed:
            extra.append(tr("{n} failed").format(n=s.failed))
        lines.append(f"  {s.step}: {s.done}/{s.total}" + (f" ({', '.join(extra)})" if extra else ""))
    return "\n".join(lines)


def wait(job, session, registry, feedback=None, interval: float = 5.0, timeout: float | None = None) -> JobStatus:
    """Poll until the DAG finishes. A cancel in ``feedback`` removes the DAG from the queue."""
    start = time.monotonic()
    last = ""
    while True:
        if feedback is not None and feedback.isCanceled():
            cancel(job, session, registry)
            raise CancelledError(tr("Cancelled: the job {id} was removed from the cluster queue (condor_rm). "
                                    "Run \"Resume SfM job\" to continue it later.").format(id=job.id))
        status = poll(job, session, registry)
        if feedback is not None:
            feedback.setProgress(100.0 * status.fraction)
            text = describe(status)
            if text != last:
                feedback.pushInfo(text)
                last = text
        if status.state not in ACTIVE_STATES:
            return status
        if timeout is not None and time.monotonic() - start > timeout:
            raise GeomorphError(tr("The job {id} did not finish within {s} s.").format(id=job.id, s=int(timeout)))
        # Sleep in small steps so that a cancel is seen quickly.
        end = time.monotonic() + interval
        while time.monotonic() < end:
            if feedback is not None and feedback.isCanceled():
                break
            time.sleep(0.2)


def cancel(job, session, registry, timeout: float = 60.0) -> None:
    """Remove the DAG (DAGMan removes its node jobs and writes a rescue DAG). Local files are
    never touched."""
    if job.cluster_id is not None:
        condor.remove(session, job.cluster_id)
        end = time.monotonic() + timeout
        while time.monotonic() < end and _dag_jobs_in_queue(session, job.cluster_id):
            time.sleep(1.0)
    job.set_state("cancelled", tr("Cancelled by the user; run \"Resume SfM job\" to continue."))
    registry.save(job)


def _dag_jobs_in_queue(session, cluster_id: int) -> bool:
    """The DAGMan job itself or any node job it submitted (DAGManJobId) is still queued."""
    if condor.is_in_queue(session, cluster_id):
        return True
    result = session.run(["condor_q", "-constraint", f"DAGManJobId == {int(cluster_id)}", "-af", "ClusterId"],
                         check=False, timeout=120)
    return bool(result.stdout.strip())


def resume(job, session, registry) -> int:
    """Resubmit the DAG: DAGMan picks up the newest rescue DAG and runs only unfinished nodes."""
    if job.state in ACTIVE_STATES:
        raise GeomorphError(tr("The job {id} is still {state}: cancel it first, or wait for it to finish.")
                            .format(id=job.id, state=job.state))
    if job.state in FETCHABLE_STATES:
        raise GeomorphError(tr("The job {id} has already completed: fetch its results instead.").format(id=job.id))
    if job.cluster_id is None:
        raise GeomorphError(tr("The job {id} was never submitted: run \"Run SfM on the cluster\" again with the same "
                               "photos; the upload skips what was already sent.").format(id=job.id))
    if not condor.rescue_dags(session, _dag_path(job)):
        raise GeomorphError(tr("The job {id} has no rescue DAG on the cluster, so it cannot be resumed: DAGMan "
                               "writes one when a workflow fails or is removed.").format(id=job.id))
    # DAGMan truncates its node log on each run: keep the earlier runs' events for the report.
    log_path = f"{_dag_path(job)}.nodes.log"
    try:
        session.sftp.posix_rename(log_path, f"{log_path}.run{int(job.extra.get('runs', 1)):02d}")
    except FileNotFoundError:
        pass
    return submit(job, session, registry)


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
    names = session.sftp.listdir(job.remote_dir)
    status_file = job.extra.get("status_file", "geomorph.status")
    for name in names:
        if name == job.dag_file or name == status_file or (name.startswith(job.dag_file) and (
                any(name.endswith(s) for s in DAG_LOG_SUFFIXES) or ".nodes.log.run" in name or ".rescue" in name)):
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
    job.set_state("fetched", "")
    registry.save(job)
    return products


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
