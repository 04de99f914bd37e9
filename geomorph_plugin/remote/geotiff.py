"""GeoTIFF writing on the nodes, for every engine's tiles (COLMAP's ``surface``, MicMac's ``micmac_malt``)."""

from __future__ import annotations

import os
from pathlib import Path

from .common import tmp_path

# BIGTIFF=IF_SAFER: a compressed tile's final size is unknown when GDAL opens it, and a classic
# TIFF fails past 4 GB; below that the bytes are the same as without the option.
CREATION_OPTIONS = ("COMPRESS=DEFLATE", "TILED=YES", "BIGTIFF=IF_SAFER")


def gdal_module():
    from osgeo import gdal

    gdal.UseExceptions()
    return gdal


def srs_wkt(epsg: int) -> str:
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(int(epsg))
    return srs.ExportToWkt()


def write_geotiff(path: Path, bands, geotransform, epsg: int, dtype, nodata=None, names=(), metadata=None,
                  alpha=False) -> None:
    """``bands`` (2-D arrays of one shape, in band order) as a GeoTIFF of GDAL type ``dtype``.

    ``nodata`` goes on every band, ``names[i]`` is band i+1's description, ``metadata`` the
    dataset's items; ``alpha`` marks four bands as red, green, blue and alpha. Written under a
    temporary name and renamed, so a killed node leaves no half-written tile."""
    gdal = gdal_module()
    tmp = tmp_path(path).with_suffix(".tif")
    rows, cols = bands[0].shape
    ds = gdal.GetDriverByName("GTiff").Create(str(tmp), cols, rows, len(bands), dtype, options=list(CREATION_OPTIONS))
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(srs_wkt(epsg))
    for i, array in enumerate(bands):
        band = ds.GetRasterBand(i + 1)
        band.WriteArray(array)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        if i < len(names):
            band.SetDescription(names[i])
    if alpha:
        for i, ci in enumerate((gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand, gdal.GCI_AlphaBand)):
            ds.GetRasterBand(i + 1).SetColorInterpretation(ci)
    if metadata:
        ds.SetMetadata(metadata)
    ds = None
    os.replace(tmp, path)
