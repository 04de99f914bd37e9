"""Robust statistics of elevation differences: medians and the NMAD, as xDEM reports them.

The mean and standard deviation of dh are wrecked by the few cells that really changed or
were badly matched; the median and the normalised median absolute deviation
(NMAD = 1.4826 * median(|dh - median(dh)|), the standard deviation for Gaussian errors) are not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import NormalDist

import numpy as np

NMAD_FACTOR = 1.4826


def nmad(values: np.ndarray) -> float:
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return float("nan")
    return float(NMAD_FACTOR * np.median(np.abs(values - np.median(values))))


@dataclass
class Robust:
    median: float
    nmad: float
    count: int

    @classmethod
    def of(cls, values: np.ndarray) -> Robust:
        values = np.asarray(values)
        return cls(float(np.median(values)) if values.size else float("nan"), nmad(values), int(values.size))

    def as_dict(self) -> dict:
        return asdict(self)


def z_for_confidence(confidence: float) -> float:
    """The two-sided critical value of the normal distribution (1.96 for 0.95)."""
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def change_probability(abs_dz: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """P(|error| < |dz|) for a Gaussian error of ``sigma``: GCD's probability that a change is real."""
    from math import sqrt

    t = abs_dz / (sigma * sqrt(2.0))
    return _erf(t)


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf and scipy is not a dependency.
    x = np.asarray(x, dtype=np.float64)
    t = 1.0 / (1.0 + 0.3275911 * x)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t \
        * np.exp(-x * x)
    return y
