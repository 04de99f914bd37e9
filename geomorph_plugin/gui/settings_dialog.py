"""Plugins > Geomorph > Cluster profiles: add, edit, remove and test cluster connection profiles.

The dialog stores profiles through ``cluster.profiles`` (no secrets: the password or key
passphrase stays in the QGIS auth database, chosen with ``QgsAuthConfigSelect``).
"""

from __future__ import annotations

from qgis.gui import QgsAuthConfigSelect, QgsFileWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QAction,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ..errors import GeomorphError
from ..i18n import tr
from ..paths import icon_path

MENU = "&Geomorph"


class ProfilesDialog(QDialog):
    def __init__(self, parent=None, settings=None):
        super().__init__(parent)
        from ..cluster import profiles

        self._profiles = profiles
        self._settings = settings
        self.setWindowTitle(tr("Geomorph cluster profiles"))
        self.list = QListWidget()
        self.list.currentTextChanged.connect(self._show)
        self.name = QLineEdit()
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(22)
        self.user = QLineEdit()
        self.auth_method = QComboBox()
        for method, label in ((profiles.AUTH_AGENT, tr("SSH agent / Pageant")),
                              (profiles.AUTH_KEYFILE, tr("Private key file")),
                              (profiles.AUTH_AUTHCFG, tr("Password (QGIS authentication)"))):
            self.auth_method.addItem(label, method)
        self.key_file = QgsFileWidget()
        self.authcfg = QgsAuthConfigSelect(self)
        self.work_root = QLineEdit()
        self.setup_command = QLineEdit()
        self.container_image = QLineEdit()
        self.extra_requirements = QLineEdit()
        self.accounting_group = QLineEdit()
        self.max_jobs = QSpinBox()
        self.max_jobs.setRange(0, 100000)
        self.max_jobs.setSpecialValueText(tr("no limit"))
        self.has_gpu = QCheckBox(tr("The cluster has GPU nodes (CUDA)"))

        form = QFormLayout()
        for label, widget in ((tr("Name"), self.name), (tr("Host"), self.host), (tr("Port"), self.port),
                              (tr("User"), self.user), (tr("Authentication"), self.auth_method),
                              (tr("Private key file"), self.key_file),
                              (tr("Password or key passphrase"), self.authcfg),
                              (tr("Remote work folder"), self.work_root),
                              (tr("Node setup command"), self.setup_command),
                              (tr("Container image (Apptainer/Singularity)"), self.container_image),
                              (tr("Extra requirements"), self.extra_requirements),
                              (tr("Accounting group"), self.accounting_group),
                              (tr("Maximum parallel jobs"), self.max_jobs), ("", self.has_gpu)):
            form.addRow(label, widget)

        buttons = QHBoxLayout()
        for text, slot in ((tr("New"), self._new), (tr("Save"), self._save), (tr("Remove"), self._remove),
                           (tr("Test connection"), self._test), (tr("Trust host key"), self._trust)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(form, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self._reload()

    def _reload(self, select: str | None = None):
        self.list.clear()
        self.list.addItems(self._profiles.profile_names(self._settings))
        items = self.list.findItems(select, Qt.MatchExactly) if select else []
        if items:
            self.list.setCurrentItem(items[0])

    def _show(self, name: str):
        if not name:
            return
        p = self._profiles.load_profile(name, self._settings)
        self.name.setText(p.name)
        self.host.setText(p.host)
        self.port.setValue(int(p.port))
        self.user.setText(p.user)
        self.auth_method.setCurrentIndex(max(0, self.auth_method.findData(p.auth_method)))
        self.key_file.setFilePath(p.key_file)
        self.authcfg.setConfigId(p.authcfg)
        self.work_root.setText(p.work_root)
        self.setup_command.setText(p.setup_command)
        self.container_image.setText(p.container_image)
        self.extra_requirements.setText(p.extra_requirements)
        self.accounting_group.setText(p.accounting_group)
        self.max_jobs.setValue(int(p.max_jobs))
        self.has_gpu.setChecked(bool(p.has_gpu))

    def profile(self):
        return self._profiles.Profile(
            name=self.name.text().strip(), host=self.host.text().strip(), port=self.port.value(),
            user=self.user.text().strip(), auth_method=self.auth_method.currentData(),
            authcfg=self.authcfg.configId(), key_file=self.key_file.filePath(),
            work_root=self.work_root.text().strip() or "geomorph-jobs", setup_command=self.setup_command.text(),
            container_image=self.container_image.text().strip(), extra_requirements=self.extra_requirements.text(),
            accounting_group=self.accounting_group.text().strip(), max_jobs=self.max_jobs.value(),
            has_gpu=self.has_gpu.isChecked(),
        )

    def _new(self):
        self.list.clearSelection()
        for widget in (self.name, self.host, self.user, self.work_root, self.setup_command, self.container_image,
                       self.extra_requirements, self.accounting_group):
            widget.clear()
        self.port.setValue(22)
        self.key_file.setFilePath("")
        self.authcfg.setConfigId("")

    def _guarded(self, action):
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            return action()
        except GeomorphError as exc:
            QMessageBox.warning(self, tr("Geomorph cluster profiles"), str(exc))
        finally:
            QApplication.restoreOverrideCursor()

    def _save(self):
        profile = self.profile()
        if self._guarded(lambda: self._profiles.save_profile(profile, self._settings) or True):
            self._reload(profile.name)

    def _remove(self):
        name = self.list.currentItem().text() if self.list.currentItem() else ""
        if name:
            self._profiles.remove_profile(name, self._settings)
            self._reload()

    def _test(self):
        from ..cluster.ssh import connect

        def test():
            with connect(self.profile(), timeout=15) as session:
                who = session.run(["id", "-un"], timeout=30).stdout.strip()
                condor = session.run(["condor_version"], check=False, timeout=30)
            text = tr("Connected as {user}.").format(user=who) + "\n"
            text += (condor.stdout.splitlines() or [""])[0] if condor.exit_code == 0 else \
                tr("HTCondor tools were not found on the login node (condor_version failed).")
            QMessageBox.information(self, tr("Geomorph cluster profiles"), text)

        self._guarded(test)

    def _trust(self):
        from ..cluster import hostkeys

        profile = self.profile()

        def trust():
            key = hostkeys.fetch_host_key(profile.host, profile.port)
            fingerprint = hostkeys.fingerprint(key)
            answer = QMessageBox.question(
                self, tr("Trust cluster host key"),
                tr("{host}:{port} presents the {type} key\n{fingerprint}\nTrust it only if this is the fingerprint "
                   "that the cluster's administrators published. Trust it?")
                .format(host=profile.host, port=profile.port, type=key.get_name(), fingerprint=fingerprint))
            if answer == QMessageBox.Yes:
                hostkeys.trust_host_key(profile, fingerprint)

        self._guarded(trust)


class ProfilesMenuPart:
    """GUI part: the menu entry that opens the dialog."""

    def __init__(self, iface):
        self.iface = iface
        self.action = None

    def add(self):
        self.action = QAction(QIcon(str(icon_path())), tr("Cluster profiles…"), self.iface.mainWindow())
        self.action.triggered.connect(self.open)
        self.iface.addPluginToMenu(MENU, self.action)

    def open(self):
        ProfilesDialog(self.iface.mainWindow()).exec_()

    def remove(self):
        if self.action is not None:
            self.iface.removePluginMenu(MENU, self.action)
            self.action.deleteLater()
            self.action = None
