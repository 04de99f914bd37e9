#!/usr/bin/env python3
"""Time the README's test command (``.ci/run``) on a fresh machine: a bare Debian 12 root.

CI runs on a developer's machine where QGIS, the venv, the test cluster's root and the MicMac
build already exist, so it cannot see what a first install costs. This script makes a
``debootstrap --variant=minbase bookworm`` root (the tooling of
``tests/test_setup_fresh_machine.py``), gives it git (a fresh machine of this kind has it), clones
the repository's HEAD into it (``/opt/geomorph``, with the shared data read-only beside it in
``/opt/shared``: commit first) and runs
``CI=true .ci/run`` there: ``scripts/setup`` installs QGIS and the venv, ``scripts/run-tests``
builds MicMac in the background, builds the test cluster's own trixie root and runs every test.
Each output line is written to the log with the seconds since the start, and the script
prints when setup ended and the total. Only the apt and pip download caches are shared with
the host (downloads, not builds). The host's own test cluster must be stopped first: the one
in the fresh root uses the same loopback ports.

    sudo .venv/bin/python scripts/fresh_machine_ci.py [--keep] [--dir /var/tmp/geomorph-fresh-ci]

Needs Linux and root.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.test_setup_fresh_machine import (  # noqa: E402
    CA_IN_ROOT,
    CHROOT_ENV,
    REPO_IN_ROOT,
    FreshRoot,
    _mounts_under,
)

SHARED_IN_ROOT = str(Path(REPO_IN_ROOT).parent / "shared")


def _unmount_everything(root: Path) -> None:
    # The tests mount /proc and /dev into the test cluster's root inside this one.
    for point in sorted(_mounts_under(root), key=len, reverse=True):
        if subprocess.run(["umount", point], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", point], capture_output=True)


def _bind_shared(fresh: FreshRoot, shared: Path) -> None:
    target = fresh.path(SHARED_IN_ROOT)
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "--bind", str(shared), str(target)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], check=True)
    fresh.mounted.append(target)


def _clone_head(fresh: FreshRoot) -> None:
    """The committed HEAD, as a user's clone (git in it: a test lists the tree with it)."""
    # The machine's CAs (it may trust a local proxy) as local ones, so that every later rebuild of
    # the bundle (installing ca-certificates here, in scripts/setup, in the test cluster) keeps them,
    # as on a machine of this kind.
    local_cas = fresh.path("/usr/local/share/ca-certificates")
    local_cas.mkdir(parents=True, exist_ok=True)
    shutil.copyfile("/etc/ssl/certs/ca-certificates.crt", local_cas / "machine-bundle.crt")
    env = dict(CHROOT_ENV)
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "git", "ca-certificates"]):
        subprocess.run(["chroot", str(fresh.root), *cmd], check=True, env=env, stdout=subprocess.DEVNULL)
    dest = fresh.path(REPO_IN_ROOT)
    shutil.rmtree(dest)
    subprocess.run(["git", "clone", "-q", "--no-local", str(REPO), str(dest)], check=True)


def _remove(root: Path) -> None:
    _unmount_everything(root)
    left = _mounts_under(root)
    if left:
        print(f"still mounted, not deleting {root}: {left}", file=sys.stderr)
        return
    subprocess.run(["rm", "-rf", "--one-file-system", str(root)], check=False)


def _run_logged(fresh: FreshRoot, command: list[str], log_path: Path, start: float) -> int:
    env = dict(CHROOT_ENV, CI="true")
    env.update({k: v for k, v in os.environ.items() if k.startswith("PIP_")})
    if fresh.path(CA_IN_ROOT).is_file():
        env["PIP_CERT"] = CA_IN_ROOT
    setup_done = None
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(["chroot", str(fresh.root), *command], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, bufsize=1)
        for line in proc.stdout:
            elapsed = time.monotonic() - start
            log.write(f"[{elapsed:7.0f} s] {line}")
            log.flush()
            if setup_done is None and line.startswith("setup: QGIS"):
                setup_done = elapsed
                print(f"setup finished after {elapsed / 60:.1f} min", flush=True)
        rc = proc.wait()
    return rc


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=Path("/var/tmp/geomorph-fresh-ci"),
                        help="where the fresh root and the log go (removed and made anew)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder")
    parser.add_argument("--keep", action="store_true", help="keep the root afterwards (to look inside)")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        parser.error("needs root (debootstrap, mount, chroot)")
    if subprocess.run([sys.executable, str(REPO / "scripts" / "test_cluster.py"), "status"],
                      capture_output=True, text=True).stdout.find("condor: up") >= 0:
        parser.error("the host's test cluster is running: stop it first (scripts/test-cluster stop)")
    root_dir = args.dir / "root"
    if args.dir.exists():
        _remove(args.dir)
    root_dir.mkdir(parents=True)
    fresh = FreshRoot(root_dir)
    log_path = args.dir / "ci.log"
    rc = 1
    start = time.monotonic()
    try:
        fresh.prepare()
        fresh.mount()
        _clone_head(fresh)
        _bind_shared(fresh, args.shared.resolve())
        # The clock starts here: a fresh machine of this kind has the clone, git and nothing else.
        start = time.monotonic()
        print(f"fresh root ready; log: {log_path}", flush=True)
        rc = _run_logged(fresh, [f"{REPO_IN_ROOT}/.ci/run"], log_path, start)
    finally:
        fresh.mounted.clear()
        if args.keep:
            _unmount_everything(root_dir)
        else:
            _remove(root_dir)
    total = (time.monotonic() - start) / 60
    print(f".ci/run exited {rc} after {total:.1f} min in all (the log has the tail)", flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
