"""Long-running nodes: how long each has run, the end of its log, and whether it has stalled.

A node that runs for hours (COLMAP's ``mapper``, MicMac's ``tapas`` or a ``malt_NNN`` tile)
shows nothing in DAGMan's node status file until it ends. ``watch`` adds, for each running node
job, the time since it started (condor_q's ``JobCurrentStartDate``/``EnteredCurrentStatus``,
in the cluster's clock), the last lines of its ``logs/<node>.out`` (read from the end over SFTP,
at most ``TAIL_BYTES``) and for how long that file has not grown. A node whose output has been
quiet for ``stall_after`` seconds is ``NodeRun.STALLED``: it keeps its slot and may still
finish, so nothing is stopped, but the user is told, with what they can do.

Everything read from the cluster is untrusted: the tail is bounded, decoded leniently, cut to a
few lines of ``LINE_CHARS`` characters, and stripped of terminal escapes and control
characters, so a binary or hostile log cannot flood the registry or the panel.

Public API::

    watch(session, job, node_jobs, stall_after, max_watched=MAX_WATCHED) -> dict[str, dict]
    tail_lines(data, partial_first, lines=TAIL_LINES, line_chars=LINE_CHARS) -> list[str]
    duration_text(seconds) -> str                    # "45 s", "12 min", "3 h 05 min"
    run_text(info) -> str                            # "running for 12 min" / "stalled for 17 min"
    NodeRun, STALL_AFTER_S, stall_after_for(job, session, override=None) -> float
"""

from __future__ import annotations

import re
import time
import unicodedata
from enum import Enum

from ..cluster.condor import to_int
from ..i18n import tr

# 15 min without one line: COLMAP's mapper and MicMac's Tapas print at least one line per image
# or iteration, minutes apart at most, even on thousands of photos.
STALL_AFTER_S = 15 * 60
TAIL_BYTES = 8192
TAIL_LINES = 5
LINE_CHARS = 240
# Each watched node costs a few SFTP round trips per look: the longest-running ones first (the
# likeliest to hang), and no more than this many, however wide the running step is.
MAX_WATCHED = 8
NODE_LOG = "logs/{node}.out"  # workflow/dag.py's submit files: output = logs/$(JOB).out

_NODE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}")
# CSI (colours, cursor moves), OSC (window titles) and other two-character escape sequences.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")
_REPLACEMENT_RUN = re.compile("\ufffd{2,}")


class NodeRun(str, Enum):
    """What a running node job does, as far as its output tells."""

    RUNNING = "running"  # it has written something within the stall threshold
    STALLED = "stalled"  # running, but silent for at least the stall threshold

    def __str__(self) -> str:
        return self.value

    def __hash__(self) -> int:
        return str.__hash__(self)


def stall_after_for(job, session=None, override: float | None = None) -> float:
    """The stall threshold in seconds: the caller's, else the job's (``extra["stall_after_s"]``),
    else the cluster profile's (``extra`` ``{"stall_after_s": 1800}``), else ``STALL_AFTER_S``.
    0 never reports a node as stalled."""
    if override is not None:
        return max(0.0, float(override))
    for extra in ((job.extra or {}), getattr(getattr(session, "profile", None), "extra", None) or {}):
        if "stall_after_s" in extra:
            try:
                return max(0.0, float(extra["stall_after_s"]))
            except (TypeError, ValueError):
                continue
    return float(STALL_AFTER_S)


def _clean_line(line: str, line_chars: int) -> str:
    # A progress bar rewrites its line with carriage returns: what a terminal shows is the last part.
    parts = [p for p in line.split("\r") if p.strip()]
    line = parts[-1] if parts else ""
    line = line.replace("\t", " ")
    line = "".join(c for c in line if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    line = _REPLACEMENT_RUN.sub("\ufffd", line).strip()
    if len(line) > line_chars:
        line = line[:line_chars - 1].rstrip() + "…"
    return line


def tail_lines(data: bytes, partial_first: bool, lines: int = TAIL_LINES, line_chars: int = LINE_CHARS) -> list[str]:
    """The last ``lines`` non-empty lines of the end of a log, cleaned for display.

    ``partial_first``: ``data`` starts inside the file, so its first line is cut: it is dropped,
    unless it is all there is (one huge line), whose end is then kept."""
    text = _ESCAPES.sub("", data.decode("utf-8", "replace"))
    rows = text.split("\n")
    if partial_first and len(rows) > 1:
        rows = rows[1:]
    elif partial_first and rows:
        rows = ["…" + rows[0][-(line_chars - 1):]]
    cleaned = [c for c in (_clean_line(r, line_chars) for r in rows) if c]
    return cleaned[-lines:] if lines > 0 else []


def duration_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return tr("{n} s").format(n=seconds)
    if seconds < 2 * 3600:
        return tr("{n} min").format(n=seconds // 60)
    return tr("{h} h {m} min").format(h=seconds // 3600, m=f"{seconds % 3600 // 60:02d}")


def run_text(info: dict) -> str:
    """One running node in a few words, for the panel and the log."""
    if info.get("state") == NodeRun.STALLED:
        return tr("stalled for {duration}").format(duration=duration_text(info.get("quiet_s", 0)))
    return tr("running for {duration}").format(duration=duration_text(info.get("elapsed_s", 0)))


def _started(ad: dict, now: int) -> int:
    # JobCurrentStartDate is when this attempt began running (a retry starts afresh);
    # EnteredCurrentStatus is the same moment for a job that has been running since.
    for key in ("JobCurrentStartDate", "EnteredCurrentStatus"):
        value = to_int(ad.get(key), 0)
        if 0 < value <= now:
            return value
    return now


def watch(session, job, node_jobs: dict, stall_after: float, max_watched: int = MAX_WATCHED,
          tail_bytes: int = TAIL_BYTES, previous: dict | None = None) -> dict[str, dict]:
    """node -> {"job", "step", "state", "elapsed_s", "quiet_s", "tail", "log", "bytes", "checked_at"}
    for the running node jobs of ``node_jobs`` (node name -> condor_q ad), the longest-running
    first. ``previous``: the last look's result; a log that grew since then has written within
    that interval, whatever its mtime says (a file server whose clock lags the schedd's)."""
    from ..cluster.transfer import read_tail

    step_of = {node: step for step, nodes in (job.extra or {}).get("nodes_by_step", {}).items() for node in nodes}
    running = {node: ad for node, ad in node_jobs.items()
               if to_int(ad.get("JobStatus")) == 2 and _NODE_NAME.fullmatch(node)
               and (not step_of or node in step_of)}  # a name from the cluster never becomes a path of our choosing
    if not running or not job.remote_dir:
        return {}
    # The schedd's clock, like the start times and (on the cluster's file system) the log's mtime.
    now = max((to_int(ad.get("ServerTime"), 0) for ad in node_jobs.values()), default=0) or int(time.time())
    started = {node: _started(ad, now) for node, ad in running.items()}
    chosen = sorted(running, key=lambda n: (started[n], n))[:max(0, int(max_watched))]
    result = {}
    for node in chosen:
        ad = running[node]
        rel = NODE_LOG.format(node=node)
        log_path = f"{job.remote_dir}/{rel}"
        tail = read_tail(session, log_path, tail_bytes)
        # A retry rewrites the file: output older than this attempt says nothing about it.
        last_output = max(started[node], tail.mtime if tail and tail.size else 0)
        quiet = max(0, now - last_output)
        before = (previous or {}).get(node) or {}
        job_id = f"{to_int(ad.get('ClusterId'))}.{to_int(ad.get('ProcId'))}"
        if tail and before.get("job") == job_id and tail.size != to_int(before.get("bytes"), -1):
            quiet = min(quiet, max(0, now - to_int(before.get("checked_at"), 0)))
        stalled = stall_after > 0 and quiet >= stall_after
        result[node] = {
            "job": job_id,
            "step": step_of.get(node, ""),
            "state": (NodeRun.STALLED if stalled else NodeRun.RUNNING).value,
            "elapsed_s": max(0, now - started[node]),
            "quiet_s": quiet,
            "tail": tail_lines(tail.data, tail.start > 0) if tail else [],
            "log": log_path,
            "bytes": tail.size if tail else 0,
            "checked_at": now,
        }
    return result


def stalled_nodes(node_runs: dict) -> list[str]:
    return [node for node, info in node_runs.items() if info.get("state") == NodeRun.STALLED]


def stall_message(node_runs: dict) -> str:
    """What the user is told when nodes have stalled, and what they can do (nothing is killed)."""
    nodes = stalled_nodes(node_runs)
    if not nodes:
        return ""
    first = node_runs[nodes[0]]
    return tr("The node(s) {nodes} have written nothing for {quiet} (running for {elapsed}): they may be stuck. "
              "Geomorph does not stop them, and they may still finish. Read the end of the node's log on the "
              "cluster ({log}); if it is stuck, cancel the job (SfM jobs panel, or \"Cancel SfM job\") and run "
              "\"Resume SfM job\" later: finished nodes are not run again.").format(
        nodes=", ".join(nodes), quiet=duration_text(first.get("quiet_s", 0)),
        elapsed=duration_text(first.get("elapsed_s", 0)), log=first.get("log", ""))
