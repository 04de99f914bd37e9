"""The batch size from a memory budget: the user's batch size is an upper bound, lowered when the
batches of this model would not fit in ``BATCH_MEMORY_BYTES``.

What a batch costs grows with the batch: onnxruntime's working memory (its arena keeps the
largest set of intermediate tensors it has needed, about proportional to the batch) and the
net's outputs waiting in the queues. The rest of a run (the stripe buffers, GDAL's cache, the
libraries) does not depend on the batch and took about 450 MB in the benchmark process, so a
budget of 900 MB for the batches keeps its peak RSS under 1.5 GB for any batch size asked.

The working memory per tile is estimated from the graph when the ``onnx`` package is there:
shapes inferred for one tile, each intermediate tensor alive from the node that makes it to the
last node that reads it, the largest sum over the node order, times ``ARENA_FACTOR`` for the
arena's rounding and the tensors it keeps apart. Without ``onnx`` a fixed
``FALLBACK_BYTES_PER_PIXEL`` of the tile stands in: above what the benchmark's U-Nets need, not
a bound for every net (docs/landcover.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

BATCH_MEMORY_BYTES = 900 * 1024 * 1024
# Measured over estimated working memory: the Deepness-shaped U-Net on 512 px tiles took 180 MB
# per tile in the arena at batch 1, 4 and 8 (VmHWM of session.run alone); its graph estimate is
# 96 MB (ratio 1.9: the arena rounds its chunks up and keeps some tensors apart).
ARENA_FACTOR = 2.0
FALLBACK_BYTES_PER_PIXEL = 1024
# Net outputs alive per batch: up to 3 in the queue, one being blended, one just computed.
OUTPUTS_HELD = 5

_ITEMSIZE = {1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2}


@dataclass
class BatchPlan:
    batch: int
    per_tile_bytes: int
    estimated_from: str  # "graph" or "fallback"


def working_bytes_per_tile(path: Path | None, contract) -> int | None:
    """Largest sum of the intermediate tensors alive at once for one tile, from the graph; None when unknown."""
    if path is None:
        return None
    try:
        import onnx
        from onnx import shape_inference
    except ImportError:
        return None
    try:
        model = onnx.load(str(path), load_external_data=False)
        graph = model.graph
        inputs = [i for i in graph.input if i.name == contract.input_name]
        if len(inputs) != 1:
            return None
        t, ch = contract.patch_size, contract.channels
        dims = [1, ch, t, t] if contract.input_layout == "NCHW" else [1, t, t, ch]
        shape = inputs[0].type.tensor_type.shape
        for dim, value in zip(shape.dim, dims):
            dim.Clear()
            dim.dim_value = value
        inferred = shape_inference.infer_shapes(model, strict_mode=False).graph
    except Exception:  # noqa: BLE001 - any model onnx cannot infer: the fallback applies
        return None
    sizes: dict[str, int] = {}
    for info in [*inferred.value_info, *inferred.output, *inferred.input]:
        tensor = info.type.tensor_type
        values = [d.dim_value if d.HasField("dim_value") else 0 for d in tensor.shape.dim]
        if values and all(v > 0 for v in values):
            sizes[info.name] = int(np.prod(values)) * _ITEMSIZE.get(tensor.elem_type, 4)
    weights = {i.name for i in inferred.initializer}
    last: dict[str, int] = {}
    for index, node in enumerate(inferred.node):
        for name in node.input:
            last[name] = index
    for out in inferred.output:
        last[out.name] = len(inferred.node)
    live = sizes.get(contract.input_name, 0)
    alive = {contract.input_name} if live else set()
    peak = live
    unknown = 0
    for index, node in enumerate(inferred.node):
        for name in node.output:
            if name in sizes:
                alive.add(name)
                live += sizes[name]
            elif name:
                unknown += 1
        peak = max(peak, live)
        for name in list(alive):
            if last.get(name, -1) <= index and name not in weights:
                alive.discard(name)
                live -= sizes[name]
    if unknown > len(inferred.node) // 2 or peak <= 0:
        return None  # too little known about the shapes to trust the sum
    return peak


def plan_batch(asked: int, contract, path: Path | None, on_gpu: bool = False,
               budget: int | None = None) -> BatchPlan:
    """The largest batch up to ``asked`` whose memory fits in ``budget`` (``BATCH_MEMORY_BYTES``); at least 1."""
    budget = BATCH_MEMORY_BYTES if budget is None else budget
    t = contract.patch_size
    outputs = OUTPUTS_HELD * 4 * max(contract.num_classes, 1) * (1 if contract.is_patch_model else t * t)
    inputs = 4 * contract.channels * t * t  # the batch being built and its float copy at most
    if on_gpu:
        working, source = 0, "graph"  # the net's tensors live in the GPU's memory
    else:
        estimate = working_bytes_per_tile(path, contract)
        if estimate is None:
            working, source = FALLBACK_BYTES_PER_PIXEL * t * t, "fallback"
        else:
            working, source = int(ARENA_FACTOR * estimate), "graph"
    per_tile = working + outputs + inputs
    fits = max(1, budget // max(per_tile, 1))
    return BatchPlan(int(min(max(1, asked), fits)), per_tile, source)
