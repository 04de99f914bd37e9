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
