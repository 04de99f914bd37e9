"""Cluster connection profiles: where the cluster is and how to log in, without any secret.

Public API::

    Profile                          # dataclass, see its fields below
    load_profile(name, settings=None) -> Profile        # GeomorphError when unknown
    save_profile(profile, settings=None)
    remove_profile(name, settings=None)
    profile_names(settings=None) -> list[str]
    load_profiles_json(path) -> dict[str, Profile]      # for tests and the command line
    save_profiles_json(profiles, path)
    resolve_credentials(profile) -> Credentials         # reads QGIS's auth database
    store_secret(profile, secret, ask_master_password=False) -> str   # into QGIS's auth database; config id

Profiles live in QgsSettings under ``geomorph/profiles/<name>/<field>``. Only the id of a QGIS
authentication configuration is stored there: the password or key passphrase stays in QGIS's
encrypted auth database and is read at connection time, never written to settings, projects
or logs.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr

SETTINGS_ROOT = "geomorph/profiles"

AUTH_AUTHCFG = "authcfg"  # password (Basic auth config) from the QGIS auth database
AUTH_KEYFILE = "keyfile"  # private key file; passphrase from an auth config when given
AUTH_AGENT = "agent"  # ssh-agent, or Pageant on Windows
AUTH_METHODS = (AUTH_AUTHCFG, AUTH_KEYFILE, AUTH_AGENT)

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]{0,63}$")


@dataclass
class Profile:
    """One cluster login. ``authcfg`` is a QGIS auth config id, never a secret itself."""

    name: str
    host: str
    user: str
    port: int = 22
    auth_method: str = AUTH_AGENT
    authcfg: str = ""
    key_file: str = ""
    work_root: str = "geomorph-jobs"
    setup_command: str = ""
    container_image: str = ""
    extra_requirements: str = ""
    accounting_group: str = ""
    max_jobs: int = 0  # 0: let the scheduler decide
    has_gpu: bool = False
    extra: dict = field(default_factory=dict)

    def validate(self) -> None:
        """Raise GeomorphError naming the first bad field and how to fix it."""
        if not _NAME_RE.match(self.name or ""):
            raise GeomorphError(
                tr("The profile name \"{name}\" is not valid: use letters, digits, spaces, '.', '_' or '-' "
                   "(at most 64 characters, starting with a letter or digit).").format(name=self.name)
            )
        if not self.host.strip():
            raise GeomorphError(tr("The profile \"{name}\" has no host: enter the cluster's login host name.")
                                .format(name=self.name))
        if not self.user.strip():
            raise GeomorphError(tr("The profile \"{name}\" has no user: enter your login name on the cluster.")
                                .format(name=self.name))
        if not (0 < int(self.port) < 65536):
            raise GeomorphError(tr("The profile \"{name}\" has port {port}: use a port between 1 and 65535 "
                                   "(SSH is usually 22).").format(name=self.name, port=self.port))
        if self.auth_method not in AUTH_METHODS:
            raise GeomorphError(tr("The profile \"{name}\" has the unknown authentication method \"{method}\": "
                                   "use one of {methods}.").format(name=self.name, method=self.auth_method,
                                                                   methods=", ".join(AUTH_METHODS)))
        if self.auth_method == AUTH_AUTHCFG and not self.authcfg:
            raise GeomorphError(tr("The profile \"{name}\" uses a QGIS authentication configuration but none is "
                                   "selected: choose one in Plugins > Geomorph > Cluster profiles.")
                                .format(name=self.name))
        if self.auth_method == AUTH_KEYFILE and not self.key_file:
            raise GeomorphError(tr("The profile \"{name}\" uses a key file but no file is set: choose your private "
                                   "key in Plugins > Geomorph > Cluster profiles.").format(name=self.name))
        if int(self.max_jobs) < 0:
            raise GeomorphError(tr("The profile \"{name}\" has a negative maximum of parallel jobs: use 0 for no "
                                   "limit.").format(name=self.name))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Profile:
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in data.items():
            if key not in known:
                continue
            if key in ("port", "max_jobs"):
                value = int(value or 0)
            elif key == "has_gpu":
                value = _as_bool(value)
            elif key == "extra":
                value = dict(value or {})
            else:
                value = "" if value is None else str(value)
            values[key] = value
        return cls(**values)

    def remote_dir(self, job_id: str) -> str:
        """The job's directory on the cluster; a relative work root is relative to the login home."""
        root = self.work_root.rstrip("/") or "."
        return f"{root}/{job_id}"


@dataclass
class Credentials:
    """Secrets resolved for one connection; kept in memory only, never repr'd."""

    user: str
    password: str | None = field(default=None, repr=False)
    passphrase: str | None = field(default=None, repr=False)


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _settings(settings=None):
    if settings is not None:
        return settings
    from qgis.core import QgsSettings

    return QgsSettings()


def profile_names(settings=None) -> list[str]:
    s = _settings(settings)
    s.beginGroup(SETTINGS_ROOT)
    try:
        return sorted(s.childGroups())
    finally:
        s.endGroup()


def load_profile(name: str, settings=None) -> Profile:
    s = _settings(settings)
    if name not in profile_names(s):
        known = ", ".join(profile_names(s)) or tr("none")
        raise GeomorphError(
            tr("There is no cluster profile named \"{name}\" (known profiles: {known}). Create it in "
               "Plugins > Geomorph > Cluster profiles.").format(name=name, known=known)
        )
    s.beginGroup(f"{SETTINGS_ROOT}/{name}")
    try:
        data = {key: s.value(key) for key in s.childKeys()}
    finally:
        s.endGroup()
    data["name"] = name
    if "extra" in data:
        data["extra"] = json.loads(data["extra"] or "{}")
    return Profile.from_dict(data)


def save_profile(profile: Profile, settings=None) -> None:
    profile.validate()
    s = _settings(settings)
    remove_profile(profile.name, s)
    s.beginGroup(f"{SETTINGS_ROOT}/{profile.name}")
    try:
        for key, value in profile.to_dict().items():
            if key == "name":
                continue
            if key == "extra":
                value = json.dumps(value)
            s.setValue(key, value)
    finally:
        s.endGroup()
    s.sync()


def remove_profile(name: str, settings=None) -> None:
    s = _settings(settings)
    s.remove(f"{SETTINGS_ROOT}/{name}")
    s.sync()


def load_profiles_json(path: str | Path) -> dict[str, Profile]:
    """``{"profiles": [ {...}, ... ]}`` or a single profile object."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    items = data.get("profiles", [data]) if isinstance(data, dict) else data
    result = {}
    for item in items:
        profile = Profile.from_dict(item)
        profile.validate()
        result[profile.name] = profile
    return result


def save_profiles_json(profiles, path: str | Path) -> None:
    items = [p.to_dict() for p in (profiles.values() if isinstance(profiles, dict) else profiles)]
    Path(path).write_text(json.dumps({"profiles": items}, indent=2) + "\n", encoding="utf-8")


def _auth_config_map(authcfg: str) -> dict:
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    config = QgsAuthMethodConfig()
    ok = manager.loadAuthenticationConfig(authcfg, config, True)
    if isinstance(ok, tuple):  # some bindings return (ok, config)
        ok, config = ok
    if not ok or not config.isValid(True):
        raise GeomorphError(
            tr("The QGIS authentication configuration \"{id}\" could not be read. Check that it exists in "
               "Settings > Options > Authentication and that the master password is set.").format(id=authcfg)
        )
    return dict(config.configMap())


def resolve_credentials(profile: Profile) -> Credentials:
    """Read the password or key passphrase for ``profile`` from QGIS's auth database."""
    creds = Credentials(user=profile.user)
    if not profile.authcfg:
        return creds
    values = _auth_config_map(profile.authcfg)
    secret = values.get("password") or values.get("passphrase") or None
    if profile.auth_method == AUTH_AUTHCFG:
        creds.password = secret
        # A Basic config also carries a user name; the profile's own user wins when set.
        creds.user = profile.user or values.get("username", "")
        if not secret:
            raise GeomorphError(
                tr("The QGIS authentication configuration \"{id}\" holds no password. Use a Basic "
                   "(user name and password) configuration.").format(id=profile.authcfg)
            )
    else:
        creds.passphrase = secret
    return creds


def store_secret(profile: Profile, secret: str, ask_master_password: bool = False) -> str:
    """Put ``secret`` (a password or a key passphrase) in QGIS's authentication database as a
    Basic configuration and return its id; the profile's own configuration is updated when it
    has one. Headless callers keep ``ask_master_password`` False: a prompt would wait for ever."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet() and not (ask_master_password and manager.setMasterPassword(True)):
        raise GeomorphError(tr("The password was not saved: QGIS's authentication database is locked. Set its "
                               "master password first (Settings > Options > Authentication in QGIS; in a script, "
                               "QgsApplication.authManager().setMasterPassword(...))."))
    config = QgsAuthMethodConfig()
    if profile.authcfg:
        loaded = manager.loadAuthenticationConfig(profile.authcfg, config, True)
        if isinstance(loaded, tuple):
            loaded, config = loaded
        if not loaded:
            config = QgsAuthMethodConfig()
    config.setMethod("Basic")
    if not config.name():
        config.setName(tr("Geomorph cluster {name}").format(name=profile.name))
    config.setConfig("username", profile.user)
    config.setConfig("password", secret)
    ok = manager.updateAuthenticationConfig(config) if config.id() else manager.storeAuthenticationConfig(config)
    if isinstance(ok, tuple):
        ok, config = ok[0], (ok[1] if len(ok) > 1 and isinstance(ok[1], QgsAuthMethodConfig) else config)
    if not ok or not config.id():
        raise GeomorphError(tr("QGIS's authentication database did not accept the password. Check Settings > "
                               "Options > Authentication."))
    return config.id()
