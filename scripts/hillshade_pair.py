#!/usr/bin/python3
"""Two DSMs' hillshades side by side in one PNG, on the same grid (for docs/sfm.md).

    .venv/bin/python scripts/hillshade_pair.py LEFT.tif RIGHT.tif OUT.png [--width 900]

Both are warped onto the left DSM's extent at one common cell size (the finer of the two), so that
the pictures compare detail, not pixel counts. GDAL only.
"""

from __future__ import annotations

import argparse

import numpy as np
from osgeo import gdal

gdal.UseExceptions()


def hillshade(path: str, bounds, res: float, width: int) -> np.ndarray:
    vrt = "/vsimem/hillshade_pair_band1.vrt"
    gdal.Translate(vrt, path, format="VRT", bandList=[1])
    warped = gdal.Warp("", vrt, format="MEM", outputBounds=bounds, xRes=res, yRes=res, resampleAlg="bilinear",
                       dstNodata=-9999)
    gdal.Unlink(vrt)
    shade = gdal.DEMProcessing("/vsimem/hillshade_pair.tif", warped, "hillshade", multiDirectional=True,
                               computeEdges=True)
    array = shade.GetRasterBand(1).ReadAsArray()
    z = warped.GetRasterBand(1).ReadAsArray()
    array[z == -9999] = 255
    shade = None
    gdal.Unlink("/vsimem/hillshade_pair.tif")
    small = gdal.GetDriverByName("MEM").Create("", array.shape[1], array.shape[0], 1, gdal.GDT_Byte)
    small.GetRasterBand(1).WriteArray(array)
    height = round(width * array.shape[0] / array.shape[1])
    # The dataset must outlive its band (a chained call lets Python free it first: GDAL crashes).
    resized = gdal.Translate("", small, format="MEM", width=width, height=height, resampleAlg="average")
    return resized.GetRasterBand(1).ReadAsArray()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("left")
    parser.add_argument("right")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=900, help="width of each picture, pixels")
    args = parser.parse_args(argv)
    ds = gdal.Open(args.left)
    gt = ds.GetGeoTransform()
    bounds = [gt[0], gt[3] + gt[5] * ds.RasterYSize, gt[0] + gt[1] * ds.RasterXSize, gt[3]]
    res = min(abs(gt[1]), abs(gdal.Open(args.right).GetGeoTransform()[1]))
    left = hillshade(args.left, bounds, res, args.width)
    right = hillshade(args.right, bounds, res, args.width)
    gap = np.full((left.shape[0], 12), 255, np.uint8)
    both = np.hstack([left, gap, right])
    mem = gdal.GetDriverByName("MEM").Create("", both.shape[1], both.shape[0], 1, gdal.GDT_Byte)
    mem.GetRasterBand(1).WriteArray(both)
    gdal.Translate(args.out, mem, format="PNG")
    print(f"{args.out}: {both.shape[1]}x{both.shape[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
