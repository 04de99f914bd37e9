"""The plugin foundation: provider, load/unload, dependencies, translation."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication, QEvent

from geomorph_plugin import classFactory
from geomorph_plugin.plugin import gui_part_classes
from geomorph_plugin.processing.base import GeomorphAlgorithm, group_names
from geomorph_plugin.processing.provider import GeomorphProvider, algorithm_classes


def _geomorph_providers() -> list[QgsProcessingProvider]:
    return [p for p in QgsApplication.processingRegistry().providers() if p.id() == "geomorph"]


def test_provider_identity(qgis_app):
    provider = GeomorphProvider()
    assert provider.id() == "geomorph"
    assert provider.name() == "Geomorph"
    assert not provider.icon().isNull()


def test_algorithms_have_fixed_lowercase_ids_and_help(provider):
    algorithms = provider.algorithms()
    assert len(algorithms) == len(algorithm_classes())
    for alg in algorithms:
        assert alg.id() == f"geomorph:{alg.name()}"
        assert alg.name() == alg.name().lower() and alg.name().isidentifier()
        assert alg.groupId() in group_names()
        assert alg.displayName().strip()
        assert len(alg.shortHelpString()) > 80, f"{alg.id()} needs a help text that teaches"


def test_load_and_unload_twice_leaves_nothing(qgis_app, qgis_iface):
    assert _geomorph_providers() == []
    before_actions = len(qgis_iface.mainWindow().findChildren(object))
    for _ in range(2):
        plugin = classFactory(qgis_iface)
        plugin.initGui()
        assert len(_geomorph_providers()) == 1
        assert len(plugin.gui_parts) == len(gui_part_classes()) > 0
        assert len(qgis_iface.mainWindow().findChildren(object)) > before_actions
        plugin.unload()
        assert _geomorph_providers() == []
        assert plugin.gui_parts == []
    # Docks, menus and actions that initGui parented to the main window must be gone (once the
    # deleteLater() requests have been delivered, as the event loop would).
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert len(qgis_iface.mainWindow().findChildren(object)) == before_actions


def test_init_processing_alone_registers_provider_once(qgis_app):
    plugin = classFactory(None)
    plugin.initProcessing()
    plugin.initProcessing()
    assert len(_geomorph_providers()) == 1
    plugin.unload()
    assert _geomorph_providers() == []


class _NeedsMissingPackage(GeomorphAlgorithm):
    ALG_ID = "needsmissing"
    GROUP_ID = "landcover"
    REQUIRED_MODULES = ("geomorph_no_such_package",)


def test_can_execute_names_missing_package_and_fix(qgis_app):
    ok, message = _NeedsMissingPackage().canExecute()
    assert not ok
    assert "geomorph_no_such_package" in message
    assert "pip install" in message


# Run by Debian's system Python (the one the QGIS application embeds) with sys.executable set
# as it is inside QGIS: the hint must name /usr/bin/python3, not the "python3" found on PATH.
_QGIS_PYTHON_PROBE = """
import json, sys
sys.executable = "/usr/bin/qgis"
sys.path.insert(0, {repo!r})
from geomorph_plugin import dependencies
print(json.dumps({{"python": str(dependencies.qgis_python()), "pip": dependencies.pip_command("REQUIREMENT"),
                   "hint": dependencies.missing_message(["geomorph_no_such_package"]),
                   "paramiko": dependencies.install_hint("paramiko")}}))
"""


def _probe_wheel(folder: Path) -> Path:
    """A minimal pure-Python wheel, so that the suggested command can really be run offline."""
    wheel = folder / "geomorph_probe-0.1-py3-none-any.whl"
    info = "geomorph_probe-0.1.dist-info"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("geomorph_probe.py", "VALUE = 42\n")
        zf.writestr(f"{info}/METADATA", "Metadata-Version: 2.1\nName: geomorph-probe\nVersion: 0.1\n")
        zf.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{info}/RECORD", f"geomorph_probe.py,,\n{info}/METADATA,,\n{info}/WHEEL,,\n{info}/RECORD,,\n")
    return wheel


@pytest.mark.skipif(not Path("/usr/lib/python3.11/EXTERNALLY-MANAGED").is_file(),
                    reason="needs Debian 12's system Python (externally managed, PEP 668)")
def test_missing_package_hint_names_qgis_python_and_a_pip_command_that_works(tmp_path):
    env = dict(os.environ, PYTHONUSERBASE=str(tmp_path / "user"), PYTHONNOUSERSITE="")
    env.pop("PYTHONNOUSERSITE")
    probe = subprocess.run(["/usr/bin/python3", "-c", _QGIS_PYTHON_PROBE.format(repo=str(Path(__file__).parents[1]))],
                           capture_output=True, text=True, timeout=120, env=env)
    assert probe.returncode == 0, probe.stderr
    info = json.loads(probe.stdout.splitlines()[-1])
    assert info["python"] == "/usr/bin/python3"
    assert info["pip"] == ["/usr/bin/python3", "-m", "pip", "install", "--user", "--break-system-packages",
                           "REQUIREMENT"]
    assert "/usr/bin/python3 -m pip install --user --break-system-packages geomorph_no_such_package" in info["hint"]
    assert "/usr/bin/qgis" not in info["hint"]
    assert "sudo apt install python3-paramiko" in info["paramiko"]

    wheel = _probe_wheel(tmp_path)
    command = [str(wheel) if arg == "REQUIREMENT" else arg for arg in info["pip"]] + ["--no-index"]
    # What the old hint said is refused by Debian 12 (nothing is installed: --dry-run)...
    plain = [arg for arg in command if arg not in ("--user", "--break-system-packages")] + ["--dry-run"]
    refused = subprocess.run(plain, capture_output=True, text=True, timeout=300, env=env)
    assert refused.returncode != 0 and "externally-managed-environment" in refused.stdout + refused.stderr
    # ...what the new one says installs, and that Python then imports it.
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    imported = subprocess.run([info["python"], "-c", "import geomorph_probe; print(geomorph_probe.VALUE)"],
                              capture_output=True, text=True, timeout=60, env=env)
    assert imported.stdout.strip() == "42", imported.stderr


def test_italian_translation_is_loaded(qgis_app):
    from geomorph_plugin.i18n import install_translator, remove_translator, tr

    assert install_translator("it")
    try:
        assert tr("Land cover") == "Copertura del suolo"
        assert group_names()["photogrammetry"] != "Photogrammetry on HTCondor"
    finally:
        remove_translator()
    assert tr("Land cover") == "Land cover"


def _raster_layer(tmp_path: Path):
    import numpy as np
    from qgis.core import QgsRasterLayer

    from tests.onnx_models import write_raster

    # 1 km x 1 km in UTM 33N, from (500000, 4499000) to (501000, 4500000).
    layer = QgsRasterLayer(str(write_raster(tmp_path / "ortho.tif", np.zeros((3, 100, 100), np.uint8), res=10.0)),
                           "ortho")
    assert layer.isValid()
    return layer


def test_unload_after_the_layer_dialog_was_opened_and_closed(qgis_app, qgis_processing, qgis_iface, tmp_path,
                                                              monkeypatch):
    """Issue 9 item 15: right-click > Classify land cover…, close the dialog, then unload (QGIS exit)."""
    from qgis.core import QgsProject, QgsRectangle
    from qgis.gui import QgsBrowserGuiModel
    from qgis.PyQt import sip

    from geomorph_plugin.gui.classify_action import ClassifyLandCoverAction

    browser = QgsBrowserGuiModel()  # Processing's dialog asks the iface for it; the stub has none
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: browser, raising=False)
    layer = _raster_layer(tmp_path)
    QgsProject.instance().addMapLayer(layer)
    try:
        qgis_iface.mapCanvas().setDestinationCrs(layer.crs())
        qgis_iface.mapCanvas().setExtent(QgsRectangle(500480, 4499480, 500520, 4499520))
        qgis_iface.setActiveLayer(layer)
        plugin = classFactory(qgis_iface)
        plugin.initGui()
        [part] = [p for p in plugin.gui_parts if isinstance(p, ClassifyLandCoverAction)]
        part.action.trigger()
        [dialog] = part.dialogs
        assert dialog.isVisible()
        dialog.close()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        assert sip.isdeleted(dialog)  # what made unload raise: a dialog Qt had already deleted
        # A second dialog opened after the first one was deleted works too.
        part.action.trigger()
        assert len(part.dialogs) == 1 and part.dialogs[0] is not dialog
        part.dialogs[0].close()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        plugin.unload()
        assert _geomorph_providers() == [] and plugin.gui_parts == [] and part.action is None
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_extent_is_prefilled_only_when_part_of_the_layer_is_visible(qgis_app, qgis_iface, tmp_path):
    from qgis.core import QgsRectangle

    from geomorph_plugin.gui.classify_action import dialog_parameters

    layer = _raster_layer(tmp_path)
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(layer.crs())
    canvas.setExtent(QgsRectangle(499000, 4498000, 502000, 4501000))  # the whole layer and more
    assert dialog_parameters(canvas, layer) == {"INPUT": layer.id()}  # empty extent: the whole layer
    canvas.setExtent(QgsRectangle(500480, 4499480, 500520, 4499520))
    visible = canvas.extent()  # the canvas widens it to its aspect ratio
    assert layer.extent().contains(visible)
    extent = dialog_parameters(canvas, layer)["EXTENT"]
    numbers, _, crs = extent.partition(" [")
    assert crs == "EPSG:32633]"
    assert [float(v) for v in numbers.split(",")] == pytest.approx(
        [visible.xMinimum(), visible.xMaximum(), visible.yMinimum(), visible.yMaximum()])


def test_a_part_that_fails_to_unload_does_not_leave_the_provider_registered(qgis_app, qgis_iface):
    class BrokenPart:
        removed = False

        def remove(self):
            raise RuntimeError("wrapped C/C++ object has been deleted")

    class GoodPart:
        removed = False

        def remove(self):
            GoodPart.removed = True

    plugin = classFactory(qgis_iface)
    plugin.initProcessing()
    plugin.gui_parts = [GoodPart(), BrokenPart()]
    with pytest.raises(RuntimeError, match="has been deleted"):
        plugin.unload()
    assert GoodPart.removed and plugin.gui_parts == [] and _geomorph_providers() == []
