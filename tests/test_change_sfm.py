"""A real "no change" pair: the brighton_beach DSM from two runs of geomorph:runsfm on the local test
cluster that differ in how the work is chunked: the matching (``CHUNK_SIZE``) and the DEM (the
number of Malt ground tiles). Co-registered, then differenced with the co-registration's
uncertainty, at least 95% of the area must be "no detectable change".

The runs use the engine users get on a cluster without GPUs: Auto, which is MicMac (issue 11).
MicMac is deterministic and the tie points do not depend on the chunking, so what differs is the
DEM: each Malt tile correlates its own box with its own photos, and its regularisation and
pyramid see different borders. Cells that Malt interpolated (band 2 = 0, e.g. the tree rows) are
left out by the change algorithms, so the figure is over measured ground.

History: on the sparse fast path (``ENGINE`` 3, ~2000 tie points gridded at 1 m) this pair measured
81-94%: the gridded facets of two runs differ by far more than their NMAD says."""

from __future__ import annotations

import json

import pytest

from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

pytestmark = [pytest.mark.cluster, pytest.mark.slow, pytest.mark.micmac]

# At 1000 px both runs take a few minutes each on the 2-core test machine (at 640 px MicMac's
# RadialStd diverges on these photos).
MAX_IMAGE_SIZE = 1000
# (matching chunk size, Malt tiles) of the two runs.
RUNS = ((40, 2), (9, 4))


def _sfm(profile, photos, chunk, tiles, folder):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    from geomorph_plugin.cluster.profiles import save_profile

    # Without the vegetation fill: the pair measures how repeatable Malt's ground-geometry surface
    # is under other chunkings and tilings (docs/change.md); the fill's canopy would add two PIMs
    # passes per run to CI, and canopy is what a DoD on bare ground masks out anyway.
    profile.extra = {**profile.extra, "tile_count": tiles, "pims_zoom": 0}
    save_profile(profile)
    return processing.run("geomorph:runsfm", {
        "PROFILE": profile.name, "PHOTOS": str(photos), "CHUNK_SIZE": chunk, "MAX_IMAGE_SIZE": MAX_IMAGE_SIZE,
        "OUTPUT_FOLDER": str(folder)}, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())


def test_two_sfm_runs_show_no_change(provider, saved_profile, micmac_nodes, shared_data, tmp_path,  # noqa: F811
                                     cluster_session):
    import processing
    from osgeo import gdal
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    from geomorph_plugin.processing.sfm_common import registry

    photos = shared_data / "brighton_beach" / "images"
    jobs = []
    try:
        runs, summaries = [], []
        for chunk, tiles in RUNS:
            folder = tmp_path / f"chunk{chunk}"
            result = _sfm(saved_profile, photos, chunk, tiles, folder)
            job = registry().get(result["JOB_ID"])
            jobs.append(job)
            summary = json.loads((folder / "result.json").read_text())
            assert summary["engine"] == "micmac"
            assert summary["images_registered"] == 18, summary
            assert len(job.extra["nodes_by_step"]["malt"]) == tiles
            runs.append(result["OUTPUT_DEM"])
            summaries.append(summary)
        # Not the same file twice: the tiling changed the surface.
        # (each dataset kept in a name while its band is read: a band outliving its dataset crashes GDAL)
        datasets = [gdal.Open(r) for r in runs]
        a, b = (ds.GetRasterBand(1).ReadAsArray() for ds in datasets)
        datasets = None
        assert a.shape != b.shape or (a != b).any()
        context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
        coreg = processing.run("geomorph:coregisterdem", {
            "REFERENCE": runs[0], "DEM": runs[1], "OUTPUT": str(tmp_path / "aligned.tif"),
            "OUTPUT_REPORT": str(tmp_path / "coreg.html")}, context=context, feedback=feedback)
        # Two runs of one survey share their orientation: no shift, and a tiny spread.
        assert abs(coreg["DX"]) < 0.05 and abs(coreg["DY"]) < 0.05 and abs(coreg["DZ"]) < 0.02
        assert coreg["NMAD_AFTER"] < 0.02
        # Each DSM's own vertical uncertainty, from its agreement with the bundle-adjusted tie points
        # (the run's report): 1.4826 x median |DSM - tie-point Z|, Gaussian-equivalent. The
        # co-registration's NMAD is no survey error here: the two DSMs come from the same photos and
        # orientation, so they share most of their error and their difference's NMAD (a few mm)
        # measures only how repeatable the processing is.
        sigmas = [1.4826 * s["dsm_tiepoint_median_abs_m"] for s in summaries]
        dod = processing.run("geomorph:demofdifference", {
            "DEM_NEW": coreg["OUTPUT"], "DEM_OLD": runs[0], "SIGMA_NEW_SOURCE": 0, "SIGMA_NEW": sigmas[1],
            "SIGMA_OLD_SOURCE": 0, "SIGMA_OLD": sigmas[0], "CONFIDENCE": 0.95, "OUTPUT": str(tmp_path / "dod.tif"),
            "OUTPUT_REPORT": str(tmp_path / "dod.html"), "OUTPUT_CSV": str(tmp_path / "dod.csv")},
            context=context, feedback=feedback)
        print(f"co-registration: dx {coreg['DX']:.3f} m, dy {coreg['DY']:.3f} m, dz {coreg['DZ']:.3f} m, NMAD "
              f"{coreg['NMAD_BEFORE']:.4f} -> {coreg['NMAD_AFTER']:.4f} m; sigmas {sigmas[0]:.3f}, {sigmas[1]:.3f} m; "
              f"DoD: LoD {dod['LOD']:.3f} m, no detectable change on {dod['NO_CHANGE_PERCENT']:.2f}% of the measured "
              f"area, net {dod['NET_VOLUME']:.2f} ± {dod['NET_UNCERTAINTY']:.2f} m³")
        assert 0.01 < min(sigmas) and max(sigmas) < 0.10
        assert dod["NO_CHANGE_PERCENT"] >= 95.0
    finally:
        for job in jobs:
            cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)
            registry().delete(job.id)
