"""Co-registration of a DEM onto a reference DEM on stable terrain: Nuth & Kääb (2011), iterated, plus a
vertical bias or a tilted plane.

Nuth & Kääb relate the elevation difference of two DEMs shifted horizontally by a vector
of length ``a`` and direction ``b`` to the terrain's slope ``alpha`` and aspect ``psi``:

    dh = a * cos(b - psi) * tan(alpha) + c

Geomorph solves it in that multiplied-through form (a linear least-squares fit of
``tan(alpha) cos(psi)``, ``tan(alpha) sin(psi)`` and 1, i.e. of the reference's north and east
gradients), which weights steep cells as the physics does instead of dividing noise by the
tangent of flat cells. Outliers (``|residual| > 3 NMAD``) are dropped and the fit repeated.
The DEM is then resampled (cubic convolution) at the shifted positions and the fit done again until the
increment is below ``tolerance_px``. The vertical bias is the median of dh after the last
shift; with ``tilt`` a plane is fitted robustly to dh instead.

Memory: the statistics use at most ``max_samples`` stable cells, drawn at random (seeded)
in one pass over row stripes; each iteration re-reads the DEM stripe by stripe to resample
it at the new shift. The aligned DEM is written stripe by stripe: in the reference's CRS it
is the input's own cells with a translated geotransform (no resampling at all); in another
CRS it is resampled onto the reference's grid.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import check_tiff, part_path, remove_with_sidecar, to_cog
from . import grids, report
from .stats import Robust

MIN_SAMPLES = 50
SLOPE_CLASSES = 10
# GeoTIFF metadata on the aligned DEM: the DEM of difference reads the stable-ground NMAD back.
META_PREFIX = "GEOMORPH_COREG_"
OUTPUT_NODATA = -32767.0


@dataclass
class CoregRequest:
    reference: str
    dem: str
    output: Path
    stable_polygons: str | None = None
    stable_raster: str | None = None
    stable_classes: list[str] | None = None
    tilt: bool = False
    max_iterations: int = 10
    tolerance_px: float = 0.01
    max_samples: int = 1_000_000
    report: Path | None = None
    seed: int = 0


@dataclass
class CoregResult:
    output: Path
    dx: float  # translation applied to the DEM, metres east
    dy: float  # metres north
    dz: float  # vertical shift applied at the centre of the overlap, metres up
    tilt_x: float  # plane slope removed, m/m east (0 without tilt)
    tilt_y: float
    iterations: int
    pixel_size: float
    before: Robust
    after: Robust
    stable_cells: int
    samples: int
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)
    report: Path | None = None
    # NMAD of dh after alignment per slope class: (median slope in degrees, NMAD) from gentle to steep.
    nmad_by_slope: list[tuple[float, float]] = field(default_factory=list)

    def metadata(self) -> dict[str, str]:
        items = {f"{META_PREFIX}{k}": f"{v:.6g}" if isinstance(v, float) else str(v) for k, v in (
            ("DX", self.dx), ("DY", self.dy), ("DZ", self.dz), ("TILT_X", self.tilt_x), ("TILT_Y", self.tilt_y),
            ("ITERATIONS", self.iterations), ("MEDIAN_BEFORE", self.before.median), ("NMAD_BEFORE", self.before.nmad),
            ("MEDIAN_AFTER", self.after.median), ("NMAD_AFTER", self.after.nmad), ("STABLE_SAMPLES", self.samples))}
        items[f"{META_PREFIX}NMAD_BY_SLOPE"] = json.dumps([[round(a, 3), round(b, 6)] for a, b in self.nmad_by_slope])
        return items


def _keys(t: float, a: float = -0.5) -> tuple[float, float, float, float]:
    """Cubic-convolution weights of the 4 neighbours at -1, 0, 1, 2 for a fraction t in [0, 1)."""

    def k(x: float) -> float:
        x = abs(x)
        if x < 1:
            return (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1
        if x < 2:
            return a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a
        return 0.0

    return k(1 + t), k(t), k(1 - t), k(2 - t)


def read_nmad_by_slope(ds) -> list[tuple[float, float]]:
    """(slope in degrees, NMAD) pairs from an aligned DEM's metadata; empty when absent."""
    value = ds.GetMetadataItem(f"{META_PREFIX}NMAD_BY_SLOPE")
    try:
        pairs = [(float(a), float(b)) for a, b in json.loads(value)] if value else []
    except (ValueError, TypeError):
        return []
    return [p for p in pairs if math.isfinite(p[0]) and math.isfinite(p[1]) and p[1] > 0]


def nmad_by_slope(slope_deg: np.ndarray, dh: np.ndarray, classes: int = SLOPE_CLASSES) -> list[tuple[float, float]]:
    """NMAD of dh in classes of equal counts of slope: SfM and lidar errors grow on steep ground (xDEM models
    this heteroscedasticity the same way, with medians and NMADs per class)."""
    if dh.size < classes * MIN_SAMPLES:
        classes = max(1, dh.size // MIN_SAMPLES)
    order = np.argsort(slope_deg)
    out = []
    for part in np.array_split(order, classes):
        if part.size:
            out.append((float(np.median(slope_deg[part])), Robust.of(dh[part]).nmad))
    return out


def read_coregistration_nmad(ds) -> float | None:
    """The stable-ground NMAD of dh after co-registration, from an aligned DEM's metadata."""
    value = ds.GetMetadataItem(f"{META_PREFIX}NMAD_AFTER")
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


class _Samples:
    """Stable cells drawn once: their grid position, reference height and reference gradient."""

    def __init__(self):
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.z: list[np.ndarray] = []
        self.gx: list[np.ndarray] = []
        self.gy: list[np.ndarray] = []

    def finish(self) -> None:
        for name in ("rows", "cols", "z", "gx", "gy"):
            parts = getattr(self, name)
            setattr(self, name, np.concatenate(parts) if parts else np.zeros(0))


class _Coregistration:
    def __init__(self, request: CoregRequest, feedback):
        self.req = request
        self.feedback = feedback
        self.log: list[str] = []

    def info(self, text: str) -> None:
        self.log.append(text)
        self.feedback.pushInfo(text)

    # -- sampling -------------------------------------------------------------------------------
    def _stable_zones(self):
        req = self.req
        if req.stable_polygons:
            from .zones import polygons_on_grid

            return polygons_on_grid(req.stable_polygons, self.grid, label=tr("stable-terrain polygons"))
        if req.stable_raster:
            from .zones import classes_on_grid

            if not req.stable_classes:
                raise GeomorphError(tr(
                    "A land-cover raster was given as the stable-terrain mask but no classes to keep: name the stable "
                    "classes (for example Highway, Industrial), separated by commas."))
            return classes_on_grid(req.stable_raster, self.grid, tr("stable-terrain classes"), req.stable_classes)
        return None

    def _sample(self) -> _Samples:
        g = self.grid
        zones = self._stable_zones()
        p = min(1.0, self.req.max_samples / max(1, g.width * g.height))
        rng = np.random.default_rng(self.req.seed)
        samples = _Samples()
        stable = 0
        rows = grids.stripe_rows(g.width)
        try:
            for s in grids.stripes(g.height, rows, self.feedback, 0, 20):
                ref = grids.read_padded(self.ref_win, g.width, g.height, -1, s.y - 1, g.width + 2, s.h + 2)
                dem = grids.read_float(self.dem_win, 0, s.y, g.width, s.h)
                gx = (ref[1:-1, 2:] - ref[1:-1, :-2]) / (2 * g.res)
                gy = (ref[:-2, 1:-1] - ref[2:, 1:-1]) / (2 * g.res)
                z = ref[1:-1, 1:-1]
                ok = np.isfinite(gx) & np.isfinite(gy) & np.isfinite(dem)
                if zones is not None:
                    mask = zones.read(0, s.y, g.width, s.h) >= 0
                    stable += int(mask.sum())
                    ok &= mask
                else:
                    stable += int(np.isfinite(z).sum())
                idx = np.flatnonzero(ok)
                if p < 1.0:
                    idx = idx[rng.random(idx.size) < p]
                r, c = np.divmod(idx, g.width)
                samples.rows.append((r + s.y).astype(np.int32))
                samples.cols.append(c.astype(np.int32))
                samples.z.append(z.ravel()[idx].astype(np.float64))
                samples.gx.append(gx.ravel()[idx].astype(np.float64))
                samples.gy.append(gy.ravel()[idx].astype(np.float64))
        finally:
            if zones is not None:
                zones.close()
        samples.finish()
        self.stable_cells = stable
        if stable == 0:
            raise GeomorphError(tr(
                "The stable-terrain mask has no stable cell where the two DEMs overlap: the polygons or the chosen "
                "classes lie outside the overlap, or the classes are absent. Choose polygons or classes (roads, "
                "buildings, bare rock) inside the area both DEMs cover."))
        if samples.z.size < MIN_SAMPLES:
            raise GeomorphError(tr(
                "Only {n} stable cells have elevations in both DEMs ({stable} stable cells in all): both DEMs are "
                "nodata on stable ground. Choose stable terrain where both surveys have data, or fill the gaps "
                "first.").format(n=int(samples.z.size), stable=stable))
        return samples

    # -- resampling at a shift ---------------------------------------------------------------------
    def shifted_stripe(self, y: int, h: int, sx: float, sy: float) -> np.ndarray:
        """The DEM on rows [y, y + h) of the grid, resampled at (col + sx, row + sy) by cubic convolution.

        Cubic, as GDAL's "cubic" (Keys, a = -0.5), and as the DEM of difference resamples: bilinear
        interpolation biases a curved surface by up to h² z'' / 8 (millimetres on hills at 1 m cells),
        which a volume over thousands of cells turns into cubic metres.
        """
        g = self.grid
        fx, fy = math.floor(sx), math.floor(sy)
        wx, wy = _keys(sx - fx), _keys(sy - fy)
        a = grids.read_padded(self.dem_win, g.width, g.height, fx - 1, y + fy - 1, g.width + 3, h + 3)
        rows = wy[0] * a[0:h] + wy[1] * a[1:h + 1] + wy[2] * a[2:h + 2] + wy[3] * a[3:h + 3]
        w = g.width
        return wx[0] * rows[:, 0:w] + wx[1] * rows[:, 1:w + 1] + wx[2] * rows[:, 2:w + 2] + wx[3] * rows[:, 3:w + 3]

    def sample_at(self, samples: _Samples, sx: float, sy: float, start: float, span: float) -> np.ndarray:
        g = self.grid
        out = np.full(samples.z.size, np.nan)
        rows = grids.stripe_rows(g.width)
        bounds = np.searchsorted(samples.rows, np.arange(0, g.height + rows, rows))
        for i, s in enumerate(grids.stripes(g.height, rows, self.feedback, start, span)):
            a, b = bounds[i], bounds[i + 1]
            if a == b:
                continue
            values = self.shifted_stripe(s.y, s.h, sx, sy)
            out[a:b] = values[samples.rows[a:b] - s.y, samples.cols[a:b]]
        return out

    # -- fits -----------------------------------------------------------------------------------
    @staticmethod
    def robust_lstsq(design: np.ndarray, dh: np.ndarray, passes: int = 3) -> tuple[np.ndarray, np.ndarray]:
        keep = np.isfinite(dh)
        med = np.median(dh[keep])
        spread = Robust.of(dh[keep]).nmad
        if spread > 0:
            keep &= np.abs(dh - med) <= 3 * spread
        coef = np.zeros(design.shape[1])
        for _ in range(passes):
            if keep.sum() < design.shape[1] + 1:
                break
            coef, *_ = np.linalg.lstsq(design[keep], dh[keep], rcond=None)
            resid = dh - design @ coef
            spread = Robust.of(resid[keep]).nmad
            if not spread > 0:
                break
            keep = np.isfinite(dh) & (np.abs(resid - np.median(resid[keep])) <= 3 * spread)
        return coef, keep

    def run(self) -> CoregResult:
        started = time.monotonic()
        req = self.req
        check_tiff(Path(req.output))
        ref = grids.open_dem(req.reference, tr("reference DEM"), self.info)
        dem = grids.open_dem(req.dem, tr("DEM to align"), self.info)
        self.grid = grids.common_grid(ref, dem, tr("reference DEM"), tr("DEM to align"), self.feedback)
        self.same_crs = grids.same_crs(ref, dem)
        g = self.grid
        # Cubic: the DEMs are continuous surfaces; see shifted_stripe.
        self.ref_win = grids.grid_reader(ref, g, "cubic")
        self.dem_win = grids.grid_reader(dem, g, "cubic")
        with grids.GdalCache():
            samples = self._sample()
            self.info(tr("{n} stable cells sampled of {stable} ({w} x {h} cells of {res:g} m in the overlap).").format(
                n=samples.z.size, stable=self.stable_cells, w=g.width, h=g.height, res=g.res))
            dh0 = self.sample_at(samples, 0.0, 0.0, 20, 5) - samples.z
            ok0 = np.isfinite(dh0)
            before = Robust.of(dh0[ok0])
            self.info(tr("Before: median dh {median:.3f} m, NMAD {nmad:.3f} m on stable ground.").format(
                median=before.median, nmad=before.nmad))
            sx = sy = 0.0
            design = np.column_stack([-samples.gy, -samples.gx, np.ones(samples.z.size)])
            iterations = 0
            dh = dh0
            flat = Robust.of(np.hypot(samples.gx, samples.gy)).median < 1e-4
            if flat:
                self.feedback.pushWarning(tr(
                    "The stable terrain is flat: a horizontal shift cannot be measured on it (Nuth & Kääb needs slopes "
                    "in several directions). Only the vertical bias is corrected."))
            for iterations in range(1, (0 if flat else req.max_iterations) + 1):
                coef, keep = self.robust_lstsq(design, dh)
                north, east = coef[0], coef[1]
                # The DEM shows the reference displaced by (east, north): read it that far on.
                sx += east / g.res
                sy -= north / g.res
                step = math.hypot(east, north) / g.res
                self.info(tr("Iteration {i}: shift increment {step:.3f} px ({n} inliers), total ({dx:.3f}, {dy:.3f}) "
                             "m.").format(i=iterations, step=step, n=int(keep.sum()), dx=-sx * g.res, dy=sy * g.res))
                dh = self.sample_at(samples, sx, sy, 25 + 45 * (iterations - 1) / req.max_iterations,
                                    45 / req.max_iterations) - samples.z
                if step < req.tolerance_px:
                    break
            ok = np.isfinite(dh)
            if ok.sum() < MIN_SAMPLES:
                raise GeomorphError(tr(
                    "After the horizontal shift only {n} stable cells overlap: the DEMs overlap too little on stable "
                    "ground for a shift that large. Check the inputs, or use a larger stable area.").format(
                        n=int(ok.sum())))
            cx = g.x0 + g.width * g.res / 2
            cy = g.y0 - g.height * g.res / 2
            xs = g.x0 + (samples.cols + 0.5) * g.res - cx
            ys = g.y0 - (samples.rows + 0.5) * g.res - cy
            if req.tilt:
                plane, _ = self.robust_lstsq(np.column_stack([np.ones(xs.size), xs, ys]), np.where(ok, dh, np.nan))
                bias, tilt_x, tilt_y = (float(v) for v in plane)
            else:
                bias, tilt_x, tilt_y = float(np.median(dh[ok])), 0.0, 0.0
            after_dh = dh - (bias + tilt_x * xs + tilt_y * ys)
            after = Robust.of(after_dh[ok])
            result = CoregResult(Path(req.output), -sx * g.res, sy * g.res, -bias, -tilt_x, -tilt_y, iterations, g.res,
                                 before, after, self.stable_cells, int(samples.z.size), log=self.log)
            slope = np.degrees(np.arctan(np.hypot(samples.gx, samples.gy)))
            result.nmad_by_slope = nmad_by_slope(slope[ok], after_dh[ok])
            self.info(tr("Shift applied: dx {dx:.3f} m, dy {dy:.3f} m, dz {dz:.3f} m ({px:.2f}, {py:.2f} px). After: "
                         "median dh {median:.3f} m, NMAD {nmad:.3f} m.").format(
                dx=result.dx, dy=result.dy, dz=result.dz, px=result.dx / g.res, py=result.dy / g.res,
                median=after.median, nmad=after.nmad))
            page = self._report_page(result, dh0[ok0], after_dh[ok]) if req.report else None
            self._write(dem, result, sx, sy, (cx, cy))
        try:
            if page is not None:
                result.report = report.write_atomic(Path(req.report), page)
        except BaseException:
            remove_with_sidecar(Path(req.output))
            raise
        result.seconds = time.monotonic() - started
        return result

    # -- output ---------------------------------------------------------------------------------
    def _write(self, dem, result: CoregResult, sx: float, sy: float, centre: tuple[float, float]) -> None:
        from osgeo import gdal

        out = Path(self.req.output)
        part = part_path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        g = self.grid
        if self.same_crs:
            width, height = dem.RasterXSize, dem.RasterYSize
            gt = list(dem.GetGeoTransform())
            gt[0] += result.dx
            gt[3] += result.dy
            wkt = dem.GetProjection()
            src_nodata = dem.GetRasterBand(1).GetNoDataValue()
        else:
            width, height, gt, wkt, src_nodata = g.width, g.height, list(g.geotransform()), g.wkt, None
        nodata = src_nodata if src_nodata is not None and np.isfinite(src_nodata) else OUTPUT_NODATA
        ds = gdal.GetDriverByName("GTiff").Create(str(part), width, height, 1, gdal.GDT_Float32,
                                                  ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER"])
        if ds is None:
            raise GeomorphError(tr("Cannot create the output {path}: {error}").format(path=out,
                                                                                      error=gdal.GetLastErrorMsg()))
        try:
            ds.SetGeoTransform(gt)
            ds.SetProjection(wkt)
            band = ds.GetRasterBand(1)
            band.SetNoDataValue(nodata)
            band.SetDescription("elevation (co-registered)")
            for key, value in result.metadata().items():
                ds.SetMetadataItem(key, value)
            win = grids.DirectWindow(dem, 0, 0) if self.same_crs else None
            rows = grids.stripe_rows(width)
            cols_x = gt[0] + (np.arange(width) + 0.5) * gt[1] - centre[0]
            for s in grids.stripes(height, rows, self.feedback, 70, 25):
                if win is not None:
                    values = grids.read_float(win, 0, s.y, width, s.h)
                else:
                    values = self.shifted_stripe(s.y, s.h, sx, sy)
                values = values + result.dz
                if result.tilt_x or result.tilt_y:
                    rows_y = gt[3] + (np.arange(s.y, s.y + s.h) + 0.5) * gt[5] - centre[1]
                    values += result.tilt_x * cols_x[None, :] + result.tilt_y * rows_y[:, None]
                values[~np.isfinite(values)] = nodata
                band.WriteArray(values.astype(np.float32), 0, s.y)
            ds = band = None
            to_cog(part, out, ["PREDICTOR=YES", "OVERVIEW_RESAMPLING=AVERAGE"])
        except BaseException:
            ds = band = None
            remove_with_sidecar(out)
            raise
        finally:
            remove_with_sidecar(part)

    def _report_page(self, result: CoregResult, before: np.ndarray, after: np.ndarray) -> str:
        spread = max(4 * max(result.before.nmad, result.after.nmad), abs(result.before.median) * 1.5, 1e-3)
        lo = min(result.before.median, result.after.median) - spread
        hi = max(result.before.median, result.after.median) + spread
        edges = np.linspace(lo, hi, 61)
        hb = np.histogram(before, edges)[0]
        ha = np.histogram(after, edges)[0]
        svg_after = report.svg_histogram(edges, [(tr("after"), ha, "#4393c3")], tr("dh after co-registration"),
                                         tr("dh (m)"), tr("cells"))
        svg_before = report.svg_histogram(edges, [(tr("before"), hb, "#d6604d")], tr("dh before co-registration"),
                                          tr("dh (m)"), tr("cells"))
        rows = [[tr("before"), result.before.median, result.before.nmad, result.before.count],
                [tr("after"), result.after.median, result.after.nmad, result.after.count]]
        shift = [[tr("dx (east)"), result.dx, result.dx / result.pixel_size],
                 [tr("dy (north)"), result.dy, result.dy / result.pixel_size],
                 [tr("dz (up, at the centre)"), result.dz, float("nan")]]
        parts = [
            f"<p>{report.esc(tr('Reference: {ref}. Aligned: {dem} -> {out}.').format(ref=self.req.reference, dem=self.req.dem, out=self.req.output))}</p>",  # noqa: E501
            f"<h2>{report.esc(tr('Shift applied to the DEM'))}</h2>",
            report.table([tr("Component"), tr("metres"), tr("pixels")], shift),
        ]
        if self.req.tilt:
            parts.append(f"<p>{report.esc(tr('Tilt removed: {x:.3g} m/m east, {y:.3g} m/m north.').format(x=result.tilt_x, y=result.tilt_y))}</p>")  # noqa: E501
        parts += [
            f"<h2>{report.esc(tr('dh on stable ground'))}</h2>",
            report.table([tr("When"), tr("median (m)"), tr("NMAD (m)"), tr("cells")], rows),
            svg_before, svg_after,
            f"<h2>{report.esc(tr('NMAD of dh after co-registration by slope'))}</h2>",
            report.table([tr("median slope (°)"), tr("NMAD (m)")], [[f"{a:.1f}", b] for a, b in result.nmad_by_slope]),
            f"<p class=\"note\">{report.esc(tr('Nuth & Kääb co-registration, {n} iterations, {s} of {c} stable cells sampled. NMAD = 1.4826 x median(|dh - median(dh)|): the standard deviation of Gaussian errors, robust to real change and blunders.').format(n=result.iterations, s=result.samples, c=result.stable_cells))}</p>",  # noqa: E501
        ]
        return report.page(tr("DEM co-registration"), parts)


def coregister(request: CoregRequest, feedback=None) -> CoregResult:
    return _Coregistration(request, feedback or grids.NullFeedback()).run()
