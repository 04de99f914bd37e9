"""DSMs that flag their interpolated cells (band 2 "measured (1) or interpolated (0)", as the MicMac
engine writes them): the change algorithms use the measured cells only, on the DEM's own grid and
through the warper."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal, osr

from tests.change_data import EPSG, X0, Y0, cell_centres, terrain, write

N, RES, SIGMA = 300, 1.0, 0.03
# A 60 x 60 m "tree crown" that the matcher could not see through: interpolated, and 3 m too high.
CROWN = (slice(100, 160), slice(120, 180))


def write_flagged(path, z: np.ndarray, measured: np.ndarray, res: float = RES):
    """A DSM as the MicMac engine writes it: elevation, then 1 matched / 0 interpolated / -9999 unseen."""
    ds = gdal.GetDriverByName("GTiff").Create(str(path), z.shape[1], z.shape[0], 2, gdal.GDT_Float32,
                                              ["TILED=YES", "COMPRESS=DEFLATE"])
    ds.SetGeoTransform((X0, res, 0.0, Y0, 0.0, -res))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetMetadataItem("GEOMORPH_ENGINE", "micmac")
    for b, (values, name) in enumerate(((z, "elevation"), (measured, "measured (1) or interpolated (0)")), 1):
        band = ds.GetRasterBand(b)
        band.SetNoDataValue(-9999.0)
        band.SetDescription(name)
        band.WriteArray(values.astype(np.float32))
    ds = None
    return path


@pytest.fixture
def crown_pair(tmp_path):
    rng = np.random.default_rng(5)
    x, y = cell_centres(N, RES)
    base = terrain(x, y)
    old = base + rng.normal(0, SIGMA, base.shape)
    new = base + rng.normal(0, SIGMA, base.shape)
    new[CROWN] += 3.0
    flags = np.ones(base.shape, np.float32)
    flags[CROWN] = 0.0
    flags[:, :10] = -9999.0  # no photo saw these cells
    new[:, :10] = -9999.0
    return {"old": write_flagged(tmp_path / "old.tif", old, np.ones(base.shape)),
            "new": write_flagged(tmp_path / "new.tif", new, flags),
            "new_plain": write(tmp_path / "new_plain.tif", new.astype(np.float32), X0, Y0, RES)}


def test_measured_view_masks_interpolated_cells(crown_pair):
    from geomorph_plugin.change import grids

    ds = gdal.Open(str(crown_pair["new"]))
    assert grids.measured_band(ds) == 2
    assert grids.measured_band(gdal.Open(str(crown_pair["new_plain"]))) is None
    lines = []
    view = grids.open_dem(str(crown_pair["new"]), "new DEM", lines.append)
    assert view.RasterCount == 1 and "band 2" in lines[0]
    assert view.GetMetadataItem("GEOMORPH_ENGINE") == "micmac"
    assert view.GetGeoTransform() == ds.GetGeoTransform()
    mask = view.GetRasterBand(1).GetMaskBand().ReadAsArray()
    assert (mask[CROWN] == 0).all() and (mask[:, :10] == 0).all()
    assert (mask[:, 10:].sum() / 255) == N * (N - 10) - 60 * 60
    # Through the warper (a coarser grid), the crown stays out too.
    grid = grids.Grid(X0, Y0, 2.0, N // 2, N // 2, view.GetProjection())
    values = grids.read_float(grids.grid_reader(view, grid, "cubic"), 0, 0, N // 2, N // 2)
    inner = values[52:78, 62:88]
    assert np.isnan(inner).all()
    assert np.isfinite(values[:, 8:]).mean() > 0.9
    view = None


def test_the_users_dsm_is_only_read(crown_pair, tmp_path):
    """A name with spaces, markup characters and non-ASCII letters; the file and its folder unchanged after
    a DoD that read it through the view."""
    import hashlib

    from geomorph_plugin.change.dod import DodRequest, SigmaKind, Uncertainty, dem_of_difference

    folder = tmp_path / "rilievo & <2026> più"
    folder.mkdir()
    dsm = folder / "dsm nuovo.tif"
    dsm.write_bytes(crown_pair["new"].read_bytes())
    before = hashlib.sha256(dsm.read_bytes()).hexdigest()
    known = Uncertainty(SigmaKind.CONSTANT, SIGMA)
    result = dem_of_difference(DodRequest(str(dsm), str(crown_pair["old"]), tmp_path / "dod.tif", known, known))
    assert result.total.analysed == N * (N - 10) - 60 * 60
    assert hashlib.sha256(dsm.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in folder.iterdir()) == ["dsm nuovo.tif"]


def test_cells_without_elevation_stay_out_whatever_their_flag(tmp_path):
    """A flag of 1 on a cell whose elevation is no data must not let -9999 through as a height."""
    from geomorph_plugin.change import grids

    z = np.full((20, 20), 100.0, np.float32)
    z[:, :5] = -9999.0
    path = write_flagged(tmp_path / "odd.tif", z, np.ones(z.shape))
    view = grids.open_dem(str(path), "new DEM")
    values = grids.read_float(grids.DirectWindow(view, 0, 0), 0, 0, 20, 20)
    assert np.isnan(values[:, :5]).all() and (values[:, 5:] == 100.0).all()


def test_dod_leaves_interpolated_cells_out(crown_pair, tmp_path):
    from geomorph_plugin.change.dod import DodRequest, SigmaKind, Uncertainty, dem_of_difference

    known = Uncertainty(SigmaKind.CONSTANT, SIGMA)
    flagged = dem_of_difference(DodRequest(str(crown_pair["new"]), str(crown_pair["old"]), tmp_path / "a.tif",
                                           known, known))
    plain = dem_of_difference(DodRequest(str(crown_pair["new_plain"]), str(crown_pair["old"]), tmp_path / "b.tif",
                                         known, known))
    crown_volume = 3.0 * 60 * 60
    # Read as terrain, the made-up crown is 10,800 m³ of deposition; flagged, it is not there.
    assert plain.total.deposition_volume == pytest.approx(crown_volume, rel=0.02)
    assert abs(flagged.total.net_volume) < 3 * flagged.total.net_uncertainty + 1.0
    assert flagged.total.analysed == plain.total.analysed - 60 * 60
    assert flagged.total.no_change_percent > 94.0
    assert any("interpolated" in line for line in flagged.log)
    dod = gdal.Open(str(flagged.output))
    band = dod.GetRasterBand(1)
    values = band.ReadAsArray()
    assert (values[CROWN] == band.GetNoDataValue()).all()


def test_coregistration_ignores_interpolated_cells(crown_pair, tmp_path):
    from geomorph_plugin.change.coregister import CoregRequest, coregister

    flagged = coregister(CoregRequest(str(crown_pair["old"]), str(crown_pair["new"]), tmp_path / "a.tif"))
    plain = coregister(CoregRequest(str(crown_pair["old"]), str(crown_pair["new_plain"]), tmp_path / "b.tif"))
    # The crown's 3,600 cells are not sampled as stable ground, nor its rim (slopes need the neighbours).
    assert 60 * 60 <= plain.before.count - flagged.before.count <= 64 * 64
    # The aligned DEM keeps the measured cells only.
    out = gdal.Open(str(tmp_path / "a.tif"))
    band = out.GetRasterBand(1)
    assert (band.ReadAsArray()[CROWN] == band.GetNoDataValue()).all()
