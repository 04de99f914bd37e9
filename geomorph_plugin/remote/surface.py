"""From the georeferenced model to the products: point cloud, DSM and ortho tiles, COG mosaics.

- ``points``: the dense cloud (``fused.ply``) or, without GPU nodes, the sparse SfM points (the
  fast path, labelled ``sparse-fast-path`` in file names and in the GDAL metadata item
  ``GEOMORPH_SURFACE``); writes PLY + LAS (+ COPC with PDAL or copclib) and the tile grid shared by the tile nodes.
- ``dsm --tile N``: GDAL gridding of the tile's points (Delaunay ``linear`` for the sparse
  cloud, cell means + ``FillNodata`` for the dense one), computed with a margin so neighbours
  agree at the seams.
- ``ortho --tile N``: every DSM-derived ortho pixel projected into the undistorted photos
  that see it (COLMAP poses and pinhole intrinsics), colours blended with weights that fall
  to zero at the photo borders and favour the photo centre (feathering, no seam lines).
- ``mosaic``: VRTs of the tiles turned into Cloud-Optimized GeoTIFFs with the UTM CRS.

All coordinates inside the model are UTM minus ``workflow.json``'s offset; outputs are in UTM.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np

from . import pointcloud
from .colmap_model import pinhole, read_cameras, read_images, read_points
from .common import InputError, Job, StepError, log, tmp_path, write_json
from .geotiff import gdal_module, write_geotiff

NODATA = -9999.0
SURFACE_DENSE = "dense"
SURFACE_FAST = "sparse-fast-path"


def _model_dir(job: Job) -> Path:
    return job.work / "dense" / "sparse_txt"


def _load_cloud(job: Job) -> tuple:
    if job.workflow["surface"] == SURFACE_DENSE:
        xyz, rgb = pointcloud.read_ply(job.work / "dense" / "fused.ply")
    else:
        xyz, rgb, err, track = read_points(_model_dir(job) / "points3D.txt")
        # Two-view points with large errors are the usual sparse outliers.
        keep = (err < 2.0) & ((track >= 3) | (err < 1.0))
        xyz, rgb = xyz[keep], rgb[keep]
    if len(xyz) < 10:
        raise InputError(f"the reconstruction has only {len(xyz)} points: too few to grid a surface")
    # Spikes far above or below the ground spoil the DSM: drop points beyond 6 robust sigmas.
    z = xyz[:, 2]
    med = np.median(z)
    mad = np.median(np.abs(z - med)) * 1.4826 + 1e-6
    keep = np.abs(z - med) < 6 * mad + 1.0
    return xyz[keep], rgb[keep]


def _round_res(value: float) -> float:
    """A tidy resolution (1, 2 or 5 times a power of ten) not finer than ``value``."""
    exp = math.floor(math.log10(value))
    for m in (1, 2, 5, 10):
        if m * 10**exp >= value * 0.999:
            return m * 10**exp
    return 10 ** (exp + 1)


def points(job: Job, args) -> None:
    xyz, rgb = _load_cloud(job)
    surface = job.workflow["surface"]
    cameras = read_cameras(_model_dir(job) / "cameras.txt")
    images = read_images(_model_dir(job) / "images.txt")
    ground = float(np.median(xyz[:, 2]))
    gsds = []
    for im in images.values():
        fx, fy, _cx, _cy = pinhole(cameras[im.camera_id])
        height = im.centre[2] - ground
        if height > 0:
            gsds.append(height / fx)
    if not gsds:
        raise StepError("no camera is above the reconstructed ground: the georeferencing is upside down")
    gsd = float(np.median(gsds))
    opts = job.options
    ortho_res = float(opts.get("ortho_resolution") or 0) or _round_res(gsd)
    factor_default = 2 if surface == SURFACE_DENSE else 5
    dsm_res = float(opts.get("dsm_resolution") or 0) or ortho_res * factor_default
    factor = max(1, round(dsm_res / ortho_res))
    dsm_res = ortho_res * factor

    x0, y0, z0 = job.offset
    lo = np.percentile(xyz[:, :2], 0.2, axis=0)
    hi = np.percentile(xyz[:, :2], 99.8, axis=0)
    xmin = math.floor((lo[0] + x0) / dsm_res) * dsm_res
    ymin = math.floor((lo[1] + y0) / dsm_res) * dsm_res
    xmax = math.ceil((hi[0] + x0) / dsm_res) * dsm_res
    ymax = math.ceil((hi[1] + y0) / dsm_res) * dsm_res
    cols = max(1, round((xmax - xmin) / dsm_res))
    rows = max(1, round((ymax - ymin) / dsm_res))
    nx, ny = job.workflow["tiles"]
    col_edges = np.linspace(0, cols, nx + 1).round().astype(int)
    row_edges = np.linspace(0, rows, ny + 1).round().astype(int)
    tiles = []
    for r in range(ny):
        for c in range(nx):
            tiles.append({"index": len(tiles), "col0": int(col_edges[c]), "cols": int(col_edges[c + 1] - col_edges[c]),
                          "row0": int(row_edges[r]), "rows": int(row_edges[r + 1] - row_edges[r])})

    tiles_dir = job.work / "tiles"
    tiles_dir.mkdir(parents=True, exist_ok=True)
    np.save(tiles_dir / "points.npy", np.concatenate([xyz, rgb.astype(np.float64)], axis=1))
    grid = {"epsg": job.epsg, "offset": [x0, y0, z0], "surface": surface, "gsd": gsd, "ortho_res": ortho_res,
            "dsm_res": dsm_res, "factor": factor, "xmin": xmin, "ymax": ymax, "cols": cols, "rows": rows,
            "tiles": tiles, "points": int(len(xyz))}
    absolute = xyz + np.array([x0, y0, z0])
    job.output("pointcloud_ply").parent.mkdir(parents=True, exist_ok=True)
    pointcloud.write_ply(job.output("pointcloud_ply"), absolute, rgb,
                         comment=f"crs EPSG:{job.epsg}\ngeomorph surface {surface}")
    pointcloud.write_las(job.output("pointcloud_las"), absolute, rgb, job.epsg)
    if "pointcloud_copc" in job.workflow["outputs"]:
        # Optional: "" when written, else why not (no PDAL nor copclib on this node), for result.json.
        grid["pointcloud_copc_missing"] = pointcloud.write_copc(job.output("pointcloud_las"),
                                                                job.output("pointcloud_copc"), job.epsg, job.threads)
    write_json(tiles_dir / "grid.json", grid)
    log(f"{len(xyz)} points ({surface}); GSD {gsd:.3f} m, ortho {ortho_res} m, DSM {dsm_res} m, "
        f"{cols}x{rows} DSM cells in {nx}x{ny} tiles")


def _grid(job: Job) -> dict:
    return json.loads((job.work / "tiles" / "grid.json").read_text(encoding="utf-8"))


def _tile_bounds(grid: dict, tile: dict) -> tuple:
    """(xmin, ymin, xmax, ymax) of a tile in absolute UTM."""
    res = grid["dsm_res"]
    xmin = grid["xmin"] + tile["col0"] * res
    ymax = grid["ymax"] - tile["row0"] * res
    return xmin, ymax - tile["rows"] * res, xmin + tile["cols"] * res, ymax


def dsm(job: Job, args) -> None:
    gdal = gdal_module()
    grid = _grid(job)
    tile = grid["tiles"][int(args.tile)]
    res = grid["dsm_res"]
    x0, y0, z0 = grid["offset"]
    txmin, tymin, txmax, tymax = _tile_bounds(grid, tile)
    margin = max(10 * res, 0.1 * max(txmax - txmin, tymax - tymin))
    data = np.load(job.work / "tiles" / "points.npy")
    ax, ay = data[:, 0] + x0, data[:, 1] + y0
    sel = (ax >= txmin - margin) & (ax <= txmax + margin) & (ay >= tymin - margin) & (ay <= tymax + margin)
    pts = data[sel]
    cols, rows = tile["cols"], tile["rows"]
    out = np.full((rows, cols), NODATA, dtype=np.float32)
    if len(pts) >= 3:
        # Gridding runs in local coordinates (small numbers keep float32 exact), on the tile
        # plus its margin, then the tile core is cut out.
        mc = int(math.ceil(margin / res))
        ext_cols, ext_rows = cols + 2 * mc, rows + 2 * mc
        exmin, eymax = txmin - mc * res - x0, tymax + mc * res - y0
        if grid["surface"] == SURFACE_DENSE:
            ci = np.floor((pts[:, 0] - exmin) / res).astype(int)
            ri = np.floor((eymax - pts[:, 1]) / res).astype(int)
            ok = (ci >= 0) & (ci < ext_cols) & (ri >= 0) & (ri < ext_rows)
            flat = ri[ok] * ext_cols + ci[ok]
            sums = np.bincount(flat, weights=pts[ok, 2] + z0, minlength=ext_rows * ext_cols)
            counts = np.bincount(flat, minlength=ext_rows * ext_cols)
            ext = np.where(counts > 0, sums / np.maximum(counts, 1), NODATA).reshape(ext_rows, ext_cols)
            mem = gdal.GetDriverByName("MEM").Create("", ext_cols, ext_rows, 1, gdal.GDT_Float32)
            band = mem.GetRasterBand(1)
            band.SetNoDataValue(NODATA)
            band.WriteArray(ext.astype(np.float32))
            gdal.FillNodata(band, None, maxSearchDist=10, smoothingIterations=0)
            ext = band.ReadAsArray()
        else:
            csv = f"/vsimem/geomorph_dsm_{os.getpid()}_{tile['index']}.csv"
            lines = "x,y,z\n" + "".join(f"{p[0]:.4f},{p[1]:.4f},{p[2] + z0:.4f}\n" for p in pts)
            gdal.FileFromMemBuffer(csv, lines.encode("ascii"))
            src = gdal.OpenEx(csv, gdal.OF_VECTOR,
                              open_options=["X_POSSIBLE_NAMES=x", "Y_POSSIBLE_NAMES=y", "Z_POSSIBLE_NAMES=z"])
            radius = 20 * res
            mem = gdal.Grid("", src, format="MEM", width=ext_cols, height=ext_rows, outputType=gdal.GDT_Float32,
                            outputBounds=[exmin, eymax, exmin + ext_cols * res, eymax - ext_rows * res],
                            algorithm=f"linear:radius={radius}:nodata={NODATA}", zfield="z")
            src = None
            gdal.Unlink(csv)
            ext = mem.GetRasterBand(1).ReadAsArray()
        out = ext[mc:mc + rows, mc:mc + cols].astype(np.float32)
    path = job.work / "tiles" / f"dsm_{tile['index']:03d}.tif"
    write_geotiff(path, [out], (txmin, res, 0, tymax, 0, -res), grid["epsg"], gdal.GDT_Float32, nodata=NODATA,
                  metadata={"GEOMORPH_SURFACE": grid["surface"], "GEOMORPH_PRODUCT": "dsm-tile"})
    log(f"DSM tile {tile['index']}: {len(pts)} points, {int((out != NODATA).sum())}/{out.size} cells")


def _bilinear(z: np.ndarray, fr: np.ndarray, fc: np.ndarray) -> np.ndarray:
    """Sample ``z`` (with NODATA) at fractional row/col, nodata where any neighbour is missing."""
    rows, cols = z.shape
    fr = np.clip(fr, 0, rows - 1)
    fc = np.clip(fc, 0, cols - 1)
    r0 = np.minimum(np.floor(fr).astype(int), rows - 1)
    c0 = np.minimum(np.floor(fc).astype(int), cols - 1)
    r1 = np.minimum(r0 + 1, rows - 1)
    c1 = np.minimum(c0 + 1, cols - 1)
    dr, dc = fr - r0, fc - c0
    q = [z[r0, c0], z[r0, c1], z[r1, c0], z[r1, c1]]
    bad = np.zeros(fr.shape, dtype=bool)
    for v in q:
        bad |= v == NODATA
    val = (q[0] * (1 - dr) * (1 - dc) + q[1] * (1 - dr) * dc + q[2] * dr * (1 - dc) + q[3] * dr * dc)
    return np.where(bad, np.nan, val)


def ortho(job: Job, args) -> None:
    gdal = gdal_module()
    grid = _grid(job)
    tile = grid["tiles"][int(args.tile)]
    res, f = grid["ortho_res"], grid["factor"]
    x0, y0, z0 = grid["offset"]
    txmin, tymin, txmax, tymax = _tile_bounds(grid, tile)
    dsm_ds = gdal.Open(str(job.work / "tiles" / f"dsm_{tile['index']:03d}.tif"))
    zgrid = dsm_ds.GetRasterBand(1).ReadAsArray().astype(np.float64)
    dsm_ds = None
    cols, rows = tile["cols"] * f, tile["rows"] * f
    # Ortho pixel centres in DSM cell coordinates (cell centres sit at .5).
    fc = (np.arange(cols) + 0.5) / f - 0.5
    fr = (np.arange(rows) + 0.5) / f - 0.5
    frr, fcc = np.meshgrid(fr, fc, indexing="ij")
    zz = _bilinear(zgrid, frr, fcc) - z0
    xx = (txmin - x0) + (np.arange(cols) + 0.5) * res
    yy = (tymax - y0) - (np.arange(rows) + 0.5) * res
    X = np.broadcast_to(xx[None, :], (rows, cols))  # noqa: N806 - world coordinates
    Y = np.broadcast_to(yy[:, None], (rows, cols))  # noqa: N806
    valid = np.isfinite(zz)
    acc = np.zeros((3, rows, cols), dtype=np.float64)
    wsum = np.zeros((rows, cols), dtype=np.float64)

    cameras = read_cameras(_model_dir(job) / "cameras.txt")
    images = read_images(_model_dir(job) / "images.txt")
    ground = float(np.nanmedian(zz)) if valid.any() else 0.0
    centre = np.array([(txmin + txmax) / 2 - x0, (tymin + tymax) / 2 - y0])
    half_diag = 0.5 * math.hypot(txmax - txmin, tymax - tymin)
    used = 0
    for im in sorted(images.values(), key=lambda i: i.name):
        cam = cameras[im.camera_id]
        fx, fy, cx, cy = pinhole(cam)
        c = im.centre
        footprint = max(c[2] - ground, 1.0) * max(cam.width / fx, cam.height / fy)
        if np.linalg.norm(c[:2] - centre) > half_diag + footprint or not valid.any():
            continue
        R, t = im.rotation, im.translation  # noqa: N806
        pts = np.stack([X[valid], Y[valid], zz[valid]], axis=0)
        pc = R @ pts + t[:, None]
        front = pc[2] > 1e-3
        u = fx * pc[0] / np.where(front, pc[2], 1) + cx
        v = fy * pc[1] / np.where(front, pc[2], 1) + cy
        inside = front & (u >= 0) & (u <= cam.width - 1) & (v >= 0) & (v <= cam.height - 1)
        if not inside.any():
            continue
        ds = gdal.Open(str(job.work / "dense" / "images" / im.name))
        pix = ds.ReadAsArray()
        ds = None
        if pix.ndim == 2:
            pix = np.stack([pix] * 3)
        ui = np.round(u[inside]).astype(int)
        vi = np.round(v[inside]).astype(int)
        border = np.minimum.reduce([u[inside], cam.width - 1 - u[inside], v[inside], cam.height - 1 - v[inside]])
        feather = np.clip(border / (0.15 * min(cam.width, cam.height)), 0, 1)
        radial = np.hypot((u[inside] - cx) / cam.width, (v[inside] - cy) / cam.height)
        # Feathering: weights fall smoothly to 0 at the photo border, so where photos meet the
        # colours blend instead of switching; the radial term prefers the nadir view.
        w = feather ** 2 / (0.05 + radial ** 2)
        idx = np.flatnonzero(valid)[inside]
        rr, cc = np.unravel_index(idx, (rows, cols))
        for b in range(3):
            acc[b, rr, cc] += w * pix[b, vi, ui]
        wsum[rr, cc] += w
        used += 1
    out = np.zeros((4, rows, cols), dtype=np.uint8)
    have = wsum > 0
    for b in range(3):
        out[b][have] = np.clip(np.round(acc[b][have] / wsum[have]), 0, 255).astype(np.uint8)
    out[3][have] = 255
    path = job.work / "tiles" / f"ortho_{tile['index']:03d}.tif"
    write_geotiff(path, list(out), (txmin, res, 0, tymax, 0, -res), grid["epsg"], gdal.GDT_Byte, alpha=True,
                  metadata={"GEOMORPH_SURFACE": grid["surface"], "GEOMORPH_PRODUCT": "ortho-tile"})
    log(f"ortho tile {tile['index']}: {cols}x{rows} px from {used} photos, {have.mean() * 100:.0f}% covered")


def mosaic(job: Job, args) -> None:
    gdal = gdal_module()
    grid = _grid(job)
    tiles_dir = job.work / "tiles"
    n = len(grid["tiles"])
    surface = grid["surface"]
    for product, prefix, opts in (
        ("dsm", "dsm", ["COMPRESS=DEFLATE", "PREDICTOR=YES", "BIGTIFF=IF_SAFER"]),
        ("ortho", "ortho", ["COMPRESS=JPEG", "QUALITY=90", "BIGTIFF=IF_SAFER"]),
    ):
        parts = [tiles_dir / f"{prefix}_{i:03d}.tif" for i in range(n)]
        missing = [p.name for p in parts if not p.exists()]
        if missing:
            raise StepError(f"{product} tiles missing: {', '.join(missing)}")
        vrt = str(tiles_dir / f"{prefix}.vrt")
        gdal.BuildVRT(vrt, [str(p) for p in parts])
        final = job.output(product)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = tmp_path(final).with_suffix(".tif")
        # The surface label travels inside the file, not just in its name.
        note = "dense matching" if surface == SURFACE_DENSE else "fast path from the sparse SfM cloud"
        meta = [f"GEOMORPH_SURFACE={surface}", f"GEOMORPH_PRODUCT={product}", f"GEOMORPH_NOTE={note}"]
        gdal.Translate(str(tmp), vrt, format="COG", creationOptions=opts + [f"NUM_THREADS={job.threads}"],
                       outputSRS=f"EPSG:{grid['epsg']}",
                       metadataOptions=meta)
        os.replace(tmp, final)
        log(f"{product}: {final.relative_to(job.root)}")
