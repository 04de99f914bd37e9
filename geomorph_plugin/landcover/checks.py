"""What the pipeline checks before and after classifying: the bands, the scale of the extent against
what the model looks at, the values against the model's value scale, and an empty result."""

from __future__ import annotations

from ..errors import GeomorphError
from ..i18n import tr
from .contract import ModelContract
from .feed import Feed

# Fewer output cells than this earn a warning: the map says little about the area.
FEW_CELLS = 10
# Share of the raster's values above the model's value scale that earns a warning: a few bright
# pixels (specular water, clouds) above a Sentinel-2 model's 10 000 are normal.
VALUES_ABOVE_SCALE = 0.01


def check_bands(ds, bands: list[int], c: ModelContract) -> None:
    from osgeo import gdal

    if len(bands) != c.channels:
        raise GeomorphError(tr(
            "The model takes {c} bands ({names}) but {n} bands were chosen. Choose exactly {c} bands in BANDS, in "
            "the model's order.").format(c=c.channels, names=", ".join(c.input_bands or []) or "?", n=len(bands)))
    if ds.RasterCount < c.channels or max(bands) > ds.RasterCount or min(bands) < 1:
        raise GeomorphError(tr(
            "The model needs {c} input bands ({names}) but the raster has {n}. Use a raster with those bands (e.g. "
            "build a virtual raster that stacks them) or a model made for this imagery.").format(
                c=c.channels, names=", ".join(c.input_bands or []) or "?", n=ds.RasterCount))
    if c.input_is_uint8:
        dtype = ds.GetRasterBand(bands[0]).DataType
        if dtype != gdal.GDT_Byte:
            raise GeomorphError(tr(
                "The model takes 8-bit input (uint8 tensor) but the raster is {type}. Convert the raster to "
                "Byte first (gdal_translate -ot Byte -scale), or export the model with a float32 input and "
                "value_scale.").format(type=gdal.GetDataTypeName(dtype)))


def check_scale(c: ModelContract, width_m: float, height_m: float, cells: tuple[int, int], cell_m: float) -> str | None:
    """Refuse an extent smaller than what the model looks at; the warning to give when the map will have
    few cells, else None."""
    seen_m = c.patch_size * c.resolution_m
    if min(width_m, height_m) < seen_m * (1 - 1e-6):
        side = tr("wide") if width_m <= height_m else tr("high")
        raise GeomorphError(tr(
            "The model looks at {seen:g} m {what} ({px} px at {res:g} m per pixel); this extent is {size:.0f} m "
            "{side} ({w:.0f} x {h:.0f} m), smaller than one {one}, so the result would be nodata or guesswork. "
            "Classify a larger extent, or use a model made for this ground resolution: for drone orthomosaics, "
            "train one from polygons drawn on the orthomosaic (see \"Training your own model\" in "
            "docs/landcover.md).").format(
                seen=seen_m, what=tr("patches") if c.is_patch_model else tr("tiles"), px=c.patch_size,
                res=c.resolution_m, size=min(width_m, height_m), side=side, w=width_m, h=height_m,
                one=tr("patch") if c.is_patch_model else tr("tile")))
    w, h = cells
    if w * h >= FEW_CELLS:
        return None
    return tr(
        "Only {n} output cells of {cell:g} m will be produced ({w} x {h}): the model looks at {seen:g} m at a "
        "time, too coarse to map this extent in detail. A model made for this ground resolution (trained on "
        "your own orthomosaic) gives a finer map.").format(n=w * h, cell=cell_m, w=w, h=h, seen=seen_m)


def value_range_warning(feed: Feed, c: ModelContract) -> str | None:
    """The warning when the raster's values lie far beyond the model's value scale (a 16-bit raster fed to
    an 8-bit model saturates it, and it answers one class everywhere), else None."""
    if not feed.values_seen or feed.above / feed.values_seen <= VALUES_ABOVE_SCALE:
        return None
    return tr(
        "The raster's values range from {lo:g} to {hi:g}, but the model expects values up to its value scale "
        "{scale:g}: {pct:.0f}% of them are above it, so the model sees them saturated and may give one class "
        "everywhere. Rescale the raster to the model's range (e.g. gdal_translate -scale 0 {hi:g} 0 {scale:g}), "
        "or use a model made for this imagery.").format(
            lo=feed.low, hi=feed.high, scale=c.value_scale, pct=100.0 * feed.above / feed.values_seen)


def check_not_empty(counts: dict[int, int], c: ModelContract) -> None:
    """Refuse a result whose every cell is nodata: written, it would pass for a classification."""
    if sum(counts.values()):
        return
    raise GeomorphError(tr(
        "Every cell of the result would be nodata: the extent holds no valid input pixels (all nodata or "
        "transparent){patches}. Nothing was written. Check the raster's nodata value and the extent."
    ).format(patches=tr(", or no patch is at least half covered by valid pixels") if c.is_patch_model else ""))
