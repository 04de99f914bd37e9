"""The model-resolution grid over the analysed extent: the raster's CRS and bounds, the grid's size,
and the resampling that brings the raster to it."""

from __future__ import annotations

import math

from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import Grid, open_raster, raster_bounds, raster_dtype
from .contract import ModelContract

__all__ = ["Grid", "metres_per_unit", "open_raster", "plan_grid", "raster_bounds", "raster_dtype", "resampling_for"]


def metres_per_unit(ds) -> float:
    """Check the CRS is projected and return its linear unit in metres."""
    srs = ds.GetSpatialRef()
    if srs is None or not ds.GetProjection():
        raise GeomorphError(tr(
            "The input raster has no coordinate reference system, so its ground resolution is unknown. Assign "
            "its CRS first (Raster > Projections > Assign Projection, or gdal_translate -a_srs)."))
    if srs.IsGeographic():
        raise GeomorphError(tr(
            "The input raster is in a geographic CRS ({name}, degrees), so its pixels have no fixed size in metres "
            "and the model's resolution cannot be matched. Reproject it to a projected CRS such as the local UTM "
            "zone first, e.g. with Raster > Projections > Warp (Reproject) or gdalwarp -t_srs EPSG:326xx.").format(
                name=srs.GetName()))
    return float(srs.GetLinearUnits() or 1.0)


def plan_grid(ds, contract: ModelContract, extent=None) -> tuple[Grid, float]:
    """The model-resolution grid over the extent (clipped to the raster); returns it and the source pixel size."""
    unit = metres_per_unit(ds)
    rx0, ry0, rx1, ry1 = raster_bounds(ds)
    if extent is None:
        x0, y0, x1, y1 = rx0, ry0, rx1, ry1
    else:
        ex0, ey0, ex1, ey1 = extent
        x0, y0, x1, y1 = max(ex0, rx0), max(ey0, ry0), min(ex1, rx1), min(ey1, ry1)
        if x1 <= x0 or y1 <= y0:
            raise GeomorphError(tr(
                "The extent ({ex0:.2f}, {ey0:.2f}) - ({ex1:.2f}, {ey1:.2f}) does not overlap the raster, which covers "
                "({rx0:.2f}, {ry0:.2f}) - ({rx1:.2f}, {ry1:.2f}) in its CRS. Pick an extent over the raster, or leave "
                "EXTENT empty to classify the whole layer.").format(
                    ex0=ex0, ey0=ey0, ex1=ex1, ey1=ey1, rx0=rx0, ry0=ry0, rx1=rx1, ry1=ry1))
    res = contract.resolution_m / unit
    width = max(1, int(round((x1 - x0) / res)))
    height = max(1, int(round((y1 - y0) / res)))
    gt = ds.GetGeoTransform()
    src_res = math.sqrt(abs(gt[1] * gt[5] - gt[2] * gt[4]))
    return Grid(x0, y1, res, width, height, ds.GetProjection()), src_res


def resampling_for(src_res: float, res: float) -> str:
    ratio = res / src_res
    if abs(ratio - 1.0) < 1e-6:
        return "near"
    # Averaging keeps what a coarse sensor would have seen (a 10 m Sentinel-2 pixel integrates
    # its footprint); bilinear avoids blocky artefacts when the model is finer than the data.
    return "average" if ratio > 1.0 else "bilinear"
