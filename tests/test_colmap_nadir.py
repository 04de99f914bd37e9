"""Nadir blocks over flat ground with the COLMAP engine, node side, without COLMAP: the focal length
prior from EXIF, the initial pair from the GPS and the matches, and the levelled georeferencing
when the GPS altitudes drift (caliterra's case). The whole run is in test_sfm_caliterra.py."""

from __future__ import annotations

import json
import math
import sqlite3
import struct

import numpy as np
import pytest

from geomorph_plugin.remote import init_pair, level_fit
from geomorph_plugin.remote.colmap_model import read_images
from geomorph_plugin.remote.colmap_steps import _set_focal_priors, exif_focal_px


def _rotation(axis, degrees):
    axis = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
    a = math.radians(degrees)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + math.sin(a) * k + (1 - math.cos(a)) * k @ k


# ----------------------------------------------------------------------------- focal length

def test_focal_length_comes_from_the_original_exif(shared_data):
    from osgeo import gdal

    canon = gdal.Open(str(shared_data / "caliterra" / "images" / "IMG_9354.jpg")).GetMetadata()
    # 4.5 mm over a 6.20 mm wide focal plane (4000 px at 16393.4 px per inch), at the resampled size.
    assert exif_focal_px(canon, 1000, 750) == pytest.approx(4.5 / (4000 / 16393.4 * 25.4) * 1000, rel=1e-6)
    assert exif_focal_px(canon, 1600, 1200) == pytest.approx(1161.7, abs=0.1)
    dji = {"EXIF_FocalLength": "(3.61)", "EXIF_FocalLengthIn35mmFilm": "20", "EXIF_PixelXDimension": "4000"}
    assert exif_focal_px(dji, 1000, 562) == pytest.approx(20 / 35 * 1000)  # COLMAP's own rule: 571.4 px
    assert exif_focal_px({}, 1000, 750) is None
    # A focal plane resolution that refers to another size gives 5 px: not believed, the 35 mm one is.
    wrong = {**canon, "EXIF_FocalPlaneXResolution": "(113)", "EXIF_FocalLengthIn35mmFilm": "26"}
    assert exif_focal_px(wrong, 1000, 750) == pytest.approx(26 / 35 * 1000)


def _camera_db(path, cameras, images):
    con = sqlite3.connect(str(path))
    con.execute("CREATE TABLE cameras (camera_id INTEGER PRIMARY KEY, model INTEGER, width INTEGER, height INTEGER, "
                "params BLOB, prior_focal_length INTEGER)")
    con.execute("CREATE TABLE images (image_id INTEGER PRIMARY KEY, name TEXT, camera_id INTEGER)")
    con.executemany("INSERT INTO cameras VALUES (?, ?, ?, ?, ?, ?)",
                    [(c, m, w, h, struct.pack(f"{len(p)}d", *p), prior) for c, m, w, h, p, prior in cameras])
    con.executemany("INSERT INTO images VALUES (?, ?, ?)", images)
    con.commit()
    con.close()


def _cameras(path):
    con = sqlite3.connect(str(path))
    rows = {c: (struct.unpack(f"{len(p) // 8}d", p), prior)
            for c, p, prior in con.execute("SELECT camera_id, params, prior_focal_length FROM cameras")}
    con.close()
    return rows


def test_focal_priors_replace_the_zero_colmap_read_from_resampled_copies(tmp_path):
    db = tmp_path / "features.db"
    # Camera 1 as COLMAP wrote it for caliterra's resampled photos: 0 px, flagged as a prior.
    _camera_db(db, [(1, 2, 1000, 750, (0.0, 500.0, 375.0, 0.0), 1), (2, 2, 1000, 750, (0.0, 500.0, 375.0, 0.0), 1),
                    (3, 2, 800, 600, (900.0, 400.0, 300.0, 0.0), 1)],
               [(1, "a.jpg", 1), (2, "b.jpg", 1), (3, "c.jpg", 1), (4, "d.jpg", 2), (5, "e.jpg", 3)])
    _set_focal_priors(db, {"a.jpg": 720.0, "b.jpg": 726.0, "c.jpg": 730.0, "d.jpg": None, "e.jpg": None})
    cams = _cameras(db)
    assert cams[1] == ((726.0, 500.0, 375.0, 0.0), 1)  # the median of its photos
    assert cams[2] == ((1200.0, 500.0, 375.0, 0.0), 0)  # no EXIF: COLMAP's guess, estimated by the mapper
    assert cams[3] == ((900.0, 400.0, 300.0, 0.0), 1)  # a usable value of COLMAP's own stays


# ----------------------------------------------------------------------------- initial pair

K = np.array([[726.0, 0.0, 500.0], [0.0, 726.0, 375.0], [0.0, 0.0, 1.0]])
HEIGHT = 44.0  # caliterra's flying height above the ground, from the reconstruction


def _homography(c1, c2, yaw2=0.0):
    """x2 ~ H x1 for two nadir cameras at ground positions c1, c2 (metres), HEIGHT above a flat ground.
    Camera axes: x east, y south, z down (looking at the ground)."""
    r1 = np.diag([1.0, -1.0, -1.0])  # world (east, north, up) -> camera
    r2 = _rotation([0, 0, 1], yaw2) @ r1
    rel = r2 @ r1.T
    t = r2 @ (np.array([*c1, HEIGHT]) - np.array([*c2, HEIGHT]))
    n = np.array([0.0, 0.0, 1.0])  # the ground's normal in camera 1, at distance HEIGHT
    return K @ (rel + np.outer(t, n) / HEIGHT) @ np.linalg.inv(K)


def test_baseline_over_height_from_the_homography():
    for baseline, yaw in ((5.0, 0.0), (11.0, 3.0), (20.0, -8.0)):
        ratio = init_pair.baseline_over_height(_homography((0, 0), (baseline, 0), yaw), K, K)
        assert ratio == pytest.approx(baseline / HEIGHT, rel=1e-6)


def _pair_db(path, positions, pairs):
    _camera_db(path, [(1, 2, 1000, 750, (726.0, 500.0, 375.0, 0.0), 1)],
               [(i + 1, f"img_{i:05d}.jpg", 1) for i in range(len(positions))])
    con = sqlite3.connect(str(path))
    con.execute("CREATE TABLE two_view_geometries (pair_id INTEGER PRIMARY KEY, rows INTEGER, H BLOB)")
    for i, j, inliers in pairs:
        h = _homography(positions[i], positions[j])
        con.execute("INSERT INTO two_view_geometries VALUES (?, ?, ?)",
                    ((i + 1) * init_pair.MAX_IMAGE_ID + (j + 1), inliers, struct.pack("9d", *h.ravel())))
    con.commit()
    con.close()


def test_the_initial_pair_is_central_with_a_useful_angle_and_many_matches(tmp_path):
    # A 5 x 5 grid, 10 m apart; the GPS is noisy by metres, the homographies are exact.
    truth = [(10.0 * (k % 5), 10.0 * (k // 5)) for k in range(25)]
    rng = np.random.default_rng(1)
    gps = {f"img_{k:05d}.jpg": tuple(np.array(p) + rng.normal(0, 1.5, 2)) for k, p in enumerate(truth)}
    centre = 12
    pairs = [(centre, centre + 1, 900),  # 10 m: 13 degrees, many matches
             (centre - 1, centre + 1, 700),  # 20 m: 26 degrees, fewer (less overlap)
             (centre, centre + 5, 2000),  # 10 m with the most matches: the best score
             (0, 1, 3000),  # at the corner: not central, however many matches
             (6, 7, 5000)]  # central, but no usable angle: the same position twice
    truth[7] = (truth[6][0] + 0.2, truth[6][1])
    _pair_db(tmp_path / "database.db", truth, pairs + [(3, 4, 50)])  # 50 matches: below the minimum
    candidates, height = init_pair.choose(tmp_path / "database.db", gps)
    assert [(c.name1, c.name2) for c in candidates[:3]] == [
        ("img_00012.jpg", "img_00017.jpg"), ("img_00012.jpg", "img_00013.jpg"), ("img_00011.jpg", "img_00013.jpg")]
    best = candidates[0]
    assert best.central and best.angle_deg == pytest.approx(math.degrees(2 * math.atan(10 / HEIGHT / 2)), rel=1e-6)
    assert init_pair.min_tri_angle(best) == pytest.approx(best.angle_deg / 2, abs=0.01)
    assert candidates[-1].name1 == "img_00000.jpg" and not candidates[-1].central
    assert all("img_00006.jpg" != c.name1 for c in candidates) and all("img_00003.jpg" != c.name1 for c in candidates)
    assert height == pytest.approx(HEIGHT, rel=0.25)  # from noisy GPS baselines: about right


# ----------------------------------------------------------------------------- levelled georeferencing

def _nadir_block(rng, tilt_noise_deg=3.0):
    """Camera centres (east, north, up) of a 6 x 8 grid flown 44 m above flat ground at 340 m,
    world -> camera rotations looking down with a few degrees of wobble."""
    centres, rotations = [], []
    for k in range(48):
        centres.append([12.0 * (k % 6), 15.0 * (k // 6), 340.0 + HEIGHT])
        wobble = _rotation(rng.normal(size=3), rng.normal(0, tilt_noise_deg))
        rotations.append(wobble @ np.diag([1.0, -1.0, -1.0]))
    return np.array(centres), rotations


def test_level_fit_ignores_drifting_gps_altitudes():
    rng = np.random.default_rng(7)
    true_centres, true_rot = _nadir_block(rng)
    # The reconstruction's arbitrary frame: X_model = (R X_true + t) / s.
    s0, r0, t0 = 0.37, _rotation([1, 2, 3], 50), np.array([3.0, -8.0, 1.0])
    model = (true_centres @ r0.T + t0) / s0
    model_rot = [r @ r0.T for r in true_rot]
    # GPS: a few metres of noise in plan, and an altitude that climbs 114 m during the flight.
    gps = true_centres + np.c_[rng.normal(0, 3, (48, 2)), np.linspace(-57, 57, 48)]
    gps[5, :2] += 40.0  # one position far off
    axes = level_fit.viewing_axes(model_rot)
    down, concentration = level_fit.axis_concentration(axes)
    assert concentration > level_fit.MIN_AXIS_CONCENTRATION
    s, rotation, t, keep = level_fit.level_fit(model, axes, gps)
    fitted = s * model @ rotation.T + t
    assert not keep[5] and keep.sum() >= 45
    assert np.median(np.hypot(*(fitted - true_centres)[:, :2].T)) < 2.0
    # Level: the block's cameras all at one height again (the drift is gone), at the GPS's median altitude.
    assert np.ptp(fitted[:, 2]) < 3.0 and abs(np.median(fitted[:, 2]) - np.median(gps[keep, 2])) < 0.5
    assert s == pytest.approx(s0, rel=0.02)


def test_transform_txt_model_keeps_every_projection(tmp_path):
    rng = np.random.default_rng(3)
    centres, rotations = _nadir_block(rng)
    point = np.array([30.0, 40.0, 340.0])
    lines = ["# Image list with two lines of data per image:"]
    for k in range(3):
        r = rotations[k]
        t = -r @ centres[k]
        q = level_fit._rotation_to_quat(r)
        lines += [f"{k + 1} {' '.join(repr(v) for v in q)} {' '.join(repr(float(v)) for v in t)} 1 img_{k}.jpg", ""]
    (tmp_path / "images.txt").write_text("\n".join(lines) + "\n")
    (tmp_path / "points3D.txt").write_text(f"# 3D point list\n1 {point[0]} {point[1]} {point[2]} 200 10 10 0.5 1 0\n")

    def pixels():
        images = read_images(tmp_path / "images.txt")
        xyz = np.array([float(v) for v in (tmp_path / "points3D.txt").read_text().splitlines()[1].split()[1:4]])
        out = []
        for im in sorted(images.values(), key=lambda i: i.image_id):
            cam = im.rotation @ xyz + im.translation
            out.append(cam[:2] / cam[2])
        return np.array(out), images

    before, images = pixels()
    s, rotation, t = 2.5, _rotation([0.3, -1, 0.2], 70), np.array([100.0, -20.0, 5.0])
    level_fit.transform_txt_model(tmp_path, s, rotation, t)
    after, moved = pixels()
    assert np.allclose(before, after, atol=1e-9)
    for k in images:
        assert np.allclose(moved[k].centre, s * rotation @ images[k].centre + t, atol=1e-6)
    assert json.dumps([im.name for im in moved.values()]) == json.dumps([im.name for im in images.values()])
