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


LIMITED_NODE = """
import os, resource, sys
sys.path.insert(0, os.getcwd())
import torch
torch.set_num_threads(1)
# oneDNN fails to create its convolution under the limit whatever the batch ("could not create a
# primitive"); PyTorch's own kernels fail where a real batch does not fit, which is what is tested.
torch.backends.mkldnn.enabled = False
import onnx  # mapped before the limit, as torch is
from geomorph_remote import geomorph_node, train_export, train_models, train_report, train_step
model = train_models.build("segmentation", 3, 3, 32)
model(torch.zeros(2, 3, 64, 64)).sum().backward()  # torch's lazy set-up, before the limit
vm = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize"))
limit = vm + int(sys.argv[1]) * 2 ** 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.exit(geomorph_node.main(["train", "--threads", "1"]))
"""


def _node_job(dataset, tmp_path, training: dict):
    job = tmp_path / "job"
    (job / "geomorph_remote").mkdir(parents=True)
    for src in (REPO / "geomorph_plugin" / "remote").glob("*.py"):
        shutil.copy(src, job / "geomorph_remote" / src.name)
    shutil.copytree(dataset, job / "dataset")
    (job / "workflow.json").write_text(json.dumps({"training": {"dataset": "dataset", **training}, "outputs": {}}))
    return job


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and /proc are Linux's")
def test_out_of_memory_halves_the_batch_then_fails_clearly(dataset, tmp_path):
    """A real allocation failure: the node's address space is limited to what it uses plus 400 MB,
    which a U-Net of 32 filters cannot train a batch of 64 tiles in (about 1.3 GB)."""
    pytest.importorskip("torch")
    options = {"epochs": 1, "batch_size": 64, "base_filters": 32, "augment": False}
    job = _node_job(dataset, tmp_path / "a", options)
    proc = subprocess.run([sys.executable, "-c", LIMITED_NODE, "400"], cwd=job, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads((job / "training" / "report.json").read_text())
    assert [e["batch_size"] for e in report["oom_events"]][:1] == [64]
    assert report["batch_size"] < 64 and report["history"][0]["batch_size"] == report["batch_size"]
    assert "out of memory at epoch 1 with batch 64" in proc.stdout
    assert (job / "training" / "model.onnx").is_file()

    # Not below the smallest batch allowed: a clear failure, exit 3 (DAGMan does not retry it), no model.
    job = _node_job(dataset, tmp_path / "b", dict(options, min_batch_size=32))
    proc = subprocess.run([sys.executable, "-c", LIMITED_NODE, "400"], cwd=job, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 3
    assert "out of memory at epoch 1 even with a batch of 32 tile(s)" in proc.stderr
    assert "Ask for more memory" in proc.stderr
    assert not (job / "training" / "model.onnx").exists()


def test_staged_job_asks_for_a_gpu_only_when_the_profile_has_gpu_nodes(dataset, tmp_path):
    from geomorph_plugin.cluster.profiles import Profile
    from geomorph_plugin.cluster.registry import JobRegistry
    from geomorph_plugin.training import cluster_job

    registry = JobRegistry(tmp_path / "jobs")
    options = cluster_job.TrainingOptions(epochs=3, cpus=16, memory_mb=32000)
    for has_gpu in (False, True):
        profile = Profile(name="p", host="h", user="u", has_gpu=has_gpu, setup_command="module load pytorch",
                          extra={"max_cpus_per_job": 6, "max_memory_mb": 12000})
        job, files = cluster_job.prepare(profile, dataset, f"m{int(has_gpu)}", options, registry,
                                         models_root=tmp_path / "models")
        staged = {rel: local for local, rel in files}
        submit = staged["submit/train.sub"].read_text()
        assert ("request_gpus = 1" in submit) is has_gpu
        assert "request_cpus = 6" in submit and "request_memory = 12000" in submit  # the profile's caps
        workflow = json.loads(staged["workflow.json"].read_text())
        assert workflow["training"]["device"] == ("cuda" if has_gpu else "cpu")
        assert workflow["training"]["epochs"] == 3 and workflow["training"]["dataset"] == "dataset"
        assert staged["geomorph_setup.sh"].read_text().strip().endswith("module load pytorch")
        assert "geomorph_remote/train_step.py" in staged and "dataset/manifest.json" in staged
        assert "JOB train submit/train.sub" in staged["geomorph.dag"].read_text()
        assert job.extra["kind"] == "training" and job.extra["progress_file"] == "training/progress.json"

    # A name already installed is refused before anything is staged, unless replacing is asked for.
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "taken.onnx").write_bytes(b"x")
    with pytest.raises(GeomorphError, match="already installed"):
        cluster_job.prepare(profile, dataset, "taken", options, registry, models_root=tmp_path / "models")
    with pytest.raises(GeomorphError, match="cannot be a model name"):
        cluster_job.prepare(profile, dataset, "../evil", options, registry, models_root=tmp_path / "models")


def test_a_patch_classifier_trains_and_exports_the_contract(tmp_path, qgis_app):
    pytest.importorskip("torch")
    import onnxruntime

    from geomorph_plugin.landcover.contract import contract_from_session
    from geomorph_plugin.remote.train_step import run_training
    from geomorph_plugin.training.export import ModelKind

    patches = scene.make_dataset(tmp_path, tile_size=32, kind=ModelKind.PATCH)
    report = run_training(patches, tmp_path / "training", {"epochs": 2, "batch_size": 16, "base_filters": 8},
                          threads=1)
    assert report["model_type"] == "patch_classifier"
    matrix = np.array(report["validation"]["confusion_matrix"])
    assert matrix.sum() == report["tiles"]["val"]  # one sample per validation patch
    session = onnxruntime.InferenceSession(str(tmp_path / "training" / "model.onnx"),
                                           providers=["CPUExecutionProvider"])
    contract = contract_from_session(session)
    assert contract.model_type == "patch_classifier" and contract.patch_size == 32
    out = session.run(None, {"input": np.zeros((5, 3, 32, 32), np.float32)})[0]
    assert out.shape == (5, 3) and np.allclose(out.sum(axis=1), 1.0, atol=1e-5)
