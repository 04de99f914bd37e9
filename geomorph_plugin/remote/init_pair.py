"""The mapper's initial image pair, chosen from the GPS positions and the verified matches.

COLMAP's own search wants a pair whose points are seen under a median angle of 16 degrees or more
(``init_min_tri_angle``). Over flat ground most pairs of a nadir grid are planar (one homography
explains the matches), and neighbouring photos see the ground under less than that: on caliterra
342 of 343 verified pairs were planar. Here the pair is chosen, in this order:

- near the centre of the survey (GPS): the model then grows outwards in every direction, and a
  start at an edge does not carry its drift across the whole block;
- with a useful triangulation angle: for a pair of nadir photos over a plane, the homography in
  normalised coordinates is ``R + t n^T / d``; its largest minus its smallest singular value
  (scaled so that the middle one is 1) is ``|t| / d``, the baseline over the flying height, which
  is the angle (radians) under which the ground below the pair is seen. It comes from the matches
  and the focal length, so the GPS's metres of noise on a 10 m baseline do not enter it; the GPS
  baseline over it gives the flying height, which the log reports;
- with many verified matches: score = inliers x min(angle, 16 degrees), so beyond COLMAP's own
  angle only the matches count.

Plain numpy and sqlite3 on the node; ``choose(db_path, positions)`` returns the candidates, best
first, and the flying height estimate.
"""

from __future__ import annotations

import math
import sqlite3
import struct
from dataclasses import dataclass

import numpy as np

MAX_IMAGE_ID = 2147483647  # COLMAP's pair id = image_id1 * MAX_IMAGE_ID + image_id2
TARGET_ANGLE_DEG = 16.0  # COLMAP's default init_min_tri_angle: larger angles earn no more
MIN_ANGLE_DEG = 2.0  # below this a pair triangulates the ground too poorly to start from
# Single-focal camera models (SIMPLE_PINHOLE, SIMPLE_RADIAL, RADIAL, *_FISHEYE): f, cx, cy, ...
_SINGLE_FOCAL = {0, 2, 3, 8, 9}


@dataclass(frozen=True)
class Candidate:
    image_id1: int
    image_id2: int
    name1: str
    name2: str
    inliers: int
    angle_deg: float
    baseline_m: float  # from the GPS
    centre_m: float  # distance of the pair's midpoint from the survey's centre (GPS)
    central: bool

    @property
    def score(self) -> float:
        return self.inliers * min(self.angle_deg, TARGET_ANGLE_DEG)


def split_pair_id(pair_id: int) -> tuple[int, int]:
    image_id2 = pair_id % MAX_IMAGE_ID
    return (pair_id - image_id2) // MAX_IMAGE_ID, image_id2


def intrinsics(model: int, params: tuple) -> np.ndarray | None:
    if model in _SINGLE_FOCAL:
        f, cx, cy = params[:3]
        fx = fy = f
    elif len(params) >= 4:  # PINHOLE, OPENCV...: fx, fy, cx, cy
        fx, fy, cx, cy = params[:4]
    else:
        return None
    if fx <= 0 or fy <= 0:
        return None
    return np.array([[fx, 0.0, cx], [0.0, fy, cy], [0.0, 0.0, 1.0]])


def baseline_over_height(homography: np.ndarray, k1: np.ndarray, k2: np.ndarray) -> float | None:
    """``|t| / d`` of the plane-induced homography ``x2 ~ H x1`` (pixels), or None when degenerate."""
    hn = np.linalg.inv(k2) @ homography @ k1
    s = np.linalg.svd(hn, compute_uv=False)
    if not np.all(np.isfinite(s)) or s[1] <= 1e-12:
        return None
    s = s / s[1]
    return float(s[0] - s[2])


def _survey_centre(xy: np.ndarray) -> np.ndarray:
    return np.median(xy, axis=0)


def choose(db_path, positions: dict, min_inliers: int = 100) -> tuple[list[Candidate], float | None]:
    """Candidate initial pairs, best first, and the flying height above the ground (metres, None
    when no pair gives it). ``positions``: image name -> (x, y) in metres (UTM)."""
    con = sqlite3.connect(str(db_path))
    try:
        cams = {}
        for camera_id, model, blob in con.execute("SELECT camera_id, model, params FROM cameras"):
            cams[camera_id] = intrinsics(model, struct.unpack(f"{len(blob) // 8}d", blob))
        images = {image_id: (name, camera_id) for image_id, name, camera_id
                  in con.execute("SELECT image_id, name, camera_id FROM images")}
        rows = con.execute("SELECT pair_id, rows, H FROM two_view_geometries WHERE rows >= ?",
                           (int(min_inliers),)).fetchall()
    finally:
        con.close()
    known = {i: positions[n] for i, (n, _c) in images.items() if n in positions}
    if len(known) < 2:
        return [], None
    xy = np.array(list(known.values()), dtype=float)
    centre = _survey_centre(xy)
    # "Central": both photos within the inner half of the survey (by distance from its centre).
    inner = float(np.median(np.hypot(*(xy - centre).T)))
    pairs, heights = [], []
    for pair_id, inliers, blob in rows:
        id1, id2 = split_pair_id(pair_id)
        if id1 not in known or id2 not in known or not blob or len(blob) != 72:
            continue
        k1, k2 = cams.get(images[id1][1]), cams.get(images[id2][1])
        if k1 is None or k2 is None:
            continue
        ratio = baseline_over_height(np.array(struct.unpack("9d", blob)).reshape(3, 3), k1, k2)
        if ratio is None or ratio <= 0:
            continue
        p1, p2 = np.array(known[id1]), np.array(known[id2])
        baseline = float(np.hypot(*(p1 - p2)))
        angle = math.degrees(2.0 * math.atan(ratio / 2.0))
        if angle >= MIN_ANGLE_DEG:
            # Photos taken from (nearly) one place say nothing of the height but GPS noise over ~0.
            heights.append(baseline / ratio)
        mid = float(np.hypot(*((p1 + p2) / 2.0 - centre)))
        central = max(np.hypot(*(p1 - centre)), np.hypot(*(p2 - centre))) <= inner
        pairs.append(Candidate(id1, id2, images[id1][0], images[id2][0], int(inliers), angle, baseline, mid,
                               bool(central)))
    usable = [c for c in pairs if c.angle_deg >= MIN_ANGLE_DEG]
    usable.sort(key=lambda c: (not c.central, -c.score, c.centre_m))
    return usable, (float(np.median(heights)) if heights else None)


def min_tri_angle(candidate: Candidate) -> float:
    """The ``init_min_tri_angle`` for a chosen pair: COLMAP measures the median angle over all the
    pair's points, some far from the nadir, so half the angle at the nadir, at most COLMAP's own."""
    return round(max(1.0, min(TARGET_ANGLE_DEG, 0.5 * candidate.angle_deg)), 2)
