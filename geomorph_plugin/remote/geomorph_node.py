"""Entry point of a DAG node: ``python3 geomorph_remote/geomorph_node.py <step> [--chunk N] [--tile N]``.

``<step>`` may be several steps joined by ``+`` (``merge_matches+mapper``): a node that runs
short steps together with their neighbour, one after another in this process.

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
    "mm_prepare": ("micmac_steps", "prepare"),
    "tapioca": ("micmac_steps", "tapioca"),
    "tapas": ("micmac_steps", "tapas"),
    "malt": ("micmac_malt", "malt"),
    "mm_pims": ("micmac_pims", "pims"),
    "mm_cross": ("micmac_pims", "cross"),
    "mm_mosaic": ("micmac_products", "mosaic"),
    "mm_report": ("micmac_products", "report"),
    "train": ("train_step", "train"),  # geomorph:trainlandcover (PyTorch)
}


def _package() -> str:
    """Our package name: ``geomorph_remote`` on the nodes, ``geomorph_plugin.remote`` in the plugin."""
    if __package__:
        return __package__
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    return here.name


def _steps(value: str) -> list:
    names = value.split("+")
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown step(s) {', '.join(unknown)}; known: {', '.join(sorted(STEPS))}")
    return names


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="geomorph_node.py", description="Run one step of the Geomorph SfM DAG.")
    parser.add_argument("step", type=_steps, help="a step, or steps joined by '+': " + ", ".join(sorted(STEPS)))
    parser.add_argument("--chunk", type=int, default=0)
    parser.add_argument("--tile", type=int, default=0)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1") or 1))
    parser.add_argument("--job-dir", default=".")
    parser.add_argument("--node", default=os.environ.get("GEOMORPH_NODE", ""))
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    # MicMac runs its sub-commands (PIMs' correlators, make's tasks) on every core of the host unless
    # told otherwise; a node must keep to the CPUs its job asked for (a node of a 60-core server is
    # shared with other jobs).
    os.environ.setdefault("MICMAC_MAX_THREADS", str(max(1, int(args.threads))))
    package = _package()
    common = importlib.import_module(f"{package}.common")
    steps = args.step
    first = steps[0]
    node = args.node or (first + (f"_{args.chunk:03d}" if first in ("features", "match", "tapioca") else "")
                         + (f"_{args.tile:03d}" if first in ("dsm", "ortho", "malt", "mm_pims", "mm_cross") else ""))
    started = time.time()
    status, code, current = "done", 0, first
    parts: list = []
    job = None

    def record(state: str) -> None:
        ended = time.time()
        common.write_json(job.root / "timings" / f"{node}.json", {
            "node": node, "step": "+".join(steps), "start": started, "end": ended,
            "seconds": round(ended - started, 3), "host": socket.gethostname(),
            "attempt": int(os.environ.get("GEOMORPH_RETRY", "0") or 0), "threads": job.threads,
            "status": state, "parts": parts})

    try:
        job = common.Job(args.job_dir, args.threads)
        for current in steps:
            module_name, func_name = STEPS[current]
            func = getattr(importlib.import_module(f"{package}.{module_name}"), func_name)
            common.log(f"step {current} (node {node}, {job.threads} threads) in {job.root}")
            if parts:
                # A later step of this node (the report) may read the node's timings so far.
                record("running")
            t0 = time.time()
            func(job, args)
            parts.append({"step": current, "seconds": round(time.time() - t0, 3)})
    except common.StepError as exc:
        status, code = "failed", exc.exit_code
        print(f"geomorph step {current} failed: {exc}", file=sys.stderr, flush=True)
    except Exception:  # noqa: BLE001 - any crash must reach the node's stderr file
        status, code = "failed", common.EXIT_FAILED
        print(f"geomorph step {current} crashed:\n{traceback.format_exc()}", file=sys.stderr, flush=True)
    if job is not None:
        record(status)
    common.log(f"step {'+'.join(steps)} {status} in {time.time() - started:.1f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
