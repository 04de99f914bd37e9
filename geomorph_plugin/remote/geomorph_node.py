"""Entry point of a DAG node: ``python3 geomorph_remote/geomorph_node.py <step> [--chunk N] [--tile N]``.

Run from the job directory (or pass ``--job-dir``). Needs Python 3.8+, GDAL's Python bindings,
numpy and the ``colmap`` binary on PATH (or ``GEOMORPH_COLMAP``). Every step can be run again:
outputs are written under a temporary name and renamed when complete. On failure the node
exits non-zero with the reason on stderr (exit 3: bad input, DAGMan does not retry it). Each
run writes ``timings/<node>.json`` (start, end, seconds, host, attempt, status).
"""

from __future__ import annotations

import argparse
import importlib
import os
import socket
import sys
import time
import traceback
from pathlib import Path

STEPS = {
    "prepare": ("colmap_steps", "prepare"),
    "features": ("colmap_steps", "features"),
    "merge_features": ("colmap_steps", "merge_features"),
    "match": ("colmap_steps", "match"),
    "merge_matches": ("colmap_steps", "merge_matches"),
    "mapper": ("colmap_steps", "mapper"),
    "georeference": ("colmap_steps", "georeference"),
    "undistort": ("colmap_steps", "undistort"),
    "stereo": ("colmap_steps", "stereo"),
    "fusion": ("colmap_steps", "fusion"),
    "points": ("surface", "points"),
    "dsm": ("surface", "dsm"),
    "ortho": ("surface", "ortho"),
    "mosaic": ("surface", "mosaic"),
    "report": ("report_step", "report"),
}


def _package() -> str:
    """Our package name: ``geomorph_remote`` on the nodes, ``geomorph_plugin.remote`` in the plugin."""
    if __package__:
        return __package__
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    return here.name


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="geomorph_node.py", description="Run one step of the Geomorph SfM DAG.")
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--chunk", type=int, default=0)
    parser.add_argument("--tile", type=int, default=0)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1") or 1))
    parser.add_argument("--job-dir", default=".")
    parser.add_argument("--node", default=os.environ.get("GEOMORPH_NODE", ""))
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    package = _package()
    common = importlib.import_module(f"{package}.common")
    node = args.node or (args.step + (f"_{args.chunk:03d}" if args.step in ("features", "match") else "")
                         + (f"_{args.tile:03d}" if args.step in ("dsm", "ortho") else ""))
    started = time.time()
    status, code = "done", 0
    job = None
    try:
        job = common.Job(args.job_dir, args.threads)
        module_name, func_name = STEPS[args.step]
        func = getattr(importlib.import_module(f"{package}.{module_name}"), func_name)
        common.log(f"step {args.step} (node {node}, {job.threads} threads) in {job.root}")
        func(job, args)
    except common.StepError as exc:
        status, code = "failed", exc.exit_code
        print(f"geomorph step {args.step} failed: {exc}", file=sys.stderr, flush=True)
    except Exception:  # noqa: BLE001 - any crash must reach the node's stderr file
        status, code = "failed", common.EXIT_FAILED
        print(f"geomorph step {args.step} crashed:\n{traceback.format_exc()}", file=sys.stderr, flush=True)
    ended = time.time()
    if job is not None:
        common.write_json(job.root / "timings" / f"{node}.json", {
            "node": node, "step": args.step, "start": started, "end": ended, "seconds": round(ended - started, 3),
            "host": socket.gethostname(), "attempt": int(os.environ.get("GEOMORPH_RETRY", "0") or 0),
            "threads": job.threads, "status": status})
    common.log(f"step {args.step} {status} in {ended - started:.1f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
