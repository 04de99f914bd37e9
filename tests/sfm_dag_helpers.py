"""A test-only DAG (shell nodes, no COLMAP) run through the real job module on the test cluster.

The DAG has the shape of the SfM workflow in small: prepare -> match_000..002 -> merge -> mosaic,
with RETRY per node, a CATEGORY per step, MAXJOBS and a NODE_STATUS_FILE. A node fails when a
marker file is in the job dir, so tests inject failures without any hook in the product code:
``fail_once_<node>`` (the node deletes it and fails: a retry succeeds) and ``fail_<node>``
(exit 3: RETRY ... UNLESS-EXIT 3 makes DAGMan give up; removing the file is "the fix").
"""

from __future__ import annotations

from pathlib import Path

NODE_SCRIPT = """#!/bin/sh
node="$1"; secs="$2"
echo "node $node on $(hostname)"
sleep "$secs"
if [ -f "fail_once_$node" ]; then rm -f "fail_once_$node"; echo "injected failure in $node (once)" >&2; exit 1; fi
if [ -f "fail_$node" ]; then echo "injected permanent failure in $node: remove fail_$node" >&2; exit 3; fi
echo "$node" >> done.txt
"""

SUBMIT = """universe = vanilla
executable = /bin/sh
transfer_executable = false
arguments = "node.sh $(JOB) $(secs)"
output = logs/$(JOB).out
error = logs/$(JOB).err
request_cpus = 1
request_memory = 64
should_transfer_files = NO
queue
"""

STEPS = {"prepare": ["prepare"], "match": ["match_000", "match_001", "match_002"], "merge": ["merge"],
         "mosaic": ["mosaic"]}


def dag_text(secs: int = 1, cpus: dict | None = None) -> str:
    lines = []
    for category, nodes in STEPS.items():
        for node in nodes:
            submit = f"step_{node}.sub" if node in (cpus or {}) else "step.sub"
            lines += [f"JOB {node} {submit}", f'VARS {node} secs="{secs}"', f"RETRY {node} 2 UNLESS-EXIT 3",
                      f"CATEGORY {node} {category}"]
    lines += ["PARENT prepare CHILD match_000 match_001 match_002", "PARENT match_000 match_001 match_002 CHILD merge",
              "PARENT merge CHILD mosaic", "MAXJOBS match 2", "NODE_STATUS_FILE geomorph.status 1 ALWAYS-UPDATE"]
    return "\n".join(lines) + "\n"


def submit_test_dag(session, registry, profile, tmp_path: Path, markers=(), secs: int = 1, cpus: dict | None = None):
    """Stage, upload and submit the test DAG as a registry job; returns the Job. ``cpus`` gives
    nodes their own ``request_cpus`` (more than the pool has: a node that can never start)."""
    from geomorph_plugin.cluster import transfer
    from geomorph_plugin.sfm import follow

    staging = tmp_path / "staging"
    (staging / "logs").mkdir(parents=True, exist_ok=True)
    (staging / "geomorph.dag").write_text(dag_text(secs, cpus))
    (staging / "step.sub").write_text(SUBMIT)
    for node, count in (cpus or {}).items():
        (staging / f"step_{node}.sub").write_text(SUBMIT.replace("request_cpus = 1", f"request_cpus = {int(count)}"))
    (staging / "node.sh").write_text(NODE_SCRIPT)
    (staging / "logs" / ".keep").write_text("")
    for marker in markers:
        (staging / marker).write_text("")
    job = registry.new_job(profile.name, str(tmp_path / "photos"), str(tmp_path / "out"))
    job.remote_dir = transfer.ensure_remote_dir(session, profile.remote_dir(job.id))
    job.dag_file = "geomorph.dag"
    job.extra.update({"status_file": "geomorph.status", "nodes_by_step": STEPS, "outputs": {}})
    registry.save(job)
    transfer.upload(session, {p.relative_to(staging).as_posix(): p for p in staging.rglob("*") if p.is_file()},
                    job.remote_dir)
    follow.submit(job, session, registry)
    return job


def node_runs(session, job) -> dict[str, int]:
    """How many times each node's script ran to the end (lines in done.txt)."""
    result = session.run(["cat", f"{job.remote_dir}/done.txt"], check=False)
    counts: dict[str, int] = {}
    for line in result.stdout.split():
        counts[line] = counts.get(line, 0) + 1
    return counts
