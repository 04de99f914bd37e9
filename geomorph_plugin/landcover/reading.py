"""Reading the model grid from the raster.

- Straight from its blocks when the grid is its own pixel grid (``rasters.DirectWindow``).
- Through a GDAL warped VRT that resamples to the model's resolution (``rasters.warped_vrt``)
  when the model's pixels are at most a few times the input's.
- When they are many times coarser (a 2 cm orthomosaic for a 10 m model), through a copy
  averaged to the model grid first (``decimated_copy``): a warped VRT computes each of its
  512 x 128 blocks from a source window ratio² times larger in one piece (1.5 GB at 2 cm ->
  10 m, 53 GB on a 400k px mosaic), while ``gdal.Warp`` into a file splits the work under a
  memory limit, and uses the raster's overviews when it has them. The copy goes to a
  temporary folder; the user's file is never modified.

``rasters.read_window`` reads any of them.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import DirectWindow, Grid, read_window, warped_vrt

__all__ = ["DirectWindow", "decimated_copy", "decimates", "open_window", "read_window", "warped_vrt"]

# From this ratio of model to input pixel size on, the grid is read from an averaged copy.
# Below it a warped VRT block's source window stays under ~20 MB (512 x 128 x 8² px x 4 bands).
DECIMATE_FROM_RATIO = 8.0
WARP_MEMORY_BYTES = 64 * 1024 * 1024


def decimates(resampling: str, ratio: float) -> bool:
    """Whether the grid is read from an averaged copy rather than a warped VRT."""
    return resampling == "average" and ratio >= DECIMATE_FROM_RATIO


def decimated_copy(ds, grid: Grid, width: int, height: int, folder: Path, callback=None):
    """The raster averaged onto the grid (bands plus an alpha band, like ``warped_vrt``), in ``folder``."""
    from osgeo import gdal

    path = Path(folder) / "model_grid.tif"
    options = gdal.WarpOptions(
        format="GTiff", outputBounds=(grid.x0, grid.y0 - height * grid.res, grid.x0 + width * grid.res, grid.y0),
        xRes=grid.res, yRes=grid.res, dstSRS=grid.wkt or None, resampleAlg="average", dstAlpha=True,
        multithread=False, warpMemoryLimit=WARP_MEMORY_BYTES, callback=callback,
        creationOptions=["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER", "SPARSE_OK=TRUE",
                         "COMPRESS=DEFLATE", "ZLEVEL=1"])
    out = gdal.Warp(str(path), ds, options=options)
    if out is None:
        raise GeomorphError(tr("GDAL could not resample the input raster to the model grid: {error}").format(
            error=gdal.GetLastErrorMsg()))
    return out


def open_window(ds, grid: Grid, width: int, height: int, resampling: str, ratio: float = 1.0,
                folder: Path | None = None, callback=None):
    """The window the pipeline reads the grid through, and how: "direct", "warped" or "decimated"."""
    win = DirectWindow.aligned(ds, grid) if resampling == "near" else None
    if win is not None:
        return win, "direct"
    if decimates(resampling, ratio) and folder is not None:
        return decimated_copy(ds, grid, width, height, folder, callback), "decimated"
    return warped_vrt(ds, grid, width, height, resampling), "warped"
