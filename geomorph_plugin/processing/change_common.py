"""What the change-detection algorithms share: reading raster and polygon inputs as GDAL/OGR paths,
and styling their outputs when QGIS loads them."""

from __future__ import annotations

from qgis.core import QgsProcessingException, QgsProcessingLayerPostProcessorInterface, QgsRasterLayer

from ..i18n import tr

# Post-processors must outlive the algorithm instance (QGIS only keeps a C++ pointer to them).
POST_PROCESSORS: dict[str, QgsProcessingLayerPostProcessorInterface] = {}


def raster_source(alg, parameters, name: str, context, optional: bool = False) -> str | None:
    """The GDAL path of a raster parameter (a layer or a file, e.g. a modeler child's output)."""
    if optional and parameters.get(name) in (None, ""):
        return None
    layer = alg.parameterAsRasterLayer(parameters, name, context)
    if layer is None or not layer.isValid():
        if optional:
            return None
        raise QgsProcessingException(tr("The raster {name} could not be loaded: choose a raster layer or file.").format(
            name=alg.parameterDefinition(name).description()))
    if layer.providerType() != "gdal":
        raise QgsProcessingException(tr(
            "The layer {layer} comes from the {provider} provider; Geomorph reads rasters through GDAL. Save it as a "
            "GeoTIFF first (Export > Save As...).").format(layer=layer.name(), provider=layer.providerType()))
    return layer.source()


def polygon_source(alg, parameters, name: str, context, feedback) -> str | None:
    """A path OGR opens (``file|layername=x`` kept as is; zones.py splits it), exporting memory layers."""
    if parameters.get(name) in (None, ""):
        return None
    return alg.parameterAsCompatibleSourceLayerPath(parameters, name, context, ["gpkg", "shp"], "gpkg", feedback)


class NamedStyle(QgsProcessingLayerPostProcessorInterface):
    """Loads a .qml written beside the output (the DoD's diverging ramp)."""

    def __init__(self, qml: str):
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        if isinstance(layer, QgsRasterLayer):
            layer.loadNamedStyle(self.qml)
            layer.triggerRepaint()


def set_post_processor(context, output: str, name: str, processor) -> None:
    if not context.willLoadLayerOnCompletion(output):
        return
    details = context.layerToLoadOnCompletionDetails(output)
    details.name = name
    if processor is not None:
        POST_PROCESSORS[output] = processor
        details.setPostProcessor(processor)
