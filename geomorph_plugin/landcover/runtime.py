"""onnxruntime sessions: device choice (Auto / GPU / CPU) said out loud, options tuned for throughput."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr

AUTO, GPU, CPU = "auto", "gpu", "cpu"
DEVICES = (AUTO, GPU, CPU)
GPU_PROVIDERS = ("TensorrtExecutionProvider", "CUDAExecutionProvider")


@dataclass
class Runtime:
    session: object
    provider: str  # the execution provider that actually runs the model
    reason: str  # why this provider, and why not the GPU when it is the CPU

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
        raise GeomorphError(tr(
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
        return Runtime(session, "CPUExecutionProvider", "the CPU was asked for (DEVICE=CPU)")

    if not gpu_listed:
        why = ("this onnxruntime build has no CUDA or TensorRT provider (installed: {}); install onnxruntime-gpu "
               "for an NVIDIA GPU").format(", ".join(available))
        if device == GPU:
            raise GeomorphError(tr(
                "The GPU was asked for, but onnxruntime cannot use one: this onnxruntime build has no CUDA or "
                "TensorRT provider (it offers {providers}). Install onnxruntime-gpu (with CUDA 12 and cuDNN 9) in "
                "QGIS's Python on a machine with an NVIDIA GPU, or choose DEVICE=CPU.").format(
                    providers=", ".join(available)))
        session = _open(path, ["CPUExecutionProvider"], threads)
        return Runtime(session, "CPUExecutionProvider", "Auto chose the CPU: " + why)

    session = _open(path, [*gpu_listed, "CPUExecutionProvider"], threads)
    used = session.get_providers()
    if used and used[0] in GPU_PROVIDERS:
        reason = "Auto found a GPU" if device == AUTO else "the GPU was asked for (DEVICE=GPU)"
        return Runtime(session, used[0], reason)
    # onnxruntime-gpu lists CUDA even where no GPU or CUDA library is present, then falls back.
    why = ("onnxruntime-gpu offers {} but could not start it (no NVIDIA GPU visible, or the CUDA 12/cuDNN "
           "libraries are missing)").format(", ".join(gpu_listed))
    if device == GPU:
        raise GeomorphError(tr(
            "The GPU was asked for, but onnxruntime could not start {providers}: no NVIDIA GPU is visible or the "
            "CUDA 12 and cuDNN 9 libraries are missing. Check nvidia-smi and the CUDA installation, or choose "
            "DEVICE=CPU.").format(providers=", ".join(gpu_listed)))
    return Runtime(session, used[0] if used else "CPUExecutionProvider", "Auto chose the CPU: " + why)
