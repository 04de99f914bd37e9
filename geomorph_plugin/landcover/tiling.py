"""Tile positions and blending weights, in pixels of the model-resolution grid."""

from __future__ import annotations

import numpy as np


def tile_starts(length: int, tile: int, overlap: int) -> list[int]:
    """Start offsets of tiles of size ``tile`` covering ``[0, length)`` with at least ``overlap`` pixels shared.

    The last tile is shifted back to end on the edge instead of padding past it, so no
    inference is spent on empty margins (Deepness pads to whole tiles). A length shorter than
    one tile gives one tile at 0, padded by the caller.
    """
    if length <= tile:
        return [0]
    stride = max(1, tile - overlap)
    starts = list(range(0, length - tile, stride))
    starts.append(length - tile)
    return starts


def patch_grid(length: int, patch: int) -> int:
    """Number of patch cells along an axis: partial patches at the far edge count as a cell."""
    return max(1, -(-length // patch))


def ramp(tile: int, overlap: int) -> np.ndarray:
    """1-D weights: linear ramps over ``overlap`` pixels at both ends, 1 in between, never 0.

    Blending with weights that fall to (almost) zero at a tile's edge makes the result a
    continuous function of position, so overlapping tiles leave no seam; the edges are also
    where a convolutional net sees zero padding and is least reliable.
    """
    weights = np.ones(tile, dtype=np.float32)
    n = min(overlap, tile // 2)
    if n > 0:
        up = (np.arange(n, dtype=np.float32) + 0.5) / n
        weights[:n] = up
        weights[tile - n:] = up[::-1]
    return weights


def blend_weights(tile: int, overlap: int) -> np.ndarray:
    w = ramp(tile, overlap)
    return np.outer(w, w)
