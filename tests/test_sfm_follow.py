"""Following an SfM job through trouble, on the real test cluster: nodes that can never start,
dropped connections, an unreachable cluster, a cancel from elsewhere, garbled answers."""

from __future__ import annotations

import dataclasses
import socket
import time

import pytest

from tests.sfm_dag_helpers import submit_test_dag
from tests.sfm_fixtures import remove_job_from_cluster as _cleanup
from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

pytestmark = pytest.mark.cluster


class Recorder:
    """A feedback that records the log and runs ``hook(text)`` on each line (in wait's thread)."""

    def __init__(self, hook=None):
        self.lines: list[str] = []
        self.hook = hook
        self.cancelled = False

    def pushInfo(self, text):  # noqa: N802 - QGIS API
        self.lines.append(text)
        if self.hook is not None:
            self.hook(text)

    def reportError(self, text, fatal=False):  # noqa: N802 - QGIS API
        self.lines.append(text)

    def setProgress(self, value):  # noqa: N802 - QGIS API
        pass

    def isCanceled(self):  # noqa: N802 - QGIS API
        return self.cancelled


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_node_no_slot_can_run_is_shown_waiting_with_htcondor_reason(cluster_session, cluster_profile, registry,
                                                                       tmp_path, test_cluster):
    from geomorph_plugin.sfm import follow
    from geomorph_plugin.sfm.status import JobStatus, describe

    cpus = int(test_cluster["slots"]) * 16
    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, cpus={"prepare": cpus})
    try:
        deadline = time.monotonic() + 90
        while True:
            status = follow.poll(job, cluster_session, registry, analyze_after=0)
            if (status.unmatchable_nodes and status.idle_nodes["prepare"]["reason"]) or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert status.state == "idle", describe(status)  # never "running"
        info = status.idle_nodes["prepare"]
        assert info["unmatchable"] and info["cpus"] == cpus
        assert "RequestCpus" in info["analysis"] and "0 of " in info["analysis"]
        assert info["reason"]  # HTCondor's LastRejMatchReason ("no match found")
        prepare = next(s for s in status.steps if s.step == "prepare")
        assert (prepare.idle, prepare.running) == (1, 0)
        assert "cannot start" in status.message and str(cpus) in status.message
        assert "cannot start" in describe(status) and "1 waiting for a slot" in describe(status)
        saved = registry.get(job.id)
        assert saved.state == "idle" and JobStatus.from_job(saved).idle_nodes["prepare"]["unmatchable"]

        follow.cancel(job, cluster_session, registry)
        after = JobStatus.from_job(registry.get(job.id))
        assert after.state == "cancelled" and not after.idle_nodes
        assert all(s.running == s.idle == 0 for s in after.steps)
        assert "waiting" not in describe(after) and "running" not in describe(after)
    finally:
        _cleanup(cluster_session, job)


def test_wait_rides_out_dropped_connections(cluster_session, cluster_profile, cluster_known_hosts, registry,
                                            tmp_path):
    from geomorph_plugin.cluster import condor
    from geomorph_plugin.cluster.ssh import connect
    from geomorph_plugin.sfm import follow

    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, secs=2)
    victim = connect(cluster_profile, cluster_known_hosts)
    drops = []

    def drop(text):
        # Twice, while the job runs: abruptly, as a network drop (no SSH disconnect message).
        if len(drops) < 2 and "nodes done" in text and victim.is_active:
            victim.transport.sock.shutdown(socket.SHUT_RDWR)
            drops.append(time.monotonic())

    feedback = Recorder(drop)
    try:
        status = follow.wait(job, victim, registry, feedback, interval=1, timeout=240)
        assert status.state == "completed", status.message
        assert len(drops) == 2
        assert sum("Lost contact with the cluster" in line for line in feedback.lines) >= 2
        assert sum("Reconnected to" in line for line in feedback.lines) == 2
        assert registry.get(job.id).state == "completed"
        # One look (the panel's, "SfM job status") reconnects too.
        victim.transport.sock.shutdown(socket.SHUT_RDWR)
        assert follow.poll(job, victim, registry).state == "completed" and victim.is_active

        # Garbled answers, from real ones: the status file DAGMan wrote, cut mid-string or with a
        # broken number, still parses as far as it is whole.
        text = cluster_session.run(["cat", f"{job.remote_dir}/geomorph.status"]).stdout
        whole = condor.parse_node_status(text)
        assert whole.done == whole.total == 6 and whole.finished
        cut = text.index('Node = "merge"') + len('Node = "me')
        partial = condor.parse_node_status(text[:cut])
        assert "match_002" in partial.nodes and "merge" not in partial.nodes
        broken = condor.parse_node_status(text.replace("NodesDone = 6;", "NodesDone = 6x;"))
        assert broken.total == 6 and "mosaic" in broken.nodes
        real = cluster_session.run(["condor_q", "-json", "-attributes", "ClusterId"]).stdout or "[]"
        assert condor._json_list("Warning: the schedd is slow\n" + real) == condor._json_list(real)
        with pytest.raises(condor.CondorQueryError):
            condor._json_list('[{"ClusterId": 1, "JobStatus": ')
        assert follow.is_transient(condor.CondorQueryError("x"), cluster_session)
    finally:
        victim.close()
        _cleanup(cluster_session, job)


def test_an_unreachable_cluster_stops_the_wait_after_the_limit_and_the_job_goes_on(
        cluster_session, cluster_profile, cluster_known_hosts, registry, tmp_path):
    from geomorph_plugin.cluster.ssh import connect
    from geomorph_plugin.errors import GeomorphError
    from geomorph_plugin.sfm import follow
    from geomorph_plugin.sfm.states import ACTIVE_STATES

    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, secs=4)
    victim = connect(cluster_profile, cluster_known_hosts)

    def cut_off(text):
        if "nodes done" in text and victim.is_active:
            victim.profile = dataclasses.replace(victim.profile, port=_closed_port())  # the VPN went down
            victim.transport.sock.shutdown(socket.SHUT_RDWR)

    feedback = Recorder(cut_off)
    try:
        started = time.monotonic()
        with pytest.raises(GeomorphError, match="goes on without QGIS") as err:
            follow.wait(job, victim, registry, feedback, interval=1, timeout=240, retry_limit=8)
        assert 8 <= time.monotonic() - started < 60
        assert "SfM job status" in str(err.value) and "Fetch SfM results" in str(err.value)
        assert any("giving up after" in line for line in feedback.lines)
        assert registry.get(job.id).state in ACTIVE_STATES  # still followed by the panel
        # Later, with the network back, the same job is followed to its end.
        status = follow.wait(registry.get(job.id), cluster_session, registry, interval=1, timeout=240)
        assert status.state == "completed"
    finally:
        victim.close()
        _cleanup(cluster_session, job)


def test_a_cancel_from_elsewhere_is_reported_as_cancelled(cluster_session, cluster_profile, registry, tmp_path):
    from geomorph_plugin.cluster.registry import JobRegistry
    from geomorph_plugin.sfm import follow

    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, secs=15)

    def cancel_elsewhere(text):
        # "Cancel SfM job" run from another QGIS: its own registry object and connection.
        if "running" in text and "Cancelled" not in text:
            other = JobRegistry(registry.root)
            follow.cancel(other.get(job.id), cluster_session, other)

    try:
        status = follow.wait(job, cluster_session, registry, Recorder(cancel_elsewhere), interval=1, timeout=120)
        assert status.state == "cancelled" and "Cancelled by the user" in status.message
        assert not status.failed_nodes

        # Removed on the cluster itself (condor_rm at the command line): cancelled too, not failed.
        follow.resume(job, cluster_session, registry)

        def condor_rm(text):
            if "running" in text:
                cluster_session.run(["condor_rm", str(job.cluster_id)], check=False)

        status = follow.wait(job, cluster_session, registry, Recorder(condor_rm), interval=1, timeout=120)
        assert status.state == "cancelled", status.message
        assert "condor_rm" in status.message and "failed at" not in status.message
        assert registry.get(job.id).state == "cancelled"
    finally:
        _cleanup(cluster_session, job)


def test_open_job_connects_with_the_jobs_profile_and_always_closes(saved_profile, registry, test_cluster):  # noqa: F811
    from geomorph_plugin.errors import GeomorphError
    from geomorph_plugin.sfm.session import open_job

    job = registry.new_job(saved_profile.name, "/photos", "/out")
    with open_job(job.id, registry) as (loaded, session, reg):
        assert loaded.id == job.id and reg is registry
        assert session.run(["whoami"]).stdout.strip() == test_cluster["user"]
    assert not session.is_active
    with pytest.raises(RuntimeError, match="boom"):
        with open_job(job.id, registry) as (_job, failing, _reg):
            raise RuntimeError("boom")
    assert not failing.is_active
    with pytest.raises(GeomorphError, match="no job"):
        with open_job("missing-1", registry):
            pass


def test_an_unknown_host_key_after_a_drop_stops_the_wait_at_once(cluster_session, cluster_profile,
                                                                  cluster_known_hosts, registry, tmp_path):
    import paramiko

    from geomorph_plugin.cluster.ssh import connect
    from geomorph_plugin.errors import GeomorphError
    from geomorph_plugin.sfm import follow
    from tests.test_cluster_hostkeys_offline import LoopbackSshServer

    impostor = LoopbackSshServer(paramiko.ECDSAKey.generate(bits=256))
    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, secs=4)
    victim = connect(cluster_profile, cluster_known_hosts)

    def intercept(text):
        # After the drop, another server answers: retrying a refused key would only hide it.
        if "nodes done" in text and victim.is_active:
            victim.profile = dataclasses.replace(victim.profile, port=impostor.port)
            victim.transport.sock.shutdown(socket.SHUT_RDWR)

    try:
        started = time.monotonic()
        with pytest.raises(GeomorphError, match="not known"):
            follow.wait(job, victim, registry, Recorder(intercept), interval=1, timeout=240, retry_limit=300)
        assert time.monotonic() - started < 60
    finally:
        impostor.close()
        victim.close()
        _cleanup(cluster_session, job)
