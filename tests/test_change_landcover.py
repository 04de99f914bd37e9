"""geomorph:landcoverchange on two class rasters with a known swap of classes, numbered differently in
each raster: classes matched by name, the transition matrix in hectares, gains, losses, persistence."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from tests.change_data import X0, Y0, write


def _run(params):
    import processing

    return processing.run("geomorph:landcoverchange", params, context=QgsProcessingContext(),
                          feedback=QgsProcessingFeedback())


def _rasters(tmp_path, with_rat=False):
    # Before (values: 0 crops, 1 forest, 2 water): crops left, forest right, water along the bottom.
    a = np.zeros((100, 120), np.uint8)
    a[:, 60:] = 1
    a[80:, :] = 2
    # After, numbered differently (0 water, 1 Forest, 2 crops, 3 residential): crops and forest swapped in
    # the top 40 rows, residential built on 10 rows of water, and nodata in one corner.
    b = np.where(a == 0, 2, np.where(a == 1, 1, 0)).astype(np.uint8)
    b[:40, :60] = 1
    b[:40, 60:] = 2
    b[90:, :] = 3
    b[:5, :5] = 255
    before = write(tmp_path / "before.tif", a, X0, Y0, 5.0, nodata=255, names=["crops", "forest", "water"], dtype=1)
    after = write(tmp_path / "after.tif", b, X0, Y0, 5.0, nodata=255,
                  names=None if with_rat else ["water", "Forest", "crops", "residential"], dtype=1)
    if with_rat:
        ds = gdal.Open(str(after))
        rat = gdal.RasterAttributeTable()
        rat.CreateColumn("Value", gdal.GFT_Integer, gdal.GFU_MinMax)
        rat.CreateColumn("Class", gdal.GFT_String, gdal.GFU_Name)
        for i, name in enumerate(["water", "Forest", "crops", "residential"]):
            rat.SetValueAsInt(i, 0, i)
            rat.SetValueAsString(i, 1, name)
        ds.GetRasterBand(1).SetDefaultRAT(rat)
        ds = None
    return before, after


@pytest.mark.parametrize("with_rat", [False, True])
def test_known_swap(provider, tmp_path, with_rat):
    before, after = _rasters(tmp_path, with_rat)
    out = tmp_path / "change.tif"
    _run({"BEFORE": str(before), "AFTER": str(after), "OUTPUT": str(out), "OUTPUT_REPORT": str(tmp_path / "c.html"),
          "OUTPUT_CSV": str(tmp_path / "c.csv")})
    cell_ha = 25 / 10000
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as handle:
        rows = {r["class"]: r for r in csv.DictReader(handle)}
    assert list(rows) == ["crops", "forest", "water", "residential"]
    # crops: 80 rows x 60 cols before; 40 rows became forest; the 5x5 corner is nodata after.
    assert float(rows["crops"]["to forest (ha)"]) == pytest.approx((40 * 60 - 25) * cell_ha)
    assert float(rows["forest"]["to crops (ha)"]) == pytest.approx(40 * 60 * cell_ha)
    assert float(rows["crops"]["persistence_ha"]) == pytest.approx(40 * 60 * cell_ha)
    assert float(rows["forest"]["persistence_ha"]) == pytest.approx(40 * 60 * cell_ha)
    assert float(rows["water"]["to residential (ha)"]) == pytest.approx(10 * 120 * cell_ha)
    assert float(rows["residential"]["gain_ha"]) == pytest.approx(10 * 120 * cell_ha)
    assert float(rows["residential"]["before_ha"]) == 0
    assert float(rows["water"]["loss_ha"]) == pytest.approx(10 * 120 * cell_ha)
    assert float(rows["crops"]["before_ha"]) == pytest.approx((80 * 60 - 25) * cell_ha)
    ds = gdal.Open(str(out))
    assert gdal.Info(ds, format="json")["metadata"]["IMAGE_STRUCTURE"]["LAYOUT"] == "COG"
    ds.GetMetadata()  # GDAL 3.6 loads the .aux.xml only then
    band = ds.GetRasterBand(1)
    names = band.GetCategoryNames()
    data = band.ReadAsArray()
    assert names[data[50, 10]] == "crops (unchanged)"
    assert names[data[10, 10]] == "crops → forest"
    assert names[data[10, 100]] == "forest → crops"
    assert names[data[95, 100]] == "water → residential"
    assert data[0, 0] == band.GetNoDataValue()
    assert band.GetDefaultRAT().GetRowCount() == 16
    html = (tmp_path / "c.html").read_text()
    assert "Transition matrix" in html and "residential" in html
    assert not list(tmp_path.glob("*.part*"))
