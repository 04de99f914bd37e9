"""geomorph:demofdifference on synthetic surveys with a known cut and fill: volumes match the known ones
within their reported uncertainty, the LoD at 95% leaves at most 5% false change on noise, budgets per
class and per polygon, and the outputs (COG, diverging ramp, HTML, CSV)."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from tests.change_data import CUT, EPSG, FILL, X0, Y0, survey_pair, terrain, write

Z95 = 1.959964


def _run(alg, params, feedback=None):
    import processing

    return processing.run(alg, params, context=QgsProcessingContext(), feedback=feedback or QgsProcessingFeedback())


def _budget(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["zone"]: {k: (v if k == "zone" else float(v)) for k, v in row.items()}
                for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def aligned_pair(tmp_path_factory):
    """The pair co-registered (plain module call; the algorithm is tested in test_change_coregister)."""
    from geomorph_plugin.change.coregister import CoregRequest, coregister

    folder = tmp_path_factory.mktemp("pair")
    pair = survey_pair(folder, n=500, sigma=0.05, shift=(1.37, -0.62), dz=0.8, seed=11)
    coregister(CoregRequest(str(pair["old"]), str(pair["new"]), folder / "aligned.tif",
                            stable_raster=str(pair["zones"]), stable_classes=["terrain"]))
    return {**pair, "aligned": folder / "aligned.tif"}


@pytest.mark.parametrize("source", ["constant", "coregistration"])
def test_volumes_match_known_cut_and_fill(provider, tmp_path, aligned_pair, source):
    kind = {"constant": 0, "coregistration": 2}[source]
    out = tmp_path / "dod.tif"
    result = _run("geomorph:demofdifference", {
        "DEM_NEW": str(aligned_pair["aligned"]), "DEM_OLD": str(aligned_pair["old"]),
        "SIGMA_NEW_SOURCE": kind, "SIGMA_NEW": 0.05, "SIGMA_OLD_SOURCE": kind, "SIGMA_OLD": 0.05,
        "CONFIDENCE": 0.95, "ZONES_RASTER": str(aligned_pair["zones"]), "OUTPUT": str(out),
        "OUTPUT_REPORT": str(tmp_path / "dod.html"), "OUTPUT_CSV": str(tmp_path / "dod.csv")})
    budget = _budget(tmp_path / "dod.csv")
    cut, fill = budget["cut zone"], budget["fill zone"]
    # Each zone's net change is the known volume within its reported 95% interval.
    assert abs(-cut["net_volume_m3"] - CUT.volume) <= Z95 * cut["net_sigma_m3"], (cut, CUT.volume)
    assert abs(fill["net_volume_m3"] - FILL.volume) <= Z95 * fill["net_sigma_m3"], (fill, FILL.volume)
    # Erosion in the cut, deposition in the fill: the known volume, give or take the false detections of the
    # noise around them (at most the zone's noise-only cells above the LoD) and the reported uncertainty.
    assert abs(cut["erosion_volume_m3"] - CUT.volume) <= Z95 * cut["erosion_sigma_m3"] + cut["deposition_volume_m3"] + 1
    assert abs(fill["deposition_volume_m3"] - FILL.volume) <= Z95 * fill["deposition_sigma_m3"] + \
        fill["erosion_volume_m3"] + 1
    # The totals the algorithm returns are the CSV's Total row.
    assert result["EROSION_VOLUME"] == pytest.approx(budget["Total"]["erosion_volume_m3"], rel=1e-5)
    assert result["NET_UNCERTAINTY"] == pytest.approx(budget["Total"]["net_sigma_m3"], rel=1e-5)
    if source == "constant":
        # sigma_V = A sqrt(sum sigma_i^2): with one sigma_dz everywhere, A sigma_dz sqrt(n).
        sigma_dz = result["LOD"] / Z95
        assert cut["erosion_sigma_m3"] == pytest.approx(sigma_dz * math.sqrt(cut["erosion_area_m2"]), rel=1e-4)
    else:
        # From the co-registration, sigma_dz follows the NMAD per slope class stored in the aligned DEM.
        by_slope = json.loads(gdal.Open(str(aligned_pair["aligned"])).GetMetadataItem("GEOMORPH_COREG_NMAD_BY_SLOPE"))
        assert len(by_slope) == 10 and all(0.04 < nmad < 0.09 for _, nmad in by_slope), by_slope
    # Noise only: the terrain class has no change, the LoD at 95% leaves at most 5% of it as false change.
    terrain_row = budget["terrain"]
    false_change = 100 - terrain_row["no_change_percent"]
    if source == "constant":
        assert false_change <= 5.0, terrain_row
    else:
        # The NMAD measures this very noise: the false rate is 5% in expectation; allow the binomial
        # spread of this many cells (3 standard deviations).
        n = terrain_row["analysed_m2"]
        assert false_change <= 5.0 + 300 * math.sqrt(0.05 * 0.95 / n), terrain_row
    print(f"{source}: cut {cut['erosion_volume_m3']:.1f} ± {cut['erosion_sigma_m3']:.1f} (known {CUT.volume:.1f}), "
          f"fill {fill['deposition_volume_m3']:.1f} ± {fill['deposition_sigma_m3']:.1f} (known {FILL.volume:.1f}), "
          f"false change {false_change:.2f}%")


def test_noise_only_false_change_at_95_percent(tmp_path):
    """Two surveys of unchanged ground with independent noise of known sigma, no shift: no resampling
    smooths the noise, so this is the LoD's own false-positive rate."""
    from geomorph_plugin.change.dod import DodRequest, SigmaKind, Uncertainty, dem_of_difference

    rng = np.random.default_rng(21)
    n, sigma = 700, 0.04
    c = (np.arange(n) + 0.5)
    x, y = np.meshgrid(X0 + c, Y0 - c)
    base = terrain(x, y)
    a = write(tmp_path / "a.tif", (base + rng.normal(0, sigma, base.shape)).astype(np.float32), X0, Y0, 1.0)
    b = write(tmp_path / "b.tif", (base + rng.normal(0, sigma, base.shape)).astype(np.float32), X0, Y0, 1.0)
    known = Uncertainty(SigmaKind.CONSTANT, sigma)
    result = dem_of_difference(DodRequest(str(b), str(a), tmp_path / "dod.tif", known, known))
    false_change = 100 - result.total.no_change_percent
    assert result.lod == pytest.approx(Z95 * sigma * math.sqrt(2), rel=1e-5)
    # 490 000 cells: the binomial spread of a 5% rate is 0.03%.
    assert 4.8 <= false_change <= 5.0 + 3 * 100 * math.sqrt(0.05 * 0.95 / n ** 2), false_change
    dod = gdal.Open(str(result.output)).ReadAsArray()
    assert ((dod != 0).mean() * 100) == pytest.approx(false_change, abs=1e-6)
    assert np.all(np.abs(dod[dod != 0]) > result.lod)


def test_outputs_cog_ramp_probability_and_report(provider, tmp_path, aligned_pair):
    from qgis.core import QgsRasterLayer

    out = tmp_path / "dod.tif"
    prob = tmp_path / "p.tif"
    _run("geomorph:demofdifference", {
        "DEM_NEW": str(aligned_pair["aligned"]), "DEM_OLD": str(aligned_pair["old"]), "SIGMA_NEW_SOURCE": 2,
        "SIGMA_OLD_SOURCE": 2, "METHOD": 1, "OUTPUT": str(out), "OUTPUT_PROBABILITY": str(prob),
        "OUTPUT_REPORT": str(tmp_path / "r.html")})
    ds = gdal.Open(str(out))
    assert gdal.Info(ds, format="json")["metadata"]["IMAGE_STRUCTURE"]["LAYOUT"] == "COG"
    dod, p = ds.ReadAsArray(), gdal.Open(str(prob)).ReadAsArray()
    kept = (dod != 0) & (dod != -9999)
    # Probabilistic: exactly the cells whose probability of real change reaches the confidence.
    assert np.array_equal(kept, p >= 0.95)
    assert dod[int((Y0 - CUT.cy) - 0.5), int((CUT.cx - X0) - 0.5)] == pytest.approx(-2.0, abs=0.3)
    layer = QgsRasterLayer(str(out), "dod", "gdal")
    assert layer.isValid() and layer.renderer().type() == "singlebandpseudocolor"
    shader = layer.renderer().shader().rasterShaderFunction()
    items = shader.colorRampItemList()
    assert items[0].value == pytest.approx(-items[-1].value) and items[0].color.red() > items[0].color.blue()
    assert items[-1].color.blue() > items[-1].color.red()
    html = (tmp_path / "r.html").read_text()
    assert html.count("<svg") == 2 and "sqrt(sum of sigma_dz_i²)" in html
    assert not list(tmp_path.glob("*.part*"))


def test_budget_per_polygon(provider, tmp_path, aligned_pair):
    gpkg = tmp_path / "zones.gpkg"
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(gpkg))
    layer = source.CreateLayer("reaches", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for name, (cx, cy) in (("pit", (CUT.cx, CUT.cy)), ("mound", (FILL.cx, FILL.cy))):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("name", name)
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({cx} {cy})").Buffer(31))
        layer.CreateFeature(f)
    source = None
    _run("geomorph:demofdifference", {
        "DEM_NEW": str(aligned_pair["aligned"]), "DEM_OLD": str(aligned_pair["old"]), "SIGMA_NEW": 0.05,
        "SIGMA_OLD": 0.05, "ZONES_POLYGONS": str(gpkg), "ZONES_FIELD": "name", "OUTPUT": str(tmp_path / "d.tif"),
        "OUTPUT_CSV": str(tmp_path / "b.csv")})
    budget = _budget(tmp_path / "b.csv")
    assert set(budget) == {"pit", "mound", "(outside every zone)", "Total"}
    assert abs(-budget["pit"]["net_volume_m3"] - CUT.volume) <= Z95 * budget["pit"]["net_sigma_m3"] + 5
    assert abs(budget["mound"]["net_volume_m3"] - FILL.volume) <= Z95 * budget["mound"]["net_sigma_m3"] + 5
    assert budget["pit"]["analysed_m2"] == pytest.approx(math.pi * 31 ** 2, rel=0.02)


def test_uncertainty_covers_the_error_over_realizations(tmp_path):
    """Eight independent surveys (noise, shift and bias drawn at random): the known net volume of each zone lies
    within the reported 95% interval in at least 13 of the 16 cases (expected 15.2; an uncertainty too small
    by a third would give ~12)."""
    from geomorph_plugin.change.coregister import CoregRequest, coregister
    from geomorph_plugin.change.dod import DodRequest, SigmaKind, Uncertainty, dem_of_difference

    rng = np.random.default_rng(99)
    inside, errors = 0, []
    for i in range(8):
        shift = tuple(rng.uniform(-1.5, 1.5, 2))
        folder = tmp_path / f"r{i}"
        pair = survey_pair(folder, n=500, sigma=0.05, shift=shift, dz=float(rng.uniform(-1, 1)), seed=100 + i)
        coregister(CoregRequest(str(pair["old"]), str(pair["new"]), folder / "aligned.tif",
                                stable_raster=str(pair["zones"]), stable_classes=["terrain"]))
        from_coreg = Uncertainty(SigmaKind.COREGISTRATION)
        result = dem_of_difference(DodRequest(str(folder / "aligned.tif"), str(pair["old"]), folder / "dod.tif",
                                              from_coreg, from_coreg, zones_raster=str(pair["zones"]), style=False))
        zones = {b.name: b for b in result.zones}
        for name, known in (("cut zone", -CUT.volume), ("fill zone", FILL.volume)):
            z = (zones[name].net_volume - known) / zones[name].net_uncertainty
            errors.append(round(z, 2))
            inside += abs(z) <= Z95
    print(f"net volume error / reported sigma: {errors}; {inside}/16 inside the 95% interval")
    assert inside >= 13, errors


def test_overviews_are_decimated_from_the_full_resolution(tmp_path):
    """The DoD's overviews are written stripe by stripe; the COG keeps them, and they hold the full-resolution
    cells at every 2nd / 4th row and column (nearest), not zeros."""
    from geomorph_plugin.change.dod import DodRequest, SigmaKind, Uncertainty, dem_of_difference

    n = 1200
    x = np.arange(n, dtype=np.float32)
    old = np.tile(x * 0.01, (n, 1))
    new = old + np.where((x[:, None] // 100 + x[None, :] // 100) % 2 == 0, 1.0, -1.0).astype(np.float32)
    a = write(tmp_path / "a.tif", old, X0, Y0, 1.0)
    b = write(tmp_path / "b.tif", new, X0, Y0, 1.0)
    sigma = Uncertainty(SigmaKind.CONSTANT, 0.05)
    result = dem_of_difference(DodRequest(str(b), str(a), tmp_path / "dod.tif", sigma, sigma))
    ds = gdal.Open(str(result.output))
    assert gdal.Info(ds, format="json")["metadata"]["IMAGE_STRUCTURE"]["LAYOUT"] == "COG"
    band = ds.GetRasterBand(1)
    full = band.ReadAsArray()
    assert band.GetOverviewCount() == 2
    for i, f in enumerate((2, 4)):
        assert np.array_equal(band.GetOverview(i).ReadAsArray(), full[::f, ::f])
