"""The whole drone loop on real data, as ``scripts/demo --drone`` runs it: the brighton_beach photos through
runsfm on the test cluster, our labels (tests/data/brighton_labels.gpkg) on the fresh orthomosaic,
exporttrainingdata, trainlandcover on the cluster, classifylandcover, assessaccuracy on the held-out labels."""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import uuid
from pathlib import Path

import numpy as np
import pytest

from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "brighton_labels.gpkg"
CLASSES = ["grass", "trees", "paved", "sand and rock", "water", "vehicles"]


def _demo_module():
    spec = importlib.util.spec_from_file_location("geomorph_demo_drone", REPO / "scripts" / "demo_drone.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _labels():
    from osgeo import ogr

    source = ogr.Open(str(LABELS))  # kept referenced: a layer dies with its dataset
    return [(f.GetField("class"), f.GetGeometryRef().Clone()) for f in source.GetLayer("labels")]


def _class_pixels(ortho: Path) -> dict[str, np.ndarray]:
    """The orthomosaic's valid RGB pixels under each class's polygons (N x 3 per class)."""
    from osgeo import gdal, ogr

    ds = gdal.Open(str(ortho))
    rgb = ds.ReadAsArray()
    valid = rgb[3] > 0 if rgb.shape[0] == 4 else np.ones(rgb.shape[1:], bool)
    mask_ds = gdal.GetDriverByName("MEM").Create("", ds.RasterXSize, ds.RasterYSize, 1, gdal.GDT_Byte)
    mask_ds.SetGeoTransform(ds.GetGeoTransform())
    mask_ds.SetProjection(ds.GetProjection())
    source = ogr.Open(str(LABELS))
    pixels = {}
    for index, name in enumerate(CLASSES, start=1):
        layer = source.GetLayer("labels")
        layer.SetAttributeFilter(f"class = '{name}'")
        gdal.RasterizeLayer(mask_ds, [1], layer, burn_values=[index])
    burnt = mask_ds.ReadAsArray()
    for index, name in enumerate(CLASSES, start=1):
        pixels[name] = rgb[:3, (burnt == index) & valid].T.astype(float)
    return pixels


def test_labels_file_is_complete_and_styled():
    from osgeo import ogr

    source = ogr.Open(str(LABELS))
    layer = source.GetLayer("labels")
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "32615"
    counts = {name: 0 for name in CLASSES}
    for name, geometry in _labels():
        counts[name] += 1
        assert geometry.IsValid() and geometry.GetArea() >= 0.4  # m², at least ~160 pixels at 5 cm
    assert counts["vehicles"] >= 5 and all(counts[c] >= 10 for c in ("grass", "trees", "paved", "sand and rock"))
    assert counts["water"] >= 5
    styles = source.ExecuteSQL("SELECT styleQML FROM layer_styles WHERE f_table_name = 'labels'")
    qml = styles.GetNextFeature().GetField(0)
    source.ReleaseResultSet(styles)
    assert 'type="categorizedSymbol"' in qml and 'attr="class"' in qml
    assert all(f'value="{name}"' in qml for name in CLASSES)
    assert (REPO / "tests" / "data" / "LICENSE-brighton-labels.md").is_file()


@pytest.mark.cluster
@pytest.mark.slow
def test_drone_loop_on_brighton_beach(provider, saved_profile, shared_data, tmp_path, cluster_session,  # noqa: F811
                                      test_cluster):
    import processing
    from osgeo import gdal, osr
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from geomorph_plugin.cluster.hostkeys import trust_host_key
    from geomorph_plugin.cluster.profiles import remove_profile, save_profile
    from geomorph_plugin.landcover.installed_models import installed_model
    from geomorph_plugin.processing.sfm_common import registry

    if QgsApplication.processingRegistry().algorithmById("geomorph:trainlandcover") is None:
        pytest.skip("geomorph:trainlandcover is not registered: the loop cannot train a model (issue 10 item 3)")
    demo = _demo_module()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    jobs, model_name = [], f"test-brighton-{tmp_path.name[-12:]}".replace("_", "-")
    # A profile of its own: other tests remove the shared "geomorph-test-cluster" profile when they end,
    # and runsfm and trainlandcover load it again by name during this half-hour run.
    profile = copy.copy(saved_profile)
    profile.name = f"geomorph-test-drone-{uuid.uuid4().hex[:8]}"
    save_profile(profile)
    trust_host_key(profile, test_cluster["host_key_fingerprint_sha256"])
    try:
        # 1. A fresh orthomosaic, at the size the labels were drawn on.
        sfm = processing.run("geomorph:runsfm", {
            "PROFILE": profile.name, "PHOTOS": str(shared_data / "brighton_beach" / "images"),
            "CHUNK_SIZE": 40, "MAX_IMAGE_SIZE": 1600, "OUTPUT_FOLDER": str(tmp_path / "sfm"),
            # The loop needs an orthomosaic, not a dense DSM: COLMAP's fast path is the quick one.
            "ENGINE": 3},
            context=context, feedback=feedback)
        jobs.append(sfm["JOB_ID"])
        ortho = Path(sfm["OUTPUT_ORTHO"])
        ds = gdal.Open(str(ortho))
        assert osr.SpatialReference(wkt=ds.GetProjection()).GetAuthorityCode(None) == "32615"
        gt = ds.GetGeoTransform()
        assert 0.04 <= gt[1] <= 0.06  # the labels were drawn on a 5 cm orthomosaic

        # 2. The labels lie inside this run's orthomosaic, on real image data...
        x0, y1 = gt[0], gt[3]
        x1, y0 = x0 + gt[1] * ds.RasterXSize, y1 + gt[5] * ds.RasterYSize
        for name, geometry in _labels():
            gx0, gx1, gy0, gy1 = geometry.GetEnvelope()
            assert x0 < gx0 and gx1 < x1 and y0 < gy0 and gy1 < y1, f"a {name} polygon is off the orthomosaic"
        pixels = _class_pixels(ortho)
        assert all(len(pixels[name]) > 1000 for name in CLASSES)
        # ...and still on their classes, SfM's small shifts notwithstanding: their mean colours tell them apart.
        mean = {name: p.mean(axis=0) for name, p in pixels.items()}
        brightness = {name: float(m.mean()) for name, m in mean.items()}
        greenness = {name: float(m[1] - (m[0] + m[2]) / 2) for name, m in mean.items()}
        assert brightness["water"] < min(brightness[c] for c in ("grass", "paved", "sand and rock"))
        assert greenness["grass"] > 15 and greenness["grass"] > greenness["paved"] + 15
        assert greenness["trees"] > 5 and brightness["trees"] < brightness["grass"]
        assert float(np.ptp(mean["paved"])) < 30 and brightness["paved"] > brightness["grass"] + 20
        assert mean["sand and rock"][0] > mean["sand and rock"][1]  # the pink gravel and granite: red over green
        assert mean["water"][2] >= mean["water"][1] - 10 or brightness["water"] < 80  # dark or blue, never bright

        # 3-5. The loop of scripts/demo --drone: export, train on the cluster, classify, assess on held-out labels.
        args = argparse.Namespace(out=tmp_path / "loop", labels=LABELS, ortho=ortho, tile_size=64, block_size=None,
                                  split_seed=1, epochs=50, batch_size=8, learning_rate=0.002,
                                  model_name=model_name, profile=profile.name)
        args.out.mkdir()
        result = demo.run_loop(args, context, feedback)
        jobs.append(result["train_job"])

        manifest = json.loads((result["dataset"] / "manifest.json").read_text())
        # The classes come in the order and colours of the style stored in the GeoPackage.
        assert manifest["class_names"] == CLASSES
        assert manifest["class_colors"] == ["#7fc97f", "#1b7837", "#969696", "#e6c27a", "#2166ac", "#e31a1c"]
        for split in ("train", "val"):
            assert all(manifest["counts"][split][name] > 0 for name in CLASSES), manifest["counts"]
        assert installed_model(model_name) == result["model"]
        classes = gdal.Open(str(result["classes"]))
        classes.GetMetadata()
        assert set(CLASSES) <= set(classes.GetRasterBand(1).GetCategoryNames() or [])
        held_out = gdal.OpenEx(str(tmp_path / "loop" / "heldout_labels.gpkg"))
        assert {f.GetField("class") for f in held_out.GetLayer("labels")} == set(CLASSES)  # every class assessed
        print(f"drone loop: OA {result['oa']:.3f}, kappa {result['kappa']:.3f} on the held-out labels")
        assert result["oa"] >= demo.TARGET_OA and result["kappa"] >= demo.TARGET_KAPPA
    finally:
        reg = registry()
        for job_id in jobs:
            cluster_session.run(["rm", "-rf", "--", reg.get(job_id).remote_dir], check=False)
            reg.delete(job_id)
        model = installed_model(model_name)
        if model is not None:
            model.unlink()
        remove_profile(profile.name)
