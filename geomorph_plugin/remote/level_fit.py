"""Georeferencing a nadir block whose GPS altitudes cannot be trusted: level from the views.

``model_aligner`` fits one similarity to the photos' GPS positions in 3D. Cameras whose GPS
altitude drifts (caliterra's photos climb 114 m during a flight over flat ground, a barometric or
consumer-GPS drift) pull that fit into a tilt: the flat ground came out sloping 34 degrees, 18 m off
horizontally. For a block of (near) nadir photos the vertical is known without the altitudes: the
cameras look down. This fit turns the block so that its mean viewing direction points straight
down, then fits scale, rotation about the vertical and shift to the GPS positions in plan only
(iteratively dropping outliers), and puts the block at the GPS's median altitude.

``georeference`` in ``colmap_steps`` uses it only when the 3D fit is poor and this one fits the
GPS positions better in plan; oblique blocks (no common viewing direction) keep the 3D fit.
Plain numpy; the model is the TXT model of ``model_converter``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .colmap_model import quat_to_matrix

# Views this close to one direction (mean resultant length of the unit viewing axes, 0.94 ~ a
# spread of about 20 degrees) are a nadir block whose vertical the views give.
MIN_AXIS_CONCENTRATION = 0.94
OUTLIER_FACTOR = 3.0  # plan residuals beyond this many times the median are dropped and refitted


def viewing_axes(rotations: list) -> np.ndarray:
    """Unit viewing directions (camera +z) in world coordinates; ``rotations`` map world -> camera."""
    return np.array([np.asarray(r).T @ np.array([0.0, 0.0, 1.0]) for r in rotations])


def axis_concentration(axes: np.ndarray) -> tuple[np.ndarray, float]:
    mean = axes.mean(axis=0)
    length = float(np.linalg.norm(mean))
    return (mean / length if length > 0 else np.array([0.0, 0.0, -1.0])), length


def rotation_onto(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest rotation taking unit vector ``a`` onto unit vector ``b``."""
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    v, c = np.cross(a, b), float(np.dot(a, b))
    if np.linalg.norm(v) < 1e-12:
        if c > 0:
            return np.eye(3)
        # Half a turn about any axis perpendicular to a.
        p = np.cross(a, [1.0, 0.0, 0.0] if abs(a[0]) < 0.9 else [0.0, 1.0, 0.0])
        p /= np.linalg.norm(p)
        return 2.0 * np.outer(p, p) - np.eye(3)
    vx = np.array([[0.0, -v[2], v[1]], [v[2], 0.0, -v[0]], [-v[1], v[0], 0.0]])
    return np.eye(3) + vx + vx @ vx * (1.0 / (1.0 + c))


def similarity_2d(src: np.ndarray, dst: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Umeyama's least-squares similarity in the plane: ``dst ~ s * R @ src + t``."""
    ms, md = src.mean(axis=0), dst.mean(axis=0)
    a, b = src - ms, dst - md
    u, d, vt = np.linalg.svd(b.T @ a / len(src))
    sign = np.diag([1.0, np.sign(np.linalg.det(u @ vt)) or 1.0])
    r = u @ sign @ vt
    var = (a ** 2).sum() / len(src)
    s = float(np.trace(np.diag(d) @ sign) / var) if var > 0 else 1.0
    return s, r, md - s * r @ ms


def level_fit(centres: np.ndarray, axes: np.ndarray, gps: np.ndarray) -> tuple:
    """The similarity ``x -> s * R @ x + t`` that levels the block (mean view straight down) and fits
    the GPS positions in plan; returns (s, R, t, inlier mask)."""
    down, _ = axis_concentration(axes)
    r_level = rotation_onto(down, np.array([0.0, 0.0, -1.0]))
    levelled = centres @ r_level.T
    keep = np.ones(len(centres), dtype=bool)
    for _ in range(5):
        s, r2, t2 = similarity_2d(levelled[keep, :2], gps[keep, :2])
        plan = np.hypot(*((levelled[:, :2] @ r2.T) * s + t2 - gps[:, :2]).T)
        limit = OUTLIER_FACTOR * max(float(np.median(plan[keep])), 0.5)
        new = plan <= limit
        if new.sum() < 3 or np.array_equal(new, keep):
            break
        keep = new
    r3 = np.eye(3)
    r3[:2, :2] = r2
    rotation = r3 @ r_level
    z = s * (centres @ rotation.T)[:, 2]
    t = np.array([t2[0], t2[1], float(np.median(gps[keep, 2] - z[keep]))])
    return s, rotation, t, keep


def _rotation_to_quat(r: np.ndarray) -> tuple[float, float, float, float]:
    """(qw, qx, qy, qz) of a rotation matrix (Shepperd's method, stable for any angle)."""
    m = r
    tr = m[0, 0] + m[1, 1] + m[2, 2]
    if tr > 0:
        k = 2.0 * np.sqrt(tr + 1.0)
        q = (0.25 * k, (m[2, 1] - m[1, 2]) / k, (m[0, 2] - m[2, 0]) / k, (m[1, 0] - m[0, 1]) / k)
    elif m[0, 0] > m[1, 1] and m[0, 0] > m[2, 2]:
        k = 2.0 * np.sqrt(1.0 + m[0, 0] - m[1, 1] - m[2, 2])
        q = ((m[2, 1] - m[1, 2]) / k, 0.25 * k, (m[0, 1] + m[1, 0]) / k, (m[0, 2] + m[2, 0]) / k)
    elif m[1, 1] > m[2, 2]:
        k = 2.0 * np.sqrt(1.0 + m[1, 1] - m[0, 0] - m[2, 2])
        q = ((m[0, 2] - m[2, 0]) / k, (m[0, 1] + m[1, 0]) / k, 0.25 * k, (m[1, 2] + m[2, 1]) / k)
    else:
        k = 2.0 * np.sqrt(1.0 + m[2, 2] - m[0, 0] - m[1, 1])
        q = ((m[1, 0] - m[0, 1]) / k, (m[0, 2] + m[2, 0]) / k, (m[1, 2] + m[2, 1]) / k, 0.25 * k)
    return tuple(float(v) for v in q)


def transform_txt_model(txt: Path, s: float, rotation: np.ndarray, t: np.ndarray) -> None:
    """Apply ``X' = s R X + t`` to a TXT model in place (camera poses and 3D points)."""
    lines = (txt / "images.txt").read_text(encoding="utf-8").splitlines()
    out, pose_line = [], True
    for line in lines:
        if line.startswith("#"):
            out.append(line)
            continue
        if pose_line:
            p = line.split()
            rc = quat_to_matrix(*map(float, p[1:5]))
            tc = np.array([float(v) for v in p[5:8]])
            # x_cam = Rc X + tc with X = R^T (X' - t) / s; scaling camera coordinates by s keeps the image.
            rc_new = rc @ rotation.T
            tc_new = s * tc - rc_new @ t
            q = _rotation_to_quat(rc_new)
            p[1:8] = [f"{float(v):.17g}" for v in (*q, *tc_new)]
            out.append(" ".join(p))
        else:
            out.append(line)
        pose_line = not pose_line
    (txt / "images.txt").write_text("\n".join(out) + "\n", encoding="utf-8")
    points = []
    for line in (txt / "points3D.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            points.append(line)
            continue
        p = line.split()
        x = s * rotation @ np.array([float(v) for v in p[1:4]]) + t
        p[1:4] = [f"{float(v):.17g}" for v in x]
        points.append(" ".join(p))
    (txt / "points3D.txt").write_text("\n".join(points) + "\n", encoding="utf-8")
