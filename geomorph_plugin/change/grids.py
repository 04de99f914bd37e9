"""Two rasters on one grid: CRS checks, the overlap, and reading row stripes of that grid.

The common grid is the reference raster's own pixel grid, clipped to the overlap, so the
reference is read as it is (no resampling) and only the other raster is resampled onto it,
by GDAL's warper, when its grid, resolution or CRS differ. Everything is read in stripes of
whole rows, so memory depends on the raster's width, never on its height.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..errors import CancelledError, GeomorphError
from ..feedback import NullFeedback  # noqa: F401 - the default feedback of the change modules
from ..i18n import tr
from ..rasters import VIEW_SOURCE_KEY, DirectWindow, Grid, open_raster, raster_bounds, read_window, warped_vrt

# Bytes of one float32 row of the grid times this many arrays per stripe stay under STRIPE_BYTES.
STRIPE_BYTES = 96 * 1024 * 1024
ARRAYS_PER_STRIPE = 12
# Holds a whole row of 512 px input tiles of both DEMs at 16k (2 x 32 MB) besides the output's blocks.
GDAL_CACHE_BYTES = 256 * 1024 * 1024


def check_projected(ds, label: str) -> None:
    srs = ds.GetSpatialRef()
    if srs is None or not ds.GetProjection():
        raise GeomorphError(tr(
            "The raster {label} has no coordinate reference system, so it cannot be placed against the other "
            "survey. Assign its CRS first (Raster > Projections > Assign Projection).").format(label=label))
    if srs.IsGeographic():
        raise GeomorphError(tr(
            "The raster {label} is in a geographic CRS ({name}, degrees): cell areas and horizontal shifts need "
            "metres. Reproject it to a projected CRS such as the local UTM zone first (Raster > Projections > Warp "
            "(Reproject), or gdalwarp -t_srs EPSG:326xx).").format(label=label, name=srs.GetName()))
    gt = ds.GetGeoTransform()
    if gt[2] or gt[4]:
        raise GeomorphError(tr(
            "The raster {label} is rotated (its geotransform has rotation terms). Warp it to a north-up grid first "
            "(gdalwarp).").format(label=label))


def same_crs(a, b) -> bool:
    return bool(a.GetSpatialRef().IsSame(b.GetSpatialRef()))


def bounds_in(ds, target) -> tuple[float, float, float, float]:
    """The bounds of ``ds`` in the CRS of ``target``."""
    if same_crs(ds, target):
        return raster_bounds(ds)
    from osgeo import osr

    src, dst = ds.GetSpatialRef().Clone(), target.GetSpatialRef().Clone()
    for srs in (src, dst):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    x0, y0, x1, y1 = raster_bounds(ds)
    minx, miny, maxx, maxy = osr.CoordinateTransformation(src, dst).TransformBounds(x0, y0, x1, y1, 21)
    return minx, miny, maxx, maxy


def cell_size(ds) -> float:
    gt = ds.GetGeoTransform()
    return math.sqrt(abs(gt[1] * gt[5]))


def linear_unit_m(ds) -> float:
    return float(ds.GetSpatialRef().GetLinearUnits() or 1.0)


def common_grid(reference, other, ref_label: str, other_label: str, feedback=None) -> Grid:
    """The reference's pixel grid over the overlap of both rasters (in the reference's CRS)."""
    check_projected(reference, ref_label)
    check_projected(other, other_label)
    if not same_crs(reference, other) and feedback is not None:
        feedback.pushInfo(tr("{other} is in {crs_other}, {ref} in {crs_ref}: {other} is reprojected onto the grid of "
                             "{ref} on the fly.").format(other=other_label, ref=ref_label,
                                                         crs_other=other.GetSpatialRef().GetName(),
                                                         crs_ref=reference.GetSpatialRef().GetName()))
    rx0, ry0, rx1, ry1 = raster_bounds(reference)
    ox0, oy0, ox1, oy1 = bounds_in(other, reference)
    x0, y0, x1, y1 = max(rx0, ox0), max(ry0, oy0), min(rx1, ox1), min(ry1, oy1)
    gt = reference.GetGeoTransform()
    res_x, res_y = gt[1], -gt[5]
    if x1 - x0 < res_x or y1 - y0 < res_y:
        raise GeomorphError(tr(
            "{a} and {b} do not overlap: {a} covers ({ax0:.1f}, {ay0:.1f}) - ({ax1:.1f}, {ay1:.1f}) and {b} covers "
            "({bx0:.1f}, {by0:.1f}) - ({bx1:.1f}, {by1:.1f}) in the CRS of {a}. Check that both are of the same "
            "place and that each has the right CRS.").format(
                a=ref_label, b=other_label, ax0=rx0, ay0=ry0, ax1=rx1, ay1=ry1, bx0=ox0, by0=oy0, bx1=ox1, by1=oy1))
    if abs(res_x - res_y) > 1e-6 * res_x:
        raise GeomorphError(tr(
            "The raster {label} has non-square cells ({rx:g} x {ry:g}). Resample it to square cells first "
            "(gdalwarp -tr).").format(label=ref_label, rx=res_x, ry=res_y))
    # Snap the overlap inwards to the reference's cell edges.
    c0 = math.ceil((x0 - gt[0]) / res_x - 1e-6)
    c1 = math.floor((x1 - gt[0]) / res_x + 1e-6)
    r0 = math.ceil((gt[3] - y1) / res_y - 1e-6)
    r1 = math.floor((gt[3] - y0) / res_y + 1e-6)
    return Grid(gt[0] + c0 * res_x, gt[3] - r0 * res_y, res_x, c1 - c0, r1 - r0, reference.GetProjection())


def grid_reader(ds, grid: Grid, resampling: str):
    """A window reader of ``ds`` on ``grid``: direct when ``grid`` is a window of its own pixel grid."""
    if same_crs_wkt(ds, grid.wkt):
        direct = DirectWindow.aligned(ds, grid)
        if direct is not None:
            return direct
    return warped_vrt(ds, grid, grid.width, grid.height, resampling)


def same_crs_wkt(ds, wkt: str) -> bool:
    from osgeo import osr

    return bool(ds.GetSpatialRef().IsSame(osr.SpatialReference(wkt=wkt)))


def read_float(win, x: int, y: int, w: int, h: int) -> np.ndarray:
    """Band 1 of a window as float32, NaN where it is nodata."""
    data, valid = read_window(win, [1], x, y, w, h)
    out = data[0].astype(np.float32, copy=False)
    if valid is not None:
        if out is data[0]:
            out = out.copy()
        out[~valid] = np.nan
    return out


def read_padded(win, width: int, height: int, x: int, y: int, w: int, h: int) -> np.ndarray:
    """Like ``read_float`` but the window may reach past the grid (``width`` x ``height``): NaN there."""
    out = np.full((h, w), np.nan, np.float32)
    cx0, cy0, cx1, cy1 = max(x, 0), max(y, 0), min(x + w, width), min(y + h, height)
    if cx1 > cx0 and cy1 > cy0:
        out[cy0 - y:cy1 - y, cx0 - x:cx1 - x] = read_float(win, cx0, cy0, cx1 - cx0, cy1 - cy0)
    return out


def read_int(win, x: int, y: int, w: int, h: int, nodata: int) -> np.ndarray:
    data, valid = read_window(win, [1], x, y, w, h)
    out = data[0].astype(np.int64)
    if valid is not None:
        out[~valid] = nodata
    return out


@dataclass
class Stripe:
    y: int
    h: int


def stripe_rows(width: int, arrays: int = ARRAYS_PER_STRIPE, budget: int = STRIPE_BYTES) -> int:
    return int(max(16, min(4096, budget // max(1, width * 4 * arrays))))


def stripes(height: int, rows: int, feedback=None, start: float = 0.0, span: float = 100.0) -> Iterator[Stripe]:
    for y in range(0, height, rows):
        if feedback is not None:
            if feedback.isCanceled():
                raise CancelledError(tr("Cancelled: no output was written."))
            feedback.setProgress(start + span * y / max(1, height))
        yield Stripe(y, min(rows, height - y))
    # A cancel during the last stripe still counts: nothing is written after it.
    if feedback is not None and feedback.isCanceled():
        raise CancelledError(tr("Cancelled: no output was written."))


class GdalCache:
    """Caps GDAL's block cache for the run (the warper and the COG writer read through it)."""

    def __enter__(self):
        from osgeo import gdal

        self.old = gdal.GetCacheMax()
        gdal.SetCacheMax(min(self.old, GDAL_CACHE_BYTES))
        return self

    def __exit__(self, *exc):
        from osgeo import gdal

        gdal.SetCacheMax(self.old)
        return False


def open_dem(source: str, label: str, info=None):
    """The DEM, projected; a DSM that flags its interpolated cells (a band described "measured ...", as
    Geomorph's MicMac DSMs have) is read through ``measured_view``, so that only measured cells count."""
    ds = open_raster(source, threaded=True)
    check_projected(ds, label)
    band = measured_band(ds)
    if band is None:
        return ds
    if info is not None:
        info(tr("{label}: band {band} flags interpolated cells; only the measured cells are used "
                "(interpolated ones are treated as no data).").format(label=label, band=band))
    return measured_view(ds, band)


def measured_band(ds) -> int | None:
    """The band that says which cells were matched (1) and which interpolated (0), if there is one."""
    for b in range(2, ds.RasterCount + 1):
        if ds.GetRasterBand(b).GetDescription().strip().lower().startswith("measured"):
            return b
    return None


def measured_view(ds, band: int):
    """Band 1 of ``ds`` as a one-band virtual raster whose mask is the measured band.

    Interpolated cells are surfaces a matcher made up (MicMac's regularisation over trees and
    water), not terrain: differenced, they show change that is only the interpolation's. The mask
    is a GDAL mask band, so the warper and the block readers drop those cells as they drop no data.
    In memory, never written: the user's file is only read."""
    from xml.sax.saxutils import escape, quoteattr

    from osgeo import gdal

    # The name as GDAL opened it: a relative one resolves against the same folder, and names that
    # are not paths (GPKG:..., /vsi...) stay intact.
    source = ds.GetDescription()
    path = escape(source)
    gt = ", ".join(repr(v) for v in ds.GetGeoTransform())
    dtype = gdal.GetDataTypeName(ds.GetRasterBand(1).DataType)

    def skip(b: int) -> str:
        nodata = ds.GetRasterBand(b).GetNoDataValue()
        return "" if nodata is None else f"<NODATA>{'nan' if math.isnan(nodata) else repr(nodata)}</NODATA>"

    items = {**(ds.GetMetadata() or {}), VIEW_SOURCE_KEY: source}
    meta = "".join(f"<MDI key={quoteattr(k)}>{escape(v)}</MDI>" for k, v in items.items())
    xml = (f'<VRTDataset rasterXSize="{ds.RasterXSize}" rasterYSize="{ds.RasterYSize}">'
           f"<SRS>{escape(ds.GetProjection())}</SRS><GeoTransform>{gt}</GeoTransform>"
           f"<Metadata>{meta}</Metadata>"
           f'<VRTRasterBand dataType="{dtype}" band="1"><SimpleSource>'
           f'<SourceFilename relativeToVRT="0">{path}</SourceFilename><SourceBand>1</SourceBand>'
           f"</SimpleSource></VRTRasterBand>"
           # The mask is 255 x flag x (elevation has data): the product of two sources (GDAL's "mul"
           # pixel function), no-data cells of either source reading 0. The flags alone would let a
           # cell flagged 1 but without an elevation through as a height of -9999.
           f'<MaskBand><VRTRasterBand dataType="Byte" subClass="VRTDerivedRasterBand">'
           f"<PixelFunctionType>mul</PixelFunctionType><ComplexSource>"
           f'<SourceFilename relativeToVRT="0">{path}</SourceFilename><SourceBand>{band}</SourceBand>'
           f"<ScaleOffset>0</ScaleOffset><ScaleRatio>255</ScaleRatio>{skip(band)}</ComplexSource><ComplexSource>"
           f'<SourceFilename relativeToVRT="0">{path}</SourceFilename><SourceBand>1</SourceBand>'
           f"<ScaleOffset>1</ScaleOffset><ScaleRatio>0</ScaleRatio>{skip(1)}"
           f"</ComplexSource></VRTRasterBand></MaskBand></VRTDataset>")
    # Opened from its XML, the view has no file name: GDAL has nowhere to write it back to.
    try:
        view = gdal.Open(xml)
        error = gdal.GetLastErrorMsg()
    except RuntimeError as exc:  # when another plugin turned GDAL's exceptions on
        view, error = None, str(exc)
    if view is None:
        raise GeomorphError(tr("GDAL could not read the measured-cells band of {source}: {error}. Check the file "
                               "with gdalinfo; to use it without its flags, keep band 1 only (gdal_translate -b 1) "
                               "and give that file instead.").format(source=source, error=error))
    return view

