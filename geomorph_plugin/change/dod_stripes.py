"""The DoD's block loop: both DEMs read in row stripes of the common grid, dz, the level of detection (or
GCD's probability), the detected erosion and deposition, their sums per zone, the distribution of dz,
and the thresholded DoD written with its overviews, one stripe at a time."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr
from ..landcover.threads import Workers
from ..rasters import open_raster
from . import grids, report
from .dod_budget import Accumulator
from .dod_output import DOD_NODATA, PROBABILITY_NODATA, overview_factors, write_with_overviews
from .stats import _erf


class SigmaKind(str, Enum):
    CONSTANT = "constant"
    RASTER = "raster"
    COREGISTRATION = "coregistration"


class Method(str, Enum):
    LOD = "lod"
    PROBABILISTIC = "probabilistic"


@dataclass
class Uncertainty:
    kind: SigmaKind = SigmaKind.CONSTANT
    value: float = 0.1
    raster: str | None = None


class Sigma:
    """One DEM's uncertainty on the grid: a constant (float) or a raster read stripe by stripe."""

    def __init__(self, spec: Uncertainty, label: str, grid, nmad: float | None,
                 by_slope: list[tuple[float, float]] | None = None):
        self.constant: float | None = None
        self.win = None
        self.by_slope: list[tuple[float, float]] = []
        if spec.kind == SigmaKind.CONSTANT:
            if not spec.value >= 0:
                raise GeomorphError(tr("The uncertainty of the {label} must be zero or positive, in metres.").format(
                    label=label))
            self.constant = float(spec.value)
        elif spec.kind == SigmaKind.RASTER:
            if not spec.raster:
                raise GeomorphError(tr("The uncertainty of the {label} is set to come from a raster, but no raster "
                                       "was given. Choose the uncertainty raster (metres).").format(label=label))
            ds = open_raster(spec.raster)
            grids.check_projected(ds, tr("uncertainty of the {label}").format(label=label))
            self.win = grids.grid_reader(ds, grid, "bilinear")
            self._ds = ds
        else:
            if nmad is None:
                raise GeomorphError(tr(
                    "The uncertainty of the {label} is set to come from the co-registration, but neither DEM carries "
                    "co-registration statistics. Use the DEM written by Co-register DEMs as the new DEM, or give the "
                    "uncertainty as a constant or a raster.").format(label=label))
            # The stable-ground NMAD measures dh, which holds both DEMs' errors: half its variance each.
            self.nmad = nmad
            if by_slope and len(by_slope) > 1:
                # Per slope class, as measured on stable ground: errors grow on steep ground.
                self.by_slope = by_slope
            else:
                self.constant = nmad / math.sqrt(2.0)

    def variance(self, y: int, h: int, width: int, slope=None):
        if self.constant is not None:
            return self.constant * self.constant
        if self.by_slope:
            xs, ys = zip(*self.by_slope)
            sigma = np.interp(slope, xs, ys).astype(np.float32)
            sigma[~np.isfinite(slope)] = self.nmad
            return sigma * sigma / 2.0
        s = grids.read_float(self.win, 0, y, width, h)
        return s * s



@dataclass
class StripeSums:
    """What the pass over the stripes adds up: the budget of all cells and per zone, dz's distribution, and
    each stripe's median sigma_dz when it varies."""

    total: Accumulator
    zones: Accumulator
    hist: report.Histogram | None = None
    sigmas: list[float] = field(default_factory=list)


def _differences(grid, new_win, old_win, plan: list[grids.Stripe], by_slope: bool, stop):
    """(dz, slope) for each stripe of ``plan``: new - old, and the old DEM's slope in degrees when the
    uncertainty depends on it (else None). Runs in the reader thread: GDAL inflates the next stripe
    while the calling thread thresholds, sums and writes this one."""
    for s in plan:
        if stop.is_set():
            return
        dz = grids.read_float(new_win, 0, s.y, grid.width, s.h)
        slope = None
        if by_slope:
            block = grids.read_padded(old_win, grid.width, grid.height, -1, s.y - 1, grid.width + 2, s.h + 2)
            dz -= block[1:-1, 1:-1]
            gx = (block[1:-1, 2:] - block[1:-1, :-2]) / (2 * grid.res)
            gy = (block[:-2, 1:-1] - block[2:, 1:-1]) / (2 * grid.res)
            slope = np.degrees(np.arctan(np.hypot(gx, gy)))
        else:
            dz -= grids.read_float(old_win, 0, s.y, grid.width, s.h)
        yield dz, slope


def difference_stripes(grid, new_win, old_win, sig_new: Sigma, sig_old: Sigma, t: float, method: Method,
                       confidence: float, zones, n_zones: int, out, prob, feedback) -> StripeSums:
    """One pass over the grid's row stripes: writes the DoD into ``out`` (and the probability into ``prob``
    when given), both with their overviews, and returns the sums. The DEMs are read one stripe ahead, in a
    thread of their own."""
    constant = sig_new.constant is not None and sig_old.constant is not None
    typical = math.sqrt((sig_new.constant or 0) ** 2 + (sig_old.constant or 0) ** 2) if constant else None
    sums = StripeSums(Accumulator(1), Accumulator(max(n_zones, 1)))
    factors = overview_factors(grid.width, grid.height)
    step = factors[-1] if factors else 1
    rows = max(step, grids.stripe_rows(grid.width) // step * step)
    by_slope = bool(sig_new.by_slope or sig_old.by_slope)
    plan = list(grids.stripes(grid.height, rows))
    workers = Workers()
    # One stripe ahead is enough to overlap reading with the rest; more would only hold memory.
    read = workers.ahead(_differences(grid, new_win, old_win, plan, by_slope, workers.stop), "geomorph-dod-reader",
                         size=1)
    try:
        done = 0
        for s, (dz, slope) in zip(grids.stripes(grid.height, rows, feedback, 0, 90), read):
            _stripe(s, dz, slope, grid, sig_new, sig_old, t, method, confidence, constant, typical, zones, sums,
                    out, prob, factors)
            done += 1
    except BaseException:
        workers.stop.set()
        raise
    finally:
        workers.join()
    if workers.errors:
        raise workers.errors[0]
    if done != len(plan):
        raise GeomorphError(tr("Reading the DEMs stopped after {done} of {total} row stripes without an error; "
                               "nothing was written. Run the algorithm again.").format(done=done, total=len(plan)))
    return sums


def _stripe(s, dz, slope, grid, sig_new: Sigma, sig_old: Sigma, t: float, method: Method, confidence: float,
            constant: bool, typical, zones, sums: StripeSums, out, prob, factors: list[int]) -> None:
    """Threshold one stripe's dz, add its sums and write its DoD."""
    acc, total = sums.zones, sums.total
    var = sig_new.variance(s.y, s.h, grid.width, slope) + sig_old.variance(s.y, s.h, grid.width, slope)
    valid = np.isfinite(dz)
    if np.ndim(var):
        valid &= np.isfinite(var)
        var = np.where(valid, var, 0.0).astype(np.float32)
    all_valid = bool(valid.all())
    if sums.hist is None:
        typical_sigma = typical if constant else float(np.median(np.sqrt(var[valid]))) \
            if valid.any() else 0.1
        width = max(1e-4, t * (typical_sigma or 0.01) / 20)
        sums.hist = report.Histogram(width, min(2000.0, width * 1_000_000))
    if not constant and valid.any():
        sums.sigmas.append(float(np.median(np.sqrt(var[valid]))))
    detected = None
    if method == Method.PROBABILISTIC or prob is not None:
        absdz = np.abs(dz)
        sigma = np.sqrt(var) if np.ndim(var) else math.sqrt(var)
        with np.errstate(divide="ignore", invalid="ignore"):
            p = _erf(absdz / (np.maximum(sigma, 1e-12) * math.sqrt(2.0)))
        p = np.where(valid, p, 0.0)
        detected = p >= confidence if method == Method.PROBABILISTIC else None
        if prob is not None:
            write_with_overviews(prob, np.where(valid, p, PROBABILITY_NODATA).astype(np.float32), s.y,
                                 factors)
    with np.errstate(invalid="ignore"):
        if detected is None:
            # |dz| > LoD as dz < -LoD or dz > LoD: the same cells without a |dz| array, and erosion and
            # deposition come with them.
            lod = t * (np.sqrt(var) if np.ndim(var) else math.sqrt(var))
            ero = dz < -lod
            dep = dz > lod
            if not all_valid:
                ero &= valid
                dep &= valid
            detected = ero | dep
        else:
            detected &= valid
            ero = detected & (dz < 0)
            dep = detected & (dz > 0)
    sums.hist.add(dz if all_valid else dz[valid])
    total.add_total(valid, dz, var, np.sqrt(var), ero, dep, all_valid)
    if zones is not None:
        zone = zones.read(0, s.y, grid.width, s.h) + 1
        zone[(zone < 0) | (zone >= acc.n)] = 0
        acc.add(zone, valid, dz, var, ero, dep)
    written = np.where(detected, dz, np.float32(0.0))
    if not all_valid:
        written[~valid] = DOD_NODATA
    write_with_overviews(out, written, s.y, factors)
