"""Analytic ONNX models with known outputs, built with the onnx package, carrying the contract."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


def _meta(**values) -> dict[str, str]:
    return {k: (v if isinstance(v, str) else json.dumps(v)) for k, v in values.items() if v is not None}


def _save(graph, path: Path, metadata: dict[str, str]) -> Path:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return Path(path)


def contract_meta(model_type: str, classes: int, resolution_m: float, **extra) -> dict[str, str]:
    names = [f"class{i}" for i in range(classes)]
    colors = [f"#{40 * i % 256:02x}{255 - 30 * i % 256:02x}{90 + 50 * i % 166:02x}" for i in range(classes)]
    return _meta(geomorph_contract="1", model_type=model_type, class_names=names, class_colors=colors,
                 resolution_m=resolution_m, **extra)


def brightest_band_classifier(path: Path, bands: int = 3, patch: int = 8, resolution_m: float = 10.0,
                              multilabel: bool = False, metadata: dict | None = None, batch="N", **extra) -> Path:
    """Patch classifier: class = index of the band with the highest patch mean (softmax scores).

    Multi-label: sigmoid(20 * (mean - 0.5)) per band, i.e. band present when its mean > 0.5.
    """
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [batch, bands, patch, patch])
    y = helper.make_tensor_value_info("scores", TensorProto.FLOAT, [batch, bands])
    nodes = [helper.make_node("ReduceMean", ["input"], ["mean"], axes=[2, 3], keepdims=0)]
    inits = []
    if multilabel:
        inits = [numpy_helper.from_array(np.array(0.5, np.float32), "half"),
                 numpy_helper.from_array(np.array(20.0, np.float32), "gain")]
        nodes += [helper.make_node("Sub", ["mean", "half"], ["c"]), helper.make_node("Mul", ["c", "gain"], ["g"]),
                  helper.make_node("Sigmoid", ["g"], ["scores"])]
        kind = "multilabel_classifier"
    else:
        inits = [numpy_helper.from_array(np.array(50.0, np.float32), "gain")]
        nodes += [helper.make_node("Mul", ["mean", "gain"], ["g"]),
                  helper.make_node("Softmax", ["g"], ["scores"], axis=1)]
        kind = "patch_classifier"
    graph = helper.make_graph(nodes, "brightest_patch", [x], [y], initializer=inits)
    meta = metadata if metadata is not None else contract_meta(kind, bands, resolution_m, **extra)
    return _save(graph, path, meta)


def brightest_band_segmenter(path: Path, bands: int = 3, tile: int = 32, resolution_m: float = 1.0,
                             metadata: dict | None = None, smooth: int = 0, layout: str = "NCHW", gain: float = 50.0,
                             **extra) -> Path:
    """Segmenter: per pixel, softmax over bands of ``gain`` * value (class = brightest band).

    ``smooth`` > 0 first averages each band over a (2 smooth + 1)^2 window with zero padding, so
    tile edges see darker values than the tile centre: overlapping tiles then disagree, which
    is what the blending must hide.
    """
    shape = ["N", bands, tile, tile] if layout == "NCHW" else ["N", tile, tile, bands]
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)
    y = helper.make_tensor_value_info("probs", TensorProto.FLOAT, shape)
    nodes, inits = [], [numpy_helper.from_array(np.array(gain, np.float32), "gain")]
    src = "input"
    if layout == "NHWC":
        nodes.append(helper.make_node("Transpose", [src], ["nchw"], perm=[0, 3, 1, 2]))
        src = "nchw"
    if smooth:
        k = 2 * smooth + 1
        nodes.append(helper.make_node("AveragePool", [src], ["smoothed"], kernel_shape=[k, k],
                                      pads=[smooth] * 4, count_include_pad=1))
        src = "smoothed"
    nodes += [helper.make_node("Mul", [src, "gain"], ["g"]),
              helper.make_node("Softmax", ["g"], ["p" if layout == "NHWC" else "probs"], axis=1)]
    if layout == "NHWC":
        nodes.append(helper.make_node("Transpose", ["p"], ["probs"], perm=[0, 2, 3, 1]))
    graph = helper.make_graph(nodes, "brightest_seg", [x], [y], initializer=inits)
    meta = metadata if metadata is not None else contract_meta("segmentation", bands, resolution_m, **extra)
    return _save(graph, path, meta)


def no_metadata_model(path: Path) -> Path:
    return brightest_band_classifier(path, metadata={})


def write_raster(path: Path, array: np.ndarray, res: float = 1.0, origin=(500000.0, 4500000.0), epsg: int = 32633,
                 nodata=None) -> Path:
    """A north-up GeoTIFF from a (bands, rows, cols) array; the GDAL type follows the numpy dtype."""
    from osgeo import gdal, gdal_array, osr

    array = np.asarray(array)
    if array.ndim == 2:
        array = array[None]
    bands, rows, cols = array.shape
    gdal_type = gdal_array.NumericTypeCodeToGDALTypeCode(array.dtype)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, bands, gdal_type)
    ds.SetGeoTransform((origin[0], res, 0.0, origin[1], 0.0, -res))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    for i in range(bands):
        band = ds.GetRasterBand(i + 1)
        band.WriteArray(array[i])
        if nodata is not None:
            band.SetNoDataValue(nodata)
    ds = None
    return Path(path)
