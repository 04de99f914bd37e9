"""The SfM algorithms' profile and job fields offer the known values (a typed one still works for
scripts), and results default to a folder that outlives QGIS's temporary folder."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest


@pytest.fixture
def known_jobs(qgis_app):
    from geomorph_plugin.cluster.profiles import Profile, remove_profile, save_profile
    from geomorph_plugin.processing.sfm_common import registry

    reg = registry()
    tag = uuid.uuid4().hex[:6]
    profile = Profile(name=f"pytest-{tag}", host="login.example.org", user="rossi")
    save_profile(profile)
    made = {}
    for state, created in (("running", 3.0), ("completed", 2.0), ("failed", 1.0)):
        job = reg.new_job(profile.name, "/photos", "/out", job_id=f"pytest-{tag}-{state}")
        job.set_state(state)
        job.created = created + 2e9  # newest of all, whatever else the registry holds
        reg.save(job)
        made[state] = job.id
    yield profile, made
    for job_id in made.values():
        reg.delete(job_id)
    remove_profile(profile.name)


def _hints(alg_id, name):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    return alg, alg.parameterDefinition(name).metadata()["widget_wrapper"]["value_hints"]


def test_known_profiles_and_jobs_are_offered(provider, known_jobs):
    from qgis.core import QgsProcessingContext
    from qgis.gui import QgsGui, QgsProcessingGui
    from qgis.PyQt.QtWidgets import QComboBox

    profile, made = known_jobs
    _alg, profiles = _hints("geomorph:runsfm", "PROFILE")
    assert profile.name in profiles
    # Each algorithm offers the jobs it can act on first.
    assert _hints("geomorph:fetchsfmresults", "JOB_ID")[1][0] == made["completed"]
    assert _hints("geomorph:cancelsfm", "JOB_ID")[1][0] == made["running"]
    assert _hints("geomorph:resumesfm", "JOB_ID")[1][0] == made["failed"]
    alg, jobs = _hints("geomorph:sfmjobstatus", "JOB_ID")
    assert set(made.values()) <= set(jobs)
    # The dialog shows them as a drop-down...
    wrapper = QgsGui.processingGuiRegistry().createParameterWidgetWrapper(alg.parameterDefinition("JOB_ID"),
                                                                          QgsProcessingGui.Standard)
    widget = wrapper.createWrappedWidget(QgsProcessingContext())
    combo = widget if isinstance(widget, QComboBox) else widget.findChild(QComboBox)
    assert made["running"] in [combo.itemText(i) for i in range(combo.count())]
    # ...while scripts and qgis_process may still pass any id or name.
    ok, message = alg.checkParameterValues({"JOB_ID": "typed-by-a-script"}, QgsProcessingContext())
    assert ok, message


def test_results_default_to_a_folder_that_outlives_qgis(provider, qgis_app, tmp_path):
    from qgis.core import QgsApplication, QgsProcessing, QgsProcessingContext, QgsProject

    from geomorph_plugin.processing import sfm_common as common

    alg = QgsApplication.processingRegistry().createAlgorithmById("geomorph:submitsfm")
    context = QgsProcessingContext()
    profile_dir = Path(QgsApplication.qgisSettingsDirPath())
    for value in (None, "", QgsProcessing.TEMPORARY_OUTPUT):
        folder = common.output_folder(alg, {"OUTPUT_FOLDER": value}, context, "20260101-000000-abcdef")
        assert folder == profile_dir / "geomorph" / "sfm-results" / "20260101-000000-abcdef"
        assert not common.in_temporary_folder(folder)
    project = QgsProject()
    project.setFileName(str(tmp_path / "survey" / "basento.qgz"))
    context.setProject(project)
    expected = tmp_path / "survey" / "geomorph-sfm" / "j1"
    assert common.output_folder(alg, {"OUTPUT_FOLDER": None}, context, "j1") == expected
    assert common.output_folder(alg, {"OUTPUT_FOLDER": str(tmp_path / "mine")}, context, "j1") == tmp_path / "mine"
    # The old default, QGIS's Processing temporary folder, is recognised (fetch moves away from it).
    assert common.in_temporary_folder(Path(tempfile.gettempdir()) / "processing_AbCdEf" / "sfm")
    assert "Save to temporary folder" in alg.parameterDefinition("OUTPUT_FOLDER").help()
    fetch = QgsApplication.processingRegistry().createAlgorithmById("geomorph:fetchsfmresults")
    assert "Save to temporary folder" in fetch.shortHelpString() and "empty" not in fetch.shortHelpString()
