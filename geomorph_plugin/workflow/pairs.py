"""Image pairs from GPS positions, cut into chunks for parallel matching.

The users' biggest speed-up came from small tie-point jobs spread over many nodes, so the pair
list is what gets cut into chunks, not the image list.

Public API:

- ``gps_pairs(xy, neighbours=8, radius_factor=2.5) -> list[(i, j)]``: each photo with its
  ``neighbours`` nearest photos plus every photo within ``radius_factor`` times the median
  nearest-neighbour spacing; i < j, sorted, so the same photos always give the same pairs.
- ``chunk(items, size)``: consecutive chunks of at most ``size``.
- ``colmap_pairs_text(pairs, names)``: the ``matches_importer --match_type pairs`` format.
- ``micmac_pairs_xml(pairs, names)``: MicMac's ``SauvegardeNamedRel`` format (Tapioca File).
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return 0.0
    mid = n // 2
    return ordered[mid] if n % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])


def gps_pairs(xy: list[tuple[float, float]], neighbours: int = 8, radius_factor: float = 2.5) -> list[tuple[int, int]]:
    """Overlapping-image candidates from projected positions (metres).

    O(n^2) distances: 5,000 photos are 25 million distances, a second or two in Python with
    sorting per row, which is acceptable next to hours of matching.
    """
    n = len(xy)
    if n < 2:
        return []
    dists = [[math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]) for j in range(n)] for i in range(n)]
    nearest = [min(d for j, d in enumerate(row) if j != i) for i, row in enumerate(dists)]
    radius = radius_factor * _median(nearest)
    pairs: set[tuple[int, int]] = set()
    k = max(0, min(neighbours, n - 1))
    for i in range(n):
        # The index breaks ties so that equal distances still give one fixed order.
        order = sorted((d, j) for j, d in enumerate(dists[i]) if j != i)
        for _d, j in order[:k]:
            pairs.add((min(i, j), max(i, j)))
        for d, j in order[k:]:
            if d > radius:
                break
            pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def chunk(items: list, size: int) -> list[list]:
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    return [items[i : i + size] for i in range(0, len(items), size)]


def colmap_pairs_text(pairs: list[tuple[int, int]], names: list[str]) -> str:
    """COLMAP splits each line at the first space, so ``names`` must be space-free (the safe names)."""
    for name in names:
        if any(c.isspace() for c in name):
            raise ValueError(f"COLMAP pair files cannot hold names with white space: {name!r}")
    return "".join(f"{names[i]} {names[j]}\n" for i, j in pairs)


def micmac_pairs_xml(pairs: list[tuple[int, int]], names: list[str]) -> str:
    lines = ['<?xml version="1.0" ?>', "<SauvegardeNamedRel>"]
    lines += [f"     <Cple>{escape(names[i])} {escape(names[j])}</Cple>" for i, j in pairs]
    lines.append("</SauvegardeNamedRel>")
    return "\n".join(lines) + "\n"
