"""Where the tiles sit on the model grid, and the output grid they give."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import tr
from . import tiling
from .contract import ModelContract
from .grid import Grid

DEFAULT_OVERLAP_PERCENT = 15.0


@dataclass
class Layout:
    size: int  # tile (or patch) size, model pixels
    xs: list[int]  # tile column starts
    rows: list[int]  # tile row starts
    read_w: int  # model pixels read
    read_h: int
    out_w: int  # output cells
    out_h: int
    cell: float  # output cell size, CRS units
    overlap: int  # pixels shared by neighbouring tiles

    @staticmethod
    def plan(grid: Grid, c: ModelContract, overlap_percent: float | None) -> tuple[Layout, str]:
        """The layout and the line that tells the user about it."""
        size = c.patch_size
        if c.is_patch_model:
            cols, nrows = tiling.patch_grid(grid.width, size), tiling.patch_grid(grid.height, size)
            line = tr("Patch classifier: {cols} x {rows} patches of {p} px ({m:g} m); one output cell per "
                      "patch.").format(cols=cols, rows=nrows, p=size, m=size * c.resolution_m)
            return Layout(size, [i * size for i in range(cols)], [i * size for i in range(nrows)], cols * size,
                          nrows * size, cols, nrows, grid.res * size, 0), line
        pct = overlap_percent if overlap_percent is not None else (
            c.tiles_overlap if c.tiles_overlap is not None else DEFAULT_OVERLAP_PERCENT)
        overlap = int(round(size * max(0.0, min(50.0, pct)) / 100.0))
        xs = tiling.tile_starts(grid.width, size, overlap)
        rows = tiling.tile_starts(grid.height, size, overlap)
        line = tr("Segmentation: {n} tiles of {p} px with {o} px overlap, blended with weights.").format(
            n=len(xs) * len(rows), p=size, o=overlap)
        return Layout(size, xs, rows, grid.width, grid.height, grid.width, grid.height, grid.res, overlap), line
