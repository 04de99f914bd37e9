"""The land-cover pipeline on analytic ONNX models: placement, georeferencing, blending, resampling,
nodata, multi-label, uint16, probabilities, report and COG metadata (plain modules, real onnxruntime)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from geomorph_plugin.landcover import contract, inference, runtime
from tests.onnx_models import brightest_band_classifier, brightest_band_segmenter, write_raster

ORIGIN = (500000.0, 4500000.0)


def _open_model(path):
    rt = runtime.create_runtime(path, "cpu")
    return rt, contract.contract_from_session(rt.session)


def _classify(tmp_path, raster, model, **kwargs):
    rt, c = _open_model(model)
    request = inference.Request(source=str(raster), output=tmp_path / "classes.tif", **kwargs)
    return inference.classify(request, c, rt), c


def _read(path, band=1):
    ds = gdal.Open(str(path))
    return ds.GetRasterBand(band).ReadAsArray()


def _distinct_argmax(rng, shape, bands=3):
    """Random uint8 bands whose brightest band is unique at every pixel (no argmax ties)."""
    data = rng.integers(0, 200, (bands, *shape)).astype(np.int32)
    winner = rng.integers(0, bands, shape)
    np.put_along_axis(data, winner[None], 250, axis=0)
    return data.astype(np.uint8), winner


def test_segmentation_is_pixel_exact_and_georeferenced(tmp_path):
    rng = np.random.default_rng(1)
    data, truth = _distinct_argmax(rng, (77, 101))
    raster = write_raster(tmp_path / "in.tif", data, res=1.0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=32, value_scale=255)
    result, _ = _classify(tmp_path, raster, model, overlap_percent=20, batch_size=3)
    out = gdal.Open(str(result.output))
    assert (out.RasterXSize, out.RasterYSize) == (101, 77)
    assert out.GetGeoTransform() == pytest.approx((ORIGIN[0], 1.0, 0.0, ORIGIN[1], 0.0, -1.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    assert out.GetSpatialRef().IsSame(srs)
    np.testing.assert_array_equal(out.ReadAsArray(), truth)
    assert sum(result.counts.values()) == 77 * 101


def test_nhwc_segmenter_and_extent_subset_align_to_extent(tmp_path):
    rng = np.random.default_rng(2)
    data, truth = _distinct_argmax(rng, (60, 80))
    raster = write_raster(tmp_path / "in.tif", data, res=2.0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, resolution_m=2.0, layout="NHWC", value_scale=255)
    # Columns 10..49, rows 5..34 of the raster.
    extent = (ORIGIN[0] + 20, ORIGIN[1] - 70, ORIGIN[0] + 100, ORIGIN[1] - 10)
    result, c = _classify(tmp_path, raster, model, extent=extent)
    assert c.input_layout == "NHWC"
    out = gdal.Open(str(result.output))
    assert out.GetGeoTransform() == pytest.approx((ORIGIN[0] + 20, 2.0, 0.0, ORIGIN[1] - 10, 0.0, -2.0))
    np.testing.assert_array_equal(out.ReadAsArray(), truth[5:35, 10:50])


def test_patch_classifier_cells_match_patch_windows(tmp_path):
    patch = 8
    rows, cols = 5, 7
    winners = np.random.default_rng(3).integers(0, 3, (rows, cols))
    data = np.full((3, rows * patch, cols * patch), 60, np.uint8)
    for r in range(rows):
        for c in range(cols):
            data[winners[r, c], r * patch:(r + 1) * patch, c * patch:(c + 1) * patch] = 200
    # 3 extra pixel columns and rows: the last, partial patches count only when half valid.
    padded = np.zeros((3, rows * patch + 3, cols * patch + 3), np.uint8)
    padded[:, :rows * patch, :cols * patch] = data
    raster = write_raster(tmp_path / "in.tif", padded, res=10.0, origin=ORIGIN)
    model = brightest_band_classifier(tmp_path / "patch.onnx", patch=patch, resolution_m=10.0, value_scale=255)
    result, _ = _classify(tmp_path, raster, model, batch_size=4)
    out = gdal.Open(str(result.output))
    assert out.GetGeoTransform() == pytest.approx((ORIGIN[0], 80.0, 0.0, ORIGIN[1], 0.0, -80.0))
    classes = out.ReadAsArray()
    assert classes.shape == (rows + 1, cols + 1)
    np.testing.assert_array_equal(classes[:rows, :cols], winners)
    # The partial patches are less than half inside the raster: nodata.
    assert (classes[rows, :] == 255).all() and (classes[:, cols] == 255).all()
    assert result.cell_area_m2 == pytest.approx(6400.0)


def test_input_is_resampled_to_model_resolution(tmp_path):
    rng = np.random.default_rng(4)
    coarse, truth = _distinct_argmax(rng, (20, 30))
    fine = coarse.repeat(4, axis=1).repeat(4, axis=2)  # 0.25 m pixels, constant over each 1 m cell
    raster = write_raster(tmp_path / "in.tif", fine, res=0.25, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, resolution_m=1.0, value_scale=255)
    result, _ = _classify(tmp_path, raster, model)
    assert any("Resampling the input from 0.25 m to the model's 1 m" in line for line in result.log)
    out = gdal.Open(str(result.output))
    assert (out.RasterXSize, out.RasterYSize) == (30, 20)
    assert out.GetGeoTransform()[1] == pytest.approx(1.0)
    np.testing.assert_array_equal(out.ReadAsArray(), truth)


def test_input_nodata_becomes_output_nodata(tmp_path):
    rng = np.random.default_rng(5)
    data, truth = _distinct_argmax(rng, (40, 50))
    data[:, 10:20, 5:45] = 0  # all bands 0 = the declared nodata value
    raster = write_raster(tmp_path / "in.tif", data, nodata=0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=255)
    result, _ = _classify(tmp_path, raster, model)
    out = gdal.Open(str(result.output))
    classes = out.ReadAsArray()
    assert out.GetRasterBand(1).GetNoDataValue() == 255
    assert (classes[10:20, 5:45] == 255).all()
    mask = np.ones(classes.shape, bool)
    mask[10:20, 5:45] = False
    np.testing.assert_array_equal(classes[mask], truth[mask])
    assert sum(result.counts.values()) == mask.sum()


def _max_step(p: np.ndarray) -> float:
    inner = p[4:-4, 4:-4]  # the raster's own border is darkened by the zero padding in any tiling
    return float(max(np.abs(np.diff(inner, axis=0)).max(), np.abs(np.diff(inner, axis=1)).max()))


def test_overlap_blending_leaves_no_seams(tmp_path):
    y, x = np.mgrid[0:96, 0:160].astype(np.float32)
    data = np.stack([100 + 100 * np.sin(x / 40.0) * np.cos(y / 50.0), np.full_like(x, 110),
                     np.zeros_like(x)]).astype(np.uint8)
    raster = write_raster(tmp_path / "smooth.tif", data, origin=ORIGIN)
    # Zero padding of the 5x5 average makes every tile's border darker than its centre: the
    # tiles disagree near their edges, which is what blending must hide.
    model = brightest_band_segmenter(tmp_path / "smooth.onnx", tile=48, smooth=2, gain=5.0, value_scale=255)
    result, _ = _classify(tmp_path, raster, model, overlap_percent=25, probabilities=tmp_path / "p.tif")
    tiled = _read(result.probabilities, 1)
    # The same net applied to the whole raster at once: no tiles, so no seams.
    padded = np.pad(data.astype(np.float64) / 255, ((0, 0), (2, 2), (2, 2)))
    logits = 5.0 * sum(padded[:, i:i + 96, j:j + 160] for i in range(5) for j in range(5)) / 25
    whole = np.exp(logits - logits.max(0))
    whole = (whole / whole.sum(0))[0]
    # Without weights (plain averaging or centre cropping) a step of ~6x the natural one shows
    # where one tile hands over to the next; blended, the steps stay those of the smooth input.
    assert _max_step(tiled) < 1.3 * _max_step(whole)
    assert np.abs(tiled - whole)[4:-4, 4:-4].max() < 0.02


def test_multilabel_gives_dominant_class_and_presence_bands(tmp_path):
    patch = 4
    means = np.array([[[0.9, 0.1, 0.7], [0.2, 0.3, 0.1]],
                      [[0.1, 0.8, 0.6], [0.4, 0.95, 0.53]]])  # (rows, cols, bands) in 0..1
    data = (means.transpose(2, 0, 1).repeat(patch, 1).repeat(patch, 2) * 255).round().astype(np.uint8)
    raster = write_raster(tmp_path / "in.tif", data, res=10.0, origin=ORIGIN)
    model = brightest_band_classifier(tmp_path / "ml.onnx", patch=patch, multilabel=True, value_scale=255,
                                      thresholds=[0.5, 0.5, 0.65])
    result, c = _classify(tmp_path, raster, model)
    assert c.model_type == "multilabel_classifier"
    out = gdal.Open(str(result.output))
    assert out.RasterCount == 1
    quantised = data[:, ::patch, ::patch].transpose(1, 2, 0) / 255.0
    np.testing.assert_array_equal(out.ReadAsArray(), means.argmax(axis=2))
    assert result.presence == tmp_path / "classes_presence.tif"
    bands = gdal.Open(str(result.presence))
    presence = bands.ReadAsArray().transpose(1, 2, 0)
    score = 1 / (1 + np.exp(-20 * (quantised - 0.5)))
    expected = (score >= np.array([0.5, 0.5, 0.65])).astype(np.uint8)
    np.testing.assert_array_equal(presence, expected)
    # 0.53 scores 0.65-: present for a 0.5 threshold, absent for class2's own 0.65.
    assert 0.5 < score[1, 1, 2] < 0.65 and presence[1, 1, 2] == 0
    assert bands.GetGeoTransform() == out.GetGeoTransform()
    assert bands.GetRasterBand(3).GetDescription() == "presence: class2"


def test_uint16_input_uses_value_scale(tmp_path):
    rng = np.random.default_rng(6)
    data = rng.integers(0, 9000, (3, 30, 40)).astype(np.uint16)
    truth = rng.integers(0, 3, (30, 40))
    np.put_along_axis(data, truth[None], 9500, axis=0)
    raster = write_raster(tmp_path / "in16.tif", data, res=10.0, origin=ORIGIN)
    assert gdal.Open(str(raster)).GetRasterBand(1).DataType == gdal.GDT_UInt16
    model = brightest_band_segmenter(tmp_path / "s2.onnx", tile=16, resolution_m=10.0, value_scale=10000)
    result, _ = _classify(tmp_path, raster, model, probabilities=tmp_path / "p.tif")
    np.testing.assert_array_equal(_read(result.output), truth)
    # value_scale really was applied: softmax(50 * raw / 10000) is what the file holds.
    logits = 50.0 * data.astype(np.float64) / 10000.0
    expected = np.exp(logits - logits.max(0)) / np.exp(logits - logits.max(0)).sum(0)
    np.testing.assert_allclose(_read(result.probabilities, 1), expected[0], atol=1e-4)


def test_probabilities_raster_has_class_bands_and_confidence(tmp_path):
    rng = np.random.default_rng(7)
    data, _ = _distinct_argmax(rng, (30, 30))
    data[:, :5, :5] = 0
    raster = write_raster(tmp_path / "in.tif", data, nodata=0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=255, gain=3.0)
    result, _ = _classify(tmp_path, raster, model, probabilities=tmp_path / "probs.tif")
    ds = gdal.Open(str(result.probabilities))
    assert ds.RasterCount == 4
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(4)] == [
        "probability: class0", "probability: class1", "probability: class2", "confidence"]
    assert ds.GetGeoTransform() == gdal.Open(str(result.output)).GetGeoTransform()
    probs = ds.ReadAsArray()
    valid = np.ones((30, 30), bool)
    valid[:5, :5] = False
    np.testing.assert_allclose(probs[:3, valid].sum(axis=0), 1.0, atol=1e-5)
    np.testing.assert_allclose(probs[3, valid], probs[:3, valid].max(axis=0), atol=1e-6)
    assert (probs[:, ~valid] == -1).all() and ds.GetRasterBand(1).GetNoDataValue() == -1
    assert "LAYOUT=COG" in gdal.Info(ds)


def test_area_report_html_and_csv(tmp_path):
    data = np.zeros((3, 20, 30), np.uint8)
    data[0, :, :10] = 200  # class 0: 200 cells
    data[1, :, 10:] = 200  # class 1: 400 cells
    raster = write_raster(tmp_path / "in.tif", data, res=10.0, origin=ORIGIN)  # 100 m² per cell
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, resolution_m=10.0, value_scale=255)
    result, _ = _classify(tmp_path, raster, model, report=tmp_path / "report.csv")
    with (tmp_path / "report.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["class"], int(r["cells"]), float(r["area_ha"])) for r in rows] == [
        ("class0", 200, 2.0), ("class1", 400, 4.0), ("class2", 0, 0.0)]
    assert float(rows[1]["percent"]) == pytest.approx(66.67, abs=0.01)
    from geomorph_plugin.landcover.output import write_report

    _, c = _open_model(tmp_path / "seg.onnx")
    html_path = write_report(tmp_path / "report.html", result.counts, result.cell_area_m2, c)
    text = html_path.read_text(encoding="utf-8")
    assert "<td class=\"name\">class1</td><td>400</td><td>4.0000</td>" in text
    assert "6.0000" in text  # total hectares


def test_output_is_cog_with_colour_table_category_names_and_rat(tmp_path):
    rng = np.random.default_rng(8)
    data, _ = _distinct_argmax(rng, (40, 40))
    raster = write_raster(tmp_path / "in.tif", data, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=255)
    result, c = _classify(tmp_path, raster, model)
    ds = gdal.Open(str(result.output))
    info = gdal.Info(ds, format="json")
    assert info["metadata"]["IMAGE_STRUCTURE"]["LAYOUT"] == "COG"
    assert info["metadata"]["IMAGE_STRUCTURE"]["COMPRESSION"] == "DEFLATE"
    band = ds.GetRasterBand(1)
    assert band.GetColorInterpretation() == gdal.GCI_PaletteIndex
    table = band.GetColorTable()
    for i, color in enumerate(c.class_colors):
        assert table.GetColorEntry(i)[:3] == color
    assert band.GetCategoryNames()[:3] == ["class0", "class1", "class2"]
    rat = band.GetDefaultRAT()
    assert rat.GetRowCount() == 3
    assert [rat.GetValueAsString(i, 1) for i in range(3)] == ["class0", "class1", "class2"]
    assert not list(tmp_path.glob("*.part*"))


def _stripes_for(width, tile, overlap_percent, max_px):
    from geomorph_plugin.landcover import tiling

    overlap = int(round(tile * overlap_percent / 100))
    return inference.plan_stripes(tiling.tile_starts(width, tile, overlap), tile, width, max_px)


def test_column_stripes_match_one_full_width_pass_exactly(tmp_path):
    rng = np.random.default_rng(9)
    y, x = np.mgrid[0:70, 0:300].astype(np.float32)
    data = np.stack([120 + 80 * np.sin(x / 9.0) * np.cos(y / 7.0), 110 + rng.normal(0, 30, x.shape),
                     100 + 60 * np.cos(x / 5.0)]).clip(0, 255).astype(np.uint8)
    raster = write_raster(tmp_path / "wide.tif", data, origin=ORIGIN)
    # Zero-padded smoothing: overlapping tiles disagree, so any missing or extra tile
    # contribution at a stripe boundary changes the blended probabilities.
    model = brightest_band_segmenter(tmp_path / "smooth.onnx", tile=32, smooth=2, gain=5.0, value_scale=255)
    stripes = _stripes_for(300, 32, 25, 80)
    assert len(stripes) >= 4 and any(s.start < s.first for s in stripes)
    runs = {}
    for name, max_px in (("one", None), ("striped", 80)):
        out = tmp_path / name
        out.mkdir()
        rt, c = _open_model(model)
        request = inference.Request(source=str(raster), output=out / "classes.tif", overlap_percent=25,
                                    batch_size=3, probabilities=out / "p.tif", max_stripe_px=max_px)
        result = inference.classify(request, c, rt)
        assert any(f"{1 if max_px is None else len(stripes)} column stripes" in line for line in result.log)
        runs[name] = (_read(result.output), gdal.Open(str(result.probabilities)).ReadAsArray(), result.counts)
    classes, probs, counts = runs["striped"]
    assert len(np.unique(classes)) == 3
    np.testing.assert_array_equal(classes, runs["one"][0])
    np.testing.assert_array_equal(probs, runs["one"][1])
    assert counts == runs["one"][2]


def test_nodata_across_a_stripe_boundary(tmp_path):
    rng = np.random.default_rng(10)
    data, truth = _distinct_argmax(rng, (50, 200))
    stripes = _stripes_for(200, 16, 25, 48)
    boundary = stripes[1].out0
    assert len(stripes) >= 3 and stripes[1].start < stripes[1].first
    # Nodata straddles the boundary, covers the guard tile's overlap, and fills whole tiles too.
    data[:, 12:40, boundary - 20:boundary + 9] = 0
    raster = write_raster(tmp_path / "in.tif", data, nodata=0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=255)
    outs = []
    for name, max_px in (("one", None), ("striped", 48)):
        (tmp_path / name).mkdir()
        result, _ = _classify(tmp_path / name, raster, model, overlap_percent=25, batch_size=5, max_stripe_px=max_px)
        outs.append(_read(result.output))
    classes = outs[1]
    np.testing.assert_array_equal(classes, outs[0])
    nodata = np.zeros(classes.shape, bool)
    nodata[12:40, boundary - 20:boundary + 9] = True
    assert (classes[nodata] == 255).all()
    np.testing.assert_array_equal(classes[~nodata], truth[~nodata])
    assert sum(result.counts.values()) == (~nodata).sum()


@pytest.mark.parametrize("dtype,value_scale", [(np.uint8, 255), (np.uint16, 10000)])
def test_normalisation_folded_into_the_graph_matches_numpy(tmp_path, monkeypatch, dtype, value_scale):
    rng = np.random.default_rng(11)
    mean, std = [0.3, 0.5, 0.2], [0.2, 0.25, 0.1]
    top = 250 if dtype == np.uint8 else 9800
    data = rng.integers(1, top // 3, (3, 45, 70))
    # One band high over each 5 x 5 block, so that every class wins somewhere despite the smoothing.
    winner = rng.integers(0, 3, (9, 14)).repeat(5, 0).repeat(5, 1)
    np.put_along_axis(data, winner[None], top, axis=0)
    data = data.astype(dtype)
    data[:, 30:38, 10:60] = 0  # nodata: filled with the raw mean on both paths
    raster = write_raster(tmp_path / "in.tif", data, nodata=0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=value_scale, mean=mean, std=std,
                                     gain=4.0, smooth=1)
    # The folded model itself takes the raster's raw type under the original input name.
    rt, c = _open_model(model)
    folded = runtime.normalising_runtime(rt, c, np.dtype(dtype))
    assert folded is not None
    assert [(i.name, i.type) for i in folded.session.get_inputs()] == [
        ("input", f"tensor({np.dtype(dtype).name})")]
    runs = {}
    for fold in (True, False):
        monkeypatch.setattr(inference, "FOLD_NORMALISATION", fold)
        out = tmp_path / str(fold)
        out.mkdir()
        request = inference.Request(source=str(raster), output=out / "classes.tif", overlap_percent=25, batch_size=3,
                                    probabilities=out / "p.tif")
        result = inference.classify(request, c, rt)
        assert any(("folded into the graph" in line) == fold for line in result.log if "normalisation" in line)
        runs[fold] = (_read(result.output), gdal.Open(str(result.probabilities)).ReadAsArray(), result.counts)
    classes, probs, counts = runs[True]
    np.testing.assert_array_equal(classes, runs[False][0])
    np.testing.assert_allclose(probs, runs[False][1], atol=1e-5, rtol=0)
    assert counts == runs[False][2]
    assert (classes[30:38, 10:60] == 255).all() and len(np.unique(classes[:30])) == 3
    # Both are the contract's normalisation: softmax over bands of 4 * 3x3 mean of (raw / scale - mean) / std,
    # checked where only the first tile contributes (its zero padding is the raster edge).
    x = (data.astype(np.float64) / value_scale - np.array(mean)[:, None, None]) / np.array(std)[:, None, None]
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    logits = 4.0 * sum(padded[:, i:i + 45, j:j + 70] for i in range(3) for j in range(3)) / 9
    expected = np.exp(logits - logits.max(0))
    expected /= expected.sum(0)
    np.testing.assert_allclose(probs[:3, :11, :11], expected[:, :11, :11], atol=1e-4)  # first tile alone


def test_much_finer_input_is_averaged_onto_the_grid_in_a_temporary_copy(tmp_path):
    import tempfile

    rng = np.random.default_rng(12)
    coarse, truth = _distinct_argmax(rng, (24, 40))
    fine = coarse.repeat(10, axis=1).repeat(10, axis=2)  # 0.1 m pixels, constant over each 1 m cell
    raster = write_raster(tmp_path / "in.tif", fine, res=0.1, origin=ORIGIN)
    before = raster.read_bytes()
    temp = Path(tempfile.gettempdir())
    ours = {p for p in temp.glob("geomorph-landcover-*")}
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, resolution_m=1.0, value_scale=255)
    result, _ = _classify(tmp_path, raster, model)
    assert any("10 times the input's: averaging the input onto the model grid" in line for line in result.log)
    np.testing.assert_array_equal(_read(result.output), truth)
    # The user's raster is untouched (no overviews or sidecars added) and the copy is gone.
    assert raster.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["classes.tif", "classes.tif.aux.xml", "in.tif", "seg.onnx"]
    assert {p for p in temp.glob("geomorph-landcover-*")} <= ours
