"""onnxruntime sessions: device choice (Auto / GPU / CPU) said out loud, options tuned for throughput."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import GeomorphError, ModelFileError
from ..i18n import tr

AUTO, GPU, CPU = "auto", "gpu", "cpu"
DEVICES = (AUTO, GPU, CPU)
GPU_PROVIDERS = ("TensorrtExecutionProvider", "CUDAExecutionProvider")


@dataclass
class Runtime:
    session: object
    provider: str  # the execution provider that actually runs the model
    reason: str  # why this provider, and why not the GPU when it is the CPU
    path: Path | None = None  # the model file, for sessions derived from it (normalising_runtime)
    threads: int | None = None

    @property
    def on_gpu(self) -> bool:
        return self.provider in GPU_PROVIDERS


def available_providers() -> list[str]:
    import onnxruntime

    return list(onnxruntime.get_available_providers())


def session_options(threads: int | None = None):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    # One request at a time, each using every core: batches are large enough that intra-op
    # parallelism keeps the cores busy, and the reader/writer threads do only light work.
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.inter_op_num_threads = 1
    # The memory pattern plans a second, pre-sized block for every input shape on top of what
    # the arena already holds: +340 MB for a small U-Net at batch 8, for no measurable speed-up.
    options.enable_mem_pattern = False
    options.enable_cpu_mem_arena = True
    # A spinning worker would steal the core that the GDAL reader thread needs between batches.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return options


def _open(path: Path, providers: list[str], threads: int | None):
    import onnxruntime

    try:
        return onnxruntime.InferenceSession(str(path), sess_options=session_options(threads), providers=providers)
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidProtobuf/RuntimeException types
        text = str(exc)
        if not Path(path).is_file():
            raise GeomorphError(tr("The model file {path} does not exist.").format(path=path)) from exc
        raise ModelFileError(tr(
            "The model file {path} is not a readable ONNX model (truncated or corrupt?): {error}. Download or "
            "export it again; a partly copied file is the usual cause.").format(path=path, error=text[:300])) from exc


def create_runtime(path: Path, device: str = AUTO, threads: int | None = None) -> Runtime:
    """Open the model on the asked device. GPU asked for and not usable raises, never falls back."""
    device = device.lower()
    if device not in DEVICES:
        raise GeomorphError(tr("Unknown device {device!r}: use Auto, GPU or CPU.").format(device=device))
    available = available_providers()
    gpu_listed = [p for p in GPU_PROVIDERS if p in available]

    if device == CPU:
        session = _open(path, ["CPUExecutionProvider"], threads)
        return Runtime(session, "CPUExecutionProvider", tr("the CPU was asked for (Device: CPU)"), Path(path), threads)

    if not gpu_listed:
        why = tr("this onnxruntime build has no CUDA or TensorRT provider (installed: {providers}); install "
                 "onnxruntime-gpu for an NVIDIA GPU").format(providers=", ".join(available))
        return _without_gpu(path, device, threads, why, None, tr(
            "The GPU was asked for, but onnxruntime cannot use one: this onnxruntime build has no CUDA or "
            "TensorRT provider (it offers {providers}). Install onnxruntime-gpu (with CUDA 12 and cuDNN 9) in "
            "QGIS's Python on a machine with an NVIDIA GPU, or choose DEVICE=CPU.").format(
                providers=", ".join(available)))

    session = _open(path, [*gpu_listed, "CPUExecutionProvider"], threads)
    used = session.get_providers()
    if used and used[0] in GPU_PROVIDERS:
        reason = tr("Auto found a GPU") if device == AUTO else tr("the GPU was asked for (Device: GPU)")
        return Runtime(session, used[0], reason, Path(path), threads)
    # onnxruntime-gpu lists CUDA even where no GPU or CUDA library is present, then falls back.
    why = tr("onnxruntime-gpu offers {providers} but could not start it (no NVIDIA GPU visible, or the CUDA "
             "12/cuDNN libraries are missing)").format(providers=", ".join(gpu_listed))
    return _without_gpu(path, device, threads, why, session, tr(
        "The GPU was asked for, but onnxruntime could not start {providers}: no NVIDIA GPU is visible or the "
        "CUDA 12 and cuDNN 9 libraries are missing. Check nvidia-smi and the CUDA installation, or choose "
        "DEVICE=CPU.").format(providers=", ".join(gpu_listed)))


def _without_gpu(path: Path, device: str, threads: int | None, why: str, session, gpu_error: str) -> Runtime:
    """No usable GPU: DEVICE=GPU fails with ``gpu_error``, never falling back; Auto runs on the CPU and says why."""
    if device == GPU:
        raise GeomorphError(gpu_error)
    session = session or _open(path, ["CPUExecutionProvider"], threads)
    used = session.get_providers()
    return Runtime(session, used[0] if used else "CPUExecutionProvider", tr("Auto chose the CPU: {why}").format(
        why=why), Path(path), threads)


# Input types a folded graph can take: what GDAL's ReadAsArray returns for ordinary rasters.
_FOLDABLE = ("uint8", "uint16", "int16", "uint32", "int32", "float32", "float64")


def normalisation_constants(contract) -> tuple[np.ndarray, np.ndarray]:
    """Per channel ``scale`` and ``shift`` with ``(raw / value_scale - mean) / std == raw * scale - shift``.

    Both the folded graph and the numpy fallback use these float32 values in this order
    (multiply, then subtract), so the two give the same tensors.
    """
    scale = np.asarray([1.0 / (contract.value_scale * s) for s in contract.std], dtype=np.float32)
    shift = np.asarray([m / s for m, s in zip(contract.mean, contract.std)], dtype=np.float32)
    return scale, shift


def normalising_model(path: Path, contract, dtype) -> bytes | None:
    """The model with ``Cast -> Mul -> Sub`` prepended, taking the raw ``dtype`` raster values; None if not possible.

    onnxruntime then normalises with its own (multi-threaded) kernels, and the reader hands over
    the raw window, a quarter of the bytes of a float32 copy for 8-bit rasters. The input keeps
    its name and shape. Needs the ``onnx`` package; without it, or for an old opset, None.
    """
    try:
        import onnx
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        return None
    dtype = np.dtype(dtype)
    if dtype.name not in _FOLDABLE or contract.input_is_uint8:
        return None
    model = onnx.load(str(path))
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    if opset < 7:  # broadcasting Mul/Sub
        return None
    graph = model.graph
    name = contract.input_name
    inputs = [i for i in graph.input if i.name == name]
    if len(inputs) != 1:
        return None
    taken = {n for node in graph.node for n in (*node.input, *node.output)} | {i.name for i in graph.initializer}
    prefix = "geomorph_norm"
    while any(n.startswith(prefix) for n in taken):
        prefix += "_"
    if any(o.name == name for o in graph.output) or any(
            a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for node in graph.node
            for a in node.attribute):
        return None  # the input used in a subgraph or as an output: leave such models alone
    inner = prefix + "_input"
    for node in graph.node:
        node.input[:] = [inner if n == name else n for n in node.input]
    scale, shift = normalisation_constants(contract)
    bshape = (-1, 1, 1) if contract.input_layout == "NCHW" else (-1,)
    graph.initializer.extend([numpy_helper.from_array(scale.reshape(bshape), prefix + "_scale"),
                              numpy_helper.from_array(shift.reshape(bshape), prefix + "_shift")])
    nodes = []
    source = name
    if dtype != np.float32:
        nodes.append(helper.make_node("Cast", [name], [prefix + "_float"], to=TensorProto.FLOAT))
        source = prefix + "_float"
    nodes += [helper.make_node("Mul", [source, prefix + "_scale"], [prefix + "_scaled"]),
              helper.make_node("Sub", [prefix + "_scaled", prefix + "_shift"], [inner])]
    existing = list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes + existing)
    inputs[0].type.tensor_type.elem_type = helper.np_dtype_to_tensor_dtype(dtype)
    return model.SerializeToString()


def normalising_runtime(rt: Runtime, contract, dtype) -> Runtime | None:
    """A second session of ``rt``'s model, on the same provider, fed raw ``dtype`` values; None if not possible.

    ``rt`` keeps the original model (the contract was read from it); the pipeline runs this one.
    """
    if rt.path is None:
        return None
    import onnxruntime

    try:
        data = normalising_model(rt.path, contract, dtype)
        if data is None:
            return None
        providers = list(rt.session.get_providers()) or ["CPUExecutionProvider"]
        session = onnxruntime.InferenceSession(data, sess_options=session_options(rt.threads), providers=providers)
    except Exception:  # noqa: BLE001 - e.g. a > 2 GB model that protobuf cannot serialise: normalise in numpy
        return None
    return Runtime(session, rt.provider, rt.reason, rt.path, rt.threads)
