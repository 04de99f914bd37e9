"""geomorph:demofdifference: DEM of difference thresholded at a level of detection, volumes, budgets."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..i18n import tr
from . import change_common as common
from .base import GeomorphAlgorithm

SIGMA_KINDS = ("constant", "raster", "coregistration")
METHODS = ("lod", "probabilistic")
NUMBERS = ("EROSION_AREA", "EROSION_VOLUME", "EROSION_UNCERTAINTY", "DEPOSITION_AREA", "DEPOSITION_VOLUME",
           "DEPOSITION_UNCERTAINTY", "NET_VOLUME", "NET_UNCERTAINTY", "NO_CHANGE_PERCENT", "LOD")


class DemOfDifferenceAlgorithm(GeomorphAlgorithm):
    ALG_ID = "demofdifference"
    GROUP_ID = "change"
    REQUIRED_MODULES = ("numpy",)

    DEM_NEW = "DEM_NEW"
    DEM_OLD = "DEM_OLD"
    SIGMA_NEW_SOURCE = "SIGMA_NEW_SOURCE"
    SIGMA_NEW = "SIGMA_NEW"
    SIGMA_NEW_RASTER = "SIGMA_NEW_RASTER"
    SIGMA_OLD_SOURCE = "SIGMA_OLD_SOURCE"
    SIGMA_OLD = "SIGMA_OLD"
    SIGMA_OLD_RASTER = "SIGMA_OLD_RASTER"
    CONFIDENCE = "CONFIDENCE"
    METHOD = "METHOD"
    ZONES_RASTER = "ZONES_RASTER"
    ZONES_POLYGONS = "ZONES_POLYGONS"
    ZONES_FIELD = "ZONES_FIELD"
    OUTPUT = "OUTPUT"
    OUTPUT_PROBABILITY = "OUTPUT_PROBABILITY"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_CSV = "OUTPUT_CSV"

    def display_name(self) -> str:
        return tr("DEM of difference (volumes with uncertainty)")

    def tags(self):
        return tr("dod,dem of difference,change,erosion,deposition,volume,budget,gcd,level of detection,lod").split(",")

    def help_text(self) -> str:
        return tr(
            "<p>Subtracts the old DEM from the new one (new - old: erosion is negative, deposition positive) on the "
            "old DEM's grid, resampling the new one with GDAL (cubic convolution) when the grids or CRSs differ, and "
            "keeps only the change that the surveys' errors cannot explain.</p>"
            "<p><b>Uncertainty of each DEM</b> (standard deviation of its elevation error, metres): a constant, a "
            "raster, or <i>from the co-registration</i>: the NMAD of dh on stable ground that <i>Co-register "
            "DEMs</i> stored in the aligned DEM, per slope class (errors grow on steep ground; each cell takes the "
            "NMAD of its slope, from the old DEM), split evenly between the two DEMs (each gets NMAD / sqrt(2), so "
            "together they give the NMAD back).</p>"
            "<p><b>Level of detection.</b> Errors of the two DEMs are taken as independent: sigma_dz = sqrt(sigma_new"
            "² + sigma_old²). A cell's change is detected when |dz| > LoD = t x sigma_dz, with t from the confidence "
            "(1.96 for 0.95). <i>Probabilistic</i> (as in GCD) computes each cell's probability that its change is "
            "real, P = erf(|dz| / (sigma_dz sqrt 2)), keeps the cells with P at least the confidence and can write P "
            "as a raster (no spatial-coherence updating).</p>"
            "<p><b>Volumes and their uncertainty.</b> Erosion and deposition volumes are A x sum of dz over the "
            "detected cells of each kind (A = cell area); net = deposition - erosion. Their uncertainty assumes "
            "errors uncorrelated from cell to cell: sigma_V = A x sqrt(sum of sigma_dz_i²). That is a lower bound "
            "when errors are spatially correlated (a residual tilt or bias after co-registration): the report also "
            "gives the fully correlated upper bound, A x sum of sigma_dz_i. The uncorrelated figure is the one "
            "returned as the uncertainty outputs.</p>"
            "<p><b>Budgets</b> (GCD's budget segregation): give a class raster (e.g. the land cover; class names "
            "are read from the raster) or polygons (with a field naming them) to get the budget per class or per "
            "polygon as well as the total.</p>"
            "<p><b>Outputs.</b> The thresholded DoD (a Cloud Optimized GeoTIFF: 0 = no detectable change, nodata "
            "where either DEM has none) styled with a diverging red-white-blue ramp (a .qml beside it, which QGIS "
            "loads by default); an HTML report with the budget and the area and volume histograms of the elevation "
            "change; a CSV of the budget. It reads the rasters in stripes, so memory stays bounded on any size.</p>"
        ) + tr(
            "<p><b>Interpolated cells.</b> A DSM made by <i>Run SfM on the cluster</i> with MicMac has a second "
            "band that says which cells were matched (1) and which the matcher interpolated (0), e.g. under trees "
            "or over water. "
            "Cells interpolated in either DEM are left out (no data in the DoD, not counted in the areas and "
            "volumes): their difference would be the interpolation's, not the ground's.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM_NEW, tr("New DEM")))
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM_OLD, tr("Old DEM")))
        kinds = [tr("Constant"), tr("Raster"), tr("From the co-registration (stable-ground NMAD)")]
        for source, value, raster, label in (
                (self.SIGMA_NEW_SOURCE, self.SIGMA_NEW, self.SIGMA_NEW_RASTER, tr("new DEM")),
                (self.SIGMA_OLD_SOURCE, self.SIGMA_OLD, self.SIGMA_OLD_RASTER, tr("old DEM"))):
            self.addParameter(QgsProcessingParameterEnum(
                source, tr("Uncertainty of the {label} comes from").format(label=label), options=kinds,
                defaultValue=0))
            self.addParameter(QgsProcessingParameterNumber(
                value, tr("Uncertainty of the {label}, constant (m)").format(label=label),
                QgsProcessingParameterNumber.Double, defaultValue=0.1, minValue=0.0))
            self.addParameter(QgsProcessingParameterRasterLayer(
                raster, tr("Uncertainty raster of the {label} (m)").format(label=label), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.CONFIDENCE, tr("Confidence (0.95 = 95%)"), QgsProcessingParameterNumber.Double, defaultValue=0.95,
            minValue=0.5, maxValue=0.999))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, tr("Thresholding"),
            options=[tr("Level of detection (t x sigma_dz)"), tr("Probabilistic (GCD)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.ZONES_RASTER, tr("Class raster for budgets (e.g. land cover)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ZONES_POLYGONS, tr("Polygons for budgets"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.ZONES_FIELD, tr("Field naming the polygons"), parentLayerParameterName=self.ZONES_POLYGONS,
            optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("DEM of difference")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_PROBABILITY, tr("Probability of real change"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Change report"), tr("HTML files (*.html)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_CSV, tr("Budget table"), tr("CSV files (*.csv)"), optional=True, createByDefault=False))
        labels = {"EROSION_AREA": tr("Erosion area (m²)"), "EROSION_VOLUME": tr("Erosion volume (m³)"),
                  "EROSION_UNCERTAINTY": tr("Erosion volume uncertainty (m³)"),
                  "DEPOSITION_AREA": tr("Deposition area (m²)"), "DEPOSITION_VOLUME": tr("Deposition volume (m³)"),
                  "DEPOSITION_UNCERTAINTY": tr("Deposition volume uncertainty (m³)"),
                  "NET_VOLUME": tr("Net volume change (m³)"), "NET_UNCERTAINTY": tr("Net volume uncertainty (m³)"),
                  "NO_CHANGE_PERCENT": tr("Area with no detectable change (%)"),
                  "LOD": tr("Level of detection (m, median)")}
        for key in NUMBERS:
            self.addOutput(QgsProcessingOutputNumber(key, labels[key]))

    def _uncertainty(self, parameters, context, source: str, value: str, raster: str):
        from ..change.dod import SigmaKind, Uncertainty

        kind = SigmaKind(SIGMA_KINDS[self.parameterAsEnum(parameters, source, context)])
        return Uncertainty(kind, self.parameterAsDouble(parameters, value, context),
                           common.raster_source(self, parameters, raster, context, optional=True))

    def process(self, parameters, context, feedback) -> dict:
        from ..change.dod import DodRequest, Method, dem_of_difference

        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        probability = self.parameterAsOutputLayer(parameters, self.OUTPUT_PROBABILITY, context) \
            if parameters.get(self.OUTPUT_PROBABILITY) else ""
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) \
            if parameters.get(self.OUTPUT_REPORT) else ""
        csv = self.parameterAsFileOutput(parameters, self.OUTPUT_CSV, context) \
            if parameters.get(self.OUTPUT_CSV) else ""
        request = DodRequest(
            new=common.raster_source(self, parameters, self.DEM_NEW, context),
            old=common.raster_source(self, parameters, self.DEM_OLD, context),
            output=Path(output),
            sigma_new=self._uncertainty(parameters, context, self.SIGMA_NEW_SOURCE, self.SIGMA_NEW,
                                        self.SIGMA_NEW_RASTER),
            sigma_old=self._uncertainty(parameters, context, self.SIGMA_OLD_SOURCE, self.SIGMA_OLD,
                                        self.SIGMA_OLD_RASTER),
            confidence=self.parameterAsDouble(parameters, self.CONFIDENCE, context),
            method=Method(METHODS[self.parameterAsEnum(parameters, self.METHOD, context)]),
            zones_raster=common.raster_source(self, parameters, self.ZONES_RASTER, context, optional=True),
            zones_polygons=common.polygon_source(self, parameters, self.ZONES_POLYGONS, context, feedback),
            zones_field=self.parameterAsString(parameters, self.ZONES_FIELD, context) or None,
            probability=Path(probability) if probability else None,
            report=Path(report) if report else None, csv=Path(csv) if csv else None)
        result = dem_of_difference(request, feedback)
        common.set_post_processor(context, output, tr("DEM of difference"),
                                  common.NamedStyle(str(result.style)) if result.style else None)
        if probability:
            common.set_post_processor(context, probability, tr("Probability of real change"), None)
        b = result.total
        return {self.OUTPUT: output, self.OUTPUT_PROBABILITY: probability or None,
                self.OUTPUT_REPORT: report or None, self.OUTPUT_CSV: csv or None,
                "EROSION_AREA": b.erosion_area, "EROSION_VOLUME": b.erosion_volume,
                "EROSION_UNCERTAINTY": b.erosion_uncertainty, "DEPOSITION_AREA": b.deposition_area,
                "DEPOSITION_VOLUME": b.deposition_volume, "DEPOSITION_UNCERTAINTY": b.deposition_uncertainty,
                "NET_VOLUME": b.net_volume, "NET_UNCERTAINTY": b.net_uncertainty,
                "NO_CHANGE_PERCENT": b.no_change_percent, "LOD": result.lod}
