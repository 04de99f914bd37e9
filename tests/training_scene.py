"""A synthetic orthomosaic with clearly separable land-cover classes and its labels, for the trainer's tests.

768 x 768 pixels at 0.5 m (EPSG:32633): a 6 x 6 checkerboard-like layout of 64 m cells of three
classes (water, grass, sand) with distinct colours and pixel noise, and discs of another class
inside some cells so that the network must read colour rather than position. The labels are the
cells' polygons shrunk by 3 m; ``truth`` is the class of every pixel.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr

EPSG = 32633
X0, Y0, RES = 500000.0, 4500600.0, 0.5
SIZE = 768
CELL = 128  # pixels
NAMES = ("grass", "sand", "water")  # the export's sorted order
COLOURS = {"grass": (70, 150, 60), "sand": (210, 190, 140), "water": (40, 70, 160)}
LAYOUT = [[2, 0, 1, 0, 2, 1],
          [1, 2, 0, 1, 0, 2],
          [0, 1, 2, 2, 1, 0],
          [2, 0, 1, 0, 2, 1],
          [1, 2, 0, 1, 0, 2],
          [0, 1, 2, 2, 1, 0]]
SHRINK_M = 3.0


def srs(epsg=EPSG):
    ref = osr.SpatialReference()
    ref.ImportFromEPSG(epsg)
    ref.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return ref


def truth() -> np.ndarray:
    out = np.zeros((SIZE, SIZE), np.uint8)
    yy, xx = np.mgrid[0:CELL, 0:CELL]
    disc = (yy - CELL / 2) ** 2 + (xx - CELL / 2) ** 2 < (CELL / 5) ** 2
    for r, row in enumerate(LAYOUT):
        for c, k in enumerate(row):
            block = np.full((CELL, CELL), k, np.uint8)
            if (r + c) % 3 == 0:
                block[disc] = (k + 1) % 3
            out[r * CELL:(r + 1) * CELL, c * CELL:(c + 1) * CELL] = block
    return out


def make_raster(path: Path, seed: int = 0) -> np.ndarray:
    labels = truth()
    rng = np.random.default_rng(seed)
    img = np.zeros((3, SIZE, SIZE), np.float32)
    for k, name in enumerate(NAMES):
        for b in range(3):
            img[b][labels == k] = COLOURS[name][b]
    img += rng.normal(0, 12, img.shape)
    data = np.clip(img, 0, 255).astype(np.uint8)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), SIZE, SIZE, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((X0, RES, 0, Y0, 0, -RES))
    ds.SetProjection(srs().ExportToWkt())
    for b, interp in enumerate((gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand)):
        ds.GetRasterBand(b + 1).WriteArray(data[b])
        ds.GetRasterBand(b + 1).SetColorInterpretation(interp)
    ds = None
    return labels


def make_labels(path: Path, classes=NAMES) -> Path:
    """One polygon per cell (shrunk by SHRINK_M), class field ``cls``; discs are left unlabelled
    by cutting them out as holes."""
    vector = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = vector.CreateLayer("labels", srs(), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("cls", ogr.OFTString))
    size = CELL * RES
    for r, row in enumerate(LAYOUT):
        for c, k in enumerate(row):
            if NAMES[k] not in classes:
                continue
            x0, y0 = X0 + c * size + SHRINK_M, Y0 - r * size - SHRINK_M
            x1, y1 = X0 + (c + 1) * size - SHRINK_M, Y0 - (r + 1) * size + SHRINK_M
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
                ring.AddPoint_2D(x, y)
            polygon = ogr.Geometry(ogr.wkbPolygon)
            polygon.AddGeometry(ring)
            if (r + c) % 3 == 0:
                centre = ogr.CreateGeometryFromWkt(f"POINT({X0 + (c + 0.5) * size} {Y0 - (r + 0.5) * size})")
                polygon = polygon.Difference(centre.Buffer(size / 5 + SHRINK_M, 32))
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("cls", NAMES[k])
            feature.SetGeometry(polygon)
            layer.CreateFeature(feature)
    vector = None
    return path


def make_dataset(folder: Path, tile_size: int = 64, kind=None, classes=NAMES) -> Path:
    """The scene exported by exporttrainingdata's own function into ``folder/dataset``."""
    from geomorph_plugin.training.export import ExportRequest, ModelKind, export_training_data

    folder.mkdir(parents=True, exist_ok=True)
    make_raster(folder / "scene.tif")
    make_labels(folder / "labels.gpkg", classes)
    out = folder / "dataset"
    export_training_data(ExportRequest(str(folder / "scene.tif"), str(folder / "labels.gpkg"), "cls", out,
                                       tile_size=tile_size, kind=kind or ModelKind.SEGMENTATION,
                                       block_size_m=2 * tile_size * RES))
    return out
