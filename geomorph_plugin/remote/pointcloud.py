"""Point clouds on the nodes: binary PLY and LAS 1.2 (point format 2, RGB, EPSG GeoKeys) with
numpy, and the LAS as a Cloud-Optimized Point Cloud (``.copc.laz``) with PDAL's ``writers.copc``
or, without PDAL, the Python package ``copclib`` (a random-subsample octree).

QGIS builds without the PDAL provider read point clouds only as COPC. The COPC is made here
rather than in QGIS: the copclib conversion that ran inside QGIS aborted the whole application
(``std::bad_alloc``; QGIS's own lazperf symbols are the likely cause), while in a plain Python
process it works. Both writers are optional on the nodes: without them the run still succeeds,
with LAS and PLY only, and ``write_copc`` returns why, which ends up in ``result.json``
(``pointcloud_copc_missing``) for the plugin to show.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

from .common import StepError, log, run, tmp_path

PDAL_ENV = "GEOMORPH_PDAL"

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


def pdal_binary() -> str | None:
    """``GEOMORPH_PDAL`` (set by a profile's setup command) or ``pdal`` on PATH."""
    configured = os.environ.get(PDAL_ENV)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("pdal")


def write_copc(las: Path, dest: Path, epsg: int, threads: int = 1) -> str:
    """``las`` as the COPC file ``dest``. Returns "" when written, otherwise why not.

    PDAL's ``writers.copc`` when ``pdal`` is there (clusters get it from conda, a module or a
    container), else the Python package ``copclib`` in this node's Python (no QGIS in this
    process, so no clash with QGIS's own lazperf). A COPC left from an earlier attempt is removed
    first: it would no longer match the LAS.
    """
    dest = Path(dest)
    if dest.exists():
        dest.unlink()
    reasons = []
    for name, writer in (("PDAL", _copc_with_pdal), ("copclib", _copc_with_copclib)):
        tmp = tmp_path(dest)
        try:
            writer(Path(las), tmp, int(epsg), max(1, int(threads)))
            if not _is_copc(tmp):
                raise StepError(f"{name} wrote {tmp.name} but it is not a COPC file")
            os.replace(tmp, dest)
            log(f"COPC point cloud ({name}): {dest.name}, {dest.stat().st_size} bytes")
            return ""
        except _UnavailableError as exc:
            reasons.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - the COPC is optional: say why and keep the LAS
            reasons.append(f"{name} could not write the COPC file: {exc}")
        finally:
            if tmp.exists():
                tmp.unlink()
    reason = "; ".join(reasons)
    log(f"no COPC point cloud ({reason}); the LAS and PLY are the point cloud products")
    return reason


class _UnavailableError(Exception):
    """The writer's tool is not installed on this node (not an error of the run)."""


def _copc_with_pdal(las: Path, tmp: Path, epsg: int, threads: int) -> None:
    binary = pdal_binary()
    if binary is None:
        where = os.environ.get(PDAL_ENV)
        raise _UnavailableError(f"{PDAL_ENV}={where} is not an executable file" if where
                                else "PDAL ('pdal') is not on PATH on the node")
    pipeline = tmp.with_name(tmp.name + ".json")
    srs = f"EPSG:{epsg}"
    stages = [
        {"type": "readers.las", "filename": str(las), "override_srs": srs},
        # Millimetres as in the LAS; PDAL writes the CRS as the WKT VLR that QGIS's COPC provider reads.
        {"type": "writers.copc", "filename": str(tmp), "a_srs": srs, "threads": threads,
         "scale_x": 0.001, "scale_y": 0.001, "scale_z": 0.001},
    ]
    pipeline.write_text(json.dumps({"pipeline": stages}, indent=1), encoding="utf-8")
    try:
        run([binary, "pipeline", str(pipeline)])
    finally:
        pipeline.unlink()


# LAS 1.4 point data record format 7: XYZ, returns, classification, GPS time and RGB (36 bytes).
_FORMAT7 = np.dtype([
    ("X", "<i4"), ("Y", "<i4"), ("Z", "<i4"), ("intensity", "<u2"), ("returns", "u1"), ("flags", "u1"),
    ("classification", "u1"), ("user_data", "u1"), ("scan_angle", "<i2"), ("point_source_id", "<u2"),
    ("gps_time", "<f8"), ("red", "<u2"), ("green", "<u2"), ("blue", "<u2"),
])


def _octree(keys_xyz: np.ndarray, order: np.ndarray, capacity: int, max_depth: int) -> dict:
    """Assign each point (in shuffled ``order``) to one node: a node keeps up to ``capacity``
    points and passes the rest down to its octant, so every level is a random subsample."""
    nodes = {}
    stack = [((0, 0, 0, 0), order)]
    while stack:
        (d, x, y, z), idx = stack.pop()
        if d == max_depth or len(idx) <= capacity:
            nodes[(d, x, y, z)] = idx
            continue
        nodes[(d, x, y, z)] = idx[:capacity]
        rest = idx[capacity:]
        # Octant of each remaining point at depth d+1, from its normalised position in [0, 1).
        cells = np.clip(np.floor(keys_xyz[rest] * (1 << (d + 1))).astype(np.int64), 0, (1 << (d + 1)) - 1)
        child = (cells[:, 0] & 1) | ((cells[:, 1] & 1) << 1) | ((cells[:, 2] & 1) << 2)
        for c in range(8):
            part = rest[child == c]
            if len(part):
                stack.append(((d + 1, 2 * x + (c & 1), 2 * y + ((c >> 1) & 1), 2 * z + ((c >> 2) & 1)), part))
    return nodes


def _copc_with_copclib(las: Path, tmp: Path, epsg: int, threads: int) -> None:
    """Runs in a child Python: a crash of copclib's C++ code (an abort) then costs the COPC only,
    not the LAS, the PLY and the tile grid of this step."""
    import importlib.util

    if importlib.util.find_spec("copclib") is None:
        raise _UnavailableError("the Python package copclib is not installed for the node's Python")
    # The folder that holds our package (the job dir on the nodes), whatever the package is called.
    top = Path(__file__).resolve().parents[len(__name__.split(".")) - 1]
    code = (f"import sys; sys.path.insert(0, {str(top)!r}); import importlib; "
            f"importlib.import_module({__name__!r}).copclib_write({str(las)!r}, {str(tmp)!r}, {epsg})")
    # Under HTCondor PATH may be unset, and Python then cannot tell sys.executable (it is "").
    python = sys.executable or os.readlink("/proc/self/exe")
    run([python, "-c", code])


def copclib_write(las: str, tmp: str, epsg: int, capacity: int = 20000, max_depth: int = 10) -> None:
    import copclib
    from osgeo import osr

    xyz, rgb, _epsg = read_las(las)
    if not len(xyz):
        raise StepError("the point cloud is empty")
    osr.UseExceptions()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    lo, hi = xyz.min(axis=0), xyz.max(axis=0)
    scale = 0.001
    offset = np.floor(lo)
    halfsize = float(max(hi - lo)) / 2.0 + scale
    center = (lo + hi) / 2.0
    records = np.zeros(len(xyz), dtype=_FORMAT7)
    ints = np.round((xyz - offset) / scale).astype(np.int64)
    records["X"], records["Y"], records["Z"] = ints[:, 0], ints[:, 1], ints[:, 2]
    records["returns"] = 0x11  # return 1 of 1
    for k, band in enumerate(("red", "green", "blue")):
        records[band] = rgb[:, k].astype(np.uint16) * 257
    norm = np.clip((xyz - (center - halfsize)) / (2.0 * halfsize), 0.0, np.nextafter(1.0, 0.0))
    nodes = _octree(norm, np.random.default_rng(0).permutation(len(xyz)), capacity, max_depth)
    config = copclib.CopcConfigWriter(7, copclib.Vector3(scale, scale, scale), copclib.Vector3(*map(float, offset)),
                                      srs.ExportToWkt())
    writer = copclib.FileWriter(str(tmp), config)
    try:
        header = writer.copc_config.las_header
        header.min = copclib.Vector3(*map(float, lo))
        header.max = copclib.Vector3(*map(float, hi))
        info = writer.copc_config.copc_info
        info.center_x, info.center_y, info.center_z = map(float, center)
        info.halfsize = halfsize
        info.spacing = 2.0 * halfsize / 128.0
        for key, idx in sorted(nodes.items()):
            data = copclib.VectorChar(np.ascontiguousarray(records[np.sort(idx)]).view(np.int8))
            writer.AddNode(copclib.VoxelKey(*key), data)
    finally:
        writer.Close()


def _is_copc(path: Path) -> bool:
    """LAS signature, and the COPC info VLR (user "copc", record 1) first after the 375-byte LAS 1.4 header."""
    try:
        with open(path, "rb") as f:
            head = f.read(375 + 54)
    except OSError:
        return False
    return (len(head) == 429 and head[:4] == b"LASF" and head[377:381] == b"copc"
            and struct.unpack_from("<H", head, 393)[0] == 1)
