"""A long node that prints a line and then nothing, on the real test cluster: while it writes it
is "running for ...", with the end of its log; once silent for the stall threshold it is
"stalled for ...", not running, in the poll, "SfM job status", the jobs panel and the log of a
waiting algorithm, which says what the user can do. Nothing kills it until the user cancels.

The node is the real node-side ``remote/common.py::run`` echoing a tool's output. The "tool" is
a C program writing into a pipe (``sed``, fed one line by a shell that then sleeps), as COLMAP and
mm3d do: the test also shows that its line reaches the node's ``.out`` when written, not when a
4 KiB stdio buffer or Python's 8 KiB one fills.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.feedback_log import LogFeedback
from tests.sfm_fixtures import remove_job_from_cluster as _cleanup
from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

pytestmark = pytest.mark.cluster

REMOTE = Path(__file__).resolve().parents[1] / "geomorph_plugin" / "remote"
LAST = "Initializing with image pair #3 and #7"
NODE = f"""import sys
sys.path.insert(0, "geomorph_remote")
from common import log, run
log("mapper starts")
run(["/bin/sh", "-c", "(echo '{LAST}'; exec /bin/sleep 600) | /usr/bin/sed -n p"])
"""
SUBMIT = """universe = vanilla
executable = /usr/bin/python3
transfer_executable = false
arguments = "node.py"
output = logs/$(JOB).out
error = logs/$(JOB).err
request_cpus = 1
request_memory = 64
should_transfer_files = NO
queue
"""
DAG = "JOB mapper step.sub\nCATEGORY mapper mapper\nNODE_STATUS_FILE geomorph.status 1 ALWAYS-UPDATE\n"
STALL_S = 3


class StallFeedback(LogFeedback):
    """Records errors too, and cancels (as the user would) once the stall has been reported."""

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []

    def reportError(self, error, fatalError=False):  # noqa: N802,N803 - QGIS API
        self.errors.append(error)
        super().reportError(error, fatalError)
        if "written nothing" in error:
            self.cancel()


def _submit(session, registry, profile, tmp_path: Path):
    from geomorph_plugin.cluster import transfer
    from geomorph_plugin.sfm import follow

    staging = tmp_path / "staging"
    (staging / "logs").mkdir(parents=True)
    (staging / "geomorph_remote").mkdir()
    (staging / "geomorph_remote" / "common.py").write_bytes((REMOTE / "common.py").read_bytes())
    (staging / "node.py").write_text(NODE)
    (staging / "step.sub").write_text(SUBMIT)
    (staging / "geomorph.dag").write_text(DAG)
    (staging / "logs" / ".keep").write_text("")
    job = registry.new_job(profile.name, str(tmp_path / "photos"), str(tmp_path / "out"))
    job.remote_dir = transfer.ensure_remote_dir(session, profile.remote_dir(job.id))
    job.dag_file = "geomorph.dag"
    job.extra.update({"status_file": "geomorph.status", "nodes_by_step": {"mapper": ["mapper"]}, "outputs": {}})
    registry.save(job)
    transfer.upload(session, {p.relative_to(staging).as_posix(): p for p in staging.rglob("*") if p.is_file()},
                    job.remote_dir)
    follow.submit(job, session, registry)
    return job


def _until(predicate, timeout_s: float, pause: float = 0.3):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(pause)
    return None


def test_a_silent_node_is_shown_stalled_with_its_time_and_last_line(provider, saved_profile, cluster_session,  # noqa: F811
                                                                    qgis_iface, tmp_path):
    import processing
    from qgis.PyQt.QtCore import QCoreApplication

    from geomorph_plugin.errors import CancelledError
    from geomorph_plugin.gui.jobs_panel import JobsWidget
    from geomorph_plugin.processing.sfm_common import registry as default_registry
    from geomorph_plugin.sfm import follow
    from geomorph_plugin.sfm.status import describe

    registry = default_registry()  # the one "SfM job status" and the panel read
    job = _submit(cluster_session, registry, saved_profile, tmp_path)
    log_path = f"{job.remote_dir}/logs/mapper.out"
    try:
        # While it writes, with a real run's threshold: running, with its time and its output so far.
        def printed():
            status = follow.poll(job, cluster_session, registry, stall_after=3600)
            info = status.node_runs.get("mapper")
            return status if info and info["tail"] and info["tail"][-1] == LAST else None

        status = _until(printed, 120)
        assert status is not None, "the node's line never reached its .out"
        info = status.node_runs["mapper"]
        assert status.state == "running" and info["state"] == "running"
        assert info["log"] == log_path and info["job"].endswith(".0") and info["bytes"] > len(LAST)
        assert info["tail"][0].endswith("mapper starts") and "run: /bin/sh -c" in info["tail"][1]
        assert "mapper: running for" in describe(status) and "stalled" not in describe(status)

        # Silent for longer than the job's threshold: stalled, with how long it ran and its last line.
        job.extra["stall_after_s"] = STALL_S
        registry.save(job)

        def stalled():
            status = follow.poll(job, cluster_session, registry)
            return status if status.stalled_nodes else None

        status = _until(stalled, 60, pause=1.0)
        assert status is not None, describe(follow.poll(job, cluster_session, registry))
        info = status.node_runs["mapper"]
        assert status.state == "running"  # the job is still in the queue; the node is what stalled
        assert info["state"] == "stalled" and STALL_S <= info["quiet_s"] <= info["elapsed_s"] < 120
        assert info["tail"][-1] == LAST
        text = describe(status)
        assert "mapper: 0/1 (1 stalled)" in text and "1 running" not in text
        assert (f"mapper: stalled for {info['quiet_s']} s, no output (running for {info['elapsed_s']} s); "
                f"its log: {log_path}") in text
        assert f"    > {LAST}" in text and log_path in text
        assert "mapper" in status.message and log_path in status.message and "Cancel SfM job" in status.message

        # "SfM job status": the same, in its log and as JSON.
        feedback = StallFeedback()
        result = processing.run("geomorph:sfmjobstatus", {"JOB_ID": job.id}, feedback=feedback)
        assert result["STATE"] == "running"
        nodes = json.loads(result["RUNNING_NODES"])
        assert nodes["mapper"]["state"] == "stalled" and nodes["mapper"]["tail"][-1] == LAST
        assert any("mapper: stalled for" in line and LAST in line for line in feedback.lines), feedback.lines
        assert any("written nothing" in error for error in feedback.errors), feedback.errors

        # The jobs panel, after its own poll of the cluster.
        widget = JobsWidget(registry)
        widget.select_job(job.id)
        assert widget.poll_active()

        def polled():
            QCoreApplication.processEvents()
            return widget.task is None

        assert _until(polled, 60, pause=0.05), "the panel's poll did not finish"
        assert not widget.errors, widget.errors
        top = next(widget.tree.topLevelItem(i) for i in range(widget.tree.topLevelItemCount())
                   if widget.tree.topLevelItem(i).text(0) == job.id)
        assert top.text(1).startswith("stalled for"), top.text(1)
        step = top.child(0)
        assert step.text(1) == "1 stalled" and step.child(0).text(1).startswith("stalled for")
        assert LAST in step.child(0).toolTip(1) and log_path in step.child(0).toolTip(1)

        # A file server whose clock lags the schedd's: the log grew since the last look, so the node
        # wrote within that interval, whatever the log's mtime (an hour old) says.
        cluster_session.run(["sh", "-c", 'printf "late line\\n" >> "$1" && touch -d "@$(($(date +%s) - 3600))" "$1"',
                             "sh", log_path])
        info = follow.poll(job, cluster_session, registry).node_runs["mapper"]
        assert info["state"] == "running" and info["tail"][-1] == "late line", info
        # Nothing more since: the next look goes by the log's times again.
        info = follow.poll(job, cluster_session, registry).node_runs["mapper"]
        assert info["state"] == "stalled" and info["quiet_s"] == info["elapsed_s"] >= STALL_S, info

        # A waiting algorithm's log says it once, as an error line, and the user cancels.
        feedback = StallFeedback()
        with pytest.raises(CancelledError):
            follow.wait(job, cluster_session, registry, feedback, interval=1, timeout=60)
        assert sum("written nothing" in error for error in feedback.errors) == 1
        assert any("mapper: stalled for" in line for line in feedback.lines)
        assert registry.get(job.id).state == "cancelled"
    finally:
        _cleanup(cluster_session, job)
        registry.delete(job.id)


def test_the_log_tail_reads_only_the_end_and_survives_what_the_server_sends(cluster_session, remote_tmp):
    """A 64 MB log costs one bounded read; a log that is a link to an endless device, a folder or
    nothing at all is no log, and binary garbage comes back as a few short printable lines."""
    from geomorph_plugin.cluster.transfer import read_tail
    from geomorph_plugin.sfm.node_watch import LINE_CHARS, TAIL_BYTES, TAIL_LINES, tail_lines

    cluster_session.run(["mkdir", "-p", f"{remote_tmp}/logs/dir.out"])
    cluster_session.run(["sh", "-c", 'head -c 64000000 /dev/zero | tr "\\000" "x" > "$1/big.out" && '
                         'printf "\\nline one\\nlast line\\n" >> "$1/big.out" && '
                         'head -c 20000 /dev/urandom > "$1/garbage.out" && '
                         'ln -s /dev/urandom "$1/endless.out"', "sh", remote_tmp])

    started = time.perf_counter()
    tail = read_tail(cluster_session, f"{remote_tmp}/big.out", TAIL_BYTES)
    elapsed = time.perf_counter() - started
    assert tail.size == 64_000_000 + len("\nline one\nlast line\n")
    assert len(tail.data) == TAIL_BYTES and tail.start == tail.size - TAIL_BYTES
    assert tail_lines(tail.data, tail.start > 0) == ["line one", "last line"]
    assert abs(tail.mtime - int(cluster_session.run(["date", "+%s"]).stdout)) < 60  # the cluster's clock
    assert elapsed < 2.0, f"{elapsed:.2f} s: the whole file was read"

    assert read_tail(cluster_session, f"{remote_tmp}/endless.out", TAIL_BYTES) is None
    garbage = read_tail(cluster_session, f"{remote_tmp}/garbage.out", TAIL_BYTES)
    lines = tail_lines(garbage.data, garbage.start > 0)
    assert len(lines) <= TAIL_LINES and all(len(x) <= LINE_CHARS and x.isprintable() for x in lines)
    assert read_tail(cluster_session, f"{remote_tmp}/missing.out", TAIL_BYTES) is None
    assert read_tail(cluster_session, f"{remote_tmp}/logs/dir.out", TAIL_BYTES) is None
