"""What the client knows about a running SfM job: per-step progress, idle and failed nodes.

``JobStatus`` is computed by ``follow.poll`` and saved in the job's registry record
(``job.extra["status"]``), so the jobs panel can show it without a connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import tr
from .states import state_label


@dataclass
class StepProgress:
    step: str
    total: int
    done: int = 0
    running: int = 0
    failed: int = 0
    idle: int = 0  # node jobs in the queue that wait for a slot
    held: int = 0
    stalled: int = 0  # of the running ones: silent for the stall threshold (sfm/node_watch.py)

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
    failed_nodes: dict[str, str] = field(default_factory=dict)  # node -> tail of its stderr ("" when empty)
    node_logs: dict[str, str] = field(default_factory=dict)  # failed node -> tail of its output, when there is one
    # node -> {"job": "12.0", "waited_s": 960, "reason": "...", "unmatchable": bool, "analysis": "..."}
    idle_nodes: dict[str, dict] = field(default_factory=dict)
    held: int = 0
    message: str = ""
    # A node's own progress file (training: state, epoch, epochs, per-epoch history), when it writes one.
    progress: dict = field(default_factory=dict)
    # Running node -> {"step", "state" (NodeRun), "elapsed_s", "quiet_s", "tail": [lines], "log", ...}
    node_runs: dict[str, dict] = field(default_factory=dict)

    @property
    def fraction(self) -> float:
        epochs = int(self.progress.get("epochs") or 0)
        if epochs and self.total and self.done < self.total:
            # One long node: its epochs say more than "0 of 1 nodes done".
            return min(1.0, int(self.progress.get("epoch") or 0) / epochs)
        return self.done / self.total if self.total else 0.0

    @property
    def unmatchable_nodes(self) -> list[str]:
        return [node for node, info in self.idle_nodes.items() if info.get("unmatchable")]

    @property
    def stalled_nodes(self) -> list[str]:
        from .node_watch import stalled_nodes

        return stalled_nodes(self.node_runs)

    def to_dict(self) -> dict:
        return {
            "job_id": self.job_id, "state": str(self.state), "total": self.total, "done": self.done,
            "held": self.held, "message": self.message, "failed_nodes": dict(self.failed_nodes),
            "node_logs": dict(self.node_logs), "idle_nodes": {k: dict(v) for k, v in self.idle_nodes.items()},
            "steps": [{"step": s.step, "total": s.total, "done": s.done, "running": s.running, "failed": s.failed,
                       "idle": s.idle, "held": s.held, "stalled": s.stalled} for s in self.steps],
            "progress": dict(self.progress),
            "node_runs": {k: dict(v) for k, v in self.node_runs.items()},
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
                   node_logs=snap.get("node_logs", {}), idle_nodes=snap.get("idle_nodes", {}),
                   held=snap.get("held", 0), message=job.message, progress=snap.get("progress") or {},
                   node_runs=snap.get("node_runs") or {})


def step_progress(nodes_by_step: dict, progress, node_jobs: dict | None = None) -> list[StepProgress]:
    """Per-step counts from DAGMan's node states; ``node_jobs`` (node -> condor_q ad) tells a
    queued node job that runs from one that waits for a slot or is held."""
    from ..cluster.condor import to_int

    node_jobs = node_jobs or {}
    rows = []
    for step, nodes in nodes_by_step.items():
        row = StepProgress(step, len(nodes))
        for node in nodes:
            state = progress.nodes.get(node)
            if state is None:
                continue
            if state.state == "done":
                row.done += 1
            elif state.state == "error":
                row.failed += 1
            elif state.state == "submitted":
                ad = node_jobs.get(node)
                code = to_int(ad.get("JobStatus")) if ad else (1 if state.details.strip() == "idle" else 2)
                if code == 1:
                    row.idle += 1
                elif code == 5 or state.procs_held:
                    row.held += 1
                else:
                    row.running += 1
            elif state.state in ("prerun", "postrun"):
                row.running += 1
        rows.append(row)
    return rows


def describe(status: JobStatus) -> str:
    """One line per step (and one per waiting node), for the log and the jobs panel."""
    lines = [tr("{state}: {done}/{total} nodes done").format(state=state_label(status.state), done=status.done,
                                                              total=status.total)]
    for s in status.steps:
        extra = []
        if s.running - s.stalled > 0:
            extra.append(tr("{n} running").format(n=s.running - s.stalled))
        if s.stalled:
            extra.append(tr("{n} stalled").format(n=s.stalled))
        if s.idle:
            extra.append(tr("{n} waiting for a slot").format(n=s.idle))
        if s.held:
            extra.append(tr("{n} held").format(n=s.held))
        if s.failed:
            extra.append(tr("{n} failed").format(n=s.failed))
        lines.append(f"  {s.step}: {s.done}/{s.total}" + (f" ({', '.join(extra)})" if extra else ""))
    if status.progress:
        lines.append("  " + epoch_line(status.progress))
    lines += node_run_lines(status.node_runs)
    for node, info in status.idle_nodes.items():
        why = info.get("analysis") or info.get("reason") or tr("no match attempt yet")
        if info.get("unmatchable"):
            lines.append(tr("  {node}: cannot start, no slot can run it ({why})").format(node=node, why=why))
        else:
            lines.append(tr("  {node}: waiting for a slot for {minutes} min ({why})").format(
                node=node, minutes=int(info.get("waited_s", 0)) // 60, why=why))
    return "\n".join(lines)


def node_run_lines(node_runs: dict) -> list[str]:
    """Each watched running node: for how long it has run or been silent, and the end of its log."""
    from .node_watch import NodeRun, duration_text, run_text

    lines = []
    for node, info in node_runs.items():
        if info.get("state") == NodeRun.STALLED:
            lines.append(tr("  {node}: {stalled}, no output (running for {elapsed}); its log: {log}").format(
                node=node, stalled=run_text(info), elapsed=duration_text(info.get("elapsed_s", 0)),
                log=info.get("log", "")))
        else:
            lines.append(tr("  {node}: {running}, last output {quiet} ago").format(
                node=node, running=run_text(info), quiet=duration_text(info.get("quiet_s", 0))))
        lines += [f"    > {line}" for line in info.get("tail") or []]
    return lines


def epoch_line(progress: dict) -> str:
    """The last epoch of a training node's progress file, in one line."""
    history = progress.get("history") or []
    if not history:
        return tr("training: {state}, epoch {epoch}/{epochs}").format(
            state=progress.get("state", ""), epoch=progress.get("epoch", 0), epochs=progress.get("epochs", "?"))
    last = history[-1]
    return tr("epoch {epoch}/{epochs}: loss {loss:.4f}, validation OA {oa:.3f}, kappa {kappa:.3f}, mean IoU "
              "{iou:.3f} ({rate:.1f} images/s)").format(
        epoch=last["epoch"], epochs=progress.get("epochs", "?"), loss=last["train_loss"], oa=last["overall_accuracy"],
        kappa=last["kappa"], iou=last["mean_iou"], rate=last.get("images_per_s", 0.0))


def outcome_message(status: JobStatus) -> str:
    """Why a followed job ended without results: "cancelled" when it was cancelled, and a failed
    node's error output and log only when it wrote some."""
    from .states import JobState

    if status.state == JobState.CANCELLED:
        return tr("The job {id} was cancelled while this run waited for it. {message}").format(
            id=status.job_id, message=status.message).strip()
    parts = [tr("The job {id} {state}: {message}").format(id=status.job_id, state=state_label(status.state),
                                                          message=status.message)]
    for node, tail in status.failed_nodes.items():
        if tail.strip():
            parts.append(tr("--- {node}: end of its error output ---").format(node=node) + "\n" + tail.strip())
    for node, tail in status.node_logs.items():
        if tail.strip():
            parts.append(tr("--- {node}: end of its log ---").format(node=node) + "\n" + tail.strip())
    return "\n".join(parts)
