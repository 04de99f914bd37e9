"""geomorph:landcoverchange: transitions between two land-cover rasters, classes matched by name."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..i18n import tr
from . import change_common as common
from .base import GeomorphAlgorithm
from .classify_landcover import PalettedStyle


class LandCoverChangeAlgorithm(GeomorphAlgorithm):
    ALG_ID = "landcoverchange"
    GROUP_ID = "change"
    REQUIRED_MODULES = ("numpy",)

    BEFORE = "BEFORE"
    AFTER = "AFTER"
    OUTPUT = "OUTPUT"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_CSV = "OUTPUT_CSV"

    def display_name(self) -> str:
        return tr("Land-cover change (transition matrix)")

    def tags(self):
        return tr("land cover,change,transition,matrix,gain,loss,persistence,classes").split(",")

    def help_text(self) -> str:
        return tr(
            "<p>Compares two land-cover rasters of the same place (for example two runs of <i>Classify land "
            "cover</i> on orthomosaics of two dates).</p>"
            "<p><b>Classes are matched by name</b>, read from each raster (its category names, or the name column "
            "of its attribute table, as Geomorph writes them), not by value: the two rasters may number their "
            "classes differently, and a class present in only one of them is kept. A raster without class names "
            "is refused. The later raster is read on the earlier one's grid (nearest neighbour; reprojected when "
            "the CRSs differ).</p>"
            "<p><b>Outputs.</b> A change raster (Cloud Optimized GeoTIFF) whose categories are 'from → to' with "
            "names, unchanged cells in grey and changed cells in the colour of the class they became; a report "
            "(HTML) with the transition matrix in hectares and, per class, the area before and after, gains, "
            "losses and persistence; the same as CSV. Memory stays bounded on any raster size.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(self.BEFORE, tr("Land cover before")))
        self.addParameter(QgsProcessingParameterRasterLayer(self.AFTER, tr("Land cover after")))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Land-cover transitions")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Transition report"), tr("HTML files (*.html)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_CSV, tr("Transition table"), tr("CSV files (*.csv)"), optional=True, createByDefault=False))

    def process(self, parameters, context, feedback) -> dict:
        from ..change.transitions import UNCHANGED_COLOUR, TransitionRequest, land_cover_change, transition_names

        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) \
            if parameters.get(self.OUTPUT_REPORT) else ""
        csv = self.parameterAsFileOutput(parameters, self.OUTPUT_CSV, context) \
            if parameters.get(self.OUTPUT_CSV) else ""
        result = land_cover_change(TransitionRequest(
            common.raster_source(self, parameters, self.BEFORE, context),
            common.raster_source(self, parameters, self.AFTER, context),
            Path(output), Path(report) if report else None, Path(csv) if csv else None), feedback)
        from osgeo import gdal

        ds = gdal.Open(output)
        table = ds.GetRasterBand(1).GetColorTable()
        k = len(result.classes)
        colours = [table.GetColorEntry(i)[:3] if table is not None else UNCHANGED_COLOUR for i in range(k * k)]
        ds = None
        common.set_post_processor(context, output, tr("Land-cover transitions"),
                                  PalettedStyle(transition_names(result.classes), colours))
        return {self.OUTPUT: output, self.OUTPUT_REPORT: report or None, self.OUTPUT_CSV: csv or None}
