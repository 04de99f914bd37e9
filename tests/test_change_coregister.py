"""geomorph:coregisterdem on synthetic surveys with a known misregistration: the shift comes back within
0.1 pixel and 1 cm, the aligned DEM carries its statistics, the report shows them."""

from __future__ import annotations

import json

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from tests.change_data import X0, Y0, cell_centres, survey_pair, terrain, write
from tests.feedback_log import LogFeedback


def _run(alg, params, feedback=None):
    import processing

    return processing.run(alg, params, context=QgsProcessingContext(), feedback=feedback or QgsProcessingFeedback())


@pytest.mark.parametrize("shift,dz,res", [((1.37, -0.62), 0.8, 1.0), ((-0.43, 0.91), -1.25, 0.5)])
def test_recovers_known_shift(provider, tmp_path, shift, dz, res):
    pair = survey_pair(tmp_path, n=400, res=res, sigma=0.05, shift=shift, dz=dz, seed=3)
    out = tmp_path / "aligned.tif"
    feedback = LogFeedback()
    result = _run("geomorph:coregisterdem", {
        "REFERENCE": str(pair["old"]), "DEM": str(pair["new"]), "STABLE_RASTER": str(pair["zones"]),
        "STABLE_CLASSES": "terrain", "OUTPUT": str(out), "OUTPUT_REPORT": str(tmp_path / "coreg.html")}, feedback)
    # The new survey shows the ground displaced by `shift`: the correction applied is its opposite.
    assert abs(result["DX"] + shift[0]) < 0.1 * res, result
    assert abs(result["DY"] + shift[1]) < 0.1 * res, result
    assert abs(result["DZ"] + dz) < 0.01, result
    assert result["NMAD_BEFORE"] > 0.2
    # After alignment dh is the two noises (sigma 0.05 each; the resampled one is smoothed a little).
    assert 0.05 < result["NMAD_AFTER"] < 0.075
    assert abs(result["MEDIAN_AFTER"]) < 0.005
    ds = gdal.Open(str(out))
    assert gdal.Info(ds, format="json")["metadata"]["IMAGE_STRUCTURE"]["LAYOUT"] == "COG"
    meta = ds.GetMetadata()
    assert float(meta["GEOMORPH_COREG_NMAD_AFTER"]) == pytest.approx(result["NMAD_AFTER"], rel=1e-4)
    # Same CRS: the cells are the input's own, moved by the shift (no resampling).
    gt = ds.GetGeoTransform()
    assert gt[0] == pytest.approx(X0 + result["DX"]) and gt[3] == pytest.approx(Y0 + result["DY"])
    src = gdal.Open(str(pair["new"])).ReadAsArray()
    assert np.allclose(ds.ReadAsArray(), src + np.float32(result["DZ"]), atol=1e-4)
    html = (tmp_path / "coreg.html").read_text()
    assert html.count("<svg") == 2 and "NMAD" in html
    assert not list(tmp_path.glob("*.part*"))


def test_tilt_is_removed(provider, tmp_path):
    pair = survey_pair(tmp_path, n=300, sigma=0.03, shift=(0.6, 0.3), dz=0.0, seed=5)
    # Tilt the new survey by 1 cm per 10 m towards the east and 0.5 cm per 10 m towards the north.
    ds = gdal.Open(str(pair["new"]), gdal.GA_Update)
    x, y = cell_centres(300, 1.0)
    tilt = 0.001 * (x - x.mean()) + 0.0005 * (y - y.mean())
    ds.GetRasterBand(1).WriteArray((ds.ReadAsArray() + tilt).astype(np.float32))
    ds = None
    out = tmp_path / "aligned.tif"
    result = _run("geomorph:coregisterdem", {
        "REFERENCE": str(pair["old"]), "DEM": str(pair["new"]), "STABLE_RASTER": str(pair["zones"]),
        "STABLE_CLASSES": "0", "TILT": True, "OUTPUT": str(out)})
    assert abs(result["DX"] + 0.6) < 0.1 and abs(result["DY"] + 0.3) < 0.1
    meta = gdal.Open(str(out)).GetMetadata()
    assert float(meta["GEOMORPH_COREG_TILT_X"]) == pytest.approx(-0.001, abs=1e-4)
    assert float(meta["GEOMORPH_COREG_TILT_Y"]) == pytest.approx(-0.0005, abs=1e-4)
    assert result["NMAD_AFTER"] < 0.05


def test_other_crs_is_reprojected_and_said(provider, tmp_path):
    pair = survey_pair(tmp_path, n=300, sigma=0.02, shift=(0.8, -0.5), dz=0.3, seed=7)
    # The same new survey in ETRS89 / UTM 33N (EPSG:25833): metres off WGS 84 / UTM 33N by far less than a cell.
    moved = tmp_path / "new_25833.tif"
    src = gdal.Open(str(pair["new"]))
    gdal.Warp(str(moved), src, dstSRS="EPSG:25833", resampleAlg="bilinear", xRes=1.0, yRes=1.0)
    feedback = LogFeedback()
    out = tmp_path / "aligned.tif"
    result = _run("geomorph:coregisterdem", {
        "REFERENCE": str(pair["old"]), "DEM": str(moved), "STABLE_RASTER": str(pair["zones"]),
        "STABLE_CLASSES": "terrain", "OUTPUT": str(out)}, feedback)
    assert any("reprojected" in line for line in feedback.lines), feedback.lines
    assert abs(result["DX"] + 0.8) < 0.15 and abs(result["DY"] - 0.5) < 0.15 and abs(result["DZ"] + 0.3) < 0.01
    ds = gdal.Open(str(out))
    assert osr.SpatialReference(wkt=ds.GetProjection()).GetAuthorityCode(None) == "32633"


def test_flat_stable_ground_corrects_only_the_bias(tmp_path):
    from geomorph_plugin.change.coregister import CoregRequest, coregister

    # A car park: no slope anywhere, so no horizontal shift can be measured on it.
    rng = np.random.default_rng(0)
    a = write(tmp_path / "a.tif", (10 + rng.normal(0, 1e-5, (200, 200))).astype(np.float32), X0, Y0, 1.0)
    b = write(tmp_path / "b.tif", (10.4 + rng.normal(0, 1e-5, (200, 200))).astype(np.float32), X0, Y0, 1.0)
    result = coregister(CoregRequest(str(a), str(b), tmp_path / "out.tif"))
    assert result.dx == 0 and result.dy == 0 and result.dz == pytest.approx(-0.4, abs=0.005)


def test_coregistration_report_numbers_are_json_safe(tmp_path):
    from geomorph_plugin.change.coregister import CoregRequest, coregister

    pair = survey_pair(tmp_path, n=200, sigma=0.05, shift=(0.5, 0.5), dz=0.1)
    result = coregister(CoregRequest(str(pair["old"]), str(pair["new"]), tmp_path / "out.tif",
                                     stable_raster=str(pair["zones"]), stable_classes=["terrain"]))
    assert json.loads(json.dumps(result.metadata()))["GEOMORPH_COREG_ITERATIONS"] == str(result.iterations)
    assert np.isfinite(terrain(np.array([X0]), np.array([Y0]))).all()
