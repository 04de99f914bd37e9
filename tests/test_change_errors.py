"""The change algorithms refuse bad input with a message naming the problem and the fix, and leave
nothing half-written: DEMs that do not overlap, geographic CRSs, nodata everywhere on stable ground,
a mask with no stable cell, class rasters without names, a cancelled run. A different CRS is
reprojected, and the log says so."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

from tests.change_data import X0, Y0, survey_pair, write
from tests.feedback_log import LogFeedback


def _run(alg, params, feedback=None):
    import processing

    return processing.run(alg, params, context=QgsProcessingContext(), feedback=feedback or QgsProcessingFeedback())


def _fails(alg, params, *fragments, feedback=None):
    with pytest.raises(QgsProcessingException) as info:
        _run(alg, params, feedback)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def _nothing_left(folder):
    left = [p.name for p in folder.iterdir() if p.name.startswith("out")]
    assert left == [], left


@pytest.fixture
def pair(tmp_path):
    return survey_pair(tmp_path / "in", n=120, sigma=0.05, shift=(0.5, 0.5), dz=0.1)


def _dod(pair, tmp_path, **extra):
    return {"DEM_NEW": str(pair["new"]), "DEM_OLD": str(pair["old"]), "OUTPUT": str(tmp_path / "out.tif"),
            "OUTPUT_REPORT": str(tmp_path / "out.html"), "OUTPUT_CSV": str(tmp_path / "out.csv"), **extra}


def _coreg(pair, tmp_path, **extra):
    return {"REFERENCE": str(pair["old"]), "DEM": str(pair["new"]), "OUTPUT": str(tmp_path / "out.tif"),
            "OUTPUT_REPORT": str(tmp_path / "out.html"), **extra}


def test_dems_that_do_not_overlap(provider, tmp_path, pair):
    far = write(tmp_path / "in" / "far.tif", np.ones((50, 50), np.float32), X0 + 10000, Y0, 1.0)
    for alg, params in (("geomorph:demofdifference", _dod(pair, tmp_path, DEM_NEW=str(far))),
                        ("geomorph:coregisterdem", _coreg(pair, tmp_path, DEM=str(far)))):
        _fails(alg, params, "do not overlap", "same place")
        _nothing_left(tmp_path)
    classes = write(tmp_path / "in" / "far_classes.tif", np.zeros((50, 50), np.uint8), X0 + 10000, Y0, 1.0,
                    nodata=255, names=["a"], dtype=1)
    _fails("geomorph:landcoverchange", {"BEFORE": str(pair["zones"]), "AFTER": str(classes),
                                        "OUTPUT": str(tmp_path / "out.tif")}, "do not overlap")
    _nothing_left(tmp_path)


def test_geographic_crs(provider, tmp_path, pair):
    lonlat = write(tmp_path / "in" / "lonlat.tif", np.ones((50, 50), np.float32), 15.0, 41.0, 0.0001, epsg=4326)
    for alg, params in (("geomorph:demofdifference", _dod(pair, tmp_path, DEM_OLD=str(lonlat))),
                        ("geomorph:coregisterdem", _coreg(pair, tmp_path, REFERENCE=str(lonlat)))):
        _fails(alg, params, "geographic CRS", "Reproject", "UTM")
        _nothing_left(tmp_path)


def test_other_crs_is_reprojected_and_said(provider, tmp_path, pair):
    moved = tmp_path / "in" / "new_3035.tif"
    gdal.Warp(str(moved), gdal.Open(str(pair["new"])), dstSRS="EPSG:3035", xRes=1.0, yRes=1.0)
    feedback = LogFeedback()
    _run("geomorph:demofdifference", _dod(pair, tmp_path, DEM_NEW=str(moved)), feedback)
    assert any("reprojected onto the grid of" in line for line in feedback.lines), feedback.lines
    assert gdal.Open(str(tmp_path / "out.tif")).GetProjection() == gdal.Open(str(pair["old"])).GetProjection()


def test_nodata_everywhere_on_stable_ground(provider, tmp_path, pair):
    ds = gdal.Open(str(pair["new"]), gdal.GA_Update)
    data = ds.ReadAsArray()
    zones = gdal.Open(str(pair["zones"])).ReadAsArray()
    data[zones == 0] = -9999  # the new survey has data only in the changed zones
    ds.GetRasterBand(1).WriteArray(data)
    ds = None
    _fails("geomorph:coregisterdem", _coreg(pair, tmp_path, STABLE_RASTER=str(pair["zones"]),
                                            STABLE_CLASSES="terrain"), "nodata on stable ground")
    _nothing_left(tmp_path)


def test_mask_with_no_stable_cell(provider, tmp_path, pair):
    empty = write(tmp_path / "in" / "classes.tif", np.full((120, 120), 2, np.uint8), X0, Y0, 1.0, nodata=255,
                  names=["road", "river", "trees"], dtype=1)
    _fails("geomorph:coregisterdem", _coreg(pair, tmp_path, STABLE_RASTER=str(empty), STABLE_CLASSES="road"),
           "no stable cell", "Choose polygons or classes")
    _nothing_left(tmp_path)
    _fails("geomorph:coregisterdem", _coreg(pair, tmp_path, STABLE_RASTER=str(empty), STABLE_CLASSES="car park"),
           "car park", "road, river, trees")
    _fails("geomorph:coregisterdem", _coreg(pair, tmp_path, STABLE_RASTER=str(empty)), "no classes to keep")
    _nothing_left(tmp_path)


def test_class_rasters_with_no_names(provider, tmp_path, pair):
    unnamed = write(tmp_path / "in" / "unnamed.tif", np.zeros((120, 120), np.uint8), X0, Y0, 1.0, nodata=255,
                    dtype=1)
    params = {"BEFORE": str(pair["zones"]), "AFTER": str(unnamed), "OUTPUT": str(tmp_path / "out.tif"),
              "OUTPUT_REPORT": str(tmp_path / "out.html")}
    _fails("geomorph:landcoverchange", params, "unnamed.tif", "no class names", "Classify land cover")
    _nothing_left(tmp_path)


def test_uncertainty_from_coregistration_needs_an_aligned_dem(provider, tmp_path, pair):
    _fails("geomorph:demofdifference", _dod(pair, tmp_path, SIGMA_NEW_SOURCE=2),
           "co-registration statistics", "Co-register DEMs")
    _fails("geomorph:demofdifference", _dod(pair, tmp_path, SIGMA_OLD_SOURCE=1), "no raster was given")
    _nothing_left(tmp_path)


def test_cancel_leaves_nothing(provider, tmp_path, pair):
    _fails("geomorph:demofdifference", _dod(pair, tmp_path), "Cancelled", feedback=LogFeedback(cancel_at=0))
    _nothing_left(tmp_path)
    _fails("geomorph:coregisterdem", _coreg(pair, tmp_path), "Cancelled", feedback=LogFeedback(cancel_at=30))
    _nothing_left(tmp_path)


def test_output_must_be_a_geotiff(provider, tmp_path, pair):
    _fails("geomorph:demofdifference", _dod(pair, tmp_path, OUTPUT=str(tmp_path / "out.img")), "GeoTIFF (.tif)")
    _nothing_left(tmp_path)
