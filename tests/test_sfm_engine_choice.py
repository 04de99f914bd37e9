"""The ENGINE choice of the SfM algorithms: Auto gives a dense DSM on any cluster (COLMAP dense with
GPU nodes, MicMac without), COLMAP dense is refused on a profile without GPU nodes, the sparse fast
path is a labelled choice of its own; models and scripts made before ENGINE existed run unchanged."""

from __future__ import annotations

import uuid

import pytest

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.workflow.engine_choice import EngineChoice, decide_engine

# (choice, has GPU nodes) -> (engine, WorkflowOptions.gpu, words of the reason)
DECISIONS = {
    (EngineChoice.AUTO, True): ("colmap", True, ("COLMAP dense", "GPU nodes")),
    (EngineChoice.AUTO, False): ("micmac", False, ("MicMac", "no GPU nodes", "CPU nodes")),
    (EngineChoice.MICMAC, True): ("micmac", False, ("MicMac, as chosen", "CPU nodes")),
    (EngineChoice.MICMAC, False): ("micmac", False, ("MicMac, as chosen", "CPU nodes")),
    (EngineChoice.COLMAP, True): ("colmap", True, ("COLMAP dense, as chosen", "GPU nodes")),
    (EngineChoice.COLMAP_SPARSE, True): ("colmap", False, ("sparse fast path", "tie points")),
    (EngineChoice.COLMAP_SPARSE, False): ("colmap", False, ("sparse fast path", "tie points")),
}


@pytest.mark.parametrize(("choice", "has_gpu"), list(DECISIONS))
def test_each_choice_on_profiles_with_and_without_gpu_nodes(choice, has_gpu):
    engine, gpu, words = DECISIONS[(choice, has_gpu)]
    decision = decide_engine(choice, has_gpu)
    assert (decision.choice, decision.engine, decision.gpu) == (choice, engine, gpu)
    for word in words:
        assert word in decision.reason
    # The parameter's index and the enum's value give the same decision.
    assert decide_engine(list(EngineChoice).index(choice), has_gpu) == decision
    assert decide_engine(choice.value, has_gpu) == decision


def test_labels_say_what_runs():
    assert decide_engine(EngineChoice.AUTO, False).label == "MicMac"
    assert decide_engine(EngineChoice.AUTO, True).label == "COLMAP dense"
    assert decide_engine(EngineChoice.COLMAP_SPARSE, True).label == "COLMAP sparse fast path"
    assert [c.label for c in EngineChoice] == ["Auto", "MicMac", "COLMAP", "COLMAP sparse fast path"]


def test_colmap_dense_without_gpu_nodes_is_refused_with_the_fixes():
    with pytest.raises(GeomorphError) as err:
        decide_engine(EngineChoice.COLMAP, False)
    message = str(err.value)
    assert "The cluster has GPU nodes (CUDA)" in message  # the profile dialog's check box
    assert "\"MicMac\"" in message and "\"COLMAP sparse fast path\"" in message
    with pytest.raises(GeomorphError, match="does not exist"):
        decide_engine(4, True)


def test_the_decision_needs_no_engine_module():
    """Pure planning: the decision names engines, it imports none (so it is testable, and shown
    to the user, before the engines are built)."""
    import ast
    from pathlib import Path

    import geomorph_plugin.workflow.engine_choice as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "dataclasses", "enum", "errors", "i18n"}, imported


@pytest.mark.parametrize("alg_id", ["geomorph:runsfm", "geomorph:submitsfm"])
def test_engine_parameter_defaults_to_auto_and_the_help_teaches_it(provider, alg_id):
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingParameterEnum

    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    param = alg.parameterDefinition("ENGINE")
    assert isinstance(param, QgsProcessingParameterEnum)
    assert param.options() == ["Auto", "MicMac", "COLMAP", "COLMAP sparse fast path"]
    assert param.defaultValue() == 0 and not param.allowMultiple()
    assert "0 = Auto, 1 = MicMac" in param.help()
    text = alg.shortHelpString()
    assert "MicMac" in text and "Node setup command" in text and "ENGINE" not in text
    # What the help panel shows (rich text): what each choice does, where mm3d comes from, stalled steps.
    import re

    from qgis.PyQt.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(text)
    shown = " ".join(document.toPlainText().split())
    for words in ("without GPU nodes, as on most clusters, MicMac runs on the CPU nodes", "no kerbs, trees or boulders",
                  "MicMac needs mm3d", "Node setup command", "Container image", "shown as stalled",
                  "for 15 minutes", "stall_after_s", "a folder named after the job id"):
        assert words in shown, words
    # Only the markup QGIS's help panel knows: a "<job id>" would be taken for a tag and vanish.
    assert set(re.findall(r"</?([^\s>/]+)", text)) <= {"p", "b", "i"}
    assert "<" not in param.help() and "<" not in alg.parameterDefinition("OUTPUT_FOLDER").help()
    assert "Container image" in param.help() and "mm3d" in param.help()
    # A script written before ENGINE: its parameters are still valid, and mean Auto.
    from geomorph_plugin.processing import sfm_common as common

    old = {"PROFILE": "any", "PHOTOS": "/photos", "CHUNK_SIZE": 40, "MAX_IMAGE_SIZE": 1000, "OUTPUT_FOLDER": "/out"}
    ok, message = alg.checkParameterValues(old, QgsProcessingContext())
    assert ok, message
    assert common.engine_choice(alg, old, QgsProcessingContext()) == EngineChoice.AUTO
    assert common.engine_choice(alg, {**old, "ENGINE": 3}, QgsProcessingContext()) == EngineChoice.COLMAP_SPARSE


def test_a_model_saved_without_engine_loads_and_validates(provider, tmp_path):
    """A .model3 whose runsfm child was made before ENGINE existed (no ENGINE among its parameters)."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelParameter,
        QgsProcessingParameterFile,
    )

    model = QgsProcessingModelAlgorithm("survey", "tests")
    model.addModelParameter(QgsProcessingParameterFile("photos", "photos", behavior=QgsProcessingParameterFile.Folder),
                            QgsProcessingModelParameter("photos"))
    child = QgsProcessingModelChildAlgorithm("geomorph:runsfm")
    child.setChildId("sfm")
    child.addParameterSources("PROFILE", [QgsProcessingModelChildParameterSource.fromStaticValue("uni-hpc")])
    child.addParameterSources("PHOTOS", [QgsProcessingModelChildParameterSource.fromModelParameter("photos")])
    child.addParameterSources("CHUNK_SIZE", [QgsProcessingModelChildParameterSource.fromStaticValue(40)])
    model.addChildAlgorithm(child)
    path = tmp_path / "survey.model3"
    assert model.toFile(str(path))
    assert "ENGINE" not in path.read_text(encoding="utf-8")

    loaded = QgsProcessingModelAlgorithm()
    assert loaded.fromFile(str(path))
    ok, issues = loaded.validate()
    assert ok, issues
    ok, issues = loaded.validateChildAlgorithm("sfm")
    assert ok, issues


@pytest.fixture
def gpu_profile(qgis_app):
    from geomorph_plugin.cluster.profiles import Profile, remove_profile, save_profile

    profile = Profile(name=f"pytest-gpu-{uuid.uuid4().hex[:6]}", host="login.example.org", user="rossi",
                      has_gpu=True)
    save_profile(profile)
    yield profile
    remove_profile(profile.name)


@pytest.mark.parametrize(("choice", "gpu", "surface", "label"), [
    (EngineChoice.COLMAP_SPARSE, False, "sparse-fast-path", "COLMAP sparse fast path"),
    (EngineChoice.COLMAP, True, "dense", "COLMAP dense"),
    (None, True, "dense", "COLMAP dense"),  # callers of prepare() without a choice: as before
])
def test_prepare_records_the_engine_and_why(gpu_profile, shared_data, registry, tmp_path, choice, gpu, surface,
                                            label):
    """The sparse fast path on a GPU profile asks for no GPU, although the profile has some."""
    from geomorph_plugin.sfm.prepare import prepare
    from geomorph_plugin.workflow.engine import WorkflowOptions

    job, files = prepare(gpu_profile, shared_data / "brighton_beach" / "images", tmp_path / "out",
                         WorkflowOptions(max_image_size=1000), registry, engine_choice=choice)
    saved = registry.get(job.id)
    assert saved.extra["engine"] == files.engine == "colmap" and files.surface == surface
    assert saved.extra["engine_label"] == label
    assert any(s.gpus for s in files.steps) == gpu
    submit_files = "".join(p.read_text() for p in (files.staging_dir / "submit").glob("*.sub"))
    assert ("request_gpus" in submit_files) == gpu
    if choice is None:
        assert saved.extra["engine_choice"] == "" and saved.extra["engine_reason"] == ""
    else:
        assert saved.extra["engine_choice"] == choice.value
        assert saved.extra["engine_reason"] == decide_engine(choice, True).reason


def test_colmap_on_a_profile_without_gpu_nodes_fails_before_reading_photos(provider, qgis_app, tmp_path):
    """Refused in the algorithm before any photo is read or any job recorded: the folder does not even exist."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingException

    from geomorph_plugin.cluster.profiles import Profile, remove_profile, save_profile
    from geomorph_plugin.processing.sfm_common import registry

    profile = Profile(name=f"pytest-cpu-{uuid.uuid4().hex[:6]}", host="login.example.org", user="rossi")
    save_profile(profile)
    before = {job.id for job in registry().jobs()}
    try:
        with pytest.raises(QgsProcessingException, match="GPU nodes") as err:
            processing.run("geomorph:submitsfm", {"PROFILE": profile.name, "PHOTOS": str(tmp_path / "none"),
                                                  "ENGINE": 2, "OUTPUT_FOLDER": str(tmp_path / "out")},
                           context=QgsProcessingContext())
        assert "The cluster has GPU nodes (CUDA)" in str(err.value)
    finally:
        remove_profile(profile.name)
    assert {job.id for job in registry().jobs() if job.profile == profile.name} - before == set()


def test_the_report_says_which_engine_ran_and_why():
    from geomorph_plugin.sfm.report import result_rows

    reason = decide_engine(EngineChoice.AUTO, False).reason
    rows = dict(result_rows({"engine": "micmac", "engine_label": "MicMac", "engine_reason": reason,
                             "surface": "dense-micmac"}))
    assert rows["Engine"] == "MicMac" and rows["Why this engine"] == reason
    # Results written before the choice existed still show their engine.
    assert dict(result_rows({"engine": "colmap"}))["Engine"] == "colmap"


def test_the_report_gives_the_areas_of_both_fill_passes():
    from geomorph_plugin.sfm.report import result_rows

    rows = dict(result_rows({"engine": "micmac", "dsm_coverage": 0.911, "pims_filled_m2": 2084.3,
                             "cross_filled_m2": 93.8}))
    assert rows["DSM matched (not interpolated)"] == "91.1% of the photos' footprint"
    assert rows["Of which matched by the vegetation fill (PIMs Forest)"] == "2084 m²"
    assert rows["Of which by its pairs across the flight lines"] == "94 m²"
    # A first pass alone (a job from before the second, or a tile where it matched nothing): no row.
    assert "Of which by its pairs across the flight lines" not in dict(result_rows({"pims_filled_m2": 10.0}))
