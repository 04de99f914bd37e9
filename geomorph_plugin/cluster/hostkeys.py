"""Host keys: where Geomorph keeps them, their fingerprints, and trusting a new one on purpose.

Public API::

    plugin_known_hosts() -> Path                      # <QGIS profile>/geomorph/known_hosts
    user_known_hosts() -> Path                        # ~/.ssh/known_hosts (read only)
    host_entry(host, port) -> str                     # "host" or "[host]:port", as OpenSSH writes
    fingerprint(key) -> str                           # "SHA256:..." as ssh-keygen -l prints it
    fetch_host_key(host, port, timeout=15) -> PKey    # asks the server, trusts nothing
    known_key(host, port, known_hosts_paths) -> (PKey, Path) | (None, None)
    add_host_key(host, port, key, known_hosts_path=None)
    trust_host_key(profile, expected_fingerprint=None, known_hosts_path=None, accept_shown=False,
                   on_fingerprint=None) -> str       # needs the fingerprint or accept_shown

Geomorph never adds a key by itself while connecting: a key enters the plugin's known_hosts
only through ``trust_host_key`` (the "Trust cluster host key" algorithm or the profile
dialog's button), which the user runs after comparing the fingerprint with the one the
cluster's administrators publish.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import tempfile
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr


def plugin_known_hosts() -> Path:
    from qgis.core import QgsApplication

    return Path(QgsApplication.qgisSettingsDirPath()) / "geomorph" / "known_hosts"


def user_known_hosts() -> Path:
    return Path.home() / ".ssh" / "known_hosts"


def host_entry(host: str, port: int) -> str:
    return host if int(port) == 22 else f"[{host}]:{int(port)}"


def fingerprint(key) -> str:
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def normalize_fingerprint(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    if not text.upper().startswith("SHA256:"):
        text = "SHA256:" + text
    return "SHA256:" + text.split(":", 1)[1].rstrip("=")


def fetch_host_key(host: str, port: int, timeout: float = 15.0):
    """The key the server presents, with no authentication and no trust decision."""
    import paramiko

    try:
        sock = socket.create_connection((host, int(port)), timeout=timeout)
    except OSError as exc:
        raise GeomorphError(
            tr("Cannot reach {host} on port {port}: {error}. Check the host name, the port and your network "
               "(VPN).").format(host=host, port=port, error=exc)
        ) from exc
    transport = paramiko.Transport(sock)
    try:
        transport.start_client(timeout=timeout)
        return transport.get_remote_server_key()
    except paramiko.SSHException as exc:
        raise GeomorphError(
            tr("{host}:{port} did not complete an SSH handshake: {error}. Is it an SSH server?")
            .format(host=host, port=port, error=exc)
        ) from exc
    finally:
        transport.close()


def _load(path: Path):
    import paramiko

    keys = paramiko.HostKeys()
    if path.is_file():
        try:
            keys.load(str(path))
        except (OSError, paramiko.SSHException, ValueError) as exc:
            raise GeomorphError(
                tr("The known_hosts file {path} cannot be read: {error}. Fix or remove the bad line.")
                .format(path=path, error=exc)
            ) from exc
    return keys


def known_key(host: str, port: int, known_hosts_paths):
    """The first stored key for host:port (any type) and the file holding it."""
    entry = host_entry(host, port)
    for path in known_hosts_paths:
        found = _load(Path(path)).lookup(entry)
        if found:
            return next(iter(found.values())), Path(path)
    return None, None


def add_host_key(host: str, port: int, key, known_hosts_path: str | Path | None = None) -> Path:
    """Add (or replace) the key for host:port in the plugin's known_hosts, atomically."""
    path = Path(known_hosts_path) if known_hosts_path else plugin_known_hosts()
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = _load(path)
    entry = host_entry(host, port)
    if entry in keys:
        del keys[entry]
    keys.add(entry, key.get_name(), key)
    fd, tmp = tempfile.mkstemp(prefix=".known_hosts.", dir=str(path.parent))
    os.close(fd)
    try:
        keys.save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def trust_host_key(profile, expected_fingerprint: str | None = None,
                   known_hosts_path: str | Path | None = None, accept_shown: bool = False,
                   on_fingerprint=None) -> str:
    """Fetch the profile's host key and store it; returns its fingerprint.

    The key is stored only with proof that the user checked it: the expected fingerprint, or
    ``accept_shown`` (the user saw the fingerprint and said yes; ``on_fingerprint(fingerprint,
    key type)`` is called first, so that a script's log holds what was trusted). Without either,
    the key is refused and the message shows its fingerprint. A key that differs from the one
    already stored is replaced only with the expected fingerprint: a changed key is what a
    man-in-the-middle looks like.
    """
    path = Path(known_hosts_path) if known_hosts_path else plugin_known_hosts()
    key = fetch_host_key(profile.host, profile.port)
    actual = fingerprint(key)
    expected = normalize_fingerprint(expected_fingerprint or "")
    if expected and expected != actual:
        raise GeomorphError(
            tr("The host key of {host}:{port} has the fingerprint {actual}, not the expected {expected}. "
               "The key was NOT trusted. Check the fingerprint with the cluster's administrators: a different key "
               "can mean that someone is intercepting the connection.")
            .format(host=profile.host, port=profile.port, actual=actual, expected=expected)
        )
    stored, _ = known_key(profile.host, profile.port, [path])
    if stored is not None and stored.asbytes() != key.asbytes() and not expected:
        raise GeomorphError(
            tr("{host}:{port} now presents the key {actual}, but {path} holds a different key ({old}). "
               "If the administrators confirm that the server was reinstalled, run this again with the new "
               "fingerprint as the expected fingerprint to replace it.")
            .format(host=profile.host, port=profile.port, actual=actual, path=path, old=fingerprint(stored))
        )
    if stored is not None and not expected and not accept_shown:
        return actual  # the same key is already trusted: nothing to decide
    if not expected and not accept_shown:
        raise GeomorphError(
            tr("{host}:{port} presents the {type} host key {actual}. It was NOT trusted, because nothing says "
               "that this is the cluster's key. Compare it with the fingerprint that the cluster's administrators "
               "publish; if it matches, run this again with it as the expected fingerprint (or choose \"Trust the "
               "key shown\").")
            .format(host=profile.host, port=profile.port, type=key.get_name(), actual=actual)
        )
    if on_fingerprint is not None:
        on_fingerprint(actual, key.get_name())
    add_host_key(profile.host, profile.port, key, path)
    return actual
