"""Accuracy of a class raster against reference polygons or points with a class field.

Classes are matched by name: the reference's class values against the raster's category names
(or RAT), case-insensitively; a value that is a class number of the raster is matched to that
class's name. Polygons are burnt onto the raster's own grid with GDAL and compared cell by
cell in row stripes; points are compared at the cell they fall in. Points from a stratified
random sample by map class (geomorph:stratifiedsample) also give the area-adjusted accuracy
and class areas with 95% confidence intervals of Olofsson et al. 2014; polygons are not a
probability sample, so they give the plain figures only.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..change import grids, report
from ..errors import GeomorphError
from ..feedback import NullFeedback
from ..i18n import tr
from ..rasters import open_raster, raster_bounds
from ..runlog import RunLog
from ..vectors import burn_classes, features_in_crs, on_raster
from .classmap import ClassMap, open_class_map
from .estimates import AreaAdjusted, PlainAccuracy, area_adjusted, plain_accuracy


@dataclass
class AssessmentRequest:
    classes: str
    reference: str
    class_field: str
    report: Path | None = None
    csv: Path | None = None
    matrix_csv: Path | None = None


@dataclass
class Assessment:
    classes: list[str]
    counts: np.ndarray            # rows map class, columns reference class
    unit: str                     # "cells" or "points"
    plain: PlainAccuracy
    mapped_cells: np.ndarray      # per class
    cell_area_m2: float
    adjusted: AreaAdjusted | None = None
    log: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0



def _match(cmap: ClassMap, values: list[str]) -> tuple[list[str], dict[str, int]]:
    """Class names (the map's, then reference-only ones) and reference value -> class index."""
    classes = list(cmap.names.values())
    by_name = {n.casefold(): i for i, n in enumerate(classes)}
    by_value = {str(v): i for i, v in enumerate(cmap.names)}
    index: dict[str, int] = {}
    for value in values:
        if value in index:
            continue
        key = value.casefold()
        if key in by_name:
            index[value] = by_name[key]
        elif value.lstrip("-").isdigit() and str(int(value)) in by_value:
            index[value] = by_value[str(int(value))]
        else:
            by_name[key] = len(classes)
            index[value] = len(classes)
            classes.append(value)
    return classes, index


def _is_point(geometry) -> bool:
    from osgeo import ogr

    return ogr.GT_Flatten(geometry.GetGeometryType()) in (ogr.wkbPoint, ogr.wkbMultiPoint)


def _is_polygon(geometry) -> bool:
    from osgeo import ogr

    return ogr.GT_Flatten(geometry.GetGeometryType()) in (ogr.wkbPolygon, ogr.wkbMultiPolygon,
                                                          ogr.wkbCurvePolygon, ogr.wkbMultiSurface)


def _point_counts(cmap: ClassMap, items, index, k, log: RunLog) -> np.ndarray:
    grid = cmap.grid
    band = cmap.ds.GetRasterBand(1)
    lut = cmap.lookup()
    counts = np.zeros((k, k), np.int64)
    outside = unmapped = 0
    for geometry, value in items:
        for i in range(max(geometry.GetGeometryCount(), 1)):
            part = geometry.GetGeometryRef(i) if geometry.GetGeometryCount() else geometry
            col = int(np.floor((part.GetX() - grid.x0) / grid.res))
            row = int(np.floor((grid.y0 - part.GetY()) / grid.res))
            if not (0 <= col < grid.width and 0 <= row < grid.height):
                outside += 1
                continue
            data = band.ReadAsArray(col, row, 1, 1)
            mask = band.GetMaskBand().ReadAsArray(col, row, 1, 1)
            mapped = int(data[0, 0])
            stratum = lut[mapped] if 0 <= mapped < lut.size and mask[0, 0] > 0 else -1
            if stratum < 0:
                unmapped += 1
                continue
            counts[stratum, index[value]] += 1
    if outside:
        log.warn(tr("{n} reference points lie outside the class raster and are left out.").format(n=outside))
    if unmapped:
        log.warn(tr("{n} reference points fall on nodata or unnamed cells of the class raster and are left "
                    "out.").format(n=unmapped))
    return counts


def _polygon_counts(cmap: ClassMap, items, index, k, log: RunLog, feedback) -> np.ndarray:
    from osgeo import gdal

    grid = cmap.grid
    x0, y0, x1, y1 = raster_bounds(cmap.ds)
    kept, outside = on_raster(items, (x0, y0, x1, y1))
    if outside == len(items):
        raise GeomorphError(tr(
            "None of the {n} reference polygons overlaps the class raster, which covers ({x0:.1f}, {y0:.1f}) - "
            "({x1:.1f}, {y1:.1f}) in its CRS. Check that the polygons are of the same place and that both layers "
            "have the right CRS.").format(n=len(items), x0=x0, y0=y0, x1=x1, y1=y1))
    if outside:
        log.warn(tr("{n} reference polygons lie outside the class raster and are left out.").format(n=outside))
    counts = np.zeros((k, k), np.int64)
    with tempfile.TemporaryDirectory(prefix="geomorph-reference-") as tmp:
        path = str(Path(tmp) / "reference.tif")
        burn_classes(path, grid, kept, {v: i + 1 for v, i in index.items()}, gdal.GDT_UInt16,
                     tr("reference layer"))
        ref_ds = open_raster(path)
        win = cmap.reader()
        unmapped = 0
        with grids.GdalCache():
            rows = grids.stripe_rows(grid.width, arrays=4)
            for s in grids.stripes(grid.height, rows, feedback, 30, 60):
                strata = cmap.strata(grids.read_int(win, 0, s.y, grid.width, s.h, -1))
                ref = ref_ds.GetRasterBand(1).ReadAsArray(0, s.y, grid.width, s.h).astype(np.int64) - 1
                labelled = ref >= 0
                ok = labelled & (strata >= 0)
                unmapped += int((labelled & ~ok).sum())
                counts += np.bincount(strata[ok] * k + ref[ok], minlength=k * k).reshape(k, k)
        ref_ds = None
    if unmapped:
        log.warn(tr("{n} reference cells fall on nodata or unnamed cells of the class raster and are left "
                    "out.").format(n=unmapped))
    return counts


def assess(request: AssessmentRequest, feedback=None) -> Assessment:
    feedback = feedback or NullFeedback()
    started = time.monotonic()
    log = RunLog(feedback)
    cmap = open_class_map(request.classes, tr("class raster"), feedback)
    features = features_in_crs(request.reference, request.class_field, cmap.grid.wkt, tr("reference layer"))
    if features.reprojected_from:
        log.info(tr("The reference layer is in {src}, the class raster in {dst}: the reference is reprojected to "
                    "the raster's CRS.").format(src=features.reprojected_from,
                                                dst=cmap.ds.GetSpatialRef().GetName()))
    if features.without_class:
        log.warn(tr("{n} reference features have no class value and are left out.").format(n=features.without_class))
    items = features.items
    if not items:
        raise GeomorphError(tr("The reference layer has no features with a class value in the field {field}. Fill "
                               "the field, or choose the right one.").format(field=request.class_field))
    points = all(_is_point(g) for g, _ in items)
    if not points and not all(_is_polygon(g) for g, _ in items):
        raise GeomorphError(tr("The reference layer must hold only points or only polygons. Split it, or convert "
                               "lines to polygons first."))
    classes, index = _match(cmap, [v for _, v in items])
    k = len(classes)
    map_names = {n.casefold() for n in cmap.names.values()}
    extra = [c for c in classes if c.casefold() not in map_names]
    if extra:
        log.warn(tr("Reference classes not in the class raster (the map never gives them): {names}. Check the "
                    "spelling if they should match a map class.").format(names=", ".join(extra)))
    if points:
        counts = _point_counts(cmap, items, index, k, log)
    else:
        counts = _polygon_counts(cmap, items, index, k, log, feedback)
    used = [i for i in range(k) if counts[i].sum() or counts[:, i].sum()]
    if len(used) < 2:
        raise GeomorphError(tr("The reference and the class raster share fewer than two classes ({names}): accuracy "
                               "needs at least two. Add reference samples of the other classes.").format(
                                   names=", ".join(classes[i] for i in used) or "-"))
    mapped = np.array([cmap.cells.get(v, 0) for v in cmap.names] + [0] * len(extra), np.int64)
    keep = [i for i in range(k) if i in used or mapped[i] > 0]
    classes = [classes[i] for i in keep]
    counts = counts[np.ix_(keep, keep)]
    mapped = mapped[keep]
    plain = plain_accuracy(counts)
    result = Assessment(classes, counts, "points" if points else "cells", plain, mapped, cmap.cell_area_m2)
    if points:
        result.adjusted = area_adjusted(counts, mapped * cmap.cell_area_m2 / 10000.0, classes)
    else:
        log.info(tr("Reference polygons are not a random sample, so area-adjusted accuracy and areas with "
                    "confidence intervals are not given. Draw a stratified random sample of points "
                    "(geomorph:stratifiedsample), label it, and assess with it for those."))
    log.info(tr("Overall accuracy {oa:.3f}, kappa {kappa:.3f} over {n} reference {unit}.").format(
        oa=plain.overall, kappa=plain.kappa, n=int(counts.sum()), unit=tr("points") if points else tr("cells")))
    if result.adjusted is not None:
        a = result.adjusted
        log.info(tr("Area-adjusted overall accuracy {oa:.3f} ± {ci:.3f} (95%).").format(oa=a.overall,
                                                                                        ci=a.ci(a.overall_se)))
    result.log = log.lines
    written: list[Path] = []
    try:
        if request.csv:
            written.append(report.write_atomic(Path(request.csv), class_csv(result)))
        if request.matrix_csv:
            written.append(report.write_atomic(Path(request.matrix_csv), matrix_csv(result)))
        if request.report:
            written.append(report.write_atomic(Path(request.report), html_page(request, result)))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    result.outputs = written
    result.seconds = time.monotonic() - started
    feedback.setProgress(100)
    return result


def _f(value) -> float | str:
    return "" if value is None or not np.isfinite(value) else float(value)


def class_rows(result: Assessment) -> list[list]:
    p, a = result.plain, result.adjusted
    rows = []
    for i, name in enumerate(result.classes):
        row = [name, int(result.mapped_cells[i]), float(result.mapped_cells[i] * result.cell_area_m2 / 10000.0),
               int(result.counts[i].sum()), int(result.counts[:, i].sum()),
               _f(p.users[i]), _f(p.producers[i]), _f(p.f1[i]), _f(p.iou[i]), ""]
        if a is not None:
            row += [_f(a.users[i]), _f(a.ci(a.users_se[i])), _f(a.producers[i]), _f(a.ci(a.producers_se[i])),
                    _f(a.area[i]), _f(a.ci(a.area_se[i]))]
        rows.append(row)
    return rows


def class_header(result: Assessment) -> list[str]:
    header = ["class", "mapped_cells", "mapped_ha", "map_samples", "reference_samples", "users_accuracy",
              "producers_accuracy", "f1", "iou", "kappa"]
    if result.adjusted is not None:
        header += ["users_accuracy_adjusted", "users_accuracy_ci95", "producers_accuracy_adjusted",
                   "producers_accuracy_ci95", "area_ha", "area_ci95_ha"]
    return header


def class_csv(result: Assessment) -> str:
    """One row per class, then an "overall" row: overall accuracy in both accuracy columns, the mean F1
    and IoU over classes (macro), and kappa."""
    rows = class_rows(result)
    p, a = result.plain, result.adjusted
    total = ["overall", int(result.mapped_cells.sum()),
             float(result.mapped_cells.sum() * result.cell_area_m2 / 10000.0), int(result.counts.sum()),
             int(result.counts.sum()), float(p.overall), float(p.overall), _f(np.nanmean(p.f1)),
             _f(np.nanmean(p.iou)), float(p.kappa)]
    if a is not None:
        oa_ci = float(a.ci(a.overall_se))
        total += [float(a.overall), oa_ci, float(a.overall), oa_ci, float(a.area.sum()), ""]
    return report.csv_text(class_header(result), [*rows, total])


def matrix_csv(result: Assessment) -> str:
    header = [f"map \\ reference ({result.unit})", *result.classes]
    return report.csv_text(header, [[name, *[int(v) for v in result.counts[i]]]
                                    for i, name in enumerate(result.classes)])


def html_page(request: AssessmentRequest, result: Assessment) -> str:
    p, a = result.plain, result.adjusted
    unit = tr("points") if result.unit == "points" else tr("cells")
    matrix = [[name, *[int(v) for v in result.counts[i]], int(result.counts[i].sum())]
              for i, name in enumerate(result.classes)]
    matrix.append([tr("Total"), *[int(v) for v in result.counts.sum(axis=0)], int(result.counts.sum())])
    per_class = [[name, _f(p.users[i]), _f(p.producers[i]), _f(p.f1[i]), _f(p.iou[i])]
                 for i, name in enumerate(result.classes)]
    parts = [
        f"<p>{report.esc(tr('Class raster: {a}. Reference: {b} (field {f}).').format(a=request.classes, b=request.reference, f=request.class_field))}</p>",  # noqa: E501
        f"<p><b>{report.esc(tr('Overall accuracy'))}</b> {p.overall:.4f} &nbsp; <b>{report.esc(tr('Kappa'))}</b> "
        f"{p.kappa:.4f} &nbsp; ({int(result.counts.sum())} {report.esc(unit)})</p>",
        f"<h2>{report.esc(tr('Confusion matrix ({unit}): rows map, columns reference').format(unit=unit))}</h2>",
        report.table([tr("map \\ reference"), *result.classes, tr("Total")], matrix),
        f"<h2>{report.esc(tr('Per class'))}</h2>",
        report.table([tr("Class"), tr("user's accuracy"), tr("producer's accuracy"), tr("F1"), tr("IoU")],
                     per_class),
    ]
    if a is not None:
        adjusted = [[name, _f(a.users[i]), _f(a.ci(a.users_se[i])), _f(a.producers[i]),
                     _f(a.ci(a.producers_se[i])), float(result.mapped_cells[i] * result.cell_area_m2 / 10000.0),
                     _f(a.area[i]), _f(a.ci(a.area_se[i]))] for i, name in enumerate(result.classes)]
        parts += [
            f"<h2>{report.esc(tr('Area-adjusted estimates (Olofsson et al. 2014), 95% confidence intervals'))}</h2>",
            f"<p><b>{report.esc(tr('Overall accuracy'))}</b> {a.overall:.4f} ± {a.ci(a.overall_se):.4f}</p>",
            report.table([tr("Class"), tr("user's accuracy"), "±", tr("producer's accuracy"), "±",
                          tr("mapped area (ha)"), tr("estimated area (ha)"), "±"], adjusted),
            f"<p class=\"note\">{report.esc(tr('Valid when the reference points are a stratified random sample with the map classes as strata, such as geomorph:stratifiedsample draws. Estimated areas correct the mapped areas for the errors the sample shows.'))}</p>",  # noqa: E501
        ]
    parts.append("<ul>" + "".join(f"<li>{report.esc(line)}</li>" for line in result.log) + "</ul>")
    return report.page(tr("Accuracy assessment"), parts)
