"""What the MicMac steps share: running ``mm3d``, the chantier, MicMac's files.

MicMac works in a folder (its "chantier") that holds the photos and writes its products beside
them (``Homol``, ``Ori-*``, ``Tmp-MM-Dir``, ``MEC*``...). Two MicMac processes in one folder
race on those shared files, so every parallel node gets a folder of its own with links to the
photos: ``work/homol/chunk_NNN`` for a Tapioca chunk, ``work/malt/tile_NNN`` for a Malt tile.
The serial steps use ``work/micmac``.

Coordinates: the GPS positions go to MicMac in local UTM (UTM minus the job's offset), so the
``Ground`` orientation, tie points and Malt boxes are local UTM; the tiles are written in UTM.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from .common import Job, StepError, engine_binary, run

PATTERN = "img_.*"
NODATA = -9999.0


def mm3d(*args) -> list:
    return [engine_binary("mm3d"), *[str(a) for a in args]]


# MicMac's commands run sub-commands through make and often exit 0 when one of them failed:
# these lines in the output are how such a failure shows.
_FAILURE_MARKS = ("FAIL IN :", "ERROR:", "Aborted", "Sorry, the following FATAL ERROR")


def run_mm3d(step: str, *args, cwd: Path) -> list[str]:
    """``mm3d <args>`` in ``cwd``; a failure, reported or not in the exit code, is a StepError
    naming the MicMac step, with MicMac's last lines."""
    try:
        # Enough lines to reach a summary that MicMac prints well before its end (Tapas's residual).
        tail = run(mm3d(*args), cwd=cwd, keep=500)
    except StepError as exc:
        raise StepError(f"MicMac {step} failed: {exc}") from None
    clean = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in tail]
    if any(mark in line for line in clean for mark in _FAILURE_MARKS):
        raise StepError(f"MicMac {step} failed (exit code 0, but MicMac reported an error):\n" + "".join(clean[-15:]))
    return tail


def workflow_options(job: Job) -> dict:
    return job.workflow.get("workflow_options", {})


def chantier_dir(job: Job) -> Path:
    return job.work / "micmac"


def link_photos(src_dir: Path, dst_dir: Path, names) -> None:
    for name in names:
        os.symlink(os.path.relpath(src_dir / name, dst_dir), dst_dir / name)


def link_conversions(chantier: Path, dst_dir: Path, names) -> int:
    """Link the chantier's conversions of these photos (``Tmp-MM-Dir``: the grey and colour TIFFs
    and EXIF summaries that Tapas and AperiCloud made) into ``dst_dir``'s own. MicMac makes a
    conversion only when its file is missing, so a Malt tile would otherwise convert every photo
    again through ImageMagick: 2.6 s per 9-Mpx photo, about 8% of a full-size tile. Returns how
    many files were linked."""
    src = chantier / "Tmp-MM-Dir"
    if not src.is_dir():
        return 0
    dst = dst_dir / "Tmp-MM-Dir"
    dst.mkdir(exist_ok=True)
    linked = 0
    for name in names:
        # "<photo>_Ch1.tif", "<photo>_Ch3.tif", "<photo>-MDT-<n>.xml|.dmp"
        for f in src.glob(glob.escape(name) + "[_-]*"):
            os.symlink(os.path.relpath(f, dst), dst / f.name)
            linked += 1
    return linked


def stage_tile(chantier: Path, work: Path, photos) -> str:
    """A tile node's own MicMac folder: links to its photos and their conversions, the ``Ground``
    orientation and the chantier's local descriptor if any. Returns the photos as a MicMac pattern."""
    link_photos(chantier, work, photos)
    link_conversions(chantier, work, photos)
    shutil.copytree(chantier / "Ori-Ground", work / "Ori-Ground")
    local = chantier / "MicMac-LocalChantierDescripteur.xml"
    if local.exists():
        shutil.copyfile(local, work / local.name)
    return "(" + "|".join(re.escape(n) for n in photos) + ")"


def tile_plan(job: Job) -> dict:
    return json.loads((job.work / "malt" / "tiles.json").read_text(encoding="utf-8"))


def xml_root(path: Path):
    # MicMac wrote these files in this job, on this node: they are not input from outside.
    return ET.parse(path).getroot()  # noqa: S314


def read_matrix(text: str) -> list[float]:
    return [float(v) for v in text.split()]


def read_orientation(path: Path) -> dict:
    """Centre and calibration file of a MicMac ``Orientation-<photo>.xml``."""
    root = xml_root(path)
    centre = read_matrix(root.find(".//Externe/Centre").text)
    calib = root.find(".//FileInterne")
    return {"centre": centre, "calib": calib.text.strip() if calib is not None and calib.text else ""}


def read_calibration(path: Path) -> dict:
    root = xml_root(path)
    return {"focal": float(root.find(".//F").text), "size": [int(v) for v in root.find(".//SzIm").text.split()]}


def orientations(ori: Path) -> dict[str, dict]:
    out = {}
    for f in ori.glob("Orientation-*.xml"):
        out[f.name[len("Orientation-"):-len(".xml")]] = read_orientation(f)
    return out


def corner_geotransform(x_centre: float, rx: float, y_centre: float, ry: float) -> tuple:
    """GDAL geotransform of a MicMac ground grid whose first cell is centred at (x_centre, y_centre).
    MicMac's ``OriginePlani`` (and a ``PIMs2Mnt`` grid's origin) is the centre of the first cell:
    MicMac writes it unchanged as a world file's origin (``GenTFW``), which is a pixel centre; GDAL
    wants the cell's corner. Malt's DSM and its ortho share that origin at two resolutions, so
    reading one as a corner and the other as a centre would shift them by half a DSM cell."""
    return (x_centre - rx / 2, rx, 0.0, y_centre - ry / 2, 0.0, ry)


def read_ascii_ply(path: Path) -> np.ndarray:
    """x y z of an ASCII PLY (MicMac's ``AperiCloud ... Bin=0``)."""
    with open(path, encoding="ascii", errors="replace") as f:
        count, props = 0, []
        for line in f:
            words = line.split()
            if words[:2] == ["element", "vertex"]:
                count = int(words[2])
            elif words[:1] == ["property"] and count and len(words) == 3:
                props.append(words[2])
            elif words[:1] == ["end_header"]:
                break
        data = np.loadtxt(f, max_rows=count, ndmin=2)
    ix, iy, iz = props.index("x"), props.index("y"), props.index("z")
    return data[:, [ix, iy, iz]]

