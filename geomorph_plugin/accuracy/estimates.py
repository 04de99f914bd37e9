"""Accuracy figures from a confusion matrix: the plain ones (counts as they are) and the
area-adjusted ones of a stratified random sample (Olofsson et al. 2014, Remote Sensing of
Environment 148: 42-57), with their standard errors and 95% confidence intervals.

Pure numpy on count matrices, rows = map class, columns = reference class, so that the
paper's worked example can be checked number by number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr

Z95 = 1.96


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    out = np.full(np.broadcast(a, b).shape, np.nan)
    np.divide(a, b, out=out, where=b != 0)
    return out


@dataclass
class PlainAccuracy:
    """Figures of a confusion matrix whose cells are counted as they are (pixels or points)."""

    counts: np.ndarray
    overall: float
    kappa: float
    users: np.ndarray      # per map class (row): correct / mapped
    producers: np.ndarray  # per reference class (column): correct / reference
    f1: np.ndarray
    iou: np.ndarray


def plain_accuracy(counts) -> PlainAccuracy:
    m = np.asarray(counts, np.float64)
    total = m.sum()
    if total <= 0:
        raise GeomorphError(tr("The confusion matrix is empty: no reference sample falls on a classified cell. "
                               "Check that the reference layer covers the class raster."))
    diag = np.diag(m)
    rows, cols = m.sum(axis=1), m.sum(axis=0)
    overall = float(diag.sum() / total)
    expected = float((rows * cols).sum() / total ** 2)
    kappa = float((overall - expected) / (1.0 - expected)) if expected < 1.0 else float("nan")
    users, producers = _ratio(diag, rows), _ratio(diag, cols)
    return PlainAccuracy(m, overall, kappa, users, producers, _ratio(2 * diag, rows + cols),
                         _ratio(diag, rows + cols - diag))


def sample_size(weights, expected_users, target_se: float) -> int:
    """Olofsson et al. 2014 eq. 13: n = (sum W_i S_i / S(O))^2, S_i = sqrt(U_i (1 - U_i))."""
    w = np.asarray(weights, np.float64)
    u = np.asarray(expected_users, np.float64)
    if target_se <= 0 or target_se >= 1:
        raise GeomorphError(tr("The target standard error of overall accuracy must be between 0 and 1 (for example "
                               "0.01). Change it and run again.").format())
    s = np.sqrt(u * (1.0 - u))
    return int(math.ceil(((w * s).sum() / target_se) ** 2 - 1e-9))


def allocate(total: int, weights, available, minimum: int) -> np.ndarray:
    """Points per stratum: ``minimum`` for every class whose proportional share is smaller, the rest of
    ``total`` shared in proportion to area among the others (Olofsson et al. 2014, section 5.1.2);
    never more than a class has cells."""
    w = np.asarray(weights, np.float64)
    cap = np.asarray(available, np.int64)
    k = len(w)
    fixed = np.zeros(k, bool)
    n = np.zeros(k, np.int64)
    for _ in range(k + 1):
        free = ~fixed
        left = total - n[fixed].sum()
        share = np.zeros(k)
        if free.any() and w[free].sum() > 0:
            share[free] = left * w[free] / w[free].sum()
        low = free & (share < minimum)
        if not low.any():
            n[free] = np.floor(share[free]).astype(np.int64)
            # Largest remainders, so that the free classes add up to what is left.
            rest = int(left - n[free].sum())
            order = np.argsort(-(share - np.floor(share)) * free)
            n[order[:max(rest, 0)]] += 1
            break
        n[low] = minimum
        fixed |= low
    return np.minimum(n, cap)


@dataclass
class AreaAdjusted:
    """Olofsson et al. 2014's estimates from a stratified sample (strata = map classes)."""

    proportions: np.ndarray        # p_ij, estimated area proportions (K x K)
    overall: float
    overall_se: float
    users: np.ndarray
    users_se: np.ndarray
    producers: np.ndarray
    producers_se: np.ndarray
    area_proportion: np.ndarray    # p_.j
    area_proportion_se: np.ndarray
    area: np.ndarray               # in the unit of ``mapped_area``
    area_se: np.ndarray

    def ci(self, se):
        return Z95 * np.asarray(se)


def area_adjusted(counts, mapped_area, names: list[str] | None = None) -> AreaAdjusted:
    """``counts``: sample n_ij (rows map class i, columns reference class j); ``mapped_area``: the
    mapped area (or cell count) A_m,i of each map class, same order.

    Eq. 2 (p_ij), 4 and 5 (overall accuracy and its variance), 6 and 7 (user's, producer's),
    9 and 10 (area proportion and its standard error), 11 (area), the producer's variance as in
    Olofsson et al. 2013 eq. 7 (the 2014 paper's appendix)."""
    n = np.asarray(counts, np.float64)
    a = np.asarray(mapped_area, np.float64)
    k = n.shape[0]
    if n.shape != (k, k) or a.shape != (k,):
        raise ValueError("counts must be K x K and mapped_area K long")
    n_i = n.sum(axis=1)
    total_area = a.sum()
    w = a / total_area
    missing = (a > 0) & (n_i == 0)
    if missing.any():
        raise GeomorphError(tr("Map classes {names} have mapped area but no sample point, so their area cannot be "
                               "estimated. Add sample points in them (geomorph:stratifiedsample gives each class a "
                               "minimum).").format(
                                   names=", ".join(names[i] if names else str(i) for i in np.flatnonzero(missing))))
    frac = _ratio(n, n_i[:, None])
    frac = np.nan_to_num(frac)
    p = w[:, None] * frac
    diag = np.diag(p)
    p_i, p_j = p.sum(axis=1), p.sum(axis=0)
    overall = float(diag.sum())
    dof = n_i - 1
    users = _ratio(diag, p_i)
    with np.errstate(invalid="ignore", divide="ignore"):
        u_var = np.where(dof > 0, users * (1 - users) / np.where(dof > 0, dof, 1), np.nan)
        overall_var = float(np.nansum(np.where(n_i > 0, w ** 2 * np.nan_to_num(u_var), 0.0)))
        # Eq. 10: the standard error of the estimated area proportion of reference class j.
        safe_dof = np.where(dof > 0, dof, 1)[:, None]
        cell_var = np.where(dof[:, None] > 0, (w ** 2)[:, None] * frac * (1 - frac) / safe_dof, 0.0)
    area_prop_se = np.sqrt(cell_var.sum(axis=0))
    producers = _ratio(diag, p_j)
    # Producer's accuracy variance (Olofsson et al. 2013, eq. 7) with N_j. = mapped area, N^_.j = its estimate.
    n_hat_j = (_ratio(a, n_i)[:, None] * n).sum(axis=0)
    n_hat_j = np.nan_to_num(n_hat_j)
    prod_se = np.full(k, np.nan)
    for j in range(k):
        if n_hat_j[j] <= 0 or dof[j] <= 0:
            continue
        first = a[j] ** 2 * (1 - producers[j]) ** 2 * users[j] * (1 - users[j]) / dof[j]
        second = 0.0
        for i in range(k):
            if i == j or n_i[i] <= 1:
                continue
            second += a[i] ** 2 * frac[i, j] * (1 - frac[i, j]) / dof[i]
        prod_se[j] = math.sqrt((first + producers[j] ** 2 * second) / n_hat_j[j] ** 2)
    return AreaAdjusted(p, overall, math.sqrt(overall_var), users, np.sqrt(u_var), producers, prod_se, p_j,
                        area_prop_se, p_j * total_area, area_prop_se * total_area)
