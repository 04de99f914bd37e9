"""Per-step costs measured on this machine for ``scripts/makespan``'s model of the MicMac engine.

- ``measure_mosaic``: the nodes' own ``mm_mosaic`` on synthetic Malt tiles (``--measure-mosaic``);
- ``measure_tapioca``: ``Tapioca File`` at the engine's image size on the brighton_beach photos, in
  the local test cluster's root (``--measure-tapioca``), split into a cost per photo (reading the
  photo and its keypoints, which every chunk that lists the photo pays again) and a cost per pair
  (matching).

CPU time, not wall time: on a shared 2-core machine the wall time is mostly waiting for a core,
and the CPU time is what a node of its own spends.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SURVEY_EPSG = 32633  # the Basento, southern Italy (as scripts/makespan's survey)


def _plugin_path() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_mosaic(folder: Path, tiles: int = 4, ortho_px: int = 2000, zoom: int = 2, threads: int = 2) -> dict:
    """Time the nodes' own ``mm_mosaic`` (``remote/micmac_products.mosaic``: cores cut out, DSM and ortho
    COGs, LAS, PLY, COPC) on ``tiles`` synthetic Malt tiles of ``ortho_px``² ortho pixels each, in
    ``folder``. Returns the seconds and the sizes, to scale to a survey (``mosaic_minutes``)."""
    import numpy as np

    _plugin_path()
    from geomorph_plugin.remote import micmac_malt, micmac_products, micmac_tools
    from geomorph_plugin.remote.common import Job, write_json
    from geomorph_plugin.remote.geotiff import gdal_module, write_geotiff

    folder = Path(folder)
    (folder / "work" / "malt").mkdir(parents=True, exist_ok=True)
    ortho_res, epsg = 0.015, SURVEY_EPSG
    dsm_res, side = ortho_res * zoom, ortho_px * 0.015
    outputs = {"ortho": "outputs/orthomosaic.tif", "dsm": "outputs/dsm.tif", "pointcloud_las": "outputs/p.las",
               "pointcloud_ply": "outputs/p.ply", "pointcloud_copc": "outputs/p.copc.laz"}
    workflow = {"epsg": epsg, "offset": [0.0, 0.0, 0.0], "images": [], "outputs": outputs, "surface": "dense-micmac"}
    (folder / "workflow.json").write_text(json.dumps(workflow), encoding="utf-8")
    job = Job(folder, threads)
    gdal = gdal_module()
    rng = np.random.default_rng(0)
    grid_tiles, points = [], 0
    x0, y0 = 600000.0, 4480000.0
    for t in range(tiles):
        core = [x0 + t * side, y0, x0 + (t + 1) * side, y0 + side]
        box = [core[0] - 0.1 * side, core[1] - 0.1 * side, core[2] + 0.1 * side, core[3] + 0.1 * side]
        n_dsm = round((box[2] - box[0]) / dsm_res)
        z = (50 + rng.normal(0, 1, (n_dsm, n_dsm))).astype(np.float32)
        measured = rng.random((n_dsm, n_dsm)) < 0.9
        gt = (box[0], dsm_res, 0.0, box[3], 0.0, -dsm_res)
        write_geotiff(job.work / "malt" / f"dsm_{t:03d}.tif", [z, measured.astype(np.uint8)], gt, epsg,
                      gdal.GDT_Float32, nodata=micmac_tools.NODATA)
        n_o = round((box[2] - box[0]) / ortho_res)
        rgb = rng.integers(0, 255, (3, n_o, n_o), dtype=np.uint8)
        ogt = (box[0], ortho_res, 0.0, box[3], 0.0, -ortho_res)
        write_geotiff(job.work / "malt" / f"ortho_{t:03d}.tif",
                      [rgb[0], rgb[1], rgb[2], np.full_like(rgb[0], 255)], ogt, epsg, gdal.GDT_Byte, alpha=True)
        tile = {"index": t, "core": [c - o for c, o in zip(core, (x0, y0, x0, y0))],
                "box": [c - o for c, o in zip(box, (x0, y0, x0, y0))], "photos": ["a", "b"]}
        pts = micmac_malt._tile_points({"offset": [x0, y0, 0.0]}, tile, z, measured, gt, rgb, ogt)
        np.save(job.work / "malt" / f"points_{t:03d}.npy", pts)
        points += len(pts)
        grid_tiles.append(tile)
        write_json(job.work / "malt" / f"tile_{t:03d}.json",
                   {"index": t, "dsm": f"dsm_{t:03d}.tif", "ortho": f"ortho_{t:03d}.tif"})
    grid = {"epsg": epsg, "offset": [x0, y0, 0.0], "gsd": ortho_res, "ortho_res": ortho_res, "dsm_res": dsm_res,
            "zoom": zoom, "bounds": [x0, y0, x0 + tiles * side, y0 + side], "tiles": grid_tiles}
    write_json(job.work / "malt" / "tiles.json", grid)

    def cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    started, cpu0 = time.time(), cpu()
    micmac_products.mosaic(job, None)
    seconds = time.time() - started
    # On a shared machine the wall time is mostly waiting for a core; the CPU time is what a node
    # of its own spends (the node's COG writing and the COPC's child use at most 2 threads).
    return {"seconds": seconds, "cpu_seconds": cpu() - cpu0, "ortho_mpx": tiles * ortho_px ** 2 / 1e6,
            "dsm_mpx": tiles * (ortho_px / zoom) ** 2 / 1e6, "points_m": points / 1e6}


def measure_tapioca(photos: Path, size: int = 1000, user: str = "2000:2000") -> dict:
    """CPU seconds of ``mm3d Tapioca File`` (``size`` px, one process) on the photos of ``photos``:
    once with their GPS pairs (``pairs.gps_pairs``, as the engine lists them) and once with only the
    pairs of photos taken one after the other (every photo still read), each from a clean folder
    (Tapioca keeps keypoints between runs). Two runs, two unknowns: per photo and per pair.
    Runs in the local test cluster's root (``scripts/test-cluster``: MicMac installed there), as root."""
    _plugin_path()
    sys.path.insert(0, str(REPO / "scripts"))
    import test_cluster

    from geomorph_plugin.workflow import pairs as pairs_mod
    from geomorph_plugin.workflow.photos import scan_photos

    photo_set = scan_photos(photos)
    names = [p.path.name for p in photo_set.photos]
    gps = pairs_mod.gps_pairs([(p.x, p.y) for p in photo_set.photos])
    order = sorted(range(len(names)), key=lambda i: names[i])
    successive = {tuple(sorted((a, b))) for a, b in zip(order, order[1:])}
    chain = [p for p in gps if tuple(sorted(p)) in successive]
    root = Path(test_cluster.root_dir())
    inside = Path("/home/geomorph/geomorph-measure-tapioca")
    folder = root / inside.relative_to("/")
    runs = {}
    try:
        for label, pairs in (("gps", gps), ("successive", chain)):
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            for p in photo_set.photos:
                shutil.copyfile(p.path, folder / p.path.name)
            (folder / "pairs.xml").write_text(pairs_mod.micmac_pairs_xml(pairs, names), encoding="utf-8")
            subprocess.run(["chown", "-R", user, str(folder)], check=True)
            env = {"HOME": "/home/geomorph", "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
            cpu0, wall0 = _children_cpu(), time.time()
            command = f"cd {inside} && mm3d Tapioca File pairs.xml {int(size)} ByP=1 ExpTxt=1"
            result = subprocess.run([shutil.which("chroot") or "/usr/sbin/chroot", f"--userspec={user}", str(root),
                                     "sh", "-c", command],
                                    env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
            if result.returncode != 0 or not (folder / "Homol").is_dir():
                raise RuntimeError(f"Tapioca failed ({label}): {result.stdout[-2000:]} {result.stderr[-2000:]}")
            runs[label] = {"pairs": len(pairs), "cpu_seconds": _children_cpu() - cpu0,
                           "seconds": time.time() - wall0}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    a, b = runs["gps"], runs["successive"]
    per_pair = (a["cpu_seconds"] - b["cpu_seconds"]) / max(1, a["pairs"] - b["pairs"])
    per_photo = (b["cpu_seconds"] - b["pairs"] * per_pair) / len(names)
    megapixels = photo_set.photos[0].width * photo_set.photos[0].height / 1e6
    return {"size": size, "photos": len(names), "photo_mpx": round(megapixels, 2), "runs": runs,
            "per_pair_s": per_pair, "per_photo_s": per_photo}
