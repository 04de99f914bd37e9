"""geomorph:classifylandcover: run an ONNX land-cover model over a raster, write a styled class COG."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterBand,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
)

from ..errors import ModelFileError
from ..i18n import tr
from .base import GeomorphAlgorithm

# Post-processors must outlive the algorithm instance (QGIS only keeps a C++ pointer to them),
# and the last one per output path is all that can still run.
_POST_PROCESSORS: dict[str, QgsProcessingLayerPostProcessorInterface] = {}

DEVICE_KEYS = ("auto", "gpu", "cpu")


class PalettedStyle(QgsProcessingLayerPostProcessorInterface):
    """Styles the loaded class raster: paletted, the model's colours, class names in the legend."""

    def __init__(self, class_names: list[str], class_colors: list[tuple[int, int, int]]):
        super().__init__()
        self.class_names = list(class_names)
        self.class_colors = list(class_colors)

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        if isinstance(layer, QgsRasterLayer):
            from ..landcover.output import apply_paletted_style

            apply_paletted_style(layer, self.class_names, self.class_colors)


def installed_models_help() -> str:
    """The models trainlandcover installed, by name (the MODEL parameter takes a name as well as a path)."""
    try:
        from ..landcover.installed_models import installed_models

        names = ", ".join(installed_models())
    except Exception:  # noqa: BLE001 - no profile folder yet: nothing installed
        names = ""
    return tr("A model file, an https URL, or the name of a model installed by \"Train a land-cover model on the "
              "cluster\". Installed: {names}.").format(names=names or tr("none"))


class ClassifyLandCover(GeomorphAlgorithm):
    ALG_ID = "classifylandcover"
    GROUP_ID = "landcover"
    REQUIRED_MODULES = ("onnxruntime", "numpy")

    INPUT = "INPUT"
    EXTENT = "EXTENT"
    MODEL = "MODEL"
    DEVICE = "DEVICE"
    BATCH_SIZE = "BATCH_SIZE"
    OVERLAP = "OVERLAP"
    BANDS = "BANDS"
    OUTPUT = "OUTPUT"
    OUTPUT_PROBABILITIES = "OUTPUT_PROBABILITIES"
    OUTPUT_REPORT = "OUTPUT_REPORT"

    def __init__(self):
        super().__init__()
        self._source = ""
        self._extent = None

    def display_name(self) -> str:
        return tr("Classify land cover (ONNX model)")

    def tags(self):
        return tr("land cover,classification,onnx,cnn,segmentation,eurosat,deep learning,gpu").split(",")

    def help_text(self) -> str:
        return tr(
            "<p>Runs a convolutional neural network exported to ONNX over a raster and writes a class raster "
            "(a Cloud Optimized GeoTIFF with a colour table, class names and a raster attribute table) that loads "
            "as a paletted layer with the model's colours and legend.</p>"
            "<p><b>Models.</b> Three kinds are supported: <i>patch classifiers</i> (EuroSAT-style VGG/ResNet on "
            "64x64 patches: one output cell per patch), <i>multi-label classifiers</i> (BigEarthNet-style: the "
            "dominant class plus one presence band per class) and <i>segmentation</i> nets (U-Net, DeepGlobe-style: "
            "one class per pixel). Leave <i>ONNX model</i> empty for the bundled EuroSAT RGB model (10 m Sentinel-2 "
            "classes), or give an .onnx file or an https URL (downloaded once into the QGIS profile; add "
            "#sha256=&lt;hex&gt; to have it verified).</p>"
            "<p><b>Scale.</b> A model sees the ground at its own resolution: the bundled model looks at 640 m "
            "patches, so it cannot map a 90 m drone survey. An extent smaller than one patch (or tile) of the model "
            "is refused, and fewer than about 10 output cells earn a warning. For drone orthomosaics, train a model "
            "from polygons drawn on the orthomosaic (see docs/landcover.md).</p>"
            "<p><b>The model contract.</b> The model's ONNX metadata says its type, class names and colours, input "
            "bands, value scaling (e.g. /255 or /10000), mean and std, ground resolution in metres and patch size "
            "(see docs/model-contract.md). Deepness models are read as they are. The input is resampled to the "
            "model's resolution over the extent (a 2 cm drone mosaic is averaged to 10 m for a EuroSAT model, in "
            "bounded memory); the output is in the input's CRS, which must be projected (reproject a lat/lon raster "
            "to UTM first). Input nodata stays nodata. 16-bit imagery works with the model's value_scale; values "
            "far above it earn a warning.</p>"
            "<p><b>Device.</b> Auto uses the GPU when onnxruntime-gpu sees one, else the CPU; GPU fails with an "
            "explanation when no GPU can be used; the log always says which execution provider ran and why. "
            "<i>Batch size</i> tiles go through the network at once (larger is faster on a GPU, uses more "
            "memory).</p>"
            "<p><b>Tile overlap</b> (segmentation only, percent of the tile): neighbouring tiles overlap and their "
            "class probabilities are blended with weights that fade towards tile edges, so no seams show. Empty uses "
            "the model's tiles_overlap or 15%.</p>"
            "<p><b>Outputs.</b> <i>Land cover classes</i>: the class raster. <i>Class probabilities and "
            "confidence</i> (optional): one float band per class plus a confidence band (the highest probability). "
            "<i>Area per class report</i> (optional): area per class in hectares, as HTML or CSV depending on the "
            "file name. No output may be the input raster or another output. Outputs are written under temporary "
            "names and replace an existing file only when the run succeeds. Memory stays bounded on any extent: "
            "results are streamed to disk row by row.</p>") + tr(
            "<p><b>Batch size</b> is an upper bound: when its batches would not fit in about 900 MB (the network's "
            "working memory grows with the batch), the run uses the largest batch that fits and says so in the log. "
            "<b>Deepness settings.</b> A segmentation model that carries Deepness's seg_thresh gives class 0 to "
            "pixels whose most likely class is less probable than that; one with seg_small_segment removes small "
            "clusters of a class with a median over a window of that many pixels, as Deepness does.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Input raster")))
        self.addParameter(QgsProcessingParameterExtent(
            self.EXTENT, tr("Extent (empty: the whole layer)"), optional=True))
        model = QgsProcessingParameterFile(
            self.MODEL, tr("ONNX model: file, https URL or installed model name (empty: bundled EuroSAT RGB model)"),
            behavior=QgsProcessingParameterFile.File, optional=True,
            # "All files (*)" lets a URL with a #sha256= fragment and a bare model name pass QGIS's check.
            fileFilter=tr("ONNX models (*.onnx);;All files (*)"))
        model.setHelp(installed_models_help())
        self.addParameter(model)
        self.addParameter(QgsProcessingParameterEnum(
            self.DEVICE, tr("Device"),
            options=[tr("Auto (GPU when onnxruntime-gpu sees one, else CPU)"), tr("GPU (fail when none)"), tr("CPU")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.BATCH_SIZE, tr("Batch size (tiles per inference call)"), QgsProcessingParameterNumber.Integer,
            defaultValue=4, minValue=1, maxValue=1024))
        self.addParameter(QgsProcessingParameterNumber(
            self.OVERLAP, tr("Tile overlap for segmentation, % (empty: the model's, or 15)"),
            QgsProcessingParameterNumber.Double, defaultValue=None, optional=True, minValue=0, maxValue=50))
        bands = QgsProcessingParameterBand(
            self.BANDS, tr("Bands feeding the model, in its order (empty: the first ones)"), None, self.INPUT,
            optional=True, allowMultiple=True)
        bands.setFlags(bands.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(bands)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Land cover classes")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_PROBABILITIES, tr("Class probabilities and confidence"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Area per class report"), tr("HTML files (*.html);;CSV files (*.csv)"),
            optional=True, createByDefault=False))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        # Runs on the main thread: the only place where the layer and project may be touched.
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(tr("The input raster could not be loaded: choose a raster layer or file."))
        if layer.providerType() != "gdal":
            raise QgsProcessingException(tr(
                "The input layer comes from the {provider} provider; Geomorph reads rasters through GDAL. Save it as "
                "a GeoTIFF first (Export > Save As...).").format(provider=layer.providerType()))
        self._source = layer.source()
        self._extent = None
        if parameters.get(self.EXTENT) not in (None, ""):
            rect = self.parameterAsExtent(parameters, self.EXTENT, context, layer.crs())
            if not rect.isNull() and not rect.isEmpty():
                self._extent = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
        return True

    def process(self, parameters, context, feedback) -> dict:
        from ..landcover import contract as contract_mod
        from ..landcover import inference, model_source, runtime

        spec = self.parameterAsString(parameters, self.MODEL, context)
        model_path = model_source.resolve_model(spec, feedback)
        device = DEVICE_KEYS[self.parameterAsEnum(parameters, self.DEVICE, context)]
        try:
            rt = runtime.create_runtime(model_path, device)
        except ModelFileError as exc:
            # A cached download that does not load is removed, so that the next run fetches it again.
            if model_source.forget(model_path):
                raise ModelFileError(str(exc) + " " + tr(
                    "The cached copy was removed: run again to download it afresh.")) from exc
            raise
        feedback.pushInfo(tr("onnxruntime execution provider: {provider} ({reason}).").format(
            provider=rt.provider, reason=rt.reason))
        model = contract_mod.contract_from_session(rt.session)
        feedback.pushInfo(tr("Model {name}: {type}, {k} classes ({names}), {c} input bands, {p} px patches at "
                             "{res:g} m.").format(name=model_path.name, type=model.model_type, k=model.num_classes,
                                                  names=", ".join(model.class_names), c=model.channels,
                                                  p=model.patch_size, res=model.resolution_m))
        for warning in model.warnings:
            feedback.pushInfo(warning)

        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        probabilities = self.parameterAsOutputLayer(parameters, self.OUTPUT_PROBABILITIES, context) \
            if parameters.get(self.OUTPUT_PROBABILITIES) else ""
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) \
            if parameters.get(self.OUTPUT_REPORT) else ""
        overlap = parameters.get(self.OVERLAP)
        overlap_pct = None if overlap in (None, "") else self.parameterAsDouble(parameters, self.OVERLAP, context)
        bands = self.parameterAsInts(parameters, self.BANDS, context) if parameters.get(self.BANDS) else None

        request = inference.Request(
            source=self._source, output=Path(output), bands=bands or None, extent=self._extent,
            batch_size=self.parameterAsInt(parameters, self.BATCH_SIZE, context), overlap_percent=overlap_pct,
            probabilities=Path(probabilities) if probabilities else None, report=Path(report) if report else None)
        result = inference.classify(request, model, rt, feedback)
        if result.seconds > 0:
            feedback.pushInfo(tr("Classified {mpx:.1f} Mpx at model resolution in {s:.1f} s ({rate:.2f} Mpx/s) on "
                                 "{provider}.").format(mpx=result.pixels / 1e6, s=result.seconds,
                                                       rate=result.pixels / 1e6 / result.seconds,
                                                       provider=rt.provider))

        if context.willLoadLayerOnCompletion(output):
            details = context.layerToLoadOnCompletionDetails(output)
        else:
            details = None
        if details is not None:
            details.name = tr("Land cover ({model})").format(model=model_path.stem)
            style = PalettedStyle(model.class_names, model.class_colors)
            _POST_PROCESSORS[output] = style
            details.setPostProcessor(style)
        return {self.OUTPUT: output, self.OUTPUT_PROBABILITIES: probabilities or None,
                self.OUTPUT_REPORT: report or None}
