"""geomorph:exporttrainingdata: a raster and labelled polygons -> a self-describing training set."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from ..i18n import tr
from . import change_common as common
from .base import GeomorphAlgorithm

KINDS = ("segmentation", "patch_classifier")


def renderer_styles(layer, class_field: str) -> list | None:
    """The categories of the layer's categorized style on ``class_field``: value, legend label, colour."""
    from ..training.classes import StyledValue

    if layer is None:
        return None
    renderer = _categorized(layer, class_field)
    if renderer is None:
        # Given as a file path, Processing loads the layer without the style saved with it (a
        # GeoPackage's layer_styles, a .qml beside it); read that style into a copy, never into a
        # layer of the user's project.
        copy = layer.clone()
        _message, loaded = copy.loadDefaultStyle()
        renderer = _categorized(copy, class_field) if loaded else None
    if renderer is None:
        return None
    styles = []
    for category in renderer.categories():
        value = category.value()
        if value is None or (hasattr(value, "isNull") and value.isNull()) or str(value) == "" \
                or category.symbol() is None:
            continue  # the "all other values" category names no class
        colour = category.symbol().color()
        styles.append(StyledValue(str(value), category.label(), (colour.red(), colour.green(), colour.blue())))
    return styles or None


def _categorized(layer, class_field: str):
    renderer = layer.renderer()
    if renderer is None or renderer.type() != "categorizedSymbol":
        return None
    if renderer.classAttribute().strip('"').casefold() != class_field.casefold():
        return None
    return renderer


class ExportTrainingDataAlgorithm(GeomorphAlgorithm):
    ALG_ID = "exporttrainingdata"
    GROUP_ID = "landcover"
    REQUIRED_MODULES = ("numpy",)

    INPUT = "INPUT"
    POLYGONS = "POLYGONS"
    CLASS_FIELD = "CLASS_FIELD"
    GSD = "GSD"
    TILE_SIZE = "TILE_SIZE"
    MODEL_KIND = "MODEL_KIND"
    BLOCK_SIZE = "BLOCK_SIZE"
    BUFFER = "BUFFER"
    VALIDATION_FRACTION = "VALIDATION_FRACTION"
    SEED = "SEED"
    OUTPUT = "OUTPUT"
    MANIFEST = "MANIFEST"
    TRAIN_TILES = "TRAIN_TILES"
    VALIDATION_TILES = "VALIDATION_TILES"

    def display_name(self) -> str:
        return tr("Export training data (tiles and masks from labelled polygons)")

    def tags(self):
        return tr("training,dataset,labels,tiles,masks,segmentation,patches,deep learning,validation").split(",")

    def help_text(self) -> str:
        return tr(
            "<p>Cuts a training set for a land-cover model out of a raster (your orthomosaic) and the polygons you "
            "drew on it, one class per polygon in the <i>Class field</i>.</p>"
            "<p><b>Model kind.</b> <i>Segmentation</i> writes image tiles and masks of the same size (mask value = "
            "class number, 255 = unlabelled, so draw only what you are sure of). <i>Patches</i> writes image "
            "patches for a patch classifier, each labelled with the class covering at least 90% of it.</p>"
            "<p><b>Ground sampling distance</b>: the pixel size of the tiles in metres; empty keeps the raster's "
            "own, otherwise the raster is resampled by GDAL. Use the resolution you will classify at.</p>"
            "<p><b>Spatial split.</b> Tiles are grouped in square blocks (<i>Block size</i>, default 4 tiles); "
            "whole blocks go to validation until it holds the <i>Validation fraction</i> of the labels, with at "
            "least one block per class. Training tiles closer to a validation tile than the <i>Buffer</i> (default "
            "one tile) are left out, so neighbouring pixels never sit on both sides. Draw each class in several "
            "places, farther apart than a block.</p>"
            "<p><b>Output</b>: a new or empty folder (an existing dataset is never overwritten) with "
            "train/ and val/ tiles as GeoTIFF, classes.json (names and colours from the layer's categorized style "
            "when it has one), manifest.json (CRS, ground sampling distance, tile size, counts per class and split) "
            "and tiles.csv. docs/training.md describes the format.</p>"
            "<p>Polygons in another CRS are reprojected; polygons outside the raster are left out and counted in "
            "the log.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Raster (orthomosaic)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.POLYGONS, tr("Labelled polygons"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.CLASS_FIELD, tr("Class field"), parentLayerParameterName=self.POLYGONS))
        self.addParameter(QgsProcessingParameterNumber(
            self.GSD, tr("Ground sampling distance, m/pixel (empty: the raster's own)"),
            QgsProcessingParameterNumber.Double, defaultValue=None, optional=True, minValue=0.0001))
        self.addParameter(QgsProcessingParameterNumber(
            self.TILE_SIZE, tr("Tile size (pixels)"), QgsProcessingParameterNumber.Integer, defaultValue=256,
            minValue=8, maxValue=4096))
        self.addParameter(QgsProcessingParameterEnum(
            self.MODEL_KIND, tr("Model kind"),
            options=[tr("Segmentation (tiles and masks)"), tr("Patches (one class per patch)")], defaultValue=0))
        advanced = [
            QgsProcessingParameterNumber(self.BLOCK_SIZE, tr("Block size of the spatial split, m (empty: 4 tiles)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=None, optional=True,
                                         minValue=0.0),
            QgsProcessingParameterNumber(self.BUFFER, tr("Buffer between training and validation, m (empty: one "
                                                         "tile)"), QgsProcessingParameterNumber.Double,
                                         defaultValue=None, optional=True, minValue=0.0),
            QgsProcessingParameterNumber(self.VALIDATION_FRACTION, tr("Validation fraction"),
                                         QgsProcessingParameterNumber.Double, defaultValue=0.2, minValue=0.01,
                                         maxValue=0.9),
            QgsProcessingParameterNumber(self.SEED, tr("Random seed of the split"),
                                         QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0),
        ]
        for parameter in advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(parameter)
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Dataset folder")))
        self.addOutput(QgsProcessingOutputFile(self.MANIFEST, tr("Dataset manifest")))
        self.addOutput(QgsProcessingOutputNumber(self.TRAIN_TILES, tr("Training tiles")))
        self.addOutput(QgsProcessingOutputNumber(self.VALIDATION_TILES, tr("Validation tiles")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        # The layer's style can only be read here, on the main thread.
        field = self.parameterAsString(parameters, self.CLASS_FIELD, context)
        try:
            layer = self.parameterAsVectorLayer(parameters, self.POLYGONS, context)
        except Exception:  # noqa: BLE001 - a modeler child's output is not a layer yet: no style then
            layer = None
        self._styles = renderer_styles(layer, field)
        return True

    def process(self, parameters, context, feedback) -> dict:
        from ..training.export import ExportRequest, ModelKind, export_training_data

        output = self.parameterAsString(parameters, self.OUTPUT, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context) or output

        def optional_double(name):
            return None if parameters.get(name) in (None, "") else self.parameterAsDouble(parameters, name, context)

        request = ExportRequest(
            raster=common.raster_source(self, parameters, self.INPUT, context),
            polygons=common.polygon_source(self, parameters, self.POLYGONS, context, feedback),
            class_field=self.parameterAsString(parameters, self.CLASS_FIELD, context),
            output=Path(output),
            tile_size=self.parameterAsInt(parameters, self.TILE_SIZE, context),
            kind=ModelKind(KINDS[self.parameterAsEnum(parameters, self.MODEL_KIND, context)]),
            gsd=optional_double(self.GSD),
            block_size_m=optional_double(self.BLOCK_SIZE),
            buffer_m=optional_double(self.BUFFER),
            val_fraction=self.parameterAsDouble(parameters, self.VALIDATION_FRACTION, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            styles=getattr(self, "_styles", None))
        if request.styles:
            feedback.pushInfo(tr("Class names and colours are taken from the layer's categorized style."))
        result = export_training_data(request, feedback)
        return {self.OUTPUT: str(result.output), self.MANIFEST: str(result.output / "manifest.json"),
                self.TRAIN_TILES: result.tiles["train"], self.VALIDATION_TILES: result.tiles["val"]}
