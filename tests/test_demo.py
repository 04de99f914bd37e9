"""The README's main job: classify the bundled demo scene with the bundled model."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from osgeo import gdal

REPO = Path(__file__).resolve().parents[1]


def test_main_job_classifies_demo_scene(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "demo.py"), "--out", str(tmp_path)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    accuracy = float(re.search(r"accuracy on the 144 known demo patches: ([0-9.]+)", run.stdout).group(1))
    # The scene is made of validation patches the model never saw; its own accuracy is ~0.97.
    assert accuracy >= 0.9
    ds = gdal.Open(str(tmp_path / "demo_landcover.tif"))
    assert ds.GetRasterBand(1).GetColorTable() is not None
    assert "AnnualCrop" in ds.GetMetadataItem("GEOMORPH_CLASSES")
    assert (ds.RasterXSize, ds.RasterYSize) == (12, 12)  # one cell per 64 px patch at 10 m
    assert ds.GetGeoTransform()[1] == 640.0
    assert (tmp_path / "demo_landcover_preview.png").stat().st_size > 10_000
    assert "ha" in (tmp_path / "demo_landcover_report.html").read_text(encoding="utf-8")
