"""The DEM of difference (DoD): new - old on a common grid, thresholded at a minimum level of detection,
with erosion and deposition areas and volumes, their propagated uncertainty, and budgets per zone.

Errors of the two DEMs are taken as independent and Gaussian, so each cell's difference has
``sigma_dz = sqrt(sigma_new² + sigma_old²)``. A change is detected where
``|dz| > LoD = t * sigma_dz``, with ``t`` the two-sided normal critical value of the chosen
confidence (1.96 at 95%). The probabilistic option (GCD's) computes each cell's probability
that its change is real, ``P = erf(|dz| / (sigma_dz sqrt(2)))``, writes it as a raster and keeps
the cells with ``P >= confidence``; spatial-coherence (Bayesian) updating is not done.

Volumes: ``V = A * sum(dz_i)`` over the detected cells of a kind (A = cell area). Their
uncertainty, for errors uncorrelated from cell to cell, is
``sigma_V = A * sqrt(sum(sigma_dz_i²))``; that is a lower bound when errors are spatially
correlated (a residual tilt or bias), whose upper bound, fully correlated errors, is
``A * sum(sigma_dz_i)``. Both are reported; the uncorrelated one is the headline figure.

DEMs on another grid are resampled by cubic convolution: bilinear interpolation biases a
curved surface by up to h² z''/8, millimetres on hills at 1 m cells, which a budget over
thousands of cells turns into cubic metres. Everything is computed in one pass over row
stripes (``dod_stripes``); the DoD is written to a temporary tiff and made a Cloud Optimized
GeoTIFF at the end, with a diverging colour ramp in a .qml beside it (QGIS loads it as the
layer's default style; ``dod_output``). The budget's sums are in ``dod_budget``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import check_tiff
from . import grids, report
from .coregister import read_coregistration_nmad, read_nmad_by_slope
from .dod_budget import CSV_HEADER, Budget
from .dod_output import DOD_NODATA, PROBABILITY_NODATA, OutputFiles, diverging_qml, html_page, style_path
from .dod_stripes import Method, Sigma, SigmaKind, Uncertainty, difference_stripes
from .stats import z_for_confidence

__all__ = ["Budget", "DodRequest", "DodResult", "Method", "SigmaKind", "Uncertainty", "dem_of_difference"]


@dataclass
class DodRequest:
    new: str
    old: str
    output: Path
    sigma_new: Uncertainty = field(default_factory=Uncertainty)
    sigma_old: Uncertainty = field(default_factory=Uncertainty)
    confidence: float = 0.95
    method: Method = Method.LOD
    zones_raster: str | None = None
    zones_polygons: str | None = None
    zones_field: str | None = None
    probability: Path | None = None
    report: Path | None = None
    csv: Path | None = None
    style: bool = True


@dataclass
class DodResult:
    output: Path
    total: Budget
    zones: list[Budget]
    lod: float  # the LoD of the median sigma_dz (exact everywhere when both uncertainties are constants)
    t: float
    sigma_dz: float  # median sigma_dz
    probability: Path | None = None
    report: Path | None = None
    csv: Path | None = None
    style: Path | None = None
    colour_range: float = 1.0
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)


class _Dod:
    def __init__(self, request: DodRequest, feedback):
        self.req = request
        self.feedback = feedback
        self.log: list[str] = []
        self.files = OutputFiles()

    def info(self, text: str) -> None:
        self.log.append(text)
        self.feedback.pushInfo(text)

    def _zones(self, grid):
        req = self.req
        if req.zones_polygons:
            from .zones import polygons_on_grid

            return polygons_on_grid(req.zones_polygons, grid, req.zones_field, tr("budget polygons"))
        if req.zones_raster:
            from .zones import classes_on_grid

            return classes_on_grid(req.zones_raster, grid, tr("budget classes"))
        return None

    def run(self) -> DodResult:
        started = time.monotonic()
        req = self.req
        if not 0.5 <= req.confidence < 1.0:
            raise GeomorphError(tr("The confidence must be between 0.5 and 0.999 (0.95 for 95%)."))
        check_tiff(Path(req.output))
        if req.probability:
            check_tiff(Path(req.probability))
        new = grids.open_dem(req.new, tr("new DEM"), self.info)
        old = grids.open_dem(req.old, tr("old DEM"), self.info)
        grid = grids.common_grid(old, new, tr("old DEM"), tr("new DEM"), self.feedback)
        aligned = new if read_coregistration_nmad(new) is not None else old
        nmad, by_slope = read_coregistration_nmad(aligned), read_nmad_by_slope(aligned)
        sig_new = Sigma(req.sigma_new, tr("new DEM"), grid, nmad, by_slope)
        sig_old = Sigma(req.sigma_old, tr("old DEM"), grid, nmad, by_slope)
        if sig_new.by_slope or sig_old.by_slope:
            self.info(tr("Uncertainty from the co-registration by slope class: NMAD {low:.3f} m on the gentlest, "
                         "{high:.3f} m on the steepest stable ground.").format(low=by_slope[0][1],
                                                                            high=by_slope[-1][1]))
        t = z_for_confidence(req.confidence)
        new_win = grids.grid_reader(new, grid, "cubic")
        old_win = grids.grid_reader(old, grid, "cubic")
        area = grid.res * grid.res * grids.linear_unit_m(old) ** 2
        zones = self._zones(grid)
        try:
            return self._run(req, grid, new_win, old_win, sig_new, sig_old, t, area, zones, started)
        except BaseException:
            self.files.remove_all()
            raise
        finally:
            if zones is not None:
                zones.close()

    def _run(self, req, grid, new_win, old_win, sig_new, sig_old, t, area, zones, started) -> DodResult:
        constant = sig_new.constant is not None and sig_old.constant is not None
        typical = math.sqrt((sig_new.constant or 0) ** 2 + (sig_old.constant or 0) ** 2) if constant else None
        self.info(tr("Common grid: {w} x {h} cells of {res:g} m; t = {t:.3f} for {c:.1%} confidence{lod}.").format(
            w=grid.width, h=grid.height, res=grid.res, t=t, c=req.confidence,
            lod=tr("; LoD = {lod:.3f} m").format(lod=t * typical) if constant else ""))
        files = self.files
        with grids.GdalCache():
            out = files.create_part(Path(req.output), grid, DOD_NODATA, "DoD (thresholded)")
            prob = files.create_part(Path(req.probability), grid, PROBABILITY_NODATA, "probability of real change") \
                if req.probability else None
            names = dict(zones.names) if zones is not None else {}
            n_zones = (max(names) + 2) if names else 1
            sums = difference_stripes(grid, new_win, old_win, sig_new, sig_old, t, req.method, req.confidence,
                                      zones, n_zones, out, prob, self.feedback)
            out = prob = None
            sigma_dz = typical if constant else (float(np.median(sums.sigmas)) if sums.sigmas else float("nan"))
            result = DodResult(Path(req.output), sums.total.budget(0, tr("Total"), area), [], t * sigma_dz, t,
                               sigma_dz, log=self.log)
            if zones is not None:
                for key in sorted(names):
                    result.zones.append(sums.zones.budget(key + 1, names[key], area))
                outside = sums.zones.budget(0, tr("(outside every zone)"), area)
                if outside.analysed:
                    result.zones.append(outside)
            if result.total.analysed == 0:
                raise GeomorphError(tr(
                    "The two DEMs have no cell with data in common: where they overlap, one of them is nodata. Check "
                    "the nodata values and that both cover the same ground."))
            edges, counts, hist_sums = sums.hist.coarse()
            limit = float(max(abs(edges[0]), abs(edges[-1]), result.lod if math.isfinite(result.lod) else 0.0, 1e-3))
            result.colour_range = limit
            self.feedback.setProgress(90)
            files.finish_cog(Path(req.output))
            if req.probability:
                result.probability = files.finish_cog(Path(req.probability))
            if req.style:
                result.style = files.write_text(style_path(Path(req.output)), diverging_qml(limit))
            if req.csv:
                rows_out = [b.row() for b in [*result.zones, result.total]]
                result.csv = files.write_text(Path(req.csv), report.csv_text(CSV_HEADER, rows_out))
            if req.report:
                method = tr("minimum level of detection, LoD = t x sqrt(sigma_new² + sigma_old²)") \
                    if req.method == Method.LOD else tr("probabilistic: cells whose probability of real change is "
                                                        "at least the confidence")
                result.report = files.write_text(Path(req.report), html_page(req, result, method, edges, counts,
                                                                             hist_sums, area))
        result.seconds = time.monotonic() - started
        b = result.total
        self.info(tr("Erosion {ea:.1f} m², {ev:.2f} ± {es:.2f} m³; deposition {da:.1f} m², {dv:.2f} ± {ds:.2f} m³; "
                     "net {nv:.2f} ± {ns:.2f} m³; no detectable change on {nc:.1f}% of {aa:.1f} m².").format(
            ea=b.erosion_area, ev=b.erosion_volume, es=b.erosion_uncertainty, da=b.deposition_area,
            dv=b.deposition_volume, ds=b.deposition_uncertainty, nv=b.net_volume, ns=b.net_uncertainty,
            nc=b.no_change_percent, aa=b.analysed * b.cell_area))
        return result


def dem_of_difference(request: DodRequest, feedback=None) -> DodResult:
    return _Dod(request, feedback or grids.NullFeedback()).run()
