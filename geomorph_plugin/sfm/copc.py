"""The COPC point cloud that the cluster nodes write: check the downloaded file, say why it is missing.

QGIS builds without the PDAL provider (Debian's QGIS 3.40 has only ``copc``, ``ept`` and ``vpc``)
read point clouds only as a Cloud-Optimized Point Cloud. The nodes write it with PDAL's
``writers.copc`` or the Python package copclib (``remote/pointcloud.write_copc``), as they make
the other products. Nothing is
converted inside QGIS any more: the copclib conversion that ran there aborted QGIS itself
(``std::bad_alloc``) in ``qgis_process`` and the desktop application.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr

PRODUCT = "pointcloud_copc"
_HEADER_SIZE = 375  # LAS 1.4
_VLR_HEADER = 54
_WKT_RECORD = 2112  # LASF_Projection: OGC WKT coordinate system


@dataclass
class CopcInfo:
    point_count: int
    point_format: int
    center: tuple[float, float, float]
    halfsize: float
    spacing: float
    wkt: str  # the CRS as the file carries it ("" when it has none)


def read_copc_info(path: Path) -> CopcInfo:
    """The LAS 1.4 header and COPC info VLR of ``path``; GeomorphError when it is not a COPC file."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(_HEADER_SIZE + _VLR_HEADER + 160)
            if len(head) < _HEADER_SIZE + _VLR_HEADER + 160 or head[:4] != b"LASF" or head[24:26] != b"\x01\x04":
                raise GeomorphError(tr("{path} is not a LAS 1.4 file, so it is not a COPC point cloud.")
                                    .format(path=path))
            header_size, point_offset, vlr_count = struct.unpack_from("<HII", head, 94)
            user, record = struct.unpack_from("<16sH", head, _HEADER_SIZE + 2)
            # The COPC specification puts its info VLR first, right after the header.
            if header_size != _HEADER_SIZE or user.rstrip(b"\0") != b"copc" or record != 1:
                raise GeomorphError(tr("{path} is a LAS file without the COPC index: it is not a COPC point cloud.")
                                    .format(path=path))
            cx, cy, cz, halfsize, spacing = struct.unpack_from("<5d", head, _HEADER_SIZE + _VLR_HEADER)
            wkt = ""
            pos = _HEADER_SIZE
            for _ in range(vlr_count):
                f.seek(pos)
                vlr = f.read(_VLR_HEADER)
                if len(vlr) < _VLR_HEADER:
                    break
                user, record, length = struct.unpack_from("<16sHH", vlr, 2)
                if user.rstrip(b"\0") == b"LASF_Projection" and record == _WKT_RECORD:
                    wkt = f.read(length).rstrip(b"\0").decode("utf-8", "replace")
                pos += _VLR_HEADER + length
                if pos > point_offset:
                    break
            # Writers may put the CRS in an extended VLR after the points instead (copclib does).
            evlr_start, evlr_count = struct.unpack_from("<QI", head, 235)
            pos = evlr_start
            for _ in range(evlr_count if not wkt else 0):
                f.seek(pos)
                evlr = f.read(60)
                if len(evlr) < 60:
                    break
                user, record, length = struct.unpack_from("<16sHQ", evlr, 2)
                if user.rstrip(b"\0") == b"LASF_Projection" and record == _WKT_RECORD:
                    wkt = f.read(length).rstrip(b"\0").decode("utf-8", "replace")
                pos += 60 + length
    except OSError as exc:
        raise GeomorphError(tr("Cannot read the point cloud {path}: {error}.").format(path=path, error=exc)) from exc
    return CopcInfo(point_count=struct.unpack_from("<Q", head, 247)[0], point_format=head[104] & 0x3F,
                    center=(cx, cy, cz), halfsize=halfsize, spacing=spacing, wkt=wkt)


def check_downloaded(products: dict, outputs: dict, summary: dict) -> str:
    """"" when ``products`` holds a valid COPC point cloud; otherwise drops it and returns the
    message to show: why there is none and how to get one (PDAL on the nodes)."""
    path = products.get(PRODUCT)
    if path is not None:
        try:
            read_copc_info(path)
            return ""
        except GeomorphError as exc:
            products.pop(PRODUCT)
            reason = str(exc)
    elif PRODUCT not in outputs:
        reason = tr("the job was prepared by an earlier version of Geomorph, whose nodes did not write COPC")
    else:
        reason = summary.get("pointcloud_copc_missing") or tr("the nodes did not write it")
    return tr("The point cloud was not loaded as a layer: there is no COPC file from the nodes ({reason}). This "
              "QGIS reads point clouds only as COPC, which the nodes write with PDAL or, without it, with the Python "
              "package copclib. Install one of them for the nodes (PDAL: conda install -c conda-forge pdal; "
              "copclib: python3 -m pip install --user copclib), or make it available to the jobs through the "
              "cluster profile's \"Node setup command\" (for example module load pdal) or \"Container image\", "
              "then run the job again. The PLY and LAS files are in the output folder meanwhile.").format(reason=reason)
