"""Plugins > Geomorph > Cluster profiles: add, edit, remove and test cluster connection profiles.

The dialog stores profiles through ``cluster.profiles`` (no secrets: a password or key
passphrase typed here goes straight into the QGIS authentication database, and only the id of
that configuration is saved with the profile). *Test connection* runs in a ``QgsTask``; its
result comes back through the ``connectionTested`` signal, on the main thread.
"""

from __future__ import annotations

import dataclasses

from qgis.core import QgsApplication, QgsTask
from qgis.gui import QgsAuthConfigSelect, QgsFileWidget, QgsPasswordLineEdit
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QAction,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
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
TEST_TIMEOUT_S = 15
# Keys of a profile's ``extra`` that cap what each node job asks for (WorkflowOptions names,
# applied by sfm.prepare.apply_profile). 0 in the dialog means "not set": the workflow's default.
CAP_KEYS = ("max_cpus_per_job", "max_memory_mb", "retries")


def confirm(parent, title: str, text: str) -> bool:
    """A Yes/No question whose default is No (removing or cancelling cannot be undone)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


class ConnectionTestTask(QgsTask):
    """Logs in with a profile and asks for the user name and HTCondor's version, off the GUI thread.

    ``tested(ok, text)`` is emitted from ``finished()``, which QGIS runs on the main thread.
    """

    tested = pyqtSignal(bool, str)

    def __init__(self, profile, credentials=None, known_hosts_path=None, timeout: float = TEST_TIMEOUT_S):
        super().__init__(tr("Geomorph: testing the connection to {host}").format(host=profile.host),
                         QgsTask.CanCancel)
        self.profile = profile
        self.credentials = credentials
        self.known_hosts_path = known_hosts_path
        self.timeout = timeout
        self.ok = False
        self.text = ""

    def run(self) -> bool:
        from ..cluster.ssh import connect

        try:
            with connect(self.profile, known_hosts_path=self.known_hosts_path, credentials=self.credentials,
                         timeout=self.timeout) as session:
                who = session.run(["id", "-un"], timeout=30).stdout.strip()
                condor = session.run(["condor_version"], check=False, timeout=30)
        except GeomorphError as exc:
            self.text = str(exc)
            return True
        except Exception as exc:  # noqa: BLE001 - any failure is the answer to "does it connect?"
            self.text = tr("The connection failed: {error}").format(error=exc)
            return True
        self.ok = True
        self.text = tr("Connected as {user}.").format(user=who) + "\n"
        self.text += (condor.stdout.splitlines() or [""])[0] if condor.exit_code == 0 else \
            tr("HTCondor tools were not found on the login node (condor_version failed).")
        return True

    def finished(self, result: bool) -> None:
        if not result and not self.text:
            self.text = tr("The connection test was cancelled.")
        self.tested.emit(self.ok, self.text)


class BackgroundCall(QgsTask):
    """Runs ``function()`` off the GUI thread; ``done(result, error)`` comes from ``finished()``,
    on the main thread (``error`` is the GeomorphError's text, "" on success)."""

    done = pyqtSignal(object, str)

    def __init__(self, description: str, function):
        super().__init__(description, QgsTask.CanCancel)
        self.function = function
        self.result = None
        self.error = ""

    def run(self) -> bool:
        try:
            self.result = self.function()
        except GeomorphError as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown to the user as the answer
            self.error = tr("The connection failed: {error}").format(error=exc)
        return True

    def finished(self, result: bool) -> None:
        self.done.emit(self.result, self.error or ("" if result else tr("The connection test was cancelled.")))


class ProfilesDialog(QDialog):
    connectionTested = pyqtSignal(bool, str)  # noqa: N815 - Qt signal naming
    hostKeyTrusted = pyqtSignal(bool, str)  # noqa: N815 - Qt signal naming

    def __init__(self, parent=None, settings=None):
        super().__init__(parent)
        from ..cluster import profiles
        from ..workflow.engine import WorkflowOptions

        self._profiles = profiles
        self._settings = settings
        self._extra: dict = {}
        self.test_task: ConnectionTestTask | None = None
        self.trust_task: BackgroundCall | None = None
        self.known_hosts_path = None  # None: the plugin's own known_hosts file
        self.test_timeout = TEST_TIMEOUT_S
        defaults = WorkflowOptions()
        self.setWindowTitle(tr("Geomorph cluster profiles"))
        self.list = QListWidget()
        self.list.setToolTip(tr("Your cluster profiles. Pick one to edit it; New starts an empty one."))
        self.list.currentTextChanged.connect(self._show)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("e.g. uni-hpc"))
        self.name.setToolTip(tr("The name you pick in the SfM algorithms (letters, digits, spaces, '.', '_', '-')."))
        self.host = QLineEdit()
        self.host.setPlaceholderText(tr("e.g. login.hpc.example.org"))
        self.host.setToolTip(tr("The login node where HTCondor's condor_submit runs."))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(22)
        self.port.setToolTip(tr("The SSH port of the login node (usually 22)."))
        self.user = QLineEdit()
        self.user.setPlaceholderText(tr("your login name on the cluster"))
        self.user.setToolTip(tr("Your user name on the login node."))
        self.auth_method = QComboBox()
        for method, label in ((profiles.AUTH_AGENT, tr("SSH agent / Pageant")),
                              (profiles.AUTH_KEYFILE, tr("Private key file")),
                              (profiles.AUTH_AUTHCFG, tr("Password (QGIS authentication)"))):
            self.auth_method.addItem(label, method)
        self.auth_method.setToolTip(tr("How you log in: a key loaded in ssh-agent (Pageant on Windows), a private "
                                       "key file (with its passphrase if it has one), or a password."))
        self.key_file = QgsFileWidget()
        self.key_file.setToolTip(tr("Your private key, e.g. ~/.ssh/id_ed25519 (OpenSSH or PuTTY format)."))
        self.key_file.lineEdit().setPlaceholderText(tr("e.g. ~/.ssh/id_ed25519"))
        self.secret = QgsPasswordLineEdit()
        self.secret.setPlaceholderText(tr("kept in QGIS's authentication database"))
        self.secret.setToolTip(tr("Your password, or your key's passphrase. Save puts it in QGIS's encrypted "
                                  "authentication database; it is never written to settings, projects or logs."))
        self.authcfg = QgsAuthConfigSelect(self)
        self.authcfg.setToolTip(tr("Or pick a configuration already in QGIS's authentication database (Basic: "
                                   "user name and password)."))
        self.work_root = QLineEdit()
        self.work_root.setPlaceholderText("geomorph-jobs")
        self.work_root.setToolTip(tr("The folder on the cluster for job folders; a relative path is in your home "
                                     "folder. Empty: geomorph-jobs."))
        self.setup_command = QLineEdit()
        self.setup_command.setPlaceholderText(tr("e.g. module load colmap"))
        self.setup_command.setToolTip(tr("Shell commands each node job runs first, to make the engine (MicMac's "
                                         "mm3d or COLMAP), GDAL and Python available, e.g. module load micmac."))
        self.container_image = QLineEdit()
        self.container_image.setPlaceholderText(tr("e.g. /shared/images/colmap.sif"))
        self.container_image.setToolTip(tr("An Apptainer/Singularity image that has the engine (MicMac's mm3d or "
                                           "COLMAP), GDAL and Python, for every node job. Empty: the nodes' own "
                                           "software."))
        self.extra_requirements = QLineEdit()
        self.extra_requirements.setPlaceholderText(tr("e.g. (OpSysMajorVer == 12)"))
        self.extra_requirements.setToolTip(tr("An HTCondor requirements expression added to every node job."))
        self.accounting_group = QLineEdit()
        self.accounting_group.setPlaceholderText(tr("e.g. group_geo.rossi"))
        self.accounting_group.setToolTip(tr("HTCondor's accounting_group, when your cluster asks for one."))
        self.max_jobs = QSpinBox()
        self.max_jobs.setRange(0, 100000)
        self.max_jobs.setSpecialValueText(tr("no limit"))
        self.max_jobs.setToolTip(tr("At most this many node jobs of a step in the queue at once (DAGMan's "
                                    "MAXJOBS)."))
        self.has_gpu = QCheckBox(tr("The cluster has GPU nodes (CUDA)"))
        self.has_gpu.setToolTip(tr("With GPU nodes, the engine Auto runs COLMAP's dense matching on them; "
                                   "without, Auto runs MicMac on the CPU nodes. Both give a dense DSM."))
        self.max_cpus = self._cap_box(256, tr("{n} (default)").format(n=defaults.max_cpus_per_job),
                                      tr("The most CPU cores one node job asks for. Lower it to what one slot of "
                                         "your cluster offers: a job asking for more never starts."))
        self.max_memory = self._cap_box(1024 * 1024, tr("{n} MB (default)").format(n=defaults.max_memory_mb),
                                        tr("The most memory (MB) one node job asks for; lower it to what a slot "
                                           "offers."), suffix=" MB", step=1024)
        self.retries = self._cap_box(20, tr("{n} (default)").format(n=defaults.retries),
                                     tr("How often a failed node job is retried before the job fails."),
                                     minimum=-1)

        form = QFormLayout()
        self.key_file_label = QLabel(tr("Private key file"))
        self.secret_label = QLabel(tr("Password or key passphrase"))
        for label, widget in ((tr("Name"), self.name), (tr("Host"), self.host), (tr("Port"), self.port),
                              (tr("User"), self.user), (tr("Authentication"), self.auth_method),
                              (self.key_file_label, self.key_file), (self.secret_label, self.secret),
                              ("", self.authcfg),
                              (tr("Remote work folder"), self.work_root),
                              (tr("Node setup command"), self.setup_command),
                              (tr("Container image (Apptainer/Singularity)"), self.container_image),
                              (tr("Extra requirements"), self.extra_requirements),
                              (tr("Accounting group"), self.accounting_group),
                              (tr("Maximum parallel jobs"), self.max_jobs), ("", self.has_gpu)):
            form.addRow(label, widget)
        caps = QGroupBox(tr("Limits per node job"))
        caps.setToolTip(tr("Caps on what each step's node jobs request, for clusters with small slots."))
        caps_form = QFormLayout(caps)
        caps_form.addRow(tr("CPU cores"), self.max_cpus)
        caps_form.addRow(tr("Memory"), self.max_memory)
        caps_form.addRow(tr("Retries"), self.retries)

        buttons = QHBoxLayout()
        self.buttons = {}
        for key, text, slot, tip in (
                ("new", tr("New"), self._new, tr("Start a new profile")),
                ("save", tr("Save"), self._save, tr("Save this profile (a typed password goes to QGIS's "
                                                    "authentication database)")),
                ("remove", tr("Remove"), self._remove, tr("Remove the selected profile")),
                ("test", tr("Test connection"), self._test, tr("Log in and check that HTCondor answers")),
                ("trust", tr("Trust host key"), self._trust, tr("Show the cluster's host key fingerprint and "
                                                                "trust it after you compared it"))):
            button = QPushButton(text)
            button.setAutoDefault(False)  # Enter in a field must not start a new profile or remove one
            button.setDefault(key == "save")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(caps)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.auth_method.currentIndexChanged.connect(self._update_auth_fields)
        self.connectionTested.connect(self._show_test_result)
        self.hostKeyTrusted.connect(self._show_test_result)
        self._reload()
        self._update_auth_fields()

    @staticmethod
    def _cap_box(maximum: int, default_text: str, tip: str, suffix: str = "", step: int = 1,
                 minimum: int = 0) -> QSpinBox:
        box = QSpinBox()
        box.setRange(minimum, maximum)
        box.setSingleStep(step)
        box.setSuffix(suffix)
        box.setSpecialValueText(default_text)  # shown at the minimum: "not set"
        box.setToolTip(tip)
        return box

    # ------------------------------------------------------------------ fields

    def _update_auth_fields(self, *_args) -> None:
        """Only the fields of the chosen login method can be edited."""
        method = self.auth_method.currentData()
        uses_key = method == self._profiles.AUTH_KEYFILE
        uses_secret = method in (self._profiles.AUTH_KEYFILE, self._profiles.AUTH_AUTHCFG)
        for widget in (self.key_file, self.key_file_label):
            widget.setEnabled(uses_key)
        for widget in (self.secret, self.secret_label, self.authcfg):
            widget.setEnabled(uses_secret)
        self.secret_label.setText(tr("Key passphrase (if any)") if uses_key else tr("Password"))

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
        self.secret.clear()
        self.work_root.setText(p.work_root)
        self.setup_command.setText(p.setup_command)
        self.container_image.setText(p.container_image)
        self.extra_requirements.setText(p.extra_requirements)
        self.accounting_group.setText(p.accounting_group)
        self.max_jobs.setValue(int(p.max_jobs))
        self.has_gpu.setChecked(bool(p.has_gpu))
        self._extra = dict(p.extra or {})
        for key, box in self._cap_boxes().items():
            box.setValue(int(self._extra[key]) if key in self._extra else box.minimum())
        self.status.clear()

    def _cap_boxes(self) -> dict:
        return dict(zip(CAP_KEYS, (self.max_cpus, self.max_memory, self.retries)))

    def profile(self):
        extra = {k: v for k, v in self._extra.items() if k not in CAP_KEYS}  # keys the dialog does not show stay
        for key, box in self._cap_boxes().items():
            if box.value() != box.minimum():
                extra[key] = box.value()
        return self._profiles.Profile(
            name=self.name.text().strip(), host=self.host.text().strip(), port=self.port.value(),
            user=self.user.text().strip(), auth_method=self.auth_method.currentData(),
            authcfg=self.authcfg.configId(), key_file=self.key_file.filePath(),
            work_root=self.work_root.text().strip() or "geomorph-jobs", setup_command=self.setup_command.text(),
            container_image=self.container_image.text().strip(), extra_requirements=self.extra_requirements.text(),
            accounting_group=self.accounting_group.text().strip(), max_jobs=self.max_jobs.value(),
            has_gpu=self.has_gpu.isChecked(), extra=extra,
        )

    def _new(self):
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        for widget in (self.name, self.host, self.user, self.work_root, self.setup_command, self.container_image,
                       self.extra_requirements, self.accounting_group, self.secret):
            widget.clear()
        self.port.setValue(22)
        self.max_jobs.setValue(0)
        self.has_gpu.setChecked(False)
        self.key_file.setFilePath("")
        self.authcfg.setConfigId("")
        self._extra = {}
        for box in self._cap_boxes().values():
            box.setValue(box.minimum())
        self.status.clear()

    # ------------------------------------------------------------------ actions

    def _guarded(self, action):
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            return action()
        except GeomorphError as exc:
            error = str(exc)
        finally:
            QApplication.restoreOverrideCursor()
        QMessageBox.warning(self, tr("Geomorph cluster profiles"), error)
        return None

    def _save(self) -> bool:
        profile = self.profile()

        def save():
            secret = self.secret.text()
            if secret and profile.auth_method != self._profiles.AUTH_AGENT:
                # Check the other fields before anything goes into the auth DB.
                dataclasses.replace(profile, authcfg=profile.authcfg or "typed").validate()
                profile.authcfg = self._profiles.store_secret(profile, secret, ask_master_password=True)
            self._profiles.save_profile(profile, self._settings)
            return True

        if not self._guarded(save):
            return False
        self.secret.clear()
        self.authcfg.setConfigId(profile.authcfg)
        self._reload(profile.name)
        self.status.setText(tr("Saved the profile \"{name}\".").format(name=profile.name))
        return True

    def _remove(self) -> bool:
        name = self.list.currentItem().text() if self.list.currentItem() else ""
        if not name or not confirm(self, tr("Remove cluster profile"), tr(
                "Remove the profile \"{name}\"? Jobs submitted with it cannot be followed until a profile with this "
                "name exists again. Its password stays in QGIS's authentication database.").format(name=name)):
            return False
        self._profiles.remove_profile(name, self._settings)
        self._reload()
        self._new()
        return True

    def _test(self) -> bool:
        """Start the connection test in the background; the answer arrives through ``connectionTested``."""
        if self.test_task is not None:
            return False
        profile = self.profile()
        credentials = None
        secret = self.secret.text()
        if secret and profile.auth_method != self._profiles.AUTH_AGENT:
            # Not saved yet: test with what was typed, kept in memory only.
            credentials = self._profiles.Credentials(
                user=profile.user, password=secret if profile.auth_method == self._profiles.AUTH_AUTHCFG else None,
                passphrase=secret if profile.auth_method == self._profiles.AUTH_KEYFILE else None)
            profile = dataclasses.replace(profile, authcfg=profile.authcfg or "typed")
        try:
            profile.validate()
        except GeomorphError as exc:
            self._show_test_result(False, str(exc))
            return False
        task = ConnectionTestTask(profile, credentials, self.known_hosts_path, self.test_timeout)
        task.tested.connect(self._test_done)
        self.test_task = task
        self.buttons["test"].setEnabled(False)
        self.status.setText(tr("Testing the connection to {host}…").format(host=profile.host))
        QgsApplication.taskManager().addTask(task)
        return True

    def _test_done(self, ok: bool, text: str) -> None:
        self.test_task = None
        self.buttons["test"].setEnabled(True)
        self.connectionTested.emit(ok, text)

    def _show_test_result(self, ok: bool, text: str) -> None:
        self.status.setStyleSheet("" if ok else "color: #b00020;")
        self.status.setText(text)

    def _trust(self) -> bool:
        """Fetch the host key in the background, show its fingerprint, and store it only after a
        Yes; the answer arrives through ``hostKeyTrusted``."""
        from ..cluster import hostkeys

        if self.trust_task is not None:
            return False
        profile = self.profile()
        known_hosts = self.known_hosts_path

        def fetch():
            key = hostkeys.fetch_host_key(profile.host, profile.port)
            path = known_hosts or hostkeys.plugin_known_hosts()
            stored, _ = hostkeys.known_key(profile.host, profile.port, [path])
            return key.get_name(), hostkeys.fingerprint(key), hostkeys.fingerprint(stored) if stored else ""

        def fetched(result, error):
            self.trust_task = None
            if error:
                self._trust_done(False, error)
                return
            key_type, fingerprint, old = result
            text = tr("{host}:{port} presents the {type} key\n{fingerprint}\nTrust it only if this is the fingerprint "
                      "that the cluster's administrators published. Trust it?").format(
                host=profile.host, port=profile.port, type=key_type, fingerprint=fingerprint)
            if old and old != fingerprint:
                text += "\n\n" + tr("Warning: the key stored for this host before was {old}. A changed key can mean "
                                     "that someone intercepts the connection: replace it only if the administrators "
                                     "confirm that the server was reinstalled.").format(old=old)
            if not confirm(self, tr("Trust cluster host key"), text):
                self._trust_done(False, tr("The host key was not trusted."))
                return
            # With the fingerprint the user saw: a key that changed in between is refused.
            self._run_trust_task(lambda: hostkeys.trust_host_key(profile, fingerprint, known_hosts),
                                 lambda fp, err: self._trust_done(
                                     not err, err or tr("Trusted the host key {fingerprint}.").format(fingerprint=fp)))

        self._run_trust_task(fetch, fetched)
        self.status.setText(tr("Asking {host} for its host key…").format(host=profile.host))
        return True

    def _run_trust_task(self, function, on_done) -> None:
        task = BackgroundCall(tr("Geomorph: cluster host key"), function)
        task.done.connect(on_done)
        self.trust_task = task
        self.buttons["trust"].setEnabled(False)
        QgsApplication.taskManager().addTask(task)

    def _trust_done(self, ok: bool, text: str) -> None:
        self.trust_task = None
        self.buttons["trust"].setEnabled(True)
        self.hostKeyTrusted.emit(ok, text)

    def done(self, result: int) -> None:
        if self.trust_task is not None:
            self.trust_task.done.disconnect()
            self.trust_task.cancel()
            self.trust_task = None
        if self.test_task is not None:
            self.test_task.tested.disconnect(self._test_done)
            self.test_task.cancel()
            self.test_task = None
        super().done(result)


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
