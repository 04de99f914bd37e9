"""Fixtures for the SfM algorithm tests: the test cluster as a saved profile with a trusted key."""

from __future__ import annotations

import pytest


@pytest.fixture
def saved_profile(cluster_profile, test_cluster, qgis_app):
    """The test cluster saved as a QGIS profile, its host key trusted (checked against the
    fingerprint in cluster.json) in Geomorph's own known_hosts, as a user would do it.

    The test cluster is one partitionable slot on a 2-core machine: the profile caps
    request_cpus at the 2 real cores and request_memory at 4 GB through ``extra``, as a user
    would cap them to what their cluster's nodes offer.
    """
    from geomorph_plugin.cluster.hostkeys import trust_host_key
    from geomorph_plugin.cluster.profiles import remove_profile, save_profile

    cluster_profile.name = "geomorph-test-cluster"
    cluster_profile.extra = {"max_cpus_per_job": 2, "max_memory_mb": 4000}
    save_profile(cluster_profile)
    trust_host_key(cluster_profile, test_cluster["host_key_fingerprint_sha256"])
    yield cluster_profile
    remove_profile(cluster_profile.name)


def remove_job_from_cluster(session, job):
    """Takes a test's DAG out of the queue and its folder off the cluster, whatever state it is in."""
    session.run(["condor_rm", str(job.cluster_id)], check=False)
    session.run(["rm", "-rf", "--", job.remote_dir], check=False)
