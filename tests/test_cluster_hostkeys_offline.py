"""Host-key refusal without the test cluster: a real paramiko SSH server on loopback, in the test."""

from __future__ import annotations

import socket
import threading

import paramiko
import pytest

from geomorph_plugin.cluster import hostkeys
from geomorph_plugin.cluster.profiles import AUTH_KEYFILE, Profile
from geomorph_plugin.cluster.ssh import connect
from geomorph_plugin.errors import GeomorphError


class _Server(paramiko.ServerInterface):
    def get_allowed_auths(self, username):  # noqa: D102 - paramiko API
        return "publickey"

    def check_auth_publickey(self, username, key):  # noqa: D102 - paramiko API
        return paramiko.AUTH_FAILED


class LoopbackSshServer:
    """Answers SSH handshakes on 127.0.0.1 with ``host_key`` (it accepts no login)."""

    def __init__(self, host_key):
        self.host_key = host_key
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.transports: list[paramiko.Transport] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            transport = paramiko.Transport(client)
            transport.add_server_key(self.host_key)
            self.transports.append(transport)
            try:
                transport.start_server(server=_Server())
            except (paramiko.SSHException, EOFError, OSError):
                transport.close()

    def close(self):
        self.sock.close()
        for transport in self.transports:
            transport.close()


@pytest.fixture(scope="module")
def server_key():
    return paramiko.ECDSAKey.generate(bits=256)


@pytest.fixture
def server(server_key):
    srv = LoopbackSshServer(server_key)
    yield srv
    srv.close()


@pytest.fixture
def profile(server, tmp_path):
    key = paramiko.ECDSAKey.generate(bits=256)
    key.write_private_key_file(str(tmp_path / "id_ecdsa"))
    return Profile(name="offline", host="127.0.0.1", port=server.port, user="nobody", auth_method=AUTH_KEYFILE,
                   key_file=str(tmp_path / "id_ecdsa"))


def test_unknown_key_is_refused_and_nothing_is_stored(profile, server_key, tmp_path):
    known = tmp_path / "known_hosts"
    with pytest.raises(GeomorphError) as err:
        connect(profile, known_hosts_path=known, timeout=10)
    message = str(err.value)
    assert "not known" in message and hostkeys.fingerprint(server_key) in message
    assert "geomorph:trusthostkey" in message
    assert not known.exists()


def test_changed_key_is_refused_as_a_possible_attack(profile, server_key, tmp_path):
    other = paramiko.ECDSAKey.generate(bits=256)
    known = hostkeys.add_host_key(profile.host, profile.port, other, tmp_path / "known_hosts")
    before = known.read_text()
    with pytest.raises(GeomorphError) as err:
        connect(profile, known_hosts_path=known, timeout=10)
    message = str(err.value)
    assert "HAS CHANGED" in message and "man-in-the-middle" in message
    assert hostkeys.fingerprint(server_key) in message and hostkeys.fingerprint(other) in message
    assert known.read_text() == before


def test_trust_needs_the_fingerprint_or_an_explicit_yes(profile, server_key, tmp_path):
    known = tmp_path / "known_hosts"
    shown = hostkeys.fingerprint(server_key)
    # Nothing says this is the cluster's key: refused, and the message shows the fingerprint to check.
    with pytest.raises(GeomorphError, match="NOT trusted") as err:
        hostkeys.trust_host_key(profile, None, known)
    assert shown in str(err.value) and not known.exists()
    with pytest.raises(GeomorphError, match="NOT trusted"):
        hostkeys.trust_host_key(profile, "SHA256:" + "A" * 43, known)
    assert not known.exists()
    # "Trust the key shown": the fingerprint is reported before the key is stored.
    seen = []
    assert hostkeys.trust_host_key(profile, None, known, accept_shown=True,
                                   on_fingerprint=lambda fp, kind: seen.append((fp, kind, known.exists()))) == shown
    assert seen == [(shown, server_key.get_name(), False)]
    stored, _ = hostkeys.known_key(profile.host, profile.port, [known])
    assert stored.asbytes() == server_key.asbytes()
    # With the key stored, the connection gets past the host-key check (to the login, refused here).
    with pytest.raises(GeomorphError, match="refused the login"):
        connect(profile, known_hosts_path=known, timeout=10)


def test_trust_algorithm_refuses_a_blind_trust(provider, qgis_app, profile, server_key):
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

    from geomorph_plugin.cluster.profiles import remove_profile, save_profile

    class Log(QgsProcessingFeedback):
        lines: list = []

        def pushInfo(self, info):  # noqa: N802 - QGIS API
            self.lines.append(info)

    save_profile(profile)
    known = hostkeys.plugin_known_hosts()
    before = known.read_text() if known.exists() else None
    alg = QgsApplication.processingRegistry().createAlgorithmById("geomorph:trusthostkey")
    try:
        with pytest.raises(QgsProcessingException, match="NOT trusted"):
            alg.processAlgorithm({"PROFILE": profile.name, "EXPECTED_FINGERPRINT": ""}, QgsProcessingContext(),
                                 QgsProcessingFeedback())
        assert (known.read_text() if known.exists() else None) == before
        log = Log()
        result = alg.processAlgorithm({"PROFILE": profile.name, "EXPECTED_FINGERPRINT": "", "TRUST_SHOWN_KEY": True},
                                      QgsProcessingContext(), log)
        assert result["FINGERPRINT"] == hostkeys.fingerprint(server_key)
        assert f"presents the {server_key.get_name()} host key {result['FINGERPRINT']}" in log.lines[0]
        assert hostkeys.known_key(profile.host, profile.port, [known])[0].asbytes() == server_key.asbytes()
    finally:
        remove_profile(profile.name)
        if before is None:
            known.unlink(missing_ok=True)
        else:
            known.write_text(before)
