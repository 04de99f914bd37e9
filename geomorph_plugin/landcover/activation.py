"""The net's output as probabilities: softmax or sigmoid when the model leaves logits, detected from
the first batch when the model does not say."""

from __future__ import annotations

import numpy as np

from ..i18n import tr
from .contract import MULTILABEL, ModelContract


class Activation:
    def __init__(self, contract: ModelContract, debug):
        self.contract = contract
        self.kind = contract.output_activation  # None until the first batch shows it
        self.debug = debug

    def probabilities(self, out: np.ndarray, axis: int) -> np.ndarray:
        c = self.contract
        out = out.astype(np.float32, copy=False)
        if self.kind is None:
            if c.model_type == MULTILABEL:
                self.kind = "sigmoid" if out.min() >= 0 and out.max() <= 1 else "none"
            else:
                sums = out.sum(axis=axis)
                self.kind = "softmax" if out.min() >= 0 and np.allclose(sums, 1, atol=1e-3) else "none"
            self.debug(tr("output_activation is not in the model: its output looks like probabilities")
                       if self.kind != "none" else
                       tr("output_activation is not in the model: its output looks like logits"))
        if self.kind != "none":
            return out
        if c.model_type == MULTILABEL:
            return 1.0 / (1.0 + np.exp(-out))
        out = out - out.max(axis=axis, keepdims=True)
        np.exp(out, out=out)
        out /= out.sum(axis=axis, keepdims=True)
        return out
