"""The model contract (docs/model-contract.md): read and validate ONNX ``metadata_props``.

Works on what onnxruntime exposes (custom metadata, input/output shapes and types), so the
plugin needs no ``onnx`` package at run time. Deepness's keys are read too, so that models
made for Deepness run unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import GeomorphError
from ..i18n import tr

PATCH = "patch_classifier"
MULTILABEL = "multilabel_classifier"
SEGMENTATION = "segmentation"
MODEL_TYPES = (PATCH, MULTILABEL, SEGMENTATION)

# Deepness's model types mapped to ours; its detectors, regressors and super-resolution models
# produce no class map, so they are refused with a message rather than misread.
DEEPNESS_TYPES = {"segmentor": SEGMENTATION, "recognition": PATCH, "classifier": PATCH}

# Used when a model carries no class_colors: fixed and documented, never random, so that two
# runs of one model always look the same. Colours chosen for land cover (water blue, trees
# green, built-up red/grey) in the order EuroSAT and DeepGlobe classes usually come.
DEFAULT_PALETTE = (
    "#e6c86e", "#2e8b3d", "#9acd32", "#8c8c8c", "#e377c2", "#b5e61d",
    "#ffbf00", "#d62728", "#1f77b4", "#17becf", "#8c564b", "#7f7f7f",
    "#bcbd22", "#ff7f0e", "#9467bd", "#c5b0d5", "#98df8a", "#ff9896",
    "#aec7e8", "#c49c94",
)


@dataclass
class ModelContract:
    model_type: str
    class_names: list[str]
    class_colors: list[tuple[int, int, int]]
    channels: int
    patch_size: int
    resolution_m: float
    input_layout: str = "NCHW"
    input_name: str = "input"
    input_is_uint8: bool = False
    fixed_batch: int | None = None
    input_bands: list[str] | None = None
    value_scale: float = 1.0
    mean: list[float] = field(default_factory=list)
    std: list[float] = field(default_factory=list)
    thresholds: list[float] | None = None
    output_activation: str | None = None  # None: detected from the first batch
    output_layout: str = "NCHW"
    tiles_overlap: float | None = None
    nodata_class: int = 255
    # Deepness's segmentation settings: a pixel whose highest class probability is below
    # ``seg_thresh`` gets class 0 (Deepness's background); ``seg_small_segment`` > 1 smooths the
    # class map with a median over a window of that many pixels (made odd), removing small
    # clusters of a class (see docs/model-contract.md).
    seg_thresh: float | None = None
    seg_small_segment: int = 0
    source: str = "geomorph"  # or "deepness"
    warnings: list[str] = field(default_factory=list)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def is_patch_model(self) -> bool:
        return self.model_type in (PATCH, MULTILABEL)


def _fix_hint() -> str:
    return tr("Fix the model's metadata_props (see docs/model-contract.md) or re-export it with "
              "scripts/export_onnx.py.")


def _bad(message: str) -> GeomorphError:
    return GeomorphError(message + " " + _fix_hint())


def _json(meta: dict[str, str], key: str):
    raw = meta[key]
    try:
        return json.loads(raw)
    except (TypeError, ValueError) as exc:
        # Plain strings such as model_type=segmentation are common in hand-written metadata.
        if key in ("model_type", "output_activation", "input_layout", "geomorph_contract"):
            return raw
        raise _bad(tr("The model's metadata key {key} is not valid JSON: {value!r}.").format(
            key=key, value=raw[:80])) from exc


def _number(meta: dict[str, str], key: str, positive: bool = True) -> float:
    value = _json(meta, key)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            value = None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or (positive and value <= 0):
        raise _bad(tr("The model's metadata key {key} must be a positive number, not {value!r}.").format(
            key=key, value=meta[key][:80]))
    return float(value)


def _number_list(meta: dict[str, str], key: str, length: int, what: str) -> list[float]:
    value = _json(meta, key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = [value] * length
    if not isinstance(value, list) or not all(isinstance(v, (int, float)) for v in value):
        raise _bad(tr("The model's metadata key {key} must be a JSON list of numbers.").format(key=key))
    if len(value) != length:
        raise _bad(tr("The model's metadata key {key} has {n} values but the model has {m} {what}.").format(
            key=key, n=len(value), m=length, what=what))
    return [float(v) for v in value]


def _parse_color(text) -> tuple[int, int, int] | None:
    if isinstance(text, (list, tuple)) and len(text) >= 3:
        return tuple(int(v) for v in text[:3])  # type: ignore[return-value]
    if isinstance(text, str) and text.startswith("#") and len(text) == 7:
        try:
            return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)
        except ValueError:
            return None
    return None


def _class_names(meta: dict[str, str]) -> list[str]:
    value = _json(meta, "class_names")
    if isinstance(value, dict):
        # Deepness: {"0": "name", "1": "name", ...}
        try:
            items = sorted((int(k), str(v)) for k, v in value.items())
        except ValueError:
            items = []
        if not items or [k for k, _ in items] != list(range(len(items))):
            raise _bad(tr("The model's class_names keys must be 0, 1, 2, ... without gaps."))
        return [name for _, name in items]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise _bad(tr("The model's metadata key class_names must be a non-empty JSON list of strings."))


def _dim(value) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def _infer_layout(shape: list, bands: int | None) -> str:
    c1, c3 = _dim(shape[1]), _dim(shape[3])
    if bands is not None:
        if c1 == bands and c3 != bands:
            return "NCHW"
        if c3 == bands and c1 != bands:
            return "NHWC"
    if c1 is not None and (c3 is None or c1 < c3):
        return "NCHW"
    if c3 is not None and (c1 is None or c3 < c1):
        return "NHWC"
    return "NCHW"


def parse_contract(meta: dict[str, str], input_name: str, input_shape: list, input_type: str,
                   output_shape: list) -> ModelContract:
    """Validate the metadata against the tensor shapes; raise GeomorphError naming key and fix."""
    meta = dict(meta or {})
    if not meta:
        raise _bad(tr("The model has no metadata (ONNX metadata_props is empty), so Geomorph does not know its "
                      "classes, bands and resolution."))
    source = "geomorph" if "geomorph_contract" in meta else "deepness" if (
        "resolution" in meta or "standardization_mean" in meta) and "resolution_m" not in meta else "geomorph"
    warnings: list[str] = []

    for key in ("model_type", "class_names"):
        if key not in meta:
            raise _bad(tr("The model's metadata has no {key} key.").format(key=key))
    raw_type = str(_json(meta, "model_type")).strip()
    model_type = raw_type.lower()
    if model_type not in MODEL_TYPES:
        mapped = DEEPNESS_TYPES.get(model_type)
        if mapped is None:
            raise _bad(tr("The model type {value!r} is not supported: use patch_classifier, multilabel_classifier "
                          "or segmentation.").format(value=raw_type))
        model_type = mapped
        source = "deepness"
    names = _class_names(meta)
    k = len(names)

    if len(input_shape) != 4:
        raise _bad(tr("The model's input has rank {rank}; Geomorph needs a rank-4 image input "
                      "(batch, channels, height, width in NCHW or NHWC order).").format(rank=len(input_shape)))
    if "tensor(float)" in input_type:
        is_uint8 = False
    elif "tensor(uint8)" in input_type:
        is_uint8 = True
    else:
        raise _bad(tr("The model's input type is {type}; Geomorph feeds float32 or uint8.").format(type=input_type))

    bands = None
    if "input_bands" in meta:
        bands = _json(meta, "input_bands")
        if not isinstance(bands, list) or not bands or not all(isinstance(b, str) for b in bands):
            raise _bad(tr("The model's metadata key input_bands must be a JSON list of band names."))

    layout = str(_json(meta, "input_layout")).upper() if "input_layout" in meta else _infer_layout(
        input_shape, len(bands) if bands else None)
    if layout not in ("NCHW", "NHWC"):
        raise _bad(tr("The model's input_layout must be NCHW or NHWC, not {value!r}.").format(value=layout))
    c_axis, h_axis, w_axis = (1, 2, 3) if layout == "NCHW" else (3, 1, 2)
    channels = _dim(input_shape[c_axis])
    if channels is None:
        if not bands:
            raise _bad(tr("The model's channel dimension is dynamic and there is no input_bands key to say how many "
                          "bands it takes."))
        channels = len(bands)
    if bands is not None and len(bands) != channels:
        raise _bad(tr("The model's input_bands lists {n} bands but its input tensor has {m} channels.").format(
            n=len(bands), m=channels))

    h, w = _dim(input_shape[h_axis]), _dim(input_shape[w_axis])
    if "patch_size" in meta:
        patch = int(_number(meta, "patch_size"))
        if (h and h != patch) or (w and w != patch):
            raise _bad(tr("The model's patch_size is {p} but its input tensor is {h} x {w}.").format(p=patch, h=h, w=w))
    elif h and w:
        if h != w:
            raise _bad(tr("The model's input is {h} x {w}; Geomorph needs square patches.").format(h=h, w=w))
        patch = h
    else:
        raise _bad(tr("The model's input height and width are dynamic and there is no patch_size key."))

    if "resolution_m" in meta:
        resolution = _number(meta, "resolution_m")
    elif "resolution" in meta:
        resolution = _number(meta, "resolution") / 100.0  # Deepness stores cm/px
        source = "deepness"
    else:
        raise _bad(tr("The model's metadata has no resolution_m key (its ground resolution in metres per pixel)."))

    if "value_scale" in meta:
        scale = _number(meta, "value_scale")
    else:
        scale = 255.0 if source == "deepness" and not is_uint8 else 1.0
    if is_uint8 and scale != 1.0:
        raise _bad(tr("The model takes uint8 input, so value_scale must be absent or 1."))
    mean_key = "mean" if "mean" in meta else "standardization_mean" if "standardization_mean" in meta else None
    std_key = "std" if "std" in meta else "standardization_std" if "standardization_std" in meta else None
    mean = _number_list(meta, mean_key, channels, tr("channels")) if mean_key else [0.0] * channels
    std = _number_list(meta, std_key, channels, tr("channels")) if std_key else [1.0] * channels
    if any(s == 0 for s in std):
        raise _bad(tr("The model's std has a zero value, which would divide by zero."))
    if is_uint8 and (mean_key or std_key):
        raise _bad(tr("The model takes uint8 input, so it cannot also declare mean and std."))

    colors: list[tuple[int, int, int]] = []
    if "class_colors" in meta:
        raw_colors = _json(meta, "class_colors")
        if not isinstance(raw_colors, list) or len(raw_colors) != k:
            raise _bad(tr("The model's class_colors must be a JSON list of {k} \"#rrggbb\" colours, one per "
                          "class.").format(k=k))
        for raw in raw_colors:
            color = _parse_color(raw)
            if color is None:
                raise _bad(tr("The model's class_colors has an invalid colour {value!r}: use \"#rrggbb\".").format(
                    value=raw))
            colors.append(color)
    else:
        colors = [_parse_color(DEFAULT_PALETTE[i % len(DEFAULT_PALETTE)]) for i in range(k)]  # type: ignore[misc]
        warnings.append("no class_colors in the model: using Geomorph's fixed palette")

    thresholds = None
    if model_type == MULTILABEL:
        thresholds = _number_list(meta, "thresholds", k, tr("classes")) if "thresholds" in meta else [0.5] * k
        if not all(0 < t < 1 for t in thresholds):
            raise _bad(tr("The model's thresholds must all lie between 0 and 1."))

    activation = None
    if "output_activation" in meta:
        activation = str(_json(meta, "output_activation")).lower()
        if activation not in ("softmax", "sigmoid", "none"):
            raise _bad(tr("The model's output_activation must be softmax, sigmoid or none, not {value!r}.").format(
                value=activation))

    tiles_overlap = _number(meta, "tiles_overlap", positive=False) if "tiles_overlap" in meta else None
    nodata_class = int(_number(meta, "nodata_class", positive=False)) if "nodata_class" in meta else 255
    if 0 <= nodata_class < k:
        raise _bad(tr("The model's nodata_class {n} is also a real class index.").format(n=nodata_class))
    seg_thresh = _number(meta, "seg_thresh", positive=False) if "seg_thresh" in meta else None
    if seg_thresh is not None and not 0 <= seg_thresh < 1:
        raise _bad(tr("The model's seg_thresh must lie between 0 and 1 (a class probability), not {value:g}.").format(
            value=seg_thresh))
    small = _number(meta, "seg_small_segment", positive=False) if "seg_small_segment" in meta else 0
    if small < 0 or small != int(small):
        raise _bad(tr("The model's seg_small_segment must be a whole number of pixels, 0 or more, not "
                      "{value:g}.").format(value=small))

    # Output shape checks: classifiers N x K, segmenters N x K x T x T (or NHWC).
    out_layout = "NCHW"
    if model_type in (PATCH, MULTILABEL):
        if len(output_shape) != 2:
            raise _bad(tr("A {type} must output N x classes, but this model's output has rank {rank}.").format(
                type=model_type, rank=len(output_shape)))
        out_k = _dim(output_shape[1])
    else:
        if len(output_shape) == 3:
            # Single-class segmenters sometimes drop the channel axis.
            out_k = 1
        elif len(output_shape) != 4:
            raise _bad(tr("A segmentation model must output N x classes x H x W, but this model's output has "
                          "rank {rank}.").format(rank=len(output_shape)))
        else:
            d1, d3 = _dim(output_shape[1]), _dim(output_shape[3])
            if d1 == k or (d1 is not None and d1 != patch):
                out_layout, out_k = "NCHW", d1
            elif d3 == k or (d3 is not None and d3 != patch):
                out_layout, out_k = "NHWC", d3
            else:
                out_layout, out_k = layout, (d1 if layout == "NCHW" else d3)
    if out_k is not None and out_k != k:
        raise _bad(tr("The model outputs {m} classes but class_names lists {k}.").format(m=out_k, k=k))

    return ModelContract(
        model_type=model_type, class_names=names, class_colors=colors, channels=channels, patch_size=patch,
        resolution_m=resolution, input_layout=layout, input_name=input_name, input_is_uint8=is_uint8,
        fixed_batch=_dim(input_shape[0]), input_bands=bands, value_scale=scale, mean=mean, std=std,
        thresholds=thresholds, output_activation=activation, output_layout=out_layout, tiles_overlap=tiles_overlap,
        nodata_class=nodata_class, seg_thresh=seg_thresh or None, seg_small_segment=int(small), source=source,
        warnings=warnings)


def contract_from_session(session) -> ModelContract:
    """The validated contract of an ``onnxruntime.InferenceSession``."""
    inputs = session.get_inputs()
    outputs = session.get_outputs()
    if len(inputs) != 1:
        raise _bad(tr("The model has {n} inputs; Geomorph feeds one image tensor.").format(n=len(inputs)))
    meta = session.get_modelmeta().custom_metadata_map
    return parse_contract(meta, inputs[0].name, list(inputs[0].shape), inputs[0].type, list(outputs[0].shape))
