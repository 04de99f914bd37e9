"""Hand the SfM products to QGIS as styled layers, through the Processing context.

- the orthomosaic as RGB (multiband colour, alpha band when there is one);
- the DSM with a terrain colour ramp, plus its hillshade (a GeoTIFF that ``jobs.fetch`` writes
  beside the DSM with ``gdal.DEMProcessing``), both drawn with the multiply blend so that they
  combine in any layer order;
- the point cloud as a COPC point-cloud layer, coloured by RGB when the points have colour.

The layers are created on the main thread by Processing from their paths; the post-processors
only set renderers. Post-processor objects must outlive the algorithm, so they are kept in a
module-level list (QGIS holds only a raw pointer).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from ..i18n import tr

_KEEP: list = []

# Elevation colours from low (water-ish) to high (rock/snow), like QGIS's "terrain" presets.
TERRAIN_STOPS = [
    (0.0, (38, 115, 77)),
    (0.25, (117, 171, 84)),
    (0.5, (235, 221, 144)),
    (0.75, (171, 120, 72)),
    (1.0, (250, 250, 250)),
]


def terrain_ramp():
    from qgis.core import QgsGradientColorRamp, QgsGradientStop
    from qgis.PyQt.QtGui import QColor

    first, last = TERRAIN_STOPS[0][1], TERRAIN_STOPS[-1][1]
    stops = [QgsGradientStop(pos, QColor(*rgb)) for pos, rgb in TERRAIN_STOPS[1:-1]]
    return QgsGradientColorRamp(QColor(*first), QColor(*last), False, stops)


def style_ortho(layer) -> None:
    from qgis.core import QgsContrastEnhancement, QgsMultiBandColorRenderer

    provider = layer.dataProvider()
    count = layer.bandCount()
    if count < 3:
        return
    renderer = QgsMultiBandColorRenderer(provider, 1, 2, 3)
    if count >= 4:
        renderer.setAlphaBand(4)
    # 8-bit orthos are shown as they are; stretching them would change the photo colours.
    for band, setter in ((1, renderer.setRedContrastEnhancement), (2, renderer.setGreenContrastEnhancement),
                         (3, renderer.setBlueContrastEnhancement)):
        if provider.dataType(band) > 1:  # not Byte: stretch to the band's range
            enhancement = QgsContrastEnhancement(provider.dataType(band))
            stats = provider.bandStatistics(band)
            enhancement.setMinimumValue(stats.minimumValue)
            enhancement.setMaximumValue(stats.maximumValue)
            enhancement.setContrastEnhancementAlgorithm(QgsContrastEnhancement.StretchToMinimumMaximum)
            setter(enhancement)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def measured_elevation_range(source: str, low_pct: float = 2.0, high_pct: float = 98.0):
    """The 2nd-98th percentile elevations of the measured cells of a DSM that flags its interpolated
    ones (MicMac's band 2), or None for a DSM without such a band (or unreadable).

    Malt fills unmatched areas (tree crowns, water, the survey's edges) with surfaces that run metres
    above and below the ground: on brighton at full size the interpolated cells span 146-166 m and
    the measured ones 148-152.5 m. A ramp over all cells spends nearly all its colours on made-up
    surfaces and paints the terrain in one shade."""
    import numpy as np
    from osgeo import gdal

    from ..change.grids import measured_band

    try:
        ds = gdal.Open(source)
    except RuntimeError:  # when something turned GDAL's exceptions on
        ds = None
    if ds is None:
        return None
    flag_band = measured_band(ds)
    if flag_band is None:
        return None
    # At most ~1024 cells across: GDAL reads the overview closest to that, or decimates the full
    # resolution when there is none (a DSM that is no COG), so a large DSM costs a fraction of a second.
    step = max(1, math.ceil(max(ds.RasterXSize, ds.RasterYSize) / 1024))
    w, h = max(1, ds.RasterXSize // step), max(1, ds.RasterYSize // step)
    try:
        z = ds.GetRasterBand(1).ReadAsArray(buf_xsize=w, buf_ysize=h)
        flag = ds.GetRasterBand(flag_band).ReadAsArray(buf_xsize=w, buf_ysize=h)
    except RuntimeError:  # GDAL's exceptions on, and the file unreadable: the default ramp then
        return None
    if z is None or flag is None:
        return None
    # Overviews average (or cubic-resample) the 0/1 flags: above one half is mostly measured.
    keep = (flag > 0.5) & np.isfinite(z)
    nodata = ds.GetRasterBand(1).GetNoDataValue()
    if nodata is not None:
        keep &= z != nodata
    if not keep.any():
        return None
    low, high = np.percentile(z[keep], [low_pct, high_pct])
    return float(low), float(high)


def elevation_legend_settings():
    """The ramp's legend in metres with centimetres ("148.01 m"), not QGIS's six decimals."""
    from qgis.core import QgsBasicNumericFormat, QgsColorRampLegendNodeSettings

    number = QgsBasicNumericFormat()
    number.setNumberDecimalPlaces(2)
    number.setShowTrailingZeros(True)
    settings = QgsColorRampLegendNodeSettings()
    settings.setNumericFormat(number)
    settings.setSuffix(" m")
    return settings


def style_dem(layer) -> None:
    from qgis.core import QgsColorRampShader, QgsRasterShader, QgsSingleBandPseudoColorRenderer
    from qgis.PyQt.QtGui import QPainter

    provider = layer.dataProvider()
    measured = measured_elevation_range(layer.source())
    if measured is not None:
        low, high = measured
    else:
        stats = provider.bandStatistics(1)
        low, high = stats.minimumValue, stats.maximumValue
    if not (high > low):
        high = low + 1.0
    shader_fn = QgsColorRampShader(low, high)
    shader_fn.setSourceColorRamp(terrain_ramp())
    shader_fn.setColorRampType(QgsColorRampShader.Interpolated)
    shader_fn.classifyColorRamp(5, 1, layer.extent(), provider)
    shader_fn.setLegendSettings(elevation_legend_settings())
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(shader_fn)
    renderer = QgsSingleBandPseudoColorRenderer(provider, 1, shader)
    renderer.setClassificationMin(low)
    renderer.setClassificationMax(high)
    layer.setRenderer(renderer)
    layer.setBlendMode(QPainter.CompositionMode_Multiply)
    layer.triggerRepaint()


def write_dem_style_file(path: Path) -> Path | None:
    """``dsm.qml`` beside the DSM, which QGIS applies whenever the file is opened: dragged in or added
    from the Browser, a two-band DSM would otherwise show as a colour composite of elevation and
    its matched/interpolated flags. A style file already there (the user's) is left as it is."""
    from osgeo import gdal
    from qgis.core import QgsRasterLayer

    from ..change.grids import measured_band

    qml = Path(path).with_suffix(".qml")
    if qml.exists():
        return None
    ds = gdal.Open(str(path))
    # A one-band DSM opens as elevation anyway: no file needed (and no full scan for its range).
    flagged = ds is not None and measured_band(ds) is not None
    ds = None
    if not flagged:
        return None
    layer = QgsRasterLayer(str(path), "dsm", "gdal")
    if not layer.isValid():
        return None
    style_dem(layer)
    # Written under another name first: a half-written dsm.qml would pass for the user's own.
    part = qml.with_name(qml.stem + ".part.qml")
    _message, ok = layer.saveNamedStyle(str(part))
    if not ok or not part.exists():
        part.unlink(missing_ok=True)
        return None
    os.replace(part, qml)
    return qml


def style_hillshade(layer) -> None:
    from qgis.core import QgsSingleBandGrayRenderer
    from qgis.PyQt.QtGui import QPainter

    layer.setRenderer(QgsSingleBandGrayRenderer(layer.dataProvider(), 1))
    layer.setBlendMode(QPainter.CompositionMode_Multiply)
    layer.triggerRepaint()


def style_pointcloud(layer, crs_authid: str = "") -> None:
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsPointCloudAttributeByRampRenderer,
        QgsPointCloudRgbRenderer,
    )

    if crs_authid and not layer.crs().isValid():
        # QGIS 3.40's COPC provider reads the CRS from a WKT VLR only (PDAL writes one); copclib
        # writes an extended VLR, which it ignores: set the job's CRS then.
        layer.setCrs(QgsCoordinateReferenceSystem(crs_authid))
    names = {a.name().lower() for a in layer.attributes().attributes()}
    if {"red", "green", "blue"} <= names:
        renderer = QgsPointCloudRgbRenderer()
        renderer.setRedAttribute("Red")
        renderer.setGreenAttribute("Green")
        renderer.setBlueAttribute("Blue")
        if _colours_are_16_bit(layer):
            _stretch_16_bit(renderer)
    else:
        renderer = QgsPointCloudAttributeByRampRenderer()
        renderer.setAttribute("Z")
    renderer.setPointSize(2)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def _colours_are_16_bit(layer) -> bool:
    """LAS colours are 16-bit (the nodes' ``write_las`` scales 0-255 by 257); QGIS's RGB renderer
    clamps every value above 255 to full intensity, so without a stretch the cloud is drawn white.
    The layer's statistics decide when QGIS has them; else the LAS convention."""
    try:
        highest = max(layer.statistics().maximum(name) for name in ("Red", "Green", "Blue"))
    except (AttributeError, TypeError, ValueError):
        return True
    return not (highest == highest and 0 < highest <= 255)  # NaN or 0: statistics unknown


def _stretch_16_bit(renderer) -> None:
    from qgis.core import Qgis, QgsContrastEnhancement

    for setter in (renderer.setRedContrastEnhancement, renderer.setGreenContrastEnhancement,
                   renderer.setBlueContrastEnhancement):
        enhancement = QgsContrastEnhancement(Qgis.DataType.UInt16)
        enhancement.setMinimumValue(0)
        enhancement.setMaximumValue(65535)
        enhancement.setContrastEnhancementAlgorithm(QgsContrastEnhancement.StretchToMinimumMaximum)
        setter(enhancement)


def _post_processor(style, **kwargs):
    from qgis.core import QgsProcessingLayerPostProcessorInterface

    class _Styler(QgsProcessingLayerPostProcessorInterface):
        def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
            if layer is not None and layer.isValid():
                style(layer, **kwargs)

    processor = _Styler()
    _KEEP.append(processor)
    return processor


def load_pointcloud_layer(path: Path, name: str, crs_authid: str = ""):
    """A ``QgsPointCloudLayer`` for a COPC file (used by tests and the jobs panel)."""
    from qgis.core import QgsPointCloudLayer

    layer = QgsPointCloudLayer(str(path), name, "copc")
    if layer.isValid():
        style_pointcloud(layer, crs_authid)
    return layer


def add_result_layers(context, products: dict, job_name: str, crs_authid: str = "", project=None) -> list[str]:
    """Queue the downloaded products for loading when the algorithm finishes.

    ``products``: ``ortho``, ``dsm``, ``hillshade`` (GeoTIFF paths) and ``pointcloud_copc`` (COPC
    path), any of them missing or None. Returns the paths queued, in order.
    """
    from qgis.core import QgsProcessingContext, QgsProcessingUtils

    project = project or context.project()
    group = tr("SfM {job}").format(job=job_name)
    queued = []
    # Higher sort keys load above. The orthomosaic on top: drawn in 2D, a dense cloud is a coarser copy
    # of it with holes where nothing matched (tree crowns, water); the 3D view draws the cloud anyway.
    plan = [
        ("hillshade", "OUTPUT_HILLSHADE", tr("{job} hillshade").format(job=job_name), style_hillshade,
         QgsProcessingUtils.LayerHint.Raster, 0, {}),
        ("dsm", "OUTPUT_DEM", tr("{job} DSM").format(job=job_name), style_dem,
         QgsProcessingUtils.LayerHint.Raster, 1, {}),
        ("ortho", "OUTPUT_ORTHO", tr("{job} orthomosaic").format(job=job_name), style_ortho,
         QgsProcessingUtils.LayerHint.Raster, 3, {}),
        ("pointcloud_copc", "OUTPUT_POINTCLOUD", tr("{job} point cloud").format(job=job_name), style_pointcloud,
         QgsProcessingUtils.LayerHint.PointCloud, 2, {"crs_authid": crs_authid}),
    ]
    for key, output, name, style, hint, sort_key, kwargs in plan:
        path = products.get(key)
        if not path or not Path(path).exists():
            continue
        if key == "dsm":
            write_dem_style_file(Path(path))
        layer_id = str(path)
        details = QgsProcessingContext.LayerDetails(name, project, output, hint)
        details.forceName = True
        details.groupName = group
        details.layerSortKey = sort_key
        details.setPostProcessor(_post_processor(style, **kwargs))
        context.addLayerToLoadOnCompletion(layer_id, details)
        queued.append(layer_id)
    return queued
