"""Connection profiles: QgsSettings storage without secrets, JSON, validation, QGIS auth database."""

from __future__ import annotations

import pytest
from qgis.PyQt.QtCore import QSettings

from geomorph_plugin.cluster import profiles as prof
from geomorph_plugin.errors import GeomorphError


def _settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)


def _profile(**kw):
    base = dict(name="uni cluster", host="login.example.org", port=2022, user="rossi", auth_method=prof.AUTH_AUTHCFG,
                authcfg="abc1234", work_root="/gpfs/rossi/geomorph", container_image="/opt/sfm.sif",
                extra_requirements='(OpSys == "LINUX")', accounting_group="geo.rossi", max_jobs=103, has_gpu=True)
    base.update(kw)
    return prof.Profile(**base)


def test_settings_roundtrip_keeps_every_field(tmp_path):
    settings = _settings(tmp_path)
    profile = _profile()
    prof.save_profile(profile, settings)
    prof.save_profile(_profile(name="other", auth_method=prof.AUTH_AGENT, authcfg=""), settings)
    assert prof.profile_names(settings) == ["other", "uni cluster"]
    loaded = prof.load_profile("uni cluster", _settings(tmp_path))
    assert loaded == profile
    assert isinstance(loaded.port, int) and loaded.has_gpu is True and loaded.max_jobs == 103
    prof.remove_profile("other", settings)
    assert prof.profile_names(settings) == ["uni cluster"]


def test_unknown_profile_names_the_known_ones(tmp_path):
    settings = _settings(tmp_path)
    prof.save_profile(_profile(), settings)
    with pytest.raises(GeomorphError, match="no cluster profile named \"nope\".*uni cluster"):
        prof.load_profile("nope", settings)


def test_json_roundtrip(tmp_path):
    path = tmp_path / "profiles.json"
    prof.save_profiles_json([_profile(), _profile(name="b", auth_method=prof.AUTH_KEYFILE, key_file="/k")], path)
    loaded = prof.load_profiles_json(path)
    assert loaded["uni cluster"] == _profile()
    assert loaded["b"].key_file == "/k"


@pytest.mark.parametrize("change, message", [
    (dict(host=""), "no host"),
    (dict(port=70000), "port 70000"),
    (dict(auth_method="password"), "unknown authentication method"),
    (dict(authcfg=""), "no .*selected|none is selected"),
    (dict(auth_method=prof.AUTH_KEYFILE, key_file=""), "no file is set"),
    (dict(name="../evil"), "not valid"),
])
def test_validation_names_the_problem(change, message):
    with pytest.raises(GeomorphError, match=message):
        _profile(**change).validate()


def test_secret_from_qgis_auth_database_never_reaches_settings(qgis_app, tmp_path):
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("geomorph-test-master", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("cluster login")
    config.setConfig("username", "rossi")
    config.setConfig("password", "s3cret-Pa55")
    ok = manager.storeAuthenticationConfig(config)
    ok = ok[0] if isinstance(ok, tuple) else ok
    assert ok
    profile = _profile(authcfg=config.id())
    settings = _settings(tmp_path)
    prof.save_profile(profile, settings)
    settings.sync()
    text = (tmp_path / "settings.ini").read_text()
    assert config.id() in text and "s3cret-Pa55" not in text

    creds = prof.resolve_credentials(prof.load_profile("uni cluster", settings))
    assert creds.password == "s3cret-Pa55" and creds.user == "rossi"
    assert "s3cret" not in repr(creds)

    keyfile = prof.resolve_credentials(_profile(auth_method=prof.AUTH_KEYFILE, key_file="/k", authcfg=config.id()))
    assert keyfile.passphrase == "s3cret-Pa55" and keyfile.password is None

    with pytest.raises(GeomorphError, match="could not be read"):
        prof.resolve_credentials(_profile(authcfg="zzzzzzz"))
    manager.removeAuthenticationConfig(config.id())
