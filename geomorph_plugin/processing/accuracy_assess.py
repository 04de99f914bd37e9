"""geomorph:assessaccuracy: a class raster against reference polygons or points."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
)

from ..i18n import tr
from . import change_common as common
from .base import GeomorphAlgorithm


class AssessAccuracyAlgorithm(GeomorphAlgorithm):
    ALG_ID = "assessaccuracy"
    GROUP_ID = "landcover"
    REQUIRED_MODULES = ("numpy",)

    INPUT = "INPUT"
    REFERENCE = "REFERENCE"
    CLASS_FIELD = "CLASS_FIELD"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_CSV = "OUTPUT_CSV"
    OUTPUT_MATRIX = "OUTPUT_MATRIX"
    OVERALL_ACCURACY = "OVERALL_ACCURACY"
    KAPPA = "KAPPA"
    ADJUSTED_OVERALL_ACCURACY = "ADJUSTED_OVERALL_ACCURACY"

    def display_name(self) -> str:
        return tr("Assess accuracy (confusion matrix, area-adjusted estimates)")

    def tags(self):
        return tr("accuracy,confusion matrix,kappa,F1,IoU,user's accuracy,producer's accuracy,Olofsson,area,"
                  "validation").split(",")

    def help_text(self) -> str:
        return tr(
            "<p>Compares a class raster (for example the output of <i>Classify land cover</i>) with reference "
            "polygons or points whose <i>Class field</i> holds the true class.</p>"
            "<p><b>Classes are matched by name</b>: the reference values against the raster's class names "
            "(category names or attribute table), ignoring case; a value that is a class number of the raster "
            "counts as that class. A raster without class names is refused.</p>"
            "<p><b>Figures</b>: overall accuracy, kappa, per class user's accuracy (how often a mapped class is "
            "right), producer's accuracy (how much of a true class is found), F1 and IoU, and the confusion matrix "
            "(rows map, columns reference). Polygons count every cell they cover; points count the cell they fall "
            "in.</p>"
            "<p><b>Area-adjusted estimates</b>, with reference <i>points</i> drawn by <i>Stratified random sample "
            "for accuracy assessment</i>: overall, user's and producer's accuracy and the area of each class "
            "corrected for the map's errors, each with a 95% confidence interval (Olofsson et al. 2014, as the "
            "AcATaMa plugin does). Every mapped class needs sample points.</p>"
            "<p>A reference layer in another CRS is reprojected; features outside the raster are left out and "
            "counted in the log.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Class raster")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.REFERENCE, tr("Reference polygons or points"),
            [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            self.CLASS_FIELD, tr("Class field"), parentLayerParameterName=self.REFERENCE))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Accuracy report"), tr("HTML files (*.html)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_CSV, tr("Accuracy per class"), tr("CSV files (*.csv)"), optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_MATRIX, tr("Confusion matrix"), tr("CSV files (*.csv)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.OVERALL_ACCURACY, tr("Overall accuracy")))
        self.addOutput(QgsProcessingOutputNumber(self.KAPPA, tr("Kappa")))
        self.addOutput(QgsProcessingOutputNumber(self.ADJUSTED_OVERALL_ACCURACY,
                                                 tr("Area-adjusted overall accuracy")))

    def process(self, parameters, context, feedback) -> dict:
        from ..accuracy.assessment import AssessmentRequest, assess

        def optional_file(name):
            return Path(self.parameterAsFileOutput(parameters, name, context)) if parameters.get(name) else None

        report = optional_file(self.OUTPUT_REPORT)
        csv, matrix = optional_file(self.OUTPUT_CSV), optional_file(self.OUTPUT_MATRIX)
        result = assess(AssessmentRequest(
            common.raster_source(self, parameters, self.INPUT, context),
            common.polygon_source(self, parameters, self.REFERENCE, context, feedback),
            self.parameterAsString(parameters, self.CLASS_FIELD, context), report, csv, matrix), feedback)
        return {self.OUTPUT_REPORT: str(report) if report else None, self.OUTPUT_CSV: str(csv) if csv else None,
                self.OUTPUT_MATRIX: str(matrix) if matrix else None,
                self.OVERALL_ACCURACY: result.plain.overall, self.KAPPA: result.plain.kappa,
                self.ADJUSTED_OVERALL_ACCURACY: result.adjusted.overall if result.adjusted else None}
