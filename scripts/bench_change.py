#!/usr/bin/env python3
"""DEM of difference throughput and memory: geomorph's DoD (with its budget) vs gdal_calc.py doing only
the subtraction and the threshold, in the same run, on synthetic DEM pairs.

For each size a fresh subprocess runs ``geomorph_plugin.change.dod.dem_of_difference`` end to
end (read both DEMs in stripes, dz, LoD threshold, erosion/deposition/net volumes with their
uncertainty, the elevation-change histogram, optionally a budget per class of a land-cover
raster, the DoD written as a COG with overviews, the .qml, HTML and CSV reports) and reports
its peak RSS (``ru_maxrss``); then ``gdal_calc.py`` computes ``where(abs(A-B) > LoD, A-B, 0)``
on the same pair, in its own subprocess, timed the same way. ``--repeat`` alternates the two
and the ratio is gdal_calc's mean time over the DoD's mean time (>= 0.8 is the target); the median
of the rounds' ratios and the ratio of CPU times (the DoD's process, gdal_calc.py's as a child,
all threads) are printed too: on a shared machine the wall times follow the load, the CPU times
much less.
The synthetic pairs are generated once into a cache outside git.

    scripts/bench_change [--sizes 8192 16384] [--repeat 2] [--zones]
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
CACHE = Path(os.environ.get("GEOMORPH_BENCH_CACHE", REPO / ".work" / "bench_change"))
SIGMA = 0.05
LOD = 1.959964 * SIGMA * 2 ** 0.5
CREATE = ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "PREDICTOR=3", "BIGTIFF=YES"]


def make_pair(size: int) -> dict[str, Path]:
    """old.tif, new.tif (a cut and a fill, noise of SIGMA) and classes.tif (4 named classes), 0.5 m cells."""
    from osgeo import gdal, osr

    folder = CACHE / str(size)
    paths = {k: folder / f"{k}.tif" for k in ("old", "new", "classes")}
    if all(p.exists() for p in paths.values()):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    handles = {}
    for key, dtype in (("old", gdal.GDT_Float32), ("new", gdal.GDT_Float32), ("classes", gdal.GDT_Byte)):
        ds = gdal.GetDriverByName("GTiff").Create(str(paths[key]) + ".part.tif", size, size, 1, dtype,
                                                  CREATE if dtype == gdal.GDT_Float32 else CREATE[:3] + ["BIGTIFF=YES"])
        ds.SetGeoTransform((500000.0, 0.5, 0.0, 4600000.0, 0.0, -0.5))
        ds.SetProjection(srs.ExportToWkt())
        ds.GetRasterBand(1).SetNoDataValue(-9999 if dtype == gdal.GDT_Float32 else 255)
        handles[key] = ds
    rng = np.random.default_rng(0)
    step = 512
    x = np.arange(size, dtype=np.float32)
    for y in range(0, size, step):
        yy = np.arange(y, min(y + step, size), dtype=np.float32)[:, None]
        base = 100 + 10 * np.sin(x[None, :] / 211.0) * np.cos(yy / 157.0) + 0.002 * x[None, :]
        change = np.where((x[None, :] % 2048 < 512) & (yy % 2048 < 512), -1.5, 0.0) + \
            np.where((x[None, :] % 3000 > 2500) & (yy % 1500 > 1200), 0.8, 0.0)
        handles["old"].GetRasterBand(1).WriteArray(
            (base + rng.normal(0, SIGMA, base.shape)).astype(np.float32), 0, y)
        handles["new"].GetRasterBand(1).WriteArray(
            (base + change + rng.normal(0, SIGMA, base.shape)).astype(np.float32), 0, y)
        classes = ((x[None, :] // 1024 + yy // 1024) % 4).astype(np.uint8)
        handles["classes"].GetRasterBand(1).WriteArray(classes, 0, y)
    for key, ds in handles.items():
        if key == "classes":
            ds.GetRasterBand(1).SetCategoryNames(["bare", "water", "trees", "grass"])
        ds = None
        handles[key] = None
        Path(str(paths[key]) + ".part.tif").rename(paths[key])
        aux = Path(str(paths[key]) + ".part.tif.aux.xml")
        if aux.exists():
            aux.rename(Path(str(paths[key]) + ".aux.xml"))
    return paths


def peak_rss_mb() -> float:
    """This process's own peak RSS. Linux's ru_maxrss carries the parent's peak over fork and exec,
    so /proc's VmHWM (per address space) is read where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_dod(size: int, zones: bool) -> dict:
    from geomorph_plugin.change.dod import DodRequest, SigmaKind, Uncertainty, dem_of_difference

    paths = make_pair(size)
    out = CACHE / str(size) / "out"
    out.mkdir(exist_ok=True)
    sigma = Uncertainty(SigmaKind.CONSTANT, SIGMA)
    cpu = os.times()
    started = time.perf_counter()
    result = dem_of_difference(DodRequest(
        str(paths["new"]), str(paths["old"]), out / "dod.tif", sigma, sigma,
        zones_raster=str(paths["classes"]) if zones else None, report=out / "dod.html", csv=out / "dod.csv"))
    seconds = time.perf_counter() - started
    done = os.times()
    return {"seconds": seconds, "cpu": done.user - cpu.user + done.system - cpu.system, "rss_mb": peak_rss_mb(),
            "erosion_m3": result.total.erosion_volume, "zones": len(result.zones)}


def child_gdal_calc(size: int) -> dict:
    paths = make_pair(size)
    out = CACHE / str(size) / "out" / "calc.tif"
    out.parent.mkdir(exist_ok=True)
    if out.exists():
        out.unlink()
    started = time.perf_counter()
    subprocess.run(["gdal_calc.py", "--quiet", "-A", str(paths["new"]), "-B", str(paths["old"]),
                    f"--outfile={out}", f"--calc=where(abs(A-B)>{LOD:.6f},A-B,0)", "--type=Float32",
                    "--NoDataValue=-9999", "--co=TILED=YES", "--co=BIGTIFF=YES"], check=True)
    seconds = time.perf_counter() - started
    # gdal_calc.py is the only child of this small process: its peak and CPU time are RUSAGE_CHILDREN's.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def run_child(kind: str, size: int, zones: bool) -> dict:
    args = [sys.executable, __file__, "--child", kind, "--sizes", str(size)] + (["--zones"] if zones else [])
    done = subprocess.run(args, check=True, capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8192, 16384])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--zones", action="store_true", help="also a budget per class of a 4-class raster")
    parser.add_argument("--child", choices=["dod", "gdal_calc", "make"])
    args = parser.parse_args()
    if args.child:
        size = args.sizes[0]
        if args.child == "make":
            make_pair(size)
            print(json.dumps({}))
        else:
            print(json.dumps(child_dod(size, args.zones) if args.child == "dod" else child_gdal_calc(size)))
        return
    print(f"# bench_change on {platform.node()}: {os.cpu_count()} CPUs, {platform.machine()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}; LoD {LOD:.4f} m; budget per class: {args.zones}")
    rows = []
    for size in args.sizes:
        t0 = time.perf_counter()
        # In a subprocess: the parent must stay small (see peak_rss_mb).
        run_child("make", size, False)
        print(f"pair {size}: ready in {time.perf_counter() - t0:.0f} s", flush=True)
        dod, calc = [], []
        for _ in range(args.repeat):
            dod.append(run_child("dod", size, args.zones))
            calc.append(run_child("gdal_calc", size, False))
            print(f"  {size}: DoD {dod[-1]['seconds']:.1f} s (CPU {dod[-1]['cpu']:.1f} s, {dod[-1]['rss_mb']:.0f} MB), "
                  f"gdal_calc {calc[-1]['seconds']:.1f} s (CPU {calc[-1]['cpu']:.1f} s, {calc[-1]['rss_mb']:.0f} MB), "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
        t_dod = float(np.mean([d["seconds"] for d in dod]))
        t_calc = float(np.mean([c["seconds"] for c in calc]))
        rounds = [round(c["seconds"] / d["seconds"], 2) for d, c in zip(dod, calc)]
        cpu_ratio = float(np.mean([c["cpu"] for c in calc])) / float(np.mean([d["cpu"] for d in dod]))
        rows.append((size, t_dod, t_calc, t_calc / t_dod, float(np.median(rounds)), rounds, cpu_ratio,
                     max(d["rss_mb"] for d in dod), max(c["rss_mb"] for c in calc), os.getloadavg()[0]))
    print("\n| DEM pair | DoD + budget s | Mpx/s | gdal_calc s | ratio (calc time / DoD time) | median round | "
          "each round | CPU-time ratio | DoD peak RSS MB | gdal_calc peak RSS MB | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size, t_dod, t_calc, ratio, median, rounds, cpu_ratio, rss, calc_rss, load in rows:
        print(f"| {size} x {size} | {t_dod:.1f} | {size * size / 1e6 / t_dod:.1f} | {t_calc:.1f} | {ratio:.2f} | "
              f"{median:.2f} | {', '.join(str(r) for r in rounds)} | {cpu_ratio:.2f} | {rss:.0f} | {calc_rss:.0f} | "
              f"{load:.1f} |")


if __name__ == "__main__":
    main()
