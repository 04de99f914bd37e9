"""Export a training set from a raster and the user's labelled polygons (docs/training.md).

The polygons are burnt with GDAL onto a grid at the chosen ground sampling distance (the
raster's own by default; otherwise the raster is resampled by GDAL's warper). The grid is cut
into square tiles; tiles with labels are split into training and validation by spatial blocks
(training/split.py), and written as GeoTIFFs into a folder that describes itself:
``classes.json``, ``manifest.json`` and ``tiles.csv``. Everything is written into a temporary
folder beside the target and renamed onto it only when complete; an existing non-empty folder
is never touched.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

import numpy as np

from ..change import grids
from ..errors import CancelledError, GeomorphError
from ..feedback import NullFeedback
from ..i18n import tr
from ..paths import plugin_version
from ..rasters import Grid, open_raster, raster_bounds, raster_dtype, read_window
from ..runlog import RunLog
from ..vectors import burn_classes, features_in_crs, on_raster
from .classes import StyledValue, TrainingClass, hex_colour, training_classes
from .split import Split, split_tiles

FORMAT = "geomorph-training-dataset"
FORMAT_VERSION = 1
IGNORE = 255
MIN_LABELLED = 0.01  # a segmentation tile needs at least 1% labelled pixels
PATCH_PURITY = 0.9   # a patch is labelled when one class covers at least 90% of it
DEFAULT_BLOCK_TILES = 4


class ModelKind(str, Enum):
    SEGMENTATION = "segmentation"
    PATCH = "patch_classifier"


@dataclass
class ExportRequest:
    raster: str
    polygons: str
    class_field: str
    output: Path
    tile_size: int = 256
    kind: ModelKind = ModelKind.SEGMENTATION
    gsd: float | None = None          # metres per pixel; None: the raster's own
    block_size_m: float | None = None  # None: DEFAULT_BLOCK_TILES tiles
    buffer_m: float | None = None      # None: one tile
    val_fraction: float = 0.2
    seed: int = 0
    styles: list[StyledValue] | None = None


@dataclass
class ExportResult:
    output: Path
    classes: list[TrainingClass]
    counts: dict[str, dict[str, int]]
    tiles: dict[str, int]
    manifest: dict
    log: list[str] = field(default_factory=list)
    seconds: float = 0.0



def check_target(output: Path) -> None:
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise GeomorphError(tr("The dataset folder {path} already exists and is not empty. Geomorph never writes "
                               "over an existing dataset: choose a new folder name, or an empty folder.").format(
                                   path=output))


def _grid(ds, gsd: float | None) -> Grid:
    x0, y0, x1, y1 = raster_bounds(ds)
    native = grids.cell_size(ds)
    res = float(gsd) if gsd else native
    if res <= 0:
        raise GeomorphError(tr("The ground sampling distance must be positive (metres per pixel). Leave it empty to "
                               "keep the raster's own."))
    return Grid(x0, y1, res, int(math.floor((x1 - x0) / res + 1e-6)), int(math.floor((y1 - y0) / res + 1e-6)),
                ds.GetProjection())


def _tile_counts(labels_ds, ntx: int, nty: int, t: int, k: int, kind: ModelKind, feedback) -> dict:
    """Labelled pixels per class of every tile worth keeping (pass 1, one row of tiles at a time)."""
    band = labels_ds.GetRasterBand(1)
    counts: dict[tuple[int, int], np.ndarray] = {}
    for s in grids.stripes(nty * t, t, feedback, 5, 15):
        stripe = band.ReadAsArray(0, s.y, ntx * t, t).astype(np.int64)
        per_tile = stripe.reshape(t, ntx, t).transpose(1, 0, 2).reshape(ntx, t * t)
        for tx in range(ntx):
            hist = np.bincount(per_tile[tx], minlength=k + 1)
            labelled = hist[1:]
            if kind == ModelKind.SEGMENTATION:
                if labelled.sum() >= MIN_LABELLED * t * t:
                    counts[(s.y // t, tx)] = labelled
            else:
                top = int(np.argmax(labelled))
                if labelled[top] >= PATCH_PURITY * t * t:
                    one = np.zeros(k, np.int64)
                    one[top] = 1
                    counts[(s.y // t, tx)] = one
    return counts


def _write_tif(path: Path, array: np.ndarray, gdal_type: int, geotransform, wkt: str, nodata=None,
               colours: list[tuple[int, int, int]] | None = None, names: list[str] | None = None,
               interpretations: list[int] | None = None) -> None:
    from osgeo import gdal

    bands = array.shape[0]
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[2], array.shape[1], bands, gdal_type,
                                              ["COMPRESS=DEFLATE", "TILED=NO"])
    if ds is None:
        raise GeomorphError(tr("Cannot write {path}: {error}").format(path=path, error=gdal.GetLastErrorMsg()))
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(wkt)
    for b in range(bands):
        band = ds.GetRasterBand(b + 1)
        band.WriteArray(array[b])
        if nodata is not None:
            band.SetNoDataValue(nodata)
        if interpretations:
            band.SetColorInterpretation(interpretations[b])
    if colours:
        table = gdal.ColorTable()
        for i, c in enumerate(colours):
            table.SetColorEntry(i, (*c, 255))
        table.SetColorEntry(IGNORE, (0, 0, 0, 0))
        ds.GetRasterBand(1).SetColorTable(table)
        ds.GetRasterBand(1).SetCategoryNames([*names, *[""] * (IGNORE - len(names))])
    ds = None


def export_training_data(request: ExportRequest, feedback=None) -> ExportResult:
    from osgeo import gdal

    feedback = feedback or NullFeedback()
    started = time.monotonic()
    log = RunLog(feedback)
    output = Path(request.output)
    check_target(output)
    kind = ModelKind(request.kind)
    t = int(request.tile_size)
    if t < 8 or t > 4096:
        raise GeomorphError(tr("The tile size must be between 8 and 4096 pixels (for example 256). Change it and run "
                               "again."))
    if not 0 < request.val_fraction < 1:
        raise GeomorphError(tr("The validation fraction must be between 0 and 1 (for example 0.2)."))
    ds = open_raster(request.raster)
    grids.check_projected(ds, tr("input raster"))
    grid = _grid(ds, request.gsd)
    native = grids.cell_size(ds)
    unit = grids.linear_unit_m(ds)
    ntx, nty = grid.width // t, grid.height // t
    tile_m = t * grid.res * unit
    if ntx == 0 or nty == 0:
        raise GeomorphError(tr("The raster is {w} x {h} pixels at {gsd:g} m, smaller than one tile of {t} pixels. "
                               "Choose a smaller tile size or a finer ground sampling distance.").format(
                                   w=grid.width, h=grid.height, gsd=grid.res * unit, t=t))
    features = features_in_crs(request.polygons, request.class_field, grid.wkt, tr("training polygons"))
    if features.reprojected_from:
        log.info(tr("The polygons are in {src}, the raster in {dst}: the polygons are reprojected to the raster's "
                    "CRS.").format(src=features.reprojected_from, dst=ds.GetSpatialRef().GetName()))
    if features.without_class:
        log.warn(tr("{n} polygons have no class value and are left out.").format(n=features.without_class))
    x0, y0, x1, y1 = raster_bounds(ds)
    items, outside = on_raster(features.items, (x0, y0, x1, y1))
    if not items:
        raise GeomorphError(tr(
            "None of the {n} polygons overlaps the raster, which covers ({x0:.1f}, {y0:.1f}) - ({x1:.1f}, {y1:.1f}) "
            "in its CRS. Draw the labels on this raster, and check that the polygon layer has the right CRS.").format(
                n=len(features.items), x0=x0, y0=y0, x1=x1, y1=y1))
    if outside:
        log.warn(tr("{n} polygons lie outside the raster and are left out.").format(n=outside))
    classes = training_classes([v for _, v in items], request.styles)
    index_of = {v: c.index for c in classes for v in c.values}
    k = len(classes)
    names = [c.name for c in classes]
    log.info(tr("{k} classes: {names}.").format(k=k, names=", ".join(names)))
    block_m = request.block_size_m or DEFAULT_BLOCK_TILES * tile_m
    block_tiles = max(1, int(round(block_m / tile_m)))
    buffer_m = tile_m if request.buffer_m is None else float(request.buffer_m)
    if grid.res * unit > native * unit * 1.001:
        resampling = "average"
    else:
        resampling = "bilinear"
    if abs(grid.res - native) > 1e-9 * native:
        log.info(tr("The raster ({native:g} m) is resampled to {gsd:g} m by GDAL's warper ({method}).").format(
            native=native * unit, gsd=grid.res * unit, method=resampling))
    output.parent.mkdir(parents=True, exist_ok=True)
    work = output.with_name(f".{output.name}.part-{uuid.uuid4().hex[:8]}")
    try:
        work.mkdir()
        with grids.GdalCache(), tempfile.TemporaryDirectory(prefix="geomorph-labels-") as tmp:
            labels_path = Path(tmp) / "labels.tif"
            # 0 stays "no label" in the burnt raster.
            burn_classes(labels_path, grid, items, {v: i + 1 for v, i in index_of.items()}, gdal.GDT_Byte,
                         tr("training polygons"))
            labels_ds = open_raster(str(labels_path))
            counts = _tile_counts(labels_ds, ntx, nty, t, k, kind, feedback)
            if not counts:
                raise GeomorphError(tr(
                    "No tile of {t} pixels holds enough labels ({what}). Draw larger polygons, or choose a smaller "
                    "tile size.").format(t=t, what=tr("at least 1% labelled pixels") if kind == ModelKind.SEGMENTATION
                                         else tr("one class over 90% of the patch")))
            split = split_tiles(counts, block_tiles, request.val_fraction, buffer_m, tile_m, request.seed)
            log.info(tr("Spatial split: blocks of {b} x {b} tiles ({m:g} m), {v} validation and {n} training tiles; "
                        "{d} training tiles within {buf:g} m of a validation tile are left out.").format(
                            b=block_tiles, m=block_tiles * tile_m, v=len(split.val), n=len(split.train),
                            d=len(split.dropped), buf=buffer_m))
            result = _write_tiles(request, kind, ds, grid, labels_ds, split, classes, work, resampling, feedback)
            labels_ds = None
        _check_splits(result["counts"], names, block_tiles * tile_m)
        manifest = _manifest(request, kind, ds, grid, unit, t, classes, split, result, block_tiles * tile_m, buffer_m)
        (work / "classes.json").write_text(json.dumps(_classes_json(classes), indent=1, ensure_ascii=False),
                                           encoding="utf-8")
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        (work / "tiles.csv").write_text(result["csv"], encoding="utf-8", newline="")
        if feedback.isCanceled():
            raise CancelledError(tr("Cancelled: no dataset was written."))
        check_target(output)
        if output.exists():
            output.rmdir()  # an empty folder the user chose: rename cannot replace it on Windows
        os.replace(work, output)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    ds = None
    gdal.ErrorReset()
    for line in _count_lines(result["counts"], names, kind):
        log.info(line)
    return ExportResult(output, classes, result["counts"], result["tiles"], manifest, log.lines,
                        time.monotonic() - started)


def _write_tiles(request, kind, ds, grid, labels_ds, split: Split, classes, work: Path, resampling, feedback) -> dict:
    from osgeo import gdal, gdal_array

    bands = list(range(1, ds.RasterCount + 1))
    # An alpha band is validity, not a channel to train on.
    alpha = [b for b in bands if ds.GetRasterBand(b).GetColorInterpretation() == gdal.GCI_AlphaBand]
    bands = [b for b in bands if b not in alpha]
    dtype = raster_dtype(ds, bands)
    gdal_type = gdal_array.NumericTypeCodeToGDALTypeCode(dtype)
    interpretations = [ds.GetRasterBand(b).GetColorInterpretation() for b in bands]
    win = grids.grid_reader(ds, grid, resampling)
    t = int(request.tile_size)
    k = len(classes)
    colours = [c.colour for c in classes]
    names = [c.name for c in classes]
    counts = {"train": np.zeros(k, np.int64), "val": np.zeros(k, np.int64)}
    written = {"train": 0, "val": 0}
    sums = np.zeros(len(bands))
    squares = np.zeros(len(bands))
    valid_pixels = 0
    rows = []
    jobs = [("train", tile) for tile in split.train] + [("val", tile) for tile in split.val]
    jobs.sort(key=lambda j: j[1])
    for side in ("train", "val"):
        (work / side / "images").mkdir(parents=True)
        if kind == ModelKind.SEGMENTATION:
            (work / side / "masks").mkdir(parents=True)
    band = labels_ds.GetRasterBand(1)
    for n, (side, (ty, tx)) in enumerate(jobs):
        if n % 16 == 0:
            if feedback.isCanceled():
                raise CancelledError(tr("Cancelled: no dataset was written."))
            feedback.setProgress(20 + 75 * n / max(1, len(jobs)))
        x, y = tx * t, ty * t
        data, valid = read_window(win, bands, x, y, t, t)
        labels = band.ReadAsArray(x, y, t, t).astype(np.int64) - 1
        if valid is not None:
            labels[~valid] = -1
        labelled = labels >= 0
        hist = np.bincount(labels[labelled], minlength=k)
        if kind == ModelKind.SEGMENTATION:
            if labelled.sum() < MIN_LABELLED * t * t:
                continue
            label_index = ""
        else:
            top = int(np.argmax(hist))
            if hist[top] < PATCH_PURITY * t * t:
                continue
            label_index = top
            hist = np.zeros(k, np.int64)
            hist[top] = 1
        name = f"r{ty:04d}_c{tx:04d}.tif"
        gt = (grid.x0 + x * grid.res, grid.res, 0.0, grid.y0 - y * grid.res, 0.0, -grid.res)
        image_rel = f"{side}/images/{name}"
        _write_tif(work / image_rel, np.ascontiguousarray(data), gdal_type, gt, grid.wkt,
                   interpretations=interpretations)
        mask_rel = ""
        if kind == ModelKind.SEGMENTATION:
            mask_rel = f"{side}/masks/{name}"
            mask = np.where(labelled, labels, IGNORE).astype(np.uint8)[None]
            _write_tif(work / mask_rel, mask, gdal.GDT_Byte, gt, grid.wkt, nodata=IGNORE, colours=colours,
                       names=names)
        if side == "train":
            ok = valid if valid is not None else np.ones((t, t), bool)
            values = data[:, ok].astype(np.float64)
            sums += values.sum(axis=1)
            squares += (values ** 2).sum(axis=1)
            valid_pixels += int(ok.sum())
        counts[side] += hist
        written[side] += 1
        rows.append([side, image_rel, mask_rel, label_index, names[label_index] if label_index != "" else "",
                     ty, tx, repr(gt[0]), repr(gt[3]), *[int(v) for v in hist]])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["split", "image", "mask", "label_index", "label", "tile_row", "tile_col", "x_min", "y_max",
                     *[f"n_{c.index}" for c in classes]])
    writer.writerows(rows)
    mean = (sums / valid_pixels) if valid_pixels else np.zeros(len(bands))
    std = np.sqrt(np.maximum(squares / valid_pixels - mean ** 2, 0.0)) if valid_pixels else np.ones(len(bands))
    return {"counts": {s: {names[i]: int(v) for i, v in enumerate(c)} for s, c in counts.items()},
            "tiles": written, "csv": buffer.getvalue(), "dtype": dtype.name, "bands": bands,
            "interpretations": [gdal.GetColorInterpretationName(i) for i in interpretations],
            "mean": [float(v) for v in mean], "std": [float(v) for v in std]}


def _check_splits(counts: dict[str, dict[str, int]], names: list[str], block_m: float) -> None:
    for side, label in (("val", tr("validation")), ("train", tr("training"))):
        missing = [n for n in names if counts[side].get(n, 0) == 0]
        if missing:
            raise GeomorphError(tr(
                "The classes {names} have no samples in the {side} blocks. Draw polygons of them in more places, at "
                "least two areas more than {block:g} m apart, or choose a smaller block size.").format(
                    names=", ".join(missing), side=label, block=block_m))


def _count_lines(counts, names, kind) -> list[str]:
    unit = tr("pixels") if kind == ModelKind.SEGMENTATION else tr("patches")
    return [tr("{name}: {train} training and {val} validation {unit}.").format(
        name=n, train=counts["train"][n], val=counts["val"][n], unit=unit) for n in names]


def _classes_json(classes: list[TrainingClass]) -> dict:
    return {"class_names": [c.name for c in classes],
            "class_colors": [hex_colour(c.colour) for c in classes],
            "ignore_index": IGNORE,
            "classes": [{"index": c.index, "name": c.name, "color": hex_colour(c.colour), "values": c.values}
                        for c in classes]}


def _manifest(request, kind, ds, grid, unit, t, classes, split, result, block_m, buffer_m) -> dict:
    srs = ds.GetSpatialRef()
    authority = f"{srs.GetAuthorityName(None)}:{srs.GetAuthorityCode(None)}" if srs.GetAuthorityCode(None) else ""
    dtype = result["dtype"]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "geomorph_version": plugin_version(),
        "model_type": kind.value,
        "tile_size": t,
        "resolution_m": grid.res * unit,
        "crs": {"authid": authority, "wkt": grid.wkt},
        "bands": {"count": len(result["bands"]), "dtype": dtype, "source_bands": result["bands"],
                  "color_interpretation": result["interpretations"]},
        "value_scale": 255 if dtype == "uint8" else None,
        "train_mean": result["mean"],
        "train_std": result["std"],
        "ignore_index": IGNORE,
        "class_names": [c.name for c in classes],
        "class_colors": [hex_colour(c.colour) for c in classes],
        "count_unit": "pixels" if kind == ModelKind.SEGMENTATION else "patches",
        "counts": result["counts"],
        "tiles": result["tiles"],
        "split": {"method": "spatial_blocks", "block_size_m": block_m, "block_tiles": split.block_tiles,
                  "buffer_m": buffer_m, "val_fraction_target": request.val_fraction, "seed": request.seed,
                  "train_tiles_dropped_in_buffer": len(split.dropped)},
        "labelling": {"min_labelled_fraction": MIN_LABELLED if kind == ModelKind.SEGMENTATION else None,
                      "patch_purity": PATCH_PURITY if kind == ModelKind.PATCH else None},
        "source": {"raster": str(request.raster), "polygons": str(request.polygons),
                   "class_field": request.class_field},
        "files": {"classes": "classes.json", "tiles": "tiles.csv",
                  "images": "{split}/images/r{row:04d}_c{col:04d}.tif",
                  "masks": "{split}/masks/r{row:04d}_c{col:04d}.tif" if kind == ModelKind.SEGMENTATION else None},
    }
