"""Accuracy figures checked against hand-computed values and against the worked example of
Olofsson et al. 2014 (Remote Sensing of Environment 148: 42-57, section 5): four strata
(deforestation, forest gain, stable forest, stable non-forest) of a 30 m map, the sample
confusion matrix of that example and the estimates the paper gives."""

from __future__ import annotations

import numpy as np
import pytest

from geomorph_plugin.accuracy.estimates import allocate, area_adjusted, plain_accuracy, sample_size
from geomorph_plugin.errors import GeomorphError

# Rows map class, columns reference class, as in the paper's example.
OLOFSSON_COUNTS = [[66, 0, 5, 4], [0, 55, 8, 12], [1, 0, 153, 11], [2, 1, 9, 313]]
OLOFSSON_PIXELS = np.array([200_000, 150_000, 3_200_000, 6_450_000])
PIXEL_HA = 0.09  # 30 m x 30 m


def test_olofsson_worked_example_areas_and_intervals():
    r = area_adjusted(OLOFSSON_COUNTS, OLOFSSON_PIXELS * PIXEL_HA)
    # The paper: deforestation 21,158 ± 6,158 ha, forest gain 11,686 ± 3,756 ha,
    # stable forest 285,770 ± 15,510 ha, stable non-forest 581,386 ± 16,282 ha (95% CI).
    assert np.round(r.area) == pytest.approx([21_158, 11_686, 285_770, 581_386], abs=1)
    assert np.round(r.ci(r.area_se)) == pytest.approx([6_158, 3_756, 15_510, 16_282], abs=1)
    # Overall 0.95 ± 0.02; user's 0.88, 0.73, 0.93, 0.96; producer's 0.75, 0.85, 0.93, 0.96.
    assert round(r.overall, 2) == 0.95
    assert round(r.ci(r.overall_se), 2) == 0.02
    assert np.round(r.users, 2) == pytest.approx([0.88, 0.73, 0.93, 0.96])
    assert np.round(r.ci(r.users_se), 2) == pytest.approx([0.07, 0.10, 0.04, 0.02])
    assert np.round(r.producers, 2) == pytest.approx([0.75, 0.85, 0.93, 0.96])
    assert round(float(r.ci(r.producers_se[0])), 2) == 0.21
    # Estimated proportions sum to one, and the areas to the mapped total.
    assert r.area_proportion.sum() == pytest.approx(1.0)
    assert r.area.sum() == pytest.approx(OLOFSSON_PIXELS.sum() * PIXEL_HA)


def test_olofsson_deforestation_by_hand():
    # p_.1 = W_1 n_11/n_1. + W_3 n_31/n_3. + W_4 n_41/n_4.
    w = OLOFSSON_PIXELS / OLOFSSON_PIXELS.sum()
    p1 = w[0] * 66 / 75 + w[2] * 1 / 165 + w[3] * 2 / 325
    se = np.sqrt(w[0] ** 2 * (66 / 75) * (9 / 75) / 74 + w[2] ** 2 * (1 / 165) * (164 / 165) / 164
                 + w[3] ** 2 * (2 / 325) * (323 / 325) / 324)
    r = area_adjusted(OLOFSSON_COUNTS, OLOFSSON_PIXELS)
    assert r.area_proportion[0] == pytest.approx(p1)
    assert r.area_proportion_se[0] == pytest.approx(se)
    assert r.producers[0] == pytest.approx(w[0] * 66 / 75 / p1)


def test_olofsson_sample_size_and_allocation():
    # Section 5.1: U = 0.7, 0.6, 0.9, 0.95 and S(O) = 0.01 give n = 641.
    w = OLOFSSON_PIXELS / OLOFSSON_PIXELS.sum()
    n = sample_size(w, [0.7, 0.6, 0.9, 0.95], 0.01)
    assert n == 641
    # 100 for each rare class, the remaining 441 in proportion to area among the others.
    alloc = allocate(n, w, OLOFSSON_PIXELS, 100)
    assert alloc.tolist() == [100, 100, 146, 295]
    assert alloc.sum() == n
    # Too small a total: every class still gets its minimum; a class never gets more than its cells.
    assert allocate(50, w, OLOFSSON_PIXELS, 20).tolist() == [20, 20, 20, 20]
    assert allocate(641, w, [30, 150_000, 3_200_000, 6_450_000], 100).tolist()[0] == 30


def test_plain_accuracy_hand_computed():
    # 3 classes: 100 reference samples each; known errors.
    m = np.array([[90, 5, 0], [10, 80, 20], [0, 15, 80]])
    r = plain_accuracy(m)
    assert r.overall == pytest.approx(250 / 300)
    pe = (95 * 100 + 110 * 100 + 95 * 100) / 300 ** 2
    assert r.kappa == pytest.approx((250 / 300 - pe) / (1 - pe))
    assert r.users == pytest.approx([90 / 95, 80 / 110, 80 / 95])
    assert r.producers == pytest.approx([0.9, 0.8, 0.8])
    assert r.f1[1] == pytest.approx(2 * 80 / (110 + 100))
    assert r.iou[2] == pytest.approx(80 / (95 + 100 - 80))


def test_unsampled_stratum_is_refused_with_the_fix():
    with pytest.raises(GeomorphError, match="no sample point.*stratifiedsample"):
        area_adjusted([[10, 0], [0, 0]], [100.0, 50.0], ["water", "grass"])
    with pytest.raises(GeomorphError, match="empty"):
        plain_accuracy(np.zeros((2, 2)))
