#!/usr/bin/env python3
"""The MicMac workflow as a plain sequential script: the users' ``mm3d`` sequence, no chunks, no tiles, no DAG.

The baseline of ``scripts/bench_sfm --engine micmac`` (issue 11, item 9): the DAG run's wall time is
compared with this script's on the same photos, with the same options, in the same job directory.
The sequence is the one in ``../shared/docs/background.md``:

1. the photos downscaled as the DAG's ``prepare`` node does it (the same worker code), and the GPS
   positions to MicMac with ``OriConvert`` (``RAWGNSS_N``);
2. ``Tapioca File`` on the whole pair list (the DAG's chunk files joined: the same pairs) as one
   chunk, with the worker's code (text tie points, mirrored into both directions by the same merge:
   ``Tapioca File`` matches each listed pair one way);
3. ``Tapas`` (the DAG's calibration model), ``CenterBascule``, ``Campari`` with the same GPS weight;
4. ``Malt Ortho`` over the whole area at once, with the DAG's ``ZoomF`` and ground resolution and
   its area (the bounds of ``work/malt/tiles.json``: the ground the DAG's products cover);
5. ``Tawny``;
5b. when the DAG fills vegetation (``pims_zoom`` > 0), ``PIMs Forest`` and ``PIMs2Mnt`` over the
   whole block, as the source's ``C3DC`` + ``PIMs2Mnt`` (the merge into Malt's DSM, GDAL glue a
   user would write, is left out: it favours the baseline), then the second pass across the flight
   lines with the node's pair rule and commands (``micmac_pims.across_pairs``, ``match_across``);
6. the DSM and the orthomosaic as georeferenced COGs (MicMac writes no CRS; ``gdal_translate
   -a_srs`` is what a user must add).

It runs where ``mm3d`` is (a node, or the test cluster's root), on a job directory where the DAG has
run (it reads the DAG's ``tiles.json`` for the zoom, the resolution and the area), and works in
``<job>/baseline_micmac/``, leaving the DAG's own files alone:

    python3 micmac_plain_baseline.py JOB_DIR [--threads N]

(with ``plain_baseline.py`` beside it: what both baseline scripts share).

Python API: ``run_baseline(job_dir, threads=2) -> dict`` with the wall time per command
(``timings``) and the total (``total_seconds``); also written to
``<job>/baseline_micmac/baseline.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

from plain_baseline import fresh_baseline_dir, print_timings, remote_modules

BASE = "baseline_micmac"


def prepare_baseline_dir(job_dir: Path) -> Path:
    """``<job>/baseline_micmac`` with its own work dir and the job's photos, pairs and workflow.json."""
    base = fresh_baseline_dir(job_dir, BASE, ("photos",))
    # One pair file with every pair: the whole list is one Tapioca run.
    (base / "pairs").mkdir()
    (base / "pairs" / "micmac_000.xml").write_text(joined_pairs(job_dir), encoding="utf-8")
    shutil.copyfile(job_dir / "workflow.json", base / "workflow.json")
    return base


def joined_pairs(job_dir: Path) -> str:
    """Every pair of the DAG's chunk files in one ``SauvegardeNamedRel``."""
    cples = []
    for path in sorted((job_dir / "pairs").glob("micmac_[0-9][0-9][0-9].xml")):
        root = ET.parse(path).getroot()  # noqa: S314 - written by this job's client
        cples += [c.text for c in root.iter("Cple") if c.text]
    if not cples:
        raise SystemExit(f"no MicMac pair files in {job_dir / 'pairs'}: stage the job with the micmac engine")
    return ("<?xml version=\"1.0\" ?>\n<SauvegardeNamedRel>\n"
            + "".join(f"     <Cple>{c}</Cple>\n" for c in cples) + "</SauvegardeNamedRel>\n")


def run_baseline(job_dir, threads: int = 2) -> dict:
    job_dir = Path(job_dir).resolve()
    grid_path = job_dir / "work" / "malt" / "tiles.json"
    if not grid_path.exists():
        raise SystemExit(f"{grid_path} is missing: run the DAG in this job directory first (the baseline takes "
                         "its zoom, resolution and area)")
    grid = json.loads(grid_path.read_text(encoding="utf-8"))
    remote = remote_modules(job_dir, ("common", "micmac_tools", "micmac_steps", "micmac_malt", "micmac_pims"))
    common, steps, tools = remote.common, remote.micmac_steps, remote.micmac_tools
    base = prepare_baseline_dir(job_dir)
    job = common.Job(base, threads)
    opts = tools.workflow_options(job)
    chantier = tools.chantier_dir(job)
    timings: list = []

    def timed(name, argv=None, func=None):
        started = time.time()
        if func is not None:
            func()
        else:
            tools.run_mm3d(name, *argv, cwd=chantier)
        timings.append({"step": name, "seconds": round(time.time() - started, 3)})
        common.log(f"baseline {name}: {timings[-1]['seconds']} s")

    total_start = time.time()
    timed("prepare + OriConvert", func=lambda: steps.prepare(job, SimpleNamespace()))
    timed("Tapioca File (all pairs) + Homol merge", func=lambda: (
        steps.tapioca(job, SimpleNamespace(chunk=0)), steps._merge_homol(job, chantier)))
    model = str(opts.get("calibration_model") or "RadialStd")
    pattern = tools.PATTERN
    timed(f"Tapas {model}", ["Tapas", model, pattern, "Out=Rel", "ExpTxt=1"])
    timed("CenterBascule", ["CenterBascule", pattern, "Rel", "RAWGNSS_N", "Bascule"])
    accuracy = float(opts.get("gps_accuracy") or 5.0)
    timed("Campari", ["Campari", pattern, "Bascule", "Ground", f"EmGPS=[RAWGNSS_N,{accuracy}]", "AllFree=1",
                      "ExpTxt=1"])
    zoom = int(grid["zoom"])
    box = ",".join(f"{v:.6f}" for v in grid["bounds_local"])
    timed(f"Malt Ortho ZoomF={zoom}", ["Malt", "Ortho", pattern, "Ground", f"BoxTerrain=[{box}]", f"ZoomF={zoom}",
                                       f"NbProc={threads}", "EZA=1", f"ResolTerrain={grid['ortho_res']}",
                                       "DirMEC=MEC", "DirOF=Ortho"])
    timed("Tawny", ["Tawny", "Ortho/", "RadiomEgal=1", "Out=Orthophotomosaic.tif"])
    pims_zoom = int(opts.get("pims_zoom") or 0)
    if pims_zoom > 0:
        timed(f"PIMs Forest ZoomF={pims_zoom}", ["PIMs", "Forest", pattern, "Ground", f"ZoomF={pims_zoom}", "ExpTxt=1"])
        timed("PIMs2Mnt", ["PIMs2Mnt", "Forest", "DoOrtho=0", f"ZoomF={zoom}"])
        timed("PIMs Forest across the flight lines + PIMs2Mnt",
              func=lambda: across_pass(chantier, pims_zoom, zoom, tools, remote.micmac_pims))
    timed("gdal_translate -a_srs (DSM, ortho)",
          func=lambda: georeference(job, chantier, grid, threads, remote.micmac_malt))
    summary = {"job_dir": str(job_dir), "threads": threads, "timings": timings, "zoom": zoom,
               "ortho_res": grid["ortho_res"], "box_local": grid["bounds_local"],
               "total_seconds": round(time.time() - total_start, 3)}
    common.write_json(base / "baseline.json", summary)
    return summary


def across_pass(chantier: Path, pims_zoom: int, zoom: int, tools, pims) -> None:
    """The DAG's second fill pass (``cross_NNN``) over the whole block, with the node's own pair rule
    and commands; the first pass's folders are kept aside, as a user would."""
    for name in ("PIMs-Forest", "PIMs-TmpBasc", "PIMs-TmpMnt"):
        if (chantier / name).exists():
            (chantier / name).rename(chantier / f"{name}-along")
    centres = pims.photo_centres(chantier)
    photos = sorted(centres)
    pairs = pims.across_pairs(centres, pims.tie_counts(chantier / "Homol", photos), photos)
    if pairs:
        pims.match_across(chantier, tools.PATTERN, pairs, pims_zoom, 0)
        tools.run_mm3d("PIMs2Mnt (across)", "PIMs2Mnt", "Forest", "DoOrtho=0", f"ZoomF={zoom}", cwd=chantier)


def georeference(job, chantier: Path, grid: dict, threads: int, mm) -> None:
    """Malt's last DSM and Tawny's ortho as COGs in the job's UTM zone (the local offset added back)."""
    from osgeo import gdal

    gdal.UseExceptions()
    x0, y0, _z0 = job.offset
    out = job.root / "outputs"
    out.mkdir(exist_ok=True)
    dem = mm._latest_dem(chantier / "MEC", int(grid["zoom"]))
    # A GDAL geotransform since session 7 (MicMac's origin is a cell centre: ``corner_geotransform``).
    left, rx, _a, top, _b, ry = mm._dem_georef(dem.with_suffix(".xml"))
    ds = gdal.Open(str(dem))
    bounds = [left + x0, top + y0, left + x0 + rx * ds.RasterXSize, top + y0 + ry * ds.RasterYSize]
    gdal.Translate(str(out / "dsm.tif"), ds, format="COG", outputSRS=f"EPSG:{job.epsg}", outputBounds=bounds,
                   creationOptions=["COMPRESS=DEFLATE", f"NUM_THREADS={threads}"])
    ortho = chantier / "Ortho" / "Orthophotomosaic.tif"
    gt = mm._tfw(ortho.with_suffix(".tfw"))
    ods = gdal.Open(str(ortho))
    left, top = gt[0] + x0, gt[3] + y0
    bounds = [left, top, left + gt[1] * ods.RasterXSize, top + gt[5] * ods.RasterYSize]
    gdal.Translate(str(out / "orthomosaic.tif"), ods, format="COG", outputSRS=f"EPSG:{job.epsg}",
                   outputBounds=bounds, bandList=[1, 2, 3] if ods.RasterCount >= 3 else None,
                   creationOptions=["COMPRESS=JPEG", "QUALITY=90", f"NUM_THREADS={threads}"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("job_dir")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    print_timings(run_baseline(args.job_dir, args.threads), 36)
    return 0


if __name__ == "__main__":
    sys.exit(main())
