"""Segmentation nets: tile probabilities blended with weights into a rolling buffer one tile high and
one stripe wide; the rows no later tile can touch are written as they become final."""

from __future__ import annotations

import numpy as np

from . import tiling
from .activation import Activation
from .stripes import Stripe


class SegmentationWriter:
    def __init__(self, writer, activation: Activation, stripes: list[Stripe], rows: list[int], xs: list[int],
                 size: int, overlap: int, out_h: int):
        self.writer, self.activation = writer, activation
        self.stripes, self.rows, self.xs = stripes, rows, xs
        self.size, self.overlap, self.out_h = size, overlap, out_h

    def run(self, items) -> None:
        """``items``: ("tiles", [(labels, net output)]) and ("row", strip index, validity) in strip order."""
        stripes, rows, xs, size, out_h = self.stripes, self.rows, self.xs, self.size, self.out_h
        contract = self.activation.contract
        k = contract.num_classes
        nrows = len(rows)
        weights = tiling.blend_weights(size, self.overlap)
        channels_last = contract.output_layout == "NHWC"
        current = 0
        later: list = []  # (label, probabilities) of tiles from strips after the current one
        acc = wsum = None

        def start(stripe):
            nonlocal acc, wsum
            acc = np.zeros((k, size, stripe.x1 - stripe.x0), dtype=np.float32)
            wsum = np.zeros((size, stripe.x1 - stripe.x0), dtype=np.float32)

        def blend(label, p) -> None:
            q, j = label
            stripe, y = stripes[q // nrows], rows[q % nrows]
            h, x = min(size, out_h - y), xs[j] - stripe.x0
            w = min(size, stripe.x1 - xs[j])
            tile_w = weights[:h, :w]
            part = p[:, :h, :w]
            part *= tile_w  # in place: the net's output buffer is not used again
            acc[:, :h, x:x + w] += part
            wsum[:h, x:x + w] += tile_w

        start(stripes[0])
        for item in items:
            if item[0] == "tiles":
                for metas, out in item[1]:
                    if out.ndim == 3:
                        out = out[:, None]
                    elif channels_last:
                        out = out.transpose(0, 3, 1, 2)
                    probs = self.activation.probabilities(out, axis=1)
                    for label, p in zip(metas, probs):
                        if label[0] == current:
                            blend(label, p)
                        else:
                            later.append((label, p))
                continue
            _, q, valid = item
            stripe, r = stripes[q // nrows], q % nrows
            y = rows[r]
            final = (rows[r + 1] - y) if r + 1 < nrows else min(size, out_h - y)
            a, b = stripe.out0 - stripe.x0, stripe.out1 - stripe.x0
            norm = wsum[:final, a:b]
            ok = norm > 0
            if valid is not None:
                ok &= valid[:final, a:b]
            self.writer.write_rows(y, acc[:, :final, a:b], ok, x=stripe.out0, norm=norm)
            current += 1
            if current % nrows == 0:
                if current < len(stripes) * nrows:
                    start(stripes[current // nrows])
            else:
                # Roll the buffer: rows still shared with the next tile-row move to the top.
                keep = size - final
                if keep > 0:
                    acc[:, :keep] = acc[:, final:final + keep]
                    wsum[:keep] = wsum[final:final + keep]
                acc[:, keep:] = 0
                wsum[keep:] = 0
            pending, later[:] = list(later), []
            for label, p in pending:
                if label[0] == current:
                    blend(label, p)
                else:
                    later.append((label, p))
