"""SSH against the real test cluster: host-key policy, credentials, argument quoting."""

from __future__ import annotations

import uuid

import paramiko
import pytest

from geomorph_plugin.cluster import hostkeys
from geomorph_plugin.cluster.profiles import AUTH_AUTHCFG, AUTH_KEYFILE, Credentials, Profile
from geomorph_plugin.cluster.ssh import connect
from geomorph_plugin.errors import GeomorphError

pytestmark = pytest.mark.cluster

# File names (no "/"): each would do harm if a shell ever saw it unquoted.
NASTY = ["a b", "it's", 'say "hi"', "$HOME", "`touch pwned-{tag}`", "x; touch pwned-{tag}", "$(touch pwned-{tag})",
         "città ü", "new\nline", "*", "-rf", "--help"]


def test_unknown_host_key_is_refused_with_its_fingerprint(cluster_profile, tmp_path, test_cluster):
    empty = tmp_path / "known_hosts"
    with pytest.raises(GeomorphError) as err:
        connect(cluster_profile, known_hosts_path=empty)
    message = str(err.value)
    assert test_cluster["host_key_fingerprint_sha256"] in message
    assert "geomorph:trusthostkey" in message and "not known" in message
    assert not empty.exists()  # nothing was added behind the user's back


def test_changed_host_key_is_refused_loudly(cluster_profile, tmp_path, test_cluster):
    impostor = paramiko.Ed25519Key.from_private_key_file(test_cluster["key_file"])  # any other ed25519 key
    path = hostkeys.add_host_key(cluster_profile.host, cluster_profile.port, impostor, tmp_path / "known_hosts")
    with pytest.raises(GeomorphError) as err:
        connect(cluster_profile, known_hosts_path=path)
    message = str(err.value)
    assert "HAS CHANGED" in message and "man-in-the-middle" in message
    assert test_cluster["host_key_fingerprint_sha256"] in message and hostkeys.fingerprint(impostor) in message
    # Trusting without the new fingerprint does not replace a changed key...
    with pytest.raises(GeomorphError, match="different key"):
        hostkeys.trust_host_key(cluster_profile, None, path)
    # ...a wrong expected fingerprint neither...
    with pytest.raises(GeomorphError, match="NOT trusted"):
        hostkeys.trust_host_key(cluster_profile, "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", path)
    # ...the confirmed one does.
    assert hostkeys.trust_host_key(cluster_profile, test_cluster["host_key_fingerprint_sha256"], path) \
        == test_cluster["host_key_fingerprint_sha256"]
    connect(cluster_profile, known_hosts_path=path).close()


def test_trust_algorithm_adds_the_key(provider, qgis_app, cluster_profile, test_cluster, tmp_path):
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    from geomorph_plugin.cluster.profiles import remove_profile, save_profile

    name = f"pytest-{uuid.uuid4().hex[:6]}"
    profile = Profile(**{**cluster_profile.to_dict(), "name": name})
    save_profile(profile)
    known = hostkeys.plugin_known_hosts()
    assert known.parent.as_posix().startswith(QgsApplication.qgisSettingsDirPath().rstrip("/"))
    before = known.read_text() if known.exists() else None
    try:
        if known.exists():
            known.unlink()
        with pytest.raises(GeomorphError, match="not known"):
            connect(profile)
        # processing.run() would call the Python-side run() of GeomorphAlgorithm, which shadows
        # QgsProcessingAlgorithm.run(); go through processAlgorithm as the C++ runner does.
        alg = QgsApplication.processingRegistry().createAlgorithmById("geomorph:trusthostkey")
        result = alg.processAlgorithm({"PROFILE": name,
                                       "EXPECTED_FINGERPRINT": test_cluster["host_key_fingerprint_sha256"]},
                                      QgsProcessingContext(), QgsProcessingFeedback())
        assert result["FINGERPRINT"] == test_cluster["host_key_fingerprint_sha256"]
        assert test_cluster["host_key_line"].split(" ", 1)[1] in known.read_text()
        with connect(profile) as session:
            assert session.run(["whoami"]).stdout.strip() == test_cluster["user"]
    finally:
        remove_profile(name)
        if before is None:
            known.unlink(missing_ok=True)
        else:
            known.write_text(before)


def test_wrong_password_gives_a_clear_error(cluster_profile, cluster_known_hosts):
    profile = Profile(**{**cluster_profile.to_dict(), "auth_method": AUTH_AUTHCFG, "authcfg": "unused"})
    with pytest.raises(GeomorphError) as err:
        connect(profile, cluster_known_hosts, credentials=Credentials(user=profile.user, password="wrong"))
    message = str(err.value)
    assert f"{profile.user}@{profile.host}:{profile.port}" in message and "refused the login" in message
    assert "password" in message and "wrong" not in message.replace("wrong.", "")


def test_password_from_the_qgis_auth_database_logs_in(qgis_app, cluster_profile, cluster_known_hosts, test_cluster):
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("geomorph-test-master", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("test cluster")
    config.setConfig("username", test_cluster["user"])
    config.setConfig("password", test_cluster["password"])
    ok = manager.storeAuthenticationConfig(config)
    assert (ok[0] if isinstance(ok, tuple) else ok)
    try:
        profile = Profile(**{**cluster_profile.to_dict(), "auth_method": AUTH_AUTHCFG, "authcfg": config.id()})
        with connect(profile, cluster_known_hosts) as session:
            assert session.run(["id", "-un"]).stdout.strip() == test_cluster["user"]
    finally:
        manager.removeAuthenticationConfig(config.id())


def test_wrong_key_gives_a_clear_error(cluster_profile, cluster_known_hosts, tmp_path):
    other = tmp_path / "other_key"
    paramiko.Ed25519Key  # noqa: B018 - ed25519 keys cannot be generated by paramiko; use RSA
    paramiko.RSAKey.generate(2048).write_private_key_file(str(other))
    profile = Profile(**{**cluster_profile.to_dict(), "auth_method": AUTH_KEYFILE, "key_file": str(other)})
    with pytest.raises(GeomorphError, match=r"refused the login of .*authorized_keys"):
        connect(profile, cluster_known_hosts)
    missing = Profile(**{**cluster_profile.to_dict(), "key_file": str(tmp_path / "nope")})
    with pytest.raises(GeomorphError, match="does not exist"):
        connect(missing, cluster_known_hosts)


def test_run_quotes_every_argument(cluster_session, remote_tmp):
    tag = uuid.uuid4().hex[:8]
    args = [a.format(tag=tag) for a in NASTY]
    result = cluster_session.run(["printf", "%s\\0", *args, f"$(touch /tmp/pwned-{tag})"])
    args_echoed = result.stdout_bytes.split(b"\0")[:-1]
    assert args_echoed[-1] == f"$(touch /tmp/pwned-{tag})".encode()
    result.stdout_bytes = b"\0".join(args_echoed[:-1]) + b"\0"
    assert result.stdout_bytes.split(b"\0")[:-1] == [a.encode() for a in args]
    cluster_session.run(["mkdir", "-p", remote_tmp])
    for name in args:
        cluster_session.run(["touch", "--", name], cwd=remote_tmp)
    names = sorted(cluster_session.sftp.listdir(remote_tmp))
    assert names == sorted(args)  # and no pwned-* file appeared
    listed = cluster_session.run(["find", ".", "-mindepth", "1", "-printf", "%P\\0"], cwd=remote_tmp).stdout_bytes
    assert sorted(listed.split(b"\0")[:-1]) == sorted(a.encode() for a in args)
    assert cluster_session.run(["ls", f"/tmp/pwned-{tag}"], check=False).exit_code != 0


def test_failed_command_reports_exit_code_and_stderr(cluster_session):
    with pytest.raises(GeomorphError, match=r"exit code 2.*No such file"):
        cluster_session.run(["ls", "/does/not/exist"])
    assert cluster_session.run(["sh", "-c", "exit 3"], check=False).exit_code == 3


def test_many_commands_on_one_connection_return_all_their_output(cluster_session, remote_tmp):
    # A DAGMan log read back after a run (~40 KB), many times over: every byte, every time, on a
    # connection that stays up (a channel closed twice once took the connection's socket down).
    cluster_session.run(["mkdir", "-p", remote_tmp])
    path = f"{remote_tmp}/log.txt"
    cluster_session.run(["sh", "-c", 'seq 1 8000 > "$1"; echo done >&2', "sh", path])
    expected = "".join(f"{i}\n" for i in range(1, 8001))
    for _ in range(200):
        result = cluster_session.run(["sh", "-c", 'cat "$1"; echo tail >&2', "sh", path])
        assert (result.stdout, result.stderr) == (expected, "tail\n")
