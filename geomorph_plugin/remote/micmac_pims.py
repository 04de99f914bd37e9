"""The MicMac vegetation fill: ``PIMs Forest`` depth maps on one ground tile, merged by ``PIMs2Mnt``.

Malt Ortho correlates in ground geometry: one height per cell, found by moving a window across
all the photos at once. Over tree crowns the photos see different leaves from each position, so
the correlation fails and Malt interpolates (band 2 = 0). ``PIMs Forest`` matches each photo
with its best secondary photos in image geometry (epipolar pairs, one depth map per photo,
MicMac's setting for vegetation), and ``PIMs2Mnt`` merges the depth maps into a ground DSM. The
mosaic takes that DSM only where Malt interpolated (``micmac_products.fill_from_pims``): where
both matched, Malt's finer ground-geometry surface stays.

On brighton_beach at full size, Malt matched 55% of the footprint; PIMs Forest (ZoomF 4)
matched 89%, and where both matched they agree to a median of -1.2 cm (NMAD 3.7 cm).

Two passes, each a node of its own after the tile's ``malt`` node, so that they run side by side:
- ``pims_NNN`` (``FillPass.ALONG``): ``PIMs Forest`` as it is, which pairs each photo with the next
  one in flight order (``ImLine``): short baselines along the flight line.
- ``cross_NNN`` (``FillPass.ACROSS``): the same matcher (``MMByP Forest``, what ``PIMs`` runs)
  with ``ImLine=false`` and only pairs *across* the flight lines (``across_pairs``): each photo
  with its nearest photo beside it in the next strip. A crown seen along one strip and from the
  next strip shows other leaves from each: on brighton at full size, the tree-row cells that the
  first pass missed are seen by 2-6 photos, almost never by one.
  The mosaic takes the along pass first, then this one where cells are still interpolated.

Both run only where Malt interpolated at least ``MIN_INTERPOLATED_SHARE`` of the tile's own cell,
with the photos whose centre is near that cell (each depth map covers its photo's whole
footprint); a failure is logged and leaves the tile's interpolated cells as they were (the DSM
is still whole and flagged).
"""

from __future__ import annotations

import enum
import json
import os
import shutil
from pathlib import Path

import numpy as np

from .common import Job, StepError, fresh_dir, log, tmp_path, write_json
from .geotiff import gdal_module, write_geotiff
from .micmac_tools import (
    NODATA,
    chantier_dir,
    corner_geotransform,
    orientations,
    read_matrix,
    run_mm3d,
    stage_tile,
    tile_plan,
    workflow_options,
    xml_root,
)

MODE = "Forest"
# Below this share of interpolated cells in its Malt tile's own cell, a tile gets no fill.
MIN_INTERPOLATED_SHARE = 0.10
# A photo is "across" the flight line from another when the line between their centres is more
# than 60 degrees off that photo's steps in flight order (|cos| < 0.5): beside it, not ahead or behind.
ACROSS_MAX_COS = 0.5
# Tie points two photos must share to be matched: fewer means they barely overlap.
MIN_TIE_POINTS = 20


class FillPass(enum.Enum):
    ALONG = "pims"
    ACROSS = "cross"


def pims(job: Job, args) -> None:
    """The along-track pass: ``PIMs Forest`` + ``PIMs2Mnt`` with the photos near the tile's cell
    (``micmac_steps.PIMS_REACH``); writes ``work/pims/pims_NNN.tif`` (elevation in UTM, no data
    where no depth map matched) and ``work/pims/tile_NNN.json``."""
    _fill(job, args, FillPass.ALONG)


def cross(job: Job, args) -> None:
    """The across-track pass (``across_pairs``): ``work/pims/cross_NNN.tif`` and ``cross_NNN.json``."""
    _fill(job, args, FillPass.ACROSS)


def fact_name(kind: FillPass, index: int) -> str:
    return f"{'tile' if kind is FillPass.ALONG else 'cross'}_{index:03d}.json"


def _fill(job: Job, args, kind: FillPass) -> None:
    grid = tile_plan(job)
    tile = grid["tiles"][int(args.tile)]
    index = tile["index"]
    out_dir = job.work / "pims"
    result = out_dir / fact_name(kind, index)
    zoom = int(workflow_options(job).get("pims_zoom") or 0)
    photos = tile.get("pims_photos", tile["photos"])
    if zoom <= 0 or len(photos) < 2:
        write_json(result, {"index": index, "empty": True})
        log(f"tile {index}: no vegetation fill ({'switched off' if zoom <= 0 else 'fewer than 2 photos'})")
        return
    malt_path = job.work / "malt" / f"tile_{index:03d}.json"
    share = json.loads(malt_path.read_text(encoding="utf-8")).get("interpolated_share") if malt_path.exists() else None
    if share is not None and share < MIN_INTERPOLATED_SHARE:
        # Bare ground that Malt matched (caliterra's field: 94% of the footprint): per-photo matching
        # would cost more than the Malt tile and change next to nothing.
        write_json(result, {"index": index, "empty": True, "skipped": share})
        log(f"tile {index}: no vegetation fill needed, Malt interpolated {share:.1%} of the tile")
        return
    chantier = chantier_dir(job)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = fresh_dir(tmp_path(out_dir / f"{kind.value}_{index:03d}"))
    label = "PIMs Forest" if kind is FillPass.ALONG else "PIMs Forest across the flight lines"
    try:
        pattern = stage_tile(chantier, work, photos)
        # The matcher picks each photo's secondary photos from the tie points; it only reads them.
        os.symlink(os.path.relpath(chantier / "Homol", work), work / "Homol")
        if kind is FillPass.ALONG:
            run_mm3d(f"PIMs {MODE} (tile {index})", "PIMs", MODE, pattern, "Ground", f"ZoomF={zoom}", "ExpTxt=1",
                     cwd=work)
        else:
            pairs = across_pairs(photo_centres(chantier), tie_counts(chantier / "Homol", photos), photos)
            if not pairs:
                write_json(result, {"index": index, "empty": True, "pairs": 0})
                log(f"tile {index}: no photo pairs across the flight lines, no second fill pass")
                return
            match_across(work, pattern, pairs, zoom, index)
        # The merged DSM at Malt's ZoomF: PIMs2Mnt sizes its cells from the photos' GSD, Malt from
        # the GSD rounded to a round number (brighton: 3.17 against 3.2 cm); the mosaic resamples.
        run_mm3d(f"PIMs2Mnt (tile {index})", "PIMs2Mnt", MODE, "DoOrtho=0", f"ZoomF={int(grid['zoom'])}", cwd=work)
        facts = _export(job, grid, index, work / "PIMs-TmpBasc", kind, label)
    except Exception as exc:  # noqa: BLE001 - any failure, MicMac's or a file it left unreadable
        # The fill is a bonus over Malt's flagged DSM, not a reason to lose the whole run: the
        # mosaic waits for this node, so it must end with its json whatever happened.
        log(f"tile {index}: {label} failed, Malt's interpolated cells stay flagged: {exc}")
        facts = {"index": index, "empty": True, "failed": str(exc)[-2000:]}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_json(result, facts)


def match_across(work: Path, pattern: str, pairs: list[tuple[str, str]], zoom: int, index: int) -> None:
    """What ``PIMs Forest`` runs (``MMByP`` depth maps, ``MMEnvlop``, ``MMByP`` fusion), with our pairs
    only: ``PIMs`` has no option to leave out its successive-photo pairs, ``MMByP`` has (``ImLine``)."""
    (work / "across.xml").write_text(
        '<?xml version="1.0" ?>\n<SauvegardeNamedRel>\n'
        + "".join(f"     <Cple>{a} {b}</Cple>\n" for a, b in pairs) + "</SauvegardeNamedRel>\n", encoding="utf-8")
    base = ("MMByP", MODE, pattern, "Ground", "UseGpu=0", "ExpImSec=1", "SH=", "ExpTxt=1", "FilePair=across.xml",
            "ImLine=false", "Purge=1")
    step = f"PIMs {MODE} across (tile {index}, {len(pairs)} pairs)"
    run_mm3d(step, *base, "Do=APMCR", f"ZoomF={zoom}", cwd=work)
    run_mm3d(step, "TestLib", "MMEnvlop", "./%NKS-Set-OfFile@MMByPairFiles.xml", "Ground", "16", str(zoom),
             "AutoPurge=1", f"Out={MODE}", "SzW=1", "Glob=false", cwd=work)
    run_mm3d(step, *base, "Do=F", cwd=work)
    # PIMs itself then records the orientation and the photos of its depth maps, which PIMs2Mnt
    # reads to find them ("Cannot find PIMs Directory" without): the same two files, for the
    # photos that got a depth map.
    out = work / f"PIMs-{MODE}"
    names = sorted(p.name[len("Nuage-Depth-"):-len(".xml")] for p in out.glob("Nuage-Depth-*.xml"))
    if not names:
        raise StepError(f"{step} made no depth map")
    (out / "PimsEtat.xml").write_text('<?xml version="1.0" ?>\n<EtatPims>\n     <NameOri>Ground</NameOri>\n'
                                      "</EtatPims>\n", encoding="utf-8")
    (out / "PimsFile.xml").write_text('<?xml version="1.0" ?>\n<ListOfName>\n'
                                      + "".join(f"     <Name>{n}</Name>\n" for n in names) + "</ListOfName>\n",
                                      encoding="utf-8")


def photo_centres(chantier: Path) -> dict[str, list[float]]:
    return {name: o["centre"] for name, o in orientations(chantier / "Ori-Ground").items()}


def tie_counts(homol: Path, photos) -> dict[tuple[str, str], int]:
    """Tie points per ordered pair of ``photos``, from the chantier's text ``Homol`` (one line each)."""
    counts = {}
    for a in photos:
        for b in photos:
            path = homol / f"Pastis{a}" / f"{b}.txt"
            if a != b and path.is_file():
                with open(path, "rb") as f:
                    counts[(a, b)] = sum(1 for _ in f)
    return counts


def across_pairs(centres: dict[str, list[float]], ties: dict[tuple[str, str], int], photos) -> list[tuple[str, str]]:
    """Each photo of ``photos`` with its nearest photo across its flight line: more than 60 degrees
    off both of its steps in flight order (from the photo before it, to the photo after it; name
    order is flight order, as drones number their photos), sharing ``MIN_TIE_POINTS`` tie points,
    and not its neighbour in flight order (the along pass has those). Both steps count so that a
    photo at a turn does not take a photo of its own strip for one across; steps under a quarter of
    the median step (a hover, a repeated position) give no direction and are left out."""
    order = sorted(centres)
    rank = {name: k for k, name in enumerate(order)}
    xy = {name: np.asarray(c[:2], dtype=float) for name, c in centres.items()}
    lengths = [float(np.hypot(*(xy[b] - xy[a]))) for a, b in zip(order, order[1:])]
    shortest = 0.25 * float(np.median(lengths)) if lengths else 0.0
    wanted = set(photos)
    partners: dict[str, set] = {}
    for (a, b), n in ties.items():
        if n >= MIN_TIE_POINTS and a in wanted and b in wanted and a in rank and b in rank:
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
    chosen = set()
    for a in sorted(partners):
        k = rank[a]
        steps = [xy[a] - xy[order[k - 1]]] if k > 0 else []
        steps += [xy[order[k + 1]] - xy[a]] if k + 1 < len(order) else []
        steps = [s / np.hypot(*s) for s in steps if np.hypot(*s) > shortest]
        best = None
        for b in sorted(partners[a]):
            if abs(rank[b] - k) <= 1:
                continue
            v = xy[b] - xy[a]
            dist = float(np.hypot(*v))
            if dist == 0 or any(abs(float(v @ s)) / dist >= ACROSS_MAX_COS for s in steps):
                continue
            if best is None or dist < best[0]:
                best = (dist, b)
        if best is not None:
            chosen.add(tuple(sorted((a, best[1]))))
    return sorted(chosen)


def merged_georef(xml: Path) -> tuple:
    """GDAL geotransform (local coordinates) of ``PIMs-Merged.xml``: its ``OrIntImaM2C`` maps ground
    to pixels (pixel = I00 + V10 * x + V01 * y), pixel 0 being the first cell's centre as Malt's
    ``OriginePlani`` (``corner_geotransform``), so the two DSMs share their cells."""
    root = xml_root(xml)
    m2c = root.find(".//OrIntImaM2C")
    i0, j0 = read_matrix(m2c.find("I00").text)
    v10x, v10y = read_matrix(m2c.find("V10").text)
    v01x, v01y = read_matrix(m2c.find("V01").text)
    if v10y or v01x or not v10x or not v01y:
        raise StepError(f"{xml.name}: a rotated ground grid ({v10x} {v10y} / {v01x} {v01y}) is not supported")
    prof = root.find(".//Image_Profondeur")
    z0 = float(prof.find("OrigineAlti").text)
    zres = float(prof.find("ResolutionAlti").text)
    return corner_geotransform(-i0 / v10x, 1.0 / v10x, -j0 / v01y, 1.0 / v01y), z0, zres


def _export(job: Job, grid: dict, index: int, basc: Path, kind: FillPass, label: str) -> dict:
    gdal = gdal_module()
    xml = basc / "PIMs-Merged.xml"
    if not xml.exists():
        raise StepError(f"PIMs2Mnt wrote no {xml.name}: see its output above")
    (gx, rx, _a, gy, _b, ry), z0_alti, z_res = merged_georef(xml)
    prof = gdal.Open(str(basc / "PIMs-Merged_Prof.tif")).ReadAsArray().astype(np.float32)
    masq = gdal.Open(str(basc / "PIMs-Merged_Masq.tif")).ReadAsArray() > 0
    if prof.shape != masq.shape:
        raise StepError(f"PIMs2Mnt's depth and mask differ in size ({prof.shape} / {masq.shape})")
    x0, y0, z0 = grid["offset"]
    z = np.where(masq, prof * np.float32(z_res) + np.float32(z0_alti + z0), np.float32(NODATA)).astype(np.float32)
    path = job.work / "pims" / f"{kind.value}_{index:03d}.tif"
    write_geotiff(path, [z], (gx + x0, rx, 0.0, gy + y0, 0.0, ry), grid["epsg"], gdal.GDT_Float32, nodata=NODATA,
                  names=(f"elevation ({label})",))
    cells = int(masq.sum())
    log(f"tile {index}: {label} matched {cells} cells of {abs(rx):.4f} m")
    return {"index": index, "empty": False, "dsm": path.name, "cells": cells, "res": abs(rx)}
