"""End to end with the MicMac engine: geomorph:runsfm on the 18 brighton_beach photos, ENGINE=Auto
on the test cluster (no GPU nodes, so Auto must pick MicMac and give a dense DSM)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

pytestmark = [pytest.mark.cluster, pytest.mark.slow, pytest.mark.micmac]

# 92.1% on 2026-12-03 with both fill passes (89.9% with the first alone, 66% without; one tile
# needed none)
COVERAGE_1000PX = 0.90


def test_runsfm_auto_is_micmac_dense_on_cpu_nodes(
        provider, saved_profile, micmac_nodes, shared_data, tmp_path, cluster_session):  # noqa: F811 - a fixture
    import processing
    from osgeo import gdal, osr
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsPointCloudLayer, QgsProcessingContext, QgsProject

    from geomorph_plugin.processing.sfm_common import registry
    from tests.feedback_log import LogFeedback

    assert not saved_profile.has_gpu
    saved_profile.extra = {**saved_profile.extra, "tile_count": 4}
    from geomorph_plugin.cluster.profiles import save_profile

    save_profile(saved_profile)
    project = QgsProject.instance()
    project.removeAllMapLayers()
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = LogFeedback()
    result = processing.run("geomorph:runsfm", {
        "PROFILE": saved_profile.name, "PHOTOS": str(shared_data / "brighton_beach" / "images"), "CHUNK_SIZE": 40,
        "MAX_IMAGE_SIZE": 1000, "OUTPUT_FOLDER": str(tmp_path / "results")}, context=context, feedback=feedback)
    job = registry().get(result["JOB_ID"])
    try:
        assert job.state == "fetched"
        log = "\n".join(feedback.lines)
        assert "MicMac" in log and "no GPU" in log
        summary = json.loads((tmp_path / "results" / "result.json").read_text())
        assert summary["engine"] == "micmac"
        assert summary["images_registered"] == summary["images_total"] == 18
        # Four Malt tiles ran as four nodes, each with its vegetation fill beside it.
        assert len(job.extra["nodes_by_step"]["malt"]) == 4
        assert len(job.extra["nodes_by_step"]["pims"]) == 4
        assert len(job.extra["nodes_by_step"]["cross"]) == 4  # the pass across the flight lines

        dsm = gdal.Open(result["OUTPUT_DEM"])
        assert osr.SpatialReference(wkt=dsm.GetProjection()).GetAuthorityCode(None) == "32615"
        meta = dsm.GetMetadata()
        assert meta["GEOMORPH_ENGINE"] == "micmac"
        # Dense: Malt's ZoomF 2, twice the ortho's cell, which is the photos' GSD at this size (within 20%).
        res = dsm.GetGeoTransform()[1]
        assert abs(res - 2 * summary["ortho_resolution"]) < 1e-6
        assert float(meta["GEOMORPH_DSM_GSD_M"]) == pytest.approx(res)
        assert summary["ortho_resolution"] == pytest.approx(summary["gsd"], rel=0.2)
        # Band 2 says which cells were matched; most of the footprint is, and the surface agrees
        # with the bundle-adjusted tie points.
        assert dsm.RasterCount == 2
        measured = dsm.GetRasterBand(2).ReadAsArray()
        nodata = dsm.GetRasterBand(2).GetNoDataValue()
        assert set(measured.ravel().tolist()) == {0, 1, nodata}  # matched, interpolated, no photo there
        # At 1000 px Malt alone matches about two thirds of the footprint (the tree rows are
        # interpolated: 66% measured on 2026-12-02); PIMs Forest fills most of the rest, the pass
        # across the flight lines some more. The full-size figure is in docs/benchmarks.md.
        assert summary["pims_filled_m2"] > 0
        print(f"coverage {summary['dsm_coverage']:.4f}, filled {summary['pims_filled_m2']:.0f} m2, of which across "
              f"the flight lines {summary['cross_filled_m2']:.0f} m2")
        assert 0 < summary["cross_filled_m2"] < summary["pims_filled_m2"]
        assert summary["dsm_coverage"] >= COVERAGE_1000PX
        assert summary["dsm_tiepoint_median_abs_m"] <= 0.10
        elevation = dsm.GetRasterBand(1).ReadAsArray()
        assert elevation[measured == 1].std() > 0.05  # not a flat facet
        dsm = None

        cloud = Path(result["OUTPUT_POINTCLOUD"])
        assert cloud.name == "pointcloud_dense.copc.laz"
        layer = QgsPointCloudLayer(str(cloud), "cloud", "copc")
        assert layer.isValid() and layer.pointCount() > 100_000

        report = Path(result["OUTPUT_REPORT"]).read_text()
        assert "</span>malt</td>" in report and "</span>tapas</td>" in report
        assert "DSM matched (not interpolated)" in report and "vegetation fill (PIMs Forest)" in report

        assert handleAlgorithmResults(provider.algorithm("runsfm"), context, feedback, {})
        loaded = {lyr.name(): lyr for lyr in project.mapLayers().values()}
        assert sorted(loaded) == sorted(f"{job.id} {n}" for n in ("orthomosaic", "DSM", "hillshade", "point cloud"))
        assert all(lyr.isValid() for lyr in loaded.values())
    finally:
        project.removeAllMapLayers()
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)
        registry().delete(job.id)
