"""The COLMAP steps, from the uploaded photos to an undistorted, georeferenced model.

Chunked matching: COLMAP cannot merge two databases that hold the same images
(``database_merger`` appends, so the images would be duplicated under new ids). Instead every
match node works on a subset copy of the one merged feature database, with the same image ids,
and ``merge_matches`` copies the ``matches`` and ``two_view_geometries`` rows of all chunks into
the main database with sqlite3: pair ids are computed from image ids, so they agree.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .colmap_model import read_images, registered_image_count
from .common import (
    InputError,
    Job,
    StepError,
    downscale_photo,
    engine_binary,
    fresh_dir,
    log,
    replace_dir,
    run,
    tmp_path,
    write_json,
)


def colmap(*args) -> list:
    return [engine_binary("colmap"), *args]


# ----------------------------------------------------------------------------- prepare

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Millimetres per unit of EXIF FocalPlaneResolutionUnit (2: inch, 3: cm, 4: mm, 5: micrometre).
_FOCAL_PLANE_UNIT_MM = {2: 25.4, 3: 10.0, 4: 1.0, 5: 0.001}


def _exif_number(metadata: dict, key: str) -> float | None:
    values = _NUMBER.findall(str(metadata.get(key) or ""))
    return float(values[0]) if values else None


def exif_focal_px(metadata: dict, width: int, height: int) -> float | None:
    """The focal length in pixels of the photo resampled to ``width`` x ``height``, from its EXIF tags
    as GDAL lists them (``EXIF_FocalLength=(4.5)``), or None when they do not give it.

    The lens focal length over the pixel pitch of the focal plane (FocalPlaneXResolution refers to
    PixelXDimension, the size the camera wrote), else the 35 mm equivalent over 35 mm times the
    longest side, COLMAP's own rule (drones crop 16:9 from a 4:3 sensor, so the diagonal rule of the
    tag's definition came out 10% short on brighton's photos). A value outside 0.2-10 times the
    longest side (a tag that refers to another size) is not believed."""
    longest = float(max(width, height))
    candidates = []
    f_mm = _exif_number(metadata, "EXIF_FocalLength")
    res = _exif_number(metadata, "EXIF_FocalPlaneXResolution")
    unit = _exif_number(metadata, "EXIF_FocalPlaneResolutionUnit")
    pixel_x = _exif_number(metadata, "EXIF_PixelXDimension")
    pixel_y = _exif_number(metadata, "EXIF_PixelYDimension")
    if f_mm and res and pixel_x and int(unit or 2) in _FOCAL_PLANE_UNIT_MM:
        written = max(pixel_x, pixel_y or 0.0)
        candidates.append(f_mm * res / _FOCAL_PLANE_UNIT_MM[int(unit or 2)] * longest / written)
    f35 = _exif_number(metadata, "EXIF_FocalLengthIn35mmFilm")
    if f35:
        candidates.append(f35 / 35.0 * longest)
    plausible = [f for f in candidates if 0.2 * longest < f < 10.0 * longest]
    return plausible[0] if plausible else None


def prepare(job: Job, args) -> None:
    max_size = int(job.options.get("max_image_size") or 0)
    final = job.images_dir
    tmp = fresh_dir(tmp_path(final))
    missing = [img["photo"] for img in job.images if not job.path(img["photo"]).is_file()]
    if missing:
        raise InputError(f"{len(missing)} photos were not uploaded to the job directory, e.g. {missing[0]}")

    def one(img) -> float | None:
        from osgeo import gdal

        src = job.path(img["photo"])
        dst = tmp / img["name"]
        if max_size:
            downscale_photo(src, dst, max_size)
        else:
            # The original stays the only copy on the shared file system.
            os.symlink(os.path.relpath(src, final), dst)
        metadata = gdal.Open(str(src)).GetMetadata() or {}
        ds = gdal.Open(str(dst))
        size = (ds.RasterXSize, ds.RasterYSize)
        ds = None
        return exif_focal_px(metadata, *size)

    with ThreadPoolExecutor(max_workers=job.threads) as pool:
        focals = list(pool.map(one, job.images))
    replace_dir(tmp, final)

    lists = job.work / "lists"
    tmp_lists = fresh_dir(tmp_path(lists))
    for i, chunk in enumerate(job.workflow["feature_chunks"]):
        (tmp_lists / f"features_{i:03d}.txt").write_text(
            "".join(job.images[k]["name"] + "\n" for k in chunk), encoding="utf-8")
    x0, y0, z0 = job.offset
    (tmp_lists / "reference.txt").write_text(
        "".join(f"{img['name']} {img['x'] - x0:.4f} {img['y'] - y0:.4f} {img['z'] - z0:.4f}\n" for img in job.images),
        encoding="utf-8")
    # COLMAP reads the focal length from EXIF itself, but from a resampled copy it read 0 px as a
    # prior on caliterra's Canon photos (the tags GDAL copies are not the ones its sensor table
    # needs): a bogus camera that no initial pair fits. merge_features writes these values instead.
    write_json(tmp_lists / "focal_px.json", {img["name"]: f for img, f in zip(job.images, focals)})
    replace_dir(tmp_lists, lists)
    known = [f for f in focals if f]
    log(f"prepared {len(job.images)} images" + (f" (longest side {max_size} px)" if max_size else "")
        + (f"; focal length from EXIF {sorted(known)[len(known) // 2]:.1f} px" if known else
           "; no focal length in EXIF (COLMAP estimates it)"))


# ----------------------------------------------------------------------------- features

def features(job: Job, args) -> None:
    i = int(args.chunk)
    job.db_dir.mkdir(parents=True, exist_ok=True)
    final = job.db_dir / f"features_{i:03d}.db"
    tmp = tmp_path(final)
    tmp.unlink(missing_ok=True)
    opts = job.options
    run(colmap(
        "feature_extractor", "--database_path", tmp, "--image_path", job.images_dir,
        "--image_list_path", job.work / "lists" / f"features_{i:03d}.txt",
        "--ImageReader.camera_model", "SIMPLE_RADIAL",
        "--ImageReader.single_camera", "1" if job.workflow.get("single_camera") else "0",
        "--SiftExtraction.use_gpu", "0",
        "--SiftExtraction.num_threads", str(job.threads),
        "--SiftExtraction.max_num_features", str(int(opts.get("max_num_features") or 8192)),
    ))
    os.replace(tmp, final)


# COLMAP camera model ids whose first parameter is the one focal length (SIMPLE_PINHOLE,
# SIMPLE_RADIAL, RADIAL, SIMPLE_RADIAL_FISHEYE, RADIAL_FISHEYE).
_SINGLE_FOCAL_MODELS = {0, 2, 3, 8, 9}


def _set_focal_priors(db_path: Path, focal_px: dict) -> None:
    """Each camera's focal length from the photos' EXIF (the median of its images), marked as a
    prior; a camera with neither that nor a usable value from COLMAP gets COLMAP's own default
    guess (1.2 x the longest side), not marked as a prior, so that the mapper estimates it."""
    import struct

    con = sqlite3.connect(str(db_path))
    try:
        by_camera: dict = {}
        for camera_id, name in con.execute("SELECT camera_id, name FROM images"):
            if focal_px.get(name):
                by_camera.setdefault(camera_id, []).append(float(focal_px[name]))
        rows = con.execute("SELECT camera_id, model, width, height, params FROM cameras").fetchall()
        for camera_id, model, width, height, blob in rows:
            if model not in _SINGLE_FOCAL_MODELS:
                continue
            params = list(struct.unpack(f"{len(blob) // 8}d", blob))
            values = sorted(by_camera.get(camera_id, []))
            if values:
                params[0], prior = values[len(values) // 2], 1
            elif params[0] <= 0.2 * max(width, height):
                params[0], prior = 1.2 * max(width, height), 0
            else:
                continue
            con.execute("UPDATE cameras SET params = ?, prior_focal_length = ? WHERE camera_id = ?",
                        (struct.pack(f"{len(params)}d", *params), prior, camera_id))
        con.commit()
    finally:
        con.close()


def apply_focal_priors(job: Job, db_path: Path) -> None:
    """The focal lengths ``prepare`` read from the original EXIF, as the database's camera priors."""
    focal_file = job.work / "lists" / "focal_px.json"
    if focal_file.exists():
        _set_focal_priors(db_path, json.loads(focal_file.read_text(encoding="utf-8")))


def _unify_cameras(db_path: Path) -> None:
    """One camera for all images when one body took them all: the merge made one per chunk."""
    con = sqlite3.connect(str(db_path))
    try:
        first = con.execute("SELECT MIN(camera_id) FROM cameras").fetchone()[0]
        con.execute("UPDATE images SET camera_id = ?", (first,))
        con.execute("DELETE FROM cameras WHERE camera_id != ?", (first,))
        con.commit()
    finally:
        con.close()


def _chunk_databases(job: Job, prefix: str, count: int, kind: str) -> list[Path]:
    """The per-chunk databases a merge step needs, all of them, or a StepError naming the missing."""
    parts = [job.db_dir / f"{prefix}_{i:03d}.db" for i in range(count)]
    missing = [p.name for p in parts if not p.exists()]
    if missing:
        raise StepError(f"{kind} databases missing: {', '.join(missing)}")
    return parts


def merge_features(job: Job, args) -> None:
    parts = _chunk_databases(job, "features", len(job.workflow["feature_chunks"]), "feature")
    final = job.db_dir / "features.db"
    tmp = tmp_path(final)
    shutil.copyfile(parts[0], tmp)
    for k, part in enumerate(parts[1:], start=1):
        merged = tmp.with_name(tmp.name + f".{k}")
        merged.unlink(missing_ok=True)
        run(colmap("database_merger", "--database_path1", tmp, "--database_path2", part,
                   "--merged_database_path", merged))
        os.replace(merged, tmp)
    if job.workflow.get("single_camera"):
        _unify_cameras(tmp)
    apply_focal_priors(job, tmp)
    con = sqlite3.connect(str(tmp))
    count = con.execute("SELECT COUNT(*) FROM images").fetchone()[0]
    con.close()
    if count != len(job.images):
        raise StepError(f"the merged feature database has {count} images, expected {len(job.images)}")
    os.replace(tmp, final)


# ----------------------------------------------------------------------------- matching

def _subset_database(src: Path, dst: Path, names: set) -> None:
    """A copy of ``src`` holding only ``names`` (same ids), so a match node reads only its images."""
    dst.unlink(missing_ok=True)
    con = sqlite3.connect(str(dst))
    try:
        con.execute("ATTACH DATABASE ? AS src", (str(src),))
        for (sql,) in con.execute("SELECT sql FROM src.sqlite_master WHERE type IN ('table', 'index') "
                                  "AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").fetchall():
            con.execute(sql)
        con.execute("CREATE TEMP TABLE wanted (name TEXT PRIMARY KEY)")
        con.executemany("INSERT INTO wanted VALUES (?)", [(n,) for n in sorted(names)])
        con.execute("INSERT INTO main.cameras SELECT * FROM src.cameras")
        con.execute("INSERT INTO main.images SELECT * FROM src.images WHERE name IN (SELECT name FROM wanted)")
        for table in ("keypoints", "descriptors"):
            con.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table} "  # noqa: S608 - fixed table names
                        "WHERE image_id IN (SELECT image_id FROM main.images)")
        con.commit()
        con.execute("DETACH DATABASE src")
    finally:
        con.close()


def match(job: Job, args) -> None:
    i = int(args.chunk)
    pairs_file = job.path(f"pairs/pairs_{i:03d}.txt")
    names = set()
    for line in pairs_file.read_text(encoding="utf-8").splitlines():
        names.update(line.split())
    final = job.db_dir / f"match_{i:03d}.db"
    tmp = tmp_path(final)
    _subset_database(job.db_dir / "features.db", tmp, names)
    run(colmap("matches_importer", "--database_path", tmp, "--match_list_path", pairs_file, "--match_type", "pairs",
               "--SiftMatching.use_gpu", "0", "--SiftMatching.num_threads", str(job.threads)))
    os.replace(tmp, final)


def merge_matches(job: Job, args) -> None:
    parts = _chunk_databases(job, "match", int(job.workflow["pair_chunk_count"]), "match")
    final = job.db_dir / "database.db"
    tmp = tmp_path(final)
    shutil.copyfile(job.db_dir / "features.db", tmp)
    con = sqlite3.connect(str(tmp))
    try:
        for part in parts:
            con.execute("ATTACH DATABASE ? AS part", (str(part),))
            con.execute("INSERT OR REPLACE INTO main.matches SELECT * FROM part.matches")
            con.execute("INSERT OR REPLACE INTO main.two_view_geometries SELECT * FROM part.two_view_geometries")
            con.commit()
            con.execute("DETACH DATABASE part")
        verified = con.execute("SELECT COUNT(*) FROM two_view_geometries WHERE rows > 0").fetchone()[0]
    finally:
        con.close()
    log(f"merged {len(parts)} match chunks: {verified} verified image pairs")
    if verified == 0:
        raise InputError("no image pair could be matched: do the photos overlap?")
    os.replace(tmp, final)


# ----------------------------------------------------------------------------- mapping

# Initial pairs tried from the GPS (see init_pair.py) before COLMAP's own search: a pair that does
# not initialise fails within seconds, one that does registers the block.
INIT_PAIR_TRIALS = 3
# A run that registers this share of the photos is kept without trying further initial pairs: a
# further try is a whole mapper run (an hour on a thousand photos) for a few photos at most. Tries
# that fail do so in seconds (the pair does not initialise) or stop early (a small model).
MAPPER_GOOD_SHARE = 0.8


def _mapper_run(job: Job, out: Path, extra: list) -> tuple[Path | None, dict]:
    """One ``colmap mapper`` run into ``out``: (largest model or None, {model: photos registered})."""
    fresh_dir(out)
    try:
        run(colmap("mapper", "--database_path", job.db_dir / "database.db", "--image_path", job.images_dir,
                   "--output_path", out, "--Mapper.num_threads", str(job.threads), *extra))
    except StepError as exc:
        log(f"mapper run failed: {exc}")
    models = sorted((p for p in out.iterdir() if p.is_dir()), key=lambda p: -registered_image_count(p))
    return (models[0] if models else None), {p.name: registered_image_count(p) for p in models}


def mapper(job: Job, args) -> None:
    from . import init_pair

    total = len(job.images)
    positions = {img["name"]: (float(img["x"]), float(img["y"])) for img in job.images}
    candidates, height = init_pair.choose(job.db_dir / "database.db", positions)
    if height:
        log(f"flying height above the ground from the matches and the GPS: about {height:.0f} m")
    attempts = []
    for c in candidates[:INIT_PAIR_TRIALS]:
        attempts.append((f"initial pair {c.name1} + {c.name2} ({c.inliers} verified matches, about "
                         f"{c.angle_deg:.1f} degrees, {c.baseline_m:.1f} m apart, {c.centre_m:.0f} m from the centre)",
                         ["--Mapper.init_image_id1", str(c.image_id1), "--Mapper.init_image_id2", str(c.image_id2),
                          "--Mapper.init_min_tri_angle", str(init_pair.min_tri_angle(c))]))
    # The last resort, and the only try where no pair qualifies: COLMAP searches itself.
    attempts.append(("COLMAP's own search for an initial pair", []))
    root = fresh_dir(tmp_path(job.work / "sparse_models"))
    best, best_count, tried = None, 0, []
    for k, (what, extra) in enumerate(attempts):
        log(f"mapper, try {k + 1} of {len(attempts)}: {what}")
        model, counts = _mapper_run(job, root / f"try{k}", extra)
        count = counts.get(model.name, 0) if model is not None else 0
        tried.append({"what": what, "models": counts})
        if len(counts) > 1:
            log(f"COLMAP made {len(counts)} models (photos registered: {sorted(counts.values(), reverse=True)}); "
                f"the largest counts, the photos only in the others are left out")
        log(f"try {k + 1}: {count} of {total} photos registered")
        if model is not None and count > best_count:
            best, best_count = model, count
        if best_count >= MAPPER_GOOD_SHARE * total:
            break
    if best is None:
        raise InputError("COLMAP mapper built no model: the photos may not overlap enough")
    log(f"keeping the model with {best_count} of {total} photos registered")
    write_json(job.work / "mapper.json", {"registered": best_count, "images": total, "tries": tried,
                                          "flying_height_m": height})
    final = job.work / "sparse"
    tmp = tmp_path(final)
    if tmp.exists():
        shutil.rmtree(tmp)
    best.rename(tmp)
    replace_dir(tmp, final)
    shutil.rmtree(root, ignore_errors=True)


def georeference(job: Job, args) -> None:
    import numpy as np

    from . import level_fit

    final = job.work / "sparse_utm"
    tmp = fresh_dir(tmp_path(final))
    max_error = float(job.options.get("alignment_max_error") or 10.0)
    # Local UTM coordinates (minus the offset in workflow.json) with a custom alignment: the
    # model comes out in metres, axes east/north/up, ready for gridding in the UTM CRS.
    run(colmap("model_aligner", "--input_path", job.work / "sparse", "--output_path", tmp,
               "--ref_images_path", job.work / "lists" / "reference.txt", "--ref_is_gps", "0",
               "--alignment_type", "custom", "--alignment_max_error", str(max_error), "--min_common_images", "3"))
    if not (tmp / "images.bin").exists() and not (tmp / "images.txt").exists():
        raise InputError("georeferencing failed: fewer than 3 registered photos agree with their GPS positions")
    txt = fresh_dir(tmp_path(job.work / "sparse_utm_txt"))
    run(colmap("model_converter", "--input_path", tmp, "--output_path", txt, "--output_type", "TXT"))
    images = read_images(txt / "images.txt")
    ref = {img["name"]: img for img in job.images}
    x0, y0, z0 = job.offset
    common = [im for im in images.values() if im.name in ref]
    centres = np.array([im.centre for im in common]).reshape(-1, 3)
    gps = np.array([[ref[im.name]["x"] - x0, ref[im.name]["y"] - y0, ref[im.name]["z"] - z0] for im in common])
    gps = gps.reshape(-1, 3)
    axes = level_fit.viewing_axes([im.rotation for im in common])
    vertical = "gps"
    if len(common) >= 3:
        down, concentration = level_fit.axis_concentration(axes)
        tilt = float(np.degrees(np.arccos(np.clip(-down[2], -1.0, 1.0))))
        median_3d = float(np.median(np.linalg.norm(centres - gps, axis=1)))
        # A good 3D fit stays: oblique blocks, terrain-following flights and RTK altitudes need it.
        if median_3d > 0.5 * max_error and concentration >= level_fit.MIN_AXIS_CONCENTRATION:
            s, rotation, t, keep = level_fit.level_fit(centres, axes, gps)
            levelled = s * centres @ rotation.T + t
            plan_3d = float(np.median(np.hypot(*(centres - gps)[:, :2].T)))
            plan_level = float(np.median(np.hypot(*(levelled - gps)[:, :2].T)))
            log(f"the 3D fit to the GPS is {median_3d:.1f} m off (median) and tilts the mean view {tilt:.1f} degrees "
                f"from the vertical; levelled from the views instead, {plan_level:.1f} m off in plan "
                f"against {plan_3d:.1f} m" if plan_level < plan_3d else
                f"the 3D fit to the GPS is {median_3d:.1f} m off (median); levelling from the views fits no "
                f"better in plan ({plan_level:.1f} m against {plan_3d:.1f} m): the 3D fit stays")
            if plan_level < plan_3d:
                level_fit.transform_txt_model(txt, s, rotation, t)
                run(colmap("model_converter", "--input_path", txt, "--output_path", tmp, "--output_type", "BIN"))
                centres, vertical = levelled, "level"
                axes = axes @ rotation.T
    shutil.rmtree(txt)
    errors = np.linalg.norm(centres - gps, axis=1)
    plan = np.hypot(*(centres - gps)[:, :2].T)
    summary = {"registered": len(images), "images": len(job.images),
               "gps_residual_median_m": float(np.median(errors)) if len(errors) else None,
               "gps_residual_max_m": float(np.max(errors)) if len(errors) else None,
               "gps_residual_plan_median_m": float(np.median(plan)) if len(plan) else None,
               "gps_altitude_residual_median_m": float(np.median(np.abs(centres[:, 2] - gps[:, 2])))
               if len(errors) else None,
               # "gps": the 3D similarity to the GPS positions; "level": vertical from the views, plan from the GPS.
               "vertical_reference": vertical,
               "mean_view_tilt_deg": float(np.degrees(np.arccos(np.clip(-level_fit.axis_concentration(axes)[0][2],
                                                                        -1.0, 1.0)))) if len(axes) else None}
    log(f"georeferenced: {summary}")
    off = summary["gps_residual_plan_median_m"] if vertical == "level" else summary["gps_residual_median_m"]
    if off is not None and off > 5 * max_error:
        raise InputError(f"georeferencing is off by {off:.1f} m (median) from the GPS positions: check the photos' "
                         "GPS tags")
    write_json(tmp / "georeference.json", summary)
    replace_dir(tmp, final)


def undistort(job: Job, args) -> None:
    final = job.work / "dense"
    tmp = fresh_dir(tmp_path(final))
    run(colmap("image_undistorter", "--image_path", job.images_dir, "--input_path", job.work / "sparse_utm",
               "--output_path", tmp, "--output_type", "COLMAP"))
    txt = tmp / "sparse_txt"
    txt.mkdir()
    run(colmap("model_converter", "--input_path", tmp / "sparse", "--output_path", txt, "--output_type", "TXT"))
    replace_dir(tmp, final)


def stereo(job: Job, args) -> None:
    # patch_match_stereo needs CUDA: this node runs only where the profile has GPU nodes.
    run(colmap("patch_match_stereo", "--workspace_path", job.work / "dense", "--workspace_format", "COLMAP",
               "--PatchMatchStereo.geom_consistency", "true"))


def fusion(job: Job, args) -> None:
    final = job.work / "dense" / "fused.ply"
    tmp = tmp_path(final)
    run(colmap("stereo_fusion", "--workspace_path", job.work / "dense", "--workspace_format", "COLMAP",
               "--input_type", "geometric", "--output_path", tmp, "--StereoFusion.num_threads", str(job.threads)))
    os.replace(tmp, final)
