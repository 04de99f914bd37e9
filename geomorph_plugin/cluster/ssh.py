"""SSH sessions to the cluster's login node, with strict host-key checking and safe commands.

Public API::

    connect(profile, known_hosts_path=None, credentials=None, timeout=20) -> ClusterSession
    ClusterSession.run(argv, timeout=600, check=True, cwd=None, input=None) -> RunResult
    ClusterSession.sftp          # one SFTPClient, opened on first use
    ClusterSession.open_sftp()   # another SFTP channel on the same connection
    ClusterSession.clone()       # a second connection with the same login (parallel transfers)
    ClusterSession.close()       # also closes its clones
    ClusterSession.reconnect()   # a fresh connection in place (same login, host key checked again)
    ConnectionLostError          # GeomorphError: the connection broke; reconnect and try again
    RunResult(stdout, stderr, exit_code, stdout_bytes)

Host keys are checked against the plugin's known_hosts (``hostkeys.plugin_known_hosts()``)
and, read only, the user's ``~/.ssh/known_hosts``. An unknown key is refused with its
fingerprint; a changed key is refused as a possible man-in-the-middle. Nothing is ever added
automatically.

``run`` takes an argument list, never a command string: every argument is quoted with
``shlex.quote`` for the remote POSIX shell, so file names with spaces, quotes, ``$``,
backticks or newlines arrive as they are. Passwords and passphrases are never logged.
"""

from __future__ import annotations

import logging
import shlex
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr
from . import hostkeys
from .profiles import AUTH_AGENT, AUTH_AUTHCFG, AUTH_KEYFILE, Credentials, Profile, resolve_credentials

log = logging.getLogger(__name__)

KEEPALIVE_S = 30
# Big windows keep a pipelined SFTP stream from stalling on window adjustments.
WINDOW_SIZE = 64 * 1024 * 1024
MAX_PACKET_SIZE = 256 * 1024
# AES-GCM needs no separate MAC pass: the cheapest cipher for Python-side SSH.
PREFERRED_CIPHERS = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr")


class ConnectionLostError(GeomorphError):
    """The SSH connection broke (network blip, laptop asleep, server restart): worth a reconnect."""


# What a broken connection raises from paramiko's SFTP and channel calls.
def transient_errors() -> tuple:
    import paramiko

    return (ConnectionLostError, paramiko.SSHException, EOFError, socket.timeout, ConnectionError)


@dataclass
class RunResult:
    stdout: str
    stderr: str
    exit_code: int
    stdout_bytes: bytes = b""


def quote_argv(argv) -> str:
    return " ".join(shlex.quote(str(arg)) for arg in argv)


class _RefuseUnknownKey:
    """paramiko MissingHostKeyPolicy that refuses and tells the user how to trust the key."""

    def __init__(self, profile: Profile, known_hosts_path: Path):
        self.profile = profile
        self.known_hosts_path = known_hosts_path

    def missing_host_key(self, client, hostname, key):
        raise GeomorphError(
            tr("The host key of {host}:{port} is not known, so the connection was refused. Its fingerprint is "
               "{fingerprint} ({type}). Compare it with the fingerprint published by the cluster's administrators; "
               "if it matches, run the Processing algorithm \"Trust cluster host key\" (geomorph:trusthostkey) "
               "for the profile \"{profile}\", or press \"Trust host key\" in Plugins > Geomorph > Cluster profiles. "
               "The key will be stored in {path}.")
            .format(host=self.profile.host, port=self.profile.port, fingerprint=hostkeys.fingerprint(key),
                    type=key.get_name(), profile=self.profile.name, path=self.known_hosts_path)
        )


def _transport_factory(sock, disabled_algorithms=None, **_ignored):
    import paramiko

    transport = paramiko.Transport(
        sock, disabled_algorithms=disabled_algorithms,
        default_window_size=WINDOW_SIZE, default_max_packet_size=MAX_PACKET_SIZE,
    )
    available = transport.get_security_options().ciphers
    preferred = [c for c in PREFERRED_CIPHERS if c in available]
    transport.get_security_options().ciphers = preferred + [c for c in available if c not in preferred]
    return transport


def _load_private_key(path: str, passphrase: str | None, profile: Profile):
    import paramiko

    try:
        return paramiko.PKey.from_path(path, passphrase)
    except FileNotFoundError as exc:
        raise GeomorphError(tr("The private key file {path} of profile \"{profile}\" does not exist: choose the "
                               "right file in the profile.").format(path=path, profile=profile.name)) from exc
    except paramiko.PasswordRequiredException as exc:
        raise GeomorphError(
            tr("The private key {path} is protected by a passphrase: store the passphrase as the password of a "
               "QGIS authentication configuration and select it in the profile \"{profile}\".")
            .format(path=path, profile=profile.name)) from exc
    except (paramiko.SSHException, ValueError) as exc:
        raise GeomorphError(
            tr("The private key {path} cannot be opened ({error}). If it has a passphrase, check the one stored in "
               "the profile's QGIS authentication configuration; the key must be in OpenSSH or PEM format.")
            .format(path=path, error=type(exc).__name__, profile=profile.name)) from exc


def connect(profile: Profile, known_hosts_path: str | Path | None = None,
            credentials: Credentials | None = None, timeout: float = 20.0) -> ClusterSession:
    """Open an authenticated session, or raise GeomorphError saying what to check."""
    import paramiko

    profile.validate()
    known_hosts = Path(known_hosts_path) if known_hosts_path else hostkeys.plugin_known_hosts()
    creds = credentials or resolve_credentials(profile)
    client = paramiko.SSHClient()
    user_file = hostkeys.user_known_hosts()
    # The user's own file is read but never written: we only ever save to our own file.
    if user_file.is_file() and known_hosts_path is None:
        try:
            client.load_system_host_keys(str(user_file))
        except (OSError, paramiko.SSHException) as exc:
            log.warning("ignoring unreadable %s: %s", user_file, exc)
    if known_hosts.is_file():
        client.get_host_keys().load(str(known_hosts))
    client.set_missing_host_key_policy(_RefuseUnknownKey(profile, known_hosts))

    kwargs = dict(hostname=profile.host, port=int(profile.port), username=creds.user, timeout=timeout,
                  banner_timeout=timeout, auth_timeout=timeout, allow_agent=False, look_for_keys=False,
                  transport_factory=_transport_factory)
    if profile.auth_method == AUTH_AUTHCFG:
        kwargs["password"] = creds.password
    elif profile.auth_method == AUTH_KEYFILE:
        kwargs["pkey"] = _load_private_key(profile.key_file, creds.passphrase, profile)
    elif profile.auth_method == AUTH_AGENT:
        kwargs["allow_agent"] = True

    where = f"{creds.user}@{profile.host}:{profile.port}"
    try:
        client.connect(**kwargs)
    except GeomorphError:
        client.close()
        raise
    except paramiko.BadHostKeyException as exc:
        client.close()
        _, holder = hostkeys.known_key(profile.host, profile.port, [user_file, known_hosts])
        raise GeomorphError(
            tr("WARNING: THE HOST KEY OF {host}:{port} HAS CHANGED. The connection was refused: someone may be "
               "intercepting it (man-in-the-middle attack). The server presented {new}, but {path} expects {old}. "
               "If the cluster's administrators confirm that the server was reinstalled and its new fingerprint "
               "is {new}, run \"Trust cluster host key\" (geomorph:trusthostkey) for the profile \"{profile}\" "
               "with that fingerprint as the expected fingerprint (or remove the old line from {path}).")
            .format(host=profile.host, port=profile.port, new=hostkeys.fingerprint(exc.key),
                    old=hostkeys.fingerprint(exc.expected_key), path=holder or known_hosts, profile=profile.name)
        ) from None
    except paramiko.AuthenticationException as exc:
        client.close()
        hint = {
            AUTH_AUTHCFG: tr("check the user name and the password stored in the QGIS authentication "
                             "configuration \"{id}\"").format(id=profile.authcfg),
            AUTH_KEYFILE: tr("check that the public key of {path} is in ~/.ssh/authorized_keys on the cluster "
                             "and that the user name is right").format(path=profile.key_file),
            AUTH_AGENT: tr("check that ssh-agent (or Pageant) is running and holds a key that the cluster "
                           "accepts, and that the user name is right"),
        }[profile.auth_method]
        raise GeomorphError(
            tr("The cluster refused the login of {where} ({error}): {hint}.")
            .format(where=where, error=exc.__class__.__name__, hint=hint)
        ) from None
    # Network failures are ConnectionLostError (worth another try later); a refused host key or
    # login is not, and stays a plain GeomorphError.
    except (socket.timeout, TimeoutError) as exc:
        client.close()
        raise ConnectionLostError(tr("Connecting to {where} timed out after {seconds} s: check the host, the port and "
                               "your network (VPN).").format(where=where, seconds=int(timeout))) from exc
    except (OSError, paramiko.SSHException, EOFError) as exc:
        client.close()
        raise ConnectionLostError(
            tr("Cannot connect to {where}: {error}. Check the host name, the port and your network (VPN).")
            .format(where=where, error=exc)
        ) from exc
    client.get_transport().set_keepalive(KEEPALIVE_S)
    log.debug("connected to %s (cipher %s)", where, client.get_transport().remote_cipher)
    return ClusterSession(client, profile, creds, known_hosts_path)


class ClusterSession:
    """An open, authenticated SSH connection to the cluster's login node."""

    def __init__(self, client, profile: Profile, credentials: Credentials, known_hosts_path=None):
        self.client = client
        self.profile = profile
        self._credentials = credentials
        self._known_hosts_path = known_hosts_path
        self._sftp = None
        self._clones: list[ClusterSession] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def transport(self):
        return self.client.get_transport()

    @property
    def is_active(self) -> bool:
        transport = self.transport
        return bool(transport and transport.is_active())

    @property
    def where(self) -> str:
        return f"{self._credentials.user}@{self.profile.host}:{self.profile.port}"

    def _require_active(self):
        if not self.is_active:
            raise ConnectionLostError(
                tr("The connection to {where} was lost. Run the step again: finished work is kept.")
                .format(where=self.where))

    @property
    def sftp(self):
        if self._sftp is None:
            self._sftp = self.open_sftp()
        return self._sftp

    def open_sftp(self):
        import paramiko

        self._require_active()
        try:
            return paramiko.SFTPClient.from_transport(self.transport, window_size=WINDOW_SIZE,
                                                      max_packet_size=MAX_PACKET_SIZE)
        except (paramiko.SSHException, EOFError, OSError) as exc:
            raise GeomorphError(tr("The cluster {where} refused to open an SFTP channel ({error}): check that the "
                                   "SFTP subsystem is enabled on it.").format(where=self.where, error=exc)) from exc

    def clone(self) -> ClusterSession:
        other = connect(self.profile, self._known_hosts_path, credentials=self._credentials)
        self._clones.append(other)
        return other

    def reconnect(self, timeout: float = 20.0) -> None:
        """Replace a broken connection with a fresh one (same profile, credentials and host-key
        check); GeomorphError when the cluster cannot be reached."""
        self.close()
        fresh = connect(self.profile, self._known_hosts_path, credentials=self._credentials, timeout=timeout)
        self.client = fresh.client
        self._sftp = None

    def close(self) -> None:
        while self._clones:
            self._clones.pop().close()
        if self._sftp is not None:
            try:
                self._sftp.close()
            except Exception:  # noqa: BLE001,S110 - closing a dead channel may fail; nothing to do
                pass
            self._sftp = None
        self.client.close()

    def run(self, argv, timeout: float = 600.0, check: bool = True, cwd: str | None = None,
            input: bytes | str | None = None) -> RunResult:  # noqa: A002 - mirrors subprocess.run
        """Run ``argv`` on the login node. Every argument is shell-quoted; ``cwd`` is passed as an
        argument too, so it may hold any character."""
        import paramiko

        argv = [str(a) for a in argv]
        if not argv:
            raise ValueError("empty argv")
        if cwd is not None:
            argv = ["sh", "-c", 'cd -- "$1" && shift && exec "$@"', "sh", str(cwd), *argv]
        command = quote_argv(argv)
        log.debug("run on %s: %s", self.where, command)
        self._require_active()
        out, err = bytearray(), bytearray()
        try:
            chan = self.transport.open_session(timeout=30)
            chan.exec_command(command.encode("utf-8"))
            if input is not None:
                chan.sendall(input.encode("utf-8") if isinstance(input, str) else input)
            chan.shutdown_write()
            # No select() on the channel: its fileno() makes a pipe that both this thread and
            # paramiko's transport thread close, and a descriptor number freed twice can by then
            # belong to the transport's socket ("Bad file descriptor", a lost connection). A
            # short recv timeout waits for output instead.
            chan.settimeout(0.2)
            deadline = time.monotonic() + timeout
            while True:
                got = False
                while chan.recv_ready():
                    out += chan.recv(1 << 16)
                    got = True
                while chan.recv_stderr_ready():
                    err += chan.recv_stderr(1 << 16)
                    got = True
                if got:
                    continue
                # sshd may send the exit status before the last output: only EOF says all is here.
                if chan.eof_received and chan.exit_status_ready():
                    break
                if time.monotonic() > deadline:
                    chan.close()
                    raise GeomorphError(tr("The command {command} did not finish on {where} within {seconds} s.")
                                        .format(command=argv[0], where=self.where, seconds=int(timeout)))
                if not self.transport.is_active():
                    raise EOFError("transport closed")
                if chan.eof_received:
                    chan.status_event.wait(0.2)
                    continue
                try:
                    out += chan.recv(1 << 16)
                except socket.timeout:
                    pass
            code = chan.recv_exit_status()
            chan.close()
        except (paramiko.SSHException, EOFError, OSError) as exc:
            raise ConnectionLostError(
                tr("The connection to {where} was lost while running {command} ({error}). Run the step again.")
                .format(where=self.where, command=argv[0], error=exc)) from exc
        result = RunResult(out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), code, bytes(out))
        if check and code != 0:
            raise GeomorphError(
                tr("The command {command} failed on {where} with exit code {code}: {stderr}")
                .format(command=argv[0] if cwd is None else argv[5], where=self.where, code=code,
                        stderr=result.stderr.strip()[-2000:] or result.stdout.strip()[-2000:])
            )
        return result
