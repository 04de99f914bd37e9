"""The MicMac vegetation fill: ``PIMs Forest`` depth maps on one ground tile, merged by ``PIMs2Mnt``.

Malt Ortho correlates in ground geometry: one height per cell, found by moving a window across
all the photos at once. Over tree crowns the photos see different leaves from each position, so
the correlation fails and Malt interpolates (band 2 = 0). ``PIMs Forest`` matches each photo
with its best secondary photos in image geometry (epipolar pairs, one depth map per photo,
MicMac's setting for vegetation), and ``PIMs2Mnt`` merges the depth maps into a ground DSM. The
mosaic takes that DSM only where Malt interpolated (``micmac_products.fill_from_pims``): where
both matched, Malt's finer ground-geometry surface stays.

On brighton_beach at full size, Malt matched 55% of the footprint; PIMs Forest (ZoomF 4)
matched 89%, and where both matched they agree to a median of -1.2 cm (NMAD 3.7 cm).

The node runs after the tile's ``malt`` node, and only where Malt interpolated at least
``MIN_INTERPOLATED_SHARE`` of the tile's own cell, with the photos whose centre is near that
cell (each depth map covers its photo's whole footprint); a PIMs failure is logged
and leaves the tile's interpolated cells as they were (the DSM is still whole and flagged).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from .common import Job, StepError, fresh_dir, log, tmp_path, write_json
from .geotiff import gdal_module, write_geotiff
from .micmac_tools import (
    NODATA,
    chantier_dir,
    corner_geotransform,
    read_matrix,
    run_mm3d,
    stage_tile,
    tile_plan,
    workflow_options,
    xml_root,
)

MODE = "Forest"
# Below this share of interpolated cells in its Malt tile's own cell, a tile gets no fill.
MIN_INTERPOLATED_SHARE = 0.10


def pims(job: Job, args) -> None:
    """``PIMs Forest`` + ``PIMs2Mnt`` with the photos near the tile's cell (``micmac_steps.PIMS_REACH``);
    writes ``work/pims/pims_NNN.tif`` (elevation in UTM, no data where no depth map matched) and
    ``work/pims/tile_NNN.json``."""
    grid = tile_plan(job)
    tile = grid["tiles"][int(args.tile)]
    index = tile["index"]
    out_dir = job.work / "pims"
    result = out_dir / f"tile_{index:03d}.json"
    zoom = int(workflow_options(job).get("pims_zoom") or 0)
    photos = tile.get("pims_photos", tile["photos"])
    if zoom <= 0 or len(photos) < 2:
        write_json(result, {"index": index, "empty": True})
        log(f"tile {index}: no vegetation fill ({'switched off' if zoom <= 0 else 'fewer than 2 photos'})")
        return
    malt_path = job.work / "malt" / f"tile_{index:03d}.json"
    share = json.loads(malt_path.read_text(encoding="utf-8")).get("interpolated_share") if malt_path.exists() else None
    if share is not None and share < MIN_INTERPOLATED_SHARE:
        # Bare ground that Malt matched (caliterra's field: 94% of the footprint): per-photo matching
        # would cost more than the Malt tile and change next to nothing.
        write_json(result, {"index": index, "empty": True, "skipped": share})
        log(f"tile {index}: no vegetation fill needed, Malt interpolated {share:.1%} of the tile")
        return
    chantier = chantier_dir(job)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = fresh_dir(tmp_path(out_dir / f"tile_{index:03d}"))
    try:
        pattern = stage_tile(chantier, work, photos)
        # PIMs picks each photo's secondary photos from the tie points; it only reads them.
        os.symlink(os.path.relpath(chantier / "Homol", work), work / "Homol")
        run_mm3d(f"PIMs {MODE} (tile {index})", "PIMs", MODE, pattern, "Ground", f"ZoomF={zoom}", "ExpTxt=1",
                 cwd=work)
        # The merged DSM at Malt's ZoomF: PIMs2Mnt sizes its cells from the photos' GSD, Malt from
        # the GSD rounded to a round number (brighton: 3.17 against 3.2 cm); the mosaic resamples.
        run_mm3d(f"PIMs2Mnt (tile {index})", "PIMs2Mnt", MODE, "DoOrtho=0", f"ZoomF={int(grid['zoom'])}", cwd=work)
        facts = _export(job, grid, index, work / "PIMs-TmpBasc")
    except Exception as exc:  # noqa: BLE001 - any failure, MicMac's or a file it left unreadable
        # The fill is a bonus over Malt's flagged DSM, not a reason to lose the whole run: the
        # mosaic waits for this node, so it must end with its json whatever happened.
        log(f"tile {index}: vegetation fill failed, Malt's interpolated cells stay flagged: {exc}")
        facts = {"index": index, "empty": True, "failed": str(exc)[-2000:]}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_json(result, facts)


def merged_georef(xml: Path) -> tuple:
    """GDAL geotransform (local coordinates) of ``PIMs-Merged.xml``: its ``OrIntImaM2C`` maps ground
    to pixels (pixel = I00 + V10 * x + V01 * y), pixel 0 being the first cell's centre as Malt's
    ``OriginePlani`` (``corner_geotransform``), so the two DSMs share their cells."""
    root = xml_root(xml)
    m2c = root.find(".//OrIntImaM2C")
    i0, j0 = read_matrix(m2c.find("I00").text)
    v10x, v10y = read_matrix(m2c.find("V10").text)
    v01x, v01y = read_matrix(m2c.find("V01").text)
    if v10y or v01x or not v10x or not v01y:
        raise StepError(f"{xml.name}: a rotated ground grid ({v10x} {v10y} / {v01x} {v01y}) is not supported")
    prof = root.find(".//Image_Profondeur")
    z0 = float(prof.find("OrigineAlti").text)
    zres = float(prof.find("ResolutionAlti").text)
    return corner_geotransform(-i0 / v10x, 1.0 / v10x, -j0 / v01y, 1.0 / v01y), z0, zres


def _export(job: Job, grid: dict, index: int, basc: Path) -> dict:
    gdal = gdal_module()
    xml = basc / "PIMs-Merged.xml"
    if not xml.exists():
        raise StepError(f"PIMs2Mnt wrote no {xml.name}: see its output above")
    (gx, rx, _a, gy, _b, ry), z0_alti, z_res = merged_georef(xml)
    prof = gdal.Open(str(basc / "PIMs-Merged_Prof.tif")).ReadAsArray().astype(np.float32)
    masq = gdal.Open(str(basc / "PIMs-Merged_Masq.tif")).ReadAsArray() > 0
    if prof.shape != masq.shape:
        raise StepError(f"PIMs2Mnt's depth and mask differ in size ({prof.shape} / {masq.shape})")
    x0, y0, z0 = grid["offset"]
    z = np.where(masq, prof * np.float32(z_res) + np.float32(z0_alti + z0), np.float32(NODATA)).astype(np.float32)
    path = job.work / "pims" / f"pims_{index:03d}.tif"
    write_geotiff(path, [z], (gx + x0, rx, 0.0, gy + y0, 0.0, ry), grid["epsg"], gdal.GDT_Float32, nodata=NODATA,
                  names=("elevation (PIMs Forest)",))
    cells = int(masq.sum())
    log(f"tile {index}: PIMs {MODE} matched {cells} cells of {abs(rx):.4f} m")
    return {"index": index, "empty": False, "dsm": path.name, "cells": cells, "res": abs(rx)}
