"""geomorph:runsfm and geomorph:fetchsfmresults through ``qgis_process`` (QGIS's own process, not
the standalone Python QGIS the other tests use): both used to die with std::bad_alloc (exit 134)
while converting the point cloud to COPC with copclib inside QGIS, leaving a .part and no report.
The COPC now comes from the nodes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_landcover_algorithm import _plugin_dir

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

PROFILE = "geomorph-test-cluster"


@pytest.fixture
def qgis_process_env(tmp_path, cluster_profile, test_cluster):
    """A QGIS settings folder for qgis_process with the plugin enabled, the test cluster saved as a
    profile (as the profile dialog saves it) and its host key trusted in Geomorph's known_hosts."""
    from qgis.PyQt.QtCore import QSettings

    from geomorph_plugin.cluster.hostkeys import trust_host_key
    from geomorph_plugin.cluster.profiles import save_profile

    config = tmp_path / "qgis-config"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(_plugin_dir(tmp_path)),
               QGIS_CUSTOM_CONFIG_PATH=str(config))
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    enable = subprocess.run(["qgis_process", "plugins", "enable", "geomorph_plugin"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert enable.returncode == 0, enable.stdout + enable.stderr
    # QGIS_CUSTOM_CONFIG_PATH=<config>: the settings are <config>/profiles/default/QGIS/QGIS3.ini and
    # QgsApplication.qgisSettingsDirPath() is <config>/profiles/default/ (job registry, known_hosts).
    settings_dir = config / "profiles" / "default"
    cluster_profile.name = PROFILE
    cluster_profile.extra = {"max_cpus_per_job": 2, "max_memory_mb": 4000}
    settings = QSettings(str(settings_dir / "QGIS" / "QGIS3.ini"), QSettings.IniFormat)
    save_profile(cluster_profile, settings)
    trust_host_key(cluster_profile, test_cluster["host_key_fingerprint_sha256"],
                   known_hosts_path=settings_dir / "geomorph" / "known_hosts")
    return env


def _qgis_process(env, algorithm: str, *params: str) -> dict:
    run = subprocess.run(["qgis_process", "--json", "run", algorithm, "--", *params], env=env, capture_output=True,
                         text=True, timeout=1500)
    assert run.returncode == 0, f"exit {run.returncode}\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}"
    return json.loads(run.stdout[run.stdout.index("{"):])["results"]


def _check_results(results: dict, folder: Path) -> None:
    from qgis.core import QgsPointCloudLayer

    from geomorph_plugin.sfm.copc import read_copc_info

    summary = json.loads((folder / "result.json").read_text())
    assert summary["pointcloud_copc_missing"] == ""
    cloud = Path(results["OUTPUT_POINTCLOUD"])
    assert cloud.parent == folder and cloud.name == "pointcloud_sparse.copc.laz"
    head = cloud.read_bytes()[:400]
    assert head[:4] == b"LASF" and head[377:381] == b"copc", "LAS 1.4 with the COPC info VLR first"
    assert read_copc_info(cloud).point_count == summary["points"] > 500
    layer = QgsPointCloudLayer(str(cloud), "cloud", "copc")
    assert layer.isValid() and layer.pointCount() == summary["points"]
    assert Path(results["OUTPUT_POINTCLOUD_FILE"]).is_file()
    assert not [p.name for p in folder.rglob("*.part")], "a download or conversion was left half-done"
    report = Path(results["OUTPUT_REPORT"])
    assert report.parent == folder and "</span>mapper</td>" in report.read_text()


def test_runsfm_and_fetchsfmresults_in_qgis_process(qgis_app, qgis_process_env, shared_data, tmp_path,
                                                     cluster_session, test_cluster):
    first, second = tmp_path / "run", tmp_path / "fetch"
    registry = Path(qgis_process_env["QGIS_CUSTOM_CONFIG_PATH"]) / "profiles" / "default" / "geomorph" / "jobs"
    try:
        results = _qgis_process(qgis_process_env, "geomorph:runsfm", f"PROFILE={PROFILE}",
                                f"PHOTOS={shared_data / 'brighton_beach' / 'images'}", "CHUNK_SIZE=40",
                                "MAX_IMAGE_SIZE=1000", "ENGINE=3", f"OUTPUT_FOLDER={first}")
        job_id = results["JOB_ID"]
        assert (registry / job_id / "job.json").is_file(), "qgis_process kept its job in its own profile"
        _check_results(results, first)
        # The same job fetched again into another folder, in a new qgis_process.
        again = _qgis_process(qgis_process_env, "geomorph:fetchsfmresults", f"JOB_ID={job_id}",
                              f"OUTPUT_FOLDER={second}")
        assert again["JOB_ID"] == job_id
        _check_results(again, second)
        name = "pointcloud_sparse.copc.laz"
        assert (second / name).read_bytes() == (first / name).read_bytes()
    finally:
        # Every job this QGIS profile submitted, also when qgis_process died before printing its id.
        for job_dir in registry.glob("*/job.json"):
            cluster_session.run(["rm", "-rf", "--", f"{test_cluster['work_root']}/{job_dir.parent.name}"],
                                check=False)
