"""Zones on the common grid: classes of a land-cover raster, or polygons burnt into an id raster.

Used for the stable-terrain mask of the co-registration and for the budget segregation of
the DEM of difference. Class names come from the raster itself, as the land-cover output
writes them: GDAL category names, else the raster attribute table's name column.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import open_raster
from .grids import check_projected, grid_reader, read_int

NO_ZONE = -1


def class_names(ds) -> dict[int, str]:
    """{value: name} from the category names or the RAT of band 1; empty names are left out."""
    from osgeo import gdal

    # GDAL 3.6's GTiff driver loads the .aux.xml lazily and GetCategoryNames() does not trigger it:
    # asking for the metadata first does.
    ds.GetMetadata()
    band = ds.GetRasterBand(1)
    names: dict[int, str] = {}
    for value, name in enumerate(band.GetCategoryNames() or []):
        if name and name.strip():
            names[value] = name.strip()
    if names:
        return names
    rat = band.GetDefaultRAT()
    if rat is None or rat.GetRowCount() == 0:
        return {}
    name_col = value_col = min_col = -1
    for c in range(rat.GetColumnCount()):
        usage = rat.GetUsageOfCol(c)
        if usage == gdal.GFU_Name and name_col < 0:
            name_col = c
        elif usage in (gdal.GFU_MinMax,) and value_col < 0:
            value_col = c
        elif usage == gdal.GFU_Min and min_col < 0:
            min_col = c
    if name_col < 0:
        for c in range(rat.GetColumnCount()):
            if rat.GetTypeOfCol(c) == gdal.GFT_String:
                name_col = c
                break
    if name_col < 0:
        return {}
    value_col = value_col if value_col >= 0 else min_col
    for row in range(rat.GetRowCount()):
        name = rat.GetValueAsString(row, name_col).strip()
        value = rat.GetValueAsInt(row, value_col) if value_col >= 0 else row
        if name:
            names[value] = name
    return names


def require_class_names(ds, label: str) -> dict[int, str]:
    names = class_names(ds)
    if not names:
        raise GeomorphError(tr(
            "The class raster {label} has no class names (no GDAL category names and no raster attribute table with "
            "a name column), so its classes cannot be matched by name. Use a class raster written by Geomorph's "
            "Classify land cover, or add the names (e.g. a .aux.xml with category names, or a RAT) first.").format(
                label=label))
    return names


@dataclass
class Zones:
    """Integer zone ids per cell of the common grid (NO_ZONE outside every zone) and their names."""

    names: dict[int, str]
    reader: object
    nodata: int = NO_ZONE
    lookup: np.ndarray | None = None  # raster value -> zone id
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    def read(self, x: int, y: int, w: int, h: int) -> np.ndarray:
        values = read_int(self.reader, x, y, w, h, -1)
        if self.lookup is None:
            return values
        out = np.full(values.shape, NO_ZONE, np.int64)
        inside = (values >= 0) & (values < self.lookup.size)
        out[inside] = self.lookup[values[inside]]
        return out

    def close(self) -> None:
        self.reader = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def classes_on_grid(source: str, grid, label: str, keep: list[str] | None = None) -> Zones:
    """The classes of a class raster on ``grid`` (nearest neighbour); ``keep`` (names or values) selects some."""
    ds = open_raster(source)
    check_projected(ds, label)
    names = class_names(ds)
    band = ds.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    if keep:
        wanted: set[int] = set()
        by_name = {n.lower(): v for v, n in names.items()}
        for item in keep:
            item = item.strip()
            if not item:
                continue
            if item.lower() in by_name:
                wanted.add(by_name[item.lower()])
            elif item.lstrip("-").isdigit():
                wanted.add(int(item))
            else:
                raise GeomorphError(tr(
                    "The class {name} is not in the class raster {label}, whose classes are: {names}. Give class "
                    "names or values of that raster.").format(name=item, label=label,
                                                              names=", ".join(names.values()) or "-"))
        top = max(wanted | set(names) | {0}) + 1
        lookup = np.full(max(top, 256), NO_ZONE, np.int64)
        for v in wanted:
            if v >= 0 and (nodata is None or v != nodata):
                lookup[v] = 1
        return Zones({1: tr("stable terrain")}, grid_reader(ds, grid, "near"), lookup=lookup)
    if not names:
        # Unnamed classes are numbered: a budget per value is still useful.
        low, high = band.ComputeRasterMinMax(False)
        if high > 65535 or low < 0:
            raise GeomorphError(tr("The class raster {label} holds values outside 0-65535: it does not look like a "
                                   "class raster. Use integer class values.").format(label=label))
        names = {v: tr("class {value}").format(value=v) for v in range(int(low), int(high) + 1)
                 if nodata is None or v != nodata}
    return Zones(dict(names), grid_reader(ds, grid, "near"))


def polygons_on_grid(source: str, grid, name_field: str | None = None, label: str = "") -> Zones:
    """Polygons burnt into a temporary id raster on ``grid`` (feature i -> zone i), GDAL reprojecting them."""
    from osgeo import gdal, ogr

    # QGIS names one layer of a multi-layer file as "path|layername=name".
    path_part, _, layer_name = str(source).partition("|layername=")
    layer_name = layer_name.split("|")[0]
    vector = ogr.Open(path_part)
    layer = None if vector is None else (vector.GetLayerByName(layer_name) if layer_name else vector.GetLayer(0))
    if layer is None:
        raise GeomorphError(tr("GDAL cannot open the polygon layer {source}: {error}").format(
            source=source, error=gdal.GetLastErrorMsg() or "unknown error"))
    names: dict[int, str] = {}
    field_index = layer.GetLayerDefn().GetFieldIndex(name_field) if name_field else -1
    tmp = tempfile.TemporaryDirectory(prefix="geomorph-zones-")
    path = Path(tmp.name) / "zones.tif"
    try:
        # A copy with a zone id per feature: burning the attribute needs an integer field.
        mem = ogr.GetDriverByName("Memory").CreateDataSource("zones")
        out = mem.CreateLayer("zones", layer.GetSpatialRef(), ogr.wkbUnknown)
        out.CreateField(ogr.FieldDefn("zone", ogr.OFTInteger))
        layer.ResetReading()
        for i, feature in enumerate(layer):
            geometry = feature.GetGeometryRef()
            if geometry is None:
                continue
            f = ogr.Feature(out.GetLayerDefn())
            f.SetGeometry(geometry.Clone())
            f.SetField("zone", i)
            out.CreateFeature(f)
            name = feature.GetFieldAsString(field_index) if field_index >= 0 else ""
            names[i] = name or tr("polygon {n}").format(n=feature.GetFID())
        if not names:
            raise GeomorphError(tr("The polygon layer {label} has no polygons. Draw the zones first.").format(
                label=label or source))
        ds = gdal.GetDriverByName("GTiff").Create(str(path), grid.width, grid.height, 1, gdal.GDT_Int32,
                                                  ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "SPARSE_OK=TRUE",
                                                   "BIGTIFF=IF_SAFER"])
        ds.SetGeoTransform(grid.geotransform())
        ds.SetProjection(grid.wkt)
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(NO_ZONE)
        band.Fill(NO_ZONE)
        if gdal.RasterizeLayer(ds, [1], out, options=["ATTRIBUTE=zone"]) != 0:
            raise GeomorphError(tr("GDAL could not rasterize the polygons {label}: {error}").format(
                label=label or source, error=gdal.GetLastErrorMsg()))
        ds = None
        zones = Zones(names, None, _tmp=tmp)
        zones.reader = grid_reader(open_raster(str(path)), grid, "near")
        return zones
    except BaseException:
        tmp.cleanup()
        raise
