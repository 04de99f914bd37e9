"""Column stripes: the tile columns split into runs swept top to bottom, so that memory depends on
the tile size, the class count and a budget, never on the raster's width or height."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Stripe:
    """A run of tile columns processed top to bottom before the next stripe starts.

    ``first`` is the first tile column the stripe owns; the guard columns ``[start, first)``
    are the earlier tiles that overlap it, inferred again so that the stripe's own pixels get
    exactly the contributions, in the same order, that one full-width pass gives them; no
    column of results has to be kept from one stripe to the next. Output columns
    ``[out0, out1)`` are final once the stripe has passed.
    """

    start: int
    first: int
    end: int  # exclusive tile column index
    x0: int  # first pixel column read (model grid)
    x1: int  # exclusive
    out0: int
    out1: int


def plan_stripes(xs: list[int], size: int, width: int, max_px: int) -> list[Stripe]:
    """Split tile columns into evenly sized stripes at most ``max_px`` wide, guard columns included."""
    n = len(xs)
    span = (xs[-1] + size) - xs[0]
    count = max(1, -(-span // max(max_px, 1)))
    while True:
        bounds = [round(i * n / count) for i in range(count + 1)]
        stripes = []
        for a, b in zip(bounds, bounds[1:]):
            if b <= a:
                continue
            start = a
            while start > 0 and xs[start - 1] + size > xs[a]:
                start -= 1
            stripes.append(Stripe(start, a, b, xs[start], min(xs[b - 1] + size, width),
                                  0 if a == 0 else xs[a], width if b == n else xs[b]))
        if max(s.x1 - s.x0 for s in stripes) <= max_px or count >= n:
            return stripes
        count += 1
