"""The node-side trainer without a cluster: metrics against hand counts, augmentation keeps masks on their
pixels, bad dataset folders refused (client and node), and a tiny real training run that resumes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.remote import train_data, train_metrics
from geomorph_plugin.remote.common import InputError
from geomorph_plugin.training.cluster_job import check_dataset
from tests import training_scene as scene

REPO = scene.Path(__file__).resolve().parents[1]


def test_metrics_from_a_known_confusion():
    truth = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 255])
    pred = np.array([0, 0, 0, 1, 1, 1, 0, 2, 1, 2])
    m = train_metrics.confusion(truth, pred, 3)
    assert m.tolist() == [[3, 1, 0], [1, 2, 0], [0, 1, 1]]
    r = train_metrics.metrics(m, ["a", "b", "c"])
    assert r["overall_accuracy"] == pytest.approx(6 / 9)
    pe = (4 * 4 + 3 * 4 + 2 * 1) / 81
    assert r["kappa"] == pytest.approx((6 / 9 - pe) / (1 - pe))
    a, b, c = r["per_class"]
    assert a["iou"] == pytest.approx(3 / 5) and b["iou"] == pytest.approx(2 / 5) and c["iou"] == pytest.approx(1 / 2)
    assert c["precision"] == 1.0 and c["recall"] == 0.5 and c["f1"] == pytest.approx(2 / 3)
    assert r["mean_iou"] == pytest.approx((3 / 5 + 2 / 5 + 1 / 2) / 3)


def test_augmentation_moves_masks_with_their_pixels():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 255, (16, 3, 8, 8)).astype(np.uint8)
    masks = images[:, 0].copy()  # the mask is the first band: it must stay equal to it
    out, out_masks = train_data.augment(images, masks, rng, brightness=0.0)
    assert np.array_equal(out[:, 0].astype(np.uint8), out_masks)
    assert not np.array_equal(out.astype(np.uint8), images)  # something moved
    bright, _ = train_data.augment(images, masks, np.random.default_rng(2), brightness=0.2)
    ratio = bright.reshape(16, -1).sum(1) / np.maximum(1, images.reshape(16, -1).astype(float).sum(1))
    assert ratio.min() >= 0.8 - 1e-6 and ratio.max() <= 1.2 + 1e-6 and ratio.std() > 0


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, qgis_app):
    return scene.make_dataset(tmp_path_factory.mktemp("scene"))


def _copy(dataset, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(dataset, target)
    return target


def test_bad_dataset_folders_are_refused_on_both_sides(dataset, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GeomorphError, match="no manifest.json"):
        check_dataset(empty)
    with pytest.raises(InputError, match="no manifest.json"):
        train_data.load_dataset(empty)

    one = _copy(dataset, tmp_path)
    manifest = json.loads((one / "manifest.json").read_text())
    manifest["class_names"] = manifest["class_names"][:1]
    (one / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(GeomorphError, match="at least two"):
        check_dataset(one)
    with pytest.raises(InputError, match="at least two"):
        train_data.load_dataset(one)

    broken = tmp_path / "broken"
    shutil.copytree(dataset, broken)
    next((broken / "val" / "masks").glob("*.tif")).unlink()
    with pytest.raises(InputError, match="missing or not a GeoTIFF"):
        train_data.load_dataset(broken)


def test_node_refuses_a_bad_dataset_with_the_no_retry_exit_code(dataset, tmp_path):
    job = tmp_path / "job"
    (job / "geomorph_remote").mkdir(parents=True)
    for src in (REPO / "geomorph_plugin" / "remote").glob("*.py"):
        shutil.copy(src, job / "geomorph_remote" / src.name)
    (job / "dataset").mkdir()
    (job / "workflow.json").write_text(json.dumps({"training": {"dataset": "dataset", "epochs": 1}, "outputs": {}}))
    proc = subprocess.run([sys.executable, "geomorph_remote/geomorph_node.py", "train"], cwd=job,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert "not a Geomorph training dataset" in proc.stderr
    assert json.loads((job / "training" / "progress.json").read_text())["state"] == "loading"
    assert not (job / "training" / "model.onnx").exists()


def test_a_tiny_run_trains_resumes_and_exports(dataset, tmp_path):
    pytest.importorskip("torch")
    from geomorph_plugin.remote.train_step import run_training

    out = tmp_path / "training"
    options = {"epochs": 2, "batch_size": 16, "base_filters": 4}
    run_training(dataset, out, dict(options, epochs=1), threads=1)
    first = json.loads((out / "progress.json").read_text())
    assert [h["epoch"] for h in first["history"]] == [1] and (out / "checkpoint.pt").is_file()
    report = run_training(dataset, out, options, threads=1)  # continues after epoch 1
    assert [h["epoch"] for h in report["history"]] == [1, 2]
    assert report["history"][0] == first["history"][0]
    assert (out / "model.onnx").is_file() and (out / "report.html").is_file()
