"""The MicMac engine's failure handling, on the real workflow on the test cluster.

Failures are injected without any hook in the product code: through the profile's node setup
command, which every node sources before its step (``geomorph_remote/node.sh``), as a user's
``module load`` would be.
"""

from __future__ import annotations

import json
import shutil

import pytest

pytestmark = [pytest.mark.cluster, pytest.mark.slow, pytest.mark.micmac]

# tapioca_001 fails once (a retry succeeds); malt_001 is killed (SIGKILL) as long as the marker
# file kill_malt_001 is in the job dir: its three attempts die, the DAG fails, the other tiles finish.
INJECT = """if [ "$GEOMORPH_NODE" = tapioca_001 ] && [ ! -e tapioca_001.failed_once ]; then
  : > tapioca_001.failed_once; echo "injected failure in tapioca_001" >&2; exit 1
fi
if [ "$GEOMORPH_NODE" = malt_001 ] && [ -e kill_malt_001 ]; then echo "killing malt_001" >&2; kill -9 $$; fi"""


def _run(profile, photos, tmp_path, registry, session, *, setup="", tiles=0, size=640, chunk=20, timeout=1500):
    from geomorph_plugin.sfm import follow
    from geomorph_plugin.sfm.prepare import prepare
    from geomorph_plugin.sfm.upload import upload
    from geomorph_plugin.workflow.engine import WorkflowOptions
    from geomorph_plugin.workflow.engine_choice import EngineChoice

    # The test pool is 4 cores on a 2-core machine: cap the jobs as the saved test profile does.
    profile.extra = {"max_cpus_per_job": 2, "max_memory_mb": 4000}
    # No vegetation fill: these tests are about Tapioca, Tapas and the Malt tiles' resume, and the
    # fill's PIMs nodes would double the tiles' minutes (tests/test_sfm_micmac.py runs it).
    options = WorkflowOptions(max_image_size=size, chunk_size=chunk, tile_count=tiles, setup_command=setup,
                              pims_zoom=0)
    job, files = prepare(profile, photos, tmp_path / "out", options, registry, engine_choice=EngineChoice.MICMAC)
    upload(job, files, session, registry)
    follow.submit(job, session, registry)
    return job, follow.wait(job, session, registry, timeout=timeout)


def _photos(shared_data, tmp_path, names=None):
    src = shared_data / "brighton_beach" / "images"
    dest = tmp_path / "photos"
    dest.mkdir()
    for path in sorted(src.iterdir()):
        if names is None or path.name in names:
            shutil.copyfile(path, dest / path.name)
    return dest


def _timing(session, job, node) -> dict:
    return json.loads(session.run(["cat", f"{job.remote_dir}/timings/{node}.json"]).stdout)


def test_retry_a_killed_tile_then_resume_runs_only_the_unfinished_tiles(
        cluster_profile, micmac_nodes, registry, cluster_session, shared_data, tmp_path):
    from geomorph_plugin.sfm import follow
    from geomorph_plugin.sfm.states import JobState

    photos = _photos(shared_data, tmp_path)
    # The first node puts the marker in the job dir, so it is there before any Malt tile starts.
    setup = 'if [ "$GEOMORPH_NODE" = prepare ]; then : > kill_malt_001; fi\n' + INJECT
    # 1000 px as in test_sfm_micmac: at 640 px MicMac's RadialStd calibration of these photos
    # diverges ("very singular matrix in Gausj").
    job, status = _run(cluster_profile, photos, tmp_path, registry, cluster_session, setup=setup, tiles=4,
                       size=1000, chunk=40)
    try:
        assert job.state == JobState.FAILED.value, status.message
        assert list(status.failed_nodes) == ["malt_001"], status.failed_nodes
        # The Tapioca chunk that failed once was retried and went on.
        assert _timing(cluster_session, job, "tapioca_001")["attempt"] == 1
        done = {n: _timing(cluster_session, job, n) for n in ("malt_000", "malt_002", "malt_003")}
        assert all(t["status"] == "done" for t in done.values())

        cluster_session.run(["rm", "-f", "--", f"{job.remote_dir}/kill_malt_001"])
        follow.resume(job, cluster_session, registry)
        status = follow.wait(job, cluster_session, registry, timeout=1500)
        assert job.state == JobState.COMPLETED.value, status.message
        # Only the unfinished tile ran again: the finished tiles' records are those of the first run.
        for node, before in done.items():
            assert _timing(cluster_session, job, node)["start"] == before["start"], node
        assert _timing(cluster_session, job, "malt_001")["status"] == "done"
        result = json.loads(cluster_session.run(["cat", f"{job.remote_dir}/outputs/result.json"]).stdout)
        assert result["engine"] == "micmac" and result["images_registered"] == 18
    finally:
        cluster_session.run(["condor_rm", str(job.cluster_id)], check=False)
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)


def test_photos_without_overlap_fail_with_a_clear_message(
        cluster_profile, micmac_nodes, registry, cluster_session, shared_data, tmp_path):
    from geomorph_plugin.sfm.states import JobState
    from geomorph_plugin.workflow.photos import scan_photos

    # The four photos at the corners of the flight: they overlap two by two, so they fall into two
    # groups that no tie points join (a fifth pair has 2 chance matches).
    every = scan_photos(shared_data / "brighton_beach" / "images").photos
    corners = {max(every, key=lambda p: sx * p.x + sy * p.y).path.name for sx in (-1, 1) for sy in (-1, 1)}
    photos = _photos(shared_data, tmp_path, corners)
    job, status = _run(cluster_profile, photos, tmp_path, registry, cluster_session)
    try:
        assert job.state == JobState.FAILED.value
        assert list(status.failed_nodes) == ["tapas"]
        assert "overlap" in status.failed_nodes["tapas"]
    finally:
        cluster_session.run(["condor_rm", str(job.cluster_id)], check=False)
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)


def test_tapas_that_does_not_converge_fails_the_job_at_tapas_with_micmacs_lines(
        cluster_profile, micmac_nodes, registry, cluster_session, shared_data, tmp_path):
    from geomorph_plugin.sfm.states import JobState

    # Five copies of one photo: a drone hovering in one spot. Tapas finds no geometry to solve and
    # ends with a residual of nan, exit code 0; the step must not build on it.
    photos = tmp_path / "photos"
    photos.mkdir()
    for i in range(5):
        shutil.copyfile(shared_data / "brighton_beach" / "images" / "DJI_0018.JPG", photos / f"hover_{i}.JPG")
    job, status = _run(cluster_profile, photos, tmp_path, registry, cluster_session, size=400)
    try:
        assert job.state == JobState.FAILED.value
        assert list(status.failed_nodes) == ["tapas"]
        message = status.failed_nodes["tapas"]
        assert "Tapas RadialStd did not converge" in message and "final residual nan px" in message
    finally:
        cluster_session.run(["condor_rm", str(job.cluster_id)], check=False)
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)
