"""Reading DEMs for change detection: the validity that skips GDAL's mask band when a DEM's nodata value
cannot occur in a window is the mask band's own, and a read that fails in the DoD's reader thread
stops the run with GDAL's error and leaves nothing behind."""

from __future__ import annotations

import gc

import numpy as np
import pytest
from osgeo import gdal

from tests.change_data import X0, Y0, write


def _validity(path):
    """What geomorph reads (values, validity) and what GDAL's mask band says, for the whole raster."""
    from geomorph_plugin.rasters import DirectWindow, read_window

    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    data, valid = read_window(DirectWindow(ds, 0, 0), [1], 0, 0, ds.RasterXSize, ds.RasterYSize)
    mask = band.GetMaskBand().ReadAsArray() > 0
    return data[0], (np.ones_like(mask) if valid is None else valid), mask, band.ReadAsArray()


@pytest.mark.parametrize("case", ["no nodata cell", "holes", "nan cells", "nodata inside the range",
                                  "nodata next to the maximum", "nodata below, nan", "float64"])
def test_validity_is_the_mask_bands(tmp_path, case):
    from geomorph_plugin.rasters import nodata_absent

    z = np.linspace(100.0, 200.0, 70 * 90, dtype=np.float32).reshape(70, 90)
    nodata, dtype = -9999.0, None
    if case == "holes":
        z[10:20, 30:50] = nodata
    elif case == "nan cells":
        z[5, 5] = np.nan
    elif case == "nodata inside the range":
        nodata = 150.0  # no cell has exactly this value, but cells near it do
    elif case == "nodata next to the maximum":
        nodata = float(np.float32(200.0) + np.float32(1e-5))
    elif case == "nodata below, nan":
        z[0, :] = np.nan
        z[1, :3] = nodata
    elif case == "float64":
        z = z.astype(np.float64)
        z[3, 3] = nodata
        dtype = gdal.GDT_Float64
    path = write(tmp_path / "dem.tif", z, X0, Y0, 1.0, nodata=nodata, dtype=dtype)
    data, valid, mask, raw = _validity(path)
    assert np.array_equal(valid, mask), case
    assert np.array_equal(data, raw, equal_nan=True)
    ds = gdal.Open(str(path))
    # The shortcut is taken exactly where it can be proven: no nodata cell and no NaN.
    assert nodata_absent(ds.GetRasterBand(1), raw) == (case == "no nodata cell"), case


def _corrupt_last_tile_row(path):
    """Overwrite the compressed bytes of a tile in the last row of tiles with garbage."""
    ds = gdal.Open(str(path))
    bx, by = ds.GetRasterBand(1).GetBlockSize()
    row = (ds.RasterYSize - 1) // by
    offset = int(ds.GetRasterBand(1).GetMetadataItem(f"BLOCK_OFFSET_3_{row}", "TIFF"))
    size = int(ds.GetRasterBand(1).GetMetadataItem(f"BLOCK_SIZE_3_{row}", "TIFF"))
    ds = None
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(bytes(range(256)) * (size // 256) + b"\x00" * (size % 256))


def test_a_read_failing_in_the_reader_thread_stops_the_run_and_leaves_nothing(tmp_path):
    from geomorph_plugin.change.dod import DodRequest, SigmaKind, Uncertainty, dem_of_difference
    from geomorph_plugin.errors import GeomorphError

    # Wide enough for several row stripes: the failing stripe comes after stripes already written.
    w, h = 4096, 1100
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    old = 100 + 0.01 * x + 0.02 * y
    a = write(tmp_path / "old.tif", old, X0, Y0, 1.0)
    b = write(tmp_path / "new.tif", old + 0.5, X0, Y0, 1.0)
    _corrupt_last_tile_row(b)
    out = tmp_path / "out"
    sigma = Uncertainty(SigmaKind.CONSTANT, 0.05)
    # The same message whether GDAL's exceptions are off (None back) or on (QGIS's Processing, or another plugin,
    # may switch them on; they cannot be switched back then): the file, the rows, and what to do.
    with pytest.raises(GeomorphError) as caught:
        dem_of_difference(DodRequest(str(b), str(a), out / "dod.tif", sigma, sigma, report=out / "dod.html",
                                     csv=out / "dod.csv"))
    message = str(caught.value)
    # Its traceback holds the DEMs' GDAL datasets: let them go now, not after QGIS has shut GDAL down at exit.
    del caught
    gc.collect()
    assert "new.tif" in message and "gdalinfo -checksum" in message, message
    assert not out.exists() or not any(out.iterdir()), sorted(p.name for p in out.iterdir())
