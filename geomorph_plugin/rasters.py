"""GDAL raster helpers shared by the rooms that read and write rasters (land cover, change).

Opening with a clear message, bounds, and the output pattern every Geomorph raster follows:
write a temporary ``<name>.part.tif`` beside the target, turn it into a Cloud Optimized
GeoTIFF at the target only when it is complete, and remove what a failed run left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import GeomorphError
from .i18n import tr


def part_path(path: Path) -> Path:
    return path.with_name(path.name + ".part.tif")


def remove_with_sidecar(path: Path | None) -> None:
    """Remove a file and its GDAL ``.aux.xml`` sidecar, if there."""
    if path is None:
        return
    for candidate in (path, path.with_name(path.name + ".aux.xml")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass


def check_tiff(path: Path) -> None:
    if path.suffix.lower() not in (".tif", ".tiff"):
        raise GeomorphError(tr("The output {path} must be a GeoTIFF (.tif): Geomorph writes Cloud Optimized "
                               "GeoTIFFs.").format(path=path))


def to_cog(source: Path, target: Path, extra: list[str]) -> None:
    from osgeo import gdal

    remove_with_sidecar(target)
    options = ["COMPRESS=DEFLATE", "BLOCKSIZE=512", "NUM_THREADS=ALL_CPUS", "BIGTIFF=IF_SAFER", *extra]
    out = gdal.Translate(str(target), str(source), format="COG", creationOptions=options)
    if out is None:
        raise GeomorphError(tr("GDAL could not write the Cloud Optimized GeoTIFF {path}: {error}").format(
            path=target, error=gdal.GetLastErrorMsg()))
    out = None


def open_raster(source: str, threaded: bool = False):
    """Open with GDAL; ``threaded``: a compressed single-band GeoTIFF is opened again with NUM_THREADS, so
    that GDAL inflates the tiles one read touches on every core (GDAL 3.6+; inflating is most of the
    cost of reading a DEFLATE DEM). Single band only: GDAL 3.6.0-3.7.0 mixed up the bands of
    band-interleaved files read so."""
    from osgeo import gdal

    ds = gdal.Open(str(source))
    if ds is None:
        raise GeomorphError(tr("GDAL cannot open the input raster {source}: {error}").format(
            source=source, error=gdal.GetLastErrorMsg() or "unknown error"))
    if threaded and ds.RasterCount == 1 and ds.GetDriver().ShortName == "GTiff" and \
            ds.GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE") not in (None, "NONE"):
        again = gdal.OpenEx(str(source), gdal.OF_RASTER, open_options=["NUM_THREADS=ALL_CPUS"])
        if again is not None:
            return again
    return ds


def raster_bounds(ds) -> tuple[float, float, float, float]:
    gt = ds.GetGeoTransform()
    xs = [gt[0] + gt[1] * c + gt[2] * r for c in (0, ds.RasterXSize) for r in (0, ds.RasterYSize)]
    ys = [gt[3] + gt[4] * c + gt[5] * r for c in (0, ds.RasterXSize) for r in (0, ds.RasterYSize)]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass
class Grid:
    """A north-up grid of square cells in a CRS (the model-resolution grid of land cover, the common grid of
    change detection)."""

    x0: float
    y0: float
    res: float
    width: int
    height: int
    wkt: str

    def geotransform(self, cell: float | None = None) -> tuple:
        step = cell or self.res
        return (self.x0, step, 0.0, self.y0, 0.0, -step)


def warped_vrt(ds, grid: Grid, width: int, height: int, resampling: str):
    from osgeo import gdal

    options = gdal.WarpOptions(
        format="VRT", outputBounds=(grid.x0, grid.y0 - height * grid.res, grid.x0 + width * grid.res, grid.y0),
        xRes=grid.res, yRes=grid.res, dstSRS=grid.wkt or None, resampleAlg=resampling, dstAlpha=True,
        multithread=False,
        creationOptions=["BLOCKXSIZE=512", "BLOCKYSIZE=128"])
    vrt = gdal.Warp("", ds, options=options)
    if vrt is None:
        raise GeomorphError(tr("GDAL could not resample the input raster to the model grid: {error}").format(
            error=gdal.GetLastErrorMsg()))
    return vrt


def raster_dtype(ds, bands: list[int]) -> np.dtype:
    """The numpy type ReadAsArray gives for these bands: what the model is fed before normalisation."""
    from osgeo import gdal_array

    code = gdal_array.GDALTypeCodeToNumericTypeCode(ds.GetRasterBand(bands[0]).DataType)
    return np.dtype(code or np.float32)


def nodata_absent(band, values: np.ndarray) -> bool:
    """True when no cell of ``values`` (read from ``band``) can be the band's nodata value, proven from their
    range: a float band whose nodata lies clearly outside [min, max]. Its mask band, which compares every
    cell with the nodata again (about 15% of the cost of inflating a DEFLATE DEM), need not be read then.
    False whenever unsure (NaN cells, a nodata inside the range or within GDAL's tolerance of its ends,
    integer bands, masks other than a plain nodata value): the caller reads the mask band."""
    from osgeo import gdal

    if values.dtype.kind != "f" or values.size == 0 or band.GetMaskFlags() != gdal.GMF_NODATA:
        return False
    nodata = band.GetNoDataValue()
    if nodata is None or not math.isfinite(nodata) or abs(nodata) > float(np.finfo(values.dtype).max):
        return False
    # GDAL takes cells within a few ulps of the nodata as nodata: stay well clear of it.
    margin = 1e-6 * abs(nodata)
    low = float(values.min())
    if math.isnan(low):
        return False
    return nodata < low - margin or nodata > float(values.max()) + margin


# Metadata item of a virtual raster naming the file it reads, for messages (a VRT opened from its XML
# is named by that XML).
VIEW_SOURCE_KEY = "GEOMORPH_VIEW_OF"


def read_array(ds, x: int, y: int, w: int, h: int, bands: list[int]) -> np.ndarray:
    """``ds.ReadAsArray`` of some bands; GDAL's failure, whether it returns None or raises (where another plugin
    switched GDAL's exceptions on), becomes a GeomorphError that names the file and what to do."""
    from osgeo import gdal

    try:
        data = ds.ReadAsArray(x, y, w, h, band_list=bands)
        error = gdal.GetLastErrorMsg() if data is None else ""
    except RuntimeError as exc:
        data, error = None, str(exc)
    if data is None:
        # A tile inflated in one of GDAL's worker threads leaves its message there (and in the log), not here.
        # A measured-cells view (change/grids.py) is named by its XML: name the file it reads.
        source = ds.GetMetadataItem(VIEW_SOURCE_KEY) or ds.GetDescription()
        raise GeomorphError(tr("GDAL could not read rows {y0}-{y1} of {source}: {error}. The file may be damaged "
                               "or incomplete: check it with gdalinfo -checksum, then copy or export it again.").format(
            y0=y, y1=y + h, source=source, error=error or tr("see GDAL's message in the log")))
    return data


class DirectWindow:
    """Reads the model grid straight from the source when it is the source's own pixel grid.

    The warper costs a few percent of a CPU run even at identity; reading blocks directly
    and taking validity from GDAL's mask bands (nodata, alpha, internal masks) gives the same
    pixels for less work.
    """

    def __init__(self, ds, col0: int, row0: int):
        self.ds, self.col0, self.row0 = ds, col0, row0

    @classmethod
    def aligned(cls, ds, grid: Grid):
        gt = ds.GetGeoTransform()
        if gt[2] or gt[4] or abs(gt[1] - grid.res) > 1e-9 * grid.res or abs(-gt[5] - grid.res) > 1e-9 * grid.res:
            return None
        col, row = (grid.x0 - gt[0]) / grid.res, (gt[3] - grid.y0) / grid.res
        if abs(col - round(col)) > 1e-6 or abs(row - round(row)) > 1e-6:
            return None
        return cls(ds, int(round(col)), int(round(row)))

    def read(self, bands: list[int], x: int, y: int, w: int, h: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Channels (C, h, w) of the window and its validity (h, w); None when every pixel is valid."""
        from osgeo import gdal

        ds = self.ds
        c0, r0 = self.col0 + x, self.row0 + y
        # Clip to the raster: cells outside it are nodata (partial patches at the far edge).
        cx0, cy0 = max(c0, 0), max(r0, 0)
        cx1, cy1 = min(c0 + w, ds.RasterXSize), min(r0 + h, ds.RasterYSize)
        inside_all = (cx0, cy0, cx1, cy1) == (c0, r0, c0 + w, r0 + h)
        all_valid = any(ds.GetRasterBand(b).GetMaskFlags() & gdal.GMF_ALL_VALID for b in bands)
        if inside_all:
            data = read_array(ds, cx0, cy0, w, h, bands).reshape(len(bands), h, w)
            # A pixel is nodata only when every band is: one band without nodata makes all valid.
            if all_valid or any(nodata_absent(ds.GetRasterBand(b), data[i]) for i, b in enumerate(bands)):
                return data, None
        else:
            data = np.zeros((len(bands), h, w), dtype=raster_dtype(ds, bands))
        valid = np.zeros((h, w), dtype=bool)
        if cx1 <= cx0 or cy1 <= cy0:
            return data, valid
        ww, hh = cx1 - cx0, cy1 - cy0
        sl = (slice(cy0 - r0, cy0 - r0 + hh), slice(cx0 - c0, cx0 - c0 + ww))
        if not inside_all:
            block = read_array(ds, cx0, cy0, ww, hh, bands).reshape(len(bands), hh, ww)
            data[(slice(None), *sl)] = block
            all_valid = all_valid or any(nodata_absent(ds.GetRasterBand(b), block[i]) for i, b in enumerate(bands))
        if all_valid:
            valid[sl] = True
            return data, valid
        # As the warper does: a pixel is nodata only when every band is.
        inside = np.zeros((hh, ww), dtype=bool)
        for b in bands:
            band = ds.GetRasterBand(b)
            inside |= band.GetMaskBand().ReadAsArray(cx0, cy0, ww, hh) > 0
            if band.GetMaskFlags() & gdal.GMF_PER_DATASET:
                break
        valid[sl] = inside
        return data, valid


def read_window(win, bands: list[int], x: int, y: int, w: int, h: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Bands (C, h, w) of a window of a ``DirectWindow`` or of a ``warped_vrt`` (its last band is
    the alpha), and their validity (h, w); None when every pixel is valid."""
    if isinstance(win, DirectWindow):
        return win.read(bands, x, y, w, h)
    from osgeo import gdal

    data = win.ReadAsArray(x, y, w, h, band_list=[*bands, win.RasterCount])
    if data is None:
        raise GeomorphError(tr("GDAL failed to read the input raster: {error}").format(error=gdal.GetLastErrorMsg()))
    data = data.reshape(len(bands) + 1, h, w)
    valid = data[-1] >= 128
    return data[:-1], (None if valid.all() else valid)
