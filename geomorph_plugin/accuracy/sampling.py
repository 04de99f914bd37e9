"""A stratified random sample of points from a class raster, for an accuracy assessment.

Strata are the map classes. The sample size follows Olofsson et al. 2014 (eq. 13): a target
standard error of overall accuracy and a guess of each class's user's accuracy give
n = (sum W_i S_i / S(O))^2; every class gets at least a minimum, the rest is shared in
proportion to area. Points are cell centres drawn without replacement, in two passes over
row stripes: count the cells of each class, then pick the cells whose rank within their
class was drawn, so memory stays bounded on any raster.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..change import grids
from ..errors import GeomorphError
from ..feedback import NullFeedback
from ..i18n import tr
from .classmap import ClassMap, open_class_map
from .estimates import allocate, sample_size


@dataclass
class SamplePoint:
    x: float
    y: float
    value: int
    name: str


@dataclass
class SamplePlan:
    names: list[str]
    values: list[int]
    cells: list[int]
    weights: list[float]
    formula_n: int
    allocation: list[int]

    @property
    def total(self) -> int:
        return int(sum(self.allocation))


@dataclass
class StratifiedSample:
    plan: SamplePlan
    points: list[SamplePoint]
    crs_wkt: str
    log: list[str] = field(default_factory=list)


def plan_sample(cmap: ClassMap, target_se: float, expected_users: float | dict[str, float],
                minimum: int) -> SamplePlan:
    values = [v for v in cmap.names if cmap.cells.get(v, 0) > 0]
    if len(values) < 2:
        raise GeomorphError(tr("The class raster maps fewer than two classes: there is nothing to stratify. Check "
                               "that it is the classified raster."))
    cells = np.array([cmap.cells[v] for v in values], np.float64)
    weights = cells / cells.sum()
    names = [cmap.names[v] for v in values]
    if isinstance(expected_users, dict):
        folded = {k.casefold(): float(u) for k, u in expected_users.items()}
        users = [folded.get(n.casefold(), 0.8) for n in names]
    else:
        users = [float(expected_users)] * len(values)
    if any(not 0 < u < 1 for u in users):
        raise GeomorphError(tr("The expected user's accuracy must be between 0 and 1 (for example 0.85). Change it "
                               "and run again."))
    n = sample_size(weights, users, target_se)
    allocation = allocate(n, weights, cells.astype(np.int64), int(minimum))
    return SamplePlan(names, values, [int(c) for c in cells], [float(w) for w in weights], n,
                      [int(a) for a in allocation])


def _ranks(rng: np.random.Generator, population: int, size: int) -> np.ndarray:
    if size >= population:
        return np.arange(population, dtype=np.int64)
    if size * 4 > population:
        return np.sort(rng.choice(population, size, replace=False))
    chosen: set[int] = set()
    while len(chosen) < size:
        chosen.update(int(v) for v in rng.integers(0, population, size - len(chosen)))
    return np.array(sorted(chosen), np.int64)


def stratified_sample(source: str, target_se: float = 0.01, expected_users: float | dict[str, float] = 0.85,
                      minimum: int = 50, seed: int | None = None, feedback=None) -> StratifiedSample:
    feedback = feedback or NullFeedback()
    cmap = open_class_map(source, tr("class raster"), feedback)
    plan = plan_sample(cmap, target_se, expected_users, minimum)
    log = [tr("Sample size n = (sum W_i S_i / S(O))^2 = {n} for a standard error of overall accuracy of {se:g} "
              "(Olofsson et al. 2014); with at least {m} points per class: {total} points.").format(
                  n=plan.formula_n, se=target_se, m=minimum, total=plan.total)]
    for name, cells, n in zip(plan.names, plan.cells, plan.allocation):
        log.append(tr("{name}: {cells} cells mapped, {n} points.").format(name=name, cells=cells, n=n))
        if n < minimum:
            log.append(tr("{name} has only {cells} cells, fewer than the minimum of {m} points: every cell is "
                          "taken.").format(name=name, cells=cells, m=minimum))
    for line in log:
        feedback.pushInfo(line)
    rng = np.random.default_rng(seed)
    k = len(cmap.names)
    index_of = {v: i for i, v in enumerate(cmap.names)}
    chosen = [np.zeros(0, np.int64)] * k
    for value, n, cells in zip(plan.values, plan.allocation, plan.cells):
        chosen[index_of[value]] = _ranks(rng, cells, n)
    seen = np.zeros(k, np.int64)
    points: list[SamplePoint] = []
    grid = cmap.grid
    win = cmap.reader()
    names = list(cmap.names.values())
    values = list(cmap.names)
    with grids.GdalCache():
        rows = grids.stripe_rows(grid.width, arrays=4)
        for s in grids.stripes(grid.height, rows, feedback, 30, 70):
            strata = cmap.strata(grids.read_int(win, 0, s.y, grid.width, s.h, -1)).ravel()
            for i in range(k):
                if chosen[i].size == 0:
                    continue
                where = np.flatnonzero(strata == i)
                if where.size == 0:
                    continue
                lo = np.searchsorted(chosen[i], seen[i])
                hi = np.searchsorted(chosen[i], seen[i] + where.size)
                for rank in chosen[i][lo:hi]:
                    flat = int(where[rank - seen[i]])
                    row, col = s.y + flat // grid.width, flat % grid.width
                    points.append(SamplePoint(grid.x0 + (col + 0.5) * grid.res, grid.y0 - (row + 0.5) * grid.res,
                                              values[i], names[i]))
                seen[i] += where.size
    return StratifiedSample(plan, points, grid.wkt, log)
