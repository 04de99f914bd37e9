"""Reading the model grid from the raster: straight from its blocks when the grid is its own pixel
grid (``rasters.DirectWindow``), else through a GDAL warped VRT that resamples to the model's
resolution (``rasters.warped_vrt``); ``rasters.read_window`` reads either."""

from __future__ import annotations

from ..rasters import DirectWindow, Grid, read_window, warped_vrt

__all__ = ["DirectWindow", "open_window", "read_window", "warped_vrt"]


def open_window(ds, grid: Grid, width: int, height: int, resampling: str):
    """The window the pipeline reads the grid through, and whether it reads the raster directly."""
    win = DirectWindow.aligned(ds, grid) if resampling == "near" else None
    if win is not None:
        return win, True
    return warped_vrt(ds, grid, width, height, resampling), False
