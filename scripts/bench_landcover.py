#!/usr/bin/env python3
"""Land-cover throughput and memory: the full pipeline vs raw onnxruntime on the same tiles.

Five models, named by ``--kinds``:

- ``segmentation``: a compact U-Net built here with DeepGlobe's shape (4 levels, 16-128
  channels, 7 classes, 256 px tiles);
- ``patch``: the bundled EuroSAT RGB model that the algorithm runs by default (64 px patches
  at 10 m);
- ``deepness``: Deepness's own U-Net format (issue 10 item 8): the compact U-Net with 4 classes on
  512 px tiles, carrying only Deepness's metadata keys (15% ``tiles_overlap``, ``seg_thresh``,
  ``seg_small_segment``), run with 15% overlap; Deepness itself cannot run here (a QGIS plugin),
  so the comparison is with raw onnxruntime: ``--sizes 4096 --kinds deepness --batch 1``;
- ``segmentation-tiny`` and ``patch-tiny``: far lighter nets (a 2-level 16/32-channel U-Net,
  a 2-convolution classifier) that show the pipeline's fixed costs at their largest share.

For each model and raster size, a fresh subprocess runs the pipeline end to end (GDAL read,
normalise, batch, infer, blend, write, COG) and records its peak RSS; the same subprocess
then times ``session.run`` alone on a sample of the same tiles already in memory and
extrapolates to all tiles. ``--repeat`` alternates the two that many times and reports the
ratio of their mean times, so that a drift of the shared machine between two moments counts less.
Synthetic rasters are generated once into a cache outside git.

    scripts/bench_landcover [--sizes 8192 16384] [--kinds segmentation patch] [--repeat 2] [--write-docs]

``--downsample`` measures instead a much finer input than the model: a 20 000 x 20 000 px
mosaic at 2 cm (400 m across) classified by a 10 m model, for peak RSS and time, with
``--compare-vrt`` also through the warped VRT the pipeline used before (its peak grows with
the resolution ratio squared).

    scripts/bench_landcover --downsample [--compare-vrt]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CACHE = Path(os.environ.get("GEOMORPH_BENCH_CACHE", REPO / ".work" / "bench_landcover"))


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM where there is /proc: Linux carries ru_maxrss over fork and
    exec, so a subprocess of a parent that just generated a raster would report the parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_raster(size: int) -> Path:
    from osgeo import gdal, osr

    path = CACHE / f"synthetic_{size}.tif"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part.tif")
    ds = gdal.GetDriverByName("GTiff").Create(str(part), size, size, 3, gdal.GDT_Byte,
                                              ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "BIGTIFF=YES"])
    ds.SetGeoTransform((500000.0, 1.0, 0.0, 4500000.0 + size, 0.0, -1.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    ds.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(0)
    step = 1024
    for y in range(0, size, step):
        yy, xx = np.mgrid[y:min(y + step, size), 0:size].astype(np.float32)
        for b in range(3):
            field = 128 + 90 * np.sin(xx / (60 + 40 * b)) * np.cos(yy / (80 + 30 * b))
            field += rng.normal(0, 8, field.shape).astype(np.float32)
            ds.GetRasterBand(b + 1).WriteArray(np.clip(field, 0, 255).astype(np.uint8), 0, y)
    ds = None
    part.rename(path)
    return path


def _meta(model, values: dict) -> None:
    for key, value in values.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value if isinstance(value, str) else json.dumps(value)


def make_tiny_unet(path: Path, classes: int = 4, tile: int = 256) -> Path:
    """Encoder-decoder with a skip connection: about 11 kFLOP per pixel."""
    from onnx import helper, numpy_helper

    rng = np.random.default_rng(1)

    def conv(name, x, cin, cout, k=3):
        w = numpy_helper.from_array((rng.normal(0, 0.3, (cout, cin, k, k))).astype(np.float32), f"{name}_w")
        b = numpy_helper.from_array(np.zeros(cout, np.float32), f"{name}_b")
        node = helper.make_node("Conv", [x, f"{name}_w", f"{name}_b"], [name], pads=[k // 2] * 4)
        return [node], [w, b]

    nodes, inits = [], []
    for spec in (("e1", "input", 3, 16), ("e2", "p1", 16, 32), ("d1", "cat", 48, 8), ("out", "d1r", 8, classes, 1)):
        if spec[0] == "e2":
            nodes.append(helper.make_node("MaxPool", ["e1r"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]))
        if spec[0] == "d1":
            inits.append(numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales"))
            nodes.append(helper.make_node("Resize", ["e2r", "", "scales"], ["up"], mode="nearest"))
            nodes.append(helper.make_node("Concat", ["e1r", "up"], ["cat"], axis=1))
        n, i = conv(*spec)
        nodes += n
        inits += i
        if spec[0] != "out":
            nodes.append(helper.make_node("Relu", [spec[0]], [spec[0] + "r"]))
    nodes.append(helper.make_node("Softmax", ["out"], ["probs"], axis=1))
    return _save_segmenter(path, nodes, inits, "probs", classes, tile)


def make_unet(path: Path, classes: int = 7, tile: int = 256, base: int = 16, levels: int = 4) -> Path:
    """A compact U-Net with DeepGlobe's 7 classes: two 3x3 convolutions per level on both sides,
    ``base`` channels doubling per level, max-pool down, nearest up, concatenated skips."""
    from onnx import helper, numpy_helper

    rng = np.random.default_rng(3)
    nodes, inits = [], []

    def conv(x, cin, cout, name, k=3, relu=True):
        # He initialisation keeps activations in range through the depth, as in a trained net.
        w = rng.normal(0, (2 / (cin * k * k)) ** 0.5, (cout, cin, k, k)).astype(np.float32)
        inits.extend([numpy_helper.from_array(w, name + "_w"),
                      numpy_helper.from_array(np.zeros(cout, np.float32), name + "_b")])
        nodes.append(helper.make_node("Conv", [x, name + "_w", name + "_b"], [name], pads=[k // 2] * 4))
        if not relu:
            return name
        nodes.append(helper.make_node("Relu", [name], [name + "_r"]))
        return name + "_r"

    x, cin, skips = "input", 3, []
    for level in range(levels):
        c = base * 2 ** level
        x = conv(conv(x, cin, c, f"enc{level}a"), c, c, f"enc{level}b")
        cin = c
        if level < levels - 1:
            skips.append((x, c))
            nodes.append(helper.make_node("MaxPool", [x], [f"pool{level}"], kernel_shape=[2, 2], strides=[2, 2]))
            x = f"pool{level}"
    inits.append(numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales"))
    for level in reversed(range(levels - 1)):
        skip, c = skips[level]
        nodes.append(helper.make_node("Resize", [x, "", "scales"], [f"up{level}"], mode="nearest"))
        nodes.append(helper.make_node("Concat", [skip, f"up{level}"], [f"cat{level}"], axis=1))
        x = conv(conv(f"cat{level}", c + cin, c, f"dec{level}a"), c, c, f"dec{level}b")
        cin = c
    logits = conv(x, cin, classes, "logits", k=1, relu=False)
    nodes.append(helper.make_node("Softmax", [logits], ["probs"], axis=1))
    return _save_segmenter(path, nodes, inits, "probs", classes, tile)


def _save_segmenter(path: Path, nodes, inits, output: str, classes: int, tile: int) -> Path:
    return _save(path, nodes, inits, tile, output, ["N", classes, tile, tile],
                 {"model_type": "segmentation", "class_names": [f"c{i}" for i in range(classes)],
                  "mean": [0.5] * 3, "std": [0.25] * 3})


def _save(path: Path, nodes, inits, tile: int, output: str, output_shape: list, meta: dict) -> Path:
    """A float ``N x 3 x tile x tile`` input, opset 17, the contract keys every benchmark model shares plus ``meta``."""
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        nodes, "bench", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, tile, tile])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, output_shape)], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    _meta(model, {"geomorph_contract": "1", "resolution_m": 1.0, "value_scale": 255, "output_activation": "softmax",
                  **meta})
    onnx.save(model, str(path))
    return path


DEEPNESS_META = {"model_type": "Segmentor",
                 "class_names": {"0": "background", "1": "field", "2": "trees", "3": "water"},
                 "resolution": 10, "tiles_size": 512, "tiles_overlap": 15, "standardization_mean": [0.5] * 3,
                 "standardization_std": [0.25] * 3, "seg_thresh": 0.5, "seg_small_segment": 7}


def make_deepness_unet(path: Path) -> Path:
    """Deepness's own U-Net format: the compact U-Net with 4 classes on 512 px tiles, carrying only Deepness's
    metadata keys (``model_type: Segmentor``, ``resolution`` in cm, ``tiles_size``, ``tiles_overlap`` 15%,
    ``standardization_*``, ``seg_thresh``, ``seg_small_segment``), as a model exported for Deepness would."""
    import onnx

    make_unet(path, classes=4, tile=512)
    model = onnx.load(str(path))
    del model.metadata_props[:]
    _meta(model, DEEPNESS_META)
    onnx.save(model, str(path))
    return path


def make_patch_classifier(path: Path, classes: int = 10, patch: int = 64) -> Path:
    """A tiny classifier of EuroSAT's shape (64 px, 10 classes): two strided convolutions, global pooling, dense."""
    from onnx import helper, numpy_helper

    rng = np.random.default_rng(2)
    inits = [numpy_helper.from_array(rng.normal(0, 0.3, s).astype(np.float32), n) for n, s in (
        ("w1", (32, 3, 3, 3)), ("w2", (64, 32, 3, 3)), ("w3", (64, classes)))]
    nodes = [helper.make_node("Conv", ["input", "w1"], ["c1"], pads=[1] * 4, strides=[2, 2]),
             helper.make_node("Relu", ["c1"], ["r1"]),
             helper.make_node("Conv", ["r1", "w2"], ["c2"], pads=[1] * 4, strides=[2, 2]),
             helper.make_node("Relu", ["c2"], ["r2"]),
             helper.make_node("GlobalAveragePool", ["r2"], ["g"]),
             helper.make_node("Flatten", ["g"], ["f"]),
             helper.make_node("MatMul", ["f", "w3"], ["logits"]),
             helper.make_node("Softmax", ["logits"], ["scores"], axis=1)]
    return _save(path, nodes, inits, patch, "scores", ["N", classes],
                 {"model_type": "patch_classifier", "class_names": [f"c{i}" for i in range(classes)]})


THREAD_MODES = {"both": (True, True), "reader": (True, False), "writer": (False, True), "none": (False, False)}
KINDS = ("segmentation", "patch", "segmentation-tiny", "patch-tiny", "deepness")
# Tile overlap in percent per kind: Deepness's U-Net runs with the 15% its metadata carries.
OVERLAP = {"deepness": 15}
DEFAULT_MODEL = REPO / "geomorph_plugin" / "models" / "eurosat_rgb.onnx"


def model_path(kind: str) -> Path:
    return {"segmentation": CACHE / "unet7.onnx", "segmentation-tiny": CACHE / "unet.onnx",
            "patch": DEFAULT_MODEL, "patch-tiny": CACHE / "patch.onnx", "deepness": CACHE / "deepness_unet4.onnx"}[kind]


def make_models() -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    make_unet(model_path("segmentation"))
    make_tiny_unet(model_path("segmentation-tiny"))
    make_patch_classifier(model_path("patch-tiny"))
    make_deepness_unet(model_path("deepness"))


def raster_at(size: int, res: float) -> Path:
    """The synthetic raster with ``res`` m pixels: a VRT over the 1 m one with its corners moved, so that the
    pipeline reads it directly at the model's resolution (no resampling) and the same DEFLATE blocks."""
    from osgeo import gdal

    base = make_raster(size)
    if res == 1.0:
        return base
    path = CACHE / f"synthetic_{size}_{res:g}m.vrt"
    if not path.exists():
        x0, y1 = 500000.0, 4500000.0 + size * res
        gdal.Translate(str(path), str(base), format="VRT", outputBounds=[x0, y1, x0 + size * res, 4500000.0])
    return path


def one(kind: str, size: int, batch: int, raw_sample: float, threads: str = "both", fold: bool = True,
        repeat: int = 1) -> dict:
    """Runs in its own process so that ru_maxrss is this size's peak alone."""
    from geomorph_plugin.landcover import contract, inference, output, runtime, tiling

    inference.READER_THREAD, inference.WRITER_THREAD = THREAD_MODES[threads]
    inference.FOLD_NORMALISATION = fold

    rt = runtime.create_runtime(model_path(kind), "auto")
    c = contract.contract_from_session(rt.session)
    raster = raster_at(size, c.resolution_m)
    out = CACHE / f"out_{kind}_{size}.tif"
    # The COG conversion is part of end-to-end; timed on its own too, to show its share.
    cog = [0.0]
    to_cog = output.to_cog

    def timed_to_cog(*args):
        t = time.perf_counter()
        to_cog(*args)
        cog[0] += time.perf_counter() - t

    output.to_cog = timed_to_cog

    # Raw onnxruntime: the ORIGINAL model on the same tiles (same positions, same normalisation,
    # same full batches running on across tile rows), each batch built in memory before its
    # session.run starts; only session.run is timed. A sample of the tiles, scaled to all.
    from osgeo import gdal

    t = c.patch_size
    if c.is_patch_model:
        xs = ys = [i * t for i in range(tiling.patch_grid(size, t))]
    else:
        overlap = int(round(t * OVERLAP.get(kind, 10) / 100))
        xs, ys = tiling.tile_starts(size, t, overlap), tiling.tile_starts(size, t, overlap)
    n_tiles = len(xs) * len(ys)
    sample_rows = max(1, int(round(len(ys) * raw_sample)))
    scale, shift = runtime.normalisation_constants(c)
    read_s = [0.0]

    # The pipeline may lower the batch asked for to fit its memory budget: the baseline runs the same batches.
    from geomorph_plugin.landcover import batch_budget

    asked, batch = batch, c.fixed_batch or batch_budget.plan_batch(batch, c, model_path(kind), rt.on_gpu).batch

    def batches(ds):
        pending = []
        for y in ys[:sample_rows]:
            t1 = time.perf_counter()
            strip = ds.ReadAsArray(0, y, size, t)
            read_s[0] += time.perf_counter() - t1
            strip = strip.astype(np.float32) * scale[:, None, None] - shift[:, None, None]
            pending += [strip[:, :, x:x + t] for x in xs]
            while len(pending) >= batch:
                yield np.ascontiguousarray(np.stack(pending[:batch]))
                pending = pending[batch:]
        if pending:
            yield np.ascontiguousarray(np.stack(pending))

    def raw_run():
        ds = gdal.Open(str(raster))
        first = next(batches(ds))
        rt.session.run(None, {c.input_name: first})  # warm-up, as the pipeline's first batch is
        wall, cpu, timed = 0.0, 0.0, 0
        for arr in batches(ds):
            t0, cpu0 = time.perf_counter(), time.process_time()
            rt.session.run(None, {c.input_name: arr})
            wall += time.perf_counter() - t0
            cpu += time.process_time() - cpu0
            timed += len(arr)
        return wall * n_tiles / timed, cpu * n_tiles / timed

    rounds, peak_mb, result = [], None, None
    for _ in range(max(1, repeat)):
        cog[0] = 0.0
        t0, cpu0 = time.perf_counter(), time.process_time()
        result = inference.classify(inference.Request(str(raster), out, batch_size=asked,
                                                          overlap_percent=OVERLAP.get(kind, 10)), c, rt)
        e2e, e2e_cpu = time.perf_counter() - t0, time.process_time() - cpu0
        if peak_mb is None:
            peak_mb = peak_rss_mb()
        out.unlink()
        out.with_name(out.name + ".aux.xml").unlink(missing_ok=True)
        raw, raw_cpu = raw_run()
        rounds.append({"e2e_s": e2e, "raw_s": raw, "ratio": raw / e2e, "cpu_ratio": raw_cpu / e2e_cpu,
                       "cog_s": cog[0], "load": os.getloadavg()[0]})
    stripes = next((line for line in result.log if "column stripes" in line), "")
    folded = any("folded into the graph" in line for line in result.log)
    # GDAL alone reading (inflating) the input, from the baseline's reads: the part of the
    # end-to-end work that no pipeline can avoid and raw onnxruntime does not include.
    read_s[0] = 0.0
    for _ in batches(gdal.Open(str(raster))):  # a fresh dataset: none of its blocks in GDAL's cache
        pass
    read = read_s[0] * len(ys) / sample_rows
    # Over all rounds: mean time of each, so the ratio is sum(raw) / sum(end-to-end).
    e2e = sum(r["e2e_s"] for r in rounds) / len(rounds)
    raw = sum(r["raw_s"] for r in rounds) / len(rounds)
    mpx = size * size / 1e6
    return {"kind": kind, "size": size, "tiles": n_tiles, "e2e_s": e2e, "e2e_mpx_s": mpx / e2e,
            "raw_s_est": raw, "raw_mpx_s": mpx / raw, "ratio": raw / e2e,
            "ratios": [r["ratio"] for r in rounds], "peak_rss_mb": peak_mb, "provider": rt.provider,
            "pipeline_s": result.seconds, "cog_s": sum(r["cog_s"] for r in rounds) / len(rounds),
            "stripes": stripes, "cpu_ratio": sum(r["cpu_ratio"] for r in rounds) / len(rounds),
            "load": sum(r["load"] for r in rounds) / len(rounds), "read_s": read, "folded": folded,
            "threads": threads, "model": model_path(kind).name, "res_m": c.resolution_m, "batch_run": batch}


def downsample_raster(size: int, res: float) -> Path:
    """The synthetic raster with ``res`` m pixels (a VRT over the 1 m one, corners moved)."""
    from osgeo import gdal

    base = make_raster(size)
    path = CACHE / f"synthetic_{size}_{res:g}m.vrt"
    if not path.exists():
        x0, y0 = 500000.0, 4500000.0
        gdal.Translate(str(path), str(base), format="VRT", outputBounds=[x0, y0 + size * res, x0 + size * res, y0])
    return path


def downsample_model(res: float, tile: int = 16) -> Path:
    """The tiny U-Net with 16 px tiles, at ``res`` m per pixel."""
    import onnx

    path = CACHE / f"unet_{tile}px_{res:g}m.onnx"
    if not path.exists():
        make_tiny_unet(path, tile=tile)
        model = onnx.load(str(path))
        for entry in model.metadata_props:
            if entry.key == "resolution_m":
                entry.value = json.dumps(res)
        onnx.save(model, str(path))
    return path


def one_downsample(size: int, src_res: float, model_res: float, vrt: bool, decimate_from: float | None = None) -> dict:
    """Runs in its own process: peak RSS of one classification of a fine raster by a coarse model."""
    from geomorph_plugin.landcover import contract, inference, reading, runtime

    if vrt:
        reading.DECIMATE_FROM_RATIO = float("inf")  # the warped VRT at any ratio, as before
    elif decimate_from is not None:
        reading.DECIMATE_FROM_RATIO = decimate_from
    rt = runtime.create_runtime(downsample_model(model_res), "cpu")
    c = contract.contract_from_session(rt.session)
    raster = downsample_raster(size, src_res)
    out = CACHE / f"out_downsample_{'vrt' if vrt else 'copy'}.tif"
    t0 = time.perf_counter()
    result = inference.classify(inference.Request(str(raster), out, batch_size=8), c, rt)
    seconds = time.perf_counter() - t0
    cells = sum(result.counts.values())
    out.unlink()
    out.with_name(out.name + ".aux.xml").unlink(missing_ok=True)
    return {"size": size, "src_res": src_res, "model_res": model_res, "ratio": model_res / src_res,
            "path": "averaged copy" if any("averaging the input onto the model grid" in line for line in result.log)
            else "warped VRT", "seconds": seconds, "cells": cells,
            "peak_rss_mb": peak_rss_mb()}


def run_downsample(args) -> int:
    CACHE.mkdir(parents=True, exist_ok=True)
    make_raster(args.downsample_size)
    lines = []
    paths = [False, True] if args.compare_vrt else [False]
    for res, vrt in [(res, vrt) for res in args.downsample_to for vrt in paths]:
        proc = subprocess.run([sys.executable, __file__, "--one-downsample", str(args.downsample_size),
                               "--downsample-to", str(res), *(["--compare-vrt"] if vrt else []),
                               *(["--decimate-from", str(args.decimate_from)] if args.decimate_from else [])],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        lines.append(f"| {row['size']} x {row['size']} px at {row['src_res'] * 100:g} cm -> {row['model_res']:g} m "
                     f"(ratio {row['ratio']:.0f}) | {row['path']} | {row['cells']} | {row['seconds']:.1f} | "
                     f"{row['peak_rss_mb']:.0f} |")
        print(lines[-1], flush=True)
    print("\n".join(["| input -> model grid | read through | output cells | s | peak RSS (MB) |",
                     "|---|---|---|---|---|", *lines]))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[8192, 16384])
    # deepness is left out by default: it has its own raster size (--sizes 4096), see the module help.
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=[k for k in KINDS if k != "deepness"])
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--raw-sample", type=float, default=0.25,
                        help="fraction of tile rows timed for raw onnxruntime (extrapolated to all tiles)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="end-to-end and raw runs alternated this many times; the ratio is over all of them")
    parser.add_argument("--threads", choices=sorted(THREAD_MODES), default="both",
                        help="which pipeline stages run in their own thread (default: both, as in the plugin)")
    parser.add_argument("--no-fold", action="store_true", help="normalise in numpy instead of in the ONNX graph")
    parser.add_argument("--write-docs", action="store_true", help="update the Land cover section of docs/benchmarks.md")
    parser.add_argument("--downsample", action="store_true",
                        help="a 2 cm mosaic classified by a 10 m model: peak RSS and time (see the module help)")
    parser.add_argument("--downsample-size", type=int, default=20000)
    parser.add_argument("--downsample-to", type=float, nargs="+", default=[10.0], help="model resolutions, m")
    parser.add_argument("--compare-vrt", action="store_true", help="with --downsample: also through a warped VRT")
    parser.add_argument("--decimate-from", type=float, help="with --downsample: the ratio from which to average "
                        "onto the grid in a copy (default: the pipeline's)")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--one-downsample", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_downsample:
        print(json.dumps(one_downsample(args.one_downsample, 0.02, args.downsample_to[0], args.compare_vrt,
                                        args.decimate_from)))
        return 0
    if args.downsample:
        return run_downsample(args)
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), args.batch, args.raw_sample, args.threads,
                             not args.no_fold, args.repeat)))
        return 0

    make_models()
    for size in args.sizes:
        make_raster(size)
    rows = []
    for kind in args.kinds:
        for size in args.sizes:
            proc = subprocess.run([sys.executable, __file__, "--one", kind, str(size), "--batch", str(args.batch),
                                   "--raw-sample", str(args.raw_sample), "--threads", args.threads,
                                   "--repeat", str(args.repeat), *(["--no-fold"] if args.no_fold else [])],
                                  capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print(proc.stderr[-3000:], file=sys.stderr)
                return 1
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(f"{kind:17s} {size:6d}^2  end-to-end {row['e2e_mpx_s']:6.2f} Mpx/s  raw onnxruntime "
                  f"{row['raw_mpx_s']:6.2f} Mpx/s  ratio {row['ratio']:.2f}x "
                  f"(rounds {', '.join(f'{r:.2f}' for r in row['ratios'])}; CPU time {row['cpu_ratio']:.2f}x, "
                  f"load {row['load']:.1f})  peak RSS {row['peak_rss_mb']:.0f} MB  "
                  f"COG {row['cog_s']:.1f} s of {row['e2e_s']:.1f} s, GDAL read alone {row['read_s']:.1f} s  "
                  f"(batch run {row.get('batch_run')}; folded {row['folded']}, threads {row['threads']}; "
                  f"{row['provider']}; {row['stripes']})",
                  flush=True)
    table = render(rows, args)
    print(table)
    if args.write_docs:
        write_docs(table)
    return 0


def render(rows: list[dict], args) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.node() or 'this machine'}: {os.cpu_count()} CPU cores, "
        f"{platform.processor() or platform.machine()}, other work running alongside. Command: "
        f"`scripts/bench_landcover --sizes {' '.join(map(str, args.sizes))} --kinds {' '.join(args.kinds)} "
        f"--batch {args.batch} --raw-sample {args.raw_sample} --repeat {args.repeat}"
        f"{' --threads ' + args.threads if args.threads != 'both' else ''}"
        f"{' --no-fold' if args.no_fold else ''} --write-docs`.",
        "",
        "| model | raster (px at model res.) | tiles | end-to-end Mpx/s | raw onnxruntime Mpx/s | end-to-end / raw "
        "(all rounds) | each round | end-to-end / raw, CPU time | load avg | end-to-end s (of which COG) "
        "| GDAL read alone s | normalisation | peak RSS (MB) | provider |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['kind']} ({r['model']}) | {r['size']} x {r['size']} | {r['tiles']} | "
                     f"{r['e2e_mpx_s']:.2f} | {r['raw_mpx_s']:.2f} | {r['ratio']:.2f} | "
                     f"{', '.join(f'{x:.2f}' for x in r['ratios'])} | {r['cpu_ratio']:.2f} | {r['load']:.1f} | "
                     f"{r['e2e_s']:.1f} ({r['cog_s']:.1f}) | {r['read_s']:.1f} | "
                     f"{'in the graph' if r['folded'] else 'numpy'} | "
                     f"{r['peak_rss_mb']:.0f} | {r['provider']} |")
    lines += ["", "Targets: end-to-end / raw >= 0.9; peak RSS < 1500 MB and flat between the sizes."]
    return "\n".join(lines)


# What follows this line in the section is written by hand and kept when --write-docs runs.
GENERATED_END = "<!-- end of the part written by scripts/bench_landcover -->"


def write_docs(table: str) -> None:
    doc = REPO / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = "## Land cover\n\n" + BENCH_NOTE + "\n\n" + table + "\n\n" + GENERATED_END + "\n"
    start = text.find("## Land cover")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        old = text[start:end + 1] if end >= 0 else text[start:]
        kept = old.find(GENERATED_END)
        if kept >= 0:
            section += old[kept + len(GENERATED_END) + 1:]
        else:
            section += "\n"
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text, encoding="utf-8")


BENCH_NOTE = (
    "`scripts/bench_landcover` runs the land-cover pipeline (`geomorph_plugin.landcover.inference.classify`, the code "
    "behind `geomorph:classifylandcover`) end to end (open the model with the normalisation folded into its graph, "
    "read, batch, infer, blend, write, COG) on synthetic 3-band 8-bit DEFLATE GeoTIFFs at the model's resolution, "
    "each model and size in its own process (peak RSS = that process's `ru_maxrss` after its first end-to-end run). "
    "Models: **segmentation** = a compact U-Net with DeepGlobe's shape built by the script (4 levels, two 3x3 "
    "convolutions per level and side, 16-32-64-128 channels, concatenated skips, 7 classes, 256 px tiles, 10% "
    "overlap; about 2.8 times the cost of the tiny one, still lighter than a ResNet-encoder U-Net); **patch** = the "
    "bundled default model `eurosat_rgb.onnx` (64 px patches at 10 m, 1.6 M parameters), the one the algorithm runs "
    "when MODEL is empty; **segmentation-tiny** (2-level 16/32-channel U-Net, 4 classes, about 11 kFLOP/px) and "
    "**patch-tiny** (two strided convolutions, 0.08 ms per patch) are far lighter than any real model and show the "
    "pipeline's fixed costs (reading, blending, COG) at their largest share. Batch 8 for all. Raw onnxruntime = "
    "`session.run` alone on the ORIGINAL model (float input, no normalisation nodes), same providers and options, on "
    "the same tiles already normalised in numpy and in the same full batches, each batch built in memory before its "
    "call; timed on the first `--raw-sample` of the tile rows and scaled to all tiles, in the same process right "
    "after each end-to-end run. `--repeat` alternates end-to-end and raw runs; the ratio given is over all rounds "
    "(mean raw time / mean end-to-end time; the Mpx/s, COG and CPU-time columns are means too) and every round's "
    "ratio is listed, because the shared 2-core machine drifts by 10-25% between two moments a minute apart. The "
    "CPU-time ratio (process CPU seconds of `session.run` alone vs of the whole run) is the share of the work that is "
    "inference. COG = the GDAL COG conversion, included in end-to-end. GDAL read alone "
    "= reading (inflating) the input tile rows with `ReadAsArray` and a fresh dataset, scaled to all rows: work the "
    "pipeline must do and the baseline leaves out.")


if __name__ == "__main__":
    sys.exit(main())
