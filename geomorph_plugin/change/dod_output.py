"""The DoD's outputs: the rasters (a temporary tiff with its overviews filled stripe by stripe, made a
Cloud Optimized GeoTIFF when complete), the diverging colour ramp, the HTML report; and the removal of
everything a failed or cancelled run wrote."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ..errors import GeomorphError
from ..i18n import tr
from ..rasters import check_tiff, part_path, remove_with_sidecar, to_cog
from . import report

DOD_NODATA = -9999.0
PROBABILITY_NODATA = -1.0
# A thresholded DoD is mostly zeros: DEFLATE level 1 without a predictor compresses it smallest and
# fastest (2k: 0.16 s against 1.57 s with PREDICTOR=YES and averaged overviews). The overviews are
# decimated (nearest) from each stripe as it is written and the COG driver takes them as they are:
# at 8k, letting it build them took 4.1 of its 6.3 s.
COG_OPTIONS = ["LEVEL=1", "OVERVIEWS=FORCE_USE_EXISTING"]
COG_BLOCK = 512


def overview_factors(width: int, height: int) -> list[int]:
    """2, 4, ... until the overview fits one COG tile, as the COG driver would make them."""
    factors, f = [], 2
    while max(width, height) / (f // 2) > COG_BLOCK:
        factors.append(f)
        f *= 2
    return factors


def write_with_overviews(ds, values: np.ndarray, y: int, factors: list[int]) -> None:
    """Write rows [y, y + h) and their nearest-neighbour decimations; y is a multiple of every factor."""
    band = ds.GetRasterBand(1)
    band.WriteArray(values, 0, y)
    for i, f in enumerate(factors):
        band.GetOverview(i).WriteArray(values[::f, ::f], 0, y // f)



def style_path(output: Path) -> Path:
    return output.with_suffix(".qml")


def diverging_qml(limit: float) -> str:
    """A QGIS style: red (erosion) - white (no change) - blue (deposition), symmetric about 0."""
    stops = [(-1.0, "#b2182b"), (-0.5, "#ef8a62"), (-0.1, "#fddbc7"), (0.0, "#f7f7f7"), (0.1, "#d1e5f0"),
             (0.5, "#67a9cf"), (1.0, "#2166ac")]
    items = "\n".join(f'          <item alpha="255" value="{f * limit:.6g}" label="{f * limit:.3g}" color="{c}"/>'
                      for f, c in stops)
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.40" styleCategories="Symbology">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="1" alphaBand="-1" nodataColor=""
        classificationMin="{-limit:.6g}" classificationMax="{limit:.6g}">
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0"
            minimumValue="{-limit:.6g}" maximumValue="{limit:.6g}" labelPrecision="3">
{items}
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
  </pipe>
</qgis>
"""


class OutputFiles:
    """The files a run writes, so that a failed or cancelled run removes them all."""

    def __init__(self):
        self.created: list[Path] = []

    def create_part(self, path: Path, grid, nodata: float, description: str):
        """The temporary float32 tiff of ``path``, tiled as the COG will be, with empty overview levels that
        ``write_with_overviews`` fills stripe by stripe."""
        from osgeo import gdal

        check_tiff(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = part_path(path)
        ds = gdal.GetDriverByName("GTiff").Create(str(part), grid.width, grid.height, 1, gdal.GDT_Float32,
                                                  ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "BIGTIFF=IF_SAFER"])
        if ds is None:
            raise GeomorphError(tr("Cannot create the output {path}: {error}").format(path=path,
                                                                                      error=gdal.GetLastErrorMsg()))
        self.created.append(part)
        ds.SetGeoTransform(grid.geotransform())
        ds.SetProjection(grid.wkt)
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(nodata)
        band.SetDescription(description)
        factors = overview_factors(grid.width, grid.height)
        if factors and ds.BuildOverviews("NONE", factors) != 0:
            raise GeomorphError(tr("Cannot create the output {path}: {error}").format(path=path,
                                                                                      error=gdal.GetLastErrorMsg()))
        return ds

    def finish_cog(self, path: Path) -> Path:
        """The complete temporary tiff of ``path`` made a COG at ``path``."""
        to_cog(part_path(path), path, COG_OPTIONS)
        self.created.append(path)
        remove_with_sidecar(part_path(path))
        return path

    def write_text(self, path: Path, text: str) -> Path:
        written = report.write_atomic(Path(path), text)
        self.created.append(written)
        return written

    def remove_all(self) -> None:
        for path in self.created:
            remove_with_sidecar(path)


def html_page(req, result, method: str, edges, counts, sums, area: float) -> str:
    """The HTML report: the budget table and the area and volume distributions of dz; ``method`` says how
    cells were thresholded."""
    centres = (edges[:-1] + edges[1:]) / 2
    below = np.abs(centres) <= result.lod
    series_area = [(tr("below LoD"), np.where(below, counts * area, 0), "#bbbbbb"),
                   (tr("erosion"), np.where(~below & (centres < 0), counts * area, 0), "#b2182b"),
                   (tr("deposition"), np.where(~below & (centres > 0), counts * area, 0), "#2166ac")]
    vol = np.abs(sums) * area
    series_vol = [(tr("below LoD"), np.where(below, vol, 0), "#bbbbbb"),
                  (tr("erosion"), np.where(~below & (centres < 0), vol, 0), "#b2182b"),
                  (tr("deposition"), np.where(~below & (centres > 0), vol, 0), "#2166ac")]
    band = (-result.lod, result.lod) if math.isfinite(result.lod) else None
    header = [tr("Zone"), tr("analysed (m²)"), tr("no change (m²)"), tr("no change (%)"), tr("erosion (m²)"),
              tr("erosion (m³)"), tr("± (m³)"), tr("± correlated (m³)"), tr("deposition (m²)"),
              tr("deposition (m³)"), tr("± (m³)"), tr("± correlated (m³)"), tr("net (m³)"), tr("± (m³)"),
              tr("± correlated (m³)"), tr("net before thresholding (m³)")]
    parts = [
        f"<p>{report.esc(tr('New: {new}. Old: {old}.').format(new=req.new, old=req.old))}</p>",
        f"<p>{report.esc(tr('Thresholding: {method}; confidence {c:.1%}, t = {t:.3f}; median sigma_dz {s:.3f} m, LoD {lod:.3f} m.').format(method=method, c=req.confidence, t=result.t, s=result.sigma_dz, lod=result.lod))}</p>",  # noqa: E501
        f"<h2>{report.esc(tr('Budget'))}</h2>",
        report.table(header, [b.row() for b in [*result.zones, result.total]]),
        f"<h2>{report.esc(tr('Elevation change distribution'))}</h2>",
        report.svg_histogram(edges, series_area, tr("Area by elevation change"), tr("dz (m)"), tr("area (m²)"),
                             band),
        report.svg_histogram(edges, series_vol, tr("Volume by elevation change"), tr("dz (m)"),
                             tr("volume (m³)"), band),
        f"<p class=\"note\">{report.esc(tr('Volume uncertainty: for errors uncorrelated from cell to cell, sigma_V = A x sqrt(sum of sigma_dz_i²) over the detected cells (A = cell area); this is a lower bound when errors are spatially correlated. The fully correlated upper bound, A x sum of sigma_dz_i, is given as ± correlated. The distributions include the cells below the LoD (grey band), which are not counted in the budget.'))}</p>",  # noqa: E501
    ]
    return report.page(tr("DEM of difference"), parts)
