"""geomorph:exporttrainingdata: masks checked pixel by pixel against the polygons, image tiles against
the raster, the spatial split's distances, classes from the categorized style, resampling to another
GSD, patches, bad input (nothing half-written), and the real EuroSAT demo scene against its truth."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.training.export import IGNORE, ExportRequest, ModelKind, export_training_data
from geomorph_plugin.training.split import gap_m, split_tiles

REPO = Path(__file__).resolve().parents[1]
EPSG = 32633
X0, Y0, RES = 500000.0, 4500600.0, 0.5
SIZE = 512

# Pixel-aligned rectangles (x0, y0, x1, y1 in metres from the raster's top-left corner, y down) and classes,
# spread over the raster so that every class is in several places.
RECTS = [
    ((4, 4, 60, 60), "water"), ((130, 150, 200, 250), "water"), ((200, 10, 250, 70), "water"),
    ((70, 4, 120, 50), "grass"), ((10, 150, 90, 240), "grass"), ((150, 80, 240, 140), "grass"),
    ((20, 80, 60, 120), "sand"), ((100, 200, 125, 250), "sand"), ((220, 180, 252, 252), "sand"),
]


def _srs(epsg=EPSG):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def make_raster(path: Path, size=SIZE, res=RES, seed=0) -> np.ndarray:
    img = np.random.default_rng(seed).integers(0, 255, (3, size, size)).astype(np.uint8)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((X0, res, 0, Y0, 0, -res))
    ds.SetProjection(_srs().ExportToWkt())
    for b in range(3):
        ds.GetRasterBand(b + 1).WriteArray(img[b])
    ds = None
    return img


def make_polygons(path: Path, rects=RECTS, epsg=EPSG, layer_name="labels") -> Path:
    vector = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = vector.CreateLayer(layer_name, _srs(epsg), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("cls", ogr.OFTString))
    to_target = None if epsg == EPSG else osr.CoordinateTransformation(_srs(), _srs(epsg))
    for (a, b, c, d), name in rects:
        ring = f"POLYGON(({X0 + a} {Y0 - b},{X0 + c} {Y0 - b},{X0 + c} {Y0 - d},{X0 + a} {Y0 - d},{X0 + a} {Y0 - b}))"
        geometry = ogr.CreateGeometryFromWkt(ring)
        if to_target is not None:
            geometry.Segmentize(0.5)
            geometry.Transform(to_target)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("cls", name)
        feature.SetGeometry(geometry)
        layer.CreateFeature(feature)
    vector = None
    return path


def expected_labels(size=SIZE, res=RES, rects=RECTS, names=("grass", "sand", "water")) -> np.ndarray:
    """The class of every pixel whose centre lies in a rectangle (what GDAL's rasterizer burns), else IGNORE."""
    out = np.full((size, size), IGNORE, np.uint8)
    centre = (np.arange(size) + 0.5) * res
    for (a, b, c, d), name in rects:
        cols = (centre > a) & (centre < c)
        rows = (centre > b) & (centre < d)
        out[np.ix_(rows, cols)] = names.index(name)
    return out


def _tiles(folder: Path) -> list[dict]:
    with open(folder / "tiles.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _read(path: Path):
    ds = gdal.Open(str(path))
    return ds.ReadAsArray(), ds.GetGeoTransform(), ds


def test_masks_and_images_match_polygons_pixel_by_pixel(tmp_path):
    img = make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg")
    out = tmp_path / "dataset"
    result = export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls",
                                                out, tile_size=64))
    truth = expected_labels()
    classes = json.loads((out / "classes.json").read_text(encoding="utf-8"))
    assert classes["class_names"] == ["grass", "sand", "water"]
    assert classes["ignore_index"] == 255
    rows = _tiles(out)
    assert len(rows) == result.tiles["train"] + result.tiles["val"] > 0
    counted = {"train": np.zeros(3, np.int64), "val": np.zeros(3, np.int64)}
    for row in rows:
        mask, gt, ds = _read(out / row["mask"])
        assert ds.GetRasterBand(1).GetNoDataValue() == IGNORE
        image, igt, _ = _read(out / row["image"])
        assert gt == igt and gt[1] == RES
        c0, r0 = round((gt[0] - X0) / RES), round((Y0 - gt[3]) / RES)
        assert (int(row["tile_col"]) * 64, int(row["tile_row"]) * 64) == (c0, r0)
        np.testing.assert_array_equal(mask, truth[r0:r0 + 64, c0:c0 + 64])
        np.testing.assert_array_equal(image, img[:, r0:r0 + 64, c0:c0 + 64])
        counted[row["split"]] += np.bincount(mask[mask != IGNORE], minlength=3)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for side in ("train", "val"):
        assert [manifest["counts"][side][n] for n in ("grass", "sand", "water")] == counted[side].tolist()
        assert min(counted[side]) > 0
    assert manifest["crs"]["authid"] == "EPSG:32633"
    assert manifest["resolution_m"] == RES and manifest["tile_size"] == 64
    assert manifest["model_type"] == "segmentation" and manifest["format"] == "geomorph-training-dataset"
    # Every labelled pixel of a kept tile is in the dataset; nothing else is half there.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "labels.gpkg", "ortho.tif"]


def _min_gap(rows, tile_m):
    train = [(int(r["tile_row"]), int(r["tile_col"])) for r in rows if r["split"] == "train"]
    val = [(int(r["tile_row"]), int(r["tile_col"])) for r in rows if r["split"] == "val"]
    return min(gap_m(a, b, tile_m) for a in train for b in val)


@pytest.mark.parametrize("block_m,buffer_m", [(64.0, None), (64.0, 64.0), (32.0, 48.0)])
def test_spatial_split_keeps_sides_apart(tmp_path, block_m, buffer_m):
    make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg")
    out = tmp_path / "dataset"
    export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls", out,
                                       tile_size=32, block_size_m=block_m, buffer_m=buffer_m, seed=3))
    rows = _tiles(out)
    tile_m = 32 * RES
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    buffer = manifest["split"]["buffer_m"]
    assert buffer == (buffer_m if buffer_m is not None else tile_m)
    # No training tile is closer to a validation tile than the buffer; with the buffer as large as a block,
    # no pair across the split is closer than the block size.
    assert _min_gap(rows, tile_m) >= buffer
    if buffer_m == block_m:
        assert _min_gap(rows, tile_m) >= manifest["split"]["block_size_m"]
    # Validation is made of whole blocks: a block's tiles are never on both sides.
    block = manifest["split"]["block_tiles"]
    sides: dict = {}
    for r in rows:
        sides.setdefault((int(r["tile_row"]) // block, int(r["tile_col"]) // block), set()).add(r["split"])
    assert all(len(s) == 1 for s in sides.values())


def test_split_pure_function_rare_class_and_fraction():
    rng = np.random.default_rng(1)
    counts = {(r, c): np.array([rng.integers(1, 100), 0, rng.integers(0, 50)]) for r in range(12) for c in range(12)}
    counts[(0, 0)][1] = 40   # a rare class in two places far apart
    counts[(11, 11)][1] = 30
    split = split_tiles(counts, 3, 0.2, 10.0, 10.0, seed=5)
    val = sum(counts[t] for t in split.val)
    train = sum(counts[t] for t in split.train)
    assert val[1] > 0 and train[1] > 0
    total = sum(counts.values()).sum()
    assert 0.2 <= val.sum() / total < 0.45
    assert all(gap_m(a, b, 10.0) >= 10.0 for a in split.train for b in split.val)
    assert set(split.train) | set(split.val) | set(split.dropped) == set(counts)


def test_gsd_resampling_and_patches(tmp_path):
    img = make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg")
    out = tmp_path / "coarse"
    export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls", out,
                                       tile_size=32, gsd=1.0, block_size_m=32.0))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["resolution_m"] == 1.0
    truth = expected_labels(size=256, res=1.0)
    means = img.reshape(3, 256, 2, 256, 2).astype(np.float64).mean(axis=(2, 4))
    for row in _tiles(out):
        mask, gt, _ = _read(out / row["mask"])
        image, _, _ = _read(out / row["image"])
        assert gt[1] == 1.0
        c0, r0 = round(gt[0] - X0), round(Y0 - gt[3])
        np.testing.assert_array_equal(mask, truth[r0:r0 + 32, c0:c0 + 32])
        # GDAL's average of each 2 x 2 block, to the byte.
        assert np.abs(image - means[:, r0:r0 + 32, c0:c0 + 32]).max() <= 1.0
    patches = tmp_path / "patches"
    export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls", patches,
                                       tile_size=32, kind=ModelKind.PATCH, block_size_m=32.0))
    truth = expected_labels()
    rows = _tiles(patches)
    assert rows and not (patches / "train" / "masks").exists()
    for row in rows:
        _, gt, _ = _read(patches / row["image"])
        c0, r0 = round((gt[0] - X0) / RES), round((Y0 - gt[3]) / RES)
        window = truth[r0:r0 + 32, c0:c0 + 32]
        share = (window == int(row["label_index"])).mean()
        assert share >= 0.9 and row["label"] == ["grass", "sand", "water"][int(row["label_index"])]
    manifest = json.loads((patches / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["count_unit"] == "patches"
    assert sum(manifest["tiles"].values()) == len(rows) == sum(sum(c.values()) for c in manifest["counts"].values())


def test_other_crs_is_reprojected_and_said(tmp_path):
    make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg", epsg=4326)
    result = export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls",
                                                tmp_path / "ds", tile_size=64))
    assert any("reprojected" in line for line in result.log)
    truth = expected_labels()
    agree = total = 0
    for row in _tiles(tmp_path / "ds"):
        mask, gt, _ = _read(tmp_path / "ds" / row["mask"])
        c0, r0 = round((gt[0] - X0) / RES), round((Y0 - gt[3]) / RES)
        window = truth[r0:r0 + 64, c0:c0 + 64]
        agree += int((mask == window).sum())
        total += mask.size
    # Reprojected edges may move by a pixel; the rest is identical.
    assert agree / total > 0.99


def _refused(tmp_path, rects, match, **kwargs):
    make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "bad.gpkg", rects)
    out = tmp_path / "ds"
    with pytest.raises(GeomorphError, match=match):
        export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "bad.gpkg"), "cls", out,
                                           **kwargs))
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]


def test_bad_input_leaves_nothing(tmp_path):
    far = [((5000, 5000, 5100, 5100), "water"), ((5200, 5000, 5300, 5100), "grass")]
    (tmp_path / "a").mkdir()
    _refused(tmp_path / "a", far, "None of the 2 polygons overlaps the raster", tile_size=64)
    (tmp_path / "b").mkdir()
    _refused(tmp_path / "b", [((4, 4, 100, 100), "water"), ((120, 4, 200, 100), "water")], "at least two",
             tile_size=64)
    # sand is drawn in one place only: it cannot be on both sides of the split.
    (tmp_path / "c").mkdir()
    _refused(tmp_path / "c", [r for r in RECTS if r[1] != "sand"] + [((20, 80, 60, 120), "sand")],
             "sand have no samples in the (validation|training) blocks", tile_size=64, block_size_m=64.0)
    (tmp_path / "d").mkdir()
    _refused(tmp_path / "d", RECTS, "smaller than one tile", tile_size=1024)


def test_existing_dataset_is_never_overwritten(tmp_path):
    make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg")
    out = tmp_path / "dataset"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(GeomorphError, match="not empty"):
        export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls", out,
                                           tile_size=64))
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls", empty,
                                       tile_size=64))
    assert (empty / "manifest.json").exists()


def _style(layer, categories) -> None:
    """A categorized style on the field ``cls``: (value, legend label, colour) per class, in order."""
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory, QgsSymbol
    from qgis.PyQt.QtGui import QColor

    items = []
    for value, label, colour in categories:
        symbol = QgsSymbol.defaultSymbol(layer.geometryType())
        symbol.setColor(QColor(colour))
        items.append(QgsRendererCategory(value, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("cls", items))


def test_algorithm_takes_names_and_colours_from_categorized_style(provider, tmp_path):
    import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsVectorLayer,
    )

    make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg")
    layer = QgsVectorLayer(str(tmp_path / "labels.gpkg") + "|layername=labels", "labels", "ogr")
    assert layer.isValid()
    _style(layer, (("water", "Open water", "#1f4fff"), ("grass", "Grass", "#22aa22"),
                   ("sand", "Sand and rock", "#d2b48c")))
    out = tmp_path / "dataset"
    result = processing.run("geomorph:exporttrainingdata", {
        "INPUT": str(tmp_path / "ortho.tif"), "POLYGONS": layer, "CLASS_FIELD": "cls", "TILE_SIZE": 64,
        "MODEL_KIND": 0, "OUTPUT": str(out)}, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    classes = json.loads((out / "classes.json").read_text(encoding="utf-8"))
    assert classes["class_names"] == ["Open water", "Grass", "Sand and rock"]
    assert classes["class_colors"] == ["#1f4fff", "#22aa22", "#d2b48c"]
    assert result["TRAIN_TILES"] > 0 and result["VALIDATION_TILES"] > 0
    assert Path(result["MANIFEST"]) == out / "manifest.json"
    # The masks carry the style's numbering: water is class 0 now.
    truth = expected_labels(names=("water", "grass", "sand"))
    for row in _tiles(out)[:5]:
        mask, gt, _ = _read(out / row["mask"])
        c0, r0 = round((gt[0] - X0) / RES), round((Y0 - gt[3]) / RES)
        np.testing.assert_array_equal(mask, truth[r0:r0 + 64, c0:c0 + 64])


def test_real_eurosat_scene_against_its_truth(tmp_path):
    """The bundled demo scene (real Sentinel-2 EuroSAT patches, 10 m): polygons drawn over whole 64 px patches
    of three classes, exported in 32 px tiles; every mask pixel must be the patch's true class."""
    scene = REPO / "resources" / "demo" / "eurosat_demo_scene.tif"
    truth = json.loads((scene.parent / "eurosat_demo_truth.json").read_text(encoding="utf-8"))
    grid = truth["grid"]
    x0, y0 = truth["geotransform"][0], truth["geotransform"][3]
    keep = ("Forest", "SeaLake", "AnnualCrop")
    vector = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "eurosat.gpkg"))
    layer = vector.CreateLayer("labels", _srs(), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("cls", ogr.OFTString))
    expected = np.full((768, 768), IGNORE, np.uint8)
    names = sorted(keep)
    for r, row in enumerate(grid):
        for c, name in enumerate(row):
            if name not in keep:
                continue
            # 2 px inside the patch edges, as a careful user would draw.
            a, b = x0 + c * 640 + 20, y0 - r * 640 - 20
            ring = f"POLYGON(({a} {b},{a + 600} {b},{a + 600} {b - 600},{a} {b - 600},{a} {b}))"
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("cls", name)
            feature.SetGeometry(ogr.CreateGeometryFromWkt(ring))
            layer.CreateFeature(feature)
            expected[r * 64 + 2:r * 64 + 62, c * 64 + 2:c * 64 + 62] = names.index(name)
    vector = None
    out = tmp_path / "eurosat_dataset"
    result = export_training_data(ExportRequest(str(scene), str(tmp_path / "eurosat.gpkg"), "cls", out,
                                                tile_size=32, block_size_m=1280.0))
    source = gdal.Open(str(scene)).ReadAsArray()
    rows = _tiles(out)
    assert len(rows) >= 40
    for row in rows:
        mask, gt, _ = _read(out / row["mask"])
        image, _, _ = _read(out / row["image"])
        c0, r0 = round((gt[0] - x0) / 10), round((y0 - gt[3]) / 10)
        np.testing.assert_array_equal(mask, expected[r0:r0 + 32, c0:c0 + 32])
        np.testing.assert_array_equal(image, source[:, r0:r0 + 32, c0:c0 + 32])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["class_names"] == names
    assert manifest["resolution_m"] == 10.0
    total = {n: manifest["counts"]["train"][n] + manifest["counts"]["val"][n] for n in names}
    for n in names:
        patches = sum(row.count(n) for row in grid)
        assert manifest["counts"]["val"][n] > 0
        # Tiles in the buffer are left out, never more than what was drawn.
        assert 0 < total[n] <= patches * 60 * 60
    # Training statistics of a real scene: plausible reflectance bytes.
    assert all(20 < m < 200 for m in manifest["train_mean"])
    assert math.isclose(sum(result.tiles.values()), len(rows))


def test_runs_in_a_model_and_twice_as_in_batch(provider, tmp_path):
    """A modeler model with the export as a child (layer, field and folder from the model), then two runs of
    one algorithm instance's copies with different parameters, as the batch dialog makes them."""
    import processing
    from qgis.core import (
        QgsApplication,
        QgsProcessing,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterField,
        QgsProcessingParameterRasterLayer,
        QgsProcessingParameterVectorLayer,
    )

    make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg")
    model = QgsProcessingModelAlgorithm("export", "tests")
    model.addModelParameter(QgsProcessingParameterRasterLayer("raster", "raster"),
                            QgsProcessingModelParameter("raster"))
    model.addModelParameter(QgsProcessingParameterVectorLayer("labels", "labels", [QgsProcessing.TypeVectorPolygon]),
                            QgsProcessingModelParameter("labels"))
    model.addModelParameter(QgsProcessingParameterField("field", "field", parentLayerParameterName="labels"),
                            QgsProcessingModelParameter("field"))
    child = QgsProcessingModelChildAlgorithm("geomorph:exporttrainingdata")
    child.setChildId("export")
    child.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("raster")])
    child.addParameterSources("POLYGONS", [QgsProcessingModelChildParameterSource.fromModelParameter("labels")])
    child.addParameterSources("CLASS_FIELD", [QgsProcessingModelChildParameterSource.fromModelParameter("field")])
    child.addParameterSources("TILE_SIZE", [QgsProcessingModelChildParameterSource.fromStaticValue(64)])
    child.addParameterSources("MODEL_KIND", [QgsProcessingModelChildParameterSource.fromStaticValue(0)])
    output = QgsProcessingModelOutput("dataset")
    output.setChildId("export")
    output.setChildOutputName("OUTPUT")
    child.setModelOutputs({"dataset": output})
    model.addChildAlgorithm(child)
    result = processing.run(model, {"raster": str(tmp_path / "ortho.tif"), "labels": str(tmp_path / "labels.gpkg"),
                                    "field": "cls", "export:dataset": str(tmp_path / "from_model")},
                            context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    manifest = json.loads((tmp_path / "from_model" / "manifest.json").read_text(encoding="utf-8"))
    assert result["export:dataset"] == str(tmp_path / "from_model")
    assert manifest["model_type"] == "segmentation" and manifest["tile_size"] == 64
    assert min(manifest["counts"]["val"].values()) > 0
    registered = QgsApplication.processingRegistry().algorithmById("geomorph:exporttrainingdata")
    for i, size in enumerate((32, 64)):
        alg = registered.create()
        out = tmp_path / f"batch{i}"
        params = {"INPUT": str(tmp_path / "ortho.tif"), "POLYGONS": str(tmp_path / "labels.gpkg"),
                  "CLASS_FIELD": "cls", "TILE_SIZE": size, "MODEL_KIND": 0, "OUTPUT": str(out)}
        processing.run(alg, params, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
        assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["tile_size"] == size


def test_raster_nodata_is_unlabelled_in_masks(tmp_path):
    img = make_raster(tmp_path / "ortho.tif")
    img[img == 0] = 1
    img[:, 20:90, 20:90] = 0  # a hole in the orthomosaic inside the first water polygon
    ds = gdal.Open(str(tmp_path / "ortho.tif"), gdal.GA_Update)
    for b in range(3):
        ds.GetRasterBand(b + 1).WriteArray(img[b])
        ds.GetRasterBand(b + 1).SetNoDataValue(0)
    ds = None
    make_polygons(tmp_path / "labels.gpkg")
    out = tmp_path / "ds"
    export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls", out,
                                       tile_size=64))
    truth = expected_labels()
    truth[20:90, 20:90] = IGNORE
    seen = False
    for row in _tiles(out):
        mask, gt, _ = _read(out / row["mask"])
        c0, r0 = round((gt[0] - X0) / RES), round((Y0 - gt[3]) / RES)
        np.testing.assert_array_equal(mask, truth[r0:r0 + 64, c0:c0 + 64])
        seen |= (c0, r0) == (0, 0)
    assert seen


def test_classes_from_style_values_and_palette():
    from geomorph_plugin.training.classes import StyledValue, training_classes

    # Integer codes in the field, a style whose values QGIS gives as numbers, two codes under one legend label,
    # a style category no polygon uses, and a code the style does not know.
    styles = [StyledValue("3", "Water", (0, 0, 255)), StyledValue("1.0", "Vegetation", (0, 160, 0)),
              StyledValue("2", "Vegetation", (0, 200, 0)), StyledValue("9", "Unused", (1, 1, 1))]
    classes = training_classes(["1", "2", "3", "10", "3"], styles)
    assert [(c.index, c.name, c.colour, c.values) for c in classes] == [
        (0, "Water", (0, 0, 255), ["3"]), (1, "Vegetation", (0, 160, 0), ["1", "2"]),
        (2, "10", (0x9a, 0xcd, 0x32), ["10"])]
    # Without a style: numeric order when every value is a number, palette colours in order.
    plain = training_classes(["10", "9", "100"])
    assert [c.name for c in plain] == ["9", "10", "100"]
    assert plain[0].colour == (0xe6, 0xc8, 0x6e)
    with pytest.raises(GeomorphError, match="at least two"):
        training_classes(["water", "water"])


def test_cancel_leaves_nothing(tmp_path):
    """Cancelled while counting labels, while writing tiles, and at the very last check before the rename."""
    from qgis.core import QgsProcessingFeedback

    from geomorph_plugin.errors import CancelledError

    class CancelLater(QgsProcessingFeedback):
        def __init__(self, after):
            super().__init__()
            self.after, self.calls = after, 0

        def isCanceled(self):  # noqa: N802 - QGIS API
            self.calls += 1
            return self.calls > self.after

    make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg")
    inputs = sorted(p.name for p in tmp_path.iterdir())
    counter = CancelLater(10 ** 9)
    export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls",
                                       tmp_path / "full", tile_size=16), counter)
    # 32 stripes of labels and a last check, then one check per 16 tiles written, then the final one.
    assert counter.calls > 40
    for after in (1, 40, counter.calls - 1):
        out = tmp_path / f"cancelled{after}"
        with pytest.raises(CancelledError):
            export_training_data(ExportRequest(str(tmp_path / "ortho.tif"), str(tmp_path / "labels.gpkg"), "cls",
                                               out, tile_size=16), CancelLater(after))
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*inputs, "full"])


def test_style_saved_in_the_geopackage_is_used_when_the_layer_is_given_as_a_path(provider, tmp_path):
    import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsVectorLayer,
    )

    make_raster(tmp_path / "ortho.tif")
    make_polygons(tmp_path / "labels.gpkg")
    uri = str(tmp_path / "labels.gpkg") + "|layername=labels"
    layer = QgsVectorLayer(uri, "labels", "ogr")
    _style(layer, (("sand", "Sand and rock", "#d2b48c"), ("water", "Open water", "#1f4fff"),
                   ("grass", "Grass", "#22aa22")))
    # Saved as the layer's default style in the GeoPackage, as "Save as default" in QGIS does.
    layer.saveStyleToDatabase("labels", "", True, "")
    del layer
    out = tmp_path / "dataset"
    processing.run("geomorph:exporttrainingdata", {
        "INPUT": str(tmp_path / "ortho.tif"), "POLYGONS": uri, "CLASS_FIELD": "cls", "TILE_SIZE": 64,
        "MODEL_KIND": 0, "OUTPUT": str(out)}, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    classes = json.loads((out / "classes.json").read_text(encoding="utf-8"))
    assert classes["class_names"] == ["Sand and rock", "Open water", "Grass"]
    assert classes["class_colors"] == ["#d2b48c", "#1f4fff", "#22aa22"]
