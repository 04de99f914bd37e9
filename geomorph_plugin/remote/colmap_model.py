"""Read COLMAP text models (``model_converter --output_type TXT``) and binary image counts."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Camera:
    model: str
    width: int
    height: int
    params: list


@dataclass
class Image:
    image_id: int
    name: str
    camera_id: int
    rotation: np.ndarray  # world -> camera
    translation: np.ndarray

    @property
    def centre(self) -> np.ndarray:
        return -self.rotation.T @ self.translation


def quat_to_matrix(qw: float, qx: float, qy: float, qz: float) -> np.ndarray:
    n = (qw * qw + qx * qx + qy * qy + qz * qz) ** 0.5
    qw, qx, qy, qz = qw / n, qx / n, qy / n, qz / n
    return np.array([
        [1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qw * qz), 2 * (qx * qz + qw * qy)],
        [2 * (qx * qy + qw * qz), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qw * qx)],
        [2 * (qx * qz - qw * qy), 2 * (qy * qz + qw * qx), 1 - 2 * (qx * qx + qy * qy)],
    ])


def _data_lines(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n")


def read_cameras(path: Path) -> dict:
    cameras = {}
    for line in _data_lines(path):
        parts = line.split()
        cameras[int(parts[0])] = Camera(parts[1], int(parts[2]), int(parts[3]), [float(v) for v in parts[4:]])
    return cameras


def read_images(path: Path) -> dict:
    images = {}
    # Every image has two lines: the pose, then its 2D points (possibly empty, so count lines raw).
    with open(path, encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f if not ln.startswith("#")]
    for i in range(0, len(lines) - 1, 2):
        parts = lines[i].split()
        if len(parts) < 10:
            continue
        qw, qx, qy, qz, tx, ty, tz = (float(v) for v in parts[1:8])
        images[int(parts[0])] = Image(int(parts[0]), " ".join(parts[9:]), int(parts[8]), quat_to_matrix(qw, qx, qy, qz),
                                      np.array([tx, ty, tz]))
    return images


def read_points(path: Path) -> tuple:
    """(xyz float64 N x 3, rgb uint8 N x 3, reprojection error N, track length N)."""
    xyz, rgb, err, track = [], [], [], []
    for line in _data_lines(path):
        parts = line.split()
        xyz.append((float(parts[1]), float(parts[2]), float(parts[3])))
        rgb.append((int(parts[4]), int(parts[5]), int(parts[6])))
        err.append(float(parts[7]))
        track.append((len(parts) - 8) // 2)
    return (np.array(xyz, dtype=np.float64).reshape(-1, 3), np.array(rgb, dtype=np.uint8).reshape(-1, 3),
            np.array(err), np.array(track))


def registered_image_count(model_dir: Path) -> int:
    """Images in a binary or text model: the first uint64 of images.bin, or the text pose lines."""
    bin_path = Path(model_dir) / "images.bin"
    if bin_path.exists():
        with open(bin_path, "rb") as f:
            data = f.read(8)
        return struct.unpack("<Q", data)[0] if len(data) == 8 else 0
    txt = Path(model_dir) / "images.txt"
    return len(read_images(txt)) if txt.exists() else 0


def pinhole(camera: Camera) -> tuple:
    """(fx, fy, cx, cy) of an undistorted camera (PINHOLE or SIMPLE_PINHOLE)."""
    p = camera.params
    if camera.model == "PINHOLE":
        return p[0], p[1], p[2], p[3]
    if camera.model == "SIMPLE_PINHOLE":
        return p[0], p[0], p[1], p[2]
    raise ValueError(f"expected an undistorted pinhole camera, got {camera.model}")
