#!/usr/bin/env python3
"""The main job on its bundled defaults: classify the bundled EuroSAT demo scene.

    scripts/demo                 # land cover on resources/demo/eurosat_demo_scene.tif
    scripts/demo --sfm           # SfM on ../shared/data/brighton_beach against the local test cluster
    scripts/demo --drone         # SfM, own labels, training on the test cluster, classification, accuracy
    scripts/demo --out DIR       # where the outputs go (default: demo-output/)

It runs geomorph:classifylandcover through QGIS Processing exactly as the toolbox would, with
the bundled default model, writes the styled class raster (COG), an HTML area report and a PNG
preview (the scene beside its class map), and prints the accuracy against the scene's known
classes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEMO_SCENE = REPO / "resources" / "demo" / "eurosat_demo_scene.tif"
DEMO_TRUTH = REPO / "resources" / "demo" / "eurosat_demo_truth.json"


def start_qgis():
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    # The Processing framework is itself a core plugin, outside sys.path in a standalone script.
    sys.path.append(str(Path(QgsApplication.pkgDataPath()) / "python" / "plugins"))
    from processing.core.Processing import Processing

    Processing.initialize()
    from geomorph_plugin.processing.provider import GeomorphProvider

    provider = GeomorphProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def category_names(ds) -> list[str]:
    # GDAL 3.6's GTiff driver loads the .aux.xml sidecar lazily and GetCategoryNames() does not
    # trigger it (it returns None on a fresh dataset): reading the metadata first does.
    ds.GetMetadata()
    return ds.GetRasterBand(1).GetCategoryNames() or []


def class_layer(path: Path):
    """The class raster styled from what the file itself carries: colour table and category names."""
    from osgeo import gdal
    from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer
    from qgis.PyQt.QtGui import QColor

    layer = QgsRasterLayer(str(path), "land cover")
    ds = gdal.Open(str(path))
    table = ds.GetRasterBand(1).GetColorTable()
    legend = [(name, table.GetColorEntry(i)[:3]) for i, name in enumerate(category_names(ds)) if name]
    classes = [QgsPalettedRasterRenderer.Class(i, QColor(*rgb), name) for i, (name, rgb) in enumerate(legend)]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    return layer, legend


def render_preview(scene: Path, classes: Path, png: Path) -> None:
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsRasterLayer
    from qgis.PyQt.QtCore import QSize, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    scene_layer = QgsRasterLayer(str(scene), "scene")
    labels, legend = class_layer(classes)
    size = 512

    def render(layer):
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setDestinationCrs(layer.crs())
        settings.setExtent(scene_layer.extent())
        settings.setOutputSize(QSize(size, size))
        settings.setBackgroundColor(QColor("white"))
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        return job.renderedImage()

    legend_width = 230
    image = QImage(size * 2 + legend_width + 30, size + 40, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont("Sans", 11))
    painter.drawText(10, 22, "Demo scene (EuroSAT patches, 10 m)")
    painter.drawText(size + 20, 22, "Geomorph land cover (bundled model)")
    painter.drawImage(10, 30, render(scene_layer))
    painter.drawImage(size + 20, 30, render(labels))
    for i, (name, rgb) in enumerate(legend):
        y = 40 + i * 24
        painter.fillRect(2 * size + 30, y, 16, 16, QColor(*rgb))
        painter.setPen(Qt.black)
        painter.drawText(2 * size + 52, y + 13, name)
    painter.end()
    image.save(str(png))


def accuracy(classes: Path, truth_file: Path) -> tuple[float, int]:
    """Share of demo patches whose predicted class is their known class."""
    from osgeo import gdal

    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    ds = gdal.Open(str(classes))
    predicted = ds.GetRasterBand(1).ReadAsArray()
    names = category_names(ds)
    gt = ds.GetGeoTransform()
    origin_x, origin_y = truth["geotransform"][0], truth["geotransform"][3]
    cell = truth["patch_size"] * truth["geotransform"][1]
    hits = total = 0
    for row, line in enumerate(truth["grid"]):
        for col, true_name in enumerate(line):
            # Sample the class raster at the centre of each known patch.
            x = origin_x + (col + 0.5) * cell
            y = origin_y - (row + 0.5) * cell
            px = int((x - gt[0]) / gt[1])
            py = int((y - gt[3]) / gt[5])
            total += 1
            hits += int(names[int(predicted[py, px])] == true_name)
    return hits / max(total, 1), total


def run_landcover(out: Path) -> int:
    app, _provider = start_qgis()
    import processing
    from qgis.core import QgsProcessingFeedback

    out.mkdir(parents=True, exist_ok=True)
    target = out / "demo_landcover.tif"
    report = out / "demo_landcover_report.html"
    started = time.perf_counter()
    result = processing.run(
        "geomorph:classifylandcover",
        {"INPUT": str(DEMO_SCENE), "MODEL": "", "DEVICE": 0, "OUTPUT": str(target), "OUTPUT_REPORT": str(report)},
        feedback=QgsProcessingFeedback(),
    )
    elapsed = time.perf_counter() - started
    preview = out / "demo_landcover_preview.png"
    render_preview(DEMO_SCENE, Path(result["OUTPUT"]), preview)
    acc, total = accuracy(Path(result["OUTPUT"]), DEMO_TRUTH)
    print(f"classified {DEMO_SCENE.name} in {elapsed:.1f} s")
    print(f"accuracy on the {total} known demo patches: {acc:.3f}")
    print(f"class raster: {result['OUTPUT']}")
    print(f"area report:  {report}")
    print(f"preview:      {preview}")
    app.exitQgis()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sfm", action="store_true", help="run the SfM demo against the local test cluster")
    parser.add_argument("--drone", action="store_true",
                        help="the drone land-cover loop on brighton_beach: SfM, labels, training, accuracy")
    parser.add_argument("--out", type=Path, default=REPO / "demo-output")
    args = parser.parse_args()
    if args.drone:
        return subprocess.call([sys.executable, str(REPO / "scripts" / "demo_drone.py"), "--out",
                                str(args.out / "drone")])
    if args.sfm:
        return subprocess.call([sys.executable, str(REPO / "scripts" / "demo_sfm.py"), "--out", str(args.out)])
    return run_landcover(args.out)


if __name__ == "__main__":
    sys.exit(main())
