"""geomorph:coregisterdem: align a DEM onto a reference DEM on stable terrain (Nuth & Kääb + vertical bias)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..i18n import tr
from . import change_common as common
from .base import GeomorphAlgorithm

NUMBERS = ("DX", "DY", "DZ", "MEDIAN_BEFORE", "NMAD_BEFORE", "MEDIAN_AFTER", "NMAD_AFTER")


class CoregisterDemAlgorithm(GeomorphAlgorithm):
    ALG_ID = "coregisterdem"
    GROUP_ID = "change"
    REQUIRED_MODULES = ("numpy",)

    REFERENCE = "REFERENCE"
    DEM = "DEM"
    STABLE_POLYGONS = "STABLE_POLYGONS"
    STABLE_RASTER = "STABLE_RASTER"
    STABLE_CLASSES = "STABLE_CLASSES"
    TILT = "TILT"
    MAX_ITERATIONS = "MAX_ITERATIONS"
    OUTPUT = "OUTPUT"
    OUTPUT_REPORT = "OUTPUT_REPORT"

    def display_name(self) -> str:
        return tr("Co-register DEMs (Nuth & Kääb)")

    def tags(self):
        return tr("co-registration,coregistration,alignment,dem,dsm,nuth,kaab,shift,nmad,change").split(",")

    def help_text(self) -> str:
        return tr(
            "<p>Aligns a DEM onto a reference DEM before you compare them. Two surveys are never georeferenced "
            "exactly alike: without this step most of the 'change' in a DEM of difference is a shift.</p>"
            "<p><b>Stable terrain.</b> The shift is measured where nothing should have changed: give polygons of "
            "stable ground, or a land-cover raster and the names (or values) of its stable classes, e.g. "
            "<i>Highway, Industrial</i>. Without either, the whole overlap is used, which is right only when little "
            "changed.</p>"
            "<p><b>Method.</b> Nuth & Kääb (2011): the elevation difference dh on slopes is a cosine of the aspect "
            "whose amplitude and phase give the horizontal shift; it is fitted (robustly, outliers beyond 3 NMAD "
            "dropped), the DEM is resampled at the new shift and the fit repeated until the shift changes by less "
            "than 0.01 pixel. The vertical bias is the median dh after the shift; with <i>Remove a tilt</i> a plane "
            "is fitted to dh instead. Statistics use medians and the NMAD (1.4826 x median absolute deviation), as "
            "xDEM does, because the mean and standard deviation are wrecked by the cells that did change.</p>"
            "<p><b>Output.</b> The aligned DEM (a Cloud Optimized GeoTIFF). In the reference's CRS its cells are "
            "the input's own, moved (no resampling); in another CRS it is resampled onto the reference's grid. The "
            "shift and the stable-ground statistics (with the NMAD per slope class) are stored in the GeoTIFF's "
            "metadata, so that <i>DEM of difference</i> can take the DEM's uncertainty from the co-registration. "
            "The report (HTML) gives dx, dy, dz and the median and NMAD of dh before and after, with histograms, "
            "and the NMAD per slope class. Both DEMs need a projected CRS (metres).</p>") + tr(
            "<p><b>Interpolated cells.</b> A DSM made by <i>Run SfM on the cluster</i> with MicMac has a second "
            "band that says which cells were matched (1) and which the matcher interpolated (0), e.g. under trees "
            "or over water. "
            "Only matched cells are sampled as stable ground, and the aligned DEM keeps only them: an interpolated "
            "surface is not terrain.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(self.REFERENCE, tr("Reference DEM")))
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, tr("DEM to align")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.STABLE_POLYGONS, tr("Stable terrain polygons"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.STABLE_RASTER, tr("Land-cover raster for stable terrain"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.STABLE_CLASSES, tr("Stable classes of that raster (names or values, comma separated)"),
            optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.TILT, tr("Remove a tilt (fit a plane)"),
                                                        defaultValue=False))
        iterations = QgsProcessingParameterNumber(
            self.MAX_ITERATIONS, tr("Maximum iterations"), QgsProcessingParameterNumber.Integer, defaultValue=10,
            minValue=1, maxValue=100)
        iterations.setFlags(iterations.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(iterations)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Aligned DEM")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Co-registration report"), tr("HTML files (*.html)"), optional=True))
        labels = {"DX": tr("Shift east (m)"), "DY": tr("Shift north (m)"), "DZ": tr("Vertical shift (m)"),
                  "MEDIAN_BEFORE": tr("Median dh before (m)"), "NMAD_BEFORE": tr("NMAD of dh before (m)"),
                  "MEDIAN_AFTER": tr("Median dh after (m)"), "NMAD_AFTER": tr("NMAD of dh after (m)")}
        for key in NUMBERS:
            self.addOutput(QgsProcessingOutputNumber(key, labels[key]))

    def process(self, parameters, context, feedback) -> dict:
        from ..change.coregister import CoregRequest, coregister

        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) \
            if parameters.get(self.OUTPUT_REPORT) else ""
        classes = self.parameterAsString(parameters, self.STABLE_CLASSES, context)
        request = CoregRequest(
            reference=common.raster_source(self, parameters, self.REFERENCE, context),
            dem=common.raster_source(self, parameters, self.DEM, context),
            output=Path(output),
            stable_polygons=common.polygon_source(self, parameters, self.STABLE_POLYGONS, context, feedback),
            stable_raster=common.raster_source(self, parameters, self.STABLE_RASTER, context, optional=True),
            stable_classes=[c for c in classes.split(",") if c.strip()] if classes else None,
            tilt=self.parameterAsBoolean(parameters, self.TILT, context),
            max_iterations=self.parameterAsInt(parameters, self.MAX_ITERATIONS, context),
            report=Path(report) if report else None)
        result = coregister(request, feedback)
        common.set_post_processor(context, output, tr("Aligned DEM"), None)
        return {self.OUTPUT: output, self.OUTPUT_REPORT: report or None, "DX": result.dx, "DY": result.dy,
                "DZ": result.dz, "MEDIAN_BEFORE": result.before.median, "NMAD_BEFORE": result.before.nmad,
                "MEDIAN_AFTER": result.after.median, "NMAD_AFTER": result.after.nmad}
