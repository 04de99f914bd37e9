"""Before any upload, the SfM algorithms check on the real test cluster that the nodes can run the
engine (mm3d for MicMac, colmap for COLMAP) after the profile's node setup command, and refuse
with the setup field's name when they cannot, leaving nothing on the cluster or in the registry."""

from __future__ import annotations

import uuid

import pytest

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.sfm.preflight import check_nodes
from tests.feedback_log import LogFeedback
from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

pytestmark = pytest.mark.cluster

BROKEN_PATH = "export PATH=/nonexistent"


@pytest.mark.parametrize(("engine", "program"), [("micmac", "mm3d"), ("colmap", "colmap")])
def test_a_setup_command_that_breaks_path_is_refused_naming_the_field(cluster_session, engine, program):
    with pytest.raises(GeomorphError) as err:
        check_nodes(cluster_session, engine, BROKEN_PATH)
    message = str(err.value)
    assert f"\"{program}\" was not found" in message
    assert "\"Node setup command\"" in message and BROKEN_PATH in message
    assert "Container image (Apptainer/Singularity)" in message and "Nothing was uploaded" in message
    if engine == "micmac":
        assert "module load micmac" in message


def test_colmap_is_found_with_the_test_clusters_plain_path(cluster_session):
    feedback = LogFeedback()
    found = check_nodes(cluster_session, "colmap", "", feedback=feedback)
    assert found.checked and found.path == "/usr/bin/colmap"
    assert any("the nodes can run colmap (/usr/bin/colmap" in line for line in feedback.lines), feedback.lines


@pytest.mark.micmac
def test_mm3d_runs_on_the_test_cluster(cluster_session, micmac_nodes):
    feedback = LogFeedback()
    found = check_nodes(cluster_session, "micmac", "", feedback=feedback)
    assert found.checked and found.path == "/usr/bin/mm3d"
    assert any("the nodes can run mm3d (/usr/bin/mm3d" in line for line in feedback.lines), feedback.lines


def test_a_failing_setup_command_and_a_broken_program_are_told_apart(cluster_session):
    with pytest.raises(GeomorphError) as err:
        check_nodes(cluster_session, "micmac", "module load micmac-not-here")
    message = str(err.value)
    assert "\"Node setup command\" (module load micmac-not-here) failed" in message and "exit code" in message
    # The nodes take $GEOMORPH_MM3D before PATH (remote/common.engine_binary): the check runs that one.
    with pytest.raises(GeomorphError) as err:
        check_nodes(cluster_session, "micmac", "export GEOMORPH_MM3D=/bin/false")
    message = str(err.value)
    assert "\"/bin/false -help\" failed" in message and "exit code 1" in message and "Node setup command" in message


def test_the_check_leaves_nothing_behind(cluster_session):
    """The setup command runs in a temporary folder of its own, removed afterwards (as a node's
    step runs in its job folder), so files it writes do not land in the user's home."""
    marker = f"preflight-marker-{uuid.uuid4().hex[:8]}"
    found = check_nodes(cluster_session, "colmap", f"touch {marker} && test -f \"$PWD/{marker}\"")
    assert found.checked
    left = cluster_session.run(["sh", "-c", 'ls -a ~ /tmp | grep -c -- "$1" || true', "sh", marker]).stdout.strip()
    assert left == "0"


def test_a_container_image_the_login_node_cannot_run_is_skipped_and_said_so(cluster_session):
    runtime = cluster_session.run(["sh", "-c", "command -v apptainer || command -v singularity"], check=False)
    feedback = LogFeedback()
    found = check_nodes(cluster_session, "micmac", BROKEN_PATH, container_image="/nonexistent/micmac.sif",
                        feedback=feedback)
    assert not found.checked and found.path == ""
    why = "cannot read the image" if runtime.exit_code == 0 else "neither apptainer nor singularity"
    assert any(line.startswith("Preflight skipped") and why in line for line in feedback.lines), feedback.lines
    # An image given as a URL would be downloaded by the check: skipped too.
    found = check_nodes(cluster_session, "colmap", "", container_image="docker://colmap/colmap:latest",
                        feedback=feedback)
    assert not found.checked and "is a URL" in feedback.lines[-1]


@pytest.mark.parametrize(("alg_id", "engine", "program"), [
    ("geomorph:runsfm", None, "mm3d"),  # parameters as written before ENGINE existed: Auto, no GPU nodes -> MicMac
    ("geomorph:submitsfm", 3, "colmap"),  # COLMAP sparse fast path
])
def test_the_algorithms_refuse_before_any_upload(provider, saved_profile, shared_data, cluster_session, tmp_path,  # noqa: F811
                                                 alg_id, engine, program):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingException

    from geomorph_plugin.cluster.profiles import save_profile
    from geomorph_plugin.processing.sfm_common import registry

    saved_profile.setup_command = BROKEN_PATH
    save_profile(saved_profile)
    params = {"PROFILE": saved_profile.name, "PHOTOS": str(shared_data / "brighton_beach" / "images"),
              "CHUNK_SIZE": 40, "MAX_IMAGE_SIZE": 1000, "OUTPUT_FOLDER": str(tmp_path / "results")}
    if engine is not None:
        params["ENGINE"] = engine
    feedback = LogFeedback()
    with pytest.raises(QgsProcessingException) as err:
        processing.run(alg_id, params, context=QgsProcessingContext(), feedback=feedback)
    message = str(err.value)
    assert f"\"{program}\" was not found" in message and "\"Node setup command\"" in message, message
    job_line = next(line for line in feedback.lines if line.startswith("Job "))
    job_id = job_line.split()[1].rstrip(":")
    engine_line = next(line for line in feedback.lines if line.startswith("Engine: "))
    assert ("no GPU nodes" in engine_line) == (engine is None), engine_line
    # Nothing reached the cluster, and the job left no record behind.
    remote_dir = saved_profile.remote_dir(job_id)
    assert cluster_session.run(["test", "-e", remote_dir], check=False).exit_code == 1, remote_dir
    assert job_id not in {job.id for job in registry().jobs()}
    assert not (tmp_path / "results").exists()


def test_a_model_made_before_engine_runs_with_auto(provider, saved_profile, shared_data, cluster_session,  # noqa: F811
                                                   tmp_path):
    """A .model3 whose runsfm child has no ENGINE (saved before the parameter existed) runs: with
    the default, Auto, on the test cluster (no GPU nodes) it picks MicMac, whose preflight then
    stops it, before any upload, because the setup command hides mm3d."""
    import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingException,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
    )

    from geomorph_plugin.cluster.profiles import save_profile

    saved_profile.setup_command = BROKEN_PATH
    save_profile(saved_profile)
    model = QgsProcessingModelAlgorithm("survey", "tests")
    child = QgsProcessingModelChildAlgorithm("geomorph:runsfm")
    child.setChildId("sfm")
    static = QgsProcessingModelChildParameterSource.fromStaticValue
    for name, value in (("PROFILE", saved_profile.name), ("PHOTOS", str(shared_data / "brighton_beach" / "images")),
                        ("CHUNK_SIZE", 40), ("MAX_IMAGE_SIZE", 1000), ("OUTPUT_FOLDER", str(tmp_path / "results"))):
        child.addParameterSources(name, [static(value)])
    model.addChildAlgorithm(child)
    path = tmp_path / "survey.model3"
    assert model.toFile(str(path)) and "ENGINE" not in path.read_text(encoding="utf-8")
    loaded = QgsProcessingModelAlgorithm()
    assert loaded.fromFile(str(path))
    feedback = LogFeedback()
    with pytest.raises(QgsProcessingException) as err:
        processing.run(loaded, {}, context=QgsProcessingContext(), feedback=feedback)
    assert "\"mm3d\" was not found" in str(err.value) and "\"Node setup command\"" in str(err.value), str(err.value)
    assert any(line.startswith("Engine: MicMac (Auto)") for line in feedback.lines), feedback.lines
    assert not (tmp_path / "results").exists()
