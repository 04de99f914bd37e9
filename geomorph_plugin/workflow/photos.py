"""Scan a folder of UAV photos: GPS position, camera and size from EXIF, read with GDAL.

Public API:

- ``scan_photos(folder) -> PhotoSet``: every ``.jpg``/``.jpeg``/``.tif``/``.tiff`` file directly in
  ``folder`` (case-insensitive, sorted by name). Raises ``GeomorphError`` when the folder has no
  photos or fewer than ``MIN_GEOTAGGED`` geotagged ones; photos without GPS are listed in
  ``PhotoSet.skipped`` and left out of the workflow. Call it before any upload: it is the
  "no GPS EXIF" check of the SfM algorithms.
- ``PhotoSet.epsg``: the WGS 84 / UTM zone of the mean position (e.g. 32615).
- ``Photo.x, .y, .z``: the position in that UTM zone (metres; z is the EXIF GPS altitude).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".tif", ".tiff"}
MIN_GEOTAGGED = 3

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")



@dataclass(frozen=True)
class Photo:
    path: Path
    width: int
    height: int
    camera: str
    lat: float
    lon: float
    alt: float
    x: float = 0.0
    y: float = 0.0
    z: float = 0.0

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class PhotoSet:
    folder: Path
    photos: list[Photo]
    epsg: int
    skipped: list[Path] = field(default_factory=list)

    @property
    def cameras(self) -> set[tuple[str, int, int]]:
        return {(p.camera, p.width, p.height) for p in self.photos}

    @property
    def single_camera(self) -> bool:
        """True when one camera body at one image size took every photo (one shared intrinsics)."""
        return len(self.cameras) == 1

    def mean_position(self) -> tuple[float, float]:
        return (sum(p.lat for p in self.photos) / len(self.photos), sum(p.lon for p in self.photos) / len(self.photos))


def parse_exif_rational_list(text: str) -> list[float]:
    """GDAL writes EXIF rationals as ``"(46) (50) (24.5)"``."""
    return [float(v) for v in _NUMBER.findall(text or "")]


def dms_to_degrees(text: str, ref: str) -> float | None:
    values = parse_exif_rational_list(text)
    if not values:
        return None
    deg = values[0] + (values[1] / 60.0 if len(values) > 1 else 0.0) + (values[2] / 3600.0 if len(values) > 2 else 0.0)
    if (ref or "").strip().upper() in ("S", "W"):
        deg = -deg
    return deg


def read_photo(path: Path) -> tuple[Photo | None, str]:
    """The photo with its GPS position, or (None, reason) when GDAL cannot read it or it has no GPS."""
    from osgeo import gdal

    try:
        ds = gdal.Open(str(path))
    except RuntimeError:  # raised instead of returning None when gdal.UseExceptions() is on
        ds = None
    if ds is None:
        return None, "unreadable"
    md = ds.GetMetadata() or {}
    width, height = ds.RasterXSize, ds.RasterYSize
    ds = None
    lat = dms_to_degrees(md.get("EXIF_GPSLatitude", ""), md.get("EXIF_GPSLatitudeRef", "N"))
    lon = dms_to_degrees(md.get("EXIF_GPSLongitude", ""), md.get("EXIF_GPSLongitudeRef", "E"))
    if lat is None or lon is None or (lat == 0.0 and lon == 0.0) or abs(lat) > 90 or abs(lon) > 180:
        return None, "no GPS"
    alt_values = parse_exif_rational_list(md.get("EXIF_GPSAltitude", ""))
    alt = alt_values[0] if alt_values else 0.0
    # GPSAltitudeRef 1 means below sea level; GDAL shows the byte as "0x01" or "1".
    if md.get("EXIF_GPSAltitudeRef", "").strip() in ("0x01", "1"):
        alt = -alt
    camera = " ".join(v.strip() for v in (md.get("EXIF_Make", ""), md.get("EXIF_Model", "")) if v.strip()) or "unknown"
    return Photo(path=path, width=width, height=height, camera=camera, lat=lat, lon=lon, alt=alt), ""


def utm_epsg(lat: float, lon: float) -> int:
    zone = int(math.floor((lon + 180.0) / 6.0)) % 60 + 1
    return (32600 if lat >= 0 else 32700) + zone


def to_utm(points: list[tuple[float, float]], epsg: int) -> list[tuple[float, float]]:
    """(lat, lon) in WGS 84 to (x, y) in the given projected CRS."""
    from osgeo import osr

    src = osr.SpatialReference()
    src.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(epsg)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    return [tuple(ct.TransformPoint(lon, lat)[:2]) for lat, lon in points]


def list_photo_files(folder: Path) -> list[Path]:
    found = (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES)
    return sorted(found, key=lambda p: p.name)


def scan_photos(folder, feedback=None) -> PhotoSet:
    """Read every photo of ``folder``; ``feedback`` (optional QgsFeedback) gets progress and can cancel."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GeomorphError(
            tr("The photo folder {} does not exist: choose the folder that holds the UAV photos.").format(folder)
        )
    files = list_photo_files(folder)
    if not files:
        raise GeomorphError(
            tr("No photos (.jpg, .jpeg, .tif) in {}: choose the folder that holds the UAV photos.").format(folder)
        )
    photos: list[Photo] = []
    skipped: list[Path] = []
    for i, path in enumerate(files):
        if feedback is not None:
            if feedback.isCanceled():
                from ..errors import CancelledError

                raise CancelledError(tr("Cancelled while reading the photos."))
            feedback.setProgress(100.0 * i / len(files))
        photo, _reason = read_photo(path)
        if photo is None:
            skipped.append(path)
        else:
            photos.append(photo)
    if len(photos) < MIN_GEOTAGGED:
        raise GeomorphError(
            tr(
                "Only {} of the {} photos in {} have a GPS position in their EXIF, "
                "and georeferencing needs at least {}. "
                "Use the original geotagged photos from the drone (image editors often strip EXIF), "
                "or geotag them first (e.g. with exiftool from the flight log)."
            ).format(len(photos), len(files), folder, MIN_GEOTAGGED)
        )
    mean_lat = sum(p.lat for p in photos) / len(photos)
    mean_lon = sum(p.lon for p in photos) / len(photos)
    epsg = utm_epsg(mean_lat, mean_lon)
    xy = to_utm([(p.lat, p.lon) for p in photos], epsg)
    photos = [
        Photo(p.path, p.width, p.height, p.camera, p.lat, p.lon, p.alt, x, y, p.alt) for p, (x, y) in zip(photos, xy)
    ]
    return PhotoSet(folder=folder, photos=photos, epsg=epsg, skipped=skipped)
