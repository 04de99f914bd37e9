"""End to end: the MicMac engine on caliterra (75 nadir photos over flat ground, a consumer
camera's GPS whose altitude drifts 114 m during the flight) against the local test cluster.

The MicMac engine's counterpart of tests/test_sfm_caliterra.py (COLMAP).
"""

from __future__ import annotations

import os

import pytest

from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture
from tests.test_sfm_caliterra import caliterra_end_to_end

pytestmark = [
    pytest.mark.cluster, pytest.mark.slow, pytest.mark.micmac,
    # 75 photos through Malt take about 40 min of the shared 2-core machine, more than CI can give
    # next to everything else: run it on purpose (figures in docs/benchmarks.md).
    pytest.mark.skipif(os.environ.get("GEOMORPH_CALITERRA_MICMAC") != "1",
                       reason="set GEOMORPH_CALITERRA_MICMAC=1 to run MicMac on caliterra (about 40 min)"),
]

MICMAC = 1  # the ENGINE parameter's index of "MicMac"


def test_runsfm_micmac_caliterra_nadir_flat(
        provider, saved_profile, micmac_nodes, shared_data, tmp_path, cluster_session):  # noqa: F811 - a fixture
    def micmac(job, summary):
        assert summary["engine"] == "micmac"

    caliterra_end_to_end(saved_profile, shared_data, tmp_path, cluster_session, MICMAC, "MicMac", micmac)
