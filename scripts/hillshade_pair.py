#!/usr/bin/python3
"""Two DSMs' hillshades side by side in one PNG, on the same grid (for docs/sfm.md).

    .venv/bin/python scripts/hillshade_pair.py LEFT.tif RIGHT.tif OUT.png [--width 900] [--flag-interpolated]

Both are warped onto the left DSM's extent at one common cell size (the finer of the two), so that
the pictures compare detail, not pixel counts. With ``--flag-interpolated``, the cells a MicMac
DSM's band 2 marks as interpolated (0) are tinted red. GDAL only.
"""

from __future__ import annotations

import argparse

import numpy as np
from osgeo import gdal

gdal.UseExceptions()


def flags(path: str, bounds, res: float, shape) -> np.ndarray:
    """True where band 2 says interpolated (0), on the picture's grid; all False without a band 2."""
    ds = gdal.Open(path)
    if ds.RasterCount < 2:
        return np.zeros(shape, bool)
    vrt = "/vsimem/hillshade_pair_band2.vrt"
    gdal.Translate(vrt, ds, format="VRT", bandList=[2])
    warped = gdal.Warp("", vrt, format="MEM", outputBounds=bounds, xRes=res, yRes=res, resampleAlg="near",
                       dstNodata=-9999)
    gdal.Unlink(vrt)
    band = warped.GetRasterBand(1).ReadAsArray()
    small = gdal.GetDriverByName("MEM").Create("", band.shape[1], band.shape[0], 1, gdal.GDT_Float32)
    small.GetRasterBand(1).WriteArray((band == 0).astype(np.float32))
    resized = gdal.Translate("", small, format="MEM", width=shape[1], height=shape[0], resampleAlg="average")
    return resized.GetRasterBand(1).ReadAsArray() >= 0.5


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
    parser.add_argument("--flag-interpolated", action="store_true",
                        help="tint red the cells that band 2 marks as interpolated (MicMac DSMs)")
    args = parser.parse_args(argv)
    ds = gdal.Open(args.left)
    gt = ds.GetGeoTransform()
    bounds = [gt[0], gt[3] + gt[5] * ds.RasterYSize, gt[0] + gt[1] * ds.RasterXSize, gt[3]]
    res = min(abs(gt[1]), abs(gdal.Open(args.right).GetGeoTransform()[1]))
    left = hillshade(args.left, bounds, res, args.width)
    right = hillshade(args.right, bounds, res, args.width)
    pictures = []
    for path, shade in ((args.left, left), (args.right, right)):
        rgb = np.stack([shade] * 3).astype(np.float32)
        if args.flag_interpolated:
            red = flags(path, bounds, res, shade.shape)
            rgb[0][red] = 0.5 * rgb[0][red] + 127
            rgb[1][red] *= 0.5
            rgb[2][red] *= 0.5
        pictures.append(rgb.astype(np.uint8))
    gap = np.full((3, left.shape[0], 12), 255, np.uint8)
    both = np.concatenate([pictures[0], gap, pictures[1]], axis=2)
    mem = gdal.GetDriverByName("MEM").Create("", both.shape[2], both.shape[1], 3, gdal.GDT_Byte)
    for i in range(3):
        mem.GetRasterBand(i + 1).WriteArray(both[i])
    gdal.Translate(args.out, mem, format="PNG")
    print(f"{args.out}: {both.shape[2]}x{both.shape[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
