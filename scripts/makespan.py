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
    scripts/makespan --measure-tapioca ../shared/data/brighton_beach/images   # the engine's tie points
    scripts/makespan --measure-mosaic 4 3000                         # the mosaic node

A workload file: {"steps": [{"name": ..., "jobs": N, "work_min": W (or "per_job_min": w),
"serial_min": S}, ...]}. ``--timings`` reads the per-node timings a job writes
(``outputs/timings.json``): nodes named ``<step>_NNN`` are one fan-out step, any other node a
serial step.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
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
# Per-photo cost of a Malt tile (its pyramid) and the mosaic node, for the survey: see
# docs/benchmarks.md, "SfM makespan model", for how they were measured on the test cluster.
PYRAMID_S = 2.2
MOSAIC_MIN = 10.4
# The engine's own tie points (``Tapioca File`` at its default 1000 px, one process), CPU seconds
# measured on the brighton_beach photos (9 MP) in the test cluster by ``--measure-tapioca``: per
# GPS pair (matching) and per photo that a chunk lists (reading, downscaling, keypoints; every
# chunk that lists a photo pays it again). The photo part is scaled to the survey's photos by
# their pixels (an upper estimate: the keypoints are found at 1000 px whatever the photo's size).
TAPIOCA_PAIR_S = 0.89
TAPIOCA_PHOTO_S = 1.84
TAPIOCA_PHOTO_MPX = 9.0


@dataclass(frozen=True)
class Step:
    name: str
    jobs: int = 1
    work_min: float = 0.0  # parallel part, slot-minutes summed over the jobs
    serial_min: float = 0.0
    # Minutes of each job when they differ (Malt tiles seen by more or fewer photos); empty:
    # ``jobs`` equal jobs of ``work_min / jobs``.
    job_min: tuple = ()
    # For a job that waits on part of an earlier one (a tile's second fill pass on its Malt tile):
    # (that job's index, its minutes before this one is released); None for the others.
    follows: tuple = ()

    def minutes(self, nodes: int, slots: int = 1, overhead_min: float = OVERHEAD_S / 60) -> float:
        serial_links = 1 if self.serial_min > 0 else 0
        if self.job_min:
            return self.serial_min + list_schedule(self.job_min, nodes * slots, overhead_min, self.follows) \
                + serial_links * overhead_min
        jobs = max(1, int(self.jobs))
        waves = math.ceil(jobs / max(1, nodes * slots)) if self.work_min > 0 else 0
        return self.serial_min + waves * (self.work_min / jobs + overhead_min) + serial_links * overhead_min


def list_schedule(job_min, slots: int, overhead_min: float, follows=()) -> float:
    """When the last of ``job_min`` ends if DAGMan hands each job, in order, to the first free slot
    (each job waits ``overhead_min`` for its scheduling). Equal jobs: ``waves * (job + overhead)``.
    ``follows[j]`` = (k, lead): job j is released ``lead`` minutes into job k, not before."""
    free = [0.0] * max(1, int(slots))
    heapq.heapify(free)
    end = 0.0
    starts = []
    for j, minutes in enumerate(job_min):
        start = heapq.heappop(free)
        if j < len(follows) and follows[j] is not None:
            k, lead = follows[j]
            start = max(start, starts[k] + overhead_min + lead)
        starts.append(start)
        finish = start + overhead_min + float(minutes)
        end = max(end, finish)
        heapq.heappush(free, finish)
    return end


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

def overlap_factor(overlap: float) -> float:
    """Area of a tile's box over its core when the box reaches ``overlap`` of the core's side beyond
    each of its four edges (``TILE_OVERLAP`` of the MicMac engine: 0.1 -> 1.2 x 1.2 = 1.44)."""
    return (1.0 + 2.0 * overlap) ** 2


def tiled(step: Step, tiles: int, overlap: float, mosaic_min: float) -> Step:
    """The step's work (serial part included) split into ``tiles`` ground tiles whose boxes reach
    ``overlap`` of the tile's side beyond each edge, then mosaicked on one node."""
    total = (step.work_min + step.serial_min) * overlap_factor(overlap)
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


# --------------------------------------------------------------------------- the MicMac engine's DAG
#
# The shape comes from the engine itself: ``MicmacEngine.steps()`` on a ``WorkflowPlan`` of a
# synthetic survey of the source's size (the source's photo positions are not published). Its
# chain is prepare -> tapioca_NNN (one job per pair chunk) -> tapas (Homol merge, Tapas,
# CenterBascule, Campari, AperiCloud, tile plan) -> malt_NNN (Malt Ortho + Tawny per ground
# tile) -> mosaic (+ report, folded). Each Table 1 row goes to the node that does that work:
#
# - tie points -> the tapioca chunks: the fitted parallel work, spread over the chunks in
#   proportion to their pairs. The fitted serial part (the source's pair graph and merge) has no
#   counterpart: the pairs come from the client, and the merge (file copies) is ``merge_min`` in
#   the tapas node;
# - orientation -> the tapas node, serial: the source's orientation as fitted, on the same node
#   count (it did not speed up beyond 56 nodes: 85 min on both 56 and 103);
# - orthomosaic (Malt Ortho + Tawny per chunk of photos in the source) and DEM (PIMs2Mnt, serial)
#   -> the Malt tiles: both works, conservatively, in proportion to each tile's area, times the
#   overlap of its box (``TILE_OVERLAP`` per side: 1.44), plus a per-photo cost for every photo
#   that sees the tile (Malt converts and reduces each photo of its pattern into its pyramid,
#   whole photos, in every tile: a photo near tile borders is read by several tiles);
# - point cloud (C3DC per photo: depth maps, what PIMs Forest computes) -> the pims tiles beside
#   the Malt tiles, per photo of each fill's pattern (the photos whose centre is near the tile's
#   cell, ``pims_photos``: a photo near tile borders gets a depth map in each tile that takes
#   it), plus the DEM row again for their PIMs2Mnt merge, by area: the fill is counted in full
#   although it uses none of the orthos' work; the pass across the flight lines (cross_NNN, beside
#   each pims node, released when its Malt tile ends) costs the same per pair, for the pairs the
#   nodes' rule finds in the tile (``cross_pairs``), plus the same merge;
# - the mosaic node: GDAL mosaics and COGs of DSM and ortho, LAS/PLY/COPC (``mosaic_min``).

SURVEY_EPSG = 32633  # the Basento, southern Italy


@dataclass(frozen=True)
class Survey:
    """A stand-in for the source's 1,139-photo reach: parallel flight lines along the river, nadir
    photos of a 20 MP camera (5472 x 3648) at 1.09 cm/px (50 m above ground), 80 % forward and 70 %
    side overlap (the usual survey; the source gives only the count, height and GSD)."""

    images: int = SOURCE_IMAGES
    lines: int = 7
    width_px: int = 5472
    height_px: int = 3648
    gsd_m: float = 0.0109
    forward_overlap: float = 0.8
    side_overlap: float = 0.7

    @property
    def footprint(self) -> tuple[float, float]:
        """Ground size of one photo, across and along the flight lines (metres)."""
        return self.width_px * self.gsd_m, self.height_px * self.gsd_m

    @property
    def spacing(self) -> tuple[float, float]:
        """Distance between flight lines and between photos on a line (metres)."""
        across, along = self.footprint
        return across * (1.0 - self.side_overlap), along * (1.0 - self.forward_overlap)

    @property
    def megapixels(self) -> float:
        return self.width_px * self.height_px / 1e6

    def positions(self) -> list[tuple[float, float]]:
        """Photo centres (local metres): lines along x, one after another."""
        line_gap, photo_gap = self.spacing
        per_line = math.ceil(self.images / self.lines)
        return [(k * photo_gap, line * line_gap) for line in range(self.lines) for k in range(per_line)][:self.images]

    def ground_bounds(self) -> tuple[float, float, float, float]:
        """Where tie points are (ground seen by two photos): the centres' box, widened by half a
        footprint less one spacing (the tapas node plans the tiles over the tie points)."""
        xy = self.positions()
        across, along = self.footprint
        line_gap, photo_gap = self.spacing
        mx, my = along / 2 - photo_gap, across / 2 - line_gap
        return (min(p[0] for p in xy) - mx, min(p[1] for p in xy) - my,
                max(p[0] for p in xy) + mx, max(p[1] for p in xy) + my)


def _plugin_path() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))


def survey_photo_set(survey: Survey):
    """The survey as the ``PhotoSet`` that ``scan_photos`` would give (UTM metres)."""
    _plugin_path()
    from geomorph_plugin.workflow.photos import Photo, PhotoSet

    x0, y0, alt = 600000.0, 4480000.0, 50.0
    photos = [Photo(Path(f"IMG_{i:04d}.JPG"), survey.width_px, survey.height_px, "survey", 0.0, 0.0, alt,
                    x0 + x, y0 + y, alt) for i, (x, y) in enumerate(survey.positions())]
    return PhotoSet(Path("survey"), photos, SURVEY_EPSG)


def survey_plan(survey: Survey, tile_count: int = 0, chunk_size: int = 50, base=None):
    """The engine's ``WorkflowPlan`` for the survey. ``base`` (a plan of the same photos) saves the
    O(n^2) pair search: only the chunks and the tiles are redone, as ``from_photos`` does them."""
    _plugin_path()
    from geomorph_plugin.workflow import pairs as pairs_mod
    from geomorph_plugin.workflow.engine import WorkflowOptions, WorkflowPlan, tile_layout

    options = WorkflowOptions(engine="micmac", tile_count=tile_count, chunk_size=chunk_size)
    if base is None:
        return WorkflowPlan.from_photos(survey_photo_set(survey), options)
    xs = [p.x for p in base.photo_set.photos]
    ys = [p.y for p in base.photo_set.photos]
    count = tile_count or max(1, min(256, round(len(xs) / 25)))
    return replace(base, options=options, pair_chunks=pairs_mod.chunk(base.pairs, max(1, chunk_size)),
                   tiles=tile_layout(count, max(xs) - min(xs), max(ys) - min(ys)))


def engine_chain(plan) -> list[tuple[str, list]]:
    """``MicmacEngine.steps(plan)`` as the chain of its stages: (category, DAG nodes) in order."""
    _plugin_path()
    from geomorph_plugin.workflow.micmac_engine import MicmacEngine

    chain: list[tuple[str, list]] = []
    for step in MicmacEngine().steps(plan):
        if chain and chain[-1][0] == step.category:
            chain[-1][1].append(step)
        else:
            chain.append((step.category, [step]))
    return chain


def tile_overlap() -> float:
    """``TILE_OVERLAP`` of the nodes' Malt tiles (``remote/micmac_steps.py``)."""
    _plugin_path()
    from geomorph_plugin.remote.micmac_steps import TILE_OVERLAP

    return float(TILE_OVERLAP)


def tile_cores(plan, survey: Survey):
    """(column, row, (x0, y0, x1, y1)) of each tile's own cell: the survey's ground bounds cut into
    the plan's nx x ny cores, in the nodes' order (rows from the south)."""
    nx, ny = plan.tiles
    xmin, ymin, xmax, ymax = survey.ground_bounds()
    for r in range(ny):
        for c in range(nx):
            yield c, r, (xmin + (xmax - xmin) * c / nx, ymin + (ymax - ymin) * r / ny,
                         xmin + (xmax - xmin) * (c + 1) / nx, ymin + (ymax - ymin) * (r + 1) / ny)


def _photos_near(xy, box, reach: float) -> int:
    return len(_indices_near(xy, box, reach))


def _indices_near(xy, box, reach: float) -> list[int]:
    x0, y0, x1, y1 = box
    return [i for i, (x, y) in enumerate(xy) if x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach]


def tile_boxes(plan, survey: Survey, overlap: float) -> list[tuple[float, int]]:
    """(box area over core area, photos it correlates) of each Malt tile, by the nodes' rule
    (``micmac_steps._plan_tiles``): each core's box ``overlap`` of its side wider towards each
    neighbouring tile (``tile_margins``), and every photo whose centre lies within half a photo
    diagonal of the box."""
    _plugin_path()
    from geomorph_plugin.remote.micmac_steps import tile_margins

    nx, ny = plan.tiles
    reach = 0.5 * math.hypot(*survey.footprint)
    xy = survey.positions()
    boxes = []
    for c, r, (x0, y0, x1, y1) in tile_cores(plan, survey):
        west, south, east, north = tile_margins(c, r, nx, ny, overlap)
        box = (x0 - west * (x1 - x0), y0 - south * (y1 - y0), x1 + east * (x1 - x0), y1 + north * (y1 - y0))
        boxes.append(((1 + west + east) * (1 + south + north), _photos_near(xy, box, reach)))
    return boxes


def pims_photos(plan, survey: Survey) -> list[int]:
    """Photos of each tile's vegetation fill, by the nodes' rule (``micmac_steps.PIMS_REACH``): those
    whose centre lies within that share of half a photo diagonal of the tile's own cell."""
    return [len(photos) for photos in pims_photo_sets(plan, survey)]


def pims_photo_sets(plan, survey: Survey) -> list[list[int]]:
    _plugin_path()
    from geomorph_plugin.remote.micmac_steps import PIMS_REACH

    near = PIMS_REACH * 0.5 * math.hypot(*survey.footprint)
    xy = survey.positions()
    return [_indices_near(xy, core, near) for _c, _r, core in tile_cores(plan, survey)]


_ACROSS: dict = {}


def across_pairs_survey(plan, survey: Survey) -> list[tuple[int, int]]:
    """The nodes' pairs across the flight lines (``micmac_pims.across_pairs``) over the whole survey,
    the GPS pairs standing for photos that share tie points (computed once per survey)."""
    key = (survey, len(plan.pairs))
    if key not in _ACROSS:
        _plugin_path()
        from geomorph_plugin.remote.micmac_pims import MIN_TIE_POINTS, across_pairs

        centres = {f"{i:06d}": [x, y, 0.0] for i, (x, y) in enumerate(survey.positions())}
        ties = {(f"{a:06d}", f"{b:06d}"): MIN_TIE_POINTS for a, b in plan.pairs}
        _ACROSS[key] = [(int(a), int(b)) for a, b in across_pairs(centres, ties, sorted(centres))]
    return _ACROSS[key]


def cross_pairs(plan, survey: Survey) -> list[int]:
    """Pairs across the flight lines in each tile's fill (both photos among the tile's own)."""
    pairs = across_pairs_survey(plan, survey)
    counts = []
    for photos in pims_photo_sets(plan, survey):
        inside = set(photos)
        counts.append(sum(1 for a, b in pairs if a in inside and b in inside))
    return counts


@dataclass(frozen=True)
class MicmacCosts:
    """Per-stage costs of the MicMac engine's DAG for the survey (minutes; ``*_work`` in node-min)."""

    tie_work: float
    orientation: float
    malt_work: float
    merge: float = 2.0  # Homol merge in the tapas node: ~11,000 small file copies
    prepare: float = 1.0  # links to the photos, OriConvert
    pyramid_per_photo: float = 0.1  # per photo of a Malt tile's pattern, at the survey's size
    mosaic: float = 10.0  # GDAL mosaics + COGs of DSM and ortho, point cloud files, report
    overlap: float = 0.1
    # The vegetation fill (``pims_NNN`` beside each Malt tile): a depth map for every photo of the
    # tile's pattern (the source's per-photo C3DC, node-min per photo) and PIMs2Mnt's merge over
    # the tile's box (the source's DEM row, node-min over the whole survey). 0: no fill.
    pims_per_photo: float = 0.0
    pims_merge_work: float = 0.0
    # The engine's measured tie points (node-min per pair of a chunk and per photo it lists); both 0:
    # the source's fitted tie-point work (``tie_work``) spread over the chunks by their pairs.
    tie_per_pair: float = 0.0
    tie_per_photo: float = 0.0


def measured_tie_costs(survey: Survey, slot_factor: float = 1.0, pair_s: float = TAPIOCA_PAIR_S,
                       photo_s: float = TAPIOCA_PHOTO_S) -> dict:
    """``tie_per_pair`` and ``tie_per_photo`` (node-min) from the costs measured here: a source slot
    takes ``slot_factor`` times one of this machine's cores (1: as fast; more: slower)."""
    return {"tie_per_pair": slot_factor * pair_s / 60,
            "tie_per_photo": slot_factor * photo_s * survey.megapixels / TAPIOCA_PHOTO_MPX / 60}


def micmac_costs(fitted: list[Step], nodes: int, overhead_min: float = OVERHEAD_S / 60, malt_rows=None,
                 **kw) -> MicmacCosts:
    """The Table 1 fit mapped onto the engine's stages (see above). ``malt_rows``: the rows whose work
    the Malt tiles carry (default orthomosaic and DEM)."""
    by = {s.name: s for s in fitted}
    rows = malt_rows or ("orthomosaic", "DEM")
    cloud = by["point cloud"]
    kw.setdefault("pims_per_photo", (cloud.work_min + cloud.serial_min) / SOURCE_IMAGES)
    kw.setdefault("pims_merge_work", by["DEM"].work_min + by["DEM"].serial_min)
    return MicmacCosts(tie_work=by["tie points"].work_min,
                       orientation=by["orientation"].minutes(nodes, 1, overhead_min) - overhead_min,
                       malt_work=sum(by[r].work_min + by[r].serial_min for r in rows), **kw)


def micmac_steps(plan, survey: Survey, costs: MicmacCosts) -> list[Step]:
    """The engine's DAG for ``plan`` as model steps, one per stage of its chain."""
    total_pairs = max(1, len(plan.pairs))
    steps = []
    malt = None  # the Malt tiles' step, which the fill passes follow
    for category, nodes in engine_chain(plan):
        if category == "prepare":
            steps.append(Step("prepare", 1, 0.0, costs.prepare))
        elif category == "tapioca":
            if costs.tie_per_pair or costs.tie_per_photo:
                jobs = tuple(len(chunk) * costs.tie_per_pair + len({i for p in chunk for i in p}) * costs.tie_per_photo
                             for chunk in plan.pair_chunks)
            else:
                jobs = tuple(costs.tie_work * len(chunk) / total_pairs for chunk in plan.pair_chunks)
            steps.append(Step("tapioca", len(nodes), sum(jobs), 0.0, jobs))
        elif category == "tapas":
            steps.append(Step("tapas", 1, 0.0, costs.merge + costs.orientation))
        elif category == "malt":
            jobs = tuple(costs.malt_work * factor / plan.tile_total + n * costs.pyramid_per_photo
                         for factor, n in tile_boxes(plan, survey, costs.overlap))
            steps.append(Step("malt", len(nodes), sum(jobs), 0.0, jobs))
        elif category == "pims":
            # Each tile's fill follows its own Malt tile: one chain per tile, so one job of both.
            malt = steps.pop()
            fill = tuple(costs.pims_merge_work * factor / plan.tile_total + n * costs.pims_per_photo
                         for (factor, _n), n in zip(tile_boxes(plan, survey, costs.overlap),
                                                    pims_photos(plan, survey)))
            jobs = tuple(m + f for m, f in zip(malt.job_min, fill))
            steps.append(Step("malt+pims", len(jobs), sum(jobs), 0.0, jobs))
        elif category == "cross":
            # The pass across the flight lines follows the same Malt tile, beside the pims node: each
            # of its jobs is released when its tile's Malt part ends and takes the first free slot.
            # Per pair it costs what the pass along costs per photo (one successive pair each), plus
            # the same merge (conservative: 50 s against 124 s on brighton).
            chains = steps.pop()
            malt_min = malt.job_min
            fill = tuple(costs.pims_merge_work * factor / plan.tile_total + n * costs.pims_per_photo
                         for (factor, _n), n in zip(tile_boxes(plan, survey, costs.overlap),
                                                    cross_pairs(plan, survey)))
            if not (costs.pims_per_photo or costs.pims_merge_work):
                fill = ()
            jobs = chains.job_min + fill
            follows = (None,) * len(chains.job_min) + tuple((i, malt_min[i]) for i in range(len(fill)))
            steps.append(Step("malt+pims", len(jobs), sum(jobs), 0.0, jobs, follows))
        elif category == "mosaic":
            steps.append(Step("mosaic", 1, 0.0, costs.mosaic))
        else:
            raise ValueError(f"a stage the model does not know: {category}")
    return steps


def best_chunk_size(plan, nodes: int, slots: int = 1) -> int:
    """Pairs per Tapioca chunk so that the chunks fill the slots in whole waves: ceil(pairs / k) for
    the largest k <= slots that gives exactly k chunks (one wave, each as small as it can be)."""
    pairs, width = len(plan.pairs), max(1, nodes * slots)
    for k in range(min(width, pairs), 0, -1):
        size = math.ceil(pairs / k)
        if math.ceil(pairs / size) <= width:
            return size
    return pairs


def sweep_tiles(survey: Survey, costs: MicmacCosts, nodes: int, slots: int = 1, counts=None, chunk_size=None,
                base=None, overhead_min: float = OVERHEAD_S / 60) -> list[tuple[int, int, float, list[Step]]]:
    """(tile_count asked, tiles the plan makes, makespan, steps) for each tile count, best first."""
    base = base or survey_plan(survey)
    chunk = chunk_size or best_chunk_size(base, nodes, slots)
    width = nodes * slots
    counts = counts or sorted({*range(max(1, width // 4), width + 1), 2 * width, 3 * width})
    runs = []
    for count in counts:
        plan = survey_plan(survey, count, chunk, base)
        steps = micmac_steps(plan, survey, costs)
        runs.append((count, plan.tile_total, makespan(steps, nodes, slots, overhead_min), steps))
    return sorted(runs, key=lambda r: (r[2], r[0]))


def breakdown(steps: list[Step], nodes: int, slots: int = 1, overhead_min: float = OVERHEAD_S / 60) -> str:
    return ", ".join(f"{s.name} {s.minutes(nodes, slots, overhead_min):.0f}" for s in steps)


def keypoint_duplication(plan) -> float:
    """Photo reads per photo over the Tapioca chunks (each chunk extracts its photos' keypoints)."""
    reads = sum(len({i for pair in chunk for i in pair}) for chunk in plan.pair_chunks)
    return reads / max(1, len(plan.photo_set.photos))


def print_micmac(fitted: list[Step], nodes: int, survey: Survey, overhead_min: float, pyramid_per_photo: float,
                 mosaic_min: float, slot_factor: float = 1.0, out=sys.stdout) -> float:
    """The engine's predicted makespan on ``nodes`` one-slot nodes, its breakdown and variants; returns it.
    Tie points at the engine's measured cost (``slot_factor``: a source slot against a core here)."""
    base = survey_plan(survey)
    overlap = tile_overlap()
    costs = micmac_costs(fitted, nodes, overhead_min, pyramid_per_photo=pyramid_per_photo, mosaic=mosaic_min,
                         overlap=overlap, **measured_tie_costs(survey, slot_factor))
    line_gap, photo_gap = survey.spacing
    xmin, ymin, xmax, ymax = survey.ground_bounds()
    print(f"\nThe MicMac engine's DAG (MicmacEngine.steps) for a synthetic {survey.images}-photo survey: "
          f"{survey.lines} lines {line_gap:.1f} m apart, a photo every {photo_gap:.1f} m, "
          f"{survey.megapixels:.0f} MP at {100 * survey.gsd_m:.2f} cm/px; ground {xmax - xmin:.0f} x "
          f"{ymax - ymin:.0f} m; {len(base.pairs)} GPS pairs", file=out)
    print(f"Costs: tie points (the engine's Tapioca at 1000 px, measured here, a source slot = {slot_factor:g} x a "
          f"core here) {60 * costs.tie_per_pair:.2f} s per pair + {60 * costs.tie_per_photo:.1f} s per photo a chunk "
          f"lists, tapas {costs.merge:.0f} + "
          f"{costs.orientation:.0f} min, Malt work {costs.malt_work:.0f} node-min x at most "
          f"{overlap_factor(overlap):.2f} (overlap {overlap:.0%} per side towards each neighbouring tile) + "
          f"{60 * costs.pyramid_per_photo:.1f} s per photo per tile, "
          f"mosaic {costs.mosaic:.0f} min", file=out)
    chunk = best_chunk_size(base, nodes)
    runs = sweep_tiles(survey, costs, nodes, chunk_size=chunk, base=base, overhead_min=overhead_min)
    count, tiles, best, steps = runs[0]
    plan = survey_plan(survey, count, chunk, base)
    boxes = tile_boxes(plan, survey, overlap)
    photos = [n for _f, n in boxes]
    print(f"On {nodes} nodes: {best:.0f} min ({breakdown(steps, nodes, 1, overhead_min)}; target <= "
          f"{TARGET_MIN:.0f} min: {'met' if best <= TARGET_MIN else 'missed'})", file=out)
    print(f"  with {len(plan.pair_chunks)} Tapioca chunks of {chunk} pairs (keypoints read "
          f"{keypoint_duplication(plan):.1f}x per photo) and tile_count {count} -> {plan.tiles[0]} x "
          f"{plan.tiles[1]} = {tiles} Malt tiles of {photos and min(photos)}-{photos and max(photos)} photos", file=out)
    by_count = {r[0]: r for r in runs}
    default = survey_plan(survey, 0, 50, base)
    default_steps = micmac_steps(default, survey, costs)
    variants = [
        (f"engine defaults (chunk_size 50: {len(default.pair_chunks)} chunks; tile_count 0: "
         f"{default.tile_total} tiles)", default_steps, 1),
    ]
    if nodes in by_count:
        c, t, _m, s = by_count[nodes]
        variants.append((f"tile_count {nodes} (the node count) -> {t} tiles", s, 1))
    slower = replace(costs, **measured_tie_costs(survey, 10 * slot_factor))
    variants.append((f"tie points 10 x slower (a source slot = {10 * slot_factor:g} x a core here)",
                     micmac_steps(plan, survey, slower), 1))
    source_ties = replace(costs, tie_per_pair=0.0, tie_per_photo=0.0)
    sc = sweep_tiles(survey, source_ties, nodes, chunk_size=chunk, base=base, overhead_min=overhead_min)[0]
    variants.append((f"tie points at the source's cost (its fitted {costs.tie_work:.0f} node-min, "
                     f"{costs.tie_work / max(1, len(base.pairs)):.1f} node-min per GPS pair; {sc[1]} tiles)", sc[3], 1))
    kept = replace(source_ties, merge=next(s for s in fitted if s.name == "tie points").serial_min)
    variants.append(("the same, with the source's fitted tie-point serial part kept (80 min) as the merge",
                     micmac_steps(plan, survey, kept), 1))
    dem_only = micmac_costs(fitted, nodes, overhead_min, malt_rows=("DEM",), pyramid_per_photo=pyramid_per_photo,
                            mosaic=mosaic_min, overlap=overlap, **measured_tie_costs(survey, slot_factor))
    variants.append(("Malt tiles carrying only the DEM row's 151 min (orthos free: a lower bound)",
                     micmac_steps(plan, survey, dem_only), 1))
    no_fill = replace(costs, pims_per_photo=0.0, pims_merge_work=0.0)
    nf = sweep_tiles(survey, no_fill, nodes, chunk_size=chunk, base=base, overhead_min=overhead_min)[0]
    variants.append((f"no vegetation fill (pims_zoom 0: Malt's DSM alone, flagged; {nf[1]} tiles)", nf[3], 1))
    no_ori = replace(costs, orientation=0.0, merge=0.0)
    variants.append(("no serial orientation at all (a bound)", micmac_steps(plan, survey, no_ori), 1))
    for slots in (2, 4):
        c2 = best_chunk_size(base, nodes, slots)
        r2 = sweep_tiles(survey, costs, nodes, slots, chunk_size=c2, base=base, overhead_min=overhead_min)[0]
        variants.append((f"{slots} jobs per node ({nodes * slots} slots; {c2} pairs per chunk, {r2[1]} tiles)",
                         r2[3], slots))
    for label, run, slots in variants:
        total = makespan(run, nodes, slots, overhead_min)
        print(f"  {label}: {total:.0f} min ({breakdown(run, nodes, slots, overhead_min)})", file=out)
    return best


# --------------------------------------------------------------------------- measured inputs, scaled

def mosaic_minutes(measured: dict, survey: Survey, zoom: int = 2) -> float:
    """The mosaic node's minutes for the survey, scaled from ``measure_mosaic`` by the points (its
    largest part) and pixels: every part of it is linear in its size."""
    xmin, ymin, xmax, ymax = survey.ground_bounds()
    ortho_res = 0.015  # the nodes' round resolution at 1.09 cm/px (micmac_steps._round_res)
    ortho_mpx = (xmax - xmin) * (ymax - ymin) / ortho_res ** 2 / 1e6
    return measured["cpu_seconds"] / 60 * ortho_mpx / measured["ortho_mpx"]


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
    parser.add_argument("--mosaic-min", type=float, default=MOSAIC_MIN,
                        help=f"minutes for the serial mosaic node (default {MOSAIC_MIN:g})")
    parser.add_argument("--pyramid-s", type=float, default=PYRAMID_S,
                        help=f"seconds per photo a Malt tile spends on each photo of its pattern, at the "
                             f"survey's photo size (default {PYRAMID_S:g})")
    parser.add_argument("--lines", type=int, default=Survey.lines, help="flight lines of the synthetic survey")
    parser.add_argument("--micmac-nodes", type=int, default=103, help="nodes for the MicMac engine's prediction")
    parser.add_argument("--measure-mosaic", type=int, nargs=2, metavar=("TILES", "PX"),
                        help="time the nodes' mm_mosaic on TILES synthetic tiles of PX² ortho pixels here, and "
                             "scale it to the survey (e.g. 4 3000)")
    parser.add_argument("--slot-factor", type=float, default=1.0,
                        help="how many times longer a source slot takes than one core here, for the costs "
                             "measured here (default 1)")
    parser.add_argument("--measure-tapioca", type=Path, metavar="PHOTOS",
                        help="time the engine's Tapioca File (1000 px) on the photos of PHOTOS in the test "
                             "cluster's root (root; e.g. ../shared/data/brighton_beach/images)")
    args = parser.parse_args(argv)
    overhead = args.overhead_s / 60
    if args.measure_tapioca:
        from makespan_measure import measure_tapioca

        measured = measure_tapioca(args.measure_tapioca)
        print(json.dumps(measured))
        print(f"Tapioca at {measured['size']} px: {measured['per_pair_s']:.2f} CPU s per pair, "
              f"{measured['per_photo_s']:.2f} CPU s per {measured['photo_mpx']:g}-MP photo a chunk lists")
        return 0
    if args.measure_mosaic:
        import tempfile

        from makespan_measure import measure_mosaic

        with tempfile.TemporaryDirectory(prefix="geomorph_mosaic_") as folder:
            measured = measure_mosaic(Path(folder), *args.measure_mosaic)
        print(json.dumps(measured))
        print(f"mosaic node for the {Survey().images}-photo survey: {mosaic_minutes(measured, Survey()):.1f} min "
              "(CPU time scaled by the ortho's pixels)")
        return 0
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
    print_micmac(steps, args.micmac_nodes, replace(Survey(), lines=args.lines), overhead, args.pyramid_s / 60,
                 args.mosaic_min, args.slot_factor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
