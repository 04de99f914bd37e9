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
stripes; the DoD is written to a temporary tiff and made a Cloud Optimized GeoTIFF at the
end, with a diverging colour ramp in a .qml beside it (QGIS loads it as the layer's default
style).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import check_tiff, open_raster, part_path, remove_with_sidecar, to_cog
from . import grids, report
from .coregister import read_coregistration_nmad, read_nmad_by_slope
from .stats import _erf, z_for_confidence

DOD_NODATA = -9999.0
PROBABILITY_NODATA = -1.0
# A thresholded DoD is mostly zeros: DEFLATE level 1 without a predictor compresses it smallest and
# fastest (2k: 0.16 s against 1.57 s with PREDICTOR=YES and averaged overviews). The overviews are
# decimated (nearest) from each stripe as it is written and the COG driver takes them as they are:
# at 8k, letting it build them took 4.1 of its 6.3 s.
COG_OPTIONS = ["LEVEL=1", "OVERVIEWS=FORCE_USE_EXISTING"]
COG_BLOCK = 512


def overview_factors(width: int, height: int) -> list[int]:
    """2, 4, ... until the overview fits one COG tile, as the COG driver would make them."""
    factors, f = [], 2
    while max(width, height) / (f // 2) > COG_BLOCK:
        factors.append(f)
        f *= 2
    return factors


def write_with_overviews(ds, values: np.ndarray, y: int, factors: list[int]) -> None:
    """Write rows [y, y + h) and their nearest-neighbour decimations; y is a multiple of every factor."""
    band = ds.GetRasterBand(1)
    band.WriteArray(values, 0, y)
    for i, f in enumerate(factors):
        band.GetOverview(i).WriteArray(values[::f, ::f], 0, y // f)


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
class Budget:
    """One zone's sums; areas in m², volumes in m³ (erosion volume positive)."""

    name: str
    cell_area: float
    analysed: int = 0
    erosion_cells: int = 0
    erosion_sum: float = 0.0
    erosion_var: float = 0.0
    erosion_sigma: float = 0.0
    deposition_cells: int = 0
    deposition_sum: float = 0.0
    deposition_var: float = 0.0
    deposition_sigma: float = 0.0
    raw_sum: float = 0.0

    @property
    def no_change_cells(self) -> int:
        return self.analysed - self.erosion_cells - self.deposition_cells

    @property
    def erosion_area(self) -> float:
        return self.erosion_cells * self.cell_area

    @property
    def deposition_area(self) -> float:
        return self.deposition_cells * self.cell_area

    @property
    def erosion_volume(self) -> float:
        return -self.erosion_sum * self.cell_area

    @property
    def deposition_volume(self) -> float:
        return self.deposition_sum * self.cell_area

    @property
    def erosion_uncertainty(self) -> float:
        return self.cell_area * math.sqrt(self.erosion_var)

    @property
    def deposition_uncertainty(self) -> float:
        return self.cell_area * math.sqrt(self.deposition_var)

    @property
    def erosion_uncertainty_correlated(self) -> float:
        return self.cell_area * self.erosion_sigma

    @property
    def deposition_uncertainty_correlated(self) -> float:
        return self.cell_area * self.deposition_sigma

    @property
    def net_volume(self) -> float:
        return self.deposition_volume - self.erosion_volume

    @property
    def net_uncertainty(self) -> float:
        return self.cell_area * math.sqrt(self.erosion_var + self.deposition_var)

    @property
    def net_uncertainty_correlated(self) -> float:
        return self.cell_area * (self.erosion_sigma + self.deposition_sigma)

    @property
    def raw_net_volume(self) -> float:
        return self.raw_sum * self.cell_area

    @property
    def no_change_percent(self) -> float:
        return 100.0 * self.no_change_cells / self.analysed if self.analysed else float("nan")

    def row(self) -> list:
        return [self.name, self.analysed * self.cell_area, self.no_change_cells * self.cell_area,
                self.no_change_percent, self.erosion_area, self.erosion_volume, self.erosion_uncertainty,
                self.erosion_uncertainty_correlated, self.deposition_area, self.deposition_volume,
                self.deposition_uncertainty, self.deposition_uncertainty_correlated, self.net_volume,
                self.net_uncertainty, self.net_uncertainty_correlated, self.raw_net_volume]


CSV_HEADER = ["zone", "analysed_m2", "no_change_m2", "no_change_percent", "erosion_area_m2", "erosion_volume_m3",
              "erosion_sigma_m3", "erosion_sigma_correlated_m3", "deposition_area_m2", "deposition_volume_m3",
              "deposition_sigma_m3", "deposition_sigma_correlated_m3", "net_volume_m3", "net_sigma_m3",
              "net_sigma_correlated_m3", "raw_net_volume_m3"]


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


def style_path(output: Path) -> Path:
    return output.with_suffix(".qml")


def diverging_qml(limit: float) -> str:
    """A QGIS style: red (erosion) - white (no change) - blue (deposition), symmetric about 0."""
    stops = [(-1.0, "#b2182b"), (-0.5, "#ef8a62"), (-0.1, "#fddbc7"), (0.0, "#f7f7f7"), (0.1, "#d1e5f0"),
             (0.5, "#67a9cf"), (1.0, "#2166ac")]
    items = "\n".join(f'          <item alpha="255" value="{f * limit:.6g}" label="{f * limit:.3g}" color="{c}"/>'
                      for f, c in stops)
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.40" styleCategories="Symbology">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="1" alphaBand="-1" nodataColor=""
        classificationMin="{-limit:.6g}" classificationMax="{limit:.6g}">
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0"
            minimumValue="{-limit:.6g}" maximumValue="{limit:.6g}" labelPrecision="3">
{items}
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
  </pipe>
</qgis>
"""


class _Sigma:
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


class _Accumulator:
    """Per-zone sums, added stripe by stripe with bincount (zone index 0 = outside every zone)."""

    def __init__(self, n: int):
        self.n = n
        self.sums = {k: np.zeros(n) for k in ("analysed", "ero_n", "ero_sum", "ero_var", "ero_sig", "dep_n",
                                              "dep_sum", "dep_var", "dep_sig", "raw")}

    def add(self, zone, valid, dz, var, ero, dep) -> None:
        n = self.n

        def count(mask):
            return np.bincount(zone[mask], minlength=n)[:n]

        def total(mask, weights):
            if np.ndim(weights) == 0:
                return count(mask) * float(weights)
            return np.bincount(zone[mask], weights=weights[mask], minlength=n)[:n]

        s = self.sums
        s["analysed"] += count(valid)
        s["raw"] += total(valid, dz)
        for key, mask in (("ero", ero), ("dep", dep)):
            s[f"{key}_n"] += count(mask)
            s[f"{key}_sum"] += total(mask, dz)
            s[f"{key}_var"] += total(mask, var)
            s[f"{key}_sig"] += total(mask, np.sqrt(var))

    def add_total(self, valid, dz, var, sigma, ero, dep) -> None:
        """The one-zone case with plain reductions: bincount over every cell costs 4x more."""
        s = self.sums
        scalar = np.ndim(var) == 0
        s["analysed"][0] += np.count_nonzero(valid)
        s["raw"][0] += np.sum(dz, where=valid, dtype=np.float64)
        for key, mask in (("ero", ero), ("dep", dep)):
            n = np.count_nonzero(mask)
            s[f"{key}_n"][0] += n
            s[f"{key}_sum"][0] += np.sum(dz, where=mask, dtype=np.float64)
            s[f"{key}_var"][0] += n * float(var) if scalar else np.sum(var, where=mask, dtype=np.float64)
            s[f"{key}_sig"][0] += n * float(sigma) if scalar else np.sum(sigma, where=mask, dtype=np.float64)

    def budget(self, i: int, name: str, area: float) -> Budget:
        s = self.sums
        return Budget(name, area, int(s["analysed"][i]), int(s["ero_n"][i]), float(s["ero_sum"][i]),
                      float(s["ero_var"][i]), float(s["ero_sig"][i]), int(s["dep_n"][i]), float(s["dep_sum"][i]),
                      float(s["dep_var"][i]), float(s["dep_sig"][i]), float(s["raw"][i]))


class _Dod:
    def __init__(self, request: DodRequest, feedback):
        self.req = request
        self.feedback = feedback
        self.log: list[str] = []
        self.created: list[Path] = []

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

    def _create(self, path: Path, grid, nodata: float, description: str):
        from osgeo import gdal

        check_tiff(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = part_path(path)
        ds = gdal.GetDriverByName("GTiff").Create(str(part), grid.width, grid.height, 1, gdal.GDT_Float32,
                                                  ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "BIGTIFF=IF_SAFER"])
        if ds is None:
            raise GeomorphError(tr("Cannot create the output {path}: {error}").format(path=path,
                                                                                      error=gdal.GetLastErrorMsg()))
        self.created.append(part)
        ds.SetGeoTransform(grid.geotransform())
        ds.SetProjection(grid.wkt)
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(nodata)
        band.SetDescription(description)
        # Empty overview levels, filled stripe by stripe (write_with_overviews).
        factors = overview_factors(grid.width, grid.height)
        if factors and ds.BuildOverviews("NONE", factors) != 0:
            raise GeomorphError(tr("Cannot create the output {path}: {error}").format(path=path,
                                                                                      error=gdal.GetLastErrorMsg()))
        return ds

    def run(self) -> DodResult:
        started = time.monotonic()
        req = self.req
        if not 0.5 <= req.confidence < 1.0:
            raise GeomorphError(tr("The confidence must be between 0.5 and 0.999 (0.95 for 95%)."))
        check_tiff(Path(req.output))
        if req.probability:
            check_tiff(Path(req.probability))
        new = grids.open_dem(req.new, tr("new DEM"))
        old = grids.open_dem(req.old, tr("old DEM"))
        grid = grids.common_grid(old, new, tr("old DEM"), tr("new DEM"), self.feedback)
        aligned = new if read_coregistration_nmad(new) is not None else old
        nmad, by_slope = read_coregistration_nmad(aligned), read_nmad_by_slope(aligned)
        sig_new = _Sigma(req.sigma_new, tr("new DEM"), grid, nmad, by_slope)
        sig_old = _Sigma(req.sigma_old, tr("old DEM"), grid, nmad, by_slope)
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
            for path in self.created:
                remove_with_sidecar(path)
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
        with grids.GdalCache():
            out = self._create(Path(req.output), grid, DOD_NODATA, "DoD (thresholded)")
            prob = self._create(Path(req.probability), grid, PROBABILITY_NODATA, "probability of real change") \
                if req.probability else None
            names = dict(zones.names) if zones is not None else {}
            n_zones = (max(names) + 2) if names else 1
            acc = _Accumulator(max(n_zones, 1))
            total = _Accumulator(1)
            hist = None
            sigmas: list[float] = []
            factors = overview_factors(grid.width, grid.height)
            step = factors[-1] if factors else 1
            rows = max(step, grids.stripe_rows(grid.width) // step * step)
            pband = prob.GetRasterBand(1) if prob is not None else None
            by_slope = bool(sig_new.by_slope or sig_old.by_slope)
            for s in grids.stripes(grid.height, rows, self.feedback, 0, 90):
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
                var = sig_new.variance(s.y, s.h, grid.width, slope) + sig_old.variance(s.y, s.h, grid.width, slope)
                valid = np.isfinite(dz)
                if np.ndim(var):
                    valid &= np.isfinite(var)
                    var = np.where(valid, var, 0.0).astype(np.float32)
                all_valid = bool(valid.all())
                if hist is None:
                    typical_sigma = typical if constant else float(np.median(np.sqrt(var[valid]))) \
                        if valid.any() else 0.1
                    width = max(1e-4, t * (typical_sigma or 0.01) / 20)
                    hist = report.Histogram(width, min(2000.0, width * 1_000_000))
                if not constant and valid.any():
                    sigmas.append(float(np.median(np.sqrt(var[valid]))))
                absdz = np.abs(dz)
                if req.method == Method.PROBABILISTIC or prob is not None:
                    sigma = np.sqrt(var) if np.ndim(var) else math.sqrt(var)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        p = _erf(absdz / (np.maximum(sigma, 1e-12) * math.sqrt(2.0)))
                    p = np.where(valid, p, 0.0)
                    detected = p >= req.confidence if req.method == Method.PROBABILISTIC else None
                    if pband is not None:
                        write_with_overviews(prob, np.where(valid, p, PROBABILITY_NODATA).astype(np.float32), s.y,
                                             factors)
                else:
                    detected = None
                if detected is None:
                    lod = t * (np.sqrt(var) if np.ndim(var) else math.sqrt(var))
                    with np.errstate(invalid="ignore"):
                        detected = absdz > lod
                detected &= valid
                with np.errstate(invalid="ignore"):
                    ero = detected & (dz < 0)
                    dep = detected & (dz > 0)
                hist.add(dz if all_valid else dz[valid])
                total.add_total(valid, dz, var, np.sqrt(var), ero, dep)
                if zones is not None:
                    zone = zones.read(0, s.y, grid.width, s.h) + 1
                    zone[(zone < 0) | (zone >= acc.n)] = 0
                    acc.add(zone, valid, dz, var, ero, dep)
                written = np.where(detected, dz, np.float32(0.0))
                written[~valid] = DOD_NODATA
                write_with_overviews(out, written, s.y, factors)
            out = prob = pband = None
            sigma_dz = typical if constant else (float(np.median(sigmas)) if sigmas else float("nan"))
            result = DodResult(Path(req.output), total.budget(0, tr("Total"), area), [], t * sigma_dz, t, sigma_dz,
                               log=self.log)
            if zones is not None:
                for key in sorted(names):
                    result.zones.append(acc.budget(key + 1, names[key], area))
                outside = acc.budget(0, tr("(outside every zone)"), area)
                if outside.analysed:
                    result.zones.append(outside)
            if result.total.analysed == 0:
                raise GeomorphError(tr(
                    "The two DEMs have no cell with data in common: where they overlap, one of them is nodata. Check "
                    "the nodata values and that both cover the same ground."))
            edges, counts, sums = hist.coarse()
            limit = float(max(abs(edges[0]), abs(edges[-1]), result.lod if math.isfinite(result.lod) else 0.0, 1e-3))
            result.colour_range = limit
            self.feedback.setProgress(90)
            to_cog(part_path(Path(req.output)), Path(req.output), COG_OPTIONS)
            self.created.append(Path(req.output))
            remove_with_sidecar(part_path(Path(req.output)))
            if req.probability:
                to_cog(part_path(Path(req.probability)), Path(req.probability), COG_OPTIONS)
                self.created.append(Path(req.probability))
                remove_with_sidecar(part_path(Path(req.probability)))
                result.probability = Path(req.probability)
            if req.style:
                result.style = report.write_atomic(style_path(Path(req.output)), diverging_qml(limit))
                self.created.append(result.style)
            if req.csv:
                rows_out = [b.row() for b in [*result.zones, result.total]]
                result.csv = report.write_atomic(Path(req.csv), report.csv_text(CSV_HEADER, rows_out))
                self.created.append(result.csv)
            if req.report:
                result.report = report.write_atomic(Path(req.report), self._page(result, edges, counts, sums, area))
                self.created.append(result.report)
        result.seconds = time.monotonic() - started
        b = result.total
        self.info(tr("Erosion {ea:.1f} m², {ev:.2f} ± {es:.2f} m³; deposition {da:.1f} m², {dv:.2f} ± {ds:.2f} m³; "
                     "net {nv:.2f} ± {ns:.2f} m³; no detectable change on {nc:.1f}% of {aa:.1f} m².").format(
            ea=b.erosion_area, ev=b.erosion_volume, es=b.erosion_uncertainty, da=b.deposition_area,
            dv=b.deposition_volume, ds=b.deposition_uncertainty, nv=b.net_volume, ns=b.net_uncertainty,
            nc=b.no_change_percent, aa=b.analysed * b.cell_area))
        return result

    def _page(self, result: DodResult, edges, counts, sums, area) -> str:
        req = self.req
        centres = (edges[:-1] + edges[1:]) / 2
        below = np.abs(centres) <= result.lod
        series_area = [(tr("below LoD"), np.where(below, counts * area, 0), "#bbbbbb"),
                       (tr("erosion"), np.where(~below & (centres < 0), counts * area, 0), "#b2182b"),
                       (tr("deposition"), np.where(~below & (centres > 0), counts * area, 0), "#2166ac")]
        vol = np.abs(sums) * area
        series_vol = [(tr("below LoD"), np.where(below, vol, 0), "#bbbbbb"),
                      (tr("erosion"), np.where(~below & (centres < 0), vol, 0), "#b2182b"),
                      (tr("deposition"), np.where(~below & (centres > 0), vol, 0), "#2166ac")]
        band = (-result.lod, result.lod) if math.isfinite(result.lod) else None
        header = [tr("Zone"), tr("analysed (m²)"), tr("no change (m²)"), tr("no change (%)"), tr("erosion (m²)"),
                  tr("erosion (m³)"), tr("± (m³)"), tr("± correlated (m³)"), tr("deposition (m²)"),
                  tr("deposition (m³)"), tr("± (m³)"), tr("± correlated (m³)"), tr("net (m³)"), tr("± (m³)"),
                  tr("± correlated (m³)"), tr("net before thresholding (m³)")]
        method = tr("minimum level of detection, LoD = t x sqrt(sigma_new² + sigma_old²)") \
            if req.method == Method.LOD else tr("probabilistic: cells whose probability of real change is at least "
                                                "the confidence")
        parts = [
            f"<p>{report.esc(tr('New: {new}. Old: {old}.').format(new=req.new, old=req.old))}</p>",
            f"<p>{report.esc(tr('Thresholding: {method}; confidence {c:.1%}, t = {t:.3f}; median sigma_dz {s:.3f} m, LoD {lod:.3f} m.').format(method=method, c=req.confidence, t=result.t, s=result.sigma_dz, lod=result.lod))}</p>",  # noqa: E501
            f"<h2>{report.esc(tr('Budget'))}</h2>",
            report.table(header, [b.row() for b in [*result.zones, result.total]]),
            f"<h2>{report.esc(tr('Elevation change distribution'))}</h2>",
            report.svg_histogram(edges, series_area, tr("Area by elevation change"), tr("dz (m)"), tr("area (m²)"),
                                 band),
            report.svg_histogram(edges, series_vol, tr("Volume by elevation change"), tr("dz (m)"),
                                 tr("volume (m³)"), band),
            f"<p class=\"note\">{report.esc(tr('Volume uncertainty: for errors uncorrelated from cell to cell, sigma_V = A x sqrt(sum of sigma_dz_i²) over the detected cells (A = cell area); this is a lower bound when errors are spatially correlated. The fully correlated upper bound, A x sum of sigma_dz_i, is given as ± correlated. The distributions include the cells below the LoD (grey band), which are not counted in the budget.'))}</p>",  # noqa: E501
        ]
        return report.page(tr("DEM of difference"), parts)


def dem_of_difference(request: DodRequest, feedback=None) -> DodResult:
    return _Dod(request, feedback or grids.NullFeedback()).run()
