"""geomorph:stratifiedsample and geomorph:assessaccuracy on a synthetic class raster with known areas:
a stratified sample of the planned size whose points carry the map class of their cell, a confusion
matrix from reference polygons with a known error pattern, area-adjusted estimates from labelled
points checked against hand formulas, and bad input."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsVectorLayer

from geomorph_plugin.accuracy.assessment import AssessmentRequest, assess
from geomorph_plugin.accuracy.sampling import stratified_sample
from geomorph_plugin.errors import GeomorphError
from tests.change_data import X0, Y0, write

RES = 5.0
NAMES = ["Water", "Grass", "Sand"]


def class_map() -> np.ndarray:
    # 100 x 120 cells: water left, grass right, sand along the bottom 20 rows; a nodata corner.
    m = np.zeros((100, 120), np.uint8)
    m[:, 60:] = 1
    m[80:, :] = 2
    m[:4, 116:] = 255
    return m


def make_map(tmp_path, names=NAMES):
    return write(tmp_path / "classes.tif", class_map(), X0, Y0, RES, nodata=255, names=names, dtype=gdal.GDT_Byte)


def _srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def write_vector(path, rows, kind, epsg=32633):
    """``rows``: (geometry WKT in EPSG:32633, class) written in ``epsg``."""
    vector = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = vector.CreateLayer("reference", _srs(epsg), kind)
    layer.CreateField(ogr.FieldDefn("truth", ogr.OFTString))
    move = None if epsg == 32633 else osr.CoordinateTransformation(_srs(32633), _srs(epsg))
    for wkt, name in rows:
        geometry = ogr.CreateGeometryFromWkt(wkt)
        if move is not None:
            geometry.Transform(move)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("truth", name)
        feature.SetGeometry(geometry)
        layer.CreateFeature(feature)
    vector = None
    return str(path)


def cells(c0, r0, c1, r1):
    a, b, c, d = X0 + c0 * RES, Y0 - r0 * RES, X0 + c1 * RES, Y0 - r1 * RES
    return f"POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))"


# Reference polygons in cell coordinates (cols c0-c1, rows r0-r1) and the confusion they make.
POLYGONS = [
    (cells(10, 10, 50, 30), "water"),    # 800 water on water
    (cells(50, 40, 70, 60), "water"),    # 200 water on water, 200 water mapped as grass
    (cells(80, 10, 110, 40), "grass"),   # 900 grass on grass
    (cells(40, 70, 80, 90), "sand"),     # 200 sand mapped water, 200 sand mapped grass, 400 sand on sand
    (cells(0, 85, 20, 95), "grass"),     # 200 grass mapped as sand
    (cells(1000, 1000, 1010, 1010), "sand"),  # far outside the raster
]
EXPECTED = np.array([[1000, 0, 200], [200, 900, 200], [0, 200, 400]])  # rows map, columns reference


def test_polygons_known_confusion_matrix(tmp_path):
    raster = make_map(tmp_path)
    reference = write_vector(tmp_path / "ref.gpkg", POLYGONS, ogr.wkbPolygon)
    result = assess(AssessmentRequest(str(raster), reference, "truth", tmp_path / "a.html", tmp_path / "a.csv",
                                      tmp_path / "m.csv"))
    assert result.classes == NAMES
    np.testing.assert_array_equal(result.counts, EXPECTED)
    total = EXPECTED.sum()
    oa = 2300 / total
    rows, cols = EXPECTED.sum(axis=1), EXPECTED.sum(axis=0)
    pe = (rows * cols).sum() / total ** 2
    assert result.plain.overall == pytest.approx(oa)
    assert result.plain.kappa == pytest.approx((oa - pe) / (1 - pe))
    assert result.plain.users == pytest.approx([1000 / 1200, 900 / 1300, 400 / 600])
    assert result.plain.producers == pytest.approx([1000 / 1200, 900 / 1100, 400 / 800])
    assert result.plain.f1[1] == pytest.approx(2 * 900 / (1300 + 1100))
    assert result.plain.iou[2] == pytest.approx(400 / (600 + 800 - 400))
    assert result.adjusted is None
    assert any("1 reference polygons lie outside" in line for line in result.log)
    with open(tmp_path / "m.csv", newline="", encoding="utf-8") as handle:
        matrix = list(csv.reader(handle))
    assert matrix[0][1:] == NAMES
    assert [[int(v) for v in row[1:]] for row in matrix[1:]] == EXPECTED.tolist()
    with open(tmp_path / "a.csv", newline="", encoding="utf-8") as handle:
        per_class = {r["class"]: r for r in csv.DictReader(handle)}
    assert float(per_class["Grass"]["users_accuracy"]) == pytest.approx(900 / 1300, abs=1e-5)
    assert float(per_class["overall"]["users_accuracy"]) == pytest.approx(oa, abs=1e-5)
    assert float(per_class["overall"]["kappa"]) == pytest.approx(result.plain.kappa, abs=1e-5)
    assert float(per_class["overall"]["iou"]) == pytest.approx(np.mean([1000 / 1400, 900 / 1500, 400 / 1000]),
                                                               abs=1e-5)
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "Confusion matrix" in page and f"{oa:.4f}" in page


def test_stratified_sample_size_allocation_and_map_classes(tmp_path):
    raster = make_map(tmp_path)
    m = class_map()
    sample = stratified_sample(str(raster), target_se=0.02, expected_users=0.85, minimum=30, seed=7)
    n_cells = np.array([(m == v).sum() for v in range(3)])
    w = n_cells / n_cells.sum()
    assert sample.plan.cells == n_cells.tolist()
    # n = (sum W_i S_i / S(O))^2 with S_i = sqrt(0.85 * 0.15) for every class.
    assert sample.plan.formula_n == math.ceil((w * math.sqrt(0.85 * 0.15)).sum() ** 2 / 0.02 ** 2)
    assert sample.plan.total == sample.plan.formula_n == len(sample.points)
    assert min(sample.plan.allocation) >= 30
    got = np.bincount([p.value for p in sample.points], minlength=3)
    assert got.tolist() == sample.plan.allocation
    seen = set()
    for p in sample.points:
        col, row = (p.x - X0) / RES - 0.5, (Y0 - p.y) / RES - 0.5
        assert col == int(col) and row == int(row)  # cell centres
        assert m[int(row), int(col)] == p.value and p.name == NAMES[p.value]
        seen.add((col, row))
    assert len(seen) == len(sample.points)
    again = stratified_sample(str(raster), target_se=0.02, expected_users=0.85, minimum=30, seed=7)
    assert [(p.x, p.y) for p in again.points] == [(p.x, p.y) for p in sample.points]


def test_area_adjusted_from_a_labelled_sample(provider, tmp_path):
    import processing

    raster = make_map(tmp_path)
    out = processing.run("geomorph:stratifiedsample", {
        "INPUT": str(raster), "TARGET_SE": 0.02, "EXPECTED_USERS": 0.85, "MIN_PER_CLASS": 40, "SEED": 3,
        "OUTPUT": str(tmp_path / "sample.gpkg")}, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    layer = QgsVectorLayer(out["OUTPUT"], "sample", "ogr")
    assert layer.featureCount() == out["SAMPLE_SIZE"]
    assert [f.name() for f in layer.fields()][-3:] == ["map_value", "map_class", "reference"]
    # The "interpreter" finds every 5th grass point to be water, everything else right; the layer goes to
    # EPSG:4326 so that the assessment has to reproject it.
    rows, grass_seen, errors = [], 0, 0
    for feature in layer.getFeatures():
        name = feature["map_class"]
        truth = name.lower()
        if name == "Grass":
            if grass_seen % 5 == 0:
                truth = "water"
                errors += 1
            grass_seen += 1
        point = feature.geometry().asPoint()
        rows.append((f"POINT({point.x()} {point.y()})", truth))
    reference = write_vector(tmp_path / "labelled.gpkg", rows, ogr.wkbPoint, epsg=4326)
    result = processing.run("geomorph:assessaccuracy", {
        "INPUT": str(raster), "REFERENCE": reference, "CLASS_FIELD": "truth",
        "OUTPUT_REPORT": str(tmp_path / "acc.html"), "OUTPUT_CSV": str(tmp_path / "acc.csv")},
        context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    m = class_map()
    ha = RES * RES / 10000
    a_w, a_g, a_s = [(m == v).sum() * ha for v in range(3)]
    total = a_w + a_g + a_s
    f = errors / grass_seen
    w_g = a_g / total
    with open(tmp_path / "acc.csv", newline="", encoding="utf-8") as handle:
        per_class = {r["class"]: r for r in csv.DictReader(handle)}
    assert float(per_class["Water"]["area_ha"]) == pytest.approx(a_w + f * a_g, rel=1e-5)
    assert float(per_class["Grass"]["area_ha"]) == pytest.approx((1 - f) * a_g, rel=1e-5)
    assert float(per_class["Sand"]["area_ha"]) == pytest.approx(a_s, rel=1e-5)
    ci = 1.96 * math.sqrt(w_g ** 2 * f * (1 - f) / (grass_seen - 1)) * total
    assert float(per_class["Water"]["area_ci95_ha"]) == pytest.approx(ci, rel=1e-5)
    assert float(per_class["Grass"]["users_accuracy_adjusted"]) == pytest.approx(1 - f, rel=1e-5)
    assert float(per_class["Water"]["producers_accuracy_adjusted"]) == pytest.approx(a_w / (a_w + f * a_g),
                                                                                     rel=1e-5)
    assert result["ADJUSTED_OVERALL_ACCURACY"] == pytest.approx(1 - w_g * f)
    page = (tmp_path / "acc.html").read_text(encoding="utf-8")
    assert "reprojected" in page and "Olofsson" in page


def test_bad_input(tmp_path):
    unnamed = write(tmp_path / "unnamed.tif", class_map(), X0, Y0, RES, nodata=255, dtype=gdal.GDT_Byte)
    reference = write_vector(tmp_path / "ref.gpkg", POLYGONS, ogr.wkbPolygon)
    with pytest.raises(GeomorphError, match="no class names"):
        assess(AssessmentRequest(str(unnamed), reference, "truth"))
    with pytest.raises(GeomorphError, match="no class names"):
        stratified_sample(str(unnamed), seed=1)
    raster = make_map(tmp_path)
    only_water = write_vector(tmp_path / "water.gpkg", [POLYGONS[0]], ogr.wkbPolygon)
    with pytest.raises(GeomorphError, match="fewer than two classes"):
        assess(AssessmentRequest(str(raster), only_water, "truth", tmp_path / "x.html"))
    assert not (tmp_path / "x.html").exists()
    outside = write_vector(tmp_path / "far.gpkg", [POLYGONS[-1]], ogr.wkbPolygon)
    with pytest.raises(GeomorphError, match="None of the 1 reference polygons overlaps"):
        assess(AssessmentRequest(str(raster), outside, "truth"))
    with pytest.raises(GeomorphError, match="no field nope"):
        assess(AssessmentRequest(str(raster), reference, "nope"))
    # Points that miss a mapped class: its area cannot be estimated.
    points = write_vector(tmp_path / "pts.gpkg", [(f"POINT({X0 + 12} {Y0 - 12})", "water"),
                                                  (f"POINT({X0 + 402} {Y0 - 12})", "grass"),
                                                  (f"POINT({X0 + 12} {Y0 - 17})", "water")], ogr.wkbPoint)
    with pytest.raises(GeomorphError, match="Sand have mapped area but no sample point"):
        assess(AssessmentRequest(str(raster), points, "truth", tmp_path / "y.html"))
    assert not (tmp_path / "y.html").exists()


def test_real_classification_of_the_demo_scene(provider, tmp_path):
    """The bundled model classifies the real EuroSAT demo scene; the assessment against the scene's truth (one
    polygon per 640 m patch) must give the confusion matrix read cell by cell from the class raster, its classes
    matched by the names Geomorph wrote."""
    import json

    import processing

    from tests.conftest import REPO

    scene = REPO / "resources" / "demo" / "eurosat_demo_scene.tif"
    truth = json.loads((scene.parent / "eurosat_demo_truth.json").read_text(encoding="utf-8"))
    classes = processing.run("geomorph:classifylandcover", {"INPUT": str(scene), "OUTPUT": str(tmp_path / "lc.tif")},
                             context=QgsProcessingContext(), feedback=QgsProcessingFeedback())["OUTPUT"]
    x0, y0 = truth["geotransform"][0], truth["geotransform"][3]
    rows = []
    for r, row in enumerate(truth["grid"]):
        for c, name in enumerate(row):
            a, b = x0 + c * 640 + 20, y0 - r * 640 - 20
            rows.append((f"POLYGON(({a} {b},{a + 600} {b},{a + 600} {b - 600},{a} {b - 600},{a} {b}))", name))
    reference = write_vector(tmp_path / "truth.gpkg", rows, ogr.wkbPolygon)
    out = processing.run("geomorph:assessaccuracy", {
        "INPUT": classes, "REFERENCE": reference, "CLASS_FIELD": "truth", "OUTPUT_REPORT": str(tmp_path / "a.html"),
        "OUTPUT_MATRIX": str(tmp_path / "m.csv")}, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    ds = gdal.Open(classes)
    ds.GetMetadata()
    names = ds.GetRasterBand(1).GetCategoryNames()
    predicted = ds.GetRasterBand(1).ReadAsArray()
    gt = ds.GetGeoTransform()
    assert gt[1] == 640 and predicted.shape == (12, 12)
    with open(tmp_path / "m.csv", newline="", encoding="utf-8") as handle:
        matrix = list(csv.reader(handle))
    order = matrix[0][1:]
    expected = np.zeros((len(order), len(order)), np.int64)
    for r, row in enumerate(truth["grid"]):
        for c, name in enumerate(row):
            expected[order.index(names[predicted[r, c]]), order.index(name)] += 1
    got = np.array([[int(v) for v in row[1:]] for row in matrix[1:]])
    np.testing.assert_array_equal(got, expected)
    assert out["OVERALL_ACCURACY"] == pytest.approx(np.trace(expected) / 144)
    assert out["OVERALL_ACCURACY"] >= 0.9  # what test_default_model measures on the same scene
