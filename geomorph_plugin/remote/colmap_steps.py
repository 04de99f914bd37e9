"""The COLMAP steps, from the uploaded photos to an undistorted, georeferenced model.

Chunked matching: COLMAP cannot merge two databases that hold the same images
(``database_merger`` appends, so the images would be duplicated under new ids). Instead every
match node works on a subset copy of the one merged feature database, with the same image ids,
and ``merge_matches`` copies the ``matches`` and ``two_view_geometries`` rows of all chunks into
the main database with sqlite3: pair ids are computed from image ids, so they agree.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .colmap_model import read_images, registered_image_count
from .common import InputError, Job, StepError, engine_binary, fresh_dir, log, replace_dir, run, tmp_path, write_json


def colmap(*args) -> list:
    return [engine_binary("colmap"), *args]


# ----------------------------------------------------------------------------- prepare

def _downscale(src: Path, dst: Path, max_size: int) -> None:
    from osgeo import gdal

    gdal.UseExceptions()
    # EXIF tags the JPEG driver cannot write would land in a .aux.xml beside the image, which
    # COLMAP then tries to read as a photo when it scans the folder.
    gdal.SetConfigOption("GDAL_PAM_ENABLED", "NO")
    ds = gdal.Open(str(src))
    w, h = ds.RasterXSize, ds.RasterYSize
    scale = min(1.0, max_size / float(max(w, h)))
    # The JPEG driver copies the EXIF tags (focal length in 35 mm, GPS) from the source, which
    # COLMAP reads for its focal-length prior.
    gdal.Translate(str(dst), ds, format="JPEG", width=max(1, round(w * scale)), height=max(1, round(h * scale)),
                   bandList=[1, 2, 3] if ds.RasterCount >= 3 else None, creationOptions=["QUALITY=95"],
                   resampleAlg="average")
    ds = None


def prepare(job: Job, args) -> None:
    max_size = int(job.options.get("max_image_size") or 0)
    final = job.images_dir
    tmp = fresh_dir(tmp_path(final))
    missing = [img["photo"] for img in job.images if not job.path(img["photo"]).is_file()]
    if missing:
        raise InputError(f"{len(missing)} photos were not uploaded to the job directory, e.g. {missing[0]}")

    def one(img) -> None:
        src = job.path(img["photo"])
        dst = tmp / img["name"]
        if max_size:
            _downscale(src, dst, max_size)
        else:
            # The original stays the only copy on the shared file system.
            os.symlink(os.path.relpath(src, final), dst)

    with ThreadPoolExecutor(max_workers=job.threads) as pool:
        list(pool.map(one, job.images))
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
    replace_dir(tmp_lists, lists)
    log(f"prepared {len(job.images)} images" + (f" (longest side {max_size} px)" if max_size else ""))


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

def mapper(job: Job, args) -> None:
    out = fresh_dir(tmp_path(job.work / "sparse_models"))
    run(colmap("mapper", "--database_path", job.db_dir / "database.db", "--image_path", job.images_dir,
               "--output_path", out, "--Mapper.num_threads", str(job.threads)))
    models = sorted((p for p in out.iterdir() if p.is_dir()), key=lambda p: -registered_image_count(p))
    if not models:
        raise InputError("COLMAP mapper built no model: the photos may not overlap enough")
    best = models[0]
    counts = {p.name: registered_image_count(p) for p in models}
    log(f"models (registered images): {counts}; keeping {best.name}")
    final = job.work / "sparse"
    tmp = tmp_path(final)
    if tmp.exists():
        shutil.rmtree(tmp)
    best.rename(tmp)
    replace_dir(tmp, final)
    shutil.rmtree(out, ignore_errors=True)


def georeference(job: Job, args) -> None:
    import numpy as np

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
    errors = []
    for im in images.values():
        r = ref.get(im.name)
        if r is not None:
            c = im.centre
            errors.append(float(np.linalg.norm(c - np.array([r["x"] - x0, r["y"] - y0, r["z"] - z0]))))
    shutil.rmtree(txt)
    summary = {"registered": len(images), "images": len(job.images),
               "gps_residual_median_m": float(np.median(errors)) if errors else None,
               "gps_residual_max_m": float(np.max(errors)) if errors else None}
    log(f"georeferenced: {summary}")
    if errors and summary["gps_residual_median_m"] > 5 * max_error:
        raise InputError(f"georeferencing is off by {summary['gps_residual_median_m']:.1f} m (median) from the GPS "
                         "positions: check the photos' GPS tags")
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
