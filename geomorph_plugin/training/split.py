"""The spatial train/validation split of a tile grid: whole blocks of tiles go to one side, and
training tiles closer to a validation tile than a buffer are dropped, so that no two
neighbouring pixels sit on both sides (spatial autocorrelation would otherwise make the
validation figures too good).

Pure numpy on tile indices and per-tile class counts, so it is tested without rasters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

Tile = tuple[int, int]  # (tile row, tile column)


@dataclass
class Split:
    train: list[Tile]
    val: list[Tile]
    block_tiles: int
    dropped: list[Tile] = field(default_factory=list)  # training tiles inside the buffer


def gap_m(a: Tile, b: Tile, tile_m: float) -> float:
    """Shortest distance between two tiles' edges (0 for tiles that touch, even at a corner)."""
    dy = max(0, abs(a[0] - b[0]) - 1) * tile_m
    dx = max(0, abs(a[1] - b[1]) - 1) * tile_m
    return math.hypot(dx, dy)


def split_tiles(counts: dict[Tile, np.ndarray], block_tiles: int, val_fraction: float, buffer_m: float,
                tile_m: float, seed: int = 0) -> Split:
    """``counts``: labelled pixels (or patches) per class of each tile. Blocks are drawn in a seeded
    random order: first one block for each class that validation lacks (rarest class first, never a
    class's last block), then blocks until validation holds ``val_fraction`` of the labels."""
    block_tiles = max(1, int(block_tiles))
    blocks: dict[Tile, list[Tile]] = {}
    for tile in sorted(counts):
        blocks.setdefault((tile[0] // block_tiles, tile[1] // block_tiles), []).append(tile)
    if not blocks:
        return Split([], [], block_tiles)
    k = len(next(iter(counts.values())))
    per_block = {b: sum((counts[t] for t in tiles), np.zeros(k, np.int64)) for b, tiles in blocks.items()}
    order = list(blocks)
    rng = np.random.default_rng(seed)
    rng.shuffle(order)
    total = sum(per_block.values())
    reach = int(math.ceil(buffer_m / tile_m)) + 1 if tile_m > 0 else 1

    def near(tile: Tile) -> set[Tile]:
        """The labelled tiles within the buffer of ``tile``, itself included."""
        return {(tile[0] + dy, tile[1] + dx) for dy in range(-reach, reach + 1) for dx in range(-reach, reach + 1)
                if (tile[0] + dy, tile[1] + dx) in counts
                and ((dy, dx) == (0, 0) or gap_m(tile, (tile[0] + dy, tile[1] + dx), tile_m) < buffer_m)}

    val_blocks: list[Tile] = []
    val_sum = np.zeros(k, np.int64)
    lost: set[Tile] = set()  # validation tiles and the training tiles their buffer takes

    def lost_with(block: Tile) -> set[Tile] | None:
        """What validation would take with ``block``; None when training would then lack a class."""
        taken = set(lost)
        for tile in blocks[block]:
            taken |= near(tile)
        left = total - sum((counts[t] for t in taken), np.zeros(k, np.int64))
        return taken if bool(np.all((left > 0) | (total == 0))) else None

    def take(block: Tile, taken: set[Tile]) -> None:
        nonlocal val_sum, lost
        val_blocks.append(block)
        val_sum = val_sum + per_block[block]
        lost = taken

    for cls in np.argsort(total):
        if total[cls] == 0 or val_sum[cls] > 0:
            continue
        for block in order:
            if block not in val_blocks and per_block[block][cls] > 0:
                taken = lost_with(block)
                if taken is not None:
                    take(block, taken)
                    break
    target = val_fraction * total.sum()
    for block in order:
        if val_sum.sum() >= target:
            break
        if block not in val_blocks:
            taken = lost_with(block)
            if taken is not None:
                take(block, taken)
    val = sorted(t for b in val_blocks for t in blocks[b])
    val_set = set(val)
    dropped = sorted(t for t in lost if t not in val_set)
    train = sorted(t for t in counts if t not in lost)
    return Split(train, val, block_tiles, dropped)
