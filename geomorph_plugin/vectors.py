"""OGR helpers shared by the rooms that read the user's polygons or points (training labels,
accuracy reference): opening ``path|layername=x`` as QGIS names it, the class field, and the
features reprojected to a raster's CRS."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import GeomorphError
from .i18n import tr


def open_layer(source: str):
    """(data source, layer) of ``source``; the data source must be kept alive while the layer is used."""
    from osgeo import gdal, ogr

    path_part, _, rest = str(source).partition("|")
    layer_name = ""
    for option in rest.split("|"):
        if option.startswith("layername="):
            layer_name = option[len("layername="):]
    vector = ogr.Open(path_part)
    layer = None if vector is None else (vector.GetLayerByName(layer_name) if layer_name else vector.GetLayer(0))
    if layer is None:
        raise GeomorphError(tr("GDAL cannot open the vector layer {source}: {error}").format(
            source=source, error=gdal.GetLastErrorMsg() or "unknown error"))
    return vector, layer


def field_index(layer, name: str, label: str) -> int:
    index = layer.GetLayerDefn().GetFieldIndex(name) if name else -1
    if index < 0:
        defn = layer.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        raise GeomorphError(tr("The layer {label} has no field {field}. Choose its class field among: {names}.").format(
            label=label, field=name or "-", names=", ".join(names) or "-"))
    return index


@dataclass
class LabelledFeatures:
    """Geometries in the target CRS with their class value as text; what was skipped and why."""

    items: list = field(default_factory=list)  # (ogr.Geometry, value text)
    without_class: int = 0
    without_geometry: int = 0
    reprojected_from: str | None = None


def features_in_crs(source: str, class_field: str, target_wkt: str, label: str) -> LabelledFeatures:
    """Every feature of ``source`` with its ``class_field`` value, its geometry moved to ``target_wkt``."""
    from osgeo import ogr, osr

    vector, layer = open_layer(source)
    index = field_index(layer, class_field, label)
    target = osr.SpatialReference(wkt=target_wkt)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    src = layer.GetSpatialRef()
    transform = None
    out = LabelledFeatures()
    if src is not None and not src.IsSame(target):
        src = src.Clone()
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(src, target)
        out.reprojected_from = src.GetName()
    layer.ResetReading()
    for feature in layer:
        geometry = feature.GetGeometryRef()
        if geometry is None or geometry.IsEmpty():
            out.without_geometry += 1
            continue
        if not feature.IsFieldSetAndNotNull(index) or not feature.GetFieldAsString(index).strip():
            out.without_class += 1
            continue
        geometry = geometry.Clone()
        if transform is not None and geometry.Transform(transform) != ogr.OGRERR_NONE:
            raise GeomorphError(tr("A feature of {label} could not be reprojected to the raster's CRS. Check the "
                                   "layer's CRS (Layer Properties > Source).").format(label=label))
        out.items.append((geometry, feature.GetFieldAsString(index).strip()))
    del vector  # the layer belongs to it: keep it open until here
    return out


def sorted_values(values) -> list[str]:
    """Class values in a stable order: numerically when all are numbers, else alphabetically."""
    values = list(dict.fromkeys(values))
    try:
        return sorted(values, key=float)
    except ValueError:
        return sorted(values, key=str.casefold)


def on_raster(items: list, bounds: tuple[float, float, float, float]) -> tuple[list, int]:
    """The (geometry, value) items whose envelope meets ``bounds`` (x0, y0, x1, y1), and how many do not."""
    x0, y0, x1, y1 = bounds
    kept = []
    for geometry, value in items:
        ex0, ex1, ey0, ey1 = geometry.GetEnvelope()
        if not (ex1 <= x0 or ex0 >= x1 or ey1 <= y0 or ey0 >= y1):
            kept.append((geometry, value))
    return kept, len(items) - len(kept)


def burn_classes(path, grid, items: list, burn: dict[str, int], gdal_type: int, label: str) -> None:
    """A GeoTIFF on ``grid`` (a ``rasters.Grid``) with ``burn[value]`` where each item's geometry covers a cell
    centre and 0 elsewhere; later items win where they overlap."""
    from osgeo import gdal, ogr, osr

    mem = ogr.GetDriverByName("Memory").CreateDataSource("burn")
    layer = mem.CreateLayer("burn", osr.SpatialReference(wkt=grid.wkt), ogr.wkbUnknown)
    layer.CreateField(ogr.FieldDefn("burn", ogr.OFTInteger))
    for geometry, value in items:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(geometry)
        feature.SetField("burn", burn[value])
        layer.CreateFeature(feature)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), grid.width, grid.height, 1, gdal_type,
                                              ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "SPARSE_OK=TRUE",
                                               "BIGTIFF=IF_SAFER"])
    if ds is None:
        raise GeomorphError(tr("Cannot create a temporary file in {path}: {error}").format(
            path=Path(path).parent, error=gdal.GetLastErrorMsg()))
    ds.SetGeoTransform(grid.geotransform())
    ds.SetProjection(grid.wkt)
    if gdal.RasterizeLayer(ds, [1], layer, options=["ATTRIBUTE=burn"]) != 0:
        raise GeomorphError(tr("GDAL could not rasterize the polygons {label}: {error}").format(
            label=label, error=gdal.GetLastErrorMsg()))
    ds = None
