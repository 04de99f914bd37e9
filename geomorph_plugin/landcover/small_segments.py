"""Deepness's two segmentation settings applied to the class map.

- ``seg_thresh``: a pixel whose highest class probability is below it is given class 0, which
  Deepness's models reserve for the background (``below_threshold``).
- ``seg_small_segment``: small clusters of a class are removed by a median of the class indices
  over a square window of that many pixels (made odd: 6 and 7 both give 7 x 7), as Deepness's
  "Remove small segment areas" does. A cluster narrower than about half the window takes the
  class around it; larger areas keep their class, with their corners rounded.

The median runs as a second pass over the finished class raster, in blocks read with a halo of
half a window, so that the result is the same whatever the column stripes and row blocks were:
every pixel sees exactly its window of final classes. Only valid pixels are counted: nodata
and the area past the raster's edge neither win nor dilute a window (Deepness counts them as
a class of their own). Memory: one block of rows, full width, in uint8, plus int32 sums of one
column chunk.
"""

from __future__ import annotations

import numpy as np

# Rows per block of the median pass and columns per chunk of its sums.
BLOCK_ROWS = 256
CHUNK_COLS = 2048


def window(small_segment: int) -> int:
    """The median window's side for Deepness's ``seg_small_segment`` (odd; 1 means no filtering)."""
    return (max(0, int(small_segment)) // 2) * 2 + 1


def below_threshold(best: np.ndarray, threshold: float, norm: np.ndarray | None = None) -> np.ndarray:
    """Where the highest probability ``best`` (times ``norm`` when the scores are weighted sums) is below."""
    if norm is None:
        return best < threshold
    return best < threshold * norm


def _box(mask: np.ndarray, side: int) -> np.ndarray:
    """Sum of ``mask`` over every ``side`` x ``side`` window: shape shrinks by ``side - 1`` each way."""
    h, w = mask.shape
    sums = np.zeros((h + 1, w + 1), np.int32)
    np.cumsum(mask, axis=0, dtype=np.int32, out=sums[1:, 1:])
    np.cumsum(sums[1:, 1:], axis=1, out=sums[1:, 1:])
    return sums[side:, side:] - sums[:-side, side:] - sums[side:, :-side] + sums[:-side, :-side]


def median_labels(labels: np.ndarray, classes: int, nodata: int, side: int) -> np.ndarray:
    """The lower median of the valid class indices in each ``side`` x ``side`` window of ``labels``.

    ``labels`` carries a halo of ``side // 2`` pixels on every side (nodata where there is no
    pixel); the result covers the inside. Invalid pixels stay nodata. The median is the
    smallest class ``c`` with at least half the window's valid pixels at or below ``c``: one
    window sum per class instead of a sort per pixel.
    """
    r = side // 2
    valid = (labels != nodata) & (labels < classes)
    count = _box(valid, side)
    out = np.full(count.shape, classes - 1, dtype=labels.dtype)
    for c in range(classes - 2, -1, -1):
        at_or_below = _box(valid & (labels <= c), side)
        out[2 * at_or_below >= count] = c
    inside = valid[r:labels.shape[0] - r, r:labels.shape[1] - r]
    out[~inside] = nodata
    return out


def _median_rows(rows: np.ndarray, classes: int, nodata: int, side: int) -> np.ndarray:
    """``rows`` with a halo above and below already; adds the left and right halo (past the edge) and filters."""
    r = side // 2
    h, w = rows.shape
    out = np.empty((h - 2 * r, w), rows.dtype)
    padded = np.full((h, w + 2 * r), nodata, rows.dtype)
    padded[:, r:r + w] = rows
    for x0 in range(0, w, CHUNK_COLS):
        x1 = min(w, x0 + CHUNK_COLS)
        out[:, x0:x1] = median_labels(padded[:, x0:x1 + 2 * r], classes, nodata, side)
    return out


def filter_band(band, width: int, height: int, classes: int, nodata: int, side: int, dtype) -> np.ndarray:
    """Median-filter a class band in place, top to bottom; returns the new pixel count per class.

    The rows above a block were already rewritten, so the block's top halo is the copy of the
    original rows kept from the block before.
    """
    r = side // 2
    rows = max(BLOCK_ROWS, 2 * r)
    counts = np.zeros(classes, np.int64)
    carry = np.full((r, width), nodata, dtype)  # original rows just above the block (none above row 0)
    for y0 in range(0, height, rows):
        y1 = min(height, y0 + rows)
        below = min(height, y1 + r)
        block = band.ReadAsArray(0, y0, width, below - y0).astype(dtype, copy=False)
        bottom = np.full((r - (below - y1), width), nodata, dtype)  # past the raster's last row
        data = np.concatenate([carry, block, bottom])
        carry = block[y1 - y0 - r:y1 - y0].copy()
        out = _median_rows(data, classes, nodata, side)
        band.WriteArray(out, 0, y0)
        counts += np.bincount(out.ravel(), minlength=classes)[:classes]
    return counts
