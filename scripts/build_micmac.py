#!/usr/bin/python3
"""Build MicMac's ``mm3d`` once per machine from the source snapshot, into a cache outside the repository.

The cache is keyed by the tarball's SHA-256, so a new snapshot builds anew and the same one
never builds twice (CI caches, developer machines, the fresh-machine test all share it).

    scripts/build-micmac [--background] [--wait SECONDS] [--print-dir]

Stdlib only. Needs ``cmake g++ make libx11-dev zlib1g-dev`` (``scripts/setup`` installs them).
Build time: about 39 CPU-minutes (20-30 min on 2 cores). ``--background`` returns at once and
builds in a detached process (``scripts/run-tests`` starts it before the tests so that the
build overlaps the tests that do not need MicMac); ``wait_for_build()`` then blocks until it
is there.

Environment:
  GEOMORPH_MICMAC_TARBALL  default ../shared/src/micmac/micmac-src.tar.xz (beside the repository)
  GEOMORPH_MICMAC_CACHE    default /var/cache/geomorph/micmac (root) or ~/.cache/geomorph/micmac
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILT_MARKER = ".geomorph-built"
# The snapshot leaves out the prebuilt SIFT detector that Tapioca calls by default; MicMac's own
# ``mm3d Sift`` is the same detector (a port of siftpp) with the same command line.
SIFT_WRAPPER = "binaire-aux/linux/siftpp_tgi.LINUX"
SIFT_WRAPPER_TEXT = '#!/bin/sh\nexec "$(dirname "$0")/../../bin/mm3d" Sift "$@"\n'
# What mm3d needs at run time: it finds its data relative to bin/ (MMDir), keep the tree together.
RUNTIME_DIRS = ("bin", "include", "binaire-aux", "data", "lib")


def log(message: str) -> None:
    print(f"[build-micmac {time.strftime('%H:%M:%S')}] {message}", flush=True)


def tarball() -> Path:
    configured = os.environ.get("GEOMORPH_MICMAC_TARBALL")
    return Path(configured) if configured else REPO.parent / "shared" / "src" / "micmac" / "micmac-src.tar.xz"


def cache_root() -> Path:
    configured = os.environ.get("GEOMORPH_MICMAC_CACHE")
    if configured:
        return Path(configured)
    if os.geteuid() == 0:
        return Path("/var/cache/geomorph/micmac")
    return Path.home() / ".cache" / "geomorph" / "micmac"


def source_key(path: Path | None = None) -> str:
    digest = hashlib.sha256()
    with open(path or tarball(), "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def build_dir(key: str | None = None) -> Path:
    return cache_root() / (key or source_key())


def install_dir(key: str | None = None) -> Path:
    """The MicMac tree (``bin/mm3d``...) of the current snapshot."""
    return build_dir(key) / "micmac"


def is_built(key: str | None = None) -> bool:
    return (build_dir(key) / BUILT_MARKER).exists()


@contextlib.contextmanager
def _lock(key: str):
    cache_root().mkdir(parents=True, exist_ok=True)
    with open(cache_root() / f"{key}.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _run(argv, cwd, log_file) -> None:
    log(" ".join(str(a) for a in argv))
    with open(log_file, "a") as out:
        rc = subprocess.call([str(a) for a in argv], cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    if rc != 0:
        tail = Path(log_file).read_text(errors="replace").splitlines()[-30:]
        raise RuntimeError(f"{argv[0]} failed with exit code {rc}; last lines of {log_file}:\n" + "\n".join(tail))


def finish(tree: Path) -> None:
    """After ``make install``: the SIFT wrapper, a smoke test, and the object files removed."""
    wrapper = tree / SIFT_WRAPPER
    if not wrapper.exists():
        wrapper.parent.mkdir(parents=True, exist_ok=True)
        wrapper.write_text(SIFT_WRAPPER_TEXT)
    wrapper.chmod(0o755)
    for aux in (tree / "binaire-aux" / "linux").iterdir():
        aux.chmod(aux.stat().st_mode | 0o755)
    mm3d = tree / "bin" / "mm3d"
    res = subprocess.run([str(mm3d), "-help"], capture_output=True, text=True, timeout=60)
    if "Tapioca" not in res.stdout + res.stderr:
        raise RuntimeError(f"{mm3d} does not run: {(res.stdout + res.stderr)[-2000:]}")
    # The object files are about a gigabyte and nothing runs from them.
    shutil.rmtree(tree / "build", ignore_errors=True)


def build(jobs: int | None = None) -> Path:
    """Build the current snapshot unless the cache has it; returns the MicMac tree."""
    key = source_key()
    if is_built(key):
        return install_dir(key)
    with _lock(key):
        if is_built(key):
            return install_dir(key)
        started = time.monotonic()
        root = build_dir(key)
        if root.exists():
            log(f"removing an unfinished build in {root}")
            shutil.rmtree(root)
        root.mkdir(parents=True)
        log_file = root / "build.log"
        log(f"building MicMac from {tarball()} in {root} (log: {log_file}); about 39 CPU-minutes")
        with tarfile.open(tarball()) as tar:
            tar.extractall(root, filter="data") if sys.version_info >= (3, 12) else tar.extractall(root)  # noqa: S202
        tree = install_dir(key)
        (tree / "build").mkdir(exist_ok=True)
        _run(["cmake", "..", "-DWITH_QT5=OFF", "-DCMAKE_BUILD_TYPE=Release", "-DWITH_CCACHE=OFF"], tree / "build",
             log_file)
        _run(["make", f"-j{jobs or os.cpu_count() or 2}", "install"], tree / "build", log_file)
        finish(tree)
        (root / BUILT_MARKER).write_text(f"built in {time.monotonic() - started:.0f} s\n")
        log(f"MicMac built in {time.monotonic() - started:.0f} s: {tree / 'bin' / 'mm3d'}")
        return tree


def start_background() -> None:
    """Build in a detached process unless the cache has it (returns at once)."""
    if is_built():
        return
    cache_root().mkdir(parents=True, exist_ok=True)
    out = open(cache_root() / "background-build.log", "a")  # noqa: SIM115 - handed to the child
    subprocess.Popen([sys.executable, str(Path(__file__).resolve())], stdout=out, stderr=subprocess.STDOUT,
                     stdin=subprocess.DEVNULL, start_new_session=True)
    log(f"building MicMac in the background (log: {cache_root() / 'background-build.log'})")


def wait_for_build() -> Path:
    """The MicMac tree: at once when cached, after a running build when one runs (the lock
    serialises them), else built here."""
    return build()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--background", action="store_true", help="start the build in the background and return")
    parser.add_argument("--print-dir", action="store_true", help="print the MicMac tree (build first if needed)")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    if args.background:
        start_background()
        return 0
    tree = build(args.jobs)
    print(tree if args.print_dir else f"mm3d: {tree / 'bin' / 'mm3d'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
