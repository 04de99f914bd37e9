"""What a user saw on the products of a full-size MicMac run of brighton_beach in a real QGIS window:
a white point cloud, a DSM ramp spent on Malt's interpolation, and a classify dialog whose default
model can only fail on a drone orthomosaic (docs/images/micmac_fullsize_*.png)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.onnx_models import write_raster


def _flagged_dsm(path, width=1100, height=600):
    """A MicMac-like DSM: band 1 elevation, band 2 "measured (1) or interpolated (0)". Measured ground
    rises 100 -> 102 m west to east; the interpolated north half runs from 90 to 130 m."""
    from osgeo import gdal

    rng = np.random.default_rng(5)
    xx = np.broadcast_to(np.linspace(0.0, 1.0, width, dtype=np.float32), (height, width))
    z = (100.0 + 2.0 * xx).astype(np.float32)
    flags = np.ones((height, width), np.float32)
    north = slice(0, height // 2)
    z[north] = rng.uniform(90.0, 130.0, (height // 2, width)).astype(np.float32)
    flags[north] = 0.0
    z[-10:, :] = -9999.0
    flags[-10:, :] = -9999.0
    write_raster(path, np.stack([z, flags]), res=0.032, epsg=32615, nodata=-9999.0)
    ds = gdal.Open(str(path), gdal.GA_Update)
    ds.GetRasterBand(1).SetDescription("elevation")
    ds.GetRasterBand(2).SetDescription("measured (1) or interpolated (0)")
    ds = None
    return path, z[height // 2:-10]


def test_micmac_dsm_ramp_spans_the_measured_cells_not_the_interpolation(qgis_app, tmp_path):
    from osgeo import gdal
    from qgis.core import QgsNumericFormatContext, QgsRasterLayer, QgsSingleBandPseudoColorRenderer

    from geomorph_plugin.processing.sfm_layers import measured_elevation_range, style_dem

    path, measured = _flagged_dsm(tmp_path / "dsm.tif")
    expected = np.percentile(measured, [2, 98])
    # Read decimated to ~1024 cells across (this DSM is 1100): a statistic, within 5 cm of the full read.
    assert measured_elevation_range(str(path)) == pytest.approx(expected, abs=0.05)

    layer = QgsRasterLayer(str(path), "dsm")
    # QGIS on its own draws a two-band float raster as RGB from bands 1 and 2.
    assert layer.isValid() and layer.renderer().usesBands() == [1, 2]
    style_dem(layer)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer) and renderer.inputBand() == 1
    assert (renderer.classificationMin(), renderer.classificationMax()) == pytest.approx(expected, abs=0.05)
    # All cells would give 90-130 m: the 2 m of measured ground in one colour.
    assert renderer.classificationMax() - renderer.classificationMin() < 2.1
    # The legend reads in metres with centimetres.
    legend = renderer.shader().rasterShaderFunction().legendSettings()
    assert legend.suffix() == " m"
    assert legend.numericFormat().formatDouble(148.007004, QgsNumericFormatContext()) == "148.01"

    # With overviews (averaged flags), GDAL reads the one closest to the size asked.
    ds = gdal.Open(str(path), gdal.GA_Update)
    ds.BuildOverviews("AVERAGE", [2, 4])
    ds = None
    assert measured_elevation_range(str(path)) == pytest.approx(expected, abs=0.05)


def test_dsm_without_a_flag_band_keeps_its_min_max_ramp(qgis_app, tmp_path):
    from qgis.core import QgsRasterLayer

    from geomorph_plugin.processing.sfm_layers import measured_elevation_range, style_dem

    z = np.linspace(180.0, 190.0, 40 * 50, dtype=np.float32).reshape(1, 40, 50)
    path = write_raster(tmp_path / "colmap_dsm.tif", z, res=0.05, epsg=32615)
    assert measured_elevation_range(str(path)) is None
    assert measured_elevation_range(str(tmp_path / "missing.tif")) is None
    layer = QgsRasterLayer(str(path), "dsm")
    style_dem(layer)
    assert (layer.renderer().classificationMin(), layer.renderer().classificationMax()) == pytest.approx((180, 190))


def _green_copc(tmp_path):
    from geomorph_plugin.remote import pointcloud

    rng = np.random.default_rng(2)
    n = 40000
    xyz = np.column_stack([rng.uniform(563000, 563020, n), rng.uniform(5187080, 5187100, n), rng.uniform(180, 182, n)])
    rgb = np.tile(np.array([[40, 150, 60]], np.uint8), (n, 1))  # grass green
    las = tmp_path / "pointcloud_dense.las"
    pointcloud.write_las(las, xyz, rgb, 32615)
    copc = tmp_path / "pointcloud_dense.copc.laz"
    reason = pointcloud.write_copc(las, copc, 32615)  # copclib in a child Python, never in this process
    if reason:
        pytest.skip(f"no COPC writer here: {reason}")
    return copc


def test_point_cloud_colours_are_stretched_from_16_bit(qgis_app, tmp_path):
    """The nodes write LAS colours 0-65535; unstretched, QGIS clamps them all to 255 (a white cloud)."""
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    from geomorph_plugin.processing.sfm_layers import load_pointcloud_layer

    copc = _green_copc(tmp_path)

    layer = load_pointcloud_layer(copc, "cloud", "EPSG:32615")
    assert layer.isValid() and layer.renderer().type() == "rgb"
    assert layer.renderer().redContrastEnhancement().maximumValue() == 65535

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(120, 120))
    settings.setBackgroundColor(QColor(0, 0, 0))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    colours = {}
    for y in range(10, 110, 5):
        for x in range(10, 110, 5):
            c = image.pixelColor(x, y)
            colours[(c.red(), c.green(), c.blue())] = colours.get((c.red(), c.green(), c.blue()), 0) + 1
    drawn = {c: k for c, k in colours.items() if c != (0, 0, 0)}
    assert drawn, "the cloud was not drawn"
    (top, _count), = sorted(drawn.items(), key=lambda item: -item[1])[:1]
    assert top == pytest.approx((40, 150, 60), abs=2), f"points drawn as {top}, not their colour"


def _fine_layer(tmp_path, res):
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(str(write_raster(tmp_path / f"ortho_{res}.tif", np.zeros((3, 50, 50), np.uint8), res=res,
                                            epsg=32615)), f"ortho {res}")
    assert layer.isValid()
    return layer


def test_the_dialog_warns_when_the_bundled_model_meets_drone_imagery(qgis_app, tmp_path):
    from geomorph_plugin.gui.classify_action import bundled_model_hint

    drone = _fine_layer(tmp_path, 0.016)
    hint = bundled_model_hint(drone, ["brighton-beach-demo"])
    assert "1.6 cm pixels" in hint and "640 m" in hint and hint.endswith("brighton-beach-demo.")
    assert "Train a land-cover model on the cluster" in bundled_model_hint(drone, [])
    assert bundled_model_hint(_fine_layer(tmp_path, 10.0), []) is None  # satellite scale: nothing to say


def test_the_right_click_dialog_shows_the_hint_whole(provider, qgis_iface, tmp_path, monkeypatch):
    from qgis.core import QgsProject
    from qgis.gui import QgsBrowserGuiModel
    from qgis.PyQt.QtWidgets import QLabel

    from geomorph_plugin.gui.classify_action import ClassifyLandCoverAction

    browser = QgsBrowserGuiModel()  # Processing's dialog asks the iface for it; the stub has none
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: browser, raising=False)
    layer = _fine_layer(tmp_path, 0.02)
    QgsProject.instance().addMapLayer(layer)
    action = ClassifyLandCoverAction(qgis_iface)
    try:
        dialog = action.open_dialog(layer)
        bar = dialog.messageBar()
        texts = [w.text() for item in bar.items() for w in item.findChildren(QLabel) if w.wordWrap()]
        assert any("2 cm pixels" in t and "10 m satellite imagery" in t for t in texts), texts
        dialog.close()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_jobs_panel_opens_only_for_someone_with_jobs(qgis_iface, tmp_path):
    from geomorph_plugin.cluster.registry import JobRegistry
    from geomorph_plugin.gui.jobs_panel import JobsPanel

    registry = JobRegistry(tmp_path / "jobs")
    panel = JobsPanel(qgis_iface, registry_root=registry.root)
    panel.add()
    try:
        assert not panel.dock.isVisibleTo(qgis_iface.mainWindow())  # a user who only classifies
    finally:
        panel.remove()
    registry.new_job("cluster-a", "/data/photos", "/data/out", job_id="20260101-120000-aaaaaa")
    panel = JobsPanel(qgis_iface, registry_root=registry.root)
    panel.add()
    try:
        assert panel.dock.isVisibleTo(qgis_iface.mainWindow())
    finally:
        panel.remove()


def test_the_orthomosaic_loads_above_the_point_cloud(provider, tmp_path):
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from geomorph_plugin.processing.sfm_layers import add_result_layers

    copc = _green_copc(tmp_path)
    ortho = write_raster(tmp_path / "orthomosaic.tif", np.full((3, 40, 40), 90, np.uint8), res=0.5, epsg=32615,
                         origin=(563000.0, 5187100.0))
    dsm_path, _ = _flagged_dsm(tmp_path / "dsm.tif", 60, 40)
    project = QgsProject.instance()
    project.removeAllMapLayers()
    context = QgsProcessingContext()
    context.setProject(project)
    add_result_layers(context, {"ortho": ortho, "dsm": dsm_path, "pointcloud_copc": copc}, "job1", "EPSG:32615")
    try:
        assert handleAlgorithmResults(provider.algorithm("fetchsfmresults"), context, QgsProcessingFeedback(), {})
        group = project.layerTreeRoot().findGroup("SfM job1")
        assert [node.name() for node in group.findLayers()] == ["job1 orthomosaic", "job1 point cloud", "job1 DSM"]
    finally:
        project.removeAllMapLayers()


def test_report_names_the_full_size_gsd_only_when_the_photos_were_downscaled():
    import json
    from pathlib import Path

    from geomorph_plugin.sfm.report import result_rows

    # The summary of the full-size MicMac brighton run (result.json), trimmed.
    full = json.loads(Path(__file__).with_name("data").joinpath("brighton_micmac_fullsize_result.json").read_text())
    labels = [label for label, _ in result_rows(full)]
    assert "GSD of the photos" in labels and "GSD of the photos at full size" not in labels
    downscaled = dict(full, gsd=0.0254)  # the same photos at 1000 px
    rows = dict(result_rows(downscaled))
    assert rows["GSD of the photos"] == "2.5 cm" and rows["GSD of the photos at full size"] == "1.6 cm"


def test_the_dsm_carries_its_style_for_the_browser(qgis_app, tmp_path):
    """Opened from the Browser or dragged in, the DSM shows elevation (band 1), not bands 1 and 2 as colours."""
    from qgis.core import QgsRasterLayer

    from geomorph_plugin.processing.sfm_layers import write_dem_style_file

    dsm, _measured = _flagged_dsm(tmp_path / "dsm.tif")
    qml = write_dem_style_file(dsm)
    assert qml == tmp_path / "dsm.qml"
    layer = QgsRasterLayer(str(dsm), "dragged in", "gdal")
    assert layer.renderer().type() == "singlebandpseudocolor" and layer.renderer().band() == 1
    # The user's own style file is never replaced.
    qml.write_text("<qgis/>")
    assert write_dem_style_file(dsm) is None
    assert qml.read_text() == "<qgis/>"
