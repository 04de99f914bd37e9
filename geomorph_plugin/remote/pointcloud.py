"""Point clouds without PDAL: binary PLY and LAS 1.2 (point format 2, RGB, EPSG GeoKeys).

The nodes have only Python, GDAL and numpy; QGIS turns LAS into COPC on the client.
"""

from __future__ import annotations

import datetime
import os
import struct
from pathlib import Path

import numpy as np

_PLY_TYPES = {"char": "i1", "int8": "i1", "uchar": "u1", "uint8": "u1", "short": "<i2", "int16": "<i2",
              "ushort": "<u2", "uint16": "<u2", "int": "<i4", "int32": "<i4", "uint": "<u4", "uint32": "<u4",
              "float": "<f4", "float32": "<f4", "double": "<f8", "float64": "<f8"}


def read_ply(path: Path) -> tuple:
    """(xyz float64, rgb uint8) of a binary little-endian PLY vertex element (COLMAP's fused.ply)."""
    with open(path, "rb") as f:
        if f.readline().strip() != b"ply":
            raise ValueError(f"{path} is not a PLY file")
        fields, count, fmt = [], 0, b""
        in_vertex = False
        while True:
            line = f.readline()
            if not line:
                raise ValueError(f"{path}: PLY header has no end")
            words = line.split()
            if not words:
                continue
            if words[0] == b"format":
                fmt = words[1]
            elif words[0] == b"element":
                in_vertex = words[1] == b"vertex"
                if in_vertex:
                    count = int(words[2])
            elif words[0] == b"property" and in_vertex:
                fields.append((words[2].decode(), _PLY_TYPES[words[1].decode()]))
            elif words[0] == b"end_header":
                break
        if fmt != b"binary_little_endian":
            raise ValueError(f"{path}: only binary little-endian PLY is supported")
        data = np.fromfile(f, dtype=np.dtype(fields), count=count)
    xyz = np.stack([data["x"], data["y"], data["z"]], axis=1).astype(np.float64)
    if "red" in data.dtype.names:
        rgb = np.stack([data["red"], data["green"], data["blue"]], axis=1).astype(np.uint8)
    else:
        rgb = np.full((len(data), 3), 200, dtype=np.uint8)
    return xyz, rgb


def write_ply(path: Path, xyz: np.ndarray, rgb: np.ndarray, comment: str = "") -> None:
    dtype = np.dtype([("x", "<f8"), ("y", "<f8"), ("z", "<f8"), ("red", "u1"), ("green", "u1"), ("blue", "u1")])
    data = np.empty(len(xyz), dtype=dtype)
    data["x"], data["y"], data["z"] = xyz[:, 0], xyz[:, 1], xyz[:, 2]
    data["red"], data["green"], data["blue"] = rgb[:, 0], rgb[:, 1], rgb[:, 2]
    header = ["ply", "format binary_little_endian 1.0"]
    header += [f"comment {line}" for line in comment.splitlines() if line]
    header += [f"element vertex {len(xyz)}", "property double x", "property double y", "property double z",
               "property uchar red", "property uchar green", "property uchar blue", "end_header"]
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(("\n".join(header) + "\n").encode("ascii"))
        data.tofile(f)
    os.replace(tmp, path)


def _geokeys_vlr(epsg: int) -> bytes:
    keys = [(1024, 0, 1, 1), (1025, 0, 1, 1), (3072, 0, 1, epsg), (3076, 0, 1, 9001)]
    payload = struct.pack("<4H", 1, 1, 0, len(keys)) + b"".join(struct.pack("<4H", *k) for k in keys)
    header = struct.pack("<H16sHH32s", 0, b"LASF_Projection", 34735, len(payload), b"GeoKeyDirectoryTag")
    return header + payload


def write_las(path: Path, xyz: np.ndarray, rgb: np.ndarray, epsg: int, scale: float = 0.001) -> None:
    """LAS 1.2, point data format 2, coordinates to ``scale`` metres, the CRS as GeoKeys."""
    n = len(xyz)
    mins = xyz.min(axis=0) if n else np.zeros(3)
    maxs = xyz.max(axis=0) if n else np.zeros(3)
    offset = np.floor(mins)
    vlr = _geokeys_vlr(epsg)
    header_size = 227
    point_offset = header_size + len(vlr)
    today = datetime.date.today()
    header = struct.pack(
        "<4sHHIHH8sBB32s32sHHHIIBHI5I3d3d6d",
        b"LASF", 0, 0, 0, 0, 0, b"\0" * 8, 1, 2, b"Geomorph".ljust(32, b"\0"), b"Geomorph remote".ljust(32, b"\0"),
        today.timetuple().tm_yday, today.year, header_size, point_offset, 1, 2, 26, n, n, 0, 0, 0, 0,
        scale, scale, scale, *offset, maxs[0], mins[0], maxs[1], mins[1], maxs[2], mins[2])
    assert len(header) == header_size
    dtype = np.dtype([("x", "<i4"), ("y", "<i4"), ("z", "<i4"), ("intensity", "<u2"), ("flags", "u1"),
                      ("classification", "u1"), ("scan_angle", "i1"), ("user", "u1"), ("source", "<u2"),
                      ("red", "<u2"), ("green", "<u2"), ("blue", "<u2")])
    pts = np.zeros(n, dtype=dtype)
    for k, axis in enumerate("xyz"):
        pts[axis] = np.round((xyz[:, k] - offset[k]) / scale).astype(np.int32)
    pts["flags"] = 0b00001001  # return 1 of 1
    pts["classification"] = 1  # unclassified
    # LAS colours are 16-bit; scaling by 257 maps 255 to 65535 exactly.
    pts["red"], pts["green"], pts["blue"] = (rgb[:, 0].astype(np.uint16) * 257, rgb[:, 1].astype(np.uint16) * 257,
                                             rgb[:, 2].astype(np.uint16) * 257)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(header)
        f.write(vlr)
        pts.tofile(f)
    os.replace(tmp, path)


def read_las(path: Path) -> tuple:
    """(xyz, rgb uint8, epsg or None) of a file written by ``write_las`` (used by the tests)."""
    with open(path, "rb") as f:
        raw = f.read()
    fields = struct.unpack_from("<4sHHIHH8sBB32s32sHHHIIBHI5I3d3d6d", raw, 0)
    point_offset, nvlr, n = fields[14], fields[15], fields[18]
    scale, offset = np.array(fields[24:27]), np.array(fields[27:30])
    epsg = None
    pos = fields[13]
    for _ in range(nvlr):
        _r, user, rec, length, _d = struct.unpack_from("<H16sHH32s", raw, pos)
        if user.rstrip(b"\0") == b"LASF_Projection" and rec == 34735:
            keys = struct.unpack_from(f"<{4 + 4 * struct.unpack_from('<4H', raw, pos + 54)[3]}H", raw, pos + 54)
            for k in range(4, len(keys), 4):
                if keys[k] == 3072:
                    epsg = keys[k + 3]
        pos += 54 + length
    dtype = np.dtype([("x", "<i4"), ("y", "<i4"), ("z", "<i4"), ("rest", "V8"), ("red", "<u2"), ("green", "<u2"),
                      ("blue", "<u2")])
    pts = np.frombuffer(raw, dtype=dtype, count=n, offset=point_offset)
    xyz = np.stack([pts["x"] * scale[0] + offset[0], pts["y"] * scale[1] + offset[1], pts["z"] * scale[2] + offset[2]],
                   axis=1)
    rgb = (np.stack([pts["red"], pts["green"], pts["blue"]], axis=1) // 257).astype(np.uint8)
    return xyz, rgb, epsg
