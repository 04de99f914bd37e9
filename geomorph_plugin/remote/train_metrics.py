"""Validation figures of a trained model from its confusion matrix (numpy only, node side).

Rows are the reference classes, columns the predicted ones (the convention of the training
report; the accuracy assessment's CSV is transposed: rows map, columns reference).
"""

from __future__ import annotations

import numpy as np


def confusion(truth, predicted, classes: int, ignore: int = 255) -> np.ndarray:
    """``classes x classes`` counts of (reference, predicted) over the labelled cells."""
    truth = np.asarray(truth).ravel().astype(np.int64)
    predicted = np.asarray(predicted).ravel().astype(np.int64)
    keep = (truth != ignore) & (truth >= 0) & (truth < classes)
    index = truth[keep] * classes + predicted[keep]
    return np.bincount(index, minlength=classes * classes).reshape(classes, classes)


def _ratio(num, den) -> np.ndarray:
    num, den = np.asarray(num, float), np.asarray(den, float)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def metrics(matrix, class_names: list) -> dict:
    """OA, Cohen's kappa, and per class IoU, F1, precision (user's accuracy) and recall
    (producer's accuracy); means over the classes that have reference samples."""
    m = np.asarray(matrix, dtype=float)
    total = m.sum()
    tp = np.diag(m)
    reference = m.sum(axis=1)
    predicted = m.sum(axis=0)
    oa = float(tp.sum() / total) if total else 0.0
    expected = float((reference * predicted).sum() / total ** 2) if total else 0.0
    kappa = (oa - expected) / (1.0 - expected) if expected < 1.0 else 0.0
    precision = _ratio(tp, predicted)
    recall = _ratio(tp, reference)
    f1 = _ratio(2 * precision * recall, precision + recall)
    iou = _ratio(tp, reference + predicted - tp)
    present = reference > 0
    per_class = [{"name": str(name), "iou": float(iou[i]), "f1": float(f1[i]), "precision": float(precision[i]),
                  "recall": float(recall[i]), "reference": int(reference[i]), "predicted": int(predicted[i])}
                 for i, name in enumerate(class_names)]
    return {"overall_accuracy": oa, "kappa": float(kappa),
            "mean_iou": float(iou[present].mean()) if present.any() else 0.0,
            "mean_f1": float(f1[present].mean()) if present.any() else 0.0,
            "per_class": per_class, "confusion_matrix": m.astype(np.int64).tolist(),
            "samples": int(total)}
