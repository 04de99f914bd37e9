"""Submitting, following, cancelling and resuming an SfM job's DAG on the cluster.

Public API::

    submit(job, session, registry) -> int                      # DAGMan's cluster id
    poll(job, session, registry, retries=3) -> JobStatus       # one look, reconnecting on a blip
    wait(job, session, registry, feedback=None, interval=5.0, timeout=None,
         retry_limit=RETRY_LIMIT_S, stall_after=None,
         watch_interval=WATCH_INTERVAL_S) -> JobStatus          # until the DAG leaves the queue
    cancel(job, session, registry) -> None                     # condor_rm the DAG; photos untouched
    resume(job, session, registry) -> int                      # resubmit: the rescue DAG skips done nodes

Network blips: a lost connection, a schedd that does not answer, or garbled condor_q output
is "try again", not a failure. ``wait`` reconnects with a growing pause (``BACKOFF_S``) and
keeps following the job; only after ``retry_limit`` seconds without one good look does it stop,
with a message saying that the job goes on on the cluster and how to pick it up again (its
registry state stays active, so the jobs panel and "SfM job status" keep following it).

Idle nodes: a node job that waits in the queue is shown as waiting, not running, with
HTCondor's ``LastRejMatchReason``; once it has waited ``ANALYZE_AFTER_S``, ``condor_q
-better-analyze`` says whether any slot could ever run it (a step asking for more CPUs than any
slot has waits for ever). The job's state is ``idle`` while nothing runs and nodes wait.

Long nodes: each look also says, for the running node jobs, how long they have run and the last
lines of their log, and names a node whose log has not grown for ``stall_after`` seconds as
stalled (``sfm/node_watch.py``; by default the job's or the profile's ``stall_after_s``, else
15 min). A stalled node is not stopped: the message says how to cancel and where its log is.
``wait`` reads the logs every ``watch_interval`` seconds only, so the algorithm's log gets at most
one update a minute from them.
"""

from __future__ import annotations

import time

from ..cluster import condor
from ..cluster.condor import CondorQueryError, to_int
from ..errors import CancelledError, GeomorphError
from ..i18n import tr
from . import node_watch
from .states import ACTIVE_STATES, FETCHABLE_STATES, JobState
from .status import JobStatus, describe, step_progress

STDERR_TAIL_BYTES = 4000
BACKOFF_S = (2, 5, 10, 20, 30, 60)
RETRY_LIMIT_S = 30 * 60  # a 25-hour job is worth half an hour of trying to reach the cluster again
ANALYZE_AFTER_S = 120  # -better-analyze is slow on big pools: only for jobs that have waited a while
WATCH_INTERVAL_S = 60.0  # wait() reads the running nodes' logs this often (a few SFTP round trips each)


def _dag_path(job) -> str:
    return f"{job.remote_dir}/{job.dag_file}"


def is_transient(exc: BaseException, session) -> bool:
    """A failure that a reconnect or a later try may cure."""
    from ..cluster.ssh import transient_errors

    if isinstance(exc, CancelledError):
        return False
    if isinstance(exc, CondorQueryError):
        return True
    if isinstance(exc, transient_errors()):
        return True
    # A refused host key or login (a plain GeomorphError) is not cured by trying again.
    return isinstance(exc, OSError) and not session.is_active


# --------------------------------------------------------------------------- submit

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
    job.extra.pop("idle_analysis", None)
    job.set_state(JobState.SUBMITTED, "")
    registry.save(job)
    return cluster_id


# --------------------------------------------------------------------------- follow

def _idle_nodes(session, job, node_jobs: dict, analyze_after: float) -> dict[str, dict]:
    """Node jobs that wait in the queue, with HTCondor's reason; -better-analyze once per job."""
    cache = job.extra.get("idle_analysis") or {}
    kept, idle = {}, {}
    for node, ad in sorted(node_jobs.items()):
        if to_int(ad.get("JobStatus")) != 1:
            continue
        job_id = f"{to_int(ad.get('ClusterId'))}.{to_int(ad.get('ProcId'))}"
        # The cluster's clock, not ours: they may differ by minutes.
        now = to_int(ad.get("ServerTime"), 0) or int(time.time())
        since = to_int(ad.get("EnteredCurrentStatus"), 0) or to_int(ad.get("QDate"), now)
        info = {"job": job_id, "waited_s": max(0, now - since),
                "reason": str(ad.get("LastRejMatchReason") or "").strip(),
                "cpus": to_int(ad.get("RequestCpus"), 0), "memory_mb": to_int(ad.get("RequestMemory"), 0),
                "unmatchable": False, "analysis": ""}
        if job_id not in cache and info["waited_s"] >= analyze_after:
            analysis = condor.better_analyze(session, job_id)
            cache[job_id] = {"unmatchable": analysis.unmatchable, "analysis": analysis.summary()}
        if job_id in cache:
            kept[job_id] = cache[job_id]
            info.update(cache[job_id])
        idle[node] = info
    if kept:
        job.extra["idle_analysis"] = kept
    else:
        job.extra.pop("idle_analysis", None)
    return idle


def _was_removed(session, cluster_id: int) -> bool:
    """The DAGMan job left the queue because someone removed it (condor_rm), not by failing."""
    try:
        ads = condor.history(session, cluster_id, ["ClusterId", "JobStatus"], limit=1)
    except CondorQueryError:
        return False
    return any(to_int(ad.get("JobStatus")) == 3 for ad in ads)


def _watch_running(session, job, node_jobs: dict, status: JobStatus, stall_after, read_logs: bool) -> None:
    """Elapsed time, log tail and stall of the running node jobs; without ``read_logs``, the last
    look's for the nodes that still run."""
    previous = ((job.extra or {}).get("status") or {}).get("node_runs") or {}
    if read_logs:
        status.node_runs = node_watch.watch(session, job, node_jobs,
                                            node_watch.stall_after_for(job, session, stall_after), previous=previous)
    else:
        status.node_runs = {node: info for node, info in previous.items()
                            if to_int((node_jobs.get(node) or {}).get("JobStatus")) == 2}
    stalled_by_step: dict[str, int] = {}
    for node in status.stalled_nodes:
        step = status.node_runs[node].get("step", "")
        stalled_by_step[step] = stalled_by_step.get(step, 0) + 1
    for step in status.steps:
        step.stalled = min(step.running, stalled_by_step.get(step.step, 0))


def _poll_once(job, session, registry, analyze_after: float, stall_after: float | None = None,
               read_logs: bool = True) -> JobStatus:
    registry.refresh(job)  # another QGIS or task may have cancelled, resumed or fetched it meanwhile
    if job.cluster_id is None or not job.remote_dir:
        return JobStatus.from_job(job)
    status_file = f"{job.remote_dir}/{job.extra.get('status_file', 'geomorph.status')}"
    # The queue first, then the status file: DAGMan writes its final status before it leaves the
    # queue, so a DAG seen gone is judged on its final status, never on one read just before the
    # last node ended.
    ads = condor.dag_jobs(session, job.cluster_id)
    in_queue = any(to_int(ad.get("ClusterId"), -1) == job.cluster_id for ad in ads)
    node_jobs = {str(ad["DAGNodeName"]): ad for ad in ads
                 if ad.get("DAGNodeName") and to_int(ad.get("DAGManJobId"), -1) == job.cluster_id}
    progress = condor.dag_progress(session, _dag_path(job), status_file)
    if not in_queue and not progress.finished:
        time.sleep(1.0)  # a read that met DAGMan's last rewrite: the file is final now
        progress = condor.dag_progress(session, _dag_path(job), status_file)
    steps = step_progress(job.extra.get("nodes_by_step", {}), progress, node_jobs)
    status = JobStatus(job.id, job.state, total=progress.total or sum(s.total for s in steps), done=progress.done,
                       steps=steps, held=sum(n.procs_held for n in progress.nodes.values()),
                       progress=_node_progress(session, job))
    if job.state in (JobState.CANCELLED, JobState.FETCHED):
        status.message = job.message  # decided by the user: the cluster has nothing to add
    elif in_queue:
        status.idle_nodes = _idle_nodes(session, job, node_jobs, analyze_after)
        _watch_running(session, job, node_jobs, status, stall_after, read_logs)
        running = any(s.running for s in steps) or any(to_int(ad.get("JobStatus")) == 2 for ad in node_jobs.values())
        if running:
            status.state = JobState.RUNNING
        elif status.idle_nodes:
            status.state = JobState.IDLE
        else:
            status.state = JobState.RUNNING if progress.nodes else JobState.SUBMITTED
        if status.unmatchable_nodes:
            info = status.idle_nodes[status.unmatchable_nodes[0]]
            status.message = tr(
                "The node(s) {nodes} cannot start: no slot of the cluster can run them ({why}; they ask for {cpus} "
                "CPUs and {memory} MB). Cancel the job, lower the per-job caps of the cluster profile (most CPUs "
                "and memory per job) and run it again.").format(
                nodes=", ".join(status.unmatchable_nodes), why=info.get("analysis") or info.get("reason"),
                cpus=info.get("cpus"), memory=info.get("memory_mb"))
        elif status.stalled_nodes:
            status.message = node_watch.stall_message(status.node_runs)
        elif status.held:
            status.message = tr("{count} node job(s) are held by HTCondor: see condor_q -hold on the cluster.").format(
                count=status.held)
    else:
        complete = progress.total > 0 and progress.done == progress.total
        if complete:
            status.state = JobState.COMPLETED
        elif _was_removed(session, job.cluster_id):
            status.state = JobState.CANCELLED
            status.message = tr("The job was removed from the cluster queue (condor_rm), so it was cancelled, not "
                                "failed. Run \"Resume SfM job\" (geomorph:resumesfm) to continue it: finished nodes "
                                "are not run again.")
        else:
            status.state = JobState.FAILED
    if status.state == JobState.FAILED:
        _explain_failure(session, job, progress, status)
    snapshot = status.to_dict()
    if status.state != job.state or status.message != job.message or job.extra.get("status") != snapshot:
        job.set_state(status.state, status.message)
        job.nodes = progress.to_dict()
        job.extra["status"] = snapshot
        registry.save(job)
        # The save merges with what others saved: a cancel or fetch made meanwhile wins.
        status.state, status.message = job.state, job.message
    return status


def _node_progress(session, job) -> dict:
    """The job's own progress file (``job.extra["progress_file"]``, JSON written by its node, e.g. the
    trainer's epochs), or the last one seen while it is missing or half-written."""
    rel = job.extra.get("progress_file")
    last = ((job.extra.get("status") or {}).get("progress")) or {}
    if not rel:
        return {}
    import json

    try:
        with session.sftp.open(f"{job.remote_dir}/{rel}", "r") as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except (FileNotFoundError, ValueError):
        return last
    return data if isinstance(data, dict) else last


def _explain_failure(session, job, progress, status) -> None:
    for node in progress.failed_nodes:
        try:
            status.failed_nodes[node] = condor.node_stderr(session, _dag_path(job), node, STDERR_TAIL_BYTES)
            output = condor.node_file_tail(session, _dag_path(job), node, "output", STDERR_TAIL_BYTES)
            if output.strip():
                status.node_logs[node] = output
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


def _pause(seconds: float, feedback=None) -> None:
    """Sleep in small steps so that a cancel is seen quickly."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if feedback is not None and feedback.isCanceled():
            return
        time.sleep(0.2)


def _try_reconnect(session) -> None:
    try:
        session.reconnect()
    except GeomorphError:
        pass  # still unreachable: the next look fails and counts towards the limit


def poll(job, session, registry, retries: int = 3, analyze_after: float = ANALYZE_AFTER_S,
         stall_after: float | None = None) -> JobStatus:
    """Ask the cluster where the job is, save it in the registry, and return it. A lost
    connection or a garbled answer is retried ``retries`` times, reconnecting in between.
    ``stall_after``: seconds without output after which a running node is stalled (None: the job's
    or its profile's ``stall_after_s``, else ``node_watch.STALL_AFTER_S``)."""
    for attempt in range(retries + 1):
        try:
            return _poll_once(job, session, registry, analyze_after, stall_after)
        except Exception as exc:  # noqa: BLE001 - sorted into transient or not just below
            if not is_transient(exc, session):
                raise
            if attempt == retries:
                raise GeomorphError(_unreachable_message(job, session, exc)) from exc
            _pause(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])
            _try_reconnect(session)
    raise AssertionError("unreachable")


def _unreachable_message(job, session, exc) -> str:
    return tr("Could not reach {where} ({error}). The job {id} was {state} there and goes on without QGIS: "
              "follow it later in the SfM jobs panel or with \"SfM job status\", and load its results with "
              "\"Fetch SfM results\" when it has completed.").format(
        where=session.where, error=exc, id=job.id, state=job.state)


def wait(job, session, registry, feedback=None, interval: float = 5.0, timeout: float | None = None,
         retry_limit: float = RETRY_LIMIT_S, analyze_after: float = ANALYZE_AFTER_S,
         stall_after: float | None = None, watch_interval: float = WATCH_INTERVAL_S) -> JobStatus:
    """Poll until the DAG leaves the queue. A cancel in ``feedback`` removes the DAG from the queue;
    connection blips are ridden out for up to ``retry_limit`` seconds. The running nodes' logs are
    read every ``watch_interval`` seconds; a node that stalls is reported once, as an error line."""
    start = time.monotonic()
    last = ""
    lost_since = None
    attempt = 0
    watched_at = None
    reported_stalls: list[str] = []
    while True:
        if feedback is not None and feedback.isCanceled():
            _cancel_from_wait(job, session, registry)
        try:
            if lost_since is not None:
                session.reconnect()
            read_logs = watched_at is None or time.monotonic() - watched_at >= watch_interval
            status = _poll_once(job, session, registry, analyze_after, stall_after, read_logs)
            if read_logs:
                watched_at = time.monotonic()
        except Exception as exc:  # noqa: BLE001 - sorted into transient or not just below
            if not is_transient(exc, session):
                raise
            now = time.monotonic()
            lost_since = lost_since or now
            if now - lost_since >= retry_limit:
                raise GeomorphError(_unreachable_message(job, session, exc)) from exc
            delay = min(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)], max(0.0, retry_limit - (now - lost_since)))
            attempt += 1
            if feedback is not None:
                feedback.pushInfo(tr("Lost contact with the cluster ({error}); trying again in {s} s (attempt {n}; "
                                     "giving up after {limit} min without an answer).").format(
                    error=exc, s=int(round(delay)), n=attempt, limit=round(retry_limit / 60, 1)))
            _pause(delay, feedback)
            continue
        if lost_since is not None:
            if feedback is not None:
                feedback.pushInfo(tr("Reconnected to {where}; following the job again.").format(where=session.where))
            lost_since, attempt = None, 0
        if feedback is not None:
            feedback.setProgress(100.0 * status.fraction)
            text = describe(status)
            if text != last:
                feedback.pushInfo(text)
                last = text
            stalled = status.stalled_nodes
            if stalled and stalled != reported_stalls:
                feedback.reportError(node_watch.stall_message(status.node_runs), False)
            reported_stalls = stalled
        if status.state not in ACTIVE_STATES:
            return status
        if timeout is not None and time.monotonic() - start > timeout:
            raise GeomorphError(tr("The job {id} did not finish within {s} s.").format(id=job.id, s=int(timeout)))
        _pause(interval, feedback)


def _cancel_from_wait(job, session, registry) -> None:
    try:
        if not session.is_active:
            session.reconnect()
        cancel(job, session, registry)
    except GeomorphError as exc:
        raise CancelledError(
            tr("Cancelled, but the job {id} could not be removed from the cluster queue ({error}): it goes on "
               "there. Run \"Cancel SfM job\" to remove it.").format(id=job.id, error=exc)) from exc
    raise CancelledError(tr("Cancelled: the job {id} was removed from the cluster queue (condor_rm). "
                            "Run \"Resume SfM job\" to continue it later.").format(id=job.id))


def cancel(job, session, registry, timeout: float = 60.0) -> None:
    """Remove the DAG (DAGMan removes its node jobs and writes a rescue DAG). Local files are
    never touched."""
    if job.cluster_id is not None:
        condor.remove(session, job.cluster_id)
        end = time.monotonic() + timeout
        while time.monotonic() < end and _dag_jobs_in_queue(session, job.cluster_id):
            time.sleep(1.0)
    job.set_state(JobState.CANCELLED, tr("Cancelled by the user; run \"Resume SfM job\" to continue."))
    # Nothing runs or waits any more: the saved snapshot must not go on saying so.
    snapshot = job.extra.get("status")
    if snapshot:
        snapshot["state"] = JobState.CANCELLED.value
        snapshot["idle_nodes"] = {}
        snapshot["node_runs"] = {}
        for step in snapshot.get("steps", []):
            step["running"] = step["idle"] = step["held"] = step["stalled"] = 0
    job.extra.pop("idle_analysis", None)
    registry.save(job)


def _dag_jobs_in_queue(session, cluster_id: int) -> bool:
    """The DAGMan job itself or any node job it submitted (DAGManJobId) is still queued."""
    try:
        return bool(condor.dag_jobs(session, cluster_id))
    except CondorQueryError:
        return True


def resume(job, session, registry) -> int:
    """Resubmit the DAG: DAGMan picks up the newest rescue DAG and runs only unfinished nodes."""
    registry.refresh(job)
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
