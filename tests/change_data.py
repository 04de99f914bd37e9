"""Synthetic survey pairs with known change, misregistration and noise, for the change-detection tests."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

EPSG = 32633
X0, Y0 = 500000.0, 4500600.0  # top-left corner


def terrain(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Hills with slopes up to ~30 degrees facing every way: what Nuth & Kaab needs to see a shift."""
    u, v = x - X0, y - Y0
    return (50 + 12 * np.sin(u / 29.0) * np.cos(v / 41.0) + 8 * np.sin((u + 2 * v) / 67.0)
            + 0.03 * u + 5 * np.cos((u - v) / 23.0))


@dataclass
class Frustum:
    """A pit (negative height) or mound with a flat floor of radius r1 and straight walls out to r2."""

    cx: float
    cy: float
    r1: float
    r2: float
    height: float

    def __call__(self, x, y):
        rho = np.hypot(x - self.cx, y - self.cy)
        frac = np.clip((self.r2 - rho) / (self.r2 - self.r1), 0.0, 1.0)
        return self.height * frac

    @property
    def volume(self) -> float:
        return math.pi * abs(self.height) * (self.r1 ** 2 + self.r1 * self.r2 + self.r2 ** 2) / 3.0


CUT = Frustum(X0 + 160, Y0 - 170, 22.0, 25.0, -2.0)
FILL = Frustum(X0 + 390, Y0 - 400, 20.0, 24.0, 1.5)


def write(path: Path, z: np.ndarray, x0: float, y0: float, res: float, epsg: int = EPSG, nodata=-9999.0,
          names: list[str] | None = None, dtype=None) -> Path:
    from osgeo import gdal, osr

    gdal_type = gdal.GDT_Float32 if dtype is None else dtype
    ds = gdal.GetDriverByName("GTiff").Create(str(path), z.shape[1], z.shape[0], 1, gdal_type,
                                              ["TILED=YES", "COMPRESS=DEFLATE"])
    ds.SetGeoTransform((x0, res, 0.0, y0, 0.0, -res))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(z)
    if names is not None:
        band.SetCategoryNames(names)
    ds = None
    return path


def cell_centres(n: int, res: float, x0: float = X0, y0: float = Y0):
    c = (np.arange(n) + 0.5) * res
    return np.meshgrid(x0 + c, y0 - c)


def survey_pair(folder: Path, n: int = 500, res: float = 1.0, sigma: float = 0.05, shift=(1.37, -0.62), dz: float = 0.8,
                seed: int = 1) -> dict:
    """old.tif (reference) and new.tif: the new survey has the cut and the fill, is displaced by ``shift``
    (metres east, north) and ``dz``, and both carry Gaussian noise of ``sigma``. Also zones.tif, classes
    'terrain', 'cut zone', 'fill zone' on the old grid."""
    rng = np.random.default_rng(seed)
    x, y = cell_centres(n, res)
    old = terrain(x, y) + rng.normal(0, sigma, x.shape)
    xs, ys = x - shift[0], y - shift[1]
    new = terrain(xs, ys) + CUT(xs, ys) + FILL(xs, ys) + dz + rng.normal(0, sigma, x.shape)
    zones = np.zeros(x.shape, np.uint8)
    zones[np.hypot(x - CUT.cx, y - CUT.cy) < CUT.r2 + 8] = 1
    zones[np.hypot(x - FILL.cx, y - FILL.cy) < FILL.r2 + 8] = 2
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "old": write(folder / "old.tif", old.astype(np.float32), X0, Y0, res),
        "new": write(folder / "new.tif", new.astype(np.float32), X0, Y0, res),
        "zones": write(folder / "zones.tif", zones, X0, Y0, res, nodata=255, names=["terrain", "cut zone", "fill zone"],
                       dtype=1),
    }
