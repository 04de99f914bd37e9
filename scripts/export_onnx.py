#!/usr/bin/env python3
"""Export a Keras or PyTorch land-cover model to ONNX with the Geomorph model contract.

    python scripts/export_onnx.py model.h5 --out eurosat_keras.onnx \\
        --classes-file classes.txt --resolution-m 10 --value-scale 1
    python scripts/export_onnx.py model.pt --input-shape 1,3,64,64 --out m.onnx \\
        --class-names Forest,Water,Urban --resolution-m 0.5 --value-scale 255 \\
        --mean 0.485,0.456,0.406 --std 0.229,0.224,0.225 --add-softmax

Supported inputs:

* Keras ``.keras`` / ``.h5`` (Keras 3; loaded with the torch backend, TensorFlow is not needed).
  Inference-time no-op augmentation layers (RandomFlip, RandomRotation, ...) are replaced by
  Identity before export, because their random-generator state cannot be traced; the exported
  graph is then checked against the original model. Keras models are NHWC.
* PyTorch TorchScript archives (``torch.jit.save``) or fully pickled modules (``torch.save(model)``),
  with ``--input-shape`` (the batch dimension is always exported as dynamic). A bare state_dict
  holds no architecture and cannot be exported.

The contract (docs/model-contract.md) is written into ``metadata_props`` with JSON values; the
model is validated with ``onnx.checker`` and run with onnxruntime against the source framework.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL_TYPES = ("patch_classifier", "multilabel_classifier", "segmentation")
ACTIVATIONS = ("softmax", "sigmoid", "none")
INPUT_NAME, OUTPUT_NAME = "input", "output"
DEFAULT_OPSET = 18


class ExportError(RuntimeError):
    """A problem the user can fix (wrong file, missing option); printed without a traceback."""


# ---------------------------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------------------------


def _number(v: float | None) -> float | int | None:
    """255 rather than 255.0 in the JSON: the same value, and what a person would write."""
    if v is None:
        return None
    return int(v) if float(v).is_integer() else float(v)


def build_metadata(
    *,
    class_names: Sequence[str],
    resolution_m: float,
    model_type: str = "patch_classifier",
    class_colors: Sequence[str] | None = None,
    input_bands: Sequence[str] | None = None,
    value_scale: float | None = None,
    mean: Sequence[float] | None = None,
    std: Sequence[float] | None = None,
    patch_size: int | None = None,
    output_activation: str | None = None,
    input_layout: str | None = None,
    thresholds: Sequence[float] | None = None,
    extra: dict | None = None,
) -> dict[str, str]:
    """The contract as ONNX metadata: key -> JSON text. Optional keys left as None are omitted,
    so the plugin's documented defaults apply instead of a value that only looks explicit."""
    if model_type not in MODEL_TYPES:
        raise ExportError(f"model_type must be one of {', '.join(MODEL_TYPES)}, not {model_type!r}")
    if not class_names:
        raise ExportError("class_names is empty: give --class-names or --classes-file")
    if output_activation is not None and output_activation not in ACTIVATIONS:
        raise ExportError(f"output_activation must be one of {', '.join(ACTIVATIONS)}")
    if input_layout is not None and input_layout not in ("NCHW", "NHWC"):
        raise ExportError("input_layout must be NCHW or NHWC")
    if class_colors is not None:
        if len(class_colors) != len(class_names):
            raise ExportError(f"{len(class_colors)} colours for {len(class_names)} classes")
        for c in class_colors:
            if not (isinstance(c, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", c)):
                raise ExportError(f"colour {c!r} is not of the form #rrggbb")
    if thresholds is not None and len(thresholds) != len(class_names):
        raise ExportError(f"{len(thresholds)} thresholds for {len(class_names)} classes")
    if mean is not None and std is not None and len(mean) != len(std):
        raise ExportError(f"mean has {len(mean)} values, std {len(std)}: one per input channel each")
    if std is not None and any(float(s) == 0 for s in std):
        raise ExportError("std must not contain 0")

    values: dict[str, object] = {
        "geomorph_contract": "1",
        "model_type": model_type,
        "class_names": list(class_names),
        "class_colors": list(class_colors) if class_colors is not None else None,
        "input_bands": list(input_bands) if input_bands is not None else None,
        "value_scale": _number(value_scale),
        "mean": [float(v) for v in mean] if mean is not None else None,
        "std": [float(v) for v in std] if std is not None else None,
        "resolution_m": _number(resolution_m),
        "patch_size": int(patch_size) if patch_size is not None else None,
        "output_activation": output_activation,
        "input_layout": input_layout,
        "thresholds": [float(v) for v in thresholds] if thresholds is not None else None,
    }
    values.update(extra or {})
    return {k: json.dumps(v) for k, v in values.items() if v is not None}


def check_metadata_against_model(path: Path, metadata: dict[str, str]) -> None:
    """The consistency checks the plugin makes at load time, done here so a bad export fails now."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    (inp,) = [i for i in model.graph.input if i.name not in {t.name for t in model.graph.initializer}]
    dims = [d.dim_value if d.HasField("dim_value") else None for d in inp.type.tensor_type.shape.dim]
    if len(dims) != 4:
        raise ExportError(f"the model input has rank {len(dims)}; Geomorph needs a rank-4 image batch")
    layout = json.loads(metadata.get("input_layout", "null"))
    channels = dims[3] if layout == "NHWC" else dims[1]
    for key in ("input_bands", "mean", "std"):
        n = len(json.loads(metadata[key])) if key in metadata else None
        if n is not None and channels is not None and n != channels:
            raise ExportError(f"{key} has {n} entries but the model input has {channels} channels")
    out_shape = model.graph.output[0].type.tensor_type.shape
    out_dims = [d.dim_value if d.HasField("dim_value") else None for d in out_shape.dim]
    k = len(json.loads(metadata["class_names"]))
    class_dim = out_dims[1] if len(out_dims) >= 2 else None
    if len(out_dims) == 4 and layout == "NHWC":
        class_dim = out_dims[3]
    if class_dim is not None and class_dim != k:
        raise ExportError(f"the model outputs {class_dim} classes but {k} class names were given")
    if "patch_size" not in metadata:
        h = dims[1] if layout == "NHWC" else dims[2]
        if h is None:
            raise ExportError("the input's spatial size is dynamic: give --patch-size")


def write_metadata(path: Path, metadata: dict[str, str], doc_string: str | None = None) -> None:
    """Replace the ONNX model's metadata_props with `metadata`, check it and save it in place."""
    import onnx

    model = onnx.load(str(path))
    # set_model_props replaces the whole list, so stale keys from an earlier export cannot linger.
    onnx.helper.set_model_props(model, metadata)
    model.producer_name = "geomorph-export"
    # Exporters stamp the newest IR version their onnx knows; opset <= 18 graphs need only IR 8,
    # which older onnxruntime builds (as bundled with some QGIS installs) can still load.
    if model.ir_version > 8 and all(o.version <= 18 for o in model.opset_import if o.domain in ("", "ai.onnx")):
        model.ir_version = 8
    if doc_string:
        model.doc_string = doc_string
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(path))
    check_metadata_against_model(path, metadata)
    _check_with_plugin_contract(path)


def _check_with_plugin_contract(path: Path) -> None:
    """Also run the plugin's own contract parser when it is importable (it needs QGIS's Qt for
    its translated messages; the export works without QGIS, so a missing import is no error)."""
    repo = Path(__file__).resolve().parents[1]
    if str(repo) not in sys.path:
        sys.path.insert(0, str(repo))
    try:
        from geomorph_plugin.errors import GeomorphError
        from geomorph_plugin.landcover.contract import contract_from_session
    except ImportError:
        return
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    try:
        contract_from_session(session)
    except GeomorphError as exc:
        raise ExportError(f"the plugin would refuse this model: {exc}") from exc


def rename_io(path: Path, input_name: str = INPUT_NAME, output_name: str = OUTPUT_NAME) -> None:
    """Give the single input and output stable names (exporters produce e.g. "input_0" and "189")."""
    import onnx

    model = onnx.load(str(path))
    renames = {model.graph.input[0].name: input_name, model.graph.output[0].name: output_name}
    for node in model.graph.node:
        node.input[:] = [renames.get(n, n) for n in node.input]
        node.output[:] = [renames.get(n, n) for n in node.output]
    model.graph.input[0].name = input_name
    model.graph.output[0].name = output_name
    onnx.save(model, str(path))


def append_softmax(path: Path, axis: int = 1) -> None:
    """Turn a logits model into a probabilities one: a Softmax node after the single output."""
    import onnx

    model = onnx.load(str(path))
    out = model.graph.output[0]
    logits = out.name + "_logits"
    for node in model.graph.node:
        node.output[:] = [logits if n == out.name else n for n in node.output]
        node.input[:] = [logits if n == out.name else n for n in node.input]
    model.graph.node.append(onnx.helper.make_node("Softmax", [logits], [out.name], axis=axis, name="geomorph_softmax"))
    onnx.save(model, str(path))


def final_activation(path: Path) -> str:
    """What the graph's last op already is: the plugin must not apply softmax twice."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    producers = {o: n for n in model.graph.node for o in n.output}
    node = producers.get(model.graph.output[0].name)
    # Skip shape-only ops that exporters add after the activation.
    while node is not None and node.op_type in ("Identity", "Reshape", "Cast", "Transpose", "Squeeze", "Flatten"):
        node = producers.get(node.input[0])
    if node is not None and node.op_type in ("Softmax", "LogSoftmax"):
        return "softmax" if node.op_type == "Softmax" else "none"
    if node is not None and node.op_type == "Sigmoid":
        return "sigmoid"
    return "none"


def check_with_onnxruntime(path: Path, x: np.ndarray, expected: np.ndarray | None = None, atol: float = 1e-4):
    """Run the ONNX model on `x`; compare with `expected` when given. Returns the output."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    out = session.run(None, {session.get_inputs()[0].name: x.astype(np.float32)})[0]
    if expected is not None:
        err = float(np.abs(out - expected).max())
        if not np.allclose(out, expected, atol=atol, rtol=0):
            raise ExportError(f"onnxruntime and the source model differ by up to {err:.3g} (> {atol})")
        if out.ndim >= 2 and (out.argmax(1) != expected.argmax(1)).any():
            raise ExportError("onnxruntime and the source model disagree on the predicted class")
    return out


# ---------------------------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------------------------


def load_torch_model(path: Path):
    import torch

    try:
        return torch.jit.load(str(path), map_location="cpu").eval()
    except (RuntimeError, ValueError):
        pass  # not a TorchScript archive: try a pickled module
    # A full pickled nn.Module needs unpickling of arbitrary classes: only for files you trust.
    obj = torch.load(str(path), map_location="cpu", weights_only=False)
    if isinstance(obj, torch.nn.Module):
        return obj.eval()
    raise ExportError(
        f"{path} holds a {type(obj).__name__}, not a model. A state_dict has no architecture: save the "
        "module itself with torch.save(model, path) or torch.jit.save(torch.jit.script(model), path)."
    )


def torch_to_onnx(module, input_shape: Sequence[int], out_path: Path, opset: int = DEFAULT_OPSET) -> None:
    """Export a torch module with a dynamic batch dimension; I/O named "input" and "output"."""
    import torch

    module = module.eval()
    # An example batch of 2, whatever was asked: torch.export specialises a dimension of size 1.
    example = torch.zeros(2, *input_shape[1:], dtype=torch.float32)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    common = {"input_names": [INPUT_NAME], "output_names": [OUTPUT_NAME], "opset_version": opset}
    if not isinstance(module, torch.jit.ScriptModule):
        try:
            # The dynamo exporter is torch's maintained path; the batch is a symbolic dimension.
            batch = torch.export.Dim("batch", min=1, max=65536)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                program = torch.onnx.export(
                    module,
                    (example,),
                    dynamo=True,
                    dynamic_shapes=({0: batch},),
                    external_data=False,
                    optimize=True,
                    verbose=False,
                    **common,
                )
            program.save(str(out_path), external_data=False)
            return
        except Exception as exc:  # noqa: BLE001 - any dynamo failure: retry with the TorchScript exporter
            print(f"note: the dynamo ONNX exporter failed ({type(exc).__name__}); using the TorchScript one")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (example,),
            str(out_path),
            dynamo=False,
            dynamic_axes={INPUT_NAME: {0: "batch"}, OUTPUT_NAME: {0: "batch"}},
            **common,
        )


# ---------------------------------------------------------------------------------------------
# Keras
# ---------------------------------------------------------------------------------------------

# Layers that are the identity at inference (training=False) but hold random-generator state that
# no tracer can export. RandomCrop is absent on purpose: at inference it centre-crops.
_INFERENCE_IDENTITY = {
    "RandomFlip",
    "RandomRotation",
    "RandomZoom",
    "RandomContrast",
    "RandomTranslation",
    "RandomBrightness",
    "RandomHue",
    "RandomSaturation",
    "RandomColorJitter",
    "RandomColorDegeneration",
    "RandomSharpness",
    "RandomGrayscale",
    "RandomShear",
    "RandomErasing",
    "RandomGaussianBlur",
    "RandomPerspective",
    "RandomElasticTransform",
    "RandomInvert",
    "RandomPosterization",
    "AutoContrast",
    "AugMix",
    "RandAugment",
    "CutMix",
    "MixUp",
    "Solarization",
    "GaussianNoise",
    "GaussianDropout",
    "AlphaDropout",
    "Dropout",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
}


def _import_keras():
    # Keras 3 picks its backend at import; torch is what this project installs (no TensorFlow).
    os.environ.setdefault("KERAS_BACKEND", "torch")
    try:
        import keras
    except ImportError as exc:
        raise ExportError("Keras 3 is not installed: pip install -r requirements-train.txt") from exc
    return keras


def load_keras_model(path: Path):
    keras = _import_keras()
    try:
        return keras.saving.load_model(str(path), compile=False)
    except Exception as exc:  # noqa: BLE001 - keras raises many types for an unreadable file
        raise ExportError(f"Keras could not load {path}: {exc}") from exc


def keras_inference_model(model):
    """A clone of `model` sharing its weights, with the inference-identity layers replaced by
    Identity and the batch dimension free (a saved model may pin it, e.g. to 32)."""
    keras = _import_keras()

    def clone(layer):
        if type(layer).__name__ in _INFERENCE_IDENTITY:
            return keras.layers.Identity(name=layer.name)
        return layer  # the same layer object: weights are shared, not copied

    shape = tuple(model.inputs[0].shape[1:])
    inp = keras.Input(shape=shape, dtype="float32")
    return keras.models.clone_model(model, input_tensors=inp, clone_function=clone, recursive=True)


def keras_input_layout(model) -> str:
    shape = tuple(model.inputs[0].shape)
    if len(shape) != 4:
        raise ExportError(f"the Keras model input has shape {shape}; Geomorph needs (batch, H, W, C) images")
    for layer in model._flatten_layers(include_self=False) if hasattr(model, "_flatten_layers") else model.layers:
        fmt = getattr(layer, "data_format", None)
        if fmt in ("channels_first", "channels_last"):
            return "NCHW" if fmt == "channels_first" else "NHWC"
    return "NHWC"  # Keras's default image_data_format


def keras_to_onnx(model, out_path: Path, opset: int = DEFAULT_OPSET):
    """Export a loaded Keras model with keras's own ONNX exporter; returns the inference clone."""
    keras = _import_keras()
    inference = keras_inference_model(model)
    shape = (None, *tuple(model.inputs[0].shape[1:]))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # The tracer warns about every shape it freezes; the ONNX result is checked numerically.
        warnings.simplefilter("ignore")
        inference.export(
            str(out_path),
            format="onnx",
            input_signature=[keras.InputSpec(shape=shape, dtype="float32")],
            opset_version=opset,
            verbose=False,
        )
    rename_io(out_path)
    return inference


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _split_list(values: Sequence[str] | None) -> list[str] | None:
    """Accept both `--x a b c` and `--x a,b,c`."""
    if values is None:
        return None
    out = []
    for v in values:
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


def _floats(values: Sequence[str] | None, name: str) -> list[float] | None:
    items = _split_list(values)
    if items is None:
        return None
    try:
        return [float(v) for v in items]
    except ValueError as exc:
        raise ExportError(f"--{name} takes numbers: {exc}") from exc


def read_classes_file(path: Path) -> list[str]:
    text = Path(path).read_text(encoding="utf-8").strip()
    if text.startswith("["):
        return [str(v) for v in json.loads(text)]
    if text.startswith("{"):  # Deepness style {"0": "name", ...}
        mapping = json.loads(text)
        return [str(mapping[k]) for k in sorted(mapping, key=int)]
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def export(argv: Sequence[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(
        prog="export_onnx.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("model", type=Path, help="Keras .keras/.h5, or PyTorch TorchScript/pickled .pt/.pth")
    ap.add_argument("--out", type=Path, required=True, help="the .onnx file to write")
    names = ap.add_mutually_exclusive_group(required=True)
    names.add_argument("--class-names", nargs="+", help="class names in output order (space- or comma-separated)")
    names.add_argument("--classes-file", type=Path, help="one class name per line, or a JSON list")
    ap.add_argument("--resolution-m", type=float, required=True, help="native ground sample distance, m/px")
    ap.add_argument("--model-type", default="patch_classifier", choices=MODEL_TYPES)
    ap.add_argument("--value-scale", type=float, default=None, help="raw value is divided by this (e.g. 255)")
    ap.add_argument("--mean", nargs="+", help="per-channel mean applied after scaling")
    ap.add_argument("--std", nargs="+", help="per-channel std applied after scaling")
    ap.add_argument("--input-bands", nargs="+", help="channel names, e.g. red,green,blue")
    ap.add_argument("--colors", nargs="+", help="one #rrggbb per class")
    ap.add_argument("--thresholds", nargs="+", help="multi-label presence thresholds, one per class")
    ap.add_argument("--patch-size", type=int, help="required only when the input's H/W are dynamic")
    ap.add_argument("--output-activation", choices=ACTIVATIONS, help="default: read from the graph's last op")
    ap.add_argument("--input-layout", choices=("NCHW", "NHWC"), help="default: NHWC for Keras, NCHW for PyTorch")
    ap.add_argument("--input-shape", help="PyTorch only: example input shape, e.g. 1,3,64,64")
    ap.add_argument(
        "--add-softmax", action="store_true", help="PyTorch only: append softmax over dim 1 to a logits model"
    )
    ap.add_argument("--description", help="free text stored as the 'description' metadata")
    ap.add_argument("--opset", type=int, default=DEFAULT_OPSET)
    args = ap.parse_args(argv)

    if not args.model.is_file():
        raise ExportError(f"{args.model} does not exist")
    class_names = read_classes_file(args.classes_file) if args.classes_file else _split_list(args.class_names)
    suffix = args.model.suffix.lower()
    rng = np.random.default_rng(0)
    # Test input in the raw value range the model will see: 0..value_scale (255 when unknown).
    top = args.value_scale if args.value_scale else 255.0

    if suffix in (".h5", ".keras", ".hdf5"):
        model = load_keras_model(args.model)
        layout = args.input_layout or keras_input_layout(model)
        inference = keras_to_onnx(model, args.out, args.opset)
        shape = tuple(model.inputs[0].shape[1:])
        x = (rng.random((3, *shape)) * top).astype(np.float32)
        expected = np.asarray(model.predict(x, verbose=0))  # the original, not the clone
        del inference
        framework = "Keras"
    elif suffix in (".pt", ".pth", ".torchscript", ".ptl"):
        import torch

        if not args.input_shape:
            raise ExportError("a PyTorch model needs --input-shape, e.g. --input-shape 1,3,64,64")
        shape = tuple(int(v) for v in args.input_shape.split(","))
        module = load_torch_model(args.model)
        layout = args.input_layout or "NCHW"
        torch_to_onnx(module, shape, args.out, args.opset)
        if args.add_softmax:
            # Appended to the ONNX graph rather than wrapping the module: a TorchScript module
            # cannot be traced inside a plain nn.Sequential.
            append_softmax(args.out, axis=1 if layout == "NCHW" or len(shape) == 2 else -1)
        x = (rng.random((3, *shape[1:])) * top).astype(np.float32)
        if args.value_scale:
            x = x / np.float32(args.value_scale)  # what the plugin feeds after scaling
        mean, std = _floats(args.mean, "mean"), _floats(args.std, "std")
        if mean and std:
            axis_shape = (1, -1, 1, 1) if layout == "NCHW" else (1, 1, 1, -1)
            x = ((x - np.reshape(mean, axis_shape)) / np.reshape(std, axis_shape)).astype(np.float32)
        with torch.no_grad():
            out = module(torch.from_numpy(x))
            if args.add_softmax:
                out = torch.softmax(out, dim=1 if layout == "NCHW" or out.ndim == 2 else -1)
            expected = out.numpy()
        framework = "PyTorch"
    else:
        raise ExportError(f"unknown model file type {suffix!r}: expected .h5/.keras (Keras) or .pt/.pth (PyTorch)")

    check_with_onnxruntime(args.out, x, expected, atol=1e-4)
    per_sample = shape if suffix in (".h5", ".keras", ".hdf5") else shape[1:]
    if len(per_sample) != 3:
        raise ExportError(f"the input has shape {per_sample} per sample; Geomorph needs channels x height x width")
    spatial = per_sample[0] if layout == "NHWC" else per_sample[1]
    metadata = build_metadata(
        class_names=class_names,
        resolution_m=args.resolution_m,
        model_type=args.model_type,
        class_colors=_split_list(args.colors),
        input_bands=_split_list(args.input_bands),
        value_scale=args.value_scale,
        mean=_floats(args.mean, "mean"),
        std=_floats(args.std, "std"),
        patch_size=args.patch_size or (int(spatial) if spatial else None),
        output_activation=args.output_activation or final_activation(args.out),
        input_layout=layout,
        thresholds=_floats(args.thresholds, "thresholds"),
        extra={
            "producer": f"Geomorph scripts/export_onnx.py from {framework} ({args.model.name})",
            **({"description": args.description} if args.description else {}),
        },
    )
    write_metadata(args.out, metadata, doc_string=args.description)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB); onnxruntime matches {framework}")
    for key, value in metadata.items():
        print(f"  {key} = {value}")
    return args.out


def main(argv: Sequence[str] | None = None) -> int:
    try:
        export(argv)
    except ExportError as exc:
        print(f"export_onnx: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
