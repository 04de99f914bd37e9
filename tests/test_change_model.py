"""The shipped modeler model resources/models/change_budget.model3 loads and runs: co-registration on
stable land-cover classes, then the DEM of difference with the co-registration's uncertainty, then the
budget per class."""

from __future__ import annotations

import csv

from osgeo import gdal
from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProcessingModelAlgorithm

from tests.change_data import CUT, FILL, survey_pair
from tests.conftest import REPO

MODEL = REPO / "resources" / "models" / "change_budget.model3"


def test_change_budget_model_runs(provider, tmp_path):
    import processing

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(MODEL)), MODEL
    assert [c.algorithmId() for c in sorted(model.childAlgorithms().values(), key=lambda c: c.childId())] == \
        ["geomorph:coregisterdem", "geomorph:demofdifference"]
    pair = survey_pair(tmp_path / "in", n=500, sigma=0.05, shift=(1.1, 0.7), dz=-0.5, seed=2)
    outputs = {name: str(tmp_path / file) for name, file in (
        ("aligned_dem", "aligned.tif"), ("dem_of_difference", "dod.tif"), ("coregistration_report", "coreg.html"),
        ("change_report", "dod.html"), ("budget_per_class", "budget.csv"))}
    feedback = QgsProcessingFeedback()
    result = processing.run(model, {"old_dem": str(pair["old"]), "new_dem": str(pair["new"]),
                                    "landcover": str(pair["zones"]), "stable_classes": "terrain", "confidence": 0.95,
                                    **outputs}, context=QgsProcessingContext(), feedback=feedback)
    assert gdal.Open(result["aligned_dem"]).GetMetadataItem("GEOMORPH_COREG_NMAD_AFTER")
    assert gdal.Open(result["dem_of_difference"]) is not None
    with open(result["budget_per_class"], newline="", encoding="utf-8") as handle:
        rows = {r["zone"]: r for r in csv.DictReader(handle)}
    assert set(rows) == {"terrain", "cut zone", "fill zone", "Total"}
    cut, fill = rows["cut zone"], rows["fill zone"]
    # The truth tests (test_change_dod) check the 95% interval's coverage; here the chain's budget only has to
    # be the known one within 3 sigma.
    assert abs(-float(cut["net_volume_m3"]) - CUT.volume) <= 3 * float(cut["net_sigma_m3"])
    assert abs(float(fill["net_volume_m3"]) - FILL.volume) <= 3 * float(fill["net_sigma_m3"])
    assert float(rows["terrain"]["no_change_percent"]) >= 94.5
    assert "<svg" in open(result["change_report"], encoding="utf-8").read()
    assert "NMAD" in open(result["coregistration_report"], encoding="utf-8").read()
