"""Patch and multi-label classifiers: one output cell per patch, written one strip of cells at a time."""

from __future__ import annotations

import numpy as np

from .activation import Activation
from .contract import MULTILABEL
from .stripes import Stripe


class PatchWriter:
    def __init__(self, writer, activation: Activation, stripes: list[Stripe], nrows: int):
        self.writer, self.activation, self.stripes, self.nrows = writer, activation, stripes, nrows

    def run(self, items) -> None:
        """``items``: ("tiles", [(labels, net output)]) and ("row", strip index, validity) in strip order."""
        contract = self.activation.contract
        stripes, nrows = self.stripes, self.nrows
        k = contract.num_classes
        widest = max(s.end - s.first for s in stripes)
        scores = np.zeros((widest, k), dtype=np.float32)
        valid = np.zeros(widest, dtype=bool)
        thresholds = contract.thresholds if contract.model_type == MULTILABEL else None
        current = 0
        later: list = []  # (strip indices, columns, scores) of strips after the current one

        def place(qs, js, probs):
            mine = qs == current
            if mine.any():
                cols = js[mine] - stripes[current // nrows].first
                scores[cols] = probs[mine]
                valid[cols] = True
            if not mine.all():
                later.append((qs[~mine], js[~mine], probs[~mine]))

        for item in items:
            if item[0] == "tiles":
                for metas, out in item[1]:
                    probs = self.activation.probabilities(out.reshape(len(metas), -1), axis=1)
                    qs, js = (np.asarray(a) for a in zip(*metas))
                    place(qs, js, probs)
                continue
            stripe = stripes[item[1] // nrows]
            n = stripe.end - stripe.first
            self.writer.write_rows(item[1] % nrows, scores[:n].T[:, None, :], valid[None, :n], x=stripe.first,
                                   multilabel_thresholds=thresholds)
            scores[:] = 0
            valid[:] = False
            current += 1
            pending, later[:] = list(later), []
            for entry in pending:
                place(*entry)
