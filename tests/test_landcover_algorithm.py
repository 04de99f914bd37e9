"""geomorph:classifylandcover end to end: styled loading, qgis_process, the layer action, the default model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from pytest_qgis.qgis_interface import QgisInterface
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
)

from tests.eurosat_data import CLASSES, first_per_class
from tests.onnx_models import brightest_band_classifier, brightest_band_segmenter, write_raster

REPO = Path(__file__).resolve().parents[1]
ALG = "geomorph:classifylandcover"


def test_run_loads_paletted_layer_with_model_colours(provider, tmp_path):
    import processing

    data = np.zeros((3, 40, 60), np.uint8)
    data[0, :, :20], data[1, :, 20:40], data[2, :, 40:] = 200, 200, 200
    raster = write_raster(tmp_path / "in.tif", data)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=255)
    out = str(tmp_path / "classes.tif")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    # What the toolbox dialog does when "Open output file after running" is ticked.
    details = QgsProcessingContext.LayerDetails("classes", QgsProject.instance(), "OUTPUT")
    context.addLayerToLoadOnCompletion(out, details)
    feedback = QgsProcessingFeedback()
    log = []
    feedback.pushInfo = log.append  # the messages the user reads in the log panel
    result = processing.run(ALG, {"INPUT": str(raster), "MODEL": str(model), "OUTPUT": out,
                                  "OUTPUT_REPORT": str(tmp_path / "report.html")}, context=context, feedback=feedback)
    assert result["OUTPUT"] == out and Path(result["OUTPUT_REPORT"]).is_file()
    assert any("execution provider: CPUExecutionProvider" in line and "onnxruntime-gpu" in line for line in log), log
    details = context.layerToLoadOnCompletionDetails(out)
    assert details.name == "Land cover (seg)"
    layer = QgsRasterLayer(out, "classes")
    details.postProcessor().postProcessLayer(layer, context, feedback)
    renderer = layer.renderer()
    assert renderer.type() == "paletted"
    classes = renderer.classes()
    assert [c.label for c in classes] == ["class0", "class1", "class2"]
    import onnx

    colours = json.loads({p.key: p.value for p in onnx.load(str(model)).metadata_props}["class_colors"])
    assert [c.color.name() for c in classes] == colours
    np.testing.assert_array_equal(gdal.Open(out).ReadAsArray()[0], [0] * 20 + [1] * 20 + [2] * 20)


def _plugin_dir(tmp_path: Path) -> Path:
    """A QGIS plugin folder as the zip lays it out: the package plus metadata, resources, i18n."""
    plugins = tmp_path / "plugins"
    target = plugins / "geomorph_plugin"
    shutil.copytree(REPO / "geomorph_plugin", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(REPO / "metadata.txt", target / "metadata.txt")
    for name in ("resources", "i18n"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name, dirs_exist_ok=True)
    return plugins


def test_qgis_process_run(tmp_path):
    data = np.random.default_rng(3).integers(0, 255, (3, 48, 40)).astype(np.uint8)
    raster = write_raster(tmp_path / "in.tif", data)
    model = brightest_band_classifier(tmp_path / "patch.onnx", patch=8, resolution_m=1.0, value_scale=255)
    out = tmp_path / "classes.tif"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(_plugin_dir(tmp_path)),
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    enable = subprocess.run(["qgis_process", "plugins", "enable", "geomorph_plugin"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert enable.returncode == 0, enable.stdout + enable.stderr
    run = subprocess.run(["qgis_process", "--json", "run", ALG, "--", f"INPUT={raster}", f"MODEL={model}",
                          "DEVICE=2", f"OUTPUT={out}", f"OUTPUT_REPORT={tmp_path / 'area.csv'}"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    answer = json.loads(run.stdout[run.stdout.index("{"):])
    assert answer["results"]["OUTPUT"] == str(out)
    classes = gdal.Open(str(out)).ReadAsArray()
    expected = data.reshape(3, 6, 8, 5, 8).mean(axis=(2, 4)).argmax(axis=0)
    np.testing.assert_array_equal(classes, expected)
    assert (tmp_path / "area.csv").read_text().startswith("value,class,cells,area_ha,percent")


class RecordingIface(QgisInterface):
    """pytest-qgis's stub iface plus the real layer-action API, recording the QActions it gets."""

    def __init__(self, base):
        super().__init__(base.mapCanvas(), base.messageBar(), base.mainWindow())
        self.layer_actions: list = []

    def addCustomActionForLayerType(self, action, menu, layer_type, allLayers):  # noqa: N803
        self.layer_actions.append((action, menu, layer_type, allLayers))

    def removeCustomActionForLayerType(self, action):
        before = len(self.layer_actions)
        self.layer_actions = [entry for entry in self.layer_actions if entry[0] is not action]
        return len(self.layer_actions) < before


def test_layer_action_opens_prefilled_dialog_and_is_removed(provider, qgis_iface, tmp_path, monkeypatch):
    from qgis.core import Qgis
    from qgis.gui import QgsBrowserGuiModel
    from qgis.PyQt.QtWidgets import QAction

    from geomorph_plugin.gui.classify_action import ClassifyLandCoverAction
    from geomorph_plugin.plugin import gui_part_classes

    assert ClassifyLandCoverAction in gui_part_classes()
    iface = RecordingIface(qgis_iface)
    # Processing's dialog asks the application's iface for the browser model; the stub has none.
    browser = QgsBrowserGuiModel()
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: browser, raising=False)
    raster = write_raster(tmp_path / "utm.tif", np.zeros((3, 100, 100), np.uint8), res=10.0,
                          origin=(500000.0, 4500000.0))
    layer = QgsRasterLayer(str(raster), "utm")
    QgsProject.instance().addMapLayer(layer)
    canvas = iface.mapCanvas()
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    canvas.setDestinationCrs(wgs84)
    canvas.setExtent(QgsRectangle(15.0020, 40.6480, 15.0080, 40.6520))
    visible = canvas.extent()
    part = ClassifyLandCoverAction(iface)
    try:
        part.add()
        [(action, menu, layer_type, all_layers)] = iface.layer_actions
        assert isinstance(action, QAction) and action.text() == "Classify land cover…"
        assert layer_type == Qgis.LayerType.Raster and all_layers is True and menu
        iface.setActiveLayer(layer)
        action.trigger()
        [dialog] = part.dialogs
        assert dialog.isVisible() and not dialog.isModal()
        params = dialog.mainWidget().createProcessingParameters() if hasattr(dialog, "mainWidget") else {}
        assert params["INPUT"] in (layer.id(), layer.source()) or params["INPUT"].id() == layer.id()
        expected = QgsCoordinateTransform(wgs84, layer.crs(), QgsProject.instance()).transformBoundingBox(visible)
        extent = params["EXTENT"]
        if isinstance(extent, QgsRectangle):
            rect = extent
            assert extent.crs() == layer.crs()
        else:  # "xmin,xmax,ymin,ymax [EPSG:32633]"; the widget drops the CRS when it is the project's
            numbers, _, crs = str(extent).partition(" [")
            xmin, xmax, ymin, ymax = map(float, numbers.split(","))
            rect = QgsRectangle(xmin, ymin, xmax, ymax)
            assert (crs.rstrip("]") or QgsProject.instance().crs().authid()) == layer.crs().authid()
        assert rect.xMinimum() == pytest.approx(expected.xMinimum(), abs=0.01)
        assert rect.yMaximum() == pytest.approx(expected.yMaximum(), abs=0.01)
        assert 499000 < rect.xMinimum() < 501000  # metres in UTM 33N, not degrees
    finally:
        part.remove()
        QgsProject.instance().removeMapLayer(layer.id())
    assert iface.layer_actions == [] and part.action is None and part.dialogs == []


def _default_model() -> Path:
    return REPO / "geomorph_plugin" / "models" / "eurosat_rgb.onnx"


@pytest.mark.skipif(not _default_model().is_file(), reason="the bundled default model is not there yet")
def test_default_model_on_real_eurosat_patches(provider, shared_data, tmp_path):
    import processing

    classes = json.loads({p.key: p.value for p in __import__("onnx").load(str(_default_model())).metadata_props}
                         ["class_names"])
    images, labels = first_per_class(shared_data, per_class=2)
    patches, truth = list(images.transpose(0, 3, 1, 2)), list(labels)
    assert classes == CLASSES
    cols = 5
    rows = -(-len(patches) // cols)
    mosaic = np.zeros((3, rows * 64, cols * 64), np.uint8)
    for i, patch in enumerate(patches):
        r, c = divmod(i, cols)
        mosaic[:, r * 64:(r + 1) * 64, c * 64:(c + 1) * 64] = patch
    raster = write_raster(tmp_path / "mosaic.tif", mosaic, res=10.0)
    out = tmp_path / "classes.tif"
    processing.run(ALG, {"INPUT": str(raster), "OUTPUT": str(out)}, context=QgsProcessingContext(),
                   feedback=QgsProcessingFeedback())
    grid = gdal.Open(str(out)).ReadAsArray()
    predicted = [grid[divmod(i, cols)] for i in range(len(truth))]
    accuracy = np.mean(np.array(predicted) == np.array(truth))
    assert accuracy >= 0.8, (accuracy, predicted, truth)
