"""GPS pair selection, chunking and the COLMAP/MicMac pair file formats."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from geomorph_plugin.workflow.pairs import chunk, colmap_pairs_text, gps_pairs, micmac_pairs_xml


def _flight(lines=3, per_line=10, spacing=20.0, line_gap=40.0):
    return [(c * spacing, r * line_gap) for r in range(lines) for c in range(per_line)]


def test_pairs_join_neighbours_not_far_photos():
    xy = _flight()
    pairs = gps_pairs(xy, neighbours=4, radius_factor=2.5)
    assert pairs == sorted(set(pairs)) and all(i < j for i, j in pairs)
    degree = [0] * len(xy)
    for i, j in pairs:
        degree[i] += 1
        degree[j] += 1
        d = ((xy[i][0] - xy[j][0]) ** 2 + (xy[i][1] - xy[j][1]) ** 2) ** 0.5
        # median spacing 20 m: radius 50 m; the 4 nearest are within 40 m here.
        assert d <= 50.0 + 1e-9
    assert min(degree) >= 4
    # Neighbouring strips overlap: (0,0)-(0,40) is a pair; opposite ends of the flight are not.
    assert (0, 10) in pairs
    assert (0, 29) not in pairs
    assert len(pairs) < len(xy) * (len(xy) - 1) // 2


def test_pairs_are_deterministic_and_follow_the_photos_not_their_order():
    xy = _flight()
    assert gps_pairs(xy) == gps_pairs(list(xy))
    # Real GPS positions have no exact distance ties (ties are broken by photo order).
    xy = [(x + 0.013 * k * k % 1.7, y + 0.007 * k) for k, (x, y) in enumerate(xy)]
    perm = list(reversed(range(len(xy))))
    shuffled = [xy[k] for k in perm]
    back = sorted(tuple(sorted((perm[i], perm[j]))) for i, j in gps_pairs(shuffled))
    assert back == gps_pairs(xy)


def test_tiny_sets():
    assert gps_pairs([(0, 0)]) == []
    assert gps_pairs([(0, 0), (5, 5)]) == [(0, 1)]


def test_chunks_cover_every_pair_once():
    pairs = gps_pairs(_flight())
    chunks = chunk(pairs, 7)
    assert all(1 <= len(c) <= 7 for c in chunks)
    assert [p for c in chunks for p in c] == pairs
    assert len(chunks) == -(-len(pairs) // 7)
    with pytest.raises(ValueError):
        chunk(pairs, 0)


def test_colmap_pair_file_format():
    names = ["img_00000.jpg", "img_00001.jpg", "img_00002.jpg"]
    assert colmap_pairs_text([(0, 1), (1, 2)], names) == "img_00000.jpg img_00001.jpg\nimg_00001.jpg img_00002.jpg\n"
    with pytest.raises(ValueError, match="white space"):
        colmap_pairs_text([(0, 1)], ["a b.jpg", "c.jpg"])


def test_micmac_pairs_xml_parses_and_escapes():
    names = ["DJI_1.JPG", "R&D <2>.JPG"]
    root = ET.fromstring(micmac_pairs_xml([(0, 1)], names))
    assert root.tag == "SauvegardeNamedRel"
    assert [c.text for c in root.findall("Cple")] == ["DJI_1.JPG R&D <2>.JPG"]
