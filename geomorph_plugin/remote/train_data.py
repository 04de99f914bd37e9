"""The training dataset on the node: check the folder, load its tiles, augment batches (numpy).

Reads the folder written by ``geomorph:exporttrainingdata`` (format ``geomorph-training-dataset``
version 1, docs/training.md): ``manifest.json``, ``tiles.csv``, GeoTIFF tiles (and masks for
segmentation) under ``train/`` and ``val/``. A folder that is not such a dataset, or one that
cannot train a classifier (fewer than two classes, no training or no validation tiles), is an
``InputError``: DAGMan does not retry it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .common import InputError

FORMAT = "geomorph-training-dataset"
SEGMENTATION = "segmentation"
PATCH = "patch_classifier"
IGNORE = 255


@dataclass
class Split:
    images: np.ndarray  # N x C x T x T, the raster's dtype
    labels: np.ndarray  # N x T x T uint8 masks (segmentation) or N int64 (patches)

    def __len__(self) -> int:
        return int(self.images.shape[0])


@dataclass
class Dataset:
    root: Path
    manifest: dict
    train: Split
    val: Split

    @property
    def model_type(self) -> str:
        return self.manifest["model_type"]

    @property
    def class_names(self) -> list:
        return list(self.manifest["class_names"])

    @property
    def channels(self) -> int:
        return int(self.train.images.shape[1])

    @property
    def tile_size(self) -> int:
        return int(self.manifest["tile_size"])

    @property
    def value_scale(self) -> float:
        return float(self.manifest.get("value_scale") or 1.0)

    @property
    def mean(self) -> np.ndarray:
        """Per band, on the scaled values (raw / value_scale), as the model contract wants it."""
        return np.asarray(self.manifest["train_mean"], np.float32) / self.value_scale

    @property
    def std(self) -> np.ndarray:
        std = np.asarray(self.manifest["train_std"], np.float32) / self.value_scale
        return np.where(std > 0, std, 1.0).astype(np.float32)


def read_manifest(root: Path) -> dict:
    path = Path(root) / "manifest.json"
    if not path.is_file():
        raise InputError(f"{root} is not a Geomorph training dataset: it has no manifest.json. Make one with "
                         f"geomorph:exporttrainingdata and give that folder.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{path} is not valid JSON ({exc}): export the dataset again.") from exc
    if manifest.get("format") != FORMAT or int(manifest.get("format_version", 0)) != 1:
        raise InputError(f"{path} is not a {FORMAT} version 1 manifest: export the dataset again with this "
                         f"Geomorph version.")
    names = manifest.get("class_names") or []
    if len(names) < 2:
        raise InputError(f"the dataset {root} has {len(names)} class(es); a classifier needs at least two. Label "
                         f"at least two classes and export again.")
    if manifest.get("model_type") not in (SEGMENTATION, PATCH):
        raise InputError(f"the dataset's model_type {manifest.get('model_type')!r} is not segmentation or "
                         f"patch_classifier.")
    for key in ("tile_size", "resolution_m", "train_mean", "train_std", "class_colors"):
        if key not in manifest:
            raise InputError(f"{path} has no {key}: export the dataset again.")
    return manifest


def _read_tif(path: Path) -> np.ndarray:
    from osgeo import gdal

    try:
        ds = gdal.Open(str(path))
    except RuntimeError:  # GDAL with exceptions on
        ds = None
    if ds is None:
        raise InputError(f"the dataset file {path} is missing or not a GeoTIFF: export the dataset again.")
    data = ds.ReadAsArray()
    return data[None] if data.ndim == 2 else data


def _rows(root: Path) -> list:
    path = root / "tiles.csv"
    if not path.is_file():
        raise InputError(f"the dataset {root} has no tiles.csv: export the dataset again.")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_dataset(root) -> Dataset:
    """Every tile in memory (datasets drawn by hand are small: 1000 RGB tiles of 256 px are 200 MB)."""
    root = Path(root)
    manifest = read_manifest(root)
    rows = _rows(root)
    k = len(manifest["class_names"])
    splits = {}
    for side in ("train", "val"):
        chosen = [r for r in rows if r.get("split") == side]
        if not chosen:
            raise InputError(f"the dataset {root} has no {side} tiles: export it again with polygons in more places.")
        images, labels = [], []
        for row in chosen:
            images.append(_read_tif(root / row["image"]))
            if manifest["model_type"] == SEGMENTATION:
                labels.append(_read_tif(root / row["mask"])[0].astype(np.uint8))
            else:
                labels.append(int(row["label_index"]))
        stack = np.stack(images)
        t = int(manifest["tile_size"])
        if stack.shape[2:] != (t, t):
            raise InputError(f"the {side} tiles are {stack.shape[2]} x {stack.shape[3]} pixels, not the manifest's "
                             f"tile_size {t}: export the dataset again.")
        label_array = np.stack(labels) if manifest["model_type"] == SEGMENTATION else np.asarray(labels, np.int64)
        valid = label_array[label_array != IGNORE]
        if valid.size and (valid.min() < 0 or valid.max() >= k):
            raise InputError(f"the {side} labels hold class {int(valid.max())}, but the dataset has {k} classes.")
        splits[side] = Split(stack, label_array)
    return Dataset(root, manifest, splits["train"], splits["val"])


def class_weights(dataset: Dataset) -> np.ndarray:
    """1/sqrt(frequency), mean 1: rare classes count more without drowning the loss in noise."""
    counts = dataset.manifest.get("counts", {}).get("train", {})
    freq = np.array([max(1, int(counts.get(n, 0))) for n in dataset.class_names], np.float64)
    weights = 1.0 / np.sqrt(freq / freq.sum())
    return (weights / weights.mean()).astype(np.float32)


def normalise(images: np.ndarray, dataset: Dataset) -> np.ndarray:
    x = images.astype(np.float32) / dataset.value_scale
    return (x - dataset.mean[None, :, None, None]) / dataset.std[None, :, None, None]


def augment(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator, brightness: float = 0.2):
    """Random flips, 90-degree rotations and a brightness factor per tile (raw values, before
    normalisation). Masks get the same flips and rotations; patch labels stay."""
    images = images.astype(np.float32, copy=True)
    labels = labels.copy()
    segment = labels.ndim == 3
    for i in range(images.shape[0]):
        k = int(rng.integers(4))
        flip = bool(rng.integers(2))
        img = np.rot90(images[i], k, axes=(1, 2))
        if flip:
            img = img[:, :, ::-1]
        images[i] = img
        if segment:
            lab = np.rot90(labels[i], k, axes=(0, 1))
            labels[i] = lab[:, ::-1] if flip else lab
        if brightness > 0:
            images[i] *= float(rng.uniform(1.0 - brightness, 1.0 + brightness))
    return images, labels
