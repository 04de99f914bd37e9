"""The bundled default model (geomorph_plugin/models/eurosat_rgb.onnx) and the demo scene.

Plain onnxruntime, no torch: this is what the plugin runs. Accuracy is measured only on the
model's own validation split (resources/demo/eurosat_validation_files.txt), never on patches it
was trained on.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from geomorph_plugin.landcover.contract import contract_from_session
from tests.eurosat_data import CLASSES, read_named

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "geomorph_plugin" / "models" / "eurosat_rgb.onnx"
DEMO = REPO / "resources" / "demo"
VAL_LIST = DEMO / "eurosat_validation_files.txt"
# docs/default-model.md reports the full-split number; this is that minus a margin for the
# subsample and for onnxruntime builds that differ in the last bits.
MIN_ACCURACY = 0.94


def _validation_files() -> list[str]:
    return [ln.strip() for ln in VAL_LIST.read_text().splitlines() if ln.strip() and not ln.startswith("#")]


def _metadata(session) -> dict[str, object]:
    return {k: json.loads(v) for k, v in session.get_modelmeta().custom_metadata_map.items()}


def _session():
    import onnxruntime as ort

    assert MODEL.is_file(), f"{MODEL} is missing: run scripts/train_default_model.py"
    return ort.InferenceSession(str(MODEL), providers=["CPUExecutionProvider"])


def _classify(session, patches_u8: np.ndarray) -> np.ndarray:
    """Patch probabilities, preprocessed exactly as the contract says: (raw / scale - mean) / std."""
    meta = _metadata(session)
    x = patches_u8.astype(np.float32).transpose(0, 3, 1, 2)  # NHWC bytes -> NCHW (the model's layout)
    mean = np.array(meta["mean"], np.float32).reshape(1, -1, 1, 1)
    std = np.array(meta["std"], np.float32).reshape(1, -1, 1, 1)
    x = (x / np.float32(meta["value_scale"]) - mean) / std
    return session.run(None, {session.get_inputs()[0].name: x.astype(np.float32)})[0]


def test_bundled_model_metadata_follows_the_contract():
    session = _session()
    assert MODEL.stat().st_size < 10e6
    meta = _metadata(session)
    assert meta["geomorph_contract"] == "1"
    assert meta["model_type"] == "patch_classifier"
    assert meta["class_names"] == CLASSES
    assert len(meta["class_colors"]) == 10 and all(c.startswith("#") and len(c) == 7 for c in meta["class_colors"])
    assert meta["input_bands"] == ["red", "green", "blue"]
    assert meta["value_scale"] == 255 and meta["resolution_m"] == 10 and meta["patch_size"] == 64
    assert len(meta["mean"]) == 3 and len(meta["std"]) == 3
    assert meta["output_activation"] == "softmax" and meta["input_layout"] == "NCHW"
    inp, out = session.get_inputs()[0], session.get_outputs()[0]
    assert inp.type == "tensor(float)" and inp.shape[1:] == [3, 64, 64]
    assert not isinstance(inp.shape[0], int), "the batch dimension must be dynamic"
    assert out.shape[1] == 10
    contract = contract_from_session(session)
    assert contract.patch_size == 64 and contract.channels == 3 and contract.value_scale == 255.0
    assert (contract.model_type, contract.class_names, contract.resolution_m) == ("patch_classifier", CLASSES, 10.0)
    assert not contract.warnings and contract.output_activation == "softmax"


def test_bundled_model_accuracy_on_validation_patches(shared_data):
    files = _validation_files()
    assert len(files) > 3000
    # 60 per class, evenly spread over each class's sorted list: 600 patches, deterministic.
    chosen = []
    for name in CLASSES:
        pool = sorted(f for f in files if f.split("/")[0] == name)
        chosen += [pool[i] for i in np.linspace(0, len(pool) - 1, 60).astype(int)]
    patches = read_named(shared_data, chosen)
    x = np.stack([patches[f] for f in chosen])
    y = np.array([CLASSES.index(f.split("/")[0]) for f in chosen])
    session = _session()
    probs = np.concatenate([_classify(session, x[i : i + 128]) for i in range(0, len(x), 128)])
    np.testing.assert_allclose(probs.sum(1), 1.0, atol=1e-4)  # softmax is in the graph
    accuracy = float((probs.argmax(1) == y).mean())
    assert accuracy >= MIN_ACCURACY, f"validation accuracy {accuracy:.4f} < {MIN_ACCURACY}"


def test_demo_scene_is_georeferenced_and_matches_its_truth():
    gdal = pytest.importorskip("osgeo.gdal", reason="GDAL's Python bindings are not installed")
    from osgeo import osr

    truth = json.loads((DEMO / "eurosat_demo_truth.json").read_text())
    ds = gdal.Open(str(DEMO / "eurosat_demo_scene.tif"))
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    srs.AutoIdentifyEPSG()
    assert srs.GetAuthorityName(None) == "EPSG" and srs.GetAuthorityCode(None) == "32633"
    gt = ds.GetGeoTransform()
    assert gt[1] == 10.0 and gt[5] == -10.0 and gt[2] == 0.0 and gt[4] == 0.0
    assert list(gt) == truth["geotransform"] and truth["crs"] == "EPSG:32633"
    p = truth["patch_size"]
    assert p == 64
    rows, cols = len(truth["grid"]), len(truth["grid"][0])
    assert (ds.RasterYSize, ds.RasterXSize) == (rows * p, cols * p) == (truth["height"], truth["width"])
    assert ds.RasterCount == 3 and ds.GetRasterBand(1).DataType == gdal.GDT_Byte
    assert all(len(row) == cols for row in truth["grid"])
    assert {c for row in truth["grid"] for c in row} <= set(CLASSES)
    # Only validation patches, each once, each of the class its cell claims.
    sources = [f for row in truth["source_files"] for f in row]
    assert set(sources) <= set(_validation_files()) and len(set(sources)) == len(sources)
    for grid_row, file_row in zip(truth["grid"], truth["source_files"]):
        assert [f.split("/")[0] for f in file_row] == grid_row
    # Somewhere in Basilicata, on the Basento (about 40.5 N 16.2 E).
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon, lat, _ = osr.CoordinateTransformation(srs, wgs84).TransformPoint(gt[0] + 3840, gt[3] - 3840)
    assert abs(lat - 40.5) < 0.1 and abs(lon - 16.2) < 0.1


def test_bundled_model_classifies_the_demo_scene(shared_data):
    gdal = pytest.importorskip("osgeo.gdal", reason="GDAL's Python bindings are not installed")

    truth = json.loads((DEMO / "eurosat_demo_truth.json").read_text())
    rgb = gdal.Open(str(DEMO / "eurosat_demo_scene.tif")).ReadAsArray().transpose(1, 2, 0)
    p, rows, cols = truth["patch_size"], truth["rows"], truth["cols"]
    # Lossless storage: every cell holds exactly the decoded EuroSAT patch it names.
    first = truth["source_files"][0][0]
    np.testing.assert_array_equal(rgb[:p, :p], read_named(shared_data, [first])[first])
    windows = rgb.reshape(rows, p, cols, p, 3).transpose(0, 2, 1, 3, 4).reshape(-1, p, p, 3)
    pred = _classify(_session(), windows).argmax(1)
    expected = np.array([CLASSES.index(c) for row in truth["grid"] for c in row])
    accuracy = float((pred == expected).mean())
    assert accuracy >= 0.9, f"demo scene: {accuracy:.3f} of the cells classified correctly"
