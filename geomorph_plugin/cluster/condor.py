"""Thin wrappers around HTCondor's command-line tools, run on the login node over SSH.

Public API::

    submit_dag(session, remote_dag_path, batch_name=None, max_jobs=0, force=False,
               extra_args=()) -> int                                    # DAGMan's cluster id
    query(session, cluster_id=None, attributes=None) -> list[dict]      # condor_q -json
    history(session, cluster_id, attributes=None, limit=None) -> list[dict]   # condor_history -json
    remove(session, cluster_id) -> None                                 # condor_rm (DAGMan removes its nodes)
    is_in_queue(session, cluster_id) -> bool
    dag_jobs(session, dag_cluster_id) -> list[dict]                     # the DAGMan job and its node jobs
    better_analyze(session, job_id) -> MatchAnalysis                    # why an idle job does not start
    parse_better_analyze(text) -> MatchAnalysis
    CondorQueryError                                                    # condor_q failed or printed garbage
    dag_progress(session, remote_dag_path, status_file=None) -> DagProgress
    parse_node_status(text) -> DagProgress                              # NODE_STATUS_FILE contents
    parse_classads(text) -> list[dict]                                  # new-ClassAd text, e.g. that file
    rescue_dags(session, remote_dag_path) -> list[str]                  # <dag>.rescue001, ...
    node_stderr(session, remote_dag_path, node, max_bytes=20000) -> str # tail of a node's error file
    node_file_tail(session, remote_dag_path, node, key, max_bytes) -> str   # "error" or "output" file

Everything read back from the cluster is treated as possibly garbled (a file read while DAGMan
rewrites it, a schedd restarting, a cut connection): numbers that do not parse count as 0, a
ClassAd cut off mid-string keeps the ads before it, and condor_q output that is not JSON raises
``CondorQueryError``, which callers following a job treat as "try again", like a lost connection.

Resubmitting after a failure is ``submit_dag`` on the same .dag file without ``force``:
DAGMan finds the newest rescue DAG itself and runs only the nodes that did not finish.
``force=True`` starts from scratch instead (DAGMan renames the rescue DAGs away).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..errors import GeomorphError
from ..i18n import tr
from .transfer import read_tail

# DAGMan's node and DAG status codes (NODE_STATUS_FILE, HTCondor manual "Node Status File").
NODE_STATES = {
    0: "not_ready", 1: "ready", 2: "prerun", 3: "submitted", 4: "postrun", 5: "done", 6: "error", 7: "futile",
}
# condor_q JobStatus.
JOB_STATES = {1: "idle", 2: "running", 3: "removed", 4: "completed", 5: "held", 6: "transferring", 7: "suspended"}


class CondorQueryError(GeomorphError):
    """condor_q failed or printed something unreadable (a busy or restarting schedd): try again later."""


def to_int(value, default: int = 0) -> int:
    """An integer from ClassAd or JSON output; ``default`` for anything that is not one."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError, OverflowError):
        return default


@dataclass
class MatchAnalysis:
    """What ``condor_q -better-analyze`` says about one idle job."""

    failing: list[str] = field(default_factory=list)  # requirement conditions that no slot meets
    machines: int | None = None  # slots considered
    able: int | None = None  # slots able to run the job now
    reason: str = ""  # the schedd's "Reason for last match failure"
    rejected_all: bool = False  # every slot considered is rejected by the job's own requirements

    @property
    def unmatchable(self) -> bool:
        """No slot of the pool satisfies the job's requirements: it will wait for ever."""
        return bool(self.failing) or self.rejected_all

    def summary(self) -> str:
        parts = []
        if self.failing:
            parts.append(tr("no slot meets {conditions}").format(conditions="; ".join(self.failing)))
        if self.machines is not None and self.able is not None:
            parts.append(tr("{able} of {machines} slots can run it").format(able=self.able, machines=self.machines))
        if self.reason:
            parts.append(self.reason)
        return ", ".join(parts)


@dataclass
class NodeState:
    name: str
    state: str
    status_code: int
    retry_count: int = 0
    details: str = ""
    procs_queued: int = 0
    procs_held: int = 0


@dataclass
class DagProgress:
    """A snapshot of one DAG. ``finished`` means DAGMan has written its last update."""

    nodes: dict[str, NodeState] = field(default_factory=dict)
    dag_status: str = "not_ready"
    total: int = 0
    done: int = 0
    failed_count: int = 0
    queued: int = 0
    timestamp: int = 0
    finished: bool = False
    rescue_dags: list[str] = field(default_factory=list)
    raw: list[dict] = field(default_factory=list, repr=False)

    @property
    def failed_nodes(self) -> list[str]:
        return [n.name for n in self.nodes.values() if n.state == "error"]

    @property
    def succeeded(self) -> bool:
        return self.finished and self.total > 0 and self.done == self.total

    @property
    def failed(self) -> bool:
        return self.finished and not self.succeeded

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {
            "dag_status": self.dag_status, "total": self.total, "done": self.done, "failed": self.failed_count,
            "queued": self.queued, "timestamp": self.timestamp, "finished": self.finished,
            "rescue_dags": list(self.rescue_dags),
            "nodes": {n.name: {"state": n.state, "retries": n.retry_count, "details": n.details}
                      for n in self.nodes.values()},
        }


# --------------------------------------------------------------------------- ClassAd text

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<comment>/\*.*?\*/|//[^\n]*)
      | (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<number>[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)
      | (?P<ident>[A-Za-z_][A-Za-z0-9_.]*)
      | (?P<punct>[\[\]{};=,])
    )""",
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r"}


def _tokens(text: str):
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            return
        match = _TOKEN.match(text, pos)
        if not match:
            raise GeomorphError(tr("Unreadable ClassAd text near: {text}").format(text=text[pos:pos + 40]))
        pos = match.end()
        kind = match.lastgroup
        if kind == "comment":
            continue
        yield kind, match.group(kind)


def _unquote(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _value(tokens, first):
    kind, tok = first
    if kind == "string":
        return _unquote(tok)
    if kind == "number":
        return float(tok) if any(c in tok for c in ".eE") else int(tok)
    if kind == "ident":
        low = tok.lower()
        return {"true": True, "false": False, "undefined": None, "error": None}.get(low, tok)
    if tok == "{":
        items = []
        for item in tokens:
            if item[1] == "}":
                return items
            if item[1] == ",":
                continue
            items.append(_value(tokens, item))
        raise StopIteration
    if tok == "[":
        return _ad(tokens)
    return tok


def _ad(tokens) -> dict:
    """One ad, read statement by statement: a garbled statement (``NodesDone = 6x;``) is dropped,
    the rest of the ad is kept."""
    ad: dict = {}
    statement: list = []
    depth = 0
    for kind, tok in tokens:
        if depth == 0 and tok in (";", "]"):
            _assign(ad, statement)
            statement = []
            if tok == "]":
                return ad
            continue
        if tok in ("[", "{"):
            depth += 1
        elif tok in ("]", "}"):
            depth -= 1
        statement.append((kind, tok))
    raise StopIteration  # the text ended before "]": an ad cut off mid-rewrite


def _assign(ad: dict, statement: list) -> None:
    if len(statement) < 3 or statement[0][0] != "ident" or statement[1][1] != "=":
        return
    rest = iter(statement[3:])
    try:
        value = _value(rest, statement[2])
    except (StopIteration, GeomorphError):
        return
    if next(rest, None) is None:  # exactly one value: anything more is garbage
        ad[statement[0][1]] = value


def parse_classads(text: str) -> list[dict]:
    """Parse a sequence of new-syntax ClassAds ``[ A = 1; B = "x"; ]`` (as DAGMan writes them)."""
    tokens = _tokens(text)
    ads = []
    try:
        for _kind, tok in tokens:
            if tok == "[":
                ads.append(_ad(tokens))
    except (StopIteration, GeomorphError):
        # DAGMan rewrites the file in place; a read during the rewrite may end mid-ad, even
        # mid-string (an unbalanced quote): keep the complete ads before it.
        pass
    return ads


def _ad_type(ad: dict) -> str:
    return str(ad.get("Type") or ad.get("MyType") or "")


def parse_node_status(text: str) -> DagProgress:
    ads = parse_classads(text)
    progress = DagProgress(raw=ads)
    for ad in ads:
        kind = _ad_type(ad)
        if kind == "DagStatus":
            # The node status file writes the DAG's state with the node codes (3 submitted, 5 done, 6 error),
            # not with the DAG_Status exit codes of the DAGMan job ad.
            progress.dag_status = NODE_STATES.get(to_int(ad.get("DagStatus")), str(ad.get("DagStatus")))
            progress.total = to_int(ad.get("NodesTotal"))
            progress.done = to_int(ad.get("NodesDone"))
            progress.failed_count = to_int(ad.get("NodesFailed"))
            progress.queued = to_int(ad.get("NodesQueued"))
            progress.timestamp = to_int(ad.get("Timestamp"))
        elif kind == "NodeStatus":
            code = to_int(ad.get("NodeStatus"))
            name = str(ad.get("Node", ""))
            progress.nodes[name] = NodeState(
                name=name, state=NODE_STATES.get(code, str(code)), status_code=code,
                retry_count=to_int(ad.get("RetryCount")), details=str(ad.get("StatusDetails") or ""),
                procs_queued=to_int(ad.get("JobProcsQueued")), procs_held=to_int(ad.get("JobProcsHeld")),
            )
        elif kind == "StatusEnd":
            # DAGMan writes NextUpdate = 0 in its final update, when it exits.
            progress.finished = to_int(ad.get("NextUpdate"), 1) == 0
    if not progress.total:
        progress.total = len(progress.nodes)
        progress.done = sum(1 for n in progress.nodes.values() if n.state == "done")
    return progress


# --------------------------------------------------------------------------- commands

def _dag_dir(remote_dag_path: str) -> str:
    return str(PurePosixPath(remote_dag_path).parent)


def submit_dag(session, remote_dag_path: str, batch_name: str | None = None, max_jobs: int = 0,
               force: bool = False, extra_args=()) -> int:
    """``condor_submit_dag`` in the DAG's own folder; returns the DAGMan job's cluster id."""
    argv = ["condor_submit_dag"]
    if batch_name:
        argv += ["-batch-name", batch_name]
    if max_jobs and int(max_jobs) > 0:
        argv += ["-maxjobs", str(int(max_jobs))]
    if force:
        argv.append("-force")
    argv += [str(a) for a in extra_args]
    argv.append(PurePosixPath(remote_dag_path).name)
    result = session.run(argv, cwd=_dag_dir(remote_dag_path), check=False, timeout=300)
    match = re.search(r"submitted to cluster (\d+)", result.stdout)
    if result.exit_code != 0 or not match:
        raise GeomorphError(
            tr("HTCondor did not accept the workflow {dag} (exit code {code}): {output}")
            .format(dag=remote_dag_path, code=result.exit_code,
                    output=(result.stderr.strip() or result.stdout.strip())[-2000:])
        )
    return int(match.group(1))


def _json_list(text: str) -> list[dict]:
    text = text.strip()
    if not text:
        return []
    # Some sites print a banner or a warning before the JSON.
    start = min((i for i in (text.find("["), text.find("{")) if i >= 0), default=0)
    try:
        data = json.loads(text[start:])
    except ValueError as exc:
        raise CondorQueryError(tr("HTCondor returned unreadable JSON: {error}").format(error=exc)) from exc
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(item, dict) for item in items):
        raise CondorQueryError(tr("HTCondor returned unreadable JSON: {error}").format(error=text[:200]))
    return items


def _query(session, argv) -> list[dict]:
    result = session.run(argv, check=False, timeout=120)
    if result.exit_code != 0:
        raise CondorQueryError(tr("{command} failed on the cluster (exit code {code}): {output}").format(
            command=argv[0], code=result.exit_code, output=(result.stderr.strip() or result.stdout.strip())[-500:]))
    return _json_list(result.stdout)


def query(session, cluster_id: int | None = None, attributes=None, constraint: str | None = None) -> list[dict]:
    argv = ["condor_q", "-json"]
    if cluster_id is not None:
        argv.append(str(int(cluster_id)))
    if constraint:
        argv += ["-constraint", constraint]
    if attributes:
        argv += ["-attributes", ",".join(attributes)]
    return _query(session, argv)


# What a DAG's node jobs tell about why they wait.
NODE_JOB_ATTRIBUTES = ("ClusterId", "ProcId", "JobStatus", "DAGNodeName", "DAGManJobId", "LastRejMatchReason",
                       "LastRejMatchTime", "EnteredCurrentStatus", "QDate", "RequestCpus", "RequestMemory",
                       "HoldReason", "ServerTime", "JobCurrentStartDate")


def dag_jobs(session, dag_cluster_id: int) -> list[dict]:
    """The DAGMan job itself and every node job it has in the queue, in one condor_q."""
    cid = int(dag_cluster_id)
    return query(session, attributes=NODE_JOB_ATTRIBUTES,
                 constraint=f"ClusterId == {cid} || DAGManJobId == {cid}")


_COND_RE = re.compile(r"^\s*\[\d+\]\s+(\d+)\s+(.+?)\s*$")
_OF_RE = re.compile(r"Of (\d+) machines,")
_ABLE_RE = re.compile(r"(\d+) are able to run your job")
_REJECTED_RE = re.compile(r"(\d+) are rejected by your job's requirements")
_REASON_RE = re.compile(r"Reason for last match failure:\s*(.+?)\s*$", re.M)


def parse_better_analyze(text: str) -> MatchAnalysis:
    """The parts of ``condor_q -better-analyze`` that say why a job does not start."""
    result = MatchAnalysis()
    in_table = False
    for line in text.splitlines():
        if "reduces to these conditions" in line:
            in_table = True
            continue
        if in_table:
            match = _COND_RE.match(line)
            if match:
                if to_int(match.group(1), -1) == 0:
                    result.failing.append(match.group(2))
            elif line.strip() and not line.strip().startswith(("Slots", "Step", "-")):
                in_table = False
    machines, able, rejected = _OF_RE.search(text), _ABLE_RE.search(text), _REJECTED_RE.search(text)
    result.machines = to_int(machines.group(1)) if machines else None
    result.able = to_int(able.group(1)) if able else None
    result.rejected_all = bool(machines and rejected and to_int(rejected.group(1)) == result.machines
                               and result.machines > 0)
    reason = _REASON_RE.search(text)
    result.reason = reason.group(1) if reason else ""
    return result


def better_analyze(session, job_id: str) -> MatchAnalysis:
    """``condor_q -better-analyze`` of one job (``"cluster.proc"``); slow on big pools, so callers
    ask only for jobs that have waited a while."""
    if not re.fullmatch(r"\d+(\.\d+)?", str(job_id)):
        raise ValueError(f"not an HTCondor job id: {job_id!r}")
    result = session.run(["condor_q", "-better-analyze", str(job_id)], check=False, timeout=120)
    return parse_better_analyze(result.stdout)


def history(session, cluster_id: int, attributes=None, limit: int | None = None) -> list[dict]:
    argv = ["condor_history", "-json", str(int(cluster_id))]
    if attributes:
        argv += ["-attributes", ",".join(attributes)]
    if limit:
        argv += ["-limit", str(int(limit))]
    return _query(session, argv)


def is_in_queue(session, cluster_id: int) -> bool:
    return bool(query(session, cluster_id, ["ClusterId", "JobStatus"]))


def remove(session, cluster_id: int) -> None:
    """Remove the DAGMan job; DAGMan removes the node jobs it submitted."""
    result = session.run(["condor_rm", str(int(cluster_id))], check=False, timeout=120)
    output = (result.stderr + result.stdout).lower()
    # Already gone (finished or removed before) is what the caller wanted.
    if result.exit_code != 0 and "not found" not in output and "couldn't find" not in output:
        raise GeomorphError(tr("condor_rm could not remove cluster {id}: {output}")
                            .format(id=cluster_id, output=(result.stderr or result.stdout).strip()))


def _read_remote(session, path: str, max_bytes: int | None = None) -> str | None:
    if max_bytes is not None:
        tail = read_tail(session, path, max_bytes)
        return None if tail is None else tail.data.decode("utf-8", "replace")
    try:
        with session.sftp.open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return None


def _dag_lines(text: str):
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                yield shlex.split(line, comments=False, posix=True)
            except ValueError:  # an unbalanced quote: keep the words
                yield line.split()


def status_file_of(session, remote_dag_path: str) -> str | None:
    """The NODE_STATUS_FILE the DAG declares (absolute), or None."""
    text = _read_remote(session, remote_dag_path)
    if text is None:
        raise GeomorphError(tr("The workflow file {path} is missing on the cluster.").format(path=remote_dag_path))
    for words in _dag_lines(text):
        if words and words[0].upper() == "NODE_STATUS_FILE" and len(words) > 1:
            path = PurePosixPath(words[1])
            return str(path if path.is_absolute() else PurePosixPath(_dag_dir(remote_dag_path)) / path)
    return None


def rescue_dags(session, remote_dag_path: str) -> list[str]:
    folder, name = _dag_dir(remote_dag_path), PurePosixPath(remote_dag_path).name
    pattern = re.compile(re.escape(name) + r"\.rescue(\d{3})$")
    try:
        names = session.sftp.listdir(folder)
    except FileNotFoundError:
        return []
    found = sorted((int(m.group(1)), n) for n in names if (m := pattern.match(n)))
    return [f"{folder}/{n}" for _, n in found]


def dag_progress(session, remote_dag_path: str, status_file: str | None = None) -> DagProgress:
    """Per-node states from the DAG's NODE_STATUS_FILE (empty progress before DAGMan first writes it)."""
    status_file = status_file or status_file_of(session, remote_dag_path)
    if status_file is None:
        raise GeomorphError(tr("The workflow {path} declares no NODE_STATUS_FILE, so its progress cannot be "
                               "followed.").format(path=remote_dag_path))
    text = _read_remote(session, status_file)
    progress = parse_node_status(text) if text else DagProgress()
    progress.rescue_dags = rescue_dags(session, remote_dag_path)
    return progress


def _submit_file_of(session, remote_dag_path: str, node: str):
    text = _read_remote(session, remote_dag_path) or ""
    submit, directory, variables = None, None, {}
    for words in _dag_lines(text):
        if len(words) >= 3 and words[0].upper() in ("JOB", "NODE") and words[1] == node:
            submit = words[2]
            if "DIR" in [w.upper() for w in words[3:]]:
                directory = words[3:][[w.upper() for w in words[3:]].index("DIR") + 1]
        elif len(words) >= 3 and words[0].upper() == "VARS" and words[1] == node:
            for pair in words[2:]:
                if "=" in pair:
                    key, _, value = pair.partition("=")
                    variables[key] = value
    return submit, directory, variables


def node_stderr(session, remote_dag_path: str, node: str, max_bytes: int = 20000) -> str:
    """The end of the failed node's ``error`` file, found through its submit description."""
    return node_file_tail(session, remote_dag_path, node, "error", max_bytes)


def node_file_tail(session, remote_dag_path: str, node: str, key: str = "error", max_bytes: int = 20000) -> str:
    """The end of the file a node's submit description names as ``key`` (``error`` or
    ``output``); "" when it names none or the file does not exist."""
    submit, directory, variables = _submit_file_of(session, remote_dag_path, node)
    if submit is None:
        raise GeomorphError(tr("The workflow {dag} has no node named {node}.").format(dag=remote_dag_path, node=node))
    base = PurePosixPath(_dag_dir(remote_dag_path))
    if directory:
        base = base / directory
    sub_text = _read_remote(session, str(base / submit)) or ""
    path = None
    for line in sub_text.splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip().lower() == key:
            path = value.strip()
    if not path:
        return ""
    macros = dict(variables, JOB=node, nodename=node)
    path = re.sub(r"\$\((\w+)\)", lambda m: macros.get(m.group(1), m.group(0)), path)
    full = PurePosixPath(path)
    if not full.is_absolute():
        full = base / full
    return _read_remote(session, str(full), max_bytes) or ""
