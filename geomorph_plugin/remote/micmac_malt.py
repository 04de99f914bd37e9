"""The MicMac Malt tiles: ``Malt Ortho`` on one ground tile, ``Tawny``, the tile in UTM.

Each tile's DSM has two bands (elevation; 1 = matched in the photos, 0 = interpolated), its
ortho is RGBA, and its matched cells become the dense cloud's points.
"""

from __future__ import annotations

import re
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
    xml_root,
)


def malt(job: Job, args) -> None:
    """``Malt Ortho`` on one ground tile with the photos that see it, ``Tawny``, then the tile's
    DSM (elevation + measured/interpolated band), ortho and depth-map points in UTM."""
    grid = tile_plan(job)
    tile = grid["tiles"][int(args.tile)]
    index = tile["index"]
    out_dir = job.work / "malt"
    result = out_dir / f"tile_{index:03d}.json"
    if len(tile["photos"]) < 2:
        write_json(result, {"index": index, "empty": True, "photos": len(tile["photos"])})
        log(f"tile {index}: fewer than 2 photos see it, nothing to correlate")
        return
    chantier = chantier_dir(job)
    work = fresh_dir(tmp_path(out_dir / f"tile_{index:03d}"))
    try:
        pattern = stage_tile(chantier, work, tile["photos"])
        zoom = int(grid["zoom"])
        box = ",".join(f"{v:.6f}" for v in tile["box"])
        run_mm3d(f"Malt (tile {index})", "Malt", "Ortho", pattern, "Ground", f"BoxTerrain=[{box}]", f"ZoomF={zoom}",
                 f"NbProc={job.threads}", "EZA=1", f"ResolTerrain={grid['ortho_res']}", "DirMEC=MEC", "DirOF=Ortho",
                 cwd=work)
        run_mm3d(f"Tawny (tile {index})", "Tawny", "Ortho/", "RadiomEgal=1", "Out=Orthophotomosaic.tif", cwd=work)
        facts = _export_tile(job, grid, tile, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_json(result, facts)


def _latest_dem(mec: Path, zoom: int) -> Path:
    found = []
    for f in mec.glob(f"Z_Num*_DeZoom{zoom}_STD-MALT.tif"):
        m = re.match(r"Z_Num(\d+)_DeZoom", f.name)
        if m:
            found.append((int(m.group(1)), f))
    if not found:
        raise StepError(f"Malt wrote no DSM at ZoomF {zoom} in {mec.name}: see the Malt output above")
    return max(found)[1]


def _dem_georef(xml: Path) -> tuple:
    """GDAL geotransform (local coordinates) of a MicMac ``FileOriMnt`` file."""
    root = xml_root(xml)
    ox, oy = read_matrix(root.find("OriginePlani").text)
    rx, ry = read_matrix(root.find("ResolutionPlani").text)
    return corner_geotransform(ox, rx, oy, ry)


def _tfw(path: Path) -> tuple:
    a, d, b, e, c, f = [float(v) for v in path.read_text(encoding="ascii").split()[:6]]
    # The world file gives the centre of the top-left pixel; GDAL wants its corner.
    return (c - a / 2 - b / 2, a, b, f - d / 2 - e / 2, d, e)


def _export_tile(job: Job, grid: dict, tile: dict, work: Path) -> dict:
    gdal = gdal_module()
    x0, y0, z0 = grid["offset"]
    zoom = int(grid["zoom"])
    index = tile["index"]
    dem_path = _latest_dem(work / "MEC", zoom)
    gt = _dem_georef(dem_path.with_suffix(".xml"))
    z = gdal.Open(str(dem_path)).ReadAsArray().astype(np.float32)
    measured = _measured_mask(work / "MEC", zoom, z.shape)
    # Malt fills the whole box, regularising across cells it could not correlate; only cells in
    # its automatic mask were matched in the photos. The others stay in the DSM (a surface
    # without holes is what hillshades and volumes want) but band 2 marks them as interpolated.
    gt = (gt[0] + x0, gt[1], 0.0, gt[3] + y0, 0.0, gt[5])
    ortho_src = work / "Ortho" / "Orthophotomosaic.tif"
    ods = gdal.Open(str(ortho_src))
    rgb = ods.ReadAsArray()
    if rgb.ndim == 2:
        rgb = np.stack([rgb] * 3)
    rgb = rgb[:3].astype(np.uint8)
    ogt = _tfw(ortho_src.with_suffix(".tfw"))
    ogt = (ogt[0] + x0, ogt[1], ogt[2], ogt[3] + y0, ogt[4], ogt[5])
    alpha = np.where(rgb.max(axis=0) > 0, 255, 0).astype(np.uint8)
    ortho_path = job.work / "malt" / f"ortho_{index:03d}.tif"
    write_geotiff(ortho_path, [rgb[0], rgb[1], rgb[2], alpha], ogt, grid["epsg"], gdal.GDT_Byte, alpha=True)
    # Malt extrapolates over the whole box; where no photo sees the ground there is no surface.
    # Band 2: 1 matched, 0 interpolated inside the photos' footprint, no data outside it (a GeoTIFF
    # has one no-data value for all its bands).
    seen = _on_dsm_grid(alpha, ogt, gt, z.shape) > 0
    z_abs = np.where(seen, z + np.float32(z0), np.float32(NODATA)).astype(np.float32)
    measured &= seen
    flags = np.where(seen, measured.astype(np.float32), np.float32(NODATA))
    dsm_path = job.work / "malt" / f"dsm_{index:03d}.tif"
    write_geotiff(dsm_path, [z_abs, flags], gt, grid["epsg"], gdal.GDT_Float32, nodata=NODATA,
                  names=("elevation", "measured (1) or interpolated (0)"))
    points = _tile_points(grid, tile, z_abs, measured, gt, rgb, ogt)
    np.save(job.work / "malt" / f"points_{index:03d}.npy", points)
    # The run's matched share is measured on the mosaic over the whole footprint (``dsm_coverage``);
    # the tile's own tells its vegetation fill whether there is anything to fill.
    rows, cols = core_window(gt, z.shape, tile["core"], x0, y0)
    core_seen = int(seen[rows, cols].sum())
    interpolated = float((seen[rows, cols] & ~measured[rows, cols]).sum() / core_seen) if core_seen else 0.0
    return {"index": index, "empty": False, "photos": len(tile["photos"]), "dsm": dsm_path.name,
            "ortho": ortho_path.name, "points": int(len(points)), "dsm_size": [z.shape[1], z.shape[0]],
            "dsm_res": abs(gt[1]), "ortho_res": abs(ogt[1]), "interpolated_share": interpolated}


def _measured_mask(mec: Path, zoom: int, shape) -> np.ndarray:
    """Cells Malt matched in the photos: its last automatic mask at the DSM's size (the cells where
    correlation won over "uncorrelated", see Malt's ``CostTrans``), within the terrain mask
    (the cells that enough photos see)."""
    gdal = gdal_module()
    mask = np.ones(shape, bool)
    terrain = mec / f"Masq_STD-MALT_DeZoom{zoom}.tif"
    if terrain.exists():
        mask &= gdal.Open(str(terrain)).ReadAsArray() > 0
    autos = []
    for f in mec.glob("AutoMask_STD-MALT_Num_*.tif"):
        m = re.match(r"AutoMask_STD-MALT_Num_(\d+)\.tif$", f.name)
        if m:
            autos.append((int(m.group(1)), f))
    for _num, f in sorted(autos, reverse=True):
        auto = gdal.Open(str(f)).ReadAsArray()
        if auto.shape == tuple(shape):
            mask &= auto > 0
            break
    return mask


def _on_dsm_grid(image: np.ndarray, igt, gt, shape) -> np.ndarray:
    """``image`` (georeferenced by ``igt``) sampled at the centres of the DSM's cells."""
    rows, cols = np.indices(shape)
    x = gt[0] + (cols + 0.5) * gt[1]
    y = gt[3] + (rows + 0.5) * gt[5]
    c = np.floor((x - igt[0]) / igt[1]).astype(int)
    r = np.floor((y - igt[3]) / igt[5]).astype(int)
    inside = (c >= 0) & (c < image.shape[1]) & (r >= 0) & (r < image.shape[0])
    out = np.zeros(shape, image.dtype)
    out[inside] = image[r[inside], c[inside]]
    return out


def core_window(gt, shape, core, x0, y0) -> tuple:
    c0 = max(0, int(round((core[0] + x0 - gt[0]) / gt[1])))
    c1 = min(shape[1], int(round((core[2] + x0 - gt[0]) / gt[1])))
    r0 = max(0, int(round((core[3] + y0 - gt[3]) / gt[5])))
    r1 = min(shape[0], int(round((core[1] + y0 - gt[3]) / gt[5])))
    return slice(r0, r1), slice(c0, c1)


def _tile_points(grid, tile, z_abs, measured, gt, rgb, ogt) -> np.ndarray:
    """The measured DSM cells of the tile's core as points (x, y, z, r, g, b), coloured from the ortho:
    Malt's ground-geometry depth map, as ``Nuage2Ply`` would export it."""
    x0, y0, _z0 = grid["offset"]
    rows, cols = core_window(gt, z_abs.shape, tile["core"], x0, y0)
    rr, cc = np.nonzero(measured[rows, cols])
    rr, cc = rr + rows.start, cc + cols.start
    x = gt[0] + (cc + 0.5) * gt[1]
    y = gt[3] + (rr + 0.5) * gt[5]
    oc = np.clip(((x - ogt[0]) / ogt[1]).astype(int), 0, rgb.shape[2] - 1)
    orow = np.clip(((y - ogt[3]) / ogt[5]).astype(int), 0, rgb.shape[1] - 1)
    colours = rgb[:, orow, oc].T.astype(np.float64)
    return np.column_stack([x, y, z_abs[rr, cc].astype(np.float64), colours])
