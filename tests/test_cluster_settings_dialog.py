"""The cluster profiles dialog and its menu entry (offscreen Qt, real QgsSettings in a temp file,
QGIS's real authentication database)."""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest
from qgis.PyQt.QtCore import QEventLoop, QSettings, QTimer

SECRET = "s3cret-Pa55-typed-in-the-dialog"


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)


@pytest.fixture
def auth_manager(qgis_app):
    from qgis.core import QgsApplication

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("geomorph-test-master", True)
    return manager


@pytest.fixture(autouse=True)
def no_modal_warnings(monkeypatch):
    """A warning box would wait for a click that never comes: fail with its text instead."""
    from geomorph_plugin.gui import settings_dialog

    def warning(_parent, _title, text, *_args):
        raise AssertionError(f"the dialog showed a warning: {text}")

    monkeypatch.setattr(settings_dialog.QMessageBox, "warning", warning)


def _fill(dialog, method, name="hpc"):
    dialog.name.setText(name)
    dialog.host.setText("login.example.org")
    dialog.user.setText("rossi")
    dialog.auth_method.setCurrentIndex(dialog.auth_method.findData(method))


def _wait_for(signal, timeout_s: float):
    """Run the event loop until ``signal`` fires; returns its arguments (None on timeout)."""
    got = []
    loop = QEventLoop()
    signal.connect(lambda *args: (got.append(args), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec_()
    return got[0] if got else None


def test_dialog_saves_and_reloads_a_profile(qgis_app, settings, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    from geomorph_plugin.cluster.profiles import AUTH_KEYFILE, load_profile
    from geomorph_plugin.gui import settings_dialog
    from geomorph_plugin.gui.settings_dialog import ProfilesDialog

    dialog = ProfilesDialog(settings=settings)
    _fill(dialog, AUTH_KEYFILE)
    dialog.port.setValue(2200)
    dialog.key_file.setFilePath("/home/rossi/.ssh/id_ed25519")
    dialog.max_jobs.setValue(103)
    dialog.has_gpu.setChecked(True)
    assert dialog._save()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["hpc"]
    loaded = load_profile("hpc", settings)
    assert (loaded.host, loaded.port, loaded.max_jobs, loaded.has_gpu, loaded.authcfg) == (
        "login.example.org", 2200, 103, True, "")

    other = ProfilesDialog(settings=settings)
    other.list.setCurrentRow(0)
    assert other.profile() == loaded
    questions = []
    answer = QMessageBox.No
    monkeypatch.setattr(settings_dialog.QMessageBox, "question",
                        lambda *args: questions.append(args[2]) or answer)
    assert not other._remove()  # "No" keeps it
    assert other.list.count() == 1 and "hpc" in questions[0]
    answer = QMessageBox.Yes
    assert other._remove()
    assert other.list.count() == 0 and len(questions) == 2


def test_a_typed_secret_goes_to_the_auth_db_and_nowhere_else(qgis_app, auth_manager, settings, tmp_path, caplog):
    from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsProject, QgsSettings

    from geomorph_plugin.cluster.profiles import AUTH_AUTHCFG, load_profile, resolve_credentials
    from geomorph_plugin.gui.settings_dialog import ProfilesDialog

    messages = []
    QgsApplication.messageLog().messageReceived.connect(lambda text, *_: messages.append(text))
    caplog.set_level(logging.DEBUG)
    dialog = ProfilesDialog(settings=settings)
    _fill(dialog, AUTH_AUTHCFG, name="secret-test")
    dialog.secret.setText(SECRET)  # what the user types in the password field
    assert dialog._save()
    authcfg = load_profile("secret-test", settings).authcfg
    try:
        assert authcfg and dialog.secret.text() == "" and dialog.authcfg.configId() == authcfg
        # In the auth DB, encrypted: readable through QGIS, absent from the database file's bytes.
        config = QgsAuthMethodConfig()
        loaded = auth_manager.loadAuthenticationConfig(authcfg, config, True)
        if isinstance(loaded, tuple):
            loaded, config = loaded
        assert loaded and config.config("password") == SECRET and config.config("username") == "rossi"
        assert SECRET.encode() not in open(QgsApplication.qgisAuthDatabaseFilePath(), "rb").read()
        assert resolve_credentials(load_profile("secret-test", settings)).password == SECRET
        # Not in the settings (the dialog's and QGIS's own), a project, or any log.
        settings.sync()
        assert authcfg in (tmp_path / "s.ini").read_text() and SECRET not in (tmp_path / "s.ini").read_text()
        qgis_settings = QgsSettings()
        qgis_settings.sync()
        assert SECRET not in open(qgis_settings.fileName(), encoding="utf-8", errors="replace").read()
        project_file = tmp_path / "p.qgs"
        assert QgsProject.instance().write(str(project_file))
        assert SECRET not in project_file.read_text(encoding="utf-8")
        assert not [m for m in messages if SECRET in m]
        assert SECRET not in caplog.text
        # Editing the profile with a new secret updates the same configuration.
        dialog.list.setCurrentRow(0)
        dialog.secret.setText(SECRET + "-2")
        assert dialog._save()
        assert load_profile("secret-test", settings).authcfg == authcfg
        assert resolve_credentials(load_profile("secret-test", settings)).password == SECRET + "-2"
    finally:
        auth_manager.removeAuthenticationConfig(authcfg)


def test_only_the_chosen_login_method_fields_are_enabled(qgis_app, settings):
    from geomorph_plugin.cluster.profiles import AUTH_AGENT, AUTH_AUTHCFG, AUTH_KEYFILE
    from geomorph_plugin.gui.settings_dialog import ProfilesDialog

    dialog = ProfilesDialog(settings=settings)
    enabled = {}
    for method in (AUTH_AGENT, AUTH_KEYFILE, AUTH_AUTHCFG):
        dialog.auth_method.setCurrentIndex(dialog.auth_method.findData(method))
        enabled[method] = (dialog.key_file.isEnabled(), dialog.secret.isEnabled(), dialog.authcfg.isEnabled())
    assert enabled == {AUTH_AGENT: (False, False, False), AUTH_KEYFILE: (True, True, True),
                       AUTH_AUTHCFG: (False, True, True)}
    # Every field says what it is for.
    for widget in (dialog.name, dialog.host, dialog.port, dialog.user, dialog.auth_method, dialog.key_file,
                   dialog.secret, dialog.work_root, dialog.setup_command, dialog.container_image,
                   dialog.extra_requirements, dialog.accounting_group, dialog.max_jobs, dialog.has_gpu,
                   dialog.max_cpus, dialog.max_memory, dialog.retries):
        assert widget.toolTip(), widget
    for widget in (dialog.name, dialog.host, dialog.user, dialog.secret, dialog.work_root, dialog.setup_command,
                   dialog.container_image, dialog.extra_requirements, dialog.accounting_group):
        assert widget.placeholderText(), widget


def test_per_job_caps_are_edited_and_other_extra_keys_kept(qgis_app, settings):
    from geomorph_plugin.cluster.profiles import AUTH_AGENT, Profile, load_profile, save_profile
    from geomorph_plugin.gui.settings_dialog import ProfilesDialog
    from geomorph_plugin.workflow.engine import WorkflowOptions

    save_profile(Profile(name="small", host="h", user="u", auth_method=AUTH_AGENT,
                         extra={"max_cpus_per_job": 2, "tile_count": 4}), settings)
    dialog = ProfilesDialog(settings=settings)
    dialog.list.setCurrentRow(0)
    assert (dialog.max_cpus.value(), dialog.max_memory.value(), dialog.retries.value()) == (2, 0, -1)
    assert dialog.max_memory.text() == f"{WorkflowOptions().max_memory_mb} MB (default)"
    dialog.max_memory.setValue(4096)
    dialog.retries.setValue(0)  # no retry at all is a value of its own, not "default"
    assert dialog._save()
    assert load_profile("small", settings).extra == {"max_cpus_per_job": 2, "max_memory_mb": 4096, "retries": 0,
                                                     "tile_count": 4}
    dialog.max_cpus.setValue(0)  # back to the default: the key goes
    assert dialog._save()
    assert "max_cpus_per_job" not in load_profile("small", settings).extra


def test_connection_test_runs_off_the_gui_thread(qgis_app, settings):
    """A login node that accepts TCP but never answers SSH: the dialog stays responsive and says so."""
    from geomorph_plugin.cluster.profiles import AUTH_AUTHCFG
    from geomorph_plugin.gui.settings_dialog import ProfilesDialog

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    accepted = []
    acceptor = threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True)
    acceptor.start()
    try:
        dialog = ProfilesDialog(settings=settings)
        _fill(dialog, AUTH_AUTHCFG)
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(server.getsockname()[1])
        dialog.secret.setText(SECRET)  # tested before saving: kept in memory only
        dialog.test_timeout = 2
        start = time.monotonic()
        assert dialog._test()
        assert time.monotonic() - start < 0.5  # returned at once: the wait is in the task
        assert not dialog.buttons["test"].isEnabled() and "Testing" in dialog.status.text()
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(100)
        result = _wait_for(dialog.connectionTested, 30)
        timer.stop()
        assert result is not None, "no answer from the connection test"
        ok, text = result
        assert not ok and text and SECRET not in text
        assert dialog.status.text() == text and dialog.buttons["test"].isEnabled()
        assert len(ticks) >= 10, text  # the event loop ran all along (>= 1 s of 100 ms ticks)
        assert accepted  # it really connected to the silent server
    finally:
        server.close()


@pytest.mark.cluster
def test_connection_test_against_the_test_cluster(qgis_app, settings, test_cluster, cluster_known_hosts):
    from geomorph_plugin.cluster.profiles import AUTH_KEYFILE
    from geomorph_plugin.gui.settings_dialog import ProfilesDialog

    dialog = ProfilesDialog(settings=settings)
    _fill(dialog, AUTH_KEYFILE)
    dialog.host.setText(test_cluster["host"])
    dialog.port.setValue(int(test_cluster["port"]))
    dialog.user.setText(test_cluster["user"])
    dialog.key_file.setFilePath(test_cluster["key_file"])
    dialog.known_hosts_path = cluster_known_hosts
    assert dialog._test()
    ok, text = _wait_for(dialog.connectionTested, 60)
    assert ok, text
    assert f"Connected as {test_cluster['user']}." in text and "CondorVersion" in text


def test_menu_part_adds_and_removes_its_entry(qgis_app, qgis_iface):
    from geomorph_plugin.gui.settings_dialog import ProfilesMenuPart

    part = ProfilesMenuPart(qgis_iface)
    part.add()
    assert part.action is not None and part.action.text().startswith("Cluster profiles")
    part.remove()
    assert part.action is None


@pytest.mark.cluster
def test_trust_host_key_fetches_in_the_background_and_stores_only_after_yes(qgis_app, settings, test_cluster,
                                                                           tmp_path, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    from geomorph_plugin.cluster import hostkeys
    from geomorph_plugin.cluster.profiles import AUTH_AGENT
    from geomorph_plugin.gui import settings_dialog
    from geomorph_plugin.gui.settings_dialog import ProfilesDialog

    questions, answer = [], [QMessageBox.No]
    monkeypatch.setattr(settings_dialog.QMessageBox, "question", lambda *args: questions.append(args[2]) or answer[0])
    dialog = ProfilesDialog(settings=settings)
    _fill(dialog, AUTH_AGENT)
    dialog.host.setText(test_cluster["host"])
    dialog.port.setValue(int(test_cluster["port"]))
    known_hosts = tmp_path / "known_hosts"
    dialog.known_hosts_path = known_hosts
    expected = test_cluster["host_key_fingerprint_sha256"]

    assert dialog._trust()
    assert not dialog.buttons["trust"].isEnabled()
    ok, text = _wait_for(dialog.hostKeyTrusted, 60)
    assert not ok and "not trusted" in text
    assert expected in questions[0] and not known_hosts.exists()  # shown, then No: nothing stored

    answer[0] = QMessageBox.Yes
    assert dialog._trust()
    ok, text = _wait_for(dialog.hostKeyTrusted, 60)
    assert ok and expected in text, text
    key, path = hostkeys.known_key(test_cluster["host"], int(test_cluster["port"]), [known_hosts])
    assert path == known_hosts and hostkeys.fingerprint(key) == expected
    assert dialog.buttons["trust"].isEnabled() and dialog.status.text() == text
