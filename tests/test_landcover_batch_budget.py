"""The batch size from a memory budget: the graph estimate, the lowered batch said in the log, and the
peak RSS of a real run of a Deepness-shaped U-Net (512 px tiles) asked for a large batch."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from geomorph_plugin.landcover import batch_budget, contract, inference, runtime
from tests.onnx_models import brightest_band_segmenter, write_raster

REPO = Path(__file__).resolve().parents[1]
ORIGIN = (500000.0, 4500000.0)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_landcover", REPO / "scripts" / "bench_landcover.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _open(path):
    rt = runtime.create_runtime(path, "cpu")
    return rt, contract.contract_from_session(rt.session)


def test_working_memory_is_the_largest_set_of_live_tensors(tmp_path):
    # input -> Mul -> Softmax: the input and the product live together, then the product and the
    # probabilities: 2 tensors of 3 x 32 x 32 float32 at most.
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=32)
    _, c = _open(model)
    assert batch_budget.working_bytes_per_tile(model, c) == 2 * 3 * 32 * 32 * 4
    smoothed = brightest_band_segmenter(tmp_path / "smooth.onnx", tile=32, smooth=2)  # one more tensor in the chain
    assert batch_budget.working_bytes_per_tile(smoothed, c) == 2 * 3 * 32 * 32 * 4
    assert batch_budget.working_bytes_per_tile(None, c) is None


def test_the_batch_asked_is_an_upper_bound(tmp_path):
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=32)
    _, c = _open(model)
    per_tile = batch_budget.plan_batch(1, c, model).per_tile_bytes
    assert per_tile == int(batch_budget.ARENA_FACTOR * 24 * 1024) + 5 * 4 * 3 * 1024 + 4 * 3 * 1024
    assert batch_budget.plan_batch(8, c, model, budget=3 * per_tile).batch == 3
    assert batch_budget.plan_batch(2, c, model, budget=3 * per_tile).batch == 2
    assert batch_budget.plan_batch(8, c, model, budget=per_tile // 2).batch == 1
    fallback = batch_budget.plan_batch(8, c, None, budget=3 * per_tile)
    assert fallback.estimated_from == "fallback"
    assert fallback.per_tile_bytes > per_tile


def test_a_lowered_batch_is_said_and_gives_the_same_classes(tmp_path, monkeypatch):
    rng = np.random.default_rng(7)
    data = rng.integers(0, 255, (3, 90, 110)).astype(np.uint8)
    raster = write_raster(tmp_path / "in.tif", data, res=1.0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=32, value_scale=255)
    rt, c = _open(model)
    full = inference.classify(inference.Request(str(raster), tmp_path / "a.tif", batch_size=8), c, rt)
    assert not any("lowered" in line for line in full.log)
    per_tile = batch_budget.plan_batch(1, c, model).per_tile_bytes
    monkeypatch.setattr(batch_budget, "BATCH_MEMORY_BYTES", 3 * per_tile)
    low = inference.classify(inference.Request(str(raster), tmp_path / "b.tif", batch_size=8), c, rt)
    assert any("Batch size lowered from 8 to 3" in line for line in low.log), low.log
    monkeypatch.setattr(batch_budget, "BATCH_MEMORY_BYTES", per_tile // 2)
    one = inference.classify(inference.Request(str(raster), tmp_path / "c.tif", batch_size=8), c, rt)
    assert any("one tile at a time" in line for line in one.log), one.log
    from osgeo import gdal

    for other in (low, one):
        np.testing.assert_array_equal(gdal.Open(str(full.output)).ReadAsArray(),
                                      gdal.Open(str(other.output)).ReadAsArray())


_RUN = """
import json, sys
sys.path.insert(0, {repo!r})
from geomorph_plugin.landcover import contract, inference, runtime
rt = runtime.create_runtime({model!r}, "cpu")
c = contract.contract_from_session(rt.session)
result = inference.classify(inference.Request({raster!r}, {out!r}, batch_size={batch}), c, rt)
status = open("/proc/self/status").read()
peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
print(json.dumps({{"peak_mb": peak, "cells": sum(result.counts.values()), "log": result.log}}))
"""


def test_deepness_unet_at_batch_32_stays_under_1_5_gb(tmp_path):
    """Unbounded, batch 32 of 512 px tiles would take about 6 GB of arena (180 MB per tile)."""
    model = _bench().make_deepness_unet(tmp_path / "deepness.onnx")
    data = np.random.default_rng(8).integers(0, 255, (3, 1536, 1536)).astype(np.uint8)
    raster = write_raster(tmp_path / "in.tif", data, res=0.1, origin=ORIGIN)
    code = _RUN.format(repo=str(REPO), model=str(model), raster=str(raster), out=str(tmp_path / "classes.tif"),
                       batch=32)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    assert row["cells"] == 1536 * 1536
    assert any("Batch size lowered from 32 to 4" in line for line in row["log"]), row["log"]
    assert row["peak_mb"] < 1500, row["peak_mb"]
