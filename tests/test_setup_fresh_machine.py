"""scripts/setup on a fresh Debian 12: a ``debootstrap --variant=minbase bookworm`` root.

The root gets the apt sources of a fresh machine of this kind (deb822 only, snapshot URLs in
comment lines, no /etc/apt/sources.list) and the machine's pip configuration, then runs
``scripts/setup`` from a copy of the working tree, twice: the first run installs QGIS 3.40
and the venv, the second must find everything in place and return quickly.

The bare root is built once and kept as a tarball in ``GEOMORPH_SETUP_TEST_CACHE``
(default /var/cache/geomorph-setup-test, outside the repository), next to an apt archive
cache seeded from the host's and a pip cache, so that only the first run ever downloads.
Needs Linux and root (debootstrap, mount, chroot), like the test cluster.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_setup_sources import DEBIAN_SOURCES

REPO = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("GEOMORPH_SETUP_TEST_CACHE", "/var/cache/geomorph-setup-test"))
BASE_TAR = CACHE / "bookworm-minbase.tar"
SUITE = "bookworm"
REPO_IN_ROOT = "/opt/geomorph"
FIRST_RUN_LIMIT_S = 14 * 60
SECOND_RUN_LIMIT_S = 60
CHROOT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "DEBIAN_FRONTEND": "noninteractive",
}
# This kind of machine reaches PyPI through its pip configuration and keeps the CPU torch
# wheel in /opt/wheels: a fresh machine of the kind has the same, so the root gets them too.
PIP_FILES = ("/etc/pip.conf", "/root/.config/pip/pip.conf")
# The machine's CA bundle (it may trust a local proxy): kept apart, because installing the
# ca-certificates package in the root rewrites /etc/ssl/certs/ca-certificates.crt.
HOST_CA = "/etc/ssl/certs/ca-certificates.crt"
CA_IN_ROOT = "/etc/ssl/geomorph-host-ca.crt"
PIP_DIRS = ("/opt/wheels", "/opt/pypi", "/opt/pypi-more")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0,
                       reason="needs Linux and root (debootstrap, mount, chroot)"),
]


def _run(cmd, timeout=None, env=None, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} exited {result.returncode}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def _mirror() -> str:
    from tests.test_setup_sources import apt_sources

    return os.environ.get("GEOMORPH_TEST_CLUSTER_MIRROR") or apt_sources.mirror()


@contextlib.contextmanager
def _cache_lock():
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def bare_root_tarball() -> Path:
    """The minbase bookworm root as a tarball, built on first use (a few minutes)."""
    with _cache_lock():
        if BASE_TAR.is_file():
            return BASE_TAR
        build = CACHE / "build"
        if build.exists():
            _run(["rm", "-rf", "--one-file-system", str(build)])
        _run(["debootstrap", "--variant=minbase", SUITE, str(build), _mirror()], timeout=1200)
        part = BASE_TAR.with_suffix(".tar.part")
        _run(["tar", "-C", str(build), "--numeric-owner", "-cf", str(part), "."], timeout=600)
        part.replace(BASE_TAR)
        _run(["rm", "-rf", "--one-file-system", str(build)])
        return BASE_TAR


def _seed_apt_archives() -> Path:
    """A shared .deb cache: the host's own downloads (same release, same backports) first."""
    archives = CACHE / "apt-archives"
    (archives / "partial").mkdir(parents=True, exist_ok=True)
    host = Path("/var/cache/apt/archives")
    for deb in host.glob("*.deb"):
        target = archives / deb.name
        if not target.exists():
            try:
                os.link(deb, target)  # same file system: no copy of ~2 GB
            except OSError:
                shutil.copy2(deb, target)
    return archives


def _mounts_under(root: Path) -> list[str]:
    prefix = str(root)
    with open("/proc/self/mountinfo") as f:
        points = [line.split()[4] for line in f]
    return [p for p in points if p == prefix or p.startswith(prefix + "/")]


class FreshRoot:
    def __init__(self, root: Path):
        self.root = root
        self.mounted: list[Path] = []

    def path(self, inside: str) -> Path:
        return self.root / inside.lstrip("/")

    def prepare(self) -> None:
        _run(["tar", "-C", str(self.root), "--numeric-owner", "-xf", str(bare_root_tarball())], timeout=600)
        apt = self.path("/etc/apt")
        (apt / "sources.list").unlink(missing_ok=True)  # debootstrap writes one; a fresh machine has none
        (apt / "sources.list.d").mkdir(parents=True, exist_ok=True)
        (apt / "sources.list.d" / "debian.sources").write_text(DEBIAN_SOURCES)
        policy = self.path("/usr/sbin/policy-rc.d")  # package scripts must not start daemons here
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
        shutil.copyfile("/etc/resolv.conf", self.path("/etc/resolv.conf"))
        for name in PIP_FILES:
            if Path(name).is_file():
                self.path(name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(name, self.path(name))
        if Path(HOST_CA).is_file():
            self.path(CA_IN_ROOT).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HOST_CA, self.path(CA_IN_ROOT))
        # The working tree as a user has it (tracked and untracked files, nothing git ignores).
        listed = _run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"]).stdout
        dest = self.path(REPO_IN_ROOT)
        for rel in filter(None, listed.split("\0")):
            src = REPO / rel
            if src.is_file():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)

    def mount(self) -> None:
        binds = [("proc", "/proc"), ("/dev", "/dev"), ("/dev/pts", "/dev/pts"), ("/dev/shm", "/dev/shm"),
                 (str(_seed_apt_archives()), "/var/cache/apt/archives"),
                 (str(CACHE / "pip-cache"), "/root/.cache/pip")]
        binds += [(d, d) for d in PIP_DIRS if Path(d).is_dir()]
        (CACHE / "pip-cache").mkdir(parents=True, exist_ok=True)
        for source, inside in binds:
            target = self.path(inside)
            target.mkdir(parents=True, exist_ok=True)
            cmd = ["mount", "-t", "proc", "proc", str(target)] if source == "proc" else \
                ["mount", "--bind", source, str(target)]
            _run(cmd)
            self.mounted.append(target)

    def unmount(self) -> None:
        for target in reversed(self.mounted):
            if _run(["umount", str(target)], check=False).returncode != 0:
                _run(["umount", "-l", str(target)], check=False)
        self.mounted.clear()

    def remove(self) -> None:
        self.unmount()
        left = _mounts_under(self.root)
        assert not left, f"still mounted, not deleting {self.root}: {left}"
        _run(["rm", "-rf", "--one-file-system", str(self.root)], timeout=600)

    def run(self, command: list[str], timeout: float, check=True) -> subprocess.CompletedProcess:
        env = dict(CHROOT_ENV)
        env.update({k: v for k, v in os.environ.items() if k.startswith("PIP_")})
        if self.path(CA_IN_ROOT).is_file():
            env["PIP_CERT"] = CA_IN_ROOT
        return _run(["chroot", str(self.root), *command], timeout=timeout, env=env, check=check)


# scripts/setup writes this when it installed QGIS on a machine that had none: that run was the
# fresh-machine install, so repeating it in a root would only cost CI its time (a debootstrap and
# a second QGIS install, ~8 min on 2 cores); the second run's check runs on the machine itself.
FROM_SCRATCH = REPO / ".venv" / ".installed-from-scratch"
FROM_SCRATCH_MAX_AGE_S = 24 * 3600


def _set_up_from_scratch_here() -> bool:
    try:
        return time.time() - FROM_SCRATCH.stat().st_mtime < FROM_SCRATCH_MAX_AGE_S
    except FileNotFoundError:
        return False


@pytest.fixture
def fresh_root(tmp_path):
    if _set_up_from_scratch_here():
        pytest.skip("this checkout's scripts/setup installed QGIS on this machine from nothing today: that was "
                    "the fresh-machine run (test_setup_again_here checks that a second run installs nothing)")
    root = FreshRoot(tmp_path / "root")
    root.root.mkdir()
    try:
        root.prepare()
        root.mount()
        yield root
    finally:
        root.remove()


def test_setup_on_a_fresh_bookworm_root_then_again_quickly(fresh_root):
    assert not fresh_root.path("/etc/apt/sources.list").exists()
    assert not fresh_root.path("/usr/bin/qgis_process").exists()
    setup = f"{REPO_IN_ROOT}/scripts/setup"

    start = time.monotonic()
    first = fresh_root.run([setup], timeout=FIRST_RUN_LIMIT_S)
    first_s = time.monotonic() - start
    print(f"first setup run: {first_s:.0f} s")
    assert "setup: QGIS 3.40" in first.stdout, first.stdout + first.stderr
    # Backports were added in deb822 form, with the active mirror, not the snapshot in a comment.
    backports = fresh_root.path("/etc/apt/sources.list.d/bookworm-backports.sources").read_text()
    assert "URIs: http://deb.debian.org/debian\n" in backports and "snapshot" not in backports

    version = fresh_root.run(["env", "QT_QPA_PLATFORM=offscreen", "qgis_process", "--version"], timeout=120)
    assert version.stdout.startswith("QGIS 3.40"), version.stdout
    imports = fresh_root.run([f"{REPO_IN_ROOT}/.venv/bin/python", "-c",
                              "import onnxruntime, paramiko, qgis.core; "
                              "print(onnxruntime.__version__, paramiko.__version__)"], timeout=300)
    assert imports.stdout.split() == ["1.31.1", "5.1.0"], imports.stdout
    assert fresh_root.path(f"{REPO_IN_ROOT}/i18n/geomorph_it.qm").stat().st_size > 0

    dpkg_log = fresh_root.path("/var/log/dpkg.log")
    stamp = fresh_root.path(f"{REPO_IN_ROOT}/.venv/.requirements.sha256")
    before = (dpkg_log.stat().st_size, stamp.stat().st_mtime_ns)
    start = time.monotonic()
    second = fresh_root.run([setup], timeout=SECOND_RUN_LIMIT_S * 3)
    second_s = time.monotonic() - start
    print(f"second setup run: {second_s:.1f} s")
    assert "setup: QGIS 3.40" in second.stdout
    # Nothing installed again (neither by apt nor pip), and it returns in seconds.
    assert (dpkg_log.stat().st_size, stamp.stat().st_mtime_ns) == before
    assert second_s < SECOND_RUN_LIMIT_S, f"second run took {second_s:.0f} s"


def test_setup_again_here_installs_nothing_and_returns_quickly():
    """On a machine that this checkout's scripts/setup installed from nothing (CI on a fresh
    machine): the second run, on the machine itself, finds everything in place."""
    if not _set_up_from_scratch_here():
        pytest.skip("scripts/setup did not install QGIS here from nothing today: the fresh-root test covers it")
    dpkg_log = Path("/var/log/dpkg.log")
    stamp = REPO / ".venv" / ".requirements.sha256"
    before = (dpkg_log.stat().st_size if dpkg_log.exists() else 0, stamp.stat().st_mtime_ns)
    start = time.monotonic()
    second = _run([str(REPO / "scripts" / "setup")], timeout=SECOND_RUN_LIMIT_S * 3)
    second_s = time.monotonic() - start
    assert "setup: QGIS 3.40" in second.stdout
    assert (dpkg_log.stat().st_size if dpkg_log.exists() else 0, stamp.stat().st_mtime_ns) == before
    assert second_s < SECOND_RUN_LIMIT_S, f"second run took {second_s:.0f} s"
