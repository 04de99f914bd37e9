#!/usr/bin/env python3
"""Build the land-cover demo scene: a georeferenced mosaic of real EuroSAT patches with known classes.

    .venv/bin/python scripts/make_demo_scene.py

Writes ``resources/demo/eurosat_demo_scene.tif`` (768 x 768 px RGB, 10 m, EPSG:32633 / UTM 33N,
DEFLATE, tiled) and ``resources/demo/eurosat_demo_truth.json`` (the 12 x 12 grid of true classes,
the source patch of every cell, the geotransform and the patch size).

Every patch comes from the VALIDATION split of the bundled model
(``resources/demo/eurosat_validation_files.txt``, written by scripts/train_default_model.py), so
the demo never shows the model a patch it was trained on. Patches are drawn per class with a fixed
seed: no hand-picking of patches the model gets right. The layout is a made-up landscape in the
Basento valley (Basilicata, about 40.50 N 16.20 E): a river with a reservoir and a road along the
valley floor, a town with an industrial zone by the road, crops and orchards in the valley,
pasture and scrub on the slopes and forest on the ridges. The cells are aligned to the raster's
origin, so a patch classifier run with 64 px windows sees exactly one EuroSAT patch per window.

Lossless DEFLATE (not JPEG) keeps the pixels identical to the decoded patches, so the model's
accuracy on the scene is its accuracy on those validation patches.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_default_model import CLASS_NAMES, REPO, VAL_LIST, eurosat_tar, read_eurosat_tar, read_validation_list  # noqa: E402

OUT_DIR = REPO / "resources" / "demo"
SCENE = OUT_DIR / "eurosat_demo_scene.tif"
TRUTH = OUT_DIR / "eurosat_demo_truth.json"
PATCH = 64
PIXEL_M = 10.0
EPSG = 32633
# Top-left corner in UTM 33N: the scene's centre is at about 40.500 N 16.200 E, on the Basento.
ORIGIN_X, ORIGIN_Y = 597840.0, 4487800.0
SEED = 7

CODES = {
    "A": "AnnualCrop",
    "F": "Forest",
    "H": "HerbaceousVegetation",
    "W": "Highway",
    "I": "Industrial",
    "P": "Pasture",
    "C": "PermanentCrop",
    "R": "Residential",
    "V": "River",
    "S": "SeaLake",
}
# North at the top. The river (V) crosses from the north-east to the south-west with a
# reservoir (S) on it; the road (W) follows the valley; the town (R) and industry (I) sit by it.
LAYOUT = """
F F F F H H P P A A A A
F F F H H P P A A C C A
F F H R R R P A C C A A
F H R R R R I W A A C C
H P R R I I I W A A A C
P P A I I W W V V S A A
A A A W W V V S S S C C
A C W V V C S S A A C C
C W V V A A A A P P H H
W V V A A C C P P H H F
V V A C C C P H H F F F
V A A C P H H F F F F F
"""


def layout_grid() -> list[list[str]]:
    rows = [line.split() for line in LAYOUT.strip().splitlines()]
    return [[CODES[c] for c in row] for row in rows]


def choose_patches(grid: list[list[str]], val_files: list[str], seed: int = SEED) -> list[list[str]]:
    """A distinct, seeded-random validation patch for every cell of `grid`."""
    rng = np.random.default_rng(seed)
    pools = {}
    for name in CLASS_NAMES:
        pool = sorted(f for f in val_files if f.split("/")[0] == name)
        pools[name] = [pool[i] for i in rng.permutation(len(pool))]
    taken = dict.fromkeys(CLASS_NAMES, 0)
    files = []
    for row in grid:
        out_row = []
        for name in row:
            if taken[name] >= len(pools[name]):
                sys.exit(f"not enough validation patches of {name} for the layout")
            out_row.append(pools[name][taken[name]])
            taken[name] += 1
        files.append(out_row)
    return files


def write_geotiff(path: Path, rgb: np.ndarray, geotransform: tuple[float, ...]) -> None:
    try:
        from osgeo import gdal, osr
    except ImportError:
        sys.exit("GDAL's Python bindings (osgeo) are needed to write the GeoTIFF: apt install python3-gdal")
    gdal.UseExceptions()
    h, w, _ = rgb.shape
    path.parent.mkdir(parents=True, exist_ok=True)
    options = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "PREDICTOR=2", "ZLEVEL=9",
               "PHOTOMETRIC=RGB", "INTERLEAVE=PIXEL"]  # fmt: skip
    ds = gdal.GetDriverByName("GTiff").Create(str(path), w, h, 3, gdal.GDT_Byte, options=options)
    ds.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetMetadataItem(
        "TIFFTAG_IMAGEDESCRIPTION",
        "Geomorph demo scene: 12x12 EuroSAT RGB validation patches (Sentinel-2, 10 m), synthetic layout; "
        "truth in eurosat_demo_truth.json. EuroSAT: Helber et al. 2019, MIT licence.",
    )
    for b, interp in enumerate((gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand)):
        band = ds.GetRasterBand(b + 1)
        band.WriteArray(rgb[:, :, b])
        band.SetColorInterpretation(interp)
    ds.FlushCache()
    ds = None


def main() -> None:
    if not VAL_LIST.is_file():
        sys.exit(f"{VAL_LIST} is missing: run scripts/train_default_model.py first (it writes the split)")
    grid = layout_grid()
    files = choose_patches(grid, read_validation_list())
    wanted = {f for row in files for f in row}
    images, _, names = read_eurosat_tar(eurosat_tar(), names=wanted)
    by_name = dict(zip(names, images))
    rows, cols = len(grid), len(grid[0])
    mosaic = np.zeros((rows * PATCH, cols * PATCH, 3), np.uint8)
    for r in range(rows):
        for c in range(cols):
            mosaic[r * PATCH : (r + 1) * PATCH, c * PATCH : (c + 1) * PATCH] = by_name[files[r][c]]
    geotransform = (ORIGIN_X, PIXEL_M, 0.0, ORIGIN_Y, 0.0, -PIXEL_M)
    write_geotiff(SCENE, mosaic, geotransform)
    truth = {
        "description": (
            "Ground truth of eurosat_demo_scene.tif: grid[row][col] is the EuroSAT class of the 64x64 px "
            "patch whose top-left pixel is (col*64, row*64); row 0 is the northern edge. Patches are from "
            "the bundled model's validation split (never trained on)."
        ),
        "crs": f"EPSG:{EPSG}",
        "geotransform": list(geotransform),
        "pixel_size_m": PIXEL_M,
        "patch_size": PATCH,
        "rows": rows,
        "cols": cols,
        "width": cols * PATCH,
        "height": rows * PATCH,
        "class_names": CLASS_NAMES,
        "grid": grid,
        "source_files": files,
        "source": "EuroSAT RGB (Helber et al., IEEE JSTARS 2019), MIT licence; eurosat-rgb-train.tar",
    }
    TRUTH.write_text(json.dumps(truth, indent=1) + "\n")
    counts = {n: sum(row.count(n) for row in grid) for n in CLASS_NAMES}
    print(f"wrote {SCENE} ({SCENE.stat().st_size / 1e6:.2f} MB) and {TRUTH}; cells per class: {counts}")


if __name__ == "__main__":
    main()
