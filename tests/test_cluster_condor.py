"""HTCondor wrappers against the real personal pool: DAG submit, progress, failure, rescue, condor_rm."""

from __future__ import annotations

import time

import pytest

from geomorph_plugin.cluster import condor

pytestmark = pytest.mark.cluster

NODE_SCRIPT = """#!/bin/sh
# $1: node name. Counts its runs; node B fails until the file "fixed" exists.
echo run >> "runs-$1.txt"
if [ "$1" = B ] && [ ! -e fixed ]; then
  echo "B: input tiles missing" >&2
  exit 3
fi
echo "$1 ok" > "$1.result"
"""

SUBMIT = """universe = vanilla
executable = node.sh
arguments = $(JOB)
output = logs/$(JOB).out
error = logs/$(JOB).err
log = nodes.log
should_transfer_files = NO
request_cpus = 1
request_memory = 64M
queue
"""


def _write(session, path, text, mode=0o644):
    with session.sftp.open(path, "w") as f:
        f.write(text)
    session.sftp.chmod(path, mode)


def _dag(session, folder, nodes_text):
    session.run(["mkdir", "-p", f"{folder}/logs"])
    _write(session, f"{folder}/node.sh", NODE_SCRIPT, 0o755)
    _write(session, f"{folder}/node.sub", SUBMIT)
    _write(session, f"{folder}/flow.dag", nodes_text + "NODE_STATUS_FILE flow.status 1\n")
    return f"{folder}/flow.dag"


def _wait(session, dag, cluster_id, timeout=180):
    deadline = time.monotonic() + timeout
    seen_running = False
    while time.monotonic() < deadline:
        progress = condor.dag_progress(session, dag)
        seen_running |= progress.total > 0 and not progress.finished
        if progress.finished and not condor.is_in_queue(session, cluster_id):
            return progress, seen_running
        time.sleep(1)
    raise AssertionError(f"DAG {dag} did not finish in {timeout} s: {condor.dag_progress(session, dag)}")


def test_two_node_dag_fails_then_resumes_from_the_rescue_dag(cluster_session, remote_tmp):
    dag = _dag(cluster_session, remote_tmp, "JOB A node.sub\nJOB B node.sub\nPARENT A CHILD B\n")
    cluster_id = condor.submit_dag(cluster_session, dag, batch_name="pytest-geomorph", max_jobs=2)
    assert cluster_id > 0
    progress, _ = _wait(cluster_session, dag, cluster_id)
    assert progress.failed and progress.failed_nodes == ["B"]
    assert progress.nodes["A"].state == "done" and progress.done == 1 and progress.total == 2
    assert progress.rescue_dags == [f"{dag}.rescue001"]
    assert "B: input tiles missing" in condor.node_stderr(cluster_session, dag, "B")

    cluster_session.run(["touch", "fixed"], cwd=remote_tmp)
    again = condor.submit_dag(cluster_session, dag, batch_name="pytest-geomorph")
    assert again != cluster_id
    progress, _ = _wait(cluster_session, dag, again)
    assert progress.succeeded and progress.done == 2 and not progress.failed_nodes
    # DAGMan ran the rescue DAG: A (done before) was not run again, B ran twice in all.
    runs = {n: cluster_session.run(["cat", f"runs-{n}.txt"], cwd=remote_tmp).stdout.count("run") for n in "AB"}
    assert runs == {"A": 1, "B": 2}
    history = condor.history(cluster_session, again, ["ClusterId", "JobStatus"])
    assert history and history[0]["ClusterId"] == again


def test_condor_rm_removes_the_dag_and_its_nodes(cluster_session, remote_tmp):
    dag = _dag(cluster_session, remote_tmp, "JOB S node.sub\n")
    _write(cluster_session, f"{remote_tmp}/node.sh", "#!/bin/sh\nsleep 300\n", 0o755)
    cluster_id = condor.submit_dag(cluster_session, dag, batch_name="pytest-geomorph-rm")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        jobs = condor.query(cluster_session, None, ["ClusterId", "DAGManJobId", "JobStatus"])
        if any(j.get("DAGManJobId") == cluster_id for j in jobs):
            break
        time.sleep(1)
    else:
        raise AssertionError("the DAG's node job never appeared in the queue")
    condor.remove(cluster_session, cluster_id)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        jobs = condor.query(cluster_session, None, ["ClusterId", "DAGManJobId"])
        if not any(j.get("ClusterId") == cluster_id or j.get("DAGManJobId") == cluster_id for j in jobs):
            break
        time.sleep(1)
    else:
        raise AssertionError(f"jobs left after condor_rm: {jobs}")
    condor.remove(cluster_session, cluster_id)  # removing again is not an error
