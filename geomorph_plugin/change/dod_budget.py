"""The DoD's budget: erosion, deposition and net areas and volumes of one zone with their propagated
uncertainty (the formulas are in ``dod``'s docstring), and the sums behind them, added stripe by stripe."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass
class Budget:
    """One zone's sums; areas in m², volumes in m³ (erosion volume positive)."""

    name: str
    cell_area: float
    analysed: int = 0
    erosion_cells: int = 0
    erosion_sum: float = 0.0
    erosion_var: float = 0.0
    erosion_sigma: float = 0.0
    deposition_cells: int = 0
    deposition_sum: float = 0.0
    deposition_var: float = 0.0
    deposition_sigma: float = 0.0
    raw_sum: float = 0.0

    @property
    def no_change_cells(self) -> int:
        return self.analysed - self.erosion_cells - self.deposition_cells

    @property
    def erosion_area(self) -> float:
        return self.erosion_cells * self.cell_area

    @property
    def deposition_area(self) -> float:
        return self.deposition_cells * self.cell_area

    @property
    def erosion_volume(self) -> float:
        return -self.erosion_sum * self.cell_area

    @property
    def deposition_volume(self) -> float:
        return self.deposition_sum * self.cell_area

    @property
    def erosion_uncertainty(self) -> float:
        return self.cell_area * math.sqrt(self.erosion_var)

    @property
    def deposition_uncertainty(self) -> float:
        return self.cell_area * math.sqrt(self.deposition_var)

    @property
    def erosion_uncertainty_correlated(self) -> float:
        return self.cell_area * self.erosion_sigma

    @property
    def deposition_uncertainty_correlated(self) -> float:
        return self.cell_area * self.deposition_sigma

    @property
    def net_volume(self) -> float:
        return self.deposition_volume - self.erosion_volume

    @property
    def net_uncertainty(self) -> float:
        return self.cell_area * math.sqrt(self.erosion_var + self.deposition_var)

    @property
    def net_uncertainty_correlated(self) -> float:
        return self.cell_area * (self.erosion_sigma + self.deposition_sigma)

    @property
    def raw_net_volume(self) -> float:
        return self.raw_sum * self.cell_area

    @property
    def no_change_percent(self) -> float:
        return 100.0 * self.no_change_cells / self.analysed if self.analysed else float("nan")

    def row(self) -> list:
        return [self.name, self.analysed * self.cell_area, self.no_change_cells * self.cell_area,
                self.no_change_percent, self.erosion_area, self.erosion_volume, self.erosion_uncertainty,
                self.erosion_uncertainty_correlated, self.deposition_area, self.deposition_volume,
                self.deposition_uncertainty, self.deposition_uncertainty_correlated, self.net_volume,
                self.net_uncertainty, self.net_uncertainty_correlated, self.raw_net_volume]


CSV_HEADER = ["zone", "analysed_m2", "no_change_m2", "no_change_percent", "erosion_area_m2", "erosion_volume_m3",
              "erosion_sigma_m3", "erosion_sigma_correlated_m3", "deposition_area_m2", "deposition_volume_m3",
              "deposition_sigma_m3", "deposition_sigma_correlated_m3", "net_volume_m3", "net_sigma_m3",
              "net_sigma_correlated_m3", "raw_net_volume_m3"]


class Accumulator:
    """Per-zone sums, added stripe by stripe with bincount (zone index 0 = outside every zone)."""

    def __init__(self, n: int):
        self.n = n
        self.sums = {k: np.zeros(n) for k in ("analysed", "ero_n", "ero_sum", "ero_var", "ero_sig", "dep_n",
                                              "dep_sum", "dep_var", "dep_sig", "raw")}

    def add(self, zone, valid, dz, var, ero, dep) -> None:
        n = self.n

        def count(mask):
            return np.bincount(zone[mask], minlength=n)[:n]

        def total(mask, weights):
            if np.ndim(weights) == 0:
                return count(mask) * float(weights)
            return np.bincount(zone[mask], weights=weights[mask], minlength=n)[:n]

        s = self.sums
        s["analysed"] += count(valid)
        s["raw"] += total(valid, dz)
        for key, mask in (("ero", ero), ("dep", dep)):
            s[f"{key}_n"] += count(mask)
            s[f"{key}_sum"] += total(mask, dz)
            s[f"{key}_var"] += total(mask, var)
            s[f"{key}_sig"] += total(mask, np.sqrt(var))

    def add_total(self, valid, dz, var, sigma, ero, dep, all_valid: bool = False) -> None:
        """The one-zone case with plain reductions: bincount over every cell costs 4x more. ``all_valid``: every
        cell is valid, so the sum needs no mask (numpy adds the same chunks in the same order, at half the
        cost)."""
        s = self.sums
        scalar = np.ndim(var) == 0
        if all_valid:
            s["analysed"][0] += dz.size
            s["raw"][0] += np.sum(dz, dtype=np.float64)
        else:
            s["analysed"][0] += np.count_nonzero(valid)
            s["raw"][0] += np.sum(dz, where=valid, dtype=np.float64)
        for key, mask in (("ero", ero), ("dep", dep)):
            n = np.count_nonzero(mask)
            s[f"{key}_n"][0] += n
            s[f"{key}_sum"][0] += np.sum(dz, where=mask, dtype=np.float64)
            s[f"{key}_var"][0] += n * float(var) if scalar else np.sum(var, where=mask, dtype=np.float64)
            s[f"{key}_sig"][0] += n * float(sigma) if scalar else np.sum(sigma, where=mask, dtype=np.float64)

    def budget(self, i: int, name: str, area: float) -> Budget:
        s = self.sums
        return Budget(name, area, int(s["analysed"][i]), int(s["ero_n"][i]), float(s["ero_sum"][i]),
                      float(s["ero_var"][i]), float(s["ero_sig"][i]), int(s["dep_n"][i]), float(s["dep_sum"][i]),
                      float(s["dep_var"][i]), float(s["dep_sig"][i]), float(s["raw"][i]))
