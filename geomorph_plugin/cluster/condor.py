"""Thin wrappers around HTCondor's command-line tools, run on the login node over SSH.

Public API::

    submit_dag(session, remote_dag_path, batch_name=None, max_jobs=0, force=False,
               extra_args=()) -> int                                    # DAGMan's cluster id
    query(session, cluster_id=None, attributes=None) -> list[dict]      # condor_q -json
    history(session, cluster_id, attributes=None, limit=None) -> list[dict]   # condor_history -json
    remove(session, cluster_id) -> None                                 # condor_rm (DAGMan removes its nodes)
    is_in_queue(session, cluster_id) -> bool
    dag_progress(session, remote_dag_path, status_file=None) -> DagProgress
    parse_node_status(text) -> DagProgress                              # NODE_STATUS_FILE contents
    parse_classads(text) -> list[dict]                                  # new-ClassAd text, e.g. that file
    rescue_dags(session, remote_dag_path) -> list[str]                  # <dag>.rescue001, ...
    node_stderr(session, remote_dag_path, node, max_bytes=20000) -> str # tail of a node's error file

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

# DAGMan's node and DAG status codes (NODE_STATUS_FILE, HTCondor manual "Node Status File").
NODE_STATES = {
    0: "not_ready", 1: "ready", 2: "prerun", 3: "submitted", 4: "postrun", 5: "done", 6: "error", 7: "futile",
}
# condor_q JobStatus.
JOB_STATES = {1: "idle", 2: "running", 3: "removed", 4: "completed", 5: "held", 6: "transferring", 7: "suspended"}


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
    ad = {}
    for kind, tok in tokens:
        if tok == "]":
            return ad
        if tok == ";":
            continue
        if kind != "ident":
            raise GeomorphError(tr("Unexpected {token} in ClassAd text.").format(token=tok))
        eq = next(tokens)
        if eq[1] != "=":
            raise GeomorphError(tr("Expected '=' after {name} in ClassAd text.").format(name=tok))
        ad[tok] = _value(tokens, next(tokens))
    raise StopIteration  # the text ended before "]": an ad cut off mid-rewrite


def parse_classads(text: str) -> list[dict]:
    """Parse a sequence of new-syntax ClassAds ``[ A = 1; B = "x"; ]`` (as DAGMan writes them)."""
    tokens = _tokens(text)
    ads = []
    try:
        for _kind, tok in tokens:
            if tok == "[":
                ads.append(_ad(tokens))
    except StopIteration:
        # DAGMan rewrites the file in place; a read during the rewrite may end mid-ad.
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
            progress.dag_status = NODE_STATES.get(int(ad.get("DagStatus", 0) or 0), str(ad.get("DagStatus")))
            progress.total = int(ad.get("NodesTotal", 0) or 0)
            progress.done = int(ad.get("NodesDone", 0) or 0)
            progress.failed_count = int(ad.get("NodesFailed", 0) or 0)
            progress.queued = int(ad.get("NodesQueued", 0) or 0)
            progress.timestamp = int(ad.get("Timestamp", 0) or 0)
        elif kind == "NodeStatus":
            code = int(ad.get("NodeStatus", 0) or 0)
            name = str(ad.get("Node", ""))
            progress.nodes[name] = NodeState(
                name=name, state=NODE_STATES.get(code, str(code)), status_code=code,
                retry_count=int(ad.get("RetryCount", 0) or 0), details=str(ad.get("StatusDetails") or ""),
                procs_queued=int(ad.get("JobProcsQueued", 0) or 0), procs_held=int(ad.get("JobProcsHeld", 0) or 0),
            )
        elif kind == "StatusEnd":
            # DAGMan writes NextUpdate = 0 in its final update, when it exits.
            progress.finished = int(ad.get("NextUpdate", 1) or 0) == 0
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
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise GeomorphError(tr("HTCondor returned unreadable JSON: {error}").format(error=exc)) from exc
    return data if isinstance(data, list) else [data]


def query(session, cluster_id: int | None = None, attributes=None) -> list[dict]:
    argv = ["condor_q", "-json"]
    if cluster_id is not None:
        argv.append(str(int(cluster_id)))
    if attributes:
        argv += ["-attributes", ",".join(attributes)]
    return _json_list(session.run(argv, timeout=120).stdout)


def history(session, cluster_id: int, attributes=None, limit: int | None = None) -> list[dict]:
    argv = ["condor_history", "-json", str(int(cluster_id))]
    if attributes:
        argv += ["-attributes", ",".join(attributes)]
    if limit:
        argv += ["-limit", str(int(limit))]
    return _json_list(session.run(argv, timeout=120).stdout)


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
    try:
        with session.sftp.open(path, "rb") as f:
            if max_bytes is not None:
                size = f.stat().st_size
                if size > max_bytes:
                    f.seek(size - max_bytes)
            return f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return None


def _dag_lines(text: str):
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield shlex.split(line, comments=False, posix=True)


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
    submit, directory, variables = _submit_file_of(session, remote_dag_path, node)
    if submit is None:
        raise GeomorphError(tr("The workflow {dag} has no node named {node}.").format(dag=remote_dag_path, node=node))
    base = PurePosixPath(_dag_dir(remote_dag_path))
    if directory:
        base = base / directory
    sub_text = _read_remote(session, str(base / submit)) or ""
    error_path = None
    for line in sub_text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip().lower() == "error":
            error_path = value.strip()
    if not error_path:
        return ""
    macros = dict(variables, JOB=node, nodename=node)
    error_path = re.sub(r"\$\((\w+)\)", lambda m: macros.get(m.group(1), m.group(0)), error_path)
    full = PurePosixPath(error_path)
    if not full.is_absolute():
        full = base / full
    return _read_remote(session, str(full), max_bytes) or ""
