"""The cluster profiles dialog and its menu entry (offscreen Qt, real QgsSettings in a temp file)."""

from __future__ import annotations

from qgis.PyQt.QtCore import QSettings


def test_dialog_saves_and_reloads_a_profile_without_secrets(qgis_app, tmp_path):
    from geomorph_plugin.cluster.profiles import AUTH_KEYFILE, load_profile
    from geomorph_plugin.gui.settings_dialog import ProfilesDialog

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    dialog = ProfilesDialog(settings=settings)
    dialog.name.setText("hpc")
    dialog.host.setText("login.example.org")
    dialog.user.setText("rossi")
    dialog.port.setValue(2200)
    dialog.auth_method.setCurrentIndex(dialog.auth_method.findData(AUTH_KEYFILE))
    dialog.key_file.setFilePath("/home/rossi/.ssh/id_ed25519")
    dialog.max_jobs.setValue(103)
    dialog.has_gpu.setChecked(True)
    dialog._save()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["hpc"]
    loaded = load_profile("hpc", settings)
    assert (loaded.host, loaded.port, loaded.max_jobs, loaded.has_gpu) == ("login.example.org", 2200, 103, True)

    other = ProfilesDialog(settings=settings)
    other.list.setCurrentRow(0)
    assert other.profile() == loaded
    other._remove()
    assert other.list.count() == 0


def test_menu_part_adds_and_removes_its_entry(qgis_app, qgis_iface):
    from geomorph_plugin.gui.settings_dialog import ProfilesMenuPart

    part = ProfilesMenuPart(qgis_iface)
    part.add()
    assert part.action is not None and part.action.text().startswith("Cluster profiles")
    part.remove()
    assert part.action is None
