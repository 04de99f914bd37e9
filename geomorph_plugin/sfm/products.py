"""The local products made from a downloaded SfM job: the hillshade, the HTML report, the result summary."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr


def write_hillshade(dsm: Path) -> Path:
    """``<dsm>_hillshade.tif`` beside the DSM (GDAL's multidirectional hillshade)."""
    from osgeo import gdal

    dest = Path(dsm).with_name(Path(dsm).stem + "_hillshade.tif")
    tmp = dest.with_name(dest.stem + ".part.tif")
    options = gdal.DEMProcessingOptions(multiDirectional=True, computeEdges=True, creationOptions=["COMPRESS=DEFLATE"])
    if gdal.DEMProcessing(str(tmp), str(dsm), "hillshade", options=options) is None:
        raise GeomorphError(tr("GDAL could not compute the hillshade of {path}.").format(path=dsm))
    tmp.replace(dest)
    return dest


def write_job_report(job, out_dir: Path) -> Path:
    from . import report

    dag_dir = Path(out_dir) / "dag"
    summary = result_summary(out_dir)
    # Which engine ran and why is decided on the client (the ENGINE parameter), not on the nodes.
    for key in ("engine_label", "engine_reason"):
        if job.extra.get(key):
            summary[key] = job.extra[key]
    return report.write_report(dag_dir, Path(out_dir) / "report.html",
                               title=tr("Geomorph SfM job {id}").format(id=job.id), summary=summary or None)


def result_summary(out_dir: Path) -> dict:
    """``result.json`` written by the last node (registered images, surface kind...), or {}."""
    path = Path(out_dir) / "result.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
