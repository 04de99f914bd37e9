"""The MicMac vegetation fill: PIMs2Mnt's grid read right, and only Malt's interpolated cells of each
tile's own cell filled (node code, no cluster needed)."""

from __future__ import annotations

import json

import numpy as np
import pytest

NODATA = -9999.0
# The header of a real PIMs-Merged.xml (brighton_beach, full size, PIMs2Mnt ZoomF 2).
MERGED_XML = """<?xml version="1.0" ?>
<XML_ParamNuage3DMaille>
     <NbPixel>4032 3933</NbPixel>
     <PN3M_Nuage><Image_Profondeur>
          <Image>PIMs-Merged_Prof.tif</Image><Masq>PIMs-Merged_Masq.tif</Masq>
          <OrigineAlti>{z0}</OrigineAlti><ResolutionAlti>{zres}</ResolutionAlti>
          <GeomRestit>eGeomMNTEuclid</GeomRestit>
     </Image_Profondeur></PN3M_Nuage>
     <Orientation><OrIntImaM2C>
          <I00>1834.00000000000023 1147.00000000000023</I00>
          <V10>31.2500000000000071 0</V10>
          <V01>0 -31.2500000000000071</V01>
     </OrIntImaM2C></Orientation>
</XML_ParamNuage3DMaille>
"""


def test_pims2mnt_grid_to_geotransform(tmp_path):
    from geomorph_plugin.remote.micmac_pims import merged_georef

    xml = tmp_path / "PIMs-Merged.xml"
    xml.write_text(MERGED_XML.format(z0=0, zres=1), encoding="utf-8")
    gt, z0, zres = merged_georef(xml)
    # PIMs2Mnt's own world file for that run: 0.032 0 0 -0.032 -58.688 36.704, the first cell's centre;
    # GDAL's geotransform starts at its corner, half a cell west and north.
    assert gt == pytest.approx((-58.688 - 0.016, 0.032, 0.0, 36.704 + 0.016, 0.0, -0.032))
    assert (z0, zres) == (0.0, 1.0)
    xml.write_text(MERGED_XML.format(z0=100, zres=0.5).replace("<V01>0 -31.25", "<V01>0.5 -31.25"),
                   encoding="utf-8")
    from geomorph_plugin.remote.common import StepError

    with pytest.raises(StepError, match="rotated"):
        merged_georef(xml)


def test_malt_dsm_and_ortho_share_their_first_cell_centre(tmp_path):
    """Malt writes one ``OriginePlani`` for its DSM and its ortho (twice as fine) and puts it, as
    is, in the ortho's world file, which gives a pixel's centre: read as GDAL geotransforms, the
    first DSM cell and the first ortho pixel have that point as their centre."""
    from geomorph_plugin.remote.micmac_malt import _dem_georef, _tfw

    xml = tmp_path / "Z_Num7_DeZoom2_STD-MALT.xml"
    xml.write_text("<FileOriMnt><NameFileMnt>x.tif</NameFileMnt><NombrePixels>10 10</NombrePixels>"
                   "<OriginePlani>-30.272 7.072</OriginePlani><ResolutionPlani>0.032 -0.032</ResolutionPlani>"
                   "<OrigineAlti>0</OrigineAlti><ResolutionAlti>1</ResolutionAlti><Geometrie>eGeomMNTEuclid"
                   "</Geometrie></FileOriMnt>", encoding="utf-8")
    tfw = tmp_path / "Orthophotomosaic.tfw"
    tfw.write_text("0.016\n0\n0\n-0.016\n-30.272\n7.072\n", encoding="ascii")
    dsm, ortho = _dem_georef(xml), _tfw(tfw)
    assert dsm == pytest.approx((-30.288, 0.032, 0.0, 7.088, 0.0, -0.032))
    assert ortho == pytest.approx((-30.28, 0.016, 0.0, 7.08, 0.0, -0.016))
    for gt in (dsm, ortho):
        assert (gt[0] + gt[1] / 2, gt[3] + gt[5] / 2) == pytest.approx((-30.272, 7.072))


def _job(tmp_path, pims_zoom=4):
    from geomorph_plugin.remote.common import Job, write_json
    from geomorph_plugin.remote.geotiff import gdal_module, write_geotiff

    gdal = gdal_module()
    tmp_path.mkdir(parents=True, exist_ok=True)
    workflow = {"images": [], "epsg": 32615, "offset": [1000.0, 2000.0, 0.0], "outputs": {},
                "workflow_options": {"pims_zoom": pims_zoom}}
    (tmp_path / "workflow.json").write_text(json.dumps(workflow), encoding="utf-8")
    job = Job(tmp_path)
    # Two tiles side by side, 10 x 10 m cores in local coordinates, on a 1 m DSM of 20 x 10 cells.
    grid = {"offset": [1000.0, 2000.0, 0.0], "epsg": 32615, "dsm_res": 1.0,
            "tiles": [{"index": 0, "core": [0.0, 0.0, 10.0, 10.0]}, {"index": 1, "core": [10.0, 0.0, 20.0, 10.0]}]}
    gt = (1000.0, 1.0, 0.0, 2010.0, 0.0, -1.0)
    z = np.full((10, 20), 50.0, np.float32)
    flags = np.zeros((10, 20), np.float32)
    flags[:, :5] = 1  # Malt matched the west half of tile 0
    z[:, 18:] = NODATA  # no photo sees the east edge
    flags[:, 18:] = NODATA
    dsm = tmp_path / "dsm.tif"
    write_geotiff(dsm, [z, flags], gt, 32615, gdal.GDT_Float32, nodata=NODATA)
    # Tile 0's PIMs DSM: 2 m cells over the whole area (it reaches into tile 1), 60 m, and no data
    # on its top row (no depth map there).
    pz = np.full((5, 10), 60.0, np.float32)
    pz[0, :] = NODATA
    (tmp_path / "work" / "pims").mkdir(parents=True)
    write_geotiff(tmp_path / "work" / "pims" / "pims_000.tif", [pz], (1000.0, 2.0, 0.0, 2010.0, 0.0, -2.0), 32615,
                  gdal.GDT_Float32, nodata=NODATA)
    write_json(tmp_path / "work" / "pims" / "tile_000.json", {"index": 0, "empty": False, "dsm": "pims_000.tif"})
    write_json(tmp_path / "work" / "pims" / "tile_001.json", {"index": 1, "empty": True, "failed": "PIMs died"})
    # The second passes matched nothing here (the tests that need one write their own).
    for index in (0, 1):
        write_json(tmp_path / "work" / "pims" / f"cross_{index:03d}.json", {"index": index, "empty": True, "pairs": 0})
    return job, grid, dsm, gdal


def test_fill_takes_only_interpolated_cells_of_the_tiles_own_cell(tmp_path):
    from geomorph_plugin.remote.micmac_pims import FillPass
    from geomorph_plugin.remote.micmac_products import fill_from_pims

    job, grid, dsm, gdal = _job(tmp_path)
    filled, xyz = fill_from_pims(job, grid, dsm)
    ds = gdal.Open(str(dsm))
    z, flags = ds.GetRasterBand(1).ReadAsArray(), ds.GetRasterBand(2).ReadAsArray()
    ds = None
    # Tile 0: columns 5-9 were interpolated; rows 2-9 have PIMs data (its top 2-m row is empty).
    # The pass across the flight lines matched nothing here: nothing more.
    assert filled == {FillPass.ALONG: 8 * 5, FillPass.ACROSS: 0}
    filled = sum(filled.values())
    np.testing.assert_array_equal(z[2:, 5:10], 60.0)
    np.testing.assert_array_equal(flags[2:, 5:10], 1.0)
    # Malt's matched cells keep Malt's surface; cells PIMs did not match stay interpolated.
    np.testing.assert_array_equal(z[:, :5], 50.0)
    np.testing.assert_array_equal(flags[:2, 5:10], 0.0)
    # Tile 0's PIMs DSM reaches into tile 1, whose own fill failed: tile 1 is untouched.
    np.testing.assert_array_equal(z[:, 10:18], 50.0)
    np.testing.assert_array_equal(flags[:, 10:18], 0.0)
    assert (z[:, 18:] == NODATA).all() and (flags[:, 18:] == NODATA).all()
    # The filled cells' centres, in UTM, go to the dense cloud.
    assert len(xyz) == filled
    assert xyz[:, 0].min() == 1005.5 and xyz[:, 0].max() == 1009.5
    assert xyz[:, 1].min() == 2000.5 and xyz[:, 1].max() == 2007.5 and (xyz[:, 2] == 60.0).all()


def test_the_pass_across_the_flight_lines_fills_only_what_the_first_pass_left(tmp_path):
    from geomorph_plugin.remote.common import write_json
    from geomorph_plugin.remote.geotiff import write_geotiff
    from geomorph_plugin.remote.micmac_pims import FillPass
    from geomorph_plugin.remote.micmac_products import fill_from_pims

    job, grid, dsm, gdal = _job(tmp_path)
    # Tile 0's cross DSM: 70 m everywhere, also on the top row that the along pass missed.
    write_geotiff(tmp_path / "work" / "pims" / "cross_000.tif", [np.full((5, 10), 70.0, np.float32)],
                  (1000.0, 2.0, 0.0, 2010.0, 0.0, -2.0), 32615, gdal.GDT_Float32, nodata=NODATA)
    write_json(tmp_path / "work" / "pims" / "cross_000.json", {"index": 0, "empty": False, "dsm": "cross_000.tif"})
    write_json(tmp_path / "work" / "pims" / "cross_001.json", {"index": 1, "empty": True, "pairs": 0})
    filled, xyz = fill_from_pims(job, grid, dsm)
    ds = gdal.Open(str(dsm))
    z, flags = ds.GetRasterBand(1).ReadAsArray(), ds.GetRasterBand(2).ReadAsArray()
    ds = None
    assert filled == {FillPass.ALONG: 8 * 5, FillPass.ACROSS: 2 * 5}
    np.testing.assert_array_equal(z[:2, 5:10], 70.0)  # the top rows: the cross pass
    np.testing.assert_array_equal(z[2:, 5:10], 60.0)  # the first pass keeps what it matched
    np.testing.assert_array_equal(z[:, :5], 50.0)  # and Malt what it matched
    np.testing.assert_array_equal(flags[:, :10], 1.0)
    np.testing.assert_array_equal(flags[:, 10:18], 0.0)
    assert len(xyz) == 50 and sorted(set(xyz[:, 2])) == [60.0, 70.0]


def _serpentine(strips=3, per_strip=6, along=10.0, across=30.0):
    """Photo centres of a serpentine flight, named in flight order: strips along x, ``across`` m
    apart, a photo every ``along`` m; every two photos within 45 m share 100 tie points."""
    centres = {}
    for s in range(strips):
        xs = [i * along for i in range(per_strip)]
        for k, x in enumerate(xs if s % 2 == 0 else xs[::-1]):
            centres[f"img_{s * per_strip + k:05d}.jpg"] = [x, s * across, 50.0]
    ties = {(a, b): 100 for a in centres for b in centres
            if a != b and np.hypot(centres[a][0] - centres[b][0], centres[a][1] - centres[b][1]) < 45}
    return centres, ties


def test_pairs_across_the_flight_lines_join_each_photo_to_the_next_strip():
    from geomorph_plugin.remote.micmac_pims import across_pairs

    centres, ties = _serpentine()
    pairs = across_pairs(centres, ties, sorted(centres))
    # Along the strips a photo 2 steps ahead (20 m) is nearer than the next strip (30 m), but it
    # lies on the photo's flight line: each photo takes the one beside it instead.
    names = sorted(centres)
    pos = {n: (centres[n][0], centres[n][1]) for n in names}
    for a, b in pairs:
        assert pos[a][1] != pos[b][1], (a, b)  # never within a strip
        assert abs(names.index(a) - names.index(b)) > 1  # never flight-order neighbours (the along pass)
    beside = {tuple(sorted((a, b))) for a in names for b in names
              if pos[a][0] == pos[b][0] and abs(pos[a][1] - pos[b][1]) == 30
              and abs(names.index(a) - names.index(b)) > 1}
    assert set(pairs) <= beside and len(pairs) >= 10
    # Every photo is in a pair, except where its only neighbour across is its neighbour in flight
    # order (the turns).
    assert len({n for p in pairs for n in p}) >= 16
    # Without shared tie points there is no pair; a tile's subset pairs only within itself.
    assert across_pairs(centres, {}, names) == []
    first_two = names[:12]
    assert all(a in first_two and b in first_two for a, b in across_pairs(centres, ties, first_two))


def test_filled_points_take_the_orthos_colour(tmp_path):
    from geomorph_plugin.remote.geotiff import gdal_module, write_geotiff
    from geomorph_plugin.remote.micmac_products import coloured

    gdal = gdal_module()
    rgb = np.zeros((3, 4, 6), np.uint8)
    rgb[0, 1, 2], rgb[1, 3, 5], rgb[2, 0, 0] = 200, 100, 50
    write_geotiff(tmp_path / "ortho.tif", list(rgb), (500.0, 0.5, 0.0, 800.0, 0.0, -0.5), 32615, gdal.GDT_Byte)
    xyz = np.array([[501.2, 799.3, 1.0], [502.9, 798.1, 2.0], [500.1, 799.9, 3.0]])
    # Strips of one row, so that the points fall in different strips.
    out = coloured(xyz, tmp_path / "ortho.tif", block=6)
    np.testing.assert_array_equal(out[:, :3], xyz)
    np.testing.assert_array_equal(out[:, 3:], [[200, 0, 0], [0, 100, 0], [0, 0, 50]])


def test_fill_switched_off_or_unfinished(tmp_path):
    from geomorph_plugin.remote.common import StepError
    from geomorph_plugin.remote.micmac_products import fill_from_pims

    job, grid, dsm, _gdal = _job(tmp_path / "off", pims_zoom=0)
    assert sum(fill_from_pims(job, grid, dsm)[0].values()) == 0
    job, grid, dsm, _gdal = _job(tmp_path / "on")
    (tmp_path / "on" / "work" / "pims" / "tile_001.json").unlink()
    with pytest.raises(StepError, match="tile 1 has not finished"):
        fill_from_pims(job, grid, dsm)
    job, grid, dsm, _gdal = _job(tmp_path / "on2")
    (tmp_path / "on2" / "work" / "pims" / "cross_000.json").unlink()
    with pytest.raises(StepError, match=r"tile 0 has not finished \(cross_000.json"):
        fill_from_pims(job, grid, dsm)


def test_no_fill_where_malt_matched_the_tile(tmp_path):
    """A tile that Malt matched almost whole (bare ground) gets no PIMs run; one it did not, does
    (here it then fails, there being no MicMac or photos, and says so in its json)."""
    from types import SimpleNamespace

    from geomorph_plugin.remote.common import Job, write_json
    from geomorph_plugin.remote.micmac_pims import MIN_INTERPOLATED_SHARE, cross, pims

    workflow = {"images": [], "epsg": 32615, "offset": [0.0, 0.0, 0.0], "outputs": {},
                "workflow_options": {"pims_zoom": 4}}
    (tmp_path / "workflow.json").write_text(json.dumps(workflow), encoding="utf-8")
    (tmp_path / "work" / "micmac").mkdir(parents=True)
    job = Job(tmp_path)
    photos = ["a.jpg", "b.jpg"]
    tile = {"core": [0, 0, 10, 10], "box": [0, 0, 10, 10], "photos": photos, "pims_photos": photos}
    write_json(tmp_path / "work" / "malt" / "tiles.json",
               {"zoom": 2, "tiles": [{**tile, "index": 0}, {**tile, "index": 1}]})
    write_json(tmp_path / "work" / "malt" / "tile_000.json", {"index": 0, "interpolated_share": 0.05})
    write_json(tmp_path / "work" / "malt" / "tile_001.json", {"index": 1, "interpolated_share": 0.45})
    assert 0.05 < MIN_INTERPOLATED_SHARE < 0.45
    pims(job, SimpleNamespace(tile=0))
    pims(job, SimpleNamespace(tile=1))
    skipped = json.loads((tmp_path / "work" / "pims" / "tile_000.json").read_text())
    tried = json.loads((tmp_path / "work" / "pims" / "tile_001.json").read_text())
    assert skipped == {"index": 0, "empty": True, "skipped": 0.05}
    assert tried["empty"] and tried["index"] == 1 and tried["failed"]
    # The pass across the flight lines skips the same tile, under its own name.
    cross(job, SimpleNamespace(tile=0))
    assert json.loads((tmp_path / "work" / "pims" / "cross_000.json").read_text()) == skipped
    # Nothing half-made is left behind either way.
    assert sorted(p.name for p in (tmp_path / "work" / "pims").iterdir()) == [
        "cross_000.json", "tile_000.json", "tile_001.json"]


def test_tie_counts_read_the_text_homol_and_feed_the_pairs(tmp_path):
    from geomorph_plugin.remote.micmac_pims import MIN_TIE_POINTS, across_pairs, tie_counts

    centres, _ties = _serpentine(strips=2, per_strip=3)
    names = sorted(centres)
    homol = tmp_path / "Homol"
    # img 0 sees img 5 (beside it in the next strip) with 30 points one way, 0 the other way; img 1
    # sees img 4 with too few; img 2 sees img 3 (its neighbour in flight order, at the turn).
    for a, b, n in ((names[0], names[5], 30), (names[1], names[4], MIN_TIE_POINTS - 1), (names[2], names[3], 50)):
        (homol / f"Pastis{a}").mkdir(parents=True, exist_ok=True)
        (homol / f"Pastis{a}" / f"{b}.txt").write_text("1 2 3 4\n" * n, encoding="ascii")
    counts = tie_counts(homol, names)
    assert counts == {(names[0], names[5]): 30, (names[1], names[4]): MIN_TIE_POINTS - 1, (names[2], names[3]): 50}
    assert across_pairs(centres, counts, names) == [(names[0], names[5])]


def test_the_dag_declares_the_files_the_fill_nodes_write(shared_data):
    from geomorph_plugin.remote.micmac_pims import FillPass, fact_name
    from geomorph_plugin.workflow.engine import WorkflowOptions, WorkflowPlan
    from geomorph_plugin.workflow.micmac_engine import MicmacEngine
    from geomorph_plugin.workflow.photos import scan_photos

    photos = scan_photos(shared_data / "brighton_beach" / "images")
    plan = WorkflowPlan.from_photos(photos, WorkflowOptions(tile_count=4))
    steps = {s.name: s for s in MicmacEngine().steps(plan)}
    assert plan.tile_total >= 2
    for kind, prefix in ((FillPass.ALONG, "pims"), (FillPass.ACROSS, "cross")):
        for t in range(plan.tile_total):
            assert steps[f"{prefix}_{t:03d}"].outputs == (f"work/pims/{fact_name(kind, t)}",)
            assert steps[f"{prefix}_{t:03d}"].parents == (f"malt_{t:03d}",)
    assert {f"cross_{t:03d}" for t in range(plan.tile_total)} <= set(steps["mosaic"].parents)
