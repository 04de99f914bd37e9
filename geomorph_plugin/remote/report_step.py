"""The last node: ``outputs/result.json`` (what the SfM algorithm reads) and ``timings.json``."""

from __future__ import annotations

import json
import time

from .colmap_model import read_images
from .common import Job, StepError, write_json


def _lonlat_bounds(bounds, epsg: int) -> list:
    from osgeo import osr

    src = osr.SpatialReference()
    src.ImportFromEPSG(epsg)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    xmin, ymin, xmax, ymax = bounds
    corners = [ct.TransformPoint(x, y)[:2] for x in (xmin, xmax) for y in (ymin, ymax)]
    return [min(c[0] for c in corners), min(c[1] for c in corners), max(c[0] for c in corners),
            max(c[1] for c in corners)]


def collect_timings(job: Job) -> list:
    rows = []
    for path in sorted((job.root / "timings").glob("*.json")):
        try:
            rows.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return rows


def report(job: Job, args) -> None:
    """The COLMAP engine's last node."""
    grid = json.loads((job.work / "tiles" / "grid.json").read_text(encoding="utf-8"))
    georef = json.loads((job.work / "sparse_utm" / "georeference.json").read_text(encoding="utf-8"))
    registered = sorted(im.name for im in read_images(job.work / "dense" / "sparse_txt" / "images.txt").values())
    write_result(job, registered=registered, surface=grid["surface"], points=grid["points"], gsd=grid["gsd"],
                 ortho_res=grid["ortho_res"], dsm_res=grid["dsm_res"],
                 gps_residual=georef.get("gps_residual_median_m"),
                 copc_missing=grid.get("pointcloud_copc_missing", ""))


def write_result(job: Job, *, registered, surface: str, points: int, gsd: float, ortho_res: float, dsm_res: float,
                 gps_residual, copc_missing: str = "", extra: dict | None = None) -> None:
    """``outputs/result.json`` and ``timings.json``, the same for every engine."""
    from osgeo import gdal

    gdal.UseExceptions()
    outputs = job.workflow["outputs"]
    for key in ("ortho", "dsm", "pointcloud_las", "pointcloud_ply"):
        if not job.output(key).exists():
            raise StepError(f"output {outputs[key]} is missing")
    registered = sorted(registered)
    names = {img["name"]: img["photo"][len("photos/"):] for img in job.images}
    ds = gdal.Open(str(job.output("ortho")))
    gt = ds.GetGeoTransform()
    bounds = [gt[0], gt[3] + gt[5] * ds.RasterYSize, gt[0] + gt[1] * ds.RasterXSize, gt[3]]
    ortho_size = [ds.RasterXSize, ds.RasterYSize]
    ds = None
    timings = collect_timings(job)
    result = {
        "format": "geomorph-sfm-result",
        "version": 1,
        "engine": job.workflow.get("engine", "colmap"),
        "surface": surface,
        "images_total": len(job.images),
        "images_registered": len(registered),
        "unregistered_photos": sorted(names[n] for n in names if n not in set(registered)),
        "points": points,
        "crs": f"EPSG:{job.epsg}",
        "epsg": job.epsg,
        "bounds": bounds,
        "bounds_lonlat": _lonlat_bounds(bounds, job.epsg),
        "ortho_resolution": ortho_res,
        "dsm_resolution": dsm_res,
        "gsd": gsd,
        "ortho_size": ortho_size,
        "gps_residual_median_m": gps_residual,
        # Why outputs/pointcloud_*.copc.laz is missing (no PDAL nor copclib on the node), "" when written.
        "pointcloud_copc_missing": copc_missing,
        "outputs": outputs,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **(extra or {}),
    }
    write_json(job.root / "outputs" / "timings.json", timings)
    write_json(job.output("result"), result)
