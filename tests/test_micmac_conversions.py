"""Malt tiles reuse the chantier's photo conversions (node code, no cluster needed)."""

from __future__ import annotations

import os


def test_a_tile_links_only_its_photos_conversions(tmp_path):
    from geomorph_plugin.remote.micmac_tools import link_conversions

    chantier, tile = tmp_path / "micmac", tmp_path / "tile"
    conv = chantier / "Tmp-MM-Dir"
    conv.mkdir(parents=True)
    tile.mkdir()
    names = ["img_00001.jpg_Ch1.tif", "img_00001.jpg_Ch3.tif", "img_00001.jpg-MDT-4227.xml",
             "img_00010.jpg_Ch1.tif", "img_00002.jpg_Ch1.tif", "MkStdMM1"]
    for n in names:
        (conv / n).write_text(n)
    assert link_conversions(chantier, tile, ["img_00001.jpg", "img_00010.jpg"]) == 4
    linked = sorted(p.name for p in (tile / "Tmp-MM-Dir").iterdir())
    assert linked == ["img_00001.jpg-MDT-4227.xml", "img_00001.jpg_Ch1.tif", "img_00001.jpg_Ch3.tif",
                      "img_00010.jpg_Ch1.tif"]
    link = tile / "Tmp-MM-Dir" / "img_00001.jpg_Ch1.tif"
    # Relative links (the job folder moves between the submit side and the nodes' mounts), read through.
    assert link.is_symlink() and not os.path.isabs(os.readlink(link))
    assert link.read_text() == "img_00001.jpg_Ch1.tif"
    # A chantier without conversions (Tapas not run there) links nothing and makes no folder.
    assert link_conversions(tmp_path / "empty", tile, ["img_00001.jpg"]) == 0


def test_a_tile_folder_is_staged_with_its_photos_orientation_and_descriptor(tmp_path):
    import re

    from geomorph_plugin.remote.micmac_tools import stage_tile

    chantier, work = tmp_path / "micmac", tmp_path / "tile"
    (chantier / "Ori-Ground").mkdir(parents=True)
    (chantier / "Ori-Ground" / "Orientation-img_00001.jpg.xml").write_text("o")
    (chantier / "Tmp-MM-Dir").mkdir()
    (chantier / "Tmp-MM-Dir" / "img_00001.jpg_Ch1.tif").write_text("c")
    (chantier / "MicMac-LocalChantierDescripteur.xml").write_text("d")
    for n in ("img_00001.jpg", "img_00002.jpg", "img_00003.jpg"):
        (chantier / n).write_text(n)
    work.mkdir()
    pattern = stage_tile(chantier, work, ["img_00001.jpg", "img_00002.jpg"])
    assert sorted(p.name for p in work.iterdir()) == ["MicMac-LocalChantierDescripteur.xml", "Ori-Ground",
                                                      "Tmp-MM-Dir", "img_00001.jpg", "img_00002.jpg"]
    # A copy of the orientation (a tile's MicMac writes beside it), links to the photos.
    assert not (work / "Ori-Ground").is_symlink() and (work / "img_00001.jpg").is_symlink()
    assert re.fullmatch(pattern, "img_00002.jpg") and not re.fullmatch(pattern, "img_00003.jpg")
    assert not re.fullmatch(pattern, "img_00001xjpg")  # the dot is escaped
