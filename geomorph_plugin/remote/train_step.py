"""The ``train`` node step of ``geomorph:trainlandcover``: train, validate, export ONNX, report.

``train(job, args)`` runs as the DAG node (``geomorph_node.py train``); ``run_training`` is the
same loop without any job around it (``scripts/bench_training`` times both).

Files in ``<job>/training/`` (the client reads them):

- ``progress.json``: rewritten at the start and after every epoch: ``state`` (loading,
  training, exporting, done), ``epoch``/``epochs``, ``batch_size``, ``device`` and ``history``
  (per epoch: losses, OA, kappa, mean IoU and F1 on the validation tiles, seconds, images/s).
- ``checkpoint.pt``: after every epoch. A retried or resumed node (DAGMan's rescue DAG after a
  cancel or a failure) starts from the epoch after the last one saved.
- ``model.onnx`` (the model contract in its metadata, docs/model-contract.md), ``report.json``,
  ``report.html``: written under temporary names and renamed when complete.

Out of memory (CUDA or the host): the epoch starts again from its saved state with half the
batch; below ``min_batch_size`` the node fails with exit code 3 (not retried) and says so.
"""

from __future__ import annotations

import copy
import math
import os
import time
from pathlib import Path

import numpy as np

from .common import InputError, StepError, log, tmp_path, write_json
from .train_data import IGNORE, SEGMENTATION, augment, class_weights, load_dataset, normalise
from .train_metrics import confusion, metrics

DEFAULTS = {"epochs": 20, "batch_size": 16, "min_batch_size": 1, "learning_rate": 1e-3, "seed": 0,
            "base_filters": 16, "augment": True, "brightness": 0.2, "device": "auto", "model_name": "model"}


class OutOfMemoryError(StepError):
    exit_code = 3  # the same batch would run out again: DAGMan must not retry it


def _is_oom(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    text = str(exc).lower()
    return isinstance(exc, RuntimeError) and ("out of memory" in text or "can't allocate memory" in text
                                              or "not enough memory" in text)


def _device(torch, wanted: str) -> str:
    if wanted == "cpu":
        return "cpu"
    if torch.cuda.is_available():
        return "cuda"
    if wanted == "cuda":
        raise StepError("the job asked for a GPU but torch sees no CUDA device on this node "
                        f"(torch {torch.__version__}, CUDA build: {torch.version.cuda or 'none'})")
    return "cpu"


def _write_progress(out: Path, **fields) -> None:
    fields["updated"] = time.time()
    write_json(out / "progress.json", fields)


def _train_epoch(torch, model, optimiser, loss_fn, data, opts, batch, epoch, device, rng) -> dict:
    model.train()
    split = data.train
    order = rng.permutation(len(split))
    total_loss, seen = 0.0, 0
    started = time.perf_counter()
    for first in range(0, len(order), batch):
        index = np.sort(order[first:first + batch])
        images, labels = split.images[index], split.labels[index]
        if opts["augment"]:
            images, labels = augment(images, labels, rng, float(opts["brightness"]))
        x = torch.from_numpy(np.ascontiguousarray(normalise(images, data))).to(device)
        y = torch.from_numpy(np.ascontiguousarray(labels).astype(np.int64)).to(device)
        optimiser.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        if torch.isfinite(loss):
            loss.backward()
            optimiser.step()
            total_loss += float(loss.detach()) * len(index)
        seen += len(index)
    seconds = time.perf_counter() - started
    return {"train_loss": total_loss / max(1, seen), "train_seconds": seconds, "images": seen,
            "images_per_s": seen / seconds if seconds > 0 else 0.0}


def evaluate(torch, model, loss_fn, data, batch, device) -> tuple[dict, float]:
    model.eval()
    k = len(data.class_names)
    matrix = np.zeros((k, k), np.int64)
    total_loss, weight = 0.0, 0
    with torch.no_grad():
        for first in range(0, len(data.val), batch):
            images = data.val.images[first:first + batch]
            labels = data.val.labels[first:first + batch]
            x = torch.from_numpy(np.ascontiguousarray(normalise(images, data))).to(device)
            y = torch.from_numpy(labels.astype(np.int64)).to(device)
            logits = model(x)
            loss = loss_fn(logits, y)
            if torch.isfinite(loss):
                total_loss += float(loss) * len(images)
                weight += len(images)
            predicted = logits.argmax(dim=1).cpu().numpy()
            matrix += confusion(labels, predicted, k, IGNORE)
    return metrics(matrix, data.class_names), total_loss / max(1, weight)


def _save_checkpoint(torch, out: Path, state: dict) -> None:
    path = out / "checkpoint.pt"
    tmp = tmp_path(path)
    torch.save(state, tmp)
    os.replace(tmp, path)


def run_training(dataset_dir, out_dir, options: dict | None = None, threads: int = 1) -> dict:
    """Train on ``dataset_dir`` into ``out_dir``; returns the report (also written as report.json)."""
    opts = dict(DEFAULTS, **(options or {}))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    epochs = int(opts["epochs"])
    if epochs < 1:
        raise InputError("the number of epochs must be at least 1")
    started = time.time()
    _write_progress(out, state="loading", epoch=0, epochs=epochs, history=[])
    data = load_dataset(dataset_dir)
    try:
        import torch
    except ImportError as exc:
        raise InputError(f"PyTorch is not installed on this node ({exc}): install it (python3-torch, pip install "
                         f"torch) or set the cluster profile's node setup command or container so that python3 "
                         f"finds it") from exc
    from .train_models import build

    torch.set_num_threads(max(1, int(threads)))
    device = _device(torch, str(opts["device"]))
    if data.model_type == SEGMENTATION and data.tile_size % 8:
        raise InputError(f"the U-Net needs tiles whose size is a multiple of 8, not {data.tile_size}: export the "
                         f"dataset again with another tile size")
    k = len(data.class_names)
    torch.manual_seed(int(opts["seed"]))
    model = build(data.model_type, data.channels, k, int(opts["base_filters"])).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=float(opts["learning_rate"]))
    weights = torch.from_numpy(class_weights(data)).to(device)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, ignore_index=IGNORE)
    batch = max(1, int(opts["batch_size"]))
    history, best, oom_events, first_epoch = [], None, [], 1
    checkpoint = out / "checkpoint.pt"
    if checkpoint.is_file():
        state = torch.load(checkpoint, map_location=device, weights_only=False)
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        history, best, batch = state["history"], state["best"], int(state["batch_size"])
        oom_events, first_epoch = state.get("oom_events", []), int(state["epoch"]) + 1
        log(f"resuming after epoch {state['epoch']} from {checkpoint}")
    log(f"training a {data.model_type} on {len(data.train)} training and {len(data.val)} validation tiles "
        f"({k} classes, device {device}, {torch.get_num_threads()} threads, batch {batch})")
    for epoch in range(first_epoch, epochs + 1):
        lr = float(opts["learning_rate"]) * 0.5 * (1 + math.cos(math.pi * (epoch - 1) / epochs))
        for group in optimiser.param_groups:
            group["lr"] = lr
        saved = (copy.deepcopy(model.state_dict()), copy.deepcopy(optimiser.state_dict()))
        _write_progress(out, state="training", epoch=epoch - 1, epochs=epochs, batch_size=batch, device=device,
                        history=history)
        epoch_start = time.perf_counter()
        while True:
            rng = np.random.default_rng([int(opts["seed"]), epoch])
            try:
                stats = _train_epoch(torch, model, optimiser, loss_fn, data, opts, batch, epoch, device, rng)
                result, val_loss = evaluate(torch, model, loss_fn, data, batch, device)
                break
            except Exception as exc:  # noqa: BLE001 - only out-of-memory is handled, the rest re-raised
                if not _is_oom(exc):
                    raise
                if device == "cuda":
                    torch.cuda.empty_cache()
                if batch <= int(opts["min_batch_size"]):
                    raise OutOfMemoryError(
                        f"out of memory at epoch {epoch} even with a batch of {batch} tile(s) ({exc}). Ask for more "
                        f"memory (the cluster profile's per-job memory), use a GPU node with more memory, or export "
                        f"the dataset with smaller tiles") from exc
                oom_events.append({"epoch": epoch, "batch_size": batch, "error": str(exc)[:300]})
                log(f"out of memory at epoch {epoch} with batch {batch}: starting the epoch again with batch "
                    f"{batch // 2}")
                batch //= 2
                model.load_state_dict(saved[0])
                optimiser.load_state_dict(saved[1])
        row = {"epoch": epoch, "learning_rate": lr, "batch_size": batch, **stats, "val_loss": val_loss,
               "overall_accuracy": result["overall_accuracy"], "kappa": result["kappa"],
               "mean_iou": result["mean_iou"], "mean_f1": result["mean_f1"],
               "seconds": time.perf_counter() - epoch_start}
        history.append(row)
        log(f"epoch {epoch}/{epochs}: loss {row['train_loss']:.4f}, val loss {val_loss:.4f}, OA "
            f"{row['overall_accuracy']:.3f}, kappa {row['kappa']:.3f}, mIoU {row['mean_iou']:.3f}, "
            f"{row['images_per_s']:.1f} images/s")
        if best is None or result["mean_iou"] > best["metrics"]["mean_iou"]:
            best = {"epoch": epoch, "metrics": result,
                    "model": {key: value.detach().cpu().clone() for key, value in model.state_dict().items()}}
        _save_checkpoint(torch, out, {"epoch": epoch, "model": model.state_dict(), "optimiser": optimiser.state_dict(),
                                      "history": history, "best": best, "batch_size": batch,
                                      "oom_events": oom_events})
        _write_progress(out, state="training", epoch=epoch, epochs=epochs, batch_size=batch, device=device,
                        history=history)
    _write_progress(out, state="exporting", epoch=epochs, epochs=epochs, batch_size=batch, device=device,
                    history=history)
    model.load_state_dict(best["model"])
    from .train_export import export_onnx

    export_onnx(torch, model, data, out / "model.onnx", opts, best)
    report = {
        "format": "geomorph-training-report", "format_version": 1, "model_name": str(opts["model_name"]),
        "model_type": data.model_type, "class_names": data.class_names,
        "class_colors": list(data.manifest["class_colors"]), "tile_size": data.tile_size,
        "resolution_m": data.manifest["resolution_m"], "dataset": str(Path(dataset_dir).name),
        "tiles": {"train": len(data.train), "val": len(data.val)}, "options": opts, "device": device,
        "threads": torch.get_num_threads(), "torch_version": torch.__version__, "batch_size": batch,
        "oom_events": oom_events, "history": history, "best_epoch": best["epoch"], "validation": best["metrics"],
        "seconds": time.time() - started, "model": "model.onnx",
    }
    from .train_report import write_reports

    write_reports(out, report)
    _write_progress(out, state="done", epoch=epochs, epochs=epochs, batch_size=batch, device=device,
                    history=history)
    return report


def train(job, args) -> None:
    """The DAG node: options from workflow.json's ``training``, threads from request_cpus."""
    opts = dict(job.workflow.get("training", {}))
    dataset = job.root / opts.pop("dataset", "dataset")
    run_training(dataset, job.root / "training", opts, threads=job.threads)
