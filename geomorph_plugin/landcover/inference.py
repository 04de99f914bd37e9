"""The land-cover pipeline: read the model grid in column stripes, infer in batches, blend, stream to disk.

The tile columns are split into stripes (``plan_stripes``), each swept top to bottom; three
threads overlap the work so that onnxruntime is never waiting for I/O:

- a reader thread reads one tile-high window of the stripe (directly, or from a GDAL warped
  VRT that resamples to the model's resolution), normalises it and cuts its tiles into
  same-sized batches that run on across tile rows;
- the calling thread only runs ``session.run`` on those batches (and checks cancellation);
- a writer thread blends the results into a rolling buffer one tile high and one stripe
  wide, finalises the rows no later tile can touch, and writes them to a tiled GeoTIFF.

Memory depends on the tile size, class count, batch size and the stripe budget, never on
the extent's width or height; the GDAL block cache is capped for the run.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import CancelledError, GeomorphError
from ..i18n import tr
from ..rasters import DirectWindow, Grid, open_raster, raster_bounds, raster_dtype, read_window, warped_vrt
from . import output, tiling
from .contract import MULTILABEL, PATCH, SEGMENTATION, ModelContract

_END = object()
DEFAULT_OVERLAP_PERCENT = 15.0
GDAL_CACHE_BYTES = 64 * 1024 * 1024
# Width of a column stripe: its blending accumulator (or normalised strip) stays under this.
# 96 MB is a 12 288 px stripe for a 7-class segmenter (DeepGlobe) with 256 px tiles: a 16k
# raster takes 2 stripes and infers 1.4% of its tiles twice (guard columns); 64 MB took 3
# stripes and 2.8%. 128 MB (one 16k stripe, no guards) raised the peak RSS by 165 MB at 16k.
STRIPE_BYTES = 96 * 1024 * 1024
QUEUE_ITEMS = 3
QUEUE_ITEM_BYTES = 8 * 1024 * 1024
# Prepend the normalisation to the graph when the onnx package is there (tests and the
# benchmark switch it off to compare with the numpy fallback).
FOLD_NORMALISATION = True
READER_THREAD = True
WRITER_THREAD = True


@dataclass
class Request:
    source: str
    output: Path
    bands: list[int] | None = None  # 1-based raster bands feeding the model's channels, in order
    extent: tuple[float, float, float, float] | None = None  # xmin, ymin, xmax, ymax in the raster CRS
    batch_size: int = 4
    overlap_percent: float | None = None
    probabilities: Path | None = None
    report: Path | None = None
    max_stripe_px: int | None = None  # column stripe width; None: from STRIPE_BYTES


@dataclass
class Result:
    output: Path
    counts: dict[int, int]
    cell_area_m2: float
    provider: str = ""
    seconds: float = 0.0
    pixels: int = 0  # model-resolution pixels classified
    probabilities: Path | None = None
    presence: Path | None = None  # multi-label models: one 0/1 band per class
    report: Path | None = None
    log: list[str] = field(default_factory=list)


class _Feedback:
    """Stands in when no QgsProcessingFeedback is given (scripts, benchmarks)."""

    def isCanceled(self) -> bool:  # noqa: N802 - QGIS API
        return False

    def setProgress(self, value: float) -> None:  # noqa: N802 - QGIS API
        pass

    def pushInfo(self, text: str) -> None:  # noqa: N802 - QGIS API
        pass

    def pushWarning(self, text: str) -> None:  # noqa: N802 - QGIS API
        pass


def _info(feedback, text: str, log: list[str]) -> None:
    log.append(text)
    feedback.pushInfo(text)


def _debug(feedback, text: str, log: list[str]) -> None:
    log.append(text)
    if hasattr(feedback, "pushDebugInfo"):
        feedback.pushDebugInfo(text)


# --- geometry -----------------------------------------------------------------------------------


def metres_per_unit(ds) -> float:
    """Check the CRS is projected and return its linear unit in metres."""
    srs = ds.GetSpatialRef()
    if srs is None or not ds.GetProjection():
        raise GeomorphError(tr(
            "The input raster has no coordinate reference system, so its ground resolution is unknown. Assign "
            "its CRS first (Raster > Projections > Assign Projection, or gdal_translate -a_srs)."))
    if srs.IsGeographic():
        raise GeomorphError(tr(
            "The input raster is in a geographic CRS ({name}, degrees), so its pixels have no fixed size in metres "
            "and the model's resolution cannot be matched. Reproject it to a projected CRS such as the local UTM "
            "zone first, e.g. with Raster > Projections > Warp (Reproject) or gdalwarp -t_srs EPSG:326xx.").format(
                name=srs.GetName()))
    return float(srs.GetLinearUnits() or 1.0)


def plan_grid(ds, contract: ModelContract, extent=None) -> tuple[Grid, float]:
    """The model-resolution grid over the extent (clipped to the raster); returns it and the source pixel size."""
    unit = metres_per_unit(ds)
    rx0, ry0, rx1, ry1 = raster_bounds(ds)
    if extent is None:
        x0, y0, x1, y1 = rx0, ry0, rx1, ry1
    else:
        ex0, ey0, ex1, ey1 = extent
        x0, y0, x1, y1 = max(ex0, rx0), max(ey0, ry0), min(ex1, rx1), min(ey1, ry1)
        if x1 <= x0 or y1 <= y0:
            raise GeomorphError(tr(
                "The extent ({ex0:.2f}, {ey0:.2f}) - ({ex1:.2f}, {ey1:.2f}) does not overlap the raster, which covers "
                "({rx0:.2f}, {ry0:.2f}) - ({rx1:.2f}, {ry1:.2f}) in its CRS. Pick an extent over the raster, or leave "
                "EXTENT empty to classify the whole layer.").format(
                    ex0=ex0, ey0=ey0, ex1=ex1, ey1=ey1, rx0=rx0, ry0=ry0, rx1=rx1, ry1=ry1))
    res = contract.resolution_m / unit
    width = max(1, int(round((x1 - x0) / res)))
    height = max(1, int(round((y1 - y0) / res)))
    gt = ds.GetGeoTransform()
    src_res = math.sqrt(abs(gt[1] * gt[5] - gt[2] * gt[4]))
    return Grid(x0, y1, res, width, height, ds.GetProjection()), src_res


def resampling_for(src_res: float, res: float) -> str:
    ratio = res / src_res
    if abs(ratio - 1.0) < 1e-6:
        return "near"
    # Averaging keeps what a coarse sensor would have seen (a 10 m Sentinel-2 pixel integrates
    # its footprint); bilinear avoids blocky artefacts when the model is finer than the data.
    return "average" if ratio > 1.0 else "bilinear"


@dataclass
class Stripe:
    """A run of tile columns processed top to bottom before the next stripe starts.

    ``first`` is the first tile column the stripe owns; the guard columns ``[start, first)``
    are the earlier tiles that overlap it, inferred again so that the stripe's own pixels get
    exactly the contributions, in the same order, that one full-width pass gives them; no
    column of results has to be kept from one stripe to the next. Output columns
    ``[out0, out1)`` are final once the stripe has passed.
    """

    start: int
    first: int
    end: int  # exclusive tile column index
    x0: int  # first pixel column read (model grid)
    x1: int  # exclusive
    out0: int
    out1: int


def plan_stripes(xs: list[int], size: int, width: int, max_px: int) -> list[Stripe]:
    """Split tile columns into evenly sized stripes at most ``max_px`` wide, guard columns included.

    Memory then depends on the tile size, class count and this budget, never on the raster's
    width or height.
    """
    n = len(xs)
    span = (xs[-1] + size) - xs[0]
    count = max(1, -(-span // max(max_px, 1)))
    while True:
        bounds = [round(i * n / count) for i in range(count + 1)]
        stripes = []
        for a, b in zip(bounds, bounds[1:]):
            if b <= a:
                continue
            start = a
            while start > 0 and xs[start - 1] + size > xs[a]:
                start -= 1
            stripes.append(Stripe(start, a, b, xs[start], min(xs[b - 1] + size, width),
                                  0 if a == 0 else xs[a], width if b == n else xs[b]))
        if max(s.x1 - s.x0 for s in stripes) <= max_px or count >= n:
            return stripes
        count += 1


class _TileStream:
    """Cuts tiles into batches of one size that run on across tile rows and stripes.

    Same-shaped batches keep onnxruntime's memory arena at one size: a short batch at the end
    of every tile row, followed by a full one, makes it plan and keep a second set of buffers
    (measured: 540 MB -> 880 MB for a small U-Net at batch 8), and runs fewer tiles per call.
    """

    def __init__(self, batch: int, fixed: int | None, shape: tuple[int, ...], dtype, layout: str,
                 fill: np.ndarray | None = None, normalise=None):
        self.batch, self.fixed, self.shape, self.dtype, self.layout = batch, fixed, shape, dtype, layout
        # Per channel value for the part of a tile past the raster's edge, and the numpy
        # normalisation when onnxruntime does not do it (None: the batch is fed as it is).
        self.fill = np.zeros(shape[0], dtype) if fill is None else fill
        self.normalise = normalise
        self.buf = None
        self.labels: list = []
        self.ready: list = []
        self.cut = 0  # tiles cut so far
        self.emitted = 0  # tiles inside batches moved to ``ready``

    def add(self, tiles, labels: list) -> None:
        """``tiles``: an (n, C, T, T) array, or a list of (C, h, w) views padded with zeros here."""
        i = 0
        while i < len(labels):
            if self.buf is None:
                self.buf = np.empty((self.batch, *self.shape), dtype=self.dtype)
            k = len(self.labels)
            n = min(self.batch - k, len(labels) - i)
            if isinstance(tiles, np.ndarray):
                self.buf[k:k + n] = tiles[i:i + n]
            else:
                for m in range(n):
                    tile = tiles[i + m]
                    dst = self.buf[k + m]
                    if tile.shape != dst.shape:
                        dst[:] = self.fill[:, None, None]
                    dst[:, :tile.shape[1], :tile.shape[2]] = tile
            self.labels.extend(labels[i:i + n])
            i += n
            self.cut += n
            if len(self.labels) == self.batch:
                self.flush()

    def flush(self) -> None:
        if not self.labels:
            return
        arr = self.buf[:len(self.labels)]
        if self.fixed and len(self.labels) < self.fixed:
            arr = np.concatenate([arr, np.zeros((self.fixed - len(self.labels), *self.shape), self.dtype)])
        if self.normalise is not None:
            arr = self.normalise(arr)
        if self.layout == "NHWC":
            arr = np.ascontiguousarray(arr.transpose(0, 2, 3, 1))
        self.ready.append((self.labels, arr))
        self.emitted += len(self.labels)
        self.buf, self.labels = None, []


# --- the pipeline -------------------------------------------------------------------------------


class _Pipeline:
    def __init__(self, request: Request, contract: ModelContract, runtime, feedback):
        self.request = request
        self.contract = contract
        self.runtime = runtime
        self.feedback = feedback
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []
        self.log: list[str] = []

    # -- reader ---------------------------------------------------------------------------------
    def _normalise(self, raw: np.ndarray) -> np.ndarray:
        """(N, C, H, W) raw values -> normalised float32: the fallback when the graph cannot do it."""
        x = raw.astype(np.float32)
        x *= self.scale[:, None, None]
        x -= self.shift[:, None, None]
        return x

    def _read_strip(self, win, x: int, y: int, w: int, h: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Raw channels (C, h, w) in the feed type and validity (h, w), None when all valid, of a window.

        Invalid pixels get the per-channel value nearest the mean, which normalises to ~0: what
        the net finds least surprising in a gap.
        """
        data, valid = read_window(win, self.bands, x, y, w, h)
        data = data.astype(self.feed_dtype, copy=False)
        if valid is not None:
            if valid.all():
                valid = None
            else:
                data[:, ~valid] = self.fill[:, None]
        return data, valid

    def _cut(self, strip, valid, stripe: Stripe, q: int, xs: list[int], size: int):
        """The tiles of one strip worth inferring, and their (strip index, tile column) labels."""
        if self.contract.is_patch_model:
            n = stripe.end - stripe.first
            c = strip.shape[0]
            # (C, P, n·P) -> (n, C, P, P) without a Python loop over patches.
            tiles = strip.reshape(c, size, n, size).transpose(2, 0, 1, 3)
            cols = np.arange(stripe.first, stripe.end)
            if valid is not None:
                # A patch with less than half its pixels valid is nodata.
                keep = valid.reshape(size, n, size).sum(axis=(0, 2)) * 2 >= size * size
                tiles, cols = tiles[keep], cols[keep]
            return tiles, [(q, int(j)) for j in cols]
        tiles, metas = [], []
        for j in range(stripe.start, stripe.end):
            x = xs[j] - stripe.x0
            if valid is None or valid[:, x:x + size].any():
                tiles.append(strip[:, :, x:x + size])
                metas.append((q, j))
        return tiles, metas

    def _read_items(self, win, stripes: list[Stripe], rows: list[int], xs: list[int], size: int, height: int):
        """Yields ("tiles", [(labels, batch), ...]) and, once all its tiles are in batches, ("row", q, valid)."""
        c = self.contract
        stream = _TileStream(self.batch_size, self.fixed_batch, (c.channels, size, size), self.feed_dtype,
                             c.input_layout, self.fill, None if self.folded or c.input_is_uint8 else self._normalise)
        markers: list = []  # strips whose tiles are cut but not all handed on yet

        # Items of a few MB: what waits in a queue depends on the batch, not on the stripe.
        itemsize = np.dtype(np.float32 if stream.normalise else stream.dtype).itemsize * c.channels * size * size * \
            self.batch_size
        per_item = max(1, QUEUE_ITEM_BYTES // max(itemsize, 1))

        def hand_on():
            while stream.ready:
                chunk, stream.ready = stream.ready[:per_item], stream.ready[per_item:]
                yield "tiles", chunk
            while markers and markers[0][1] <= stream.emitted:
                q, _, valid = markers.pop(0)
                yield "row", q, valid

        q = 0
        for stripe in stripes:
            for y in rows:
                if self.stop.is_set():
                    return
                h = min(size, height - y)
                strip, valid = self._read_strip(win, stripe.x0, y, stripe.x1 - stripe.x0, h)
                tiles, metas = self._cut(strip, valid, stripe, q, xs, size)
                stream.add(tiles, metas)
                markers.append((q, stream.cut, valid))
                yield from hand_on()
                q += 1
        stream.flush()
        yield from hand_on()

    def _in_thread(self, items, name: str):
        """Runs the generator ``items`` in a thread, a bounded queue ahead of its consumer."""
        q: queue.Queue = queue.Queue(maxsize=QUEUE_ITEMS)

        def pump() -> None:
            try:
                for item in items:
                    if not self._put(q, item):
                        return
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
                self.errors.append(exc)
                self.stop.set()
            finally:
                self._put(q, _END)

        thread = threading.Thread(target=pump, name=name, daemon=True)
        self.threads.append(thread)
        thread.start()
        return self._items(q)

    def _put(self, q, item) -> bool:
        while not self.stop.is_set():
            try:
                q.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _prepare_input(self, ds) -> None:
        """Choose what the net is fed: the raw window, normalised by the graph itself when possible."""
        from .runtime import normalisation_constants, normalising_runtime

        c = self.contract
        self.session = self.runtime.session
        self.folded = False
        self.scale, self.shift = normalisation_constants(c)
        if c.input_is_uint8:
            self.feed_dtype = np.dtype(np.uint8)
            self.fill = np.zeros(c.channels, np.uint8)
            return
        self.feed_dtype = raster_dtype(ds, self.bands)
        if self.feed_dtype.kind not in "uif":
            self.feed_dtype = np.dtype(np.float32)
        # The raw value that normalises to ~0 (the mean), for gaps and the area past the edge.
        fill = np.asarray(c.mean, np.float64) * c.value_scale
        if self.feed_dtype.kind in "ui":
            info = np.iinfo(self.feed_dtype)
            fill = np.clip(np.round(fill), info.min, info.max)
        self.fill = fill.astype(self.feed_dtype)
        folded = normalising_runtime(self.runtime, c, self.feed_dtype) if FOLD_NORMALISATION else None
        if folded is not None:
            self.session, self.folded = folded.session, True
            _debug(self.feedback, f"normalisation folded into the graph: onnxruntime is fed raw {self.feed_dtype} "
                   "windows", self.log)
        else:
            _debug(self.feedback, "normalisation in numpy (the onnx package is not installed or the graph cannot "
                   "take it)", self.log)

    # -- activation -----------------------------------------------------------------------------
    def _probabilities(self, out: np.ndarray, axis: int) -> np.ndarray:
        c = self.contract
        out = out.astype(np.float32, copy=False)
        if self.activation is None:
            if c.model_type == MULTILABEL:
                self.activation = "sigmoid" if out.min() >= 0 and out.max() <= 1 else "none"
            else:
                sums = out.sum(axis=axis)
                self.activation = "softmax" if out.min() >= 0 and np.allclose(sums, 1, atol=1e-3) else "none"
            _debug(self.feedback, "output_activation not in the model: its output looks like "
                   f"{'probabilities' if self.activation != 'none' else 'logits'}", self.log)
        if self.activation != "none":
            return out
        if c.model_type == MULTILABEL:
            return 1.0 / (1.0 + np.exp(-out))
        out = out - out.max(axis=axis, keepdims=True)
        np.exp(out, out=out)
        out /= out.sum(axis=axis, keepdims=True)
        return out

    # -- main loop ------------------------------------------------------------------------------
    def run(self) -> Result:
        from osgeo import gdal

        req, c = self.request, self.contract
        fb = self.feedback
        self.activation = c.output_activation
        ds = open_raster(req.source)
        self.bands = list(req.bands or range(1, c.channels + 1))
        if len(self.bands) != c.channels:
            raise GeomorphError(tr(
                "The model takes {c} bands ({names}) but {n} bands were chosen. Choose exactly {c} bands in BANDS, in "
                "the model's order.").format(c=c.channels, names=", ".join(c.input_bands or []) or "?",
                                             n=len(self.bands)))
        if ds.RasterCount < c.channels or max(self.bands) > ds.RasterCount or min(self.bands) < 1:
            raise GeomorphError(tr(
                "The model needs {c} input bands ({names}) but the raster has {n}. Use a raster with those bands (e.g. "
                "build a virtual raster that stacks them) or a model made for this imagery.").format(
                    c=c.channels, names=", ".join(c.input_bands or []) or "?", n=ds.RasterCount))
        if c.input_is_uint8:
            dtype = ds.GetRasterBand(self.bands[0]).DataType
            if dtype != gdal.GDT_Byte:
                raise GeomorphError(tr(
                    "The model takes 8-bit input (uint8 tensor) but the raster is {type}. Convert the raster to "
                    "Byte first (gdal_translate -ot Byte -scale), or export the model with a float32 input and "
                    "value_scale.").format(type=gdal.GetDataTypeName(dtype)))
        grid, src_res = plan_grid(ds, c, req.extent)
        self._prepare_input(ds)
        self.fixed_batch = c.fixed_batch
        self.batch_size = c.fixed_batch or max(1, int(req.batch_size))
        if c.fixed_batch and c.fixed_batch != req.batch_size:
            _debug(fb, f"the model has a fixed batch size of {c.fixed_batch}: using it", self.log)

        size = c.patch_size
        resampling = resampling_for(src_res, grid.res)
        unit_m = c.resolution_m / grid.res
        if resampling == "near":
            _info(fb, tr("The input is already at the model's resolution ({res:g} m): no resampling.").format(
                res=c.resolution_m), self.log)
        else:
            _info(fb, tr("Resampling the input from {src:g} m to the model's {res:g} m per pixel ({alg}).").format(
                src=src_res * unit_m, res=c.resolution_m, alg=resampling), self.log)

        if c.is_patch_model:
            cols, nrows = tiling.patch_grid(grid.width, size), tiling.patch_grid(grid.height, size)
            read_w, read_h = cols * size, nrows * size
            xs = [i * size for i in range(cols)]
            rows = [i * size for i in range(nrows)]
            out_w, out_h, cell = cols, nrows, grid.res * size
            _info(fb, tr("Patch classifier: {cols} x {rows} patches of {p} px ({m:g} m); one output cell per "
                         "patch.").format(cols=cols, rows=nrows, p=size, m=size * c.resolution_m), self.log)
            overlap = 0
        else:
            pct = req.overlap_percent if req.overlap_percent is not None else (
                c.tiles_overlap if c.tiles_overlap is not None else DEFAULT_OVERLAP_PERCENT)
            overlap = int(round(size * max(0.0, min(50.0, pct)) / 100.0))
            read_w, read_h = grid.width, grid.height
            xs = tiling.tile_starts(grid.width, size, overlap)
            rows = tiling.tile_starts(grid.height, size, overlap)
            out_w, out_h, cell = grid.width, grid.height, grid.res
            _info(fb, tr("Segmentation: {n} tiles of {p} px with {o} px overlap, blended with weights.").format(
                n=len(xs) * len(rows), p=size, o=overlap), self.log)
        # Per pixel column of a stripe: the blending accumulator (classes + weight) or the
        # normalised strip, one tile high, in float32.
        per_column = size * 4 * max(c.num_classes + 1, c.channels)
        max_px = req.max_stripe_px or max(STRIPE_BYTES // per_column, 2 * size)
        stripes = plan_stripes(xs, size, read_w, max_px)
        guards = sum(s.first - s.start for s in stripes)
        _debug(fb, f"grid {out_w} x {out_h} cells of {cell:g} CRS units; {len(rows)} tile rows; "
               f"{len(stripes)} column stripes of <= {max_px} px ({guards} guard tile columns inferred twice)",
               self.log)

        old_cache = gdal.GetCacheMax()
        gdal.SetCacheMax(min(old_cache, GDAL_CACHE_BYTES))
        writer = output.ClassRasterWriter(req.output, req.probabilities, out_w, out_h, grid.geotransform(cell),
                                          grid.wkt, c)
        t0 = time.perf_counter()
        try:
            win = DirectWindow.aligned(ds, grid) if resampling == "near" else None
            if win is None:
                win = warped_vrt(ds, grid, read_w, read_h, resampling)
            else:
                _debug(fb, "the extent is aligned to the raster's pixels: reading it directly, no warping", self.log)
            total = len(stripes) * len(rows)
            items = self._read_items(win, stripes, rows, xs, size, read_h)
            if READER_THREAD:
                items = self._in_thread(items, "geomorph-reader")
            inferred = self._infer_items(items, total)
            if WRITER_THREAD:
                out_q: queue.Queue = queue.Queue(maxsize=QUEUE_ITEMS)
                blender = threading.Thread(target=self._writer, args=(
                    writer, stripes, rows, xs, size, overlap, out_h, self._items(out_q)), name="geomorph-writer",
                    daemon=True)
                self.threads.append(blender)
                blender.start()
            try:
                if WRITER_THREAD:
                    for item in inferred:
                        if not self._put(out_q, item):
                            break
                else:
                    self._write(writer, stripes, rows, xs, size, overlap, out_h, inferred)
            except BaseException:
                self.stop.set()
                raise
            finally:
                if WRITER_THREAD:
                    # With stop set this returns at once and the writer sees the flag instead.
                    self._put(out_q, _END)
                    blender.join()
                # Then a reader thread still waiting on its queue (an early end) sees the flag.
                self.stop.set()
                for thread in self.threads:
                    thread.join()
            if self.errors:
                raise self.errors[0]
            if fb.isCanceled():
                raise CancelledError(tr("Cancelled: no output was written."))
            writer.finish()
            seconds = time.perf_counter() - t0
        except BaseException:
            writer.discard()
            raise
        finally:
            gdal.SetCacheMax(old_cache)
        counts = writer.counts
        cell_m = cell * unit_m
        return Result(output=req.output, counts=counts, cell_area_m2=cell_m * cell_m,
                      provider=getattr(self.runtime, "provider", ""), seconds=seconds,
                      pixels=grid.width * grid.height, probabilities=req.probabilities, presence=writer.presence,
                      log=self.log)

    def _infer_items(self, items, total: int):
        """Runs the net on each batch; passes strip markers on and reports progress with them."""
        session = self.session
        name = self.contract.input_name
        fb = self.feedback
        for item in items:
            if fb.isCanceled() or self.errors:
                self.stop.set()
                return
            if item[0] == "tiles":
                outs = []
                for metas, arr in item[1]:
                    if fb.isCanceled():
                        self.stop.set()
                        return
                    outs.append((metas, session.run(None, {name: arr})[0][:len(metas)]))
                yield "tiles", outs
            else:
                yield item
                fb.setProgress(100.0 * (item[1] + 1) / total)

    # -- writer ---------------------------------------------------------------------------------
    def _write(self, writer, stripes, rows, xs, size, overlap, out_h, items) -> None:
        if self.contract.is_patch_model:
            self._write_patches(writer, stripes, len(rows), items)
        else:
            self._write_segmentation(writer, stripes, rows, xs, size, overlap, out_h, items)

    def _writer(self, *args) -> None:
        try:
            self._write(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            self.errors.append(exc)
            self.stop.set()

    def _items(self, out_q):
        while True:
            try:
                item = out_q.get(timeout=0.2)
            except queue.Empty:
                if self.stop.is_set():
                    return
                continue
            if item is _END or self.stop.is_set():
                return
            yield item

    def _write_patches(self, writer, stripes: list[Stripe], nrows: int, items) -> None:
        k = self.contract.num_classes
        widest = max(s.end - s.first for s in stripes)
        scores = np.zeros((widest, k), dtype=np.float32)
        valid = np.zeros(widest, dtype=bool)
        thresholds = self.contract.thresholds if self.contract.model_type == MULTILABEL else None
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
                    probs = self._probabilities(out.reshape(len(metas), -1), axis=1)
                    qs, js = (np.asarray(a) for a in zip(*metas))
                    place(qs, js, probs)
                continue
            stripe = stripes[item[1] // nrows]
            n = stripe.end - stripe.first
            writer.write_rows(item[1] % nrows, scores[:n].T[:, None, :], valid[None, :n], x=stripe.first,
                              multilabel_thresholds=thresholds)
            scores[:] = 0
            valid[:] = False
            current += 1
            pending, later[:] = list(later), []
            for entry in pending:
                place(*entry)

    def _write_segmentation(self, writer, stripes, rows, xs, size, overlap, out_h, items) -> None:
        k = self.contract.num_classes
        nrows = len(rows)
        weights = tiling.blend_weights(size, overlap)
        channels_last = self.contract.output_layout == "NHWC"
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
                    probs = self._probabilities(out, axis=1)
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
            writer.write_rows(y, acc[:, :final, a:b], ok, x=stripe.out0, norm=norm)
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


def classify(request: Request, contract: ModelContract, runtime, feedback=None) -> Result:
    """Classify ``request.source`` with an opened model; writes the COG (and probabilities, report)."""
    feedback = feedback or _Feedback()
    if contract.model_type not in (PATCH, MULTILABEL, SEGMENTATION):
        raise GeomorphError(f"unknown model type {contract.model_type}")
    result = _Pipeline(request, contract, runtime, feedback).run()
    if request.report is not None:
        output.write_report(request.report, result.counts, result.cell_area_m2, contract)
        result.report = request.report
    return result
