"""Land-cover change between two class rasters: classes matched by name, a transition matrix in
hectares, per-class gains, losses and persistence, and a "from -> to" change raster.

The later raster is read on the earlier one's grid (nearest neighbour, reprojected when the
CRSs differ), in row stripes. Class names come from each raster (GDAL category names, else
the RAT), as Geomorph's land-cover output writes them, and are matched case-insensitively:
the two rasters may number their classes differently.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr
from ..landcover.contract import DEFAULT_PALETTE
from ..landcover.output import attribute_table, color_table
from ..rasters import check_tiff, open_raster, part_path, remove_with_sidecar, to_cog
from . import grids, report
from .zones import require_class_names

UNCHANGED_COLOUR = (225, 225, 225)


@dataclass
class TransitionRequest:
    before: str
    after: str
    output: Path | None = None
    report: Path | None = None
    csv: Path | None = None


@dataclass
class ClassStyle:
    """What landcover.output's colour table and attribute table read from a model contract."""

    class_names: list[str]
    class_colors: list[tuple[int, int, int]]
    nodata_class: int


@dataclass
class TransitionResult:
    classes: list[str]
    counts: np.ndarray  # (K, K) cells, rows = before, columns = after
    cell_area_m2: float
    output: Path | None = None
    report: Path | None = None
    csv: Path | None = None
    unmatched_cells: int = 0
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)

    @property
    def hectares(self) -> np.ndarray:
        return self.counts * self.cell_area_m2 / 10000.0

    def summary(self) -> list[dict]:
        ha = self.hectares
        rows = []
        for i, name in enumerate(self.classes):
            before, after, kept = ha[i].sum(), ha[:, i].sum(), ha[i, i]
            rows.append({"class": name, "before_ha": before, "after_ha": after, "persistence_ha": kept,
                         "loss_ha": before - kept, "gain_ha": after - kept, "net_ha": after - before})
        return rows


def _colours(ds, names: dict[int, str]) -> dict[str, tuple[int, int, int]]:
    table = ds.GetRasterBand(1).GetColorTable()
    out = {}
    for value, name in names.items():
        if table is not None and value < table.GetCount():
            r, g, b, _ = table.GetColorEntry(value)
            out[name.casefold()] = (r, g, b)
    return out


def _lookup(names: dict[int, str], index: dict[str, int]) -> np.ndarray:
    lut = np.full(max(max(names) + 1, 256), -1, np.int64)
    for value, name in names.items():
        lut[value] = index[name.casefold()]
    return lut


def land_cover_change(request: TransitionRequest, feedback=None) -> TransitionResult:
    feedback = feedback or grids.NullFeedback()
    started = time.monotonic()
    for path in (request.output,):
        if path is not None:
            check_tiff(Path(path))
    before = open_raster(request.before)
    after = open_raster(request.after)
    names_before = require_class_names(before, request.before)
    names_after = require_class_names(after, request.after)
    grid = grids.common_grid(before, after, tr("land cover before"), tr("land cover after"), feedback)
    classes: list[str] = []
    index: dict[str, int] = {}
    for name in [*names_before.values(), *names_after.values()]:
        if name.casefold() not in index:
            index[name.casefold()] = len(classes)
            classes.append(name)
    folded_before = {n.casefold() for n in names_before.values()}
    folded_after = {n.casefold() for n in names_after.values()}
    only_before, only_after = sorted(folded_before - folded_after), sorted(folded_after - folded_before)
    log: list[str] = []
    text = tr("{k} classes matched by name: {names}.").format(k=len(classes), names=", ".join(classes))
    log.append(text)
    feedback.pushInfo(text)
    if only_before or only_after:
        text = tr("Classes only before: {a}; only after: {b}.").format(a=", ".join(only_before) or "-",
                                                                        b=", ".join(only_after) or "-")
        log.append(text)
        feedback.pushInfo(text)
    k = len(classes)
    if k * k > 65534:
        raise GeomorphError(tr("{k} classes make {n} transitions, more than a 16-bit change raster can hold. Merge "
                               "classes first.").format(k=k, n=k * k))
    lut_before, lut_after = _lookup(names_before, index), _lookup(names_after, index)
    win_before = grids.grid_reader(before, grid, "near")
    win_after = grids.grid_reader(after, grid, "near")
    colours = _colours(after, names_after)
    for name, colour in _colours(before, names_before).items():
        colours.setdefault(name, colour)
    class_colours = [colours.get(n.casefold(), _hex(DEFAULT_PALETTE[i % len(DEFAULT_PALETTE)]))
                     for i, n in enumerate(classes)]
    small = k * k < 255
    nodata = 255 if small else 65535
    dtype = np.uint8 if small else np.uint16
    counts = np.zeros(k * k, np.int64)
    unmatched = 0
    part = None
    ds = None
    out = Path(request.output) if request.output else None
    created: list[Path] = []
    try:
        if out is not None:
            from osgeo import gdal

            out.parent.mkdir(parents=True, exist_ok=True)
            part = part_path(out)
            ds = gdal.GetDriverByName("GTiff").Create(
                str(part), grid.width, grid.height, 1, gdal.GDT_Byte if small else gdal.GDT_UInt16,
                ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "BIGTIFF=IF_SAFER"])
            if ds is None:
                raise GeomorphError(tr("Cannot create the output {path}: {error}").format(
                    path=out, error=gdal.GetLastErrorMsg()))
            created.append(part)
            ds.SetGeoTransform(grid.geotransform())
            ds.SetProjection(grid.wkt)
            band = ds.GetRasterBand(1)
            band.SetNoDataValue(nodata)
            style = _style(classes, class_colours, nodata)
            band.SetColorTable(color_table(style))
            band.SetColorInterpretation(gdal.GCI_PaletteIndex)
        with grids.GdalCache():
            rows = grids.stripe_rows(grid.width, arrays=6)
            for s in grids.stripes(grid.height, rows, feedback, 0, 90):
                a = grids.read_int(win_before, 0, s.y, grid.width, s.h, -1)
                b = grids.read_int(win_after, 0, s.y, grid.width, s.h, -1)
                ia = np.where((a >= 0) & (a < lut_before.size), lut_before[np.clip(a, 0, lut_before.size - 1)], -1)
                ib = np.where((b >= 0) & (b < lut_after.size), lut_after[np.clip(b, 0, lut_after.size - 1)], -1)
                ok = (ia >= 0) & (ib >= 0)
                unmatched += int(((a >= 0) & (b >= 0)).sum() - ok.sum())
                code = ia * k + ib
                counts += np.bincount(code[ok], minlength=k * k)
                if ds is not None:
                    ds.GetRasterBand(1).WriteArray(np.where(ok, code, nodata).astype(dtype), 0, s.y)
        area = grid.res * grid.res * grids.linear_unit_m(before) ** 2
        result = TransitionResult(classes, counts.reshape(k, k), area, unmatched_cells=unmatched, log=log)
        if unmatched:
            text = tr("{n} cells have a value without a class name in one of the rasters and are left out.").format(
                n=unmatched)
            log.append(text)
            feedback.pushWarning(text)
        if ds is not None:
            ds = None
            to_cog(part, out, ["OVERVIEW_RESAMPLING=NEAREST"])
            created.append(out)
            names = transition_names(classes)
            ds = gdal.Open(str(out))
            band = ds.GetRasterBand(1)
            # As for the land-cover output: the COG is read-only, GDAL keeps names and RAT in .aux.xml.
            band.SetCategoryNames(names + [""] * (nodata + 1 - len(names)) if small else names)
            band.SetDefaultRAT(attribute_table(style))
            ds = None
            result.output = out
        if request.csv:
            result.csv = report.write_atomic(Path(request.csv), _csv(result))
            created.append(result.csv)
        if request.report:
            result.report = report.write_atomic(Path(request.report), _page(request, result))
            created.append(result.report)
    except BaseException:
        ds = None
        for path in created:
            remove_with_sidecar(path)
        raise
    finally:
        if part is not None:
            remove_with_sidecar(part)
    result.seconds = time.monotonic() - started
    return result


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def transition_names(classes: list[str]) -> list[str]:
    return [f"{a} → {b}" if a != b else tr("{name} (unchanged)").format(name=a) for a in classes for b in classes]


def _style(classes: list[str], colours: list[tuple[int, int, int]], nodata: int) -> ClassStyle:
    k = len(classes)
    return ClassStyle(transition_names(classes),
                      [UNCHANGED_COLOUR if i == j else colours[j] for i in range(k) for j in range(k)], nodata)


def _csv(result: TransitionResult) -> str:
    header = ["class", "before_ha", "after_ha", "persistence_ha", "loss_ha", "gain_ha", "net_ha",
              *[f"to {name} (ha)" for name in result.classes]]
    ha = result.hectares
    rows = [[r["class"], r["before_ha"], r["after_ha"], r["persistence_ha"], r["loss_ha"], r["gain_ha"], r["net_ha"],
             *[float(v) for v in ha[i]]] for i, r in enumerate(result.summary())]
    return report.csv_text(header, rows)


def _page(request: TransitionRequest, result: TransitionResult) -> str:
    ha = result.hectares
    matrix = [[name, *[float(v) for v in ha[i]], float(ha[i].sum())] for i, name in enumerate(result.classes)]
    matrix.append([tr("Total after"), *[float(v) for v in ha.sum(axis=0)], float(ha.sum())])
    summary = [[r["class"], r["before_ha"], r["after_ha"], r["persistence_ha"], r["loss_ha"], r["gain_ha"],
                r["net_ha"]] for r in result.summary()]
    parts = [
        f"<p>{report.esc(tr('Before: {a}. After: {b}.').format(a=request.before, b=request.after))}</p>",
        f"<h2>{report.esc(tr('Transition matrix (ha): rows before, columns after'))}</h2>",
        report.table([tr("from \\ to"), *result.classes, tr("Total before")], matrix),
        f"<h2>{report.esc(tr('Gains, losses and persistence per class (ha)'))}</h2>",
        report.table([tr("Class"), tr("before"), tr("after"), tr("persistence"), tr("loss"), tr("gain"), tr("net")],
                     summary),
        f"<p class=\"note\">{report.esc(tr('Cell size {a:g} m². Classes matched by name. Cells that are nodata or have no class name in either raster are not counted ({n} such cells with data in both).').format(a=result.cell_area_m2, n=result.unmatched_cells))}</p>",  # noqa: E501
    ]
    return report.page(tr("Land-cover change"), parts)
