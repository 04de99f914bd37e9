"""EXIF scanning of UAV photos: real brighton_beach photos, and copies with the EXIF stripped."""

from __future__ import annotations

import shutil

import pytest

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.workflow.photos import dms_to_degrees, scan_photos, to_utm, utm_epsg


@pytest.fixture(scope="module")
def brighton(shared_data):
    return shared_data / "brighton_beach" / "images"


def test_brighton_beach_photos_are_read_with_gps_camera_and_size(brighton):
    ps = scan_photos(brighton)
    assert len(ps.photos) == 18
    assert ps.skipped == []
    assert ps.epsg == 32615
    assert ps.single_camera
    assert ps.cameras == {("DJI FC300S", 4000, 2250)}
    first = ps.photos[0]
    assert first.name == "DJI_0018.JPG"
    # EXIF: 46 50 33.3855 N, 91 59 40.4156 W, 198.309 m.
    assert first.lat == pytest.approx(46 + 50 / 60 + 33.3855 / 3600, abs=1e-9)
    assert first.lon == pytest.approx(-(91 + 59 / 60 + 40.4156 / 3600), abs=1e-9)
    assert first.z == pytest.approx(198.309)
    lat, lon = ps.mean_position()
    assert lat == pytest.approx(46.84, abs=0.01) and lon == pytest.approx(-91.99, abs=0.01)
    # UTM 15N: 91.99 W is 1.01 degrees east of the central meridian (93 W), about 77 km at 46.8 N.
    assert 576000 < first.x < 577500 and 5187500 < first.y < 5189000
    xs = [p.x for p in ps.photos]
    assert 20 < max(xs) - min(xs) < 500, "the photos of one flight lie within a few hundred metres"


def test_dms_and_zone_helpers():
    assert dms_to_degrees("(46) (50) (24.5)", "N") == pytest.approx(46.84013888, abs=1e-7)
    assert dms_to_degrees("(91) (59) (0)", "W") == pytest.approx(-91.983333, abs=1e-6)
    assert dms_to_degrees("", "N") is None
    assert utm_epsg(46.84, -91.99) == 32615
    assert utm_epsg(40.6, 16.0) == 32633  # Basento river, southern Italy
    assert utm_epsg(-33.9, 18.4) == 32734
    (x, y), = to_utm([(0.0, -93.0)], 32615)
    assert x == pytest.approx(500000, abs=0.01) and y == pytest.approx(0, abs=0.01)


def _strip_exif(src, dst):
    from PIL import Image

    with Image.open(src) as im:
        im.reduce(8).save(dst, "JPEG")  # PIL writes no EXIF unless asked to


def test_folder_without_gps_is_refused_with_a_clear_message(brighton, tmp_path):
    for i, name in enumerate(["a.JPG", "b.jpeg", "c.Jpg", "d.jpg"]):
        _strip_exif(brighton / f"DJI_00{18 + i}.JPG", tmp_path / name)
    with pytest.raises(GeomorphError) as err:
        scan_photos(tmp_path)
    message = str(err.value)
    assert "Only 0 of the 4 photos" in message and "GPS" in message and "geotag" in message


def test_too_few_geotagged_photos_are_refused_and_stripped_ones_skipped(brighton, tmp_path):
    shutil.copy(brighton / "DJI_0018.JPG", tmp_path / "ok 1.JPG")
    shutil.copy(brighton / "DJI_0019.JPG", tmp_path / "ok 2.jpg")
    _strip_exif(brighton / "DJI_0020.JPG", tmp_path / "stripped.jpg")
    (tmp_path / "notes.txt").write_text("not a photo")
    with pytest.raises(GeomorphError, match="Only 2 of the 3 photos"):
        scan_photos(tmp_path)
    shutil.copy(brighton / "DJI_0021.JPG", tmp_path / "ok 3.TIF.jpg")
    ps = scan_photos(tmp_path)
    assert [p.name for p in ps.photos] == ["ok 1.JPG", "ok 2.jpg", "ok 3.TIF.jpg"]
    assert [p.name for p in ps.skipped] == ["stripped.jpg"]


def test_empty_or_missing_folder_is_refused(tmp_path):
    with pytest.raises(GeomorphError, match="No photos"):
        scan_photos(tmp_path)
    with pytest.raises(GeomorphError, match="does not exist"):
        scan_photos(tmp_path / "nope")
