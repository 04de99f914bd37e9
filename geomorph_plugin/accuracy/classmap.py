"""The class raster an accuracy assessment is about: its own grid, its named classes (category
names or RAT, as Geomorph's land-cover output writes them) and the cells mapped to each,
counted in row stripes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..change import grids
from ..change.zones import require_class_names
from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import Grid, open_raster


@dataclass
class ClassMap:
    source: str
    ds: object
    grid: Grid
    names: dict[int, str]        # raster value -> class name
    cells: dict[int, int]        # raster value -> mapped cells
    cell_area_m2: float
    unnamed_cells: int = 0

    @property
    def values(self) -> list[int]:
        return list(self.names)

    def lookup(self) -> np.ndarray:
        """raster value -> stratum index (position in ``values``), -1 for nodata and unnamed values."""
        lut = np.full(max(max(self.names) + 1, 256), -1, np.int64)
        for i, value in enumerate(self.names):
            lut[value] = i
        return lut

    def strata(self, values: np.ndarray) -> np.ndarray:
        lut = self.lookup()
        inside = (values >= 0) & (values < lut.size)
        out = np.full(values.shape, -1, np.int64)
        out[inside] = lut[values[inside]]
        return out

    def reader(self):
        return grids.grid_reader(self.ds, self.grid, "near")


def own_grid(ds) -> Grid:
    gt = ds.GetGeoTransform()
    return Grid(gt[0], gt[3], gt[1], ds.RasterXSize, ds.RasterYSize, ds.GetProjection())


def open_class_map(source: str, label: str, feedback=None, count: bool = True) -> ClassMap:
    ds = open_raster(source)
    grids.check_projected(ds, label)
    gt = ds.GetGeoTransform()
    if abs(gt[1] + gt[5]) > 1e-6 * gt[1]:
        raise GeomorphError(tr("The raster {label} has non-square cells ({rx:g} x {ry:g}). Resample it to square "
                               "cells first (gdalwarp -tr).").format(label=label, rx=gt[1], ry=-gt[5]))
    names = require_class_names(ds, label)
    nodata = ds.GetRasterBand(1).GetNoDataValue()
    if nodata is not None and int(nodata) in names and float(nodata) == int(nodata):
        names.pop(int(nodata))
    names = dict(sorted(names.items()))
    area = gt[1] * gt[1] * grids.linear_unit_m(ds) ** 2
    cmap = ClassMap(str(source), ds, own_grid(ds), names, {v: 0 for v in names}, area)
    if count:
        count_cells(cmap, feedback)
    if len([v for v, n in cmap.cells.items() if n > 0] if count else names) < 2:
        raise GeomorphError(tr("The class raster {label} maps fewer than two named classes ({names}): an accuracy "
                               "assessment needs at least two. Check that it is the classified raster and that its "
                               "classes have names.").format(label=label, names=", ".join(names.values())))
    return cmap


def count_cells(cmap: ClassMap, feedback=None, start: float = 0.0, span: float = 30.0) -> None:
    win = cmap.reader()
    k = len(cmap.names)
    totals = np.zeros(k + 1, np.int64)
    unnamed = 0
    with grids.GdalCache():
        rows = grids.stripe_rows(cmap.grid.width, arrays=4)
        for s in grids.stripes(cmap.grid.height, rows, feedback, start, span):
            values = grids.read_int(win, 0, s.y, cmap.grid.width, s.h, -1)
            strata = cmap.strata(values)
            unnamed += int(((values >= 0) & (strata < 0)).sum())
            totals += np.bincount(strata.ravel() + 1, minlength=k + 1)
    cmap.cells = {v: int(totals[i + 1]) for i, v in enumerate(cmap.names)}
    cmap.unnamed_cells = unnamed
