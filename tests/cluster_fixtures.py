"""Fixtures for tests that need the local HTCondor + sshd test cluster (scripts/test-cluster).

``test_cluster`` starts the cluster once per session (building it the first time) and yields
its cluster.json; it stops it at the end only when this session was the one that started it.
``cluster_profile`` is a key-file Profile for it; ``cluster_known_hosts`` a private known_hosts
file that already trusts its host key; ``cluster_session`` an open ClusterSession.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _cluster_module():
    spec = importlib.util.spec_from_file_location("geomorph_test_cluster", REPO / "scripts" / "test_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def test_cluster():
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("the local test cluster needs Linux and root (scripts/test-cluster start)")
    module = _cluster_module()
    before = module.status()
    was_up = bool(before.get("sshd_up") and before.get("condor_up"))
    info = module.start()
    yield info
    if not was_up:
        module.stop()


@pytest.fixture
def cluster_known_hosts(test_cluster, tmp_path) -> Path:
    path = tmp_path / "known_hosts"
    path.write_text(test_cluster["host_key_line"] + "\n")
    return path


@pytest.fixture
def cluster_profile(test_cluster):
    from geomorph_plugin.cluster.profiles import AUTH_KEYFILE, Profile

    return Profile(name="test-cluster", host=test_cluster["host"], port=int(test_cluster["port"]),
                   user=test_cluster["user"], auth_method=AUTH_KEYFILE, key_file=test_cluster["key_file"],
                   work_root=test_cluster["work_root"], max_jobs=int(test_cluster.get("slots", 4)))


@pytest.fixture
def cluster_session(cluster_profile, cluster_known_hosts):
    from geomorph_plugin.cluster.ssh import connect

    session = connect(cluster_profile, known_hosts_path=cluster_known_hosts)
    yield session
    session.close()


@pytest.fixture
def remote_tmp(cluster_session, cluster_profile):
    """A fresh remote folder under the work root, removed after the test."""
    path = f"{cluster_profile.work_root}/test-{uuid.uuid4().hex[:10]}"
    yield path
    if cluster_session.is_active:
        cluster_session.run(["rm", "-rf", "--", path], check=False)


@pytest.fixture
def registry(tmp_path):
    """A job registry of the test's own, so that no test sees another's jobs."""
    from geomorph_plugin.cluster.registry import JobRegistry

    return JobRegistry(tmp_path / "registry")


@pytest.fixture(scope="session")
def micmac_nodes(test_cluster):
    """MicMac's ``mm3d`` on the test cluster's nodes: waits for the build that ``scripts/run-tests``
    started in the background (or builds it: about 25 min on 2 cores, once per machine)."""
    module = _cluster_module()
    dest = module.ensure_micmac(wait=True)
    assert dest and os.path.exists(os.path.join(dest, "bin", "mm3d"))
    return dest
