"""OGR helpers shared by the rooms that read the user's polygons or points (training labels,
accuracy reference): opening ``path|layername=x`` as QGIS names it, the class field, and the
features reprojected to a raster's CRS."""

from __future__ import annotations

from dataclasses import dataclass, field

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
