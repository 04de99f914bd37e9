"""Real EuroSAT RGB patches from the shared data archive, for the tests that need them."""

from __future__ import annotations

import importlib.util
import io
import tarfile
from pathlib import Path

import numpy as np
import pytest


def _training_script():
    """scripts/train_default_model.py, which defines the class order of every EuroSAT model here."""
    spec = importlib.util.spec_from_file_location(
        "train_default_model", Path(__file__).resolve().parents[1] / "scripts" / "train_default_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The archive's class folders, in the alphabetical order the bundled model was trained and exported with.
CLASSES = list(_training_script().CLASS_NAMES)


def archive_path(shared_data: Path) -> Path:
    path = shared_data / "eurosat-rgb" / "eurosat-rgb-train.tar"
    if not path.is_file():
        pytest.fail(f"{path} is missing: set GEOMORPH_SHARED_DATA to the shared data folder")
    return path


def _decode(archive: tarfile.TarFile, member: tarfile.TarInfo) -> np.ndarray:
    from PIL import Image

    rgb = Image.open(io.BytesIO(archive.extractfile(member).read())).convert("RGB")
    return np.asarray(rgb, dtype=np.uint8)


def read_named(shared_data: Path, names: list[str]) -> dict[str, np.ndarray]:
    """The patches with these archive names, as uint8 H x W x 3 arrays."""
    wanted, out = set(names), {}
    with tarfile.open(archive_path(shared_data)) as archive:
        for member in archive:
            if member.name in wanted:
                out[member.name] = _decode(archive, member)
    assert len(out) == len(wanted), "patches missing from the archive"
    return out


def first_per_class(shared_data: Path, per_class: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``per_class`` patches of every class: uint8 N x H x W x 3, and class indices."""
    images, labels, counts = [], [], dict.fromkeys(CLASSES, 0)
    with tarfile.open(archive_path(shared_data)) as archive:
        for member in archive:
            cls = member.name.split("/")[0]
            if not member.isfile() or cls not in counts or counts[cls] >= per_class:
                continue
            images.append(_decode(archive, member))
            labels.append(CLASSES.index(cls))
            counts[cls] += 1
            if all(v >= per_class for v in counts.values()):
                break
    return np.stack(images), np.array(labels)
