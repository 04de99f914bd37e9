"""geomorph:createclusterprofile: a profile without the dialog, the secret in QGIS's auth database,
and a login with it on the real test cluster."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.cluster


def _run(params, feedback=None):
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    alg = QgsApplication.processingRegistry().createAlgorithmById("geomorph:createclusterprofile")
    ok, message = alg.checkParameterValues(params, QgsProcessingContext())
    assert ok, message
    return alg.processAlgorithm(params, QgsProcessingContext(), feedback or QgsProcessingFeedback())


@pytest.fixture
def master_password(qgis_app):
    from qgis.core import QgsApplication

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("geomorph-test-master", True)
    return manager


def test_password_profile_from_a_secret_file_logs_in(provider, master_password, test_cluster, cluster_known_hosts,
                                                     tmp_path, monkeypatch):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsSettings

    from geomorph_plugin.cluster.profiles import AUTH_AUTHCFG, load_profile, remove_profile
    from geomorph_plugin.cluster.ssh import connect

    name = f"pytest-create-{uuid.uuid4().hex[:6]}"
    secret = tmp_path / "password.txt"
    secret.write_text(test_cluster["password"] + "\n")
    log = []

    class Log(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802 - QGIS API
            log.append(info)

    params = {"NAME": name, "HOST": test_cluster["host"], "PORT": int(test_cluster["port"]),
              "USER": test_cluster["user"], "AUTH_METHOD": 2, "SECRET_FILE": str(secret),
              "WORK_ROOT": test_cluster["work_root"], "MAX_CPUS_PER_JOB": 2, "MAX_MEMORY_MB": 4000,
              "SETUP_COMMAND": "module load colmap", "HAS_GPU": False}
    try:
        assert _run(params, Log())["PROFILES"] == name
        profile = load_profile(name)
        assert profile.auth_method == AUTH_AUTHCFG and profile.authcfg
        assert profile.extra == {"max_cpus_per_job": 2, "max_memory_mb": 4000}
        assert profile.setup_command == "module load colmap" and profile.port == int(test_cluster["port"])
        settings_text = open(QgsSettings().fileName(), encoding="utf-8").read()
        assert test_cluster["password"] not in settings_text and profile.authcfg in settings_text
        assert not any(test_cluster["password"] in line for line in log)
        assert secret.read_text() == test_cluster["password"] + "\n"  # the user's file is only read
        with connect(profile, known_hosts_path=cluster_known_hosts) as session:
            assert session.run(["whoami"]).stdout.strip() == test_cluster["user"]

        # A second run does not silently replace it...
        with pytest.raises(QgsProcessingException, match="exists already"):
            _run(params)
        # ...unless asked to; the secret may also come from an environment variable.
        monkeypatch.setenv("GEOMORPH_TEST_SECRET", test_cluster["password"])
        _run({**params, "SECRET_FILE": None, "SECRET_ENV": "GEOMORPH_TEST_SECRET", "REPLACE": True,
              "MAX_CPUS_PER_JOB": 0, "RETRIES": 0})
        again = load_profile(name)
        # 0 retries is a choice (as in the dialog); -1, the parameter's default, keeps the engine's default.
        assert again.authcfg == profile.authcfg and again.extra == {"max_memory_mb": 4000, "retries": 0}
        with connect(again, known_hosts_path=cluster_known_hosts) as session:
            assert session.run(["whoami"]).stdout.strip() == test_cluster["user"]
        with pytest.raises(QgsProcessingException, match="GEOMORPH_TEST_UNSET"):
            _run({**params, "SECRET_FILE": None, "SECRET_ENV": "GEOMORPH_TEST_UNSET", "REPLACE": True})
    finally:
        profile = None
        try:
            profile = load_profile(name)
        except Exception:  # noqa: BLE001, S110 - the test failed before saving it
            pass
        if profile is not None and profile.authcfg:
            master_password.removeAuthenticationConfig(profile.authcfg)
        remove_profile(name)


def test_profile_file_import(provider, qgis_app, cluster_profile, cluster_known_hosts, tmp_path):
    from geomorph_plugin.cluster.profiles import Profile, load_profile, remove_profile, save_profiles_json
    from geomorph_plugin.cluster.ssh import connect

    name = f"pytest-import-{uuid.uuid4().hex[:6]}"
    source = Profile(**{**cluster_profile.to_dict(), "name": name, "extra": {"max_cpus_per_job": 2}})
    save_profiles_json([source], tmp_path / "profiles.json")
    try:
        assert _run({"PROFILE_FILE": str(tmp_path / "profiles.json")})["PROFILES"] == name
        assert load_profile(name) == source
        with connect(load_profile(name), known_hosts_path=cluster_known_hosts) as session:
            assert session.run(["whoami"]).stdout.strip() == cluster_profile.user
    finally:
        remove_profile(name)
