"""The MicMac steps up to the Malt tiles: photos and GPS, Tapioca per pair chunk, orientation.

``mm_prepare`` -> ``tapioca --chunk N`` -> ``tapas`` (the chunks' tie points merged, ``Tapas``,
``CenterBascule``, ``Campari`` with GPS weights, ``AperiCloud`` tie points, the ground tiles).
See ``micmac_tools`` for the folders and coordinates.
"""

from __future__ import annotations

import math
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from .common import InputError, Job, StepError, downscale_photo, fresh_dir, log, replace_dir, tmp_path, write_json
from .micmac_tools import (
    PATTERN,
    chantier_dir,
    link_photos,
    orientations,
    read_ascii_ply,
    read_calibration,
    run_mm3d,
    workflow_options,
    xml_root,
)

# Share of a Malt tile's width added on each side that has a neighbouring tile: correlation
# windows and Malt's regularisation need context at the tile border. At ZoomF 2 on 2 cm photos
# 10% is metres, far more than they reach; the mosaic keeps only each tile's own cell. On the
# block's outer edge there is no overlap: that edge is the tie points' extent (0.5-99.5
# percentile), the same border a plain Malt run over the whole area has, and nothing beyond it
# is kept.
TILE_OVERLAP = 0.1
# The vegetation fill's photos for a tile: those whose centre is within this share of a photo's
# half diagonal (on the ground) of the tile's own cell. Each photo's depth map covers its whole
# footprint, so these masters already cover the cell several times over; Malt's wider set (the
# photos that see any of the box) would make a depth map of every photo in 4-10 tiles.
PIMS_REACH = 0.5
# Tapas's final mean residual above which the orientation is not worth building on, pixels (the
# source's brighton run: 0.90 px).
MAX_TAPAS_RESIDUAL_PX = 5.0
# Fewer tie points than this between two photos are chance matches, not overlap (Tapioca keeps a
# handful between photos that do not overlap).
MIN_PAIR_TIE_POINTS = 10


def prepare(job: Job, args) -> None:
    """Photos (linked, or downscaled with their EXIF) and the GPS positions as MicMac's ``RAWGNSS``."""
    max_size = int(job.options.get("max_image_size") or 0)
    final = chantier_dir(job)
    tmp = fresh_dir(tmp_path(final))
    missing = [img["photo"] for img in job.images if not job.path(img["photo"]).is_file()]
    if missing:
        raise InputError(f"{len(missing)} photos were not uploaded to the job directory, e.g. {missing[0]}")

    def one(img) -> None:
        src = job.path(img["photo"])
        if max_size:
            downscale_photo(src, tmp / img["name"], max_size)
        else:
            os.symlink(os.path.relpath(src, final), tmp / img["name"])

    with ThreadPoolExecutor(max_workers=job.threads) as pool:
        list(pool.map(one, job.images))
    x0, y0, z0 = job.offset
    (tmp / "gps.txt").write_text("#F=N X Y Z\n" + "".join(
        f"{img['name']} {img['x'] - x0:.4f} {img['y'] - y0:.4f} {img['z'] - z0:.4f}\n" for img in job.images),
        encoding="utf-8")
    run_mm3d("OriConvert", "OriConvert", "OriTxtInFile", "gps.txt", "RAWGNSS_N", cwd=tmp)
    replace_dir(tmp, final)
    log(f"prepared {len(job.images)} photos for MicMac" + (f" (longest side {max_size} px)" if max_size else ""))


def _pairs(path: Path) -> list[tuple[str, str]]:
    root = xml_root(path)
    return [tuple(c.text.split()) for c in root.iter("Cple") if c.text and len(c.text.split()) == 2]


def tapioca(job: Job, args) -> None:
    """``Tapioca File`` on one chunk of GPS pairs, in a folder of its own."""
    chunk = int(args.chunk)
    pairs_file = job.path(f"pairs/micmac_{chunk:03d}.xml")
    pairs = _pairs(pairs_file)
    names = sorted({n for p in pairs for n in p})
    final = job.work / "homol" / f"chunk_{chunk:03d}"
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = fresh_dir(tmp_path(final))
    link_photos(chantier_dir(job), tmp, names)
    shutil.copyfile(pairs_file, tmp / "pairs.xml")
    size = int(workflow_options(job).get("tapioca_size") or 1000)
    # Text tie points: the merge writes each pair's reverse file by swapping columns (Tapioca File
    # matches each listed pair one way; Tapas reads both directions).
    run_mm3d("Tapioca", "Tapioca", "File", "pairs.xml", size, f"ByP={job.threads}", "ExpTxt=1", cwd=tmp)
    homol = tmp / "Homol"
    files = list(homol.rglob("*.txt")) if homol.is_dir() else []
    # Only the tie points travel on: the keypoint files are large and used by no later step.
    for child in tmp.iterdir():
        if child.name != "Homol":
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    replace_dir(tmp, final)
    log(f"chunk {chunk}: {len(pairs)} pairs, {len(files)} tie-point files")


def _merge_homol(job: Job, chantier: Path) -> dict[str, set]:
    """Every chunk's ``Homol/Pastis<a>/<b>.txt`` into the chantier's ``Homol``, each with its
    reverse ``Pastis<b>/<a>.txt``; returns which photos each photo shares tie points with."""
    target = chantier / "Homol"
    if target.exists():
        shutil.rmtree(target)
    links: dict[str, set] = {img["name"]: set() for img in job.images}
    for chunk in sorted((job.work / "homol").glob("chunk_[0-9][0-9][0-9]")):
        for txt in (chunk / "Homol").glob("Pastis*/*.txt"):
            a, b = txt.parent.name[len("Pastis"):], txt.stem
            if a not in links or b not in links:
                continue
            rows = [line.split() for line in txt.read_text(encoding="ascii", errors="replace").splitlines()]
            rows = [r for r in rows if len(r) >= 4]
            if not rows:
                continue
            for src, dst, order in ((a, b, (0, 1, 2, 3)), (b, a, (2, 3, 0, 1))):
                dest = target / f"Pastis{src}" / f"{dst}.txt"
                dest.parent.mkdir(parents=True, exist_ok=True)
                weight = [r[4] if len(r) > 4 else "1" for r in rows]
                dest.write_text("".join(" ".join([r[i] for i in order] + [w]) + "\n" for r, w in zip(rows, weight)),
                                encoding="ascii")
            if len(rows) >= MIN_PAIR_TIE_POINTS:
                links[a].add(b)
                links[b].add(a)
    return links


def connected_groups(links: dict[str, set]) -> list[list[str]]:
    """The photos in groups that tie points connect, largest first."""
    seen, groups = set(), []
    for start in sorted(links):
        if start in seen:
            continue
        group, todo = [], [start]
        seen.add(start)
        while todo:
            name = todo.pop()
            group.append(name)
            for other in links[name] - seen:
                seen.add(other)
                todo.append(other)
        groups.append(sorted(group))
    return sorted(groups, key=lambda g: (-len(g), g))


def tapas(job: Job, args) -> None:
    """Merge the tie points, ``Tapas`` (relative), ``CenterBascule`` + ``Campari`` (GPS), tie points, tiles."""
    chantier = chantier_dir(job)
    links = _merge_homol(job, chantier)
    groups = connected_groups(links)
    names = {img["name"]: img["photo"][len("photos/"):] for img in job.images}
    block = groups[0]
    if len(block) < 3 or len(block) < 0.5 * len(links):
        raise InputError(f"the photos share too few tie points: they fall into {len(groups)} groups that no tie "
                         f"points connect (the largest has {len(block)} of {len(links)} photos). The overlap between "
                         "neighbouring photos is too small: fly with at least 70% forward and 60% side overlap, "
                         "or check that the photos are of one place")
    left_out = sorted(n for g in groups[1:] for n in g)
    if left_out:
        log(f"{len(left_out)} photos share no tie points with the main block and are left out: "
            + ", ".join(names[n] for n in left_out[:10]))
    opts = workflow_options(job)
    model = str(opts.get("calibration_model") or "RadialStd")
    for ori in ("Ori-Rel", "Ori-Bascule", "Ori-Ground"):
        if (chantier / ori).exists():
            shutil.rmtree(chantier / ori)
    # Tapas cannot join blocks that no tie points connect: it orients the main block only.
    pattern = PATTERN if not left_out else "(" + "|".join(re.escape(n) for n in block) + ")"
    tail = run_mm3d(f"Tapas {model} (the relative orientation's bundle adjustment)", "Tapas", model, pattern,
                    "Out=Rel", "ExpTxt=1", cwd=chantier)
    residual = tapas_residual(tail)
    # Tapas exits 0 and writes an orientation even when its adjustment diverged (residual nan):
    # everything after it would be built on that.
    if residual is None or not math.isfinite(residual) or residual > MAX_TAPAS_RESIDUAL_PX:
        raise StepError(f"MicMac Tapas {model} did not converge (final residual {residual} px; photos that are "
                        "copies of each other, or taken from one spot, give no geometry to solve). Its last lines:\n"
                        + "".join(tail[-15:]))
    log(f"Tapas {model}: residual {residual:.3f} px")
    gps = _level_if_altitudes_drift(job, chantier, pattern)
    accuracy = float(opts.get("gps_accuracy") or 5.0)
    run_mm3d("Campari", "Campari", pattern, "Bascule", "Ground", f"EmGPS=[{gps},{accuracy}]", "AllFree=1",
             "ExpTxt=1", cwd=chantier)
    run_mm3d("AperiCloud", "AperiCloud", pattern, "Ground", "Out=tiepoints.ply", "WithCam=0", "Bin=0",
             "ExpTxt=1", cwd=chantier)
    oris = orientations(chantier / "Ori-Ground")
    if len(oris) < 2:
        raise StepError("Campari oriented fewer than 2 photos: see the Tapas output above")
    ties = read_ascii_ply(chantier / "tiepoints.ply")
    _plan_tiles(job, oris, ties)


def _bascule_residual(job: Job, chantier: Path, level: bool) -> float:
    """Median 3D distance between the ``Bascule`` camera centres and the GPS positions (levelled
    to their median altitude when ``level``), metres."""
    x0, y0, z0 = job.offset
    gps = {img["name"]: (img["x"] - x0, img["y"] - y0, img["z"] - z0) for img in job.images}
    zs = sorted(v[2] for v in gps.values())
    flat = zs[len(zs) // 2]
    dists = []
    for name, o in orientations(chantier / "Ori-Bascule").items():
        if name in gps:
            gx, gy, gz = gps[name]
            dists.append(math.dist(o["centre"], (gx, gy, flat if level else gz)))
    return float(np.median(dists)) if dists else float("inf")


def _level_if_altitudes_drift(job: Job, chantier: Path, pattern: str) -> str:
    """``CenterBascule`` onto the GPS; returns the GPS orientation that Campari should weigh.

    Consumer GPS altitudes can drift tens of metres over a flight (caliterra: 114 m), and a block
    scaled and turned onto them comes out tilted (39 degrees there). When the 3D fit is off by more
    than ``alignment_max_error`` / 2 (median), the fit is made again onto the positions at their
    median altitude: the camera heights the block then gets are level, as over the flat ground of
    a nadir grid. It is kept only if it fits the GPS better in plan, so a terrain-following flight
    keeps its altitudes.
    """
    run_mm3d("CenterBascule", "CenterBascule", pattern, "Rel", "RAWGNSS_N", "Bascule", cwd=chantier)
    fit_3d = _bascule_residual(job, chantier, level=False)
    limit = 0.5 * float(job.options.get("alignment_max_error") or 10.0)
    if fit_3d <= limit:
        return "RAWGNSS_N"
    x0, y0, z0 = job.offset
    flat = float(np.median([img["z"] for img in job.images])) - z0
    (chantier / "gps_level.txt").write_text("#F=N X Y Z\n" + "".join(
        f"{img['name']} {img['x'] - x0:.4f} {img['y'] - y0:.4f} {flat:.4f}\n" for img in job.images), encoding="utf-8")
    run_mm3d("OriConvert", "OriConvert", "OriTxtInFile", "gps_level.txt", "RAWGNSS_L", cwd=chantier)
    run_mm3d("CenterBascule", "CenterBascule", pattern, "Rel", "RAWGNSS_L", "Bascule", cwd=chantier)
    fit_level = _bascule_residual(job, chantier, level=True)
    if fit_level < fit_3d:
        log(f"the GPS altitudes do not fit the block ({fit_3d:.1f} m off, median): levelled onto their median "
            f"altitude instead ({fit_level:.1f} m off)")
        return "RAWGNSS_L"
    log(f"the GPS fit is {fit_3d:.1f} m off (median); levelling fits no better ({fit_level:.1f} m): the 3D fit stays")
    run_mm3d("CenterBascule", "CenterBascule", pattern, "Rel", "RAWGNSS_N", "Bascule", cwd=chantier)
    return "RAWGNSS_N"


def tapas_residual(lines) -> float | None:
    """The last ``Residual = <value>`` that Tapas printed (``nan`` when it diverged), or None."""
    value = None
    for line in lines:
        m = re.search(r"Residual\s*=\s*(\S+)", line)
        if m:
            try:
                value = float(m.group(1))
            except ValueError:
                value = float("nan")
    return value


def _plan_tiles(job: Job, oris: dict, ties: np.ndarray) -> None:
    """The ground grid (GSD, resolutions) and the Malt tiles, each with the photos that see it."""
    chantier = chantier_dir(job)
    ground = float(np.median(ties[:, 2]))
    gsds, native, reach = [], [], []
    widths = {img["name"]: img.get("width") or 0 for img in job.images}
    for name, o in oris.items():
        cal = read_calibration(chantier / o["calib"]) if o["calib"] else None
        height = o["centre"][2] - ground
        if cal is None or height <= 0:
            continue
        gsds.append(height / cal["focal"])
        w, h = cal["size"]
        # The photos' own GSD, before any downscaling for the run (MAX_IMAGE_SIZE).
        native.append(gsds[-1] * w / widths[name] if widths.get(name) else gsds[-1])
        reach.append(0.5 * math.hypot(w, h) * height / cal["focal"])
    if not gsds:
        raise StepError("no oriented photo is above the tie points: the GPS altitudes or the orientation are wrong")
    gsd = float(np.median(gsds))
    opts = workflow_options(job)
    zoom = int(opts.get("malt_zoom") or 2)
    ortho_res = float(job.options.get("ortho_resolution") or 0) or _round_res(gsd)
    dsm_res = ortho_res * zoom
    lo = np.percentile(ties[:, :2], 0.5, axis=0)
    hi = np.percentile(ties[:, :2], 99.5, axis=0)
    xmin, ymin = math.floor(lo[0] / dsm_res) * dsm_res, math.floor(lo[1] / dsm_res) * dsm_res
    xmax, ymax = math.ceil(hi[0] / dsm_res) * dsm_res, math.ceil(hi[1] / dsm_res) * dsm_res
    nx, ny = job.workflow["tiles"]
    xs = np.linspace(xmin, xmax, nx + 1)
    ys = np.linspace(ymin, ymax, ny + 1)
    reach_m = float(np.median(reach))
    tiles = []
    for r in range(ny):
        for c in range(nx):
            core = [_snap(xs[c], dsm_res), _snap(ys[r], dsm_res), _snap(xs[c + 1], dsm_res), _snap(ys[r + 1], dsm_res)]
            west, south, east, north = tile_margins(c, r, nx, ny)
            w, h = core[2] - core[0], core[3] - core[1]
            box = [_snap(core[0] - west * w, dsm_res), _snap(core[1] - south * h, dsm_res),
                   _snap(core[2] + east * w, dsm_res), _snap(core[3] + north * h, dsm_res)]
            photos = sorted(n for n, o in oris.items()
                            if box[0] - reach_m <= o["centre"][0] <= box[2] + reach_m
                            and box[1] - reach_m <= o["centre"][1] <= box[3] + reach_m)
            near = reach_m * PIMS_REACH
            pims_photos = sorted(n for n in photos
                                 if core[0] - near <= oris[n]["centre"][0] <= core[2] + near
                                 and core[1] - near <= oris[n]["centre"][1] <= core[3] + near)
            tiles.append({"index": len(tiles), "core": core, "box": box, "photos": photos,
                          "pims_photos": pims_photos})
    x0, y0, _z0 = job.offset
    grid = {"epsg": job.epsg, "offset": list(job.offset), "gsd": gsd, "native_gsd": float(np.median(native)),
            "ortho_res": ortho_res, "dsm_res": dsm_res,
            "zoom": zoom, "bounds_local": [xmin, ymin, xmax, ymax],
            "bounds": [xmin + x0, ymin + y0, xmax + x0, ymax + y0], "tiles": tiles,
            "oriented": sorted(oris), "tie_points": int(len(ties)), "ground_z": ground}
    write_json(job.work / "malt" / "tiles.json", grid)
    log(f"{len(oris)} photos oriented, {len(ties)} tie points; GSD {gsd:.4f} m, ortho {ortho_res} m, "
        f"DSM {dsm_res} m (ZoomF {zoom}), {nx}x{ny} Malt tiles")


def tile_margins(c: int, r: int, nx: int, ny: int, overlap: float = TILE_OVERLAP) -> tuple[float, float, float, float]:
    """Share of tile (column ``c``, row ``r`` from the south) of an ``nx`` x ``ny`` grid added beyond its
    west, south, east and north sides. Only towards a neighbour: beyond the grid's own edge the mosaic
    keeps nothing, so correlating there would be work thrown away (a single tile is the whole area,
    as a plain ``Malt`` run over it)."""
    return (overlap if c > 0 else 0.0, overlap if r > 0 else 0.0,
            overlap if c < nx - 1 else 0.0, overlap if r < ny - 1 else 0.0)


def _snap(value: float, res: float) -> float:
    return round(round(value / res) * res, 6)


def _round_res(value: float) -> float:
    """``value`` rounded up to two significant digits (6.38 cm -> 6.4 cm, 1.56 cm -> 1.6 cm): round
    cell sizes, and at most 7% coarser than the photos' GSD."""
    if value <= 0:
        return value
    unit = 10 ** (math.floor(math.log10(value)) - 1)
    return round(math.ceil(value / unit - 1e-9) * unit, 8)
