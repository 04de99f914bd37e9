"""Point clouds for QGIS builds without PDAL: read PLY/LAS, write a Cloud-Optimized Point Cloud.

QGIS 3.40 as packaged by Debian has only the ``copc``, ``ept`` and ``vpc`` point-cloud
providers, so COLMAP's PLY (or a LAS from the nodes) must become COPC before it can be a
point-cloud layer. ``copclib`` writes the COPC container and compresses the nodes; this module
only builds the octree (a random-subsample level of detail, which is what COPC viewers expect)
and packs the LAS 1.4 point records with numpy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr

# Modules needed for the COPC layer; without them the plugin still outputs the PLY/LAS file.
COPC_MODULES = ("copclib",)
LAS_MODULES = ("laspy",)

# LAS 1.4 point data record format 7: XYZ, returns, classification, GPS time and RGB (36 bytes).
_FORMAT7 = np.dtype(
    [
        ("X", "<i4"), ("Y", "<i4"), ("Z", "<i4"), ("intensity", "<u2"), ("returns", "u1"),
        ("flags", "u1"), ("classification", "u1"), ("user_data", "u1"), ("scan_angle", "<i2"),
        ("point_source_id", "<u2"), ("gps_time", "<f8"), ("red", "<u2"), ("green", "<u2"), ("blue", "<u2"),
    ]
)

_PLY_TYPES = {
    "char": "i1", "int8": "i1", "uchar": "u1", "uint8": "u1", "short": "i2", "int16": "i2",
    "ushort": "u2", "uint16": "u2", "int": "i4", "int32": "i4", "uint": "u4", "uint32": "u4",
    "float": "f4", "float32": "f4", "double": "f8", "float64": "f8",
}


@dataclass
class PointSet:
    xyz: np.ndarray  # (n, 3) float64 in the CRS of the job (UTM metres)
    rgb: np.ndarray | None  # (n, 3) uint16 on the LAS 0-65535 scale, or None

    def __len__(self) -> int:
        return int(self.xyz.shape[0])


def copc_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("copclib") is not None


def read_ply(path: Path) -> PointSet:
    """The vertices of a PLY file (ascii or binary), as COLMAP's fusion and model_converter write it."""
    with open(path, "rb") as f:
        if f.readline().strip() != b"ply":
            raise GeomorphError(tr("{path} is not a PLY file.").format(path=path))
        fmt = ""
        elements: list[tuple[str, int, list[tuple[str, str]]]] = []
        while True:
            line = f.readline()
            if not line:
                raise GeomorphError(tr("The PLY header of {path} has no end_header line.").format(path=path))
            words = line.decode("ascii", "replace").split()
            if not words:
                continue
            if words[0] == "format":
                fmt = words[1]
            elif words[0] == "element":
                elements.append((words[1], int(words[2]), []))
            elif words[0] == "property" and elements:
                if words[1] == "list":
                    elements[-1][2].append((words[-1], "list"))
                else:
                    elements[-1][2].append((words[2], _PLY_TYPES[words[1]]))
            elif words[0] == "end_header":
                break
        if not elements or elements[0][0] != "vertex" or any(t == "list" for _, t in elements[0][2]):
            raise GeomorphError(
                tr("{path} has no plain vertex list first; export the cloud as a PLY of points.").format(path=path)
            )
        _, count, props = elements[0]
        if fmt == "ascii":
            table = np.loadtxt(f, max_rows=count, ndmin=2)
            data = {name: table[:, i] for i, (name, _) in enumerate(props)}
        else:
            order = "<" if fmt == "binary_little_endian" else ">"
            dtype = np.dtype([(name, order + t) for name, t in props])
            raw = np.frombuffer(f.read(dtype.itemsize * count), dtype=dtype, count=count)
            data = {name: raw[name] for name, _ in props}
    xyz = np.column_stack([data["x"], data["y"], data["z"]]).astype(np.float64)
    rgb = None
    if all(k in data for k in ("red", "green", "blue")):
        rgb8 = np.column_stack([data["red"], data["green"], data["blue"]]).astype(np.uint16)
        # 8-bit colours spread over the full 16-bit LAS range (255 -> 65535).
        rgb = rgb8 * 257 if rgb8.max(initial=0) <= 255 else rgb8
    return PointSet(xyz, rgb)


def read_las(path: Path) -> PointSet:
    import laspy

    las = laspy.read(str(path))
    xyz = np.column_stack([np.asarray(las.x), np.asarray(las.y), np.asarray(las.z)]).astype(np.float64)
    rgb = None
    if "red" in las.point_format.dimension_names:
        rgb = np.column_stack([las.red, las.green, las.blue]).astype(np.uint16)
    return PointSet(xyz, rgb)


def read_points(path: Path) -> PointSet:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".ply":
        return read_ply(path)
    if suffix in (".las", ".laz"):
        return read_las(path)
    raise GeomorphError(tr("Unsupported point cloud format {suffix}: use PLY, LAS or LAZ.").format(suffix=suffix))


def _octree(keys_xyz: np.ndarray, order: np.ndarray, capacity: int, max_depth: int):
    """Assign each point (in shuffled ``order``) to one node: a node keeps up to ``capacity``
    points and passes the rest down to its octant, so every level is a random subsample."""
    nodes: dict[tuple[int, int, int, int], np.ndarray] = {}
    stack = [((0, 0, 0, 0), order)]
    while stack:
        (d, x, y, z), idx = stack.pop()
        if d == max_depth or len(idx) <= capacity:
            nodes[(d, x, y, z)] = idx
            continue
        nodes[(d, x, y, z)] = idx[:capacity]
        rest = idx[capacity:]
        # Octant of each remaining point at depth d+1, from its normalised position in [0, 1).
        cells = np.floor(keys_xyz[rest] * (1 << (d + 1))).astype(np.int64)
        cells = np.clip(cells, 0, (1 << (d + 1)) - 1)
        child = (cells[:, 0] & 1) | ((cells[:, 1] & 1) << 1) | ((cells[:, 2] & 1) << 2)
        for c in range(8):
            part = rest[child == c]
            if len(part):
                stack.append(((d + 1, 2 * x + (c & 1), 2 * y + ((c >> 1) & 1), 2 * z + ((c >> 2) & 1)), part))
    return nodes


def write_copc(points: PointSet, dest: Path, wkt: str = "", capacity: int = 20000, max_depth: int = 10,
               feedback=None) -> Path:
    """Write ``points`` as a COPC file at ``dest`` (``.copc.laz``), atomically."""
    import copclib

    if len(points) == 0:
        raise GeomorphError(tr("The point cloud is empty: there is nothing to convert to COPC."))
    dest = Path(dest)
    xyz = points.xyz
    lo, hi = xyz.min(axis=0), xyz.max(axis=0)
    scale = 0.001
    offset = np.floor(lo)
    halfsize = float(max(hi - lo)) / 2.0 + scale
    center = (lo + hi) / 2.0
    cube_lo = center - halfsize

    records = np.zeros(len(points), dtype=_FORMAT7)
    ints = np.round((xyz - offset) / scale).astype(np.int64)
    records["X"], records["Y"], records["Z"] = ints[:, 0], ints[:, 1], ints[:, 2]
    records["returns"] = 0x11  # return 1 of 1
    if points.rgb is not None:
        records["red"], records["green"], records["blue"] = points.rgb[:, 0], points.rgb[:, 1], points.rgb[:, 2]

    norm = np.clip((xyz - cube_lo) / (2.0 * halfsize), 0.0, np.nextafter(1.0, 0.0))
    order = np.random.default_rng(0).permutation(len(points))
    nodes = _octree(norm, order, capacity, max_depth)

    tmp = dest.with_name(dest.name + ".part")
    config = copclib.CopcConfigWriter(
        7, copclib.Vector3(scale, scale, scale), copclib.Vector3(*map(float, offset)), wkt or ""
    )
    writer = copclib.FileWriter(str(tmp), config)
    try:
        header = writer.copc_config.las_header
        header.min = copclib.Vector3(*map(float, lo))
        header.max = copclib.Vector3(*map(float, hi))
        info = writer.copc_config.copc_info
        info.center_x, info.center_y, info.center_z = map(float, center)
        info.halfsize = halfsize
        info.spacing = 2.0 * halfsize / 128.0
        for i, (key, idx) in enumerate(sorted(nodes.items())):
            if feedback is not None and feedback.isCanceled():
                break
            data = copclib.VectorChar(np.ascontiguousarray(records[np.sort(idx)]).view(np.int8))
            writer.AddNode(copclib.VoxelKey(*key), data)
            if feedback is not None:
                feedback.setProgress(100.0 * (i + 1) / len(nodes))
    finally:
        writer.Close()
    if feedback is not None and feedback.isCanceled():
        tmp.unlink(missing_ok=True)
        from ..errors import CancelledError

        raise CancelledError(tr("Cancelled while writing the COPC point cloud."))
    os.replace(tmp, dest)
    return dest


def convert_to_copc(src: Path, dest: Path | None = None, wkt: str = "", feedback=None) -> Path:
    """``src`` (PLY/LAS/LAZ) → ``<stem>.copc.laz`` beside it (or ``dest``)."""
    src = Path(src)
    if dest is None:
        dest = src.with_name(src.stem + ".copc.laz")
    return write_copc(read_points(src), dest, wkt=wkt, feedback=feedback)
