#!/usr/bin/env python3
"""The SfM workflow as a plain script: the same COLMAP commands, one after another, no chunks, no DAG.

This is the baseline of ``scripts/bench_sfm`` (issue 4, requirement 10): the DAG run's wall time
is compared with this script's on the same photos, with the same options.

It runs where COLMAP is (a cluster node, or the test cluster's chroot), on a job directory
staged by ``geomorph_plugin.workflow.dag.build_workflow`` with the photos uploaded under
``photos/`` -- the very directory the DAG would run in. It works in ``<job>/baseline/`` and
leaves the DAG's own files alone:

1. prepare (the same downscaling as the DAG's ``prepare`` node);
2. ``colmap feature_extractor`` on all photos into one database (no image chunks, no merge);
3. ``colmap matches_importer`` on the whole pair list ``pairs/pairs_all.txt`` (no pair chunks);
4. ``mapper``, ``model_aligner``, ``image_undistorter`` (+ ``patch_match_stereo``,
   ``stereo_fusion`` on GPU profiles), then the points, DSM/ortho tiles, COG mosaics and
   ``result.json`` with the same worker code, sequentially in this one process.

Usage (from anywhere, with ``plain_baseline.py`` beside it; ``python3`` with GDAL and numpy, ``colmap`` on
PATH):

    python3 sfm_plain_baseline.py JOB_DIR [--threads N] [--colmap-only]

Python API: ``run_baseline(job_dir, threads=2, colmap_only=False) -> dict`` with the wall time
per command (``timings``), the total (``total_seconds``) and the result (``result``); also
written to ``<job>/baseline/baseline.json``. ``--colmap-only`` stops after undistortion.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from plain_baseline import fresh_baseline_dir, print_timings, remote_modules


def prepare_baseline_dir(job_dir: Path) -> Path:
    """``<job>/baseline`` with its own work dir and the job's photos, pairs and workflow.json."""
    base = fresh_baseline_dir(job_dir, "baseline", ("photos", "pairs"))
    workflow = json.loads((job_dir / "workflow.json").read_text(encoding="utf-8"))
    # One feature "chunk" holding every photo: feature_extractor sees them all at once.
    workflow["feature_chunks"] = [list(range(len(workflow["images"])))]
    (base / "workflow.json").write_text(json.dumps(workflow, indent=1), encoding="utf-8")
    return base


def run_baseline(job_dir, threads: int = 2, colmap_only: bool = False) -> dict:
    job_dir = Path(job_dir).resolve()
    remote = remote_modules(job_dir, ("common", "colmap_steps", "surface", "report_step"))
    common, steps, surface, report = remote.common, remote.colmap_steps, remote.surface, remote.report_step
    base = prepare_baseline_dir(job_dir)
    job = common.Job(base, threads)
    timings: list = []

    def timed(name, func, *args):
        started = time.time()
        func(*args)
        timings.append({"step": name, "seconds": round(time.time() - started, 3)})
        common.log(f"baseline {name}: {timings[-1]['seconds']} s")

    def features(job, _args):
        job.db_dir.mkdir(parents=True, exist_ok=True)
        db = job.db_dir / "database.db"
        db.unlink(missing_ok=True)
        common.run(steps.colmap(
            "feature_extractor", "--database_path", db, "--image_path", job.images_dir,
            "--ImageReader.camera_model", "SIMPLE_RADIAL",
            "--ImageReader.single_camera", "1" if job.workflow.get("single_camera") else "0",
            "--SiftExtraction.use_gpu", "0", "--SiftExtraction.num_threads", str(job.threads),
            "--SiftExtraction.max_num_features", str(int(job.options.get("max_num_features") or 8192))))
        # The same camera as the DAG's merge_features writes (COLMAP misreads resampled photos' EXIF).
        steps.apply_focal_priors(job, db)

    def matching(job, _args):
        common.run(steps.colmap(
            "matches_importer", "--database_path", job.db_dir / "database.db",
            "--match_list_path", job.path("pairs/pairs_all.txt"), "--match_type", "pairs",
            "--SiftMatching.use_gpu", "0", "--SiftMatching.num_threads", str(job.threads)))

    total_start = time.time()
    none = SimpleNamespace(chunk=0, tile=0)
    timed("prepare", steps.prepare, job, none)
    timed("feature_extractor", features, job, none)
    timed("matches_importer", matching, job, none)
    timed("mapper", steps.mapper, job, none)
    timed("model_aligner", steps.georeference, job, none)
    timed("image_undistorter", steps.undistort, job, none)
    result = None
    if not colmap_only:
        if job.workflow["surface"] == "dense":
            timed("patch_match_stereo", steps.stereo, job, none)
            timed("stereo_fusion", steps.fusion, job, none)
        timed("points", surface.points, job, none)
        grid = json.loads((job.work / "tiles" / "grid.json").read_text(encoding="utf-8"))
        started = time.time()
        for t in range(len(grid["tiles"])):
            surface.dsm(job, SimpleNamespace(tile=t))
            surface.ortho(job, SimpleNamespace(tile=t))
        timings.append({"step": "dsm+ortho tiles", "seconds": round(time.time() - started, 3)})
        timed("mosaic", surface.mosaic, job, none)
        timed("report", report.report, job, none)
        result = json.loads(job.output("result").read_text(encoding="utf-8"))
    summary = {"job_dir": str(job_dir), "threads": threads, "colmap_only": colmap_only, "timings": timings,
               "total_seconds": round(time.time() - total_start, 3), "result": result}
    common.write_json(base / "baseline.json", summary)
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("job_dir")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--colmap-only", action="store_true")
    args = parser.parse_args(argv)
    print_timings(run_baseline(args.job_dir, args.threads, args.colmap_only), 22)
    return 0


if __name__ == "__main__":
    sys.exit(main())
