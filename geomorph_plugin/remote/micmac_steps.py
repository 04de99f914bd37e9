"""The MicMac steps: tie points per pair chunk, orientation with GPS, Malt per ground tile.

MicMac works in a folder (its "chantier") that holds the photos and writes its products beside
them (``Homol``, ``Ori-*``, ``Tmp-MM-Dir``, ``MEC*``...). Two MicMac processes in one folder
race on those shared files, so every parallel node gets a folder of its own with links to the
photos: ``work/homol/chunk_NNN`` for a Tapioca chunk, ``work/malt/tile_NNN`` for a Malt tile.
The serial steps use ``work/micmac``.

Coordinates: the GPS positions go to MicMac in local UTM (UTM minus the job's offset), so the
``Ground`` orientation, tie points and Malt boxes are local UTM; the tiles are written in UTM.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from .colmap_steps import _downscale
from .common import InputError, Job, StepError, engine_binary, fresh_dir, log, replace_dir, run, tmp_path, write_json

PATTERN = "img_.*"
NODATA = -9999.0
# Share of a Malt tile's width added on each side: correlation windows and Malt's
# regularisation need context at the tile border. At ZoomF 2 on 2 cm photos 10% is metres, far
# more than they reach; the mosaic keeps only each tile's own cell.
TILE_OVERLAP = 0.1
# A photo whose tie points reach fewer photos than this cannot be oriented reliably.
MIN_LINKS = 1


def mm3d(*args) -> list:
    return [engine_binary("mm3d"), *[str(a) for a in args]]


# MicMac's commands run sub-commands through make and often exit 0 when one of them failed:
# these lines in the output are how such a failure shows.
_FAILURE_MARKS = ("FAIL IN :", "ERROR:", "Aborted", "Sorry, the following FATAL ERROR")


def run_mm3d(step: str, *args, cwd: Path) -> list[str]:
    """``mm3d <args>`` in ``cwd``; a failure, reported or not in the exit code, is a StepError
    naming the MicMac step, with MicMac's last lines."""
    try:
        tail = run(mm3d(*args), cwd=cwd)
    except StepError as exc:
        raise StepError(f"MicMac {step} failed: {exc}") from None
    clean = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in tail]
    if any(mark in line for line in clean for mark in _FAILURE_MARKS):
        raise StepError(f"MicMac {step} failed (exit code 0, but MicMac reported an error):\n" + "".join(clean[-15:]))
    return tail


def _wopts(job: Job) -> dict:
    return job.workflow.get("workflow_options", {})


def _chantier(job: Job) -> Path:
    return job.work / "micmac"


def _link_photos(src_dir: Path, dst_dir: Path, names) -> None:
    for name in names:
        os.symlink(os.path.relpath(src_dir / name, dst_dir), dst_dir / name)


# ----------------------------------------------------------------------------- prepare

def prepare(job: Job, args) -> None:
    """Photos (linked, or downscaled with their EXIF) and the GPS positions as MicMac's ``RAWGNSS``."""
    max_size = int(job.options.get("max_image_size") or 0)
    final = _chantier(job)
    tmp = fresh_dir(tmp_path(final))
    missing = [img["photo"] for img in job.images if not job.path(img["photo"]).is_file()]
    if missing:
        raise InputError(f"{len(missing)} photos were not uploaded to the job directory, e.g. {missing[0]}")

    def one(img) -> None:
        src = job.path(img["photo"])
        if max_size:
            _downscale(src, tmp / img["name"], max_size)
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


# ----------------------------------------------------------------------------- Tapioca

def _pairs(path: Path) -> list[tuple[str, str]]:
    root = _xml(path)
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
    _link_photos(_chantier(job), tmp, names)
    shutil.copyfile(pairs_file, tmp / "pairs.xml")
    size = int(_wopts(job).get("tapioca_size") or 1000)
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


# ----------------------------------------------------------------------------- orientation

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
            links[a].add(b)
            links[b].add(a)
    return links


def _xml(path: Path):
    # MicMac wrote these files in this job, on this node: they are not input from outside.
    return ET.parse(path).getroot()  # noqa: S314


def _read_matrix(text: str) -> list[float]:
    return [float(v) for v in text.split()]


def read_orientation(path: Path) -> dict:
    """Centre and calibration file of a MicMac ``Orientation-<photo>.xml``."""
    root = _xml(path)
    centre = _read_matrix(root.find(".//Externe/Centre").text)
    calib = root.find(".//FileInterne")
    return {"centre": centre, "calib": calib.text.strip() if calib is not None and calib.text else ""}


def read_calibration(path: Path) -> dict:
    root = _xml(path)
    return {"focal": float(root.find(".//F").text), "size": [int(v) for v in root.find(".//SzIm").text.split()]}


def _orientations(ori: Path) -> dict[str, dict]:
    out = {}
    for f in ori.glob("Orientation-*.xml"):
        out[f.name[len("Orientation-"):-len(".xml")]] = read_orientation(f)
    return out


def _read_ascii_ply(path: Path) -> np.ndarray:
    """x y z of an ASCII PLY (MicMac's ``AperiCloud ... Bin=0``)."""
    with open(path, encoding="ascii", errors="replace") as f:
        count, props = 0, []
        for line in f:
            words = line.split()
            if words[:2] == ["element", "vertex"]:
                count = int(words[2])
            elif words[:1] == ["property"] and count and len(words) == 3:
                props.append(words[2])
            elif words[:1] == ["end_header"]:
                break
        data = np.loadtxt(f, max_rows=count, ndmin=2)
    ix, iy, iz = props.index("x"), props.index("y"), props.index("z")
    return data[:, [ix, iy, iz]]


def tapas(job: Job, args) -> None:
    """Merge the tie points, ``Tapas`` (relative), ``CenterBascule`` + ``Campari`` (GPS), tie points, tiles."""
    chantier = _chantier(job)
    links = _merge_homol(job, chantier)
    lonely = sorted(n for n, linked in links.items() if len(linked) < MIN_LINKS)
    names = {img["name"]: img["photo"][len("photos/"):] for img in job.images}
    if len(links) - len(lonely) < 2:
        raise InputError("the photos share almost no tie points: the overlap between neighbouring photos is too "
                         "small (fly with at least 70% forward and 60% side overlap), or the photos are of "
                         "different places")
    if lonely:
        log(f"{len(lonely)} photos have no tie points with any other photo and will not be oriented: "
            + ", ".join(names[n] for n in lonely[:10]))
    opts = _wopts(job)
    model = str(opts.get("calibration_model") or "RadialStd")
    for ori in ("Ori-Rel", "Ori-Bascule", "Ori-Ground"):
        if (chantier / ori).exists():
            shutil.rmtree(chantier / ori)
    run_mm3d(f"Tapas {model} (the relative orientation's bundle adjustment)", "Tapas", model, PATTERN, "Out=Rel",
             "ExpTxt=1", cwd=chantier)
    run_mm3d("CenterBascule", "CenterBascule", PATTERN, "Rel", "RAWGNSS_N", "Bascule", cwd=chantier)
    accuracy = float(opts.get("gps_accuracy") or 5.0)
    run_mm3d("Campari", "Campari", PATTERN, "Bascule", "Ground", f"EmGPS=[RAWGNSS_N,{accuracy}]", "AllFree=1",
             "ExpTxt=1", cwd=chantier)
    run_mm3d("AperiCloud", "AperiCloud", PATTERN, "Ground", "Out=tiepoints.ply", "WithCam=0", "Bin=0",
             "ExpTxt=1", cwd=chantier)
    oris = _orientations(chantier / "Ori-Ground")
    if len(oris) < 2:
        raise StepError("Campari oriented fewer than 2 photos: see the Tapas output above")
    ties = _read_ascii_ply(chantier / "tiepoints.ply")
    _plan_tiles(job, oris, ties)


def _plan_tiles(job: Job, oris: dict, ties: np.ndarray) -> None:
    """The ground grid (GSD, resolutions) and the Malt tiles, each with the photos that see it."""
    chantier = _chantier(job)
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
    opts = _wopts(job)
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
            mx, my = TILE_OVERLAP * (core[2] - core[0]), TILE_OVERLAP * (core[3] - core[1])
            box = [_snap(core[0] - mx, dsm_res), _snap(core[1] - my, dsm_res),
                   _snap(core[2] + mx, dsm_res), _snap(core[3] + my, dsm_res)]
            photos = sorted(n for n, o in oris.items()
                            if box[0] - reach_m <= o["centre"][0] <= box[2] + reach_m
                            and box[1] - reach_m <= o["centre"][1] <= box[3] + reach_m)
            tiles.append({"index": len(tiles), "core": core, "box": box, "photos": photos})
    x0, y0, _z0 = job.offset
    grid = {"epsg": job.epsg, "offset": list(job.offset), "gsd": gsd, "native_gsd": float(np.median(native)),
            "ortho_res": ortho_res, "dsm_res": dsm_res,
            "zoom": zoom, "bounds_local": [xmin, ymin, xmax, ymax],
            "bounds": [xmin + x0, ymin + y0, xmax + x0, ymax + y0], "tiles": tiles,
            "oriented": sorted(oris), "tie_points": int(len(ties)), "ground_z": ground}
    write_json(job.work / "malt" / "tiles.json", grid)
    log(f"{len(oris)} photos oriented, {len(ties)} tie points; GSD {gsd:.4f} m, ortho {ortho_res} m, "
        f"DSM {dsm_res} m (ZoomF {zoom}), {nx}x{ny} Malt tiles")


def _snap(value: float, res: float) -> float:
    return round(round(value / res) * res, 6)


def _round_res(value: float) -> float:
    """``value`` rounded up to two significant digits (6.38 cm -> 6.4 cm, 1.56 cm -> 1.6 cm): round
    cell sizes, and at most 7% coarser than the photos' GSD."""
    if value <= 0:
        return value
    unit = 10 ** (math.floor(math.log10(value)) - 1)
    return round(math.ceil(value / unit - 1e-9) * unit, 8)


# ----------------------------------------------------------------------------- Malt tiles

def _tiles(job: Job) -> dict:
    return json.loads((job.work / "malt" / "tiles.json").read_text(encoding="utf-8"))


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
    """(x origin, x res, y origin, y res) of a MicMac ``FileOriMnt`` file."""
    root = _xml(xml)
    ox, oy = _read_matrix(root.find("OriginePlani").text)
    rx, ry = _read_matrix(root.find("ResolutionPlani").text)
    return ox, rx, oy, ry


def _tfw(path: Path) -> tuple:
    a, d, b, e, c, f = [float(v) for v in path.read_text(encoding="ascii").split()[:6]]
    # The world file gives the centre of the top-left pixel; GDAL wants its corner.
    return (c - a / 2 - b / 2, a, b, f - d / 2 - e / 2, d, e)


def _gdal():
    from osgeo import gdal

    gdal.UseExceptions()
    return gdal


def _srs_wkt(epsg: int) -> str:
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(int(epsg))
    return srs.ExportToWkt()


def _write(path: Path, bands: list, geotransform, epsg: int, dtype, nodata=None, names=(), metadata=None,
           alpha=False) -> None:
    gdal = _gdal()
    tmp = tmp_path(path).with_suffix(".tif")
    rows, cols = bands[0].shape
    ds = gdal.GetDriverByName("GTiff").Create(str(tmp), cols, rows, len(bands), dtype,
                                              options=["COMPRESS=DEFLATE", "TILED=YES", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(_srs_wkt(epsg))
    for i, array in enumerate(bands):
        band = ds.GetRasterBand(i + 1)
        band.WriteArray(array)
        if nodata is not None and i == 0:
            band.SetNoDataValue(nodata)
        if i < len(names):
            band.SetDescription(names[i])
    if alpha:
        for i, ci in enumerate((gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand, gdal.GCI_AlphaBand)):
            ds.GetRasterBand(i + 1).SetColorInterpretation(ci)
    if metadata:
        ds.SetMetadata(metadata)
    ds = None
    os.replace(tmp, path)


def malt(job: Job, args) -> None:
    """``Malt Ortho`` on one ground tile with the photos that see it, ``Tawny``, then the tile's
    DSM (elevation + measured/interpolated band), ortho and depth-map points in UTM."""
    grid = _tiles(job)
    tile = grid["tiles"][int(args.tile)]
    index = tile["index"]
    out_dir = job.work / "malt"
    result = out_dir / f"tile_{index:03d}.json"
    if len(tile["photos"]) < 2:
        write_json(result, {"index": index, "empty": True, "photos": len(tile["photos"])})
        log(f"tile {index}: fewer than 2 photos see it, nothing to correlate")
        return
    chantier = _chantier(job)
    work = fresh_dir(tmp_path(out_dir / f"tile_{index:03d}"))
    try:
        _link_photos(chantier, work, tile["photos"])
        shutil.copytree(chantier / "Ori-Ground", work / "Ori-Ground")
        local = chantier / "MicMac-LocalChantierDescripteur.xml"
        if local.exists():
            shutil.copyfile(local, work / local.name)
        zoom = int(grid["zoom"])
        box = ",".join(f"{v:.6f}" for v in tile["box"])
        pattern = "(" + "|".join(re.escape(n) for n in tile["photos"]) + ")"
        run_mm3d(f"Malt (tile {index})", "Malt", "Ortho", pattern, "Ground", f"BoxTerrain=[{box}]", f"ZoomF={zoom}",
                 f"NbProc={job.threads}", "EZA=1", f"ResolTerrain={grid['ortho_res']}", "DirMEC=MEC", "DirOF=Ortho",
                 cwd=work)
        run_mm3d(f"Tawny (tile {index})", "Tawny", "Ortho/", "RadiomEgal=1", "Out=Orthophotomosaic.tif", cwd=work)
        facts = _export_tile(job, grid, tile, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_json(result, facts)


def _export_tile(job: Job, grid: dict, tile: dict, work: Path) -> dict:
    gdal = _gdal()
    x0, y0, z0 = grid["offset"]
    zoom = int(grid["zoom"])
    index = tile["index"]
    dem_path = _latest_dem(work / "MEC", zoom)
    ox, rx, oy, ry = _dem_georef(dem_path.with_suffix(".xml"))
    z = gdal.Open(str(dem_path)).ReadAsArray().astype(np.float32)
    measured = _measured_mask(work / "MEC", zoom, z.shape)
    # Malt fills the whole box, regularising across cells it could not correlate; only cells in
    # its automatic mask were matched in the photos. The others stay in the DSM (a surface
    # without holes is what hillshades and volumes want) but band 2 marks them as interpolated.
    z_abs = z + np.float32(z0)
    gt = (ox + x0, rx, 0.0, oy + y0, 0.0, ry)
    dsm_path = job.work / "malt" / f"dsm_{index:03d}.tif"
    _write(dsm_path, [z_abs, measured.astype(np.uint8)], gt, grid["epsg"], gdal.GDT_Float32, nodata=NODATA,
           names=("elevation", "measured (1) or interpolated (0)"))
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
    _write(ortho_path, [rgb[0], rgb[1], rgb[2], alpha], ogt, grid["epsg"], gdal.GDT_Byte, alpha=True)
    points = _tile_points(grid, tile, z_abs, measured, gt, rgb, ogt)
    np.save(job.work / "malt" / f"points_{index:03d}.npy", points)
    core = tile["core"]
    inside = _core_window(gt, z.shape, core, x0, y0)
    core_measured = measured[inside]
    return {"index": index, "empty": False, "photos": len(tile["photos"]), "dsm": dsm_path.name,
            "ortho": ortho_path.name, "points": int(len(points)), "dsm_size": [z.shape[1], z.shape[0]],
            "measured_share": float(core_measured.mean()) if core_measured.size else 0.0,
            "dsm_res": abs(rx), "ortho_res": abs(ogt[1])}


def _measured_mask(mec: Path, zoom: int, shape) -> np.ndarray:
    """Cells Malt matched in the photos: its last automatic mask at the DSM's size (the cells where
    correlation won over "uncorrelated", see Malt's ``CostTrans``), within the terrain mask
    (the cells that enough photos see)."""
    gdal = _gdal()
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


def _core_window(gt, shape, core, x0, y0) -> tuple:
    c0 = max(0, int(round((core[0] + x0 - gt[0]) / gt[1])))
    c1 = min(shape[1], int(round((core[2] + x0 - gt[0]) / gt[1])))
    r0 = max(0, int(round((core[3] + y0 - gt[3]) / gt[5])))
    r1 = min(shape[0], int(round((core[1] + y0 - gt[3]) / gt[5])))
    return slice(r0, r1), slice(c0, c1)


def _tile_points(grid, tile, z_abs, measured, gt, rgb, ogt) -> np.ndarray:
    """The measured DSM cells of the tile's core as points (x, y, z, r, g, b), coloured from the ortho:
    Malt's ground-geometry depth map, as ``Nuage2Ply`` would export it."""
    x0, y0, _z0 = grid["offset"]
    rows, cols = _core_window(gt, z_abs.shape, tile["core"], x0, y0)
    rr, cc = np.nonzero(measured[rows, cols])
    rr, cc = rr + rows.start, cc + cols.start
    x = gt[0] + (cc + 0.5) * gt[1]
    y = gt[3] + (rr + 0.5) * gt[5]
    oc = np.clip(((x - ogt[0]) / ogt[1]).astype(int), 0, rgb.shape[2] - 1)
    orow = np.clip(((y - ogt[3]) / ogt[5]).astype(int), 0, rgb.shape[1] - 1)
    colours = rgb[:, orow, oc].T.astype(np.float64)
    return np.column_stack([x, y, z_abs[rr, cc].astype(np.float64), colours])


# ----------------------------------------------------------------------------- mosaic, report

def mosaic(job: Job, args) -> None:
    """Each tile cut back to its core, GDAL mosaics as COGs with the CRS, the GSD and the engine
    in the metadata, and the dense point cloud (LAS, PLY, COPC)."""
    from . import pointcloud

    gdal = _gdal()
    grid = _tiles(job)
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
        ("dsm", grid["dsm_res"], ["COMPRESS=DEFLATE", "PREDICTOR=YES", "BIGTIFF=IF_SAFER"],
         {"GEOMORPH_DSM_GSD_M": f"{grid['dsm_res']}", "GEOMORPH_BAND2": "1 = matched in the photos, 0 = interpolated"}),
        ("ortho", grid["ortho_res"], ["COMPRESS=JPEG", "QUALITY=90", "BIGTIFF=IF_SAFER"],
         {"GEOMORPH_ORTHO_GSD_M": f"{grid['ortho_res']}"}),
    ):
        cores = []
        for tile, fact in done:
            core = tile["core"]
            vrt = f"/vsimem/geomorph_{product}_{tile['index']:03d}.vrt"
            # Each tile contributes only its own cell: the overlap was context for Malt.
            gdal.Translate(vrt, str(malt_dir / fact[product]), format="VRT",
                           projWin=[core[0] + x0, core[3] + y0, core[2] + x0, core[1] + y0])
            cores.append(vrt)
        vrt = str(malt_dir / f"{product}.vrt")
        gdal.BuildVRT(vrt, cores, outputBounds=[xmin, ymin, xmax, ymax], xRes=res, yRes=res,
                      resampleAlg="nearest")
        final = job.output(product)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = tmp_path(final).with_suffix(".tif")
        gdal.Translate(str(tmp), vrt, format="COG", creationOptions=opts + [f"NUM_THREADS={job.threads}"],
                       outputSRS=f"EPSG:{grid['epsg']}",
                       metadataOptions=[f"{k}={v}" for k, v in {**meta, **extra, "GEOMORPH_PRODUCT": product}.items()])
        for v in cores:
            gdal.Unlink(v)
        os.replace(tmp, final)
        log(f"{product}: {final.relative_to(job.root)}")
    arrays = [np.load(malt_dir / f"points_{t['index']:03d}.npy") for t, _f in done]
    data = np.concatenate(arrays) if arrays else np.zeros((0, 6))
    xyz, rgb = data[:, :3], np.clip(data[:, 3:6], 0, 255).astype(np.uint8)
    pointcloud.write_ply(job.output("pointcloud_ply"), xyz, rgb, comment=f"crs EPSG:{job.epsg}\ngeomorph micmac")
    pointcloud.write_las(job.output("pointcloud_las"), xyz, rgb, job.epsg)
    summary = {"points": int(len(xyz)), "measured_share": float(np.mean([f["measured_share"] for _t, f in done])),
               "tiles_done": len(done), "tiles_empty": len(facts) - len(done)}
    if "pointcloud_copc" in job.workflow["outputs"]:
        summary["pointcloud_copc_missing"] = pointcloud.write_copc(job.output("pointcloud_las"),
                                                                   job.output("pointcloud_copc"), job.epsg, job.threads)
    write_json(malt_dir / "mosaic.json", summary)


def report(job: Job, args) -> None:
    from .report_step import write_result

    grid = _tiles(job)
    summary = json.loads((job.work / "malt" / "mosaic.json").read_text(encoding="utf-8"))
    residual = _gps_residual(job, grid)
    quality = _quality(job, grid)
    write_result(job, registered=grid["oriented"], surface=job.workflow.get("surface", "dense-micmac"),
                 points=summary["points"], gsd=grid["gsd"], ortho_res=grid["ortho_res"], dsm_res=grid["dsm_res"],
                 gps_residual=residual, copc_missing=summary.get("pointcloud_copc_missing", ""),
                 extra={"measured_share": summary["measured_share"], "malt_zoom": grid["zoom"],
                        "tie_points": grid["tie_points"], "tiles_empty": summary["tiles_empty"],
                        "native_gsd": grid["native_gsd"], **quality})


def _quality(job: Job, grid: dict) -> dict:
    """How dense and how right the DSM is, measured on every run:

    - ``dsm_coverage``: the share of the photos' footprint (where the ortho has a photo) whose DSM
      cell was matched, not interpolated;
    - ``dsm_tiepoint_median_abs_m``: median |DSM - Z| at the bundle-adjusted tie points, on
      matched cells (the dense surface against the orientation's own 3D points).

    Large DSMs are read decimated (at most about 16 million cells): these are statistics.
    """
    gdal = _gdal()
    ds = gdal.Open(str(job.output("dsm")))
    cols, rows = ds.RasterXSize, ds.RasterYSize
    step = max(1, math.ceil(math.sqrt(cols * rows / 16e6)))
    w, h = max(1, cols // step), max(1, rows // step)
    z = ds.GetRasterBand(1).ReadAsArray(buf_xsize=w, buf_ysize=h)
    measured = ds.GetRasterBand(2).ReadAsArray(buf_xsize=w, buf_ysize=h) > 0 if ds.RasterCount > 1 \
        else np.ones(z.shape, bool)
    gt = ds.GetGeoTransform()
    ds = None
    ortho = gdal.Translate("", str(job.output("ortho")), format="MEM", width=w, height=h, bandList=[4],
                           projWin=[gt[0], gt[3], gt[0] + cols * gt[1], gt[3] + rows * gt[5]], resampleAlg="nearest")
    seen = ortho.GetRasterBand(1).ReadAsArray() > 0
    ortho = None
    coverage = float((measured & seen).sum() / max(1, seen.sum()))
    ties = _read_ascii_ply(_chantier(job) / "tiepoints.ply")
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
    chantier = _chantier(job)
    oris = _orientations(chantier / "Ori-Ground")
    x0, y0, _z0 = job.offset
    by_name = {img["name"]: img for img in job.images}
    dists = [math.hypot(o["centre"][0] + x0 - by_name[n]["x"], o["centre"][1] + y0 - by_name[n]["y"])
             for n, o in oris.items() if n in by_name]
    return float(np.median(dists)) if dists else None
