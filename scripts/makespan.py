"""Makespan model of the SfM DAG: how long a workload takes on N nodes, and what tiling buys.

The DAG is a chain of steps separated by barriers (a merge waits for all its chunks), as in the
source workflow and in our DAGs, so the makespan is the sum of the steps' times. One step is

    serial_min + waves * (work_min / jobs + overhead_min),   waves = ceil(jobs / (nodes * slots))

- ``jobs`` equal node jobs (a fan-out: tie points per pair chunk, orthos per image, DEM tiles);
  ``jobs = 1`` with ``work_min = 0`` is a plain serial step;
- ``work_min``: minutes of one slot summed over the jobs (the parallel part);
- ``serial_min``: minutes that run on one node whatever the node count (a merge, a bundle
  adjustment, a mosaic);
- ``overhead_min``: scheduling latency per job and wave (measured on the test cluster: 1.3-2.2 s
  between a node's end and its child's start, docs/benchmarks.md "SfM"; 2 s by default).

Calibration: the source's Table 1 (../shared/docs/background.md: 1,139 images, 1,475 / 899 /
582 min on 23 / 56 / 103 nodes, one dedicated slot per node). Each step gets two parameters,
its parallel work and its serial part, fitted by non-negative least squares on the relative
error over the three node counts; the job counts come from the source's shape (tie points in
jobs of 3 images, orthos and depth maps per image, the DEM on one node).

    scripts/makespan                       # calibrate, print the fit, predict the tiled DEM
    scripts/makespan --workload w.json --nodes 23 56 103 [--slots 1] [--overhead-s 2]
    scripts/makespan --timings outputs/timings.json --nodes 1 4 16   # a measured test-cluster run

A workload file: {"steps": [{"name": ..., "jobs": N, "work_min": W (or "per_job_min": w),
"serial_min": S}, ...]}. ``--timings`` reads the per-node timings a job writes
(``outputs/timings.json``): nodes named ``<step>_NNN`` are one fan-out step, any other node a
serial step.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

SOURCE_IMAGES = 1139
SOURCE_NODES = (23, 56, 103)
# Table 1 of the background: minutes per step and node count.
TABLE1 = {
    "tie points": (755, 451, 235),
    "orientation": (120, 85, 85),
    "orthomosaic": (370, 152, 73),
    "point cloud": (75, 60, 38),
    "DEM": (155, 151, 151),
}
TABLE1_OVERALL = (1475, 899, 582)
# The source's DAG shape: tie points (and the per-chunk part of orientation) in jobs of 3 images
# ("from 50 images per job down to 3"), orthophotos and C3DC depth maps per image, the DEM
# (PIMs2Mnt) on one node.
SOURCE_JOBS = {
    "tie points": math.ceil(SOURCE_IMAGES / 3),
    "orientation": math.ceil(SOURCE_IMAGES / 3),
    "orthomosaic": SOURCE_IMAGES,
    "point cloud": SOURCE_IMAGES,
    "DEM": 1,
}
OVERHEAD_S = 2.0  # test cluster, per link of the chain (docs/benchmarks.md, SfM)
TARGET_MIN = 300.0


@dataclass(frozen=True)
class Step:
    name: str
    jobs: int = 1
    work_min: float = 0.0  # parallel part, slot-minutes summed over the jobs
    serial_min: float = 0.0

    def minutes(self, nodes: int, slots: int = 1, overhead_min: float = OVERHEAD_S / 60) -> float:
        jobs = max(1, int(self.jobs))
        waves = math.ceil(jobs / max(1, nodes * slots)) if self.work_min > 0 else 0
        serial_links = 1 if self.serial_min > 0 else 0
        return self.serial_min + waves * (self.work_min / jobs + overhead_min) + serial_links * overhead_min


def makespan(steps, nodes: int, slots: int = 1, overhead_min: float = OVERHEAD_S / 60) -> float:
    return sum(s.minutes(nodes, slots, overhead_min) for s in steps)


# --------------------------------------------------------------------------- calibration

def fit_step(name: str, jobs: int, times, nodes=SOURCE_NODES, slots: int = 1,
             overhead_min: float = OVERHEAD_S / 60) -> Step:
    """The step (work, serial >= 0) whose times on ``nodes`` best match ``times`` in relative terms."""
    waves = [math.ceil(jobs / (n * slots)) for n in nodes]
    a = [w / jobs for w in waves]  # minutes per unit of work on each node count
    y = [t - w * overhead_min - overhead_min for t, w in zip(times, waves)]
    wt = [1.0 / t ** 2 for t in times]

    def loss(serial, work):
        return sum(k * (yi - serial - ai * work) ** 2 for k, yi, ai in zip(wt, y, a))

    sw, sa = sum(wt), sum(k * ai for k, ai in zip(wt, a))
    saa = sum(k * ai * ai for k, ai in zip(wt, a))
    sy, say = sum(k * yi for k, yi in zip(wt, y)), sum(k * ai * yi for k, ai, yi in zip(wt, a, y))
    candidates = [(0.0, max(0.0, say / saa)), (max(0.0, sy / sw), 0.0)]
    det = sw * saa - sa * sa
    if det > 1e-9 * sw * saa:
        serial, work = (saa * sy - sa * say) / det, (sw * say - sa * sy) / det
        if serial >= 0 and work >= 0:
            candidates.append((serial, work))
    serial, work = min(candidates, key=lambda c: loss(*c))
    return Step(name, jobs, work, serial)


def calibrate(overhead_min: float = OVERHEAD_S / 60) -> list[Step]:
    return [fit_step(name, SOURCE_JOBS[name], times, overhead_min=overhead_min) for name, times in TABLE1.items()]


def calibration_errors(steps, overhead_min: float = OVERHEAD_S / 60) -> dict:
    """Relative error (model - Table 1) / Table 1 per row and node count, and of the overall time."""
    rows = {}
    for s in steps:
        rows[s.name] = [(s.minutes(n, 1, overhead_min) - t) / t for n, t in zip(SOURCE_NODES, TABLE1[s.name])]
    rows["overall"] = [(makespan(steps, n, 1, overhead_min) - t) / t for n, t in zip(SOURCE_NODES, TABLE1_OVERALL)]
    return rows


# --------------------------------------------------------------------------- what-if

def tiled(step: Step, tiles: int, overlap: float, mosaic_min: float) -> Step:
    """The step's work (serial part included) split into ``tiles`` ground tiles that overlap by
    ``overlap`` of their side in each direction, then mosaicked on one node."""
    total = (step.work_min + step.serial_min) * (1.0 + overlap) ** 2
    return Step(f"{step.name} (tiled x{tiles})", tiles, total, mosaic_min)


def in_blocks(step: Step, blocks: int, merge_fraction: float) -> list[Step]:
    """The serial part run as ``blocks`` independent blocks after the step's own jobs, with
    ``merge_fraction`` of it left serial (a bundle adjustment per block of photos, then one over
    the blocks' tie points)."""
    serial = step.serial_min
    return [replace(step, serial_min=0.0),
            Step(f"{step.name} blocks", blocks, serial * (1.0 - merge_fraction), serial * merge_fraction)]


def scenarios(steps, nodes: int, tiles: int, overlap: float, mosaic_min: float):
    """(label, steps, jobs per node) of the what-if runs on ``nodes`` nodes, each adding to the last."""
    by_name = {s.name: s for s in steps}
    dem = [tiled(by_name["DEM"], tiles, overlap, mosaic_min) if s.name == "DEM" else s for s in steps]
    # Geomorph builds the pair list on the client and merges Homol folders by per-image copies:
    # no serial tie-point step left on the cluster.
    merge = [replace(s, serial_min=0.0) if s.name == "tie points" else s for s in dem]
    blocks = [part for s in merge for part in (in_blocks(s, 8, 0.25) if s.name == "orientation" else [s])]
    # A lower bound: the merges and the bundle adjustment cost nothing.
    bound = [replace(s, serial_min=0.0) if s.name in ("orientation", "point cloud") else s for s in merge]
    return [
        ("as run in the source (fitted)", steps, 1),
        (f"DEM tiled in {tiles} tiles", dem, 1),
        ("+ no serial tie-point merge", merge, 1),
        ("+ orientation's serial part in 8 blocks, 25 % of it left serial", blocks, 1),
        ("+ no serial part at all (a bound)", bound, 1),
        ("DEM tiled, 2 jobs per node", dem, 2),
        ("DEM tiled, no serial tie-point merge, 2 jobs per node", merge, 2),
        ("DEM tiled, 4 jobs per node", dem, 4),
    ]


# --------------------------------------------------------------------------- inputs

def load_workload(path: Path) -> list[Step]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    steps = []
    for row in data["steps"]:
        jobs = int(row.get("jobs", 1))
        work = float(row["work_min"]) if "work_min" in row else float(row.get("per_job_min", 0.0)) * jobs
        steps.append(Step(str(row["name"]), jobs, work, float(row.get("serial_min", 0.0))))
    return steps


def steps_from_timings(path: Path) -> list[Step]:
    """A measured run: ``<step>_NNN`` nodes are one fan-out step, others serial; in start order."""
    nodes = json.loads(Path(path).read_text(encoding="utf-8"))
    groups: dict[str, list[dict]] = {}
    for node in sorted(nodes, key=lambda n: n["start"]):
        if node.get("status", "done") != "done":
            continue
        match = re.fullmatch(r"(.+)_\d+", node["node"])
        groups.setdefault(match.group(1) if match else node["node"], []).append(node)
    steps = []
    for name, group in groups.items():
        seconds = [float(n["seconds"]) for n in group]
        if len(group) > 1 or re.fullmatch(r".+_\d+", group[0]["node"]):
            steps.append(Step(name, len(group), sum(seconds) / 60))
        else:
            steps.append(Step(name, 1, 0.0, seconds[0] / 60))
    return steps


# --------------------------------------------------------------------------- report

def _pct(x: float) -> str:
    return f"{100 * x:+.1f} %"


def print_calibration(steps, overhead_min: float, out=sys.stdout) -> None:
    print(f"Calibration against Table 1 ({SOURCE_IMAGES} images, one slot per node, "
          f"{overhead_min * 60:.0f} s per job):", file=out)
    print(f"{'step':<14}{'jobs':>6}{'work node-min':>15}{'serial min':>12}", file=out)
    for s in steps:
        print(f"{s.name:<14}{s.jobs:>6}{s.work_min:>15.0f}{s.serial_min:>12.1f}", file=out)
    errors = calibration_errors(steps, overhead_min)
    print(f"\n{'row':<14}" + "".join(f"{f'{n} nodes':>24}" for n in SOURCE_NODES), file=out)
    for name, errs in errors.items():
        table = TABLE1_OVERALL if name == "overall" else TABLE1[name]
        model = [makespan(steps, n, 1, overhead_min) if name == "overall" else
                 next(s for s in steps if s.name == name).minutes(n, 1, overhead_min) for n in SOURCE_NODES]
        cells = "".join(f"{f'{m:.0f} / {t} ({_pct(e)})':>24}" for m, t, e in zip(model, table, errs))
        print(f"{name:<14}{cells}", file=out)
    print("(model min / Table 1 min (error))", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", type=Path, help="steps as JSON (default: Table 1, calibrated)")
    parser.add_argument("--timings", type=Path, help="a job's outputs/timings.json (measured per-node times)")
    parser.add_argument("--nodes", type=int, nargs="*", help="node counts to predict")
    parser.add_argument("--slots", type=int, default=1, help="jobs per node at once (default 1)")
    parser.add_argument("--overhead-s", type=float, default=OVERHEAD_S, help="scheduling latency per job, seconds")
    parser.add_argument("--tiles", type=int, default=103, help="DEM tiles in the what-if runs (default 103)")
    parser.add_argument("--overlap", type=float, default=0.10,
                        help="DEM tile overlap as a fraction of the tile side (default 0.10)")
    parser.add_argument("--mosaic-min", type=float, default=10.0,
                        help="minutes for the serial DEM mosaic + COG (default 10)")
    args = parser.parse_args(argv)
    overhead = args.overhead_s / 60
    if args.workload or args.timings:
        steps = load_workload(args.workload) if args.workload else steps_from_timings(args.timings)
        for n in args.nodes or (1, 2, 4, 8):
            parts = ", ".join(f"{s.name} {s.minutes(n, args.slots, overhead):.1f}" for s in steps)
            print(f"{n} nodes x {args.slots} slots: {makespan(steps, n, args.slots, overhead):.1f} min ({parts})")
        return 0
    steps = calibrate(overhead)
    print_calibration(steps, overhead)
    nodes = 103
    print(f"\nPredictions for the same workload on {nodes} nodes (DEM tiles overlap {args.overlap:.0%} of their "
          f"side, mosaic {args.mosaic_min:.0f} min; target <= {TARGET_MIN:.0f} min):")
    for label, run, slots in scenarios(steps, nodes, args.tiles, args.overlap, args.mosaic_min):
        total = makespan(run, nodes, slots, overhead)
        parts = ", ".join(f"{s.name.split(' (')[0]} {s.minutes(nodes, slots, overhead):.0f}" for s in run)
        verdict = "meets" if total <= TARGET_MIN else "misses"
        print(f"  {label}: {total:.0f} min, {verdict} the target ({parts})")
    floor = sum(s.work_min for s in steps if s.name != "DEM") / nodes
    print(f"  the fan-out work alone (no serial part, perfect balance) on {nodes} slots: {floor:.0f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
