"""Export the trained network as ONNX with the model contract in its metadata (docs/model-contract.md),
so that ``geomorph:classifylandcover`` runs it unchanged.

The TorchScript exporter (``dynamo=False``) needs no onnxscript (Debian trixie has none); the
``onnx`` package adds the metadata.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .common import StepError, tmp_path
from .train_data import SEGMENTATION

OPSET = 17
TILES_OVERLAP = 15


def input_bands(manifest: dict, channels: int) -> list:
    """Band names for ``input_bands``: the colour interpretations when they name distinct colours."""
    names = [str(v).lower() for v in (manifest.get("bands") or {}).get("color_interpretation") or []]
    if len(names) == channels and len(set(names)) == channels and "undefined" not in names and "gray" not in names:
        return names
    return [f"band{i + 1}" for i in range(channels)]


def contract_metadata(data, options: dict, best: dict) -> dict:
    manifest = data.manifest
    meta = {
        "geomorph_contract": "1",
        "model_type": data.model_type,
        "class_names": json.dumps(data.class_names),
        "class_colors": json.dumps(list(manifest["class_colors"])),
        "input_bands": json.dumps(input_bands(manifest, data.channels)),
        "value_scale": json.dumps(data.value_scale),
        "mean": json.dumps([round(float(v), 6) for v in data.mean]),
        "std": json.dumps([round(float(v), 6) for v in data.std]),
        "resolution_m": json.dumps(float(manifest["resolution_m"])),
        "patch_size": json.dumps(data.tile_size),
        "input_layout": "NCHW",
        "output_activation": "softmax",
        "geomorph_training": json.dumps({
            "model_name": str(options.get("model_name", "")), "trained_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                                           time.gmtime()),
            "crs": (manifest.get("crs") or {}).get("authid", ""), "source": manifest.get("source", {}),
            "best_epoch": best["epoch"], "epochs": int(options.get("epochs", 0)),
            "val_overall_accuracy": best["metrics"]["overall_accuracy"], "val_kappa": best["metrics"]["kappa"],
            "val_mean_iou": best["metrics"]["mean_iou"]}),
    }
    if data.model_type == SEGMENTATION:
        meta["tiles_overlap"] = json.dumps(TILES_OVERLAP)
    return meta


def export_onnx(torch, model, data, path: Path, options: dict, best: dict) -> Path:
    from .train_models import WithSoftmax

    try:
        import onnx
    except ImportError as exc:
        raise StepError(f"the onnx Python package is missing on this node ({exc}): install python3-onnx (pip install "
                        f"onnx) or add it to the cluster profile's node setup") from exc
    wrapped = WithSoftmax(model).cpu().eval()
    dummy = torch.zeros(1, data.channels, data.tile_size, data.tile_size)
    tmp = tmp_path(Path(path))
    kwargs = {"input_names": ["input"], "output_names": ["output"], "opset_version": OPSET,
              "dynamic_axes": {"input": {0: "batch"}, "output": {0: "batch"}}, "do_constant_folding": True}
    try:
        torch.onnx.export(wrapped, dummy, str(tmp), dynamo=False, **kwargs)
    except TypeError:  # torch < 2.5 has no dynamo argument and always uses the TorchScript exporter
        torch.onnx.export(wrapped, dummy, str(tmp), **kwargs)
    proto = onnx.load(str(tmp))
    del proto.metadata_props[:]
    for key, value in contract_metadata(data, options, best).items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(proto)
    onnx.save(proto, str(tmp))
    os.replace(tmp, path)
    return Path(path)
