"""Deepness's segmentation settings carried by a model: ``seg_thresh`` (below it, class 0) and
``seg_small_segment`` (median of the classes over a window), on real ONNX models and GDAL rasters."""

from __future__ import annotations

import json

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from osgeo import gdal

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.landcover import contract, inference, runtime, small_segments
from tests.onnx_models import brightest_band_segmenter, write_raster

ORIGIN = (500000.0, 4500000.0)
NODATA = 255


def _classify(tmp_path, raster, model, name="classes.tif", **kwargs):
    rt = runtime.create_runtime(model, "cpu")
    c = contract.contract_from_session(rt.session)
    request = inference.Request(source=str(raster), output=tmp_path / name, **kwargs)
    result = inference.classify(request, c, rt)
    return result, gdal.Open(str(result.output)).ReadAsArray()


def _reference_median(labels: np.ndarray, classes: int, side: int) -> np.ndarray:
    """Brute force: sort each window's valid classes and take the lower median."""
    r = side // 2
    values = np.where(labels == NODATA, np.inf, labels.astype(np.float64))
    windows = sliding_window_view(np.pad(values, r, constant_values=np.inf), (side, side))
    ordered = np.sort(windows.reshape(*labels.shape, -1), axis=-1)
    valid = np.isfinite(ordered).sum(axis=-1)
    median = np.take_along_axis(ordered, np.maximum(valid - 1, 0)[..., None] // 2, axis=-1)[..., 0]
    return np.where(labels == NODATA, NODATA, median).astype(np.uint8)


def _bands_for(labels: np.ndarray, rng) -> np.ndarray:
    """Four 8-bit bands whose brightest band is ``labels`` (250 against at most 199)."""
    data = rng.integers(0, 200, (4, *labels.shape)).astype(np.uint8)
    np.put_along_axis(data, labels[None].astype(np.int64), 250, axis=0)
    return data


def test_deepness_keys_are_read_and_checked():
    meta = {"model_type": json.dumps("Segmentor"), "class_names": json.dumps({"0": "background", "1": "field"}),
            "resolution": "10", "seg_thresh": "0.5", "seg_small_segment": "7"}
    c = contract.parse_contract(meta, "input", ["N", 3, 512, 512], "tensor(float)", ["N", 2, 512, 512])
    assert (c.seg_thresh, c.seg_small_segment, c.resolution_m, c.source) == (0.5, 7, 0.1, "deepness")
    plain = contract.parse_contract({k: v for k, v in meta.items() if not k.startswith("seg_")}, "input",
                                    ["N", 3, 512, 512], "tensor(float)", ["N", 2, 512, 512])
    assert (plain.seg_thresh, plain.seg_small_segment) == (None, 0)
    for key, value, words in (("seg_thresh", "1.5", "between 0 and 1"), ("seg_small_segment", "2.5", "whole number"),
                              ("seg_small_segment", "-3", "whole number")):
        with pytest.raises(GeomorphError, match=words):
            contract.parse_contract({**meta, key: value}, "input", ["N", 3, 512, 512], "tensor(float)",
                                    ["N", 2, 512, 512])


def test_window_side_follows_deepness():
    assert [small_segments.window(n) for n in (0, 1, 2, 6, 7, 8)] == [1, 1, 3, 7, 7, 9]


@pytest.mark.parametrize("threshold", [None, 0.7])
def test_seg_thresh_gives_class_0_below_the_threshold(tmp_path, threshold):
    # Per pixel softmax(50 x value): (0.2, 0.5, 0.49) -> p1 = 0.62; (0.2, 0.5, 0.3) -> p1 > 0.9999;
    # (0.1, 0.2, 0.9) -> p2 > 0.9999; (0.6, 0.1, 0.59) -> p0 = 0.62.
    kinds = np.array([[0.2, 0.5, 0.49], [0.2, 0.5, 0.3], [0.1, 0.2, 0.9], [0.6, 0.1, 0.59]], np.float32)
    pick = np.random.default_rng(3).integers(0, 4, (70, 90))
    raster = write_raster(tmp_path / "in.tif", np.moveaxis(kinds[pick], -1, 0), res=1.0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=32, seg_thresh=threshold)
    result, out = _classify(tmp_path, raster, model, overlap_percent=25, batch_size=3)
    expected = np.array([1, 1, 2, 0])[pick] if threshold is None else np.array([0, 1, 2, 0])[pick]
    np.testing.assert_array_equal(out, expected)
    assert result.counts == {k: int((expected == k).sum()) for k in range(3)}
    assert any("seg_thresh 0.7" in line for line in result.log) == (threshold is not None)


def test_median_pass_matches_brute_force_in_blocks(monkeypatch):
    rng = np.random.default_rng(4)
    labels = rng.integers(0, 4, (83, 61)).astype(np.uint8)
    labels[rng.random(labels.shape) < 0.1] = NODATA
    labels[:5, :7] = NODATA  # a corner all nodata
    for rows, cols, side in ((256, 2048, 7), (9, 13, 7), (4, 5, 3)):
        monkeypatch.setattr(small_segments, "BLOCK_ROWS", rows)
        monkeypatch.setattr(small_segments, "CHUNK_COLS", cols)
        ds = gdal.GetDriverByName("MEM").Create("", labels.shape[1], labels.shape[0], 1, gdal.GDT_Byte)
        ds.GetRasterBand(1).WriteArray(labels)
        counts = small_segments.filter_band(ds.GetRasterBand(1), labels.shape[1], labels.shape[0], 4, NODATA, side,
                                            np.uint8)
        expected = _reference_median(labels, 4, side)
        np.testing.assert_array_equal(ds.GetRasterBand(1).ReadAsArray(), expected, err_msg=f"{rows} {cols} {side}")
        assert counts.tolist() == [int((expected == k).sum()) for k in range(4)]


def test_small_segments_are_removed_the_same_across_stripes_and_blocks(tmp_path, monkeypatch):
    truth = np.ones((130, 150), np.uint8)
    truth[40:42, 40:42] = 2  # 2 x 2 px: gone in a 7 x 7 median
    truth[110, 10:140] = 0  # a one pixel wide line: gone
    truth[60:100, 80:120] = 2  # 40 x 40 px: kept, corners rounded
    truth[20:24, 100:103] = 3  # 12 px: gone
    raster = write_raster(tmp_path / "in.tif", _bands_for(truth, np.random.default_rng(5)), res=1.0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", bands=4, tile=32, value_scale=255,
                                     seg_small_segment=7)
    plain_model = brightest_band_segmenter(tmp_path / "plain.onnx", bands=4, tile=32, value_scale=255)
    _, plain = _classify(tmp_path, raster, plain_model, name="plain.tif", overlap_percent=20)
    np.testing.assert_array_equal(plain, truth)

    result, out = _classify(tmp_path, raster, model, name="one.tif", overlap_percent=20)
    expected = _reference_median(truth, 4, 7)
    np.testing.assert_array_equal(out, expected)
    assert (out[40:42, 40:42] == 1).all() and (out[110] == 1).all() and (out[20:24, 100:103] == 1).all()
    assert (out[63:97, 83:117] == 2).all() and out[60, 80] == 1  # inside kept, the corner rounded
    assert result.counts == {k: int((expected == k).sum()) for k in range(4)}
    assert any("seg_small_segment 7" in line and "7 x 7" in line for line in result.log)

    monkeypatch.setattr(small_segments, "BLOCK_ROWS", 16)
    _, striped = _classify(tmp_path, raster, model, name="striped.tif", overlap_percent=20, max_stripe_px=64)
    np.testing.assert_array_equal(striped, expected)
