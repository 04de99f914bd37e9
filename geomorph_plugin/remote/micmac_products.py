"""The MicMac engine's last nodes: the mosaics, the dense cloud, quality figures and ``result.json``."""

from __future__ import annotations

import json
import math
import os

import numpy as np

from .common import Job, StepError, log, tmp_path, write_json
from .geotiff import gdal_module
from .micmac_malt import core_window
from .micmac_pims import FillPass, fact_name
from .micmac_tools import NODATA, chantier_dir, orientations, read_ascii_ply, tile_plan, workflow_options


def mosaic(job: Job, args) -> None:
    """Each tile cut back to its core, GDAL mosaics as COGs with the CRS, the GSD and the engine
    in the metadata, and the dense point cloud (LAS, PLY, COPC)."""
    from . import pointcloud

    gdal = gdal_module()
    grid = tile_plan(job)
    malt_dir = job.work / "malt"
    facts = []
    for tile in grid["tiles"]:
        path = malt_dir / f"tile_{tile['index']:03d}.json"
        if not path.exists():
            raise StepError(f"Malt tile {tile['index']} has not finished ({path.name} is missing)")
        facts.append((tile, json.loads(path.read_text(encoding="utf-8"))))
    done = [(t, f) for t, f in facts if not f.get("empty")]
    if not done:
        raise StepError("no Malt tile produced a surface: no ground tile is seen by two oriented photos")
    x0, y0, _z0 = grid["offset"]
    xmin, ymin, xmax, ymax = grid["bounds"]
    meta = {"GEOMORPH_ENGINE": "micmac", "GEOMORPH_SURFACE": job.workflow.get("surface", "dense-micmac"),
            "GEOMORPH_ZOOMF": str(grid["zoom"]), "GEOMORPH_GSD_M": f"{grid['gsd']:.4f}"}
    for product, res, opts, extra in (
        # Averaged overviews: the COG's default (cubic) overshoots at cliffs and turns band 2's 0/1
        # flags into values like -0.3; averaged, band 2 reads as the share of matched cells.
        ("dsm", grid["dsm_res"], ["COMPRESS=DEFLATE", "PREDICTOR=YES", "BIGTIFF=IF_SAFER",
                                  "OVERVIEW_RESAMPLING=AVERAGE"],
         {"GEOMORPH_DSM_GSD_M": f"{grid['dsm_res']}",
          "GEOMORPH_BAND2": "1 = matched in the photos (by Malt, or by PIMs Forest where Malt interpolated), "
                            "0 = interpolated (by Malt)"}),
        ("ortho", grid["ortho_res"], ["COMPRESS=JPEG", "QUALITY=90", "BIGTIFF=IF_SAFER"],
         {"GEOMORPH_ORTHO_GSD_M": f"{grid['ortho_res']}"}),
    ):
        cores = []
        for tile, fact in done:
            core = tile["core"]
            vrt = f"/vsimem/geomorph_{product}_{tile['index']:03d}.vrt"
            gdal.Translate(vrt, str(malt_dir / fact[product]), format="VRT",
                           projWin=[core[0] + x0, core[3] + y0, core[2] + x0, core[1] + y0])
            cores.append(vrt)
        # Each tile's own cell on top (the overlap was context for Malt); the whole tiles beneath
        # fill what a tile's own photos missed near its border (Tawny's per-tile ortho has gaps there).
        sources = [str(malt_dir / fact[product]) for _t, fact in done] + cores
        final = job.output(product)
        final.parent.mkdir(parents=True, exist_ok=True)
        warped = malt_dir / f"{product}_mosaic.tif"
        nodata = {"srcNodata": NODATA, "dstNodata": NODATA} if product == "dsm" else \
            {"srcAlpha": True, "dstAlpha": True}
        gdal.Warp(str(warped), sources, format="GTiff", outputBounds=[xmin, ymin, xmax, ymax], xRes=res, yRes=res,
                  resampleAlg="near", multithread=True, warpOptions=[f"NUM_THREADS={job.threads}"],
                  creationOptions=["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"], **nodata)
        if product == "dsm":
            filled, fill_xyz = fill_from_pims(job, grid, warped)
        tmp = tmp_path(final).with_suffix(".tif")
        gdal.Translate(str(tmp), str(warped), format="COG", creationOptions=opts + [f"NUM_THREADS={job.threads}"],
                       outputSRS=f"EPSG:{grid['epsg']}",
                       metadataOptions=[f"{k}={v}" for k, v in {**meta, **extra, "GEOMORPH_PRODUCT": product}.items()])
        for v in cores:
            gdal.Unlink(v)
        warped.unlink()
        os.replace(tmp, final)
        log(f"{product}: {final.relative_to(job.root)}")
    arrays = [np.load(malt_dir / f"points_{t['index']:03d}.npy") for t, _f in done]
    if len(fill_xyz):
        arrays.append(coloured(fill_xyz, job.output("ortho")))
    data = np.concatenate(arrays) if arrays else np.zeros((0, 6))
    xyz, rgb = data[:, :3], np.clip(data[:, 3:6], 0, 255).astype(np.uint8)
    pointcloud.write_ply(job.output("pointcloud_ply"), xyz, rgb, comment=f"crs EPSG:{job.epsg}\ngeomorph micmac")
    pointcloud.write_las(job.output("pointcloud_las"), xyz, rgb, job.epsg)
    # The matched share of the footprint is measured on the mosaic (``dsm_coverage`` in the report).
    summary = {"points": int(len(xyz)), "tiles_done": len(done), "tiles_empty": len(facts) - len(done),
               "pims_filled_cells": sum(filled.values()), "cross_filled_cells": filled[FillPass.ACROSS]}
    if "pointcloud_copc" in job.workflow["outputs"]:
        summary["pointcloud_copc_missing"] = pointcloud.write_copc(job.output("pointcloud_las"),
                                                                   job.output("pointcloud_copc"), job.epsg, job.threads)
    write_json(malt_dir / "mosaic.json", summary)


def fill_from_pims(job: Job, grid: dict, dsm_path) -> tuple[dict, np.ndarray]:
    """Malt's interpolated cells (band 2 = 0) that a tile's ``PIMs Forest`` DSMs matched take their
    elevation and become matched (band 2 = 1), within each tile's own cell: the pass along the
    flight lines first, then the pass across them where cells are still interpolated. Returns how
    many, and their centres (x, y, z in UTM) for the dense cloud."""
    if int(workflow_options(job).get("pims_zoom") or 0) <= 0:
        return {kind: 0 for kind in FillPass}, np.zeros((0, 3))
    gdal = gdal_module()
    ds = gdal.Open(str(dsm_path), gdal.GA_Update)
    gt = ds.GetGeoTransform()
    x0, y0, _z0 = grid["offset"]
    filled, points = {}, []
    for kind in FillPass:
        filled[kind] = 0
        for tile in grid["tiles"]:
            path = job.work / "pims" / fact_name(kind, tile["index"])
            if not path.exists():
                raise StepError(f"the vegetation fill of tile {tile['index']} has not finished "
                                f"({path.name} is missing)")
            fact = json.loads(path.read_text(encoding="utf-8"))
            if fact.get("failed"):
                log(f"tile {tile['index']}: no {kind.value} fill (PIMs failed), Malt's interpolated cells stay flagged")
            if fact.get("empty"):
                continue
            rows, cols = core_window(gt, (ds.RasterYSize, ds.RasterXSize), tile["core"], x0, y0)
            w, h = cols.stop - cols.start, rows.stop - rows.start
            if w <= 0 or h <= 0:
                continue
            bounds = [gt[0] + cols.start * gt[1], gt[3] + rows.stop * gt[5], gt[0] + cols.stop * gt[1],
                      gt[3] + rows.start * gt[5]]
            # Nearest: PIMs2Mnt's cells are within a few per cent of Malt's (same ZoomF, unrounded GSD),
            # and nearest keeps every matched cell up to the edge of the depth maps.
            pims = gdal.Warp("", str(job.work / "pims" / fact["dsm"]), format="MEM", outputBounds=bounds, width=w,
                             height=h, resampleAlg="near", srcNodata=NODATA, dstNodata=NODATA)
            pz = pims.GetRasterBand(1).ReadAsArray()
            pims = None
            zb, fb = ds.GetRasterBand(1), ds.GetRasterBand(2)
            z = zb.ReadAsArray(cols.start, rows.start, w, h)
            flags = fb.ReadAsArray(cols.start, rows.start, w, h)
            take = (flags == 0) & (pz != NODATA)
            z[take] = pz[take]
            flags[take] = 1
            zb.WriteArray(z, cols.start, rows.start)
            fb.WriteArray(flags, cols.start, rows.start)
            filled[kind] += int(take.sum())
            rr, cc = np.nonzero(take)
            points.append(np.column_stack([gt[0] + (cc + cols.start + 0.5) * gt[1],
                                           gt[3] + (rr + rows.start + 0.5) * gt[5], z[rr, cc].astype(np.float64)]))
    ds = None
    log(f"vegetation fill: {filled[FillPass.ALONG]} interpolated cells matched by PIMs Forest along the flight "
        f"lines, {filled[FillPass.ACROSS]} more across them")
    return filled, np.concatenate(points) if points else np.zeros((0, 3))


def coloured(xyz: np.ndarray, ortho_path, block: int = 1 << 20) -> np.ndarray:
    """(x, y, z, r, g, b): each point coloured from the orthomosaic's pixel under it, read a strip of
    rows at a time (a survey's ortho is gigabytes)."""
    gdal = gdal_module()
    ds = gdal.Open(str(ortho_path))
    ogt = ds.GetGeoTransform()
    col = np.clip(np.floor((xyz[:, 0] - ogt[0]) / ogt[1]).astype(np.int64), 0, ds.RasterXSize - 1)
    row = np.clip(np.floor((xyz[:, 1] - ogt[3]) / ogt[5]).astype(np.int64), 0, ds.RasterYSize - 1)
    rgb = np.zeros((len(xyz), 3))
    strip = max(1, block // max(1, ds.RasterXSize))
    # Points sorted by strip once: each strip then takes its slice (a scan of every point per
    # strip would be strips x points on a survey).
    order = np.argsort(row // strip, kind="stable")
    strips = row[order] // strip
    for s in np.unique(strips):
        sel = order[np.searchsorted(strips, s):np.searchsorted(strips, s, side="right")]
        r0 = int(s) * strip
        h = min(strip, ds.RasterYSize - r0)
        data = ds.ReadAsArray(0, r0, ds.RasterXSize, h)[:3]
        rgb[sel] = data[:, row[sel] - r0, col[sel]].T
    ds = None
    return np.column_stack([xyz, rgb])


def report(job: Job, args) -> None:
    from .report_step import write_result

    grid = tile_plan(job)
    summary = json.loads((job.work / "malt" / "mosaic.json").read_text(encoding="utf-8"))
    residual = _gps_residual(job, grid)
    quality = _quality(job, grid)
    write_result(job, registered=grid["oriented"], surface=job.workflow.get("surface", "dense-micmac"),
                 points=summary["points"], gsd=grid["gsd"], ortho_res=grid["ortho_res"], dsm_res=grid["dsm_res"],
                 gps_residual=residual, copc_missing=summary.get("pointcloud_copc_missing", ""),
                 extra={"malt_zoom": grid["zoom"],
                        "tie_points": grid["tie_points"], "tiles_empty": summary["tiles_empty"],
                        "pims_filled_m2": summary.get("pims_filled_cells", 0) * grid["dsm_res"] ** 2,
                        "cross_filled_m2": summary.get("cross_filled_cells", 0) * grid["dsm_res"] ** 2,
                        "native_gsd": grid["native_gsd"], **quality})


def _quality(job: Job, grid: dict) -> dict:
    """How dense and how right the DSM is, measured on every run:

    - ``dsm_coverage``: the share of the photos' footprint (where the ortho has a photo) whose DSM
      cell was matched, not interpolated;
    - ``dsm_tiepoint_median_abs_m``: median |DSM - Z| at the bundle-adjusted tie points, on
      matched cells (the dense surface against the orientation's own 3D points).

    Large DSMs are read decimated (at most about 16 million cells): these are statistics.
    """
    gdal = gdal_module()
    ds = gdal.Open(str(job.output("dsm")))
    cols, rows = ds.RasterXSize, ds.RasterYSize
    step = max(1, math.ceil(math.sqrt(cols * rows / 16e6)))
    w, h = max(1, cols // step), max(1, rows // step)
    z = ds.GetRasterBand(1).ReadAsArray(buf_xsize=w, buf_ysize=h)
    measured = ds.GetRasterBand(2).ReadAsArray(buf_xsize=w, buf_ysize=h) == 1 if ds.RasterCount > 1 \
        else np.ones(z.shape, bool)
    gt = ds.GetGeoTransform()
    ds = None
    # The JPEG COG keeps the alpha as a mask: warping with an alpha band gives it back as a band.
    ortho = gdal.Warp("", str(job.output("ortho")), format="MEM", width=w, height=h, dstAlpha=True,
                      outputBounds=[gt[0], gt[3] + rows * gt[5], gt[0] + cols * gt[1], gt[3]], resampleAlg="near")
    seen = ortho.GetRasterBand(ortho.RasterCount).ReadAsArray() > 0
    ortho = None
    coverage = float((measured & seen).sum() / max(1, seen.sum()))
    ties = read_ascii_ply(chantier_dir(job) / "tiepoints.ply")
    x0, y0, z0 = job.offset
    c = np.floor((ties[:, 0] + x0 - gt[0]) / (gt[1] * cols / w)).astype(int)
    r = np.floor((ties[:, 1] + y0 - gt[3]) / (gt[5] * rows / h)).astype(int)
    ok = (c >= 0) & (c < w) & (r >= 0) & (r < h)
    c, r, tz = c[ok], r[ok], ties[ok, 2] + z0
    keep = measured[r, c] & (z[r, c] != NODATA)
    dz = np.abs(z[r, c][keep] - tz[keep])
    median = float(np.median(dz)) if dz.size else None
    log(f"DSM quality: {coverage:.1%} of the footprint matched; median |DSM - tie point Z| "
        + (f"{median:.3f} m over {dz.size} tie points" if median is not None else "not measurable"))
    return {"dsm_coverage": coverage, "dsm_tiepoint_median_abs_m": median, "tie_points_compared": int(dz.size)}


def _gps_residual(job: Job, grid: dict) -> float | None:
    """Median horizontal distance between each oriented camera centre and its GPS position, metres."""
    chantier = chantier_dir(job)
    oris = orientations(chantier / "Ori-Ground")
    x0, y0, _z0 = job.offset
    by_name = {img["name"]: img for img in job.images}
    dists = [math.hypot(o["centre"][0] + x0 - by_name[n]["x"], o["centre"][1] + y0 - by_name[n]["y"])
             for n, o in oris.items() if n in by_name]
    return float(np.median(dists)) if dists else None
