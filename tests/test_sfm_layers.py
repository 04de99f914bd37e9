"""SfM products as styled layers: ortho RGB, DSM colour ramp + hillshade, COPC point cloud."""

from __future__ import annotations

import numpy as np
import pytest

from tests.copc_nodes import node_copc


def _geotiff(path, array, epsg=32615, origin=(563000.0, 5187100.0), res=0.1):
    from osgeo import gdal, osr

    bands = array.shape[0]
    dtype = gdal.GDT_Byte if array.dtype == np.uint8 else gdal.GDT_Float32
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[2], array.shape[1], bands, dtype)
    ds.SetGeoTransform((origin[0], res, 0, origin[1], 0, -res))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    for i in range(bands):
        ds.GetRasterBand(i + 1).WriteArray(array[i])
    ds = None
    return path


def _ply(path, xyz, rgb):
    header = ("ply\nformat binary_little_endian 1.0\nelement vertex {n}\nproperty double x\nproperty double y\n"
              "property double z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n")
    rec = np.zeros(len(xyz), dtype=[("x", "<f8"), ("y", "<f8"), ("z", "<f8"), ("r", "u1"), ("g", "u1"), ("b", "u1")])
    rec["x"], rec["y"], rec["z"] = xyz.T
    rec["r"], rec["g"], rec["b"] = rgb.T
    with open(path, "wb") as f:
        f.write(header.format(n=len(xyz)).encode())
        f.write(rec.tobytes())
    return path


@pytest.fixture
def cloud(tmp_path):
    rng = np.random.default_rng(7)
    n = 60000
    xyz = np.column_stack([rng.uniform(563000, 563040, n), rng.uniform(5187060, 5187100, n), rng.uniform(180, 195, n)])
    rgb = rng.integers(0, 256, (n, 3)).astype(np.uint8)
    return _ply(tmp_path / "pointcloud_sparse.ply", xyz, rgb), xyz, rgb


@pytest.mark.cluster
def test_products_load_styled_through_the_processing_context(provider, qgis_app, cloud, tmp_path):
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import (
        QgsMultiBandColorRenderer,
        QgsPointCloudRgbRenderer,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProject,
        QgsSingleBandGrayRenderer,
        QgsSingleBandPseudoColorRenderer,
    )

    from geomorph_plugin.processing.sfm_layers import add_result_layers

    rng = np.random.default_rng(3)
    ortho = _geotiff(tmp_path / "orthomosaic.tif", rng.integers(0, 256, (4, 60, 80)).astype(np.uint8))
    yy, xx = np.mgrid[0:60, 0:80]
    dsm = _geotiff(tmp_path / "dsm.tif", (180 + 0.2 * xx + 0.1 * yy)[None].astype(np.float32))
    copc = node_copc(tmp_path / "pointcloud_sparse.copc.laz", cloud[1], cloud[2])
    from geomorph_plugin.sfm.products import write_hillshade

    hillshade = write_hillshade(dsm)
    assert hillshade.name == "dsm_hillshade.tif"

    project = QgsProject.instance()
    project.removeAllMapLayers()
    context = QgsProcessingContext()
    context.setProject(project)
    queued = add_result_layers(context, {"ortho": ortho, "dsm": dsm, "hillshade": hillshade,
                                           "pointcloud_copc": copc}, "job1", "EPSG:32615")
    assert len(queued) == 4
    assert len(context.layersToLoadOnCompletion()) == 4

    alg = provider.algorithm("fetchsfmresults")
    assert handleAlgorithmResults(alg, context, QgsProcessingFeedback(), {})
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    assert sorted(layers) == ["job1 DSM", "job1 hillshade", "job1 orthomosaic", "job1 point cloud"]
    assert isinstance(layers["job1 orthomosaic"].renderer(), QgsMultiBandColorRenderer)
    assert layers["job1 orthomosaic"].renderer().alphaBand() == 4
    dem_renderer = layers["job1 DSM"].renderer()
    assert isinstance(dem_renderer, QgsSingleBandPseudoColorRenderer)
    assert dem_renderer.classificationMin() == pytest.approx(180.0)
    assert dem_renderer.classificationMax() == pytest.approx(180 + 0.2 * 79 + 0.1 * 59, abs=1e-3)
    assert isinstance(layers["job1 hillshade"].renderer(), QgsSingleBandGrayRenderer)
    assert layers["job1 hillshade"].source() == str(hillshade)
    cloud_layer = layers["job1 point cloud"]
    assert cloud_layer.isValid() and cloud_layer.crs().authid() == "EPSG:32615"
    assert isinstance(cloud_layer.renderer(), QgsPointCloudRgbRenderer)
    group = project.layerTreeRoot().findGroup("SfM job1")
    assert group is not None and len(group.findLayers()) == 4
    project.removeAllMapLayers()
