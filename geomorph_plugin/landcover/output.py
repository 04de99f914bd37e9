"""Outputs: the class raster streamed to a tiled GeoTIFF, then a COG with colours and class names;
the optional probabilities raster; the area-per-class report; the paletted QGIS style."""

from __future__ import annotations

import csv
import html
from pathlib import Path

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import check_tiff as _check_tiff
from ..rasters import remove_with_sidecar as _remove
from ..rasters import to_cog
from . import small_segments
from .contract import MULTILABEL, SEGMENTATION, ModelContract
from .staging import Staged

PROBABILITY_NODATA = -1.0
# Column stripes write each block in up to two visits; 256 px blocks keep what the GDAL
# cache holds between visits small. The class raster's temporary file is uncompressed: the
# COG driver then reads it without inflating and compresses once (0.3 + 2.0 s -> 0.1 + 1.1 s
# for 8k x 8k classes), and a block revisited across a stripe boundary is rewritten in place.
_TEMP_OPTIONS = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER", "SPARSE_OK=TRUE"]
_TEMP_COMPRESSED = [*_TEMP_OPTIONS, "COMPRESS=DEFLATE", "ZLEVEL=1"]


def presence_path(path: Path) -> Path:
    """Where a multi-label run writes its presence bands: beside the class raster."""
    return path.with_name(path.stem + "_presence.tif")


def color_table(contract: ModelContract):
    from osgeo import gdal

    table = gdal.ColorTable()
    for i, (r, g, b) in enumerate(contract.class_colors):
        table.SetColorEntry(i, (r, g, b, 255))
    if contract.nodata_class < 65536:
        table.SetColorEntry(contract.nodata_class, (0, 0, 0, 0))
    return table


def attribute_table(contract: ModelContract):
    from osgeo import gdal

    rat = gdal.RasterAttributeTable()
    rat.CreateColumn("Value", gdal.GFT_Integer, gdal.GFU_MinMax)
    rat.CreateColumn("Class", gdal.GFT_String, gdal.GFU_Name)
    for name, usage in (("Red", gdal.GFU_Red), ("Green", gdal.GFU_Green), ("Blue", gdal.GFU_Blue)):
        rat.CreateColumn(name, gdal.GFT_Integer, usage)
    for i, (name, (r, g, b)) in enumerate(zip(contract.class_names, contract.class_colors)):
        rat.SetValueAsInt(i, 0, i)
        rat.SetValueAsString(i, 1, name)
        rat.SetValueAsInt(i, 2, r)
        rat.SetValueAsInt(i, 3, g)
        rat.SetValueAsInt(i, 4, b)
    return rat


class ClassRasterWriter:
    """Receives finished rows from the pipeline; ``finish`` turns the temporary tiffs into COGs under
    temporary names, ``commit`` moves them over the targets; ``discard`` removes only what this
    writer created, so a failed run leaves an existing file as it was."""

    def __init__(self, path: Path, probabilities: Path | None, width: int, height: int, geotransform, wkt: str,
                 contract: ModelContract):
        from osgeo import gdal

        self.path = Path(path)
        self.probabilities = Path(probabilities) if probabilities else None
        _check_tiff(self.path)
        if self.probabilities:
            _check_tiff(self.probabilities)
        self.contract = contract
        self.width, self.height = width, height
        self.nodata = contract.nodata_class
        self.dtype = np.uint8 if self.nodata < 256 and contract.num_classes <= 255 else np.uint16
        self._bincount = np.zeros(max(contract.num_classes, 1), dtype=np.int64)
        self.multilabel = contract.model_type == MULTILABEL
        # Deepness's probability threshold: segmentation models only, as in Deepness.
        self.threshold = contract.seg_thresh if contract.model_type == SEGMENTATION else None
        driver = gdal.GetDriverByName("GTiff")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A TIFF with a colour table holds one band only, so presence bands get their own file.
        self.presence = presence_path(self.path) if self.multilabel else None
        self._staged = {key: Staged(path) for key, path in (("classes", self.path), ("presence", self.presence),
                                                              ("probabilities", self.probabilities)) if path}
        self._extra: list[Staged] = []
        self._ds = self._mds = self._pds = None
        gdal_type = gdal.GDT_Byte if self.dtype == np.uint8 else gdal.GDT_UInt16
        self._ds = driver.Create(str(self._staged["classes"].part), width, height, 1, gdal_type, _TEMP_OPTIONS)
        if self._ds is None:
            raise GeomorphError(tr("Cannot create the output {path}: {error}").format(
                path=self.path, error=gdal.GetLastErrorMsg()))
        self._setup(self._ds, geotransform, wkt, self.nodata)
        band = self._ds.GetRasterBand(1)
        band.SetDescription("class")
        band.SetColorTable(color_table(contract))
        band.SetColorInterpretation(gdal.GCI_PaletteIndex)
        if self.presence is not None:
            self._mds = driver.Create(str(self._staged["presence"].part), width, height, contract.num_classes,
                                      gdal_type, _TEMP_COMPRESSED)
            if self._mds is None:
                self.discard()
                raise GeomorphError(tr("Cannot create the output {path}: {error}").format(
                    path=self.presence, error=gdal.GetLastErrorMsg()))
            self._setup(self._mds, geotransform, wkt, self.nodata)
            for i, name in enumerate(contract.class_names):
                self._mds.GetRasterBand(1 + i).SetDescription(f"presence: {name}")
        if self.probabilities:
            self.probabilities.parent.mkdir(parents=True, exist_ok=True)
            self._pds = driver.Create(str(self._staged["probabilities"].part), width, height, contract.num_classes + 1,
                                      gdal.GDT_Float32, [*_TEMP_COMPRESSED, "PREDICTOR=3"])
            if self._pds is None:
                self.discard()
                raise GeomorphError(tr("Cannot create the output {path}: {error}").format(
                    path=self.probabilities, error=gdal.GetLastErrorMsg()))
            self._setup(self._pds, geotransform, wkt, PROBABILITY_NODATA)
            for i, name in enumerate(contract.class_names):
                self._pds.GetRasterBand(i + 1).SetDescription(f"probability: {name}")
            self._pds.GetRasterBand(contract.num_classes + 1).SetDescription("confidence")

    @staticmethod
    def _setup(ds, geotransform, wkt, nodata) -> None:
        ds.SetGeoTransform(tuple(geotransform))
        ds.SetProjection(wkt)
        for i in range(ds.RasterCount):
            ds.GetRasterBand(i + 1).SetNoDataValue(nodata)

    def write_rows(self, y: int, scores: np.ndarray, valid: np.ndarray, x: int = 0, multilabel_thresholds=None,
                   norm: np.ndarray | None = None) -> None:
        """Write a window at column ``x``, rows ``[y, y + h)``: class scores ``(K, h, w)``, validity ``(h, w)``.

        ``scores / norm`` are the probabilities; ``norm`` (h, w) is positive wherever ``valid``.
        The class is taken from the scores directly: dividing by a positive weight per pixel
        does not change which class is highest, so the division is done only for the outputs
        that store probabilities.
        """
        classes, best = argmax_classes(scores, self.dtype, with_best=True)
        if self.threshold is not None:
            np.copyto(classes, self.dtype(0), where=small_segments.below_threshold(best, self.threshold, norm))
        np.copyto(classes, self.dtype(self.nodata), where=~valid)
        k = len(self._bincount)
        if 0 <= self.nodata and k <= self.nodata:
            # nodata is past the class indices: counting every cell and dropping its bin is
            # cheaper than selecting the valid cells first.
            self._bincount += np.bincount(classes.ravel(), minlength=k)[:k]
        else:
            self._bincount += np.bincount(classes[valid], minlength=k)[:k]
        self._ds.GetRasterBand(1).WriteArray(classes, x, y)
        if multilabel_thresholds is None and self._pds is None:
            return
        probs = scores if norm is None else scores / np.where(norm > 0, norm, 1.0)
        if multilabel_thresholds is not None:
            thresholds = np.asarray(multilabel_thresholds, dtype=np.float32)[:, None, None]
            presence = (probs >= thresholds).astype(self.dtype)
            presence[:, ~valid] = self.nodata
            for i in range(presence.shape[0]):
                self._mds.GetRasterBand(1 + i).WriteArray(presence[i], x, y)
        if self._pds is not None:
            out = np.where(valid[None], probs, PROBABILITY_NODATA).astype(np.float32)
            for i in range(out.shape[0]):
                self._pds.GetRasterBand(i + 1).WriteArray(out[i], x, y)
            confidence = np.where(valid, probs.max(axis=0), PROBABILITY_NODATA).astype(np.float32)
            self._pds.GetRasterBand(out.shape[0] + 1).WriteArray(confidence, x, y)

    def filter_small_segments(self, small_segment: int) -> bool:
        """Deepness's small-segment filter over the whole class band (``small_segments``); False when it is a no-op."""
        side = small_segments.window(small_segment)
        if side <= 1 or self.contract.model_type != SEGMENTATION:
            return False
        self._bincount = small_segments.filter_band(self._ds.GetRasterBand(1), self.width, self.height,
                                                    len(self._bincount), self.nodata, side, self.dtype)
        return True

    @property
    def counts(self) -> dict[int, int]:
        return {i: int(n) for i, n in enumerate(self._bincount)}

    def _close(self) -> None:
        self._ds = None
        self._mds = None
        self._pds = None

    def finish(self) -> None:
        """Turn the temporary tiffs into finished COGs, still under temporary names."""
        from osgeo import gdal

        self._close()
        staged = self._staged
        try:
            classes = staged["classes"]
            to_cog(classes.part, classes.temp, ["OVERVIEW_RESAMPLING=NEAREST", "LEVEL=1"])
            ds = gdal.Open(str(classes.temp))
            band = ds.GetRasterBand(1)
            # The COG is read-only: GDAL keeps these in the .aux.xml sidecar, where GDAL, QGIS and
            # ArcGIS find them; the colour table itself is inside the tiff.
            names = [""] * (max(self.contract.num_classes, self.nodata + 1) if self.nodata < 256 else
                            self.contract.num_classes)
            names[:self.contract.num_classes] = self.contract.class_names
            band.SetCategoryNames(names)
            band.SetDefaultRAT(attribute_table(self.contract))
            ds.SetMetadataItem("GEOMORPH_CLASSES", ",".join(self.contract.class_names))
            ds = None
            if "presence" in staged:
                to_cog(staged["presence"].part, staged["presence"].temp, ["OVERVIEW_RESAMPLING=NEAREST"])
            if "probabilities" in staged:
                to_cog(staged["probabilities"].part, staged["probabilities"].temp,
                       ["PREDICTOR=YES", "OVERVIEW_RESAMPLING=AVERAGE"])
        except BaseException:
            self.discard()
            raise
        for item in staged.values():
            _remove(item.part)

    def stage_report(self, path: Path, cell_area_m2: float) -> None:
        """Write the area report under a temporary name, moved into place with the rasters."""
        item = Staged(path)
        self._extra.append(item)
        write_report(item.temp, self.counts, cell_area_m2, self.contract, suffix=Path(path).suffix)

    def commit(self) -> None:
        """Move every finished output over its target, once all of them are complete."""
        try:
            for item in [*self._staged.values(), *self._extra]:
                item.commit()
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove everything this writer created: no half-written output is left behind, and no file that
        existed before the run is touched."""
        self._close()
        for item in [*self._staged.values(), *self._extra]:
            item.discard()


def argmax_classes(scores: np.ndarray, dtype, with_best: bool = False):
    """``scores.argmax(axis=0)`` as ``dtype`` for (K, h, w) scores, first class winning ties; with
    ``with_best``, also the highest score (the probability tested against Deepness's threshold).

    numpy's argmax over the first axis of a C-ordered array works on a transposed copy; a
    running maximum over the K planes reads each plane once and is ~25% faster for a few
    classes (the writer's largest cost after the net).
    """
    k = scores.shape[0]
    if k > 16:
        classes = scores.argmax(axis=0).astype(dtype)
        return (classes, scores.max(axis=0)) if with_best else classes
    best = scores[0].copy()
    classes = np.zeros(best.shape, dtype)
    above = np.empty(best.shape, bool)
    for i in range(1, k):
        np.greater(scores[i], best, out=above)
        np.copyto(classes, dtype(i), where=above)
        np.maximum(best, scores[i], out=best)
    return (classes, best) if with_best else classes


# --- report ---------------------------------------------------------------------------------------


def area_rows(counts: dict[int, int], cell_area_m2: float, contract: ModelContract) -> list[dict]:
    total = sum(counts.values()) or 1
    rows = []
    for i, name in enumerate(contract.class_names):
        n = counts.get(i, 0)
        rows.append({"value": i, "class": name, "cells": n, "area_ha": n * cell_area_m2 / 10000.0,
                     "percent": 100.0 * n / total, "color": "#{:02x}{:02x}{:02x}".format(*contract.class_colors[i])})
    return rows


def write_report(path: Path, counts: dict[int, int], cell_area_m2: float, contract: ModelContract,
                 suffix: str | None = None) -> Path:
    """Area per class in hectares: CSV when the path (or ``suffix``) ends in .csv, HTML otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = area_rows(counts, cell_area_m2, contract)
    if (suffix if suffix is not None else path.suffix).lower() == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["value", "class", "cells", "area_ha", "percent"])
            for row in rows:
                writer.writerow([row["value"], row["class"], row["cells"], f"{row['area_ha']:.4f}",
                                 f"{row['percent']:.2f}"])
        return path
    total_ha = sum(r["area_ha"] for r in rows)
    lines = [
        "<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
        f"<title>{html.escape(tr('Land cover: area per class'))}</title>",
        "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}"
        "td.name{text-align:left}</style></head><body>",
        f"<h1>{html.escape(tr('Land cover: area per class'))}</h1>",
        "<table><tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>%</th></tr>".format(
            html.escape(tr("Class")), html.escape(tr("Cells")), html.escape(tr("Area (ha)"))),
    ]
    for row in rows:
        lines.append(
            f"<tr><td style=\"background:{row['color']};width:1em\"></td><td class=\"name\">{html.escape(row['class'])}"
            f"</td><td>{row['cells']}</td><td>{row['area_ha']:.4f}</td><td>{row['percent']:.2f}</td></tr>")
    lines.append(f"<tr><th></th><th class=\"name\">{html.escape(tr('Total'))}</th><th>{sum(counts.values())}</th>"
                 f"<th>{total_ha:.4f}</th><th>100.00</th></tr></table>")
    note = tr("Cell size: {area:g} m². Nodata cells are not counted.").format(area=cell_area_m2)
    lines.append(f"<p>{html.escape(note)}</p></body></html>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# --- QGIS style -----------------------------------------------------------------------------------


def paletted_classes(class_names: list[str], class_colors: list[tuple[int, int, int]]):
    from qgis.core import QgsPalettedRasterRenderer
    from qgis.PyQt.QtGui import QColor

    return [QgsPalettedRasterRenderer.Class(i, QColor(*color), name)
            for i, (name, color) in enumerate(zip(class_names, class_colors))]


def apply_paletted_style(layer, class_names: list[str], class_colors: list[tuple[int, int, int]]) -> None:
    """Paletted renderer on band 1 with the model's colours; the legend shows the class names."""
    from qgis.core import QgsPalettedRasterRenderer

    renderer = QgsPalettedRasterRenderer(layer.dataProvider(), 1, paletted_classes(class_names, class_colors))
    layer.setRenderer(renderer)
    layer.triggerRepaint()
