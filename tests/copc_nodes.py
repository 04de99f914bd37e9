"""COPC files made the way the cluster nodes make them: the node code run inside the test cluster's
chroot (its Debian Python with copclib), as user geomorph, never in the test's own process."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]


def chroot_root() -> Path:
    spec = importlib.util.spec_from_file_location("geomorph_test_cluster_copc", REPO / "scripts" / "test_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = Path(module.root_dir())
    if os.geteuid() != 0 or not module.is_built():
        pytest.skip("needs root and the test cluster's chroot: run scripts/test-cluster start")
    module.start()  # installs what an older root lacks (copclib)
    return root


def run_node_python(code: str, files: dict[str, bytes], env: dict | None = None):
    """Run ``code`` with ``python3`` in a fresh folder of the chroot that holds the node package
    (``geomorph_remote``) and ``files``; returns (completed process, host path of the folder)."""
    root = chroot_root()
    inside = f"/home/geomorph/geomorph-copc-{uuid.uuid4().hex[:8]}"
    folder = root / inside.lstrip("/")
    shutil.copytree(REPO / "geomorph_plugin" / "remote", folder / "geomorph_remote",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    subprocess.run(["chown", "-R", "2000:2000", str(folder)], check=True)
    # No PATH, as under HTCondor: the shell finds python3 through its default, and Python cannot
    # tell its own sys.executable then.
    variables = ["HOME=/home/geomorph", "LANG=C.UTF-8"]
    variables += [f"{k}={v}" for k, v in (env or {}).items()]
    res = subprocess.run(["chroot", "--userspec=2000:2000", str(root), "/usr/bin/env", "-i", *variables, "/bin/sh",
                          "-c", 'cd "$1" && exec python3 -c "$2"', "sh", inside, code],
                         capture_output=True, text=True, timeout=300)
    return res, folder


def node_copc(dest: Path, xyz: np.ndarray, rgb: np.ndarray, epsg: int = 32615) -> Path:
    """``dest`` (``*.copc.laz``): the cloud written as LAS, then COPC, by the node code in the chroot."""
    np.save(dest.with_suffix(".npy"), np.concatenate([xyz, rgb.astype(np.float64)], axis=1))
    code = ("import numpy as np; from pathlib import Path; from geomorph_remote import pointcloud as pc; "
            "a = np.load('cloud.npy'); pc.write_las(Path('c.las'), a[:, :3], a[:, 3:].astype(np.uint8), "
            f"{epsg}); reason = pc.write_copc(Path('c.las'), Path('c.copc.laz'), {epsg}, 2); "
            "assert not reason, reason")
    res, folder = run_node_python(code, {"cloud.npy": dest.with_suffix(".npy").read_bytes()})
    try:
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
        shutil.copy(folder / "c.copc.laz", dest)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        dest.with_suffix(".npy").unlink()
    return dest
