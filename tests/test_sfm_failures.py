"""Failure handling of SfM jobs on the real test cluster: retry, permanent failure with the
node's stderr, resume through the rescue DAG, cancel, and refusing photos without GPS."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.sfm_dag_helpers import node_runs, submit_test_dag
from tests.sfm_fixtures import remove_job_from_cluster as _cleanup
from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

pytestmark = pytest.mark.cluster


def test_node_failing_once_is_retried(cluster_session, cluster_profile, registry, tmp_path):
    from geomorph_plugin.sfm import follow

    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, markers=["fail_once_match_001"])
    try:
        status = follow.wait(job, cluster_session, registry, interval=1, timeout=180)
        assert status.state == "completed", status.message
        assert status.done == status.total == 6
        progress = registry.get(job.id).nodes
        assert progress["nodes"]["match_001"]["retries"] == 1
        assert progress["nodes"]["match_000"]["retries"] == 0
        every_node = ["prepare", "match_000", "match_001", "match_002", "merge", "mosaic"]
        assert node_runs(cluster_session, job) == {n: 1 for n in every_node}
    finally:
        _cleanup(cluster_session, job)


def test_permanent_failure_then_resume_runs_only_unfinished_nodes(cluster_session, cluster_profile, registry,
                                                                   tmp_path):
    from geomorph_plugin.sfm import follow

    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, markers=["fail_merge"])
    try:
        status = follow.wait(job, cluster_session, registry, interval=1, timeout=180)
        assert status.state == "failed"
        assert list(status.failed_nodes) == ["merge"]
        assert "injected permanent failure in merge" in status.failed_nodes["merge"]
        assert "merge" in status.message
        # exit 3 is RETRY ... UNLESS-EXIT: DAGMan does not waste retries on it.
        assert registry.get(job.id).nodes["nodes"]["merge"]["retries"] == 0
        assert registry.get(job.id).state == "failed"
        before = node_runs(cluster_session, job)
        assert before == {"prepare": 1, "match_000": 1, "match_001": 1, "match_002": 1}

        cluster_session.run(["rm", "-f", f"{job.remote_dir}/fail_merge"])  # the fix
        first_cluster = job.cluster_id
        follow.resume(job, cluster_session, registry)
        assert job.cluster_id != first_cluster
        status = follow.wait(job, cluster_session, registry, interval=1, timeout=180)
        assert status.state == "completed", status.message
        after = node_runs(cluster_session, job)
        # Finished nodes were not run again; only merge and mosaic ran in the resumed DAG.
        assert after == {"prepare": 1, "match_000": 1, "match_001": 1, "match_002": 1, "merge": 1, "mosaic": 1}
        log = cluster_session.run(["cat", f"{job.remote_dir}/geomorph.dag.dagman.out"]).stdout
        assert "USING RESCUE DAG geomorph.dag.rescue001" in log
    finally:
        _cleanup(cluster_session, job)


def test_cancel_removes_cluster_jobs_and_keeps_photos(cluster_session, cluster_profile, registry, tmp_path):
    from geomorph_plugin.sfm import follow

    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, secs=20)
    try:
        for _ in range(60):
            status = follow.poll(job, cluster_session, registry)
            if status.state == "running":
                break
        follow.cancel(job, cluster_session, registry)
        assert registry.get(job.id).state == "cancelled"
        queue = cluster_session.run(["condor_q", "-constraint",
                                     f"ClusterId == {job.cluster_id} || DAGManJobId == {job.cluster_id}",
                                     "-af", "ClusterId"]).stdout
        assert queue.strip() == ""
        # A cancelled job can be resumed later: DAGMan wrote a rescue DAG on removal.
        from geomorph_plugin.cluster import condor

        assert condor.rescue_dags(cluster_session, f"{job.remote_dir}/geomorph.dag")
    finally:
        _cleanup(cluster_session, job)


def _hash_tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() + f":{p.stat().st_mtime_ns}"
            for p in sorted(folder.iterdir())}


def test_cancel_through_the_algorithms_leaves_local_photos_untouched(provider, saved_profile, shared_data,  # noqa: F811
                                                                     tmp_path, cluster_session):
    import processing

    from geomorph_plugin.processing.sfm_common import registry

    photos = tmp_path / "photos with spaces"
    photos.mkdir()
    for name in sorted(p.name for p in (shared_data / "brighton_beach" / "images").iterdir())[:5]:
        shutil.copy2(shared_data / "brighton_beach" / "images" / name, photos / name)
    before = _hash_tree(photos)
    result = processing.run("geomorph:submitsfm", {
        "PROFILE": saved_profile.name, "PHOTOS": str(photos), "CHUNK_SIZE": 5, "MAX_IMAGE_SIZE": 300,
        "ENGINE": 3, "OUTPUT_FOLDER": str(tmp_path / "out")})
    job_id = result["JOB_ID"]
    job = registry().get(job_id)
    try:
        assert job.state == "submitted" and job.cluster_id
        cancelled = processing.run("geomorph:cancelsfm", {"JOB_ID": job_id})
        assert cancelled["STATE"] == "cancelled"
        queue = cluster_session.run(["condor_q", "-constraint",
                                     f"ClusterId == {job.cluster_id} || DAGManJobId == {job.cluster_id}",
                                     "-af", "ClusterId"]).stdout
        assert queue.strip() == ""
        status = processing.run("geomorph:sfmjobstatus", {"JOB_ID": job_id})
        assert status["STATE"] == "cancelled"
        assert _hash_tree(photos) == before
    finally:
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)
        registry().delete(job_id)


def test_photos_without_gps_are_refused_before_any_upload(provider, saved_profile, tmp_path, cluster_session):  # noqa: F811
    import processing
    from osgeo import gdal
    from qgis.core import QgsProcessingException

    photos = tmp_path / "no_gps"
    photos.mkdir()
    driver = gdal.GetDriverByName("MEM")
    for i in range(4):
        ds = driver.Create("", 64, 48, 3)
        gdal.GetDriverByName("JPEG").CreateCopy(str(photos / f"IMG_{i}.JPG"), ds)
    remote_before = set(cluster_session.sftp.listdir(saved_profile.work_root))
    with pytest.raises(QgsProcessingException, match="GPS"):
        processing.run("geomorph:runsfm", {"PROFILE": saved_profile.name, "PHOTOS": str(photos),
                                           "OUTPUT_FOLDER": str(tmp_path / "out")})
    assert set(cluster_session.sftp.listdir(saved_profile.work_root)) == remote_before


def test_cancelling_runsfm_removes_the_dag(provider, saved_profile, shared_data, tmp_path,  # noqa: F811
                                           cluster_session):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    from geomorph_plugin.processing.sfm_common import registry

    class CancelAfterSubmit(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802 - QGIS API
            if "Submitted the DAG" in info:
                self.cancel()

    photos = tmp_path / "photos"
    photos.mkdir()
    for name in sorted(p.name for p in (shared_data / "brighton_beach" / "images").iterdir())[:4]:
        shutil.copy2(shared_data / "brighton_beach" / "images" / name, photos / name)
    before = _hash_tree(photos)
    known = {job.id for job in registry().jobs()}
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("geomorph:runsfm", {
            "PROFILE": saved_profile.name, "PHOTOS": str(photos), "MAX_IMAGE_SIZE": 300, "ENGINE": 3,
            "OUTPUT_FOLDER": str(tmp_path / "out")}, feedback=CancelAfterSubmit())
    (job,) = [job for job in registry().jobs() if job.id not in known]
    try:
        assert job.state == "cancelled" and job.cluster_id
        queue = cluster_session.run(["condor_q", "-constraint",
                                     f"ClusterId == {job.cluster_id} || DAGManJobId == {job.cluster_id}",
                                     "-af", "ClusterId"]).stdout
        assert queue.strip() == ""
        assert _hash_tree(photos) == before
    finally:
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)
        registry().delete(job.id)
