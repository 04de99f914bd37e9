"""scripts/export_onnx.py: Keras and PyTorch models to ONNX with the Geomorph contract.

The Keras case uses the real third-party model in the shared data (model.h5) on real EuroSAT
patches: the exported ONNX must give the same class and (nearly) the same probabilities.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.eurosat_data import CLASSES, first_per_class

REPO = Path(__file__).resolve().parents[1]
def _load_exporter():
    spec = importlib.util.spec_from_file_location("export_onnx", REPO / "scripts" / "export_onnx.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("export_onnx", module)
    spec.loader.exec_module(module)
    return module


def _require_torch():
    return pytest.importorskip("torch", reason="torch is not installed (pip install -r requirements-train.txt)")


def _require_keras():
    _require_torch()
    # Keras 3 picks its backend at import time; TensorFlow is not part of this project.
    os.environ.setdefault("KERAS_BACKEND", "torch")
    return pytest.importorskip("keras", reason="keras is not installed (pip install -r requirements-train.txt)")


def _metadata(path: Path) -> dict[str, object]:
    import onnx

    return {p.key: json.loads(p.value) for p in onnx.load(str(path)).metadata_props}


def _plugin_contract(path: Path):
    """The plugin's own parser, when QGIS (which it needs for its messages) is importable."""
    try:
        from geomorph_plugin.landcover.contract import contract_from_session
    except ImportError:
        return None
    import onnxruntime as ort

    return contract_from_session(ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]))


def test_keras_h5_export_matches_keras_on_real_patches(tmp_path, shared_data):
    keras = _require_keras()
    import onnxruntime as ort

    exporter = _load_exporter()
    h5 = shared_data / "keras-eurosat-cnn" / "model.h5"
    out = tmp_path / "keras_eurosat.onnx"
    classes_file = tmp_path / "classes.txt"
    classes_file.write_text("\n".join(CLASSES) + "\n")
    rc = exporter.main(
        [str(h5), "--out", str(out), "--classes-file", str(classes_file), "--resolution-m", "10",
         "--value-scale", "1", "--input-bands", "red,green,blue"]
    )  # fmt: skip
    assert rc == 0 and out.is_file()

    images, labels = first_per_class(shared_data, per_class=25)
    assert len(images) >= 200
    # The model rescales by 1/255 itself: the ONNX input is raw 0..255 values as float32, NHWC.
    x = images.astype(np.float32)
    reference = np.asarray(keras.saving.load_model(str(h5), compile=False).predict(x, verbose=0))
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    inp = session.get_inputs()[0]
    assert inp.type == "tensor(float)"
    assert inp.shape[1:] == [64, 64, 3] and not isinstance(inp.shape[0], int), "batch must be dynamic"
    got = session.run(None, {inp.name: x})[0]
    assert got.shape == (len(x), 10)
    assert (got.argmax(1) == reference.argmax(1)).all()
    np.testing.assert_allclose(got, reference, atol=1e-4, rtol=0)
    # The export is faithful; the model is also a real classifier (not a uniform output).
    assert (got.argmax(1) == labels).mean() > 0.5

    meta = _metadata(out)
    assert meta["geomorph_contract"] == "1"
    assert meta["model_type"] == "patch_classifier"
    assert meta["class_names"] == CLASSES
    assert meta["input_layout"] == "NHWC"
    assert meta["input_bands"] == ["red", "green", "blue"]
    assert meta["value_scale"] == 1
    assert meta["resolution_m"] == 10
    assert meta["patch_size"] == 64
    assert meta["output_activation"] == "softmax"  # read from the graph's final Softmax
    assert "mean" not in meta and "std" not in meta

    contract = _plugin_contract(out)
    if contract is not None:
        assert contract.input_layout == "NHWC" and contract.channels == 3 and contract.patch_size == 64
        assert contract.class_names == CLASSES and contract.value_scale == 1.0


def _small_torch_model():
    torch = _require_torch()
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(4, 8, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(),
        torch.nn.Linear(8, 3),
    ).eval()


@pytest.mark.parametrize("kind", ["pickled", "torchscript"])
def test_pytorch_export_with_softmax_and_metadata(tmp_path, kind):
    torch = _require_torch()
    import onnxruntime as ort

    exporter = _load_exporter()
    model = _small_torch_model()
    src = tmp_path / f"model_{kind}.pt"
    if kind == "pickled":
        torch.save(model, src)
    else:
        torch.jit.save(torch.jit.script(model), src)
    out = tmp_path / "model.onnx"
    rc = exporter.main(
        [str(src), "--out", str(out), "--input-shape", "1,4,32,32", "--class-names", "water", "trees", "built",
         "--resolution-m", "0.5", "--value-scale", "10000", "--mean", "0.1,0.1,0.1,0.2", "--std", "0.2,0.2,0.2,0.3",
         "--input-bands", "blue,green,red,nir", "--colors", "#0000ff,#00aa00,#cc0000", "--add-softmax"]
    )  # fmt: skip
    assert rc == 0

    meta = _metadata(out)
    assert meta["class_colors"] == ["#0000ff", "#00aa00", "#cc0000"]
    assert meta["value_scale"] == 10000 and meta["resolution_m"] == 0.5
    assert meta["mean"] == [0.1, 0.1, 0.1, 0.2] and meta["std"] == [0.2, 0.2, 0.2, 0.3]
    assert meta["input_layout"] == "NCHW" and meta["patch_size"] == 32
    assert meta["output_activation"] == "softmax"

    # Dynamic batch: 5 patches in one run, same probabilities as torch + softmax.
    x = np.random.default_rng(1).normal(size=(5, 4, 32, 32)).astype(np.float32)
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    got = session.run(None, {session.get_inputs()[0].name: x})[0]
    with torch.no_grad():
        ref = torch.softmax(model(torch.from_numpy(x)), dim=1).numpy()
    np.testing.assert_allclose(got, ref, atol=1e-5, rtol=0)
    if _plugin_contract(out) is not None:
        assert _plugin_contract(out).channels == 4


def test_state_dict_is_refused_with_a_clear_message(tmp_path, capsys):
    torch = _require_torch()
    exporter = _load_exporter()
    src = tmp_path / "weights.pt"
    torch.save(_small_torch_model().state_dict(), src)
    rc = exporter.main(
        [str(src), "--out", str(tmp_path / "x.onnx"), "--input-shape", "1,4,32,32", "--class-names", "a,b,c",
         "--resolution-m", "1"]
    )  # fmt: skip
    assert rc == 2
    assert "state_dict has no architecture" in capsys.readouterr().err


def test_metadata_errors_are_caught_before_writing():
    exporter = _load_exporter()
    with pytest.raises(exporter.ExportError, match="colours for"):
        exporter.build_metadata(class_names=["a", "b"], resolution_m=1, class_colors=["#000000"])
    with pytest.raises(exporter.ExportError, match="#rrggbb"):
        exporter.build_metadata(class_names=["a"], resolution_m=1, class_colors=["red"])
    meta = exporter.build_metadata(class_names=["a"], resolution_m=10, value_scale=255.0)
    # Every value is JSON; optional keys left out stay out (the plugin's defaults apply).
    assert {k: json.loads(v) for k, v in meta.items()} == {
        "geomorph_contract": "1",
        "model_type": "patch_classifier",
        "class_names": ["a"],
        "value_scale": 255,
        "resolution_m": 10,
    }
