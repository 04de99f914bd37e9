"""SFTP transfers against the real test cluster: round trip, resume after a drop, odd names."""

from __future__ import annotations

import hashlib
import os
import socket
import stat
import uuid

import pytest

from geomorph_plugin.cluster import transfer
from geomorph_plugin.cluster.ssh import connect
from geomorph_plugin.errors import CancelledError, GeomorphError

pytestmark = pytest.mark.cluster


def _files(folder, sizes, names=None):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, size in enumerate(sizes):
        path = folder / (names[i] if names else f"IMG_{i:03d}.JPG")
        path.write_bytes(os.urandom(size))
        paths.append(path)
    return paths


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(paths):
    return {p: (p.stat().st_mtime_ns, p.stat().st_size, _sha(p)) for p in paths}


def test_roundtrip_with_checksums_and_private_folder(cluster_session, remote_tmp, tmp_path):
    paths = _files(tmp_path / "photos", [0, 1, 70_000, 3 * 1024 * 1024 + 17, 300_000])
    before = _snapshot(paths)
    seen = []
    stats = transfer.upload(cluster_session, paths, f"{remote_tmp}/job", progress=seen.append)
    assert stats.files_transferred == 5 and stats.files_skipped == 0
    assert stats.bytes_transferred == sum(p.stat().st_size for p in paths)
    assert seen and seen[-1].bytes_done == stats.bytes_total and seen[-1].files_done == 5
    assert stat.S_IMODE(cluster_session.sftp.stat(f"{remote_tmp}/job").st_mode) == 0o700
    remote = transfer.remote_sha256(cluster_session, f"{remote_tmp}/job", [p.name for p in paths])
    assert remote == {p.name: _sha(p) for p in paths}
    assert sorted(transfer.list_remote(cluster_session, f"{remote_tmp}/job")) == sorted(p.name for p in paths)

    again = transfer.upload(cluster_session, paths, f"{remote_tmp}/job")
    assert again.files_skipped == 5 and again.bytes_transferred == 0

    # Same size, different content: the checksum, not the size, decides.
    cluster_session.run(["sh", "-c", 'printf X | dd of="$1" bs=1 seek=5 conv=notrunc status=none', "sh",
                         f"{remote_tmp}/job/IMG_004.JPG"])
    third = transfer.upload(cluster_session, paths, f"{remote_tmp}/job")
    assert third.files_transferred == 1 and third.bytes_transferred == 300_000

    out = tmp_path / "back"
    down = transfer.download(cluster_session, [f"{remote_tmp}/job/{p.name}" for p in paths], out)
    assert down.files_transferred == 5
    assert {p.name: _sha(out / p.name) for p in paths} == {p.name: _sha(p) for p in paths}
    assert not list(out.glob("*.part"))
    down2 = transfer.download(cluster_session, [f"{remote_tmp}/job/{p.name}" for p in paths], out)
    assert down2.files_skipped == 5 and down2.bytes_transferred == 0
    assert _snapshot(paths) == before  # sources untouched


@pytest.mark.parametrize("workers, connections", [(1, 1), (4, 2)])
def test_dropped_connection_resumes_without_resending_finished_files(
        cluster_profile, cluster_known_hosts, cluster_session, remote_tmp, tmp_path, workers, connections):
    size = 1024 * 1024
    paths = _files(tmp_path / "photos", [size] * 10)
    before = _snapshot(paths)
    victim = connect(cluster_profile, cluster_known_hosts)

    def drop_after_three(p):
        if p.files_done >= 3:
            victim.close()  # the whole connection goes, as when a laptop leaves the network

    with pytest.raises(GeomorphError, match="connection .* was lost"):
        transfer.upload(victim, paths, remote_tmp, progress=drop_after_three, workers=workers,
                        connections=connections)
    complete = {n: s for n, s in transfer.list_remote(cluster_session, remote_tmp).items()
                if not n.endswith(".part")}
    assert len(complete) >= 3
    assert all(s == size for s in complete.values())

    stats = transfer.upload(cluster_session, paths, remote_tmp, workers=workers, connections=connections)
    assert stats.files_skipped == len(complete)
    assert stats.bytes_transferred == size * (10 - len(complete))
    remote = transfer.remote_sha256(cluster_session, remote_tmp, [p.name for p in paths])
    assert remote == {p.name: _sha(p) for p in paths}
    assert _snapshot(paths) == before


def test_drop_in_the_middle_of_a_file_leaves_only_a_part_file(cluster_profile, cluster_known_hosts,
                                                               cluster_session, remote_tmp, tmp_path):
    # Progress is reported every 0.25 s: the file must take longer than that to send (paramiko
    # moves ~150-200 MB/s on loopback), or it is complete before the first report can drop it.
    (big,) = _files(tmp_path / "photos", [128 * 1024 * 1024])
    victim = connect(cluster_profile, cluster_known_hosts)

    def drop_mid_file(p):
        if 0 < p.bytes_done < p.bytes_total:
            # Abrupt, as a network drop: no SSH disconnect message. shutdown() rather than
            # close(), so that the descriptor is not freed and reused by the next connection
            # while paramiko's threads still hold it.
            victim.transport.sock.shutdown(socket.SHUT_RDWR)

    with pytest.raises(GeomorphError):
        transfer.upload(victim, [big], remote_tmp, progress=drop_mid_file, workers=1, connections=1)
    victim.close()
    assert big.name not in transfer.list_remote(cluster_session, remote_tmp)
    stats = transfer.upload(cluster_session, [big], remote_tmp)
    assert stats.files_transferred == 1 and stats.bytes_transferred == big.stat().st_size
    assert transfer.remote_sha256(cluster_session, remote_tmp, [big.name]) == {big.name: _sha(big)}


def test_cancel_stops_and_a_rerun_resumes(cluster_session, remote_tmp, tmp_path):
    paths = _files(tmp_path / "photos", [512 * 1024] * 6)
    calls = {"n": 0}

    def cancel_soon():
        calls["n"] += 1
        return calls["n"] > 1

    with pytest.raises(CancelledError):
        transfer.upload(cluster_session, paths, remote_tmp, is_cancelled=cancel_soon, workers=1, connections=1)
    stats = transfer.upload(cluster_session, paths, remote_tmp)
    assert stats.files_skipped + stats.files_transferred == 6 and stats.files_transferred >= 1


def test_odd_file_names_go_through_without_shell_injection(cluster_session, remote_tmp, tmp_path):
    tag = uuid.uuid4().hex[:8]
    names = ["DJI 0001.JPG", "it's.jpg", 'say "cheese".jpg', "$HOME.jpg", "`touch pwned-" + tag + "`.jpg",
             "$(touch pwned-" + tag + ").jpg", "a; touch pwned-" + tag + ".jpg", "Città_Über_ñ.jpg",
             "-rf.jpg", "back\\slash.jpg", "new\nline.jpg"]
    paths = _files(tmp_path / "photos", [1000 + i for i in range(len(names))], names)
    stats = transfer.upload(cluster_session, paths, remote_tmp)
    assert stats.files_transferred == len(names)
    assert transfer.list_remote(cluster_session, remote_tmp) == {n: 1000 + i for i, n in enumerate(names)}
    # The checksum path runs sha256sum through the shell-quoting helper with every name.
    assert transfer.remote_sha256(cluster_session, remote_tmp, names) == {p.name: _sha(p) for p in paths}
    assert transfer.upload(cluster_session, paths, remote_tmp).files_skipped == len(names)
    out = tmp_path / "back"
    transfer.download(cluster_session, {n: f"{remote_tmp}/{n}" for n in names}, out)
    assert {p.name: _sha(out / p.name) for p in paths} == {p.name: _sha(p) for p in paths}
    found = cluster_session.run(["find", "/tmp", remote_tmp, "-name", f"pwned-{tag}*"], check=False).stdout
    assert found == ""


def test_download_refuses_names_that_leave_the_output_folder(cluster_session, remote_tmp, tmp_path):
    # Real files on the cluster; the names a compromised server could list for them.
    windows_climb = "geomorph.dag.rescue001\\..\\..\\evil.txt"  # one legal POSIX name, a climb on Windows
    for name in ("ok.txt", windows_climb):
        cluster_session.run(["sh", "-c", 'mkdir -p "$(dirname "$1")" && printf payload > "$1"', "sh",
                             f"{remote_tmp}/{name}"])
    assert windows_climb in cluster_session.sftp.listdir(remote_tmp)
    out = tmp_path / "deep" / "out"
    outside = tmp_path / "deep" / "evil.txt"
    for key in ("geomorph.dag.rescue/../../evil.txt", f"dag/{windows_climb}", "/tmp/evil.txt",
                "C:\\evil.txt", "..", "dag/.."):
        with pytest.raises(GeomorphError, match="outside"):
            transfer.download(cluster_session, {key: f"{remote_tmp}/ok.txt"}, out)
    # A symbolic link already in the output folder does not lead the download out of it either.
    (tmp_path / "elsewhere").mkdir()
    out.mkdir(parents=True, exist_ok=True)
    (out / "dag").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(GeomorphError, match="outside"):
        transfer.download(cluster_session, {"dag/ok.txt": f"{remote_tmp}/ok.txt"}, out)
    assert not outside.exists() and not list((tmp_path / "elsewhere").iterdir())
    assert [p.name for p in out.iterdir()] == ["dag"]
    # The same file under a plain name arrives.
    transfer.download(cluster_session, {"logs/ok.txt": f"{remote_tmp}/ok.txt"}, out)
    assert (out / "logs" / "ok.txt").read_text() == "payload"
    assert transfer.is_safe_name("back\\slash.jpg") and not transfer.is_safe_name(windows_climb)
