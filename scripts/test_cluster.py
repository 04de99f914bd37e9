#!/usr/bin/python3
"""Local test cluster for Geomorph: an HTCondor personal pool plus sshd,
running inside a Debian trixie chroot and reachable only on 127.0.0.1.

Stdlib only; must run as root (debootstrap, mount, chroot).

CLI:    scripts/test-cluster start [--slots N] | stop | status | info
Python: start(slots=None) -> dict, stop(), status() -> dict, info() -> dict

Environment:
  GEOMORPH_TEST_CLUSTER_DIR          state dir (default /var/lib/geomorph-test-cluster)
  GEOMORPH_TEST_CLUSTER_SLOTS        cores the pool offers (NUM_CPUS, one partitionable slot), default 4
  GEOMORPH_TEST_CLUSTER_PORT         sshd port on 127.0.0.1, default 2222
  GEOMORPH_TEST_CLUSTER_CONDOR_PORT  collector/shared port on 127.0.0.1, default 9618
  GEOMORPH_TEST_CLUSTER_MIRROR       Debian mirror (default: from the host's apt sources)
"""

import argparse
import base64
import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DIR = "/var/lib/geomorph-test-cluster"
SUITE = "trixie"
# Installed when the root is built; `start` installs any of them an older root lacks (ensure_packages),
# so adding a package here reaches existing roots and CI caches without a rebuild.
PACKAGES = [
    "htcondor", "openssh-server", "colmap", "gdal-bin", "python3",
    "python3-gdal", "python3-numpy", "procps", "python3-pip",
    # geomorph:trainlandcover's node side: PyTorch 2.6 (CPU) trains, python3-onnx writes the
    # model contract's metadata into the exported file (the TorchScript exporter needs no onnxscript).
    "python3-torch", "python3-onnx",
    # MicMac's run-time needs (mm3d itself is built on the host, see ensure_micmac): X11 and zlib
    # are linked in, make runs its parallel sub-tasks, exiftool and exiv2 read the photos' EXIF,
    # ImageMagick's convert turns JPEGs into the TIFFs MicMac works on.
    "libx11-6", "zlib1g", "make", "libimage-exiftool-perl", "exiv2", "imagemagick",
]
# Python packages the nodes use that Debian does not package, installed with pip into the root's
# system Python (same ensure step as PACKAGES). copclib writes the COPC point cloud: Debian has
# no PDAL (not in trixie, trixie-backports, sid or bookworm).
PIP_PACKAGES = ["copclib==2.6.3"]
USER = "geomorph"
UID = 2000
PASSWORD = "geomorph-test-password"
HOST = "127.0.0.1"
MEMORY_MB = 16384
BUILT_MARKER = ".geomorph-test-cluster-built"
CONDOR_CONF = "/etc/condor/config.d/99-geomorph-test-cluster.conf"
SSHD_CONF = "/etc/ssh/sshd_geomorph_config"
SSHD_PID = "/run/sshd-geomorph.pid"
SSHD_LOG = "/var/log/sshd-geomorph.log"
CHROOT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "DEBIAN_FRONTEND": "noninteractive",
}


# --------------------------------------------------------------------------- paths

def base_dir():
    return os.path.abspath(os.environ.get("GEOMORPH_TEST_CLUSTER_DIR") or DEFAULT_DIR)


def root_dir():
    return os.path.join(base_dir(), "root")


def client_dir():
    return os.path.join(base_dir(), "client")


def state_file():
    return os.path.join(base_dir(), "cluster.json")


def rpath(path):
    """Host path of a path inside the chroot."""
    return os.path.join(root_dir(), path.lstrip("/"))


def _env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def log(msg):
    print(f"[test-cluster] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- helpers

def _run(cmd, check=True, capture=False, env=None, timeout=None):
    res = subprocess.run(
        cmd, check=False, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.STDOUT if capture else None, text=True)
    if check and res.returncode != 0:
        out = f"\n{res.stdout}" if capture else ""
        raise RuntimeError(f"command failed ({res.returncode}): {' '.join(cmd)}{out}")
    return res


def chroot(cmd, check=True, capture=False, timeout=None):
    return _run(["chroot", root_dir()] + list(cmd), check=check, capture=capture,
                env=dict(CHROOT_ENV), timeout=timeout)


def _spawn_daemon(cmd):
    """Start a self-daemonizing program in the chroot, detached from our stdio."""
    subprocess.run(["chroot", root_dir()] + cmd, env=dict(CHROOT_ENV), check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, start_new_session=True, timeout=60)


def _write(path, text, mode=None):
    """Write if changed; returns True when the file content changed."""
    try:
        with open(path) as f:
            if f.read() == text:
                if mode is not None:
                    os.chmod(path, mode)
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(tmp, mode)
    os.replace(tmp, path)
    return True


@contextlib.contextmanager
def _lock():
    os.makedirs(base_dir(), exist_ok=True)
    with open(os.path.join(base_dir(), ".lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _require_root():
    if os.geteuid() != 0:
        raise RuntimeError("the local test cluster needs root (debootstrap, mount, chroot)")


def _mirror():
    env = os.environ.get("GEOMORPH_TEST_CLUSTER_MIRROR")
    if env:
        return env
    spec = importlib.util.spec_from_file_location("apt_sources", Path(__file__).with_name("apt_sources.py"))
    apt_sources = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(apt_sources)
    return apt_sources.mirror()


# --------------------------------------------------------------------------- mounts

def _mounted():
    points = set()
    with open("/proc/self/mountinfo") as f:
        for line in f:
            points.add(line.split()[4].replace("\\040", " "))
    return points


def _mount_all():
    mounts = _mounted()
    plan = [
        (rpath("/proc"), ["mount", "-t", "proc", "proc", rpath("/proc")]),
        (rpath("/dev"), ["mount", "--bind", "/dev", rpath("/dev")]),
        (rpath("/dev/pts"), ["mount", "--bind", "/dev/pts", rpath("/dev/pts")]),
        (rpath("/dev/shm"), ["mount", "--bind", "/dev/shm", rpath("/dev/shm")]),
    ]
    for target, cmd in plan:
        if target in mounts:
            continue
        if not os.path.exists(cmd[-2]) and cmd[1] == "--bind":
            continue
        os.makedirs(target, exist_ok=True)
        _run(cmd)
        mounts = _mounted()


def _umount_all():
    root = root_dir().rstrip("/")
    targets = [m for m in _mounted() if m == root or m.startswith(root + "/")]
    for target in sorted(targets, key=len, reverse=True):
        if _run(["umount", target], check=False, capture=True).returncode != 0:
            _run(["umount", "-l", target], check=False, capture=True)


# --------------------------------------------------------------------------- processes

def _chroot_pids():
    """pid -> comm for every process whose root directory is our chroot."""
    root = os.path.realpath(root_dir())
    pids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{entry}/root") != root:
                continue
            with open(f"/proc/{entry}/comm") as f:
                pids[int(entry)] = f.read().strip()
        except OSError:
            continue
    return pids


def _pids_named(name):
    return [pid for pid, comm in _chroot_pids().items() if comm == name]


def _sshd_pid():
    try:
        with open(rpath(SSHD_PID)) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return None
    return pid if pid in _chroot_pids() else None


def _port_open(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex((HOST, port)) == 0


def _wait(pred, timeout, interval=0.2):
    end = time.monotonic() + timeout
    while True:
        if pred():
            return True
        if time.monotonic() > end:
            return False
        time.sleep(interval)


def _kill(pids, sig):
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


# --------------------------------------------------------------------------- build

def is_built():
    return os.path.exists(rpath(BUILT_MARKER))


def build():
    """debootstrap + apt-get the trixie root once; a root without marker is rebuilt."""
    _require_root()
    if is_built():
        return
    for tool in ("debootstrap", "chroot", "mount"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"'{tool}' not found: apt-get install -y debootstrap")
    root = root_dir()
    t0 = time.monotonic()
    if os.path.exists(root):
        log(f"removing half-built root {root}")
        _kill(list(_chroot_pids()), signal.SIGKILL)
        _umount_all()
        _run(["rm", "-rf", "--one-file-system", root])
    mirror = _mirror()
    log(f"debootstrap {SUITE} from {mirror} into {root} (takes a few minutes)")
    _run(["debootstrap", "--variant=minbase", SUITE, root, mirror])
    _install_packages()
    _write(rpath(BUILT_MARKER), time.strftime("%Y-%m-%dT%H:%M:%S\n"))
    log(f"root built in {time.monotonic() - t0:.0f} s")


def _install_packages():
    _write_hosts()
    _mount_all()
    try:
        _apt_install(PACKAGES)
    finally:
        _umount_all()


def _apt_install(packages):
    """apt-get install in the chroot (mounted); no daemon is started by the package scripts."""
    # Never let package scripts start daemons (they would bind host ports or restart ours).
    _write(rpath("/usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n", 0o755)
    shutil.copyfile("/etc/resolv.conf", rpath("/etc/resolv.conf"))
    chroot(["apt-get", "update"])
    log("installing " + " ".join(packages))
    chroot(["apt-get", "install", "-y", "--no-install-recommends"] + list(packages))
    chroot(["apt-get", "clean"])


def missing_packages(packages=None):
    """The packages of ``packages`` (default PACKAGES) that are not installed in the built root."""
    packages = list(packages or PACKAGES)
    res = chroot(["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n"] + packages, check=False,
                 capture=True, timeout=60)
    installed = set()
    for line in res.stdout.splitlines():
        words = line.split()
        # "pdal ii" when installed; "dpkg-query: no packages found matching pdal" when never installed.
        if len(words) >= 2 and words[1].startswith("ii"):
            installed.add(words[0])
    return [p for p in packages if p not in installed]


def ensure_packages(packages=None):
    """Install what an existing root lacks (a package added to PACKAGES after it was built).

    Runs with the root mounted, while condor and sshd may be running: apt only adds files, and
    policy-rc.d keeps package scripts from starting or restarting daemons. Returns what it installed.
    """
    missing = missing_packages(packages)
    if missing:
        t0 = time.monotonic()
        log(f"the root lacks {', '.join(missing)}: installing (no rebuild)")
        _apt_install(missing)
        still = missing_packages(missing)
        if still:
            raise RuntimeError(f"apt-get did not install {', '.join(still)} in {root_dir()}")
        log(f"installed {', '.join(missing)} in {time.monotonic() - t0:.0f} s")
    return missing + ensure_pip_packages()


MICMAC_DIR = "/opt/micmac"
MICMAC_SOURCE_MARKER = ".geomorph-source"
MICMAC_WRAPPER = "/usr/bin/mm3d"


def _build_micmac_module():
    spec = importlib.util.spec_from_file_location("build_micmac", Path(__file__).resolve().parent / "build_micmac.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ensure_micmac(wait=False):
    """MicMac's tree in the root at /opt/micmac and ``mm3d`` on the nodes' PATH.

    The build is ``scripts/build-micmac``'s (cached outside the repository, once per machine).
    ``wait=False`` (what ``start`` does) installs it only when the cache has it, so that starting
    the cluster never waits half an hour; ``wait=True`` (the MicMac tests' fixture) waits for a
    running build, or builds. Returns the path in the root, or None when not installed.
    """
    bm = _build_micmac_module()
    if not bm.is_built() and not wait:
        return None
    tree = bm.wait_for_build()
    key = tree.parent.name
    dest = rpath(MICMAC_DIR)
    marker = os.path.join(dest, MICMAC_SOURCE_MARKER)
    if os.path.exists(marker) and Path(marker).read_text().strip() == key and os.path.exists(rpath(MICMAC_WRAPPER)):
        return dest
    t0 = time.monotonic()
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for name in bm.RUNTIME_DIRS:
        if (tree / name).is_dir():
            # Hard links when the cache is on the root's file system: no copy of 300 MB.
            try:
                shutil.copytree(tree / name, os.path.join(tmp, name), symlinks=True, copy_function=os.link)
            except OSError:
                shutil.rmtree(os.path.join(tmp, name), ignore_errors=True)
                shutil.copytree(tree / name, os.path.join(tmp, name), symlinks=True)
    Path(tmp, MICMAC_SOURCE_MARKER).write_text(key + "\n")
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(tmp, dest)
    # A wrapper, not a symlink: mm3d finds its data folder relative to its own path. In /usr/bin:
    # HTCondor starts jobs with PATH=/bin:/usr/bin, without /usr/local/bin.
    _write(rpath(MICMAC_WRAPPER), f'#!/bin/sh\nexec {MICMAC_DIR}/bin/mm3d "$@"\n')
    os.chmod(rpath(MICMAC_WRAPPER), 0o755)
    log(f"MicMac {key} installed in the root ({time.monotonic() - t0:.1f} s)")
    return dest


def missing_pip_packages(packages=None):
    """``name==version`` entries of ``packages`` (default PIP_PACKAGES) not installed in the root."""
    packages = list(packages or PIP_PACKAGES)
    # importlib.metadata answers in ~50 ms; "pip list" takes a second on every start.
    code = ("import importlib.metadata as m, sys\n"
            "for name in sys.argv[1:]:\n"
            "    try: print(name + '==' + m.version(name))\n"
            "    except m.PackageNotFoundError: pass\n")
    res = chroot(["python3", "-c", code] + [p.split("==")[0] for p in packages], check=False, capture=True,
                 timeout=120)
    installed = {line.strip().lower() for line in res.stdout.splitlines()}
    return [p for p in packages if p.lower() not in installed]


def ensure_pip_packages(packages=None):
    missing = missing_pip_packages(packages)
    if missing:
        log("pip installing " + " ".join(missing))
        shutil.copyfile("/etc/resolv.conf", rpath("/etc/resolv.conf"))
        # pip inside the root trusts the host's CA bundle and uses the host's index and proxy
        # settings, so that it works wherever the host's own pip does (mirrors, TLS proxies).
        cert = "/etc/ssl/certs/ca-certificates.crt"
        args = []
        if os.path.exists(cert):
            shutil.copyfile(cert, rpath("/etc/geomorph-host-ca.crt"))
            args = ["--cert", "/etc/geomorph-host-ca.crt"]
        env = dict(CHROOT_ENV)
        env.update({k: v for k, v in os.environ.items()
                    if k in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST", "HTTP_PROXY", "HTTPS_PROXY",
                             "NO_PROXY", "http_proxy", "https_proxy", "no_proxy")})
        # The root is a throw-away test system: its own Python may take pip packages.
        _run(["chroot", root_dir(), "python3", "-m", "pip", "install", "--break-system-packages", "--no-cache-dir",
              "--disable-pip-version-check", "--root-user-action=ignore"] + args + missing, env=env, timeout=600)
        still = missing_pip_packages(missing)
        if still:
            raise RuntimeError(f"pip did not install {', '.join(still)} in {root_dir()}")
    return missing


# --------------------------------------------------------------------------- configure

def _write_hosts():
    name = socket.gethostname()
    fqdn = socket.getfqdn()
    names = " ".join(dict.fromkeys(n for n in (name, fqdn) if n and n != "localhost"))
    _write(rpath("/etc/hosts"), f"127.0.0.1 localhost {names}\n")


def condor_config(slots, condor_port):
    loop = "127.0.0.1, localhost, $(FULL_HOSTNAME), $(IP_ADDRESS)"
    return f"""# Written by scripts/test_cluster.py -- do not edit, it is rewritten on start.
use ROLE : Personal
CONDOR_HOST = 127.0.0.1
COLLECTOR_HOST = $(CONDOR_HOST):{condor_port}
SHARED_PORT_PORT = {condor_port}
NETWORK_INTERFACE = 127.0.0.1
BIND_ALL_INTERFACES = False
ENABLE_IPV4 = True
ENABLE_IPV6 = False
# The pool offers N cores as ONE partitionable slot, like modern pools (and the users'
# cluster): a job asking request_cpus = 2 gets a 2-core dynamic slot, and N single-core
# jobs still run side by side. Memory is fixed rather than the host's, so that runs are
# comparable between machines; it holds 4 jobs of ~4 GB and every default request_memory.
NUM_CPUS = {slots}
MEMORY = {MEMORY_MB}
SLOT_TYPE_1 = cpus=100%, memory=100%, disk=100%, swap=100%
SLOT_TYPE_1_PARTITIONABLE = True
NUM_SLOTS_TYPE_1 = 1

use SECURITY : HOST_BASED
ALLOW_READ = {loop}
ALLOW_WRITE = {loop}
ALLOW_DAEMON = {loop}
ALLOW_NEGOTIATOR = {loop}
ALLOW_ADMINISTRATOR = {loop}
ALLOW_OWNER = {loop}
ALLOW_CONFIG = {loop}

# We run inside a chroot: the starter's private mounts, /dev/shm, pid
# namespaces and cgroups fail there (job start fails with errno 22).
MOUNT_UNDER_SCRATCH =
MOUNT_PRIVATE_DEV_SHM = False
USE_PID_NAMESPACES = False
BASE_CGROUP =

# Always run jobs, never preempt.
START = True
SUSPEND = False
PREEMPT = False
KILL = False
WANT_VACATE = False
RANK = 0

# Fast turnaround for tests.
NEGOTIATOR_INTERVAL = 2
NEGOTIATOR_MIN_INTERVAL = 1
NEGOTIATOR_CYCLE_DELAY = 1
SCHEDD_INTERVAL = 2
SCHEDD_MIN_INTERVAL = 1
UPDATE_INTERVAL = 5
STARTER_UPDATE_INTERVAL = 2
STARTD_UPDATE_INTERVAL = 2
SHADOW_QUEUE_UPDATE_INTERVAL = 2
JOB_START_DELAY = 0
JOB_START_COUNT = 100
SCHEDD_JOB_START_DELAY = 0
STARTD_JOB_START_DELAY = 0
DAGMAN_USER_LOG_SCAN_INTERVAL = 1
DAGMAN_SUBMIT_DELAY = 0
# DAGMan keeps a finished node's claim idle for its child (KeepClaimIdle, 20 s by default).
# In a pool of a few cores those held claims are most of the partitionable slot: a child of
# another shape (the 2-core mapper after 1-core match jobs) waited ~12 s for them to expire.
# DAGMan submits a child within ~1 s here, so 3 s still lets same-shape children reuse them.
DAGMAN_HOLD_CLAIM_TIME = 3
DAGMAN_MAX_SUBMITS_PER_INTERVAL = 100
"""


def sshd_config(port):
    return f"""# Written by scripts/test_cluster.py -- do not edit, it is rewritten on start.
Port {port}
ListenAddress 127.0.0.1
AddressFamily inet
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile {SSHD_PID}
PermitRootLogin no
AllowUsers {USER}
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
MaxStartups 100:30:200
MaxSessions 100
# OpenSSH 9.8+ penalises a source address after failed logins by dropping all its new
# connections for a while; every test client is 127.0.0.1, and the tests fail logins on purpose.
PerSourcePenaltyExemptList 127.0.0.0/8
LogLevel INFO
Subsystem sftp internal-sftp
"""


def _ensure_user():
    res = chroot(["getent", "passwd", USER], check=False, capture=True)
    if res.returncode != 0:
        chroot(["useradd", "-m", "-u", str(UID), "-s", "/bin/bash", USER])
    chroot(["sh", "-c", f"echo '{USER}:{PASSWORD}' | chpasswd"])
    home = rpath(f"/home/{USER}")
    os.makedirs(os.path.join(home, ".ssh"), exist_ok=True)
    os.makedirs(os.path.join(home, "geomorph-jobs"), exist_ok=True)


def _ensure_keys():
    cdir = client_dir()
    os.makedirs(cdir, mode=0o700, exist_ok=True)
    key = os.path.join(cdir, "id_ed25519")
    if not (os.path.exists(key) and os.path.exists(key + ".pub")):
        tmp = "/root/geomorph-client-key"
        for p in (rpath(tmp), rpath(tmp + ".pub")):
            with contextlib.suppress(FileNotFoundError):
                os.remove(p)
        chroot(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                "geomorph-test-cluster-client", "-f", tmp])
        shutil.move(rpath(tmp), key)
        shutil.move(rpath(tmp + ".pub"), key + ".pub")
    os.chmod(key, 0o600)
    if not os.path.exists(rpath("/etc/ssh/ssh_host_ed25519_key")):
        chroot(["ssh-keygen", "-A"])
    with open(key + ".pub") as f:
        pub = f.read().strip()
    ssh_dir = rpath(f"/home/{USER}/.ssh")
    _write(os.path.join(ssh_dir, "authorized_keys"), pub + "\n", 0o600)
    chroot(["chown", "-R", f"{USER}:{USER}", f"/home/{USER}"])
    chroot(["chmod", "700", f"/home/{USER}/.ssh"])
    return key


def _host_key():
    with open(rpath("/etc/ssh/ssh_host_ed25519_key.pub")) as f:
        ktype, blob = f.read().split()[:2]
    digest = hashlib.sha256(base64.b64decode(blob)).digest()
    fp = "SHA256:" + base64.b64encode(digest).decode().rstrip("=")
    return ktype, blob, fp


def _prepare_runtime_dirs():
    for d in ("/run/condor", "/run/lock/condor", "/var/log/condor", "/var/lib/condor",
              "/var/lib/condor/execute", "/var/lib/condor/spool"):
        os.makedirs(rpath(d), exist_ok=True)
        chroot(["chown", "condor:condor", d], check=False)
    os.makedirs(rpath("/run/sshd"), exist_ok=True)
    os.chmod(rpath("/run/sshd"), 0o755)


# --------------------------------------------------------------------------- daemons

def _condor_cores():
    """Cores of the partitionable slot as the collector sees them (-1: no such slot yet)."""
    res = chroot(["condor_status", "-constraint", "PartitionableSlot =?= True", "-af", "TotalSlotCpus"],
                 check=False, capture=True, timeout=30)
    if res.returncode != 0:
        return -1
    values = [line.strip() for line in res.stdout.splitlines() if line.strip()]
    try:
        return int(float(values[0])) if len(values) == 1 else -1
    except ValueError:
        return -1


def _condor_ready(slots):
    if _condor_cores() != slots:
        return False
    return chroot(["condor_q", "-totals"], check=False, capture=True,
                  timeout=30).returncode == 0


def _stop_condor(timeout=30):
    if not _pids_named("condor_master"):
        return
    chroot(["condor_off", "-master"], check=False, capture=True, timeout=30)
    if not _wait(lambda: not [p for p, c in _chroot_pids().items() if c.startswith("condor_")],
                 timeout):
        _kill([p for p, c in _chroot_pids().items() if c.startswith("condor_")], signal.SIGKILL)
        time.sleep(0.5)


def _start_condor(slots):
    _spawn_daemon(["condor_master"])
    if not _wait(lambda: _condor_ready(slots), 90, interval=0.5):
        raise RuntimeError(
            f"HTCondor did not come up with a {slots}-core partitionable slot within 90 s; "
            f"see {rpath('/var/log/condor')}/MasterLog, CollectorLog, StartLog")


def _stop_sshd():
    pid = _sshd_pid()
    if pid:
        _kill([pid], signal.SIGTERM)
        _wait(lambda: _sshd_pid() is None, 10)
    # sessions (sshd-session etc.) that are left
    _kill([p for p, c in _chroot_pids().items() if c.startswith("sshd")], signal.SIGTERM)


def _start_sshd(port):
    if _port_open(port):
        raise RuntimeError(f"port {HOST}:{port} is already in use by something else; "
                           "set GEOMORPH_TEST_CLUSTER_PORT")
    _spawn_daemon(["/usr/sbin/sshd", "-f", SSHD_CONF, "-E", SSHD_LOG])
    if not _wait(lambda: _port_open(port), 20):
        raise RuntimeError(f"sshd did not listen on {HOST}:{port}; see {rpath(SSHD_LOG)}")


# --------------------------------------------------------------------------- API

def info():
    """Contents of cluster.json (written by start)."""
    with open(state_file()) as f:
        return json.load(f)


def start(slots=None):
    """Build (once), mount, configure and start condor + sshd. Idempotent."""
    _require_root()
    slots = int(slots or _env_int("GEOMORPH_TEST_CLUSTER_SLOTS", 4))
    port = _env_int("GEOMORPH_TEST_CLUSTER_PORT", 2222)
    condor_port = _env_int("GEOMORPH_TEST_CLUSTER_CONDOR_PORT", 9618)
    with _lock():
        t0 = time.monotonic()
        build()
        _write_hosts()
        _mount_all()
        ensure_packages()
        ensure_micmac(wait=False)
        _prepare_runtime_dirs()
        _ensure_user()
        key = _ensure_keys()
        condor_changed = _write(rpath(CONDOR_CONF), condor_config(slots, condor_port))
        sshd_changed = _write(rpath(SSHD_CONF), sshd_config(port))

        if _pids_named("condor_master") and condor_changed:
            log("HTCondor config changed: restarting condor")
            _stop_condor()
        if not _pids_named("condor_master"):
            log(f"starting HTCondor with {slots} cores (one partitionable slot)")
            _start_condor(slots)
        elif not _condor_ready(slots):
            if not _wait(lambda: _condor_ready(slots), 60, interval=0.5):
                raise RuntimeError("HTCondor is running but not ready; see "
                                   f"{rpath('/var/log/condor')}")

        if _sshd_pid() and sshd_changed:
            log("sshd config changed: restarting sshd")
            _stop_sshd()
        if not _sshd_pid():
            log(f"starting sshd on {HOST}:{port}")
            _start_sshd(port)

        ktype, blob, fp = _host_key()
        host_key_line = f"[{HOST}]:{port} {ktype} {blob}"
        known_hosts = os.path.join(client_dir(), "known_hosts")
        _write(known_hosts, host_key_line + "\n", 0o644)
        state = {
            "host": HOST,
            "port": port,
            "user": USER,
            "password": PASSWORD,
            "key_file": key,
            "host_key_fingerprint_sha256": fp,
            "host_key_line": host_key_line,
            "known_hosts": known_hosts,
            "work_root": f"/home/{USER}/geomorph-jobs",
            # "slots" is the number of cores of the one partitionable slot (the name predates it).
            "slots": slots,
            "cores": slots,
            "memory_mb": MEMORY_MB,
            "condor_port": condor_port,
            "root": root_dir(),
            "condor_log_dir": rpath("/var/log/condor"),
        }
        _write(state_file(), json.dumps(state, indent=2) + "\n", 0o644)
        log(f"cluster up ({time.monotonic() - t0:.1f} s): ssh -i {key} -p {port} "
            f"-o UserKnownHostsFile={known_hosts} {USER}@{HOST}")
        return state


def stop():
    """Stop condor, sshd and every process left in the chroot; unmount."""
    _require_root()
    with _lock():
        if os.path.isdir(root_dir()):
            if os.path.exists(rpath("/usr/sbin/condor_off")):
                _stop_condor()
            _stop_sshd()
            _wait(lambda: not _chroot_pids(), 5)
            left = list(_chroot_pids())
            if left:
                _kill(left, signal.SIGTERM)
                if not _wait(lambda: not _chroot_pids(), 5):
                    _kill(list(_chroot_pids()), signal.SIGKILL)
                    _wait(lambda: not _chroot_pids(), 5)
        _umount_all()
    log("cluster stopped")


def status():
    port = _env_int("GEOMORPH_TEST_CLUSTER_PORT", 2222)
    with contextlib.suppress(OSError, ValueError):
        port = info().get("port", port)
    built = is_built()
    mounted = rpath("/proc") in _mounted()
    condor_up = bool(_pids_named("condor_master")) if built else False
    sshd_up = bool(_sshd_pid()) and _port_open(port) if built else False
    condor_status = ""
    if condor_up and mounted:
        res = chroot(["condor_status"], check=False, capture=True, timeout=30)
        condor_status = res.stdout
    return {
        "dir": base_dir(),
        "root": root_dir(),
        "built": built,
        "mounted": mounted,
        "condor_up": condor_up,
        "sshd_up": sshd_up,
        "port": port,
        "condor_status": condor_status,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="scripts/test-cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_start = sub.add_parser("start", help="build once, then start condor + sshd")
    p_start.add_argument("--slots", type=int, default=None)
    sub.add_parser("stop", help="stop daemons and unmount")
    sub.add_parser("status", help="show state")
    sub.add_parser("info", help="print cluster.json")
    sub.add_parser("build", help="only build the chroot")
    sub.add_parser("ensure-packages", help="install the packages an already-built root lacks")
    sub.add_parser("ensure-micmac", help="build MicMac once (cached) and install it in the root")
    args = parser.parse_args(argv)
    try:
        if args.cmd == "start":
            print(json.dumps(start(args.slots), indent=2))
        elif args.cmd == "stop":
            stop()
        elif args.cmd == "build":
            with _lock():
                build()
        elif args.cmd == "ensure-packages":
            _require_root()
            with _lock():
                _write_hosts()
                _mount_all()
                print(" ".join(ensure_packages()) or "nothing missing")
        elif args.cmd == "ensure-micmac":
            _require_root()
            print(ensure_micmac(wait=True))
        elif args.cmd == "info":
            print(json.dumps(info(), indent=2))
        elif args.cmd == "status":
            st = status()
            print(f"root:   {st['root']} ({'built' if st['built'] else 'NOT built'})")
            print(f"mounts: {'mounted' if st['mounted'] else 'not mounted'}")
            print(f"sshd:   {'up' if st['sshd_up'] else 'down'} (127.0.0.1:{st['port']})")
            print(f"condor: {'up' if st['condor_up'] else 'down'}")
            if st["condor_status"]:
                print(st["condor_status"].rstrip())
            return 0 if (st["condor_up"] and st["sshd_up"]) else 3
    except RuntimeError as exc:
        print(f"test-cluster: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
