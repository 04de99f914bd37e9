#!/usr/bin/env python3
"""Train Geomorph's bundled default land-cover model: a compact ResNet on EuroSAT RGB.

    nice -n 10 .venv/bin/python scripts/train_default_model.py --time-budget-min 70
    cp .work/default_model/best.pt .work/default_model/best_cycle1.pt
    nice -n 10 .venv/bin/python scripts/train_default_model.py \
        --init-from .work/default_model/best_cycle1.pt --time-budget-min 30 --lr 0.05
    .venv/bin/python scripts/train_default_model.py --export-only     # re-export the best checkpoint

(The bundled model is exactly this: two cycles, 100 min on 2 shared CPU cores; docs/default-model.md.)

The data come from ``$GEOMORPH_SHARED_DATA/eurosat-rgb/eurosat-rgb-train.tar`` (fallback
``../shared/data``). The JPEGs are decoded once into a uint8 array under ``.work/`` so that an
epoch costs only the network. The split is stratified and seeded (15 % validation per class); the
validation file list is written to ``resources/demo/eurosat_validation_files.txt`` because the demo
scene and the tests must only ever show patches the model was not trained on.

The net is designed for a 2-core CPU: a stride-2 stem takes the 64x64 patch to 32x32 right away,
then four residual stages (32-64-128-256 channels, 1.6 M parameters). Training runs in bfloat16
autocast with channels-last tensors, which uses the CPU's AMX/AVX-512 units (about 2-3x faster than
fp32 here); evaluation and export are in fp32. The best checkpoint (validation accuracy) is saved
after every epoch so an interrupted run is still usable, and at the end it is exported to
``geomorph_plugin/models/eurosat_rgb.onnx`` with the Geomorph model contract in its metadata.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import sys
import tarfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / ".work" / "default_model"
CACHE = REPO / ".work" / "eurosat_rgb_u8.npz"
ONNX_OUT = REPO / "geomorph_plugin" / "models" / "eurosat_rgb.onnx"
VAL_LIST = REPO / "resources" / "demo" / "eurosat_validation_files.txt"

CLASS_NAMES = [
    "AnnualCrop",
    "Forest",
    "HerbaceousVegetation",
    "Highway",
    "Industrial",
    "Pasture",
    "PermanentCrop",
    "Residential",
    "River",
    "SeaLake",
]
# Fixed, meaningful colours: the map must read the same every run (the contract forbids random ones).
CLASS_COLORS = [
    "#f2c94c",  # AnnualCrop: wheat yellow
    "#1b5e20",  # Forest: dark green
    "#8d9a3a",  # HerbaceousVegetation: olive
    "#9e9e9e",  # Highway: grey
    "#7a4e5a",  # Industrial: dark reddish grey
    "#9ccc65",  # Pasture: light green
    "#f08c2e",  # PermanentCrop: orange (orchards, vineyards)
    "#e04a3f",  # Residential: red
    "#2f7fd8",  # River: blue
    "#0b3d91",  # SeaLake: dark blue
]
VAL_FRACTION = 0.15
SPLIT_SEED = 20240917


def shared_data_dir() -> Path:
    return Path(os.environ.get("GEOMORPH_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def eurosat_tar() -> Path:
    tar = shared_data_dir() / "eurosat-rgb" / "eurosat-rgb-train.tar"
    if not tar.is_file():
        sys.exit(
            f"EuroSAT RGB archive not found at {tar}.\n"
            "Set GEOMORPH_SHARED_DATA to the shared data folder (the one holding eurosat-rgb/)."
        )
    return tar


def _sort_key(name: str) -> tuple[str, int]:
    # "Forest/Forest_123.jpg" -> ("Forest", 123): numeric order, stable across tar orderings.
    cls, base = name.split("/")
    return cls, int(base.rsplit("_", 1)[1].split(".")[0])


def read_eurosat_tar(tar_path: Path, names: set[str] | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Decode (a subset of) the archive: uint8 NHWC images, int64 labels, member names, sorted."""
    from PIL import Image

    items = []
    with tarfile.open(tar_path) as tf:
        for member in tf:
            if not member.isfile() or not member.name.endswith(".jpg"):
                continue
            if names is not None and member.name not in names:
                continue
            data = tf.extractfile(member).read()
            rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.uint8)
            items.append((member.name, rgb))
    items.sort(key=lambda item: _sort_key(item[0]))
    files = [name for name, _ in items]
    images = np.stack([rgb for _, rgb in items]) if items else np.zeros((0, 64, 64, 3), np.uint8)
    labels = np.array([CLASS_NAMES.index(name.split("/")[0]) for name in files], dtype=np.int64)
    return images, labels, files


def load_dataset() -> tuple[np.ndarray, np.ndarray, list[str]]:
    if CACHE.is_file():
        with np.load(CACHE) as cached:
            return cached["images"], cached["labels"], [str(n) for n in cached["files"]]
    t0 = time.time()
    images, labels, files = read_eurosat_tar(eurosat_tar())
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE, images=images, labels=labels, files=np.array(files))
    print(f"decoded {len(files)} patches into {CACHE} in {time.time() - t0:.1f} s", flush=True)
    return images, labels, files


def stratified_split(labels: np.ndarray, fraction: float = VAL_FRACTION, seed: int = SPLIT_SEED):
    """Per class, a seeded random `fraction` goes to validation; returns sorted (train, val) indices."""
    rng = np.random.default_rng(seed)
    train, val = [], []
    for k in range(len(CLASS_NAMES)):
        idx = np.flatnonzero(labels == k)
        idx = idx[rng.permutation(len(idx))]
        n_val = int(round(fraction * len(idx)))
        val.append(idx[:n_val])
        train.append(idx[n_val:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(val))


# ---------------------------------------------------------------------------------------------
# The network (torch is imported lazily so that --help and the split helpers work without it)
# ---------------------------------------------------------------------------------------------


def build_model(num_classes: int = len(CLASS_NAMES), widths=(32, 64, 128, 256), depths=(1, 2, 2, 1)):
    import torch.nn as nn

    class BasicBlock(nn.Module):
        def __init__(self, cin: int, cout: int, stride: int):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            # Zero-init the last BN so every block starts as identity: faster, steadier early training.
            nn.init.zeros_(self.bn2.weight)
            self.relu = nn.ReLU(inplace=True)
            self.shortcut = None
            if stride != 1 or cin != cout:
                self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            return self.relu(out + (x if self.shortcut is None else self.shortcut(x)))

    class EuroSatResNet(nn.Module):
        def __init__(self):
            super().__init__()
            # One full-resolution 3x3 conv keeps the finest 10 m texture, then stride 2 to 32x32:
            # the full-res layers are what cost most on a CPU, so there is only one narrow one.
            self.stem = nn.Sequential(
                nn.Conv2d(3, 32, 3, 1, 1, bias=False),
                nn.BatchNorm2d(32),
                nn.ReLU(inplace=True),
                nn.Conv2d(32, widths[0], 3, 2, 1, bias=False),
                nn.BatchNorm2d(widths[0]),
                nn.ReLU(inplace=True),
            )
            layers, cin = [], widths[0]
            for stage, (cout, depth) in enumerate(zip(widths, depths)):
                for j in range(depth):
                    layers.append(BasicBlock(cin, cout, 2 if (j == 0 and stage > 0) else 1))
                    cin = cout
            self.stages = nn.Sequential(*layers)
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.dropout = nn.Dropout(0.1)
            self.fc = nn.Linear(cin, num_classes)

        def forward(self, x):
            x = self.pool(self.stages(self.stem(x))).flatten(1)
            return self.fc(self.dropout(x))

    model = EuroSatResNet()
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    return model


class Augmenter:
    """Batch augmentation on uint8 NHWC tensors: the 8 dihedral symmetries, +-4 px translation
    (reflect padding) and mild brightness/contrast/colour jitter. Satellite patches have no "up",
    so rotations and flips are free extra data; the jitter covers sensor and season differences."""

    def __init__(self, generator):
        self.g = generator

    def __call__(self, batch_u8):
        import torch

        g = self.g
        x = batch_u8.permute(0, 3, 1, 2).float()  # NCHW view, values 0..255
        n = x.shape[0]
        # Dihedral group: transpose half of them, then flip H and W independently.
        t = torch.rand(n, generator=g) < 0.5
        x[t] = x[t].transpose(2, 3)
        fh = torch.rand(n, generator=g) < 0.5
        x[fh] = x[fh].flip(2)
        fw = torch.rand(n, generator=g) < 0.5
        x[fw] = x[fw].flip(3)
        # Translation: crop a random 64x64 window from the reflect-padded patch.
        pad = 4
        xp = torch.nn.functional.pad(x, (pad, pad, pad, pad), mode="reflect")
        oy = torch.randint(0, 2 * pad + 1, (n,), generator=g)
        ox = torch.randint(0, 2 * pad + 1, (n,), generator=g)
        x = torch.stack([xp[i, :, oy[i] : oy[i] + 64, ox[i] : ox[i] + 64] for i in range(n)])
        # Colour: brightness and contrast per patch, small gain per channel.
        bright = 1 + (torch.rand(n, 1, 1, 1, generator=g) - 0.5) * 0.2
        contrast = 1 + (torch.rand(n, 1, 1, 1, generator=g) - 0.5) * 0.2
        gain = 1 + (torch.rand(n, 3, 1, 1, generator=g) - 0.5) * 0.06
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        x = ((x - mean) * contrast + mean) * bright * gain
        return x.clamp_(0, 255)


def evaluate(model, images_u8, labels, mean, std, batch: int = 512, bf16: bool = False):
    """Predictions of `model` on uint8 NHWC images; returns (predicted labels, probabilities).

    The per-epoch check runs in bfloat16 (a third of the fp32 cost on this CPU); the reported
    numbers and the export check are fp32, which is what the ONNX model computes."""
    import torch

    model.eval()
    probs = []
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        for i in range(0, len(images_u8), batch):
            x = torch.from_numpy(images_u8[i : i + batch]).permute(0, 3, 1, 2).float()
            x = ((x / 255.0 - mean) / std).contiguous(memory_format=torch.channels_last)
            probs.append(torch.softmax(model(x).float(), dim=1).numpy())
    p = np.concatenate(probs)
    return p.argmax(1), p


def confusion(labels: np.ndarray, pred: np.ndarray, k: int = len(CLASS_NAMES)) -> np.ndarray:
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (labels, pred), 1)
    return cm


def report(cm: np.ndarray) -> dict:
    tp = np.diag(cm).astype(float)
    precision = tp / np.maximum(cm.sum(0), 1)
    recall = tp / np.maximum(cm.sum(1), 1)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return {
        "accuracy": float(tp.sum() / cm.sum()),
        "per_class": {
            name: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for name, p, r, f, s in zip(CLASS_NAMES, precision, recall, f1, cm.sum(1))
        },
        "confusion_matrix": cm.tolist(),
    }


def markdown_report(rep: dict) -> str:
    lines = ["| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, r in rep["per_class"].items():
        lines.append(f"| {name} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | {r['support']} |")
    short = ["AC", "Fo", "HV", "Hw", "In", "Pa", "PC", "Re", "Ri", "SL"]
    lines += ["", "Confusion matrix (rows: true class, columns: predicted):", ""]
    lines.append("| true \\ pred | " + " | ".join(short) + " |")
    lines.append("|---" * (len(short) + 1) + "|")
    for name, row in zip(CLASS_NAMES, rep["confusion_matrix"]):
        lines.append(f"| {name} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def train(args) -> None:
    import torch
    import torch.nn.functional as F  # noqa: N812 - the conventional alias

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    WORK.mkdir(parents=True, exist_ok=True)
    log = open(WORK / "train.log", "a", buffering=1)  # noqa: SIM115 - lives for the whole run

    def say(msg: str) -> None:
        print(msg, flush=True)
        log.write(msg + "\n")

    images, labels, files = load_dataset()
    tr, va = stratified_split(labels)
    write_validation_list([files[i] for i in va])
    # Normalisation statistics from the training split only.
    tr_f = images[tr].reshape(-1, 3).astype(np.float64) / 255.0
    mean_np, std_np = tr_f.mean(0), tr_f.std(0)
    del tr_f
    mean = torch.tensor(mean_np, dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(std_np, dtype=torch.float32).view(1, 3, 1, 1)
    say(f"train {len(tr)} / val {len(va)} patches; mean {mean_np.round(4).tolist()} std {std_np.round(4).tolist()}")

    x_train = torch.from_numpy(images[tr])
    y_train = torch.from_numpy(labels[tr])
    x_val, y_val = images[va], labels[va]

    model = build_model()
    init_acc = -1.0  # a checkpoint is only replaced by a better one, also across runs
    if args.init_from:
        # A second, shorter cycle from an earlier run's best weights (same split, same statistics).
        ckpt = torch.load(args.init_from, map_location="cpu", weights_only=False)
        model.load_state_dict(ckpt["state_dict"])
        init_acc = float(ckpt["val_accuracy"])
        if Path(args.init_from).resolve() != (WORK / "best.pt").resolve():
            torch.save(ckpt, WORK / "best.pt")
        say(f"starting from {args.init_from} (epoch {ckpt['epoch']}, val_acc {ckpt['val_accuracy']:.4f})")
    model = model.to(memory_format=torch.channels_last)
    n_params = sum(p.numel() for p in model.parameters())
    length = f"{args.time_budget_min:g} min budget" if args.time_budget_min else f"{args.epochs} epochs"
    say(f"model: {n_params / 1e6:.2f} M parameters; {length}, batch {args.batch}, max lr {args.lr}")

    # No weight decay on BN and biases: decaying them only fights the normalisation.
    decay = [p for n, p in model.named_parameters() if p.ndim > 1]
    no_decay = [p for n, p in model.named_parameters() if p.ndim <= 1]
    opt = torch.optim.SGD(
        [{"params": decay, "weight_decay": args.wd}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr,
        momentum=0.9,
        nesterov=True,
    )
    steps_per_epoch = len(tr) // args.batch  # drop the ragged last batch: BN dislikes tiny batches
    if args.time_budget_min:
        # The schedule follows the wall clock, not a step count: this machine's 2 cores are shared
        # with other jobs, so the speed of an epoch varies by 3x. A time-driven one-cycle schedule
        # always ends properly annealed at the budget, however many epochs that turned out to be.
        budget_s = args.time_budget_min * 60.0
        args.epochs = 10**6

        def progress() -> float:
            return (time.time() - t_start) / budget_s
    else:
        total_steps = args.epochs * steps_per_epoch

        def progress() -> float:
            return step_count / total_steps

    def lr_at(p: float) -> float:
        # One cycle: linear warm-up over the first 20 %, then cosine down to ~0.
        lo, hi, end, warm = args.lr / 20, args.lr, args.lr * 1e-4, 0.2
        if p < warm:
            return lo + (hi - lo) * p / warm
        return end + (hi - end) * 0.5 * (1 + math.cos(math.pi * min(1.0, (p - warm) / (1 - warm))))

    gen = torch.Generator().manual_seed(args.seed)
    augment = Augmenter(gen)
    best_acc, t_start, step_count, done = init_acc, time.time(), 0, False
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0, seen, loss_sum, correct = time.time(), 0, 0.0, 0
        perm = torch.randperm(len(tr), generator=gen)
        for step in range(steps_per_epoch):
            idx = perm[step * args.batch : (step + 1) * args.batch]
            x = augment(x_train[idx])
            x = ((x / 255.0 - mean) / std).contiguous(memory_format=torch.channels_last)
            y = y_train[idx]
            lr = lr_at(progress())
            for group in opt.param_groups:
                group["lr"] = lr
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=not args.fp32):
                logits = model(x)
                loss = F.cross_entropy(logits.float(), y, label_smoothing=0.1)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step_count += 1
            seen += len(y)
            loss_sum += float(loss.detach()) * len(y)
            correct += int((logits.argmax(1) == y).sum())
            if (args.max_steps and step + 1 >= args.max_steps) or progress() >= 1.0:
                done = True
                break
        t_train = time.time() - t0
        pred, _ = evaluate(model, x_val, y_val, mean, std, bf16=not args.fp32)
        acc = float((pred == y_val).mean())
        improved = acc > best_acc
        if improved:
            best_acc = acc
            torch.save(
                {
                    "state_dict": model.state_dict(),
                    "mean": mean_np.tolist(),
                    "std": std_np.tolist(),
                    "epoch": epoch,
                    "steps": step_count,
                    "val_accuracy": acc,
                    "n_params": n_params,
                    "args": vars(args),
                },
                WORK / "best.pt",
            )
        say(
            f"epoch {epoch:3d} loss {loss_sum / seen:.4f} train_acc {correct / seen:.4f} "
            f"val_acc {acc:.4f}{' *' if improved else ''} lr {lr:.4f} "
            f"train {t_train:.0f}s total {(time.time() - t_start) / 60:.1f} min"
        )
        if done or epoch >= args.epochs:
            break
    minutes = (time.time() - t_start) / 60
    say(f"done: {epoch} epochs, {step_count} steps; best val_acc {best_acc:.4f} in {minutes:.1f} min")
    (WORK / "train_time_min.txt").write_text(f"{(time.time() - t_start) / 60:.1f}\n")


def write_validation_list(val_files: list[str]) -> None:
    VAL_LIST.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# EuroSAT RGB patches held out as the validation split of the bundled default model\n"
        f"# (stratified, {VAL_FRACTION:.0%} per class, seed {SPLIT_SEED}; scripts/train_default_model.py).\n"
        "# The model never saw these: the demo scene and tests/test_default_model.py use only them.\n"
    )
    VAL_LIST.write_text(header + "\n".join(val_files) + "\n")


def read_validation_list(path: Path = VAL_LIST) -> list[str]:
    return [ln.strip() for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]


def export(args) -> None:
    """Best checkpoint -> fp32 ONNX with softmax in the graph and the Geomorph contract metadata."""
    import torch

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import export_onnx

    torch.set_num_threads(args.threads)
    ckpt = torch.load(WORK / "best.pt", map_location="cpu", weights_only=False)
    model = build_model()
    model.load_state_dict(ckpt["state_dict"])
    model.eval()
    mean = torch.tensor(ckpt["mean"], dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(ckpt["std"], dtype=torch.float32).view(1, 3, 1, 1)

    images, labels, files = load_dataset()
    _, va = stratified_split(labels)
    pred, probs = evaluate(model, images[va], labels[va], mean, std)
    rep = report(confusion(labels[va], pred))
    rep.update(epoch=ckpt["epoch"], n_params=ckpt["n_params"], mean=ckpt["mean"], std=ckpt["std"])
    (WORK / "metrics.json").write_text(json.dumps(rep, indent=1))
    (WORK / "metrics.md").write_text(markdown_report(rep) + "\n")
    print(markdown_report(rep))
    acc = rep["accuracy"]
    print(f"validation accuracy (fp32, best epoch {ckpt['epoch']}): {acc:.4f}")

    wrapped = torch.nn.Sequential(model, torch.nn.Softmax(dim=1)).eval()
    metadata = export_onnx.build_metadata(
        class_names=CLASS_NAMES,
        class_colors=CLASS_COLORS,
        model_type="patch_classifier",
        input_bands=["red", "green", "blue"],
        value_scale=255,
        mean=[round(float(v), 6) for v in ckpt["mean"]],
        std=[round(float(v), 6) for v in ckpt["std"]],
        resolution_m=10,
        patch_size=64,
        output_activation="softmax",
        input_layout="NCHW",
        extra={
            "producer": "Geomorph scripts/train_default_model.py (PyTorch, from scratch)",
            "description": (
                "EuroSAT RGB land-cover patch classifier (10 classes, Sentinel-2 RGB at 10 m, 64x64 patches). "
                f"Compact ResNet, {ckpt['n_params'] / 1e6:.2f} M parameters, trained from scratch on "
                f"{round((1 - VAL_FRACTION) * 100)} % of the 21,568 EuroSAT RGB patches in the project's archive; "
                f"validation accuracy {acc:.4f} on the held-out {round(VAL_FRACTION * 100)} % "
                f"({len(va)} patches). See docs/default-model.md."
            ),
            "training_data": "EuroSAT RGB (Helber et al., IEEE JSTARS 2019), MIT licence",
            "validation_accuracy": round(acc, 4),
            "license": "MIT",
        },
    )
    # Rounding mean/std above must not change the model: evaluate the ONNX with the stored values.
    sample_idx = va[:: max(1, len(va) // 256)][:256]
    sample = images[sample_idx].transpose(0, 3, 1, 2).astype(np.float32)
    export_onnx.torch_to_onnx(wrapped, (1, 3, 64, 64), ONNX_OUT)
    export_onnx.write_metadata(ONNX_OUT, metadata, doc_string=json.loads(metadata["description"]))
    # Reference: torch on the same raw input normalised with the metadata's own mean/std.
    m = np.array(json.loads(metadata["mean"]), np.float32).reshape(1, 3, 1, 1)
    s = np.array(json.loads(metadata["std"]), np.float32).reshape(1, 3, 1, 1)
    with torch.no_grad():
        ref = wrapped(torch.from_numpy((sample / 255.0 - m) / s)).numpy()
    export_onnx.check_with_onnxruntime(ONNX_OUT, (sample / 255.0 - m) / s, ref, atol=1e-4)
    print(f"wrote {ONNX_OUT} ({ONNX_OUT.stat().st_size / 1e6:.2f} MB); onnxruntime matches torch")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=50, help="number of epochs (ignored with --time-budget-min)")
    ap.add_argument(
        "--time-budget-min", type=float, default=0, help="train for this many minutes, LR schedule driven by the clock"
    )
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.2, help="OneCycle peak learning rate (SGD, Nesterov)")
    ap.add_argument("--wd", type=float, default=5e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--fp32", action="store_true", help="train in fp32 instead of bfloat16 autocast")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after N steps of one epoch (timing runs)")
    ap.add_argument("--init-from", type=Path, help="start from this checkpoint's weights (a second cycle)")
    ap.add_argument("--export-only", action="store_true", help="skip training, export .work/default_model/best.pt")
    ap.add_argument("--no-export", action="store_true")
    args = ap.parse_args(argv)
    if not args.export_only:
        train(args)
    if not args.no_export and not args.max_steps:
        export(args)


if __name__ == "__main__":
    main()
