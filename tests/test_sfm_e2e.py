"""End to end: geomorph:runsfm on the 18 brighton_beach photos against the local test cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

pytestmark = [pytest.mark.cluster, pytest.mark.slow]


def _bounds_lonlat(path):
    from osgeo import gdal, osr

    ds = gdal.Open(str(path))
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    assert srs.GetAuthorityCode(None) == "32615", f"{path} is not in UTM zone 15N"
    gt = ds.GetGeoTransform()
    corners = [(gt[0], gt[3]), (gt[0] + gt[1] * ds.RasterXSize, gt[3] + gt[5] * ds.RasterYSize)]
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(srs, wgs)
    (lon0, lat0, _), (lon1, lat1, _) = (ct.TransformPoint(x, y) for x, y in corners)
    return min(lon0, lon1), min(lat0, lat1), max(lon0, lon1), max(lat0, lat1), ds.RasterCount


def test_runsfm_brighton_beach(provider, saved_profile, shared_data, tmp_path, cluster_session):  # noqa: F811
    import processing
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsPointCloudLayer, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from geomorph_plugin.processing.sfm_common import registry

    photos = shared_data / "brighton_beach" / "images"
    project = QgsProject.instance()
    project.removeAllMapLayers()
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    result = processing.run("geomorph:runsfm", {
        "PROFILE": saved_profile.name, "PHOTOS": str(photos), "CHUNK_SIZE": 40, "MAX_IMAGE_SIZE": 1000,
        # The COLMAP engine; without GPU nodes on the test cluster, its sparse fast path (MicMac: test_sfm_micmac).
        "ENGINE": 3, "OUTPUT_FOLDER": str(tmp_path / "results")}, context=context, feedback=feedback)
    job = registry().get(result["JOB_ID"])
    try:
        assert job.state == "fetched"
        summary = json.loads((tmp_path / "results" / "result.json").read_text())
        assert summary["images_registered"] == summary["images_total"] == 18
        assert summary["unregistered_photos"] == []

        for key, bands in (("OUTPUT_ORTHO", (3, 4)), ("OUTPUT_DEM", (1,))):
            lon0, lat0, lon1, lat1, count = _bounds_lonlat(result[key])
            assert count in bands
            assert lon0 < -91.99 < lon1 + 0.005 and lat0 - 0.005 < 46.84 < lat1 + 0.005
            assert lon0 > -92.0 and lon1 < -91.98 and lat0 > 46.83 and lat1 < 46.85

        cloud = Path(result["OUTPUT_POINTCLOUD"])
        assert cloud.name.endswith(".copc.laz") and Path(result["OUTPUT_POINTCLOUD_FILE"]).is_file()
        layer = QgsPointCloudLayer(str(cloud), "cloud", "copc")
        assert layer.isValid() and layer.pointCount() > 1000

        report = Path(result["OUTPUT_REPORT"]).read_text()
        assert "<svg" in report and "</span>mapper</td>" in report
        # The result itself, not only the timing: photos registered, engine, surface path, GSDs, GPS residual.
        assert "<tr><th>Photos registered</th><td>18 / 18</td></tr>" in report
        assert summary["engine"] == "colmap"
        assert "<tr><th>Engine</th><td>COLMAP sparse fast path</td></tr>" in report
        assert "Surface path" in report and "DSM GSD" in report and "GPS residual (median)" in report

        # Everything is queued for loading, and loads styled as Processing would do it.
        assert len(context.layersToLoadOnCompletion()) == 4
        assert handleAlgorithmResults(provider.algorithm("runsfm"), context, feedback, {})
        loaded = {lyr.name(): lyr for lyr in project.mapLayers().values()}
        assert sorted(loaded) == sorted(f"{job.id} {n}" for n in ("orthomosaic", "DSM", "hillshade", "point cloud"))
        assert all(lyr.isValid() for lyr in loaded.values())
        assert loaded[f"{job.id} point cloud"].crs().authid() == "EPSG:32615"
    finally:
        project.removeAllMapLayers()
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)
        registry().delete(job.id)
