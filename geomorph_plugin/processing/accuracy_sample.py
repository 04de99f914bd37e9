"""geomorph:stratifiedsample: a stratified random sample of points from a class raster."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType

from ..i18n import tr
from . import change_common as common
from .base import GeomorphAlgorithm


class StratifiedSampleAlgorithm(GeomorphAlgorithm):
    ALG_ID = "stratifiedsample"
    GROUP_ID = "landcover"
    REQUIRED_MODULES = ("numpy",)

    INPUT = "INPUT"
    TARGET_SE = "TARGET_SE"
    EXPECTED_USERS = "EXPECTED_USERS"
    MIN_PER_CLASS = "MIN_PER_CLASS"
    SEED = "SEED"
    OUTPUT = "OUTPUT"
    SAMPLE_SIZE = "SAMPLE_SIZE"

    def display_name(self) -> str:
        return tr("Stratified random sample for accuracy assessment")

    def tags(self):
        return tr("accuracy,sample,stratified,Olofsson,validation,reference,points").split(",")

    def help_text(self) -> str:
        return tr(
            "<p>Draws random points from a class raster, stratified by its classes, for an accuracy assessment "
            "with area estimates (Olofsson et al. 2014, as the AcATaMa plugin does).</p>"
            "<p><b>Sample size</b>: n = (Σ W<sub>i</sub> S<sub>i</sub> / S(O))², where W<sub>i</sub> is the share "
            "of the map of class i, S<sub>i</sub> = √(U<sub>i</sub>(1 − U<sub>i</sub>)) with U<sub>i</sub> the "
            "<i>Expected user's accuracy</i>, and S(O) the <i>Target standard error of overall accuracy</i>. Each "
            "class gets at least the <i>Minimum points per class</i> (small classes would otherwise get a handful); "
            "the rest is shared in proportion to area.</p>"
            "<p><b>Output</b>: points at cell centres with the map class (<i>map_class</i>, <i>map_value</i>) and "
            "an empty <i>reference</i> field. Fill <i>reference</i> with the class you see on the imagery (use the "
            "map's class names), then run <i>Assess accuracy</i> with it. The raster needs class names (as "
            "<i>Classify land cover</i> writes them). Give a <i>Random seed</i> to draw the same points again.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Class raster")))
        self.addParameter(QgsProcessingParameterNumber(
            self.TARGET_SE, tr("Target standard error of overall accuracy"), QgsProcessingParameterNumber.Double,
            defaultValue=0.01, minValue=0.001, maxValue=0.5))
        self.addParameter(QgsProcessingParameterNumber(
            self.EXPECTED_USERS, tr("Expected user's accuracy"), QgsProcessingParameterNumber.Double,
            defaultValue=0.85, minValue=0.01, maxValue=0.99))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_PER_CLASS, tr("Minimum points per class"), QgsProcessingParameterNumber.Integer,
            defaultValue=50, minValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, tr("Random seed (empty: a new sample each run)"), QgsProcessingParameterNumber.Integer,
            defaultValue=None, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Sample points"), type=QgsProcessing.TypeVectorPoint))
        self.addOutput(QgsProcessingOutputNumber(self.SAMPLE_SIZE, tr("Number of points")))

    def process(self, parameters, context, feedback) -> dict:
        from ..accuracy.sampling import stratified_sample

        seed = None if parameters.get(self.SEED) in (None, "") else self.parameterAsInt(parameters, self.SEED, context)
        sample = stratified_sample(
            common.raster_source(self, parameters, self.INPUT, context),
            target_se=self.parameterAsDouble(parameters, self.TARGET_SE, context),
            expected_users=self.parameterAsDouble(parameters, self.EXPECTED_USERS, context),
            minimum=self.parameterAsInt(parameters, self.MIN_PER_CLASS, context), seed=seed, feedback=feedback)
        fields = QgsFields()
        fields.append(QgsField("id", QMetaType.Type.Int))
        fields.append(QgsField("map_value", QMetaType.Type.Int))
        fields.append(QgsField("map_class", QMetaType.Type.QString))
        fields.append(QgsField("reference", QMetaType.Type.QString))
        crs = QgsCoordinateReferenceSystem.fromWkt(sample.crs_wkt)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point, crs)
        for i, point in enumerate(sample.points):
            if i % 1000 == 0 and feedback.isCanceled():
                break
            feature = QgsFeature(fields)
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(point.x, point.y)))
            feature.setAttributes([i + 1, point.value, point.name, None])
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        return {self.OUTPUT: dest, self.SAMPLE_SIZE: len(sample.points)}
