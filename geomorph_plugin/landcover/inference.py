"""The land-cover pipeline: read the model grid in column stripes, infer in batches, blend, stream to disk.

The tile columns are split into stripes (``stripes.plan_stripes``), each swept top to bottom;
three threads overlap the work so that onnxruntime is never waiting for I/O:

- a reader thread reads one tile-high window of the stripe (``reading``: directly, or from a
  GDAL warped VRT that resamples to the model's resolution), prepares it (``feed``) and cuts
  its tiles into same-sized batches that run on across tile rows (``tile_stream``);
- the calling thread only runs ``session.run`` on those batches (and checks cancellation);
- a writer thread (``patch_writer`` or ``segmentation_writer``, one per model kind) turns the
  outputs into probabilities (``activation``), finalises the rows no later tile can touch, and
  writes them (``output``).

Memory depends on the tile size, class count, batch size and the stripe budget, never on
the extent's width or height; the GDAL block cache is capped for the run.
"""

from __future__ import annotations

import queue
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import CancelledError, GeomorphError
from ..feedback import NullFeedback
from ..i18n import tr
from ..runlog import RunLog
from . import batch_budget, checks, output, small_segments, staging
from .activation import Activation
from .contract import MULTILABEL, PATCH, SEGMENTATION, ModelContract
from .feed import make_feed
from .grid import Grid, metres_per_unit, open_raster, plan_grid, raster_bounds, raster_dtype, resampling_for
from .layout import DEFAULT_OVERLAP_PERCENT, Layout
from .patch_writer import PatchWriter
from .reading import DirectWindow, decimated_copy, decimates, open_window, read_window, warped_vrt
from .segmentation_writer import SegmentationWriter
from .stripes import Stripe, plan_stripes
from .threads import END, QUEUE_ITEMS, Workers
from .tile_stream import TileStream, cut_tiles

# The pipeline's pieces used to live in this module: their old import paths keep working.
__all__ = ["Grid", "metres_per_unit", "open_raster", "plan_grid", "raster_bounds", "raster_dtype", "resampling_for",
           "DirectWindow", "decimated_copy", "read_window", "warped_vrt", "Stripe", "plan_stripes", "TileStream",
           "Request", "Result", "classify", "DEFAULT_OVERLAP_PERCENT", "Layout"]
_TileStream = TileStream
_Feedback = NullFeedback

GDAL_CACHE_BYTES = 64 * 1024 * 1024
# Width of a column stripe: its blending accumulator (or normalised strip) stays under this.
# 96 MB is a 12 288 px stripe for a 7-class segmenter (DeepGlobe) with 256 px tiles: a 16k
# raster takes 2 stripes and infers 1.4% of its tiles twice (guard columns); 64 MB took 3
# stripes and 2.8%. 128 MB (one 16k stripe, no guards) raised the peak RSS by 165 MB at 16k.
STRIPE_BYTES = 96 * 1024 * 1024
QUEUE_ITEM_BYTES = 8 * 1024 * 1024
# Share of the progress bar for averaging a much finer input onto the model grid first.
DECIMATE_PROGRESS = 40.0
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


class _Pipeline:
    def __init__(self, request: Request, contract: ModelContract, runtime, feedback):
        self.request = request
        self.contract = contract
        self.runtime = runtime
        self.feedback = feedback
        self.workers = Workers()
        self.runlog = RunLog(feedback)
        self.log: list[str] = self.runlog.lines
        self.info, self.warning = self.runlog.info, self.runlog.warn
        self.progress0 = 0.0  # progress already reported when the stream starts

    def debug(self, text: str) -> None:
        self.log.append(text)
        if hasattr(self.feedback, "pushDebugInfo"):
            self.feedback.pushDebugInfo(text)

    # -- main loop ------------------------------------------------------------------------------
    def run(self) -> Result:
        from osgeo import gdal

        req, c = self.request, self.contract
        fb = self.feedback
        ds = open_raster(req.source)
        self.bands = list(req.bands or range(1, c.channels + 1))
        checks.check_bands(ds, self.bands, c)
        grid, src_res = plan_grid(ds, c, req.extent)
        self.feed = make_feed(self.runtime, c, ds, self.bands, FOLD_NORMALISATION)
        if self.feed.folded:
            self.debug(tr("normalisation folded into the graph: onnxruntime is fed raw {type} windows").format(
                type=self.feed.dtype))
        elif not c.input_is_uint8:
            self.debug(tr("normalisation in numpy (the onnx package is not installed or the graph cannot take it)"))
        self.fixed_batch = c.fixed_batch
        self.batch_size = c.fixed_batch or self._budgeted_batch(max(1, int(req.batch_size)))
        if c.fixed_batch and c.fixed_batch != req.batch_size:
            self.debug(tr("the model has a fixed batch size of {n}: using it").format(n=c.fixed_batch))

        resampling = resampling_for(src_res, grid.res)
        unit_m = c.resolution_m / grid.res
        if resampling == "near":
            self.info(tr("The input is already at the model's resolution ({res:g} m): no resampling.").format(
                res=c.resolution_m))
        else:
            self.info(tr("Resampling the input from {src:g} m to the model's {res:g} m per pixel ({alg}).").format(
                src=src_res * unit_m, res=c.resolution_m, alg=resampling))

        if c.seg_thresh is not None and c.model_type == SEGMENTATION:
            self.info(tr("Pixels whose most likely class is below the model's probability threshold (seg_thresh "
                         "{t:g}) get class 0 ({name}), as in Deepness.").format(t=c.seg_thresh, name=c.class_names[0]))
        lay, line = Layout.plan(grid, c, req.overlap_percent)
        self.info(line)
        warning = checks.check_scale(c, grid.width * grid.res * unit_m, grid.height * grid.res * unit_m,
                                     (lay.out_w, lay.out_h), lay.cell * unit_m)
        if warning:
            self.warning(warning)
        # Per pixel column of a stripe: the blending accumulator (classes + weight) or the
        # normalised strip, one tile high, in float32.
        per_column = lay.size * 4 * max(c.num_classes + 1, c.channels)
        max_px = req.max_stripe_px or max(STRIPE_BYTES // per_column, 2 * lay.size)
        stripes = plan_stripes(lay.xs, lay.size, lay.read_w, max_px)
        guards = sum(s.first - s.start for s in stripes)
        self.debug(tr("grid {w} x {h} cells of {cell:g} CRS units; {rows} tile rows; {n} column stripes of <= {px} "
                      "px ({guards} guard tile columns inferred twice)").format(
                          w=lay.out_w, h=lay.out_h, cell=lay.cell, rows=len(lay.rows), n=len(stripes), px=max_px,
                          guards=guards))

        staging.check_distinct(ds.GetFileList() or [req.source], [
            (tr("Land cover classes"), req.output), (tr("Class probabilities and confidence"), req.probabilities),
            (tr("Presence bands"), output.presence_path(Path(req.output)) if c.model_type == MULTILABEL else None),
            (tr("Area per class report"), req.report)])
        old_cache = gdal.GetCacheMax()
        gdal.SetCacheMax(min(old_cache, GDAL_CACHE_BYTES))
        writer = output.ClassRasterWriter(req.output, req.probabilities, lay.out_w, lay.out_h,
                                          grid.geotransform(lay.cell), grid.wkt, c)
        cell_m = lay.cell * unit_m
        t0 = time.perf_counter()
        folder = tempfile.TemporaryDirectory(prefix="geomorph-landcover-")
        win = None
        try:
            win = self._open_window(ds, grid, lay, resampling, grid.res / src_res, Path(folder.name))
            self._stream(win, writer, stripes, lay)
            if fb.isCanceled():
                raise CancelledError(tr("Cancelled: no output was written."))
            if c.seg_small_segment and writer.filter_small_segments(c.seg_small_segment):
                side = small_segments.window(c.seg_small_segment)
                self.info(tr("Removed small segments as the model asks (seg_small_segment {n}): each pixel takes the "
                             "median class of its {s} x {s} px window.").format(n=c.seg_small_segment, s=side))
            warning = checks.value_range_warning(self.feed, c)
            if warning:
                self.warning(warning)
            checks.check_not_empty(writer.counts, c)
            writer.finish()
            if req.report is not None:
                writer.stage_report(req.report, cell_m * cell_m)
            writer.commit()
            seconds = time.perf_counter() - t0
        except BaseException:
            writer.discard()
            raise
        finally:
            gdal.SetCacheMax(old_cache)
            win = None  # closes a decimated copy before its folder goes (Windows keeps open files)
            folder.cleanup()
        return Result(output=req.output, counts=writer.counts, cell_area_m2=cell_m * cell_m,
                      provider=getattr(self.runtime, "provider", ""), seconds=seconds,
                      pixels=grid.width * grid.height, probabilities=req.probabilities, presence=writer.presence,
                      report=req.report, log=self.log)

    def _budgeted_batch(self, asked: int) -> int:
        """The batch size asked for, lowered (and said so) when its batches would not fit in the memory budget."""
        plan = batch_budget.plan_batch(asked, self.contract, getattr(self.runtime, "path", None),
                                       getattr(self.runtime, "on_gpu", False))
        if plan.per_tile_bytes > batch_budget.BATCH_MEMORY_BYTES:
            self.warning(tr("Each {t} px tile of this model needs about {mb:.0f} MB, more than the {budget:.0f} MB "
                            "the batches are given: the run goes one tile at a time and may still take more than "
                            "1.5 GB of memory.").format(t=self.contract.patch_size, mb=plan.per_tile_bytes / 2 ** 20,
                                                        budget=batch_budget.BATCH_MEMORY_BYTES / 2 ** 20))
        elif plan.batch < asked:
            self.info(tr("Batch size lowered from {asked} to {n}: each {t} px tile needs about {mb:.0f} MB (the "
                         "network's working memory and its outputs), and the batches are kept under {budget:.0f} MB "
                         "so that the run stays under 1.5 GB of memory.").format(
                             asked=asked, n=plan.batch, t=self.contract.patch_size, mb=plan.per_tile_bytes / 2 ** 20,
                             budget=batch_budget.BATCH_MEMORY_BYTES / 2 ** 20))
        if plan.estimated_from == "fallback":
            self.debug(tr("memory per tile estimated from the tile size only (the onnx package is not installed, or "
                          "it cannot infer the shapes in this graph)"))
        return plan.batch

    def _open_window(self, ds, grid: Grid, lay: Layout, resampling: str, ratio: float, folder: Path):
        fb = self.feedback
        if decimates(resampling, ratio):
            self.info(tr("The model's pixels are {ratio:.0f} times the input's: averaging the input onto the model "
                         "grid in a temporary file first, in bounded memory (GDAL uses the raster's overviews when it "
                         "has them).").format(ratio=ratio))
            self.progress0 = DECIMATE_PROGRESS

        def progress(complete, message, data):
            if fb.isCanceled():
                return 0
            fb.setProgress(DECIMATE_PROGRESS * complete)
            return 1

        try:
            win, how = open_window(ds, grid, lay.read_w, lay.read_h, resampling, ratio, folder, progress)
        except RuntimeError:
            if fb.isCanceled():  # GDAL reports its callback's stop as an error
                raise CancelledError(tr("Cancelled: no output was written.")) from None
            raise
        if fb.isCanceled():
            raise CancelledError(tr("Cancelled: no output was written."))
        if how == "direct":
            self.debug(tr("the extent is aligned to the raster's pixels: reading it directly, no warping"))
        return win

    def _stream(self, win, writer, stripes: list[Stripe], lay: Layout) -> None:
        """Reader, net and writer over every strip, in up to three threads."""
        workers = self.workers
        activation = Activation(self.contract, self.debug)
        if self.contract.is_patch_model:
            sink = PatchWriter(writer, activation, stripes, len(lay.rows))
        else:
            sink = SegmentationWriter(writer, activation, stripes, lay.rows, lay.xs, lay.size, lay.overlap, lay.out_h)
        total = len(stripes) * len(lay.rows)
        items = self._read_items(win, stripes, lay)
        if READER_THREAD:
            items = workers.ahead(items, "geomorph-reader")
        inferred = self._infer_items(items, total)
        if WRITER_THREAD:
            out_q: queue.Queue = queue.Queue(maxsize=QUEUE_ITEMS)
            blender = workers.start(sink.run, "geomorph-writer", workers.items(out_q))
        try:
            if WRITER_THREAD:
                for item in inferred:
                    if not workers.put(out_q, item):
                        break
            else:
                sink.run(inferred)
        except BaseException:
            workers.stop.set()
            raise
        finally:
            if WRITER_THREAD:
                # With stop set this returns at once and the writer sees the flag instead.
                workers.put(out_q, END)
                blender.join()
            workers.join()
        if workers.errors:
            raise workers.errors[0]

    def _read_items(self, win, stripes: list[Stripe], lay: Layout):
        """Yields ("tiles", [(labels, batch), ...]) and, once all its tiles are in batches, ("row", q, valid)."""
        c, feed, size = self.contract, self.feed, lay.size
        stream = TileStream(self.batch_size, self.fixed_batch, (c.channels, size, size), feed.dtype,
                            c.input_layout, feed.fill, feed.normalise if feed.numpy_normalise else None)
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
            for y in lay.rows:
                if self.workers.stop.is_set():
                    return
                h = min(size, lay.read_h - y)
                strip, valid = feed.prepare(*read_window(win, self.bands, stripe.x0, y, stripe.x1 - stripe.x0, h))
                tiles, metas = cut_tiles(strip, valid, stripe, q, lay.xs, size, c.is_patch_model)
                stream.add(tiles, metas)
                markers.append((q, stream.cut, valid))
                yield from hand_on()
                q += 1
        stream.flush()
        yield from hand_on()

    def _infer_items(self, items, total: int):
        """Runs the net on each batch; passes strip markers on and reports progress with them."""
        session = self.feed.session
        name = self.contract.input_name
        fb = self.feedback
        stop = self.workers.stop
        for item in items:
            if fb.isCanceled() or self.workers.errors:
                stop.set()
                return
            if item[0] == "tiles":
                outs = []
                for metas, arr in item[1]:
                    if fb.isCanceled():
                        stop.set()
                        return
                    outs.append((metas, session.run(None, {name: arr})[0][:len(metas)]))
                yield "tiles", outs
            else:
                yield item
                fb.setProgress(self.progress0 + (100.0 - self.progress0) * (item[1] + 1) / total)


def classify(request: Request, contract: ModelContract, runtime, feedback=None) -> Result:
    """Classify ``request.source`` with an opened model; writes the COG (and probabilities, report)."""
    feedback = feedback or NullFeedback()
    if contract.model_type not in (PATCH, MULTILABEL, SEGMENTATION):
        raise GeomorphError(f"unknown model type {contract.model_type}")
    return _Pipeline(request, contract, runtime, feedback).run()
