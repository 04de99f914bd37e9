"""The DoD's elevation-change histogram: the counts it adds stripe by stripe are those of the plain definition
(every value to the nearest bin centre, halves to even, outliers in the end bins), whatever the stripes hold."""

from __future__ import annotations

import numpy as np
import pytest


def _reference(values: np.ndarray, width: float, half: int) -> np.ndarray:
    scaled = np.clip(values.astype(np.float32) * np.float32(1.0 / width), -half, half)
    return np.bincount((np.rint(scaled).astype(np.int64) + half).ravel(), minlength=2 * half + 1)


@pytest.mark.parametrize("width", [1e-4, 0.00693, 1.3])
def test_counts_are_the_plain_definition(width):
    from geomorph_plugin.change.report import Histogram

    rng = np.random.default_rng(5)
    limit = min(2000.0, width * 1e6)
    hist = Histogram(width, limit)
    expected = np.zeros_like(hist.counts)
    stripes = [
        rng.normal(0, 0.07, (64, 300)),  # noise around zero
        np.concatenate([rng.normal(-1.5, 0.07, 5000), rng.normal(0.8, 0.07, 5000)]),  # a cut and a fill
        (rng.integers(-4000, 4000, 3000) + 0.5) * width,  # exact halves between bins
        np.array([1e30, -1e30, limit, -limit, 3 * limit]),  # outliers: the end bins only
        np.full(7, -1e30),  # stripes with nothing but outliers
        np.full(5, 1e30),
        rng.uniform(-3000, 3000, 2000),
    ]
    for values in stripes:
        values = np.asarray(values, dtype=np.float32)
        hist.add(values)
        expected += _reference(values, width, hist.half)
    assert np.array_equal(hist.counts, expected)
    assert hist.counts.sum() == sum(np.asarray(v).size for v in stripes)
