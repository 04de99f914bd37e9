"""Transfer benchmark: Geomorph's SFTP upload/download vs OpenSSH scp vs plain paramiko put/get.

Runs against the local test cluster (scripts/test-cluster start) over loopback, all three
methods in the same run, and prints MB/s and the ratio to scp. Target: >= 0.9x scp.

    .venv/bin/python scripts/bench_transfer.py [--files 40] [--size-mb 8] [--repeat 2]
        [--workers 4] [--connections 2] [--photos DIR]

``--photos DIR`` uses the JPEGs of DIR (repeated up to --files) instead of random files.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _cluster_info() -> dict:
    spec = importlib.util.spec_from_file_location("test_cluster", REPO / "scripts" / "test_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.start()


def _make_files(folder: Path, count: int, size_mb: float, photos: Path | None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    sources = sorted(p for p in photos.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg")) if photos else []
    for i in range(count):
        path = folder / f"IMG_{i:04d}.JPG"
        if sources:
            shutil.copyfile(sources[i % len(sources)], path)
        else:
            path.write_bytes(os.urandom(int(size_mb * 1024 * 1024)))
        files.append(path)
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--size-mb", type=float, default=8.0)
    parser.add_argument("--repeat", type=int, default=2, help="runs per method; the best is kept")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--connections", type=int, default=None)
    parser.add_argument("--photos", type=Path, default=None)
    args = parser.parse_args(argv)

    from geomorph_plugin.cluster import transfer
    from geomorph_plugin.cluster.profiles import AUTH_KEYFILE, Profile
    from geomorph_plugin.cluster.ssh import connect

    info = _cluster_info()
    workers = args.workers or transfer.DEFAULT_WORKERS
    connections = args.connections or transfer.DEFAULT_CONNECTIONS
    profile = Profile(name="bench", host=info["host"], port=info["port"], user=info["user"],
                      auth_method=AUTH_KEYFILE, key_file=info["key_file"], work_root=info["work_root"])
    tmp = Path(tempfile.mkdtemp(prefix="geomorph-bench-"))
    files = _make_files(tmp / "src", args.files, args.size_mb, args.photos)
    total = sum(p.stat().st_size for p in files)
    remote_root = f"{info['work_root']}/bench-transfer"
    session = connect(profile, known_hosts_path=info["known_hosts"])
    ssh_opts = ["-i", info["key_file"], "-P", str(info["port"]), "-o", f"UserKnownHostsFile={info['known_hosts']}",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-q"]
    target = f"{info['user']}@{info['host']}"

    def clean():
        session.run(["rm", "-rf", "--", remote_root], check=True)
        session.run(["mkdir", "-p", "--", remote_root], check=True)

    def t_scp_up():
        subprocess.run(["scp", *ssh_opts, *map(str, files), f"{target}:{remote_root}/"], check=True)

    def t_scp_down():
        dest = tmp / "scp-down"
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir()
        subprocess.run(["scp", *ssh_opts, f"{target}:{remote_root}/*.JPG", str(dest)], check=True)

    def t_paramiko_up():
        sftp = session.open_sftp()
        for p in files:
            sftp.put(str(p), f"{remote_root}/{p.name}")
        sftp.close()

    def t_paramiko_down():
        dest = tmp / "pm-down"
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir()
        sftp = session.open_sftp()
        for p in files:
            sftp.get(f"{remote_root}/{p.name}", str(dest / p.name))
        sftp.close()

    def t_ours_up():
        stats = transfer.upload(session, files, f"{remote_root}/ours", workers=workers, connections=connections)
        assert stats.files_transferred == len(files), stats

    def t_ours_down():
        dest = tmp / "ours-down"
        shutil.rmtree(dest, ignore_errors=True)
        stats = transfer.download(session, [f"{remote_root}/{p.name}" for p in files], dest,
                                  workers=workers, connections=connections)
        assert stats.files_transferred == len(files), stats

    def timed(fn, prepare):
        best = []
        for _ in range(args.repeat):
            prepare()
            start = time.perf_counter()
            fn()
            best.append(time.perf_counter() - start)
        return min(best), statistics.mean(best)

    results = {}
    try:
        # Interleaved so that background load hits every method alike.
        for label, fn in [("scp upload", t_scp_up), ("paramiko put", t_paramiko_up), ("geomorph upload", t_ours_up)]:
            results[label] = timed(fn, clean)
        clean()
        t_scp_up()
        noop = lambda: None  # noqa: E731
        for label, fn in [("scp download", t_scp_down), ("paramiko get", t_paramiko_down),
                          ("geomorph download", t_ours_down)]:
            results[label] = timed(fn, noop)
    finally:
        session.run(["rm", "-rf", "--", remote_root], check=False)
        session.close()
        shutil.rmtree(tmp, ignore_errors=True)

    mb = total / 1e6
    print(f"{len(files)} files, {mb:.0f} MB, workers={workers}, connections={connections}, best of {args.repeat}")
    for direction, base in (("upload", "scp upload"), ("download", "scp download")):
        base_rate = mb / results[base][0]
        for label, (best, mean) in results.items():
            if not label.endswith(direction) and label not in (("paramiko put",) if direction == "upload"
                                                                else ("paramiko get",)):
                continue
            rate = mb / best
            print(f"  {label:18s} {rate:7.1f} MB/s  (mean {mb / mean:6.1f})  {rate / base_rate:5.2f}x scp")
    return 0


if __name__ == "__main__":
    sys.exit(main())
