"""What the net is fed: the raw window in the raster's type, normalised by the graph itself when
the ``onnx`` package can fold it in, else in numpy; and the value gaps are filled with."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .contract import ModelContract
from .grid import raster_dtype


@dataclass
class Feed:
    session: object  # the session to run: the model's own, or one with the normalisation folded in
    dtype: np.dtype  # what the strips are cast to before tiling
    fill: np.ndarray  # per channel raw value for gaps and the area past the edge
    scale: np.ndarray
    shift: np.ndarray
    folded: bool = False
    numpy_normalise: bool = False  # True: ``normalise`` runs on every batch
    track_range: bool = False  # count the values above ``value_scale`` (see ``above``)
    value_scale: float = 1.0
    values_seen: int = 0
    above: int = 0
    low: float = math.inf
    high: float = -math.inf

    def normalise(self, raw: np.ndarray) -> np.ndarray:
        """(N, C, H, W) raw values -> normalised float32: the fallback when the graph cannot do it."""
        x = raw.astype(np.float32)
        x *= self.scale[:, None, None]
        x -= self.shift[:, None, None]
        return x

    def prepare(self, data: np.ndarray, valid: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
        """The strip in the feed type, with invalid pixels set to the fill; validity None when all valid.

        The fill is the per-channel value nearest the mean, which normalises to ~0: what the
        net finds least surprising in a gap.
        """
        data = data.astype(self.dtype, copy=False)
        if self.track_range:
            values = data if valid is None else data[:, valid]
            if values.size:
                self.values_seen += values.size
                self.above += int(np.count_nonzero(values > self.value_scale))
                self.low, self.high = min(self.low, float(values.min())), max(self.high, float(values.max()))
        if valid is not None:
            if valid.all():
                valid = None
            else:
                data[:, ~valid] = self.fill[:, None]
        return data, valid


def make_feed(runtime, contract: ModelContract, ds, bands: list[int], fold: bool) -> Feed:
    """Choose what the net is fed: the raw window, normalised by the graph itself when possible."""
    from .runtime import normalisation_constants, normalising_runtime

    c = contract
    scale, shift = normalisation_constants(c)
    if c.input_is_uint8:
        return Feed(runtime.session, np.dtype(np.uint8), np.zeros(c.channels, np.uint8), scale, shift)
    dtype = raster_dtype(ds, bands)
    if dtype.kind not in "uif":
        dtype = np.dtype(np.float32)
    # The raw value that normalises to ~0 (the mean), for gaps and the area past the edge.
    fill = np.asarray(c.mean, np.float64) * c.value_scale
    if dtype.kind in "ui":
        info = np.iinfo(dtype)
        fill = np.clip(np.round(fill), info.min, info.max)
    # An 8-bit raster cannot exceed a scale of 255 or more: no need to look at its values.
    track = not (dtype == np.uint8 and c.value_scale >= 255)
    folded = normalising_runtime(runtime, c, dtype) if fold else None
    if folded is not None:
        return Feed(folded.session, dtype, fill.astype(dtype), scale, shift, folded=True, track_range=track,
                    value_scale=c.value_scale)
    return Feed(runtime.session, dtype, fill.astype(dtype), scale, shift, numpy_normalise=True, track_range=track,
                value_scale=c.value_scale)
